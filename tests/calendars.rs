//! The three working-day calendars (RULES.md, Calendars) as built from `assets/`, checked against
//! dates worked out by hand from the statutes. Each row says how it was counted.
//!
//! - election (R-P1): weekends, Christmas Eve, Christmas Day, Good Friday and bank holidays in
//!   England and Wales do not count;
//! - FOI (R-I1, FOI Act 2000 s10(6)): weekends, Christmas Day, Good Friday and a bank holiday in any
//!   part of the United Kingdom do not count; Christmas Eve does;
//! - council (R-E1.3, R-E1.6, R-O2, R-I5): weekends and bank holidays in England and Wales (and the
//!   council's closure days) do not count; Christmas Eve does.

use chrono::NaiveDate;

use clerkdesk::assets;
use clerkdesk::domain::calendar::{CalendarKind, Calendars};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn calendars() -> Calendars {
    assets::calendars().expect("the calendars in assets/ parse")
}

/// (received or started, working days, due on the election, FOI and council calendars, how)
type Row = (NaiveDate, u32, [NaiveDate; 3], &'static str);

fn check(rows: &[Row]) {
    let cals = calendars();
    for (from, n, due, how) in rows {
        for (kind, want) in CalendarKind::ALL.into_iter().zip(due) {
            assert_eq!(
                cals.get(kind).add_working_days(*from, *n),
                *want,
                "{} + {n} working days on the {}: {how}",
                from,
                kind.label()
            );
        }
    }
}

#[test]
fn twenty_day_windows_across_christmas_and_new_year() {
    check(&[
        (
            d(2025, 12, 1),
            20,
            [d(2026, 1, 2), d(2025, 12, 31), d(2025, 12, 31)],
            "Dec 2-5 = 4, 8-12 = 9, 15-19 = 14, 22 = 15, 23 = 16; FOI and council count \
             Wed 24 (17), skip 25-28, then 29, 30, 31 = 20; the election calendar skips 24, so \
             29 = 17 .. 31 = 19, Thu 1 Jan is New Year's Day, Fri 2 Jan = 20",
        ),
        (
            d(2026, 12, 18),
            20,
            [d(2027, 1, 21), d(2027, 1, 21), d(2027, 1, 20)],
            "Mon 21-Wed 23 Dec = 3; Thu 24 counts for FOI and council only; Fri 25 Christmas, \
             Mon 28 Boxing Day (substitute); 29-31; Fri 1 Jan New Year's Day; Mon 4 Jan is \
             Scotland's 2 January (substitute), so it counts for the election and council \
             calendars but not FOI. Election: 21-23 (3), 29-31 (6), 4-8 Jan (11), 11-15 (16), \
             18-21 (20). FOI: 21-24 (4), 29-31 (7), 5-8 Jan (11), 11-15 (16), 18-21 (20). \
             Council: 21-24 (4), 29-31 (7), 4-8 Jan (12), 11-15 (17), 18-20 (20)",
        ),
        (
            d(2025, 12, 11),
            20,
            [d(2026, 1, 14), d(2026, 1, 14), d(2026, 1, 13)],
            "FOI: 12 (1), 15-19 (6), 22-24 (9), 29-31 (12), Fri 2 Jan is Scotland's 2 January, \
             5-9 Jan (17), 12-14 (20). Election: 12 (1), 15-19 (6), 22-23 (8), 29-31 (11), \
             2 Jan (12), 5-9 (17), 12-14 (20). Council: 24 and 2 Jan both count, so one day \
             sooner, Tue 13 Jan",
        ),
    ]);
}

#[test]
fn five_day_windows_across_christmas_easter_early_may_and_august() {
    check(&[
        (
            d(2026, 12, 22),
            5,
            [d(2027, 1, 4), d(2026, 12, 31), d(2026, 12, 31)],
            "Wed 23 (1); Thu 24 counts except on the election calendar; Fri 25 and Mon 28 \
             (Boxing Day substitute) never do; 29, 30, 31. Election: 23, 29, 30, 31, \
             Fri 1 Jan is New Year's Day, Mon 4 Jan (5)",
        ),
        (
            d(2026, 4, 1),
            5,
            [d(2026, 4, 10), d(2026, 4, 10), d(2026, 4, 10)],
            "Thu 2 Apr (1), Good Friday 3 Apr, Easter Monday 6 Apr, then 7-10 Apr (5)",
        ),
        (
            d(2026, 4, 30),
            5,
            [d(2026, 5, 8), d(2026, 5, 8), d(2026, 5, 8)],
            "Fri 1 May (1), Mon 4 May the early May bank holiday, then 5-8 May (5)",
        ),
        (
            d(2026, 8, 28),
            5,
            [d(2026, 9, 7), d(2026, 9, 7), d(2026, 9, 7)],
            "Mon 31 Aug the summer bank holiday (England, Wales and Northern Ireland), then \
             1-4 Sep (4), Mon 7 Sep (5)",
        ),
    ]);
}

#[test]
fn scotland_and_northern_ireland_count_for_foi_only() {
    check(&[
        (
            d(2025, 11, 28),
            20,
            [d(2025, 12, 31), d(2025, 12, 31), d(2025, 12, 30)],
            "Mon 1 Dec 2025 is St Andrew's Day (substitute), a bank holiday in Scotland: it does \
             not count for FOI. Council: 1-5 Dec (5), 8-12 (10), 15-19 (15), 22-24 (18), \
             29-30 (20). Election: 1-5 (5) .. 22-23 (17), 29-31 (20). FOI: 2-5 (4), 8-12 (9), \
             15-19 (14), 22-24 (17), 29-31 (20)",
        ),
        (
            d(2026, 3, 2),
            20,
            [d(2026, 3, 30), d(2026, 3, 31), d(2026, 3, 30)],
            "Tue 17 Mar 2026 is St Patrick's Day, a bank holiday in Northern Ireland. Council \
             and election: 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), 30 (20). FOI: 16 (10), \
             18-20 (13), 23-27 (18), 30 (19), 31 (20)",
        ),
        (
            d(2027, 7, 2),
            20,
            [d(2027, 7, 30), d(2027, 8, 3), d(2027, 7, 30)],
            "Mon 12 Jul 2027 is the Battle of the Boyne (Northern Ireland) and Mon 2 Aug the \
             summer bank holiday in Scotland. Council and election: 5-9 (5), 12-16 (10), \
             19-23 (15), 26-30 (20). FOI: 5-9 (5), 13-16 (9), 19-23 (14), 26-30 (19), \
             Tue 3 Aug (20)",
        ),
        (
            d(2026, 7, 31),
            20,
            [d(2026, 8, 28), d(2026, 9, 1), d(2026, 8, 28)],
            "Mon 3 Aug 2026 is Scotland's summer bank holiday, Mon 31 Aug England's. Council and \
             election: 3-7 (5), 10-14 (10), 17-21 (15), 24-28 (20). FOI: 4-7 (4), 10-14 (9), \
             17-21 (14), 24-28 (19), 31 Aug no, Tue 1 Sep (20)",
        ),
    ]);
}

#[test]
fn christmas_eve_counts_for_foi_and_the_council_but_not_the_election_timetable() {
    let cals = calendars();
    let eve = d(2026, 12, 24);
    assert!(!cals.election.is_working_day(eve));
    assert!(cals.foi.is_working_day(eve));
    assert!(cals.council.is_working_day(eve));
    for cal in [&cals.election, &cals.foi, &cals.council] {
        assert!(!cal.is_working_day(d(2026, 12, 25)), "{:?}", cal.kind());
        assert!(!cal.is_working_day(d(2026, 4, 3)), "Good Friday");
    }
}

#[test]
fn each_calendar_names_its_source_and_years() {
    let cals = calendars();
    assert!(cals.election.source().contains("Local Elections"));
    assert!(cals.foi.source().contains("s10(6)"));
    assert!(cals.council.source().contains("closure"));
    for kind in CalendarKind::ALL {
        assert_eq!(cals.get(kind).kind(), kind);
        assert_eq!(cals.get(kind).years(), Some((2015, 2030)), "{kind:?}");
    }
}

#[test]
fn past_the_last_year_of_data_the_count_warns_loudly() {
    let cals = calendars();
    // Inside the data: no warning.
    assert_eq!(cals.foi.warning(d(2030, 6, 3), d(2030, 7, 1)), None);
    // Received 20 Dec 2030, due in January 2031: nobody knows 2031's bank holidays yet.
    let from = d(2030, 12, 20);
    let due = cals.foi.add_working_days(from, 20);
    assert_eq!(due.format("%Y").to_string(), "2031");
    let warning = cals.foi.warning(from, due).expect("a warning past 2030");
    assert!(warning.starts_with("WARNING"), "{warning}");
    assert!(warning.contains("FOI calendar"), "{warning}");
    assert!(warning.contains("2015 to 2030"), "{warning}");
    assert!(cals.election.beyond_data(d(2031, 1, 2)));
    assert!(!cals.election.beyond_data(d(2030, 12, 31)));
}
