//! `clerkdesk correspondence …`: the correspondence log (R-C1). An officer's letter to a member is
//! logged with whether it was about a ward matter; under the borough model (BOR §7.1) the other
//! members for the ward are copied, or the entry says why not, else it is refused (exit 3).

use clap::{Args, Subcommand};

use super::output::{self, say, Format, Listing};
use super::{Env, Outcome};
use crate::domain::correspondence::{ward_members, Letter, LetterInput};
use crate::domain::dates;
use crate::domain::text;
use crate::session::{Session, SessionError};

#[derive(Debug, Subcommand)]
pub enum CorrespondenceCmd {
    /// Every letter logged, with who was copied or why not (R-C1).
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Log an officer's letter to a member. For a ward matter, --copied yes records that the
    /// other members for the ward were copied (worked out from their wards); --copied no with
    /// --reason says why not.
    Add(AddArgs),
    /// One logged letter.
    Show {
        /// The entry: C-0003, c3 or 3.
        reference: String,
    },
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The officer who wrote: O-002 or an exact name.
    #[arg(long, value_name = "PERSON")]
    officer: String,
    /// The member written to: M-003 or an exact name.
    #[arg(long, value_name = "PERSON")]
    member: String,
    /// What it was about.
    #[arg(long)]
    subject: String,
    /// The day it was sent (default: today).
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// yes when it is about a matter in the member's ward.
    #[arg(long, value_name = "YES|NO", default_value = "no")]
    ward_matter: String,
    /// yes when the other members for the ward were copied, no when not.
    #[arg(long, value_name = "YES|NO", default_value = "")]
    copied: String,
    /// Why the other members for the ward were not copied.
    #[arg(long, default_value = "")]
    reason: String,
}

pub fn run(env: &Env, cmd: CorrespondenceCmd) -> Outcome {
    match cmd {
        CorrespondenceCmd::List { format } => list(&env.council()?, format),
        CorrespondenceCmd::Add(a) => add(&mut env.council()?, a),
        CorrespondenceCmd::Show { reference } => show(&env.council()?, &reference),
    }
}

fn list(session: &Session, format: Format) -> Outcome {
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    let name = |s: String| text::sanitize(&s);
    let listing = Listing {
        columns: vec![
            ("ref", "REF"),
            ("on", "ON"),
            ("officer", "OFFICER"),
            ("member", "MEMBER"),
            ("subject", "SUBJECT"),
            ("copies", "COPIES (R-C1)"),
        ],
        rows: session
            .correspondence
            .iter()
            .map(|l| {
                let f = l.fields(&ctx);
                vec![
                    l.reference().into(),
                    dates::show(l.on).into(),
                    name(f[0].1.clone()).into(),
                    name(f[1].1.clone()).into(),
                    name(l.subject.clone()).into(),
                    name(l.copies_line(&ctx)).into(),
                ]
            })
            .collect(),
    };
    output::print_or_say(&listing, format, "No letters logged.")
}

fn add(session: &mut Session, a: AddArgs) -> Outcome {
    let input = LetterInput {
        officer: a.officer,
        member: a.member,
        on: a.on.unwrap_or_else(|| dates::show(session.today)),
        subject: a.subject,
        ward_matter: a.ward_matter,
        copied: a.copied,
        reason: a.reason,
    };
    let l = session.log_letter(&input)?;
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    say(&text::sanitize(&format!(
        "{}: logged; {} ({})",
        l.reference(),
        l.copies_line(&ctx),
        session.profile.localise(Letter::cite(&ctx))
    )));
    Ok(())
}

fn show(session: &Session, reference: &str) -> Outcome {
    let l = session.logged_letter(reference)?;
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    say(&format!(
        "{} ({})",
        l.reference(),
        session.profile.localise(Letter::cite(&ctx))
    ));
    for (label, value) in l.fields(&ctx) {
        say(&text::sanitize(&format!("  {label}: {value}")));
    }
    if l.ward_matter {
        let others: Vec<String> = ward_members(l.member, l.on, &ctx)
            .iter()
            .filter_map(|id| ctx.member(*id).map(|m| format!("{} ({id})", m.name)))
            .collect();
        say(&text::sanitize(&format!(
            "  members for the ward that day: {}",
            if others.is_empty() {
                "none besides the member written to".to_string()
            } else {
                others.join(", ")
            }
        )));
    }
    Ok(())
}
