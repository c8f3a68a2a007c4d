//! Integration tests for the store: round trips, the audit trail, atomic commits, migration from
//! format 0, refusals (newer format, damage, lock, disk problems).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use clerkdesk::domain::audit::{AuditEvent, Change, Subject};
use clerkdesk::domain::council::Council;
use clerkdesk::domain::ids::{GroupId, MemberId, OfficerId};
use clerkdesk::domain::member::{JoinedBy, Member};
use clerkdesk::domain::officer::{Employment, LineManager, Officer, Post};
use clerkdesk::domain::rules::Cite;
use clerkdesk::store::envelope::{self, EnvelopeError};
use clerkdesk::store::migrate::FORMAT;
use clerkdesk::store::{AuditDraft, Record, Settings, Store, StoreError, Write};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day).and_hms_opt(h, min, 0).unwrap()
}

fn council() -> Council {
    Council::new("Llanfair Town Council", "town", "banbury", &["banbury"]).unwrap()
}

fn member(id: u32, name: &str) -> Member {
    Member {
        id: MemberId(id),
        name: name.into(),
        sort_name: None,
        ward: "North".into(),
        group: None,
        joined_by: JoinedBy::CoOpted,
        term_start: d(2025, 5, 6),
        term_end: None,
        end_reason: None,
        dpi_registered: Some(d(2025, 5, 20)),
        email: Some(format!("m{id}@example.org")),
        phone: None,
    }
}

fn officer(id: u32, name: &str) -> Officer {
    Officer {
        id: OfficerId(id),
        name: name.into(),
        post: Post::Clerk,
        title: Some("Clerk and RFO".into()),
        employment: Employment::Employee,
        line_manager: LineManager::Council,
        started: d(2020, 1, 6),
        protocol_briefed: Some(d(2020, 1, 8)),
        left: None,
        email: None,
        phone: Some("01234 567890".into()),
        briefed_by: None,
        recruitment: None,
    }
}

fn draft(subject: &str, action: &str) -> AuditDraft {
    AuditDraft {
        at: at(2026, 11, 22, 14, 3),
        actor: "Clerk".into(),
        subject: Subject(subject.into()),
        action: action.into(),
        changes: vec![Change {
            field: "ward".into(),
            before: "North".into(),
            after: "South".into(),
        }],
        note: Some("at the clerk's desk".into()),
        cite: Some(Cite::new("R-M1", "CAV §2.1")),
    }
}

fn fresh() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("councils").join("llanfair");
    (tmp, path)
}

/// A member as format 0 stored it (mirrors the store's private `MemberV0`).
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

/// A member as record version 1 stored it (mirrors the store's private `MemberV1`): no sort name.
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

/// An officer as record version 1 stored it (mirrors the store's private `OfficerV1`): the day of
/// the protocol briefing without who gave it (R-O2), no recruitment panel (R-O1).
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

/// A group and a council as record versions 0 and 1 stored them (mirrors the store's private
/// `CouncilV1`): no group leader history.
#[derive(Serialize, Deserialize)]
struct GroupV1 {
    id: GroupId,
    name: String,
    leader: Option<MemberId>,
}

#[derive(Serialize, Deserialize)]
struct CouncilV1 {
    name: String,
    kind: clerkdesk::domain::council::CouncilKind,
    profile: String,
    monitoring_officer: Option<clerkdesk::domain::council::Contact>,
    groups: Vec<GroupV1>,
    offices: Vec<OfficeTermV1>,
}

#[derive(Serialize, Deserialize)]
struct OfficeTermV1 {
    office: clerkdesk::domain::council::Office,
    holder: MemberId,
    from: NaiveDate,
    to: Option<NaiveDate>,
}

impl CouncilV1 {
    fn from_current(c: &Council) -> CouncilV1 {
        CouncilV1 {
            name: c.name.clone(),
            kind: c.kind,
            profile: c.profile.clone(),
            monitoring_officer: c.monitoring_officer.clone(),
            groups: c
                .groups
                .iter()
                .map(|g| GroupV1 {
                    id: g.id,
                    name: g.name.clone(),
                    leader: g.leader,
                })
                .collect(),
            offices: c
                .offices
                .iter()
                .map(|t| OfficeTermV1 {
                    office: t.office,
                    holder: t.holder,
                    from: t.from,
                    to: t.to,
                })
                .collect(),
        }
    }
}

fn v0_members() -> Vec<MemberV0> {
    vec![
        MemberV0 {
            id: MemberId(1),
            name: "Siân ap Dafydd".into(),
            ward: "Gogledd".into(),
            group: Some(GroupId(1)),
            term_start: d(2022, 5, 9),
            term_end: None,
            end_reason: None,
        },
        MemberV0 {
            id: MemberId(2),
            name: "Zoë Ó Briain".into(),
            ward: "De".into(),
            group: None,
            term_start: d(2022, 5, 9),
            term_end: Some(d(2024, 3, 31)),
            end_reason: Some("resigned".into()),
        },
    ]
}

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/store-v0")
}

/// Regenerates `tests/fixtures/store-v0`: a format-0 store with a council and two version-0 members.
/// Run with `cargo test --test store make_v0_fixture -- --ignored`.
#[test]
#[ignore]
fn make_v0_fixture() {
    let dir = fixture_dir();
    let _ = std::fs::remove_dir_all(&dir);
    let db = sled::Config::new().path(&dir).open().unwrap();
    let mut c = council();
    c.add_group("Plaid").unwrap();
    db.open_tree("council")
        .unwrap()
        .insert(
            b"council",
            envelope::encode(0, &CouncilV1::from_current(&c)).unwrap(),
        )
        .unwrap();
    let members = db.open_tree("members").unwrap();
    for m in v0_members() {
        members
            .insert(m.id.0.to_be_bytes(), envelope::encode(0, &m).unwrap())
            .unwrap();
    }
    db.open_tree("meta")
        .unwrap()
        .insert(b"format", &0u32.to_be_bytes())
        .unwrap();
    db.flush().unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Opens the sled database under a store directly, as a tool outside clerkdesk would. Waits briefly
/// for a just-dropped handle to release its lock (spacejam/sled#1234).
///
/// The store's change journal is removed: a store changed behind clerkdesk's back has no journal
/// to put it right, so it is taken as these bytes say (as a store from before the journal is).
fn raw(path: &Path) -> sled::Db {
    let _ = std::fs::remove_file(path.join(clerkdesk::store::journal::FILE));
    let started = std::time::Instant::now();
    loop {
        match sled::Config::new().path(path).open() {
            Ok(db) => return db,
            Err(e)
                if e.to_string().contains("could not acquire lock")
                    && started.elapsed() < std::time::Duration::from_secs(2) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50))
            }
            Err(e) => panic!("{e}"),
        }
    }
}

fn assert_one_line(e: &StoreError, path: &Path) -> String {
    let msg = e.to_string();
    assert!(!msg.contains('\n'), "not one line: {msg}");
    assert!(
        msg.contains(&path.display().to_string()),
        "no path in: {msg}"
    );
    msg
}

#[test]
fn a_new_store_is_empty_and_stamped_with_the_current_format() {
    let (_tmp, path) = fresh();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.path(), path);
    assert!(store.is_empty());
    assert_eq!(store.council().unwrap(), None);
    assert!(store.members().unwrap().is_empty());
    assert!(store.officers().unwrap().is_empty());
    assert_eq!(store.settings().unwrap(), Settings::default());
    assert!(store.audit().unwrap().is_empty());
    assert_eq!(store.format().unwrap(), FORMAT);
}

#[test]
fn records_round_trip_and_survive_reopening() {
    let (_tmp, path) = fresh();
    let settings = Settings {
        meeting_safe: true,
        last_backup: Some(d(2026, 11, 1)),
    };
    {
        let store = Store::open(&path).unwrap();
        let writes = vec![
            Write::put(&council()),
            Write::put(&member(3, "Zoë Ó Briain")),
            Write::put(&member(1, "Siân ap Dafydd")),
            Write::put(&member(2, "Ann Smith")),
            Write::put(&officer(1, "Clara Clerk")),
            Write::put(&settings),
        ];
        store
            .commit(writes, vec![draft("council", "set up")])
            .unwrap();
        assert!(!store.is_empty());
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.council().unwrap(), Some(council()));
    let members = store.members().unwrap();
    let ids: Vec<u32> = members.iter().map(|m| m.id.0).collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(members[0], member(1, "Siân ap Dafydd"));
    assert_eq!(members[2], member(3, "Zoë Ó Briain"));
    assert_eq!(store.all::<Member>().unwrap(), members);
    assert_eq!(store.officers().unwrap(), vec![officer(1, "Clara Clerk")]);
    assert_eq!(store.settings().unwrap(), settings);

    // Replacing and removing are writes too.
    let mut changed = member(2, "Ann Smith");
    changed.ward = "South".into();
    store
        .commit(
            vec![
                Write::put(&changed),
                Write::remove::<Member>(MemberId(3).0.to_be_bytes().to_vec()),
            ],
            vec![],
        )
        .unwrap();
    let members = store.members().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[1].ward, "South");
}

#[test]
fn audit_sequence_is_contiguous_and_indexed_by_subject() {
    let (_tmp, path) = fresh();
    {
        let store = Store::open(&path).unwrap();
        let first = store
            .commit(
                vec![Write::put(&member(1, "Ann"))],
                vec![
                    draft("member M-001", "created"),
                    draft("council", "group added"),
                ],
            )
            .unwrap();
        assert_eq!(first.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(first[0].subject, Subject("member M-001".into()));
        let second = store
            .commit(vec![], vec![draft("member M-002", "created")])
            .unwrap();
        assert_eq!(second[0].seq, 3);
    }
    let store = Store::open(&path).unwrap();
    store
        .commit(vec![], vec![draft("member M-001", "term ended")])
        .unwrap();
    let all = store.audit().unwrap();
    assert_eq!(all.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(all[0].cite, Some(Cite::new("R-M1", "CAV §2.1")));
    assert_eq!(all[0].changes[0].after, "South");

    let m1 = store.audit_for(&Subject("member M-001".into())).unwrap();
    assert_eq!(
        m1.iter()
            .map(|e| (e.seq, e.action.as_str()))
            .collect::<Vec<_>>(),
        [(1, "created"), (4, "term ended")]
    );
    // A subject that is a prefix of another is not confused with it.
    assert!(store
        .audit_for(&Subject("member M-00".into()))
        .unwrap()
        .is_empty());
    assert_eq!(
        store.audit_for(&Subject("council".into())).unwrap().len(),
        1
    );
}

#[test]
fn the_audit_trail_cannot_be_rewritten_through_commit() {
    let (_tmp, path) = fresh();
    let store = Store::open(&path).unwrap();
    let event = store
        .commit(vec![], vec![draft("council", "set up")])
        .unwrap()
        .remove(0);
    let mut forged = event.clone();
    forged.action = "nothing happened".into();
    let err = store.commit(vec![Write::put(&forged)], vec![]).unwrap_err();
    assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    assert_eq!(store.audit().unwrap(), vec![event]);
}

/// A record whose encoding always fails, standing in for any failure inside the transaction.
#[derive(Deserialize)]
struct Poison;

impl Serialize for Poison {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("poisoned on purpose"))
    }
}

impl Record for Poison {
    const TREE: &'static str = "members";
    const VERSION: u32 = 1;
    fn key(&self) -> Vec<u8> {
        99u32.to_be_bytes().to_vec()
    }
    fn migrate(_: u32, _: &[u8]) -> Result<Self, EnvelopeError> {
        Err(EnvelopeError::Damaged("poison".into()))
    }
}

#[test]
fn a_commit_is_all_or_nothing() {
    let (_tmp, path) = fresh();
    let store = Store::open(&path).unwrap();
    store
        .commit(
            vec![Write::put(&member(1, "Ann"))],
            vec![draft("member M-001", "created")],
        )
        .unwrap();

    // Inside the transaction the audit event and its index entry, the counter and member 2 are all
    // staged before the poisoned write aborts it.
    let err = store
        .commit(
            vec![Write::put(&member(2, "Bea")), Write::put(&Poison)],
            vec![draft("member M-002", "created")],
        )
        .unwrap_err();
    let msg = assert_one_line(&err, &path);
    assert!(matches!(err, StoreError::Refused { .. }), "{err:?}");
    assert!(
        msg.contains("nothing was saved") && msg.contains("poisoned on purpose"),
        "{msg}"
    );

    assert_eq!(store.members().unwrap(), vec![member(1, "Ann")]);
    assert_eq!(store.audit().unwrap().len(), 1);
    assert!(store
        .audit_for(&Subject("member M-002".into()))
        .unwrap()
        .is_empty());
    // The counter was not advanced: the next event is 2.
    let next = store
        .commit(vec![], vec![draft("member M-002", "created")])
        .unwrap();
    assert_eq!(next[0].seq, 2);

    // And after reopening, still nothing of the failed commit.
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.members().unwrap().len(), 1);
    assert_eq!(
        store
            .audit()
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect::<Vec<_>>(),
        [1, 2]
    );
}

fn expected_v0_members() -> Vec<Member> {
    vec![
        Member {
            id: MemberId(1),
            name: "Siân ap Dafydd".into(),
            sort_name: None,
            ward: "Gogledd".into(),
            group: Some(GroupId(1)),
            joined_by: JoinedBy::Elected,
            term_start: d(2022, 5, 9),
            term_end: None,
            end_reason: None,
            dpi_registered: None,
            email: None,
            phone: None,
        },
        Member {
            id: MemberId(2),
            name: "Zoë Ó Briain".into(),
            sort_name: None,
            ward: "De".into(),
            group: None,
            joined_by: JoinedBy::Elected,
            term_start: d(2022, 5, 9),
            term_end: Some(d(2024, 3, 31)),
            end_reason: Some("resigned".into()),
            dpi_registered: None,
            email: None,
            phone: None,
        },
    ]
}

fn record_versions(path: &Path, tree: &str) -> Vec<u32> {
    let db = raw(path);
    let tree = db.open_tree(tree).unwrap();
    tree.iter()
        .map(|kv| envelope::split(&kv.unwrap().1).unwrap().0)
        .collect()
}

#[test]
fn a_format_0_store_is_migrated_on_open() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("store");
    copy_dir(&fixture_dir(), &path);
    assert_eq!(record_versions(&path, "members"), [0, 0]);
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.format().unwrap(), 1);
        assert_eq!(store.members().unwrap(), expected_v0_members());
        let c = store.council().unwrap().unwrap();
        assert_eq!(c.name, "Llanfair Town Council");
        assert_eq!(c.groups[0].name, "Plaid");
        // The audit counter starts from 1 in a migrated store.
        assert_eq!(
            store
                .commit(vec![], vec![draft("council", "opened")])
                .unwrap()[0]
                .seq,
            1
        );
    }
    // Every record was written back at the current version.
    assert_eq!(record_versions(&path, "members"), [2, 2]);
    assert_eq!(record_versions(&path, "council"), [2]);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.members().unwrap(), expected_v0_members());
}

/// R-M1 lists: a member written before sort names were kept (record version 1) reads with none,
/// so they sort by the last word of their name as before; saved again, they are version 2.
#[test]
fn a_version_1_member_is_migrated_with_no_sort_name() {
    let (_tmp, path) = fresh();
    drop(Store::open(&path).unwrap());
    let current = member(4, "Siân ap Dafydd");
    let old = MemberV1 {
        id: current.id,
        name: current.name.clone(),
        ward: current.ward.clone(),
        group: current.group,
        joined_by: current.joined_by,
        term_start: current.term_start,
        term_end: current.term_end,
        end_reason: current.end_reason.clone(),
        dpi_registered: current.dpi_registered,
        email: current.email.clone(),
        phone: current.phone.clone(),
    };
    {
        let db = raw(&path);
        db.open_tree("members")
            .unwrap()
            .insert(4u32.to_be_bytes(), envelope::encode(1, &old).unwrap())
            .unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let read = store.members().unwrap();
    assert_eq!(read, std::slice::from_ref(&current));
    assert_eq!(read[0].sort_key().0, "dafydd");

    let mut named = current;
    named.sort_name = Some("ap Dafydd".into());
    store
        .commit(
            vec![Write::put(&named)],
            vec![draft("member M-004", "edited")],
        )
        .unwrap();
    drop(store);
    assert_eq!(record_versions(&path, "members"), [Member::VERSION]);
    assert_eq!(Member::VERSION, 2);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.members().unwrap(), [named]);
}

/// R-O2, R-O1: an officer written before who gave the briefing and the recruitment panel were kept
/// (record version 1) reads with the day of the briefing and neither of those; saved again, with
/// who gave it, they are version 2.
#[test]
fn a_version_1_officer_is_migrated_with_no_briefer_and_no_panel() {
    use clerkdesk::domain::officer::Colleague;
    let (_tmp, path) = fresh();
    drop(Store::open(&path).unwrap());
    let current = officer(1, "Clara Whitcombe");
    let old = OfficerV1 {
        id: current.id,
        name: current.name.clone(),
        post: current.post,
        title: current.title.clone(),
        employment: current.employment,
        line_manager: current.line_manager,
        started: current.started,
        protocol_briefed: current.protocol_briefed,
        left: current.left,
        email: current.email.clone(),
        phone: current.phone.clone(),
    };
    {
        let db = raw(&path);
        db.open_tree("officers")
            .unwrap()
            .insert(1u32.to_be_bytes(), envelope::encode(1, &old).unwrap())
            .unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let read = store.officers().unwrap();
    assert_eq!(read, std::slice::from_ref(&current));
    assert_eq!(read[0].protocol_briefed, Some(d(2020, 1, 8)));
    assert_eq!((read[0].briefed_by, &read[0].recruitment), (None, &None));

    let mut briefed = current;
    briefed.briefed_by = Some(Colleague::Member(MemberId(2)));
    store
        .commit(
            vec![Write::put(&briefed)],
            vec![draft(
                "officer O-001",
                "protocol brought to their attention",
            )],
        )
        .unwrap();
    drop(store);
    assert_eq!(record_versions(&path, "officers"), [Officer::VERSION]);
    assert_eq!(Officer::VERSION, 2);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.officers().unwrap(), [briefed]);
}

/// R-M2: a store that recorded a Town Mayor apart from the Chairman (council record version 1)
/// reads with the Town Mayor merged into the Chairman where none was recorded; a clash with another
/// member's chairmanship is kept and shown to the clerk.
#[test]
fn a_separately_recorded_town_mayor_is_migrated_into_the_chairman() {
    use clerkdesk::domain::council::{Office, OfficeTerm};
    let (_tmp, path) = fresh();
    drop(Store::open(&path).unwrap());
    let term = |office, holder, from, to| OfficeTerm {
        office,
        committee: None,
        holder: MemberId(holder),
        from,
        to,
    };
    let mut old = Council::new("Brookfield", "town", "town", &["town"]).unwrap();
    old.offices = vec![
        term(Office::TownMayor, 1, d(2023, 5, 10), Some(d(2024, 5, 9))),
        term(Office::Chairman, 2, d(2024, 5, 10), None),
        term(Office::TownMayor, 3, d(2025, 5, 10), None),
    ];
    {
        let db = raw(&path);
        db.open_tree("council")
            .unwrap()
            .insert(
                b"council",
                envelope::encode(1, &CouncilV1::from_current(&old)).unwrap(),
            )
            .unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let c = store.council().unwrap().unwrap();
    assert_eq!(c.holder(Office::Chairman, d(2023, 6, 1)), Some(MemberId(1)));
    assert_eq!(c.holder(Office::Chairman, d(2025, 6, 1)), Some(MemberId(2)));
    let clashes = c.town_mayor_clashes();
    assert_eq!(clashes.len(), 1, "{clashes:?}");
    assert!(clashes[0].contains("M-003"), "{}", clashes[0]);
}

/// An election as record version 1 stored it (mirrors the store's private `ElectionV1`): the
/// council's own ordinary elections and by-elections only, no name.
#[derive(Serialize, Deserialize)]
enum ElectionKindV1 {
    Ordinary,
    ByElection,
}

#[derive(Serialize, Deserialize)]
struct ElectionV1 {
    id: u32,
    kind: ElectionKindV1,
    wards: Vec<String>,
    poll: NaiveDate,
    notice: Option<NaiveDate>,
    state: clerkdesk::domain::blackout::ElectionState,
}

/// R-P5: elections written before other bodies' elections were kept (record version 1) read as the
/// parish ordinary election or by-election they were, with no name; saved again, they are version 2.
#[test]
fn a_version_1_election_is_migrated_to_a_parish_election() {
    use clerkdesk::domain::blackout::{Election, ElectionKind, ElectionState};
    let (_tmp, path) = fresh();
    drop(Store::open(&path).unwrap());
    let old = [
        ElectionV1 {
            id: 1,
            kind: ElectionKindV1::Ordinary,
            wards: Vec::new(),
            poll: d(2023, 5, 4),
            notice: Some(d(2023, 3, 27)),
            state: ElectionState::Closed,
        },
        ElectionV1 {
            id: 2,
            kind: ElectionKindV1::ByElection,
            wards: vec!["Mill End".into()],
            poll: d(2027, 1, 28),
            notice: None,
            state: ElectionState::Scheduled,
        },
    ];
    {
        let db = raw(&path);
        let tree = db.open_tree("elections").unwrap();
        for e in &old {
            tree.insert(e.id.to_be_bytes(), envelope::encode(1, e).unwrap())
                .unwrap();
        }
        db.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let read: Vec<Election> = store.all().unwrap();
    assert_eq!(read.len(), 2);
    assert_eq!(
        (
            read[0].kind,
            read[0].wards.len(),
            read[0].notice,
            read[0].state
        ),
        (
            ElectionKind::Ordinary,
            0,
            Some(d(2023, 3, 27)),
            ElectionState::Closed
        )
    );
    assert_eq!(
        (
            read[1].kind,
            read[1].wards.clone(),
            read[1].poll,
            read[1].notice
        ),
        (
            ElectionKind::ByElection,
            vec!["Mill End".to_string()],
            d(2027, 1, 28),
            None
        )
    );
    assert!(read.iter().all(|e| e.name.is_empty()));
    assert_eq!(read[1].title(), "by-election");

    // Saved again, it is written at the current version and reads back the same.
    store
        .commit(
            vec![Write::put(&read[1])],
            vec![draft("election E-2", "edited")],
        )
        .unwrap();
    drop(store);
    assert_eq!(record_versions(&path, "elections"), [1, Election::VERSION]);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.all::<Election>().unwrap(), read);
}

#[test]
fn records_without_a_format_key_are_format_0() {
    let (_tmp, path) = fresh();
    {
        let db = raw(&path);
        let members = db.open_tree("members").unwrap();
        for m in v0_members() {
            members
                .insert(m.id.0.to_be_bytes(), envelope::encode(0, &m).unwrap())
                .unwrap();
        }
        // Two audit events from before there was a subject index or a counter in `meta`.
        let audit = db.open_tree("audit").unwrap();
        for (seq, subject) in [(1u64, "member M-001"), (2, "member M-002")] {
            let mut event = draft(subject, "created").stamp_for_test(seq);
            event.note = None;
            audit
                .insert(seq.to_be_bytes(), envelope::encode(0, &event).unwrap())
                .unwrap();
        }
        db.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.format().unwrap(), 1);
    assert_eq!(store.members().unwrap(), expected_v0_members());
    // The index was rebuilt and the counter carries on from the last event.
    let m2 = store.audit_for(&Subject("member M-002".into())).unwrap();
    assert_eq!(m2.iter().map(|e| e.seq).collect::<Vec<_>>(), [2]);
    let next = store
        .commit(vec![], vec![draft("member M-001", "edited")])
        .unwrap();
    assert_eq!(next[0].seq, 3);
    assert_eq!(
        store
            .audit_for(&Subject("member M-001".into()))
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect::<Vec<_>>(),
        [1, 3]
    );
}

trait StampForTest {
    fn stamp_for_test(&self, seq: u64) -> AuditEvent;
}

impl StampForTest for AuditDraft {
    fn stamp_for_test(&self, seq: u64) -> AuditEvent {
        AuditEvent {
            seq,
            at: self.at,
            actor: self.actor.clone(),
            subject: self.subject.clone(),
            action: self.action.clone(),
            changes: self.changes.clone(),
            note: self.note.clone(),
            cite: self.cite.clone(),
        }
    }
}

#[test]
fn a_newer_format_is_refused() {
    let (_tmp, path) = fresh();
    drop(Store::open(&path).unwrap());
    {
        let db = raw(&path);
        db.open_tree("meta")
            .unwrap()
            .insert(b"format", &99u32.to_be_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 99,
                supported: 1,
                ..
            }
        ),
        "{err:?}"
    );
    let msg = assert_one_line(&err, &path);
    assert!(
        msg.contains("written by a newer clerkdesk (format 99)"),
        "{msg}"
    );
    assert!(
        msg.contains("reads up to format 1: update clerkdesk"),
        "{msg}"
    );
}

#[test]
fn a_newer_record_version_is_refused() {
    let (_tmp, path) = fresh();
    drop(Store::open(&path).unwrap());
    {
        let db = raw(&path);
        let value = envelope::encode(7, &member(1, "Ann")).unwrap();
        db.open_tree("members")
            .unwrap()
            .insert(1u32.to_be_bytes(), value)
            .unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let err = store.members().unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 7,
                supported: Member::VERSION,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_garbled_value_is_damaged_and_names_the_tree() {
    let (_tmp, path) = fresh();
    {
        let store = Store::open(&path).unwrap();
        store
            .commit(
                vec![Write::put(&member(1, "Ann")), Write::put(&council())],
                vec![],
            )
            .unwrap();
    }
    {
        let db = raw(&path);
        let mut garbled = envelope::encode(1, &member(7, "Bea")).unwrap();
        garbled.truncate(12);
        db.open_tree("members")
            .unwrap()
            .insert(7u32.to_be_bytes(), garbled)
            .unwrap();
        db.open_tree("council")
            .unwrap()
            .insert(b"council", &b"not ours at all"[..])
            .unwrap();
        db.flush().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let err = store.members().unwrap_err();
    let msg = assert_one_line(&err, &path);
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert!(msg.contains("tree members, key 7"), "{msg}");
    assert!(msg.contains("restore it from your latest backup"), "{msg}");
    let err = store.council().unwrap_err();
    let msg = assert_one_line(&err, &path);
    assert!(
        msg.contains("tree council, key \"council\"") && msg.contains("marker"),
        "{msg}"
    );
}

#[test]
fn a_second_open_in_the_same_process_is_locked() {
    let (_tmp, path) = fresh();
    let first = Store::open(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err:?}");
    let msg = assert_one_line(&err, &path);
    assert!(
        msg.starts_with("this council's store is open in another clerkdesk ("),
        "{msg}"
    );
    drop(first);
    // Once the first is closed the store opens again.
    Store::open(&path).unwrap();
}

const LOCK_CHILD_DIR: &str = "CLERKDESK_TEST_LOCK_CHILD_DIR";

#[test]
fn a_second_process_is_locked_out() {
    let (_tmp, path) = fresh();
    let _first = Store::open(&path).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "lock_child", "--ignored", "--nocapture"])
        .env(LOCK_CHILD_DIR, &path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = format!(
        "CHILD: Locked: this council's store is open in another clerkdesk ({})",
        path.display()
    );
    assert!(stdout.contains(&expected), "child said: {stdout}");
}

/// Run by `a_second_process_is_locked_out` in a separate process; does nothing on its own.
#[test]
#[ignore]
fn lock_child() {
    let Some(dir) = std::env::var_os(LOCK_CHILD_DIR) else {
        return;
    };
    match Store::open(Path::new(&dir)) {
        Err(e @ StoreError::Locked { .. }) => println!("CHILD: Locked: {e}"),
        Err(e) => println!("CHILD: other error: {e:?}"),
        Ok(_) => println!("CHILD: opened the store"),
    }
}

#[cfg(unix)]
#[test]
fn the_folder_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, path) = fresh();
    drop(Store::open(&path).unwrap());
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o700
    );
    // A folder that existed with wider permissions is tightened.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    drop(Store::open(&path).unwrap());
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o700
    );
}

#[test]
fn a_file_in_the_way_is_a_clear_io_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("not-a-folder");
    std::fs::write(&file, b"x").unwrap();
    for path in [file.join("store"), file.clone()] {
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
        let msg = assert_one_line(&err, &path);
        assert!(msg.contains("is a file, not a folder"), "{msg}");
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_parent_is_a_clear_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let parent = tmp.path().join("locked-away");
    std::fs::create_dir(&parent).unwrap();
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o500)).unwrap();
    if std::fs::write(parent.join("probe"), b"").is_ok() {
        // Running as root: permissions do not bind, so there is nothing to observe here. The
        // message itself is checked in `io_messages_say_what_went_wrong`.
        eprintln!("skipped: this user can write to a read-only folder (root?)");
        return;
    }
    let path = parent.join("store");
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Io { .. }), "{err:?}");
    let msg = assert_one_line(&err, &path);
    assert!(msg.contains("permission denied"), "{msg}");
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o700)).unwrap();
}

#[cfg(target_os = "linux")]
#[test]
fn io_messages_say_what_went_wrong() {
    let path = PathBuf::from("/srv/clerk/llanfair");
    let message = |code: i32| {
        let e = StoreError::Io {
            path: path.clone(),
            source: std::io::Error::from_raw_os_error(code),
        };
        assert_one_line(&e, &path)
    };
    let denied = message(13); // EACCES
    let read_only = message(30); // EROFS
    let full = message(28); // ENOSPC
    assert!(denied.contains("permission denied"), "{denied}");
    assert!(read_only.contains("read-only"), "{read_only}");
    assert!(full.contains("disk is full"), "{full}");
    assert_eq!(
        denied,
        "cannot use the store at /srv/clerk/llanfair: permission denied: choose a folder you own, or ask for access to this one"
    );
}

#[test]
fn a_garbled_database_file_is_damaged_not_a_panic() {
    let (_tmp, path) = fresh();
    {
        let store = Store::open(&path).unwrap();
        store
            .commit(
                vec![Write::put(&council()), Write::put(&member(1, "Ann"))],
                vec![],
            )
            .unwrap();
    }
    let db_file = path.join("db");
    let mut bytes = std::fs::read(&db_file).unwrap();
    for b in bytes.iter_mut().skip(16) {
        *b ^= 0x5a;
    }
    // Garbled after the first few bytes, then cut short: sled itself recovers nothing, silently.
    // Without the change journal beside it, that is damage, and said so.
    let journal = path.join("journal");
    let kept = std::fs::read(&journal).unwrap();
    std::fs::remove_file(&journal).unwrap();
    for garbled in [&bytes[..], &bytes[..8]] {
        std::fs::write(&db_file, garbled).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
        let msg = assert_one_line(&err, &path);
        assert!(msg.contains("nothing in it could be read"), "{msg}");
    }
    // With it, the database is rebuilt from the journal, saying so.
    std::fs::write(&journal, kept).unwrap();
    std::fs::write(&db_file, &bytes).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.members().unwrap(), vec![member(1, "Ann")]);
    assert!(
        store
            .notices()
            .iter()
            .any(|n| n.contains("rebuilt from the change journal")),
        "{:?}",
        store.notices()
    );
}
