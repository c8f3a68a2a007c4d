//! The store's side of a disposal (R-DP2): audit events may have their text replaced, never their
//! fact (sequence, date, actor, subject, action, rule); and after the rewrite neither sled's files
//! nor the journal hold the old bytes, while every record and event is still there.

use std::path::Path;

use clerkdesk::domain::audit::{Change, Subject};
use clerkdesk::domain::council::Council;
use clerkdesk::store::{AuditDraft, Store, StoreError, Write};

mod common;

use common::store_kit::{d, member};

const SECRET: &str = "Hieronymus Quillfeather";

fn draft(subject: &str, note: &str) -> AuditDraft {
    AuditDraft {
        at: d(2026, 11, 22).and_hms_opt(9, 0, 0).unwrap(),
        actor: "Clerk".into(),
        subject: Subject(subject.into()),
        action: "added".into(),
        changes: vec![Change {
            field: "name".into(),
            before: String::new(),
            after: note.into(),
        }],
        note: Some(note.into()),
        cite: None,
    }
}

fn holds(dir: &Path, needle: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            if e.file_name() != "backups" {
                out.extend(holds(&e.path(), needle));
            }
        } else if std::fs::read(e.path())
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle.as_bytes())
        {
            out.push(e.path().display().to_string());
        }
    }
    out
}

#[test]
fn a_disposal_rewrites_text_only_and_leaves_no_old_copy() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let mut store = Store::open(&dir).unwrap();
    let council = Council::new(
        "Testcombe Parish Council",
        "parish",
        "banbury",
        &["banbury"],
    )
    .unwrap();
    store
        .commit(vec![Write::put(&council)], vec![draft("council", "set up")])
        .unwrap();
    // Many versions of the record, so sled's log holds several old copies.
    for i in 0..20 {
        store
            .commit(
                vec![Write::put(&member(1, &format!("{SECRET} {i}")))],
                vec![draft("member M-001", &format!("{SECRET} {i}"))],
            )
            .unwrap();
    }
    store
        .commit(
            vec![Write::put(&member(2, "Ann Smith"))],
            vec![draft("member M-002", "Ann Smith")],
        )
        .unwrap();
    store.flush().unwrap();
    assert!(!holds(&dir, SECRET).is_empty());
    let trail = store.audit().unwrap();
    let subject = Subject("member M-001".into());
    let own = store.audit_for(&subject).unwrap();
    assert_eq!(own.len(), 20);

    // Changing an event's action, date or subject is refused: only its text may go.
    let mut moved = own[0].clone();
    moved.action = "something else".into();
    let err = store
        .commit_disposal(vec![], vec![moved], vec![])
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    let mut redated = own[0].clone();
    redated.at = d(2020, 1, 1).and_hms_opt(0, 0, 0).unwrap();
    assert!(store
        .commit_disposal(vec![], vec![redated], vec![])
        .is_err());
    let mut invented = own[0].clone();
    invented.seq = 999;
    assert!(store
        .commit_disposal(vec![], vec![invented], vec![])
        .is_err());
    assert_eq!(store.audit().unwrap(), trail, "a refusal changes nothing");

    let anonymised: Vec<_> = own
        .iter()
        .map(|e| {
            let mut a = e.clone();
            a.note = Some("[disposed]".into());
            a.changes[0].after = "[disposed]".into();
            a
        })
        .collect();
    store
        .commit_disposal(
            vec![Write::put(&member(1, "[disposed]"))],
            anonymised,
            vec![draft("member M-001", "disposed")],
        )
        .unwrap();
    store.rewrite_without_old_copies().unwrap();
    assert_eq!(holds(&dir, SECRET), Vec::<String>::new());
    // Every event is still there, in order, indexed by subject; the others untouched.
    let after = store.audit().unwrap();
    assert_eq!(after.len(), trail.len() + 1);
    for (a, b) in trail.iter().zip(&after) {
        assert_eq!(
            (a.seq, a.at, &a.subject, &a.action),
            (b.seq, b.at, &b.subject, &b.action)
        );
    }
    assert_eq!(store.audit_for(&subject).unwrap().len(), 21);
    assert_eq!(store.members().unwrap()[1].name, "Ann Smith");
    // It keeps working, and reopens quietly with everything.
    store
        .commit(
            vec![Write::put(&member(3, "Bo Lee"))],
            vec![draft("member M-003", "Bo Lee")],
        )
        .unwrap();
    drop(store);
    let store = Store::open(&dir).unwrap();
    assert!(store.notices().is_empty(), "{:?}", store.notices());
    assert_eq!(store.members().unwrap().len(), 3);
    assert_eq!(store.audit().unwrap().len(), trail.len() + 2);
    assert!(holds(&dir, SECRET).is_empty());
}
