//! `clerkdesk blackout …` and `clerkdesk publicity …` (R-P1 to R-P4), run as a real process against
//! a throwaway data folder, today fixed at 2026-11-22.

mod common;

use common::{Home, TODAY};

use std::path::Path;

impl Home {
    /// The demo plus a Mill End by-election on Thu 17 Dec 2026 whose notice went out on Thu 12 Nov,
    /// the latest lawful day: 2026-12-01 is inside its period. Returns the election's reference.
    fn with_by_election() -> (Home, String) {
        let home = Home::with_demo();
        let r = home.ok(&[
            "blackout",
            "add",
            "--kind",
            "by-election",
            "--wards",
            "Mill End",
            "--poll",
            "2026-12-17",
        ]);
        let reference = saved_ref(&r.stdout, "E-");
        home.ok(&[
            "blackout",
            "do",
            &reference,
            "publish-notice",
            "--on",
            "2026-11-12",
        ]);
        (home, reference)
    }
}

/// The reference in "Saved E-3 …" / "Saved P-4 …": the demo may already hold some records.
fn saved_ref(stdout: &str, prefix: &str) -> String {
    let rest = stdout
        .strip_prefix("Saved ")
        .unwrap_or_else(|| panic!("no 'Saved' line in {stdout:?}"));
    let reference = rest.split_whitespace().next().unwrap().to_string();
    assert!(reference.starts_with(prefix), "{stdout}");
    reference
}

const NAMED: &[u8] =
    b"Winter newsletter\n\nThe play area at Mill End is open again. Cllr Hill thanked the volunteers.\n";
const CLEAN: &[u8] = b"Please help keep the green space on Vale Road tidy.\n";

// ---- blackout dates: no store needed ----

#[test]
fn dates_give_the_latest_lawful_notice_without_any_store() {
    let home = Home::new();
    let r = home.ok(&["blackout", "dates", "--poll", "2026-05-07"]);
    assert!(
        r.stdout.contains("Latest notice (R-P1):   Mon 2026-03-30"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("2026-03-30 (computed: latest lawful date) to 2026-05-07"),
        "{}",
        r.stdout
    );
    // The days that did not count: Easter and the early May bank holiday.
    assert!(
        r.stdout.contains("Fri 2026-04-03 Good Friday"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("Mon 2026-05-04 bank holiday"),
        "{}",
        r.stdout
    );

    let r = home.ok(&["blackout", "dates", "--poll", "2024-05-02"]);
    assert!(r.stdout.contains("Tue 2024-03-26"), "{}", r.stdout);
    // Nothing was written: no council was needed.
    assert!(!home.path().join("councils").exists());
}

#[test]
fn dates_with_an_actual_notice_use_it_and_say_whether_it_was_in_time() {
    let home = Home::new();
    let r = home.ok(&[
        "blackout",
        "dates",
        "--poll",
        "2024-05-02",
        "--notice",
        "2024-03-20",
    ]);
    assert!(
        r.stdout
            .contains("2024-03-20 (notice of election) to 2024-05-02"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("computed"), "{}", r.stdout);

    // A day after the latest lawful date: shown, and refused by R-P1.
    let r = home.expect(
        3,
        &[
            "blackout",
            "dates",
            "--poll",
            "2026-05-07",
            "--notice",
            "2026-03-31",
        ],
    );
    assert!(r.stderr.contains("R-P1"), "{}", r.stderr);
    assert!(r.stderr.contains("2026-03-30"), "{}", r.stderr);
}

#[test]
fn a_bad_poll_or_a_notice_after_the_poll_is_bad_input() {
    let home = Home::new();
    for bad in ["2026-02-30", "next May"] {
        let r = home.expect(2, &["blackout", "dates", "--poll", bad]);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{}", r.stderr);
        assert!(lines[0].contains(bad), "{}", r.stderr);
        assert!(lines[0].contains("YYYY-MM-DD"), "{}", r.stderr);
        assert!(r.stdout.is_empty());
    }
    let r = home.expect(
        2,
        &[
            "blackout",
            "dates",
            "--poll",
            "2026-05-07",
            "--notice",
            "2026-05-08",
        ],
    );
    assert!(r.stderr.contains("not before the poll"), "{}", r.stderr);
}

// ---- elections ----

#[test]
fn elections_are_added_listed_and_stepped_through_the_session() {
    let home = Home::with_demo();
    home.ok(&["blackout", "status"]);
    let r = home.ok(&[
        "blackout",
        "add",
        "--kind",
        "by-election",
        "--wards",
        "Mill End",
        "--poll",
        "2026-12-17",
    ]);
    let e = saved_ref(&r.stdout, "E-");
    assert!(
        r.stdout
            .contains("2026-11-12 (computed: latest lawful date) to 2026-12-17"),
        "{}",
        r.stdout
    );

    // Today (22 Nov) is inside the computed period.
    let r = home.ok(&["blackout", "status"]);
    assert!(
        r.stdout.starts_with("In the pre-election period"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2026-12-17"), "{}", r.stdout);

    // 20 Nov is after the latest lawful date (12 Nov): refused by R-P1, nothing changes.
    let r = home.expect(
        3,
        &["blackout", "do", &e, "publish-notice", "--on", "2026-11-20"],
    );
    assert!(
        r.stderr
            .contains("R-P1 — Local Elections (Parishes and Communities) Rules 2006, timetable"),
        "{}",
        r.stderr
    );
    home.ok(&["blackout", "do", &e, "publish-notice", "--on", "2026-11-12"]);

    // The poll has not been held yet.
    let r = home.expect(3, &["blackout", "do", &e, "record-poll"]);
    assert!(r.stderr.contains("R-P1"), "{}", r.stderr);

    let r = home.ok(&["blackout", "list", "--format", "csv"]);
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with(&format!("{e},")))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(
        row.contains("by-election,Mill End,2026-12-17,2026-11-12,"),
        "{row}"
    );
    assert!(row.ends_with("notice published"), "{row}");

    let r = home.expect(2, &["blackout", "add", "--poll", "2026-02-30"]);
    assert!(r.stderr.contains("poll"), "{}", r.stderr);
    home.expect(2, &["blackout", "do", "E-99", "close"]);
}

#[test]
fn commands_on_elections_need_a_council() {
    let home = Home::new();
    home.expect(1, &["blackout", "list"]);
    home.expect(1, &["blackout", "status"]);
}

// ---- publicity check ----

#[test]
fn a_member_named_in_the_period_blocks_and_the_green_space_does_not() {
    let (home, _) = Home::with_by_election();
    let named = home.file("named.txt", NAMED);
    let named = named.to_str().unwrap();
    let r = home.expect(1, &["publicity", "check", named, "--date", "2026-12-01"]);
    let finding = r
        .stdout
        .lines()
        .find(|l| l.contains(" R-P2 "))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(finding.starts_with("3:42 R-P2 "), "{finding}");
    assert!(finding.contains("Cllr Hill"), "{finding}");
    assert!(r.stdout.contains("blocked"), "{}", r.stdout);

    // After every period (the demo's own by-election runs to 6 Jan 2027, its county election's from
    // mid-January to 20 Feb) the same text is fine.
    let r = home.ok(&["publicity", "check", named, "--date", "2027-03-01"]);
    assert!(
        r.stdout.contains("outside any pre-election period"),
        "{}",
        r.stdout
    );
    // A statutory notice about the election itself is exempt (R-P4).
    home.ok(&[
        "publicity",
        "check",
        named,
        "--date",
        "2026-12-01",
        "--statutory",
    ]);

    let clean = home.file("clean.txt", CLEAN);
    let r = home.ok(&[
        "publicity",
        "check",
        clean.to_str().unwrap(),
        "--date",
        "2026-12-01",
        "--channel",
        "newsletter",
    ]);
    assert!(!r.stdout.contains("R-P2"), "{}", r.stdout);
    assert!(r.stdout.contains("clear"), "{}", r.stdout);
}

#[test]
fn files_that_cannot_be_checked_are_named_with_the_problem() {
    let (home, _) = Home::with_by_election();
    let cases = [
        ("latin1.txt", Some(&b"Caf\xe9 opening\n"[..]), "not UTF-8"),
        ("empty.txt", Some(&b""[..]), "empty"),
        ("missing.txt", None, "no such file"),
    ];
    for (name, bytes, problem) in cases {
        let path = match bytes {
            Some(b) => home.file(name, b),
            None => home.path().join(name),
        };
        let r = home.expect(2, &["publicity", "check", path.to_str().unwrap()]);
        let lines: Vec<&str> = r.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{}", r.stderr);
        assert!(lines[0].contains(name), "{}", r.stderr);
        assert!(lines[0].contains(problem), "{}", r.stderr);
    }
    let clean = home.file("clean.txt", CLEAN);
    let r = home.expect(
        2,
        &[
            "publicity",
            "check",
            clean.to_str().unwrap(),
            "--channel",
            "carrier pigeon",
        ],
    );
    assert!(r.stderr.contains("carrier pigeon"), "{}", r.stderr);
}

#[test]
fn checking_needs_a_council_to_know_whose_names_to_look_for() {
    let home = Home::new();
    let clean = home.file("clean.txt", CLEAN);
    let r = home.expect(1, &["publicity", "check", clean.to_str().unwrap()]);
    assert!(r.stderr.contains("needs a council"), "{}", r.stderr);
    assert!(r.stderr.contains("whose names"), "{}", r.stderr);
}

// ---- publicity items ----

#[test]
fn a_blocked_item_cannot_be_approved_until_edited() {
    let (home, _) = Home::with_by_election();
    let named = home.file("named.txt", NAMED);
    let r = home.ok(&[
        "publicity",
        "add",
        "--title",
        "Winter newsletter",
        "--channel",
        "newsletter",
        "--planned",
        "2026-12-01",
        "--file",
        named.to_str().unwrap(),
    ]);
    let p = saved_ref(&r.stdout, "P-");

    let r = home.ok(&["publicity", "do", &p, "check"]);
    assert!(r.stdout.contains("3:42 R-P2 "), "{}", r.stdout);
    assert!(r.stdout.contains("now blocked"), "{}", r.stdout);

    let r = home.expect(3, &["publicity", "do", &p, "approve"]);
    // A Banbury council: the Publicity Code, never BOR's clause.
    assert!(
        r.stderr
            .contains("R-P2 — Code of Recommended Practice on Local Authority Publicity 2011"),
        "{}",
        r.stderr
    );

    let r = home.ok(&["publicity", "list", "--format", "csv"]);
    let row = r
        .stdout
        .lines()
        .find(|l| l.starts_with(&format!("{p},")))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(row.ends_with(",blocked,1 (1 blocking)"), "{row}");

    // Edited to a clean text, checked, approved and published.
    let clean = home.file("clean.txt", CLEAN);
    home.ok(&[
        "publicity",
        "do",
        &p,
        "edit",
        "--file",
        clean.to_str().unwrap(),
    ]);
    home.ok(&["publicity", "do", &p, "check"]);
    home.ok(&["publicity", "do", &p, "approve"]);
    home.ok(&["publicity", "do", &p, "publish"]);
    let r = home.expect(3, &["publicity", "do", &p, "edit", "--title", "Again"]);
    assert!(r.stderr.contains("published"), "{}", r.stderr);
}

#[test]
fn adding_an_item_from_a_bad_file_or_with_bad_fields_is_bad_input() {
    let home = Home::with_demo();
    let empty = home.file("empty.txt", b"  \n");
    home.expect(
        2,
        &[
            "publicity",
            "add",
            "--title",
            "T",
            "--channel",
            "newsletter",
            "--planned",
            "2026-12-01",
            "--file",
            empty.to_str().unwrap(),
        ],
    );
    let clean = home.file("clean.txt", CLEAN);
    let r = home.expect(
        2,
        &[
            "publicity",
            "add",
            "--title",
            "T",
            "--channel",
            "fax",
            "--planned",
            "2026-13-01",
            "--file",
            clean.to_str().unwrap(),
        ],
    );
    assert!(r.stderr.contains("channel"), "{}", r.stderr);
    assert!(r.stderr.contains("planned"), "{}", r.stderr);
}

#[test]
fn status_counts_down_to_a_coming_period() {
    let home = Home::with_demo();
    // The demo's Mill End by-election polls on 6 Jan 2027 (today+45), notice not yet published:
    // its latest lawful notice date is Thu 26 Nov 2026, 4 days from 22 Nov.
    let r = home.ok(&["blackout", "status"]);
    assert!(
        r.stdout.contains("starts in 4 days on 2026-11-26"),
        "{}",
        r.stdout
    );
    // The demo is a Banbury council: R-P1 is cited with the Code, never the borough's clause.
    assert!(
        r.stdout.contains("(R-P1 — Code of Recommended Practice"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("BOR"), "{}", r.stdout);
    // Another election further off shows its own computed start in the list: Thu 28 Jan 2027's
    // latest notice is Fri 18 Dec 2026.
    home.ok(&["blackout", "add", "--poll", "2027-01-28"]);
    let r = home.ok(&["blackout", "list"]);
    assert!(r.stdout.contains("2026-12-18"), "{}", r.stdout);
    assert!(
        r.stdout.contains("(computed: latest lawful date)"),
        "{}",
        r.stdout
    );
}

// ---- the demo's elections and publicity, replayed through the CLI ----

#[derive(serde::Deserialize)]
struct DemoBlackout {
    election: Vec<DemoRecord>,
    publicity: Vec<DemoRecord>,
}

/// One record of the demo file: its keys are `add`'s options without their dashes, its steps
/// `do`'s.
#[derive(serde::Deserialize)]
struct DemoRecord {
    #[serde(default)]
    step: Vec<DemoStep>,
    #[serde(flatten)]
    fields: std::collections::BTreeMap<String, String>,
}

impl DemoRecord {
    fn get(&self, key: &str) -> &str {
        self.fields.get(key).map(String::as_str).unwrap_or_default()
    }

    /// `what add --key value …`, demo dates resolved; the `file` field's text written to a file
    /// first, as the CLI reads it from one.
    fn add(&self, home: &Home, what: &str) -> String {
        let mut args: Vec<String> = vec![what.into(), "add".into()];
        for (k, v) in &self.fields {
            let value = if k == "file" {
                let file = home.file(&format!("demo-{}.txt", self.get("title")), v.as_bytes());
                file.to_str().unwrap().to_string()
            } else {
                demo_date(v)
            };
            args.extend([format!("--{k}"), value]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        home.ok(&args).stdout
    }
}

#[derive(serde::Deserialize)]
struct DemoStep {
    action: String,
    actor: String,
    #[serde(flatten)]
    fields: std::collections::BTreeMap<String, String>,
}

/// `today+N` / `today-N` against the tests' fixed today.
fn demo_date(raw: &str) -> String {
    let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap();
    let shifted = if let Some(n) = raw.strip_prefix("today+") {
        today + chrono::Days::new(n.parse().unwrap())
    } else if let Some(n) = raw.strip_prefix("today-") {
        today - chrono::Days::new(n.parse().unwrap())
    } else {
        return raw.to_string();
    };
    shifted.format("%Y-%m-%d").to_string()
}

fn replay_steps(home: &Home, what: &str, reference: &str, steps: &[DemoStep]) {
    for s in steps {
        assert!(!s.actor.is_empty());
        let mut args: Vec<String> =
            vec![what.into(), "do".into(), reference.into(), s.action.clone()];
        for (k, v) in &s.fields {
            args.push(format!("--{k}"));
            args.push(demo_date(v));
        }
        args.extend(["--as".to_string(), s.actor.clone()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        home.ok(&args);
    }
}

#[test]
fn the_demo_file_replays_through_the_cli_as_documented() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/blackout.toml"),
    )
    .unwrap();
    let demo: DemoBlackout = toml::from_str(&text).expect("blackout.toml parses");
    assert_eq!((demo.election.len(), demo.publicity.len()), (3, 3));

    let home = Home::with_demo();
    for e in &demo.election {
        let out = e.add(&home, "blackout");
        replay_steps(&home, "blackout", &saved_ref(&out, "E-"), &e.step);
    }
    // The by-election's notice is not out: the countdown shows.
    let r = home.ok(&["blackout", "status"]);
    assert!(
        r.stdout.contains("Mill End") && r.stdout.contains("starts in"),
        "{}",
        r.stdout
    );
    let r = home.ok(&["blackout", "list", "--format", "csv"]);
    assert!(r.stdout.contains(",2023-05-04,2023-03-27,"), "{}", r.stdout);
    assert!(r.stdout.contains(",closed\n"), "{}", r.stdout);

    let mut refs = Vec::new();
    for p in &demo.publicity {
        let reference = saved_ref(&p.add(&home, "publicity"), "P-");
        replay_steps(&home, "publicity", &reference, &p.step);
        refs.push(reference);
    }
    let state = |reference: &str| {
        let r = home.ok(&["publicity", "list", "--format", "csv"]);
        r.stdout
            .lines()
            .find(|l| l.starts_with(&format!("{reference},")))
            .unwrap()
            .to_string()
    };
    // The newsletter is a draft inside the period; checked, it blocks on "Cllr Hill" (R-P2).
    assert!(state(&refs[0]).contains(",draft,"), "{}", state(&refs[0]));
    let r = home.ok(&["publicity", "do", &refs[0], "check"]);
    assert!(
        r.stdout.contains("R-P2") && r.stdout.contains("Cllr Hill"),
        "{}",
        r.stdout
    );
    // The bin collections notice is clean and approved; the press release is blocked by R-P3.
    assert!(
        state(&refs[1]).contains(",approved,0"),
        "{}",
        state(&refs[1])
    );
    assert!(state(&refs[2]).contains(",blocked,"), "{}", state(&refs[2]));
    let r = home.expect(3, &["publicity", "do", &refs[2], "approve"]);
    assert!(
        r.stderr
            .contains("R-P3 — Code of Recommended Practice on Local Authority Publicity 2011"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_day_of_mourning_added_by_the_clerk_moves_the_latest_notice_date() {
    let home = Home::with_demo();
    // Poll Thu 17 Dec 2026: the 25th working day before is Thu 12 Nov.
    let r = home.ok(&["blackout", "dates", "--poll", "2026-12-17"]);
    assert!(r.stdout.contains("2026-11-12"), "{}", r.stdout);
    // A national day of mourning on Mon 30 Nov no longer counts: the latest notice moves to 11 Nov.
    home.ok(&[
        "blackout",
        "day-off",
        "--on",
        "2026-11-30",
        "--reason",
        "National day of mourning",
    ]);
    let r = home.ok(&["blackout", "dates", "--poll", "2026-12-17"]);
    assert!(r.stdout.contains("2026-11-11"), "{}", r.stdout);
    let r = home.ok(&["blackout", "days-off"]);
    assert!(
        r.stdout.contains("2026-11-30  National day of mourning"),
        "{}",
        r.stdout
    );
    // A day that already does not count, or no reason: refused, nothing saved.
    home.expect(
        2,
        &[
            "blackout",
            "day-off",
            "--on",
            "2026-11-28",
            "--reason",
            "a Saturday",
        ],
    );
    home.expect(
        2,
        &["blackout", "day-off", "--on", "2026-12-02", "--reason", " "],
    );
    let r = home.ok(&["blackout", "days-off"]);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
}

// ---- R-P5: every election that covers the parish ----

/// A county election round trip: added with its kind, name and wards, listed, shown, edited; the
/// status names it; a text naming a member is blocked inside its period (naming it) and clear
/// outside every period.
#[test]
fn a_county_election_round_trips_and_its_period_blocks_a_named_member() {
    // The demo (Cllr Hill is its member); its own periods end by late February 2027.
    let home = Home::with_demo();
    // Thu 6 May 2027; no notice yet: the computed latest date, 25 working days before (the early
    // May bank holiday skipped): Wed 31 Mar 2027.
    let r = home.ok(&[
        "blackout",
        "add",
        "--kind",
        "county",
        "--name",
        "Northshire County Council",
        "--wards",
        "North, South",
        "--poll",
        "2027-05-06",
    ]);
    let reference = saved_ref(&r.stdout, "E-");
    assert!(
        r.stdout
            .contains("county election (Northshire County Council) (North, South)"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("2027-03-31 (computed"), "{}", r.stdout);

    let r = home.ok(&["blackout", "list", "--format", "csv"]);
    assert!(
        r.stdout
            .contains("county election (Northshire County Council),\"North, South\",2027-05-06,"),
        "{}",
        r.stdout
    );
    let r = home.ok(&["blackout", "show", &reference]);
    assert!(
        r.stdout.contains("Northshire County Council"),
        "{}",
        r.stdout
    );

    let named = home.file("named.txt", NAMED);
    let named = named.to_str().unwrap();
    let r = home.expect(1, &["publicity", "check", named, "--date", "2027-04-15"]);
    let finding = r
        .stdout
        .lines()
        .find(|l| l.contains(" R-P2 "))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(
        finding.contains("pre-election period of the county election (Northshire County Council)"),
        "{finding}"
    );
    assert!(r.stdout.contains("R-P5"), "{}", r.stdout);
    let r = home.ok(&["publicity", "check", named, "--date", "2027-03-10"]);
    assert!(
        r.stdout.contains("outside any pre-election period") && !r.stdout.contains("R-P2"),
        "{}",
        r.stdout
    );

    // Edited to a district election covering every ward: the kind and name change, the rest stays.
    home.ok(&[
        "blackout",
        "do",
        &reference,
        "edit",
        "--kind",
        "district",
        "--wards",
        "",
        "--name",
        "Vale District Council",
    ]);
    let r = home.ok(&["blackout", "list", "--format", "csv"]);
    assert!(
        r.stdout
            .contains("district election (Vale District Council),whole parish,2027-05-06,"),
        "{}",
        r.stdout
    );
}

/// R-P5: a UK Parliament election or a referendum has no computed notice date: refused without
/// the date the clerk has, accepted with it.
#[test]
fn a_uk_parliament_election_needs_its_notice_date() {
    let home = Home::with_demo();
    let r = home.expect(
        3,
        &[
            "blackout",
            "add",
            "--kind",
            "parliament",
            "--poll",
            "2027-01-14",
        ],
    );
    assert!(r.stderr.contains("R-P5"), "{}", r.stderr);
    assert!(r.stderr.contains("--notice"), "{}", r.stderr);
    let r = home.expect(
        3,
        &[
            "blackout",
            "add",
            "--kind",
            "neighbourhood planning",
            "--poll",
            "2027-01-14",
        ],
    );
    assert!(r.stderr.contains("R-P5"), "{}", r.stderr);

    let r = home.ok(&[
        "blackout",
        "add",
        "--kind",
        "parliament",
        "--poll",
        "2027-01-14",
        "--notice",
        "2026-12-09",
    ]);
    assert!(r.stdout.contains("UK Parliament election"), "{}", r.stdout);
    assert!(
        r.stdout.contains("2026-12-09 to 2027-01-14"),
        "{}",
        r.stdout
    );
}
