//! Every date the clerk owes something by, gathered from every register into one list: the source of
//! `clerkdesk calendar` (an iCalendar file for Outlook or a phone).
//!
//! Each [`DueDate`] carries a stable [`DueDate::key`] built from references only (never a name), so a
//! calendar imported twice updates its events instead of duplicating them. Names are kept apart from
//! the title in [`DueDate::names`]: a redacted calendar (the default) simply leaves them out, so no
//! name or confidential text can reach a phone by accident. The case summary, the text of an
//! information request, a disclosure's description, a gift's giver and description and a
//! dispensation's business are never included, redacted or not.
//!
//! Only what is still owed is listed: a met deadline, an answered request, a closed case or a past
//! election drops out. Overdue dates stay in, flagged.

use chrono::NaiveDate;

use super::blackout::{Election, ElectionState};
use super::disclosure::{member_dpi_deadlines, Disclosure};
use super::dispensations::{Dispensation, DispensationDue};
use super::documents::CouncilDocuments;
use super::figures::Figure;
use super::gifts::{Gift, GiftDue, GiftSettings};
use super::grievance::Case;
use super::ids::{MemberId, OfficerId};
use super::officer::{BriefingStatus, Officer};
use super::requests::{Basis, InfoRequest, InfoState};
use super::retention::{Kind, Review};
use super::rules::Cite;
use super::sar::{Sar, SarState};
use super::{dates, Context};

/// One date (or, for a pre-election period, a run of days) something is due by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueDate {
    /// Stable identity from references only: `case-G-2026-001-hearing`.
    pub key: String,
    pub first: NaiveDate,
    /// The last day, inclusive (the same as `first` for a one-day deadline).
    pub last: NaiveDate,
    /// What is due, by reference only: safe on a phone.
    pub title: String,
    /// The people concerned, by name: left out of a redacted calendar.
    pub names: Option<String>,
    pub cite: Cite,
    /// The calendar the date was counted on, and any loud warning.
    pub note: String,
    pub overdue: bool,
    /// The record it belongs to, so a screen can go to it.
    pub record: DueRecord,
}

/// Which record a due date belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DueRecord {
    Case(String),
    Member(MemberId),
    Officer(OfficerId),
    InfoRequest(String),
    Sar(String),
    Election(u32),
    /// The council's own documents (R-O4): shown in the council details.
    Council,
    /// A gifts and hospitality entry (`H-0002`) still to be notified (R-D5).
    Gift(String),
    /// A granted dispensation (`D-0001`) and the day it expires (R-D6).
    Dispensation(String),
    /// A record whose retention period has run: due for disposal review (R-DP2).
    Retention {
        kind: Kind,
        reference: String,
    },
}

/// How far ahead "due soon" looks: the Due tab lists what is overdue or due within this many days.
pub const SOON_DAYS: u64 = 7;

impl DueDate {
    /// Overdue, due within [`SOON_DAYS`] of `today`, or a period running on `today`.
    pub fn is_due_soon(&self, today: NaiveDate) -> bool {
        let horizon = today
            .checked_add_days(chrono::Days::new(SOON_DAYS))
            .unwrap_or(today);
        self.overdue || (self.first <= horizon && self.last >= today)
    }

    /// The one line shown for it: the title alone when redacted, with the names otherwise.
    pub fn summary(&self, redacted: bool) -> String {
        match (&self.names, redacted) {
            (Some(names), false) => format!("{} — {names}", self.title),
            _ => self.title.clone(),
        }
    }
}

/// How much is owed, as counts only (no name, no reference): what a council's summary for the
/// council switcher holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DueCounts {
    /// Dates already passed (flagged overdue).
    pub overdue: usize,
    /// Not overdue, but due within [`SOON_DAYS`] (or a period running today).
    pub this_week: usize,
}

/// The counts of `dates` (from [`all`]) on `today`: exactly what the Due tab lists, counted.
pub fn counts(dates: &[DueDate], today: NaiveDate) -> DueCounts {
    let mut out = DueCounts::default();
    for d in dates.iter().filter(|d| d.is_due_soon(today)) {
        if d.overdue {
            out.overdue += 1;
        } else {
            out.this_week += 1;
        }
    }
    out
}

/// The registers [`all`] reads. Members and officers come from the [`Context`].
pub struct Registers<'a> {
    pub cases: &'a [Case],
    pub disclosures: &'a [Disclosure],
    pub elections: &'a [Election],
    pub info_requests: &'a [InfoRequest],
    pub sars: &'a [Sar],
    /// The council's own documents (R-O4); `None` leaves them out.
    pub documents: Option<&'a CouncilDocuments>,
    pub gifts: &'a [Gift],
    pub gift_settings: &'a GiftSettings,
    pub dispensations: &'a [Dispensation],
    /// The records due for disposal review today (`retention::due`, from the council's schedule).
    pub retention: &'a [Review],
}

/// Everything still owed, earliest first (then by key, so the order is the same on every run).
pub fn all(registers: &Registers, ctx: &Context) -> Vec<DueDate> {
    let mut out = Vec::new();
    cases(registers.cases, ctx, &mut out);
    dpi(registers.disclosures, ctx, &mut out);
    briefings(ctx, &mut out);
    info_requests(registers.info_requests, ctx, &mut out);
    sars(registers.sars, ctx, &mut out);
    elections(registers.elections, ctx, &mut out);
    if let Some(docs) = registers.documents {
        documents(docs, ctx, &mut out);
    }
    gifts(registers.gifts, registers.gift_settings, ctx, &mut out);
    dispensations(registers.dispensations, ctx, &mut out);
    retention(registers.retention, ctx, &mut out);
    out.sort_by(|a, b| (a.first, &a.key).cmp(&(b.first, &b.key)));
    out
}

#[allow(clippy::too_many_arguments)] // one line per field of the date, named at each call
fn one_day(
    record: DueRecord,
    key: String,
    due: NaiveDate,
    title: String,
    names: Option<String>,
    cite: Cite,
    note: String,
    today: NaiveDate,
) -> DueDate {
    DueDate {
        key,
        first: due,
        last: due,
        title,
        names,
        cite,
        note,
        overdue: today > due,
        record,
    }
}

fn with_warning(label: &str, warning: Option<String>) -> String {
    match warning {
        Some(w) => format!("{label} — {w}"),
        None => label.to_string(),
    }
}

/// R-E1.3 hearings and R-E1.6 appeal windows: the case's next deadline.
fn cases(cases: &[Case], ctx: &Context, out: &mut Vec<DueDate>) {
    for case in cases {
        let Some(d) = case.next_deadline(ctx) else {
            continue;
        };
        let slug = d.what.replace(' ', "-");
        out.push(one_day(
            DueRecord::Case(case.reference.clone()),
            format!("case-{}-{slug}", case.reference),
            d.due,
            format!("{}: {}", case.reference, d.what),
            Some(format!(
                "raised by {} about {}",
                case.raised_by.name(ctx),
                case.about.name(ctx)
            )),
            d.cite.clone(),
            with_warning(
                &format!("{}; target {}", d.calendar.label(), d.target),
                d.warning.clone(),
            ),
            ctx.today,
        ));
    }
}

/// R-M3: interests not yet notified to the Monitoring Officer, for serving members.
fn dpi(disclosures: &[Disclosure], ctx: &Context, out: &mut Vec<DueDate>) {
    for m in ctx
        .members
        .iter()
        .filter(|m| m.term_end.is_none_or(|end| end >= ctx.today))
    {
        let mut seen: Vec<NaiveDate> = Vec::new();
        for d in member_dpi_deadlines(m, disclosures, ctx.today) {
            if d.met_on.is_some() {
                continue;
            }
            // Two deadlines of one member on one day are told apart by their order.
            let n = seen.iter().filter(|s| **s == d.due).count();
            seen.push(d.due);
            let suffix = if n == 0 {
                String::new()
            } else {
                format!("-{}", n + 1)
            };
            out.push(one_day(
                DueRecord::Member(m.id),
                format!("dpi-{}-{}{suffix}", m.id, dates::show(d.due)),
                d.due,
                format!("{}: interests to notify to the Monitoring Officer", m.id),
                Some(format!("Cllr {} — {}", m.name, d.what)),
                d.cite,
                "28 days, day 1 included".to_string(),
                ctx.today,
            ));
        }
    }
}

/// R-O2: officers not yet briefed on the protocol.
fn briefings(ctx: &Context, out: &mut Vec<DueDate>) {
    for o in ctx.officers {
        let due = match o.briefing_status(ctx) {
            BriefingStatus::Pending { due } | BriefingStatus::Missing { due } => due,
            BriefingStatus::Recorded(_) | BriefingStatus::NotApplicable => continue,
        };
        out.push(briefing(o, due, ctx));
    }
}

fn briefing(o: &Officer, due: NaiveDate, ctx: &Context) -> DueDate {
    one_day(
        DueRecord::Officer(o.id),
        format!("briefing-{}", o.id),
        due,
        format!("{}: protocol briefing", o.id),
        Some(o.name.clone()),
        Cite::new("R-O2", "LLTC §3.3"),
        with_warning(
            &format!(
                "{}; within {} of starting",
                ctx.calendars.council.kind().label(),
                ctx.profile.deadlines.wording(Figure::Briefing)
            ),
            ctx.calendars.council.warning(o.started, due),
        ),
        ctx.today,
    )
}

/// R-I1 FOI answers and R-I5 member enquiries not yet answered.
fn info_requests(requests: &[InfoRequest], ctx: &Context, out: &mut Vec<DueDate>) {
    for r in requests
        .iter()
        .filter(|r| r.answered_on.is_none() && r.state != InfoState::Closed)
    {
        let what = match r.basis {
            Some(Basis::Foi) => "FOI answer",
            _ => "answer to a member's request",
        };
        out.push(one_day(
            DueRecord::InfoRequest(r.reference.clone()),
            format!("request-{}", r.reference),
            r.due(ctx),
            format!("{}: {what}", r.reference),
            Some(
                ctx.member(r.member)
                    .map(|m| format!("Cllr {}", m.name))
                    .unwrap_or_else(|| r.member.to_string()),
            ),
            r.due_cite(),
            with_warning(r.due_calendar().label(), r.due_warning(ctx)),
            ctx.today,
        ));
    }
}

/// R-DP1: each subject access request still to be answered. The requester is named only outside
/// a redacted calendar; what they asked for never.
fn sars(requests: &[Sar], ctx: &Context, out: &mut Vec<DueDate>) {
    for r in requests.iter().filter(|r| r.state != SarState::Answered) {
        out.push(one_day(
            DueRecord::Sar(r.reference()),
            format!("sar-{}", r.reference()),
            r.due_by(ctx),
            format!(
                "{}: subject access answer{}",
                r.reference(),
                if r.extended.is_some() {
                    " (extended)"
                } else {
                    ""
                }
            ),
            Some(r.requester.name(ctx)),
            r.cite(),
            super::calendar::CalendarKind::Council.label().to_string(),
            ctx.today,
        ));
    }
}

/// R-P1: the notice of election and the pre-election period, until the poll.
fn elections(elections: &[Election], ctx: &Context, out: &mut Vec<DueDate>) {
    let cal = &ctx.calendars.election;
    for e in elections.iter().filter(|e| {
        matches!(
            e.state,
            ElectionState::Scheduled | ElectionState::NoticePublished
        )
    }) {
        let period = e.period(cal);
        let cite = Cite::new(e.kind.rule(), e.kind.timetable());
        let wards = e.wards_label();
        // R-P5: each election named, so overlapping periods keep their names.
        let what = e.title();
        if period.start_is_computed {
            out.push(one_day(
                DueRecord::Election(e.id),
                format!("election-{}-notice", e.id),
                period.start,
                format!("Notice of election, latest day, {what} ({wards})"),
                None,
                cite.clone(),
                cal.kind().label().to_string(),
                ctx.today,
            ));
        }
        out.push(DueDate {
            key: format!("election-{}-period", e.id),
            first: period.start,
            last: period.end,
            title: format!(
                "Pre-election period, {what}, poll {} ({wards})",
                dates::show(e.poll)
            ),
            names: None,
            cite: Cite::new(e.kind.rule(), super::blackout::PUBLICITY_CODE),
            note: if period.start_is_computed {
                "starts on the latest lawful day of the notice, until it is recorded".to_string()
            } else {
                "from the notice of election to the poll, inclusive".to_string()
            },
            overdue: false,
            record: DueRecord::Election(e.id),
        });
    }
}

/// R-O4: the protocol's review, and each procedure the council has not recorded adopting.
fn documents(docs: &CouncilDocuments, ctx: &Context, out: &mut Vec<DueDate>) {
    for owed in docs.owed(ctx.today) {
        out.push(DueDate {
            key: format!("council-{}", owed.key),
            first: owed.due,
            last: owed.due,
            title: format!("Council: {}", owed.what),
            names: None,
            cite: ctx.profile.localise(owed.cite),
            note: "the council's own documents: press I for the council details".to_string(),
            overdue: owed.overdue,
            record: DueRecord::Council,
        });
    }
}

/// R-D5: entries worth registering that are not yet notified, by the day they must be.
fn gifts(gifts: &[Gift], settings: &GiftSettings, ctx: &Context, out: &mut Vec<DueDate>) {
    for g in gifts {
        let by = match g.due(settings, ctx) {
            GiftDue::Due { by } | GiftDue::Overdue { by } => by,
            _ => continue,
        };
        out.push(one_day(
            DueRecord::Gift(g.reference()),
            format!("gift-{}", g.reference()),
            by,
            format!("{}: gift or hospitality to notify", g.reference()),
            Some(super::gifts::recipient_name(g.recipient, ctx)),
            g.cite(),
            g.counted(settings).label(),
            ctx.today,
        ));
    }
}

/// R-D6: each granted dispensation, on the day it expires; one past that day and not yet
/// recorded as expired is overdue.
fn dispensations(dispensations: &[Dispensation], ctx: &Context, out: &mut Vec<DueDate>) {
    for d in dispensations {
        let (until, what) = match d.due(ctx) {
            DispensationDue::Runs { until } => (until, "dispensation expires"),
            DispensationDue::Lapsed { until } => (until, "dispensation expired: record it"),
            _ => continue,
        };
        out.push(one_day(
            DueRecord::Dispensation(d.reference()),
            format!("dispensation-{}", d.reference()),
            until,
            format!("{}: {what}", d.reference()),
            ctx.member(d.member).map(|m| format!("Cllr {}", m.name)),
            d.cite(),
            "a calendar date, at most four years from the grant".to_string(),
            ctx.today,
        ));
    }
}

/// R-DP2: records kept past their retention period, due for review (dispose of or keep).
/// Only references are given: a review names nobody.
fn retention(reviews: &[Review], ctx: &Context, out: &mut Vec<DueDate>) {
    for r in reviews {
        out.push(one_day(
            DueRecord::Retention {
                kind: r.kind,
                reference: r.reference.clone(),
            },
            format!("retention-{}", r.reference),
            r.due_on,
            format!("{}: due for disposal review", r.reference),
            None,
            super::retention::cite(),
            format!(
                "{}: {} years after it ended on {}",
                r.period.label,
                r.period.years,
                dates::show(r.ended_on)
            ),
            ctx.today,
        ));
    }
}
