//! The demo council's registers (disclosures, gifts, dispensations, subject access requests,
//! elections, publicity, group reports and meetings, information requests), replayed from
//! `assets/demo/*.toml` once for every kind ([`replay`]):
//!
//! - a record's fields go, by the names `clerkdesk <kind> add` takes, through its kind's creation
//!   spec and builder ([`Create::input`], the builder `add` and the creation form use), and its
//!   own `create` judges them;
//! - each step's fields go, by the names `clerkdesk <kind> do` takes, through the action's spec
//!   and builder ([`BuildAction::build`]), defaults filled as `do` fills them, and the machine
//!   decides it ([`Machine::apply`]).
//!
//! A field the spec does not name, a required one left out, a bad value or a step the machine
//! refuses is a mistake in the data: loading stops and names the record and the step.
//! What differs between kinds (how a record is created, what the audit trail says of it) is one
//! [`Replay`] impl each, below.

use std::collections::BTreeMap;

use super::Session;
use crate::assets::{self, DemoData, DemoRecord};
use crate::domain::audit::{diff, Change, Subject};
use crate::domain::blackout::{self, Election, ElectionEvent, ElectionInput};
use crate::domain::disclosure::{Disclosure, DisclosureEvent, DisclosureInput};
use crate::domain::dispensations::{Dispensation, DispensationEvent};
use crate::domain::gifts::{Gift, GiftEvent, GiftSettings};
use crate::domain::machine::{ActionKind, ActionSpec, BuildAction, Create, Machine, Values};
use crate::domain::publicity::{self, ItemEvent, PublicityInput, PublicityItem};
use crate::domain::requests::{
    AttendanceEvent, GroupAttendance, GroupReport, InfoEvent, InfoRequest, ReportEvent,
};
use crate::domain::rules::{cites, Cite, FieldError, Rejection};
use crate::domain::sar::{Sar, SarEvent};
use crate::domain::Context;
use crate::store::{Record, Write};

/// One line of a demo record's audit trail.
pub(super) struct TrailEntry {
    pub subject: Subject,
    /// Who took the step, as the demo file names them; `None`: whoever loads the demo.
    pub actor: Option<String>,
    pub action: String,
    pub changes: Vec<Change>,
    pub note: Option<String>,
    pub cite: Option<Cite>,
}

/// Everything the demo's extra files add, ready to commit with the rest of the demo: each
/// register as the session keeps it, the records' writes and their audit trail in order.
#[derive(Default)]
pub(super) struct DemoExtras {
    pub elections: Vec<Election>,
    pub publicity: Vec<PublicityItem>,
    pub reports: Vec<GroupReport>,
    pub attendances: Vec<GroupAttendance>,
    pub info_requests: Vec<InfoRequest>,
    pub disclosures: Vec<Disclosure>,
    pub gifts: Vec<Gift>,
    pub dispensations: Vec<Dispensation>,
    pub sars: Vec<Sar>,
    pub writes: Vec<Write>,
    pub trail: Vec<TrailEntry>,
}

/// What every machine's event tells the audit trail: what was done, and any note.
pub(super) trait Said {
    fn said(&self) -> (&'static str, Option<String>);
}

macro_rules! said {
    ($($event:ty),* $(,)?) => {$(
        impl Said for $event {
            fn said(&self) -> (&'static str, Option<String>) {
                (self.action, self.note.clone())
            }
        }
    )*};
}

said!(
    DisclosureEvent,
    GiftEvent,
    DispensationEvent,
    SarEvent,
    ElectionEvent,
    ItemEvent,
    ReportEvent,
    AttendanceEvent,
    InfoEvent,
);

/// A kind of record the demo replays: where its records are, how one is created, and what the
/// audit trail says of it. Its steps need nothing here: they are the machine's, taken as `do`
/// takes them.
pub(super) trait Replay: Machine<Event: Said> + Create + Record {
    /// The demo file and the `[[section]]` its records are in.
    const DATA: DemoData;
    const SECTION: &'static str;
    /// What the audit trail calls its creation ("declared", "received" …), as `add` logs it.
    const CREATED: &'static str;

    /// The record from its input, judged by its own `create` as `add` has it judged; `made` is
    /// what the demo has built so far (the register a disclosure is checked against).
    fn create(
        id: u32,
        input: &Self::Input,
        ctx: &Context,
        made: &DemoExtras,
    ) -> Result<Self, Rejection>;

    /// Its subject in the audit trail ("gift H-0001"), which names it in a mistake's message too.
    fn subject(&self) -> Subject;

    /// Its fields as the audit trail records a change to them.
    fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)>;

    /// The rule its creation rests on, where it rests on one.
    fn cite(&self) -> Option<Cite> {
        None
    }

    /// The rule a step the machine accepted rests on: by default its creation's.
    fn step_cite(before: &Self, _event: &Self::Event) -> Option<Cite> {
        before.cite()
    }

    /// What a step's field left out keeps (an edit keeps what it does not change), as `do`
    /// fills it.
    fn current(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The register it joins.
    fn register(made: &mut DemoExtras) -> &mut Vec<Self>;

    /// The context a step is decided in.
    fn context<'c>(ctx: Context<'c>, _made: &'c DemoExtras) -> Context<'c> {
        ctx
    }

    /// What its creation brings with it, logged after it and before its steps.
    fn brings(&self, _ctx: &Context, _made: &mut DemoExtras) -> Result<(), Rejection> {
        Ok(())
    }
}

pub(super) fn build(ctx: &Context) -> Result<DemoExtras, Rejection> {
    let mut out = DemoExtras::default();
    // In this order: a request's declared interest joins the disclosure register (R-D3), and a
    // publicity item is checked against the elections (R-P2).
    replay_file::<Disclosure>(&mut out, ctx)?;
    replay_file::<Gift>(&mut out, ctx)?;
    replay_file::<Dispensation>(&mut out, ctx)?;
    replay_file::<Sar>(&mut out, ctx)?;
    replay_file::<Election>(&mut out, ctx)?;
    replay_file::<PublicityItem>(&mut out, ctx)?;
    replay_file::<GroupReport>(&mut out, ctx)?;
    replay_file::<GroupAttendance>(&mut out, ctx)?;
    replay_file::<InfoRequest>(&mut out, ctx)?;
    Ok(out)
}

/// A mistake in the demo's data, naming where it is: loading stops with it.
pub(super) fn mistake(what: &str, e: impl std::fmt::Display) -> Rejection {
    Rejection::Invalid(vec![FieldError::new(
        "demo council",
        format!("{what}: {e}"),
    )])
}

fn replay_file<R>(out: &mut DemoExtras, ctx: &Context) -> Result<(), Rejection>
where
    R: Replay,
    R::Kind: BuildAction<Action = R::Action>,
{
    let records = assets::demo_records(R::DATA, R::SECTION).map_err(|e| mistake(R::SECTION, e))?;
    replay::<R>(&records, out, ctx)
}

/// The values of a record or a step by the spec's field names, demo dates resolved. A key the
/// spec does not name (nor an alias of one) is refused, as `add` and `do` refuse an option.
fn values_of(
    spec: &ActionSpec,
    given: &BTreeMap<String, String>,
    ctx: &Context,
) -> Result<Values, String> {
    let mut values = Values::default();
    for (key, raw) in given {
        let field = spec.field(key).ok_or_else(|| {
            let names: Vec<&str> = spec.fields.iter().map(|f| f.name).collect();
            format!(
                "'{key}' is not a field of {} (its fields: {})",
                spec.name,
                if names.is_empty() {
                    "none".to_string()
                } else {
                    names.join(", ")
                }
            )
        })?;
        if values
            .set(field.name, assets::demo_date(raw, ctx.today))
            .is_some()
        {
            return Err(format!("'{}' is given twice", field.name));
        }
    }
    Ok(values)
}

/// The values with what is left out filled as the CLI fills it (`current`, else today for a
/// day), and every required field present.
fn complete(
    mut values: Values,
    spec: &ActionSpec,
    ctx: &Context,
    current: &[(&'static str, String)],
) -> Result<Values, Rejection> {
    values.fill_defaults(spec, ctx.today, current);
    let missing = values.missing(spec);
    if missing.is_empty() {
        Ok(values)
    } else {
        Err(Rejection::Invalid(missing))
    }
}

/// Creates each record and takes each of its steps, in order, logging each in the trail.
pub(super) fn replay<R>(
    records: &[DemoRecord],
    out: &mut DemoExtras,
    ctx: &Context,
) -> Result<(), Rejection>
where
    R: Replay,
    R::Kind: BuildAction<Action = R::Action>,
{
    let spec = R::spec();
    let defaults: Vec<(&'static str, String)> = R::defaults()
        .iter()
        .map(|(name, value)| (*name, value.to_string()))
        .collect();
    for (n, r) in records.iter().enumerate() {
        let id = n as u32 + 1;
        let what = format!("[[{}]] number {id}", R::SECTION);
        let values = values_of(spec, &r.fields, ctx).map_err(|e| mistake(&what, e))?;
        let values = complete(values, spec, ctx, &defaults).map_err(|e| mistake(&what, e))?;
        let mut record =
            R::create(id, &R::input_of(&values), ctx, out).map_err(|e| mistake(&what, e))?;
        out.log(
            None,
            record.subject(),
            R::CREATED,
            diff(&[], &record.fields(ctx)),
            None,
            record.cite(),
        );
        record.brings(ctx, out)?;
        for (s, step) in r.step.iter().enumerate() {
            let at = format!("{}, step {} ({})", record.subject().0, s + 1, step.action);
            let kind = R::Kind::from_name(&step.action).map_err(|e| mistake(&at, e))?;
            let values = values_of(kind.spec(), &step.fields, ctx).map_err(|e| mistake(&at, e))?;
            let values = complete(values, kind.spec(), ctx, &record.current())
                .map_err(|e| mistake(&at, e))?;
            let action = kind
                .build(&values)
                .map_err(|e| mistake(&at, kind.name_fields(e)))?;
            let event = record
                .apply(action, &R::context(*ctx, out))
                .map_err(|e| mistake(&at, e))?;
            let (action, note) = event.said();
            let after = R::record(&event).clone();
            out.log(
                Some(&step.actor),
                record.subject(),
                action,
                diff(&record.fields(ctx), &after.fields(ctx)),
                note,
                R::step_cite(&record, &event),
            );
            record = after;
        }
        out.writes.push(Write::put(&record));
        R::register(out).push(record);
    }
    Ok(())
}

impl DemoExtras {
    /// Logs a step; `actor` is who the demo file names, `None` whoever loads the demo.
    fn log(
        &mut self,
        actor: Option<&str>,
        subject: Subject,
        action: &str,
        changes: Vec<Change>,
        note: Option<String>,
        cite: Option<Cite>,
    ) {
        self.trail.push(TrailEntry {
            subject,
            actor: actor.map(str::to_string),
            action: action.to_string(),
            changes,
            note,
            cite,
        });
    }
}

/// The register of relationships and interests (R-D1 to R-D4).
impl Replay for Disclosure {
    const DATA: DemoData = DemoData::Disclosures;
    const SECTION: &'static str = "disclosure";
    const CREATED: &'static str = "declared";

    fn create(
        id: u32,
        input: &DisclosureInput,
        ctx: &Context,
        made: &DemoExtras,
    ) -> Result<Self, Rejection> {
        Disclosure::create(id, input, &made.disclosures, ctx)
    }

    fn subject(&self) -> Subject {
        Session::disclosure_subject(self.id)
    }

    fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        Disclosure::fields(self, ctx)
    }

    fn cite(&self) -> Option<Cite> {
        Some(self.kind.cite())
    }

    fn register(made: &mut DemoExtras) -> &mut Vec<Self> {
        &mut made.disclosures
    }
}

/// The register of gifts and hospitality (R-D5), under the default settings (the demo sets none).
impl Replay for Gift {
    const DATA: DemoData = DemoData::Gifts;
    const SECTION: &'static str = "gift";
    const CREATED: &'static str = "registered";

    fn create(
        id: u32,
        input: &Self::Input,
        ctx: &Context,
        _: &DemoExtras,
    ) -> Result<Self, Rejection> {
        Gift::create(id, input, &GiftSettings::default(), ctx)
    }

    fn subject(&self) -> Subject {
        Session::gift_subject(self.id)
    }

    fn fields(&self, _: &Context) -> Vec<(&'static str, String)> {
        Gift::fields(self)
    }

    fn cite(&self) -> Option<Cite> {
        Some(Gift::cite(self))
    }

    fn current(&self) -> Vec<(&'static str, String)> {
        self.as_it_stands()
    }

    fn register(made: &mut DemoExtras) -> &mut Vec<Self> {
        &mut made.gifts
    }
}

/// The register of dispensations (R-D6).
impl Replay for Dispensation {
    const DATA: DemoData = DemoData::Dispensations;
    const SECTION: &'static str = "dispensation";
    const CREATED: &'static str = "requested";

    fn create(
        id: u32,
        input: &Self::Input,
        ctx: &Context,
        _: &DemoExtras,
    ) -> Result<Self, Rejection> {
        Dispensation::create(id, input, ctx)
    }

    fn subject(&self) -> Subject {
        Session::dispensation_subject(self.id)
    }

    fn fields(&self, _: &Context) -> Vec<(&'static str, String)> {
        Dispensation::fields(self)
    }

    fn cite(&self) -> Option<Cite> {
        Some(Dispensation::cite(self))
    }

    fn register(made: &mut DemoExtras) -> &mut Vec<Self> {
        &mut made.dispensations
    }
}

/// Subject access requests (R-DP1).
impl Replay for Sar {
    const DATA: DemoData = DemoData::Sars;
    const SECTION: &'static str = "sar";
    const CREATED: &'static str = "received";

    fn create(
        id: u32,
        input: &Self::Input,
        ctx: &Context,
        _: &DemoExtras,
    ) -> Result<Self, Rejection> {
        Sar::create(id, input, ctx)
    }

    fn subject(&self) -> Subject {
        Session::sar_subject(self.id)
    }

    fn fields(&self, _: &Context) -> Vec<(&'static str, String)> {
        Sar::fields(self)
    }

    fn cite(&self) -> Option<Cite> {
        Some(Sar::cite(self))
    }

    fn register(made: &mut DemoExtras) -> &mut Vec<Self> {
        &mut made.sars
    }
}

/// Elections and their pre-election periods (R-P1, R-P5).
impl Replay for Election {
    const DATA: DemoData = DemoData::Blackout;
    const SECTION: &'static str = "election";
    const CREATED: &'static str = "scheduled";

    fn create(
        id: u32,
        input: &ElectionInput,
        ctx: &Context,
        _: &DemoExtras,
    ) -> Result<Self, Rejection> {
        Election::create(id, input, ctx.today, &ctx.calendars.election)
    }

    fn subject(&self) -> Subject {
        Session::election_subject(self.id)
    }

    fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        Election::fields(self, &ctx.calendars.election)
    }

    fn cite(&self) -> Option<Cite> {
        Some(cites::pre_election_period())
    }

    fn current(&self) -> Vec<(&'static str, String)> {
        blackout::edit_defaults(&ElectionInput::from_election(self))
    }

    fn register(made: &mut DemoExtras) -> &mut Vec<Self> {
        &mut made.elections
    }
}

/// Council publicity, checked against the elections built before it (R-P2 to R-P4).
impl Replay for PublicityItem {
    const DATA: DemoData = DemoData::Blackout;
    const SECTION: &'static str = "publicity";
    const CREATED: &'static str = "drafted";

    fn create(
        id: u32,
        input: &PublicityInput,
        _: &Context,
        _: &DemoExtras,
    ) -> Result<Self, Rejection> {
        PublicityItem::create(id, input)
    }

    fn subject(&self) -> Subject {
        Session::publicity_subject(self.id)
    }

    /// None: the demo's publicity trail has never listed field changes (`publicity add` and `do`
    /// do; kept as it was so the demo council comes out the same).
    fn fields(&self, _: &Context) -> Vec<(&'static str, String)> {
        Vec::new()
    }

    /// The rule of the finding that blocks it, if one does.
    fn step_cite(_: &Self, e: &ItemEvent) -> Option<Cite> {
        e.item
            .findings
            .iter()
            .find(|f| f.is_blocking())
            .map(|f| f.cite.clone())
    }

    fn current(&self) -> Vec<(&'static str, String)> {
        publicity::edit_defaults(&PublicityInput::from_item(self))
    }

    fn register(made: &mut DemoExtras) -> &mut Vec<Self> {
        &mut made.publicity
    }

    fn context<'c>(ctx: Context<'c>, made: &'c DemoExtras) -> Context<'c> {
        ctx.with_elections(&made.elections)
    }
}

/// Reports for political groups (R-G1, R-G2).
impl Replay for GroupReport {
    const DATA: DemoData = DemoData::Requests;
    const SECTION: &'static str = "report";
    const CREATED: &'static str = "requested";

    fn create(
        id: u32,
        input: &Self::Input,
        ctx: &Context,
        _: &DemoExtras,
    ) -> Result<Self, Rejection> {
        GroupReport::create(id, input, ctx)
    }

    fn subject(&self) -> Subject {
        Session::report_subject(self.id)
    }

    fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        GroupReport::fields(self, ctx)
    }

    fn step_cite(_: &Self, e: &ReportEvent) -> Option<Cite> {
        e.cite.clone()
    }

    fn register(made: &mut DemoExtras) -> &mut Vec<Self> {
        &mut made.reports
    }
}

/// The Clerk at political groups' meetings (R-G3, R-G4).
impl Replay for GroupAttendance {
    const DATA: DemoData = DemoData::Requests;
    const SECTION: &'static str = "meeting";
    const CREATED: &'static str = "requested";

    fn create(
        id: u32,
        input: &Self::Input,
        ctx: &Context,
        _: &DemoExtras,
    ) -> Result<Self, Rejection> {
        GroupAttendance::create(id, input, ctx)
    }

    fn subject(&self) -> Subject {
        Session::attendance_subject(self.id)
    }

    fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        GroupAttendance::fields(self, ctx)
    }

    fn step_cite(_: &Self, e: &AttendanceEvent) -> Option<Cite> {
        e.cite.clone()
    }

    fn register(made: &mut DemoExtras) -> &mut Vec<Self> {
        &mut made.attendances
    }
}

/// Members' requests for information (R-I1 to R-I5).
impl Replay for InfoRequest {
    const DATA: DemoData = DemoData::Requests;
    const SECTION: &'static str = "info";
    const CREATED: &'static str = "received";

    fn create(
        id: u32,
        input: &Self::Input,
        ctx: &Context,
        _: &DemoExtras,
    ) -> Result<Self, Rejection> {
        InfoRequest::create(id, input, ctx)
    }

    fn subject(&self) -> Subject {
        Session::info_subject(&self.reference)
    }

    fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        InfoRequest::fields(self, ctx)
    }

    fn step_cite(_: &Self, e: &InfoEvent) -> Option<Cite> {
        e.cite.clone()
    }

    fn register(made: &mut DemoExtras) -> &mut Vec<Self> {
        &mut made.info_requests
    }

    /// R-D3: an interest declared with the request goes on the disclosure register.
    fn brings(&self, ctx: &Context, made: &mut DemoExtras) -> Result<(), Rejection> {
        let Some(interest) = self.disclosure_needed() else {
            return Ok(());
        };
        let input = DisclosureInput {
            kind: "request".into(),
            member: self.member.to_string(),
            description: interest.to_string(),
            declared_by: "member".into(),
            declared_on: crate::domain::dates::show(self.received_on),
            request_ref: self.reference.clone(),
            ..Default::default()
        };
        let id = made.disclosures.iter().map(|d| d.id).max().unwrap_or(0) + 1;
        let entry = Disclosure::create(id, &input, &made.disclosures, ctx)
            .map_err(|e| mistake("R-D3 interest", e))?;
        made.log(
            None,
            Session::disclosure_subject(id),
            "declared with a request",
            diff(&[], &entry.fields(ctx)),
            Some(format!("declared with {}", self.reference)),
            Some(entry.kind.cite()),
        );
        made.writes.push(Write::put(&entry));
        made.disclosures.push(entry);
        Ok(())
    }
}
