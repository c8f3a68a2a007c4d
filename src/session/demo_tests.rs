//! The demo council, pinned: how many records each register holds, the state each is left in, and
//! the audit trail of the registers replayed from `assets/demo/` (`demo.rs`). A change to how the
//! demo is loaded must leave all of it as it is; a change to the demo's data changes it here.

use chrono::NaiveDate;

use super::Session;

fn demo() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut s = Session::open(dir.path(), today, "Clerk").unwrap();
    s.load_demo().unwrap();
    (dir, s)
}

fn states<T>(records: &[T], state: impl Fn(&T) -> String) -> Vec<String> {
    records.iter().map(state).collect()
}

#[test]
fn the_demo_council_comes_out_as_pinned() {
    let (_dir, s) = demo();
    let counts = [
        ("members", s.members.len()),
        ("officers", s.officers.len()),
        ("cases", s.cases.len()),
        ("letters", s.correspondence.len()),
        ("disclosures", s.disclosures.len()),
        ("gifts", s.gifts.len()),
        ("dispensations", s.dispensations.len()),
        ("subject access requests", s.sars.len()),
        ("elections", s.elections.len()),
        ("publicity", s.publicity.len()),
        ("reports", s.reports.len()),
        ("meetings", s.attendances.len()),
        ("information requests", s.info_requests.len()),
    ];
    assert_eq!(
        counts,
        [
            ("members", 11),
            ("officers", 5),
            ("cases", 5),
            ("letters", 2),
            ("disclosures", 6),
            ("gifts", 7),
            ("dispensations", 4),
            ("subject access requests", 3),
            ("elections", 3),
            ("publicity", 3),
            ("reports", 1),
            ("meetings", 1),
            ("information requests", 3),
        ]
    );

    let debug = |x: &dyn std::fmt::Debug| format!("{x:?}");
    assert_eq!(
        states(&s.disclosures, |d| debug(&d.state)),
        [
            "Acknowledged",
            "Active",
            "Active",
            "Active",
            "Ended",
            "Declared"
        ]
    );
    assert_eq!(
        states(&s.gifts, |g| debug(&g.state)),
        ["Notified", "Open", "Open", "Notified", "Open", "Notified", "Ended"]
    );
    assert_eq!(
        states(&s.dispensations, |d| debug(&d.state)),
        ["Granted", "Granted", "Requested", "Refused"]
    );
    assert_eq!(
        states(&s.sars, |r| debug(&r.state)),
        ["Extended", "Received", "Received"]
    );
    assert_eq!(
        states(&s.elections, |e| debug(&e.state)),
        ["Scheduled", "Closed", "Scheduled"]
    );
    assert_eq!(
        states(&s.publicity, |p| debug(&p.state)),
        ["Draft", "Approved", "Blocked"]
    );
    assert_eq!(states(&s.reports, |r| debug(&r.state)), ["Prepared"]);
    assert_eq!(states(&s.attendances, |a| debug(&a.state)), ["Attended"]);
    assert_eq!(
        states(&s.info_requests, |r| debug(&r.state)),
        ["Assessed", "Assessed", "Received"]
    );

    let trail = s.audit().unwrap();
    assert_eq!(trail.len(), 98, "the whole demo's audit trail");
    let people_and_cases = ["member ", "officer ", "case ", "council", "correspondence "];
    let replayed: Vec<String> = trail
        .iter()
        .filter(|e| !people_and_cases.iter().any(|p| e.subject.0.starts_with(p)))
        .map(|e| {
            let rule = e.cite.as_ref().map(|c| c.rule.as_str()).unwrap_or("-");
            format!("{}: {} ({}, {rule})", e.subject.0, e.action, e.actor)
        })
        .collect();
    let clara = "Clara Whitcombe";
    let expected: Vec<String> = [
        ("disclosure D-0001", "declared", "Clerk", "R-D1"),
        ("disclosure D-0001", "notification recorded", clara, "R-D1"),
        (
            "disclosure D-0001",
            "acknowledged by the Clerk",
            clara,
            "R-D1",
        ),
        ("disclosure D-0002", "declared", "Clerk", "R-D1"),
        ("disclosure D-0002", "notification recorded", clara, "R-D1"),
        ("disclosure D-0002", "notification recorded", clara, "R-D1"),
        ("disclosure D-0002", "notification recorded", clara, "R-D1"),
        (
            "disclosure D-0002",
            "acknowledged by the Clerk",
            clara,
            "R-D1",
        ),
        ("disclosure D-0002", "made active", clara, "R-D1"),
        ("disclosure D-0003", "declared", "Clerk", "R-D2"),
        ("disclosure D-0003", "notification recorded", clara, "R-D2"),
        (
            "disclosure D-0003",
            "acknowledged by the Clerk",
            clara,
            "R-D2",
        ),
        ("disclosure D-0003", "made active", clara, "R-D2"),
        ("disclosure D-0004", "declared", "Clerk", "R-D2"),
        ("disclosure D-0004", "notification recorded", clara, "R-D2"),
        (
            "disclosure D-0004",
            "acknowledged by the Clerk",
            clara,
            "R-D2",
        ),
        (
            "disclosure D-0004",
            "withheld from the published register",
            clara,
            "R-D2",
        ),
        ("disclosure D-0004", "made active", clara, "R-D2"),
        ("disclosure D-0005", "declared", "Clerk", "R-D2"),
        ("disclosure D-0005", "notification recorded", clara, "R-D2"),
        (
            "disclosure D-0005",
            "acknowledged by the Clerk",
            clara,
            "R-D2",
        ),
        ("disclosure D-0005", "made active", clara, "R-D2"),
        ("disclosure D-0005", "ended", clara, "R-D2"),
        ("gift H-0001", "registered", "Clerk", "R-D5"),
        ("gift H-0002", "registered", "Clerk", "R-D5"),
        ("gift H-0003", "registered", "Clerk", "R-D5"),
        ("gift H-0004", "registered", "Clerk", "R-D5"),
        ("gift H-0005", "registered", "Clerk", "R-D5"),
        ("gift H-0006", "registered", "Clerk", "R-D5"),
        ("gift H-0006", "notified", clara, "R-D5"),
        ("gift H-0007", "registered", "Clerk", "R-D5"),
        ("gift H-0007", "ended", clara, "R-D5"),
        ("dispensation D-0001", "requested", "Clerk", "R-D6"),
        ("dispensation D-0001", "granted", clara, "R-D6"),
        ("dispensation D-0002", "requested", "Clerk", "R-D6"),
        ("dispensation D-0002", "granted", clara, "R-D6"),
        ("dispensation D-0003", "requested", "Clerk", "R-D6"),
        ("dispensation D-0004", "requested", "Clerk", "R-D6"),
        ("dispensation D-0004", "refused", clara, "R-D6"),
        (
            "subject access request S-0001",
            "received",
            "Clerk",
            "R-DP1",
        ),
        ("subject access request S-0001", "extended", clara, "R-DP1"),
        (
            "subject access request S-0002",
            "received",
            "Clerk",
            "R-DP1",
        ),
        (
            "subject access request S-0003",
            "received",
            "Clerk",
            "R-DP1",
        ),
        ("election E-1", "scheduled", "Clerk", "R-P1"),
        ("election E-2", "scheduled", "Clerk", "R-P1"),
        ("election E-2", "poll held", clara, "R-P1"),
        ("election E-2", "closed", clara, "R-P1"),
        ("election E-3", "scheduled", "Clerk", "R-P1"),
        ("publicity P-1", "drafted", "Clerk", "-"),
        ("publicity P-2", "drafted", "Clerk", "-"),
        ("publicity P-2", "checked", clara, "-"),
        ("publicity P-2", "approved", clara, "-"),
        ("publicity P-3", "drafted", "Clerk", "-"),
        ("publicity P-3", "checked", clara, "R-P3"),
        ("report GR-1", "requested", "Clerk", "-"),
        ("report GR-1", "prepared", clara, "R-G1"),
        ("report GR-1", "other group told", clara, "R-G2"),
        ("attendance GA-1", "requested", "Clerk", "-"),
        ("attendance GA-1", "Clerk to attend", clara, "R-G3"),
        ("attendance GA-1", "meeting attended", clara, "R-G3"),
        ("request RQ-2026-001", "received", "Clerk", "-"),
        ("request RQ-2026-001", "assessed", clara, "R-I1"),
        ("request RQ-2026-002", "received", "Clerk", "-"),
        ("request RQ-2026-002", "assessed", clara, "R-I1"),
        ("request RQ-2026-003", "received", "Clerk", "-"),
        (
            "disclosure D-0006",
            "declared with a request",
            "Clerk",
            "R-D3",
        ),
    ]
    .iter()
    .map(|(subject, action, actor, rule)| format!("{subject}: {action} ({actor}, {rule})"))
    .collect();
    assert_eq!(replayed, expected);
}
