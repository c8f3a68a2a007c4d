//! A register's filter without a search text per record.
//!
//! A record's search text ([`super::visible::search_text`]) is its fields folded, one after
//! another with [`FIELD_END`] between, and a record is shown when it contains the folded filter.
//! A filter never holds [`FIELD_END`] (typed text), so it is found in the joined text exactly when
//! it is found in one of the fields. Most of a case's fields are one of a few values (its path,
//! its state, a member or officer): a [`Finder`] keeps each distinct folded value once, as a
//! *term*, and per record only what is its own (its reference) and the ids of its terms. A filter
//! key then asks each term once whether it holds the filter, searches the records' own texts in
//! one pass over one buffer, and reads a few flags per record: no 100,000 strings scattered in
//! memory, and far less to prepare when the data changes.

use std::collections::HashMap;

use super::visible::FIELD_END;

/// Short texts one after another in one buffer, [`FIELD_END`] after each: a needle without it
/// is searched in all of them by one search of the buffer.
#[derive(Debug, Default)]
pub(super) struct Texts {
    buffer: String,
    /// Where each text ends in `buffer` (its `FIELD_END`).
    ends: Vec<usize>,
}

impl Texts {
    /// Adds a text already folded as a search folds it; its index is the count before.
    pub(super) fn push(&mut self, folded: &str) {
        self.buffer.push_str(folded);
        self.ends.push(self.buffer.len());
        self.buffer.push(FIELD_END);
    }

    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Which texts contain `needle` (not empty, without [`FIELD_END`]), by index: one search of
    /// the buffer. A match cannot run past a text's end (there is a `FIELD_END` there, and the
    /// needle holds none), so each match lies in the text whose end is the first after it.
    pub(super) fn containing(&self, needle: &str) -> Vec<bool> {
        let mut found = vec![false; self.ends.len()];
        let mut text = 0;
        for (at, _) in self.buffer.match_indices(needle) {
            while self
                .ends
                .get(text)
                .is_some_and(|&end| end < at + needle.len())
            {
                text += 1;
            }
            if let Some(slot) = found.get_mut(text) {
                *slot = true;
            }
        }
        found
    }
}

/// Distinct folded values, each kept once, by id.
#[derive(Debug, Default)]
pub(super) struct Terms {
    texts: Texts,
    ids: HashMap<String, u32>,
}

impl Terms {
    /// The id of `folded` (a value folded as a search folds it), added if new.
    pub(super) fn id(&mut self, folded: String) -> u32 {
        if let Some(&id) = self.ids.get(&folded) {
            return id;
        }
        // More than four billion distinct values cannot be held in memory first.
        let id = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(&folded);
        self.ids.insert(folded, id);
        id
    }
}

/// How many shared values (terms) each record has besides its own text: a case's path, state
/// and two parties.
pub(super) const TERMS: usize = 4;

/// One record as a filter reads it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row<F> {
    /// What the caller keeps with the record (its position in the register, flags).
    pub(super) of: F,
    terms: [u32; TERMS],
}

/// Records in the order they are listed, each as its own folded text and the ids of its terms.
#[derive(Debug)]
pub(super) struct Finder<F> {
    rows: Vec<Row<F>>,
    /// Each row's own folded text, in the rows' order.
    own: Texts,
    terms: Terms,
}

impl<F: Copy> Finder<F> {
    /// An empty finder taking its terms from `terms` (filled by the caller with the ids it
    /// hands to [`Finder::push`]).
    pub(super) fn new(terms: Terms, rows: usize) -> Finder<F> {
        Finder {
            rows: Vec::with_capacity(rows),
            own: Texts::default(),
            terms,
        }
    }

    /// Adds the next record: what the caller keeps with it, its own text folded, its terms' ids.
    pub(super) fn push(&mut self, of: F, own: &str, terms: [u32; TERMS]) {
        self.own.push(own);
        self.rows.push(Row { of, terms });
    }

    /// The terms, to add more before the records that use them.
    pub(super) fn terms(&mut self) -> &mut Terms {
        &mut self.terms
    }

    /// Every record `keep` keeps whose own text or one of whose terms contains `needle` (folded
    /// as a search folds it; empty matches every record), in order. `None` when `needle` holds
    /// [`FIELD_END`]: only a search text can say what that matches.
    pub(super) fn find(&self, needle: &str, keep: impl Fn(&F) -> bool) -> Option<Vec<F>> {
        if needle.contains(FIELD_END) {
            return None;
        }
        if needle.is_empty() {
            return Some(
                self.rows
                    .iter()
                    .filter(|r| keep(&r.of))
                    .map(|r| r.of)
                    .collect(),
            );
        }
        let terms = self.terms.texts.containing(needle);
        let own = self.own.containing(needle);
        let term = |id: u32| terms.get(id as usize).copied().unwrap_or(false);
        Some(
            self.rows
                .iter()
                .zip(own)
                .filter(|(r, own)| keep(&r.of) && (*own || r.terms.iter().any(|&t| term(t))))
                .map(|(r, _)| r.of)
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::{Finder, Terms, Texts, TERMS};
    use crate::domain::text::search_key;
    use crate::ui::visible::{found, search_text};
    use proptest::prelude::*;

    #[test]
    fn a_text_is_found_in_the_one_it_lies_in() {
        let mut texts = Texts::default();
        for t in ["g-2026-001", "", "ab", "b", "abab"] {
            texts.push(t);
        }
        assert_eq!(texts.containing("ab"), [false, false, true, false, true]);
        assert_eq!(texts.containing("b"), [false, false, true, true, true]);
        assert_eq!(texts.containing("001"), [true, false, false, false, false]);
        assert_eq!(texts.containing("bb"), [false; 5]);
        // Never across the end of one text and the start of the next.
        assert_eq!(texts.containing("1ab"), [false; 5]);
    }

    /// Names with case, accents, other scripts and spaces, often shared between records.
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Siân ap Dafydd".to_string()),
            Just("SIAN AP DAFYDD".to_string()),
            Just("Tom Ågren-Smith".to_string()),
            Just("Zoë Ó Briain".to_string()),
            Just("Llŷr Ifans".to_string()),
            Just("Straße Weiß".to_string()),
            Just("İsmail Ünal".to_string()),
            Just("".to_string()),
            "[a-zA-Z ]{0,8}",
            "[a-zA-Zâéïöüåøß ĀİıŉǅΣς-]{0,8}",
        ]
    }

    /// Needles as typed: pieces of the names above, and any short text.
    fn needle() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-zA-Z0-9 -]{0,4}",
            "[aiAIâÂåÅöÖßİıΣσς -]{0,3}",
            (name(), 0usize..8, 0usize..5).prop_map(|(n, from, len)| n
                .chars()
                .skip(from)
                .take(len)
                .collect()),
            "\\PC{0,3}",
        ]
    }

    proptest! {
        /// The finder shows exactly the records whose search text contains the folded filter,
        /// in the same order: the definition the lists had before it.
        #[test]
        fn the_finder_shows_what_a_search_text_shows(
            records in proptest::collection::vec(
                (
                    "[GgBb]-20[0-9]{2}-[0-9]{1,4}|\\PC{0,6}",
                    [name(), name(), name(), name()],
                    any::<bool>(),
                ),
                0..40,
            ),
            needles in proptest::collection::vec(needle(), 1..8),
        ) {
            let mut terms = Terms::default();
            let ids: Vec<[u32; TERMS]> = records
                .iter()
                .map(|(_, fields, _)| fields.clone().map(|f| terms.id(search_key(&f))))
                .collect();
            let mut finder = Finder::new(terms, records.len());
            for (i, ((own, _, _), ids)) in records.iter().zip(&ids).enumerate() {
                finder.push(i, &search_key(own), *ids);
            }
            for typed in &needles {
                let needle = search_key(typed);
                let kept = |i: &usize| records[*i].2;
                let expected: Vec<usize> = records
                    .iter()
                    .enumerate()
                    .filter(|(i, (own, fields, _))| {
                        let mut all: Vec<&str> = vec![own];
                        all.extend(fields.iter().map(String::as_str));
                        kept(i) && found(&search_text(&all), &needle)
                    })
                    .map(|(i, _)| i)
                    .collect();
                prop_assert_eq!(finder.find(&needle, kept), Some(expected), "needle {:?}", typed);
            }
        }
    }

    #[test]
    fn a_filter_holding_the_field_mark_is_left_to_the_search_text() {
        let mut finder = Finder::new(Terms::default(), 1);
        finder.push(0, "g-2026-001", [0; TERMS]);
        assert_eq!(finder.find("1\u{1f}", |_| true), None);
        assert_eq!(finder.find("", |_| true), Some(vec![0]));
    }
}
