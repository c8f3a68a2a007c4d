//! Backups of a council store: one file holding every tree's keys and values, values kept exactly
//! as stored (in their envelopes), so a restored store goes through the same format checks and
//! migrations as any other when it is opened.
//!
//! ```text
//! b"CLDKBKUP"              magic (8 bytes)
//! backup format            u32, big-endian (this clerkdesk writes VERSION)
//! payload length           u64, big-endian
//! CRC-32 (IEEE)            u32, big-endian, over the format, the length and the payload
//! payload                  bincode 2 (serde, standard config) of `Backup`
//! ```
//!
//! Reading checks the magic (a foreign file), the length (a file cut short), then the checksum (a
//! garbled file), and only then decodes anything.
//!
//! Automatic backups: when a store holding a council opens and has no backup from today, one is
//! written to `<store>/backups/<store-folder>-YYYY-MM-DD.clerkdesk-backup`, and only the newest
//! [`KEEP`] are kept. The day is read from the file names, so read-only use writes nothing to the
//! database. A store that does not read cleanly is never backed up (it would push good backups out).

use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::journal::{Entry, Journal, Op};
use super::{envelope, io_reason, migrate, Store, StoreError, META_TREE};
use crate::domain::blackout::Election;
use crate::domain::council::Council;
use crate::domain::disclosure::Disclosure;
use crate::domain::grievance::Case;
use crate::domain::publicity::PublicityItem;
use crate::domain::requests::{GroupAttendance, GroupReport, InfoRequest};

/// The first eight bytes of every backup file.
pub const MAGIC: [u8; 8] = *b"CLDKBKUP";
/// The backup format this clerkdesk writes (and the newest it reads).
pub const VERSION: u32 = 1;
/// Magic, format, payload length, checksum.
pub const HEADER_LEN: usize = 8 + 4 + 8 + 4;
/// How backup files end.
pub const EXTENSION: &str = "clerkdesk-backup";
/// The folder inside a store that holds its automatic backups.
pub const FOLDER: &str = "backups";
/// How many automatic backups are kept.
pub const KEEP: usize = 7;

/// One tree of the store: its name and every key and value, in key order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeDump {
    pub name: Vec<u8>,
    pub entries: Vec<(Vec<u8>, Vec<u8>)>,
}

/// A whole store, as read from (or written to) a backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backup {
    /// When it was made (local time).
    pub made_at: NaiveDateTime,
    /// Every non-empty tree, by name.
    pub trees: Vec<TreeDump>,
}

impl Backup {
    fn tree(&self, name: &str) -> Option<&TreeDump> {
        self.trees.iter().find(|t| t.name == name.as_bytes())
    }

    /// The council's name, when the backup holds a council that can be read.
    pub fn council_name(&self) -> Option<String> {
        let tree = self.tree(<Council as super::Record>::TREE)?;
        let (_, value) = tree.entries.first()?;
        envelope::decode::<Council>(value).ok().map(|c| c.name)
    }

    /// The store format recorded in the backup (0 when none was).
    pub fn format(&self) -> Option<u32> {
        let meta = self.tree(META_TREE)?;
        let (_, value) = meta
            .entries
            .iter()
            .find(|(k, _)| k.as_slice() == migrate::FORMAT_KEY)?;
        Some(u32::from_be_bytes(value.as_slice().try_into().ok()?))
    }

    /// How many records (keys) it holds, meta and the audit index aside.
    pub fn records(&self) -> usize {
        self.trees
            .iter()
            .filter(|t| {
                t.name != META_TREE.as_bytes() && t.name != super::AUDIT_INDEX_TREE.as_bytes()
            })
            .map(|t| t.entries.len())
            .sum()
    }
}

/// Why a backup could not be written, read or restored. Each shows as one line.
#[derive(thiserror::Error, Debug)]
pub enum BackupError {
    #[error("cannot use the backup {}: {}", path.display(), io_reason(source))]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "{} is not a clerkdesk backup (it does not start with the clerkdesk backup marker): choose a file written by `clerkdesk backup`",
        path.display()
    )]
    Foreign { path: PathBuf },
    #[error(
        "the backup {} is cut short ({found} of {expected} bytes): it cannot be restored; use an older backup",
        path.display()
    )]
    Truncated {
        path: PathBuf,
        found: u64,
        expected: u64,
    },
    #[error(
        "the backup {} is damaged ({detail}): it cannot be restored; use an older backup",
        path.display()
    )]
    Garbled { path: PathBuf, detail: String },
    #[error(
        "the backup {} was made by a newer clerkdesk ({what} {found}); this one reads up to {supported}: update clerkdesk",
        path.display()
    )]
    TooNew {
        path: PathBuf,
        what: &'static str,
        found: u32,
        supported: u32,
    },
    #[error(
        "restore only into an empty store; this one holds {council} ({}): restore into a new council folder with --council NEW",
        path.display()
    )]
    NotEmpty { path: PathBuf, council: String },
    #[error(
        "{} is not a clerkdesk store (it holds other files): restore into a new or empty folder",
        path.display()
    )]
    NotAStore { path: PathBuf },
    #[error(
        "{} already exists and is not a clerkdesk backup: choose another file name",
        path.display()
    )]
    WouldOverwrite { path: PathBuf },
    #[error(
        "the backup {} is encrypted: give its passphrase (clerkdesk asks at the terminal, or use --passphrase-file FILE)",
        path.display()
    )]
    Encrypted { path: PathBuf },
    #[error(
        "the backup {} could not be decrypted: the passphrase is wrong, or the file is damaged",
        path.display()
    )]
    WrongPassphrase { path: PathBuf },
    #[error("the backup cannot be restored ({detail}); nothing was written: use an older backup")]
    Unusable { detail: String },
    #[error(
        "{} is not a regular file (a device, a pipe or a folder): choose a backup file on a disk",
        path.display()
    )]
    NotAFile { path: PathBuf },
    #[error("the backup written to {} did not read back the same: {detail}", path.display())]
    NotVerified { path: PathBuf, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn io_error(path: &Path) -> impl Fn(io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Every tree of the store, every key and value as stored.
pub fn snapshot(store: &Store, made_at: NaiveDateTime) -> Result<Backup, StoreError> {
    let _watch = super::watchdog::guard("backing up", store.path());
    let mut trees = Vec::new();
    for live in live_trees(store)? {
        let mut entries = Vec::with_capacity(live.count);
        for item in live.tree.iter() {
            let (key, value) = item.map_err(|e| store.sled(e))?;
            entries.push((key.to_vec(), value.to_vec()));
        }
        trees.push(TreeDump {
            name: live.name.to_vec(),
            entries,
        });
    }
    Ok(Backup { made_at, trees })
}

/// Every tree of the store that holds a record, in name order, with its count (one walk each).
fn live_trees(store: &Store) -> Result<Vec<LiveTree>, StoreError> {
    store.not_halted()?;
    let mut names = store.db.tree_names();
    names.sort();
    let mut trees = Vec::with_capacity(names.len());
    for name in names {
        let tree = store.db.open_tree(&name).map_err(|e| store.sled(e))?;
        let mut count = 0usize;
        for item in tree.iter() {
            item.map_err(|e| store.sled(e))?;
            count += 1;
        }
        if count > 0 {
            trees.push(LiveTree { name, tree, count });
        }
    }
    Ok(trees)
}

fn checksum(header: &[u8], payload: &[u8]) -> u32 {
    let mut h = crc32fast::Hasher::new();
    h.update(&header[8..20]);
    h.update(payload);
    h.finalize()
}

/// The bytes of a backup file.
pub fn encode(backup: &Backup) -> Result<Vec<u8>, String> {
    let payload = bincode::serde::encode_to_vec(backup, bincode::config::standard())
        .map_err(|e| envelope::one_line(&e.to_string()))?;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_be_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_be_bytes());
    let crc = checksum(&out, &payload);
    out.extend_from_slice(&crc.to_be_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Reads the bytes of a backup file (`path` names it in errors): magic, length and checksum are
/// checked before anything is decoded.
pub fn decode(bytes: &[u8], path: &Path) -> Result<Backup, BackupError> {
    let path = path.to_path_buf();
    let found = bytes.len() as u64;
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        // An empty file, or the start of the marker and nothing more, was cut short.
        if bytes.len() < MAGIC.len() && MAGIC.starts_with(bytes) {
            return Err(BackupError::Truncated {
                path,
                found,
                expected: HEADER_LEN as u64,
            });
        }
        return Err(BackupError::Foreign { path });
    }
    if bytes.len() < HEADER_LEN {
        return Err(BackupError::Truncated {
            path,
            found,
            expected: HEADER_LEN as u64,
        });
    }
    let (header, payload) = bytes.split_at(HEADER_LEN);
    let word = |at: usize| u32::from_be_bytes(header[at..at + 4].try_into().expect("4 bytes"));
    let version = word(8);
    let declared = u64::from_be_bytes(header[12..20].try_into().expect("8 bytes"));
    let stored_crc = word(20);
    let expected = (HEADER_LEN as u64).saturating_add(declared);
    if found < expected {
        return Err(BackupError::Truncated {
            path,
            found,
            expected,
        });
    }
    if found > expected {
        return Err(BackupError::Garbled {
            path,
            detail: format!("{} unexpected bytes after its end", found - expected),
        });
    }
    if checksum(header, payload) != stored_crc {
        return Err(BackupError::Garbled {
            path,
            detail: "its checksum does not match its contents".into(),
        });
    }
    if version > VERSION {
        return Err(BackupError::TooNew {
            path,
            what: "backup format",
            found: version,
            supported: VERSION,
        });
    }
    let (backup, used) =
        bincode::serde::decode_from_slice::<Backup, _>(payload, bincode::config::standard())
            .map_err(|e| BackupError::Garbled {
                path: path.clone(),
                detail: format!(
                    "its contents cannot be read: {}",
                    envelope::one_line(&e.to_string())
                ),
            })?;
    if used != payload.len() {
        return Err(BackupError::Garbled {
            path,
            detail: format!(
                "{} unexpected bytes after its contents",
                payload.len() - used
            ),
        });
    }
    Ok(backup)
}

/// Refuses anything at `path` that is not a regular file (a device such as `/dev/full` or
/// `/dev/zero` would be read forever, or replaced); nothing there at all is fine.
fn regular_or_missing(path: &Path) -> Result<(), BackupError> {
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() => Err(BackupError::NotAFile {
            path: path.to_path_buf(),
        }),
        _ => Ok(()),
    }
}

/// How an encrypted backup file starts: the age format's first line.
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/v1\n";

/// Whether backup file bytes are encrypted (age, with a passphrase).
pub fn is_encrypted(bytes: &[u8]) -> bool {
    bytes.starts_with(AGE_MAGIC)
}

/// Encrypts backup file bytes with `passphrase` (age, scrypt).
pub fn encrypt(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, String> {
    let encryptor =
        age::Encryptor::with_user_passphrase(age::secrecy::SecretString::from(passphrase));
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let mut writer = encryptor
        .wrap_output(&mut out)
        .map_err(|e| envelope::one_line(&e.to_string()))?;
    writer
        .write_all(bytes)
        .and_then(|()| writer.finish().map(|_| ()))
        .map_err(|e| envelope::one_line(&e.to_string()))?;
    Ok(out)
}

/// Decrypts an encrypted backup file's bytes (`path` names it in errors).
pub fn decrypt(bytes: &[u8], passphrase: &str, path: &Path) -> Result<Vec<u8>, BackupError> {
    use std::io::Read as _;
    let wrong = || BackupError::WrongPassphrase {
        path: path.to_path_buf(),
    };
    let decryptor = age::Decryptor::new(bytes).map_err(|_| wrong())?;
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(passphrase));
    let mut reader = decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|_| wrong())?;
    let mut out = Vec::with_capacity(bytes.len());
    reader.read_to_end(&mut out).map_err(|_| wrong())?;
    Ok(out)
}

/// Reads and checks a backup file.
pub fn read(path: &Path) -> Result<Backup, BackupError> {
    read_with(path, None)
}

/// Reads and checks a backup file, decrypting it with `passphrase` when it is encrypted.
pub fn read_with(path: &Path, passphrase: Option<&str>) -> Result<Backup, BackupError> {
    regular_or_missing(path)?;
    let bytes = std::fs::read(path).map_err(io_error(path))?;
    if is_encrypted(&bytes) {
        let Some(passphrase) = passphrase else {
            return Err(BackupError::Encrypted {
                path: path.to_path_buf(),
            });
        };
        return decode(&decrypt(&bytes, passphrase, path)?, path);
    }
    decode(&bytes, path)
}

/// Writes `bytes` to `path` so that it is either the whole new file or not there at all: a
/// `.partial` file beside it, synced, then renamed over it. Owner-only on unix.
fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), BackupError> {
    write_whole_with(path, |file| file.write_all(bytes))
}

/// [`write_whole`], the file's bytes written by `fill`.
fn write_whole_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> io::Result<()>,
) -> Result<(), BackupError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    let partial = path.with_file_name(format!("{name}.partial"));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = (|| {
        let mut file = options.open(&partial)?;
        fill(&mut file)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&partial, path)?;
        #[cfg(unix)]
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::File::open(parent)?.sync_all()?;
        }
        Ok(())
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        io_error(path)(e)
    })
}

fn now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// Writes a backup of `store` to `path` (replacing an older clerkdesk backup there, never any
/// other file), then reads it back and checks it holds what the store holds.
pub fn write(store: &Store, path: &Path) -> Result<Backup, BackupError> {
    write_with(store, path, None)
}

/// [`write`], encrypted with `passphrase` when there is one (for a USB stick or anywhere the file
/// may be lost).
pub fn write_with(
    store: &Store,
    path: &Path,
    passphrase: Option<&str>,
) -> Result<Backup, BackupError> {
    regular_or_missing(path)?;
    if path.exists() {
        match read(path) {
            Ok(_)
            | Err(BackupError::Encrypted { .. })
            | Err(BackupError::Truncated { .. })
            | Err(BackupError::Garbled { .. })
            | Err(BackupError::TooNew { .. }) => {}
            Err(_) => {
                return Err(BackupError::WouldOverwrite {
                    path: path.to_path_buf(),
                })
            }
        }
    }
    let backup = snapshot(store, now())?;
    let mut bytes = encode(&backup).map_err(|detail| BackupError::NotVerified {
        path: path.to_path_buf(),
        detail,
    })?;
    if let Some(passphrase) = passphrase {
        bytes = encrypt(&bytes, passphrase).map_err(|detail| BackupError::NotVerified {
            path: path.to_path_buf(),
            detail,
        })?;
    }
    write_whole(path, &bytes)?;
    let back = read_with(path, passphrase)?;
    if back != backup {
        return Err(BackupError::NotVerified {
            path: path.to_path_buf(),
            detail: "the records differ".into(),
        });
    }
    Ok(backup)
}

/// Whether a folder is a clerkdesk store (the CLI's test for a store folder).
fn is_store(dir: &Path) -> bool {
    super::folder::is_store(dir)
}

/// The change journal of the store a backup file was automatically made in
/// (`<store>/backups/<file>`), when it is there and readable.
pub fn journal_beside(file: &Path) -> Option<Journal> {
    let backups = file.parent()?;
    if backups.file_name()? != FOLDER {
        return None;
    }
    super::journal::read(&backups.parent()?.join(super::journal::FILE))
        .ok()
        .flatten()
}

/// Reads a u64 kept in the backup's `meta` tree.
pub(super) fn meta_u64(backup: &Backup, key: &[u8]) -> Option<u64> {
    let meta = backup.tree(META_TREE)?;
    let (_, value) = meta.entries.iter().find(|(k, _)| k.as_slice() == key)?;
    Some(u64::from_be_bytes(value.as_slice().try_into().ok()?))
}

/// Checks that every record in `backup` reads (through its migrations) and that it holds a
/// council, before anything is written.
pub fn validate(backup: &Backup) -> Result<(), BackupError> {
    use super::Record;
    use crate::domain::audit::AuditEvent;
    use crate::domain::calendar::DaysOff;
    use crate::domain::member::Member;
    use crate::domain::officer::Officer;
    let garbled = |detail: String| BackupError::Unusable { detail };
    fn check<R: Record>(dump: &TreeDump) -> Result<(), String> {
        for (key, value) in &dump.entries {
            envelope::decode::<R>(value)
                .map_err(|e| format!("tree {}, key {}: {e}", R::TREE, super::show_key(key)))?;
        }
        Ok(())
    }
    for dump in &backup.trees {
        let name = String::from_utf8_lossy(&dump.name).into_owned();
        let checked = match name.as_str() {
            META_TREE => dump
                .entries
                .iter()
                .all(|(k, v)| match k.as_slice() {
                    migrate::FORMAT_KEY => v.len() == 4,
                    super::SEQ_KEY
                    | super::JOURNAL_SEQ_KEY
                    | super::STORE_ID_KEY
                    | super::OPEN_INDEX_KEY => v.len() == 8,
                    _ => true,
                })
                .then_some(())
                .ok_or_else(|| "tree meta holds a value of the wrong size".to_string()),
            super::AUDIT_INDEX_TREE | super::OPEN_CASES_TREE => Ok(()),
            "__sled__default" => Ok(()),
            Council::TREE => check::<Council>(dump),
            Member::TREE => check::<Member>(dump),
            Officer::TREE => check::<Officer>(dump),
            super::Settings::TREE => check::<super::Settings>(dump),
            AuditEvent::TREE => check::<AuditEvent>(dump),
            Case::TREE => check::<Case>(dump),
            Disclosure::TREE => check::<Disclosure>(dump),
            Election::TREE => check::<Election>(dump),
            PublicityItem::TREE => check::<PublicityItem>(dump),
            GroupReport::TREE => check::<GroupReport>(dump),
            GroupAttendance::TREE => check::<GroupAttendance>(dump),
            InfoRequest::TREE => check::<InfoRequest>(dump),
            DaysOff::TREE => check::<DaysOff>(dump),
            crate::domain::calendar::ClosureDays::TREE => {
                check::<crate::domain::calendar::ClosureDays>(dump)
            }
            crate::domain::gifts::Gift::TREE => check::<crate::domain::gifts::Gift>(dump),
            crate::domain::sar::Sar::TREE => check::<crate::domain::sar::Sar>(dump),
            crate::domain::gifts::GiftSettings::TREE => {
                check::<crate::domain::gifts::GiftSettings>(dump)
            }
            crate::domain::documents::CouncilDocuments::TREE => {
                check::<crate::domain::documents::CouncilDocuments>(dump)
            }
            crate::domain::dispensations::Dispensation::TREE => {
                check::<crate::domain::dispensations::Dispensation>(dump)
            }
            crate::domain::retention::Disposal::TREE => {
                check::<crate::domain::retention::Disposal>(dump)
            }
            crate::domain::retention::RetentionSettings::TREE => {
                check::<crate::domain::retention::RetentionSettings>(dump)
            }
            crate::domain::correspondence::Letter::TREE => {
                check::<crate::domain::correspondence::Letter>(dump)
            }
            crate::domain::figures::CouncilFigures::TREE => {
                check::<crate::domain::figures::CouncilFigures>(dump)
            }
            _ => Err(format!(
                "it holds a kind of record this clerkdesk does not know ({})",
                envelope::one_line(&name)
            )),
        };
        checked.map_err(|e| garbled(format!("its records do not read: {e}")))?;
    }
    let council = backup
        .tree(Council::TREE)
        .and_then(|t| t.entries.iter().find(|(k, _)| k.as_slice() == b"council"));
    if council.is_none() {
        return Err(garbled("it holds no council".into()));
    }
    Ok(())
}

/// Restores `backup` into the store in `dir`, which must be new, an empty folder or a store with
/// nothing in it; then opens it through [`Store::open`], so format checks and migrations apply.
/// Nothing is written unless every record reads and the whole backup goes in (one transaction),
/// and a folder made for this is removed again if it fails.
pub fn restore_into(dir: &Path, backup: &Backup) -> Result<Store, BackupError> {
    restore_with_journal(dir, backup, None).map(|(store, _)| store)
}

/// [`restore_into`], then the changes saved after the backup was made, from the change journal of
/// the store it came from (when `journal` is that store's): returns the store and how many changes
/// were replayed.
pub fn restore_with_journal(
    dir: &Path,
    backup: &Backup,
    journal: Option<&Journal>,
) -> Result<(Store, usize), BackupError> {
    if let Some(found) = backup.format().filter(|f| *f > migrate::FORMAT) {
        return Err(BackupError::TooNew {
            path: dir.to_path_buf(),
            what: "store format",
            found,
            supported: migrate::FORMAT,
        });
    }
    validate(backup)?;
    let existed = dir.exists();
    if existed && dir.is_dir() && !is_store(dir) {
        let mut entries = std::fs::read_dir(dir).map_err(io_error(dir))?;
        if entries.next().is_some() {
            return Err(BackupError::NotAStore {
                path: dir.to_path_buf(),
            });
        }
    }
    if existed && is_store(dir) {
        let store = Store::open(dir)?;
        if let Some(council) = store.council()? {
            return Err(BackupError::NotEmpty {
                path: dir.to_path_buf(),
                council: council.name,
            });
        }
        if has_records(&store)? {
            return Err(BackupError::NotEmpty {
                path: dir.to_path_buf(),
                council: "records but no council".into(),
            });
        }
    }
    // The journal carries on from the backup only when it is the same store's and has every
    // change after it.
    let base = meta_u64(backup, super::JOURNAL_SEQ_KEY);
    // Every change after it, past damage in the journal too when each checks out (a damaged
    // snapshot at its head); else the good entries that carry on from it.
    let after: Vec<Entry> = match (journal, base) {
        (Some(j), Some(b)) if Some(j.store_id) == meta_u64(backup, super::STORE_ID_KEY) => j
            .carried_on_from(b)
            .map(|all| all.into_iter().cloned().collect())
            .or_else(|| j.after(b).map(<[Entry]>::to_vec))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let restored = fill(dir, backup, base.unwrap_or(0), &after)
        .and_then(|()| Ok(Store::open(dir)?))
        .map(|store| (store, after.len()));
    if restored.is_err() && !existed {
        let _ = std::fs::remove_dir_all(dir);
    }
    restored
}

/// Anything in the store besides its format stamp.
fn has_records(store: &Store) -> Result<bool, StoreError> {
    for name in store.db.tree_names() {
        if name.as_ref() == META_TREE.as_bytes() {
            continue;
        }
        if !store
            .db
            .open_tree(&name)
            .map_err(|e| store.sled(e))?
            .is_empty()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Writes every tree of `backup` into the (empty) store in `dir` in one transaction, then each
/// change in `after`, and rewrites the store's journal from the result.
fn fill(dir: &Path, backup: &Backup, base: u64, after: &[Entry]) -> Result<(), BackupError> {
    // Store::open makes the folder owner-only and stamps a new store.
    let store = Store::open(dir)?;
    let ops: Vec<Op> = backup
        .trees
        .iter()
        .flat_map(|t| {
            t.entries.iter().map(|(key, value)| Op {
                tree: t.name.clone(),
                key: key.clone(),
                value: Some(value.clone()),
            })
        })
        .collect();
    super::apply(&store.db, dir, &ops, base)?;
    for e in after {
        super::apply(&store.db, dir, &e.ops, e.seq)?;
    }
    store.flush()?;
    store.compact_journal()?;
    Ok(())
}

/// Where a store's automatic backups are kept.
pub fn folder(store_dir: &Path) -> PathBuf {
    store_dir.join(FOLDER)
}

/// The name of the automatic backup of `store_dir` made on `day`.
pub fn file_name(store_dir: &Path, day: NaiveDate) -> String {
    let stem = store_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "council".into());
    format!("{stem}-{}.{EXTENSION}", day.format("%Y-%m-%d"))
}

/// The day in an automatic backup's name (`…-YYYY-MM-DD.clerkdesk-backup`).
fn day_of(name: &str) -> Option<NaiveDate> {
    let stem = name.strip_suffix(&format!(".{EXTENSION}"))?;
    let date = stem.get(stem.len().checked_sub(10)?..)?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// The automatic backups of the store in `store_dir`, oldest first.
pub fn list(store_dir: &Path) -> Vec<(NaiveDate, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(folder(store_dir)) else {
        return Vec::new();
    };
    let mut found: Vec<(NaiveDate, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| Some((day_of(&e.file_name().to_string_lossy())?, e.path())))
        .collect();
    found.sort();
    found
}

/// The newest automatic backup of the store in `store_dir`.
pub fn newest(store_dir: &Path) -> Option<PathBuf> {
    list(store_dir).pop().map(|(_, p)| p)
}

/// The automatic backups of the store in `store_dir` that still hold an older copy of the record
/// under `key` in `tree` than `now` (its stored bytes today): after a disposal (R-DP2), the ones
/// the clerk is told of; they age out as the rotation replaces them. A backup that cannot be read
/// is named too: it may hold it.
pub fn holding(store_dir: &Path, tree: &str, key: &[u8], now: Option<&[u8]>) -> Vec<PathBuf> {
    list(store_dir)
        .into_iter()
        .filter(|(_, path)| match read(path) {
            Ok(b) => b.tree(tree).is_some_and(|t| {
                t.entries
                    .iter()
                    .any(|(k, v)| k.as_slice() == key && Some(v.as_slice()) != now)
            }),
            Err(_) => true,
        })
        .map(|(_, p)| p)
        .collect()
}

/// What to do about a damaged store: restore the newest backup (named) into a new council.
pub(crate) fn advice(store_dir: &Path) -> String {
    match newest(store_dir) {
        Some(p) => format!(
            "restore it from your latest backup, {0}: quit clerkdesk, then run clerkdesk --council NEW restore \"{0}\"",
            p.display()
        ),
        None => "restore it from your latest backup".into(),
    }
}

/// Reads every record the store knows, so a damaged store is never backed up over good backups.
fn readable(store: &Store) -> Result<(), StoreError> {
    store.council()?;
    store.members()?;
    store.officers()?;
    store.settings()?;
    store.check_all::<crate::domain::audit::AuditEvent>()?;
    store.check_all::<Case>()?;
    store.check_all::<Disclosure>()?;
    store.check_all::<Election>()?;
    store.check_all::<PublicityItem>()?;
    store.check_all::<GroupReport>()?;
    store.check_all::<GroupAttendance>()?;
    store.check_all::<InfoRequest>()?;
    store.check_all::<crate::domain::retention::Disposal>()?;
    store.check_all::<crate::domain::retention::RetentionSettings>()?;
    store.check_all::<crate::domain::figures::CouncilFigures>()?;
    store.check_all::<crate::domain::correspondence::Letter>()?;
    Ok(())
}

/// Whether [`daily`] would write a backup: the store holds a council and has no backup from
/// `today` (or later). A read-only store is never backed up into.
pub fn due(store: &Store, today: NaiveDate) -> bool {
    !store.is_read_only()
        && !store.is_empty()
        && list(store.path())
            .last()
            .is_none_or(|(day, _)| *day < today)
}

/// The automatic backup: when the store holds a council, reads cleanly and has no backup from
/// `today` (or later), writes one and keeps the newest [`KEEP`]. Returns the file written.
pub fn daily(store: &Store, today: NaiveDate) -> Result<Option<PathBuf>, BackupError> {
    if !due(store, today) {
        return Ok(None);
    }
    let dir = folder(store.path());
    readable(store)?;
    std::fs::create_dir_all(&dir).map_err(io_error(&dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700))
            .map_err(io_error(&dir))?;
    }
    let path = dir.join(file_name(store.path(), today));
    write_streamed(store, now(), &path)?;
    rotate(store.path());
    Ok(Some(path))
}

/// Writes the backup of `store` to `path` as [`encode`] of [`snapshot`] would, byte for byte,
/// but straight from sled's trees: one record at a time is held, not the whole store twice over
/// (a snapshot, then its encoding: 1.4 GB at 100,000 cases). Each tree is walked twice, once to
/// count its records (the encoding starts with the count) and once to write them; a count that
/// changed between the two is refused, never written.
fn write_streamed(store: &Store, made_at: NaiveDateTime, path: &Path) -> Result<(), BackupError> {
    let _watch = super::watchdog::guard("backing up", store.path());
    let live = LiveBackup {
        made_at,
        trees: live_trees(store)?,
    };
    let failed = std::cell::RefCell::new(None);
    let written = write_whole_with(path, |file| {
        // The header's length and checksum are known only at the end: room for it first.
        file.write_all(&[0u8; HEADER_LEN])?;
        let (crc, len) = {
            let mut out = super::journal::Hashing {
                inner: io::BufWriter::new(&mut *file),
                hasher: crc32fast::Hasher::new(),
                written: 0,
            };
            let encoded =
                bincode::serde::encode_into_std_write(&live, &mut out, bincode::config::standard());
            if let Err(e) = encoded {
                *failed.borrow_mut() = Some(envelope::one_line(&e.to_string()));
                return Err(io::Error::other("the backup could not be encoded"));
            }
            out.flush()?;
            (out.hasher, out.written)
        };
        let mut header = Vec::with_capacity(HEADER_LEN);
        header.extend_from_slice(&MAGIC);
        header.extend_from_slice(&VERSION.to_be_bytes());
        header.extend_from_slice(&len.to_be_bytes());
        let mut sum = crc32fast::Hasher::new();
        sum.update(&header[8..20]);
        sum.combine(&crc);
        header.extend_from_slice(&sum.finalize().to_be_bytes());
        use std::io::Seek as _;
        file.seek(io::SeekFrom::Start(0))?;
        file.write_all(&header)
    });
    match (written, failed.into_inner()) {
        (Err(_), Some(detail)) => Err(BackupError::NotVerified {
            path: path.to_path_buf(),
            detail,
        }),
        (written, _) => written,
    }
}

/// A [`Backup`] still in the store: serialized as the derived `Serialize` of [`Backup`] and
/// [`TreeDump`] would, from sled's trees as they are walked.
struct LiveBackup {
    made_at: NaiveDateTime,
    trees: Vec<LiveTree>,
}

struct LiveTree {
    name: sled::IVec,
    tree: sled::Tree,
    /// How many records the first walk counted.
    count: usize,
}

/// A tree's records, walked as they are written.
struct LiveEntries<'a>(&'a LiveTree);

impl Serialize for LiveBackup {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut st = s.serialize_struct("Backup", 2)?;
        st.serialize_field("made_at", &self.made_at)?;
        st.serialize_field("trees", &self.trees)?;
        st.end()
    }
}

impl Serialize for LiveTree {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut st = s.serialize_struct("TreeDump", 2)?;
        st.serialize_field("name", &*self.name)?;
        st.serialize_field("entries", &LiveEntries(self))?;
        st.end()
    }
}

impl Serialize for LiveEntries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let mut seq = s.serialize_seq(Some(self.0.count))?;
        let mut written = 0usize;
        for item in self.0.tree.iter() {
            let (key, value) = item.map_err(|e| S::Error::custom(e.to_string()))?;
            written += 1;
            if written > self.0.count {
                break;
            }
            seq.serialize_element(&(&*key, &*value))?;
        }
        if written != self.0.count {
            return Err(S::Error::custom(format!(
                "tree {} changed while it was backed up",
                String::from_utf8_lossy(&self.0.name)
            )));
        }
        seq.end()
    }
}

/// Keeps the newest [`KEEP`] automatic backups and clears away half-written ones.
fn rotate(store_dir: &Path) {
    let all = list(store_dir);
    for (_, old) in all.iter().take(all.len().saturating_sub(KEEP)) {
        let _ = std::fs::remove_file(old);
    }
    if let Ok(entries) = std::fs::read_dir(folder(store_dir)) {
        for e in entries.filter_map(|e| e.ok()) {
            if e.file_name().to_string_lossy().ends_with(".partial") {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::{AuditEvent, Subject};
    use crate::domain::ids::MemberId;
    use crate::domain::member::{JoinedBy, Member};
    use crate::store::Record as _;
    use crate::store::{AuditDraft, Write};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn member(id: u32, name: &str) -> Member {
        Member {
            id: MemberId(id),
            name: name.into(),
            sort_name: None,
            ward: "North".into(),
            group: None,
            joined_by: JoinedBy::CoOpted,
            term_start: d(2025, 5, 6),
            term_end: None,
            end_reason: None,
            dpi_registered: Some(d(2025, 5, 20)),
            email: Some(format!("m{id}@example.org")),
            phone: None,
        }
    }

    fn draft(subject: &str, action: &str) -> AuditDraft {
        AuditDraft {
            at: d(2026, 11, 22).and_hms_opt(14, 3, 0).unwrap(),
            actor: "Clerk".into(),
            subject: Subject(subject.into()),
            action: action.into(),
            changes: Vec::new(),
            note: Some("at the clerk's desk".into()),
            cite: None,
        }
    }

    /// A store with a council, three members and their audit events.
    fn filled(dir: &Path) -> Store {
        let store = Store::open(dir).unwrap();
        let council =
            Council::new("Llanfair Town Council", "town", "banbury", &["banbury"]).unwrap();
        store
            .commit(vec![Write::put(&council)], vec![draft("council", "set up")])
            .unwrap();
        for (id, name) in [(1, "Siân ap Dafydd"), (2, "Zoë Ó Briain"), (3, "Ann Smith")] {
            store
                .commit(
                    vec![Write::put(&member(id, name))],
                    vec![draft(&format!("member M-00{id}"), "added")],
                )
                .unwrap();
        }
        store
    }

    fn written(tmp: &Path) -> (PathBuf, Vec<u8>) {
        let store = filled(&tmp.join("store"));
        let file = tmp.join("llanfair.clerkdesk-backup");
        write(&store, &file).unwrap();
        let bytes = std::fs::read(&file).unwrap();
        (file, bytes)
    }

    #[test]
    fn a_backup_round_trips_into_a_new_store() {
        let tmp = tempfile::tempdir().unwrap();
        let store = filled(&tmp.path().join("store"));
        let file = tmp.path().join("out.clerkdesk-backup");
        let made = write(&store, &file).unwrap();
        assert_eq!(&std::fs::read(&file).unwrap()[..8], b"CLDKBKUP");
        let back = read(&file).unwrap();
        assert_eq!(back, made);
        assert_eq!(
            back.council_name().as_deref(),
            Some("Llanfair Town Council")
        );
        assert_eq!(back.format(), Some(migrate::FORMAT));
        assert_eq!(back.records(), 1 + 3 + 4);

        let target = tmp.path().join("councils").join("restored");
        let restored = restore_into(&target, &back).unwrap();
        assert_eq!(restored.council().unwrap(), store.council().unwrap());
        assert_eq!(restored.members().unwrap(), store.members().unwrap());
        assert_eq!(restored.audit().unwrap(), store.audit().unwrap());
        let subject = Subject("member M-002".into());
        assert_eq!(
            restored.audit_for(&subject).unwrap(),
            store.audit_for(&subject).unwrap()
        );
        assert_eq!(restored.format().unwrap(), migrate::FORMAT);
        // The audit trail carries on from where the backup left it.
        let next = restored
            .commit(vec![], vec![draft("council", "restored")])
            .unwrap();
        assert_eq!(next[0].seq, 5);
        // An empty folder will do as well.
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        let again = restore_into(&empty, &back).unwrap();
        assert_eq!(again.members().unwrap().len(), 3);
    }

    #[test]
    fn a_flipped_byte_is_refused_by_the_checksum() {
        let tmp = tempfile::tempdir().unwrap();
        let (file, bytes) = written(tmp.path());
        // Anywhere after the marker: format, length, checksum or payload.
        for at in [
            8,
            11,
            20,
            23,
            HEADER_LEN,
            HEADER_LEN + 40,
            bytes.len() / 2,
            bytes.len() - 1,
        ] {
            let mut garbled = bytes.clone();
            garbled[at] ^= 0x01;
            std::fs::write(&file, &garbled).unwrap();
            let err = read(&file).unwrap_err();
            let msg = err.to_string();
            assert!(!msg.contains('\n'), "{msg}");
            assert!(msg.contains(&file.display().to_string()), "{msg}");
            if (12..20).contains(&at) {
                // The length: the file no longer matches it.
                assert!(
                    matches!(
                        err,
                        BackupError::Truncated { .. } | BackupError::Garbled { .. }
                    ),
                    "byte {at}: {err:?}"
                );
            } else {
                assert!(
                    matches!(err, BackupError::Garbled { .. }),
                    "byte {at}: {err:?}"
                );
                assert!(msg.contains("checksum does not match"), "byte {at}: {msg}");
            }
        }
    }

    #[test]
    fn a_truncated_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let (file, bytes) = written(tmp.path());
        for len in [0, 5, 8, 12, HEADER_LEN, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&file, &bytes[..len]).unwrap();
            let err = read(&file).unwrap_err();
            assert!(
                matches!(err, BackupError::Truncated { .. }),
                "{len}: {err:?}"
            );
            let msg = err.to_string();
            assert!(msg.contains("is cut short"), "{msg}");
            assert!(msg.contains(&format!("({len} of ")), "{msg}");
        }
        // Bytes added at the end are no better.
        let mut longer = bytes.clone();
        longer.extend_from_slice(b"more");
        std::fs::write(&file, &longer).unwrap();
        assert!(matches!(read(&file), Err(BackupError::Garbled { .. })));
    }

    #[test]
    fn a_foreign_file_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let (file, bytes) = written(tmp.path());
        let mut other = bytes.clone();
        other[0] = b'X';
        for foreign in [&b"name,ward\nAnn,North\n"[..], &other[..], b"CLDK"] {
            std::fs::write(&file, foreign).unwrap();
            let err = read(&file).unwrap_err();
            if foreign == b"CLDK" {
                assert!(matches!(err, BackupError::Truncated { .. }), "{err:?}");
                continue;
            }
            assert!(matches!(err, BackupError::Foreign { .. }), "{err:?}");
            assert!(
                err.to_string().contains("is not a clerkdesk backup"),
                "{err}"
            );
        }
        // A sled database file is not a backup either; and a missing file says so.
        let store = tmp.path().join("store");
        assert!(matches!(
            read(&store.join("db")),
            Err(BackupError::Foreign { .. })
        ));
        let err = read(&tmp.path().join("missing")).unwrap_err();
        assert!(matches!(err, BackupError::Io { .. }), "{err:?}");
    }

    #[test]
    fn a_newer_backup_format_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let (file, mut bytes) = written(tmp.path());
        bytes[8..12].copy_from_slice(&2u32.to_be_bytes());
        let crc = checksum(&bytes[..HEADER_LEN], &bytes[HEADER_LEN..]);
        bytes[20..24].copy_from_slice(&crc.to_be_bytes());
        std::fs::write(&file, &bytes).unwrap();
        let err = read(&file).unwrap_err();
        assert!(
            matches!(err, BackupError::TooNew { found: 2, .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains("update clerkdesk"), "{err}");
    }

    #[test]
    fn restore_goes_only_into_an_empty_store() {
        let tmp = tempfile::tempdir().unwrap();
        let (file, _) = written(tmp.path());
        let backup = read(&file).unwrap();
        // The store the backup came from holds a council: refused, and untouched.
        let full = tmp.path().join("store");
        let err = restore_into(&full, &backup).unwrap_err();
        assert!(matches!(err, BackupError::NotEmpty { .. }), "{err:?}");
        assert!(
            err.to_string().starts_with(
                "restore only into an empty store; this one holds Llanfair Town Council"
            ),
            "{err}"
        );
        // A folder of other things is not a store.
        let other = tmp.path().join("other");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("notes.txt"), "mine").unwrap();
        let err = restore_into(&other, &backup).unwrap_err();
        assert!(matches!(err, BackupError::NotAStore { .. }), "{err:?}");
        assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
        // A backup of a newer store format is refused before any folder is made.
        let mut newer = backup.clone();
        for t in &mut newer.trees {
            if t.name == META_TREE.as_bytes() {
                for (k, v) in &mut t.entries {
                    if k.as_slice() == migrate::FORMAT_KEY {
                        *v = 99u32.to_be_bytes().to_vec();
                    }
                }
            }
        }
        let target = tmp.path().join("new");
        let err = restore_into(&target, &newer).unwrap_err();
        assert!(
            matches!(err, BackupError::TooNew { found: 99, .. }),
            "{err:?}"
        );
        assert!(!target.exists());
    }

    /// The day's backup, written straight from sled's trees, is byte for byte the file that
    /// encoding a snapshot gives (the format every reader knows), for a store of a few records
    /// and for one whose trees are larger than any buffer on the way; and it reads back whole.
    #[test]
    fn a_streamed_backup_is_the_encoded_snapshot_byte_for_byte() {
        let tmp = tempfile::tempdir().unwrap();
        let store = filled(&tmp.path().join("llanfair"));
        let at = d(2001, 2, 3).and_hms_opt(4, 5, 6).unwrap();
        let check = |store: &Store, name: &str| {
            let file = tmp.path().join(name);
            write_streamed(store, at, &file).unwrap();
            let streamed = std::fs::read(&file).unwrap();
            let encoded = encode(&snapshot(store, at).unwrap()).unwrap();
            assert_eq!(streamed.len(), encoded.len(), "{name}");
            assert!(streamed == encoded, "{name}: the bytes differ");
            assert_eq!(read(&file).unwrap(), snapshot(store, at).unwrap());
        };
        check(&store, "small.clerkdesk-backup");
        for id in 10..2_010 {
            store
                .commit(
                    vec![Write::put(&member(
                        id,
                        &format!("Member {id} {}", "é".repeat(40)),
                    ))],
                    vec![draft(&format!("member M-{id}"), "added")],
                )
                .unwrap();
        }
        check(&store, "larger.clerkdesk-backup");
    }

    /// A record that does not decode (here an audit event, which opening a council never reads)
    /// keeps the day's backup from being made, with the words `Store::all` uses for it: a damaged
    /// store never pushes a good backup out. The check keeps no record it decodes.
    #[test]
    fn a_damaged_audit_event_stops_the_days_backup_as_reading_it_would() {
        let tmp = tempfile::tempdir().unwrap();
        let store = filled(&tmp.path().join("llanfair"));
        assert!(daily(&store, d(2001, 1, 1)).unwrap().is_some());
        let audit = store.db.open_tree(AuditEvent::TREE).unwrap();
        let (key, _) = audit.iter().nth(2).unwrap().unwrap();
        audit.insert(key, &b"CLDK\0\0\0\x01garbage"[..]).unwrap();
        let read = store.audit().unwrap_err().to_string();
        let err = daily(&store, d(2001, 1, 2)).unwrap_err().to_string();
        assert!(err.contains(&read), "{err}\n{read}");
        assert!(read.contains("tree audit"), "{read}");
        assert_eq!(
            list(store.path()).len(),
            1,
            "no backup of the damaged store"
        );
        assert_eq!(
            store.check_all::<AuditEvent>().unwrap_err().to_string(),
            read
        );
        assert!(store.check_all::<Case>().is_ok());
    }

    #[test]
    fn automatic_backups_are_daily_and_rotate_keeping_seven() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("llanfair");
        // An empty store is not backed up.
        let store = Store::open(&dir).unwrap();
        assert_eq!(daily(&store, d(2001, 1, 1)).unwrap(), None);
        drop(store);
        let store = filled(&tmp.path().join("llanfair-2"));
        let dir = store.path().to_path_buf();
        for day in 1..=10 {
            let made = daily(&store, d(2001, 1, day)).unwrap().expect("made");
            assert_eq!(
                made,
                folder(&dir).join(format!("llanfair-2-2001-01-{day:02}.clerkdesk-backup"))
            );
            // Once a day only.
            assert_eq!(daily(&store, d(2001, 1, day)).unwrap(), None);
        }
        let kept = list(&dir);
        assert_eq!(kept.len(), KEEP);
        assert_eq!(kept[0].0, d(2001, 1, 4));
        assert_eq!(newest(&dir), Some(kept[6].1.clone()));
        assert_eq!(read(&kept[6].1).unwrap().records(), 8);
        // Other files in the folder are left alone; half-written ones are cleared away.
        std::fs::write(folder(&dir).join("notes.txt"), "mine").unwrap();
        std::fs::write(folder(&dir).join("x.clerkdesk-backup.partial"), "half").unwrap();
        daily(&store, d(2001, 1, 11)).unwrap().expect("made");
        assert!(folder(&dir).join("notes.txt").exists());
        assert!(!folder(&dir).join("x.clerkdesk-backup.partial").exists());
        assert_eq!(list(&dir).len(), KEEP);
        // The backups folder does not stop the store from opening as a store.
        drop(store);
        let store = Store::open(&dir).unwrap();
        assert_eq!(store.members().unwrap().len(), 3);
    }

    #[test]
    fn a_backup_is_not_written_over_another_file() {
        let tmp = tempfile::tempdir().unwrap();
        let store = filled(&tmp.path().join("store"));
        let file = tmp.path().join("minutes.docx");
        std::fs::write(&file, "the minutes").unwrap();
        let err = write(&store, &file).unwrap_err();
        assert!(matches!(err, BackupError::WouldOverwrite { .. }), "{err:?}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "the minutes");
        // An older backup is replaced.
        let file = tmp.path().join("b.clerkdesk-backup");
        write(&store, &file).unwrap();
        write(&store, &file).unwrap();
    }
}
