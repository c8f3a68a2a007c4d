//! Random keys and resizes against the real TUI model (`ui::Model` drawn on a `TestBackend`): the
//! demo council is loaded through the welcome screen's own `d`, then long random sequences of keys
//! (text, Enter, Esc, Tab, BackTab, arrows, F12, Ctrl-C, Ctrl-L, Backspace, tabs 1–6) and resizes
//! down to 1x1 are fed in, a frame drawn after each. Nothing may panic, and afterwards every record
//! still obeys the protocol's invariants and the store on disk holds exactly what the screen showed.
//!
//! 40 sequences of 500–560 events: at least 20,000 events per `cargo test` (about 15 s in debug).

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use proptest::test_runner::Config;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use clerkdesk::domain::disclosure::Disclosure;
use clerkdesk::domain::grievance::{Case, CaseState, GrievanceState, Path as CasePath, PersonRef};
use clerkdesk::domain::ids::MemberId;
use clerkdesk::domain::member::MemberState;
use clerkdesk::places::Places;
use clerkdesk::session::Session;
use clerkdesk::store::Store;
use clerkdesk::ui::theme::Theme;
use clerkdesk::ui::{view, Model, Msg, Start};

const SEQUENCES: u32 = 40;
const MIN_EVENTS: usize = 500;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

#[derive(Debug, Clone)]
enum Event {
    Key(KeyCode, KeyModifiers),
    Resize(u16, u16),
}

fn plain(code: KeyCode) -> Event {
    Event::Key(code, KeyModifiers::NONE)
}

/// Keys weighted towards the ones that do something: list and action letters, Enter, Esc.
fn event() -> impl Strategy<Value = Event> {
    let action_letters: Vec<char> = "jkgGnascq/?!eidxorfbphmwlvtyNRM ".chars().collect();
    let odd_text: Vec<char> = vec!['é', 'ŵ', 'Ø', '你', '\u{202e}', '🙂', ',', '-', '2', '0'];
    prop_oneof![
        30 => prop::sample::select(action_letters).prop_map(|c| plain(KeyCode::Char(c))),
        12 => proptest::char::range(' ', '~').prop_map(|c| plain(KeyCode::Char(c))),
        2 => prop::sample::select(odd_text).prop_map(|c| plain(KeyCode::Char(c))),
        6 => proptest::char::range('1', '6').prop_map(|c| plain(KeyCode::Char(c))),
        10 => Just(plain(KeyCode::Enter)),
        6 => Just(plain(KeyCode::Esc)),
        4 => Just(plain(KeyCode::Tab)),
        2 => Just(Event::Key(KeyCode::BackTab, KeyModifiers::SHIFT)),
        8 => prop::sample::select(vec![
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ])
        .prop_map(plain),
        4 => Just(plain(KeyCode::Backspace)),
        1 => Just(plain(KeyCode::F(12))),
        1 => Just(Event::Key(KeyCode::Char('l'), KeyModifiers::CONTROL)),
        1 => Just(Event::Key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
        4 => (1u16..=200, 1u16..=60).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => (1u16..=8, 1u16..=4).prop_map(|(w, h)| Event::Resize(w, h)),
    ]
}

fn new_model(home: &Path, session: Option<Session>, color: bool) -> Model {
    let mut model = Model::new(Start {
        places: Places::at(home),
        session,
        target: None,
        today: today(),
        actor: "Clerk".into(),
    });
    model.theme = Theme { color };
    model
}

fn same_party(a: &PersonRef, b: &PersonRef) -> bool {
    a.same_as(b)
}

/// What the protocol says must always hold, whatever keys were pressed.
fn check_case(c: &Case, all: &HashSet<String>, today: NaiveDate) -> Result<(), String> {
    let r = &c.reference;
    let path_fits = matches!(
        (c.path, c.state),
        (_, CaseState::Closed)
            | (CasePath::OfficerGrievance, CaseState::Grievance(_))
            | (CasePath::MemberConcern, CaseState::Concern(_))
            | (CasePath::Breach(_), CaseState::Breach(_))
    );
    if !path_fits {
        return Err(format!("{r}: state {:?} on path {:?}", c.state, c.path));
    }
    if (c.state == CaseState::Closed) != c.closed_on.is_some() {
        return Err(format!(
            "{r}: state {:?} with closed_on {:?}",
            c.state, c.closed_on
        ));
    }
    let upheld = c.outcome().is_some_and(|o| o.is_upheld());
    if c.path == CasePath::OfficerGrievance
        && c.state == CaseState::Closed
        && upheld
        && !c.steps.complete()
    {
        return Err(format!(
            "{r}: an upheld R-E1 grievance closed without its four steps: {:?}",
            c.steps
        ));
    }
    if c.state == CaseState::Grievance(GrievanceState::Upheld) && !upheld {
        return Err(format!("{r}: Upheld without an upholding decision"));
    }
    if c.state == CaseState::Grievance(GrievanceState::AppealWindow)
        && c.decision.as_ref().is_none_or(|d| d.outcome.is_upheld())
    {
        return Err(format!("{r}: appeal window without a not-upheld decision"));
    }
    if matches!(
        c.state,
        CaseState::Grievance(
            GrievanceState::Formal | GrievanceState::PanelAppointed | GrievanceState::HearingHeld
        )
    ) && c.formal_on.is_none()
    {
        return Err(format!(
            "{r}: formal stage without the written grievance date"
        ));
    }
    if matches!(
        c.state,
        CaseState::Grievance(GrievanceState::PanelAppointed | GrievanceState::HearingHeld)
    ) && c.panel.len() < 2
    {
        return Err(format!("{r}: {:?} with panel {:?}", c.state, c.panel));
    }
    if c.state == CaseState::Grievance(GrievanceState::HearingHeld) && c.hearing.is_none() {
        return Err(format!("{r}: hearing held without a hearing"));
    }
    if matches!(
        c.state,
        CaseState::Grievance(GrievanceState::AppealLodged | GrievanceState::AppealPanelAppointed)
    ) && c.appeal.is_none()
    {
        return Err(format!("{r}: appeal stage without an appeal"));
    }
    let mut panels: Vec<(&str, &[MemberId])> = vec![("panel", &c.panel)];
    if let Some(a) = &c.appeal {
        panels.push(("appeal panel", &a.panel));
        if c.state == CaseState::Grievance(GrievanceState::AppealPanelAppointed)
            && a.panel.len() < 2
        {
            return Err(format!("{r}: appeal panel {:?}", a.panel));
        }
    }
    for (which, panel) in panels {
        if panel.is_empty() {
            continue;
        }
        if panel.len() < 2 {
            return Err(format!("{r}: {which} of fewer than 2: {panel:?}"));
        }
        let unique: HashSet<_> = panel.iter().collect();
        if unique.len() != panel.len() {
            return Err(format!("{r}: {which} names someone twice: {panel:?}"));
        }
        for m in panel {
            let me = PersonRef::Member(*m);
            if same_party(&me, &c.raised_by) || same_party(&me, &c.about) {
                return Err(format!("{r}: a party sits on the {which}: {m}"));
            }
        }
    }
    if same_party(&c.raised_by, &c.about) {
        return Err(format!("{r}: raised by the person it is about"));
    }
    if c.raised_on > today || c.closed_on.is_some_and(|d| d < c.raised_on || d > today) {
        return Err(format!(
            "{r}: dates out of order: raised {} closed {:?}",
            c.raised_on, c.closed_on
        ));
    }
    for link in &c.links {
        if !all.contains(&link.reference) {
            return Err(format!("{r}: links to missing case {}", link.reference));
        }
    }
    if c.summary.trim().is_empty() {
        return Err(format!("{r}: empty summary"));
    }
    Ok(())
}

fn check_session(s: &Session) -> Result<(), String> {
    let today = s.today;
    let refs: HashSet<String> = s.cases.iter().map(|c| c.reference.clone()).collect();
    if refs.len() != s.cases.len() {
        return Err("two cases share a reference".into());
    }
    for c in &s.cases {
        check_case(c, &refs, today)?;
        let trail = s
            .audit_for(&Session::case_subject(&c.reference))
            .map_err(|e| e.to_string())?;
        if trail.is_empty() {
            return Err(format!("{}: no audit event", c.reference));
        }
    }
    let ids: HashSet<_> = s.members.iter().map(|m| m.id).collect();
    if ids.len() != s.members.len() {
        return Err("two members share an id".into());
    }
    for m in &s.members {
        if let Some(end) = m.term_end {
            if m.state() == MemberState::Serving {
                return Err(format!("{}: a term end yet Serving", m.id));
            }
            if end < m.term_start || m.end_reason.is_none() {
                return Err(format!(
                    "{}: term ended {end} (started {}), reason {:?}",
                    m.id, m.term_start, m.end_reason
                ));
            }
            if let Some(c) = &s.council {
                let held = c.offices_of(m.id, today);
                if end < today && !held.is_empty() {
                    return Err(format!("{}: term ended {end} yet holds {held:?}", m.id));
                }
            }
        }
        if m.dpi_registered
            .is_some_and(|d| d < m.term_start || d > today)
        {
            return Err(format!(
                "{}: DPI registered {:?}, term start {}",
                m.id, m.dpi_registered, m.term_start
            ));
        }
        if m.name.trim().is_empty() || m.name.chars().any(char::is_control) {
            return Err(format!("{}: bad name {:?}", m.id, m.name));
        }
    }
    let ids: HashSet<_> = s.officers.iter().map(|o| o.id).collect();
    if ids.len() != s.officers.len() {
        return Err("two officers share an id".into());
    }
    for o in &s.officers {
        if o.left.is_some_and(|l| l < o.started) {
            return Err(format!("{}: left before starting", o.id));
        }
    }
    if let Some(c) = &s.council {
        for office in clerkdesk::domain::council::Office::ALL {
            let open = c
                .offices
                .iter()
                .filter(|t| t.office == office && t.to.is_none())
                .count();
            if open > 1 {
                return Err(format!("{office:?} has {open} holders at once"));
            }
        }
        for t in &c.offices {
            if t.to.is_some_and(|to| to < t.from) {
                return Err(format!("{:?}: term ends before it starts", t.office));
            }
        }
    }
    let ids: HashSet<_> = s.disclosures.iter().map(|d| d.id).collect();
    if ids.len() != s.disclosures.len() {
        return Err("two disclosures share an id".into());
    }
    Ok(())
}

/// What the session showed, compared with what a fresh open of its store reads: nothing half-written.
fn check_store_matches(s: Session) -> Result<(), String> {
    let path = s.store_path().to_path_buf();
    let mut cases = s.cases.clone();
    let mut members = s.members.clone();
    let council = s.council.clone();
    let mut disclosures: Vec<Disclosure> = s.disclosures.clone();
    drop(s);
    let store = Store::open(&path).map_err(|e| e.to_string())?;
    let mut on_disk: Vec<Case> = store.all().map_err(|e| e.to_string())?;
    cases.sort_by(|a, b| a.reference.cmp(&b.reference));
    on_disk.sort_by(|a, b| a.reference.cmp(&b.reference));
    if cases != on_disk {
        return Err(format!(
            "cases in memory ({}) differ from the store ({})",
            cases.len(),
            on_disk.len()
        ));
    }
    members.sort_by_key(|m| m.id);
    if members != store.members().map_err(|e| e.to_string())? {
        return Err("members in memory differ from the store".into());
    }
    if council != store.council().map_err(|e| e.to_string())? {
        return Err("the council in memory differs from the store".into());
    }
    let mut stored: Vec<Disclosure> = store.all().map_err(|e| e.to_string())?;
    disclosures.sort_by_key(|d| d.id);
    stored.sort_by_key(|d| d.id);
    if disclosures != stored {
        return Err("disclosures in memory differ from the store".into());
    }
    Ok(())
}

fn run(events: &[Event], color: bool) -> Result<(), String> {
    let home = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut model = new_model(home.path(), None, color);
    model.update(Msg::Key(KeyEvent::new(
        KeyCode::Char('d'),
        KeyModifiers::NONE,
    )));
    if model.on_welcome() {
        return Err(format!(
            "the demo did not load: {:?}",
            model.status.as_ref().map(|s| &s.text)
        ));
    }
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).map_err(|e| e.to_string())?;
    terminal
        .draw(|f| view::view(&model, f))
        .map_err(|e| e.to_string())?;
    for (n, ev) in events.iter().enumerate() {
        match ev {
            Event::Key(code, mods) => model.update(Msg::Key(KeyEvent::new(*code, *mods))),
            Event::Resize(w, h) => {
                terminal.backend_mut().resize(*w, *h);
                model.update(Msg::Resize);
            }
        }
        terminal
            .draw(|f| view::view(&model, f))
            .map_err(|e| format!("event {n} ({ev:?}): draw failed: {e}"))?;
        if model.quit {
            // The clerk quit: start clerkdesk again on the same council.
            let session = model.session.take();
            model = new_model(home.path(), session, color);
        }
    }
    if let Some(s) = &model.session {
        check_session(s)?;
    }
    if let Some(s) = model.session.take() {
        if s.council.is_some() {
            check_store_matches(s)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config {
        cases: SEQUENCES,
        // Regressions are reported in the failure message; nothing is written beside the tests.
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    })]

    #[test]
    fn random_keys_and_resizes_never_panic_or_break_a_rule(
        events in prop::collection::vec(event(), MIN_EVENTS..MIN_EVENTS + 60),
        color in any::<bool>(),
    ) {
        prop_assert!(events.len() >= MIN_EVENTS);
        if let Err(e) = run(&events, color) {
            prop_assert!(false, "{}", e);
        }
    }
}
