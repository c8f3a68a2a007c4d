//! `clerkdesk case letter REF [KIND] --out FILE [--format md|docx]`: the R-E1 and R-E2.4 letters,
//! drafted from the case's own data with the shipped templates (`assets/letters/`) or the council's
//! edited copies (`letters/KIND.md` in the council's folder), written as Markdown or as a document
//! Word opens. Without KIND, lists which of its path's letters the case supports now and why the
//! others wait. A letter the case's state does not support is refused with the rule (exit 3).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use super::output::say;
use super::{Env, Failure, Outcome};
use crate::domain::grievance::letters::{self, LetterKind, Meeting};
use crate::files::{self, Overwrite};
use crate::session::SessionError;

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The case reference, e.g. G-2026-001.
    reference: String,
    /// R-E1: acknowledgement, hearing-invitation, decision, appeal-acknowledgement,
    /// appeal-invitation or appeal-decision. R-E2.4: concern-invitation or concern-outcome. Leave out
    /// to list the letters the case supports now.
    kind: Option<String>,
    /// The file to write (owner-only; never over an existing file without --force).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// md (Markdown) or docx (a document Word opens). Default: docx when FILE ends in .docx,
    /// else md.
    #[arg(long, value_enum)]
    format: Option<LetterFormat>,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LetterFormat {
    /// Markdown, as the template is written.
    Md,
    /// Office Open XML: a document Word (or LibreOffice) opens.
    Docx,
}

impl LetterFormat {
    /// The format asked for, or the one the file's name says.
    fn of(asked: Option<LetterFormat>, out: &Path) -> LetterFormat {
        asked.unwrap_or_else(|| {
            let docx = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
            if docx {
                LetterFormat::Docx
            } else {
                LetterFormat::Md
            }
        })
    }
}

fn parse_day(raw: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{raw}' is not a date (YYYY-MM-DD)"))
}

pub(super) fn letter(env: &Env, a: LetterArgs) -> Outcome {
    let session = env.council()?;
    let Some(ctx) = session.ctx() else {
        return Err(SessionError::NoCouncil.into());
    };
    let case = session.case(&a.reference)?;
    let Some(raw) = &a.kind else {
        let kinds = LetterKind::for_path(case.path);
        if kinds.is_empty() {
            say(&format!(
                "{} is a {} ({}): it has no letters (R-E1 and R-E2.4 cases do).",
                case.reference,
                case.path.label(),
                case.path.rule()
            ));
            return Ok(());
        }
        say(&format!("Letters for {}:", case.reference));
        for kind in kinds {
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
    let text = session
        .letter_template(kind)
        .map_err(|e| Failure::new(1, e))?;
    let drafted = letters::draft(case, kind, &text, meeting.as_ref(), &env.actor, &ctx)
        .map_err(|e| Failure::from(SessionError::Rejected(e)))?;
    let format = LetterFormat::of(a.format, out);
    let bytes = match format {
        LetterFormat::Md => drafted.into_bytes(),
        LetterFormat::Docx => {
            crate::docx::from_markdown(&drafted).map_err(|e| Failure::new(1, e))?
        }
    };
    files::write_private(out, &bytes, Overwrite::forced(a.force))
        .map_err(|e| Failure::new(1, e.to_string()))?;
    say(&format!(
        "Wrote the {} for {} to {}{}",
        kind.label(),
        case.reference,
        out.display(),
        match format {
            LetterFormat::Md => "",
            LetterFormat::Docx => " (Word document)",
        }
    ));
    Ok(())
}
