//! sled's failure modes, and the change journal that makes them lose nothing: a leftover unfinished
//! snapshot file, byte flips at the start of the database file, a database file gone; a folder that
//! is not clerkdesk's; restore carrying on past a backup; compaction leaving no old copy.

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

use clerkdesk::store::{backup, folder, journal, Store, StoreError, Write};
use common::store_kit::{add, draft, filled, member};

fn ids(store: &Store) -> Vec<u32> {
    store.members().unwrap().iter().map(|m| m.id.0).collect()
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

fn quarantined(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir.join(folder::QUARANTINE)) else {
        return found;
    };
    for e in entries {
        for f in std::fs::read_dir(e.unwrap().path()).unwrap() {
            found.push(f.unwrap().path());
        }
    }
    found
}

#[test]
fn a_leftover_unfinished_snapshot_is_moved_aside_and_nothing_is_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    filled(&good, 5);
    // Empty, as an interrupted open leaves it; and partly written (sled#1527's CRC mismatch).
    let leftovers: [&[u8]; 2] = [b"", &[0x5a; 300]];
    for (i, bytes) in leftovers.into_iter().enumerate() {
        let dir = tmp.path().join(format!("leftover-{i}"));
        copy_dir(&good, &dir);
        let name = "snap.7FFFFFFFFFFFFFFF.generating";
        std::fs::write(dir.join(name), bytes).unwrap();
        let store = Store::open(&dir).unwrap_or_else(|e| panic!("leftover {i}: {e}"));
        assert_eq!(ids(&store), [1, 2, 3, 4, 5], "leftover {i}");
        assert!(store.council().unwrap().is_some());
        assert!(
            store.notices().iter().any(|n| n.contains("moved aside")),
            "leftover {i}: {:?}",
            store.notices()
        );
        assert!(!dir.join(name).exists());
        let kept = quarantined(&dir);
        assert!(
            kept.iter()
                .any(|p| p.file_name().unwrap() == name && std::fs::read(p).unwrap() == bytes),
            "leftover {i}: not kept: {kept:?}"
        );
    }
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn a_folder_holding_someone_elses_db_file_is_left_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(dir.join("db"), "my own database of birds").unwrap();
    let err = Store::open(&dir).unwrap_err();
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err:?}");
    assert!(err.to_string().contains("not a clerkdesk store"), "{err}");
    // Through the binary too.
    let out = Command::new(env!("CARGO_BIN_EXE_clerkdesk"))
        .args(["--store", dir.to_str().unwrap(), "members", "list"])
        .env("CLERKDESK_HOME", tmp.path().join("home"))
        .env_remove("CLERKDESK_STORE")
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a clerkdesk store"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("db")).unwrap(),
        "my own database of birds"
    );
    assert_eq!(mode(&dir), 0o755, "the folder's permissions were changed");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["db"], "something was written beside it");
}

#[test]
fn a_store_made_before_the_marker_is_adopted_with_its_records() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("old");
    filled(&dir, 3);
    // As a store was before the marker and the journal.
    std::fs::remove_file(dir.join(folder::MARKER)).unwrap();
    std::fs::remove_file(dir.join(journal::FILE)).unwrap();
    assert_eq!(folder::kind(&dir), folder::Kind::Unmarked);
    let store = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), [1, 2, 3]);
    assert_eq!(folder::kind(&dir), folder::Kind::Marked);
    let j = journal::read(&dir.join(journal::FILE)).unwrap().unwrap();
    assert!(j.complete());
    drop(store);
    // The journal it was given rebuilds it.
    std::fs::remove_file(dir.join("db")).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), [1, 2, 3]);
}

#[test]
fn byte_flips_in_the_first_bytes_of_db_lose_no_saved_change() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    filled(&good, 4);
    // Several sessions, so sled's log has more than its first segment (a flip in a one-segment log
    // is refused by sled itself).
    for session in 0..6 {
        let store = Store::open(&good).unwrap();
        for i in 0..100 {
            add(&store, 1000 + session * 100 + i);
        }
    }
    let before: Vec<u32> = ids(&Store::open(&good).unwrap());
    assert_eq!(before.len(), 604);
    for at in 0..20 {
        for flip in [0x01u8, 0x80, 0xff] {
            let dir = tmp.path().join(format!("flip-{at}-{flip}"));
            copy_dir(&good, &dir);
            let path = dir.join("db");
            let mut bytes = std::fs::read(&path).unwrap();
            bytes[at] ^= flip;
            std::fs::write(&path, bytes).unwrap();
            let store = match Store::open(&dir) {
                Ok(store) => store,
                // Refused loudly is allowed; quietly short is not.
                Err(e) => {
                    assert!(matches!(e, StoreError::Damaged { .. }), "byte {at}: {e:?}");
                    continue;
                }
            };
            assert_eq!(ids(&store), before, "byte {at} ^ {flip:#x}: first open");
            // Changes saved now are there at the next open, and the one after.
            add(&store, 5);
            add(&store, 6);
            drop(store);
            for round in 0..2 {
                let store = Store::open(&dir)
                    .unwrap_or_else(|e| panic!("byte {at} ^ {flip:#x}, reopen {round}: {e}"));
                let mut expected = before.clone();
                expected.extend([5, 6]);
                expected.sort();
                assert_eq!(
                    ids(&store),
                    expected,
                    "byte {at} ^ {flip:#x}, reopen {round}: saved changes lost"
                );
                assert_eq!(store.audit().unwrap().len(), 607);
            }
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[test]
fn a_lost_database_file_is_rebuilt_from_the_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("lost");
    filled(&dir, 3);
    std::fs::remove_file(dir.join("db")).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), [1, 2, 3]);
    assert_eq!(store.audit().unwrap().len(), 4);
    assert!(
        store
            .notices()
            .iter()
            .any(|n| n.contains("from the change journal")),
        "{:?}",
        store.notices()
    );
    // And it carries on: the audit trail numbers on from where it was.
    let next = store.commit(vec![], vec![draft("council")]).unwrap();
    assert_eq!(next[0].seq, 5);
}

#[test]
fn restore_replays_the_journal_past_the_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    filled(&dir, 2);
    // Reopened with a council in it: the day's automatic backup (a session makes it on opening).
    let store = Store::open(&dir).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let newest = backup::daily(&store, day)
        .unwrap()
        .expect("an automatic backup");
    assert_eq!(backup::newest(&dir), Some(newest.clone()));
    add(&store, 3);
    add(&store, 4);
    drop(store);
    let made = backup::read(&newest).unwrap();
    let j = backup::journal_beside(&newest).expect("the journal beside it");
    let target = tmp.path().join("restored");
    let (restored, replayed) = backup::restore_with_journal(&target, &made, Some(&j)).unwrap();
    assert_eq!(replayed, 2);
    assert_eq!(ids(&restored), [1, 2, 3, 4]);
    assert_eq!(restored.audit().unwrap().len(), 5);
    let next = restored.commit(vec![], vec![draft("council")]).unwrap();
    assert_eq!(next[0].seq, 6);
    drop(restored);
    let restored = Store::open(&target).unwrap();
    assert_eq!(ids(&restored), [1, 2, 3, 4]);
    assert!(restored.notices().is_empty(), "{:?}", restored.notices());
    // Without the journal, the backup alone.
    let (alone, replayed) =
        backup::restore_with_journal(&tmp.path().join("alone"), &made, None).unwrap();
    assert_eq!(replayed, 0);
    assert_eq!(ids(&alone), [1, 2]);
}

#[test]
fn compaction_leaves_no_old_copy_in_the_journal() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    filled(&dir, 1);
    let store = Store::open(&dir).unwrap();
    store
        .commit(
            vec![Write::put(&member(2, "Zebedee Formername"))],
            vec![draft("member M-002")],
        )
        .unwrap();
    store
        .commit(
            vec![Write::put(&member(2, "Ann Newname"))],
            vec![draft("member M-002")],
        )
        .unwrap();
    let path = dir.join(journal::FILE);
    let contains = |needle: &str| {
        std::fs::read(&path)
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
    };
    assert!(contains("Zebedee Formername"));
    store.compact_journal().unwrap();
    assert!(!contains("Zebedee Formername"));
    assert!(contains("Ann Newname"));
    add(&store, 3);
    drop(store);
    // The compacted journal still rebuilds the whole store.
    std::fs::remove_file(dir.join("db")).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), [1, 2, 3]);
    assert_eq!(store.members().unwrap()[1].name, "Ann Newname");
}

/// Runs clerkdesk, killing it (and failing) if it has not finished after a minute: a hang.
fn bounded(home: &Path, args: &[&str]) -> (i32, String, String) {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    // Into files, not pipes: a full pipe would stop the child as surely as a hang.
    let (out, err) = (home.join("stdout.txt"), home.join("stderr.txt"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_clerkdesk"))
        .args(args)
        .env("CLERKDESK_HOME", home)
        .env_remove("CLERKDESK_STORE")
        .stdout(Stdio::from(std::fs::File::create(&out).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err).unwrap()))
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("clerkdesk {args:?} was still running after a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().unwrap();
    (
        status.code().unwrap_or(-1),
        std::fs::read_to_string(out).unwrap(),
        std::fs::read_to_string(err).unwrap(),
    )
}

#[test]
fn a_damaged_blob_is_put_right_from_the_journal_without_hanging() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    filled(&good, 2);
    {
        // A value this large goes to a file of its own in `blobs/`.
        let store = Store::open(&good).unwrap();
        store
            .commit(
                vec![Write::put(&member(3, &"Long Name ".repeat(30_000)))],
                vec![draft("member M-003")],
            )
            .unwrap();
    }
    let blob = |dir: &Path| {
        std::fs::read_dir(dir.join("blobs"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .next()
            .expect("a blob")
    };
    blob(&good);
    for how in ["cut", "garbled", "removed"] {
        let dir = tmp.path().join(how);
        copy_dir(&good, &dir);
        let file = blob(&dir);
        let mut bytes = std::fs::read(&file).unwrap();
        match how {
            "cut" => bytes.truncate(1000),
            "garbled" => bytes[100] ^= 0xff,
            _ => {}
        }
        if how == "removed" {
            std::fs::remove_file(&file).unwrap();
        } else {
            std::fs::write(&file, bytes).unwrap();
        }
        let args = [
            "--store",
            dir.to_str().unwrap(),
            "members",
            "list",
            "--all",
            "--format",
            "csv",
        ];
        let (code, stdout, stderr) = bounded(tmp.path(), &args);
        assert_eq!(code, 0, "{how}: {stderr}");
        assert!(
            stdout.contains("Long Name Long Name"),
            "{how}: member 3 lost"
        );
        assert!(
            stderr.contains("change journal"),
            "{how}: not told: {stderr}"
        );
        let store = Store::open(&dir).unwrap();
        assert_eq!(ids(&store), [1, 2, 3], "{how}");
    }
}

/// A small tmpfs mounted for one test, unmounted when dropped.
#[cfg(target_os = "linux")]
struct Tmpfs(PathBuf);

#[cfg(target_os = "linux")]
impl Tmpfs {
    /// `None` where mounting is not permitted (not root, or in a container that forbids it).
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }

    /// Fills the disk with a file until it is full; returns the file.
    fn fill(&self) -> PathBuf {
        use std::io::Write as _;
        let path = self.0.join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while f.write_all(&chunk).is_ok() {}
        path
    }
}

#[cfg(target_os = "linux")]
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// A council with members 1 to 3 on a 40 MB disk of its own under `tmp`: the disk, the store's
/// folder, the store open, and its journal's length. `None` where no tmpfs can be mounted.
#[cfg(target_os = "linux")]
fn open_on_a_small_disk(tmp: &Path) -> Option<(Tmpfs, PathBuf, Store, u64)> {
    let Some(disk) = Tmpfs::mount(&tmp.join("disk"), "40m") else {
        eprintln!("skipped: a tmpfs cannot be mounted here");
        return None;
    };
    let dir = disk.0.join("council");
    filled(&dir, 3);
    let store = Store::open(&dir).unwrap();
    let journal_len = std::fs::metadata(dir.join(journal::FILE)).unwrap().len();
    Some((disk, dir, store, journal_len))
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let Some((disk, dir, store, journal_len)) = open_on_a_small_disk(tmp.path()) else {
        return;
    };
    let filler = disk.fill();
    // A commit on the full disk: refused, clearly, and not half written anywhere.
    let err = store
        .commit(
            vec![Write::put(&member(4, "Member 4"))],
            vec![draft("member M-004")],
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("is full") && msg.contains("nothing was saved"),
        "{msg}"
    );
    assert_eq!(
        std::fs::metadata(dir.join(journal::FILE)).unwrap().len(),
        journal_len
    );
    assert_eq!(ids(&store), [1, 2, 3]);
    drop(store);
    // Opening on the full disk: refused with the same message, in bounded time.
    let args = ["--store", dir.to_str().unwrap(), "members", "list"];
    let (code, _, stderr) = bounded(tmp.path(), &args);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("is full"), "{stderr}");
    // With room again, everything is as it was, and saving works.
    std::fs::remove_file(filler).unwrap();
    let store = Store::open(&dir).unwrap();
    assert_eq!(ids(&store), [1, 2, 3]);
    assert!(store.notices().is_empty(), "{:?}", store.notices());
    add(&store, 4);
    assert_eq!(ids(&store), [1, 2, 3, 4]);
}

/// The free space and the space needed in a refusal, in MB, as the message gives them.
fn free_and_needed(msg: &str) -> (u64, u64) {
    let number_before = |marker: &str| -> u64 {
        let head = &msg[..msg
            .find(marker)
            .unwrap_or_else(|| panic!("{marker:?} in {msg}"))];
        let digits: String = head
            .chars()
            .rev()
            .skip_while(|c| *c == ' ')
            .take_while(char::is_ascii_digit)
            .collect();
        digits.chars().rev().collect::<String>().parse().unwrap()
    };
    (number_before("MB free"), number_before("MB to save safely"))
}

/// A large streamed change (an import) that does not fit: refused with the disk's free space as
/// the clerk will find it (the journal's part undone) and what this change needed, more than
/// that; a refusal that said "11 MB free; needs 9 MB" told the clerk nothing to do. Found by an
/// import of 100,000 members onto a 40 MB disk.
#[cfg(target_os = "linux")]
#[test]
fn a_large_change_that_does_not_fit_says_how_much_room_it_needs() {
    use clerkdesk::store::MIN_FREE;
    let tmp = tempfile::tempdir().unwrap();
    let Some((disk, dir, store, journal_len)) = open_on_a_small_disk(tmp.path()) else {
        return;
    };
    // Room for the margin and a few MB more: the change (about 6 MB) is written to the journal,
    // and then there is no room for the database's copy.
    let filler = disk.fill();
    let full = std::fs::metadata(&filler).unwrap().len();
    let room = MIN_FREE + 9 * 1024 * 1024;
    std::fs::OpenOptions::new()
        .write(true)
        .open(&filler)
        .unwrap()
        .set_len(full - room)
        .unwrap();
    let long = "x".repeat(1000);
    let writes: Vec<Write> = (10..6010)
        .map(|id| Write::put(&member(id, &format!("Member {id} {long}"))))
        .collect();
    let events: Vec<_> = (10..6010)
        .map(|id| draft(&format!("member M-{id}")))
        .collect();
    let err = store.commit_many(writes, events).unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("nothing was saved"), "{msg}");
    let (free, needed) = free_and_needed(&msg);
    assert!(needed > free, "{msg}");
    assert!(
        free >= room / 1_000_000 && free <= room / 1_000_000 + 2,
        "the free space as it is now, the journal's part undone: {msg}"
    );
    assert_eq!(
        std::fs::metadata(dir.join(journal::FILE)).unwrap().len(),
        journal_len
    );
    assert_eq!(ids(&store), [1, 2, 3]);
}

#[test]
fn a_second_clerkdesk_moves_nothing_from_under_the_first() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("busy");
    filled(&dir, 1);
    let first = Store::open(&dir).unwrap();
    // As if the first one were writing a snapshot just now.
    let generating = dir.join("snap.7FFFFFFFFFFFFFFF.generating");
    std::fs::write(&generating, b"being written").unwrap();
    let journal_before = std::fs::read(dir.join(journal::FILE)).unwrap();
    let err = Store::open(&dir).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    assert!(generating.is_file(), "the first one's snapshot was moved");
    assert!(quarantined(&dir).is_empty());
    assert_eq!(
        std::fs::read(dir.join(journal::FILE)).unwrap(),
        journal_before
    );
    add(&first, 2);
    drop(first);
    std::fs::remove_file(&generating).unwrap();
    assert_eq!(ids(&Store::open(&dir).unwrap()), [1, 2]);
}
