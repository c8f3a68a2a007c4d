//! Members' requests for information (R-I1..R-I5).

use super::testutil::{fixture, invalid, refusal};
use super::*;
use crate::domain::calendar::Calendars;
use crate::domain::ids::MemberId;
use crate::domain::machine::Machine as _;
use crate::domain::member::{Member, MemberInput};
use crate::domain::rules::Cite;
use crate::domain::testkit::{d, Fixture};

type K = InfoActionKind;

fn with_members() -> Fixture {
    let (mut fx, _) = fixture("banbury");
    for (i, name) in ["Ann Lee", "Bob Cole"].into_iter().enumerate() {
        let input = MemberInput {
            name: name.into(),
            ward: "North".into(),
            group: "Green".into(),
            term_start: "2024-05-06".into(),
            ..Default::default()
        };
        let m = Member::create(MemberId(i as u32 + 1), &input, &fx.ctx()).unwrap();
        fx.members.push(m);
    }
    fx
}

fn input() -> InfoRequestInput {
    InfoRequestInput {
        member: "M-001".into(),
        what: "The contract file for grass cutting".into(),
        received_on: "2026-05-01".into(),
        ..Default::default()
    }
}

fn received(fx: &Fixture, input: &InfoRequestInput) -> InfoRequest {
    InfoRequest::create(4, input, &fx.ctx()).unwrap()
}

fn assess(basis: &str, reason: &str, personal: &str) -> InfoAction {
    InfoAction::Assess {
        on: "2026-05-05".into(),
        basis: basis.into(),
        reason: reason.into(),
        personal_data: personal.into(),
    }
}

fn view(public: &str) -> InfoAction {
    InfoAction::GrantToView {
        on: "2026-05-07".into(),
        public_domain: public.into(),
    }
}

fn copies(public: &str, restricted: &str) -> InfoAction {
    InfoAction::GrantWithCopies {
        on: "2026-05-07".into(),
        public_domain: public.into(),
        restricted_papers: restricted.into(),
    }
}

fn refuse(rule: &str) -> InfoAction {
    InfoAction::Refuse {
        on: "2026-05-07".into(),
        reason: "curiosity, not a need".into(),
        rule: rule.into(),
    }
}

fn close() -> InfoAction {
    InfoAction::Close {
        on: "2026-05-08".into(),
    }
}

fn step(r: &InfoRequest, action: InfoAction, fx: &Fixture) -> InfoRequest {
    r.apply(action, &fx.ctx()).unwrap().request
}

fn closes(r: &InfoRequest, fx: &Fixture) {
    let done = step(r, close(), fx);
    assert_eq!(
        (done.state, done.closed_on),
        (InfoState::Closed, Some(d(2026, 5, 8)))
    );
    assert!(done.available(&fx.ctx()).is_empty());
}

#[test]
fn every_route_to_closed() {
    let fx = with_members();
    let r = received(&fx, &input());
    assert_eq!(r.reference, "RQ-2026-004");
    assert_eq!(r.available(&fx.ctx()), [K::Assess]);

    // Statutory, to view.
    let a = step(&r, assess("statutory", "", "no"), &fx);
    assert_eq!(a.state, InfoState::Assessed);
    assert_eq!(
        a.available(&fx.ctx()),
        [K::GrantToView, K::GrantWithCopies, K::Refuse]
    );
    let v = step(&a, view("no"), &fx);
    assert_eq!(
        (v.state, v.outcome.clone()),
        (InfoState::GrantedToView, Some(InfoOutcome::View))
    );
    closes(&v, &fx);

    // Need to know, with copies.
    let a = step(
        &r,
        assess("need to know", "ward casework on the contract", "no"),
        &fx,
    );
    let c = step(&a, copies("no", "yes"), &fx);
    assert_eq!(c.state, InfoState::GrantedWithCopies);
    closes(&c, &fx);

    // FOI, refused with the rule.
    let a = step(&r, assess("FOI", "", ""), &fx);
    let ev = a.apply(refuse("r-i1"), &fx.ctx()).unwrap();
    assert_eq!(ev.cite, Some(Cite::new("R-I1", "LLTC App A, BOR §4.1")));
    assert_eq!(ev.request.state, InfoState::Refused);
    closes(&ev.request, &fx);

    // Personal data: consent, then a grant; or refused while waiting.
    let waiting = step(&r, assess("statutory", "", "yes"), &fx);
    assert_eq!(waiting.state, InfoState::AwaitingConsent);
    assert_eq!(waiting.available(&fx.ctx()), [K::RecordConsent, K::Refuse]);
    let consented = step(
        &waiting,
        InfoAction::RecordConsent {
            on: "2026-05-06".into(),
        },
        &fx,
    );
    assert_eq!(
        (consented.state, consented.consent_on),
        (InfoState::Assessed, Some(d(2026, 5, 6)))
    );
    closes(&step(&consented, view(""), &fx), &fx);
    let refused = step(&waiting, refuse("R-I2"), &fx);
    assert_eq!(
        refused.outcome,
        Some(InfoOutcome::Refused {
            reason: "curiosity, not a need".into(),
            cite: Cite::new("R-I2", "BOR §4.1")
        })
    );
    closes(&refused, &fx);

    // Consent already in hand with the request: no waiting.
    let with_consent = received(
        &fx,
        &InfoRequestInput {
            consent_on: "2026-05-01".into(),
            ..input()
        },
    );
    assert_eq!(
        step(&with_consent, assess("statutory", "", "yes"), &fx).state,
        InfoState::Assessed
    );
}

#[test]
fn need_to_know_needs_a_stated_reason() {
    let fx = with_members();
    let r = received(&fx, &input());
    let refused = refusal(r.apply(assess("need-to-know", " ", "no"), &fx.ctx()));
    assert_eq!(refused.cite, Cite::new("R-I1", "LLTC App A, BOR §4.1"));
    assert!(refused.reason.contains("curiosity"));
    assert_eq!(
        invalid(r.apply(assess("gossip", "", "maybe"), &fx.ctx())),
        ["basis", "personal data"]
    );
}

#[test]
fn for_a_constituent_only_public_domain_information() {
    let fx = with_members();
    let r = received(
        &fx,
        &InfoRequestInput {
            on_behalf_of: "Mrs Jane Doe".into(),
            ..input()
        },
    );
    let ev = r
        .apply(
            assess("need to know", "constituent's planning query", "no"),
            &fx.ctx(),
        )
        .unwrap();
    assert!(ev.request.public_domain_only);
    assert!(ev.note.unwrap().contains("public domain only (R-I3)"));
    let a = ev.request;
    let refused = refusal(a.apply(copies("no", "no"), &fx.ctx()));
    assert_eq!(refused.cite, Cite::new("R-I3", "LLTC App A"));
    assert!(refused.reason.contains("Mrs Jane Doe"));
    assert_eq!(refusal(a.apply(view("no"), &fx.ctx())).cite.rule, "R-I3");
    assert_eq!(
        step(&a, copies("yes", "no"), &fx).state,
        InfoState::GrantedWithCopies
    );
}

#[test]
fn statutory_basis_gives_no_copies_of_contractual_or_legal_papers() {
    let fx = with_members();
    let a = step(&received(&fx, &input()), assess("statutory", "", "no"), &fx);
    let refused = refusal(a.apply(copies("", "yes"), &fx.ctx()));
    assert_eq!(refused.cite, Cite::new("R-I1", "LLTC App A, BOR §4.1"));
    assert!(refused.reason.contains("legal-advice"));
    assert_eq!(
        step(&a, copies("", "no"), &fx).state,
        InfoState::GrantedWithCopies
    );
    assert_eq!(step(&a, view(""), &fx).state, InfoState::GrantedToView);
}

#[test]
fn consent_cannot_predate_the_request() {
    let fx = with_members();
    let waiting = step(
        &received(&fx, &input()),
        assess("statutory", "", "yes"),
        &fx,
    );
    let refused = refusal(waiting.apply(
        InfoAction::RecordConsent {
            on: "2026-04-30".into(),
        },
        &fx.ctx(),
    ));
    assert_eq!(refused.cite, Cite::new("R-I2", "BOR §4.1"));
    assert_eq!(
        invalid(waiting.apply(
            InfoAction::RecordConsent {
                on: "2026-06-02".into()
            },
            &fx.ctx()
        )),
        ["consent on"]
    );
    let early = InfoRequestInput {
        consent_on: "2026-04-30".into(),
        ..input()
    };
    assert_eq!(
        invalid(InfoRequest::create(4, &early, &fx.ctx())),
        ["consent on"]
    );
    assert_eq!(
        refusal(waiting.apply(view(""), &fx.ctx())).cite.rule,
        "R-I2"
    );
}

#[test]
fn foi_deadline_runs_across_easter() {
    // Received Thursday 2 April 2026. Counting by hand the working days after receipt (FOI Act 2000
    // s10: the day of receipt does not count): Fri 3 Apr is Good Friday, 4-5 the weekend, Mon 6 Apr
    // Easter Monday: none count. Tue 7-Fri 10 = 4; 13-17 Apr = 9; 20-24 Apr = 14; Mon 27-Thu 30 Apr =
    // 18; Fri 1 May = 19; Mon 4 May = 20. So with only Easter Monday in the calendar the answer is due
    // on Monday 4 May, not Friday 1 May (that is the 19th working day). In the real calendar Monday
    // 4 May 2026 is the Early May bank holiday, which moves it to Tuesday 5 May.
    let mut fx = with_members();
    fx.calendars = Calendars::with_holidays([d(2026, 4, 6)]);
    fx.today = d(2026, 4, 2);
    let r = received(
        &fx,
        &InfoRequestInput {
            received_on: "02/04/2026".into(),
            ..input()
        },
    );
    // Before the basis is chosen the enquiry target applies (R-I5): 10 working days, Tue 7-Fri 10
    // Apr = 4, 13-17 Apr = 9, Mon 20 Apr = 10.
    assert_eq!(r.due(&fx.ctx()), d(2026, 4, 20));
    assert_eq!(r.due_cite(), Cite::new("R-I5", "CAV §3.1d"));
    let foi = step(
        &r,
        InfoAction::Assess {
            on: "2026-04-02".into(),
            basis: "foi".into(),
            reason: "".into(),
            personal_data: "".into(),
        },
        &fx,
    );
    assert_eq!(
        fx.calendars
            .foi
            .working_days_between(d(2026, 4, 2), d(2026, 5, 1)),
        19
    );
    assert_eq!(foi.due(&fx.ctx()), d(2026, 5, 4));
    assert_eq!(foi.due_cite(), Cite::new("R-I1", "FOI Act 2000 s10"));
    fx.today = d(2026, 5, 4);
    assert!(!foi.is_overdue(&fx.ctx()));
    fx.today = d(2026, 5, 5);
    assert!(foi.is_overdue(&fx.ctx()));
    // With the Early May bank holiday in the calendar too.
    fx.calendars = Calendars::with_holidays([d(2026, 4, 6), d(2026, 5, 4)]);
    assert_eq!(foi.due(&fx.ctx()), d(2026, 5, 5));
    assert!(!foi.is_overdue(&fx.ctx()));
    // Answered late: no longer overdue, and the lateness is noted.
    fx.today = d(2026, 5, 7);
    let ev = foi
        .apply(
            InfoAction::GrantToView {
                on: "2026-05-07".into(),
                public_domain: "".into(),
            },
            &fx.ctx(),
        )
        .unwrap();
    assert!(ev.note.unwrap().contains("R-I1 — FOI Act 2000 s10"));
    assert!(!ev.request.is_overdue(&fx.ctx()));
}

#[test]
fn interests_and_keeping_answers_from_other_members_are_recorded() {
    let fx = with_members();
    let r = received(
        &fx,
        &InfoRequestInput {
            declared_interest: "owns land next to the site".into(),
            keep_from_other_members: "yes".into(),
            ..input()
        },
    );
    assert_eq!(r.disclosure_needed(), Some("owns land next to the site"));
    assert!(r.keep_from_other_members);
    assert_eq!(received(&fx, &input()).disclosure_needed(), None);
    let v = r
        .apply(assess("statutory", "", ""), &fx.ctx())
        .unwrap()
        .request;
    let ev = v.apply(view(""), &fx.ctx()).unwrap();
    assert!(ev.note.unwrap().contains("R-I4"));
}

#[test]
fn create_reports_every_bad_field() {
    let fx = with_members();
    let bad = InfoRequestInput {
        member: "M-009".into(),
        what: "".into(),
        on_behalf_of: "a\u{1b}b".into(),
        declared_interest: "".into(),
        received_on: "2026-06-02".into(),
        keep_from_other_members: "perhaps".into(),
        consent_on: "".into(),
    };
    assert_eq!(
        invalid(InfoRequest::create(1, &bad, &fx.ctx())),
        [
            "member",
            "what",
            "on behalf of",
            "received on",
            "keep from other members"
        ]
    );
    let by_name = received(
        &fx,
        &InfoRequestInput {
            member: "bob cole".into(),
            ..input()
        },
    );
    assert_eq!(by_name.member, MemberId(2));
    // Not serving when the request came in.
    let before = InfoRequestInput {
        received_on: "2024-05-01".into(),
        ..input()
    };
    assert_eq!(
        invalid(InfoRequest::create(1, &before, &fx.ctx())),
        ["member"]
    );
    let a = step(&received(&fx, &input()), assess("statutory", "", ""), &fx);
    assert_eq!(invalid(a.apply(refuse("R-X9"), &fx.ctx())), ["rule"]);
}

#[test]
fn every_action_outside_available_is_refused_in_every_state() {
    let mut fx = with_members();
    fx.council
        .set_monitoring_officer("Priya Natarajan", "", "", "")
        .unwrap();
    let r = received(&fx, &input());
    let assessed = step(&r, assess("statutory", "", "no"), &fx);
    let waiting = step(&r, assess("statutory", "", "yes"), &fx);
    let consented = step(
        &waiting,
        InfoAction::RecordConsent {
            on: "2026-05-06".into(),
        },
        &fx,
    );
    let viewed = step(&assessed, view(""), &fx);
    let copied = step(&assessed, copies("", ""), &fx);
    let refused = step(&assessed, refuse("R-I1"), &fx);
    let closed = step(&refused, close(), &fx);
    let referred = step(&refused, refer("disputed"), &fx);
    for req in [
        &r, &assessed, &waiting, &consented, &viewed, &copied, &refused, &closed, &referred,
    ] {
        for kind in K::ALL {
            let action = match kind {
                K::Assess => assess("statutory", "", "no"),
                K::RecordConsent => InfoAction::RecordConsent {
                    on: "2026-05-06".into(),
                },
                K::GrantToView => view(""),
                K::GrantWithCopies => copies("", ""),
                K::Refuse => refuse("R-I1"),
                K::Close => close(),
                K::ReferToMo => refer("the need to know is disputed"),
            };
            let result = req.apply(action, &fx.ctx());
            if req.available(&fx.ctx()).contains(&kind) {
                assert!(result.is_ok(), "{kind:?} in {:?}: {result:?}", req.state);
            } else {
                let refused = refusal(result);
                assert!(refused.cite.rule.starts_with("R-I"), "{refused}");
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

#[test]
fn an_foi_answer_counts_on_the_foi_calendar_and_an_enquiry_on_the_councils() {
    use crate::domain::calendar::{CalendarKind, WorkingCalendar};
    // St Patrick's Day (Tue 17 Mar 2026) is a bank holiday in Northern Ireland: a working day for
    // the council, not for FOI (R-I1, FOI Act 2000 s10(6)).
    let mut fx = with_members();
    fx.calendars = Calendars {
        election: WorkingCalendar::of_kind(CalendarKind::Election, []),
        foi: WorkingCalendar::of_kind(CalendarKind::Foi, [d(2026, 3, 17)]),
        council: WorkingCalendar::of_kind(CalendarKind::Council, []),
    };
    fx.today = d(2026, 3, 2);
    let r = received(
        &fx,
        &InfoRequestInput {
            received_on: "2026-03-02".into(),
            ..input()
        },
    );
    // R-I5 on the council calendar: 3-6 Mar (4), 9-13 (9), Mon 16 (10).
    assert_eq!(r.due_calendar(), CalendarKind::Council);
    assert_eq!(r.due(&fx.ctx()), d(2026, 3, 16));
    let foi = step(
        &r,
        InfoAction::Assess {
            on: "2026-03-02".into(),
            basis: "foi".into(),
            reason: "".into(),
            personal_data: "".into(),
        },
        &fx,
    );
    // FOI: 3-6 (4), 9-13 (9), 16 (10), 17 no, 18-20 (13), 23-27 (18), 30 (19), Tue 31 (20).
    assert_eq!(foi.due_calendar(), CalendarKind::Foi);
    assert_eq!(foi.due(&fx.ctx()), d(2026, 3, 31));
    assert_eq!(foi.due_warning(&fx.ctx()), None);
}

#[test]
fn a_closure_day_moves_an_enquiry_but_never_an_foi_answer() {
    use crate::domain::calendar::{CalendarKind, WorkingCalendar};
    // The council's office is closed on Tue 10 Mar 2026: an R-I5 enquiry (council calendar) is due
    // a day later; an FOI answer (R-I1, the law's calendar) is not moved by it.
    let mut fx = with_members();
    fx.calendars.council =
        WorkingCalendar::of_kind(CalendarKind::Council, []).with_extra_days([d(2026, 3, 10)]);
    fx.today = d(2026, 3, 2);
    let r = received(
        &fx,
        &InfoRequestInput {
            received_on: "2026-03-02".into(),
            ..input()
        },
    );
    // 3-6 (4), 9 (5), 10 closed, 11-13 (8), 16-17 (10).
    assert_eq!(r.due(&fx.ctx()), d(2026, 3, 17));
    let foi = step(
        &r,
        InfoAction::Assess {
            on: "2026-03-02".into(),
            basis: "foi".into(),
            reason: "".into(),
            personal_data: "".into(),
        },
        &fx,
    );
    // FOI: 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19), Mon 30 (20).
    assert_eq!(foi.due(&fx.ctx()), d(2026, 3, 30));
}

#[test]
fn under_the_borough_model_advice_is_kept_private_whatever_was_asked() {
    // R-I4 (BOR §2.4): kept from other members on request (LLTC App A general §3), and always
    // where the profile says so.
    let mut fx = with_members();
    let asked = |keep: &str, fx: &Fixture| {
        received(
            fx,
            &InfoRequestInput {
                keep_from_other_members: keep.into(),
                ..input()
            },
        )
        .keep_from_other_members
    };
    assert!(!asked("no", &fx));
    assert!(asked("yes", &fx));
    fx.profile.advice_kept_private = true;
    assert!(asked("no", &fx));
    assert!(
        crate::assets::profile("borough")
            .unwrap()
            .advice_kept_private
    );
    assert!(
        !crate::assets::profile("banbury")
            .unwrap()
            .advice_kept_private
    );
}

fn refer(note: &str) -> InfoAction {
    InfoAction::ReferToMo {
        on: "2026-05-08".into(),
        note: note.into(),
    }
}

/// R-I1 (BOR §4.2): a refused request the member disputes goes to the Monitoring Officer,
/// recorded with the date and what is disputed; only a refused one; never without the Monitoring
/// Officer's contact (R-O3); then it is closed.
#[test]
fn a_disputed_refusal_goes_to_the_monitoring_officer_recorded() {
    let mut fx = with_members();
    let r = received(&fx, &input());
    let assessed = step(&r, assess("statutory", "", "no"), &fx);
    // Not yet refused: nothing to dispute.
    let not_yet = refusal(assessed.apply(refer("x"), &fx.ctx()));
    assert_eq!(not_yet.cite.to_string(), "R-I1 — BOR §4.2");
    assert!(
        not_yet.reason.contains("only a refused request"),
        "{not_yet}"
    );
    let refused = step(&assessed, refuse("R-I1"), &fx);
    assert!(refused
        .available(&fx.ctx())
        .contains(&InfoActionKind::ReferToMo));
    // No Monitoring Officer recorded (R-O3): refused, naming what to do.
    let no_mo = refusal(refused.apply(refer("the need to know"), &fx.ctx()));
    assert!(no_mo.reason.contains("R-O3"), "{no_mo}");
    fx.council
        .set_monitoring_officer("Priya Natarajan", "", "", "")
        .unwrap();
    // What is disputed must be said.
    let errors = invalid(refused.apply(refer("  "), &fx.ctx()));
    assert_eq!(errors, ["note"]);
    let ev = refused.apply(refer("the need to know"), &fx.ctx()).unwrap();
    assert_eq!(ev.cite.unwrap().to_string(), "R-I1 — BOR §4.2");
    let note = ev.note.unwrap();
    assert!(
        note.starts_with("referred to Priya Natarajan on ") && note.ends_with("the need to know"),
        "{note}"
    );
    let referred = ev.request;
    assert_eq!(referred.state, InfoState::ReferredToMonitoringOfficer);
    assert_eq!(referred.available(&fx.ctx()), vec![InfoActionKind::Close]);
    let again = refusal(referred.apply(refer("again"), &fx.ctx()));
    assert!(
        again.reason.contains("with the Monitoring Officer"),
        "{again}"
    );
    assert_eq!(step(&referred, close(), &fx).state, InfoState::Closed);
}
