//! A gifts and hospitality entry's steps, declared once (see [`crate::domain::machine`]). There is
//! no delete (R-D4).

use super::{GiftAction, GiftActionKind};
use crate::domain::machine::{ActionKind, ActionSpec, FieldKind, FieldSpec};

use GiftActionKind as K;

static SPECS: [(GiftActionKind, ActionSpec); 3] = [
    (
        K::Notify,
        ActionSpec {
            name: "notify",
            aliases: &["notified"],
            label: "notified",
            // Not `n`: on every register tab `n` adds an entry.
            key: 'o',
            help: "Record the day it was notified to the Monitoring Officer (a member) or under the officer's terms (R-D5).",
            fields: &[FieldSpec::day(
                "notified on",
                "The day it was notified (default: today).",
            )],
        },
    ),
    (
        K::Correct,
        ActionSpec {
            name: "correct",
            aliases: &["edit"],
            label: "correct",
            key: 'e',
            help: "Correct the estimated value or the description before it is notified.",
            fields: &[
                FieldSpec::new(
                    "value",
                    "value",
                    FieldKind::Text,
                    "The estimated value in pounds (50, £49.99); default: as it stands.",
                ),
                FieldSpec::new(
                    "description",
                    "description",
                    FieldKind::Note,
                    "What it was; default: as it stands.",
                ),
            ],
        },
    ),
    (
        K::End,
        ActionSpec {
            name: "end",
            aliases: &[],
            label: "end",
            key: 'x',
            help: "End the entry, kept as history (R-D4).",
            fields: &[
                FieldSpec::day("last day", "The last day it applied (default: today)."),
                FieldSpec::new("reason", "reason", FieldKind::Note, "Why it ended.").required(),
            ],
        },
    ),
];

impl ActionKind for GiftActionKind {
    const ALL: &'static [Self] = &GiftActionKind::ALL;
    const RECORD: &'static str = "gifts and hospitality entry";

    fn spec(self) -> &'static ActionSpec {
        &SPECS[self as usize].1
    }
}

impl GiftAction {
    /// An action from named fields (as the demo data and the CLI name them).
    pub fn from_named(kind: GiftActionKind, get: impl Fn(&str) -> String) -> GiftAction {
        match kind {
            K::Notify => GiftAction::Notify { on: get("on") },
            K::Correct => GiftAction::Correct {
                value: get("value"),
                description: get("description"),
            },
            K::End => GiftAction::End {
                on: get("on"),
                reason: get("reason"),
            },
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
        check_spec_table::<GiftActionKind>();
        check_builder_reads_only_spec_fields::<GiftActionKind, _>(|k, get| {
            assert_eq!(GiftAction::from_named(k, get).kind(), k);
        });
    }
}
