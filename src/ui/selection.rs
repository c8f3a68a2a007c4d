//! Lists keep their selection by record identity, not by row.
//!
//! Each list remembers the reference of its selected record (`M-003`, `G-2026-004`, `P-2` …). After a
//! step re-sorts the list, the same record stays selected, so the next key acts on it and not on
//! whichever record moved into its row. A record just created is selected; if the list's filter
//! would hide it, the filter is cleared and the status line says so.

use super::{FormPurpose, ListView, Model, Tab};

impl Model {
    /// The references of the records the tab shows, in the order it shows them (for tests: the
    /// screen asks for one row or one reference, never for all of them).
    #[cfg(test)]
    pub(super) fn visible_refs(&self, tab: Tab) -> Vec<String> {
        let c = self.tabs.get(tab);
        (0..c.rows(self))
            .filter_map(|i| c.ref_at(self, i))
            .collect()
    }

    /// Whether the tab shows the record `reference`.
    fn shows(&self, tab: Tab, reference: &str) -> bool {
        self.tabs.get(tab).row_of(self, reference).is_some()
    }

    /// The references of every record the tab holds, shown or not.
    fn all_refs(&self, tab: Tab) -> Vec<String> {
        self.tabs.get(tab).all_refs(self)
    }

    pub(super) fn list_of_mut(&mut self, tab: Tab) -> &mut ListView {
        self.tabs.get_mut(tab).list_mut()
    }

    /// Puts the cursor on the remembered record of the tab on screen, wherever it now sorts; when it
    /// is no longer shown, keeps the row (clamped) and remembers whatever record is there.
    pub(super) fn clamp_selection(&mut self) {
        self.sync_selection(self.tab);
    }

    /// The cost is one record read when the remembered record is still on the cursor's row (a
    /// move key, which forgets the reference, is that too); one pass over the computed list when
    /// the list changed under it. Never every reference as a string.
    pub(super) fn sync_selection(&mut self, tab: Tab) {
        let c = self.tabs.get(tab);
        let list = c.list();
        let (row, remembered) = (list.selected, list.selected_ref.as_deref());
        let found = remembered.and_then(|r| {
            if c.ref_at(self, row).as_deref() == Some(r) {
                Some(row)
            } else {
                c.row_of(self, r)
            }
        });
        if let Some(pos) = found {
            self.list_of_mut(tab).selected = pos;
            return;
        }
        let row = row.min(c.rows(self).saturating_sub(1));
        let at = c.ref_at(self, row);
        let list = self.list_of_mut(tab);
        list.selected = row;
        list.selected_ref = at;
    }

    /// Moves the cursor by row (a move key): the record under it becomes the remembered one.
    pub(super) fn move_selection(&mut self, to: impl FnOnce(usize) -> usize) {
        let list = self.list_of_mut(self.tab);
        list.selected = to(list.selected);
        list.selected_ref = None;
        self.clamp_selection();
    }

    /// The tab a form creates a record on, if it creates one.
    pub(super) fn creates_on(purpose: &FormPurpose) -> Option<Tab> {
        match purpose {
            FormPurpose::Triage(_) => Some(Tab::Grievances),
            FormPurpose::NewDisclosure => Some(Tab::Disclosures),
            FormPurpose::NewElection | FormPurpose::NewPublicity => Some(Tab::Blackout),
            FormPurpose::NewReport | FormPurpose::NewMeeting | FormPurpose::NewInfo => {
                Some(Tab::Requests)
            }
            FormPurpose::AddMember => Some(Tab::Members),
            FormPurpose::AddOfficer => Some(Tab::Officers),
            FormPurpose::NewGift => Some(Tab::Gifts),
            FormPurpose::NewDispensation => Some(Tab::Dispensations),
            FormPurpose::NewSar => Some(Tab::Sars),
            _ => None,
        }
    }

    /// Before a form that creates a record is saved: what the tab already holds.
    pub(super) fn refs_before(&self, purpose: &FormPurpose) -> Option<(Tab, Vec<String>)> {
        Self::creates_on(purpose).map(|tab| (tab, self.all_refs(tab)))
    }

    /// After the save: select the record that is new, clearing what would hide it.
    pub(super) fn select_created(&mut self, before: Option<(Tab, Vec<String>)>) {
        let Some((tab, before)) = before else { return };
        let Some(new) = self.all_refs(tab).into_iter().find(|r| !before.contains(r)) else {
            return;
        };
        self.reveal(tab, new);
    }

    /// Selects `reference` on `tab`, clearing a filter (and showing ended records) if that is what
    /// hides it; the status line says when a filter was cleared.
    pub(super) fn reveal(&mut self, tab: Tab, new: String) {
        self.list_of_mut(tab).selected_ref = Some(new.clone());
        if !self.shows(tab, &new) {
            let list = self.list_of_mut(tab);
            let had_filter = !list.filter.is_empty();
            list.filter.clear();
            list.filtering = false;
            list.overdue_only = false;
            if !self.shows(tab, &new) {
                self.list_of_mut(tab).show_ended = true;
            }
            if had_filter {
                if let Some(status) = &mut self.status {
                    status
                        .text
                        .push_str(&format!(" The filter was cleared to show {new}."));
                }
            }
        }
        self.sync_selection(tab);
    }
}
