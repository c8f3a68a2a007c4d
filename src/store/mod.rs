//! PLACEHOLDER with the agreed API; replaced by the real store (envelopes, migration, audit index).
#![allow(dead_code)]
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::domain::audit::{AuditEvent, Change, Subject};
use crate::domain::council::Council;
use crate::domain::member::Member;
use crate::domain::officer::Officer;
use crate::domain::rules::Cite;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this council's store is open in another clerkdesk ({})", path.display())]
    Locked { path: PathBuf },
    #[error("store at {} was written by a newer clerkdesk (format {found}); this one reads up to {supported}: update clerkdesk", path.display())]
    TooNew { path: PathBuf, found: u32, supported: u32 },
    #[error("store at {} is damaged: {detail}", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("cannot use {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub meeting_safe: bool,
    pub last_backup: Option<NaiveDate>,
}

pub trait Record: Serialize + DeserializeOwned {
    const TREE: &'static str;
    fn key(&self) -> Vec<u8>;
}
impl Record for Council { const TREE: &'static str = "council"; fn key(&self) -> Vec<u8> { b"council".to_vec() } }
impl Record for Member { const TREE: &'static str = "members"; fn key(&self) -> Vec<u8> { self.id.0.to_be_bytes().to_vec() } }
impl Record for Officer { const TREE: &'static str = "officers"; fn key(&self) -> Vec<u8> { self.id.0.to_be_bytes().to_vec() } }
impl Record for Settings { const TREE: &'static str = "settings"; fn key(&self) -> Vec<u8> { b"settings".to_vec() } }

pub struct Write { tree: &'static str, key: Vec<u8>, value: Vec<u8> }
impl Write {
    pub fn put<R: Record>(r: &R) -> Write {
        Write { tree: R::TREE, key: r.key(), value: serde_json::to_vec(r).unwrap() }
    }
}

pub struct AuditDraft {
    pub at: NaiveDateTime,
    pub actor: String,
    pub subject: Subject,
    pub action: String,
    pub changes: Vec<Change>,
    pub note: Option<String>,
    pub cite: Option<Cite>,
}

pub struct Store { db: sled::Db, path: PathBuf }

fn io(path: &Path, e: sled::Error) -> StoreError {
    let s = e.to_string();
    if s.contains("could not acquire lock") { StoreError::Locked { path: path.into() } } else { StoreError::Damaged { path: path.into(), detail: s } }
}

impl Store {
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::Io { path: dir.into(), source })?;
        let db = sled::open(dir).map_err(|e| io(dir, e))?;
        Ok(Store { db, path: dir.into() })
    }
    pub fn path(&self) -> &Path { &self.path }
    pub fn is_empty(&self) -> bool { self.council().ok().flatten().is_none() }
    pub fn council(&self) -> Result<Option<Council>, StoreError> { Ok(self.all::<Council>()?.into_iter().next()) }
    pub fn members(&self) -> Result<Vec<Member>, StoreError> { self.all() }
    pub fn officers(&self) -> Result<Vec<Officer>, StoreError> { self.all() }
    pub fn settings(&self) -> Result<Settings, StoreError> { Ok(self.all::<Settings>()?.into_iter().next().unwrap_or_default()) }
    pub fn all<R: Record>(&self) -> Result<Vec<R>, StoreError> {
        let t = self.db.open_tree(R::TREE).map_err(|e| io(&self.path, e))?;
        Ok(t.iter().values().map(|v| serde_json::from_slice(&v.unwrap()).unwrap()).collect())
    }
    pub fn audit(&self) -> Result<Vec<AuditEvent>, StoreError> {
        let t = self.db.open_tree("audit").map_err(|e| io(&self.path, e))?;
        Ok(t.iter().values().map(|v| serde_json::from_slice(&v.unwrap()).unwrap()).collect())
    }
    pub fn audit_for(&self, subject: &Subject) -> Result<Vec<AuditEvent>, StoreError> {
        Ok(self.audit()?.into_iter().filter(|e| &e.subject == subject).collect())
    }
    pub fn commit(&self, writes: Vec<Write>, events: Vec<AuditDraft>) -> Result<Vec<AuditEvent>, StoreError> {
        for w in writes { self.db.open_tree(w.tree).unwrap().insert(w.key, w.value).unwrap(); }
        let t = self.db.open_tree("audit").unwrap();
        let mut out = Vec::new();
        for e in events {
            let seq = t.len() as u64 + 1;
            let ev = AuditEvent { seq, at: e.at, actor: e.actor, subject: e.subject, action: e.action, changes: e.changes, note: e.note, cite: e.cite };
            t.insert(seq.to_be_bytes(), serde_json::to_vec(&ev).unwrap()).unwrap();
            out.push(ev);
        }
        self.db.flush().map_err(|e| io(&self.path, e))?;
        Ok(out)
    }
}
