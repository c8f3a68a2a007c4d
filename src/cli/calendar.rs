//! `clerkdesk calendar --out FILE.ics`: every deadline still owed, as an iCalendar file (RFC 5545)
//! for Outlook or a phone. Redacted unless `--names`: the file may sync to a phone.

use std::path::Path;

use super::output::say;
use super::{Env, Failure, Outcome};
use crate::files::{self, Overwrite};
use crate::ical;

pub(super) fn calendar(env: &Env, out: &Path, names: bool, overwrite: Overwrite) -> Outcome {
    let session = env.council()?;
    let Some(ctx) = session.ctx() else {
        return Err(Failure::new(1, "no council is set up in this store"));
    };
    let dates = session.due_dates();
    let text = ical::render(&dates, &ctx.council.name, session.today, !names);
    files::write_private(out, text.as_bytes(), overwrite)
        .map_err(|e| Failure::new(1, e.to_string()))?;
    let overdue = dates.iter().filter(|d| d.overdue).count();
    say(&format!(
        "Wrote {} deadline{} to {} ({overdue} overdue){}",
        dates.len(),
        if dates.len() == 1 { "" } else { "s" },
        out.display(),
        if names {
            ": WITH NAMES — keep it off shared calendars and phones."
        } else {
            ": redacted, references only (--names to include names)."
        }
    ));
    Ok(())
}
