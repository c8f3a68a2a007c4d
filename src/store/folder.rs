//! The store folder itself: the marker that makes it clerkdesk's, and the `quarantine/` folder where
//! files clerkdesk cannot use are moved aside (never deleted).
//!
//! clerkdesk writes only into a folder that is new, empty, or marked as a store with [`MARKER`]. A
//! folder that already holds sled's `conf` file (a store made before the marker existed) is adopted:
//! marked on its first open. Any other folder is left exactly as it was, permissions included.

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// The file that marks a folder as a clerkdesk store.
pub const MARKER: &str = "clerkdesk-store";
/// Where files clerkdesk cannot use are moved aside, inside the store folder.
pub const QUARANTINE: &str = "quarantine";

const MARKER_TEXT: &str = "This folder is a clerkdesk council store. clerkdesk keeps its records \
here (sled's files, the change journal `journal`, automatic backups in `backups/`).\n\
Do not change the files by hand; make and restore backups with `clerkdesk backup` and \
`clerkdesk restore`.\n";

/// What a folder is, as far as clerkdesk may write into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Not there yet.
    Missing,
    /// There, with nothing in it.
    Empty,
    /// Carries the marker.
    Marked,
    /// A store made before the marker: sled's `conf` file is there. Marked on its first open.
    Unmarked,
    /// Anything else: never written to.
    Foreign,
    /// Not a folder at all.
    NotAFolder,
}

/// Whether `conf` is the configuration file sled writes into every database folder.
fn is_sled_conf(path: &Path) -> bool {
    let mut head = [0u8; 14];
    match std::fs::File::open(path) {
        Ok(mut f) => {
            use std::io::Read as _;
            f.read_exact(&mut head).is_ok() && &head == b"segment_size: "
        }
        Err(_) => false,
    }
}

/// What `dir` is. Reads only; writes nothing.
pub fn kind(dir: &Path) -> Kind {
    let Ok(meta) = std::fs::metadata(dir) else {
        return Kind::Missing;
    };
    if !meta.is_dir() {
        return Kind::NotAFolder;
    }
    if dir.join(MARKER).is_file() {
        return Kind::Marked;
    }
    if is_sled_conf(&dir.join("conf")) {
        return Kind::Unmarked;
    }
    match std::fs::read_dir(dir).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Kind::Empty,
        _ => Kind::Foreign,
    }
}

/// Whether `dir` is a clerkdesk store (marked, or one made before the marker).
pub fn is_store(dir: &Path) -> bool {
    matches!(kind(dir), Kind::Marked | Kind::Unmarked)
}

/// Writes the marker into `dir` (synced, so a store is never left unmarked once it has records).
pub fn mark(dir: &Path) -> io::Result<()> {
    let path = dir.join(MARKER);
    let mut f = std::fs::File::create(&path)?;
    f.write_all(MARKER_TEXT.as_bytes())?;
    f.sync_all()?;
    sync_dir(dir);
    Ok(())
}

/// The lock file inside a store folder.
pub const LOCK: &str = "clerkdesk.lock";

/// Takes the store folder for this process: an exclusive lock on `<store>/clerkdesk.lock`, held
/// while the returned file is open (the system lets go of it when the process ends, however it
/// ends). `Ok(None)` when another clerkdesk holds it. Taken before anything in the folder is moved
/// or read, so one clerkdesk never moves another's files from under it.
pub fn lock(dir: &Path) -> io::Result<Option<std::fs::File>> {
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(LOCK))?;
    #[cfg(unix)]
    {
        use rustix::fs::{flock, FlockOperation};
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => Ok(Some(file)),
            Err(e) if e == rustix::io::Errno::WOULDBLOCK => Ok(None),
            Err(e) => Err(e.into()),
        }
    }
    #[cfg(not(unix))]
    {
        Ok(Some(file))
    }
}

/// Makes a rename or a new file in `dir` durable. Best effort: not every platform can.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Bytes free to an unprivileged user on the disk that holds `path` (or would hold it: its
/// nearest existing folder); `None` where that cannot be told.
pub fn free_space(path: &Path) -> Option<u64> {
    #[cfg(unix)]
    {
        let mut at = path;
        while !at.exists() {
            at = at.parent()?;
        }
        let at = if at.as_os_str().is_empty() {
            Path::new(".")
        } else {
            at
        };
        let st = rustix::fs::statvfs(at).ok()?;
        Some(st.f_bavail.saturating_mul(st.f_frsize))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// A new folder under `<store>/quarantine/`, named by the local time, to move files aside into.
pub fn quarantine_dir(store: &Path, why: &str) -> io::Result<PathBuf> {
    let base = store.join(QUARANTINE);
    std::fs::create_dir_all(&base)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o700))?;
    }
    let stamp = chrono::Local::now().format("%Y-%m-%dT%H-%M-%S");
    for n in 1u32.. {
        let name = if n == 1 {
            format!("{stamp}-{why}")
        } else {
            format!("{stamp}-{why}-{n}")
        };
        let dir = base.join(name);
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("an unbounded range always yields another name")
}

/// Moves `files` (paths inside `store`) into a new quarantine folder; returns it, or `None` when
/// none of them was there.
pub fn quarantine(store: &Path, why: &str, files: &[PathBuf]) -> io::Result<Option<PathBuf>> {
    let present: Vec<&PathBuf> = files
        .iter()
        .filter(|f| std::fs::symlink_metadata(f).is_ok())
        .collect();
    if present.is_empty() {
        return Ok(None);
    }
    let to = quarantine_dir(store, why)?;
    for f in present {
        let name = f.file_name().unwrap_or(f.as_os_str());
        std::fs::rename(f, to.join(name))?;
    }
    sync_dir(store);
    Ok(Some(to))
}

/// sled's unfinished snapshot files: `snap.<lsn>.generating`. sled reads the last `snap.*` file by
/// name, so a leftover one (empty or partly written, after an interrupted open) makes every later
/// open fail as "corrupt" (spacejam/sled#1527).
pub fn leftover_snapshots(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with("snap.") && name.ends_with(".generating")
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// sled's own files in a store folder: what is moved aside when the database is rebuilt.
pub fn sled_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![dir.join("db"), dir.join("conf"), dir.join("blobs")];
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut snaps: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with("snap."))
            .map(|e| e.path())
            .collect();
        snaps.sort();
        files.extend(snaps);
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_told_apart_without_writing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("x");
        assert_eq!(kind(&dir), Kind::Missing);
        std::fs::create_dir(&dir).unwrap();
        assert_eq!(kind(&dir), Kind::Empty);
        std::fs::write(dir.join("db"), "my own file").unwrap();
        assert_eq!(kind(&dir), Kind::Foreign);
        std::fs::write(dir.join("conf"), "not sled's").unwrap();
        assert_eq!(kind(&dir), Kind::Foreign);
        std::fs::write(
            dir.join("conf"),
            "segment_size: 524288\nuse_compression: false\n",
        )
        .unwrap();
        assert_eq!(kind(&dir), Kind::Unmarked);
        mark(&dir).unwrap();
        assert_eq!(kind(&dir), Kind::Marked);
        assert_eq!(kind(&dir.join("db")), Kind::NotAFolder);
    }

    #[test]
    fn quarantine_moves_files_aside_and_keeps_them() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("snap.0000000000000001.generating"), "").unwrap();
        std::fs::write(tmp.path().join("snap.0000000000000001"), "x").unwrap();
        let found = leftover_snapshots(tmp.path());
        assert_eq!(found.len(), 1);
        let to = quarantine(tmp.path(), "test", &found).unwrap().unwrap();
        assert!(to.join("snap.0000000000000001.generating").is_file());
        assert!(tmp.path().join("snap.0000000000000001").is_file());
        assert!(leftover_snapshots(tmp.path()).is_empty());
        // Nothing there: no folder made.
        assert_eq!(quarantine(tmp.path(), "test", &found).unwrap(), None);
    }
}
