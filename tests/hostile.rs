//! Hostile text: control characters and escape sequences (ESC [2J, OSC 0 title, OSC 52 clipboard,
//! the C1 CSI U+009B, bidi overrides) must never reach the clerk's terminal. Where clerkdesk accepts
//! text it refuses control characters with a clear message; where such text is in the store anyway
//! (a buggy or hostile tool wrote it, or bidi overrides, which are not control characters), every
//! screen, the real binary's output in a pseudo-terminal and the CLI's table, CSV and JSON are clean.

use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use portable_pty::{native_pty_system, CommandBuilder, PtySize};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

use clerkdesk::domain::audit::Subject;
use clerkdesk::domain::grievance::{CaseInput, Channel, PersonRef};
use clerkdesk::domain::member::MemberInput;
use clerkdesk::domain::officer::OfficerInput;
use clerkdesk::places::{self, Places};
use clerkdesk::session::Session;
use clerkdesk::store::{AuditDraft, Store, Write};
use clerkdesk::ui::theme::Theme;
use clerkdesk::ui::{view, Model, Msg, Start};

const TODAY: &str = "2026-11-22";
const OSC_TITLE: &str = "\x1b]0;pwned\x07";
const OSC_CLIPBOARD: &str = "\x1b]52;c;cm0gLXJmIH4=\x07";
const CLEAR: &str = "\x1b[2J";
const C1_CSI: &str = "\u{9b}31m";
const BIDI: &str = "\u{202e}";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Visible text, then every kind of escape, then more visible text.
fn hostile(label: &str) -> String {
    format!(
        "{label}{OSC_TITLE}{CLEAR}{OSC_CLIPBOARD}{C1_CSI}{BIDI}gnp.exe\r\x08\x00\x7f\u{2066}end"
    )
}

fn is_bidi(c: char) -> bool {
    ('\u{202A}'..='\u{202E}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
}

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_clerkdesk")
}

fn clerkdesk(home: &Path, args: &[&str]) -> std::process::Output {
    Command::new(bin())
        .args(args)
        .env("CLERKDESK_HOME", home)
        .env("CLERKDESK_TODAY", TODAY)
        .env_remove("CLERKDESK_STORE")
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

/// The demo council in `home/councils/demo`.
fn demo_store(home: &Path) -> PathBuf {
    let dir = home.join("councils").join("demo");
    let mut s = Session::open(&dir, today(), "Clerk").unwrap();
    s.load_demo().unwrap();
    dir
}

/// Bytes a terminal would act on: ESC, BEL, the C1 range, any other C0 control but newline, and
/// bidi overrides. Returns a description of the first one found.
fn unsafe_bytes(out: &[u8], allow_newlines: bool) -> Option<String> {
    let text = String::from_utf8_lossy(out);
    for (i, c) in text.char_indices() {
        let allowed = allow_newlines && (c == '\n' || c == '\r');
        if (c.is_control() && !allowed) || is_bidi(c) {
            let start = i.saturating_sub(40);
            let end = (i + 40).min(text.len());
            let context: String = text
                .get(start..end)
                .unwrap_or("")
                .chars()
                .flat_map(char::escape_debug)
                .collect();
            return Some(format!("U+{:04X} at byte {i}: …{context}…", c as u32));
        }
    }
    None
}

/// Writes hostile text straight into the store, as a buggy or hostile tool could: a member's name
/// and ward, an officer's name and title, a case's summary, its raiser and closing note, a
/// disclosure's description, the council's name and an audit event's actor and note.
fn poison(dir: &Path) -> String {
    let session = Session::open(dir, today(), "Clerk").unwrap();
    let mut council = session.council.clone().unwrap();
    council.name = hostile("Hostile Parish Council");
    let mut member = session.members[0].clone();
    member.name = hostile("Eve Hostile");
    member.ward = hostile("Ward");
    let mut officer = session.officers[0].clone();
    officer.name = hostile("Mallory Hostile");
    officer.title = Some(hostile("Title"));
    let mut case = session.cases[0].clone();
    case.summary = format!("{}\nsecond line\tand a tab", hostile("Summary"));
    case.raised_by = PersonRef::Other(hostile("Trudy Hostile"));
    case.closing_note = Some(hostile("Closing"));
    let mut disclosure = session.disclosures.first().cloned();
    if let Some(d) = disclosure.as_mut() {
        d.description = hostile("Description");
    }
    let subject = Session::case_subject(&case.reference);
    drop(session);
    let store = Store::open(dir).unwrap();
    let mut writes = vec![
        Write::put(&council),
        Write::put(&member),
        Write::put(&officer),
        Write::put(&case),
    ];
    if let Some(d) = &disclosure {
        writes.push(Write::put(d));
    }
    let event = AuditDraft {
        at: today().and_hms_opt(9, 0, 0).unwrap(),
        actor: hostile("Actor"),
        subject: Subject(subject.0.clone()),
        action: hostile("action"),
        changes: Vec::new(),
        note: Some(hostile("Note")),
        cite: None,
    };
    let member_event = AuditDraft {
        subject: Session::member_subject(member.id),
        ..event.clone()
    };
    store.commit(writes, vec![event, member_event]).unwrap();
    drop(store);
    // The switcher reads the council's name from a file beside the store.
    places::write_name(dir, &hostile("Switcher Council"));
    case.reference
}

fn screen_text(terminal: &Terminal<TestBackend>) -> Result<String, String> {
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let symbol = buf[(x, y)].symbol();
            if let Some(c) = symbol.chars().find(|c| c.is_control() || is_bidi(*c)) {
                return Err(format!(
                    "cell ({x},{y}) holds U+{:04X} ({symbol:?})",
                    c as u32
                ));
            }
            out.push_str(symbol);
        }
        out.push('\n');
    }
    Ok(out)
}

#[test]
fn csv_import_refuses_control_characters_in_names_line_by_line() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let before = Session::open(&dir, today(), "Clerk").unwrap().members.len();
    let file = home.path().join("members.csv");
    let mut csv = String::from("name,ward,term_start\n");
    csv.push_str("Ann Good,North,2026-05-07\n");
    csv.push_str(&format!("\"Eve{OSC_TITLE}\",North,2026-05-07\n"));
    csv.push_str(&format!("\"Mallory{CLEAR}\",South,2026-05-07\n"));
    csv.push_str(&format!("\"Trudy{C1_CSI}\",Vale,2026-05-07\n"));
    csv.push_str(&format!("Victor,\"Vale{OSC_CLIPBOARD}\",2026-05-07\n"));
    std::fs::write(&file, csv).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let out = clerkdesk(
        home.path(),
        &[
            "--store",
            dir.to_str().unwrap(),
            "import",
            "members",
            file.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for line in [3, 4, 5, 6] {
        let tag = format!("members.csv:{line}:");
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&tag) && l.contains("control character")),
            "line {line} should be named with the reason:\n{stderr}"
        );
    }
    assert!(
        !stderr.contains("members.csv:2:"),
        "the good line is not blamed:\n{stderr}"
    );
    assert_eq!(
        unsafe_bytes(&out.stderr, true),
        None,
        "the message must not echo the escapes"
    );
    // All or nothing: not even the good line went in.
    let after = Session::open(&dir, today(), "Clerk").unwrap().members.len();
    assert_eq!(before, after);
}

#[test]
fn free_text_fields_refuse_escapes_but_keep_tabs_and_newlines() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let mut s = Session::open(&dir, today(), "Clerk").unwrap();
    let raised_by = PersonRef::Officer(s.officers[1].id);
    let about = PersonRef::Member(s.members[0].id);
    let proposal = s.triage(&raised_by, &about, Channel::Email).unwrap();
    let input = |summary: String| CaseInput {
        raised_by: raised_by.clone(),
        about: about.clone(),
        channel: Channel::Email,
        raised_on: TODAY.into(),
        summary,
        confidential: false,
    };
    let cases = s.cases.len();
    for bad in [OSC_TITLE, CLEAR, OSC_CLIPBOARD, C1_CSI, "\x07", "\r"] {
        let err = s
            .open_case(
                &input(format!("Summary {bad} end")),
                &proposal,
                proposal.path,
                "",
            )
            .unwrap_err()
            .to_string();
        assert!(err.contains("control character"), "{bad:?}: {err}");
        assert!(!err.chars().any(char::is_control), "{err:?}");
    }
    assert_eq!(s.cases.len(), cases, "nothing half-written");
    // Tabs and newlines are text a clerk types: kept in the record.
    let opened = s
        .open_case(
            &input("Line one\n\tindented line two".into()),
            &proposal,
            proposal.path,
            "",
        )
        .unwrap();
    assert!(opened[0].summary.contains('\n') && opened[0].summary.contains('\t'));

    let member = MemberInput {
        name: format!("Eve{OSC_TITLE}"),
        ward: "North".into(),
        term_start: TODAY.into(),
        ..MemberInput::default_for_tests()
    };
    let err = s.add_member(&member).unwrap_err().to_string();
    assert!(err.contains("control character"), "{err}");
    let officer = OfficerInput {
        name: "Olive Officer".into(),
        post: "Assistant".into(),
        title: format!("Assistant{C1_CSI}"),
        employment: "employee".into(),
        line_manager: String::new(),
        started: TODAY.into(),
        ..OfficerInput::default()
    };
    let err = s.add_officer(&officer).unwrap_err().to_string();
    assert!(err.contains("control character"), "{err}");
    drop(s);

    // The accepted tab and newline never reach a cell as control characters.
    let session = Session::open(&dir, today(), "Clerk").unwrap();
    let reference = opened[0].reference.clone();
    let mut model = model_on(home.path(), session);
    model.update(key('3'));
    model.update(key('/'));
    for c in reference.chars() {
        model.update(key(c));
    }
    model.update(code(KeyCode::Enter));
    model.update(code(KeyCode::Enter));
    let mut terminal = Terminal::new(TestBackend::new(140, 45)).unwrap();
    terminal.draw(|f| view::view(&model, f)).unwrap();
    let screen = screen_text(&terminal).unwrap();
    assert!(screen.contains("Line one"), "{screen}");
}

/// `MemberInput` has no `Default`; this is the empty form.
trait EmptyForm {
    fn default_for_tests() -> Self;
}

impl EmptyForm for MemberInput {
    fn default_for_tests() -> Self {
        MemberInput {
            name: String::new(),
            sort_name: String::new(),
            ward: String::new(),
            group: String::new(),
            joined_by: String::new(),
            term_start: String::new(),
            dpi_registered: String::new(),
            email: String::new(),
            phone: String::new(),
        }
    }
}

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(k: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(k, KeyModifiers::NONE))
}

fn model_on(home: &Path, session: Session) -> Model {
    let mut model = Model::new(Start {
        places: Places::at(home),
        session: Some(session),
        target: None,
        today: today(),
        actor: "Clerk".into(),
    });
    model.theme = Theme { color: true };
    model
}

#[test]
fn hostile_records_in_the_store_never_reach_a_cell() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let _ = poison(&dir);
    let session = Session::open(&dir, today(), "Clerk").unwrap();
    let mut model = model_on(home.path(), session);
    let mut seen = String::new();
    let mut check = |model: &Model, what: &str| {
        for (w, h) in [(200, 60), (120, 40), (80, 24), (40, 12)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
            terminal.draw(|f| view::view(model, f)).unwrap();
            match screen_text(&terminal) {
                Ok(s) => seen.push_str(&s),
                Err(e) => panic!("{what} at {w}x{h}: {e}"),
            }
        }
    };
    check(&model, "members list");
    for tab in '1'..='6' {
        model.update(key(tab));
        check(&model, &format!("tab {tab}"));
        model.update(code(KeyCode::Enter));
        check(&model, &format!("tab {tab}, first record open"));
        model.update(code(KeyCode::Esc));
        // Meeting-safe mode masks names; its screens must be clean too.
        model.update(code(KeyCode::F(12)));
        check(&model, &format!("tab {tab}, meeting-safe"));
        model.update(code(KeyCode::F(12)));
    }
    // The case whose summary, raiser and audit trail are hostile, found through the filter.
    model.update(key('3'));
    model.update(key('a'));
    model.update(key('/'));
    for c in "trudy".chars() {
        model.update(key(c));
    }
    model.update(code(KeyCode::Enter));
    model.update(code(KeyCode::Enter));
    check(&model, "the hostile case, open with its timeline");
    model.update(code(KeyCode::Esc));
    model.update(key('1'));
    model.update(code(KeyCode::Enter));
    check(&model, "the hostile member, open with its timeline");
    model.update(code(KeyCode::Esc));
    model.update(key('s'));
    check(&model, "the council switcher");
    model.update(code(KeyCode::Esc));
    model.update(key('?'));
    check(&model, "help");
    // The hostile records were on screen (the test looked at them, not at an empty list).
    for visible in [
        "Eve Hostile",
        "Mallory Hostile",
        "Hostile Parish Council",
        "Trudy Hostile",
        "Switcher Council",
    ] {
        assert!(seen.contains(visible), "{visible} never shown");
    }
}

/// The real binary in a pseudo-terminal: every byte it writes, recorded.
struct Pty {
    raw: Arc<Mutex<Vec<u8>>>,
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn std::io::Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Pty {
    fn start(home: &Path, store: &Path) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 140,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(bin());
        cmd.arg("--store");
        cmd.arg(store);
        cmd.env("CLERKDESK_HOME", home);
        cmd.env("CLERKDESK_TODAY", TODAY);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(40, 140, 0)));
        let (raw_sink, screen_sink) = (Arc::clone(&raw), Arc::clone(&parser));
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
                screen_sink.lock().unwrap().process(&buf[..n]);
            }
        });
        std::mem::forget(pty.master);
        Pty {
            raw,
            parser,
            writer,
            child,
        }
    }

    fn wait_for(&self, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.parser.lock().unwrap().screen().contents();
            if s.contains(what) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?}:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
        std::thread::sleep(Duration::from_millis(150));
    }

    fn finish(mut self) -> Vec<u8> {
        self.send(b"q");
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "clerkdesk did not exit");
            std::thread::sleep(Duration::from_millis(30));
        }
        std::thread::sleep(Duration::from_millis(100));
        let raw = self.raw.lock().unwrap().clone();
        raw
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn the_real_binary_writes_no_hostile_sequence_to_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let _ = poison(&dir);
    std::thread::sleep(Duration::from_millis(200));
    let mut tui = Pty::start(home.path(), &dir);
    tui.wait_for("Eve Hostile");
    for tab in [b"1", b"2", b"3", b"4", b"5", b"6"] {
        tui.send(tab);
        tui.send(b"a");
        tui.send(b"\r");
        tui.send(b"\x1b");
    }
    tui.send(b"3");
    tui.send(b"/trudy\r\r");
    tui.wait_for("Trudy Hostile");
    tui.send(b"\x1b");
    tui.send(b"s");
    tui.wait_for("Switcher Council");
    tui.send(b"\x1b");
    let raw = tui.finish();
    assert!(!raw.is_empty());
    for (what, needle) in [
        ("OSC 0 (title)", b"\x1b]0;".as_slice()),
        ("OSC 52 (clipboard)", b"\x1b]52".as_slice()),
        ("C1 CSI U+009B", "\u{9b}".as_bytes()),
        ("bidi override U+202E", "\u{202e}".as_bytes()),
        ("bidi isolate U+2066", "\u{2066}".as_bytes()),
        ("BEL", b"\x07".as_slice()),
    ] {
        assert!(
            !contains(&raw, needle),
            "{what} reached the terminal in {} bytes of output",
            raw.len()
        );
    }
}

#[test]
fn cli_table_csv_and_json_are_clean() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let reference = poison(&dir);
    std::thread::sleep(Duration::from_millis(200));
    let store = dir.to_str().unwrap();
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for what in ["members", "officers"] {
        for format in ["table", "csv", "json"] {
            runs.push(vec![
                "--store", store, what, "list", "--all", "--format", format,
            ]);
        }
    }
    runs.push(vec!["--store", store, "audit"]);
    runs.push(vec!["--store", store, "audit", "--subject", "member M-001"]);
    for format in ["table", "csv", "json"] {
        runs.push(vec!["--store", store, "case", "list", "--format", format]);
    }
    runs.push(vec!["--store", store, "case", "show", &reference]);
    let mut shown = String::new();
    for args in &runs {
        let out = clerkdesk(home.path(), args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if let Some(bad) = unsafe_bytes(&out.stdout, true) {
            panic!("{args:?} wrote {bad}");
        }
        if let Some(bad) = unsafe_bytes(&out.stderr, true) {
            panic!("{args:?} wrote on stderr {bad}");
        }
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        if args.contains(&"json") {
            for escaped in ["\\u001b", "\\u0007", "\\u009b", "\\u202e", "\\u0000"] {
                assert!(
                    !text.to_lowercase().contains(escaped),
                    "{args:?}: JSON carries {escaped}, which `jq -r` would turn back into the escape"
                );
            }
        }
        shown.push_str(&text);
    }
    for visible in [
        "Eve Hostile",
        "Mallory Hostile",
        "Title",
        "Note",
        "Trudy Hostile",
    ] {
        assert!(shown.contains(visible), "{visible} never listed");
    }
}

#[test]
fn invisible_characters_are_refused_by_name_in_the_cli_and_csv_import() {
    let home = tempfile::tempdir().unwrap();
    let dir = demo_store(home.path());
    let store = dir.to_str().unwrap();
    let cases = [
        ('\u{200B}', "U+200B ZERO WIDTH SPACE"),
        ('\u{200F}', "U+200F RIGHT-TO-LEFT MARK"),
        ('\u{00AD}', "U+00AD SOFT HYPHEN"),
        ('\u{FEFF}', "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ('\u{2028}', "U+2028 LINE SEPARATOR"),
        ('\u{202E}', "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ];
    for (c, named) in cases {
        let name = format!("Ann{c}Lee");
        let out = clerkdesk(
            home.path(),
            &[
                "--store",
                store,
                "members",
                "add",
                "--name",
                &name,
                "--ward",
                "North",
                "--term-start",
                "2026-05-07",
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{c:?}: {stderr}");
        assert!(stderr.contains(named), "{c:?}: {stderr}");
        assert!(!stderr.contains(c), "the message names it, not echoes it");
    }

    let file = home.path().join("members.csv");
    let mut csv = String::from("name,ward,term_start\nAnn Good,North,2026-05-07\n");
    for (c, _) in cases {
        csv.push_str(&format!("Eve{c}Smith,North,2026-05-07\n"));
    }
    std::fs::write(&file, csv).unwrap();
    let out = clerkdesk(
        home.path(),
        &[
            "--store",
            store,
            "import",
            "members",
            file.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for (i, (_, named)) in cases.iter().enumerate() {
        let tag = format!("members.csv:{}:", i + 3);
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&tag) && l.contains(named)),
            "line {} should name {named}:\n{stderr}",
            i + 3
        );
    }
    let members = Session::open(&dir, today(), "Clerk").unwrap().members;
    assert!(!members.iter().any(|m| m.name.contains("Good")));
}

#[test]
fn a_bad_argument_is_not_echoed_raw_by_the_argument_parser() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        vec!["members", "list", "--format", "csv\x1b]0;pwned\x07\x1b[2J"],
        vec!["--today", "2026\x1b[31m-01-01\u{202e}", "councils"],
        vec!["no-such-command\x1b]52;c;cm0=\x07"],
    ] {
        let out = clerkdesk(home.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.trim().is_empty());
        assert_eq!(
            unsafe_bytes(&out.stderr, true),
            None,
            "{args:?}: the argument must not reach the terminal raw:\n{stderr:?}"
        );
    }
    // Help still prints, and succeeds.
    let out = clerkdesk(home.path(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Usage"));
}
