//! Tests for the list of everything due (the source of `clerkdesk calendar`).

use super::due::{all, Registers};
use super::ids::{MemberId, OfficerId};
use super::member::{JoinedBy, Member};
use super::officer::{Employment, LineManager, Officer, Post};
use super::testkit::{d, Fixture};

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

const NO_REGISTERS: Registers<'static> = Registers {
    cases: &[],
    disclosures: &[],
    elections: &[],
    info_requests: &[],
    sars: &[],
};

#[test]
fn only_what_is_still_owed_is_listed_earliest_first() {
    let fx = fixture();
    let due = all(&NO_REGISTERS, &fx.ctx());
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
    let due = all(&NO_REGISTERS, &fx.ctx());
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
        ..NO_REGISTERS
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
        ..NO_REGISTERS
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
