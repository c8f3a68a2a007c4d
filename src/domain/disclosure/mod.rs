//! The disclosure register (R-D1–R-D4): relationships between a member and an officer, members'
//! disclosable pecuniary and other registerable interests, and interests declared with a request
//! for documents. An entry is declared, acknowledged by the Clerk, made active and, one day, ended;
//! it is never deleted (R-D4).
//!
//! - [`Disclosure::create`] validates what the clerk typed.
//! - [`Disclosure::available`] and [`Disclosure::apply`] drive an entry, refusing with the rule and
//!   the clause.
//! - [`Disclosure::missing_notifications`] says who still has to be told (R-D1).
//! - [`Register`] says whether a member is conflicted with an officer on a day (R-D1).
//! - [`member_dpi_deadlines`] gives the R-M3 deadlines; [`export_rows`] the public and full
//!   registers.

mod deadlines;
mod export;
mod input;
mod machine;
mod register;
mod spec;
mod vocabulary;

#[cfg(test)]
mod tests;

use super::ids::{MemberId, OfficerId};
use super::Context;

pub use deadlines::{dpi_due_from_change, dpi_due_from_meeting, member_dpi_deadlines, Deadline};
pub use export::{export_rows, ExportRow};
pub use input::{DisclosureInput, MAX_DESCRIPTION_CHARS};
pub use machine::{Disclosure, DisclosureAction, DisclosureActionKind, DisclosureEvent};
pub use register::Register;
pub use vocabulary::{
    Declarant, DisclosureKind, DisclosureState, DpiCategory, NoticeState, NoticeStatus,
    Notification, NotifiedParty, RelationshipKind, RequiredNotice,
};

/// How a disclosure shows: `D-0007`.
pub fn reference(id: u32) -> String {
    format!("D-{id:04}")
}

fn member_name(id: MemberId, ctx: &Context) -> String {
    ctx.member(id)
        .map(|m| m.name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn officer_name(id: OfficerId, ctx: &Context) -> String {
    ctx.officer(id)
        .map(|o| o.name.clone())
        .unwrap_or_else(|| id.to_string())
}
