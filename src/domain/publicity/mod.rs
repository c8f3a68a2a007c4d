//! Council publicity (R-P2 to R-P4): each item is checked before approval, and a check that finds a
//! blocking problem stops it until it is edited.
//!
//! - R-P2 (BOR §8.3): in the pre-election period publicity names no member. A full name, or a
//!   civic title and surname ("Cllr Smith"), blocks; a bare surname only warns, because many surnames
//!   are ordinary words ("green space" is not Cllr Green).
//! - R-P3 (BOR §8.1): at any time, a press release quoting a member gives no party affiliation and
//!   credits nothing to the ruling group.
//! - R-P4: statutory notices about the election itself are exempt from R-P2, so the checker gives
//!   no R-P2 findings for them.
//!
//! Matching ignores case and accents (Siân = Sian), reads possessives (Green's, Hills’), and treats
//! "O'Briain", "Ó Briain" and "OBriain" alike by comparing names with spaces, hyphens and
//! apostrophes removed, on whole words only.
//!
//! - [`check`] (in `checker.rs`) reads a text; its word lists are data, in
//!   `assets/publicity-words.toml` ([`PublicityWords`]).
//! - [`PublicityItem`] (in `item.rs`) is the item's state machine.

mod checker;
mod item;
mod spec;
mod vocabulary;
mod words;

#[cfg(test)]
mod tests;

pub use checker::check;
pub use item::{
    check_data_for, CheckData, CheckEnv, ItemAction, ItemActionKind, ItemEvent, ItemState,
    PublicityInput, PublicityItem,
};
pub use spec::edit_defaults;
pub use vocabulary::{first_blocking, Channel, CheckContext, Finding, NameEntry, Severity};
pub use words::{PublicityWords, WordList};
