//! Bounded time for store calls. sled cannot be interrupted, and some damage makes it wait forever
//! (a damaged blob, a disk that stops answering). Each store call holds a [`Guard`] while it runs;
//! a watchdog thread that finds one held past its limit restores the terminal (when the TUI has
//! it), says what was stuck and where, and ends the process. Saved changes are already in the
//! change journal, so nothing reported saved is lost by stopping.

use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How long one store call may take. Ordinary calls take milliseconds; this is a hang.
pub const LIMIT: Duration = Duration::from_secs(30);

struct Running {
    id: u64,
    what: String,
    limit: Duration,
    deadline: Instant,
}

#[derive(Default)]
struct State {
    next: u64,
    running: Vec<Running>,
}

fn state() -> &'static Mutex<State> {
    static STATE: OnceLock<Mutex<State>> = OnceLock::new();
    STATE.get_or_init(|| {
        std::thread::Builder::new()
            .name("clerkdesk-watchdog".into())
            .spawn(watch)
            .ok();
        Mutex::new(State::default())
    })
}

/// Held while a store call runs; dropping it ends the watch.
#[must_use = "the call is watched only while the guard is held"]
pub struct Guard {
    id: u64,
}

/// Watches a store call: `what` (e.g. "opening") on the store at `store`, for at most [`LIMIT`].
pub fn guard(what: &str, store: &Path) -> Guard {
    guard_for(what, store, LIMIT)
}

/// [`guard`] with another limit.
pub fn guard_for(what: &str, store: &Path, limit: Duration) -> Guard {
    let mut s = state().lock().unwrap_or_else(|p| p.into_inner());
    s.next += 1;
    let id = s.next;
    s.running.push(Running {
        id,
        what: format!("{what} the store at {}", store.display()),
        limit,
        deadline: Instant::now() + limit,
    });
    Guard { id }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let mut s = state().lock().unwrap_or_else(|p| p.into_inner());
        s.running.retain(|r| r.id != self.id);
    }
}

fn watch() {
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let stuck = {
            let s = state().lock().unwrap_or_else(|p| p.into_inner());
            let now = Instant::now();
            s.running
                .iter()
                .find(|r| r.deadline <= now)
                .map(|r| (r.what.clone(), r.limit))
        };
        if let Some((what, limit)) = stuck {
            give_up(&what, limit);
        }
    }
}

/// Restores the terminal if the TUI holds it, says what was stuck, and ends the process.
fn give_up(what: &str, limit: Duration) -> ! {
    if crossterm::terminal::is_raw_mode_enabled().unwrap_or(false) {
        ratatui::restore();
    }
    eprintln!(
        "clerkdesk: {what} did not finish within {} seconds, so clerkdesk stopped. Its files may be damaged or the disk may not be answering. Every change reported saved is in the change journal; open clerkdesk again, and if this happens again, restore the newest backup into a new council",
        limit.as_secs_f32()
    );
    std::process::exit(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Run by `a_call_past_its_limit_ends_the_process_with_a_message` in a child process.
    #[test]
    #[ignore]
    fn watchdog_child() {
        if std::env::var_os("CLERKDESK_TEST_WATCHDOG_CHILD").is_none() {
            return;
        }
        let _g = guard_for("reading", Path::new("/nowhere"), Duration::from_millis(300));
        // Stands for a sled call that never returns.
        std::thread::sleep(Duration::from_secs(120));
    }

    #[test]
    fn a_call_past_its_limit_ends_the_process_with_a_message() {
        use std::process::{Command, Stdio};
        let tmp = tempfile::tempdir().unwrap();
        let err = tmp.path().join("stderr.txt");
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "store::watchdog::tests::watchdog_child",
                "--ignored",
                // The watchdog's message is written from its own thread; not captured.
                "--nocapture",
            ])
            .env("CLERKDESK_TEST_WATCHDOG_CHILD", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::from(std::fs::File::create(&err).unwrap()))
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(60) {
                child.kill().unwrap();
                child.wait().unwrap();
                panic!("the watchdog did not end a call stuck past its limit");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        assert_eq!(status.code(), Some(1));
        let said = std::fs::read_to_string(err).unwrap();
        assert!(
            said.contains("reading the store at /nowhere did not finish within"),
            "{said}"
        );
        // A guard dropped in time is no longer watched.
        drop(guard_for(
            "opening",
            Path::new("/x"),
            Duration::from_millis(1),
        ));
        std::thread::sleep(Duration::from_millis(500));
    }
}
