//! One declaration per action: every state machine's action kind answers [`ActionKind::spec`], the
//! one table that gives the action its CLI name (and shorter spellings), its key and label on the
//! screen, and the fields it reads. The TUI's key bar, the CLI's `<kind> do REF ACTION --field
//! value`, its `--help`, and the demo data all read the same table, so they cannot drift apart.
//!
//! Each machine keeps its table beside it, in its folder's `spec.rs` (`grievance/`, `requests/`,
//! `disclosure/`, `publicity/`, `member/`, `officer/`, `blackout/`, `gifts/`, `dispensations/`) together with
//! its builder, `…Action::from_named(kind, get)`, which reads exactly the fields its spec names
//! (`tests_machine.rs` checks that for every action of every machine).

use std::collections::BTreeMap;
use std::fmt::Debug;

use chrono::NaiveDate;

use super::rules::{FieldError, Refusal, Rejection};
use super::Context;

/// What a field holds, so a face can offer the right input and say what to type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A day; when not given it is today.
    Day,
    /// A day with no default (empty where the record allows it).
    Date,
    /// A short line: a title, a ward.
    Text,
    /// Someone named in words (who mediated, a representative).
    Name,
    /// A political group of the council, by name.
    Group,
    /// Free text that may run to a paragraph.
    Note,
    /// One of these words.
    Choice(&'static [&'static str]),
    /// A member or an officer: a reference or an exact name.
    Person,
    /// One member of the council: a reference or an exact name.
    Member,
    /// Members of the council, comma separated references.
    Members,
    /// Members and officers together, comma separated references or exact names (a recruitment
    /// panel, R-O1).
    People,
    /// yes or no.
    YesNo,
    /// A UTF-8 text file whose contents are the value (the CLI reads it; a form holds the text).
    File,
}

impl FieldKind {
    /// The word for the value in `--help` (`--on DATE`).
    pub fn value_name(self) -> &'static str {
        match self {
            FieldKind::Day | FieldKind::Date => "DATE",
            FieldKind::Text | FieldKind::Note => "TEXT",
            FieldKind::Name => "NAME",
            FieldKind::Group => "GROUP",
            FieldKind::Choice(_) => "WORD",
            FieldKind::Person | FieldKind::Member => "PERSON",
            FieldKind::Members => "MEMBERS",
            FieldKind::People => "PEOPLE",
            FieldKind::YesNo => "YES|NO",
            FieldKind::File => "FILE",
        }
    }

    /// What to type, as help and `show` print it: `DATE`, `yes|no`, `upheld|not-upheld` …
    pub fn placeholder(self) -> String {
        match self {
            FieldKind::Day | FieldKind::Date => "DATE".into(),
            FieldKind::Text => "TEXT".into(),
            FieldKind::Name => "NAME".into(),
            FieldKind::Group => "GROUP".into(),
            FieldKind::Note => "TEXT".into(),
            FieldKind::Choice(words) => words.join("|"),
            FieldKind::Person | FieldKind::Member => "PERSON".into(),
            FieldKind::Members => "M-001,M-002".into(),
            FieldKind::People => "M-001,O-002".into(),
            FieldKind::YesNo => "yes|no".into(),
            FieldKind::File => "FILE".into(),
        }
    }
}

/// One input an action reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// The field's one name: the CLI's long option without dashes (`on`, `skip-reason`), the key in
    /// the demo data.
    pub name: &'static str,
    /// Other names accepted for it (`from` for an activation's `on`).
    pub aliases: &'static [&'static str],
    /// What a form and a field error call it ("held on"): the word the machine's `apply()` names
    /// a bad value with, so [`ActionKind::field_of_error`] finds the field (`tests_machine.rs`
    /// checks every error the machines give maps to a field this way).
    pub label: &'static str,
    pub kind: FieldKind,
    /// The action cannot be taken without it.
    pub required: bool,
    /// One line saying what it is, in the clerk's words.
    pub help: &'static str,
}

impl FieldSpec {
    /// Checks one value as the builder's own parse does (a day, a name, free text), so a form can
    /// say what is wrong with a field as the clerk leaves it. Fields only the whole action can
    /// judge (a person, a choice, a group) pass here and are checked on save.
    pub fn check(&self, raw: &str) -> Result<(), FieldError> {
        use super::{dates, text};
        let label = self.label;
        match self.kind {
            FieldKind::Day | FieldKind::Date if raw.trim().is_empty() && !self.required => Ok(()),
            FieldKind::Day | FieldKind::Date => dates::parse_date(label, raw).map(drop),
            FieldKind::Text | FieldKind::Name if self.required => {
                text::required_name(label, raw).map(drop)
            }
            FieldKind::Text | FieldKind::Name => text::optional_name(label, raw).map(drop),
            FieldKind::Note => text::note(label, raw).map(drop),
            _ => Ok(()),
        }
    }

    pub const fn new(
        name: &'static str,
        label: &'static str,
        kind: FieldKind,
        help: &'static str,
    ) -> FieldSpec {
        FieldSpec {
            name,
            aliases: &[],
            label,
            kind,
            required: false,
            help,
        }
    }

    /// The day the step was taken, default today.
    pub const fn day(label: &'static str, help: &'static str) -> FieldSpec {
        FieldSpec::new("on", label, FieldKind::Day, help)
    }

    pub const fn required(self) -> FieldSpec {
        FieldSpec {
            required: true,
            ..self
        }
    }

    pub const fn alias(self, aliases: &'static [&'static str]) -> FieldSpec {
        FieldSpec { aliases, ..self }
    }

    /// This field's name or one of its aliases.
    pub fn answers_to(&self, name: &str) -> bool {
        self.name == name || self.aliases.contains(&name)
    }
}

/// `fields` with the ones named required: a record's details as its creation takes them, where
/// its edit (which keeps what is not given) reads the same list with nothing required. A name not
/// in the list stops the build.
pub const fn requiring<const N: usize>(
    mut fields: [FieldSpec; N],
    names: &[&str],
) -> [FieldSpec; N] {
    let mut n = 0;
    while n < names.len() {
        let mut found = false;
        let mut i = 0;
        while i < N {
            if same_name(fields[i].name, names[n]) {
                fields[i].required = true;
                found = true;
            }
            i += 1;
        }
        assert!(found, "requiring: a field the list does not hold");
        n += 1;
    }
    fields
}

/// `a == b`, where a constant is built.
const fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// One action of one machine, declared once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionSpec {
    /// The name typed at the command line and written in the demo data (`hold-hearing`).
    pub name: &'static str,
    /// Shorter spellings also accepted (`tell` for `tell-group`).
    pub aliases: &'static [&'static str],
    /// What the key bar and the form title say.
    pub label: &'static str,
    /// The key on the record's screen. Keys avoid the list keys ([`super::LIST_KEYS`]).
    pub key: char,
    /// One line for `--help`.
    pub help: &'static str,
    pub fields: &'static [FieldSpec],
}

impl ActionSpec {
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.answers_to(name))
    }

    /// The field a domain field error is about: by its name, an alias or its label (the word a
    /// record's own checks name a bad value with).
    pub fn field_of_error(&self, error_field: &str) -> Option<&'static FieldSpec> {
        self.fields
            .iter()
            .find(|f| f.answers_to(error_field) || f.label == error_field)
    }
}

/// A machine's action kind: every kind of step a record can take. Implemented by each of the nine
/// machines' `…ActionKind` enums; `ALL` lists them in the order the key bar shows them.
pub trait ActionKind: Copy + Eq + Debug + 'static {
    const ALL: &'static [Self];
    /// What the machine's records are called in messages ("case", "entry", "election" …).
    const RECORD: &'static str;

    fn spec(self) -> &'static ActionSpec;

    fn key(self) -> char {
        self.spec().key
    }

    fn label(self) -> &'static str {
        self.spec().label
    }

    fn name(self) -> &'static str {
        self.spec().name
    }

    fn fields(self) -> &'static [FieldSpec] {
        self.spec().fields
    }

    /// `hold-hearing`, `Hold_Hearing` or an alias such as `tell`.
    fn from_name(raw: &str) -> Result<Self, FieldError> {
        let wanted = raw.trim().to_lowercase().replace('_', "-");
        Self::ALL
            .iter()
            .copied()
            .find(|k| {
                let s = k.spec();
                s.name == wanted || s.aliases.contains(&wanted.as_str())
            })
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|k| k.name()).collect();
                FieldError::new(
                    "action",
                    format!(
                        "'{}' is not an action on a {} ({})",
                        raw.trim(),
                        Self::RECORD,
                        names.join(", ")
                    ),
                )
            })
    }

    fn from_key(c: char) -> Option<Self> {
        Self::ALL.iter().copied().find(|k| k.key() == c)
    }

    /// The spec field a domain field error is about: the field whose name, alias or label the
    /// error names. `None` when the error is about something the action does not read.
    fn field_of_error(self, error_field: &str) -> Option<&'static FieldSpec> {
        self.spec().field_of_error(error_field)
    }

    /// The rejection with each field error renamed to the spec's field name, so a face can show it
    /// its own way (`--on` at the command line, the label on a form). Errors about fields the
    /// action does not read are left as they are.
    fn name_fields(self, rejection: Rejection) -> Rejection {
        match rejection {
            Rejection::Invalid(errors) => Rejection::Invalid(
                errors
                    .into_iter()
                    .map(|mut e| {
                        if let Some(f) = self.field_of_error(e.field) {
                            e.field = f.name;
                        }
                        e
                    })
                    .collect(),
            ),
            refused => refused,
        }
    }
}

/// One state machine: a kind of record and the steps it takes. Every machine (case, disclosure,
/// member, officer, election, publicity item, group report, group-meeting attendance, information
/// request, gift, dispensation, subject access request) answers the same three questions with the
/// same one [`Context`], so a face, the session and the property tests ask each of them the same
/// way:
///
/// - [`available`](Machine::available): what may be done now, which is what the key bar and
///   `show` offer;
/// - [`not_now`](Machine::not_now): why a kind of step may not, with the rule and clause `apply`
///   refuses it with, asked without building an action;
/// - [`apply`](Machine::apply): the step's event (the new record, what the audit trail says), or
///   a [`Rejection`]; nothing changes on a refusal.
///
/// What only some machines read is in the context too: who acts ([`Context::acting`], the case),
/// the register of interests ([`Context::with_conflicts`], the case) and the elections
/// ([`Context::with_elections`], a publicity item's check).
pub trait Machine: Clone {
    /// The kinds of step, declared once in the machine's spec table.
    type Kind: ActionKind;
    /// One step with its values.
    type Action;
    /// What an accepted step gives: the new record and what to write in the audit trail.
    type Event;

    fn available(&self, ctx: &Context) -> Vec<Self::Kind>;

    fn not_now(&self, kind: Self::Kind, ctx: &Context) -> Refusal;

    fn apply(&self, action: Self::Action, ctx: &Context) -> Result<Self::Event, Rejection>;

    /// The kind of step an action is.
    fn kind_of(action: &Self::Action) -> Self::Kind;

    /// The record as an accepted step left it.
    fn record(event: &Self::Event) -> &Self;

    /// `Ok` when `kind` is open now, else its refusal from [`not_now`](Machine::not_now): what a
    /// face asks before it opens a step's form.
    fn open_for(&self, kind: Self::Kind, ctx: &Context) -> Result<(), Refusal> {
        if self.available(ctx).contains(&kind) {
            Ok(())
        } else {
            Err(self.not_now(kind, ctx))
        }
    }
}

/// The values of one step by field name (the spec's `name`, never an alias or a label): what the
/// CLI's options and a TUI step form both come to, and what [`BuildAction::build`] reads. One map
/// for both faces, so a step typed at the command line and one saved from a form are built by the
/// same function from the same thing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Values(BTreeMap<&'static str, String>);

impl Values {
    /// The value of a field; empty when it has none.
    pub fn get(&self, name: &str) -> String {
        self.0.get(name).cloned().unwrap_or_default()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// Sets a field's value, giving back the one it replaces.
    pub fn set(&mut self, name: &'static str, value: String) -> Option<String> {
        self.0.insert(name, value)
    }

    /// What a field left out means, for every field of `spec` not given: the record's current
    /// value where it has one (`current`, by field name: an edit keeps what it does not change),
    /// else today for a day the step was taken ([`FieldKind::Day`]), else nothing.
    pub fn fill_defaults(
        &mut self,
        spec: &ActionSpec,
        today: NaiveDate,
        current: &[(&'static str, String)],
    ) {
        for f in spec.fields {
            if self.contains(f.name) {
                continue;
            }
            if let Some((_, v)) = current.iter().find(|(n, _)| *n == f.name) {
                self.set(f.name, v.clone());
            } else if f.kind == FieldKind::Day {
                self.set(f.name, super::dates::show(today));
            }
        }
    }

    /// The fields `spec` cannot be taken without that have no value: each an error named by the
    /// field's name, worded the same for both faces ("required (The member's name.)"; the face
    /// puts the field's name before it, as a label or an option).
    pub fn missing(&self, spec: &ActionSpec) -> Vec<FieldError> {
        spec.fields
            .iter()
            .filter(|f| f.required && self.get(f.name).trim().is_empty())
            .map(|f| FieldError::new(f.name, format!("required ({})", f.help)))
            .collect()
    }

    /// The values a step starts from, defaults filled: what a form shows when it opens.
    pub fn defaults(
        spec: &ActionSpec,
        today: NaiveDate,
        current: &[(&'static str, String)],
    ) -> Values {
        let mut values = Values::default();
        values.fill_defaults(spec, today, current);
        values
    }
}

/// How a kind of record is created, declared once as its steps are: an [`ActionSpec`] (the name
/// `add` and other spellings, the form's title as its label, the key that opens the form on its
/// tab, one line of help, the fields) and one builder of the record's input from named values.
/// The TUI's creation form is generated from the spec (`ui/steps.rs`), the CLI's `add` takes its
/// options from it and checks them against it (`cli/act.rs`), and both give their values to
/// [`Create::input`]; the record's own `create` then judges them, naming a bad field the way the
/// spec names or labels it.
pub trait Create {
    type Input;

    /// The creation, declared once.
    fn spec() -> &'static ActionSpec;

    /// What a field holds when not given, besides today for a day ([`FieldKind::Day`]).
    fn defaults() -> &'static [(&'static str, &'static str)] {
        &[]
    }

    /// The input from the fields by name (`get` answers by the spec's field name).
    fn input(get: &dyn Fn(&str) -> String) -> Self::Input;

    /// The values a new record starts from, as a form opens and as `add` fills what is not given.
    fn start(today: NaiveDate) -> Values {
        let current: Vec<(&'static str, String)> = Self::defaults()
            .iter()
            .map(|(name, value)| (*name, value.to_string()))
            .collect();
        Values::defaults(Self::spec(), today, &current)
    }

    /// The input from a map of values (a form's, or the command line's after defaults).
    fn input_of(values: &Values) -> Self::Input {
        Self::input(&|name| values.get(name))
    }
}

/// A machine's action built from named values: the one builder `clerkdesk <kind> do`, a TUI step
/// form and the demo data share (each machine's `…Action::from_named`). A bad value is a field
/// error named by the spec's field name; each face shows it its own way (`--on`, the form's label).
pub trait BuildAction: ActionKind {
    type Action;

    fn build(self, values: &Values) -> Result<Self::Action, Rejection>;
}

macro_rules! build_action {
    ($kind:ty => $action:ty, fallible) => {
        impl BuildAction for $kind {
            type Action = $action;

            fn build(self, values: &Values) -> Result<$action, Rejection> {
                <$action>::from_named(self, |name| values.get(name)).map_err(Rejection::from)
            }
        }
    };
    ($kind:ty => $action:ty) => {
        impl BuildAction for $kind {
            type Action = $action;

            fn build(self, values: &Values) -> Result<$action, Rejection> {
                Ok(<$action>::from_named(self, |name| values.get(name)))
            }
        }
    };
}

build_action!(super::requests::ReportActionKind => super::requests::ReportAction, fallible);
build_action!(super::requests::AttendanceActionKind => super::requests::AttendanceAction, fallible);
build_action!(super::requests::InfoActionKind => super::requests::InfoAction, fallible);
build_action!(super::disclosure::DisclosureActionKind => super::disclosure::DisclosureAction, fallible);
build_action!(super::member::MemberActionKind => super::member::MemberAction, fallible);
build_action!(super::officer::OfficerActionKind => super::officer::OfficerAction, fallible);
build_action!(super::blackout::ElectionActionKind => super::blackout::ElectionAction, fallible);
build_action!(super::publicity::ItemActionKind => super::publicity::ItemAction, fallible);
build_action!(super::gifts::GiftActionKind => super::gifts::GiftAction);
build_action!(super::dispensations::DispensationActionKind => super::dispensations::DispensationAction);
build_action!(super::sar::SarActionKind => super::sar::SarAction);

/// `yes`/`no` as typed; empty means no.
pub fn yes_no(field: &'static str, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "" | "n" | "no" | "false" => Ok(false),
        "y" | "yes" | "true" => Ok(true),
        other => Err(FieldError::new(
            field,
            format!("'{other}' is not yes or no"),
        )),
    }
}

/// Keeps the inherent `key()`, `label()` and `name()` of an action kind callable where the trait is
/// not in scope (the TUI calls them that way); each reads the spec.
macro_rules! inherent_spec_methods {
    ($kind:ty) => {
        impl $kind {
            pub fn key(self) -> char {
                <$kind as $crate::domain::machine::ActionKind>::spec(self).key
            }

            pub fn label(self) -> &'static str {
                <$kind as $crate::domain::machine::ActionKind>::spec(self).label
            }

            pub fn name(self) -> &'static str {
                <$kind as $crate::domain::machine::ActionKind>::spec(self).name
            }
        }
    };
}
pub(crate) use inherent_spec_methods;

/// Checks each machine's table runs in its own tests (`spec_table_follows_the_kinds`).
#[cfg(test)]
pub(crate) mod tests {
    use std::cell::RefCell;
    use std::collections::HashSet;

    use super::*;

    /// A field checked alone gives the error the builder's parse gives, named by its label.
    #[test]
    fn a_field_is_checked_by_the_parse_the_builder_uses() {
        let day = FieldSpec::day("held on", "The day.");
        assert_eq!(day.check(""), Ok(()));
        assert_eq!(day.check("2026-11-20"), Ok(()));
        let err = day.check("31/02/2026").unwrap_err();
        assert_eq!(err.field, "held on");
        assert_eq!(
            err,
            crate::domain::dates::parse_date("held on", "31/02/2026").unwrap_err()
        );
        let reason = FieldSpec::new("reason", "reason", FieldKind::Text, "Why.").required();
        assert_eq!(reason.check(" ").unwrap_err().field, "reason");
        assert_eq!(reason.check("resigned"), Ok(()));
        let note = FieldSpec::new("note", "note", FieldKind::Note, "A note.");
        assert_eq!(note.check("two\nlines"), Ok(()));
        assert!(note.check("bell\u{7}").is_err());
    }

    /// Within one machine: names, aliases and keys are unique; each name and key finds its kind;
    /// within one action, field names and aliases are unique.
    pub fn check_spec_table<K: ActionKind>() {
        let mut names = HashSet::new();
        let mut keys = HashSet::new();
        for &kind in K::ALL {
            let spec = kind.spec();
            for name in std::iter::once(&spec.name).chain(spec.aliases) {
                assert!(
                    names.insert(*name),
                    "{kind:?}: the name '{name}' is taken twice"
                );
                assert_eq!(K::from_name(name), Ok(kind), "{name}");
            }
            assert!(
                keys.insert(spec.key),
                "{kind:?}: the key '{}' is taken twice",
                spec.key
            );
            assert_eq!(K::from_key(spec.key), Some(kind));
            assert!(!spec.label.is_empty() && !spec.help.is_empty(), "{kind:?}");
            let mut fields = HashSet::new();
            for f in spec.fields {
                for name in std::iter::once(&f.name).chain(f.aliases) {
                    assert!(fields.insert(*name), "{kind:?}: field '{name}' twice");
                }
                assert!(!f.help.is_empty(), "{kind:?} --{} has no help", f.name);
            }
        }
        assert!(K::from_name("no-such-action").is_err());
    }

    /// Builds every action with a `get` that notes the names asked for: each must be a field of
    /// the action's spec, and each field of the spec must be read.
    pub fn check_builder_reads_only_spec_fields<K: ActionKind, F>(build: F)
    where
        F: Fn(K, &dyn Fn(&str) -> String),
    {
        for &kind in K::ALL {
            let asked = RefCell::new(Vec::<String>::new());
            let get = |name: &str| {
                asked.borrow_mut().push(name.to_string());
                String::new()
            };
            build(kind, &get);
            let asked = asked.into_inner();
            for name in &asked {
                assert!(
                    kind.spec().field(name).is_some(),
                    "{kind:?}: the builder reads '{name}', which its spec does not name"
                );
            }
            for f in kind.fields() {
                assert!(
                    asked.iter().any(|a| f.answers_to(a)),
                    "{kind:?}: the spec names '{}', which the builder never reads",
                    f.name
                );
            }
        }
    }

    /// A creation's spec is well formed (names and aliases unique, help on every field) and its
    /// builder reads exactly the spec's fields; the values it starts from are the spec's fields.
    /// [`check_create`] for a record whose edit shares its creation's fields (a member, an
    /// officer): the same names, labels and kinds in the same order, none required by the edit.
    /// Returns the fields an empty creation is refused for, as [`Values::missing`] names them.
    pub fn check_create_with_edit_fields<C: Create>(edit: &[FieldSpec]) -> Vec<&'static str> {
        check_create::<C>();
        let shape = |fields: &[FieldSpec]| -> Vec<_> {
            fields.iter().map(|f| (f.name, f.label, f.kind)).collect()
        };
        assert_eq!(shape(C::spec().fields), shape(edit));
        assert!(edit.iter().all(|f| !f.required));
        Values::default()
            .missing(C::spec())
            .iter()
            .map(|e| e.field)
            .collect()
    }

    pub fn check_create<C: Create>() {
        let spec = C::spec();
        assert!(!spec.label.is_empty() && !spec.help.is_empty());
        let mut names = HashSet::new();
        for f in spec.fields {
            for name in std::iter::once(&f.name).chain(f.aliases) {
                assert!(names.insert(*name), "field '{name}' twice");
            }
            assert!(!f.help.is_empty(), "--{} has no help", f.name);
        }
        let asked = RefCell::new(Vec::<String>::new());
        C::input(&|name: &str| {
            asked.borrow_mut().push(name.to_string());
            String::new()
        });
        let asked = asked.into_inner();
        for name in &asked {
            assert!(
                spec.field(name).is_some(),
                "the builder reads '{name}', not in the spec"
            );
        }
        for f in spec.fields {
            assert!(
                asked.iter().any(|a| a == f.name),
                "'{}' is never read",
                f.name
            );
        }
        for (name, _) in C::defaults() {
            assert!(
                spec.field(name).is_some(),
                "a default for '{name}', not in the spec"
            );
        }
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap_or_default();
        let start = C::start(today);
        for f in spec.fields.iter().filter(|f| f.kind == FieldKind::Day) {
            assert_eq!(
                start.get(f.name),
                super::super::dates::show(today),
                "{}",
                f.name
            );
        }
    }

    #[test]
    fn yes_no_reads_the_usual_words() {
        assert_eq!(yes_no("f", " Yes "), Ok(true));
        assert_eq!(yes_no("f", ""), Ok(false));
        assert_eq!(yes_no("f", "maybe").unwrap_err().field, "f");
    }
}
