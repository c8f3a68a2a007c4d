//! `L` on the Grievances tab: the letters the selected case supports now (R-E1, R-E2.4), drafted
//! from the council's template and written as Markdown and as a Word document into the council's
//! letters folder, through `files::write_private` (owner-only, never over a file without asking).
//! Which letters a case supports, and why not the others, is the domain's
//! (`Case::letters_available`, `Case::letter_refusal`); the text is `letters::draft`'s, as the
//! CLI's `case letter` writes it.

use std::path::PathBuf;

use crate::domain::dates;
use crate::domain::grievance::letters::{self, LetterKind, Meeting};
use crate::domain::rules::{FieldError, Rejection};
use crate::files::{self, Overwrite, WriteError};
use crate::session::SessionError;

use super::form::Form;
use super::{Confirm, FormPurpose, Model};

/// A letter drafted and waiting for the clerk to say whether to replace the files there.
#[derive(Debug, Clone)]
pub struct PendingLetter {
    pub what: String,
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

impl Model {
    /// `L`: the form offering the letters the selected case supports now, or why none.
    pub(super) fn open_letters(&mut self) {
        self.clamp_selection();
        let (Some(s), Some(case)) = (&self.session, self.selected_case()) else {
            return;
        };
        let kinds = LetterKind::for_path(case.path);
        let ready = case.letters_available();
        if ready.is_empty() {
            // Say why with the rule: the first of the path's letters the case is waiting for.
            let text = match kinds.iter().find_map(|k| case.letter_refusal(*k)) {
                Some(refusal) => self.masked(s.refusal(refusal).to_string()),
                None => format!(
                    "{} is a {} ({}): it has no letters (R-E1 and R-E2.4 cases do).",
                    case.reference,
                    case.path.label(),
                    case.path.rule()
                ),
            };
            self.error(text);
            return;
        }
        let labels: Vec<String> = ready.iter().map(|k| k.label().to_string()).collect();
        let slugs: Vec<String> = ready.iter().map(|k| k.slug().to_string()).collect();
        let first = labels[0].clone();
        let mut intro = vec![
            format!(
                "Written as Markdown and a Word document into {}.",
                s.letters_dir().display()
            ),
            "An invitation names its meeting: its date, time and place.".into(),
        ];
        let waiting = kinds.len() - ready.len();
        if waiting > 0 {
            intro.push(format!(
                "{waiting} more of its letters wait on later steps (clerkdesk case letter {} lists why).",
                case.reference
            ));
        }
        let form = Form::new(format!("{} — write a letter", case.reference))
            .choice("letter", labels, &first)
            .choice_values("letter", slugs)
            .text("meeting on", "")
            .text("at", "")
            .text("place", "")
            .with_intro(intro);
        let reference = case.reference.clone();
        self.form = Some((form, FormPurpose::Letter(reference)));
    }

    pub(super) fn submit_letter_form(&mut self, form: Form, purpose: FormPurpose) {
        let FormPurpose::Letter(reference) = &purpose else {
            return;
        };
        match self.draft_letter(reference, &form) {
            Ok(pending) => {
                self.form = None;
                self.write_letter(pending, Overwrite::Refuse);
            }
            Err(e) => self.form_failed(form, purpose, e),
        }
    }

    /// The letter chosen on the form, drafted, as the files it makes; or what is wrong, by field.
    fn draft_letter(&self, reference: &str, form: &Form) -> Result<PendingLetter, SessionError> {
        let invalid = |field: &'static str, message: String| {
            SessionError::Rejected(Rejection::Invalid(vec![FieldError::new(field, message)]))
        };
        let s = self.session.as_ref().ok_or(SessionError::NoCouncil)?;
        let ctx = s.ctx().ok_or(SessionError::NoCouncil)?;
        let case = s.case(reference)?;
        let named = form.named();
        let slug = named.get("letter");
        let kind = LetterKind::from_slug(&slug)
            .ok_or_else(|| invalid("letter", format!("'{slug}' is not a letter")))?;
        let on = named.get("meeting on");
        let meeting = if on.trim().is_empty() {
            if kind.needs_meeting() {
                return Err(invalid(
                    "meeting on",
                    format!("the {} names the meeting: give its date", kind.label()),
                ));
            }
            None
        } else {
            Some(Meeting {
                on: dates::parse_date("meeting on", &on)
                    .map_err(|e| SessionError::Rejected(Rejection::Invalid(vec![e])))?,
                at: named.get("at"),
                place: named.get("place"),
            })
        };
        let template = s.letter_template(kind).map_err(|e| invalid("letter", e))?;
        let text = letters::draft(case, kind, &template, meeting.as_ref(), &self.actor, &ctx)
            .map_err(|r| SessionError::Rejected(r.localised(&s.profile)))?;
        let docx = crate::docx::from_markdown(&text).map_err(|e| invalid("letter", e))?;
        let base = s
            .letters_dir()
            .join(format!("{}-{}", case.reference, kind.slug()));
        Ok(PendingLetter {
            what: format!("the {} for {}", kind.label(), case.reference),
            files: vec![
                (base.with_extension("md"), text.into_bytes()),
                (base.with_extension("docx"), docx),
            ],
        })
    }

    /// Writes both files, or neither: a file already there is replaced only once the clerk says
    /// yes (`Confirm::ReplaceLetter`), like `E` for the case file.
    pub(super) fn write_letter(&mut self, pending: PendingLetter, overwrite: Overwrite) {
        for (path, _) in &pending.files {
            match files::check(path, overwrite) {
                Ok(()) => {}
                Err(WriteError::Exists(_)) => {
                    self.info(format!(
                        "{} already exists: replace it? (y/n)",
                        path.display()
                    ));
                    self.pending_letter = Some(pending);
                    self.confirm = Some(Confirm::ReplaceLetter);
                    return;
                }
                Err(e) => return self.error(format!("Could not write the letter: {e}")),
            }
        }
        for (path, bytes) in &pending.files {
            if let Err(e) = files::write_private(path, bytes, overwrite) {
                return self.error(format!("Could not write the letter: {e}"));
            }
        }
        let shown: Vec<String> = pending
            .files
            .iter()
            .map(|(p, _)| p.display().to_string())
            .collect();
        self.saved(format!("Wrote {} to {}", pending.what, shown.join(" and ")));
    }
}
