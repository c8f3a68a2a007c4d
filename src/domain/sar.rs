//! Subject access requests (R-DP1, UK GDPR Art 15 and Art 12(3)): the deadline rule.
//!
//! The clock starts on the day the request is received, or the day the proof of identity or the
//! clarification asked for arrives, if later. The answer is due one calendar month later, on the
//! corresponding day; where the next month has no such day (31 January), the last day of that month
//! (28 or 29 February). A due day that is not a working day on the council calendar moves to the
//! next working day. An extension for a complex or numerous request runs two further months from
//! the same start, by the same rules.
//!
//! The request machine: received → identity checked / clarification received (the clock restarts
//! from the later day) → extended (with a reason, only within the first month) → answered (late
//! answers are allowed and marked late). Requests are never deleted.

mod machine;
mod spec;
#[cfg(test)]
mod tests_machine;

use chrono::{Months, NaiveDate};

use super::calendar::WorkingCalendar;
use super::rules::Cite;

pub use machine::*;

/// The rule and clause behind every subject access deadline.
pub fn cite() -> Cite {
    Cite::new("R-DP1", "UK GDPR Art 12(3)")
}

/// The day the clock starts: receipt, or the later proof of identity or clarification.
pub fn clock_start(received: NaiveDate, identity_or_clarification: Option<NaiveDate>) -> NaiveDate {
    identity_or_clarification.map_or(received, |later| later.max(received))
}

/// `months` calendar months after `start`, on the corresponding day or, where that month is
/// shorter, its last day; then moved on to the next working day of `cal` if need be.
fn months_after(start: NaiveDate, months: u32, cal: &WorkingCalendar) -> NaiveDate {
    // chrono clamps to the month's last day: 31 January + 1 month = 28 or 29 February.
    let mut due = start
        .checked_add_months(Months::new(months))
        .unwrap_or(start);
    while !cal.is_working_day(due) {
        match due.succ_opt() {
            Some(next) => due = next,
            None => break,
        }
    }
    due
}

/// The answer is due by this day (one calendar month from the clock's start).
pub fn due(start: NaiveDate, cal: &WorkingCalendar) -> NaiveDate {
    months_after(start, 1, cal)
}

/// The last day with the extension of two further months (three from the clock's start).
pub fn extended_due(start: NaiveDate, cal: &WorkingCalendar) -> NaiveDate {
    months_after(start, 3, cal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarKind, WorkingCalendar};
    use crate::domain::testkit::d;

    fn council(bank_holidays: &[NaiveDate]) -> WorkingCalendar {
        WorkingCalendar::of_kind(CalendarKind::Council, bank_holidays.iter().copied())
    }

    #[test]
    fn a_month_without_the_day_ends_on_its_last_day() {
        let cal = council(&[]);
        // 31 January 2026 → February has no 31st: Saturday 28 February, a weekend → Monday 2 March.
        assert_eq!(due(d(2026, 1, 31), &cal), d(2026, 3, 2));
        // 31 January 2028 (leap year) → Tuesday 29 February 2028, a working day.
        assert_eq!(due(d(2028, 1, 31), &cal), d(2028, 2, 29));
        // 31 January 2030 → Thursday 28 February 2030.
        assert_eq!(due(d(2030, 1, 31), &cal), d(2030, 2, 28));
        // 31 March → April has no 31st: Thursday 30 April 2026.
        assert_eq!(due(d(2026, 3, 31), &cal), d(2026, 4, 30));
    }

    #[test]
    fn the_corresponding_day_when_there_is_one() {
        let cal = council(&[]);
        // Received Tuesday 3 November 2026 → Thursday 3 December 2026.
        assert_eq!(due(d(2026, 11, 3), &cal), d(2026, 12, 3));
    }

    #[test]
    fn a_weekend_or_bank_holiday_moves_to_the_next_working_day() {
        // 4 April 2026 + 1 month = Monday 4 May 2026, the Early May bank holiday → Tuesday 5 May.
        let cal = council(&[d(2026, 5, 4)]);
        assert_eq!(due(d(2026, 4, 4), &cal), d(2026, 5, 5));
        // 25 November 2026 → Friday 25 December (Christmas Day), Monday 28 December the substitute
        // Boxing Day bank holiday → Tuesday 29 December; Saturday 26 and Sunday 27 in between.
        let cal = council(&[d(2026, 12, 28)]);
        assert_eq!(due(d(2026, 11, 25), &cal), d(2026, 12, 29));
        // Without a holiday that day: Saturday 7 November 2026 from 7 October → Monday 9 November.
        assert_eq!(due(d(2026, 10, 7), &council(&[])), d(2026, 11, 9));
    }

    #[test]
    fn the_clock_starts_at_the_later_of_receipt_and_proof_of_identity() {
        let cal = council(&[]);
        let start = clock_start(d(2026, 1, 5), Some(d(2026, 1, 12)));
        assert_eq!(start, d(2026, 1, 12));
        // Monday 12 January 2026 → Thursday 12 February 2026.
        assert_eq!(due(start, &cal), d(2026, 2, 12));
        // Identity already in hand before the request: receipt starts it.
        assert_eq!(
            clock_start(d(2026, 1, 5), Some(d(2026, 1, 1))),
            d(2026, 1, 5)
        );
        assert_eq!(clock_start(d(2026, 1, 5), None), d(2026, 1, 5));
    }

    #[test]
    fn the_extension_runs_two_further_months_from_the_same_start() {
        let cal = council(&[]);
        // 30 November 2026 + 3 months = February has no 30th: Sunday 28 February 2027 → Monday
        // 1 March 2027.
        assert_eq!(extended_due(d(2026, 11, 30), &cal), d(2027, 3, 1));
        // 3 January 2026 + 3 months = Friday 3 April 2026, Good Friday; then Saturday, Sunday and
        // Monday 6 April, Easter Monday (a bank holiday in England and Wales) → Tuesday 7 April.
        let cal = council(&[d(2026, 4, 6)]);
        assert_eq!(extended_due(d(2026, 1, 3), &cal), d(2026, 4, 7));
        assert_eq!(cite().rule, "R-DP1");
    }
}
