//! R-E3: the categories of protocol breach, each with the clause it rests on.

use serde::{Deserialize, Serialize};

use crate::domain::council::Office;
use crate::domain::profile::GroupMeetingPolicy;
use crate::domain::rules::{Cite, FieldError, Refusal};
use crate::domain::Context;

use super::PersonRef;

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
    // New categories go at the end: stored cases name their category by position.
    /// An officer victimised for doing their job.
    VictimisingOfficer,
    /// A statutory officer (the Proper Officer, the RFO) obstructed in their duties.
    ObstructingStatutoryOfficer,
    /// An officer pressed to change a recommendation or advice.
    PressingToChangeRecommendation,
    /// A chair or vice-chair asking an officer for party-political or compromising work.
    ChairAskingCompromisingWork,
    /// Junior staff asked to act beyond their authority.
    JuniorStaffBeyondAuthority,
    /// An officer taking personal issues to members outside the agreed procedures.
    PersonalIssuesOutsideProcedures,
    /// A position or relationship used for personal gain or improper influence.
    PositionUsedForGain,
    /// An officer implying a power to bind the council.
    OfficerImplyingPowerToBind,
    /// Council notepaper used privately, or a letter under a member's name giving instructions.
    NotepaperOrInstructingLetter,
    /// Political or off-topic discussion in officer briefings.
    PoliticsInBriefings,
    /// An officer at a political group meeting, where the council's protocol says officers are
    /// not expected there (LLTC §7.4) or only with the head of paid service's agreement (BOR §2.3).
    OfficerAtGroupMeeting,
}

impl BreachCategory {
    pub const ALL: [BreachCategory; 22] = [
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
        BreachCategory::VictimisingOfficer,
        BreachCategory::ObstructingStatutoryOfficer,
        BreachCategory::PressingToChangeRecommendation,
        BreachCategory::ChairAskingCompromisingWork,
        BreachCategory::JuniorStaffBeyondAuthority,
        BreachCategory::PersonalIssuesOutsideProcedures,
        BreachCategory::PositionUsedForGain,
        BreachCategory::OfficerImplyingPowerToBind,
        BreachCategory::NotepaperOrInstructingLetter,
        BreachCategory::PoliticsInBriefings,
        BreachCategory::OfficerAtGroupMeeting,
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
            BreachCategory::VictimisingOfficer => "TWY §2.4",
            BreachCategory::ObstructingStatutoryOfficer => "CAV/WEN §2.5, LLTC §4.6",
            BreachCategory::PressingToChangeRecommendation => "CAV/WEN §2.5, TWY §2.4, BOR §3.1",
            BreachCategory::ChairAskingCompromisingWork => "CAV/WEN §2.3, TWY §2.3",
            BreachCategory::JuniorStaffBeyondAuthority => "CAV/WEN §3.2f, LLTC §8.2",
            BreachCategory::PersonalIssuesOutsideProcedures => {
                "CAV/WEN §3.1k, TWY §3.1, LLTC §5.11"
            }
            BreachCategory::PositionUsedForGain => "CAV/WEN §3.1l, §3.2g, LLTC §5.12, §5.21",
            BreachCategory::OfficerImplyingPowerToBind => "BOR §6.2",
            BreachCategory::NotepaperOrInstructingLetter => "BOR §7.2",
            BreachCategory::PoliticsInBriefings => "LLTC §7.8",
            BreachCategory::OfficerAtGroupMeeting => "LLTC §7.4, BOR §2.3",
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
            BreachCategory::VictimisingOfficer => "an officer victimised for doing their job",
            BreachCategory::ObstructingStatutoryOfficer => "a statutory officer obstructed",
            BreachCategory::PressingToChangeRecommendation => {
                "an officer pressed to change a recommendation"
            }
            BreachCategory::ChairAskingCompromisingWork => {
                "a chair asking for political or compromising work"
            }
            BreachCategory::JuniorStaffBeyondAuthority => {
                "junior staff asked beyond their authority"
            }
            BreachCategory::PersonalIssuesOutsideProcedures => {
                "an officer's personal issues taken to members outside the procedures"
            }
            BreachCategory::PositionUsedForGain => "a position or relationship used for gain",
            BreachCategory::OfficerImplyingPowerToBind => "an officer implying power to bind",
            BreachCategory::NotepaperOrInstructingLetter => {
                "council notepaper used privately, or a letter giving instructions"
            }
            BreachCategory::PoliticsInBriefings => "political talk in officer briefings",
            BreachCategory::OfficerAtGroupMeeting => "an officer at a political group meeting",
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
            BreachCategory::VictimisingOfficer => "victimising",
            BreachCategory::ObstructingStatutoryOfficer => "obstructing",
            BreachCategory::PressingToChangeRecommendation => "recommendation",
            BreachCategory::ChairAskingCompromisingWork => "chair-request",
            BreachCategory::JuniorStaffBeyondAuthority => "beyond-authority",
            BreachCategory::PersonalIssuesOutsideProcedures => "personal-issues",
            BreachCategory::PositionUsedForGain => "gain",
            BreachCategory::OfficerImplyingPowerToBind => "officer-binding",
            BreachCategory::NotepaperOrInstructingLetter => "notepaper",
            BreachCategory::PoliticsInBriefings => "briefing-politics",
            BreachCategory::OfficerAtGroupMeeting => "group-meeting",
        }
    }

    /// Whether the matter is a breach of this council's own protocol (R-E3: categories follow the
    /// profile). Under a protocol that lets an office-holder instruct an officer (BOR §6.3) such
    /// an instruction is no breach; an officer at a group meeting is a breach only where the
    /// protocol says officers are not expected there or need the head of paid service's
    /// agreement (LLTC §7.4, BOR §2.3), not where the Clerk may attend (CAV §4.3) or the protocol
    /// is silent.
    pub fn check(self, about: &PersonRef, ctx: &Context) -> Result<(), Refusal> {
        match self {
            BreachCategory::MemberInstructingOfficer => {
                let (Some(clause), PersonRef::Member(member)) =
                    (&ctx.profile.office_holders_may_instruct, about)
                else {
                    return Ok(());
                };
                let chairs: Vec<String> = ctx
                    .council
                    .offices
                    .iter()
                    .filter(|t| {
                        t.holder == *member
                            && matches!(
                                t.office,
                                Office::Chairman
                                    | Office::Leader
                                    | Office::StaffingChair
                                    | Office::TownMayor
                                    | Office::CommitteeChair
                            )
                            && t.from <= ctx.today
                            && t.to.is_none_or(|to| ctx.today <= to)
                    })
                    .map(|t| ctx.council.term_label(t))
                    .collect();
                if chairs.is_empty() {
                    return Ok(());
                }
                Err(Refusal::new(
                    "R-E3",
                    clause,
                    format!(
                        "{} holds office ({}): under the council's protocol an office-holder may \
                         give an officer instructions, and the officer checks capacity with their \
                         line manager, so this is no breach",
                        about.name(ctx),
                        chairs.join(", ")
                    ),
                ))
            }
            BreachCategory::OfficerAtGroupMeeting => match ctx.profile.group_meetings {
                GroupMeetingPolicy::NotExpected
                | GroupMeetingPolicy::WithHeadOfPaidServiceAgreement => Ok(()),
                GroupMeetingPolicy::ClerkMayAttend | GroupMeetingPolicy::NotCovered => {
                    Err(Refusal::new(
                        "R-E3",
                        &ctx.profile.group_meetings_clause,
                        format!(
                            "an officer at a group meeting is no breach under the council's \
                             protocol ({}); record the attendance under R-G3 instead",
                            ctx.profile.group_meetings.label()
                        ),
                    ))
                }
            },
            _ => Ok(()),
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
