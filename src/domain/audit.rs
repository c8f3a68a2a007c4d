//! The audit trail: one event per accepted step, never changed or removed.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::rules::Cite;

/// What a record is, for the audit trail: `member M-003`, `officer O-002`, `council`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subject(pub String);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// Position in the trail; assigned by the store.
    pub seq: u64,
    pub at: NaiveDateTime,
    pub actor: String,
    pub subject: Subject,
    /// What happened ("created", "term ended", "refused" is never logged: refusals change nothing).
    pub action: String,
    /// Before → after, field by field, for what changed.
    pub changes: Vec<Change>,
    pub note: Option<String>,
    /// The rule this step rests on, where it rests on one.
    pub cite: Option<Cite>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// The fields that differ between two views of a record (each a list of `(field, value)`).
pub fn diff(before: &[(&'static str, String)], after: &[(&'static str, String)]) -> Vec<Change> {
    let mut changes = Vec::new();
    for (field, new) in after {
        let old = before
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, v)| v.as_str())
            .unwrap_or("");
        if old != new {
            changes.push(Change {
                field: field.to_string(),
                before: old.to_string(),
                after: new.clone(),
            });
        }
    }
    changes
}

impl AuditEvent {
    /// One line for lists: `2026-11-22 14:03 Clerk: term ended (ward: North → South)`.
    pub fn one_line(&self) -> String {
        let mut line = format!(
            "{} {}: {}",
            self.at.format("%Y-%m-%d %H:%M"),
            self.actor,
            self.action
        );
        if !self.changes.is_empty() {
            let parts: Vec<String> = self
                .changes
                .iter()
                .map(|c| match (c.before.is_empty(), c.after.is_empty()) {
                    (true, _) => format!("{}: {}", c.field, c.after),
                    (false, true) => format!("{}: {} → (none)", c.field, c.before),
                    (false, false) => format!("{}: {} → {}", c.field, c.before, c.after),
                })
                .collect();
            line.push_str(&format!(" ({})", parts.join("; ")));
        }
        if let Some(note) = &self.note {
            line.push_str(&format!(" — {note}"));
        }
        if let Some(cite) = &self.cite {
            line.push_str(&format!(" [{cite}]"));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_lists_only_changed_fields() {
        let before = vec![("name", "Ann".to_string()), ("ward", "North".to_string())];
        let after = vec![("name", "Ann".to_string()), ("ward", "South".to_string())];
        let changes = diff(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "ward");
        assert_eq!(
            (changes[0].before.as_str(), changes[0].after.as_str()),
            ("North", "South")
        );
        assert_eq!(diff(&[], &after).len(), 2);
    }
}
