//! `clerkdesk disclosures …` (R-D1 to R-D4, R-M3), run as a real process against a throwaway data
//! folder holding the demo council.

mod common;

use common::{Home, Run, TODAY};

use std::path::Path;

use chrono::{Days, NaiveDate};
use serde_json::Value;

impl Home {
    /// The register as JSON rows, ended entries included.
    fn register(&self) -> Vec<Value> {
        let r = self.ok(&["disclosures", "list", "--all", "--format", "json"]);
        match serde_json::from_str(&r.stdout).expect("list --format json is JSON") {
            Value::Array(rows) => rows,
            other => panic!("not a list: {other}"),
        }
    }

    fn entry(&self, reference: &str) -> Value {
        self.register()
            .into_iter()
            .find(|e| e["ref"] == reference)
            .unwrap_or_else(|| panic!("no {reference} in the register"))
    }

    /// Adds an entry and returns its reference, read from `Saved D-…`.
    fn add(&self, args: &[&str]) -> String {
        let mut all = vec!["disclosures", "add"];
        all.extend_from_slice(args);
        let r = self.ok(&all);
        saved_ref(&r.stdout)
    }

    fn act(&self, reference: &str, action: &str, args: &[&str]) -> Run {
        let mut all = vec!["disclosures", "do", reference, action];
        all.extend_from_slice(args);
        self.ok(&all)
    }

    /// The demo register: loaded with the demo once the lead wires `assets/demo/disclosures.toml`
    /// in; until then replayed here through the CLI, which also proves every entry and step of that
    /// file is accepted by the commands it mirrors. (Other demo files may add R-D3 entries of their
    /// own, so the register is not expected to be empty.)
    fn with_demo_register() -> Home {
        let home = Home::with_demo();
        let loaded = home
            .register()
            .iter()
            .any(|e| e["member"] == "Peter Green (M-002)" && e["officer"] == "Jodie Marsh (O-005)");
        if !loaded {
            replay_demo_register(&home);
        }
        home
    }
}

fn saved_ref(stdout: &str) -> String {
    let rest = stdout
        .strip_prefix("Saved ")
        .unwrap_or_else(|| panic!("not saved: {stdout}"));
    rest.split_whitespace().next().unwrap().to_string()
}

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// `today-N` as the demo file writes it; other dates as they are.
fn demo_date(raw: &str) -> String {
    match raw
        .strip_prefix("today-")
        .and_then(|n| n.parse::<u64>().ok())
    {
        Some(n) => (today() - Days::new(n)).format("%Y-%m-%d").to_string(),
        None => raw.to_string(),
    }
}

fn replay_demo_register(home: &Home) {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/disclosures.toml");
    let text = std::fs::read_to_string(file).expect("assets/demo/disclosures.toml");
    let doc: toml::Table = toml::from_str(&text).expect("disclosures.toml parses");
    let entries = doc["disclosure"]
        .as_array()
        .expect("[[disclosure]] entries");
    assert!(!entries.is_empty());
    let string = |v: &toml::Value, what: &str| -> String {
        v.as_str()
            .unwrap_or_else(|| panic!("{what}: every value is a string, not {v}"))
            .to_string()
    };
    for entry in entries {
        let entry = entry.as_table().expect("a table");
        // An entry's keys are `disclosures add`'s options without their dashes.
        let mut args: Vec<String> = vec!["disclosures".into(), "add".into()];
        for (key, value) in entry {
            if key != "step" {
                args.extend([format!("--{key}"), demo_date(&string(value, key))]);
            }
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let reference = saved_ref(&home.ok(&argv).stdout);
        let steps = entry
            .get("step")
            .and_then(|s| s.as_array())
            .cloned()
            .unwrap_or_default();
        for step in steps {
            let step = step.as_table().expect("a step is a table");
            let mut action = None;
            let mut actor = None;
            let mut args: Vec<String> = Vec::new();
            for (key, value) in step {
                let value = demo_date(&string(value, key));
                match key.as_str() {
                    "action" => action = Some(value),
                    "actor" => actor = Some(value),
                    _ => args.extend([format!("--{key}"), value]),
                }
            }
            let action = action.expect("a step names its action");
            let actor = actor.expect("a step names its actor");
            let mut all = vec![
                "--as",
                actor.as_str(),
                "disclosures",
                "do",
                &reference,
                &action,
            ];
            all.extend(args.iter().map(String::as_str));
            home.ok(&all);
        }
    }
}

fn count(home: &Home) -> usize {
    home.register().len()
}

#[test]
fn a_relationship_is_declared_notified_acknowledged_and_made_active() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "disclosures",
        "add",
        "--kind",
        "relationship",
        "--category",
        "friendship",
        "--member",
        "Peter Green",
        "--officer",
        "O-002",
        "--description",
        "Neighbours and friends for ten years",
        "--declared-by",
        "both",
        "--on",
        "2026-11-20",
    ]);
    assert!(
        r.stdout
            .contains("friendship: Peter Green and Robert Fenwick"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Still to be notified (R-D1"),
        "{}",
        r.stdout
    );
    let d = saved_ref(&r.stdout);
    assert!(d.starts_with("D-0"), "{d}");

    let e = home.entry(&d);
    assert_eq!(e["state"], "declared");
    assert_eq!(e["missing"].as_array().unwrap().len(), 3, "{e}");

    // Peter Green (Green) tells his group leader, Helen Baker, and the Clerk; Robert Fenwick writes
    // to his manager, the Clerk.
    home.act(&d, "notify", &["--who", "mg", "--on", "2026-11-20"]);
    home.act(&d, "r", &["--who", "member to clerk"]);
    let r = home.act(&d, "notify", &["--who", "oc", "--in-writing", "yes"]);
    assert!(
        r.stdout.contains("officer → Clerk on 2026-11-22"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("Still to be notified"), "{}", r.stdout);
    home.act(&d, "acknowledge", &[]);
    let r = home.act(&d, "activate", &["--from", "2026-11-22"]);
    assert!(r.stdout.contains("made active"), "{}", r.stdout);

    let e = home.entry(&d);
    assert_eq!(e["state"], "active");
    assert_eq!(e["missing"].as_array().unwrap().len(), 0, "{e}");
    assert_eq!(e["member"], "Peter Green (M-002)");
    assert_eq!(e["officer"], "Robert Fenwick (O-002)");

    // Filters: by member and by officer, by name or reference.
    let by_member = home.ok(&["disclosures", "list", "--member", "peter green"]);
    assert!(by_member.stdout.contains(&d));
    let by_officer = home.ok(&["disclosures", "list", "--officer", "O-005"]);
    assert!(!by_officer.stdout.contains(&d), "{}", by_officer.stdout);

    // Every step is in the audit trail.
    let audit = home.ok(&["audit", "--subject", &format!("disclosure {d}")]);
    for step in [
        "declared",
        "notification recorded",
        "acknowledged",
        "made active",
    ] {
        assert!(audit.stdout.contains(step), "{step}: {}", audit.stdout);
    }
}

#[test]
fn bad_input_is_refused_field_by_field_and_nothing_is_saved() {
    let home = Home::with_demo();
    let before = count(&home);
    fn add<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec![
            "disclosures",
            "add",
            "--description",
            "Known each other for years",
        ];
        args.extend_from_slice(extra);
        args
    }

    // Two members.
    let err = home.err(
        2,
        &add(&[
            "--kind",
            "relationship",
            "--category",
            "friend",
            "--member",
            "Peter Green",
            "--officer",
            "Rajesh Patel",
            "--declared-by",
            "member",
        ]),
    );
    assert!(
        err.contains("officer: Rajesh Patel (M-005) is a member, not an officer"),
        "{err}"
    );
    // Two officers.
    let err = home.err(
        2,
        &add(&[
            "--kind",
            "relationship",
            "--category",
            "friend",
            "--member",
            "Jodie Marsh",
            "--officer",
            "Robert Fenwick",
            "--declared-by",
            "officer",
        ]),
    );
    assert!(
        err.contains("member: Jodie Marsh (O-005) is an officer, not a member"),
        "{err}"
    );
    // Several bad fields at once, each named on its own line.
    let err = home.err(
        2,
        &add(&[
            "--kind",
            "relationship",
            "--category",
            "cousinly",
            "--member",
            "Peter Green",
            "--officer",
            "Robert Fenwick",
            "--declared-by",
            "nobody",
            "--on",
            "2026-13-01",
        ]),
    );
    for field in ["category:", "declared by:", "declared on:"] {
        assert!(err.lines().any(|l| l.starts_with(field)), "{field}: {err}");
    }
    // Declared in the future; aware of an interest after declaring it.
    let err = home.err(
        2,
        &add(&[
            "--kind",
            "pecuniary",
            "--category",
            "land",
            "--member",
            "M-001",
            "--on",
            "2026-12-01",
        ]),
    );
    assert!(err.contains("declared on: is in the future"), "{err}");
    let err = home.err(
        2,
        &add(&[
            "--kind",
            "pecuniary",
            "--category",
            "land",
            "--member",
            "M-001",
            "--on",
            "2026-11-01",
            "--aware-on",
            "2026-11-10",
        ]),
    );
    assert!(err.contains("aware on: is after the declaration"), "{err}");
    assert_eq!(count(&home), before, "nothing saved");

    // A duplicate of a relationship still open is refused by R-D1 itself (exit 3, not a field).
    let d = home.add(
        &add(&[
            "--kind",
            "relationship",
            "--category",
            "friendship",
            "--member",
            "Peter Green",
            "--officer",
            "Robert Fenwick",
            "--declared-by",
            "member",
            "--on",
            "2026-11-01",
        ])[2..],
    );
    let saved = count(&home);
    assert_eq!(saved, before + 1);
    let err = home.err(
        3,
        &add(&[
            "--kind",
            "relationship",
            "--category",
            "family",
            "--member",
            "M-002",
            "--officer",
            "O-002",
            "--declared-by",
            "both",
        ]),
    );
    assert!(err.starts_with("refused: "), "{err}");
    assert!(
        err.contains(&format!("{d} already records a friendship")),
        "{err}"
    );
    assert!(err.contains("(R-D1 — CAV §3.2a)"), "{err}");
    assert_eq!(count(&home), saved, "the duplicate was not saved");

    // A notification dated before the declaration; an end before the start. Field errors name the
    // option typed (`--on`), not the form's label.
    let err = home.err(
        2,
        &[
            "disclosures",
            "do",
            &d,
            "notify",
            "--who",
            "mc",
            "--on",
            "2026-10-31",
        ],
    );
    assert!(
        err.contains("--on: is before it was declared (2026-11-01)"),
        "{err}"
    );
    let err = home.err(
        2,
        &[
            "disclosures",
            "do",
            &d,
            "end",
            "--on",
            "2026-10-01",
            "--reason",
            "moved",
        ],
    );
    assert!(
        err.contains("--on: is before it was declared (2026-11-01)"),
        "{err}"
    );
    // Options the action does not use, or an action that does not exist, are bad input too.
    let err = home.err(
        2,
        &[
            "disclosures",
            "do",
            &d,
            "notify",
            "--who",
            "mc",
            "--reason",
            "x",
        ],
    );
    assert!(err.contains("--reason: notify does not take it"), "{err}");
    let err = home.err(2, &["disclosures", "do", &d, "end"]);
    assert!(err.contains("--reason"), "{err}");
    home.err(2, &["disclosures", "do", &d, "delete"]);
    home.err(2, &["disclosures", "do", "D-0999", "acknowledge"]);

    let e = home.entry(&d);
    assert_eq!(e["state"], "declared", "{e}");
    assert_eq!(
        e["missing"].as_array().unwrap().len(),
        3,
        "no notification saved: {e}"
    );
    assert_eq!(e["ended_on"], "");
    assert_eq!(count(&home), saved);
}

#[test]
fn activating_with_a_notification_missing_is_refused_by_r_d1() {
    let home = Home::with_demo();
    let d = home.add(&[
        "--kind",
        "relationship",
        "--category",
        "family",
        "--member",
        "Rajesh Patel",
        "--officer",
        "Robert Fenwick",
        "--description",
        "Cousins",
        "--declared-by",
        "member",
    ]);
    home.act(&d, "notify", &["--who", "mc"]);
    // Told the Clerk, not in writing: the officer's own notification is still missing.
    let r = home.act(&d, "notify", &["--who", "om", "--in-writing", "no"]);
    assert!(r.stdout.contains("not in writing"), "{}", r.stdout);
    home.act(&d, "acknowledge", &[]);
    let err = home.err(3, &["disclosures", "do", &d, "activate"]);
    assert!(
        err.starts_with(&format!("refused: {d} cannot become active")),
        "{err}"
    );
    assert!(err.contains("the member tells their group leader"), "{err}");
    assert!(err.contains("in writing"), "{err}");
    assert!(err.contains("(R-D1 — CAV §3.2a)"), "{err}");
    assert_eq!(home.entry(&d)["state"], "acknowledged");
}

#[test]
fn an_ended_entry_is_kept_and_cannot_be_changed() {
    let home = Home::with_demo();
    let d = home.add(&[
        "--kind",
        "other",
        "--member",
        "Fiona MacLeod",
        "--description",
        "Governor of Ashcombe Primary School",
        "--on",
        "2026-06-01",
    ]);
    let r = home.act(
        &d,
        "x",
        &["--on", "2026-11-01", "--reason", "term as governor ended"],
    );
    assert!(r.stdout.contains("ended"), "{}", r.stdout);

    let current = home.ok(&["disclosures", "list"]);
    assert!(
        !current.stdout.contains(&d),
        "ended entries only with --all"
    );
    let all = home.ok(&["disclosures", "list", "--all"]);
    assert!(all.stdout.contains(&d), "{}", all.stdout);
    assert_eq!(home.entry(&d)["ended_on"], "2026-11-01");

    for args in [
        vec!["notify", "--who", "mc"],
        vec!["edit", "--description", "Something else"],
        vec!["end", "--reason", "again"],
    ] {
        let mut all = vec!["disclosures", "do", d.as_str()];
        all.extend(args);
        let err = home.err(3, &all);
        assert!(err.contains("ended on 2026-11-01"), "{err}");
        assert!(
            err.contains("(R-D4 — no clause in this council's protocol)"),
            "{err}"
        );
    }
}

#[test]
fn due_shows_eleanor_wood_overdue_and_exits_zero() {
    let home = Home::with_demo();
    let r = home.ok(&["disclosures", "due"]);
    assert!(r.stdout.contains("R-M3"), "{}", r.stdout);
    let eleanor = r
        .stdout
        .lines()
        .find(|l| l.contains("Eleanor Wood"))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    // Co-opted 41 days ago: due on day 28 (start + 27 days), 14 days ago.
    assert!(eleanor.contains("OVERDUE (14 days)"), "{eleanor}");
    assert!(eleanor.contains("2026-11-08"), "{eleanor}");
    let zoe = r
        .stdout
        .lines()
        .find(|l| l.contains("Zoë Ó Briain"))
        .unwrap();
    assert!(zoe.contains("DUE (15 days left)"), "{zoe}");
    let margaret = r
        .stdout
        .lines()
        .find(|l| l.contains("Margaret Hill"))
        .unwrap();
    assert!(margaret.contains("met"), "{margaret}");
    assert!(
        !r.stdout.contains("Gareth Price"),
        "ended terms are not listed"
    );
    let last = r.stdout.lines().last().unwrap();
    assert!(last.starts_with("OVERDUE: Eleanor Wood (M-010)"), "{last}");

    let json = home.ok(&["disclosures", "due", "--format", "json"]);
    let rows: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    let e = rows.iter().find(|r| r["member"] == "Eleanor Wood").unwrap();
    assert!(e["status"].as_str().unwrap().starts_with("OVERDUE"));
    assert_eq!(e["rule"], "R-M3 — Localism Act 2011 s30");

    let csv = home.ok(&["disclosures", "due", "--format", "csv"]);
    assert!(csv
        .stdout
        .starts_with("member_ref,member,due,what,met_on,status,rule,counted\n"));

    // A new interest starts its own 28 days (R-M3): met by telling the Monitoring Officer.
    let d = home.add(&[
        "--kind",
        "pecuniary",
        "--category",
        "contracts",
        "--member",
        "David Okafor",
        "--description",
        "Supplies grit to the council",
        "--on",
        "2026-11-20",
        "--aware-on",
        "2026-11-18",
    ]);
    let r = home.ok(&["disclosures", "due"]);
    let line = r.stdout.lines().find(|l| l.contains(&d)).unwrap();
    assert!(
        line.contains("2026-12-15") && line.contains("DUE (23 days left)"),
        "{line}"
    );
    home.act(&d, "notify", &["--who", "mm", "--in-writing", "yes"]);
    let r = home.ok(&["disclosures", "due"]);
    let line = r.stdout.lines().find(|l| l.contains(&d)).unwrap();
    assert!(line.contains("2026-11-22  met"), "{line}");
}

#[test]
fn the_public_register_withholds_sensitive_interests_that_the_full_one_keeps() {
    let home = Home::with_demo();
    let open = home.add(&[
        "--kind",
        "pecuniary",
        "--category",
        "securities",
        "--member",
        "Fiona MacLeod",
        "--description",
        "=HYPERLINK(\"http://x.example\",\"Shares\") in Vale Brewery plc",
    ]);
    let secret = home.add(&[
        "--kind",
        "pecuniary",
        "--category",
        "land",
        "--member",
        "Fiona MacLeod",
        "--description",
        "Flat 3, Safehaven House",
    ]);
    let r = home.act(&secret, "sensitive", &["--reason", "risk of intimidation"]);
    assert!(
        r.stdout.contains("withheld from the published register"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Localism Act 2011 s32"), "{}", r.stdout);
    let rel = home.add(&[
        "--kind",
        "relationship",
        "--category",
        "partner",
        "--member",
        "David Okafor",
        "--officer",
        "Sam Ellery",
        "--description",
        "Partners",
        "--declared-by",
        "both",
    ]);
    assert_eq!(home.entry(&secret)["sensitive"], "withheld");
    // A relationship cannot be withheld: only a member's registerable interest (s32).
    let err = home.err(
        3,
        &[
            "disclosures",
            "do",
            &rel,
            "sensitive",
            "--reason",
            "private",
        ],
    );
    assert!(err.contains("R-D2 — Localism Act 2011 s32"), "{err}");

    let public = home.ok(&["disclosures", "export", "--public", "--format", "csv"]);
    assert!(public.stdout.starts_with(
        "reference,member,kind,category,description,declared_on,state,ended_on,end_reason\n"
    ));
    assert!(public.stdout.contains(&open), "{}", public.stdout);
    assert!(
        public.stdout.contains("'=HYPERLINK"),
        "formula defused: {}",
        public.stdout
    );
    assert!(!public.stdout.contains(&secret), "{}", public.stdout);
    assert!(!public.stdout.contains("Safehaven"), "{}", public.stdout);
    assert!(
        !public.stdout.contains(&rel),
        "relationships are not published"
    );

    let full = home.ok(&["disclosures", "export", "--full", "--format", "csv"]);
    assert!(full.stdout.contains(&secret) && full.stdout.contains("Safehaven"));
    assert!(full.stdout.contains(&rel) && full.stdout.contains("Sam Ellery"));
    let mut reader = csv::Reader::from_reader(full.stdout.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let sensitive_col = headers.iter().position(|h| h == "sensitive").unwrap();
    let row = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| r[0] == *secret)
        .unwrap();
    assert_eq!(&row[sensitive_col], "yes");

    // Markdown, to a file: the heading names the council and the date.
    let out = home.path().join("public.md");
    let r = home.ok(&[
        "disclosures",
        "export",
        "--public",
        "--format",
        "md",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(r.stdout.starts_with("Wrote "), "{}", r.stdout);
    let md = std::fs::read_to_string(&out).unwrap();
    let first = md.lines().next().unwrap();
    assert!(first.starts_with("# Ashcombe Parish Council"), "{first}");
    assert!(first.ends_with(TODAY), "{first}");
    assert!(md.contains("withheld from this register under s32 Localism Act 2011 (R-D2)"));
    assert!(!md.contains("Safehaven") && !md.contains(&secret), "{md}");
    assert!(md.contains("| reference | member |"), "{md}");
    assert!(
        !md.contains(": 1."),
        "the public register does not count what it withholds"
    );

    let full_md = home.ok(&["disclosures", "export", "--full", "--format", "md"]);
    assert!(full_md.stdout.contains("Safehaven"), "{}", full_md.stdout);
    assert!(
        full_md
            .stdout
            // The demo's own sensitive interest (Tom Ågren-Smith's) and the one added here.
            .contains("under s32 Localism Act 2011 (R-D2): 2."),
        "{}",
        full_md.stdout
    );
    // Table cells cannot break the table.
    assert!(full_md.stdout.contains("\\=HYPERLINK") || full_md.stdout.contains("=HYPERLINK"));
    home.err(2, &["disclosures", "export", "--format", "csv"]);
    home.err(
        2,
        &[
            "disclosures",
            "export",
            "--public",
            "--full",
            "--format",
            "csv",
        ],
    );
}

#[test]
fn the_demo_register_is_accepted_and_shows_each_state() {
    let home = Home::with_demo_register();
    let all = home.register();
    // Requests in the demo may declare R-D3 interests of their own: only the register's file here.
    let entries: Vec<&Value> = all
        .iter()
        .filter(|e| e["kind"] != "interest declared with a request")
        .collect();
    assert_eq!(entries.len(), 5, "{entries:?}");
    let find = |member: &str| {
        *entries
            .iter()
            .find(|e| e["member"].as_str().unwrap().starts_with(member))
            .unwrap_or_else(|| panic!("no entry for {member}"))
    };
    let friendship = find("Peter Green");
    assert_eq!(friendship["category"], "friendship");
    assert_eq!(friendship["officer"], "Jodie Marsh (O-005)");
    assert_eq!(friendship["declared_on"], "2026-11-10");
    assert_eq!(
        friendship["missing"].as_array().unwrap().len(),
        2,
        "{friendship}"
    );
    let family = find("Rajesh Patel");
    assert_eq!(family["state"], "active");
    assert_eq!(family["missing"].as_array().unwrap().len(), 0, "{family}");
    assert_eq!(find("Margaret Hill")["category"], "land");
    assert_eq!(find("Tom Ågren-Smith")["sensitive"], "withheld");
    assert_eq!(find("Helen Baker")["state"], "ended");
    let current = home.ok(&["disclosures", "list", "--format", "json"]);
    let current: Vec<Value> = serde_json::from_str(&current.stdout).unwrap();
    let ended = all.iter().filter(|e| e["state"] == "ended").count();
    assert_eq!(ended, 1);
    assert_eq!(current.len(), all.len() - ended);
    let subject = format!("disclosure {}", friendship["ref"].as_str().unwrap());
    let audit = home.ok(&["audit", "--subject", &subject]);
    assert!(audit.stdout.contains("Clara Whitcombe"), "{}", audit.stdout);

    let public = home.ok(&["disclosures", "export", "--public", "--format", "csv"]);
    assert!(public.stdout.contains("Margaret Hill"));
    assert!(
        !public.stdout.contains("Ågren-Smith"),
        "sensitive: {}",
        public.stdout
    );
    assert!(!public.stdout.contains("Jodie Marsh"));
    let full = home.ok(&["disclosures", "export", "--full", "--format", "csv"]);
    assert!(full.stdout.contains("Ågren-Smith") && full.stdout.contains("Jodie Marsh"));

    // Tom Ågren-Smith's new employment was notified within its 28 days (R-M3).
    let due = home.ok(&["disclosures", "due"]);
    let tom = due
        .stdout
        .lines()
        .find(|l| l.contains("Tom Ågren-Smith") && l.contains("employment"))
        .unwrap_or_else(|| panic!("{}", due.stdout));
    assert!(tom.contains("met"), "{tom}");
}

#[test]
fn do_help_lists_every_action() {
    let home = Home::with_demo();
    let r = home.ok(&["disclosures", "do", "--help"]);
    for action in [
        "notify",
        "acknowledge",
        "activate",
        "sensitive",
        "end",
        "edit",
    ] {
        assert!(r.stdout.contains(action), "{action}: {}", r.stdout);
    }
    assert!(
        r.stdout.contains("mg member → group leader"),
        "{}",
        r.stdout
    );
}

// The R-D1 panel integration (a member with a declared friendship kept off an R-E1 panel about
// that officer) needs `clerkdesk case new`, which is not in src/cli/case.rs yet: not tested here.
