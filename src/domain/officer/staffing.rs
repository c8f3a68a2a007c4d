//! Who brought the protocol to an officer's attention (R-O2, LLTC §3.3) and who recruited them
//! (R-O1, LLTC §8.5–8.6, with R-D1 barring a conflicted member from the panel).
//!
//! - R-O2: the protocol is brought to a new officer's attention by their manager: an officer in
//!   post, never the officer themselves. The Clerk is managed by the council (R-O1), so the Clerk's
//!   briefing may be given by a serving member (in practice the Chair of the Staffing Committee) or
//!   by an officer.
//! - R-O1: councillors recruit the Clerk through the council's agreed process (LLTC §8.5): the
//!   Clerk's panel is members only. Members may also take part in recruiting other senior roles
//!   (the RFO, a deputy), where officers lead; officers recruit everyone else (LLTC §8.6): their
//!   panel is officers only. A member who has declared a relationship with the person recruited
//!   sits on no such panel (R-D1, LLTC §7.7), asked of the disclosure register.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Officer, Post};
use crate::domain::dates;
use crate::domain::grievance::{ConflictRegister, PersonRef};
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::lookup::{Among, Found};
use crate::domain::rules::{FieldError, Refusal, Rejection};
use crate::domain::Context;

/// A member or an officer of the council, as an officer's record names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Colleague {
    Member(MemberId),
    Officer(OfficerId),
}

impl Colleague {
    /// Their name as the records have it, with their reference: "Clara Whitcombe (O-001)".
    pub fn name(self, ctx: &Context) -> String {
        match self {
            Colleague::Member(id) => ctx
                .member(id)
                .map(|m| format!("{} ({id})", m.name))
                .unwrap_or_else(|| id.to_string()),
            Colleague::Officer(id) => ctx
                .officer(id)
                .map(|o| format!("{} ({id})", o.name))
                .unwrap_or_else(|| id.to_string()),
        }
    }

    fn from_found(found: Found) -> Colleague {
        match found {
            Found::Member(id) => Colleague::Member(id),
            Found::Officer(id) => Colleague::Officer(id),
        }
    }
}

/// R-O1: the panel that recruited an officer, and the day it sat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recruitment {
    pub on: NaiveDate,
    pub panel: Vec<Colleague>,
}

impl Recruitment {
    /// "Ann Lee (M-001), Bob Roe (M-003), on 2 March 2026".
    pub fn describe(&self, ctx: &Context) -> String {
        let names: Vec<String> = self.panel.iter().map(|c| c.name(ctx)).collect();
        format!("{}, on {}", names.join(", "), dates::show(self.on))
    }
}

/// The field names the officer's steps use (their labels in the spec).
pub(super) const BRIEFED_BY: &str = "given by";
pub(super) const PANEL: &str = "panel";
pub(super) const PANEL_ON: &str = "panel sat on";

/// R-O2: who gave `officer` the protocol on `on`, as typed; refused when it is not their manager's
/// kind of person (an officer in post that day, not themselves; or, for the Clerk, a serving member).
pub(super) fn check_briefer(
    officer: &Officer,
    raw: &str,
    on: NaiveDate,
    ctx: &Context,
) -> Result<Colleague, Rejection> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(
            BRIEFED_BY,
            "name who brought the protocol to their attention (their manager)",
        )
        .into());
    }
    let found = ctx.find_known_person(BRIEFED_BY, raw, Among::Anyone)?;
    let refuse =
        |reason: String| -> Rejection { Refusal::new("R-O2", "LLTC §3.3", reason).into() };
    match Colleague::from_found(found) {
        Colleague::Officer(id) if id == officer.id => Err(refuse(format!(
            "{} cannot bring the protocol to their own attention: their manager does",
            officer.name
        ))),
        Colleague::Officer(id) => {
            let by = ctx.officer(id).expect("found among the officers");
            if !by.in_post(on) {
                return Err(refuse(format!(
                    "{} was not in post on {}: the protocol is brought to an officer's attention by their manager",
                    by.name,
                    dates::show(on)
                )));
            }
            Ok(Colleague::Officer(id))
        }
        Colleague::Member(id) if officer.post == Post::Clerk => {
            let m = ctx.member(id).expect("found among the members");
            if !m.is_serving(on) {
                return Err(refuse(format!(
                    "{} was not serving as a member on {}",
                    m.name,
                    dates::show(on)
                )));
            }
            Ok(Colleague::Member(id))
        }
        Colleague::Member(id) => {
            Err(refuse(format!(
            "{} is a member, not an officer: the protocol is brought to {}'s attention by their \
             manager, an officer",
            ctx.member(id).map(|m| m.name.as_str()).unwrap_or("that member"),
            officer.name
        )))
        }
    }
}

/// R-O1 and R-D1: the recruitment panel `raw` names (comma separated), sitting on `on`, for
/// `officer`'s post.
pub(super) fn check_panel(
    officer: &Officer,
    raw: &str,
    on: NaiveDate,
    ctx: &Context,
    register: &dyn ConflictRegister,
) -> Result<Recruitment, Rejection> {
    let mut panel: Vec<Colleague> = Vec::new();
    for part in raw
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let who = Colleague::from_found(ctx.find_known_person(PANEL, part, Among::Anyone)?);
        if !panel.contains(&who) {
            panel.push(who);
        }
    }
    if panel.is_empty() {
        return Err(FieldError::new(PANEL, "name who sat on the recruitment panel").into());
    }
    // Who may sit by post only where the council's protocol says so (LLTC §8.5–8.6); elsewhere
    // the council's own process decides, and only R-D1 and the plain facts below apply.
    let by_post = ctx.profile.recruitment.as_ref();
    let clerk = officer.post == Post::Clerk;
    // Members may take part in recruiting other senior roles (LLTC §8.5), where officers lead.
    let senior = matches!(officer.post, Post::Rfo | Post::Deputy);
    for who in &panel {
        match *who {
            Colleague::Officer(_) if clerk && by_post.is_some() => {
                return Err(Refusal::new(
                    "R-O1",
                    by_post.map_or("", |r| r.clerk.as_str()),
                    format!(
                        "{} is an officer: councillors recruit the Clerk, through the council's \
                         agreed process",
                        who.name(ctx)
                    ),
                )
                .into());
            }
            Colleague::Officer(id) => {
                let o = ctx.officer(id).expect("found among the officers");
                if id == officer.id {
                    return Err(FieldError::new(
                        PANEL,
                        format!("{} cannot sit on their own recruitment panel", o.name),
                    )
                    .into());
                }
                if !o.in_post(on) {
                    return Err(FieldError::new(
                        PANEL,
                        format!("{} was not in post on {}", o.name, dates::show(on)),
                    )
                    .into());
                }
            }
            Colleague::Member(id) => {
                let m = ctx.member(id).expect("found among the members");
                // R-D1 first: a conflicted member sits on no recruitment panel at all.
                if let Some(c) = register.conflict(id, &PersonRef::Officer(officer.id), on) {
                    return Err(Refusal::new(
                        "R-D1",
                        "LLTC §7.7",
                        format!(
                            "{} has declared a relationship with {} ({}: {}) and sits on no panel \
                             recruiting them",
                            m.name, officer.name, c.reference, c.description
                        ),
                    )
                    .into());
                }
                if let Some(r) = by_post.filter(|_| !clerk && !senior) {
                    return Err(Refusal::new(
                        "R-O1",
                        &r.others,
                        format!(
                            "{} is a member: officers recruit all staff below the senior roles, \
                             the post of {} among them",
                            m.name,
                            officer.post.label()
                        ),
                    )
                    .into());
                }
                if !m.is_serving(on) {
                    return Err(FieldError::new(
                        PANEL,
                        format!(
                            "{} was not serving as a member on {}",
                            m.name,
                            dates::show(on)
                        ),
                    )
                    .into());
                }
            }
        }
    }
    if let Some(r) =
        by_post.filter(|_| senior && !panel.iter().any(|c| matches!(c, Colleague::Officer(_))))
    {
        return Err(Refusal::new(
            "R-O1",
            &r.others,
            format!(
                "officers recruit the {}; members may take part, but the panel needs an officer",
                officer.post.label()
            ),
        )
        .into());
    }
    Ok(Recruitment { on, panel })
}
