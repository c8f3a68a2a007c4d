//! A journal entry applied to sled in parts ([`super::PART`] operations per transaction): a commit
//! whose later part fails leaves nothing of itself in the database or the journal; one whose
//! earlier parts cannot be taken back out stops the session, and the next open puts the database
//! right from the journal; a process killed between parts loses nothing on the next open (the
//! whole entry is applied again from the journal).
//!
//! The hook below stops or fails a chosen transaction, standing in for sled failing it.

use std::cell::RefCell;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use chrono::NaiveDate;

use super::{AuditDraft, Store, StoreError, Write, META_TREE, PART, SEQ_KEY};
use crate::domain::audit::Subject;
use crate::domain::ids::MemberId;
use crate::domain::member::{JoinedBy, Member};

/// What the hook does before the transaction it is given (numbered from 0 since it was set):
/// `Err` fails it as sled would, before anything of it is applied.
type Hook = Box<dyn FnMut(usize, &sled::Tree) -> Result<(), String>>;

thread_local! {
    static HOOK: RefCell<Option<(usize, Hook)>> = RefCell::new(None);
}

/// Called by `transact` before each transaction.
pub(super) fn before_transaction(meta: &sled::Tree, dir: &Path) -> Result<(), StoreError> {
    HOOK.with(|h| match h.borrow_mut().as_mut() {
        Some((n, hook)) => {
            let at = *n;
            *n += 1;
            hook(at, meta).map_err(|detail| StoreError::Damaged {
                path: dir.to_path_buf(),
                detail,
            })
        }
        None => Ok(()),
    })
}

fn set_hook(hook: impl FnMut(usize, &sled::Tree) -> Result<(), String> + 'static) {
    HOOK.with(|h| *h.borrow_mut() = Some((0, Box::new(hook))));
}

fn clear_hook() {
    HOOK.with(|h| *h.borrow_mut() = None);
}

fn member(id: u32) -> Member {
    Member {
        id: MemberId(id),
        name: format!("Member Number {id}"),
        sort_name: None,
        ward: "North".into(),
        group: None,
        joined_by: JoinedBy::Elected,
        term_start: NaiveDate::from_ymd_opt(2025, 5, 6).unwrap(),
        term_end: None,
        end_reason: None,
        dpi_registered: None,
        email: None,
        phone: None,
    }
}

/// How a test's large change is committed: held whole ([`Store::commit`], as the bench's batches
/// of cases are) or streamed through the journal ([`Store::commit_many`], as an import is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Commit,
    Many,
}

const BOTH: [Via; 2] = [Via::Commit, Via::Many];

/// Members `from..to` and one audit event each, as an import commits them.
fn import(store: &Store, from: u32, to: u32) -> Result<(), StoreError> {
    import_via(store, from, to, Via::Commit)
}

fn draft(id: u32) -> AuditDraft {
    AuditDraft {
        at: NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        actor: "Clerk".into(),
        subject: Subject(format!("member M-{id:03}")),
        action: "added".into(),
        changes: vec![crate::domain::audit::Change {
            field: "name".into(),
            before: String::new(),
            after: format!("Member Number {id}"),
        }],
        note: None,
        cite: None,
    }
}

fn import_via(store: &Store, from: u32, to: u32, via: Via) -> Result<(), StoreError> {
    match via {
        Via::Commit => {
            let writes = (from..to).map(|id| Write::put(&member(id))).collect();
            let events = (from..to).map(draft).collect();
            store.commit(writes, events).map(|_| ())
        }
        Via::Many => {
            let writes = (from..to).map(|id| Write::put(&member(id)));
            let events = (from..to).map(draft);
            store.commit_many(writes, events).map(|_| ())
        }
    }
}

/// A large import: members 11.. and their events, three operations a member, in four parts.
const MANY: u32 = 5000;
const FIRST: u32 = 11;

/// Members, audit events and audit-index entries as the database holds them, and the last audit
/// sequence number: all must match a store that never saw the failed commit.
fn held(store: &Store) -> (Vec<u32>, usize, usize, Option<u64>) {
    let ids = store.members().unwrap().iter().map(|m| m.id.0).collect();
    let events = store.audit().unwrap().len();
    let index = store.audit_index.iter().count();
    let meta = store.db.open_tree(META_TREE).unwrap();
    let seq = super::read_u64(&meta, &store.path, SEQ_KEY).unwrap();
    (ids, events, index, seq)
}

/// A store holding members 1 to 10, each with its event.
fn ten(dir: &Path) -> Store {
    let store = Store::open(dir).unwrap();
    import(&store, 1, FIRST).unwrap();
    store
}

#[test]
fn a_large_commit_is_applied_in_parts_and_reads_back_whole() {
    assert!(
        3 * MANY as usize > 3 * PART,
        "the import must need several parts"
    );
    for via in BOTH {
        let tmp = tempfile::tempdir().unwrap();
        let store = ten(tmp.path());
        set_hook(|_, _| Ok(()));
        import_via(&store, FIRST, FIRST + MANY, via).unwrap();
        let transactions = HOOK.with(|h| h.borrow().as_ref().map(|(n, _)| *n)).unwrap();
        clear_hook();
        assert_eq!(
            transactions,
            (3 * MANY as usize + 2).div_ceil(PART),
            "{via:?}"
        );
        let (ids, events, index, seq) = held(&store);
        assert_eq!(ids, (1..FIRST + MANY).collect::<Vec<_>>(), "{via:?}");
        assert_eq!((events, index), (10 + MANY as usize, 10 + MANY as usize));
        assert_eq!(seq, Some(10 + u64::from(MANY)));
        drop(store);
        // Closed sound: the database held the journal's last change, so the clean-close mark was
        // left. (Whether the next open may trust it also depends on sled writing nothing after
        // the mark, which a loaded machine's background flush can break: that open is then the
        // whole check, equally correct, so it is not asserted here.)
        assert!(super::clean::read(tmp.path()).is_some(), "{via:?}");
        let store = Store::open(tmp.path()).unwrap();
        assert_eq!(store.members().unwrap().len(), 10 + MANY as usize);
    }
}

/// Every key and value of every tree but the store's own identity (each store has its own).
fn contents(store: &Store) -> Vec<(Vec<u8>, Vec<u8>, Vec<u8>)> {
    let mut names = store.db.tree_names();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        for item in store.db.open_tree(&name).unwrap().iter() {
            let (k, v) = item.unwrap();
            if name.as_ref() == META_TREE.as_bytes() && k.as_ref() == super::STORE_ID_KEY {
                continue;
            }
            out.push((name.to_vec(), k.to_vec(), v.to_vec()));
        }
    }
    out
}

#[test]
fn a_streamed_commit_journals_and_saves_exactly_what_one_held_whole_does() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (whole, streamed) = (ten(a.path()), ten(b.path()));
    import_via(&whole, FIRST, FIRST + MANY, Via::Commit).unwrap();
    import_via(&streamed, FIRST, FIRST + MANY, Via::Many).unwrap();
    let c = contents(&whole);
    assert!(c.len() > 3 * MANY as usize);
    assert!(c == contents(&streamed), "the databases differ");
    // The same journal entry, change for change and byte for byte.
    let last = |store: &Store| {
        let path = store.path().join(super::journal::FILE);
        let j = super::journal::read(&path).unwrap().unwrap();
        let at = store.journal.lock().unwrap().as_ref().unwrap().position();
        let bytes = std::fs::read(&path).unwrap()[at.last_at as usize..].to_vec();
        (j.entries.last().unwrap().clone(), bytes)
    };
    let (entry, bytes) = last(&whole);
    assert_eq!(entry.ops.len(), 3 * MANY as usize + 2);
    assert!(
        last(&streamed) == (entry, bytes),
        "the journal entries differ"
    );
    // And a streamed change that is refused saves nothing: a record that could not be encoded.
    let before = contents(&streamed);
    let mut bad = Write::put(&member(9000));
    bad.value = Some(Err(super::EnvelopeError::Damaged("not encodable".into())));
    let writes = (FIRST + MANY..FIRST + MANY + 10)
        .map(|id| Write::put(&member(id)))
        .chain(std::iter::once(bad));
    let events = (FIRST + MANY..FIRST + MANY + 11).map(draft);
    let e = streamed
        .commit_many(writes.collect::<Vec<_>>(), events)
        .expect_err("refused");
    assert!(e.to_string().contains("could not be encoded"), "{e}");
    assert!(contents(&streamed) == before);
}

#[test]
fn an_error_in_a_later_part_leaves_nothing_saved_and_the_next_commit_goes_in() {
    for via in BOTH {
        later_part_fails(via);
    }
}

fn later_part_fails(via: Via) {
    let tmp = tempfile::tempdir().unwrap();
    let store = ten(tmp.path());
    let was = held(&store);
    let journal_was = store.journal.lock().unwrap().as_ref().unwrap().position();
    // Parts 0 and 1 go in; part 2 fails.
    set_hook(|n, _| {
        if n == 2 {
            Err("the third part failed".into())
        } else {
            Ok(())
        }
    });
    let refused = import_via(&store, FIRST, FIRST + MANY, via);
    clear_hook();
    let e = refused.expect_err("a failed part fails the commit");
    assert!(e.to_string().contains("the third part failed"), "{e}");
    assert_eq!(held(&store), was, "the parts applied were put back");
    assert_eq!(
        store.journal.lock().unwrap().as_ref().unwrap().position(),
        journal_was,
        "the entry was taken out of the journal"
    );
    // Nothing stuck: the same import now goes in whole.
    import_via(&store, FIRST, FIRST + MANY, via).unwrap();
    assert_eq!(held(&store).0.len(), 10 + MANY as usize);
    drop(store);
    // The failure left no clean-close mark: the whole journal is compared, and agrees.
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(store.verified(), super::Verified::Whole);
    assert!(store.notices().is_empty(), "{:?}", store.notices());
    let (ids, events, index, _) = held(&store);
    assert_eq!(ids, (1..FIRST + MANY).collect::<Vec<_>>());
    assert_eq!((events, index), (10 + MANY as usize, 10 + MANY as usize));
}

#[test]
fn parts_that_cannot_be_put_back_stop_the_session_and_the_next_open_takes_them_out() {
    for via in BOTH {
        put_back_fails(via);
    }
}

fn put_back_fails(via: Via) {
    let tmp = tempfile::tempdir().unwrap();
    let store = ten(tmp.path());
    let was = held(&store);
    // Part 2 fails, and so does every transaction after it (the put-back).
    set_hook(|n, _| {
        if n >= 2 {
            Err("the disk stopped answering".into())
        } else {
            Ok(())
        }
    });
    let e = import_via(&store, FIRST, FIRST + MANY, via).expect_err("the commit fails");
    clear_hook();
    let said = e.to_string();
    assert!(said.starts_with("nothing was saved"), "{said}");
    assert!(said.contains("opened again"), "{said}");
    // Part of it is in the database (the first parts hold the audit events), so nothing more
    // goes in, and nothing copies it.
    assert!(held(&store).1 > 10);
    let later = import(&store, 9000, 9001).expect_err("a halted store saves nothing");
    assert!(later.to_string().contains("opened again"), "{later}");
    assert!(super::backup::snapshot(&store, chrono::NaiveDateTime::MIN).is_err());
    assert!(store.compact_journal().is_err());
    drop(store);
    let store = Store::open(tmp.path()).unwrap();
    assert_eq!(held(&store), was, "the next open took the parts back out");
    assert!(
        store.notices().iter().any(|n| n.contains("rebuilt")),
        "{:?}",
        store.notices()
    );
    import(&store, FIRST, FIRST + 1).unwrap();
}

const CHILD_DIR: &str = "CLERKDESK_TEST_PARTS_CHILD_DIR";
const CHILD_VIA: &str = "CLERKDESK_TEST_PARTS_CHILD_VIA";

#[cfg(unix)]
#[test]
fn killed_between_parts_the_next_open_applies_the_whole_entry() {
    for via in BOTH {
        killed_between_parts(via);
    }
}

#[cfg(unix)]
fn killed_between_parts(via: Via) {
    let tmp = tempfile::tempdir().unwrap();
    drop(ten(tmp.path()));
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "store::parts_tests::parts_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_DIR, tmp.path())
        .env(CHILD_VIA, format!("{via:?}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the child starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let stopped = lines
        .by_ref()
        .map_while(Result::ok)
        .any(|l| l.contains("STOPPED-BETWEEN-PARTS"));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(stopped, "the child never reached its third part");
    // What the killed process left: two parts in sled's files (audit events, the first in the
    // entry), the entry not marked applied.
    {
        let db = sled::open(tmp.path()).unwrap();
        let events = db.open_tree("audit").unwrap().iter().count();
        assert!(
            events > 10 && events < 10 + MANY as usize,
            "{events} events: the kill was not between parts"
        );
        assert_eq!(db.open_tree("members").unwrap().iter().count(), 10);
    }
    let store = Store::open(tmp.path()).unwrap();
    assert!(
        store.notices().iter().any(|n| n.contains("recovered")),
        "{:?}",
        store.notices()
    );
    let (ids, events, index, seq) = held(&store);
    assert_eq!(ids, (1..FIRST + MANY).collect::<Vec<_>>());
    assert_eq!((events, index), (10 + MANY as usize, 10 + MANY as usize));
    assert_eq!(seq, Some(10 + u64::from(MANY)));
}

/// Run by `killed_between_parts_the_next_open_applies_the_whole_entry` in a separate process and
/// killed there; does nothing on its own. Imports `MANY` members; before the third part it makes
/// the first two durable in sled's files, says so, and waits to be killed.
#[test]
#[ignore]
fn parts_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let store = Store::open(Path::new(&dir)).unwrap();
    set_hook(|n, meta| {
        if n == 2 {
            meta.flush().map_err(|e| e.to_string())?;
            println!("STOPPED-BETWEEN-PARTS");
            std::thread::sleep(std::time::Duration::from_secs(120));
        }
        Ok(())
    });
    let via = match std::env::var(CHILD_VIA).as_deref() {
        Ok("Many") => Via::Many,
        _ => Via::Commit,
    };
    let _ = import_via(&store, FIRST, FIRST + MANY, via);
}
