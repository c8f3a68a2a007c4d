//! Properties every machine shares, written once over [`Machine`] and run for each of the twelve:
//! for random sequences of steps, any action `apply` accepts was in `available()` (what the key bar
//! and `show` offer), and every refusal names a rule; in every state reached, each kind not offered
//! gets from `not_now` (asked without building an action, as the screen asks it) exactly the
//! refusal, rule and clause `apply` gives when the step is built and tried. Actions are built from named fields through
//! each machine's own builder, with values chosen from the field's kind in its spec, so the specs
//! and builders are exercised too.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use super::blackout::{Election, ElectionInput};
use super::council::Office;
use super::dates;
use super::disclosure::{Disclosure, DisclosureInput};
use super::dispensations::{Dispensation, DispensationAction, DispensationInput};
use super::gifts::{Gift, GiftInput, GiftSettings};
use super::grievance::{self, Case, CaseAction, CaseInput, Channel, NoDisclosures, PersonRef};
use super::ids::{MemberId, OfficerId};
use super::machine::{ActionKind, BuildAction, FieldKind, FieldSpec, Machine, Values};
use super::member::{JoinedBy, Member};
use super::officer::{Employment, LineManager, Officer, Post};
use super::publicity::{PublicityInput, PublicityItem};
use super::requests::{
    GroupAttendance, GroupAttendanceInput, GroupReport, GroupReportInput, InfoRequest,
    InfoRequestInput,
};
use super::rules::Rejection;
use super::testkit::{d, Fixture};

/// How the walk builds an action of one machine from named values (each machine's own builder,
/// the one both faces use) and, for the case, who takes the step. Everything else the properties
/// ask goes through [`Machine`], the same for all twelve.
trait Walk: Machine {
    fn build(kind: Self::Kind, get: &dyn Fn(&str) -> String) -> Result<Self::Action, Rejection>;

    /// Who takes `kind` on this record, chosen by `actor`; `None`: the machine's own default.
    fn actor(&self, _kind: Self::Kind, _actor: usize, _fx: &Fixture) -> Option<PersonRef> {
        None
    }
}

/// The values of `kind`'s fields, as `get` answers for each: what a form or the CLI would give.
fn values<K: ActionKind>(kind: K, get: &dyn Fn(&str) -> String) -> Values {
    let mut values = Values::default();
    for f in kind.fields() {
        values.set(f.name, get(f.name));
    }
    values
}

macro_rules! walk_by_spec {
    ($($record:ty),* $(,)?) => {$(
        impl Walk for $record {
            fn build(
                kind: Self::Kind,
                get: &dyn Fn(&str) -> String,
            ) -> Result<Self::Action, Rejection> {
                kind.build(&values(kind, get))
            }
        }
    )*};
}

walk_by_spec!(
    Member,
    Officer,
    Disclosure,
    Gift,
    super::sar::Sar,
    Dispensation,
    Election,
    PublicityItem,
    GroupReport,
    GroupAttendance,
    InfoRequest,
);

impl Walk for Case {
    fn build(kind: Self::Kind, get: &dyn Fn(&str) -> String) -> Result<CaseAction, Rejection> {
        Ok(CaseAction::from_named(
            kind,
            get,
            grievance::reference(2026, 50),
        ))
    }

    /// Mostly the machine's own default (`None`: the person the faces would name); sometimes
    /// anyone, parties included.
    fn actor(&self, _kind: Self::Kind, actor: usize, _fx: &Fixture) -> Option<PersonRef> {
        match actor {
            0..=4 => None,
            5 => Some(PersonRef::Member(MemberId(5))),
            6 => Some(PersonRef::Officer(OfficerId(2))),
            _ => Some(self.raised_by.clone()),
        }
    }
}

/// Builds `kind` from named values and applies it through [`Machine::apply`] in the fixture's
/// context (with the actor the walk picks): the record the step leaves.
fn step<M: Walk>(
    record: &M,
    kind: M::Kind,
    get: &dyn Fn(&str) -> String,
    actor: usize,
    fx: &Fixture,
) -> Result<M, Rejection> {
    let action = M::build(kind, get)?;
    let who = record.actor(kind, actor, fx);
    let ctx = fx.ctx();
    let ctx = match &who {
        Some(person) => ctx.acting(person),
        None => ctx,
    };
    record.apply(action, &ctx).map(|e| M::record(&e).clone())
}

fn member(id: u32, name: &str, group: Option<super::ids::GroupId>) -> Member {
    Member {
        id: MemberId(id),
        name: name.into(),
        sort_name: None,
        ward: "North".into(),
        group,
        joined_by: JoinedBy::Elected,
        term_start: d(2023, 5, 8),
        term_end: None,
        end_reason: None,
        dpi_registered: None,
        email: None,
        phone: None,
    }
}

fn officer(id: u32, name: &str, post: Post, line_manager: LineManager) -> Officer {
    Officer {
        id: OfficerId(id),
        name: name.into(),
        post,
        title: None,
        employment: Employment::Employee,
        line_manager,
        started: d(2026, 3, 2),
        protocol_briefed: None,
        left: None,
        email: None,
        phone: None,
        briefed_by: None,
        recruitment: None,
    }
}

/// Three groups, six members, the Clerk and an RFO, on 20 March 2026.
fn fixture() -> Fixture {
    let mut fx = Fixture::new(d(2026, 3, 20));
    let green = fx.council.add_group("Green").ok();
    let blue = fx.council.add_group("Blue").ok();
    let red = fx.council.add_group("Red").ok();
    fx.members = vec![
        member(1, "Ann", green),
        member(2, "Bob", blue),
        member(3, "Cat", None),
        member(4, "Dan", red),
        member(5, "Eve", None),
        member(6, "Fay", None),
    ];
    fx.officers = vec![
        officer(1, "Clara", Post::Clerk, LineManager::Council),
        officer(2, "Rob", Post::Rfo, LineManager::Officer(OfficerId(1))),
    ];
    assert!(fx
        .council
        .appoint(Office::StaffingChair, MemberId(3), d(2025, 5, 12))
        .is_ok());
    fx
}

fn s(x: &str) -> String {
    x.to_string()
}

/// A value for a field, chosen by `pick` among what its kind allows (and some it does not).
fn value(field: &FieldSpec, pick: usize, fx: &Fixture) -> String {
    let day = |back: u64| dates::show(fx.today - Days::new(back));
    match field.kind {
        FieldKind::Day | FieldKind::Date => match pick % 6 {
            0 => dates::show(fx.today + Days::new(3)),
            1 => s(""),
            n => day([0, 1, 4, 30][n - 2]),
        },
        FieldKind::Choice(words) => match pick % (words.len() + 1) {
            0 => s("nonsense"),
            n => s(words[n - 1]),
        },
        FieldKind::YesNo => s(["yes", "no", "yes", ""][pick % 4]),
        FieldKind::Members => {
            s(["M-005, M-006", "M-002, M-005", "M-001", "M-003, M-004"][pick % 4])
        }
        FieldKind::People => s(["O-001, M-002", "M-001", "Someone", ""][pick % 4]),
        FieldKind::Group => s(["Green", "Blue", "Red", "Purple"][pick % 4]),
        // A person on the records as well as a stranger (R-O2's briefer, R-O1's panel).
        FieldKind::Person => s(["Someone", "", "O-001", "M-001"][pick % 4]),
        FieldKind::Name | FieldKind::Text => s(["Someone", "", "O-001"][pick % 3]),
        FieldKind::Member => s(["M-001", "Someone", ""][pick % 3]),
        FieldKind::Note => s(["a note", "", "the grounds"][pick % 3]),
        FieldKind::File => s("Council news: the park reopens."),
    }
}

#[derive(Debug, Clone)]
enum Op {
    /// `offered`: pick among what is offered (so sequences get deep), else any kind.
    Act {
        offered: bool,
        kind: usize,
        pick: usize,
        actor: usize,
    },
    Wait(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (any::<bool>(), 0..32usize, 0..64usize, 0..8usize)
            .prop_map(|(offered, kind, pick, actor)| Op::Act { offered, kind, pick, actor }),
        1 => (1..20u64).prop_map(Op::Wait),
    ]
}

/// Every kind `record` does not offer now: `not_now` answers with a rule and clause, and `apply`,
/// given the first values its builder takes, refuses the kind with exactly that refusal (a machine
/// refuses a step not open before it looks at the values, so both faces say the same).
fn not_now_is_what_apply_refuses<S: Walk>(record: &S, fx: &Fixture) -> Result<(), TestCaseError> {
    let open = record.available(&fx.ctx());
    for &kind in S::Kind::ALL.iter().filter(|k| !open.contains(k)) {
        let why = record.not_now(kind, &fx.ctx());
        prop_assert!(why.cite.rule.starts_with("R-"), "{kind:?}: {why}");
        prop_assert!(!why.cite.clause.trim().is_empty(), "{kind:?}: {why}");
        prop_assert!(!why.reason.trim().is_empty(), "{kind:?}: {why}");
        let fields = kind.fields();
        let mut built = false;
        for pick in 0..64 {
            let get = |name: &str| {
                fields
                    .iter()
                    .position(|f| f.answers_to(name))
                    .map(|i| value(&fields[i], pick / (i + 1) + i, fx))
                    .unwrap_or_default()
            };
            match step(record, kind, &get, 0, fx) {
                // The builder refused these values: try others.
                Err(Rejection::Invalid(_)) => continue,
                Err(Rejection::Refused(r)) => {
                    prop_assert_eq!(&r, &why, "{:?}: apply and not_now differ", kind);
                    built = true;
                    break;
                }
                Ok(_) => prop_assert!(false, "{kind:?} accepted but not offered"),
            }
        }
        prop_assert!(built, "{kind:?}: no values the builder takes");
    }
    Ok(())
}

/// Runs `ops` on `record`: an accepted action was offered; a refusal names a rule; a kind not
/// offered is refused as `not_now` says ([`not_now_is_what_apply_refuses`]).
fn accepted_implies_offered<S: Walk>(
    mut record: S,
    mut fx: Fixture,
    ops: &[Op],
) -> Result<(), TestCaseError> {
    for op in ops {
        match *op {
            Op::Wait(days) => fx.today = fx.today + Days::new(days),
            Op::Act {
                offered,
                kind,
                pick,
                actor,
            } => {
                not_now_is_what_apply_refuses(&record, &fx)?;
                let open = record.available(&fx.ctx());
                let kind = if offered && !open.is_empty() {
                    open[kind % open.len()]
                } else {
                    S::Kind::ALL[kind % S::Kind::ALL.len()]
                };
                let fields = kind.fields();
                let get = |name: &str| {
                    fields
                        .iter()
                        .position(|f| f.answers_to(name))
                        .map(|i| value(&fields[i], pick / (i + 1) + i, &fx))
                        .unwrap_or_default()
                };
                match step(&record, kind, &get, actor, &fx) {
                    Ok(next) => {
                        prop_assert!(open.contains(&kind), "{kind:?} accepted but not offered");
                        record = next;
                    }
                    Err(Rejection::Refused(r)) => {
                        prop_assert!(r.cite.rule.starts_with("R-"), "{kind:?}: {r}")
                    }
                    Err(Rejection::Invalid(errors)) => {
                        for e in errors {
                            prop_assert!(
                                kind.field_of_error(e.field).is_some(),
                                "{kind:?}: the error names '{}', which its spec does not ({e})",
                                e.field
                            );
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn open_case(fx: &Fixture, start: usize) -> Case {
    let (raised_by, about) = match start % 4 {
        0 => (
            PersonRef::Officer(OfficerId(2)),
            PersonRef::Member(MemberId(4)),
        ),
        1 => (
            PersonRef::Member(MemberId(4)),
            PersonRef::Officer(OfficerId(2)),
        ),
        2 => (
            PersonRef::Member(MemberId(4)),
            PersonRef::Officer(OfficerId(1)),
        ),
        _ => (
            PersonRef::Officer(OfficerId(1)),
            PersonRef::Member(MemberId(2)),
        ),
    };
    let ctx = fx.ctx();
    let input = CaseInput {
        raised_by,
        about,
        channel: Channel::Email,
        raised_on: s("2026-03-02"),
        summary: s("a concern"),
        confidential: true,
    };
    let proposal = grievance::triage(
        &input.raised_by,
        &input.about,
        input.channel,
        &ctx,
        &NoDisclosures,
    );
    let opened = Case::open(
        grievance::reference(2026, 1),
        &input,
        &proposal,
        proposal.path,
        "",
        &ctx,
        &NoDisclosures,
    );
    created(opened)
}

/// A record the fixture must be able to create: a failure here is a broken test, said plainly.
fn created<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => panic!("the fixture record cannot be created: {e:?}"),
    }
}

fn on(day: NaiveDate) -> String {
    dates::show(day)
}

fn entry(fx: &Fixture, kind: usize) -> Disclosure {
    let input = match kind {
        0 => DisclosureInput {
            kind: s("relationship"),
            category: s("friendship"),
            member: s("M-004"),
            officer: s("O-002"),
            description: s("friends from school"),
            declared_by: s("both"),
            declared_on: s("2026-03-10"),
            ..DisclosureInput::default()
        },
        1 => DisclosureInput {
            kind: s("pecuniary"),
            category: s("land"),
            member: s("M-002"),
            description: s("a field"),
            declared_on: s("2026-03-10"),
            ..DisclosureInput::default()
        },
        _ => DisclosureInput {
            kind: s("other"),
            member: s("M-001"),
            description: s("a trustee of the hall"),
            declared_on: s("2026-03-10"),
            ..DisclosureInput::default()
        },
    };
    created(Disclosure::create(1, &input, &[], &fx.ctx()))
}

fn gift(fx: &Fixture, member: bool, notified: bool) -> Gift {
    let input = GiftInput {
        recipient: s(if member { "M-001" } else { "O-002" }),
        offer: s("received"),
        giver: s("A supplier"),
        description: s("Lunch"),
        value: s("60"),
        received_on: on(fx.today - Days::new(10)),
        notified_on: if notified { on(fx.today) } else { s("") },
    };
    created(Gift::create(1, &input, &GiftSettings::default(), &fx.ctx()))
}

/// A request received `ago` days before today: within the first month or past it.
fn sar(fx: &Fixture, member: bool, ago: u64) -> super::sar::Sar {
    let input = super::sar::SarInput {
        requester: s(if member { "M-001" } else { "Mr P Smith" }),
        received_on: on(fx.today - Days::new(ago)),
        what: s("Everything the council holds about me"),
    };
    created(super::sar::Sar::create(1, &input, &fx.ctx()))
}

/// A request made 40 days ago; when `granted`, granted 30 days ago for `days` days.
fn dispensation(fx: &Fixture, granted: bool, days: u64) -> Dispensation {
    let input = DispensationInput {
        member: s("M-001"),
        business: s("The allotments rent review"),
        requested_on: on(fx.today - Days::new(40)),
    };
    let r = created(Dispensation::create(1, &input, &fx.ctx()));
    if !granted {
        return r;
    }
    let from = fx.today - Days::new(30);
    let grant = DispensationAction::Grant {
        on: on(from),
        ground: s("residents"),
        by: s("council"),
        body: s(""),
        minute: s("FC 26/012"),
        until: on(from + Days::new(days)),
    };
    created(r.apply(grant, &fx.ctx())).dispensation
}

fn election(fx: &Fixture, weeks: u64) -> Election {
    let input = ElectionInput {
        kind: s("ordinary"),
        wards: s(""),
        poll: on(fx.today + Days::new(weeks * 7)),
        notice: s(""),
        name: s(""),
    };
    created(Election::create(
        1,
        &input,
        fx.today,
        &fx.calendars.election,
    ))
}

fn item(fx: &Fixture, named: bool) -> PublicityItem {
    let input = PublicityInput {
        title: s("Park news"),
        channel: s("newsletter"),
        planned: on(fx.today + Days::new(10)),
        text: s(if named {
            "Ann Smith opens the park."
        } else {
            "The park reopens."
        }),
        statutory_election_notice: s("no"),
    };
    created(PublicityItem::create(1, &input))
}

fn report(fx: &Fixture) -> GroupReport {
    let input = GroupReportInput {
        group: s("Green"),
        subject: s("the budget"),
        requested_on: s("2026-03-02"),
    };
    created(GroupReport::create(1, &input, &fx.ctx()))
}

fn meeting(fx: &Fixture, ahead: u64) -> GroupAttendance {
    let input = GroupAttendanceInput {
        group: s("Blue"),
        meeting_on: on(fx.today + Days::new(ahead)),
        requested_on: s("2026-03-02"),
    };
    created(GroupAttendance::create(1, &input, &fx.ctx()))
}

fn info(fx: &Fixture) -> InfoRequest {
    let input = InfoRequestInput {
        member: s("M-002"),
        what: s("the contract for the hall roof"),
        received_on: s("2026-03-02"),
        ..InfoRequestInput::default()
    };
    created(InfoRequest::create(1, &input, &fx.ctx()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Under every model, so each model's own steps (BOR §2.7 direct discussion, BOR §2.8
    /// consultation, TWY §4.2) are offered before they are accepted.
    #[test]
    fn a_case_accepts_only_what_it_offers(
        start in 0..4usize,
        model in 0..4usize,
        ops in prop::collection::vec(op(), 1..40),
    ) {
        let mut fx = fixture();
        let id = ["banbury", "toolkit", "town", "borough"][model];
        fx.profile = created(crate::assets::profile(id));
        fx.council.profile = id.to_string();
        let case = open_case(&fx, start);
        accepted_implies_offered(case, fx, &ops)?;
    }

    #[test]
    fn a_member_accepts_only_what_it_offers(ops in prop::collection::vec(op(), 1..20)) {
        let fx = fixture();
        let m = fx.members[1].clone();
        accepted_implies_offered(m, fx, &ops)?;
    }

    #[test]
    fn an_officer_accepts_only_what_it_offers(ops in prop::collection::vec(op(), 1..20)) {
        let fx = fixture();
        let o = fx.officers[1].clone();
        accepted_implies_offered(o, fx, &ops)?;
    }

    #[test]
    fn a_register_entry_accepts_only_what_it_offers(kind in 0..3usize, ops in prop::collection::vec(op(), 1..30)) {
        let fx = fixture();
        let e = entry(&fx, kind);
        accepted_implies_offered(e, fx, &ops)?;
    }

    #[test]
    fn a_gifts_entry_accepts_only_what_it_offers(member in any::<bool>(), notified in any::<bool>(), ops in prop::collection::vec(op(), 1..30)) {
        let fx = fixture();
        let g = gift(&fx, member, notified);
        accepted_implies_offered(g, fx, &ops)?;
    }

    #[test]
    fn a_subject_access_request_accepts_only_what_it_offers(member in any::<bool>(), ago in 0..70u64, ops in prop::collection::vec(op(), 1..30)) {
        let fx = fixture();
        let r = sar(&fx, member, ago);
        accepted_implies_offered(r, fx, &ops)?;
    }

    #[test]
    fn a_dispensation_accepts_only_what_it_offers(granted in any::<bool>(), days in 1..120u64, ops in prop::collection::vec(op(), 1..30)) {
        let fx = fixture();
        let x = dispensation(&fx, granted, days);
        accepted_implies_offered(x, fx, &ops)?;
    }

    #[test]
    fn an_election_accepts_only_what_it_offers(weeks in 1..12u64, ops in prop::collection::vec(op(), 1..30)) {
        let fx = fixture();
        let e = election(&fx, weeks);
        accepted_implies_offered(e, fx, &ops)?;
    }

    #[test]
    fn a_publicity_item_accepts_only_what_it_offers(named in any::<bool>(), ops in prop::collection::vec(op(), 1..30)) {
        let fx = fixture();
        let i = item(&fx, named);
        accepted_implies_offered(i, fx, &ops)?;
    }

    #[test]
    fn a_group_report_accepts_only_what_it_offers(ops in prop::collection::vec(op(), 1..30)) {
        let fx = fixture();
        let r = report(&fx);
        accepted_implies_offered(r, fx, &ops)?;
    }

    #[test]
    fn a_group_meeting_accepts_only_what_it_offers(ahead in 0..20u64, ops in prop::collection::vec(op(), 1..30)) {
        let fx = fixture();
        let a = meeting(&fx, ahead);
        accepted_implies_offered(a, fx, &ops)?;
    }

    #[test]
    fn an_information_request_accepts_only_what_it_offers(ops in prop::collection::vec(op(), 1..30)) {
        let fx = fixture();
        let r = info(&fx);
        accepted_implies_offered(r, fx, &ops)?;
    }
}

/// The property must reach past the first step on every machine, or it proves little: a walk
/// through each machine's offered steps, trying the values its spec suggests, takes at least two.
/// On the way, every field error must name a field of the action's spec.
#[test]
fn the_walks_get_past_the_first_step() {
    fn accepted<S: Walk>(mut record: S, fx: &Fixture) -> usize {
        let mut taken = 0;
        for round in 0..12 {
            let open = record.available(&fx.ctx());
            let Some(&kind) = open.get(round % open.len().max(1)) else {
                break;
            };
            let fields = kind.fields();
            for pick in 0..64 {
                let get = |name: &str| {
                    fields
                        .iter()
                        .position(|f| f.answers_to(name))
                        .map(|i| value(&fields[i], pick / (i + 1) + i, fx))
                        .unwrap_or_default()
                };
                match step(&record, kind, &get, 0, fx) {
                    Ok(next) => {
                        record = next;
                        taken += 1;
                        break;
                    }
                    // A bad value is named by a field of the action's spec (its name or label),
                    // so each face can show it its own way.
                    Err(Rejection::Invalid(errors)) => {
                        for e in errors {
                            assert!(
                                kind.field_of_error(e.field).is_some(),
                                "{kind:?}: the error names '{}', which its spec does not ({e})",
                                e.field
                            );
                        }
                    }
                    Err(Rejection::Refused(_)) => {}
                }
            }
        }
        taken
    }
    let fx = fixture();
    let walks = [
        ("case", accepted(open_case(&fx, 0), &fx)),
        ("member", accepted(fx.members[1].clone(), &fx)),
        ("officer", accepted(fx.officers[1].clone(), &fx)),
        ("register entry", accepted(entry(&fx, 0), &fx)),
        ("gifts entry", accepted(gift(&fx, true, false), &fx)),
        ("subject access request", accepted(sar(&fx, false, 5), &fx)),
        ("dispensation", accepted(dispensation(&fx, false, 30), &fx)),
        ("election", accepted(election(&fx, 6), &fx)),
        ("publicity item", accepted(item(&fx, false), &fx)),
        ("group report", accepted(report(&fx), &fx)),
        ("group meeting", accepted(meeting(&fx, 0), &fx)),
        ("information request", accepted(info(&fx), &fx)),
    ];
    for (machine, taken) in walks {
        assert!(taken >= 2, "{machine}: only {taken} steps accepted");
    }
}
