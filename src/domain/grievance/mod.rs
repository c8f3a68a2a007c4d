//! Grievances and concerns (R-E1, R-E2, R-E3): who raised what about whom, which escalation path it
//! takes (triage), and the case that follows it to closure.
//!
//! - [`triage`] proposes a path and resolves the profile's handlers to real people.
//! - [`Case::open`] validates and opens a case on the path the clerk chose.
//! - [`Case::available`] and [`Case::apply`] drive the case, refusing with the rule and the clause.
//! - [`letters`] drafts the six R-E1 letters and the two R-E2.4 ones from templates, refused before
//!   their stage.

mod actions;
mod breach;
mod capture;
mod case;
mod conflicts;
mod defaults;
pub mod letters;
mod officer_grievance;
mod spec;
mod triage;

#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use super::ids::{MemberId, OfficerId};
use super::profile::Role;
use super::rules::{Cite, FieldError};
use super::text;
use super::Context;

pub use actions::{CaseAction, CaseActionKind, CaseEvent};
pub use breach::BreachCategory;
pub use capture::{find_party, CaseDraft, NOBODY};
pub use case::{
    Appeal, BreachState, Case, CaseInput, CaseLink, CaseState, ConcernRoute, ConcernState,
    Deadline, Decision, GrievanceState, Hearing, Informal, LinkKind, MoReferral, ModelStep,
    ModelStepRecord, Outcome, Step, StepRecord, Steps,
};
pub use conflicts::{Conflict, ConflictRegister, NoDisclosures};
pub use officer_grievance::derived_not_applicable;
pub use spec::CHANNELS;
pub use triage::{triage, Proposal};

/// Cases in the order a clerk works them, the same on the screen and at the command line: overdue
/// first, then open before closed, then by the next deadline (none last), then by reference. Each
/// case's next deadline is worked out once; `keep` sees it, to filter on it.
pub fn in_working_order<'a>(
    cases: impl Iterator<Item = &'a Case>,
    ctx: &Context,
    keep: impl Fn(&Case, Option<&Deadline>) -> bool,
) -> Vec<&'a Case> {
    let mut keyed: Vec<(&Case, bool, Option<chrono::NaiveDate>)> = cases
        .filter_map(|c| {
            let next = c.next_deadline(ctx);
            keep(c, next.as_ref()).then(|| {
                let overdue = next.as_ref().is_some_and(|d| d.is_overdue(ctx.today));
                (c, overdue, next.map(|d| d.due))
            })
        })
        .collect();
    // The reference is compared where it is, not copied: two copies per comparison were a tenth
    // of `case list --open` at 100,000 cases (40,000 open), the same order as a `String`'s.
    fn key<'k>(
        x: &(&'k Case, bool, Option<chrono::NaiveDate>),
    ) -> (bool, bool, bool, Option<chrono::NaiveDate>, &'k str) {
        (
            !x.1,
            x.0.state == CaseState::Closed,
            x.2.is_none(),
            x.2,
            x.0.reference.as_str(),
        )
    }
    keyed.sort_by(|a, b| key(a).cmp(&key(b)));
    keyed.into_iter().map(|(c, _, _)| c).collect()
}

/// A case reference: `G-2026-007`.
pub fn reference(year: i32, n: u32) -> String {
    format!("G-{year}-{n:03}")
}

/// Someone who raises a matter, is its subject, or acts on it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonRef {
    Member(MemberId),
    Officer(OfficerId),
    /// Anyone else, by name: a resident, the Monitoring Officer, a mediator.
    Other(String),
}

impl PersonRef {
    /// The person's name as the records have it (the reference when the record is missing).
    pub fn name(&self, ctx: &Context) -> String {
        match self {
            PersonRef::Member(id) => ctx
                .member(*id)
                .map(|m| format!("Cllr {}", m.name))
                .unwrap_or_else(|| id.to_string()),
            PersonRef::Officer(id) => ctx
                .officer(*id)
                .map(|o| format!("{} ({})", o.name, o.post_label()))
                .unwrap_or_else(|| id.to_string()),
            PersonRef::Other(name) => name.clone(),
        }
    }

    /// The person's name alone, for where their role is already said ("the Clerk (Clara
    /// Whitcombe)", not "the Clerk (Clara Whitcombe (Clerk and Proper Officer))").
    pub fn short_name(&self, ctx: &Context) -> String {
        match self {
            PersonRef::Officer(id) => ctx
                .officer(*id)
                .map(|o| o.name.clone())
                .unwrap_or_else(|| id.to_string()),
            PersonRef::Member(_) | PersonRef::Other(_) => self.name(ctx),
        }
    }

    /// Whether two references name the same person (names of others compared ignoring case).
    pub fn same_as(&self, other: &PersonRef) -> bool {
        match (self, other) {
            (PersonRef::Other(a), PersonRef::Other(b)) => a.trim().eq_ignore_ascii_case(b.trim()),
            (a, b) => a == b,
        }
    }

    /// The person must be on the council's records (or, for anyone else, be named).
    fn check(&self, field: &'static str, ctx: &Context) -> Result<(), FieldError> {
        match self {
            PersonRef::Member(id) => match ctx.member(*id) {
                Some(_) => Ok(()),
                None => Err(FieldError::new(field, format!("there is no member {id}"))),
            },
            PersonRef::Officer(id) => match ctx.officer(*id) {
                Some(_) => Ok(()),
                None => Err(FieldError::new(field, format!("there is no officer {id}"))),
            },
            PersonRef::Other(name) => text::required_name(field, name).map(|_| ()),
        }
    }
}

/// How the matter reached the clerk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    InPerson,
    Email,
    Letter,
    Phone,
    /// Raised at a meeting held in public (R-E2.2: also a breach, BOR §2.7).
    PublicMeeting,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::InPerson,
        Channel::Email,
        Channel::Letter,
        Channel::Phone,
        Channel::PublicMeeting,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Channel::InPerson => "in person",
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::Phone => "phone",
            Channel::PublicMeeting => "at a public meeting",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key = raw.trim().to_lowercase().replace(['-', '_'], " ");
        let key = key.trim_start_matches("at a ").trim_start_matches("at ");
        Channel::ALL
            .into_iter()
            .find(|c| c.label().trim_start_matches("at a ") == key)
            .ok_or_else(|| {
                let names: Vec<&str> = Channel::ALL.iter().map(|c| c.label()).collect();
                FieldError::new(
                    field,
                    format!("'{}' is not a channel ({})", raw.trim(), names.join(", ")),
                )
            })
    }
}

/// The escalation path a case follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Path {
    /// R-E1: an officer's grievance about a member.
    OfficerGrievance,
    /// R-E2: a member's concern about an officer.
    MemberConcern,
    /// R-E3: a protocol breach, logged as observed.
    Breach(BreachCategory),
}

impl Path {
    /// The rule ID of the path: `R-E1`, `R-E2` or `R-E3`.
    /// `R-E1 officer's grievance about a member`, `R-E3 breach: …`: how both faces and the case
    /// file name a path.
    pub fn title(self) -> String {
        match self {
            Path::Breach(c) => format!("{} breach: {}", self.rule(), c.label()),
            other => format!("{} {}", other.rule(), other.label()),
        }
    }

    pub fn rule(self) -> &'static str {
        match self {
            Path::OfficerGrievance => "R-E1",
            Path::MemberConcern => "R-E2",
            Path::Breach(_) => "R-E3",
        }
    }

    pub fn cite(self) -> Cite {
        match self {
            Path::OfficerGrievance => Cite::new("R-E1", "CAV §5.1, TWY §4.1–4.3"),
            Path::MemberConcern => Cite::new("R-E2", "CAV §5.2, TWY §4.4, LLTC §8.7"),
            Path::Breach(category) => category.cite(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Path::OfficerGrievance => "officer's grievance about a member",
            Path::MemberConcern => "member's concern about an officer",
            Path::Breach(_) => "protocol breach",
        }
    }
}

/// Who handles the matter: the role from the profile and, when the office is filled, its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    pub role: Role,
    /// `None` when the office is vacant (the explanation says so).
    pub person: Option<PersonRef>,
}

impl Handler {
    /// `the Clerk (Jane Doe)`, the person named by the face's `name` (a meeting-safe screen shows a
    /// reference); with nobody who may act, the stand-in rule (R-E1.7).
    pub fn describe(&self, name: impl FnOnce(&PersonRef) -> String) -> String {
        match &self.person {
            Some(p) => format!("{} ({})", self.role.label(), name(p)),
            None => format!(
                "{} (nobody who may act, {})",
                self.role.label(),
                super::rules::cites::nobody_may_act().rule
            ),
        }
    }
}

/// The line that says a matter also logs a breach (R-E3), with its clause.
pub fn also_breach_line(b: BreachCategory) -> String {
    let cite = b.cite();
    format!("Also logs an {} breach: {} ({cite})", cite.rule, b.label())
}
