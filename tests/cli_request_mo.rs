//! R-I1 (BOR §4.2) from the command line: a refused request the member disputes is referred to the
//! Monitoring Officer, recorded; a request not yet refused is not.

mod common;

use common::Home;

#[test]
fn a_disputed_refusal_is_referred_to_the_monitoring_officer() {
    let home = Home::with_demo();
    let e = home.err(
        3,
        &[
            "requests",
            "do",
            "RQ-2026-002",
            "refer-to-mo",
            "--note",
            "x",
        ],
    );
    assert!(
        // The demo is a Banbury council: BOR's clause is never cited to it.
        e.contains("only a refused request")
            && e.contains("R-I1 — no clause in this council's protocol"),
        "{e}"
    );
    home.ok(&[
        "requests",
        "do",
        "RQ-2026-002",
        "refuse",
        "--reason",
        "curiosity",
        "--rule",
        "R-I1",
    ]);
    let e = home.err(2, &["requests", "do", "RQ-2026-002", "refer-to-mo"]);
    assert!(e.contains("note"), "{e}");
    let r = home.ok(&[
        "requests",
        "do",
        "RQ-2026-002",
        "refer-to-mo",
        "--note",
        "the member disputes the refusal",
    ]);
    assert!(
        r.stdout.contains(
            "referred to Priya Natarajan on 2026-11-22: the member disputes the refusal \
             (R-I1 — no clause in this council's protocol)"
        ),
        "{}",
        r.stdout
    );
    let r = home.ok(&["requests", "show", "RQ-2026-002"]);
    assert!(
        r.stdout
            .contains("state: referred to the Monitoring Officer"),
        "{}",
        r.stdout
    );
}
