//! `clerkdesk case …`: capture a concern (triaged onto its R-E path), list and show cases, take each
//! step of a case's state machine, and export the Markdown case file. Everything goes through the
//! [`Session`], so the command line obeys exactly the rules the TUI does: a refusal exits 3 naming
//! the rule and the clause, bad input exits 2 naming the field.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};

use super::act::{self, Actions, Given, Machine};
use super::output::{self, say, Cell, Format, Listing};
use super::{print_listing, Env, Failure, Outcome};
use crate::casefile;
use crate::domain::dates;
use crate::domain::grievance::{
    also_breach_line, find_party, BreachCategory, Case, CaseActionKind, CaseState, Handler, Path,
    PersonRef, Proposal, Step, StepRecord,
};
use crate::domain::ids::MemberId;
use crate::domain::machine::Machine as _;
use crate::domain::machine::{ActionSpec, FieldKind, FieldSpec};
use crate::domain::rules::{cites, FieldError};
use crate::domain::Context;
use crate::files::{self, Overwrite};
use crate::session::{Registers, Session};
use crate::store::Record;

#[derive(Debug, Subcommand)]
pub enum CaseCmd {
    /// Capture a concern: triage proposes the path (R-E1, R-E2, R-E3) and the case is opened on it.
    #[command(alias = "add")]
    New(NewArgs),
    /// Cases, overdue first, then by their next deadline.
    List(ListArgs),
    /// Everything recorded on a case, the actions open now, and its timeline.
    Show {
        /// The case reference, e.g. G-2026-001.
        reference: String,
    },
    /// Take one step on a case (see `case show REF` for the actions open now and their fields).
    Do(act::DoArgs<CaseActions>),
    /// Write the case file for a staffing committee.
    Export(ExportArgs),
    /// Draft a letter from the case (R-E1: acknowledgements, invitations, decisions; R-E2.4: the
    /// capability or disciplinary invitation and outcome), as Markdown or a Word document; without
    /// a letter, list those the case supports now.
    Letter(super::letters::LetterArgs),
}

/// `case new`: the capture's fields from the case's creation spec, then the triage's choice.
#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(flatten)]
    fields: act::NewArgs<Case>,
    /// Another path than the proposal's: r-e1, r-e2 or r-e3:CATEGORY (needs --reason).
    #[arg(long, value_name = "PATH", help_heading = "Triage")]
    path: Option<String>,
    /// Why the case does not take the proposed path.
    #[arg(long, default_value = "", help_heading = "Triage")]
    reason: String,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only cases not yet closed.
    #[arg(long)]
    open: bool,
    /// Only cases whose next deadline has passed.
    #[arg(long)]
    overdue: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

/// `case do`'s actions: the case machine's, and `--as-person`.
#[derive(Debug)]
pub struct CaseActions;

impl Actions for CaseActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<CaseActionKind>()
    }

    fn options() -> &'static [FieldSpec] {
        const AS_PERSON: [FieldSpec; 1] = [FieldSpec::new(
            "as-person",
            "acting",
            FieldKind::Person,
            "Who takes the step (default: the case's handler; for decide, the first member of the panel deciding).",
        )];
        &AS_PERSON
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Markdown.
    Md,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The case reference, e.g. G-2026-001.
    reference: String,
    #[arg(long, value_enum, default_value = "md")]
    format: ExportFormat,
    /// Name people by their role in the case ("the officer", "member A") instead of their names.
    #[arg(long)]
    redact: bool,
    /// Write to this file instead of the screen (owner-only; never over an existing file).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the --out file if it exists.
    #[arg(long, requires = "out")]
    force: bool,
}

pub fn run(env: &Env, cmd: CaseCmd) -> Outcome {
    match cmd {
        CaseCmd::New(args) => new_case(env, args),
        CaseCmd::List(args) => list(env, args),
        CaseCmd::Show { reference } => show(env, &reference),
        CaseCmd::Do(args) => act::run::<CaseMachine, _>(env, &args),
        CaseCmd::Export(args) => export(env, args),
        CaseCmd::Letter(args) => super::letters::letter(env, args),
    }
}

fn ctx_of(session: &Session) -> Result<Context<'_>, Failure> {
    session
        .ctx()
        .ok_or_else(|| crate::session::SessionError::NoCouncil.into())
}

fn invalid(lines: Vec<String>) -> Failure {
    Failure { code: 2, lines }
}

fn field(e: FieldError) -> String {
    e.to_string()
}

/// A person as typed for `flag`: as a case's parties are ([`find_party`]).
fn person(
    session: &Session,
    flag: &'static str,
    raw: &str,
    allow_nobody: bool,
) -> Result<PersonRef, String> {
    let ctx = session
        .ctx()
        .ok_or_else(|| format!("{flag}: no council is open"))?;
    find_party(flag, raw, allow_nobody, &ctx).map_err(field)
}

/// `r-e1`, `r-e2` or `r-e3:CATEGORY`.
fn parse_path(raw: &str) -> Result<Path, String> {
    let value = raw.trim().to_lowercase();
    let (rule, rest) = match value.split_once(':') {
        Some((rule, rest)) => (rule.trim().to_string(), Some(rest.trim().to_string())),
        None => (value.clone(), None),
    };
    let categories: Vec<&str> = BreachCategory::ALL.iter().map(|c| c.key()).collect();
    match (rule.replace(['-', '_', ' '], "").as_str(), rest) {
        ("re1", None) => Ok(Path::OfficerGrievance),
        ("re2", None) => Ok(Path::MemberConcern),
        ("re3", Some(category)) => BreachCategory::parse("--path", &category)
            .map(Path::Breach)
            .map_err(field),
        ("re3", None) => Err(format!(
            "--path: name the breach category, r-e3:CATEGORY ({})",
            categories.join(", ")
        )),
        _ => Err(format!(
            "--path: '{}' is not a path (r-e1, r-e2, or r-e3:CATEGORY with CATEGORY one of {})",
            raw.trim(),
            categories.join(", ")
        )),
    }
}

fn handler_text(h: &Handler, ctx: &Context) -> String {
    h.describe(|p| p.short_name(ctx))
}

fn handlers_text(handlers: &[Handler], ctx: &Context) -> String {
    if handlers.is_empty() {
        return "nobody named by the profile".to_string();
    }
    handlers
        .iter()
        .map(|h| handler_text(h, ctx))
        .collect::<Vec<_>>()
        .join(", then ")
}

fn print_proposal(p: &Proposal, ctx: &Context) {
    say(&format!("Proposed: {}", casefile::path_label(p.path)));
    say(&format!("Handled by: {}", handlers_text(&p.handlers, ctx)));
    say(&format!("Rule: {}", p.cite));
    say(&p.explanation);
    if let Some(b) = p.also_breach {
        say(&also_breach_line(b));
    }
}

fn new_case(env: &Env, a: NewArgs) -> Outcome {
    let mut session = env.council()?;
    // The capture read as the capture form's is ([`CaseDraft::resolve`]), each mistake named by
    // its option; a bad --path with them.
    let draft = act::new_input(env, &a.fields)?;
    let input = {
        let ctx = ctx_of(&session)?;
        draft.resolve(&ctx)
    };
    let mut errors = match &input {
        Ok(_) => Vec::new(),
        Err(errors) => act::create_errors::<Case>(errors),
    };
    let path = match a.path.as_deref() {
        Some(raw) => parse_path(raw).map_err(|e| errors.push(e)).ok(),
        None => None,
    };
    let input = match input {
        Ok(input) if errors.is_empty() => input,
        _ => return Err(invalid(errors)),
    };
    let proposal = session.triage(&input.raised_by, &input.about, input.channel)?;
    {
        let ctx = ctx_of(&session)?;
        print_proposal(&proposal, &ctx);
    }
    let chosen = path.unwrap_or(proposal.path);
    if chosen != proposal.path && a.reason.trim().is_empty() {
        return Err(Failure::new(
            2,
            format!(
                "--reason: say why this is not handled as proposed ({}) but as {}",
                casefile::path_label(proposal.path),
                casefile::path_label(chosen)
            ),
        ));
    }
    let opened = session.open_case(&input, &proposal, chosen, &a.reason)?;
    let ctx = ctx_of(&session)?;
    let first = &opened[0];
    say(&format!(
        "Saved {} ({}); handled by {}",
        first.reference,
        casefile::path_label(first.path),
        handlers_text(&first.handlers, &ctx)
    ));
    for breach in &opened[1..] {
        say(&format!(
            "Also logged {} ({}), linked to {} ({})",
            breach.reference,
            casefile::path_label(breach.path),
            first.reference,
            breach.route_cite
        ));
    }
    Ok(())
}

fn deadline_text(case: &Case, ctx: &Context) -> String {
    match case.next_deadline(ctx) {
        Some(d) if d.is_overdue(ctx.today) => {
            format!("{} {} OVERDUE", d.what, dates::show(d.due))
        }
        Some(d) => format!("{} {}", d.what, dates::show(d.due)),
        None => String::new(),
    }
}

fn first_handler(case: &Case, ctx: &Context) -> String {
    case.handlers
        .first()
        .map(|h| match &h.person {
            Some(p) => p.name(ctx),
            None => format!("{} (vacant)", h.role.label().trim_start_matches("the ")),
        })
        .unwrap_or_default()
}

/// The order the TUI's Grievances tab uses, decided once in the domain.
fn sorted<'a>(cases: impl Iterator<Item = &'a Case>, ctx: &Context) -> Vec<&'a Case> {
    crate::domain::grievance::in_working_order(cases, ctx, |_, _| true)
}

fn list(env: &Env, a: ListArgs) -> Outcome {
    // The cases and their context only: no other register is decoded; with --open, only the
    // open cases, found through the store's index of them.
    let session = env.council_reading(Registers::Only(if a.open {
        &[crate::store::OPEN_CASES_TREE]
    } else {
        &[Case::TREE]
    }))?;
    let ctx = ctx_of(&session)?;
    let cases = sorted(
        session
            .cases
            .iter()
            .filter(|c| !a.open || c.state != CaseState::Closed)
            .filter(|c| !a.overdue || c.is_overdue(&ctx)),
        &ctx,
    );
    let listing = Listing {
        columns: vec![
            ("ref", "REF"),
            ("rule", "RULE"),
            ("state", "STATE"),
            ("raised_by", "RAISED BY"),
            ("about", "ABOUT"),
            ("handler", "HANDLER"),
            ("next_deadline", "NEXT DEADLINE"),
            ("age_days", "AGE (DAYS)"),
            ("raised_on", "RAISED ON"),
            ("counted", "DEADLINE COUNTED ON"),
        ],
        rows: cases
            .iter()
            .map(|c| {
                vec![
                    Cell::from(c.reference.as_str()),
                    c.path.rule().into(),
                    c.state.label().into(),
                    c.raised_by.name(&ctx).into(),
                    c.about.name(&ctx).into(),
                    first_handler(c, &ctx).into(),
                    deadline_text(c, &ctx).into(),
                    (ctx.today - c.raised_on).num_days().to_string().into(),
                    dates::show(c.raised_on).into(),
                    c.next_deadline(&ctx)
                        .map(|d| d.calendar.label())
                        .unwrap_or_default()
                        .into(),
                ]
            })
            .collect(),
    };
    if listing.rows.is_empty() && a.format == Format::Table {
        say("No cases match.");
        return Ok(());
    }
    let printed = print_listing(&listing, a.format);
    // The process exits next: its rows and decoded cases are left to the system rather than
    // freed one by one (see `Session::close_for_exit`).
    std::mem::forget(listing);
    drop(cases);
    session.close_for_exit();
    printed
}

fn members_text(ids: &[MemberId], ctx: &Context) -> String {
    ids.iter()
        .map(|m| format!("{} ({m})", PersonRef::Member(*m).name(ctx)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn show(env: &Env, reference: &str) -> Outcome {
    let session = env.council()?;
    let ctx = ctx_of(&session)?;
    let case = session.case(reference)?;
    let trail = session.audit_for(&Session::case_subject(&case.reference))?;
    let row = |label: &str, value: String| say(&format!("{:<18}{value}", format!("{label}:")));
    let day = |d: NaiveDate| dates::show(d);

    say(&format!(
        "{}  {}",
        case.reference,
        casefile::path_label(case.path)
    ));
    row("State", case.state.label().to_string());
    row("Raised by", case.raised_by.name(&ctx));
    row("About", case.about.name(&ctx));
    row(
        "How",
        format!("{}, on {}", case.channel.label(), day(case.raised_on)),
    );
    row(
        "Confidential",
        if case.confidential { "yes" } else { "no" }.into(),
    );
    row("Summary", case.summary.clone());
    row("Handled by", handlers_text(&case.handlers, &ctx));
    row("Routed under", case.route_cite.to_string());
    if let Some(why) = &case.choice_reason {
        row(
            "Path chosen",
            format!("instead of the proposal, because {why}"),
        );
    }
    match case.next_deadline(&ctx) {
        Some(d) => row(
            "Next deadline",
            format!(
                "{} {}{} ({}; {}; target {}){}",
                d.what,
                day(d.due),
                if d.is_overdue(ctx.today) {
                    " OVERDUE"
                } else {
                    ""
                },
                d.cite,
                d.calendar.label(),
                d.target,
                d.warning
                    .as_ref()
                    .map(|w| format!(" — {w}"))
                    .unwrap_or_default()
            ),
        ),
        None => row("Next deadline", "none".into()),
    }
    if let Some(i) = &case.informal {
        let mut s = format!("started {} by {}", day(i.started_on), i.by);
        if !i.note.trim().is_empty() {
            s.push_str(&format!(" — {}", i.note));
        }
        if let Some(on) = i.resolved_on {
            s.push_str(&format!(
                "; resolved {} — {}",
                day(on),
                i.outcome.clone().unwrap_or_default()
            ));
        }
        row("Informal", s);
    }
    if let Some(why) = &case.informal_skipped {
        row("Informal skipped", why.clone());
    }
    if let Some(on) = case.formal_on {
        row("Formal", day(on));
    }
    if let Some(route) = case.concern_route {
        row("Route", route.label().to_string());
    }
    if !case.panel.is_empty() {
        row("Panel", members_text(&case.panel, &ctx));
    }
    if let Some(h) = &case.hearing {
        let mut s = format!("held {}", day(h.on));
        if let Some(c) = &h.companion {
            s.push_str(&format!(", companion {c}"));
        }
        row("Hearing", s);
    }
    if let Some(mo) = &case.mo_referral {
        let mut s = format!("referred {}", day(mo.on));
        if !mo.note.trim().is_empty() {
            s.push_str(&format!(" — {}", mo.note));
        }
        match (&mo.answered_on, &mo.answer) {
            (Some(on), Some(answer)) => s.push_str(&format!("; answered {} — {answer}", day(*on))),
            _ => s.push_str("; answer awaited"),
        }
        row("Monitoring Officer", s);
    }
    let decision = |d: &crate::domain::grievance::Decision| {
        let mut s = format!(
            "{} on {} by {}",
            d.outcome.label(),
            day(d.on),
            d.by.name(&ctx)
        );
        if !d.note.trim().is_empty() {
            s.push_str(&format!(" — {}", d.note));
        }
        s
    };
    if let Some(d) = &case.decision {
        row("Decision", decision(d));
    }
    // Steps only the council's own model has (BOR §2.7, §2.8).
    for r in &case.model_steps {
        let note = if r.note.trim().is_empty() {
            String::new()
        } else {
            format!(" — {}", r.note)
        };
        row(
            "Model step",
            format!(
                "{} {} by {}{note}",
                r.step.label(),
                day(r.on),
                r.by.name(&ctx)
            ),
        );
    }
    if case.path == Path::OfficerGrievance {
        say(&format!(
            "Clerk's steps ({}):",
            ctx.profile.localise(cites::clerks_steps())
        ));
        for step in Step::ALL {
            let status = match case.steps.get(step) {
                Some(StepRecord::Recorded { on, note }) if note.trim().is_empty() => {
                    format!("recorded {}", day(*on))
                }
                Some(StepRecord::Recorded { on, note }) => {
                    format!("recorded {} — {note}", day(*on))
                }
                Some(StepRecord::NotApplicable { reason }) => format!("not applicable: {reason}"),
                None => "outstanding".into(),
            };
            say(&format!("  {:<10}{}: {status}", step.key(), step.label()));
        }
    }
    if let Some(a) = &case.appeal {
        row(
            "Appeal",
            format!("lodged {} — grounds: {}", day(a.lodged_on), a.grounds),
        );
        if !a.panel.is_empty() {
            row("Appeal panel", members_text(&a.panel, &ctx));
        }
        if let Some(d) = &a.decision {
            row("Final decision", decision(d));
        }
    }
    if let Some(on) = case.reviewed_on {
        let mut s = day(on);
        if let Some(n) = case.review_note.as_deref().filter(|n| !n.trim().is_empty()) {
            s.push_str(&format!(" — {n}"));
        }
        row("Clerk's review", s);
    }
    if !case.links.is_empty() {
        let links: Vec<String> = case
            .links
            .iter()
            .map(|l| format!("{} {}", l.kind.label(), l.reference))
            .collect();
        row("Links", links.join(", "));
    }
    if let Some(on) = case.closed_on {
        let mut s = day(on);
        if let Some(n) = case
            .closing_note
            .as_deref()
            .filter(|n| !n.trim().is_empty())
        {
            s.push_str(&format!(" — {n}"));
        }
        row("Closed", s);
    }

    say("");
    let available = case.available(&ctx);
    if available.is_empty() {
        say("Actions now: none.");
    } else {
        say(&format!(
            "Actions now (clerkdesk case do {} ACTION …; --on defaults to today, --as-person PERSON to act as someone else):",
            case.reference
        ));
        for (line, kind) in act::action_lines(&available).into_iter().zip(&available) {
            say(&format!(
                "{line} (acting: {})",
                session.actor_for(case, *kind).name(&ctx)
            ));
        }
    }

    say("");
    say("Timeline:");
    if trail.is_empty() {
        say("  (no events)");
    }
    for e in &trail {
        say(&format!("{:>5}  {}", e.seq, e.one_line()));
    }
    Ok(())
}

/// A case as `case do` drives it.
struct CaseMachine;

impl Machine for CaseMachine {
    type Kind = CaseActionKind;

    type Record = Case;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s Case, Failure> {
        Ok(session.case(reference)?)
    }

    fn reference(case: &Case) -> String {
        case.reference.clone()
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: CaseActionKind,
        given: &Given,
    ) -> Outcome {
        let case = session.case(reference)?.clone();
        let actor = match given.option("as-person") {
            Some(raw) => {
                person(session, "--as-person", raw, false).map_err(|e| Failure::new(2, e))?
            }
            None => session.actor_for(&case, kind),
        };
        let action = session.case_step(kind, given.values());
        let event = session
            .case_action(&case.reference, action, &actor)
            .map_err(|e| act::failure(kind, e))?;
        let ctx = ctx_of(session)?;
        say(&format!(
            "{}: {} → {}",
            event.case.reference,
            event.action,
            event.case.state.label()
        ));
        say(&format!("  by {}", actor.name(&ctx)));
        if let Some(note) = &event.note {
            say(&format!("  {note}"));
        }
        if let Some(cite) = &event.cite {
            say(&format!("  rule: {cite}"));
        }
        if let Some(w) = &event.warning {
            say(&format!("  {w}"));
        }
        if let Some(d) = event.case.next_deadline(&ctx) {
            say(&format!(
                "  next: {} by {} ({}; target {}){}{}",
                d.what,
                dates::show(d.due),
                d.calendar.label(),
                d.target,
                if d.is_overdue(ctx.today) {
                    " (OVERDUE)"
                } else {
                    ""
                },
                d.warning
                    .as_ref()
                    .map(|w| format!(" — {w}"))
                    .unwrap_or_default()
            ));
        }
        if let Some(spawned) = &event.spawned {
            say(&format!(
                "  opened {} ({}); handled by {}",
                spawned.reference,
                casefile::path_label(spawned.path),
                handlers_text(&spawned.handlers, &ctx)
            ));
        }
        Ok(())
    }
}

fn export(env: &Env, a: ExportArgs) -> Outcome {
    let session = env.council()?;
    let ctx = ctx_of(&session)?;
    let case = session.case(&a.reference)?;
    let trail = session.audit_for(&Session::case_subject(&case.reference))?;
    let text = match a.format {
        ExportFormat::Md => casefile::render(case, &trail, &ctx, a.redact),
    };
    match &a.out {
        Some(path) => {
            files::write_private(path, text.as_bytes(), Overwrite::forced(a.force))
                .map_err(|e| Failure::new(1, e.to_string()))?;
            say(&format!(
                "Wrote {}{}",
                path.display(),
                if a.redact { " (redacted)" } else { "" }
            ));
        }
        None => output::print(&text),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_with_their_category() {
        assert_eq!(parse_path("r-e1").unwrap(), Path::OfficerGrievance);
        assert_eq!(parse_path("R-E2").unwrap(), Path::MemberConcern);
        assert_eq!(
            parse_path("r-e3:pressure").unwrap(),
            Path::Breach(BreachCategory::UnduePressure)
        );
        assert!(parse_path("r-e3").unwrap_err().contains("pressure"));
        assert!(parse_path("r-e9").unwrap_err().starts_with("--path:"));
    }
}
