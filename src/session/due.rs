//! Everything the council owes by a date, from every register: one list for the Due tab and the
//! calendar file alike (`domain::due` decides what is due; this only hands it the registers).

use super::Session;
use crate::domain::due::{self, DueDate, Registers};

impl Session {
    /// Every date still owed, earliest first; empty with no council set up.
    pub fn due_dates(&self) -> Vec<DueDate> {
        let Some(ctx) = self.ctx() else {
            return Vec::new();
        };
        let registers = Registers {
            cases: &self.cases,
            disclosures: &self.disclosures,
            elections: &self.elections,
            info_requests: &self.info_requests,
            sars: &self.sars,
            documents: Some(&self.documents),
        };
        due::all(&registers, &ctx)
    }
}
