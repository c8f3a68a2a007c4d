//! The `clerkdesk` command line, run as a real process against a throwaway data folder.

mod common;

use common::{Home, TODAY};
use std::process::Command;

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
        // R-M3's 28 days, named with how they count.
        "due 2026-12-17 (25 days left; 28 days, every day counts)"
    );
}

#[test]
fn hostile_text_never_reaches_the_terminal() {
    let home = Home::with_demo();
    // A bidi override is refused by name, like a control character (stored ones are never printed
    // raw either: tests/hostile.rs).
    let r = home.fails(
        2,
        &[
            "members",
            "add",
            "--name",
            "Eve \u{202E}evil",
            "--ward",
            "Vale",
            "--term-start",
            "2026-11-01",
        ],
    );
    assert!(
        r.stderr.contains("U+202E RIGHT-TO-LEFT OVERRIDE") && !r.stderr.contains('\u{202E}'),
        "{}",
        r.stderr
    );
    for format in ["table", "csv", "json"] {
        let out = home.ok(&["members", "list", "--format", format]).stdout;
        assert!(!out.contains("evil"), "{format}: nothing was added");
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
    // R-O2: the day and who gave it, her manager.
    let r = home.ok(&[
        "officers",
        "brief",
        "O-005",
        "--on",
        "2026-11-20",
        "--by",
        "Clara Whitcombe",
    ]);
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
        let text = std::fs::read_to_string(out.join(file)).unwrap();
        assert!(
            text.starts_with('\u{FEFF}'),
            "{file}: a byte-order mark for Excel"
        );
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
        let mut n = 0;
        for record in reader.records() {
            record.expect("rectangular CSV");
            n += 1;
        }
        assert!(n >= 5, "{file}: {n} rows");
    }
    let audit = std::fs::read_to_string(out.join("audit.csv")).unwrap();
    assert!(audit.starts_with("\u{FEFF}seq,at,actor,subject,action,changes,note,rule"));
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
    // R-O3 (TWY §4.2): never a serving member, nor the council's own Clerk.
    for insider in ["David Okafor", "Clara Whitcombe"] {
        let r = home.fails(3, &["council", "mo", "--name", insider]);
        assert!(r.stderr.contains("R-O3"), "{}", r.stderr);
    }
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

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn exports_are_owner_only_and_replace_nothing_without_force() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::with_demo();
    let out = home.path().join("export/nested");
    home.ok(&["export", "--dir", out.to_str().unwrap()]);
    assert_eq!(mode(&home.path().join("export")), 0o700);
    assert_eq!(mode(&out), 0o700);
    for file in ["members.csv", "officers.csv", "audit.csv", "council.json"] {
        assert_eq!(mode(&out.join(file)), 0o600, "{file}");
    }

    // A second export into the same folder writes nothing, names the file and the way on.
    let other = home.path().join("again");
    std::fs::create_dir(&other).unwrap();
    std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(other.join("council.json"), "the clerk's own file").unwrap();
    std::fs::set_permissions(
        other.join("council.json"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let r = home.fails(1, &["export", "--dir", other.to_str().unwrap()]);
    assert!(
        r.stderr.contains("council.json") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert!(
        !other.join("members.csv").exists(),
        "all four files or none"
    );
    assert_eq!(
        std::fs::read_to_string(other.join("council.json")).unwrap(),
        "the clerk's own file"
    );

    home.ok(&["export", "--dir", other.to_str().unwrap(), "--force"]);
    assert_eq!(
        mode(&other.join("council.json")),
        0o600,
        "replaced, owner-only"
    );
    assert_eq!(
        mode(&other),
        0o755,
        "a folder clerkdesk did not create is left alone"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&other)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn case_export_never_writes_into_a_store_through_a_link_or_over_a_file() {
    let home = Home::with_demo();
    let store = home.demo_store();
    let db = store.join("db");

    // Aimed at the store's own database: refused, the store still opens.
    let r = home.fails(
        1,
        &[
            "case",
            "export",
            "G-2026-001",
            "--out",
            db.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(r.stderr.contains("store folder"), "{}", r.stderr);
    assert!(!std::fs::read(&db).unwrap().starts_with(b"# Case file"));
    assert!(home.ok(&["members", "list"]).stdout.contains("Okafor"));

    // Through a symbolic link: refused even with --force; the file it points at is untouched.
    let precious = home.path().join("precious.txt");
    std::fs::write(&precious, "keep me").unwrap();
    let link = home.path().join("case.md");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let r = home.fails(
        1,
        &[
            "case",
            "export",
            "G-2026-001",
            "--out",
            link.to_str().unwrap(),
            "--force",
        ],
    );
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");

    // Over an existing file: only with --force, and the result is owner-only.
    let out = home.path().join("G-2026-001.md");
    home.ok(&[
        "case",
        "export",
        "G-2026-001",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(mode(&out), 0o600);
    let r = home.fails(
        1,
        &[
            "case",
            "export",
            "G-2026-001",
            "--out",
            out.to_str().unwrap(),
            "--redact",
        ],
    );
    assert!(
        r.stderr.contains("already exists") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert!(!std::fs::read_to_string(&out)
        .unwrap()
        .contains("Redacted copy"));
    home.ok(&[
        "case",
        "export",
        "G-2026-001",
        "--out",
        out.to_str().unwrap(),
        "--redact",
        "--force",
    ]);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("Redacted copy"));
    assert_eq!(mode(&out), 0o600);
}

#[cfg(unix)]
#[test]
fn the_full_register_is_written_owner_only_and_never_over_a_file() {
    let home = Home::with_demo();
    let out = home.path().join("register.csv");
    let args = [
        "disclosures",
        "export",
        "--full",
        "--format",
        "csv",
        "--out",
    ];
    let mut with_out: Vec<&str> = args.to_vec();
    with_out.push(out.to_str().unwrap());
    home.ok(&with_out);
    assert_eq!(mode(&out), 0o600);
    let r = home.fails(1, &with_out);
    assert!(r.stderr.contains("register.csv"), "{}", r.stderr);
    with_out.push("--force");
    home.ok(&with_out);
}

#[cfg(unix)]
#[test]
fn a_failed_write_to_stdout_is_an_error() {
    let home = Home::with_demo();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_clerkdesk"))
        .args(["members", "list"])
        .env("CLERKDESK_HOME", home.path())
        .env("CLERKDESK_TODAY", TODAY)
        .env_remove("CLERKDESK_STORE")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("standard output"), "{stderr}");
}

#[test]
fn csv_neutralises_formulas_and_export_then_import_gives_back_the_text() {
    let home = Home::with_demo();
    let input = home.path().join("in.csv");
    std::fs::write(
        &input,
        "name,ward,group,joined_by,term_start,dpi_registered,email,phone\n\
         Siân Hughes,\"=HYPERLINK(\"\"http://x.example\"\",\"\"Vale\"\")\",Labour,elected,2026-05-07,,,+44 1234 567890\n\
         Rhys Bowen,@SUM(A1),Labour,elected,2026-05-07,,,-1-1\n",
    )
    .unwrap();
    home.ok(&["import", "members", input.to_str().unwrap()]);

    // On the screen: neutralised, no byte-order mark unless asked for.
    let listed = home.ok(&["members", "list", "--format", "csv"]).stdout;
    assert!(!listed.starts_with('\u{FEFF}'));
    assert!(listed.contains("\"'=HYPERLINK("), "{listed}");
    assert!(listed.contains("'@SUM(A1)"), "{listed}");
    let with_bom = home
        .ok(&["members", "list", "--format", "csv", "--bom"])
        .stdout;
    assert!(with_bom.starts_with("\u{FEFF}ref,"), "{with_bom}");

    // In a file: a byte-order mark for Excel, every formula neutralised, phone numbers included.
    let out = home.path().join("out");
    home.ok(&["export", "--dir", out.to_str().unwrap()]);
    let raw = std::fs::read_to_string(out.join("members.csv")).unwrap();
    assert!(raw.starts_with("\u{FEFF}ref,name,"), "{}", &raw[..40]);
    for cell in ["'+44 1234 567890", "'-1-1", "'@SUM(A1)", "\"'=HYPERLINK("] {
        assert!(raw.contains(cell), "{cell} in {raw}");
    }

    // The exported cells, imported into another council, are the text first typed.
    let mut reader = csv::Reader::from_reader(raw.trim_start_matches('\u{FEFF}').as_bytes());
    let header = reader.headers().unwrap().clone();
    let keep = [
        "name",
        "ward",
        "group",
        "joined_by",
        "term_start",
        "dpi_registered",
        "email",
        "phone",
    ];
    let mut again = csv::Writer::from_writer(Vec::new());
    again.write_record(keep).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        if ["Siân Hughes", "Rhys Bowen"].contains(&&record[1]) {
            let cells: Vec<&str> = keep
                .iter()
                .map(|k| &record[header.iter().position(|h| h == *k).unwrap()])
                .collect();
            again.write_record(cells).unwrap();
        }
    }
    let reimport = home.path().join("again.csv");
    std::fs::write(&reimport, again.into_inner().unwrap()).unwrap();
    let other = Home::with_demo();
    other.ok(&["import", "members", reimport.to_str().unwrap()]);
    let out2 = other.path().join("out");
    other.ok(&["export", "--dir", out2.to_str().unwrap()]);
    let dump: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out2.join("council.json")).unwrap()).unwrap();
    let member = |name: &str| {
        dump["members"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .unwrap_or_else(|| panic!("{name} imported"))
            .clone()
    };
    let sian = member("Siân Hughes");
    assert_eq!(sian["phone"], "+44 1234 567890");
    assert_eq!(sian["ward"], "=HYPERLINK(\"http://x.example\",\"Vale\")");
    let rhys = member("Rhys Bowen");
    assert_eq!(rhys["phone"], "-1-1");
    assert_eq!(rhys["ward"], "@SUM(A1)");
}

#[cfg(unix)]
#[test]
fn a_backup_is_never_written_through_a_link_or_into_a_store() {
    let home = Home::with_demo();
    let precious = home.path().join("precious.txt");
    std::fs::write(&precious, "keep me").unwrap();
    let link = home.path().join("ashcombe.clerkdesk-backup");
    std::os::unix::fs::symlink(&precious, &link).unwrap();
    let r = home.fails(1, &["backup", link.to_str().unwrap()]);
    assert!(r.stderr.contains("symbolic link"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "keep me");

    let store = home.demo_store();
    let r = home.fails(1, &["backup", store.to_str().unwrap()]);
    assert!(r.stderr.contains("store folder"), "{}", r.stderr);

    let fine = home.path().join("usb/ashcombe.clerkdesk-backup");
    std::fs::create_dir(home.path().join("usb")).unwrap();
    home.ok(&["backup", fine.to_str().unwrap()]);
    assert_eq!(mode(&fine), 0o600);
}

#[test]
fn closure_days_are_recorded_for_the_council_calendar_only() {
    let home = Home::with_demo();
    home.ok(&[
        "council",
        "closure-day",
        "--on",
        "2026-12-29",
        "--reason",
        "Office closed between Christmas and New Year",
    ]);
    let r = home.ok(&["council", "closure-day"]);
    assert!(r.stdout.contains("2026-12-29"), "{}", r.stdout);
    // Already a closure day; a Saturday; no reason: each refused, naming the field.
    let r = home.fails(
        2,
        &[
            "council",
            "closure-day",
            "--on",
            "2026-12-29",
            "--reason",
            "again",
        ],
    );
    assert!(r.stderr.contains("council calendar"), "{}", r.stderr);
    let r = home.fails(
        2,
        &[
            "council",
            "closure-day",
            "--on",
            "2027-01-02",
            "--reason",
            "x",
        ],
    );
    assert!(r.stderr.contains("on"), "{}", r.stderr);
    let r = home.fails(2, &["council", "closure-day", "--on", "2027-01-05"]);
    assert!(r.stderr.contains("reason"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn restore_refuses_a_pipe_or_device_instead_of_waiting_on_it() {
    let home = Home::with_demo();
    let fifo = home.path().join("backup.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for file in [fifo.as_path(), Path::new("/dev/zero")] {
        let r = home.fails(
            1,
            &["--council", "Restored", "restore", file.to_str().unwrap()],
        );
        assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
    }
    assert!(!home.path().join("councils/restored").exists());
}

#[test]
fn a_new_group_leader_keeps_the_old_one_in_the_history_and_one_member_cannot_hold_both_chairs() {
    let home = Home::with_demo();
    // R-M2: Rajesh Patel (M-005) takes over the Labour group from Siân ap Dafydd.
    home.ok(&[
        "members",
        "appoint",
        "M-005",
        "--office",
        "group leader",
        "--from",
        "2026-11-01",
    ]);
    let r = home.ok(&["council", "show"]);
    assert!(
        r.stdout
            .contains("led by Rajesh Patel (before: Siân ap Dafydd ?–2026-10-31)"),
        "{}",
        r.stdout
    );
    // R-M2: Margaret Hill (M-001) is the Chairman, so not also the Vice-Chairman.
    let r = home.fails(
        3,
        &[
            "members",
            "appoint",
            "M-001",
            "--office",
            "Vice-Chairman",
            "--from",
            "2026-11-20",
        ],
    );
    assert!(r.stderr.contains("R-M2"), "{}", r.stderr);
    assert!(r.stderr.contains("at once"), "{}", r.stderr);
}

#[test]
fn committee_chairs_are_recorded_with_their_committee() {
    // R-M2: a committee the council names has its chair and vice-chair, the history kept.
    let home = Home::with_demo();
    home.ok(&[
        "members",
        "appoint",
        "M-005",
        "--office",
        "Planning committee chair",
        "--from",
        "2026-05-20",
    ]);
    home.ok(&[
        "members",
        "appoint",
        "M-006",
        "--office",
        "vice-chair of the Planning Committee",
        "--from",
        "2026-05-20",
    ]);
    let r = home.ok(&["council", "show"]);
    assert!(
        r.stdout
            .contains("Chair of the Planning Committee: Rajesh Patel from 2026-05-20 to now"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("Vice-chair of the Planning Committee: Helen Baker from 2026-05-20 to now"),
        "{}",
        r.stdout
    );
    // Refused: the vice-chair as chair of the same committee too.
    let r = home.fails(
        3,
        &[
            "members",
            "appoint",
            "M-006",
            "--office",
            "Planning committee chair",
            "--from",
            "2026-11-01",
        ],
    );
    assert!(r.stderr.contains("R-M2"), "{}", r.stderr);
}
