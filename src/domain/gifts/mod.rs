//! The register of gifts and hospitality (R-D5): what a member or an officer received or declined,
//! from whom, its estimated value, the day it was received and the day it was notified.
//!
//! Members register with the Monitoring Officer anything worth at least the code's threshold within
//! its time limit (LGA Model Councillor Code of Conduct 2020: £50 and 28 days, the defaults);
//! officers under their terms of employment, with the council's own pair for them. Both pairs are
//! council settings ([`GiftSettings`]), passed in: the domain reads no store. The deadline counts
//! calendar days from receipt and, if it falls on a day the office is shut, moves to the next day
//! of the council calendar. Entries are never deleted: they end (R-D4).

mod spec;
#[cfg(test)]
mod tests;

use crate::domain::machine::Machine;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::calendar::{CalendarKind, Counted};
use super::dates;
use super::ids::{MemberId, OfficerId};
use super::machine::inherent_spec_methods;
use super::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use super::text;
use super::{Among, Context, Found};

/// The rule and the code behind every refusal and deadline of this register.
pub const RULE: &str = "R-D5";
pub const MEMBERS_CLAUSE: &str = "LGA Model Councillor Code of Conduct 2020, gifts and hospitality";
pub const OFFICERS_CLAUSE: &str = "officers' terms of employment (council setting)";

/// `H-0007`: a gift or hospitality entry (H for hospitality: G is a political group).
pub fn reference(id: u32) -> String {
    format!("H-{id:04}")
}

/// One threshold and time limit: a council setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    /// Register anything worth at least this, in pence.
    pub pence: u64,
    /// Within this many days of receiving it.
    pub days: u32,
}

/// The council's settings for the register: one pair for members (the model code's defaults), one
/// for officers, and whether officers' entries are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftSettings {
    pub members: Threshold,
    pub officers: Threshold,
    /// Officers' entries go in the public export only when the council says so.
    pub publish_officers: bool,
}

impl Default for GiftSettings {
    /// The model code's £50 and 28 days for members; the same pair for officers until the council
    /// sets the one in its terms of employment; officers' entries not published.
    fn default() -> Self {
        let code = Threshold {
            pence: 5_000,
            days: 28,
        };
        GiftSettings {
            members: code,
            officers: code,
            publish_officers: false,
        }
    }
}

impl GiftSettings {
    pub fn for_recipient(&self, r: Recipient) -> Threshold {
        match r {
            Recipient::Member(_) => self.members,
            Recipient::Officer(_) => self.officers,
        }
    }
}

/// Who was offered it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Recipient {
    Member(MemberId),
    Officer(OfficerId),
}

impl Recipient {
    pub fn cite(self) -> Cite {
        match self {
            Recipient::Member(_) => Cite::new(RULE, MEMBERS_CLAUSE),
            Recipient::Officer(_) => Cite::new(RULE, OFFICERS_CLAUSE),
        }
    }

    pub fn is_member(self) -> bool {
        matches!(self, Recipient::Member(_))
    }
}

/// Received (accepted) or declined: significant offers declined are registered too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Offer {
    Received,
    Declined,
}

impl Offer {
    pub fn label(self) -> &'static str {
        match self {
            Offer::Received => "received",
            Offer::Declined => "declined",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_lowercase().as_str() {
            "" | "received" | "accepted" => Ok(Offer::Received),
            "declined" | "refused" => Ok(Offer::Declined),
            other => Err(FieldError::new(
                field,
                format!("'{other}' is not received or declined"),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum GiftState {
    /// Recorded; not yet notified.
    Open,
    /// Notified to the Monitoring Officer (members) or the officer's manager (officers).
    Notified,
    /// Ended, kept as history (R-D4).
    Ended,
}

impl GiftState {
    pub fn label(self) -> &'static str {
        match self {
            GiftState::Open => "not yet notified",
            GiftState::Notified => "notified",
            GiftState::Ended => "ended",
        }
    }
}

/// One entry in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gift {
    pub id: u32,
    pub recipient: Recipient,
    pub offer: Offer,
    pub giver: String,
    pub description: String,
    /// The estimated value, in pence.
    pub value_pence: u64,
    /// The day it was received (or offered, when declined).
    pub received_on: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    pub state: GiftState,
    pub ended: Option<(NaiveDate, String)>,
}

/// What the clerk types to record an entry; each value as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GiftInput {
    /// A member or an officer: M-003, O-002, or an exact name.
    pub recipient: String,
    pub offer: String,
    pub giver: String,
    pub description: String,
    /// `£50`, `50`, `49.99`.
    pub value: String,
    pub received_on: String,
    /// Empty: not yet notified.
    pub notified_on: String,
}

/// `£1,234.50` → pence.
pub fn parse_pounds(field: &'static str, raw: &str) -> Result<u64, FieldError> {
    let cleaned: String = raw
        .trim()
        .trim_start_matches('£')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let bad = || {
        FieldError::new(
            field,
            format!("'{}' is not an amount in pounds (50, £49.99)", raw.trim()),
        )
    };
    let (pounds, pence) = match cleaned.split_once('.') {
        Some((p, f)) if f.len() <= 2 && !f.is_empty() && f.chars().all(|c| c.is_ascii_digit()) => {
            let f = if f.len() == 1 {
                format!("{f}0")
            } else {
                f.to_string()
            };
            (p, f.parse::<u64>().map_err(|_| bad())?)
        }
        Some(_) => return Err(bad()),
        None => (cleaned.as_str(), 0),
    };
    if pounds.is_empty() || !pounds.chars().all(|c| c.is_ascii_digit()) || pounds.len() > 9 {
        return Err(bad());
    }
    let pounds = pounds.parse::<u64>().map_err(|_| bad())?;
    Ok(pounds * 100 + pence)
}

/// `£50.00`
pub fn show_pounds(pence: u64) -> String {
    format!("£{}.{:02}", pence / 100, pence % 100)
}

/// A member or an officer, as [`Context::find_person`] finds them.
fn resolve_recipient(
    field: &'static str,
    raw: &str,
    ctx: &Context,
) -> Result<Recipient, FieldError> {
    match ctx.find_known_person(field, raw, Among::Anyone)? {
        Found::Member(id) => Ok(Recipient::Member(id)),
        Found::Officer(id) => Ok(Recipient::Officer(id)),
    }
}

/// The last day to notify a gift received on `received_on` under `limit`: `days` calendar days
/// after receipt, moved on to the next working day of the council calendar when the office is
/// shut that day.
pub fn notify_by(received_on: NaiveDate, limit: Threshold, ctx: &Context) -> NaiveDate {
    let cal = ctx.calendars.get(CalendarKind::Council);
    let mut due = received_on
        .checked_add_days(Days::new(u64::from(limit.days)))
        .unwrap_or(received_on);
    // A fortnight of closures at most (Christmas); never loops for ever.
    for _ in 0..14 {
        if cal.is_working_day(due) {
            break;
        }
        due = due.succ_opt().unwrap_or(due);
    }
    due
}

/// The state of an entry's deadline, as lists and the Due view show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GiftDue {
    /// Under the threshold: registering is not required (recorded anyway).
    NotRequired,
    Due {
        by: NaiveDate,
    },
    Overdue {
        by: NaiveDate,
    },
    Met {
        by: NaiveDate,
        on: NaiveDate,
    },
    MetLate {
        by: NaiveDate,
        on: NaiveDate,
    },
    Ended,
}

impl GiftDue {
    pub fn label(&self, today: NaiveDate) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 day".to_string()
            } else {
                format!("{n} days")
            }
        };
        match self {
            GiftDue::NotRequired => "under the threshold".into(),
            GiftDue::Due { by } => format!(
                "DUE by {} ({} left)",
                dates::show(*by),
                days((*by - today).num_days())
            ),
            GiftDue::Overdue { by } => format!(
                "OVERDUE since {} ({})",
                dates::show(*by),
                days((today - *by).num_days())
            ),
            GiftDue::Met { .. } => "met".into(),
            GiftDue::MetLate { by, on } => {
                format!(
                    "met LATE ({} after {})",
                    days((*on - *by).num_days()),
                    dates::show(*by)
                )
            }
            GiftDue::Ended => "ended".into(),
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self, GiftDue::Overdue { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GiftActionKind {
    Notify,
    Correct,
    End,
}

impl GiftActionKind {
    pub const ALL: [GiftActionKind; 3] = [
        GiftActionKind::Notify,
        GiftActionKind::Correct,
        GiftActionKind::End,
    ];
}

inherent_spec_methods!(GiftActionKind);

/// One step on an entry, each value as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GiftAction {
    /// It was notified (to the Monitoring Officer, or the officer's manager) on this day.
    Notify {
        on: String,
    },
    /// Correct the estimated value or the description before it is notified.
    Correct {
        value: String,
        description: String,
    },
    End {
        on: String,
        reason: String,
    },
}

impl GiftAction {
    pub fn kind(&self) -> GiftActionKind {
        match self {
            GiftAction::Notify { .. } => GiftActionKind::Notify,
            GiftAction::Correct { .. } => GiftActionKind::Correct,
            GiftAction::End { .. } => GiftActionKind::End,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftEvent {
    pub gift: Gift,
    pub action: &'static str,
    pub note: Option<String>,
}

impl Gift {
    /// A new entry, or the fields that are wrong. Nothing received in the future; a notification
    /// neither before receipt nor in the future.
    pub fn create(
        id: u32,
        input: &GiftInput,
        settings: &GiftSettings,
        ctx: &Context,
    ) -> Result<Gift, Rejection> {
        let mut errors = FieldErrors::default();
        let recipient = errors.keep(resolve_recipient("recipient", &input.recipient, ctx));
        let offer = errors.keep(Offer::parse("offer", &input.offer));
        let giver = errors.keep(text::required_name("giver", &input.giver));
        let description =
            errors.keep(text::note("description", &input.description).and_then(|d| {
                if d.trim().is_empty() {
                    Err(FieldError::new(
                        "description",
                        "say what the gift or hospitality was",
                    ))
                } else {
                    Ok(d)
                }
            }));
        let value_pence = errors.keep(parse_pounds("value", &input.value));
        let received_on = errors.keep(dates::parse_date("received", &input.received_on));
        let notified_on = errors.keep(dates::parse_optional_date("notified", &input.notified_on));
        if let Some(r) = received_on {
            if r > ctx.today {
                errors.push(FieldError::new("received", "is after today"));
            }
            if let Some(Some(n)) = notified_on {
                if n < r {
                    errors.push(FieldError::new(
                        "notified",
                        "is before the day it was received",
                    ));
                }
            }
        }
        if let Some(Some(n)) = notified_on {
            if n > ctx.today {
                errors.push(FieldError::new("notified", "is after today"));
            }
        }
        let _ = settings;
        match (
            recipient,
            offer,
            giver,
            description,
            value_pence,
            received_on,
            notified_on,
            errors.is_empty(),
        ) {
            (
                Some(recipient),
                Some(offer),
                Some(giver),
                Some(description),
                Some(value_pence),
                Some(received_on),
                Some(notified_on),
                true,
            ) => Ok(Gift {
                id,
                recipient,
                offer,
                giver,
                description,
                value_pence,
                received_on,
                notified_on,
                state: if notified_on.is_some() {
                    GiftState::Notified
                } else {
                    GiftState::Open
                },
                ended: None,
            }),
            _ => Err(Rejection::Invalid(errors.0)),
        }
    }

    pub fn reference(&self) -> String {
        reference(self.id)
    }

    pub fn cite(&self) -> Cite {
        self.recipient.cite()
    }

    /// Whether the code requires it registered: worth at least the threshold.
    pub fn must_register(&self, settings: &GiftSettings) -> bool {
        self.value_pence >= settings.for_recipient(self.recipient).pence
    }

    /// The last day to notify it (whether or not it must be).
    pub fn notify_by(&self, settings: &GiftSettings, ctx: &Context) -> NaiveDate {
        notify_by(
            self.received_on,
            settings.for_recipient(self.recipient),
            ctx,
        )
    }

    /// How [`Gift::notify_by`] counts: the setting's days, then the council's next working day.
    pub fn counted(&self, settings: &GiftSettings) -> Counted {
        Counted::DaysThenWorkingDay(
            settings.for_recipient(self.recipient).days,
            CalendarKind::Council,
        )
    }

    /// Where the entry stands against its deadline today.
    pub fn due(&self, settings: &GiftSettings, ctx: &Context) -> GiftDue {
        if self.state == GiftState::Ended {
            return GiftDue::Ended;
        }
        if !self.must_register(settings) {
            return GiftDue::NotRequired;
        }
        let by = self.notify_by(settings, ctx);
        match self.notified_on {
            Some(on) if on <= by => GiftDue::Met { by, on },
            Some(on) => GiftDue::MetLate { by, on },
            None if ctx.today > by => GiftDue::Overdue { by },
            None => GiftDue::Due { by },
        }
    }

    /// The one guard for `available` and `apply`: why `kind` cannot be taken now, if it cannot.
    fn blocked(&self, kind: GiftActionKind) -> Option<Refusal> {
        let clause = "R-D4 / the register's steps";
        match (kind, self.state) {
            (_, GiftState::Ended) => Some(Refusal::new(
                "R-D4",
                "entries end, they are never deleted or reopened",
                format!(
                    "{} has ended: it is kept as history and takes no more steps",
                    self.reference()
                ),
            )),
            (GiftActionKind::Notify, GiftState::Notified) => Some(Refusal::new(
                RULE,
                MEMBERS_CLAUSE,
                format!("{} was already notified", self.reference()),
            )),
            (GiftActionKind::Correct, GiftState::Notified) => Some(Refusal::new(
                RULE,
                clause,
                format!(
                    "{} has been notified as it stands: end it and record a new entry instead",
                    self.reference()
                ),
            )),
            _ => None,
        }
    }

    /// What may be done now: exactly what `apply` accepts for the entry's state.
    fn offered(&self, _ctx: &Context) -> Vec<GiftActionKind> {
        GiftActionKind::ALL
            .into_iter()
            .filter(|k| self.blocked(*k).is_none())
            .collect()
    }

    /// Why `kind` is not offered now (with its rule), or a note that it is.
    fn why_not(&self, kind: GiftActionKind, _ctx: &Context) -> Refusal {
        self.blocked(kind).unwrap_or_else(|| {
            Refusal::new(
                RULE,
                MEMBERS_CLAUSE,
                format!("{} is open now", kind.label()),
            )
        })
    }

    fn step(&self, action: GiftAction, ctx: &Context) -> Result<GiftEvent, Rejection> {
        if let Some(refusal) = self.blocked(action.kind()) {
            return Err(refusal.into());
        }
        let mut next = self.clone();
        let (name, note) = match action {
            GiftAction::Notify { on } => {
                let on = dates::parse_date("notified on", &on)?;
                if on > ctx.today {
                    return Err(FieldError::new("notified on", "is after today").into());
                }
                if on < self.received_on {
                    return Err(FieldError::new(
                        "notified on",
                        "is before the day it was received",
                    )
                    .into());
                }
                next.notified_on = Some(on);
                next.state = GiftState::Notified;
                ("notified", None)
            }
            GiftAction::Correct { value, description } => {
                let mut errors = FieldErrors::default();
                let v = errors.keep(parse_pounds("value", &value));
                let d = errors.keep(text::note("description", &description).and_then(|d| {
                    if d.trim().is_empty() {
                        Err(FieldError::new(
                            "description",
                            "say what the gift or hospitality was",
                        ))
                    } else {
                        Ok(d)
                    }
                }));
                match (v, d) {
                    (Some(v), Some(d)) if errors.is_empty() => {
                        next.value_pence = v;
                        next.description = d;
                    }
                    _ => return Err(Rejection::Invalid(errors.0)),
                }
                ("corrected", None)
            }
            GiftAction::End { on, reason } => {
                let on = dates::parse_date("last day", &on)?;
                let reason = text::note("reason", &reason)?;
                if reason.trim().is_empty() {
                    return Err(FieldError::new("reason", "say why the entry ends").into());
                }
                if on < self.received_on {
                    return Err(
                        FieldError::new("last day", "is before the day it was received").into(),
                    );
                }
                next.state = GiftState::Ended;
                next.ended = Some((on, reason.clone()));
                ("ended", Some(reason))
            }
        };
        Ok(GiftEvent {
            gift: next,
            action: name,
            note,
        })
    }

    /// The entry's fields for the audit trail, by name.
    /// What a correction keeps of a field it is not given: the value and the description as
    /// they stand, by the correction's field names (`gifts do REF correct`, a form, the demo).
    pub fn as_it_stands(&self) -> Vec<(&'static str, String)> {
        self.fields()
            .into_iter()
            .filter(|(name, _)| matches!(*name, "value" | "description"))
            .collect()
    }

    pub fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("recipient", recipient_ref(self.recipient)),
            ("offer", self.offer.label().into()),
            ("giver", self.giver.clone()),
            ("description", self.description.clone()),
            ("value", show_pounds(self.value_pence)),
            ("received", dates::show(self.received_on)),
            (
                "notified",
                self.notified_on.map(dates::show).unwrap_or_default(),
            ),
            ("state", self.state.label().into()),
            (
                "ended",
                self.ended
                    .as_ref()
                    .map(|(on, _)| dates::show(*on))
                    .unwrap_or_default(),
            ),
            (
                "end reason",
                self.ended
                    .as_ref()
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default(),
            ),
        ]
    }
}

impl Machine for Gift {
    type Kind = GiftActionKind;
    type Action = GiftAction;
    type Event = GiftEvent;

    fn available(&self, ctx: &Context) -> Vec<GiftActionKind> {
        self.offered(ctx)
    }

    fn not_now(&self, kind: GiftActionKind, ctx: &Context) -> Refusal {
        self.why_not(kind, ctx)
    }

    fn apply(&self, action: GiftAction, ctx: &Context) -> Result<GiftEvent, Rejection> {
        self.step(action, ctx)
    }

    fn kind_of(action: &GiftAction) -> GiftActionKind {
        action.kind()
    }

    fn record(event: &GiftEvent) -> &Gift {
        &event.gift
    }
}

/// `M-003` / `O-002`
pub fn recipient_ref(r: Recipient) -> String {
    match r {
        Recipient::Member(m) => m.to_string(),
        Recipient::Officer(o) => o.to_string(),
    }
}

/// The name of the member or officer, or their reference when not found.
pub fn recipient_name(r: Recipient, ctx: &Context) -> String {
    match r {
        Recipient::Member(id) => ctx.member(id).map(|m| m.name.clone()),
        Recipient::Officer(id) => ctx.officer(id).map(|o| o.name.clone()),
    }
    .unwrap_or_else(|| recipient_ref(r))
}

/// One row of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GiftRow {
    pub reference: String,
    pub name: String,
    pub role: &'static str,
    pub offer: &'static str,
    pub giver: String,
    pub description: String,
    pub value: String,
    pub received_on: String,
    pub notified_on: String,
    pub status: String,
    pub ended_on: String,
    pub end_reason: String,
}

/// The columns of the export; the public one leaves out those marked `false`.
pub const EXPORT_COLUMNS: [(&str, bool); 12] = [
    ("reference", true),
    ("name", true),
    ("role", true),
    ("offer", true),
    ("giver", true),
    ("description", true),
    ("value", true),
    ("received_on", true),
    ("notified_on", true),
    ("status", false),
    ("ended_on", false),
    ("end_reason", false),
];

impl GiftRow {
    pub fn value_of(&self, column: &str) -> String {
        match column {
            "reference" => self.reference.clone(),
            "name" => self.name.clone(),
            "role" => self.role.into(),
            "offer" => self.offer.into(),
            "giver" => self.giver.clone(),
            "description" => self.description.clone(),
            "value" => self.value.clone(),
            "received_on" => self.received_on.clone(),
            "notified_on" => self.notified_on.clone(),
            "status" => self.status.clone(),
            "ended_on" => self.ended_on.clone(),
            "end_reason" => self.end_reason.clone(),
            _ => String::new(),
        }
    }
}

/// The rows of the export. The public register holds members' current entries, officers' only
/// when the council's setting says so, and none of the clerk's tracking (status, endings).
pub fn export_rows(
    entries: &[Gift],
    settings: &GiftSettings,
    ctx: &Context,
    public: bool,
) -> Vec<GiftRow> {
    let mut rows: Vec<&Gift> = entries
        .iter()
        .filter(|g| {
            !public
                || (g.state != GiftState::Ended
                    && (g.recipient.is_member() || settings.publish_officers))
        })
        .collect();
    rows.sort_by_key(|g| g.id);
    rows.into_iter()
        .map(|g| GiftRow {
            reference: g.reference(),
            name: recipient_name(g.recipient, ctx),
            role: if g.recipient.is_member() {
                "member"
            } else {
                "officer"
            },
            offer: g.offer.label(),
            giver: g.giver.clone(),
            description: g.description.clone(),
            value: show_pounds(g.value_pence),
            received_on: dates::show(g.received_on),
            notified_on: g.notified_on.map(dates::show).unwrap_or_default(),
            status: if public {
                String::new()
            } else {
                g.due(settings, ctx).label(ctx.today)
            },
            ended_on: if public {
                String::new()
            } else {
                g.ended
                    .as_ref()
                    .map(|(on, _)| dates::show(*on))
                    .unwrap_or_default()
            },
            end_reason: if public {
                String::new()
            } else {
                g.ended.as_ref().map(|(_, r)| r.clone()).unwrap_or_default()
            },
        })
        .collect()
}
