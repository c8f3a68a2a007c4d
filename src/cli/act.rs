//! `clerkdesk <kind> do REF ACTION --field value …`, once for every kind of record.
//!
//! The options of `do` are not written out per command: they are generated from the machines'
//! action specs ([`crate::domain::machine`]), one long option per field name, and `do --help`
//! lists each action with the fields it reads. A run checks the given options against the chosen
//! action's spec (a stray option or a missing required one is named, exit 2), fills the defaults
//! (a day field is today, an edit keeps the record's values), builds the action through the
//! machine's own builder and hands it to the session: a refusal exits 3 with its rule and clause.
//!
//! Each command group says how to find its record and what to print afterwards by implementing
//! [`Machine`]; everything else is here.

use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::path::Path;

use clap::{Arg, ArgAction, ArgMatches, Args, Command, FromArgMatches};

use super::output::say;
use super::{Env, Failure, Outcome};
use crate::domain;
use crate::domain::machine::{
    ActionKind, ActionSpec, BuildAction, Create, FieldKind, FieldSpec, Machine as _, Values,
};
use crate::domain::rules::Rejection;
use crate::session::{Session, SessionError};

/// The actions one `do` command can take (requests' `do` takes three machines' actions), and the
/// options it reads besides the actions' fields.
pub trait Actions: 'static {
    fn specs() -> Vec<&'static ActionSpec>;
    /// The actions under a heading each, for `do --help` (one group unless the command drives
    /// several machines).
    fn groups() -> Vec<(&'static str, Vec<&'static ActionSpec>)> {
        vec![("Actions", Self::specs())]
    }
    /// Options every action takes (`case do … --as-person`).
    fn options() -> &'static [FieldSpec] {
        &[]
    }
}

/// The specs of one machine, in key-bar order.
pub fn specs_of<K: ActionKind>() -> Vec<&'static ActionSpec> {
    K::ALL.iter().map(|k| k.spec()).collect()
}

/// A record kind as `do` and `show` drive it: the domain's machine ([`domain::machine::Machine`])
/// and how the command finds its records and reports a step.
pub trait Machine {
    type Kind: ActionKind;
    /// The domain's machine for these records: what is open on one comes from its `available`.
    type Record: domain::machine::Machine<Kind = Self::Kind>;

    /// The record by its reference as typed (`G-2026-001`, `M-003`, `7` …).
    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s Self::Record, Failure>;

    /// The record's reference as shown.
    fn reference(record: &Self::Record) -> String;

    /// The record's reference as shown, and the actions open on it now (the machine's
    /// `available`, in the council's context).
    fn open(session: &Session, reference: &str) -> Result<(String, Vec<Self::Kind>), Failure> {
        let record = Self::find(session, reference)?;
        let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
        Ok((Self::reference(record), record.available(&ctx)))
    }

    /// One line naming the record for `show` (its name, state …).
    fn title(_session: &Session, _reference: &str) -> Option<String> {
        None
    }

    /// What an `edit` keeps when a field is not given: the record's fields as they stand.
    fn current(_session: &Session, _reference: &str) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// Builds the action from the fields (`get` answers by field name, already defaulted), takes
    /// it through the session, and says what happened.
    fn act(
        session: &mut Session,
        env: &Env,
        reference: &str,
        kind: Self::Kind,
        given: &Given,
    ) -> Outcome;
}

/// The values of one `do`, by field name, with the defaults filled in.
pub struct Given {
    values: Values,
    /// The extra options given ([`Actions::options`]).
    options: BTreeMap<&'static str, String>,
}

impl Given {
    /// The value of a field (empty when it has none).
    pub fn get(&self, name: &str) -> String {
        self.values.get(name)
    }

    /// Every field's value: what [`BuildAction::build`] reads, as a TUI form's are.
    pub fn values(&self) -> &Values {
        &self.values
    }

    /// An extra option ([`Actions::options`]), when given.
    pub fn option(&self, name: &str) -> Option<&str> {
        self.options.get(name).map(String::as_str)
    }
}

/// `do REF ACTION [--field VALUE]…`, its options generated from `A`'s specs.
#[derive(Debug)]
pub struct DoArgs<A: Actions> {
    pub reference: String,
    pub action: String,
    /// (option as typed, value), in the order clap gives them.
    pub options: Vec<(&'static str, String)>,
    _actions: PhantomData<A>,
}

/// Every option name the actions (and the extra options) answer to, each with the specs using it.
fn flags<A: Actions>() -> Vec<(&'static str, &'static FieldSpec, Vec<&'static str>)> {
    let mut out: Vec<(&'static str, &'static FieldSpec, Vec<&'static str>)> = Vec::new();
    let mut add = |flag: &'static str, field: &'static FieldSpec, action: &'static str| match out
        .iter_mut()
        .find(|(f, _, _)| *f == flag)
    {
        Some((_, _, users)) => {
            if !users.contains(&action) {
                users.push(action)
            }
        }
        None => out.push((flag, field, vec![action])),
    };
    for spec in A::specs() {
        for field in spec.fields {
            for flag in std::iter::once(&field.name).chain(field.aliases) {
                add(flag, field, spec.name);
            }
        }
    }
    for field in A::options() {
        add(field.name, field, "every action");
    }
    out
}

/// `do --help` after the options: each action, what it does, and the fields it reads.
fn actions_help<A: Actions>() -> String {
    let title = |spec: &ActionSpec| {
        let mut name = format!("{} ({})", spec.name, spec.key);
        for alias in spec.aliases {
            name.push_str(&format!(", {alias}"));
        }
        name
    };
    let width = A::specs()
        .iter()
        .map(|s| title(s).chars().count() + 2)
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (heading, specs) in A::groups() {
        out.push_str(&format!("{heading} (`show REF` lists those open now):\n"));
        for spec in specs {
            let name = title(spec);
            let pad = width - name.chars().count();
            out.push_str(&format!("  {name}{}{}\n", " ".repeat(pad), spec.help));
            for f in spec.fields {
                out.push_str(&format!(
                    "      --{} {}{}\n",
                    f.name,
                    f.kind.placeholder(),
                    if f.required { " (required)" } else { "" }
                ));
            }
        }
    }
    out.push_str(
        "A day (DATE) is YYYY-MM-DD or DD/MM/YYYY; a day the step happened defaults to today.",
    );
    out
}

impl<A: Actions> Args for DoArgs<A> {
    fn augment_args(cmd: Command) -> Command {
        let mut cmd = cmd
            .arg(
                Arg::new("reference")
                    .required(true)
                    .value_name("REF")
                    .help("The record, e.g. G-2026-001, D-0007, E-1, P-1, GR-1, M-003."),
            )
            .arg(
                Arg::new("action")
                    .required(true)
                    .value_name("ACTION")
                    .help("What to do, by name (or its key on the screen): see the actions below."),
            )
            .after_help(actions_help::<A>())
            .next_help_heading("Fields (each action reads some: see below)");
        for (flag, field, users) in flags::<A>() {
            let used_by = if users.len() > 4 {
                String::new()
            } else {
                format!(" [{}]", users.join(", "))
            };
            // One option serves several actions: say what they share when their words differ.
            let shared = A::specs()
                .iter()
                .flat_map(|s| s.fields.iter())
                .filter(|f| f.answers_to(flag))
                .any(|f| f.help != field.help);
            let help = match (shared, field.kind) {
                (true, FieldKind::Day) => "The day the step was taken (default: today).",
                (true, FieldKind::Note) => "Free text for the record.",
                _ => field.help,
            };
            cmd = cmd.arg(
                Arg::new(flag)
                    .long(flag)
                    .value_name(field.kind.value_name())
                    .action(ArgAction::Set)
                    .help(format!("{help}{used_by}")),
            );
        }
        cmd
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl<A: Actions> FromArgMatches for DoArgs<A> {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let text = |id: &str| m.get_one::<String>(id).cloned().unwrap_or_default();
        let options = flags::<A>()
            .into_iter()
            .filter_map(|(flag, _, _)| m.get_one::<String>(flag).map(|v| (flag, v.clone())))
            .collect();
        Ok(DoArgs {
            reference: text("reference"),
            action: text("action"),
            options,
            _actions: PhantomData,
        })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl<A: Actions> DoArgs<A> {
    /// A `do` spelt by another subcommand (`members dpi REF --on …` is `members do REF dpi --on …`):
    /// options not given are left out.
    pub fn of<const N: usize>(
        reference: String,
        action: &str,
        options: [(&'static str, Option<String>); N],
    ) -> Self {
        DoArgs {
            reference,
            action: action.to_string(),
            options: options
                .into_iter()
                .filter_map(|(flag, value)| value.map(|v| (flag, v)))
                .collect(),
            _actions: PhantomData,
        }
    }
}

/// `<kind> add --field value …`: the options generated from the kind's creation spec
/// ([`Create`]), one long option per field (its aliases too), required as the spec says unless
/// the kind gives a default. The values go, by field name, to the same builder a TUI creation form
/// uses ([`Create::input_of`]).
#[derive(Debug)]
pub struct NewArgs<C: Create> {
    /// (field name, value) as given.
    options: Vec<(&'static str, String)>,
    _kind: PhantomData<C>,
}

impl<C: Create + 'static> Args for NewArgs<C> {
    fn augment_args(cmd: Command) -> Command {
        let defaults = C::defaults();
        let mut cmd = cmd.next_help_heading("Fields");
        for f in C::spec().fields {
            let mut arg = Arg::new(f.name)
                .long(f.name)
                .value_name(f.kind.value_name())
                .action(ArgAction::Set)
                .help(f.help);
            for alias in f.aliases {
                arg = arg.alias(*alias);
            }
            if f.kind == FieldKind::YesNo {
                // `--statutory` alone says yes, as a plain flag does; `--statutory no` is taken too.
                arg = arg.num_args(0..=1).default_missing_value("yes");
            }
            match defaults.iter().find(|(name, _)| *name == f.name) {
                Some((_, value)) => arg = arg.default_value(*value),
                None => arg = arg.required(f.required),
            }
            cmd = cmd.arg(arg);
        }
        cmd
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl<C: Create> FromArgMatches for NewArgs<C> {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let options = C::spec()
            .fields
            .iter()
            .filter_map(|f| m.get_one::<String>(f.name).map(|v| (f.name, v.clone())))
            .collect();
        Ok(NewArgs {
            options,
            _kind: PhantomData,
        })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

/// The new record's input from `add`'s options: the spec's defaults and today for a day left
/// out, a file field's text read from its file (unreadable, empty or not UTF-8 is exit 2), through
/// the builder the TUI's creation form uses. The record's own `create` judges it.
pub fn new_input<C: Create>(env: &Env, args: &NewArgs<C>) -> Result<C::Input, Failure> {
    let mut values = Values::default();
    for (name, value) in &args.options {
        let value = match C::spec().field(name) {
            Some(f) if f.kind == FieldKind::File => read_text(Path::new(value))?,
            _ => value.clone(),
        };
        values.set(name, value);
    }
    let defaults: Vec<(&'static str, String)> = C::defaults()
        .iter()
        .map(|(name, value)| (*name, value.to_string()))
        .collect();
    values.fill_defaults(C::spec(), env.today, &defaults);
    Ok(C::input_of(&values))
}

/// Field errors from creating a record of kind `C`, each named by its option (`--on: …`): the
/// creation spec maps the domain's word for a field (its name or label) to the option.
pub fn create_errors<C: Create>(errors: &[domain::rules::FieldError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| match C::spec().field_of_error(e.field) {
            Some(f) => format!("{}: {}", flag(f.name), e.message),
            None => e.to_string(),
        })
        .collect()
}

/// The action by name, alias, or its key on the screen.
pub fn kind_named<K: ActionKind>(raw: &str) -> Result<K, Failure> {
    let mut chars = raw.trim().chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if let Some(kind) = K::from_key(c) {
            return Ok(kind);
        }
    }
    K::from_name(raw).map_err(|e| Failure::new(2, e.to_string()))
}

/// `--name` for a spec field.
fn flag(name: &str) -> String {
    format!("--{name}")
}

/// Checks the options against the action's spec and fills the defaults.
fn given<M: Machine, A: Actions>(
    session: &Session,
    env: &Env,
    args: &DoArgs<A>,
    kind: M::Kind,
    open_now: bool,
) -> Result<Given, Failure> {
    let spec = kind.spec();
    let extra = A::options();
    let mut errors = Vec::new();
    let mut values = Values::default();
    let mut options: BTreeMap<&'static str, String> = BTreeMap::new();
    for (typed, value) in &args.options {
        if extra.iter().any(|f| f.name == *typed) {
            options.insert(typed, value.clone());
            continue;
        }
        match spec.field(typed) {
            Some(field) => {
                if values.set(field.name, value.clone()).is_some() {
                    errors.push(format!(
                        "{}: given twice (as {})",
                        flag(typed),
                        std::iter::once(&field.name)
                            .chain(field.aliases)
                            .map(|n| flag(n))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    ));
                }
            }
            None => {
                let takes: Vec<String> = spec.fields.iter().map(|f| flag(f.name)).collect();
                errors.push(format!(
                    "{}: {} does not take it (it takes {})",
                    flag(typed),
                    spec.name,
                    if takes.is_empty() {
                        "nothing".to_string()
                    } else {
                        takes.join(", ")
                    }
                ));
            }
        }
    }
    // A step not open now is refused by the machine with its rule; only an open one needs its
    // fields.
    if open_now {
        for e in values.missing(spec) {
            errors.push(format!("{}: {}", flag(e.field), e.message));
        }
    }
    if !errors.is_empty() {
        return Err(Failure {
            code: 2,
            lines: errors,
        });
    }
    for f in spec.fields {
        if f.kind == FieldKind::File && values.contains(f.name) {
            let text = read_text(Path::new(&values.get(f.name)))?;
            values.set(f.name, text);
        }
    }
    // The defaults a TUI step form opens with: the same function, the same answers.
    values.fill_defaults(spec, env.today, &M::current(session, &args.reference));
    Ok(Given { values, options })
}

/// `<kind> do REF ACTION …` for machine `M`.
pub fn run<M: Machine, A: Actions>(env: &Env, args: &DoArgs<A>) -> Outcome {
    let mut session = env.council()?;
    let kind: M::Kind = kind_named(&args.action)?;
    let (reference, open) = M::open(&session, &args.reference)?;
    let given = given::<M, A>(&session, env, args, kind, open.contains(&kind))?;
    M::act(&mut session, env, &reference, kind, &given)
}

/// A failure from the session, with field errors named by the action's options (`--on: …`):
/// the spec maps the machine's word for a field (its label) to the option.
pub fn failure<K: ActionKind>(kind: K, e: SessionError) -> Failure {
    match e {
        SessionError::Rejected(Rejection::Invalid(errors)) => Failure {
            code: 2,
            lines: errors
                .iter()
                .map(|e| match kind.field_of_error(e.field) {
                    Some(f) => format!("{}: {}", flag(f.name), e.message),
                    None => e.to_string(),
                })
                .collect(),
        },
        other => other.into(),
    }
}

/// The action from the given values, through the machine's own builder ([`BuildAction`]): the
/// function a TUI step form's values go through too. A bad value is named by its option.
pub fn build<K: BuildAction>(kind: K, given: &Given) -> Result<K::Action, Failure> {
    kind.build(given.values())
        .map_err(|e| failure(kind, SessionError::Rejected(e)))
}

/// The actions open now, one line each: the command to type with its fields, and the label.
pub fn action_lines<K: ActionKind>(available: &[K]) -> Vec<String> {
    let commands: Vec<(String, K)> = available
        .iter()
        .map(|k| {
            let mut cmd = k.name().to_string();
            for f in k.fields() {
                let part = format!("--{} {}", f.name, f.kind.placeholder());
                if f.required {
                    cmd.push_str(&format!(" {part}"));
                } else {
                    cmd.push_str(&format!(" [{part}]"));
                }
            }
            (cmd, *k)
        })
        .collect();
    let width = commands
        .iter()
        .map(|(c, _)| c.chars().count())
        .max()
        .unwrap_or(0);
    commands
        .into_iter()
        .map(|(cmd, kind)| {
            let pad = width - cmd.chars().count();
            format!("  {cmd}{}  {}", " ".repeat(pad), kind.label())
        })
        .collect()
}

/// `<kind> show REF` for the kinds with no page of their own: the record and the actions open now.
pub fn show<M: Machine>(env: &Env, raw: &str, command: &str) -> Outcome {
    let session = env.council()?;
    let (reference, open) = M::open(&session, raw)?;
    match M::title(&session, &reference) {
        Some(title) => say(&format!("{reference}  {title}")),
        None => say(&reference),
    }
    if open.is_empty() {
        say("Actions now: none.");
    } else {
        say(&format!(
            "Actions now (clerkdesk {command} do {reference} ACTION …):"
        ));
        for line in action_lines(&open) {
            say(&line);
        }
    }
    Ok(())
}

/// A UTF-8 text file, BOM dropped; empty, unreadable or not UTF-8 is bad input (exit 2).
pub(crate) fn read_text(file: &Path) -> Result<String, Failure> {
    let name = file.display();
    let bytes = std::fs::read(file).map_err(|e| {
        let why = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ if file.is_dir() => "is a folder, not a text file".to_string(),
            _ => format!("cannot be read ({e})"),
        };
        Failure::new(2, format!("{name}: {why}"))
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        Failure::new(
            2,
            format!(
                "{name}: is not UTF-8 text (invalid byte at offset {}); save it as UTF-8 and try again",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    if text.trim().is_empty() {
        return Err(Failure::new(
            2,
            format!("{name}: is empty; there is nothing to check"),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dispensations::Dispensation;
    use crate::domain::gifts::Gift;
    use crate::domain::sar::Sar;

    /// `add`'s options are the creation spec's fields, by name and alias; a required one with no
    /// default is required; nothing is written per command.
    fn options_follow_the_spec<C: Create + 'static>() {
        let cmd = NewArgs::<C>::augment_args(Command::new("add"));
        let ids: Vec<&str> = cmd.get_arguments().map(|a| a.get_id().as_str()).collect();
        let names: Vec<&str> = C::spec().fields.iter().map(|f| f.name).collect();
        assert_eq!(ids, names, "{}", C::spec().label);
        for f in C::spec().fields {
            let Some(arg) = cmd.get_arguments().find(|a| a.get_id() == f.name) else {
                panic!("no --{}", f.name);
            };
            let aliases = arg.get_all_aliases().unwrap_or_default();
            for alias in f.aliases {
                assert!(aliases.contains(alias), "--{} answers to --{alias}", f.name);
            }
            let defaulted = C::defaults().iter().any(|(n, _)| *n == f.name);
            assert_eq!(
                arg.is_required_set(),
                f.required && !defaulted,
                "--{}",
                f.name
            );
        }
    }

    #[test]
    fn add_takes_its_options_from_the_creation_spec() {
        options_follow_the_spec::<Gift>();
        options_follow_the_spec::<Sar>();
        options_follow_the_spec::<Dispensation>();
        options_follow_the_spec::<crate::domain::requests::GroupReport>();
        options_follow_the_spec::<crate::domain::requests::GroupAttendance>();
        options_follow_the_spec::<crate::domain::requests::InfoRequest>();
        options_follow_the_spec::<crate::domain::publicity::PublicityItem>();
        options_follow_the_spec::<crate::domain::blackout::Election>();
        options_follow_the_spec::<crate::domain::disclosure::Disclosure>();
        options_follow_the_spec::<crate::domain::member::Member>();
        options_follow_the_spec::<crate::domain::officer::Officer>();
    }

    /// A yes/no field given alone says yes, as `publicity add --statutory` always has; given a
    /// word it takes the word; left out it is not given.
    #[test]
    fn a_yes_no_option_alone_says_yes() {
        use crate::domain::publicity::PublicityItem;
        let cmd = NewArgs::<PublicityItem>::augment_args(Command::new("add"));
        let base = [
            "add",
            "--title",
            "T",
            "--channel",
            "website",
            "--planned",
            "2026-12-01",
            "--file",
            "x.txt",
        ];
        let read = |extra: &[&str]| {
            let m = cmd
                .clone()
                .try_get_matches_from(base.iter().chain(extra))
                .expect("the options parse");
            NewArgs::<PublicityItem>::from_arg_matches(&m)
                .expect("the args read")
                .options
        };
        assert!(read(&["--statutory"]).contains(&("statutory", "yes".to_string())));
        assert!(read(&["--statutory", "no"]).contains(&("statutory", "no".to_string())));
        assert!(!read(&[]).iter().any(|(n, _)| *n == "statutory"));
        let missing = cmd.try_get_matches_from(["add", "--title", "T"]);
        let Err(err) = missing else {
            panic!("--file is required");
        };
        assert!(err.to_string().contains("--file"), "{err}");
    }

    /// An alias gives the field by its one name; a default is given when the option is not; a
    /// required option left out is refused before anything is built.
    #[test]
    fn add_reads_aliases_and_defaults_and_refuses_a_missing_field() {
        let cmd = NewArgs::<Gift>::augment_args(Command::new("add"));
        let m = cmd
            .clone()
            .try_get_matches_from([
                "add",
                "--recipient",
                "M-001",
                "--giver",
                "X",
                "--description",
                "Y",
                "--value",
                "60",
            ])
            .expect("the options parse");
        let args = NewArgs::<Gift>::from_arg_matches(&m).expect("the args read");
        assert!(args.options.contains(&("who", "M-001".to_string())));
        assert!(args.options.contains(&("offer", "received".to_string())));
        let missing = cmd.try_get_matches_from(["add", "--giver", "X"]);
        let Err(err) = missing else {
            panic!("--who is required");
        };
        assert!(err.to_string().contains("--who"), "{err}");
    }
}
