//! End to end: the real `clerkdesk` binary in a pseudo-terminal (portable-pty), its screen read
//! back through a terminal emulator (vt100), keys typed as a clerk would.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, CommandBuilder, PtySize};

struct Tui {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Tui {
    /// Starts clerkdesk with its data under `home`, on a `rows`×`cols` terminal.
    fn start(home: &Path, rows: u16, cols: u16, args: &[&str]) -> Tui {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_clerkdesk"));
        cmd.args(args);
        cmd.env("CLERKDESK_HOME", home);
        cmd.env("CLERKDESK_TODAY", "2026-11-22");
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        // Keep the master alive as long as the reader needs it.
        std::mem::forget(pty.master);
        Tui {
            parser,
            writer,
            child,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if s.contains(what) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_until_gone(&self, what: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if !s.contains(what) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?} to go; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn exit_code(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.exit_code();
            }
            assert!(
                Instant::now() < deadline,
                "clerkdesk did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
fn demo_council_every_tab_help_meeting_safe_and_quit() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), 24, 80, &[]);
    tui.wait_for("Welcome to clerkdesk");
    tui.send(b"d");
    tui.wait_for("Siân ap Dafydd");
    for (key, text) in [
        (b"2", "Clara Whitcombe"),
        (b"3", "Grievances"),
        (b"4", "Disclosures"),
        (b"5", "Blackout"),
        (b"6", "Requests"),
        (b"1", "Siân ap Dafydd"),
    ] {
        tui.send(key);
        tui.wait_for(text);
    }
    tui.send(b"?");
    tui.wait_for("Keys that work here");
    tui.send(b"\x1b");
    tui.wait_until_gone("Keys that work here");
    // F12: meeting-safe mode hides every name.
    tui.send(b"\x1b[24~");
    let s = tui.wait_for("MEETING-SAFE");
    assert!(!s.contains("Siân"), "{s}");
    assert!(s.contains("Member M-"), "{s}");
    tui.send(b"q");
    assert_eq!(tui.exit_code(), 0);
}

#[test]
fn meeting_safe_is_remembered_for_the_council() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), 24, 80, &[]);
    tui.wait_for("Welcome to clerkdesk");
    tui.send(b"d");
    tui.wait_for("Siân ap Dafydd");
    tui.send(b"\x0c"); // Ctrl-L, for keyboards without F12
    tui.wait_for("MEETING-SAFE");
    tui.send(b"q");
    assert_eq!(tui.exit_code(), 0);
    // The last council used opens by default, still masked.
    let mut again = Tui::start(home.path(), 24, 80, &[]);
    let s = again.wait_for("MEETING-SAFE");
    assert!(!s.contains("Siân"), "{s}");
    again.send(b"q");
    assert_eq!(again.exit_code(), 0);
}

#[test]
fn a_large_terminal_shows_offices_and_the_detail_beside_the_list() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), 50, 200, &[]);
    tui.wait_for("Welcome to clerkdesk");
    tui.send(b"d");
    let s = tui.wait_for("Chairman");
    assert!(s.contains("Detail"), "{s}");
    tui.send(b"\x03"); // Ctrl-C quits the same safe way
    assert_eq!(tui.exit_code(), 0);
}
