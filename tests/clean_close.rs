//! The clean-close mark (store/clean.rs): a store closed cleanly and untouched since opens by
//! checking the journal's tail only; every other store (killed mid-session, its database or journal
//! touched, a stale or copied mark) gets the full comparison with its journal, and loses nothing.

use std::io::{BufRead, BufReader, Seek, SeekFrom, Write as _};
use std::path::Path;
use std::process::{Command, Stdio};

mod common;

use clerkdesk::store::{clean, journal, Store, StoreError, Verified, Write};
use common::store_kit::{add, draft, filled, member};

const CHILD_DIR: &str = "CLERKDESK_TEST_CLEAN_CHILD_DIR";

fn ids(store: &Store) -> Vec<u32> {
    store.members().unwrap().iter().map(|m| m.id.0).collect()
}

#[test]
fn a_store_closed_cleanly_opens_on_its_tail_and_keeps_every_change() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    filled(&dir, 3);
    assert!(dir.join(clean::FILE).is_file(), "closing leaves the mark");
    for round in 0..3u32 {
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.verified(), Verified::Tail, "round {round}");
        assert!(
            !dir.join(clean::FILE).exists(),
            "round {round}: opening takes the mark away"
        );
        assert!(store.notices().is_empty(), "{:?}", store.notices());
        assert_eq!(ids(&store), (1..=3 + round).collect::<Vec<_>>());
        // The journal carries on from where the mark said it ended.
        add(&store, 4 + round);
        assert_eq!(store.audit().unwrap().len() as u32, 5 + round);
    }
    // And the journal alone still rebuilds it all.
    std::fs::remove_file(dir.join("db")).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.verified(), Verified::Whole);
    assert_eq!(ids(&store), [1, 2, 3, 4, 5, 6]);
}

#[test]
fn a_journal_grown_far_past_its_snapshot_is_compacted_on_a_clean_open_too() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    filled(&dir, 1);
    {
        let store = Store::open(&dir).unwrap();
        // Over 8 MB of changes to one member: far more than the snapshot they leave.
        for round in 0..40u32 {
            let mut m = member(2, "Member 2");
            m.name = format!("{round} ").repeat(100_000);
            store
                .commit(vec![Write::put(&m)], vec![draft("member M-002")])
                .unwrap();
        }
    }
    let path = dir.join(journal::FILE);
    let grown = std::fs::metadata(&path).unwrap().len();
    assert!(grown > 8 * 1024 * 1024, "{grown}");
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.verified(), Verified::Tail);
    let compacted = std::fs::metadata(&path).unwrap().len();
    assert!(compacted < grown / 4, "{grown} -> {compacted}");
    assert_eq!(ids(&store), [1, 2]);
    add(&store, 3);
    drop(store);
    // The compacted journal still rebuilds everything.
    std::fs::remove_file(dir.join("db")).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), [1, 2, 3]);
    assert!(store.members().unwrap()[1].name.starts_with("39 39 "));
}

#[test]
fn a_stale_mark_is_not_trusted_once_the_journal_has_moved_on() {
    // As if the mark's removal at open had not reached the disk before a crash.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    filled(&dir, 2);
    let old_mark = std::fs::read(dir.join(clean::FILE)).unwrap();
    let store = Store::open(&dir).unwrap();
    add(&store, 3);
    drop(store);
    std::fs::write(dir.join(clean::FILE), &old_mark).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.verified(), Verified::Whole);
    assert_eq!(ids(&store), [1, 2, 3]);
}

#[test]
fn a_copied_store_is_checked_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    filled(&dir, 2);
    let copy = tmp.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    let store = Store::open(&copy).unwrap();
    assert_eq!(store.verified(), Verified::Whole);
    assert_eq!(ids(&store), [1, 2]);
}

/// Flips one byte of `path` in place, then sets its modified time back.
fn tamper(path: &Path, at: u64) {
    let modified = std::fs::metadata(path).unwrap().modified().unwrap();
    let mut f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .unwrap();
    let mut byte = [0u8; 1];
    f.seek(SeekFrom::Start(at)).unwrap();
    std::io::Read::read_exact(&mut f, &mut byte).unwrap();
    byte[0] ^= 0x5a;
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(&byte).unwrap();
    f.set_modified(modified).unwrap();
}

#[test]
fn a_clean_mark_does_not_vouch_for_a_database_touched_since() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    filled(&good, 4);
    let len = std::fs::metadata(good.join("db")).unwrap().len();
    for at in [0, 7, 15, len / 3, len / 2, len - 1] {
        let dir = tmp.path().join(format!("flip-{at}"));
        // Copy, close cleanly there (a mark for this folder's own files), then touch the database
        // in place with its modified time set back.
        std::fs::create_dir(&dir).unwrap();
        for entry in std::fs::read_dir(&good).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_file() {
                std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
            }
        }
        drop(Store::open(&dir).unwrap());
        assert!(dir.join(clean::FILE).is_file());
        tamper(&dir.join("db"), at);
        match Store::open(&dir) {
            Ok(store) => {
                assert_eq!(store.verified(), Verified::Whole, "byte {at}");
                assert_eq!(ids(&store), [1, 2, 3, 4], "byte {at}: quietly short");
            }
            // Refused loudly is allowed; quietly short is not.
            Err(e) => assert!(matches!(e, StoreError::Damaged { .. }), "byte {at}: {e}"),
        }
    }
}

#[test]
fn a_clean_mark_does_not_vouch_for_a_blob_damaged_since() {
    let tmp = tempfile::tempdir().unwrap();
    for how in ["garbled", "removed"] {
        let dir = tmp.path().join(how);
        filled(&dir, 2);
        {
            // A value this large goes to a file of its own in `blobs/`.
            let store = Store::open(&dir).unwrap();
            let mut long = member(3, "Member 3");
            long.name = "Long Name ".repeat(30_000);
            store
                .commit(vec![Write::put(&long)], vec![draft("member M-003")])
                .unwrap();
        }
        assert!(dir.join(clean::FILE).is_file());
        let blob = std::fs::read_dir(dir.join("blobs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .next()
            .expect("a blob");
        if how == "removed" {
            std::fs::remove_file(&blob).unwrap();
        } else {
            tamper(&blob, 100);
        }
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.verified(), Verified::Whole, "{how}");
        let members = store.members().unwrap();
        assert_eq!(members.len(), 3, "{how}");
        assert!(members[2].name.starts_with("Long Name Long Name"), "{how}");
        assert!(
            store.notices().iter().any(|n| n.contains("change journal")),
            "{how}: not told: {:?}",
            store.notices()
        );
    }
}

#[test]
fn a_clean_mark_does_not_vouch_for_a_journal_touched_since() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    filled(&dir, 3);
    let path = dir.join(journal::FILE);
    let len = std::fs::metadata(&path).unwrap().len();
    tamper(&path, len - 2);
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.verified(), Verified::Whole);
    assert_eq!(ids(&store), [1, 2, 3]);
    add(&store, 4);
    drop(store);
    let store = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), [1, 2, 3, 4]);
}

#[test]
fn a_garbled_mark_is_not_trusted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    filled(&dir, 2);
    let mark = dir.join(clean::FILE);
    let mut bytes = std::fs::read(&mark).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&mark, bytes).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(store.verified(), Verified::Whole);
    assert_eq!(ids(&store), [1, 2]);
}

/// Killed after the journal append but before sled flushed: the open after it has no mark to
/// trust, checks the whole journal, and brings the database up to date.
#[cfg(unix)]
#[test]
fn killed_after_the_journal_append_before_sleds_flush_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    filled(&dir, 2);
    for round in 0..3u32 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "clean_child", "--ignored", "--nocapture"])
            .env(CHILD_DIR, &dir)
            .env("CLERKDESK_TEST_CLEAN_CHILD_ID", (10 + round).to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let saved = lines.any(|l| l.is_ok_and(|l| l.starts_with("SAVED")));
        assert!(saved, "round {round}: the child said it saved");
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(
            !dir.join(clean::FILE).exists(),
            "round {round}: a killed session leaves no mark"
        );
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.verified(), Verified::Whole, "round {round}");
        let mut expected: Vec<u32> = vec![1, 2];
        expected.extend(10..=10 + round);
        assert_eq!(ids(&store), expected, "round {round}: a saved change lost");
        assert_eq!(store.audit().unwrap().len(), 3 + 1 + round as usize);
    }
}

/// Run by `killed_after_the_journal_append_before_sleds_flush_loses_nothing` in a separate
/// process and killed there; does nothing on its own. Commits one member (journal appended and
/// synced, the database not flushed), says so, and waits to be killed.
#[test]
#[ignore]
fn clean_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let id: u32 = std::env::var("CLERKDESK_TEST_CLEAN_CHILD_ID")
        .unwrap()
        .parse()
        .unwrap();
    let store = Store::open(Path::new(&dir)).unwrap();
    add(&store, id);
    println!("SAVED {id}");
    std::io::stdout().flush().unwrap();
    loop {
        std::thread::sleep(std::time::Duration::from_secs(1));
    }
}
