//! Issue 12, "nothing lost even when sled fails": a store whose database is damaged and whose change
//! journal cannot rebuild it alone comes back from the newest automatic backup plus the journal's
//! changes after it; and `export` and `backup` still work when the database cannot be opened at all
//! (a read-only disk, files sled cannot read), reading the council from backup and journal and
//! writing nothing into the store folder.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use clerkdesk::store::backup;
use common::Home;

/// The newest member, added after the automatic backup: the last acknowledged write.
const LAST: &str = "Perpetua Quennell";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The demo council, opened once more so that it has its automatic backup, then one member added
/// after that backup. Returns the member listing (with the new member in it).
fn demo_with_a_change_after_its_backup(home: &Home) -> String {
    home.ok(&["members", "list"]);
    assert!(backup::newest(&home.demo_store()).is_some(), "no backup");
    home.ok(&[
        "members",
        "add",
        "--name",
        LAST,
        "--ward",
        "North",
        "--term-start",
        "2026-05-07",
    ]);
    let listing = list(home).stdout;
    assert!(listing.contains(LAST), "{listing}");
    listing
}

fn list(home: &Home) -> common::Run {
    home.ok(&["members", "list", "--all", "--format", "csv"])
}

/// Flips a byte in the payload of the journal's first entry (its snapshot): the journal can no
/// longer rebuild the store by itself, but the changes after the snapshot still read.
fn damage_journal_snapshot(store: &Path) {
    let path = store.join("journal");
    let mut bytes = std::fs::read(&path).unwrap();
    // Header (24 bytes), entry header (17 bytes), then the payload.
    bytes[24 + 17 + 3] ^= 0x20;
    std::fs::write(&path, bytes).unwrap();
}

fn damage_db(store: &Path, how: &str) {
    let db = store.join("db");
    match how {
        "removed" => std::fs::remove_file(&db).unwrap(),
        "emptied" => std::fs::write(&db, b"").unwrap(),
        "garbled at the start" => {
            let mut bytes = std::fs::read(&db).unwrap();
            bytes.iter_mut().take(64).for_each(|b| *b = 0xff);
            std::fs::write(&db, bytes).unwrap();
        }
        other => panic!("no damage called {other}"),
    }
}

#[test]
fn a_damaged_database_and_journal_come_back_from_the_backup_and_the_journal_after_it() {
    for how in ["removed", "emptied", "garbled at the start"] {
        let home = Home::with_demo();
        let listing = demo_with_a_change_after_its_backup(&home);
        let store = home.demo_store();
        let newest = backup::newest(&store).unwrap();
        damage_db(&store, how);
        damage_journal_snapshot(&store);

        let r = list(&home);
        assert_eq!(r.stdout, listing, "{how}: a saved change was lost");
        assert!(
            r.stderr.contains("brought back from the backup")
                && r.stderr.contains(&newest.display().to_string())
                && r.stderr
                    .contains("1 saved change after it in the change journal"),
            "{how}: the clerk is not told what was recovered, from where: {}",
            r.stderr
        );
        // The damaged files are kept aside, never deleted.
        let aside = files_under(&store.join("quarantine"));
        assert!(
            aside.keys().any(|p| p.ends_with("journal")),
            "{how}: {aside:?}"
        );
        // Said once; then the store opens quietly, and takes new changes that stay.
        let r = list(&home);
        assert_eq!(r.stdout, listing, "{how}");
        assert_eq!(r.stderr, "", "{how}");
        home.ok(&[
            "members",
            "add",
            "--name",
            "Ottoline Marsh",
            "--ward",
            "South",
            "--term-start",
            "2026-05-07",
        ]);
        let r = list(&home);
        assert!(r.stdout.contains("Ottoline Marsh") && r.stdout.contains(LAST));
    }
}

#[test]
fn without_a_journal_to_vouch_for_it_a_backup_is_not_taken_silently() {
    let home = Home::with_demo();
    demo_with_a_change_after_its_backup(&home);
    let store = home.demo_store();
    damage_db(&store, "removed");
    std::fs::remove_file(store.join("journal")).unwrap();
    // The backup lacks the last change: refused loudly, naming the backup to restore.
    let e = home.err(1, &["members", "list"]);
    assert!(e.contains("is damaged") && e.contains("restore"), "{e}");
}

/// Every file under `dir` with its bytes.
fn files_under(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries {
        let e = e.unwrap();
        let path = e.path();
        if e.file_type().unwrap().is_dir() {
            out.extend(files_under(&path));
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
        }
    }
    out
}

/// `export` and `backup` from a store whose database cannot be opened: both succeed, with the last
/// acknowledged write, say where the council was read from, and leave the store folder as it was.
fn export_and_backup_still_work(home: &Home, tag: &str) {
    let store = home.demo_store();
    let before = files_under(&store);
    let out = home.path().join(format!("export-{tag}"));
    let r = home.ok(&["export", "--dir", s(&out)]);
    assert!(
        r.stderr.contains("read the council from") && r.stderr.contains("writing nothing into"),
        "{tag}: not told: {}",
        r.stderr
    );
    let members = std::fs::read_to_string(out.join("members.csv")).unwrap();
    assert!(members.contains(LAST), "{tag}: {members}");
    let audit = std::fs::read_to_string(out.join("audit.csv")).unwrap();
    assert!(
        audit.contains(LAST),
        "{tag}: the audit trail lacks the last change"
    );

    let file = home.path().join(format!("{tag}.clerkdesk-backup"));
    let r = home.ok(&["backup", s(&file)]);
    assert!(
        r.stderr.contains("read the council from"),
        "{tag}: {}",
        r.stderr
    );
    assert!(r.stdout.contains("Wrote a verified backup"), "{tag}");
    assert_eq!(
        files_under(&store),
        before,
        "{tag}: the store folder changed"
    );

    // The backup holds everything: restored elsewhere, the last change is there.
    let council = format!("restored {tag}");
    home.ok(&["--council", &council, "restore", s(&file)]);
    let r = home.ok(&["--council", &council, "members", "list", "--all"]);
    assert!(r.stdout.contains(LAST), "{tag}: {}", r.stdout);
}

#[test]
fn export_and_backup_read_backup_and_journal_when_sled_cannot_open_the_database() {
    let home = Home::with_demo();
    demo_with_a_change_after_its_backup(&home);
    let store = home.demo_store();
    // A database sled cannot open at all (it is not a file), which no rebuild may touch.
    std::fs::remove_file(store.join("db")).unwrap();
    std::fs::create_dir(store.join("db")).unwrap();
    export_and_backup_still_work(&home, "db-not-a-file");
    // Anything else still says the store cannot be used, and why.
    let e = home.err(1, &["--store", s(&store), "members", "list"]);
    assert!(e.contains("cannot use the store"), "{e}");
}

#[test]
fn export_and_backup_read_backup_and_journal_when_the_journal_cannot_rebuild_alone() {
    let home = Home::with_demo();
    demo_with_a_change_after_its_backup(&home);
    let store = home.demo_store();
    std::fs::remove_file(store.join("db")).unwrap();
    std::fs::create_dir(store.join("db")).unwrap();
    damage_journal_snapshot(&store);
    export_and_backup_still_work(&home, "journal-head-damaged");
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A read-only store folder. As root, permissions do not stop a write, so the store is copied to a
/// small tmpfs remounted read-only (skipped where mounting is not allowed); otherwise the folder and
/// its files are made read-only (0555 and 0444).
#[cfg(target_os = "linux")]
#[test]
fn export_and_backup_work_from_a_read_only_store() {
    use std::os::unix::fs::PermissionsExt;
    use std::process::Command;
    let home = Home::with_demo();
    demo_with_a_change_after_its_backup(&home);
    let store = home.demo_store();
    let set_mode = |dir: &Path, mode_dir: u32, mode_file: u32| {
        fn walk(p: &Path, d: u32, f: u32) {
            for e in std::fs::read_dir(p).unwrap() {
                let e = e.unwrap();
                if e.file_type().unwrap().is_dir() {
                    walk(&e.path(), d, f);
                    std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(d)).unwrap();
                } else {
                    std::fs::set_permissions(e.path(), std::fs::Permissions::from_mode(f)).unwrap();
                }
            }
        }
        walk(dir, mode_dir, mode_file);
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode_dir)).unwrap();
    };
    if !is_root() {
        set_mode(&store, 0o555, 0o444);
        export_and_backup_still_work(&home, "read-only-folder");
        set_mode(&store, 0o700, 0o600);
        return;
    }
    let disk = home.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64m", "tmpfs"])
        .arg(&disk)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: running as root and a tmpfs cannot be mounted here");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount")
                .arg("-l")
                .arg(&self.0)
                .status();
        }
    }
    let _unmount = Unmount(disk.clone());
    // The council's folder moves onto the disk, which then becomes read-only.
    let on_disk = disk.join("ashcombe");
    let status = Command::new("cp")
        .arg("-a")
        .arg(&store)
        .arg(&on_disk)
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::remove_dir_all(&store).unwrap();
    std::os::unix::fs::symlink(&on_disk, &store).unwrap();
    let ro = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&disk)
        .status()
        .unwrap();
    assert!(ro.success());
    export_and_backup_still_work(&home, "read-only-disk");
}

/// A full disk: the store refuses to open (sled on a full disk hangs instead of failing), and
/// `export` and `backup` to another disk still work from backup and journal. Needs a small tmpfs
/// (skipped where one cannot be mounted).
#[cfg(target_os = "linux")]
#[test]
fn export_and_backup_work_from_a_store_on_a_full_disk() {
    use std::process::Command;
    let home = Home::with_demo();
    demo_with_a_change_after_its_backup(&home);
    let store = home.demo_store();
    let disk = home.path().join("full-disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=40m", "tmpfs"])
        .arg(&disk)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: a tmpfs cannot be mounted here");
        return;
    }
    struct Unmount(PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount")
                .arg("-l")
                .arg(&self.0)
                .status();
        }
    }
    let _unmount = Unmount(disk.clone());
    let on_disk = disk.join("ashcombe");
    assert!(Command::new("cp")
        .arg("-a")
        .arg(&store)
        .arg(&on_disk)
        .status()
        .unwrap()
        .success());
    std::fs::remove_dir_all(&store).unwrap();
    std::os::unix::fs::symlink(&on_disk, &store).unwrap();
    // Fill what is left of the disk.
    {
        use std::io::Write as _;
        let mut f = std::fs::File::create(disk.join("filler")).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while f.write_all(&chunk).is_ok() {}
    }
    let e = home.err(1, &["members", "list"]);
    assert!(e.contains("is full"), "{e}");
    export_and_backup_still_work(&home, "full-disk");
}

fn copy_into(files: &[PathBuf], to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in files.iter().filter(|f| f.exists()) {
        let status = std::process::Command::new("cp")
            .arg("-a")
            .arg(f)
            .arg(to)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

#[test]
fn a_database_that_lost_a_change_is_carried_forward_past_damage_in_the_journal() {
    use clerkdesk::store::folder;
    let home = Home::with_demo();
    home.ok(&["members", "list"]);
    let store = home.demo_store();
    // sled's files as they are before the last change.
    let before = home.path().join("sled-before");
    copy_into(&folder::sled_files(&store), &before);
    home.ok(&[
        "members",
        "add",
        "--name",
        LAST,
        "--ward",
        "North",
        "--term-start",
        "2026-05-07",
    ]);
    let listing = list(&home).stdout;
    assert!(listing.contains(LAST));
    // sled loses it (its files as they were), and the journal's head is damaged too.
    for f in folder::sled_files(&store) {
        if f.is_dir() {
            std::fs::remove_dir_all(&f).unwrap();
        } else if f.exists() {
            std::fs::remove_file(&f).unwrap();
        }
    }
    let kept: Vec<PathBuf> = std::fs::read_dir(&before)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    copy_into(&kept, &store);
    damage_journal_snapshot(&store);
    let r = list(&home);
    assert_eq!(r.stdout, listing, "the last saved change was lost");
    assert!(
        r.stderr
            .contains("recovered 1 saved change from past damage in the change journal"),
        "{}",
        r.stderr
    );
    // Then the store opens quietly, whole.
    let r = list(&home);
    assert_eq!(
        (r.stdout.as_str(), r.stderr.as_str()),
        (listing.as_str(), "")
    );
}

#[test]
fn restore_replays_the_changes_past_damage_at_the_journal_s_head() {
    let home = Home::with_demo();
    demo_with_a_change_after_its_backup(&home);
    let store = home.demo_store();
    damage_journal_snapshot(&store);
    let newest = backup::newest(&store).unwrap();
    let r = home.ok(&["--council", "Ashcombe again", "restore", s(&newest)]);
    assert!(
        r.stdout
            .contains("Also restored 1 saved change made after that backup"),
        "{}",
        r.stdout
    );
    let r = home.ok(&["--council", "Ashcombe again", "members", "list"]);
    assert!(r.stdout.contains(LAST), "{}", r.stdout);
}

#[test]
fn without_a_journal_an_export_from_the_backup_says_what_it_may_lack() {
    let home = Home::with_demo();
    demo_with_a_change_after_its_backup(&home);
    let store = home.demo_store();
    std::fs::remove_file(store.join("db")).unwrap();
    std::fs::create_dir(store.join("db")).unwrap();
    std::fs::remove_file(store.join("journal")).unwrap();
    let out = home.path().join("export");
    let r = home.ok(&["export", "--dir", s(&out)]);
    assert!(
        r.stderr.contains("read the council from the backup")
            && r.stderr
                .contains("changes saved after that backup, if any, are not included"),
        "{}",
        r.stderr
    );
    // The backup's council, as it was: the member added after it is not there, and it says so.
    let members = std::fs::read_to_string(out.join("members.csv")).unwrap();
    assert!(members.contains("Margaret Hill") && !members.contains(LAST));
}
