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

    /// The member with `id`: by binary search, since the session keeps members in id order
    /// (their tree's key order); walked for when a slice is in another order. A listing of
    /// 40,000 open cases looks up two or three people each: walking 1,000 members for each was a
    /// tenth of `case list --open`.
    pub fn member(&self, id: ids::MemberId) -> Option<&'a Member> {
        by_id(self.members, id, |m| m.id)
    }

    /// The officer with `id` ([`Context::member`]'s way).
    pub fn officer(&self, id: ids::OfficerId) -> Option<&'a Officer> {
        by_id(self.officers, id, |o| o.id)
    }
}

/// The record with `id` in `all`: a binary search (a hit is always right), then, if it misses,
/// a walk (a miss is right only if `all` is in id order).
fn by_id<T, K: Ord + Copy>(all: &[T], id: K, key: impl Fn(&T) -> K) -> Option<&T> {
    match all.binary_search_by_key(&id, &key) {
        Ok(at) => all.get(at),
        Err(_) => all.iter().find(|x| key(x) == id),
    }
}

#[cfg(test)]
mod by_id_tests {
    proptest::proptest! {
        /// In id order or in any other, the id there or not: the record a walk finds.
        #[test]
        fn finds_what_a_walk_finds(
            ids in proptest::collection::hash_set(0u32..60, 0..40),
            sorted in proptest::bool::ANY,
            wanted in 0u32..64,
        ) {
            let mut ids: Vec<u32> = ids.into_iter().collect();
            if sorted {
                ids.sort_unstable();
            }
            let records: Vec<(u32, usize)> = ids.into_iter().zip(0..).collect();
            let found = super::by_id(&records, wanted, |r| r.0);
            let walked = records.iter().find(|r| r.0 == wanted);
            proptest::prop_assert_eq!(found, walked);
        }
    }
}
