//! A dispensation's steps, declared once (see [`crate::domain::machine`]). There is no delete
//! (R-D4).

use super::{Dispensation, DispensationAction, DispensationActionKind, DispensationInput, GROUNDS};
use crate::domain::machine::{ActionKind, ActionSpec, Create, FieldKind, FieldSpec};

use DispensationActionKind as K;

static SPECS: [(DispensationActionKind, ActionSpec); 4] = [
    (
        K::Grant,
        ActionSpec {
            name: "grant",
            aliases: &["granted"],
            label: "grant",
            // Not `g`: on every tab `g` goes to the first row.
            key: 'y',
            help: "Record that it was granted: on which ground of s33(2), by whom, by which minute, and until when (at most four years, R-D6).",
            fields: &[
                FieldSpec::day("granted on", "The day it was decided; the period starts then (default: today)."),
                FieldSpec::new("ground", "ground", FieldKind::Choice(&GROUNDS), "The ground in Localism Act 2011 s33(2).").required(),
                FieldSpec::new("by", "decided by", FieldKind::Choice(&["council", "committee", "officer"]), "The council, a committee, or an officer under delegation (LGA 1972 s101).").required(),
                FieldSpec::new("body", "committee or officer", FieldKind::Text, "Which committee or officer decided (not needed for the council)."),
                FieldSpec::new("minute", "minute", FieldKind::Text, "The resolution or minute reference (for an officer, the delegation it relies on).").required(),
                FieldSpec::new("until", "expires on", FieldKind::Date, "The day it expires: at most four years after it was granted.").required(),
            ],
        },
    ),
    (
        K::Refuse,
        ActionSpec {
            name: "refuse",
            aliases: &["refused"],
            label: "refuse",
            key: 'r',
            help: "Record that the request was refused, with the reason.",
            fields: &[
                FieldSpec::day("refused on", "The day it was decided (default: today)."),
                FieldSpec::new("reason", "reason", FieldKind::Note, "Why it was refused.").required(),
            ],
        },
    ),
    (
        K::Expire,
        ActionSpec {
            name: "expire",
            aliases: &["expired"],
            label: "expired",
            key: 'x',
            help: "Record that the period has run out (on or after its expiry date); kept as history (R-D4).",
            fields: &[],
        },
    ),
    (
        K::Revoke,
        ActionSpec {
            name: "revoke",
            aliases: &[],
            label: "revoke",
            key: 'v',
            help: "Record that it was revoked before it expired, by which minute and why; kept as history (R-D4).",
            fields: &[
                FieldSpec::day("revoked on", "The day it was revoked (default: today)."),
                FieldSpec::new("minute", "minute", FieldKind::Text, "The resolution or minute reference.").required(),
                FieldSpec::new("reason", "reason", FieldKind::Note, "Why it was revoked.").required(),
            ],
        },
    ),
];

impl ActionKind for DispensationActionKind {
    const ALL: &'static [Self] = &DispensationActionKind::ALL;
    const RECORD: &'static str = "dispensation";

    fn spec(self) -> &'static ActionSpec {
        &SPECS[self as usize].1
    }
}

impl DispensationAction {
    /// An action from named fields (as the demo data and the CLI name them).
    pub fn from_named(
        kind: DispensationActionKind,
        get: impl Fn(&str) -> String,
    ) -> DispensationAction {
        match kind {
            K::Grant => DispensationAction::Grant {
                on: get("on"),
                ground: get("ground"),
                by: get("by"),
                body: get("body"),
                minute: get("minute"),
                until: get("until"),
            },
            K::Refuse => DispensationAction::Refuse {
                on: get("on"),
                reason: get("reason"),
            },
            K::Expire => DispensationAction::Expire,
            K::Revoke => DispensationAction::Revoke {
                on: get("on"),
                minute: get("minute"),
                reason: get("reason"),
            },
        }
    }
}

/// A new request for a dispensation, declared once: the TUI's "Record a request for a
/// dispensation" form and `clerkdesk dispensations add` (its options are these names).
static NEW: ActionSpec = ActionSpec {
    name: "add",
    aliases: &["new"],
    label: "Record a request for a dispensation",
    key: 'n',
    help: "A member's written request to the Proper Officer to take part in business they have \
           an interest in; the council decides it (grant or refuse).",
    fields: &[
        FieldSpec::new(
            "member",
            "member",
            FieldKind::Member,
            "The member: M-003 or an exact name.",
        )
        .required(),
        FieldSpec::new(
            "business",
            "business",
            FieldKind::Note,
            "The matters or kinds of business it would cover.",
        )
        .required(),
        FieldSpec::new(
            "requested",
            "requested on",
            FieldKind::Day,
            "The day the written request reached the Proper Officer (default: today).",
        ),
    ],
};

impl Create for Dispensation {
    type Input = DispensationInput;

    fn spec() -> &'static ActionSpec {
        &NEW
    }

    fn input(get: &dyn Fn(&str) -> String) -> DispensationInput {
        DispensationInput {
            member: get("member"),
            business: get("business"),
            requested_on: get("requested"),
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
        check_spec_table::<DispensationActionKind>();
        check_builder_reads_only_spec_fields::<DispensationActionKind, _>(|k, get| {
            assert_eq!(DispensationAction::from_named(k, get).kind(), k);
        });
    }

    #[test]
    fn a_new_request_is_built_from_its_spec() {
        crate::domain::machine::tests::check_create::<Dispensation>();
    }
}
