//! Triage: which path a matter takes (R-E1, R-E2, R-E3) and who handles it under the profile.

use super::{BreachCategory, Channel, Handler, Path, PersonRef};
use crate::domain::council::Office;
use crate::domain::officer::{LineManager, OfficerState, Post};
use crate::domain::profile::{Role, Routing};
use crate::domain::rules::Cite;
use crate::domain::Context;

/// What triage suggests; the clerk confirms it or chooses another path with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub path: Path,
    pub handlers: Vec<Handler>,
    pub cite: Cite,
    pub explanation: String,
    /// A breach to log alongside the case (R-E2.2: a concern raised at a public meeting).
    pub also_breach: Option<BreachCategory>,
}

/// Proposes a path for a matter raised by `raised_by` about `about`.
///
/// An officer about a member is an R-E1 grievance; a member about an officer is an R-E2 concern,
/// routed by the profile; anything else is logged as an R-E3 breach.
pub fn triage(
    raised_by: &PersonRef,
    about: &PersonRef,
    channel: Channel,
    ctx: &Context,
) -> Proposal {
    let path = default_path(raised_by, about, channel);
    let (handlers, notes) = route(path, raised_by, about, ctx);
    let (cite, mut explanation) = match path {
        Path::OfficerGrievance => (
            Cite::new("R-E1", ctx.profile.officer_grievance.clause.clone()),
            format!(
                "An officer's grievance about a member: informal resolution first, then the formal \
                 grievance procedure ({}, {}).",
                "R-E1",
                ctx.profile.officer_grievance.clause
            ),
        ),
        Path::MemberConcern => {
            let routing = concern_routing(about, ctx);
            (
                Cite::new("R-E2.1", routing.clause.clone()),
                format!(
                    "A member's concern about {}: routed by the {} profile (R-E2.1, {}).",
                    if is_clerk(about, ctx) {
                        "the Clerk"
                    } else {
                        "an officer"
                    },
                    ctx.profile.name,
                    routing.clause
                ),
            )
        }
        Path::Breach(category) => (
            category.cite(),
            format!(
                "Neither an officer's grievance about a member nor a member's concern about an \
                 officer: logged as a protocol breach ({}), reviewed by the Clerk (R-E3, {}). \
                 Choose the category that fits.",
                category.label(),
                category.clause()
            ),
        ),
    };
    explanation.push_str(&format!(
        " Handled by {}.",
        describe_handlers(&handlers, ctx)
    ));
    for note in notes {
        explanation.push(' ');
        explanation.push_str(&note);
    }
    let also_breach = also_breach(path, channel);
    if let Some(category) = also_breach {
        explanation.push_str(&format!(
            " Raised at a public meeting: also logged as a breach, {} (R-E2.2, {}).",
            category.label(),
            category.clause()
        ));
    }
    Proposal {
        path,
        handlers,
        cite,
        explanation,
        also_breach,
    }
}

fn default_path(raised_by: &PersonRef, about: &PersonRef, channel: Channel) -> Path {
    match (raised_by, about) {
        (PersonRef::Officer(_), PersonRef::Member(_)) => Path::OfficerGrievance,
        (PersonRef::Member(_), PersonRef::Officer(_)) => Path::MemberConcern,
        (_, PersonRef::Officer(_)) if channel == Channel::PublicMeeting => {
            Path::Breach(BreachCategory::ConductRaisedInPublic)
        }
        (PersonRef::Officer(_), PersonRef::Officer(_)) => {
            Path::Breach(BreachCategory::OfficerSoughtMemberSupport)
        }
        (PersonRef::Other(_), PersonRef::Officer(_)) => {
            Path::Breach(BreachCategory::OfficerDrawnIntoPolitics)
        }
        (PersonRef::Member(_), PersonRef::Member(_))
        | (PersonRef::Other(_), PersonRef::Member(_)) => {
            Path::Breach(BreachCategory::UnduePressure)
        }
        (PersonRef::Member(_), PersonRef::Other(_))
        | (PersonRef::Officer(_), PersonRef::Other(_))
        | (PersonRef::Other(_), PersonRef::Other(_)) => {
            Path::Breach(BreachCategory::ResourcesMisused)
        }
    }
}

/// R-E2.2 (BOR §2.7), and BOR §2.8 for an officer's grievance aired in public.
pub(super) fn also_breach(path: Path, channel: Channel) -> Option<BreachCategory> {
    match (path, channel) {
        (Path::MemberConcern, Channel::PublicMeeting) => {
            Some(BreachCategory::ConductRaisedInPublic)
        }
        (Path::OfficerGrievance, Channel::PublicMeeting) => {
            Some(BreachCategory::OfficerCriticisedMemberInPublic)
        }
        (Path::OfficerGrievance | Path::MemberConcern | Path::Breach(_), _) => None,
    }
}

pub(super) fn is_clerk(person: &PersonRef, ctx: &Context) -> bool {
    match person {
        PersonRef::Officer(id) => ctx.officer(*id).is_some_and(|o| o.post == Post::Clerk),
        PersonRef::Member(_) | PersonRef::Other(_) => false,
    }
}

fn concern_routing<'a>(about: &PersonRef, ctx: &Context<'a>) -> &'a Routing {
    if is_clerk(about, ctx) {
        &ctx.profile.member_concern_about_clerk
    } else {
        &ctx.profile.member_concern
    }
}

/// The profile's roles for `path`, resolved to people; a handler who is a party is replaced by the
/// profile's `clerk_complainant_holder` (R-E1.7). Also returns notes for the explanation.
pub(super) fn route(
    path: Path,
    raised_by: &PersonRef,
    about: &PersonRef,
    ctx: &Context,
) -> (Vec<Handler>, Vec<String>) {
    let roles: Vec<Role> = match path {
        Path::OfficerGrievance => ctx.profile.officer_grievance.handlers.clone(),
        Path::MemberConcern => concern_routing(about, ctx).handlers.clone(),
        Path::Breach(_) => vec![Role::Clerk],
    };
    let mut handlers: Vec<Handler> = Vec::new();
    let mut notes = Vec::new();
    for role in roles {
        let mut handler = Handler {
            role,
            person: resolve_role(role, about, ctx),
        };
        let is_party = handler
            .person
            .as_ref()
            .is_some_and(|p| p.same_as(raised_by) || p.same_as(about));
        if is_party {
            let stand_in = ctx.profile.clerk_complainant_holder;
            notes.push(format!(
                "{} is a party, so {} acts instead (R-E1.7).",
                role.label(),
                stand_in.label()
            ));
            handler = Handler {
                role: stand_in,
                person: resolve_role(stand_in, about, ctx),
            };
        }
        if handlers.iter().any(|h| h.role == handler.role) {
            continue;
        }
        if handler.person.is_none() {
            notes.push(format!(
                "There is no {} at present: fill the office or record who acts.",
                role_noun(handler.role)
            ));
        }
        handlers.push(handler);
    }
    (handlers, notes)
}

fn role_noun(role: Role) -> &'static str {
    role.label().trim_start_matches("the ")
}

/// A role as a person on `ctx.today`: office holders from the council, the Clerk from the officers,
/// the Monitoring Officer from the council's contact.
pub(super) fn resolve_role(role: Role, about: &PersonRef, ctx: &Context) -> Option<PersonRef> {
    let office = |o: Office| ctx.council.holder(o, ctx.today).map(PersonRef::Member);
    match role {
        Role::Clerk => clerk(ctx),
        Role::Chairman => office(Office::Chairman),
        Role::ViceChairman => office(Office::ViceChairman),
        Role::Leader => office(Office::Leader),
        Role::StaffingChair => office(Office::StaffingChair),
        Role::TownMayor => office(Office::TownMayor),
        Role::MonitoringOfficer => ctx.council.monitoring_officer.as_ref().map(|c| {
            if c.organisation.trim().is_empty() {
                PersonRef::Other(c.name.clone())
            } else {
                PersonRef::Other(format!("{} ({})", c.name, c.organisation))
            }
        }),
        Role::LineManager => match about {
            PersonRef::Officer(id) => match ctx.officer(*id).map(|o| o.line_manager) {
                Some(LineManager::Officer(manager)) => Some(PersonRef::Officer(manager)),
                // The Clerk is managed by the council through its staffing committee (R-O1).
                Some(LineManager::Council) => office(Office::StaffingChair),
                None => None,
            },
            PersonRef::Member(_) | PersonRef::Other(_) => None,
        },
    }
}

/// The officer in post as Clerk on `ctx.today`.
pub(super) fn clerk(ctx: &Context) -> Option<PersonRef> {
    ctx.officers
        .iter()
        .find(|o| {
            o.post == Post::Clerk && o.state() == OfficerState::InPost && o.in_post(ctx.today)
        })
        .map(|o| PersonRef::Officer(o.id))
}

fn describe_handlers(handlers: &[Handler], ctx: &Context) -> String {
    let parts: Vec<String> = handlers
        .iter()
        .map(|h| match &h.person {
            Some(p) => format!("{} ({})", h.role.label(), p.name(ctx)),
            None => format!("{} (vacant)", h.role.label()),
        })
        .collect();
    if parts.is_empty() {
        "nobody named by the profile".to_string()
    } else {
        parts.join(", then ")
    }
}
