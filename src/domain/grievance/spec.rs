//! Every step of a case, declared once: its name at the command line and in the demo data, its key
//! and label on the screen, and the fields it reads (see [`crate::domain::machine`]). Field labels
//! are the words [`super::Case::apply`] names a bad value with, so an error maps back to its field.

use super::actions::{CaseAction, CaseActionKind};
use super::{Case, CaseDraft};
use crate::domain::machine::{ActionKind, ActionSpec, Create, FieldKind, FieldSpec};

const OUTCOMES: &[&str] = &["upheld", "partly-upheld", "not-upheld"];
const ROUTES: &[&str] = &["capability", "disciplinary"];
const STEPS: &[&str] = &["leader", "group", "chairman", "vice"];
const CONSULTED: &[&str] = &["member", "group-leader"];

const NOTE: FieldSpec = FieldSpec::new("note", "note", FieldKind::Note, "A note for the record.");
const STEP: FieldSpec = FieldSpec::new(
    "step",
    "step",
    FieldKind::Choice(STEPS),
    "The Clerk's step (R-E1.5): leader, group, chairman or vice.",
)
.required();

use CaseActionKind as K;

/// In the order of [`CaseActionKind::ALL`]; `spec_table_follows_the_kinds` checks it.
static SPECS: [(CaseActionKind, ActionSpec); 19] = [
    (
        K::StartInformal,
        ActionSpec {
            name: "start-informal",
            aliases: &[],
            label: "start informal resolution",
            key: 'i',
            help: "Start informal resolution: conciliation or mediation (R-E1.1, R-E2.3).",
            fields: &[
                FieldSpec::day("started on", "The day it started (default: today)."),
                FieldSpec::new("by", "by", FieldKind::Name, "Who conciliates or mediates.")
                    .required(),
                NOTE,
            ],
        },
    ),
    (
        K::ResolveInformally,
        ActionSpec {
            name: "resolve-informally",
            aliases: &[],
            label: "resolved informally",
            key: 'r',
            help: "Record that it was resolved informally, and how.",
            fields: &[
                FieldSpec::day("resolved on", "The day it was resolved (default: today)."),
                FieldSpec::new("note", "outcome", FieldKind::Note, "How it was resolved.")
                    .required(),
            ],
        },
    ),
    (
        K::GoFormal,
        ActionSpec {
            name: "go-formal",
            aliases: &[],
            label: "formal grievance",
            key: 'f',
            help: "The officer puts the grievance in writing (R-E1.2).",
            fields: &[
                FieldSpec::day(
                    "written grievance",
                    "The day the written grievance came in (default: today).",
                ),
                FieldSpec::new(
                    "skip-reason",
                    "skip reason",
                    FieldKind::Note,
                    "Why informal resolution was not tried (straight from raised).",
                ),
            ],
        },
    ),
    (
        K::ConcernFormal,
        ActionSpec {
            name: "concern-formal",
            aliases: &[],
            label: "capability / disciplinary",
            key: 'b',
            help: "Take a member's concern about an officer formal (R-E2.4).",
            fields: &[
                FieldSpec::day("started on", "The day it started (default: today)."),
                FieldSpec::new(
                    "route",
                    "route",
                    FieldKind::Choice(ROUTES),
                    "capability or disciplinary.",
                )
                .required(),
            ],
        },
    ),
    (
        K::AppointPanel,
        ActionSpec {
            name: "appoint-panel",
            aliases: &[],
            label: "appoint panel",
            key: 'p',
            help: "Appoint the panel that hears it (or the appeal).",
            fields: &[FieldSpec::new(
                "members",
                "members",
                FieldKind::Members,
                "Panel members, comma separated: \"M-002, M-005\".",
            )
            .required()],
        },
    ),
    (
        K::HoldHearing,
        ActionSpec {
            name: "hold-hearing",
            aliases: &[],
            label: "hearing held",
            key: 'h',
            help: "Record that the hearing was held.",
            fields: &[
                FieldSpec::day("held on", "The day it was held (default: today)."),
                FieldSpec::new(
                    "companion",
                    "companion",
                    FieldKind::Name,
                    "Who accompanied the officer at the hearing.",
                ),
            ],
        },
    ),
    (
        K::ReferToMo,
        ActionSpec {
            name: "refer-to-mo",
            aliases: &[],
            label: "refer to Monitoring Officer",
            key: 'm',
            help: "Refer a breach to the Monitoring Officer (R-E3, R-O3).",
            fields: &[
                FieldSpec::day("referred on", "The day it was referred (default: today)."),
                NOTE,
            ],
        },
    ),
    (
        K::RecordMoAnswer,
        ActionSpec {
            name: "mo-answer",
            aliases: &[],
            label: "Monitoring Officer's answer",
            key: 'w',
            help: "Record the Monitoring Officer's answer.",
            fields: &[
                FieldSpec::day("answered on", "The day it came (default: today)."),
                FieldSpec::new(
                    "answer",
                    "answer",
                    FieldKind::Note,
                    "The Monitoring Officer's answer.",
                )
                .required(),
            ],
        },
    ),
    (
        K::Decide,
        ActionSpec {
            name: "decide",
            aliases: &[],
            label: "decision",
            key: 'd',
            help: "Record the decision of the panel (or the appeal panel).",
            fields: &[
                FieldSpec::day("decided on", "The day it was decided (default: today)."),
                FieldSpec::new(
                    "outcome",
                    "outcome",
                    FieldKind::Choice(OUTCOMES),
                    "upheld, partly-upheld or not-upheld.",
                )
                .required(),
                NOTE,
            ],
        },
    ),
    (
        K::RecordStep,
        ActionSpec {
            name: "record-step",
            aliases: &[],
            label: "record a Clerk's step",
            key: 'e',
            help: "Record one of the Clerk's steps (R-E1.5).",
            fields: &[
                STEP,
                FieldSpec::day("on", "The day it was done (default: today)."),
                NOTE,
            ],
        },
    ),
    (
        K::StepNotApplicable,
        ActionSpec {
            name: "step-not-applicable",
            aliases: &[],
            label: "step not applicable",
            key: 'o',
            help: "Mark a Clerk's step not applicable to this case (R-E1.5).",
            fields: &[STEP],
        },
    ),
    (
        K::LodgeAppeal,
        ActionSpec {
            name: "lodge-appeal",
            aliases: &[],
            label: "appeal lodged",
            key: 'l',
            help: "Record an appeal against the decision (R-E1.6).",
            fields: &[
                FieldSpec::day("lodged on", "The day it was lodged (default: today)."),
                FieldSpec::new(
                    "grounds",
                    "grounds",
                    FieldKind::Note,
                    "The grounds of the appeal.",
                )
                .required(),
            ],
        },
    ),
    (
        K::Review,
        ActionSpec {
            name: "review",
            aliases: &[],
            label: "Clerk's review",
            key: 'v',
            help: "Record the Clerk's review of a breach.",
            fields: &[
                FieldSpec::day("reviewed on", "The day of the review (default: today)."),
                NOTE,
            ],
        },
    ),
    (
        K::Convert,
        ActionSpec {
            name: "convert",
            aliases: &[],
            label: "turn into a case",
            key: 't',
            help: "Turn a breach into a grievance or concern case of its own.",
            fields: &[FieldSpec::day("on", "The day (default: today).")],
        },
    ),
    (
        K::Close,
        ActionSpec {
            name: "close",
            aliases: &[],
            label: "close",
            key: 'x',
            help: "Close the case.",
            fields: &[
                FieldSpec::day("closed on", "The day it closed (default: today)."),
                NOTE,
            ],
        },
    ),
    (
        K::AppointIndependent,
        ActionSpec {
            name: "appoint-independent",
            aliases: &["independent"],
            label: "independent person appointed",
            key: 'u',
            help:
                "Where everyone the protocol names is a party or conflicted, the council appoints \
                   an independent person to take the case on (R-E1.7).",
            fields: &[
                FieldSpec::day(
                    "appointed on",
                    "The day the council appointed them (default: today).",
                ),
                FieldSpec::new(
                    "by",
                    "by",
                    FieldKind::Name,
                    "The independent person's name.",
                )
                .required(),
                NOTE,
            ],
        },
    ),
    (
        K::DirectDiscussion,
        ActionSpec {
            name: "direct-discussion",
            aliases: &["discussion"],
            label: "direct discussion",
            key: 'y',
            help:
                "Borough model: the member's direct discussion with the employee, the first step \
                   of a concern (R-E2.1, BOR §2.7).",
            fields: &[
                FieldSpec::day(
                    "discussed on",
                    "The day of the discussion (default: today).",
                ),
                NOTE,
            ],
        },
    ),
    (
        K::Consult,
        ActionSpec {
            name: "consult",
            aliases: &[],
            label: "consultation",
            key: 'z',
            help:
                "Borough model: the handler consulted the member concerned or their group leader \
                   (R-E1.1, BOR §2.8).",
            fields: &[
                FieldSpec::new(
                    "with",
                    "with",
                    FieldKind::Choice(CONSULTED),
                    "Who was consulted: member or group-leader.",
                )
                .required(),
                FieldSpec::day(
                    "consulted on",
                    "The day of the consultation (default: today).",
                ),
                NOTE,
            ],
        },
    ),
    (
        K::HearAppeal,
        ActionSpec {
            name: "hear-appeal",
            aliases: &[],
            label: "appeal heard by members",
            key: 'H',
            help: "Town model: members hear an appeal on a decided concern about an officer \
                   (R-E2.4, LLTC §8.8); their outcome is final.",
            fields: &[
                FieldSpec::new(
                    "members",
                    "members",
                    FieldKind::Members,
                    "The members who heard it, comma separated: \"M-002, M-005\".",
                )
                .required(),
                FieldSpec::day("heard on", "The day it was heard (default: today)."),
                FieldSpec::new(
                    "outcome",
                    "outcome",
                    FieldKind::Choice(OUTCOMES),
                    "upheld, partly-upheld or not-upheld.",
                )
                .required(),
                NOTE,
            ],
        },
    ),
];

impl ActionKind for CaseActionKind {
    const ALL: &'static [Self] = &CaseActionKind::ALL;
    const RECORD: &'static str = "case";

    fn spec(self) -> &'static ActionSpec {
        &SPECS[self as usize].1
    }
}

impl CaseAction {
    /// Builds an action from named fields; a missing field is empty (the machine then says if it
    /// is needed). `convert_to` is the reference a converted breach's new case will take.
    pub fn from_named(
        kind: CaseActionKind,
        get: impl Fn(&str) -> String,
        convert_to: String,
    ) -> CaseAction {
        match kind {
            CaseActionKind::StartInformal => CaseAction::StartInformal {
                on: get("on"),
                by: get("by"),
                note: get("note"),
            },
            CaseActionKind::ResolveInformally => CaseAction::ResolveInformally {
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::GoFormal => CaseAction::GoFormal {
                written_on: get("on"),
                skip_reason: get("skip-reason"),
            },
            CaseActionKind::ConcernFormal => CaseAction::ConcernFormal {
                on: get("on"),
                route: get("route"),
            },
            CaseActionKind::AppointPanel => CaseAction::AppointPanel {
                members: get("members"),
            },
            CaseActionKind::HoldHearing => CaseAction::HoldHearing {
                on: get("on"),
                companion: get("companion"),
            },
            CaseActionKind::ReferToMo => CaseAction::ReferToMo {
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::RecordMoAnswer => CaseAction::RecordMoAnswer {
                on: get("on"),
                answer: get("answer"),
            },
            CaseActionKind::Decide => CaseAction::Decide {
                on: get("on"),
                outcome: get("outcome"),
                note: get("note"),
            },
            CaseActionKind::RecordStep => CaseAction::RecordStep {
                step: get("step"),
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::StepNotApplicable => {
                CaseAction::StepNotApplicable { step: get("step") }
            }
            CaseActionKind::LodgeAppeal => CaseAction::LodgeAppeal {
                on: get("on"),
                grounds: get("grounds"),
            },
            CaseActionKind::Review => CaseAction::Review {
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::Convert => CaseAction::Convert {
                reference: convert_to,
                on: get("on"),
            },
            CaseActionKind::Close => CaseAction::Close {
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::AppointIndependent => CaseAction::AppointIndependent {
                on: get("on"),
                by: get("by"),
                note: get("note"),
            },
            CaseActionKind::DirectDiscussion => CaseAction::DirectDiscussion {
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::Consult => CaseAction::Consult {
                with: get("with"),
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::HearAppeal => CaseAction::HearAppeal {
                members: get("members"),
                on: get("on"),
                outcome: get("outcome"),
                note: get("note"),
            },
        }
    }
}

/// How a concern reaches the clerk, as `case new --how` and the capture's list take it; each word
/// reads as one [`super::Channel`] (`channels_read_as_the_domain_reads_them`).
pub const CHANNELS: &[&str] = &["in-person", "email", "letter", "phone", "public-meeting"];

/// A new concern, declared once: the capture form (`c` anywhere, `n` on the Grievances tab) and
/// `clerkdesk case new` (its options are these names). Either leads to the triage proposal; the
/// path is chosen there, not here.
static NEW: ActionSpec = ActionSpec {
    name: "new",
    aliases: &["add"],
    label: "Capture a concern",
    key: 'n',
    help: "Capture a concern: triage proposes the path (R-E1, R-E2, R-E3) and the case is opened \
           on it.",
    fields: &[
        FieldSpec::new(
            "raised-by",
            "raised by",
            FieldKind::Person,
            "Who raised it: M-003, O-001, an exact name, or other:NAME.",
        )
        .required(),
        FieldSpec::new(
            "about",
            "about",
            FieldKind::Person,
            "Who it is about: M-003, O-001, an exact name, other:NAME, or nobody.",
        )
        .required(),
        FieldSpec::new(
            "how",
            "how",
            FieldKind::Choice(CHANNELS),
            "in-person, email, letter, phone or public-meeting.",
        )
        .required(),
        FieldSpec::new(
            "on",
            "raised on",
            FieldKind::Day,
            "The day it was raised (default: today).",
        ),
        FieldSpec::new(
            "summary",
            "summary",
            FieldKind::Note,
            "What was raised, in a sentence or two.",
        )
        .required(),
        FieldSpec::new(
            "confidential",
            "confidential",
            FieldKind::YesNo,
            "yes (default) or no.",
        ),
        FieldSpec::new(
            "other",
            "other's name",
            FieldKind::Name,
            "The name of someone neither a member nor an officer, where a person is given as \
             other (other:NAME says the same).",
        ),
    ],
};

impl Create for Case {
    type Input = CaseDraft;

    fn spec() -> &'static ActionSpec {
        &NEW
    }

    fn defaults() -> &'static [(&'static str, &'static str)] {
        &[("confidential", "yes")]
    }

    fn input(get: &dyn Fn(&str) -> String) -> CaseDraft {
        CaseDraft {
            raised_by: get("raised-by"),
            about: get("about"),
            how: get("how"),
            on: get("on"),
            summary: get("summary"),
            confidential: get("confidential"),
            other: get("other"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::machine::tests::{check_builder_reads_only_spec_fields, check_spec_table};

    #[test]
    fn spec_table_follows_the_kinds() {
        for (i, (kind, _)) in SPECS.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?} is out of place in SPECS");
        }
        check_spec_table::<CaseActionKind>();
        check_builder_reads_only_spec_fields::<CaseActionKind, _>(|kind, get| {
            let action = CaseAction::from_named(kind, get, "G-2026-009".into());
            assert_eq!(action.kind(), kind);
        });
    }

    #[test]
    fn a_new_case_is_built_from_its_spec() {
        crate::domain::machine::tests::check_create::<Case>();
    }

    #[test]
    fn channels_read_as_the_domain_reads_them() {
        for (word, channel) in CHANNELS.iter().zip(super::super::Channel::ALL) {
            assert_eq!(super::super::Channel::parse("how", word), Ok(channel));
        }
        assert_eq!(CHANNELS.len(), super::super::Channel::ALL.len());
    }

    #[test]
    fn every_kind_round_trips_through_its_name() {
        assert_eq!(
            CaseActionKind::from_name("Start_Informal").unwrap(),
            CaseActionKind::StartInformal
        );
        let err = CaseActionKind::from_name("promote").unwrap_err();
        assert!(err.message.contains("start-informal"), "{}", err.message);
    }

    #[test]
    fn named_fields_reach_the_action() {
        let get = |k: &str| match k {
            "on" => "2026-11-20".to_string(),
            "outcome" => "upheld".to_string(),
            _ => String::new(),
        };
        assert_eq!(
            CaseAction::from_named(CaseActionKind::Decide, get, String::new()),
            CaseAction::Decide {
                on: "2026-11-20".into(),
                outcome: "upheld".into(),
                note: String::new()
            }
        );
    }
}
