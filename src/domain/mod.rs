//! The domain core: pure Rust. No terminal, no store, no I/O, no clock: `today` is passed in.
//!
//! Each kind of record is a state machine with `available()` (what may be done now, which is what the
//! key bar shows) and `apply()` (do it, or refuse with the rule and the clause).

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

use calendar::Calendars;
use council::Council;
use member::Member;
use officer::Officer;
use profile::Profile;

/// Everything a decision may look at: the council as it stands, and the day it is.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub today: NaiveDate,
    pub council: &'a Council,
    pub profile: &'a Profile,
    /// The three working-day calendars: every deadline names the one it counts on.
    pub calendars: &'a Calendars,
    pub members: &'a [Member],
    pub officers: &'a [Officer],
}

impl Context<'_> {
    pub fn member(&self, id: ids::MemberId) -> Option<&Member> {
        self.members.iter().find(|m| m.id == id)
    }

    pub fn officer(&self, id: ids::OfficerId) -> Option<&Officer> {
        self.officers.iter().find(|o| o.id == id)
    }
}
