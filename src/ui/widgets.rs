//! Widgets every tab draws with: list and detail side by side, list titles, labelled fields, the
//! detail pane with its timeline, and a centred box for overlays. Tab files import these rather
//! than `view`, so `view` (the frame) and the tabs do not import each other.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::domain::text::sanitize;

use super::Model;

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
        " Record (↑↓ PgUp PgDn scroll · Esc back) "
    } else if model.tab == super::Tab::Due {
        " Detail (Enter goes to the record) "
    } else {
        " Detail (Enter opens) "
    };
    // How far an open record can scroll: its rows as wrapped, less the rows on screen.
    let inner_width = usize::from(area.width.saturating_sub(2)).max(1);
    let rows: usize = text
        .lines
        .iter()
        .map(|l| {
            // Word wrapping can take a row more than the characters need: allow for it.
            let w = l.width().max(1);
            if w > inner_width {
                (w + w / 8).div_ceil(inner_width)
            } else {
                1
            }
        })
        .sum();
    let max = rows.saturating_sub(usize::from(area.height.saturating_sub(2)));
    let max = u16::try_from(max).unwrap_or(u16::MAX);
    let scroll = if open {
        model.detail_scroll_max.set(max);
        model.list().scroll.min(max)
    } else {
        0
    };
    frame.render_widget(
        Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(Block::default().borders(Borders::ALL).title(title)),
        area,
    );
}

pub(super) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
