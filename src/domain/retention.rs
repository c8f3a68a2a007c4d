//! Retention and disposal (R-DP2, UK GDPR Art 5(1)(e) storage limitation): personal data is kept no
//! longer than the council's retention schedule says.
//!
//! Each kind of record clerkdesk keeps has a period in the schedule (`assets/retention.toml`, which
//! the council may override kind by kind), counted from the day the record ended (a case closed, a
//! request answered). A record that has ended and whose period has run is *due for disposal
//! review*. Disposal never deletes: it anonymises in place. The record's personal fields and free
//! text become [`DISPOSED`]; its dates, states, steps and rule IDs stay, and so do its audit events,
//! with their dates, actors, actions and rules, their personal text anonymised the same way. Open
//! records and records not yet due are refused with R-DP2.
//!
//! The registers (interests, R-D1 to R-D4; gifts and hospitality, R-D5) are never deleted (R-D4):
//! an entry is kept, whole, while it applies and while its member or officer serves; only after
//! that and its period is it anonymised, the entry itself (its member, kind, dates and states)
//! staying in the register's history.
//!
//! A logged letter (R-C1) ends the day it was sent: its subject and any reason the ward's other
//! members were not copied are anonymised after its period; who wrote to whom, when, and who was
//! copied stay.
//!
//! Pure: the schedule, the records and `today` are passed in.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::audit::AuditEvent;
use super::correspondence::Letter;
use super::disclosure::{Disclosure, DisclosureState};
use super::gifts::{Gift, GiftState};
use super::grievance::{Case, CaseState, Path, PersonRef, StepRecord};
use super::requests::{InfoOutcome, InfoRequest, InfoState};
use super::rules::{Cite, Refusal};
use super::sar::{Requester, Sar, SarState};

/// The rule disposal rests on.
pub const RULE: &str = "R-DP2";
/// What personal fields and free text read after disposal.
pub const DISPOSED: &str = "[disposed]";

/// R-DP2 with its clause.
pub fn cite() -> Cite {
    Cite::new(RULE, "UK GDPR Art 5(1)(e)")
}

/// The kinds of record the retention schedule covers. Stored in the disposal log by position: a new
/// kind goes at the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Grievance,
    Concern,
    Breach,
    InfoRequest,
    Sar,
    /// An entry in the register of relationships and interests (R-D1 to R-D4).
    Interest,
    /// An entry in the register of gifts and hospitality (R-D5).
    Gift,
    /// An officer's letter to a member, logged (R-C1).
    Correspondence,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Grievance,
        Kind::Concern,
        Kind::Breach,
        Kind::InfoRequest,
        Kind::Sar,
        Kind::Interest,
        Kind::Gift,
        Kind::Correspondence,
    ];

    /// The key used in the schedule file and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Kind::Grievance => "grievance",
            Kind::Concern => "concern",
            Kind::Breach => "breach",
            Kind::InfoRequest => "info-request",
            Kind::Sar => "sar",
            Kind::Interest => "interest",
            Kind::Gift => "gift",
            Kind::Correspondence => "correspondence",
        }
    }

    pub fn from_key(raw: &str) -> Option<Kind> {
        let raw = raw.trim().to_lowercase();
        Kind::ALL.into_iter().find(|k| k.key() == raw)
    }
}

/// One kind's period in the schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub kind: Kind,
    pub label: String,
    pub years: u32,
    /// What the period counts from: "closure", "answer".
    pub after: String,
    /// Why this figure (the guidance or law it follows).
    pub basis: String,
}

/// The retention schedule: a period per kind, and where the figures come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub source: String,
    pub periods: Vec<Period>,
}

/// The council's own periods, by kind key: a council setting, kept in its store.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionSettings {
    pub years: BTreeMap<String, u32>,
}

/// The longest period a council may set: beyond it a typo, not a schedule.
pub const MAX_YEARS: u32 = 100;

impl Schedule {
    /// The period for `kind`, the council's own where it set one.
    pub fn period(&self, kind: Kind, settings: &RetentionSettings) -> Option<Period> {
        let mut p = self.periods.iter().find(|p| p.kind == kind)?.clone();
        if let Some(years) = settings.years.get(kind.key()) {
            p.years = *years;
            p.basis = format!("set by the council (the published default is {})", p.basis);
        }
        Some(p)
    }

    /// Every kind that has a period, in the schedule's order.
    pub fn kinds(&self) -> impl Iterator<Item = Kind> + '_ {
        self.periods.iter().map(|p| p.kind)
    }
}

/// A record the schedule covers, borrowed. A register entry comes with the day its member's term
/// or its officer's employment ended (`None` while they serve).
#[derive(Debug, Clone, Copy)]
pub enum Record<'a> {
    Case(&'a Case),
    Sar(&'a Sar),
    Info(&'a InfoRequest),
    Disclosure(&'a Disclosure, Option<NaiveDate>),
    Gift(&'a Gift, Option<NaiveDate>),
    /// A letter in the correspondence log (R-C1): it ends the day it was sent.
    Letter(&'a Letter),
}

impl Record<'_> {
    pub fn kind(&self) -> Kind {
        match self {
            Record::Case(c) => match c.path {
                Path::OfficerGrievance => Kind::Grievance,
                Path::MemberConcern => Kind::Concern,
                Path::Breach(_) => Kind::Breach,
            },
            Record::Sar(_) => Kind::Sar,
            Record::Info(_) => Kind::InfoRequest,
            Record::Disclosure(..) => Kind::Interest,
            Record::Gift(..) => Kind::Gift,
            Record::Letter(_) => Kind::Correspondence,
        }
    }

    /// `G-2026-007`, `S-0003`, `RQ-2026-004`.
    pub fn reference(&self) -> String {
        match self {
            Record::Case(c) => c.reference.clone(),
            Record::Sar(s) => s.reference(),
            Record::Info(r) => r.reference.clone(),
            Record::Disclosure(d, _) => d.reference(),
            Record::Gift(g, _) => g.reference(),
            Record::Letter(l) => l.reference(),
        }
    }

    /// The day the record ended (closed, answered), from which its period counts; `None` while it
    /// is open.
    pub fn ended_on(&self) -> Option<NaiveDate> {
        match self {
            Record::Case(c) => (c.state == CaseState::Closed).then_some(c.closed_on)?,
            Record::Sar(s) => (s.state == SarState::Answered).then_some(s.answered_on)?,
            Record::Info(r) => match r.state {
                InfoState::Received | InfoState::Assessed | InfoState::AwaitingConsent => None,
                _ => r.closed_on.or(r.answered_on),
            },
            // R-D4: kept while the entry applies and while its holder serves; the later of the two.
            Record::Disclosure(d, left) => {
                let (ended, _) = d
                    .ended
                    .as_ref()
                    .filter(|_| d.state == DisclosureState::Ended)?;
                Some((*ended).max((*left)?))
            }
            Record::Gift(g, left) => {
                let (ended, _) = g.ended.as_ref().filter(|_| g.state == GiftState::Ended)?;
                Some((*ended).max((*left)?))
            }
            Record::Letter(l) => Some(l.on),
        }
    }

    /// Why a record that has not ended is kept, in the clerk's words.
    fn still_kept(&self) -> String {
        let reference = self.reference();
        match self {
            Record::Disclosure(d, left) => register_kept(&reference, d.ended.is_some(), left.is_some(), "member"),
            Record::Gift(g, left) => register_kept(&reference, g.ended.is_some(), left.is_some(), "member or officer"),
            _ => format!(
                "{reference} is still open: only a record that has ended is kept for its retention period and then disposed of"
            ),
        }
    }
}

fn register_kept(reference: &str, ended: bool, left: bool, holder: &str) -> String {
    match (ended, left) {
        (false, _) => format!(
            "{reference} still applies: a register entry is kept while it applies and never deleted (R-D4)"
        ),
        _ => format!(
            "{reference} stays in the register while its {holder} serves (R-D4); its retention period counts from when they leave"
        ),
    }
}

/// A record due for disposal review (or asked about): when it ended and from when it is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub kind: Kind,
    pub reference: String,
    pub ended_on: NaiveDate,
    pub due_on: NaiveDate,
    pub period: Period,
}

/// The day `years` after `from` (29 February counts to 28 February in a common year).
pub fn years_after(from: NaiveDate, years: u32) -> NaiveDate {
    from.checked_add_months(Months::new(years.saturating_mul(12)))
        .unwrap_or(NaiveDate::MAX)
}

/// Whether `record` may be disposed of `today` (R-DP2): ended, its period run, not disposed of
/// already. The refusal says which and until when.
pub fn review(
    record: Record,
    schedule: &Schedule,
    settings: &RetentionSettings,
    disposed: &[Disposal],
    today: NaiveDate,
) -> Result<Review, Refusal> {
    let reference = record.reference();
    let refuse = |reason: String| Refusal {
        cite: cite(),
        reason,
    };
    if let Some(d) = disposed.iter().find(|d| d.reference == reference) {
        return Err(refuse(format!(
            "{reference} was disposed of on {} (entry {} of the disposal log); it is anonymised already",
            d.at.format("%Y-%m-%d"),
            d.id
        )));
    }
    let kind = record.kind();
    let Some(period) = schedule.period(kind, settings) else {
        return Err(refuse(format!(
            "the retention schedule has no period for {}: {reference} is kept",
            kind.key()
        )));
    };
    let Some(ended_on) = record.ended_on() else {
        return Err(refuse(record.still_kept()));
    };
    let due_on = years_after(ended_on, period.years);
    if today < due_on {
        return Err(refuse(format!(
            "{reference} is kept until {} ({} year{} after its {} on {}, under the retention schedule)",
            due_on.format("%Y-%m-%d"),
            period.years,
            if period.years == 1 { "" } else { "s" },
            period.after,
            ended_on.format("%Y-%m-%d")
        )));
    }
    Ok(Review {
        kind,
        reference,
        ended_on,
        due_on,
        period,
    })
}

/// Every record due for disposal review `today`, oldest due first.
pub fn due<'a>(
    records: impl IntoIterator<Item = Record<'a>>,
    schedule: &Schedule,
    settings: &RetentionSettings,
    disposed: &[Disposal],
    today: NaiveDate,
) -> Vec<Review> {
    let mut out: Vec<Review> = records
        .into_iter()
        .filter_map(|r| review(r, schedule, settings, disposed, today).ok())
        .collect();
    out.sort_by(|a, b| (a.due_on, &a.reference).cmp(&(b.due_on, &b.reference)));
    out
}

/// One entry of the disposal log: what, when, by whom, under which rule (R-DP2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposal {
    pub id: u32,
    pub kind: Kind,
    pub reference: String,
    pub ended_on: NaiveDate,
    /// When it was disposed of, and by whom.
    pub at: NaiveDateTime,
    pub by: String,
    pub years: u32,
    pub cite: Cite,
    /// How many of its audit events were anonymised with it.
    pub events: usize,
}

fn gone(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        DISPOSED.to_string()
    }
}

fn gone_opt(text: &Option<String>) -> Option<String> {
    text.as_ref().map(|t| gone(t))
}

/// Every party, member, officer or anyone else, becomes "[disposed]": who raised a matter and whom
/// it was about is the personal data.
fn person(_: &PersonRef) -> PersonRef {
    PersonRef::Other(DISPOSED.into())
}

/// The case with its parties, free text and anyone named outside the council anonymised; its path,
/// states, dates, steps taken, panels and rules kept.
pub fn anonymise_case(c: &Case) -> Case {
    let mut out = c.clone();
    out.raised_by = person(&c.raised_by);
    out.about = person(&c.about);
    out.summary = gone(&c.summary);
    out.choice_reason = gone_opt(&c.choice_reason);
    if let Some(i) = out.informal.as_mut() {
        i.by = gone(&i.by);
        i.note = gone(&i.note);
        i.outcome = gone_opt(&i.outcome);
    }
    out.informal_skipped = gone_opt(&c.informal_skipped);
    if let Some(h) = out.hearing.as_mut() {
        h.companion = gone_opt(&h.companion);
    }
    if let Some(m) = out.mo_referral.as_mut() {
        m.note = gone(&m.note);
        m.answer = gone_opt(&m.answer);
    }
    let decision = |d: &mut super::grievance::Decision| {
        d.note = gone(&d.note);
        if let PersonRef::Other(_) = d.by {
            d.by = PersonRef::Other(DISPOSED.into());
        }
    };
    if let Some(d) = out.decision.as_mut() {
        decision(d);
    }
    if let Some(a) = out.appeal.as_mut() {
        a.grounds = gone(&a.grounds);
        if let Some(d) = a.decision.as_mut() {
            decision(d);
        }
    }
    for step in [
        &mut out.steps.advise_leader,
        &mut out.steps.advise_group_leader,
        &mut out.steps.consult_chairman,
        &mut out.steps.consult_vice_chairman,
    ]
    .into_iter()
    .flatten()
    {
        if let StepRecord::Recorded { note, .. } = step {
            *note = gone(note);
        }
    }
    out.review_note = gone_opt(&c.review_note);
    out.closing_note = gone_opt(&c.closing_note);
    out
}

/// The request with its requester and what they asked anonymised; dates and state kept.
pub fn anonymise_sar(s: &Sar) -> Sar {
    let mut out = s.clone();
    out.requester = Requester::Other(DISPOSED.into());
    out.what = gone(&s.what);
    if let Some((on, why)) = &s.extended {
        out.extended = Some((*on, gone(why)));
    }
    out
}

/// The letter with what it was about and why the ward's other members were not copied anonymised;
/// its officer, member, date, whether it was a ward matter and who was copied stay (R-C1: the log
/// still shows the copies went).
pub fn anonymise_letter(l: &Letter) -> Letter {
    let mut out = l.clone();
    out.subject = gone(&l.subject);
    out.not_copied = gone_opt(&l.not_copied);
    out
}

/// The request with what was asked, for whom and why anonymised; the member (a councillor acting as
/// one), dates, basis, outcome and state kept.
pub fn anonymise_info(r: &InfoRequest) -> InfoRequest {
    let mut out = r.clone();
    out.what = gone(&r.what);
    out.on_behalf_of = gone_opt(&r.on_behalf_of);
    out.declared_interest = gone_opt(&r.declared_interest);
    out.need_reason = gone_opt(&r.need_reason);
    if let Some(InfoOutcome::Refused { reason, .. }) = out.outcome.as_mut() {
        *reason = gone(reason);
    }
    out
}

/// The register entry with what it says anonymised (the interest, the relationship, why it
/// ended); its member, officer, kind, dates, notifications and states stay (R-D4: the entry is
/// never deleted).
pub fn anonymise_disclosure(d: &Disclosure) -> Disclosure {
    let mut out = d.clone();
    out.description = gone(&d.description);
    if let Some((on, why)) = &d.ended {
        out.ended = Some((*on, gone(why)));
    }
    out
}

/// The gifts and hospitality entry with its giver, what it was and why it ended anonymised; its
/// recipient, value, dates and states stay (R-D4, R-D5).
pub fn anonymise_gift(g: &Gift) -> Gift {
    let mut out = g.clone();
    out.giver = gone(&g.giver);
    out.description = gone(&g.description);
    if let Some((on, why)) = &g.ended {
        out.ended = Some((*on, gone(why)));
    }
    out
}

/// The personal text of a record that must leave other records' audit events too, wherever they
/// quote it: the names of people outside the council's records, and its free texts long enough to
/// be its own (a short phrase such as "complex" would take ordinary words out of unrelated events).
/// Its own events lose all their text anyway ([`anonymise_own_event`]).
pub fn personal_text(record: Record) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |s: &str| {
        if s.chars().count() >= 16 && s != DISPOSED {
            out.push(s.to_string());
        }
    };
    let mut names: Vec<String> = Vec::new();
    let mut name = |s: &str| {
        if s.chars().count() >= 3 && s != DISPOSED {
            names.push(s.to_string());
        }
    };
    let party = |p: &PersonRef, name: &mut dyn FnMut(&str)| {
        if let PersonRef::Other(n) = p {
            name(n)
        }
    };
    match record {
        Record::Case(c) => {
            party(&c.raised_by, &mut name);
            party(&c.about, &mut name);
            add(&c.summary);
            for t in [
                &c.choice_reason,
                &c.informal_skipped,
                &c.review_note,
                &c.closing_note,
            ]
            .into_iter()
            .flatten()
            {
                add(t);
            }
            if let Some(i) = &c.informal {
                name(&i.by);
                add(&i.note);
                if let Some(o) = &i.outcome {
                    add(o);
                }
            }
            if let Some(h) = c.hearing.as_ref().and_then(|h| h.companion.as_ref()) {
                name(h);
            }
            if let Some(m) = &c.mo_referral {
                add(&m.note);
                if let Some(a) = &m.answer {
                    add(a);
                }
            }
            let decisions = c
                .decision
                .iter()
                .chain(c.appeal.as_ref().and_then(|a| a.decision.as_ref()));
            for d in decisions {
                add(&d.note);
                party(&d.by, &mut name);
            }
            if let Some(a) = &c.appeal {
                add(&a.grounds);
            }
            for step in [
                &c.steps.advise_leader,
                &c.steps.advise_group_leader,
                &c.steps.consult_chairman,
                &c.steps.consult_vice_chairman,
            ]
            .into_iter()
            .flatten()
            {
                if let StepRecord::Recorded { note, .. } = step {
                    add(note);
                }
            }
        }
        Record::Sar(s) => {
            if let Requester::Other(n) = &s.requester {
                name(n);
            }
            add(&s.what);
            if let Some((_, why)) = &s.extended {
                add(why);
            }
        }
        Record::Info(r) => {
            add(&r.what);
            if let Some(n) = &r.on_behalf_of {
                name(n);
            }
            for t in [&r.declared_interest, &r.need_reason].into_iter().flatten() {
                add(t);
            }
            if let Some(InfoOutcome::Refused { reason, .. }) = &r.outcome {
                add(reason);
            }
        }
        Record::Disclosure(d, _) => {
            add(&d.description);
            if let Some((_, why)) = &d.ended {
                add(why);
            }
        }
        Record::Letter(l) => {
            add(&l.subject);
            if let Some(why) = &l.not_copied {
                add(why);
            }
        }
        Record::Gift(g, _) => {
            name(&g.giver);
            add(&g.description);
            if let Some((_, why)) = &g.ended {
                add(why);
            }
        }
    }
    out.extend(names);
    // Longest first, so a name inside a longer text does not leave the rest of that text behind.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

fn scrub(text: &str, personal: &[String]) -> String {
    personal
        .iter()
        .fold(text.to_string(), |t, p| t.replace(p.as_str(), DISPOSED))
}

/// One of the record's own audit events with its personal text anonymised: every value it changed
/// and its note become [`DISPOSED`] (the field names stay, so the trail still says what changed);
/// its sequence number, date, actor, subject, action and rule stay.
pub fn anonymise_own_event(e: &AuditEvent) -> AuditEvent {
    let mut out = e.clone();
    for c in &mut out.changes {
        c.before = gone(&c.before);
        c.after = gone(&c.after);
    }
    out.note = gone_opt(&e.note);
    out
}

/// Another record's audit event that quotes the disposed record's personal text: only that text is
/// replaced. `None` when it quotes none of it.
pub fn scrub_event(e: &AuditEvent, personal: &[String]) -> Option<AuditEvent> {
    let mut out = e.clone();
    for c in &mut out.changes {
        c.before = scrub(&c.before, personal);
        c.after = scrub(&c.after, personal);
    }
    out.note = e.note.as_ref().map(|n| scrub(n, personal));
    (out != *e).then_some(out)
}

#[cfg(test)]
#[path = "tests_retention.rs"]
mod tests;
