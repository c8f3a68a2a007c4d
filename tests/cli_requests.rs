//! `clerkdesk requests …` end to end: group reports (R-G1, R-G2), officers at group meetings (R-G3,
//! R-G4) and members' requests for information (R-I1 to R-I5, R-D3), run as a real process against a
//! throwaway data folder.

mod common;

use common::{Home, Run, TODAY};

use std::path::Path;

use chrono::{Days, NaiveDate};

impl Home {
    /// Runs a `requests new …` and returns the reference it saved.
    fn new_record(&self, args: &[&str]) -> String {
        let mut all = vec!["requests", "new"];
        all.extend_from_slice(args);
        saved(&self.ok(&all).stdout)
    }
}

/// The reference in "Saved GR-3: …".
fn saved(stdout: &str) -> String {
    let rest = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Saved "))
        .unwrap_or_else(|| panic!("nothing saved:\n{stdout}"));
    rest.split(':').next().unwrap().to_string()
}

/// A refusal names the rule and the clause on stderr.
fn assert_refused(r: &Run, rule: &str, clause: &str) {
    assert!(
        r.stderr.starts_with("refused: "),
        "not a refusal: {}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("({rule} — {clause})")),
        "expected {rule} — {clause}: {}",
        r.stderr
    );
}

const CHECKLIST: [&str; 8] = [
    "--facts",
    "yes",
    "--options",
    "yes",
    "--no-politics",
    "yes",
    "--no-recommendation",
    "yes",
];

/// A Labour report in the demo council, prepared on 12 November.
fn prepared_labour_report(home: &Home) -> String {
    let gr = home.new_record(&[
        "report",
        "--group",
        "Labour",
        "--subject",
        "Options for the allotment rents",
        "--on",
        "2026-11-10",
    ]);
    let mut args = vec!["requests", "do", &gr, "prepare", "--on", "2026-11-12"];
    args.extend_from_slice(&CHECKLIST);
    let r = home.ok(&args);
    assert!(r.stdout.contains("State: prepared"), "{}", r.stdout);
    gr
}

#[test]
fn a_report_completes_only_once_both_other_groups_are_told() {
    let home = Home::with_demo();
    let gr = prepared_labour_report(&home);

    let r = home.fails_quietly(3, &["requests", "do", &gr, "complete"]);
    assert_refused(&r, "R-G2", "CAV §4.2c");
    assert!(
        r.stderr.contains("Conservative, Green"),
        "names both untold groups: {}",
        r.stderr
    );

    let r = home.ok(&[
        "requests",
        "do",
        &gr,
        "tell-group",
        "--group",
        "Conservative",
        "--on",
        "2026-11-13",
    ]);
    assert!(r.stdout.contains("Conservative told"), "{}", r.stdout);
    assert!(r.stdout.contains("State: prepared"), "{}", r.stdout);

    let r = home.fails_quietly(3, &["requests", "do", &gr, "complete"]);
    assert_refused(&r, "R-G2", "CAV §4.2c");
    assert!(r.stderr.contains("not yet told: Green"), "{}", r.stderr);

    let r = home.ok(&["requests", "do", &gr, "tell", "--group", "green"]);
    assert!(
        r.stdout.contains("State: other groups told"),
        "{}",
        r.stdout
    );

    let r = home.ok(&["requests", "do", &gr, "complete"]);
    assert!(r.stdout.contains("State: complete"), "{}", r.stdout);
    assert!(r.stdout.contains("(R-G2 — CAV §4.2c)"), "{}", r.stdout);

    // The trail shows each step, in order.
    let show = home.ok(&["requests", "show", &gr]).stdout;
    let timeline = show.split("Timeline:").nth(1).expect("a timeline");
    let steps: Vec<&str> = ["requested", "prepared", "other group told", "complete"]
        .into_iter()
        .filter(|s| timeline.contains(&format!("Clerk: {s}")))
        .collect();
    assert_eq!(steps.len(), 4, "{show}");
}

#[test]
fn preparing_without_the_r_g1_checklist_is_refused() {
    let home = Home::with_demo();
    let gr = home.new_record(&["report", "--group", "Green", "--subject", "Verges"]);
    let r = home.fails_quietly(
        3,
        &[
            "requests",
            "do",
            &gr,
            "prepare",
            "--facts",
            "yes",
            "--options",
            "yes",
        ],
    );
    assert_refused(&r, "R-G1", "CAV §4.2b");
    assert!(r.stderr.contains("no recommendation"), "{}", r.stderr);
    let show = home.ok(&["requests", "show", &gr]).stdout;
    assert!(show.contains("state: requested"), "nothing changed: {show}");
}

#[test]
fn a_report_for_a_group_that_does_not_exist_is_bad_input() {
    let home = Home::with_demo();
    let r = home.fails_quietly(
        2,
        &[
            "requests",
            "new",
            "report",
            "--group",
            "Purple",
            "--subject",
            "Anything",
        ],
    );
    assert!(
        r.stderr.contains("group") && r.stderr.contains("Purple"),
        "{}",
        r.stderr
    );
    let list = home.ok(&["requests", "list", "--kind", "reports", "--format", "csv"]);
    assert!(!list.stdout.contains("Anything"), "{}", list.stdout);
}

#[test]
fn telling_the_requesting_group_itself_is_refused() {
    let home = Home::with_demo();
    let gr = prepared_labour_report(&home);
    let r = home.fails_quietly(
        3,
        &["requests", "do", &gr, "tell-group", "--group", "Labour"],
    );
    assert_refused(&r, "R-G2", "CAV §4.2c");
    assert!(r.stderr.contains("Labour"), "{}", r.stderr);
}

#[test]
fn under_the_town_profile_officers_do_not_attend_group_meetings() {
    let home = Home::new();
    home.ok(&[
        "init",
        "--name",
        "T",
        "--kind",
        "town",
        "--protocol",
        "town",
        "--groups",
        "A,B",
    ]);
    let r = home.ok(&[
        "--council",
        "T",
        "requests",
        "new",
        "meeting",
        "--group",
        "A",
        "--meeting-on",
        "2026-11-30",
    ]);
    let ga = saved(&r.stdout);
    assert_eq!(ga, "GA-1");
    assert!(r.stdout.contains("Next: decline"), "{}", r.stdout);

    let r = home.fails_quietly(3, &["--council", "T", "requests", "do", "GA-1", "attend"]);
    assert_refused(&r, "R-G4", "LLTC §7.4");
    let r = home.fails_quietly(
        3,
        &[
            "--council",
            "T",
            "requests",
            "do",
            "GA-1",
            "send-representative",
            "--name",
            "Deputy",
        ],
    );
    assert_refused(&r, "R-G4", "LLTC §7.4");

    let r = home.ok(&[
        "--council",
        "T",
        "requests",
        "do",
        "GA-1",
        "decline",
        "--reason",
        "Officers do not attend group meetings",
    ]);
    assert!(r.stdout.contains("State: declined"), "{}", r.stdout);
    assert!(r.stdout.contains("(R-G4 — LLTC §7.4)"), "{}", r.stdout);
}

#[test]
fn a_meeting_attended_under_banbury_waits_for_the_other_groups() {
    let home = Home::with_demo();
    let ga = home.new_record(&[
        "meeting",
        "--group",
        "Green",
        "--meeting-on",
        "2026-11-18",
        "--on",
        "2026-11-02",
    ]);
    home.ok(&["requests", "do", &ga, "attend", "--on", "2026-11-03"]);
    let r = home.ok(&[
        "requests",
        "do",
        &ga,
        "record-attended",
        "--subject",
        "Budget timetable",
    ]);
    assert!(r.stdout.contains("State: attended"), "{}", r.stdout);
    assert!(r.stdout.contains("Next: tell-group"), "{}", r.stdout);

    let list = home.ok(&["requests", "list", "--kind", "meetings", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ref"] == ga.as_str())
        .expect("the meeting is listed");
    assert_eq!(row["kind"], "meeting");
    assert_eq!(row["for"], "Green");
    assert_eq!(row["untold"], serde_json::json!(["Conservative", "Labour"]));

    let show = home.ok(&["requests", "show", &ga]).stdout;
    assert!(show.contains("To: Conservative, Labour"), "{show}");
    assert!(show.contains("Subject: Budget timetable"), "{show}");
    assert!(
        show.contains("tell-group --group GROUP [--on DATE]"),
        "{show}"
    );
}

#[test]
fn consent_dated_before_the_request_is_refused() {
    let home = Home::with_demo();
    let rq = home.new_record(&[
        "info",
        "--member",
        "Peter Green",
        "--what",
        "The tenancy file for 3 Mill Cottages",
        "--on",
        "2026-11-16",
    ]);
    let r = home.ok(&[
        "requests",
        "do",
        &rq,
        "assess",
        "--basis",
        "need-to-know",
        "--reason",
        "The tenant asked for help with repairs",
        "--personal-data",
        "yes",
        "--on",
        "2026-11-17",
    ]);
    assert!(r.stdout.contains("State: awaiting consent"), "{}", r.stdout);

    let r = home.fails_quietly(
        3,
        &[
            "requests",
            "do",
            &rq,
            "record-consent",
            "--on",
            "2026-11-10",
        ],
    );
    assert_refused(&r, "R-I2", "no clause in this council's protocol");
    assert!(r.stderr.contains("before the request"), "{}", r.stderr);

    let r = home.fails_quietly(3, &["requests", "do", &rq, "grant-to-view"]);
    assert_refused(&r, "R-I2", "no clause in this council's protocol");

    let r = home.ok(&["requests", "do", &rq, "consent", "--on", "2026-11-18"]);
    assert!(r.stdout.contains("State: assessed"), "{}", r.stdout);

    // Consent given with a new request must not predate it either (bad input there).
    let r = home.fails_quietly(
        2,
        &[
            "requests",
            "new",
            "info",
            "--member",
            "Peter Green",
            "--what",
            "Another file",
            "--on",
            "2026-11-16",
            "--consent-on",
            "2026-11-01",
        ],
    );
    assert!(r.stderr.contains("consent on"), "{}", r.stderr);
}

#[test]
fn overdue_lists_an_foi_request_received_25_working_days_ago() {
    let home = Home::with_demo();
    // Friday 16 October 2026: 25 working days before Sunday 22 November (no bank holidays between).
    let foi = home.new_record(&[
        "info",
        "--member",
        "Rajesh Patel",
        "--what",
        "Contractor correspondence",
        "--on",
        "2026-10-16",
    ]);
    let r = home.ok(&[
        "requests",
        "do",
        &foi,
        "assess",
        "--basis",
        "foi",
        "--on",
        "2026-10-19",
    ]);
    assert!(
        r.stdout
            .contains("OVERDUE since 2026-11-13 (R-I1 — FOI Act 2000 s10)"),
        "{}",
        r.stdout
    );
    let fresh = home.new_record(&[
        "info",
        "--member",
        "Helen Baker",
        "--what",
        "Bus shelter complaints",
        "--on-behalf-of",
        "A Vale resident",
        "--on",
        "2026-11-18",
    ]);

    let r = home.ok(&["requests", "list", "--overdue"]);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains(&foi))
        .unwrap_or_else(|| panic!("{foi} not listed:\n{}", r.stdout));
    assert!(
        line.contains("2026-11-13"),
        "due 20 working days on: {line}"
    );
    assert!(line.contains("OVERDUE (R-I1 — FOI Act 2000 s10)"), "{line}");
    assert!(!r.stdout.contains(&fresh), "{}", r.stdout);

    let all = home.ok(&["requests", "list", "--kind", "info", "--format", "csv"]);
    assert!(all
        .stdout
        .starts_with("kind,ref,for,about,state,due,overdue,untold,counted\n"));
    assert!(all.stdout.contains(&fresh), "{}", all.stdout);

    let show = home.ok(&["requests", "show", &foi]).stdout;
    assert!(
        show.contains(
            "due: 2026-11-13 (R-I1 — FOI Act 2000 s10; 20 working days, FOI calendar) — OVERDUE"
        ),
        "{show}"
    );
    assert!(
        show.contains("grant-to-view [--public-domain yes|no] [--on DATE]"),
        "{show}"
    );
}

#[test]
fn a_declared_interest_becomes_a_disclosure() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "requests",
        "new",
        "info",
        "--member",
        "Fiona MacLeod",
        "--what",
        "The allotments lease valuation",
        "--interest",
        "Her brother-in-law holds the lease",
    ]);
    let rq = saved(&r.stdout);
    let d = r
        .stdout
        .split_whitespace()
        .find(|w| w.starts_with("D-"))
        .unwrap_or_else(|| panic!("no disclosure reference:\n{}", r.stdout))
        .to_string();
    assert!(
        r.stdout
            .contains("(R-D3 — no clause in this council's protocol)"),
        "{}",
        r.stdout
    );

    let audit = home.ok(&["audit"]).stdout;
    assert!(
        audit.contains(&format!("disclosure {d}")) && audit.contains("declared with a request"),
        "{audit}"
    );
    let show = home.ok(&["requests", "show", &rq]).stdout;
    assert!(show.contains(&format!("interest declared: {d}")), "{show}");

    // The register's own listing, once that command exists.
    let list = home.run(&["disclosures", "list"]);
    if list.code == 0 {
        assert!(list.stdout.contains(&d), "{}", list.stdout);
    }

    // No interest, no disclosure.
    let r = home.ok(&[
        "requests",
        "new",
        "info",
        "--member",
        "Fiona MacLeod",
        "--what",
        "Minutes",
    ]);
    assert!(!r.stdout.contains("disclosure"), "{}", r.stdout);
}

#[test]
fn unknown_references_actions_and_options_are_bad_input() {
    let home = Home::with_demo();
    let gr = home.new_record(&["report", "--group", "Green", "--subject", "Verges"]);
    let r = home.fails_quietly(2, &["requests", "do", "GR-99", "complete"]);
    assert!(r.stderr.contains("GR-99"), "{}", r.stderr);
    home.fails_quietly(2, &["requests", "do", "XY-1", "complete"]);
    home.fails_quietly(2, &["requests", "show", "RQ-2026-999"]);
    let r = home.fails_quietly(2, &["requests", "do", &gr, "frobnicate"]);
    assert!(
        r.stderr
            .contains("prepare, tell-group, give-copy, complete"),
        "{}",
        r.stderr
    );
    let r = home.fails_quietly(2, &["requests", "do", &gr, "complete", "--basis", "foi"]);
    assert!(r.stderr.contains("--basis"), "{}", r.stderr);
    let r = home.fails_quietly(2, &["requests", "do", &gr, "prepare", "--facts", "maybe"]);
    assert!(r.stderr.contains("facts"), "{}", r.stderr);
    let prepared = prepared_labour_report(&home);
    let r = home.fails_quietly(
        2,
        &[
            "requests",
            "do",
            &prepared,
            "tell-group",
            "--group",
            "Purple",
        ],
    );
    assert!(r.stderr.contains("Purple"), "{}", r.stderr);
}

#[test]
fn text_is_made_safe_for_the_terminal() {
    let home = Home::with_demo();
    // Control characters never get in …
    let r = home.fails_quietly(
        2,
        &[
            "requests",
            "new",
            "report",
            "--group",
            "Green",
            "--subject",
            "Verges\u{1b}]0;pwned\u{7}",
        ],
    );
    assert!(r.stderr.contains("control character"), "{}", r.stderr);
    // … and a request written over several lines stays on one line of a listing.
    let rq = home.new_record(&[
        "info",
        "--member",
        "Peter Green",
        "--what",
        "Line one\nline two",
    ]);
    let list = home.ok(&["requests", "list"]).stdout;
    let row = list.lines().find(|l| l.contains(&rq)).expect("listed");
    assert!(row.contains("Line one line two"), "{list}");
    let show = home.ok(&["requests", "show", &rq]).stdout;
    assert!(show.contains("  what: Line one line two\n"), "{show}");
}

/// `today-N` as the demo files write it.
fn demo_date(raw: &str) -> String {
    let today = NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    match raw
        .strip_prefix("today-")
        .and_then(|n| n.parse::<u64>().ok())
    {
        Some(n) => (today - Days::new(n)).format("%Y-%m-%d").to_string(),
        None => raw.to_string(),
    }
}

/// Replays `assets/demo/requests.toml` through the CLI, each record by `requests new` and each step
/// by `requests do`: every step must be one the state machine accepts. Returns the references.
fn replay_demo_requests(home: &Home) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/requests.toml");
    let file: toml::Value = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let s = |v: &toml::Value| v.as_str().expect("text values").to_string();
    let mut made = Vec::new();
    // A record's keys are `requests new <kind>`'s options without their dashes.
    for section in ["report", "meeting", "info"] {
        for record in file[section].as_array().expect("an array of tables") {
            let mut args: Vec<String> = vec!["requests".into(), "new".into(), section.into()];
            for (key, value) in record.as_table().unwrap() {
                let value = if key == "step" {
                    continue;
                } else {
                    demo_date(&s(value))
                };
                if !value.is_empty() {
                    args.extend([format!("--{key}"), value]);
                }
            }
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let reference = saved(&home.ok(&argv).stdout);
            let steps = record.get("step").and_then(|v| v.as_array());
            for step in steps.into_iter().flatten() {
                let mut args: Vec<String> = vec![
                    "--as".into(),
                    s(&step["actor"]),
                    "requests".into(),
                    "do".into(),
                    reference.clone(),
                    s(&step["action"]),
                ];
                for (key, value) in step.as_table().unwrap() {
                    if key != "action" && key != "actor" {
                        args.extend([format!("--{key}"), demo_date(&s(value))]);
                    }
                }
                let argv: Vec<&str> = args.iter().map(String::as_str).collect();
                home.ok(&argv);
            }
            made.push((section.to_string(), reference));
        }
    }
    made
}

#[test]
fn the_demo_requests_file_replays_through_the_cli() {
    let home = Home::with_demo();
    let made = replay_demo_requests(&home);
    let of = |section: &str| -> Vec<&str> {
        made.iter()
            .filter(|(s, _)| s == section)
            .map(|(_, r)| r.as_str())
            .collect()
    };
    let (reports, meetings, infos) = (of("report"), of("meeting"), of("info"));
    assert_eq!((reports.len(), meetings.len(), infos.len()), (1, 1, 3));

    // The Labour report: Conservative told, Green not, so it cannot complete (R-G2).
    let r = home.fails_quietly(3, &["requests", "do", reports[0], "complete"]);
    assert_refused(&r, "R-G2", "CAV §4.2c");
    assert!(r.stderr.contains("not yet told: Green"), "{}", r.stderr);

    let list = home.ok(&["requests", "list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&list.stdout).unwrap();
    let row = |reference: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["ref"] == reference)
            .unwrap_or_else(|| panic!("{reference} not listed"))
            .clone()
    };
    assert_eq!(row(reports[0])["for"], "Labour");
    assert_eq!(row(reports[0])["untold"], serde_json::json!(["Green"]));
    // The Green meeting: attended, neither other group told yet (R-G3).
    assert_eq!(row(meetings[0])["state"], "attended");
    assert_eq!(
        row(meetings[0])["untold"],
        serde_json::json!(["Conservative", "Labour"])
    );
    // The FOI request is overdue; the constituent's and the declared-interest ones are not.
    let overdue = home.ok(&["requests", "list", "--overdue"]).stdout;
    assert!(overdue.contains(infos[0]), "{overdue}");
    assert!(
        !overdue.contains(infos[1]) && !overdue.contains(infos[2]),
        "{overdue}"
    );
    assert_eq!(row(infos[1])["state"], "assessed");
    let show = home.ok(&["requests", "show", infos[2]]).stdout;
    assert!(show.contains("interest declared: D-"), "{show}");
    assert!(
        show.contains("kept from the other members (R-I4)"),
        "{show}"
    );
    // Steps were taken as the actor named in the file.
    let show = home.ok(&["requests", "show", reports[0]]).stdout;
    assert!(show.contains("Clara Whitcombe: prepared"), "{show}");
}

// ---- R-I4: advice kept private never reaches another member, group or export ----

/// A council under `protocol` with two groups and a member in each: Ann Lee (M-001, Green) and
/// Bob Cole (M-002, Labour).
fn two_member_council(protocol: &str) -> Home {
    let home = Home::new();
    home.ok(&[
        "init",
        "--name",
        "Brook Town Council",
        "--kind",
        "town",
        "--protocol",
        protocol,
        "--groups",
        "Green, Labour",
    ]);
    for (name, group) in [("Ann Lee", "Green"), ("Bob Cole", "Labour")] {
        home.ok(&[
            "members",
            "add",
            "--name",
            name,
            "--ward",
            "North",
            "--group",
            group,
            "--term-start",
            "2026-05-07",
        ]);
    }
    home
}

/// Exports the council and returns council.json and audit.csv, read back.
fn exported(home: &Home) -> (String, String) {
    let dir = home.path().join("export");
    home.ok(&["export", "--dir", dir.to_str().unwrap()]);
    (
        std::fs::read_to_string(dir.join("council.json")).unwrap(),
        std::fs::read_to_string(dir.join("audit.csv")).unwrap(),
    )
}

const SECRET: &str = "Legal advice on the Mill Lane boundary dispute";

/// Under a model where it is on request (the town model, LLTC App A): the asker sees the request,
/// another member, a group and the export do not; a request not kept private is seen by all.
#[test]
fn advice_kept_private_on_request_is_seen_only_by_the_member_who_asked() {
    let home = two_member_council("town");
    let rq = home.new_record(&[
        "info",
        "--member",
        "Ann Lee",
        "--what",
        SECRET,
        "--keep-private",
        "yes",
    ]);
    let open = home.new_record(&[
        "info",
        "--member",
        "Ann Lee",
        "--what",
        "Grass cutting rota",
    ]);

    // Allowed: the asker (and the Clerk).
    let r = home.ok(&["requests", "list", "--for", "Ann Lee", "--format", "csv"]);
    assert!(
        r.stdout.contains(SECRET) && r.stdout.contains(&rq),
        "{}",
        r.stdout
    );
    home.ok(&["requests", "show", &rq, "--for", "M-001"]);
    assert!(home.ok(&["requests", "list"]).stdout.contains(SECRET));

    // Refused: the other member, the other group, a whole-council export.
    for who in ["Bob Cole", "Labour", "Green"] {
        let r = home.ok(&["requests", "list", "--for", who, "--format", "csv"]);
        assert!(
            !r.stdout.contains(SECRET) && !r.stdout.contains(&rq),
            "{who}: {}",
            r.stdout
        );
        assert!(
            r.stdout.contains("Grass cutting rota"),
            "{who}: {}",
            r.stdout
        );
        let r = home.fails_quietly(3, &["requests", "show", &rq, "--for", who]);
        assert!(r.stderr.contains("R-I4"), "{who}: {}", r.stderr);
        assert!(
            !r.stderr.contains(SECRET) && !r.stderr.contains("Ann"),
            "{}",
            r.stderr
        );
        home.ok(&["requests", "show", &open, "--for", who]);
    }
    let (json, audit) = exported(&home);
    assert!(
        !json.contains(SECRET) && !audit.contains(SECRET),
        "{json}\n{audit}"
    );
    assert!(
        json.contains(&rq) && json.contains("[kept private (R-I4)]"),
        "{json}"
    );
    assert!(json.contains("Grass cutting rota"), "{json}");

    // Bad input names the option.
    let r = home.fails_quietly(2, &["requests", "list", "--for", "Nobody Known"]);
    assert!(r.stderr.contains("--for"), "{}", r.stderr);
}

/// Under the borough model advice is kept private whatever was asked (BOR §2.4), and a report for
/// a political group is confidential to it: its own members see it, no other member or group does,
/// and the export keeps only that it exists.
#[test]
fn under_the_borough_model_advice_to_a_member_or_group_is_always_private() {
    let home = two_member_council("borough");
    let rq = home.new_record(&["info", "--member", "Ann Lee", "--what", SECRET]);
    let gr = home.new_record(&[
        "report",
        "--group",
        "Green",
        "--subject",
        "Options for the allotment rents",
    ]);

    let r = home.ok(&["requests", "list", "--for", "Ann Lee", "--format", "csv"]);
    assert!(r.stdout.contains(SECRET), "{}", r.stdout);
    assert!(
        r.stdout.contains("Options for the allotment rents"),
        "{}",
        r.stdout
    );
    home.ok(&["requests", "show", &gr, "--for", "Green"]);

    let r = home.ok(&["requests", "list", "--for", "Bob Cole", "--format", "csv"]);
    assert!(!r.stdout.contains(SECRET), "{}", r.stdout);
    assert!(!r.stdout.contains("allotment"), "{}", r.stdout);
    for who in ["Labour", "Bob Cole"] {
        let r = home.fails_quietly(3, &["requests", "show", &gr, "--for", who]);
        assert!(r.stderr.contains("R-I4"), "{}", r.stderr);
        let r = home.fails_quietly(3, &["requests", "show", &rq, "--for", who]);
        assert!(r.stderr.contains("R-I4"), "{}", r.stderr);
    }
    let (json, audit) = exported(&home);
    assert!(!json.contains(SECRET) && !audit.contains(SECRET), "{json}");
    assert!(
        !json.contains("allotment") && !audit.contains("allotment"),
        "{audit}"
    );
    assert!(json.contains(&format!("\"id\": {}", &gr[3..])), "{json}");
}

/// A subject access export for another member holds nothing of the advice kept private to Ann
/// Lee; hers holds it (R-I4 with R-DP1).
#[test]
fn a_subject_access_export_holds_only_the_members_own_private_advice() {
    let home = two_member_council("town");
    home.new_record(&[
        "info",
        "--member",
        "Ann Lee",
        "--what",
        SECRET,
        "--keep-private",
        "yes",
    ]);
    let out = |name: &str| home.path().join(format!("{name}.md"));
    for (who, file) in [("M-002", "bob"), ("M-001", "ann")] {
        home.ok(&[
            "sar",
            "export",
            "--person",
            who,
            "--out",
            out(file).to_str().unwrap(),
        ]);
    }
    let bob = std::fs::read_to_string(out("bob")).unwrap();
    let ann = std::fs::read_to_string(out("ann")).unwrap();
    assert!(!bob.contains(SECRET), "{bob}");
    assert!(ann.contains(SECRET), "{ann}");
}

/// Every deadline names its calendar: an FOI request's answer is counted in FOI working days, a
/// statutory one's on the council calendar, in the list and on the record (R-I1, R-I5).
#[test]
fn request_deadlines_name_the_calendar_that_counts_them() {
    let home = Home::with_demo();
    let mut refs = Vec::new();
    for basis in ["foi", "statutory"] {
        let rq = home.new_record(&[
            "info",
            "--member",
            "Peter Green",
            "--what",
            "The grass cutting contract",
            "--on",
            "2026-11-16",
        ]);
        home.ok(&[
            "requests",
            "do",
            &rq,
            "assess",
            "--basis",
            basis,
            "--on",
            "2026-11-17",
        ]);
        refs.push(rq);
    }
    let r = home.ok(&["requests", "list", "--kind", "info", "--format", "csv"]);
    let row = |rq: &str| {
        r.stdout
            .lines()
            .find(|l| l.contains(rq))
            .unwrap_or_else(|| panic!("{rq}: {}", r.stdout))
            .to_string()
    };
    assert!(
        row(&refs[0]).ends_with(",\"20 working days, FOI calendar\""),
        "{}",
        row(&refs[0])
    );
    assert!(
        row(&refs[1]).contains("working days, council calendar"),
        "{}",
        row(&refs[1])
    );
    let show = home.ok(&["requests", "show", &refs[0]]).stdout;
    assert!(show.contains("20 working days, FOI calendar"), "{show}");
}
