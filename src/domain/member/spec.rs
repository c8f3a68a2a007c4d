//! A member record's steps, declared once (see [`crate::domain::machine`]).

use super::{Appointment, Member, MemberAction, MemberActionKind, MemberInput};
use crate::domain::machine::{requiring, ActionKind, ActionSpec, Create, FieldKind, FieldSpec};
use crate::domain::rules::FieldError;

use MemberActionKind as K;

/// A member's details, field by field: what `add` takes (name and term start required) and what
/// `edit` changes (nothing required: a field not given keeps its value), so the add form, the edit
/// form, `members add` and `members do REF edit` read one list.
const DETAILS: [FieldSpec; 9] = [
    FieldSpec::new("name", "name", FieldKind::Name, "The member's name."),
    FieldSpec::new(
        "ward",
        "ward",
        FieldKind::Text,
        "Their ward, where the parish is warded (R-M1).",
    ),
    FieldSpec::new(
        "group",
        "group",
        FieldKind::Group,
        "A political group of the council, or Independent (a new member: Independent unless said).",
    ),
    FieldSpec::new(
        "joined-by",
        "joined by",
        FieldKind::Choice(&["elected", "co-opted"]),
        "elected or co-opted (a new member: elected unless said).",
    ),
    FieldSpec::new(
        "term-start",
        "term start",
        FieldKind::Day,
        "Start of the current term.",
    ),
    FieldSpec::new(
        "dpi-registered",
        "DPI registered",
        FieldKind::Date,
        "When the DPI notification was registered (R-M3), if it has been.",
    ),
    FieldSpec::new("email", "email", FieldKind::Text, "Email address."),
    FieldSpec::new("phone", "phone", FieldKind::Text, "Phone number."),
    FieldSpec::new(
        "sort-name",
        "sort name",
        FieldKind::Text,
        "How they sort in lists when the family name is not the last word of the name \
         (\"ap Dafydd\"); empty: the last word.",
    ),
];

static SPECS: [(MemberActionKind, ActionSpec); 4] = [
    (
        K::Edit,
        ActionSpec {
            name: "edit",
            aliases: &[],
            label: "edit",
            key: 'e',
            help: "Change the member's details; fields not given keep their value.",
            fields: &DETAILS,
        },
    ),
    (
        K::RecordDpi,
        ActionSpec {
            name: "dpi",
            aliases: &["record-dpi"],
            label: "DPI registered",
            key: 'd',
            help: "Record that the member's DPI notification was registered (R-M3).",
            fields: &[FieldSpec::day(
                "registered on",
                "The day the register received it (default: today).",
            )],
        },
    ),
    (
        K::Appoint,
        ActionSpec {
            name: "appoint",
            aliases: &[],
            label: "appoint to office",
            key: 'o',
            help: "Appoint the member to an office (R-M2); the current holder's term ends the day before.",
            fields: &[
                FieldSpec::new(
                    "office",
                    "office",
                    FieldKind::Choice(&Appointment::CHOICES),
                    "Chairman, Vice-Chairman, Leader, Chair of Staffing, Town Mayor, \"group leader\", or a \
                     committee's chair or vice-chair: \"Planning committee chair\".",
                )
                .required(),
                FieldSpec::new(
                    "committee",
                    "committee",
                    FieldKind::Text,
                    "For a committee chair or vice-chair: the committee (\"Planning\").",
                ),
                FieldSpec::new(
                    "from",
                    "from",
                    FieldKind::Day,
                    "The first day in office (default: today).",
                ),
            ],
        },
    ),
    (
        K::EndTerm,
        ActionSpec {
            name: "end-term",
            aliases: &[],
            label: "end term",
            key: 'x',
            help: "End the member's term (R-M1); they leave every office they hold (R-M2).",
            fields: &[
                FieldSpec::day("last day", "Their last day (default: today)."),
                FieldSpec::new(
                    "reason",
                    "reason",
                    FieldKind::Text,
                    "Why: resigned, not re-elected, disqualified, died …",
                )
                .required(),
            ],
        },
    ),
];

impl ActionKind for MemberActionKind {
    const ALL: &'static [Self] = &MemberActionKind::ALL;
    const RECORD: &'static str = "member";

    fn spec(self) -> &'static ActionSpec {
        &SPECS[self as usize].1
    }
}

impl MemberAction {
    /// An action from named fields; for `edit`, every field of the member as it should be.
    pub fn from_named(
        kind: MemberActionKind,
        get: impl Fn(&str) -> String,
    ) -> Result<MemberAction, FieldError> {
        Ok(match kind {
            K::Edit => MemberAction::Edit(details(&get)),
            K::RecordDpi => MemberAction::RecordDpi { on: get("on") },
            // R-M2: "committee chair" with "Planning" is the Planning committee chair.
            K::Appoint => MemberAction::Appoint {
                office: Appointment::office_text(&get("office"), &get("committee")),
                from: get("from"),
            },
            K::EndTerm => MemberAction::EndTerm {
                on: get("on"),
                reason: get("reason"),
            },
        })
    }
}

/// A member's details from the fields by name: an edit's and a new member's, one builder.
fn details(get: &dyn Fn(&str) -> String) -> MemberInput {
    MemberInput {
        name: get("name"),
        sort_name: get("sort-name"),
        ward: get("ward"),
        group: get("group"),
        joined_by: get("joined-by"),
        term_start: get("term-start"),
        dpi_registered: get("dpi-registered"),
        email: get("email"),
        phone: get("phone"),
    }
}

/// A new member, declared once: the Members tab's "New member" form and `clerkdesk members add`
/// (its options are these names). The fields are the edit's, with a name and a term start needed.
static NEW: ActionSpec = ActionSpec {
    name: "add",
    aliases: &["new"],
    label: "New member",
    key: 'n',
    help: "Add a member of the council, elected or co-opted (R-M1); their DPI notification then \
           falls due (R-M3).",
    fields: &requiring(DETAILS, &["name", "term-start"]),
};

impl Create for Member {
    type Input = MemberInput;

    fn spec() -> &'static ActionSpec {
        &NEW
    }

    fn input(get: &dyn Fn(&str) -> String) -> MemberInput {
        details(get)
    }
}

/// The edit fields' values as the member stands, so an edit changes only what is given.
pub fn edit_defaults(input: &MemberInput) -> Vec<(&'static str, String)> {
    vec![
        ("name", input.name.clone()),
        ("sort-name", input.sort_name.clone()),
        ("ward", input.ward.clone()),
        ("group", input.group.clone()),
        ("joined-by", input.joined_by.clone()),
        ("term-start", input.term_start.clone()),
        ("dpi-registered", input.dpi_registered.clone()),
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
        check_spec_table::<MemberActionKind>();
        check_builder_reads_only_spec_fields::<MemberActionKind, _>(|k, get| {
            assert_eq!(MemberAction::from_named(k, get).map(|a| a.kind()), Ok(k));
        });
        let defaults = edit_defaults(&MemberInput::default());
        for f in K::Edit.fields() {
            assert!(defaults.iter().any(|(n, _)| *n == f.name), "{}", f.name);
        }
    }

    /// A new member is built from its spec; its fields are the edit's, the same names, labels and
    /// kinds in the same order, only a name and a term start needed; an edit needs none.
    #[test]
    fn a_new_member_is_built_from_its_spec_with_the_edits_fields() {
        let missing = crate::domain::machine::tests::check_create_with_edit_fields::<Member>(
            K::Edit.fields(),
        );
        let required: Vec<&str> = Member::spec()
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.name)
            .collect();
        assert_eq!(required, ["name", "term-start"]);
        assert_eq!(missing, ["name", "term-start"]);
    }
}
