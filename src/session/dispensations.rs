//! The register of dispensations (R-D6, Localism Act 2011 s33): requests are added and stepped
//! through their state machine, never deleted (R-D4).

use super::{Result, Session, SessionError};
use crate::domain::audit::{diff, Subject};
use crate::domain::dispensations::{
    self, Dispensation, DispensationAction, DispensationEvent, DispensationInput,
};

impl Session {
    pub fn dispensation_subject(id: u32) -> Subject {
        Subject(format!("dispensation {}", dispensations::reference(id)))
    }

    /// Finds a dispensation by `D-0003`, `d3` or `3`.
    pub fn dispensation(&self, reference: &str) -> Result<&Dispensation> {
        Self::find_numbered(
            &self.dispensations,
            |x| x.id,
            "D",
            "dispensation",
            reference,
        )
    }

    pub fn add_dispensation(&mut self, input: &DispensationInput) -> Result<Dispensation> {
        let ctx = self.require_ctx()?;
        let id = self.dispensations.iter().map(|x| x.id).max().unwrap_or(0) + 1;
        let entry = self.decided(Dispensation::create(id, input, &ctx))?;
        let changes = diff(&[], &entry.fields());
        self.save(
            &entry,
            Self::dispensation_subject(id),
            "requested",
            changes,
            None,
            Some(entry.cite()),
        )?;
        self.dispensations.push(entry.clone());
        Ok(entry)
    }

    pub fn dispensation_action(
        &mut self,
        id: u32,
        action: DispensationAction,
    ) -> Result<DispensationEvent> {
        self.require_ctx()?;
        let before = self
            .dispensations
            .iter()
            .find(|x| x.id == id)
            .ok_or_else(|| SessionError::NotFound {
                what: "dispensation",
                reference: dispensations::reference(id),
            })?;
        let event = self.decide(before, action)?;
        let changes = diff(&before.fields(), &event.dispensation.fields());
        self.save(
            &event.dispensation,
            Self::dispensation_subject(id),
            event.action,
            changes,
            event.note.clone(),
            Some(before.cite()),
        )?;
        if let Some(slot) = self.dispensations.iter_mut().find(|x| x.id == id) {
            *slot = event.dispensation.clone();
        }
        Ok(event)
    }
}
