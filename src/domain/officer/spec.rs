//! An officer record's steps, declared once (see [`crate::domain::machine`]).

use super::{staffing, Officer, OfficerAction, OfficerActionKind, OfficerInput};
use crate::domain::machine::{requiring, ActionKind, ActionSpec, Create, FieldKind, FieldSpec};
use crate::domain::rules::FieldError;

use OfficerActionKind as K;

/// An officer's details, field by field: what `add` takes (name, post and first day required)
/// and what `edit` changes (nothing required: a field not given keeps its value), so the add
/// form, the edit form, `officers add` and `officers do REF edit` read one list.
const DETAILS: [FieldSpec; 9] = [
    FieldSpec::new("name", "name", FieldKind::Name, "The officer's name."),
    FieldSpec::new(
        "post",
        "post",
        FieldKind::Choice(&["Clerk", "RFO", "Deputy Clerk", "Assistant", "Other"]),
        "Clerk, RFO, Deputy Clerk, Assistant or Other.",
    ),
    FieldSpec::new(
        "title",
        "title",
        FieldKind::Text,
        "The job title, when it says more than the post.",
    ),
    FieldSpec::new(
        "employment",
        "employment",
        FieldKind::Choice(&["employee", "consultant", "agency"]),
        "employee, consultant or agency (R-O1; a new officer: employee unless said).",
    ),
    FieldSpec::new(
        "line-manager",
        "line manager",
        FieldKind::Person,
        "An officer's name or reference; empty or \"council\" for the Clerk.",
    ),
    FieldSpec::new("started", "started", FieldKind::Day, "Their first day."),
    FieldSpec::new(
        "protocol-given",
        "protocol given",
        FieldKind::Date,
        "When the protocol was brought to their attention (R-O2), if it has been.",
    ),
    FieldSpec::new("email", "email", FieldKind::Text, "Email address."),
    FieldSpec::new("phone", "phone", FieldKind::Text, "Phone number."),
];

static SPECS: [(OfficerActionKind, ActionSpec); 4] = [
    (
        K::Edit,
        ActionSpec {
            name: "edit",
            aliases: &[],
            label: "edit",
            key: 'e',
            help: "Change the officer's details; fields not given keep their value.",
            fields: &DETAILS,
        },
    ),
    (
        K::RecordBriefing,
        ActionSpec {
            name: "brief",
            aliases: &["record-briefing"],
            label: "protocol given",
            key: 'p',
            help: "Record that the protocol was brought to the officer's attention, and by whom: \
                   their manager (R-O2).",
            fields: &[
                FieldSpec::day("given on", "The day it was given (default: today)."),
                FieldSpec::new(
                    "by",
                    staffing::BRIEFED_BY,
                    FieldKind::Person,
                    "Who gave it: their manager, an officer (for the Clerk, a member may).",
                )
                .required(),
            ],
        },
    ),
    (
        K::RecordLeaving,
        ActionSpec {
            name: "leave",
            aliases: &["record-leaving"],
            label: "leaving date",
            key: 'x',
            help: "Record the officer's leaving date.",
            fields: &[FieldSpec::day(
                "last day",
                "Their last day (default: today).",
            )],
        },
    ),
    (
        K::RecordRecruitment,
        ActionSpec {
            name: "recruited",
            aliases: &["record-recruitment"],
            label: "panel",
            key: 'r',
            help: "Record the panel that recruited the officer (R-O1); a member with a declared \
                   relationship sits on none (R-D1). Where the protocol says who recruits whom \
                   (the town model), members recruit the Clerk and officers the rest.",
            fields: &[
                FieldSpec::new(
                    "panel",
                    staffing::PANEL,
                    FieldKind::People,
                    "Who sat on it, comma separated names or references (M-001, O-002).",
                )
                .required(),
                FieldSpec::new(
                    "on",
                    staffing::PANEL_ON,
                    FieldKind::Day,
                    "The day the panel sat (default: today).",
                ),
            ],
        },
    ),
];

impl ActionKind for OfficerActionKind {
    const ALL: &'static [Self] = &OfficerActionKind::ALL;
    const RECORD: &'static str = "officer";

    fn spec(self) -> &'static ActionSpec {
        &SPECS[self as usize].1
    }
}

impl OfficerAction {
    /// An action from named fields; for `edit`, every field of the officer as it should be.
    pub fn from_named(
        kind: OfficerActionKind,
        get: impl Fn(&str) -> String,
    ) -> Result<OfficerAction, FieldError> {
        Ok(match kind {
            K::Edit => OfficerAction::Edit(details(&get)),
            K::RecordBriefing => OfficerAction::RecordBriefing {
                on: get("on"),
                by: get("by"),
            },
            K::RecordLeaving => OfficerAction::RecordLeaving { on: get("on") },
            K::RecordRecruitment => OfficerAction::RecordRecruitment {
                panel: get("panel"),
                on: get("on"),
            },
        })
    }
}

/// An officer's details from the fields by name: an edit's and a new officer's, one builder.
fn details(get: &dyn Fn(&str) -> String) -> OfficerInput {
    OfficerInput {
        name: get("name"),
        post: get("post"),
        title: get("title"),
        employment: get("employment"),
        line_manager: get("line-manager"),
        started: get("started"),
        protocol_briefed: get("protocol-given"),
        email: get("email"),
        phone: get("phone"),
    }
}

/// A new officer, declared once: the Officers tab's "New officer" form and `clerkdesk officers
/// add` (its options are these names). The fields are the edit's, with a name, a post and a first
/// day needed.
static NEW: ActionSpec = ActionSpec {
    name: "add",
    aliases: &["new"],
    label: "New officer",
    key: 'n',
    help: "Add an officer: an employee, a consultant or agency staff, in a post with a line \
           manager (R-O1); the protocol is then brought to their attention (R-O2).",
    fields: &requiring(DETAILS, &["name", "post", "started"]),
};

impl Create for Officer {
    type Input = OfficerInput;

    fn spec() -> &'static ActionSpec {
        &NEW
    }

    fn input(get: &dyn Fn(&str) -> String) -> OfficerInput {
        details(get)
    }
}

/// The edit fields' values as the officer stands, so an edit changes only what is given.
pub fn edit_defaults(input: &OfficerInput) -> Vec<(&'static str, String)> {
    vec![
        ("name", input.name.clone()),
        ("post", input.post.clone()),
        ("title", input.title.clone()),
        ("employment", input.employment.clone()),
        ("line-manager", input.line_manager.clone()),
        ("started", input.started.clone()),
        ("protocol-given", input.protocol_briefed.clone()),
        ("email", input.email.clone()),
        ("phone", input.phone.clone()),
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
        check_spec_table::<OfficerActionKind>();
        check_builder_reads_only_spec_fields::<OfficerActionKind, _>(|k, get| {
            assert_eq!(OfficerAction::from_named(k, get).map(|a| a.kind()), Ok(k));
        });
        let defaults = edit_defaults(&OfficerInput::default());
        for f in K::Edit.fields() {
            assert!(defaults.iter().any(|(n, _)| *n == f.name), "{}", f.name);
        }
    }

    /// A new officer is built from its spec; its fields are the edit's, the same names, labels
    /// and kinds in the same order, only a name, a post and a first day needed; an edit needs none.
    #[test]
    fn a_new_officer_is_built_from_its_spec_with_the_edits_fields() {
        let missing = crate::domain::machine::tests::check_create_with_edit_fields::<Officer>(
            K::Edit.fields(),
        );
        assert_eq!(missing, ["name", "post", "started"]);
    }
}
