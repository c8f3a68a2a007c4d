//! The terminal face. PLACEHOLDER signature; the TUI is being written.
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::places::Places;
use crate::session::Session;

/// What the TUI starts with.
pub struct Start {
    pub places: Places,
    /// The council already open, if the store had one (or was empty: then it shows the welcome screen).
    pub session: Option<Session>,
    /// Where set-up or the demo creates a store when no session is open (None: from the council's name).
    pub target: Option<PathBuf>,
    pub today: NaiveDate,
    pub actor: String,
}

pub fn run(start: Start) -> anyhow::Result<()> {
    let _ = start;
    Ok(())
}
