//! The registers on screen (issues #16 and #17): the Gifts (R-D5), Dispensations (R-D6) and
//! Subject access (R-DP1) tabs on ratatui's `TestBackend`, and the tab row that holds ten tabs.

use crossterm::event::KeyCode;

use super::tests::Harness;
use super::view::tab_labels;
use super::{FormPurpose, StatusKind, Tab};
use crate::domain::dispensations::{DispensationActionKind, DispensationState};
use crate::domain::gifts::GiftState;
use crate::domain::machine::ActionKind;
use crate::domain::sar::SarState;

fn go_to(h: &mut Harness, tab: Tab) {
    let digit = char::from(b'0' + Tab::ALL.iter().position(|t| *t == tab).unwrap() as u8);
    h.keys(&digit.to_string());
    assert_eq!(h.model.tab, tab);
}

/// Selects the record `reference` on the tab on screen.
fn select(h: &mut Harness, reference: &str) {
    let tab = h.model.tab;
    h.model.reveal(tab, reference.to_string());
    assert_eq!(h.model.list().selected_ref.as_deref(), Some(reference));
}

fn tab_row(screen: &str) -> String {
    screen
        .lines()
        .find(|l| l.starts_with(" 0 "))
        .expect("the tab row is drawn")
        .to_string()
}

#[test]
fn ten_tabs_fit_80_columns_with_the_one_on_screen_named_in_full() {
    let mut h = Harness::demo();
    for (i, tab) in Tab::ALL.into_iter().enumerate() {
        let labels = tab_labels(tab, 80);
        let width: usize = labels
            .iter()
            .map(|l| if l.is_empty() { 2 } else { 3 + l.len() })
            .sum();
        assert!(width <= 80, "{tab:?}: the row is {width} wide: {labels:?}");
        assert_eq!(labels[i], tab.title());
        // At 80 columns no tab is left a bare digit.
        assert!(labels.iter().all(|l| !l.is_empty()), "{tab:?}: {labels:?}");
        go_to(&mut h, tab);
        let row = tab_row(&h.screen(80, 24));
        assert!(row.contains(&format!("{i} {}", tab.title())), "{row}");
        // Every digit is still there, the last one included.
        assert!(row.trim_end().ends_with("9") || row.contains("9 "), "{row}");
        let wide = tab_row(&h.screen(200, 60));
        for (j, t) in Tab::ALL.into_iter().enumerate() {
            assert!(wide.contains(&format!("{j} {}", t.title())), "{wide}");
        }
    }
    // An inactive tab keeps a short title at 80 columns.
    let row = tab_row(&h.screen(80, 24));
    assert!(row.contains("9 Subject access"), "{row}");
    assert!(row.contains("7 Gifts"), "{row}");
    assert!(row.contains("8 Disp"), "{row}");
    // Narrower still, inactive tabs give way to their digits; the one on screen keeps its title.
    let labels = tab_labels(Tab::Sars, 40);
    assert_eq!(labels[9], "Subject access");
    assert!(labels.iter().any(|l| l.is_empty()), "{labels:?}");
}

#[test]
fn the_registers_render_at_80x24_and_large_with_their_deadlines_loud() {
    let mut h = Harness::demo();
    for (tab, title, loud) in [
        (Tab::Gifts, "Gifts and hospitality", "OVERDUE"),
        (Tab::Dispensations, "Dispensations", "EXPIRES SOON"),
        (Tab::Sars, "Subject access requests", "DUE by"),
    ] {
        go_to(&mut h, tab);
        for (w, ht) in [(80, 24), (200, 60)] {
            let s = h.screen(w, ht);
            assert!(s.contains(title), "{tab:?} at {w}x{ht}:\n{s}");
            assert!(s.contains(loud), "{tab:?} at {w}x{ht}:\n{s}");
        }
    }
    // The rule behind each deadline heads its column.
    go_to(&mut h, Tab::Gifts);
    assert!(h.screen(80, 24).contains("R-D5"));
    go_to(&mut h, Tab::Dispensations);
    assert!(h.screen(80, 24).contains("R-D6"));
    go_to(&mut h, Tab::Sars);
    assert!(h.screen(80, 24).contains("R-DP1"));
}

#[test]
fn a_gift_is_notified_from_the_screen_and_then_refused_a_second_time() {
    let mut h = Harness::demo();
    go_to(&mut h, Tab::Gifts);
    // Rajesh Patel's hospitality, 40 days ago and not notified: overdue.
    let overdue = h
        .model
        .visible_gifts()
        .iter()
        .find(|g| g.giver.contains("Hartwell"))
        .map(|g| g.reference())
        .unwrap();
    select(&mut h, &overdue);
    h.key(KeyCode::Enter);
    let s = h.screen(80, 24);
    assert!(s.contains("OVERDUE since"), "{s}");
    h.key(KeyCode::Esc);
    h.keys("o");
    assert!(matches!(
        h.model.form.as_ref().map(|(_, p)| p),
        Some(FormPurpose::GiftAction(..))
    ));
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?}",
        h.model.status.as_ref().map(|s| &s.text)
    );
    let g = h.model.selected_gift().unwrap();
    assert_eq!(g.state, GiftState::Notified);
    assert!(h.screen(80, 24).contains("met LATE"));
    // Not offered now: the bar leaves it out, and the key says why with its rule.
    assert!(!h.model.available_keys().iter().any(|k| k.key == 'o'));
    h.keys("o");
    let status = h.model.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("R-D5"), "{}", status.text);
    assert!(status.text.contains("already notified"), "{}", status.text);
}

#[test]
fn n_records_a_gift_and_selects_it() {
    let mut h = Harness::demo();
    go_to(&mut h, Tab::Gifts);
    let before = h.model.session.as_ref().unwrap().gifts.len();
    h.keys("n");
    h.keys("Helen");
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.keys("Parish Show");
    h.key(KeyCode::Down);
    h.keys("A hamper");
    h.key(KeyCode::Down);
    h.keys("75");
    h.key(KeyCode::Enter);
    assert!(
        h.model.form.is_none(),
        "{:?}",
        h.model.form.as_ref().map(|(f, _)| f
            .fields
            .iter()
            .map(|f| f.error.clone())
            .collect::<Vec<_>>())
    );
    let s = h.model.session.as_ref().unwrap();
    assert_eq!(s.gifts.len(), before + 1);
    let new = s.gifts.last().unwrap().reference();
    assert_eq!(h.model.list().selected_ref.as_deref(), Some(new.as_str()));
    assert!(h.screen(80, 24).contains("DUE by"));

    // Bad input: a value that is not money is named beside its field; the form stays open.
    // (Required fields left empty are named first; these are filled.)
    h.keys("n");
    h.keys("Helen");
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.keys("Someone");
    h.key(KeyCode::Down);
    h.keys("A hamper");
    h.key(KeyCode::Down);
    h.keys("lots");
    h.key(KeyCode::Enter);
    let (form, _) = h.model.form.as_ref().expect("the form stays open");
    let value = form.fields.iter().find(|f| f.key == "value").unwrap();
    assert!(value.error.is_some(), "the value is named");
}

#[test]
fn a_dispensation_is_granted_from_its_spec_and_a_refused_one_is_not() {
    let mut h = Harness::demo();
    go_to(&mut h, Tab::Dispensations);
    let requested = h
        .model
        .visible_dispensations()
        .iter()
        .find(|d| d.state == DispensationState::Requested)
        .map(|d| d.reference())
        .unwrap();
    select(&mut h, &requested);
    h.keys("y");
    let (form, _) = h.model.form.as_ref().expect("grant opens its form");
    let keys: Vec<&str> = form.fields.iter().map(|f| f.key).collect();
    let spec: Vec<&str> = DispensationActionKind::Grant
        .fields()
        .iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(keys, spec);
    assert!(keys.contains(&"ground") && keys.contains(&"until"));
    h.key(KeyCode::Esc);
    if h.model.confirm.is_some() {
        h.keys("y");
    }
    // A refused one is history: shown with `a`, and granting it is refused with the rule.
    h.keys("a");
    let refused = h
        .model
        .visible_dispensations()
        .iter()
        .find(|d| d.state == DispensationState::Refused)
        .map(|d| d.reference())
        .unwrap();
    select(&mut h, &refused);
    h.keys("y");
    assert!(h.model.form.is_none());
    let status = h.model.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    // Entries end and are kept, never reopened (R-D4).
    assert!(status.text.contains("R-D4"), "{}", status.text);
    assert!(status.text.contains("was refused"), "{}", status.text);
}

#[test]
fn a_subject_access_request_is_answered_and_an_extended_one_is_not_extended_again() {
    let mut h = Harness::demo();
    go_to(&mut h, Tab::Sars);
    let (extended, open) = {
        let v = h.model.visible_sars();
        (
            v.iter()
                .find(|r| r.state == SarState::Extended)
                .unwrap()
                .reference(),
            v.iter()
                .find(|r| r.state == SarState::Received)
                .unwrap()
                .reference(),
        )
    };
    select(&mut h, &extended);
    h.keys("x");
    let status = h.model.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("R-DP1"), "{}", status.text);
    select(&mut h, &open);
    h.keys("w");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none());
    let s = h.model.session.as_ref().unwrap();
    let r = s.sars.iter().find(|r| r.reference() == open).unwrap();
    assert_eq!(r.state, SarState::Answered);
    // Answered requests are shown with `a`.
    assert!(!h.model.visible_refs(Tab::Sars).contains(&open));
    h.keys("a");
    assert!(h.model.visible_refs(Tab::Sars).contains(&open));
}

#[test]
fn the_filter_and_overdue_only_narrow_the_registers() {
    let mut h = Harness::demo();
    go_to(&mut h, Tab::Gifts);
    let all = h.model.visible_refs(Tab::Gifts).len();
    h.keys("!");
    let overdue = h.model.visible_refs(Tab::Gifts);
    assert!(!overdue.is_empty() && overdue.len() < all, "{overdue:?}");
    h.keys("!");
    h.keys("/Rotary");
    h.key(KeyCode::Enter);
    assert_eq!(h.model.visible_refs(Tab::Gifts).len(), 1);
    assert!(h.screen(80, 24).contains("filter: Rotary"));
}

#[test]
fn meeting_safe_hides_requesters_and_what_they_asked() {
    let mut h = Harness::demo();
    go_to(&mut h, Tab::Sars);
    assert!(h.screen(200, 60).contains("Robert Fenwick"));
    h.key(KeyCode::F(12));
    let s = h.screen(200, 60);
    assert!(!s.contains("Fenwick"), "{s}");
    assert!(!s.contains("personnel file"), "{s}");
}

/// Due lists gifts to notify (R-D5) and dispensation expiries (R-D6); Enter goes to the entry on
/// its own tab.
#[test]
fn due_lists_gifts_and_expiries_and_enter_goes_to_their_tabs() {
    use crate::domain::dispensations::DispensationAction;
    let mut h = Harness::demo();
    // A dispensation granted now to expire in three days: within the Due tab's week.
    let (id, reference) = h
        .model
        .visible_dispensations()
        .iter()
        .find(|d| d.state == DispensationState::Requested)
        .map(|d| (d.id, d.reference()))
        .unwrap();
    let until = crate::domain::dates::show(h.model.today + chrono::Days::new(3));
    let today = crate::domain::dates::show(h.model.today);
    h.model
        .session
        .as_mut()
        .unwrap()
        .dispensation_action(
            id,
            DispensationAction::Grant {
                on: today,
                ground: "residents".into(),
                by: "council".into(),
                body: String::new(),
                minute: "FC 26/9".into(),
                until,
            },
        )
        .unwrap();
    go_to(&mut h, Tab::Due);
    let wide = h.screen(200, 60);
    assert!(wide.contains("gift or hospitality to notify"), "{wide}");
    assert!(
        wide.contains(&format!("{reference}: dispensation expires")),
        "{wide}"
    );
    for (prefix, tab) in [("gift-", Tab::Gifts), ("dispensation-", Tab::Dispensations)] {
        go_to(&mut h, Tab::Due);
        let row = h
            .model
            .visible_refs(Tab::Due)
            .iter()
            .position(|k| k.starts_with(prefix))
            .unwrap();
        h.model.list_of_mut(Tab::Due).selected = row;
        h.model.list_of_mut(Tab::Due).selected_ref = None;
        h.model.clamp_selection();
        let key = h.model.list_of(Tab::Due).selected_ref.clone().unwrap();
        h.key(KeyCode::Enter);
        assert_eq!(h.model.tab, tab, "{key}");
        let selected = h.model.list().selected_ref.clone().unwrap();
        assert!(key.ends_with(&selected), "{key} went to {selected}");
    }
}

/// A record due for disposal review (R-DP2) goes to the tab that lists it, by the reference that
/// tab knows it by: a disclosure by its number, a letter by its member, the rest by their
/// references.
#[test]
fn a_retention_review_goes_to_the_record_on_its_tab() {
    use crate::domain::due::DueRecord;
    use crate::domain::retention::Kind;
    let h = Harness::demo();
    let s = h.model.session.as_ref().unwrap();
    let cases = [
        (
            Kind::Interest,
            s.disclosures[0].reference(),
            Tab::Disclosures,
        ),
        (
            Kind::Grievance,
            s.cases[0].reference.clone(),
            Tab::Grievances,
        ),
        (Kind::Sar, s.sars[0].reference(), Tab::Sars),
        (Kind::Gift, s.gifts[0].reference(), Tab::Gifts),
        (
            Kind::InfoRequest,
            s.info_requests[0].reference.clone(),
            Tab::Requests,
        ),
        // A letter (R-C1) is shown in the detail of the member it was written to.
        (
            Kind::Correspondence,
            s.correspondence[0].reference(),
            Tab::Members,
        ),
    ];
    for (kind, reference, tab) in cases {
        let (to, selects) = h
            .model
            .due_target(&DueRecord::Retention {
                kind,
                reference: reference.clone(),
            })
            .expect("a retention review goes to a tab");
        assert_eq!(to, tab, "{reference}");
        assert!(
            h.model.tabs.get(tab).all_refs(&h.model).contains(&selects),
            "{reference}: {tab:?} does not hold {selects}"
        );
    }
}
