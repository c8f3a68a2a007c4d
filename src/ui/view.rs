//! Drawing: a pure function of the model. Every string that came from the store or a file passes
//! through `sanitize` (or a label function that does) before it reaches the terminal.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};
use ratatui::Frame;

use crate::domain::dates::show;
use crate::domain::member::{DpiStatus, Member};
use crate::domain::officer::{BriefingStatus, Officer};
use crate::domain::text::sanitize;

use super::people::manager_label;
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
    // A long message (a refusal with its rule and clause) wraps rather than losing its end.
    let status_rows = model
        .status
        .as_ref()
        .map(|s| {
            (s.text.chars().count() as u16)
                .div_ceil(area.width.max(1))
                .clamp(1, 3)
        })
        .unwrap_or(1);
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
        match model.tab {
            Tab::Members => members(model, frame, rows[2]),
            Tab::Officers => officers(model, frame, rows[2]),
            Tab::Grievances => grievances(model, frame, rows[2]),
            Tab::Disclosures => super::disclosures::draw(model, frame, rows[2]),
            Tab::Blackout => super::blackout::draw(model, frame, rows[2]),
            Tab::Requests => super::requests::draw(model, frame, rows[2]),
        }
    }
    status(model, frame, rows[3]);
    key_bar(model, frame, rows[4]);
    match &model.overlay {
        Some(Overlay::Help) => help(model, frame, area),
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
}

/// R-P1: while a pre-election period runs, every tab says so, with its end; in the 60 days before
/// one starts, a countdown.
fn period_banner(model: &Model) -> Option<Line<'static>> {
    use crate::domain::blackout::PeriodStatus;
    let s = model.session.as_ref().filter(|s| s.council.is_some())?;
    match s.period_status() {
        PeriodStatus::Clear => None,
        PeriodStatus::InPeriod { ends, .. } => Some(Line::styled(
            format!(" PRE-ELECTION PERIOD until {}: publicity must not name or quote members (R-P2 — BOR §8.3) ", show(ends)),
            model.theme.badge(),
        )),
        PeriodStatus::Upcoming { starts, days, ends } => Some(Line::styled(
            format!(" Pre-election period in {days} days: {} to {} (R-P1) ", show(starts), show(ends)),
            model.theme.warn(),
        )),
    }
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
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let style = if *tab == model.tab {
            t.tab_active()
        } else {
            Style::default()
        };
        spans.push(Span::styled(format!(" {} {} ", i + 1, tab.title()), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// List and detail side by side on a wide screen, one above the other on a narrow one.
/// `detail_rows` is how tall the detail wants to be when it sits below the list.
pub(super) fn split(area: Rect, detail_open: bool, detail_rows: u16) -> (Rect, Option<Rect>) {
    if detail_open {
        return (Rect::default(), Some(area));
    }
    if area.width >= 150 {
        let c = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .split(area);
        (c[0], Some(c[1]))
    } else if area.height >= 16 {
        // A tall screen gives the detail more room; a short one keeps the list as long as it can.
        let wanted = if area.height >= 30 {
            detail_rows + 4
        } else {
            detail_rows
        };
        let rows = wanted.clamp(8, area.height / 2);
        let c = Layout::vertical([Constraint::Min(6), Constraint::Length(rows)]).split(area);
        (c[0], Some(c[1]))
    } else {
        (area, None)
    }
}

pub(super) fn list_title(
    what: &str,
    shown: usize,
    total: usize,
    filter: &str,
    filtering: bool,
    ended: bool,
) -> String {
    let mut title = format!(
        " {what} ({shown} of {total}{}) ",
        if ended { ", ended shown" } else { "" }
    );
    if filtering || !filter.is_empty() {
        title.push_str(&format!(
            "filter: {}{} ",
            sanitize(filter),
            if filtering { "▏" } else { "" }
        ));
    }
    title
}

fn dpi_cell(model: &Model, m: &Member, narrow: bool) -> Span<'static> {
    let t = model.theme;
    match m.dpi_status(model.today) {
        DpiStatus::Registered(on) if narrow => {
            Span::styled(format!("filed {}", show(on)), t.good())
        }
        DpiStatus::Registered(on) => Span::styled(format!("registered {}", show(on)), t.good()),
        DpiStatus::Due { due, days_left } => {
            Span::styled(format!("due {} ({days_left}d)", show(due)), t.warn())
        }
        DpiStatus::Overdue { days_over, .. } => {
            Span::styled(format!("OVERDUE {days_over}d"), t.alarm())
        }
        DpiStatus::NotApplicable => Span::styled("—", t.dim()),
    }
}

fn members(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let Some(council) = &s.council else { return };
    let visible = model.visible_members();
    let (list_area, detail_area) = split(area, model.members.detail_open, 8);
    if !model.members.detail_open {
        let narrow = list_area.width < 90;
        let rows: Vec<Row> = visible
            .iter()
            .map(|m| {
                let offices = council.offices_of(m.id, model.today).join(", ");
                let mut cells = vec![
                    Cell::from(m.id.to_string()),
                    Cell::from(model.member_label(m)),
                    Cell::from(sanitize(&m.ward)),
                    Cell::from(sanitize(council.group_name(m.group))),
                ];
                if !narrow {
                    cells.push(Cell::from(sanitize(&offices)));
                    cells.push(Cell::from(match m.term_end {
                        Some(end) => format!("ended {}", show(end)),
                        None => format!("from {}", show(m.term_start)),
                    }));
                }
                cells.push(Cell::from(dpi_cell(model, m, narrow)));
                Row::new(cells)
            })
            .collect();
        let widths: Vec<Constraint> = if narrow {
            vec![
                Constraint::Length(5),
                Constraint::Fill(3),
                Constraint::Fill(2),
                Constraint::Fill(2),
                Constraint::Length(17),
            ]
        } else {
            vec![
                Constraint::Length(5),
                Constraint::Fill(3),
                Constraint::Fill(2),
                Constraint::Fill(2),
                Constraint::Fill(3),
                Constraint::Length(16),
                Constraint::Length(21),
            ]
        };
        let mut header = vec!["Ref", "Name", "Ward", "Group"];
        if !narrow {
            header.extend(["Offices", "Term"]);
        }
        header.push("DPI (R-M3)");
        let total = s.members.len();
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(model.theme.label()))
            .row_highlight_style(model.theme.selected())
            .block(Block::default().borders(Borders::ALL).title(list_title(
                "Members",
                visible.len(),
                total,
                &model.members.filter,
                model.members.filtering,
                model.members.show_ended,
            )));
        let mut state = TableState::default()
            .with_selected((!visible.is_empty()).then_some(model.members.selected));
        frame.render_stateful_widget(table, list_area, &mut state);
    }
    if let Some(detail) = detail_area {
        let body = match model.selected_member() {
            Some(m) => member_detail(model, m),
            None if visible.is_empty() && s.members.is_empty() => {
                Text::from("No members yet: press n to add one.")
            }
            None => Text::from("No member matches the filter: Esc clears it."),
        };
        detail_pane(
            model,
            frame,
            detail,
            body,
            &model.members.timeline,
            model.members.detail_open,
        );
    }
}

fn member_detail(model: &Model, m: &Member) -> Text<'static> {
    let t = model.theme;
    let s = model
        .session
        .as_ref()
        .expect("members drawn only with a session");
    let council = s
        .council
        .as_ref()
        .expect("members drawn only with a council");
    let safe = model.meeting_safe();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(model.member_label(m), t.label()),
            Span::styled(format!("  {}", m.id), t.dim()),
        ]),
        field("Ward", sanitize(&m.ward)),
        field("Group", sanitize(council.group_name(m.group))),
        field(
            "Joined",
            format!("{} {}", m.joined_by.label(), show(m.term_start)),
        ),
    ];
    let offices = council.offices_of(m.id, model.today);
    if !offices.is_empty() {
        lines.push(field("Offices", sanitize(&offices.join(", "))));
    }
    if let Some(end) = m.term_end {
        let reason = if safe {
            "•••".into()
        } else {
            sanitize(m.end_reason.as_deref().unwrap_or(""))
        };
        lines.push(field("Term ended", format!("{} ({reason})", show(end))));
    }
    let dpi = match m.dpi_status(model.today) {
        DpiStatus::Registered(on) => Span::styled(format!("registered {}", show(on)), t.good()),
        DpiStatus::Due { due, days_left } => Span::styled(
            format!(
                "due by {} ({days_left} days left) — R-M3, Localism Act 2011 s30",
                show(due)
            ),
            t.warn(),
        ),
        DpiStatus::Overdue { due, days_over } => Span::styled(
            format!(
                "OVERDUE since {} ({days_over} days): an offence — R-M3, Localism Act 2011 s30",
                show(due)
            ),
            t.alarm(),
        ),
        DpiStatus::NotApplicable => Span::styled("not recorded for the ended term", t.dim()),
    };
    lines.push(Line::from(vec![Span::styled("DPI: ", t.label()), dpi]));
    // R-M3 / R-D2: 28 days from each interest the member became aware of, as the register holds.
    let changes = crate::domain::disclosure::member_dpi_deadlines(m, &s.disclosures, model.today);
    // The term-start deadline is the DPI line above; the others each name their register entry.
    for d in changes.iter().filter(|d| d.what.starts_with("D-")) {
        let entry = d.what.split_whitespace().next().unwrap_or_default();
        let text = match d.met_on {
            Some(on) => format!("  New interest {entry}: notified {}", show(on)),
            None if d.overdue => format!(
                "  New interest {entry}: OVERDUE since {} [{}]",
                show(d.due),
                d.cite
            ),
            None => format!("  New interest {entry}: to notify by {}", show(d.due)),
        };
        let style = if d.overdue {
            t.alarm()
        } else {
            Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    let contact: Vec<String> = [&m.email, &m.phone]
        .into_iter()
        .flatten()
        .map(|c| sanitize(c))
        .collect();
    if !contact.is_empty() {
        lines.push(field(
            "Contact",
            if safe {
                "•••".into()
            } else {
                contact.join(" · ")
            },
        ));
    }
    Text::from(lines)
}

fn briefing_span(model: &Model, o: &Officer) -> Span<'static> {
    let t = model.theme;
    let Some(ctx) = model.session.as_ref().and_then(|s| s.ctx()) else {
        return Span::raw("");
    };
    match o.briefing_status(&ctx) {
        BriefingStatus::Recorded(on) => Span::styled(format!("given {}", show(on)), t.good()),
        BriefingStatus::Pending { due } => Span::styled(format!("due by {}", show(due)), t.warn()),
        BriefingStatus::Missing { due } => {
            Span::styled(format!("MISSING (due {})", show(due)), t.alarm())
        }
        BriefingStatus::NotApplicable => Span::styled("—", t.dim()),
    }
}

fn officers(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let visible = model.visible_officers();
    let (list_area, detail_area) = split(area, model.officers.detail_open, 8);
    if !model.officers.detail_open {
        let narrow = list_area.width < 90;
        let rows: Vec<Row> = visible
            .iter()
            .map(|o| {
                let post = if narrow {
                    o.post.label().to_string()
                } else {
                    sanitize(&o.post_label())
                };
                let mut cells = vec![
                    Cell::from(o.id.to_string()),
                    Cell::from(model.officer_label(o)),
                    Cell::from(post),
                ];
                if !narrow {
                    cells.push(Cell::from(o.employment.label()));
                    cells.push(Cell::from(manager_label(model, o.line_manager)));
                    cells.push(Cell::from(match o.left {
                        Some(l) => format!("left {}", show(l)),
                        None => format!("from {}", show(o.started)),
                    }));
                }
                cells.push(Cell::from(briefing_span(model, o)));
                Row::new(cells)
            })
            .collect();
        let widths: Vec<Constraint> = if narrow {
            vec![
                Constraint::Length(5),
                Constraint::Fill(3),
                Constraint::Fill(2),
                Constraint::Length(24),
            ]
        } else {
            vec![
                Constraint::Length(5),
                Constraint::Fill(3),
                Constraint::Fill(3),
                Constraint::Length(10),
                Constraint::Fill(2),
                Constraint::Length(15),
                Constraint::Length(24),
            ]
        };
        let mut header = vec!["Ref", "Name", "Post"];
        if !narrow {
            header.extend(["Type", "Line manager", "Service"]);
        }
        header.push("Protocol (R-O2)");
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(model.theme.label()))
            .row_highlight_style(model.theme.selected())
            .block(Block::default().borders(Borders::ALL).title(list_title(
                "Officers",
                visible.len(),
                s.officers.len(),
                &model.officers.filter,
                model.officers.filtering,
                model.officers.show_ended,
            )));
        let mut state = TableState::default()
            .with_selected((!visible.is_empty()).then_some(model.officers.selected));
        frame.render_stateful_widget(table, list_area, &mut state);
    }
    if let Some(detail) = detail_area {
        let body = match model.selected_officer() {
            Some(o) => officer_detail(model, o),
            None if s.officers.is_empty() => Text::from("No officers yet: press n to add one."),
            None => Text::from("No officer matches the filter: Esc clears it."),
        };
        detail_pane(
            model,
            frame,
            detail,
            body,
            &model.officers.timeline,
            model.officers.detail_open,
        );
    }
}

fn officer_detail(model: &Model, o: &Officer) -> Text<'static> {
    let t = model.theme;
    let safe = model.meeting_safe();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(model.officer_label(o), t.label()),
            Span::styled(format!("  {}", o.id), t.dim()),
        ]),
        field(
            "Post",
            format!("{} ({})", sanitize(&o.post_label()), o.employment.label()),
        ),
        field("Line manager", manager_label(model, o.line_manager)),
        field("Started", show(o.started)),
    ];
    if let Some(l) = o.left {
        lines.push(field("Left", show(l)));
    }
    lines.push(Line::from(vec![
        Span::styled("Protocol: ", t.label()),
        briefing_span(model, o),
        Span::styled("  R-O2, LLTC §3.3", t.dim()),
    ]));
    let contact: Vec<String> = [&o.email, &o.phone]
        .into_iter()
        .flatten()
        .map(|c| sanitize(c))
        .collect();
    if !contact.is_empty() {
        lines.push(field(
            "Contact",
            if safe {
                "•••".into()
            } else {
                contact.join(" · ")
            },
        ));
    }
    Text::from(lines)
}

pub(super) fn field(label: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("{label}: "),
            Style::default().add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Span::raw(value),
    ])
}

pub(super) fn detail_pane(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    body: Text<'static>,
    timeline: &[String],
    open: bool,
) {
    let mut text = body;
    if open {
        text.lines.push(Line::raw(""));
        text.lines
            .push(Line::styled("Timeline (audit trail)", model.theme.label()));
        if model.meeting_safe() {
            text.lines.push(Line::styled(
                "hidden in meeting-safe mode",
                model.theme.dim(),
            ));
        } else if timeline.is_empty() {
            text.lines
                .push(Line::styled("no events", model.theme.dim()));
        } else {
            for entry in timeline.iter().rev() {
                text.lines.push(Line::raw(sanitize(entry)));
            }
        }
    }
    let title = if open {
        " Record (Esc back) "
    } else {
        " Detail (Enter opens) "
    };
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
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

fn status(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.status else { return };
    let style = match s.kind {
        StatusKind::Info => Style::default(),
        StatusKind::Saved => model.theme.good(),
        StatusKind::Error => model.theme.error(),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(sanitize(&s.text), style)).wrap(Wrap { trim: true }),
        area,
    );
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
        Some(Overlay::Help) => return vec![k("Esc", "close")],
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
    let l = model.list();
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
        keys.push((b.shown.to_string(), keymap::label_now(b, model.tab, l)));
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

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
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
    let l = model.list();
    for b in keymap::BINDINGS {
        if !b.scope.covers(model.tab) || b.help_keys.is_empty() {
            continue;
        }
        let label = match b.command {
            keymap::Command::New | keymap::Command::ShowEnded | keymap::Command::OverdueOnly => {
                keymap::label_now(b, model.tab, l)
            }
            _ => b.help.to_string(),
        };
        here.push((b.help_keys.to_string(), label));
    }
    here
}

fn help(model: &Model, frame: &mut Frame, area: Rect) {
    let t = model.theme;
    let mut lines = vec![Line::styled("Keys that work here", t.label())];
    let here = help_rows(model);
    for (key, label) in here {
        lines.push(Line::from(vec![
            Span::styled(format!("{key:>11}  "), t.key()),
            Span::raw(label),
        ]));
    }
    // The closing hint only where it fits: every key is listed before it.
    if lines.len() + 4 <= area.height as usize {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "A key the record does not allow now shows the rule against it.",
            t.dim(),
        ));
    }
    let rect = centered(area, 76, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Help (Esc closes) "),
        ),
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
    for clash in c.town_mayor_clashes() {
        lines.push(Line::from(Span::styled(clash, t.alarm())));
    }
    let rect = centered(area, 96, lines.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: false }).block(
            Block::default()
                .borders(Borders::ALL)
                .title(" Council (m Monitoring Officer · g add group · Esc) "),
        ),
        rect,
    );
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
    let mut lines = vec![
        Line::styled("Councils on this computer", t.label()),
        Line::raw(""),
    ];
    for (i, e) in entries.iter().enumerate() {
        let name = sanitize(e.name.as_deref().unwrap_or(&e.slug));
        let mark = if Some(&e.path) == current.as_ref() {
            " (open)"
        } else {
            ""
        };
        let style = if i == selected {
            t.selected()
        } else {
            Style::default()
        };
        lines.push(Line::styled(format!(" {name}{mark} "), style));
    }
    let style = if selected >= entries.len() {
        t.selected()
    } else {
        Style::default()
    };
    lines.push(Line::styled(" + New council… ", style));
    let rect = centered(area, 60, lines.len() as u16 + 2);
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
    };
    let rect = centered(area, 60, 3);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(Span::styled(text, model.theme.warn()))
            .block(Block::default().borders(Borders::ALL)),
        rect,
    );
}

fn grievances(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let Some(ctx) = s.ctx() else { return };
    let t = model.theme;
    let visible = model.visible_cases();
    let (list_area, detail_area) = split(area, model.cases.detail_open, 12);
    if !model.cases.detail_open {
        let narrow = list_area.width < 90;
        let rows: Vec<Row> = visible
            .iter()
            .map(|c| {
                let next = c.next_deadline(&ctx);
                let overdue = next.as_ref().is_some_and(|d| d.is_overdue(model.today));
                let due = match &next {
                    Some(d) if overdue => {
                        Span::styled(format!("OVERDUE {}", show(d.due)), t.alarm())
                    }
                    Some(d) => Span::raw(format!("{} {}", d.what, show(d.due))),
                    None => Span::styled("—", t.dim()),
                };
                let mut cells = vec![
                    Cell::from(c.reference.clone()),
                    Cell::from(c.path.rule()),
                    Cell::from(c.state.label()),
                ];
                if !narrow {
                    cells.push(Cell::from(model.case_party(&c.raised_by)));
                }
                cells.push(Cell::from(model.case_party(&c.about)));
                if !narrow {
                    cells.push(Cell::from(super::grievances::handler_label(model, c)));
                }
                cells.push(Cell::from(due));
                if !narrow {
                    cells.push(Cell::from(format!(
                        "{}d",
                        (model.today - c.raised_on).num_days()
                    )));
                }
                Row::new(cells)
            })
            .collect();
        let (widths, header): (Vec<Constraint>, Vec<&str>) = if narrow {
            (
                vec![
                    Constraint::Length(11),
                    Constraint::Length(4),
                    Constraint::Fill(3),
                    Constraint::Fill(2),
                    Constraint::Length(20),
                ],
                vec!["Ref", "Path", "State", "About", "Next deadline"],
            )
        } else {
            (
                vec![
                    Constraint::Length(11),
                    Constraint::Length(4),
                    Constraint::Fill(2),
                    Constraint::Fill(2),
                    Constraint::Fill(2),
                    Constraint::Fill(2),
                    Constraint::Length(26),
                    Constraint::Length(5),
                ],
                vec![
                    "Ref",
                    "Path",
                    "State",
                    "Raised by",
                    "About",
                    "Handler",
                    "Next deadline",
                    "Age",
                ],
            )
        };
        let mut title = list_title(
            "Cases",
            visible.len(),
            s.cases.len(),
            &model.cases.filter,
            model.cases.filtering,
            model.cases.show_ended,
        );
        if model.cases.overdue_only {
            title.push_str("overdue only ");
        }
        let table = Table::new(rows, widths)
            .header(Row::new(header).style(t.label()))
            .row_highlight_style(t.selected())
            .block(Block::default().borders(Borders::ALL).title(title));
        let mut state = TableState::default()
            .with_selected((!visible.is_empty()).then_some(model.cases.selected));
        frame.render_stateful_widget(table, list_area, &mut state);
    }
    if let Some(detail) = detail_area {
        let body = match model.selected_case() {
            Some(c) => case_detail(model, c, &ctx),
            None if s.cases.is_empty() => {
                Text::from("No concerns recorded. Press c (from any tab) to capture one.")
            }
            None => Text::from(
                "No case matches: Esc clears the filter, a shows closed cases, ! all deadlines.",
            ),
        };
        detail_pane(
            model,
            frame,
            detail,
            body,
            &model.cases.timeline,
            model.cases.detail_open,
        );
    }
}

fn case_detail(
    model: &Model,
    c: &crate::domain::grievance::Case,
    ctx: &crate::domain::Context,
) -> Text<'static> {
    use crate::domain::grievance::StepRecord;
    let t = model.theme;
    let safe = model.meeting_safe();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(c.reference.clone(), t.label()),
            Span::raw(format!(
                "  {} — {}",
                super::grievances::path_label(c.path),
                c.state.label()
            )),
        ]),
        field(
            "Parties",
            format!(
                "{} about {} ({}, {})",
                model.case_party(&c.raised_by),
                model.case_party(&c.about),
                c.channel.label(),
                show(c.raised_on)
            ),
        ),
    ];
    let handlers: Vec<String> = c
        .handlers
        .iter()
        .map(|h| match &h.person {
            Some(p) => format!("{} ({})", h.role.label(), model.case_party(p)),
            None => format!(
                "{} (nobody who may act: the council appoints an independent person, R-E1.7)",
                h.role.label()
            ),
        })
        .collect();
    lines.push(field(
        "Handled by",
        format!("{} [{}]", handlers.join(", then "), c.route_cite),
    ));
    let summary = if safe && c.confidential {
        "confidential: hidden in meeting-safe mode".to_string()
    } else {
        sanitize(&c.summary)
    };
    lines.push(field("Summary", summary));
    if let Some(why) = &c.choice_reason {
        lines.push(field(
            "Path chosen because",
            if safe {
                "•••".into()
            } else {
                sanitize(why)
            },
        ));
    }
    if !c.panel.is_empty() {
        let panel: Vec<String> = c
            .panel
            .iter()
            .map(|m| model.case_party(&crate::domain::grievance::PersonRef::Member(*m)))
            .collect();
        lines.push(field("Panel", panel.join(", ")));
    }
    if let Some(d) = &c.decision {
        lines.push(field(
            "Decision",
            format!("{} on {}", d.outcome.label(), show(d.on)),
        ));
    }
    if c.decision.as_ref().is_some_and(|d| d.outcome.is_upheld()) {
        for step in crate::domain::grievance::Step::ALL {
            let state = match c.steps.get(step) {
                Some(StepRecord::Recorded { on, .. }) => {
                    Span::styled(format!("done {}", show(*on)), t.good())
                }
                Some(StepRecord::NotApplicable { reason }) => {
                    Span::styled(format!("not applicable: {}", sanitize(reason)), t.dim())
                }
                None => Span::styled("outstanding (R-E1.5)", t.warn()),
            };
            lines.push(Line::from(vec![
                Span::raw(format!("  {}: ", step.label())),
                state,
            ]));
        }
    }
    if !c.links.is_empty() {
        let links: Vec<String> = c
            .links
            .iter()
            .map(|l| format!("{} {}", l.kind.label(), l.reference))
            .collect();
        lines.push(field("Linked", links.join(", ")));
    }
    if let Some(d) = c.next_deadline(ctx) {
        let style = if d.is_overdue(model.today) {
            t.alarm()
        } else {
            t.warn()
        };
        let mut text = if d.is_overdue(model.today) {
            format!(
                "OVERDUE: {} was due {} [{}] ({})",
                d.what,
                show(d.due),
                d.cite,
                d.calendar.label()
            )
        } else {
            format!(
                "{} by {} [{}] ({})",
                d.what,
                show(d.due),
                d.cite,
                d.calendar.label()
            )
        };
        if let Some(w) = &d.warning {
            text.push_str(" — ");
            text.push_str(w);
        }
        lines.push(Line::from(vec![
            Span::styled("Next: ", t.label()),
            Span::styled(text, style),
        ]));
    }
    if let Some(closed) = c.closed_on {
        lines.push(field("Closed", show(closed)));
    }
    Text::from(lines)
}
