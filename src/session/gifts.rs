//! The register of gifts and hospitality (R-D5): entries are added and stepped through their
//! state machine, never deleted (R-D4); the council's thresholds are a setting of their own.

use super::{Result, Session, SessionError};
use crate::domain::audit::{diff, Subject};
use crate::domain::gifts::{self, Gift, GiftAction, GiftEvent, GiftInput, GiftSettings};

impl Session {
    pub fn gift_subject(id: u32) -> Subject {
        Subject(format!("gift {}", gifts::reference(id)))
    }

    /// Finds an entry by `H-0007`, `h7` or `7`.
    pub fn gift(&self, reference: &str) -> Result<&Gift> {
        Self::find_numbered(
            &self.gifts,
            |x| x.id,
            "H",
            "gifts and hospitality entry",
            reference,
        )
    }

    pub fn add_gift(&mut self, input: &GiftInput) -> Result<Gift> {
        let ctx = self.require_ctx()?;
        let id = self.gifts.iter().map(|g| g.id).max().unwrap_or(0) + 1;
        let entry = self.decided(Gift::create(id, input, &self.gift_settings, &ctx))?;
        let changes = diff(&[], &entry.fields());
        self.save(
            &entry,
            Self::gift_subject(id),
            "registered",
            changes,
            None,
            Some(entry.cite()),
        )?;
        self.gifts.push(entry.clone());
        Ok(entry)
    }

    pub fn gift_action(&mut self, id: u32, action: GiftAction) -> Result<GiftEvent> {
        self.require_ctx()?;
        let before =
            self.gifts
                .iter()
                .find(|g| g.id == id)
                .ok_or_else(|| SessionError::NotFound {
                    what: "gifts and hospitality entry",
                    reference: gifts::reference(id),
                })?;
        let event = self.decide(before, action)?;
        let changes = diff(&before.fields(), &event.gift.fields());
        self.save(
            &event.gift,
            Self::gift_subject(id),
            event.action,
            changes,
            event.note.clone(),
            Some(before.cite()),
        )?;
        if let Some(slot) = self.gifts.iter_mut().find(|g| g.id == id) {
            *slot = event.gift.clone();
        }
        Ok(event)
    }

    /// The council's thresholds and time limits for the register, and whether officers' entries
    /// are published (R-D5).
    pub fn set_gift_settings(&mut self, settings: GiftSettings) -> Result<()> {
        self.require_ctx()?;
        let before = settings_fields(&self.gift_settings);
        let after = settings_fields(&settings);
        self.save(
            &settings,
            Self::council_subject(),
            "gifts and hospitality settings",
            diff(&before, &after),
            None,
            Some(crate::domain::rules::Cite::new(
                gifts::RULE,
                gifts::MEMBERS_CLAUSE,
            )),
        )?;
        self.gift_settings = settings;
        Ok(())
    }
}

fn settings_fields(s: &GiftSettings) -> Vec<(&'static str, String)> {
    vec![
        ("members' threshold", gifts::show_pounds(s.members.pence)),
        ("members' days", s.members.days.to_string()),
        ("officers' threshold", gifts::show_pounds(s.officers.pence)),
        ("officers' days", s.officers.days.to_string()),
        (
            "officers published",
            if s.publish_officers { "yes" } else { "no" }.into(),
        ),
    ]
}
