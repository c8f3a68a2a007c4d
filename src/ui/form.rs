//! A form: labelled fields (tui-textarea for text, a cycling choice for fixed lists), each with its
//! error shown beside it. What the user typed is never lost: errors are set on the fields, the
//! values stay.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::wrap::wrap_str;
use crate::domain::text::sanitize;
use ratatui::Frame;
use tui_textarea::TextArea;

use super::theme::Theme;
use crate::domain::rules::FieldError;

pub enum Input {
    Text(Box<TextArea<'static>>),
    /// A fixed list. Typing searches it: the letters typed so far (`typed`) pick the first option
    /// containing them, so a name among thirty people is a few keys away.
    Choice {
        options: Vec<String>,
        selected: usize,
        typed: String,
    },
    /// A list of which any number may be picked (a panel): ←/→ move, Space picks or drops the
    /// one in hand, typing finds one (accents and case aside). Gives the picked values, comma
    /// separated, as the CLI takes them.
    Many {
        options: Vec<String>,
        values: Vec<String>,
        search: Vec<String>,
        picked: Vec<bool>,
        at: usize,
        typed: String,
    },
}

pub struct Field {
    /// Matches the `field` of the domain's `FieldError`s: a step form's fields are keyed by their
    /// spec's name (`on`), other forms' by the label shown.
    pub key: &'static str,
    /// What the form calls the field (a step form: the spec's label, "told on").
    pub label: &'static str,
    pub input: Input,
    pub error: Option<String>,
}

pub struct Form {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A message about the whole form: a refusal by a rule, or a store error.
    pub message: Option<String>,
    /// Lines shown above the fields: what the form is about (a triage proposal, who may sit).
    pub intro: Vec<String>,
    initial: Vec<String>,
    /// Per choice field, what typing searches instead of the labels shown ([`Form::search_by`]).
    search_keys: Vec<(&'static str, Vec<String>)>,
    /// Per choice field, the value each option gives instead of the label shown
    /// ([`Form::choice_values`]).
    choice_values: Vec<(&'static str, Vec<String>)>,
    /// Per field, the domain's own check of its value, run as the clerk leaves it
    /// ([`Form::checked_by`]).
    checks: Vec<(&'static str, FieldCheck)>,
}

/// A field's check: the parse the save uses, for one value.
pub type FieldCheck = Box<dyn Fn(&str) -> Result<(), FieldError>>;

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Continue,
    Submit,
    Cancel,
}

fn text_area(value: &str) -> TextArea<'static> {
    let mut t = TextArea::new(vec![value.to_string()]);
    t.set_cursor_line_style(Style::default());
    t.move_cursor(tui_textarea::CursorMove::End);
    t
}

impl Form {
    pub fn new(title: impl Into<String>) -> Form {
        Form {
            title: title.into(),
            fields: Vec::new(),
            focus: 0,
            message: None,
            intro: Vec::new(),
            initial: Vec::new(),
            search_keys: Vec::new(),
            choice_values: Vec::new(),
            checks: Vec::new(),
        }
    }

    /// The field `key` is checked by `check` as the clerk leaves it (Tab, Shift-Tab): a wrong
    /// value is named at once, and once marked, the message goes as soon as the value is right.
    pub fn checked_by(mut self, key: &'static str, check: FieldCheck) -> Form {
        self.checks.push((key, check));
        self
    }

    /// Runs the check of the field at `i`, if it has one: sets or clears its message. Returns
    /// whether it had a check.
    fn check_field(&mut self, i: usize) -> bool {
        let Some(f) = self.fields.get(i) else {
            return false;
        };
        let Some((_, check)) = self.checks.iter().find(|(k, _)| *k == f.key) else {
            return false;
        };
        let result = check(&field_value(f));
        if let Some(f) = self.fields.get_mut(i) {
            f.error = result.err().map(|e| e.message);
        }
        true
    }

    /// Shows the field keyed `key` as `label` (a step form keys by the spec's name).
    pub fn labelled(mut self, key: &'static str, label: &'static str) -> Form {
        if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
            f.label = label;
        }
        self
    }

    /// The choice `key` gives `values` (one per option, in order) rather than the labels shown:
    /// a list of people shows "M-003 Ann Example" and gives "M-003".
    pub fn choice_values(mut self, key: &'static str, values: Vec<String>) -> Form {
        self.choice_values.push((key, values));
        self
    }

    pub fn text(mut self, key: &'static str, value: &str) -> Form {
        self.fields.push(Field {
            key,
            label: key,
            input: Input::Text(Box::new(text_area(value))),
            error: None,
        });
        self.initial.push(value.to_string());
        self.refresh_cursor();
        self
    }

    /// Typing in the choice `key` searches `keys` (one per option, in order) rather than the labels
    /// shown: in meeting-safe mode the clerk finds a person by the name they know while the list
    /// shows only references.
    pub fn search_by(mut self, key: &'static str, keys: Vec<String>) -> Form {
        self.search_keys.push((key, keys));
        self
    }

    /// A fixed list; `value` picks the starting option (case-insensitive), else the first.
    pub fn choice(mut self, key: &'static str, options: Vec<String>, value: &str) -> Form {
        let selected = options
            .iter()
            .position(|o| o.eq_ignore_ascii_case(value))
            .unwrap_or(0);
        self.initial
            .push(options.get(selected).cloned().unwrap_or_default());
        self.fields.push(Field {
            key,
            label: key,
            input: Input::Choice {
                options,
                selected,
                typed: String::new(),
            },
            error: None,
        });
        self
    }

    /// Replaces the field `key` by a multi-select list: `options` shown, each giving `values[i]`
    /// and found by `search[i]`; those whose value is in `start` (comma separated) are picked.
    pub fn many(
        mut self,
        key: &'static str,
        options: Vec<String>,
        values: Vec<String>,
        search: Vec<String>,
        start: &str,
    ) -> Form {
        let given: Vec<String> = start
            .split(',')
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .collect();
        let picked = values
            .iter()
            .map(|v| given.contains(&v.to_lowercase()))
            .collect();
        let input = Input::Many {
            options,
            values,
            search,
            picked,
            at: 0,
            typed: String::new(),
        };
        match self.fields.iter().position(|f| f.key == key) {
            Some(i) => {
                self.fields[i].input = input;
                self.initial[i] = field_value(&self.fields[i]);
            }
            None => {
                self.fields.push(Field {
                    key,
                    label: key,
                    input,
                    error: None,
                });
                self.initial.push(String::new());
                let last = self.fields.len() - 1;
                self.initial[last] = field_value(&self.fields[last]);
            }
        }
        self.refresh_cursor();
        self
    }

    pub fn with_intro(mut self, lines: Vec<String>) -> Form {
        self.intro = lines;
        self
    }

    pub fn value(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(field_value)
            .unwrap_or_default()
    }

    pub fn values(&self) -> Vec<String> {
        self.fields.iter().map(field_value).collect()
    }

    /// Every field's value by key, a choice giving its value rather than the label shown: what a
    /// step form hands to the machine's builder, as the CLI's options do.
    pub fn named(&self) -> crate::domain::machine::Values {
        let mut out = crate::domain::machine::Values::default();
        for f in &self.fields {
            let given = match (
                &f.input,
                self.choice_values.iter().find(|(k, _)| *k == f.key),
            ) {
                (Input::Choice { selected, .. }, Some((_, values))) => {
                    values.get(*selected).cloned().unwrap_or_default()
                }
                _ => field_value(f),
            };
            out.set(f.key, given);
        }
        out
    }

    /// True when the user has changed anything: leaving would lose it.
    pub fn is_dirty(&self) -> bool {
        self.values() != self.initial
    }

    /// Puts each error beside its field; errors for fields this form lacks go to the form message.
    pub fn set_errors(&mut self, errors: &[FieldError]) {
        for f in &mut self.fields {
            f.error = None;
        }
        let mut loose = Vec::new();
        for e in errors {
            // The machine names a field by the spec's name or by its label.
            match self
                .fields
                .iter_mut()
                .find(|f| f.key == e.field || f.label == e.field)
            {
                Some(f) => f.error = Some(e.message.clone()),
                None => loose.push(e.to_string()),
            }
        }
        self.message = (!loose.is_empty()).then(|| loose.join("; "));
        if let Some(first) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = first;
            self.refresh_cursor();
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> Outcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return Outcome::Cancel,
            KeyCode::Enter => return Outcome::Submit,
            KeyCode::Char('s') if ctrl => return Outcome::Submit,
            KeyCode::Tab | KeyCode::Down => self.move_focus(1),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(-1),
            // A pasted or odd key carrying a control character never enters a field.
            KeyCode::Char(c) if c.is_control() => {}
            _ => {
                let hidden = self.fields.get(self.focus).and_then(|f| {
                    self.search_keys
                        .iter()
                        .find(|(k, _)| *k == f.key)
                        .map(|(_, keys)| keys)
                });
                let focus = self.focus;
                let mut recheck = false;
                if let Some(field) = self.fields.get_mut(focus) {
                    match &mut field.input {
                        Input::Text(t) => {
                            // An edited field's old message no longer describes what it holds:
                            // a field with a check keeps its message until the value is right.
                            if t.input(key) {
                                recheck = field.error.is_some();
                                field.error = None;
                            }
                        }
                        Input::Many {
                            search,
                            picked,
                            at,
                            typed,
                            ..
                        } => {
                            let n = picked.len().max(1);
                            match key.code {
                                KeyCode::Left => *at = (*at + n - 1) % n,
                                KeyCode::Right => *at = (*at + 1) % n,
                                KeyCode::Char(' ') => {
                                    if let Some(p) = picked.get_mut(*at) {
                                        *p = !*p;
                                        field.error = None;
                                    }
                                    typed.clear();
                                }
                                KeyCode::Backspace => {
                                    typed.pop();
                                }
                                KeyCode::Char(c) => {
                                    typed.push(c);
                                    let found = self::search(search, typed, *at).or_else(|| {
                                        typed.clear();
                                        typed.push(c);
                                        self::search(search, typed, *at)
                                    });
                                    if let Some(i) = found {
                                        *at = i;
                                    }
                                }
                                _ => {}
                            }
                        }
                        Input::Choice {
                            options,
                            selected,
                            typed,
                        } => {
                            let n = options.len().max(1);
                            match key.code {
                                KeyCode::Left => *selected = (*selected + n - 1) % n,
                                KeyCode::Right | KeyCode::Char(' ') => {
                                    *selected = (*selected + 1) % n
                                }
                                KeyCode::Backspace => {
                                    typed.pop();
                                }
                                KeyCode::Char(c) => {
                                    let haystack = hidden
                                        .filter(|keys| keys.len() == options.len())
                                        .map_or(options.as_slice(), Vec::as_slice);
                                    typed.push(c);
                                    let found = search(haystack, typed, *selected).or_else(|| {
                                        // No option holds all of it: start again from this letter.
                                        typed.clear();
                                        typed.push(c);
                                        search(haystack, typed, *selected)
                                    });
                                    if let Some(i) = found {
                                        *selected = i;
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                }
                if recheck {
                    self.check_field(focus);
                }
            }
        }
        Outcome::Continue
    }

    /// Pasted text into the field in hand: all of it, line breaks included, in a text field (a
    /// one-line field then says what is wrong with it when saved, keeping the text); in a list of
    /// choices it searches, as typing does.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.error = None;
            match &mut field.input {
                Input::Text(t) => {
                    t.insert_str(&text);
                }
                Input::Choice { .. } | Input::Many { .. } => {
                    for c in text.chars().filter(|c| !c.is_control() && *c != ' ') {
                        self.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                    }
                }
            }
        }
    }

    fn move_focus(&mut self, by: isize) {
        self.check_field(self.focus);
        for f in &mut self.fields {
            match &mut f.input {
                Input::Choice { typed, .. } | Input::Many { typed, .. } => typed.clear(),
                Input::Text(_) => {}
            }
        }
        let n = self.fields.len() as isize;
        if n > 0 {
            self.focus = ((self.focus as isize + by).rem_euclid(n)) as usize;
            self.refresh_cursor();
        }
    }

    /// Only the focused text field shows a cursor.
    fn refresh_cursor(&mut self) {
        let focus = self.focus;
        for (i, f) in self.fields.iter_mut().enumerate() {
            if let Input::Text(t) = &mut f.input {
                t.set_cursor_style(if i == focus {
                    Style::default().add_modifier(Modifier::REVERSED)
                } else {
                    Style::default()
                });
            }
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, theme: Theme) {
        let width = area.width.saturating_sub(4).clamp(20, 76);
        let label_w = self
            .fields
            .iter()
            .map(|f| f.label.chars().count())
            .max()
            .unwrap_or(8) as u16
            + 2;
        let text_w = width.saturating_sub(2).max(1);
        // Every message wrapped at words by display width, so the box is as tall as they are.
        let rows = |text: &str, w: u16| -> u16 {
            let n = wrap_str(&sanitize(text), usize::from(w.max(1))).len();
            u16::try_from(n).unwrap_or(u16::MAX).max(1)
        };
        let error_w = text_w.saturating_sub(label_w);
        let errors: u16 = self
            .fields
            .iter()
            .filter_map(|f| f.error.as_deref())
            .map(|e| rows(&format!("↳ {e}"), error_w))
            .sum();
        let intro_h: u16 = self.intro.iter().map(|l| rows(l, text_w)).sum::<u16>()
            + u16::from(!self.intro.is_empty());
        let message_h = self
            .message
            .as_deref()
            .map(|m| rows(m, text_w) + 1)
            .unwrap_or(0);
        let value_w = text_w.saturating_sub(label_w);
        let rows_of_fields: u16 = self
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| field_rows(f, value_w, i == self.focus))
            .sum();
        let height = (rows_of_fields + errors + 2 + intro_h + message_h).min(area.height);
        let rect = Rect {
            x: area.x + area.width.saturating_sub(width) / 2,
            y: area.y + area.height.saturating_sub(height) / 2,
            width: width.min(area.width),
            height,
        };
        frame.render_widget(Clear, rect);
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Span::styled(format!(" {} ", self.title), theme.label()))
            .title_bottom(Line::from(vec![
                Span::styled(" Enter", theme.key()),
                Span::raw(" save  "),
                Span::styled("Tab", theme.key()),
                Span::raw(" next  "),
                Span::styled("←→", theme.key()),
                Span::raw(" choose  "),
                Span::styled("Esc", theme.key()),
                Span::raw(" cancel "),
            ]));
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let mut y = inner.y;
        let bottom = inner.y + inner.height;
        let (x, width) = (inner.x, inner.width);
        for line in &self.intro {
            y += wrapped(
                frame,
                &sanitize(line),
                (x, y, width),
                bottom,
                Style::default(),
            );
        }
        if !self.intro.is_empty() {
            y += 1;
        }
        if let Some(msg) = &self.message {
            y += wrapped(frame, &sanitize(msg), (x, y, width), bottom, theme.error()) + 1;
        }
        for (i, field) in self.fields.iter().enumerate() {
            if y >= bottom {
                break;
            }
            let focused = i == self.focus;
            let label_style = if focused { theme.key() } else { theme.label() };
            let label_rect = Rect {
                x: inner.x,
                y,
                width: label_w.min(inner.width),
                height: 1,
            };
            frame.render_widget(
                Paragraph::new(Span::styled(format!("{}:", field.label), label_style)),
                label_rect,
            );
            let rows = field_rows(field, inner.width.saturating_sub(label_w), focused)
                .min(bottom.saturating_sub(y))
                .max(1);
            let value_rect = Rect {
                x: inner.x + label_w.min(inner.width),
                y,
                width: inner.width.saturating_sub(label_w),
                height: rows,
            };
            match &field.input {
                Input::Text(t) if focused => frame.render_widget(&**t, value_rect),
                // Read back wrapped at words: the editor does not wrap a long line.
                Input::Text(t) => {
                    let lines: Vec<Line> = read_back(t.lines(), value_rect.width)
                        .into_iter()
                        .map(Line::raw)
                        .collect();
                    frame.render_widget(Paragraph::new(lines), value_rect);
                }
                Input::Choice {
                    options, selected, ..
                } => {
                    let value = options.get(*selected).cloned().unwrap_or_default();
                    let style = if focused {
                        theme.selected()
                    } else {
                        Style::default()
                    };
                    frame.render_widget(
                        Paragraph::new(Line::from(vec![
                            Span::styled("‹ ", theme.dim()),
                            Span::styled(value, style),
                            Span::styled(" ›", theme.dim()),
                        ])),
                        value_rect,
                    );
                }
                Input::Many {
                    options,
                    values,
                    picked,
                    at,
                    ..
                } => {
                    let here = options.get(*at).cloned().unwrap_or_default();
                    let mark = if picked.get(*at).copied().unwrap_or(false) {
                        "[x] "
                    } else {
                        "[ ] "
                    };
                    let style = if focused {
                        theme.selected()
                    } else {
                        Style::default()
                    };
                    let chosen: Vec<&str> = values
                        .iter()
                        .zip(picked)
                        .filter(|(_, p)| **p)
                        .map(|(v, _)| v.as_str())
                        .collect();
                    let chosen = if chosen.is_empty() {
                        "none picked (Space picks)".to_string()
                    } else {
                        format!("picked: {}", chosen.join(", "))
                    };
                    let mut lines = vec![Line::from(vec![
                        Span::styled("‹ ", theme.dim()),
                        Span::styled(format!("{mark}{here}"), style),
                        Span::styled(" ›", theme.dim()),
                    ])];
                    lines.push(Line::styled(chosen, theme.dim()));
                    frame.render_widget(Paragraph::new(lines), value_rect);
                }
            }
            y += rows;
            if let Some(err) = &field.error {
                let text = format!("↳ {}", sanitize(err));
                let at = (value_rect.x, y, value_rect.width);
                y += wrapped(frame, &text, at, bottom, theme.error());
            }
        }
    }
}

/// Draws `text` wrapped at words to `width` cells from (`x`, `y`), in `style`, stopping at the
/// row `bottom`; gives the rows it took (the intro, the form's message, a field's error).
fn wrapped(
    frame: &mut Frame,
    text: &str,
    (x, y, width): (u16, u16, u16),
    bottom: u16,
    style: Style,
) -> u16 {
    let lines = wrap_str(text, usize::from(width.max(1)));
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .min(bottom.saturating_sub(y));
    let lines: Vec<Line> = lines.into_iter().map(|l| Line::styled(l, style)).collect();
    let at = Rect {
        x,
        y,
        width,
        height,
    };
    frame.render_widget(Paragraph::new(lines), at);
    height
}

/// Most rows a text field takes: a longer text scrolls with the cursor while it is edited, and is
/// read back in this many rows, the last ending in "…" when there is more.
const TEXT_ROWS: usize = 5;

/// Rows a field takes: a text being edited shows up to [`TEXT_ROWS`] of its lines (a pasted
/// newsletter, a note); one read back takes the rows it needs wrapped at `width`, as many.
fn field_rows(f: &Field, width: u16, focused: bool) -> u16 {
    let rows = match &f.input {
        Input::Text(t) if focused => t.lines().len(),
        Input::Text(t) => read_back(t.lines(), width).len(),
        Input::Choice { .. } => 1,
        Input::Many { .. } => 2,
    };
    u16::try_from(rows.clamp(1, TEXT_ROWS)).unwrap_or(1)
}

/// A text field's lines as read back when the clerk is not editing it: wrapped at words to
/// `width` cells, at most [`TEXT_ROWS`] rows, the last marked "…" when some is not shown.
fn read_back(lines: &[String], width: u16) -> Vec<String> {
    let width = usize::from(width.max(1));
    let text = lines
        .iter()
        .map(|l| sanitize(l))
        .collect::<Vec<_>>()
        .join("\n");
    let mut rows = wrap_str(&text, width);
    if rows.len() > TEXT_ROWS {
        rows.truncate(TEXT_ROWS);
        if let Some(last) = rows.last_mut() {
            let marked = format!("{last} …");
            *last = super::widgets::shorten(&marked, width);
        }
    }
    rows
}

fn field_value(f: &Field) -> String {
    match &f.input {
        Input::Text(t) => t.lines().join("\n"),
        Input::Choice {
            options, selected, ..
        } => options.get(*selected).cloned().unwrap_or_default(),
        Input::Many { values, picked, .. } => values
            .iter()
            .zip(picked)
            .filter(|(_, p)| **p)
            .map(|(v, _)| v.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// The first option (from the current one on, wrapping) whose words contain `typed`, ignoring case.
fn search(options: &[String], typed: &str, from: usize) -> Option<usize> {
    let needle = crate::domain::text::search_key(typed);
    let n = options.len();
    (0..n)
        .map(|k| (from + k) % n)
        .find(|&i| crate::domain::text::search_key(&options[i]).contains(&needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn typing_edits_the_focused_field_and_marks_dirty() {
        let mut f = Form::new("t").text("name", "").text("ward", "North");
        assert!(!f.is_dirty());
        for c in "Siân".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(f.value("name"), "Siân");
        assert!(f.is_dirty());
        f.handle_key(key(KeyCode::Tab));
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(f.value("ward"), "Nort");
        assert_eq!(f.handle_key(key(KeyCode::Enter)), Outcome::Submit);
        assert_eq!(f.handle_key(key(KeyCode::Esc)), Outcome::Cancel);
    }

    #[test]
    fn choices_cycle_and_jump_by_letter() {
        let opts = vec![
            "Independent".to_string(),
            "Labour".to_string(),
            "Green".to_string(),
        ];
        let mut f = Form::new("t").choice("group", opts, "labour");
        assert_eq!(f.value("group"), "Labour");
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.value("group"), "Green");
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.value("group"), "Independent");
        f.handle_key(key(KeyCode::Char('g')));
        assert_eq!(f.value("group"), "Green");
        // Typing searches: "la" finds Labour, not the first option containing "l".
        let people = vec![
            "Clara Whitcombe".to_string(),
            "Siân ap Dafydd".to_string(),
            "Rajesh Patel".to_string(),
        ];
        let mut f = Form::new("t").choice("who", people, "");
        for c in "pat".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(f.value("who"), "Rajesh Patel");
    }

    #[test]
    fn typing_searches_hidden_keys_but_the_value_is_the_label_shown() {
        let shown = vec!["Member M-001".to_string(), "Member M-002".to_string()];
        let names = vec![
            "M-001 Clara Whitcombe".to_string(),
            "M-002 Rajesh Patel".to_string(),
        ];
        let mut f = Form::new("t")
            .choice("who", shown, "")
            .search_by("who", names);
        for c in "patel".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(f.value("who"), "Member M-002");
    }

    #[test]
    fn errors_go_beside_their_fields_and_values_are_kept() {
        let mut f = Form::new("t")
            .text("name", "x")
            .text("term start", "31/02/2026");
        f.set_errors(&[
            FieldError::new("term start", "not a date"),
            FieldError::new("elsewhere", "boom"),
        ]);
        assert_eq!(f.fields[1].error.as_deref(), Some("not a date"));
        assert_eq!(f.focus, 1);
        assert_eq!(f.value("term start"), "31/02/2026");
        assert!(f.message.as_deref().unwrap().contains("boom"));
    }
}
