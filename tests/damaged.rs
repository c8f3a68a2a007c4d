//! Damaged stores: a truncated, garbled or missing database file is rebuilt from the change journal
//! beside it, saying so, with nothing lost; without its journal, it gives one clear message naming
//! the problem and the newest automatic backup (its path), with a non-zero exit from the real
//! binary. Never a panic, never a council that silently comes up empty or short.

use std::path::{Path, PathBuf};
use std::process::Command;

use clerkdesk::store::backup;

const TODAY: &str = "2026-11-22";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn clerkdesk(home: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_clerkdesk"))
        .args(args)
        .env("CLERKDESK_HOME", home)
        .env("CLERKDESK_TODAY", TODAY)
        .env_remove("CLERKDESK_STORE")
        .env_remove("CLERKDESK_ACTOR")
        .output()
        .expect("clerkdesk runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn list(home: &Path, store: &Path) -> Run {
    clerkdesk(
        home,
        &[
            "--store",
            store.to_str().unwrap(),
            "members",
            "list",
            "--all",
            "--format",
            "csv",
        ],
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A demo council, opened once more so that it has its automatic backup; and its member listing.
fn healthy(home: &Path) -> (PathBuf, String) {
    let store = home.join("healthy");
    let r = clerkdesk(home, &["--store", store.to_str().unwrap(), "demo"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = list(home, &store);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.lines().count() > 5, "{}", r.stdout);
    assert!(backup::newest(&store).is_some(), "no automatic backup");
    (store, r.stdout)
}

/// Where the written part of the database file ends (sled preallocates its log in zeros).
fn used(db: &[u8]) -> usize {
    db.iter().rposition(|b| *b != 0).map_or(0, |i| i + 1)
}

/// Damage that reaches the records: it must be reported.
const DAMAGING: &[&str] = &[
    "emptied",
    "removed",
    "cut to 8 bytes",
    "cut at a quarter",
    "cut in half",
    "garbled after 16 bytes",
    "garbled at the start",
    "garbled at 30%",
    "one byte flipped at 60%",
];

/// Damage that may miss the records (the unused tail of the log): reported, or the council whole.
const MAYBE_HARMLESS: &[&str] = &[
    "cut just after the written part",
    "garbled in the unused tail",
    "cut 10 bytes short",
];

/// Damages the database file; `None` removes it.
fn damage(how: &str, mut db: Vec<u8>) -> Option<Vec<u8>> {
    let used = used(&db);
    match how {
        "emptied" => db.clear(),
        "removed" => return None,
        "cut to 8 bytes" => db.truncate(8),
        "cut at a quarter" => db.truncate(used / 4),
        "cut in half" => db.truncate(used / 2),
        "garbled after 16 bytes" => db.iter_mut().skip(16).for_each(|b| *b ^= 0x5a),
        "garbled at the start" => db.iter_mut().take(64).for_each(|b| *b = 0xff),
        "garbled at 30%" => {
            let at = used * 3 / 10;
            db[at..at + 64].iter_mut().for_each(|b| *b ^= 0x5a);
        }
        "one byte flipped at 60%" => db[used * 6 / 10] ^= 0x01,
        "cut just after the written part" => db.truncate(used + 1),
        "garbled in the unused tail" => {
            let at = (used + db.len()) / 2;
            db[at..at + 4096].iter_mut().for_each(|b| *b = !*b);
        }
        "cut 10 bytes short" => db.truncate(used - 10),
        other => panic!("no damage called {other}"),
    }
    Some(db)
}

fn damaged_copy(good: &Path, at: &Path, how: &str) {
    copy_dir(good, at);
    // Without its change journal, which would put it right (see below).
    std::fs::remove_file(at.join("journal")).unwrap();
    damage_db(at, how);
}

fn damage_db(at: &Path, how: &str) {
    let db = std::fs::read(at.join("db")).unwrap();
    match damage(how, db) {
        Some(bytes) => std::fs::write(at.join("db"), bytes).unwrap(),
        None => std::fs::remove_file(at.join("db")).unwrap(),
    }
}

/// The one-line message of a refused open, checked.
fn assert_reported(how: &str, store: &Path, r: &Run) {
    assert_ne!(r.code, 0, "{how}: exit 0 from a damaged store");
    assert!(!r.stderr.contains("panicked"), "{how}: {}", r.stderr);
    assert!(r.stdout.is_empty(), "{how}: listed something: {}", r.stdout);
    let message = r.stderr.trim_end();
    assert_eq!(message.lines().count(), 1, "{how}: not one line: {message}");
    assert!(
        message.contains(&format!("the store at {} is damaged (", store.display())),
        "{how}: {message}"
    );
    let newest = backup::newest(store).expect("the copy has its backups");
    assert!(
        message.contains(&newest.display().to_string()),
        "{how}: the newest backup is not named: {message}"
    );
    assert!(message.contains("restore"), "{how}: {message}");
}

#[test]
fn a_damaged_store_says_so_and_names_the_newest_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let (good, listing) = healthy(tmp.path());
    for (i, how) in DAMAGING.iter().enumerate() {
        let store = tmp.path().join(format!("damaged-{i}"));
        damaged_copy(&good, &store, how);
        let r = list(tmp.path(), &store);
        assert_reported(how, &store, &r);
        // The TUI and every other command open the store the same way; one more to be sure.
        let r = clerkdesk(tmp.path(), &["--store", store.to_str().unwrap(), "audit"]);
        assert_reported(how, &store, &r);
    }
    for (i, how) in MAYBE_HARMLESS.iter().enumerate() {
        let store = tmp.path().join(format!("maybe-{i}"));
        damaged_copy(&good, &store, how);
        let r = list(tmp.path(), &store);
        if r.code == 0 {
            assert_eq!(r.stdout, listing, "{how}: the council came up different");
        } else {
            assert_reported(how, &store, &r);
        }
    }
}

#[test]
fn a_damaged_database_is_rebuilt_from_its_journal_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let (good, listing) = healthy(tmp.path());
    for (i, how) in DAMAGING.iter().chain(MAYBE_HARMLESS).enumerate() {
        let store = tmp.path().join(format!("journaled-{i}"));
        copy_dir(&good, &store);
        damage_db(&store, how);
        let r = list(tmp.path(), &store);
        assert_eq!(r.code, 0, "{how}: {}", r.stderr);
        assert_eq!(r.stdout, listing, "{how}: the council came up different");
        assert!(!r.stderr.contains("panicked"), "{how}: {}", r.stderr);
        if DAMAGING.contains(how) {
            assert!(
                r.stderr.contains("rebuilt from the change journal")
                    || r.stderr
                        .contains("from the change journal that the database had not kept"),
                "{how}: the clerk is not told: {}",
                r.stderr
            );
        }
        // Said once, when it was put right; then the store opens quietly.
        let r = list(tmp.path(), &store);
        assert_eq!(r.code, 0, "{how}: {}", r.stderr);
        assert_eq!(r.stdout, listing, "{how}: the second open");
        assert_eq!(r.stderr, "", "{how}: the second open");
    }
    // What was damaged is kept aside, not deleted.
    let store = tmp.path().join("journaled-0");
    let kept: Vec<_> = std::fs::read_dir(store.join("quarantine"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!kept.is_empty());
}

#[test]
fn the_named_backup_restores_the_council() {
    let tmp = tempfile::tempdir().unwrap();
    let (good, listing) = healthy(tmp.path());
    let store = tmp.path().join("damaged");
    damaged_copy(&good, &store, "cut in half");
    let r = list(tmp.path(), &store);
    assert_reported("cut in half", &store, &r);
    // Do what the message says.
    let newest = backup::newest(&store).unwrap();
    let r = clerkdesk(
        tmp.path(),
        &[
            "--council",
            "Ashcombe restored",
            "restore",
            newest.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let restored = tmp.path().join("councils/ashcombe-restored");
    assert_eq!(list(tmp.path(), &restored).stdout, listing);
}

#[test]
fn a_garbled_record_is_damaged_and_is_not_backed_up_over_good_backups() {
    let tmp = tempfile::tempdir().unwrap();
    let (good, _) = healthy(tmp.path());
    let before = backup::list(&good);
    // Yesterday's backup only, so the next open would make today's.
    let (day, path) = before.last().unwrap().clone();
    let yesterday = path.with_file_name(
        path.file_name()
            .unwrap()
            .to_string_lossy()
            .replace(&day.format("%Y-%m-%d").to_string(), "2000-01-01"),
    );
    std::fs::rename(&path, &yesterday).unwrap();
    // Garbled behind clerkdesk's back, with no change journal to put it right.
    std::fs::remove_file(good.join("journal")).unwrap();
    {
        let db = sled::Config::new().path(&good).open().unwrap();
        db.open_tree("members")
            .unwrap()
            .insert(1u32.to_be_bytes(), &b"CLDK\0\0\0\x01garbage"[..])
            .unwrap();
        db.flush().unwrap();
    }
    let r = list(tmp.path(), &good);
    assert_ne!(r.code, 0);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(r.stderr.contains("tree members, key 1"), "{}", r.stderr);
    assert!(
        r.stderr.contains(&yesterday.display().to_string()),
        "{}",
        r.stderr
    );
    // No backup of the damaged store was made.
    assert_eq!(
        backup::list(&good)
            .into_iter()
            .map(|(_, p)| p)
            .collect::<Vec<_>>(),
        vec![yesterday]
    );
}
