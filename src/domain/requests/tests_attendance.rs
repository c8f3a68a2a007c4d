//! Attendance at political group meetings (R-G3, R-G4).

use super::testutil::{fixture, invalid, refusal, MODELS};
use super::*;
use crate::domain::machine::Machine as _;
use crate::domain::rules::Cite;
use crate::domain::testkit::{d, Fixture};

type K = AttendanceActionKind;

fn input(meeting_on: &str) -> GroupAttendanceInput {
    GroupAttendanceInput {
        group: "Green".into(),
        meeting_on: meeting_on.into(),
        requested_on: "2026-05-01".into(),
    }
}

fn requested(fx: &Fixture) -> GroupAttendance {
    GroupAttendance::create(1, &input("2026-05-12"), &fx.ctx()).unwrap()
}

fn step(a: &GroupAttendance, action: AttendanceAction, fx: &Fixture) -> GroupAttendance {
    a.apply(action, &fx.ctx()).unwrap().attendance
}

fn attend() -> AttendanceAction {
    AttendanceAction::Attend {
        on: "2026-05-04".into(),
    }
}

fn decline() -> AttendanceAction {
    AttendanceAction::Decline {
        reason: "budget meeting the same evening".into(),
        on: "2026-05-04".into(),
    }
}

fn attended() -> AttendanceAction {
    AttendanceAction::RecordAttended {
        subject: "Village hall lease".into(),
    }
}

fn tell(group: &str, on: &str) -> AttendanceAction {
    AttendanceAction::TellGroup {
        group: group.into(),
        on: on.into(),
    }
}

fn complete(on: &str) -> AttendanceAction {
    AttendanceAction::Complete { on: on.into() }
}

/// Attended → each other group told → complete.
fn finish(a: &GroupAttendance, fx: &Fixture) -> GroupAttendance {
    let a = step(a, tell("Labour", "2026-05-13"), fx);
    assert_eq!(a.state, AttendanceState::Attended);
    let a = step(&a, tell("Conservative", "2026-05-13"), fx);
    assert_eq!(a.state, AttendanceState::OtherGroupsTold);
    assert_eq!(a.available(&fx.ctx()), [K::Complete]);
    let a = step(&a, complete("2026-05-14"), fx);
    assert_eq!(
        (a.state, a.completed_on),
        (AttendanceState::Complete, Some(d(2026, 5, 14)))
    );
    assert!(a.available(&fx.ctx()).is_empty());
    a
}

#[test]
fn banbury_the_clerk_attends_tells_the_other_groups_and_completes() {
    let (fx, [_, labour, tory]) = fixture("banbury");
    let a = requested(&fx);
    assert!(a.confidential);
    assert_eq!(
        a.available(&fx.ctx()),
        [K::Attend, K::SendRepresentative, K::Decline]
    );
    let ev = a.apply(attend(), &fx.ctx()).unwrap();
    assert_eq!(ev.cite, Some(Cite::new("R-G3", "CAV §4.3a")));
    let a = ev.attendance;
    assert_eq!(
        (a.state, a.decision.clone()),
        (AttendanceState::Decided, Some(AttendanceDecision::Attend))
    );
    let ev = a.apply(attended(), &fx.ctx()).unwrap();
    assert_eq!(ev.cite, Some(Cite::new("R-G3", "CAV §4.3e")));
    let a = ev.attendance;
    assert_eq!(a.subject.as_deref(), Some("Village hall lease"));
    assert_eq!(a.available(&fx.ctx()), [K::TellGroup]);
    let a = finish(&a, &fx);
    assert_eq!(a.told, [(labour, d(2026, 5, 13)), (tory, d(2026, 5, 13))]);
}

#[test]
fn banbury_a_representative_may_go_instead() {
    let (fx, _) = fixture("banbury");
    let a = step(
        &requested(&fx),
        AttendanceAction::SendRepresentative {
            name: "Dee Puty".into(),
            on: "2026-05-04".into(),
        },
        &fx,
    );
    assert_eq!(
        a.decision,
        Some(AttendanceDecision::SendRepresentative("Dee Puty".into()))
    );
    let a = step(&a, attended(), &fx);
    assert!(a
        .notice_text(&fx.ctx())
        .contains("Dee Puty, on the Clerk's behalf,"));
    finish(&a, &fx);
    let blank = AttendanceAction::SendRepresentative {
        name: " ".into(),
        on: "2026-05-04".into(),
    };
    assert_eq!(
        invalid(requested(&fx).apply(blank, &fx.ctx())),
        ["representative"]
    );
}

#[test]
fn declining_needs_a_reason_and_then_completes_without_telling() {
    for model in MODELS {
        let (fx, _) = fixture(model);
        let a = requested(&fx);
        let no_reason = AttendanceAction::Decline {
            reason: "".into(),
            on: "2026-05-04".into(),
        };
        assert_eq!(invalid(a.apply(no_reason, &fx.ctx())), ["reason"]);
        let a = step(&a, decline(), &fx);
        assert_eq!(a.state, AttendanceState::Declined);
        assert_eq!(a.available(&fx.ctx()), [K::Complete], "{model}");
        assert!(a.notice_text(&fx.ctx()).starts_with("No notice"));
        let a = step(&a, complete("2026-05-04"), &fx);
        assert_eq!(a.state, AttendanceState::Complete);
        assert!(a.told.is_empty());
    }
}

#[test]
fn town_profile_officers_are_not_expected_so_attending_is_refused() {
    let (fx, _) = fixture("town");
    let a = requested(&fx);
    assert_eq!(a.available(&fx.ctx()), [K::Decline]);
    for action in [
        attend(),
        AttendanceAction::SendRepresentative {
            name: "Dee".into(),
            on: "2026-05-04".into(),
        },
    ] {
        let refused = refusal(a.apply(action, &fx.ctx()));
        assert_eq!(refused.cite, Cite::new("R-G4", "LLTC §7.4"));
        assert!(refused.reason.contains("not expected"));
    }
    let refused = refusal(a.apply(
        AttendanceAction::RecordAgreement {
            by: "CEO".into(),
            on: "2026-05-02".into(),
        },
        &fx.ctx(),
    ));
    assert_eq!(refused.cite.rule, "R-G4");
    let ev = a.apply(decline(), &fx.ctx()).unwrap();
    assert_eq!(ev.cite, Some(Cite::new("R-G4", "LLTC §7.4")));
}

#[test]
fn borough_profile_attending_waits_for_the_head_of_paid_service() {
    let (fx, _) = fixture("borough");
    let a = requested(&fx);
    assert_eq!(a.available(&fx.ctx()), [K::RecordAgreement, K::Decline]);
    let refused = refusal(a.apply(attend(), &fx.ctx()));
    assert_eq!(refused.cite, Cite::new("R-G4", "BOR §2.3"));
    assert!(refused.reason.contains("agreement"));
    let agree = |by: &str, on: &str| AttendanceAction::RecordAgreement {
        by: by.into(),
        on: on.into(),
    };
    assert_eq!(
        invalid(a.apply(agree("Chief Executive", "2026-04-30"), &fx.ctx())),
        ["agreed on"]
    );
    assert_eq!(
        invalid(a.apply(agree("", "2026-05-02"), &fx.ctx())),
        ["agreed by"]
    );
    let a = step(&a, agree("Chief Executive", "2026-05-03"), &fx);
    assert_eq!(
        a.agreement,
        Some(Agreement {
            by: "Chief Executive".into(),
            on: d(2026, 5, 3)
        })
    );
    assert_eq!(
        a.available(&fx.ctx()),
        [K::Attend, K::SendRepresentative, K::Decline]
    );
    // The decision cannot predate the agreement it rests on.
    assert_eq!(
        invalid(a.apply(
            AttendanceAction::Attend {
                on: "2026-05-02".into()
            },
            &fx.ctx()
        )),
        ["decided on"]
    );
    let a = step(&a, attend(), &fx);
    let a = step(&a, attended(), &fx);
    let refused = refusal(a.apply(complete("2026-05-14"), &fx.ctx()));
    assert_eq!(refused.cite, Cite::new("R-G3", "BOR §2.3"));
    finish(&a, &fx);
}

#[test]
fn where_the_protocol_is_silent_the_banbury_steps_apply_citing_the_profile() {
    let (fx, _) = fixture("toolkit");
    let ev = requested(&fx).apply(attend(), &fx.ctx()).unwrap();
    assert_eq!(ev.cite, Some(Cite::new("R-G3", "TWY (silent)")));
    let a = step(&ev.attendance, attended(), &fx);
    finish(&a, &fx);
}

#[test]
fn completing_with_an_untold_group_is_refused_naming_it_then_allowed_once_told() {
    let (fx, _) = fixture("banbury");
    let a = step(&step(&requested(&fx), attend(), &fx), attended(), &fx);
    let refused = refusal(a.apply(complete("2026-05-14"), &fx.ctx()));
    assert_eq!(refused.cite, Cite::new("R-G3", "CAV §4.3d"));
    assert!(
        refused
            .reason
            .ends_with("not yet told: Labour, Conservative"),
        "{}",
        refused.reason
    );
    let a = step(&a, tell("Labour", "2026-05-13"), &fx);
    let refused = refusal(a.apply(complete("2026-05-14"), &fx.ctx()));
    assert!(
        refused.reason.ends_with("not yet told: Conservative"),
        "{}",
        refused.reason
    );
    let own = refusal(a.apply(tell("Green", "2026-05-13"), &fx.ctx()));
    assert_eq!(own.cite, Cite::new("R-G3", "CAV §4.3d"));
    assert_eq!(
        invalid(a.apply(tell("Purple", "2026-05-13"), &fx.ctx())),
        ["group told"]
    );
    assert_eq!(
        invalid(a.apply(tell("Conservative", "2026-05-11"), &fx.ctx())),
        ["told on"]
    );
    let a = step(&a, tell("Conservative", "2026-05-13"), &fx);
    assert_eq!(
        step(&a, complete("2026-05-14"), &fx).state,
        AttendanceState::Complete
    );
}

#[test]
fn a_meeting_cannot_be_recorded_as_attended_before_it_is_held() {
    let (mut fx, _) = fixture("banbury");
    let a = GroupAttendance::create(1, &input("2026-06-10"), &fx.ctx()).unwrap();
    let a = step(&a, attend(), &fx);
    assert!(a.available(&fx.ctx()).is_empty());
    let refused = refusal(a.apply(attended(), &fx.ctx()));
    assert!(refused.reason.contains("2026-06-10"), "{}", refused.reason);
    fx.today = d(2026, 6, 10);
    assert_eq!(step(&a, attended(), &fx).state, AttendanceState::Attended);
}

#[test]
fn create_checks_the_group_and_the_dates() {
    let (fx, _) = fixture("banbury");
    let bad = GroupAttendanceInput {
        group: "Purple".into(),
        meeting_on: "2026-13-01".into(),
        requested_on: "2026-06-02".into(),
    };
    assert_eq!(
        invalid(GroupAttendance::create(1, &bad, &fx.ctx())),
        ["group", "meeting on", "requested on"]
    );
    let early = GroupAttendanceInput {
        group: "Labour".into(),
        meeting_on: "2026-04-30".into(),
        requested_on: "2026-05-01".into(),
    };
    assert_eq!(
        invalid(GroupAttendance::create(1, &early, &fx.ctx())),
        ["meeting on"]
    );
}

#[test]
fn the_notice_names_group_subject_and_date_and_nothing_heard() {
    let (fx, _) = fixture("banbury");
    let a = step(&requested(&fx), attend(), &fx);
    assert!(a.notice_text(&fx.ctx()).contains("[subject to be recorded"));
    let a = step(&a, attended(), &fx);
    let notice = a.notice_text(&fx.ctx());
    for part in [
        "To: Labour, Conservative",
        "Green group",
        "2026-05-12",
        "Subject: Village hall lease",
        "CAV §4.3d",
        "CAV §4.3e",
    ] {
        assert!(notice.contains(part), "{part} missing from:\n{notice}");
    }
    assert!(a.fields(&fx.ctx()).iter().all(|(f, _)| *f != "heard"));
}

#[test]
fn every_action_outside_available_is_refused_in_every_state() {
    for model in MODELS {
        let (fx, _) = fixture(model);
        let requested = requested(&fx);
        let mut states = vec![requested.clone()];
        let mut start = requested.clone();
        if requested.available(&fx.ctx()).contains(&K::RecordAgreement) {
            start = step(
                &requested,
                AttendanceAction::RecordAgreement {
                    by: "CEO".into(),
                    on: "2026-05-02".into(),
                },
                &fx,
            );
            states.push(start.clone());
        }
        let declined = step(&start, decline(), &fx);
        states.push(declined.clone());
        states.push(step(&declined, complete("2026-05-05"), &fx));
        if start.available(&fx.ctx()).contains(&K::Attend) {
            let decided = step(&start, attend(), &fx);
            let future = {
                let a = GroupAttendance::create(2, &input("2026-06-10"), &fx.ctx()).unwrap();
                let a = match a.agreement {
                    None if a.available(&fx.ctx()).contains(&K::RecordAgreement) => step(
                        &a,
                        AttendanceAction::RecordAgreement {
                            by: "CEO".into(),
                            on: "2026-05-02".into(),
                        },
                        &fx,
                    ),
                    _ => a,
                };
                step(&a, attend(), &fx)
            };
            let att = step(&decided, attended(), &fx);
            let partly = step(&att, tell("Labour", "2026-05-13"), &fx);
            let all = step(&partly, tell("Conservative", "2026-05-13"), &fx);
            let done = step(&all, complete("2026-05-14"), &fx);
            states.extend([decided, future, att, partly, all, done]);
        }
        for a in &states {
            for kind in K::ALL {
                let action = match kind {
                    K::RecordAgreement => AttendanceAction::RecordAgreement {
                        by: "CEO".into(),
                        on: "2026-05-02".into(),
                    },
                    K::Attend => attend(),
                    K::SendRepresentative => AttendanceAction::SendRepresentative {
                        name: "Dee".into(),
                        on: "2026-05-04".into(),
                    },
                    K::Decline => decline(),
                    K::RecordAttended => attended(),
                    K::TellGroup => {
                        let next = a.untold_groups(&fx.ctx()).first().copied();
                        tell(fx.council.group_name(next), "2026-05-20")
                    }
                    K::Complete => complete("2026-05-20"),
                };
                let result = a.apply(action, &fx.ctx());
                if a.available(&fx.ctx()).contains(&kind) {
                    assert!(
                        result.is_ok(),
                        "{model}: {kind:?} in {:?}: {result:?}",
                        a.state
                    );
                } else {
                    let refused = refusal(result);
                    assert!(refused.cite.rule.starts_with("R-G"), "{model}: {refused}");
                }
            }
        }
    }
}

#[test]
fn action_keys_are_distinct() {
    let mut keys: Vec<char> = K::ALL.iter().map(|k| k.key()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), K::ALL.len());
}
