//! Issue #14, what was left: the register tabs (7–9) on the shared widgets, long text wrapped at
//! words by display width where the clerk reads it back, and the council switcher's due counts.

use crossterm::event::KeyCode;

use ratatui::backend::TestBackend;
use ratatui::Terminal;

use super::tests::{today, Harness};
use crate::domain::due;

/// The screen as the clerk sees it: a wide character (CJK) once, not followed by the blank of the
/// cell it also covers (as `Harness::screen` shows it).
fn screen(h: &Harness, w: u16, ht: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, ht)).unwrap();
    terminal.draw(|f| super::view::view(&h.model, f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..ht {
        let mut x = 0;
        while x < w {
            let symbol = buf[(x, y)].symbol();
            out.push_str(symbol);
            x += u16::try_from(ratatui::text::Span::raw(symbol).width().max(1)).unwrap_or(1);
        }
        out.push('\n');
    }
    out
}

/// The rows inside the box titled `title` (an overlay: what is around it left out), as drawn at
/// `w`x`ht`.
fn boxed(h: &Harness, w: u16, ht: u16, title: &str) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(w, ht)).unwrap();
    terminal.draw(|f| super::view::view(&h.model, f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let row = |y: u16, from: u16, to: u16| -> String {
        let mut out = String::new();
        let mut x = from;
        while x < to {
            let symbol = buf[(x, y)].symbol();
            out.push_str(symbol);
            x += u16::try_from(ratatui::text::Span::raw(symbol).width().max(1)).unwrap_or(1);
        }
        out
    };
    let top = (0..ht)
        .find(|y| row(*y, 0, w).contains(title))
        .unwrap_or_else(|| panic!("no box {title}"));
    let left = (0..w)
        .filter(|x| buf[(*x, top)].symbol() == "┌")
        .find(|x| row(top, *x, w).contains(title))
        .unwrap();
    let right = (left + 1..w)
        .find(|x| buf[(*x, top)].symbol() == "┐")
        .unwrap();
    (top + 1..ht)
        .take_while(|y| buf[(left, *y)].symbol() != "└")
        .map(|y| row(y, left + 1, right))
        .collect()
}

/// The rows inside the first box on the screen (its borders taken off): an open record's pane.
fn pane_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .skip_while(|l| !l.contains('┌'))
        .skip(1)
        .take_while(|l| !l.contains('└'))
        .map(|l| {
            let inner = l.trim_start_matches(|c| c != '│').trim_start_matches('│');
            inner
                .trim_end_matches(|c| c != '│')
                .trim_end_matches('│')
                .to_string()
        })
        .collect()
}

fn words(rows: &[String]) -> Vec<String> {
    rows.iter()
        .flat_map(|r| r.split_whitespace().map(str::to_string))
        .collect()
}

/// `part`'s words one after another, whole, somewhere in `all`.
fn contains_run(all: &[String], part: &[String]) -> bool {
    !part.is_empty() && all.windows(part.len()).any(|w| w == part)
}

/// Each register tab's open record (every record, each size): its words are those of the same
/// record drawn wide, in the same order, none cut; at 80x24 the pane shows a prefix of them
/// (the rest scrolls), at 200x50 all of them. The list above it fits its columns with "…".
#[test]
fn register_details_wrap_whole_words_at_every_size() {
    let mut h = Harness::demo();
    for tab in ["7", "8", "9"] {
        h.keys(tab);
        let refs = h.model.visible_refs(h.model.tab);
        assert!(!refs.is_empty(), "the demo has entries on tab {tab}");
        for (i, reference) in refs.iter().enumerate() {
            h.key(KeyCode::Home);
            for _ in 0..i {
                h.key(KeyCode::Down);
            }
            h.key(KeyCode::Enter);
            let wide = words(&pane_rows(&screen(&h, 400, 100)));
            assert!(wide.contains(reference), "{reference}: {wide:?}");
            for (w, ht) in [(80, 24), (200, 50)] {
                let rows = pane_rows(&screen(&h, w, ht));
                let width = usize::from(w - 2);
                assert!(
                    rows.iter()
                        .all(|r| ratatui::text::Span::raw(r.as_str()).width() <= width),
                    "{rows:#?}"
                );
                let shown = words(&rows);
                assert!(
                    shown.len() > 8,
                    "tab {tab} {reference} at {w}x{ht}: {rows:#?}"
                );
                assert_eq!(
                    shown[..],
                    wide[..shown.len()],
                    "tab {tab} {reference} at {w}x{ht}: a word cut or lost"
                );
                if ht == 50 {
                    assert_eq!(shown, wide, "tab {tab} {reference}: all of it at 200x50");
                }
            }
            h.key(KeyCode::Esc);
        }
    }
}

/// A long summary with Welsh and CJK characters, read back in the open record: every word whole,
/// in order, nothing lost, at 80x24 and 200x50; and the same in the list's detail pane beside or
/// below the list.
#[test]
fn a_long_summary_with_wide_characters_wraps_at_words() {
    let mut h = Harness::demo();
    let what = "Pob cofnod am yr ŵyl flynyddol yn Llanwrtyd a'r cais cynllunio, gan gynnwys \
                e-byst 議會書記官の会議記録 以及 所有 相關 文件, and the minutes of every meeting \
                since 2021 where the allotments at Tŷ'r Ŵyn were discussed with the clerk";
    let input = crate::domain::sar::SarInput {
        requester: "Gwenllian Ŵyn".into(),
        received_on: "2026-11-20".into(),
        what: what.into(),
    };
    let reference = {
        let s = h.model.session.as_mut().unwrap();
        s.add_sar(&input).unwrap().reference()
    };
    h.model.lists_changed();
    h.keys("9");
    h.keys(&format!("/{reference}"));
    h.key(KeyCode::Enter);
    let expected: Vec<String> = what.split_whitespace().map(str::to_string).collect();
    // In the detail pane beside (200x50) or below (80x24) the list.
    for (w, ht) in [(80, 24), (200, 50)] {
        let s = screen(&h, w, ht);
        let all: Vec<String> = s
            .lines()
            .map(|l| {
                // The detail pane's part of each row: after the list's box when side by side.
                let parts: Vec<&str> = l.split('│').collect();
                parts[parts.len().saturating_sub(2).min(parts.len() - 1)..].join(" ")
            })
            .collect();
        assert!(contains_run(&words(&all), &expected), "at {w}x{ht}:\n{s}");
    }
    h.key(KeyCode::Enter);
    for (w, ht) in [(80, 24), (200, 50)] {
        let s = screen(&h, w, ht);
        assert!(
            contains_run(&words(&pane_rows(&s)), &expected),
            "open at {w}x{ht}:\n{s}"
        );
    }
}

/// A refusal longer than three rows on the status line wraps at words by display width, all of
/// it shown (it used to be counted in characters and held to three rows, losing its end).
#[test]
fn a_long_refusal_on_the_status_line_is_never_cut() {
    let mut h = Harness::demo();
    h.keys("9");
    let refusal = "Refused (R-DP1, UK GDPR Art 12(3)): the answer to Gwenllian Ŵyn's request \
                   cannot be extended before proof of identity is recorded; record the identity \
                   first (i), then extend with the reason told to the requester within the first \
                   month. 議會書記官の会議記録 以及 所有 相關 文件 must be searched before the \
                   answer, and the clerk keeps a note of every search made for Tŷ'r Ŵyn.";
    h.model.error(refusal);
    let expected: Vec<String> = refusal.split_whitespace().map(str::to_string).collect();
    for (w, ht) in [(80, 24), (200, 50)] {
        let s = screen(&h, w, ht);
        let all: Vec<String> = s.lines().map(str::to_string).collect();
        assert!(contains_run(&words(&all), &expected), "at {w}x{ht}:\n{s}");
    }
}

/// Issue #14 item 8: a council closed with overdue items shows its counts in another's switcher,
/// from the summary it wrote on closing (counts only: no name, no reference); a damaged summary
/// shows "—".
#[test]
fn the_switcher_shows_each_councils_overdue_count_from_its_summary() {
    let mut h = Harness::demo();
    let (demo_path, counts, names) = {
        let s = h.model.session.as_ref().unwrap();
        let counts = due::counts(&s.due_dates(), today());
        let mut names: Vec<String> = s.members.iter().map(|m| m.name.clone()).collect();
        names.extend(s.officers.iter().map(|o| o.name.clone()));
        names.extend(s.due_dates().iter().map(|d| d.key.clone()));
        (s.store_path().to_path_buf(), counts, names)
    };
    assert!(counts.overdue > 0, "the demo has something overdue");
    // The open council's own counts, live.
    h.keys("s");
    let own = format!(
        "{} overdue, {} due this week",
        counts.overdue, counts.this_week
    );
    assert!(screen(&h, 80, 24).contains(&own), "{}", screen(&h, 80, 24));
    // A new council: the demo closes and writes its summary.
    h.key(KeyCode::End);
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert!(h.model.session.is_none(), "closed");
    h.keys("n");
    h.keys("Brook Town Council");
    h.key(KeyCode::Enter);
    let open = h
        .model
        .session
        .as_ref()
        .map(|s| s.store_path().to_path_buf());
    assert!(
        open.is_some_and(|p| p != demo_path),
        "{}",
        screen(&h, 80, 24)
    );
    h.keys("s");
    for (w, ht) in [(80, 24), (200, 50)] {
        let s = screen(&h, w, ht);
        let row = s
            .lines()
            .find(|l| l.contains("Ashcombe"))
            .unwrap_or_else(|| panic!("listed:\n{s}"));
        assert!(row.contains(&own), "{row}\n{s}");
        // The open council counts from its own records (its documents are owed, R-O4).
        let brook = s.lines().find(|l| l.contains("Brook Town Council (open)"));
        assert!(brook.is_some_and(|b| b.contains("overdue")), "{s}");
    }
    // The file holds the counts and the day, and nothing else.
    let file = h
        .model
        .places
        .root()
        .join("summaries")
        .join(demo_path.file_name().unwrap());
    let text = std::fs::read_to_string(&file).unwrap();
    for name in &names {
        assert!(!text.contains(name.as_str()), "{name} in {text}");
    }
    assert!(!text.contains("M-0") && !text.contains("G-20"), "{text}");
    // Counts taken on another day say so.
    h.key(KeyCode::Esc);
    std::fs::write(
        &file,
        "clerkdesk due summary 1\non 2026-11-20\noverdue 4\ndue this week 1\n",
    )
    .unwrap();
    h.keys("s");
    let s = screen(&h, 80, 24);
    let row = s.lines().find(|l| l.contains("Ashcombe")).unwrap();
    assert!(
        row.contains("4 overdue, 1 due this week (on 2026-11-20)"),
        "{s}"
    );
    // Damaged: "—", never an error.
    h.key(KeyCode::Esc);
    std::fs::write(&file, "clerkdesk due summary 1\noverdue lots\n").unwrap();
    h.keys("s");
    let s = screen(&h, 80, 24);
    let row = s.lines().find(|l| l.contains("Ashcombe")).unwrap();
    assert!(row.contains('—') && !row.contains("overdue"), "{s}");
    assert!(h
        .model
        .status
        .as_ref()
        .is_none_or(|m| m.kind != super::StatusKind::Error));
    // Missing: "—" too.
    h.key(KeyCode::Esc);
    std::fs::remove_file(&file).unwrap();
    h.keys("s");
    let s = screen(&h, 80, 24);
    let row = s.lines().find(|l| l.contains("Ashcombe")).unwrap();
    assert!(row.contains('—'), "{s}");
}

/// A form reads back a long text wrapped at words once the clerk leaves the field (the editor
/// itself does not wrap a long line): every word whole, in order, at 80x24 and 200x50.
#[test]
fn a_form_reads_back_a_long_text_wrapped() {
    let mut h = Harness::demo();
    h.keys("9");
    h.keys("n");
    let what = "Every record about the Tŷ'r Ŵyn allotments lease since 2021, the e-mails \
                between the clerk and the chair about it, 議會書記官の会議記録 and the notes \
                of the site visit in March";
    h.keys("Karen Lowther");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Tab);
    h.keys(what);
    h.key(KeyCode::BackTab);
    let expected: Vec<String> = what.split_whitespace().map(str::to_string).collect();
    for (w, ht) in [(80, 24), (200, 50)] {
        let rows = boxed(&h, w, ht, "Record a subject access request");
        assert!(
            contains_run(&words(&rows), &expected),
            "at {w}x{ht}: {rows:#?}"
        );
    }
}
