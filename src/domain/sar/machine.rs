//! The subject access request record and its machine (R-DP1).

use crate::domain::machine::Machine;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::calendar::{CalendarKind, Counted};
use crate::domain::dates;
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::machine::inherent_spec_methods;
use crate::domain::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use crate::domain::text;
use crate::domain::{Among, Context, Found};

pub const RULE: &str = "R-DP1";
pub const CLAUSE: &str = "UK GDPR Art 12(3)";

/// `S-0003`: a subject access request.
pub fn reference(id: u32) -> String {
    format!("S-{id:04}")
}

/// Who asked: a member, an officer, or someone else by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Requester {
    Member(MemberId),
    Officer(OfficerId),
    Other(String),
}

impl Requester {
    /// `M-003`, `O-002` or the name given.
    pub fn reference(&self) -> String {
        match self {
            Requester::Member(m) => m.to_string(),
            Requester::Officer(o) => o.to_string(),
            Requester::Other(name) => name.clone(),
        }
    }

    pub fn name(&self, ctx: &Context) -> String {
        match self {
            Requester::Member(id) => ctx.member(*id).map(|m| m.name.clone()),
            Requester::Officer(id) => ctx.officer(*id).map(|o| o.name.clone()),
            Requester::Other(name) => Some(name.clone()),
        }
        .unwrap_or_else(|| self.reference())
    }
}

/// A member or officer as [`Context::find_person`] finds them; anyone else by name.
fn resolve_requester(
    field: &'static str,
    raw: &str,
    ctx: &Context,
) -> Result<Requester, FieldError> {
    if raw.trim().is_empty() {
        return text::required_name(field, raw).map(Requester::Other);
    }
    match ctx.find_person(field, raw, Among::Anyone)? {
        Some(Found::Member(id)) => Ok(Requester::Member(id)),
        Some(Found::Officer(id)) => Ok(Requester::Officer(id)),
        None => text::required_name(field, raw).map(Requester::Other),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SarState {
    Received,
    Extended,
    Answered,
}

impl SarState {
    pub fn label(self) -> &'static str {
        match self {
            SarState::Received => "received",
            SarState::Extended => "extended",
            SarState::Answered => "answered",
        }
    }
}

/// One subject access request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sar {
    pub id: u32,
    pub requester: Requester,
    pub received_on: NaiveDate,
    /// What they asked for.
    pub what: String,
    /// The day the proof of identity or the clarification asked for arrived.
    pub identity_on: Option<NaiveDate>,
    /// The day the requester was told of the extension, and why.
    pub extended: Option<(NaiveDate, String)>,
    pub answered_on: Option<NaiveDate>,
    pub state: SarState,
}

/// What the clerk types to record a request; each value as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SarInput {
    /// M-003, O-002, an exact name of either, or anyone else's name.
    pub requester: String,
    pub received_on: String,
    pub what: String,
}

/// Where a request stands against its deadline today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SarDue {
    Due { by: NaiveDate },
    Overdue { by: NaiveDate },
    Met { by: NaiveDate, on: NaiveDate },
    MetLate { by: NaiveDate, on: NaiveDate },
}

impl SarDue {
    pub fn label(&self, today: NaiveDate) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 day".to_string()
            } else {
                format!("{n} days")
            }
        };
        match self {
            SarDue::Due { by } => format!(
                "DUE by {} ({} left)",
                dates::show(*by),
                days((*by - today).num_days())
            ),
            SarDue::Overdue { by } => format!(
                "OVERDUE since {} ({})",
                dates::show(*by),
                days((today - *by).num_days())
            ),
            SarDue::Met { .. } => "answered in time".into(),
            SarDue::MetLate { by, on } => format!(
                "answered LATE ({} after {})",
                days((*on - *by).num_days()),
                dates::show(*by)
            ),
        }
    }

    pub fn is_overdue(&self) -> bool {
        matches!(self, SarDue::Overdue { .. })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SarActionKind {
    Identity,
    Extend,
    Answer,
}

impl SarActionKind {
    pub const ALL: [SarActionKind; 3] = [
        SarActionKind::Identity,
        SarActionKind::Extend,
        SarActionKind::Answer,
    ];
}

inherent_spec_methods!(SarActionKind);

/// One step on a request, each value as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SarAction {
    Identity { on: String },
    Extend { on: String, reason: String },
    Answer { on: String },
}

impl SarAction {
    pub fn kind(&self) -> SarActionKind {
        match self {
            SarAction::Identity { .. } => SarActionKind::Identity,
            SarAction::Extend { .. } => SarActionKind::Extend,
            SarAction::Answer { .. } => SarActionKind::Answer,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SarEvent {
    pub sar: Sar,
    pub action: &'static str,
    pub note: Option<String>,
}

fn refuse(reason: impl Into<String>) -> Refusal {
    Refusal::new(RULE, CLAUSE, reason)
}

impl Sar {
    /// A new request, or the fields that are wrong. Nothing received after today.
    pub fn create(id: u32, input: &SarInput, ctx: &Context) -> Result<Sar, Rejection> {
        let mut errors = FieldErrors::default();
        let requester = errors.keep(resolve_requester("requester", &input.requester, ctx));
        let received_on = errors.keep(dates::parse_date("received", &input.received_on));
        let what = errors.keep(text::note("what", &input.what).and_then(|w| {
            if w.trim().is_empty() {
                Err(FieldError::new("what", "say what they asked for"))
            } else {
                Ok(w)
            }
        }));
        if let Some(r) = received_on {
            if r > ctx.today {
                errors.push(FieldError::new("received", "is after today"));
            }
        }
        match (requester, received_on, what, errors.is_empty()) {
            (Some(requester), Some(received_on), Some(what), true) => Ok(Sar {
                id,
                requester,
                received_on,
                what,
                identity_on: None,
                extended: None,
                answered_on: None,
                state: SarState::Received,
            }),
            _ => Err(Rejection::Invalid(errors.0)),
        }
    }

    pub fn reference(&self) -> String {
        reference(self.id)
    }

    pub fn cite(&self) -> Cite {
        super::cite()
    }

    /// The day the clock starts (receipt, or the later proof of identity or clarification).
    pub fn clock_start(&self) -> NaiveDate {
        super::clock_start(self.received_on, self.identity_on)
    }

    /// The first month's deadline, before any extension.
    pub fn original_due(&self, ctx: &Context) -> NaiveDate {
        super::due(self.clock_start(), ctx.calendars.get(CalendarKind::Council))
    }

    /// The deadline that applies: the extended one once extended.
    pub fn due_by(&self, ctx: &Context) -> NaiveDate {
        if self.extended.is_some() {
            super::extended_due(self.clock_start(), ctx.calendars.get(CalendarKind::Council))
        } else {
            self.original_due(ctx)
        }
    }

    /// How [`Sar::due_by`] counts (R-DP1): one calendar month, three once extended, then the
    /// council's next working day.
    pub fn counted(&self) -> Counted {
        let months = if self.extended.is_some() { 3 } else { 1 };
        Counted::MonthsThenWorkingDay(months, CalendarKind::Council)
    }

    pub fn due(&self, ctx: &Context) -> SarDue {
        let by = self.due_by(ctx);
        match self.answered_on {
            Some(on) if on <= by => SarDue::Met { by, on },
            Some(on) => SarDue::MetLate { by, on },
            None if ctx.today > by => SarDue::Overdue { by },
            None => SarDue::Due { by },
        }
    }

    /// The one guard for `available` and `apply`: why `kind` cannot be taken now, if it cannot.
    fn blocked(&self, kind: SarActionKind, ctx: &Context) -> Option<Refusal> {
        match (kind, self.state) {
            (_, SarState::Answered) => Some(refuse(format!(
                "{} was answered: it is kept and takes no more steps",
                self.reference()
            ))),
            (SarActionKind::Identity, SarState::Extended) => Some(refuse(format!(
                "{} was extended from its clock's start: record identity before extending",
                self.reference()
            ))),
            (SarActionKind::Extend, SarState::Extended) => Some(refuse(format!(
                "{} was already extended (two further months at most)",
                self.reference()
            ))),
            (SarActionKind::Extend, SarState::Received) if ctx.today > self.original_due(ctx) => {
                Some(refuse(format!(
                    "the first month ended on {}: an extension must be told to the requester within it",
                    dates::show(self.original_due(ctx))
                )))
            }
            _ => None,
        }
    }

    /// What may be done now: exactly what `apply` accepts for the request's state.
    fn offered(&self, ctx: &Context) -> Vec<SarActionKind> {
        SarActionKind::ALL
            .into_iter()
            .filter(|k| self.blocked(*k, ctx).is_none())
            .collect()
    }

    /// Why `kind` is not offered now (with its rule), or a note that it is.
    fn why_not(&self, kind: SarActionKind, ctx: &Context) -> Refusal {
        self.blocked(kind, ctx)
            .unwrap_or_else(|| refuse(format!("{} is open now", kind.label())))
    }

    fn step(&self, action: SarAction, ctx: &Context) -> Result<SarEvent, Rejection> {
        if let Some(refusal) = self.blocked(action.kind(), ctx) {
            return Err(refusal.into());
        }
        let mut next = self.clone();
        let day = |label: &'static str, raw: &str| -> Result<NaiveDate, Rejection> {
            let on = dates::parse_date(label, raw)?;
            if on > ctx.today {
                return Err(FieldError::new(label, "is after today").into());
            }
            if on < self.received_on {
                return Err(
                    FieldError::new(label, "is before the day the request was received").into(),
                );
            }
            Ok(on)
        };
        let (name, note) = match action {
            SarAction::Identity { on } => {
                next.identity_on = Some(day("identity on", &on)?);
                ("identity checked", None)
            }
            SarAction::Extend { on, reason } => {
                let on = day("extended on", &on)?;
                let reason = text::note("reason", &reason)?;
                if reason.trim().is_empty() {
                    return Err(FieldError::new("reason", "say why it is extended").into());
                }
                let first = self.original_due(ctx);
                if on > first {
                    return Err(refuse(format!(
                        "the first month ended on {}: an extension must be told to the requester within it",
                        dates::show(first)
                    ))
                    .into());
                }
                next.extended = Some((on, reason.clone()));
                next.state = SarState::Extended;
                ("extended", Some(reason))
            }
            SarAction::Answer { on } => {
                let on = day("answered on", &on)?;
                next.answered_on = Some(on);
                next.state = SarState::Answered;
                let by = self.due_by(ctx);
                (
                    "answered",
                    (on > by).then(|| format!("LATE: due by {}", dates::show(by))),
                )
            }
        };
        Ok(SarEvent {
            sar: next,
            action: name,
            note,
        })
    }

    /// The request's fields for the audit trail, by name.
    pub fn fields(&self) -> Vec<(&'static str, String)> {
        vec![
            ("requester", self.requester.reference()),
            ("received", dates::show(self.received_on)),
            ("what", self.what.clone()),
            (
                "identity",
                self.identity_on.map(dates::show).unwrap_or_default(),
            ),
            (
                "extended",
                self.extended
                    .as_ref()
                    .map(|(on, _)| dates::show(*on))
                    .unwrap_or_default(),
            ),
            (
                "extension reason",
                self.extended
                    .as_ref()
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default(),
            ),
            (
                "answered",
                self.answered_on.map(dates::show).unwrap_or_default(),
            ),
            ("state", self.state.label().into()),
        ]
    }
}

impl Machine for Sar {
    type Kind = SarActionKind;
    type Action = SarAction;
    type Event = SarEvent;

    fn available(&self, ctx: &Context) -> Vec<SarActionKind> {
        self.offered(ctx)
    }

    fn not_now(&self, kind: SarActionKind, ctx: &Context) -> Refusal {
        self.why_not(kind, ctx)
    }

    fn apply(&self, action: SarAction, ctx: &Context) -> Result<SarEvent, Rejection> {
        self.step(action, ctx)
    }

    fn kind_of(action: &SarAction) -> SarActionKind {
        action.kind()
    }

    fn record(event: &SarEvent) -> &Sar {
        &event.sar
    }
}
