//! Bringing a council back when sled's own files cannot be used: from the change journal alone when
//! it still holds the whole store (it starts with a snapshot), or from the newest automatic backup
//! plus the journal's changes after it (a journal whose snapshot is damaged still carries the later
//! changes). Whichever gets furthest is used; nothing is ever taken from a backup when the journal
//! cannot show that no saved change came after it, unless the caller only reads (`export` and
//! `backup` from a read-only or full disk), and then the clerk is told.
//!
//! A [`Plan`] is read from the store folder without writing anything to it; it is then applied to a
//! new database (in the store folder when the store is rebuilt on open, in memory when it is only
//! read).

use std::path::{Path, PathBuf};

use super::backup::{self, Backup};
use super::journal::{Entry, Journal, Op};
use super::{StoreError, JOURNAL_SEQ_KEY, STORE_ID_KEY};

/// Where a council can be brought back from.
#[derive(Debug)]
pub struct Plan {
    /// The backup it starts from, if it does not start from the journal's own snapshot.
    backup: Option<(PathBuf, Backup)>,
    /// The journal entries to apply, in order (after the backup's state when there is one).
    entries: Vec<Entry>,
    /// The sequence number the store is at when the plan has been applied.
    pub last: u64,
    /// The backup is used without a journal to show nothing came after it (read-only use).
    unsure: bool,
}

/// Whether a plan may rest on a backup without a journal that carries on from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Rebuilding the store: every saved change or nothing.
    Everything,
    /// Only reading (an export or backup from a disk that cannot be written): the best there is,
    /// said plainly.
    BestAvailable,
}

impl Plan {
    /// The backup the plan starts from, if any.
    pub fn backup(&self) -> Option<&Path> {
        self.backup.as_ref().map(|(p, _)| p.as_path())
    }

    /// Where the council comes from, in words for the clerk.
    pub fn describe(&self) -> String {
        let n = self.entries.len();
        let changes = if n == 1 {
            "1 saved change".to_string()
        } else {
            format!("{n} saved changes")
        };
        match &self.backup {
            None => format!("the change journal ({changes})"),
            Some((path, b)) => {
                let mut out = format!(
                    "the backup {} (made {})",
                    path.display(),
                    b.made_at.format("%Y-%m-%d %H:%M")
                );
                if self.unsure {
                    out.push_str(
                        "; there is no readable change journal, so changes saved after that backup, if any, are not included",
                    );
                } else {
                    out.push_str(&format!(
                        " and the {changes} after it in the change journal"
                    ));
                }
                out
            }
        }
    }

    /// Applies the plan to an empty database.
    pub fn apply_to(&self, db: &sled::Db, dir: &Path) -> Result<(), StoreError> {
        if let Some((_, b)) = &self.backup {
            let ops: Vec<Op> = b
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
            let base = backup::meta_u64(b, JOURNAL_SEQ_KEY).unwrap_or(0);
            super::apply(db, dir, &ops, base)?;
        }
        for e in &self.entries {
            super::apply(db, dir, &e.ops, e.seq)?;
        }
        db.flush().map_err(|e| super::sled_error(dir, e))?;
        Ok(())
    }
}

/// The automatic backups of the store in `dir` that read and validate, newest first (each read
/// only when asked for), with the journal sequence number each was taken at.
fn backups(dir: &Path) -> impl Iterator<Item = (PathBuf, Backup, u64)> {
    backup::list(dir).into_iter().rev().filter_map(|(_, path)| {
        let b = backup::read(&path).ok()?;
        backup::validate(&b).ok()?;
        let base = backup::meta_u64(&b, JOURNAL_SEQ_KEY).unwrap_or(0);
        Some((path, b, base))
    })
}

/// The best way to bring back the store in `dir`, given its journal as read (`None` when it is
/// missing or unreadable). `None` when there is none that `need` allows.
pub fn plan(dir: &Path, journal: Option<&Journal>, need: Need) -> Option<Plan> {
    let whole = journal.filter(|j| j.complete()).map(|j| Plan {
        backup: None,
        entries: j.entries.clone(),
        last: j.last_seq().unwrap_or(0),
        unsure: false,
    });
    let mut from_backup = None;
    for (path, b, base) in backups(dir) {
        let plan = match journal {
            Some(j) => {
                // Another store's journal says nothing about this backup.
                if backup::meta_u64(&b, STORE_ID_KEY).is_some_and(|id| id != j.store_id) {
                    continue;
                }
                let Some(after) = j.carried_on_from(base) else {
                    continue;
                };
                Plan {
                    last: after.last().map_or(base, |e| e.seq),
                    entries: after.into_iter().cloned().collect(),
                    backup: Some((path, b)),
                    unsure: false,
                }
            }
            None if need == Need::BestAvailable => Plan {
                backup: Some((path, b)),
                entries: Vec::new(),
                last: base,
                unsure: true,
            },
            None => break,
        };
        from_backup = Some(plan);
        break;
    }
    match (whole, from_backup) {
        (Some(w), Some(b)) if b.last > w.last => Some(b),
        (Some(w), _) => Some(w),
        (None, b) => b,
    }
}

/// A private folder for a database that lives only while clerkdesk runs (the council read from
/// backup and journal, or a placeholder while the database is rewritten): owner-only, in memory
/// where the system offers it (`/dev/shm`), never in the store folder, and removed when dropped
/// (even if sled has not finished letting go of it).
#[derive(Debug)]
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new() -> std::io::Result<Scratch> {
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() {
            shm.to_path_buf()
        } else {
            std::env::temp_dir()
        };
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        for n in 0u32.. {
            let dir = base.join(format!("clerkdesk-{}-{stamp}-{n}", std::process::id()));
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            {
                use std::os::unix::fs::DirBuilderExt;
                builder.mode(0o700);
            }
            match builder.create(&dir) {
                Ok(()) => return Ok(Scratch(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        unreachable!("an unbounded range always yields another name")
    }

    /// A sled database inside it.
    pub fn open_db(&self, store: &Path) -> Result<sled::Db, StoreError> {
        sled::Config::new()
            .path(self.0.join("db"))
            .open()
            .map_err(|e| super::sled_error(store, e))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
