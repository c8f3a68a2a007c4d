//! Triage: which path a matter takes (R-E1, R-E2, R-E3) and who handles it under the profile.

use super::{BreachCategory, Channel, ConflictRegister, Handler, Path, PersonRef};
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
    register: &dyn ConflictRegister,
) -> Proposal {
    let path = default_path(raised_by, about, channel);
    let (handlers, notes) = route(path, raised_by, about, ctx, register);
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
            let mut text = format!(
                "A member's concern about {}: routed by the {} profile (R-E2.1, {}).",
                if is_clerk(about, ctx) {
                    "the Clerk"
                } else {
                    "an officer"
                },
                ctx.profile.name,
                routing.clause
            );
            if let Some(first) = &routing.first_step {
                text.push_str(&format!(" First step: {first}."));
            }
            (Cite::new("R-E2.1", routing.clause.clone()), text)
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

pub(super) fn concern_routing<'a>(about: &PersonRef, ctx: &Context<'a>) -> &'a Routing {
    if is_clerk(about, ctx) {
        &ctx.profile.member_concern_about_clerk
    } else {
        &ctx.profile.member_concern
    }
}

/// The profile's roles for `path`, resolved to people. A handler who is a party, conflicted (R-D1)
/// or not in post is replaced by the next in the profile's chain of stand-ins (R-E1.7). Also returns
/// notes for the explanation, saying who stands in and why.
pub(super) fn route(
    path: Path,
    raised_by: &PersonRef,
    about: &PersonRef,
    ctx: &Context,
    register: &dyn ConflictRegister,
) -> (Vec<Handler>, Vec<String>) {
    let roles: Vec<Role> = match path {
        Path::OfficerGrievance => ctx.profile.officer_grievance.handlers.clone(),
        Path::MemberConcern => concern_routing(about, ctx).handlers.clone(),
        Path::Breach(_) => vec![Role::Clerk],
    };
    let mut handlers: Vec<Handler> = Vec::new();
    let mut notes = Vec::new();
    for role in roles {
        let (handler, more) = stand_in(role, raised_by, about, ctx, register);
        // A stand-in who already handles the matter (the borough's Monitoring Officer standing in
        // for the Clerk) is named once.
        if handlers.iter().any(|h| match (&h.person, &handler.person) {
            (Some(a), Some(b)) => a.same_as(b),
            (None, None) => h.role == handler.role,
            _ => false,
        }) {
            continue;
        }
        notes.extend(more);
        handlers.push(handler);
    }
    (handlers, notes)
}

/// Why `person` may not handle, hear, decide or take a step on a matter `raised_by` raised about
/// `about` (R-E1.7, R-D1); `None` when they may.
pub fn exclusion(
    person: &PersonRef,
    raised_by: &PersonRef,
    about: &PersonRef,
    ctx: &Context,
    register: &dyn ConflictRegister,
) -> Option<String> {
    if person.same_as(raised_by) {
        return Some(format!("{} raised the matter", person.name(ctx)));
    }
    if person.same_as(about) {
        return Some(format!("{} is the person it is about", person.name(ctx)));
    }
    let parties = [raised_by, about];
    let found = match person {
        PersonRef::Member(m) => parties
            .into_iter()
            .find_map(|p| register.conflict(*m, p, ctx.today).map(|c| (p, c))),
        PersonRef::Officer(_) => parties.into_iter().find_map(|p| match p {
            PersonRef::Member(pm) => register.conflict(*pm, person, ctx.today).map(|c| (p, c)),
            PersonRef::Officer(_) | PersonRef::Other(_) => None,
        }),
        PersonRef::Other(_) => None,
    };
    found.map(|(p, c)| {
        format!(
            "{} has declared a relationship with {} ({}: {}, R-D1)",
            person.name(ctx),
            p.name(ctx),
            c.reference,
            c.description
        )
    })
}

/// R-E1.7: the first of `first` and then the profile's chain of stand-ins who is in post, not a
/// party and not conflicted (R-D1). Notes say who was passed over and why. Where
/// everyone is excluded the handler is `first` with nobody named, and the note gives the way out:
/// the council appoints an independent person, recorded as such.
pub fn stand_in(
    first: Role,
    raised_by: &PersonRef,
    about: &PersonRef,
    ctx: &Context,
    register: &dyn ConflictRegister,
) -> (Handler, Vec<String>) {
    let mut chain = vec![first];
    let profile_chain: &[Role] = if ctx.profile.stand_ins.is_empty() {
        std::slice::from_ref(&ctx.profile.clerk_complainant_holder)
    } else {
        &ctx.profile.stand_ins
    };
    // The Town Mayor is the Chairman (R-M2): one link in the chain, not two.
    let same_office = |a: &Role, b: &Role| {
        a == b
            || matches!(
                (a, b),
                (Role::TownMayor, Role::Chairman) | (Role::Chairman, Role::TownMayor)
            )
    };
    for r in profile_chain {
        if !chain.iter().any(|c| same_office(c, r)) {
            chain.push(*r);
        }
    }
    let mut passed: Vec<String> = Vec::new();
    for role in &chain {
        let Some(person) = resolve_role(*role, about, ctx) else {
            passed.push(format!("there is no {} at present", role_noun(*role)));
            continue;
        };
        if let Some(why) = exclusion(&person, raised_by, about, ctx, register) {
            passed.push(format!("{} cannot act: {why}", role.label()));
            continue;
        }
        let mut notes = Vec::new();
        if *role != first {
            notes.push(format!(
                "{} stands in for {} ({}; R-E1.7).",
                capitalise(&format!("{} ({})", role.label(), person.name(ctx))),
                first.label(),
                passed.join("; ")
            ));
        }
        return (
            Handler {
                role: *role,
                person: Some(person),
            },
            notes,
        );
    }
    let names: Vec<&str> = chain.iter().map(|r| r.label()).collect();
    (
        Handler {
            role: first,
            person: None,
        },
        vec![format!(
            "Nobody the {} names can act for {} ({}; {}): the council appoints an \
             independent person, recorded as such (R-E1.7).",
            ctx.profile.name,
            first.label(),
            names.join(", then "),
            passed.join("; ")
        )],
    )
}

/// R-E2.4 with R-E1.7: who may decide a member's concern about an officer. For the Clerk, the
/// staffing committee, recorded by its Chair or the profile's stand-in; for any other officer, their
/// line manager or the Clerk. Nobody excluded (a party, or conflicted under R-D1) is listed; an
/// empty list means the council must appoint an independent person.
pub fn concern_deciders(
    raised_by: &PersonRef,
    about: &PersonRef,
    ctx: &Context,
    register: &dyn ConflictRegister,
) -> Vec<PersonRef> {
    let Some(officer) = (match about {
        PersonRef::Officer(id) => ctx.officer(*id),
        PersonRef::Member(_) | PersonRef::Other(_) => None,
    }) else {
        return Vec::new();
    };
    if officer.post == Post::Clerk {
        let (handler, _) = stand_in(Role::StaffingChair, raised_by, about, ctx, register);
        return handler.person.into_iter().collect();
    }
    let mut deciders: Vec<PersonRef> = Vec::new();
    if let LineManager::Officer(m) = officer.line_manager {
        deciders.push(PersonRef::Officer(m));
    }
    deciders.extend(clerk(ctx));
    let mut out: Vec<PersonRef> = Vec::new();
    for d in deciders {
        if exclusion(&d, raised_by, about, ctx, register).is_none() && !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
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
        // R-E2.1, R-M2: a town council's Town Mayor is its Chairman (LGA 1972 s245(6)); a store
        // from before that may hold a separate Town Mayor term, used only where no Chairman is.
        Role::TownMayor => office(Office::Chairman).or_else(|| office(Office::TownMayor)),
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
        // Appointed per case (R-E1.7), never resolved from the council's offices.
        Role::IndependentPerson => None,
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
            Some(p) => format!("{} ({})", h.role.label(), p.short_name(ctx)),
            None => format!("{} (vacant)", h.role.label()),
        })
        .collect();
    if parts.is_empty() {
        "nobody named by the profile".to_string()
    } else {
        parts.join(", then ")
    }
}
