//! The store: one sled database per council, in a folder only its owner can read.
//!
//! Each kind of record lives in its own tree, every value in an [`envelope`] (magic, record
//! version, bincode payload). The audit trail is append-only: events are keyed by a sequence number
//! assigned inside the same transaction as the records they describe, with a secondary index from
//! subject to sequence numbers. The store format lives in the `meta` tree; see [`migrate`].

pub mod backup;
pub mod envelope;
pub mod migrate;

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError};
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
pub trait Record: Serialize + DeserializeOwned {
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
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        self.id.0.to_be_bytes().to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::member(from_version, payload)
    }
}

impl Record for Officer {
    const TREE: &'static str = "officers";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        self.id.0.to_be_bytes().to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("officer", from_version, Self::VERSION, payload)
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
    fn stamp(&self, seq: u64) -> AuditEvent {
        AuditEvent {
            seq,
            at: self.at,
            actor: self.actor.clone(),
            subject: self.subject.clone(),
            action: self.action.clone(),
            changes: self.changes.clone(),
            note: self.note.clone(),
            cite: self.cite.clone(),
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

/// Why a commit transaction was abandoned (nothing is written).
enum Abort {
    Refused(String),
    Damaged(String),
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

impl Store {
    /// Opens (creating if need be) the store in `dir`: owner-only folder, sled's lock, format check
    /// and migration of older formats.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        let io_err = |source: io::Error| StoreError::Io {
            path: dir.to_path_buf(),
            source,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(io_err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a file is in the way",
            )));
        }
        std::fs::create_dir_all(dir).map_err(io_err)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
                .map_err(io_err)?;
        }
        // A store whose database file has something in it, yet yields no format and no records, was
        // garbled: sled reads a garbled log as a torn write and recovers nothing, silently.
        // So was one whose database file is empty or gone while its automatic backups are there.
        let had_data = std::fs::metadata(dir.join("db")).is_ok_and(|m| m.len() > 0)
            || backup::newest(dir).is_some();
        let db = open_db(dir)?;
        migrate::on_open(&db, dir, had_data)?;
        let tree = |name: &str| db.open_tree(name).map_err(|e| sled_error(dir, e));
        let store = Store {
            council: tree(Council::TREE)?,
            audit: tree(AuditEvent::TREE)?,
            audit_index: tree(AUDIT_INDEX_TREE)?,
            path: dir.to_path_buf(),
            db,
        };
        // At most once a day, a backup in `<store>/backups/`. Best effort: a backup that cannot be
        // written (a full disk, a damaged record) must not keep the clerk from the council.
        let _ = backup::daily(&store, chrono::Local::now().date_naive());
        Ok(store)
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

    /// Every record of kind `R`, in key order.
    pub fn all<R: Record>(&self) -> Result<Vec<R>, StoreError> {
        let tree = self.tree(R::TREE)?;
        let mut out = Vec::with_capacity(tree.len());
        for item in tree.iter() {
            let (key, value) = item.map_err(|e| self.sled(e))?;
            out.push(
                envelope::decode(&value)
                    .map_err(|e| envelope_error(&self.path, R::TREE, &key, e))?,
            );
        }
        Ok(out)
    }

    /// The whole audit trail, in sequence order.
    pub fn audit(&self) -> Result<Vec<AuditEvent>, StoreError> {
        self.all()
    }

    /// The audit events about one subject, in sequence order (through the subject index).
    pub fn audit_for(&self, subject: &Subject) -> Result<Vec<AuditEvent>, StoreError> {
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

    /// Saves `writes` and appends `events` to the audit trail, all or nothing, in one transaction,
    /// and flushes to disk before returning the events as stored (with their sequence numbers).
    pub fn commit(
        &self,
        writes: Vec<Write>,
        events: Vec<AuditDraft>,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        for w in &writes {
            if [META_TREE, AuditEvent::TREE, AUDIT_INDEX_TREE].contains(&w.tree) {
                return Err(StoreError::Refused {
                    path: self.path.clone(),
                    detail: format!(
                        "tree {} is kept by the store itself and is never rewritten",
                        w.tree
                    ),
                });
            }
        }
        // Trees 0..3 are meta, audit, audit index; then each tree the writes touch.
        let mut names: Vec<&'static str> = vec![META_TREE, AuditEvent::TREE, AUDIT_INDEX_TREE];
        let mut slot = Vec::with_capacity(writes.len());
        for w in &writes {
            let i = match names.iter().position(|n| *n == w.tree) {
                Some(i) => i,
                None => {
                    names.push(w.tree);
                    names.len() - 1
                }
            };
            slot.push(i);
        }
        let trees = names
            .iter()
            .map(|n| self.tree(n))
            .collect::<Result<Vec<_>, _>>()?;

        let result = trees.as_slice().transaction(|tx| {
            let (meta, audit, index) = (&tx[0], &tx[1], &tx[2]);
            let last = match meta.get(SEQ_KEY)? {
                None => 0,
                Some(raw) => match <[u8; 8]>::try_from(raw.as_ref()) {
                    Ok(b) => u64::from_be_bytes(b),
                    Err(_) => {
                        return Err(ConflictableTransactionError::Abort(Abort::Damaged(
                            "tree meta, key \"audit_seq\": not a sequence number".into(),
                        )))
                    }
                },
            };
            let mut stored = Vec::with_capacity(events.len());
            for (seq, draft) in (last + 1..).zip(&events) {
                let event = draft.stamp(seq);
                let bytes = envelope::encode(AuditEvent::VERSION, &event).map_err(|e| {
                    ConflictableTransactionError::Abort(Abort::Refused(format!(
                        "audit event {seq}: {e}"
                    )))
                })?;
                audit.insert(&seq.to_be_bytes(), bytes)?;
                index.insert(audit_index_key(&event.subject, seq), &[] as &[u8])?;
                stored.push(event);
            }
            meta.insert(SEQ_KEY, &(last + events.len() as u64).to_be_bytes())?;
            for (w, &i) in writes.iter().zip(&slot) {
                match &w.value {
                    None => {
                        tx[i].remove(w.key.as_slice())?;
                    }
                    Some(Ok(bytes)) => {
                        tx[i].insert(w.key.as_slice(), bytes.as_slice())?;
                    }
                    Some(Err(e)) => {
                        return Err(ConflictableTransactionError::Abort(Abort::Refused(
                            format!(
                                "a record for tree {}, key {}, could not be encoded: {e}",
                                w.tree,
                                show_key(&w.key)
                            ),
                        )))
                    }
                }
            }
            Ok(stored)
        });
        let stored = match result {
            Ok(stored) => stored,
            Err(TransactionError::Storage(e)) => return Err(self.sled(e)),
            Err(TransactionError::Abort(Abort::Refused(detail))) => {
                return Err(StoreError::Refused {
                    path: self.path.clone(),
                    detail,
                })
            }
            Err(TransactionError::Abort(Abort::Damaged(detail))) => {
                return Err(StoreError::Damaged {
                    path: self.path.clone(),
                    detail,
                })
            }
        };
        self.flush()?;
        Ok(stored)
    }

    /// Makes everything committed so far durable on disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(|e| self.sled(e))
    }
}

impl Record for crate::domain::grievance::Case {
    const TREE: &'static str = "cases";
    const VERSION: u32 = 1;
    /// The reference (`G-2026-007`): zero-padded, so keys sort by year and number.
    fn key(&self) -> Vec<u8> {
        self.reference.as_bytes().to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        migrate::same_shape("case", from_version, Self::VERSION, payload)
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
numbered_record!(crate::domain::blackout::Election, "elections", "election");
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
