//! The session is where a machine's refusal becomes the error both faces show: cited from the
//! council's own protocol (RULES.md, top), whichever machine refused.

use chrono::NaiveDate;

use super::{Session, SessionError};
use crate::assets;
use crate::domain::member::MemberInput;
use crate::domain::profile::PROTOCOLS;
use crate::domain::requests::{InfoAction, InfoRequestInput};
use crate::domain::rules::{Cite, Rejection};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A council of `model` with one member, in a fresh store.
pub(crate) fn council_of(model: &str, dir: &std::path::Path) -> Session {
    let mut s = Session::open(dir, today(), "Clerk").unwrap();
    s.set_up("Testford Parish Council", "parish", model, "Labour, Green")
        .unwrap();
    s.add_member(&MemberInput {
        name: "Ann Example".into(),
        sort_name: String::new(),
        ward: String::new(),
        group: "Labour".into(),
        joined_by: "elected".into(),
        term_start: "01/05/2026".into(),
        dpi_registered: String::new(),
        email: String::new(),
        phone: String::new(),
    })
    .unwrap();
    s
}

/// A session on the demo council, loaded into a fresh store at `dir`.
fn demo_at(dir: &std::path::Path) -> Session {
    let mut s = Session::open(dir, today(), "Clerk").unwrap();
    s.load_demo().unwrap();
    s
}

/// The protocols a clause names (`CAV §3.1d, TWY §3.1` names CAV and TWY).
fn protocols_named(cite: &Cite) -> Vec<&'static str> {
    PROTOCOLS
        .iter()
        .copied()
        .filter(|p| cite.clause.contains(p))
        .collect()
}

fn refusal(e: SessionError) -> Cite {
    match e {
        SessionError::Rejected(Rejection::Refused(r)) => r.cite,
        other => panic!("expected a refusal, got {other}"),
    }
}

#[test]
fn a_refusal_of_any_machine_cites_the_councils_own_protocol() {
    // The information-request machine cites R-I5 as CAV words it; each council sees its own.
    let expected = [
        ("banbury", "CAV §3.1d"),
        ("toolkit", "TWY §3.1"),
        ("town", "LLTC §5.4, §8.3"),
        ("borough", "BOR sets no time: the profile default"),
    ];
    assert_eq!(expected.len(), assets::profile_keys().len(), "every model");
    for (model, clause) in expected {
        let dir = tempfile::tempdir().unwrap();
        let mut s = council_of(model, dir.path());
        let request = s
            .add_info_request(&InfoRequestInput {
                member: "M-001".into(),
                what: "the grounds maintenance contract".into(),
                on_behalf_of: String::new(),
                declared_interest: String::new(),
                received_on: "20/11/2026".into(),
                keep_from_other_members: "no".into(),
                consent_on: String::new(),
            })
            .unwrap()
            .0;
        s.info_action(
            request.id,
            InfoAction::Assess {
                on: "21/11/2026".into(),
                basis: "need-to-know".into(),
                reason: "ward business".into(),
                personal_data: "no".into(),
            },
        )
        .unwrap();
        // Allowed: granting answers it; refused: closing before an answer.
        let cite = refusal(
            s.info_action(request.id, InfoAction::Close { on: String::new() })
                .unwrap_err(),
        );
        assert_eq!(cite.rule, "R-I5", "{model}");
        assert_eq!(cite.clause, clause, "{model}");
        for named in protocols_named(&cite) {
            assert!(
                s.profile.sources.iter().any(|own| own == named),
                "{model} council cites {named}: {cite}"
            );
        }
        s.info_action(
            request.id,
            InfoAction::GrantToView {
                on: "22/11/2026".into(),
                public_domain: "no".into(),
            },
        )
        .unwrap();
        s.info_action(
            request.id,
            InfoAction::Close {
                on: "23/11/2026".into(),
            },
        )
        .unwrap();
    }
}

#[test]
fn the_screens_refusal_for_a_key_not_offered_is_localised_too() {
    let dir = tempfile::tempdir().unwrap();
    let s = council_of("toolkit", dir.path());
    let foreign = crate::domain::rules::Refusal::new("R-I5", "CAV §3.1d", "not now");
    assert_eq!(s.refusal(foreign).cite.clause, "TWY §3.1");
}

#[test]
fn every_audit_citation_is_written_in_the_councils_own_protocols_words() {
    let dir = tempfile::tempdir().unwrap();
    let s = council_of("toolkit", dir.path());
    let member = s.members[0].clone();
    let subject = Session::member_subject(member.id);
    // Written through the session's one way of committing, as every step's event is.
    s.save(
        &member,
        subject.clone(),
        "noted",
        Vec::new(),
        None,
        Some(Cite::new("R-I5", "CAV §3.1d")),
    )
    .unwrap();
    let trail = s.audit_for(&subject).unwrap();
    let cite = trail.last().and_then(|e| e.cite.clone()).unwrap();
    assert_eq!(cite, Cite::new("R-I5", "TWY §3.1"));
}

/// A listing decodes only the registers it prints: the others stay unread, and such a session
/// writes nothing (a check against a register it has not read would be wrong).
#[test]
fn a_session_for_a_listing_decodes_only_its_registers_and_writes_nothing() {
    use crate::session::Registers;
    use crate::store::Record;
    let dir = tempfile::tempdir().unwrap();
    let full = demo_at(dir.path());
    let (cases, members) = (full.cases.len(), full.members.len());
    assert!(cases > 0 && members > 0 && !full.disclosures.is_empty());
    drop(full);

    let only = Registers::Only(&[crate::domain::grievance::Case::TREE]);
    let s = Session::open_only(dir.path(), today(), "Clerk", only).unwrap();
    assert_eq!((s.cases.len(), s.members.len()), (cases, members));
    assert!(
        s.ctx().is_some(),
        "the council and its people are the context"
    );
    assert!(s.disclosures.is_empty() && s.elections.is_empty() && s.info_requests.is_empty());
    let err = s.commit(Vec::new(), Vec::new()).unwrap_err();
    assert!(err.to_string().contains("writes nothing"), "{err}");
    drop(s);

    // Nothing at all but the context: what `members list` opens.
    let s = Session::open_only(dir.path(), today(), "Clerk", Registers::Only(&[])).unwrap();
    assert!(s.cases.is_empty());
    assert_eq!(s.members.len(), members);
}

/// A case is found by binary search of the reference-ordered list, in any letter case, and a step
/// leaves the list in that order; a list put out of order is still searched whole.
#[test]
fn a_case_is_found_by_its_reference_and_a_step_keeps_the_list_in_order() {
    use crate::domain::grievance::{BreachState, CaseAction, CaseActionKind, CaseState};
    let tmp = tempfile::tempdir().unwrap();
    let mut s = demo_at(tmp.path());
    let refs: Vec<String> = s.cases.iter().map(|c| c.reference.clone()).collect();
    assert!(refs.len() > 3 && refs.is_sorted(), "{refs:?}");
    for r in &refs {
        assert_eq!(&s.case(&r.to_lowercase()).unwrap().reference, r);
    }
    assert!(matches!(
        s.case("G-1999-001"),
        Err(SessionError::NotFound { .. })
    ));
    // A step on a breach (the Clerk's review, R-E3) replaces that case in place.
    let breach = s
        .cases
        .iter()
        .find(|c| c.state == CaseState::Breach(BreachState::Logged))
        .expect("the demo has a logged breach")
        .clone();
    let actor = s.actor_for(&breach, CaseActionKind::Review);
    let review = CaseAction::Review {
        on: today().format("%Y-%m-%d").to_string(),
        note: "reviewed".into(),
    };
    let event = s.case_action(&breach.reference, review, &actor).unwrap();
    let after: Vec<String> = s.cases.iter().map(|c| c.reference.clone()).collect();
    assert_eq!(after, refs, "the same cases, in the same order");
    assert_eq!(s.case(&breach.reference).unwrap(), &event.case);
    assert_ne!(s.case(&breach.reference).unwrap().state, breach.state);
    // Out of order (a caller's own shuffle): still found, by the walk.
    s.cases.reverse();
    for r in &refs {
        assert_eq!(&s.case(r).unwrap().reference, r);
    }
}

/// Every file of the store folder `from`, copied into `to` (sled keeps some in subfolders).
fn copy_store(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_store(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Opened for the screen, a session reads its cases on a thread of its own: until it settles it
/// holds none and writes nothing; settled, it holds exactly what `Session::open` reads, in the
/// same order, and writes again.
#[test]
fn a_session_for_the_screen_takes_in_the_same_cases_before_it_writes() {
    let dir = tempfile::tempdir().unwrap();
    let full = demo_at(dir.path());
    drop(full);
    let eager = Session::open(dir.path(), today(), "Clerk").unwrap();
    let expected = eager.cases.clone();
    assert!(expected.len() > 3);
    drop(eager);

    let mut s = Session::open_for_screen(dir.path(), today(), "Clerk").unwrap();
    assert!(s.cases_pending());
    assert!(s.cases.is_empty(), "no case before it settles");
    let err = s.writable().unwrap_err();
    assert!(err.to_string().contains("still being read"), "{err}");
    s.settle().unwrap();
    assert!(!s.cases_pending());
    assert_eq!(s.cases, expected);
    s.writable().unwrap();
    // Settling again changes nothing; a session opened otherwise has nothing to settle.
    s.settle().unwrap();
    assert_eq!(s.cases, expected);
    drop(s);

    // Dropped before it settles: the thread is joined before the store closes, so the council
    // opens again at once (a store still open elsewhere would be refused as locked).
    let s = Session::open_for_screen(dir.path(), today(), "Clerk").unwrap();
    drop(s);
    let again = Session::open(dir.path(), today(), "Clerk").unwrap();
    assert_eq!(again.cases, expected);
}

/// A case garbled behind clerkdesk's back (no change journal to put it right) is reported by the
/// session opened for the screen when it settles, in the words `Session::open` uses, and the
/// session then writes nothing.
#[test]
fn a_damaged_case_is_reported_on_settling_as_opening_reports_it() {
    use crate::store::Record;
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good");
    let s = demo_at(&good);
    let key = s.cases[1].key();
    drop(s);
    std::fs::remove_file(good.join("journal")).unwrap();
    {
        let db = sled::Config::new().path(&good).open().unwrap();
        db.open_tree(crate::domain::grievance::Case::TREE)
            .unwrap()
            .insert(key, &b"CLDK\0\0\0\x01garbage"[..])
            .unwrap();
        db.flush().unwrap();
    }
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    copy_store(&good, &a);
    copy_store(&good, &b);
    let eager = match Session::open(&a, today(), "Clerk") {
        Ok(_) => panic!("a garbled case opened"),
        Err(e) => e.to_string(),
    };
    assert!(eager.contains("tree cases"), "{eager}");
    let mut s = Session::open_for_screen(&b, today(), "Clerk").unwrap();
    let settled = s.settle().unwrap_err().to_string();
    assert_eq!(
        settled.replace(&b.display().to_string(), "STORE"),
        eager.replace(&a.display().to_string(), "STORE")
    );
    assert!(s.writable().is_err());
}

/// The day's automatic backup is the session's to make, dated by the session's `today`, never
/// inside `Store::open`: opening is watched for hangs (`store::watchdog`), and a backup of a large
/// council is slow work, not a hang. A session opened for the screen makes it when it settles,
/// after the first frame, so the clerk is not left at a blank terminal meanwhile.
#[test]
fn the_daily_backup_is_made_by_the_session_on_its_own_day_and_not_by_opening_the_store() {
    use crate::store::{backup, Store};
    let dir = tempfile::tempdir().unwrap();
    let s = demo_at(dir.path());
    drop(s);
    assert!(
        backup::list(dir.path()).is_empty(),
        "nothing to back up at first"
    );

    drop(Store::open(dir.path()).unwrap());
    assert!(
        backup::list(dir.path()).is_empty(),
        "the store alone backs nothing up"
    );

    let s = Session::open_for_screen(dir.path(), today(), "Clerk").unwrap();
    assert!(s.backup_due());
    assert!(
        backup::list(dir.path()).is_empty(),
        "not before the first frame"
    );
    let mut s = s;
    s.settle().unwrap();
    assert!(!s.backup_due());
    let days: Vec<NaiveDate> = backup::list(dir.path()).iter().map(|(d, _)| *d).collect();
    assert_eq!(days, vec![today()]);
    let made = s.take_daily_backup().expect("settling made it").unwrap();
    assert_eq!(made, backup::list(dir.path())[0].1);
    assert!(s.take_daily_backup().is_none(), "told once");
    drop(s);

    // Once a day; the next day's session (a listing opened for one register, too) makes the next.
    drop(Session::open(dir.path(), today(), "Clerk").unwrap());
    let tomorrow = today().succ_opt().unwrap();
    drop(Session::open_only(dir.path(), tomorrow, "Clerk", super::Registers::Only(&[])).unwrap());
    let days: Vec<NaiveDate> = backup::list(dir.path()).iter().map(|(d, _)| *d).collect();
    assert_eq!(days, vec![today(), tomorrow]);
}
