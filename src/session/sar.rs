//! Subject access requests (R-DP1): added and stepped through their machine, never deleted.

use super::{Result, Session, SessionError};
use crate::domain::audit::{diff, Subject};
use crate::domain::sar::{self, Sar, SarAction, SarEvent, SarInput};

impl Session {
    pub fn sar_subject(id: u32) -> Subject {
        Subject(format!("subject access request {}", sar::reference(id)))
    }

    /// Finds a request by `S-0003`, `s3` or `3`.
    pub fn sar(&self, reference: &str) -> Result<&Sar> {
        Self::find_numbered(
            &self.sars,
            |x| x.id,
            "S",
            "subject access request",
            reference,
        )
    }

    pub fn add_sar(&mut self, input: &SarInput) -> Result<Sar> {
        let ctx = self.require_ctx()?;
        let id = self.sars.iter().map(|s| s.id).max().unwrap_or(0) + 1;
        let request = self.decided(Sar::create(id, input, &ctx))?;
        let changes = diff(&[], &request.fields());
        self.save(
            &request,
            Self::sar_subject(id),
            "received",
            changes,
            None,
            Some(request.cite()),
        )?;
        self.sars.push(request.clone());
        Ok(request)
    }

    pub fn sar_action(&mut self, id: u32, action: SarAction) -> Result<SarEvent> {
        self.require_ctx()?;
        let before =
            self.sars
                .iter()
                .find(|s| s.id == id)
                .ok_or_else(|| SessionError::NotFound {
                    what: "subject access request",
                    reference: sar::reference(id),
                })?;
        let event = self.decide(before, action)?;
        let changes = diff(&before.fields(), &event.sar.fields());
        self.save(
            &event.sar,
            Self::sar_subject(id),
            event.action,
            changes,
            event.note.clone(),
            Some(before.cite()),
        )?;
        if let Some(slot) = self.sars.iter_mut().find(|s| s.id == id) {
            *slot = event.sar.clone();
        }
        Ok(event)
    }
}
