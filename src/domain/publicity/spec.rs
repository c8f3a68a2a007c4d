//! A publicity item's steps, declared once (see [`crate::domain::machine`]).

use super::{ItemAction, ItemActionKind, PublicityInput, PublicityItem};
use crate::domain::machine::{ActionKind, ActionSpec, Create, FieldKind, FieldSpec};
use crate::domain::rules::FieldError;

use ItemActionKind as K;

static SPECS: [(ItemActionKind, ActionSpec); 4] = [
    (
        K::Edit,
        ActionSpec {
            name: "edit",
            aliases: &[],
            label: "edit",
            key: 'e',
            help: "Change the item (back to draft); fields not given keep their value.",
            fields: &[
                FieldSpec::new(
                    "file",
                    "text",
                    FieldKind::File,
                    "New text from this UTF-8 file.",
                ),
                FieldSpec::new("title", "title", FieldKind::Text, "The item's title."),
                FieldSpec::new(
                    "channel",
                    "channel",
                    CHANNELS,
                    "press-release, newsletter, website, social-media or noticeboard.",
                ),
                FieldSpec::new(
                    "planned",
                    "planned",
                    FieldKind::Date,
                    "The day it is planned to go out.",
                ),
                FieldSpec::new(
                    "statutory",
                    "statutory election notice",
                    FieldKind::YesNo,
                    "yes or no: a statutory notice about the election itself (R-P4).",
                ),
            ],
        },
    ),
    (
        K::Check,
        ActionSpec {
            name: "check",
            aliases: &[],
            label: "check",
            key: 'r',
            help: "Check the text (R-P2, R-P3): clean → checked, a blocking finding → blocked.",
            fields: &[],
        },
    ),
    (
        K::Approve,
        ActionSpec {
            name: "approve",
            aliases: &[],
            label: "approve",
            key: 'v',
            help: "Approve a checked item (checked again first).",
            fields: &[],
        },
    ),
    (
        K::Publish,
        ActionSpec {
            name: "publish",
            aliases: &[],
            label: "published",
            key: 'p',
            help: "Record that an approved item went out (checked again for that day).",
            fields: &[FieldSpec::day(
                "published on",
                "The day it went out (default: today).",
            )],
        },
    ),
];

impl ActionKind for ItemActionKind {
    const ALL: &'static [Self] = &ItemActionKind::ALL;
    const RECORD: &'static str = "publicity item";

    fn spec(self) -> &'static ActionSpec {
        &SPECS[self as usize].1
    }
}

impl ItemAction {
    /// An action from named fields; for `edit`, every field of the item as it should be, `file`
    /// holding the text itself (the command line reads the file).
    pub fn from_named(
        kind: ItemActionKind,
        get: impl Fn(&str) -> String,
    ) -> Result<ItemAction, FieldError> {
        Ok(match kind {
            K::Edit => ItemAction::Edit(PublicityInput {
                title: get("title"),
                channel: get("channel"),
                planned: get("planned"),
                text: get("file"),
                statutory_election_notice: get("statutory"),
            }),
            K::Check => ItemAction::Check,
            K::Approve => ItemAction::Approve,
            K::Publish => ItemAction::Publish { on: get("on") },
        })
    }
}

/// The edit fields' values as the item stands, so an edit changes only what is given.
pub fn edit_defaults(input: &PublicityInput) -> Vec<(&'static str, String)> {
    vec![
        ("file", input.text.clone()),
        ("title", input.title.clone()),
        ("channel", input.channel.clone()),
        ("planned", input.planned.clone()),
        ("statutory", input.statutory_election_notice.clone()),
    ]
}

/// The channels, as typed and as the machine reads them.
const CHANNELS: FieldKind = FieldKind::Choice(&[
    "press-release",
    "newsletter",
    "website",
    "social-media",
    "noticeboard",
]);

/// A new publicity item, declared once: the Blackout tab's "Draft publicity" form (`n`) and
/// `clerkdesk publicity add` (its options are these names). The text is the `file` field, as for
/// an edit: the command line reads the file, the form holds the text.
static NEW: ActionSpec = ActionSpec {
    name: "add",
    aliases: &["new"],
    label: "Draft publicity",
    key: 'n',
    help: "A draft of council publicity: r checks it for members' names (R-P2) and party credit \
           (R-P3) before it can be approved.",
    fields: &[
        FieldSpec::new("title", "title", FieldKind::Text, "The item's title.").required(),
        FieldSpec::new(
            "channel",
            "channel",
            CHANNELS,
            "press-release, newsletter, website, social-media or noticeboard.",
        )
        .required(),
        FieldSpec::new(
            "planned",
            "planned",
            FieldKind::Day,
            "The day it is planned to go out.",
        )
        .required(),
        FieldSpec::new("file", "text", FieldKind::File, "The text, a UTF-8 file.").required(),
        FieldSpec::new(
            "statutory",
            "statutory election notice",
            FieldKind::YesNo,
            "A statutory notice about the election itself (R-P4): noticeboard or website only.",
        ),
    ],
};

impl Create for PublicityItem {
    type Input = PublicityInput;

    fn spec() -> &'static ActionSpec {
        &NEW
    }

    fn input(get: &dyn Fn(&str) -> String) -> PublicityInput {
        PublicityInput {
            title: get("title"),
            channel: get("channel"),
            planned: get("planned"),
            text: get("file"),
            statutory_election_notice: get("statutory"),
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
        check_spec_table::<ItemActionKind>();
        check_builder_reads_only_spec_fields::<ItemActionKind, _>(|k, get| {
            assert_eq!(ItemAction::from_named(k, get).map(|a| a.kind()), Ok(k));
        });
    }

    #[test]
    fn a_new_item_is_built_from_its_spec() {
        crate::domain::machine::tests::check_create::<PublicityItem>();
    }
}
