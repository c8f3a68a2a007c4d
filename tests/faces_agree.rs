//! Both faces give the same refusal, rule and clause for the same step (issue 10): each row is a
//! record of the demo council in a state where a step is not open, refused once by
//! `clerkdesk <kind> do REF ACTION` (exit 3) and once by its key on the TUI's screen (the `Model`
//! driven as the terminal drives it), and the two must say the very same thing.

mod common;

use chrono::NaiveDate;
use clerkdesk::places::Places;
use clerkdesk::session::Session;
use clerkdesk::ui::{Model, Msg, Start};
use common::{Home, TODAY};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One refused step: the tab and the filter that select the record on the screen, the step's key,
/// and the same step at the command line.
struct Row {
    tab: char,
    find: &'static str,
    key: char,
    cli: &'static [&'static str],
    rule: &'static str,
}

const ROWS: &[Row] = &[
    // A relationship with notifications missing cannot become active (R-D1).
    Row {
        tab: '4',
        find: "D-0001",
        key: 'v',
        cli: &["disclosures", "do", "D-0001", "activate"],
        rule: "R-D1",
    },
    // A member's DPI notification registered already (R-M3).
    Row {
        tab: '1',
        find: "Margaret Hill",
        key: 'd',
        cli: &["members", "do", "M-001", "dpi"],
        rule: "R-M3",
    },
    // The protocol already given to an officer, and by whom (R-O2).
    Row {
        tab: '2',
        find: "Robert Fenwick",
        key: 'p',
        cli: &[
            "officers",
            "do",
            "O-002",
            "record-briefing",
            "--by",
            "Clara Whitcombe",
        ],
        rule: "R-O2",
    },
    // A recruitment panel recorded already (R-O1).
    Row {
        tab: '2',
        find: "Sam Ellery",
        key: 'r',
        cli: &[
            "officers",
            "do",
            "O-004",
            "recruited",
            "--panel",
            "Robert Fenwick",
        ],
        rule: "R-O1",
    },
    // A concern just raised cannot be decided (R-E2.4).
    Row {
        tab: '3',
        find: "G-2026-002",
        key: 'd',
        cli: &["case", "do", "G-2026-002", "decide"],
        rule: "R-E2.4",
    },
    // No notice of election yet: no poll to record (R-P1).
    Row {
        tab: '5',
        find: "E-1 ",
        key: 'p',
        cli: &["blackout", "do", "E-1", "record-poll"],
        rule: "R-P1",
    },
    // Publicity is checked before it is approved (R-P2): the newsletter is a draft.
    Row {
        tab: '5',
        find: "Winter newsletter",
        key: 'v',
        cli: &["publicity", "do", "P-1", "approve"],
        rule: "R-P2",
    },
    // A group report cannot complete while a group is untold (R-G2).
    Row {
        tab: '6',
        find: "GR-1",
        key: 'x',
        cli: &["requests", "do", "GR-1", "complete"],
        rule: "R-G2",
    },
    // Nor a group meeting's record (R-G3).
    Row {
        tab: '6',
        find: "GA-1",
        key: 'x',
        cli: &["requests", "do", "GA-1", "complete"],
        rule: "R-G3",
    },
    // An information request is assessed before anything else (R-I1).
    Row {
        tab: '6',
        find: "RQ-2026-003",
        key: 'x',
        cli: &["requests", "do", "RQ-2026-003", "close"],
        rule: "R-I1",
    },
    // A gift notified already is not notified again (R-D5).
    Row {
        tab: '7',
        find: "H-0001",
        key: 'o',
        cli: &["gifts", "do", "H-0001", "notify"],
        rule: "R-D5",
    },
    // A dispensation granted already is not granted again (R-D6).
    Row {
        tab: '8',
        find: "D-0001",
        key: 'y',
        cli: &["dispensations", "do", "D-0001", "grant"],
        rule: "R-D6",
    },
    // A subject access request is extended once at most (R-DP1).
    Row {
        tab: '9',
        find: "S-0001",
        key: 'x',
        cli: &["sar", "do", "S-0001", "extend"],
        rule: "R-DP1",
    },
];

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

fn key(model: &mut Model, code: KeyCode) {
    model.update(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn keys(model: &mut Model, text: &str) {
    for c in text.chars() {
        key(model, KeyCode::Char(c));
    }
}

/// What the screen says when the row's key is pressed on its record of the demo council.
fn screen_says(home: &Home, row: &Row) -> String {
    screen_in(&home.demo_store(), home, row)
}

/// What the screen says when the row's key is pressed on its record of the council in `store`.
fn screen_in(store: &std::path::Path, home: &Home, row: &Row) -> String {
    let session = Session::open(store, today(), "Clerk").unwrap();
    let mut model = Model::new(Start {
        places: Places::at(home.path()),
        session: Some(session),
        target: None,
        today: today(),
        actor: "Clerk".into(),
    });
    keys(&mut model, &row.tab.to_string());
    keys(&mut model, "/");
    keys(&mut model, row.find);
    key(&mut model, KeyCode::Enter);
    keys(&mut model, &row.key.to_string());
    assert!(
        model.form.is_none(),
        "{:?}: the key opened a form for a step that is not open",
        row.cli
    );
    let said = model
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    // A key that did nothing says nothing: show the screen, so the failure says why.
    if said.is_empty() {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 30)).unwrap();
        terminal
            .draw(|f| clerkdesk::ui::view::view(&model, f))
            .unwrap();
        eprintln!("{:?}", terminal.backend());
    }
    said
}

/// The refusal without the word each face puts before it ("refused:" / "Refused:").
fn refusal(said: &str) -> &str {
    said.split_once("efused: ")
        .map(|(_, r)| r.trim())
        .unwrap_or_else(|| panic!("not a refusal: {said}"))
}

#[test]
fn both_faces_refuse_the_same_step_with_the_same_rule_and_clause() {
    let home = Home::with_demo();
    for row in ROWS {
        let cli = home.err(3, row.cli);
        let screen = screen_says(&home, row);
        let (cli, screen) = (refusal(&cli), refusal(&screen));
        assert_eq!(cli, screen, "{:?}", row.cli);
        assert!(
            cli.contains(&format!("({} — ", row.rule)),
            "{:?} cites {}: {cli}",
            row.cli,
            row.rule
        );
    }
    // Nothing changed: every record still refuses as it did.
    for row in ROWS {
        home.err(3, row.cli);
    }
}

/// A council of `model` with one member and one assessed information request (RQ-2026-001).
fn council_of(model: &str) -> Home {
    let home = Home::new();
    home.ok(&[
        "init",
        "--name",
        "Testford Parish Council",
        "--kind",
        "parish",
        "--protocol",
        model,
        "--groups",
        "Labour,Green",
    ]);
    home.ok(&[
        "members",
        "add",
        "--name",
        "Ann Example",
        "--term-start",
        "2026-05-01",
        "--group",
        "Labour",
    ]);
    home.ok(&[
        "requests",
        "new",
        "info",
        "--member",
        "M-001",
        "--what",
        "the grounds maintenance contract",
        "--on",
        "2026-11-20",
    ]);
    home.ok(&[
        "requests",
        "do",
        "RQ-2026-001",
        "assess",
        "--basis",
        "need-to-know",
        "--reason",
        "ward business",
    ]);
    home
}

#[test]
fn both_faces_cite_the_councils_own_protocol_under_every_model() {
    let row = Row {
        tab: '6',
        find: "RQ-2026-001",
        key: 'x',
        cli: &["requests", "do", "RQ-2026-001", "close"],
        rule: "R-I5",
    };
    for (model, clause) in [
        ("banbury", "CAV §3.1d"),
        ("toolkit", "TWY §3.1"),
        ("town", "LLTC §5.4, §8.3"),
        ("borough", "BOR sets no time: the profile default"),
    ] {
        let home = council_of(model);
        let cli = home.err(3, row.cli);
        let store = home.path().join("councils/testford-parish-council");
        let screen = screen_in(&store, &home, &row);
        let (cli, screen) = (refusal(&cli), refusal(&screen));
        assert_eq!(cli, screen, "{model}");
        assert!(
            cli.ends_with(&format!("({} — {clause})", row.rule)),
            "{model}: {cli}"
        );
    }
}
