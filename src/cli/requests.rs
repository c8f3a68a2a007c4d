//! `clerkdesk requests …`: reports for political groups (R-G1, R-G2), officers at group meetings
//! (R-G3, R-G4) and members' requests for information (R-I1 to R-I5).
//!
//! Every step goes through the same state machines as the TUI ([`Session::report_action`],
//! [`Session::attendance_action`], [`Session::info_action`]). Actions are named as `requests show`
//! lists them (`tell-group`, `record-attended`, `assess` …) and read named fields, the long options of
//! `requests do` without their dashes (`on`, `group`, `personal-data` …). The demo file
//! (`assets/demo/requests.toml`) spells its steps the same way: see [`report_action_named`] and its
//! two siblings.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::output::{self, say, Cell, Format, Listing};
use super::{print_listing, Env, Failure, Outcome};
use crate::domain::audit::AuditEvent;
use crate::domain::dates;
use crate::domain::requests::named::{
    attendance_action_named, info_action_named, report_action_named, Named,
};
use crate::domain::requests::{
    AttendanceActionKind, GroupAttendance, GroupAttendanceInput, GroupReport, GroupReportInput,
    InfoActionKind, InfoRequest, InfoRequestInput, ReportActionKind,
};
use crate::domain::rules::{FieldError, Rejection};
use crate::domain::text::sanitize;
use crate::domain::Context;
use crate::session::{Session, SessionError};

#[derive(Debug, Subcommand)]
pub enum RequestsCmd {
    /// Group reports (GR-), group meetings (GA-) and members' information requests (RQ-) in one
    /// listing, with due dates (R-I1, R-I5) and the groups not yet told (R-G2, R-G3).
    List(ListArgs),
    /// Everything about one record: its fields, the actions available now with their options, the
    /// draft notice to the other groups, and the timeline.
    Show {
        /// GR-1, GA-2 or RQ-2026-003.
        reference: String,
    },
    /// Take a step through the record's state machine, e.g. `do GR-1 tell-group --group Green`.
    Do(Box<DoArgs>),
    /// Open a new record: a report, a group meeting or an information request.
    #[command(subcommand)]
    New(NewCmd),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindFilter {
    Reports,
    Meetings,
    Info,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only information requests past their due date (R-I1 FOI target, R-I5 enquiry target).
    #[arg(long)]
    overdue: bool,
    /// Only one kind of record.
    #[arg(long, value_enum)]
    kind: Option<KindFilter>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// `requests do REF ACTION [options]`. Each action reads only some options (`requests show REF`
/// lists them); `--on` defaults to today.
#[derive(Debug, Args)]
pub struct DoArgs {
    /// GR-1, GA-2 or RQ-2026-003.
    reference: String,
    /// The action, as `requests show` lists it: prepare, tell-group, attend, assess …
    action: String,
    /// The day the step was taken (YYYY-MM-DD or DD/MM/YYYY; default today).
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
    /// The other group told, or given a copy (tell-group, give-copy).
    #[arg(long, value_name = "GROUP")]
    group: Option<String>,
    /// Why: declining an invitation, refusing a request, or the stated need to know (assess).
    #[arg(long)]
    reason: Option<String>,
    /// The subject discussed at a group meeting, as the other groups will be told it.
    #[arg(long)]
    subject: Option<String>,
    /// statutory, need-to-know or foi (R-I1).
    #[arg(long, value_name = "BASIS")]
    basis: Option<String>,
    /// yes when the request touches personal information about residents or staff (R-I2).
    #[arg(long, value_name = "YES/NO")]
    personal_data: Option<String>,
    /// The rule a refusal rests on: R-I1 to R-I5.
    #[arg(long, value_name = "RULE")]
    rule: Option<String>,
    /// R-G1 checklist: the report states the facts.
    #[arg(long, value_name = "YES/NO")]
    facts: Option<String>,
    /// R-G1 checklist: it sets out options with their merits and demerits.
    #[arg(long, value_name = "YES/NO")]
    options: Option<String>,
    /// R-G1 checklist: it draws no political implications.
    #[arg(long, value_name = "YES/NO")]
    no_politics: Option<String>,
    /// R-G1 checklist: it makes no recommendation.
    #[arg(long, value_name = "YES/NO")]
    no_recommendation: Option<String>,
    /// Who agreed to an officer attending (the head of paid service, R-G4).
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
    /// The representative sent on the Clerk's behalf.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// yes when everything given is in the public domain (R-I3).
    #[arg(long, value_name = "YES/NO")]
    public_domain: Option<String>,
    /// yes when the papers are contractual, industrial-relations or legal advice (R-I1).
    #[arg(long, value_name = "YES/NO")]
    restricted_papers: Option<String>,
}

impl DoArgs {
    /// The options given, by field name (the long option without its dashes).
    fn given(&self) -> BTreeMap<&'static str, String> {
        let all = [
            ("on", &self.on),
            ("group", &self.group),
            ("reason", &self.reason),
            ("subject", &self.subject),
            ("basis", &self.basis),
            ("personal-data", &self.personal_data),
            ("rule", &self.rule),
            ("facts", &self.facts),
            ("options", &self.options),
            ("no-politics", &self.no_politics),
            ("no-recommendation", &self.no_recommendation),
            ("by", &self.by),
            ("name", &self.name),
            ("public-domain", &self.public_domain),
            ("restricted-papers", &self.restricted_papers),
        ];
        all.into_iter()
            .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
            .collect()
    }
}

#[derive(Debug, Subcommand)]
pub enum NewCmd {
    /// A report prepared for a political group (R-G1, R-G2): reference GR-n.
    Report {
        /// The group asking, by name or reference.
        #[arg(long)]
        group: String,
        /// What the report is about.
        #[arg(long)]
        subject: String,
        /// The day the group asked (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// A political group's invitation to the Clerk to attend its meeting (R-G3, R-G4): GA-n.
    Meeting {
        /// The group holding the meeting.
        #[arg(long)]
        group: String,
        /// The day of the meeting (may be ahead).
        #[arg(long, value_name = "DATE")]
        meeting_on: String,
        /// The day the invitation came (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// A member's request for information (R-I1 to R-I5): RQ-YYYY-nnn.
    Info {
        /// The member asking, by reference (M-003) or name.
        #[arg(long)]
        member: String,
        /// What information is asked for.
        #[arg(long)]
        what: String,
        /// The constituent the member asks for, if any (R-I3: public domain only).
        #[arg(long, value_name = "NAME")]
        on_behalf_of: Option<String>,
        /// Any interest the member has in the matter (R-D3): entered in the disclosure register.
        #[arg(long)]
        interest: Option<String>,
        /// The day the request was received (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// yes when the member asks that the answer be kept from the other members (R-I4).
        #[arg(long, value_name = "YES/NO")]
        keep_private: Option<String>,
        /// The individual's written consent, if it came with the request (R-I2).
        #[arg(long, value_name = "DATE")]
        consent_on: Option<String>,
    },
}

pub fn run(env: &Env, cmd: RequestsCmd) -> Outcome {
    match cmd {
        RequestsCmd::List(args) => list(env, args),
        RequestsCmd::Show { reference } => show(env, &reference),
        RequestsCmd::Do(args) => act(env, *args),
        RequestsCmd::New(cmd) => new(env, cmd),
    }
}

// Actions by name: the table is the domain's (`domain::requests::named`).

/// How `requests show` writes one option of an action. The stated need is asked for on the
/// need-to-know basis only (R-I1), so `assess` shows its reason as optional.
fn usage(action: &str, field: &str) -> &'static str {
    match (action, field) {
        ("assess", "reason") => "[--reason NEED]",
        _ => usage_of(field),
    }
}

fn usage_of(field: &str) -> &'static str {
    match field {
        "on" => "[--on DATE]",
        "group" => "--group GROUP",
        "reason" => "--reason TEXT",
        "subject" => "--subject TEXT",
        "basis" => "--basis statutory|need-to-know|foi",
        "personal-data" => "[--personal-data yes|no]",
        "rule" => "--rule R-I1..R-I5",
        "facts" => "--facts yes",
        "options" => "--options yes",
        "no-politics" => "--no-politics yes",
        "no-recommendation" => "--no-recommendation yes",
        "by" => "--by NAME",
        "name" => "--name NAME",
        "public-domain" => "[--public-domain yes|no]",
        "restricted-papers" => "[--restricted-papers yes|no]",
        _ => "",
    }
}

fn action_lines<K: Named>(available: &[K]) -> Vec<String> {
    let rows: Vec<(String, &str)> = available
        .iter()
        .map(|k| {
            let mut line = k.name().to_string();
            for f in k.fields() {
                line.push(' ');
                line.push_str(usage(k.name(), f));
            }
            (line, k.label())
        })
        .collect();
    let width = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    rows.into_iter()
        .map(|(line, label)| {
            let pad = width - line.chars().count();
            format!("  {line}{}  {label}", " ".repeat(pad))
        })
        .collect()
}

fn next_line<K: Named>(available: &[K]) -> String {
    if available.is_empty() {
        "Next: nothing; the record is kept as it is".to_string()
    } else {
        let names: Vec<&str> = available.iter().map(|k| k.name()).collect();
        format!("Next: {}", names.join(", "))
    }
}

// ---------------------------------------------------------------------------------------------
// References

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Report,
    Meeting,
    Info,
}

impl Kind {
    /// By the reference's prefix: GR- a report, GA- a group meeting, RQ- an information request.
    fn of(reference: &str) -> Result<Kind, Failure> {
        let r = reference.trim().to_uppercase();
        if r.starts_with("GR") {
            Ok(Kind::Report)
        } else if r.starts_with("GA") {
            Ok(Kind::Meeting)
        } else if r.starts_with("RQ") {
            Ok(Kind::Info)
        } else {
            Err(Failure::new(
                2,
                format!(
                    "'{}' is not a request reference: GR-1 (group report), GA-1 (group meeting) or \
                     RQ-2026-001 (information request)",
                    reference.trim()
                ),
            ))
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Report => "report",
            Kind::Meeting => "meeting",
            Kind::Info => "info",
        }
    }
}

fn field_failure(e: FieldError) -> Failure {
    SessionError::Rejected(Rejection::from(e)).into()
}

fn gr(id: u32) -> String {
    format!("GR-{id}")
}

fn ga(id: u32) -> String {
    format!("GA-{id}")
}

fn ctx(session: &Session) -> Context<'_> {
    session.ctx().expect("a council is open")
}

fn group_list(ids: &[crate::domain::ids::GroupId], ctx: &Context) -> Vec<String> {
    ids.iter()
        .map(|g| ctx.council.group_name(Some(*g)).to_string())
        .collect()
}

fn member_name(r: &InfoRequest, ctx: &Context) -> String {
    ctx.member(r.member)
        .map(|m| m.name.clone())
        .unwrap_or_else(|| r.member.to_string())
}

/// Untold groups only once telling is the step at hand (the domain decides: `waiting_on`).
fn report_untold(r: &GroupReport, ctx: &Context) -> Vec<String> {
    group_list(&r.waiting_on(ctx), ctx)
}

fn attendance_untold(a: &GroupAttendance, ctx: &Context) -> Vec<String> {
    group_list(&a.waiting_on(ctx), ctx)
}

fn overdue_text(r: &InfoRequest, ctx: &Context) -> String {
    if r.is_overdue(ctx) {
        format!("OVERDUE ({})", r.due_cite())
    } else {
        String::new()
    }
}

// ---------------------------------------------------------------------------------------------
// list

fn list(env: &Env, args: ListArgs) -> Outcome {
    let session = env.council()?;
    let ctx = ctx(&session);
    let wants = |k: KindFilter| args.kind.is_none_or(|w| w == k);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if wants(KindFilter::Reports) && !args.overdue {
        let mut reports: Vec<&GroupReport> = session.reports.iter().collect();
        reports.sort_by_key(|r| r.id);
        for r in reports {
            rows.push(vec![
                Kind::Report.label().into(),
                gr(r.id).into(),
                ctx.council.group_name(Some(r.group)).into(),
                r.subject.as_str().into(),
                r.state.label().into(),
                "".into(),
                "".into(),
                Cell::List(report_untold(r, &ctx)),
            ]);
        }
    }
    if wants(KindFilter::Meetings) && !args.overdue {
        let mut meetings: Vec<&GroupAttendance> = session.attendances.iter().collect();
        meetings.sort_by_key(|a| a.id);
        for a in meetings {
            let about = match &a.subject {
                Some(s) => format!("meeting on {}: {s}", dates::show(a.meeting_on)),
                None => format!("meeting on {}", dates::show(a.meeting_on)),
            };
            rows.push(vec![
                Kind::Meeting.label().into(),
                ga(a.id).into(),
                ctx.council.group_name(Some(a.group)).into(),
                about.into(),
                a.state.label().into(),
                "".into(),
                "".into(),
                Cell::List(attendance_untold(a, &ctx)),
            ]);
        }
    }
    if wants(KindFilter::Info) {
        let mut requests: Vec<&InfoRequest> = session
            .info_requests
            .iter()
            .filter(|r| !args.overdue || r.is_overdue(&ctx))
            .collect();
        requests.sort_by_key(|r| (r.received_on, r.id));
        for r in requests {
            rows.push(vec![
                Kind::Info.label().into(),
                r.reference.as_str().into(),
                member_name(r, &ctx).into(),
                r.what.as_str().into(),
                r.state.label().into(),
                dates::show(r.due(&ctx)).into(),
                overdue_text(r, &ctx).into(),
                Cell::List(Vec::new()),
            ]);
        }
    }
    if rows.is_empty() && args.format == Format::Table {
        say(if args.overdue {
            "No information request is overdue."
        } else {
            "No requests yet: `clerkdesk requests new report|meeting|info` opens one."
        });
        return Ok(());
    }
    let listing = Listing {
        columns: vec![
            ("kind", "KIND"),
            ("ref", "REF"),
            ("for", "GROUP/MEMBER"),
            ("about", "SUBJECT/WHAT"),
            ("state", "STATE"),
            ("due", "DUE"),
            ("overdue", "OVERDUE"),
            ("untold", "NOT YET TOLD"),
        ],
        rows,
    };
    print_listing(&listing, args.format)
}

// ---------------------------------------------------------------------------------------------
// show

/// Lines of text, each made safe for the terminal, printed together.
#[derive(Default)]
struct Page(String);

impl Page {
    fn line(&mut self, text: &str) {
        self.0.push_str(&sanitize(text));
        self.0.push('\n');
    }

    fn fields(&mut self, fields: &[(&'static str, String)]) {
        for (name, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
            self.line(&format!("  {name}: {value}"));
        }
    }

    /// A block of text kept line for line (the draft notice).
    fn block(&mut self, text: &str) {
        for line in text.lines() {
            self.line(line);
        }
    }

    fn actions(&mut self, lines: Vec<String>) {
        self.line("");
        if lines.is_empty() {
            self.line("Actions now: none; the record is kept as it is");
        } else {
            self.line("Actions now (clerkdesk requests do REF ACTION …):");
            for l in lines {
                self.line(&l);
            }
        }
    }

    fn notice(&mut self, text: &str) {
        self.line("");
        self.line("Draft notice to the other groups (plain text to copy):");
        self.line("----");
        self.block(text);
        self.line("----");
    }

    fn timeline(&mut self, events: &[AuditEvent]) {
        self.line("");
        self.line("Timeline:");
        if events.is_empty() {
            self.line("  (no events)");
        }
        for e in events {
            self.line(&format!("{:>5}  {}", e.seq, e.one_line()));
        }
    }
}

fn show(env: &Env, reference: &str) -> Outcome {
    let session = env.council()?;
    let ctx = ctx(&session);
    let mut page = Page::default();
    match Kind::of(reference)? {
        Kind::Report => {
            let r = session.report(reference)?;
            let group = ctx.council.group_name(Some(r.group));
            page.line(&format!("{}  Report for the {group} group", gr(r.id)));
            page.fields(&r.fields(&ctx));
            let untold = report_untold(r, &ctx);
            if !untold.is_empty() {
                page.line(&format!("  not yet told (R-G2): {}", untold.join(", ")));
            }
            page.actions(action_lines(&r.available(&ctx)));
            page.notice(&r.notice_text(&ctx));
            page.timeline(&session.audit_for(&Session::report_subject(r.id))?);
        }
        Kind::Meeting => {
            let a = session.attendance(reference)?;
            let group = ctx.council.group_name(Some(a.group));
            page.line(&format!("{}  The {group} group's meeting", ga(a.id)));
            page.fields(&a.fields(&ctx));
            page.line("  what was heard at the meeting stays confidential to the group (R-G3)");
            let untold = attendance_untold(a, &ctx);
            if !untold.is_empty() {
                page.line(&format!("  not yet told (R-G3): {}", untold.join(", ")));
            }
            page.actions(action_lines(&a.available(&ctx)));
            page.notice(&a.notice_text(&ctx));
            page.timeline(&session.audit_for(&Session::attendance_subject(a.id))?);
        }
        Kind::Info => {
            let r = session.info_request(reference)?;
            page.line(&format!(
                "{}  Information request from {}",
                r.reference,
                member_name(r, &ctx)
            ));
            page.fields(&r.fields(&ctx));
            let mut due = format!(
                "  due: {} ({}; {})",
                dates::show(r.due(&ctx)),
                r.due_cite(),
                r.due_calendar().label()
            );
            if let Some(w) = r.due_warning(&ctx) {
                due.push_str(" — ");
                due.push_str(&w);
            }
            if r.basis.is_none() {
                due.push_str(", until the basis is assessed");
            }
            if r.is_overdue(&ctx) {
                due.push_str(" — OVERDUE");
            }
            page.line(&due);
            for d in session
                .disclosures
                .iter()
                .filter(|d| d.request_ref.as_deref() == Some(r.reference.as_str()))
            {
                page.line(&format!(
                    "  interest declared: {} ({})",
                    d.reference(),
                    d.kind.cite()
                ));
            }
            if r.keep_from_other_members {
                page.line("  the answer is kept from the other members (R-I4)");
            }
            page.actions(action_lines(&r.available(&ctx)));
            page.timeline(&session.audit_for(&Session::info_subject(&r.reference))?);
        }
    }
    output::print(&page.0);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// do

/// Refuses options the action does not read, so a mistyped step is not taken half-understood.
fn check_given<K: Named>(kind: K, given: &BTreeMap<&'static str, String>) -> Result<(), Failure> {
    let unused: Vec<String> = given
        .keys()
        .filter(|k| !kind.fields().contains(k))
        .map(|k| format!("--{k}"))
        .collect();
    if unused.is_empty() {
        return Ok(());
    }
    let reads: Vec<String> = kind.fields().iter().map(|f| format!("--{f}")).collect();
    Err(Failure::new(
        2,
        format!(
            "{}: {} {} not used by {} (it reads {})",
            kind.name(),
            unused.join(", "),
            if unused.len() == 1 { "is" } else { "are" },
            kind.name(),
            reads.join(", ")
        ),
    ))
}

fn done(
    reference: &str,
    action: &str,
    note: Option<&str>,
    cite: Option<String>,
    state: &str,
    next: String,
) {
    let mut line = format!("{reference}: {action}");
    if let Some(note) = note {
        line.push_str(&format!(" — {note}"));
    }
    if let Some(cite) = cite {
        line.push_str(&format!(" ({cite})"));
    }
    say(&line);
    say(&format!("State: {state}"));
    say(&next);
}

fn act(env: &Env, args: DoArgs) -> Outcome {
    let kind = Kind::of(&args.reference)?;
    let mut session = env.council()?;
    let given = args.given();
    let today = dates::show(env.today);
    let get = |k: &str| match given.get(k) {
        Some(v) => v.clone(),
        None if k == "on" => today.clone(),
        None => String::new(),
    };
    match kind {
        Kind::Report => {
            let id = session.report(&args.reference)?.id;
            let step = ReportActionKind::from_name(&args.action).map_err(field_failure)?;
            check_given(step, &given)?;
            let action = report_action_named(step.name(), get).map_err(field_failure)?;
            let event = session.report_action(id, action)?;
            let next = next_line(&event.report.available(&ctx(&session)));
            done(
                &gr(id),
                event.action,
                event.note.as_deref(),
                event.cite.map(|c| c.to_string()),
                event.report.state.label(),
                next,
            );
        }
        Kind::Meeting => {
            let id = session.attendance(&args.reference)?.id;
            let step = AttendanceActionKind::from_name(&args.action).map_err(field_failure)?;
            check_given(step, &given)?;
            let action = attendance_action_named(step.name(), get).map_err(field_failure)?;
            let event = session.attendance_action(id, action)?;
            let next = next_line(&event.attendance.available(&ctx(&session)));
            done(
                &ga(id),
                event.action,
                event.note.as_deref(),
                event.cite.map(|c| c.to_string()),
                event.attendance.state.label(),
                next,
            );
        }
        Kind::Info => {
            let id = session.info_request(&args.reference)?.id;
            let step = InfoActionKind::from_name(&args.action).map_err(field_failure)?;
            check_given(step, &given)?;
            let action = info_action_named(step.name(), get).map_err(field_failure)?;
            let event = session.info_action(id, action)?;
            let c = ctx(&session);
            let mut next = next_line(&event.request.available(&c));
            if event.request.is_overdue(&c) {
                next.push_str(&format!(
                    "; OVERDUE since {} ({})",
                    dates::show(event.request.due(&c)),
                    event.request.due_cite()
                ));
            }
            done(
                &event.request.reference,
                event.action,
                event.note.as_deref(),
                event.cite.map(|c| c.to_string()),
                event.request.state.label(),
                next,
            );
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// new

fn day_or_today(on: Option<String>, today: NaiveDate) -> String {
    on.unwrap_or_else(|| dates::show(today))
}

fn new(env: &Env, cmd: NewCmd) -> Outcome {
    let mut session = env.council()?;
    match cmd {
        NewCmd::Report { group, subject, on } => {
            let input = GroupReportInput {
                group,
                subject,
                requested_on: day_or_today(on, env.today),
            };
            let r = session.add_report(&input)?;
            let c = ctx(&session);
            say(&format!(
                "Saved {}: report for the {} group on {} ({})",
                gr(r.id),
                c.council.group_name(Some(r.group)),
                r.subject,
                r.state.label()
            ));
            say(&next_line(&r.available(&c)));
        }
        NewCmd::Meeting {
            group,
            meeting_on,
            on,
        } => {
            let input = GroupAttendanceInput {
                group,
                meeting_on,
                requested_on: day_or_today(on, env.today),
            };
            let a = session.add_attendance(&input)?;
            let c = ctx(&session);
            say(&format!(
                "Saved {}: the {} group's meeting on {} ({})",
                ga(a.id),
                c.council.group_name(Some(a.group)),
                dates::show(a.meeting_on),
                a.state.label()
            ));
            say(&next_line(&a.available(&c)));
        }
        NewCmd::Info {
            member,
            what,
            on_behalf_of,
            interest,
            on,
            keep_private,
            consent_on,
        } => {
            let input = InfoRequestInput {
                member,
                what,
                on_behalf_of: on_behalf_of.unwrap_or_default(),
                declared_interest: interest.unwrap_or_default(),
                received_on: day_or_today(on, env.today),
                keep_from_other_members: keep_private.unwrap_or_default(),
                consent_on: consent_on.unwrap_or_default(),
            };
            let (r, disclosure) = session.add_info_request(&input)?;
            let c = ctx(&session);
            say(&format!(
                "Saved {}: request from {} ({}); due {} ({}) until the basis is assessed",
                r.reference,
                member_name(&r, &c),
                r.state.label(),
                dates::show(r.due(&c)),
                r.due_cite()
            ));
            if let Some(d) = disclosure {
                say(&format!(
                    "Interest declared with the request: disclosure {} ({})",
                    d.reference(),
                    d.kind.cite()
                ));
            }
            say(&next_line(&r.available(&c)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_unique_name_and_known_fields() {
        fn check<K: Named + std::fmt::Debug>() {
            let mut seen = std::collections::HashSet::new();
            for k in K::KINDS {
                assert!(seen.insert(k.name()), "{} twice", k.name());
                for a in k.aliases() {
                    assert!(seen.insert(a), "{a} twice");
                }
                for f in k.fields() {
                    assert!(!usage(k.name(), f).is_empty(), "{f} has no usage");
                }
                assert_eq!(K::from_name(k.name()).unwrap(), *k);
            }
        }
        check::<ReportActionKind>();
        check::<AttendanceActionKind>();
        check::<InfoActionKind>();
    }

    #[test]
    fn references_say_their_kind() {
        assert_eq!(Kind::of("GR-1").unwrap(), Kind::Report);
        assert_eq!(Kind::of("ga2").unwrap(), Kind::Meeting);
        assert_eq!(Kind::of("RQ-2026-001").unwrap(), Kind::Info);
        assert_eq!(Kind::of("M-001").unwrap_err().code, 2);
    }
}
