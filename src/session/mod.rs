//! One open council: its store, and its records loaded into memory.
//!
//! Both faces (TUI and CLI) change things only through here: the domain decides, then the record and
//! its audit event are committed in one transaction and flushed before anyone is told "saved".

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};

use crate::assets;
use crate::domain::audit::Change;
use crate::domain::audit::{diff, AuditEvent, Subject};
use crate::domain::blackout::Election;
use crate::domain::calendar::{Calendars, ClosureDays, DaysOff};
use crate::domain::council::Council;
use crate::domain::disclosure::Disclosure;
use crate::domain::dispensations::Dispensation;
use crate::domain::gifts::{Gift, GiftSettings};
use crate::domain::grievance::Case;
use crate::domain::publicity::PublicityItem;
use crate::domain::requests::{GroupAttendance, GroupReport, InfoRequest};
use crate::domain::rules::Cite;
use crate::store::Record;

mod blackout;
mod cases;
mod correspondence;
mod demo;
mod disclosures;
mod dispensations;
mod documents;
mod due;
mod figures;
mod gifts;
mod letters;
mod requests;
mod retention;
mod sar;

use crate::domain::ids::{GroupId, MemberId, OfficerId};
use crate::domain::machine::Machine;
use crate::domain::member::{Appointment, Member, MemberAction, MemberEvent, MemberInput};
use crate::domain::officer::{Officer, OfficerAction, OfficerEvent, OfficerInput};
use crate::domain::profile::Profile;
use crate::domain::rules::{FieldError, Refusal, Rejection};
use crate::domain::Context;
use crate::store::{AuditDraft, Settings, Store, StoreError, Write};
pub use cases::Disclosed;
pub use retention::{default_schedule as retention_schedule, Disposed};

#[cfg(test)]
mod demo_tests;
#[cfg(test)]
mod tests;

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Rejected(#[from] Rejection),
    #[error(transparent)]
    Asset(#[from] assets::AssetError),
    #[error(
        "this store has no council yet: run `clerkdesk demo`, or open clerkdesk to set one up"
    )]
    NoCouncil,
    #[error("this store already holds {0}: the demo and set-up only go into an empty store")]
    NotEmpty(String),
    #[error("no {what} with reference {reference}")]
    NotFound {
        what: &'static str,
        reference: String,
    },
}

impl SessionError {
    /// Refusals by a protocol rule exit with status 3 in the CLI; everything else with 1 (or 2 for
    /// bad input).
    pub fn exit_code(&self) -> u8 {
        match self {
            SessionError::Rejected(Rejection::Refused(_)) => 3,
            SessionError::Rejected(Rejection::Invalid(_)) | SessionError::NotFound { .. } => 2,
            _ => 1,
        }
    }
}

pub type Result<T> = std::result::Result<T, SessionError>;

pub struct Session {
    /// The cases still being decoded on a thread ([`Session::open_for_screen`]); declared before
    /// `store` so that a session dropped before [`Session::settle`] joins the thread before the
    /// store closes.
    pending_cases: PendingCases,
    pub(crate) store: Store,
    pub council: Option<Council>,
    pub profile: Profile,
    /// The three working-day calendars (election, FOI, council) with the days the clerk added:
    /// every deadline counts on the one its rule names.
    pub calendars: Calendars,
    /// Days of public thanksgiving or mourning added by the clerk (R-P1, the election calendar).
    pub days_off: DaysOff,
    /// Days the council's office is closed (the council calendar).
    pub closure_days: ClosureDays,
    pub members: Vec<Member>,
    pub officers: Vec<Officer>,
    /// Concerns, grievances and breaches (R-E1, R-E2, R-E3), by reference.
    pub cases: Vec<Case>,
    /// The register of relationships and interests (R-D1 to R-D4).
    pub disclosures: Vec<Disclosure>,
    /// The register of gifts and hospitality (R-D5).
    pub gifts: Vec<Gift>,
    /// Its thresholds and time limits: council settings (R-D5).
    pub gift_settings: GiftSettings,
    /// The council's own documents: its protocol and procedures (R-O4).
    pub documents: crate::domain::documents::CouncilDocuments,
    /// Subject access requests (R-DP1).
    pub sars: Vec<crate::domain::sar::Sar>,
    /// The register of dispensations (R-D6, Localism Act 2011 s33).
    pub dispensations: Vec<Dispensation>,
    /// Elections and their pre-election periods (R-P1).
    pub elections: Vec<Election>,
    /// Council publicity, checked against the period (R-P2 to R-P4).
    pub publicity: Vec<PublicityItem>,
    /// Reports for political groups (R-G1, R-G2).
    pub reports: Vec<GroupReport>,
    /// Officers at political group meetings (R-G3, R-G4).
    pub attendances: Vec<GroupAttendance>,
    /// Members' requests for information (R-I1 to R-I5).
    pub info_requests: Vec<InfoRequest>,
    /// The disposal log (R-DP2): what was anonymised, when, by whom, under which rule.
    pub disposals: Vec<crate::domain::retention::Disposal>,
    /// The council's own retention periods over the built-in schedule (R-DP2).
    pub retention: crate::domain::retention::RetentionSettings,
    /// The correspondence log (R-C1): officers' letters to members and who was copied.
    pub correspondence: Vec<crate::domain::correspondence::Letter>,
    /// The figures no protocol sets that the council changed (hearing target, appeal window,
    /// panel, briefing); already laid over `profile.deadlines`.
    pub figures: crate::domain::figures::CouncilFigures,
    pub settings: Settings,
    /// Who is at the keyboard; named in every audit event.
    pub actor: String,
    pub today: NaiveDate,
    /// The wall clock, for audit timestamps: the domain never reads it.
    clock: fn() -> NaiveDateTime,
    /// The registers decoded: all, or only those a listing prints.
    registers: Registers,
    /// The day's automatic backup is still to be made ([`Session::settle`] makes it).
    backup_due: bool,
    /// The day's automatic backup, once made: its file, or why it could not be written.
    backup_made: Option<std::result::Result<std::path::PathBuf, String>>,
}

/// Every case, decoded on a thread of its own while the screen draws its first frame.
struct PendingCases(Option<std::thread::JoinHandle<std::result::Result<Vec<Case>, StoreError>>>);

impl Drop for PendingCases {
    fn drop(&mut self) {
        // The thread reads sled's files: it ends before the store closes (and its lock goes).
        if let Some(thread) = self.0.take() {
            let _ = thread.join();
        }
    }
}

fn local_now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// Which registers a session decodes. The council, its settings, calendars, members and officers
/// (every record's context) always; the other registers all, or only those a command prints: a
/// listing of members need not decode 100,000 cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registers {
    All,
    /// Only the registers kept in these trees (`Case::TREE` …); the others stay empty, and the
    /// session refuses to write (a check against a register it has not read would be wrong).
    /// `store::OPEN_CASES_TREE` instead of `Case::TREE` reads only the cases not closed.
    Only(&'static [&'static str]),
}

impl Registers {
    fn has(self, tree: &str) -> bool {
        match self {
            Registers::All => true,
            Registers::Only(trees) => trees.contains(&tree),
        }
    }
}

impl Session {
    /// Opens the council in `dir` and, the first time on `today`, makes the day's automatic
    /// backup (`store::backup::daily`).
    pub fn open(dir: &Path, today: NaiveDate, actor: &str) -> Result<Session> {
        let mut session = Self::load(Store::open(dir)?, today, actor)?;
        session.back_up_today();
        Ok(session)
    }

    /// [`Session::open`] for the screen: everything but the cases is read now, and the cases are
    /// decoded on a thread of their own, so the first frame (the Members tab, which reads no
    /// case) is drawn meanwhile. Until [`Session::settle`] has taken them in, `cases` is empty
    /// and every write is refused; the screen settles right after its first frame, before it
    /// reads a key (`ui::Model::run_loop`), and before handling any message (`Model::update`).
    ///
    /// The day's automatic backup, if due ([`Session::backup_due`]), is made when it settles too.
    pub fn open_for_screen(dir: &Path, today: NaiveDate, actor: &str) -> Result<Session> {
        let store = Store::open(dir)?;
        let cases = store.all_on_a_thread::<Case>()?;
        let mut session = Self::load_parts(store, today, actor, Registers::All, Some(cases))?;
        session.backup_due = crate::store::backup::due(&session.store, today);
        Ok(session)
    }

    /// Whether the day's automatic backup is still to be made: [`Session::settle`] makes it.
    pub fn backup_due(&self) -> bool {
        self.backup_due
    }

    /// The day's automatic backup, made by this session: its file, or why it could not be
    /// written; `None` when none was due (or this was already asked). Best effort: a backup that
    /// cannot be written (a full disk, a damaged record) must not keep the clerk from the council.
    pub fn take_daily_backup(&mut self) -> Option<std::result::Result<std::path::PathBuf, String>> {
        self.backup_made.take()
    }

    fn back_up_today(&mut self) {
        self.backup_due = false;
        self.backup_made = match crate::store::backup::daily(&self.store, self.today) {
            Ok(made) => made.map(Ok),
            Err(e) => Some(Err(e.to_string())),
        };
    }

    /// Whether the cases are still being decoded ([`Session::open_for_screen`]).
    pub fn cases_pending(&self) -> bool {
        self.pending_cases.0.is_some()
    }

    /// Takes in the cases decoded on their own thread ([`Session::open_for_screen`]), waiting
    /// for them if need be, then makes the day's backup if it is due; nothing to do for a session
    /// opened otherwise. A damaged case is the error [`Session::open`] gives for it, and the
    /// session keeps no case (and writes nothing, a backup included).
    pub fn settle(&mut self) -> Result<()> {
        let Some(thread) = self.pending_cases.0.take() else {
            return Ok(());
        };
        match thread.join() {
            Ok(Ok(cases)) => {
                self.cases = cases;
                if self.backup_due {
                    self.back_up_today();
                }
                Ok(())
            }
            Ok(Err(e)) => {
                self.registers = Registers::Only(&[]);
                Err(e.into())
            }
            Err(_) => {
                self.registers = Registers::Only(&[]);
                Err(SessionError::Store(StoreError::Damaged {
                    path: self.store.path().to_path_buf(),
                    detail: format!("tree {}: the cases could not be read", Case::TREE),
                }))
            }
        }
    }

    /// [`Session::open`] decoding only `registers` besides the context: for a command that reads.
    pub fn open_only(
        dir: &Path,
        today: NaiveDate,
        actor: &str,
        registers: Registers,
    ) -> Result<Session> {
        let mut session = Self::load_only(Store::open(dir)?, today, actor, registers)?;
        session.back_up_today();
        Ok(session)
    }

    /// The council in `dir` read from its backup and change journal, for a store whose database
    /// cannot be opened (a read-only or full disk, damaged files): nothing is written into the
    /// folder, and every change is refused. [`Session::store_notices`] says where it came from.
    pub fn open_read_only(dir: &Path, today: NaiveDate, actor: &str) -> Result<Session> {
        Self::load(Store::open_read_only(dir)?, today, actor)
    }

    /// Whether this council was only read ([`Session::open_read_only`]).
    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    fn load(store: Store, today: NaiveDate, actor: &str) -> Result<Session> {
        Self::load_only(store, today, actor, Registers::All)
    }

    fn load_only(
        store: Store,
        today: NaiveDate,
        actor: &str,
        registers: Registers,
    ) -> Result<Session> {
        Self::load_parts(store, today, actor, registers, None)
    }

    /// `later`: the cases, being decoded on their own thread, taken in by [`Session::settle`].
    fn load_parts(
        store: Store,
        today: NaiveDate,
        actor: &str,
        registers: Registers,
        later: Option<std::thread::JoinHandle<std::result::Result<Vec<Case>, StoreError>>>,
    ) -> Result<Session> {
        // Joined whatever happens below: on an error, before the store closes.
        let pending_cases = PendingCases(later);
        // A register not asked for is neither walked nor decoded.
        fn all<R: crate::store::Record>(store: &Store, registers: Registers) -> Result<Vec<R>> {
            if registers.has(R::TREE) {
                Ok(store.all::<R>()?)
            } else {
                Ok(Vec::new())
            }
        }
        let council = store.council()?;
        let days_off = store
            .all::<DaysOff>()?
            .into_iter()
            .next()
            .unwrap_or_default();
        let closure_days = store
            .all::<ClosureDays>()?
            .into_iter()
            .next()
            .unwrap_or_default();
        let mut calendars = assets::calendars()?;
        calendars.election = calendars
            .election
            .with_extra_days(days_off.days.iter().map(|d| d.on));
        calendars.council = calendars
            .council
            .with_extra_days(closure_days.days.iter().map(|d| d.on));
        let mut profile = assets::profile(
            council
                .as_ref()
                .map(|c| c.profile.as_str())
                .unwrap_or("banbury"),
        )?;
        let figures = store
            .all::<crate::domain::figures::CouncilFigures>()?
            .into_iter()
            .next()
            .unwrap_or_default();
        profile.deadlines = figures.over(&profile.deadlines);
        let session = Session {
            members: store.members()?,
            officers: store.officers()?,
            cases: if pending_cases.0.is_some() {
                Vec::new()
            } else if registers.has(Case::TREE) {
                store.all::<Case>()?
            } else if registers.has(crate::store::OPEN_CASES_TREE) {
                store.open_cases()?
            } else {
                Vec::new()
            },
            disclosures: all::<Disclosure>(&store, registers)?,
            gifts: all::<Gift>(&store, registers)?,
            gift_settings: store
                .all::<GiftSettings>()?
                .into_iter()
                .next()
                .unwrap_or_default(),
            documents: store
                .all::<crate::domain::documents::CouncilDocuments>()?
                .into_iter()
                .next()
                .unwrap_or_default(),
            sars: all::<crate::domain::sar::Sar>(&store, registers)?,
            dispensations: all::<Dispensation>(&store, registers)?,
            elections: all::<Election>(&store, registers)?,
            publicity: all::<PublicityItem>(&store, registers)?,
            reports: all::<GroupReport>(&store, registers)?,
            attendances: all::<GroupAttendance>(&store, registers)?,
            info_requests: all::<InfoRequest>(&store, registers)?,
            disposals: all(&store, registers)?,
            retention: store
                .all::<crate::domain::retention::RetentionSettings>()?
                .into_iter()
                .next()
                .unwrap_or_default(),
            correspondence: all::<crate::domain::correspondence::Letter>(&store, registers)?,
            figures,
            settings: store.settings()?,
            council,
            profile,
            calendars,
            days_off,
            closure_days,
            store,
            actor: actor.to_string(),
            today,
            clock: local_now,
            registers,
            backup_due: false,
            backup_made: None,
            pending_cases,
        };
        Ok(session)
    }

    /// Closes the store as any drop does (flushed, its clean-close mark left) but leaves the
    /// decoded records to the operating system, which takes back a process's memory at once when
    /// it exits: freeing 40,000 cases one allocation at a time was 15 % of `case list --open` at
    /// 100,000 cases (docs/PERFORMANCE.md). Only for a command about to exit: the records' memory
    /// is not given back before then.
    pub fn close_for_exit(mut self) {
        let records = (
            std::mem::take(&mut self.cases),
            std::mem::take(&mut self.members),
            std::mem::take(&mut self.officers),
            std::mem::take(&mut self.disclosures),
        );
        std::mem::forget(records);
        drop(self);
    }

    pub fn store_path(&self) -> &Path {
        self.store.path()
    }

    /// What opening the store found and put right, one sentence each, for the clerk to be told.
    pub fn store_notices(&self) -> &[String] {
        self.store.notices()
    }

    pub fn ctx(&self) -> Option<Context<'_>> {
        self.council.as_ref().map(|council| {
            Context::new(
                self.today,
                council,
                &self.profile,
                &self.calendars,
                &self.members,
                &self.officers,
            )
            .with_elections(&self.elections)
        })
    }

    pub(crate) fn require_ctx(&self) -> Result<Context<'_>> {
        self.ctx().ok_or(SessionError::NoCouncil)
    }

    /// A refusal as this council's own protocol cites it (`Profile::localise`, RULES.md top: a
    /// Banbury council cites CAV, a toolkit council TWY, never another model's clause). Field
    /// errors pass as they are.
    pub fn localised(&self, rejection: Rejection) -> Rejection {
        rejection.localised(&self.profile)
    }

    /// The domain's answer as both faces get it: this is where every machine's refusal (a step,
    /// or a new record) becomes the session's error, cited from the council's own protocol, so no
    /// machine has to localise its own citations.
    pub(crate) fn decided<T>(&self, answer: std::result::Result<T, Rejection>) -> Result<T> {
        answer.map_err(|r| SessionError::Rejected(self.localised(r)))
    }

    /// One step on a record of any machine, decided in this council's context (its elections
    /// included) and cited from its own protocol: how every `…_action` method asks the domain.
    pub(crate) fn decide<M: Machine>(&self, record: &M, action: M::Action) -> Result<M::Event> {
        // The disclosure register goes with every step: R-D1 reaches beyond cases (an officer's
        // recruitment panel, R-O1).
        let conflicts = self.conflicts();
        let ctx = self.require_ctx()?.with_conflicts(&conflicts);
        self.decided(record.apply(action, &ctx))
    }

    /// Why a step is not open now, as the record answers it (`not_now`), in the council's own
    /// protocol's words: what the screen shows for a key the record does not offer.
    pub fn refusal(&self, refusal: crate::domain::rules::Refusal) -> crate::domain::rules::Refusal {
        refusal.localised(&self.profile)
    }

    /// Why `kind` is not open on `record` now (the machine's `not_now`, in the council's own
    /// protocol's words), or `None` when it is: what a face asks before it opens a step.
    pub fn closed<M: Machine>(&self, record: &M, kind: M::Kind) -> Option<Refusal> {
        let conflicts = self.conflicts();
        let ctx = self.ctx()?.with_conflicts(&conflicts);
        record.open_for(kind, &ctx).err().map(|r| self.refusal(r))
    }

    /// A citation as this council's protocol gives it (see [`Session::localised`]).
    pub fn cite(&self, cite: Option<Cite>) -> Option<Cite> {
        cite.map(|c| self.profile.localise(c))
    }

    /// Commits records and their audit events, every event's citation in the council's own
    /// protocol's words: the one way the session writes.
    pub(crate) fn commit(&self, writes: Vec<Write>, events: Vec<AuditDraft>) -> Result<()> {
        self.writable()?;
        commit_as(&self.store, &self.profile, writes, events)
    }

    /// A session that decoded only some registers ([`Registers::Only`]) writes nothing.
    pub(crate) fn writable(&self) -> Result<()> {
        if self.cases_pending() {
            return Err(SessionError::Store(StoreError::Refused {
                path: self.store.path().to_path_buf(),
                detail: "the cases are still being read: nothing is written before they are in"
                    .into(),
            }));
        }
        match self.registers {
            Registers::All => Ok(()),
            Registers::Only(_) => Err(SessionError::Store(StoreError::Refused {
                path: self.store.path().to_path_buf(),
                detail: "this session read only some registers, for a listing: it writes nothing"
                    .into(),
            })),
        }
    }

    /// How many commits this session has made: what the screen's lists are computed afresh on.
    pub fn writes(&self) -> u64 {
        self.store.commits()
    }

    pub(crate) fn draft(&self, subject: Subject, action: &str) -> AuditDraft {
        AuditDraft {
            at: (self.clock)(),
            actor: self.actor.clone(),
            subject,
            action: action.to_string(),
            changes: Vec::new(),
            note: None,
            cite: None,
        }
    }

    /// Finds a numbered record by its reference as a clerk types it: `D-0007`, `d7` or `7`.
    pub(super) fn find_numbered<'a, T>(
        list: &'a [T],
        id_of: impl Fn(&T) -> u32,
        prefix: &str,
        what: &'static str,
        raw: &str,
    ) -> Result<&'a T> {
        let raw = raw.trim();
        let digits = raw
            .strip_prefix(prefix)
            .or_else(|| raw.strip_prefix(&prefix.to_lowercase()))
            .unwrap_or(raw)
            .trim_start_matches('-');
        digits
            .parse::<u32>()
            .ok()
            .and_then(|id| list.iter().find(|x| id_of(x) == id))
            .ok_or_else(|| SessionError::NotFound {
                what,
                reference: raw.to_string(),
            })
    }

    /// Saves one record with its audit event, in one transaction, flushed before returning: the
    /// shape of almost every change (a new record, or a step through its state machine).
    pub(crate) fn save<R: Record>(
        &self,
        record: &R,
        subject: Subject,
        action: &str,
        changes: Vec<Change>,
        note: Option<String>,
        cite: Option<Cite>,
    ) -> Result<()> {
        let mut event = self.draft(subject, action);
        event.changes = changes;
        event.note = note;
        event.cite = cite;
        self.commit(vec![Write::put(record)], vec![event])?;
        Ok(())
    }

    pub fn audit_for(&self, subject: &Subject) -> Result<Vec<AuditEvent>> {
        Ok(self.store.audit_for(subject)?)
    }

    pub fn audit(&self) -> Result<Vec<AuditEvent>> {
        Ok(self.store.audit()?)
    }

    pub fn member_subject(id: MemberId) -> Subject {
        Subject(format!("member {id}"))
    }

    pub fn officer_subject(id: OfficerId) -> Subject {
        Subject(format!("officer {id}"))
    }

    pub fn council_subject() -> Subject {
        Subject("council".to_string())
    }

    /// First run: a new council from the set-up form.
    pub fn set_up(&mut self, name: &str, kind: &str, profile: &str, groups: &str) -> Result<()> {
        if let Some(c) = &self.council {
            return Err(SessionError::NotEmpty(c.name.clone()));
        }
        let mut council = Council::new(name, kind, profile, &assets::profile_keys())?;
        for group in groups.split(',').map(str::trim).filter(|g| !g.is_empty()) {
            council.add_group(group)?;
        }
        let mut event = self.draft(Self::council_subject(), "council set up");
        event.note = Some(format!(
            "{} ({} council, {} model)",
            council.name,
            council.kind.label(),
            council.profile
        ));
        self.commit(vec![Write::put(&council)], vec![event])?;
        self.profile = self.with_figures(assets::profile(&council.profile)?);
        self.council = Some(council);
        Ok(())
    }

    /// Loads the demo council into an empty store, every record built through the domain's own checks.
    pub fn load_demo(&mut self) -> Result<()> {
        if let Some(c) = &self.council {
            return Err(SessionError::NotEmpty(c.name.clone()));
        }
        let demo = assets::demo_file()?;
        let today = self.today;
        let date = |raw: &str| assets::demo_date(raw, today);
        let mut council = Council::new(
            &demo.council.name,
            &demo.council.kind,
            &demo.council.profile,
            &assets::profile_keys(),
        )?;
        council.monitoring_officer = demo.council.monitoring_officer.clone();
        for g in &demo.group {
            council.add_group(&g.name)?;
        }
        let profile = assets::profile(&council.profile)?;
        let mut members: Vec<Member> = Vec::new();
        let mut officers: Vec<Officer> = Vec::new();
        let demo_err = |what: &str, e: Rejection| demo::mistake(what, e);
        // The context every demo record is judged in: the council and its people as built so far.
        macro_rules! in_council {
            () => {
                Context::new(
                    today,
                    &council,
                    &profile,
                    &self.calendars,
                    &members,
                    &officers,
                )
            };
        }
        for (n, m) in demo.member.iter().enumerate() {
            let ctx = in_council!();
            let input = MemberInput {
                name: m.name.clone(),
                sort_name: m.sort_name.clone(),
                ward: m.ward.clone(),
                group: m.group.clone(),
                joined_by: m.joined_by.clone(),
                term_start: date(&m.term_start),
                dpi_registered: date(&m.dpi_registered),
                email: m.email.clone(),
                phone: m.phone.clone(),
            };
            let mut member = Member::create(MemberId(n as u32 + 1), &input, &ctx)
                .map_err(|e| demo_err(&m.name, e))?;
            if !m.term_end.is_empty() {
                member = member
                    .apply(
                        MemberAction::EndTerm {
                            on: date(&m.term_end),
                            reason: m.end_reason.clone(),
                        },
                        &ctx,
                    )
                    .map_err(|e| demo_err(&m.name, e))?
                    .member;
            }
            members.push(member);
        }
        let member_named = |name: &str| -> std::result::Result<MemberId, Rejection> {
            members
                .iter()
                .find(|m| m.name == name)
                .map(|m| m.id)
                .ok_or_else(|| {
                    Rejection::Invalid(vec![FieldError::new(
                        "demo council",
                        format!("no member {name}"),
                    )])
                })
        };
        for g in &demo.group {
            if let Some(leader) = &g.leader {
                let id = member_named(leader)?;
                if let Some(group) = council.groups.iter_mut().find(|x| x.name == g.name) {
                    group.leader = Some(id);
                }
            }
        }
        for o in &demo.office {
            let from = crate::domain::dates::parse_date("from", &date(&o.from))
                .map_err(Rejection::from)?;
            council
                .appoint(o.office, member_named(&o.holder)?, from)
                .map_err(Rejection::from)?;
        }
        for (n, o) in demo.officer.iter().enumerate() {
            let ctx = in_council!();
            let input = OfficerInput {
                name: o.name.clone(),
                post: o.post.clone(),
                title: o.title.clone(),
                employment: o.employment.clone(),
                line_manager: o.line_manager.clone(),
                started: date(&o.started),
                // With who gave it, the briefing is the officer's step (R-O2), taken below.
                protocol_briefed: if o.protocol_briefed_by.is_empty() {
                    date(&o.protocol_briefed)
                } else {
                    String::new()
                },
                email: o.email.clone(),
                phone: o.phone.clone(),
            };
            let mut officer = Officer::create(OfficerId(n as u32 + 1), &input, &ctx)
                .map_err(|e| demo_err(&o.name, e))?;
            // The officer's steps the file records, each through the machine, in this order.
            let steps = [
                (!o.recruitment_panel.is_empty()).then(|| OfficerAction::RecordRecruitment {
                    panel: o.recruitment_panel.clone(),
                    on: date(&o.recruited_on),
                }),
                (!o.protocol_briefed_by.is_empty()).then(|| OfficerAction::RecordBriefing {
                    on: date(&o.protocol_briefed),
                    by: o.protocol_briefed_by.clone(),
                }),
                (!o.left.is_empty()).then(|| OfficerAction::RecordLeaving { on: date(&o.left) }),
            ];
            for action in steps.into_iter().flatten() {
                officer = officer
                    .apply(action, &ctx)
                    .map_err(|e| demo_err(&o.name, e))?
                    .officer;
            }
            officers.push(officer);
        }
        // From here on the council and its people are as the demo has them.
        let ctx = in_council!();
        let cases = cases::demo_cases(&demo.case, &ctx).map_err(|e| demo_err("a demo case", e))?;
        let extras = demo::build(&ctx)?;
        // One transaction: the whole demo lands, or none of it does.
        let mut writes = vec![Write::put(&council)];
        let mut events = vec![{
            let mut e = self.draft(Self::council_subject(), "demo council loaded");
            e.note = Some(format!(
                "{}: {} members, {} officers",
                council.name,
                members.len(),
                officers.len()
            ));
            e
        }];
        for m in &members {
            writes.push(Write::put(m));
            let mut e = self.draft(Self::member_subject(m.id), "added");
            e.changes = diff(&[], &m.fields(&ctx));
            events.push(e);
        }
        for o in &officers {
            writes.push(Write::put(o));
            let mut e = self.draft(Self::officer_subject(o.id), "added");
            e.changes = diff(&[], &o.fields(&ctx));
            events.push(e);
        }
        for (case, steps) in &cases {
            writes.push(Write::put(case));
            for (action, note, cite, actor) in steps {
                let mut e = self.draft(Self::case_subject(&case.reference), action);
                if let Some(actor) = actor {
                    e.actor = actor.clone();
                }
                e.note = note.clone();
                e.cite = cite.clone();
                events.push(e);
            }
        }
        writes.extend(extras.writes);
        // R-O4: the council's own documents, through the same check `council documents set` uses.
        let documents = match &demo.documents {
            Some(d) => {
                let date = |raw: &Option<String>| raw.as_deref().map(date);
                let input = crate::domain::documents::DocumentsInput {
                    protocol_adopted: date(&d.protocol_adopted),
                    protocol_minute: d.protocol_minute.clone(),
                    review_by: None,
                    grievance_adopted: date(&d.grievance_adopted),
                    grievance_minute: d.grievance_minute.clone(),
                    disciplinary_adopted: date(&d.disciplinary_adopted),
                    disciplinary_minute: d.disciplinary_minute.clone(),
                };
                let docs = crate::domain::documents::CouncilDocuments::default()
                    .with(&input, today, &profile)
                    .map_err(|e| demo_err("documents", e))?;
                writes.push(Write::put(&docs));
                let mut e = self.draft(Self::council_subject(), "council documents");
                e.changes = diff(&[], &documents::fields(&docs));
                events.push(e);
                docs
            }
            None => crate::domain::documents::CouncilDocuments::default(),
        };
        // R-C1: officers' letters to members, through the same check `correspondence add` uses.
        let mut letters = Vec::new();
        for (n, l) in demo.letter.iter().enumerate() {
            let input = crate::domain::correspondence::LetterInput {
                officer: l.officer.clone(),
                member: l.member.clone(),
                on: date(&l.on),
                subject: l.subject.clone(),
                ward_matter: l.ward_matter.clone(),
                copied: l.copied.clone(),
                reason: l.reason.clone(),
            };
            let letter = crate::domain::correspondence::Letter::create(n as u32 + 1, &input, &ctx)
                .map_err(|e| demo_err("a demo letter", e))?;
            writes.push(Write::put(&letter));
            let mut e = self.draft(Self::letter_subject(letter.id), "logged");
            e.changes = diff(&[], &letter.fields(&ctx));
            events.push(e);
            letters.push(letter);
        }
        for t in extras.trail {
            let mut e = self.draft(t.subject, &t.action);
            if let Some(actor) = t.actor {
                e.actor = actor;
            }
            e.changes = t.changes;
            e.note = t.note;
            e.cite = t.cite;
            events.push(e);
        }
        commit_as(&self.store, &profile, writes, events)?;
        self.elections = extras.elections;
        self.publicity = extras.publicity;
        self.reports = extras.reports;
        self.attendances = extras.attendances;
        self.info_requests = extras.info_requests;
        self.disclosures = extras.disclosures;
        self.gifts = extras.gifts;
        self.dispensations = extras.dispensations;
        self.sars = extras.sars;
        self.documents = documents;
        self.correspondence = letters;
        self.council = Some(council);
        self.profile = self.with_figures(profile);
        self.members = members;
        self.officers = officers;
        self.cases = cases.into_iter().map(|(c, _)| c).collect();
        self.cases.sort_by(|a, b| a.reference.cmp(&b.reference));
        Ok(())
    }

    pub fn next_member_id(&self) -> MemberId {
        MemberId(self.members.iter().map(|m| m.id.0).max().unwrap_or(0) + 1)
    }

    pub fn next_officer_id(&self) -> OfficerId {
        OfficerId(self.officers.iter().map(|o| o.id.0).max().unwrap_or(0) + 1)
    }

    pub fn member(&self, id: MemberId) -> Result<&Member> {
        self.members
            .iter()
            .find(|m| m.id == id)
            .ok_or_else(|| SessionError::NotFound {
                what: "member",
                reference: id.to_string(),
            })
    }

    pub fn officer(&self, id: OfficerId) -> Result<&Officer> {
        self.officers
            .iter()
            .find(|o| o.id == id)
            .ok_or_else(|| SessionError::NotFound {
                what: "officer",
                reference: id.to_string(),
            })
    }

    pub fn add_member(&mut self, input: &MemberInput) -> Result<Member> {
        let added = self
            .add_members(vec![input.clone()])
            .map_err(|mut errs| errs.remove(0).1)?;
        self.member(added.start).cloned()
    }

    /// Adds several members in one transaction: all or nothing. Errors name each bad row (0-based).
    /// Adds every member of `inputs`, or none: the ids given, in order. Each input is let go once
    /// its member is made, and the members are kept once, in the session (an import of 100,000
    /// holds no second copy).
    pub fn add_members(
        &mut self,
        inputs: Vec<MemberInput>,
    ) -> std::result::Result<std::ops::Range<MemberId>, Vec<(usize, SessionError)>> {
        let ctx = self.require_ctx().map_err(|e| vec![(0, e)])?;
        let mut added: Vec<Member> = Vec::with_capacity(inputs.len());
        let mut errors = Vec::new();
        let first = self.next_member_id().0;
        for (row, input) in inputs.into_iter().enumerate() {
            match Member::create(MemberId(first + row as u32), &input, &ctx) {
                Ok(m) => added.push(m),
                Err(e) => errors.push((row, SessionError::Rejected(self.localised(e)))),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Each member's record and event are made as the store writes them to its journal, and
        // let go once encoded: 100,000 of them are never held at once beside the members.
        let events = added.iter().map(|m| {
            let mut e = self.draft(Self::member_subject(m.id), "added");
            e.changes = diff(&[], &m.fields(&ctx));
            e
        });
        self.store
            .commit_many(added.iter().map(Write::put), events)
            .map_err(|e| vec![(0, e.into())])?;
        let ids = MemberId(first)..MemberId(first + added.len() as u32);
        self.members.extend(added);
        Ok(ids)
    }

    pub fn member_action(&mut self, id: MemberId, action: MemberAction) -> Result<MemberEvent> {
        let ctx = self.require_ctx()?;
        let before = self.member(id)?;
        let event = self.decide(before, action)?;
        let mut draft = self.draft(Self::member_subject(id), event.action);
        draft.changes = diff(&before.fields(&ctx), &event.member.fields(&ctx));
        draft.note = event.note.clone();
        let mut writes = vec![Write::put(&event.member)];
        // R-M2: a member whose term ends leaves every office they hold; an appointment changes the
        // council's record of office holders (one at a time, the history kept).
        let mut c = ctx.council.clone();
        if let (Some(end), None) = (event.member.term_end, before.term_end) {
            c.vacate_all(id, end);
        }
        match &event.appointed {
            Some(Appointment::Council(office, from)) => {
                c.appoint(*office, id, *from).map_err(Rejection::from)?;
            }
            Some(Appointment::Committee(office, committee, from)) => {
                c.appoint_committee(*office, committee, id, *from)?;
            }
            Some(Appointment::GroupLeader(group, from)) => {
                c.set_group_leader(*group, id, *from)
                    .map_err(Rejection::from)?;
            }
            None => {}
        }
        if event.appointed.is_some() {
            draft.note = Some(c.offices_of(id, self.today).join(", "));
        }
        let mut council = None;
        if &c != ctx.council {
            writes.push(Write::put(&c));
            council = Some(c);
        }
        self.commit(writes, vec![draft])?;
        if let Some(c) = council {
            self.council = Some(c);
        }
        if let Some(slot) = self.members.iter_mut().find(|m| m.id == id) {
            *slot = event.member.clone();
        }
        Ok(event)
    }

    pub fn add_officer(&mut self, input: &OfficerInput) -> Result<Officer> {
        let added = self
            .add_officers(std::slice::from_ref(input))
            .map_err(|mut errs| errs.remove(0).1)?;
        Ok(added
            .into_iter()
            .next()
            .expect("one input gives one officer"))
    }

    /// Adds officers in order (later rows may name earlier ones as line manager): all or nothing.
    pub fn add_officers(
        &mut self,
        inputs: &[OfficerInput],
    ) -> std::result::Result<Vec<Officer>, Vec<(usize, SessionError)>> {
        let council = self
            .council
            .as_ref()
            .ok_or_else(|| vec![(0, SessionError::NoCouncil)])?;
        let mut all = self.officers.clone();
        let mut errors = Vec::new();
        let first = self.next_officer_id().0;
        for (row, input) in inputs.iter().enumerate() {
            let ctx = Context::new(
                self.today,
                council,
                &self.profile,
                &self.calendars,
                &self.members,
                &all,
            );
            match Officer::create(OfficerId(first + row as u32), input, &ctx) {
                Ok(o) => all.push(o),
                Err(e) => errors.push((row, SessionError::Rejected(self.localised(e)))),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let added: Vec<Officer> = all[self.officers.len()..].to_vec();
        let ctx = Context::new(
            self.today,
            council,
            &self.profile,
            &self.calendars,
            &self.members,
            &all,
        );
        let mut writes = Vec::with_capacity(added.len());
        let mut events = Vec::with_capacity(added.len());
        for o in &added {
            writes.push(Write::put(o));
            let mut e = self.draft(Self::officer_subject(o.id), "added");
            e.changes = diff(&[], &o.fields(&ctx));
            events.push(e);
        }
        self.store
            .commit_many(writes, events)
            .map_err(|e| vec![(0, e.into())])?;
        self.officers = all;
        Ok(added)
    }

    pub fn officer_action(&mut self, id: OfficerId, action: OfficerAction) -> Result<OfficerEvent> {
        let ctx = self.require_ctx()?;
        let before = self.officer(id)?;
        let event = self.decide(before, action)?;
        let mut draft = self.draft(Self::officer_subject(id), event.action);
        draft.changes = diff(&before.fields(&ctx), &event.officer.fields(&ctx));
        draft.note = event.note.clone();
        self.store
            .commit(vec![Write::put(&event.officer)], vec![draft])?;
        if let Some(slot) = self.officers.iter_mut().find(|o| o.id == id) {
            *slot = event.officer.clone();
        }
        Ok(event)
    }

    /// A change to the council itself (its Monitoring Officer, a new group), with its audit event.
    fn change_council(
        &mut self,
        action: &str,
        change: impl FnOnce(&mut Council) -> std::result::Result<(), Rejection>,
    ) -> Result<()> {
        let before = self.council.clone().ok_or(SessionError::NoCouncil)?;
        let mut after = before.clone();
        change(&mut after)?;
        let mut event = self.draft(Self::council_subject(), action);
        event.changes = diff(&council_fields(&before), &council_fields(&after));
        self.commit(vec![Write::put(&after)], vec![event])?;
        self.council = Some(after);
        Ok(())
    }

    /// R-O3: the Monitoring Officer's contact details.
    pub fn set_monitoring_officer(
        &mut self,
        name: &str,
        organisation: &str,
        email: &str,
        phone: &str,
    ) -> Result<()> {
        Council::check_monitoring_officer_is_external(
            name,
            &self.members,
            &self.officers,
            self.today,
        )
        .map_err(Rejection::from)?;
        self.change_council("Monitoring Officer recorded", |c| {
            c.set_monitoring_officer(name, organisation, email, phone)
        })
    }

    pub fn add_group(&mut self, name: &str) -> Result<()> {
        self.change_council("group added", |c| c.add_group(name).map(|_| ()))
    }

    /// R-P1: a day appointed for public thanksgiving or mourning stops counting as a working day.
    pub fn add_day_off(&mut self, on: &str, reason: &str) -> Result<()> {
        self.require_ctx()?;
        let next = self.days_off.add(on, reason, &self.calendars.election)?;
        let added = next
            .days
            .iter()
            .find(|d| !self.days_off.days.contains(d))
            .cloned();
        let mut event = self.draft(Subject("calendar".into()), "day that does not count added");
        event.note = added
            .as_ref()
            .map(|d| format!("{}: {}", crate::domain::dates::show(d.on), d.reason));
        event.cite = Some(crate::domain::rules::cites::pre_election_period());
        self.commit(vec![Write::put(&next)], vec![event])?;
        if let Some(d) = added {
            self.calendars.election = self.calendars.election.clone().with_extra_days([d.on]);
        }
        self.days_off = next;
        Ok(())
    }

    /// A day the council's office is closed stops counting on the council calendar (R-E1.3,
    /// R-E1.6, R-O2, R-I5); the election and FOI calendars are the law's and do not change.
    pub fn add_closure_day(&mut self, on: &str, reason: &str) -> Result<()> {
        self.require_ctx()?;
        let next = self.closure_days.add(on, reason, &self.calendars.council)?;
        let added = next
            .days
            .iter()
            .find(|d| !self.closure_days.days.contains(d))
            .cloned();
        let mut event = self.draft(Subject("calendar".into()), "closure day added");
        event.note = added.as_ref().map(|d| {
            format!(
                "{}: {} (council calendar)",
                crate::domain::dates::show(d.on),
                d.reason
            )
        });
        event.cite = Some(crate::domain::rules::cites::closure_day());
        self.commit(vec![Write::put(&next)], vec![event])?;
        if let Some(d) = added {
            self.calendars.council = self.calendars.council.clone().with_extra_days([d.on]);
        }
        self.closure_days = next;
        Ok(())
    }

    /// Meeting-safe mode is remembered per council (it lives in this council's store).
    pub fn set_meeting_safe(&mut self, on: bool) -> Result<()> {
        let mut settings = self.settings.clone();
        settings.meeting_safe = on;
        let mut e = self.draft(
            Subject("settings".into()),
            if on {
                "meeting-safe on"
            } else {
                "meeting-safe off"
            },
        );
        e.note = None;
        self.commit(vec![Write::put(&settings)], vec![e])?;
        self.settings = settings;
        Ok(())
    }

    pub fn group_name(&self, id: Option<GroupId>) -> &str {
        self.council
            .as_ref()
            .map(|c| c.group_name(id))
            .unwrap_or("Independent")
    }
}

/// Commits with every event's citation localised to `profile` (the demo commits before its
/// council's profile is the session's).
fn commit_as(
    store: &Store,
    profile: &Profile,
    writes: Vec<Write>,
    mut events: Vec<AuditDraft>,
) -> Result<()> {
    for e in &mut events {
        e.cite = e.cite.take().map(|c| profile.localise(c));
    }
    store.commit(writes, events)?;
    Ok(())
}

/// The council's own fields, for audit summaries.
fn council_fields(c: &Council) -> Vec<(&'static str, String)> {
    let mo = c
        .monitoring_officer
        .as_ref()
        .map(|m| format!("{} ({})", m.name, m.organisation))
        .unwrap_or_default();
    let groups: Vec<&str> = c.groups.iter().map(|g| g.name.as_str()).collect();
    vec![
        ("name", c.name.clone()),
        ("Monitoring Officer", mo),
        ("groups", groups.join(", ")),
    ]
}
