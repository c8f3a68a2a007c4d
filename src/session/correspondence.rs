//! The correspondence log (R-C1): officers' letters to members, with who was copied, or why not.
//! Entries are added, never changed or deleted.

use super::{Result, Session};
use crate::domain::audit::{diff, Subject};
use crate::domain::correspondence::{self, Letter, LetterInput};

impl Session {
    pub fn letter_subject(id: u32) -> Subject {
        Subject(format!("correspondence {}", correspondence::reference(id)))
    }

    /// Finds a logged letter by `C-0003`, `c3` or `3`.
    pub fn logged_letter(&self, reference: &str) -> Result<&Letter> {
        Self::find_numbered(&self.correspondence, |x| x.id, "C", "letter", reference)
    }

    /// Logs a letter; a borough ward letter with neither copies nor a reason is refused (R-C1).
    pub fn log_letter(&mut self, input: &LetterInput) -> Result<Letter> {
        let ctx = self.require_ctx()?;
        let id = self.correspondence.iter().map(|x| x.id).max().unwrap_or(0) + 1;
        let entry = self.decided(Letter::create(id, input, &ctx))?;
        let changes = diff(&[], &entry.fields(&ctx));
        let cite = self.profile.localise(Letter::cite(&ctx));
        self.save(
            &entry,
            Self::letter_subject(id),
            "logged",
            changes,
            None,
            Some(cite),
        )?;
        self.correspondence.push(entry.clone());
        Ok(entry)
    }
}
