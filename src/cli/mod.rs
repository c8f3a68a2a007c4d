//! The command-line face: open the TUI, or script the same steps (list, add, record, import,
//! export). Every change goes through [`Session`], so the CLI obeys exactly the rules the TUI does.
//!
//! Exit status: 0 done; 1 the store or the council cannot be used; 2 bad input (each bad field named);
//! 3 refused by a protocol rule (the rule and the clause named).
//!
//! This file holds the command tree, the environment (which council, who, which day) and how a
//! failure is reported. Each command group has its own file: `members`, `officers`, `case`,
//! `disclosures`, `gifts`, `blackout` (with publicity), `requests`, `council` (demo, init, councils,
//! council), `import`, `export`, `calendar`, `audit`, `backup`. Every record kind's `do` and `show` are the one generic
//! implementation in `act`, driven by the domain's action specs.

mod act;
mod audit;
mod backup;
mod blackout;
mod calendar;
mod case;
mod correspondence;
mod council;
mod disclosures;
mod dispensations;
mod export;
mod gifts;
mod import;
mod letters;
mod members;
mod officers;
mod output;
mod requests;
mod retention;
mod sar;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use crate::domain::rules::Rejection;
use crate::domain::text;
use crate::files::Overwrite;
use crate::places::Places;
use crate::session::{Registers, Session, SessionError};
use crate::ui;

use output::{complain, Format, Listing};

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
    /// Start CSV printed on the screen with a UTF-8 byte-order mark, so a spreadsheet shows accents
    /// (CSV files always have one).
    #[arg(long, global = true)]
    bom: bool,
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
    Init(council::InitArgs),
    /// List the councils kept on this computer (* marks the one used last).
    Councils,
    /// Councillors: list, add, record DPI notifications, end terms.
    #[command(subcommand)]
    Members(members::MembersCmd),
    /// Staff: list, add, record protocol briefings and leaving dates.
    #[command(subcommand)]
    Officers(officers::OfficersCmd),
    /// Add members or officers from a CSV file: all rows or none.
    #[command(subcommand)]
    Import(import::ImportCmd),
    /// Write members.csv, officers.csv, audit.csv and council.json into a folder.
    Export {
        /// The folder to write into (created owner-only if missing).
        #[arg(long, value_name = "DIR")]
        dir: PathBuf,
        /// Replace files of the same names already in the folder.
        #[arg(long)]
        force: bool,
    },
    /// Concerns, grievances and breaches (R-E1, R-E2, R-E3): capture, list, act, case files.
    #[command(subcommand)]
    Case(case::CaseCmd),
    /// The register of relationships and interests (R-D1 to R-D4): deadlines and exports.
    #[command(subcommand)]
    Disclosures(disclosures::DisclosuresCmd),
    /// The register of gifts and hospitality (R-D5): deadlines, settings and exports.
    #[command(subcommand)]
    Gifts(gifts::GiftsCmd),
    /// Subject access requests (R-DP1, UK GDPR Art 15): deadlines, extensions, answers.
    #[command(subcommand)]
    Sar(sar::SarCmd),
    /// The register of dispensations (R-D6, Localism Act 2011 s33): requests, grants, expiries.
    #[command(subcommand)]
    Dispensations(dispensations::DispensationsCmd),
    /// Elections and the pre-election period (R-P1).
    #[command(subcommand)]
    Blackout(blackout::BlackoutCmd),
    /// Council publicity, checked against the pre-election period (R-P2 to R-P4).
    #[command(subcommand)]
    Publicity(blackout::PublicityCmd),
    /// Group reports, officers at group meetings, members' requests for information (R-G, R-I).
    #[command(subcommand)]
    Requests(requests::RequestsCmd),
    /// The correspondence log (R-C1): officers' letters to members, and who was copied.
    #[command(subcommand)]
    Correspondence(correspondence::CorrespondenceCmd),
    /// The council itself: its details, the Monitoring Officer (R-O3), political groups.
    #[command(subcommand)]
    Council(council::CouncilCmd),
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
    /// Write every deadline still owed to an iCalendar file (.ics) for Outlook or a phone: hearings,
    /// appeal windows, DPI notifications, protocol briefings, information requests, notices of
    /// election and pre-election periods. References only, unless --names.
    Calendar {
        /// The .ics file to write (owner-only).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Put people's names in the events (never for a calendar that syncs to a phone).
        #[arg(long)]
        names: bool,
        /// Replace the file if it exists (a re-export: event IDs stay the same).
        #[arg(long)]
        force: bool,
    },
    /// Retention and disposal (R-DP2): what is due for review, disposal, the log, the schedule.
    #[command(subcommand)]
    Retention(retention::RetentionCmd),
    /// Show the audit trail, one line per event.
    Audit {
        /// Only events about this record, e.g. "member M-003", "officer O-002" or "council".
        #[arg(long, value_name = "SUBJECT")]
        subject: Option<String>,
    },
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
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(e),
    };
    let outcome = run(cli).and_then(|()| match output::stdout_failure() {
        Some(why) => Err(Failure::new(1, why)),
        None => Ok(()),
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            for line in &f.lines {
                complain(line);
            }
            ExitCode::from(f.code.max(1))
        }
    }
}

/// A command line clap could not read. Help and the version are clerkdesk's own text and print as
/// clap prints them; an error quotes what was typed, so each line is made safe for the terminal
/// first (an escape sequence or a bidi override in a mistyped argument must not reach it raw).
fn argument_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        e.exit()
    }
    for line in e.render().to_string().lines() {
        complain(line);
    }
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
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
        self.open_only(dir, Registers::All)
    }

    /// [`Env::open`] for the screen: the cases are decoded while it draws its first frame
    /// (`Session::open_for_screen`).
    fn open_for_screen(&self, dir: &Path) -> Result<Session, Failure> {
        let session = Session::open_for_screen(dir, self.today, &self.actor)?;
        for notice in session.store_notices() {
            eprintln!("clerkdesk: {notice}");
        }
        Ok(session)
    }

    fn open_only(&self, dir: &Path, registers: Registers) -> Result<Session, Failure> {
        let mut session = Session::open_only(dir, self.today, &self.actor, registers)?;
        // What opening put right (a database rebuilt from its journal), and a day's backup that
        // could not be made: on stderr, so output that is piped on stays as it was.
        for notice in session.store_notices() {
            eprintln!("clerkdesk: {notice}");
        }
        if let Some(Err(why)) = session.take_daily_backup() {
            eprintln!("clerkdesk: today's automatic backup was not made: {why}");
        }
        Ok(session)
    }

    /// An existing council's session, or a message saying how to get one.
    pub(crate) fn council(&self) -> Result<Session, Failure> {
        self.council_reading(Registers::All)
    }

    /// [`Env::council`] for a command that only reads: decodes only `registers` (and the context
    /// every record needs), and refuses to write.
    pub(crate) fn council_reading(&self, registers: Registers) -> Result<Session, Failure> {
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
        let session = self.open_only(&dir, registers)?;
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
    output::set_screen_bom(cli.bom);
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
        Some(Command::Demo) => council::demo(&env),
        Some(Command::Init(args)) => council::init(&env, args),
        Some(Command::Councils) => council::councils(&env),
        Some(Command::Members(cmd)) => members::run(&env, cmd),
        Some(Command::Officers(cmd)) => officers::run(&env, cmd),
        Some(Command::Import(cmd)) => import::run(&env, cmd),
        Some(Command::Export { dir, force }) => {
            export::export(&env, &dir, Overwrite::forced(force))
        }
        Some(Command::Calendar { out, names, force }) => {
            calendar::calendar(&env, &out, names, Overwrite::forced(force))
        }
        Some(Command::Audit { subject }) => audit::audit(&env, subject),
        Some(Command::Council(cmd)) => council::run(&env, cmd),
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
        Some(Command::Gifts(cmd)) => gifts::run(&env, cmd),
        Some(Command::Sar(cmd)) => sar::run(&env, cmd),
        Some(Command::Dispensations(cmd)) => dispensations::run(&env, cmd),
        Some(Command::Correspondence(cmd)) => correspondence::run(&env, cmd),
        Some(Command::Blackout(cmd)) => blackout::run(&env, cmd),
        Some(Command::Publicity(cmd)) => blackout::run_publicity(&env, cmd),
        Some(Command::Requests(cmd)) => requests::run(&env, cmd),
        Some(Command::Retention(cmd)) => retention::run(&env, cmd),
    }
}

fn open_tui(env: Env) -> Outcome {
    let (session, target) = match env.resolved() {
        None => (None, None),
        Some(dir) => match Folder::of(&dir) {
            Folder::Store => (Some(env.open_for_screen(&dir)?), None),
            Folder::Foreign => return Err(foreign(&dir)),
            // Named but not there yet: the TUI's set-up or demo creates it.
            Folder::Missing | Folder::Empty => (None, Some(dir)),
        },
    };
    let opened = session.as_ref().map(|s| s.store_path().to_path_buf());
    let places = env.places.clone();
    let signal = ui::run(ui::Start {
        places: env.places,
        session,
        target,
        today: env.today,
        actor: env.actor,
    })
    // A case found damaged once the first frame is drawn ends the run as a failed open does.
    .map_err(|e| match e.downcast::<SessionError>() {
        Ok(e) => Failure::from(e),
        Err(e) => Failure::new(1, format!("{e:#}")),
    })?;
    if let Some(path) = opened {
        places.set_last_used(&path);
    }
    match signal {
        // Ended by a signal, the way a quit ends: the shell's status for it, with nothing to say.
        Some(signal) => Err(Failure {
            code: u8::try_from(128 + signal).unwrap_or(u8::MAX),
            lines: Vec::new(),
        }),
        None => Ok(()),
    }
}

pub(crate) fn print_listing(listing: &Listing, format: Format) -> Outcome {
    output::print(&listing.render(format).map_err(|e| Failure::new(1, e))?);
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
