//! Widgets every tab draws with: list and detail side by side, list titles, labelled fields, the
//! detail pane with its timeline, and a centred box for overlays. Tab files import these rather
//! than `view`, so `view` (the frame) and the tabs do not import each other.

use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Row};
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

/// A list's columns fitted to the box it is drawn in: each column as wide as the widest of its
/// header and the rows given (the rows on screen), and where the box is narrower than that the
/// widest columns give way first; a cell too wide for its column ends in "…", never cut mid-word
/// without a sign. `keep` is, per column, the width it keeps however narrow the box (a deadline
/// stays readable; 0: none). `inner_width` is the width inside the box's borders. Returns the
/// widths (for `Table::new`), the header row and the rows.
pub(super) fn fitted_columns(
    header: &[&str],
    keep: &[u16],
    rows: Vec<Vec<Span<'static>>>,
    inner_width: u16,
) -> (Vec<Constraint>, Row<'static>, Vec<Row<'static>>) {
    let n = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| Span::raw(*h).width()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    // Table's column spacing is one cell between columns.
    let room = usize::from(inner_width).saturating_sub(n.saturating_sub(1));
    // The widest column gives way, a cell at a time, down to a floor that still shows a word's
    // start and the "…".
    const FLOOR: usize = 4;
    let floor = |i: usize| FLOOR.max(keep.get(i).copied().map_or(0, usize::from));
    while widths.iter().sum::<usize>() > room {
        let Some((i, _)) = widths
            .iter()
            .copied()
            .enumerate()
            .filter(|(i, w)| *w > floor(*i))
            .max_by_key(|(_, w)| *w)
        else {
            break;
        };
        widths[i] -= 1;
    }
    let fit = |text: &str, width: usize| -> String { shorten(text, width) };
    let header_row = Row::new(
        header
            .iter()
            .zip(&widths)
            .map(|(h, w)| fit(h, *w))
            .collect::<Vec<_>>(),
    );
    let rows = rows
        .into_iter()
        .map(|row| {
            Row::new(
                row.into_iter()
                    .zip(&widths)
                    .map(|(cell, w)| Span::styled(fit(&cell.content, *w), cell.style))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    let constraints = widths
        .iter()
        .map(|w| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)))
        .collect();
    (constraints, header_row, rows)
}

/// `text` in at most `width` cells: as it is if it fits, else cut with "…" at the end (after the
/// last whole word that fits, when one does).
pub(super) fn shorten(text: &str, width: usize) -> String {
    let cells = |s: &str| Span::raw(s).width();
    if cells(text) <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept = String::new();
    for c in text.chars() {
        let mut next = kept.clone();
        next.push(c);
        if cells(&next) + 1 > width {
            break;
        }
        kept = next;
    }
    // Prefer to end at a word: drop a part-word when a whole word is kept before it.
    let cut_mid_word = text[kept.len()..]
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace());
    if cut_mid_word {
        if let Some(space) = kept.trim_end().rfind(char::is_whitespace) {
            if space > 0 {
                kept.truncate(space);
            }
        }
    }
    format!("{}…", kept.trim_end())
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
    Line::from(vec![label_span(label), Span::raw(value)])
}

fn label_span(label: &str) -> Span<'static> {
    Span::styled(
        format!("{label}: "),
        Style::default().add_modifier(ratatui::style::Modifier::BOLD),
    )
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
    // Wrapped here, by display width at words, so the rows are known exactly: how far an open
    // record can scroll is its rows less the rows on screen.
    let inner_width = usize::from(area.width.saturating_sub(2)).max(1);
    let text = super::wrap::wrap_text(text, inner_width, super::wrap::INDENT);
    let rows = text.lines.len();
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

/// The list table of a register tab (gifts, dispensations, subject access): the rows on screen
/// (see `visible::window`) in columns fitted to them and to the box (see [`fitted_columns`]; `keep`
/// as there), a bordered block with the title, the selected row highlighted.
pub(super) fn register_table(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    (header, keep): (&[&str], &[u16]),
    rows: Vec<Vec<Span<'static>>>,
    title: String,
    selected: Option<usize>,
) {
    use ratatui::widgets::{Table, TableState};
    let t = model.theme;
    let (widths, header, rows) = fitted_columns(header, keep, rows, area.width.saturating_sub(2));
    let table = Table::new(rows, widths)
        .header(header.style(t.label()))
        .row_highlight_style(t.selected())
        .block(Block::default().borders(Borders::ALL).title(title));
    let mut state = TableState::default().with_selected(selected);
    frame.render_stateful_widget(table, area, &mut state);
}

/// A record's detail as the pane shows it: a heading (the reference, then its state and rule),
/// then one "label: value" line per fact. [`detail_pane`] wraps it to the pane at words, each
/// value's continuation rows indented, so a long reason or summary is read whole. What the clerk
/// typed (a summary, a reason) goes through [`Detail::typed`]: its line breaks kept, and hidden
/// in meeting-safe mode.
pub(super) struct Detail {
    lines: Vec<Line<'static>>,
    safe: bool,
}

impl Detail {
    /// A detail whose first line is `reference` (as a label) followed by `rest`.
    pub(super) fn new(model: &Model, reference: String, rest: String) -> Detail {
        let t = model.theme;
        Detail {
            lines: vec![Line::from(vec![
                Span::styled(reference, t.label()),
                Span::raw(format!("  {rest}")),
            ])],
            safe: model.meeting_safe(),
        }
    }

    /// A fact shown as it is (already fit for the screen: a date, a name label, a sum).
    pub(super) fn field(&mut self, label: &str, value: impl Into<String>) -> &mut Detail {
        self.lines.push(field(label, value.into()));
        self
    }

    /// A fact in a colour of its own (a deadline: alarm when passed).
    pub(super) fn styled(&mut self, label: &str, value: Span<'static>) -> &mut Detail {
        self.lines.push(Line::from(vec![label_span(label), value]));
        self
    }

    /// Text the clerk typed: "•••" in meeting-safe mode, else made safe to draw with its line
    /// breaks kept.
    pub(super) fn typed(&mut self, label: &str, text: &str) -> &mut Detail {
        let value = self.typed_text(text);
        self.field(label, value)
    }

    /// `text` as [`Detail::typed`] shows it, for a value that mixes it with other facts.
    pub(super) fn typed_text(&self, text: &str) -> String {
        if self.safe {
            "•••".to_string()
        } else {
            keep_lines(text)
        }
    }

    pub(super) fn text(self) -> Text<'static> {
        Text::from(self.lines)
    }
}

/// `text` made safe to draw (see `sanitize`) with its line breaks kept, for a pane that wraps it.
pub(super) fn keep_lines(text: &str) -> String {
    text.split('\n')
        .map(sanitize)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_text_ends_at_a_word_with_an_ellipsis() {
        assert_eq!(shorten("Liberal Democrats", 20), "Liberal Democrats");
        assert_eq!(shorten("Liberal Democrats", 15), "Liberal…");
        assert_eq!(shorten("Clerk and Proper Officer", 22), "Clerk and Proper…");
        // One long word: cut inside it, with the sign.
        assert_eq!(shorten("Whitcombe-Fenwick", 8), "Whitcom…");
        assert_eq!(shorten("Siân", 4), "Siân");
        assert_eq!(shorten("Siân ap Dafydd", 6), "Siân…");
        assert_eq!(shorten("abc", 0), "");
    }

    #[test]
    fn columns_take_the_width_of_their_rows_and_the_widest_gives_way() {
        let rows = vec![
            vec![
                Span::raw("M-001"),
                Span::raw("Margaret Hill"),
                Span::raw("Liberal Democrats"),
            ],
            vec![Span::raw("M-002"), Span::raw("Al"), Span::raw("Green")],
        ];
        let (w, _, _) = fitted_columns(&["Ref", "Name", "Group"], &[], rows.clone(), 80);
        assert_eq!(
            w,
            [
                Constraint::Length(5),
                Constraint::Length(13),
                Constraint::Length(17)
            ]
        );
        // 30 wide: 28 for cells; the group column gives way first, then the name.
        let (w, _, _) = fitted_columns(&["Ref", "Name", "Group"], &[], rows.clone(), 30);
        let total: u16 = w
            .iter()
            .map(|c| match c {
                Constraint::Length(n) => *n,
                _ => 0,
            })
            .sum();
        assert_eq!(total, 28);
        assert_eq!(w[0], Constraint::Length(5));
        // A column kept at 15 stays whole; the name gives way instead.
        let (w, _, rows) = fitted_columns(&["Ref", "Name", "Group"], &[0, 0, 17], rows, 30);
        assert_eq!(w[2], Constraint::Length(17));
        assert_eq!(w[1], Constraint::Length(6));
        assert_eq!(rows.len(), 2);
    }
}
