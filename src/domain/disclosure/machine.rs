//! One register entry as a state machine: declared, acknowledged by the Clerk, made active and, one
//! day, ended (R-D4). [`Disclosure::allows`] guards both [`Disclosure::available`] and
//! [`Disclosure::apply`], so what is offered is what is accepted.

use crate::domain::machine::Machine;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::input::{validate, validate_description, DisclosureInput};
use super::vocabulary::*;
use super::{member_name, officer_name, reference};
use crate::domain::dates;
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::machine::inherent_spec_methods;
use crate::domain::officer::Post;
use crate::domain::rules::{FieldError, FieldErrors, Refusal, Rejection};
use crate::domain::text;
use crate::domain::Context;

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
    fn offered(&self, ctx: &Context) -> Vec<DisclosureActionKind> {
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

    fn step(&self, action: DisclosureAction, ctx: &Context) -> Result<DisclosureEvent, Rejection> {
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
                if who == NotifiedParty::MemberAtMeeting {
                    if let Some(why) = self.registered_by(on, ctx) {
                        return Err(Refusal::new(
                            "R-M3",
                            MEETING_CLAUSE,
                            format!(
                                "{} {why}: the 28 days after a disclosure at a meeting run only \
                                 for an interest not yet registered or notified",
                                self.reference()
                            ),
                        )
                        .into());
                    }
                }
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

    /// R-M3 (s31(2)–(3)): why the interest counted as registered on `day`, if it did: notified to
    /// the Monitoring Officer by then, or known at the start of the term and notified with the
    /// term's interests by then.
    pub fn registered_by(&self, day: NaiveDate, ctx: &Context) -> Option<String> {
        if let Some(on) = self
            .notifications
            .iter()
            .filter(|n| n.who == NotifiedParty::MemberToMonitoringOfficer && n.on <= day)
            .map(|n| n.on)
            .min()
        {
            return Some(format!(
                "was notified to the Monitoring Officer on {}",
                dates::show(on)
            ));
        }
        let member = ctx.member(self.member)?;
        let aware = self.aware_on.unwrap_or(self.declared_on);
        member
            .dpi_registered
            .filter(|on| aware <= member.term_start && *on <= day)
            .map(|on| {
                format!(
                    "was known at the start of the term and notified with the term's interests \
                     on {}",
                    dates::show(on)
                )
            })
    }

    /// Whether `party` can notify for this entry (R-D1).
    fn check_party(
        &self,
        party: NotifiedParty,
        ctx: &Context,
    ) -> Result<NotifiedParty, FieldError> {
        let field = "notified";
        if party == NotifiedParty::MemberAtMeeting {
            if self.kind.is_registerable_interest() {
                return Ok(party);
            }
            return Err(FieldError::new(
                field,
                format!(
                    "a disclosure at a meeting starts the 28 days to notify the Monitoring Officer \
                     only for a registerable interest (R-M3, s31), not a {}",
                    self.kind.label()
                ),
            ));
        }
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
    fn why_not(&self, kind: DisclosureActionKind, ctx: &Context) -> Refusal {
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

impl Machine for Disclosure {
    type Kind = DisclosureActionKind;
    type Action = DisclosureAction;
    type Event = DisclosureEvent;

    fn available(&self, ctx: &Context) -> Vec<DisclosureActionKind> {
        self.offered(ctx)
    }

    fn not_now(&self, kind: DisclosureActionKind, ctx: &Context) -> Refusal {
        self.why_not(kind, ctx)
    }

    fn apply(&self, action: DisclosureAction, ctx: &Context) -> Result<DisclosureEvent, Rejection> {
        self.step(action, ctx)
    }

    fn kind_of(action: &DisclosureAction) -> DisclosureActionKind {
        action.kind()
    }

    fn record(event: &DisclosureEvent) -> &Disclosure {
        &event.disclosure
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
