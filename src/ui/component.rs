//! Tabs as components (gitui's `Component`, in the Elm shape of this UI).
//!
//! Each tab is one type implementing [`Component`]: the list state it owns (cursor, filter, open
//! record: [`Component::list`]), the records it shows, what its key bar offers for the selected
//! record ([`Component::commands`]: the steps its machine has open now), what a key the keymap does
//! not bind does there ([`Component::event`]: that record's step), what `n` adds, and how it draws.
//! [`Model`] holds the session every tab reads and routes to the tab on screen through [`of`]: no
//! `match` on the tab outside this file and the tab files, and adding a tab is one impl and one
//! line in [`of`].
//!
//! Global keys (tabs, help, quit, the list's movement and filter) stay in `keymap.rs`: one table
//! read by `update`, the key bar and help alike.

use ratatui::layout::Rect;
use ratatui::Frame;

use super::people::ActionKey;
use super::{ListView, Model, Tab};
use crate::domain::audit::Subject;

pub trait Component: Sync {
    fn tab(&self) -> Tab;

    /// The tab's list state: its cursor (by record identity), filter and open record.
    fn list<'m>(&self, model: &'m Model) -> &'m ListView;

    fn list_mut<'m>(&self, model: &'m mut Model) -> &'m mut ListView;

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
    fn event(&self, model: &mut Model, key: char);

    /// `n`: a new record of the tab's kind.
    fn create(&self, model: &mut Model);

    /// What the key bar calls `n` on this tab.
    fn new_label(&self) -> &'static str {
        "new"
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect);
}

/// The component for a tab.
pub fn of(tab: Tab) -> &'static dyn Component {
    match tab {
        Tab::Due => &super::due::DueTab,
        Tab::Members => &super::people::MembersTab,
        Tab::Officers => &super::people::OfficersTab,
        Tab::Grievances => &super::grievances::GrievancesTab,
        Tab::Disclosures => &super::disclosures::DisclosuresTab,
        Tab::Blackout => &super::blackout::BlackoutTab,
        Tab::Requests => &super::requests::RequestsTab,
        Tab::Gifts => &super::gifts::GiftsTab,
        Tab::Dispensations => &super::dispensations::DispensationsTab,
        Tab::Sars => &super::sars::SarsTab,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tab_has_its_own_component_and_list() {
        let mut h = crate::ui::tests::Harness::demo();
        for tab in Tab::ALL {
            assert_eq!(of(tab).tab(), tab);
            of(tab).list_mut(&mut h.model).filter = tab.title().to_string();
        }
        for tab in Tab::ALL {
            assert_eq!(of(tab).list(&h.model).filter, tab.title(), "{tab:?}");
            // Each shows records of its own, and holds every one it shows.
            let (shown, all) = (h.model.visible_refs(tab), of(tab).all_refs(&h.model));
            assert!(shown.iter().all(|r| all.contains(r)), "{tab:?}");
        }
    }

    #[test]
    fn a_row_and_its_reference_answer_each_other_on_every_tab() {
        let mut h = crate::ui::tests::Harness::demo();
        h.keys("a");
        for tab in Tab::ALL {
            let c = of(tab);
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
