//! `clerkdesk backup FILE` and `clerkdesk restore FILE`, run as real processes, and the automatic
//! daily backups made when a council is opened.

use std::path::{Path, PathBuf};
use std::process::Command;

use clerkdesk::store::backup;

const TODAY: &str = "2026-11-22";
const DEMO: &str = "Ashcombe Parish Council";

struct Home {
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Home {
    fn with_demo() -> Home {
        let home = Home {
            dir: tempfile::tempdir().unwrap(),
        };
        home.ok(&["demo"]);
        home
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn demo_store(&self) -> PathBuf {
        self.path().join("councils/ashcombe-parish-council-demo")
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_clerkdesk"))
            .args(args)
            .env("CLERKDESK_HOME", self.path())
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

    fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 0, "clerkdesk {args:?}:\n{}{}", r.stdout, r.stderr);
        r
    }

    fn fails(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(r.code, 1, "clerkdesk {args:?}:\n{}{}", r.stdout, r.stderr);
        assert_eq!(r.stderr.trim_end().lines().count(), 1, "{}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        r
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_backup_restores_into_a_new_council_with_everything_in_it() {
    let home = Home::with_demo();
    let file = home.path().join("usb/ashcombe.clerkdesk-backup");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let r = home.ok(&["backup", s(&file)]);
    assert!(
        r.stdout
            .contains(&format!("Wrote a verified backup of {DEMO} ("))
            && r.stdout.contains(s(&file)),
        "{}",
        r.stdout
    );
    let folder = backup::folder(&home.demo_store());
    assert!(
        r.stdout.contains(s(&folder)),
        "says where the automatic backups are: {}",
        r.stdout
    );

    // Into the last used council, which holds one: refused, nothing changed.
    let r = home.fails(&["restore", s(&file)]);
    assert!(
        r.stderr.starts_with(&format!(
            "restore only into an empty store; this one holds {DEMO}"
        )),
        "{}",
        r.stderr
    );
    // Into a new council folder.
    let r = home.ok(&["--council", "Ashcombe Restored", "restore", s(&file)]);
    let restored = home.path().join("councils/ashcombe-restored");
    assert!(
        r.stdout.contains(&format!("Restored {DEMO} (")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(s(&restored)), "{}", r.stdout);
    let demo = home.demo_store();
    for what in [
        &["members", "list", "--all", "--format", "csv"][..],
        &["officers", "list", "--all", "--format", "csv"],
        &["audit"],
        &["audit", "--subject", "member M-003"],
    ] {
        let mut original = vec!["--store", s(&demo)];
        original.extend_from_slice(what);
        let mut copy = vec!["--council", "Ashcombe Restored"];
        copy.extend_from_slice(what);
        assert_eq!(home.ok(&copy).stdout, home.ok(&original).stdout, "{what:?}");
    }
    // The restored council is used next, and is listed with its name.
    let r = home.ok(&["councils"]);
    assert!(r.stdout.contains("ashcombe-restored"), "{}", r.stdout);
    // A second restore into it is refused: it holds a council now.
    home.fails(&["--council", "Ashcombe Restored", "restore", s(&file)]);
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_before_anything_is_made() {
    let home = Home::with_demo();
    let file = home.path().join("a.clerkdesk-backup");
    home.ok(&["backup", s(&file)]);
    let bytes = std::fs::read(&file).unwrap();
    let target = home.path().join("councils/new");

    let mut flipped = bytes.clone();
    let mid = bytes.len() / 2;
    flipped[mid] ^= 0x10;
    std::fs::write(&file, &flipped).unwrap();
    let r = home.fails(&["--council", "New", "restore", s(&file)]);
    assert!(r.stderr.contains("checksum does not match"), "{}", r.stderr);

    std::fs::write(&file, &bytes[..bytes.len() - 100]).unwrap();
    let r = home.fails(&["--council", "New", "restore", s(&file)]);
    assert!(r.stderr.contains("is cut short"), "{}", r.stderr);

    std::fs::write(&file, "name,ward\n").unwrap();
    let r = home.fails(&["--council", "New", "restore", s(&file)]);
    assert!(
        r.stderr.contains("is not a clerkdesk backup"),
        "{}",
        r.stderr
    );

    let r = home.fails(&["--council", "New", "restore", s(&home.path().join("nope"))]);
    assert!(r.stderr.contains("cannot use the backup"), "{}", r.stderr);
    assert!(!target.exists());

    // Nor into a folder of other things.
    std::fs::write(&file, &bytes).unwrap();
    let other = home.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.txt"), "mine").unwrap();
    let r = home.fails(&["--store", s(&other), "restore", s(&file)]);
    assert!(r.stderr.contains("not a clerkdesk store"), "{}", r.stderr);
    // And never over a file that is not a backup.
    let r = home.fails(&["backup", s(&other.join("notes.txt"))]);
    assert!(
        r.stderr.contains("is not a clerkdesk backup"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn a_backup_into_a_folder_is_named_by_council_and_date() {
    let home = Home::with_demo();
    let usb = home.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    home.ok(&["backup", s(&usb)]);
    let expected = usb.join("ashcombe-parish-council-demo-2026-11-22.clerkdesk-backup");
    assert!(backup::read(&expected).is_ok());
}

#[test]
fn opening_a_council_makes_one_automatic_backup_a_day() {
    let home = Home::with_demo();
    let store = home.demo_store();
    // The demo went into an empty store: nothing to back up when it was opened.
    home.ok(&["members", "list"]);
    let first = backup::list(&store);
    assert_eq!(first.len(), 1, "{first:?}");
    home.ok(&["officers", "list"]);
    assert_eq!(backup::list(&store), first, "once a day");
    let made = backup::read(&first[0].1).unwrap();
    assert_eq!(made.council_name().as_deref(), Some(DEMO));
    // The backups folder does not make the store look like anything else.
    home.ok(&["--store", s(&store), "members", "list"]);
    let r = home.ok(&["councils"]);
    assert!(!r.stdout.contains("backups"), "{}", r.stdout);
    // And the automatic backup restores like any other.
    home.ok(&["--council", "From Daily", "restore", s(&first[0].1)]);
    assert_eq!(
        home.ok(&["--council", "From Daily", "members", "list"])
            .stdout,
        home.ok(&["--store", s(&store), "members", "list"]).stdout
    );
}

/// Runs clerkdesk, killing it (and failing) if it has not finished after a minute: a hang.
#[cfg(unix)]
fn bounded(home: &Home, args: &[&str]) -> Run {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut child = Command::new(env!("CARGO_BIN_EXE_clerkdesk"))
        .args(args)
        .env("CLERKDESK_HOME", home.path())
        .env("CLERKDESK_TODAY", TODAY)
        .env_remove("CLERKDESK_STORE")
        .env_remove("CLERKDESK_ACTOR")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
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
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn a_device_is_refused_as_a_backup_file_either_way() {
    use std::os::unix::fs::FileTypeExt;
    let home = Home::with_demo();
    for dev in ["/dev/full", "/dev/zero"] {
        let Ok(meta) = std::fs::metadata(dev) else {
            continue;
        };
        for command in ["backup", "restore"] {
            let r = bounded(&home, &[command, dev]);
            assert_eq!(r.code, 1, "{command} {dev}: {}{}", r.stdout, r.stderr);
            assert!(
                r.stderr.contains(&format!("{dev} is not a regular file")),
                "{command} {dev}: {}",
                r.stderr
            );
        }
        // Still the device it was: nothing was renamed over it.
        let after = std::fs::metadata(dev).unwrap();
        assert!(after.file_type().is_char_device());
        assert_eq!(after.len(), meta.len());
    }
    // A symbolic link to one is no better.
    #[cfg(target_os = "linux")]
    {
        let link = home.path().join("full.clerkdesk-backup");
        std::os::unix::fs::symlink("/dev/full", &link).unwrap();
        let r = bounded(&home, &["backup", s(&link)]);
        assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
        // Refused as a link (clerkdesk never writes through one), before the device is reached.
        assert!(
            r.stderr.contains("is a symbolic link") || r.stderr.contains("is not a regular file"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn an_encrypted_backup_restores_only_with_its_passphrase() {
    let home = Home::with_demo();
    let file = home.path().join("usb/ashcombe.clerkdesk-backup");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let right = home.path().join("pass.txt");
    std::fs::write(&right, "correct horse battery staple\n").unwrap();
    let r = home.ok(&[
        "backup",
        "--encrypt",
        "--passphrase-file",
        s(&right),
        s(&file),
    ]);
    assert!(
        r.stdout.contains("Wrote a verified encrypted backup"),
        "{}",
        r.stdout
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(backup::is_encrypted(&bytes));
    // Nothing of the council readable in it.
    for word in ["Ashcombe", "CLDKBKUP"] {
        assert!(
            !bytes.windows(word.len()).any(|w| w == word.as_bytes()),
            "{word} is readable in the encrypted file"
        );
    }
    // Without a passphrase (no terminal to ask on), or with the wrong one: refused.
    let r = home.fails(&["--council", "Restored", "restore", s(&file)]);
    assert!(r.stderr.contains("use --passphrase-file"), "{}", r.stderr);
    let wrong = home.path().join("wrong.txt");
    std::fs::write(&wrong, "incorrect horse\n").unwrap();
    let r = home.fails(&[
        "--council",
        "Restored",
        "restore",
        "--passphrase-file",
        s(&wrong),
        s(&file),
    ]);
    assert!(r.stderr.contains("could not be decrypted"), "{}", r.stderr);
    assert!(!home.path().join("councils/restored").exists());
    // With it, the council comes back whole.
    let r = home.ok(&[
        "--council",
        "Restored",
        "restore",
        "--passphrase-file",
        s(&right),
        s(&file),
    ]);
    assert!(
        r.stdout.contains(&format!("Restored {DEMO} (")),
        "{}",
        r.stdout
    );
    let list = |store: &Path| {
        home.ok(&[
            "--store",
            s(store),
            "members",
            "list",
            "--all",
            "--format",
            "csv",
        ])
        .stdout
    };
    assert_eq!(
        list(&home.path().join("councils/restored")),
        list(&home.demo_store())
    );
    // --passphrase-file alone does not encrypt by surprise.
    let r = home.run(&["backup", "--passphrase-file", s(&right), s(&file)]);
    assert_ne!(r.code, 0);
}

/// The registers added since the first backups (gifts and hospitality, its settings) and the
/// council's closure days come back in a restore: backup validation knows their trees.
#[test]
fn a_backup_restores_closure_days_and_the_gifts_register() {
    let home = Home::with_demo();
    home.ok(&[
        "council",
        "closure-day",
        "--on",
        "2026-12-29",
        "--reason",
        "Office closed between Christmas and New Year",
    ]);
    home.ok(&["gifts", "settings", "--officer-days", "14"]);
    let file = home.path().join("ashcombe.clerkdesk-backup");
    home.ok(&["backup", s(&file)]);
    home.ok(&["--council", "Ashcombe Restored", "restore", s(&file)]);
    let demo = home.demo_store();
    for what in [
        &["council", "closure-day"][..],
        &["gifts", "list", "--all", "--format", "csv"],
        &["gifts", "settings"],
    ] {
        let mut original = vec!["--store", s(&demo)];
        original.extend_from_slice(what);
        let mut copy = vec!["--council", "Ashcombe Restored"];
        copy.extend_from_slice(what);
        let restored = home.ok(&copy).stdout;
        assert_eq!(
            restored,
            home.ok(&original).stdout,
            "{what:?} after restore"
        );
        assert!(!restored.trim().is_empty(), "{what:?} prints something");
    }
}

/// A day's automatic backup that cannot be written (here a file stands where its folder goes) is
/// said on stderr, once, and the command still does its work: the backup is best effort, and the
/// clerk learns that today's did not happen.
#[test]
fn an_automatic_backup_that_cannot_be_made_is_said_and_the_command_still_runs() {
    let home = Home::with_demo();
    let store = home.demo_store();
    std::fs::write(store.join("backups"), b"in the way").unwrap();
    let r = home.ok(&["members", "list"]);
    assert!(r.stdout.contains("Siân ap Dafydd"), "{}", r.stdout);
    assert!(
        r.stderr.contains("today's automatic backup was not made") && r.stderr.contains("backups"),
        "{}",
        r.stderr
    );
    // Made once the way is clear, and then not said again.
    std::fs::remove_file(store.join("backups")).unwrap();
    let r = home.ok(&["members", "list"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_eq!(backup::list(&store).len(), 1);
}
