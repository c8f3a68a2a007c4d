//! R-O4: the council's own documents from the command line: shown, set, refused, and the warning
//! on a formal stage opened with no adopted procedure.

mod common;

use common::Home;

#[test]
fn the_documents_are_shown_set_and_a_review_before_adoption_is_refused() {
    let home = Home::with_demo();
    let r = home.ok(&["council", "documents"]);
    assert!(
        r.stdout.contains("Documents (R-O4 — CAV closing note):"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Grievance procedure: not recorded — the law requires one"),
        "{}",
        r.stdout
    );

    let r = home.ok(&[
        "council",
        "documents",
        "set",
        "--protocol-adopted",
        "2024-03-28",
        "--protocol-minute",
        "18/24",
        "--grievance-procedure",
        "2019-05-01",
        "--grievance-minute",
        "12/19",
    ]);
    assert!(r
        .stdout
        .starts_with("Saved the council's documents (R-O4)."));
    // The default review, two years after adoption, shown as the council's default: overdue.
    assert!(
        r.stdout.contains(
            "Protocol: adopted 2024-03-28, minute 18/24; review by 2026-03-28 (the council's \
             default"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("OVERDUE"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Grievance procedure: adopted 2019-05-01, minute 12/19"),
        "{}",
        r.stdout
    );

    // The council may set its own review date; one on or before the adoption is refused.
    let r = home.fails(
        3,
        &["council", "documents", "set", "--review-by", "2024-03-28"],
    );
    assert!(
        r.stderr.contains("R-O4 — CAV closing note") && r.stderr.contains("after"),
        "{}",
        r.stderr
    );
    let r = home.ok(&["council", "documents", "set", "--review-by", "2027-03-31"]);
    assert!(
        r.stdout.contains("review by 2027-03-31") && !r.stdout.contains("OVERDUE"),
        "{}",
        r.stdout
    );
    let r = home.ok(&["council", "show"]);
    assert!(r.stdout.contains("review by 2027-03-31"), "{}", r.stdout);
}

#[test]
fn bad_documents_say_which_field() {
    let home = Home::with_demo();
    let before = home.ok(&["council", "documents"]).stdout;
    let e = home.err(
        2,
        &[
            "council",
            "documents",
            "set",
            "--grievance-procedure",
            "2030-01-01",
        ],
    );
    assert!(
        e.contains("grievance procedure: 2030-01-01 is after today"),
        "{e}"
    );
    let e = home.err(
        2,
        &[
            "council",
            "documents",
            "set",
            "--disciplinary-minute",
            "3/20",
        ],
    );
    assert!(
        e.contains("disciplinary minute: a minute reference needs the date of adoption"),
        "{e}"
    );
    let e = home.err(
        2,
        &[
            "council",
            "documents",
            "set",
            "--protocol-adopted",
            "31/02/2024",
        ],
    );
    assert!(e.contains("protocol adopted"), "{e}");
    let e = home.err(2, &["council", "documents", "set"]);
    assert!(e.contains("give at least one of"), "{e}");
    let r = home.ok(&["council", "documents"]);
    assert_eq!(r.stdout, before, "nothing was saved");
}

fn concern_goes_disciplinary(home: &Home) -> String {
    home.ok(&[
        "case",
        "do",
        "G-2026-002",
        "start-informal",
        "--by",
        "Siân ap Dafydd",
    ]);
    home.ok(&[
        "case",
        "do",
        "G-2026-002",
        "concern-formal",
        "--route",
        "disciplinary",
    ])
    .stdout
}

#[test]
fn a_disciplinary_stage_with_no_adopted_procedure_is_warned_about_not_refused() {
    let home = Home::with_demo();
    let out = concern_goes_disciplinary(&home);
    assert!(out.contains("formal route begun"), "{out}");
    assert!(
        out.contains(
            "warning: the council has no adopted disciplinary procedure recorded (R-O4 — CAV §5.2)"
        ),
        "{out}"
    );
    // The audit trail keeps the warning with the step.
    let r = home.ok(&["audit", "--subject", "case G-2026-002"]);
    let step = r
        .stdout
        .lines()
        .find(|l| l.contains("formal route begun"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(
        step.contains("no adopted disciplinary procedure recorded (R-O4"),
        "{step}"
    );

    // With the procedure recorded, the same step carries no warning.
    let home = Home::with_demo();
    home.ok(&[
        "council",
        "documents",
        "set",
        "--disciplinary-procedure",
        "2019-05-01",
    ]);
    let out = concern_goes_disciplinary(&home);
    assert!(out.contains("formal route begun"), "{out}");
    assert!(!out.contains("R-O4"), "{out}");
}

#[test]
fn the_documents_survive_a_backup_and_restore() {
    let home = Home::with_demo();
    home.ok(&[
        "council",
        "documents",
        "set",
        "--protocol-adopted",
        "2024-03-28",
        "--protocol-minute",
        "18/24",
    ]);
    let file = home.path().join("ashcombe.backup");
    let file = file.to_str().unwrap();
    home.ok(&["backup", file]);
    home.ok(&["--council", "Ashcombe Restored", "restore", file]);
    let r = home.ok(&["--council", "Ashcombe Restored", "council", "documents"]);
    assert!(
        r.stdout
            .contains("Protocol: adopted 2024-03-28, minute 18/24"),
        "{}",
        r.stdout
    );
}
