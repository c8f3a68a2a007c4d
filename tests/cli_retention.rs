//! `clerkdesk retention …` (R-DP2, UK GDPR Art 5(1)(e)): what is due for review, disposal that
//! anonymises in place and leaves no copy of the personal data in the store, its journal or the
//! exports, the disposal log, and the council's own periods. Today is 22 November 2026.

mod common;

use std::path::Path;

use chrono::Days;
use clerkdesk::store::{backup, Store};
use common::Home;

/// Someone outside the council, named nowhere else: if these bytes are anywhere, the disposal
/// left them there.
const NAME: &str = "Cressida Vantablack";
const WHAT: &str = "Every letter about the Pennywhistle Lane allotment";

fn saved_ref(stdout: &str) -> String {
    stdout
        .strip_prefix("Saved ")
        .and_then(|rest| rest.split(':').next())
        .unwrap_or_else(|| panic!("not 'Saved S-…': {stdout}"))
        .to_string()
}

/// Every file under `dir` (but `backups/`, which the clerk is told about) that holds `needle`.
fn files_holding(dir: &Path, needle: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let path = e.path();
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != backup::FOLDER {
                out.extend(files_holding(&path, needle));
            }
        } else {
            let bytes = std::fs::read(&path).unwrap();
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                out.push(path.display().to_string());
            }
        }
    }
    out
}

/// The audit lines about a subject, one per event.
fn trail(home: &Home, subject: &str) -> Vec<String> {
    home.ok(&["audit", "--subject", subject])
        .stdout
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn a_request_past_its_period_is_disposed_of_leaving_no_copy_and_every_event() {
    let home = Home::with_demo();
    let store = home.demo_store();
    // Received and answered in March 2024: its year ran out in March 2025.
    let old = saved_ref(
        &home
            .ok(&[
                "--today",
                "2024-03-01",
                "sar",
                "add",
                "--from",
                NAME,
                "--received",
                "2024-03-01",
                "--what",
                WHAT,
            ])
            .stdout,
    );
    home.ok(&[
        "--today",
        "2024-03-20",
        "sar",
        "do",
        &old,
        "answer",
        "--on",
        "2024-03-20",
    ]);
    // Answered last month: kept until October 2027.
    let recent = saved_ref(
        &home
            .ok(&[
                "sar",
                "add",
                "--from",
                "Ottilie Brackenbury",
                "--received",
                "2026-10-01",
                "--what",
                "My file",
            ])
            .stdout,
    );
    home.ok(&["sar", "do", &recent, "answer", "--on", "2026-10-20"]);
    // Not answered yet.
    let open = saved_ref(
        &home
            .ok(&[
                "sar",
                "add",
                "--from",
                "Ivo Thrushcross",
                "--received",
                "2026-11-20",
                "--what",
                "Minutes naming me",
            ])
            .stdout,
    );

    // Due: the old one only, with its rule and period.
    let due = home.ok(&["retention", "due"]).stdout;
    let line = due
        .lines()
        .find(|l| l.contains(&old))
        .unwrap_or_else(|| panic!("{old} is not due: {due}"));
    assert!(
        line.contains("R-DP2") && line.contains("1 year") && line.contains("2025-03-20"),
        "{line}"
    );
    assert!(!due.contains(&recent) && !due.contains(&open), "{due}");

    // Refused: without --confirm (bad input), not yet due, still open (R-DP2).
    let e = home.err(2, &["retention", "dispose", &old]);
    assert!(e.contains("--confirm"), "{e}");
    let e = home.err(3, &["retention", "dispose", &recent, "--confirm"]);
    assert!(
        e.contains("R-DP2") && e.contains("kept until 2027-10-20"),
        "{e}"
    );
    let e = home.err(3, &["retention", "dispose", &open, "--confirm"]);
    assert!(e.contains("R-DP2") && e.contains("still open"), "{e}");
    let e = home.err(2, &["retention", "dispose", "S-0999", "--confirm"]);
    assert!(e.contains("S-0999"), "{e}");
    assert!(
        !files_holding(&store, NAME).is_empty(),
        "nothing was disposed of yet"
    );

    // An automatic backup holding it, as the clerk's own rotation would have.
    let tomorrow = chrono::Local::now().date_naive() + Days::new(1);
    let made = {
        let s = Store::open(&store).unwrap();
        backup::daily(&s, tomorrow).unwrap().expect("a backup made")
    };
    let subject = format!("subject access request {old}");
    let before = trail(&home, &subject);
    assert_eq!(before.len(), 2, "{before:?}");

    let r = home.ok(&["retention", "dispose", &old, "--confirm"]);
    assert!(
        r.stdout.contains(&format!("Disposed of {old} under R-DP2")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&made.display().to_string()),
        "the clerk is not told which backup holds it: {}",
        r.stdout
    );

    // No copy left in the store's files (database and journal) ...
    for needle in [NAME, "Vantablack", "Pennywhistle"] {
        let left = files_holding(&store, needle);
        assert!(left.is_empty(), "{needle} is still in {left:?}");
    }
    // ... nor in an export.
    let out = home.path().join("export");
    home.ok(&["export", "--dir", out.to_str().unwrap()]);
    assert!(files_holding(&out, "Vantablack").is_empty());

    // The audit trail keeps every event, dated, with its action; one more says what was done.
    let after = trail(&home, &subject);
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    for (b, a) in before.iter().zip(&after) {
        // `seq  YYYY-MM-DD HH:MM Actor: action` stays as it was.
        let head = |l: &str| {
            l.split(" (")
                .next()
                .unwrap_or(l)
                .split(" — ")
                .next()
                .unwrap_or(l)
                .to_string()
        };
        assert_eq!(head(b), head(a), "an event changed more than its text");
    }
    assert!(
        after[2].contains("disposed under R-DP2") && after[2].contains("[R-DP2"),
        "{}",
        after[2]
    );
    assert!(after.iter().all(|l| !l.contains("Vantablack")), "{after:?}");
    // The record itself stays (R-D4 spirit: never a silent delete), anonymised.
    let list = home.ok(&["sar", "list", "--all"]).stdout;
    assert!(list.contains(&old) && list.contains("[disposed]"), "{list}");
    // The other requests are untouched.
    assert!(list.contains("Ottilie Brackenbury") && list.contains("Ivo Thrushcross"));

    // The disposal log: what, when, by whom, under which rule.
    let log = home.ok(&["retention", "log"]).stdout;
    let entry = log
        .lines()
        .find(|l| l.contains(&old))
        .unwrap_or_else(|| panic!("{log}"));
    assert!(
        entry.contains("Clerk") && entry.contains("R-DP2") && entry.contains("sar"),
        "{entry}"
    );
    // Once only.
    let e = home.err(3, &["retention", "dispose", &old, "--confirm"]);
    assert!(e.contains("R-DP2") && e.contains("disposed of on"), "{e}");
    // The store opens cleanly after its rewrite.
    let r = home.ok(&["sar", "list", "--all"]);
    assert_eq!(r.stderr, "");
}

#[test]
fn a_closed_case_is_kept_six_years_then_anonymised_with_its_steps_kept() {
    let home = Home::with_demo();
    // The demo's concern about the groundsman, closed in September 2025.
    let list = home.ok(&["case", "list"]).stdout;
    let reference = list
        .lines()
        .find(|l| l.contains("closed") && l.contains("Sam Ellery"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no closed case in the demo: {list}"))
        .to_string();
    // The demo's grievance closed in November 2019 is already due for review (R-DP2).
    let due_now = home.ok(&["retention", "due"]).stdout;
    assert!(
        due_now.contains("G-2019-001") && !due_now.contains(&reference),
        "{due_now}"
    );
    let e = home.err(3, &["retention", "dispose", &reference, "--confirm"]);
    assert!(e.contains("R-DP2") && e.contains("6 years"), "{e}");
    let later = ["--today", "2031-10-01"];
    let due = home.ok(&[later[0], later[1], "retention", "due"]).stdout;
    assert!(due.contains(&reference) && due.contains("6 years"), "{due}");
    let show_before = home.ok(&["case", "show", &reference]).stdout;
    assert!(show_before.contains("Hedge cuttings"), "{show_before}");
    home.ok(&[
        later[0],
        later[1],
        "retention",
        "dispose",
        &reference,
        "--confirm",
    ]);
    let show = home.ok(&["case", "show", &reference]).stdout;
    assert!(!show.contains("Hedge cuttings"), "{show}");
    assert!(
        show.contains("[disposed]") && show.contains("closed"),
        "{show}"
    );
    assert!(files_holding(&home.demo_store(), "Hedge cuttings").is_empty());
}

#[test]
fn the_council_sets_its_own_periods_and_bad_ones_are_named() {
    let home = Home::with_demo();
    let s = home.ok(&["retention", "schedule"]).stdout;
    assert!(
        s.contains("NALC") && s.contains("grievance") && s.contains("6 years"),
        "{s}"
    );
    let e = home.err(2, &["retention", "set", "sar", "0"]);
    assert!(e.contains("YEARS") && e.contains("'0'"), "{e}");
    let e = home.err(2, &["retention", "set", "parking-tickets", "3"]);
    assert!(e.contains("KIND") && e.contains("info-request"), "{e}");
    home.ok(&["retention", "set", "sar", "2"]);
    let s = home.ok(&["retention", "schedule"]).stdout;
    let line = s.lines().find(|l| l.starts_with("sar")).unwrap();
    assert!(
        line.contains("2 years") && line.contains("set by the council"),
        "{line}"
    );
    let audit = home
        .ok(&["audit", "--subject", "retention schedule"])
        .stdout;
    assert!(
        audit.contains("sar: 1 year → 2 years") && audit.contains("R-DP2"),
        "{audit}"
    );
}

#[test]
fn a_register_entry_is_kept_while_its_member_serves_then_anonymised_never_deleted() {
    let home = Home::with_demo();
    let entries = |all: &str| {
        home.ok(&["disclosures", "list", all, "--format", "json"])
            .stdout
    };
    let json: serde_json::Value = serde_json::from_str(&entries("--all")).unwrap();
    let row = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ref"] == "D-0005")
        .expect("the demo's ended interest")
        .clone();
    let description = |tag: &str| {
        let out = home.path().join(tag);
        home.ok(&["export", "--dir", out.to_str().unwrap()]);
        let dump: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("council.json")).unwrap())
                .unwrap();
        dump["disclosures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == 5)
            .map(|d| d["description"].as_str().unwrap().to_string())
            .expect("D-0005 in the export")
    };
    let before = description("before");
    assert!(before.len() > 10, "{before}");
    // Ended in April 2025, but Cllr Baker still serves: the register keeps it (R-D4).
    let e = home.err(3, &["retention", "dispose", "D-0005", "--confirm"]);
    assert!(
        e.contains("R-DP2") && e.contains("while its member serves (R-D4)"),
        "{e}"
    );
    // An entry that still applies is kept whatever the date.
    let e = home.err(
        3,
        &[
            "--today",
            "2040-01-01",
            "retention",
            "dispose",
            "D-0003",
            "--confirm",
        ],
    );
    assert!(e.contains("still applies") && e.contains("R-D4"), "{e}");
    home.ok(&[
        "members",
        "do",
        "M-006",
        "end-term",
        "--on",
        "2026-11-20",
        "--reason",
        "resigned",
    ]);
    let e = home.err(
        3,
        &[
            "--today",
            "2032-11-19",
            "retention",
            "dispose",
            "D-0005",
            "--confirm",
        ],
    );
    assert!(e.contains("kept until 2032-11-20"), "{e}");
    home.ok(&[
        "--today",
        "2032-11-20",
        "retention",
        "dispose",
        "d5",
        "--confirm",
    ]);
    // Still in the register, with its member and dates: only what it said is gone.
    let json: serde_json::Value = serde_json::from_str(&entries("--all")).unwrap();
    let after = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ref"] == "D-0005")
        .expect("R-D4: never deleted")
        .clone();
    assert_eq!(after["member"], row["member"]);
    assert_eq!(after["ended"], row["ended"]);
    assert_eq!(description("after"), "[disposed]");
    assert!(files_holding(&home.demo_store(), &before).is_empty());
}

/// R-DP2 for the correspondence log (R-C1): a letter is kept two years from the day it was sent
/// (assets/retention.toml); past that it is due, and disposal takes its subject out of the log, its
/// audit events and the store, leaving who wrote to whom and when.
#[test]
fn a_letter_past_its_period_is_due_and_disposal_removes_its_text() {
    const OLD: &str = "Drainage at the Pennywhistle Lane gateway";
    let home = Home::with_demo();
    let logged = |subject: &str, on: &str| {
        let r = home.ok(&[
            "correspondence",
            "add",
            "--officer",
            "Clara Whitcombe",
            "--member",
            "Peter Green",
            "--subject",
            subject,
            "--on",
            on,
        ]);
        r.stdout.split(':').next().unwrap().to_string()
    };
    // Sent in January 2024: its two years ran out in January 2026. Sent two days ago: kept.
    let old = logged(OLD, "2024-01-10");
    let recent = logged("Bench by the Vale bus stop", "2026-11-20");
    assert_eq!((old.as_str(), recent.as_str()), ("C-0003", "C-0004"));

    let due = home.ok(&["retention", "due"]).stdout;
    let line = due
        .lines()
        .find(|l| l.contains(&old))
        .unwrap_or_else(|| panic!("{old} is not due: {due}"));
    assert!(
        line.contains("R-DP2") && line.contains("2026-01-10"),
        "{line}"
    );
    assert!(!due.contains(&recent), "{due}");
    assert!(
        home.ok(&["retention", "schedule"])
            .stdout
            .contains("correspondence"),
        "the schedule names the kind"
    );

    let e = home.err(3, &["retention", "dispose", &recent, "--confirm"]);
    assert!(
        e.contains("R-DP2") && e.contains("kept until 2028-11-20"),
        "{e}"
    );
    assert!(!files_holding(&home.demo_store(), OLD).is_empty());
    home.ok(&["retention", "dispose", "c3", "--confirm"]);

    let show = home.ok(&["correspondence", "show", &old]).stdout;
    assert!(
        show.contains("subject: [disposed]")
            && show.contains("Clara Whitcombe")
            && show.contains("Peter Green")
            && show.contains("2024-01-10"),
        "{show}"
    );
    let events = trail(&home, &format!("correspondence {old}"));
    assert!(
        events.iter().any(|l| l.contains("disposed under R-DP2")),
        "{events:?}"
    );
    assert!(
        events.iter().all(|l| !l.contains("Pennywhistle")),
        "{events:?}"
    );
    assert!(files_holding(&home.demo_store(), OLD).is_empty());
    // Disposed of once only; the recent one is still whole.
    let e = home.err(3, &["retention", "dispose", &old, "--confirm"]);
    assert!(e.contains("disposed of on"), "{e}");
    let show = home.ok(&["correspondence", "show", &recent]).stdout;
    assert!(show.contains("Bench by the Vale bus stop"), "{show}");
}
