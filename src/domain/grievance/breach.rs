//! R-E3: the categories of protocol breach, each with the clause it rests on.

use serde::{Deserialize, Serialize};

use crate::domain::rules::{Cite, FieldError};

/// Every R-E3 category in RULES.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachCategory {
    /// Undue pressure on, or bullying of, an officer.
    UnduePressure,
    /// An individual member instructing an officer or managing day-to-day work.
    MemberInstructingOfficer,
    /// An employee's conduct or capability raised at a meeting held in public.
    ConductRaisedInPublic,
    /// An officer criticising a member at a meeting held in public.
    OfficerCriticisedMemberInPublic,
    /// Council resources used for personal or party-political purposes.
    ResourcesMisused,
    /// A member negotiating with third parties as if binding the council.
    NegotiatingAsIfBinding,
    /// A letter creating obligations sent under a member's name.
    LetterUnderMembersName,
    /// An officer drawn into party-political debate or group meetings.
    OfficerDrawnIntoPolitics,
    /// An officer seeking a member's support in an employment dispute.
    OfficerSoughtMemberSupport,
    /// A close relationship between a member and an officer not declared.
    UndeclaredRelationship,
    /// Confidential information misused.
    ConfidentialInformationMisused,
}

impl BreachCategory {
    pub const ALL: [BreachCategory; 11] = [
        BreachCategory::UnduePressure,
        BreachCategory::MemberInstructingOfficer,
        BreachCategory::ConductRaisedInPublic,
        BreachCategory::OfficerCriticisedMemberInPublic,
        BreachCategory::ResourcesMisused,
        BreachCategory::NegotiatingAsIfBinding,
        BreachCategory::LetterUnderMembersName,
        BreachCategory::OfficerDrawnIntoPolitics,
        BreachCategory::OfficerSoughtMemberSupport,
        BreachCategory::UndeclaredRelationship,
        BreachCategory::ConfidentialInformationMisused,
    ];

    /// The clause behind the category, as RULES.md R-E3 lists it.
    pub fn clause(self) -> &'static str {
        match self {
            BreachCategory::UnduePressure => "BOR §3.1–3.2, CAV §3.2f",
            BreachCategory::MemberInstructingOfficer => "LLTC §8.3, CAV §2.2, TWY §2.2.3, BOR §6.1",
            BreachCategory::ConductRaisedInPublic => "BOR §2.7",
            BreachCategory::OfficerCriticisedMemberInPublic => "BOR §2.8",
            BreachCategory::ResourcesMisused => "BOR §5.1, LLTC §6.3",
            BreachCategory::NegotiatingAsIfBinding => "BOR §6.2",
            BreachCategory::LetterUnderMembersName => "BOR §7.2",
            BreachCategory::OfficerDrawnIntoPolitics => "LLTC §7.4, BOR §2.3",
            BreachCategory::OfficerSoughtMemberSupport => "LLTC §8.4",
            BreachCategory::UndeclaredRelationship => "BOR §2.11, LLTC §7.7",
            BreachCategory::ConfidentialInformationMisused => "BOR §4.2, LLTC App A",
        }
    }

    pub fn cite(self) -> Cite {
        Cite::new("R-E3", self.clause())
    }

    pub fn label(self) -> &'static str {
        match self {
            BreachCategory::UnduePressure => "undue pressure or bullying of an officer",
            BreachCategory::MemberInstructingOfficer => "a member instructing an officer",
            BreachCategory::ConductRaisedInPublic => "an employee's conduct raised in public",
            BreachCategory::OfficerCriticisedMemberInPublic => {
                "an officer criticising a member in public"
            }
            BreachCategory::ResourcesMisused => "council resources used for personal or party ends",
            BreachCategory::NegotiatingAsIfBinding => "negotiating as if binding the council",
            BreachCategory::LetterUnderMembersName => "a binding letter under a member's name",
            BreachCategory::OfficerDrawnIntoPolitics => "an officer drawn into party politics",
            BreachCategory::OfficerSoughtMemberSupport => "an officer seeking a member's support",
            BreachCategory::UndeclaredRelationship => "an undeclared close relationship",
            BreachCategory::ConfidentialInformationMisused => "confidential information misused",
        }
    }

    /// A short key a clerk can type (`pressure`, `instructing`, …); the label works too.
    pub fn key(self) -> &'static str {
        match self {
            BreachCategory::UnduePressure => "pressure",
            BreachCategory::MemberInstructingOfficer => "instructing",
            BreachCategory::ConductRaisedInPublic => "conduct-in-public",
            BreachCategory::OfficerCriticisedMemberInPublic => "criticism-in-public",
            BreachCategory::ResourcesMisused => "resources",
            BreachCategory::NegotiatingAsIfBinding => "negotiating",
            BreachCategory::LetterUnderMembersName => "letter",
            BreachCategory::OfficerDrawnIntoPolitics => "politics",
            BreachCategory::OfficerSoughtMemberSupport => "support",
            BreachCategory::UndeclaredRelationship => "relationship",
            BreachCategory::ConfidentialInformationMisused => "confidential",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let wanted = raw.trim().to_lowercase();
        BreachCategory::ALL
            .into_iter()
            .find(|c| c.key() == wanted || c.label().to_lowercase() == wanted)
            .ok_or_else(|| {
                let keys: Vec<&str> = BreachCategory::ALL.iter().map(|c| c.key()).collect();
                FieldError::new(
                    field,
                    format!(
                        "'{}' is not a breach category ({})",
                        raw.trim(),
                        keys.join(", ")
                    ),
                )
            })
    }
}
