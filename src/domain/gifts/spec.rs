//! A gifts and hospitality entry's steps, declared once (see [`crate::domain::machine`]). There is
//! no delete (R-D4).

use super::{Gift, GiftAction, GiftActionKind, GiftInput};
use crate::domain::machine::{ActionKind, ActionSpec, Create, FieldKind, FieldSpec};

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

/// A new entry in the register, declared once: the TUI's "Record a gift or hospitality" form
/// and `clerkdesk gifts add` (its options are these names).
static NEW: ActionSpec = ActionSpec {
    name: "add",
    aliases: &["new"],
    label: "Record a gift or hospitality",
    key: 'n',
    help: "Record a gift or hospitality received or declined by a member or an officer (R-D5).",
    fields: &[
        FieldSpec::new(
            "who",
            "recipient",
            FieldKind::Person,
            "The member or officer: M-003, O-002 or an exact name.",
        )
        .required()
        .alias(&["recipient"]),
        FieldSpec::new(
            "offer",
            "offer",
            FieldKind::Choice(&["received", "declined"]),
            "received or declined (significant offers declined are registered too).",
        ),
        FieldSpec::new("giver", "giver", FieldKind::Text, "Who gave or offered it.").required(),
        FieldSpec::new(
            "description",
            "description",
            FieldKind::Note,
            "What it was.",
        )
        .required(),
        FieldSpec::new(
            "value",
            "value",
            FieldKind::Text,
            "The estimated value in pounds (50, £49.99).",
        )
        .required(),
        FieldSpec::new(
            "received",
            "received on",
            FieldKind::Day,
            "The day it was received, or offered when declined (default: today).",
        ),
        FieldSpec::new(
            "notified",
            "notified on",
            FieldKind::Date,
            "The day it was notified, when it already has been.",
        ),
    ],
};

impl Create for Gift {
    type Input = GiftInput;

    fn spec() -> &'static ActionSpec {
        &NEW
    }

    fn defaults() -> &'static [(&'static str, &'static str)] {
        &[("offer", "received")]
    }

    fn input(get: &dyn Fn(&str) -> String) -> GiftInput {
        GiftInput {
            recipient: get("who"),
            offer: get("offer"),
            giver: get("giver"),
            description: get("description"),
            value: get("value"),
            received_on: get("received"),
            notified_on: get("notified"),
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

    #[test]
    fn a_new_entry_is_built_from_its_spec() {
        crate::domain::machine::tests::check_create::<Gift>();
    }
}
