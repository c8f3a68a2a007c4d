//! `clerkdesk blackout …` (elections and the pre-election period, R-P1) and `clerkdesk publicity …`
//! (council publicity checked against it, R-P2 to R-P4).
//!
//! `blackout dates` is a calculator and needs no store: the working-day calendar is built in. Every
//! other command works on the open council, and every change goes through the session, so the CLI
//! refuses exactly what the TUI refuses (exit 3, with the rule and the clause).
//!
//! `publicity check FILE` exits 0 when nothing blocks (warnings only included), 1 when a finding
//! blocks the text, 2 when the file or an option cannot be used.

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate, Weekday};
use clap::Subcommand;

use super::act::{self, Actions, DoArgs, Given, Machine};
use super::output::{say, Format, Listing};
use super::{print_listing, Env, Failure, Outcome};
use crate::assets;
use crate::domain::blackout::{
    self, latest_notice_date, Election, ElectionActionKind, ElectionInput, PeriodStatus,
    NOTICE_WORKING_DAYS, UPCOMING_DAYS,
};
use crate::domain::calendar::{good_friday, WorkingCalendar};
use crate::domain::dates;
use crate::domain::machine::ActionSpec;
use crate::domain::publicity::{
    self, Channel, Finding, ItemActionKind, PublicityInput, PublicityItem,
};
use crate::domain::rules::cites;
use crate::session::Session;

// ---------------------------------------------------------------------------------------------
// Command lines
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Subcommand)]
pub enum BlackoutCmd {
    /// The latest lawful notice date for a poll, and the pre-election period (R-P1). Needs no council.
    Dates {
        /// Polling day (YYYY-MM-DD or DD/MM/YYYY).
        #[arg(long, value_name = "DATE")]
        poll: String,
        /// The actual date of the notice of election, if it is published.
        #[arg(long, value_name = "DATE")]
        notice: Option<String>,
    },
    /// Today's standing: in a pre-election period, counting down to one, or clear.
    Status,
    /// List the elections with their notice, period and state.
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Add an election.
    Add(act::NewArgs<Election>),
    /// Add a day appointed for public thanksgiving or mourning: it stops counting as a working day
    /// for every deadline (R-P1).
    DayOff {
        /// The day.
        #[arg(long, value_name = "DATE")]
        on: String,
        /// What it is, e.g. "National day of mourning".
        #[arg(long)]
        reason: String,
    },
    /// List the days added that do not count.
    DaysOff,
    /// An election and the actions open now with their fields.
    Show {
        /// The election's reference, e.g. E-1.
        reference: String,
    },
    /// Take a step on an election: publish-notice, record-poll, close, cancel, edit.
    Do(DoArgs<ElectionActions>),
}

#[derive(Debug, Subcommand)]
pub enum PublicityCmd {
    /// Check a text file for members' names (R-P2) and party credit (R-P3) against the council's
    /// elections. Exit 0 clear (warnings included), 1 blocked, 2 the file cannot be used.
    Check {
        /// A UTF-8 text file.
        file: PathBuf,
        /// The day it would go out (default: today).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// press-release, newsletter, website, social-media or noticeboard (default: press-release,
        /// the strictest; noticeboard with --statutory).
        #[arg(long)]
        channel: Option<String>,
        /// A statutory notice about the election itself: exempt from R-P2 (R-P4).
        #[arg(long)]
        statutory: bool,
    },
    /// List the publicity items with their state and findings.
    List {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Add a publicity item (a draft) from a text file.
    Add(act::NewArgs<PublicityItem>),
    /// A publicity item and the actions open now with their fields.
    Show {
        /// The item's reference, e.g. P-1.
        reference: String,
    },
    /// Take a step on an item: check, approve, publish, edit.
    Do(DoArgs<ItemActions>),
}

// ---------------------------------------------------------------------------------------------
// blackout
// ---------------------------------------------------------------------------------------------

pub fn run(env: &Env, cmd: BlackoutCmd) -> Outcome {
    match cmd {
        BlackoutCmd::Dates { poll, notice } => dates_cmd(env, &poll, notice.as_deref()),
        BlackoutCmd::DayOff { on, reason } => {
            let mut session = env.council()?;
            session.add_day_off(&on, &reason)?;
            say(&format!(
                "Saved: {} does not count as a working day (R-P1).",
                text_clean(&on)
            ));
            Ok(())
        }
        BlackoutCmd::DaysOff => {
            let session = env.council()?;
            if session.days_off.days.is_empty() {
                say("No days added: the bank holidays, weekends, Christmas Eve and Day and Good Friday do not count.");
            }
            for d in &session.days_off.days {
                say(&format!("{}  {}", dates::show(d.on), text_clean(&d.reason)));
            }
            Ok(())
        }
        BlackoutCmd::Status => {
            let session = env.council()?;
            say(&status_line(&session));
            Ok(())
        }
        BlackoutCmd::List { format } => {
            let session = env.council()?;
            print_listing(&election_listing(&session), format)
        }
        BlackoutCmd::Add(a) => {
            let input = act::new_input(env, &a)?;
            let mut session = env.council()?;
            let e = session.add_election(&input)?;
            say(&format!(
                "Saved {} {}: poll {}, pre-election period {}",
                election_ref(&e),
                election_name(&e),
                dates::show(e.poll),
                period_text(&e, &session.calendars.election)
            ));
            Ok(())
        }
        BlackoutCmd::Show { reference } => {
            act::show::<ElectionMachine>(env, &reference, "blackout")
        }
        BlackoutCmd::Do(args) => act::run::<ElectionMachine, _>(env, &args),
    }
}

fn election_ref(e: &Election) -> String {
    format!("E-{}", e.id)
}

/// "by-election (Mill End)", "county election (Northshire County Council) (whole parish)".
fn election_name(e: &Election) -> String {
    text_clean(&format!("{} ({})", e.title(), e.wards_label()))
}

fn period_text(e: &Election, cal: &WorkingCalendar) -> String {
    let p = e.period(cal);
    format!(
        "{}{} to {}",
        dates::show(p.start),
        if p.start_is_computed {
            " (computed: latest lawful date)"
        } else {
            ""
        },
        dates::show(p.end)
    )
}

fn day(d: NaiveDate) -> String {
    format!("{} {}", d.format("%a"), dates::show(d))
}

fn date_arg(flag: &'static str, raw: &str) -> Result<NaiveDate, Failure> {
    dates::parse_date(flag, raw).map_err(|e| Failure::new(2, e.to_string()))
}

/// Why a day between the notice and the poll does not count (R-P1).
fn day_off_reason(d: NaiveDate) -> Option<&'static str> {
    match d.weekday() {
        Weekday::Sat | Weekday::Sun => return None,
        _ => {}
    }
    Some(match (d.month(), d.day()) {
        (12, 24) => "Christmas Eve",
        (12, 25) => "Christmas Day",
        _ if d == good_friday(d.year()) => "Good Friday",
        _ => "bank holiday",
    })
}

fn dates_cmd(env: &Env, poll_raw: &str, notice_raw: Option<&str>) -> Outcome {
    let poll = date_arg("--poll", poll_raw)?;
    let notice = notice_raw
        .map(|raw| date_arg("--notice", raw))
        .transpose()?;
    if let Some(n) = notice {
        if n >= poll {
            return Err(Failure::new(
                2,
                format!(
                    "--notice: {} is not before the poll ({}): the notice of election is published \
                     before polling day (R-P1)",
                    dates::show(n),
                    dates::show(poll)
                ),
            ));
        }
    }
    // With a council open, the days its clerk added (thanksgiving, mourning) count too; without
    // one, the bank holidays alone.
    let added: Vec<chrono::NaiveDate> = match env.resolved().filter(|d| d.join("db").is_file()) {
        Some(_) => env
            .council()
            .map(|s| s.days_off.days.iter().map(|d| d.on).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let cal = assets::calendar()
        .map_err(|e| Failure::new(1, e.to_string()))?
        .with_extra_days(added);
    let latest = latest_notice_date(poll, &cal);

    say(&format!("Poll:                   {}", day(poll)));
    say(&format!(
        "Latest notice (R-P1):   {} — the {}th working day before the poll ({}; {})",
        day(latest),
        NOTICE_WORKING_DAYS,
        blackout::TIMETABLE,
        cal.kind().label()
    ));
    let start = notice.unwrap_or(latest);
    let start_text = match notice {
        Some(n) => format!("{} (notice of election)", dates::show(n)),
        None => format!("{} (computed: latest lawful date)", dates::show(latest)),
    };
    let days = (poll - start).num_days() + 1;
    say(&format!(
        "Pre-election period:    {start_text} to {}, polling day inclusive ({days} days)",
        dates::show(poll)
    ));

    // The days that did not count between the start of the period and the poll.
    let mut weekend = 0;
    let mut named = Vec::new();
    let mut d = start.succ_opt();
    while let Some(x) = d.filter(|x| *x < poll) {
        if !cal.is_working_day(x) {
            match day_off_reason(x) {
                None => weekend += 1,
                Some(why) => named.push(format!("{} {why}", day(x))),
            }
        }
        d = x.succ_opt();
    }
    let mut not_counted = Vec::new();
    if weekend > 0 {
        not_counted.push(format!("{weekend} weekend days"));
    }
    not_counted.extend(named);
    if !not_counted.is_empty() {
        say(&format!(
            "Did not count:          {}",
            not_counted.join("; ")
        ));
    }
    if let Some(warning) = cal.warning(latest.min(start), poll) {
        say(&warning);
    }

    let today = env.today;
    let today_line = if today < start {
        format!("the period starts in {} days", (start - today).num_days())
    } else if today <= poll {
        "inside the period: council publicity must not name or quote members (R-P2)".to_string()
    } else {
        "after polling day".to_string()
    };
    say(&format!(
        "Today:                  {} — {today_line}",
        day(today)
    ));

    if let Some(n) = notice {
        let counted = cal.working_days_between(n, poll);
        if n > latest {
            say(&format!(
                "Not lawful (R-P1 — {}): a notice on {} is {counted} working days before the \
                 poll; the latest is {}",
                blackout::TIMETABLE,
                dates::show(n),
                dates::show(latest)
            ));
            return Err(Failure::new(
                3,
                format!(
                    "refused: a notice on {} is too late for a poll on {}: the latest is {} (R-P1 — {})",
                    dates::show(n),
                    dates::show(poll),
                    dates::show(latest),
                    blackout::TIMETABLE
                ),
            ));
        }
        say(&format!(
            "The notice is {counted} working days before the poll: in time."
        ));
    }
    Ok(())
}

/// One line for `blackout status`.
fn status_line(session: &Session) -> String {
    let cal = &session.calendars.election;
    // R-P5: overlapping periods are one run, each election in it named.
    let which = |ids: &[u32]| {
        ids.iter()
            .filter_map(|id| session.elections.iter().find(|e| e.id == *id))
            .map(|e| {
                format!(
                    "{} {}, poll {}",
                    election_ref(e),
                    election_name(e),
                    dates::show(e.poll)
                )
            })
            .collect::<Vec<_>>()
            .join(" and ")
    };
    match session.period_status() {
        PeriodStatus::InPeriod { ends, elections } => {
            format!(
                "In the pre-election period for {} until {} (polling day, inclusive): council \
                 publicity must not name or quote members ({}; {})",
                which(&elections),
                dates::show(ends),
                session.profile.localise(cites::no_members_in_publicity()),
                blackout::rules_of(&session.elections, &elections)
            )
        }
        PeriodStatus::Upcoming {
            starts,
            days,
            ends,
            elections,
        } => {
            let computed = session.elections.iter().any(|e| {
                elections.contains(&e.id) && e.notice.is_none() && e.period(cal).start == starts
            });
            let computed = if computed {
                " (computed: latest lawful date)"
            } else {
                ""
            };
            format!(
                "Pre-election period for {} starts in {days} day{} on {}{computed}, to {} \
                 ({} — {})",
                which(&elections),
                if days == 1 { "" } else { "s" },
                dates::show(starts),
                dates::show(ends),
                blackout::rules_of(&session.elections, &elections),
                // BOR §8.3 for a borough council; the Code alone for the others.
                session
                    .profile
                    .localise(cites::pre_election_period())
                    .clause
            )
        }
        PeriodStatus::Clear => format!(
            "Clear: no pre-election period today or in the next {UPCOMING_DAYS} days (R-P1)"
        ),
    }
}

fn election_listing(session: &Session) -> Listing {
    let cal = &session.calendars.election;
    let mut elections: Vec<&Election> = session.elections.iter().collect();
    elections.sort_by_key(|e| e.id);
    Listing {
        columns: vec![
            ("ref", "REF"),
            ("kind", "KIND"),
            ("wards", "WARDS"),
            ("poll", "POLL"),
            ("notice", "NOTICE"),
            ("period", "PERIOD (R-P1, R-P5; election calendar)"),
            ("state", "STATE"),
        ],
        rows: elections
            .iter()
            .map(|e| {
                let notice = match e.notice {
                    Some(n) if e.kind.notice_is_computed() => dates::show(n),
                    Some(n) => format!("{} (recorded, R-P5)", dates::show(n)),
                    None => format!(
                        "{} (computed: latest lawful date)",
                        dates::show(latest_notice_date(e.poll, cal))
                    ),
                };
                let p = e.period(cal);
                vec![
                    election_ref(e).into(),
                    text_clean(&e.title()).into(),
                    text_clean(&e.wards_label()).into(),
                    dates::show(e.poll).into(),
                    notice.into(),
                    format!("{} to {}", dates::show(p.start), dates::show(p.end)).into(),
                    e.state.label().into(),
                ]
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// publicity
// ---------------------------------------------------------------------------------------------

fn channel_arg(flag: &'static str, raw: &str) -> Result<Channel, Failure> {
    Channel::parse(flag, raw).map_err(|e| Failure::new(2, e.to_string()))
}

fn counts(findings: &[Finding]) -> (usize, usize) {
    let blocks = findings.iter().filter(|f| f.is_blocking()).count();
    (blocks, findings.len() - blocks)
}

fn print_findings(findings: &[Finding], session: &Session) {
    for f in findings {
        say(&f.to_line_for(&session.profile));
    }
}

fn publicity_check(
    env: &Env,
    file: &Path,
    date: Option<String>,
    channel: Option<String>,
    statutory: bool,
) -> Outcome {
    let text = act::read_text(file)?;
    let planned = match date {
        Some(raw) => date_arg("--date", &raw)?,
        None => env.today,
    };
    let channel = match channel {
        Some(raw) => channel_arg("--channel", &raw)?,
        None if statutory => Channel::Noticeboard,
        None => Channel::PressRelease,
    };
    if statutory && !matches!(channel, Channel::Noticeboard | Channel::Website) {
        return Err(Failure::new(
            2,
            format!(
                "--statutory: a statutory notice goes on the noticeboard or website, not a {}",
                channel.label()
            ),
        ));
    }
    let session = env.council().map_err(|e| {
        let mut lines = vec![
            "publicity check needs a council, to know whose names to look for: it checks the text \
             against that council's members, political groups and elections"
                .to_string(),
        ];
        lines.extend(e.lines);
        Failure { code: 1, lines }
    })?;
    let findings = session.check_text(&text, planned, channel, statutory);
    print_findings(&findings, &session);

    // R-P5: every period the day falls in, each named.
    let on = blackout::periods_on(&session.elections, planned, &session.calendars.election);
    let period = if on.is_empty() {
        "outside any pre-election period".to_string()
    } else {
        let each: Vec<String> = on
            .iter()
            .map(|e| {
                format!(
                    "{} {} (to {}, {})",
                    election_ref(e),
                    election_name(e),
                    dates::show(e.poll),
                    e.kind.rule()
                )
            })
            .collect();
        format!("in the pre-election period for {}", each.join(" and "))
    };
    let exempt = if statutory {
        ", statutory election notice (R-P4: exempt from R-P2)"
    } else {
        ""
    };
    let context = format!(
        "{} on {}, {period}{exempt}",
        channel.label(),
        dates::show(planned)
    );
    let (blocks, warns) = counts(&findings);
    let name = file.display();
    if blocks > 0 {
        say(&format!(
            "{name}: blocked — {blocks} blocking, {warns} to look at ({context})"
        ));
        // The findings and the summary are on stdout; the status says the text may not go out.
        return Err(Failure {
            code: 1,
            lines: Vec::new(),
        });
    }
    if warns > 0 {
        say(&format!(
            "{name}: nothing blocks — {warns} to look at ({context})"
        ));
    } else {
        say(&format!("{name}: clear ({context})"));
    }
    Ok(())
}

pub fn run_publicity(env: &Env, cmd: PublicityCmd) -> Outcome {
    match cmd {
        PublicityCmd::Check {
            file,
            date,
            channel,
            statutory,
        } => publicity_check(env, &file, date, channel, statutory),
        PublicityCmd::List { format } => {
            let session = env.council()?;
            print_listing(&publicity_listing(&session), format)
        }
        PublicityCmd::Add(a) => {
            let input = act::new_input(env, &a)?;
            let mut session = env.council()?;
            let item = session.add_publicity(&input)?;
            say(&format!(
                "Saved {} '{}': {} planned {}, draft — check it next (clerkdesk publicity do {} check)",
                item_ref(&item),
                item.title,
                item.channel.label(),
                dates::show(item.planned),
                item_ref(&item)
            ));
            Ok(())
        }
        PublicityCmd::Show { reference } => act::show::<ItemMachine>(env, &reference, "publicity"),
        PublicityCmd::Do(args) => act::run::<ItemMachine, _>(env, &args),
    }
}

fn item_ref(item: &PublicityItem) -> String {
    format!("P-{}", item.id)
}

fn publicity_listing(session: &Session) -> Listing {
    let mut items: Vec<&PublicityItem> = session.publicity.iter().collect();
    items.sort_by_key(|p| p.id);
    Listing {
        columns: vec![
            ("ref", "REF"),
            ("title", "TITLE"),
            ("channel", "CHANNEL"),
            ("planned", "PLANNED"),
            ("in_period", "IN PERIOD"),
            ("state", "STATE"),
            ("findings", "FINDINGS"),
        ],
        rows: items
            .iter()
            .map(|p| {
                let in_period =
                    blackout::in_period(&session.elections, p.planned, &session.calendars.election)
                        .map(|id| format!("E-{id}"))
                        .unwrap_or_default();
                let (blocks, _) = counts(&p.findings);
                let findings = match (p.findings.len(), blocks) {
                    (0, _) => "0".to_string(),
                    (n, 0) => n.to_string(),
                    (n, b) => format!("{n} ({b} blocking)"),
                };
                vec![
                    item_ref(p).into(),
                    p.title.as_str().into(),
                    p.channel.label().into(),
                    dates::show(p.planned).into(),
                    in_period.into(),
                    p.state.label().into(),
                    findings.into(),
                ]
            })
            .collect(),
    }
}

fn text_clean(s: &str) -> String {
    crate::domain::text::sanitize(s.trim())
}

/// `blackout do`'s actions: the election machine's.
#[derive(Debug)]
pub struct ElectionActions;

impl Actions for ElectionActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<ElectionActionKind>()
    }
}

struct ElectionMachine;

impl Machine for ElectionMachine {
    type Kind = ElectionActionKind;

    type Record = Election;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s Election, Failure> {
        Ok(session.election(reference)?)
    }

    fn reference(e: &Election) -> String {
        election_ref(e)
    }

    /// "county election (Northshire County Council) (whole parish): poll …, period … (R-P5)".
    fn title(session: &Session, reference: &str) -> Option<String> {
        let e = session.election(reference).ok()?;
        Some(format!(
            "{}: poll {}, pre-election period {} on the election calendar ({}), {}",
            election_name(e),
            dates::show(e.poll),
            period_text(e, &session.calendars.election),
            e.kind.rule(),
            e.state.label()
        ))
    }

    fn current(session: &Session, reference: &str) -> Vec<(&'static str, String)> {
        session
            .election(reference)
            .map(|e| blackout::edit_defaults(&ElectionInput::from_election(e)))
            .unwrap_or_default()
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: ElectionActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.election(reference)?.id;
        let action = act::build(kind, given)?;
        let event = session
            .election_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let e = &event.election;
        let head = format!("{} {}: {}", election_ref(e), election_name(e), event.action);
        match &event.note {
            Some(note) => say(&format!("{head} — {note}")),
            None => say(&head),
        }
        say(&format!(
            "  poll {}, pre-election period {}, {}",
            dates::show(e.poll),
            period_text(e, &session.calendars.election),
            e.state.label()
        ));
        Ok(())
    }
}

/// `publicity do`'s actions: the publicity item machine's.
#[derive(Debug)]
pub struct ItemActions;

impl Actions for ItemActions {
    fn specs() -> Vec<&'static ActionSpec> {
        act::specs_of::<ItemActionKind>()
    }
}

struct ItemMachine;

impl Machine for ItemMachine {
    type Kind = ItemActionKind;

    type Record = PublicityItem;

    fn find<'s>(session: &'s Session, reference: &str) -> Result<&'s PublicityItem, Failure> {
        Ok(session.publicity_item(reference)?)
    }

    fn reference(item: &PublicityItem) -> String {
        item_ref(item)
    }

    fn current(session: &Session, reference: &str) -> Vec<(&'static str, String)> {
        session
            .publicity_item(reference)
            .map(|item| publicity::edit_defaults(&PublicityInput::from_item(item)))
            .unwrap_or_default()
    }

    fn act(
        session: &mut Session,
        _env: &Env,
        reference: &str,
        kind: ItemActionKind,
        given: &Given,
    ) -> Outcome {
        let id = session.publicity_item(reference)?.id;
        let action = act::build(kind, given)?;
        let event = session
            .publicity_action(id, action)
            .map_err(|e| act::failure(kind, e))?;
        let item = &event.item;
        print_findings(&item.findings, session);
        let head = if event.action == item.state.label() {
            format!("{} '{}': {}", item_ref(item), item.title, event.action)
        } else {
            format!(
                "{} '{}': {}, now {}",
                item_ref(item),
                item.title,
                event.action,
                item.state.label()
            )
        };
        match &event.note {
            Some(note) => say(&format!("{head} — {note}")),
            None => say(&head),
        }
        Ok(())
    }
}
