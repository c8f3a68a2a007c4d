//! `clerkdesk calendar --out FILE.ics` on the demo council: the file parses as iCalendar, holds one
//! event per deadline the command reports, keeps its UIDs from one export to the next, and names
//! nobody unless `--names` is given.

mod common;

use common::Home;
use icalendar::{Calendar, CalendarComponent, Component};

/// Every member's and officer's name in the demo council, from its own JSON lists.
fn people(home: &Home) -> Vec<String> {
    let mut names = Vec::new();
    for list in ["members", "officers"] {
        let r = home.ok(&[list, "list", "--all", "--format", "json"]);
        let rows: serde_json::Value = serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("`{list} list --format json` is not JSON: {e}"));
        for row in rows.as_array().into_iter().flatten() {
            if let Some(name) = row.get("name").and_then(|n| n.as_str()) {
                names.push(name.to_string());
            }
        }
    }
    assert!(names.len() > 5, "the demo council has people: {names:?}");
    names
}

fn export(home: &Home, file: &str, extra: &[&str]) -> (String, usize) {
    let out = home.path().join(file);
    let out = out.to_str().expect("a UTF-8 temporary path");
    let mut args = vec!["calendar", "--out", out];
    args.extend_from_slice(extra);
    let r = home.ok(&args);
    // "Wrote 9 deadlines to …"
    let count = r
        .stdout
        .strip_prefix("Wrote ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or_else(|| panic!("calendar says how many it wrote: {}", r.stdout));
    let text = std::fs::read_to_string(home.path().join(file))
        .unwrap_or_else(|e| panic!("{file} was not written: {e}"));
    (text, count)
}

/// The UIDs of the events, in file order; panics naming the file when it does not parse.
fn uids(text: &str) -> Vec<String> {
    let cal: Calendar = text
        .parse()
        .unwrap_or_else(|e| panic!("the calendar does not parse as iCalendar: {e}\n{text}"));
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e.get_uid().unwrap_or("(no UID)").to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_demo_calendar_parses_with_one_event_per_deadline_and_stable_uids() {
    let home = Home::with_demo();
    let (first, count) = export(&home, "deadlines.ics", &[]);
    let ids = uids(&first);
    assert!(
        count >= 5,
        "the demo council has deadlines of several kinds: {count}"
    );
    assert_eq!(ids.len(), count, "one event per deadline:\n{first}");
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "two events share a UID: {ids:?}");
    for kind in [
        "case-",
        "dpi-",
        "briefing-",
        "request-",
        "election-",
        "sar-",
        "gift-",
        "dispensation-",
    ] {
        assert!(
            ids.iter().any(|u| u.starts_with(kind)),
            "no {kind} deadline in the demo calendar: {ids:?}"
        );
    }

    // A re-export over the same file: the same UIDs, so a phone updates instead of duplicating.
    let (again, _) = export(&home, "deadlines.ics", &["--force"]);
    assert_eq!(uids(&again), ids, "UIDs changed between two exports");
}

#[test]
fn the_calendar_is_redacted_unless_names_are_asked_for() {
    let home = Home::with_demo();
    let names = people(&home);
    let (redacted, _) = export(&home, "redacted.ics", &[]);
    // Lines of an .ics file are folded at 75 octets: unfold before looking for a name.
    let unfolded = redacted.replace("\r\n ", "");
    for name in &names {
        assert!(
            !unfolded.contains(name.as_str()),
            "the redacted calendar names {name}:\n{unfolded}"
        );
    }
    let (full, _) = export(&home, "named.ics", &["--names"]);
    let full = full.replace("\r\n ", "");
    assert!(
        names.iter().any(|n| full.contains(n.as_str())),
        "--names puts names in the calendar:\n{full}"
    );
}

#[test]
fn an_existing_file_is_not_replaced_without_force() {
    let home = Home::with_demo();
    let path = home.file("mine.ics", b"the clerk's own file");
    let err = home.err(
        1,
        &["calendar", "--out", path.to_str().expect("a UTF-8 path")],
    );
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::read(&path).expect("the file is still there"),
        b"the clerk's own file",
        "the clerk's file was changed"
    );
}

#[cfg(unix)]
#[test]
fn the_calendar_is_written_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::with_demo();
    export(&home, "private.ics", &[]);
    let mode = std::fs::metadata(home.path().join("private.ics"))
        .expect("the calendar was written")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "the calendar file is not owner-only: {mode:o}"
    );
}
