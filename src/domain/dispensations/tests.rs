//! The dispensations register (R-D6, Localism Act 2011 s33): allowed and refused paths, and the
//! four-year limit of s33(3) worked by hand, 29 February starts included.

use super::*;
use crate::domain::ids::MemberId;
use crate::domain::machine::ActionKind;
use crate::domain::member::{JoinedBy, Member};
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

fn request(fx: &Fixture, requested: &str) -> Dispensation {
    let input = DispensationInput {
        member: "M-001".into(),
        business: "Allotments rent review (she rents a plot)".into(),
        requested_on: requested.into(),
    };
    match Dispensation::create(1, &input, &fx.ctx()) {
        Ok(x) => x,
        Err(e) => panic!("{e:?}"),
    }
}

fn grant(on: &str, until: &str) -> DispensationAction {
    DispensationAction::Grant {
        on: on.into(),
        ground: "residents".into(),
        by: "council".into(),
        body: String::new(),
        minute: "FC 24/117".into(),
        until: until.into(),
    }
}

fn granted(fx: &Fixture, on: &str, until: &str) -> Result<Dispensation, Rejection> {
    let r = request(fx, "2020-01-02");
    r.apply(grant(on, until), &fx.ctx()).map(|e| e.dispensation)
}

fn refused_rule(r: Result<Dispensation, Rejection>) -> (String, String) {
    match r {
        Err(Rejection::Refused(r)) => (r.cite.rule, r.cite.clause),
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn create_needs_a_member_the_business_and_a_past_request_day() {
    let fx = fixture(d(2026, 5, 1));
    let bad = DispensationInput {
        member: "M-009".into(),
        business: " ".into(),
        requested_on: "2026-05-02".into(),
    };
    match Dispensation::create(1, &bad, &fx.ctx()) {
        Err(Rejection::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
            assert_eq!(fields, ["member", "business", "requested"]);
        }
        other => panic!("{other:?}"),
    }
    let ok = DispensationInput {
        member: "ann able".into(),
        business: "The village hall lease".into(),
        requested_on: "2026-04-30".into(),
    };
    let x = Dispensation::create(3, &ok, &fx.ctx()).unwrap();
    assert_eq!(x.reference(), "D-0003");
    assert_eq!(x.state, DispensationState::Requested);
    assert_eq!(
        x.available(&fx.ctx()),
        [
            DispensationActionKind::Grant,
            DispensationActionKind::Refuse
        ]
    );
}

/// By hand: the latest expiry is the same day four years on; from 29 February it is 29 February
/// in a leap fourth year, 28 February when the fourth year is not one (2100 is not).
#[test]
fn the_latest_expiry_is_four_years_on_worked_by_hand() {
    assert_eq!(latest_expiry(d(2026, 5, 7)), d(2030, 5, 7));
    assert_eq!(latest_expiry(d(2024, 2, 29)), d(2028, 2, 29));
    assert_eq!(latest_expiry(d(2096, 2, 29)), d(2100, 2, 28));
    assert_eq!(latest_expiry(d(2027, 2, 28)), d(2031, 2, 28));
    assert_eq!(latest_expiry(d(2027, 12, 31)), d(2031, 12, 31));
}

#[test]
fn exactly_four_years_is_allowed_a_day_more_is_refused() {
    let fx = fixture(d(2026, 5, 7));
    let x = granted(&fx, "2026-05-07", "2030-05-07").unwrap();
    assert_eq!(x.state, DispensationState::Granted);
    assert_eq!(x.until(), Some(d(2030, 5, 7)));
    let (rule, clause) = refused_rule(granted(&fx, "2026-05-07", "2030-05-08"));
    assert_eq!(rule, RULE);
    assert_eq!(clause, "Localism Act 2011 s33(3)");
}

#[test]
fn a_29_february_start_runs_to_29_february_four_years_on() {
    let fx = fixture(d(2024, 2, 29));
    assert!(granted(&fx, "2024-02-29", "2028-02-29").is_ok());
    refused_rule(granted(&fx, "2024-02-29", "2028-03-01"));
}

#[test]
fn a_29_february_start_with_no_29_february_four_years_on_runs_to_28_february() {
    let fx = fixture(d(2096, 2, 29));
    assert!(granted(&fx, "2096-02-29", "2100-02-28").is_ok());
    refused_rule(granted(&fx, "2096-02-29", "2100-03-01"));
}

#[test]
fn a_grant_names_ground_body_and_minute() {
    let fx = fixture(d(2026, 5, 7));
    let r = request(&fx, "2026-05-01");
    let bad = DispensationAction::Grant {
        on: "2026-05-07".into(),
        ground: "because".into(),
        by: "committee".into(),
        body: String::new(),
        minute: String::new(),
        until: String::new(),
    };
    match r.apply(bad, &fx.ctx()) {
        Err(Rejection::Invalid(errors)) => {
            let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
            assert_eq!(
                fields,
                ["ground", "committee or officer", "minute", "expires on"]
            );
            for f in fields {
                assert!(DispensationActionKind::Grant.field_of_error(f).is_some());
            }
        }
        other => panic!("{other:?}"),
    }
    let ok = DispensationAction::Grant {
        on: "2026-05-07".into(),
        ground: "(a)".into(),
        by: "officer".into(),
        body: "Olive Clerk".into(),
        minute: "Scheme of delegation 2025, para 4".into(),
        until: "2027-05-06".into(),
    };
    let x = r.apply(ok, &fx.ctx()).unwrap().dispensation;
    let g = x.grant.unwrap();
    assert_eq!(g.ground, Ground::Business);
    assert_eq!(g.by, DecidedBy::Officer("Olive Clerk".into()));
}

#[test]
fn a_decision_is_not_before_the_request_nor_in_the_future() {
    let fx = fixture(d(2026, 5, 7));
    let r = request(&fx, "2026-05-01");
    assert!(r
        .apply(grant("2026-04-30", "2027-01-01"), &fx.ctx())
        .is_err());
    assert!(r
        .apply(grant("2026-05-08", "2027-01-01"), &fx.ctx())
        .is_err());
    assert!(r
        .apply(grant("2026-05-07", "2026-05-06"), &fx.ctx())
        .is_err());
}

#[test]
fn refused_is_final_and_kept() {
    let fx = fixture(d(2026, 5, 7));
    let r = request(&fx, "2026-05-01");
    let x = r
        .apply(
            DispensationAction::Refuse {
                on: "2026-05-06".into(),
                reason: "No ground in s33(2) applies".into(),
            },
            &fx.ctx(),
        )
        .unwrap()
        .dispensation;
    assert_eq!(x.state, DispensationState::Refused);
    assert!(x.available(&fx.ctx()).is_empty());
    for k in DispensationActionKind::ALL {
        assert_eq!(x.not_now(k, &fx.ctx()).cite.rule, "R-D4");
    }
    let (rule, _) = refused_rule(
        x.apply(grant("2026-05-07", "2027-01-01"), &fx.ctx())
            .map(|e| e.dispensation),
    );
    assert_eq!(rule, "R-D4");
}

#[test]
fn expiry_is_offered_only_from_the_expiry_date() {
    let mut fx = fixture(d(2026, 5, 7));
    let x = granted(&fx, "2026-05-07", "2026-06-30").unwrap();
    assert_eq!(x.available(&fx.ctx()), [DispensationActionKind::Revoke]);
    let why = x.not_now(DispensationActionKind::Expire, &fx.ctx());
    assert_eq!(
        (why.cite.rule.as_str(), why.cite.clause.as_str()),
        (RULE, CLAUSE)
    );
    assert!(why.reason.contains("30/06/2026") || why.reason.contains("2026"));
    refused_rule(
        x.apply(DispensationAction::Expire, &fx.ctx())
            .map(|e| e.dispensation),
    );
    assert_eq!(
        x.due(&fx.ctx()),
        DispensationDue::Runs {
            until: d(2026, 6, 30)
        }
    );
    assert!(!x.due(&fx.ctx()).needs_attention(fx.today));

    fx.today = d(2026, 6, 2); // 28 days before: expiring soon
    assert!(x.due(&fx.ctx()).needs_attention(fx.today));
    fx.today = d(2026, 6, 30); // the last day: runs, and may be recorded as expired
    assert_eq!(
        x.due(&fx.ctx()),
        DispensationDue::Runs {
            until: d(2026, 6, 30)
        }
    );
    assert!(x
        .available(&fx.ctx())
        .contains(&DispensationActionKind::Expire));
    fx.today = d(2026, 7, 1);
    assert_eq!(
        x.due(&fx.ctx()),
        DispensationDue::Lapsed {
            until: d(2026, 6, 30)
        }
    );
    let e = x
        .apply(DispensationAction::Expire, &fx.ctx())
        .unwrap()
        .dispensation;
    assert_eq!(e.state, DispensationState::Expired);
    assert_eq!(e.due(&fx.ctx()), DispensationDue::Closed);
    assert!(e.available(&fx.ctx()).is_empty());
}

#[test]
fn revoking_needs_a_minute_and_a_reason_and_ends_it() {
    let fx = fixture(d(2026, 5, 7));
    let x = granted(&fx, "2026-05-01", "2028-05-01").unwrap();
    let bad = DispensationAction::Revoke {
        on: "2026-05-07".into(),
        minute: String::new(),
        reason: String::new(),
    };
    assert!(matches!(x.apply(bad, &fx.ctx()), Err(Rejection::Invalid(e)) if e.len() == 2));
    let ok = DispensationAction::Revoke {
        on: "2026-05-07".into(),
        minute: "FC 26/040".into(),
        reason: "The interest has ended".into(),
    };
    let y = x.apply(ok, &fx.ctx()).unwrap().dispensation;
    assert_eq!(y.state, DispensationState::Revoked);
    assert!(y.available(&fx.ctx()).is_empty());
    assert!(y.grant.is_some(), "the grant is kept as history");
}

#[test]
fn a_request_cannot_expire_or_be_revoked() {
    let fx = fixture(d(2026, 5, 7));
    let r = request(&fx, "2026-05-01");
    for k in [
        DispensationActionKind::Expire,
        DispensationActionKind::Revoke,
    ] {
        assert!(!r.available(&fx.ctx()).contains(&k));
        assert_eq!(r.not_now(k, &fx.ctx()).cite.rule, RULE);
    }
}
