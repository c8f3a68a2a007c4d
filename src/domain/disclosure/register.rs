//! The conflict register (R-D1): who is conflicted with whom, on a given day.

use chrono::NaiveDate;

use super::machine::Disclosure;
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::rules::Refusal;

/// R-D1 over the whole register: which declared relationships bar a member from a decision
/// directly affecting an officer.
#[derive(Debug, Clone, Copy)]
pub struct Register<'a> {
    entries: &'a [Disclosure],
}

impl<'a> Register<'a> {
    pub fn new(entries: &'a [Disclosure]) -> Self {
        Register { entries }
    }

    pub fn entries(&self) -> &'a [Disclosure] {
        self.entries
    }

    /// Relationships between `member` and `officer` that have not ended on `on`. Declared,
    /// acknowledged and active entries all count: a declared relationship is never hidden.
    pub fn conflicts(
        &self,
        member: MemberId,
        officer: OfficerId,
        on: NaiveDate,
    ) -> Vec<&'a Disclosure> {
        self.entries
            .iter()
            .filter(|d| {
                d.kind.is_relationship()
                    && d.member == member
                    && d.officer == Some(officer)
                    && d.applies_on(on)
            })
            .collect()
    }

    /// R-D1 (LLTC §7.7): the refusal for `member` taking part in a decision directly affecting
    /// `officer` on `on`, naming the disclosure.
    pub fn refusal_for(
        &self,
        member: MemberId,
        officer: OfficerId,
        on: NaiveDate,
    ) -> Option<Refusal> {
        let found = self.conflicts(member, officer, on);
        let first = found.first()?;
        let more = match found.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        Some(Refusal::new(
            "R-D1",
            "LLTC §7.7",
            format!(
                "{} {}{more}: {member} takes no part in a decision directly affecting {officer}",
                first.reference(),
                first.conflict_summary()
            ),
        ))
    }
}
