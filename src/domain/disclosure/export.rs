//! The register exported as rows: the public register of members' interests (R-D2) or the full
//! register (R-D4).

use serde::Serialize;

use super::machine::Disclosure;
use super::{member_name, officer_name};
use crate::domain::dates;
use crate::domain::Context;

/// One line of a register export. Pure data: the caller writes it out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportRow {
    pub reference: String,
    pub member: String,
    pub kind: String,
    pub category: String,
    /// Empty in the public export.
    pub officer: String,
    pub description: String,
    pub declared_by: String,
    pub declared_on: String,
    pub state: String,
    pub ended_on: String,
    pub end_reason: String,
    pub sensitive: bool,
    /// Empty in the public export.
    pub notifications: String,
    /// Empty in the public export.
    pub request_ref: String,
}

/// The register as rows. The public export (R-D2) is the register of members' interests only:
/// pecuniary and other registerable interests, leaving out those withheld as sensitive (Localism
/// Act 2011 s32); relationships (they concern staff) and request interests are not in it. The full
/// export keeps every entry, ended ones included (R-D4).
pub fn export_rows(entries: &[Disclosure], ctx: &Context, public: bool) -> Vec<ExportRow> {
    let mut rows: Vec<&Disclosure> = entries
        .iter()
        .filter(|d| !public || (d.kind.is_registerable_interest() && !d.sensitive))
        .collect();
    rows.sort_by_key(|d| d.id);
    rows.into_iter()
        .map(|d| {
            let (ended_on, end_reason) = d
                .ended
                .as_ref()
                .map(|(on, why)| (dates::show(*on), why.clone()))
                .unwrap_or_default();
            let notifications: Vec<String> = d
                .notifications
                .iter()
                .map(|n| {
                    format!(
                        "{} {}{}",
                        n.who.label(),
                        dates::show(n.on),
                        if n.in_writing { " (in writing)" } else { "" }
                    )
                })
                .collect();
            ExportRow {
                reference: d.reference(),
                member: member_name(d.member, ctx),
                kind: d.kind.label().to_string(),
                category: d.kind.category().to_string(),
                officer: match (public, d.officer) {
                    (false, Some(o)) => officer_name(o, ctx),
                    _ => String::new(),
                },
                description: d.description.clone(),
                declared_by: d.declared_by.label().to_string(),
                declared_on: dates::show(d.declared_on),
                state: d.state.label().to_string(),
                ended_on,
                end_reason,
                sensitive: d.sensitive,
                notifications: if public {
                    String::new()
                } else {
                    notifications.join("; ")
                },
                request_ref: if public {
                    String::new()
                } else {
                    d.request_ref.clone().unwrap_or_default()
                },
            }
        })
        .collect()
}
