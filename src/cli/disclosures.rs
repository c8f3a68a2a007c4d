//! `clerkdesk disclosures …`: the register of relationships and interests (R-D1 to R-D4) and the
//! members' DPI deadlines (R-M3). Every change goes through the session, so the CLI refuses exactly
//! what the TUI refuses: field errors exit 2 naming each field, refusals exit 3 with the rule.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{ArgGroup, Args, Subcommand};

use super::act::{self, Actions, DoArgs, Given, Machine};
use super::output::{self, say, Cell, ExportFormat, Format, Listing, RegisterExport};
use super::{print_listing, Env, Failure, Outcome};
use crate::domain::dates;
use crate::domain::disclosure::{
    export_rows, member_dpi_deadlines, Deadline, Disclosure, DisclosureActionKind, DisclosureState,
    ExportRow, RequiredNotice,
};
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::machine::ActionSpec;
use crate::domain::machine::Machine as _;
use crate::domain::rules::cites;
use crate::domain::{Among, Found};
use crate::session::{Session, SessionError};

#[derive(Debug, Subcommand)]
pub enum DisclosuresCmd {
    /// List the register: state, missing notifications (R-D1), sensitive interests (R-D2).
    List(ListArgs),
    /// Declare a relationship (R-D1) or an interest (R-D2, R-D3).
    Add(act::NewArgs<Disclosure>),
    /// Everything about an entry's steps: the actions open now with their fields.
    Show {
        /// The entry: D-0007, d7 or 7.
        reference: String,
    },
    /// Take a step on an entry: notify, acknowledge, activate, sensitive, end, edit (by name or
    /// by its key on the screen).
    Do(DoArgs<DisclosureActions>),
    /// Each serving member's DPI deadlines (R-M3): due, met, or OVERDUE.
    Due {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Write the register: --public (the published register of members' interests) or --full.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this member's entries (reference or name).
    #[arg(long, value_name = "REF")]
    member: Option<String>,
    /// Only this officer's entries (reference or name).
    #[arg(long, value_name = "REF")]
    officer: Option<String>,
    /// Include ended entries (R-D4: kept, never deleted).
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["public", "full"])))]
pub struct ExportArgs {
    /// The published register of members' interests: sensitive interests (R-D2, s32),
    /// relationships and request interests left out.
    #[arg(long)]
    public: bool,
    /// Every entry, sensitive and ended ones included.
    #[arg(long)]
    full: bool,
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Write to this file instead of the screen (owner-only; never over an existing file).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(env: &Env, cmd: DisclosuresCmd) -> Outcome {
    match cmd {
        DisclosuresCmd::List(args) => list(&env.council()?, args),
        DisclosuresCmd::Add(args) => add(&mut env.council()?, env, args),
        DisclosuresCmd::Show { reference } => {
            act::show::<EntryMachine>(env, &reference, "disclosures")
        }
        DisclosuresCmd::Do(args) => act::run::<EntryMachine, _>(env, &args),
        DisclosuresCmd::Due { format } => due(&env.council()?, format),
        DisclosuresCmd::Export(args) => export(&env.council()?, args),
    }
}

/// A member or officer to filter by, as [`crate::domain::Context::find_person`] finds them (ended
/// terms and leavers included).
fn find(session: &Session, flag: &'static str, raw: &str, among: Among) -> Result<Found, Failure> {
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    ctx.find_known_person(flag, raw, among)
        .map_err(|e| Failure::new(2, e.to_string()))
}

fn find_member(session: &Session, raw: &str) -> Result<MemberId, Failure> {
    match find(session, "member", raw, Among::Members)? {
        Found::Member(id) => Ok(id),
        Found::Officer(id) => Err(Failure::new(2, format!("member: {id} is an officer"))),
    }
}

fn find_officer(session: &Session, raw: &str) -> Result<OfficerId, Failure> {
    match find(session, "officer", raw, Among::Officers)? {
        Found::Officer(id) => Ok(id),
        Found::Member(id) => Err(Failure::new(2, format!("officer: {id} is a member"))),
    }
}

fn member_name(session: &Session, id: MemberId) -> String {
    session
        .member(id)
        .map(|m| m.name.clone())
        .unwrap_or_else(|_| id.to_string())
}

fn officer_name(session: &Session, id: OfficerId) -> String {
    session
        .officer(id)
        .map(|o| o.name.clone())
        .unwrap_or_else(|_| id.to_string())
}

/// The short form of a missing R-D1 notification, for a list column.
fn notice_short(n: RequiredNotice) -> &'static str {
    match n {
        RequiredNotice::MemberToGroupLeader => "member → group leader",
        RequiredNotice::MemberToClerkOrMonitoringOfficer => "member → Clerk or MO",
        RequiredNotice::OfficerInWriting => "officer in writing",
    }
}

/// `friendship` / `disclosable pecuniary interest (land)` / `other registerable interest`.
fn what(d: &Disclosure) -> String {
    match (d.kind.is_relationship(), d.kind.category()) {
        (true, c) => c.to_string(),
        (false, "") => d.kind.label().to_string(),
        (false, c) => format!("{} ({c})", d.kind.label()),
    }
}

fn list(session: &Session, args: ListArgs) -> Outcome {
    let ctx = session.ctx().expect("a council is open");
    let member = args
        .member
        .as_deref()
        .map(|m| find_member(session, m))
        .transpose()?;
    let officer = args
        .officer
        .as_deref()
        .map(|o| find_officer(session, o))
        .transpose()?;
    let mut entries: Vec<&Disclosure> = session
        .disclosures
        .iter()
        .filter(|d| args.all || d.state != DisclosureState::Ended)
        .filter(|d| member.is_none_or(|m| d.member == m))
        .filter(|d| officer.is_none_or(|o| d.officer == Some(o)))
        .collect();
    entries.sort_by_key(|d| d.id);
    let listing = Listing {
        columns: vec![
            ("ref", "REF"),
            ("kind", "KIND"),
            ("category", "CATEGORY"),
            ("member", "MEMBER"),
            ("officer", "OFFICER"),
            ("declared_on", "DECLARED"),
            ("state", "STATE"),
            ("missing", "MISSING NOTIFICATIONS (R-D1)"),
            ("sensitive", "SENSITIVE (R-D2)"),
            ("ended_on", "ENDED"),
        ],
        rows: entries
            .iter()
            .map(|d| {
                let missing: Vec<String> = d
                    .missing_notifications(&ctx)
                    .into_iter()
                    .map(|n| notice_short(n).to_string())
                    .collect();
                vec![
                    d.reference().into(),
                    d.kind.label().into(),
                    d.kind.category().into(),
                    format!("{} ({})", member_name(session, d.member), d.member).into(),
                    d.officer
                        .map(|o| format!("{} ({o})", officer_name(session, o)))
                        .unwrap_or_default()
                        .into(),
                    dates::show(d.declared_on).into(),
                    d.state.label().into(),
                    Cell::List(missing),
                    if d.sensitive { "withheld" } else { "" }.into(),
                    d.ended
                        .as_ref()
                        .map(|(on, _)| dates::show(*on))
                        .unwrap_or_default()
                        .into(),
                ]
            })
            .collect(),
    };
    output::print_or_say(
        &listing,
        args.format,
        if args.all {
            "The register is empty."
        } else {
            "No current entries (--all includes ended ones)."
        },
    )
}

fn add(session: &mut Session, env: &Env, a: act::NewArgs<Disclosure>) -> Outcome {
    let input = act::new_input(env, &a)?;
    let d = session.add_disclosure(&input)?;
    let with = d
        .officer
        .map(|o| format!(" and {}", officer_name(session, o)))
        .unwrap_or_default();
    say(&format!(
        "Saved {} {}: {}{with}, declared {} ({})",
        d.reference(),
        what(&d),
        member_name(session, d.member),
        dates::show(d.declared_on),
        session.profile.localise(d.kind.cite())
    ));
    still_missing(session, &d);
    Ok(())
}

/// R-D1: what a relationship still needs, said after every change.
fn still_missing(session: &Session, d: &Disclosure) {
    let ctx = session.ctx().expect("a council is open");
    if d.state == DisclosureState::Ended {
        return;
    }
    let missing = d.missing_notifications(&ctx);
    if !missing.is_empty() {
        let list: Vec<&str> = missing.iter().map(|m| m.label()).collect();
        say(&format!(
            "Still to be notified ({}): {}",
            ctx.profile.localise(missing[0].cite()),
            list.join("; ")
        ));
    }
}

/// `disclosures do`'s actions: the register entry machine's.
#[derive(Debug)]
pub struct DisclosureActions;

impl Actions for DisclosureActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<DisclosureActionKind>()
    }
}

struct EntryMachine;

impl Machine for EntryMachine {
    type Kind = DisclosureActionKind;

    type Record = Disclosure;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s Disclosure, Failure> {
        Ok(session.disclosure(reference)?)
    }

    fn reference(d: &Disclosure) -> String {
        d.reference()
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: DisclosureActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.disclosure(reference)?.id;
        let action = act::build(kind, given)?;
        let event = session
            .disclosure_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let d = &event.disclosure;
        output::say_step(&d.reference(), event.action, event.note.as_deref());
        still_missing(session, d);
        let next: Vec<&str> = session
            .ctx()
            .map(|ctx| d.available(&ctx))
            .unwrap_or_default()
            .into_iter()
            .map(DisclosureActionKind::name)
            .collect();
        if !next.is_empty() {
            say(&format!(
                "Now {}; next: {}",
                d.state.label(),
                next.join(", ")
            ));
        }
        Ok(())
    }
}

fn deadline_status(d: &Deadline, today: NaiveDate) -> String {
    match (d.met_on, d.overdue) {
        (Some(_), false) => "met".to_string(),
        (Some(on), true) => format!(
            "met LATE ({} after the due date)",
            days((on - d.due).num_days())
        ),
        (None, true) => format!("OVERDUE ({})", days((today - d.due).num_days())),
        (None, false) => format!("DUE ({} left)", days((d.due - today).num_days())),
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

fn due(session: &Session, format: Format) -> Outcome {
    let today = session.today;
    let mut members: Vec<_> = session
        .members
        .iter()
        .filter(|m| m.term_end.is_none_or(|end| end >= today))
        .collect();
    members.sort_by_key(|m| m.id);
    let mut rows = Vec::new();
    let mut overdue = Vec::new();
    for m in members {
        for d in member_dpi_deadlines(m, &session.disclosures, today) {
            if d.overdue && d.met_on.is_none() {
                overdue.push(format!("{} ({})", m.name, m.id));
            }
            rows.push(vec![
                Cell::from(m.id.to_string()),
                m.name.as_str().into(),
                dates::show(d.due).into(),
                d.what.as_str().into(),
                d.met_on.map(dates::show).unwrap_or_default().into(),
                deadline_status(&d, today).into(),
                d.cite.to_string().into(),
                crate::domain::member::DPI_COUNTED.label().into(),
            ]);
        }
    }
    let listing = Listing {
        columns: vec![
            ("member_ref", "REF"),
            ("member", "MEMBER"),
            ("due", "DUE"),
            ("what", "WHAT"),
            ("met_on", "MET ON"),
            ("status", "STATUS"),
            ("rule", "RULE"),
            ("counted", "COUNTED"),
        ],
        rows,
    };
    if format != Format::Table {
        return print_listing(&listing, format);
    }
    say(&format!("DPI deadlines ({}): 28 days beginning with the day a member takes office or becomes aware of a new interest.", cites::dpi_deadline()));
    print_listing(&listing, format)?;
    if overdue.is_empty() {
        say("Nothing overdue.");
    } else {
        overdue.dedup();
        say(&format!(
            "OVERDUE: {} — failing to notify is an offence ({}).",
            overdue.join(", "),
            cites::dpi_deadline()
        ));
    }
    Ok(())
}

/// The columns of the full export, in order; the public one leaves out those marked `false`.
const EXPORT_COLUMNS: [(&str, bool); 14] = [
    ("reference", true),
    ("member", true),
    ("kind", true),
    ("category", true),
    ("officer", false),
    ("description", true),
    ("declared_by", false),
    ("declared_on", true),
    ("state", true),
    ("ended_on", true),
    ("end_reason", true),
    ("sensitive", false),
    ("notifications", false),
    ("request_ref", false),
];

fn export_columns(public: bool) -> Vec<&'static str> {
    EXPORT_COLUMNS
        .iter()
        .filter(|(_, in_public)| !public || *in_public)
        .map(|(k, _)| *k)
        .collect()
}

fn export_value(row: &ExportRow, column: &str) -> String {
    match column {
        "reference" => row.reference.clone(),
        "member" => row.member.clone(),
        "kind" => row.kind.clone(),
        "category" => row.category.clone(),
        "officer" => row.officer.clone(),
        "description" => row.description.clone(),
        "declared_by" => row.declared_by.clone(),
        "declared_on" => row.declared_on.clone(),
        "state" => row.state.clone(),
        "ended_on" => row.ended_on.clone(),
        "end_reason" => row.end_reason.clone(),
        "sensitive" => if row.sensitive { "yes" } else { "no" }.to_string(),
        "notifications" => row.notifications.clone(),
        "request_ref" => row.request_ref.clone(),
        _ => String::new(),
    }
}

fn export(session: &Session, a: ExportArgs) -> Outcome {
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    let public = a.public;
    let rows = export_rows(&session.disclosures, &ctx, public);
    let header = export_columns(public);
    let council = &ctx.council.name;
    let today = dates::show(session.today);
    let sensitive = session.disclosures.iter().filter(|d| d.sensitive).count();
    let register = RegisterExport {
        title: if public {
            format!("{council}: register of members' interests, {today}")
        } else {
            format!("{council}: register of disclosures (full, not for publication), {today}")
        },
        intro: if public {
            "Sensitive interests are withheld from this register under s32 Localism Act 2011 (R-D2)."
                .to_string()
        } else {
            format!(
                "Every entry, ended ones included (R-D4). Sensitive interests withheld from the \
                 published register under s32 Localism Act 2011 (R-D2): {sensitive}."
            )
        },
        rows: rows
            .iter()
            .map(|r| header.iter().map(|c| export_value(r, c)).collect())
            .collect(),
        header,
    };
    register.write(a.format, a.out.as_deref(), a.force, |path| {
        format!(
            "Wrote {} ({}, {} register)",
            path.display(),
            output::entries(rows.len()),
            if public { "public" } else { "full" }
        )
    })
}
