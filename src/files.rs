//! Writing files that hold personal data: exports, case files, registers.
//!
//! Every file clerkdesk writes for the clerk goes through [`write_private`], which
//! - makes it readable by its owner only (0600 on Unix) and any folder it creates owner-only (0700);
//! - never writes through a symbolic link, into something that is not a plain file, or into a
//!   council's store folder (a folder holding sled's `conf` or `db`);
//! - never replaces an existing file unless told to ([`Overwrite::Replace`], the CLI's `--force`);
//! - is atomic: a temporary file in the same folder, synced, then renamed into place, so a crash
//!   or a full disk leaves either the old file or the new one, never half of one.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Whether an existing file may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse when the file exists (the default everywhere).
    Refuse,
    /// Replace an existing plain file (`--force`, or the clerk said yes).
    Replace,
}

impl Overwrite {
    pub fn forced(force: bool) -> Overwrite {
        if force {
            Overwrite::Replace
        } else {
            Overwrite::Refuse
        }
    }
}

/// Why a file was not written. Each message names the file.
#[derive(Debug)]
pub enum WriteError {
    /// The file is there already and replacing it was not asked for.
    Exists(PathBuf),
    /// The path is a symbolic link: writing would land wherever it points.
    Symlink(PathBuf),
    /// The path is a folder, a device, a pipe …: not a plain file.
    NotAFile(PathBuf),
    /// A folder was wanted, but something else is there.
    NotAFolder(PathBuf),
    /// The folder is a council's store: a file there could wreck it.
    StoreFolder(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Exists(p) => write!(
                f,
                "{} already exists: nothing written (pass --force to replace it)",
                p.display()
            ),
            WriteError::Symlink(p) => write!(
                f,
                "{} is a symbolic link: nothing written (clerkdesk never writes through a link; name the real file)",
                p.display()
            ),
            WriteError::NotAFile(p) => write!(
                f,
                "{} is not a regular file (a device, a pipe or a folder): nothing written (name a new file)",
                p.display()
            ),
            WriteError::NotAFolder(p) => write!(
                f,
                "{} is not a folder: nothing written (name a new or existing folder)",
                p.display()
            ),
            WriteError::StoreFolder(p) => write!(
                f,
                "{} is a council's store folder: nothing written there (choose another folder)",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "cannot write {}: {e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// True when `dir` holds a sled store (its `conf` or `db` file).
pub fn is_store_folder(dir: &Path) -> bool {
    dir.join("conf").exists() || dir.join("db").exists()
}

/// The folder a file path lives in ("." for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Checks that `path` may be written, without writing: not a link, not a folder or device, not in
/// a store folder, and not an existing file unless `overwrite` allows it. Lets a command that writes
/// several files refuse before it writes any.
pub fn check(path: &Path, overwrite: Overwrite) -> Result<(), WriteError> {
    let dir = folder_of(path);
    if is_store_folder(dir) {
        return Err(WriteError::StoreFolder(dir.to_path_buf()));
    }
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => Err(WriteError::Symlink(path.to_path_buf())),
        Ok(m) if !m.file_type().is_file() => Err(WriteError::NotAFile(path.to_path_buf())),
        Ok(_) if overwrite == Overwrite::Refuse => Err(WriteError::Exists(path.to_path_buf())),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            Err(WriteError::NotAFolder(dir.to_path_buf()))
        }
        Err(e) => Err(WriteError::Io(path.to_path_buf(), e)),
    }
}

/// Creates `dir` and any missing parents owner-only (0700 on Unix). Folders that already exist are
/// left as they are: they are the clerk's. A store folder is refused.
pub fn create_private_dir(dir: &Path) -> Result<(), WriteError> {
    let io = |e| WriteError::Io(dir.to_path_buf(), e);
    if is_store_folder(dir) {
        return Err(WriteError::StoreFolder(dir.to_path_buf()));
    }
    if let Ok(m) = std::fs::symlink_metadata(dir) {
        return if m.is_dir() || std::fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
            Ok(())
        } else {
            Err(WriteError::NotAFolder(dir.to_path_buf()))
        };
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(io)
}

/// Writes `bytes` to `path` safely (see the module's documentation): owner-only, atomically, never
/// through a link, into a store or over an existing file unless `overwrite` allows it. Creates the
/// file's folder (owner-only) when it is missing.
pub fn write_private(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), WriteError> {
    check(path, overwrite)?;
    let dir = folder_of(path);
    create_private_dir(dir)?;
    let temp = temp_path(path);
    let written = write_temp(&temp, bytes).and_then(|()| place(&temp, path, overwrite));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written?;
    sync_folder(dir);
    Ok(())
}

/// A name beside `path` that no one else is using: hidden, with the process id and a counter.
fn temp_path(path: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "clerkdesk".into());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    folder_of(path).join(format!(".{name}.{}.{n}.partial", std::process::id()))
}

fn write_temp(temp: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    let io = |e| WriteError::Io(temp.to_path_buf(), e);
    let mut options = std::fs::OpenOptions::new();
    // create_new: never opens an existing file or follows a link planted under the temporary name.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(temp).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)
}

/// Moves the finished temporary file to `path`. Without leave to replace, a hard link puts it in
/// place only if nothing is there (atomically, so a file appearing meanwhile is not lost); on a
/// file system without hard links (a FAT memory stick) it checks again and renames.
fn place(temp: &Path, path: &Path, overwrite: Overwrite) -> Result<(), WriteError> {
    let io = |e| WriteError::Io(path.to_path_buf(), e);
    if overwrite == Overwrite::Refuse {
        match std::fs::hard_link(temp, path) {
            Ok(()) => {
                let _ = std::fs::remove_file(temp);
                return Ok(());
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(match check(path, overwrite) {
                    Err(why) => why,
                    Ok(()) => WriteError::Exists(path.to_path_buf()),
                });
            }
            Err(_) => check(path, overwrite)?,
        }
    } else {
        // Rename replaces a link planted since the check rather than following it.
        check(path, overwrite)?;
    }
    std::fs::rename(temp, path).map_err(io)
}

/// Makes the rename durable. Best effort: some file systems cannot sync a folder.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".partial"))
            .collect()
    }

    #[test]
    fn a_new_file_is_owner_only_in_an_owner_only_folder_it_creates() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("new/deeper/members.csv");
        write_private(&path, b"name\n", Overwrite::Refuse).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"name\n");
        #[cfg(unix)]
        {
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(&tmp.path().join("new")), 0o700);
            assert_eq!(mode(&tmp.path().join("new/deeper")), 0o700);
        }
        assert!(leftovers(path.parent().unwrap()).is_empty());
    }

    #[test]
    fn an_existing_file_is_kept_unless_replacing_is_asked_for() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("case.md");
        std::fs::write(&path, "the clerk's own notes").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
        let err = write_private(&path, b"new", Overwrite::Refuse).unwrap_err();
        assert!(matches!(err, WriteError::Exists(_)), "{err}");
        assert!(err.to_string().contains("case.md") && err.to_string().contains("--force"));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "the clerk's own notes"
        );
        write_private(&path, b"new", Overwrite::Replace).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        assert_eq!(
            mode(&path),
            0o600,
            "a replaced 0644 file becomes owner-only"
        );
        assert!(leftovers(tmp.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_is_never_written_through_even_when_forced() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("precious");
        std::fs::write(&target, "keep me").unwrap();
        let link = tmp.path().join("out.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for overwrite in [Overwrite::Refuse, Overwrite::Replace] {
            let err = write_private(&link, b"x", overwrite).unwrap_err();
            assert!(matches!(err, WriteError::Symlink(_)), "{err}");
        }
        // A dangling link is refused too: it would create a file wherever it points.
        let dangling = tmp.path().join("dangling.md");
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
        assert!(matches!(
            write_private(&dangling, b"x", Overwrite::Replace),
            Err(WriteError::Symlink(_))
        ));
        assert!(!tmp.path().join("nowhere").exists());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    }

    #[test]
    fn a_store_folder_and_a_folder_named_as_a_file_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let store = tmp.path().join("store");
        std::fs::create_dir(&store).unwrap();
        std::fs::write(store.join("db"), "sled").unwrap();
        std::fs::write(store.join("conf"), "sled").unwrap();
        for name in ["db", "conf", "case.md"] {
            let err = write_private(&store.join(name), b"x", Overwrite::Replace).unwrap_err();
            assert!(matches!(err, WriteError::StoreFolder(_)), "{err}");
            assert!(err.to_string().contains("store folder"), "{err}");
        }
        assert_eq!(std::fs::read_to_string(store.join("db")).unwrap(), "sled");
        assert!(matches!(
            create_private_dir(&store),
            Err(WriteError::StoreFolder(_))
        ));
        let dir = tmp.path().join("a-folder");
        std::fs::create_dir(&dir).unwrap();
        assert!(matches!(
            write_private(&dir, b"x", Overwrite::Replace),
            Err(WriteError::NotAFile(_))
        ));
        let file = tmp.path().join("a-file");
        std::fs::write(&file, "x").unwrap();
        assert!(matches!(
            create_private_dir(&file),
            Err(WriteError::NotAFolder(_))
        ));
        assert!(matches!(
            write_private(&file.join("inside.csv"), b"x", Overwrite::Refuse),
            Err(WriteError::NotAFolder(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_folder_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("shared");
        std::fs::create_dir(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o750)).unwrap();
        write_private(&dir.join("a.csv"), b"x", Overwrite::Refuse).unwrap();
        assert_eq!(mode(&dir), 0o750);
        assert_eq!(mode(&dir.join("a.csv")), 0o600);
    }
}
