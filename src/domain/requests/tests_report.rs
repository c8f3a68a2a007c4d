//! Group reports (R-G1, R-G2, R-G4).

use crate::domain::machine::Machine as _;
use proptest::prelude::*;

use super::testutil::{fixture, invalid, refusal, MODELS};
use super::*;
use crate::domain::testkit::{d, Fixture};

fn input(group: &str) -> GroupReportInput {
    GroupReportInput {
        group: group.into(),
        subject: "Allotment rents 2027".into(),
        requested_on: "2026-05-01".into(),
    }
}

fn prepare(on: &str) -> ReportAction {
    ReportAction::Prepare {
        on: on.into(),
        states_facts: true,
        options_with_merits_and_demerits: true,
        no_political_implications: true,
        no_recommendation: true,
    }
}

fn tell(group: &str, on: &str) -> ReportAction {
    ReportAction::TellGroup {
        group: group.into(),
        on: on.into(),
    }
}

fn step(r: &GroupReport, action: ReportAction, fx: &Fixture) -> GroupReport {
    r.apply(action, &fx.ctx()).unwrap().report
}

fn requested(fx: &Fixture) -> GroupReport {
    GroupReport::create(1, &input("Green"), &fx.ctx()).unwrap()
}

#[test]
fn banbury_route_prepare_tell_each_group_complete_and_copies_any_time_after() {
    let (fx, [_, labour, tory]) = fixture("banbury");
    let r = requested(&fx);
    assert_eq!(r.available(&fx.ctx()), [ReportActionKind::Prepare]);
    let ev = r.apply(prepare("2026-05-05"), &fx.ctx()).unwrap();
    assert_eq!(ev.cite.unwrap().to_string(), "R-G1 — CAV §4.2b");
    let r = ev.report;
    assert_eq!(
        (r.state, r.checklist, r.prepared_on),
        (
            ReportState::Prepared,
            Some(d(2026, 5, 5)),
            Some(d(2026, 5, 5))
        )
    );
    assert_eq!(
        r.available(&fx.ctx()),
        [ReportActionKind::TellGroup, ReportActionKind::GiveCopy]
    );
    let r = step(&r, tell("Labour", "2026-05-06"), &fx);
    assert_eq!(r.state, ReportState::Prepared);
    let r = step(
        &r,
        ReportAction::GiveCopy {
            group: "Labour".into(),
            on: "2026-05-06".into(),
        },
        &fx,
    );
    let ev = r.apply(tell("G-03", "2026-05-07"), &fx.ctx()).unwrap();
    assert_eq!(ev.cite.unwrap().to_string(), "R-G2 — CAV §4.2c");
    let r = ev.report;
    assert_eq!(r.state, ReportState::OtherGroupsTold);
    assert_eq!(r.told, [(labour, d(2026, 5, 6)), (tory, d(2026, 5, 7))]);
    assert_eq!(
        r.available(&fx.ctx()),
        [ReportActionKind::GiveCopy, ReportActionKind::Complete]
    );
    let r = step(
        &r,
        ReportAction::Complete {
            on: "2026-05-08".into(),
        },
        &fx,
    );
    assert_eq!(
        (r.state, r.completed_on),
        (ReportState::Complete, Some(d(2026, 5, 8)))
    );
    let r = step(
        &r,
        ReportAction::GiveCopy {
            group: "Conservative".into(),
            on: "2026-05-20".into(),
        },
        &fx,
    );
    assert_eq!(
        r.copies_given,
        [(labour, d(2026, 5, 6)), (tory, d(2026, 5, 20))]
    );
    assert!(!r.facts_available_on_request);
}

#[test]
fn the_r_g1_checklist_must_be_confirmed_point_by_point() {
    let (fx, _) = fixture("banbury");
    let r = requested(&fx);
    let partial = ReportAction::Prepare {
        on: "2026-05-05".into(),
        states_facts: true,
        options_with_merits_and_demerits: false,
        no_political_implications: true,
        no_recommendation: false,
    };
    let refused = refusal(r.apply(partial, &fx.ctx()));
    assert_eq!(refused.cite.to_string(), "R-G1 — CAV §4.2b");
    assert!(
        refused.reason.contains("merits and demerits"),
        "{}",
        refused.reason
    );
    assert!(
        refused.reason.contains("no recommendation"),
        "{}",
        refused.reason
    );
    assert!(!refused.reason.contains("political"), "{}", refused.reason);
    // Dates: not before the request, not in the future.
    assert_eq!(
        invalid(r.apply(prepare("2026-04-30"), &fx.ctx())),
        ["prepared on"]
    );
    assert_eq!(
        invalid(r.apply(prepare("2026-06-02"), &fx.ctx())),
        ["prepared on"]
    );
}

#[test]
fn completing_with_an_untold_group_is_refused_naming_it_then_allowed_once_told() {
    let (fx, _) = fixture("banbury");
    let r = step(&requested(&fx), prepare("2026-05-05"), &fx);
    let refused = refusal(r.apply(
        ReportAction::Complete {
            on: "2026-05-08".into(),
        },
        &fx.ctx(),
    ));
    assert_eq!(refused.cite.to_string(), "R-G2 — CAV §4.2c");
    assert!(
        refused.reason.contains("Labour, Conservative"),
        "{}",
        refused.reason
    );
    let r = step(&r, tell("Labour", "2026-05-06"), &fx);
    let refused = refusal(r.apply(
        ReportAction::Complete {
            on: "2026-05-08".into(),
        },
        &fx.ctx(),
    ));
    assert!(
        refused.reason.ends_with("not yet told: Conservative"),
        "{}",
        refused.reason
    );
    assert!(!refused.reason.contains("Labour"));
    let r = step(&r, tell("Conservative", "2026-05-07"), &fx);
    let done = step(
        &r,
        ReportAction::Complete {
            on: "2026-05-08".into(),
        },
        &fx,
    );
    assert_eq!(done.state, ReportState::Complete);
}

#[test]
fn a_group_formed_after_the_others_were_told_must_be_told_too() {
    let (mut fx, _) = fixture("banbury");
    let r = step(&requested(&fx), prepare("2026-05-05"), &fx);
    let r = step(&r, tell("Labour", "2026-05-06"), &fx);
    let r = step(&r, tell("Conservative", "2026-05-06"), &fx);
    assert_eq!(r.state, ReportState::OtherGroupsTold);
    fx.council.add_group("Reform").unwrap();
    assert_eq!(
        r.available(&fx.ctx()),
        [ReportActionKind::TellGroup, ReportActionKind::GiveCopy]
    );
    let refused = refusal(r.apply(
        ReportAction::Complete {
            on: "2026-05-08".into(),
        },
        &fx.ctx(),
    ));
    assert!(refused.reason.contains("Reform"));
    let r = step(&r, tell("Reform", "2026-05-07"), &fx);
    assert_eq!(
        step(
            &r,
            ReportAction::Complete {
                on: "2026-05-08".into()
            },
            &fx
        )
        .state,
        ReportState::Complete
    );
}

#[test]
fn telling_the_requesting_group_or_a_group_that_does_not_exist_is_refused() {
    let (fx, _) = fixture("banbury");
    let r = step(&requested(&fx), prepare("2026-05-05"), &fx);
    let own = refusal(r.apply(tell("Green", "2026-05-06"), &fx.ctx()));
    assert_eq!(own.cite.to_string(), "R-G2 — CAV §4.2c");
    assert!(own.reason.contains("Green"));
    assert_eq!(
        invalid(r.apply(tell("Purple", "2026-05-06"), &fx.ctx())),
        ["group told"]
    );
    assert_eq!(
        invalid(r.apply(tell("Independent", "2026-05-06"), &fx.ctx())),
        ["group told"]
    );
    assert_eq!(
        invalid(r.apply(tell("Labour", "2026-05-04"), &fx.ctx())),
        ["told on"]
    );
    assert_eq!(
        invalid(r.apply(tell("Labour", "2026-06-02"), &fx.ctx())),
        ["told on"]
    );
    let r = step(&r, tell("Labour", "2026-05-06"), &fx);
    assert_eq!(
        invalid(r.apply(tell("labour", "2026-05-07"), &fx.ctx())),
        ["group told"]
    );
    // A copy for the group the report was written for is refused too.
    let copy = refusal(r.apply(
        ReportAction::GiveCopy {
            group: "Green".into(),
            on: "2026-05-07".into(),
        },
        &fx.ctx(),
    ));
    assert_eq!(copy.cite.rule, "R-G2");
}

#[test]
fn borough_model_keeps_advice_confidential_and_records_facts_available() {
    let (fx, _) = fixture("borough");
    let r = requested(&fx);
    let ev = r.apply(prepare("2026-05-05"), &fx.ctx()).unwrap();
    assert_eq!(ev.note.as_deref(), Some(FACTS_AVAILABLE));
    assert_eq!(ev.cite.unwrap().to_string(), "R-G4 — BOR §2.4");
    let r = ev.report;
    assert!(r.facts_available_on_request);
    assert!(r.untold_groups(&fx.ctx()).is_empty());
    assert_eq!(r.available(&fx.ctx()), [ReportActionKind::Complete]);
    for action in [
        tell("Labour", "2026-05-06"),
        ReportAction::GiveCopy {
            group: "Labour".into(),
            on: "2026-05-06".into(),
        },
    ] {
        let refused = refusal(r.apply(action, &fx.ctx()));
        assert_eq!(refused.cite.to_string(), "R-G4 — BOR §2.4");
        assert!(refused.reason.contains("confidential"));
    }
    let done = r
        .apply(
            ReportAction::Complete {
                on: "2026-05-06".into(),
            },
            &fx.ctx(),
        )
        .unwrap();
    assert_eq!(done.report.state, ReportState::Complete);
    assert_eq!(done.note.as_deref(), Some(FACTS_AVAILABLE));
    assert!(done.report.available(&fx.ctx()).is_empty());
    assert!(done
        .report
        .fields(&fx.ctx())
        .iter()
        .any(|(_, v)| v == FACTS_AVAILABLE));
}

#[test]
fn where_the_protocol_is_silent_other_groups_are_told_citing_the_profile_clause() {
    for (model, clause) in [("toolkit", "TWY (silent)"), ("town", "LLTC (silent)")] {
        let (fx, _) = fixture(model);
        let r = step(&requested(&fx), prepare("2026-05-05"), &fx);
        let refused = refusal(r.apply(
            ReportAction::Complete {
                on: "2026-05-08".into(),
            },
            &fx.ctx(),
        ));
        assert_eq!(
            refused.cite,
            crate::domain::rules::Cite::new("R-G2", clause)
        );
        let r = step(&r, tell("Labour", "2026-05-06"), &fx);
        let ev = r
            .apply(tell("Conservative", "2026-05-06"), &fx.ctx())
            .unwrap();
        assert_eq!(ev.cite.unwrap().clause, clause);
        let done = step(
            &ev.report,
            ReportAction::Complete {
                on: "2026-05-08".into(),
            },
            &fx,
        );
        assert_eq!(done.state, ReportState::Complete, "{model}");
        assert!(done.notice_text(&fx.ctx()).contains(clause));
    }
}

#[test]
fn create_reports_every_bad_field() {
    let (fx, _) = fixture("banbury");
    let bad = GroupReportInput {
        group: "Purple".into(),
        subject: " ".into(),
        requested_on: "2026-06-02".into(),
    };
    assert_eq!(
        invalid(GroupReport::create(1, &bad, &fx.ctx())),
        ["group", "subject", "requested on"]
    );
    assert_eq!(
        invalid(GroupReport::create(1, &input("Independent"), &fx.ctx())),
        ["group"]
    );
    let r = GroupReport::create(1, &input("g-01"), &fx.ctx()).unwrap();
    assert_eq!(r.clause, "CAV §4.2");
}

#[test]
fn the_notice_names_the_group_subject_date_and_the_groups_to_tell() {
    let (fx, _) = fixture("banbury");
    let r = step(&requested(&fx), prepare("2026-05-05"), &fx);
    let notice = r.notice_text(&fx.ctx());
    for part in [
        "To: Labour, Conservative",
        "Green group",
        "Allotment rents 2027",
        "2026-05-05",
        "R-G2, CAV §4.2c",
        "Testcombe",
    ] {
        assert!(notice.contains(part), "{part} missing from:\n{notice}");
    }
    let (fx, _) = fixture("borough");
    let r = step(&requested(&fx), prepare("2026-05-05"), &fx);
    let notice = r.notice_text(&fx.ctx());
    assert!(notice.starts_with("No notice"));
    assert!(notice.contains("R-G4, BOR §2.4"));
    assert!(
        !notice.contains("Allotment"),
        "the subject stays confidential: {notice}"
    );
}

/// Every record state under every model: what `available()` lists succeeds, everything else is refused
/// with an R-G rule, and nothing changes on a refusal.
#[test]
fn every_action_outside_available_is_refused_in_every_state() {
    for model in MODELS {
        let (fx, _) = fixture(model);
        let requested = requested(&fx);
        let prepared = step(&requested, prepare("2026-05-05"), &fx);
        let mut states = vec![requested, prepared.clone()];
        if prepared
            .available(&fx.ctx())
            .contains(&ReportActionKind::TellGroup)
        {
            let partly = step(&prepared, tell("Labour", "2026-05-06"), &fx);
            let all = step(&partly, tell("Conservative", "2026-05-06"), &fx);
            states.push(partly);
            states.push(all);
        }
        let last = states.last().unwrap().clone();
        states.push(step(
            &last,
            ReportAction::Complete {
                on: "2026-05-08".into(),
            },
            &fx,
        ));
        let seen: Vec<ReportState> = states.iter().map(|r| r.state).collect();
        assert_eq!(seen.last(), Some(&ReportState::Complete), "{model}");
        for r in &states {
            for kind in ReportActionKind::ALL {
                let action = match kind {
                    ReportActionKind::Prepare => prepare("2026-05-20"),
                    ReportActionKind::TellGroup => {
                        let next = r.untold_groups(&fx.ctx()).first().copied();
                        tell(fx.council.group_name(next), "2026-05-20")
                    }
                    ReportActionKind::GiveCopy => ReportAction::GiveCopy {
                        group: "Labour".into(),
                        on: "2026-05-20".into(),
                    },
                    ReportActionKind::Complete => ReportAction::Complete {
                        on: "2026-05-20".into(),
                    },
                };
                let result = r.apply(action, &fx.ctx());
                if r.available(&fx.ctx()).contains(&kind) {
                    assert!(
                        result.is_ok(),
                        "{model}: {kind:?} in {:?}: {result:?}",
                        r.state
                    );
                } else {
                    let refused = refusal(result);
                    assert!(refused.cite.rule.starts_with("R-G"), "{model}: {refused}");
                    assert!(!refused.reason.is_empty());
                }
            }
        }
    }
}

#[test]
fn action_keys_are_distinct() {
    let mut keys: Vec<char> = ReportActionKind::ALL.iter().map(|k| k.key()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), ReportActionKind::ALL.len());
}

#[derive(Debug, Clone)]
enum Op {
    Prepare(u8),
    Tell(usize, u32),
    Copy(usize, u32),
    Complete(u32),
    AddGroup,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u8..16).prop_map(Op::Prepare),
        (0usize..6, 0u32..40).prop_map(|(g, day)| Op::Tell(g, day)),
        (0usize..6, 0u32..40).prop_map(|(g, day)| Op::Copy(g, day)),
        (0u32..40).prop_map(Op::Complete),
        Just(Op::AddGroup),
    ]
}

const NAMES: [&str; 6] = [
    "Green",
    "Labour",
    "Conservative",
    "Reform",
    "Purple",
    "G-09",
];

proptest! {
    /// R-G2: whatever the clerk tries, in whatever order, a report never becomes complete while another
    /// group is untold, and the requesting group is never among those told.
    #[test]
    fn random_steps_never_complete_a_report_with_an_untold_group(
        model in prop::sample::select(vec!["banbury", "toolkit", "borough"]),
        ops in prop::collection::vec(op(), 1..30),
    ) {
        let (mut fx, [green, ..]) = fixture(model);
        let mut r = requested(&fx);
        let mut extra = ["Reform", "Purple"].into_iter();
        for op in ops {
            let day = |n: u32| dates::show(d(2026, 5, 1) + chrono::Days::new(n.into()));
            let action = match op {
                Op::Prepare(mask) => ReportAction::Prepare {
                    on: day(4),
                    states_facts: mask & 1 == 0,
                    options_with_merits_and_demerits: mask & 2 == 0,
                    no_political_implications: mask & 4 == 0,
                    no_recommendation: mask & 8 == 0,
                },
                Op::Tell(g, n) => ReportAction::TellGroup { group: NAMES[g].into(), on: day(n) },
                Op::Copy(g, n) => ReportAction::GiveCopy { group: NAMES[g].into(), on: day(n) },
                Op::Complete(n) => ReportAction::Complete { on: day(n) },
                Op::AddGroup => {
                    if let Some(name) = extra.next() {
                        fx.council.add_group(name).unwrap();
                    }
                    continue;
                }
            };
            let before = r.clone();
            match r.apply(action, &fx.ctx()) {
                Ok(ev) => {
                    if ev.report.state == ReportState::Complete && before.state != ReportState::Complete {
                        prop_assert!(ev.report.untold_groups(&fx.ctx()).is_empty());
                        if ev.report.policy != crate::domain::profile::GroupReportPolicy::ConfidentialFactsAvailable {
                            for g in fx.council.groups.iter().filter(|g| g.id != green) {
                                prop_assert!(ev.report.told.iter().any(|(t, _)| *t == g.id), "{} untold", g.name);
                            }
                        }
                    }
                    r = ev.report;
                }
                Err(_) => prop_assert_eq!(&r, &before),
            }
            prop_assert!(r.told.iter().all(|(g, _)| *g != green));
            let mut told: Vec<_> = r.told.iter().map(|(g, _)| *g).collect();
            told.sort();
            told.dedup();
            prop_assert_eq!(told.len(), r.told.len());
        }
    }
}
