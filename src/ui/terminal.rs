//! The terminal left as it was found when clerkdesk is told to stop from outside: SIGTERM (`kill`,
//! logging out, shutting down), SIGHUP (the terminal window closed) or SIGINT sent by another
//! program (Ctrl-C at the keyboard is a key in raw mode, and quits as one).
//!
//! Without this the default action kills the process on the spot and leaves the clerk's terminal
//! raw, with echo off, on the alternate screen. A thread waits for the signal (signal-hook, so
//! nothing unsafe runs in the handler itself) and notes it; the run loop looks for it between
//! events ([`SignalGuard::received`]) and ends the way `q` does: the council switcher's summary is
//! written, the terminal restored, the store closed with its clean-close mark, and the process
//! exits with the shell's status for that signal (128 + its number). Should a second signal come,
//! or the loop not be done within [`GRACE`], the thread restores the terminal and exits itself;
//! holding stdout's lock while it does so keeps a half-drawn frame from landing after the restore.
//!
//! Nothing unsaved is lost that a kill would not lose: every change is committed and flushed before
//! "saved" is shown (see `store`), and a change mid-commit is as safe as after a crash.

use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How long the run loop has, after a signal, to end as a quit does before the signal thread ends
/// the process itself.
pub const GRACE: Duration = Duration::from_secs(3);

/// Restores the terminal on SIGTERM, SIGHUP or SIGINT while it lives; dropping it stops listening.
pub struct SignalGuard {
    /// The signal received, 0 while none.
    received: Arc<AtomicI32>,
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
    #[cfg(unix)]
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SignalGuard {
    /// The signal that asked clerkdesk to end, once one has.
    pub fn received(&self) -> Option<i32> {
        match self.received.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(signal),
        }
    }
}

/// Starts listening. Call it once the terminal is in raw mode on the alternate screen.
#[cfg(unix)]
pub fn restore_on_signals() -> std::io::Result<SignalGuard> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    let received = Arc::new(AtomicI32::new(0));
    let noted = Arc::clone(&received);
    let thread = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let Some(signal) = signals.forever().next() else {
                return;
            };
            noted.store(signal, Ordering::SeqCst);
            // The run loop quits now, and drops the guard (closing `signals`) once it has.
            let deadline = std::time::Instant::now() + GRACE;
            while !signals.is_closed() {
                if signals.pending().next().is_some() || std::time::Instant::now() >= deadline {
                    restore_and_exit(signal);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })?;
    Ok(SignalGuard {
        received,
        handle,
        thread: Some(thread),
    })
}

#[cfg(not(unix))]
pub fn restore_on_signals() -> std::io::Result<SignalGuard> {
    Ok(SignalGuard {
        received: Arc::new(AtomicI32::new(0)),
    })
}

#[cfg(unix)]
fn restore_and_exit(signal: i32) -> ! {
    use crossterm::{cursor::Show, execute, terminal::LeaveAlternateScreen};
    // Errors are ignored: after SIGHUP the terminal may be gone, and exiting matters more.
    let mut out = std::io::stdout().lock();
    let _ = execute!(
        out,
        crossterm::event::DisableBracketedPaste,
        LeaveAlternateScreen,
        Show
    );
    let _ = crossterm::terminal::disable_raw_mode();
    std::process::exit(128 + signal)
}

#[cfg(unix)]
impl Drop for SignalGuard {
    fn drop(&mut self) {
        self.handle.close();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Bracketed paste on, so a paste arrives as one `Event::Paste` and never as keys; off again on
/// every way out (the end of `run`, a panic, SIGTERM and SIGHUP above). A terminal that cannot do
/// it simply sends keys, as before.
pub fn enable_paste() {
    use crossterm::{event::EnableBracketedPaste, execute};
    let _ = execute!(std::io::stdout(), EnableBracketedPaste);
    // ratatui's hook restores the screen on a panic; turn paste off first.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        disable_paste();
        previous(info);
    }));
}

pub fn disable_paste() {
    use crossterm::{event::DisableBracketedPaste, execute};
    let _ = execute!(std::io::stdout(), DisableBracketedPaste);
}
