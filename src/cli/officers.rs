//! `clerkdesk officers …`: list and add staff, and take each step of an officer record
//! (`officers do REF ACTION --field value`, driven by the officer machine's action specs).

use clap::Subcommand;

use super::act::{self, Actions, DoArgs, Given, Machine};
use super::members::{report, show_opt, ListArgs};
use super::output::{say, Listing};
use super::{print_listing, Env, Failure, Outcome};
use crate::domain::dates;
use crate::domain::figures::Figure;
use crate::domain::ids::OfficerId;
use crate::domain::machine::ActionSpec;
use crate::domain::officer::{
    self, manager_name, BriefingStatus, Officer, OfficerActionKind, OfficerInput,
};
use crate::domain::text;
use crate::session::{Registers, Session};

#[derive(Debug, Subcommand)]
pub enum OfficersCmd {
    /// List officers in post with their line manager and protocol briefing (R-O2).
    List(ListArgs),
    /// Add an officer: an employee, a consultant or agency staff, in a post with a line manager
    /// (R-O1); the protocol is then brought to their attention (R-O2).
    Add(act::NewArgs<Officer>),
    /// An officer, and the actions open now with their fields.
    Show {
        /// The officer's reference, e.g. O-002.
        reference: String,
    },
    /// Take a step on an officer: edit, brief, leave (`officers show REF` lists those open now).
    /// The subcommands below are the same steps under their own names.
    Do(DoArgs<OfficerActions>),
    /// Record that the protocol was brought to an officer's attention (R-O2).
    Brief {
        /// The officer's reference, e.g. O-005.
        reference: String,
        /// The day it was given (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Who gave it: their manager, an officer (for the Clerk, a member may), e.g. O-001.
        #[arg(long, value_name = "PERSON")]
        by: Option<String>,
    },
    /// Record an officer's leaving date.
    Leave {
        /// The officer's reference, e.g. O-002.
        reference: String,
        /// Their last day (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
}

/// `officers do`'s actions: the officer machine's.
#[derive(Debug)]
pub struct OfficerActions;

impl Actions for OfficerActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<OfficerActionKind>()
    }
}

struct OfficerMachine;

impl Machine for OfficerMachine {
    type Kind = OfficerActionKind;

    type Record = Officer;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s Officer, Failure> {
        Ok(session.officer(officer_ref(reference)?)?)
    }

    fn reference(o: &Officer) -> String {
        o.id.to_string()
    }

    fn title(session: &Session, reference: &str) -> Option<String> {
        let o = session.officer(officer_ref(reference).ok()?).ok()?;
        let ctx = session.ctx()?;
        // R-O2's who and R-O1's panel, where recorded.
        let by = o
            .briefed_by
            .map(|c| format!(" by {}", c.name(&ctx)))
            .unwrap_or_default();
        let panel = o
            .recruitment
            .as_ref()
            .map(|r| format!("; recruited by {}", r.describe(&ctx)))
            .unwrap_or_default();
        Some(text::sanitize(&format!(
            "{}, {}; protocol {}{by}{panel}",
            o.name,
            o.post.label(),
            briefing_text(o.briefing_status(&ctx))
        )))
    }

    fn current(session: &Session, reference: &str) -> Vec<(&'static str, String)> {
        let (Ok(id), Some(ctx)) = (officer_ref(reference), session.ctx()) else {
            return Vec::new();
        };
        match session.officer(id) {
            Ok(o) => officer::edit_defaults(&OfficerInput::from_officer(o, &ctx)),
            Err(_) => Vec::new(),
        }
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: OfficerActionKind,
        given: &Given,
    ) -> Outcome {
        let id = officer_ref(reference)?;
        let action = act::build(kind, given)?;
        let event = session
            .officer_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        report(
            &event.officer.id.to_string(),
            &event.officer.name,
            event.action,
            event.note.as_deref(),
        );
        Ok(())
    }
}

pub(super) fn run(env: &Env, cmd: OfficersCmd) -> Outcome {
    match cmd {
        OfficersCmd::List(args) => {
            let session = env.council_reading(Registers::Only(&[]))?;
            print_listing(&officer_listing(&session, args.all), args.format)
        }
        OfficersCmd::Add(args) => {
            let mut session = env.council()?;
            let input = act::new_input(env, &args)?;
            let o = session.add_officer(&input)?;
            say(&format!("Saved {} {}", o.id, o.name));
            Ok(())
        }
        OfficersCmd::Show { reference } => act::show::<OfficerMachine>(env, &reference, "officers"),
        OfficersCmd::Do(args) => act::run::<OfficerMachine, _>(env, &args),
        OfficersCmd::Brief { reference, on, by } => {
            let args = DoArgs::<OfficerActions>::of(reference, "brief", [("on", on), ("by", by)]);
            act::run::<OfficerMachine, _>(env, &args)
        }
        OfficersCmd::Leave { reference, on } => {
            let args = DoArgs::<OfficerActions>::of(reference, "leave", [("on", on)]);
            act::run::<OfficerMachine, _>(env, &args)
        }
    }
}

fn officer_listing(session: &Session, all: bool) -> Listing {
    let ctx = session.ctx().expect("a council is open");
    let today = session.today;
    let mut officers: Vec<&Officer> = session
        .officers
        .iter()
        .filter(|o| all || o.left.is_none_or(|left| left >= today))
        .collect();
    crate::domain::officer::in_list_order(&mut officers);
    Listing {
        columns: vec![
            ("ref", "REF"),
            ("name", "NAME"),
            ("post", "POST"),
            ("title", "TITLE"),
            ("employment", "EMPLOYMENT"),
            ("line_manager", "LINE MANAGER"),
            ("started", "STARTED"),
            ("protocol", "PROTOCOL (R-O2)"),
            ("left", "LEFT"),
        ],
        rows: officers
            .iter()
            .map(|o| {
                vec![
                    o.id.to_string().into(),
                    o.name.as_str().into(),
                    o.post.label().into(),
                    o.title.clone().unwrap_or_default().into(),
                    o.employment.label().into(),
                    manager_name(o.line_manager, &ctx).into(),
                    dates::show(o.started).into(),
                    // The R-O2 due day names how it was counted (council calendar).
                    match o.briefing_status(&ctx) {
                        s @ (BriefingStatus::Pending { .. } | BriefingStatus::Missing { .. }) => {
                            format!(
                                "{} (within {}, {})",
                                briefing_text(s),
                                ctx.profile.deadlines.wording(Figure::Briefing),
                                crate::domain::calendar::CalendarKind::Council.label()
                            )
                        }
                        s => briefing_text(s),
                    }
                    .into(),
                    show_opt(o.left).into(),
                ]
            })
            .collect(),
    }
}

pub(super) fn briefing_text(status: BriefingStatus) -> String {
    match status {
        BriefingStatus::Recorded(on) => format!("given {}", dates::show(on)),
        BriefingStatus::Pending { due } => format!("due {}", dates::show(due)),
        BriefingStatus::Missing { due } => format!("MISSING (due {}) R-O2", dates::show(due)),
        BriefingStatus::NotApplicable => "not recorded (left)".to_string(),
    }
}

pub(crate) fn officer_ref(raw: &str) -> Result<OfficerId, Failure> {
    raw.parse().map_err(|e: String| Failure::new(2, e))
}
