//! The terminal face, in The Elm Architecture: a [`Model`], messages ([`Msg`]), [`Model::update`]
//! and [`view::view`]. Tabs are views over the domain's state machines: the key bar and the help
//! list only what the selected record's `available()` allows, so no rule is re-implemented here.

mod blackout;
pub mod component;
mod disclosures;
mod dispensations;
mod due;
mod finder;
pub mod form;
mod gifts;
mod grievances;
pub mod keymap;
mod letters;
mod people;
mod people_view;
mod requests;
mod sars;
mod scrub;
mod selection;
mod steps;
mod terminal;
pub mod theme;
pub mod view;
mod visible;
mod widgets;
mod wrap;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_clauses;
#[cfg(test)]
mod tests_keys;
#[cfg(test)]
mod tests_layout;
#[cfg(test)]
mod tests_letters;
#[cfg(test)]
mod tests_registers;
#[cfg(test)]
mod tests_screens;

use std::path::PathBuf;

use chrono::NaiveDate;
use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::files::Overwrite;
use crate::places::{self, CouncilEntry, Places};
use crate::session::{Session, SessionError};
use form::{Form, Outcome};
use theme::Theme;

/// What the TUI starts with.
pub struct Start {
    pub places: Places,
    /// The council already open, if the store had one (or was empty: then it shows the welcome screen).
    pub session: Option<Session>,
    /// Where set-up or the demo creates a store when no session is open (None: from the council's name).
    pub target: Option<PathBuf>,
    pub today: NaiveDate,
    pub actor: String,
}

/// The demo council's folder when none was named.
pub const DEMO_COUNCIL_NAME: &str = "Ashcombe Parish Council (demo)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// What is overdue or due soon, across every tab.
    Due,
    Members,
    Officers,
    Grievances,
    Disclosures,
    Blackout,
    Requests,
    /// Gifts and hospitality (R-D5).
    Gifts,
    /// Dispensations (R-D6).
    Dispensations,
    /// Subject access requests (R-DP1).
    Sars,
}

impl Tab {
    /// In the order of the tab row; the digit that picks a tab is its place here (`0` is Due).
    pub const ALL: [Tab; 10] = [
        Tab::Due,
        Tab::Members,
        Tab::Officers,
        Tab::Grievances,
        Tab::Disclosures,
        Tab::Blackout,
        Tab::Requests,
        Tab::Gifts,
        Tab::Dispensations,
        Tab::Sars,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Due => "Due",
            Tab::Members => "Members",
            Tab::Officers => "Officers",
            Tab::Grievances => "Grievances",
            Tab::Disclosures => "Disclosures",
            Tab::Blackout => "Blackout",
            Tab::Requests => "Requests",
            Tab::Gifts => "Gifts",
            Tab::Dispensations => "Dispensations",
            Tab::Sars => "Subject access",
        }
    }

    /// The title where the whole row would not fit (an inactive tab's; see `view::tabs`). Short
    /// enough that at 80 columns every tab keeps a title, whichever one is on screen in full.
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::Due => "Due",
            Tab::Members => "Mbrs",
            Tab::Officers => "Offs",
            Tab::Grievances => "Cases",
            Tab::Disclosures => "Discl",
            Tab::Blackout => "Blk",
            Tab::Requests => "Req",
            Tab::Gifts => "Gifts",
            Tab::Dispensations => "Disp",
            Tab::Sars => "SARs",
        }
    }

    fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    fn cycle(self, by: isize) -> Tab {
        let n = Tab::ALL.len() as isize;
        Tab::ALL[((self.index() as isize + by).rem_euclid(n)) as usize]
    }
}

/// A list's cursor, filter and whether its record is open full-screen.
#[derive(Debug, Default, Clone)]
pub struct ListView {
    /// The row of the selected record; follows `selected_ref` whenever the list changes.
    pub selected: usize,
    /// The selected record's reference: what the selection really is (see `selection.rs`).
    pub selected_ref: Option<String>,
    pub filter: String,
    pub filtering: bool,
    pub detail_open: bool,
    pub show_ended: bool,
    /// Only records past a deadline (Grievances, Requests and the registers).
    pub overdue_only: bool,
    /// The open record's audit trail, loaded when it opens.
    pub timeline: Vec<String>,
    /// How far the open record (its details and timeline) is scrolled, in rows.
    pub scroll: u16,
    /// The list as last computed, while still current (see `visible.rs`).
    pub memo: visible::Memo,
    /// Each record's search text, while the data is unchanged (see `visible.rs`).
    pub search: visible::Prepared,
}

/// What a form, once saved, will do.
#[derive(Debug, Clone)]
pub enum FormPurpose {
    SetUp,
    /// Quick capture of a concern; saving shows the triage proposal.
    Capture,
    /// The proposal for a captured concern, to accept or re-route.
    Triage(Box<grievances::PendingCase>),
    CaseAction {
        reference: String,
        kind: crate::domain::grievance::CaseActionKind,
    },
    MonitoringOfficer,
    AddGroup,
    NewDisclosure,
    DisclosureAction(u32, crate::domain::disclosure::DisclosureActionKind),
    NewElection,
    DayOff,
    ElectionAction(u32, crate::domain::blackout::ElectionActionKind),
    NewPublicity,
    PublicityAction(u32, crate::domain::publicity::ItemActionKind),
    NewReport,
    ReportAction(u32, crate::domain::requests::ReportActionKind),
    NewMeeting,
    MeetingAction(u32, crate::domain::requests::AttendanceActionKind),
    NewInfo,
    InfoAction(u32, crate::domain::requests::InfoActionKind),
    NewGift,
    GiftAction(u32, crate::domain::gifts::GiftActionKind),
    NewDispensation,
    DispensationAction(u32, crate::domain::dispensations::DispensationActionKind),
    NewSar,
    SarAction(u32, crate::domain::sar::SarActionKind),
    AddMember,
    EditMember(crate::domain::ids::MemberId),
    RecordDpi(crate::domain::ids::MemberId),
    EndTerm(crate::domain::ids::MemberId),
    Appoint(crate::domain::ids::MemberId),
    AddOfficer,
    EditOfficer(crate::domain::ids::OfficerId),
    RecordBriefing(crate::domain::ids::OfficerId),
    RecordLeaving(crate::domain::ids::OfficerId),
    /// R-O1: the panel that recruited the officer.
    RecordRecruitment(crate::domain::ids::OfficerId),
    /// `L`: a letter for the case with this reference.
    Letter(String),
}

pub enum Overlay {
    /// `top`: the first row shown when help is taller than the screen; `max`: the furthest it can
    /// scroll, as last drawn (the view measures the wrapped rows).
    Help { top: u16, max: std::cell::Cell<u16> },
    /// The council's details: protocol model, Monitoring Officer (R-O3), groups, offices (R-M2).
    Council,
    Switcher {
        entries: Vec<CouncilEntry>,
        selected: usize,
    },
}

impl Overlay {
    /// Help, from its first row.
    pub fn help() -> Overlay {
        Overlay::Help {
            top: 0,
            max: std::cell::Cell::new(0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Quit although a form holds unsaved input.
    Quit,
    /// Close a form that holds unsaved input.
    Discard,
    /// Replace the case file `E` would write, which exists already.
    ReplaceCaseFile,
    /// Replace the letter `L` would write, which exists already.
    ReplaceLetter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Saved,
    Error,
}

pub struct Status {
    pub text: String,
    pub kind: StatusKind,
}

pub enum Msg {
    Key(KeyEvent),
    /// Text pasted with bracketed paste: it goes into the field in hand, never acts as keys.
    Paste(String),
    Resize,
}

pub struct Model {
    pub places: Places,
    pub session: Option<Session>,
    pub target: Option<PathBuf>,
    pub today: NaiveDate,
    pub actor: String,
    pub tab: Tab,
    /// Each tab as a component owning its list state (see `component.rs`).
    pub tabs: component::Tabs,
    /// A letter drafted by `L`, waiting for a yes to replace the files already there.
    pub pending_letter: Option<letters::PendingLetter>,
    /// The capture form behind an open triage proposal: Esc on the proposal returns to it.
    pub pending_capture: Option<Form>,
    pub welcome_choice: usize,
    pub form: Option<(Form, FormPurpose)>,
    pub overlay: Option<Overlay>,
    pub confirm: Option<Confirm>,
    pub status: Option<Status>,
    pub quit: bool,
    pub theme: Theme,
    /// The furthest the open record can scroll, as last drawn (the view measures it).
    pub detail_scroll_max: std::cell::Cell<u16>,
    /// Bumped by every message that may change what a list shows (see `visible.rs`).
    generation: u64,
}

impl Model {
    pub fn new(start: Start) -> Model {
        let mut model = Model {
            places: start.places,
            session: start.session,
            target: start.target,
            today: start.today,
            actor: start.actor,
            tab: Tab::Members,
            tabs: component::Tabs::default(),
            pending_letter: None,
            pending_capture: None,
            welcome_choice: 0,
            form: None,
            overlay: None,
            confirm: None,
            status: None,
            quit: false,
            theme: Theme::from_env(),
            detail_scroll_max: std::cell::Cell::new(0),
            generation: 0,
        };
        model.say_what_opening_found();
        model
    }

    /// What opening the store put right (a database rebuilt from its journal), said once; else,
    /// when the day's backup is still to be made as the screen settles, that it is being made, so
    /// a first frame that takes no key for a while says why.
    fn say_what_opening_found(&mut self) {
        let Some(session) = self.session.as_ref() else {
            return;
        };
        let notices = session.store_notices().join(" ");
        if !notices.is_empty() {
            self.info(notices);
        } else if session.backup_due() {
            self.info(MAKING_BACKUP);
        }
    }

    /// True when no council is open: the welcome screen shows.
    pub fn on_welcome(&self) -> bool {
        self.session.as_ref().is_none_or(|s| s.council.is_none())
    }

    pub fn meeting_safe(&self) -> bool {
        self.session
            .as_ref()
            .is_some_and(|s| s.settings.meeting_safe)
    }

    fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Info,
        });
    }

    fn saved(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Saved,
        });
    }

    fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind: StatusKind::Error,
        });
    }

    pub fn update(&mut self, msg: Msg) {
        // No message is handled before the cases are in (`Session::open_for_screen`).
        if let Err(e) = self.settle() {
            self.error(e.to_string());
        }
        if !self.changes_no_data(&msg) {
            self.lists_changed();
        }
        self.handle(msg);
    }

    /// True for a message that changes only what is looked at, never the data a list is made
    /// from: a move or scroll, another tab, the filter opened, typed or cleared, a toggle. These
    /// keep what each register prepares from its data (`visible.rs`); each list's memo key holds
    /// the filter and the toggles, so the lists themselves follow.
    fn changes_no_data(&self, msg: &Msg) -> bool {
        use keymap::Command as C;
        let key = match msg {
            Msg::Resize => return true,
            Msg::Key(k) if k.kind == KeyEventKind::Release => return true,
            Msg::Key(k) => k,
            Msg::Paste(_) => return false,
        };
        if self.confirm.is_some() || self.form.is_some() || self.overlay.is_some() {
            return false;
        }
        if self.on_welcome() {
            return false;
        }
        if self.list().filtering {
            // A key typed into a filter changes only the filter, which each list's memo key holds
            // (`visible.rs`): the data, and each record's search text, stay. Control keys
            // (meeting-safe mode changes every name shown) are not that.
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            return !ctrl && key.code != KeyCode::F(12);
        }
        keymap::binding_for(key, self.tab).is_some_and(|b| {
            matches!(
                b.command,
                C::Down
                    | C::Up
                    | C::First
                    | C::Last
                    | C::PageDown
                    | C::PageUp
                    | C::GoToTab
                    | C::NextTab
                    | C::PrevTab
                    | C::Filter
                    | C::ShowEnded
                    | C::OverdueOnly
            )
        })
    }

    /// Takes in the cases a session opened for the screen decodes while the first frame is
    /// drawn (`Session::settle`), waiting for them if need be; every list is computed again. A
    /// damaged case closes the council, as a failed open leaves none.
    pub fn settle(&mut self) -> Result<(), SessionError> {
        if !self.session.as_ref().is_some_and(|s| s.cases_pending()) {
            return Ok(());
        }
        self.lists_changed();
        let settled = self.session.as_mut().map_or(Ok(()), |s| s.settle());
        if settled.is_err() {
            self.session = None;
            self.reset_views();
        }
        match self.session.as_mut().and_then(|s| s.take_daily_backup()) {
            Some(Err(why)) => self.error(format!("Today's automatic backup was not made: {why}")),
            Some(Ok(_))
                if self
                    .status
                    .as_ref()
                    .is_some_and(|s| s.text == MAKING_BACKUP) =>
            {
                self.saved("Today's automatic backup is made (in the council's backups folder).")
            }
            _ => {}
        }
        settled
    }

    fn handle(&mut self, msg: Msg) {
        let key = match msg {
            Msg::Resize => return,
            Msg::Paste(text) => return self.paste(&text),
            Msg::Key(k) if k.kind == KeyEventKind::Release => return,
            Msg::Key(k) => k,
        };
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);

        if let Some(confirm) = self.confirm {
            match key.code {
                KeyCode::Char('y') | KeyCode::Char('Y') => {
                    self.confirm = None;
                    match confirm {
                        Confirm::Quit => self.quit = true,
                        Confirm::Discard => {
                            self.form = None;
                            self.info("Discarded.");
                        }
                        Confirm::ReplaceCaseFile => self.export_case_file(Overwrite::Replace),
                        Confirm::ReplaceLetter => {
                            if let Some(letter) = self.pending_letter.take() {
                                self.write_letter(letter, Overwrite::Replace);
                            }
                        }
                    }
                }
                KeyCode::Char('n') | KeyCode::Char('N') | KeyCode::Esc => {
                    self.confirm = None;
                    if confirm == Confirm::ReplaceCaseFile {
                        self.info("Kept the case file that was there: nothing written.");
                    }
                    if confirm == Confirm::ReplaceLetter {
                        self.pending_letter = None;
                        self.info("Kept the letter that was there: nothing written.");
                    }
                }
                KeyCode::Char('c') if ctrl => self.quit = true,
                _ => {}
            }
            return;
        }

        if ctrl && key.code == KeyCode::Char('c') {
            self.request_quit();
            return;
        }
        if key.code == KeyCode::F(12) || (ctrl && key.code == KeyCode::Char('l')) {
            self.toggle_meeting_safe();
            return;
        }

        if let Some((form, purpose)) = &mut self.form {
            match form.handle_key(key) {
                Outcome::Continue => {}
                Outcome::Cancel if matches!(purpose, FormPurpose::Triage(_)) => {
                    // Back to the capture form, everything typed still there.
                    self.form = self
                        .pending_capture
                        .take()
                        .map(|f| (f, FormPurpose::Capture));
                }
                Outcome::Cancel => {
                    if form.is_dirty() {
                        self.confirm = Some(Confirm::Discard);
                    } else {
                        self.form = None;
                    }
                }
                Outcome::Submit => self.submit_form(),
            }
            return;
        }

        if let Some(overlay) = &mut self.overlay {
            match overlay {
                Overlay::Council => match key.code {
                    KeyCode::Char('m') => {
                        let mo = self
                            .session
                            .as_ref()
                            .and_then(|s| s.council.as_ref())
                            .and_then(|c| c.monitoring_officer.clone())
                            .unwrap_or_default();
                        let form = Form::new("Monitoring Officer (R-O3)")
                            .text("name", &mo.name)
                            .text("organisation", &mo.organisation)
                            .text("email", &mo.email)
                            .text("phone", &mo.phone)
                            .with_intro(vec!["The principal authority's Monitoring Officer: a contact, not a member or officer here.".into()]);
                        self.form = Some((form, FormPurpose::MonitoringOfficer));
                    }
                    KeyCode::Char('g') => {
                        self.form = Some((
                            Form::new("Add a political group").text("group name", ""),
                            FormPurpose::AddGroup,
                        ));
                    }
                    KeyCode::Esc | KeyCode::Char('q') | KeyCode::Char('I') | KeyCode::Enter => {
                        self.overlay = None
                    }
                    _ => {}
                },
                Overlay::Help { top, max } => match key.code {
                    KeyCode::Esc | KeyCode::Char('?') | KeyCode::Char('q') | KeyCode::Enter => {
                        self.overlay = None
                    }
                    KeyCode::Down | KeyCode::Char('j') => *top = (*top + 1).min(max.get()),
                    KeyCode::Up | KeyCode::Char('k') => *top = top.saturating_sub(1),
                    KeyCode::PageDown => *top = (*top + 10).min(max.get()),
                    KeyCode::PageUp => *top = top.saturating_sub(10),
                    _ => {}
                },
                Overlay::Switcher { entries, selected } => match key.code {
                    KeyCode::Esc | KeyCode::Char('q') => self.overlay = None,
                    KeyCode::Down | KeyCode::Char('j') => {
                        *selected = (*selected + 1).min(entries.len())
                    }
                    KeyCode::Up | KeyCode::Char('k') => *selected = selected.saturating_sub(1),
                    KeyCode::Enter => {
                        let choice = entries.get(*selected).map(|e| e.path.clone());
                        self.overlay = None;
                        match choice {
                            Some(path) => self.switch_to(path),
                            None => self.new_council(),
                        }
                    }
                    _ => {}
                },
            }
            return;
        }

        if self.on_welcome() {
            self.update_welcome(key);
            return;
        }

        // A list filter takes every printable key while it is being typed.
        if self.list_mut().is_some_and(|l| l.filtering) {
            let list = self.list_mut().expect("checked above");
            match key.code {
                KeyCode::Esc => {
                    list.filter.clear();
                    list.filtering = false;
                }
                KeyCode::Enter => list.filtering = false,
                KeyCode::Backspace => {
                    list.filter.pop();
                }
                KeyCode::Char(c) if !ctrl => list.filter.push(c),
                KeyCode::Down => return self.move_selection(|i| i + 1),
                KeyCode::Up => return self.move_selection(|i| i.saturating_sub(1)),
                _ => {}
            }
            self.clamp_selection();
            return;
        }

        match keymap::binding_for(&key, self.tab) {
            Some(binding) => self.run_command(binding.command, key),
            // Not bound on this tab: a step of the selected record, or nothing.
            None => match key.code {
                KeyCode::Char(c) if !ctrl => self.record_step(c),
                _ => {}
            },
        }
    }

    /// Does what a bound key says (see `keymap::BINDINGS`).
    fn run_command(&mut self, command: keymap::Command, key: KeyEvent) {
        use keymap::Command as C;
        let has_deadlines = keymap::DEADLINE_TABS.contains(&self.tab);
        match command {
            C::Quit => self.request_quit(),
            C::Help => self.overlay = Some(Overlay::help()),
            C::CouncilDetails => self.overlay = Some(Overlay::Council),
            C::SwitchCouncil => {
                self.overlay = Some(Overlay::Switcher {
                    entries: self.places.councils(),
                    selected: 0,
                });
            }
            C::MeetingSafe => self.toggle_meeting_safe(),
            C::Capture => self.open_capture(),
            C::GoToTab => {
                let digit = match key.code {
                    KeyCode::Char(c) => c.to_digit(10),
                    _ => None,
                };
                if let Some(tab) = digit.and_then(|i| Tab::ALL.get(i as usize)) {
                    self.tab = *tab;
                    self.status = None;
                    self.clamp_selection();
                }
            }
            C::NextTab => {
                self.tab = self.tab.cycle(1);
                self.clamp_selection();
            }
            C::PrevTab => {
                self.tab = self.tab.cycle(-1);
                self.clamp_selection();
            }
            // An open record scrolls: its timeline may be longer than the screen.
            C::Down | C::Up | C::First | C::Last | C::PageDown | C::PageUp
                if self.list().detail_open =>
            {
                let max = self.detail_scroll_max.get();
                let list = self.list_of_mut(self.tab);
                list.scroll = match command {
                    C::Down => list.scroll.saturating_add(1),
                    C::Up => list.scroll.saturating_sub(1),
                    C::PageDown => list.scroll.saturating_add(10),
                    C::PageUp => list.scroll.saturating_sub(10),
                    C::First => 0,
                    _ => max,
                }
                .min(max);
                return;
            }
            C::Down => self.move_selection(|i| i + 1),
            C::Up => self.move_selection(|i| i.saturating_sub(1)),
            C::First => self.move_selection(|_| 0),
            C::Last => self.move_selection(|_| usize::MAX),
            C::PageDown => self.move_selection(|i| i + 10),
            C::PageUp => self.move_selection(|i| i.saturating_sub(10)),
            C::Filter => {
                let list = self.list_of_mut(self.tab);
                list.filtering = true;
                list.detail_open = false;
            }
            C::ShowEnded => {
                let list = self.list_of_mut(self.tab);
                list.show_ended = !list.show_ended;
                self.clamp_selection();
            }
            C::OverdueOnly if has_deadlines => {
                let list = self.list_of_mut(self.tab);
                list.overdue_only = !list.overdue_only;
                self.clamp_selection();
            }
            C::OverdueOnly => {}
            C::Open if self.tab == Tab::Due => {
                self.clamp_selection();
                self.go_to_due();
                return;
            }
            C::Open => {
                let list = self.list_of_mut(self.tab);
                list.detail_open = true;
                list.scroll = 0;
                self.clamp_selection();
                self.reload_timeline();
            }
            C::Back => {
                let list = self.list_of_mut(self.tab);
                if list.detail_open {
                    list.detail_open = false;
                } else if !list.filter.is_empty() {
                    list.filter.clear();
                }
                self.clamp_selection();
            }
            C::New => {
                self.clamp_selection();
                let create = self.tabs.get(self.tab).create();
                create(self);
            }
            C::NewElection => self.open_new_blackout('N'),
            C::DayOff => self.open_new_blackout('D'),
            C::NewReport => self.open_new_request('R'),
            C::NewMeeting => self.open_new_request('M'),
            C::CaseFile => {
                self.clamp_selection();
                self.export_case_file(Overwrite::Refuse);
            }
            C::Letters => self.open_letters(),
        }
        if matches!(
            command,
            C::Down | C::Up | C::First | C::Last | C::PageDown | C::PageUp
        ) && self.list().detail_open
        {
            self.reload_timeline();
        }
    }

    /// A key no binding takes: the selected record's step with that key, if it has one.
    fn record_step(&mut self, c: char) {
        self.clamp_selection();
        let step = self.tabs.get(self.tab).event();
        step(self, c);
    }

    /// Pasted text lands in the form field in hand, or in the list filter being typed; anywhere
    /// else it does nothing at all: a pasted newsletter must never run as a stream of keys.
    fn paste(&mut self, text: &str) {
        if self.confirm.is_some() {
            return;
        }
        if let Some((form, _)) = &mut self.form {
            form.paste(text);
            return;
        }
        if self.overlay.is_none() && !self.on_welcome() {
            let list = self.list_of_mut(self.tab);
            if list.filtering {
                let flat: String = text
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                list.filter.push_str(&flat);
                self.clamp_selection();
                return;
            }
        }
        self.info("Pasted text goes into a form's field or the filter (/): nothing was done.");
    }

    fn request_quit(&mut self) {
        if self.form.as_ref().is_some_and(|(f, _)| f.is_dirty()) {
            self.confirm = Some(Confirm::Quit);
        } else {
            self.quit = true;
        }
    }

    fn toggle_meeting_safe(&mut self) {
        let Some(session) = &mut self.session else {
            return;
        };
        let on = !session.settings.meeting_safe;
        match session.set_meeting_safe(on) {
            Ok(()) => self.info(if on {
                "Meeting-safe: names and confidential text are hidden (F12 or Ctrl-L to show)."
            } else {
                "Meeting-safe off: names are shown."
            }),
            Err(e) => self.error(e.to_string()),
        }
        // An open record's timeline may name people: reload it in the new mode.
        self.reload_timeline();
    }

    fn update_welcome(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Char('q') | KeyCode::Esc => self.quit = true,
            KeyCode::Down | KeyCode::Char('j') => {
                self.welcome_choice = (self.welcome_choice + 1).min(1)
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.welcome_choice = self.welcome_choice.saturating_sub(1)
            }
            KeyCode::Char('n') => self.open_set_up(),
            KeyCode::Char('d') => self.load_demo(),
            KeyCode::Enter if self.welcome_choice == 0 => self.open_set_up(),
            KeyCode::Enter => self.load_demo(),
            KeyCode::Char('s') => {
                self.overlay = Some(Overlay::Switcher {
                    entries: self.places.councils(),
                    selected: 0,
                });
            }
            KeyCode::Char('?') => self.overlay = Some(Overlay::help()),
            _ => {}
        }
    }

    fn open_set_up(&mut self) {
        let profiles: Vec<String> = crate::assets::profile_keys()
            .iter()
            .map(|s| s.to_string())
            .collect();
        // Each model explained in a line, from its own profile's summary.
        let models: Vec<String> = crate::assets::profiles()
            .map(|ps| ps.iter().map(|p| p.in_a_line()).collect())
            .unwrap_or_default();
        let form = Form::new("Set up this council")
            .with_intro(models)
            .text("council name", "")
            .choice("kind", vec!["parish".into(), "town".into()], "parish")
            .choice("protocol", profiles, "banbury")
            .text("groups", "");
        self.form = Some((form, FormPurpose::SetUp));
    }

    /// Opens (creating if need be) the store for a council that is about to be set up or loaded.
    fn session_for(&mut self, council_name: &str) -> Result<&mut Session, SessionError> {
        if self.session.is_none() {
            let path = self
                .target
                .clone()
                .unwrap_or_else(|| self.places.council_dir(council_name));
            let session = Session::open(&path, self.today, &self.actor)?;
            if let Some(existing) = &session.council {
                return Err(SessionError::NotEmpty(existing.name.clone()));
            }
            self.session = Some(session);
        }
        Ok(self.session.as_mut().expect("just opened"))
    }

    fn load_demo(&mut self) {
        let result = self
            .session_for(DEMO_COUNCIL_NAME)
            .and_then(|s| s.load_demo().map(|()| s.store_path().to_path_buf()));
        match result {
            Ok(path) => {
                places::write_name(&path, DEMO_COUNCIL_NAME);
                self.places.set_last_used(&path);
                self.reset_views();
                self.saved("Loaded the demo council, Ashcombe Parish Council (fictional). Press ? for keys.");
            }
            Err(e) => self.error(e.to_string()),
        }
    }

    /// The open council closes: it writes its due counts for the council switcher (counts only,
    /// from the same `domain::due` list the Due tab shows; see `Places::write_summary`). A summary
    /// that cannot be written is not worth stopping the clerk for: the switcher shows "—".
    pub(super) fn write_due_summary(&self) {
        if let Some(s) = &self.session {
            let counts = crate::domain::due::counts(&s.due_dates(), self.today);
            let _ = self
                .places
                .write_summary(s.store_path(), self.today, counts);
        }
    }

    fn new_council(&mut self) {
        self.write_due_summary();
        self.session = None;
        self.target = None;
        self.reset_views();
        self.info("New council: set it up, or load the demo.");
    }

    fn switch_to(&mut self, path: PathBuf) {
        let previous = self.session.as_ref().map(|s| s.store_path().to_path_buf());
        if previous.as_ref() == Some(&path) {
            return;
        }
        // Close the open store first: it releases its lock.
        self.write_due_summary();
        self.session = None;
        match Session::open(&path, self.today, &self.actor) {
            Ok(mut s) => {
                self.places.set_last_used(&path);
                let name = s.council.as_ref().map(|c| c.name.clone());
                let backup = s.take_daily_backup();
                self.session = Some(s);
                self.target = Some(path);
                self.reset_views();
                match (name, backup) {
                    (Some(n), Some(Err(why))) => self.error(format!(
                        "Opened {n}. Today's automatic backup was not made: {why}"
                    )),
                    (Some(n), _) => self.info(format!("Opened {n}.")),
                    (None, _) => {
                        self.info("This store is empty: set up a council or load the demo.")
                    }
                }
            }
            Err(e) => {
                let msg = e.to_string();
                if let Some(prev) = previous {
                    self.session = Session::open(&prev, self.today, &self.actor).ok();
                }
                self.error(msg);
            }
        }
    }

    fn reset_views(&mut self) {
        self.tabs = component::Tabs::default();
        self.tab = Tab::Members;
    }

    fn list_mut(&mut self) -> Option<&mut ListView> {
        Some(self.tabs.get_mut(self.tab).list_mut())
    }

    /// The list state of the tab on screen.
    pub fn list(&self) -> &ListView {
        self.tabs.get(self.tab).list()
    }

    /// The list state of `tab`.
    pub fn list_of(&self, tab: Tab) -> &ListView {
        self.tabs.get(tab).list()
    }

    /// A form was saved: close it, say so, and show the change.
    fn form_saved(&mut self, text: String) {
        let text = self.masked(text);
        self.saved(text);
        self.clamp_selection();
        self.reload_timeline();
    }

    /// A form was refused: it stays open with everything typed, errors beside their fields.
    fn form_failed(&mut self, mut form: Form, purpose: FormPurpose, e: SessionError) {
        match e {
            SessionError::Rejected(crate::domain::rules::Rejection::Invalid(errors)) => {
                form.set_errors(&errors)
            }
            other => form.message = Some(self.masked(other.to_string())),
        }
        self.form = Some((form, purpose));
    }

    /// Sends a saved form to the tab that owns its purpose.
    fn submit_form(&mut self) {
        let Some((form, purpose)) = self.form.take() else {
            return;
        };
        let before = self.refs_before(&purpose);
        self.dispatch_form(form, purpose);
        if self.form.is_none() {
            self.select_created(before);
        }
    }

    fn dispatch_form(&mut self, form: Form, purpose: FormPurpose) {
        match purpose {
            FormPurpose::Capture | FormPurpose::Triage(_) | FormPurpose::CaseAction { .. } => {
                self.submit_case_form(form, purpose)
            }
            FormPurpose::NewDisclosure | FormPurpose::DisclosureAction(..) => {
                self.submit_disclosure_form(form, purpose)
            }
            FormPurpose::NewElection
            | FormPurpose::DayOff
            | FormPurpose::ElectionAction(..)
            | FormPurpose::NewPublicity
            | FormPurpose::PublicityAction(..) => self.submit_blackout_form(form, purpose),
            FormPurpose::NewReport
            | FormPurpose::ReportAction(..)
            | FormPurpose::NewMeeting
            | FormPurpose::MeetingAction(..)
            | FormPurpose::NewInfo
            | FormPurpose::InfoAction(..) => self.submit_request_form(form, purpose),
            FormPurpose::NewGift | FormPurpose::GiftAction(..) => {
                self.submit_gift_form(form, purpose)
            }
            FormPurpose::NewDispensation | FormPurpose::DispensationAction(..) => {
                self.submit_dispensation_form(form, purpose)
            }
            FormPurpose::NewSar | FormPurpose::SarAction(..) => self.submit_sar_form(form, purpose),
            FormPurpose::Letter(_) => self.submit_letter_form(form, purpose),
            FormPurpose::SetUp
            | FormPurpose::AddMember
            | FormPurpose::EditMember(_)
            | FormPurpose::RecordDpi(_)
            | FormPurpose::EndTerm(_)
            | FormPurpose::Appoint(_)
            | FormPurpose::AddOfficer
            | FormPurpose::EditOfficer(_)
            | FormPurpose::RecordBriefing(_)
            | FormPurpose::RecordLeaving(_)
            | FormPurpose::RecordRecruitment(_)
            | FormPurpose::MonitoringOfficer
            | FormPurpose::AddGroup => self.submit_people_form(form, purpose),
        }
    }

    /// Draws and handles events until the clerk quits, or until `ended` says a signal asked
    /// clerkdesk to end (looked at between events, every [`SIGNAL_TICK`]): either way the same
    /// way out, the switcher's summary written. A signal ends it even with a form's input unsaved,
    /// as a kill would.
    pub fn run_loop<B: ratatui::backend::Backend>(
        &mut self,
        terminal: &mut ratatui::Terminal<B>,
        ended: &dyn Fn() -> bool,
    ) -> anyhow::Result<()> {
        loop {
            terminal.draw(|f| view::view(self, f))?;
            // After the first frame, before any key or signal is looked at: the cases decoded
            // meanwhile are taken in (`Session::open_for_screen`). A damaged one ends the run
            // with the error opening gives, as before the first frame.
            self.settle()?;
            if self.quit {
                self.write_due_summary();
                return Ok(());
            }
            // The next event; between events, every SIGNAL_TICK, whether a signal came.
            let next = loop {
                if ended() {
                    break None;
                }
                if event::poll(SIGNAL_TICK)? {
                    break Some(event::read()?);
                }
            };
            let Some(next) = next else {
                self.write_due_summary();
                return Ok(());
            };
            match next {
                // Debug builds only, for the test that proves a panic restores the terminal.
                #[cfg(debug_assertions)]
                Event::Key(k)
                    if k.code == KeyCode::F(9)
                        && std::env::var_os("CLERKDESK_TEST_PANIC").is_some() =>
                {
                    panic!("test panic: the terminal must be restored before this is read")
                }
                Event::Key(k) => self.update(Msg::Key(k)),
                Event::Resize(..) => self.update(Msg::Resize),
                Event::Paste(text) => self.update(Msg::Paste(text)),
                _ => {}
            }
        }
    }
}

/// Said on the first frame while the day's automatic backup is made (`Session::settle`).
const MAKING_BACKUP: &str = "Making today's automatic backup of the council: a moment.";

/// How often the run loop, waiting for a key, looks whether a signal asked it to end.
const SIGNAL_TICK: std::time::Duration = std::time::Duration::from_millis(100);

/// Runs the TUI until the clerk quits, or a signal (SIGTERM, SIGHUP, SIGINT) asks it to end, which
/// it does the same way (the summary written, the terminal restored, the store closed); `Ok` holds
/// that signal, for the exit status. The terminal is restored on every way out, a panic included
/// (`ratatui::init` installs a hook that restores it before the panic is reported), and by the
/// signal thread should the loop not end in time ([`terminal::restore_on_signals`]).
pub fn run(start: Start) -> anyhow::Result<Option<i32>> {
    let mut model = Model::new(start);
    let mut terminal = ratatui::try_init()?;
    let signals = terminal::restore_on_signals()?;
    terminal::enable_paste();
    // Debug builds only, for the test that proves a loop that does not end still lets the signal
    // thread restore the terminal and exit.
    #[cfg(debug_assertions)]
    let stuck = std::env::var_os("CLERKDESK_TEST_STUCK").is_some();
    #[cfg(not(debug_assertions))]
    let stuck = false;
    let result = model.run_loop(&mut terminal, &|| !stuck && signals.received().is_some());
    terminal::disable_paste();
    ratatui::restore();
    let signal = signals.received();
    drop(signals);
    // The session closes here, as on a quit: the store flushed and its clean-close mark left.
    drop(model);
    result.map(|()| signal)
}
