//! `clerkdesk sar …`: subject access requests (R-DP1, UK GDPR Art 15 and Art 12(3)). Every change
//! goes through the session, so the CLI refuses exactly what the TUI would: field errors exit 2
//! naming each field, refusals exit 3 with the rule.

use clap::{Args, Subcommand};

use super::act::{self, Actions, DoArgs, Given, Machine};
use super::output::{self, say, Format, Listing};
use super::{Env, Failure, Outcome};
use crate::domain::dates;
use crate::domain::machine::ActionSpec;
use crate::domain::sar::{self, Sar, SarAction, SarActionKind, SarState};
use crate::session::{Session, SessionError};

#[derive(Debug, Subcommand)]
pub enum SarCmd {
    /// List the requests with their deadlines, OVERDUE loudly (R-DP1).
    List(ListArgs),
    /// Record a request received from a member, an officer or anyone else (R-DP1).
    Add(act::NewArgs<Sar>),
    /// A request and the actions open on it now.
    Show {
        /// The request: S-0003, s3 or 3.
        reference: String,
    },
    /// Take a step on a request: identity, extend, answer (by name or by its key on the screen).
    Do(DoArgs<SarActions>),
    /// Requests still to be answered, with their deadlines: DUE or OVERDUE.
    Due {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Gather every record and audit line about a member or officer into one Markdown file, with
    /// other people's names redacted (UK GDPR Art 15).
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Include answered requests (kept, never deleted).
    #[arg(long)]
    all: bool,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

pub fn run(env: &Env, cmd: SarCmd) -> Outcome {
    match cmd {
        SarCmd::List(args) => list(&env.council()?, args),
        SarCmd::Add(args) => add(&mut env.council()?, env, args),
        SarCmd::Show { reference } => act::show::<SarMachine>(env, &reference, "sar"),
        SarCmd::Do(args) => act::run::<SarMachine, _>(env, &args),
        SarCmd::Due { format } => due(&env.council()?, format),
        SarCmd::Export(args) => export(&env.council()?, args),
    }
}

fn rows(session: &Session, all: bool) -> Result<Listing, Failure> {
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    let mut requests: Vec<_> = session
        .sars
        .iter()
        .filter(|s| all || s.state != SarState::Answered)
        .collect();
    requests.sort_by_key(|s| s.id);
    Ok(Listing {
        columns: vec![
            ("ref", "REF"),
            ("from", "FROM"),
            ("received", "RECEIVED"),
            ("clock", "CLOCK FROM"),
            ("answered", "ANSWERED"),
            ("deadline", "DEADLINE (R-DP1)"),
            ("state", "STATE"),
            ("what", "WHAT"),
            ("counted", "DEADLINE COUNTED"),
        ],
        rows: requests
            .iter()
            .map(|s| {
                vec![
                    s.reference().into(),
                    from(s, &ctx).into(),
                    dates::show(s.received_on).into(),
                    dates::show(s.clock_start()).into(),
                    s.answered_on.map(dates::show).unwrap_or_default().into(),
                    s.due(&ctx).label(session.today).into(),
                    s.state.label().into(),
                    s.what.as_str().into(),
                    s.counted().label().into(),
                ]
            })
            .collect(),
    })
}

fn from(s: &sar::Sar, ctx: &crate::domain::Context) -> String {
    match &s.requester {
        sar::Requester::Other(name) => name.clone(),
        r => format!("{} ({})", r.name(ctx), r.reference()),
    }
}

fn list(session: &Session, args: ListArgs) -> Outcome {
    let listing = rows(session, args.all)?;
    output::print_or_say(
        &listing,
        args.format,
        if args.all {
            "No subject access requests."
        } else {
            "No requests waiting (--all includes answered ones)."
        },
    )?;
    if args.format == Format::Table && !listing.rows.is_empty() {
        overdue_line(session);
    }
    Ok(())
}

/// R-DP1: overdue requests said loudly after every list.
fn overdue_line(session: &Session) {
    let Some(ctx) = session.ctx() else { return };
    let late: Vec<String> = session
        .sars
        .iter()
        .filter(|s| s.due(&ctx).is_overdue())
        .map(|s| format!("{} ({})", s.reference(), from(s, &ctx)))
        .collect();
    output::say_overdue(
        &late,
        &format!(
            "not answered within the time limit ({}, {})",
            sar::RULE,
            sar::CLAUSE
        ),
    );
}

fn due(session: &Session, format: Format) -> Outcome {
    let listing = rows(session, false)?;
    output::print_due(
        &listing,
        format,
        &format!(
            "Subject access requests to answer ({}): one calendar month from receipt or identity, extendable by two.",
            crate::domain::sar::cite()
        ),
        "Nothing waiting to be answered.",
        || overdue_line(session),
    )
}

fn add(session: &mut Session, env: &Env, a: act::NewArgs<Sar>) -> Outcome {
    let input = act::new_input(env, &a)?;
    let s = session.add_sar(&input)?;
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    say(&format!(
        "Saved {}: from {}, received {} ({})",
        s.reference(),
        from(&s, &ctx),
        dates::show(s.received_on),
        ctx.profile.localise(s.cite())
    ));
    say(&format!(
        "Deadline: {} ({})",
        s.due(&ctx).label(session.today),
        s.counted().label()
    ));
    Ok(())
}

/// `sar do`'s actions: the request machine's.
#[derive(Debug)]
pub struct SarActions;

impl Actions for SarActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<SarActionKind>()
    }
}

struct SarMachine;

impl Machine for SarMachine {
    type Kind = SarActionKind;

    type Record = crate::domain::sar::Sar;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s Self::Record, Failure> {
        Ok(session.sar(reference)?)
    }

    fn reference(s: &Self::Record) -> String {
        s.reference()
    }

    fn title(session: &Session, reference: &str) -> Option<String> {
        let s = session.sar(reference).ok()?;
        let ctx = session.ctx()?;
        Some(format!(
            "From {}, received {}: {} — {}",
            from(s, &ctx),
            dates::show(s.received_on),
            s.what,
            s.due(&ctx).label(session.today)
        ))
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: SarActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.sar(reference)?.id;
        let action = SarAction::from_named(kind, |k| given.get(k));
        let event = session
            .sar_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let s = &event.sar;
        output::say_step(&s.reference(), event.action, event.note.as_deref());
        if let Some(ctx) = session.ctx() {
            say(&format!(
                "Now {}; deadline: {}",
                s.state.label(),
                s.due(&ctx).label(session.today)
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The member or officer whose records to gather: M-003 or O-002.
    #[arg(long, value_name = "REF")]
    person: String,
    /// The Markdown file to write (owner-only; never over an existing file).
    #[arg(long, value_name = "FILE")]
    out: std::path::PathBuf,
    /// Replace the --out file if it exists.
    #[arg(long)]
    force: bool,
}

/// One record and its audit trail, as a Markdown section.
fn section(
    md: &mut String,
    title: &str,
    fields: &[(&'static str, String)],
    events: &[crate::domain::audit::AuditEvent],
) {
    md.push_str(&format!("## {title}\n\n"));
    for (name, value) in fields.iter().filter(|(_, v)| !v.is_empty()) {
        md.push_str(&format!("- {name}: {value}\n"));
    }
    if !events.is_empty() {
        md.push_str("\nAudit trail:\n\n");
        for e in events {
            let changes: Vec<String> = e
                .changes
                .iter()
                .map(|c| format!("{}: {} → {}", c.field, c.before, c.after))
                .collect();
            md.push_str(&format!(
                "- {} {} by {}{}{}\n",
                e.at.format("%Y-%m-%d %H:%M"),
                e.action,
                e.actor,
                if changes.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", changes.join("; "))
                },
                e.note
                    .as_ref()
                    .map(|n| format!(" — {n}"))
                    .unwrap_or_default()
            ));
        }
    }
    md.push('\n');
}

/// UK GDPR Art 15: every record and audit line about one member or officer, in one Markdown
/// file, with everyone else's names redacted.
fn export(session: &Session, a: ExportArgs) -> Outcome {
    use crate::domain::grievance::PersonRef;
    use crate::domain::ids::{MemberId, OfficerId};
    let ctx = session.ctx().ok_or(SessionError::NoCouncil)?;
    let raw = a.person.trim();
    let bad = || {
        Failure::new(
            2,
            format!("--person: '{raw}' is not a member (M-…) or an officer (O-…) on record"),
        )
    };
    let me = if raw.to_uppercase().starts_with('M') {
        let id = raw.parse::<MemberId>().map_err(|_| bad())?;
        ctx.member(id).ok_or_else(bad)?;
        PersonRef::Member(id)
    } else if raw.to_uppercase().starts_with('O') {
        let id = raw.parse::<OfficerId>().map_err(|_| bad())?;
        ctx.officer(id).ok_or_else(bad)?;
        PersonRef::Officer(id)
    } else {
        return Err(bad());
    };
    let (my_name, own_fields, own_subject) = match &me {
        PersonRef::Member(id) => {
            let m = ctx.member(*id).ok_or_else(bad)?;
            (m.name.clone(), m.fields(&ctx), Session::member_subject(*id))
        }
        PersonRef::Officer(id) => {
            let o = ctx.officer(*id).ok_or_else(bad)?;
            (
                o.name.clone(),
                o.fields(&ctx),
                Session::officer_subject(*id),
            )
        }
        PersonRef::Other(_) => return Err(bad()),
    };

    // Everyone else on record becomes a role; the person's own name maps to itself, so a shared
    // surname never redacts it.
    let mut r = crate::redact::Redactor::new();
    let first_names: Vec<String> = ctx
        .members
        .iter()
        .map(|m| m.name.clone())
        .chain(ctx.officers.iter().map(|o| o.name.clone()))
        .filter_map(|n| n.split_whitespace().next().map(str::to_string))
        .collect();
    let unique_first = |name: &str| {
        name.split_whitespace()
            .next()
            .is_some_and(|f| first_names.iter().filter(|x| x.as_str() == f).count() == 1)
    };
    r.phrase(&my_name, &my_name);
    for m in ctx.members.iter().filter(|m| PersonRef::Member(m.id) != me) {
        r.person(&m.name, "[another member]", unique_first(&m.name));
    }
    for o in ctx
        .officers
        .iter()
        .filter(|o| PersonRef::Officer(o.id) != me)
    {
        r.person(&o.name, "[an officer]", unique_first(&o.name));
    }
    for c in &session.cases {
        for p in [&c.raised_by, &c.about] {
            if let PersonRef::Other(name) = p {
                r.phrase(name, "[another person]");
            }
        }
    }
    for name in session
        .info_requests
        .iter()
        .filter_map(|q| q.on_behalf_of.as_ref())
    {
        r.phrase(name, "[a constituent]");
    }
    for s in &session.sars {
        if let sar::Requester::Other(name) = &s.requester {
            r.phrase(name, "[another person]");
        }
    }

    let mut md = format!(
        "# Subject access: {my_name} ({})\n\n{}, {}. Every record and audit line about them (UK GDPR Art 15; R-DP1). Other people's names are redacted.\n\n",
        match &me {
            PersonRef::Member(id) => id.to_string(),
            PersonRef::Officer(id) => id.to_string(),
            PersonRef::Other(_) => String::new(),
        },
        ctx.council.name,
        dates::show(session.today)
    );
    let mut count = 1;
    section(
        &mut md,
        "Their own record",
        &own_fields,
        &session.audit_for(&own_subject)?,
    );
    for c in session
        .cases
        .iter()
        .filter(|c| c.raised_by.same_as(&me) || c.about.same_as(&me))
    {
        count += 1;
        section(
            &mut md,
            &format!("Case {}", c.reference),
            &c.fields(&ctx),
            &session.audit_for(&Session::case_subject(&c.reference))?,
        );
    }
    for d in session.disclosures.iter().filter(|d| match &me {
        PersonRef::Member(id) => d.member == *id,
        PersonRef::Officer(id) => d.officer == Some(*id),
        PersonRef::Other(_) => false,
    }) {
        count += 1;
        section(
            &mut md,
            &format!("Disclosure {}", d.id),
            &d.fields(&ctx),
            &session.audit_for(&Session::disclosure_subject(d.id))?,
        );
    }
    for g in session.gifts.iter().filter(|g| match (&me, g.recipient) {
        (PersonRef::Member(a), crate::domain::gifts::Recipient::Member(b)) => *a == b,
        (PersonRef::Officer(a), crate::domain::gifts::Recipient::Officer(b)) => *a == b,
        _ => false,
    }) {
        count += 1;
        section(
            &mut md,
            &format!("Gifts and hospitality {}", g.reference()),
            &g.fields(),
            &session.audit_for(&Session::gift_subject(g.id))?,
        );
    }
    for x in session
        .dispensations
        .iter()
        .filter(|x| PersonRef::Member(x.member) == me)
    {
        count += 1;
        section(
            &mut md,
            &format!("Dispensation {}", x.reference()),
            &x.fields(),
            &session.audit_for(&Session::dispensation_subject(x.id))?,
        );
    }
    // R-I4: only what this person may see, through the domain's one rule; then only their own.
    let viewer = match &me {
        PersonRef::Member(id) => crate::domain::requests::Viewer::Member(*id),
        _ => crate::domain::requests::Viewer::Others,
    };
    for q in session
        .info_requests_for(viewer)
        .iter()
        .filter(|q| PersonRef::Member(q.member) == me)
    {
        count += 1;
        section(
            &mut md,
            &format!("Information request {}", q.reference),
            &q.fields(&ctx),
            &session.audit_for(&Session::info_subject(&q.reference))?,
        );
    }
    for s in session.sars.iter().filter(|s| match (&me, &s.requester) {
        (PersonRef::Member(a), sar::Requester::Member(b)) => a == b,
        (PersonRef::Officer(a), sar::Requester::Officer(b)) => a == b,
        _ => false,
    }) {
        count += 1;
        section(
            &mut md,
            &format!("Subject access request {}", s.reference()),
            &s.fields(),
            &session.audit_for(&Session::sar_subject(s.id))?,
        );
    }
    // R-C1 letters are their personal data too: the officer who wrote, the member written to and
    // every member copied (the other names in them redacted as everywhere else).
    for l in session.correspondence.iter().filter(|l| match &me {
        PersonRef::Member(id) => l.member == *id || l.copied.contains(id),
        PersonRef::Officer(id) => l.officer == *id,
        PersonRef::Other(_) => false,
    }) {
        count += 1;
        section(
            &mut md,
            &format!("Letter {}", l.reference()),
            &l.fields(&ctx),
            &session.audit_for(&Session::letter_subject(l.id))?,
        );
    }
    let text = r.apply(&md);
    crate::files::write_private(
        &a.out,
        text.as_bytes(),
        crate::files::Overwrite::forced(a.force),
    )
    .map_err(|e| Failure::new(1, e.to_string()))?;
    say(&format!(
        "Wrote {} ({count} record{} about {my_name}; other people's names redacted)",
        a.out.display(),
        if count == 1 { "" } else { "s" }
    ));
    Ok(())
}
