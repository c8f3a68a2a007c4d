//! An election record's steps, declared once (see [`crate::domain::machine`]).

use super::{ElectionAction, ElectionActionKind, ElectionInput};
use crate::domain::machine::{ActionKind, ActionSpec, FieldKind, FieldSpec};
use crate::domain::rules::FieldError;

use ElectionActionKind as K;

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
                FieldSpec::new(
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
                ),
                FieldSpec::new(
                    "wards",
                    "wards",
                    FieldKind::Text,
                    "Wards, comma separated: \"North, South\". Empty for the whole council.",
                ),
                FieldSpec::new("poll", "poll", FieldKind::Date, "Polling day."),
                FieldSpec::new(
                    "notice",
                    "notice",
                    FieldKind::Date,
                    "The actual date of the notice of election, if it is published; required for \
                     a UK Parliament election or a referendum (R-P5).",
                ),
                FieldSpec::new(
                    "name",
                    "name",
                    FieldKind::Text,
                    "Which body or question, e.g. \"Northshire County Council\" (optional).",
                ),
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
}
