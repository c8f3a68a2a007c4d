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
        // The schedule is built in; a council whose schedule cannot be read still sees the rest.
        let retention = self.retention_due().unwrap_or_default();
        let registers = Registers {
            cases: &self.cases,
            disclosures: &self.disclosures,
            elections: &self.elections,
            info_requests: &self.info_requests,
            sars: &self.sars,
            documents: Some(&self.documents),
            gifts: &self.gifts,
            gift_settings: &self.gift_settings,
            dispensations: &self.dispensations,
            retention: &retention,
        };
        due::all(&registers, &ctx)
    }
}
