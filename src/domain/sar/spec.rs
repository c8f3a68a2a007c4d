//! A subject access request's steps, declared once (see [`crate::domain::machine`]). There is no
//! delete.

use super::{Sar, SarAction, SarActionKind, SarInput};
use crate::domain::machine::{ActionKind, ActionSpec, Create, FieldKind, FieldSpec};

use SarActionKind as K;

static SPECS: [(SarActionKind, ActionSpec); 3] = [
    (
        K::Identity,
        ActionSpec {
            name: "identity",
            aliases: &["clarified", "identity-checked"],
            label: "identity checked",
            key: 'i',
            help: "Record the day the proof of identity or the clarification asked for arrived: the month runs from the later of that and receipt (R-DP1).",
            fields: &[FieldSpec::day(
                "identity on",
                "The day it arrived (default: today).",
            )],
        },
    ),
    (
        K::Extend,
        ActionSpec {
            name: "extend",
            aliases: &[],
            label: "extend",
            key: 'x',
            help: "Extend by two further months (complex or numerous requests); the requester must be told within the first month (R-DP1).",
            fields: &[
                FieldSpec::day("extended on", "The day the requester was told (default: today)."),
                FieldSpec::new("reason", "reason", FieldKind::Note, "Why it is extended.").required(),
            ],
        },
    ),
    (
        K::Answer,
        ActionSpec {
            name: "answer",
            aliases: &["answered"],
            label: "answered",
            // Not `a`: on every register tab `a` shows or hides closed records.
            key: 'w',
            help: "Record the day the request was answered (late answers are marked late).",
            fields: &[FieldSpec::day(
                "answered on",
                "The day it was answered (default: today).",
            )],
        },
    ),
];

impl ActionKind for SarActionKind {
    const ALL: &'static [Self] = &SarActionKind::ALL;
    const RECORD: &'static str = "subject access request";

    fn spec(self) -> &'static ActionSpec {
        &SPECS[self as usize].1
    }
}

impl SarAction {
    /// An action from named fields (as the demo data and the CLI name them).
    pub fn from_named(kind: SarActionKind, get: impl Fn(&str) -> String) -> SarAction {
        match kind {
            K::Identity => SarAction::Identity { on: get("on") },
            K::Extend => SarAction::Extend {
                on: get("on"),
                reason: get("reason"),
            },
            K::Answer => SarAction::Answer { on: get("on") },
        }
    }
}

/// A new request, declared once: the TUI's "Record a subject access request" form and
/// `clerkdesk sar add` (its options are these names).
static NEW: ActionSpec = ActionSpec {
    name: "add",
    aliases: &["new"],
    label: "Record a subject access request",
    key: 'n',
    help: "Record a request received from a member, an officer or anyone else (R-DP1).",
    fields: &[
        FieldSpec::new(
            "from",
            "requester",
            FieldKind::Name,
            "Who asked: M-003, O-002, an exact name of either, or anyone else's name.",
        )
        .required()
        .alias(&["requester"]),
        FieldSpec::new(
            "received",
            "received on",
            FieldKind::Day,
            "The day the request was received (default: today).",
        ),
        FieldSpec::new("what", "what", FieldKind::Note, "What they asked for.").required(),
    ],
};

impl Create for Sar {
    type Input = SarInput;

    fn spec() -> &'static ActionSpec {
        &NEW
    }

    fn input(get: &dyn Fn(&str) -> String) -> SarInput {
        SarInput {
            requester: get("from"),
            received_on: get("received"),
            what: get("what"),
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
        check_spec_table::<SarActionKind>();
        check_builder_reads_only_spec_fields::<SarActionKind, _>(|k, get| {
            assert_eq!(SarAction::from_named(k, get).kind(), k);
        });
    }

    #[test]
    fn a_new_request_is_built_from_its_spec() {
        crate::domain::machine::tests::check_create::<Sar>();
    }
}
