//! Requests' actions by name, with their inputs as named fields: how the CLI (`requests do REF
//! ACTION --on …`) and the demo council's data speak to the three state machines. One table, so
//! both agree on every name.

use super::{
    AttendanceAction, AttendanceActionKind, InfoAction, InfoActionKind, ReportAction,
    ReportActionKind,
};
use crate::domain::rules::FieldError;

/// An action kind as the CLI and the demo file name it.
pub trait Named: Copy + PartialEq + Sized + 'static {
    const KINDS: &'static [Self];
    /// The name `requests do` takes and `requests show` lists.
    fn name(self) -> &'static str;
    /// Shorter spellings also accepted.
    fn aliases(self) -> &'static [&'static str];
    /// The named fields the action reads.
    fn fields(self) -> &'static [&'static str];
    fn label(self) -> &'static str;

    /// `tell-group`, `Tell_Group` or an alias such as `tell`.
    fn from_name(raw: &str) -> Result<Self, FieldError> {
        let wanted = raw.trim().to_lowercase().replace('_', "-");
        Self::KINDS
            .iter()
            .copied()
            .find(|k| k.name() == wanted || k.aliases().contains(&wanted.as_str()))
            .ok_or_else(|| {
                let names: Vec<&str> = Self::KINDS.iter().map(|k| k.name()).collect();
                FieldError::new(
                    "action",
                    format!(
                        "'{}' is not an action here ({})",
                        raw.trim(),
                        names.join(", ")
                    ),
                )
            })
    }
}

impl Named for ReportActionKind {
    const KINDS: &'static [Self] = &ReportActionKind::ALL;

    fn name(self) -> &'static str {
        match self {
            ReportActionKind::Prepare => "prepare",
            ReportActionKind::TellGroup => "tell-group",
            ReportActionKind::GiveCopy => "give-copy",
            ReportActionKind::Complete => "complete",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            ReportActionKind::TellGroup => &["tell"],
            ReportActionKind::GiveCopy => &["copy"],
            ReportActionKind::Prepare | ReportActionKind::Complete => &[],
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            ReportActionKind::Prepare => {
                &["facts", "options", "no-politics", "no-recommendation", "on"]
            }
            ReportActionKind::TellGroup | ReportActionKind::GiveCopy => &["group", "on"],
            ReportActionKind::Complete => &["on"],
        }
    }

    fn label(self) -> &'static str {
        ReportActionKind::label(self)
    }
}

impl Named for AttendanceActionKind {
    const KINDS: &'static [Self] = &AttendanceActionKind::ALL;

    fn name(self) -> &'static str {
        match self {
            AttendanceActionKind::RecordAgreement => "record-agreement",
            AttendanceActionKind::Attend => "attend",
            AttendanceActionKind::SendRepresentative => "send-representative",
            AttendanceActionKind::Decline => "decline",
            AttendanceActionKind::RecordAttended => "record-attended",
            AttendanceActionKind::TellGroup => "tell-group",
            AttendanceActionKind::Complete => "complete",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            AttendanceActionKind::RecordAgreement => &["agree", "agreement"],
            AttendanceActionKind::SendRepresentative => &["send"],
            AttendanceActionKind::RecordAttended => &["attended"],
            AttendanceActionKind::TellGroup => &["tell"],
            AttendanceActionKind::Attend
            | AttendanceActionKind::Decline
            | AttendanceActionKind::Complete => &[],
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            AttendanceActionKind::RecordAgreement => &["by", "on"],
            AttendanceActionKind::Attend | AttendanceActionKind::Complete => &["on"],
            AttendanceActionKind::SendRepresentative => &["name", "on"],
            AttendanceActionKind::Decline => &["reason", "on"],
            AttendanceActionKind::RecordAttended => &["subject"],
            AttendanceActionKind::TellGroup => &["group", "on"],
        }
    }

    fn label(self) -> &'static str {
        AttendanceActionKind::label(self)
    }
}

impl Named for InfoActionKind {
    const KINDS: &'static [Self] = &InfoActionKind::ALL;

    fn name(self) -> &'static str {
        match self {
            InfoActionKind::Assess => "assess",
            InfoActionKind::RecordConsent => "record-consent",
            InfoActionKind::GrantToView => "grant-to-view",
            InfoActionKind::GrantWithCopies => "grant-with-copies",
            InfoActionKind::Refuse => "refuse",
            InfoActionKind::Close => "close",
        }
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            InfoActionKind::RecordConsent => &["consent"],
            InfoActionKind::GrantToView => &["view"],
            InfoActionKind::GrantWithCopies => &["copies"],
            InfoActionKind::Assess | InfoActionKind::Refuse | InfoActionKind::Close => &[],
        }
    }

    fn fields(self) -> &'static [&'static str] {
        match self {
            InfoActionKind::Assess => &["basis", "reason", "personal-data", "on"],
            InfoActionKind::RecordConsent | InfoActionKind::Close => &["on"],
            InfoActionKind::GrantToView => &["public-domain", "on"],
            InfoActionKind::GrantWithCopies => &["public-domain", "restricted-papers", "on"],
            InfoActionKind::Refuse => &["reason", "rule", "on"],
        }
    }

    fn label(self) -> &'static str {
        InfoActionKind::label(self)
    }
}

/// `yes`/`no` as typed; empty means no.
fn yes_no(field: &'static str, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "" | "n" | "no" | "false" => Ok(false),
        "y" | "yes" | "true" => Ok(true),
        other => Err(FieldError::new(
            field,
            format!("'{other}' is not yes or no"),
        )),
    }
}

/// A report step from its name and named fields (a missing field is empty; the state machine says
/// whether it is needed). The R-G1 checklist fields are yes/no.
pub fn report_action_named(
    name: &str,
    get: impl Fn(&str) -> String,
) -> Result<ReportAction, FieldError> {
    Ok(match ReportActionKind::from_name(name)? {
        ReportActionKind::Prepare => ReportAction::Prepare {
            on: get("on"),
            states_facts: yes_no("facts", &get("facts"))?,
            options_with_merits_and_demerits: yes_no("options", &get("options"))?,
            no_political_implications: yes_no("no-politics", &get("no-politics"))?,
            no_recommendation: yes_no("no-recommendation", &get("no-recommendation"))?,
        },
        ReportActionKind::TellGroup => ReportAction::TellGroup {
            group: get("group"),
            on: get("on"),
        },
        ReportActionKind::GiveCopy => ReportAction::GiveCopy {
            group: get("group"),
            on: get("on"),
        },
        ReportActionKind::Complete => ReportAction::Complete { on: get("on") },
    })
}

/// A group-meeting step from its name and named fields.
pub fn attendance_action_named(
    name: &str,
    get: impl Fn(&str) -> String,
) -> Result<AttendanceAction, FieldError> {
    Ok(match AttendanceActionKind::from_name(name)? {
        AttendanceActionKind::RecordAgreement => AttendanceAction::RecordAgreement {
            by: get("by"),
            on: get("on"),
        },
        AttendanceActionKind::Attend => AttendanceAction::Attend { on: get("on") },
        AttendanceActionKind::SendRepresentative => AttendanceAction::SendRepresentative {
            name: get("name"),
            on: get("on"),
        },
        AttendanceActionKind::Decline => AttendanceAction::Decline {
            reason: get("reason"),
            on: get("on"),
        },
        AttendanceActionKind::RecordAttended => AttendanceAction::RecordAttended {
            subject: get("subject"),
        },
        AttendanceActionKind::TellGroup => AttendanceAction::TellGroup {
            group: get("group"),
            on: get("on"),
        },
        AttendanceActionKind::Complete => AttendanceAction::Complete { on: get("on") },
    })
}

/// An information-request step from its name and named fields.
pub fn info_action_named(
    name: &str,
    get: impl Fn(&str) -> String,
) -> Result<InfoAction, FieldError> {
    Ok(match InfoActionKind::from_name(name)? {
        InfoActionKind::Assess => InfoAction::Assess {
            on: get("on"),
            basis: get("basis"),
            reason: get("reason"),
            personal_data: get("personal-data"),
        },
        InfoActionKind::RecordConsent => InfoAction::RecordConsent { on: get("on") },
        InfoActionKind::GrantToView => InfoAction::GrantToView {
            on: get("on"),
            public_domain: get("public-domain"),
        },
        InfoActionKind::GrantWithCopies => InfoAction::GrantWithCopies {
            on: get("on"),
            public_domain: get("public-domain"),
            restricted_papers: get("restricted-papers"),
        },
        InfoActionKind::Refuse => InfoAction::Refuse {
            on: get("on"),
            reason: get("reason"),
            rule: get("rule"),
        },
        InfoActionKind::Close => InfoAction::Close { on: get("on") },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_build_from_named_fields() {
        let get = |k: &str| match k {
            "on" => "2026-11-01".to_string(),
            "facts" | "options" | "no-politics" | "no-recommendation" => "yes".to_string(),
            "group" => "Green".to_string(),
            _ => String::new(),
        };
        assert_eq!(
            report_action_named("Tell_Group", get).unwrap(),
            ReportAction::TellGroup {
                group: "Green".into(),
                on: "2026-11-01".into()
            }
        );
        assert!(matches!(
            report_action_named("prepare", get).unwrap(),
            ReportAction::Prepare {
                states_facts: true,
                no_recommendation: true,
                ..
            }
        ));
        assert!(report_action_named("prepare", |_| "maybe".into()).is_err());
        assert!(attendance_action_named("attended", get).is_ok());
        assert!(info_action_named("frobnicate", get)
            .unwrap_err()
            .message
            .contains("assess"));
    }
}
