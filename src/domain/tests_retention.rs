//! Retention and disposal (R-DP2): what is due and what is refused, worked by hand; what
//! anonymisation keeps and what it takes away.

use chrono::NaiveDate;

use super::*;
use crate::domain::audit::{AuditEvent, Change, Subject};
use crate::domain::ids::MemberId;
use crate::domain::requests::{Basis, InfoOutcome, InfoRequest, InfoState};
use crate::domain::sar::{Requester, Sar, SarState};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn schedule() -> Schedule {
    let period = |kind, years, after: &str| Period {
        kind,
        label: kind_label(kind),
        years,
        after: after.into(),
        basis: "test".into(),
    };
    Schedule {
        source: "a published schedule".into(),
        periods: vec![
            period(Kind::Grievance, 6, "closure"),
            period(Kind::Sar, 1, "answer"),
            period(Kind::InfoRequest, 1, "answer"),
        ],
    }
}

fn kind_label(kind: Kind) -> String {
    kind.key().to_string()
}

fn sar(answered_on: Option<NaiveDate>) -> Sar {
    Sar {
        id: 3,
        requester: Requester::Other("Cressida Vantablack".into()),
        received_on: d(2024, 2, 1),
        what: "Letters about Cressida Vantablack".into(),
        identity_on: None,
        extended: Some((d(2024, 2, 10), "Numerous files".into())),
        answered_on,
        state: if answered_on.is_some() {
            SarState::Answered
        } else {
            SarState::Extended
        },
    }
}

fn info() -> InfoRequest {
    InfoRequest {
        id: 4,
        reference: "RQ-2024-004".into(),
        member: MemberId(2),
        what: "The hedge complaint file".into(),
        on_behalf_of: Some("Ivo Thrushcross".into()),
        declared_interest: None,
        received_on: d(2024, 2, 1),
        keep_from_other_members: false,
        basis: Some(Basis::NeedToKnow),
        need_reason: Some("Ivo asked me to look".into()),
        public_domain_only: false,
        assessed_on: Some(d(2024, 2, 2)),
        personal_data: true,
        consent_on: None,
        outcome: Some(InfoOutcome::Refused {
            reason: "Ivo Thrushcross's neighbour did not consent".into(),
            cite: Cite::new("R-I2", "x"),
        }),
        answered_on: Some(d(2024, 2, 29)),
        closed_on: None,
        state: InfoState::Refused,
    }
}

fn review_on(record: Record, today: NaiveDate) -> Result<Review, Refusal> {
    review(
        record,
        &schedule(),
        &RetentionSettings::default(),
        &[],
        today,
    )
}

#[test]
fn an_ended_record_is_due_the_day_its_period_runs_out() {
    let s = sar(Some(d(2024, 3, 20)));
    let refused = review_on(Record::Sar(&s), d(2025, 3, 19)).unwrap_err();
    assert_eq!(refused.cite.rule, "R-DP2");
    assert!(
        refused.reason.contains("kept until 2025-03-20"),
        "{}",
        refused.reason
    );
    let due = review_on(Record::Sar(&s), d(2025, 3, 20)).unwrap();
    assert_eq!((due.ended_on, due.due_on), (d(2024, 3, 20), d(2025, 3, 20)));
    assert_eq!(due.reference, "S-0003");
}

#[test]
fn a_year_from_29_february_runs_to_28_february() {
    // Answered on 29 February 2024: kept until 28 February 2025.
    let r = info();
    let due = review_on(Record::Info(&r), d(2025, 2, 28)).unwrap();
    assert_eq!(due.due_on, d(2025, 2, 28));
    assert!(review_on(Record::Info(&r), d(2025, 2, 27)).is_err());
    assert_eq!(years_after(d(2024, 2, 29), 4), d(2028, 2, 29));
}

#[test]
fn an_open_record_is_refused_whatever_its_age() {
    let s = sar(None);
    let refused = review_on(Record::Sar(&s), d(2040, 1, 1)).unwrap_err();
    assert_eq!(refused.cite.rule, "R-DP2");
    assert!(refused.reason.contains("still open"), "{}", refused.reason);
}

#[test]
fn a_record_disposed_of_is_not_due_again_and_a_kind_without_a_period_is_kept() {
    let s = sar(Some(d(2024, 3, 20)));
    let entry = Disposal {
        id: 1,
        kind: Kind::Sar,
        reference: "S-0003".into(),
        ended_on: d(2024, 3, 20),
        at: d(2025, 4, 1).and_hms_opt(10, 0, 0).unwrap(),
        by: "Clerk".into(),
        years: 1,
        cite: cite(),
        events: 2,
    };
    let today = d(2026, 1, 1);
    let refused = review(
        Record::Sar(&s),
        &schedule(),
        &RetentionSettings::default(),
        std::slice::from_ref(&entry),
        today,
    )
    .unwrap_err();
    assert!(refused.reason.contains("disposed of on 2025-04-01"));
    assert!(due(
        [Record::Sar(&s)],
        &schedule(),
        &RetentionSettings::default(),
        &[entry],
        today
    )
    .is_empty());
    let mut no_sar = schedule();
    no_sar.periods.retain(|p| p.kind != Kind::Sar);
    let refused = review(
        Record::Sar(&s),
        &no_sar,
        &RetentionSettings::default(),
        &[],
        today,
    )
    .unwrap_err();
    assert!(refused.reason.contains("no period for sar"));
}

#[test]
fn the_council_s_own_period_wins() {
    let s = sar(Some(d(2024, 3, 20)));
    let mut settings = RetentionSettings::default();
    settings.years.insert("sar".into(), 3);
    let today = d(2026, 1, 1);
    assert!(review_on(Record::Sar(&s), today).is_ok());
    let refused = review(Record::Sar(&s), &schedule(), &settings, &[], today).unwrap_err();
    assert!(
        refused.reason.contains("kept until 2027-03-20"),
        "{}",
        refused.reason
    );
    let p = schedule().period(Kind::Sar, &settings).unwrap();
    assert_eq!(p.years, 3);
    assert!(p.basis.contains("set by the council"));
}

#[test]
fn anonymising_takes_the_personal_text_and_keeps_dates_and_state() {
    let s = sar(Some(d(2024, 3, 20)));
    let a = anonymise_sar(&s);
    assert_eq!(a.requester, Requester::Other(DISPOSED.into()));
    assert_eq!(a.what, DISPOSED);
    assert_eq!(a.extended, Some((d(2024, 2, 10), DISPOSED.into())));
    assert_eq!(
        (a.id, a.received_on, a.answered_on, a.state),
        (s.id, s.received_on, s.answered_on, s.state)
    );
    let r = info();
    let a = anonymise_info(&r);
    assert_eq!(a.on_behalf_of.as_deref(), Some(DISPOSED));
    assert_eq!(a.need_reason.as_deref(), Some(DISPOSED));
    assert_eq!(a.declared_interest, None, "nothing there stays nothing");
    match &a.outcome {
        Some(InfoOutcome::Refused { reason, cite }) => {
            assert_eq!(reason, DISPOSED);
            assert_eq!(cite.rule, "R-I2", "the rule stays");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        (a.member, a.state, a.answered_on),
        (r.member, r.state, r.answered_on)
    );
    let text = format!("{a:?}");
    assert!(!text.contains("Ivo") && !text.contains("hedge"), "{text}");
}

fn event(subject: &str, note: &str) -> AuditEvent {
    AuditEvent {
        seq: 7,
        at: d(2024, 3, 20).and_hms_opt(9, 30, 0).unwrap(),
        actor: "Clerk".into(),
        subject: Subject(subject.into()),
        action: "received".into(),
        changes: vec![
            Change {
                field: "requester".into(),
                before: String::new(),
                after: "Cressida Vantablack".into(),
            },
            Change {
                field: "what".into(),
                before: String::new(),
                after: "Letters about Cressida Vantablack".into(),
            },
        ],
        note: Some(note.into()),
        cite: Some(Cite::new("R-DP1", "UK GDPR Art 12(3)")),
    }
}

#[test]
fn its_own_events_keep_their_date_action_fields_and_rule() {
    let e = event("subject access request S-0003", "from Cressida Vantablack");
    let a = anonymise_own_event(&e);
    assert_eq!(
        (a.seq, a.at, &a.actor, &a.subject, &a.action, &a.cite),
        (e.seq, e.at, &e.actor, &e.subject, &e.action, &e.cite)
    );
    let fields: Vec<&str> = a.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["requester", "what"]);
    assert!(a
        .changes
        .iter()
        .all(|c| c.before.is_empty() && c.after == DISPOSED));
    assert_eq!(a.note.as_deref(), Some(DISPOSED));
}

#[test]
fn another_record_s_event_loses_only_the_quoted_text() {
    let s = sar(Some(d(2024, 3, 20)));
    let personal = personal_text(Record::Sar(&s));
    assert!(personal.contains(&"Cressida Vantablack".to_string()));
    let e = event(
        "council",
        "a note naming Cressida Vantablack and the allotments",
    );
    let scrubbed = scrub_event(&e, &personal).expect("it quoted the name");
    assert_eq!(
        scrubbed.note.as_deref(),
        Some("a note naming [disposed] and the allotments")
    );
    assert_eq!(
        scrubbed.changes[1].after, "[disposed]",
        "the longer text goes whole"
    );
    let quiet = AuditEvent {
        changes: Vec::new(),
        note: Some("nothing about anyone".into()),
        ..e
    };
    assert_eq!(scrub_event(&quiet, &personal), None);
}

#[test]
fn short_phrases_stay_in_other_records_events_but_names_go() {
    let r = info();
    let personal = personal_text(Record::Info(&r));
    assert!(
        personal.contains(&"Ivo Thrushcross".to_string()),
        "{personal:?}"
    );
    let mut short = sar(Some(d(2024, 3, 20)));
    short.extended = Some((d(2024, 2, 10), "complex".into()));
    let personal = personal_text(Record::Sar(&short));
    assert!(!personal.contains(&"complex".to_string()), "{personal:?}");
    let e = event("council", "a complex matter");
    let e = AuditEvent {
        changes: Vec::new(),
        ..e
    };
    assert_eq!(scrub_event(&e, &personal), None);
}

fn interest(ended: Option<NaiveDate>) -> crate::domain::disclosure::Disclosure {
    use crate::domain::disclosure::{Declarant, DisclosureKind, DisclosureState};
    crate::domain::disclosure::Disclosure {
        id: 5,
        kind: DisclosureKind::OtherInterest,
        member: MemberId(6),
        officer: None,
        description: "Trustee of the Pennywhistle Lane allotments trust".into(),
        sensitive: false,
        declared_by: Declarant::Member,
        declared_on: d(2023, 5, 31),
        aware_on: None,
        notifications: Vec::new(),
        state: if ended.is_some() {
            DisclosureState::Ended
        } else {
            DisclosureState::Active
        },
        acknowledged_on: Some(d(2023, 6, 1)),
        active_from: Some(d(2023, 6, 1)),
        ended: ended.map(|on| (on, "stood down as trustee".to_string())),
        request_ref: None,
    }
}

fn registers() -> Schedule {
    let mut s = schedule();
    s.periods.push(Period {
        kind: Kind::Interest,
        label: "interest".into(),
        years: 6,
        after: "end".into(),
        basis: "test".into(),
    });
    s
}

#[test]
fn a_register_entry_counts_from_the_later_of_its_end_and_its_member_leaving() {
    let settings = RetentionSettings::default();
    let on = |record, today| review(record, &registers(), &settings, &[], today);
    // Still applies: kept, whatever the date (R-D4).
    let active = interest(None);
    let why = on(
        Record::Disclosure(&active, Some(d(2024, 1, 1))),
        d(2050, 1, 1),
    )
    .unwrap_err();
    assert!(why.reason.contains("still applies") && why.reason.contains("R-D4"));
    // Ended, but the member still serves: kept.
    let ended = interest(Some(d(2025, 4, 30)));
    let why = on(Record::Disclosure(&ended, None), d(2050, 1, 1)).unwrap_err();
    assert!(
        why.reason.contains("while its member serves"),
        "{}",
        why.reason
    );
    // The member left after the entry ended: six years from leaving.
    let left = Some(d(2026, 11, 20));
    assert!(on(Record::Disclosure(&ended, left), d(2032, 11, 19)).is_err());
    let due = on(Record::Disclosure(&ended, left), d(2032, 11, 20)).unwrap();
    assert_eq!(due.ended_on, d(2026, 11, 20));
    // Anonymised in place: the entry, its member, kind, dates and state stay.
    let a = anonymise_disclosure(&ended);
    assert_eq!(a.description, DISPOSED);
    assert_eq!(a.ended, Some((d(2025, 4, 30), DISPOSED.to_string())));
    assert_eq!(
        (a.id, a.member, a.state, a.declared_on),
        (ended.id, ended.member, ended.state, ended.declared_on)
    );
}

fn letter() -> crate::domain::correspondence::Letter {
    crate::domain::correspondence::Letter {
        id: 4,
        officer: crate::domain::ids::OfficerId(1),
        member: MemberId(2),
        on: d(2024, 1, 10),
        subject: "The drain outside Cressida Vantablack's gate".into(),
        ward_matter: true,
        copied: Vec::new(),
        not_copied: Some("Cllr Green asked that it go to nobody else".into()),
    }
}

/// A logged letter (R-C1) ends the day it was sent; its period counts from then, and disposal
/// takes what it was about and why nobody was copied, keeping who wrote to whom and when.
#[test]
fn a_letter_counts_from_the_day_it_was_sent_and_loses_its_text() {
    let l = letter();
    let schedule = Schedule {
        source: "a published schedule".into(),
        periods: vec![Period {
            kind: Kind::Correspondence,
            label: "letter".into(),
            years: 2,
            after: "sending".into(),
            basis: "test".into(),
        }],
    };
    let at = |today| {
        review(
            Record::Letter(&l),
            &schedule,
            &RetentionSettings::default(),
            &[],
            today,
        )
    };
    let refused = at(d(2026, 1, 9)).unwrap_err();
    assert!(
        refused.reason.contains("C-0004 is kept until 2026-01-10"),
        "{}",
        refused.reason
    );
    let due = at(d(2026, 1, 10)).unwrap();
    assert_eq!((due.kind, due.ended_on), (Kind::Correspondence, l.on));

    let after = anonymise_letter(&l);
    assert_eq!(after.subject, DISPOSED);
    assert_eq!(after.not_copied.as_deref(), Some(DISPOSED));
    assert_eq!(
        (after.officer, after.member, after.on, after.ward_matter),
        (l.officer, l.member, l.on, l.ward_matter)
    );
    let personal = personal_text(Record::Letter(&l));
    assert!(personal.contains(&l.subject), "{personal:?}");
}
