use chrono::NaiveDate;
use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

use super::*;
use crate::domain::due::DueRecord;
use crate::domain::rules::Cite;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a real date in the test")
}

fn sample() -> Vec<DueDate> {
    vec![
        DueDate {
            key: "case-G-2026-001-hearing".into(),
            first: d(2026, 11, 27),
            last: d(2026, 11, 27),
            title: "G-2026-001: hearing".into(),
            names: Some("raised by Jane Doe (Clerk) about Cllr Roger Smythe".into()),
            cite: Cite::new("R-E1.3", "ACAS Code of Practice"),
            note: "council calendar".into(),
            overdue: false,
            record: DueRecord::Case("G-2026-001".into()),
        },
        DueDate {
            key: "briefing-O-002".into(),
            first: d(2026, 11, 20),
            last: d(2026, 11, 20),
            title: "O-002: protocol briefing".into(),
            names: Some("Priya Patel".into()),
            cite: Cite::new("R-O2", "LLTC §3.3"),
            note: "council calendar".into(),
            overdue: true,
            record: DueRecord::Officer(crate::domain::ids::OfficerId(2)),
        },
        DueDate {
            key: "election-1-period".into(),
            first: d(2027, 3, 29),
            last: d(2027, 5, 6),
            title: "Pre-election period, poll 2027-05-06 (whole council)".into(),
            names: None,
            cite: Cite::new(
                "R-P1",
                "Code of Recommended Practice on Local Authority Publicity 2011",
            ),
            note: "from the notice of election to the poll, inclusive".into(),
            overdue: false,
            record: DueRecord::Election(1),
        },
    ]
}

fn parse(text: &str) -> Calendar {
    match text.parse::<Calendar>() {
        Ok(cal) => cal,
        Err(e) => panic!("the calendar does not parse as iCalendar: {e}\n{text}"),
    }
}

fn events(cal: &Calendar) -> Vec<&icalendar::Event> {
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect()
}

fn uids(text: &str) -> Vec<String> {
    let cal = parse(text);
    events(&cal)
        .iter()
        .map(|e| e.get_uid().unwrap_or("(no UID)").to_string())
        .collect()
}

#[test]
fn the_file_parses_back_with_one_event_per_deadline() {
    let text = render(&sample(), "Ashcombe Parish Council", d(2026, 11, 22), true);
    let cal = parse(&text);
    let evs = events(&cal);
    assert_eq!(evs.len(), 3, "one VEVENT per deadline:\n{text}");
    assert!(
        text.contains("VERSION:2.0"),
        "RFC 5545 needs VERSION:\n{text}"
    );
    assert!(text.contains("PRODID:"), "RFC 5545 needs PRODID:\n{text}");
    let hearing = evs
        .iter()
        .find(|e| e.get_uid() == Some("case-g-2026-001-hearing@ashcombe-parish-council.clerkdesk"))
        .unwrap_or_else(|| panic!("the hearing's event, by its UID:\n{text}"));
    assert_eq!(hearing.get_summary(), Some("G-2026-001: hearing"));
    assert_eq!(
        hearing.get_start(),
        Some(DatePerhapsTime::Date(d(2026, 11, 27))),
        "an all-day event on the due day"
    );
    assert_eq!(
        hearing.get_end(),
        Some(DatePerhapsTime::Date(d(2026, 11, 28))),
        "DTEND is the day after (RFC 5545 all-day end is exclusive)"
    );
    let period = evs
        .iter()
        .find(|e| {
            e.get_uid()
                .is_some_and(|u| u.starts_with("election-1-period@"))
        })
        .unwrap_or_else(|| panic!("the pre-election period's event:\n{text}"));
    assert_eq!(
        period.get_start(),
        Some(DatePerhapsTime::Date(d(2027, 3, 29)))
    );
    assert_eq!(
        period.get_end(),
        Some(DatePerhapsTime::Date(d(2027, 5, 7))),
        "the period covers polling day"
    );
}

#[test]
fn uids_are_the_same_in_two_exports_and_unique() {
    let first = uids(&render(&sample(), "Ashcombe", d(2026, 11, 22), true));
    // A later export, with the dates moved on: the same deadlines keep their UIDs.
    let mut moved = sample();
    for m in &mut moved {
        m.first = m.first + chrono::Days::new(3);
        m.last = m.last + chrono::Days::new(3);
    }
    let second = uids(&render(&moved, "Ashcombe", d(2026, 12, 1), false));
    assert_eq!(first, second, "UIDs changed between exports");
    let mut unique = first.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        first.len(),
        "two events share a UID: {first:?}"
    );
}

#[test]
fn two_exports_on_one_day_are_identical() {
    let a = render(&sample(), "Ashcombe", d(2026, 11, 22), true);
    let b = render(&sample(), "Ashcombe", d(2026, 11, 22), true);
    assert_eq!(a, b, "DTSTAMP must come from the day, not the clock");
    assert!(a.contains("DTSTAMP:20261122T000000Z"), "{a}");
}

#[test]
fn redacted_mode_holds_no_names_and_the_full_mode_does() {
    let redacted = render(&sample(), "Ashcombe", d(2026, 11, 22), true);
    for name in ["Jane Doe", "Roger Smythe", "Priya Patel"] {
        assert!(
            !redacted.contains(name),
            "redacted calendar names {name}:\n{redacted}"
        );
    }
    let full = render(&sample(), "Ashcombe", d(2026, 11, 22), false);
    let cal = parse(&full);
    let summaries: Vec<&str> = events(&cal)
        .iter()
        .filter_map(|e| e.get_summary())
        .collect();
    assert!(
        summaries.iter().any(|s| s.contains("Roger Smythe")),
        "the full calendar names the people: {summaries:?}"
    );
}

#[test]
fn an_overdue_deadline_says_so() {
    let text = render(&sample(), "Ashcombe", d(2026, 11, 22), true);
    let cal = parse(&text);
    let briefing = events(&cal)
        .into_iter()
        .find(|e| {
            e.get_uid()
                .is_some_and(|u| u.starts_with("briefing-o-002@"))
        })
        .unwrap_or_else(|| panic!("the briefing's event:\n{text}"));
    assert_eq!(
        briefing.get_summary(),
        Some("OVERDUE: O-002: protocol briefing")
    );
    assert!(
        briefing
            .get_description()
            .is_some_and(|t| t.contains("R-O2 — LLTC §3.3")),
        "the description cites the rule: {:?}",
        briefing.get_description()
    );
}

#[test]
fn the_council_name_becomes_a_safe_uid_domain() {
    assert_eq!(
        slug("Ashcombe Parish Council (demo)"),
        "ashcombe-parish-council-demo"
    );
    assert_eq!(slug("  "), "council");
    assert_eq!(slug("St. Mary's"), "st-mary-s");
}
