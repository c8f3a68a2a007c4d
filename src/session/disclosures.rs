//! The disclosure register (R-D1 to R-D4): entries are added and stepped through their state
//! machine, never deleted.

use super::{Result, Session, SessionError};
use crate::domain::audit::{diff, Subject};
use crate::domain::disclosure::{
    self, Disclosure, DisclosureAction, DisclosureEvent, DisclosureInput, Register,
};

impl Session {
    pub fn disclosure_subject(id: u32) -> Subject {
        Subject(format!("disclosure {}", disclosure::reference(id)))
    }

    /// The register as every decision about an officer asks it (R-D1).
    pub fn register(&self) -> Register<'_> {
        Register::new(&self.disclosures)
    }

    /// Finds an entry by `D-0007`, `d7` or `7`.
    pub fn disclosure(&self, reference: &str) -> Result<&Disclosure> {
        Self::find_numbered(&self.disclosures, |x| x.id, "D", "disclosure", reference)
    }

    pub fn add_disclosure(&mut self, input: &DisclosureInput) -> Result<Disclosure> {
        let ctx = self.require_ctx()?;
        let id = self.disclosures.iter().map(|d| d.id).max().unwrap_or(0) + 1;
        let entry = self.decided(Disclosure::create(id, input, &self.disclosures, &ctx))?;
        let changes = diff(&[], &entry.fields(&ctx));
        let cite = Some(entry.kind.cite());
        self.save(
            &entry,
            Self::disclosure_subject(id),
            "declared",
            changes,
            None,
            cite,
        )?;
        self.disclosures.push(entry.clone());
        Ok(entry)
    }

    pub fn disclosure_action(
        &mut self,
        id: u32,
        action: DisclosureAction,
    ) -> Result<DisclosureEvent> {
        let ctx = self.require_ctx()?;
        let before = self
            .disclosures
            .iter()
            .find(|d| d.id == id)
            .ok_or_else(|| SessionError::NotFound {
                what: "disclosure",
                reference: disclosure::reference(id),
            })?;
        let event = self.decide(before, action)?;
        let changes = diff(&before.fields(&ctx), &event.disclosure.fields(&ctx));
        let cite = Some(before.kind.cite());
        self.save(
            &event.disclosure,
            Self::disclosure_subject(id),
            event.action,
            changes,
            event.note.clone(),
            cite,
        )?;
        if let Some(slot) = self.disclosures.iter_mut().find(|d| d.id == id) {
            *slot = event.disclosure.clone();
        }
        Ok(event)
    }
}
