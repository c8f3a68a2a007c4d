//! Each model's own steps from the command line: under the borough model a concern about an
//! officer starts with direct discussion with the employee (BOR §2.7) and the handler of an
//! officer's grievance consults the member concerned (BOR §2.8); the Banbury demo has neither, nor
//! the town model's appeal heard by members (LLTC §8.8).

mod common;

use common::Home;

const COUNCIL: &str = "Borough Test Parish Council";

fn borough() -> Home {
    let home = Home::new();
    home.ok(&[
        "init",
        "--name",
        COUNCIL,
        "--kind",
        "parish",
        "--protocol",
        "borough",
    ]);
    home.ok(&[
        "members",
        "add",
        "--council",
        COUNCIL,
        "--name",
        "Dan Hale",
        "--ward",
        "North",
        "--term-start",
        "2023-05-04",
        "--dpi-registered",
        "2023-05-20",
    ]);
    for (name, post, manager) in [
        ("Tess Ward", "Clerk", ""),
        ("Rob Finch", "RFO", "Tess Ward"),
    ] {
        home.ok(&[
            "officers",
            "add",
            "--council",
            COUNCIL,
            "--name",
            name,
            "--post",
            post,
            "--line-manager",
            manager,
            "--started",
            "2020-01-06",
            "--protocol-given",
            "2020-01-06",
        ]);
    }
    home
}

fn new_case(home: &Home, raised_by: &str, about: &str) {
    home.ok(&[
        "case",
        "new",
        "--council",
        COUNCIL,
        "--raised-by",
        raised_by,
        "--about",
        about,
        "--how",
        "email",
        "--summary",
        "Words were had.",
    ]);
}

#[test]
fn borough_steps_are_offered_recorded_once_and_refused_elsewhere() {
    let home = borough();
    new_case(&home, "Dan Hale", "Rob Finch"); // G-2026-001: a concern (R-E2)
    new_case(&home, "Rob Finch", "Dan Hale"); // G-2026-002: a grievance (R-E1)

    let r = home.ok(&["case", "show", "--council", COUNCIL, "G-2026-001"]);
    assert!(r.stdout.contains("direct-discussion"), "{}", r.stdout);
    let r = home.ok(&[
        "case",
        "do",
        "--council",
        COUNCIL,
        "G-2026-001",
        "direct-discussion",
        "--on",
        "2026-11-22",
        "--note",
        "talked it through",
    ]);
    assert!(r.stdout.contains("rule: R-E2.1 — BOR §2.7"), "{}", r.stdout);
    let r = home.ok(&["case", "show", "--council", COUNCIL, "G-2026-001"]);
    assert!(
        r.stdout
            .contains("direct discussion with the employee 2026-11-22"),
        "{}",
        r.stdout
    );
    let e = home.err(
        3,
        &[
            "case",
            "do",
            "--council",
            COUNCIL,
            "G-2026-001",
            "direct-discussion",
        ],
    );
    assert!(
        e.contains("already recorded") && e.contains("R-E2.1"),
        "{e}"
    );

    let r = home.ok(&[
        "case",
        "do",
        "--council",
        COUNCIL,
        "G-2026-002",
        "consult",
        "--with",
        "member",
    ]);
    assert!(r.stdout.contains("Cllr Dan Hale consulted"), "{}", r.stdout);
    assert!(r.stdout.contains("rule: R-E1.1 — BOR §2.8"), "{}", r.stdout);
    // Dan is independent: no group leader to consult; and the member is consulted once.
    let e = home.err(
        3,
        &[
            "case",
            "do",
            "--council",
            COUNCIL,
            "G-2026-002",
            "consult",
            "--with",
            "member",
        ],
    );
    assert!(e.contains("R-E1.1 — BOR §2.8"), "{e}");
}

#[test]
fn the_banbury_demo_has_no_borough_steps() {
    let home = Home::with_demo();
    let e = home.err(3, &["case", "do", "G-2026-002", "direct-discussion"]);
    assert!(e.contains("R-E2.1") && !e.contains("BOR"), "{e}");
    let e = home.err(
        3,
        &["case", "do", "G-2026-001", "consult", "--with", "member"],
    );
    assert!(e.contains("R-E1.1") && !e.contains("BOR"), "{e}");
    let e = home.err(
        3,
        &[
            "case",
            "do",
            "G-2026-002",
            "hear-appeal",
            "--members",
            "M-005, M-006",
            "--outcome",
            "upheld",
        ],
    );
    assert!(e.contains("R-E2.4") && e.contains("town model"), "{e}");
}

/// A case stored before the model steps (record version 1: the same bytes without the last field)
/// reads with none: the migration appends the empty list.
#[test]
fn a_case_stored_before_model_steps_reads_with_none() {
    use clerkdesk::domain::grievance::Case;
    use clerkdesk::store::envelope;

    let home = Home::with_demo();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let session = clerkdesk::session::Session::open(&home.demo_store(), today, "test").unwrap();
    assert!(!session.cases.is_empty());
    for case in &session.cases {
        assert!(case.model_steps.is_empty());
        let now = envelope::encode(2, case).unwrap();
        assert_eq!(now.last(), Some(&0), "the empty list is the last byte");
        let mut v1 = now[..now.len() - 1].to_vec();
        v1[4..8].copy_from_slice(&1u32.to_be_bytes());
        let read: Case = envelope::decode(&v1).unwrap();
        assert_eq!(&read, case);
    }
}
