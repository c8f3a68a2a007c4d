//! R-O2 (who gave the protocol briefing) and R-O1 (the recruitment panel, with R-D1): the allowed
//! and the refused paths.

use chrono::NaiveDate;

use super::*;
use crate::domain::grievance::{Conflict, ConflictRegister, NoDisclosures, PersonRef};
use crate::domain::ids::MemberId;
use crate::domain::member::{JoinedBy, Member};
use crate::domain::testkit::{d, Fixture};

fn member(id: u32, name: &str) -> Member {
    Member {
        id: MemberId(id),
        name: name.into(),
        sort_name: None,
        ward: String::new(),
        group: None,
        joined_by: JoinedBy::Elected,
        term_start: d(2023, 5, 4),
        term_end: None,
        end_reason: None,
        dpi_registered: None,
        email: None,
        phone: None,
    }
}

fn officer(fx: &Fixture, id: u32, name: &str, post: &str, manager: &str, started: &str) -> Officer {
    Officer::create(
        OfficerId(id),
        &OfficerInput {
            name: name.into(),
            post: post.into(),
            line_manager: manager.into(),
            started: started.into(),
            ..Default::default()
        },
        &fx.ctx(),
    )
    .unwrap()
}

/// Members Ann (M-001) and Bob (M-002); the Clerk Clara (O-001), the RFO Rob (O-002) and the
/// assistant Jo (O-003), who started on Monday 2 November 2026.
fn fixture() -> Fixture {
    let mut fx = Fixture::new(d(2026, 11, 23));
    fx.members = vec![member(1, "Ann Lee"), member(2, "Bob Roe")];
    let clara = officer(&fx, 1, "Clara Clerk", "Clerk", "", "2020-01-06");
    fx.officers.push(clara);
    let rob = officer(&fx, 2, "Rob Fox", "RFO", "Clara Clerk", "2026-11-02");
    fx.officers.push(rob);
    let jo = officer(&fx, 3, "Jo Marsh", "Assistant", "Clara Clerk", "2026-11-02");
    fx.officers.push(jo);
    fx
}

fn brief(o: &Officer, by: &str, fx: &Fixture) -> Result<OfficerEvent, Rejection> {
    o.apply(
        OfficerAction::RecordBriefing {
            on: "2026-11-03".into(),
            by: by.into(),
        },
        &fx.ctx(),
    )
}

fn refused(r: Result<OfficerEvent, Rejection>) -> Refusal {
    match r {
        Err(Rejection::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_briefing_records_who_gave_it_their_manager() {
    let fx = fixture();
    let jo = &fx.officers[2];
    let ev = brief(jo, "Clara Clerk", &fx).unwrap();
    assert_eq!(ev.officer.protocol_briefed, Some(d(2026, 11, 3)));
    assert_eq!(
        ev.officer.briefed_by,
        Some(Colleague::Officer(OfficerId(1)))
    );
    let fields = ev.officer.fields(&fx.ctx());
    assert!(fields.contains(&("protocol given by", "Clara Clerk (O-001)".to_string())));
    // Recorded with who: not offered again, and refused with R-O2 when asked.
    assert!(!ev
        .officer
        .available(&fx.ctx())
        .contains(&OfficerActionKind::RecordBriefing));
    let again = refused(brief(&ev.officer, "Clara Clerk", &fx));
    assert_eq!(again.cite.rule, "R-O2");
    // By reference as well as by name.
    let by_ref = brief(jo, "O-002", &fx).unwrap();
    assert_eq!(
        by_ref.officer.briefed_by,
        Some(Colleague::Officer(OfficerId(2)))
    );
}

#[test]
fn a_briefing_by_a_member_or_by_the_officer_themselves_is_refused() {
    let fx = fixture();
    let jo = &fx.officers[2];
    let by_member = refused(brief(jo, "Ann Lee", &fx));
    assert_eq!(
        (by_member.cite.rule.as_str(), by_member.cite.clause.as_str()),
        ("R-O2", "LLTC §3.3")
    );
    assert!(by_member.reason.contains("not an officer"), "{by_member}");
    let by_self = refused(brief(jo, "Jo Marsh", &fx));
    assert_eq!(by_self.cite.rule, "R-O2");
    assert!(by_self.reason.contains("their own attention"), "{by_self}");
    // Nobody named, or nobody of that name: the field says so.
    for (raw, says) in [("", "name who"), ("Nobody Known", "no member or officer")] {
        match brief(jo, raw, &fx) {
            Err(Rejection::Invalid(errors)) => {
                assert_eq!(errors[0].field, "given by");
                assert!(errors[0].message.contains(says), "{}", errors[0].message);
            }
            other => panic!("{raw:?}: {other:?}"),
        }
    }
    // Nothing changed on a refusal: the record still waits for its briefing.
    assert!(jo.briefed_by.is_none() && jo.protocol_briefed.is_none());
}

#[test]
fn the_clerk_managed_by_the_council_may_be_briefed_by_a_serving_member() {
    let fx = fixture();
    let clara = &fx.officers[0];
    let ev = clara
        .apply(
            OfficerAction::RecordBriefing {
                on: "2026-11-03".into(),
                by: "Bob Roe".into(),
            },
            &fx.ctx(),
        )
        .unwrap();
    assert_eq!(ev.officer.briefed_by, Some(Colleague::Member(MemberId(2))));
    // A member who was not yet serving that day may not.
    let early = refused(clara.apply(
        OfficerAction::RecordBriefing {
            on: "2021-03-01".into(),
            by: "Bob Roe".into(),
        },
        &fx.ctx(),
    ));
    assert!(early.reason.contains("not serving"), "{early}");
}

#[test]
fn a_day_recorded_without_who_is_completed_by_the_briefing_step() {
    let fx = fixture();
    let mut jo = fx.officers[2].clone();
    jo.protocol_briefed = Some(d(2026, 11, 2));
    assert!(jo
        .available(&fx.ctx())
        .contains(&OfficerActionKind::RecordBriefing));
    let ev = brief(&jo, "Clara Clerk", &fx).unwrap();
    assert_eq!(
        ev.officer.briefed_by,
        Some(Colleague::Officer(OfficerId(1)))
    );
    // Clearing the day on an edit clears who gave it too.
    let mut edit = OfficerInput::from_officer(&ev.officer, &fx.ctx());
    edit.protocol_briefed.clear();
    let edited = ev
        .officer
        .apply(OfficerAction::Edit(edit), &fx.ctx())
        .unwrap();
    assert_eq!(edited.officer.briefed_by, None);
}

/// A register in which Ann Lee (M-001) has declared a relationship with Rob Fox (O-002).
struct AnnKnowsRob;

impl ConflictRegister for AnnKnowsRob {
    fn conflict(&self, member: MemberId, with: &PersonRef, _on: NaiveDate) -> Option<Conflict> {
        (member == MemberId(1) && *with == PersonRef::Officer(OfficerId(2))).then(|| Conflict {
            reference: "D-004".into(),
            description: "Ann Lee: brother-in-law of Rob Fox".into(),
        })
    }
}

fn recruit(
    o: &Officer,
    panel: &str,
    fx: &Fixture,
    register: &dyn ConflictRegister,
) -> Result<OfficerEvent, Rejection> {
    o.apply(
        OfficerAction::RecordRecruitment {
            panel: panel.into(),
            on: "2026-10-01".into(),
        },
        &fx.ctx().with_conflicts(register),
    )
}

/// The town model's protocol says who recruits whom (LLTC §8.5–8.6).
fn town_fixture() -> Fixture {
    let mut fx = fixture();
    fx.profile.recruitment = Some(crate::domain::profile::Recruiting {
        clerk: "LLTC §8.5".into(),
        others: "LLTC §8.6".into(),
    });
    fx
}

#[test]
fn councillors_recruit_the_clerk_and_officers_the_rest() {
    let fx = town_fixture();
    let (clara, rob, jo) = (&fx.officers[0], &fx.officers[1], &fx.officers[2]);
    // The Clerk: members only (LLTC §8.5).
    let ok = recruit(clara, "Ann Lee, M-002", &fx, &NoDisclosures).unwrap();
    let r = ok.officer.recruitment.clone().unwrap();
    assert_eq!(
        r.panel,
        [
            Colleague::Member(MemberId(1)),
            Colleague::Member(MemberId(2))
        ]
    );
    assert_eq!(r.on, d(2026, 10, 1));
    let with_officer = refused(recruit(clara, "Ann Lee, Rob Fox", &fx, &NoDisclosures));
    assert_eq!(
        (
            with_officer.cite.rule.as_str(),
            with_officer.cite.clause.as_str()
        ),
        ("R-O1", "LLTC §8.5")
    );
    // Staff below the senior roles: officers only (LLTC §8.6).
    assert!(recruit(jo, "Clara Clerk", &fx, &NoDisclosures).is_ok());
    let with_member = refused(recruit(jo, "Clara Clerk, Bob Roe", &fx, &NoDisclosures));
    assert_eq!(
        (
            with_member.cite.rule.as_str(),
            with_member.cite.clause.as_str()
        ),
        ("R-O1", "LLTC §8.6")
    );
    // A senior role (the RFO): members may take part where an officer leads.
    assert!(recruit(rob, "Clara Clerk, Bob Roe", &fx, &NoDisclosures).is_ok());
    let members_only = refused(recruit(rob, "Bob Roe", &fx, &NoDisclosures));
    assert_eq!(members_only.cite.rule, "R-O1");
    // Never on one's own panel; recorded once.
    match recruit(jo, "Jo Marsh", &fx, &NoDisclosures) {
        Err(Rejection::Invalid(e)) => {
            assert!(format!("{e:?}").contains("own recruitment panel"), "{e:?}")
        }
        other => panic!("expected the panel field named, got {other:?}"),
    }
    assert!(!ok
        .officer
        .available(&fx.ctx())
        .contains(&OfficerActionKind::RecordRecruitment));
    let again = refused(recruit(&ok.officer, "Ann Lee", &fx, &NoDisclosures));
    assert_eq!(again.cite.rule, "R-O1");
    assert!(again.reason.contains("already recorded"), "{again}");
}

#[test]
fn a_conflicted_member_sits_on_no_recruitment_panel() {
    let fx = fixture();
    let rob = &fx.officers[1];
    let refusal = refused(recruit(rob, "Clara Clerk, Ann Lee", &fx, &AnnKnowsRob));
    assert_eq!(
        (refusal.cite.rule.as_str(), refusal.cite.clause.as_str()),
        ("R-D1", "LLTC §7.7")
    );
    assert!(refusal.reason.contains("D-004"), "{refusal}");
    // The same register lets an unconflicted member sit.
    assert!(recruit(rob, "Clara Clerk, Bob Roe", &fx, &AnnKnowsRob).is_ok());
    // Under the Banbury model the refusal cites the council's own clause for R-D1.
    let banbury = crate::assets::profile("banbury").unwrap();
    assert_eq!(refusal.localised(&banbury).cite.clause, "CAV §3.2a");
}

#[test]
fn where_the_protocol_is_silent_the_council_recruits_as_it_decides_and_r_d1_still_bars() {
    // The Banbury model says nothing of who recruits whom (only LLTC §8.5–8.6 does): a panel of
    // members for an assistant or for the RFO is the council's own choice.
    let fx = fixture();
    assert!(fx.profile.recruitment.is_none());
    let (clara, rob, jo) = (&fx.officers[0], &fx.officers[1], &fx.officers[2]);
    let ok = recruit(jo, "Ann Lee, Bob Roe", &fx, &NoDisclosures).unwrap();
    assert_eq!(ok.officer.recruitment.unwrap().panel.len(), 2);
    // Members alone for the RFO too (the town model wants an officer there).
    assert!(recruit(rob, "Bob Roe", &fx, &NoDisclosures).is_ok());
    assert!(recruit(clara, "Ann Lee", &fx, &NoDisclosures).is_ok());
    // R-D1 applies under every model: a conflicted member sits on no panel.
    let conflicted = refused(recruit(rob, "Ann Lee", &fx, &AnnKnowsRob));
    assert_eq!(conflicted.cite.rule, "R-D1");
}
