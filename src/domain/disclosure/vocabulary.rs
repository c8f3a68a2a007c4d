//! The register's words: the kinds of entry (relationships, interests), who declares and who is
//! told (R-D1), the notices a relationship needs, and the states an entry passes through.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::rules::{Cite, FieldError};

/// R-D1, R-D4: the clause cited for relationships and for keeping entries.
pub(super) const RELATIONSHIP_CLAUSE: &str = "BOR §2.11, LLTC §7.7";
/// R-M3: an interest not yet registered, disclosed at a meeting.
pub const MEETING_CLAUSE: &str = "Localism Act 2011 s31(2)–(3)";

/// Lower case, single spaces, no dashes or underscores: what the parsers compare.
pub(super) fn normalise(raw: &str) -> String {
    raw.trim()
        .to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// R-D1: how a member and an officer are connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    Family,
    Partner,
    Friendship,
    Business,
    Other,
}

impl RelationshipKind {
    pub const ALL: [RelationshipKind; 5] = [
        RelationshipKind::Family,
        RelationshipKind::Partner,
        RelationshipKind::Friendship,
        RelationshipKind::Business,
        RelationshipKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RelationshipKind::Family => "family relationship",
            RelationshipKind::Partner => "partner",
            RelationshipKind::Friendship => "friendship",
            RelationshipKind::Business => "business relationship",
            RelationshipKind::Other => "close relationship",
        }
    }

    fn words(self) -> &'static [&'static str] {
        match self {
            RelationshipKind::Family => &["family", "relative", "relation"],
            RelationshipKind::Partner => &["partner", "spouse", "civil partner"],
            RelationshipKind::Friendship => &["friendship", "friend"],
            RelationshipKind::Business => &["business"],
            RelationshipKind::Other => &["other", "close"],
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key = normalise(raw);
        RelationshipKind::ALL
            .into_iter()
            .find(|k| k.label() == key || k.words().contains(&key.as_str()))
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!(
                        "'{}' is not a kind of relationship (family, partner, friendship, \
                         business, other)",
                        raw.trim()
                    ),
                )
            })
    }
}

/// R-D2: the categories of disclosable pecuniary interest under the Localism Act 2011 s30 and the
/// regulations made under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DpiCategory {
    /// Employment, office, trade, profession or vocation.
    Employment,
    Sponsorship,
    Contracts,
    Land,
    Licences,
    CorporateTenancies,
    Securities,
}

impl DpiCategory {
    pub const ALL: [DpiCategory; 7] = [
        DpiCategory::Employment,
        DpiCategory::Sponsorship,
        DpiCategory::Contracts,
        DpiCategory::Land,
        DpiCategory::Licences,
        DpiCategory::CorporateTenancies,
        DpiCategory::Securities,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DpiCategory::Employment => "employment",
            DpiCategory::Sponsorship => "sponsorship",
            DpiCategory::Contracts => "contracts",
            DpiCategory::Land => "land",
            DpiCategory::Licences => "licences",
            DpiCategory::CorporateTenancies => "corporate tenancies",
            DpiCategory::Securities => "securities",
        }
    }

    fn words(self) -> &'static [&'static str] {
        match self {
            DpiCategory::Employment => &[
                "employment",
                "office",
                "trade",
                "profession",
                "vocation",
                "job",
            ],
            DpiCategory::Sponsorship => &["sponsorship", "sponsor"],
            DpiCategory::Contracts => &["contracts", "contract"],
            DpiCategory::Land => &["land"],
            DpiCategory::Licences => &["licences", "licence", "license", "licenses"],
            DpiCategory::CorporateTenancies => &[
                "corporate tenancies",
                "corporate tenancy",
                "tenancies",
                "tenancy",
            ],
            DpiCategory::Securities => &["securities", "security", "shares"],
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key = normalise(raw);
        DpiCategory::ALL
            .into_iter()
            .find(|c| c.words().contains(&key.as_str()))
            .ok_or_else(|| {
                let names: Vec<&str> = DpiCategory::ALL.iter().map(|c| c.label()).collect();
                FieldError::new(
                    field,
                    format!(
                        "'{}' is not a category of disclosable pecuniary interest ({})",
                        raw.trim(),
                        names.join(", ")
                    ),
                )
            })
    }
}

/// What an entry discloses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureKind {
    /// R-D1: a member and an officer.
    Relationship(RelationshipKind),
    /// R-D2: a disclosable pecuniary interest (Localism Act 2011 s30).
    PecuniaryInterest(DpiCategory),
    /// R-D2: another registerable interest under the council's code of conduct.
    OtherInterest,
    /// R-D3: an interest declared by a member asking for documents (`request_ref`).
    RequestInterest,
}

impl DisclosureKind {
    pub fn label(&self) -> &'static str {
        match self {
            DisclosureKind::Relationship(_) => "relationship",
            DisclosureKind::PecuniaryInterest(_) => "disclosable pecuniary interest",
            DisclosureKind::OtherInterest => "other registerable interest",
            DisclosureKind::RequestInterest => "interest declared with a request",
        }
    }

    /// The relationship kind or DPI category, as shown in the register; empty for the others.
    pub fn category(&self) -> &'static str {
        match self {
            DisclosureKind::Relationship(k) => k.label(),
            DisclosureKind::PecuniaryInterest(c) => c.label(),
            DisclosureKind::OtherInterest | DisclosureKind::RequestInterest => "",
        }
    }

    /// The rule and clause the entry rests on.
    pub fn cite(&self) -> Cite {
        match self {
            DisclosureKind::Relationship(_) => Cite::new("R-D1", RELATIONSHIP_CLAUSE),
            DisclosureKind::PecuniaryInterest(_) => Cite::new("R-D2", "Localism Act 2011 s30"),
            DisclosureKind::OtherInterest => Cite::new("R-D2", "Localism Act 2011 s28"),
            DisclosureKind::RequestInterest => Cite::new("R-D3", "LLTC App A"),
        }
    }

    pub fn is_relationship(&self) -> bool {
        matches!(self, DisclosureKind::Relationship(_))
    }

    /// A DPI or other registerable interest: in the register of members' interests, may be withheld
    /// as sensitive (R-D2, s32) and has the R-M3 deadline.
    pub fn is_registerable_interest(&self) -> bool {
        matches!(
            self,
            DisclosureKind::PecuniaryInterest(_) | DisclosureKind::OtherInterest
        )
    }
}

/// The kind as typed, before its category is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum KindTag {
    Relationship,
    Pecuniary,
    Other,
    Request,
}

impl KindTag {
    pub(super) fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        match normalise(raw).as_str() {
            "relationship" | "r" => Ok(KindTag::Relationship),
            "pecuniary" | "pecuniary interest" | "disclosable pecuniary interest" | "dpi" | "p" => {
                Ok(KindTag::Pecuniary)
            }
            "other" | "other interest" | "other registerable interest" | "registerable" | "o" => {
                Ok(KindTag::Other)
            }
            "request" | "request interest" | "interest declared with a request" | "q" => {
                Ok(KindTag::Request)
            }
            _ => Err(FieldError::new(
                field,
                format!(
                    "'{}' is not a kind of disclosure (relationship, pecuniary, other, request)",
                    raw.trim()
                ),
            )),
        }
    }
}

/// Who declared the entry to the Clerk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Declarant {
    Member,
    Officer,
    Both,
}

impl Declarant {
    pub const ALL: [Declarant; 3] = [Declarant::Member, Declarant::Officer, Declarant::Both];

    pub fn label(self) -> &'static str {
        match self {
            Declarant::Member => "member",
            Declarant::Officer => "officer",
            Declarant::Both => "both",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        match normalise(raw).as_str() {
            "member" | "councillor" | "cllr" => Ok(Declarant::Member),
            "officer" | "staff" => Ok(Declarant::Officer),
            "both" => Ok(Declarant::Both),
            _ => Err(FieldError::new(
                field,
                format!("'{}' is not member, officer or both", raw.trim()),
            )),
        }
    }
}

/// R-D1: who told whom. The member tells their group leader and the Clerk or the Monitoring
/// Officer; the officer tells the Clerk or their manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotifiedParty {
    MemberToGroupLeader,
    MemberToClerk,
    MemberToMonitoringOfficer,
    OfficerToClerk,
    OfficerToManager,
    /// R-M3 (Localism Act 2011 s31(2)–(3)): the member disclosed a registerable interest at a
    /// meeting. Last, so records stored before it read unchanged.
    MemberAtMeeting,
}

impl NotifiedParty {
    pub const ALL: [NotifiedParty; 6] = [
        NotifiedParty::MemberToGroupLeader,
        NotifiedParty::MemberToClerk,
        NotifiedParty::MemberToMonitoringOfficer,
        NotifiedParty::OfficerToClerk,
        NotifiedParty::OfficerToManager,
        NotifiedParty::MemberAtMeeting,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NotifiedParty::MemberToGroupLeader => "member → group leader",
            NotifiedParty::MemberToClerk => "member → Clerk",
            NotifiedParty::MemberToMonitoringOfficer => "member → Monitoring Officer",
            NotifiedParty::OfficerToClerk => "officer → Clerk",
            NotifiedParty::OfficerToManager => "officer → manager",
            NotifiedParty::MemberAtMeeting => "member → disclosed at a meeting",
        }
    }

    /// Short code a clerk can type: `mg`, `mc`, `mm`, `oc`, `om`.
    pub fn code(self) -> &'static str {
        match self {
            NotifiedParty::MemberToGroupLeader => "mg",
            NotifiedParty::MemberToClerk => "mc",
            NotifiedParty::MemberToMonitoringOfficer => "mm",
            NotifiedParty::OfficerToClerk => "oc",
            NotifiedParty::OfficerToManager => "om",
            NotifiedParty::MemberAtMeeting => "mt",
        }
    }

    pub fn by_officer(self) -> bool {
        matches!(
            self,
            NotifiedParty::OfficerToClerk | NotifiedParty::OfficerToManager
        )
    }

    /// Accepts the label, the code, or words such as `member to group leader`, `officer manager`.
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key = normalise(raw);
        if let Some(p) = NotifiedParty::ALL
            .into_iter()
            .find(|p| normalise(p.label()) == key || p.code() == key)
        {
            return Ok(p);
        }
        if key.split_whitespace().any(|w| w == "meeting") {
            return Ok(NotifiedParty::MemberAtMeeting);
        }
        let key = key
            .replace("monitoring officer", "mo")
            .replace("group leader", "leader")
            .replace("line manager", "manager")
            .replace(['→', '>', ','], " ");
        let words: Vec<&str> = key.split_whitespace().filter(|w| *w != "to").collect();
        let from_member = matches!(words.first(), Some(&("member" | "councillor" | "cllr")));
        let from_officer = matches!(words.first(), Some(&("officer" | "staff")));
        let to = words.get(1).copied();
        let found = match (from_member, from_officer, to) {
            (true, _, Some("leader")) => Some(NotifiedParty::MemberToGroupLeader),
            (true, _, Some("clerk")) => Some(NotifiedParty::MemberToClerk),
            (true, _, Some("mo")) => Some(NotifiedParty::MemberToMonitoringOfficer),
            (_, true, Some("clerk")) => Some(NotifiedParty::OfficerToClerk),
            (_, true, Some("manager")) => Some(NotifiedParty::OfficerToManager),
            _ => None,
        };
        found.ok_or_else(|| {
            let names: Vec<String> = NotifiedParty::ALL
                .iter()
                .map(|p| format!("{} ({})", p.label(), p.code()))
                .collect();
            FieldError::new(
                field,
                format!("'{}' is not one of: {}", raw.trim(), names.join(", ")),
            )
        })
    }
}

/// A notification given, as recorded by the Clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub who: NotifiedParty,
    pub on: NaiveDate,
    pub in_writing: bool,
}

/// R-D1: a notification a relationship needs before it can become active.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequiredNotice {
    /// The member tells their group leader (not applicable to an independent member).
    MemberToGroupLeader,
    /// The member tells the Clerk or the Monitoring Officer.
    MemberToClerkOrMonitoringOfficer,
    /// The officer tells the Clerk or their manager, in writing.
    OfficerInWriting,
}

impl RequiredNotice {
    pub const ALL: [RequiredNotice; 3] = [
        RequiredNotice::MemberToGroupLeader,
        RequiredNotice::MemberToClerkOrMonitoringOfficer,
        RequiredNotice::OfficerInWriting,
    ];

    pub fn label(self) -> &'static str {
        match self {
            RequiredNotice::MemberToGroupLeader => "the member tells their group leader",
            RequiredNotice::MemberToClerkOrMonitoringOfficer => {
                "the member tells the Clerk or the Monitoring Officer"
            }
            RequiredNotice::OfficerInWriting => {
                "the officer tells the Clerk or their manager, in writing"
            }
        }
    }

    pub fn cite(self) -> Cite {
        Cite::new("R-D1", RELATIONSHIP_CLAUSE)
    }

    pub fn satisfied_by(self, n: &Notification) -> bool {
        match self {
            RequiredNotice::MemberToGroupLeader => n.who == NotifiedParty::MemberToGroupLeader,
            RequiredNotice::MemberToClerkOrMonitoringOfficer => matches!(
                n.who,
                NotifiedParty::MemberToClerk | NotifiedParty::MemberToMonitoringOfficer
            ),
            RequiredNotice::OfficerInWriting => n.who.by_officer() && n.in_writing,
        }
    }
}

/// Where one required notification stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeState {
    /// Given: the first notification that satisfies it.
    Done(Notification),
    Missing,
    /// Derived, with the reason (the member is independent, or leads their group).
    NotApplicable(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeStatus {
    pub notice: RequiredNotice,
    pub state: NoticeState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureState {
    Declared,
    Acknowledged,
    Active,
    /// The date and the reason are in [`Disclosure::ended`].
    Ended,
}

impl DisclosureState {
    pub fn label(self) -> &'static str {
        match self {
            DisclosureState::Declared => "declared",
            DisclosureState::Acknowledged => "acknowledged",
            DisclosureState::Active => "active",
            DisclosureState::Ended => "ended",
        }
    }
}
