//! R-M3 (Localism Act 2011 s31(2)–(3)) from the command line: an interest not yet registered,
//! disclosed at a meeting, owes the Monitoring Officer its notification within 28 days of the
//! meeting (the meeting is day 1), across a month end; once notified, a meeting disclosure is
//! refused. Today is Sunday 22 November 2026.

mod common;

use common::Home;

fn saved_ref(stdout: &str) -> String {
    stdout
        .split_whitespace()
        .find(|w| w.starts_with("D-"))
        .map(|w| w.trim_end_matches([':', '.', ',']).to_string())
        .unwrap_or_else(|| panic!("no reference in {stdout}"))
}

#[test]
fn a_disclosure_at_a_meeting_owes_its_notification_within_28_days_then_is_refused() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "disclosures",
        "add",
        "--kind",
        "pecuniary",
        "--category",
        "contracts",
        "--member",
        "David Okafor",
        "--description",
        "Supplies grit to the council",
        "--on",
        "2026-10-29",
    ]);
    let d = saved_ref(&r.stdout);
    let r = home.ok(&[
        "disclosures",
        "do",
        &d,
        "notify",
        "--who",
        "mt",
        "--on",
        "2026-10-29",
    ]);
    assert!(r.stdout.contains("disclosed at a meeting"), "{}", r.stdout);

    // 29 October is day 1: the 28th day is 25 November, across the month end.
    let r = home.ok(&["disclosures", "due"]);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("disclosed at a meeting on 2026-10-29"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(line.contains(&d), "{line}");
    assert!(line.contains("2026-11-25"), "{line}");
    assert!(line.contains("DUE (3 days left)"), "{line}");
    assert!(
        line.contains("R-M3 — Localism Act 2011 s31(2)–(3)"),
        "{line}"
    );

    // Met by telling the Monitoring Officer; then a meeting disclosure is refused with R-M3.
    home.ok(&[
        "disclosures",
        "do",
        &d,
        "notify",
        "--who",
        "mm",
        "--in-writing",
        "yes",
    ]);
    let r = home.ok(&["disclosures", "due"]);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("disclosed at a meeting on 2026-10-29"))
        .unwrap();
    assert!(line.contains("2026-11-22  met"), "{line}");
    let e = home.err(
        3,
        &["disclosures", "do", &d, "notify", "--who", "at a meeting"],
    );
    assert!(
        e.contains("R-M3") && e.contains("not yet registered"),
        "{e}"
    );
}
