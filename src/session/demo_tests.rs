//! The demo council, pinned: how many records each register holds, the state each is left in, and
//! the audit trail of the registers replayed from `assets/demo/` (`demo.rs`). A change to how the
//! demo is loaded must leave all of it as it is; a change to the demo's data changes it here.

use chrono::NaiveDate;

use super::Session;

fn demo() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let mut s = Session::open(dir.path(), today, "Clerk").unwrap();
    s.load_demo().unwrap();
    (dir, s)
}

fn states<T>(records: &[T], state: impl Fn(&T) -> String) -> Vec<String> {
    records.iter().map(state).collect()
}

#[test]
fn the_demo_council_comes_out_as_pinned() {
    let (_dir, s) = demo();
    let counts = [
        ("members", s.members.len()),
        ("officers", s.officers.len()),
        ("cases", s.cases.len()),
        ("letters", s.correspondence.len()),
        ("disclosures", s.disclosures.len()),
        ("gifts", s.gifts.len()),
        ("dispensations", s.dispensations.len()),
        ("subject access requests", s.sars.len()),
        ("elections", s.elections.len()),
        ("publicity", s.publicity.len()),
        ("reports", s.reports.len()),
        ("meetings", s.attendances.len()),
        ("information requests", s.info_requests.len()),
    ];
    assert_eq!(
        counts,
        [
            ("members", 11),
            ("officers", 5),
            ("cases", 5),
            ("letters", 2),
            ("disclosures", 6),
            ("gifts", 7),
            ("dispensations", 4),
            ("subject access requests", 3),
            ("elections", 3),
            ("publicity", 3),
            ("reports", 1),
            ("meetings", 1),
            ("information requests", 3),
        ]
    );

    let debug = |x: &dyn std::fmt::Debug| format!("{x:?}");
    assert_eq!(
        states(&s.disclosures, |d| debug(&d.state)),
        [
            "Acknowledged",
            "Active",
            "Active",
            "Active",
            "Ended",
            "Declared"
        ]
    );
    assert_eq!(
        states(&s.gifts, |g| debug(&g.state)),
        ["Notified", "Open", "Open", "Notified", "Open", "Notified", "Ended"]
    );
    assert_eq!(
        states(&s.dispensations, |d| debug(&d.state)),
        ["Granted", "Granted", "Requested", "Refused"]
    );
    assert_eq!(
        states(&s.sars, |r| debug(&r.state)),
        ["Extended", "Received", "Received"]
    );
    assert_eq!(
        states(&s.elections, |e| debug(&e.state)),
        ["Scheduled", "Closed", "Scheduled"]
    );
    assert_eq!(
        states(&s.publicity, |p| debug(&p.state)),
        ["Draft", "Approved", "Blocked"]
    );
    assert_eq!(states(&s.reports, |r| debug(&r.state)), ["Prepared"]);
    assert_eq!(states(&s.attendances, |a| debug(&a.state)), ["Attended"]);
    assert_eq!(
        states(&s.info_requests, |r| debug(&r.state)),
        ["Assessed", "Assessed", "Received"]
    );

    let trail = s.audit().unwrap();
    assert_eq!(trail.len(), 98, "the whole demo's audit trail");
    let people_and_cases = ["member ", "officer ", "case ", "council", "correspondence "];
    let replayed: Vec<String> = trail
        .iter()
        .filter(|e| !people_and_cases.iter().any(|p| e.subject.0.starts_with(p)))
        .map(|e| {
            let rule = e.cite.as_ref().map(|c| c.rule.as_str()).unwrap_or("-");
            format!("{}: {} ({}, {rule})", e.subject.0, e.action, e.actor)
        })
        .collect();
    let clara = "Clara Whitcombe";
    let expected: Vec<String> = [
        ("disclosure D-0001", "declared", "Clerk", "R-D1"),
        ("disclosure D-0001", "notification recorded", clara, "R-D1"),
        (
            "disclosure D-0001",
            "acknowledged by the Clerk",
            clara,
            "R-D1",
        ),
        ("disclosure D-0002", "declared", "Clerk", "R-D1"),
        ("disclosure D-0002", "notification recorded", clara, "R-D1"),
        ("disclosure D-0002", "notification recorded", clara, "R-D1"),
        ("disclosure D-0002", "notification recorded", clara, "R-D1"),
        (
            "disclosure D-0002",
            "acknowledged by the Clerk",
            clara,
            "R-D1",
        ),
        ("disclosure D-0002", "made active", clara, "R-D1"),
        ("disclosure D-0003", "declared", "Clerk", "R-D2"),
        ("disclosure D-0003", "notification recorded", clara, "R-D2"),
        (
            "disclosure D-0003",
            "acknowledged by the Clerk",
            clara,
            "R-D2",
        ),
        ("disclosure D-0003", "made active", clara, "R-D2"),
        ("disclosure D-0004", "declared", "Clerk", "R-D2"),
        ("disclosure D-0004", "notification recorded", clara, "R-D2"),
        (
            "disclosure D-0004",
            "acknowledged by the Clerk",
            clara,
            "R-D2",
        ),
        (
            "disclosure D-0004",
            "withheld from the published register",
            clara,
            "R-D2",
        ),
        ("disclosure D-0004", "made active", clara, "R-D2"),
        ("disclosure D-0005", "declared", "Clerk", "R-D2"),
        ("disclosure D-0005", "notification recorded", clara, "R-D2"),
        (
            "disclosure D-0005",
            "acknowledged by the Clerk",
            clara,
            "R-D2",
        ),
        ("disclosure D-0005", "made active", clara, "R-D2"),
        ("disclosure D-0005", "ended", clara, "R-D2"),
        ("gift H-0001", "registered", "Clerk", "R-D5"),
        ("gift H-0002", "registered", "Clerk", "R-D5"),
        ("gift H-0003", "registered", "Clerk", "R-D5"),
        ("gift H-0004", "registered", "Clerk", "R-D5"),
        ("gift H-0005", "registered", "Clerk", "R-D5"),
        ("gift H-0006", "registered", "Clerk", "R-D5"),
        ("gift H-0006", "notified", clara, "R-D5"),
        ("gift H-0007", "registered", "Clerk", "R-D5"),
        ("gift H-0007", "ended", clara, "R-D5"),
        ("dispensation D-0001", "requested", "Clerk", "R-D6"),
        ("dispensation D-0001", "granted", clara, "R-D6"),
        ("dispensation D-0002", "requested", "Clerk", "R-D6"),
        ("dispensation D-0002", "granted", clara, "R-D6"),
        ("dispensation D-0003", "requested", "Clerk", "R-D6"),
        ("dispensation D-0004", "requested", "Clerk", "R-D6"),
        ("dispensation D-0004", "refused", clara, "R-D6"),
        (
            "subject access request S-0001",
            "received",
            "Clerk",
            "R-DP1",
        ),
        ("subject access request S-0001", "extended", clara, "R-DP1"),
        (
            "subject access request S-0002",
            "received",
            "Clerk",
            "R-DP1",
        ),
        (
            "subject access request S-0003",
            "received",
            "Clerk",
            "R-DP1",
        ),
        ("election E-1", "scheduled", "Clerk", "R-P1"),
        ("election E-2", "scheduled", "Clerk", "R-P1"),
        ("election E-2", "poll held", clara, "R-P1"),
        ("election E-2", "closed", clara, "R-P1"),
        ("election E-3", "scheduled", "Clerk", "R-P1"),
        ("publicity P-1", "drafted", "Clerk", "-"),
        ("publicity P-2", "drafted", "Clerk", "-"),
        ("publicity P-2", "checked", clara, "-"),
        ("publicity P-2", "approved", clara, "-"),
        ("publicity P-3", "drafted", "Clerk", "-"),
        ("publicity P-3", "checked", clara, "R-P3"),
        ("report GR-1", "requested", "Clerk", "-"),
        ("report GR-1", "prepared", clara, "R-G1"),
        ("report GR-1", "other group told", clara, "R-G2"),
        ("attendance GA-1", "requested", "Clerk", "-"),
        ("attendance GA-1", "Clerk to attend", clara, "R-G3"),
        ("attendance GA-1", "meeting attended", clara, "R-G3"),
        ("request RQ-2026-001", "received", "Clerk", "-"),
        ("request RQ-2026-001", "assessed", clara, "R-I1"),
        ("request RQ-2026-002", "received", "Clerk", "-"),
        ("request RQ-2026-002", "assessed", clara, "R-I1"),
        ("request RQ-2026-003", "received", "Clerk", "-"),
        (
            "disclosure D-0006",
            "declared with a request",
            "Clerk",
            "R-D3",
        ),
    ]
    .iter()
    .map(|(subject, action, actor, rule)| format!("{subject}: {action} ({actor}, {rule})"))
    .collect();
    assert_eq!(replayed, expected);
}

/// Replays `text` (records of one `[[section]]`, as a demo file holds them) as `R`, in a council
/// with one member, Ann Example.
fn replay_text<R>(section: &str, text: &str) -> Result<super::demo::DemoExtras, String>
where
    R: super::demo::Replay,
    R::Kind: crate::domain::machine::BuildAction<Action = R::Action>,
{
    let dir = tempfile::tempdir().unwrap();
    let s = super::tests::council_of("banbury", dir.path());
    let ctx = s.ctx().unwrap();
    let table: toml::Table = toml::from_str(text).unwrap();
    let records: Vec<crate::assets::DemoRecord> = table[section].clone().try_into().unwrap();
    let mut out = super::demo::DemoExtras::default();
    super::demo::replay::<R>(&records, &mut out, &ctx)
        .map(|()| out)
        .map_err(|e| e.to_string())
}

const GIFT: &str = r#"
[[gift]]
recipient = "Ann Example"
offer = "received"
giver = "Testford Show"
description = "Two dinner tickets"
value = "90"
received = "today-20"
"#;

/// The mistake a gift's replay stops at.
fn refused(text: &str) -> String {
    match replay_text::<crate::domain::gifts::Gift>("gift", text) {
        Ok(_) => panic!("replayed without a mistake:\n{text}"),
        Err(e) => e,
    }
}

#[test]
fn a_demo_record_is_replayed_through_its_spec_and_machine() {
    let text = format!(
        "{GIFT}\n[[gift.step]]\naction = \"notify\"\nactor = \"Clara\"\non = \"today-2\"\n"
    );
    let out = replay_text::<crate::domain::gifts::Gift>("gift", &text).unwrap();
    assert_eq!(out.gifts.len(), 1);
    assert_eq!(format!("{:?}", out.gifts[0].state), "Notified");
    let actions: Vec<&str> = out.trail.iter().map(|t| t.action.as_str()).collect();
    assert_eq!(actions, ["registered", "notified"]);
    assert_eq!(out.trail[1].actor.as_deref(), Some("Clara"));
    assert_eq!(out.writes.len(), 1);
}

/// A step the machine refuses is a mistake in the data: the replay stops and names the record and
/// the step, with the machine's own refusal; nothing is skipped.
#[test]
fn a_refused_demo_step_stops_the_replay_and_names_the_record_and_step() {
    let step =
        |action: &str| format!("\n[[gift.step]]\naction = \"{action}\"\nactor = \"Clara\"\n");
    let text = format!("{GIFT}{}{}", step("notify"), step("notify"));
    let err = refused(&text);
    assert!(err.contains("gift H-0001, step 2 (notify)"), "{err}");
    assert!(
        err.contains("R-D5"),
        "the machine's refusal, with its rule: {err}"
    );
}

#[test]
fn a_demo_field_the_spec_does_not_name_is_refused_where_it_is() {
    // In a step: `notify` reads `on`, nothing else.
    let text = format!(
        "{GIFT}\n[[gift.step]]\naction = \"notify\"\nactor = \"Clara\"\nwhen = \"today\"\n"
    );
    let err = refused(&text);
    assert!(err.contains("gift H-0001, step 1 (notify)"), "{err}");
    assert!(err.contains("'when' is not a field of notify"), "{err}");
    // In a record: the creation spec names `received`, not `received_on`.
    let text = GIFT.replace("received = ", "received_on = ");
    let err = refused(&text);
    assert!(err.contains("[[gift]] number 1"), "{err}");
    assert!(err.contains("'received_on' is not a field of add"), "{err}");
    // An action the machine does not have.
    let text = format!("{GIFT}\n[[gift.step]]\naction = \"approve\"\nactor = \"Clara\"\n");
    let err = refused(&text);
    assert!(err.contains("step 1 (approve)"), "{err}");
    assert!(
        err.contains("not an action on a gifts and hospitality entry"),
        "{err}"
    );
}

#[test]
fn a_demo_step_without_a_required_field_is_refused_as_do_refuses_it() {
    // `end` needs a reason, as `gifts do H-0001 end` does.
    let text = format!("{GIFT}\n[[gift.step]]\naction = \"end\"\nactor = \"Clara\"\n");
    let err = refused(&text);
    assert!(err.contains("gift H-0001, step 1 (end)"), "{err}");
    assert!(err.contains("reason"), "{err}");
}
