//! R-D1: the conflicts a panel or a decision must avoid. The Disclosures feature supplies the real
//! register later; until then [`NoDisclosures`] reports none.

use chrono::NaiveDate;

use super::PersonRef;
use crate::domain::ids::MemberId;

/// A declared friendship or closer relationship that bars a member from a body or a decision
/// directly affecting the person named (R-D1, LLTC §7.7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The disclosure's reference, as the register shows it.
    pub reference: String,
    /// What was declared, in the register's words.
    pub description: String,
}

/// Anything that can say whether a member is conflicted with a person on a given day.
pub trait ConflictRegister {
    fn conflict(&self, member: MemberId, with: &PersonRef, on: NaiveDate) -> Option<Conflict>;
}

/// An empty register: nothing has been declared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoDisclosures;

impl ConflictRegister for NoDisclosures {
    fn conflict(&self, _member: MemberId, _with: &PersonRef, _on: NaiveDate) -> Option<Conflict> {
        None
    }
}
