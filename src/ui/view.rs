//! Drawing: a pure function of the model. Every string that came from the store or a file passes
//! through `sanitize` (or a label function that does) before it reaches the terminal.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;

use chrono::NaiveDate;

use crate::domain::dates::show;
use crate::domain::due::DueCounts;
use crate::domain::text::sanitize;

use super::widgets::{centered, field, shorten};
use super::{keymap, Confirm, Model, Overlay, StatusKind, Tab};

/// Below this the screen says so instead of drawing a broken layout.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn view(model: &Model, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "The terminal is too small for clerkdesk: {}x{}. It needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge the window; q quits.",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let banner = period_banner(model);
    // A long message (a refusal with its rule and clause) wraps at words by display width rather
    // than losing its end: as many rows as it takes, leaving the tab its least.
    let message = status_lines(model, area.width);
    let fixed = 1 + 1 + u16::from(banner.is_some()) + 5 + 1;
    let status_rows = u16::try_from(message.len())
        .unwrap_or(u16::MAX)
        .clamp(1, area.height.saturating_sub(fixed).max(1));
    let rows = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(u16::from(banner.is_some())),
        Constraint::Min(5),
        Constraint::Length(status_rows),
        Constraint::Length(1),
    ])
    .split(area);
    let rows = [rows[0], rows[1], rows[3], rows[4], rows[5], rows[2]];
    header(model, frame, rows[0]);
    if let Some(line) = banner {
        frame.render_widget(Paragraph::new(line), rows[5]);
    }
    if model.on_welcome() {
        welcome(model, frame, rows[2]);
    } else {
        tabs(model, frame, rows[1]);
        model.tabs.get(model.tab).draw(model, frame, rows[2]);
    }
    status(message, frame, rows[3]);
    key_bar(model, frame, rows[4]);
    match &model.overlay {
        Some(Overlay::Help { top, max }) => help(model, frame, area, *top, max),
        Some(Overlay::Council) => council(model, frame, area),
        Some(Overlay::Switcher { entries, selected }) => {
            switcher(model, frame, area, entries, *selected)
        }
        None => {}
    }
    // A form opened from an overlay (the council details' m and g) is drawn on top of it.
    if let Some((form, _)) = &model.form {
        form.render(frame, rows[2], model.theme);
    }
    if let Some(c) = model.confirm {
        confirm(model, frame, area, c);
    }
    // Last: a control character a field holds is drawn visibly, never sent (`scrub.rs`).
    super::scrub::scrub(frame.buffer_mut());
}

/// R-P1: while a pre-election period runs, every tab says so, with its end; in the 60 days before
/// one starts, a countdown.
fn period_banner(model: &Model) -> Option<Line<'static>> {
    use crate::domain::blackout::PeriodStatus;
    let s = model.session.as_ref().filter(|s| s.council.is_some())?;
    // R-P5: every election's period, merged where they overlap, each named (domain::blackout).
    let status = s.period_status();
    let text = crate::domain::blackout::banner(&status, &s.elections)?;
    let style = match status {
        PeriodStatus::InPeriod { .. } => model.theme.badge(),
        _ => model.theme.warn(),
    };
    Some(Line::styled(format!(" {} ", sanitize(&text)), style))
}

fn header(model: &Model, frame: &mut Frame, area: Rect) {
    let t = model.theme;
    let council = model
        .session
        .as_ref()
        .and_then(|s| {
            s.council
                .as_ref()
                .map(|c| format!("{} · {}", sanitize(&c.name), s.profile.name))
        })
        .unwrap_or_else(|| "no council open".into());
    // The badge comes first so that no width can push it off the screen.
    let mut spans = vec![Span::styled(" clerkdesk ", t.header()), Span::raw(" ")];
    if model.meeting_safe() {
        spans.push(Span::styled(" MEETING-SAFE ", t.badge()));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(council, t.label()));
    spans.push(Span::raw(format!(
        "  {}",
        model.today.format("%a %-d %b %Y")
    )));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn tabs(model: &Model, frame: &mut Frame, area: Rect) {
    let t = model.theme;
    let mut spans = Vec::new();
    for (i, (tab, label)) in Tab::ALL
        .iter()
        .zip(tab_labels(model.tab, area.width))
        .enumerate()
    {
        let style = if *tab == model.tab {
            t.tab_active()
        } else {
            Style::default()
        };
        // One space between tabs, so the whole row fits in 80 columns.
        spans.push(Span::raw(" "));
        let text = if label.is_empty() {
            i.to_string()
        } else {
            format!("{i} {label}")
        };
        spans.push(Span::styled(text, style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Each tab's title in the row, fitted to `width`: the active tab keeps its whole title; while the
/// row is too wide, the inactive tab with the longest whole title takes its short title, and only
/// once every one has, the longest short title gives way to its digit alone.
pub(super) fn tab_labels(active: Tab, width: u16) -> Vec<&'static str> {
    let mut labels: Vec<&'static str> = Tab::ALL.iter().map(|t| t.title()).collect();
    // " 7 Gifts" per tab: a space, the digit, a space before a title.
    let row = |labels: &[&str]| -> usize {
        labels
            .iter()
            .map(|l| {
                if l.is_empty() {
                    2
                } else {
                    3 + l.chars().count()
                }
            })
            .sum()
    };
    while row(&labels) > usize::from(width) {
        let inactive = (0..labels.len()).filter(|i| Tab::ALL[*i] != active);
        let longest = |candidates: Vec<usize>| {
            candidates
                .into_iter()
                .max_by_key(|i| (labels[*i].chars().count(), *i))
        };
        let whole = longest(
            inactive
                .clone()
                .filter(|i| {
                    let tab = Tab::ALL[*i];
                    labels[*i] == tab.title() && tab.short_title() != tab.title()
                })
                .collect(),
        );
        if let Some(i) = whole {
            labels[i] = Tab::ALL[i].short_title();
        } else if let Some(i) = longest(inactive.filter(|i| !labels[*i].is_empty()).collect()) {
            labels[i] = "";
        } else {
            break;
        }
    }
    labels
}

fn welcome(model: &Model, frame: &mut Frame, area: Rect) {
    let t = model.theme;
    let options = [
        (
            "n",
            "Set up this council",
            "a short form: name, parish or town, protocol model, groups",
        ),
        (
            "d",
            "Load the demo council",
            "Ashcombe Parish Council: fictional people, ready to explore",
        ),
    ];
    let mut lines = vec![
        Line::styled("Welcome to clerkdesk", t.label()),
        Line::raw(""),
        Line::raw("Your Member/Officer Protocol, kept and enforced: members, officers,"),
        Line::raw("concerns and grievances, disclosures, the pre-election period."),
        Line::raw(""),
        Line::raw("There is no council in this store yet. Choose one:"),
        Line::raw(""),
    ];
    for (i, (key, title, detail)) in options.iter().enumerate() {
        let style = if i == model.welcome_choice {
            t.selected()
        } else {
            Style::default()
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {key} "), t.key()),
            Span::styled(format!(" {title} "), style),
        ]));
        lines.push(Line::styled(format!("     {detail}"), t.dim()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Everything stays on this computer. Nothing is sent anywhere.",
        t.dim(),
    ));
    let width = 72.min(area.width);
    let height = (lines.len() as u16 + 2).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    frame.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL)),
        rect,
    );
}

/// The status line's message as rows of `width` cells (wrapped at words, see `ui::wrap`).
fn status_lines(model: &Model, width: u16) -> Vec<Line<'static>> {
    let Some(s) = &model.status else {
        return Vec::new();
    };
    let style = match s.kind {
        StatusKind::Info => Style::default(),
        StatusKind::Saved => model.theme.good(),
        StatusKind::Error => model.theme.error(),
    };
    let line = Line::from(Span::styled(sanitize(&s.text), style));
    super::wrap::wrap_line(&line, usize::from(width), "")
}

fn status(lines: Vec<Line<'static>>, frame: &mut Frame, area: Rect) {
    frame.render_widget(Paragraph::new(lines), area);
}

/// The keys that work right now, in the order a clerk needs them.
pub fn keys_now(model: &Model) -> Vec<(String, String)> {
    let k = |a: &str, b: &str| (a.to_string(), b.to_string());
    if model.confirm.is_some() {
        return vec![k("y", "yes"), k("n", "no")];
    }
    if model.form.is_some() {
        return vec![
            k("Enter", "save"),
            k("Tab/↓", "next"),
            k("⇧Tab/↑", "back"),
            k("←→", "choose"),
            k("Esc", "cancel"),
            k("^C", "quit"),
        ];
    }
    match &model.overlay {
        Some(Overlay::Help { max, .. }) if max.get() > 0 => {
            return vec![k("↑↓", "more"), k("Esc", "close")]
        }
        Some(Overlay::Help { .. }) => return vec![k("Esc", "close")],
        Some(Overlay::Council) => {
            return vec![
                k("m", "Monitoring Officer"),
                k("g", "add group"),
                k("Esc", "close"),
            ]
        }
        Some(Overlay::Switcher { .. }) => {
            return vec![k("↑↓", "move"), k("Enter", "open"), k("Esc", "close")]
        }
        None => {}
    }
    screen_keys(model)
}

/// The keys of the screen under any overlay, in the key bar's order: the keymap's bindings for
/// this tab (see `keymap::BINDINGS`) with the selected record's steps after `Enter`/`Esc`.
fn screen_keys(model: &Model) -> Vec<(String, String)> {
    let k = |a: &str, b: &str| (a.to_string(), b.to_string());
    if model.on_welcome() {
        return vec![
            k("n", "set up"),
            k("d", "demo"),
            k("s", "councils"),
            k("?", "help"),
            k("q", "quit"),
        ];
    }
    let on = model.tabs.get(model.tab);
    let l = on.list();
    if l.filtering {
        return vec![k("type", "filter"), k("Enter", "keep"), k("Esc", "clear")];
    }
    let mut keys = Vec::new();
    let mut steps_placed = false;
    for b in keymap::BINDINGS {
        if !keymap::in_bar_now(b, model.tab, l) {
            continue;
        }
        if !steps_placed && b.command == keymap::Command::New {
            keys.extend(
                model
                    .available_keys()
                    .into_iter()
                    .map(|a| (a.key.to_string(), a.label.to_string())),
            );
            steps_placed = true;
        }
        keys.push((b.shown.to_string(), keymap::label_now(b, on)));
    }
    keys
}

/// The bar shows as many keys as fit, in order, but always keeps `?` and `q` (at the end of the
/// list): whatever is cut is one `?` away.
fn key_bar(model: &Model, frame: &mut Frame, area: Rect) {
    let keys = keys_now(model);
    let width = area.width as usize;
    let piece = |(k, l): &(String, String)| k.chars().count() + l.chars().count() + 3;
    let (head, tail): (Vec<_>, Vec<_>) = keys.iter().partition(|(k, _)| k != "?" && k != "q");
    let mut used: usize = tail.iter().map(|k| piece(k)).sum();
    let mut shown: Vec<&(String, String)> = Vec::new();
    for k in head {
        if used + piece(k) > width {
            break;
        }
        used += piece(k);
        shown.push(k);
    }
    shown.extend(tail);
    let mut spans = Vec::new();
    for (key, label) in shown {
        spans.push(Span::styled(format!(" {key}"), model.theme.key()));
        spans.push(Span::raw(format!(" {label} ")));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Help's rows: the selected record's steps, then every binding that works on this tab, each key
/// once.
pub fn help_rows(model: &Model) -> Vec<(String, String)> {
    if model.on_welcome() {
        return screen_keys(model);
    }
    let mut here: Vec<(String, String)> = model
        .available_keys()
        .into_iter()
        .map(|a| (a.key.to_string(), a.label.to_string()))
        .collect();
    let on = model.tabs.get(model.tab);
    for b in keymap::BINDINGS {
        if !b.scope.covers(model.tab) || b.help_keys.is_empty() {
            continue;
        }
        let label = match b.command {
            keymap::Command::New | keymap::Command::ShowEnded | keymap::Command::OverdueOnly => {
                keymap::label_now(b, on)
            }
            _ => b.help.to_string(),
        };
        here.push((b.help_keys.to_string(), label));
    }
    here
}

fn help(model: &Model, frame: &mut Frame, area: Rect, top: u16, max: &std::cell::Cell<u16>) {
    const WIDTH: u16 = 76;
    const KEYS: usize = 13; // the key column and its gap
    let t = model.theme;
    let inner = usize::from(WIDTH.min(area.width).saturating_sub(2)).max(KEYS + 10);
    let mut lines = vec![Line::styled("Keys that work here", t.label())];
    for (key, label) in help_rows(model) {
        // A long label wraps under itself, never cut (`wrap.rs`).
        let rows = super::wrap::wrap_str(&label, inner - KEYS);
        for (i, row) in rows.into_iter().enumerate() {
            let left = if i == 0 {
                format!("{key:>11}  ")
            } else {
                " ".repeat(KEYS)
            };
            lines.push(Line::from(vec![
                Span::styled(left, t.key()),
                Span::raw(row),
            ]));
        }
    }
    // The closing hint only where it fits: every key is listed before it.
    if lines.len() + 4 <= area.height as usize {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "A key the record does not allow now shows the rule against it.",
            t.dim(),
        ));
    }
    // Taller than the screen: ↑↓ scroll it, and the title says so.
    let room = usize::from(area.height.saturating_sub(2)).max(1);
    let furthest = lines.len().saturating_sub(room);
    max.set(u16::try_from(furthest).unwrap_or(u16::MAX));
    let top = usize::from(top).min(furthest);
    let title = if furthest > 0 {
        format!(" Help ({} more: ↑↓ · Esc closes) ", furthest - top)
    } else {
        " Help (Esc closes) ".to_string()
    };
    let shown: Vec<Line> = lines.into_iter().skip(top).take(room).collect();
    let rect = centered(area, WIDTH, shown.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(shown).block(Block::default().borders(Borders::ALL).title(title)),
        rect,
    );
}

/// The council's details (R-M2, R-O3): the model it follows, who holds each office now and before,
/// its groups and their leaders, and the Monitoring Officer.
fn council(model: &Model, frame: &mut Frame, area: Rect) {
    let t = model.theme;
    let Some(s) = &model.session else { return };
    let Some(c) = &s.council else { return };
    let member = |id| {
        s.members
            .iter()
            .find(|m| m.id == id)
            .map(|m| model.member_label(m))
            .unwrap_or_else(|| id.to_string())
    };
    let mut lines = vec![
        Line::styled(
            format!("{} ({} council)", sanitize(&c.name), c.kind.label()),
            t.label(),
        ),
        field(
            "Protocol",
            format!("{} — from {}", s.profile.name, s.profile.sources.join(", ")),
        ),
        Line::raw(""),
        Line::styled("Offices (R-M2)", t.label()),
    ];
    for office in crate::domain::council::Office::ALL {
        let terms: Vec<_> = c.offices.iter().filter(|o| o.office == office).collect();
        if terms.is_empty() {
            continue;
        }
        let now = c
            .holder(office, model.today)
            .map(member)
            .unwrap_or_else(|| "vacant".into());
        let past: Vec<String> = terms
            .iter()
            .filter(|o| o.to.is_some())
            .map(|o| {
                format!(
                    "{} {}–{}",
                    member(o.holder),
                    show(o.from),
                    o.to.map(show).unwrap_or_default()
                )
            })
            .collect();
        let mut line = format!("  {}: {now}", c.office_label(office));
        if !past.is_empty() {
            line.push_str(&format!("  (before: {})", past.join("; ")));
        }
        lines.push(Line::raw(line));
    }
    // R-M2: committee chairs and vice-chairs, current ones first.
    let mut committee_terms: Vec<_> = c.offices.iter().filter(|o| o.committee.is_some()).collect();
    committee_terms.sort_by_key(|o| (o.to.is_some(), c.term_label(o)));
    for o in committee_terms {
        lines.push(Line::raw(format!(
            "  {}: {} {}–{}",
            sanitize(&c.term_label(o)),
            member(o.holder),
            show(o.from),
            o.to.map(show).unwrap_or_default()
        )));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Groups", t.label()));
    for g in &c.groups {
        let leader = g
            .leader
            .map(|l| format!("led by {}", member(l)))
            .unwrap_or_else(|| "no leader recorded".into());
        let before = g
            .past_leaders_text(member)
            .map(|p| format!("  (before: {p})"))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "  {}: {leader}{before}",
            sanitize(&g.name)
        )));
    }
    lines.push(Line::raw(""));
    let mo = match &c.monitoring_officer {
        Some(_) if model.meeting_safe() => "•••".to_string(),
        Some(m) => sanitize(&format!(
            "{}, {} {} {}",
            m.name, m.organisation, m.email, m.phone
        )),
        None => "not recorded: press m".to_string(),
    };
    lines.push(field("Monitoring Officer (R-O3)", mo));
    let docs_cite = s.profile.localise(crate::domain::rules::Cite::new(
        crate::domain::documents::RULE,
        crate::domain::documents::REVIEW_CLAUSE,
    ));
    lines.push(Line::styled(format!("Documents ({docs_cite})"), t.label()));
    lines.extend(
        s.documents
            .lines(model.today)
            .into_iter()
            .map(|l| Line::raw(format!("  {l}"))),
    );
    for clash in c.town_mayor_clashes() {
        lines.push(Line::from(Span::styled(clash, t.alarm())));
    }
    // As tall as its lines once wrapped, so the last ones (the documents, R-O4) are not cut off.
    let inner = usize::from(96.min(area.width).saturating_sub(2)).max(1);
    // Figures no protocol sets: the council's defaults until it changes them (RULES.md, top);
    // each on its own where there is room, else all in one line.
    let deadlines = &s.profile.deadlines;
    let mut full = vec![Line::styled(
        "Figures no protocol sets (the council may change them: clerkdesk council set)",
        t.label(),
    )];
    let figures: Vec<String> = crate::domain::figures::Figure::ALL
        .iter()
        .map(|f| deadlines.labelled(*f))
        .collect();
    for pair in figures.chunks(2) {
        full.push(Line::raw(format!("  {}", pair.join(" · "))));
    }
    let wrapped = |lines: Vec<Line<'static>>| {
        super::wrap::wrap_text(lines.into(), inner, super::wrap::INDENT)
    };
    let mut with_full = lines.clone();
    with_full.extend(full);
    let with_full = wrapped(with_full);
    let lines = if with_full.lines.len() + 2 <= usize::from(area.height) {
        with_full
    } else {
        lines.push(Line::styled(deadlines.in_a_line(), t.label()));
        wrapped(lines)
    };
    let rect = centered(
        area,
        96,
        u16::try_from(lines.lines.len() + 2).unwrap_or(u16::MAX),
    );
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Council (m Monitoring Officer · g add group · Esc) "),
        ),
        rect,
    );
}

/// What a council owes, for the switcher: "2 overdue, 1 due this week", with the day the counts
/// were taken when that is not today; "—" when it is not known.
fn due_counts(counts: Option<DueCounts>, on: NaiveDate, today: NaiveDate) -> String {
    let Some(c) = counts else {
        return "—".to_string();
    };
    let mut text = format!("{} overdue, {} due this week", c.overdue, c.this_week);
    if on != today {
        text.push_str(&format!(" (on {})", show(on)));
    }
    text
}

fn switcher(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    entries: &[crate::places::CouncilEntry],
    selected: usize,
) {
    let t = model.theme;
    let current = model.session.as_ref().map(|s| s.store_path().to_path_buf());
    // Each council: its name, whether it is the one open, and what it owes. The open council
    // counts from its own records; the others from the summary each wrote on closing, never by
    // opening their stores.
    let rows: Vec<(String, &str, String, Option<DueCounts>)> = entries
        .iter()
        .map(|e| {
            let open = Some(&e.path) == current.as_ref();
            let (counts, on) = match (&model.session, open) {
                (Some(s), true) => (
                    Some(crate::domain::due::counts(&s.due_dates(), model.today)),
                    model.today,
                ),
                _ => (e.due.map(|d| d.counts), e.due.map_or(model.today, |d| d.on)),
            };
            let name = sanitize(e.name.as_deref().unwrap_or(&e.slug));
            let mark = if open { " (open)" } else { "" };
            (name, mark, due_counts(counts, on, model.today), counts)
        })
        .collect();
    let cells = |s: &str| Span::raw(s).width();
    // As wide as the longest row needs (76 at least), as the screen allows.
    let wanted = rows
        .iter()
        .map(|(name, mark, counts, _)| cells(name) + mark.len() + cells(counts) + 6)
        .max()
        .unwrap_or(0)
        .max(76);
    let width = u16::try_from(wanted).unwrap_or(u16::MAX).min(area.width);
    let inner = usize::from(width.saturating_sub(2));
    let mut lines = vec![
        Line::styled("Councils on this computer", t.label()),
        Line::styled(
            "What each owed when it last closed (from its summary, counts only)",
            t.dim(),
        ),
        Line::raw(""),
    ];
    for (i, (name, mark, counts_text, counts)) in rows.iter().enumerate() {
        let room = inner.saturating_sub(cells(counts_text) + 3 + mark.len());
        let name = format!(" {}{mark}", shorten(name, room));
        let gap = inner.saturating_sub(cells(&name) + cells(counts_text) + 1);
        let (style, count_style) = if i == selected {
            (t.selected(), t.selected())
        } else if counts.is_some_and(|c| c.overdue > 0) {
            (Style::default(), t.alarm())
        } else {
            (Style::default(), t.dim())
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{name}{}", " ".repeat(gap)), style),
            Span::styled(format!("{counts_text} "), count_style),
        ]));
    }
    let style = if selected >= entries.len() {
        t.selected()
    } else {
        Style::default()
    };
    lines.push(Line::styled(" + New council… ", style));
    let rect = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Switch council "),
        ),
        rect,
    );
}

fn confirm(model: &Model, frame: &mut Frame, area: Rect, c: Confirm) {
    let text = match c {
        Confirm::Quit => "A form holds unsaved input. Quit and lose it? (y/n)",
        Confirm::Discard => "Discard what you typed in this form? (y/n)",
        Confirm::ReplaceCaseFile => {
            "That case file exists already (named below). Replace it? (y/n)"
        }
        Confirm::ReplaceLetter => "That letter exists already (named below). Replace it? (y/n)",
    };
    let rect = centered(area, 60, 3);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(Span::styled(text, model.theme.warn()))
            .block(Block::default().borders(Borders::ALL)),
        rect,
    );
}
