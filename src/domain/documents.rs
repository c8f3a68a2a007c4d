//! The council's own documents (R-O4): when it adopted its member/officer protocol and under which
//! minute, when the protocol is next reviewed, and the grievance and disciplinary procedures it has
//! adopted (the law requires an employer to have both).
//!
//! One record for the council, kept apart from the council itself. The review date is the
//! council's to set; until it does, it is the default of two years after adoption (the Banbury
//! model's closing note), and the screen says it is a default. An overdue review or a missing
//! procedure is owed now (see `domain::due`); a formal grievance or disciplinary stage opened with
//! no procedure recorded is warned about, never refused ([`formal_stage_warning`]).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates;
use super::grievance::{CaseActionKind, ConcernRoute, Path};
use super::profile::Profile;
use super::rules::{Cite, FieldError, Refusal, Rejection};
use super::text;

pub const RULE: &str = "R-O4";
/// The review two years after adoption (CAV's closing note); the town model's adoption by full
/// council. The toolkit and borough councils cite their own clause for R-O4 (the profile's).
pub const REVIEW_CLAUSE: &str = "CAV closing note, LLTC §3.1";
/// Where each model names the grievance procedure; TWY §4.3: the law requires one.
pub const GRIEVANCE_CLAUSE: &str = "CAV §5.1, TWY §4.3, BOR §1.2, LLTC §5 (closing lines)";
/// Where each model names the disciplinary procedure; TWY §4.3: the law requires one.
pub const DISCIPLINARY_CLAUSE: &str = "CAV §5.2, TWY §4.3, BOR §1.2, LLTC §8.7";
/// *Default*: the review falls this many months after adoption until the council sets its own date.
pub const DEFAULT_REVIEW_MONTHS: u32 = 24;

/// A document adopted by the council: the date and the minute that records it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adoption {
    pub on: NaiveDate,
    /// The minute reference (e.g. `18/24`); empty when not recorded.
    pub minute: String,
}

/// The council's own documents (R-O4). Nothing recorded is the default.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CouncilDocuments {
    /// The member/officer protocol.
    pub protocol: Option<Adoption>,
    /// The review date the council set; `None` is the default ([`DEFAULT_REVIEW_MONTHS`]).
    pub review_by: Option<NaiveDate>,
    pub grievance_procedure: Option<Adoption>,
    pub disciplinary_procedure: Option<Adoption>,
}

/// What the clerk typed: `None` leaves a value as it is; an empty text clears it (for the review
/// date: back to the default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentsInput {
    pub protocol_adopted: Option<String>,
    pub protocol_minute: Option<String>,
    pub review_by: Option<String>,
    pub grievance_adopted: Option<String>,
    pub grievance_minute: Option<String>,
    pub disciplinary_adopted: Option<String>,
    pub disciplinary_minute: Option<String>,
}

/// The protocol's review date and whether it is the default or the council's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    pub by: NaiveDate,
    pub is_default: bool,
}

/// One thing the council owes about its documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    /// Stable, from no name: `protocol-review`, `grievance-procedure`, `disciplinary-procedure`.
    pub key: &'static str,
    /// When it is due: the review date, or `today` for a procedure not recorded.
    pub due: NaiveDate,
    pub what: String,
    pub overdue: bool,
    pub cite: Cite,
}

impl CouncilDocuments {
    /// The review date: the council's, or the default two years after adoption. None until the
    /// protocol's adoption is recorded.
    pub fn review(&self) -> Option<Review> {
        let adopted = self.protocol.as_ref()?.on;
        match self.review_by {
            Some(by) => Some(Review {
                by,
                is_default: false,
            }),
            None => adopted
                .checked_add_months(Months::new(DEFAULT_REVIEW_MONTHS))
                .map(|by| Review {
                    by,
                    is_default: true,
                }),
        }
    }

    /// The documents with the clerk's changes, or what is wrong with them: an adoption in the
    /// future or a minute with no date (bad input); a review date on or before the adoption
    /// (refused, R-O4).
    pub fn with(
        &self,
        input: &DocumentsInput,
        today: NaiveDate,
        profile: &Profile,
    ) -> Result<CouncilDocuments, Rejection> {
        let mut errors = Vec::new();
        let protocol = adoption(
            &self.protocol,
            ("protocol adopted", &input.protocol_adopted),
            ("protocol minute", &input.protocol_minute),
            today,
            &mut errors,
        );
        let grievance = adoption(
            &self.grievance_procedure,
            ("grievance procedure", &input.grievance_adopted),
            ("grievance minute", &input.grievance_minute),
            today,
            &mut errors,
        );
        let disciplinary = adoption(
            &self.disciplinary_procedure,
            ("disciplinary procedure", &input.disciplinary_adopted),
            ("disciplinary minute", &input.disciplinary_minute),
            today,
            &mut errors,
        );
        let review_by = match &input.review_by {
            None => Ok(self.review_by),
            Some(raw) => dates::parse_optional_date("review by", raw),
        }
        .unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let next = CouncilDocuments {
            protocol,
            review_by,
            grievance_procedure: grievance,
            disciplinary_procedure: disciplinary,
        };
        if let Some(by) = next.review_by {
            let refuse = |reason: String| {
                Rejection::from(Refusal::new(RULE, REVIEW_CLAUSE, reason).localised(profile))
            };
            match &next.protocol {
                None => {
                    return Err(refuse(
                        "a review date follows the protocol's adoption: record when it was \
                         adopted (--protocol-adopted) first"
                            .into(),
                    ))
                }
                Some(p) if by <= p.on => {
                    return Err(refuse(format!(
                        "the review ({}) must come after the protocol's adoption ({})",
                        dates::show(by),
                        dates::show(p.on)
                    )))
                }
                Some(_) => {}
            }
        }
        Ok(next)
    }

    /// What the council owes on `today`: the protocol's review (due on its date, listed before
    /// then too, so a calendar shows it coming) and each procedure not recorded (owed now).
    pub fn owed(&self, today: NaiveDate) -> Vec<Owed> {
        let mut out = Vec::new();
        if let Some(r) = self.review() {
            let default = if r.is_default {
                " (the default: two years after adoption)"
            } else {
                ""
            };
            out.push(Owed {
                key: "protocol-review",
                due: r.by,
                what: format!("review of the member/officer protocol{default}"),
                overdue: today > r.by,
                cite: Cite::new(RULE, REVIEW_CLAUSE),
            });
        }
        for (key, recorded, what, clause) in [
            (
                "grievance-procedure",
                &self.grievance_procedure,
                "grievance procedure",
                GRIEVANCE_CLAUSE,
            ),
            (
                "disciplinary-procedure",
                &self.disciplinary_procedure,
                "disciplinary procedure",
                DISCIPLINARY_CLAUSE,
            ),
        ] {
            if recorded.is_none() {
                out.push(Owed {
                    key,
                    due: today,
                    what: format!("no adopted {what} recorded: the law requires one"),
                    overdue: true,
                    cite: Cite::new(RULE, clause),
                });
            }
        }
        out
    }

    /// One line per document, for the council details on both faces.
    pub fn lines(&self, today: NaiveDate) -> Vec<String> {
        let adopted = |a: &Option<Adoption>| match a {
            Some(a) if a.minute.is_empty() => format!("adopted {}", dates::show(a.on)),
            Some(a) => format!(
                "adopted {}, minute {}",
                dates::show(a.on),
                text::sanitize(&a.minute)
            ),
            None => "not recorded".to_string(),
        };
        let review = match self.review() {
            Some(r) => format!(
                "review by {}{}{}",
                dates::show(r.by),
                if r.is_default {
                    " (the council's default: two years after adoption; it may set its own)"
                } else {
                    ""
                },
                if today > r.by { " — OVERDUE" } else { "" }
            ),
            None => "review date follows the adoption".to_string(),
        };
        let missing = |a: &Option<Adoption>| {
            if a.is_none() {
                " — the law requires one"
            } else {
                ""
            }
        };
        vec![
            format!("Protocol: {}; {review}", adopted(&self.protocol)),
            format!(
                "Grievance procedure: {}{}",
                adopted(&self.grievance_procedure),
                missing(&self.grievance_procedure)
            ),
            format!(
                "Disciplinary procedure: {}{}",
                adopted(&self.disciplinary_procedure),
                missing(&self.disciplinary_procedure)
            ),
        ]
    }
}

fn adoption(
    now: &Option<Adoption>,
    (date_field, date): (&'static str, &Option<String>),
    (minute_field, minute): (&'static str, &Option<String>),
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<Adoption> {
    let on = match date {
        None => now.as_ref().map(|a| a.on),
        Some(raw) => match dates::parse_optional_date(date_field, raw) {
            Ok(Some(on)) if on > today => {
                errors.push(FieldError::new(
                    date_field,
                    format!(
                        "{} is after today: record an adoption once the council has made it",
                        dates::show(on)
                    ),
                ));
                None
            }
            Ok(on) => on,
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let minute = match minute {
        None => now.as_ref().map(|a| a.minute.clone()).unwrap_or_default(),
        Some(raw) => match text::optional_name(minute_field, raw) {
            Ok(m) => m.unwrap_or_default(),
            Err(e) => {
                errors.push(e);
                String::new()
            }
        },
    };
    match on {
        Some(on) => Some(Adoption { on, minute }),
        None if !minute.is_empty() && date.as_deref().is_none_or(|d| d.trim().is_empty()) => {
            errors.push(FieldError::new(
                minute_field,
                format!("a minute reference needs the date of adoption ({date_field})"),
            ));
            None
        }
        None => None,
    }
}

/// R-O4: a formal stage opened with no adopted procedure recorded is warned about, not refused.
/// The written grievance and the panel (R-E1.2) need the grievance procedure; a concern taken down
/// the disciplinary route (R-E2.4) the disciplinary procedure.
pub fn formal_stage_warning(
    path: Path,
    kind: CaseActionKind,
    route: Option<ConcernRoute>,
    docs: &CouncilDocuments,
    profile: &Profile,
) -> Option<String> {
    let (what, clause) = match (path, kind, route) {
        (Path::OfficerGrievance, CaseActionKind::GoFormal | CaseActionKind::AppointPanel, _)
            if docs.grievance_procedure.is_none() =>
        {
            ("grievance procedure", GRIEVANCE_CLAUSE)
        }
        (Path::MemberConcern, CaseActionKind::ConcernFormal, Some(ConcernRoute::Disciplinary))
            if docs.disciplinary_procedure.is_none() =>
        {
            ("disciplinary procedure", DISCIPLINARY_CLAUSE)
        }
        _ => return None,
    };
    let cite = profile.localise(Cite::new(RULE, clause));
    Some(format!(
        "warning: the council has no adopted {what} recorded ({cite}); record it with \
         `clerkdesk council documents set`"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{banbury_profile, d};

    fn input() -> DocumentsInput {
        DocumentsInput::default()
    }

    #[test]
    fn the_review_defaults_to_two_years_after_adoption_and_the_council_may_set_its_own() {
        let p = banbury_profile();
        let today = d(2026, 11, 22);
        let docs = CouncilDocuments::default()
            .with(
                &DocumentsInput {
                    protocol_adopted: Some("21/03/2018".into()),
                    protocol_minute: Some("42/18".into()),
                    ..input()
                },
                today,
                &p,
            )
            .unwrap();
        assert_eq!(
            docs.review(),
            Some(Review {
                by: d(2020, 3, 21),
                is_default: true
            })
        );
        let owed = docs.owed(today);
        let review = owed.iter().find(|o| o.key == "protocol-review").unwrap();
        assert!(review.overdue, "March 2020 is long past");
        assert!(docs.lines(today)[0].contains("the council's default"));
        assert!(docs.lines(today)[0].contains("OVERDUE"));
        assert_eq!(
            p.localise(review.cite.clone()).to_string(),
            "R-O4 — CAV closing note"
        );

        let set = docs
            .with(
                &DocumentsInput {
                    review_by: Some("2027-03-21".into()),
                    ..input()
                },
                today,
                &p,
            )
            .unwrap();
        assert_eq!(
            set.review(),
            Some(Review {
                by: d(2027, 3, 21),
                is_default: false
            })
        );
        assert!(!set.owed(today)[0].overdue);
        assert_eq!(set.protocol.as_ref().unwrap().minute, "42/18", "kept");
        // Cleared: back to the default.
        let back = set
            .with(
                &DocumentsInput {
                    review_by: Some(String::new()),
                    ..input()
                },
                today,
                &p,
            )
            .unwrap();
        assert!(back.review().unwrap().is_default);
    }

    #[test]
    fn a_review_before_adoption_or_with_no_adoption_is_refused_citing_r_o4() {
        let p = banbury_profile();
        let today = d(2026, 11, 22);
        let none = CouncilDocuments::default().with(
            &DocumentsInput {
                review_by: Some("2027-01-01".into()),
                ..input()
            },
            today,
            &p,
        );
        let Err(Rejection::Refused(r)) = none else {
            panic!("{none:?}")
        };
        assert_eq!(r.cite.to_string(), "R-O4 — CAV closing note");
        let before = CouncilDocuments::default().with(
            &DocumentsInput {
                protocol_adopted: Some("2024-03-28".into()),
                review_by: Some("2024-03-28".into()),
                ..input()
            },
            today,
            &p,
        );
        assert!(matches!(before, Err(Rejection::Refused(_))), "{before:?}");
    }

    #[test]
    fn bad_input_names_its_field() {
        let p = banbury_profile();
        let today = d(2026, 11, 22);
        let got = CouncilDocuments::default().with(
            &DocumentsInput {
                grievance_adopted: Some("2027-01-01".into()),
                disciplinary_adopted: Some("31/02/2020".into()),
                protocol_minute: Some("18/24".into()),
                ..input()
            },
            today,
            &p,
        );
        let Err(Rejection::Invalid(errors)) = got else {
            panic!("{got:?}")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "protocol minute",
                "grievance procedure",
                "disciplinary procedure"
            ]
        );
    }

    #[test]
    fn a_missing_procedure_is_owed_now_and_a_recorded_one_is_not() {
        let p = banbury_profile();
        let today = d(2026, 11, 22);
        let none = CouncilDocuments::default();
        let keys: Vec<&str> = none.owed(today).iter().map(|o| o.key).collect();
        assert_eq!(keys, ["grievance-procedure", "disciplinary-procedure"]);
        assert!(none.owed(today).iter().all(|o| o.overdue && o.due == today));
        let both = none
            .with(
                &DocumentsInput {
                    grievance_adopted: Some("2019-05-01".into()),
                    disciplinary_adopted: Some("2019-05-01".into()),
                    disciplinary_minute: Some("12/19".into()),
                    ..input()
                },
                today,
                &p,
            )
            .unwrap();
        assert!(both.owed(today).is_empty());
    }

    #[test]
    fn a_formal_stage_without_its_procedure_is_warned_about_under_the_councils_own_clause() {
        let banbury = banbury_profile();
        let toolkit = crate::assets::profile("toolkit").unwrap();
        let none = CouncilDocuments::default();
        let w = formal_stage_warning(
            Path::OfficerGrievance,
            CaseActionKind::GoFormal,
            None,
            &none,
            &banbury,
        )
        .unwrap();
        assert!(w.contains("R-O4 — CAV §5.1"), "{w}");
        let w = formal_stage_warning(
            Path::MemberConcern,
            CaseActionKind::ConcernFormal,
            Some(ConcernRoute::Disciplinary),
            &none,
            &toolkit,
        )
        .unwrap();
        assert!(w.contains("R-O4 — TWY §4.3"), "{w}");
        // A capability route needs no disciplinary procedure; an adopted procedure, no warning.
        assert_eq!(
            formal_stage_warning(
                Path::MemberConcern,
                CaseActionKind::ConcernFormal,
                Some(ConcernRoute::Capability),
                &none,
                &toolkit,
            ),
            None
        );
        let adopted = CouncilDocuments {
            grievance_procedure: Some(Adoption {
                on: d(2019, 1, 1),
                minute: String::new(),
            }),
            ..none
        };
        assert_eq!(
            formal_stage_warning(
                Path::OfficerGrievance,
                CaseActionKind::GoFormal,
                None,
                &adopted,
                &banbury,
            ),
            None
        );
    }
}
