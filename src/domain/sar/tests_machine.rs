//! The subject access request machine (R-DP1): allowed and refused paths, with dates counted by
//! hand.

use super::*;
use crate::domain::ids::MemberId;
use crate::domain::machine::Machine as _;
use crate::domain::member::{JoinedBy, Member};
use crate::domain::rules::Rejection;
use crate::domain::testkit::{d, Fixture};

fn fixture(today: NaiveDate) -> Fixture {
    let mut fx = Fixture::new(today);
    fx.members.push(Member {
        id: MemberId(1),
        name: "Ann Able".into(),
        sort_name: None,
        ward: "North".into(),
        group: None,
        joined_by: JoinedBy::Elected,
        term_start: d(2023, 5, 8),
        term_end: None,
        end_reason: None,
        dpi_registered: None,
        email: None,
        phone: None,
    });
    fx
}

fn sar(fx: &Fixture, who: &str, received: &str) -> Sar {
    let input = SarInput {
        requester: who.into(),
        received_on: received.into(),
        what: "Every email that names me".into(),
    };
    Sar::create(1, &input, &fx.ctx()).expect("a valid request")
}

fn refused(r: Result<SarEvent, Rejection>) -> String {
    match r {
        Err(Rejection::Refused(refusal)) => {
            assert_eq!(refusal.cite.rule, "R-DP1");
            assert_eq!(refusal.cite.clause, "UK GDPR Art 12(3)");
            refusal.reason
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn the_requester_is_a_member_or_anyone_by_name() {
    let fx = fixture(d(2026, 11, 22));
    assert_eq!(
        sar(&fx, "ann able", "2026-11-03").requester,
        Requester::Member(MemberId(1))
    );
    assert_eq!(
        sar(&fx, "Mr P Smith", "2026-11-03").requester,
        Requester::Other("Mr P Smith".into())
    );
    let bad = SarInput {
        requester: "M-009".into(),
        received_on: "2026-12-01".into(),
        what: "".into(),
    };
    match Sar::create(1, &bad, &fx.ctx()) {
        Err(Rejection::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
            assert_eq!(fields, ["requester", "what", "received"], "{errors:?}");
        }
        other => panic!("expected field errors: {other:?}"),
    }
}

#[test]
fn identity_restarts_the_clock_then_answered_in_time() {
    // Received Tuesday 3 November 2026: due Thursday 3 December 2026.
    let fx = fixture(d(2026, 11, 22));
    let ctx = fx.ctx();
    let s = sar(&fx, "M-001", "2026-11-03");
    assert_eq!(s.due(&ctx), SarDue::Due { by: d(2026, 12, 3) });
    assert_eq!(s.available(&ctx), SarActionKind::ALL.to_vec());
    // Proof of identity on Monday 9 November: due Wednesday 9 December.
    let s = s
        .apply(
            SarAction::Identity {
                on: "2026-11-09".into(),
            },
            &ctx,
        )
        .unwrap()
        .sar;
    assert_eq!(s.due_by(&ctx), d(2026, 12, 9));
    let e = s
        .apply(
            SarAction::Answer {
                on: "2026-11-20".into(),
            },
            &ctx,
        )
        .unwrap();
    assert_eq!(e.note, None);
    assert_eq!(e.sar.state, SarState::Answered);
    assert!(e.sar.available(&ctx).is_empty());
    assert!(refused(e.sar.apply(SarAction::Answer { on: "".into() }, &ctx)).contains("answered"));
}

#[test]
fn an_extension_within_the_first_month_runs_three_months_from_the_start() {
    let fx = fixture(d(2026, 11, 22));
    let ctx = fx.ctx();
    let s = sar(&fx, "M-001", "2026-11-03");
    let e = s
        .apply(
            SarAction::Extend {
                on: "2026-11-20".into(),
                reason: "Numerous requests".into(),
            },
            &ctx,
        )
        .unwrap();
    // 3 November 2026 + 3 months = Wednesday 3 February 2027.
    assert_eq!(e.sar.due_by(&ctx), d(2027, 2, 3));
    // The deadline names how it was counted, before and after the extension.
    assert_eq!(
        s.counted().label(),
        "1 month, then the next working day on the council calendar"
    );
    assert_eq!(
        e.sar.counted().label(),
        "3 months, then the next working day on the council calendar"
    );
    assert_eq!(e.sar.state, SarState::Extended);
    assert_eq!(e.sar.available(&ctx), vec![SarActionKind::Answer]);
    assert!(refused(e.sar.apply(
        SarAction::Extend {
            on: "".into(),
            reason: "again".into()
        },
        &ctx
    ))
    .contains("already extended"));
}

#[test]
fn an_extension_after_the_first_month_is_refused() {
    // Received Thursday 1 October 2026: due Monday 2 November (1 November is a Sunday).
    let fx = fixture(d(2026, 11, 22));
    let ctx = fx.ctx();
    let s = sar(&fx, "Mr P Smith", "2026-10-01");
    assert_eq!(s.original_due(&ctx), d(2026, 11, 2));
    assert!(!s.available(&ctx).contains(&SarActionKind::Extend));
    let why = refused(s.apply(
        SarAction::Extend {
            on: "2026-11-20".into(),
            reason: "Complex".into(),
        },
        &ctx,
    ));
    assert!(why.contains("2026-11-02"), "{why}");
    assert!(s
        .not_now(SarActionKind::Extend, &ctx)
        .reason
        .contains("first month"));
    assert!(s.due(&ctx).is_overdue());
    // A late answer is taken, and marked late.
    let e = s
        .apply(
            SarAction::Answer {
                on: "2026-11-20".into(),
            },
            &ctx,
        )
        .unwrap();
    assert_eq!(e.note.as_deref(), Some("LATE: due by 2026-11-02"));
    assert_eq!(
        e.sar.due(&ctx).label(ctx.today),
        "answered LATE (18 days after 2026-11-02)"
    );
}

#[test]
fn an_extension_dated_after_the_first_month_is_refused_even_when_recorded_in_time() {
    // Received 3 November 2026, today 22 November: an extension dated in the future is a field
    // error; the requester cannot have been told before the request arrived.
    let fx = fixture(d(2026, 11, 22));
    let ctx = fx.ctx();
    let s = sar(&fx, "M-001", "2026-11-03");
    for (on, field) in [("2026-11-30", "extended on"), ("2026-11-01", "extended on")] {
        match s.apply(
            SarAction::Extend {
                on: on.into(),
                reason: "Complex".into(),
            },
            &ctx,
        ) {
            Err(Rejection::Invalid(errors)) => assert_eq!(errors[0].field, field),
            other => panic!("{on}: {other:?}"),
        }
    }
    match s.apply(
        SarAction::Extend {
            on: "2026-11-20".into(),
            reason: " ".into(),
        },
        &ctx,
    ) {
        Err(Rejection::Invalid(errors)) => assert_eq!(errors[0].field, "reason"),
        other => panic!("{other:?}"),
    }
}
