//! `clerkdesk gifts …`: the register of gifts and hospitality (R-D5). Every change goes through the
//! session, so the CLI refuses exactly what the TUI would: field errors exit 2 naming each field,
//! refusals exit 3 with the rule.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};

use super::act::{self, Actions, DoArgs, Given, Machine};
use super::output::{self, say, ExportFormat, Format, Listing, RegisterExport};
use super::{Env, Failure, Outcome};
use crate::domain::dates;
use crate::domain::gifts::{
    self, export_rows, recipient_name, Gift, GiftAction, GiftActionKind, GiftSettings, GiftState,
    Threshold, EXPORT_COLUMNS,
};
use crate::domain::machine::{yes_no, ActionSpec};
use crate::session::{Session, SessionError};

#[derive(Debug, Subcommand)]
pub enum GiftsCmd {
    /// List the register: each entry's deadline, OVERDUE loudly (R-D5).
    List(ListArgs),
    /// Record a gift or hospitality received or declined by a member or an officer (R-D5).
    Add(act::NewArgs<Gift>),
    /// An entry and the actions open on it now.
    Show {
        /// The entry: H-0007, h7 or 7.
        reference: String,
    },
    /// Take a step on an entry: notify, correct, end (by name or by its key on the screen).
    Do(DoArgs<GiftActions>),
    /// Entries still to be notified, with their deadlines: DUE or OVERDUE.
    Due {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Write the register: --public (members' current entries; officers' only if the council's
    /// setting says so) or --full.
    Export(ExportArgs),
    /// Show or change the council's thresholds and time limits (members: the model code's £50 and
    /// 28 days by default; officers: their terms of employment) and whether officers' entries are
    /// published.
    Settings(SettingsArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Include ended entries (R-D4: kept, never deleted).
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["public", "full"])))]
pub struct ExportArgs {
    /// The published register: members' current entries (officers' only by the council's
    /// setting), without the clerk's tracking.
    #[arg(long)]
    public: bool,
    /// Every entry, ended ones and their deadlines included.
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

#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Members register anything worth at least this (pounds).
    #[arg(long, value_name = "POUNDS")]
    member_threshold: Option<String>,
    /// Members register within this many days of receiving it.
    #[arg(long, value_name = "DAYS")]
    member_days: Option<u32>,
    /// Officers register anything worth at least this (pounds), under their terms of employment.
    #[arg(long, value_name = "POUNDS")]
    officer_threshold: Option<String>,
    /// Officers register within this many days.
    #[arg(long, value_name = "DAYS")]
    officer_days: Option<u32>,
    /// Whether officers' entries go in the public export (yes or no).
    #[arg(long, value_name = "YES|NO")]
    publish_officers: Option<String>,
}

pub fn run(env: &Env, cmd: GiftsCmd) -> Outcome {
    match cmd {
        GiftsCmd::List(args) => list(&env.council()?, args),
        GiftsCmd::Add(args) => add(&mut env.council()?, env, args),
        GiftsCmd::Show { reference } => act::show::<GiftMachine>(env, &reference, "gifts"),
        GiftsCmd::Do(args) => act::run::<GiftMachine, _>(env, &args),
        GiftsCmd::Due { format } => due(&env.council()?, format),
        GiftsCmd::Export(args) => export(&env.council()?, args),
        GiftsCmd::Settings(args) => settings(&mut env.council()?, args),
    }
}

fn rows(session: &Session, all: bool, only_due: bool) -> Result<Listing, Failure> {
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    let s = &session.gift_settings;
    let mut entries: Vec<_> = session
        .gifts
        .iter()
        .filter(|g| all || g.state != GiftState::Ended)
        .filter(|g| !only_due || (g.state == GiftState::Open && g.must_register(s)))
        .collect();
    entries.sort_by_key(|g| g.id);
    Ok(Listing {
        columns: vec![
            ("ref", "REF"),
            ("who", "WHO"),
            ("offer", "OFFER"),
            ("giver", "GIVER"),
            ("value", "VALUE"),
            ("received", "RECEIVED"),
            ("notified", "NOTIFIED"),
            ("deadline", "DEADLINE (R-D5)"),
            ("state", "STATE"),
            ("counted", "DEADLINE COUNTED"),
        ],
        rows: entries
            .iter()
            .map(|g| {
                vec![
                    g.reference().into(),
                    format!(
                        "{} ({})",
                        recipient_name(g.recipient, &ctx),
                        gifts::recipient_ref(g.recipient)
                    )
                    .into(),
                    g.offer.label().into(),
                    g.giver.as_str().into(),
                    gifts::show_pounds(g.value_pence).into(),
                    dates::show(g.received_on).into(),
                    g.notified_on.map(dates::show).unwrap_or_default().into(),
                    g.due(s, &ctx).label(session.today).into(),
                    g.state.label().into(),
                    g.counted(s).label().into(),
                ]
            })
            .collect(),
    })
}

fn list(session: &Session, args: ListArgs) -> Outcome {
    let listing = rows(session, args.all, false)?;
    output::print_or_say(
        &listing,
        args.format,
        if args.all {
            "The register is empty."
        } else {
            "No current entries (--all includes ended ones)."
        },
    )?;
    if args.format == Format::Table && !listing.rows.is_empty() {
        overdue_line(session);
    }
    Ok(())
}

/// R-D5: overdue entries said loudly after every list.
fn overdue_line(session: &Session) {
    let Some(ctx) = session.ctx() else { return };
    let late: Vec<String> = session
        .gifts
        .iter()
        .filter(|g| g.due(&session.gift_settings, &ctx).is_overdue())
        .map(|g| format!("{} ({})", g.reference(), recipient_name(g.recipient, &ctx)))
        .collect();
    output::say_overdue(
        &late,
        &format!("not notified within the time limit ({})", gifts::RULE),
    );
}

fn due(session: &Session, format: Format) -> Outcome {
    let listing = rows(session, false, true)?;
    let s = &session.gift_settings;
    let heading = format!(
        "Gifts and hospitality to notify (R-D5 — {}): members {} and {} days; officers {} and {} days.",
        gifts::MEMBERS_CLAUSE,
        gifts::show_pounds(s.members.pence),
        s.members.days,
        gifts::show_pounds(s.officers.pence),
        s.officers.days
    );
    output::print_due(
        &listing,
        format,
        &heading,
        "Nothing waiting to be notified.",
        || overdue_line(session),
    )
}

fn add(session: &mut Session, env: &Env, a: act::NewArgs<Gift>) -> Outcome {
    let input = act::new_input(env, &a)?;
    let g = session.add_gift(&input)?;
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    say(&format!(
        "Saved {}: {} {} {} from {}, received {} ({})",
        g.reference(),
        recipient_name(g.recipient, &ctx),
        g.offer.label(),
        gifts::show_pounds(g.value_pence),
        g.giver,
        dates::show(g.received_on),
        ctx.profile.localise(g.cite())
    ));
    say(&format!(
        "Deadline: {}",
        g.due(&session.gift_settings, &ctx).label(session.today)
    ));
    Ok(())
}

/// `gifts do`'s actions: the register entry machine's.
#[derive(Debug)]
pub struct GiftActions;

impl Actions for GiftActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<GiftActionKind>()
    }
}

struct GiftMachine;

impl Machine for GiftMachine {
    type Kind = GiftActionKind;

    type Record = crate::domain::gifts::Gift;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s Self::Record, Failure> {
        Ok(session.gift(reference)?)
    }

    fn reference(g: &Self::Record) -> String {
        g.reference()
    }

    fn title(session: &Session, reference: &str) -> Option<String> {
        let g = session.gift(reference).ok()?;
        let ctx = session.ctx()?;
        Some(format!(
            "{} {} {} from {} — {}",
            recipient_name(g.recipient, &ctx),
            g.offer.label(),
            gifts::show_pounds(g.value_pence),
            g.giver,
            g.due(&session.gift_settings, &ctx).label(session.today)
        ))
    }

    fn current(session: &Session, reference: &str) -> Vec<(&'static str, String)> {
        session
            .gift(reference)
            .map(|g| g.as_it_stands())
            .unwrap_or_default()
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: GiftActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.gift(reference)?.id;
        let action = GiftAction::from_named(kind, |k| given.get(k));
        let event = session
            .gift_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let g = &event.gift;
        output::say_step(&g.reference(), event.action, event.note.as_deref());
        if let Some(ctx) = session.ctx() {
            say(&format!(
                "Now {}; deadline: {}",
                g.state.label(),
                g.due(&session.gift_settings, &ctx).label(session.today)
            ));
        }
        Ok(())
    }
}

fn export(session: &Session, a: ExportArgs) -> Outcome {
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    let public = a.public;
    let rows = export_rows(&session.gifts, &session.gift_settings, &ctx, public);
    let header: Vec<&str> = EXPORT_COLUMNS
        .iter()
        .filter(|(_, in_public)| !public || *in_public)
        .map(|(c, _)| *c)
        .collect();
    let council = &ctx.council.name;
    let today = dates::show(session.today);
    let register = RegisterExport {
        title: if public {
            format!("{council}: register of gifts and hospitality, {today}")
        } else {
            format!(
                "{council}: register of gifts and hospitality (full, not for publication), {today}"
            )
        },
        intro: if public {
            "Gifts and hospitality received or declined by members (R-D5)."
        } else {
            "Every entry, ended ones included (R-D4), with each deadline (R-D5)."
        }
        .to_string(),
        rows: rows
            .iter()
            .map(|r| header.iter().map(|c| r.value_of(c)).collect())
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

fn settings(session: &mut Session, a: SettingsArgs) -> Outcome {
    let now = session.gift_settings;
    let pence = |field: &'static str, raw: &Option<String>, was: u64| -> Result<u64, Failure> {
        match raw {
            None => Ok(was),
            Some(raw) => gifts::parse_pounds(field, raw)
                .map_err(|e| Failure::new(2, format!("--{field}: {}", e.message))),
        }
    };
    let days = |field: &str, raw: Option<u32>, was: u32| -> Result<u32, Failure> {
        match raw {
            Some(0) => Err(Failure::new(2, format!("--{field}: must be at least 1"))),
            Some(n) => Ok(n),
            None => Ok(was),
        }
    };
    let next = GiftSettings {
        members: Threshold {
            pence: pence("member-threshold", &a.member_threshold, now.members.pence)?,
            days: days("member-days", a.member_days, now.members.days)?,
        },
        officers: Threshold {
            pence: pence(
                "officer-threshold",
                &a.officer_threshold,
                now.officers.pence,
            )?,
            days: days("officer-days", a.officer_days, now.officers.days)?,
        },
        publish_officers: match &a.publish_officers {
            None => now.publish_officers,
            Some(raw) => yes_no("publish-officers", raw)
                .map_err(|e| Failure::new(2, format!("--publish-officers: {}", e.message)))?,
        },
    };
    if next != now {
        session.set_gift_settings(next)?;
        say("Saved the gifts and hospitality settings.");
    }
    let s = session.gift_settings;
    say(&format!(
        "Members: at least {} within {} days ({}).",
        gifts::show_pounds(s.members.pence),
        s.members.days,
        gifts::MEMBERS_CLAUSE
    ));
    say(&format!(
        "Officers: at least {} within {} days ({}).",
        gifts::show_pounds(s.officers.pence),
        s.officers.days,
        gifts::OFFICERS_CLAUSE
    ));
    say(&format!(
        "Officers' entries in the public export: {}.",
        if s.publish_officers { "yes" } else { "no" }
    ));
    Ok(())
}
