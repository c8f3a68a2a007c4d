//! The keymap as data, tested: no key means two things on a tab, and every key the bar shows (and
//! help lists) does what it says, on every tab and every record of the demo council.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::{self, Command, BINDINGS};
use super::tests::Harness;
use super::view::keys_now;
use super::{FormPurpose, Overlay, StatusKind, Tab};
use crate::domain::blackout::ElectionActionKind;
use crate::domain::disclosure::DisclosureActionKind;
use crate::domain::dispensations::DispensationActionKind;
use crate::domain::gifts::GiftActionKind;
use crate::domain::grievance::CaseActionKind;
use crate::domain::member::MemberActionKind;
use crate::domain::officer::OfficerActionKind;
use crate::domain::publicity::ItemActionKind;
use crate::domain::requests::{AttendanceActionKind, InfoActionKind, ReportActionKind};
use crate::domain::sar::SarActionKind;

/// Each machine a tab shows, with its steps' keys.
fn step_keys(tab: Tab) -> Vec<(&'static str, Vec<char>)> {
    match tab {
        // Due lists other tabs' dates: it has no records, so no steps, of its own.
        Tab::Due => Vec::new(),
        Tab::Members => vec![(
            "member",
            MemberActionKind::ALL.iter().map(|k| k.key()).collect(),
        )],
        Tab::Officers => vec![(
            "officer",
            OfficerActionKind::ALL.iter().map(|k| k.key()).collect(),
        )],
        Tab::Grievances => vec![(
            "case",
            CaseActionKind::ALL.iter().map(|k| k.key()).collect(),
        )],
        Tab::Disclosures => vec![(
            "disclosure",
            DisclosureActionKind::ALL.iter().map(|k| k.key()).collect(),
        )],
        Tab::Blackout => vec![
            (
                "election",
                ElectionActionKind::ALL.iter().map(|k| k.key()).collect(),
            ),
            (
                "publicity",
                ItemActionKind::ALL.iter().map(|k| k.key()).collect(),
            ),
        ],
        Tab::Requests => vec![
            (
                "report",
                ReportActionKind::ALL.iter().map(|k| k.key()).collect(),
            ),
            (
                "attendance",
                AttendanceActionKind::ALL.iter().map(|k| k.key()).collect(),
            ),
            (
                "request",
                InfoActionKind::ALL.iter().map(|k| k.key()).collect(),
            ),
        ],
        Tab::Gifts => vec![(
            "gift",
            GiftActionKind::ALL.iter().map(|k| k.key()).collect(),
        )],
        Tab::Dispensations => vec![(
            "dispensation",
            DispensationActionKind::ALL
                .iter()
                .map(|k| k.key())
                .collect(),
        )],
        Tab::Sars => vec![(
            "subject access",
            SarActionKind::ALL.iter().map(|k| k.key()).collect(),
        )],
    }
}

#[test]
fn on_no_tab_does_one_key_mean_two_things() {
    for tab in Tab::ALL {
        let bound = keymap::bound_chars(tab);
        let mut seen = std::collections::HashSet::new();
        for c in &bound {
            assert!(seen.insert(*c), "{tab:?}: '{c}' is bound twice");
        }
        for (machine, keys) in step_keys(tab) {
            let distinct: std::collections::HashSet<char> = keys.iter().copied().collect();
            assert_eq!(
                distinct.len(),
                keys.len(),
                "{machine}: two steps share a key"
            );
            for k in keys {
                assert!(
                    !bound.contains(&k),
                    "{tab:?}: the {machine} step on '{k}' is also a bound key"
                );
            }
        }
    }
}

/// The step a form was opened for, by its key.
fn step_key_of(purpose: &FormPurpose) -> Option<char> {
    Some(match purpose {
        FormPurpose::CaseAction { kind, .. } => kind.key(),
        FormPurpose::DisclosureAction(_, k) => k.key(),
        FormPurpose::ElectionAction(_, k) => k.key(),
        FormPurpose::PublicityAction(_, k) => k.key(),
        FormPurpose::ReportAction(_, k) => k.key(),
        FormPurpose::MeetingAction(_, k) => k.key(),
        FormPurpose::InfoAction(_, k) => k.key(),
        FormPurpose::GiftAction(_, k) => k.key(),
        FormPurpose::DispensationAction(_, k) => k.key(),
        FormPurpose::SarAction(_, k) => k.key(),
        FormPurpose::EditMember(_) => MemberActionKind::Edit.key(),
        FormPurpose::RecordDpi(_) => MemberActionKind::RecordDpi.key(),
        FormPurpose::EndTerm(_) => MemberActionKind::EndTerm.key(),
        FormPurpose::Appoint(_) => MemberActionKind::Appoint.key(),
        FormPurpose::EditOfficer(_) => OfficerActionKind::Edit.key(),
        FormPurpose::RecordBriefing(_) => OfficerActionKind::RecordBriefing.key(),
        FormPurpose::RecordLeaving(_) => OfficerActionKind::RecordLeaving.key(),
        FormPurpose::RecordRecruitment(_) => OfficerActionKind::RecordRecruitment.key(),
        _ => return None,
    })
}

fn press(h: &mut Harness, c: char) {
    h.model.update(super::Msg::Key(KeyEvent::new(
        KeyCode::Char(c),
        KeyModifiers::NONE,
    )));
}

fn close_form(h: &mut Harness) {
    h.key(KeyCode::Esc);
    if h.model.confirm.is_some() {
        press(h, 'y');
    }
    assert!(h.model.form.is_none(), "the form should close on Esc");
}

fn go_to(h: &mut Harness, tab: Tab) {
    let digit = char::from(b'0' + Tab::ALL.iter().position(|t| *t == tab).unwrap() as u8);
    press(h, digit);
    assert_eq!(h.model.tab, tab);
}

fn select_row(h: &mut Harness, tab: Tab, row: usize) -> String {
    h.model.list_of_mut(tab).selected = row;
    h.model.list_of_mut(tab).selected_ref = None;
    h.model.clamp_selection();
    h.model
        .list()
        .selected_ref
        .clone()
        .expect("a record is selected")
}

/// Every step the bar offers, on every record of every tab (closed ones too): the key opens the
/// form of exactly that step, on the same record, and no refusal shows.
#[test]
fn every_step_the_bar_shows_opens_that_step_on_that_record() {
    let mut h = Harness::demo();
    let mut pressed = 0;
    for tab in Tab::ALL {
        go_to(&mut h, tab);
        press(&mut h, 'a'); // closed and ended records too
        let rows = h.model.visible_refs(tab).len();
        assert!(rows > 0, "{tab:?} has records in the demo");
        for row in 0..rows {
            let reference = select_row(&mut h, tab, row);
            let bar = keys_now(&h.model);
            for step in h.model.available_keys() {
                let shown = bar.iter().any(|(k, _)| *k == step.key.to_string());
                assert!(
                    shown,
                    "{tab:?} {reference}: step '{}' not in the bar {bar:?}",
                    step.key
                );
                h.model.status = None;
                press(&mut h, step.key);
                let opened = h.model.form.as_ref().map(|(_, p)| step_key_of(p));
                match opened {
                    Some(key) => {
                        assert_eq!(
                            key,
                            Some(step.key),
                            "{tab:?} {reference}: '{}' ({}) opened another form",
                            step.key,
                            step.label
                        );
                        close_form(&mut h);
                    }
                    None => {
                        // Some steps need no form (meeting-safe refuses to edit names, for one):
                        // whatever they do, it is not a refusal.
                        let status = h.model.status.as_ref();
                        assert!(
                            status.is_some_and(|s| s.kind != StatusKind::Error),
                            "{tab:?} {reference}: '{}' ({}) did nothing or was refused: {:?}",
                            step.key,
                            step.label,
                            status.map(|s| &s.text)
                        );
                    }
                }
                assert!(
                    h.model.overlay.is_none(),
                    "'{}' opened an overlay",
                    step.key
                );
                assert_eq!(
                    h.model.list().selected_ref.as_deref(),
                    Some(reference.as_str()),
                    "the selection moved"
                );
                pressed += 1;
            }
        }
    }
    assert!(pressed > 40, "only {pressed} steps were pressed");
}

/// Every binding the bar shows on each tab reaches its command.
#[test]
fn every_bound_key_the_bar_shows_does_what_it_says() {
    let mut h = Harness::demo();
    for tab in Tab::ALL {
        go_to(&mut h, tab);
        for b in BINDINGS.iter().filter(|b| b.scope.covers(tab)) {
            let bar = keys_now(&h.model);
            let in_bar = bar.iter().any(|(k, _)| k == b.shown);
            assert_eq!(
                in_bar,
                keymap::in_bar_now(b, tab, h.model.list()),
                "{tab:?}: {:?} in the bar",
                b.command
            );
            if !in_bar && b.in_bar {
                continue;
            }
            let key = b.keys[0];
            let before = h.model.list().clone();
            h.model.status = None;
            h.model.update(super::Msg::Key(KeyEvent::new(
                key.code,
                if key.ctrl {
                    KeyModifiers::CONTROL
                } else {
                    KeyModifiers::NONE
                },
            )));
            let m = &h.model;
            match b.command {
                Command::Quit => {
                    assert!(m.quit, "{tab:?}: q quits");
                    h.model.quit = false;
                }
                Command::Help => assert!(matches!(m.overlay, Some(Overlay::Help { .. }))),
                Command::CouncilDetails => {
                    assert!(matches!(m.overlay, Some(Overlay::Council)))
                }
                Command::SwitchCouncil => {
                    assert!(matches!(m.overlay, Some(Overlay::Switcher { .. })))
                }
                Command::New
                | Command::NewElection
                | Command::DayOff
                | Command::NewReport
                | Command::NewMeeting
                | Command::Capture => {
                    assert!(m.form.is_some(), "{tab:?}: {:?} opens a form", b.command)
                }
                // A form of the letters the case supports, or why it supports none yet.
                Command::Letters => assert!(
                    m.form.is_some() || m.status.is_some(),
                    "L offers the case's letters"
                ),
                Command::CaseFile => assert!(
                    m.status
                        .as_ref()
                        .is_some_and(|s| s.kind == StatusKind::Saved),
                    "E writes the case file"
                ),
                Command::Filter => assert!(m.list().filtering),
                Command::ShowEnded => assert_ne!(m.list().show_ended, before.show_ended),
                Command::OverdueOnly => assert_ne!(m.list().overdue_only, before.overdue_only),
                Command::MeetingSafe => assert!(m.meeting_safe()),
                // Enter on Due goes to the record's own tab, or for the council's own documents
                // (R-O4) to the council details.
                Command::Open if tab == Tab::Due => assert!(
                    m.tab != Tab::Due || matches!(m.overlay, Some(Overlay::Council)),
                    "Enter on Due goes to the record"
                ),
                Command::Open => assert!(m.list().detail_open),
                Command::Back => assert!(!m.list().detail_open),
                Command::GoToTab => assert_eq!(m.tab, Tab::ALL[0]),
                Command::NextTab | Command::PrevTab => assert_ne!(m.tab, tab),
                Command::Down | Command::Up | Command::First | Command::Last => {}
                Command::PageDown | Command::PageUp => {}
            }
            // Undo what the key did, so the next one starts from the tab as it was.
            if h.model.form.is_some() {
                close_form(&mut h);
            }
            h.model.overlay = None;
            h.model.list_of_mut(tab).filtering = false;
            match b.command {
                Command::ShowEnded => press(&mut h, 'a'),
                Command::OverdueOnly => press(&mut h, '!'),
                Command::MeetingSafe => h.key(KeyCode::F(12)),
                _ => {}
            }
            if h.model.tab != tab {
                go_to(&mut h, tab);
            }
        }
    }
}

/// The heart of the product: a member's concern about an officer leaves "raised" from the screen,
/// because `i` on a case is "start informal resolution" and not the council's details.
#[test]
fn i_on_a_case_starts_informal_resolution() {
    let mut h = Harness::demo();
    go_to(&mut h, Tab::Grievances);
    let rows = h.model.visible_refs(Tab::Grievances).len();
    let row = (0..rows)
        .find(|r| {
            select_row(&mut h, Tab::Grievances, *r);
            h.model.available_keys().iter().any(|k| k.key == 'i')
        })
        .expect("a demo case waits for informal resolution");
    select_row(&mut h, Tab::Grievances, row);
    press(&mut h, 'i');
    assert!(
        h.model.overlay.is_none(),
        "i must not open the council details"
    );
    assert!(matches!(
        h.model.form.as_ref().map(|(_, p)| p),
        Some(FormPurpose::CaseAction {
            kind: CaseActionKind::StartInformal,
            ..
        })
    ));
    close_form(&mut h);
    press(&mut h, 'I');
    assert!(matches!(h.model.overlay, Some(Overlay::Council)));
}

/// Help lists each key once, and only keys that work on the tab.
#[test]
fn help_lists_each_key_once() {
    let mut h = Harness::demo();
    for tab in Tab::ALL {
        go_to(&mut h, tab);
        let rows = super::view::help_rows(&h.model);
        let mut seen = std::collections::HashSet::new();
        for (keys, _) in &rows {
            for k in keys.split(' ') {
                assert!(
                    seen.insert(k.to_string()),
                    "{tab:?}: help lists '{k}' twice: {rows:?}"
                );
            }
        }
        let overdue_listed = rows.iter().any(|(k, _)| k == "!");
        assert_eq!(
            overdue_listed,
            keymap::DEADLINE_TABS.contains(&tab),
            "{tab:?}: '!' only where there are deadlines"
        );
        // Every key the bar shows is in help.
        for (k, _) in keys_now(&h.model) {
            let listed = rows.iter().any(|(keys, _)| {
                keys.split(' ').any(|x| x == k)
                    || *keys == k
                    || (k == "↑↓" && keys.starts_with("↑↓"))
            });
            assert!(listed, "{tab:?}: bar key '{k}' missing from help {rows:?}");
        }
        press(&mut h, '?');
        let screen = h.screen(80, 24);
        assert!(screen.contains("Keys that work here"), "{screen}");
        // At 80x24 help loses no key: the last one listed is on screen.
        assert!(screen.contains("q ^C"), "{tab:?}: {screen}");
        h.key(KeyCode::Esc);
    }
}

fn selected_ref(h: &Harness) -> Option<String> {
    h.model.list().selected_ref.clone()
}

/// After a step the list re-sorts, and the open record is still the same record: the next key acts
/// on it and not on whichever record moved into its row.
#[test]
fn after_a_step_the_open_record_stays_the_same_record() {
    let mut h = Harness::demo();
    // Members sort by name: renaming the first one sends it to the end of the list.
    let first = select_row(&mut h, Tab::Members, 0);
    h.key(KeyCode::Enter);
    press(&mut h, 'e');
    for _ in 0..60 {
        h.key(KeyCode::Backspace);
    }
    h.keys("Zachary Zeal");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none(), "the edit was saved");
    let row_now = h
        .model
        .visible_refs(Tab::Members)
        .iter()
        .position(|r| *r == first)
        .unwrap();
    assert_ne!(row_now, 0, "the list re-sorted: {first} moved");
    assert_eq!(selected_ref(&h).as_deref(), Some(first.as_str()));
    assert_eq!(
        h.model.selected_member().map(|m| m.name.clone()).as_deref(),
        Some("Zachary Zeal"),
        "the open record is still {first}"
    );
    assert!(h.model.list().detail_open);

    // The same on Grievances: after the hearing is held the open case is still the one shown.
    go_to(&mut h, Tab::Grievances);
    let case = select_row(&mut h, Tab::Grievances, 0);
    h.key(KeyCode::Enter);
    press(&mut h, 'h');
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none(), "the hearing was recorded");
    assert_eq!(
        h.model.selected_case().map(|c| c.reference.clone()),
        Some(case.clone())
    );
    assert!(h.screen(100, 30).contains(&case));
}

/// A record just created is selected, even when a kept filter would have hidden it: the filter is
/// cleared and the status line says so.
#[test]
fn a_new_record_is_selected_and_a_filter_that_hides_it_is_cleared() {
    let mut h = Harness::demo();
    // A kept filter that matches nobody.
    press(&mut h, '/');
    h.keys("zzzz");
    h.key(KeyCode::Enter);
    assert!(h.model.visible_members().is_empty());
    press(&mut h, 'n');
    h.keys("Llŷr Ifans");
    h.key(KeyCode::Tab);
    h.keys("Vale");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none(), "saved");
    let selected = h.model.selected_member().expect("a member is selected");
    assert_eq!(selected.name, "Llŷr Ifans");
    assert!(
        h.model.list_of(Tab::Members).filter.is_empty(),
        "the filter was cleared"
    );
    let status = &h.model.status.as_ref().unwrap().text;
    assert!(status.contains("filter was cleared"), "{status}");

    // A captured concern, accepted at triage: the new case is the one selected on Grievances,
    // wherever it sorts among the demo's cases, and the first step key acts on it.
    go_to(&mut h, Tab::Grievances);
    press(&mut h, 'G'); // the cursor on the last case, which the new one will not be
    let before: Vec<String> = h
        .model
        .session
        .as_ref()
        .unwrap()
        .cases
        .iter()
        .map(|c| c.reference.clone())
        .collect();
    press(&mut h, 'c');
    h.keys("Margaret");
    h.key(KeyCode::Tab);
    h.keys("Clara");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.keys("Spoke sharply to the Clerk about the minutes");
    h.key(KeyCode::Enter); // the triage proposal
    h.key(KeyCode::Enter); // accepted
    assert!(h.model.form.is_none(), "the case was opened");
    let new = h
        .model
        .session
        .as_ref()
        .unwrap()
        .cases
        .iter()
        .map(|c| c.reference.clone())
        .find(|r| !before.contains(r))
        .expect("a new case");
    assert_eq!(h.model.tab, Tab::Grievances);
    assert_eq!(selected_ref(&h), Some(new.clone()));
    assert_eq!(
        h.model.selected_case().map(|c| c.reference.clone()),
        Some(new)
    );
}

/// What the bar offers, the rules accept: every step offered on every record of the demo, saved
/// with the form as it opens, is never refused by a rule (a field left empty may still need
/// filling in). A fresh demo for each, so one step's change does not hide another's.
#[test]
fn no_step_the_bar_offers_is_then_refused_by_a_rule() {
    let mut plan: Vec<(Tab, usize, char)> = Vec::new();
    {
        let mut h = Harness::demo();
        for tab in Tab::ALL {
            go_to(&mut h, tab);
            press(&mut h, 'a');
            for row in 0..h.model.visible_refs(tab).len() {
                select_row(&mut h, tab, row);
                for step in h.model.available_keys() {
                    plan.push((tab, row, step.key));
                }
            }
        }
    }
    assert!(plan.len() > 40, "{} steps", plan.len());
    for (tab, row, key) in plan {
        let mut h = Harness::demo();
        go_to(&mut h, tab);
        press(&mut h, 'a');
        let reference = select_row(&mut h, tab, row);
        h.model.status = None;
        press(&mut h, key);
        if h.model.form.is_some() {
            h.key(KeyCode::Enter);
        }
        let mut said: Vec<String> = Vec::new();
        if let Some((form, _)) = &h.model.form {
            said.extend(form.message.clone());
        }
        if let Some(status) = &h.model.status {
            said.push(status.text.clone());
        }
        for text in said {
            assert!(
                !text.contains("Refused"),
                "{tab:?} {reference}: '{key}' was offered, then refused: {text}"
            );
        }
    }
}

/// Issue: a pasted three-line newsletter saved the item after its first line and ran the rest as
/// keys. A bracketed paste goes whole into the field in hand and never acts as keys.
#[test]
fn a_paste_goes_whole_into_the_field_and_never_acts_as_keys() {
    let mut h = Harness::demo();
    press(&mut h, 'c');
    for _ in 0..4 {
        h.key(KeyCode::Tab); // to the summary
    }
    let pasted = "Cllr raised it twice.\nThen again at the meeting.\nq";
    h.model.update(super::Msg::Paste(pasted.into()));
    let (form, _) = h.model.form.as_ref().expect("the form is still open");
    assert_eq!(form.value("summary"), pasted);
    assert!(!h.model.quit, "the pasted q did not quit");
    // On a list, a paste does nothing at all (no step, no form) and says so.
    close_form(&mut h);
    let before = h.model.session.as_ref().unwrap().cases.clone();
    h.model.update(super::Msg::Paste("ifx\nq".into()));
    assert!(h.model.form.is_none() && !h.model.quit);
    assert_eq!(h.model.session.as_ref().unwrap().cases, before);
    assert!(h
        .model
        .status
        .as_ref()
        .unwrap()
        .text
        .contains("nothing was done"));
    // Into a filter being typed, it is text.
    press(&mut h, '/');
    h.model.update(super::Msg::Paste("Hill".into()));
    assert_eq!(h.model.list().filter, "Hill");
}

/// The council details' `m` and `g` open forms that are drawn on top of the details.
#[test]
fn forms_opened_from_the_council_details_are_drawn() {
    let mut h = Harness::demo();
    press(&mut h, 'I');
    press(&mut h, 'g');
    let s = h.screen(80, 24);
    assert!(s.contains("Add a political group"), "{s}");
    h.keys("Green Party");
    let s = h.screen(80, 24);
    assert!(s.contains("Green Party"), "what is typed is seen: {s}");
}

/// A corrected field loses its old message as soon as it is edited.
#[test]
fn a_fields_message_goes_when_it_is_edited() {
    let mut h = Harness::demo();
    press(&mut h, 'n');
    h.keys("Llŷr Ifans");
    h.key(KeyCode::Tab);
    h.keys("Vale");
    for _ in 0..3 {
        h.key(KeyCode::Tab);
    }
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.keys("31/02/2025");
    h.key(KeyCode::Enter);
    let errors = |h: &Harness| {
        h.model
            .form
            .as_ref()
            .unwrap()
            .0
            .fields
            .iter()
            .filter(|f| f.error.is_some())
            .count()
    };
    assert_eq!(errors(&h), 1, "the impossible date is named");
    h.key(KeyCode::Backspace);
    // Edited: the old message is gone; what shows is about the value the field holds now.
    let (form, _) = h.model.form.as_ref().unwrap();
    let messages: Vec<&str> = form
        .fields
        .iter()
        .filter_map(|f| f.error.as_deref())
        .collect();
    assert!(
        messages.iter().all(|m| !m.contains("31/02/2025")),
        "{messages:?}"
    );
    h.keys("5");
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.keys("2025-02-28");
    assert_eq!(errors(&h), 0, "right again: no message");
}

/// Find by any spelling: "sian" finds Siân ap Dafydd in the filter and in a people picker.
#[test]
fn sian_finds_sian_in_the_filter_and_the_picker() {
    let mut h = Harness::demo();
    press(&mut h, '/');
    h.keys("sian");
    h.key(KeyCode::Enter);
    let names: Vec<String> = h
        .model
        .visible_members()
        .iter()
        .map(|m| m.name.clone())
        .collect();
    assert_eq!(names, ["Siân ap Dafydd"]);
    h.key(KeyCode::Esc);
    press(&mut h, 'c');
    h.keys("sian");
    let (form, _) = h.model.form.as_ref().unwrap();
    assert!(
        form.value("raised-by").contains("Siân ap Dafydd"),
        "{}",
        form.value("raised-by")
    );
}

/// An open record scrolls: at 80x24 the end of a long timeline can be reached with the keys the
/// bar shows, and they scroll rather than change the record.
#[test]
fn an_open_record_scrolls_to_the_end_of_its_timeline() {
    let mut h = Harness::demo();
    go_to(&mut h, Tab::Grievances);
    let case = select_row(&mut h, Tab::Grievances, 0);
    // A few more events, so the timeline runs past the screen.
    h.key(KeyCode::Enter);
    press(&mut h, 'h');
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none());
    let first = h.screen(80, 24);
    assert!(
        !first.contains("opened"),
        "the oldest event starts off screen: {first}"
    );
    let bar = keys_now(&h.model);
    assert!(
        bar.iter().any(|(k, l)| k == "↑↓" && l == "scroll"),
        "{bar:?}"
    );
    for _ in 0..40 {
        press(&mut h, 'j');
    }
    let scrolled = h.screen(80, 24);
    assert_ne!(first, scrolled, "the record scrolled");
    assert_eq!(
        h.model.selected_case().map(|c| c.reference.clone()),
        Some(case)
    );
    // The newest event is shown first, the oldest ("opened") last: the end is reachable.
    assert!(scrolled.contains("opened"), "{scrolled}");
    press(&mut h, 'g');
    assert_eq!(h.screen(80, 24), first, "g goes back to the top");
}

/// A pasted text of several lines is seen whole in its field, not only the line the cursor is on.
#[test]
fn a_multi_line_field_shows_its_lines() {
    let mut h = Harness::demo();
    press(&mut h, 'c');
    for _ in 0..4 {
        h.key(KeyCode::Tab);
    }
    h.model.update(super::Msg::Paste(
        "First line here.\nSecond line here.\nThird.".into(),
    ));
    let s = h.screen(80, 24);
    assert!(
        s.contains("First line here.") && s.contains("Second line here.") && s.contains("Third."),
        "{s}"
    );
}

/// The Due tab lists exactly the domain's dates that are overdue or due within a week, soonest
/// first, and Enter on each one selects that record on its own tab.
#[test]
fn due_lists_what_is_due_and_enter_goes_to_each_record() {
    use crate::domain::due::DueRecord;
    let mut h = Harness::demo();
    go_to(&mut h, Tab::Due);
    let all = h.model.session.as_ref().unwrap().due_dates();
    let soon: Vec<String> = all
        .iter()
        .filter(|d| d.is_due_soon(h.model.today))
        .map(|d| d.key.clone())
        .collect();
    assert_eq!(h.model.visible_refs(Tab::Due), soon);
    assert!(
        all.len() > soon.len(),
        "the demo also owes things later than a week: they are not listed"
    );
    let overdue: Vec<&str> = all
        .iter()
        .filter(|d| d.overdue)
        .map(|d| d.key.as_str())
        .collect();
    assert!(!overdue.is_empty(), "the demo has something overdue");
    assert!(overdue.iter().all(|k| soon.iter().any(|s| s == k)));
    let screen = h.screen(80, 24);
    assert!(screen.contains("OVERDUE"), "{screen}");
    assert!(screen.contains(" 0 Due "), "{screen}");

    for (row, key) in soon.iter().enumerate() {
        go_to(&mut h, Tab::Due);
        select_row(&mut h, Tab::Due, row);
        let due = all.iter().find(|d| &d.key == key).unwrap();
        h.key(KeyCode::Enter);
        let (tab, reference) = match &due.record {
            DueRecord::Case(r) => (Tab::Grievances, r.clone()),
            DueRecord::Member(id) => (Tab::Members, id.to_string()),
            DueRecord::Officer(id) => (Tab::Officers, id.to_string()),
            DueRecord::InfoRequest(r) => (Tab::Requests, r.clone()),
            DueRecord::Election(id) => (Tab::Blackout, format!("E-{id}")),
            DueRecord::Council => {
                assert_eq!(h.model.tab, Tab::Due, "{key}");
                assert!(
                    matches!(h.model.overlay, Some(Overlay::Council)),
                    "{key}: Enter opens the council details"
                );
                let screen = h.screen(100, 40);
                assert!(screen.contains("Documents (R-O4"), "{screen}");
                h.key(KeyCode::Esc);
                continue;
            }
            DueRecord::Sar(r) => (Tab::Sars, r.clone()),
            DueRecord::Gift(r) => (Tab::Gifts, r.clone()),
            DueRecord::Dispensation(r) => (Tab::Dispensations, r.clone()),
            // Retention reviews go through the same table as the screen's (see tests_registers).
            DueRecord::Retention { .. } => h.model.due_target(&due.record).unwrap(),
        };
        assert_eq!(h.model.tab, tab, "{key}");
        assert_eq!(
            h.model.list().selected_ref.as_deref(),
            Some(reference.as_str()),
            "{key}"
        );
        assert_eq!(
            h.model.visible_refs(tab).get(h.model.list().selected),
            Some(&reference),
            "{key}: the cursor is on it"
        );
    }
}

/// At 80x24 help cuts no label: a long one is wrapped at words, and when the rows are more than
/// the screen holds, ↓ brings the rest into view. Every word of every row is read on screen.
#[test]
fn help_at_80x24_shows_every_word_of_every_row() {
    let mut h = Harness::demo();
    for tab in Tab::ALL {
        go_to(&mut h, tab);
        // The record with the most steps open now: the tallest help this tab shows.
        let rows_on = |h: &mut Harness, row: usize| {
            select_row(h, tab, row);
            super::view::help_rows(&h.model).len()
        };
        let count = h.model.visible_refs(tab).len();
        let tallest = (0..count).max_by_key(|r| rows_on(&mut h, *r)).unwrap_or(0);
        if count > 0 {
            select_row(&mut h, tab, tallest);
        }
        let rows = super::view::help_rows(&h.model);
        press(&mut h, '?');
        let mut seen = String::new();
        for _ in 0..40 {
            seen.push_str(&h.screen(80, 24));
            h.key(KeyCode::Down);
        }
        let words: std::collections::HashSet<&str> = seen.split_whitespace().collect();
        for (_, label) in &rows {
            for word in label.split_whitespace() {
                assert!(
                    words.contains(word),
                    "{tab:?}: help's '{word}' (of '{label}') never on screen:\n{seen}"
                );
            }
        }
        h.key(KeyCode::Esc);
        assert!(h.model.overlay.is_none(), "{tab:?}: Esc closes help");
    }
}
