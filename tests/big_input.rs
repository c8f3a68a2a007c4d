//! Big input: a 1 MB case summary, 10,000 members in one CSV import (and one bad line among them),
//! a 500-character name. Each is refused clearly, naming the limit or the line, with nothing
//! half-written, or accepted whole.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;

use clerkdesk::domain::grievance::{CaseInput, Channel, PersonRef};
use clerkdesk::domain::text::{MAX_NAME_CHARS, MAX_NOTE_CHARS};
use clerkdesk::session::Session;

const TODAY: &str = "2026-11-22";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn clerkdesk(home: &Path, store: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_clerkdesk"))
        .arg("--store")
        .arg(store)
        .args(args)
        .env("CLERKDESK_HOME", home)
        .env("CLERKDESK_TODAY", TODAY)
        .env_remove("CLERKDESK_STORE")
        .output()
        .unwrap()
}

fn demo_store(home: &Path) -> PathBuf {
    let dir = home.join("councils").join("demo");
    let mut s = Session::open(&dir, today(), "Clerk").unwrap();
    s.load_demo().unwrap();
    dir
}

fn counts(dir: &Path) -> (usize, usize, usize) {
    let s = Session::open(dir, today(), "Clerk").unwrap();
    (s.members.len(), s.cases.len(), s.audit().unwrap().len())
}

#[test]
fn a_one_megabyte_summary_is_refused_with_the_limit_and_nothing_written() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let before = counts(&dir);
    let mut s = Session::open(&dir, today(), "Clerk").unwrap();
    let raised_by = PersonRef::Officer(s.officers[1].id);
    let about = PersonRef::Member(s.members[0].id);
    let proposal = s.triage(&raised_by, &about, Channel::Letter).unwrap();
    let summary = "Pages of complaint. ".repeat(1 << 20 >> 4);
    assert!(summary.len() >= 1 << 20);
    let input = CaseInput {
        raised_by,
        about,
        channel: Channel::Letter,
        raised_on: TODAY.into(),
        summary: summary.clone(),
        confidential: true,
    };
    let err = s
        .open_case(&input, &proposal, proposal.path, "")
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains("summary"), "{message}");
    assert!(
        message.contains(&MAX_NOTE_CHARS.to_string()),
        "the limit is named: {message}"
    );
    assert!(
        message.contains(&summary.trim_end().chars().count().to_string()),
        "the length is named: {message}"
    );
    assert!(message.len() < 300, "one short line, not the text back");
    assert_eq!(s.cases.len(), before.1, "nothing added in memory");
    drop(s);
    assert_eq!(counts(&dir), before, "nothing written to the store");
}

/// Short rows: `import::read` counts newlines from the top of the file for every row (quadratic in
/// the file's size, see docs/PERFORMANCE.md), so the file is kept small to stay quick in debug builds.
fn member_csv(rows: usize, bad_row: Option<usize>) -> String {
    let mut csv = String::with_capacity(rows * 24);
    csv.push_str("name,ward,term_start\n");
    for i in 0..rows {
        let start = if Some(i) == bad_row {
            "31/02/2026"
        } else {
            "2026-05-07"
        };
        csv.push_str(&format!("M{i:05},W{w},{start}\n", w = i % 9));
    }
    csv
}

#[test]
fn ten_thousand_members_import_in_one_go() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let (members, cases, audit) = counts(&dir);
    let file = home.path().join("members.csv");
    std::fs::write(&file, member_csv(10_000, None)).unwrap();
    let out = clerkdesk(
        home.path(),
        &dir,
        &["import", "members", file.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Imported 10000 members"), "{stdout}");
    let after = counts(&dir);
    assert_eq!(after.0, members + 10_000);
    assert_eq!(after.1, cases);
    assert_eq!(after.2, audit + 10_000, "one audit event per member");
    let s = Session::open(&dir, today(), "Clerk").unwrap();
    assert!(s.members.iter().any(|m| m.name == "M09999"));
}

#[test]
fn one_bad_line_among_ten_thousand_adds_nothing_and_is_named() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let before = counts(&dir);
    let file = home.path().join("members.csv");
    // Row 5,000 (0-based) is line 5,002 of the file: the header is line 1.
    std::fs::write(&file, member_csv(10_000, Some(5_000))).unwrap();
    let out = clerkdesk(
        home.path(),
        &dir,
        &["import", "members", file.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "only the bad line is reported:\n{stderr}");
    assert!(
        lines[0].contains("members.csv:5002:") && lines[0].contains("term start"),
        "{stderr}"
    );
    assert_eq!(counts(&dir), before, "all or nothing");
}

#[test]
fn a_five_hundred_character_name_is_refused_naming_the_limit() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let before = counts(&dir);
    let name = "Angharad "
        .repeat(56)
        .trim_end()
        .chars()
        .take(500)
        .collect::<String>();
    assert_eq!(name.chars().count(), 500);
    let out = clerkdesk(
        home.path(),
        &dir,
        &[
            "members",
            "add",
            "--name",
            &name,
            "--ward",
            "North",
            "--term-start",
            "2026-05-07",
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("name"), "{stderr}");
    assert!(stderr.contains("500"), "the length: {stderr}");
    assert!(
        stderr.contains(&MAX_NAME_CHARS.to_string()),
        "the limit: {stderr}"
    );
    assert!(!stderr.contains(&name), "the name is not echoed back whole");

    // The same name in an import names its line and the limit.
    let file = home.path().join("one.csv");
    std::fs::write(
        &file,
        format!("name,ward,term_start\n{name},North,2026-05-07\n"),
    )
    .unwrap();
    let out = clerkdesk(
        home.path(),
        &dir,
        &["import", "members", file.to_str().unwrap()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("one.csv:2:") && stderr.contains(&MAX_NAME_CHARS.to_string()),
        "{stderr}"
    );
    assert_eq!(counts(&dir), before);
}
