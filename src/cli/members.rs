//! `clerkdesk members …`: list and add councillors, and take each step of a member record
//! (`members do REF ACTION --field value`, driven by the member machine's action specs).

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::act::{self, Actions, DoArgs, Given, Machine};
use super::output::{say, Cell, Format, Listing};
use super::{print_listing, Env, Failure, Outcome};
use crate::domain::dates;
use crate::domain::ids::MemberId;
use crate::domain::machine::ActionSpec;
use crate::domain::member::{self, DpiStatus, Member, MemberActionKind, MemberInput};
use crate::domain::text;
use crate::session::{Registers, Session};

#[derive(Debug, Subcommand)]
pub enum MembersCmd {
    /// List serving members with their offices and DPI status (R-M3).
    List(ListArgs),
    /// Add a member of the council, elected or co-opted (R-M1); their DPI notification then falls
    /// due (R-M3).
    Add(act::NewArgs<Member>),
    /// Everything about a member, and the actions open now with their fields.
    Show {
        /// The member's reference, e.g. M-003.
        reference: String,
    },
    /// Take a step on a member: edit, dpi, appoint, end-term (`members show REF` lists those open
    /// now). The subcommands below are the same steps under their own names.
    Do(DoArgs<MemberActions>),
    /// Record that a member's DPI notification was registered (R-M3).
    Dpi {
        /// The member's reference, e.g. M-003.
        reference: String,
        /// The day the register received it (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Appoint a member to an office (R-M2): Chairman, Vice-Chairman, Leader, Chair of Staffing,
    /// Town Mayor (a town council's Chairman), a committee's chair or vice-chair ("Planning
    /// committee chair"), or "group leader" of their own group. One holder at a time: the current
    /// holder's term ends the day before; the history is kept.
    Appoint {
        /// The member's reference, e.g. M-003.
        reference: String,
        /// The office, e.g. "Chairman" or "group leader".
        #[arg(long)]
        office: String,
        /// The first day in office (default: today).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
    },
    /// End a member's term (R-M1); they leave every office they hold (R-M2).
    EndTerm {
        /// The member's reference, e.g. M-003.
        reference: String,
        /// Their last day (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Why: resigned, not re-elected, disqualified, died …
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
pub(super) struct ListArgs {
    #[arg(long, value_enum, default_value = "table")]
    pub(super) format: Format,
    /// Include people whose term has ended (members) or who have left (officers).
    #[arg(long)]
    pub(super) all: bool,
}

/// `members do`'s actions: the member machine's.
#[derive(Debug)]
pub struct MemberActions;

impl Actions for MemberActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<MemberActionKind>()
    }
}

struct MemberMachine;

impl Machine for MemberMachine {
    type Kind = MemberActionKind;

    type Record = Member;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s Member, Failure> {
        Ok(session.member(member_ref(reference)?)?)
    }

    fn reference(m: &Member) -> String {
        m.id.to_string()
    }

    fn title(session: &Session, reference: &str) -> Option<String> {
        let m = session.member(member_ref(reference).ok()?).ok()?;
        let ward = if m.ward.is_empty() {
            String::new()
        } else {
            format!(", {} ward", text::sanitize(&m.ward))
        };
        Some(format!(
            "{}{ward}; DPI {}",
            text::sanitize(&m.name),
            dpi_text(m.dpi_status(session.today))
        ))
    }

    fn current(session: &Session, reference: &str) -> Vec<(&'static str, String)> {
        let (Ok(id), Some(ctx)) = (member_ref(reference), session.ctx()) else {
            return Vec::new();
        };
        match session.member(id) {
            Ok(m) => member::edit_defaults(&MemberInput::from_member(m, &ctx)),
            Err(_) => Vec::new(),
        }
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: MemberActionKind,
        given: &Given,
    ) -> Outcome {
        let id = member_ref(reference)?;
        let action = act::build(kind, given)?;
        let event = session
            .member_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        if kind == MemberActionKind::Appoint {
            let held = session
                .council
                .as_ref()
                .map(|c| c.offices_of(id, session.today).join(", "))
                .unwrap_or_default();
            say(&format!(
                "Saved {} {}: appointed {} (now holds: {})",
                event.member.id,
                text::sanitize(&event.member.name),
                text::sanitize(&given.get("office")),
                text::sanitize(&held)
            ));
        } else {
            report(
                &event.member.id.to_string(),
                &event.member.name,
                event.action,
                event.note.as_deref(),
            );
        }
        Ok(())
    }
}

fn show(env: &Env, reference: &str) -> Outcome {
    act::show::<MemberMachine>(env, reference, "members")
}

pub(super) fn run(env: &Env, cmd: MembersCmd) -> Outcome {
    match cmd {
        MembersCmd::List(args) => {
            // Members and the council only: no other register is decoded.
            let session = env.council_reading(Registers::Only(&[]))?;
            print_listing(
                &member_listing(&session, args.all, args.format),
                args.format,
            )
        }
        MembersCmd::Add(args) => {
            let mut session = env.council()?;
            let input = act::new_input(env, &args)?;
            let m = session.add_member(&input)?;
            say(&format!("Saved {} {}", m.id, m.name));
            Ok(())
        }
        MembersCmd::Show { reference } => show(env, &reference),
        MembersCmd::Do(args) => act::run::<MemberMachine, _>(env, &args),
        MembersCmd::Dpi { reference, on } => {
            let args = DoArgs::<MemberActions>::of(reference, "dpi", [("on", on)]);
            act::run::<MemberMachine, _>(env, &args)
        }
        MembersCmd::Appoint {
            reference,
            office,
            from,
        } => {
            let args = DoArgs::<MemberActions>::of(
                reference,
                "appoint",
                [("office", Some(office)), ("from", from)],
            );
            act::run::<MemberMachine, _>(env, &args)
        }
        MembersCmd::EndTerm {
            reference,
            on,
            reason,
        } => {
            let args = DoArgs::<MemberActions>::of(
                reference,
                "end-term",
                [("on", on), ("reason", Some(reason))],
            );
            act::run::<MemberMachine, _>(env, &args)
        }
    }
}

/// The members list; a table shows "—" for no ward (R-M1), CSV and JSON an empty value.
fn member_listing(session: &Session, all: bool, format: Format) -> Listing {
    let ctx = session.ctx().expect("a council is open");
    let today = session.today;
    let mut members: Vec<&Member> = session
        .members
        .iter()
        .filter(|m| all || m.term_end.is_none_or(|end| end >= today))
        .collect();
    member::in_list_order(&mut members);
    Listing {
        columns: vec![
            ("ref", "REF"),
            ("name", "NAME"),
            ("ward", "WARD"),
            ("group", "GROUP"),
            ("offices", "OFFICES"),
            ("joined_by", "JOINED BY"),
            ("term_start", "TERM START"),
            ("term_end", "TERM END"),
            ("dpi_status", "DPI (R-M3)"),
        ],
        rows: members
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string().into(),
                    m.name.as_str().into(),
                    if format == Format::Table {
                        m.ward_shown()
                    } else {
                        m.ward.as_str()
                    }
                    .into(),
                    ctx.council.group_name(m.group).into(),
                    Cell::List(ctx.council.offices_of(m.id, today)),
                    m.joined_by.label().into(),
                    dates::show(m.term_start).into(),
                    show_opt(m.term_end).into(),
                    dpi_text(m.dpi_status(today)).into(),
                ]
            })
            .collect(),
    }
}

pub(super) fn dpi_text(status: DpiStatus) -> String {
    match status {
        DpiStatus::Registered(on) => format!("registered {}", dates::show(on)),
        DpiStatus::Due { due, days_left } => format!(
            "due {} ({} left; {})",
            dates::show(due),
            days(days_left),
            crate::domain::member::DPI_COUNTED.label()
        ),
        DpiStatus::Overdue { due, days_over } => {
            format!(
                "OVERDUE since {} ({}) R-M3",
                dates::show(due),
                days(days_over)
            )
        }
        DpiStatus::NotApplicable => "not recorded (term ended)".to_string(),
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

pub(super) fn show_opt(d: Option<NaiveDate>) -> String {
    d.map(dates::show).unwrap_or_default()
}

pub(crate) fn member_ref(raw: &str) -> Result<MemberId, Failure> {
    raw.parse().map_err(|e: String| Failure::new(2, e))
}

pub(super) fn report(reference: &str, name: &str, action: &str, note: Option<&str>) {
    match note {
        Some(note) => say(&format!("{reference} {name}: {action} — {note}")),
        None => say(&format!("{reference} {name}: {action}")),
    }
}
