//! The domain core: pure Rust. No terminal, no store, no I/O, no clock: `today` is passed in.
//!
//! Each kind of record is a state machine with `available()` (what may be done now, which is what the
//! key bar shows) and `apply()` (do it, or refuse with the rule and the clause).

pub mod audit;
pub mod blackout;
pub mod calendar;
pub mod council;
pub mod dates;
pub mod disclosure;
pub mod grievance;
pub mod ids;
pub mod machine;
pub mod member;
pub mod officer;
pub mod profile;
pub mod publicity;
pub mod requests;
pub mod rules;
pub mod text;

#[cfg(test)]
pub mod testkit;
#[cfg(test)]
mod tests_machine;

use chrono::NaiveDate;

use calendar::WorkingCalendar;
use council::Council;
use member::Member;
use officer::Officer;
use profile::Profile;

/// Keys every list in the TUI answers (move, filter, new, show all, switch council, capture, quit,
/// help, overdue). A record's action keys avoid them, so `available()` can drive the key bar as is.
pub const LIST_KEYS: &str = "jkgGnascq/?!";

/// Everything a decision may look at: the council as it stands, and the day it is.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub today: NaiveDate,
    pub council: &'a Council,
    pub profile: &'a Profile,
    pub calendar: &'a WorkingCalendar,
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

#[cfg(test)]
mod key_tests {
    use super::LIST_KEYS;
    use std::collections::HashSet;

    fn check(machine: &str, keys: Vec<char>) {
        let distinct: HashSet<char> = keys.iter().copied().collect();
        assert_eq!(
            distinct.len(),
            keys.len(),
            "{machine}: two actions share a key: {keys:?}"
        );
        for k in keys {
            assert!(
                !LIST_KEYS.contains(k),
                "{machine}: action key '{k}' is a list key"
            );
        }
    }

    #[test]
    fn every_machines_action_keys_are_distinct_and_clear_of_list_keys() {
        use super::*;
        check(
            "member",
            member::MemberActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        );
        check(
            "officer",
            officer::OfficerActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        );
        check(
            "case",
            grievance::CaseActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        );
        check(
            "disclosure",
            disclosure::DisclosureActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        );
        check(
            "election",
            blackout::ElectionActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        );
        check(
            "publicity",
            publicity::ItemActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        );
        check(
            "report",
            requests::ReportActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        );
        check(
            "attendance",
            requests::AttendanceActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        );
        check(
            "request",
            requests::InfoActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        );
    }
}
