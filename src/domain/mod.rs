//! The domain core: pure Rust. No terminal, no store, no I/O, no clock: `today` is passed in.
//!
//! Each kind of record is a state machine behind one trait, [`machine::Machine`]: `available()`
//! (what may be done now, which is what the key bar shows), `not_now()` (why not, with the rule and
//! clause) and `apply()` (do it, or refuse with the rule and the clause), all asked with one
//! [`Context`].

pub mod audit;
pub mod blackout;
pub mod calendar;
pub mod correspondence;
pub mod council;
pub mod dates;
pub mod disclosure;
pub mod dispensations;
pub mod documents;
pub mod due;
pub mod figures;
pub mod gifts;
pub mod grievance;
pub mod ids;
mod lookup;
pub mod machine;
pub mod member;
pub mod officer;
pub mod profile;
pub mod publicity;
pub mod requests;
pub mod retention;
pub mod rules;
pub mod sar;
pub mod text;

#[cfg(test)]
pub mod testkit;
#[cfg(test)]
mod tests_due;
#[cfg(test)]
mod tests_machine;

use chrono::NaiveDate;

pub use lookup::{Among, Found};

use blackout::Election;
use calendar::Calendars;
use council::Council;
use grievance::{ConflictRegister, NoDisclosures, PersonRef};
use member::Member;
use officer::Officer;
use profile::Profile;

/// Everything a decision may look at: the council as it stands, and the day it is; and, for the
/// machines that ask, who takes the step, the register of interests and the elections. One type
/// for every machine's `available`, `not_now` and `apply` ([`machine::Machine`]); the parts only
/// some machines read are set by a builder (`ctx.acting(&actor).with_conflicts(&register)`).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub today: NaiveDate,
    pub council: &'a Council,
    pub profile: &'a Profile,
    /// The three working-day calendars: every deadline names the one it counts on.
    pub calendars: &'a Calendars,
    pub members: &'a [Member],
    pub officers: &'a [Officer],
    /// Who takes the step (a case's steps are taken by someone, R-E1.7). `None`: the machine's
    /// own default for the step (`Case::default_actor`).
    pub actor: Option<&'a PersonRef>,
    /// Declared interests a decision is checked against (R-D1, R-E1.7); by default nothing is
    /// declared.
    pub conflicts: &'a dyn ConflictRegister,
    /// The council's elections: a publicity item is checked against their pre-election periods
    /// (R-P1); by default none.
    pub elections: &'a [Election],
}

impl<'a> Context<'a> {
    /// A context with nobody named as acting, nothing declared and no elections.
    pub fn new(
        today: NaiveDate,
        council: &'a Council,
        profile: &'a Profile,
        calendars: &'a Calendars,
        members: &'a [Member],
        officers: &'a [Officer],
    ) -> Context<'a> {
        Context {
            today,
            council,
            profile,
            calendars,
            members,
            officers,
            actor: None,
            conflicts: &NoDisclosures,
            elections: &[],
        }
    }

    /// The same context with `actor` taking the step.
    pub fn acting(self, actor: &'a PersonRef) -> Context<'a> {
        Context {
            actor: Some(actor),
            ..self
        }
    }

    /// The same context checking conflicts against `register`.
    pub fn with_conflicts(self, register: &'a dyn ConflictRegister) -> Context<'a> {
        Context {
            conflicts: register,
            ..self
        }
    }

    /// The same context knowing the council's elections.
    pub fn with_elections(self, elections: &'a [Election]) -> Context<'a> {
        Context { elections, ..self }
    }

    pub fn member(&self, id: ids::MemberId) -> Option<&'a Member> {
        self.members.iter().find(|m| m.id == id)
    }

    pub fn officer(&self, id: ids::OfficerId) -> Option<&'a Officer> {
        self.officers.iter().find(|o| o.id == id)
    }
}
