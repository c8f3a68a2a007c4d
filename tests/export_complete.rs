//! The whole-council export (`clerkdesk export --dir`) is how the clerk takes all the council's data
//! out, for a handover or a subject access request (R-DP1): every register the store holds must be
//! in it. The store is asked which trees it holds, so a register added later, and forgotten by the
//! export, fails here without anyone having to remember this test.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::Home;
use serde_json::Value;

use clerkdesk::store::{backup, Store};

/// Trees left out of council.json on purpose, none of them a register: each says why.
const LEFT_OUT: [&str; 4] = [
    // The store's own bookkeeping: format, last sequence numbers, the store's id.
    "meta",
    // An index from audit subject to sequence numbers, rebuilt from the trail (exported as `audit`).
    "audit_index",
    // An index of the cases not closed, kept from the cases (exported as `cases`).
    "open_cases",
    // sled's default tree: clerkdesk writes nothing into it.
    "__sled__default",
];

/// Where a tree's records are in council.json, when the key is not the tree's own name.
fn json_key(tree: &str) -> &str {
    match tree {
        "group_attendance" => "group_meetings",
        "info_requests" => "information_requests",
        "calendar" => "days_off",
        "closures" => "closure_days",
        other => other,
    }
}

/// Trees holding one record for the whole council (an object in council.json, not a list).
const SINGLE: [&str; 8] = [
    "council",
    "settings",
    "calendar",
    "closures",
    "gift_settings",
    "retention_settings",
    "council_documents",
    "council_figures",
];

fn export(home: &Home, dir: &Path) -> Value {
    home.ok(&["export", "--dir", dir.to_str().expect("a UTF-8 path")]);
    serde_json::from_str(&std::fs::read_to_string(dir.join("council.json")).unwrap()).unwrap()
}

#[test]
fn the_export_holds_every_register_the_store_holds() {
    let home = Home::with_demo();
    let dump = export(&home, &home.path().join("export"));
    // The export read every register, so the store now holds a tree for each (even an empty one).
    let store = Store::open(&home.demo_store()).expect("the demo store opens");
    let trees = store.trees().expect("the store lists its trees");
    let names: Vec<&str> = trees.iter().map(|(n, _)| n.as_str()).collect();
    for kind in [
        "members",
        "cases",
        "gifts",
        "sars",
        "dispensations",
        "audit",
    ] {
        assert!(names.contains(&kind), "the store lists {kind}: {names:?}");
    }
    for (tree, entries) in &trees {
        if LEFT_OUT.contains(&tree.as_str()) {
            continue;
        }
        let key = json_key(tree);
        let held = &dump[key];
        if SINGLE.contains(&tree.as_str()) {
            assert!(
                held.is_object(),
                "tree {tree} ({entries} entries) is not in council.json as '{key}': add it to \
                 src/cli/export.rs, or to LEFT_OUT here with the reason it is not council data"
            );
        } else {
            let list = held.as_array().unwrap_or_else(|| {
                panic!(
                    "tree {tree} ({entries} entries) is not in council.json as '{key}': add it to \
                     src/cli/export.rs, or to LEFT_OUT here with the reason it is not council data"
                )
            });
            assert_eq!(list.len(), *entries, "every record of {tree} exported");
        }
    }
    // The same trees are the ones a backup must read back: validation knows every one of them.
    let made_at = chrono::NaiveDate::from_ymd_opt(2026, 11, 22)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let backup = backup::snapshot(&store, made_at).expect("a snapshot of the demo");
    let backed_up: Vec<String> = backup
        .trees
        .iter()
        .map(|t| String::from_utf8_lossy(&t.name).into_owned())
        .collect();
    let holding: Vec<String> = trees
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(t, _)| t.clone())
        .collect();
    assert_eq!(backed_up, holding, "a backup holds every tree with records");
    backup::validate(&backup).expect("backup validation reads every tree the store holds");
    // The registers the export used to leave out hold records in the demo, and they are there.
    for key in ["gifts", "sars", "dispensations"] {
        assert!(
            !dump[key].as_array().unwrap().is_empty(),
            "the demo's {key} exported"
        );
    }
    assert!(dump["council_documents"]["protocol"].is_object());
}

/// Reads a CSV file written by the export (byte-order mark first) as rows keyed by column.
fn rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{FEFF}').as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("rectangular CSV");
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The only import clerkdesk has of its own export is members.csv (and officers.csv) into a council:
/// the members exported from one council, imported into a new one and exported again, are the same.
#[test]
fn members_exported_import_into_a_new_council_as_they_were() {
    let home = Home::with_demo();
    let first = home.path().join("first");
    export(&home, &first);
    let exported = rows(&first.join("members.csv"));
    assert!(exported.len() >= 9, "{exported:?}");

    // The columns the import reads, taken from the exported file as they are.
    let columns = [
        "name",
        "ward",
        "group",
        "joined_by",
        "term_start",
        "dpi_registered",
        "email",
        "phone",
        "sort_name",
    ];
    let mut again = csv::Writer::from_writer(Vec::new());
    again.write_record(columns).unwrap();
    for row in &exported {
        again
            .write_record(columns.iter().map(|c| row[*c].as_str()))
            .unwrap();
    }
    let new = Home::new();
    new.ok(&[
        "init",
        "--name",
        "Round Trip Parish Council",
        "--kind",
        "parish",
        "--protocol",
        "banbury",
        "--groups",
        "Conservative, Labour, Green",
    ]);
    let file = new.file("members.csv", &again.into_inner().unwrap());
    new.ok(&["import", "members", file.to_str().unwrap()]);

    let second = new.path().join("second");
    export(&new, &second);
    let reimported = rows(&second.join("members.csv"));
    assert_eq!(reimported.len(), exported.len());
    for row in &exported {
        let back = reimported
            .iter()
            .find(|r| r["name"] == row["name"])
            .unwrap_or_else(|| panic!("{} imported", row["name"]));
        for c in columns {
            assert_eq!(back[c], row[c], "{}: column {c}", row["name"]);
        }
    }
}
