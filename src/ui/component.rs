//! Tabs as components (gitui's `Component`, in the Elm shape of this UI).
//!
//! Each tab is one value implementing [`Component`], held by the model in [`Tabs`]: it owns its
//! list state (cursor, remembered record, filter, toggles, open record, and the list computed
//! once per change: [`Component::list`]); it says which records it shows, one row or one
//! reference at a time ([`Component::rows`], [`Component::ref_at`], [`Component::row_of`]), what
//! its key bar offers for the selected record ([`Component::commands`]: the steps its machine has
//! open now), what a key the keymap does not bind does there ([`Component::event`]: that record's
//! step), what `n` adds, and how it draws. [`Model`] holds the session every tab reads and routes
//! to the tab on screen through [`Tabs::get`]: no `match` on the tab outside this file and the tab
//! files, and adding a tab is one type, one field of [`Tabs`] and one line in each of `get` and
//! `get_mut`.
//!
//! A step or a new record changes the model (a form opens, the status line speaks), not the tab's
//! list state, so [`Component::event`] and [`Component::create`] give the function that does it
//! to the model: the model asks the tab on screen for it and runs it, with no borrow of the tab
//! held across the change.
//!
//! Global keys (tabs, help, quit, the list's movement and filter) stay in `keymap.rs`: one table
//! read by `update`, the key bar and help alike.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::blackout::BlackoutTab;
use super::disclosures::DisclosuresTab;
use super::dispensations::DispensationsTab;
use super::due::DueTab;
use super::gifts::GiftsTab;
use super::grievances::GrievancesTab;
use super::people::{ActionKey, MembersTab, OfficersTab};
use super::requests::RequestsTab;
use super::sars::SarsTab;
use super::{ListView, Model, Tab};
use crate::domain::audit::Subject;

/// What a key does on a tab, to the model: a record's step (its form or its refusal).
pub type OnKey = fn(&mut Model, char);

/// What `n` does on a tab, to the model: the form for a new record.
pub type OnNew = fn(&mut Model);

pub trait Component {
    fn tab(&self) -> Tab;

    /// The tab's list state: its cursor (by record identity), filter and open record.
    fn list(&self) -> &ListView;

    fn list_mut(&mut self) -> &mut ListView;

    /// How many records the tab shows.
    fn rows(&self, model: &Model) -> usize;

    /// The reference of the record shown at `row`: one record read from the list as computed
    /// once per change (`visible.rs`), whatever the list's length.
    fn ref_at(&self, model: &Model, row: usize) -> Option<String>;

    /// The row showing the record `reference`, if the list shows it: one pass over the computed
    /// list with no allocation per row (asked only when the list changed under the cursor, see
    /// `selection.rs`).
    fn row_of(&self, model: &Model, reference: &str) -> Option<usize>;

    /// The references of every record the tab holds, shown or not.
    fn all_refs(&self, model: &Model) -> Vec<String>;

    /// The selected record's audit subject: whose timeline the open record shows.
    fn subject(&self, model: &Model) -> Option<Subject>;

    /// What the key bar and help offer for the selected record: exactly what its machine's
    /// `available` says is open now.
    fn commands(&self, model: &Model) -> Vec<ActionKey>;

    /// A key the keymap does not bind on this tab: the selected record's step with that key
    /// (its form, or its refusal with rule and clause), or nothing.
    fn event(&self) -> OnKey;

    /// `n`: a new record of the tab's kind.
    fn create(&self) -> OnNew;

    /// What the key bar calls `n` on this tab.
    fn new_label(&self) -> &'static str {
        "new"
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect);
}

/// Every tab, each owning its state; the model holds one of these.
#[derive(Default)]
pub struct Tabs {
    pub due: DueTab,
    pub members: MembersTab,
    pub officers: OfficersTab,
    pub grievances: GrievancesTab,
    pub disclosures: DisclosuresTab,
    pub blackout: BlackoutTab,
    pub requests: RequestsTab,
    pub gifts: GiftsTab,
    pub dispensations: DispensationsTab,
    pub sars: SarsTab,
}

impl Tabs {
    /// The component for a tab.
    pub fn get(&self, tab: Tab) -> &dyn Component {
        match tab {
            Tab::Due => &self.due,
            Tab::Members => &self.members,
            Tab::Officers => &self.officers,
            Tab::Grievances => &self.grievances,
            Tab::Disclosures => &self.disclosures,
            Tab::Blackout => &self.blackout,
            Tab::Requests => &self.requests,
            Tab::Gifts => &self.gifts,
            Tab::Dispensations => &self.dispensations,
            Tab::Sars => &self.sars,
        }
    }

    pub fn get_mut(&mut self, tab: Tab) -> &mut dyn Component {
        match tab {
            Tab::Due => &mut self.due,
            Tab::Members => &mut self.members,
            Tab::Officers => &mut self.officers,
            Tab::Grievances => &mut self.grievances,
            Tab::Disclosures => &mut self.disclosures,
            Tab::Blackout => &mut self.blackout,
            Tab::Requests => &mut self.requests,
            Tab::Gifts => &mut self.gifts,
            Tab::Dispensations => &mut self.dispensations,
            Tab::Sars => &mut self.sars,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tab_has_its_own_component_and_list() {
        let mut h = crate::ui::tests::Harness::demo();
        for tab in Tab::ALL {
            assert_eq!(h.model.tabs.get(tab).tab(), tab);
            h.model.tabs.get_mut(tab).list_mut().filter = tab.title().to_string();
        }
        for tab in Tab::ALL {
            assert_eq!(h.model.tabs.get(tab).list().filter, tab.title(), "{tab:?}");
            // Each shows records of its own, and holds every one it shows.
            let all = h.model.tabs.get(tab).all_refs(&h.model);
            let shown = h.model.visible_refs(tab);
            assert!(shown.iter().all(|r| all.contains(r)), "{tab:?}");
        }
    }

    #[test]
    fn a_row_and_its_reference_answer_each_other_on_every_tab() {
        let mut h = crate::ui::tests::Harness::demo();
        h.keys("a");
        for tab in Tab::ALL {
            let c = h.model.tabs.get(tab);
            let rows = c.rows(&h.model);
            assert!(rows > 0, "the demo shows records on {tab:?}");
            for row in 0..rows {
                let r = c
                    .ref_at(&h.model, row)
                    .expect("a row in range has a reference");
                assert_eq!(c.row_of(&h.model, &r), Some(row), "{tab:?} {r}");
            }
            assert_eq!(c.ref_at(&h.model, rows), None, "{tab:?}: past the end");
            assert_eq!(c.row_of(&h.model, "no such record"), None, "{tab:?}");
            // A member or officer is found by the reference as written, not by a bare number.
            if matches!(tab, Tab::Members | Tab::Officers) {
                let first = c.ref_at(&h.model, 0).expect("shown");
                let number = first.trim_start_matches(|ch: char| !ch.is_ascii_digit());
                assert_eq!(c.row_of(&h.model, number), None, "{tab:?} {number}");
            }
        }
    }
}
