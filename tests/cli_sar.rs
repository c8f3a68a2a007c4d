//! `clerkdesk sar …` (R-DP1, UK GDPR Art 12(3)), run as a real process against a throwaway data
//! folder holding the demo council. Today is Sunday 22 November 2026 (`common::TODAY`).

mod common;

use common::Home;

use serde_json::Value;

impl Home {
    fn sars(&self) -> Vec<Value> {
        let r = self.ok(&["sar", "list", "--all", "--format", "json"]);
        match serde_json::from_str(&r.stdout) {
            Ok(Value::Array(rows)) => rows,
            other => panic!("sar list --format json is not a JSON list: {other:?}"),
        }
    }

    fn sar_row(&self, reference: &str) -> Value {
        self.sars()
            .into_iter()
            .find(|e| e["ref"] == reference)
            .unwrap_or_else(|| panic!("no {reference} among the requests"))
    }

    fn add_sar(&self, args: &[&str]) -> String {
        let mut all = vec!["sar", "add"];
        all.extend_from_slice(args);
        let r = self.ok(&all);
        r.stdout
            .strip_prefix("Saved ")
            .and_then(|rest| rest.split(':').next())
            .map(str::to_string)
            .unwrap_or_else(|| panic!("sar add did not say 'Saved S-…': {}", r.stdout))
    }
}

#[test]
fn a_request_is_received_identified_extended_and_answered() {
    let home = Home::with_demo();
    // Received Tuesday 3 November 2026: due Thursday 3 December.
    let r = home.add_sar(&[
        "--from",
        "Eleanor Wood",
        "--received",
        "2026-11-03",
        "--what",
        "Every email that names me",
    ]);
    let row = home.sar_row(&r);
    assert_eq!(row["deadline"], "DUE by 2026-12-03 (11 days left)", "{row}");
    let show = home.ok(&["sar", "show", &r]);
    assert!(show.stdout.contains("extend"), "{}", show.stdout);
    // Identity on Monday 9 November: due Wednesday 9 December.
    home.ok(&["sar", "do", &r, "identity", "--on", "2026-11-09"]);
    assert_eq!(
        home.sar_row(&r)["deadline"],
        "DUE by 2026-12-09 (17 days left)"
    );
    let err = home.err(2, &["sar", "do", &r, "extend", "--on", "2026-11-20"]);
    assert!(err.contains("reason"), "{err}");
    home.ok(&[
        "sar",
        "do",
        &r,
        "extend",
        "--on",
        "2026-11-20",
        "--reason",
        "Numerous requests",
    ]);
    // 9 November 2026 + 3 months = Tuesday 9 February 2027.
    let row = home.sar_row(&r);
    assert_eq!(row["deadline"], "DUE by 2027-02-09 (79 days left)", "{row}");
    assert_eq!(row["state"], "extended");
    let err = home.err(3, &["sar", "do", &r, "extend", "--reason", "again"]);
    assert!(err.contains("R-DP1"), "{err}");
    home.ok(&["sar", "do", &r, "answer", "--on", "2026-11-21"]);
    let row = home.sar_row(&r);
    assert_eq!(row["state"], "answered");
    assert_eq!(row["deadline"], "answered in time");
    let err = home.err(3, &["sar", "do", &r, "answer"]);
    assert!(err.contains("R-DP1"), "{err}");
}

#[test]
fn an_extension_after_the_first_month_is_refused_and_a_late_answer_marked() {
    let home = Home::with_demo();
    // Received Thursday 1 October 2026: due Monday 2 November.
    let r = home.add_sar(&[
        "--from",
        "Mr P Smith",
        "--received",
        "2026-10-01",
        "--what",
        "CCTV footage",
    ]);
    let list = home.ok(&["sar", "list"]);
    assert!(
        list.stdout.contains(&format!("OVERDUE: {r} (Mr P Smith)")),
        "{}",
        list.stdout
    );
    let err = home.err(3, &["sar", "do", &r, "extend", "--reason", "Complex"]);
    assert!(
        err.contains("R-DP1") && err.contains("UK GDPR Art 12(3)"),
        "{err}"
    );
    let due = home.ok(&["sar", "due"]);
    assert!(due.stdout.contains("Mr P Smith"), "{}", due.stdout);
    home.ok(&["sar", "do", &r, "answer"]);
    assert_eq!(
        home.sar_row(&r)["deadline"],
        "answered LATE (20 days after 2026-11-02)"
    );
    let due = home.ok(&["sar", "due"]);
    assert!(!due.stdout.contains("Mr P Smith"), "{}", due.stdout);
}

/// Every member and officer of the demo council.
const DEMO_PEOPLE: [&str; 17] = [
    "Margaret Hill",
    "Peter Green",
    "Siân ap Dafydd",
    "Tom Ågren-Smith",
    "Rajesh Patel",
    "Helen Baker",
    "David Okafor",
    "Fiona MacLeod",
    "Zoë Ó Briain",
    "Eleanor Wood",
    "Gareth Price",
    "Clara Whitcombe",
    "Robert Fenwick",
    "Ian Thorne",
    "Sam Ellery",
    "Jodie Marsh",
    // The demo's subject access request from someone not on the records.
    "Karen Lowther",
];

#[test]
fn an_export_holds_the_persons_records_and_no_one_elses_name() {
    let home = Home::with_demo();
    let r = home.add_sar(&[
        "--from",
        "M-005",
        "--received",
        "2026-11-10",
        "--what",
        "Everything the council holds about me",
    ]);
    let out = home.path().join("sar-rajesh.md");
    let out_s = out.to_str().expect("a UTF-8 path");
    home.ok(&["sar", "export", "--person", "M-005", "--out", out_s]);
    let text = std::fs::read_to_string(&out).expect("the export is written");
    assert!(text.contains("Rajesh Patel"), "{text}");
    assert!(text.contains("H-0002"), "their gift is in it:\n{text}");
    assert!(text.contains(&r), "their own request is in it:\n{text}");
    assert!(
        text.contains("Dispensation D-0002") && text.contains("allotment rents"),
        "their dispensation is in it:\n{text}"
    );
    for other in DEMO_PEOPLE.iter().filter(|n| **n != "Rajesh Patel") {
        assert!(!text.contains(other), "{other} is named:\n{text}");
    }
    // Never over an existing file.
    home.err(1, &["sar", "export", "--person", "M-005", "--out", out_s]);
    home.err(2, &["sar", "export", "--person", "M-099", "--out", out_s]);
}

/// A member named without accents is still the member: "Sian ap Dafydd" is Siân ap Dafydd (M-003),
/// not someone else of that name.
#[test]
fn a_requester_named_without_accents_is_the_member() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "sar",
        "add",
        "--from",
        "Sian ap Dafydd",
        "--what",
        "All records",
    ]);
    assert!(r.stdout.contains("Siân ap Dafydd"), "{}", r.stdout);
}

#[test]
fn the_demo_holds_a_request_awaiting_identity_one_due_this_week_and_one_extended() {
    let home = Home::with_demo();
    let rows = home.sars();
    assert_eq!(rows.len(), 3, "{rows:?}");

    // Received Wednesday 28 October 2026, extended within its first month: three months, to
    // Thursday 28 January 2027, with the reason on record.
    let extended = home.sar_row("S-0001");
    assert_eq!(extended["state"], "extended", "{extended}");
    assert_eq!(extended["deadline"], "DUE by 2027-01-28 (67 days left)");
    let show = home.ok(&["sar", "show", "S-0001"]).stdout;
    assert!(!show.contains("  extend "), "extended once only: {show}");

    // Received Tuesday 27 October 2026: due Friday 27 November, within the week.
    let soon = home.sar_row("S-0002");
    assert_eq!(
        soon["deadline"], "DUE by 2026-11-27 (5 days left)",
        "{soon}"
    );
    let due = home.ok(&["sar", "due"]).stdout;
    assert!(due.contains("S-0002"), "{due}");

    // Received Thursday 19 November from someone not on the records, proof of identity awaited:
    // a month from receipt falls on Saturday 19 December, so Monday 21 December (R-DP1) until the
    // proof arrives and restarts the month.
    let awaiting = home.sar_row("S-0003");
    assert_eq!(awaiting["from"], "Karen Lowther", "{awaiting}");
    assert_eq!(awaiting["state"], "received");
    assert_eq!(awaiting["deadline"], "DUE by 2026-12-21 (29 days left)");
    let show = home.ok(&["sar", "show", "S-0003"]).stdout;
    assert!(show.contains("identity"), "identity is offered: {show}");
    home.ok(&["sar", "do", "S-0003", "identity", "--on", "2026-11-22"]);
    assert_eq!(
        home.sar_row("S-0003")["deadline"],
        "DUE by 2026-12-22 (30 days left)"
    );

    // Each step is in the audit trail, by the person who took it.
    let audit = home.ok(&["audit"]).stdout;
    let extension = audit
        .lines()
        .find(|l| l.contains("subject access request S-0001") && l.contains("extended"))
        .unwrap_or_else(|| panic!("no extension in the audit trail:\n{audit}"));
    assert!(
        extension.contains("Clara Whitcombe")
            && extension.contains("Complex: five years of e-mail"),
        "the extension names who and why: {extension}"
    );
}
