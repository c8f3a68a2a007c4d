//! The one keymap: every key that is not a record's own step, bound as data.
//!
//! `Model::update` resolves a key here first; the key bar and the help overlay list the same
//! bindings; a test proves that on no tab does a binding share a key with a step of any record that
//! tab shows. A record's steps keep their letters (each machine declares its own key); a binding
//! moves rather than a step. So `i` is "start informal resolution" on a case, and the council's
//! details are on `I`.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{ListView, Tab};

/// What a bound key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Down,
    Up,
    First,
    Last,
    PageDown,
    PageUp,
    Open,
    Back,
    /// `n`: the tab's main kind of new record (on Grievances, a captured concern).
    New,
    /// `N` on Blackout: an election.
    NewElection,
    /// `D` on Blackout: a day of thanksgiving or mourning (R-P1).
    DayOff,
    /// `R` on Requests: a report for a political group (R-G1).
    NewReport,
    /// `M` on Requests: an officer asked to a group meeting (R-G3).
    NewMeeting,
    /// `E` on Grievances: the case file.
    CaseFile,
    /// `L` on Grievances: a letter the case supports now (R-E1, R-E2.4).
    Letters,
    /// `c` anywhere: capture a concern.
    Capture,
    Filter,
    /// `!`: only what is overdue.
    OverdueOnly,
    /// `a`: show or hide ended and closed records.
    ShowEnded,
    /// `0`–`9`: the digit picks the tab (its place in the row).
    GoToTab,
    NextTab,
    PrevTab,
    CouncilDetails,
    MeetingSafe,
    SwitchCouncil,
    Help,
    Quit,
}

/// Where a binding works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// On every tab, whatever the list is doing (but not while a filter is typed).
    Everywhere,
    /// Only on these tabs.
    Tabs(&'static [Tab]),
}

impl Scope {
    pub fn covers(self, tab: Tab) -> bool {
        match self {
            Scope::Everywhere => true,
            Scope::Tabs(tabs) => tabs.contains(&tab),
        }
    }
}

/// One key as the terminal sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn ch(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
    }
}

impl Key {
    pub fn matches(self, event: &KeyEvent) -> bool {
        let event_ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        if self.ctrl != event_ctrl {
            return false;
        }
        match (self.code, event.code) {
            // Shifted letters arrive as the capital, with or without SHIFT set.
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
            (a, b) => a == b,
        }
    }

    /// The character a record step could also use, if this key is a plain character.
    pub fn char(self) -> Option<char> {
        match (self.code, self.ctrl) {
            (KeyCode::Char(c), false) => Some(c),
            _ => None,
        }
    }
}

/// A key (or keys) bound to a command, where it works, how the bar shows it and what it says.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub command: Command,
    pub keys: &'static [Key],
    /// The key as the bar and help show it.
    pub shown: &'static str,
    pub scope: Scope,
    /// What the bar says (a few words); some commands say what they will do now instead.
    pub label: &'static str,
    /// What help says, in a line.
    pub help: &'static str,
    /// Shown in the key bar (otherwise in help only).
    pub in_bar: bool,
    /// The keys as help lists them; empty when another binding's help line covers this one.
    pub help_keys: &'static str,
}

/// The tabs whose records have deadlines: `!` shows only what is overdue there.
pub const DEADLINE_TABS: &[Tab] = &[
    Tab::Grievances,
    Tab::Requests,
    Tab::Gifts,
    Tab::Dispensations,
    Tab::Sars,
];

const TAB_DIGITS: &[Key] = &[
    ch('0'),
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

/// The tabs that list records of their own (every tab but Due, which lists theirs).
const RECORD_TABS: &[Tab] = &[
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

/// Every binding of a list screen, in the order the key bar shows them (record steps come after
/// `Enter`/`Esc`, before `n`).
pub const BINDINGS: &[Binding] = &[
    Binding {
        command: Command::Down,
        keys: &[ch('j'), code(KeyCode::Down)],
        shown: "↑↓",
        scope: Scope::Everywhere,
        label: "move",
        help: "move; g G to the first / last",
        help_keys: "↑↓ j k g G",
        in_bar: true,
    },
    Binding {
        command: Command::Up,
        keys: &[ch('k'), code(KeyCode::Up)],
        shown: "k ↑",
        scope: Scope::Everywhere,
        label: "up",
        help: "move up",
        help_keys: "",
        in_bar: false,
    },
    Binding {
        command: Command::First,
        keys: &[ch('g'), code(KeyCode::Home)],
        shown: "g Home",
        scope: Scope::Everywhere,
        label: "first",
        help: "first in the list",
        help_keys: "",
        in_bar: false,
    },
    Binding {
        command: Command::Last,
        keys: &[ch('G'), code(KeyCode::End)],
        shown: "G End",
        scope: Scope::Everywhere,
        label: "last",
        help: "last in the list",
        help_keys: "",
        in_bar: false,
    },
    Binding {
        command: Command::PageDown,
        keys: &[code(KeyCode::PageDown)],
        shown: "PgDn",
        scope: Scope::Everywhere,
        label: "page down",
        help: "ten at a time",
        help_keys: "PgUp PgDn",
        in_bar: false,
    },
    Binding {
        command: Command::PageUp,
        keys: &[code(KeyCode::PageUp)],
        shown: "PgUp",
        scope: Scope::Everywhere,
        label: "page up",
        help: "ten up",
        help_keys: "",
        in_bar: false,
    },
    Binding {
        command: Command::Open,
        keys: &[code(KeyCode::Enter)],
        shown: "Enter",
        scope: Scope::Everywhere,
        label: "open",
        help: "open the record with its timeline",
        help_keys: "Enter",
        in_bar: true,
    },
    Binding {
        command: Command::Back,
        keys: &[code(KeyCode::Esc)],
        shown: "Esc",
        scope: Scope::Everywhere,
        label: "back",
        help: "back to the list; clears a kept filter",
        help_keys: "Esc",
        in_bar: true,
    },
    Binding {
        command: Command::New,
        keys: &[ch('n')],
        shown: "n",
        scope: Scope::Tabs(RECORD_TABS),
        label: "new",
        help: "a new record of this tab's main kind",
        help_keys: "n",
        in_bar: true,
    },
    Binding {
        command: Command::NewElection,
        keys: &[ch('N')],
        shown: "N",
        scope: Scope::Tabs(&[Tab::Blackout]),
        label: "election",
        help: "a new election (R-P1)",
        help_keys: "N",
        in_bar: true,
    },
    Binding {
        command: Command::DayOff,
        keys: &[ch('D')],
        shown: "D",
        scope: Scope::Tabs(&[Tab::Blackout]),
        label: "day off",
        help: "a day of thanksgiving or mourning: no deadline counts it (R-P1)",
        help_keys: "D",
        in_bar: true,
    },
    Binding {
        command: Command::NewReport,
        keys: &[ch('R')],
        shown: "R",
        scope: Scope::Tabs(&[Tab::Requests]),
        label: "group report",
        help: "a report for a political group (R-G1)",
        help_keys: "R",
        in_bar: true,
    },
    Binding {
        command: Command::NewMeeting,
        keys: &[ch('M')],
        shown: "M",
        scope: Scope::Tabs(&[Tab::Requests]),
        label: "group meeting",
        help: "an officer asked to a group meeting (R-G3)",
        help_keys: "M",
        in_bar: true,
    },
    Binding {
        command: Command::CaseFile,
        keys: &[ch('E')],
        shown: "E",
        scope: Scope::Tabs(&[Tab::Grievances]),
        label: "case file",
        help: "write the case file (redacted in meeting-safe mode)",
        help_keys: "E",
        in_bar: true,
    },
    Binding {
        command: Command::Letters,
        keys: &[ch('L')],
        shown: "L",
        scope: Scope::Tabs(&[Tab::Grievances]),
        label: "letter",
        help: "write a letter the case supports now, as Markdown and Word (R-E1, R-E2.4)",
        help_keys: "L",
        in_bar: true,
    },
    Binding {
        command: Command::Capture,
        keys: &[ch('c')],
        shown: "c",
        scope: Scope::Everywhere,
        label: "capture concern",
        help: "capture a concern, from any tab",
        help_keys: "c",
        in_bar: true,
    },
    Binding {
        command: Command::Filter,
        keys: &[ch('/')],
        shown: "/",
        scope: Scope::Everywhere,
        label: "filter",
        help: "filter the list as you type; Enter keeps it, Esc clears it",
        help_keys: "/",
        in_bar: true,
    },
    Binding {
        command: Command::OverdueOnly,
        keys: &[ch('!')],
        shown: "!",
        scope: Scope::Tabs(DEADLINE_TABS),
        label: "overdue",
        help: "only what is overdue, or everything again",
        help_keys: "!",
        in_bar: true,
    },
    Binding {
        command: Command::ShowEnded,
        keys: &[ch('a')],
        shown: "a",
        scope: Scope::Tabs(RECORD_TABS),
        label: "show closed",
        help: "show or hide ended and closed records",
        help_keys: "a",
        in_bar: true,
    },
    Binding {
        command: Command::GoToTab,
        keys: TAB_DIGITS,
        shown: "0-9",
        scope: Scope::Everywhere,
        label: "tabs",
        help: "go to a tab; Tab and ⇧Tab step through them",
        help_keys: "0-9 Tab",
        in_bar: true,
    },
    Binding {
        command: Command::NextTab,
        keys: &[code(KeyCode::Tab)],
        shown: "Tab",
        scope: Scope::Everywhere,
        label: "next tab",
        help: "next tab",
        help_keys: "",
        in_bar: false,
    },
    Binding {
        command: Command::PrevTab,
        keys: &[code(KeyCode::BackTab)],
        shown: "⇧Tab",
        scope: Scope::Everywhere,
        label: "previous tab",
        help: "previous tab",
        help_keys: "",
        in_bar: false,
    },
    Binding {
        command: Command::CouncilDetails,
        keys: &[ch('I')],
        shown: "I",
        scope: Scope::Everywhere,
        label: "council",
        help: "the council: its model, offices, groups, Monitoring Officer",
        help_keys: "I",
        in_bar: true,
    },
    Binding {
        command: Command::MeetingSafe,
        keys: &[code(KeyCode::F(12)), ctrl('l')],
        shown: "F12",
        scope: Scope::Everywhere,
        label: "meeting-safe",
        help: "meeting-safe: hide names and confidential text",
        help_keys: "F12 ^L",
        in_bar: true,
    },
    Binding {
        command: Command::SwitchCouncil,
        keys: &[ch('s')],
        shown: "s",
        scope: Scope::Everywhere,
        label: "councils",
        help: "switch council",
        help_keys: "s",
        in_bar: true,
    },
    Binding {
        command: Command::Help,
        keys: &[ch('?')],
        shown: "?",
        scope: Scope::Everywhere,
        label: "help",
        help: "every key that works here",
        help_keys: "?",
        in_bar: true,
    },
    Binding {
        command: Command::Quit,
        keys: &[ch('q'), ctrl('c')],
        shown: "q",
        scope: Scope::Everywhere,
        label: "quit",
        help: "quit (asks first if a form holds unsaved input)",
        help_keys: "q ^C",
        in_bar: true,
    },
];

/// The binding a key has on this tab, if any.
pub fn binding_for(event: &KeyEvent, tab: Tab) -> Option<&'static Binding> {
    BINDINGS
        .iter()
        .filter(|b| b.scope.covers(tab))
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
}

/// The plain characters bound on a tab: a record step on that tab may not use any of them.
pub fn bound_chars(tab: Tab) -> Vec<char> {
    BINDINGS
        .iter()
        .filter(|b| b.scope.covers(tab))
        .flat_map(|b| b.keys.iter().filter_map(|k| k.char()))
        .collect()
}

/// What a binding says now: some say what pressing them will do on this tab, in this state.
pub fn label_now(binding: &Binding, on: &dyn super::component::Component) -> String {
    let (tab, list) = (on.tab(), on.list());
    match binding.command {
        Command::Open if tab == Tab::Due => "go to".into(),
        Command::New => on.new_label().to_string(),
        Command::OverdueOnly if list.overdue_only => "all".into(),
        Command::Down if list.detail_open => "scroll".into(),
        Command::ShowEnded => {
            // People's terms end and officers leave; cases, entries and requests close.
            let what = if matches!(tab, Tab::Members | Tab::Officers) {
                "ended"
            } else {
                "closed"
            };
            let verb = if list.show_ended { "hide" } else { "show" };
            format!("{verb} {what}")
        }
        _ => binding.label.to_string(),
    }
}

/// Whether a binding belongs in the bar now: `Enter` while a record is closed, `Esc` while one is
/// open; `c` is there on every tab but the one where `n` already captures.
pub fn in_bar_now(binding: &Binding, tab: Tab, list: &ListView) -> bool {
    if !binding.in_bar || !binding.scope.covers(tab) {
        return false;
    }
    match binding.command {
        Command::Open => !list.detail_open,
        Command::Back => list.detail_open,
        Command::Capture => tab != Tab::Grievances,
        _ => true,
    }
}
