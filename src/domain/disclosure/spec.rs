//! A register entry's steps, declared once (see [`crate::domain::machine`]). There is no delete
//! (R-D4).

use super::{Disclosure, DisclosureAction, DisclosureActionKind, DisclosureInput};
use crate::domain::machine::{yes_no, ActionKind, ActionSpec, Create, FieldKind, FieldSpec};
use crate::domain::rules::FieldError;

use DisclosureActionKind as K;

static SPECS: [(DisclosureActionKind, ActionSpec); 6] = [
    (
        K::RecordNotification,
        ActionSpec {
            name: "notify",
            aliases: &["notification"],
            label: "notification",
            key: 'r',
            help: "Record a notification of a relationship (R-D1), or of an interest: to the Monitoring Officer, or disclosed at a meeting (R-M3).",
            fields: &[
                FieldSpec::new(
                    "who",
                    "notified",
                    FieldKind::Choice(&["mg", "mc", "mm", "oc", "om", "mt"]),
                    "Who told whom: mg member → group leader, mc member → Clerk, mm member → Monitoring Officer, oc officer → Clerk, om officer → manager, mt member disclosed an interest at a meeting on that day (R-M3, s31: 28 days to notify the Monitoring Officer) (or those words).",
                )
                .required(),
                FieldSpec::day("told on", "The day they were told (default: today)."),
                FieldSpec::new(
                    "in-writing",
                    "in writing",
                    FieldKind::YesNo,
                    "Whether it was in writing (R-D1 needs the officer's in writing). Default: no.",
                ),
            ],
        },
    ),
    (
        K::Acknowledge,
        ActionSpec {
            name: "acknowledge",
            aliases: &["ack"],
            label: "acknowledge",
            key: 'o',
            help: "The Clerk acknowledges the declaration.",
            fields: &[FieldSpec::day(
                "acknowledged on",
                "The day it was acknowledged (default: today).",
            )],
        },
    ),
    (
        K::Activate,
        ActionSpec {
            name: "activate",
            aliases: &[],
            label: "activate",
            key: 'v',
            help: "Make the entry active once every notification is in.",
            fields: &[FieldSpec::day(
                "active from",
                "The day it is active from (default: today; --from says the same).",
            )
            .alias(&["from"])],
        },
    ),
    (
        K::MarkSensitive,
        ActionSpec {
            name: "sensitive",
            aliases: &["mark-sensitive"],
            label: "sensitive",
            key: 'p',
            help: "Withhold an interest from the published register (R-D2, s32).",
            fields: &[
                FieldSpec::new("reason", "reason", FieldKind::Note, "Why it is withheld.")
                    .required(),
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
    (
        K::Edit,
        ActionSpec {
            name: "edit",
            aliases: &["edit-description"],
            label: "edit description",
            key: 'e',
            help: "Replace the description before the entry is active.",
            fields: &[FieldSpec::new(
                "description",
                "description",
                FieldKind::Note,
                "The new description.",
            )
            .required()],
        },
    ),
];

impl ActionKind for DisclosureActionKind {
    const ALL: &'static [Self] = &DisclosureActionKind::ALL;
    const RECORD: &'static str = "register entry";

    fn spec(self) -> &'static ActionSpec {
        &SPECS[self as usize].1
    }
}

impl DisclosureAction {
    /// An action from named fields (as the demo data and the CLI name them).
    pub fn from_named(
        kind: DisclosureActionKind,
        get: impl Fn(&str) -> String,
    ) -> Result<DisclosureAction, FieldError> {
        Ok(match kind {
            K::RecordNotification => DisclosureAction::RecordNotification {
                who: get("who"),
                on: get("on"),
                in_writing: yes_no("in-writing", &get("in-writing"))?,
            },
            K::Acknowledge => DisclosureAction::Acknowledge { on: get("on") },
            K::Activate => DisclosureAction::Activate { from: get("on") },
            K::MarkSensitive => DisclosureAction::MarkSensitive {
                reason: get("reason"),
            },
            K::End => DisclosureAction::End {
                on: get("on"),
                reason: get("reason"),
            },
            K::Edit => DisclosureAction::Edit {
                description: get("description"),
            },
        })
    }
}

/// A new entry in the register, declared once: the Disclosures tab's "Declare a relationship or
/// interest" form (`n`) and `clerkdesk disclosures add` (its options are these names). Nothing is
/// preset but the day: the kind, the category and who declared it are the clerk's to say.
static NEW: ActionSpec = ActionSpec {
    name: "add",
    aliases: &["new"],
    label: "Declare a relationship or interest",
    key: 'n',
    help: "Declare a relationship (R-D1) or an interest (R-D2, R-D3).",
    fields: &[
        FieldSpec::new(
            "kind",
            "kind",
            FieldKind::Choice(&["relationship", "pecuniary", "other", "request"]),
            "relationship (R-D1), pecuniary (a DPI, R-D2), other (registerable interest) or \
             request (R-D3).",
        )
        .required(),
        FieldSpec::new(
            "category",
            "category",
            FieldKind::Text,
            "Relationship: family, partner, friendship, business, other. DPI: employment, \
             sponsorship, contracts, land, licences, corporate tenancies, securities.",
        ),
        FieldSpec::new(
            "member",
            "member",
            FieldKind::Member,
            "The member: reference (M-003) or name.",
        )
        .required(),
        FieldSpec::new(
            "officer",
            "officer",
            FieldKind::Person,
            "The officer, for a relationship: reference (O-002) or name.",
        ),
        FieldSpec::new(
            "description",
            "description",
            FieldKind::Note,
            "What the relationship or interest is.",
        )
        .required(),
        FieldSpec::new(
            "declared-by",
            "declared by",
            FieldKind::Choice(&["member", "officer", "both"]),
            "member, officer or both (an interest is declared by the member).",
        ),
        FieldSpec::new(
            "on",
            "declared on",
            FieldKind::Day,
            "The day it was declared (default: today).",
        ),
        FieldSpec::new(
            "aware-on",
            "aware on",
            FieldKind::Date,
            "Registerable interests: the day the member became aware of it (R-M3; default: \
             declared).",
        ),
        FieldSpec::new(
            "request",
            "request",
            FieldKind::Text,
            "Request interests: the request for documents it was declared with (R-D3).",
        ),
    ],
};

impl Create for Disclosure {
    type Input = DisclosureInput;

    fn spec() -> &'static ActionSpec {
        &NEW
    }

    fn input(get: &dyn Fn(&str) -> String) -> DisclosureInput {
        DisclosureInput {
            kind: get("kind"),
            category: get("category"),
            member: get("member"),
            officer: get("officer"),
            description: get("description"),
            declared_by: get("declared-by"),
            declared_on: get("on"),
            aware_on: get("aware-on"),
            request_ref: get("request"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::machine::tests::{check_builder_reads_only_spec_fields, check_spec_table};

    #[test]
    fn a_new_entry_is_built_from_its_spec() {
        crate::domain::machine::tests::check_create::<Disclosure>();
    }

    #[test]
    fn spec_table_follows_the_kinds() {
        for (i, (kind, _)) in SPECS.iter().enumerate() {
            assert_eq!(*kind as usize, i, "{kind:?}");
        }
        check_spec_table::<DisclosureActionKind>();
        check_builder_reads_only_spec_fields::<DisclosureActionKind, _>(|k, get| {
            assert_eq!(
                DisclosureAction::from_named(k, get).map(|a| a.kind()),
                Ok(k)
            );
        });
        assert_eq!(K::Activate.spec().field("from").map(|f| f.name), Some("on"));
    }
}
