//! Screens rendered on ratatui's `TestBackend`, driven by the same messages the terminal sends.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::*;
use crate::places::Places;

pub(super) struct Harness {
    pub(super) model: Model,
    _home: tempfile::TempDir,
}

pub(super) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

impl Harness {
    pub(super) fn empty() -> Harness {
        let home = tempfile::tempdir().unwrap();
        let mut model = Model::new(Start {
            places: Places::at(home.path()),
            session: None,
            target: None,
            today: today(),
            actor: "Clerk".into(),
        });
        model.theme = Theme { color: false };
        Harness { model, _home: home }
    }

    pub(super) fn demo() -> Harness {
        let mut h = Harness::empty();
        h.keys("d");
        assert!(
            !h.model.on_welcome(),
            "demo should load: {:?}",
            h.model.status.as_ref().map(|s| &s.text)
        );
        h
    }

    pub(super) fn key(&mut self, code: KeyCode) {
        self.model
            .update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub(super) fn ctrl(&mut self, c: char) {
        self.model.update(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    pub(super) fn keys(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub(super) fn screen(&self, w: u16, h: u16) -> String {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal.draw(|f| view::view(&self.model, f)).unwrap();
        let buf = terminal.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }
}

#[test]
fn first_run_offers_set_up_or_the_demo() {
    let h = Harness::empty();
    let s = h.screen(80, 24);
    assert!(s.contains("Set up this council"), "{s}");
    assert!(s.contains("Load the demo council"), "{s}");
}

#[test]
fn the_demo_fills_the_members_tab_with_dpi_status() {
    let mut h = Harness::demo();
    let s = h.screen(80, 24);
    assert!(s.contains("Ashcombe Parish Council"), "{s}");
    assert!(s.contains("Siân ap Dafydd"), "{s}");
    // Wide screens show offices and terms too.
    let wide = h.screen(160, 40);
    assert!(wide.contains("Chairman"), "{wide}");
    assert!(wide.contains("Offices"), "{wide}");
    // Eleanor Wood sorts last, by family name (R-M1): the filter brings her up at 80x24.
    h.keys("/wood");
    h.key(KeyCode::Enter);
    let s = h.screen(80, 24);
    assert!(
        s.contains("OVERDUE"),
        "Eleanor Wood was co-opted 41 days ago: {s}"
    );
}

#[test]
fn every_tab_renders_at_80x24_and_large() {
    let mut h = Harness::demo();
    for (i, title) in [
        "Members",
        "Officers",
        "Grievances",
        "Disclosures",
        "Blackout",
        "Requests",
    ]
    .iter()
    .enumerate()
    {
        h.keys(&(i + 1).to_string());
        for (w, ht) in [(80, 24), (200, 60)] {
            let s = h.screen(w, ht);
            assert!(s.contains(title), "tab {title} at {w}x{ht}:\n{s}");
        }
    }
    h.keys("2");
    let s = h.screen(80, 24);
    assert!(s.contains("Clara Whitcombe"), "{s}");
    assert!(
        s.contains("MISSING"),
        "Jodie Marsh started 10 days ago without the protocol (R-O2): {s}"
    );
}

#[test]
fn meeting_safe_hides_names_and_is_remembered() {
    let mut h = Harness::demo();
    h.key(KeyCode::F(12));
    let s = h.screen(80, 24);
    assert!(s.contains("MEETING-SAFE"), "{s}");
    assert!(!s.contains("Siân"), "{s}");
    assert!(s.contains("Member M-"), "{s}");
    assert!(h.model.session.as_ref().unwrap().settings.meeting_safe);
    h.ctrl('l');
    assert!(h.screen(80, 24).contains("Siân"));
}

#[test]
fn meeting_safe_lists_are_not_in_name_order_and_find_by_real_name() {
    let mut h = Harness::demo();
    h.key(KeyCode::F(12));
    // Sorted by the hidden names, the order of the references would give the names away.
    let ids: Vec<_> = h.model.visible_members().iter().map(|m| m.id).collect();
    let mut by_id = ids.clone();
    by_id.sort();
    assert_eq!(ids, by_id);
    // The clerk finds a councillor by the name they know; the screen shows only the reference.
    h.keys("/Okafor");
    h.key(KeyCode::Enter);
    let found: Vec<String> = h
        .model
        .visible_members()
        .iter()
        .map(|m| m.name.clone())
        .collect();
    assert_eq!(found, vec!["David Okafor".to_string()]);
    let s = h.screen(100, 30);
    assert_eq!(
        s.matches("Okafor").count(),
        1,
        "only in what was typed: {s}"
    );
    assert!(s.contains("filter: Okafor") && !s.contains("David"), "{s}");
}

#[test]
fn meeting_safe_capture_finds_people_by_real_name_and_shows_references() {
    let mut h = Harness::demo();
    h.key(KeyCode::F(12));
    h.keys("c");
    h.keys("Fenwick");
    h.key(KeyCode::Tab);
    h.keys("Okafor");
    let form = &h.model.form.as_ref().expect("the capture form").0;
    let officer = h
        .model
        .session
        .as_ref()
        .unwrap()
        .officers
        .iter()
        .find(|o| o.name == "Robert Fenwick")
        .unwrap()
        .id;
    let member = h
        .model
        .session
        .as_ref()
        .unwrap()
        .members
        .iter()
        .find(|m| m.name == "David Okafor")
        .unwrap()
        .id;
    assert!(
        form.value("raised-by").contains(&officer.to_string()),
        "{}",
        form.value("raised-by")
    );
    assert!(
        form.value("about").contains(&member.to_string()),
        "{}",
        form.value("about")
    );
    let s = h.screen(100, 30);
    assert!(!s.contains("Okafor") && !s.contains("Fenwick"), "{s}");
}

#[test]
fn the_key_bar_follows_available_and_a_refused_key_shows_its_rule() {
    let mut h = Harness::demo();
    // Margaret Hill has registered her DPI: the bar offers no "DPI registered".
    h.keys("/Margaret");
    h.key(KeyCode::Enter);
    let s = h.screen(100, 30);
    assert!(!s.contains("DPI registered "), "{s}");
    assert!(s.contains("end term"), "{s}");
    h.keys("d");
    let s = h.screen(100, 30);
    assert!(s.contains("R-M3"), "the refusal names its rule: {s}");
    assert!(h.model.form.is_none());
}

#[test]
fn a_bad_form_keeps_what_was_typed_and_marks_the_field() {
    let mut h = Harness::demo();
    h.keys("n");
    h.keys("Llŷr Ifans");
    h.key(KeyCode::Tab);
    h.keys("Vale");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    // Replace the default term start with an impossible date.
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.keys("31/02/2026");
    h.key(KeyCode::Enter);
    let s = h.screen(80, 24);
    assert!(s.contains("not a date"), "{s}");
    let (form, _) = h.model.form.as_ref().expect("the form stays open");
    assert_eq!(form.value("name"), "Llŷr Ifans");
    assert_eq!(form.value("term-start"), "31/02/2026");
    // Fix it and save: the new member is listed.
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.keys("2026-11-20");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none());
    assert!(h.screen(80, 24).contains("Llŷr Ifans"));
}

#[test]
fn quitting_with_unsaved_input_asks_first() {
    let mut h = Harness::demo();
    h.keys("n");
    h.keys("Half typed");
    h.ctrl('c');
    assert!(!h.model.quit);
    assert!(h.screen(80, 24).contains("unsaved"));
    h.keys("n");
    assert!(!h.model.quit);
    h.ctrl('c');
    h.keys("y");
    assert!(h.model.quit);
}

#[test]
fn a_tiny_terminal_says_so_and_never_panics() {
    let h = Harness::demo();
    for (w, ht) in [(1, 1), (10, 3), (59, 24), (80, 15)] {
        let s = h.screen(w, ht);
        if w >= 20 {
            assert!(s.contains("too small"), "{w}x{ht}: {s}");
        }
    }
}

#[test]
fn hostile_text_never_reaches_the_buffer_as_control_characters() {
    let mut h = Harness::demo();
    h.keys("n");
    h.keys("Eve");
    h.key(KeyCode::Tab);
    // A ward with an escape sequence is refused by validation, and the screen stays clean.
    h.model.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('\u{1b}'),
        KeyModifiers::NONE,
    )));
    let s = h.screen(80, 24);
    assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
}

#[test]
fn set_up_form_creates_a_council() {
    let mut h = Harness::empty();
    h.keys("n");
    h.keys("Brookfield Town Council");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // town
    h.key(KeyCode::Tab);
    h.keys("town"); // typing searches the list
    h.key(KeyCode::Tab);
    h.keys("Independents, Labour");
    h.key(KeyCode::Enter);
    assert!(
        !h.model.on_welcome(),
        "{:?}",
        h.model.form.as_ref().map(|f| f.0.message.clone())
    );
    let s = h.model.session.as_ref().unwrap();
    assert_eq!(s.profile.id, "town");
    assert_eq!(s.council.as_ref().unwrap().groups.len(), 2);
    assert!(h.screen(80, 24).contains("Brookfield Town Council"));
}

/// Captures a concern by a member about the Clerk: `c`, pick the people by typing, save.
fn capture_about_the_clerk(h: &mut Harness) {
    h.keys("c");
    h.keys("Margaret"); // raised by
    h.key(KeyCode::Tab);
    h.keys("Clara"); // about
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab); // how: in person
    h.key(KeyCode::Tab); // raised on: today
    h.keys("Spoke sharply to the Clerk about the minutes");
    h.key(KeyCode::Enter);
}

#[test]
fn capture_proposes_the_profiles_handler_and_one_key_accepts() {
    let mut h = Harness::demo();
    capture_about_the_clerk(&mut h);
    let s = h.screen(100, 30);
    assert!(s.contains("R-E2"), "{s}");
    assert!(
        s.contains("Chair of the Staffing Committee"),
        "Banbury routes a concern about the Clerk there: {s}"
    );
    assert!(s.contains("Siân ap Dafydd"), "{s}");
    let before = h.model.session.as_ref().unwrap().cases.len();
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?}",
        h.model.form.as_ref().map(|f| f.0.message.clone())
    );
    // The demo holds G-2026-001 to -003 already: this is the fourth of the year.
    let s = h.screen(100, 30);
    assert!(s.contains("G-2026-004"), "{s}");
    let cases = &h.model.session.as_ref().unwrap().cases;
    assert_eq!(cases.len(), before + 1);
    let case = cases.iter().find(|c| c.reference == "G-2026-004").unwrap();
    assert_eq!(case.path, crate::domain::grievance::Path::MemberConcern);
    // The audit trail records that the proposal was accepted.
    let trail = h
        .model
        .session
        .as_ref()
        .unwrap()
        .audit_for(&crate::session::Session::case_subject("G-2026-004"))
        .unwrap();
    assert!(
        trail[0].note.as_deref().unwrap().contains("accepted"),
        "{:?}",
        trail[0]
    );
}

#[test]
fn esc_on_the_proposal_goes_back_to_the_capture_with_everything_typed() {
    let mut h = Harness::demo();
    capture_about_the_clerk(&mut h);
    h.key(KeyCode::Esc);
    let (form, _) = h.model.form.as_ref().expect("back on the capture form");
    assert_eq!(
        form.value("summary"),
        "Spoke sharply to the Clerk about the minutes"
    );
}

#[test]
fn a_case_step_out_of_order_is_refused_on_screen_with_its_rule() {
    let mut h = Harness::demo();
    capture_about_the_clerk(&mut h);
    h.key(KeyCode::Enter);
    // Select the new case (open cases sort by deadline; the filter finds it).
    h.keys("/G-2026-004");
    h.key(KeyCode::Enter);
    // A decision before any informal step: 'd' is not in available(), so the refusal shows.
    let before = h.model.session.as_ref().unwrap().cases.clone();
    h.keys("d");
    let s = h.screen(100, 30);
    assert!(s.contains("R-E2"), "{s}");
    assert_eq!(
        h.model.session.as_ref().unwrap().cases,
        before,
        "nothing changed"
    );
    // The allowed first step goes through its form.
    h.keys("i");
    h.keys("Clerk and Cllr Hill");
    h.key(KeyCode::Enter);
    let s = h.screen(100, 30);
    assert!(s.contains("informal"), "{s}");
}

#[test]
fn capture_works_from_any_tab_and_the_key_bar_says_so() {
    let mut h = Harness::demo();
    h.keys("2");
    let s = h.screen(100, 30);
    assert!(s.contains("capture"), "{s}");
    let before = h.model.session.as_ref().unwrap().cases.len();
    capture_about_the_clerk(&mut h);
    h.key(KeyCode::Enter);
    assert_eq!(h.model.tab, Tab::Grievances);
    assert_eq!(h.model.session.as_ref().unwrap().cases.len(), before + 1);
}

#[test]
fn the_demo_grievances_show_an_overdue_hearing_first() {
    let mut h = Harness::demo();
    h.keys("3");
    let s = h.screen(120, 30);
    assert!(
        s.contains("OVERDUE"),
        "the demo's R-E1 hearing is past its 5 working days: {s}"
    );
    let first = h.model.selected_case().unwrap();
    assert_eq!(first.path, crate::domain::grievance::Path::OfficerGrievance);
    // The public-meeting concern logged its breach alongside (R-E2.2).
    assert!(h
        .model
        .session
        .as_ref()
        .unwrap()
        .cases
        .iter()
        .any(|c| matches!(c.path, crate::domain::grievance::Path::Breach(_))));
}

/// Declares a friendship between a member and an officer through the Disclosures form, and
/// gives the new entry's reference.
fn declare_friendship(h: &mut Harness, member: &str, officer: &str) -> String {
    h.keys("4n");
    // Nothing preset but the day, as `disclosures add` takes it: the clerk picks each.
    h.key(KeyCode::Right); // kind: relationship
    h.key(KeyCode::Tab);
    h.keys("friendship");
    h.key(KeyCode::Tab);
    h.keys(member);
    h.key(KeyCode::Tab);
    h.keys(officer);
    h.key(KeyCode::Tab);
    h.keys("Neighbours for twenty years");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Right); // declared by: member
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?}",
        h.model.form.as_ref().map(|f| (
            f.0.message.clone(),
            f.0.fields
                .iter()
                .map(|x| x.error.clone())
                .collect::<Vec<_>>()
        ))
    );
    let newest = h
        .model
        .session
        .as_ref()
        .unwrap()
        .disclosures
        .iter()
        .map(|d| d.id)
        .max()
        .unwrap();
    let reference = crate::domain::disclosure::reference(newest);
    // Select it, whatever else the demo's register holds.
    h.keys(&format!("/{reference}"));
    h.key(KeyCode::Enter);
    reference
}

#[test]
fn a_declared_relationship_is_listed_as_incomplete_until_notified() {
    let mut h = Harness::demo();
    let reference = declare_friendship(&mut h, "Peter", "Robert");
    let s = h.screen(100, 30);
    assert!(s.contains(&reference), "{s}");
    assert!(s.contains("INCOMPLETE"), "no notifications yet (R-D1): {s}");
    // Activating before the notifications is not offered, and the key shows R-D1; nothing changes.
    h.keys("o");
    h.key(KeyCode::Enter); // acknowledged today
    let before = h.model.session.as_ref().unwrap().disclosures.clone();
    assert!(!h.model.available_keys().iter().any(|k| k.key == 'v'));
    h.keys("v");
    let s = h.screen(100, 30);
    assert!(s.contains("R-D1"), "{s}");
    assert!(
        h.model.form.is_none(),
        "no form for a step the entry cannot take"
    );
    assert_eq!(h.model.session.as_ref().unwrap().disclosures, before);
}

#[test]
fn a_member_with_a_declared_relationship_cannot_sit_on_that_officers_panel() {
    let mut h = Harness::demo();
    let reference = declare_friendship(&mut h, "Peter", "Robert");
    // Robert Fenwick (RFO) raises a grievance about Fiona MacLeod; it goes formal at once.
    h.keys("c");
    h.keys("Robert");
    h.key(KeyCode::Tab);
    h.keys("Fiona");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.keys("Shouted at in the office");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter); // accept R-E1
    h.keys("/G-2026-004");
    h.key(KeyCode::Enter);
    h.keys("f");
    h.key(KeyCode::Tab);
    h.keys("Complainant asked for the formal route at once");
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?}",
        h.model.form.as_ref().map(|f| f.0.message.clone())
    );
    // The panel is picked from the list: type to find, Space to pick.
    h.keys("p");
    h.keys("peter ");
    h.keys("rajesh ");
    h.key(KeyCode::Enter);
    let s = h.screen(100, 30);
    assert!(s.contains("R-D1"), "the refusal names the rule: {s}");
    assert!(s.contains(&reference), "and the disclosure: {s}");
    let case = h
        .model
        .session
        .as_ref()
        .unwrap()
        .case("G-2026-004")
        .unwrap()
        .clone();
    assert!(case.panel.is_empty(), "nothing was seated");
    // Without the conflicted member the panel is accepted.
    let (form, _) = h.model.form.as_mut().unwrap();
    let _ = form;
    h.key(KeyCode::Esc);
    h.keys("y");
    h.keys("p");
    h.keys("helen ");
    h.keys("rajesh ");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none());
    assert_eq!(
        h.model
            .session
            .as_ref()
            .unwrap()
            .case("G-2026-004")
            .unwrap()
            .panel
            .len(),
        2
    );
}

#[test]
fn in_a_pre_election_period_every_tab_shows_the_banner_and_naming_a_councillor_blocks() {
    let mut h = Harness::demo();
    h.keys("5N");
    // The form opens on an ordinary election (as `blackout add` does): one along is a by-election.
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    h.keys("Mill End");
    h.key(KeyCode::Tab);
    h.keys("2026-12-17");
    h.key(KeyCode::Tab);
    h.keys("2026-11-10"); // the notice is out (in time: the latest is 12 Nov): the period is on
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?} {:?}",
        h.model.form.as_ref().map(|f| f.0.message.clone()),
        h.model.form.as_ref().map(|f| f.0.values())
    );
    for tab in ["1", "2", "3", "4", "5", "6"] {
        h.keys(tab);
        let s = h.screen(80, 24);
        // This period (to 17 Dec) runs into the demo's Mill End by-election's (computed start
        // early December, poll 6 Jan): one run to 6 Jan on the banner, both named (R-P5).
        assert!(
            s.contains("PRE-ELECTION PERIOD until 2027-01-06 (by-election: Mill End; by-election"),
            "tab {tab}: {s}"
        );
    }
    h.keys("5n");
    h.keys("Winter newsletter");
    h.key(KeyCode::Tab);
    // No channel until the clerk picks one (as `publicity add` asks for --channel): a newsletter.
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Tab);
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.keys("2026-12-01");
    h.key(KeyCode::Tab);
    h.keys("Cllr Hill opened the new play area.");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none());
    h.keys("/Winter");
    h.key(KeyCode::Enter);
    h.keys("r"); // check
    let s = h.screen(100, 30);
    assert!(s.contains("BLOCKED"), "{s}");
    assert!(s.contains("R-P2"), "{s}");
}

#[test]
fn a_group_report_cannot_complete_until_every_other_group_is_told() {
    let mut h = Harness::demo();
    h.keys("6R");
    h.keys("Labour");
    h.key(KeyCode::Tab);
    h.keys("Zebra crossing options");
    h.key(KeyCode::Enter);
    h.keys("/Zebra crossing");
    h.key(KeyCode::Enter);
    // Prepare, confirming the R-G1 checklist: the form follows the spec, checklist first.
    h.keys("p");
    let form = &h.model.form.as_ref().unwrap().0;
    let labels: Vec<&str> = form.fields.iter().map(|f| f.label).collect();
    assert_eq!(
        labels,
        [
            "facts",
            "options",
            "no politics",
            "no recommendation",
            "prepared on"
        ]
    );
    assert!(form.intro[0].contains("R-G1"), "{:?}", form.intro);
    for _ in 0..4 {
        h.keys("y");
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?}",
        h.model.form.as_ref().map(|f| f.0.message.clone())
    );
    h.keys("x");
    let s = h.screen(100, 30);
    assert!(
        s.contains("R-G2"),
        "completing with untold groups is refused: {s}"
    );
    for group in ["Conservative", "Green"] {
        h.keys("t");
        h.keys(group);
        h.key(KeyCode::Enter);
        assert!(
            h.model.form.is_none(),
            "{:?}",
            h.model.form.as_ref().map(|f| f.0.message.clone())
        );
    }
    h.keys("x");
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?}",
        h.model.form.as_ref().map(|f| f.0.message.clone())
    );
    let reports = &h.model.session.as_ref().unwrap().reports;
    let report = reports
        .iter()
        .find(|r| r.subject == "Zebra crossing options")
        .unwrap();
    assert_eq!(report.state, crate::domain::requests::ReportState::Complete);
}

#[test]
fn a_generated_step_form_names_a_bad_field_by_its_label_and_keeps_what_was_typed() {
    let mut h = Harness::demo();
    h.keys("6R");
    h.keys("Labour");
    h.key(KeyCode::Tab);
    h.keys("Bus shelter options");
    h.key(KeyCode::Enter);
    h.keys("/Bus shelter");
    h.key(KeyCode::Enter);
    h.keys("p");
    // A checklist answer the builder cannot read: the same words the CLI's --facts refuses.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.keys("31/02/2026");
    h.key(KeyCode::Enter);
    let form = &h.model.form.as_ref().expect("the form stays open").0;
    let bad: Vec<(&str, &str)> = form
        .fields
        .iter()
        .filter_map(|f| f.error.as_deref().map(|e| (f.label, e)))
        .collect();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert_eq!(bad[0].0, "prepared on", "{bad:?}");
    assert_eq!(form.value("on"), "31/02/2026");
    // Esc on a changed form asks first (y leaves it); nothing was saved.
    h.key(KeyCode::Esc);
    h.keys("y");
    let report = h
        .model
        .session
        .as_ref()
        .unwrap()
        .reports
        .iter()
        .find(|r| r.subject == "Bus shelter options")
        .unwrap();
    assert_eq!(
        report.state,
        crate::domain::requests::ReportState::Requested
    );
    // Put right, it saves: the values went by field name through the CLI's builder.
    h.keys("p");
    for _ in 0..4 {
        h.keys("y");
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none());
}

#[test]
fn the_case_file_key_writes_a_redacted_file_in_meeting_safe_mode() {
    let mut h = Harness::demo();
    h.keys("3");
    h.key(KeyCode::F(12));
    h.keys("E");
    let status = h
        .model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("redacted"), "{status}");
    let dir = h.model.places.root().join("case-files");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("G-2026-001"), "{text}");
    assert!(
        !text.contains("Robert Fenwick"),
        "names are replaced by roles: {text}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn the_case_file_key_asks_before_it_replaces_a_file() {
    let mut h = Harness::demo();
    h.keys("3E");
    let dir = h.model.places.root().join("case-files");
    let file = dir.join("G-2026-001.md");
    std::fs::write(&file, "the clerk's annotated copy").unwrap();
    h.keys("E");
    assert_eq!(h.model.confirm, Some(super::Confirm::ReplaceCaseFile));
    let status = h.model.status.as_ref().map(|s| s.text.clone());
    assert!(
        status
            .as_deref()
            .unwrap_or_default()
            .contains("G-2026-001.md"),
        "{status:?}"
    );
    h.keys("n");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "the clerk's annotated copy"
    );
    h.keys("Ey");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .starts_with("# Case file G-2026-001"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(&dir), 0o700);
    }
}

#[test]
fn meeting_safe_masks_names_in_publicity_text_in_every_form() {
    let mut h = Harness::demo();
    h.key(KeyCode::F(12));
    h.keys("5");
    let mut seen = false;
    for _ in 0..20 {
        let s = h.screen(120, 40);
        if s.contains("thanked the volunteers") {
            seen = true;
            assert!(!s.contains("Hill"), "Cllr Hill is masked: {s}");
            assert!(s.contains("Member M-"), "shown by reference: {s}");
        }
        h.keys("j");
    }
    assert!(seen, "the winter newsletter's text is on the Blackout tab");
}

#[test]
fn help_lists_the_keys_of_the_tab_and_record_in_hand() {
    let mut h = Harness::demo();
    h.keys("3?");
    let s = h.screen(120, 40);
    // The overdue R-E1 case is selected: its own actions and the tab's keys are listed.
    for key in [
        "hearing held",
        "case file",
        "overdue",
        "capture",
        "meeting-safe",
    ] {
        assert!(s.contains(key), "{key}: {s}");
    }
    h.key(KeyCode::Esc);
    h.keys("1?");
    let s = h.screen(120, 40);
    assert!(s.contains("appoint to office"), "{s}");
    assert!(!s.contains("case file"), "{s}");
}

#[test]
fn the_council_overlay_shows_offices_with_history_and_records_the_monitoring_officer() {
    let mut h = Harness::demo();
    h.keys("I");
    let s = h.screen(120, 40);
    assert!(s.contains("Chairman: Margaret Hill"), "{s}");
    assert!(
        s.contains("before: Peter Green"),
        "the history is kept (R-M2): {s}"
    );
    assert!(s.contains("Priya Natarajan"), "{s}");
    h.keys("m");
    for _ in 0..40 {
        h.key(KeyCode::Backspace);
    }
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.as_ref().unwrap().0.fields[0].error.is_some(),
        "a name is needed"
    );
    h.keys("Sam Okoro");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none());
    let mo = h
        .model
        .session
        .as_ref()
        .unwrap()
        .council
        .as_ref()
        .unwrap()
        .monitoring_officer
        .clone()
        .unwrap();
    assert_eq!(mo.name, "Sam Okoro");
    h.keys("I");
    h.key(KeyCode::F(12));
    assert!(
        !h.screen(120, 40).contains("Sam Okoro"),
        "masked in meeting-safe mode"
    );
}

#[test]
fn a_member_shows_the_deadline_for_each_new_interest_on_the_members_tab() {
    let mut h = Harness::demo();
    let input = crate::domain::disclosure::DisclosureInput {
        kind: "pecuniary".into(),
        category: "land".into(),
        member: "Rajesh Patel".into(),
        description: "A field at Vale Farm".into(),
        declared_by: "member".into(),
        declared_on: "2026-11-21".into(),
        aware_on: "2026-10-20".into(),
        ..Default::default()
    };
    let d = h
        .model
        .session
        .as_mut()
        .unwrap()
        .add_disclosure(&input)
        .unwrap();
    h.keys("1/Rajesh");
    h.key(KeyCode::Enter);
    let s = h.screen(120, 40);
    // Aware on 20 Oct: 28 days beginning that day ended on 16 Nov (R-M3).
    assert!(
        s.contains(&format!(
            "New interest {}: OVERDUE since 2026-11-16",
            d.reference()
        )),
        "{s}"
    );
}

#[test]
fn a_long_refusal_keeps_its_rule_and_clause_on_screen_at_80_columns() {
    let mut h = Harness::demo();
    h.keys("3/G-2026-002");
    h.key(KeyCode::Enter);
    h.keys("d"); // a decision on a case only just raised
    let s = h.screen(80, 24);
    let status = h.model.status.as_ref().unwrap().text.clone();
    assert!(status.contains("R-E2"), "{status}");
    // The clause is the last thing said: it must be on screen, not cut off.
    let clause = status
        .rsplit('—')
        .next()
        .unwrap()
        .trim()
        .trim_end_matches(')')
        .to_string();
    let flat: String = s.split('\n').collect::<Vec<_>>().join(" ");
    let squeezed = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(squeezed.contains(&clause), "{clause} missing from:\n{s}");
}

/// R-P5: the Blackout tab at 80x24 lists another body's election beside the council's own, and the
/// banner names both elections of a merged run.
#[test]
fn the_blackout_tab_shows_other_elections_and_the_banner_names_overlapping_ones() {
    use crate::domain::blackout::ElectionInput;
    let mut h = Harness::demo();
    h.keys("5");
    let s = h.screen(80, 24);
    // The demo's county election (R-P5), kind and coverage, beside its Mill End by-election.
    assert!(s.contains("E-3") && s.contains("county"), "{s}");
    assert!(s.contains("whole parish"), "{s}");
    assert!(s.contains("by-election") && s.contains("Mill End"), "{s}");

    // A district election whose period runs into the by-election's: one countdown, both named.
    h.model
        .session
        .as_mut()
        .unwrap()
        .add_election(&ElectionInput {
            kind: "district".into(),
            wards: String::new(),
            poll: "2027-01-14".into(),
            notice: String::new(),
            name: "Vale District Council".into(),
        })
        .unwrap();
    let s = h.screen(80, 24);
    assert!(
        s.contains(" Pre-election period in ")
            && s.contains(" days (by-election: Mill End; district election): 2026-"),
        "{s}"
    );
    assert!(s.contains("E-4") && s.contains("district"), "{s}");
    h.keys("1");
    assert!(
        h.screen(80, 24)
            .contains("(by-election: Mill End; district election)"),
        "every tab"
    );
}

/// R-M2: a committee's chair or vice-chair is appointed from the member's appointment form (key
/// o), the committee named in its own field; without the committee the form stays open and says so.
#[test]
fn a_committee_vice_chair_is_appointed_from_the_members_tab() {
    use crate::domain::council::Office;
    let mut h = Harness::demo();
    h.keys("1");
    let member = h.model.selected_member().map(|m| m.id).unwrap();
    h.keys("o");
    h.keys("committee vice");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_some(), "refused without the committee");
    let s = h.screen(100, 30);
    assert!(s.contains("name the committee"), "{s}");
    // The form puts the cursor on the office; the committee is the next field.
    h.key(KeyCode::Tab);
    h.keys("Planning");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none(), "{}", h.screen(100, 30));
    let s = h.model.session.as_ref().unwrap();
    let c = s.council.as_ref().unwrap();
    let term = c
        .offices
        .iter()
        .find(|t| t.office == Office::CommitteeViceChair && t.to.is_none())
        .expect("the appointment is recorded");
    assert_eq!(
        (term.holder, term.committee.as_deref()),
        (member, Some("Planning"))
    );
    assert!(h.screen(80, 24).contains("Planning committee vice-chair"));
}

/// Every deadline names its calendar on screen: the Requests and Grievances lists at 100 columns,
/// and a request's detail in full (R-I1, R-I5, R-E1.3).
#[test]
fn deadline_columns_name_their_calendar() {
    let mut h = Harness::demo();
    h.keys("6");
    let s = h.screen(80, 24);
    assert!(s.contains("OVERDUE 2026-11-13 FOI"), "requests: {s}");
    assert!(s.contains("2026-11-30 (council)"), "requests: {s}");
    assert!(s.contains("(20 working days, FOI calendar)"), "detail: {s}");
    h.keys("3");
    let s = h.screen(160, 30);
    assert!(s.contains("OVERDUE 2026-11-13 council"), "grievances: {s}");
}

#[test]
fn editing_a_member_or_an_officer_opens_on_their_own_values_and_saves_through_the_builder() {
    let mut h = Harness::demo();
    h.keys("/Margaret Hill");
    h.key(KeyCode::Enter);
    h.keys("e");
    let form = &h.model.form.as_ref().expect("the edit form opens").0;
    assert_eq!(form.value("name"), "Margaret Hill");
    assert_eq!(form.value("ward"), "Ashcombe North");
    assert_eq!(form.value("group"), "Conservative");
    // A changed ward saves, named by the spec's field.
    h.key(KeyCode::Tab);
    for _ in 0.."Ashcombe North".len() {
        h.key(KeyCode::Backspace);
    }
    h.keys("Vale");
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?}",
        h.model.form.as_ref().map(|f| f.0.message.clone())
    );
    let s = h.model.session.as_ref().unwrap();
    let m = s
        .members
        .iter()
        .find(|m| m.name == "Margaret Hill")
        .unwrap();
    assert_eq!(m.ward, "Vale");
    // An officer's line manager is offered from the officers in post, themselves left out.
    h.keys("2/Robert Fenwick");
    h.key(KeyCode::Enter);
    h.keys("e");
    let form = &h.model.form.as_ref().expect("the edit form opens").0;
    assert_eq!(form.value("line-manager"), "Clara Whitcombe");
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?}",
        h.model.form.as_ref().map(|f| f.0.message.clone())
    );
}

/// The council details are as tall as their wrapped lines: the last ones, the procedures the
/// council has adopted (R-O4), are on screen, not cut off by a long line above them.
#[test]
fn the_council_details_show_their_last_lines() {
    let mut h = Harness::demo();
    h.keys("I");
    let s = h.screen(200, 50);
    assert!(s.contains("Disciplinary procedure: not recorded"), "{s}");
}

/// Pasted escape sequences and invisible characters are kept in the field (the clerk's text is
/// never lost) but never reach the terminal: each is drawn as a visible stand-in, so a paste cannot
/// recolour, move the cursor or rewrite the screen.
#[test]
fn pasted_control_characters_never_reach_the_terminal() {
    let mut h = Harness::demo();
    h.keys("3n");
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    let hostile = "Hello \u{1b}[31mRED\u{1b}[0m \u{9b}2J and \u{200b}zero\u{202e}width\u{7}";
    h.model.update(Msg::Paste(hostile.into()));
    let (form, _) = h.model.form.as_ref().expect("the capture form is open");
    assert!(
        form.named().get("summary").contains('\u{1b}'),
        "the pasted text is kept as typed"
    );
    let s = h.screen(80, 24);
    let bad: Vec<char> = s
        .chars()
        .filter(|c| {
            *c != '\n'
                && (c.is_control()
                    || ('\u{200b}'..='\u{200f}').contains(c)
                    || ('\u{202a}'..='\u{202e}').contains(c))
        })
        .collect();
    assert!(bad.is_empty(), "control characters drawn: {bad:?}\n{s}");
    assert!(s.contains("Hello"), "{s}");
}

/// The first open of a day makes the day's automatic backup as the screen settles, after the
/// first frame, which says so (a large council's backup takes seconds); the first key finds it
/// made and says that. A backup that cannot be written is said, and the council stays open.
#[test]
fn the_first_frame_says_the_days_backup_is_being_made_and_the_first_key_that_it_is() {
    use crate::store::backup;
    let opened_for_screen = |path: &std::path::Path| {
        let mut h = Harness::empty();
        let places = Places::at(h._home.path());
        h.model = Model::new(Start {
            places,
            session: Some(Session::open_for_screen(path, today(), "Clerk").unwrap()),
            target: None,
            today: today(),
            actor: "Clerk".into(),
        });
        h.model.theme = Theme { color: false };
        h
    };
    let mut h = Harness::demo();
    let path = h.model.session.as_ref().unwrap().store_path().to_path_buf();
    h.model.session = None;
    assert!(
        backup::list(&path).is_empty(),
        "the demo went into an empty store"
    );

    let mut h = opened_for_screen(&path);
    let first = h.screen(100, 30);
    assert!(first.contains("Making today's automatic backup"), "{first}");
    assert!(backup::list(&path).is_empty());
    h.key(KeyCode::Down);
    let after = h.screen(100, 30);
    assert!(
        after.contains("Today's automatic backup is made"),
        "{after}"
    );
    assert_eq!(backup::list(&path).len(), 1);
    h.model.session = None;

    // Made already today: nothing is said.
    let mut h = opened_for_screen(&path);
    assert!(!h.screen(100, 30).contains("backup"));
    h.key(KeyCode::Down);
    assert!(!h.screen(100, 30).contains("backup"));
    h.model.session = None;

    // Due, and the backups folder cannot be made (a file is in its way).
    let (_, made) = backup::list(&path).remove(0);
    let folder = made.parent().unwrap().to_path_buf();
    std::fs::remove_dir_all(&folder).unwrap();
    std::fs::write(&folder, b"in the way").unwrap();
    let mut h = opened_for_screen(&path);
    assert!(h
        .screen(100, 30)
        .contains("Making today's automatic backup"));
    h.key(KeyCode::Down);
    let after = h.screen(100, 30);
    assert!(
        after.contains("Today's automatic backup was not made"),
        "{after}"
    );
    assert!(h.model.session.is_some(), "the council stays open");
}

/// A council opened for the screen (`Session::open_for_screen`, its cases read on their own
/// thread) draws the same first frame as one opened whole, and the first key takes the cases in
/// before it is handled: the Grievances tab then shows what it shows for the whole session.
#[test]
fn the_first_frame_and_the_first_key_are_the_same_with_the_cases_read_behind_it() {
    let mut h = Harness::demo();
    let path = h.model.session.as_ref().unwrap().store_path().to_path_buf();
    h.model.session = None;
    let opened = |session: Session| {
        let mut g = Harness::empty();
        g.model.session = Some(session);
        g
    };
    let mut whole = opened(Session::open(&path, today(), "Clerk").unwrap());
    let (first_whole, grievances_whole) = {
        let first = whole.screen(120, 30);
        whole.keys("3");
        (first, whole.screen(120, 30))
    };
    drop(whole);
    let mut behind = opened(Session::open_for_screen(&path, today(), "Clerk").unwrap());
    assert!(behind.model.session.as_ref().unwrap().cases_pending());
    assert_eq!(behind.screen(120, 30), first_whole);
    behind.keys("3");
    assert!(!behind.model.session.as_ref().unwrap().cases_pending());
    assert!(grievances_whole.contains("OVERDUE"), "{grievances_whole}");
    assert_eq!(behind.screen(120, 30), grievances_whole);
}

/// Switching to another council makes its day's backup on opening it; one that cannot be made
/// is said with the switch, and the council is open all the same.
#[test]
fn switching_to_a_council_whose_backup_cannot_be_made_says_so_and_opens_it() {
    let mut h = Harness::demo();
    let other = h._home.path().join("other");
    let mut s = Session::open(&other, today(), "Clerk").unwrap();
    s.load_demo().unwrap();
    drop(s);
    std::fs::write(other.join("backups"), b"in the way").unwrap();
    h.model.switch_to(other.clone());
    let said = h.model.status.as_ref().map(|s| s.text.clone()).unwrap();
    assert!(said.starts_with("Opened "), "{said}");
    assert!(
        said.contains("Today's automatic backup was not made"),
        "{said}"
    );
    assert_eq!(h.model.session.as_ref().unwrap().store_path(), other);

    // With the way clear, it is made, and the switch says only that it opened.
    let first = h.model.session.as_ref().unwrap().store_path().to_path_buf();
    std::fs::remove_file(other.join("backups")).unwrap();
    let demo = h._home.path().join("councils");
    let back = std::fs::read_dir(&demo)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    h.model.switch_to(back);
    h.model.switch_to(first);
    let said = h.model.status.as_ref().map(|s| s.text.clone()).unwrap();
    assert!(!said.contains("backup"), "{said}");
    assert_eq!(crate::store::backup::list(&other).len(), 1);
}
