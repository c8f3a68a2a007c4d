//! `clerkdesk dispensations …`: the register of dispensations (R-D6, Localism Act 2011 s33). Every
//! change goes through the session, so the CLI refuses exactly what the TUI would: field errors
//! exit 2 naming each field, refusals exit 3 with the rule.

use clap::{Args, Subcommand};

use super::act::{self, Actions, DoArgs, Given, Machine};
use super::output::{self, say, ExportFormat, Format, Listing, RegisterExport};
use super::{Env, Failure, Outcome};
use crate::domain::dates;
use crate::domain::dispensations::{
    Dispensation, DispensationAction, DispensationActionKind, DispensationState,
};
use crate::domain::machine::ActionSpec;
use crate::session::{Session, SessionError};

#[derive(Debug, Subcommand)]
pub enum DispensationsCmd {
    /// List the register: each dispensation's expiry, EXPIRES SOON loudly (R-D6).
    List(ListArgs),
    /// Record a member's written request to the Proper Officer for a dispensation (R-D6).
    Add(act::NewArgs<Dispensation>),
    /// A dispensation and the actions open on it now.
    Show {
        /// The dispensation: D-0003, d3 or 3.
        reference: String,
    },
    /// Take a step: grant, refuse, expire, revoke (by name or by its key on the screen).
    Do(DoArgs<DispensationActions>),
    /// Requests awaiting a decision, and grants expiring within 28 days or past their expiry.
    Due {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Write the whole register as CSV or Markdown (every entry, ended ones included: R-D4).
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    format: ExportFormat,
    /// Write to this file instead of the screen (owner-only; never over an existing file).
    #[arg(long, value_name = "FILE")]
    out: Option<std::path::PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    force: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Include refused, expired and revoked ones (R-D4: kept, never deleted).
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(env: &Env, cmd: DispensationsCmd) -> Outcome {
    match cmd {
        DispensationsCmd::List(a) => list(&env.council()?, a.all, false, a.format),
        DispensationsCmd::Add(a) => add(&mut env.council()?, env, a),
        DispensationsCmd::Show { reference } => {
            act::show::<DispensationMachine>(env, &reference, "dispensations")
        }
        DispensationsCmd::Do(args) => act::run::<DispensationMachine, _>(env, &args),
        DispensationsCmd::Due { format } => list(&env.council()?, false, true, format),
        DispensationsCmd::Export(a) => export(&env.council()?, a),
    }
}

fn list(session: &Session, all: bool, only_due: bool, format: Format) -> Outcome {
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    let mut entries: Vec<_> = session
        .dispensations
        .iter()
        .filter(|x| {
            all || matches!(
                x.state,
                DispensationState::Requested | DispensationState::Granted
            )
        })
        .filter(|x| {
            !only_due
                || x.state == DispensationState::Requested
                || x.due(&ctx).needs_attention(session.today)
        })
        .collect();
    entries.sort_by_key(|x| x.id);
    let listing = Listing {
        columns: vec![
            ("ref", "REF"),
            ("member", "MEMBER"),
            ("business", "BUSINESS"),
            ("requested", "REQUESTED"),
            ("state", "STATE"),
            ("expiry", "EXPIRY (R-D6)"),
        ],
        rows: entries
            .iter()
            .map(|x| {
                let name = ctx
                    .member(x.member)
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
                vec![
                    x.reference().into(),
                    format!("{name} ({})", x.member).into(),
                    x.business.as_str().into(),
                    dates::show(x.requested_on).into(),
                    x.state.label().into(),
                    x.due(&ctx).label(session.today).into(),
                ]
            })
            .collect(),
    };
    output::print_or_say(
        &listing,
        format,
        if only_due {
            "Nothing awaiting a decision or expiring soon."
        } else {
            "No current dispensations (--all includes ended ones)."
        },
    )
}

fn add(session: &mut Session, env: &Env, a: act::NewArgs<Dispensation>) -> Outcome {
    let input = act::new_input(env, &a)?;
    let x = session.add_dispensation(&input)?;
    say(&format!(
        "{}: requested by {} ({})",
        x.reference(),
        x.member,
        x.business
    ));
    Ok(())
}

/// `dispensations do`'s actions: the machine's.
#[derive(Debug)]
pub struct DispensationActions;

impl Actions for DispensationActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<DispensationActionKind>()
    }
}

struct DispensationMachine;

impl Machine for DispensationMachine {
    type Kind = DispensationActionKind;

    type Record = crate::domain::dispensations::Dispensation;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s Self::Record, Failure> {
        Ok(session.dispensation(reference)?)
    }

    fn reference(x: &Self::Record) -> String {
        x.reference()
    }

    fn title(session: &Session, reference: &str) -> Option<String> {
        let x = session.dispensation(reference).ok()?;
        let ctx = session.ctx()?;
        Some(format!(
            "{} — {} — {}",
            x.member,
            x.business,
            x.due(&ctx).label(session.today)
        ))
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: DispensationActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.dispensation(reference)?.id;
        let action = DispensationAction::from_named(kind, |k| given.get(k));
        let event = session
            .dispensation_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let x = &event.dispensation;
        output::say_step(&x.reference(), event.action, event.note.as_deref());
        if let Some(ctx) = session.ctx() {
            say(&format!(
                "Now {}; {}",
                x.state.label(),
                x.due(&ctx).label(session.today)
            ));
        }
        Ok(())
    }
}

fn export(session: &Session, a: ExportArgs) -> Outcome {
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    let mut entries: Vec<_> = session.dispensations.iter().collect();
    entries.sort_by_key(|x| x.id);
    let mut header = vec!["reference", "name"];
    header.extend(
        entries
            .first()
            .map(|x| x.fields().into_iter().map(|(k, _)| k).collect::<Vec<_>>())
            .unwrap_or_default(),
    );
    let register = RegisterExport {
        title: format!(
            "{}: register of dispensations, {}",
            ctx.council.name,
            dates::show(session.today)
        ),
        intro: "Every dispensation, ended ones included (R-D4); each granted for at most four \
                years (R-D6, Localism Act 2011 s33(3))."
            .to_string(),
        rows: entries
            .iter()
            .map(|x| {
                let name = ctx
                    .member(x.member)
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
                [x.reference(), name]
                    .into_iter()
                    .chain(x.fields().into_iter().map(|(_, v)| v))
                    .collect()
            })
            .collect(),
        header,
    };
    register.write(a.format, a.out.as_deref(), a.force, |path| {
        format!(
            "Wrote {} ({} dispensation{})",
            path.display(),
            entries.len(),
            if entries.len() == 1 { "" } else { "s" }
        )
    })
}
