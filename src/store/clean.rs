//! The clean-close mark, `<store>/clean`: what a store that could be written to looked like when it
//! last closed with everything flushed, so the next open can skip comparing the whole database with
//! the whole change journal.
//!
//! A mark is written only when the database is flushed, holds the journal's last change, and every
//! commit of the session went into both. It records the journal's end (length, last sequence
//! number, where the last entry starts and its checksum) and a print of each of sled's files (name,
//! length, modified and changed times, inode). An open store has no mark: it is taken away once the
//! store is open, so a session killed later leaves none. On open, if the journal still ends where
//! the mark says and sled's files are exactly those it printed, nothing has touched the store since
//! it was known to be whole, and only the journal's tail and the database's last applied sequence
//! number are checked. Anything else (no mark, a mark that does not read, a journal that grew, a
//! file copied, rewritten, truncated or removed, even with its modified time set back, since that
//! moves its changed time) falls back to the full check, which brings the database up to date from
//! the journal or rebuilds it.
//!
//! ```text
//! b"CLDKCLOS" | mark format u32 BE | CRC-32 of the payload u32 BE | payload (bincode 2 of Mark)
//! ```

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::journal::Position;

/// The mark's file name inside the store folder.
pub const FILE: &str = "clean";
const MAGIC: [u8; 8] = *b"CLDKCLOS";
const VERSION: u32 = 1;
/// Larger than any real mark: a garbled file is never read as one.
const MAX_LEN: u64 = 1024 * 1024;

/// What the store looked like when it closed cleanly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    pub store_id: u64,
    pub journal: Position,
    pub files: Vec<Print>,
}

/// One of sled's files as the file system describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Print {
    /// Relative to the store folder.
    pub name: String,
    pub len: u64,
    /// Nanoseconds since the epoch (0 where the system does not say).
    pub modified: u128,
    /// Unix: the inode's change time (any write, or setting the modified time, moves it) and
    /// number; 0 elsewhere.
    pub changed: (i64, i64),
    pub inode: u64,
}

fn print(dir: &Path, path: &Path, meta: &std::fs::Metadata) -> Print {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let (changed, inode) = {
        use std::os::unix::fs::MetadataExt;
        ((meta.ctime(), meta.ctime_nsec()), meta.ino())
    };
    #[cfg(not(unix))]
    let (changed, inode) = ((0, 0), 0);
    Print {
        name: path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned(),
        len: meta.len(),
        modified,
        changed,
        inode,
    }
}

/// Prints of sled's files in `dir` (the database, its configuration, its snapshots, every blob),
/// in a fixed order.
pub fn prints(dir: &Path) -> io::Result<Vec<Print>> {
    fn walk(dir: &Path, path: &Path, out: &mut Vec<Print>) -> io::Result<()> {
        let meta = match std::fs::symlink_metadata(path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(e),
        };
        if meta.is_dir() {
            let mut inner = std::fs::read_dir(path)?
                .map(|e| e.map(|e| e.path()))
                .collect::<io::Result<Vec<_>>>()?;
            inner.sort();
            out.push(print(dir, path, &meta));
            for p in inner {
                walk(dir, &p, out)?;
            }
        } else {
            out.push(print(dir, path, &meta));
        }
        Ok(())
    }
    let mut out = Vec::new();
    for path in super::folder::sled_files(dir) {
        walk(dir, &path, &mut out)?;
    }
    Ok(out)
}

fn encode(mark: &Mark) -> io::Result<Vec<u8>> {
    let payload = bincode::serde::encode_to_vec(mark, bincode::config::standard())
        .map_err(|e| io::Error::other(e.to_string()))?;
    let mut out = Vec::with_capacity(16 + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_be_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_be_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

fn decode(bytes: &[u8]) -> Option<Mark> {
    if bytes.len() < 16 || bytes[..8] != MAGIC {
        return None;
    }
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    let payload = &bytes[16..];
    if word(8) != VERSION || word(12) != crc32fast::hash(payload) {
        return None;
    }
    match bincode::serde::decode_from_slice::<Mark, _>(payload, bincode::config::standard()) {
        Ok((mark, used)) if used == payload.len() => Some(mark),
        _ => None,
    }
}

/// Writes the mark into `dir`. Not synced: a mark lost or cut short by a crash only means the next
/// open checks everything.
pub fn write(dir: &Path, mark: &Mark) -> io::Result<()> {
    let bytes = encode(mark)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write as _;
    options.open(dir.join(FILE))?.write_all(&bytes)
}

/// The mark in `dir`, if there is one and it reads. Left there: an open that fails writes nothing
/// into the folder; [`remove`] takes it away once the store is open.
pub fn read(dir: &Path) -> Option<Mark> {
    let path = dir.join(FILE);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_LEN {
        return None;
    }
    decode(&std::fs::read(&path).ok()?)
}

/// Takes the mark away (the store is open: until it closes cleanly, nothing vouches for it).
pub fn remove(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(FILE));
}

/// Whether nothing has touched the store in `dir` since `mark` was written: sled's files are the
/// same files, unchanged, and the journal ends exactly where it did.
pub fn holds(dir: &Path, mark: &Mark) -> bool {
    prints(dir).is_ok_and(|p| p == mark.files)
        && super::journal::tail_is(&dir.join(super::journal::FILE), mark.store_id, mark.journal)
            .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Mark {
        Mark {
            store_id: 9,
            journal: Position {
                len: 100,
                last_seq: 4,
                last_at: 60,
                last_crc: 77,
            },
            files: vec![Print {
                name: "db".into(),
                len: 5,
                modified: 1,
                changed: (2, 3),
                inode: 4,
            }],
        }
    }

    #[test]
    fn a_mark_reads_back_and_a_garbled_one_not_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), &sample()).unwrap();
        assert_eq!(read(tmp.path()), Some(sample()));
        remove(tmp.path());
        assert_eq!(read(tmp.path()), None);
        let bytes = encode(&sample()).unwrap();
        for at in 0..bytes.len() {
            let mut garbled = bytes.clone();
            garbled[at] ^= 0x10;
            assert_eq!(decode(&garbled), None, "byte {at}");
        }
        assert_eq!(decode(&bytes[..bytes.len() - 1]), None);
    }
}
