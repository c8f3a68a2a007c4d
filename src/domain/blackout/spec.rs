//! An election record's steps, declared once (see [`crate::domain::machine`]).

use super::{Election, ElectionAction, ElectionActionKind, ElectionInput};
use crate::domain::machine::{ActionKind, ActionSpec, Create, FieldKind, FieldSpec};
use crate::domain::rules::FieldError;

use ElectionActionKind as K;

/// The kinds as typed (the machine reads the screen's wording too).
const KIND: FieldSpec = FieldSpec::new(
    "kind",
    "kind",
    FieldKind::Choice(&[
        "ordinary",
        "by-election",
        "district",
        "county",
        "parliament",
        "pcc",
        "mayor",
        "referendum",
    ]),
    "ordinary or by-election (the council's own, R-P1); district, county (or \
     unitary), parliament, pcc, mayor or referendum (R-P5).",
);

const WARDS: FieldSpec = FieldSpec::new(
    "wards",
    "wards",
    FieldKind::Text,
    "Wards, comma separated: \"North, South\". Empty for the whole council.",
);

const NOTICE: FieldSpec = FieldSpec::new(
    "notice",
    "notice",
    FieldKind::Date,
    "The actual date of the notice of election, if it is published; required for \
     a UK Parliament election or a referendum (R-P5).",
);

const NAME: FieldSpec = FieldSpec::new(
    "name",
    "name",
    FieldKind::Text,
    "Which body or question, e.g. \"Northshire County Council\" (optional).",
);

static SPECS: [(ElectionActionKind, ActionSpec); 5] = [
    (
        K::Edit,
        ActionSpec {
            name: "edit",
            aliases: &[],
            label: "edit",
            key: 'e',
            help: "Change the election; fields not given keep their value (--notice \"\" clears the notice).",
            fields: &[
                KIND,
                WARDS,
                FieldSpec::new("poll", "poll", FieldKind::Date, "Polling day."),
                NOTICE,
                NAME,
            ],
        },
    ),
    (
        K::PublishNotice,
        ActionSpec {
            name: "publish-notice",
            aliases: &[],
            label: "notice published",
            key: 'o',
            help: "Record the publication of the notice of election: the period starts that day (R-P1).",
            fields: &[FieldSpec::day("notice", "The day it was published (default: today).")],
        },
    ),
    (
        K::RecordPoll,
        ActionSpec {
            name: "record-poll",
            aliases: &[],
            label: "poll held",
            key: 'p',
            help: "Record that the poll was held (on or after polling day).",
            fields: &[],
        },
    ),
    (
        K::Close,
        ActionSpec {
            name: "close",
            aliases: &[],
            label: "close",
            key: 'd',
            help: "Close the record after the poll.",
            fields: &[],
        },
    ),
    (
        K::Cancel,
        ActionSpec {
            name: "cancel",
            aliases: &[],
            label: "cancel",
            key: 'x',
            help: "No poll after all (before any notice was published).",
            fields: &[FieldSpec::new(
                "reason",
                "reason",
                FieldKind::Text,
                "Why there is no poll.",
            )
            .required()],
        },
    ),
];

impl ActionKind for ElectionActionKind {
    const ALL: &'static [Self] = &ElectionActionKind::ALL;
    const RECORD: &'static str = "election";

    fn spec(self) -> &'static ActionSpec {
        &SPECS[self as usize].1
    }
}

impl ElectionAction {
    /// An action from named fields; for `edit`, every field of the election as it should be.
    pub fn from_named(
        kind: ElectionActionKind,
        get: impl Fn(&str) -> String,
    ) -> Result<ElectionAction, FieldError> {
        Ok(match kind {
            K::Edit => ElectionAction::Edit(ElectionInput {
                kind: get("kind"),
                wards: get("wards"),
                poll: get("poll"),
                notice: get("notice"),
                name: get("name"),
            }),
            K::PublishNotice => ElectionAction::PublishNotice { on: get("on") },
            K::RecordPoll => ElectionAction::RecordPoll,
            K::Close => ElectionAction::Close,
            K::Cancel => ElectionAction::Cancel {
                reason: get("reason"),
            },
        })
    }
}

/// The edit fields' values as the election stands, so an edit changes only what is given.
pub fn edit_defaults(input: &ElectionInput) -> Vec<(&'static str, String)> {
    vec![
        ("kind", input.kind.clone()),
        ("wards", input.wards.clone()),
        ("poll", input.poll.clone()),
        ("notice", input.notice.clone()),
        ("name", input.name.clone()),
    ]
}

/// A new election, declared once: the Blackout tab's "Schedule an election" form (`N`) and
/// `clerkdesk blackout add` (its options are these names). Its kind is an ordinary election unless
/// said otherwise, on both faces, as an empty kind reads.
static NEW: ActionSpec = ActionSpec {
    name: "add",
    aliases: &["new"],
    label: "Schedule an election",
    key: 'N',
    help: "An election that covers the parish, with its pre-election period (R-P1, R-P5).",
    fields: &[
        KIND,
        WARDS,
        FieldSpec::new("poll", "poll", FieldKind::Date, "Polling day.").required(),
        FieldSpec::new(
            "notice",
            "notice",
            FieldKind::Date,
            "The actual date of the notice of election, if it is already published. Required for \
             a UK Parliament election or a referendum, which have no computed latest date (R-P5).",
        ),
        NAME,
    ],
};

impl Create for Election {
    type Input = ElectionInput;

    fn spec() -> &'static ActionSpec {
        &NEW
    }

    fn defaults() -> &'static [(&'static str, &'static str)] {
        &[("kind", "ordinary")]
    }

    fn input(get: &dyn Fn(&str) -> String) -> ElectionInput {
        ElectionInput {
            kind: get("kind"),
            wards: get("wards"),
            poll: get("poll"),
            notice: get("notice"),
            name: get("name"),
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
            assert_eq!(*kind as usize, i, "{kind:?}");
        }
        check_spec_table::<ElectionActionKind>();
        check_builder_reads_only_spec_fields::<ElectionActionKind, _>(|k, get| {
            assert_eq!(ElectionAction::from_named(k, get).map(|a| a.kind()), Ok(k));
        });
    }

    #[test]
    fn a_new_election_is_built_from_its_spec() {
        crate::domain::machine::tests::check_create::<Election>();
        // The default kind is the one an empty kind reads as.
        let start = Election::start(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
        assert_eq!(
            super::super::ElectionKind::parse("kind", &start.get("kind")),
            super::super::ElectionKind::parse("kind", "")
        );
    }
}
