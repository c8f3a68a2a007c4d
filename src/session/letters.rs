//! Where a council's letters live: its edited templates and the letters written from its cases,
//! both in the `letters` folder of its store (the CLI's `case letter` and the screen's `L` alike).

use std::path::PathBuf;

use super::Session;
use crate::assets;
use crate::domain::grievance::letters::LetterKind;

impl Session {
    /// The council's letters folder: `STORE/letters`.
    pub fn letters_dir(&self) -> PathBuf {
        self.store_path().join("letters")
    }

    /// The council's edited template (`letters/KIND.md`), if it keeps one, else the shipped one;
    /// an edited copy that cannot be read is said, never silently replaced by the shipped text.
    pub fn letter_template(&self, kind: LetterKind) -> Result<String, String> {
        let own = self.letters_dir().join(format!("{}.md", kind.slug()));
        match std::fs::read_to_string(&own) {
            Ok(text) => Ok(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(assets::letter_template(kind).to_string())
            }
            Err(e) => Err(format!(
                "cannot read the council's template {}: {e}",
                own.display()
            )),
        }
    }
}
