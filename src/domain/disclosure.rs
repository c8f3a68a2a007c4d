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

mod spec;

use crate::domain::machine::inherent_spec_methods;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates;
use super::ids::{MemberId, OfficerId};
use super::member::{self, Member};
use super::officer::{OfficerState, Post};
use super::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use super::text;
use super::Context;

/// A description is a register entry, not a case file: 2,000 characters is plenty.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;

/// R-D1, R-D4: the clause cited for relationships and for keeping entries.
const RELATIONSHIP_CLAUSE: &str = "BOR §2.11, LLTC §7.7";

/// How a disclosure shows: `D-0007`.
pub fn reference(id: u32) -> String {
    format!("D-{id:04}")
}

/// Lower case, single spaces, no dashes or underscores: what the parsers compare.
fn normalise(raw: &str) -> String {
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
enum KindTag {
    Relationship,
    Pecuniary,
    Other,
    Request,
}

impl KindTag {
    fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
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
}

impl NotifiedParty {
    pub const ALL: [NotifiedParty; 5] = [
        NotifiedParty::MemberToGroupLeader,
        NotifiedParty::MemberToClerk,
        NotifiedParty::MemberToMonitoringOfficer,
        NotifiedParty::OfficerToClerk,
        NotifiedParty::OfficerToManager,
    ];

    pub fn label(self) -> &'static str {
        match self {
            NotifiedParty::MemberToGroupLeader => "member → group leader",
            NotifiedParty::MemberToClerk => "member → Clerk",
            NotifiedParty::MemberToMonitoringOfficer => "member → Monitoring Officer",
            NotifiedParty::OfficerToClerk => "officer → Clerk",
            NotifiedParty::OfficerToManager => "officer → manager",
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

/// One entry in the register. Never deleted (R-D4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    pub id: u32,
    pub kind: DisclosureKind,
    pub member: MemberId,
    /// The officer in a relationship; `None` for an interest.
    pub officer: Option<OfficerId>,
    pub description: String,
    /// R-D2 (Localism Act 2011 s32): withheld from the published register.
    pub sensitive: bool,
    pub declared_by: Declarant,
    pub declared_on: NaiveDate,
    /// R-M3: for a registerable interest, the day the member became aware of it (or of the change);
    /// `None` for the other kinds.
    pub aware_on: Option<NaiveDate>,
    pub notifications: Vec<Notification>,
    pub state: DisclosureState,
    pub acknowledged_on: Option<NaiveDate>,
    pub active_from: Option<NaiveDate>,
    /// R-D4: the last day the entry applied and why it ended. Set exactly when `state` is `Ended`.
    pub ended: Option<(NaiveDate, String)>,
    /// R-D3: the request for documents the interest was declared with.
    pub request_ref: Option<String>,
}

/// What the clerk typed for a new entry (TUI form, CLI, import), before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureInput {
    /// `relationship`, `pecuniary`, `other` or `request`.
    pub kind: String,
    /// The relationship kind (family, partner, friendship, business, other) or the DPI category.
    pub category: String,
    /// A member's name or reference (`M-003`).
    pub member: String,
    /// An officer's name or reference (`O-002`); relationships only.
    pub officer: String,
    pub description: String,
    /// `member`, `officer` or `both`; required for a relationship, `member` (or empty) otherwise.
    pub declared_by: String,
    pub declared_on: String,
    /// Registerable interests: the day the member became aware; empty means the declared date.
    pub aware_on: String,
    /// Request interests: the request's reference.
    pub request_ref: String,
}

impl DisclosureInput {
    pub fn from_disclosure(d: &Disclosure, ctx: &Context) -> Self {
        let kind = match d.kind {
            DisclosureKind::Relationship(_) => "relationship",
            DisclosureKind::PecuniaryInterest(_) => "pecuniary",
            DisclosureKind::OtherInterest => "other",
            DisclosureKind::RequestInterest => "request",
        };
        DisclosureInput {
            kind: kind.to_string(),
            category: d.kind.category().to_string(),
            member: member_name(d.member, ctx),
            officer: d.officer.map(|o| officer_name(o, ctx)).unwrap_or_default(),
            description: d.description.clone(),
            declared_by: d.declared_by.label().to_string(),
            declared_on: dates::show(d.declared_on),
            aware_on: d.aware_on.map(dates::show).unwrap_or_default(),
            request_ref: d.request_ref.clone().unwrap_or_default(),
        }
    }
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

/// What can be done to an entry; the key bar shows exactly `available()`. There is no delete
/// (R-D4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DisclosureActionKind {
    RecordNotification,
    Acknowledge,
    Activate,
    MarkSensitive,
    End,
    Edit,
}

impl DisclosureActionKind {
    pub const ALL: [DisclosureActionKind; 6] = [
        DisclosureActionKind::RecordNotification,
        DisclosureActionKind::Acknowledge,
        DisclosureActionKind::Activate,
        DisclosureActionKind::MarkSensitive,
        DisclosureActionKind::End,
        DisclosureActionKind::Edit,
    ];
}

inherent_spec_methods!(DisclosureActionKind);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisclosureAction {
    /// `who`: a [`NotifiedParty`] label, code or words; `on`: a date.
    RecordNotification {
        who: String,
        on: String,
        in_writing: bool,
    },
    Acknowledge {
        on: String,
    },
    Activate {
        from: String,
    },
    /// R-D2 (s32): why the interest is withheld from the published register.
    MarkSensitive {
        reason: String,
    },
    /// R-D4: `on` is the last day the entry applied.
    End {
        on: String,
        reason: String,
    },
    Edit {
        description: String,
    },
}

impl DisclosureAction {
    pub fn kind(&self) -> DisclosureActionKind {
        match self {
            DisclosureAction::RecordNotification { .. } => DisclosureActionKind::RecordNotification,
            DisclosureAction::Acknowledge { .. } => DisclosureActionKind::Acknowledge,
            DisclosureAction::Activate { .. } => DisclosureActionKind::Activate,
            DisclosureAction::MarkSensitive { .. } => DisclosureActionKind::MarkSensitive,
            DisclosureAction::End { .. } => DisclosureActionKind::End,
            DisclosureAction::Edit { .. } => DisclosureActionKind::Edit,
        }
    }
}

/// The result of an accepted action: the entry as it now is, and what to say in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureEvent {
    pub disclosure: Disclosure,
    pub action: &'static str,
    pub note: Option<String>,
}

impl Disclosure {
    /// Validates a new entry. `id` is the next free number, chosen by the store; `existing` is the
    /// register as it stands (for the duplicate check).
    pub fn create(
        id: u32,
        input: &DisclosureInput,
        existing: &[Disclosure],
        ctx: &Context,
    ) -> Result<Disclosure, Rejection> {
        let f = validate(input, ctx)?;
        if let (DisclosureKind::Relationship(_), Some(officer)) = (f.kind, f.officer) {
            if let Some(open) = existing.iter().find(|d| {
                d.kind.is_relationship()
                    && d.member == f.member
                    && d.officer == Some(officer)
                    && d.state != DisclosureState::Ended
            }) {
                return Err(Refusal::new(
                    "R-D1",
                    RELATIONSHIP_CLAUSE,
                    format!(
                        "{} already records a {} between {} and {} ({}): record notifications on \
                         it, or end it before declaring another",
                        open.reference(),
                        open.kind.category(),
                        member_name(f.member, ctx),
                        officer_name(officer, ctx),
                        open.state.label()
                    ),
                )
                .into());
            }
        }
        Ok(Disclosure {
            id,
            kind: f.kind,
            member: f.member,
            officer: f.officer,
            description: f.description,
            sensitive: false,
            declared_by: f.declared_by,
            declared_on: f.declared_on,
            aware_on: f.aware_on,
            notifications: Vec::new(),
            state: DisclosureState::Declared,
            acknowledged_on: None,
            active_from: None,
            ended: None,
            request_ref: f.request_ref,
        })
    }

    /// `D-0007`.
    pub fn reference(&self) -> String {
        reference(self.id)
    }

    /// Whether the entry applies on `day`: until and including its last day once ended. A declared
    /// or acknowledged entry applies as much as an active one (R-D1: never hidden).
    pub fn applies_on(&self, day: NaiveDate) -> bool {
        self.ended.as_ref().is_none_or(|(last, _)| day <= *last)
    }

    /// One line for a conflict: `friendship with O-002: neighbours for years`.
    pub fn conflict_summary(&self) -> String {
        let with = self.officer.map(|o| o.to_string()).unwrap_or_default();
        let what = match self.kind {
            DisclosureKind::Relationship(k) => format!("{} with {with}", k.label()),
            other => other.label().to_string(),
        };
        format!("{what}: {}", excerpt(&self.description, 80))
    }

    /// R-D1: the notifications this entry needs and where each stands. Only a relationship needs
    /// any. The group leader is derived from the council: not applicable to an independent member
    /// or to the group's own leader, with the reason.
    pub fn notices(&self, ctx: &Context) -> Vec<NoticeStatus> {
        if !self.kind.is_relationship() {
            return Vec::new();
        }
        RequiredNotice::ALL
            .into_iter()
            .map(|notice| {
                let not_applicable = match notice {
                    RequiredNotice::MemberToGroupLeader => self.group_leader_not_applicable(ctx),
                    _ => None,
                };
                let state = match not_applicable {
                    Some(reason) => NoticeState::NotApplicable(reason),
                    None => self
                        .notifications
                        .iter()
                        .find(|n| notice.satisfied_by(n))
                        .map(|n| NoticeState::Done(n.clone()))
                        .unwrap_or(NoticeState::Missing),
                };
                NoticeStatus { notice, state }
            })
            .collect()
    }

    /// R-D1: the notifications still to be given. Any at all and the entry is incomplete.
    pub fn missing_notifications(&self, ctx: &Context) -> Vec<RequiredNotice> {
        self.notices(ctx)
            .into_iter()
            .filter(|s| s.state == NoticeState::Missing)
            .map(|s| s.notice)
            .collect()
    }

    pub fn is_incomplete(&self, ctx: &Context) -> bool {
        !self.missing_notifications(ctx).is_empty()
    }

    /// Why the member has no group leader to tell, when that is so.
    fn group_leader_not_applicable(&self, ctx: &Context) -> Option<String> {
        let member = ctx.member(self.member)?;
        match member.group {
            None => Some(format!(
                "{} is independent: there is no group leader to tell",
                member.name
            )),
            Some(g) => {
                let group = ctx.council.group(g)?;
                (group.leader == Some(member.id)).then(|| {
                    format!(
                        "{} leads the {} group: there is no other group leader to tell",
                        member.name, group.name
                    )
                })
            }
        }
    }

    /// What may be done now: exactly what the key bar offers and `apply` accepts.
    pub fn available(&self, ctx: &Context) -> Vec<DisclosureActionKind> {
        DisclosureActionKind::ALL
            .into_iter()
            .filter(|k| self.allows(*k, ctx))
            .collect()
    }

    fn allows(&self, kind: DisclosureActionKind, ctx: &Context) -> bool {
        use DisclosureActionKind as K;
        use DisclosureState as S;
        match (self.state, kind) {
            (S::Ended, _) => false,
            (_, K::RecordNotification | K::End) => true,
            (S::Declared, K::Acknowledge) => true,
            // R-D1: not while a notification the entry needs is missing.
            (S::Acknowledged, K::Activate) => self.missing_notifications(ctx).is_empty(),
            (_, K::MarkSensitive) => self.kind.is_registerable_interest() && !self.sensitive,
            (S::Declared | S::Acknowledged, K::Edit) => true,
            _ => false,
        }
    }

    pub fn apply(
        &self,
        action: DisclosureAction,
        ctx: &Context,
    ) -> Result<DisclosureEvent, Rejection> {
        if !self.allows(action.kind(), ctx) {
            return Err(self.not_now(action.kind(), ctx).into());
        }
        let mut d = self.clone();
        let (name, note) = match action {
            DisclosureAction::RecordNotification {
                who,
                on,
                in_writing,
            } => {
                let mut errors = FieldErrors::default();
                let who = errors.keep(
                    NotifiedParty::parse("notified", &who).and_then(|p| self.check_party(p, ctx)),
                );
                let on = errors.keep(self.recorded_date("told on", &on, true, ctx));
                let (Some(who), Some(on)) = (who, on) else {
                    return Err(errors.0.into());
                };
                d.notifications.push(Notification {
                    who,
                    on,
                    in_writing,
                });
                let note = if who.by_officer() && !in_writing {
                    format!(
                        "{} on {}, not in writing: the officer's notification still has to be \
                         in writing (R-D1, {RELATIONSHIP_CLAUSE})",
                        who.label(),
                        dates::show(on)
                    )
                } else {
                    format!("{} on {}", who.label(), dates::show(on))
                };
                ("notification recorded", Some(note))
            }
            DisclosureAction::Acknowledge { on } => {
                let on = self.recorded_date("acknowledged on", &on, false, ctx)?;
                d.acknowledged_on = Some(on);
                d.state = DisclosureState::Acknowledged;
                ("acknowledged by the Clerk", None)
            }
            DisclosureAction::Activate { from } => {
                let missing = self.missing_notifications(ctx);
                if !missing.is_empty() {
                    let list: Vec<&str> = missing.iter().map(|m| m.label()).collect();
                    return Err(Refusal::new(
                        "R-D1",
                        RELATIONSHIP_CLAUSE,
                        format!(
                            "{} cannot become active while notifications are missing: {}",
                            self.reference(),
                            list.join("; ")
                        ),
                    )
                    .into());
                }
                let from = self.recorded_date("active from", &from, false, ctx)?;
                d.active_from = Some(from);
                d.state = DisclosureState::Active;
                ("made active", None)
            }
            DisclosureAction::MarkSensitive { reason } => {
                let reason = text::required_name("reason", &reason)?;
                d.sensitive = true;
                (
                    "withheld from the published register",
                    Some(format!("{reason} (R-D2, Localism Act 2011 s32)")),
                )
            }
            DisclosureAction::End { on, reason } => {
                let mut errors = FieldErrors::default();
                let on = errors.keep(self.recorded_date("last day", &on, false, ctx));
                let reason = errors.keep(text::required_name("reason", &reason));
                let (Some(on), Some(reason)) = (on, reason) else {
                    return Err(errors.0.into());
                };
                d.state = DisclosureState::Ended;
                d.ended = Some((on, reason.clone()));
                ("ended", Some(reason))
            }
            DisclosureAction::Edit { description } => {
                d.description = validate_description(&description)?;
                ("description edited", None)
            }
        };
        Ok(DisclosureEvent {
            disclosure: d,
            action: name,
            note,
        })
    }

    /// A date the Clerk records for this entry: not before the latest date already recorded on it
    /// (the declaration first of all) and not in the future.
    fn recorded_date(
        &self,
        field: &'static str,
        raw: &str,
        declaration_only: bool,
        ctx: &Context,
    ) -> Result<NaiveDate, FieldError> {
        let day = dates::parse_date(field, raw)?;
        let floors = [
            (Some(self.declared_on), "it was declared"),
            (self.acknowledged_on, "it was acknowledged"),
            (self.active_from, "it became active"),
        ];
        // A notification only has to follow the declaration.
        let floors = if declaration_only {
            &floors[..1]
        } else {
            &floors[..]
        };
        if let Some((floor, what)) = floors
            .iter()
            .filter_map(|(d, what)| d.map(|d| (d, *what)))
            .filter(|(d, _)| day < *d)
            .max_by_key(|(d, _)| *d)
        {
            return Err(FieldError::new(
                field,
                format!("is before {what} ({})", dates::show(floor)),
            ));
        }
        if day > ctx.today {
            return Err(FieldError::new(field, "is in the future"));
        }
        Ok(day)
    }

    /// Whether `party` can notify for this entry (R-D1).
    fn check_party(
        &self,
        party: NotifiedParty,
        ctx: &Context,
    ) -> Result<NotifiedParty, FieldError> {
        let field = "notified";
        if !self.kind.is_relationship()
            && !matches!(
                party,
                NotifiedParty::MemberToClerk | NotifiedParty::MemberToMonitoringOfficer
            )
        {
            return Err(FieldError::new(
                field,
                format!(
                    "a member's {} is notified to the Clerk or the Monitoring Officer",
                    self.kind.label()
                ),
            ));
        }
        if party == NotifiedParty::MemberToGroupLeader {
            if let Some(reason) = self.group_leader_not_applicable(ctx) {
                return Err(FieldError::new(field, format!("not applicable: {reason}")));
            }
        }
        if party == NotifiedParty::OfficerToClerk {
            if let Some(o) = self.officer.and_then(|o| ctx.officer(o)) {
                if o.post == Post::Clerk {
                    return Err(FieldError::new(
                        field,
                        format!(
                            "{} is the Clerk: the notification goes to their manager (the \
                             council, through its staffing committee)",
                            o.name
                        ),
                    ));
                }
            }
        }
        Ok(party)
    }

    /// Why `kind` cannot be done now, with the rule it would break.
    pub fn not_now(&self, kind: DisclosureActionKind, ctx: &Context) -> Refusal {
        use DisclosureActionKind as K;
        let r = self.reference();
        if let Some((last, reason)) = &self.ended {
            return Refusal::new(
                "R-D4",
                "BOR §2.11",
                format!(
                    "{r} ended on {} ({reason}); entries are kept as history, never changed or \
                     deleted, so it cannot {}",
                    dates::show(*last),
                    kind.label()
                ),
            );
        }
        let cite = self.kind.cite();
        let refuse = |reason: String| Refusal::new(&cite.rule, &cite.clause, reason);
        match kind {
            K::MarkSensitive if !self.kind.is_registerable_interest() => Refusal::new(
                "R-D2",
                "Localism Act 2011 s32",
                format!(
                    "only a member's pecuniary or other registerable interest can be withheld \
                     from the published register; {r} is a {}",
                    self.kind.label()
                ),
            ),
            K::MarkSensitive => Refusal::new(
                "R-D2",
                "Localism Act 2011 s32",
                format!("{r} is already withheld from the published register"),
            ),
            K::Acknowledge => refuse(format!(
                "{r} was already acknowledged on {}",
                self.acknowledged_on.map(dates::show).unwrap_or_default()
            )),
            K::Activate if self.state == DisclosureState::Declared => refuse(format!(
                "the Clerk acknowledges {r} before it becomes active"
            )),
            K::Activate if self.state == DisclosureState::Acknowledged => {
                let missing: Vec<&str> = self
                    .missing_notifications(ctx)
                    .iter()
                    .map(|m| m.label())
                    .collect();
                Refusal::new(
                    "R-D1",
                    RELATIONSHIP_CLAUSE,
                    format!(
                        "{r} cannot become active while notifications are missing: {}",
                        missing.join("; ")
                    ),
                )
            }
            K::Activate => refuse(format!(
                "{r} is already active (from {})",
                self.active_from.map(dates::show).unwrap_or_default()
            )),
            K::Edit => Refusal::new(
                "R-D4",
                "BOR §2.11",
                format!(
                    "{r} is active: its description stands as registered; end it with a reason \
                     and declare afresh"
                ),
            ),
            K::RecordNotification | K::End => refuse(format!("{r} cannot {} now", kind.label())),
        }
    }

    /// Field by field, for audit summaries.
    pub fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        let notifications: Vec<String> = self
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
        vec![
            ("kind", self.kind.label().to_string()),
            ("category", self.kind.category().to_string()),
            ("member", member_name(self.member, ctx)),
            (
                "officer",
                self.officer
                    .map(|o| officer_name(o, ctx))
                    .unwrap_or_default(),
            ),
            ("description", self.description.clone()),
            (
                "sensitive",
                if self.sensitive { "yes" } else { "no" }.to_string(),
            ),
            ("declared by", self.declared_by.label().to_string()),
            ("declared on", dates::show(self.declared_on)),
            (
                "aware on",
                self.aware_on.map(dates::show).unwrap_or_default(),
            ),
            ("notifications", notifications.join("; ")),
            ("state", self.state.label().to_string()),
            (
                "acknowledged on",
                self.acknowledged_on.map(dates::show).unwrap_or_default(),
            ),
            (
                "active from",
                self.active_from.map(dates::show).unwrap_or_default(),
            ),
            (
                "ended",
                self.ended
                    .as_ref()
                    .map(|(d, _)| dates::show(*d))
                    .unwrap_or_default(),
            ),
            (
                "end reason",
                self.ended
                    .as_ref()
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default(),
            ),
            ("request", self.request_ref.clone().unwrap_or_default()),
        ]
    }
}

fn excerpt(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

fn validate_description(raw: &str) -> Result<String, FieldError> {
    let value = text::note("description", raw)?;
    let value = value.trim().to_string();
    if value.is_empty() {
        return Err(FieldError::new("description", "must not be empty"));
    }
    let count = value.chars().count();
    if count > MAX_DESCRIPTION_CHARS {
        return Err(FieldError::new(
            "description",
            format!("is {count} characters long; the limit is {MAX_DESCRIPTION_CHARS}"),
        ));
    }
    Ok(value)
}

/// A person named in a form, resolved to a member or an officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Person {
    Member(MemberId),
    Officer(OfficerId),
}

/// Finds a member or an officer by name (ignoring case) or by reference. A bare number is read as
/// the kind the field asks for.
fn resolve_person(
    field: &'static str,
    raw: &str,
    want_member: bool,
    ctx: &Context,
) -> Result<Person, FieldError> {
    let wanted = raw.trim();
    let want = if want_member { "member" } else { "officer" };
    if wanted.is_empty() {
        return Err(FieldError::new(
            field,
            format!("name the {want} (name or reference)"),
        ));
    }
    let explicit = wanted.chars().any(|c| c.is_alphabetic());
    let member_ref = wanted
        .parse::<MemberId>()
        .ok()
        .filter(|_| explicit || want_member);
    let officer_ref = wanted
        .parse::<OfficerId>()
        .ok()
        .filter(|_| explicit || !want_member);
    let members: Vec<&Member> = ctx
        .members
        .iter()
        .filter(|m| Some(m.id) == member_ref || m.name.eq_ignore_ascii_case(wanted))
        .collect();
    let officers: Vec<_> = ctx
        .officers
        .iter()
        .filter(|o| Some(o.id) == officer_ref || o.name.eq_ignore_ascii_case(wanted))
        .collect();
    match (want_member, members.as_slice(), officers.as_slice()) {
        (true, [m], _) if m.term_end.is_some_and(|end| end < ctx.today) => Err(FieldError::new(
            field,
            format!("{} ({}) is no longer a member", m.name, m.id),
        )),
        (true, [m], _) => Ok(Person::Member(m.id)),
        (false, _, [o]) if o.state() == OfficerState::Left => Err(FieldError::new(
            field,
            format!("{} ({}) has left the council's service", o.name, o.id),
        )),
        (false, _, [o]) => Ok(Person::Officer(o.id)),
        (true, [_, _, ..], _) => Err(FieldError::new(
            field,
            format!("more than one member is called '{wanted}': use the reference (M-…)"),
        )),
        (false, _, [_, _, ..]) => Err(FieldError::new(
            field,
            format!("more than one officer is called '{wanted}': use the reference (O-…)"),
        )),
        (true, [], [o, ..]) => Err(FieldError::new(
            field,
            format!(
                "{} ({}) is an officer, not a member: a relationship is between one member and \
                 one officer (R-D1)",
                o.name, o.id
            ),
        )),
        (false, [m, ..], []) => Err(FieldError::new(
            field,
            format!(
                "{} ({}) is a member, not an officer: a relationship is between one member and \
                 one officer (R-D1)",
                m.name, m.id
            ),
        )),
        _ => Err(FieldError::new(
            field,
            format!("no {want} called '{wanted}'"),
        )),
    }
}

struct DisclosureFields {
    kind: DisclosureKind,
    member: MemberId,
    officer: Option<OfficerId>,
    description: String,
    declared_by: Declarant,
    declared_on: NaiveDate,
    aware_on: Option<NaiveDate>,
    request_ref: Option<String>,
}

/// Every field is checked, and every error reported at once.
fn validate(input: &DisclosureInput, ctx: &Context) -> Result<DisclosureFields, Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    let tag = errors.keep(KindTag::parse("kind", &input.kind));
    let category = input.category.trim();
    let kind = match tag {
        Some(KindTag::Relationship) => errors
            .keep(RelationshipKind::parse("category", category))
            .map(DisclosureKind::Relationship),
        Some(KindTag::Pecuniary) => errors
            .keep(DpiCategory::parse("category", category))
            .map(DisclosureKind::PecuniaryInterest),
        Some(tag @ (KindTag::Other | KindTag::Request)) => {
            if category.is_empty() {
                Some(if tag == KindTag::Other {
                    DisclosureKind::OtherInterest
                } else {
                    DisclosureKind::RequestInterest
                })
            } else {
                errors.push(FieldError::new(
                    "category",
                    "only a relationship or a pecuniary interest has a category: leave it empty",
                ));
                None
            }
        }
        None => None,
    };
    let relationship = tag == Some(KindTag::Relationship);
    let member = match errors.keep(resolve_person("member", &input.member, true, ctx)) {
        Some(Person::Member(id)) => Some(id),
        _ => None,
    };
    let officer = if relationship {
        match errors.keep(resolve_person("officer", &input.officer, false, ctx)) {
            Some(Person::Officer(id)) => Some(Some(id)),
            _ => None,
        }
    } else if input.officer.trim().is_empty() {
        Some(None)
    } else {
        errors.push(FieldError::new(
            "officer",
            "only a relationship names an officer; an interest is the member's own",
        ));
        None
    };
    let description = errors.keep(validate_description(&input.description));
    let declared_by = if relationship {
        errors.keep(Declarant::parse("declared by", &input.declared_by))
    } else {
        match normalise(&input.declared_by).as_str() {
            "" | "member" | "councillor" | "cllr" => Some(Declarant::Member),
            _ => {
                errors.push(FieldError::new(
                    "declared by",
                    "an interest is declared by the member",
                ));
                None
            }
        }
    };
    let declared_on = errors.keep(dates::parse_date("declared on", &input.declared_on));
    if let Some(day) = declared_on {
        if day > ctx.today {
            errors.push(FieldError::new("declared on", "is in the future"));
        }
    }
    let registerable = matches!(tag, Some(KindTag::Pecuniary | KindTag::Other));
    let aware_on = if registerable {
        match errors.keep(dates::parse_optional_date("aware on", &input.aware_on)) {
            Some(Some(aware)) => {
                if declared_on.is_some_and(|declared| aware > declared) {
                    errors.push(FieldError::new(
                        "aware on",
                        "is after the declaration: a member declares what they know of",
                    ));
                }
                Some(Some(aware))
            }
            Some(None) => Some(declared_on),
            None => None,
        }
    } else if input.aware_on.trim().is_empty() {
        Some(None)
    } else {
        errors.push(FieldError::new(
            "aware on",
            "only a registerable interest has an awareness date (R-M3)",
        ));
        None
    };
    let request_ref = if tag == Some(KindTag::Request) {
        errors
            .keep(text::required_name("request", &input.request_ref))
            .map(Some)
    } else if input.request_ref.trim().is_empty() {
        Some(None)
    } else {
        errors.push(FieldError::new(
            "request",
            "only an interest declared with a request names one (R-D3)",
        ));
        None
    };
    match (
        kind,
        member,
        officer,
        description,
        declared_by,
        declared_on,
        aware_on,
        request_ref,
    ) {
        (
            Some(kind),
            Some(member),
            Some(officer),
            Some(description),
            Some(declared_by),
            Some(declared_on),
            Some(aware_on),
            Some(request_ref),
        ) if errors.is_empty() => Ok(DisclosureFields {
            kind,
            member,
            officer,
            description,
            declared_by,
            declared_on,
            aware_on,
            request_ref,
        }),
        _ => Err(errors.0),
    }
}

/// R-D1 over the whole register: which declared relationships bar a member from a decision
/// directly affecting an officer.
#[derive(Debug, Clone, Copy)]
pub struct Register<'a> {
    entries: &'a [Disclosure],
}

impl<'a> Register<'a> {
    pub fn new(entries: &'a [Disclosure]) -> Self {
        Register { entries }
    }

    pub fn entries(&self) -> &'a [Disclosure] {
        self.entries
    }

    /// Relationships between `member` and `officer` that have not ended on `on`. Declared,
    /// acknowledged and active entries all count: a declared relationship is never hidden.
    pub fn conflicts(
        &self,
        member: MemberId,
        officer: OfficerId,
        on: NaiveDate,
    ) -> Vec<&'a Disclosure> {
        self.entries
            .iter()
            .filter(|d| {
                d.kind.is_relationship()
                    && d.member == member
                    && d.officer == Some(officer)
                    && d.applies_on(on)
            })
            .collect()
    }

    /// R-D1 (LLTC §7.7): the refusal for `member` taking part in a decision directly affecting
    /// `officer` on `on`, naming the disclosure.
    pub fn refusal_for(
        &self,
        member: MemberId,
        officer: OfficerId,
        on: NaiveDate,
    ) -> Option<Refusal> {
        let found = self.conflicts(member, officer, on);
        let first = found.first()?;
        let more = match found.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        Some(Refusal::new(
            "R-D1",
            "LLTC §7.7",
            format!(
                "{} {}{more}: {member} takes no part in a decision directly affecting {officer}",
                first.reference(),
                first.conflict_summary()
            ),
        ))
    }
}

/// R-M3 / R-D2: 28 days beginning with the day the member became aware of a new interest or a
/// change, so that day is day 1 and the last day is 27 days later.
pub fn dpi_due_from_change(aware_on: NaiveDate) -> NaiveDate {
    aware_on + Days::new(27)
}

/// An R-M3 deadline for a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub due: NaiveDate,
    pub what: String,
    /// Missed: not met and past due, or met late. An offence under s30: show it loudly.
    pub overdue: bool,
    /// When it was met, if it has been.
    pub met_on: Option<NaiveDate>,
    pub cite: Cite,
}

impl Deadline {
    fn new(
        due: NaiveDate,
        what: String,
        met_on: Option<NaiveDate>,
        today: NaiveDate,
        cite: Cite,
    ) -> Self {
        let overdue = match met_on {
            Some(on) => on > due,
            None => today > due,
        };
        Deadline {
            due,
            what,
            overdue,
            met_on,
            cite,
        }
    }
}

/// R-M3: the member's deadlines, earliest first: the notification for the current term (unless the
/// term ended without one, as [`Member::dpi_status`] treats it), and 28 days from each registerable
/// interest the member became aware of after the term started, met by a notification to the
/// Monitoring Officer (who keeps the register). Interests known at the start of the term belong to
/// the term's notification.
pub fn member_dpi_deadlines(
    member: &Member,
    entries: &[Disclosure],
    today: NaiveDate,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    if member.dpi_registered.is_some() || member.term_end.is_none() {
        out.push(Deadline::new(
            member::dpi_due(member.term_start),
            format!(
                "interests notified for the term from {}",
                dates::show(member.term_start)
            ),
            member.dpi_registered,
            today,
            Cite::new("R-M3", "Localism Act 2011 s30"),
        ));
    }
    for e in entries
        .iter()
        .filter(|e| e.member == member.id && e.kind.is_registerable_interest())
    {
        let aware = e.aware_on.unwrap_or(e.declared_on);
        if aware <= member.term_start {
            continue;
        }
        let met = e
            .notifications
            .iter()
            .filter(|n| n.who == NotifiedParty::MemberToMonitoringOfficer)
            .map(|n| n.on)
            .min();
        let category = match e.kind.category() {
            "" => String::new(),
            c => format!(" ({c})"),
        };
        let cite = match e.kind {
            DisclosureKind::PecuniaryInterest(_) => Cite::new("R-M3", "Localism Act 2011 s30"),
            _ => e.kind.cite(),
        };
        out.push(Deadline::new(
            dpi_due_from_change(aware),
            format!(
                "{} {}{category} notified to the Monitoring Officer (aware {})",
                e.reference(),
                e.kind.label(),
                dates::show(aware)
            ),
            met,
            today,
            cite,
        ));
    }
    out.sort_by_key(|d| d.due);
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::member::MemberInput;
    use crate::domain::officer::{Officer, OfficerInput};
    use crate::domain::testkit::{d, Fixture};
    use proptest::prelude::*;

    /// Ann Lee (M-001, independent), Bob Ray (M-002, leads Green), Cat Dee (M-003, Green);
    /// Clara Clerk (O-001, the Clerk), Jo Smith (O-002, assistant). Today is 30 June 2026.
    fn fixture() -> Fixture {
        let mut fx = Fixture::new(d(2026, 6, 30));
        let green = fx.council.add_group("Green").unwrap();
        for (i, (name, group)) in [("Ann Lee", ""), ("Bob Ray", "Green"), ("Cat Dee", "Green")]
            .into_iter()
            .enumerate()
        {
            let input = MemberInput {
                name: name.into(),
                ward: "North".into(),
                group: group.into(),
                joined_by: "elected".into(),
                term_start: "2026-05-07".into(),
                ..Default::default()
            };
            let m = Member::create(MemberId(i as u32 + 1), &input, &fx.ctx()).unwrap();
            fx.members.push(m);
        }
        fx.council
            .groups
            .iter_mut()
            .find(|g| g.id == green)
            .unwrap()
            .leader = Some(MemberId(2));
        let clerk = OfficerInput {
            name: "Clara Clerk".into(),
            post: "Clerk".into(),
            started: "2020-01-06".into(),
            ..Default::default()
        };
        let clerk = Officer::create(OfficerId(1), &clerk, &fx.ctx()).unwrap();
        fx.officers.push(clerk);
        let jo = OfficerInput {
            name: "Jo Smith".into(),
            post: "Assistant".into(),
            line_manager: "Clara Clerk".into(),
            started: "2024-01-08".into(),
            ..Default::default()
        };
        let jo = Officer::create(OfficerId(2), &jo, &fx.ctx()).unwrap();
        fx.officers.push(jo);
        fx
    }

    fn relationship(member: &str, officer: &str) -> DisclosureInput {
        DisclosureInput {
            kind: "relationship".into(),
            category: "friendship".into(),
            member: member.into(),
            officer: officer.into(),
            description: "Neighbours; walk their dogs together".into(),
            declared_by: "both".into(),
            declared_on: "2026-06-01".into(),
            ..Default::default()
        }
    }

    fn interest(kind: &str, category: &str, member: &str) -> DisclosureInput {
        DisclosureInput {
            kind: kind.into(),
            category: category.into(),
            member: member.into(),
            description: "Director of Lee Builders Ltd".into(),
            declared_on: "2026-06-01".into(),
            request_ref: if kind == "request" {
                "R-2026-004".into()
            } else {
                String::new()
            },
            ..Default::default()
        }
    }

    fn create(fx: &Fixture, id: u32, input: DisclosureInput) -> Disclosure {
        Disclosure::create(id, &input, &[], &fx.ctx()).unwrap()
    }

    fn act(entry: &Disclosure, action: DisclosureAction, fx: &Fixture) -> Disclosure {
        entry.apply(action, &fx.ctx()).unwrap().disclosure
    }

    fn tell(who: &str, on: &str, in_writing: bool) -> DisclosureAction {
        DisclosureAction::RecordNotification {
            who: who.into(),
            on: on.into(),
            in_writing,
        }
    }

    fn ack(on: &str) -> DisclosureAction {
        DisclosureAction::Acknowledge { on: on.into() }
    }

    fn activate(from: &str) -> DisclosureAction {
        DisclosureAction::Activate { from: from.into() }
    }

    fn end(on: &str, reason: &str) -> DisclosureAction {
        DisclosureAction::End {
            on: on.into(),
            reason: reason.into(),
        }
    }

    fn refused(result: Result<DisclosureEvent, Rejection>) -> Refusal {
        match result {
            Err(Rejection::Refused(r)) => r,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn invalid(result: Result<impl std::fmt::Debug, Rejection>) -> Vec<FieldError> {
        match result {
            Err(Rejection::Invalid(errors)) => errors,
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    /// A relationship for Cat Dee and Jo Smith with every notification given.
    fn complete_relationship(fx: &Fixture, id: u32) -> Disclosure {
        let mut e = create(fx, id, relationship("Cat Dee", "Jo Smith"));
        for a in [
            tell("mg", "2026-06-02", false),
            tell("member to clerk", "2026-06-02", false),
            tell("officer → manager", "2026-06-03", true),
        ] {
            e = act(&e, a, fx);
        }
        e
    }

    #[test]
    fn keys_and_labels_are_distinct() {
        let keys: std::collections::HashSet<char> =
            DisclosureActionKind::ALL.iter().map(|k| k.key()).collect();
        assert_eq!(keys.len(), DisclosureActionKind::ALL.len());
        assert_eq!(reference(7), "D-0007");
    }

    #[test]
    fn parsers_accept_what_a_clerk_types() {
        assert_eq!(
            RelationshipKind::parse("c", " Friend ").unwrap(),
            RelationshipKind::Friendship
        );
        assert_eq!(
            RelationshipKind::parse("c", "relative").unwrap(),
            RelationshipKind::Family
        );
        assert!(RelationshipKind::parse("c", "enemy").is_err());
        assert_eq!(
            DpiCategory::parse("c", "Corporate tenancy").unwrap(),
            DpiCategory::CorporateTenancies
        );
        assert_eq!(
            DpiCategory::parse("c", "licence").unwrap(),
            DpiCategory::Licences
        );
        assert!(DpiCategory::parse("c", "gifts")
            .unwrap_err()
            .message
            .contains("securities"));
        for (raw, want) in [
            ("mg", NotifiedParty::MemberToGroupLeader),
            ("Member → Clerk", NotifiedParty::MemberToClerk),
            (
                "member to monitoring officer",
                NotifiedParty::MemberToMonitoringOfficer,
            ),
            ("councillor to MO", NotifiedParty::MemberToMonitoringOfficer),
            ("officer to clerk", NotifiedParty::OfficerToClerk),
            ("officer to line manager", NotifiedParty::OfficerToManager),
        ] {
            assert_eq!(NotifiedParty::parse("n", raw).unwrap(), want, "{raw}");
        }
        assert!(NotifiedParty::parse("n", "clerk").is_err());
        assert_eq!(Declarant::parse("d", "Both").unwrap(), Declarant::Both);
    }

    #[test]
    fn a_group_members_relationship_needs_three_notices_then_goes_active_then_ends() {
        let fx = fixture();
        let e = create(&fx, 1, relationship("M-003", "O-002"));
        assert_eq!((e.member, e.officer), (MemberId(3), Some(OfficerId(2))));
        assert_eq!(e.state, DisclosureState::Declared);
        assert_eq!(
            e.missing_notifications(&fx.ctx()),
            RequiredNotice::ALL.to_vec()
        );
        assert!(e.is_incomplete(&fx.ctx()));

        let e = act(&e, ack("2026-06-02"), &fx);
        assert_eq!(e.state, DisclosureState::Acknowledged);
        assert_eq!(e.acknowledged_on, Some(d(2026, 6, 2)));
        let r = refused(e.apply(activate("2026-06-06"), &fx.ctx()));
        assert_eq!(
            (r.cite.rule.as_str(), r.cite.clause.as_str()),
            ("R-D1", "BOR §2.11, LLTC §7.7")
        );
        for notice in RequiredNotice::ALL {
            assert!(r.reason.contains(notice.label()), "{r}");
        }
        // Not offered while notices are missing (the key bar shows only what apply accepts), and
        // asked why, the entry gives the same refusal without an action being built.
        assert!(!e
            .available(&fx.ctx())
            .contains(&DisclosureActionKind::Activate));
        assert_eq!(e.not_now(DisclosureActionKind::Activate, &fx.ctx()), r);

        let e = act(&e, tell("mg", "2026-06-03", false), &fx);
        let e = act(&e, tell("mm", "2026-06-03", false), &fx);
        // Told, but not in writing: recorded, and still missing.
        let ev = e.apply(tell("oc", "2026-06-04", false), &fx.ctx()).unwrap();
        assert!(ev.note.as_deref().unwrap().contains("not in writing"));
        let e = ev.disclosure;
        assert_eq!(
            e.missing_notifications(&fx.ctx()),
            vec![RequiredNotice::OfficerInWriting]
        );
        assert!(refused(e.apply(activate("2026-06-06"), &fx.ctx()))
            .reason
            .contains("in writing"));

        let e = act(&e, tell("om", "2026-06-05", true), &fx);
        assert!(e.missing_notifications(&fx.ctx()).is_empty());
        assert!(e
            .available(&fx.ctx())
            .contains(&DisclosureActionKind::Activate));
        assert!(e
            .notices(&fx.ctx())
            .iter()
            .all(|s| matches!(s.state, NoticeState::Done(_))));
        let e = act(&e, activate("2026-06-06"), &fx);
        assert_eq!(e.state, DisclosureState::Active);
        assert_eq!(e.active_from, Some(d(2026, 6, 6)));

        let ev = e
            .apply(end("2026-06-20", "Jo Smith moved away"), &fx.ctx())
            .unwrap();
        assert_eq!(ev.note.as_deref(), Some("Jo Smith moved away"));
        let e = ev.disclosure;
        assert_eq!(e.state, DisclosureState::Ended);
        assert_eq!(
            e.ended,
            Some((d(2026, 6, 20), "Jo Smith moved away".to_string()))
        );
        assert!(e.available(&fx.ctx()).is_empty());
    }

    #[test]
    fn the_group_leader_notice_is_not_applicable_to_an_independent_or_a_leader() {
        let fx = fixture();
        let ann = create(&fx, 1, relationship("Ann Lee", "Jo Smith"));
        let status = &ann.notices(&fx.ctx())[0];
        assert_eq!(status.notice, RequiredNotice::MemberToGroupLeader);
        let NoticeState::NotApplicable(reason) = &status.state else {
            panic!("{status:?}")
        };
        assert!(reason.contains("Ann Lee is independent"), "{reason}");
        assert_eq!(
            ann.missing_notifications(&fx.ctx()),
            vec![
                RequiredNotice::MemberToClerkOrMonitoringOfficer,
                RequiredNotice::OfficerInWriting
            ]
        );
        let errors = invalid(ann.apply(tell("mg", "2026-06-02", false), &fx.ctx()));
        assert!(errors[0].message.contains("independent"), "{errors:?}");

        let bob = create(&fx, 2, relationship("Bob Ray", "Jo Smith"));
        let NoticeState::NotApplicable(reason) = &bob.notices(&fx.ctx())[0].state else {
            panic!()
        };
        assert!(reason.contains("leads the Green group"), "{reason}");

        // An independent member's relationship activates with the other two notices.
        let ann = act(&ann, tell("mc", "2026-06-02", false), &fx);
        let ann = act(&ann, tell("oc", "2026-06-02", true), &fx);
        let ann = act(&ann, ack("2026-06-03"), &fx);
        assert_eq!(
            act(&ann, activate("2026-06-03"), &fx).state,
            DisclosureState::Active
        );
    }

    #[test]
    fn the_clerk_tells_their_manager_not_themselves() {
        let fx = fixture();
        let e = create(&fx, 1, relationship("Cat Dee", "Clara Clerk"));
        let errors = invalid(e.apply(tell("oc", "2026-06-02", true), &fx.ctx()));
        assert!(errors[0].message.contains("is the Clerk"), "{errors:?}");
        assert!(e.apply(tell("om", "2026-06-02", true), &fx.ctx()).is_ok());
    }

    #[test]
    fn an_interest_needs_no_relationship_notices_and_is_told_to_the_clerk_or_mo() {
        let fx = fixture();
        let e = create(&fx, 1, interest("pecuniary", "land", "Cat Dee"));
        assert_eq!(e.kind, DisclosureKind::PecuniaryInterest(DpiCategory::Land));
        assert_eq!(e.declared_by, Declarant::Member);
        assert_eq!(e.aware_on, Some(d(2026, 6, 1)));
        assert!(e.notices(&fx.ctx()).is_empty());
        for who in ["mg", "oc", "om"] {
            assert!(
                e.apply(tell(who, "2026-06-02", true), &fx.ctx()).is_err(),
                "{who}"
            );
        }
        assert!(e.apply(tell("mm", "2026-06-02", true), &fx.ctx()).is_ok());
    }

    #[test]
    fn every_legal_route() {
        let fx = fixture();
        let sensitive = || DisclosureAction::MarkSensitive {
            reason: "risk of intimidation".into(),
        };
        let edit = || DisclosureAction::Edit {
            description: "Corrected wording".into(),
        };
        // Declared → Ended (withdrawn), with an edit and a notification on the way.
        let e = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
        let e = act(&e, edit(), &fx);
        assert_eq!(e.description, "Corrected wording");
        let e = act(&e, tell("mc", "2026-06-02", false), &fx);
        assert_eq!(
            act(&e, end("2026-06-03", "declared in error"), &fx).state,
            DisclosureState::Ended
        );
        // Declared → Acknowledged → Ended, editing while acknowledged.
        let e = act(
            &create(&fx, 2, relationship("Cat Dee", "Jo Smith")),
            ack("2026-06-02"),
            &fx,
        );
        let e = act(&e, edit(), &fx);
        assert_eq!(
            act(&e, end("2026-06-02", "withdrawn"), &fx).state,
            DisclosureState::Ended
        );
        // Declared → Acknowledged → Active → Ended, with notifications in each state.
        let e = complete_relationship(&fx, 3);
        let e = act(&e, ack("2026-06-04"), &fx);
        let e = act(&e, tell("mm", "2026-06-04", true), &fx);
        let e = act(&e, activate("2026-06-05"), &fx);
        let e = act(&e, tell("oc", "2026-06-06", true), &fx);
        assert_eq!(e.notifications.len(), 5);
        assert_eq!(
            act(&e, end("2026-06-29", "officer left"), &fx).state,
            DisclosureState::Ended
        );
        // Interests: sensitive may be marked when declared, acknowledged or active.
        for (kind, category) in [("pecuniary", "securities"), ("other", "")] {
            let e = create(&fx, 4, interest(kind, category, "Ann Lee"));
            assert!(act(&e, sensitive(), &fx).sensitive);
            let e = act(&e, ack("2026-06-02"), &fx);
            assert!(act(&e, sensitive(), &fx).sensitive);
            let e = act(&e, activate("2026-06-02"), &fx);
            let e = act(&e, sensitive(), &fx);
            assert!(e.sensitive);
            assert!(!e
                .available(&fx.ctx())
                .contains(&DisclosureActionKind::MarkSensitive));
            assert_eq!(
                act(&e, end("2026-06-30", "shares sold"), &fx).state,
                DisclosureState::Ended
            );
        }
        // A request interest runs the same course, without notices.
        let e = create(&fx, 5, interest("request", "", "Bob Ray"));
        assert_eq!(e.request_ref.as_deref(), Some("R-2026-004"));
        let e = act(
            &act(&e, ack("2026-06-01"), &fx),
            activate("2026-06-01"),
            &fx,
        );
        assert_eq!(
            act(&e, end("2026-06-01", "request answered"), &fx).state,
            DisclosureState::Ended
        );
    }

    #[test]
    fn every_action_outside_available_is_refused_in_every_state() {
        let fx = fixture();
        let rel = complete_relationship(&fx, 1);
        let rel_ack = act(&rel, ack("2026-06-04"), &fx);
        let rel_active = act(&rel_ack, activate("2026-06-05"), &fx);
        let rel_ended = act(&rel_active, end("2026-06-10", "officer left"), &fx);
        let dpi = create(&fx, 2, interest("pecuniary", "employment", "Ann Lee"));
        let dpi_ack = act(&dpi, ack("2026-06-02"), &fx);
        let dpi_active = act(&dpi_ack, activate("2026-06-03"), &fx);
        let dpi_sensitive = act(
            &dpi_active,
            DisclosureAction::MarkSensitive {
                reason: "risk of violence".into(),
            },
            &fx,
        );
        let dpi_ended = act(&dpi_sensitive, end("2026-06-10", "resigned the post"), &fx);
        let request = create(&fx, 3, interest("request", "", "Bob Ray"));
        let request_active = act(
            &act(&request, ack("2026-06-01"), &fx),
            activate("2026-06-01"),
            &fx,
        );
        let example = |k: DisclosureActionKind, e: &Disclosure| match k {
            DisclosureActionKind::RecordNotification => tell(
                if e.kind.is_relationship() { "mc" } else { "mm" },
                "2026-06-25",
                true,
            ),
            DisclosureActionKind::Acknowledge => ack("2026-06-25"),
            DisclosureActionKind::Activate => activate("2026-06-26"),
            DisclosureActionKind::MarkSensitive => DisclosureAction::MarkSensitive {
                reason: "risk of intimidation".into(),
            },
            DisclosureActionKind::End => end("2026-06-28", "withdrawn"),
            DisclosureActionKind::Edit => DisclosureAction::Edit {
                description: "Updated".into(),
            },
        };
        let all = [
            &rel,
            &rel_ack,
            &rel_active,
            &rel_ended,
            &dpi,
            &dpi_ack,
            &dpi_active,
            &dpi_sensitive,
            &dpi_ended,
            &request,
            &request_active,
        ];
        let mut refusals = 0;
        for e in all {
            for kind in DisclosureActionKind::ALL {
                let result = e.apply(example(kind, e), &fx.ctx());
                if e.available(&fx.ctx()).contains(&kind) {
                    let ev = result.unwrap_or_else(|r| panic!("{kind:?} in {:?}: {r}", e.state));
                    assert_eq!(ev.disclosure.id, e.id);
                } else {
                    refusals += 1;
                    let r = refused(result);
                    let expected = match (e.state, kind) {
                        (DisclosureState::Ended, _) => "R-D4".to_string(),
                        (_, DisclosureActionKind::MarkSensitive) => "R-D2".to_string(),
                        (DisclosureState::Active, DisclosureActionKind::Edit) => "R-D4".to_string(),
                        _ => e.kind.cite().rule,
                    };
                    assert_eq!(r.cite.rule, expected, "{kind:?} in {:?}: {r}", e.state);
                    assert!(r.reason.contains(&e.reference()), "{r}");
                }
            }
        }
        assert!(refusals > 20);
        assert!(
            rel_ended.available(&fx.ctx()).is_empty() && dpi_ended.available(&fx.ctx()).is_empty()
        );
        assert!(!rel
            .available(&fx.ctx())
            .contains(&DisclosureActionKind::MarkSensitive));
        assert!(!request
            .available(&fx.ctx())
            .contains(&DisclosureActionKind::MarkSensitive));
        let r = refused(rel.apply(
            example(DisclosureActionKind::MarkSensitive, &rel),
            &fx.ctx(),
        ));
        assert_eq!(r.cite.clause, "Localism Act 2011 s32");
    }

    #[test]
    fn a_relationship_is_one_member_and_one_officer() {
        let fx = fixture();
        let ctx = fx.ctx();
        let two_members = invalid(Disclosure::create(
            1,
            &relationship("Ann Lee", "Bob Ray"),
            &[],
            &ctx,
        ));
        assert_eq!(two_members.len(), 1);
        assert_eq!(two_members[0].field, "officer");
        assert!(two_members[0]
            .message
            .contains("Bob Ray (M-002) is a member, not an officer"));
        let two_officers = invalid(Disclosure::create(
            1,
            &relationship("O-001", "Jo Smith"),
            &[],
            &ctx,
        ));
        assert_eq!(two_officers[0].field, "member");
        assert!(two_officers[0]
            .message
            .contains("Clara Clerk (O-001) is an officer, not a member"));
        let swapped = invalid(Disclosure::create(
            1,
            &relationship("Jo Smith", "Cat Dee"),
            &[],
            &ctx,
        ));
        let fields: Vec<&str> = swapped.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["member", "officer"]);
        let nobody = invalid(Disclosure::create(1, &relationship("Zed", ""), &[], &ctx));
        assert!(nobody[0].message.contains("no member called 'Zed'"));
        assert!(nobody[1].message.contains("name the officer"));
        // A bare number is read as the kind the field asks for.
        let e = Disclosure::create(1, &relationship("3", "2"), &[], &ctx).unwrap();
        assert_eq!((e.member, e.officer), (MemberId(3), Some(OfficerId(2))));
    }

    #[test]
    fn bad_input_is_reported_field_by_field() {
        let fx = fixture();
        let ctx = fx.ctx();
        let bad = DisclosureInput {
            kind: "relationship".into(),
            category: "rivals".into(),
            member: "Cat Dee".into(),
            officer: "Jo Smith".into(),
            description: "   ".into(),
            declared_by: "".into(),
            declared_on: "2026-07-01".into(),
            aware_on: "2026-06-01".into(),
            request_ref: "R-1".into(),
        };
        let fields: Vec<&str> = invalid(Disclosure::create(1, &bad, &[], &ctx))
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "category",
                "description",
                "declared by",
                "declared on",
                "aware on",
                "request"
            ]
        );
        let mut long = interest("pecuniary", "land", "Ann Lee");
        long.description = "x".repeat(MAX_DESCRIPTION_CHARS + 1);
        let errors = invalid(Disclosure::create(1, &long, &[], &ctx));
        assert!(errors[0].message.contains("2001"), "{errors:?}");
        long.description = "x".repeat(MAX_DESCRIPTION_CHARS);
        assert!(Disclosure::create(1, &long, &[], &ctx).is_ok());
        let mut officer_named = interest("other", "", "Ann Lee");
        officer_named.officer = "Jo Smith".into();
        assert_eq!(
            invalid(Disclosure::create(1, &officer_named, &[], &ctx))[0].field,
            "officer"
        );
        let mut no_ref = interest("request", "", "Ann Lee");
        no_ref.request_ref = " ".into();
        assert_eq!(
            invalid(Disclosure::create(1, &no_ref, &[], &ctx))[0].field,
            "request"
        );
        let mut aware_late = interest("pecuniary", "land", "Ann Lee");
        aware_late.aware_on = "2026-06-02".into();
        assert_eq!(
            invalid(Disclosure::create(1, &aware_late, &[], &ctx))[0].field,
            "aware on"
        );
        let mut bad_date = interest("pecuniary", "land", "Ann Lee");
        bad_date.declared_on = "31/06/2026".into();
        assert!(invalid(Disclosure::create(1, &bad_date, &[], &ctx))[0]
            .message
            .contains("31/06/2026"));
    }

    #[test]
    fn a_second_open_relationship_for_the_same_pair_is_refused() {
        let fx = fixture();
        let first = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
        let mut register = vec![first];
        let r = match Disclosure::create(2, &relationship("M-003", "O-002"), &register, &fx.ctx()) {
            Err(Rejection::Refused(r)) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(r.cite.rule, "R-D1");
        assert!(r.reason.contains("D-0001"), "{r}");
        // Another pair is fine; so is the same pair once the first has ended.
        assert!(Disclosure::create(
            2,
            &relationship("Ann Lee", "Jo Smith"),
            &register,
            &fx.ctx()
        )
        .is_ok());
        register[0] = act(&register[0], end("2026-06-10", "friendship ended"), &fx);
        assert!(Disclosure::create(
            2,
            &relationship("Cat Dee", "Jo Smith"),
            &register,
            &fx.ctx()
        )
        .is_ok());
    }

    #[test]
    fn dates_before_the_declaration_or_in_the_future_are_refused() {
        let fx = fixture();
        let e = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
        let errors = invalid(e.apply(tell("mc", "2026-05-31", false), &fx.ctx()));
        assert_eq!(errors[0].field, "told on");
        assert!(errors[0].message.contains("declared (2026-06-01)"));
        let errors = invalid(e.apply(end("2026-05-31", "x"), &fx.ctx()));
        assert_eq!(errors[0].field, "last day");
        assert!(errors[0].message.contains("declared (2026-06-01)"));
        let errors = invalid(e.apply(end("2026-06-10", " "), &fx.ctx()));
        assert_eq!(errors[0].field, "reason");
        assert!(invalid(e.apply(ack("2026-07-01"), &fx.ctx()))[0]
            .message
            .contains("future"));
        let e = act(&complete_relationship(&fx, 2), ack("2026-06-05"), &fx);
        assert!(invalid(e.apply(activate("2026-06-04"), &fx.ctx()))[0]
            .message
            .contains("acknowledged (2026-06-05)"));
        // A notification only has to follow the declaration, not the acknowledgement.
        assert!(e.apply(tell("mm", "2026-06-02", false), &fx.ctx()).is_ok());
        let e = act(&e, activate("2026-06-06"), &fx);
        assert!(invalid(e.apply(end("2026-06-05", "x"), &fx.ctx()))[0]
            .message
            .contains("became active (2026-06-06)"));
    }

    #[test]
    fn the_register_finds_declared_acknowledged_and_active_relationships_until_they_end() {
        let fx = fixture();
        let declared = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
        let acknowledged = act(
            &create(&fx, 2, relationship("Ann Lee", "Jo Smith")),
            ack("2026-06-02"),
            &fx,
        );
        let mut bob = create(&fx, 3, relationship("Bob Ray", "Clara Clerk"));
        for a in [
            tell("mc", "2026-06-02", false),
            tell("om", "2026-06-02", true),
            ack("2026-06-02"),
            activate("2026-06-03"),
        ] {
            bob = act(&bob, a, &fx);
        }
        assert_eq!(bob.state, DisclosureState::Active);
        let ended = act(
            &create(&fx, 4, relationship("Ann Lee", "Clara Clerk")),
            end("2026-06-20", "moved away"),
            &fx,
        );
        let dpi = create(&fx, 5, interest("pecuniary", "land", "Cat Dee"));
        let entries = [declared, acknowledged, bob, ended, dpi];
        let register = Register::new(&entries);
        let today = d(2026, 6, 30);
        for (member, officer, id) in [(3, 2, 1), (1, 2, 2), (2, 1, 3)] {
            let found = register.conflicts(MemberId(member), OfficerId(officer), today);
            assert_eq!(found.iter().map(|e| e.id).collect::<Vec<_>>(), vec![id]);
        }
        // The last day still counts; the day after does not.
        assert_eq!(
            register
                .conflicts(MemberId(1), OfficerId(1), d(2026, 6, 20))
                .len(),
            1
        );
        assert!(register
            .conflicts(MemberId(1), OfficerId(1), d(2026, 6, 21))
            .is_empty());
        assert!(register
            .refusal_for(MemberId(1), OfficerId(1), d(2026, 6, 21))
            .is_none());
        // An interest is not a conflict with an officer; nor is another pair.
        assert!(register
            .conflicts(MemberId(3), OfficerId(1), today)
            .is_empty());
        let r = register
            .refusal_for(MemberId(3), OfficerId(2), today)
            .unwrap();
        assert_eq!(
            (r.cite.rule.as_str(), r.cite.clause.as_str()),
            ("R-D1", "LLTC §7.7")
        );
        assert!(
            r.reason
                .starts_with("D-0001 friendship with O-002: Neighbours"),
            "{r}"
        );
        assert!(r.reason.contains("M-003 takes no part"), "{r}");
    }

    #[test]
    fn dpi_change_deadline_is_28_days_beginning_with_awareness() {
        let table = [
            (d(2026, 1, 31), d(2026, 2, 27)),
            (d(2026, 3, 31), d(2026, 4, 27)),
            (d(2024, 2, 10), d(2024, 3, 8)), // across a leap day
            (d(2023, 2, 10), d(2023, 3, 9)),
            (d(2026, 12, 15), d(2027, 1, 11)),
        ];
        for (aware, due) in table {
            assert_eq!(dpi_due_from_change(aware), due, "aware {aware}");
        }
    }

    #[test]
    fn member_deadlines_combine_the_term_and_each_change() {
        let fx = fixture();
        let cat = fx.members[2].clone();
        let with_aware = |id: u32, aware: &str, declared: &str| {
            let mut input = interest("pecuniary", "contracts", "Cat Dee");
            input.aware_on = aware.into();
            input.declared_on = declared.into();
            create(&fx, id, input)
        };
        let pending = with_aware(1, "2026-06-10", "2026-06-12");
        let before_term = with_aware(2, "2026-05-01", "2026-06-01");
        let late = act(
            &with_aware(3, "2026-06-01", "2026-06-01"),
            tell("mm", "2026-06-29", true),
            &fx,
        );
        let on_time = act(
            &with_aware(4, "2026-06-02", "2026-06-02"),
            tell("mm", "2026-06-20", true),
            &fx,
        );
        let ann_entry = create(&fx, 5, interest("other", "", "Ann Lee"));
        let rel = create(&fx, 6, relationship("Cat Dee", "Jo Smith"));
        let entries = [pending, before_term, late, on_time, ann_entry, rel];
        let got = member_dpi_deadlines(&cat, &entries, d(2026, 6, 30));
        let summary: Vec<(NaiveDate, bool, Option<NaiveDate>)> =
            got.iter().map(|g| (g.due, g.overdue, g.met_on)).collect();
        assert_eq!(
            summary,
            vec![
                (d(2026, 6, 3), true, None), // term start 7 May, not registered
                (d(2026, 6, 28), true, Some(d(2026, 6, 29))), // D-0003 notified a day late
                (d(2026, 6, 29), false, Some(d(2026, 6, 20))), // D-0004
                (d(2026, 7, 7), false, None), // D-0001, still in time
            ]
        );
        assert!(got[1].what.contains("D-0003"));
        assert_eq!(got[0].cite.rule, "R-M3");
        // Registered on time: met, not overdue. A term that ended unregistered drops out.
        let mut registered = cat.clone();
        registered.dpi_registered = Some(d(2026, 6, 1));
        let got = member_dpi_deadlines(&registered, &[], d(2026, 6, 30));
        assert_eq!(
            (got[0].overdue, got[0].met_on),
            (false, Some(d(2026, 6, 1)))
        );
        let mut gone = cat;
        gone.term_end = Some(d(2026, 6, 15));
        assert!(member_dpi_deadlines(&gone, &[], d(2026, 6, 30)).is_empty());
    }

    #[test]
    fn the_public_export_is_members_interests_without_sensitive_ones() {
        let fx = fixture();
        let rel = create(&fx, 1, relationship("Cat Dee", "Jo Smith"));
        let land = create(&fx, 2, interest("pecuniary", "land", "Cat Dee"));
        let hidden = act(
            &create(&fx, 3, interest("pecuniary", "employment", "Ann Lee")),
            DisclosureAction::MarkSensitive {
                reason: "risk of intimidation".into(),
            },
            &fx,
        );
        let other = create(&fx, 4, interest("other", "", "Bob Ray"));
        let request = create(&fx, 5, interest("request", "", "Ann Lee"));
        let old = act(
            &create(&fx, 6, interest("pecuniary", "securities", "Cat Dee")),
            end("2026-06-10", "sold"),
            &fx,
        );
        let entries = [rel, land, hidden, other, request, old];

        let public = export_rows(&entries, &fx.ctx(), true);
        let refs: Vec<&str> = public.iter().map(|r| r.reference.as_str()).collect();
        assert_eq!(refs, ["D-0002", "D-0004", "D-0006"]);
        assert!(public
            .iter()
            .all(|r| !r.sensitive && r.officer.is_empty() && r.request_ref.is_empty()));
        assert_eq!(public[0].member, "Cat Dee");
        assert_eq!(public[0].category, "land");
        assert_eq!(
            (public[2].ended_on.as_str(), public[2].end_reason.as_str()),
            ("2026-06-10", "sold")
        );

        let full = export_rows(&entries, &fx.ctx(), false);
        assert_eq!(full.len(), entries.len());
        assert_eq!(full[0].officer, "Jo Smith");
        assert_eq!(full[0].category, "friendship");
        assert!(full[2].sensitive);
        assert_eq!(full[4].request_ref, "R-2026-004");
    }

    #[derive(Debug, Clone)]
    enum Step {
        Notify {
            party: usize,
            day: i64,
            in_writing: bool,
        },
        Ack(i64),
        Activate(i64),
        Sensitive,
        End(i64),
        Edit,
    }

    /// Biased towards progress (notifications, mostly in range dates) so that relationships do
    /// reach Active; a few dates fall before the declaration or in the future.
    fn step() -> impl Strategy<Value = (usize, Step)> {
        let day = prop_oneof![9 => 0i64..30, 1 => -3i64..35];
        let step = prop_oneof![
            8 => (0usize..5, day.clone(), prop::bool::weighted(0.8))
                .prop_map(|(party, day, in_writing)| Step::Notify { party, day, in_writing }),
            3 => day.clone().prop_map(Step::Ack),
            4 => day.clone().prop_map(Step::Activate),
            1 => Just(Step::Sensitive),
            1 => day.prop_map(Step::End),
            1 => Just(Step::Edit),
        ];
        (0usize..6, step)
    }

    proptest! {
        #[test]
        fn random_actions_never_delete_hide_or_tangle_an_entry(
            steps in prop::collection::vec(step(), 0..120)
        ) {
            let fx = fixture();
            let ctx = fx.ctx();
            let base = d(2026, 6, 1);
            let day = |offset: i64| dates::show(base + chrono::Duration::days(offset));
            let mut entries = [
                create(&fx, 1, relationship("Cat Dee", "Jo Smith")),
                create(&fx, 2, relationship("Ann Lee", "Jo Smith")),
                create(&fx, 3, relationship("Bob Ray", "Clara Clerk")),
                create(&fx, 4, interest("pecuniary", "land", "Cat Dee")),
                create(&fx, 5, interest("other", "", "Ann Lee")),
                create(&fx, 6, interest("request", "", "Bob Ray")),
            ];
            let mut ended: Vec<Option<Disclosure>> = vec![None; entries.len()];
            for (i, s) in steps {
                let action = match s {
                    Step::Notify { party, day: offset, in_writing } => {
                        DisclosureAction::RecordNotification {
                            who: NotifiedParty::ALL[party].code().into(),
                            on: day(offset),
                            in_writing,
                        }
                    }
                    Step::Ack(offset) => DisclosureAction::Acknowledge { on: day(offset) },
                    Step::Activate(offset) => DisclosureAction::Activate { from: day(offset) },
                    Step::Sensitive => DisclosureAction::MarkSensitive { reason: "risk".into() },
                    Step::End(offset) => {
                        DisclosureAction::End { on: day(offset), reason: "over".into() }
                    }
                    Step::Edit => DisclosureAction::Edit { description: "edited".into() },
                };
                let before = entries[i].clone();
                if let Ok(ev) = before.apply(action, &ctx) {
                    let after = ev.disclosure;
                    prop_assert_eq!(after.id, before.id);
                    prop_assert_eq!(
                        (after.kind, after.member, after.officer),
                        (before.kind, before.member, before.officer)
                    );
                    prop_assert!(after.notifications.starts_with(&before.notifications));
                    entries[i] = after;
                }
                let ids: Vec<u32> = entries.iter().map(|e| e.id).collect();
                prop_assert_eq!(ids, vec![1, 2, 3, 4, 5, 6]);
                for (e, frozen) in entries.iter().zip(ended.iter_mut()) {
                    prop_assert_eq!(e.state == DisclosureState::Ended, e.ended.is_some());
                    match e.state {
                        DisclosureState::Declared => {
                            prop_assert!(e.acknowledged_on.is_none() && e.active_from.is_none());
                        }
                        DisclosureState::Acknowledged => {
                            prop_assert!(e.acknowledged_on.is_some() && e.active_from.is_none());
                        }
                        DisclosureState::Active => {
                            prop_assert!(e.acknowledged_on.is_some() && e.active_from.is_some());
                            prop_assert!(e.missing_notifications(&ctx).is_empty());
                        }
                        DisclosureState::Ended => {}
                    }
                    if e.sensitive {
                        prop_assert!(e.kind.is_registerable_interest());
                    }
                    // Once ended, an entry never changes again (R-D4).
                    match frozen {
                        Some(f) => prop_assert_eq!(&*f, e),
                        None if e.state == DisclosureState::Ended => *frozen = Some(e.clone()),
                        None => {}
                    }
                }
            }
        }
    }
}
