//! `clerkdesk requests …`: reports for political groups (R-G1, R-G2), officers at group meetings
//! (R-G3, R-G4) and members' requests for information (R-I1 to R-I5).
//!
//! Every step goes through the same state machines as the TUI ([`Session::report_action`],
//! [`Session::attendance_action`], [`Session::info_action`]). `requests do REF ACTION --field value`
//! is the generic `do` ([`super::act`]): the reference's prefix picks the machine, whose action
//! specs (`domain::requests::spec`) name the actions and their fields. The demo file
//! (`assets/demo/requests.toml`) spells its steps the same way.

use clap::{Args, Subcommand, ValueEnum};

use super::act::{self, action_lines, Actions, DoArgs, Given, Machine};
use super::output::{self, say, Cell, Format, Listing};
use super::{print_listing, Env, Failure, Outcome};
use crate::domain::audit::AuditEvent;
use crate::domain::dates;
use crate::domain::machine::Machine as _;
use crate::domain::machine::{ActionKind, ActionSpec};
use crate::domain::requests::{
    AttendanceActionKind, GroupAttendance, GroupReport, InfoActionKind, InfoRequest,
    ReportActionKind, Viewer,
};
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
        /// Show it as this member or political group may see it (R-I4): refused when it is advice
        /// kept private to someone else.
        #[arg(long = "for", value_name = "MEMBER/GROUP")]
        viewer: Option<String>,
    },
    /// Take a step through the record's state machine, e.g. `do GR-1 tell-group --group Green`.
    Do(Box<DoArgs<RequestActions>>),
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
    /// The list as this member or political group may see it (R-I4): advice kept private to
    /// another member or group is left out.
    #[arg(long = "for", value_name = "MEMBER/GROUP")]
    viewer: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Debug, Subcommand)]
pub enum NewCmd {
    /// A report prepared for a political group (R-G1, R-G2): reference GR-n.
    Report(act::NewArgs<GroupReport>),
    /// A political group's invitation to the Clerk to attend its meeting (R-G3, R-G4): GA-n.
    Meeting(act::NewArgs<GroupAttendance>),
    /// A member's request for information (R-I1 to R-I5): RQ-YYYY-nnn.
    Info(act::NewArgs<InfoRequest>),
}

pub fn run(env: &Env, cmd: RequestsCmd) -> Outcome {
    match cmd {
        RequestsCmd::List(args) => list(env, args),
        RequestsCmd::Show { reference, viewer } => show(env, &reference, viewer.as_deref()),
        RequestsCmd::Do(args) => act(env, &args),
        RequestsCmd::New(cmd) => new(env, cmd),
    }
}

/// `requests do`'s actions: the three request machines'.
#[derive(Debug)]
pub struct RequestActions;

impl Actions for RequestActions {
    fn specs() -> Vec<&'static ActionSpec> {
        let mut specs = act::specs_of::<ReportActionKind>();
        specs.extend(act::specs_of::<AttendanceActionKind>());
        specs.extend(act::specs_of::<InfoActionKind>());
        specs
    }

    fn groups() -> Vec<(&'static str, Vec<&'static ActionSpec>)> {
        vec![
            ("Group reports, GR-", act::specs_of::<ReportActionKind>()),
            (
                "Group meetings, GA-",
                act::specs_of::<AttendanceActionKind>(),
            ),
            (
                "Information requests, RQ-",
                act::specs_of::<InfoActionKind>(),
            ),
        ]
    }
}

fn next_line<K: ActionKind>(available: &[K]) -> String {
    if available.is_empty() {
        "Next: nothing; the record is kept as it is".to_string()
    } else {
        let names: Vec<&str> = available.iter().map(|k| k.name()).collect();
        format!("Next: {}", names.join(", "))
    }
}

fn act(env: &Env, args: &DoArgs<RequestActions>) -> Outcome {
    match Kind::of(&args.reference)? {
        Kind::Report => act::run::<ReportMachine, _>(env, args),
        Kind::Meeting => act::run::<MeetingMachine, _>(env, args),
        Kind::Info => act::run::<InfoMachine, _>(env, args),
    }
}

struct ReportMachine;

impl Machine for ReportMachine {
    type Kind = ReportActionKind;

    type Record = GroupReport;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s GroupReport, Failure> {
        Ok(session.report(reference)?)
    }

    fn reference(r: &GroupReport) -> String {
        gr(r.id)
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: ReportActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.report(reference)?.id;
        let action = act::build(kind, given)?;
        let event = session
            .report_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let next = next_line(&event.report.available(&ctx(session)?));
        done(
            &gr(id),
            event.action,
            event.note.as_deref(),
            event.cite.map(|c| c.to_string()),
            event.report.state.label(),
            next,
        );
        Ok(())
    }
}

struct MeetingMachine;

impl Machine for MeetingMachine {
    type Kind = AttendanceActionKind;

    type Record = GroupAttendance;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s GroupAttendance, Failure> {
        Ok(session.attendance(reference)?)
    }

    fn reference(a: &GroupAttendance) -> String {
        ga(a.id)
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: AttendanceActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.attendance(reference)?.id;
        let action = act::build(kind, given)?;
        let event = session
            .attendance_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let next = next_line(&event.attendance.available(&ctx(session)?));
        done(
            &ga(id),
            event.action,
            event.note.as_deref(),
            event.cite.map(|c| c.to_string()),
            event.attendance.state.label(),
            next,
        );
        Ok(())
    }
}

struct InfoMachine;

impl Machine for InfoMachine {
    type Kind = InfoActionKind;

    type Record = InfoRequest;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s InfoRequest, Failure> {
        Ok(session.info_request(reference)?)
    }

    fn reference(r: &InfoRequest) -> String {
        r.reference.clone()
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: InfoActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.info_request(reference)?.id;
        let action = act::build(kind, given)?;
        let event = session
            .info_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let c = ctx(session)?;
        let mut next = next_line(&event.request.available(&c));
        if event.request.is_overdue(&c) {
            next.push_str(&format!(
                "; OVERDUE since {} ({})",
                dates::show(event.request.due(&c)),
                c.profile.localise(event.request.due_cite())
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
        Ok(())
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

fn gr(id: u32) -> String {
    format!("GR-{id}")
}

fn ga(id: u32) -> String {
    format!("GA-{id}")
}

fn ctx(session: &Session) -> Result<Context<'_>, Failure> {
    session.ctx().ok_or_else(|| SessionError::NoCouncil.into())
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
        format!("OVERDUE ({})", ctx.profile.localise(r.due_cite()))
    } else {
        String::new()
    }
}

// ---------------------------------------------------------------------------------------------
// list

/// R-I4: who the output is for; the Clerk unless `--for` names a member or group.
fn viewer(raw: Option<&str>, ctx: &Context) -> Result<Viewer, Failure> {
    match raw {
        None => Ok(Viewer::Clerk),
        Some(raw) => Viewer::parse("--for", raw, ctx).map_err(|e| Failure::new(2, e.to_string())),
    }
}

fn list(env: &Env, args: ListArgs) -> Outcome {
    let session = env.council()?;
    let ctx = ctx(&session)?;
    let viewer = viewer(args.viewer.as_deref(), &ctx)?;
    let wants = |k: KindFilter| args.kind.is_none_or(|w| w == k);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    if wants(KindFilter::Reports) && !args.overdue {
        let mut reports: Vec<&GroupReport> = session
            .reports
            .iter()
            .filter(|r| r.visible_to(viewer, &ctx))
            .collect();
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
                "".into(),
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
                "".into(),
            ]);
        }
    }
    if wants(KindFilter::Info) {
        let mut requests: Vec<&InfoRequest> = session
            .info_requests
            .iter()
            .filter(|r| r.visible_to(viewer) && (!args.overdue || r.is_overdue(&ctx)))
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
                r.due_counted(&ctx).label().into(),
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
            ("counted", "DUE COUNTED"),
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

fn show(env: &Env, reference: &str, for_whom: Option<&str>) -> Outcome {
    let session = env.council()?;
    let ctx = ctx(&session)?;
    let viewer = viewer(for_whom, &ctx)?;
    // Who it is private to is itself not said: the output may be handed on.
    let kept = |whose: &str| {
        Failure::new(
            3,
            format!(
                "refused: {reference} is advice kept private to {whose}; it is not shown to \
                 anyone else ({})",
                Viewer::cite(&ctx)
            ),
        )
    };
    let mut page = Page::default();
    match Kind::of(reference)? {
        Kind::Report => {
            let r = session.report(reference)?;
            if !r.visible_to(viewer, &ctx) {
                return Err(kept("another political group"));
            }
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
            if !r.visible_to(viewer) {
                return Err(kept("another member"));
            }
            page.line(&format!(
                "{}  Information request from {}",
                r.reference,
                member_name(r, &ctx)
            ));
            page.fields(&r.fields(&ctx));
            let mut due = format!(
                "  due: {} ({}; {})",
                dates::show(r.due(&ctx)),
                ctx.profile.localise(r.due_cite()),
                r.due_counted(&ctx).label()
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
                    ctx.profile.localise(d.kind.cite())
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

// ---------------------------------------------------------------------------------------------
// new

fn new(env: &Env, cmd: NewCmd) -> Outcome {
    let mut session = env.council()?;
    match cmd {
        NewCmd::Report(args) => {
            let input = act::new_input(env, &args)?;
            let r = session.add_report(&input)?;
            let c = ctx(&session)?;
            say(&format!(
                "Saved {}: report for the {} group on {} ({})",
                gr(r.id),
                c.council.group_name(Some(r.group)),
                r.subject,
                r.state.label()
            ));
            say(&next_line(&r.available(&c)));
        }
        NewCmd::Meeting(args) => {
            let input = act::new_input(env, &args)?;
            let a = session.add_attendance(&input)?;
            let c = ctx(&session)?;
            say(&format!(
                "Saved {}: the {} group's meeting on {} ({})",
                ga(a.id),
                c.council.group_name(Some(a.group)),
                dates::show(a.meeting_on),
                a.state.label()
            ));
            say(&next_line(&a.available(&c)));
        }
        NewCmd::Info(args) => {
            let input = act::new_input(env, &args)?;
            let (r, disclosure) = session.add_info_request(&input)?;
            let c = ctx(&session)?;
            say(&format!(
                "Saved {}: request from {} ({}); due {} ({}) until the basis is assessed",
                r.reference,
                member_name(&r, &c),
                r.state.label(),
                dates::show(r.due(&c)),
                c.profile.localise(r.due_cite())
            ));
            if let Some(d) = disclosure {
                say(&format!(
                    "Interest declared with the request: disclosure {} ({})",
                    d.reference(),
                    c.profile.localise(d.kind.cite())
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
    fn references_say_their_kind() {
        assert_eq!(Kind::of("GR-1").unwrap(), Kind::Report);
        assert_eq!(Kind::of("ga2").unwrap(), Kind::Meeting);
        assert_eq!(Kind::of("RQ-2026-001").unwrap(), Kind::Info);
        assert_eq!(Kind::of("M-001").unwrap_err().code, 2);
    }
}
