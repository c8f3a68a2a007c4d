//! Tests for triage, opening, the three paths and their guards.

use std::collections::HashSet;

use chrono::NaiveDate;
use proptest::prelude::*;

use super::officer_grievance::derived_not_applicable;
use super::*;
use crate::domain::council::{CouncilKind, Office};
use crate::domain::ids::{GroupId, MemberId, OfficerId};
use crate::domain::machine::Machine;
use crate::domain::member::{JoinedBy, Member};
use crate::domain::officer::{Employment, LineManager, Officer, Post};
use crate::domain::profile::{Role, Routing};
use crate::domain::rules::{Refusal, Rejection};
use crate::domain::testkit::{d, Fixture};

// The cast: M-001 Ann (Chairman, Green group leader), M-002 Bob (Vice-Chairman), M-003 Cat (Chair of
// Staffing), M-004 Dan (Green: the member complained about), M-005 Eve, M-006 Fay, M-007 Gus
// (independent). O-001 Clara (Clerk), O-002 Rob (RFO, managed by the Clerk).
const ANN: MemberId = MemberId(1);
const BOB: MemberId = MemberId(2);
const CAT: MemberId = MemberId(3);
const DAN: MemberId = MemberId(4);
const EVE: MemberId = MemberId(5);
const FAY: MemberId = MemberId(6);
const GUS: MemberId = MemberId(7);
const CLERK: OfficerId = OfficerId(1);
const ROB: OfficerId = OfficerId(2);

fn m(id: MemberId) -> PersonRef {
    PersonRef::Member(id)
}
fn o(id: OfficerId) -> PersonRef {
    PersonRef::Officer(id)
}

fn member(id: MemberId, name: &str, group: Option<GroupId>) -> Member {
    Member {
        id,
        name: name.into(),
        sort_name: None,
        ward: "North".into(),
        group,
        joined_by: JoinedBy::Elected,
        term_start: d(2023, 5, 8),
        term_end: None,
        end_reason: None,
        dpi_registered: Some(d(2023, 5, 20)),
        email: None,
        phone: None,
    }
}

fn officer(id: OfficerId, name: &str, post: Post, line_manager: LineManager) -> Officer {
    Officer {
        id,
        name: name.into(),
        post,
        title: None,
        employment: Employment::Employee,
        line_manager,
        started: d(2020, 1, 6),
        protocol_briefed: Some(d(2020, 1, 6)),
        left: None,
        email: None,
        phone: None,
        briefed_by: None,
        recruitment: None,
    }
}

fn fixture() -> Fixture {
    let mut fx = Fixture::new(d(2026, 3, 20));
    let green = fx.council.add_group("Green").unwrap();
    fx.council.groups[0].leader = Some(ANN);
    fx.members = vec![
        member(ANN, "Ann", Some(green)),
        member(BOB, "Bob", Some(green)),
        member(CAT, "Cat", None),
        member(DAN, "Dan", Some(green)),
        member(EVE, "Eve", None),
        member(FAY, "Fay", None),
        member(GUS, "Gus", None),
    ];
    fx.officers = vec![
        officer(CLERK, "Clara", Post::Clerk, LineManager::Council),
        officer(ROB, "Rob", Post::Rfo, LineManager::Officer(CLERK)),
    ];
    fx.council
        .appoint(Office::Chairman, ANN, d(2025, 5, 12))
        .unwrap();
    fx.council
        .appoint(Office::ViceChairman, BOB, d(2025, 5, 12))
        .unwrap();
    fx.council
        .appoint(Office::StaffingChair, CAT, d(2025, 5, 12))
        .unwrap();
    fx
}

/// Fay has declared a friendship with Rob (R-D1).
struct FayKnowsRob;

impl ConflictRegister for FayKnowsRob {
    fn conflict(&self, member: MemberId, with: &PersonRef, _on: NaiveDate) -> Option<Conflict> {
        (member == FAY && *with == o(ROB)).then(|| Conflict {
            reference: "D-007".into(),
            description: "friendship with Rob".into(),
        })
    }
}

/// A capture's values are read the same for both faces (`case new`, the capture form): a
/// reference, `other` with the other's name, `other:NAME`, `nobody`; every mistake of the reading
/// named by its field at once, then the record's own checks.
#[test]
fn a_capture_is_read_into_people_a_channel_and_a_day() {
    let fx = fixture();
    let ctx = fx.ctx();
    let draft = CaseDraft {
        raised_by: "O-001".into(),
        about: "m-004".into(),
        how: "public-meeting".into(),
        on: "2026-03-19".into(),
        summary: "Shouted at the Clerk.".into(),
        confidential: "yes".into(),
        other: String::new(),
    };
    let input = draft.resolve(&ctx).expect("a good capture");
    assert_eq!(input.raised_by, PersonRef::Officer(CLERK));
    assert_eq!(input.about, PersonRef::Member(DAN));
    assert_eq!(input.channel, Channel::PublicMeeting);
    assert!(input.confidential);

    let outsider = CaseDraft {
        raised_by: "other".into(),
        other: "A Resident".into(),
        about: "nobody".into(),
        confidential: "no".into(),
        ..draft.clone()
    };
    let input = outsider.resolve(&ctx).expect("someone else, about nobody");
    assert_eq!(input.raised_by, PersonRef::Other("A Resident".into()));
    assert_eq!(input.about, PersonRef::Other(NOBODY.into()));
    assert!(!input.confidential);
    let typed = CaseDraft {
        raised_by: "other:A Resident".into(),
        ..outsider.clone()
    };
    assert_eq!(typed.resolve(&ctx), Ok(input));

    let bad = CaseDraft {
        raised_by: "other".into(),
        other: " ".into(),
        about: "Nobody Known".into(),
        how: "pigeon".into(),
        confidential: "maybe".into(),
        ..draft.clone()
    };
    let errors = bad.resolve(&ctx).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["other", "about", "how", "confidential"]);
    assert!(errors[1].message.contains("or nobody"), "{errors:?}");

    // Read, then checked as Case::open checks it: nobody raises a case about themselves.
    let same = CaseDraft {
        about: "O-001".into(),
        ..draft
    };
    let errors = same.resolve(&ctx).unwrap_err();
    assert_eq!(errors[0].field, "about");
}

fn input(raised_by: PersonRef, about: PersonRef, channel: Channel) -> CaseInput {
    CaseInput {
        raised_by,
        about,
        channel,
        raised_on: "2026-03-02".into(),
        summary: "raised voice at the office".into(),
        confidential: true,
    }
}

fn open_on(fx: &Fixture, raised_by: PersonRef, about: PersonRef, path: Option<Path>) -> Case {
    let ctx = fx.ctx();
    let inp = input(raised_by, about, Channel::Email);
    let proposal = triage(
        &inp.raised_by,
        &inp.about,
        inp.channel,
        &ctx,
        &NoDisclosures,
    );
    let chosen = path.unwrap_or(proposal.path);
    Case::open(
        reference(2026, 1),
        &inp,
        &proposal,
        chosen,
        "observed by the clerk",
        &ctx,
        &NoDisclosures,
    )
    .unwrap()
}

fn grievance(fx: &Fixture) -> Case {
    open_on(fx, o(ROB), m(DAN), None)
}

fn ok(case: &Case, action: CaseAction, actor: &PersonRef, fx: &Fixture) -> CaseEvent {
    match case.step(action.clone(), actor, &fx.ctx(), &FayKnowsRob) {
        Ok(ev) => ev,
        Err(e) => panic!("{action:?} by {actor:?} in {:?}: {e}", case.state),
    }
}

fn refused(case: &Case, action: CaseAction, actor: &PersonRef, fx: &Fixture) -> Refusal {
    match case.step(action.clone(), actor, &fx.ctx(), &FayKnowsRob) {
        Err(Rejection::Refused(r)) => r,
        other => panic!(
            "{action:?} by {actor:?} in {:?}: expected a refusal, got {other:?}",
            case.state
        ),
    }
}

fn s(x: &str) -> String {
    x.to_string()
}

fn informal() -> CaseAction {
    CaseAction::StartInformal {
        on: s("2026-03-03"),
        by: s("the Vice-Chairman"),
        note: s("conciliation"),
    }
}
fn formal(skip: &str) -> CaseAction {
    CaseAction::GoFormal {
        written_on: s("2026-03-05"),
        skip_reason: s(skip),
    }
}
fn panel(members: &str) -> CaseAction {
    CaseAction::AppointPanel {
        members: s(members),
    }
}
fn hearing() -> CaseAction {
    CaseAction::HoldHearing {
        on: s("2026-03-10"),
        companion: s("union rep"),
    }
}
fn decide(outcome: &str, on: &str) -> CaseAction {
    CaseAction::Decide {
        on: s(on),
        outcome: s(outcome),
        note: s("in writing"),
    }
}
fn record(step: &str) -> CaseAction {
    CaseAction::RecordStep {
        step: s(step),
        on: s("2026-03-12"),
        note: s("done"),
    }
}
fn na(step: &str) -> CaseAction {
    CaseAction::StepNotApplicable { step: s(step) }
}
fn close(on: &str) -> CaseAction {
    CaseAction::Close {
        on: s(on),
        note: String::new(),
    }
}

fn gs(state: GrievanceState) -> CaseState {
    CaseState::Grievance(state)
}

/// Drives `case` through `steps`, asserting the state after each; returns every case on the way.
fn drive(
    fx: &Fixture,
    mut case: Case,
    steps: Vec<(CaseAction, PersonRef, CaseState)>,
) -> Vec<Case> {
    let mut seen = vec![case.clone()];
    for (action, actor, want) in steps {
        let ev = ok(&case, action.clone(), &actor, fx);
        assert_eq!(ev.case.state, want, "after {action:?}");
        case = ev.case;
        seen.push(case.clone());
    }
    seen
}

/// Every legal route to closed, on every path, with the cases seen on the way.
fn all_routes() -> Vec<(Fixture, Vec<Case>)> {
    use GrievanceState as G;
    let mut out = Vec::new();
    let clerk = o(CLERK);
    let chair = m(ANN);
    let eve = m(EVE);

    // R-E1: resolved informally.
    let fx = fixture();
    let c = grievance(&fx);
    let route = drive(
        &fx,
        c,
        vec![
            (informal(), chair.clone(), gs(G::Informal)),
            (
                CaseAction::ResolveInformally {
                    on: s("2026-03-06"),
                    note: s("apology accepted"),
                },
                chair.clone(),
                CaseState::Closed,
            ),
        ],
    );
    out.push((fx, route));

    // R-E1: informal skipped with a reason; upheld; the four steps; closed.
    let fx = fixture();
    let c = grievance(&fx);
    let route = drive(
        &fx,
        c,
        vec![
            (
                formal("serious bullying: conciliation inappropriate"),
                o(ROB),
                gs(G::Formal),
            ),
            (panel("M-005, M-007"), clerk.clone(), gs(G::PanelAppointed)),
            (hearing(), clerk.clone(), gs(G::HearingHeld)),
            (decide("upheld", "2026-03-11"), eve.clone(), gs(G::Upheld)),
            (na("leader"), clerk.clone(), gs(G::Upheld)),
            (record("group"), clerk.clone(), gs(G::Upheld)),
            (record("chairman"), clerk.clone(), gs(G::Upheld)),
            (record("vice"), clerk.clone(), gs(G::Upheld)),
            (close("2026-03-13"), clerk.clone(), CaseState::Closed),
        ],
    );
    out.push((fx, route));

    // R-E1: informal failed; Monitoring Officer consulted; not upheld; no appeal; window lapses.
    let mut fx = fixture();
    let c = grievance(&fx);
    let mut route = drive(
        &fx,
        c,
        vec![
            (informal(), chair.clone(), gs(G::Informal)),
            (formal(""), o(ROB), gs(G::Formal)),
            (panel("M-005, M-007"), clerk.clone(), gs(G::PanelAppointed)),
            (hearing(), clerk.clone(), gs(G::HearingHeld)),
            (
                CaseAction::ReferToMo {
                    on: s("2026-03-10"),
                    note: s("advice on the code"),
                },
                clerk.clone(),
                gs(G::HearingHeld),
            ),
            (
                CaseAction::RecordMoAnswer {
                    on: s("2026-03-11"),
                    answer: s("no breach of the code"),
                },
                clerk.clone(),
                gs(G::HearingHeld),
            ),
            (
                decide("not upheld", "2026-03-12"),
                eve.clone(),
                gs(G::AppealWindow),
            ),
        ],
    );
    // Ten working days after Thu 12 March 2026 is Thu 26 March.
    fx.today = d(2026, 3, 27);
    let last = route.last().unwrap().clone();
    route.extend(
        drive(
            &fx,
            last,
            vec![(close("2026-03-27"), clerk.clone(), CaseState::Closed)],
        )
        .into_iter()
        .skip(1),
    );
    out.push((fx, route));

    // R-E1: not upheld; appeal heard by members who did not sit; not upheld on appeal.
    let fx = fixture();
    let c = grievance(&fx);
    let route = drive(
        &fx,
        c,
        vec![
            (informal(), chair.clone(), gs(G::Informal)),
            (formal(""), o(ROB), gs(G::Formal)),
            (panel("M-005, M-007"), clerk.clone(), gs(G::PanelAppointed)),
            (hearing(), clerk.clone(), gs(G::HearingHeld)),
            (
                decide("not upheld", "2026-03-11"),
                eve.clone(),
                gs(G::AppealWindow),
            ),
            (
                CaseAction::LodgeAppeal {
                    on: s("2026-03-13"),
                    grounds: s("evidence ignored"),
                },
                o(ROB),
                gs(G::AppealLodged),
            ),
            (
                panel("M-002, M-003"),
                clerk.clone(),
                gs(G::AppealPanelAppointed),
            ),
            (
                decide("not upheld", "2026-03-18"),
                m(BOB),
                CaseState::Closed,
            ),
        ],
    );
    out.push((fx, route));

    // R-E1: partly upheld on appeal: the steps follow, then closed.
    let fx = fixture();
    let c = grievance(&fx);
    let route = drive(
        &fx,
        c,
        vec![
            (
                formal("the member refused mediation"),
                o(ROB),
                gs(G::Formal),
            ),
            (panel("M-005, M-007"), clerk.clone(), gs(G::PanelAppointed)),
            (hearing(), clerk.clone(), gs(G::HearingHeld)),
            (
                decide("not upheld", "2026-03-11"),
                eve.clone(),
                gs(G::AppealWindow),
            ),
            (
                CaseAction::LodgeAppeal {
                    on: s("2026-03-12"),
                    grounds: s("new evidence"),
                },
                o(ROB),
                gs(G::AppealLodged),
            ),
            (
                panel("M-002, M-003"),
                clerk.clone(),
                gs(G::AppealPanelAppointed),
            ),
            (decide("partly upheld", "2026-03-12"), m(CAT), gs(G::Upheld)),
            (na("leader"), clerk.clone(), gs(G::Upheld)),
            (record("group"), clerk.clone(), gs(G::Upheld)),
            (record("chairman"), clerk.clone(), gs(G::Upheld)),
            (record("vice"), clerk.clone(), gs(G::Upheld)),
            (close("2026-03-13"), clerk.clone(), CaseState::Closed),
        ],
    );
    out.push((fx, route));

    // R-E2: resolved informally.
    let fx = fixture();
    let c = open_on(&fx, m(DAN), o(ROB), None);
    let route = drive(
        &fx,
        c,
        vec![
            (
                informal(),
                clerk.clone(),
                CaseState::Concern(ConcernState::Informal),
            ),
            (
                CaseAction::ResolveInformally {
                    on: s("2026-03-04"),
                    note: s("training agreed"),
                },
                clerk.clone(),
                CaseState::Closed,
            ),
        ],
    );
    out.push((fx, route));

    // R-E2: capability route for the RFO, decided by the Clerk (his manager).
    let fx = fixture();
    let c = open_on(&fx, m(DAN), o(ROB), None);
    let route = drive(
        &fx,
        c,
        vec![
            (
                informal(),
                clerk.clone(),
                CaseState::Concern(ConcernState::Informal),
            ),
            (
                CaseAction::ConcernFormal {
                    on: s("2026-03-05"),
                    route: s("capability"),
                },
                clerk.clone(),
                CaseState::Concern(ConcernState::Formal),
            ),
            (
                decide("partly upheld", "2026-03-16"),
                clerk.clone(),
                CaseState::Closed,
            ),
        ],
    );
    out.push((fx, route));

    // R-E2: a concern about the Clerk: the staffing committee (its Chair) decides.
    let fx = fixture();
    let c = open_on(&fx, m(DAN), o(CLERK), None);
    let route = drive(
        &fx,
        c,
        vec![
            (
                informal(),
                m(CAT),
                CaseState::Concern(ConcernState::Informal),
            ),
            (
                CaseAction::ConcernFormal {
                    on: s("2026-03-05"),
                    route: s("disciplinary"),
                },
                m(CAT),
                CaseState::Concern(ConcernState::Formal),
            ),
            (
                decide("not upheld", "2026-03-16"),
                m(CAT),
                CaseState::Closed,
            ),
        ],
    );
    out.push((fx, route));

    // R-E3: reviewed and resolved informally.
    let breach = Path::Breach(BreachCategory::MemberInstructingOfficer);
    let fx = fixture();
    let c = open_on(&fx, m(DAN), m(EVE), Some(breach));
    let review = CaseAction::Review {
        on: s("2026-03-03"),
        note: s("seen"),
    };
    let route = drive(
        &fx,
        c,
        vec![
            (
                review.clone(),
                clerk.clone(),
                CaseState::Breach(BreachState::ReviewedByClerk),
            ),
            (
                CaseAction::ResolveInformally {
                    on: s("2026-03-04"),
                    note: s("word with the member"),
                },
                clerk.clone(),
                CaseState::Breach(BreachState::ResolvedInformally),
            ),
            (close("2026-03-05"), clerk.clone(), CaseState::Closed),
        ],
    );
    out.push((fx, route));

    // R-E3: referred to the Monitoring Officer as a code of conduct complaint.
    let fx = fixture();
    let c = open_on(&fx, m(DAN), m(EVE), Some(breach));
    let route = drive(
        &fx,
        c,
        vec![
            (
                review.clone(),
                clerk.clone(),
                CaseState::Breach(BreachState::ReviewedByClerk),
            ),
            (
                CaseAction::ReferToMo {
                    on: s("2026-03-04"),
                    note: s("code of conduct"),
                },
                clerk.clone(),
                CaseState::Breach(BreachState::ReferredToMonitoringOfficer),
            ),
            (
                CaseAction::RecordMoAnswer {
                    on: s("2026-03-09"),
                    answer: s("dealt with"),
                },
                clerk.clone(),
                CaseState::Breach(BreachState::ReferredToMonitoringOfficer),
            ),
            (close("2026-03-10"), clerk.clone(), CaseState::Closed),
        ],
    );
    out.push((fx, route));

    // R-E3: turned into an R-E1 case.
    let fx = fixture();
    let c = open_on(
        &fx,
        o(ROB),
        m(DAN),
        Some(Path::Breach(BreachCategory::UnduePressure)),
    );
    let route = drive(
        &fx,
        c,
        vec![
            (
                review,
                clerk.clone(),
                CaseState::Breach(BreachState::ReviewedByClerk),
            ),
            (
                CaseAction::Convert {
                    reference: reference(2026, 2),
                    on: s("2026-03-04"),
                },
                clerk.clone(),
                CaseState::Breach(BreachState::ConvertedToCase),
            ),
            (close("2026-03-04"), clerk, CaseState::Closed),
        ],
    );
    out.push((fx, route));
    out
}

#[test]
fn every_legal_route_reaches_closed() {
    let routes = all_routes();
    assert_eq!(routes.len(), 11);
    for (_, cases) in &routes {
        assert_eq!(cases.last().unwrap().state, CaseState::Closed);
    }
}

#[test]
fn every_state_refuses_what_it_does_not_offer() {
    let mut states = HashSet::new();
    let actor = PersonRef::Other("a visitor".into());
    for (fx, cases) in all_routes() {
        let ctx = fx.ctx();
        for case in cases {
            states.insert(case.state);
            let available = case.available(&ctx);
            for kind in CaseActionKind::ALL {
                if available.contains(&kind) {
                    continue;
                }
                let before = case.clone();
                let Err(Rejection::Refused(r)) =
                    case.step(sample(kind), &actor, &ctx, &FayKnowsRob)
                else {
                    panic!("{kind:?} in {:?} was not refused", case.state)
                };
                assert!(
                    r.cite.rule.starts_with("R-E"),
                    "{kind:?} in {:?}: {r}",
                    case.state
                );
                assert!(!r.cite.clause.is_empty());
                assert_eq!(case, before);
            }
        }
    }
    // Every state of every path was visited.
    assert_eq!(states.len(), 9 + 3 + 5 + 1, "{states:?}");
}

fn sample(kind: CaseActionKind) -> CaseAction {
    match kind {
        CaseActionKind::StartInformal => informal(),
        CaseActionKind::ResolveInformally => CaseAction::ResolveInformally {
            on: s("2026-03-20"),
            note: s("ok"),
        },
        CaseActionKind::GoFormal => formal("reason"),
        CaseActionKind::ConcernFormal => CaseAction::ConcernFormal {
            on: s("2026-03-20"),
            route: s("capability"),
        },
        CaseActionKind::AppointPanel => panel("M-002, M-003"),
        CaseActionKind::HoldHearing => CaseAction::HoldHearing {
            on: s("2026-03-20"),
            companion: s(""),
        },
        CaseActionKind::ReferToMo => CaseAction::ReferToMo {
            on: s("2026-03-20"),
            note: s(""),
        },
        CaseActionKind::RecordMoAnswer => CaseAction::RecordMoAnswer {
            on: s("2026-03-20"),
            answer: s("fine"),
        },
        CaseActionKind::Decide => decide("upheld", "2026-03-20"),
        CaseActionKind::RecordStep => record("leader"),
        CaseActionKind::StepNotApplicable => na("leader"),
        CaseActionKind::LodgeAppeal => CaseAction::LodgeAppeal {
            on: s("2026-03-20"),
            grounds: s("x"),
        },
        CaseActionKind::Review => CaseAction::Review {
            on: s("2026-03-20"),
            note: s(""),
        },
        CaseActionKind::Convert => CaseAction::Convert {
            reference: reference(2026, 9),
            on: s("2026-03-20"),
        },
        CaseActionKind::Close => close("2026-03-20"),
        CaseActionKind::AppointIndependent => CaseAction::AppointIndependent {
            on: s("2026-03-20"),
            by: s("Pat Impartial"),
            note: s(""),
        },
        CaseActionKind::DirectDiscussion => CaseAction::DirectDiscussion {
            on: s("2026-03-20"),
            note: s(""),
        },
        CaseActionKind::Consult => CaseAction::Consult {
            with: s("member"),
            on: s("2026-03-20"),
            note: s(""),
        },
        CaseActionKind::HearAppeal => CaseAction::HearAppeal {
            members: s("M-005, M-006"),
            on: s("2026-03-20"),
            outcome: s("not-upheld"),
            note: s(""),
        },
    }
}

#[test]
fn action_keys_are_distinct() {
    let keys: HashSet<char> = CaseActionKind::ALL.iter().map(|k| k.key()).collect();
    assert_eq!(keys.len(), CaseActionKind::ALL.len());
}

#[test]
fn references_and_conversion_links_both_ways() {
    assert_eq!(reference(2026, 7), "G-2026-007");
    let fx = fixture();
    let c = open_on(
        &fx,
        o(ROB),
        m(DAN),
        Some(Path::Breach(BreachCategory::UnduePressure)),
    );
    let c = ok(
        &c,
        CaseAction::Review {
            on: s("2026-03-03"),
            note: s(""),
        },
        &o(CLERK),
        &fx,
    )
    .case;
    let ev = ok(
        &c,
        CaseAction::Convert {
            reference: reference(2026, 2),
            on: s("2026-03-04"),
        },
        &o(CLERK),
        &fx,
    );
    let new = ev.spawned.unwrap();
    assert_eq!(new.path, Path::OfficerGrievance);
    assert_eq!(new.state, gs(GrievanceState::Raised));
    assert_eq!(
        new.links,
        vec![CaseLink {
            kind: LinkKind::ConvertedFrom,
            reference: s("G-2026-001")
        }]
    );
    assert_eq!(
        ev.case.links,
        vec![CaseLink {
            kind: LinkKind::ConvertedTo,
            reference: s("G-2026-002")
        }]
    );
    // A breach between two members fits neither R-E1 nor R-E2.
    let c = open_on(&fx, m(DAN), m(EVE), None);
    let c = ok(
        &c,
        CaseAction::Review {
            on: s("2026-03-03"),
            note: s(""),
        },
        &o(CLERK),
        &fx,
    )
    .case;
    let r = refused(
        &c,
        CaseAction::Convert {
            reference: reference(2026, 2),
            on: s("2026-03-04"),
        },
        &o(CLERK),
        &fx,
    );
    assert_eq!(r.cite.rule, "R-E3");
}

// ---- Triage -------------------------------------------------------------------------------------

fn town_fixture() -> Fixture {
    let mut fx = fixture();
    // The Town Mayor is the Chairman, Ann (R-M2, LGA 1972 s245(6)).
    fx.council.kind = CouncilKind::Town;
    fx.profile.id = "town".into();
    fx.profile.member_concern = Routing {
        handlers: vec![Role::Clerk],
        clause: "LLTC §8.7".into(),
        first_step: None,
    };
    fx.profile.member_concern_about_clerk = Routing {
        handlers: vec![Role::TownMayor],
        clause: "LLTC §8.7".into(),
        first_step: None,
    };
    fx
}

fn toolkit_fixture() -> Fixture {
    let mut fx = fixture();
    fx.profile.id = "toolkit".into();
    let r = Routing {
        handlers: vec![Role::Chairman, Role::Clerk],
        clause: "TWY §4.4".into(),
        first_step: None,
    };
    fx.profile.member_concern = r.clone();
    fx.profile.member_concern_about_clerk = r;
    fx.profile.clerk_complainant_holder = Role::Chairman;
    fx
}

#[test]
fn triage_officer_about_member_is_an_r_e1_grievance() {
    let fx = fixture();
    let p = triage(&o(ROB), &m(DAN), Channel::Email, &fx.ctx(), &NoDisclosures);
    assert_eq!(p.path, Path::OfficerGrievance);
    assert_eq!(p.cite.rule, "R-E1");
    assert_eq!(
        p.handlers,
        vec![Handler {
            role: Role::Clerk,
            person: Some(o(CLERK))
        }]
    );
    assert_eq!(p.also_breach, None);
    // The Clerk complaining: the Clerk is a party, so the Chair of Staffing handles it (R-E1.7).
    let p = triage(
        &o(CLERK),
        &m(DAN),
        Channel::Letter,
        &fx.ctx(),
        &NoDisclosures,
    );
    assert_eq!(
        p.handlers,
        vec![Handler {
            role: Role::StaffingChair,
            person: Some(m(CAT))
        }]
    );
    assert!(p.explanation.contains("R-E1.7"), "{}", p.explanation);
}

#[test]
fn triage_concern_about_the_clerk_follows_the_profile() {
    // Banbury: the Chair of the Staffing Committee.
    let fx = fixture();
    let p = triage(
        &m(DAN),
        &o(CLERK),
        Channel::Email,
        &fx.ctx(),
        &NoDisclosures,
    );
    assert_eq!(p.path, Path::MemberConcern);
    assert_eq!(
        p.cite,
        crate::domain::rules::Cite::new("R-E2.1", "CAV §5.2")
    );
    assert_eq!(
        p.handlers,
        vec![Handler {
            role: Role::StaffingChair,
            person: Some(m(CAT))
        }]
    );
    // Other officers go to the Clerk.
    let p = triage(&m(DAN), &o(ROB), Channel::Email, &fx.ctx(), &NoDisclosures);
    assert_eq!(
        p.handlers,
        vec![Handler {
            role: Role::Clerk,
            person: Some(o(CLERK))
        }]
    );
    // Town: the Town Mayor.
    let fx = town_fixture();
    let p = triage(
        &m(DAN),
        &o(CLERK),
        Channel::Email,
        &fx.ctx(),
        &NoDisclosures,
    );
    assert_eq!(p.cite.clause, "LLTC §8.7");
    // R-E2.1, R-M2: the Town Mayor is the Chairman (LGA 1972 s245(6)), whatever an old store
    // recorded as a separate Town Mayor.
    assert_eq!(
        p.handlers,
        vec![Handler {
            role: Role::TownMayor,
            person: Some(m(ANN))
        }]
    );
    // Toolkit: the Chair, then the Clerk; about the Clerk, the Clerk steps aside.
    let fx = toolkit_fixture();
    let p = triage(&m(DAN), &o(ROB), Channel::Email, &fx.ctx(), &NoDisclosures);
    let roles: Vec<Role> = p.handlers.iter().map(|h| h.role).collect();
    assert_eq!(roles, [Role::Chairman, Role::Clerk]);
    assert_eq!(p.cite.clause, "TWY §4.4");
    let p = triage(
        &m(DAN),
        &o(CLERK),
        Channel::Email,
        &fx.ctx(),
        &NoDisclosures,
    );
    // R-E2.1 (TWY §4.4, §4.2): the Clerk is the subject, never the handler; the Chair does not deal
    // with it alone, so the Chair of the Staffing Committee (the delegated group) stands in.
    assert_eq!(
        p.handlers,
        vec![
            Handler {
                role: Role::Chairman,
                person: Some(m(ANN))
            },
            Handler {
                role: Role::StaffingChair,
                person: Some(m(CAT))
            }
        ]
    );
    assert!(p.explanation.contains("R-E1.7"), "{}", p.explanation);
}

#[test]
fn triage_vacant_office_says_so() {
    let mut fx = fixture();
    fx.council
        .offices
        .retain(|t| t.office != Office::StaffingChair);
    let p = triage(
        &m(DAN),
        &o(CLERK),
        Channel::Email,
        &fx.ctx(),
        &NoDisclosures,
    );
    // R-E1.7: the next in the profile's chain stands in, and the explanation says why.
    assert_eq!(
        p.handlers,
        vec![Handler {
            role: Role::ViceChairman,
            person: Some(m(BOB))
        }]
    );
    assert!(p.explanation.contains("R-E1.7"), "{}", p.explanation);
    assert!(
        p.explanation.contains("no Chair of the Staffing Committee"),
        "{}",
        p.explanation
    );
}

#[test]
fn triage_public_meeting_also_logs_a_breach() {
    let fx = fixture();
    let p = triage(
        &m(DAN),
        &o(ROB),
        Channel::PublicMeeting,
        &fx.ctx(),
        &NoDisclosures,
    );
    assert_eq!(p.path, Path::MemberConcern);
    assert_eq!(p.also_breach, Some(BreachCategory::ConductRaisedInPublic));
    assert!(p.explanation.contains("R-E2.2"));
    let inp = input(m(DAN), o(ROB), Channel::PublicMeeting);
    let case = Case::open(
        reference(2026, 3),
        &inp,
        &p,
        p.path,
        "",
        &fx.ctx(),
        &NoDisclosures,
    )
    .unwrap();
    let (case, breach) = case
        .log_also_breach(reference(2026, 4), &fx.ctx(), &NoDisclosures)
        .unwrap();
    assert_eq!(case.pending_breach, None);
    assert_eq!(
        breach.path,
        Path::Breach(BreachCategory::ConductRaisedInPublic)
    );
    assert_eq!(breach.state, CaseState::Breach(BreachState::Logged));
    assert_eq!(breach.links[0].reference, "G-2026-003");
    assert_eq!(case.links[0].reference, "G-2026-004");
    assert!(case
        .log_also_breach(reference(2026, 5), &fx.ctx(), &NoDisclosures)
        .is_none());
}

#[test]
fn triage_anything_else_is_a_breach() {
    let fx = fixture();
    let p = triage(
        &m(DAN),
        &m(EVE),
        Channel::InPerson,
        &fx.ctx(),
        &NoDisclosures,
    );
    assert!(matches!(p.path, Path::Breach(_)));
    assert_eq!(p.cite.rule, "R-E3");
    assert_eq!(
        p.handlers,
        vec![Handler {
            role: Role::Clerk,
            person: Some(o(CLERK))
        }]
    );
    let p = triage(
        &PersonRef::Other("a resident".into()),
        &o(ROB),
        Channel::PublicMeeting,
        &fx.ctx(),
        &NoDisclosures,
    );
    assert_eq!(p.path, Path::Breach(BreachCategory::ConductRaisedInPublic));
    for c in BreachCategory::ALL {
        assert_eq!(c.cite().rule, "R-E3");
        assert_eq!(BreachCategory::parse("category", c.key()).unwrap(), c);
    }
}

// ---- Opening --------------------------------------------------------------------------------------

#[test]
fn opening_refuses_bad_input() {
    let fx = fixture();
    let ctx = fx.ctx();
    let fields = |inp: &CaseInput, path: Option<Path>, why: &str| {
        let p = triage(
            &inp.raised_by,
            &inp.about,
            inp.channel,
            &ctx,
            &NoDisclosures,
        );
        match Case::open(
            reference(2026, 1),
            inp,
            &p,
            path.unwrap_or(p.path),
            why,
            &ctx,
            &NoDisclosures,
        ) {
            Err(Rejection::Invalid(errors)) => errors.iter().map(|e| e.field).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        fields(&input(m(MemberId(99)), o(ROB), Channel::Email), None, ""),
        ["raised by"]
    );
    assert_eq!(
        fields(&input(m(DAN), o(OfficerId(99)), Channel::Email), None, ""),
        ["about"]
    );
    let mut inp = input(m(DAN), o(ROB), Channel::Email);
    inp.summary = "  ".into();
    inp.raised_on = "2026-03-21".into();
    assert_eq!(fields(&inp, None, ""), ["raised on", "summary"]);
    assert_eq!(
        fields(&input(m(DAN), m(DAN), Channel::Email), None, ""),
        ["about"]
    );
    // Another path than proposed needs a reason.
    let other = Some(Path::Breach(BreachCategory::UnduePressure));
    assert_eq!(
        fields(&input(o(ROB), m(DAN), Channel::Email), other, " "),
        ["reason"]
    );
    // A path that does not fit the parties is refused.
    let inp = input(m(DAN), m(EVE), Channel::Email);
    let p = triage(
        &inp.raised_by,
        &inp.about,
        inp.channel,
        &ctx,
        &NoDisclosures,
    );
    let Err(Rejection::Refused(r)) = Case::open(
        reference(2026, 1),
        &inp,
        &p,
        Path::OfficerGrievance,
        "x",
        &ctx,
        &NoDisclosures,
    ) else {
        panic!()
    };
    assert_eq!(r.cite.rule, "R-E1");
}

// ---- Guards ---------------------------------------------------------------------------------------

fn formal_case(fx: &Fixture) -> Case {
    let c = grievance(fx);
    ok(&c, formal("urgent"), &o(ROB), fx).case
}

#[test]
fn informal_first_unless_skipped_with_a_reason() {
    let fx = fixture();
    let c = grievance(&fx);
    let r = refused(&c, formal("  "), &o(ROB), &fx);
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        ("R-E1.1", "CAV §5.1") // the Banbury council's own clause, not TWY's too
    );
    let ev = ok(
        &c,
        formal("the officer is off sick with stress"),
        &o(ROB),
        &fx,
    );
    assert_eq!(
        ev.case.informal_skipped.as_deref(),
        Some("the officer is off sick with stress")
    );
    // A concern about an officer has no skip: informal first (R-E2.3).
    let c = open_on(&fx, m(DAN), o(ROB), None);
    let r = refused(
        &c,
        CaseAction::ConcernFormal {
            on: s("2026-03-05"),
            route: s("capability"),
        },
        &o(CLERK),
        &fx,
    );
    assert_eq!(r.cite.rule, "R-E2.4");
}

#[test]
fn panel_guards() {
    let fx = fixture();
    let c = formal_case(&fx);
    let clerk = o(CLERK);
    let r = refused(&c, panel("M-004, M-005"), &clerk, &fx);
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        ("R-E1.2", "CAV §5.1") // a Banbury council cites CAV, never TWY
    );
    let r = refused(&c, panel("M-005, M-006"), &clerk, &fx);
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        ("R-D1", "CAV §3.2a") // its own protocol's clause on close relationships, never LLTC's
    );
    assert!(r.reason.contains("D-007"), "{}", r.reason);
    let r = refused(&c, panel("M-005"), &clerk, &fx);
    assert_eq!(r.cite.rule, "R-E1.2");
    assert!(r.reason.contains("at least 2"));
    let r = refused(&c, panel("Ann"), &clerk, &fx);
    assert!(r.reason.contains("Chairman"), "{}", r.reason);
    let Err(Rejection::Invalid(e)) = c.step(panel("M-005, Zed"), &clerk, &fx.ctx(), &NoDisclosures)
    else {
        panic!()
    };
    assert_eq!(e[0].field, "members");
    // Without the disclosure, Fay may sit.
    assert!(c
        .step(panel("M-005, M-006"), &clerk, &fx.ctx(), &NoDisclosures)
        .is_ok());
}

#[test]
fn parties_never_handle_or_decide() {
    let fx = fixture();
    let c = formal_case(&fx);
    let r = refused(&c, panel("M-005, M-007"), &o(ROB), &fx);
    assert_eq!(r.cite.rule, "R-E1.7");
    let c = ok(&c, panel("M-005, M-007"), &o(CLERK), &fx).case;
    let c = ok(&c, hearing(), &o(CLERK), &fx).case;
    let r = refused(&c, decide("not upheld", "2026-03-11"), &m(DAN), &fx);
    assert_eq!(r.cite.rule, "R-E1.7");
    // Only the panel decides.
    let r = refused(&c, decide("not upheld", "2026-03-11"), &m(BOB), &fx);
    assert_eq!(r.cite.rule, "R-E1.2");
    // A conflicted member takes part in no decision.
    let r = refused(&c, decide("not upheld", "2026-03-11"), &m(FAY), &fx);
    assert_eq!(r.cite.rule, "R-D1");
}

#[test]
fn upheld_cannot_close_until_the_four_steps() {
    let fx = fixture();
    let c = formal_case(&fx);
    let c = ok(&c, panel("M-005, M-007"), &o(CLERK), &fx).case;
    let c = ok(&c, hearing(), &o(CLERK), &fx).case;
    let c = ok(&c, decide("upheld", "2026-03-11"), &m(EVE), &fx).case;
    let r = refused(&c, close("2026-03-12"), &o(CLERK), &fx);
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        ("R-E1.5", "CAV §5.1")
    );
    // Not applicable only with the derived reason: the council has a Chairman.
    let r = refused(&c, na("chairman"), &o(CLERK), &fx);
    assert_eq!(r.cite.rule, "R-E1.5");
    assert_eq!(
        derived_not_applicable(&c, Step::AdviseLeader, &fx.ctx()).as_deref(),
        Some("the council has no Leader")
    );
    // Only the Clerk takes the steps.
    let r = refused(&c, record("chairman"), &m(BOB), &fx);
    assert_eq!(r.cite.rule, "R-E1.5");
    let c = ok(&c, na("leader"), &o(CLERK), &fx).case;
    assert_eq!(
        c.steps.advise_leader,
        Some(StepRecord::NotApplicable {
            reason: s("the council has no Leader")
        })
    );
    let Err(Rejection::Invalid(e)) = c.step(record("leader"), &o(CLERK), &fx.ctx(), &NoDisclosures)
    else {
        panic!()
    };
    assert!(e[0].message.contains("already"));
}

#[test]
fn independent_member_and_missing_group_leader_are_derived() {
    let mut fx = fixture();
    let c = formal_case(&fx);
    fx.members[3].group = None;
    assert_eq!(
        derived_not_applicable(&c, Step::AdviseGroupLeader, &fx.ctx()).as_deref(),
        Some("Dan is independent (no political group)")
    );
    fx.members[3].group = Some(fx.council.groups[0].id);
    fx.council.groups[0].leader = None;
    assert_eq!(
        derived_not_applicable(&c, Step::AdviseGroupLeader, &fx.ctx()).as_deref(),
        Some("the Green group has no leader recorded")
    );
}

#[test]
fn where_the_clerk_complains_the_staffing_chair_takes_the_steps() {
    let fx = fixture();
    let c = open_on(&fx, o(CLERK), m(DAN), None);
    let c = ok(&c, formal("urgent"), &o(CLERK), &fx).case;
    let c = ok(&c, panel("M-005, M-007"), &m(CAT), &fx).case;
    let c = ok(&c, hearing(), &m(CAT), &fx).case;
    let c = ok(&c, decide("upheld", "2026-03-11"), &m(EVE), &fx).case;
    let r = refused(&c, record("group"), &o(CLERK), &fx);
    assert_eq!(r.cite.rule, "R-E1.7");
    let r = refused(&c, record("group"), &o(ROB), &fx);
    assert_eq!(r.cite.rule, "R-E1.7");
    assert!(r.reason.contains("Cat"), "{}", r.reason);
    assert!(c
        .step(record("group"), &m(CAT), &fx.ctx(), &FayKnowsRob)
        .is_ok());
}

#[test]
fn appeal_panel_is_disjoint_where_the_council_has_enough() {
    let mut fx = fixture();
    let c = formal_case(&fx);
    let c = ok(&c, panel("M-005, M-007"), &o(CLERK), &fx).case;
    let c = ok(&c, hearing(), &o(CLERK), &fx).case;
    let c = ok(&c, decide("not upheld", "2026-03-11"), &m(EVE), &fx).case;
    let c = ok(
        &c,
        CaseAction::LodgeAppeal {
            on: s("2026-03-12"),
            grounds: s("x"),
        },
        &o(ROB),
        &fx,
    )
    .case;
    let r = refused(&c, panel("M-002, M-005"), &o(CLERK), &fx);
    assert_eq!(r.cite.rule, "R-E1.6");
    // With only one eligible member who did not sit, an overlap is allowed and noted.
    for id in [ANN, CAT, FAY] {
        fx.members.iter_mut().find(|x| x.id == id).unwrap().term_end = Some(d(2026, 3, 1));
    }
    let ev = ok(&c, panel("M-002, M-005"), &o(CLERK), &fx);
    assert!(ev.note.unwrap().contains("R-E1.6"));
}

#[test]
fn deadlines_for_hearing_and_appeal() {
    let mut fx = fixture();
    let c = formal_case(&fx);
    // Written Thu 5 March 2026: five working days later is Thu 12 March.
    let dl = c.next_deadline(&fx.ctx()).unwrap();
    assert_eq!(
        (dl.due, dl.what, dl.cite.rule.as_str()),
        (d(2026, 3, 12), "hearing", "R-E1.3")
    );
    assert!(dl.is_overdue(d(2026, 3, 13)) && !dl.is_overdue(d(2026, 3, 12)));
    assert!(c.is_overdue(&fx.ctx()));
    let c = ok(&c, panel("M-005, M-007"), &o(CLERK), &fx).case;
    let ev = ok(
        &c,
        CaseAction::HoldHearing {
            on: s("2026-03-13"),
            companion: s(""),
        },
        &o(CLERK),
        &fx,
    );
    assert!(ev.note.unwrap().contains("R-E1.3"));
    let c = ok(&ev.case, decide("not upheld", "2026-03-13"), &m(EVE), &fx).case;
    let dl = c.next_deadline(&fx.ctx()).unwrap();
    assert_eq!((dl.due, dl.cite.rule.as_str()), (d(2026, 3, 27), "R-E1.6"));
    // Both count on the council calendar and say so.
    assert_eq!(dl.calendar, crate::domain::calendar::CalendarKind::Council);
    assert!(
        dl.describe()
            .contains("(council calendar; target 10 working days (council default))"),
        "{}",
        dl.describe()
    );
    // Closing inside the window is refused; after it, lodging is.
    let r = refused(&c, close("2026-03-20"), &o(CLERK), &fx);
    assert_eq!(r.cite.rule, "R-E1.6");
    fx.today = d(2026, 3, 30);
    let r = refused(
        &c,
        CaseAction::LodgeAppeal {
            on: s("2026-03-30"),
            grounds: s("x"),
        },
        &o(ROB),
        &fx,
    );
    assert_eq!(r.cite.rule, "R-E1.6");
    let r = refused(&c, close("2026-03-27"), &o(CLERK), &fx);
    assert_eq!(r.cite.rule, "R-E1.6");
    assert!(c
        .step(close("2026-03-30"), &o(CLERK), &fx.ctx(), &NoDisclosures)
        .is_ok());
    // R-E1.6 (ACAS Code): an appeal lodged on the last day of the window but entered after it is
    // checked against the day it was lodged, not today.
    let ev = ok(
        &c,
        CaseAction::LodgeAppeal {
            on: s("2026-03-27"),
            grounds: s("the panel did not hear my witness"),
        },
        &o(ROB),
        &fx,
    );
    assert_eq!(
        ev.case.state,
        CaseState::Grievance(GrievanceState::AppealLodged)
    );
}

#[test]
fn mo_answer_awaited_before_the_decision() {
    let fx = fixture();
    let c = formal_case(&fx);
    let c = ok(
        &c,
        CaseAction::ReferToMo {
            on: s("2026-03-06"),
            note: s(""),
        },
        &o(CLERK),
        &fx,
    )
    .case;
    let c = ok(&c, panel("M-005, M-007"), &o(CLERK), &fx).case;
    let c = ok(&c, hearing(), &o(CLERK), &fx).case;
    let r = refused(&c, decide("upheld", "2026-03-11"), &m(EVE), &fx);
    assert_eq!(r.cite.rule, "R-E1.4");
}

#[test]
fn no_individual_member_manages_an_officer() {
    let fx = fixture();
    let c = open_on(&fx, m(DAN), o(ROB), None);
    let c = ok(&c, informal(), &o(CLERK), &fx).case;
    let r = refused(
        &c,
        CaseAction::ConcernFormal {
            on: s("2026-03-05"),
            route: s("disciplinary"),
        },
        &m(ANN),
        &fx,
    );
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        ("R-E2.4", "CAV §2.2") // CAV's own words for LLTC §8.3
    );
    // For the Clerk, the staffing committee decides: not the Chairman.
    let c = open_on(&fx, m(DAN), o(CLERK), None);
    let c = ok(&c, informal(), &m(CAT), &fx).case;
    let r = refused(
        &c,
        CaseAction::ConcernFormal {
            on: s("2026-03-05"),
            route: s("capability"),
        },
        &m(ANN),
        &fx,
    );
    assert_eq!(r.cite.rule, "R-E2.4");
    assert!(r.reason.contains("staffing committee"));
    // The Clerk cannot handle a concern about herself.
    let r = refused(
        &c,
        CaseAction::ConcernFormal {
            on: s("2026-03-05"),
            route: s("capability"),
        },
        &o(CLERK),
        &fx,
    );
    assert_eq!(r.cite.rule, "R-E2.4");
}

#[test]
fn dates_must_not_be_future_nor_before_the_last_step() {
    let fx = fixture();
    let c = formal_case(&fx);
    let c = ok(&c, panel("M-005, M-007"), &o(CLERK), &fx).case;
    for bad in ["2026-03-21", "2026-03-04", "soon"] {
        let action = CaseAction::HoldHearing {
            on: s(bad),
            companion: s(""),
        };
        let Err(Rejection::Invalid(e)) = c.step(action, &o(CLERK), &fx.ctx(), &NoDisclosures)
        else {
            panic!("{bad}")
        };
        assert_eq!(e[0].field, "held on");
    }
}

#[test]
fn cases_round_trip_through_serde_types() {
    // The store keeps cases: every field type derives Serialize/Deserialize.
    fn assert_serde<T: serde::Serialize + for<'de> serde::Deserialize<'de>>() {}
    assert_serde::<Case>();
}

// ---- Property: random action sequences ------------------------------------------------------------

fn actors() -> Vec<PersonRef> {
    vec![
        m(ANN),
        m(BOB),
        m(CAT),
        m(DAN),
        m(EVE),
        m(FAY),
        m(GUS),
        o(CLERK),
        o(ROB),
        PersonRef::Other("a mediator".into()),
    ]
}

const DATES: [&str; 6] = [
    "2026-03-02",
    "2026-03-05",
    "2026-03-10",
    "2026-03-20",
    "2026-04-15",
    "2026-06-01",
];
const PANELS: [&str; 8] = [
    "M-005, M-006",
    "M-005, M-007",
    "M-004, M-005",
    "M-005",
    "M-001",
    "M-002, M-003",
    "M-002, M-005",
    "M-001, M-002, M-003",
];
const OUTCOMES: [&str; 3] = ["upheld", "partly upheld", "not upheld"];
const STEPS: [&str; 4] = ["leader", "group", "chairman", "vice"];

#[derive(Debug, Clone)]
enum Op {
    /// `offered`: pick the kind among what the case offers (so sequences get deep), else any kind.
    Act {
        offered: bool,
        kind: usize,
        pick: usize,
        date: usize,
        actor: usize,
    },
    Wait(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (any::<bool>(), 0..CaseActionKind::ALL.len(), 0..8usize, 0..DATES.len(), 0..10usize)
            .prop_map(|(offered, kind, pick, date, actor)| Op::Act { offered, kind, pick, date, actor }),
        1 => (1..40u64).prop_map(Op::Wait),
    ]
}

fn build(kind: CaseActionKind, pick: usize, date: &str) -> CaseAction {
    let on = s(date);
    match kind {
        CaseActionKind::StartInformal => CaseAction::StartInformal {
            on,
            by: s("mediator"),
            note: s(""),
        },
        CaseActionKind::ResolveInformally => CaseAction::ResolveInformally { on, note: s("ok") },
        CaseActionKind::GoFormal => CaseAction::GoFormal {
            written_on: on,
            skip_reason: if pick.is_multiple_of(2) {
                s("")
            } else {
                s("urgent")
            },
        },
        CaseActionKind::ConcernFormal => CaseAction::ConcernFormal {
            on,
            route: s("capability"),
        },
        CaseActionKind::AppointPanel => CaseAction::AppointPanel {
            members: s(PANELS[pick % PANELS.len()]),
        },
        CaseActionKind::HoldHearing => CaseAction::HoldHearing {
            on,
            companion: s(""),
        },
        CaseActionKind::ReferToMo => CaseAction::ReferToMo { on, note: s("") },
        CaseActionKind::RecordMoAnswer => CaseAction::RecordMoAnswer {
            on,
            answer: s("answer"),
        },
        CaseActionKind::Decide => CaseAction::Decide {
            on,
            outcome: s(OUTCOMES[pick % 3]),
            note: s(""),
        },
        CaseActionKind::RecordStep => CaseAction::RecordStep {
            step: s(STEPS[pick % 4]),
            on,
            note: s(""),
        },
        CaseActionKind::StepNotApplicable => CaseAction::StepNotApplicable {
            step: s(STEPS[pick % 4]),
        },
        CaseActionKind::LodgeAppeal => CaseAction::LodgeAppeal {
            on,
            grounds: s("grounds"),
        },
        CaseActionKind::Review => CaseAction::Review { on, note: s("") },
        CaseActionKind::Convert => CaseAction::Convert {
            reference: reference(2026, 50),
            on,
        },
        CaseActionKind::Close => CaseAction::Close { on, note: s("") },
        CaseActionKind::AppointIndependent => CaseAction::AppointIndependent {
            on,
            by: s("Pat Impartial"),
            note: s(""),
        },
        CaseActionKind::DirectDiscussion => CaseAction::DirectDiscussion { on, note: s("") },
        CaseActionKind::Consult => CaseAction::Consult {
            with: s(["member", "group-leader"][pick % 2]),
            on,
            note: s(""),
        },
        CaseActionKind::HearAppeal => CaseAction::HearAppeal {
            members: s(PANELS[pick % PANELS.len()]),
            on,
            outcome: s(OUTCOMES[pick % 3]),
            note: s(""),
        },
    }
}

fn check_invariants(case: &Case, register: &dyn ConflictRegister, fx: &Fixture) {
    let parties = [&case.raised_by, &case.about];
    let check_panel = |panel: &[MemberId]| {
        if panel.is_empty() {
            return;
        }
        assert!(panel.len() >= 2, "panel too small: {panel:?}");
        for member in panel {
            assert!(
                !parties.iter().any(|p| p.same_as(&m(*member))),
                "a party sits: {panel:?}"
            );
            for p in parties {
                assert!(
                    register.conflict(*member, p, fx.today).is_none(),
                    "conflicted member sits: {panel:?}"
                );
            }
        }
    };
    check_panel(&case.panel);
    if let Some(appeal) = &case.appeal {
        check_panel(&appeal.panel);
    }
    for decision in case
        .decision
        .iter()
        .chain(case.appeal.as_ref().and_then(|a| a.decision.as_ref()))
    {
        assert!(
            !parties.iter().any(|p| p.same_as(&decision.by)),
            "a party decided"
        );
    }
    for h in &case.handlers {
        if let Some(p) = &h.person {
            assert!(
                !parties.iter().any(|x| x.same_as(p)),
                "a party handles: {h:?}"
            );
        }
    }
    if case.path == Path::OfficerGrievance
        && case.state == CaseState::Closed
        && case.outcome().is_some_and(|o| o.is_upheld())
    {
        assert!(
            case.steps.complete(),
            "upheld case closed without its steps: {:?}",
            case.steps
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_sequences_keep_the_invariants(start in 0..5usize, ops in prop::collection::vec(op(), 1..60)) {
        let mut fx = fixture();
        let mut case = match start {
            0 => grievance(&fx),
            1 => open_on(&fx, o(CLERK), m(DAN), None),
            2 => open_on(&fx, m(DAN), o(ROB), None),
            3 => open_on(&fx, m(DAN), o(CLERK), None),
            _ => open_on(&fx, o(ROB), m(DAN), Some(Path::Breach(BreachCategory::UnduePressure))),
        };
        let everyone = actors();
        for op in ops {
            match op {
                Op::Wait(days) => fx.today = fx.today + chrono::Days::new(days),
                Op::Act { offered, kind, pick, date, actor } => {
                    let choices = case.available(&fx.ctx());
                    let kind = if offered && !choices.is_empty() {
                        choices[kind % choices.len()]
                    } else {
                        CaseActionKind::ALL[kind]
                    };
                    let actor = &everyone[actor];
                    let offered = case.available(&fx.ctx()).contains(&kind);
                    match case.step(build(kind, pick, DATES[date]), actor, &fx.ctx(), &FayKnowsRob) {
                        Ok(ev) => {
                            prop_assert!(offered, "{kind:?} accepted but not offered");
                            let is_party = actor.same_as(&case.raised_by) || actor.same_as(&case.about);
                            prop_assert!(!is_party || matches!(kind, CaseActionKind::GoFormal | CaseActionKind::LodgeAppeal | CaseActionKind::RecordMoAnswer),
                                "a party took {kind:?}");
                            check_invariants(&ev.case, &FayKnowsRob, &fx);
                            if let Some(spawned) = &ev.spawned {
                                check_invariants(spawned, &FayKnowsRob, &fx);
                            }
                            case = ev.case;
                        }
                        Err(Rejection::Refused(r)) => prop_assert!(r.cite.rule.starts_with("R-"), "{r}"),
                        Err(Rejection::Invalid(_)) => {}
                    }
                }
            }
        }
    }
}

/// RULES.md (top): a clause is cited from the council's own protocol. The same refused step cites
/// CAV on a Banbury council and TWY on a toolkit council; the audit event of an allowed step too.
#[test]
fn refusals_and_events_cite_the_councils_own_protocol() {
    let banbury = fixture();
    let mut toolkit = toolkit_fixture();
    let shipped = crate::assets::profile("toolkit").unwrap();
    toolkit.profile.clauses = shipped.clauses;
    toolkit.profile.sources = shipped.sources;
    for (fx, source) in [(&banbury, "CAV"), (&toolkit, "TWY")] {
        let case = grievance(fx);
        // A panel before the written grievance: R-E1.2, the formal stage.
        let r = refused(&case, panel("M-001, M-002"), &o(CLERK), fx);
        assert_eq!(r.cite.rule, "R-E1.2");
        assert!(
            r.cite.clause.starts_with(source),
            "{}: {} cites {}",
            fx.profile.id,
            r.cite.rule,
            r.cite.clause
        );
        assert_eq!(case.not_now(CaseActionKind::AppointPanel, &fx.ctx()), r);
        // The allowed path: the event's citation is the council's own too.
        let ev = ok(&case, informal(), &o(CLERK), fx);
        if let Some(cite) = &ev.cite {
            assert!(cite.clause.starts_with(source), "{cite}");
        }
        let ev = ok(&ev.case, formal(""), &o(ROB), fx);
        let cite = ev.cite.expect("the formal stage cites its rule");
        assert!(
            cite.clause.starts_with(source) || cite.clause.starts_with("ACAS"),
            "{}: {cite}",
            fx.profile.id
        );
    }
}

/// R-E1.6: on appeal the appeal panel decides, so the decision is offered to its first member, not
/// to the first panel's (the screen and the CLI both ask `default_actor`). Every other step is
/// offered to the case's handler.
#[test]
fn the_default_decider_on_appeal_is_the_appeal_panel() {
    for (fx, cases) in all_routes() {
        let ctx = fx.ctx();
        for case in cases {
            let decider = case.default_actor(CaseActionKind::Decide, &ctx, &FayKnowsRob);
            match case.state {
                CaseState::Grievance(GrievanceState::AppealPanelAppointed) => {
                    let appeal = case.appeal.as_ref().unwrap();
                    assert_eq!(decider, Some(m(appeal.panel[0])));
                    assert!(!case.panel.contains(&appeal.panel[0]));
                }
                CaseState::Grievance(GrievanceState::HearingHeld) => {
                    assert_eq!(decider, Some(m(case.panel[0])));
                }
                _ => {}
            }
            let handler = case.handlers.iter().find_map(|h| h.person.clone());
            if handler.is_some() {
                assert_eq!(
                    case.default_actor(CaseActionKind::Close, &ctx, &FayKnowsRob),
                    handler
                );
            }
        }
    }
}

#[test]
fn the_member_complained_about_cannot_record_the_written_grievance() {
    // R-E1.2 (TWY §4.2) with R-E1.7: the written grievance is the officer's; Dan, complained about,
    // may not record it on the case about him, while Rob (the officer) and the Clerk may.
    let fx = fixture();
    let c = grievance(&fx);
    let r = refused(&c, formal("urgent"), &m(DAN), &fx);
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        ("R-E1.2", "CAV §5.1") // the Banbury council's own clause
    );
    assert!(r.reason.contains("complained about"), "{}", r.reason);
    assert_eq!(
        ok(&c, formal("urgent"), &o(ROB), &fx).case.state,
        gs(GrievanceState::Formal)
    );
    assert_eq!(
        ok(&c, formal("urgent"), &o(CLERK), &fx).case.state,
        gs(GrievanceState::Formal)
    );
}

// ---- R-E1.7: stand-ins from the profile's chain ---------------------------------------------------

/// The fixture under one of the four real profiles (`assets/protocols/`), a town council for the
/// town model, with a Monitoring Officer recorded.
fn under(profile: &str) -> Fixture {
    let mut fx = fixture();
    fx.profile = crate::assets::profile(profile).unwrap();
    fx.council.profile = profile.to_string();
    if profile == "town" {
        fx.council.kind = CouncilKind::Town;
    }
    fx.council
        .set_monitoring_officer("Priya Natarajan", "", "", "")
        .unwrap();
    fx
}

/// Bob (Vice-Chairman) and Ann (Chairman) have each declared a relationship with the Clerk (R-D1).
struct ChairsKnowTheClerk;

impl ConflictRegister for ChairsKnowTheClerk {
    fn conflict(&self, member: MemberId, with: &PersonRef, _on: NaiveDate) -> Option<Conflict> {
        (matches!(member, ANN | BOB) && *with == o(CLERK)).then(|| Conflict {
            reference: format!("D-00{}", member.0),
            description: "friendship with the Clerk".into(),
        })
    }
}

/// Handlers as (role, person), for tables.
type Named = Vec<(Role, Option<PersonRef>)>;

fn handlers_of(p: &Proposal) -> Named {
    p.handlers
        .iter()
        .map(|h| (h.role, h.person.clone()))
        .collect()
}

#[test]
fn routing_tables_for_all_four_models() {
    let mo = PersonRef::Other("Priya Natarajan".into());
    // (profile, raised by, about, handlers) — Ann is Chairman (and, on a town council, Town Mayor),
    // Bob Vice-Chairman, Cat Chair of the Staffing Committee, Dan a member, Rob the RFO.
    let rows: Vec<(&str, PersonRef, PersonRef, Named)> = vec![
        // Banbury (CAV §5.1, §5.2).
        (
            "banbury",
            o(ROB),
            m(DAN),
            vec![(Role::Clerk, Some(o(CLERK)))],
        ),
        (
            "banbury",
            o(CLERK),
            m(DAN),
            vec![(Role::StaffingChair, Some(m(CAT)))],
        ),
        (
            "banbury",
            o(CLERK),
            m(CAT),
            vec![(Role::ViceChairman, Some(m(BOB)))],
        ),
        (
            "banbury",
            m(DAN),
            o(CLERK),
            vec![(Role::StaffingChair, Some(m(CAT)))],
        ),
        (
            "banbury",
            m(CAT),
            o(CLERK),
            vec![(Role::ViceChairman, Some(m(BOB)))],
        ),
        // Toolkit (TWY §4.1–4.4): the Clerk is the subject, never the handler.
        (
            "toolkit",
            o(ROB),
            m(DAN),
            vec![(Role::StaffingChair, Some(m(CAT)))],
        ),
        (
            "toolkit",
            o(ROB),
            m(CAT),
            vec![(Role::ViceChairman, Some(m(BOB)))],
        ),
        (
            "toolkit",
            m(DAN),
            o(CLERK),
            vec![
                (Role::Chairman, Some(m(ANN))),
                (Role::StaffingChair, Some(m(CAT))),
            ],
        ),
        // The Chairman raising it: the delegated group's Chair handles it alone.
        (
            "toolkit",
            m(ANN),
            o(CLERK),
            vec![(Role::StaffingChair, Some(m(CAT)))],
        ),
        // Town (LLTC §5, §8.7): the Town Mayor is the Chairman.
        ("town", o(ROB), m(DAN), vec![(Role::Clerk, Some(o(CLERK)))]),
        (
            "town",
            o(CLERK),
            m(DAN),
            vec![(Role::Chairman, Some(m(ANN)))],
        ),
        (
            "town",
            o(CLERK),
            m(ANN),
            vec![(Role::ViceChairman, Some(m(BOB)))],
        ),
        (
            "town",
            m(DAN),
            o(CLERK),
            vec![(Role::TownMayor, Some(m(ANN)))],
        ),
        (
            "town",
            m(ANN),
            o(CLERK),
            vec![(Role::ViceChairman, Some(m(BOB)))],
        ),
        // Borough (BOR §2.7, §2.8): the Monitoring Officer stands in for the Clerk.
        (
            "borough",
            o(ROB),
            m(DAN),
            vec![
                (Role::Clerk, Some(o(CLERK))),
                (Role::MonitoringOfficer, Some(mo.clone())),
            ],
        ),
        (
            "borough",
            o(CLERK),
            m(DAN),
            vec![(Role::MonitoringOfficer, Some(mo.clone()))],
        ),
        (
            "borough",
            m(DAN),
            o(ROB),
            vec![(Role::LineManager, Some(o(CLERK)))],
        ),
        // The Chair of Staffing raising it: the borough profile's chain starts with the MO.
        (
            "borough",
            m(CAT),
            o(CLERK),
            vec![(Role::MonitoringOfficer, Some(mo.clone()))],
        ),
    ];
    for (profile, raised_by, about, want) in rows {
        let fx = under(profile);
        let p = triage(
            &raised_by,
            &about,
            Channel::Email,
            &fx.ctx(),
            &NoDisclosures,
        );
        assert_eq!(
            handlers_of(&p),
            want,
            "{profile}: {raised_by:?} about {about:?}: {}",
            p.explanation
        );
        // Anyone not named by the profile's routing is a stand-in, and triage says so (R-E1.7).
        let routed = match (p.path, &about) {
            (Path::OfficerGrievance, _) => fx.profile.officer_grievance.handlers.clone(),
            (Path::MemberConcern, x) if *x == o(CLERK) => {
                fx.profile.member_concern_about_clerk.handlers.clone()
            }
            (Path::MemberConcern, _) => fx.profile.member_concern.handlers.clone(),
            (Path::Breach(_), _) => vec![Role::Clerk],
        };
        for (role, _) in &want {
            if !routed.contains(role) {
                assert!(
                    p.explanation.contains("stands in") && p.explanation.contains("R-E1.7"),
                    "{profile}: {role:?} stands in unexplained: {}",
                    p.explanation
                );
            }
        }
    }
}

#[test]
fn the_clerks_grievance_about_the_staffing_chair_goes_to_the_vice_chairman() {
    // R-E1.7 (CAV §5.1): Cat chairs the Staffing Committee and is complained about, so the next in
    // the chain (the Vice-Chairman) takes the Clerk's steps; triage says who and why.
    let fx = fixture();
    let p = triage(
        &o(CLERK),
        &m(CAT),
        Channel::Email,
        &fx.ctx(),
        &NoDisclosures,
    );
    assert_eq!(handlers_of(&p), [(Role::ViceChairman, Some(m(BOB)))]);
    assert!(p.explanation.contains("R-E1.7"), "{}", p.explanation);
    assert!(p.explanation.contains("Cllr Bob"), "{}", p.explanation);
    assert!(
        p.explanation.contains("Cllr Cat is the person it is about"),
        "{}",
        p.explanation
    );
    let c = open_on(&fx, o(CLERK), m(CAT), None);
    let c = ok(&c, formal("urgent"), &o(CLERK), &fx).case;
    let c = ok(&c, panel("M-005, M-007"), &m(BOB), &fx).case;
    let c = ok(&c, hearing(), &m(BOB), &fx).case;
    let c = ok(&c, decide("upheld", "2026-03-11"), &m(EVE), &fx).case;
    // Refused: Cat (a party) and the Clerk (a party).
    for who in [m(CAT), o(CLERK)] {
        let r = refused(&c, record("chairman"), &who, &fx);
        assert_eq!(r.cite.rule, "R-E1.7", "{who:?}");
    }
    // Allowed: the Vice-Chairman.
    let ev = ok(&c, record("chairman"), &m(BOB), &fx);
    assert!(ev.case.steps.get(Step::ConsultChairman).is_some());
}

#[test]
fn a_conflicted_stand_in_is_passed_over_and_where_everyone_is_excluded_the_case_says_so() {
    // Cat is complained about; Bob and Ann have declared relationships with the Clerk (R-D1).
    let fx = fixture();
    let ctx = fx.ctx();
    let p = triage(
        &o(CLERK),
        &m(CAT),
        Channel::Email,
        &ctx,
        &ChairsKnowTheClerk,
    );
    // The Clerk (complainant), Cat (complained about), Bob and Ann (conflicted): nobody.
    assert_eq!(handlers_of(&p), [(Role::Clerk, None)]);
    assert!(
        p.explanation.contains("independent person"),
        "{}",
        p.explanation
    );
    assert!(p.explanation.contains("D-002"), "{}", p.explanation);
    assert!(p.explanation.contains("R-E1.7"), "{}", p.explanation);
    // With only Bob conflicted, the Chairman stands in.
    struct BobKnowsTheClerk;
    impl ConflictRegister for BobKnowsTheClerk {
        fn conflict(&self, member: MemberId, with: &PersonRef, _: NaiveDate) -> Option<Conflict> {
            (member == BOB && *with == o(CLERK)).then(|| Conflict {
                reference: "D-002".into(),
                description: "friendship".into(),
            })
        }
    }
    let p = triage(&o(CLERK), &m(CAT), Channel::Email, &ctx, &BobKnowsTheClerk);
    assert_eq!(handlers_of(&p), [(Role::Chairman, Some(m(ANN)))]);

    // The case opened with nobody to handle it offers the way out, and refuses a party as the
    // independent person.
    let inp = input(o(CLERK), m(CAT), Channel::Email);
    let p = triage(
        &inp.raised_by,
        &inp.about,
        inp.channel,
        &ctx,
        &ChairsKnowTheClerk,
    );
    let c = Case::open(
        reference(2026, 1),
        &inp,
        &p,
        p.path,
        "",
        &ctx,
        &ChairsKnowTheClerk,
    )
    .unwrap();
    assert!(c
        .available(&ctx)
        .contains(&CaseActionKind::AppointIndependent));
    let council = PersonRef::Other("the council (minute 41/26)".into());
    let appoint = |by: &str| CaseAction::AppointIndependent {
        on: s("2026-03-03"),
        by: s(by),
        note: s("appointed by the council"),
    };
    let r = c
        .step(appoint("Cat"), &council, &ctx, &ChairsKnowTheClerk)
        .map(|_| ())
        .unwrap_err();
    let Rejection::Refused(r) = r else {
        panic!("a member is not an independent person")
    };
    assert_eq!(r.cite.rule, "R-E1.7");
    let c = c
        .step(
            appoint("Pat Impartial"),
            &council,
            &ctx,
            &ChairsKnowTheClerk,
        )
        .unwrap()
        .case;
    assert_eq!(
        handlers_of_case(&c),
        [(
            Role::IndependentPerson,
            Some(PersonRef::Other("Pat Impartial".into()))
        )]
    );
    assert!(!c
        .available(&ctx)
        .contains(&CaseActionKind::AppointIndependent));

    // Through to upheld: the independent person takes the Clerk's steps; Bob and Ann may not.
    let step = |c: &Case, a: CaseAction, who: &PersonRef| {
        c.step(a, who, &ctx, &ChairsKnowTheClerk).unwrap().case
    };
    let pat = PersonRef::Other("Pat Impartial".into());
    let c = step(&c, formal("urgent"), &o(CLERK));
    let c = step(&c, panel("M-005, M-007"), &pat);
    let c = step(&c, hearing(), &pat);
    let c = step(&c, decide("upheld", "2026-03-11"), &m(EVE));
    for who in [m(BOB), m(ANN), m(CAT), o(CLERK)] {
        let Err(Rejection::Refused(r)) =
            c.step(record("chairman"), &who, &ctx, &ChairsKnowTheClerk)
        else {
            panic!("{who:?} may not take the steps")
        };
        assert!(r.cite.rule.starts_with("R-"), "{r}");
    }
    assert!(c
        .step(record("chairman"), &pat, &ctx, &ChairsKnowTheClerk)
        .is_ok());
}

#[test]
fn an_upheld_case_whose_step_taker_is_excluded_says_so_and_offers_the_way_out() {
    // Opened before anyone declared anything; by the decision Bob and Ann have declared
    // relationships with the Clerk, and Cat is complained about: nobody may take the steps.
    let fx = fixture();
    let ctx = fx.ctx();
    let c = open_on(&fx, o(CLERK), m(CAT), None);
    let c = ok(&c, formal("urgent"), &o(CLERK), &fx).case;
    let c = ok(&c, panel("M-005, M-007"), &m(BOB), &fx).case;
    let c = ok(&c, hearing(), &m(BOB), &fx).case;
    let ev = c
        .step(
            decide("upheld", "2026-03-11"),
            &m(EVE),
            &ctx,
            &ChairsKnowTheClerk,
        )
        .unwrap();
    assert!(
        ev.note
            .as_deref()
            .unwrap_or("")
            .contains("independent person"),
        "{:?}",
        ev.note
    );
    let c = ev.case;
    assert!(c
        .available(&ctx)
        .contains(&CaseActionKind::AppointIndependent));
    let Err(Rejection::Refused(r)) = c.step(record("leader"), &m(BOB), &ctx, &ChairsKnowTheClerk)
    else {
        panic!("Bob is conflicted")
    };
    assert_eq!(r.cite.rule, "R-D1");
    // Eve is neither a party nor conflicted, but not in the chain: the refusal gives the way out.
    let Err(Rejection::Refused(r)) = c.step(record("leader"), &m(EVE), &ctx, &ChairsKnowTheClerk)
    else {
        panic!("Eve is not the step-taker")
    };
    assert_eq!(r.cite.rule, "R-E1.7");
    assert!(r.reason.contains("independent person"), "{}", r.reason);
    let c = c
        .step(
            CaseAction::AppointIndependent {
                on: s("2026-03-12"),
                by: s("Pat Impartial"),
                note: s(""),
            },
            &PersonRef::Other("the council".into()),
            &ctx,
            &ChairsKnowTheClerk,
        )
        .unwrap()
        .case;
    assert!(c
        .step(
            record("leader"),
            &PersonRef::Other("Pat Impartial".into()),
            &ctx,
            &ChairsKnowTheClerk
        )
        .is_ok());
}

fn handlers_of_case(c: &Case) -> Named {
    c.handlers
        .iter()
        .map(|h| (h.role, h.person.clone()))
        .collect()
}

// ---- No dead ends (R-E1.7), under all four profiles ------------------------------------------------

/// A register built from generated (member, officer) relationships (R-D1).
#[derive(Debug, Clone)]
struct Declared(Vec<(MemberId, OfficerId)>);

impl ConflictRegister for Declared {
    fn conflict(&self, member: MemberId, with: &PersonRef, _on: NaiveDate) -> Option<Conflict> {
        let PersonRef::Officer(officer) = with else {
            return None;
        };
        self.0
            .iter()
            .any(|(m, o)| *m == member && o == officer)
            .then(|| Conflict {
                reference: format!("D-{}{}", member.0, officer.0),
                description: "a declared friendship".into(),
            })
    }
}

const PROFILES: [&str; 4] = ["banbury", "toolkit", "town", "borough"];
const INDEPENDENT: &str = "Pat Impartial";

/// Every action worth trying in the case's state, with inputs a clerk could give: a panel of
/// eligible members, each outcome, each outstanding step.
fn candidates(case: &Case, fx: &Fixture, register: &Declared) -> Vec<CaseAction> {
    let today = crate::domain::dates::show(fx.today);
    let ctx = fx.ctx();
    let eligible: Vec<MemberId> = fx
        .members
        .iter()
        .map(|x| x.id)
        .filter(|id| {
            triage::exclusion(&m(*id), &case.raised_by, &case.about, &ctx, register).is_none()
        })
        .collect();
    let fresh: Vec<MemberId> = eligible
        .iter()
        .copied()
        .filter(|id| !case.panel.contains(id))
        .collect();
    let names = |ids: &[MemberId]| {
        ids.iter()
            .take(2)
            .map(|id| id.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();
    for kind in case.available(&ctx) {
        let on = today.clone();
        match kind {
            CaseActionKind::AppointPanel => {
                out.push(CaseAction::AppointPanel {
                    members: names(&fresh),
                });
                out.push(CaseAction::AppointPanel {
                    members: names(&eligible),
                });
            }
            CaseActionKind::Decide => {
                for outcome in OUTCOMES {
                    out.push(CaseAction::Decide {
                        on: on.clone(),
                        outcome: s(outcome),
                        note: s(""),
                    });
                }
            }
            CaseActionKind::RecordStep | CaseActionKind::StepNotApplicable => {
                for step in case.steps.outstanding() {
                    out.push(build(
                        kind,
                        STEPS.iter().position(|k| *k == step.key()).unwrap(),
                        &on,
                    ));
                }
            }
            CaseActionKind::AppointIndependent => out.push(CaseAction::AppointIndependent {
                on,
                by: s(INDEPENDENT),
                note: s(""),
            }),
            CaseActionKind::GoFormal => out.push(CaseAction::GoFormal {
                written_on: on,
                skip_reason: s("urgent"),
            }),
            other => out.push(build(other, 0, &on)),
        }
    }
    out
}

/// Everyone who might take a step: every member and officer, the Monitoring Officer, the
/// independent person, and the council itself (recording a resolution).
fn everyone(fx: &Fixture) -> Vec<PersonRef> {
    let mut v: Vec<PersonRef> = fx.members.iter().map(|x| m(x.id)).collect();
    v.extend(fx.officers.iter().map(|x| o(x.id)));
    v.push(PersonRef::Other("Priya Natarajan".into()));
    v.push(PersonRef::Other(INDEPENDENT.into()));
    v.push(PersonRef::Other("the council".into()));
    v
}

/// Nobody excluded by R-E1.7 or R-D1 handles, sits, decides, or is the step-taker.
fn check_nobody_excluded(case: &Case, fx: &Fixture, register: &Declared) {
    let ctx = fx.ctx();
    let excluded =
        |p: &PersonRef| triage::exclusion(p, &case.raised_by, &case.about, &ctx, register);
    for h in &case.handlers {
        if let Some(p) = &h.person {
            assert_eq!(excluded(p), None, "handler {h:?}");
        }
    }
    let appeal_panel = case
        .appeal
        .as_ref()
        .map(|a| a.panel.clone())
        .unwrap_or_default();
    for id in case.panel.iter().chain(&appeal_panel) {
        assert_eq!(excluded(&m(*id)), None, "panel member {id}");
    }
    for d in case
        .decision
        .iter()
        .chain(case.appeal.as_ref().and_then(|a| a.decision.as_ref()))
    {
        assert_eq!(excluded(&d.by), None, "decider");
    }
    if case.state == CaseState::Grievance(GrievanceState::Upheld) {
        if let Ok(holder) = super::officer_grievance::step_holder(case, &ctx, register) {
            assert_eq!(excluded(&holder), None, "step-taker");
        }
    }
}

fn random_council(profile: usize, offices: &[usize; 4], clerk_present: bool) -> Fixture {
    let mut fx = under(PROFILES[profile]);
    fx.council.offices.clear();
    for (office, holder) in [
        Office::Chairman,
        Office::ViceChairman,
        Office::StaffingChair,
        Office::Leader,
    ]
    .into_iter()
    .zip(offices)
    {
        if let Some(member) = fx.members.get(*holder) {
            // R-M2 refuses the Chairman as Vice-Chairman too: that office is then left vacant.
            let _ = fx.council.appoint(office, member.id, d(2025, 5, 12));
        }
    }
    if !clerk_present {
        fx.officers.retain(|x| x.id != CLERK);
        for x in fx.officers.iter_mut() {
            x.line_manager = LineManager::Council;
        }
    }
    fx
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(192))]

    /// R-E1.7 "no dead ends": under every profile, with random office holders (any of them may be
    /// vacant, a party or conflicted), random parties and up to three declared relationships, every
    /// reachable state of an open case has a step that someone may take, and nobody excluded ever
    /// handles, sits, decides or takes the Clerk's steps.
    #[test]
    fn no_dead_ends_under_any_profile(
        profile in 0..4usize,
        offices in [0..9usize, 0..9usize, 0..9usize, 0..9usize],
        clerk_present in prop::bool::weighted(0.85),
        parties in 0..6usize,
        declared in prop::collection::vec((0..7u32, 1..3u32), 0..=3),
        picks in prop::collection::vec((0..64usize, 0..12u64), 1..40),
    ) {
        let mut fx = random_council(profile, &offices, clerk_present);
        let register = Declared(
            declared.into_iter().map(|(mm, oo)| (MemberId(mm + 1), OfficerId(oo))).collect(),
        );
        let rob = o(ROB);
        let (raised_by, about) = match parties {
            0 => (rob.clone(), m(DAN)),
            1 => (o(CLERK), m(DAN)),
            2 => (o(CLERK), m(fx.members[offices[2] % 7].id)),
            3 => (m(DAN), o(CLERK)),
            4 => (m(fx.members[offices[2] % 7].id), o(CLERK)),
            _ => (m(DAN), rob.clone()),
        };
        prop_assume!(clerk_present || (raised_by != o(CLERK) && about != o(CLERK)));
        let ctx = fx.ctx();
        let inp = CaseInput { raised_by, about, ..input(o(ROB), m(DAN), Channel::Email) };
        let proposal = triage(&inp.raised_by, &inp.about, inp.channel, &ctx, &register);
        let mut case = Case::open(reference(2026, 1), &inp, &proposal, proposal.path, "", &ctx, &register)
            .unwrap();
        check_nobody_excluded(&case, &fx, &register);
        for (pick, wait) in picks {
            if case.state == CaseState::Closed {
                break;
            }
            fx.today = fx.today + chrono::Days::new(wait);
            let ctx = fx.ctx();
            let mut allowed = Vec::new();
            for action in candidates(&case, &fx, &register) {
                for actor in everyone(&fx) {
                    if let Ok(ev) = case.step(action.clone(), &actor, &ctx, &register) {
                        allowed.push(ev.case);
                    }
                }
            }
            prop_assert!(
                !allowed.is_empty(),
                "dead end under {}: {:?} in {:?}, handlers {:?}, offers {:?}",
                PROFILES[profile], case.path, case.state, case.handlers, case.available(&ctx)
            );
            case = allowed.swap_remove(pick % allowed.len());
            check_nobody_excluded(&case, &fx, &register);
        }
    }
}

#[test]
fn an_officer_conflicted_with_the_member_raising_a_concern_does_not_decide_it() {
    // R-D1 (LLTC §7.7) with R-E1.7: the Clerk, Rob's line manager, has declared a friendship with
    // Dan, who raises a concern about Rob. Nobody else may decide it (no member manages an officer,
    // LLTC §8.3), so the case offers the way out from the start.
    let fx = fixture();
    let ctx = fx.ctx();
    let register = Declared(vec![(DAN, CLERK)]);
    let inp = input(m(DAN), o(ROB), Channel::Email);
    let p = triage(&inp.raised_by, &inp.about, inp.channel, &ctx, &register);
    let c = Case::open(reference(2026, 1), &inp, &p, p.path, "", &ctx, &register).unwrap();
    assert!(c
        .available(&ctx)
        .contains(&CaseActionKind::AppointIndependent));
    let c = c.step(informal(), &m(EVE), &ctx, &register).unwrap().case;
    let formal = CaseAction::ConcernFormal {
        on: s("2026-03-04"),
        route: s("capability"),
    };
    let Err(Rejection::Refused(r)) = c.step(formal.clone(), &o(CLERK), &ctx, &register) else {
        panic!("the Clerk is conflicted")
    };
    assert_eq!(r.cite.rule, "R-D1");
    let c = c
        .step(
            CaseAction::AppointIndependent {
                on: s("2026-03-04"),
                by: s(INDEPENDENT),
                note: s(""),
            },
            &PersonRef::Other("the council".into()),
            &ctx,
            &register,
        )
        .unwrap()
        .case;
    let pat = PersonRef::Other(INDEPENDENT.into());
    assert!(c.step(formal, &pat, &ctx, &register).is_ok());
}

#[test]
fn under_the_toolkit_the_first_step_with_the_clerk_is_named_and_the_clerk_never_handles_it() {
    // R-E2.1 (TWY §4.4, §4.2): raising a concern about the Clerk with the Clerk is the first,
    // informal step; the Clerk is its subject, never its handler.
    let fx = under("toolkit");
    let ctx = fx.ctx();
    let p = triage(&m(DAN), &o(CLERK), Channel::Email, &ctx, &NoDisclosures);
    assert!(
        p.explanation
            .contains("First step: the member raises it with the Clerk in the first instance"),
        "{}",
        p.explanation
    );
    assert!(!p.handlers.iter().any(|h| h.person == Some(o(CLERK))));
    let c = open_on(&fx, m(DAN), o(CLERK), None);
    let ev = ok(&c, informal(), &m(ANN), &fx);
    assert!(
        ev.note.as_deref().unwrap_or("").starts_with("first step:"),
        "{:?}",
        ev.note
    );
    // The Clerk, the subject, may not take it.
    let r = refused(&c, informal(), &o(CLERK), &fx);
    assert!(r.cite.rule.starts_with("R-E2"), "{r}");
    // Under Banbury no first step is named.
    let fx = under("banbury");
    let p = triage(
        &m(DAN),
        &o(CLERK),
        Channel::Email,
        &fx.ctx(),
        &NoDisclosures,
    );
    assert!(!p.explanation.contains("First step"), "{}", p.explanation);
}

/// R-E1.6: on appeal the decision is the appeal panel's, so the person named by default to record
/// it is the appeal panel's first member, not the first panel's; other steps fall to the handler.
#[test]
fn the_default_decider_on_appeal_is_the_appeal_panels_first_member() {
    let fx = fixture();
    let route = drive(
        &fx,
        grievance(&fx),
        vec![
            (formal("urgent"), o(ROB), gs(GrievanceState::Formal)),
            (
                panel("M-005, M-007"),
                o(CLERK),
                gs(GrievanceState::PanelAppointed),
            ),
            (hearing(), o(CLERK), gs(GrievanceState::HearingHeld)),
        ],
    );
    let heard = route.last().unwrap();
    let ctx = fx.ctx();
    assert_eq!(
        heard.default_actor(CaseActionKind::Decide, &ctx, &FayKnowsRob),
        Some(m(EVE))
    );
    let route = drive(
        &fx,
        heard.clone(),
        vec![
            (
                decide("not upheld", "2026-03-11"),
                m(EVE),
                gs(GrievanceState::AppealWindow),
            ),
            (
                CaseAction::LodgeAppeal {
                    on: s("2026-03-13"),
                    grounds: s("evidence ignored"),
                },
                o(ROB),
                gs(GrievanceState::AppealLodged),
            ),
            (
                panel("M-002, M-003"),
                o(CLERK),
                gs(GrievanceState::AppealPanelAppointed),
            ),
        ],
    );
    let appeal = route.last().unwrap();
    assert_eq!(
        appeal.default_actor(CaseActionKind::Decide, &ctx, &FayKnowsRob),
        Some(m(BOB))
    );
    assert!(appeal
        .default_actor(CaseActionKind::Close, &ctx, &FayKnowsRob)
        .is_some());
}

// ---- A handler conflicted after the case opened (R-E3 with R-E1.7) ------------------------------

/// Fay declares a friendship with the Clerk after her breach was logged (R-D1).
struct FayKnowsClara;

impl ConflictRegister for FayKnowsClara {
    fn conflict(&self, member: MemberId, with: &PersonRef, _on: NaiveDate) -> Option<Conflict> {
        (member == FAY && *with == o(CLERK)).then(|| Conflict {
            reference: "D-008".into(),
            description: "friendship with Clara".into(),
        })
    }
}

#[test]
fn a_breach_whose_clerk_becomes_conflicted_goes_to_the_stand_in_not_to_a_dead_end() {
    let fx = fixture();
    let ctx = fx.ctx();
    let case = open_on(
        &fx,
        m(FAY),
        o(ROB),
        Some(Path::Breach(BreachCategory::UnduePressure)),
    );
    let review = || CaseAction::Review {
        on: s("2026-03-20"),
        note: s(""),
    };
    // Logged with nobody conflicted: the Clerk reviews, and is the one offered.
    assert_eq!(
        case.default_actor(CaseActionKind::Review, &ctx, &NoDisclosures),
        Some(o(CLERK))
    );
    assert!(case.step(review(), &o(CLERK), &ctx, &NoDisclosures).is_ok());

    // Then Fay declares a friendship with the Clerk: the Clerk is refused, citing R-D1 ...
    let stand_in = case
        .default_actor(CaseActionKind::Review, &ctx, &FayKnowsClara)
        .expect("the profile's chain gives a stand-in");
    assert_ne!(stand_in, o(CLERK));
    assert_ne!(stand_in, m(FAY));
    match case.step(review(), &o(CLERK), &ctx, &FayKnowsClara) {
        Err(Rejection::Refused(r)) => {
            assert_eq!(r.cite.rule, "R-D1");
            assert!(r.reason.contains("D-008"), "{}", r.reason);
        }
        other => panic!("the conflicted Clerk reviewed: {other:?}"),
    }
    // ... and the stand-in the screen offers may review: the case is not stuck.
    let ev = case
        .step(review(), &stand_in, &ctx, &FayKnowsClara)
        .expect("the stand-in reviews");
    assert_eq!(
        ev.case.state,
        CaseState::Breach(crate::domain::grievance::BreachState::ReviewedByClerk)
    );
}

// ---- R-E3: categories follow the profile -------------------------------------------------------

/// Opens a breach of `category` under `profile`: the case, or the refusal.
fn log_breach(
    profile: &str,
    raised_by: PersonRef,
    about: PersonRef,
    category: BreachCategory,
) -> Result<Case, Rejection> {
    let fx = under(profile);
    let ctx = fx.ctx();
    let inp = input(raised_by, about, Channel::Email);
    let proposal = triage(
        &inp.raised_by,
        &inp.about,
        inp.channel,
        &ctx,
        &NoDisclosures,
    );
    Case::open(
        reference(2026, 1),
        &inp,
        &proposal,
        Path::Breach(category),
        "observed by the clerk",
        &ctx,
        &NoDisclosures,
    )
}

#[test]
fn an_officer_at_a_group_meeting_is_a_breach_only_where_the_protocol_says_so() {
    // (profile, a breach there?, the clause a refusal cites)
    let table = [
        ("banbury", false, "CAV §4.3"),
        ("toolkit", false, "TWY"),
        ("town", true, ""),
        ("borough", true, ""),
    ];
    for (profile, breach, clause) in table {
        let got = log_breach(
            profile,
            m(EVE),
            o(ROB),
            BreachCategory::OfficerAtGroupMeeting,
        );
        match (breach, got) {
            (true, Ok(case)) => assert_eq!(case.route_cite.rule, "R-E3", "{profile}"),
            (false, Err(Rejection::Refused(r))) => {
                assert_eq!(r.cite.rule, "R-E3", "{profile}");
                assert!(r.cite.clause.starts_with(clause), "{profile}: {}", r.cite);
                assert!(r.reason.contains("R-G3"), "{profile}: {}", r.reason);
            }
            (want, got) => panic!("{profile}: breach {want}, got {got:?}"),
        }
    }
}

#[test]
fn under_the_borough_model_an_office_holder_may_instruct_an_officer() {
    let instructing = BreachCategory::MemberInstructingOfficer;
    // Ann chairs the council: under BOR §6.3 her instruction is no breach ...
    match log_breach("borough", o(ROB), m(ANN), instructing) {
        Err(Rejection::Refused(r)) => {
            assert_eq!(
                (r.cite.rule.as_str(), r.cite.clause.as_str()),
                ("R-E3", "BOR §6.3")
            );
            assert!(r.reason.contains("Chairman"), "{}", r.reason);
        }
        other => panic!("an office-holder's instruction logged as a breach: {other:?}"),
    }
    // ... Eve holds no office: an individual member instructing an officer is one (BOR §6.1) ...
    assert!(log_breach("borough", o(ROB), m(EVE), instructing).is_ok());
    // ... and under every other model the Chairman's instruction is a breach as well.
    for profile in ["banbury", "toolkit", "town"] {
        assert!(
            log_breach(profile, o(ROB), m(ANN), instructing).is_ok(),
            "{profile}"
        );
    }
}

#[test]
fn every_r_e3_category_in_the_rules_can_be_logged_where_it_applies() {
    for category in BreachCategory::ALL {
        assert_eq!(
            BreachCategory::parse("category", category.key()).unwrap(),
            category
        );
        assert!(
            category.clause().contains('§'),
            "{category:?} cites a clause"
        );
        // Under the town model every category but none is a breach of its protocol.
        let case = log_breach("town", m(EVE), o(ROB), category)
            .unwrap_or_else(|e| panic!("{category:?}: {e:?}"));
        assert_eq!(case.path, Path::Breach(category));
    }
}

/// Every letter a case offers, at every stage of every route, drafts from its shipped template with
/// nothing left unfilled; every letter it does not offer is refused with its rule (R-E1's stages,
/// or R-E2.4). Each letter is offered somewhere and refused somewhere, so neither half is empty.
#[test]
fn every_offered_letter_drafts_from_its_template_and_every_other_is_refused_with_its_rule() {
    use letters::{LetterKind, Meeting};
    let mut offered_somewhere = HashSet::new();
    let mut refused_somewhere = HashSet::new();
    for (fx, cases) in all_routes() {
        let ctx = fx.ctx();
        let meeting = Meeting {
            on: ctx.today,
            at: "10:00".into(),
            place: "Village Hall".into(),
        };
        for case in &cases {
            let offered = case.letters_available();
            for kind in LetterKind::ALL {
                let template = crate::assets::letter_template(kind);
                let drafted = letters::draft(case, kind, template, Some(&meeting), "Clerk", &ctx);
                if offered.contains(&kind) {
                    offered_somewhere.insert(kind);
                    let text = drafted.unwrap_or_else(|e| {
                        panic!(
                            "{kind:?} offered in {:?} but not drafted: {e:?}",
                            case.state
                        )
                    });
                    assert!(!text.contains("{{"), "{kind:?}: {text}");
                    assert!(text.contains(&case.reference), "{kind:?}: {text}");
                } else {
                    refused_somewhere.insert(kind);
                    match drafted {
                        Err(Rejection::Refused(r)) => assert!(
                            r.cite.rule.starts_with("R-E1") || r.cite.rule == "R-E2.4",
                            "{kind:?} in {:?}: {r:?}",
                            case.state
                        ),
                        other => panic!(
                            "{kind:?} not offered in {:?} but not refused: {other:?}",
                            case.state
                        ),
                    }
                }
            }
        }
    }
    for kind in LetterKind::ALL {
        assert!(offered_somewhere.contains(&kind), "{kind:?} never offered");
        assert!(refused_somewhere.contains(&kind), "{kind:?} never refused");
    }
}

// ---- Each model's own steps ---------------------------------------------------------------------

/// BOR §2.7 (R-E2.1): under the borough model a concern about an officer starts with the member's
/// direct discussion with the employee: offered, recorded once, then no longer offered. Under the
/// Banbury model there is no such step: refused, citing the council's own clause.
#[test]
fn under_the_borough_model_a_concern_starts_with_direct_discussion() {
    let fx = under("borough");
    let ctx = fx.ctx();
    let c = open_on(&fx, m(DAN), o(ROB), None);
    assert_eq!(c.path, Path::MemberConcern);
    let offered = c.available(&ctx);
    assert_eq!(offered.first(), Some(&CaseActionKind::DirectDiscussion));
    let actor = c
        .default_actor(CaseActionKind::DirectDiscussion, &ctx, &NoDisclosures)
        .unwrap();
    let talk = CaseAction::DirectDiscussion {
        on: s("2026-03-10"),
        note: s("talked it through"),
    };
    let ev = ok(&c, talk.clone(), &actor, &fx);
    assert_eq!(ev.cite.as_ref().unwrap().to_string(), "R-E2.1 — BOR §2.7");
    let after = ev.case;
    let rec = after.model_step(ModelStep::DirectDiscussion).unwrap();
    assert_eq!(
        (rec.on, rec.note.as_str()),
        (d(2026, 3, 10), "talked it through")
    );
    assert!(!after
        .available(&ctx)
        .contains(&CaseActionKind::DirectDiscussion));
    assert!(after
        .available(&ctx)
        .contains(&CaseActionKind::StartInformal));
    let r = refused(&after, talk.clone(), &actor, &fx);
    assert!(r.reason.contains("already recorded"), "{r}");

    let fx = under("banbury");
    let c = open_on(&fx, m(DAN), o(ROB), None);
    assert!(!c
        .available(&fx.ctx())
        .contains(&CaseActionKind::DirectDiscussion));
    let r = refused(&c, talk, &o(CLERK), &fx);
    assert_eq!(r.cite.rule, "R-E2.1");
    assert!(!r.cite.clause.contains("BOR"), "{r}");
    assert!(r.reason.contains("borough model"), "{r}");
}

/// BOR §2.8 (R-E1.1): under the borough model whoever handles an officer's grievance consults the
/// member concerned and/or their group leader: each recorded once; an independent member has no
/// group leader to consult; other models have no such step.
#[test]
fn under_the_borough_model_the_handler_consults_the_member_and_their_group_leader() {
    let fx = under("borough");
    let ctx = fx.ctx();
    let c = open_on(&fx, o(ROB), m(DAN), None);
    assert_eq!(c.path, Path::OfficerGrievance);
    assert!(c.available(&ctx).contains(&CaseActionKind::Consult));
    let handler = c
        .default_actor(CaseActionKind::Consult, &ctx, &NoDisclosures)
        .unwrap();
    let consult = |with: &str| CaseAction::Consult {
        with: s(with),
        on: s("2026-03-10"),
        note: s(""),
    };
    let ev = ok(&c, consult("member"), &handler, &fx);
    assert_eq!(ev.cite.as_ref().unwrap().to_string(), "R-E1.1 — BOR §2.8");
    assert_eq!(ev.note.as_deref(), Some("Cllr Dan consulted"));
    let c = ev.case;
    let r = refused(&c, consult("member"), &handler, &fx);
    assert!(r.reason.contains("already recorded"), "{r}");
    let ev = ok(&c, consult("group-leader"), &handler, &fx);
    assert_eq!(
        ev.note.as_deref(),
        Some("Cllr Ann consulted"),
        "Dan's group leader"
    );
    let c = ev.case;
    assert!(!c.available(&ctx).contains(&CaseActionKind::Consult));
    // The party complained about does not record their own consultation (R-E1.7).
    let fresh = open_on(&fx, o(ROB), m(DAN), None);
    assert!(refused(&fresh, consult("member"), &m(DAN), &fx)
        .cite
        .rule
        .starts_with("R-E1"));
    // Gus is independent: no group leader to consult.
    let gus = open_on(&fx, o(ROB), m(GUS), None);
    let r = refused(&gus, consult("group-leader"), &handler, &fx);
    assert!(r.reason.contains("independent"), "{r}");
    let bad = gus.step(consult("mayor"), &handler, &ctx, &NoDisclosures);
    assert!(
        matches!(bad, Err(Rejection::Invalid(ref e)) if e[0].field == "with"),
        "{bad:?}"
    );
    // Under the town model: no such step.
    let fx = under("town");
    let c = open_on(&fx, o(ROB), m(DAN), None);
    assert!(!c.available(&fx.ctx()).contains(&CaseActionKind::Consult));
    let r = refused(&c, consult("member"), &o(CLERK), &fx);
    assert_eq!(r.cite.rule, "R-E1.1");
    assert!(r.cite.clause.starts_with("LLTC"), "{r}");
}

/// TWY §4.2 (R-E2.4): under the toolkit the Chair does not deal alone with performance or
/// line-management matters: the Chairman recording the formal route is refused with that clause;
/// the Chair of the Staffing Committee (the delegated group) records it.
#[test]
fn under_the_toolkit_the_chair_alone_does_not_decide_a_performance_matter() {
    let fx = under("toolkit");
    let c = open_on(&fx, m(DAN), o(CLERK), None);
    let c = ok(&c, informal(), &m(ANN), &fx).case;
    let formal = CaseAction::ConcernFormal {
        on: s("2026-03-10"),
        route: s("capability"),
    };
    let r = refused(&c, formal.clone(), &m(ANN), &fx);
    assert_eq!(r.cite.to_string(), "R-E2.4 — TWY §4.2", "{r}");
    assert!(r.reason.contains("does not deal alone"), "{r}");
    let ev = ok(&c, formal.clone(), &m(CAT), &fx);
    assert_eq!(ev.case.state, CaseState::Concern(ConcernState::Formal));
    // Under Banbury the Chairman is refused too, but not under TWY's clause.
    let fx = under("banbury");
    let c = open_on(&fx, m(DAN), o(CLERK), None);
    let c = ok(&c, informal(), &m(CAT), &fx).case;
    let r = refused(&c, formal, &m(ANN), &fx);
    assert!(!r.reason.contains("does not deal alone"), "{r}");
    assert!(r.cite.clause.starts_with("CAV"), "{r}");
}

/// LLTC §8.8 (R-E2.4): under the town model members hear an appeal on a concern about an officer:
/// the decided concern waits for it (or is closed); the member who raised it does not sit; the
/// members' outcome is final. Under Banbury the decision closes the concern and there is no such
/// step.
#[test]
fn under_the_town_model_members_hear_an_appeal_on_a_concern() {
    let fx = under("town");
    let ctx = fx.ctx();
    let c = open_on(&fx, m(DAN), o(ROB), None);
    let c = ok(&c, informal(), &o(CLERK), &fx).case;
    let formal = CaseAction::ConcernFormal {
        on: s("2026-03-10"),
        route: s("disciplinary"),
    };
    let c = ok(&c, formal, &o(CLERK), &fx).case;
    let ev = ok(&c, decide("upheld", "2026-03-12"), &o(CLERK), &fx);
    let c = ev.case;
    assert_eq!(c.state, CaseState::Concern(ConcernState::Decided));
    assert_eq!(
        c.available(&ctx),
        vec![CaseActionKind::HearAppeal, CaseActionKind::Close]
    );
    let hear = |members: &str| CaseAction::HearAppeal {
        members: s(members),
        on: s("2026-03-19"),
        outcome: s("not-upheld"),
        note: s("the officer's appeal"),
    };
    // Dan raised the concern: he does not hear its appeal.
    let r = refused(&c, hear("M-004, M-005"), &o(CLERK), &fx);
    assert_eq!(r.cite.to_string(), "R-E2.4 — LLTC §8.8");
    assert!(r.reason.contains("raised the concern"), "{r}");
    // Fay has declared a relationship with Rob (R-D1): she does not sit either.
    assert_eq!(refused(&c, hear("M-006"), &o(CLERK), &fx).cite.rule, "R-D1");
    let bad = c.step(hear(""), &o(CLERK), &ctx, &FayKnowsRob);
    assert!(matches!(bad, Err(Rejection::Invalid(_))), "{bad:?}");
    let ev = ok(&c, hear("M-005, M-007"), &o(CLERK), &fx);
    assert_eq!(ev.cite.as_ref().unwrap().to_string(), "R-E2.4 — LLTC §8.8");
    assert_eq!(ev.case.state, CaseState::Closed);
    let appeal = ev.case.appeal.unwrap();
    assert_eq!(appeal.panel, vec![EVE, GUS]);
    assert_eq!(appeal.decision.unwrap().outcome, Outcome::NotUpheld);

    // Banbury: the decision closes the concern; no appeal step.
    let fx = under("banbury");
    let c = open_on(&fx, m(DAN), o(ROB), None);
    let c = ok(&c, informal(), &o(CLERK), &fx).case;
    let formal = CaseAction::ConcernFormal {
        on: s("2026-03-10"),
        route: s("capability"),
    };
    let c = ok(&c, formal, &o(CLERK), &fx).case;
    let c = ok(&c, decide("upheld", "2026-03-12"), &o(CLERK), &fx).case;
    assert_eq!(c.state, CaseState::Closed);
    let open = open_on(&fx, m(DAN), o(ROB), None);
    let r = refused(&open, hear("M-005, M-007"), &o(CLERK), &fx);
    assert!(r.reason.contains("town model"), "{r}");
    assert!(!r.cite.clause.contains("LLTC"), "{r}");
}

/// RULES.md, top: the hearing target, the appeal window and the least panel are the council's
/// defaults; a changed figure changes the deadline and the refusal, and both say which it is.
#[test]
fn a_figure_the_council_changes_moves_the_deadline_and_says_so() {
    use crate::domain::figures::{CouncilFigures, Figure};
    let mut fx = fixture();
    let c = formal_case(&fx);
    // The default: written Thu 5 March 2026, five working days later is Thu 12 March.
    let dl = c.next_deadline(&fx.ctx()).unwrap();
    assert_eq!(dl.due, d(2026, 3, 12));
    assert!(
        dl.describe()
            .contains("target 5 working days (council default)"),
        "{}",
        dl.describe()
    );
    let mut figures = CouncilFigures::default();
    figures.set(Figure::Hearing, "7").unwrap();
    figures.set(Figure::Panel, "3").unwrap();
    fx.profile.deadlines = figures.over(&fx.profile.deadlines);
    // Seven working days from Thu 5 March: Mon 16 March.
    let dl = c.next_deadline(&fx.ctx()).unwrap();
    assert_eq!(dl.due, d(2026, 3, 16));
    assert!(
        dl.describe()
            .contains("target 7 working days (set by the council)"),
        "{}",
        dl.describe()
    );
    // A panel of two is refused now, and the refusal says whose figure it is.
    let r = refused(&c, panel("M-005, M-007"), &o(CLERK), &fx);
    assert_eq!(r.cite.rule, "R-E1.2");
    assert!(
        r.reason.contains("at least 3 members (set by the council)"),
        "{}",
        r.reason
    );
    let ev = ok(&c, panel("M-005, M-007, M-003"), &o(CLERK), &fx);
    assert_eq!(ev.case.panel.len(), 3);
}

/// R-I5: a member's complaint about an officer (an R-E2 concern) is answered within the profile's
/// target; overdue is flagged, and once the handler takes the first step it is met.
#[test]
fn a_members_complaint_has_a_response_target() {
    let mut fx = fixture();
    let c = open_on(&fx, m(DAN), o(ROB), None);
    assert!(matches!(c.state, CaseState::Concern(ConcernState::Raised)));
    // Raised Mon 2 March 2026: ten working days later is Mon 16 March.
    let dl = c.next_deadline(&fx.ctx()).unwrap();
    assert_eq!(
        (dl.due, dl.what, dl.cite.rule.as_str()),
        (d(2026, 3, 16), "reply owed", "R-I5")
    );
    // Today (20 March) it is overdue, and the Due list carries it.
    assert!(c.is_overdue(&fx.ctx()));
    let registers = crate::domain::due::Registers {
        cases: std::slice::from_ref(&c),
        disclosures: &[],
        elections: &[],
        info_requests: &[],
        sars: &[],
        documents: None,
        gifts: &[],
        gift_settings: &Default::default(),
        dispensations: &[],
        retention: &[],
    };
    let due = crate::domain::due::all(&registers, &fx.ctx());
    assert!(
        due.iter()
            .any(|x| x.overdue && x.title.ends_with("reply owed")),
        "{due:?}"
    );
    // The handler's first step meets it.
    fx.today = d(2026, 3, 20);
    let answered = ok(&c, informal(), &o(CLERK), &fx).case;
    assert!(answered.next_deadline(&fx.ctx()).is_none());
    // An officer's grievance about a member is no complaint: its target is the hearing's.
    assert!(grievance(&fx).next_deadline(&fx.ctx()).is_none());
}

/// R-I5 cites the council's own protocol for a complaint's target, never another model's.
#[test]
fn a_complaints_target_cites_the_councils_own_clause() {
    let mut fx = fixture();
    let c = open_on(&fx, m(DAN), o(ROB), None);
    for (id, clause) in [
        ("banbury", "CAV §3.1d"),
        ("toolkit", "TWY §3.1"),
        ("town", "LLTC §5.4"),
        ("borough", "BOR sets no time: the profile default"),
    ] {
        fx.profile = crate::assets::profile(id).unwrap();
        let dl = c.next_deadline(&fx.ctx()).unwrap();
        assert_eq!(
            (dl.cite.rule.as_str(), dl.cite.clause.as_str()),
            ("R-I5", clause),
            "{id}"
        );
    }
}

#[test]
fn a_vacant_later_stage_is_named_as_that_stage_not_as_nobody_at_all() {
    // Borough model: the Clerk handles an officer's grievance, then the Monitoring Officer.
    // With no Monitoring Officer and no stand-in in post, the Clerk can still act: the note must
    // say whose part nobody can take, not that nobody can act (R-E1.7).
    let mut fx = fixture();
    fx.profile = crate::assets::profile("borough").expect("the borough profile ships");
    fx.council.monitoring_officer = None;
    fx.council.offices.clear();
    let ctx = fx.ctx();
    let p = triage(
        &o(ROB),
        &m(CAT),
        Channel::Email,
        &ctx,
        &super::conflicts::NoDisclosures,
    );
    assert_eq!(handlers_of(&p)[0], (Role::Clerk, Some(o(CLERK))));
    assert!(
        !p.explanation
            .contains("Nobody the Borough model names can act ("),
        "{}",
        p.explanation
    );
    assert!(
        p.explanation
            .contains("Nobody the Borough model names can act for the Monitoring Officer"),
        "{}",
        p.explanation
    );
    // Where the first stage itself has nobody, the note names that stage too.
    let p = triage(
        &o(CLERK),
        &m(CAT),
        Channel::Email,
        &ctx,
        &ChairsKnowTheClerk,
    );
    assert!(
        p.explanation.contains("can act for the Clerk"),
        "{}",
        p.explanation
    );
}
