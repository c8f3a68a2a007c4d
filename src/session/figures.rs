//! The figures no protocol sets (RULES.md, top): the council's own hearing target, appeal window,
//! least panel and briefing days, over the profile's defaults. One record, every change audited.

use super::{Result, Session};
use crate::assets;
use crate::domain::audit::diff;
use crate::domain::figures::{CouncilFigures, Figure};
use crate::domain::profile::Profile;
use crate::domain::rules::Rejection;

impl Session {
    /// `profile` with the council's figures laid over its defaults.
    pub(super) fn with_figures(&self, mut profile: Profile) -> Profile {
        profile.deadlines = self.figures.over(&profile.deadlines);
        profile
    }

    /// Changes the figures given (`default` goes back to the profile's), all or nothing; every
    /// deadline counted from them moves at once.
    pub fn set_figures(&mut self, changes: &[(Figure, String)]) -> Result<&CouncilFigures> {
        let council = self.require_ctx()?.council.profile.clone();
        let mut next = self.figures.clone();
        let mut errors = Vec::new();
        for (f, raw) in changes {
            if let Err(e) = next.set(*f, raw) {
                errors.push(e);
            }
        }
        if !errors.is_empty() {
            return Err(Rejection::Invalid(errors).into());
        }
        let defaults = assets::profile(&council)?;
        let before = fields(&self.profile.deadlines.clone());
        let after_deadlines = next.over(&defaults.deadlines);
        self.save(
            &next,
            Self::council_subject(),
            "council figures",
            diff(&before, &fields(&after_deadlines)),
            None,
            None,
        )?;
        self.figures = next;
        self.profile.deadlines = after_deadlines;
        Ok(&self.figures)
    }
}

fn fields(d: &crate::domain::profile::Deadlines) -> Vec<(&'static str, String)> {
    Figure::ALL
        .iter()
        .map(|f| (f.label(), d.wording(*f)))
        .collect()
}
