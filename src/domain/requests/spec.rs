//! The steps of the three request machines, declared once each (see [`crate::domain::machine`]):
//! the name `requests do REF ACTION` and the demo data use, the key and label on the screen, and the
//! fields each reads. Field labels are the words `apply()` names a bad value with.

use super::{
    AttendanceAction, AttendanceActionKind, GroupAttendance, GroupAttendanceInput, GroupReport,
    GroupReportInput, InfoAction, InfoActionKind, InfoRequest, InfoRequestInput, ReportAction,
    ReportActionKind,
};
use crate::domain::machine::{yes_no, ActionKind, ActionSpec, Create, FieldKind, FieldSpec};
use crate::domain::rules::FieldError;

const BASES: &[&str] = &["statutory", "need-to-know", "foi"];
const RULES: &[&str] = &["R-I1", "R-I2", "R-I3", "R-I4", "R-I5"];

const fn yes(name: &'static str, label: &'static str, help: &'static str) -> FieldSpec {
    FieldSpec::new(name, label, FieldKind::YesNo, help)
}

const fn group(label: &'static str, help: &'static str) -> FieldSpec {
    FieldSpec::new("group", label, FieldKind::Group, help).required()
}

static REPORT: [(ReportActionKind, ActionSpec); 4] = [
    (
        ReportActionKind::Prepare,
        ActionSpec {
            name: "prepare",
            aliases: &[],
            label: "prepared (R-G1 checklist)",
            key: 'p',
            help: "Record the report prepared, confirming the R-G1 checklist.",
            fields: &[
                yes(
                    "facts",
                    "facts",
                    "R-G1 checklist: the report states the facts.",
                ),
                yes(
                    "options",
                    "options",
                    "R-G1 checklist: it sets out options with their merits and demerits.",
                ),
                yes(
                    "no-politics",
                    "no politics",
                    "R-G1 checklist: it draws no political implications.",
                ),
                yes(
                    "no-recommendation",
                    "no recommendation",
                    "R-G1 checklist: it makes no recommendation.",
                ),
                FieldSpec::day("prepared on", "The day it was prepared (default: today)."),
            ],
        },
    ),
    (
        ReportActionKind::TellGroup,
        ActionSpec {
            name: "tell-group",
            aliases: &["tell"],
            label: "other group told",
            key: 't',
            help: "Record another group told that the report was prepared (R-G2).",
            fields: &[
                group("group told", "The other political group told."),
                FieldSpec::day("told on", "The day they were told (default: today)."),
            ],
        },
    ),
    (
        ReportActionKind::GiveCopy,
        ActionSpec {
            name: "give-copy",
            aliases: &["copy"],
            label: "copy given",
            key: 'y',
            help: "Record a copy of the report given to another group (R-G2).",
            fields: &[
                group("copy for", "The other political group given a copy."),
                FieldSpec::day("given on", "The day it was given (default: today)."),
            ],
        },
    ),
    (
        ReportActionKind::Complete,
        ActionSpec {
            name: "complete",
            aliases: &[],
            label: "complete",
            key: 'x',
            help: "Complete the report once every group that must be told has been.",
            fields: &[FieldSpec::day("completed on", "The day (default: today).")],
        },
    ),
];

static ATTENDANCE: [(AttendanceActionKind, ActionSpec); 7] = [
    (
        AttendanceActionKind::RecordAgreement,
        ActionSpec {
            name: "record-agreement",
            aliases: &["agree", "agreement"],
            label: "head of paid service agreed",
            key: 'h',
            help: "Record the head of paid service's agreement to an officer attending (R-G4).",
            fields: &[
                FieldSpec::new(
                    "by",
                    "agreed by",
                    FieldKind::Name,
                    "Who agreed (the head of paid service).",
                )
                .required(),
                FieldSpec::day("agreed on", "The day they agreed (default: today)."),
            ],
        },
    ),
    (
        AttendanceActionKind::Attend,
        ActionSpec {
            name: "attend",
            aliases: &[],
            label: "Clerk will attend",
            key: 'v',
            help: "The Clerk will attend the group's meeting (R-G3).",
            fields: &[FieldSpec::day(
                "decided on",
                "The day it was decided (default: today).",
            )],
        },
    ),
    (
        AttendanceActionKind::SendRepresentative,
        ActionSpec {
            name: "send-representative",
            aliases: &["send"],
            label: "send a representative",
            key: 'r',
            help: "Send a representative on the Clerk's behalf (R-G3).",
            fields: &[
                FieldSpec::new(
                    "name",
                    "representative",
                    FieldKind::Name,
                    "The representative sent.",
                )
                .required(),
                FieldSpec::day("decided on", "The day it was decided (default: today)."),
            ],
        },
    ),
    (
        AttendanceActionKind::Decline,
        ActionSpec {
            name: "decline",
            aliases: &[],
            label: "decline",
            key: 'd',
            help: "Decline the invitation, saying why.",
            fields: &[
                FieldSpec::new("reason", "reason", FieldKind::Note, "Why it is declined.")
                    .required(),
                FieldSpec::day("decided on", "The day it was decided (default: today)."),
            ],
        },
    ),
    (
        AttendanceActionKind::RecordAttended,
        ActionSpec {
            name: "record-attended",
            aliases: &["attended"],
            label: "meeting attended",
            key: 'm',
            help: "Record the meeting attended and the subject the other groups will be told.",
            fields: &[FieldSpec::new(
                "subject",
                "subject",
                FieldKind::Text,
                "The subject discussed, as the other groups will be told it (R-G3).",
            )
            .required()],
        },
    ),
    (
        AttendanceActionKind::TellGroup,
        ActionSpec {
            name: "tell-group",
            aliases: &["tell"],
            label: "other group told",
            key: 't',
            help: "Record another group told of the attendance and its subject (R-G3).",
            fields: &[
                group("group told", "The other political group told."),
                FieldSpec::day("told on", "The day they were told (default: today)."),
            ],
        },
    ),
    (
        AttendanceActionKind::Complete,
        ActionSpec {
            name: "complete",
            aliases: &[],
            label: "complete",
            key: 'x',
            help: "Complete the record once every group that must be told has been.",
            fields: &[FieldSpec::day("completed on", "The day (default: today).")],
        },
    ),
];

static INFO: [(InfoActionKind, ActionSpec); 7] = [
    (
        InfoActionKind::Assess,
        ActionSpec {
            name: "assess",
            aliases: &[],
            label: "assess basis",
            key: 'e',
            help: "Assess the basis of the request (R-I1) and whether it touches personal data (R-I2).",
            fields: &[
                FieldSpec::new(
                    "basis",
                    "basis",
                    FieldKind::Choice(BASES),
                    "statutory, need-to-know or foi (R-I1).",
                )
                .required(),
                FieldSpec::new(
                    "reason",
                    "reason",
                    FieldKind::Note,
                    "The stated need to know (need-to-know).",
                ),
                yes(
                    "personal-data",
                    "personal data",
                    "yes when it touches personal information about residents or staff (R-I2).",
                ),
                FieldSpec::day("assessed on", "The day it was assessed (default: today)."),
            ],
        },
    ),
    (
        InfoActionKind::RecordConsent,
        ActionSpec {
            name: "record-consent",
            aliases: &["consent"],
            label: "consent received",
            key: 'w',
            help: "Record the consent of the people the information is about (R-I2).",
            fields: &[FieldSpec::day("consent on", "The day it came (default: today).")],
        },
    ),
    (
        InfoActionKind::GrantToView,
        ActionSpec {
            name: "grant-to-view",
            aliases: &["view"],
            label: "grant: to view",
            key: 'v',
            help: "Grant the request: the member may view the papers.",
            fields: &[
                yes(
                    "public-domain",
                    "public domain",
                    "yes when everything given is in the public domain (R-I3).",
                ),
                FieldSpec::day("granted on", "The day (default: today)."),
            ],
        },
    ),
    (
        InfoActionKind::GrantWithCopies,
        ActionSpec {
            name: "grant-with-copies",
            aliases: &["copies"],
            label: "grant: with copies",
            key: 'y',
            help: "Grant the request with copies.",
            fields: &[
                yes(
                    "public-domain",
                    "public domain",
                    "yes when everything given is in the public domain (R-I3).",
                ),
                yes(
                    "restricted-papers",
                    "restricted papers",
                    "yes when the papers are contractual, industrial-relations or legal advice (R-I1).",
                ),
                FieldSpec::day("granted on", "The day (default: today)."),
            ],
        },
    ),
    (
        InfoActionKind::Refuse,
        ActionSpec {
            name: "refuse",
            aliases: &[],
            label: "refuse",
            key: 'r',
            help: "Refuse the request, naming the rule it rests on.",
            fields: &[
                FieldSpec::new("reason", "reason", FieldKind::Note, "Why it is refused.")
                    .required(),
                FieldSpec::new(
                    "rule",
                    "rule",
                    FieldKind::Choice(RULES),
                    "The rule the refusal rests on: R-I1 to R-I5.",
                )
                .required(),
                FieldSpec::day("refused on", "The day (default: today)."),
            ],
        },
    ),
    (
        InfoActionKind::Close,
        ActionSpec {
            name: "close",
            aliases: &[],
            label: "close",
            key: 'x',
            help: "Close the request once answered.",
            fields: &[FieldSpec::day("closed on", "The day (default: today).")],
        },
    ),
    (
        InfoActionKind::ReferToMo,
        ActionSpec {
            name: "refer-to-mo",
            aliases: &["dispute"],
            label: "refer to the Monitoring Officer",
            key: 'o',
            help: "The refusal is disputed: refer it to the Monitoring Officer (R-I1).",
            fields: &[
                FieldSpec::new("note", "note", FieldKind::Note, "What is disputed.").required(),
                FieldSpec::day("referred on", "The day (default: today)."),
            ],
        },
    ),
];

impl ActionKind for ReportActionKind {
    const ALL: &'static [Self] = &ReportActionKind::ALL;
    const RECORD: &'static str = "group report";

    fn spec(self) -> &'static ActionSpec {
        &REPORT[self as usize].1
    }
}

impl ActionKind for AttendanceActionKind {
    const ALL: &'static [Self] = &AttendanceActionKind::ALL;
    const RECORD: &'static str = "group meeting";

    fn spec(self) -> &'static ActionSpec {
        &ATTENDANCE[self as usize].1
    }
}

impl ActionKind for InfoActionKind {
    const ALL: &'static [Self] = &InfoActionKind::ALL;
    const RECORD: &'static str = "information request";

    fn spec(self) -> &'static ActionSpec {
        &INFO[self as usize].1
    }
}

impl ReportAction {
    /// A report step from named fields (a missing field is empty; the state machine says whether it
    /// is needed). The R-G1 checklist fields are yes/no.
    pub fn from_named(
        kind: ReportActionKind,
        get: impl Fn(&str) -> String,
    ) -> Result<ReportAction, FieldError> {
        Ok(match kind {
            ReportActionKind::Prepare => ReportAction::Prepare {
                on: get("on"),
                states_facts: yes_no("facts", &get("facts"))?,
                options_with_merits_and_demerits: yes_no("options", &get("options"))?,
                no_political_implications: yes_no("no-politics", &get("no-politics"))?,
                no_recommendation: yes_no("no-recommendation", &get("no-recommendation"))?,
            },
            ReportActionKind::TellGroup => ReportAction::TellGroup {
                group: get("group"),
                on: get("on"),
            },
            ReportActionKind::GiveCopy => ReportAction::GiveCopy {
                group: get("group"),
                on: get("on"),
            },
            ReportActionKind::Complete => ReportAction::Complete { on: get("on") },
        })
    }
}

impl AttendanceAction {
    /// A group-meeting step from named fields.
    pub fn from_named(
        kind: AttendanceActionKind,
        get: impl Fn(&str) -> String,
    ) -> Result<AttendanceAction, FieldError> {
        Ok(match kind {
            AttendanceActionKind::RecordAgreement => AttendanceAction::RecordAgreement {
                by: get("by"),
                on: get("on"),
            },
            AttendanceActionKind::Attend => AttendanceAction::Attend { on: get("on") },
            AttendanceActionKind::SendRepresentative => AttendanceAction::SendRepresentative {
                name: get("name"),
                on: get("on"),
            },
            AttendanceActionKind::Decline => AttendanceAction::Decline {
                reason: get("reason"),
                on: get("on"),
            },
            AttendanceActionKind::RecordAttended => AttendanceAction::RecordAttended {
                subject: get("subject"),
            },
            AttendanceActionKind::TellGroup => AttendanceAction::TellGroup {
                group: get("group"),
                on: get("on"),
            },
            AttendanceActionKind::Complete => AttendanceAction::Complete { on: get("on") },
        })
    }
}

impl InfoAction {
    /// An information-request step from named fields.
    pub fn from_named(
        kind: InfoActionKind,
        get: impl Fn(&str) -> String,
    ) -> Result<InfoAction, FieldError> {
        Ok(match kind {
            InfoActionKind::Assess => InfoAction::Assess {
                on: get("on"),
                basis: get("basis"),
                reason: get("reason"),
                personal_data: get("personal-data"),
            },
            InfoActionKind::RecordConsent => InfoAction::RecordConsent { on: get("on") },
            InfoActionKind::GrantToView => InfoAction::GrantToView {
                on: get("on"),
                public_domain: get("public-domain"),
            },
            InfoActionKind::GrantWithCopies => InfoAction::GrantWithCopies {
                on: get("on"),
                public_domain: get("public-domain"),
                restricted_papers: get("restricted-papers"),
            },
            InfoActionKind::Refuse => InfoAction::Refuse {
                on: get("on"),
                reason: get("reason"),
                rule: get("rule"),
            },
            InfoActionKind::Close => InfoAction::Close { on: get("on") },
            InfoActionKind::ReferToMo => InfoAction::ReferToMo {
                on: get("on"),
                note: get("note"),
            },
        })
    }
}

/// A group's request for a report, declared once: the TUI's form and `requests new report`.
static NEW_REPORT: ActionSpec = ActionSpec {
    name: "report",
    aliases: &[],
    label: "A group asks for a report",
    key: 'R',
    help: "A report prepared for a political group (R-G1, R-G2).",
    fields: &[
        group("group", "The group asking, by name or reference."),
        FieldSpec::new(
            "subject",
            "subject",
            FieldKind::Text,
            "What the report is about.",
        )
        .required(),
        FieldSpec::new(
            "on",
            "requested on",
            FieldKind::Day,
            "The day the group asked (default today).",
        ),
    ],
};

impl Create for GroupReport {
    type Input = GroupReportInput;

    fn spec() -> &'static ActionSpec {
        &NEW_REPORT
    }

    fn input(get: &dyn Fn(&str) -> String) -> GroupReportInput {
        GroupReportInput {
            group: get("group"),
            subject: get("subject"),
            requested_on: get("on"),
        }
    }
}

/// A group's invitation to the Clerk, declared once: the TUI's form and `requests new meeting`.
static NEW_MEETING: ActionSpec = ActionSpec {
    name: "meeting",
    aliases: &[],
    label: "A group invites the Clerk to its meeting",
    key: 'M',
    help: "A political group's invitation to the Clerk to attend its meeting (R-G3, R-G4).",
    fields: &[
        group("group", "The group holding the meeting."),
        FieldSpec::new(
            "meeting-on",
            "meeting on",
            FieldKind::Day,
            "The day of the meeting (may be ahead).",
        )
        .required(),
        FieldSpec::new(
            "on",
            "requested on",
            FieldKind::Day,
            "The day the invitation came (default today).",
        ),
    ],
};

impl Create for GroupAttendance {
    type Input = GroupAttendanceInput;

    fn spec() -> &'static ActionSpec {
        &NEW_MEETING
    }

    fn input(get: &dyn Fn(&str) -> String) -> GroupAttendanceInput {
        GroupAttendanceInput {
            group: get("group"),
            meeting_on: get("meeting-on"),
            requested_on: get("on"),
        }
    }
}

/// A member's request for information, declared once: the TUI's form and `requests new info`.
static NEW_INFO: ActionSpec = ActionSpec {
    name: "info",
    aliases: &[],
    label: "A member asks for information",
    key: 'n',
    help: "A member's request for information (R-I1 to R-I5).",
    fields: &[
        FieldSpec::new(
            "member",
            "member",
            FieldKind::Member,
            "The member asking, by reference (M-003) or name.",
        )
        .required(),
        FieldSpec::new(
            "what",
            "what",
            FieldKind::Note,
            "What information is asked for.",
        )
        .required(),
        FieldSpec::new(
            "on-behalf-of",
            "on behalf of",
            FieldKind::Name,
            "The constituent the member asks for, if any (R-I3: public domain only).",
        ),
        FieldSpec::new(
            "interest",
            "declared interest",
            FieldKind::Text,
            "Any interest the member has in the matter (R-D3): entered in the disclosure register.",
        ),
        FieldSpec::new(
            "on",
            "received on",
            FieldKind::Day,
            "The day the request was received (default today).",
        ),
        yes(
            "keep-private",
            "keep from other members",
            "yes when the member asks that the answer be kept from the other members (R-I4).",
        ),
        FieldSpec::new(
            "consent-on",
            "consent on",
            FieldKind::Date,
            "The individual's written consent, if it came with the request (R-I2).",
        ),
    ],
};

impl Create for InfoRequest {
    type Input = InfoRequestInput;

    fn spec() -> &'static ActionSpec {
        &NEW_INFO
    }

    fn input(get: &dyn Fn(&str) -> String) -> InfoRequestInput {
        InfoRequestInput {
            member: get("member"),
            what: get("what"),
            on_behalf_of: get("on-behalf-of"),
            declared_interest: get("interest"),
            received_on: get("on"),
            keep_from_other_members: get("keep-private"),
            consent_on: get("consent-on"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::machine::tests::{check_builder_reads_only_spec_fields, check_spec_table};

    #[test]
    fn spec_tables_follow_the_kinds() {
        for (i, (kind, _)) in REPORT.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?}");
        }
        for (i, (kind, _)) in ATTENDANCE.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?}");
        }
        for (i, (kind, _)) in INFO.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?}");
        }
        check_spec_table::<ReportActionKind>();
        check_spec_table::<AttendanceActionKind>();
        check_spec_table::<InfoActionKind>();
        check_builder_reads_only_spec_fields::<ReportActionKind, _>(|k, get| {
            assert_eq!(ReportAction::from_named(k, get).map(|a| a.kind()), Ok(k));
        });
        check_builder_reads_only_spec_fields::<AttendanceActionKind, _>(|k, get| {
            assert_eq!(
                AttendanceAction::from_named(k, get).map(|a| a.kind()),
                Ok(k)
            );
        });
        check_builder_reads_only_spec_fields::<InfoActionKind, _>(|k, get| {
            assert_eq!(InfoAction::from_named(k, get).map(|a| a.kind()), Ok(k));
        });
    }

    #[test]
    fn actions_build_from_named_fields() {
        let get = |k: &str| match k {
            "on" => "2026-11-01".to_string(),
            "facts" | "options" | "no-politics" | "no-recommendation" => "yes".to_string(),
            "group" => "Green".to_string(),
            _ => String::new(),
        };
        let tell = ReportActionKind::from_name("Tell_Group").unwrap();
        assert_eq!(
            ReportAction::from_named(tell, get).unwrap(),
            ReportAction::TellGroup {
                group: "Green".into(),
                on: "2026-11-01".into()
            }
        );
        assert!(matches!(
            ReportAction::from_named(ReportActionKind::Prepare, get).unwrap(),
            ReportAction::Prepare {
                states_facts: true,
                no_recommendation: true,
                ..
            }
        ));
        let err = ReportAction::from_named(ReportActionKind::Prepare, |_| "maybe".into());
        assert_eq!(err.unwrap_err().field, "facts");
        assert_eq!(
            AttendanceActionKind::from_name("attended"),
            Ok(AttendanceActionKind::RecordAttended)
        );
        assert!(InfoActionKind::from_name("frobnicate")
            .unwrap_err()
            .message
            .contains("assess"));
    }

    #[test]
    fn new_requests_are_built_from_their_specs() {
        crate::domain::machine::tests::check_create::<GroupReport>();
        crate::domain::machine::tests::check_create::<GroupAttendance>();
        crate::domain::machine::tests::check_create::<InfoRequest>();
    }
}
