//! Restore never panics and never says "restored" for a backup it cannot use: crafted backups with
//! a valid checksum (no trees, garbage records, no council, unknown trees) and random payloads.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;

use clerkdesk::domain::council::Council;
use clerkdesk::store::backup::{self, Backup, BackupError, TreeDump};
use clerkdesk::store::envelope;

fn made_at() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// Encodes and decodes (so the checksum is valid), then restores into a new folder.
fn restore(backup: &Backup, dir: &Path) -> Result<(), BackupError> {
    let bytes = backup::encode(backup).expect("encodes");
    let read = backup::decode(&bytes, Path::new("crafted.clerkdesk-backup"))?;
    let store = backup::restore_into(dir, &read)?;
    // Said "restored": then it is a council whose every record reads.
    assert!(
        store.council().unwrap().is_some(),
        "restored without a council"
    );
    store.members().unwrap();
    store.officers().unwrap();
    store.audit().unwrap();
    store.settings().unwrap();
    Ok(())
}

const TREES: &[&str] = &[
    "council",
    "members",
    "officers",
    "settings",
    "audit",
    "audit_index",
    "meta",
    "cases",
    "disclosures",
    "elections",
    "publicity",
    "calendar",
    "unknown",
];

fn tree() -> impl Strategy<Value = TreeDump> {
    (
        prop::sample::select(TREES),
        prop::collection::vec(
            (
                prop::collection::vec(any::<u8>(), 0..12),
                prop_oneof![
                    prop::collection::vec(any::<u8>(), 0..40),
                    // The envelope marker and a version, then garbage.
                    prop::collection::vec(any::<u8>(), 0..40).prop_map(|mut v| {
                        let mut out = b"CLDK\0\0\0\x01".to_vec();
                        out.append(&mut v);
                        out
                    }),
                ],
            ),
            0..4,
        ),
    )
        .prop_map(|(name, entries)| TreeDump {
            name: name.as_bytes().to_vec(),
            entries,
        })
}

#[test]
fn a_backup_with_no_trees_or_no_council_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = Backup {
        made_at: made_at(),
        trees: Vec::new(),
    };
    let err = restore(&empty, &tmp.path().join("a")).unwrap_err();
    assert!(err.to_string().contains("it holds no council"), "{err}");
    assert!(!tmp.path().join("a").exists(), "a folder was left behind");
    let garbage = Backup {
        made_at: made_at(),
        trees: vec![TreeDump {
            name: b"members".to_vec(),
            entries: vec![(1u32.to_be_bytes().to_vec(), b"CLDK\0\0\0\x01junk".to_vec())],
        }],
    };
    let err = restore(&garbage, &tmp.path().join("b")).unwrap_err();
    assert!(err.to_string().contains("tree members, key 1"), "{err}");
    assert!(!tmp.path().join("b").exists());
    // A good council does not carry a garbled member through.
    let council =
        Council::new("Fuzzbury Parish Council", "parish", "banbury", &["banbury"]).unwrap();
    let mut with_council = garbage.clone();
    with_council.trees.push(TreeDump {
        name: b"council".to_vec(),
        entries: vec![(b"council".to_vec(), envelope::encode(1, &council).unwrap())],
    });
    let err = restore(&with_council, &tmp.path().join("c")).unwrap_err();
    assert!(err.to_string().contains("tree members, key 1"), "{err}");
    assert!(!tmp.path().join("c").exists());
    // And without the garbled member it restores.
    with_council.trees.remove(0);
    restore(&with_council, &tmp.path().join("d")).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn crafted_backups_never_panic(trees in prop::collection::vec(tree(), 0..5)) {
        let tmp = tempfile::tempdir().unwrap();
        let crafted = Backup { made_at: made_at(), trees };
        // Garbage never holds a readable council, so it is refused, and nothing is left behind.
        let dir = tmp.path().join("restored");
        prop_assert!(restore(&crafted, &dir).is_err());
        prop_assert!(!dir.exists());
    }

    #[test]
    fn random_payloads_with_a_valid_checksum_never_panic(
        payload in prop::collection::vec(any::<u8>(), 0..200)
    ) {
        let mut bytes = b"CLDKBKUP".to_vec();
        bytes.extend_from_slice(&1u32.to_be_bytes());
        bytes.extend_from_slice(&(payload.len() as u64).to_be_bytes());
        let mut h = crc32fast::Hasher::new();
        h.update(&bytes[8..20]);
        h.update(&payload);
        bytes.extend_from_slice(&h.finalize().to_be_bytes());
        bytes.extend_from_slice(&payload);
        if let Ok(read) = backup::decode(&bytes, Path::new("random")) {
            let tmp = tempfile::tempdir().unwrap();
            let _ = backup::restore_into(&tmp.path().join("r"), &read);
        }
    }
}
