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

    /// The references of the records the tab shows, in the order it shows them.
    fn visible_refs(&self, model: &Model) -> Vec<String>;

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
            let (shown, all) = (of(tab).visible_refs(&h.model), of(tab).all_refs(&h.model));
            assert!(shown.iter().all(|r| all.contains(r)), "{tab:?}");
        }
    }
}
