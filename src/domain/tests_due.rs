//! Tests for the list of everything due (the source of `clerkdesk calendar`).

use super::due::{all, DueRecord, Registers};
use super::ids::{MemberId, OfficerId};
use super::member::{JoinedBy, Member};
use super::officer::{Employment, LineManager, Officer, Post};
use super::testkit::{d, Fixture};
use crate::domain::machine::Machine as _;

fn member(id: u32, name: &str, registered: Option<chrono::NaiveDate>) -> Member {
    Member {
        id: MemberId(id),
        name: name.into(),
        sort_name: None,
        ward: "North".into(),
        group: None,
        joined_by: JoinedBy::Elected,
        term_start: d(2026, 11, 2),
        term_end: None,
        end_reason: None,
        dpi_registered: registered,
        email: None,
        phone: None,
    }
}

fn officer(id: u32, name: &str, briefed: Option<chrono::NaiveDate>) -> Officer {
    Officer {
        id: OfficerId(id),
        name: name.into(),
        post: Post::Assistant,
        title: None,
        employment: Employment::Employee,
        line_manager: LineManager::Officer(OfficerId(1)),
        started: d(2026, 11, 16),
        protocol_briefed: briefed,
        left: None,
        email: None,
        phone: None,
        briefed_by: None,
        recruitment: None,
    }
}

fn fixture() -> Fixture {
    let mut fx = Fixture::new(d(2026, 11, 20));
    fx.members = vec![
        member(1, "Ann Owed", None),
        member(2, "Bob Done", Some(d(2026, 11, 10))),
    ];
    fx.officers = vec![
        officer(1, "Clara Briefed", Some(d(2026, 11, 16))),
        officer(2, "Dev Waiting", None),
    ];
    fx
}

fn no_registers() -> Registers<'static> {
    Registers {
        cases: &[],
        disclosures: &[],
        elections: &[],
        info_requests: &[],
        sars: &[],
        documents: None,
        gifts: &[],
        gift_settings: &GIFT_SETTINGS,
        dispensations: &[],
        retention: &[],
    }
}

static GIFT_SETTINGS: std::sync::LazyLock<crate::domain::gifts::GiftSettings> =
    std::sync::LazyLock::new(Default::default);

#[test]
fn only_what_is_still_owed_is_listed_earliest_first() {
    let fx = fixture();
    let due = all(&no_registers(), &fx.ctx());
    let keys: Vec<&str> = due.iter().map(|x| x.key.as_str()).collect();
    // Ann's term began 2 November: 28 days with day 1 counted, so due 29 November (R-M3).
    // Dev started 16 November, not briefed: due after the profile's working days (R-O2).
    // Bob notified and Clara was briefed: nothing owed.
    assert_eq!(
        keys.len(),
        2,
        "Ann's DPI and Dev's briefing, nothing for Bob or Clara: {keys:?}"
    );
    assert!(keys.contains(&"dpi-M-001-2026-11-29"), "{keys:?}");
    assert!(keys.contains(&"briefing-O-002"), "{keys:?}");
    assert!(
        due.windows(2).all(|w| w[0].first <= w[1].first),
        "not earliest first: {due:?}"
    );
    let dpi = due
        .iter()
        .find(|x| x.key.starts_with("dpi-"))
        .map(|x| (x.first, x.cite.rule.as_str(), x.overdue));
    assert_eq!(dpi, Some((d(2026, 11, 29), "R-M3", false)));
}

#[test]
fn titles_carry_references_and_names_only_when_asked() {
    let fx = fixture();
    let due = all(&no_registers(), &fx.ctx());
    for x in &due {
        for name in ["Ann Owed", "Dev Waiting"] {
            assert!(
                !x.summary(true).contains(name) && !x.key.contains(name),
                "{} names {name} when redacted: {}",
                x.key,
                x.summary(true)
            );
        }
    }
    let briefing = due
        .iter()
        .find(|x| x.key == "briefing-O-002")
        .map(|x| x.summary(false));
    assert_eq!(
        briefing.as_deref(),
        Some("O-002: protocol briefing — Dev Waiting")
    );
}

#[test]
fn a_subject_access_request_is_owed_until_answered_and_names_the_requester_only_unredacted() {
    use super::sar::{Sar, SarAction, SarInput};
    let fx = fixture();
    let ctx = fx.ctx();
    let input = SarInput {
        requester: "Ann Owed".into(),
        received_on: "2026-11-03".into(),
        what: "Every email that names me".into(),
    };
    let open = Sar::create(1, &input, &ctx).unwrap();
    let answered = Sar::create(2, &input, &ctx)
        .unwrap()
        .apply(
            SarAction::Answer {
                on: "2026-11-19".into(),
            },
            &ctx,
        )
        .unwrap()
        .sar;
    let sars = [open, answered];
    let registers = Registers {
        sars: &sars,
        ..no_registers()
    };
    let owed: Vec<_> = all(&registers, &ctx)
        .into_iter()
        .filter(|d| d.key.starts_with("sar-"))
        .collect();
    assert_eq!(owed.len(), 1, "{owed:?}");
    // Received Tuesday 3 November 2026: due Thursday 3 December 2026.
    assert_eq!(owed[0].first, d(2026, 12, 3));
    assert_eq!(owed[0].key, "sar-S-0001");
    assert_eq!(owed[0].cite.rule, "R-DP1");
    assert_eq!(owed[0].summary(true), "S-0001: subject access answer");
    assert!(owed[0].summary(false).contains("Ann Owed"));
    assert!(!owed[0].summary(false).contains("email"));
}

/// R-P5: each election's period is owed by name, the council's own and another body's alike, so
/// overlapping periods keep their names; the computed notice date only where the rule gives one.
#[test]
fn each_elections_period_is_listed_by_name() {
    use super::blackout::{Election, ElectionInput};
    let fx = fixture();
    let ctx = fx.ctx();
    let input = |kind: &str, wards: &str, notice: &str, name: &str| ElectionInput {
        kind: kind.into(),
        wards: wards.into(),
        poll: "2027-01-14".into(),
        notice: notice.into(),
        name: name.into(),
    };
    let elections = [
        Election::create(
            1,
            &input("county", "", "", "Northshire County Council"),
            ctx.today,
            &ctx.calendars.election,
        )
        .unwrap(),
        Election::create(
            2,
            &input("parliament", "", "2026-12-01", ""),
            ctx.today,
            &ctx.calendars.election,
        )
        .unwrap(),
        Election::create(
            3,
            &input("by-election", "Mill End", "", ""),
            ctx.today,
            &ctx.calendars.election,
        )
        .unwrap(),
    ];
    let registers = Registers {
        elections: &elections,
        ..no_registers()
    };
    let due = all(&registers, &ctx);
    let title = |key: &str| {
        due.iter()
            .find(|x| x.key == key)
            .map(|x| (x.title.clone(), x.cite.rule.clone()))
    };
    let (county, rule) = title("election-1-period").unwrap();
    assert!(
        county.contains("county election (Northshire County Council)"),
        "{county}"
    );
    assert_eq!(rule, "R-P5");
    let (parliament, _) = title("election-2-period").unwrap();
    assert!(
        parliament.contains("UK Parliament election"),
        "{parliament}"
    );
    let (by, rule) = title("election-3-period").unwrap();
    assert!(
        by.contains("by-election") && by.contains("Mill End"),
        "{by}"
    );
    assert_eq!(rule, "R-P1");
    // A latest notice date is owed for the county election and the by-election, not for the UK
    // Parliament election, whose notice the clerk recorded (R-P5).
    assert!(title("election-1-notice").is_some());
    assert!(title("election-2-notice").is_none());
    assert!(title("election-3-notice").is_some());
}

/// R-O4: an overdue protocol review and each procedure not recorded are owed, and go to the council.
#[test]
fn the_councils_documents_owe_their_review_and_any_missing_procedure() {
    use super::documents::{Adoption, CouncilDocuments};
    let fx = fixture();
    let ctx = fx.ctx();
    let docs = CouncilDocuments {
        protocol: Some(Adoption {
            on: d(2024, 3, 28),
            minute: "18/24".into(),
        }),
        grievance_procedure: Some(Adoption {
            on: d(2019, 5, 1),
            minute: String::new(),
        }),
        ..CouncilDocuments::default()
    };
    let registers = Registers {
        documents: Some(&docs),
        ..no_registers()
    };
    let owed: Vec<_> = all(&registers, &ctx)
        .into_iter()
        .filter(|d| d.record == DueRecord::Council)
        .collect();
    let keys: Vec<&str> = owed.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(
        keys,
        ["council-protocol-review", "council-disciplinary-procedure"]
    );
    assert_eq!(owed[0].first, d(2026, 3, 28), "two years after adoption");
    assert!(owed.iter().all(|d| d.overdue && d.is_due_soon(ctx.today)));
    assert!(owed.iter().all(|d| d.cite.rule == "R-O4"));

    // Reviewed in time and both procedures adopted: the review is listed ahead, nothing overdue.
    let current = CouncilDocuments {
        review_by: Some(d(2028, 3, 28)),
        disciplinary_procedure: docs.grievance_procedure.clone(),
        ..docs
    };
    let registers = Registers {
        documents: Some(&current),
        ..no_registers()
    };
    let owed: Vec<_> = all(&registers, &ctx)
        .into_iter()
        .filter(|d| d.record == DueRecord::Council)
        .collect();
    assert_eq!(owed.len(), 1);
    assert!(!owed[0].overdue && !owed[0].is_due_soon(ctx.today));
}

/// R-D5: an entry worth registering and not notified is due by its day (overdue once past it);
/// one under the threshold, or notified, owes nothing.
#[test]
fn gifts_still_to_be_notified_are_due() {
    use crate::domain::gifts::{Gift, GiftInput};
    let fx = fixture();
    let ctx = fx.ctx();
    let settings = crate::domain::gifts::GiftSettings::default();
    let gift = |id: u32, value: &str, received: &str, notified: &str| {
        let input = GiftInput {
            recipient: "M-001".into(),
            offer: "received".into(),
            giver: "Show Society".into(),
            description: "Dinner".into(),
            value: value.into(),
            received_on: received.into(),
            notified_on: notified.into(),
        };
        Gift::create(id, &input, &settings, &ctx).unwrap()
    };
    let gifts = [
        gift(1, "90", "2026-10-01", ""),
        gift(2, "90", "2026-11-10", ""),
        gift(3, "5", "2026-10-01", ""),
        gift(4, "90", "2026-10-01", "2026-10-05"),
    ];
    let registers = Registers {
        gifts: &gifts,
        gift_settings: &settings,
        ..no_registers()
    };
    let due: Vec<_> = all(&registers, &ctx)
        .into_iter()
        .filter(|x| x.key.starts_with("gift-"))
        .collect();
    let keys: Vec<(&str, bool)> = due.iter().map(|x| (x.key.as_str(), x.overdue)).collect();
    assert_eq!(keys, [("gift-H-0001", true), ("gift-H-0002", false)]);
    assert_eq!(due[0].first, gifts[0].notify_by(&settings, &ctx));
    assert_eq!(due[0].cite.rule, "R-D5");
    assert_eq!(due[0].names.as_deref(), Some("Ann Owed"));
    assert!(!due[0].title.contains("Ann"), "{}", due[0].title);
    assert_eq!(due[0].record, super::due::DueRecord::Gift("H-0001".into()));
}

/// R-D6: a granted dispensation is due on the day it expires; one past that day and not recorded
/// as expired is overdue; a request not yet decided owes nothing here.
#[test]
fn dispensations_are_due_on_their_expiry() {
    use crate::domain::dispensations::{Dispensation, DispensationAction, DispensationInput};
    let fx = fixture();
    let ctx = fx.ctx();
    let request = |id: u32| {
        let input = DispensationInput {
            member: "M-002".into(),
            business: "The hall lease".into(),
            requested_on: "2026-10-01".into(),
        };
        Dispensation::create(id, &input, &ctx).unwrap()
    };
    let grant = |d: Dispensation, until: &str| {
        d.apply(
            DispensationAction::Grant {
                on: "2026-10-10".into(),
                ground: "residents".into(),
                by: "council".into(),
                body: String::new(),
                minute: "FC 26/1".into(),
                until: until.into(),
            },
            &ctx,
        )
        .unwrap()
        .dispensation
    };
    let dispensations = [
        grant(request(1), "2026-11-25"),
        grant(request(2), "2026-11-15"),
        request(3),
    ];
    let registers = Registers {
        dispensations: &dispensations,
        ..no_registers()
    };
    let due: Vec<_> = all(&registers, &ctx)
        .into_iter()
        .filter(|x| x.key.starts_with("dispensation-"))
        .collect();
    let got: Vec<(&str, chrono::NaiveDate, bool)> = due
        .iter()
        .map(|x| (x.key.as_str(), x.first, x.overdue))
        .collect();
    assert_eq!(
        got,
        [
            ("dispensation-D-0002", d(2026, 11, 15), true),
            ("dispensation-D-0001", d(2026, 11, 25), false),
        ]
    );
    assert!(due[0].title.contains("record it"), "{}", due[0].title);
    assert_eq!(due[1].cite.rule, "R-D6");
    assert_eq!(due[1].names.as_deref(), Some("Cllr Bob Done"));
}

/// R-DP2: a record kept past its period is due for review, by reference only, and overdue.
#[test]
fn records_past_their_retention_period_are_due_for_review() {
    use crate::domain::retention::{Kind, Period, Review};
    let fx = fixture();
    let reviews = [Review {
        kind: Kind::Sar,
        reference: "S-0009".into(),
        ended_on: d(2019, 1, 7),
        due_on: d(2025, 1, 7),
        period: Period {
            kind: Kind::Sar,
            label: "subject access requests".into(),
            years: 6,
            after: "answer".into(),
            basis: "test".into(),
        },
    }];
    let registers = Registers {
        retention: &reviews,
        ..no_registers()
    };
    let due = all(&registers, &fx.ctx());
    let r = due.iter().find(|x| x.key == "retention-S-0009").unwrap();
    assert!(r.overdue);
    assert!(r.is_due_soon(fx.today));
    assert_eq!(r.first, d(2025, 1, 7));
    assert_eq!(r.cite.rule, "R-DP2");
    assert_eq!(r.names, None, "a review names nobody");
    assert!(r.note.contains("6 years"), "{}", r.note);
    assert_eq!(
        r.record,
        super::due::DueRecord::Retention {
            kind: Kind::Sar,
            reference: "S-0009".into()
        }
    );
}
