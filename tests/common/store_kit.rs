//! Store-level test helpers shared by the tests that open a `Store` directly (`sled_failures`,
//! `clean_close`): a member, an audit draft, and a store filled with a council and members.

use std::path::Path;

use chrono::NaiveDate;

use clerkdesk::domain::audit::Subject;
use clerkdesk::domain::council::Council;
use clerkdesk::domain::ids::MemberId;
use clerkdesk::domain::member::{JoinedBy, Member};
use clerkdesk::store::{AuditDraft, Store, Write};

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn member(id: u32, name: &str) -> Member {
    Member {
        id: MemberId(id),
        name: name.into(),
        sort_name: None,
        ward: "North".into(),
        group: None,
        joined_by: JoinedBy::Elected,
        term_start: d(2025, 5, 6),
        term_end: None,
        end_reason: None,
        dpi_registered: None,
        email: None,
        phone: None,
    }
}

pub fn draft(subject: &str) -> AuditDraft {
    AuditDraft {
        at: d(2026, 11, 22).and_hms_opt(9, 0, 0).unwrap(),
        actor: "Clerk".into(),
        subject: Subject(subject.into()),
        action: "added".into(),
        changes: Vec::new(),
        note: None,
        cite: None,
    }
}

pub fn add(store: &Store, id: u32) {
    store
        .commit(
            vec![Write::put(&member(id, &format!("Member {id}")))],
            vec![draft(&format!("member M-{id:03}"))],
        )
        .unwrap();
}

/// A store with a council and members 1..=n, closed.
pub fn filled(dir: &Path, n: u32) {
    let store = Store::open(dir).unwrap();
    let council =
        Council::new("Testford Parish Council", "parish", "banbury", &["banbury"]).unwrap();
    store
        .commit(vec![Write::put(&council)], vec![draft("council")])
        .unwrap();
    for id in 1..=n {
        add(&store, id);
    }
}
