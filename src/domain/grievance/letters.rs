//! Letters a case needs in writing. R-E1: the six of an officer's grievance (the ACAS Code of
//! Practice on disciplinary and grievance procedures puts the decision with its right of appeal, and
//! the appeal decision, in writing; the ACAS guide adds the acknowledgements and the two
//! invitations). R-E2.4: the two of a capability or disciplinary matter about an officer (the
//! invitation to the formal meeting, and its outcome with the right of appeal).
//!
//! Pure: a letter is drafted from the case's own data and a template (shipped in `assets/letters/`,
//! or the council's edited copy) with `{{name}}` placeholders. [`Case::letter_refusal`] is the one
//! guard: [`Case::letters_available`] offers exactly what [`draft`] accepts, and a letter the case's
//! state does not support yet (a decision before the hearing) is refused with the rule.

use chrono::NaiveDate;

use super::case::{Case, CaseState, ConcernRoute};
use super::{Path, PersonRef};
use crate::domain::dates;
use crate::domain::rules::{FieldError, Refusal, Rejection};
use crate::domain::Context;

const ACAS: &str = "ACAS Code of Practice on disciplinary and grievance procedures";

/// The six letters of an officer's grievance (R-E1) and the two of a capability or disciplinary
/// matter (R-E2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LetterKind {
    /// The written grievance received (R-E1.2).
    Acknowledgement,
    /// To the grievance meeting: date, time, place, the right to be accompanied (R-E1.3).
    HearingInvitation,
    /// The decision with the right of appeal (R-E1.3).
    Decision,
    /// The appeal received (R-E1.6).
    AppealAcknowledgement,
    /// To the appeal meeting, with the right to be accompanied (R-E1.6).
    AppealInvitation,
    /// The final decision (R-E1.6).
    AppealDecision,
    /// To the capability or disciplinary meeting about the officer: date, time, place, the matter,
    /// the right to be accompanied (R-E2.4).
    ConcernInvitation,
    /// The outcome of the capability or disciplinary matter, with the right of appeal (R-E2.4).
    ConcernOutcome,
}

impl LetterKind {
    pub const ALL: [LetterKind; 8] = [
        LetterKind::Acknowledgement,
        LetterKind::HearingInvitation,
        LetterKind::Decision,
        LetterKind::AppealAcknowledgement,
        LetterKind::AppealInvitation,
        LetterKind::AppealDecision,
        LetterKind::ConcernInvitation,
        LetterKind::ConcernOutcome,
    ];

    /// The path whose cases have this letter: R-E1 or R-E2.
    pub fn path(self) -> Path {
        match self {
            LetterKind::Acknowledgement
            | LetterKind::HearingInvitation
            | LetterKind::Decision
            | LetterKind::AppealAcknowledgement
            | LetterKind::AppealInvitation
            | LetterKind::AppealDecision => Path::OfficerGrievance,
            LetterKind::ConcernInvitation | LetterKind::ConcernOutcome => Path::MemberConcern,
        }
    }

    /// The letters a case on `path` may have, in the order they are written.
    pub fn for_path(path: Path) -> Vec<LetterKind> {
        LetterKind::ALL
            .into_iter()
            .filter(|k| k.path() == path)
            .collect()
    }

    /// The rule a refusal of this letter cites when the case is on another path.
    fn rule(self) -> &'static str {
        match self.path() {
            Path::MemberConcern => "R-E2.4",
            Path::OfficerGrievance | Path::Breach(_) => "R-E1",
        }
    }

    /// The name typed at the command line, and the template's file name (`decision.md`).
    pub fn slug(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "acknowledgement",
            LetterKind::HearingInvitation => "hearing-invitation",
            LetterKind::Decision => "decision",
            LetterKind::AppealAcknowledgement => "appeal-acknowledgement",
            LetterKind::AppealInvitation => "appeal-invitation",
            LetterKind::AppealDecision => "appeal-decision",
            LetterKind::ConcernInvitation => "concern-invitation",
            LetterKind::ConcernOutcome => "concern-outcome",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            LetterKind::Acknowledgement => "acknowledgement of the written grievance",
            LetterKind::HearingInvitation => "invitation to the grievance meeting",
            LetterKind::Decision => "decision with the right of appeal",
            LetterKind::AppealAcknowledgement => "acknowledgement of the appeal",
            LetterKind::AppealInvitation => "invitation to the appeal meeting",
            LetterKind::AppealDecision => "appeal decision",
            LetterKind::ConcernInvitation => "invitation to the capability or disciplinary meeting",
            LetterKind::ConcernOutcome => {
                "outcome of the capability or disciplinary matter with the right of appeal"
            }
        }
    }

    pub fn from_slug(raw: &str) -> Option<LetterKind> {
        LetterKind::ALL
            .into_iter()
            .find(|k| k.slug() == raw.trim().to_lowercase())
    }

    /// Whether the letter names a meeting (date, time, place) the clerk supplies.
    pub fn needs_meeting(self) -> bool {
        matches!(
            self,
            LetterKind::HearingInvitation
                | LetterKind::AppealInvitation
                | LetterKind::ConcernInvitation
        )
    }
}

/// The meeting an invitation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub on: NaiveDate,
    /// As the clerk writes it: `10:00`, `2.30 pm`.
    pub at: String,
    pub place: String,
}

impl Case {
    /// Why this letter cannot be written now, or `None` when it can: the one guard behind
    /// [`Case::letters_available`] and [`draft`].
    pub fn letter_refusal(&self, kind: LetterKind) -> Option<Refusal> {
        use super::case::{ConcernState as C, GrievanceState as G};
        let wanted = kind.path();
        if self.path != wanted {
            return Some(Refusal::new(
                kind.rule(),
                ACAS,
                format!(
                    "{} is a {} ({}): the {} is for {} cases, a {}",
                    self.reference,
                    self.path.label(),
                    self.path.rule(),
                    kind.label(),
                    wanted.rule(),
                    wanted.label()
                ),
            ));
        }
        let concern = match self.state {
            CaseState::Concern(s) => Some(s),
            _ => None,
        };
        let state = match self.state {
            CaseState::Grievance(s) => Some(s),
            _ => None,
        };
        let appeal_decided = self.appeal.as_ref().is_some_and(|a| a.decision.is_some());
        let (ok, rule, why) = match kind {
            LetterKind::Acknowledgement => (
                self.formal_on.is_some(),
                "R-E1.2",
                "no written grievance is recorded yet (the formal stage begins with it)",
            ),
            LetterKind::HearingInvitation => (
                matches!(state, Some(G::Formal | G::PanelAppointed)),
                "R-E1.3",
                if self.hearing.is_some() {
                    "the hearing has already been held"
                } else {
                    "the grievance has not reached the formal stage: there is no hearing to invite to"
                },
            ),
            LetterKind::Decision => (
                self.decision.is_some(),
                "R-E1.3",
                "no decision is recorded: the decision is written after the hearing",
            ),
            LetterKind::AppealAcknowledgement => {
                (self.appeal.is_some(), "R-E1.6", "no appeal has been lodged")
            }
            LetterKind::AppealInvitation => (
                self.appeal.is_some() && !appeal_decided,
                "R-E1.6",
                if appeal_decided {
                    "the appeal has already been decided"
                } else {
                    "no appeal has been lodged: there is no appeal meeting to invite to"
                },
            ),
            LetterKind::AppealDecision => {
                (appeal_decided, "R-E1.6", "no appeal decision is recorded")
            }
            LetterKind::ConcernInvitation => (
                concern == Some(C::Formal),
                "R-E2.4",
                if self.decision.is_some() {
                    "the outcome has already been recorded"
                } else {
                    "the concern has not gone to the capability or disciplinary route: there is no \
                     formal meeting to invite to"
                },
            ),
            LetterKind::ConcernOutcome => (
                self.concern_route.is_some() && self.decision.is_some(),
                "R-E2.4",
                "no outcome of a capability or disciplinary matter is recorded: the outcome is \
                 written after the formal meeting",
            ),
        };
        (!ok).then(|| {
            Refusal::new(
                rule,
                ACAS,
                format!(
                    "cannot write the {} for {}: {why}",
                    kind.label(),
                    self.reference
                ),
            )
        })
    }

    /// The letters the case supports now.
    pub fn letters_available(&self) -> Vec<LetterKind> {
        LetterKind::for_path(self.path)
            .into_iter()
            .filter(|k| self.letter_refusal(*k).is_none())
            .collect()
    }
}

/// The values a template may use, by placeholder name.
pub fn values(
    case: &Case,
    kind: LetterKind,
    meeting: Option<&Meeting>,
    signatory: &str,
    ctx: &Context,
) -> Result<Vec<(&'static str, String)>, Rejection> {
    if let Some(r) = case.letter_refusal(kind) {
        return Err(Rejection::Refused(r));
    }
    let day = |d: Option<NaiveDate>| d.map(dates::show).unwrap_or_default();
    let mut v = vec![
        ("council", ctx.council.name.clone()),
        ("today", dates::show(ctx.today)),
        ("reference", case.reference.clone()),
        ("complainant", addressee(&case.raised_by, ctx)),
        ("signatory", signatory.to_string()),
        ("formal_on", day(case.formal_on)),
        ("hearing_on", day(case.hearing.as_ref().map(|h| h.on))),
    ];
    if let Some(d) = &case.decision {
        v.push(("decision_on", dates::show(d.on)));
        v.push(("outcome", d.outcome.label().to_string()));
        v.push(("decision_note", d.note.clone()));
        v.push(("decided_by", d.by.short_name(ctx)));
        v.push(("appeal_by", day(case.appeal_due(ctx))));
    }
    if kind.path() == Path::MemberConcern {
        v.push(("officer", addressee(&case.about, ctx)));
        v.push(("summary", case.summary.clone()));
        if let Some(route) = case.concern_route {
            v.push(("procedure", procedure(route).to_string()));
        }
    }
    if let Some(a) = &case.appeal {
        v.push(("appeal_on", dates::show(a.lodged_on)));
        if let Some(d) = &a.decision {
            v.push(("appeal_decision_on", dates::show(d.on)));
            v.push(("appeal_outcome", d.outcome.label().to_string()));
            v.push(("appeal_decision_note", d.note.clone()));
        }
    }
    if kind.needs_meeting() {
        let Some(m) = meeting else {
            return Err(Rejection::Invalid(vec![FieldError::new(
                "on",
                "an invitation names the meeting: give its date (--on), time (--at) and place (--place)",
            )]));
        };
        let mut errors = Vec::new();
        if m.on < ctx.today {
            errors.push(FieldError::new("on", "the meeting cannot be in the past"));
        }
        if m.at.trim().is_empty() {
            errors.push(FieldError::new("at", "give the time of the meeting"));
        }
        if m.place.trim().is_empty() {
            errors.push(FieldError::new("place", "give the place of the meeting"));
        }
        if !errors.is_empty() {
            return Err(Rejection::Invalid(errors));
        }
        v.push(("meeting_on", dates::show(m.on)));
        v.push(("meeting_at", m.at.trim().to_string()));
        v.push(("meeting_place", m.place.trim().to_string()));
    }
    Ok(v)
}

/// The council's procedure a formal concern follows (R-E2.4), as a letter names it.
fn procedure(route: ConcernRoute) -> &'static str {
    match route {
        ConcernRoute::Capability => "capability (performance) procedure",
        ConcernRoute::Disciplinary => "disciplinary procedure",
    }
}

/// The name a letter is addressed to: the officer's own name, without the post.
fn addressee(person: &PersonRef, ctx: &Context) -> String {
    match person {
        PersonRef::Officer(id) => ctx
            .officer(*id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| id.to_string()),
        other => other.name(ctx),
    }
}

/// The letter: `template` with each `{{name}}` replaced. A placeholder the letter has no value for
/// is refused by name (a council's edited template with a typo must not go out with a gap).
pub fn fill(template: &str, values: &[(&'static str, String)]) -> Result<String, FieldError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(FieldError::new(
                "template",
                "a '{{' is never closed with '}}'",
            ));
        };
        let name = after[..end].trim();
        match values.iter().find(|(k, _)| *k == name) {
            Some((_, value)) => out.push_str(value),
            None => {
                return Err(FieldError::new(
                    "template",
                    format!("the template uses {{{{{name}}}}}, which this letter has no value for"),
                ))
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Drafts the letter from the case and the template, or refuses it with the rule.
pub fn draft(
    case: &Case,
    kind: LetterKind,
    template: &str,
    meeting: Option<&Meeting>,
    signatory: &str,
    ctx: &Context,
) -> Result<String, Rejection> {
    let v = values(case, kind, meeting, signatory, ctx)?;
    fill(template, &v).map_err(|e| Rejection::Invalid(vec![e]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v() -> Vec<(&'static str, String)> {
        vec![
            ("complainant", "Ann".to_string()),
            ("reference", "G-1".to_string()),
        ]
    }

    #[test]
    fn placeholders_are_filled_with_or_without_inner_spaces() {
        assert_eq!(
            fill("Dear {{complainant}}, re {{ reference }}.", &v()),
            Ok("Dear Ann, re G-1.".to_string())
        );
    }

    #[test]
    fn an_unknown_or_unclosed_placeholder_is_refused_by_name() {
        let unknown = fill("Dear {{complainnat}}", &v()).map_err(|e| e.to_string());
        assert!(
            unknown
                .as_ref()
                .is_err_and(|e| e.contains("{{complainnat}}")),
            "{unknown:?}"
        );
        let unclosed = fill("Dear {{complainant", &v()).map_err(|e| e.to_string());
        assert!(
            unclosed.as_ref().is_err_and(|e| e.contains("never closed")),
            "{unclosed:?}"
        );
    }

    #[test]
    fn every_letter_has_a_unique_slug_that_reads_back() {
        for kind in LetterKind::ALL {
            assert_eq!(LetterKind::from_slug(kind.slug()), Some(kind), "{kind:?}");
        }
        assert_eq!(
            LetterKind::from_slug("Decision "),
            Some(LetterKind::Decision)
        );
        assert_eq!(LetterKind::from_slug("outcome"), None);
    }
}
