//! Case actions by name, with their inputs as named fields: how the CLI (`case do REF ACTION
//! --on … --note …`) and the demo council's history speak to the state machine. One table, so
//! both faces and the data file agree on every name.

use super::actions::{CaseAction, CaseActionKind};
use crate::domain::rules::FieldError;

impl CaseActionKind {
    /// The name typed at the command line (`start-informal`, `appoint-panel` …).
    pub fn name(self) -> &'static str {
        match self {
            CaseActionKind::StartInformal => "start-informal",
            CaseActionKind::ResolveInformally => "resolve-informally",
            CaseActionKind::GoFormal => "go-formal",
            CaseActionKind::ConcernFormal => "concern-formal",
            CaseActionKind::AppointPanel => "appoint-panel",
            CaseActionKind::HoldHearing => "hold-hearing",
            CaseActionKind::ReferToMo => "refer-to-mo",
            CaseActionKind::RecordMoAnswer => "mo-answer",
            CaseActionKind::Decide => "decide",
            CaseActionKind::RecordStep => "record-step",
            CaseActionKind::StepNotApplicable => "step-not-applicable",
            CaseActionKind::LodgeAppeal => "lodge-appeal",
            CaseActionKind::Review => "review",
            CaseActionKind::Convert => "convert",
            CaseActionKind::Close => "close",
            CaseActionKind::AppointIndependent => "appoint-independent",
        }
    }

    /// The named fields the action reads (the first is its date where it has one).
    pub fn field_names(self) -> &'static [&'static str] {
        match self {
            CaseActionKind::StartInformal => &["on", "by", "note"],
            CaseActionKind::ResolveInformally => &["on", "note"],
            CaseActionKind::GoFormal => &["on", "skip-reason"],
            CaseActionKind::ConcernFormal => &["on", "route"],
            CaseActionKind::AppointPanel => &["members"],
            CaseActionKind::HoldHearing => &["on", "companion"],
            CaseActionKind::ReferToMo => &["on", "note"],
            CaseActionKind::RecordMoAnswer => &["on", "answer"],
            CaseActionKind::Decide => &["on", "outcome", "note"],
            CaseActionKind::RecordStep => &["step", "on", "note"],
            CaseActionKind::StepNotApplicable => &["step"],
            CaseActionKind::LodgeAppeal => &["on", "grounds"],
            CaseActionKind::Review => &["on", "note"],
            CaseActionKind::Convert => &["on"],
            CaseActionKind::Close => &["on", "note"],
            CaseActionKind::AppointIndependent => &["on", "by", "note"],
        }
    }

    pub fn from_name(name: &str) -> Result<CaseActionKind, FieldError> {
        let wanted = name.trim().to_lowercase().replace('_', "-");
        CaseActionKind::ALL
            .into_iter()
            .find(|k| k.name() == wanted)
            .ok_or_else(|| {
                let names: Vec<&str> = CaseActionKind::ALL.iter().map(|k| k.name()).collect();
                FieldError::new(
                    "action",
                    format!("'{}' is not an action ({})", name.trim(), names.join(", ")),
                )
            })
    }
}

impl CaseAction {
    /// Builds an action from named fields; a missing field is empty (the machine then says if it
    /// is needed). `convert_to` is the reference a converted breach's new case will take.
    pub fn from_named(
        kind: CaseActionKind,
        get: impl Fn(&str) -> String,
        convert_to: String,
    ) -> CaseAction {
        match kind {
            CaseActionKind::StartInformal => CaseAction::StartInformal {
                on: get("on"),
                by: get("by"),
                note: get("note"),
            },
            CaseActionKind::ResolveInformally => CaseAction::ResolveInformally {
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::GoFormal => CaseAction::GoFormal {
                written_on: get("on"),
                skip_reason: get("skip-reason"),
            },
            CaseActionKind::ConcernFormal => CaseAction::ConcernFormal {
                on: get("on"),
                route: get("route"),
            },
            CaseActionKind::AppointPanel => CaseAction::AppointPanel {
                members: get("members"),
            },
            CaseActionKind::HoldHearing => CaseAction::HoldHearing {
                on: get("on"),
                companion: get("companion"),
            },
            CaseActionKind::ReferToMo => CaseAction::ReferToMo {
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::RecordMoAnswer => CaseAction::RecordMoAnswer {
                on: get("on"),
                answer: get("answer"),
            },
            CaseActionKind::Decide => CaseAction::Decide {
                on: get("on"),
                outcome: get("outcome"),
                note: get("note"),
            },
            CaseActionKind::RecordStep => CaseAction::RecordStep {
                step: get("step"),
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::StepNotApplicable => {
                CaseAction::StepNotApplicable { step: get("step") }
            }
            CaseActionKind::LodgeAppeal => CaseAction::LodgeAppeal {
                on: get("on"),
                grounds: get("grounds"),
            },
            CaseActionKind::Review => CaseAction::Review {
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::Convert => CaseAction::Convert {
                reference: convert_to,
                on: get("on"),
            },
            CaseActionKind::Close => CaseAction::Close {
                on: get("on"),
                note: get("note"),
            },
            CaseActionKind::AppointIndependent => CaseAction::AppointIndependent {
                on: get("on"),
                by: get("by"),
                note: get("note"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for kind in CaseActionKind::ALL {
            assert_eq!(CaseActionKind::from_name(kind.name()).unwrap(), kind);
            let action = CaseAction::from_named(kind, |_| String::new(), "G-2026-009".into());
            assert_eq!(action.kind(), kind);
        }
        assert_eq!(
            CaseActionKind::from_name("Start_Informal").unwrap(),
            CaseActionKind::StartInformal
        );
        let err = CaseActionKind::from_name("promote").unwrap_err();
        assert!(err.message.contains("start-informal"), "{}", err.message);
    }

    #[test]
    fn named_fields_reach_the_action() {
        let get = |k: &str| match k {
            "on" => "2026-11-20".to_string(),
            "outcome" => "upheld".to_string(),
            _ => String::new(),
        };
        assert_eq!(
            CaseAction::from_named(CaseActionKind::Decide, get, String::new()),
            CaseAction::Decide {
                on: "2026-11-20".into(),
                outcome: "upheld".into(),
                note: String::new()
            }
        );
    }
}
