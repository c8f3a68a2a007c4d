//! Issue 13's remaining clauses from the command line, each allowed and refused: who gave the
//! protocol briefing (R-O2), the recruitment panel (R-O1 with R-D1), a member's complaint's target
//! (R-I5), the figures no protocol sets as the council's defaults, and the correspondence log
//! (R-C1: refused under the borough model, not required elsewhere).

mod common;

use common::Home;

/// The demo's Jodie Marsh (O-005) started ten days ago and has not been briefed.
#[test]
fn a_briefing_names_who_gave_it_and_is_refused_from_a_member() {
    let home = Home::with_demo();
    let e = home.err(
        3,
        &["officers", "do", "O-005", "brief", "--by", "Margaret Hill"],
    );
    assert!(e.contains("not an officer") && e.contains("R-O2"), "{e}");
    let e = home.err(
        3,
        &["officers", "do", "O-005", "brief", "--by", "Jodie Marsh"],
    );
    assert!(e.contains("their own attention"), "{e}");
    // Who is required.
    let e = home.err(2, &["officers", "do", "O-005", "brief"]);
    assert!(e.contains("by"), "{e}");
    home.ok(&["officers", "brief", "O-005", "--by", "O-001"]);
    let r = home.ok(&["audit", "--subject", "officer O-005"]);
    assert!(r.stdout.contains("Clara Whitcombe (O-001)"), "{}", r.stdout);
    // Recorded with who: refused again.
    let e = home.err(3, &["officers", "do", "O-005", "brief", "--by", "O-001"]);
    assert!(e.contains("R-O2"), "{e}");
}

#[test]
fn a_recruitment_panel_refuses_a_conflicted_member() {
    let home = Home::with_demo();
    // Peter Green has declared a friendship with Jodie Marsh (the demo's register): R-D1, with the
    // Banbury council's own clause.
    let e = home.err(
        3,
        &[
            "officers",
            "do",
            "O-005",
            "recruited",
            "--panel",
            "Clara Whitcombe, Peter Green",
        ],
    );
    assert!(e.contains("R-D1 — CAV §3.2a"), "{e}");
    home.ok(&[
        "officers",
        "do",
        "O-005",
        "recruited",
        "--panel",
        "Clara Whitcombe, Robert Fenwick",
        "--on",
        "2026-10-12",
    ]);
    let r = home.ok(&["audit", "--subject", "officer O-005"]);
    assert!(r.stdout.contains("recruitment panel"), "{}", r.stdout);
    let r = home.ok(&["officers", "show", "O-005"]);
    assert!(
        r.stdout.contains(
            "recruited by Clara Whitcombe (O-001), Robert Fenwick (O-002), on 2026-10-12"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn the_figures_read_as_the_councils_defaults_and_a_change_moves_the_deadline() {
    let home = Home::with_demo();
    let r = home.ok(&["council", "set"]);
    assert!(
        r.stdout.contains(
            "hearing target (R-E1.3 — ACAS Code of Practice): 5 working days (council default)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("at least 2 members (council default)"),
        "{}",
        r.stdout
    );
    // The demo's formal grievance: its hearing target moves with the council's figure.
    let before = home.ok(&["case", "show", "G-2026-001"]).stdout;
    assert!(
        before.contains("target 5 working days (council default)"),
        "{before}"
    );
    home.ok(&["council", "set", "--hearing-days", "8"]);
    let after = home.ok(&["case", "show", "G-2026-001"]).stdout;
    assert!(
        after.contains("target 8 working days (set by the council)"),
        "{after}"
    );
    assert_ne!(before, after);
    let r = home.ok(&["council", "show"]);
    assert!(
        r.stdout.contains("8 working days (set by the council)"),
        "{}",
        r.stdout
    );
    // A panel of one is never allowed; bad numbers name the option.
    let e = home.err(2, &["council", "set", "--panel-minimum", "1"]);
    assert!(e.contains("panel-minimum") && e.contains("from 2"), "{e}");
    let e = home.err(2, &["council", "set", "--appeal-days", "ten"]);
    assert!(e.contains("appeal-days"), "{e}");
    // Back to the default.
    home.ok(&["council", "set", "--hearing-days", "default"]);
    let r = home.ok(&["case", "show", "G-2026-001"]);
    assert_eq!(r.stdout, before);
}

const BOROUGH: &str = "Borough Letters Parish Council";

fn borough() -> Home {
    let home = Home::new();
    home.ok(&[
        "init",
        "--name",
        BOROUGH,
        "--kind",
        "parish",
        "--protocol",
        "borough",
    ]);
    for (name, ward) in [("Ann Lee", "North"), ("Bob Roe", "North"), ("Cy Dee", "")] {
        home.ok(&[
            "members",
            "add",
            "--council",
            BOROUGH,
            "--name",
            name,
            "--ward",
            ward,
            "--term-start",
            "2023-05-04",
            "--dpi-registered",
            "2023-05-20",
        ]);
    }
    home.ok(&[
        "officers",
        "add",
        "--council",
        BOROUGH,
        "--name",
        "Tess Ward",
        "--post",
        "Clerk",
        "--started",
        "2020-01-06",
    ]);
    home
}

fn letter<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "correspondence",
        "add",
        "--council",
        BOROUGH,
        "--officer",
        "Tess Ward",
        "--member",
        "Ann Lee",
        "--subject",
        "Hedge on Mill Lane",
        "--on",
        "2026-11-20",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn a_borough_ward_letter_copies_the_wards_members_or_says_why_not() {
    let home = borough();
    let e = home.err(3, &letter(&["--ward-matter", "yes"]));
    assert!(
        e.contains("R-C1 — BOR §7.1") && e.contains("Bob Roe"),
        "{e}"
    );
    let r = home.ok(&letter(&["--ward-matter", "yes", "--copied", "yes"]));
    assert!(
        r.stdout.contains("C-0001: logged; copied Bob Roe"),
        "{}",
        r.stdout
    );
    let r = home.ok(&letter(&[
        "--ward-matter",
        "yes",
        "--copied",
        "no",
        "--reason",
        "about Cllr Lee's own house",
    ]));
    assert!(
        r.stdout.contains("not copied: about Cllr Lee"),
        "{}",
        r.stdout
    );
    let r = home.ok(&["correspondence", "list", "--council", BOROUGH]);
    assert!(
        r.stdout.contains("C-0001") && r.stdout.contains("C-0002"),
        "{}",
        r.stdout
    );
    let r = home.ok(&["correspondence", "show", "--council", BOROUGH, "C-0001"]);
    assert!(r.stdout.contains("Bob Roe (M-002)"), "{}", r.stdout);
}

#[test]
fn under_the_banbury_model_copies_are_not_required() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "correspondence",
        "add",
        "--officer",
        "Clara Whitcombe",
        "--member",
        "Margaret Hill",
        "--subject",
        "Bus shelter",
        "--ward-matter",
        "yes",
    ]);
    assert!(
        r.stdout.contains("not required by this council's protocol"),
        "{}",
        r.stdout
    );
}

/// Writes `sar export --person PERSON` and reads it back.
fn sar_export(home: &Home, person: &str) -> String {
    let out = home.path().join(format!("sar-{person}.md"));
    let out_s = out.to_str().expect("a UTF-8 path");
    home.ok(&["sar", "export", "--person", person, "--out", out_s]);
    std::fs::read_to_string(&out).expect("the export is written")
}

/// R-DP1: a logged letter is personal data of the officer who wrote it, the member written to and
/// every member copied: each one's subject access export holds it, with the other people in it
/// redacted; an unrelated member's does not. The demo's C-0001 is Clara Whitcombe (O-001) to
/// Margaret Hill (M-001), copied to Tom Ågren-Smith (M-004) and Eleanor Wood (M-010).
#[test]
fn a_subject_access_export_holds_the_letters_the_person_wrote_received_or_was_copied_on() {
    let home = Home::with_demo();
    const SUBJECT: &str = "Overgrown footpath behind the primary school";
    let copied = sar_export(&home, "M-004");
    assert!(
        copied.contains("## Letter C-0001") && copied.contains(SUBJECT),
        "the copied member's export holds the letter:\n{copied}"
    );
    for other in ["Clara Whitcombe", "Margaret Hill", "Eleanor Wood"] {
        assert!(!copied.contains(other), "{other} is named:\n{copied}");
    }
    assert!(
        copied.contains("copied Tom Ågren-Smith, [another member]"),
        "{copied}"
    );
    let written_to = sar_export(&home, "M-001");
    assert!(written_to.contains("## Letter C-0001"), "{written_to}");
    let writer = sar_export(&home, "O-001");
    assert!(
        writer.contains("## Letter C-0001") && !writer.contains("C-0002"),
        "{writer}"
    );
    // Rajesh Patel (M-005, Ashcombe South) is on neither letter.
    let unrelated = sar_export(&home, "M-005");
    assert!(
        !unrelated.contains("Letter C-0") && !unrelated.contains(SUBJECT),
        "{unrelated}"
    );
}

/// The whole-council export holds the correspondence log too.
#[test]
fn the_council_export_holds_the_correspondence_log() {
    let home = Home::with_demo();
    let dir = home.path().join("export");
    home.ok(&["export", "--dir", dir.to_str().expect("a UTF-8 path")]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("council.json")).unwrap()).unwrap();
    let letters = json["correspondence"]
        .as_array()
        .unwrap_or_else(|| panic!("no correspondence in {json}"));
    assert_eq!(letters.len(), 2, "{letters:?}");
    assert_eq!(
        letters[0]["subject"],
        "Overgrown footpath behind the primary school"
    );
}

/// Who recruits whom is the town model's rule (LLTC §8.5–8.6): a member on an assistant's panel is
/// refused there, and is the council's own choice under a protocol that says nothing of it.
#[test]
fn only_the_town_model_says_officers_recruit_junior_staff() {
    for (protocol, refused) in [("town", true), ("banbury", false), ("toolkit", false)] {
        let home = Home::new();
        let council = format!("{protocol} recruiting council");
        let c = council.as_str();
        home.ok(&[
            "init",
            "--name",
            c,
            "--kind",
            "parish",
            "--protocol",
            protocol,
        ]);
        home.ok(&[
            "members",
            "add",
            "--council",
            c,
            "--name",
            "Dan Hale",
            "--term-start",
            "2023-05-04",
            "--dpi-registered",
            "2023-05-20",
        ]);
        for (name, post, manager, started) in [
            ("Tess Ward", "Clerk", "", "2020-01-06"),
            ("Amy Lund", "Assistant", "Tess Ward", "2024-01-08"),
        ] {
            home.ok(&[
                "officers",
                "add",
                "--council",
                c,
                "--name",
                name,
                "--post",
                post,
                "--line-manager",
                manager,
                "--started",
                started,
                "--protocol-given",
                started,
            ]);
        }
        let args = [
            "officers",
            "do",
            "--council",
            c,
            "O-002",
            "recruited",
            "--panel",
            "Tess Ward, Dan Hale",
            "--on",
            "2023-12-01",
        ];
        if refused {
            let e = home.err(3, &args);
            assert!(e.contains("R-O1 — LLTC §8.6"), "{protocol}: {e}");
        } else {
            home.ok(&args);
        }
    }
}

/// "Only officers manage officers" (R-O1) is the town protocol's clause (LLTC §8.1–8.2): a
/// toolkit, Banbury or borough council is never shown it, in a field's message as in a refusal.
#[test]
fn the_line_manager_message_cites_only_the_councils_own_protocol() {
    for (protocol, own) in [
        ("town", Some("LLTC §8.1–8.2")),
        ("toolkit", None),
        ("banbury", None),
        ("borough", None),
    ] {
        let home = Home::new();
        let council = format!("{protocol} managing council");
        let c = council.as_str();
        home.ok(&[
            "init",
            "--name",
            c,
            "--kind",
            "parish",
            "--protocol",
            protocol,
        ]);
        let add = |manager: &str| {
            vec![
                "officers",
                "add",
                "--council",
                c,
                "--name",
                "Amy Lund",
                "--post",
                "Assistant",
                "--line-manager",
                manager,
                "--started",
                "2024-01-08",
            ]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>()
        };
        // Refused: an assistant managed by "the council".
        let args = add("council");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let e = home.err(2, &args);
        assert!(e.contains("R-O1"), "{protocol}: {e}");
        match own {
            Some(clause) => assert!(e.contains(clause), "{protocol}: {e}"),
            None => assert!(
                !e.contains("LLTC"),
                "{protocol}: another model's clause: {e}"
            ),
        }
        // Allowed: the Clerk, then an assistant who reports to her.
        home.ok(&[
            "officers",
            "add",
            "--council",
            c,
            "--name",
            "Tess Ward",
            "--post",
            "Clerk",
            "--started",
            "2020-01-06",
        ]);
        let args = add("Tess Ward");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        home.ok(&args);
    }
}
