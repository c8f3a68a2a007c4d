//! Each tab's visible list, computed once per change and shared.
//!
//! A key used to filter and sort a tab's list four or five times (selection clamp, draw, detail
//! pane, key bar): at 100,000 cases that alone misses a frame. Now each [`ListView`] holds its
//! list, as positions in the session's registers, under a key of everything the list depends on:
//! the Model's generation (bumped by every message that may change data, see
//! [`Model::update`]), the session's count of commits (a change made outside a message), the
//! filter, the two toggles and today. A move key changes none of them, so
//! draw, detail pane, key bar and selection all read the one list.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use std::ops::Range;

use chrono::NaiveDate;
use ratatui::layout::Rect;

use super::{ListView, Model};

/// What a list depends on besides the records themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Key {
    generation: u64,
    writes: u64,
    filter: String,
    show_ended: bool,
    overdue_only: bool,
    today: NaiveDate,
}

/// A list's computed rows, if still current. Cloning a list view drops it (it is recomputed).
#[derive(Default)]
pub struct Memo(RefCell<Option<(Key, Rc<dyn Any>)>>);

impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let current = self.0.borrow().as_ref().map(|(k, _)| k.generation);
        f.debug_tuple("Memo").field(&current).finish()
    }
}

impl Model {
    /// Something a list shows may have changed (a write, a new session, a setting): every tab's
    /// list is computed afresh when next read.
    pub(super) fn lists_changed(&mut self) {
        self.generation = self.generation.wrapping_add(1);
    }

    /// The rows `list` shows, computed by `compute` only when something they depend on changed.
    pub(super) fn memo<T: 'static>(&self, list: &ListView, compute: impl FnOnce() -> T) -> Rc<T> {
        let writes = self.session.as_ref().map_or(0, |s| s.writes());
        let current = |k: &Key| {
            k.generation == self.generation
                && k.writes == writes
                && k.show_ended == list.show_ended
                && k.overdue_only == list.overdue_only
                && k.today == self.today
                && k.filter == list.filter
        };
        if let Some((key, rows)) = &*list.memo.0.borrow() {
            if current(key) {
                if let Ok(rows) = Rc::clone(rows).downcast::<T>() {
                    return rows;
                }
            }
        }
        let rows = Rc::new(compute());
        let key = Key {
            generation: self.generation,
            writes,
            filter: list.filter.clone(),
            show_ended: list.show_ended,
            overdue_only: list.overdue_only,
            today: self.today,
        };
        *list.memo.0.borrow_mut() = Some((key, rows.clone() as Rc<dyn Any>));
        rows
    }
}

/// What a register's list is built from that changes only with the data (and today), not with
/// the filter or a toggle: each record's search text ([`Model::search_texts`]), the Grievances
/// working order. Kept once per change, so a filter key is one `contains` per record over prepared
/// strings, not five strings built and folded per record, nor a fresh sort, per key.
#[derive(Default)]
pub struct Prepared(RefCell<Option<(DataKey, Rc<dyn Any>)>>);

/// What the records themselves depend on: the Model's generation, the session's commits, today.
type DataKey = (u64, u64, NaiveDate);

impl Clone for Prepared {
    fn clone(&self) -> Prepared {
        Prepared::default()
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let current = self.0.borrow().as_ref().map(|(k, _)| *k);
        f.debug_tuple("Prepared").field(&current).finish()
    }
}

/// Between one field's folded text and the next in a search text, so a needle (typed text, never
/// a control character) is found within one field as before, not across two.
pub(super) const FIELD_END: char = '\u{1f}';

/// A record's search text: each field as a search compares it ([`search_key`]: lower case,
/// accents off), one after another.
///
/// [`search_key`]: crate::domain::text::search_key
pub(super) fn search_text(fields: &[&str]) -> String {
    let mut out = String::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
    for f in fields {
        crate::domain::text::push_search_key(&mut out, f);
        out.push(FIELD_END);
    }
    out
}

/// A search text from fields already folded as [`search_key`] folds them: the same as
/// [`search_text`] of the fields before folding.
///
/// [`search_key`]: crate::domain::text::search_key
pub(super) fn search_text_of(folded: &[std::borrow::Cow<'_, str>]) -> String {
    let mut out = String::with_capacity(folded.iter().map(|f| f.len() + 1).sum());
    for f in folded {
        out.push_str(f);
        out.push(FIELD_END);
    }
    out
}

/// Whether a record with this search text is shown for `needle` (a filter as [`search_key`]
/// folds it; empty shows everything).
///
/// [`search_key`]: crate::domain::text::search_key
pub(super) fn found(text: &str, needle: &str) -> bool {
    needle.is_empty() || text.contains(needle)
}

impl Model {
    /// What `slot` holds, computed by `compute` only when the data or today changed (not when the
    /// filter or a toggle did).
    pub(super) fn prepared<T: 'static>(
        &self,
        slot: &Prepared,
        compute: impl FnOnce() -> T,
    ) -> Rc<T> {
        let key = (
            self.generation,
            self.session.as_ref().map_or(0, |s| s.writes()),
            self.today,
        );
        if let Some((k, held)) = &*slot.0.borrow() {
            if *k == key {
                if let Ok(held) = Rc::clone(held).downcast::<T>() {
                    return held;
                }
            }
        }
        let held = Rc::new(compute());
        *slot.0.borrow_mut() = Some((key, Rc::clone(&held) as Rc<dyn Any>));
        held
    }

    /// The search text of each record of the register `list` shows, in the register's order.
    pub(super) fn search_texts(
        &self,
        list: &ListView,
        compute: impl FnOnce() -> Vec<String>,
    ) -> Rc<Vec<String>> {
        self.prepared(&list.search, compute)
    }
}

/// The rows of a list worth building for a bordered table with a one-line header in `area`, and
/// the selection among them: the window a fresh `TableState` would scroll to (the selected row
/// last when it is below the first screenful), so the screen is the same as when every row was
/// built, at the cost of the rows on screen rather than of the whole list.
pub(super) fn window(len: usize, selected: usize, area: Rect) -> (Range<usize>, Option<usize>) {
    if len == 0 {
        return (0..0, None);
    }
    let height = usize::from(area.height.saturating_sub(3)).max(1);
    let selected = selected.min(len - 1);
    let start = (selected + 1).saturating_sub(height);
    (start..(start + height).min(len), Some(selected - start))
}

/// Where each of `shown` (references into `all`) sits in `all`.
pub(super) fn positions<T>(all: &[T], shown: &[&T]) -> Vec<usize> {
    let size = std::mem::size_of::<T>().max(1);
    let base = all.as_ptr() as usize;
    shown
        .iter()
        .map(|r| {
            let at = (*r as *const T as usize - base) / size;
            debug_assert!(std::ptr::eq(&all[at], *r), "a row not of this register");
            at
        })
        .collect()
}

/// The record at `row` of a list computed as positions in `all`.
pub(super) fn row_in<'a, T>(all: &'a [T], rows: &[usize], row: usize) -> Option<&'a T> {
    rows.get(row).and_then(|&i| all.get(i))
}

/// The row of a list computed as positions in `all` that shows the record `is` picks: one pass,
/// comparing in place (no reference is built per row).
pub(super) fn find_row<T>(all: &[T], rows: &[usize], is: impl Fn(&T) -> bool) -> Option<usize> {
    rows.iter().position(|&i| all.get(i).is_some_and(&is))
}

/// A member's or officer's row by reference (`M-003`): the reference parsed once, then ids
/// compared. Only the reference as written (`M-003`, not `3`) names a record.
pub(super) fn id_of<I>(reference: &str) -> Option<I>
where
    I: std::str::FromStr + std::fmt::Display,
{
    reference
        .parse::<I>()
        .ok()
        .filter(|id| id.to_string() == reference)
}

/// The records at `at` in `all`, in that order.
pub(super) fn at<'a, T>(all: &'a [T], at: &[usize]) -> Vec<&'a T> {
    at.iter().filter_map(|&i| all.get(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::{search_text, search_text_of, window};
    use crate::ui::tests::Harness;
    use crate::ui::Tab;
    use crossterm::event::KeyCode;
    use ratatui::layout::Rect;

    /// Keys that change only what is looked at (a tab, the filter opened or cleared, a toggle)
    /// leave what each register prepares from its data (the Grievances working order, the search
    /// terms) as it is: at 100,000 cases, working it out again made `/` take 68 ms. A write does
    /// prepare it afresh.
    #[test]
    fn looking_elsewhere_prepares_nothing_again_and_a_write_does() {
        let mut h = Harness::demo();
        h.keys("3");
        let shown = h.model.visible_refs(Tab::Grievances);
        let generation = h.model.generation;
        for keys in [
            "/", "g", "\u{1b}", "a", "a", "!", "!", "1", "3", "/oka\r", "/",
        ] {
            for c in keys.chars() {
                match c {
                    '\u{1b}' => h.key(KeyCode::Esc),
                    '\r' => h.key(KeyCode::Enter),
                    c => h.keys(&c.to_string()),
                }
            }
            assert_eq!(h.model.generation, generation, "after {keys:?}");
        }
        h.key(KeyCode::Esc);
        assert_eq!(h.model.visible_refs(Tab::Grievances), shown);
        // A write (a member's edit saved) is a data change.
        h.keys("1e");
        let before = h.model.generation;
        h.key(KeyCode::Enter);
        let said = h.model.status.as_ref().map(|s| s.text.clone());
        assert!(h.model.form.is_none(), "saved: {said:?}");
        assert_ne!(h.model.generation, before);
    }

    #[test]
    fn only_the_rows_on_screen_are_built_with_the_selection_among_them() {
        // 10 rows fit in a 13-high table (borders and header take 3).
        let area = Rect::new(0, 0, 80, 13);
        assert_eq!(window(0, 0, area), (0..0, None));
        assert_eq!(window(4, 2, area), (0..4, Some(2)));
        assert_eq!(window(100_000, 0, area), (0..10, Some(0)));
        assert_eq!(window(100_000, 9, area), (0..10, Some(9)));
        // Below the first screenful the selected row is the last one shown.
        assert_eq!(window(100_000, 10, area), (1..11, Some(9)));
        assert_eq!(window(100_000, 99_999, area), (99_990..100_000, Some(9)));
        // A selection past the end is the last row, as the table clamps it.
        assert_eq!(window(5, 99, area), (0..5, Some(4)));
        // A table too small for a row still shows the selected one.
        assert_eq!(window(50, 30, Rect::new(0, 0, 80, 2)), (30..31, Some(0)));
    }

    #[test]
    fn the_selected_row_stays_on_a_short_screen() {
        let mut h = Harness::demo();
        h.keys("1");
        let names: Vec<String> = h
            .model
            .visible_members()
            .iter()
            .map(|m| h.model.member_label(m))
            .collect();
        assert!(names.len() > 3, "the demo has members: {names:?}");
        h.key(KeyCode::End);
        let last = names.last().unwrap();
        // 16 rows, the least the screen takes: the table has room for a few rows only.
        let s = h.screen(100, 16);
        assert!(s.contains(last.as_str()), "{last} not on:\n{s}");
        assert!(
            !s.contains(names[0].as_str()),
            "{} scrolled off:\n{s}",
            names[0]
        );
    }

    #[test]
    fn a_filter_key_scans_search_text_prepared_once_per_change() {
        let mut h = Harness::demo();
        h.keys("1");
        let names = |h: &Harness| -> Vec<String> {
            h.model
                .visible_members()
                .iter()
                .map(|m| m.name.clone())
                .collect()
        };
        // Case and accents aside, as search_key folds them: "agren" finds Tom Ågren-Smith, and
        // "SIAN" Siân ap Dafydd.
        h.keys("/agren");
        assert_eq!(names(&h), ["Tom Ågren-Smith"]);
        let texts = h
            .model
            .search_texts(h.model.list_of(Tab::Members), Vec::new);
        assert!(!texts.is_empty(), "prepared on the first filter key");
        for _ in 0.."agren".len() {
            h.key(KeyCode::Backspace);
        }
        h.keys("SIAN");
        assert_eq!(names(&h), ["Siân ap Dafydd"]);
        // Every key since read the same prepared text: nothing was folded again.
        let again = h
            .model
            .search_texts(h.model.list_of(Tab::Members), Vec::new);
        assert!(std::rc::Rc::ptr_eq(&texts, &again));
        // A needle is found within one field, never across two.
        let text = super::search_text(&["Tom Ågren", "North"]);
        assert!(super::found(&text, "agren"));
        assert!(super::found(&text, "north"));
        assert!(super::found(&text, ""));
        assert!(!super::found(&text, "agrennorth"));
        // A change of data prepares it afresh.
        h.key(KeyCode::Esc);
        h.model.lists_changed();
        h.keys("/a");
        let fresh = h
            .model
            .search_texts(h.model.list_of(Tab::Members), Vec::new);
        assert!(!std::rc::Rc::ptr_eq(&texts, &fresh));
        assert_eq!(fresh.len(), h.model.session.as_ref().unwrap().members.len());
    }

    #[test]
    fn a_case_is_found_by_its_parties_as_the_list_names_them() {
        use crate::domain::grievance::PersonRef;
        let mut h = Harness::demo();
        h.keys("3a");
        let cases: Vec<(String, Vec<String>, bool)> = h
            .model
            .visible_cases()
            .iter()
            .map(|c| {
                let staff = [&c.raised_by, &c.about]
                    .iter()
                    .any(|p| matches!(p, PersonRef::Member(_) | PersonRef::Officer(_)));
                let parties = [&c.raised_by, &c.about]
                    .iter()
                    .map(|p| h.model.case_party(p))
                    .collect();
                (c.reference.clone(), parties, staff)
            })
            .collect();
        assert!(
            cases.iter().any(|(_, _, staff)| *staff),
            "the demo has a member's or officer's case: {cases:?}"
        );
        // The members and officers by id are mapped once per change of data: a move keeps
        // the map, a change builds it afresh.
        let index = h.model.party_index();
        h.key(KeyCode::Down);
        assert!(std::rc::Rc::ptr_eq(&index, &h.model.party_index()));
        h.model.lists_changed();
        assert!(!std::rc::Rc::ptr_eq(&index, &h.model.party_index()));
        // Each party, named through that map, finds the case as the list names them.
        for (reference, parties, _) in &cases {
            for name in parties {
                h.keys("/");
                h.keys(name);
                assert!(
                    h.model.visible_refs(Tab::Grievances).contains(reference),
                    "{reference} not found by {name}"
                );
                h.key(KeyCode::Esc);
            }
        }
    }

    #[test]
    fn the_grievances_filter_shows_what_each_cases_search_text_shows() {
        use crate::domain::text::search_key;
        use crate::ui::grievances::path_label;
        let mut h = Harness::demo();
        h.keys("3a");
        // The definition the finder stands for: the case's fields as the list names them, folded
        // and joined, containing the folded filter.
        let check = |h: &mut Harness, needles: &[String]| {
            h.model.tabs.grievances.list.filter.clear();
            let all = h.model.visible_refs(Tab::Grievances);
            let texts: Vec<String> = h
                .model
                .visible_cases()
                .iter()
                .map(|c| {
                    search_text(&[
                        &c.reference,
                        &path_label(c.path),
                        c.state.label(),
                        &h.model.case_party(&c.raised_by),
                        &h.model.case_party(&c.about),
                    ])
                })
                .collect();
            for needle in needles {
                let folded = search_key(needle);
                let expected: Vec<&String> = all
                    .iter()
                    .zip(&texts)
                    .filter(|(_, t)| super::found(t, &folded))
                    .map(|(r, _)| r)
                    .collect();
                h.model.tabs.grievances.list.filter = needle.clone();
                let shown = h.model.visible_refs(Tab::Grievances);
                assert_eq!(
                    shown.iter().collect::<Vec<_>>(),
                    expected,
                    "filter {needle:?}"
                );
            }
            texts
        };
        // Every piece of one to four characters of every field, as typed and in capitals,
        // accented letters, and what spans two fields (never found).
        let texts = check(&mut h, &[]);
        assert!(texts.len() >= 5, "the demo has cases: {texts:?}");
        let mut needles: Vec<String> = vec![
            "SIÂN".into(),
            "Ågren".into(),
            "ŷ".into(),
            "someone".into(),
            "zzzz".into(),
            "1\u{1f}r".into(),
            "\u{1f}".into(),
        ];
        for text in &texts {
            let chars: Vec<char> = text.chars().collect();
            for len in 1..=4 {
                for piece in chars.windows(len) {
                    let piece: String = piece.iter().collect();
                    needles.push(piece.to_uppercase());
                    needles.push(piece);
                }
            }
        }
        needles.sort();
        needles.dedup();
        check(&mut h, &needles);
        // In meeting-safe mode the parties are named by reference, and found so.
        h.key(KeyCode::F(12));
        let needles: Vec<String> = ["member m-", "officer", "someone else", "g-20", "sian"]
            .map(String::from)
            .to_vec();
        check(&mut h, &needles);
    }

    #[test]
    fn a_search_text_of_folded_fields_is_the_search_text_of_the_fields() {
        let fields = [
            "G-2026-001",
            "Officer's grievance",
            "Tom Ågren-Smith",
            "SIÂN ap Dafydd",
            "",
        ];
        let folded: Vec<std::borrow::Cow<'_, str>> = fields
            .iter()
            .map(|f| crate::domain::text::search_key(f).into())
            .collect();
        assert_eq!(search_text_of(&folded), search_text(&fields));
    }

    #[test]
    fn a_filter_on_grievances_filters_the_working_order_worked_out_once() {
        let mut h = Harness::demo();
        h.keys("3");
        let refs = |h: &Harness| -> Vec<String> {
            h.model
                .visible_cases()
                .iter()
                .map(|c| c.reference.clone())
                .collect()
        };
        let all = refs(&h);
        assert!(all.len() >= 3, "the demo has open cases: {all:?}");
        h.keys("/g-");
        let order = h.model.prepared(
            &h.model.tabs.grievances.order,
            Vec::<(usize, bool, bool)>::new,
        );
        assert!(!order.is_empty(), "worked out on the first key");
        h.keys("20");
        let again = h.model.prepared(
            &h.model.tabs.grievances.order,
            Vec::<(usize, bool, bool)>::new,
        );
        assert!(
            std::rc::Rc::ptr_eq(&order, &again),
            "not sorted again per key"
        );
        // The filtered list is the unfiltered one, in the same order, less what does not match.
        let expected: Vec<String> = all
            .iter()
            .filter(|r| r.to_lowercase().contains("g-20"))
            .cloned()
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(refs(&h), expected);
    }

    #[test]
    fn a_list_is_computed_once_per_change_and_again_after_one() {
        let mut h = Harness::demo();
        h.keys("3");
        let first = h.model.visible_cases();
        assert!(!first.is_empty(), "the demo has open cases");
        let first: Vec<String> = first.iter().map(|c| c.reference.clone()).collect();
        // A move reads the same list: the memo is the same allocation.
        let rows = h
            .model
            .memo(h.model.list_of(Tab::Grievances), Vec::<usize>::new);
        h.key(KeyCode::Down);
        let again = h
            .model
            .memo(h.model.list_of(Tab::Grievances), Vec::<usize>::new);
        assert!(std::rc::Rc::ptr_eq(&rows, &again));
        assert!(!again.is_empty(), "the memo holds the computed list");
        // A filter key changes the list; clearing it gives the first list back.
        h.keys("/zzzz-no-such-case");
        assert!(h.model.visible_cases().is_empty());
        h.key(KeyCode::Esc);
        let back: Vec<String> = h
            .model
            .visible_cases()
            .iter()
            .map(|c| c.reference.clone())
            .collect();
        assert_eq!(back, first);
        // A new today is a change too.
        h.model.today += chrono::Duration::days(1);
        let other = h
            .model
            .memo(h.model.list_of(Tab::Grievances), Vec::<usize>::new);
        assert!(other.is_empty(), "recomputed under the new key");
    }
}
