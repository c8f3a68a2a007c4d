//! The demo council's elections, publicity and requests, built from `assets/demo/*.toml` through
//! the same domain calls as the screens and the CLI, each step through its state machine in order.
//! A step the machine would refuse is a mistake in the data: loading stops and says which.

use chrono::NaiveDate;

use super::Session;
use crate::assets::{self, DemoData, DemoRecord, DemoStep};
use crate::domain::audit::{diff, Change, Subject};
use crate::domain::blackout::{self, Election, ElectionAction, ElectionActionKind, ElectionInput};
use crate::domain::disclosure::{
    Disclosure, DisclosureAction, DisclosureActionKind, DisclosureInput,
};
use crate::domain::dispensations::{
    Dispensation, DispensationAction, DispensationActionKind, DispensationInput,
};
use crate::domain::gifts::{Gift, GiftAction, GiftActionKind, GiftInput, GiftSettings};
use crate::domain::machine::{ActionKind, Machine};
use crate::domain::publicity::{self, ItemAction, ItemActionKind, PublicityInput, PublicityItem};
use crate::domain::requests::{
    AttendanceAction, AttendanceActionKind, GroupAttendance, GroupAttendanceInput, GroupReport,
    GroupReportInput, InfoAction, InfoActionKind, InfoRequest, InfoRequestInput, ReportAction,
    ReportActionKind,
};
use crate::domain::rules::{cites, Cite, FieldError, Rejection};
use crate::domain::sar::{Sar, SarAction, SarActionKind, SarInput};
use crate::domain::Context;
use crate::store::Write;

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

/// Everything the demo's extra files add, ready to commit with the rest of the demo.
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

fn mistake(what: &str, e: impl std::fmt::Display) -> Rejection {
    Rejection::Invalid(vec![FieldError::new(
        "demo council",
        format!("{what}: {e}"),
    )])
}

impl DemoExtras {
    /// Logs a step taken by the person the demo file names.
    fn log_by(
        &mut self,
        actor: &str,
        subject: Subject,
        action: &str,
        changes: Vec<Change>,
        note: Option<String>,
        cite: Option<Cite>,
    ) {
        self.log(subject, action, changes, note, cite);
        if let Some(last) = self.trail.last_mut() {
            last.actor = Some(actor.to_string());
        }
    }

    fn log(
        &mut self,
        subject: Subject,
        action: &str,
        changes: Vec<Change>,
        note: Option<String>,
        cite: Option<Cite>,
    ) {
        self.trail.push(TrailEntry {
            subject,
            actor: None,
            action: action.to_string(),
            changes,
            note,
            cite,
        });
    }
}

pub(super) fn build(ctx: &Context) -> Result<DemoExtras, Rejection> {
    let mut out = DemoExtras::default();
    let today = ctx.today;
    register(&mut out, ctx)?;
    gift_register(&mut out, ctx)?;
    dispensation_register(&mut out, ctx)?;
    subject_access(&mut out, ctx)?;
    elections(&mut out, ctx)?;
    publicity(&mut out, ctx)?;
    let existing = out.disclosures.clone();
    requests(&mut out, ctx, today, &existing)?;
    Ok(out)
}

/// A step's named field, else the record's own value (an `edit` changes only what it names).
fn named_or(
    step: &DemoStep,
    key: &str,
    today: NaiveDate,
    record: &[(&'static str, String)],
) -> String {
    if step.fields.contains_key(key) {
        return step.get(key, today);
    }
    record
        .iter()
        .find(|(name, _)| *name == key)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// The register of relationships and interests (R-D1 to R-D4).
fn register(out: &mut DemoExtras, ctx: &Context) -> Result<(), Rejection> {
    let today = ctx.today;
    for (n, r) in records(DemoData::Disclosures, "disclosure")?
        .iter()
        .enumerate()
    {
        let id = n as u32 + 1;
        let input = DisclosureInput {
            kind: r.get("kind", today),
            category: r.get("category", today),
            member: r.get("member", today),
            officer: r.get("officer", today),
            description: r.get("description", today),
            declared_by: r.get("declared_by", today),
            declared_on: r.get("declared_on", today),
            aware_on: r.get("aware_on", today),
            request_ref: r.get("request_ref", today),
        };
        let mut entry = Disclosure::create(id, &input, &out.disclosures, ctx)
            .map_err(|e| mistake("disclosure", e))?;
        let subject = Session::disclosure_subject(id);
        let cite = Some(entry.kind.cite());
        out.log(
            subject.clone(),
            "declared",
            diff(&[], &entry.fields(ctx)),
            None,
            cite.clone(),
        );
        for step in &r.step {
            let kind = DisclosureActionKind::from_name(&step.action)?;
            let action = DisclosureAction::from_named(kind, |k| step.get(k, today))?;
            let ev = entry
                .apply(action, ctx)
                .map_err(|e| mistake(&format!("disclosure {}", entry.reference()), e))?;
            let changes = diff(&entry.fields(ctx), &ev.disclosure.fields(ctx));
            out.log_by(
                &step.actor,
                subject.clone(),
                ev.action,
                changes,
                ev.note,
                cite.clone(),
            );
            entry = ev.disclosure;
        }
        out.writes.push(Write::put(&entry));
        out.disclosures.push(entry);
    }
    Ok(())
}

/// The register of dispensations (R-D6), each step through the machine.
fn dispensation_register(out: &mut DemoExtras, ctx: &Context) -> Result<(), Rejection> {
    let today = ctx.today;
    for (n, r) in records(DemoData::Dispensations, "dispensation")?
        .iter()
        .enumerate()
    {
        let id = n as u32 + 1;
        let input = DispensationInput {
            member: r.get("member", today),
            business: r.get("business", today),
            requested_on: r.get("requested_on", today),
        };
        let mut entry =
            Dispensation::create(id, &input, ctx).map_err(|e| mistake("dispensation", e))?;
        let subject = Session::dispensation_subject(id);
        let cite = Some(entry.cite());
        out.log(
            subject.clone(),
            "requested",
            diff(&[], &entry.fields()),
            None,
            cite.clone(),
        );
        for step in &r.step {
            let kind = DispensationActionKind::from_name(&step.action)?;
            let action =
                DispensationAction::from_named(kind, |k| named_or(step, k, today, &entry.fields()));
            let ev = entry
                .apply(action, ctx)
                .map_err(|e| mistake(&format!("dispensation {}", entry.reference()), e))?;
            let changes = diff(&entry.fields(), &ev.dispensation.fields());
            out.log_by(
                &step.actor,
                subject.clone(),
                ev.action,
                changes,
                ev.note,
                cite.clone(),
            );
            entry = ev.dispensation;
        }
        out.writes.push(Write::put(&entry));
        out.dispensations.push(entry);
    }
    Ok(())
}

/// Subject access requests (R-DP1), each step through the machine.
fn subject_access(out: &mut DemoExtras, ctx: &Context) -> Result<(), Rejection> {
    let today = ctx.today;
    for (n, r) in records(DemoData::Sars, "sar")?.iter().enumerate() {
        let id = n as u32 + 1;
        let input = SarInput {
            requester: r.get("requester", today),
            received_on: r.get("received_on", today),
            what: r.get("what", today),
        };
        let mut request = Sar::create(id, &input, ctx).map_err(|e| mistake("sar", e))?;
        let subject = Session::sar_subject(id);
        let cite = Some(request.cite());
        out.log(
            subject.clone(),
            "received",
            diff(&[], &request.fields()),
            None,
            cite.clone(),
        );
        for step in &r.step {
            let kind = SarActionKind::from_name(&step.action)?;
            let action = SarAction::from_named(kind, |k| step.get(k, today));
            let ev = request
                .apply(action, ctx)
                .map_err(|e| mistake(&format!("sar {}", request.reference()), e))?;
            let changes = diff(&request.fields(), &ev.sar.fields());
            out.log_by(
                &step.actor,
                subject.clone(),
                ev.action,
                changes,
                ev.note,
                cite.clone(),
            );
            request = ev.sar;
        }
        out.writes.push(Write::put(&request));
        out.sars.push(request);
    }
    Ok(())
}

/// The register of gifts and hospitality (R-D5), under the default settings (the demo sets none).
fn gift_register(out: &mut DemoExtras, ctx: &Context) -> Result<(), Rejection> {
    let today = ctx.today;
    let settings = GiftSettings::default();
    for (n, r) in records(DemoData::Gifts, "gift")?.iter().enumerate() {
        let id = n as u32 + 1;
        let input = GiftInput {
            recipient: r.get("recipient", today),
            offer: r.get("offer", today),
            giver: r.get("giver", today),
            description: r.get("description", today),
            value: r.get("value", today),
            received_on: r.get("received_on", today),
            notified_on: r.get("notified_on", today),
        };
        let mut entry = Gift::create(id, &input, &settings, ctx).map_err(|e| mistake("gift", e))?;
        let subject = Session::gift_subject(id);
        let cite = Some(entry.cite());
        out.log(
            subject.clone(),
            "registered",
            diff(&[], &entry.fields()),
            None,
            cite.clone(),
        );
        for step in &r.step {
            let kind = GiftActionKind::from_name(&step.action)?;
            let action =
                GiftAction::from_named(kind, |k| named_or(step, k, today, &entry.fields()));
            let ev = entry
                .apply(action, ctx)
                .map_err(|e| mistake(&format!("gift {}", entry.reference()), e))?;
            let changes = diff(&entry.fields(), &ev.gift.fields());
            out.log_by(
                &step.actor,
                subject.clone(),
                ev.action,
                changes,
                ev.note,
                cite.clone(),
            );
            entry = ev.gift;
        }
        out.writes.push(Write::put(&entry));
        out.gifts.push(entry);
    }
    Ok(())
}

fn records(data: DemoData, section: &str) -> Result<Vec<DemoRecord>, Rejection> {
    assets::demo_records(data, section).map_err(|e| mistake(section, e))
}

fn elections(out: &mut DemoExtras, ctx: &Context) -> Result<(), Rejection> {
    let today = ctx.today;
    for (n, r) in records(DemoData::Blackout, "election")?.iter().enumerate() {
        let input = ElectionInput {
            kind: r.get("kind", today),
            wards: r.get("wards", today),
            poll: r.get("poll", today),
            notice: r.get("notice", today),
            name: r.get("name", today),
        };
        let id = n as u32 + 1;
        let mut e = Election::create(id, &input, today, &ctx.calendars.election)
            .map_err(|e| mistake("election", e))?;
        out.log(
            Session::election_subject(id),
            "scheduled",
            diff(&[], &e.fields(&ctx.calendars.election)),
            None,
            Some(cites::pre_election_period()),
        );
        for step in &r.step {
            let kind = ElectionActionKind::from_name(&step.action)?;
            let action = ElectionAction::from_named(kind, |k| {
                named_or(step, k, today, &blackout::edit_defaults(&input))
            })?;
            let ev = e
                .apply(action, ctx)
                .map_err(|err| mistake(&format!("election E-{id}"), err))?;
            let changes = diff(
                &e.fields(&ctx.calendars.election),
                &ev.election.fields(&ctx.calendars.election),
            );
            out.log_by(
                &step.actor,
                Session::election_subject(id),
                ev.action,
                changes,
                ev.note,
                Some(cites::pre_election_period()),
            );
            e = ev.election;
        }
        out.writes.push(Write::put(&e));
        out.elections.push(e);
    }
    Ok(())
}

fn publicity(out: &mut DemoExtras, ctx: &Context) -> Result<(), Rejection> {
    let today = ctx.today;
    for (n, r) in records(DemoData::Blackout, "publicity")?.iter().enumerate() {
        let input = PublicityInput {
            title: r.get("title", today),
            channel: r.get("channel", today),
            planned: r.get("planned", today),
            text: r.get("text", today),
            statutory_election_notice: r.get("statutory_election_notice", today),
        };
        let id = n as u32 + 1;
        let mut item = PublicityItem::create(id, &input).map_err(|e| mistake("publicity", e))?;
        out.log(
            Session::publicity_subject(id),
            "drafted",
            Vec::new(),
            None,
            None,
        );
        for step in &r.step {
            let kind = ItemActionKind::from_name(&step.action)?;
            let action = ItemAction::from_named(kind, |k| {
                named_or(step, k, today, &publicity::edit_defaults(&input))
            })?;
            let ev = item
                .apply(action, &ctx.with_elections(&out.elections))
                .map_err(|err| mistake(&format!("publicity P-{id}"), err))?;
            let cite = ev
                .item
                .findings
                .iter()
                .find(|f| f.is_blocking())
                .map(|f| f.cite.clone());
            out.log_by(
                &step.actor,
                Session::publicity_subject(id),
                ev.action,
                Vec::new(),
                ev.note,
                cite,
            );
            item = ev.item;
        }
        out.writes.push(Write::put(&item));
        out.publicity.push(item);
    }
    Ok(())
}

fn requests(
    out: &mut DemoExtras,
    ctx: &Context,
    today: NaiveDate,
    existing: &[Disclosure],
) -> Result<(), Rejection> {
    for (n, r) in records(DemoData::Requests, "report")?.iter().enumerate() {
        let id = n as u32 + 1;
        let input = GroupReportInput {
            group: r.get("group", today),
            subject: r.get("subject", today),
            requested_on: r.get("requested_on", today),
        };
        let mut report = GroupReport::create(id, &input, ctx).map_err(|e| mistake("report", e))?;
        out.log(
            Session::report_subject(id),
            "requested",
            diff(&[], &report.fields(ctx)),
            None,
            None,
        );
        for step in &r.step {
            let kind = ReportActionKind::from_name(&step.action)?;
            let action = ReportAction::from_named(kind, |k| step.get(k, today))?;
            let ev = report
                .apply(action, ctx)
                .map_err(|e| mistake(&format!("report GR-{id}"), e))?;
            out.log_by(
                &step.actor,
                Session::report_subject(id),
                ev.action,
                diff(&report.fields(ctx), &ev.report.fields(ctx)),
                ev.note,
                ev.cite,
            );
            report = ev.report;
        }
        out.writes.push(Write::put(&report));
        out.reports.push(report);
    }
    for (n, r) in records(DemoData::Requests, "meeting")?.iter().enumerate() {
        let id = n as u32 + 1;
        let input = GroupAttendanceInput {
            group: r.get("group", today),
            meeting_on: r.get("meeting_on", today),
            requested_on: r.get("requested_on", today),
        };
        let mut meeting =
            GroupAttendance::create(id, &input, ctx).map_err(|e| mistake("meeting", e))?;
        out.log(
            Session::attendance_subject(id),
            "requested",
            diff(&[], &meeting.fields(ctx)),
            None,
            None,
        );
        for step in &r.step {
            let kind = AttendanceActionKind::from_name(&step.action)?;
            let action = AttendanceAction::from_named(kind, |k| step.get(k, today))?;
            let ev = meeting
                .apply(action, ctx)
                .map_err(|e| mistake(&format!("meeting GA-{id}"), e))?;
            out.log_by(
                &step.actor,
                Session::attendance_subject(id),
                ev.action,
                diff(&meeting.fields(ctx), &ev.attendance.fields(ctx)),
                ev.note,
                ev.cite,
            );
            meeting = ev.attendance;
        }
        out.writes.push(Write::put(&meeting));
        out.attendances.push(meeting);
    }
    let mut disclosures: Vec<Disclosure> = existing.to_vec();
    for (n, r) in records(DemoData::Requests, "info")?.iter().enumerate() {
        let id = n as u32 + 1;
        let input = InfoRequestInput {
            member: r.get("member", today),
            what: r.get("what", today),
            on_behalf_of: r.get("on_behalf_of", today),
            declared_interest: r.get("declared_interest", today),
            received_on: r.get("received_on", today),
            keep_from_other_members: r.get("keep_from_other_members", today),
            consent_on: r.get("consent_on", today),
        };
        let mut request =
            InfoRequest::create(id, &input, ctx).map_err(|e| mistake("information request", e))?;
        let subject = Session::info_subject(&request.reference);
        out.log(
            subject.clone(),
            "received",
            diff(&[], &request.fields(ctx)),
            None,
            None,
        );
        // R-D3: an interest declared with the request goes on the register.
        if let Some(interest) = request.disclosure_needed() {
            let entry_input = DisclosureInput {
                kind: "request".into(),
                member: request.member.to_string(),
                description: interest.to_string(),
                declared_by: "member".into(),
                declared_on: crate::domain::dates::show(request.received_on),
                request_ref: request.reference.clone(),
                ..Default::default()
            };
            let entry_id = disclosures.iter().map(|d| d.id).max().unwrap_or(0) + 1;
            let entry = Disclosure::create(entry_id, &entry_input, &disclosures, ctx)
                .map_err(|e| mistake("R-D3 interest", e))?;
            out.log(
                Session::disclosure_subject(entry_id),
                "declared with a request",
                diff(&[], &entry.fields(ctx)),
                Some(format!("declared with {}", request.reference)),
                Some(entry.kind.cite()),
            );
            out.writes.push(Write::put(&entry));
            disclosures.push(entry.clone());
            out.disclosures.push(entry);
        }
        for step in &r.step {
            let kind = InfoActionKind::from_name(&step.action)?;
            let action = InfoAction::from_named(kind, |k| step.get(k, today))?;
            let ev = request
                .apply(action, ctx)
                .map_err(|e| mistake(&format!("request {}", request.reference), e))?;
            out.log_by(
                &step.actor,
                subject.clone(),
                ev.action,
                diff(&request.fields(ctx), &ev.request.fields(ctx)),
                ev.note,
                ev.cite,
            );
            request = ev.request;
        }
        out.writes.push(Write::put(&request));
        out.info_requests.push(request);
    }
    Ok(())
}
