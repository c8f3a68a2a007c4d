//! `clerkdesk audit [--subject SUBJECT]`: the audit trail, one line per event.

use super::output::{self, say};
use super::{Env, Outcome};
use crate::domain::audit::Subject;
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::text;
use crate::session::Session;

/// "member 3", "Member M-003" and "member m3" all mean `member M-003`.
fn normalise_subject(raw: &str) -> Subject {
    let raw = raw.trim();
    let (kind, rest) = raw.split_once(' ').unwrap_or((raw, ""));
    let normal = match kind.to_lowercase().as_str() {
        "member" => rest
            .parse::<MemberId>()
            .ok()
            .map(|id| Session::member_subject(id).0),
        "officer" => rest
            .parse::<OfficerId>()
            .ok()
            .map(|id| Session::officer_subject(id).0),
        "council" if rest.is_empty() => Some(Session::council_subject().0),
        _ => None,
    };
    Subject(normal.unwrap_or_else(|| raw.to_string()))
}

pub(super) fn audit(env: &Env, subject: Option<String>) -> Outcome {
    let session = env.council()?;
    let trail = match &subject {
        Some(s) => session.audit_for(&normalise_subject(s))?,
        None => session.audit()?,
    };
    if trail.is_empty() {
        say("No audit events match.");
        return Ok(());
    }
    let mut text = String::new();
    for e in &trail {
        let line = if subject.is_some() {
            format!("{:>5}  {}", e.seq, e.one_line())
        } else {
            format!("{:>5}  {}  {}", e.seq, e.subject.0, e.one_line())
        };
        text.push_str(&text::sanitize(&line));
        text.push('\n');
    }
    output::print(&text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_normalised() {
        assert_eq!(normalise_subject("member 3").0, "member M-003");
        assert_eq!(normalise_subject("Officer o2").0, "officer O-002");
        assert_eq!(normalise_subject("council").0, "council");
        assert_eq!(normalise_subject("settings").0, "settings");
    }
}
