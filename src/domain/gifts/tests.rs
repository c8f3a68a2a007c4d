//! The gifts and hospitality register (R-D5): allowed and refused paths, the threshold, and the
//! 28-day deadline counted by hand across month ends.

use super::*;
use crate::domain::calendar::Calendars;
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::member::{JoinedBy, Member};
use crate::domain::officer::{Employment, LineManager, Officer, Post};
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
    fx.officers.push(Officer {
        id: OfficerId(1),
        name: "Olive Clerk".into(),
        post: Post::Clerk,
        title: None,
        employment: Employment::Employee,
        line_manager: LineManager::Council,
        started: d(2020, 1, 6),
        protocol_briefed: None,
        left: None,
        email: None,
        phone: None,
        briefed_by: None,
        recruitment: None,
    });
    fx
}

fn input(recipient: &str, value: &str, received: &str) -> GiftInput {
    GiftInput {
        recipient: recipient.into(),
        offer: "received".into(),
        giver: "Ashcombe Show Society".into(),
        description: "Two tickets to the annual dinner".into(),
        value: value.into(),
        received_on: received.into(),
        notified_on: String::new(),
    }
}

fn gift(fx: &Fixture, value: &str, received: &str) -> Gift {
    match Gift::create(
        1,
        &input("M-001", value, received),
        &GiftSettings::default(),
        &fx.ctx(),
    ) {
        Ok(g) => g,
        Err(e) => panic!("the test entry should be accepted: {e}"),
    }
}

fn fields(r: Result<impl std::fmt::Debug, Rejection>) -> Vec<&'static str> {
    match r {
        Err(Rejection::Invalid(errors)) => errors.iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn refusal<T: std::fmt::Debug>(r: Result<T, Rejection>) -> Refusal {
    match r {
        Err(Rejection::Refused(refusal)) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn amounts_read_as_a_clerk_types_them() {
    for (raw, pence) in [
        ("50", 5_000),
        ("£49.99", 4_999),
        ("1,250.5", 125_050),
        ("0", 0),
    ] {
        assert_eq!(parse_pounds("value", raw), Ok(pence), "{raw}");
    }
    for raw in ["", "fifty", "£", "50.999", "-5", "1.2.3", "50."] {
        assert!(
            parse_pounds("value", raw).is_err(),
            "'{raw}' should be refused"
        );
    }
    assert_eq!(show_pounds(4_999), "£49.99");
}

#[test]
fn an_entry_names_each_bad_field() {
    let fx = fixture(d(2026, 3, 1));
    let bad = GiftInput {
        recipient: "Nobody".into(),
        offer: "maybe".into(),
        giver: String::new(),
        description: " ".into(),
        value: "lots".into(),
        received_on: "2026-03-02".into(),
        notified_on: "2026-02-01".into(),
    };
    let got = fields(Gift::create(1, &bad, &GiftSettings::default(), &fx.ctx()));
    for field in [
        "recipient",
        "offer",
        "giver",
        "description",
        "value",
        "received",
        "notified",
    ] {
        assert!(got.contains(&field), "{field} should be named in {got:?}");
    }
}

#[test]
fn a_member_or_an_officer_is_found_by_reference_or_name() {
    let fx = fixture(d(2026, 3, 1));
    let ctx = fx.ctx();
    let s = GiftSettings::default();
    let by =
        |who: &str| Gift::create(1, &input(who, "60", "2026-02-01"), &s, &ctx).map(|g| g.recipient);
    assert_eq!(by("M-001"), Ok(Recipient::Member(MemberId(1))));
    assert_eq!(by("olive clerk"), Ok(Recipient::Officer(OfficerId(1))));
    assert_eq!(
        fields(by("1")),
        vec!["recipient"],
        "a bare number is either"
    );
    assert_eq!(fields(by("M-009")), vec!["recipient"]);
}

#[test]
fn the_28_day_deadline_runs_across_month_ends() {
    // Hand-worked, members' default of 28 days on the council calendar:
    let holidays = [d(2026, 12, 25), d(2026, 12, 28)];
    let cases = [
        // Tue 3 Feb 2026 + 28 = Tue 3 Mar 2026 (February has 28 days in 2026).
        (d(2026, 2, 3), d(2026, 3, 3)),
        // Thu 3 Feb 2028 + 28 = Thu 2 Mar 2028 (29 February in a leap year).
        (d(2028, 2, 3), d(2028, 3, 2)),
        // Sat 31 Jan 2026 + 28 = Sat 28 Feb 2026: the office is shut, so Mon 2 Mar 2026.
        (d(2026, 1, 31), d(2026, 3, 2)),
        // Sun 29 Nov 2026 + 28 = Sun 27 Dec 2026; Mon 28 Dec is the Boxing Day substitute bank
        // holiday, so Tue 29 Dec 2026.
        (d(2026, 11, 29), d(2026, 12, 29)),
        // Thu 15 Oct 2026 + 28 = Thu 12 Nov 2026.
        (d(2026, 10, 15), d(2026, 11, 12)),
    ];
    let mut fx = fixture(d(2027, 1, 1));
    fx.calendars = Calendars::with_holidays(holidays);
    let limit = GiftSettings::default().members;
    for (received, due) in cases {
        assert_eq!(
            notify_by(received, limit, &fx.ctx()),
            due,
            "received {received}"
        );
    }
}

#[test]
fn due_met_late_and_overdue_follow_the_deadline() {
    let s = GiftSettings::default();
    // Received Sat 31 Jan 2026; due Mon 2 Mar 2026.
    let due_by = d(2026, 3, 2);
    let fx = fixture(d(2026, 3, 2));
    let g = gift(&fx, "50", "2026-01-31");
    assert_eq!(
        g.due(&s, &fx.ctx()),
        GiftDue::Due { by: due_by },
        "due on the last day itself"
    );
    let fx = fixture(d(2026, 3, 3));
    assert_eq!(g.due(&s, &fx.ctx()), GiftDue::Overdue { by: due_by });
    assert!(g.due(&s, &fx.ctx()).label(fx.today).starts_with("OVERDUE"));
    let late = g
        .apply(
            GiftAction::Notify {
                on: "2026-03-03".into(),
            },
            &fx.ctx(),
        )
        .map(|e| e.gift.due(&s, &fx.ctx()));
    assert_eq!(
        late.ok(),
        Some(GiftDue::MetLate {
            by: due_by,
            on: d(2026, 3, 3)
        })
    );
}

#[test]
fn under_the_threshold_is_recorded_but_not_required() {
    let fx = fixture(d(2026, 6, 1));
    let s = GiftSettings::default();
    let g = gift(&fx, "49.99", "2026-01-01");
    assert_eq!(g.due(&s, &fx.ctx()), GiftDue::NotRequired);
    let g = gift(&fx, "50", "2026-01-01");
    assert!(g.due(&s, &fx.ctx()).is_overdue(), "£50 is at the threshold");
    // The officers' own pair is a separate setting.
    let officers = GiftSettings {
        officers: Threshold {
            pence: 2_500,
            days: 14,
        },
        ..GiftSettings::default()
    };
    let o = match Gift::create(2, &input("O-001", "30", "2026-05-01"), &officers, &fx.ctx()) {
        Ok(g) => g,
        Err(e) => panic!("the officer's entry should be accepted: {e}"),
    };
    // Fri 1 May 2026 + 14 = Fri 15 May 2026.
    assert_eq!(
        o.due(&officers, &fx.ctx()),
        GiftDue::Overdue { by: d(2026, 5, 15) }
    );
    assert_eq!(
        o.due(&s, &fx.ctx()),
        GiftDue::NotRequired,
        "£30 is under the members' £50"
    );
    assert_eq!(o.cite().clause, OFFICERS_CLAUSE);
}

#[test]
fn allowed_steps_take_an_entry_to_its_end() {
    let fx = fixture(d(2026, 3, 1));
    let ctx = fx.ctx();
    let g = gift(&fx, "80", "2026-02-10");
    assert_eq!(g.available(&ctx), GiftActionKind::ALL.to_vec());
    let corrected = g
        .apply(
            GiftAction::Correct {
                value: "95".into(),
                description: "Dinner for two".into(),
            },
            &ctx,
        )
        .map(|e| e.gift);
    let corrected = match corrected {
        Ok(c) => c,
        Err(e) => panic!("correcting an open entry should be accepted: {e}"),
    };
    assert_eq!(
        (corrected.value_pence, corrected.description.as_str()),
        (9_500, "Dinner for two")
    );
    let notified = match corrected.apply(
        GiftAction::Notify {
            on: "2026-02-20".into(),
        },
        &ctx,
    ) {
        Ok(e) => e.gift,
        Err(e) => panic!("notifying an open entry should be accepted: {e}"),
    };
    assert_eq!(notified.state, GiftState::Notified);
    assert_eq!(notified.available(&ctx), vec![GiftActionKind::End]);
    let ended = match notified.apply(
        GiftAction::End {
            on: "2026-03-01".into(),
            reason: "Five years kept".into(),
        },
        &ctx,
    ) {
        Ok(e) => e.gift,
        Err(e) => panic!("ending a notified entry should be accepted: {e}"),
    };
    assert_eq!(ended.state, GiftState::Ended);
    assert!(
        ended.available(&ctx).is_empty(),
        "an ended entry offers nothing"
    );
}

#[test]
fn refused_steps_cite_their_rule() {
    let fx = fixture(d(2026, 3, 1));
    let ctx = fx.ctx();
    let g = gift(&fx, "80", "2026-02-10");
    let notified = match g.apply(
        GiftAction::Notify {
            on: "2026-02-11".into(),
        },
        &ctx,
    ) {
        Ok(e) => e.gift,
        Err(e) => panic!("notifying should be accepted: {e}"),
    };
    let twice = refusal(notified.apply(
        GiftAction::Notify {
            on: "2026-02-12".into(),
        },
        &ctx,
    ));
    assert_eq!(twice.cite.rule, "R-D5");
    let correct = refusal(notified.apply(
        GiftAction::Correct {
            value: "1".into(),
            description: "x".into(),
        },
        &ctx,
    ));
    assert_eq!(correct.cite.rule, "R-D5");
    let ended = match notified.apply(
        GiftAction::End {
            on: "2026-03-01".into(),
            reason: "Entered twice".into(),
        },
        &ctx,
    ) {
        Ok(e) => e.gift,
        Err(e) => panic!("ending should be accepted: {e}"),
    };
    let again = refusal(ended.apply(
        GiftAction::End {
            on: "2026-03-01".into(),
            reason: "again".into(),
        },
        &ctx,
    ));
    assert_eq!(
        again.cite.rule, "R-D4",
        "entries end once and are never deleted"
    );
    assert_eq!(
        ended.not_now(GiftActionKind::Notify, &ctx).cite.rule,
        "R-D4"
    );
    // Field errors: a notification before receipt or in the future; an end with no reason.
    assert_eq!(
        fields(g.apply(
            GiftAction::Notify {
                on: "2026-02-09".into()
            },
            &ctx
        )),
        vec!["notified on"]
    );
    assert_eq!(
        fields(g.apply(
            GiftAction::Notify {
                on: "2026-03-02".into()
            },
            &ctx
        )),
        vec!["notified on"]
    );
    assert_eq!(
        fields(g.apply(
            GiftAction::End {
                on: "2026-03-01".into(),
                reason: " ".into()
            },
            &ctx
        )),
        vec!["reason"]
    );
}

#[test]
fn the_public_export_holds_members_and_officers_only_by_setting() {
    let fx = fixture(d(2026, 3, 1));
    let ctx = fx.ctx();
    let s = GiftSettings::default();
    let member = gift(&fx, "80", "2026-02-10");
    let officer = match Gift::create(2, &input("O-001", "80", "2026-02-10"), &s, &ctx) {
        Ok(g) => g,
        Err(e) => panic!("the officer's entry should be accepted: {e}"),
    };
    let ended = match Gift::create(3, &input("M-001", "70", "2026-01-10"), &s, &ctx).and_then(|g| {
        g.apply(
            GiftAction::End {
                on: "2026-02-01".into(),
                reason: "Entered in error".into(),
            },
            &ctx,
        )
    }) {
        Ok(e) => e.gift,
        Err(e) => panic!("the ended entry should be accepted: {e}"),
    };
    let all = [member, officer, ended];
    let refs = |rows: Vec<GiftRow>| rows.into_iter().map(|r| r.reference).collect::<Vec<_>>();
    assert_eq!(refs(export_rows(&all, &s, &ctx, true)), vec!["H-0001"]);
    let published = GiftSettings {
        publish_officers: true,
        ..s
    };
    assert_eq!(
        refs(export_rows(&all, &published, &ctx, true)),
        vec!["H-0001", "H-0002"]
    );
    assert_eq!(
        refs(export_rows(&all, &s, &ctx, false)),
        vec!["H-0001", "H-0002", "H-0003"]
    );
    let public = export_rows(&all, &s, &ctx, true);
    assert!(
        public
            .iter()
            .all(|r| r.status.is_empty() && r.end_reason.is_empty()),
        "no tracking in public"
    );
}
