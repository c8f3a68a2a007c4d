//! The disclosure register's tests: validation, the machine, the conflict register, R-M3
//! deadlines and the exports.

use crate::domain::machine::Machine as _;
use chrono::NaiveDate;

use super::*;
use crate::domain::dates;
use crate::domain::member::{Member, MemberInput};
use crate::domain::officer::{Officer, OfficerInput};
use crate::domain::rules::{FieldError, Refusal, Rejection};
use crate::domain::testkit::{d, Fixture};
use proptest::prelude::*;

/// Ann Lee (M-001, independent), Bob Ray (M-002, leads Green), Cat Dee (M-003, Green);
/// Clara Clerk (O-001, the Clerk), Jo Smith (O-002, assistant). Today is 30 June 2026.
fn fixture() -> Fixture {
    let mut fx = Fixture::new(d(2026, 6, 30));
    let green = fx.council.add_group("Green").unwrap();
    for (i, (name, group)) in [("Ann Lee", ""), ("Bob Ray", "Green"), ("Cat Dee", "Green")]
        .into_iter()
        .enumerate()
    {
        let input = MemberInput {
            name: name.into(),
            ward: "North".into(),
            group: group.into(),
            joined_by: "elected".into(),
            term_start: "2026-05-07".into(),
            ..Default::default()
        };
        let m = Member::create(MemberId(i as u32 + 1), &input, &fx.ctx()).unwrap();
        fx.members.push(m);
    }
    fx.council
        .groups
        .iter_mut()
        .find(|g| g.id == green)
        .unwrap()
        .leader = Some(MemberId(2));
    let clerk = OfficerInput {
        name: "Clara Clerk".into(),
        post: "Clerk".into(),
        started: "2020-01-06".into(),
        ..Default::default()
    };
    let clerk = Officer::create(OfficerId(1), &clerk, &fx.ctx()).unwrap();
    fx.officers.push(clerk);
    let jo = OfficerInput {
        name: "Jo Smith".into(),
        post: "Assistant".into(),
        line_manager: "Clara Clerk".into(),
        started: "2024-01-08".into(),
        ..Default::default()
    };
    let jo = Officer::create(OfficerId(2), &jo, &fx.ctx()).unwrap();
    fx.officers.push(jo);
    fx
}

fn relationship(member: &str, officer: &str) -> DisclosureInput {
    DisclosureInput {
        kind: "relationship".into(),
        category: "friendship".into(),
        member: member.into(),
        officer: officer.into(),
        description: "Neighbours; walk their dogs together".into(),
        declared_by: "both".into(),
        declared_on: "2026-06-01".into(),
        ..Default::default()
    }
}

fn interest(kind: &str, category: &str, member: &str) -> DisclosureInput {
    DisclosureInput {
        kind: kind.into(),
        category: category.into(),
        member: member.into(),
        description: "Director of Lee Builders Ltd".into(),
        declared_on: "2026-06-01".into(),
        request_ref: if kind == "request" {
            "R-2026-004".into()
        } else {
            String::new()
        },
        ..Default::default()
    }
}

fn create(fx: &Fixture, id: u32, input: DisclosureInput) -> Disclosure {
    Disclosure::create(id, &input, &[], &fx.ctx()).unwrap()
}

fn act(entry: &Disclosure, action: DisclosureAction, fx: &Fixture) -> Disclosure {
    entry.apply(action, &fx.ctx()).unwrap().disclosure
}

fn tell(who: &str, on: &str, in_writing: bool) -> DisclosureAction {
    DisclosureAction::RecordNotification {
        who: who.into(),
        on: on.into(),
        in_writing,
    }
}

fn ack(on: &str) -> DisclosureAction {
    DisclosureAction::Acknowledge { on: on.into() }
}

fn activate(from: &str) -> DisclosureAction {
    DisclosureAction::Activate { from: from.into() }
}

fn end(on: &str, reason: &str) -> DisclosureAction {
    DisclosureAction::End {
        on: on.into(),
        reason: reason.into(),
    }
}

fn refused(result: Result<DisclosureEvent, Rejection>) -> Refusal {
    match result {
        Err(Rejection::Refused(r)) => r,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn invalid(result: Result<impl std::fmt::Debug, Rejection>) -> Vec<FieldError> {
    match result {
        Err(Rejection::Invalid(errors)) => errors,
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// A relationship for Cat Dee and Jo Smith with every notification given.
fn complete_relationship(fx: &Fixture, id: u32) -> Disclosure {
    let mut e = create(fx, id, relationship("Cat Dee", "Jo Smith"));
    for a in [
        tell("mg", "2026-06-02", false),
        tell("member to clerk", "2026-06-02", false),
        tell("officer → manager", "2026-06-03", true),
    ] {
        e = act(&e, a, fx);
    }
    e
}

#[test]
fn keys_and_labels_are_distinct() {
    let keys: std::collections::HashSet<char> =
        DisclosureActionKind::ALL.iter().map(|k| k.key()).collect();
    assert_eq!(keys.len(), DisclosureActionKind::ALL.len());
    assert_eq!(reference(7), "D-0007");
}

#[test]
fn parsers_accept_what_a_clerk_types() {
    assert_eq!(
        RelationshipKind::parse("c", " Friend ").unwrap(),
        RelationshipKind::Friendship
    );
    assert_eq!(
        RelationshipKind::parse("c", "relative").unwrap(),
        RelationshipKind::Family
    );
    assert!(RelationshipKind::parse("c", "enemy").is_err());
    assert_eq!(
        DpiCategory::parse("c", "Corporate tenancy").unwrap(),
        DpiCategory::CorporateTenancies
    );
    assert_eq!(
        DpiCategory::parse("c", "licence").unwrap(),
        DpiCategory::Licences
    );
    assert!(DpiCategory::parse("c", "gifts")
        .unwrap_err()
        .message
        .contains("securities"));
    for (raw, want) in [
        ("mg", NotifiedParty::MemberToGroupLeader),
        ("Member → Clerk", NotifiedParty::MemberToClerk),
        (
            "member to monitoring officer",
            NotifiedParty::MemberToMonitoringOfficer,
        ),
        ("councillor to MO", NotifiedParty::MemberToMonitoringOfficer),
        ("officer to clerk", NotifiedParty::OfficerToClerk),
        ("officer to line manager", NotifiedParty::OfficerToManager),
    ] {
        assert_eq!(NotifiedParty::parse("n", raw).unwrap(), want, "{raw}");
    }
    assert!(NotifiedParty::parse("n", "clerk").is_err());
    assert_eq!(Declarant::parse("d", "Both").unwrap(), Declarant::Both);
}

#[test]
fn a_group_members_relationship_needs_three_notices_then_goes_active_then_ends() {
    let fx = fixture();
    let e = create(&fx, 1, relationship("M-003", "O-002"));
    assert_eq!((e.member, e.officer), (MemberId(3), Some(OfficerId(2))));
    assert_eq!(e.state, DisclosureState::Declared);
    assert_eq!(
        e.missing_notifications(&fx.ctx()),
        RequiredNotice::ALL.to_vec()
    );
    assert!(e.is_incomplete(&fx.ctx()));

    let e = act(&e, ack("2026-06-02"), &fx);
    assert_eq!(e.state, DisclosureState::Acknowledged);
    assert_eq!(e.acknowledged_on, Some(d(2026, 6, 2)));
    let r = refused(e.apply(activate("2026-06-06"), &fx.ctx()));
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        ("R-D1", "BOR §2.11, LLTC §7.7")
    );
    for notice in RequiredNotice::ALL {
        assert!(r.reason.contains(notice.label()), "{r}");
    }
    // Not offered while notices are missing (the key bar shows only what apply accepts), and
    // asked why, the entry gives the same refusal without an action being built.
    assert!(!e
        .available(&fx.ctx())
        .contains(&DisclosureActionKind::Activate));
    assert_eq!(e.not_now(DisclosureActionKind::Activate, &fx.ctx()), r);

    let e = act(&e, tell("mg", "2026-06-03", false), &fx);
    let e = act(&e, tell("mm", "2026-06-03", false), &fx);
    // Told, but not in writing: recorded, and still missing.
    let ev = e.apply(tell("oc", "2026-06-04", false), &fx.ctx()).unwrap();
    assert!(ev.note.as_deref().unwrap().contains("not in writing"));
    let e = ev.disclosure;
    assert_eq!(
        e.missing_notifications(&fx.ctx()),
        vec![RequiredNotice::OfficerInWriting]
    );
    assert!(refused(e.apply(activate("2026-06-06"), &fx.ctx()))
        .reason
        .contains("in writing"));

    let e = act(&e, tell("om", "2026-06-05", true), &fx);
    assert!(e.missing_notifications(&fx.ctx()).is_empty());
    assert!(e
        .available(&fx.ctx())
        .contains(&DisclosureActionKind::Activate));
    assert!(e
        .notices(&fx.ctx())
        .iter()
        .all(|s| matches!(s.state, NoticeState::Done(_))));
    let e = act(&e, activate("2026-06-06"), &fx);
    assert_eq!(e.state, DisclosureState::Active);
    assert_eq!(e.active_from, Some(d(2026, 6, 6)));

    let ev = e
        .apply(end("2026-06-20", "Jo Smith moved away"), &fx.ctx())
        .unwrap();
    assert_eq!(ev.note.as_deref(), Some("Jo Smith moved away"));
    let e = ev.disclosure;
    assert_eq!(e.state, DisclosureState::Ended);
    assert_eq!(
        e.ended,
        Some((d(2026, 6, 20), "Jo Smith moved away".to_string()))
    );
    assert!(e.available(&fx.ctx()).is_empty());
}

#[test]
fn the_group_leader_notice_is_not_applicable_to_an_independent_or_a_leader() {
    let fx = fixture();
    let ann = create(&fx, 1, relationship("Ann Lee", "Jo Smith"));
    let status = &ann.notices(&fx.ctx())[0];
    assert_eq!(status.notice, RequiredNotice::MemberToGroupLeader);
    let NoticeState::NotApplicable(reason) = &status.state else {
        panic!("{status:?}")
    };
    assert!(reason.contains("Ann Lee is independent"), "{reason}");
    assert_eq!(
        ann.missing_notifications(&fx.ctx()),
        vec![
            RequiredNotice::MemberToClerkOrMonitoringOfficer,
            RequiredNotice::OfficerInWriting
        ]
    );
    let errors = invalid(ann.apply(tell("mg", "2026-06-02", false), &fx.ctx()));
    assert!(errors[0].message.contains("independent"), "{errors:?}");

    let bob = create(&fx, 2, relationship("Bob Ray", "Jo Smith"));
    let NoticeState::NotApplicable(reason) = &bob.notices(&fx.ctx())[0].state else {
        panic!()
    };
    assert!(reason.contains("leads the Green group"), "{reason}");

    // An independent member's relationship activates with the other two notices.
    let ann = act(&ann, tell("mc", "2026-06-02", false), &fx);
    let ann = act(&ann, tell("oc", "2026-06-02", true), &fx);
    let ann = act(&ann, ack("2026-06-03"), &fx);
    assert_eq!(
        act(&ann, activate("2026-06-03"), &fx).state,
        DisclosureState::Active
    );
}

#[test]
fn the_clerk_tells_their_manager_not_themselves() {
    let fx = fixture();
    let e = create(&fx, 1, relationship("Cat Dee", "Clara Clerk"));
    let errors = invalid(e.apply(tell("oc", "2026-06-02", true), &fx.ctx()));
    assert!(errors[0].message.contains("is the Clerk"), "{errors:?}");
    assert!(e.apply(tell("om", "2026-06-02", true), &fx.ctx()).is_ok());
}

#[test]
fn an_interest_needs_no_relationship_notices_and_is_told_to_the_clerk_or_mo() {
    let fx = fixture();
    let e = create(&fx, 1, interest("pecuniary", "land", "Cat Dee"));
    assert_eq!(e.kind, DisclosureKind::PecuniaryInterest(DpiCategory::Land));
    assert_eq!(e.declared_by, Declarant::Member);
    assert_eq!(e.aware_on, Some(d(2026, 6, 1)));
    assert!(e.notices(&fx.ctx()).is_empty());
    for who in ["mg", "oc", "om"] {
        assert!(
            e.apply(tell(who, "2026-06-02", true), &fx.ctx()).is_err(),
            "{who}"
        );
    }
    assert!(e.apply(tell("mm", "2026-06-02", true), &fx.ctx()).is_ok());
}

#[test]
fn every_legal_route() {
    let fx = fixture();
    let sensitive = || DisclosureAction::MarkSensitive {
        reason: "risk of intimidation".into(),
    };
    let edit = || DisclosureAction::Edit {
        description: "Corrected wording".into(),
    };
    // Declared → Ended (withdrawn), with an edit and a notification on the way.
    let e = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
    let e = act(&e, edit(), &fx);
    assert_eq!(e.description, "Corrected wording");
    let e = act(&e, tell("mc", "2026-06-02", false), &fx);
    assert_eq!(
        act(&e, end("2026-06-03", "declared in error"), &fx).state,
        DisclosureState::Ended
    );
    // Declared → Acknowledged → Ended, editing while acknowledged.
    let e = act(
        &create(&fx, 2, relationship("Cat Dee", "Jo Smith")),
        ack("2026-06-02"),
        &fx,
    );
    let e = act(&e, edit(), &fx);
    assert_eq!(
        act(&e, end("2026-06-02", "withdrawn"), &fx).state,
        DisclosureState::Ended
    );
    // Declared → Acknowledged → Active → Ended, with notifications in each state.
    let e = complete_relationship(&fx, 3);
    let e = act(&e, ack("2026-06-04"), &fx);
    let e = act(&e, tell("mm", "2026-06-04", true), &fx);
    let e = act(&e, activate("2026-06-05"), &fx);
    let e = act(&e, tell("oc", "2026-06-06", true), &fx);
    assert_eq!(e.notifications.len(), 5);
    assert_eq!(
        act(&e, end("2026-06-29", "officer left"), &fx).state,
        DisclosureState::Ended
    );
    // Interests: sensitive may be marked when declared, acknowledged or active.
    for (kind, category) in [("pecuniary", "securities"), ("other", "")] {
        let e = create(&fx, 4, interest(kind, category, "Ann Lee"));
        assert!(act(&e, sensitive(), &fx).sensitive);
        let e = act(&e, ack("2026-06-02"), &fx);
        assert!(act(&e, sensitive(), &fx).sensitive);
        let e = act(&e, activate("2026-06-02"), &fx);
        let e = act(&e, sensitive(), &fx);
        assert!(e.sensitive);
        assert!(!e
            .available(&fx.ctx())
            .contains(&DisclosureActionKind::MarkSensitive));
        assert_eq!(
            act(&e, end("2026-06-30", "shares sold"), &fx).state,
            DisclosureState::Ended
        );
    }
    // A request interest runs the same course, without notices.
    let e = create(&fx, 5, interest("request", "", "Bob Ray"));
    assert_eq!(e.request_ref.as_deref(), Some("R-2026-004"));
    let e = act(
        &act(&e, ack("2026-06-01"), &fx),
        activate("2026-06-01"),
        &fx,
    );
    assert_eq!(
        act(&e, end("2026-06-01", "request answered"), &fx).state,
        DisclosureState::Ended
    );
}

#[test]
fn every_action_outside_available_is_refused_in_every_state() {
    let fx = fixture();
    let rel = complete_relationship(&fx, 1);
    let rel_ack = act(&rel, ack("2026-06-04"), &fx);
    let rel_active = act(&rel_ack, activate("2026-06-05"), &fx);
    let rel_ended = act(&rel_active, end("2026-06-10", "officer left"), &fx);
    let dpi = create(&fx, 2, interest("pecuniary", "employment", "Ann Lee"));
    let dpi_ack = act(&dpi, ack("2026-06-02"), &fx);
    let dpi_active = act(&dpi_ack, activate("2026-06-03"), &fx);
    let dpi_sensitive = act(
        &dpi_active,
        DisclosureAction::MarkSensitive {
            reason: "risk of violence".into(),
        },
        &fx,
    );
    let dpi_ended = act(&dpi_sensitive, end("2026-06-10", "resigned the post"), &fx);
    let request = create(&fx, 3, interest("request", "", "Bob Ray"));
    let request_active = act(
        &act(&request, ack("2026-06-01"), &fx),
        activate("2026-06-01"),
        &fx,
    );
    let example = |k: DisclosureActionKind, e: &Disclosure| match k {
        DisclosureActionKind::RecordNotification => tell(
            if e.kind.is_relationship() { "mc" } else { "mm" },
            "2026-06-25",
            true,
        ),
        DisclosureActionKind::Acknowledge => ack("2026-06-25"),
        DisclosureActionKind::Activate => activate("2026-06-26"),
        DisclosureActionKind::MarkSensitive => DisclosureAction::MarkSensitive {
            reason: "risk of intimidation".into(),
        },
        DisclosureActionKind::End => end("2026-06-28", "withdrawn"),
        DisclosureActionKind::Edit => DisclosureAction::Edit {
            description: "Updated".into(),
        },
    };
    let all = [
        &rel,
        &rel_ack,
        &rel_active,
        &rel_ended,
        &dpi,
        &dpi_ack,
        &dpi_active,
        &dpi_sensitive,
        &dpi_ended,
        &request,
        &request_active,
    ];
    let mut refusals = 0;
    for e in all {
        for kind in DisclosureActionKind::ALL {
            let result = e.apply(example(kind, e), &fx.ctx());
            if e.available(&fx.ctx()).contains(&kind) {
                let ev = result.unwrap_or_else(|r| panic!("{kind:?} in {:?}: {r}", e.state));
                assert_eq!(ev.disclosure.id, e.id);
            } else {
                refusals += 1;
                let r = refused(result);
                let expected = match (e.state, kind) {
                    (DisclosureState::Ended, _) => "R-D4".to_string(),
                    (_, DisclosureActionKind::MarkSensitive) => "R-D2".to_string(),
                    (DisclosureState::Active, DisclosureActionKind::Edit) => "R-D4".to_string(),
                    _ => e.kind.cite().rule,
                };
                assert_eq!(r.cite.rule, expected, "{kind:?} in {:?}: {r}", e.state);
                assert!(r.reason.contains(&e.reference()), "{r}");
            }
        }
    }
    assert!(refusals > 20);
    assert!(rel_ended.available(&fx.ctx()).is_empty() && dpi_ended.available(&fx.ctx()).is_empty());
    assert!(!rel
        .available(&fx.ctx())
        .contains(&DisclosureActionKind::MarkSensitive));
    assert!(!request
        .available(&fx.ctx())
        .contains(&DisclosureActionKind::MarkSensitive));
    let r = refused(rel.apply(
        example(DisclosureActionKind::MarkSensitive, &rel),
        &fx.ctx(),
    ));
    assert_eq!(r.cite.clause, "Localism Act 2011 s32");
}

#[test]
fn a_relationship_is_one_member_and_one_officer() {
    let fx = fixture();
    let ctx = fx.ctx();
    let two_members = invalid(Disclosure::create(
        1,
        &relationship("Ann Lee", "Bob Ray"),
        &[],
        &ctx,
    ));
    assert_eq!(two_members.len(), 1);
    assert_eq!(two_members[0].field, "officer");
    assert!(two_members[0]
        .message
        .contains("Bob Ray (M-002) is a member, not an officer"));
    let two_officers = invalid(Disclosure::create(
        1,
        &relationship("O-001", "Jo Smith"),
        &[],
        &ctx,
    ));
    assert_eq!(two_officers[0].field, "member");
    assert!(two_officers[0]
        .message
        .contains("Clara Clerk (O-001) is an officer, not a member"));
    let swapped = invalid(Disclosure::create(
        1,
        &relationship("Jo Smith", "Cat Dee"),
        &[],
        &ctx,
    ));
    let fields: Vec<&str> = swapped.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["member", "officer"]);
    let nobody = invalid(Disclosure::create(1, &relationship("Zed", ""), &[], &ctx));
    assert!(nobody[0].message.contains("no member called 'Zed'"));
    assert!(nobody[1].message.contains("name the officer"));
    // A bare number is read as the kind the field asks for.
    let e = Disclosure::create(1, &relationship("3", "2"), &[], &ctx).unwrap();
    assert_eq!((e.member, e.officer), (MemberId(3), Some(OfficerId(2))));
}

#[test]
fn bad_input_is_reported_field_by_field() {
    let fx = fixture();
    let ctx = fx.ctx();
    let bad = DisclosureInput {
        kind: "relationship".into(),
        category: "rivals".into(),
        member: "Cat Dee".into(),
        officer: "Jo Smith".into(),
        description: "   ".into(),
        declared_by: "".into(),
        declared_on: "2026-07-01".into(),
        aware_on: "2026-06-01".into(),
        request_ref: "R-1".into(),
    };
    let fields: Vec<&str> = invalid(Disclosure::create(1, &bad, &[], &ctx))
        .iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(
        fields,
        [
            "category",
            "description",
            "declared by",
            "declared on",
            "aware on",
            "request"
        ]
    );
    let mut long = interest("pecuniary", "land", "Ann Lee");
    long.description = "x".repeat(MAX_DESCRIPTION_CHARS + 1);
    let errors = invalid(Disclosure::create(1, &long, &[], &ctx));
    assert!(errors[0].message.contains("2001"), "{errors:?}");
    long.description = "x".repeat(MAX_DESCRIPTION_CHARS);
    assert!(Disclosure::create(1, &long, &[], &ctx).is_ok());
    let mut officer_named = interest("other", "", "Ann Lee");
    officer_named.officer = "Jo Smith".into();
    assert_eq!(
        invalid(Disclosure::create(1, &officer_named, &[], &ctx))[0].field,
        "officer"
    );
    let mut no_ref = interest("request", "", "Ann Lee");
    no_ref.request_ref = " ".into();
    assert_eq!(
        invalid(Disclosure::create(1, &no_ref, &[], &ctx))[0].field,
        "request"
    );
    let mut aware_late = interest("pecuniary", "land", "Ann Lee");
    aware_late.aware_on = "2026-06-02".into();
    assert_eq!(
        invalid(Disclosure::create(1, &aware_late, &[], &ctx))[0].field,
        "aware on"
    );
    let mut bad_date = interest("pecuniary", "land", "Ann Lee");
    bad_date.declared_on = "31/06/2026".into();
    assert!(invalid(Disclosure::create(1, &bad_date, &[], &ctx))[0]
        .message
        .contains("31/06/2026"));
}

#[test]
fn a_second_open_relationship_for_the_same_pair_is_refused() {
    let fx = fixture();
    let first = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
    let mut register = vec![first];
    let r = match Disclosure::create(2, &relationship("M-003", "O-002"), &register, &fx.ctx()) {
        Err(Rejection::Refused(r)) => r,
        other => panic!("{other:?}"),
    };
    assert_eq!(r.cite.rule, "R-D1");
    assert!(r.reason.contains("D-0001"), "{r}");
    // Another pair is fine; so is the same pair once the first has ended.
    assert!(Disclosure::create(
        2,
        &relationship("Ann Lee", "Jo Smith"),
        &register,
        &fx.ctx()
    )
    .is_ok());
    register[0] = act(&register[0], end("2026-06-10", "friendship ended"), &fx);
    assert!(Disclosure::create(
        2,
        &relationship("Cat Dee", "Jo Smith"),
        &register,
        &fx.ctx()
    )
    .is_ok());
}

#[test]
fn dates_before_the_declaration_or_in_the_future_are_refused() {
    let fx = fixture();
    let e = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
    let errors = invalid(e.apply(tell("mc", "2026-05-31", false), &fx.ctx()));
    assert_eq!(errors[0].field, "told on");
    assert!(errors[0].message.contains("declared (2026-06-01)"));
    let errors = invalid(e.apply(end("2026-05-31", "x"), &fx.ctx()));
    assert_eq!(errors[0].field, "last day");
    assert!(errors[0].message.contains("declared (2026-06-01)"));
    let errors = invalid(e.apply(end("2026-06-10", " "), &fx.ctx()));
    assert_eq!(errors[0].field, "reason");
    assert!(invalid(e.apply(ack("2026-07-01"), &fx.ctx()))[0]
        .message
        .contains("future"));
    let e = act(&complete_relationship(&fx, 2), ack("2026-06-05"), &fx);
    assert!(invalid(e.apply(activate("2026-06-04"), &fx.ctx()))[0]
        .message
        .contains("acknowledged (2026-06-05)"));
    // A notification only has to follow the declaration, not the acknowledgement.
    assert!(e.apply(tell("mm", "2026-06-02", false), &fx.ctx()).is_ok());
    let e = act(&e, activate("2026-06-06"), &fx);
    assert!(invalid(e.apply(end("2026-06-05", "x"), &fx.ctx()))[0]
        .message
        .contains("became active (2026-06-06)"));
}

#[test]
fn the_register_finds_declared_acknowledged_and_active_relationships_until_they_end() {
    let fx = fixture();
    let declared = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
    let acknowledged = act(
        &create(&fx, 2, relationship("Ann Lee", "Jo Smith")),
        ack("2026-06-02"),
        &fx,
    );
    let mut bob = create(&fx, 3, relationship("Bob Ray", "Clara Clerk"));
    for a in [
        tell("mc", "2026-06-02", false),
        tell("om", "2026-06-02", true),
        ack("2026-06-02"),
        activate("2026-06-03"),
    ] {
        bob = act(&bob, a, &fx);
    }
    assert_eq!(bob.state, DisclosureState::Active);
    let ended = act(
        &create(&fx, 4, relationship("Ann Lee", "Clara Clerk")),
        end("2026-06-20", "moved away"),
        &fx,
    );
    let dpi = create(&fx, 5, interest("pecuniary", "land", "Cat Dee"));
    let entries = [declared, acknowledged, bob, ended, dpi];
    let register = Register::new(&entries);
    let today = d(2026, 6, 30);
    for (member, officer, id) in [(3, 2, 1), (1, 2, 2), (2, 1, 3)] {
        let found = register.conflicts(MemberId(member), OfficerId(officer), today);
        assert_eq!(found.iter().map(|e| e.id).collect::<Vec<_>>(), vec![id]);
    }
    // The last day still counts; the day after does not.
    assert_eq!(
        register
            .conflicts(MemberId(1), OfficerId(1), d(2026, 6, 20))
            .len(),
        1
    );
    assert!(register
        .conflicts(MemberId(1), OfficerId(1), d(2026, 6, 21))
        .is_empty());
    assert!(register
        .refusal_for(MemberId(1), OfficerId(1), d(2026, 6, 21))
        .is_none());
    // An interest is not a conflict with an officer; nor is another pair.
    assert!(register
        .conflicts(MemberId(3), OfficerId(1), today)
        .is_empty());
    let r = register
        .refusal_for(MemberId(3), OfficerId(2), today)
        .unwrap();
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        ("R-D1", "LLTC §7.7")
    );
    assert!(
        r.reason
            .starts_with("D-0001 friendship with O-002: Neighbours"),
        "{r}"
    );
    assert!(r.reason.contains("M-003 takes no part"), "{r}");
}

#[test]
fn dpi_change_deadline_is_28_days_beginning_with_awareness() {
    let table = [
        (d(2026, 1, 31), d(2026, 2, 27)),
        (d(2026, 3, 31), d(2026, 4, 27)),
        (d(2024, 2, 10), d(2024, 3, 8)), // across a leap day
        (d(2023, 2, 10), d(2023, 3, 9)),
        (d(2026, 12, 15), d(2027, 1, 11)),
    ];
    for (aware, due) in table {
        assert_eq!(dpi_due_from_change(aware), due, "aware {aware}");
    }
}

#[test]
fn member_deadlines_combine_the_term_and_each_change() {
    let fx = fixture();
    let cat = fx.members[2].clone();
    let with_aware = |id: u32, aware: &str, declared: &str| {
        let mut input = interest("pecuniary", "contracts", "Cat Dee");
        input.aware_on = aware.into();
        input.declared_on = declared.into();
        create(&fx, id, input)
    };
    let pending = with_aware(1, "2026-06-10", "2026-06-12");
    let before_term = with_aware(2, "2026-05-01", "2026-06-01");
    let late = act(
        &with_aware(3, "2026-06-01", "2026-06-01"),
        tell("mm", "2026-06-29", true),
        &fx,
    );
    let on_time = act(
        &with_aware(4, "2026-06-02", "2026-06-02"),
        tell("mm", "2026-06-20", true),
        &fx,
    );
    let ann_entry = create(&fx, 5, interest("other", "", "Ann Lee"));
    let rel = create(&fx, 6, relationship("Cat Dee", "Jo Smith"));
    let entries = [pending, before_term, late, on_time, ann_entry, rel];
    let got = member_dpi_deadlines(&cat, &entries, d(2026, 6, 30));
    let summary: Vec<(NaiveDate, bool, Option<NaiveDate>)> =
        got.iter().map(|g| (g.due, g.overdue, g.met_on)).collect();
    assert_eq!(
        summary,
        vec![
            (d(2026, 6, 3), true, None), // term start 7 May, not registered
            (d(2026, 6, 28), true, Some(d(2026, 6, 29))), // D-0003 notified a day late
            (d(2026, 6, 29), false, Some(d(2026, 6, 20))), // D-0004
            (d(2026, 7, 7), false, None), // D-0001, still in time
        ]
    );
    assert!(got[1].what.contains("D-0003"));
    assert_eq!(got[0].cite.rule, "R-M3");
    // Registered on time: met, not overdue. A term that ended unregistered drops out.
    let mut registered = cat.clone();
    registered.dpi_registered = Some(d(2026, 6, 1));
    let got = member_dpi_deadlines(&registered, &[], d(2026, 6, 30));
    assert_eq!(
        (got[0].overdue, got[0].met_on),
        (false, Some(d(2026, 6, 1)))
    );
    let mut gone = cat;
    gone.term_end = Some(d(2026, 6, 15));
    assert!(member_dpi_deadlines(&gone, &[], d(2026, 6, 30)).is_empty());
}

#[test]
fn the_public_export_is_members_interests_without_sensitive_ones() {
    let fx = fixture();
    let rel = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
    let land = create(&fx, 2, interest("pecuniary", "land", "Cat Dee"));
    let hidden = act(
        &create(&fx, 3, interest("pecuniary", "employment", "Ann Lee")),
        DisclosureAction::MarkSensitive {
            reason: "risk of intimidation".into(),
        },
        &fx,
    );
    let other = create(&fx, 4, interest("other", "", "Bob Ray"));
    let request = create(&fx, 5, interest("request", "", "Ann Lee"));
    let old = act(
        &create(&fx, 6, interest("pecuniary", "securities", "Cat Dee")),
        end("2026-06-10", "sold"),
        &fx,
    );
    let entries = [rel, land, hidden, other, request, old];

    let public = export_rows(&entries, &fx.ctx(), true);
    let refs: Vec<&str> = public.iter().map(|r| r.reference.as_str()).collect();
    assert_eq!(refs, ["D-0002", "D-0004", "D-0006"]);
    assert!(public
        .iter()
        .all(|r| !r.sensitive && r.officer.is_empty() && r.request_ref.is_empty()));
    assert_eq!(public[0].member, "Cat Dee");
    assert_eq!(public[0].category, "land");
    assert_eq!(
        (public[2].ended_on.as_str(), public[2].end_reason.as_str()),
        ("2026-06-10", "sold")
    );

    let full = export_rows(&entries, &fx.ctx(), false);
    assert_eq!(full.len(), entries.len());
    assert_eq!(full[0].officer, "Jo Smith");
    assert_eq!(full[0].category, "friendship");
    assert!(full[2].sensitive);
    assert_eq!(full[4].request_ref, "R-2026-004");
}

#[derive(Debug, Clone)]
enum Step {
    Notify {
        party: usize,
        day: i64,
        in_writing: bool,
    },
    Ack(i64),
    Activate(i64),
    Sensitive,
    End(i64),
    Edit,
}

/// Biased towards progress (notifications, mostly in range dates) so that relationships do
/// reach Active; a few dates fall before the declaration or in the future.
fn step() -> impl Strategy<Value = (usize, Step)> {
    let day = prop_oneof![9 => 0i64..30, 1 => -3i64..35];
    let step = prop_oneof![
        8 => (0usize..5, day.clone(), prop::bool::weighted(0.8))
            .prop_map(|(party, day, in_writing)| Step::Notify { party, day, in_writing }),
        3 => day.clone().prop_map(Step::Ack),
        4 => day.clone().prop_map(Step::Activate),
        1 => Just(Step::Sensitive),
        1 => day.prop_map(Step::End),
        1 => Just(Step::Edit),
    ];
    (0usize..6, step)
}

proptest! {
    #[test]
    fn random_actions_never_delete_hide_or_tangle_an_entry(
        steps in prop::collection::vec(step(), 0..120)
    ) {
        let fx = fixture();
        let ctx = fx.ctx();
        let base = d(2026, 6, 1);
        let day = |offset: i64| dates::show(base + chrono::Duration::days(offset));
        let mut entries = [
            create(&fx, 1, relationship("Cat Dee", "Jo Smith")),
            create(&fx, 2, relationship("Ann Lee", "Jo Smith")),
            create(&fx, 3, relationship("Bob Ray", "Clara Clerk")),
            create(&fx, 4, interest("pecuniary", "land", "Cat Dee")),
            create(&fx, 5, interest("other", "", "Ann Lee")),
            create(&fx, 6, interest("request", "", "Bob Ray")),
        ];
        let mut ended: Vec<Option<Disclosure>> = vec![None; entries.len()];
        for (i, s) in steps {
            let action = match s {
                Step::Notify { party, day: offset, in_writing } => {
                    DisclosureAction::RecordNotification {
                        who: NotifiedParty::ALL[party].code().into(),
                        on: day(offset),
                        in_writing,
                    }
                }
                Step::Ack(offset) => DisclosureAction::Acknowledge { on: day(offset) },
                Step::Activate(offset) => DisclosureAction::Activate { from: day(offset) },
                Step::Sensitive => DisclosureAction::MarkSensitive { reason: "risk".into() },
                Step::End(offset) => {
                    DisclosureAction::End { on: day(offset), reason: "over".into() }
                }
                Step::Edit => DisclosureAction::Edit { description: "edited".into() },
            };
            let before = entries[i].clone();
            if let Ok(ev) = before.apply(action, &ctx) {
                let after = ev.disclosure;
                prop_assert_eq!(after.id, before.id);
                prop_assert_eq!(
                    (after.kind, after.member, after.officer),
                    (before.kind, before.member, before.officer)
                );
                prop_assert!(after.notifications.starts_with(&before.notifications));
                entries[i] = after;
            }
            let ids: Vec<u32> = entries.iter().map(|e| e.id).collect();
            prop_assert_eq!(ids, vec![1, 2, 3, 4, 5, 6]);
            for (e, frozen) in entries.iter().zip(ended.iter_mut()) {
                prop_assert_eq!(e.state == DisclosureState::Ended, e.ended.is_some());
                match e.state {
                    DisclosureState::Declared => {
                        prop_assert!(e.acknowledged_on.is_none() && e.active_from.is_none());
                    }
                    DisclosureState::Acknowledged => {
                        prop_assert!(e.acknowledged_on.is_some() && e.active_from.is_none());
                    }
                    DisclosureState::Active => {
                        prop_assert!(e.acknowledged_on.is_some() && e.active_from.is_some());
                        prop_assert!(e.missing_notifications(&ctx).is_empty());
                    }
                    DisclosureState::Ended => {}
                }
                if e.sensitive {
                    prop_assert!(e.kind.is_registerable_interest());
                }
                // Once ended, an entry never changes again (R-D4).
                match frozen {
                    Some(f) => prop_assert_eq!(&*f, e),
                    None if e.state == DisclosureState::Ended => *frozen = Some(e.clone()),
                    None => {}
                }
            }
        }
    }
}

/// R-M3 (s31(2)–(3)): an interest not yet registered, disclosed at a meeting, is notified to the
/// Monitoring Officer within 28 days, the meeting being day 1: across the end of June.
#[test]
fn an_unregistered_interest_disclosed_at_a_meeting_has_its_own_28_days() {
    let mut fx = fixture();
    fx.today = d(2026, 7, 8);
    let cat = fx.members[2].clone();
    let mut input = interest("pecuniary", "contracts", "Cat Dee");
    input.aware_on = "2026-05-01".into(); // known before the term: the term's notification
    input.declared_on = "2026-06-10".into();
    let entry = create(&fx, 1, input);
    assert_eq!(dpi_due_from_meeting(d(2026, 6, 10)), d(2026, 7, 7));
    assert_eq!(dpi_due_from_meeting(d(2026, 1, 31)), d(2026, 2, 27));

    let disclosed = entry
        .apply(tell("mt", "2026-06-10", false), &fx.ctx())
        .unwrap();
    assert!(disclosed.note.as_deref().unwrap().contains("meeting"));
    let disclosed = disclosed.disclosure;
    let meeting = |got: &[Deadline]| {
        got.iter()
            .find(|g| g.what.contains("disclosed at a meeting on 2026-06-10"))
            .cloned()
    };
    let got = member_dpi_deadlines(&cat, std::slice::from_ref(&disclosed), fx.today);
    let s31 = meeting(&got).expect("the s31 deadline is listed");
    assert_eq!(s31.due, d(2026, 7, 7));
    assert!(s31.overdue, "8 July is day 29");
    assert_eq!(s31.cite.to_string(), "R-M3 — Localism Act 2011 s31(2)–(3)");
    // Notified on the 28th day: met in time.
    let notified = act(&disclosed, tell("mm", "2026-07-07", true), &fx);
    let got = member_dpi_deadlines(&cat, std::slice::from_ref(&notified), fx.today);
    let s31 = meeting(&got).unwrap();
    assert_eq!((s31.overdue, s31.met_on), (false, Some(d(2026, 7, 7))));

    // Refused: once notified to the Monitoring Officer the interest is no longer unregistered.
    let r = refused(notified.apply(tell("at a meeting", "2026-07-08", false), &fx.ctx()));
    assert_eq!(r.cite.rule, "R-M3");
    assert!(r.reason.contains("not yet registered"), "{}", r.reason);
    // Refused: known at the term's start and notified with the term's interests before the meeting.
    let mut registered = fx.members[2].clone();
    registered.dpi_registered = Some(d(2026, 5, 20));
    fx.members[2] = registered.clone();
    let r = refused(entry.apply(tell("mt", "2026-06-10", false), &fx.ctx()));
    assert!(r.reason.contains("term's interests"), "{}", r.reason);
    assert!(meeting(&member_dpi_deadlines(&registered, &[disclosed], fx.today)).is_none());
    // A relationship is not a registerable interest: bad input, naming the field.
    let rel = create(&fx, 2, relationship("Cat Dee", "Jo Smith"));
    let errors = invalid(rel.apply(tell("mt", "2026-06-10", false), &fx.ctx()));
    assert_eq!(errors[0].field, "notified");
}
