//! Crash safety, proven: a child process saves changes in a loop, saying "saved" after each one is
//! committed and flushed, and closes and opens the store again every few changes; the test kills it
//! (SIGKILL on unix) at random moments, reopens the store and checks that every change the child
//! reported saved is there, whole, with its audit event (zero lost), and that nothing is ever half
//! there (a record without its event, or an event without its record).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use clerkdesk::domain::ids::MemberId;
use clerkdesk::domain::member::{MemberAction, MemberInput};
use clerkdesk::session::Session;
use clerkdesk::store::Store;

const CHILD_DIR: &str = "CLERKDESK_TEST_CRASH_CHILD_DIR";
const KILLS: usize = 30;
const COUNCIL: &str = "Crashford Parish Council";
/// The audit action for a recorded DPI notification.
const DPI_ACTION: &str = "DPI notification registered";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn name(id: u32) -> String {
    format!("Member Number {id}")
}

/// A small xorshift generator: no dependency, a different run every time (the seed is printed).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What the child said it saved.
#[derive(Debug, Default)]
struct Saved {
    /// Member id → whether its DPI registration was also reported saved.
    members: BTreeMap<u32, bool>,
}

impl Saved {
    fn take(&mut self, line: &str) {
        let mut words = line.split_whitespace();
        match (
            words.next(),
            words.next().and_then(|w| w.parse::<u32>().ok()),
        ) {
            (Some("SAVED-MEMBER"), Some(id)) => {
                self.members.entry(id).or_insert(false);
            }
            (Some("SAVED-DPI"), Some(id)) => {
                self.members.insert(id, true);
            }
            _ => {}
        }
    }
}

/// When to kill the child.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// This long after it starts (often while it is still opening the store).
    AfterStart(Duration),
    /// This long after it first says it saved something (in the middle of its loop).
    AfterFirstSave(Duration),
}

/// Runs the child once and kills it; returns the lines it had printed by then.
fn run_and_kill(dir: &Path, kill: Kill) -> Vec<String> {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child", "--ignored", "--nocapture"])
        .env(CHILD_DIR, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the child starts");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut started = Instant::now();
    let mut lines: Vec<String> = Vec::new();
    let (delay, mut waiting) = match kill {
        Kill::AfterStart(d) => (d, false),
        Kill::AfterFirstSave(d) => (d, true),
    };
    // A slow machine may take a while to start the child: wait up to 20 s for its first save.
    let give_up = Instant::now() + Duration::from_secs(20);
    while waiting || started.elapsed() < delay {
        if waiting && Instant::now() > give_up {
            break;
        }
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(2)) {
            if waiting && line.starts_with("SAVED") {
                waiting = false;
                started = Instant::now();
            }
            lines.push(line);
        }
    }
    child.kill().expect("the child can be killed");
    child.wait().unwrap();
    reader.join().unwrap();
    // Whatever the child printed before it died is still in the pipe.
    lines.extend(rx.try_iter());
    lines
}

/// Opens the store and checks it against what was reported saved; `fresh` are the members first
/// reported in this round, looked up through the audit index (`audit_for`).
fn check(dir: &Path, saved: &Saved, fresh: &[u32], round: usize) -> usize {
    let store = Store::open(dir)
        .unwrap_or_else(|e| panic!("round {round}: the store does not open cleanly: {e}"));
    let members = store
        .members()
        .unwrap_or_else(|e| panic!("round {round}: {e}"));
    let audit = store
        .audit()
        .unwrap_or_else(|e| panic!("round {round}: {e}"));
    // The trail has no gaps.
    for (i, e) in audit.iter().enumerate() {
        assert_eq!(
            e.seq,
            i as u64 + 1,
            "round {round}: audit sequence has a gap"
        );
    }
    if !saved.members.is_empty() || !members.is_empty() {
        let council = store.council().unwrap();
        assert_eq!(
            council.map(|c| c.name).as_deref(),
            Some(COUNCIL),
            "round {round}: members without their council"
        );
    }
    // Subject → actions, from the whole trail.
    let mut actions: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for e in &audit {
        actions.entry(&e.subject.0).or_default().push(&e.action);
    }
    let has = |id: MemberId, action: &str| {
        actions
            .get(Session::member_subject(id).0.as_str())
            .is_some_and(|a| a.contains(&action))
    };
    let by_id: BTreeMap<u32, &clerkdesk::domain::member::Member> =
        members.iter().map(|m| (m.id.0, m)).collect();
    // Every change reported saved is there, whole, with its audit event.
    let lost: Vec<u32> = saved
        .members
        .keys()
        .filter(|id| !by_id.contains_key(id))
        .copied()
        .collect();
    assert_eq!(
        lost.len(),
        0,
        "round {round}: members reported saved but gone: {lost:?}"
    );
    for (&id, &dpi) in &saved.members {
        let m = by_id[&id];
        assert_eq!(m.name, name(id), "round {round}");
        assert_eq!(m.ward, "North", "round {round}");
        assert!(
            has(m.id, "added"),
            "round {round}: member {id} has no audit event for being added"
        );
        if dpi {
            assert_eq!(
                m.dpi_registered,
                Some(today()),
                "round {round}: member {id}"
            );
            assert!(
                has(m.id, DPI_ACTION),
                "round {round}: member {id}'s DPI registration has no audit event"
            );
        }
    }
    // The subject index leads to the same events.
    for &id in fresh {
        let events = store
            .audit_for(&Session::member_subject(MemberId(id)))
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let found: Vec<&str> = events.iter().map(|e| e.action.as_str()).collect();
        let expected = actions
            .get(Session::member_subject(MemberId(id)).0.as_str())
            .cloned()
            .unwrap_or_default();
        assert_eq!(
            found, expected,
            "round {round}: member {id}'s indexed events"
        );
    }
    // Nothing is half there: each member has its event, each DPI date its event, and each member
    // event its member.
    for m in &members {
        assert!(
            has(m.id, "added"),
            "round {round}: member {} is there without its audit event",
            m.id
        );
        assert_eq!(
            m.dpi_registered.is_some(),
            has(m.id, DPI_ACTION),
            "round {round}: member {}'s DPI date and its audit event disagree",
            m.id
        );
    }
    for e in &audit {
        if let Some(reference) = e.subject.0.strip_prefix("member ") {
            let id: MemberId = reference.parse().expect("a member reference");
            assert!(
                by_id.contains_key(&id.0),
                "round {round}: audit event {} is about a member who is not there",
                e.seq
            );
        }
    }
    members.len()
}

#[cfg(unix)]
#[test]
fn changes_reported_saved_survive_being_killed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("crashford");
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let mut saved = Saved::default();
    let started = Instant::now();
    let mut rounds_with_saves = 0;
    let mut reopens = 0;
    for round in 0..KILLS {
        // Mostly mid-loop; now and then while the child is still opening the store.
        let kill = if rng.below(5) == 0 {
            Kill::AfterStart(Duration::from_millis(rng.below(60)))
        } else {
            Kill::AfterFirstSave(Duration::from_millis(rng.below(150)))
        };
        let lines = run_and_kill(&dir, kill);
        let before = saved.members.len();
        for line in &lines {
            saved.take(line);
        }
        reopens += lines.iter().filter(|l| *l == "REOPENED").count();
        let fresh: Vec<u32> = saved.members.keys().copied().skip(before).collect();
        if !fresh.is_empty() {
            rounds_with_saves += 1;
        }
        let t = Instant::now();
        let found = check(&dir, &saved, &fresh, round);
        eprintln!(
            "round {round}: killed {kill:?}, {} lines, checked in {:?}",
            lines.len(),
            t.elapsed()
        );
        assert!(found >= saved.members.len());
    }
    eprintln!(
        "{KILLS} kills, {} members reported saved, {rounds_with_saves} rounds saved something, {reopens} reopens, {:?}",
        saved.members.len(),
        started.elapsed()
    );
    assert!(reopens > 0, "the child never closed and reopened the store");
    assert!(
        rounds_with_saves >= KILLS / 2,
        "the child saved something in only {rounds_with_saves} of {KILLS} rounds"
    );
}

/// Run by `changes_reported_saved_survive_being_killed` in a separate process, and killed there;
/// does nothing on its own. Saves changes forever, saying so after each one is flushed.
#[test]
#[ignore]
fn crash_child() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let dir = Path::new(&dir);
    let mut session = Session::open(dir, today(), "Crash test").expect("opens");
    if session.council.is_none() {
        session.set_up(COUNCIL, "parish", "banbury", "").unwrap();
        println!("SAVED-COUNCIL");
    }
    loop {
        // Now and then the store is closed and opened again: an interrupted open is where sled
        // left an unfinished snapshot file behind (spacejam/sled#1527).
        if session.next_member_id().0.is_multiple_of(5) {
            drop(session);
            session = Session::open(dir, today(), "Crash test").expect("opens again");
            println!("REOPENED");
        }
        let id = session.next_member_id().0;
        let input = MemberInput {
            name: name(id),
            sort_name: String::new(),
            ward: "North".into(),
            group: String::new(),
            joined_by: String::new(),
            term_start: "2025-05-06".into(),
            dpi_registered: String::new(),
            email: String::new(),
            phone: String::new(),
        };
        let m = session.add_member(&input).expect("saved");
        println!("SAVED-MEMBER {}", m.id.0);
        if id.is_multiple_of(2) {
            session
                .member_action(
                    m.id,
                    MemberAction::RecordDpi {
                        on: "2026-11-22".into(),
                    },
                )
                .expect("saved");
            println!("SAVED-DPI {}", m.id.0);
        }
    }
}
