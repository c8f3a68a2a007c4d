//! The checker's word lists (ordinary-word surnames, titles, honorifics, party words, crediting
//! words): data, kept in `assets/publicity-words.toml` and handed in by `crate::assets`, which
//! compiles the file into the binary (no I/O here).

use serde::Deserialize;

/// A list of lower-case words or phrases.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct WordList(Vec<String>);

impl WordList {
    pub fn contains(&self, word: impl AsRef<str>) -> bool {
        let word = word.as_ref();
        self.0.iter().any(|w| w == word)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Every word list the checker reads, as `assets/publicity-words.toml` gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicityWords {
    /// Surnames that are also everyday English words: bare and lower case they are the word, not the
    /// member, so they only warn when capitalised in mid-sentence.
    pub common_word_surnames: WordList,
    /// Particles that belong to the surname ("Siân ap Dafydd", "Zoë Ó Briain", "Anne de Vries").
    pub particles: WordList,
    /// Civic titles: with a member's surname they name the member (R-P2 blocks).
    pub civic_titles: WordList,
    pub plural_titles: WordList,
    /// Honorifics could belong to anyone with the surname, so with a surname they warn.
    pub honorifics: WordList,
    pub speech_words: WordList,
    /// Party names that only count capitalised ("Labour", not "labour costs").
    pub party_words: WordList,
    /// Party phrases, in any case.
    pub party_phrases: WordList,
    /// Party abbreviations, only in brackets: "Cllr Green (Lab)".
    pub party_abbreviations: WordList,
    pub credit_words: WordList,
}

/// The shipped lists. The file is checked by a test in `crate::assets`, so a malformed list never
/// ships; if it ever did, this says which file and why.
pub(super) fn lists() -> &'static PublicityWords {
    crate::assets::publicity_words().unwrap_or_else(|e| panic!("{e}"))
}
