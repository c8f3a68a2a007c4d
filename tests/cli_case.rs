//! `clerkdesk case …` run as a real process against a throwaway data folder holding the demo
//! council (Ashcombe, Banbury model). The demo has G-2026-001 (R-E1, panel appointed, hearing
//! overdue), G-2026-002 (R-E2 about the Clerk, raised at a public meeting), G-2026-003 (its R-E3
//! breach) and G-2025-001 (closed).

mod common;

use common::Home;

impl Home {
    /// Every name on the council's records, members and officers, ended and left included.
    fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for what in ["members", "officers"] {
            let r = self.ok(&[what, "list", "--all", "--format", "csv"]);
            let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
            for row in reader.records() {
                names.push(row.unwrap()[1].to_string());
            }
        }
        assert!(names.len() >= 15, "{names:?}");
        names
    }
}

#[test]
fn a_concern_about_the_clerk_goes_to_the_chair_of_staffing_under_banbury() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "case",
        "new",
        "--raised-by",
        "M-001",
        "--about",
        "clara whitcombe",
        "--how",
        "email",
        "--summary",
        "Minutes of the October meeting still not circulated.",
    ]);
    assert!(
        r.stdout
            .contains("Proposed: R-E2 member's concern about an officer"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Handled by: the Chair of the Staffing Committee (Cllr Siân ap Dafydd)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Rule: R-E2.1 — CAV §5.2"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "Saved G-2026-004 (R-E2 member's concern about an officer); handled by the Chair of the Staffing Committee (Cllr Siân ap Dafydd)"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Also logged"), "{}", r.stdout);

    let shown = home.ok(&["case", "show", "g-2026-004"]);
    assert!(
        shown.stdout.contains("Cllr Margaret Hill"),
        "{}",
        shown.stdout
    );
    assert!(
        shown
            .stdout
            .contains("start-informal [--on DATE] --by NAME [--note TEXT]"),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("Timeline:"), "{}", shown.stdout);
    assert!(shown.stdout.contains("opened"), "{}", shown.stdout);
}

#[test]
fn a_concern_raised_at_a_public_meeting_also_logs_its_breach() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "case",
        "new",
        "--raised-by",
        "Helen Baker",
        "--about",
        "O-002",
        "--how",
        "public-meeting",
        "--on",
        "2026-11-20",
        "--summary",
        "Questioned the RFO's figures in the public session.",
    ]);
    assert!(
        r.stdout
            .contains("Also logs an R-E3 breach: an employee's conduct raised in public"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Saved G-2026-004"), "{}", r.stdout);
    assert!(
        r.stdout.contains("Also logged G-2026-005 (R-E3 breach"),
        "{}",
        r.stdout
    );
}

#[test]
fn another_path_needs_a_reason_and_bad_people_are_named() {
    let home = Home::with_demo();
    let base = [
        "case",
        "new",
        "--raised-by",
        "M-001",
        "--about",
        "O-002",
        "--how",
        "letter",
        "--summary",
        "Told the groundsman what to cut.",
    ];
    let mut args = base.to_vec();
    args.extend(["--path", "r-e3:instructing"]);
    let r = home.fails(2, &args);
    assert!(r.stderr.contains("--reason"), "{}", r.stderr);
    args.extend(["--reason", "the member was instructing, not complaining"]);
    let r = home.ok(&args);
    assert!(
        r.stdout
            .contains("Saved G-2026-004 (R-E3 breach: a member instructing an officer)"),
        "{}",
        r.stdout
    );

    let r = home.fails(
        2,
        &[
            "case",
            "new",
            "--raised-by",
            "M-099",
            "--about",
            "Nobody Known",
            "--how",
            "pigeon",
            "--summary",
            "x",
        ],
    );
    assert!(
        r.stderr.contains("--raised-by: there is no member M-099"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--about"), "{}", r.stderr);
    assert!(r.stderr.contains("--how"), "{}", r.stderr);

    // `nobody` and `other:NAME` are people too.
    let r = home.ok(&[
        "case",
        "new",
        "--raised-by",
        "other:A Resident",
        "--about",
        "nobody",
        "--how",
        "phone",
        "--summary",
        "Saw a councillor using the council van for a party leaflet round.",
    ]);
    assert!(r.stdout.contains("Proposed: R-E3 breach"), "{}", r.stdout);
}

#[test]
fn a_concern_about_the_clerk_goes_to_the_town_mayor_under_the_town_profile() {
    let home = Home::new();
    let council = "Testbury Town Council";
    home.ok(&[
        "init",
        "--name",
        council,
        "--kind",
        "town",
        "--protocol",
        "town",
    ]);
    home.ok(&[
        "members",
        "add",
        "--council",
        council,
        "--name",
        "Ann Lee",
        "--ward",
        "North",
        "--term-start",
        "2023-05-04",
        "--dpi-registered",
        "2023-05-20",
    ]);
    home.ok(&[
        "officers",
        "add",
        "--council",
        council,
        "--name",
        "Tess Ward",
        "--post",
        "Clerk",
        "--started",
        "2020-01-06",
        "--protocol-given",
        "2020-01-06",
    ]);
    // No Chairman (so no Town Mayor) and nobody else in the chain: the proposal says so, with the
    // way out (R-E1.7).
    let r = home.ok(&[
        "case",
        "new",
        "--council",
        council,
        "--raised-by",
        "Ann Lee",
        "--about",
        "O-001",
        "--how",
        "in-person",
        "--summary",
        "Agenda published late twice.",
    ]);
    assert!(
        r.stdout
            .contains("Handled by: the Town Mayor (the Chairman) (nobody who may act, R-E1.7)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("the council appoints an independent person, recorded as such (R-E1.7)"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Rule: R-E2.1 — LLTC §8.7"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Saved G-2026-001"), "{}", r.stdout);
}

#[test]
fn the_overdue_hearing_is_listed_first() {
    let home = Home::with_demo();
    let r = home.ok(&["case", "list", "--overdue"]);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(lines[0].starts_with("REF"), "{}", r.stdout);
    assert!(lines[1].starts_with("G-2026-001"), "{}", r.stdout);
    assert!(lines[1].contains("OVERDUE"), "{}", r.stdout);

    let r = home.ok(&["case", "list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(&rows[0][0], "G-2026-001");
    assert_eq!(&rows[0][1], "R-E1");
    assert!(rows[0][6].starts_with("hearing "), "{:?}", rows[0]);
    assert!(rows[0][6].ends_with(" OVERDUE"), "{:?}", rows[0]);
    assert_eq!(&rows[0][7], "30");
    // The deadline names the calendar that counted it.
    assert_eq!(&rows[0][9], "council calendar");
    assert_eq!(rows.last().unwrap()[2].to_string(), "closed");
    // Three open, the groundsman's concern closed in 2025 and a grievance closed in 2019.
    assert_eq!(rows.len(), 5);

    let open = home.ok(&["case", "list", "--open", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&open.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert_eq!(v[0]["ref"], "G-2026-001");
}

#[test]
fn the_grievance_runs_its_course_with_refusals_on_the_way() {
    let home = Home::with_demo();
    let r = home.fails(3, &["case", "do", "G-2026-001", "decide"]);
    assert!(r.stderr.contains("refused:"), "{}", r.stderr);
    assert!(r.stderr.contains("R-E1"), "{}", r.stderr);

    let r = home.ok(&[
        "case",
        "do",
        "G-2026-001",
        "hold-hearing",
        "--on",
        "2026-11-20",
    ]);
    assert!(
        r.stdout
            .contains("G-2026-001: hearing held → hearing held: decision due"),
        "{}",
        r.stdout
    );

    // Only a panel member decides (R-E1.2).
    let r = home.fails(
        3,
        &[
            "case",
            "do",
            "G-2026-001",
            "decide",
            "--outcome",
            "upheld",
            "--as-person",
            "M-001",
        ],
    );
    assert!(r.stderr.contains("R-E1.2"), "{}", r.stderr);
    let r = home.fails(
        2,
        &[
            "case",
            "do",
            "G-2026-001",
            "decide",
            "--outcome",
            "upheld",
            "--as-person",
            "M-099",
        ],
    );
    assert!(r.stderr.contains("M-099"), "{}", r.stderr);
    let r = home.ok(&[
        "case",
        "do",
        "G-2026-001",
        "decide",
        "--outcome",
        "upheld",
        "--as-person",
        "M-002",
    ]);
    assert!(
        r.stdout
            .contains("G-2026-001: decided → upheld: the Clerk's steps"),
        "{}",
        r.stdout
    );

    let r = home.fails(3, &["case", "do", "G-2026-001", "close"]);
    assert!(r.stderr.contains("R-E1.5"), "{}", r.stderr);
    for step in ["leader", "group", "chairman"] {
        home.ok(&[
            "case",
            "do",
            "G-2026-001",
            "record-step",
            "--step",
            step,
            "--note",
            "by telephone",
        ]);
    }
    let r = home.fails(3, &["case", "do", "G-2026-001", "close"]);
    assert!(
        r.stderr.contains("consult the Vice-Chairman"),
        "{}",
        r.stderr
    );
    home.ok(&["case", "do", "G-2026-001", "record-step", "--step", "vice"]);
    let r = home.ok(&["case", "do", "G-2026-001", "close", "--note", "done"]);
    assert!(
        r.stdout.contains("G-2026-001: closed → closed"),
        "{}",
        r.stdout
    );

    let shown = home.ok(&["case", "show", "G-2026-001"]);
    assert!(
        shown.stdout.contains("Actions now: none."),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains("Clerk's step recorded"),
        "{}",
        shown.stdout
    );
}

#[test]
fn unknown_actions_cases_and_stray_fields_are_bad_input() {
    let home = Home::with_demo();
    let r = home.fails(2, &["case", "do", "G-2026-001", "fly"]);
    assert!(r.stderr.contains("'fly' is not an action"), "{}", r.stderr);
    let r = home.fails(2, &["case", "do", "G-2099-001", "close"]);
    assert!(r.stderr.contains("G-2099-001"), "{}", r.stderr);
    let r = home.fails(2, &["case", "show", "G-2099-001"]);
    assert!(r.stderr.contains("G-2099-001"), "{}", r.stderr);
    let r = home.fails(
        2,
        &[
            "case",
            "do",
            "G-2026-001",
            "hold-hearing",
            "--step",
            "leader",
        ],
    );
    assert!(
        r.stderr.contains("--step: hold-hearing does not take it"),
        "{}",
        r.stderr
    );
}

#[test]
fn the_case_file_names_people_or_redacts_them_all() {
    let home = Home::with_demo();
    home.ok(&[
        "case",
        "do",
        "G-2026-001",
        "hold-hearing",
        "--on",
        "2026-11-20",
    ]);
    home.ok(&[
        "case",
        "do",
        "G-2026-001",
        "decide",
        "--outcome",
        "upheld",
        "--as-person",
        "Peter Green",
        "--note",
        "Cllr Okafor's messages were undue pressure on Robert Fenwick.",
    ]);

    let plain = home.ok(&["case", "export", "G-2026-001", "--format", "md"]);
    assert!(
        plain.stdout.starts_with("# Case file G-2026-001: R-E1"),
        "{}",
        plain.stdout
    );
    assert!(plain.stdout.contains("Robert Fenwick"), "{}", plain.stdout);
    assert!(
        plain.stdout.contains("R-E1.3 — ACAS Code of Practice"),
        "{}",
        plain.stdout
    );

    let redacted = home.ok(&["case", "export", "G-2026-001", "--format", "md", "--redact"]);
    let text = &redacted.stdout;
    for name in home.names() {
        assert!(
            !text.contains(&name),
            "{name} in the redacted file:\n{text}"
        );
    }
    assert!(!text.contains("Okafor"), "{text}");
    assert!(text.contains("the officer"), "{text}");
    assert!(text.contains("the member complained about"), "{text}");
    assert!(text.contains("member A"), "{text}");

    let out = home.path().join("G-2026-001.md");
    let out_s = out.to_str().unwrap();
    let r = home.ok(&[
        "case",
        "export",
        "G-2026-001",
        "--format",
        "md",
        "--redact",
        "--out",
        out_s,
    ]);
    assert!(r.stdout.starts_with("Wrote "), "{}", r.stdout);
    assert_eq!(&std::fs::read_to_string(&out).unwrap(), text);
}

#[test]
fn a_redacted_case_file_names_nobody_in_any_form_and_withholds_contacts() {
    let home = Home::with_demo();
    home.ok(&[
        "case",
        "new",
        "--raised-by",
        "Robert Fenwick",
        "--about",
        "David Okafor",
        "--how",
        "email",
        "--summary",
        "Okafor's e-mails (d.okafor@ashcombe-pc.example) came after 11pm; Mr. Okafor then rang \
         01632 960 771. OKAFOR copied in Cllr M. Hill, who met him by the village green, up the \
         hill.",
    ]);
    let r = home.ok(&["case", "export", "G-2026-004", "--redact"]);
    let text = r.stdout;
    for leak in [
        "Okafor", "OKAFOR", "okafor", "Hill", "Fenwick", "@", "01632", "960 771",
    ] {
        assert!(!text.contains(leak), "{leak} in\n{text}");
    }
    assert!(
        text.contains(r"the member complained about's e-mails (\[e-mail address\])"),
        "{text}"
    );
    assert!(text.contains(r"rang \[phone number\]"), "{text}");
    assert!(
        text.contains("by the village green, up the hill"),
        "ordinary words stay: {text}"
    );
}

/// Find by any spelling at the command line: exact, but case and accents aside, so "Sian ap
/// Dafydd" is Siân ap Dafydd; a name that is nobody's is refused naming the option.
#[test]
fn a_person_is_found_by_their_name_typed_without_accents() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "case",
        "new",
        "--raised-by",
        "Sian ap Dafydd",
        "--about",
        "Clara Whitcombe",
        "--how",
        "email",
        "--summary",
        "Minutes late again.",
    ]);
    assert!(r.stdout.contains("Siân ap Dafydd"), "{}", r.stdout);
    let r = home.fails(
        2,
        &[
            "case",
            "new",
            "--raised-by",
            "Sian ap Dafyd",
            "--about",
            "Clara Whitcombe",
            "--how",
            "email",
            "--summary",
            "Minutes late again.",
        ],
    );
    assert!(r.stderr.contains("--raised-by"), "{}", r.stderr);
}

/// Words a clerk uses: a handler's role is said once ("the Clerk (Clara Whitcombe)"), not twice in
/// nested brackets.
#[test]
fn a_handler_is_named_once_with_their_role() {
    let home = Home::with_demo();
    let r = home.ok(&["case", "show", "G-2026-001"]);
    assert!(
        r.stdout.contains("the Clerk (Clara Whitcombe)"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("(Clara Whitcombe (Clerk"),
        "{}",
        r.stdout
    );
}

/// R-E3: categories follow the council's protocol, on the command line as in the domain.
#[test]
fn breach_categories_follow_the_councils_protocol() {
    // The demo is a Banbury council: the Clerk may attend group meetings (CAV §4.3).
    let home = Home::with_demo();
    let r = home.fails(
        3,
        &[
            "case",
            "new",
            "--raised-by",
            "M-001",
            "--about",
            "O-001",
            "--how",
            "in-person",
            "--summary",
            "The Clerk sat in on the group's meeting.",
            "--path",
            "r-e3:group-meeting",
            "--reason",
            "seen by the RFO",
        ],
    );
    assert!(r.stderr.contains("R-E3 — CAV §4.3"), "{}", r.stderr);
    assert!(r.stderr.contains("R-G3"), "{}", r.stderr);

    // A borough council: the Chairman may instruct an officer (BOR §6.3), a backbencher may not.
    let home = Home::new();
    let council = "Testbury Parish Council";
    home.ok(&[
        "init",
        "--name",
        council,
        "--kind",
        "parish",
        "--protocol",
        "borough",
    ]);
    for name in ["Ann Lee", "Eve Hart"] {
        home.ok(&[
            "members",
            "add",
            "--council",
            council,
            "--name",
            name,
            "--ward",
            "North",
            "--term-start",
            "2023-05-04",
            "--dpi-registered",
            "2023-05-20",
        ]);
    }
    home.ok(&[
        "members",
        "appoint",
        "--council",
        council,
        "M-001",
        "--office",
        "Chairman",
        "--from",
        "2025-05-12",
    ]);
    home.ok(&[
        "officers",
        "add",
        "--council",
        council,
        "--name",
        "Tess Ward",
        "--post",
        "Clerk",
        "--started",
        "2020-01-06",
        "--protocol-given",
        "2020-01-06",
    ]);
    let instructing = |about: &'static str| {
        [
            "case",
            "new",
            "--council",
            council,
            "--raised-by",
            "O-001",
            "--about",
            about,
            "--how",
            "in-person",
            "--summary",
            "Asked for the hall booked for Saturday.",
            "--path",
            "r-e3:instructing",
            "--reason",
            "an instruction, not a complaint",
        ]
    };
    let r = home.fails(3, &instructing("M-001"));
    assert!(r.stderr.contains("R-E3 — BOR §6.3"), "{}", r.stderr);
    let r = home.ok(&instructing("M-002"));
    assert!(
        r.stdout
            .contains("R-E3 breach: a member instructing an officer"),
        "{}",
        r.stdout
    );
}

/// `case new` (and `case add`) take the capture's options from the case's creation spec, as the
/// capture form does: `--help` lists them under Fields, apart from the triage's; a required one
/// left out and a bad day are named by their option; someone else is named with `--other`, as the
/// form's "other's name" field names them.
#[test]
fn a_concern_is_captured_with_the_options_of_its_creation_spec() {
    let home = Home::with_demo();
    let help = home.ok(&["case", "new", "--help"]).stdout;
    for f in [
        "Fields:",
        "--raised-by",
        "--about",
        "--how",
        "--summary",
        "--other",
        "Triage:",
        "--path",
    ] {
        assert!(help.contains(f), "{f}: {help}");
    }
    let err = home.err(
        2,
        &[
            "case",
            "new",
            "--raised-by",
            "M-001",
            "--about",
            "nobody",
            "--how",
            "email",
        ],
    );
    assert!(err.contains("--summary"), "{err}");
    let err = home.err(
        2,
        &[
            "case",
            "new",
            "--raised-by",
            "other",
            "--about",
            "nobody",
            "--how",
            "email",
            "--summary",
            "Litter.",
        ],
    );
    assert!(
        err.contains("--other: "),
        "someone else needs a name: {err}"
    );
    let err = home.err(
        2,
        &[
            "case",
            "new",
            "--raised-by",
            "M-001",
            "--about",
            "nobody",
            "--how",
            "email",
            "--on",
            "31/02/2026",
            "--summary",
            "Litter.",
        ],
    );
    assert!(
        err.contains("--on: ") && err.contains("not a date"),
        "{err}"
    );
    let r = home.ok(&[
        "case",
        "add",
        "--raised-by",
        "other",
        "--other",
        "A Resident",
        "--about",
        "nobody",
        "--how",
        "letter",
        "--summary",
        "Saw a councillor using the council van for a leaflet round.",
    ]);
    assert!(r.stdout.contains("Proposed: R-E3 breach"), "{}", r.stdout);
    assert!(r.stdout.contains("Saved G-"), "{}", r.stdout);
}
