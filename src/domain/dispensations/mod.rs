//! The register of dispensations (R-D6, Localism Act 2011 s33): a member's written request to the
//! Proper Officer to take part in business they would otherwise be barred from by an interest;
//! granted (on a ground of s33(2), by the council, a committee or an officer under delegation —
//! Local Government Act 1972 s101 — by a resolution or minute, for at most four years, s33(3)) or
//! refused; then expired or revoked. Entries are never deleted (R-D4).
//!
//! The expiry is a calendar date, the last day of the period the decision set: no working-day rule
//! applies to it, so it is shown as it stands and never moved.

mod spec;
#[cfg(test)]
mod tests;

use crate::domain::machine::Machine;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::dates;
use super::ids::MemberId;
use super::machine::inherent_spec_methods;
use super::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use super::text;
use super::{Among, Context, Found};

/// The rule behind every refusal and deadline of this register.
pub const RULE: &str = "R-D6";
pub const CLAUSE: &str = "Localism Act 2011 s33";
pub const LIMIT_CLAUSE: &str = "Localism Act 2011 s33(3)";
/// Within this many days of its expiry a dispensation shows as expiring soon.
pub const SOON_DAYS: i64 = 28;

/// `D-0003`: a dispensation.
pub fn reference(id: u32) -> String {
    format!("D-{id:04}")
}

/// The grounds of s33(2), as typed.
pub const GROUNDS: [&str; 5] = [
    "business",
    "balance",
    "residents",
    "executive",
    "appropriate",
];

/// A ground in Localism Act 2011 s33(2), in paraphrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ground {
    /// s33(2)(a): so many members would be barred that the business could not be transacted.
    Business,
    /// s33(2)(b): the barring would upset the balance of political groups enough to change the
    /// likely outcome.
    Balance,
    /// s33(2)(c): it is in the interests of people living in the area.
    Residents,
    /// s33(2)(d): every member of the executive would be barred (principal authorities).
    Executive,
    /// s33(2)(e): it is otherwise appropriate.
    Appropriate,
}

impl Ground {
    pub fn word(self) -> &'static str {
        GROUNDS[self as usize]
    }

    pub fn label(self) -> &'static str {
        match self {
            Ground::Business => "s33(2)(a) too many members barred to transact the business",
            Ground::Balance => "s33(2)(b) political balance upset enough to change the outcome",
            Ground::Residents => "s33(2)(c) in the interests of people living in the area",
            Ground::Executive => "s33(2)(d) every member of the executive barred",
            Ground::Appropriate => "s33(2)(e) otherwise appropriate",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Ground, FieldError> {
        let all = [
            Ground::Business,
            Ground::Balance,
            Ground::Residents,
            Ground::Executive,
            Ground::Appropriate,
        ];
        let w = raw.trim().to_lowercase();
        let w = w.trim_start_matches("s33(2)");
        let letter = match w {
            "(a)" | "a" => Some(Ground::Business),
            "(b)" | "b" => Some(Ground::Balance),
            "(c)" | "c" => Some(Ground::Residents),
            "(d)" | "d" => Some(Ground::Executive),
            "(e)" | "e" => Some(Ground::Appropriate),
            _ => None,
        };
        letter
            .or_else(|| all.into_iter().find(|g| g.word() == w))
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!(
                        "'{}' is not a ground in s33(2) ({})",
                        raw.trim(),
                        GROUNDS.join(", ")
                    ),
                )
            })
    }
}

/// Who decided it (LGA 1972 s101 lets the council delegate to a committee or an officer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecidedBy {
    Council,
    Committee(String),
    Officer(String),
}

impl DecidedBy {
    pub fn label(&self) -> String {
        match self {
            DecidedBy::Council => "the council".into(),
            DecidedBy::Committee(c) => format!("committee: {c}"),
            DecidedBy::Officer(o) => format!("officer under delegation: {o}"),
        }
    }
}

/// A grant: the decision and its period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grant {
    pub on: NaiveDate,
    pub ground: Ground,
    pub by: DecidedBy,
    pub minute: String,
    /// The day it expires (the last day it has effect).
    pub until: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DispensationState {
    /// Asked for in writing; not yet decided.
    Requested,
    Granted,
    Refused,
    /// The period ran out; kept as history.
    Expired,
    /// Withdrawn before it expired; kept as history.
    Revoked,
}

impl DispensationState {
    pub fn label(self) -> &'static str {
        match self {
            DispensationState::Requested => "requested",
            DispensationState::Granted => "granted",
            DispensationState::Refused => "refused",
            DispensationState::Expired => "expired",
            DispensationState::Revoked => "revoked",
        }
    }
}

/// One entry in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispensation {
    pub id: u32,
    pub member: MemberId,
    /// The matters or kinds of business it covers.
    pub business: String,
    /// The day the written request reached the Proper Officer.
    pub requested_on: NaiveDate,
    pub state: DispensationState,
    pub grant: Option<Grant>,
    /// Refused: the day and the reason.
    pub refused: Option<(NaiveDate, String)>,
    /// Revoked: the day, the minute and the reason.
    pub revoked: Option<(NaiveDate, String, String)>,
}

/// What the clerk types to record a request; each value as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DispensationInput {
    /// M-003 or an exact name.
    pub member: String,
    pub business: String,
    pub requested_on: String,
}

/// The last day a period starting `from` may run to: the same day four years on (s33(3)); a
/// period starting 29 February ends on 28 February when the fourth year is not a leap year.
pub fn latest_expiry(from: NaiveDate) -> NaiveDate {
    from.checked_add_months(Months::new(48)).unwrap_or(from)
}

/// A member, as [`Context::find_person`] finds them.
fn resolve_member(field: &'static str, raw: &str, ctx: &Context) -> Result<MemberId, FieldError> {
    match ctx.find_known_person(field, raw, Among::Members)? {
        Found::Member(id) => Ok(id),
        Found::Officer(id) => Err(FieldError::new(
            field,
            format!("{id} is an officer: a dispensation is a member's"),
        )),
    }
}

/// Where a dispensation stands against its expiry today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DispensationDue {
    /// Not decided yet.
    Undecided,
    /// Granted; expires on `until` (a calendar date).
    Runs { until: NaiveDate },
    /// Past its expiry date but not yet recorded as expired.
    Lapsed { until: NaiveDate },
    /// Refused, expired or revoked.
    Closed,
}

impl DispensationDue {
    pub fn label(&self, today: NaiveDate) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 day".to_string()
            } else {
                format!("{n} days")
            }
        };
        match self {
            DispensationDue::Undecided => "awaiting a decision".into(),
            DispensationDue::Runs { until } => {
                let left = (*until - today).num_days();
                let word = if left <= SOON_DAYS {
                    "EXPIRES SOON"
                } else {
                    "expires"
                };
                format!("{word} on {} ({} left)", dates::show(*until), days(left))
            }
            DispensationDue::Lapsed { until } => format!(
                "EXPIRED on {} ({} ago): record it",
                dates::show(*until),
                days((today - *until).num_days())
            ),
            DispensationDue::Closed => "closed".into(),
        }
    }

    /// Expiring within [`SOON_DAYS`] or already lapsed.
    pub fn needs_attention(&self, today: NaiveDate) -> bool {
        match self {
            DispensationDue::Runs { until } => (*until - today).num_days() <= SOON_DAYS,
            DispensationDue::Lapsed { .. } => true,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DispensationActionKind {
    Grant,
    Refuse,
    Expire,
    Revoke,
}

impl DispensationActionKind {
    pub const ALL: [DispensationActionKind; 4] = [
        DispensationActionKind::Grant,
        DispensationActionKind::Refuse,
        DispensationActionKind::Expire,
        DispensationActionKind::Revoke,
    ];
}

inherent_spec_methods!(DispensationActionKind);

/// One step on a dispensation, each value as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DispensationAction {
    Grant {
        on: String,
        ground: String,
        by: String,
        body: String,
        minute: String,
        until: String,
    },
    Refuse {
        on: String,
        reason: String,
    },
    Expire,
    Revoke {
        on: String,
        minute: String,
        reason: String,
    },
}

impl DispensationAction {
    pub fn kind(&self) -> DispensationActionKind {
        match self {
            DispensationAction::Grant { .. } => DispensationActionKind::Grant,
            DispensationAction::Refuse { .. } => DispensationActionKind::Refuse,
            DispensationAction::Expire => DispensationActionKind::Expire,
            DispensationAction::Revoke { .. } => DispensationActionKind::Revoke,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispensationEvent {
    pub dispensation: Dispensation,
    pub action: &'static str,
    pub note: Option<String>,
}

fn required_note(field: &'static str, raw: &str, say: &str) -> Result<String, FieldError> {
    let n = text::note(field, raw)?;
    if n.trim().is_empty() {
        Err(FieldError::new(field, say.to_string()))
    } else {
        Ok(n)
    }
}

impl Dispensation {
    /// A new request, or the fields that are wrong. Not received in the future.
    pub fn create(
        id: u32,
        input: &DispensationInput,
        ctx: &Context,
    ) -> Result<Dispensation, Rejection> {
        let mut errors = FieldErrors::default();
        let member = errors.keep(resolve_member("member", &input.member, ctx));
        let business = errors.keep(required_note(
            "business",
            &input.business,
            "say which matters or kinds of business it covers",
        ));
        let requested_on = errors.keep(dates::parse_date("requested", &input.requested_on));
        if let Some(r) = requested_on {
            if r > ctx.today {
                errors.push(FieldError::new("requested", "is after today"));
            }
        }
        match (member, business, requested_on, errors.is_empty()) {
            (Some(member), Some(business), Some(requested_on), true) => Ok(Dispensation {
                id,
                member,
                business,
                requested_on,
                state: DispensationState::Requested,
                grant: None,
                refused: None,
                revoked: None,
            }),
            _ => Err(Rejection::Invalid(errors.0)),
        }
    }

    pub fn reference(&self) -> String {
        reference(self.id)
    }

    pub fn cite(&self) -> Cite {
        Cite::new(RULE, CLAUSE)
    }

    pub fn until(&self) -> Option<NaiveDate> {
        self.grant.as_ref().map(|g| g.until)
    }

    /// Where it stands against its expiry today.
    pub fn due(&self, ctx: &Context) -> DispensationDue {
        match (self.state, &self.grant) {
            (DispensationState::Requested, _) => DispensationDue::Undecided,
            (DispensationState::Granted, Some(g)) if ctx.today > g.until => {
                DispensationDue::Lapsed { until: g.until }
            }
            (DispensationState::Granted, Some(g)) => DispensationDue::Runs { until: g.until },
            _ => DispensationDue::Closed,
        }
    }

    /// The one guard for `available` and `apply`: why `kind` cannot be taken now, if it cannot.
    fn blocked(&self, kind: DispensationActionKind, ctx: &Context) -> Option<Refusal> {
        use DispensationActionKind as K;
        use DispensationState as S;
        let r = self.reference();
        match (kind, self.state) {
            (_, S::Refused | S::Expired | S::Revoked) => Some(Refusal::new(
                "R-D4",
                "entries end, they are never deleted or reopened",
                format!(
                    "{r} was {}: it is kept as history and takes no more steps (a new request starts a new entry)",
                    self.state.label()
                ),
            )),
            (K::Grant | K::Refuse, S::Granted) => Some(Refusal::new(
                RULE,
                CLAUSE,
                format!("{r} has been decided already (granted)"),
            )),
            (K::Expire | K::Revoke, S::Requested) => Some(Refusal::new(
                RULE,
                CLAUSE,
                format!("{r} has not been granted: only a granted dispensation expires or is revoked"),
            )),
            (K::Expire, S::Granted) => match self.until() {
                Some(until) if ctx.today < until => Some(Refusal::new(
                    RULE,
                    CLAUSE,
                    format!(
                        "{r} runs until {}: revoke it to end it sooner",
                        dates::show(until)
                    ),
                )),
                _ => None,
            },
            _ => None,
        }
    }

    /// What may be done now: exactly what `apply` accepts for the record's state.
    fn offered(&self, ctx: &Context) -> Vec<DispensationActionKind> {
        DispensationActionKind::ALL
            .into_iter()
            .filter(|k| self.blocked(*k, ctx).is_none())
            .collect()
    }

    /// Why `kind` is not offered now (with its rule), or a note that it is.
    fn why_not(&self, kind: DispensationActionKind, ctx: &Context) -> Refusal {
        self.blocked(kind, ctx)
            .unwrap_or_else(|| Refusal::new(RULE, CLAUSE, format!("{} is open now", kind.label())))
    }

    fn step(
        &self,
        action: DispensationAction,
        ctx: &Context,
    ) -> Result<DispensationEvent, Rejection> {
        if let Some(refusal) = self.blocked(action.kind(), ctx) {
            return Err(refusal.into());
        }
        let mut next = self.clone();
        let not_before_request = |field: &'static str, on: NaiveDate| -> Result<(), Rejection> {
            if on > ctx.today {
                return Err(FieldError::new(field, "is after today").into());
            }
            if on < self.requested_on {
                return Err(FieldError::new(field, "is before the written request").into());
            }
            Ok(())
        };
        let (name, note) = match action {
            DispensationAction::Grant {
                on,
                ground,
                by,
                body,
                minute,
                until,
            } => {
                let mut errors = FieldErrors::default();
                let on_day = errors.keep(dates::parse_date("granted on", &on));
                let ground = errors.keep(Ground::parse("ground", &ground));
                let body = text::optional_name("committee or officer", &body);
                let by = match (by.trim().to_lowercase().as_str(), body) {
                    (_, Err(e)) => {
                        errors.push(e);
                        None
                    }
                    ("council", _) => Some(DecidedBy::Council),
                    ("committee", Ok(Some(b))) => Some(DecidedBy::Committee(b)),
                    ("officer", Ok(Some(b))) => Some(DecidedBy::Officer(b)),
                    ("committee" | "officer", Ok(None)) => {
                        errors.push(FieldError::new(
                            "committee or officer",
                            "name the committee or the officer who decided",
                        ));
                        None
                    }
                    (other, _) => {
                        errors.push(FieldError::new(
                            "decided by",
                            format!("'{other}' is not council, committee or officer"),
                        ));
                        None
                    }
                };
                let minute = errors.keep(text::required_name("minute", &minute));
                let until = errors.keep(dates::parse_date("expires on", &until));
                let (Some(on_day), Some(ground), Some(by), Some(minute), Some(until), true) =
                    (on_day, ground, by, minute, until, errors.is_empty())
                else {
                    return Err(Rejection::Invalid(errors.0));
                };
                not_before_request("granted on", on_day)?;
                if until < on_day {
                    return Err(
                        FieldError::new("expires on", "is before the day it was granted").into(),
                    );
                }
                let latest = latest_expiry(on_day);
                if until > latest {
                    return Err(Refusal::new(
                        RULE,
                        LIMIT_CLAUSE,
                        format!(
                            "a dispensation may not last more than four years: granted on {} it can run to {} at the latest, not {}",
                            dates::show(on_day),
                            dates::show(latest),
                            dates::show(until)
                        ),
                    )
                    .into());
                }
                next.state = DispensationState::Granted;
                next.grant = Some(Grant {
                    on: on_day,
                    ground,
                    by,
                    minute,
                    until,
                });
                ("granted", None)
            }
            DispensationAction::Refuse { on, reason } => {
                let on = dates::parse_date("refused on", &on)?;
                let reason = required_note("reason", &reason, "say why it was refused")?;
                not_before_request("refused on", on)?;
                next.state = DispensationState::Refused;
                next.refused = Some((on, reason.clone()));
                ("refused", Some(reason))
            }
            DispensationAction::Expire => {
                next.state = DispensationState::Expired;
                ("expired", None)
            }
            DispensationAction::Revoke { on, minute, reason } => {
                let mut errors = FieldErrors::default();
                let on = errors.keep(dates::parse_date("revoked on", &on));
                let minute = errors.keep(text::required_name("minute", &minute));
                let reason =
                    errors.keep(required_note("reason", &reason, "say why it was revoked"));
                let (Some(on), Some(minute), Some(reason), true) =
                    (on, minute, reason, errors.is_empty())
                else {
                    return Err(Rejection::Invalid(errors.0));
                };
                if on > ctx.today {
                    return Err(FieldError::new("revoked on", "is after today").into());
                }
                if let Some(g) = &self.grant {
                    if on < g.on {
                        return Err(FieldError::new(
                            "revoked on",
                            "is before the day it was granted",
                        )
                        .into());
                    }
                }
                next.state = DispensationState::Revoked;
                next.revoked = Some((on, minute, reason.clone()));
                ("revoked", Some(reason))
            }
        };
        Ok(DispensationEvent {
            dispensation: next,
            action: name,
            note,
        })
    }

    /// The entry's fields for the audit trail and `show`, by name.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        let g = self.grant.as_ref();
        vec![
            ("member", self.member.to_string()),
            ("business", self.business.clone()),
            ("requested", dates::show(self.requested_on)),
            ("state", self.state.label().into()),
            ("granted", g.map(|g| dates::show(g.on)).unwrap_or_default()),
            (
                "ground",
                g.map(|g| g.ground.label().to_string()).unwrap_or_default(),
            ),
            ("decided by", g.map(|g| g.by.label()).unwrap_or_default()),
            ("minute", g.map(|g| g.minute.clone()).unwrap_or_default()),
            (
                "expires",
                g.map(|g| dates::show(g.until)).unwrap_or_default(),
            ),
            (
                "refused",
                self.refused
                    .as_ref()
                    .map(|(on, r)| format!("{}: {r}", dates::show(*on)))
                    .unwrap_or_default(),
            ),
            (
                "revoked",
                self.revoked
                    .as_ref()
                    .map(|(on, m, r)| format!("{} ({m}): {r}", dates::show(*on)))
                    .unwrap_or_default(),
            ),
        ]
    }
}

impl Machine for Dispensation {
    type Kind = DispensationActionKind;
    type Action = DispensationAction;
    type Event = DispensationEvent;

    fn available(&self, ctx: &Context) -> Vec<DispensationActionKind> {
        self.offered(ctx)
    }

    fn not_now(&self, kind: DispensationActionKind, ctx: &Context) -> Refusal {
        self.why_not(kind, ctx)
    }

    fn apply(
        &self,
        action: DispensationAction,
        ctx: &Context,
    ) -> Result<DispensationEvent, Rejection> {
        self.step(action, ctx)
    }

    fn kind_of(action: &DispensationAction) -> DispensationActionKind {
        action.kind()
    }

    fn record(event: &DispensationEvent) -> &Dispensation {
        &event.dispensation
    }
}
