//! Pre-election period (R-P1): elections, their notices, and the period in which council publicity
//! may not name or quote members (R-P2, R-P3 in `publicity`).
//!
//! The period runs from the publication of the notice of election to polling day, inclusive (BOR
//! §8.3). The notice is due not later than the 25th working day before the poll; until the clerk
//! records the actual date, that latest date stands in, marked as computed.

mod spec;
pub use spec::edit_defaults;

use crate::domain::machine::inherent_spec_methods;
use crate::domain::machine::Machine;
use crate::domain::Context;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::WorkingCalendar;
use super::dates;
use super::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use super::text;

/// R-P1: the notice of election is published not later than this many working days before the poll.
pub const NOTICE_WORKING_DAYS: u32 = 25;

/// How far ahead a coming period is announced, so the clerk can plan publicity around it.
pub const UPCOMING_DAYS: i64 = 60;

const RULE: &str = "R-P1";
// BOR words the period itself; every other model has it from the Publicity Code alone, which a
// council of any model follows: localising keeps the Code where the protocol has no clause.
const CLAUSE: &str = "BOR §8.3, Code of Recommended Practice on Local Authority Publicity 2011";
/// R-P1: the 25th-working-day rule comes from the election timetable, not from BOR §8.3 (which sets
/// the period, not the notice date).
pub const TIMETABLE: &str = "Local Elections (Parishes and Communities) Rules 2006, timetable";
/// R-P5: the period applies before every election and referendum that covers the parish.
pub const PUBLICITY_CODE: &str = "Code of Recommended Practice on Local Authority Publicity 2011";

/// The last lawful day for the notice of election: the 25th working day before the poll, the poll
/// day itself not counting (R-P1).
pub fn latest_notice_date(poll: NaiveDate, cal: &WorkingCalendar) -> NaiveDate {
    cal.working_days_before(poll, NOTICE_WORKING_DAYS)
}

/// R-P5: every election and referendum that covers the parish, or part of it, has its own
/// pre-election period. The first two are the council's own (R-P1); the order is the stored order
/// and new kinds are only ever added at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectionKind {
    /// The four-yearly election of the whole council (or of whole wards).
    Ordinary,
    /// An election to fill a casual vacancy.
    ByElection,
    /// The district council's election.
    District,
    /// A county or unitary council's election.
    County,
    /// A UK Parliament election (general or by-election).
    Parliament,
    /// Police and Crime Commissioner.
    Pcc,
    /// A combined-authority mayor.
    Mayor,
    /// A referendum, neighbourhood planning included.
    Referendum,
}

impl ElectionKind {
    pub const ALL: [ElectionKind; 8] = [
        ElectionKind::Ordinary,
        ElectionKind::ByElection,
        ElectionKind::District,
        ElectionKind::County,
        ElectionKind::Parliament,
        ElectionKind::Pcc,
        ElectionKind::Mayor,
        ElectionKind::Referendum,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ElectionKind::Ordinary => "ordinary election",
            ElectionKind::ByElection => "by-election",
            ElectionKind::District => "district election",
            ElectionKind::County => "county election",
            ElectionKind::Parliament => "UK Parliament election",
            ElectionKind::Pcc => "PCC election",
            ElectionKind::Mayor => "mayoral election",
            ElectionKind::Referendum => "referendum",
        }
    }

    /// At most 13 characters, for list columns.
    pub fn short_label(self) -> &'static str {
        match self {
            ElectionKind::Ordinary => "ordinary",
            ElectionKind::ByElection => "by-election",
            ElectionKind::District => "district",
            ElectionKind::County => "county",
            ElectionKind::Parliament => "UK Parliament",
            ElectionKind::Pcc => "PCC",
            ElectionKind::Mayor => "mayoral",
            ElectionKind::Referendum => "referendum",
        }
    }

    /// The word the CLI takes (`--kind county`), also accepted by the form.
    pub fn key(self) -> &'static str {
        match self {
            ElectionKind::Ordinary => "ordinary",
            ElectionKind::ByElection => "by-election",
            ElectionKind::District => "district",
            ElectionKind::County => "county",
            ElectionKind::Parliament => "parliament",
            ElectionKind::Pcc => "pcc",
            ElectionKind::Mayor => "mayor",
            ElectionKind::Referendum => "referendum",
        }
    }

    /// The council's own elections (R-P1); every other kind is R-P5's.
    pub fn is_councils_own(self) -> bool {
        matches!(self, ElectionKind::Ordinary | ElectionKind::ByElection)
    }

    /// R-P5: whether the notice of election is due by the 25th working day before the poll, so the
    /// latest date can be computed. A UK Parliament election's notice follows the proclamation, and
    /// a referendum has its own timetable: the clerk records the date.
    pub fn notice_is_computed(self) -> bool {
        !matches!(self, ElectionKind::Parliament | ElectionKind::Referendum)
    }

    /// The rule that brings this election's period in: R-P1 for the council's own, R-P5 otherwise.
    pub fn rule(self) -> &'static str {
        if self.is_councils_own() {
            RULE
        } else {
            "R-P5"
        }
    }

    /// The timetable the 25th-working-day rule comes from, for the kinds that have one.
    pub fn timetable(self) -> &'static str {
        match self {
            ElectionKind::Ordinary | ElectionKind::ByElection => TIMETABLE,
            ElectionKind::District | ElectionKind::County => {
                "Local Elections (Principal Areas) Rules 2006, timetable"
            }
            ElectionKind::Pcc => "Police and Crime Commissioner Elections Order 2012, timetable",
            ElectionKind::Mayor => "Combined Authorities (Mayoral Elections) Order 2017, timetable",
            ElectionKind::Parliament | ElectionKind::Referendum => PUBLICITY_CODE,
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let folded = raw.trim().to_lowercase().replace(['-', ' ', '/'], "");
        let folded = folded.strip_prefix("parish").unwrap_or(&folded);
        let folded = folded
            .strip_suffix("election")
            .filter(|f| !f.is_empty() && *f != "by")
            .unwrap_or(folded);
        Ok(match folded {
            "" | "ordinary" | "ordinaryelection" => ElectionKind::Ordinary,
            "by" | "byelection" => ElectionKind::ByElection,
            "district" | "districtcouncil" => ElectionKind::District,
            "county" | "unitary" | "countyorunitary" | "countycouncil" | "unitarycouncil" => {
                ElectionKind::County
            }
            "parliament" | "ukparliament" | "parliamentary" | "ukparliamentary" => {
                ElectionKind::Parliament
            }
            "pcc" | "policeandcrimecommissioner" => ElectionKind::Pcc,
            "mayor" | "mayoral" | "combinedauthoritymayor" | "combinedauthoritymayoral" => {
                ElectionKind::Mayor
            }
            "referendum" | "neighbourhoodplanning" | "neighbourhoodplanningreferendum" => {
                ElectionKind::Referendum
            }
            _ => {
                return Err(FieldError::new(
                    field,
                    format!(
                        "'{}' is not a kind of election: {}",
                        raw.trim(),
                        ElectionKind::ALL.map(|k| k.key()).join(", ")
                    ),
                ))
            }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectionState {
    Scheduled,
    NoticePublished,
    Polled,
    Closed,
}

impl ElectionState {
    pub fn label(self) -> &'static str {
        match self {
            ElectionState::Scheduled => "scheduled",
            ElectionState::NoticePublished => "notice published",
            ElectionState::Polled => "polled",
            ElectionState::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Election {
    pub id: u32,
    pub kind: ElectionKind,
    /// Empty: the whole council (an ordinary election only).
    pub wards: Vec<String>,
    pub poll: NaiveDate,
    /// The actual date of the notice of election, once the clerk has it. Always recorded for a
    /// kind whose notice is not computed (R-P5), possibly ahead of the day.
    pub notice: Option<NaiveDate>,
    pub state: ElectionState,
    /// Which body or question, e.g. "Northshire County Council" (R-P5); empty when the kind says it.
    pub name: String,
}

/// What a person typed for an election, before validation (TUI form and CLI alike).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionInput {
    pub kind: String,
    /// Ward names separated by commas or semicolons; empty for the whole council.
    pub wards: String,
    pub poll: String,
    /// The actual notice date; empty when not yet published.
    pub notice: String,
    /// Which body or question (optional), e.g. "Northshire County Council".
    #[serde(default)]
    pub name: String,
}

impl ElectionInput {
    pub fn from_election(e: &Election) -> Self {
        ElectionInput {
            kind: e.kind.label().to_string(),
            wards: e.wards.join(", "),
            poll: dates::show(e.poll),
            notice: e.notice.map(dates::show).unwrap_or_default(),
            name: e.name.clone(),
        }
    }
}

/// The pre-election period of one election, both ends inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// True while no notice date is recorded: `start` is then the latest lawful date, shown as such.
    pub start_is_computed: bool,
}

impl Period {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// What can be done to an election record; the key bar shows exactly `available()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ElectionActionKind {
    Edit,
    PublishNotice,
    RecordPoll,
    Close,
    Cancel,
}

impl ElectionActionKind {
    pub const ALL: [ElectionActionKind; 5] = [
        ElectionActionKind::Edit,
        ElectionActionKind::PublishNotice,
        ElectionActionKind::RecordPoll,
        ElectionActionKind::Close,
        ElectionActionKind::Cancel,
    ];
}

inherent_spec_methods!(ElectionActionKind);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ElectionAction {
    Edit(ElectionInput),
    PublishNotice {
        on: String,
    },
    RecordPoll,
    Close,
    /// No poll after all (e.g. a by-election not called) before any notice was published.
    Cancel {
        reason: String,
    },
}

impl ElectionAction {
    pub fn kind(&self) -> ElectionActionKind {
        match self {
            ElectionAction::Edit(_) => ElectionActionKind::Edit,
            ElectionAction::PublishNotice { .. } => ElectionActionKind::PublishNotice,
            ElectionAction::RecordPoll => ElectionActionKind::RecordPoll,
            ElectionAction::Close => ElectionActionKind::Close,
            ElectionAction::Cancel { .. } => ElectionActionKind::Cancel,
        }
    }
}

/// The result of an accepted action: the record as it now is, and what to say in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectionEvent {
    pub election: Election,
    pub action: &'static str,
    pub note: Option<String>,
}

impl Election {
    /// Validates a new election. `id` is the next free number, chosen by the store.
    pub fn create(
        id: u32,
        input: &ElectionInput,
        today: NaiveDate,
        cal: &WorkingCalendar,
    ) -> Result<Election, Rejection> {
        let f = validate(input, today, cal)?;
        Ok(Election {
            id,
            kind: f.kind,
            wards: f.wards,
            poll: f.poll,
            notice: f.notice,
            state: state_for(f.notice, today),
            name: f.name,
        })
    }

    /// "county election (Northshire County Council)": the kind, and the body or question if given.
    pub fn title(&self) -> String {
        if self.name.is_empty() {
            self.kind.label().to_string()
        } else {
            format!("{} ({})", self.kind.label(), self.name)
        }
    }

    /// The title and, where it covers only some wards, which: for banners, lists and audit lines.
    pub fn title_with_wards(&self) -> String {
        if self.wards.is_empty() {
            self.title()
        } else {
            format!("{}: {}", self.title(), self.wards.join(", "))
        }
    }

    /// The rule and clause that bring this election's period in (R-P1, or R-P5 for any other).
    pub fn cite(&self) -> Cite {
        if self.kind.is_councils_own() {
            Cite::new(RULE, CLAUSE)
        } else {
            Cite::new("R-P5", PUBLICITY_CODE)
        }
    }

    /// R-P1: from the actual notice if recorded, else from the latest lawful date, to the poll.
    pub fn period(&self, cal: &WorkingCalendar) -> Period {
        match self.notice {
            Some(start) => Period {
                start,
                end: self.poll,
                start_is_computed: false,
            },
            None => Period {
                start: latest_notice_date(self.poll, cal),
                end: self.poll,
                start_is_computed: true,
            },
        }
    }

    /// "whole council" (or "whole parish" for another body's election) or the wards, for lists
    /// and audit lines.
    pub fn wards_label(&self) -> String {
        if self.wards.is_empty() && !self.kind.is_councils_own() {
            "whole parish".to_string()
        } else if self.wards.is_empty() {
            "whole council".to_string()
        } else {
            self.wards.join(", ")
        }
    }

    fn offered(&self, today: NaiveDate) -> Vec<ElectionActionKind> {
        use ElectionActionKind::*;
        match self.state {
            ElectionState::Scheduled => vec![Edit, PublishNotice, Cancel],
            ElectionState::NoticePublished if today >= self.poll => vec![Edit, RecordPoll],
            ElectionState::NoticePublished => vec![Edit],
            ElectionState::Polled => vec![Close],
            ElectionState::Closed => Vec::new(),
        }
    }

    fn step(
        &self,
        action: ElectionAction,
        today: NaiveDate,
        cal: &WorkingCalendar,
    ) -> Result<ElectionEvent, Rejection> {
        if !self.offered(today).contains(&action.kind()) {
            return Err(self.why_not(action.kind()).into());
        }
        let mut e = self.clone();
        let (name, note) = match action {
            ElectionAction::Edit(input) => {
                let f = validate(&input, today, cal)?;
                e.kind = f.kind;
                e.wards = f.wards;
                e.poll = f.poll;
                e.notice = f.notice;
                e.state = state_for(f.notice, today);
                e.name = f.name;
                ("edited", None)
            }
            ElectionAction::PublishNotice { on } => {
                let on = dates::parse_date("notice", &on)?;
                check_notice(on, self.poll, today, false)?;
                lawful_notice(self.kind, on, self.poll, cal)?;
                e.notice = Some(on);
                e.state = ElectionState::NoticePublished;
                let note = format!(
                    // The rule only: the event's citation carries the council's own clause.
                    "pre-election period {} to {} ({})",
                    dates::show(on),
                    dates::show(self.poll),
                    self.kind.rule()
                );
                ("notice of election published", Some(note))
            }
            ElectionAction::RecordPoll => {
                e.state = ElectionState::Polled;
                ("poll held", None)
            }
            ElectionAction::Close => {
                e.state = ElectionState::Closed;
                ("closed", None)
            }
            ElectionAction::Cancel { reason } => {
                let reason = text::required_name("reason", &reason)?;
                e.state = ElectionState::Closed;
                ("cancelled", Some(reason))
            }
        };
        Ok(ElectionEvent {
            election: e,
            action: name,
            note,
        })
    }

    /// Why `kind` cannot be done on this election now, with the rule and clause `apply` refuses
    /// it with: asked without building an action.
    fn why_not(&self, kind: ElectionActionKind) -> Refusal {
        let reason = match (self.state, kind) {
            (ElectionState::Closed, _) => {
                format!(
                    "the election is closed; it is kept as history and cannot {}",
                    kind.label()
                )
            }
            (ElectionState::Polled, _) => format!(
                "the poll was held on {}; the only step left is to close the record",
                dates::show(self.poll)
            ),
            (ElectionState::NoticePublished, ElectionActionKind::RecordPoll) => format!(
                "the poll is on {}; the pre-election period runs until then",
                dates::show(self.poll)
            ),
            (ElectionState::NoticePublished, ElectionActionKind::PublishNotice) => format!(
                "the notice of election is already recorded as published on {}",
                self.notice.map(dates::show).unwrap_or_default()
            ),
            (ElectionState::NoticePublished, _) => {
                "the notice of election is published: the period runs to the poll, \
                 which must be recorded before the election can end"
                    .to_string()
            }
            (ElectionState::Scheduled, _) => {
                "no notice of election is recorded yet, so there is no poll to record or close"
                    .to_string()
            }
        };
        Refusal::new(RULE, CLAUSE, reason)
    }

    /// Field by field, for audit summaries and exports.
    pub fn fields(&self, cal: &WorkingCalendar) -> Vec<(&'static str, String)> {
        let period = self.period(cal);
        vec![
            ("kind", self.kind.label().to_string()),
            ("name", self.name.clone()),
            ("wards", self.wards_label()),
            ("poll", dates::show(self.poll)),
            ("notice", self.notice.map(dates::show).unwrap_or_default()),
            (
                "latest notice",
                if self.kind.notice_is_computed() {
                    dates::show(latest_notice_date(self.poll, cal))
                } else {
                    "recorded by the clerk (R-P5)".to_string()
                },
            ),
            (
                "period",
                format!(
                    "{}{} to {}",
                    dates::show(period.start),
                    if period.start_is_computed {
                        " (computed)"
                    } else {
                        ""
                    },
                    dates::show(period.end)
                ),
            ),
            ("state", self.state.label().to_string()),
        ]
    }
}

impl Machine for Election {
    type Kind = ElectionActionKind;
    type Action = ElectionAction;
    type Event = ElectionEvent;

    fn available(&self, ctx: &Context) -> Vec<ElectionActionKind> {
        self.offered(ctx.today)
    }

    fn not_now(&self, kind: ElectionActionKind, _ctx: &Context) -> Refusal {
        self.why_not(kind)
    }

    fn apply(&self, action: ElectionAction, ctx: &Context) -> Result<ElectionEvent, Rejection> {
        self.step(action, ctx.today, &ctx.calendars.election)
    }

    fn kind_of(action: &ElectionAction) -> ElectionActionKind {
        action.kind()
    }

    fn record(event: &ElectionEvent) -> &Election {
        &event.election
    }
}

struct ElectionFields {
    kind: ElectionKind,
    wards: Vec<String>,
    poll: NaiveDate,
    notice: Option<NaiveDate>,
    name: String,
}

/// Published once the notice's day has come; a notice recorded ahead (R-P5) leaves it scheduled.
fn state_for(notice: Option<NaiveDate>, today: NaiveDate) -> ElectionState {
    match notice {
        Some(on) if on <= today => ElectionState::NoticePublished,
        _ => ElectionState::Scheduled,
    }
}

/// Every field is checked and every error reported at once; then R-P1 on the notice date.
fn validate(
    input: &ElectionInput,
    today: NaiveDate,
    cal: &WorkingCalendar,
) -> Result<ElectionFields, Rejection> {
    let mut errors = FieldErrors::default();
    let kind = errors.keep(ElectionKind::parse("kind", &input.kind));
    let wards = errors.keep(parse_wards(&input.wards));
    let poll = errors.keep(dates::parse_date("poll", &input.poll));
    let notice = errors.keep(dates::parse_optional_date("notice", &input.notice));
    let name = errors.keep(text::optional_name("name", &input.name));
    if let (Some(ElectionKind::ByElection), Some(w)) = (kind, &wards) {
        if w.is_empty() {
            errors.push(FieldError::new(
                "wards",
                "a by-election is for a ward (name the parish if it has no wards)",
            ));
        }
    }
    if let (Some(kind), Some(poll), Some(Some(notice))) = (kind, poll, notice) {
        // R-P5: a notice the clerk records for a kind without a computed date may lie ahead.
        if let Err(e) = check_notice(notice, poll, today, !kind.notice_is_computed()) {
            errors.push(e);
        }
    }
    match (kind, wards, poll, notice, name) {
        (Some(kind), Some(wards), Some(poll), Some(notice), Some(name)) if errors.is_empty() => {
            match notice {
                Some(on) => lawful_notice(kind, on, poll, cal)?,
                None if !kind.notice_is_computed() => {
                    return Err(Refusal::new(
                        "R-P5",
                        PUBLICITY_CODE,
                        format!(
                            "a {} has no computed latest notice date: record the date of the \
                             notice (--notice), which starts its pre-election period",
                            kind.label()
                        ),
                    )
                    .into())
                }
                None => {}
            }
            Ok(ElectionFields {
                kind,
                wards,
                poll,
                notice,
                name: name.unwrap_or_default(),
            })
        }
        _ => Err(Rejection::Invalid(errors.0)),
    }
}

fn parse_wards(raw: &str) -> Result<Vec<String>, FieldError> {
    let mut wards: Vec<String> = Vec::new();
    for part in raw.split([',', ';']).filter(|p| !p.trim().is_empty()) {
        let ward = text::required_name("wards", part)?;
        if !wards.iter().any(|w| w.eq_ignore_ascii_case(&ward)) {
            wards.push(ward);
        }
    }
    Ok(wards)
}

/// A notice date must be an actual date: before the poll and, unless `ahead_allowed`, not in the
/// future.
fn check_notice(
    on: NaiveDate,
    poll: NaiveDate,
    today: NaiveDate,
    ahead_allowed: bool,
) -> Result<(), FieldError> {
    if on >= poll {
        Err(FieldError::new(
            "notice",
            format!("is not before the poll ({})", dates::show(poll)),
        ))
    } else if on > today && !ahead_allowed {
        Err(FieldError::new(
            "notice",
            "is in the future; record it once it is published",
        ))
    } else {
        Ok(())
    }
}

/// R-P1 (R-P5 for another body's election): a notice after the 25th working day before the poll
/// is not lawful. A kind without that rule (R-P5) takes the date the clerk records.
fn lawful_notice(
    kind: ElectionKind,
    on: NaiveDate,
    poll: NaiveDate,
    cal: &WorkingCalendar,
) -> Result<(), Refusal> {
    if !kind.notice_is_computed() {
        return Ok(());
    }
    let latest = latest_notice_date(poll, cal);
    if on > latest {
        return Err(Refusal::new(
            kind.rule(),
            kind.timetable(),
            format!(
                "a notice on {} is too late for a poll on {}: the latest is {}, the {}th working \
                 day before the poll",
                dates::show(on),
                dates::show(poll),
                dates::show(latest),
                NOTICE_WORKING_DAYS
            ),
        ));
    }
    Ok(())
}

/// Where the council stands today (R-P1, R-P5), for the banner, the status line and the publicity
/// checker. Overlapping periods are merged into one run, which keeps every election's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodStatus {
    Clear,
    /// A period starts within [`UPCOMING_DAYS`]; `days` from today to its start. `elections`: the
    /// elections in the merged run, earliest start first.
    Upcoming {
        starts: NaiveDate,
        days: i64,
        ends: NaiveDate,
        elections: Vec<u32>,
    },
    /// Today is in a period; `ends` is the last day of the merged run (publicity is restricted until
    /// then without a break), `elections` every election in it, earliest start first.
    InPeriod {
        ends: NaiveDate,
        elections: Vec<u32>,
    },
}

/// The periods of the live elections (closed ones ignored), with their ids.
fn live_periods(elections: &[Election], cal: &WorkingCalendar) -> Vec<(u32, Period)> {
    elections
        .iter()
        .filter(|e| e.state != ElectionState::Closed)
        .map(|e| (e.id, e.period(cal)))
        .collect()
}

/// The run of periods that overlap (or touch) the ones in `seed`, merged: (start, end, ids earliest
/// start first).
fn merge_from(seed: &[(u32, Period)], all: &[(u32, Period)]) -> (NaiveDate, NaiveDate, Vec<u32>) {
    let mut start = seed.iter().map(|(_, p)| p.start).min().expect("a seed");
    let mut end = seed.iter().map(|(_, p)| p.end).max().expect("a seed");
    let mut ids: Vec<u32> = seed.iter().map(|(id, _)| *id).collect();
    loop {
        let before = ids.len();
        for (id, p) in all {
            let touches = p.start <= end.succ_opt().unwrap_or(end)
                && p.end >= start.pred_opt().unwrap_or(start);
            if touches && !ids.contains(id) {
                ids.push(*id);
                start = start.min(p.start);
                end = end.max(p.end);
            }
        }
        if ids.len() == before {
            break;
        }
    }
    ids.sort_by_key(|id| {
        all.iter()
            .find(|(i, _)| i == id)
            .map(|(_, p)| (p.start, p.end))
    });
    (start, end, ids)
}

pub fn period_status(
    elections: &[Election],
    today: NaiveDate,
    cal: &WorkingCalendar,
) -> PeriodStatus {
    let periods = live_periods(elections, cal);
    let now: Vec<(u32, Period)> = periods
        .iter()
        .filter(|(_, p)| p.contains(today))
        .copied()
        .collect();
    if !now.is_empty() {
        let (_, ends, ids) = merge_from(&now, &periods);
        return PeriodStatus::InPeriod {
            ends,
            elections: ids,
        };
    }
    let Some(first) = periods
        .iter()
        .filter(|(_, p)| p.start > today && (p.start - today).num_days() <= UPCOMING_DAYS)
        .min_by_key(|(_, p)| p.start)
    else {
        return PeriodStatus::Clear;
    };
    let (starts, ends, ids) = merge_from(&[*first], &periods);
    PeriodStatus::Upcoming {
        starts,
        days: (starts - today).num_days(),
        ends,
        elections: ids,
    }
}

/// The elections whose own period covers `day` (closed ones ignored), earliest start first: the
/// publicity checker names each (R-P1, R-P5).
pub fn periods_on<'a>(
    elections: &'a [Election],
    day: NaiveDate,
    cal: &WorkingCalendar,
) -> Vec<&'a Election> {
    let mut on: Vec<&Election> = elections
        .iter()
        .filter(|e| e.state != ElectionState::Closed && e.period(cal).contains(day))
        .collect();
    on.sort_by_key(|e| (e.period(cal).start, e.id));
    on
}

/// The names of the elections whose period covers `day` (R-P5), for the publicity checker.
pub fn period_names_on(
    elections: &[Election],
    day: NaiveDate,
    cal: &WorkingCalendar,
) -> Vec<String> {
    periods_on(elections, day, cal)
        .into_iter()
        .map(Election::title_with_wards)
        .collect()
}

/// The election whose period covers `day`, if any (closed elections ignored).
pub fn in_period(elections: &[Election], day: NaiveDate, cal: &WorkingCalendar) -> Option<u32> {
    periods_on(elections, day, cal).first().map(|e| e.id)
}

/// The elections of a status, by title, in its order: "county election, by-election: Mill End".
pub fn names(elections: &[Election], ids: &[u32]) -> String {
    ids.iter()
        .filter_map(|id| elections.iter().find(|e| e.id == *id))
        .map(Election::title_with_wards)
        .collect::<Vec<_>>()
        .join("; ")
}

/// The banner every tab shows (R-P1, R-P5): the merged run's end first, then each election by
/// name, so two overlapping periods show as one run that keeps both names.
pub fn banner(status: &PeriodStatus, elections: &[Election]) -> Option<String> {
    // Kinds and wards only (not the body's name), so it fits a line where it can.
    let short = |ids: &[u32]| {
        ids.iter()
            .filter_map(|id| elections.iter().find(|e| e.id == *id))
            .map(|e| match e.wards.is_empty() {
                true => e.kind.label().to_string(),
                false => format!("{}: {}", e.kind.label(), e.wards.join(", ")),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    match status {
        PeriodStatus::Clear => None,
        PeriodStatus::InPeriod { ends, elections: ids } => Some(format!(
            "PRE-ELECTION PERIOD until {} ({}): publicity must not name or quote members (R-P2; {})",
            dates::show(*ends),
            short(ids),
            rules_of(elections, ids)
        )),
        PeriodStatus::Upcoming {
            starts,
            days,
            ends,
            elections: ids,
        } => Some(format!(
            "Pre-election period in {days} days ({}): {} to {} ({})",
            short(ids),
            dates::show(*starts),
            dates::show(*ends),
            rules_of(elections, ids)
        )),
    }
}

/// The rules that bring the periods of `ids` in: "R-P1", "R-P5" or "R-P1, R-P5".
pub fn rules_of(elections: &[Election], ids: &[u32]) -> String {
    let mut rules: Vec<&str> = ids
        .iter()
        .filter_map(|id| elections.iter().find(|e| e.id == *id))
        .map(|e| e.kind.rule())
        .collect();
    rules.sort();
    rules.dedup();
    if rules.is_empty() {
        RULE.to_string()
    } else {
        rules.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::d;

    /// England and Wales bank holidays around the polls below, written out so the tests do not
    /// depend on the asset file (Good Friday and the Christmas days are in the rule itself).
    fn cal() -> WorkingCalendar {
        WorkingCalendar::new([
            d(2022, 8, 29),
            d(2022, 9, 19), // State Funeral of Queen Elizabeth II
            d(2024, 1, 1),
            d(2024, 4, 1),
            d(2024, 5, 6),
            d(2025, 8, 25),
            d(2025, 12, 26),
            d(2026, 1, 1),
            d(2026, 4, 6),
            d(2026, 5, 4),
            d(2026, 12, 28),
            d(2027, 1, 1),
            d(2027, 3, 29),
            d(2027, 5, 3),
        ])
    }

    fn input(kind: &str, wards: &str, poll: &str, notice: &str) -> ElectionInput {
        ElectionInput {
            kind: kind.into(),
            wards: wards.into(),
            poll: poll.into(),
            notice: notice.into(),
            name: String::new(),
        }
    }

    #[test]
    fn latest_notice_dates_worked_by_hand() {
        // Counting back from the poll (not counted), skipping weekends and days off.
        let table = [
            // Thu 2 May 2024: Wed 1 May (1), 30, 29 Apr (3), 26-22 (8), 19-15 (13), 12-8 (18),
            // 5-2 Apr (22); Mon 1 Apr Easter Monday and Fri 29 Mar Good Friday skipped;
            // 28 (23), 27 (24), Tue 26 Mar (25).
            (d(2024, 5, 2), d(2024, 3, 26)),
            // Thu 7 May 2026: 6, 5 May (2); Mon 4 May bank holiday skipped; 1 May, 30-27 Apr (7),
            // 24-20 (12), 17-13 (17), 10-7 (21); Mon 6 Apr Easter Monday, Fri 3 Apr Good Friday
            // skipped; 2, 1 Apr, 31 Mar (24), Mon 30 Mar (25).
            (d(2026, 5, 7), d(2026, 3, 30)),
            // Thu 6 May 2027: 5, 4 May (2); Mon 3 May skipped; 30-26 Apr (7), 23-19 (12),
            // 16-12 (17), 9-5 (22), Fri 2 Apr (23), Thu 1 Apr (24), Wed 31 Mar (25). Easter
            // (26 and 29 Mar) lies just before and does not bite.
            (d(2027, 5, 6), d(2027, 3, 31)),
            // By-election Thu 15 Jan 2026: 14-12 Jan (3), 9-5 (8), Fri 2 Jan (9); Thu 1 Jan New
            // Year skipped; 31-29 Dec (12); 26 Boxing Day, 25 Christmas, 24 Christmas Eve skipped;
            // 23, 22 (14), 19-15 (19), 12-8 (24), Fri 5 Dec 2025 (25).
            (d(2026, 1, 15), d(2025, 12, 5)),
            // Thu 28 Jan 2027: 27-25 Jan (3), 22-18 (8), 15-11 (13), 8-4 (18); Fri 1 Jan skipped;
            // 31-29 Dec (21); Mon 28 Boxing Day substitute, 25, 24 skipped; 23-21 (24),
            // Fri 18 Dec 2026 (25).
            (d(2027, 1, 28), d(2026, 12, 18)),
            // Thu 16 Oct 2025, autumn, no days off in reach: five whole weeks, Thu 11 Sep 2025.
            (d(2025, 10, 16), d(2025, 9, 11)),
            // Thu 6 Oct 2022: 5-3 Oct (3), 30-26 Sep (8), 23-20 (12); Mon 19 Sep State Funeral
            // skipped; 16-12 (17), 9-5 (22), 2, 1 Sep (24), Wed 31 Aug 2022 (25).
            (d(2022, 10, 6), d(2022, 8, 31)),
        ];
        let cal = cal();
        for (poll, latest) in table {
            assert_eq!(latest_notice_date(poll, &cal), latest, "poll {poll}");
            assert_eq!(cal.working_days_between(latest, poll), 25, "poll {poll}");
        }
    }

    #[test]
    fn a_day_of_mourning_added_by_the_clerk_moves_the_date() {
        // Thu 16 Oct 2025 with a (hypothetical) day of mourning on Mon 15 Sep: one day earlier.
        let cal = cal().with_extra_days([d(2025, 9, 15)]);
        assert_eq!(latest_notice_date(d(2025, 10, 16), &cal), d(2025, 9, 10));
    }

    #[test]
    fn the_period_uses_the_actual_notice_or_the_computed_latest() {
        let cal = cal();
        let today = d(2026, 3, 1);
        let e = Election::create(1, &input("ordinary", "", "2026-05-07", ""), today, &cal).unwrap();
        assert_eq!(e.state, ElectionState::Scheduled);
        assert_eq!(e.wards_label(), "whole council");
        assert_eq!(
            e.period(&cal),
            Period {
                start: d(2026, 3, 30),
                end: d(2026, 5, 7),
                start_is_computed: true
            }
        );
        let ev = e
            .step(
                ElectionAction::PublishNotice {
                    on: "25/03/2026".into(),
                },
                d(2026, 3, 25),
                &cal,
            )
            .unwrap();
        assert!(ev.note.unwrap().contains("R-P1"));
        let p = ev.election.period(&cal);
        assert_eq!(
            (p.start, p.end, p.start_is_computed),
            (d(2026, 3, 25), d(2026, 5, 7), false)
        );
        assert!(p.contains(d(2026, 5, 7)) && !p.contains(d(2026, 5, 8)));
    }

    #[test]
    fn every_legal_route_through_the_machine() {
        let cal = cal();
        let poll = "2026-01-15";
        let by = input("by-election", "North", poll, "");
        // Scheduled → notice → poll → closed.
        let e = Election::create(1, &by, d(2025, 11, 1), &cal).unwrap();
        assert_eq!(e.kind, ElectionKind::ByElection);
        let e = e
            .step(
                ElectionAction::PublishNotice {
                    on: "2025-12-05".into(),
                },
                d(2025, 12, 5),
                &cal,
            )
            .unwrap()
            .election;
        assert_eq!(e.state, ElectionState::NoticePublished);
        assert_eq!(e.offered(d(2026, 1, 14)), [ElectionActionKind::Edit]);
        let e = e
            .step(ElectionAction::RecordPoll, d(2026, 1, 15), &cal)
            .unwrap()
            .election;
        assert_eq!(e.state, ElectionState::Polled);
        let e = e
            .step(ElectionAction::Close, d(2026, 1, 16), &cal)
            .unwrap()
            .election;
        assert_eq!(e.state, ElectionState::Closed);
        assert!(e.offered(d(2026, 1, 16)).is_empty());

        // Scheduled → cancelled.
        let s = Election::create(2, &by, d(2025, 11, 1), &cal).unwrap();
        let ev = s
            .step(
                ElectionAction::Cancel {
                    reason: "no poll called".into(),
                },
                d(2025, 11, 2),
                &cal,
            )
            .unwrap();
        assert_eq!(ev.election.state, ElectionState::Closed);
        assert_eq!(ev.note.as_deref(), Some("no poll called"));

        // Created with the notice already out; edited (poll moved, notice cleared → scheduled).
        let n = Election::create(
            3,
            &input("", "", "2026-05-07", "2026-03-27"),
            d(2026, 4, 1),
            &cal,
        )
        .unwrap();
        assert_eq!(n.state, ElectionState::NoticePublished);
        let edited = n
            .step(
                ElectionAction::Edit(input("ordinary", "", "2026-05-14", "")),
                d(2026, 4, 1),
                &cal,
            )
            .unwrap()
            .election;
        assert_eq!(
            (edited.state, edited.poll),
            (ElectionState::Scheduled, d(2026, 5, 14))
        );
        assert_eq!(ElectionInput::from_election(&n).notice, "2026-03-27");
    }

    #[test]
    fn every_action_outside_available_is_refused_in_every_state() {
        let cal = cal();
        let today = d(2026, 1, 15);
        let scheduled = Election::create(
            1,
            &input("by", "North", "2026-01-15", ""),
            d(2025, 11, 1),
            &cal,
        )
        .unwrap();
        let published = scheduled
            .step(
                ElectionAction::PublishNotice {
                    on: "2025-12-01".into(),
                },
                d(2025, 12, 1),
                &cal,
            )
            .unwrap()
            .election;
        let polled = published
            .step(ElectionAction::RecordPoll, today, &cal)
            .unwrap()
            .election;
        let closed = polled
            .step(ElectionAction::Close, today, &cal)
            .unwrap()
            .election;
        let example = |k: ElectionActionKind| match k {
            ElectionActionKind::Edit => {
                ElectionAction::Edit(input("by", "North", "2026-01-15", "2025-12-01"))
            }
            ElectionActionKind::PublishNotice => ElectionAction::PublishNotice {
                on: "2025-12-02".into(),
            },
            ElectionActionKind::RecordPoll => ElectionAction::RecordPoll,
            ElectionActionKind::Close => ElectionAction::Close,
            ElectionActionKind::Cancel => ElectionAction::Cancel { reason: "x".into() },
        };
        // The day before the poll as well: recording the poll is not yet possible then.
        for (e, day) in [
            (&scheduled, today),
            (&published, d(2026, 1, 14)),
            (&published, today),
            (&polled, today),
            (&closed, today),
        ] {
            for kind in ElectionActionKind::ALL {
                let result = e.step(example(kind), day, &cal);
                if e.offered(day).contains(&kind) {
                    assert!(result.is_ok(), "{kind:?} in {:?}: {result:?}", e.state);
                } else {
                    let Err(Rejection::Refused(r)) = result else {
                        panic!("{kind:?} should be refused in {:?}", e.state)
                    };
                    assert_eq!(
                        (r.cite.rule.as_str(), r.cite.clause.as_str()),
                        ("R-P1", CLAUSE)
                    );
                }
            }
        }
        for kind in ElectionActionKind::ALL {
            assert!(!kind.label().is_empty());
            assert_eq!(
                ElectionActionKind::ALL
                    .iter()
                    .filter(|k| k.key() == kind.key())
                    .count(),
                1
            );
        }
    }

    #[test]
    fn bad_input_is_reported_field_by_field() {
        let cal = cal();
        let today = d(2026, 4, 1);
        let Err(Rejection::Invalid(errors)) =
            Election::create(1, &input("general", "", "2026-02-30", "soon"), today, &cal)
        else {
            panic!("expected invalid")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["kind", "poll", "notice"]);

        let Err(Rejection::Invalid(errors)) =
            Election::create(1, &input("", "", "2026-03-20", "2026-03-25"), today, &cal)
        else {
            panic!("expected invalid")
        };
        assert_eq!(errors[0].field, "notice");
        assert!(errors[0].message.contains("before the poll"));

        let Err(Rejection::Invalid(errors)) = Election::create(
            1,
            &input("by-election", " , ", "2026-06-04", ""),
            today,
            &cal,
        ) else {
            panic!("expected invalid")
        };
        assert_eq!(errors[0].field, "wards");

        // A notice in the future is not an actual notice.
        assert!(matches!(
            Election::create(
                1,
                &input("", "", "2026-05-07", "2026-03-30"),
                d(2026, 3, 1),
                &cal
            ),
            Err(Rejection::Invalid(_))
        ));
    }

    #[test]
    fn a_notice_later_than_the_latest_lawful_date_is_refused() {
        let cal = cal();
        let today = d(2026, 4, 10);
        // Latest for Thu 7 May 2026 is Mon 30 Mar: that day is fine, Tue 31 Mar is not.
        assert!(
            Election::create(1, &input("", "", "2026-05-07", "2026-03-30"), today, &cal).is_ok()
        );
        let Err(Rejection::Refused(r)) =
            Election::create(1, &input("", "", "2026-05-07", "2026-03-31"), today, &cal)
        else {
            panic!("expected refusal")
        };
        assert_eq!(r.cite.rule, "R-P1");
        assert!(r.reason.contains("2026-03-30"), "{}", r.reason);

        let e = Election::create(2, &input("", "", "2026-05-07", ""), d(2026, 3, 1), &cal).unwrap();
        let result = e.step(
            ElectionAction::PublishNotice {
                on: "2026-04-01".into(),
            },
            today,
            &cal,
        );
        assert!(matches!(result, Err(Rejection::Refused(ref r)) if r.cite.rule == "R-P1"));
    }

    #[test]
    fn wards_are_split_trimmed_and_deduplicated() {
        let cal = cal();
        let e = Election::create(
            1,
            &input("Ordinary", "North; south , North,", "2026-05-07", ""),
            d(2026, 1, 1),
            &cal,
        )
        .unwrap();
        assert_eq!(e.wards, ["North", "south"]);
        assert_eq!(
            ElectionKind::parse("k", "By Election").unwrap(),
            ElectionKind::ByElection
        );
    }

    #[test]
    fn period_status_clear_upcoming_in_period() {
        let cal = cal();
        let e = Election::create(7, &input("", "", "2026-05-07", ""), d(2026, 1, 1), &cal).unwrap();
        let list = [e.clone()];
        // The computed start is Mon 30 Mar 2026; 60 days before is 29 Jan.
        assert_eq!(
            period_status(&list, d(2026, 1, 28), &cal),
            PeriodStatus::Clear
        );
        assert_eq!(
            period_status(&list, d(2026, 1, 29), &cal),
            PeriodStatus::Upcoming {
                starts: d(2026, 3, 30),
                days: 60,
                ends: d(2026, 5, 7),
                elections: vec![7]
            }
        );
        for day in [d(2026, 3, 30), d(2026, 5, 7)] {
            assert_eq!(
                period_status(&list, day, &cal),
                PeriodStatus::InPeriod {
                    ends: d(2026, 5, 7),
                    elections: vec![7]
                }
            );
        }
        assert_eq!(
            period_status(&list, d(2026, 5, 8), &cal),
            PeriodStatus::Clear
        );
        assert_eq!(in_period(&list, d(2026, 4, 1), &cal), Some(7));

        // Closed elections are ignored.
        let mut closed = e.clone();
        closed.state = ElectionState::Closed;
        assert_eq!(
            period_status(&[closed], d(2026, 4, 1), &cal),
            PeriodStatus::Clear
        );

        // Overlapping periods merge: the later end, both elections.
        let by = Election::create(
            8,
            &input("by", "North", "2026-05-21", ""),
            d(2026, 1, 1),
            &cal,
        )
        .unwrap();
        assert_eq!(
            period_status(&[e, by], d(2026, 4, 20), &cal),
            PeriodStatus::InPeriod {
                ends: d(2026, 5, 21),
                elections: vec![7, 8]
            }
        );
    }

    fn named(kind: &str, wards: &str, poll: &str, notice: &str, name: &str) -> ElectionInput {
        ElectionInput {
            name: name.into(),
            ..input(kind, wards, poll, notice)
        }
    }

    #[test]
    fn every_kind_parses_from_its_key_and_its_label() {
        for kind in ElectionKind::ALL {
            assert_eq!(ElectionKind::parse("kind", kind.key()), Ok(kind));
            assert_eq!(ElectionKind::parse("kind", kind.label()), Ok(kind));
            assert!(kind.short_label().chars().count() <= 13, "{kind:?}");
        }
        for (raw, kind) in [
            ("Parish ordinary election", ElectionKind::Ordinary),
            ("parish by-election", ElectionKind::ByElection),
            ("unitary", ElectionKind::County),
            ("UK Parliament", ElectionKind::Parliament),
            ("Police and Crime Commissioner", ElectionKind::Pcc),
            ("combined-authority mayor", ElectionKind::Mayor),
            (
                "neighbourhood planning referendum",
                ElectionKind::Referendum,
            ),
        ] {
            assert_eq!(ElectionKind::parse("kind", raw), Ok(kind), "{raw}");
        }
        let err = ElectionKind::parse("kind", "election").unwrap_err();
        assert!(err.message.contains("county"), "{}", err.message);
    }

    #[test]
    fn a_county_election_has_a_computed_notice_date_and_cites_r_p5() {
        let cal = cal();
        let e = Election::create(
            1,
            &named("county", "", "2026-05-07", "", "Northshire County Council"),
            d(2026, 3, 1),
            &cal,
        )
        .unwrap();
        assert_eq!(e.title(), "county election (Northshire County Council)");
        assert_eq!(e.wards_label(), "whole parish");
        // The same 25th working day as a parish poll that day (R-P5 over the principal-area
        // timetable).
        let p = e.period(&cal);
        assert_eq!((p.start, p.start_is_computed), (d(2026, 3, 30), true));
        assert_eq!(e.cite().rule, "R-P5");

        // A notice after the latest lawful date is refused, citing R-P5 and its own timetable.
        let Err(Rejection::Refused(r)) = e.step(
            ElectionAction::PublishNotice {
                on: "2026-03-31".into(),
            },
            d(2026, 4, 2),
            &cal,
        ) else {
            panic!("expected a refusal")
        };
        assert_eq!(r.cite.rule, "R-P5");
        assert!(
            r.cite.clause.contains("Principal Areas"),
            "{}",
            r.cite.clause
        );
        let ev = e
            .step(
                ElectionAction::PublishNotice {
                    on: "2026-03-27".into(),
                },
                d(2026, 3, 27),
                &cal,
            )
            .unwrap();
        assert!(ev.note.unwrap().contains("R-P5"));
    }

    #[test]
    fn a_uk_parliament_election_or_referendum_needs_the_notice_date() {
        let cal = cal();
        let today = d(2026, 3, 1);
        for kind in ["parliament", "referendum"] {
            let Err(Rejection::Refused(r)) =
                Election::create(1, &input(kind, "", "2026-05-07", ""), today, &cal)
            else {
                panic!("{kind}: expected a refusal")
            };
            assert_eq!(
                (r.cite.rule.as_str(), r.cite.clause.as_str()),
                ("R-P5", PUBLICITY_CODE)
            );
            assert!(r.reason.contains("--notice"), "{}", r.reason);

            // With the date the clerk has, ahead of today and later than the 25th working day
            // (no such rule for these kinds): accepted, scheduled until it comes.
            let e = Election::create(1, &input(kind, "", "2026-05-07", "2026-04-10"), today, &cal)
                .unwrap();
            assert_eq!(e.state, ElectionState::Scheduled);
            let p = e.period(&cal);
            assert_eq!((p.start, p.start_is_computed), (d(2026, 4, 10), false));
            assert_eq!(
                e.fields(&cal)
                    .iter()
                    .find(|(k, _)| *k == "latest notice")
                    .map(|(_, v)| v.as_str()),
                Some("recorded by the clerk (R-P5)")
            );
            // Clearing the notice on an edit is refused the same way.
            let Err(Rejection::Refused(r)) = e.step(
                ElectionAction::Edit(input(kind, "", "2026-05-07", "")),
                today,
                &cal,
            ) else {
                panic!("{kind}: expected a refusal")
            };
            assert_eq!(r.cite.rule, "R-P5");
        }
        // A parish notice in the future is still not an actual notice.
        assert!(matches!(
            Election::create(
                1,
                &input("ordinary", "", "2026-05-07", "2026-03-20"),
                today,
                &cal
            ),
            Err(Rejection::Invalid(_))
        ));
    }

    #[test]
    fn overlapping_periods_merge_and_keep_their_names() {
        let cal = cal();
        let today = d(2026, 1, 1);
        // County poll Thu 7 May 2026 (period from Mon 30 Mar); a by-election on Thu 21 May (its
        // computed start is in April, inside the county period); a referendum far later.
        let county = Election::create(
            1,
            &named("county", "", "2026-05-07", "", "Northshire County Council"),
            today,
            &cal,
        )
        .unwrap();
        let by =
            Election::create(2, &input("by", "Mill End", "2026-05-21", ""), today, &cal).unwrap();
        let later = Election::create(
            3,
            &named(
                "referendum",
                "",
                "2026-11-19",
                "2026-10-01",
                "Ashcombe Neighbourhood Plan",
            ),
            today,
            &cal,
        )
        .unwrap();
        let all = [county, by, later];
        // 2 April: only the county period contains it, but the by-election's follows without a
        // break: one run to 21 May, both named.
        let status = period_status(&all, d(2026, 4, 2), &cal);
        assert_eq!(
            status,
            PeriodStatus::InPeriod {
                ends: d(2026, 5, 21),
                elections: vec![1, 2]
            }
        );
        let text = banner(&status, &all).unwrap();
        assert!(
            text.starts_with(
                "PRE-ELECTION PERIOD until 2026-05-21 (county election; by-election: Mill End)"
            ),
            "{text}"
        );
        assert_eq!(
            names(&all, &[1, 2]),
            "county election (Northshire County Council); by-election: Mill End"
        );
        assert!(
            text.contains("2026-05-21") && text.contains("R-P1, R-P5"),
            "{text}"
        );
        // The checker names the periods the day itself is in.
        assert_eq!(
            period_names_on(&all, d(2026, 5, 12), &cal),
            ["by-election: Mill End"]
        );
        assert_eq!(period_names_on(&all, d(2026, 4, 28), &cal).len(), 2);
        // Counting down to the referendum alone.
        let status = period_status(&all, d(2026, 9, 1), &cal);
        assert_eq!(
            status,
            PeriodStatus::Upcoming {
                starts: d(2026, 10, 1),
                days: 30,
                ends: d(2026, 11, 19),
                elections: vec![3]
            }
        );
        assert!(banner(&status, &all)
            .unwrap()
            .starts_with("Pre-election period in 30 days (referendum): 2026-10-01 to 2026-11-19"));
        assert_eq!(banner(&PeriodStatus::Clear, &all), None);
    }
}
