//! Protocol profiles: which role handles what under each model of member/officer protocol
//! (`shared/protocols/README.md`). Profiles are data in `assets/protocols/`; the domain only reads them,
//! so no council's arrangement is hard-coded.

use serde::{Deserialize, Serialize};

/// Someone the protocol can hand a matter to. Resolved against a council's office holders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Clerk,
    Chairman,
    ViceChairman,
    Leader,
    StaffingChair,
    TownMayor,
    MonitoringOfficer,
    /// The officer's own line manager (borough: Executive Director / Head of Service).
    LineManager,
    /// R-E1.7: where everyone the profile names is excluded, the council appoints an independent
    /// person for the case, recorded as such on it.
    IndependentPerson,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Clerk => "the Clerk",
            Role::Chairman => "the Chairman",
            Role::ViceChairman => "the Vice-Chairman",
            Role::Leader => "the Leader",
            Role::StaffingChair => "the Chair of the Staffing Committee",
            Role::TownMayor => "the Town Mayor (the Chairman)",
            Role::MonitoringOfficer => "the Monitoring Officer",
            Role::LineManager => "the officer's line manager",
            Role::IndependentPerson => "an independent person appointed by the council",
        }
    }
}

/// Who a matter goes to, in order, and the clause that says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routing {
    /// Handlers in the order the matter reaches them (toolkit: the Chair, then the Clerk).
    pub handlers: Vec<Role>,
    pub clause: String,
    /// The first step the protocol names, where it names one (R-E2.1, toolkit: raising the matter
    /// with the Clerk in the first instance, TWY §4.4).
    #[serde(default)]
    pub first_step: Option<String>,
}

/// R-G3/R-G4: what the protocol says about officers at political group meetings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupMeetingPolicy {
    /// The Clerk may attend, send a representative or decline; other groups are told (CAV §4.3).
    ClerkMayAttend,
    /// Officers are not expected to attend (LLTC §7.4).
    NotExpected,
    /// Not normally, unless the head of paid service agrees (BOR §2.3).
    WithHeadOfPaidServiceAgreement,
    /// The protocol is silent.
    NotCovered,
}

/// R-G1/R-G2/R-G4: reports prepared for a political group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupReportPolicy {
    /// Facts and options only; every other group told, copy on request (CAV §4.2).
    OtherGroupsTold,
    /// Confidential to the group; the facts behind it available to all members (BOR §2.4).
    ConfidentialFactsAvailable,
    NotCovered,
}

/// Working-day targets (R-E1.3, R-E1.6, R-I1, R-I5, R-O2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    pub hearing_working_days: u32,
    pub appeal_working_days: u32,
    pub enquiry_working_days: u32,
    pub foi_working_days: u32,
    pub protocol_briefing_working_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Short key stored with the council (`banbury`, `toolkit`, `town`, `borough`).
    pub id: String,
    pub name: String,
    /// Protocols this model is drawn from, by short name (CAV, WEN, TWY, LLTC, BOR).
    pub sources: Vec<String>,
    pub summary: String,
    /// R-E2.1: a member's concern about an officer other than the Clerk.
    pub member_concern: Routing,
    /// R-E2.1: a member's concern about the Clerk.
    pub member_concern_about_clerk: Routing,
    /// R-E1: an officer's grievance about a member.
    pub officer_grievance: Routing,
    /// R-E1.7: who takes the Clerk's steps when the Clerk is the complainant.
    pub clerk_complainant_holder: Role,
    /// R-E1.7: the chain of stand-ins, in order, for a handler, decider or step-taker who is a
    /// party, conflicted (R-D1) or not in post. Empty: `clerk_complainant_holder` alone.
    #[serde(default)]
    pub stand_ins: Vec<Role>,
    pub group_meetings: GroupMeetingPolicy,
    pub group_meetings_clause: String,
    pub group_reports: GroupReportPolicy,
    pub group_reports_clause: String,
    pub deadlines: Deadlines,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_labels_are_prose() {
        assert_eq!(
            Role::StaffingChair.label(),
            "the Chair of the Staffing Committee"
        );
    }
}
