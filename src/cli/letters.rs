//! `clerkdesk case letter REF [KIND] --out FILE`: the R-E1 letters, drafted from the case's own data
//! with the shipped templates (`assets/letters/`) or the council's edited copies (`letters/KIND.md`
//! in the council's folder). Without KIND, lists which letters the case supports now and why the
//! others wait. A letter the case's state does not support is refused with the rule (exit 3).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;

use super::output::say;
use super::{Env, Failure, Outcome};
use crate::assets;
use crate::domain::grievance::letters::{self, LetterKind, Meeting};
use crate::files::{self, Overwrite};
use crate::session::SessionError;

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The case reference, e.g. G-2026-001.
    reference: String,
    /// acknowledgement, hearing-invitation, decision, appeal-acknowledgement, appeal-invitation or
    /// appeal-decision. Leave out to list the letters the case supports now.
    kind: Option<String>,
    /// The Markdown file to write (owner-only).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// An invitation's meeting date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_day)]
    on: Option<NaiveDate>,
    /// An invitation's meeting time, as it should read: "10:00".
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// An invitation's meeting place.
    #[arg(long, value_name = "PLACE")]
    place: Option<String>,
    /// Replace the --out file if it exists.
    #[arg(long)]
    force: bool,
}

fn parse_day(raw: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{raw}' is not a date (YYYY-MM-DD)"))
}

/// The council's edited template, if it keeps one, else the shipped one.
fn template(store: &Path, kind: LetterKind) -> Result<String, Failure> {
    let own = store.join("letters").join(format!("{}.md", kind.slug()));
    match std::fs::read_to_string(&own) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Ok(assets::letter_template(kind).to_string())
        }
        Err(e) => Err(Failure::new(
            1,
            format!("cannot read the council's template {}: {e}", own.display()),
        )),
    }
}

pub(super) fn letter(env: &Env, a: LetterArgs) -> Outcome {
    let session = env.council()?;
    let Some(ctx) = session.ctx() else {
        return Err(SessionError::NoCouncil.into());
    };
    let case = session.case(&a.reference)?;
    let Some(raw) = &a.kind else {
        say(&format!("Letters for {}:", case.reference));
        for kind in LetterKind::ALL {
            match case.letter_refusal(kind) {
                None => say(&format!("  {:<24} ready: {}", kind.slug(), kind.label())),
                Some(r) => say(&format!(
                    "  {:<24} not yet: {} ({})",
                    kind.slug(),
                    r.reason,
                    r.cite
                )),
            }
        }
        return Ok(());
    };
    let Some(kind) = LetterKind::from_slug(raw) else {
        let names: Vec<&str> = LetterKind::ALL.iter().map(|k| k.slug()).collect();
        return Err(Failure::new(
            2,
            format!("'{raw}' is not a letter: one of {}", names.join(", ")),
        ));
    };
    let Some(out) = &a.out else {
        return Err(Failure::new(
            2,
            "--out: name the file to write the letter to",
        ));
    };
    let meeting = match a.on {
        Some(on) => Some(Meeting {
            on,
            at: a.at.clone().unwrap_or_default(),
            place: a.place.clone().unwrap_or_default(),
        }),
        None if kind.needs_meeting() && case.letter_refusal(kind).is_none() => {
            return Err(Failure::new(
                2,
                "--on: an invitation names the meeting: give its date (--on), time (--at) and place (--place)",
            ))
        }
        None => None,
    };
    let text = template(session.store_path(), kind)?;
    let drafted = letters::draft(case, kind, &text, meeting.as_ref(), &env.actor, &ctx)
        .map_err(|e| Failure::from(SessionError::Rejected(e)))?;
    files::write_private(out, drafted.as_bytes(), Overwrite::forced(a.force))
        .map_err(|e| Failure::new(1, e.to_string()))?;
    say(&format!(
        "Wrote the {} for {} to {}",
        kind.label(),
        case.reference,
        out.display()
    ));
    Ok(())
}
