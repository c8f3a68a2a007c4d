//! Issue 13's clauses on screen: who gave the briefing and the recruitment panel (R-O2, R-O1), the
//! figures no protocol sets as the council's defaults, a member's complaint in the Due tab (R-I5),
//! and the correspondence log in the member's detail (R-C1).

use crossterm::event::KeyCode;

use super::tests::Harness;
use crate::domain::figures::Figure;

#[test]
fn the_officer_detail_shows_who_gave_the_briefing_and_the_panel() {
    let mut h = Harness::demo();
    h.keys("2");
    // Clara (the Clerk): the day is recorded, who is not; she is the first row.
    let s = h.screen(120, 40);
    assert!(
        s.contains("Given by: not recorded (their manager): p records who"),
        "{s}"
    );
    // Robert Fenwick, the second row: who gave it, and his recruitment panel.
    h.keys("j");
    let s = h.screen(120, 40);
    assert!(s.contains("Given by: Clara Whitcombe (O-001)"), "{s}");
    assert!(
        s.contains("Recruited by: Clara Whitcombe (O-001) on 2021-02-15"),
        "{s}"
    );
    // Recorded with who: 'p' is refused with R-O2, and nothing opens.
    h.keys("p");
    assert!(h.model.form.is_none());
    let s = h.screen(120, 40);
    assert!(s.contains("R-O2"), "{s}");
    // Jodie Marsh, the third row: not briefed, no panel; 'r' opens the panel's form.
    h.key(KeyCode::Esc);
    h.keys("j");
    let s = h.screen(120, 40);
    assert!(
        s.contains("Briefing due: within 5 working days (council default) of starting"),
        "{s}"
    );
    assert!(s.contains("panel not recorded: r records it"), "{s}");
    h.keys("r");
    let s = h.screen(120, 40);
    assert!(s.contains("Recruitment panel: Jodie Marsh"), "{s}");
}

#[test]
fn the_council_details_and_a_deadline_say_whose_figure_it_is() {
    let mut h = Harness::demo();
    h.keys("I");
    // At 80x24 there is room for one line only, after the council's documents (R-O4).
    let s = h.screen(80, 24);
    assert!(
        s.contains("Council defaults: hearing 5, appeal 10, briefing 5 working days; panel of 2"),
        "{s}"
    );
    assert!(s.contains("Disciplinary procedure"), "{s}");
    let s = h.screen(120, 50);
    assert!(
        s.contains("hearing target 5 working days (council default)"),
        "{s}"
    );
    assert!(
        s.contains("grievance panel at least 2 members (council default)"),
        "{s}"
    );
    h.model
        .session
        .as_mut()
        .unwrap()
        .set_figures(&[(Figure::Hearing, "7".into())])
        .unwrap();
    let s = h.screen(120, 50);
    assert!(
        s.contains("hearing target 7 working days (set by the council)"),
        "{s}"
    );
    // The demo's formal grievance counts its hearing from the council's figure, and says so.
    h.key(KeyCode::Esc);
    h.keys("3/G-2026-001");
    h.key(KeyCode::Enter);
    let s = h.screen(160, 50);
    // (The detail pane wraps the line at words, within "set by the council".)
    assert!(s.contains("target 7 working days (set"), "{s}");
    assert!(s.contains("by the council))"), "{s}");
}

#[test]
fn a_members_complaint_is_due_and_their_letters_are_in_their_detail() {
    let mut h = Harness::demo();
    // Tom Ågren-Smith's concern about the Clerk, raised on Monday 16 November: a response is due
    // ten working days later, Monday 30 November, in the Due list (the Due tab shows it from a
    // week before) and on the Grievances tab.
    let due = h.model.session.as_ref().unwrap().due_dates();
    let complaint = due
        .iter()
        .find(|d| d.title.ends_with("reply owed"))
        .expect("the demo's concern is owed a response");
    assert_eq!(
        (
            crate::domain::dates::show(complaint.first),
            complaint.cite.rule.as_str()
        ),
        ("2026-11-30".to_string(), "R-I5")
    );
    h.keys("3j");
    let s = h.screen(200, 40);
    assert!(
        s.contains("reply owed by 2026-11-30 [R-I5 — CAV §3.1d]"),
        "{s}"
    );
    h.keys("1/Margaret");
    h.key(KeyCode::Enter);
    let s = h.screen(140, 50);
    assert!(
        s.contains("Letters from officers (R-C1 — not required by this council's protocol)"),
        "{s}"
    );
    assert!(s.contains("copied Tom Ågren-Smith, Eleanor Wood"), "{s}");
}

/// R-I5 at 80x24: the Grievances list's Next deadline column is narrow, so the complaint's
/// wording is short enough that what is owed and by when both show on the concern's row.
#[test]
fn a_members_complaint_shows_what_is_owed_and_when_on_the_list_at_80x24() {
    let mut h = Harness::demo();
    h.keys("3");
    let s = h.screen(80, 24);
    let row = s
        .lines()
        .find(|l| l.contains("G-2026-002"))
        .unwrap_or_else(|| panic!("no G-2026-002 row:\n{s}"));
    assert!(row.contains("reply owed 2026-11-30"), "{row}\n{s}");
}

#[test]
fn a_recruitment_panel_is_picked_from_the_people_serving_and_a_conflicted_member_is_refused() {
    let mut h = Harness::demo();
    // Jodie Marsh, the third officer: Peter Green declared a friendship with her (D-0001).
    h.keys("2jj");
    h.keys("r");
    let s = h.screen(120, 40);
    assert!(
        s.contains("Space picks or drops"),
        "a list, not a typed field: {s}"
    );
    // Officers recruit an assistant (R-O1); a member on the panel with a declared relationship
    // is refused first (R-D1), and nothing is recorded.
    h.keys("clara ");
    h.keys("peter ");
    h.key(KeyCode::Enter);
    let s = h.screen(120, 40);
    assert!(h.model.form.is_some(), "the form stays open: {s}");
    assert!(s.contains("R-D1"), "the refusal names the rule: {s}");
    let jodie = |h: &Harness| {
        h.model
            .session
            .as_ref()
            .unwrap()
            .officers
            .iter()
            .find(|o| o.name == "Jodie Marsh")
            .unwrap()
            .clone()
    };
    assert!(jodie(&h).recruitment.is_none(), "nothing was recorded");
    // Dropping Peter (Space on him again) leaves Clara, an officer: accepted.
    h.keys("peter ");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none(), "{}", h.screen(120, 40));
    let panel = jodie(&h).recruitment.expect("recorded").panel;
    assert_eq!(panel.len(), 1, "{panel:?}");
}

#[test]
fn an_empty_creation_form_names_the_field_left_empty_and_stays_open() {
    let mut h = Harness::demo();
    h.keys("4n");
    h.key(KeyCode::Enter);
    let s = h.screen(120, 40);
    assert!(h.model.form.is_some(), "the form stays open: {s}");
    assert!(s.contains("required ("), "the empty field is named: {s}");
    assert!(
        !s.contains("'' is not"),
        "not the domain's word on an empty value: {s}"
    );
}
