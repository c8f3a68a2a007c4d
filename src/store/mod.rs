//! The store: one sled database per council, in a folder only its owner can read.
//!
//! Each kind of record lives in its own tree, every value in an [`envelope`] (magic, record
//! version, bincode payload). The audit trail is append-only: events are keyed by a sequence number
//! assigned inside the same transaction as the records they describe, with a secondary index from
//! subject to sequence numbers. The store format lives in the `meta` tree; see [`migrate`].

pub mod backup;
pub mod clean;
pub mod envelope;
pub mod folder;
pub mod journal;
pub mod migrate;
pub mod recover;
pub mod watchdog;

#[cfg(test)]
mod decode_tests;
#[cfg(test)]
mod parts_tests;

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sled::transaction::TransactionError;
use sled::Transactional;

use crate::domain::audit::{AuditEvent, Change, Subject};
use crate::domain::council::Council;
use crate::domain::member::Member;
use crate::domain::officer::Officer;
use crate::domain::rules::Cite;

pub use envelope::EnvelopeError;

/// Store format, key `format`, and the last audit sequence number, key `audit_seq`.
pub const META_TREE: &str = "meta";
/// Subject → sequence numbers: `u32 BE subject length | subject | u64 BE seq`, empty values.
pub const AUDIT_INDEX_TREE: &str = "audit_index";
/// Key in `meta` of the last sequence number given to an audit event (u64 BE).
pub const SEQ_KEY: &[u8] = b"audit_seq";
/// Key in `meta` of the sequence number of the last journal entry applied (u64 BE).
pub const JOURNAL_SEQ_KEY: &[u8] = b"journal_seq";
/// Key in `meta` of the store's identity (u64 BE), which its journal carries too.
pub const STORE_ID_KEY: &[u8] = b"store_id";
/// The open-cases index: the reference of every case not closed, empty values. Kept by the store
/// in the same transaction as every case it saves, so a listing of open cases reads and decodes
/// only those (`case list --open`), never the closed ones.
pub const OPEN_CASES_TREE: &str = "open_cases";
/// Key in `meta` of the journal entry (u64 BE) of the last commit that kept the open-cases index.
/// Equal to [`JOURNAL_SEQ_KEY`] while the index is current; anything else (a store from before the
/// index, a change saved by a clerkdesk that did not keep it) has it rebuilt on open.
pub const OPEN_INDEX_KEY: &[u8] = b"open_cases_at";

/// Why the store could not do what was asked. Each shows as one line a clerk can act on.
#[derive(thiserror::Error, Debug)]
pub enum StoreError {
    #[error(
        "this council's store is open in another clerkdesk ({}): close that one, then try again",
        path.display()
    )]
    Locked { path: PathBuf },
    #[error(
        "the store at {} was written by a newer clerkdesk (format {found}); this one reads up to format {supported}: update clerkdesk",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error(
        "the store at {} is damaged ({detail}): {}",
        path.display(),
        backup::advice(path)
    )]
    Damaged { path: PathBuf, detail: String },
    #[error("cannot use the store at {}: {}", path.display(), io_reason(source))]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "nothing was saved to the store at {}: {detail}",
        path.display()
    )]
    Refused { path: PathBuf, detail: String },
    #[error(
        "{} is not a clerkdesk store (it holds other files), so clerkdesk leaves it untouched: choose a new or empty folder",
        path.display()
    )]
    NotAStore { path: PathBuf },
    /// `need`: the bytes this save needed free, its own and the [`MIN_FREE`] margin.
    #[error(
        "the disk holding the store at {} is full ({} MB free; clerkdesk needs {} MB to save safely): nothing was saved; free some space, then try again",
        path.display(),
        free / 1_000_000,
        need.div_ceil(1_000_000)
    )]
    DiskFull { path: PathBuf, free: u64, need: u64 },
}

/// Free space below which the store writes nothing (nor opens): room for sled to start a new
/// segment of its log and write a snapshot, for the journal, and for the daily backup. sled on a
/// full disk hangs instead of failing, so it is never let near one.
pub const MIN_FREE: u64 = 8 * 1024 * 1024;

/// Refuses when the disk holding `dir` has less than [`MIN_FREE`] plus `need` bytes free.
fn check_space(dir: &Path, need: u64) -> Result<(), StoreError> {
    match folder::free_space(dir) {
        Some(free) if free < MIN_FREE.saturating_add(need) => Err(StoreError::DiskFull {
            path: dir.to_path_buf(),
            free,
            need: MIN_FREE.saturating_add(need),
        }),
        _ => Ok(()),
    }
}

/// Raw OS error numbers for the cases `ErrorKind` names only in newer Rust.
#[cfg(unix)]
mod os {
    pub const NOT_A_DIRECTORY: &[i32] = &[20]; // ENOTDIR
    #[cfg(target_os = "linux")]
    pub const NO_SPACE: &[i32] = &[28, 122]; // ENOSPC, EDQUOT
    #[cfg(not(target_os = "linux"))]
    pub const NO_SPACE: &[i32] = &[28, 69]; // ENOSPC, EDQUOT (BSD, macOS)
    pub const READ_ONLY: &[i32] = &[30]; // EROFS
}
#[cfg(windows)]
mod os {
    pub const NOT_A_DIRECTORY: &[i32] = &[267]; // ERROR_DIRECTORY
    pub const NO_SPACE: &[i32] = &[39, 112]; // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
    pub const READ_ONLY: &[i32] = &[19]; // ERROR_WRITE_PROTECT
}
#[cfg(not(any(unix, windows)))]
mod os {
    pub const NOT_A_DIRECTORY: &[i32] = &[];
    pub const NO_SPACE: &[i32] = &[];
    pub const READ_ONLY: &[i32] = &[];
}

/// What went wrong with the disk, in words that say what to do.
fn io_reason(e: &io::Error) -> String {
    let code = e.raw_os_error();
    let is = |codes: &[i32]| code.is_some_and(|c| codes.contains(&c));
    if is(os::READ_ONLY) {
        "the disk is read-only: choose a folder on a writable disk".into()
    } else if is(os::NO_SPACE) {
        "the disk is full: free some space, then try again".into()
    } else if e.kind() == io::ErrorKind::PermissionDenied {
        "permission denied: choose a folder you own, or ask for access to this one".into()
    } else if is(os::NOT_A_DIRECTORY) || e.kind() == io::ErrorKind::AlreadyExists {
        "part of that path is a file, not a folder: choose another folder".into()
    } else {
        envelope::one_line(&e.to_string())
    }
}

/// Clerk-chosen settings kept with the council.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Meeting-safe mode: every name and all confidential text masked on every screen (BOR §2.7),
    /// remembered per council so a projector session stays masked after a restart.
    pub meeting_safe: bool,
    pub last_backup: Option<NaiveDate>,
}

/// A kind of record the store keeps, one tree per kind.
/// `Send`: a big tree is decoded on several threads ([`Store::all`]).
pub trait Record: Serialize + DeserializeOwned + Send {
    const TREE: &'static str;
    /// The record version written now; older ones are read through [`Record::migrate`].
    const VERSION: u32;
    /// The key in [`Record::TREE`]: big-endian id, so keys sort by id.
    fn key(&self) -> Vec<u8>;
    /// Reads a payload written at `from_version` (< `VERSION`).
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError>
    where
        Self: Sized;
}

impl Record for Council {
    const TREE: &'static str = "council";
    /// 2: a separately recorded Town Mayor is merged into the Chairman (R-M2).
    const VERSION: u32 = 2;
    fn key(&self) -> Vec<u8> {
        b"council".to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::council(from_version, payload)
    }
}

impl Record for Member {
    const TREE: &'static str = "members";
    /// 2: a sort name the clerk may set (R-M1).
    const VERSION: u32 = 2;
    fn key(&self) -> Vec<u8> {
        self.id.0.to_be_bytes().to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::member(from_version, payload)
    }
}

impl Record for Officer {
    const TREE: &'static str = "officers";
    /// 2: who gave the protocol briefing (R-O2) and the recruitment panel (R-O1).
    const VERSION: u32 = 2;
    fn key(&self) -> Vec<u8> {
        self.id.0.to_be_bytes().to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::officer(from_version, payload)
    }
}

impl Record for Settings {
    const TREE: &'static str = "settings";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        b"settings".to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("settings", from_version, Self::VERSION, payload)
    }
}

impl Record for AuditEvent {
    const TREE: &'static str = "audit";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        self.seq.to_be_bytes().to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("audit event", from_version, Self::VERSION, payload)
    }
}

/// One record to save (or remove) as part of a [`Store::commit`].
#[derive(Debug, Clone)]
pub struct Write {
    tree: &'static str,
    key: Vec<u8>,
    /// `Some` to save, `None` to remove. An encoding failure is kept and reported by `commit`,
    /// which then saves nothing.
    value: Option<Result<Vec<u8>, EnvelopeError>>,
}

impl Write {
    /// Saves `r` under its key, in its tree, at its current version.
    pub fn put<R: Record>(r: &R) -> Write {
        Write {
            tree: R::TREE,
            key: r.key(),
            value: Some(envelope::encode(R::VERSION, r)),
        }
    }

    /// Removes the record of kind `R` stored under `key`.
    pub fn remove<R: Record>(key: Vec<u8>) -> Write {
        Write {
            tree: R::TREE,
            key,
            value: None,
        }
    }

    pub fn tree(&self) -> &'static str {
        self.tree
    }

    pub fn key(&self) -> &[u8] {
        &self.key
    }
}

/// An audit event before the store gives it its sequence number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditDraft {
    pub at: NaiveDateTime,
    pub actor: String,
    pub subject: Subject,
    pub action: String,
    pub changes: Vec<Change>,
    pub note: Option<String>,
    pub cite: Option<Cite>,
}

impl AuditDraft {
    /// The event as stored: the draft itself with its sequence number (moved, not copied: an
    /// import stamps 100,000 of them).
    fn stamp(self, seq: u64) -> AuditEvent {
        AuditEvent {
            seq,
            at: self.at,
            actor: self.actor,
            subject: self.subject,
            action: self.action,
            changes: self.changes,
            note: self.note,
            cite: self.cite,
        }
    }
}

/// A council's records on disk.
pub struct Store {
    db: sled::Db,
    path: PathBuf,
    council: sled::Tree,
    audit: sled::Tree,
    audit_index: sled::Tree,
    /// The change journal, open for appending; its lock orders commits. `None` when the store was
    /// only read ([`Store::open_read_only`]): nothing is ever written then.
    journal: std::sync::Mutex<Option<journal::Appender>>,
    /// What opening found and put right.
    notices: Vec<String>,
    /// The folder's lock, held while the store is open (none when it is only read).
    _lock: Option<std::fs::File>,
    /// Where a store only read keeps its database: removed after the database closes (fields drop
    /// in order, this one last).
    _scratch: Option<recover::Scratch>,
    /// How many commits this handle has made: a screen's lists are current while it is unchanged.
    commits: std::sync::atomic::AtomicU64,
    /// Every commit of this session went into both the journal and the database: only then is a
    /// clean-close mark written when the store closes.
    sound: std::sync::atomic::AtomicBool,
    verified: Verified,
    /// The open-cases index is current ([`OPEN_INDEX_KEY`]), and every commit keeps it so.
    open_index: std::sync::atomic::AtomicBool,
    /// A commit failed part-way and what it had applied could not be taken back out: nothing
    /// more is saved until the store is opened again (and put right from its journal).
    halted: std::sync::atomic::AtomicBool,
}

/// What a clerk is told once a commit could not be taken back out of the database.
const HALTED: &str = "nothing more can be saved until clerkdesk is closed and the council opened again, when the database is put right from the change journal";

/// How opening made sure the database holds what was saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verified {
    /// Closed cleanly and untouched since (its clean-close mark holds): the journal's last entry
    /// and the database's last applied change were checked.
    Tail,
    /// The database was compared with the whole journal (and brought up to date or rebuilt from
    /// it), or built from it, or only read.
    Whole,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

pub(crate) fn sled_error(path: &Path, e: sled::Error) -> StoreError {
    let path = path.to_path_buf();
    match e {
        sled::Error::Io(source) if source.to_string().contains("could not acquire lock") => {
            StoreError::Locked { path }
        }
        sled::Error::Io(source) => StoreError::Io { path, source },
        sled::Error::Corruption { at, .. } => StoreError::Damaged {
            path,
            detail: match at {
                Some(at) => format!("the database file is corrupt at {at:?}"),
                None => "the database file is corrupt".into(),
            },
        },
        other => StoreError::Damaged {
            path,
            detail: envelope::one_line(&other.to_string()),
        },
    }
}

/// A key as a clerk (or whoever they call) can find it: text, or a number for 4- or 8-byte ids.
fn show_key(key: &[u8]) -> String {
    match std::str::from_utf8(key) {
        Ok(s) if !s.is_empty() && s.chars().all(|c| !c.is_control()) => format!("\"{s}\""),
        _ => match key.len() {
            4 => {
                let mut b = [0u8; 4];
                b.copy_from_slice(key);
                u32::from_be_bytes(b).to_string()
            }
            8 => {
                let mut b = [0u8; 8];
                b.copy_from_slice(key);
                u64::from_be_bytes(b).to_string()
            }
            _ => key.iter().map(|b| format!("{b:02x}")).collect(),
        },
    }
}

/// A tree with fewer records than this is decoded on the calling thread: starting threads would
/// cost more than they save.
const DECODE_ALONE_UNDER: usize = 4_096;

/// How many threads may decode at once: the machine's cores, at most 8.
fn parallelism() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
}

/// Every record in `tree`, in key order, decoded on up to `threads` threads.
///
/// The tree is walked once, keeping each key and value (sled's `IVec`s: a clone is a reference
/// count), then decoded in contiguous runs, one per thread, each stopping at its first damaged
/// record. The answer is what decoding one by one in key order gives: the records in key order,
/// or the error of the first record by key that fails. A failure of sled's walk itself is
/// reported only if no record before it failed to decode, as one pass in key order would.
fn decode_all<R: Record>(
    tree: &sled::Tree,
    path: &Path,
    threads: usize,
) -> Result<Vec<R>, StoreError> {
    // Not `tree.len()`: in sled that walks the whole tree, and this walks it once already.
    let mut raw: Vec<(sled::IVec, sled::IVec)> = Vec::new();
    let mut walk_failed = None;
    for item in tree.iter() {
        match item {
            Ok(kv) => raw.push(kv),
            Err(e) => {
                walk_failed = Some(sled_error(path, e));
                break;
            }
        }
    }
    let decode_run = |run: &[(sled::IVec, sled::IVec)]| -> Result<Vec<R>, StoreError> {
        let mut out = Vec::with_capacity(run.len());
        for (key, value) in run {
            out.push(envelope::decode(value).map_err(|e| envelope_error(path, R::TREE, key, e))?);
        }
        Ok(out)
    };
    let threads = threads.max(1);
    let decoded = if threads == 1 || raw.len() < DECODE_ALONE_UNDER {
        decode_run(&raw)?
    } else {
        let per = raw.len().div_ceil(threads);
        let runs: Vec<Result<Vec<R>, StoreError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = raw
                .chunks(per)
                .map(|run| scope.spawn(move || decode_run(run)))
                .collect();
            handles
                .into_iter()
                .map(|h| match h.join() {
                    Ok(run) => run,
                    // A decode that panicked is a bug, not damage; said as plainly as we can.
                    Err(_) => Err(StoreError::Damaged {
                        path: path.to_path_buf(),
                        detail: format!("tree {}: a record could not be decoded", R::TREE),
                    }),
                })
                .collect()
        });
        let mut out = Vec::with_capacity(raw.len());
        // In key order: the first run that failed holds the first record by key that failed.
        for run in runs {
            out.extend(run?);
        }
        out
    };
    match walk_failed {
        Some(e) => Err(e),
        None => Ok(decoded),
    }
}

pub(crate) fn envelope_error(path: &Path, tree: &str, key: &[u8], e: EnvelopeError) -> StoreError {
    let path = path.to_path_buf();
    match e {
        EnvelopeError::TooNew { found, supported } => StoreError::TooNew {
            path,
            found,
            supported,
        },
        EnvelopeError::Damaged(why) => StoreError::Damaged {
            path,
            detail: format!("tree {tree}, key {}: {why}", show_key(key)),
        },
        EnvelopeError::Encode(why) => StoreError::Refused {
            path,
            detail: format!(
                "a record for tree {tree}, key {}, could not be encoded: {why}",
                show_key(key)
            ),
        },
    }
}

pub(crate) fn audit_index_key(subject: &Subject, seq: u64) -> Vec<u8> {
    let mut key = audit_index_prefix(subject);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

fn audit_index_prefix(subject: &Subject) -> Vec<u8> {
    let s = subject.0.as_bytes();
    let mut key = Vec::with_capacity(4 + s.len() + 8);
    // A subject longer than 4 GiB cannot be built in practice; saturate rather than wrap.
    key.extend_from_slice(&u32::try_from(s.len()).unwrap_or(u32::MAX).to_be_bytes());
    key.extend_from_slice(s);
    key
}

/// How long `Store::open` keeps trying while the lock is held. sled 0.34 releases its file lock a
/// moment after the last handle is dropped (spacejam/sled#1234), so closing and reopening at once
/// can meet our own lock; another clerkdesk holds it far longer than this.
const LOCK_WAIT: Duration = Duration::from_millis(1500);
const LOCK_RETRY: Duration = Duration::from_millis(50);

fn open_db(dir: &Path) -> Result<sled::Db, StoreError> {
    let config = sled::Config::new().path(dir);
    let started = Instant::now();
    loop {
        // sled 0.34 can panic on some garbled files instead of returning an error; a clerk should
        // see "damaged", not a crash.
        let opened = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
        match opened {
            Ok(Ok(db)) => return Ok(db),
            Ok(Err(e)) => match sled_error(dir, e) {
                StoreError::Locked { .. } if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(LOCK_RETRY)
                }
                other => return Err(other),
            },
            Err(panic) => {
                let why = panic
                    .downcast_ref::<String>()
                    .map(String::as_str)
                    .or_else(|| panic.downcast_ref::<&str>().copied())
                    .unwrap_or("the database could not be read");
                return Err(StoreError::Damaged {
                    path: dir.to_path_buf(),
                    detail: envelope::one_line(why),
                });
            }
        }
    }
}

/// The last sequence number given to an audit event, read from `meta`.
fn read_u64(meta: &sled::Tree, dir: &Path, key: &[u8]) -> Result<Option<u64>, StoreError> {
    let Some(raw) = meta.get(key).map_err(|e| sled_error(dir, e))? else {
        return Ok(None);
    };
    match <[u8; 8]>::try_from(raw.as_ref()) {
        Ok(b) => Ok(Some(u64::from_be_bytes(b))),
        Err(_) => Err(StoreError::Damaged {
            path: dir.to_path_buf(),
            detail: format!("tree meta, key {}: not a sequence number", show_key(key)),
        }),
    }
}

/// A number to tell this store's journal from another's: the clock and the process.
fn new_store_id() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    nanos ^ (u64::from(std::process::id()) << 32) | 1
}

/// How many operations go to sled in one transaction. sled keeps a copy of every node a
/// transaction touches until the transaction ends: one transaction of a 100,000-row import
/// (300,000 inserts) held 1.1 GB (docs/PERFORMANCE.md). A journal entry larger than this is
/// applied in parts of this size; it stays one entry, so all or nothing on disk.
const PART: usize = 4096;

/// What applying a journal entry did when one of its parts failed.
struct PartFailed {
    error: StoreError,
    /// The parts already applied were taken out again (or there were none): the database is as
    /// it was before the entry.
    put_back: bool,
}

/// Applies `ops` to `db` and records `seq` as the last journal entry applied. In transactions of
/// at most [`PART`] operations, `seq` only with the last: a database stopped part-way (the
/// process killed, the machine off) still says it lacks the entry, and the next open applies the
/// whole entry again from the journal (every operation is a put or a remove, so applying one twice
/// is harmless).
fn apply(db: &sled::Db, dir: &Path, ops: &[journal::Op], seq: u64) -> Result<(), StoreError> {
    apply_in_parts(db, dir, &mut InMemory(ops), seq, false).map_err(|f| f.error)
}

/// Where the operations of one journal entry come from, [`PART`] at a time: held in memory (an
/// entry read from the journal, a small commit) or read back from the journal file (a large
/// commit, never held whole: [`FromJournal`]).
trait Parts {
    /// How many operations the entry holds.
    fn len(&self) -> usize;
    /// Operations `n * PART ..` up to `PART` of them (fewer for the last part). Asked in order,
    /// then, to put parts back, any part already given, again.
    fn part(&mut self, n: usize) -> Result<std::borrow::Cow<'_, [journal::Op]>, StoreError>;
}

/// The operations `n * PART ..` of `ops`.
fn part_range(len: usize, n: usize) -> std::ops::Range<usize> {
    (n * PART).min(len)..((n + 1) * PART).min(len)
}

struct InMemory<'a>(&'a [journal::Op]);

impl Parts for InMemory<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn part(&mut self, n: usize) -> Result<std::borrow::Cow<'_, [journal::Op]>, StoreError> {
        Ok(std::borrow::Cow::Borrowed(
            &self.0[part_range(self.0.len(), n)],
        ))
    }
}

/// An entry's operations read back from the journal file, one part at a time; where each part
/// starts is remembered, so a part can be read again to be put back.
struct FromJournal<'a> {
    path: &'a Path,
    dir: &'a Path,
    payload: journal::Payload,
    reader: Option<journal::EntryReader>,
    /// Where part `n` starts, for each part read so far.
    starts: Vec<journal::ReadAt>,
}

impl FromJournal<'_> {
    fn io(&self, source: io::Error) -> StoreError {
        StoreError::Io {
            path: self.dir.to_path_buf(),
            source,
        }
    }
}

impl Parts for FromJournal<'_> {
    fn len(&self) -> usize {
        self.payload.count
    }
    fn part(&mut self, n: usize) -> Result<std::borrow::Cow<'_, [journal::Op]>, StoreError> {
        let range = part_range(self.payload.count, n);
        let reader = match n.cmp(&self.starts.len()) {
            // The next part: on from where the last one ended.
            std::cmp::Ordering::Equal => {
                if self.reader.is_none() {
                    let opened = journal::EntryReader::open(self.path, self.payload);
                    self.reader = Some(opened.map_err(|e| self.io(e))?);
                }
                let reader = self.reader.as_mut().expect("opened above");
                self.starts.push(reader.position());
                reader
            }
            // A part read before, read again (to put it back).
            std::cmp::Ordering::Less => {
                let again = journal::EntryReader::resume(self.path, self.payload, self.starts[n]);
                self.reader = None;
                self.reader.insert(again.map_err(|e| self.io(e))?)
            }
            std::cmp::Ordering::Greater => {
                return Err(self.io(io::Error::other("journal entry read out of order")))
            }
        };
        let mut ops = Vec::with_capacity(range.len());
        for _ in range {
            match reader.next_op() {
                Ok(Some(op)) => ops.push(op),
                Ok(None) => {
                    return Err(StoreError::Io {
                        path: self.dir.to_path_buf(),
                        source: io::Error::other("a journal entry ended early"),
                    })
                }
                Err(e) => {
                    return Err(StoreError::Io {
                        path: self.dir.to_path_buf(),
                        source: e,
                    })
                }
            }
        }
        Ok(std::borrow::Cow::Owned(ops))
    }
}

/// The trees a commit touches, opened as its operations name them; `meta` is always the first.
struct Trees<'a> {
    db: &'a sled::Db,
    dir: &'a Path,
    names: Vec<Vec<u8>>,
    trees: Vec<sled::Tree>,
}

impl<'a> Trees<'a> {
    fn new(db: &'a sled::Db, dir: &'a Path) -> Result<Trees<'a>, StoreError> {
        let meta = db.open_tree(META_TREE).map_err(|e| sled_error(dir, e))?;
        Ok(Trees {
            db,
            dir,
            names: vec![META_TREE.as_bytes().to_vec()],
            trees: vec![meta],
        })
    }

    /// The index of tree `name`, opened the first time it is named.
    fn slot(&mut self, name: &[u8]) -> Result<usize, StoreError> {
        if let Some(i) = self.names.iter().position(|n| n.as_slice() == name) {
            return Ok(i);
        }
        let tree = self
            .db
            .open_tree(name)
            .map_err(|e| sled_error(self.dir, e))?;
        self.names.push(name.to_vec());
        self.trees.push(tree);
        Ok(self.trees.len() - 1)
    }

    /// The index of each operation's tree.
    fn slots(&mut self, ops: &[journal::Op]) -> Result<Vec<usize>, StoreError> {
        ops.iter().map(|op| self.slot(&op.tree)).collect()
    }
}

/// One key's change in one transaction: its tree (an index into the trees), key, and the value to
/// leave (`None` removes it).
type KeyChange<'a> = (usize, &'a [u8], Option<&'a [u8]>);

/// Applies `changes` in one sled transaction, and `seq` as the last journal entry applied when
/// given.
fn transact(
    trees: &[sled::Tree],
    dir: &Path,
    changes: &[KeyChange<'_>],
    seq: Option<u64>,
) -> Result<(), StoreError> {
    // Tests stop or fail a chosen transaction here.
    #[cfg(test)]
    parts_tests::before_transaction(&trees[0], dir)?;
    let result: Result<(), TransactionError<()>> = trees.transaction(|tx| {
        for &(i, key, value) in changes {
            match value {
                Some(v) => {
                    tx[i].insert(key, v)?;
                }
                None => {
                    tx[i].remove(key)?;
                }
            }
        }
        if let Some(seq) = seq {
            tx[0].insert(JOURNAL_SEQ_KEY, &seq.to_be_bytes())?;
        }
        Ok(())
    });
    match result {
        // The closure never aborts.
        Ok(()) | Err(TransactionError::Abort(())) => Ok(()),
        Err(TransactionError::Storage(e)) => Err(sled_error(dir, e)),
    }
}

/// [`apply`] in parts; with `undoable`, what each part replaces is read first, so that when a
/// later part fails the earlier ones are put back (in reverse) and the database is left as it was.
/// A commit needs that (it then says nothing was saved, and takes the entry out of the journal);
/// bringing a database up to date from its journal does not (a failure there fails the open).
/// Only one part of `ops` is held at a time when they come from the journal file.
fn apply_in_parts(
    db: &sled::Db,
    dir: &Path,
    ops: &mut dyn Parts,
    seq: u64,
    undoable: bool,
) -> Result<(), PartFailed> {
    let nothing_applied = |error| PartFailed {
        error,
        put_back: true,
    };
    let mut trees = Trees::new(db, dir).map_err(nothing_applied)?;
    let parts = ops.len().div_ceil(PART).max(1);
    let mut undo = Undo {
        applied: 0,
        was: Vec::new(),
    };
    for n in 0..parts {
        let last = n + 1 == parts;
        let done = (|| {
            let part = ops.part(n)?;
            let slots = trees.slots(&part)?;
            if undoable && !last {
                // Only the keys that held something are remembered (with what they held): an
                // import's keys are new, and putting them back is removing them.
                for (i, (op, &slot)) in part.iter().zip(&slots).enumerate() {
                    let held = trees.trees[slot]
                        .get(&op.key)
                        .map_err(|e| sled_error(dir, e))?;
                    if let Some(v) = held {
                        undo.was.push((n * PART + i, v));
                    }
                }
            }
            let changes: Vec<KeyChange<'_>> = part
                .iter()
                .zip(&slots)
                .map(|(op, &i)| (i, op.key.as_slice(), op.value.as_deref()))
                .collect();
            // sled takes all of a part or none of it.
            transact(&trees.trees, dir, &changes, last.then_some(seq))
        })();
        if let Err(e) = done {
            return Err(undo.put_back(ops, &mut trees, dir, e));
        }
        undo.applied = n + 1;
    }
    Ok(())
}

/// What the parts of an entry applied so far replaced.
struct Undo {
    /// Parts `..applied` are in the database.
    applied: usize,
    /// The operations among those whose key held a value before, with that value, in order.
    was: Vec<(usize, sled::IVec)>,
}

impl Undo {
    /// Takes the parts applied so far back out, last operation first: each key gets the value it
    /// had before, or none. In transactions of [`PART`] operations, each part read again.
    fn put_back(
        &self,
        ops: &mut dyn Parts,
        trees: &mut Trees<'_>,
        dir: &Path,
        error: StoreError,
    ) -> PartFailed {
        let was: std::collections::HashMap<usize, &sled::IVec> =
            self.was.iter().map(|(at, v)| (*at, v)).collect();
        for n in (0..self.applied).rev() {
            let taken_out = (|| {
                let part = ops.part(n)?;
                let slots = trees.slots(&part)?;
                let changes: Vec<KeyChange<'_>> = part
                    .iter()
                    .zip(&slots)
                    .enumerate()
                    .rev()
                    .map(|(i, (op, &slot))| {
                        (
                            slot,
                            op.key.as_slice(),
                            was.get(&(n * PART + i)).map(|v| v.as_ref()),
                        )
                    })
                    .collect();
                transact(&trees.trees, dir, &changes, None)
            })();
            if taken_out.is_err() {
                return PartFailed {
                    error,
                    put_back: false,
                };
            }
        }
        PartFailed {
            error,
            put_back: true,
        }
    }
}

/// Every key and value of every tree, as journal operations (a snapshot entry).
fn snapshot_ops(db: &sled::Db, dir: &Path) -> Result<Vec<journal::Op>, StoreError> {
    let mut names = db.tree_names();
    names.sort();
    let mut ops = Vec::new();
    for name in names {
        let tree = db.open_tree(&name).map_err(|e| sled_error(dir, e))?;
        for item in tree.iter() {
            let (key, value) = item.map_err(|e| sled_error(dir, e))?;
            ops.push(journal::Op {
                tree: name.to_vec(),
                key: key.to_vec(),
                value: Some(value.to_vec()),
            });
        }
    }
    Ok(ops)
}

/// Rewrites the journal of the store in `dir` as one snapshot of `db` (giving the store an
/// identity first if it has none), and opens it for appending.
fn compact(db: &sled::Db, dir: &Path) -> Result<journal::Appender, StoreError> {
    let io_err = |source| StoreError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let meta = db.open_tree(META_TREE).map_err(|e| sled_error(dir, e))?;
    let store_id = match read_u64(&meta, dir, STORE_ID_KEY)? {
        Some(id) => id,
        None => {
            let id = new_store_id();
            meta.insert(STORE_ID_KEY, &id.to_be_bytes())
                .map_err(|e| sled_error(dir, e))?;
            id
        }
    };
    let seq = read_u64(&meta, dir, JOURNAL_SEQ_KEY)?.unwrap_or(0);
    if meta
        .get(JOURNAL_SEQ_KEY)
        .map_err(|e| sled_error(dir, e))?
        .is_none()
    {
        meta.insert(JOURNAL_SEQ_KEY, &seq.to_be_bytes())
            .map_err(|e| sled_error(dir, e))?;
    }
    db.flush().map_err(|e| sled_error(dir, e))?;
    let ops = snapshot_ops(db, dir)?;
    let path = dir.join(journal::FILE);
    journal::write_new(&path, store_id, seq, &ops).map_err(io_err)?;
    let read = journal::read(&path)
        .map_err(|e| journal_error(dir, e))?
        .ok_or_else(|| io_err(io::Error::other("the journal just written is not there")))?;
    journal::Appender::open(&path, &read).map_err(io_err)
}

fn journal_error(dir: &Path, e: journal::ReadError) -> StoreError {
    match e {
        journal::ReadError::Io(source) => StoreError::Io {
            path: dir.to_path_buf(),
            source,
        },
        journal::ReadError::Header(why) => StoreError::Damaged {
            path: dir.to_path_buf(),
            detail: format!("its change journal cannot be read: {why}"),
        },
    }
}

/// How many changes, in words.
fn changes(n: usize) -> String {
    if n == 1 {
        "1 saved change".into()
    } else {
        format!("{n} saved changes")
    }
}

/// Moves sled's files aside and builds the database again from the whole journal.
fn rebuild(
    dir: &Path,
    journal: &journal::Journal,
) -> Result<(sled::Db, Option<PathBuf>), StoreError> {
    let moved =
        folder::quarantine(dir, "database", &folder::sled_files(dir)).map_err(|source| {
            StoreError::Io {
                path: dir.to_path_buf(),
                source,
            }
        })?;
    let db = open_db(dir)?;
    for e in &journal.entries {
        apply(&db, dir, &e.ops, e.seq)?;
    }
    db.flush().map_err(|e| sled_error(dir, e))?;
    Ok((db, moved))
}

/// The sequence number of the last journal entry the database holds.
fn applied_seq(db: &sled::Db, dir: &Path) -> Result<Option<u64>, StoreError> {
    let meta = db.open_tree(META_TREE).map_err(|e| sled_error(dir, e))?;
    read_u64(&meta, dir, JOURNAL_SEQ_KEY)
}

/// The first difference between the database and what its journal says it holds, if any.
fn differs(
    db: &sled::Db,
    dir: &Path,
    journal: &journal::Journal,
) -> Result<Option<String>, StoreError> {
    use std::collections::BTreeMap;
    let mut expected: BTreeMap<(&[u8], &[u8]), &[u8]> = BTreeMap::new();
    for e in &journal.entries {
        for op in &e.ops {
            let at = (op.tree.as_slice(), op.key.as_slice());
            match &op.value {
                Some(v) => {
                    expected.insert(at, v);
                }
                None => {
                    expected.remove(&at);
                }
            }
        }
    }
    let last = journal.last_seq().map(u64::to_be_bytes);
    if let Some(last) = &last {
        expected.insert((META_TREE.as_bytes(), JOURNAL_SEQ_KEY), last);
    }
    let what = |tree: &[u8], key: &[u8]| {
        format!(
            "tree {}, key {}",
            String::from_utf8_lossy(tree),
            show_key(key)
        )
    };
    let mut found = 0usize;
    for name in db.tree_names() {
        let tree = db.open_tree(&name).map_err(|e| sled_error(dir, e))?;
        for item in tree.iter() {
            let (key, value) = item.map_err(|e| sled_error(dir, e))?;
            match expected.get(&(name.as_ref(), key.as_ref())) {
                Some(v) if *v == value.as_ref() => found += 1,
                Some(_) => return Ok(Some(format!("{} differs", what(&name, &key)))),
                None => return Ok(Some(format!("{} was never saved", what(&name, &key)))),
            }
        }
    }
    if found < expected.len() {
        for (tree, key) in expected.keys() {
            let there = db
                .open_tree(tree)
                .and_then(|t| t.contains_key(key))
                .map_err(|e| sled_error(dir, e))?;
            if !there {
                return Ok(Some(format!("{} is missing", what(tree, key))));
            }
        }
    }
    Ok(None)
}

/// A journal larger than this, and more than twice the size of the snapshot it starts with, is
/// rewritten from the store on open.
const COMPACT_OVER: u64 = 8 * 1024 * 1024;

/// Whether the journal has grown enough past its snapshot to be rewritten: over [`COMPACT_OVER`]
/// and over twice its first entry (a store whose snapshot alone is larger than that is not
/// rewritten on every open).
fn too_long(a: &journal::Appender) -> bool {
    a.len() > COMPACT_OVER
        && journal::head_len(a.path()).map_or(true, |head| a.len() > head.saturating_mul(2))
}

/// Opens the store in `dir` after a clean close, if `mark` still holds: sled's files and the
/// journal untouched since, the database with the store's identity and the journal's last change.
/// Then, as on any open, an older format is migrated (`true`: rewritten outside the journal, which
/// is then written afresh). `None` (the database closed again) for the full check.
fn clean_open(dir: &Path, mark: &clean::Mark) -> Option<(sled::Db, journal::Appender, bool)> {
    if !clean::holds(dir, mark) {
        return None;
    }
    let db = open_db(dir).ok()?;
    let meta = db.open_tree(META_TREE).ok()?;
    let same = read_u64(&meta, dir, STORE_ID_KEY).ok()? == Some(mark.store_id)
        && read_u64(&meta, dir, JOURNAL_SEQ_KEY).ok()? == Some(mark.journal.last_seq);
    if !same {
        return None;
    }
    let rewritten = migrate::on_open(&db, dir, true).ok()?;
    let appender = journal::Appender::resume(&dir.join(journal::FILE), mark.journal).ok()?;
    Some((db, appender, rewritten))
}

impl Store {
    /// Opens (creating if need be) the store in `dir`: owner-only folder, sled's lock, format check
    /// and migration of older formats; then brings the database up to date from the change journal,
    /// rebuilding it from the journal when sled's files are damaged. What was recovered is in
    /// [`Store::notices`].
    ///
    /// Only a new or empty folder, a marked store, or a store made before the marker (which is then
    /// marked) is opened; any other folder is refused untouched.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let _watch = watchdog::guard("opening", dir);
        let io_err = |source: io::Error| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        };
        match folder::kind(dir) {
            folder::Kind::NotAFolder => {
                return Err(io_err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    "a file is in the way",
                )))
            }
            folder::Kind::Foreign => {
                return Err(StoreError::NotAStore {
                    path: dir.to_path_buf(),
                })
            }
            folder::Kind::Missing => {
                check_space(dir, 0)?;
                std::fs::create_dir_all(dir).map_err(io_err)?
            }
            folder::Kind::Empty | folder::Kind::Marked | folder::Kind::Unmarked => {
                check_space(dir, 0)?
            }
        }
        // Owner-only: group and others lose access. The owner's own bits are left as they are, so a
        // folder its owner made read-only stays read-only (and is then only read: `export`, `backup`).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir).map_err(io_err)?.permissions().mode();
            if mode & 0o077 != 0 {
                std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode & 0o700))
                    .map_err(io_err)?;
            }
        }
        if folder::kind(dir) != folder::Kind::Marked {
            folder::mark(dir).map_err(io_err)?;
        }
        // Ours before anything in the folder is moved aside or read.
        let started = Instant::now();
        let lock = loop {
            match folder::lock(dir).map_err(io_err)? {
                Some(lock) => break lock,
                None if started.elapsed() < LOCK_WAIT => std::thread::sleep(LOCK_RETRY),
                None => {
                    return Err(StoreError::Locked {
                        path: dir.to_path_buf(),
                    })
                }
            }
        };
        let mut notices = Vec::new();
        // sled picks the last `snap.*` file by name, unfinished ones included (spacejam/sled#1527).
        let leftovers = folder::leftover_snapshots(dir);
        if let Some(to) = folder::quarantine(dir, "snapshot", &leftovers).map_err(io_err)? {
            notices.push(format!(
                "an unfinished database snapshot left by an interrupted run was moved aside to {}; nothing was lost",
                to.display()
            ));
        }
        // Closed cleanly and untouched since: the journal's tail and the last change applied are
        // all there is to check (store/clean.rs). Otherwise, the whole check below.
        if let Some(mark) = clean::read(dir) {
            if let Some((db, appender, rewritten)) = clean_open(dir, &mark) {
                let appender = if rewritten || too_long(&appender) {
                    compact(&db, dir)?
                } else {
                    appender
                };
                return Store::ready(dir, db, appender, notices, lock, Verified::Tail);
            }
        }
        let journal_path = dir.join(journal::FILE);
        let mut journal = match journal::read(&journal_path) {
            Ok(j) => j,
            Err(journal::ReadError::Header(why)) => {
                let to = folder::quarantine(dir, "journal", std::slice::from_ref(&journal_path))
                    .map_err(io_err)?;
                notices.push(format!(
                    "the change journal could not be read ({why}); it was moved aside to {}",
                    to.map(|p| p.display().to_string()).unwrap_or_default()
                ));
                None
            }
            Err(e) => return Err(journal_error(dir, e)),
        };
        // A store whose database file has something in it, yet yields no format and no records, was
        // garbled: sled reads a garbled log as a torn write and recovers nothing, silently.
        // So was one whose database file is empty or gone while its backups or journal are there.
        let had_data = std::fs::metadata(dir.join("db")).is_ok_and(|m| m.len() > 0)
            || backup::newest(dir).is_some()
            || journal.as_ref().is_some_and(|j| !j.entries.is_empty());
        // Rewritten outside the journal (a new store stamped, an old one upgraded): the journal is
        // written afresh from it below.
        let mut rewritten = false;
        let opened = open_db(dir).and_then(|db| {
            rewritten = migrate::on_open(&db, dir, had_data)?;
            Ok(db)
        });
        let mut db = match opened {
            Ok(db) => db,
            Err(StoreError::Damaged { path, detail }) => {
                // Every saved change, from the journal alone or from the newest backup and the
                // journal after it; or nothing, and the clerk is told which backup to restore.
                let Some(plan) = recover::plan(dir, journal.as_ref(), recover::Need::Everything)
                else {
                    return Err(StoreError::Damaged { path, detail });
                };
                let moved = folder::quarantine(dir, "database", &folder::sled_files(dir))
                    .map_err(io_err)?;
                let db = open_db(dir)?;
                plan.apply_to(&db, dir)?;
                rewritten = migrate::on_open(&db, dir, true)?;
                let moved = moved.map(|p| p.display().to_string()).unwrap_or_default();
                match plan.backup() {
                    None => notices.push(format!(
                        "the database files were damaged ({detail}); the council was rebuilt from the change journal, and the damaged files were moved aside to {moved}"
                    )),
                    Some(_) => {
                        // The journal could not rebuild it alone: it is damaged too. Kept aside;
                        // a new one is written from the council as brought back.
                        let aside =
                            folder::quarantine(dir, "journal", std::slice::from_ref(&journal_path))
                                .map_err(io_err)?;
                        journal = None;
                        notices.push(format!(
                            "the database files were damaged ({detail}) and so was the start of the change journal; the council was brought back from {}; the damaged files were moved aside to {moved}{}",
                            plan.describe(),
                            aside
                                .map(|p| format!(" and {}", p.display()))
                                .unwrap_or_default()
                        ));
                    }
                }
                db
            }
            Err(e) => return Err(e),
        };
        let mut appender = None;
        if let Some(j) = journal.as_mut() {
            let id = {
                let meta = db.open_tree(META_TREE).map_err(|e| sled_error(dir, e))?;
                read_u64(&meta, dir, STORE_ID_KEY)?
            };
            let applied = applied_seq(&db, dir)?;
            let last = j.last_seq();
            if id != Some(j.store_id) {
                let to = folder::quarantine(dir, "journal", std::slice::from_ref(&journal_path))
                    .map_err(io_err)?;
                notices.push(format!(
                    "the change journal belongs to another store; it was moved aside to {}",
                    to.map(|p| p.display().to_string()).unwrap_or_default()
                ));
            } else if let Some(entries) = applied
                .filter(|a| j.last_readable_seq() > Some(*a) && last <= Some(*a))
                .and_then(|a| j.carried_on_from(a))
            {
                // The database is behind, and the changes it lacks are past damage in the journal:
                // read one by one (each checked), they carry it forward. The damaged journal is
                // moved aside below and a new one written from the result.
                for e in &entries {
                    apply(&db, dir, &e.ops, e.seq)?;
                }
                db.flush().map_err(|e| sled_error(dir, e))?;
                notices.push(format!(
                    "recovered {} from past damage in the change journal that the database had not kept",
                    changes(entries.len())
                ));
                rewritten |= migrate::on_open(&db, dir, true)?;
            } else if applied < last {
                // Behind its journal: bring it up to date, then check sled kept it.
                let from = applied.unwrap_or(0);
                let missing = match applied.and_then(|a| j.after(a)) {
                    Some(entries) => {
                        for e in entries {
                            apply(&db, dir, &e.ops, e.seq)?;
                        }
                        db.flush().map_err(|e| sled_error(dir, e))?;
                        drop(db);
                        db = open_db(dir)?;
                        entries.len()
                    }
                    None => 0,
                };
                if missing > 0 && applied_seq(&db, dir)? == last {
                    notices.push(format!(
                        "recovered {} from the change journal that the database had not kept",
                        changes(missing)
                    ));
                } else {
                    // sled lost what it was given, or the journal was compacted past it.
                    drop(db);
                    let (rebuilt, moved) = rebuild(dir, j)?;
                    db = rebuilt;
                    if applied_seq(&db, dir)? != last {
                        return Err(StoreError::Damaged {
                            path: dir.to_path_buf(),
                            detail: "the database does not keep what is written to it".into(),
                        });
                    }
                    notices.push(format!(
                        "the database had lost {} since change {from}; the council was rebuilt from the change journal, and the old database files were moved aside to {}",
                        changes(last.map_or(0, |l| (l - from) as usize)),
                        moved.map(|p| p.display().to_string()).unwrap_or_default()
                    ));
                }
                rewritten |= migrate::on_open(&db, dir, true)?;
            } else if applied > last {
                let to = folder::quarantine(dir, "journal", std::slice::from_ref(&journal_path))
                    .map_err(io_err)?;
                notices.push(format!(
                    "the change journal was behind the database; the old journal was moved aside to {} and a new one written",
                    to.map(|p| p.display().to_string()).unwrap_or_default()
                ));
            }
            // sled can also drop a record quietly (a missing blob): the store must hold exactly
            // what its journal says.
            let comparable = !rewritten
                && journal_path.is_file()
                && !matches!(j.trouble, Some(journal::Trouble::Damaged { .. }))
                && applied_seq(&db, dir)? == last;
            if comparable {
                if let Some(difference) = differs(&db, dir, j)? {
                    drop(db);
                    let (rebuilt, moved) = rebuild(dir, j)?;
                    db = rebuilt;
                    rewritten = migrate::on_open(&db, dir, true)?;
                    notices.push(format!(
                        "the database did not hold what was saved ({difference}); the council was rebuilt from the change journal, and the old database files were moved aside to {}",
                        moved.map(|p| p.display().to_string()).unwrap_or_default()
                    ));
                }
            }
            if journal_path.is_file() {
                match &j.trouble {
                    Some(journal::Trouble::Damaged { detail, .. }) => {
                        let to =
                            folder::quarantine(dir, "journal", std::slice::from_ref(&journal_path))
                                .map_err(io_err)?;
                        notices.push(format!(
                            "the change journal was damaged ({detail}); it was moved aside to {} and a new one written from the database",
                            to.map(|p| p.display().to_string()).unwrap_or_default()
                        ));
                    }
                    Some(journal::Trouble::TornTail { at, .. }) => {
                        // A commit interrupted before it was reported saved: kept aside, cut off.
                        if let Ok(all) = std::fs::read(&journal_path) {
                            let tail = all.get(*at as usize..).unwrap_or_default();
                            if let Ok(q) = folder::quarantine_dir(dir, "journal-tail") {
                                let _ = std::fs::write(q.join("journal-tail"), tail);
                            }
                        }
                        appender = Some(journal::Appender::open(&journal_path, j).map_err(io_err)?);
                    }
                    None => {
                        appender = Some(journal::Appender::open(&journal_path, j).map_err(io_err)?);
                    }
                }
            }
        }
        let appender = match appender {
            Some(a)
                if !rewritten && !too_long(&a) && applied_seq(&db, dir)? == Some(a.last_seq()) =>
            {
                a
            }
            _ => compact(&db, dir)?,
        };
        Store::ready(dir, db, appender, notices, lock, Verified::Whole)
    }

    /// The open store, once its database and journal agree; then the day's backup if none yet.
    fn ready(
        dir: &Path,
        db: sled::Db,
        appender: journal::Appender,
        notices: Vec<String>,
        lock: std::fs::File,
        verified: Verified,
    ) -> Result<Store, StoreError> {
        // Open: until it closes cleanly, no mark vouches for it.
        clean::remove(dir);
        let tree = |name: &str| db.open_tree(name).map_err(|e| sled_error(dir, e));
        let store = Store {
            council: tree(Council::TREE)?,
            audit: tree(AuditEvent::TREE)?,
            audit_index: tree(AUDIT_INDEX_TREE)?,
            path: dir.to_path_buf(),
            journal: std::sync::Mutex::new(Some(appender)),
            notices,
            db,
            _lock: Some(lock),
            _scratch: None,
            commits: Default::default(),
            sound: std::sync::atomic::AtomicBool::new(true),
            verified,
            open_index: Default::default(),
            halted: Default::default(),
        };
        store.keep_open_index();
        // The day's automatic backup is the session's (`backup::daily`): slow work for a large
        // council, which would count against this call's watchdog as if it were a hang.
        Ok(store)
    }

    /// How this open made sure the database holds what the journal says was saved.
    pub fn verified(&self) -> Verified {
        self.verified
    }

    /// What opening the store found and put right (a database rebuilt from the journal, a file
    /// moved aside), one sentence each, for the clerk to be told.
    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Rewrites the change journal from the store's current state: one snapshot, no older copy of
    /// any record left in it.
    pub fn compact_journal(&self) -> Result<(), StoreError> {
        let _watch = watchdog::guard("compacting the journal of", &self.path);
        self.not_halted()?;
        let mut journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        if journal.is_none() {
            return Err(self.read_only_refusal());
        }
        *journal = Some(compact(&self.db, &self.path)?);
        Ok(())
    }

    /// After a disposal (R-DP2): the journal compacted to one snapshot of the store as it is now,
    /// then sled's own files written afresh from that snapshot, so that neither holds an older copy
    /// of what was disposed of (sled keeps superseded values in its log until it reclaims the
    /// space). The old sled files are removed, not moved aside: keeping them would keep what the
    /// retention schedule says must go. The compacted journal, synced first, holds everything, so an
    /// interruption part-way is put right from it on the next open.
    pub fn rewrite_without_old_copies(&mut self) -> Result<(), StoreError> {
        if self.is_read_only() {
            return Err(self.read_only_refusal());
        }
        let _watch = watchdog::guard("rewriting", &self.path);
        self.not_halted()?;
        let dir = self.path.clone();
        let journal = self.journal.get_mut().unwrap_or_else(|p| p.into_inner());
        *journal = Some(compact(&self.db, &dir)?);
        let snapshot = journal::read(&dir.join(journal::FILE))
            .map_err(|e| journal_error(&dir, e))?
            .filter(|j| j.complete() && j.trouble.is_none())
            .ok_or_else(|| StoreError::Refused {
                path: dir.clone(),
                detail: "the compacted journal does not read back whole; the database was left as it was".into(),
            })?;
        // Let go of sled's files: every handle on the old database goes.
        let scratch = recover::Scratch::new().map_err(|source| StoreError::Io {
            path: dir.clone(),
            source,
        })?;
        let placeholder = scratch.open_db(&dir)?;
        let tree = |db: &sled::Db, name: &str| db.open_tree(name).map_err(|e| sled_error(&dir, e));
        self.council = tree(&placeholder, Council::TREE)?;
        self.audit = tree(&placeholder, AuditEvent::TREE)?;
        self.audit_index = tree(&placeholder, AUDIT_INDEX_TREE)?;
        drop(std::mem::replace(&mut self.db, placeholder));
        let rebuilt = (|| {
            for f in folder::sled_files(&dir) {
                let removed = if f.is_dir() {
                    std::fs::remove_dir_all(&f)
                } else {
                    std::fs::remove_file(&f)
                };
                match removed {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => {
                        return Err(StoreError::Io {
                            path: dir.clone(),
                            source: e,
                        })
                    }
                    _ => {}
                }
            }
            let db = open_db(&dir)?;
            for e in &snapshot.entries {
                apply(&db, &dir, &e.ops, e.seq)?;
            }
            db.flush().map_err(|e| sled_error(&dir, e))?;
            folder::sync_dir(&dir);
            Ok(db)
        })();
        let db = match rebuilt {
            Ok(db) => db,
            Err(e) => {
                // Nothing more is taken in this session (its database is gone); the journal holds
                // everything, and the next open rebuilds the database from it.
                *self.journal.get_mut().unwrap_or_else(|p| p.into_inner()) = None;
                self._scratch = Some(scratch);
                return Err(e);
            }
        };
        self.council = tree(&db, Council::TREE)?;
        self.audit = tree(&db, AuditEvent::TREE)?;
        self.audit_index = tree(&db, AUDIT_INDEX_TREE)?;
        self.db = db;
        Ok(())
    }

    /// The stored bytes of the record under `key` in `tree` (its envelope), for comparing with a
    /// backup's copy.
    pub fn raw_in(&self, tree: &str, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let tree = self.tree(tree)?;
        Ok(tree.get(key).map_err(|e| self.sled(e))?.map(|v| v.to_vec()))
    }

    /// Whether the store was only read, from its backup and journal ([`Store::open_read_only`]).
    /// How many commits this handle has made (tried, counted before each).
    pub fn commits(&self) -> u64 {
        self.commits.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn is_read_only(&self) -> bool {
        self._lock.is_none()
    }

    /// Refuses once a commit could not be taken back out of the database: until the next open
    /// puts it right, the database holds part of a change nobody was told was saved, and nothing
    /// may copy it into the journal or a backup.
    pub(crate) fn not_halted(&self) -> Result<(), StoreError> {
        if self.halted.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(StoreError::Refused {
                path: self.path.clone(),
                detail: HALTED.into(),
            });
        }
        Ok(())
    }

    fn read_only_refusal(&self) -> StoreError {
        StoreError::Refused {
            path: self.path.clone(),
            detail: "the council was only read from its backup and change journal (its database cannot be opened), so nothing can be changed".into(),
        }
    }

    /// Reads the council in `dir` without opening sled's files and without writing anything into
    /// the folder: from the change journal, or the newest automatic backup and the journal after
    /// it, into a database in memory. For `export` and `backup` when the store cannot be opened (a
    /// read-only or full disk, a database sled cannot read). Every change is refused.
    pub fn open_read_only(dir: &Path) -> Result<Store, StoreError> {
        let _watch = watchdog::guard("reading", dir);
        let journal = match journal::read(&dir.join(journal::FILE)) {
            Ok(j) => j,
            Err(journal::ReadError::Header(_)) => None,
            Err(e) => return Err(journal_error(dir, e)),
        };
        let Some(plan) = recover::plan(dir, journal.as_ref(), recover::Need::BestAvailable) else {
            return Err(StoreError::Damaged {
                path: dir.to_path_buf(),
                detail:
                    "neither its change journal nor any backup in its backups folder can be read"
                        .into(),
            });
        };
        // In a private folder in memory, removed when the store closes; never in the store folder.
        let scratch = recover::Scratch::new().map_err(|source| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let db = scratch.open_db(dir)?;
        plan.apply_to(&db, dir)?;
        migrate::on_open(&db, dir, true)?;
        let tree = |name: &str| db.open_tree(name).map_err(|e| sled_error(dir, e));
        Ok(Store {
            council: tree(Council::TREE)?,
            audit: tree(AuditEvent::TREE)?,
            audit_index: tree(AUDIT_INDEX_TREE)?,
            path: dir.to_path_buf(),
            journal: std::sync::Mutex::new(None),
            notices: vec![format!(
                "read the council from {}, writing nothing into {}",
                plan.describe(),
                dir.display()
            )],
            db,
            _lock: None,
            _scratch: Some(scratch),
            commits: Default::default(),
            sound: std::sync::atomic::AtomicBool::new(false),
            verified: Verified::Whole,
            open_index: Default::default(),
            halted: Default::default(),
        })
        .inspect(|store| {
            let current = store.open_index_current().unwrap_or(false);
            store
                .open_index
                .store(current, std::sync::atomic::Ordering::Relaxed);
        })
    }

    /// Every tree this store holds, by name, with how many entries each has, sorted by name: what
    /// a whole-council export must account for (a register added later shows up here on its own,
    /// since reading it opens its tree).
    pub fn trees(&self) -> Result<Vec<(String, usize)>, StoreError> {
        let mut trees = Vec::new();
        for name in self.db.tree_names() {
            let len = self.db.open_tree(&name).map_err(|e| self.sled(e))?.len();
            trees.push((String::from_utf8_lossy(&name).into_owned(), len));
        }
        trees.sort();
        Ok(trees)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// No council set up yet.
    pub fn is_empty(&self) -> bool {
        self.council.is_empty()
    }

    /// The store format recorded in `meta`.
    pub fn format(&self) -> Result<u32, StoreError> {
        let meta = self.tree(META_TREE)?;
        Ok(migrate::read_format(&meta, &self.path)?.unwrap_or(0))
    }

    fn tree(&self, name: &str) -> Result<sled::Tree, StoreError> {
        self.db.open_tree(name).map_err(|e| self.sled(e))
    }

    fn sled(&self, e: sled::Error) -> StoreError {
        sled_error(&self.path, e)
    }

    fn get<R: Record>(&self, key: &[u8]) -> Result<Option<R>, StoreError> {
        let _watch = watchdog::guard("reading", &self.path);
        let tree = self.tree(R::TREE)?;
        match tree.get(key).map_err(|e| self.sled(e))? {
            None => Ok(None),
            Some(v) => envelope::decode(&v)
                .map(Some)
                .map_err(|e| envelope_error(&self.path, R::TREE, key, e)),
        }
    }

    pub fn council(&self) -> Result<Option<Council>, StoreError> {
        self.get(b"council")
    }

    /// Every member, by id.
    pub fn members(&self) -> Result<Vec<Member>, StoreError> {
        let mut members: Vec<Member> = self.all()?;
        members.sort_by_key(|m| m.id);
        Ok(members)
    }

    /// Every officer, by id.
    pub fn officers(&self) -> Result<Vec<Officer>, StoreError> {
        let mut officers: Vec<Officer> = self.all()?;
        officers.sort_by_key(|o| o.id);
        Ok(officers)
    }

    pub fn settings(&self) -> Result<Settings, StoreError> {
        Ok(self.get(b"settings")?.unwrap_or_default())
    }

    /// Every record of kind `R`, in key order. A big tree (100,000 cases) is decoded on several
    /// threads ([`decode_all`]); the records, their order and the error for a damaged one are the
    /// same as one thread gives.
    pub fn all<R: Record>(&self) -> Result<Vec<R>, StoreError> {
        let _watch = watchdog::guard("reading", &self.path);
        let tree = self.tree(R::TREE)?;
        decode_all(&tree, &self.path, parallelism())
    }

    /// Whether every record in `R`'s tree decodes: the error [`Store::all`] gives for the first
    /// that does not, without keeping any (the day's backup checks the whole store this way:
    /// 678,000 audit events held at once for a yes or no was most of its memory).
    pub fn check_all<R: Record>(&self) -> Result<(), StoreError> {
        let _watch = watchdog::guard("reading", &self.path);
        let tree = self.tree(R::TREE)?;
        for item in tree.iter() {
            let (key, value) = item.map_err(|e| self.sled(e))?;
            envelope::decode::<R>(&value)
                .map_err(|e| envelope_error(&self.path, R::TREE, &key, e))?;
        }
        Ok(())
    }

    /// [`Store::all`] on a thread of its own, started now: for the screen, which draws its first
    /// frame while the cases are decoded (`Session::open_for_screen`). The thread holds sled's
    /// tree, not this store; whoever holds the handle joins it before the store is closed.
    ///
    /// It decodes alone, not on a thread per core: the first frame does not wait for it, and
    /// every further thread's allocator arena kept memory of its own (at 100,000 cases the
    /// screen's peak was 256 to 276 MB so, 247 MB alone, against a target of 250).
    pub fn all_on_a_thread<R: Record + 'static>(
        &self,
    ) -> Result<std::thread::JoinHandle<Result<Vec<R>, StoreError>>, StoreError> {
        let tree = self.tree(R::TREE)?;
        let path = self.path.clone();
        std::thread::Builder::new()
            .name("clerkdesk-read".into())
            .spawn(move || {
                let _watch = watchdog::guard("reading", &path);
                decode_all(&tree, &path, 1)
            })
            .map_err(|source| StoreError::Io {
                path: self.path.clone(),
                source,
            })
    }

    /// The whole audit trail, in sequence order.
    pub fn audit(&self) -> Result<Vec<AuditEvent>, StoreError> {
        self.all()
    }

    /// The audit events about one subject, in sequence order (through the subject index).
    pub fn audit_for(&self, subject: &Subject) -> Result<Vec<AuditEvent>, StoreError> {
        let _watch = watchdog::guard("reading", &self.path);
        let prefix = audit_index_prefix(subject);
        let mut out = Vec::new();
        for item in self.audit_index.scan_prefix(&prefix) {
            let (key, _) = item.map_err(|e| self.sled(e))?;
            let seq_bytes: [u8; 8] =
                key[prefix.len()..]
                    .try_into()
                    .map_err(|_| StoreError::Damaged {
                        path: self.path.clone(),
                        detail: format!(
                            "tree {AUDIT_INDEX_TREE}, key {}: not a sequence number",
                            show_key(&key)
                        ),
                    })?;
            let Some(value) = self.audit.get(seq_bytes).map_err(|e| self.sled(e))? else {
                return Err(StoreError::Damaged {
                    path: self.path.clone(),
                    detail: format!(
                        "tree {AUDIT_INDEX_TREE} points to audit event {} which is missing",
                        u64::from_be_bytes(seq_bytes)
                    ),
                });
            };
            out.push(
                envelope::decode(&value)
                    .map_err(|e| envelope_error(&self.path, AuditEvent::TREE, &seq_bytes, e))?,
            );
        }
        Ok(out)
    }

    /// Saves `writes` and appends `events` to the audit trail, all or nothing: the change is
    /// appended to the journal and flushed to disk, then applied to the database in one
    /// transaction, before the events are returned as stored (with their sequence numbers).
    pub fn commit(
        &self,
        writes: Vec<Write>,
        events: Vec<AuditDraft>,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        self.commit_with(writes, Vec::new(), events, true)
    }

    /// [`Store::commit`] for a large change (an import of 100,000 rows): the same all or nothing,
    /// in the same one journal entry with the same operations in the same order, but streamed:
    /// each event and record is encoded and written to the journal as the iterators give it,
    /// then dropped, and the entry is applied to the database by reading it back from the
    /// journal a part at a time, so the change is never held whole in memory. The stored events
    /// are not handed back. Returns how many events were stored. Cases are saved with
    /// [`Store::commit`] (each needs its open-cases entry, which a stream cannot count ahead).
    pub fn commit_many<E, W>(&self, writes: W, events: E) -> Result<usize, StoreError>
    where
        E: IntoIterator<Item = AuditDraft>,
        E::IntoIter: ExactSizeIterator,
        W: IntoIterator<Item = Write>,
        W::IntoIter: ExactSizeIterator,
    {
        self.commits
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (writes, events) = (writes.into_iter(), events.into_iter());
        let (n_writes, n_events) = (writes.len(), events.len());
        self.not_halted()?;
        let _watch = watchdog::guard("saving to", &self.path);
        let mut journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let Some(journal) = journal.as_mut() else {
            return Err(self.read_only_refusal());
        };
        let meta = self.tree(META_TREE)?;
        let last = read_u64(&meta, &self.path, SEQ_KEY)?.unwrap_or(0);
        let index = self.open_index.load(std::sync::atomic::Ordering::Relaxed);
        let count = n_events as u64;
        let refused = |detail: String| StoreError::Refused {
            path: self.path.clone(),
            detail,
        };
        // The operations `commit_with` makes, in its order: each event and its index entry, the
        // last audit sequence number, each record, then where the open-cases index stands.
        let event_ops = (last + 1..).zip(events).flat_map(|(seq, draft)| {
            let event = draft.stamp(seq);
            let index_op = journal::Op {
                tree: AUDIT_INDEX_TREE.as_bytes().to_vec(),
                key: audit_index_key(&event.subject, seq),
                value: Some(Vec::new()),
            };
            let event_op = envelope::encode(AuditEvent::VERSION, &event)
                .map(|bytes| journal::Op {
                    tree: AuditEvent::TREE.as_bytes().to_vec(),
                    key: seq.to_be_bytes().to_vec(),
                    value: Some(bytes),
                })
                .map_err(|e| refused(format!("audit event {seq}: {e}")));
            [event_op, Ok(index_op)]
        });
        let seq_op = journal::Op {
            tree: META_TREE.as_bytes().to_vec(),
            key: SEQ_KEY.to_vec(),
            value: Some((last + count).to_be_bytes().to_vec()),
        };
        let write_ops = writes.map(|w| {
            if [
                META_TREE,
                AuditEvent::TREE,
                AUDIT_INDEX_TREE,
                OPEN_CASES_TREE,
                crate::domain::grievance::Case::TREE,
            ]
            .contains(&w.tree)
            {
                return Err(refused(format!(
                    "tree {} is not saved by a large commit",
                    w.tree
                )));
            }
            let value = match w.value {
                Some(Err(e)) => {
                    return Err(refused(format!(
                        "a record for tree {}, key {}, could not be encoded: {e}",
                        w.tree,
                        show_key(&w.key)
                    )))
                }
                Some(Ok(v)) => Some(v),
                None => None,
            };
            Ok(journal::Op {
                tree: w.tree.as_bytes().to_vec(),
                key: w.key,
                value,
            })
        });
        let index_op = index.then(|| journal::Op {
            tree: META_TREE.as_bytes().to_vec(),
            key: OPEN_INDEX_KEY.to_vec(),
            value: Some((journal.last_seq() + 1).to_be_bytes().to_vec()),
        });
        let ops = event_ops
            .chain(std::iter::once(Ok(seq_op)))
            .chain(write_ops)
            .chain(index_op.map(Ok));
        let total = 2 * n_events + 1 + n_writes + usize::from(index);
        // The margin before anything is written; the database's copy once the journal's is.
        check_space(&self.path, 0)?;
        let before = journal.position();
        let unsound = || {
            self.sound
                .store(false, std::sync::atomic::Ordering::Relaxed)
        };
        let (seq, payload) = journal.append_each(total, ops).map_err(|e| {
            unsound();
            match e {
                journal::StreamError::Source(e) => e,
                journal::StreamError::Io(source) => StoreError::Io {
                    path: self.path.clone(),
                    source,
                },
            }
        })?;
        if let Err(e) = check_space(&self.path, payload.len) {
            unsound();
            let _ = journal.undo(before);
            // Said as the clerk will find the disk, the journal's part undone: room was wanted
            // for both copies (journal and database) besides the margin.
            return Err(match e {
                StoreError::DiskFull { path, free, need } => StoreError::DiskFull {
                    path,
                    free: free.saturating_add(payload.len),
                    need: need.saturating_add(payload.len),
                },
                e => e,
            });
        }
        let path = journal.path().to_path_buf();
        let mut parts = FromJournal {
            path: &path,
            dir: &self.path,
            payload,
            reader: None,
            starts: Vec::new(),
        };
        self.apply_journaled(journal, before, seq, &mut parts)?;
        Ok(n_events)
    }

    /// A disposal under R-DP2: [`Store::commit`], and in the same transaction `anonymised`, audit
    /// events already in the trail with their personal text replaced. Only their text may change:
    /// each must be there already, with the same date, actor, subject, action and rule (the trail
    /// keeps every event; it only stops holding what the retention schedule says must go).
    pub fn commit_disposal(
        &self,
        writes: Vec<Write>,
        anonymised: Vec<AuditEvent>,
        events: Vec<AuditDraft>,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        for e in &anonymised {
            let key = e.seq.to_be_bytes();
            let Some(old) = self.get::<AuditEvent>(&key)? else {
                return Err(StoreError::Refused {
                    path: self.path.clone(),
                    detail: format!("audit event {} is not in the trail", e.seq),
                });
            };
            let same_fact = old.at == e.at
                && old.actor == e.actor
                && old.subject == e.subject
                && old.action == e.action
                && old.cite == e.cite
                && old.changes.len() == e.changes.len()
                && old
                    .changes
                    .iter()
                    .zip(&e.changes)
                    .all(|(a, b)| a.field == b.field);
            if !same_fact {
                return Err(StoreError::Refused {
                    path: self.path.clone(),
                    detail: format!(
                        "audit event {} would change more than its personal text",
                        e.seq
                    ),
                });
            }
        }
        self.commit_with(writes, anonymised, events, true)
    }

    /// `keep`: hand the stored events back (else each is dropped once encoded).
    fn commit_with(
        &self,
        writes: Vec<Write>,
        anonymised: Vec<AuditEvent>,
        events: Vec<AuditDraft>,
        keep: bool,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        self.commits
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let refused = |detail: String| StoreError::Refused {
            path: self.path.clone(),
            detail,
        };
        for w in &writes {
            if [
                META_TREE,
                AuditEvent::TREE,
                AUDIT_INDEX_TREE,
                OPEN_CASES_TREE,
            ]
            .contains(&w.tree)
            {
                return Err(refused(format!(
                    "tree {} is kept by the store itself and is never rewritten",
                    w.tree
                )));
            }
            if let Some(Err(e)) = &w.value {
                return Err(refused(format!(
                    "a record for tree {}, key {}, could not be encoded: {e}",
                    w.tree,
                    show_key(&w.key)
                )));
            }
        }
        self.not_halted()?;
        let _watch = watchdog::guard("saving to", &self.path);
        // One writer at a time: the journal's lock orders commits.
        let mut journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let Some(journal) = journal.as_mut() else {
            return Err(self.read_only_refusal());
        };
        let meta = self.tree(META_TREE)?;
        let last = read_u64(&meta, &self.path, SEQ_KEY)?.unwrap_or(0);
        let index = self.open_index.load(std::sync::atomic::Ordering::Relaxed);
        // Exactly as many as are pushed below: a 300,000-operation import doubling this vector
        // at its end cost 43 MB.
        let indexed = writes
            .iter()
            .filter(|w| index && w.tree == crate::domain::grievance::Case::TREE)
            .count();
        let mut ops = Vec::with_capacity(
            2 * events.len() + anonymised.len() + 1 + indexed + writes.len() + 1,
        );
        let mut stored = Vec::with_capacity(if keep { events.len() } else { 0 });
        let count = events.len() as u64;
        for (seq, draft) in (last + 1..).zip(events) {
            let event = draft.stamp(seq);
            let bytes = envelope::encode(AuditEvent::VERSION, &event)
                .map_err(|e| refused(format!("audit event {seq}: {e}")))?;
            ops.push(journal::Op {
                tree: AuditEvent::TREE.as_bytes().to_vec(),
                key: seq.to_be_bytes().to_vec(),
                value: Some(bytes),
            });
            ops.push(journal::Op {
                tree: AUDIT_INDEX_TREE.as_bytes().to_vec(),
                key: audit_index_key(&event.subject, seq),
                value: Some(Vec::new()),
            });
            if keep {
                stored.push(event);
            }
        }
        for event in &anonymised {
            let bytes = envelope::encode(AuditEvent::VERSION, event)
                .map_err(|e| refused(format!("audit event {}: {e}", event.seq)))?;
            ops.push(journal::Op {
                tree: AuditEvent::TREE.as_bytes().to_vec(),
                key: event.seq.to_be_bytes().to_vec(),
                value: Some(bytes),
            });
        }
        ops.push(journal::Op {
            tree: META_TREE.as_bytes().to_vec(),
            key: SEQ_KEY.to_vec(),
            value: Some((last + count).to_be_bytes().to_vec()),
        });
        for w in writes {
            if index && w.tree == crate::domain::grievance::Case::TREE {
                ops.push(self.open_index_op(&w.key, w.value.as_ref())?);
            }
            ops.push(journal::Op {
                tree: w.tree.as_bytes().to_vec(),
                key: w.key,
                value: w.value.map(|v| v.unwrap_or_default()),
            });
        }
        if index {
            ops.push(journal::Op {
                tree: META_TREE.as_bytes().to_vec(),
                key: OPEN_INDEX_KEY.to_vec(),
                value: Some((journal.last_seq() + 1).to_be_bytes().to_vec()),
            });
        }
        self.write_ops(journal, ops)?;
        Ok(stored)
    }

    /// Appends `ops` to the journal and flushes it, then applies them to the database in one
    /// transaction; on failure, nothing of them stays in either.
    fn write_ops(
        &self,
        journal: &mut journal::Appender,
        ops: Vec<journal::Op>,
    ) -> Result<(), StoreError> {
        // Room for the change twice over (journal and database) besides the margin, or nothing.
        let size: usize = ops
            .iter()
            .map(|o| o.tree.len() + o.key.len() + o.value.as_ref().map_or(0, Vec::len))
            .sum();
        check_space(&self.path, 2 * size as u64)?;
        let before = journal.position();
        let unsound = || {
            self.sound
                .store(false, std::sync::atomic::Ordering::Relaxed)
        };
        journal.append(&ops).map_err(|source| {
            unsound();
            StoreError::Io {
                path: self.path.clone(),
                source,
            }
        })?;
        self.apply_journaled(journal, before, before.last_seq + 1, &mut InMemory(&ops))
    }

    /// Applies the entry just appended to the journal (`before` is where the journal ended
    /// before it) to the database, in parts; on failure takes it out of the journal, and if its
    /// parts could not be taken back out of the database either, saves nothing more.
    fn apply_journaled(
        &self,
        journal: &mut journal::Appender,
        before: journal::Position,
        seq: u64,
        ops: &mut dyn Parts,
    ) -> Result<(), StoreError> {
        if let Err(failed) = apply_in_parts(&self.db, &self.path, ops, seq, true) {
            // Not in the database: take it out of the journal too, so it never comes back.
            self.sound
                .store(false, std::sync::atomic::Ordering::Relaxed);
            let _ = journal.undo(before);
            if failed.put_back {
                return Err(failed.error);
            }
            // Part of it is in the database and could not be taken out. Nothing more is saved in
            // this session; with no clean-close mark, the next open compares the database with
            // the journal (which no longer holds the change) and rebuilds it from the journal.
            self.halted
                .store(true, std::sync::atomic::Ordering::Relaxed);
            return Err(StoreError::Refused {
                path: self.path.clone(),
                detail: format!(
                    "{} (and part of the change could not be taken back out of the database): {HALTED}",
                    envelope::one_line(&failed.error.to_string())
                ),
            });
        }
        Ok(())
    }

    /// The change to the open-cases index that saving `value` (or removing, `None`) under case
    /// key `key` makes.
    fn open_index_op(
        &self,
        key: &[u8],
        value: Option<&Result<Vec<u8>, EnvelopeError>>,
    ) -> Result<journal::Op, StoreError> {
        use crate::domain::grievance::{Case, CaseState};
        let open = match value {
            Some(Ok(bytes)) => {
                let case: Case = envelope::decode(bytes)
                    .map_err(|e| envelope_error(&self.path, Case::TREE, key, e))?;
                case.state != CaseState::Closed
            }
            _ => false,
        };
        Ok(journal::Op {
            tree: OPEN_CASES_TREE.as_bytes().to_vec(),
            key: key.to_vec(),
            value: open.then(Vec::new),
        })
    }

    /// Whether the open-cases index was kept by the last commit.
    fn open_index_current(&self) -> Result<bool, StoreError> {
        let meta = self.tree(META_TREE)?;
        let at = read_u64(&meta, &self.path, OPEN_INDEX_KEY)?;
        Ok(at.is_some() && at == read_u64(&meta, &self.path, JOURNAL_SEQ_KEY)?)
    }

    /// On open: the open-cases index is used if current, else rebuilt from the cases (one walk,
    /// committed through the journal like any change). A store whose cases do not all read keeps
    /// working without it: open cases are then found by walking every case.
    fn keep_open_index(&self) {
        let current = match self.open_index_current() {
            Ok(true) => true,
            Ok(false) => self.rebuild_open_index().is_ok(),
            Err(_) => false,
        };
        self.open_index
            .store(current, std::sync::atomic::Ordering::Relaxed);
    }

    fn rebuild_open_index(&self) -> Result<(), StoreError> {
        use crate::domain::grievance::{Case, CaseState};
        let _watch = watchdog::guard("indexing", &self.path);
        let open: std::collections::BTreeSet<Vec<u8>> = self
            .all::<Case>()?
            .into_iter()
            .filter(|c| c.state != CaseState::Closed)
            .map(|c| c.key())
            .collect();
        let index = self.tree(OPEN_CASES_TREE)?;
        let mut ops = Vec::new();
        let mut indexed = std::collections::BTreeSet::new();
        for item in index.iter() {
            let (key, _) = item.map_err(|e| self.sled(e))?;
            if !open.contains(key.as_ref()) {
                ops.push(journal::Op {
                    tree: OPEN_CASES_TREE.as_bytes().to_vec(),
                    key: key.to_vec(),
                    value: None,
                });
            }
            indexed.insert(key.to_vec());
        }
        for key in open.difference(&indexed) {
            ops.push(journal::Op {
                tree: OPEN_CASES_TREE.as_bytes().to_vec(),
                key: key.clone(),
                value: Some(Vec::new()),
            });
        }
        let mut journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let Some(journal) = journal.as_mut() else {
            return Err(self.read_only_refusal());
        };
        ops.push(journal::Op {
            tree: META_TREE.as_bytes().to_vec(),
            key: OPEN_INDEX_KEY.to_vec(),
            value: Some((journal.last_seq() + 1).to_be_bytes().to_vec()),
        });
        self.write_ops(journal, ops)?;
        self.db.flush().map_err(|e| self.sled(e))?;
        Ok(())
    }

    /// Every case not closed, in key order: through the open-cases index when it is current (only
    /// those cases are read and decoded), else by walking every case.
    pub fn open_cases(&self) -> Result<Vec<crate::domain::grievance::Case>, StoreError> {
        use crate::domain::grievance::{Case, CaseState};
        if !self.open_index.load(std::sync::atomic::Ordering::Relaxed) {
            let mut all = self.all::<Case>()?;
            all.retain(|c| c.state != CaseState::Closed);
            return Ok(all);
        }
        let _watch = watchdog::guard("reading", &self.path);
        let index = self.tree(OPEN_CASES_TREE)?;
        let cases = self.tree(Case::TREE)?;
        let mut out = Vec::new();
        for item in index.iter() {
            let (key, _) = item.map_err(|e| self.sled(e))?;
            let Some(value) = cases.get(&key).map_err(|e| self.sled(e))? else {
                return Err(StoreError::Damaged {
                    path: self.path.clone(),
                    detail: format!(
                        "tree {OPEN_CASES_TREE} names case {}, which is missing",
                        show_key(&key)
                    ),
                });
            };
            let case: Case = envelope::decode(&value)
                .map_err(|e| envelope_error(&self.path, Case::TREE, &key, e))?;
            if case.state != CaseState::Closed {
                out.push(case);
            }
        }
        Ok(out)
    }

    /// Makes everything committed so far durable in sled's own files (the journal already is).
    pub fn flush(&self) -> Result<(), StoreError> {
        if self.is_read_only() {
            return Ok(());
        }
        self.db.flush().map(|_| ()).map_err(|e| self.sled(e))
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Best effort: whatever sled has not written is in the journal.
        let flushed = self.db.flush().is_ok();
        if flushed && self.sound.load(std::sync::atomic::Ordering::Relaxed) {
            self.mark_clean();
        }
    }
}

impl Store {
    /// Leaves the clean-close mark (store/clean.rs) when the database holds the journal's last
    /// change and sled's files can be printed; otherwise none, and the next open checks it all.
    fn mark_clean(&self) {
        let journal = self.journal.lock().unwrap_or_else(|p| p.into_inner());
        let Some(journal) = journal.as_ref() else {
            return;
        };
        let Ok(meta) = self.db.open_tree(META_TREE) else {
            return;
        };
        let at = journal.position();
        let (Ok(Some(store_id)), Ok(Some(applied))) = (
            read_u64(&meta, &self.path, STORE_ID_KEY),
            read_u64(&meta, &self.path, JOURNAL_SEQ_KEY),
        ) else {
            return;
        };
        if applied != at.last_seq {
            return;
        }
        if let Ok(files) = clean::prints(&self.path) {
            let _ = clean::write(
                &self.path,
                &clean::Mark {
                    store_id,
                    journal: at,
                    files,
                },
            );
        }
    }
}

/// Version 2: `model_steps` (BOR §2.7, §2.8), the last field. A version 1 case is the same bytes
/// without it, so it reads with an empty list appended: a length of 0, one byte in bincode's
/// standard (variable-length) encoding.
impl Record for crate::domain::grievance::Case {
    const TREE: &'static str = "cases";
    const VERSION: u32 = 2;
    /// The reference (`G-2026-007`): zero-padded, so keys sort by year and number.
    fn key(&self) -> Vec<u8> {
        self.reference.as_bytes().to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        match from_version {
            0 | 1 => {
                let mut with_no_steps = payload.to_vec();
                with_no_steps.push(0);
                envelope::decode_payload(&with_no_steps)
            }
            _ => migrate::same_shape("case", from_version, Self::VERSION, payload),
        }
    }
}

/// Records keyed by a numeric id, big-endian so keys sort by id.
macro_rules! numbered_record {
    ($ty:ty, $tree:literal, $what:literal) => {
        impl Record for $ty {
            const TREE: &'static str = $tree;
            const VERSION: u32 = 1;
            fn key(&self) -> Vec<u8> {
                self.id.to_be_bytes().to_vec()
            }
            fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
                migrate::same_shape($what, from_version, Self::VERSION, payload)
            }
        }
    };
}

numbered_record!(
    crate::domain::disclosure::Disclosure,
    "disclosures",
    "disclosure"
);
numbered_record!(
    crate::domain::gifts::Gift,
    "gifts",
    "gifts and hospitality entry"
);
numbered_record!(crate::domain::sar::Sar, "sars", "subject access request");
numbered_record!(
    crate::domain::dispensations::Dispensation,
    "dispensations",
    "dispensation"
);
/// Version 2 (R-P5): every kind of election that covers the parish, and the body or question it
/// is for; version 1 knew only the council's own ordinary elections and by-elections.
impl Record for crate::domain::blackout::Election {
    const TREE: &'static str = "elections";
    const VERSION: u32 = 2;
    fn key(&self) -> Vec<u8> {
        self.id.to_be_bytes().to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::election(from_version, payload)
    }
}
numbered_record!(
    crate::domain::retention::Disposal,
    "disposals",
    "disposal log entry"
);
numbered_record!(
    crate::domain::publicity::PublicityItem,
    "publicity",
    "publicity item"
);
numbered_record!(
    crate::domain::requests::GroupReport,
    "group_reports",
    "group report"
);
numbered_record!(
    crate::domain::requests::GroupAttendance,
    "group_attendance",
    "group attendance"
);
numbered_record!(
    crate::domain::correspondence::Letter,
    "correspondence",
    "correspondence log entry"
);
numbered_record!(
    crate::domain::requests::InfoRequest,
    "info_requests",
    "information request"
);

impl Record for crate::domain::calendar::DaysOff {
    const TREE: &'static str = "calendar";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        b"days_off".to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("days off", from_version, Self::VERSION, payload)
    }
}

/// The council's settings for the gifts and hospitality register (R-D5): one record.
impl Record for crate::domain::gifts::GiftSettings {
    const TREE: &'static str = "gift_settings";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        b"gift_settings".to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("gift settings", from_version, Self::VERSION, payload)
    }
}

/// The council's own retention periods (R-DP2): one record.
impl Record for crate::domain::retention::RetentionSettings {
    const TREE: &'static str = "retention_settings";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        b"retention_settings".to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("retention settings", from_version, Self::VERSION, payload)
    }
}

/// The council's own documents (R-O4): one record, apart from the council's.
impl Record for crate::domain::documents::CouncilDocuments {
    const TREE: &'static str = "council_documents";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        b"council_documents".to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("council documents", from_version, Self::VERSION, payload)
    }
}

/// The council's closure days (the council calendar), in a tree of their own so they never mix with
/// the days of thanksgiving or mourning in `calendar`.
impl Record for crate::domain::calendar::ClosureDays {
    const TREE: &'static str = "closures";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        b"closure_days".to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("closure days", from_version, Self::VERSION, payload)
    }
}

/// The figures no protocol sets that the council changed (RULES.md, top): one record.
impl Record for crate::domain::figures::CouncilFigures {
    const TREE: &'static str = "council_figures";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        b"council_figures".to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("council figures", from_version, Self::VERSION, payload)
    }
}
