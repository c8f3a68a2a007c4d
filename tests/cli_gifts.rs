//! `clerkdesk gifts …` (R-D5, R-D4), run as a real process against a throwaway data folder holding
//! the demo council. Today is Sunday 22 November 2026 (`common::TODAY`).

mod common;

use common::Home;

use serde_json::Value;

impl Home {
    /// The register as JSON rows, ended entries included.
    fn gifts(&self) -> Vec<Value> {
        let r = self.ok(&["gifts", "list", "--all", "--format", "json"]);
        match serde_json::from_str(&r.stdout) {
            Ok(Value::Array(rows)) => rows,
            other => panic!("gifts list --format json is not a JSON list: {other:?}"),
        }
    }

    fn gift_row(&self, reference: &str) -> Value {
        self.gifts()
            .into_iter()
            .find(|e| e["ref"] == reference)
            .unwrap_or_else(|| panic!("no {reference} in the gifts register"))
    }

    /// Adds an entry and returns its reference, read from `Saved H-…:`.
    fn add_gift(&self, args: &[&str]) -> String {
        let mut all = vec!["gifts", "add"];
        all.extend_from_slice(args);
        let r = self.ok(&all);
        r.stdout
            .strip_prefix("Saved ")
            .and_then(|rest| rest.split(':').next())
            .map(str::to_string)
            .unwrap_or_else(|| panic!("gifts add did not say 'Saved H-…': {}", r.stdout))
    }
}

#[test]
fn the_demo_register_shows_its_overdue_entry_loudly() {
    let home = Home::with_demo();
    let rows = home.gifts();
    assert_eq!(rows.len(), 7, "the demo's seven entries: {rows:?}");
    let overdue: Vec<&Value> = rows
        .iter()
        .filter(|r| {
            r["deadline"]
                .as_str()
                .is_some_and(|d| d.starts_with("OVERDUE"))
        })
        .collect();
    assert_eq!(overdue.len(), 1, "one overdue entry in the demo: {rows:?}");
    assert_eq!(overdue[0]["who"], "Rajesh Patel (M-005)");
    let list = home.ok(&["gifts", "list"]);
    assert!(
        list.stdout.contains("OVERDUE: H-0002 (Rajesh Patel)"),
        "gifts list says the overdue entry loudly:\n{}",
        list.stdout
    );
    let due = home.ok(&["gifts", "due"]);
    assert!(due.stdout.contains("£50.00 and 28 days"), "{}", due.stdout);
    assert!(due.stdout.contains("Helen Baker"), "{}", due.stdout);
    assert!(
        !due.stdout.contains("Fiona MacLeod"),
        "under the threshold is not due:\n{}",
        due.stdout
    );
}

#[test]
fn an_entry_is_added_notified_and_ended_never_deleted() {
    let home = Home::with_demo();
    // Sat 31 Oct 2026 + 28 days = Sat 28 Nov 2026: the office is shut, so Mon 30 Nov 2026.
    let r = home.add_gift(&[
        "--who",
        "Eleanor Wood",
        "--giver",
        "Ashcombe Cricket Club",
        "--description",
        "Dinner at the club's awards night",
        "--value",
        "£62.50",
        "--received",
        "2026-10-31",
    ]);
    let row = home.gift_row(&r);
    assert_eq!(row["deadline"], "DUE by 2026-11-30 (8 days left)", "{row}");
    assert_eq!(row["value"], "£62.50");
    let show = home.ok(&["gifts", "show", &r]);
    assert!(
        show.stdout.contains("notify"),
        "show offers notify:\n{}",
        show.stdout
    );
    home.ok(&["gifts", "do", &r, "correct", "--value", "70"]);
    assert_eq!(
        home.gift_row(&r)["value"],
        "£70.00",
        "correct keeps the description, changes the value"
    );
    home.ok(&["gifts", "do", &r, "notify", "--on", "2026-11-20"]);
    let row = home.gift_row(&r);
    assert_eq!(
        (row["deadline"].as_str(), row["notified"].as_str()),
        (Some("met"), Some("2026-11-20")),
        "{row}"
    );
    let err = home.err(3, &["gifts", "do", &r, "notify"]);
    assert!(
        err.contains("R-D5") && err.contains("already notified"),
        "{err}"
    );
    let err = home.err(3, &["gifts", "do", &r, "correct", "--value", "1"]);
    assert!(err.contains("R-D5"), "{err}");
    home.ok(&["gifts", "do", &r, "end", "--reason", "Kept for five years"]);
    assert_eq!(
        home.gift_row(&r)["state"],
        "ended",
        "the ended entry is still listed with --all"
    );
    let err = home.err(3, &["gifts", "do", &r, "end", "--reason", "again"]);
    assert!(
        err.contains("R-D4"),
        "an ended entry takes no more steps: {err}"
    );
    let list = home.ok(&["gifts", "list", "--format", "json"]);
    assert!(
        !list.stdout.contains(&r),
        "ended entries leave the current list"
    );
}

#[test]
fn bad_input_is_named_and_nothing_is_saved() {
    let home = Home::with_demo();
    let before = home.gifts().len();
    let err = home.err(
        2,
        &[
            "gifts",
            "add",
            "--who",
            "Nobody Here",
            "--giver",
            "X",
            "--description",
            "Y",
            "--value",
            "lots",
            "--received",
            "2026-12-01",
        ],
    );
    for field in ["recipient", "value", "received"] {
        assert!(err.contains(field), "the error names {field}: {err}");
    }
    let err = home.err(
        2,
        &["gifts", "do", "H-0003", "notify", "--on", "2026-01-01"],
    );
    assert!(err.contains("--on"), "the error names the option: {err}");
    assert_eq!(home.gifts().len(), before, "nothing was added");
    let err = home.err(2, &["gifts", "settings", "--member-days", "0"]);
    assert!(err.contains("--member-days"), "{err}");
}

#[test]
fn the_public_export_holds_officers_only_by_setting() {
    let home = Home::with_demo();
    let public = home
        .ok(&["gifts", "export", "--public", "--format", "csv"])
        .stdout;
    assert!(
        public.contains("Margaret Hill"),
        "members are published:\n{public}"
    );
    assert!(
        !public.contains("Clara Whitcombe"),
        "officers are not, by default:\n{public}"
    );
    assert!(
        !public.contains("Entered twice"),
        "ended entries and reasons are not published:\n{public}"
    );
    assert!(
        !public.contains("status"),
        "no tracking column in public:\n{public}"
    );
    home.ok(&[
        "gifts",
        "settings",
        "--publish-officers",
        "yes",
        "--officer-threshold",
        "25",
        "--officer-days",
        "14",
    ]);
    let public = home
        .ok(&["gifts", "export", "--public", "--format", "md"])
        .stdout;
    assert!(
        public.contains("Clara Whitcombe"),
        "officers published once the council says so:\n{public}"
    );
    assert!(
        public.starts_with("# Ashcombe Parish Council: register of gifts and hospitality"),
        "{public}"
    );
    let full = home
        .ok(&["gifts", "export", "--full", "--format", "csv"])
        .stdout;
    assert!(
        full.contains("Entered twice"),
        "the full register keeps ended entries:\n{full}"
    );
    let settings = home.ok(&["gifts", "settings"]).stdout;
    assert!(
        settings.contains("Officers: at least £25.00 within 14 days"),
        "{settings}"
    );
}
