//! `clerkdesk demo`, `init`, `councils` and `council …`: setting a council up, choosing it, and its
//! own details (the Monitoring Officer, R-O3; political groups; office holders, R-M2).

use std::path::Path;

use clap::{Args, Subcommand};

use super::output::{self, say, Cell, Format, Listing};
use super::{describe, foreign, Env, Failure, Folder, Outcome, DEMO_COUNCIL};
use crate::assets;
use crate::domain::council::Council;
use crate::domain::dates;
use crate::domain::documents::{self, DocumentsInput};
use crate::domain::figures::Figure;
use crate::domain::ids::MemberId;
use crate::domain::rules::Cite;
use crate::domain::text;
use crate::places;
use crate::session::{Session, SessionError};

#[derive(Debug, Subcommand)]
pub(super) enum CouncilCmd {
    /// The council's model, office holders with their history (R-M2), groups and the Monitoring
    /// Officer (R-O3).
    Show,
    /// Record the Monitoring Officer's contact (the principal authority's; R-O3).
    Mo {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        organisation: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        phone: String,
    },
    /// Add a political group.
    Group {
        #[arg(long)]
        name: String,
    },
    /// The council's own documents (R-O4): the protocol's adoption, minute and review date, and the
    /// grievance and disciplinary procedures it adopted. With `set`, records them.
    Documents {
        #[command(subcommand)]
        set: Option<DocumentsCmd>,
    },
    /// Change the figures no protocol sets (the council's defaults until changed): the hearing
    /// target (R-E1.3), the appeal window (R-E1.6), the least grievance panel (R-E1.2) and the days
    /// for the protocol briefing (R-O2). `default` goes back to the default. With no option,
    /// lists them.
    Set {
        /// Working days from the written grievance to the hearing (default 5).
        #[arg(long, value_name = "DAYS|default")]
        hearing_days: Option<String>,
        /// Working days to lodge an appeal after the decision (default 10).
        #[arg(long, value_name = "DAYS|default")]
        appeal_days: Option<String>,
        /// The fewest members on a grievance panel (default 2, never fewer).
        #[arg(long, value_name = "MEMBERS|default")]
        panel_minimum: Option<String>,
        /// Working days from an officer's start to the protocol briefing (default 5).
        #[arg(long, value_name = "DAYS|default")]
        briefing_days: Option<String>,
    },
    /// Record a day the council's office is closed: it stops counting on the council calendar
    /// (R-E1.3, R-E1.6, R-O2, R-I5); the election and FOI calendars are the law's and do not change.
    /// With no --on, lists the closure days.
    ClosureDay {
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum DocumentsCmd {
    /// Record the documents: only the options given change; an empty value clears one (an empty
    /// --review-by goes back to the default, two years after adoption).
    Set {
        /// When the council adopted its member/officer protocol.
        #[arg(long, value_name = "DATE")]
        protocol_adopted: Option<String>,
        /// The minute that records it, e.g. 18/24.
        #[arg(long, value_name = "REF")]
        protocol_minute: Option<String>,
        /// When the protocol is next reviewed (default: two years after adoption).
        #[arg(long, value_name = "DATE")]
        review_by: Option<String>,
        /// When the council adopted its grievance procedure.
        #[arg(long, value_name = "DATE")]
        grievance_procedure: Option<String>,
        #[arg(long, value_name = "REF")]
        grievance_minute: Option<String>,
        /// When the council adopted its disciplinary procedure.
        #[arg(long, value_name = "DATE")]
        disciplinary_procedure: Option<String>,
        #[arg(long, value_name = "REF")]
        disciplinary_minute: Option<String>,
    },
}

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// The council's name, e.g. "Ashcombe Parish Council".
    #[arg(long)]
    name: String,
    /// parish or town.
    #[arg(long)]
    kind: String,
    /// The protocol model: banbury, toolkit, town or borough.
    #[arg(long)]
    protocol: String,
    /// Political groups, comma separated: "Conservative,Labour".
    #[arg(long, default_value = "")]
    groups: String,
}

pub(super) fn run(env: &Env, cmd: CouncilCmd) -> Outcome {
    let mut session = env.council()?;
    match cmd {
        CouncilCmd::Show => {
            let c = session.council.as_ref().ok_or(SessionError::NoCouncil)?;
            let name = |id: MemberId| {
                session
                    .members
                    .iter()
                    .find(|m| m.id == id)
                    .map(|m| text::sanitize(&m.name))
                    .unwrap_or_else(|| id.to_string())
            };
            say(&format!(
                "{} ({} council)",
                text::sanitize(&c.name),
                c.kind.label()
            ));
            say(&format!(
                "Protocol: {} (from {})",
                session.profile.name,
                session.profile.sources.join(", ")
            ));
            say("Offices (R-M2):");
            for t in &c.offices {
                let to = t.to.map(dates::show).unwrap_or_else(|| "now".into());
                say(&format!(
                    "  {}: {} from {} to {to}",
                    text::sanitize(&c.term_label(t)),
                    name(t.holder),
                    dates::show(t.from)
                ));
            }
            say("Groups:");
            for g in &c.groups {
                let leader = g
                    .leader
                    .map(|l| format!("led by {}", name(l)))
                    .unwrap_or_else(|| "no leader recorded".into());
                let before = g
                    .past_leaders_text(name)
                    .map(|p| format!(" (before: {p})"))
                    .unwrap_or_default();
                say(&format!(
                    "  {} ({}): {leader}{before}",
                    text::sanitize(&g.name),
                    g.id
                ));
            }
            match &c.monitoring_officer {
                Some(m) => say(&text::sanitize(&format!(
                    "Monitoring Officer (R-O3): {}, {} {} {}",
                    m.name, m.organisation, m.email, m.phone
                ))),
                None => say("Monitoring Officer (R-O3): not recorded"),
            }
            for clash in c.town_mayor_clashes() {
                say(&clash);
            }
            show_documents(&session);
            show_figures(&session);
        }
        CouncilCmd::Documents { set: None } => show_documents(&session),
        CouncilCmd::Documents {
            set:
                Some(DocumentsCmd::Set {
                    protocol_adopted,
                    protocol_minute,
                    review_by,
                    grievance_procedure,
                    grievance_minute,
                    disciplinary_procedure,
                    disciplinary_minute,
                }),
        } => {
            let input = DocumentsInput {
                protocol_adopted,
                protocol_minute,
                review_by,
                grievance_adopted: grievance_procedure,
                grievance_minute,
                disciplinary_adopted: disciplinary_procedure,
                disciplinary_minute,
            };
            if input == DocumentsInput::default() {
                return Err(Failure::new(
                    2,
                    "council documents set: give at least one of --protocol-adopted, \
                     --protocol-minute, --review-by, --grievance-procedure, --grievance-minute, \
                     --disciplinary-procedure, --disciplinary-minute",
                ));
            }
            session.set_documents(&input)?;
            say("Saved the council's documents (R-O4).");
            show_documents(&session);
        }
        CouncilCmd::Mo {
            name,
            organisation,
            email,
            phone,
        } => {
            session.set_monitoring_officer(&name, &organisation, &email, &phone)?;
            say("Saved the Monitoring Officer's contact (R-O3).");
        }
        CouncilCmd::Group { name } => {
            session.add_group(&name)?;
            say(&format!(
                "Saved: group {} added.",
                text::sanitize(name.trim())
            ));
        }
        CouncilCmd::ClosureDay {
            on: Some(on),
            reason,
        } => {
            session.add_closure_day(&on, &reason)?;
            say(&format!(
                "Saved: {} is a closure day; it no longer counts on the council calendar.",
                text::sanitize(on.trim())
            ));
        }
        CouncilCmd::Set {
            hearing_days,
            appeal_days,
            panel_minimum,
            briefing_days,
        } => {
            let changes: Vec<(Figure, String)> = [
                (Figure::Hearing, hearing_days),
                (Figure::Appeal, appeal_days),
                (Figure::Panel, panel_minimum),
                (Figure::Briefing, briefing_days),
            ]
            .into_iter()
            .filter_map(|(f, v)| v.map(|v| (f, v)))
            .collect();
            if !changes.is_empty() {
                session.set_figures(&changes)?;
                say("Saved the council's figures; every deadline counted from them moves with them.");
            }
            show_figures(&session);
        }
        CouncilCmd::ClosureDay { on: None, .. } => {
            if session.closure_days.days.is_empty() {
                say("No closure days recorded (council calendar).");
            }
            for d in &session.closure_days.days {
                say(&text::sanitize(&format!(
                    "{}  {}",
                    dates::show(d.on),
                    d.reason
                )));
            }
        }
    }
    Ok(())
}

/// The figures no protocol sets, each as the council's default or its own choice (RULES.md, top).
fn show_figures(session: &Session) {
    say("Figures no protocol sets (change with `council set`):");
    for f in Figure::ALL {
        say(&format!(
            "  {} ({}): {}  [--{}]",
            f.label(),
            session.profile.localise(f.cite()),
            session.profile.deadlines.wording(f),
            f.option()
        ));
    }
}

/// The council's own documents (R-O4), one line each, with the council's own clause.
fn show_documents(session: &Session) {
    let cite = session
        .profile
        .localise(Cite::new(documents::RULE, documents::REVIEW_CLAUSE));
    say(&format!("Documents ({cite}):"));
    for line in session.documents.lines(session.today) {
        say(&format!("  {line}"));
    }
}

/// Opens (creating) the store and puts a council in it. If the folder was made for this and the
/// council could not go in, the folder is removed again, so a failed attempt leaves nothing behind.
pub(super) fn fill_new_store(
    env: &Env,
    dir: &Path,
    fill: impl FnOnce(&mut Session) -> crate::session::Result<()>,
) -> Result<Session, Failure> {
    let existed = match Folder::of(dir) {
        Folder::Foreign => return Err(foreign(dir)),
        Folder::Missing => false,
        Folder::Empty | Folder::Store => true,
    };
    let mut session = env.open(dir)?;
    match fill(&mut session) {
        Ok(()) => Ok(session),
        Err(e) => {
            drop(session);
            if !existed {
                let _ = std::fs::remove_dir_all(dir);
            }
            Err(e.into())
        }
    }
}

pub(super) fn demo(env: &Env) -> Outcome {
    let dir = env
        .named()
        .unwrap_or_else(|| env.places.council_dir(DEMO_COUNCIL));
    let session = fill_new_store(env, &dir, Session::load_demo)?;
    let name = session
        .council
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    places::write_name(&dir, &name);
    env.places.set_last_used(&dir);
    say(&format!("Loaded the demo council into {}", dir.display()));
    Ok(())
}

pub(super) fn init(env: &Env, args: InitArgs) -> Outcome {
    // Check every field before any folder is made, so a typo leaves nothing behind.
    let mut errors = Vec::new();
    match Council::new(
        &args.name,
        &args.kind,
        &args.protocol,
        &assets::profile_keys(),
    ) {
        Ok(mut council) => {
            for group in args
                .groups
                .split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty())
            {
                if let Err(e) = council.add_group(group) {
                    errors.extend(describe(&e.into()));
                }
            }
        }
        Err(e) => errors.extend(describe(&e.into())),
    }
    if !errors.is_empty() {
        return Err(Failure {
            code: 2,
            lines: errors,
        });
    }
    let dir = env
        .named()
        .unwrap_or_else(|| env.places.council_dir(&args.name));
    let session = fill_new_store(env, &dir, |s: &mut Session| {
        s.set_up(&args.name, &args.kind, &args.protocol, &args.groups)
    })?;
    let name = session
        .council
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    places::write_name(&dir, &name);
    env.places.set_last_used(&dir);
    say(&format!("Set up {name} in {}", dir.display()));
    Ok(())
}

pub(super) fn councils(env: &Env) -> Outcome {
    let last = env.places.last_used();
    let mut list = env.places.councils();
    if let Some(last) = &last {
        if !list.iter().any(|c| &c.path == last) {
            list.push(places::CouncilEntry {
                slug: last
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                name: places::read_name(last),
                due: env.places.read_summary(last),
                path: last.clone(),
            });
        }
    }
    if list.is_empty() {
        say(&format!(
            "No councils yet under {}: run `clerkdesk demo` or `clerkdesk init` to set one up",
            env.places.councils_dir().display()
        ));
        return Ok(());
    }
    let listing = Listing {
        columns: vec![
            ("last", ""),
            ("slug", "FOLDER"),
            ("name", "COUNCIL"),
            ("path", "PATH"),
        ],
        rows: list
            .iter()
            .map(|c| {
                vec![
                    Cell::from(if last.as_ref() == Some(&c.path) {
                        "*"
                    } else {
                        ""
                    }),
                    c.slug.as_str().into(),
                    c.name
                        .clone()
                        .unwrap_or_else(|| "(no name recorded)".into())
                        .into(),
                    c.path.display().to_string().into(),
                ]
            })
            .collect(),
    };
    output::print(
        &listing
            .render(Format::Table)
            .map_err(|e| Failure::new(1, e))?,
    );
    Ok(())
}
