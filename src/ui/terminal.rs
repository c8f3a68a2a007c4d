//! The terminal left as it was found when clerkdesk is told to stop from outside: SIGTERM (`kill`,
//! logging out, shutting down), SIGHUP (the terminal window closed) or SIGINT sent by another
//! program (Ctrl-C at the keyboard is a key in raw mode, and quits as one).
//!
//! Without this the default action kills the process on the spot and leaves the clerk's terminal
//! raw, with echo off, on the alternate screen. A thread waits for the signal (signal-hook, so
//! nothing unsafe runs in the handler itself), then leaves the alternate screen, shows the cursor,
//! turns raw mode off and exits with the shell's status for that signal (128 + its number). Holding
//! stdout's lock while it does so keeps a half-drawn frame from landing after the restore.
//!
//! Nothing unsaved is lost that a kill would not lose: every change is committed and flushed before
//! "saved" is shown (see `store`), and a change mid-commit is as safe as after a crash.

/// Restores the terminal on SIGTERM, SIGHUP or SIGINT while it lives; dropping it stops listening.
pub struct SignalGuard {
    #[cfg(unix)]
    handle: signal_hook::iterator::Handle,
    #[cfg(unix)]
    thread: Option<std::thread::JoinHandle<()>>,
}

/// Starts listening. Call it once the terminal is in raw mode on the alternate screen.
#[cfg(unix)]
pub fn restore_on_signals() -> std::io::Result<SignalGuard> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    let handle = signals.handle();
    let thread = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                restore_and_exit(signal);
            }
        })?;
    Ok(SignalGuard {
        handle,
        thread: Some(thread),
    })
}

#[cfg(not(unix))]
pub fn restore_on_signals() -> std::io::Result<SignalGuard> {
    Ok(SignalGuard {})
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
