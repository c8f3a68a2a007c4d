//! Store formats and record migrations.
//!
//! Two kinds of version are kept:
//!
//! * each stored value carries its **record version** in its envelope; a record kind reads older
//!   versions through [`Record::migrate`](super::Record::migrate);
//! * the store as a whole carries a **format** in the `meta` tree under `format` (u32, big-endian).
//!   When `Store::open` finds an older format (or records and no format at all, which is format 0),
//!   it reads every record through its migration, writes them all back at the current version and
//!   stamps the current format, in one transaction. A newer format is refused.
//!
//! Format 0 stamped every record version 0. Only `Member` changed shape between 0 and 1: a version-0
//! member had no `joined_by`, `email`, `phone` or `dpi_registered`; `Member` version 2 adds the
//! sort name the clerk may set (R-M1 lists). `Council` version 2 keeps each
//! group's past leaders (R-M2) and merges a separately recorded Town Mayor into the Chairman.
//! `Officer` version 2 records who gave the protocol briefing (R-O2) and the recruitment panel
//! (R-O1); older officers have neither recorded.
//! `Election` version 2 has every kind of election that covers the parish and a name (R-P5);
//! older ones are the council's own ordinary elections and by-elections.

use std::path::Path;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError};
use sled::Transactional;

use super::envelope::{self, EnvelopeError};
use super::{
    audit_index_key, sled_error, Record, Settings, StoreError, AUDIT_INDEX_TREE, META_TREE, SEQ_KEY,
};
use crate::domain::audit::AuditEvent;
use crate::domain::blackout::{Election, ElectionKind, ElectionState};
use crate::domain::council::{Contact, Council, CouncilKind, Group, Office, OfficeTerm};
use crate::domain::ids::{GroupId, MemberId, OfficerId};
use crate::domain::member::{JoinedBy, Member};
use crate::domain::officer::{Employment, LineManager, Officer, Post};

/// The store format this clerkdesk writes.
pub const FORMAT: u32 = 1;

/// Key of the store format in the `meta` tree.
pub const FORMAT_KEY: &[u8] = b"format";

/// For record kinds whose shape has not changed since format 0: an older payload decodes as is.
pub fn same_shape<R: DeserializeOwned>(
    kind: &str,
    from_version: u32,
    current: u32,
    payload: &[u8],
) -> Result<R, EnvelopeError> {
    if from_version < current {
        envelope::decode_payload(payload)
    } else {
        Err(EnvelopeError::Damaged(format!(
            "no migration for a {kind} from version {from_version}"
        )))
    }
}

/// A member as format 0 stored it.
#[derive(Serialize, Deserialize)]
struct MemberV0 {
    id: MemberId,
    name: String,
    ward: String,
    group: Option<GroupId>,
    term_start: NaiveDate,
    term_end: Option<NaiveDate>,
    end_reason: Option<String>,
}

/// A member as record version 1 stored it: no sort name.
#[derive(Serialize, Deserialize)]
struct MemberV1 {
    id: MemberId,
    name: String,
    ward: String,
    group: Option<GroupId>,
    joined_by: JoinedBy,
    term_start: NaiveDate,
    term_end: Option<NaiveDate>,
    end_reason: Option<String>,
    dpi_registered: Option<NaiveDate>,
    email: Option<String>,
    phone: Option<String>,
}

/// Reads a member written at an older record version. Before version 2 no sort name was kept, so
/// the member sorts by the last word of their name, as before.
pub(crate) fn member(from_version: u32, payload: &[u8]) -> Result<Member, EnvelopeError> {
    let old = match from_version {
        0 => {
            let old: MemberV0 = envelope::decode_payload(payload)?;
            MemberV1 {
                id: old.id,
                name: old.name,
                ward: old.ward,
                group: old.group,
                // Co-option was not recorded before version 1; nearly every member is elected.
                joined_by: JoinedBy::Elected,
                term_start: old.term_start,
                term_end: old.term_end,
                end_reason: old.end_reason,
                dpi_registered: None,
                email: None,
                phone: None,
            }
        }
        1 => envelope::decode_payload(payload)?,
        v => {
            return Err(EnvelopeError::Damaged(format!(
                "no migration for a member from version {v}"
            )))
        }
    };
    Ok(Member {
        id: old.id,
        name: old.name,
        sort_name: None,
        ward: old.ward,
        group: old.group,
        joined_by: old.joined_by,
        term_start: old.term_start,
        term_end: old.term_end,
        end_reason: old.end_reason,
        dpi_registered: old.dpi_registered,
        email: old.email,
        phone: old.phone,
    })
}

/// An officer as record versions 0 and 1 stored it: the day of the protocol briefing without who
/// gave it (R-O2), and no recruitment panel (R-O1).
#[derive(Serialize, Deserialize)]
struct OfficerV1 {
    id: OfficerId,
    name: String,
    post: Post,
    title: Option<String>,
    employment: Employment,
    line_manager: LineManager,
    started: NaiveDate,
    protocol_briefed: Option<NaiveDate>,
    left: Option<NaiveDate>,
    email: Option<String>,
    phone: Option<String>,
}

/// Reads an officer written at an older record version: who gave the briefing and the recruitment
/// panel were not recorded, so both are empty; the clerk records them with the officer's steps.
pub(crate) fn officer(from_version: u32, payload: &[u8]) -> Result<Officer, EnvelopeError> {
    match from_version {
        0 | 1 => {
            let old: OfficerV1 = envelope::decode_payload(payload)?;
            Ok(Officer {
                id: old.id,
                name: old.name,
                post: old.post,
                title: old.title,
                employment: old.employment,
                line_manager: old.line_manager,
                started: old.started,
                protocol_briefed: old.protocol_briefed,
                left: old.left,
                email: old.email,
                phone: old.phone,
                briefed_by: None,
                recruitment: None,
            })
        }
        v => Err(EnvelopeError::Damaged(format!(
            "no migration for an officer from version {v}"
        ))),
    }
}

/// A group as council record versions 0 and 1 stored it: the current leader only.
#[derive(Serialize, Deserialize)]
struct GroupV1 {
    id: GroupId,
    name: String,
    leader: Option<MemberId>,
}

/// A council as record versions 0 and 1 stored it.
#[derive(Serialize, Deserialize)]
struct CouncilV1 {
    name: String,
    kind: CouncilKind,
    profile: String,
    monitoring_officer: Option<Contact>,
    groups: Vec<GroupV1>,
    offices: Vec<OfficeTermV1>,
}

/// An office term as council record versions 0 and 1 stored it: no committee offices.
#[derive(Serialize, Deserialize)]
struct OfficeTermV1 {
    office: Office,
    holder: MemberId,
    from: NaiveDate,
    to: Option<NaiveDate>,
}

/// Reads a council written at an older record version. Versions 0 and 1 kept no group leader
/// history (their leaders start with none), and may hold a Town Mayor recorded apart from the
/// Chairman (R-M2: the Town Mayor *is* the Chairman, LGA 1972 s245(6)): each such term becomes the
/// Chairman's where no Chairman is recorded for it; a clash is left for the clerk to see
/// (`Council::town_mayor_clashes`).
pub(crate) fn council(from_version: u32, payload: &[u8]) -> Result<Council, EnvelopeError> {
    match from_version {
        0 | 1 => {
            let old: CouncilV1 = envelope::decode_payload(payload)?;
            let mut council = Council {
                name: old.name,
                kind: old.kind,
                profile: old.profile,
                monitoring_officer: old.monitoring_officer,
                groups: old
                    .groups
                    .into_iter()
                    .map(|g| Group {
                        id: g.id,
                        name: g.name,
                        leader: g.leader,
                        leader_from: None,
                        past_leaders: Vec::new(),
                    })
                    .collect(),
                offices: old
                    .offices
                    .into_iter()
                    .map(|t| OfficeTerm {
                        office: t.office,
                        committee: None,
                        holder: t.holder,
                        from: t.from,
                        to: t.to,
                    })
                    .collect(),
            };
            council.merge_town_mayor_terms();
            Ok(council)
        }
        v => Err(EnvelopeError::Damaged(format!(
            "no migration for a council from version {v}"
        ))),
    }
}

/// The kinds of election record versions 0 and 1 knew: the council's own.
#[derive(Serialize, Deserialize)]
enum ElectionKindV1 {
    Ordinary,
    ByElection,
}

/// An election as record versions 0 and 1 stored it: no other body's elections (R-P5), no name.
#[derive(Serialize, Deserialize)]
struct ElectionV1 {
    id: u32,
    kind: ElectionKindV1,
    wards: Vec<String>,
    poll: NaiveDate,
    notice: Option<NaiveDate>,
    state: ElectionState,
}

/// Reads an election written at an older record version: its kind is the parish ordinary election
/// or by-election it was, with no name (R-P5).
pub(crate) fn election(from_version: u32, payload: &[u8]) -> Result<Election, EnvelopeError> {
    match from_version {
        0 | 1 => {
            let old: ElectionV1 = envelope::decode_payload(payload)?;
            Ok(Election {
                id: old.id,
                kind: match old.kind {
                    ElectionKindV1::Ordinary => ElectionKind::Ordinary,
                    ElectionKindV1::ByElection => ElectionKind::ByElection,
                },
                wards: old.wards,
                poll: old.poll,
                notice: old.notice,
                state: old.state,
                name: String::new(),
            })
        }
        v => Err(EnvelopeError::Damaged(format!(
            "no migration for an election from version {v}"
        ))),
    }
}

/// Reads the store format from `meta`; `None` when it was never stamped.
pub(crate) fn read_format(meta: &sled::Tree, path: &Path) -> Result<Option<u32>, StoreError> {
    let Some(raw) = meta.get(FORMAT_KEY).map_err(|e| sled_error(path, e))? else {
        return Ok(None);
    };
    let bytes: [u8; 4] = raw.as_ref().try_into().map_err(|_| StoreError::Damaged {
        path: path.to_path_buf(),
        detail: format!(
            "tree meta, key \"format\": {} bytes where 4 were expected",
            raw.len()
        ),
    })?;
    Ok(Some(u32::from_be_bytes(bytes)))
}

/// Checks the format on open: stamps a new store, upgrades an old one, refuses a newer one.
///
/// `had_data`: the database file existed and was not empty before this open. Returns whether it
/// rewrote anything (a new store stamped, an old one upgraded).
pub(crate) fn on_open(db: &sled::Db, path: &Path, had_data: bool) -> Result<bool, StoreError> {
    let meta = db.open_tree(META_TREE).map_err(|e| sled_error(path, e))?;
    match read_format(&meta, path)? {
        Some(found) if found > FORMAT => Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: FORMAT,
        }),
        Some(FORMAT) => Ok(false),
        None if !has_records(db, path)? => {
            if had_data {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    detail: "the database file is there but nothing in it could be read".into(),
                });
            }
            meta.insert(FORMAT_KEY, &FORMAT.to_be_bytes())
                .map_err(|e| sled_error(path, e))?;
            db.flush().map_err(|e| sled_error(path, e))?;
            Ok(true)
        }
        _ => upgrade(db, path).map(|()| true),
    }
}

fn has_records(db: &sled::Db, path: &Path) -> Result<bool, StoreError> {
    for name in db.tree_names() {
        if name.as_ref() == META_TREE.as_bytes() || name.as_ref() == b"__sled__default" {
            continue;
        }
        let tree = db.open_tree(&name).map_err(|e| sled_error(path, e))?;
        if !tree.is_empty() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Stored values to write back: key and re-encoded envelope.
type Values = Vec<(sled::IVec, Vec<u8>)>;

/// One tree's records, read through their migrations and encoded again at the current version.
struct Rewritten<R> {
    tree: sled::Tree,
    values: Values,
    records: Vec<R>,
}

fn rewrite<R: Record>(db: &sled::Db, path: &Path) -> Result<Rewritten<R>, StoreError> {
    let tree = db.open_tree(R::TREE).map_err(|e| sled_error(path, e))?;
    let mut values = Vec::new();
    let mut records = Vec::new();
    for item in tree.iter() {
        let (key, value) = item.map_err(|e| sled_error(path, e))?;
        let record: R =
            envelope::decode(&value).map_err(|e| super::envelope_error(path, R::TREE, &key, e))?;
        let bytes = envelope::encode(R::VERSION, &record)
            .map_err(|e| super::envelope_error(path, R::TREE, &key, e))?;
        values.push((key, bytes));
        records.push(record);
    }
    Ok(Rewritten {
        tree,
        values,
        records,
    })
}

/// Upgrades an older store in one transaction: every record rewritten at its current version, the
/// audit index rebuilt, the audit counter set, and the format stamped.
fn upgrade(db: &sled::Db, path: &Path) -> Result<(), StoreError> {
    let audit = rewrite::<AuditEvent>(db, path)?;
    let events = audit.records;
    // Every record kind the store knows. A new kind adds a line here.
    let parts: Vec<(sled::Tree, Values)> = vec![
        rewrite::<Council>(db, path).map(|r| (r.tree, r.values))?,
        rewrite::<Member>(db, path).map(|r| (r.tree, r.values))?,
        rewrite::<Officer>(db, path).map(|r| (r.tree, r.values))?,
        rewrite::<Settings>(db, path).map(|r| (r.tree, r.values))?,
        (audit.tree, audit.values),
    ];
    let (mut trees, rewrites): (Vec<sled::Tree>, Vec<Values>) = parts.into_iter().unzip();

    let last_seq = events.iter().map(|e| e.seq).max().unwrap_or(0);
    let index: Vec<Vec<u8>> = events
        .iter()
        .map(|e| audit_index_key(&e.subject, e.seq))
        .collect();
    trees.push(
        db.open_tree(AUDIT_INDEX_TREE)
            .map_err(|e| sled_error(path, e))?,
    );
    trees.push(db.open_tree(META_TREE).map_err(|e| sled_error(path, e))?);

    let result: Result<(), TransactionError<()>> = trees.as_slice().transaction(|tx| {
        for (tree, writes) in tx.iter().zip(&rewrites) {
            for (key, value) in writes {
                tree.insert(key, value.as_slice())?;
            }
        }
        let (index_tree, meta) = (&tx[tx.len() - 2], &tx[tx.len() - 1]);
        for key in &index {
            index_tree.insert(key.as_slice(), &[] as &[u8])?;
        }
        meta.insert(SEQ_KEY, &last_seq.to_be_bytes())?;
        meta.insert(FORMAT_KEY, &FORMAT.to_be_bytes())?;
        Ok::<(), ConflictableTransactionError<()>>(())
    });
    match result {
        Ok(()) => {}
        Err(TransactionError::Storage(e)) => return Err(sled_error(path, e)),
        // The closure never aborts.
        Err(TransactionError::Abort(())) => {}
    }
    db.flush().map_err(|e| sled_error(path, e))?;
    Ok(())
}
