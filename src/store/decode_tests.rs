//! `decode_all` on several threads gives what one thread in key order gives: the same records in
//! the same order, older versions migrated the same way, and for a damaged tree the error of the
//! first damaged record by key, word for word.

use serde::{Deserialize, Serialize};

use super::envelope::{self, EnvelopeError};
use super::{decode_all, envelope_error, Record, StoreError, DECODE_ALONE_UNDER};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    n: u32,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct EntryV1 {
    n: u32,
}

impl Record for Entry {
    const TREE: &'static str = "entries";
    const VERSION: u32 = 2;
    fn key(&self) -> Vec<u8> {
        self.n.to_be_bytes().to_vec()
    }
    fn migrate(from_version: u32, payload: &[u8]) -> Result<Self, EnvelopeError> {
        match from_version {
            1 => {
                let old: EntryV1 = envelope::decode_payload(payload)?;
                Ok(Entry {
                    n: old.n,
                    text: format!("migrated {}", old.n),
                })
            }
            v => Err(EnvelopeError::Damaged(format!("no version {v}"))),
        }
    }
}

const PATH: &str = "/nowhere/store";

/// A tree of `n` entries, every seventh written at the older version.
fn tree_of(n: u32) -> sled::Tree {
    let db = sled::Config::new().temporary(true).open().unwrap();
    let tree = db.open_tree(Entry::TREE).unwrap();
    for i in 0..n {
        let value = if i % 7 == 0 {
            envelope::encode(1, &EntryV1 { n: i }).unwrap()
        } else {
            let e = Entry {
                n: i,
                text: format!("entry {i} – ünïcode"),
            };
            envelope::encode(Entry::VERSION, &e).unwrap()
        };
        tree.insert(i.to_be_bytes(), value).unwrap();
    }
    tree
}

/// The walk `Store::all` made before it used threads: one record after another, in key order.
fn one_by_one(tree: &sled::Tree) -> Result<Vec<Entry>, StoreError> {
    let path = std::path::Path::new(PATH);
    let mut out = Vec::new();
    for item in tree.iter() {
        let (key, value) = item.map_err(|e| super::sled_error(path, e))?;
        out.push(envelope::decode(&value).map_err(|e| envelope_error(path, Entry::TREE, &key, e))?);
    }
    Ok(out)
}

fn describe(r: Result<Vec<Entry>, StoreError>) -> Result<Vec<Entry>, String> {
    r.map_err(|e| e.to_string())
}

#[test]
fn several_threads_give_the_same_records_in_the_same_order_as_one() {
    let n = (DECODE_ALONE_UNDER as u32) * 3 + 17;
    let tree = tree_of(n);
    let path = std::path::Path::new(PATH);
    let expected = one_by_one(&tree).unwrap();
    assert_eq!(expected.len(), n as usize);
    assert_eq!(expected[14].text, "migrated 14");
    for threads in [1, 2, 3, 4, 8] {
        let got: Vec<Entry> = decode_all(&tree, path, threads).unwrap();
        assert_eq!(got, expected, "{threads} threads");
    }
}

#[test]
fn a_small_tree_and_an_empty_one_read_the_same() {
    let path = std::path::Path::new(PATH);
    for n in [0, 1, 50] {
        let tree = tree_of(n);
        let got: Vec<Entry> = decode_all(&tree, path, 4).unwrap();
        assert_eq!(got, one_by_one(&tree).unwrap());
        assert_eq!(got.len(), n as usize);
    }
}

#[test]
fn the_first_damaged_record_by_key_is_reported_as_one_thread_reports_it() {
    let n = (DECODE_ALONE_UNDER as u32) * 3;
    let path = std::path::Path::new(PATH);
    // Damage in the last run only, in two runs (the later one damaged first in the walk of a
    // thread that may finish sooner), and at the very first record.
    for damaged in [vec![n - 5], vec![n - 100, 1_000, 9_000], vec![0, n / 2]] {
        let tree = tree_of(n);
        for &at in &damaged {
            let mut bytes = tree.get(at.to_be_bytes()).unwrap().unwrap().to_vec();
            bytes.truncate(bytes.len() - 1);
            tree.insert(at.to_be_bytes(), bytes).unwrap();
        }
        // Also a value that is not ours at all, after the others.
        tree.insert((n - 1).to_be_bytes(), b"XXXXXXXXXXXX".to_vec())
            .unwrap();
        let expected = describe(one_by_one(&tree));
        let first = damaged.iter().min().copied().unwrap_or(n - 1);
        let message = expected.clone().unwrap_err();
        assert!(
            message.contains(&format!("key {first}")) || message.contains(&first.to_string()),
            "{message}"
        );
        for threads in [1, 2, 3, 8] {
            assert_eq!(
                describe(decode_all(&tree, path, threads)),
                expected,
                "damaged at {damaged:?}, {threads} threads"
            );
        }
    }
}
