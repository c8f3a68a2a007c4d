//! The open-cases index (store::OPEN_CASES_TREE): kept in the same commit as every case saved, so
//! `case list --open` reads only the open cases; rebuilt on open when a change reached the store
//! without it.

mod common;

use std::path::Path;

use chrono::NaiveDate;

use clerkdesk::domain::audit::Subject;
use clerkdesk::domain::grievance::{Case, CaseState};
use clerkdesk::store::{
    envelope, journal, AuditDraft, Record, Store, Write, JOURNAL_SEQ_KEY, META_TREE, OPEN_INDEX_KEY,
};
use common::Home;

fn draft(subject: &str) -> AuditDraft {
    AuditDraft {
        at: NaiveDate::from_ymd_opt(2026, 11, 22)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        actor: "Clerk".into(),
        subject: Subject(subject.into()),
        action: "edited".into(),
        changes: Vec::new(),
        note: None,
        cite: None,
    }
}

fn refs(cases: &[Case]) -> Vec<String> {
    cases.iter().map(|c| c.reference.clone()).collect()
}

/// The open cases found by walking every case: what the index must always agree with.
fn open_by_walking(store: &Store) -> Vec<String> {
    let mut all = store.all::<Case>().unwrap();
    all.retain(|c| c.state != CaseState::Closed);
    refs(&all)
}

fn index_is_current(store: &Store) -> bool {
    let at = store.raw_in(META_TREE, OPEN_INDEX_KEY).unwrap();
    at.is_some() && at == store.raw_in(META_TREE, JOURNAL_SEQ_KEY).unwrap()
}

#[test]
fn the_index_follows_every_case_saved_closed_reopened_or_removed() {
    let home = Home::with_demo();
    let store = Store::open(&home.demo_store()).unwrap();
    assert!(index_is_current(&store));
    let open = refs(&store.open_cases().unwrap());
    assert_eq!(open, open_by_walking(&store));
    assert!(open.len() >= 2, "the demo has open cases: {open:?}");
    assert!(
        store.all::<Case>().unwrap().len() > open.len(),
        "and closed ones"
    );

    let mut case = store
        .all::<Case>()
        .unwrap()
        .into_iter()
        .find(|c| c.reference == open[0])
        .unwrap();
    let state = case.state;
    case.state = CaseState::Closed;
    store
        .commit(vec![Write::put(&case)], vec![draft(&case.reference)])
        .unwrap();
    assert!(!refs(&store.open_cases().unwrap()).contains(&case.reference));
    assert_eq!(refs(&store.open_cases().unwrap()), open_by_walking(&store));

    case.state = state;
    store
        .commit(vec![Write::put(&case)], vec![draft(&case.reference)])
        .unwrap();
    assert_eq!(refs(&store.open_cases().unwrap()), open);

    store
        .commit(
            vec![Write::remove::<Case>(case.key())],
            vec![draft(&case.reference)],
        )
        .unwrap();
    assert_eq!(refs(&store.open_cases().unwrap()), open[1..]);
    assert!(index_is_current(&store));
    drop(store);

    // Kept in the journal too: a database rebuilt from it has the same index.
    std::fs::remove_file(home.demo_store().join("db")).unwrap();
    let store = Store::open(&home.demo_store()).unwrap();
    assert_eq!(refs(&store.open_cases().unwrap()), open[1..]);
    assert!(index_is_current(&store));
}

/// Appends a change to the store's journal as a clerkdesk that did not keep the index would have
/// saved it (the database is brought up to date from the journal on the next open).
fn saved_without_the_index(dir: &Path, case: &Case) {
    let path = dir.join(journal::FILE);
    let read = journal::read(&path).unwrap().unwrap();
    let mut app = journal::Appender::open(&path, &read).unwrap();
    app.append(&[journal::Op {
        tree: Case::TREE.as_bytes().to_vec(),
        key: case.key(),
        value: Some(envelope::encode(Case::VERSION, case).unwrap()),
    }])
    .unwrap();
}

#[test]
fn an_index_left_behind_is_rebuilt_on_open() {
    let home = Home::with_demo();
    let dir = home.demo_store();
    let store = Store::open(&dir).unwrap();
    let cases = store.all::<Case>().unwrap();
    let open = open_by_walking(&store);
    drop(store);
    // One open case closed, one closed case opened, neither through the index.
    let mut closing = cases
        .iter()
        .find(|c| c.reference == open[0])
        .unwrap()
        .clone();
    closing.state = CaseState::Closed;
    let mut opening = cases
        .iter()
        .find(|c| c.state == CaseState::Closed)
        .unwrap()
        .clone();
    opening.state = cases.iter().find(|c| c.reference == open[1]).unwrap().state;
    saved_without_the_index(&dir, &closing);
    saved_without_the_index(&dir, &opening);

    let store = Store::open(&dir).unwrap();
    assert!(index_is_current(&store));
    let now = refs(&store.open_cases().unwrap());
    assert_eq!(now, open_by_walking(&store));
    assert!(!now.contains(&closing.reference), "{now:?}");
    assert!(now.contains(&opening.reference), "{now:?}");
    drop(store);

    // The command line reads the same list through it.
    let r = home.ok(&["case", "list", "--open", "--format", "csv"]);
    let listed: Vec<&str> = r
        .stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let mut expected = now.clone();
    expected.sort();
    let mut got: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    got.sort();
    assert_eq!(got, expected);
}

/// `case list --open` leaves its decoded cases to the system at exit (`Session::close_for_exit`)
/// yet still closes the store cleanly: the next open checks only the journal's tail, and finds
/// every case.
#[test]
fn case_list_leaves_its_records_at_exit_and_still_closes_cleanly() {
    let home = Home::with_demo();
    let listed = home.ok(&["case", "list", "--open", "--format", "csv"]);
    let store = Store::open(&home.demo_store()).unwrap();
    assert_eq!(store.verified(), clerkdesk::store::Verified::Tail);
    let open = refs(&store.open_cases().unwrap());
    for reference in &open {
        assert!(listed.stdout.contains(reference.as_str()), "{reference}");
    }
    assert_eq!(listed.stdout.lines().count(), 1 + open.len());
}
