//! The `clerkdesk` command line, run as a real process against a throwaway data folder.

mod common;

use common::Home;

use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/csv")
        .join(name)
}

impl Home {
    /// Every member, ended terms included, as CSV rows.
    fn members(&self) -> Vec<csv::StringRecord> {
        let r = self.ok(&["members", "list", "--all", "--format", "csv"]);
        csv::Reader::from_reader(r.stdout.as_bytes())
            .records()
            .map(|r| r.unwrap())
            .collect()
    }
}

fn row_named<'a>(rows: &'a [csv::StringRecord], name: &str) -> &'a csv::StringRecord {
    rows.iter()
        .find(|r| &r[1] == name)
        .unwrap_or_else(|| panic!("no row for {name}"))
}

#[test]
fn demo_members_as_csv_show_dpi_status_and_keep_welsh_names() {
    let home = Home::with_demo();
    let r = home.ok(&["members", "list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "ref",
            "name",
            "ward",
            "group",
            "offices",
            "joined_by",
            "term_start",
            "term_end",
            "dpi_status"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert!(rows.len() >= 9, "{} members", rows.len());
    let sian = row_named(&rows, "Siân ap Dafydd");
    assert_eq!(&sian[3], "Labour");
    assert!(sian[4].contains("Chair of Staffing"), "{:?}", sian);
    // Eleanor Wood was co-opted 41 days ago (2026-10-12): due on day 28, 2026-11-08; 14 days over.
    let eleanor = row_named(&rows, "Eleanor Wood");
    assert_eq!(&eleanor[6], "2026-10-12");
    assert_eq!(&eleanor[8], "OVERDUE since 2026-11-08 (14 days) R-M3");
    // Serving members only by default: Gareth Price resigned in 2025.
    assert!(!rows.iter().any(|r| &r[1] == "Gareth Price"));
    assert!(home.members().iter().any(|r| &r[1] == "Gareth Price"));
}

#[test]
fn member_list_as_json_and_table() {
    let home = Home::with_demo();
    let r = home.ok(&["members", "list", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).expect("valid JSON");
    let list = v.as_array().unwrap();
    assert!(list.len() >= 9);
    let tom = list
        .iter()
        .find(|m| m["name"] == "Tom Ågren-Smith")
        .unwrap();
    assert_eq!(tom["ref"], "M-004");
    assert!(tom["offices"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o == "Leader"));

    let table = home.ok(&["members", "list"]).stdout;
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("REF "));
    // Columns line up whatever the letters: the DPI column starts at the same character everywhere.
    let col = lines[0]
        .find("DPI")
        .map(|b| lines[0][..b].chars().count())
        .unwrap();
    for line in &lines[1..] {
        let at: String = line.chars().skip(col).collect();
        assert!(
            at.starts_with("registered") || at.starts_with("due") || at.starts_with("OVERDUE"),
            "{line}"
        );
    }
}

#[test]
fn officers_list_flags_a_missing_protocol_briefing() {
    let home = Home::with_demo();
    let r = home.ok(&["officers", "list"]);
    let jodie = r
        .stdout
        .lines()
        .find(|l| l.contains("Jodie Marsh"))
        .expect("Jodie listed");
    assert!(
        jodie.contains("MISSING") && jodie.contains("R-O2"),
        "{jodie}"
    );
    assert!(
        !r.stdout.contains("Ian Thorne"),
        "left officers only with --all"
    );
    assert!(home
        .ok(&["officers", "list", "--all"])
        .stdout
        .contains("Ian Thorne"));
    let json = home.ok(&["officers", "list", "--format", "json"]).stdout;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let robert = v
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Robert Fenwick")
        .unwrap();
    assert_eq!(robert["line_manager"], "Clara Whitcombe");
}

#[test]
fn init_names_every_bad_field_and_creates_nothing() {
    let home = Home::new();
    let r = home.fails(
        2,
        &["init", "--name", "", "--kind", "city", "--protocol", "nope"],
    );
    for field in ["council name:", "kind:", "protocol:"] {
        assert!(
            r.stderr.lines().any(|l| l.starts_with(field)),
            "{field} in {}",
            r.stderr
        );
    }
    let long = "x".repeat(500);
    home.fails(
        2,
        &[
            "init",
            "--name",
            &long,
            "--kind",
            "parish",
            "--protocol",
            "banbury",
        ],
    );
    assert!(
        !home.path().join("councils").exists(),
        "no folder made for a bad set-up"
    );

    let r = home.ok(&[
        "init",
        "--name",
        "Brook Town Council",
        "--kind",
        "town",
        "--protocol",
        "town",
        "--groups",
        "Green, Labour",
    ]);
    assert!(r.stdout.contains("Brook Town Council"));
    home.ok(&[
        "members",
        "add",
        "--name",
        "Ann Lee",
        "--ward",
        "North",
        "--group",
        "green",
        "--term-start",
        "2026-05-07",
    ]);
    let r = home.ok(&["councils"]);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with('*') && l.contains("brook-town-council")),
        "{}",
        r.stdout
    );
    home.fails(
        1,
        &[
            "init",
            "--name",
            "Brook Town Council",
            "--kind",
            "town",
            "--protocol",
            "town",
        ],
    );
}

#[test]
fn members_add_saves_or_refuses_every_bad_field() {
    let home = Home::with_demo();
    let before = home.members().len();
    let long = "a".repeat(500);
    let r = home.fails(
        2,
        &[
            "members",
            "add",
            "--name",
            &long,
            "--ward",
            "Vale",
            "--term-start",
            "2026-31-01",
        ],
    );
    assert!(
        r.stderr
            .lines()
            .any(|l| l.starts_with("name:") && l.contains("500")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.lines().any(|l| l.starts_with("term start:")),
        "{}",
        r.stderr
    );
    assert_eq!(home.members().len(), before, "nothing added");

    let r = home.ok(&[
        "members",
        "add",
        "--name",
        "Llŷr Ifans",
        "--ward",
        "Vale",
        "--group",
        "Labour",
        "--joined-by",
        "co-opted",
        "--term-start",
        "2026-11-20",
    ]);
    assert_eq!(
        r.stdout.trim(),
        format!("Saved M-{:03} Llŷr Ifans", before + 1)
    );
    let rows = home.members();
    assert_eq!(
        row_named(&rows, "Llŷr Ifans")[8].to_string(),
        "due 2026-12-17 (25 days)"
    );
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let home = Home::with_demo();
    // Bidi overrides are not control characters, so a name may hold one; no listing prints it raw.
    home.ok(&[
        "members",
        "add",
        "--name",
        "Eve \u{202E}evil",
        "--ward",
        "Vale",
        "--term-start",
        "2026-11-01",
    ]);
    for format in ["table", "csv", "json"] {
        let out = home.ok(&["members", "list", "--format", format]).stdout;
        assert!(out.contains("Eve "), "{format}");
        assert!(!out.contains('\u{202E}'), "{format}");
    }
    let r = home.fails(
        2,
        &[
            "members",
            "add",
            "--name",
            "Eve\u{1b}[2J",
            "--ward",
            "Vale",
            "--term-start",
            "2026-11-01",
        ],
    );
    assert!(
        r.stderr.contains("U+001B") && !r.stderr.contains('\u{1b}'),
        "{}",
        r.stderr
    );
}

#[test]
fn import_is_all_or_nothing_and_names_each_bad_line() {
    let home = Home::with_demo();
    let before = home.members().len();
    let good = fixture("members_good.csv");
    let r = home.ok(&["import", "members", good.to_str().unwrap()]);
    assert_eq!(r.stdout.trim(), "Imported 2 members");
    let rows = home.members();
    assert_eq!(rows.len(), before + 2);
    assert_eq!(&row_named(&rows, "Llŷr Ifans")[5], "co-opted");
    assert_eq!(
        &row_named(&rows, "Gwenllïan Prys")[8],
        "registered 2026-05-20"
    );

    let bad = fixture("members_bad.csv");
    let bad_name = bad.to_str().unwrap();
    let r = home.fails(2, &["import", "members", bad_name]);
    assert!(
        r.stderr.contains(&format!("{bad_name}:3: group:")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("{bad_name}:5: name:")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!("{bad_name}:5: term start:")),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains(":2:") && !r.stderr.contains(":4:"),
        "{}",
        r.stderr
    );
    assert_eq!(
        home.members().len(),
        before + 2,
        "a bad file changes nothing"
    );
}

#[test]
fn import_refuses_unreadable_files_in_one_line() {
    let home = Home::with_demo();
    let before = home.members().len();
    let unknown = fixture("members_unknown_column.csv");
    let r = home.fails(2, &["import", "members", unknown.to_str().unwrap()]);
    assert!(r.stderr.contains("shoe_size"), "{}", r.stderr);

    let latin1 = home.path().join("latin1.csv");
    std::fs::write(
        &latin1,
        b"name,ward,term_start\nJos\xe9 Garc\xeda,Vale,2026-05-07\n",
    )
    .unwrap();
    let r = home.fails(2, &["import", "members", latin1.to_str().unwrap()]);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("UTF-8"), "{}", r.stderr);

    let empty = home.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let r = home.fails(2, &["import", "members", empty.to_str().unwrap()]);
    assert!(r.stderr.contains("empty"), "{}", r.stderr);

    let missing = home.path().join("missing.csv");
    home.fails(2, &["import", "members", missing.to_str().unwrap()]);
    assert_eq!(home.members().len(), before);
}

#[test]
fn officers_import_lets_later_rows_name_earlier_managers() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "import",
        "officers",
        fixture("officers_good.csv").to_str().unwrap(),
    ]);
    assert_eq!(r.stdout.trim(), "Imported 2 officers");
    let json = home.ok(&["officers", "list", "--format", "json"]).stdout;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rhian = v
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "Rhian Owen")
        .unwrap();
    assert_eq!(rhian["line_manager"], "Morgan Ellis");
}

#[test]
fn recording_dpi_twice_is_refused_under_r_m3() {
    let home = Home::with_demo();
    let r = home.ok(&["members", "dpi", "M-009", "--on", "2026-11-20"]);
    assert!(r.stdout.contains("Zoë Ó Briain"), "{}", r.stdout);
    let r = home.fails(3, &["members", "dpi", "M-009", "--on", "2026-11-21"]);
    assert!(r.stderr.starts_with("refused: "), "{}", r.stderr);
    assert!(r.stderr.contains("R-M3"), "{}", r.stderr);
    let r = home.fails(2, &["members", "dpi", "M-099", "--on", "2026-11-21"]);
    assert!(r.stderr.contains("M-099"), "{}", r.stderr);
    home.fails(2, &["members", "dpi", "nobody"]);
    let r = home.ok(&["audit", "--subject", "member M-009"]);
    assert!(
        r.stdout.contains("DPI notification registered"),
        "{}",
        r.stdout
    );
}

#[test]
fn the_clerk_cannot_leave_while_others_report_to_her() {
    let home = Home::with_demo();
    let r = home.fails(3, &["officers", "leave", "O-001", "--on", "2026-11-30"]);
    assert!(r.stderr.contains("R-O1"), "{}", r.stderr);
    let r = home.ok(&["officers", "brief", "O-005", "--on", "2026-11-20"]);
    assert!(r.stdout.contains("Jodie Marsh"));
    home.ok(&[
        "members",
        "end-term",
        "M-002",
        "--on",
        "2026-11-20",
        "--reason",
        "resigned",
    ]);
    let rows = home.members();
    assert_eq!(&row_named(&rows, "Peter Green")[7], "2026-11-20");
    assert_eq!(
        &row_named(&rows, "Peter Green")[4],
        "",
        "offices are vacated"
    );
}

#[test]
fn export_writes_four_files() {
    let home = Home::with_demo();
    home.ok(&["members", "dpi", "M-010", "--on", "2026-11-21"]);
    let out = home.path().join("export/nested");
    let r = home.ok(&["export", "--dir", out.to_str().unwrap()]);
    for file in ["members.csv", "officers.csv", "audit.csv", "council.json"] {
        assert!(out.join(file).is_file(), "{file}");
        assert!(r.stdout.contains(file), "{}", r.stdout);
    }
    for file in ["members.csv", "officers.csv", "audit.csv"] {
        // Strict reader: every row as wide as the header.
        let mut reader = csv::Reader::from_path(out.join(file)).unwrap();
        let mut n = 0;
        for record in reader.records() {
            record.expect("rectangular CSV");
            n += 1;
        }
        assert!(n >= 5, "{file}: {n} rows");
    }
    let audit = std::fs::read_to_string(out.join("audit.csv")).unwrap();
    assert!(audit.starts_with("seq,at,actor,subject,action,changes,note,rule"));
    assert!(audit.contains("DPI notification registered"));
    let dump: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("council.json")).unwrap()).unwrap();
    assert_eq!(dump["council"]["name"], "Ashcombe Parish Council");
    assert_eq!(dump["profile"], "banbury");
    assert!(dump["members"].as_array().unwrap().len() >= 9);
    assert!(dump["audit"].as_array().unwrap().len() > 10);
}

#[test]
fn councils_lists_the_demo_as_last_used() {
    let home = Home::new();
    let r = home.ok(&["councils"]);
    assert!(r.stdout.contains("clerkdesk demo"), "{}", r.stdout);
    home.ok(&["demo"]);
    let r = home.ok(&["councils"]);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains("ashcombe-parish-council-demo"))
        .expect("demo listed");
    assert!(
        line.starts_with('*') && line.contains("Ashcombe Parish Council"),
        "{line}"
    );
    let r = home.fails(1, &["demo"]);
    assert!(r.stderr.contains("already holds"), "{}", r.stderr);
}

#[test]
fn commands_without_a_council_say_how_to_get_one() {
    let home = Home::new();
    let r = home.fails(1, &["members", "list"]);
    assert!(r.stderr.contains("clerkdesk demo"), "{}", r.stderr);
    let r = home.fails(1, &["--council", "Nowhere", "officers", "list"]);
    assert!(r.stderr.contains("clerkdesk demo"), "{}", r.stderr);
    assert!(
        !home.path().join("councils/nowhere").exists(),
        "looking does not create"
    );
    // An empty folder named outright becomes a store only when a council goes in.
    let empty = home.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    home.fails(1, &["--store", empty.to_str().unwrap(), "audit"]);
    // A folder with other files in it is never taken for a store.
    let other = home.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let r = home.fails(1, &["demo", "--store", other.to_str().unwrap()]);
    assert!(r.stderr.contains("not a clerkdesk store"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
}

#[test]
fn a_store_open_elsewhere_is_reported_not_panicked_on() {
    let home = Home::with_demo();
    let store = home.demo_store();
    let _held = clerkdesk::store::Store::open(&store).expect("the test holds the store");
    let r = home.run(&["--store", store.to_str().unwrap(), "members", "list"]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("open in another clerkdesk"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    // The TUI path refuses the same way.
    let r = home.run(&["--store", store.to_str().unwrap()]);
    assert_ne!(r.code, 0);
    assert!(
        r.stderr.contains("open in another clerkdesk"),
        "{}",
        r.stderr
    );
}

#[test]
fn version_and_help() {
    let home = Home::new();
    assert!(home.ok(&["--version"]).stdout.starts_with("clerkdesk "));
    let help = home.ok(&["--help"]).stdout;
    assert!(help.contains("parish or town council") && help.contains("members"));
    assert!(!help.contains("--today"), "--today is hidden");
}

#[test]
fn offices_change_hands_with_history_kept_and_a_parish_has_no_town_mayor() {
    let home = Home::with_demo();
    let r = home.ok(&["council", "show"]);
    assert!(
        r.stdout
            .contains("Chairman: Peter Green from 2023-05-18 to 2025-05-14"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Chairman: Margaret Hill from 2025-05-15 to now"),
        "{}",
        r.stdout
    );
    // R-M2: one Chairman at a time; appointing Helen Baker ends Margaret Hill's term the day before.
    home.ok(&[
        "members",
        "appoint",
        "M-006",
        "--office",
        "Chairman",
        "--from",
        "2026-11-20",
    ]);
    let r = home.ok(&["council", "show"]);
    assert!(
        r.stdout
            .contains("Chairman: Margaret Hill from 2025-05-15 to 2026-11-19"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Chairman: Helen Baker from 2026-11-20 to now"),
        "{}",
        r.stdout
    );
    // A parish council has no Town Mayor; an independent leads no group.
    let r = home.fails(
        3,
        &["members", "appoint", "M-001", "--office", "Town Mayor"],
    );
    assert!(r.stderr.contains("R-M2"), "{}", r.stderr);
    let r = home.fails(
        3,
        &["members", "appoint", "M-010", "--office", "group leader"],
    );
    assert!(r.stderr.contains("R-M1"), "{}", r.stderr);
    let r = home.fails(2, &["members", "appoint", "M-001", "--office", "Pope"]);
    assert!(r.stderr.contains("office"), "{}", r.stderr);
}

#[test]
fn the_monitoring_officer_is_recorded_as_an_external_contact() {
    let home = Home::with_demo();
    let r = home.fails(2, &["council", "mo", "--name", " "]);
    assert!(r.stderr.contains("name"), "{}", r.stderr);
    home.ok(&[
        "council",
        "mo",
        "--name",
        "Sam Okoro",
        "--organisation",
        "North District Council",
    ]);
    let r = home.ok(&["council", "show"]);
    assert!(
        r.stdout
            .contains("Monitoring Officer (R-O3): Sam Okoro, North District Council"),
        "{}",
        r.stdout
    );
    home.ok(&["council", "group", "--name", "Reform"]);
    let r = home.fails(2, &["council", "group", "--name", "reform"]);
    assert!(r.stderr.contains("exists"), "{}", r.stderr);
}
