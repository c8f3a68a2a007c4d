//! `clerkdesk sar …`: subject access requests (R-DP1, UK GDPR Art 15 and Art 12(3)). Every change
//! goes through the session, so the CLI refuses exactly what the TUI would: field errors exit 2
//! naming each field, refusals exit 3 with the rule.

use clap::{Args, Subcommand};

use super::act::{self, Actions, DoArgs, Given, Machine};
use super::output::{say, Format, Listing};
use super::{print_listing, Env, Failure, Outcome};
use crate::domain::dates;
use crate::domain::machine::ActionSpec;
use crate::domain::sar::{self, SarAction, SarActionKind, SarInput, SarState};
use crate::session::{Session, SessionError};

#[derive(Debug, Subcommand)]
pub enum SarCmd {
    /// List the requests with their deadlines, OVERDUE loudly (R-DP1).
    List(ListArgs),
    /// Record a request received from a member, an officer or anyone else (R-DP1).
    Add(AddArgs),
    /// A request and the actions open on it now.
    Show {
        /// The request: S-0003, s3 or 3.
        reference: String,
    },
    /// Take a step on a request: identity, extend, answer (by name or by its key on the screen).
    Do(DoArgs<SarActions>),
    /// Requests still to be answered, with their deadlines: DUE or OVERDUE.
    Due {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Include answered requests (kept, never deleted).
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// Who asked: M-003, O-002, an exact name of either, or anyone else's name.
    #[arg(long, value_name = "PERSON")]
    from: String,
    /// The day the request was received (default: today).
    #[arg(long, value_name = "DATE")]
    received: Option<String>,
    /// What they asked for.
    #[arg(long)]
    what: String,
}

pub fn run(env: &Env, cmd: SarCmd) -> Outcome {
    match cmd {
        SarCmd::List(args) => list(&env.council()?, args),
        SarCmd::Add(args) => add(&mut env.council()?, env, args),
        SarCmd::Show { reference } => act::show::<SarMachine>(env, &reference, "sar"),
        SarCmd::Do(args) => act::run::<SarMachine, _>(env, &args),
        SarCmd::Due { format } => due(&env.council()?, format),
    }
}

fn rows(session: &Session, all: bool) -> Result<Listing, Failure> {
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    let mut requests: Vec<_> = session
        .sars
        .iter()
        .filter(|s| all || s.state != SarState::Answered)
        .collect();
    requests.sort_by_key(|s| s.id);
    Ok(Listing {
        columns: vec![
            ("ref", "REF"),
            ("from", "FROM"),
            ("received", "RECEIVED"),
            ("clock", "CLOCK FROM"),
            ("answered", "ANSWERED"),
            ("deadline", "DEADLINE (R-DP1)"),
            ("state", "STATE"),
            ("what", "WHAT"),
        ],
        rows: requests
            .iter()
            .map(|s| {
                vec![
                    s.reference().into(),
                    from(s, &ctx).into(),
                    dates::show(s.received_on).into(),
                    dates::show(s.clock_start()).into(),
                    s.answered_on.map(dates::show).unwrap_or_default().into(),
                    s.due(&ctx).label(session.today).into(),
                    s.state.label().into(),
                    s.what.as_str().into(),
                ]
            })
            .collect(),
    })
}

fn from(s: &sar::Sar, ctx: &crate::domain::Context) -> String {
    match &s.requester {
        sar::Requester::Other(name) => name.clone(),
        r => format!("{} ({})", r.name(ctx), r.reference()),
    }
}

fn list(session: &Session, args: ListArgs) -> Outcome {
    let listing = rows(session, args.all)?;
    if listing.rows.is_empty() && args.format == Format::Table {
        say(if args.all {
            "No subject access requests."
        } else {
            "No requests waiting (--all includes answered ones)."
        });
        return Ok(());
    }
    print_listing(&listing, args.format)?;
    if args.format == Format::Table {
        overdue_line(session);
    }
    Ok(())
}

/// R-DP1: overdue requests said loudly after every list.
fn overdue_line(session: &Session) {
    let Some(ctx) = session.ctx() else { return };
    let late: Vec<String> = session
        .sars
        .iter()
        .filter(|s| s.due(&ctx).is_overdue())
        .map(|s| format!("{} ({})", s.reference(), from(s, &ctx)))
        .collect();
    if !late.is_empty() {
        say(&format!(
            "OVERDUE: {} — not answered within the time limit ({}, {}).",
            late.join(", "),
            sar::RULE,
            sar::CLAUSE
        ));
    }
}

fn due(session: &Session, format: Format) -> Outcome {
    let listing = rows(session, false)?;
    if format != Format::Table {
        return print_listing(&listing, format);
    }
    say("Subject access requests to answer (R-DP1 — UK GDPR Art 12(3)): one calendar month from receipt or identity, extendable by two.");
    if listing.rows.is_empty() {
        say("Nothing waiting to be answered.");
        return Ok(());
    }
    print_listing(&listing, format)?;
    overdue_line(session);
    Ok(())
}

fn add(session: &mut Session, env: &Env, a: AddArgs) -> Outcome {
    let input = SarInput {
        requester: a.from,
        received_on: a.received.unwrap_or_else(|| dates::show(env.today)),
        what: a.what,
    };
    let s = session.add_sar(&input)?;
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    say(&format!(
        "Saved {}: from {}, received {} ({})",
        s.reference(),
        from(&s, &ctx),
        dates::show(s.received_on),
        s.cite()
    ));
    say(&format!("Deadline: {}", s.due(&ctx).label(session.today)));
    Ok(())
}

/// `sar do`'s actions: the request machine's.
#[derive(Debug)]
pub struct SarActions;

impl Actions for SarActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<SarActionKind>()
    }
}

struct SarMachine;

impl Machine for SarMachine {
    type Kind = SarActionKind;

    fn open(session: &Session, reference: &str) -> Result<(String, Vec<SarActionKind>), Failure> {
        let s = session.sar(reference)?;
        let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
        Ok((s.reference(), s.available(&ctx)))
    }

    fn title(session: &Session, reference: &str) -> Option<String> {
        let s = session.sar(reference).ok()?;
        let ctx = session.ctx()?;
        Some(format!(
            "From {}, received {}: {} — {}",
            from(s, &ctx),
            dates::show(s.received_on),
            s.what,
            s.due(&ctx).label(session.today)
        ))
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: SarActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.sar(reference)?.id;
        let action = SarAction::from_named(kind, |k| given.get(k));
        let event = session
            .sar_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let s = &event.sar;
        match &event.note {
            Some(note) => say(&format!("{}: {} — {note}", s.reference(), event.action)),
            None => say(&format!("{}: {}", s.reference(), event.action)),
        }
        if let Some(ctx) = session.ctx() {
            say(&format!(
                "Now {}; deadline: {}",
                s.state.label(),
                s.due(&ctx).label(session.today)
            ));
        }
        Ok(())
    }
}
