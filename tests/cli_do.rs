//! `clerkdesk <kind> do REF ACTION` and the domain refuse the same step with the same rule, clause
//! and reason. The table is every record of the demo council, of all nine kinds, with every
//! action its machine does not offer now: each is asked of the domain directly (through the
//! library, on the demo's store) and of the command line, and the two refusals must agree.

mod common;

use chrono::NaiveDate;

use clerkdesk::domain::blackout::ElectionAction;
use clerkdesk::domain::dates;
use clerkdesk::domain::disclosure::DisclosureAction;
use clerkdesk::domain::grievance::CaseAction;
use clerkdesk::domain::machine::{ActionKind, FieldKind, Machine};
use clerkdesk::domain::member::MemberAction;
use clerkdesk::domain::officer::OfficerAction;
use clerkdesk::domain::publicity::ItemAction;
use clerkdesk::domain::requests::{AttendanceAction, InfoAction, ReportAction};
use clerkdesk::domain::rules::{Refusal, Rejection};
use clerkdesk::session::Session;
use common::{Home, TODAY};

/// One row: the command line's words for the step, and the domain's answer to it.
struct Row {
    args: Vec<String>,
    refusal: Refusal,
}

/// The field values the command line fills in when none are given: a day field is today.
fn defaults<K: ActionKind>(kind: K, today: NaiveDate) -> impl Fn(&str) -> String {
    move |name: &str| match kind.spec().field(name) {
        Some(f) if f.kind == FieldKind::Day => dates::show(today),
        _ => String::new(),
    }
}

/// Every action of `K` not open on the record, with the domain's refusal of it.
fn rows<K: ActionKind>(
    command: &str,
    reference: &str,
    open: &[K],
    mut refuse: impl FnMut(K) -> Result<(), Rejection>,
    out: &mut Vec<Row>,
) {
    for &kind in K::ALL.iter().filter(|k| !open.contains(k)) {
        match refuse(kind) {
            Err(Rejection::Refused(refusal)) => out.push(Row {
                args: vec![
                    command.to_string(),
                    "do".into(),
                    reference.to_string(),
                    kind.name().to_string(),
                ],
                refusal,
            }),
            other => panic!("{reference} {kind:?} not offered, yet the domain says {other:?}"),
        }
    }
}

fn refused<T>(r: Result<T, Rejection>) -> Result<(), Rejection> {
    r.map(|_| ())
}

fn table(home: &Home) -> Vec<Row> {
    let today = dates::parse_date("today", TODAY).expect("TODAY is a date");
    let session = Session::open(&home.demo_store(), today, "Clerk").expect("the demo opens");
    let ctx = session.ctx().expect("the demo has a council");
    let mut out = Vec::new();
    for case in &session.cases {
        rows(
            "case",
            &case.reference,
            &case.available(&ctx),
            |kind| {
                // The person the CLI names, and the register it consults (R-D1).
                let actor = session.actor_for(case, kind);
                let action = CaseAction::from_named(kind, defaults(kind, today), String::new());
                let register = session.conflicts();
                refused(case.apply(action, &ctx.acting(&actor).with_conflicts(&register)))
            },
            &mut out,
        );
    }
    for d in &session.disclosures {
        rows(
            "disclosures",
            &d.reference(),
            &d.available(&ctx),
            |kind| {
                let action = DisclosureAction::from_named(kind, defaults(kind, today))?;
                refused(d.apply(action, &ctx))
            },
            &mut out,
        );
    }
    for m in &session.members {
        rows(
            "members",
            &m.id.to_string(),
            &m.available(&ctx),
            |kind| {
                let action = MemberAction::from_named(kind, defaults(kind, today))?;
                refused(m.apply(action, &ctx))
            },
            &mut out,
        );
    }
    for o in &session.officers {
        rows(
            "officers",
            &o.id.to_string(),
            &o.available(&ctx),
            |kind| {
                let action = OfficerAction::from_named(kind, defaults(kind, today))?;
                refused(o.apply(action, &ctx))
            },
            &mut out,
        );
    }
    for e in &session.elections {
        rows(
            "blackout",
            &format!("E-{}", e.id),
            &e.available(&ctx),
            |kind| {
                let action = ElectionAction::from_named(kind, defaults(kind, today))?;
                refused(e.apply(action, &ctx))
            },
            &mut out,
        );
    }
    for item in &session.publicity {
        rows(
            "publicity",
            &format!("P-{}", item.id),
            &item.available(&ctx),
            |kind| {
                let action = ItemAction::from_named(kind, defaults(kind, today))?;
                refused(item.apply(action, &ctx))
            },
            &mut out,
        );
    }
    for r in &session.reports {
        rows(
            "requests",
            &format!("GR-{}", r.id),
            &r.available(&ctx),
            |kind| {
                let action = ReportAction::from_named(kind, defaults(kind, today))?;
                refused(r.apply(action, &ctx))
            },
            &mut out,
        );
    }
    for a in &session.attendances {
        rows(
            "requests",
            &format!("GA-{}", a.id),
            &a.available(&ctx),
            |kind| {
                let action = AttendanceAction::from_named(kind, defaults(kind, today))?;
                refused(a.apply(action, &ctx))
            },
            &mut out,
        );
    }
    for r in &session.info_requests {
        rows(
            "requests",
            &r.reference,
            &r.available(&ctx),
            |kind| {
                let action = InfoAction::from_named(kind, defaults(kind, today))?;
                refused(r.apply(action, &ctx))
            },
            &mut out,
        );
    }
    out
}

#[test]
fn the_command_line_refuses_each_step_with_the_domains_rule_and_clause() {
    let home = Home::with_demo();
    let rows = table(&home);
    // The demo holds records of every kind, most with some step not open now.
    for command in [
        "case",
        "disclosures",
        "members",
        "officers",
        "blackout",
        "publicity",
        "requests",
    ] {
        assert!(
            rows.iter().any(|r| r.args[0] == command),
            "no {command} step to compare"
        );
    }
    // The command line cites the clause as the council's own protocol gives it (RULES.md, top).
    let today = dates::parse_date("today", TODAY).expect("TODAY is a date");
    let profile = Session::open(&home.demo_store(), today, "Clerk")
        .expect("the demo opens")
        .profile
        .clone();
    for row in &rows {
        let args: Vec<&str> = row.args.iter().map(String::as_str).collect();
        let r = home.fails(3, &args);
        let own = profile.localise(row.refusal.cite.clone());
        let cite = format!("({} — {})", own.rule, own.clause);
        assert!(
            r.stderr.starts_with("refused: ") && r.stderr.contains(&cite),
            "{args:?}: the domain cites {cite} for this council, the command line said:\n{}",
            r.stderr
        );
        assert!(
            r.stderr.contains(&row.refusal.reason),
            "{args:?}: the domain says '{}', the command line said:\n{}",
            row.refusal.reason,
            r.stderr
        );
    }
}

#[test]
fn a_missing_required_field_or_a_stray_one_is_named_before_anything_is_done() {
    let home = Home::with_demo();
    // Open now on the demo's R-E1 case: hearing held; decide is not, so it is refused instead.
    let err = home.err(
        2,
        &[
            "case",
            "do",
            "G-2026-001",
            "hold-hearing",
            "--outcome",
            "upheld",
        ],
    );
    assert!(
        err.contains("--outcome: hold-hearing does not take it"),
        "{err}"
    );
    let err = home.err(2, &["members", "do", "M-003", "end-term"]);
    assert!(err.contains("--reason: required ("), "{err}");
    let err = home.err(2, &["members", "do", "M-003", "fly"]);
    assert!(err.contains("'fly' is not an action on a member"), "{err}");
    // A field error from the machine is named by the option typed (O-005 reports to the Clerk
    // and manages nobody, so leaving is open to them; the Clerk's leaving is refused by R-O1).
    let err = home.err(
        2,
        &["officers", "do", "O-005", "leave", "--on", "2026-13-40"],
    );
    assert!(err.starts_with("--on: "), "{err}");
    let err = home.err(3, &["officers", "do", "O-001", "leave"]);
    assert!(err.contains("R-O1"), "{err}");
}
