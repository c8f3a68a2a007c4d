//! A subject access request's steps, declared once (see [`crate::domain::machine`]). There is no
//! delete.

use super::{SarAction, SarActionKind};
use crate::domain::machine::{ActionKind, ActionSpec, FieldKind, FieldSpec};

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
}
