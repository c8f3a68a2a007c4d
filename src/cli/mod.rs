//! The command-line face: open the TUI, or script the same steps (list, add, record, import,
//! export). Every change goes through [`Session`], so the CLI obeys exactly the rules the TUI does.
//!
//! Exit status: 0 done; 1 the store or the council cannot be used; 2 bad input (each bad field named);
//! 3 refused by a protocol rule (the rule and the clause named).

mod backup;
mod blackout;
mod case;
mod disclosures;
mod import;
mod output;
mod requests;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use serde_json::json;

use crate::assets;
use crate::domain::audit::{AuditEvent, Subject};
use crate::domain::council::Council;
use crate::domain::dates;
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::member::{DpiStatus, Member, MemberAction, MemberInput};
use crate::domain::officer::{manager_name, BriefingStatus, Officer, OfficerAction, OfficerInput};
use crate::domain::rules::Rejection;
use crate::domain::text;
use crate::places::{self, Places};
use crate::session::{Session, SessionError};
use crate::ui;

use output::{complain, say, Cell, Format, Listing};

/// Where `clerkdesk demo` puts the demo council unless told otherwise.
pub const DEMO_COUNCIL: &str = "Ashcombe Parish Council (demo)";

#[derive(Debug, Parser)]
#[command(
    name = "clerkdesk",
    version,
    about = "A terminal case manager for the clerk of an English parish or town council.",
    long_about = "A terminal case manager for the clerk of an English parish or town council: members \
and officers, disclosable pecuniary interests, protocol briefings, grievances and concerns, each step \
checked against the council's Member/Officer Protocol and written to an audit trail. Run without a \
command to open the full-screen interface; the commands below script the same steps. Exit status: 0 \
done, 1 the store cannot be used, 2 bad input, 3 refused by a protocol rule."
)]
struct Cli {
    /// Use the council with this name (its folder under the clerkdesk data folder).
    #[arg(long, global = true, value_name = "NAME")]
    council: Option<String>,
    /// Use the council store in this folder.
    #[arg(long, global = true, env = "CLERKDESK_STORE", value_name = "PATH")]
    store: Option<PathBuf>,
    /// Who is at the keyboard: named in every audit event.
    #[arg(
        long = "as",
        global = true,
        env = "CLERKDESK_ACTOR",
        default_value = "Clerk",
        value_name = "NAME"
    )]
    actor: String,
    /// Pretend today is this day (tests and demos).
    #[arg(long, global = true, env = "CLERKDESK_TODAY", hide = true, value_name = "YYYY-MM-DD", value_parser = parse_today)]
    today: Option<NaiveDate>,
    #[command(subcommand)]
    command: Option<Command>,
}

fn parse_today(raw: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{raw}' is not a date (YYYY-MM-DD)"))
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Load the fictional demo council (Ashcombe Parish Council) into an empty store.
    Demo,
    /// Set up a new council.
    Init(InitArgs),
    /// List the councils kept on this computer (* marks the one used last).
    Councils,
    /// Councillors: list, add, record DPI notifications, end terms.
    #[command(subcommand)]
    Members(MembersCmd),
    /// Staff: list, add, record protocol briefings and leaving dates.
    #[command(subcommand)]
    Officers(OfficersCmd),
    /// Add members or officers from a CSV file: all rows or none.
    #[command(subcommand)]
    Import(ImportCmd),
    /// Write members.csv, officers.csv, audit.csv and council.json into a folder.
    Export {
        /// The folder to write into (created if missing).
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
    },
    /// Concerns, grievances and breaches (R-E1, R-E2, R-E3): capture, list, act, case files.
    #[command(subcommand)]
    Case(case::CaseCmd),
    /// The register of relationships and interests (R-D1 to R-D4): deadlines and exports.
    #[command(subcommand)]
    Disclosures(disclosures::DisclosuresCmd),
    /// Elections and the pre-election period (R-P1).
    #[command(subcommand)]
    Blackout(blackout::BlackoutCmd),
    /// Council publicity, checked against the pre-election period (R-P2 to R-P4).
    #[command(subcommand)]
    Publicity(blackout::PublicityCmd),
    /// Group reports, officers at group meetings, members' requests for information (R-G, R-I).
    #[command(subcommand)]
    Requests(requests::RequestsCmd),
    /// The council itself: its details, the Monitoring Officer (R-O3), political groups.
    #[command(subcommand)]
    Council(CouncilCmd),
    /// Write a verified backup of the council's store to FILE.
    Backup {
        /// The backup file to write.
        file: PathBuf,
        /// Encrypt it with a passphrase (asked for at the terminal): for a USB stick, or any copy
        /// that leaves the laptop.
        #[arg(long)]
        encrypt: bool,
        /// Read the passphrase from the first line of FILE instead of asking (for scripts).
        #[arg(long, value_name = "FILE", requires = "encrypt")]
        passphrase_file: Option<PathBuf>,
    },
    /// Restore a backup FILE into an empty or new store (never over a council).
    Restore {
        /// The backup file to read.
        file: PathBuf,
        /// For an encrypted backup: read the passphrase from the first line of FILE instead of
        /// asking.
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// Show the audit trail, one line per event.
    Audit {
        /// Only events about this record, e.g. "member M-003", "officer O-002" or "council".
        #[arg(long, value_name = "SUBJECT")]
        subject: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CouncilCmd {
    /// The council's model, office holders with their history (R-M2), groups and the Monitoring
    /// Officer (R-O3).
    Show,
    /// Record the Monitoring Officer's contact (the principal authority's; R-O3).
    Mo {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        organisation: String,
        #[arg(long, default_value = "")]
        email: String,
        #[arg(long, default_value = "")]
        phone: String,
    },
    /// Add a political group.
    Group {
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Args)]
struct InitArgs {
    /// The council's name, e.g. "Ashcombe Parish Council".
    #[arg(long)]
    name: String,
    /// parish or town.
    #[arg(long)]
    kind: String,
    /// The protocol model: banbury, toolkit, town or borough.
    #[arg(long)]
    protocol: String,
    /// Political groups, comma separated: "Conservative,Labour".
    #[arg(long, default_value = "")]
    groups: String,
}

#[derive(Debug, Args)]
struct ListArgs {
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Include people whose term has ended (members) or who have left (officers).
    #[arg(long)]
    all: bool,
}

#[derive(Debug, Subcommand)]
enum MembersCmd {
    /// List serving members with their offices and DPI status (R-M3).
    List(ListArgs),
    /// Add a member.
    Add(MemberAddArgs),
    /// Record that a member's DPI notification was registered (R-M3).
    Dpi {
        /// The member's reference, e.g. M-003.
        reference: String,
        /// The day the register received it (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Appoint a member to an office (R-M2): Chairman, Vice-Chairman, Leader, Chair of Staffing,
    /// Town Mayor (town councils), or "group leader" of their own group. One holder at a time: the
    /// current holder's term ends the day before; the history is kept.
    Appoint {
        /// The member's reference, e.g. M-003.
        reference: String,
        /// The office, e.g. "Chairman" or "group leader".
        #[arg(long)]
        office: String,
        /// The first day in office (default: today).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
    },
    /// End a member's term (R-M1); they leave every office they hold (R-M2).
    EndTerm {
        /// The member's reference, e.g. M-003.
        reference: String,
        /// Their last day (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Why: resigned, not re-elected, disqualified, died …
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Args)]
struct MemberAddArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    ward: String,
    /// A political group of the council, or Independent (default).
    #[arg(long, default_value = "")]
    group: String,
    /// elected (default) or co-opted.
    #[arg(long, default_value = "")]
    joined_by: String,
    /// Start of the current term (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, value_name = "DATE")]
    term_start: String,
    /// When the DPI notification was registered, if it has been.
    #[arg(long, value_name = "DATE", default_value = "")]
    dpi_registered: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    phone: String,
}

#[derive(Debug, Subcommand)]
enum OfficersCmd {
    /// List officers in post with their line manager and protocol briefing (R-O2).
    List(ListArgs),
    /// Add an officer.
    Add(OfficerAddArgs),
    /// Record that the protocol was brought to an officer's attention (R-O2).
    Brief {
        /// The officer's reference, e.g. O-005.
        reference: String,
        /// The day it was given (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Record an officer's leaving date.
    Leave {
        /// The officer's reference, e.g. O-002.
        reference: String,
        /// Their last day (default: today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
}

#[derive(Debug, Args)]
struct OfficerAddArgs {
    #[arg(long)]
    name: String,
    /// Clerk, RFO, Deputy Clerk, Assistant or Other.
    #[arg(long)]
    post: String,
    /// The job title, when it says more than the post.
    #[arg(long, default_value = "")]
    title: String,
    /// employee (default), consultant or agency.
    #[arg(long, default_value = "")]
    employment: String,
    /// An officer's name or reference; empty or "council" for the Clerk.
    #[arg(long, default_value = "")]
    line_manager: String,
    #[arg(long, value_name = "DATE")]
    started: String,
    /// When the protocol was brought to their attention, if it has been.
    #[arg(long, value_name = "DATE", default_value = "")]
    protocol_given: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    phone: String,
}

#[derive(Debug, Subcommand)]
enum ImportCmd {
    /// Columns: name,ward,group,joined_by,term_start,dpi_registered,email,phone.
    Members { file: PathBuf },
    /// Columns: name,post,title,employment,line_manager,started,protocol_briefed,email,phone.
    Officers { file: PathBuf },
}

/// Why a command failed: the lines to print on stderr and the exit status.
#[derive(Debug)]
pub(crate) struct Failure {
    code: u8,
    lines: Vec<String>,
}

impl Failure {
    pub(crate) fn new(code: u8, line: impl Into<String>) -> Self {
        Failure {
            code,
            lines: vec![line.into()],
        }
    }
}

/// Field errors one per line; a refusal with its rule and clause; anything else in one line.
fn describe(e: &SessionError) -> Vec<String> {
    match e {
        SessionError::Rejected(Rejection::Invalid(errors)) => {
            errors.iter().map(|f| f.to_string()).collect()
        }
        SessionError::Rejected(Rejection::Refused(r)) => {
            vec![format!("refused: {} ({})", r.reason, r.cite)]
        }
        other => vec![other.to_string()],
    }
}

impl From<SessionError> for Failure {
    fn from(e: SessionError) -> Self {
        Failure {
            code: e.exit_code(),
            lines: describe(&e),
        }
    }
}

pub(crate) type Outcome = Result<(), Failure>;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            for line in &f.lines {
                complain(line);
            }
            ExitCode::from(f.code.max(1))
        }
    }
}

/// What every command starts from.
pub(crate) struct Env {
    pub(crate) places: Places,
    pub(crate) store: Option<PathBuf>,
    pub(crate) council: Option<String>,
    pub(crate) actor: String,
    pub(crate) today: NaiveDate,
}

impl Env {
    /// The store named on the command line: `--store`, or `--council`'s folder.
    fn named(&self) -> Option<PathBuf> {
        self.store
            .clone()
            .or_else(|| self.council.as_deref().map(|n| self.places.council_dir(n)))
    }

    /// The store to work on: named, or the one used last.
    pub(crate) fn resolved(&self) -> Option<PathBuf> {
        self.named().or_else(|| self.places.last_used())
    }

    pub(crate) fn open(&self, dir: &Path) -> Result<Session, Failure> {
        let session = Session::open(dir, self.today, &self.actor)?;
        // What opening put right (a database rebuilt from its journal): on stderr, so output
        // that is piped on stays as it was.
        for notice in session.store_notices() {
            eprintln!("clerkdesk: {notice}");
        }
        Ok(session)
    }

    /// An existing council's session, or a message saying how to get one.
    pub(crate) fn council(&self) -> Result<Session, Failure> {
        let Some(dir) = self.resolved() else {
            return Err(Failure::new(
                1,
                "no council chosen: run `clerkdesk demo` to try the demo council, `clerkdesk init` to set one up, \
                 or pass --council NAME / --store PATH",
            ));
        };
        match Folder::of(&dir) {
            Folder::Store => {}
            Folder::Foreign => return Err(foreign(&dir)),
            Folder::Missing | Folder::Empty => {
                return Err(Failure::new(
                    1,
                    format!(
                        "no council store at {}: run `clerkdesk demo` or `clerkdesk init` to set one up",
                        dir.display()
                    ),
                ))
            }
        }
        let session = self.open(&dir)?;
        if session.council.is_none() {
            return Err(SessionError::NoCouncil.into());
        }
        Ok(session)
    }
}

/// What is at a store path. clerkdesk only writes into its own stores, empty folders or new ones, so
/// a mistyped `--store ~` cannot scatter database files (and owner-only permissions) elsewhere.
#[derive(Debug, PartialEq, Eq)]
enum Folder {
    Missing,
    Empty,
    Store,
    Foreign,
}

impl Folder {
    fn of(dir: &Path) -> Folder {
        if !dir.exists() {
            return Folder::Missing;
        }
        if crate::store::folder::is_store(dir)
            || dir.join("db").is_file()
            || dir.join("conf").is_file()
        {
            // A `db` or `conf` that is not sled's is refused by the store, untouched.
            return Folder::Store;
        }
        match std::fs::read_dir(dir) {
            Ok(mut entries) => match entries.next() {
                None => Folder::Empty,
                Some(_) => Folder::Foreign,
            },
            Err(_) => Folder::Foreign,
        }
    }
}

fn foreign(dir: &Path) -> Failure {
    Failure::new(
        1,
        format!(
            "{} is not a clerkdesk store (it holds other files): choose a new or empty folder",
            dir.display()
        ),
    )
}

fn run(cli: Cli) -> Outcome {
    let places = Places::from_env().map_err(|e| Failure::new(1, e))?;
    let actor =
        text::required_name("--as", &cli.actor).map_err(|e| Failure::new(2, e.to_string()))?;
    let env = Env {
        places,
        store: cli.store.filter(|p| !p.as_os_str().is_empty()),
        council: cli.council,
        actor,
        today: cli
            .today
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
    };
    match cli.command {
        None => open_tui(env),
        Some(Command::Demo) => demo(&env),
        Some(Command::Init(args)) => init(&env, args),
        Some(Command::Councils) => councils(&env),
        Some(Command::Members(cmd)) => members(&env, cmd),
        Some(Command::Officers(cmd)) => officers(&env, cmd),
        Some(Command::Import(cmd)) => import_cmd(&env, cmd),
        Some(Command::Export { dir }) => export(&env, &dir),
        Some(Command::Audit { subject }) => audit(&env, subject),
        Some(Command::Council(cmd)) => council_cmd(&env, cmd),
        Some(Command::Backup {
            file,
            encrypt,
            passphrase_file,
        }) => backup::backup(&env, &file, encrypt, passphrase_file.as_deref()),
        Some(Command::Restore {
            file,
            passphrase_file,
        }) => backup::restore(&env, &file, passphrase_file.as_deref()),
        Some(Command::Case(cmd)) => case::run(&env, cmd),
        Some(Command::Disclosures(cmd)) => disclosures::run(&env, cmd),
        Some(Command::Blackout(cmd)) => blackout::run(&env, cmd),
        Some(Command::Publicity(cmd)) => blackout::run_publicity(&env, cmd),
        Some(Command::Requests(cmd)) => requests::run(&env, cmd),
    }
}

fn council_cmd(env: &Env, cmd: CouncilCmd) -> Outcome {
    let mut session = env.council()?;
    match cmd {
        CouncilCmd::Show => {
            let c = session.council.as_ref().ok_or(SessionError::NoCouncil)?;
            let name = |id: MemberId| {
                session
                    .members
                    .iter()
                    .find(|m| m.id == id)
                    .map(|m| text::sanitize(&m.name))
                    .unwrap_or_else(|| id.to_string())
            };
            say(&format!(
                "{} ({} council)",
                text::sanitize(&c.name),
                c.kind.label()
            ));
            say(&format!(
                "Protocol: {} (from {})",
                session.profile.name,
                session.profile.sources.join(", ")
            ));
            say("Offices (R-M2):");
            for t in &c.offices {
                let to = t.to.map(dates::show).unwrap_or_else(|| "now".into());
                say(&format!(
                    "  {}: {} from {} to {to}",
                    t.office.label(),
                    name(t.holder),
                    dates::show(t.from)
                ));
            }
            say("Groups:");
            for g in &c.groups {
                let leader = g
                    .leader
                    .map(name)
                    .unwrap_or_else(|| "no leader recorded".into());
                say(&format!(
                    "  {} ({}): led by {leader}",
                    text::sanitize(&g.name),
                    g.id
                ));
            }
            match &c.monitoring_officer {
                Some(m) => say(&text::sanitize(&format!(
                    "Monitoring Officer (R-O3): {}, {} {} {}",
                    m.name, m.organisation, m.email, m.phone
                ))),
                None => say("Monitoring Officer (R-O3): not recorded"),
            }
        }
        CouncilCmd::Mo {
            name,
            organisation,
            email,
            phone,
        } => {
            session.set_monitoring_officer(&name, &organisation, &email, &phone)?;
            say("Saved the Monitoring Officer's contact (R-O3).");
        }
        CouncilCmd::Group { name } => {
            session.add_group(&name)?;
            say(&format!(
                "Saved: group {} added.",
                text::sanitize(name.trim())
            ));
        }
    }
    Ok(())
}

fn open_tui(env: Env) -> Outcome {
    let (session, target) = match env.resolved() {
        None => (None, None),
        Some(dir) => match Folder::of(&dir) {
            Folder::Store => (Some(env.open(&dir)?), None),
            Folder::Foreign => return Err(foreign(&dir)),
            // Named but not there yet: the TUI's set-up or demo creates it.
            Folder::Missing | Folder::Empty => (None, Some(dir)),
        },
    };
    let opened = session.as_ref().map(|s| s.store_path().to_path_buf());
    let places = env.places.clone();
    ui::run(ui::Start {
        places: env.places,
        session,
        target,
        today: env.today,
        actor: env.actor,
    })
    .map_err(|e| Failure::new(1, format!("{e:#}")))?;
    if let Some(path) = opened {
        places.set_last_used(&path);
    }
    Ok(())
}

/// Opens (creating) the store and puts a council in it. If the folder was made for this and the
/// council could not go in, the folder is removed again, so a failed attempt leaves nothing behind.
fn fill_new_store(
    env: &Env,
    dir: &Path,
    fill: impl FnOnce(&mut Session) -> crate::session::Result<()>,
) -> Result<Session, Failure> {
    let existed = match Folder::of(dir) {
        Folder::Foreign => return Err(foreign(dir)),
        Folder::Missing => false,
        Folder::Empty | Folder::Store => true,
    };
    let mut session = env.open(dir)?;
    match fill(&mut session) {
        Ok(()) => Ok(session),
        Err(e) => {
            drop(session);
            if !existed {
                let _ = std::fs::remove_dir_all(dir);
            }
            Err(e.into())
        }
    }
}

fn demo(env: &Env) -> Outcome {
    let dir = env
        .named()
        .unwrap_or_else(|| env.places.council_dir(DEMO_COUNCIL));
    let session = fill_new_store(env, &dir, Session::load_demo)?;
    let name = session
        .council
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    places::write_name(&dir, &name);
    env.places.set_last_used(&dir);
    say(&format!("Loaded the demo council into {}", dir.display()));
    Ok(())
}

fn init(env: &Env, args: InitArgs) -> Outcome {
    // Check every field before any folder is made, so a typo leaves nothing behind.
    let mut errors = Vec::new();
    match Council::new(
        &args.name,
        &args.kind,
        &args.protocol,
        &assets::profile_keys(),
    ) {
        Ok(mut council) => {
            for group in args
                .groups
                .split(',')
                .map(str::trim)
                .filter(|g| !g.is_empty())
            {
                if let Err(e) = council.add_group(group) {
                    errors.extend(describe(&e.into()));
                }
            }
        }
        Err(e) => errors.extend(describe(&e.into())),
    }
    if !errors.is_empty() {
        return Err(Failure {
            code: 2,
            lines: errors,
        });
    }
    let dir = env
        .named()
        .unwrap_or_else(|| env.places.council_dir(&args.name));
    let session = fill_new_store(env, &dir, |s: &mut Session| {
        s.set_up(&args.name, &args.kind, &args.protocol, &args.groups)
    })?;
    let name = session
        .council
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    places::write_name(&dir, &name);
    env.places.set_last_used(&dir);
    say(&format!("Set up {name} in {}", dir.display()));
    Ok(())
}

fn councils(env: &Env) -> Outcome {
    let last = env.places.last_used();
    let mut list = env.places.councils();
    if let Some(last) = &last {
        if !list.iter().any(|c| &c.path == last) {
            list.push(places::CouncilEntry {
                slug: last
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                name: places::read_name(last),
                path: last.clone(),
            });
        }
    }
    if list.is_empty() {
        say(&format!(
            "No councils yet under {}: run `clerkdesk demo` or `clerkdesk init` to set one up",
            env.places.councils_dir().display()
        ));
        return Ok(());
    }
    let listing = Listing {
        columns: vec![
            ("last", ""),
            ("slug", "FOLDER"),
            ("name", "COUNCIL"),
            ("path", "PATH"),
        ],
        rows: list
            .iter()
            .map(|c| {
                vec![
                    Cell::from(if last.as_ref() == Some(&c.path) {
                        "*"
                    } else {
                        ""
                    }),
                    c.slug.as_str().into(),
                    c.name
                        .clone()
                        .unwrap_or_else(|| "(no name recorded)".into())
                        .into(),
                    c.path.display().to_string().into(),
                ]
            })
            .collect(),
    };
    output::print(
        &listing
            .render(Format::Table)
            .map_err(|e| Failure::new(1, e))?,
    );
    Ok(())
}

fn dpi_text(status: DpiStatus) -> String {
    match status {
        DpiStatus::Registered(on) => format!("registered {}", dates::show(on)),
        DpiStatus::Due { due, days_left } => {
            format!("due {} ({})", dates::show(due), days(days_left))
        }
        DpiStatus::Overdue { due, days_over } => {
            format!(
                "OVERDUE since {} ({}) R-M3",
                dates::show(due),
                days(days_over)
            )
        }
        DpiStatus::NotApplicable => "not recorded (term ended)".to_string(),
    }
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

fn briefing_text(status: BriefingStatus) -> String {
    match status {
        BriefingStatus::Recorded(on) => format!("given {}", dates::show(on)),
        BriefingStatus::Pending { due } => format!("due {}", dates::show(due)),
        BriefingStatus::Missing { due } => format!("MISSING (due {}) R-O2", dates::show(due)),
        BriefingStatus::NotApplicable => "not recorded (left)".to_string(),
    }
}

fn show_opt(d: Option<NaiveDate>) -> String {
    d.map(dates::show).unwrap_or_default()
}

fn member_listing(session: &Session, all: bool) -> Listing {
    let ctx = session.ctx().expect("a council is open");
    let today = session.today;
    let mut members: Vec<&Member> = session
        .members
        .iter()
        .filter(|m| all || m.term_end.is_none_or(|end| end >= today))
        .collect();
    members.sort_by_key(|m| m.id);
    Listing {
        columns: vec![
            ("ref", "REF"),
            ("name", "NAME"),
            ("ward", "WARD"),
            ("group", "GROUP"),
            ("offices", "OFFICES"),
            ("joined_by", "JOINED BY"),
            ("term_start", "TERM START"),
            ("term_end", "TERM END"),
            ("dpi_status", "DPI (R-M3)"),
        ],
        rows: members
            .iter()
            .map(|m| {
                vec![
                    m.id.to_string().into(),
                    m.name.as_str().into(),
                    m.ward.as_str().into(),
                    ctx.council.group_name(m.group).into(),
                    Cell::List(ctx.council.offices_of(m.id, today)),
                    m.joined_by.label().into(),
                    dates::show(m.term_start).into(),
                    show_opt(m.term_end).into(),
                    dpi_text(m.dpi_status(today)).into(),
                ]
            })
            .collect(),
    }
}

fn officer_listing(session: &Session, all: bool) -> Listing {
    let ctx = session.ctx().expect("a council is open");
    let today = session.today;
    let mut officers: Vec<&Officer> = session
        .officers
        .iter()
        .filter(|o| all || o.left.is_none_or(|left| left >= today))
        .collect();
    officers.sort_by_key(|o| o.id);
    Listing {
        columns: vec![
            ("ref", "REF"),
            ("name", "NAME"),
            ("post", "POST"),
            ("title", "TITLE"),
            ("employment", "EMPLOYMENT"),
            ("line_manager", "LINE MANAGER"),
            ("started", "STARTED"),
            ("protocol", "PROTOCOL (R-O2)"),
            ("left", "LEFT"),
        ],
        rows: officers
            .iter()
            .map(|o| {
                vec![
                    o.id.to_string().into(),
                    o.name.as_str().into(),
                    o.post.label().into(),
                    o.title.clone().unwrap_or_default().into(),
                    o.employment.label().into(),
                    manager_name(o.line_manager, &ctx).into(),
                    dates::show(o.started).into(),
                    briefing_text(o.briefing_status(&ctx)).into(),
                    show_opt(o.left).into(),
                ]
            })
            .collect(),
    }
}

pub(crate) fn print_listing(listing: &Listing, format: Format) -> Outcome {
    output::print(&listing.render(format).map_err(|e| Failure::new(1, e))?);
    Ok(())
}

pub(crate) fn member_ref(raw: &str) -> Result<MemberId, Failure> {
    raw.parse().map_err(|e: String| Failure::new(2, e))
}

pub(crate) fn officer_ref(raw: &str) -> Result<OfficerId, Failure> {
    raw.parse().map_err(|e: String| Failure::new(2, e))
}

fn members(env: &Env, cmd: MembersCmd) -> Outcome {
    let mut session = env.council()?;
    let today = dates::show(env.today);
    match cmd {
        MembersCmd::List(args) => print_listing(&member_listing(&session, args.all), args.format),
        MembersCmd::Add(a) => {
            let input = MemberInput {
                name: a.name,
                ward: a.ward,
                group: a.group,
                joined_by: a.joined_by,
                term_start: a.term_start,
                dpi_registered: a.dpi_registered,
                email: a.email,
                phone: a.phone,
            };
            let m = session.add_member(&input)?;
            say(&format!("Saved {} {}", m.id, m.name));
            Ok(())
        }
        MembersCmd::Dpi { reference, on } => {
            let id = member_ref(&reference)?;
            let event = session.member_action(
                id,
                MemberAction::RecordDpi {
                    on: on.unwrap_or(today),
                },
            )?;
            report(
                &event.member.id.to_string(),
                &event.member.name,
                event.action,
                event.note.as_deref(),
            );
            Ok(())
        }
        MembersCmd::Appoint {
            reference,
            office,
            from,
        } => {
            let id = member_ref(&reference)?;
            let event = session.member_action(
                id,
                MemberAction::Appoint {
                    office: office.clone(),
                    from: from.unwrap_or_else(|| today.clone()),
                },
            )?;
            let held = session
                .council
                .as_ref()
                .map(|c| c.offices_of(id, session.today).join(", "))
                .unwrap_or_default();
            say(&format!(
                "Saved {} {}: appointed {} (now holds: {})",
                event.member.id,
                text::sanitize(&event.member.name),
                text::sanitize(&office),
                text::sanitize(&held)
            ));
            Ok(())
        }
        MembersCmd::EndTerm {
            reference,
            on,
            reason,
        } => {
            let id = member_ref(&reference)?;
            let event = session.member_action(
                id,
                MemberAction::EndTerm {
                    on: on.unwrap_or(today),
                    reason,
                },
            )?;
            report(
                &event.member.id.to_string(),
                &event.member.name,
                event.action,
                event.note.as_deref(),
            );
            Ok(())
        }
    }
}

fn report(reference: &str, name: &str, action: &str, note: Option<&str>) {
    match note {
        Some(note) => say(&format!("{reference} {name}: {action} — {note}")),
        None => say(&format!("{reference} {name}: {action}")),
    }
}

fn officers(env: &Env, cmd: OfficersCmd) -> Outcome {
    let mut session = env.council()?;
    let today = dates::show(env.today);
    match cmd {
        OfficersCmd::List(args) => print_listing(&officer_listing(&session, args.all), args.format),
        OfficersCmd::Add(a) => {
            let input = OfficerInput {
                name: a.name,
                post: a.post,
                title: a.title,
                employment: a.employment,
                line_manager: a.line_manager,
                started: a.started,
                protocol_briefed: a.protocol_given,
                email: a.email,
                phone: a.phone,
            };
            let o = session.add_officer(&input)?;
            say(&format!("Saved {} {}", o.id, o.name));
            Ok(())
        }
        OfficersCmd::Brief { reference, on } => {
            let id = officer_ref(&reference)?;
            let event = session.officer_action(
                id,
                OfficerAction::RecordBriefing {
                    on: on.unwrap_or(today),
                },
            )?;
            report(
                &event.officer.id.to_string(),
                &event.officer.name,
                event.action,
                event.note.as_deref(),
            );
            Ok(())
        }
        OfficersCmd::Leave { reference, on } => {
            let id = officer_ref(&reference)?;
            let event = session.officer_action(
                id,
                OfficerAction::RecordLeaving {
                    on: on.unwrap_or(today),
                },
            )?;
            report(
                &event.officer.id.to_string(),
                &event.officer.name,
                event.action,
                event.note.as_deref(),
            );
            Ok(())
        }
    }
}

/// Turns the session's per-row errors into `FILE:LINE: field: message` lines.
fn row_errors(file: &Path, rows: &[import::Row], errors: Vec<(usize, SessionError)>) -> Failure {
    let mut lines = Vec::new();
    let mut code = 2;
    for (index, e) in errors {
        match rows.get(index) {
            Some(row) if matches!(e, SessionError::Rejected(_)) => {
                for line in describe(&e) {
                    lines.push(format!("{}:{}: {line}", file.display(), row.line));
                }
            }
            // Not about a row (the store failed): say it once.
            _ => {
                code = e.exit_code();
                lines.extend(describe(&e));
            }
        }
    }
    Failure {
        code: code.max(1),
        lines,
    }
}

fn import_cmd(env: &Env, cmd: ImportCmd) -> Outcome {
    let mut session = env.council()?;
    let read = |file: &Path, known: &[&'static str], required: &[&str]| {
        import::read(file, known, required).map_err(|e| match e {
            import::ReadError::File(line) => Failure::new(2, line),
            import::ReadError::Lines(lines) => Failure { code: 2, lines },
        })
    };
    match cmd {
        ImportCmd::Members { file } => {
            let rows = read(
                &file,
                &import::MEMBER_COLUMNS,
                &["name", "ward", "term_start"],
            )?;
            let inputs: Vec<MemberInput> = rows.iter().map(import::Row::member).collect();
            let added = session
                .add_members(&inputs)
                .map_err(|e| row_errors(&file, &rows, e))?;
            say(&format!(
                "Imported {} member{}",
                added.len(),
                if added.len() == 1 { "" } else { "s" }
            ));
        }
        ImportCmd::Officers { file } => {
            let rows = read(
                &file,
                &import::OFFICER_COLUMNS,
                &["name", "post", "started"],
            )?;
            let inputs: Vec<OfficerInput> = rows.iter().map(import::Row::officer).collect();
            let added = session
                .add_officers(&inputs)
                .map_err(|e| row_errors(&file, &rows, e))?;
            say(&format!(
                "Imported {} officer{}",
                added.len(),
                if added.len() == 1 { "" } else { "s" }
            ));
        }
    }
    Ok(())
}

fn change_summary(e: &AuditEvent) -> String {
    e.changes
        .iter()
        .map(|c| match (c.before.is_empty(), c.after.is_empty()) {
            (true, _) => format!("{}: {}", c.field, c.after),
            (false, true) => format!("{}: {} → (none)", c.field, c.before),
            (false, false) => format!("{}: {} → {}", c.field, c.before, c.after),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn export(env: &Env, dir: &Path) -> Outcome {
    let session = env.council()?;
    let ctx = session.ctx().expect("a council is open");
    let trail = session.audit()?;
    let fail = |what: &Path, e: std::io::Error| {
        Failure::new(1, format!("cannot write {}: {e}", what.display()))
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(dir, e))?;

    let mut members: Vec<&Member> = session.members.iter().collect();
    members.sort_by_key(|m| m.id);
    let mut officers: Vec<&Officer> = session.officers.iter().collect();
    officers.sort_by_key(|o| o.id);

    let member_header = [
        "ref",
        "name",
        "ward",
        "group",
        "joined_by",
        "term_start",
        "term_end",
        "end_reason",
        "dpi_registered",
        "email",
        "phone",
        "offices",
        "dpi_status",
    ];
    let member_rows: Vec<Vec<String>> = members
        .iter()
        .map(|m| {
            let mut row = vec![m.id.to_string()];
            row.extend(m.fields(&ctx).into_iter().map(|(_, v)| v));
            row.push(ctx.council.offices_of(m.id, session.today).join("; "));
            row.push(dpi_text(m.dpi_status(session.today)));
            row
        })
        .collect();

    let officer_header = [
        "ref",
        "name",
        "post",
        "title",
        "employment",
        "line_manager",
        "started",
        "protocol_briefed",
        "left",
        "email",
        "phone",
        "protocol_status",
    ];
    let officer_rows: Vec<Vec<String>> = officers
        .iter()
        .map(|o| {
            let mut row = vec![o.id.to_string()];
            row.extend(o.fields(&ctx).into_iter().map(|(_, v)| v));
            row.push(briefing_text(o.briefing_status(&ctx)));
            row
        })
        .collect();

    let audit_header = [
        "seq", "at", "actor", "subject", "action", "changes", "note", "rule",
    ];
    let audit_rows: Vec<Vec<String>> = trail
        .iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                e.actor.clone(),
                e.subject.0.clone(),
                e.action.clone(),
                change_summary(e),
                e.note.clone().unwrap_or_default(),
                e.cite.as_ref().map(|c| c.to_string()).unwrap_or_default(),
            ]
        })
        .collect();

    let dump = json!({
        "council": ctx.council,
        "profile": session.profile.id,
        "exported_on": dates::show(session.today),
        "members": members,
        "officers": officers,
        "cases": session.cases,
        "disclosures": session.disclosures,
        "elections": session.elections,
        "publicity": session.publicity,
        "group_reports": session.reports,
        "group_meetings": session.attendances,
        "information_requests": session.info_requests,
        "audit": trail,
    });
    let mut dump_text = serde_json::to_string_pretty(&dump)
        .map_err(|e| Failure::new(1, format!("cannot write JSON: {e}")))?;
    dump_text.push('\n');

    let csv_err = |e: String| Failure::new(1, e);
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "members.csv",
            output::spreadsheet_csv(&member_header, &member_rows).map_err(csv_err)?,
        ),
        (
            "officers.csv",
            output::spreadsheet_csv(&officer_header, &officer_rows).map_err(csv_err)?,
        ),
        (
            "audit.csv",
            output::spreadsheet_csv(&audit_header, &audit_rows).map_err(csv_err)?,
        ),
        ("council.json", dump_text.into_bytes()),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| fail(&path, e))?;
        say(&format!("Wrote {}", path.display()));
    }
    Ok(())
}

/// "member 3", "Member M-003" and "member m3" all mean `member M-003`.
fn normalise_subject(raw: &str) -> Subject {
    let raw = raw.trim();
    let (kind, rest) = raw.split_once(' ').unwrap_or((raw, ""));
    let normal = match kind.to_lowercase().as_str() {
        "member" => rest
            .parse::<MemberId>()
            .ok()
            .map(|id| Session::member_subject(id).0),
        "officer" => rest
            .parse::<OfficerId>()
            .ok()
            .map(|id| Session::officer_subject(id).0),
        "council" if rest.is_empty() => Some(Session::council_subject().0),
        _ => None,
    };
    Subject(normal.unwrap_or_else(|| raw.to_string()))
}

fn audit(env: &Env, subject: Option<String>) -> Outcome {
    let session = env.council()?;
    let trail = match &subject {
        Some(s) => session.audit_for(&normalise_subject(s))?,
        None => session.audit()?,
    };
    if trail.is_empty() {
        say("No audit events match.");
        return Ok(());
    }
    let mut text = String::new();
    for e in &trail {
        let line = if subject.is_some() {
            format!("{:>5}  {}", e.seq, e.one_line())
        } else {
            format!("{:>5}  {}  {}", e.seq, e.subject.0, e.one_line())
        };
        text.push_str(&text::sanitize(&line));
        text.push('\n');
    }
    output::print(&text);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn subjects_are_normalised() {
        assert_eq!(normalise_subject("member 3").0, "member M-003");
        assert_eq!(normalise_subject("Officer o2").0, "officer O-002");
        assert_eq!(normalise_subject("council").0, "council");
        assert_eq!(normalise_subject("settings").0, "settings");
    }

    #[test]
    fn global_options_go_before_or_after_the_command() {
        let a = Cli::try_parse_from(["clerkdesk", "--council", "X", "members", "list"]).unwrap();
        let b = Cli::try_parse_from([
            "clerkdesk",
            "members",
            "list",
            "--council",
            "X",
            "--as",
            "Ann",
        ])
        .unwrap();
        assert_eq!(a.council.as_deref(), Some("X"));
        assert_eq!(b.council.as_deref(), Some("X"));
        assert_eq!(b.actor, "Ann");
    }
}
