//! Blackout tab: elections with their pre-election periods (R-P1), and council publicity with its
//! findings highlighted where they are in the text (R-P2 to R-P4). `n` drafts publicity, `N`
//! schedules an election.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Table, TableState};
use ratatui::Frame;

use crate::domain::audit::Subject;
use crate::domain::blackout::{
    Election, ElectionActionKind, ElectionInput, ElectionKind, ElectionState,
};
use crate::domain::dates::show;
use crate::domain::machine::{ActionKind, BuildAction, FieldKind, FieldSpec, Values};
use crate::domain::publicity::{
    Channel, ItemActionKind, ItemState, PublicityInput, PublicityItem, Severity,
};
use crate::domain::rules::cites;
use crate::domain::text::sanitize;
use crate::session::{Session, SessionError};

use super::component::Component;
use super::form::Form;
use super::people::ActionKey;
use super::steps::{create_input, step_action, Options};
use super::widgets::{detail_pane, field, fitted_columns, list_title, split};
use super::Tab;
use super::{FormPurpose, Model};

/// A row of the tab: an election or a piece of publicity.
#[derive(Clone, Copy)]
pub enum BlackoutRow<'a> {
    Election(&'a Election),
    Item(&'a PublicityItem),
}

impl BlackoutRow<'_> {
    pub fn subject(&self) -> Subject {
        match self {
            BlackoutRow::Election(e) => Session::election_subject(e.id),
            BlackoutRow::Item(p) => Session::publicity_subject(p.id),
        }
    }

    pub fn reference(&self) -> String {
        match self {
            BlackoutRow::Election(e) => format!("E-{}", e.id),
            BlackoutRow::Item(p) => format!("P-{}", p.id),
        }
    }
}

/// What a notice left empty means (R-P1), above the election's forms.
fn election_note() -> Vec<String> {
    vec![format!(
        "Leave the notice empty until it is published: the latest lawful date (the 25th working \
         day before the poll, {}) is used and shown as computed. UK Parliament elections and \
         referendums need the notice date (R-P5).",
        cites::pre_election_period().rule
    )]
}

/// An election's kinds as the screen words them (the machine reads these words too).
fn election_kinds(f: &FieldSpec) -> Option<Options> {
    (f.name == "kind").then(|| {
        Options::words(
            ElectionKind::ALL
                .iter()
                .map(|k| k.label().to_string())
                .collect(),
        )
    })
}

/// A new election's kinds as the screen words them, each giving the word the spec and the
/// command line use, so the form opens on the spec's default.
fn new_election_kinds(f: &FieldSpec) -> Option<Options> {
    let FieldKind::Choice(words) = f.kind else {
        return None;
    };
    (f.name == "kind").then(|| Options {
        shown: words
            .iter()
            .map(|w| {
                ElectionKind::parse("kind", w)
                    .map(|k| k.label().to_string())
                    .unwrap_or_else(|_| w.to_string())
            })
            .collect(),
        gives: words.iter().map(|w| w.to_string()).collect(),
        search: None,
    })
}

/// Publicity channels as the screen words them.
fn channels(f: &FieldSpec) -> Option<Options> {
    (f.name == "channel")
        .then(|| Options::words(Channel::ALL.iter().map(|c| c.label().to_string()).collect()))
}

/// A new item's channels as the screen words them, none chosen until the clerk chooses (the
/// command line asks for `--channel` too).
fn new_channels(f: &FieldSpec) -> Option<Options> {
    (f.name == "channel").then(|| {
        let mut shown = vec!["—".to_string()];
        shown.extend(Channel::ALL.iter().map(|c| c.label().to_string()));
        let mut gives = vec![String::new()];
        gives.extend(Channel::ALL.iter().map(|c| c.label().to_string()));
        Options {
            shown,
            gives,
            search: None,
        }
    })
}

impl Model {
    pub fn visible_blackout(&self) -> Vec<BlackoutRow<'_>> {
        use super::visible::{at, positions};
        let Some(s) = &self.session else {
            return Vec::new();
        };
        // Elections then publicity, each as positions in its register.
        let rows = self.memo(&self.tabs.blackout.list, || {
            let rows = self.list_blackout();
            let (mut elections, mut items) = (Vec::new(), Vec::new());
            for r in &rows {
                match r {
                    BlackoutRow::Election(e) => elections.push(*e),
                    BlackoutRow::Item(p) => items.push(*p),
                }
            }
            (
                positions(&s.elections, &elections),
                positions(&s.publicity, &items),
            )
        });
        let mut out: Vec<BlackoutRow> = at(&s.elections, &rows.0)
            .into_iter()
            .map(BlackoutRow::Election)
            .collect();
        out.extend(at(&s.publicity, &rows.1).into_iter().map(BlackoutRow::Item));
        out
    }

    fn list_blackout(&self) -> Vec<BlackoutRow<'_>> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let list = &self.tabs.blackout.list;
        let needle = crate::domain::text::search_key(&list.filter);
        let mut rows: Vec<BlackoutRow> = Vec::new();
        let mut elections: Vec<&Election> = s
            .elections
            .iter()
            .filter(|e| list.show_ended || e.state != ElectionState::Closed)
            .collect();
        elections.sort_by_key(|e| e.poll);
        rows.extend(elections.into_iter().map(BlackoutRow::Election));
        let mut items: Vec<&PublicityItem> = s
            .publicity
            .iter()
            .filter(|p| list.show_ended || p.state != ItemState::Published)
            .collect();
        items.sort_by_key(|p| (p.planned, p.id));
        rows.extend(items.into_iter().map(BlackoutRow::Item));
        rows.retain(|r| {
            needle.is_empty()
                || crate::domain::text::search_key(&match r {
                    BlackoutRow::Election(e) => {
                        format!("E-{} {} {}", e.id, e.kind.label(), e.wards.join(" "))
                    }
                    BlackoutRow::Item(p) => format!("P-{} {} {}", p.id, p.title, p.channel.label()),
                })
                .contains(&needle)
        });
        rows
    }

    pub fn selected_blackout(&self) -> Option<BlackoutRow<'_>> {
        self.visible_blackout()
            .get(self.tabs.blackout.list.selected)
            .copied()
    }

    pub fn blackout_keys(&self) -> Vec<ActionKey> {
        let Some(ctx) = self.session.as_ref().and_then(|s| s.ctx()) else {
            return Vec::new();
        };
        match self.selected_blackout() {
            Some(BlackoutRow::Election(e)) => super::steps::keys_of(e, &ctx),
            Some(BlackoutRow::Item(p)) => super::steps::keys_of(p, &ctx),
            None => Vec::new(),
        }
    }

    pub(super) fn open_new_blackout(&mut self, key: char) {
        if key == 'D' {
            let form = Form::new("A day that does not count (R-P1)")
                .text("on", "")
                .text("reason", "")
                .with_intro(vec![
                    "A day appointed for public thanksgiving or mourning: no deadline counts it."
                        .into(),
                ]);
            self.form = Some((form, FormPurpose::DayOff));
        } else if key == 'N' {
            let mut form = self.create_form_with::<Election>(new_election_kinds);
            form.intro = election_note();
            self.form = Some((form, FormPurpose::NewElection));
        } else {
            let form = self.create_form_with::<PublicityItem>(new_channels);
            self.form = Some((form, FormPurpose::NewPublicity));
        }
    }

    pub(super) fn open_blackout_action(&mut self, key: char) {
        let Some(s) = &self.session else { return };
        match self.selected_blackout() {
            Some(BlackoutRow::Election(e)) => {
                let Some(kind) = ElectionActionKind::from_key(key) else {
                    return;
                };
                if let Some(refusal) = s.closed(e, kind) {
                    self.error(refusal.to_string());
                    return;
                }
                let id = e.id;
                if kind.fields().is_empty() {
                    // No input: the step is taken at once, through the same builder and machine.
                    let result = self.session.as_mut().map(|s| {
                        kind.build(&Values::default())
                            .map_err(SessionError::Rejected)
                            .and_then(|a| s.election_action(id, a))
                            .map(|ev| {
                                format!(
                                    "Saved E-{id}: {} → {}.",
                                    ev.action,
                                    ev.election.state.label()
                                )
                            })
                    });
                    match result {
                        Some(Ok(text)) => self.form_saved(text),
                        Some(Err(e)) => self.error(e.to_string()),
                        None => {}
                    }
                    return;
                }
                let title = format!("E-{} — {}", e.id, kind.label());
                let start = match kind {
                    ElectionActionKind::Edit => {
                        crate::domain::blackout::edit_defaults(&ElectionInput::from_election(e))
                    }
                    _ => Vec::new(),
                };
                let mut form = self.step_form(title, kind, &start, election_kinds);
                if kind == ElectionActionKind::Edit {
                    form.intro = election_note();
                }
                self.form = Some((form, FormPurpose::ElectionAction(id, kind)));
            }
            Some(BlackoutRow::Item(p)) => {
                let Some(kind) = ItemActionKind::from_key(key) else {
                    return;
                };
                let id = p.id;
                if let Some(refusal) = s.closed(p, kind) {
                    let text = self.masked(refusal.to_string());
                    self.error(text);
                    return;
                }
                if kind.fields().is_empty() {
                    // No input needed: put it to the machine straight away.
                    let result = self.session.as_mut().map(|s| {
                        kind.build(&Values::default())
                            .map_err(SessionError::Rejected)
                            .and_then(|a| s.publicity_action(id, a))
                            .map(|ev| {
                                (
                                    format!(
                                        "Saved P-{id}: {} → {}.",
                                        ev.action,
                                        ev.item.state.label()
                                    ),
                                    ev.item.findings.len(),
                                )
                            })
                    });
                    match result {
                        Some(Ok((text, n))) if n > 0 => self.form_saved(format!(
                            "{text} {n} finding(s): Enter shows them in the text."
                        )),
                        Some(Ok((text, _))) => self.form_saved(text),
                        Some(Err(e)) => {
                            let text = self.masked(e.to_string());
                            self.error(text);
                        }
                        None => {}
                    }
                    return;
                }
                let title = format!("P-{} — {}", p.id, kind.label());
                let start = match kind {
                    ItemActionKind::Edit => {
                        crate::domain::publicity::edit_defaults(&PublicityInput::from_item(p))
                    }
                    _ => Vec::new(),
                };
                let form = self.step_form(title, kind, &start, channels);
                self.form = Some((form, FormPurpose::PublicityAction(id, kind)));
            }
            None => {}
        }
    }

    pub(super) fn submit_blackout_form(&mut self, form: Form, purpose: FormPurpose) {
        let v = |k: &str| form.value(k);
        let Some(s) = &mut self.session else { return };
        let result: Result<String, SessionError> = match &purpose {
            FormPurpose::NewElection => create_input::<Election>(&form)
                .and_then(|i| s.add_election(&i))
                .map(|e| {
                    let p = e.period(&s.calendars.election);
                    format!(
                        "Saved E-{}: period {} to {}{}.",
                        e.id,
                        show(p.start),
                        show(p.end),
                        if p.start_is_computed {
                            " (start computed)"
                        } else {
                            ""
                        }
                    )
                }),
            FormPurpose::ElectionAction(id, kind) => step_action(*kind, &form)
                .and_then(|a| s.election_action(*id, a))
                .map(|e| {
                    format!(
                        "Saved E-{}: {} → {}.",
                        e.election.id,
                        e.action,
                        e.election.state.label()
                    )
                }),
            FormPurpose::DayOff => s.add_day_off(&v("on"), &v("reason")).map(|()| {
                format!(
                    "Saved: {} does not count as a working day (R-P1).",
                    v("on").trim()
                )
            }),
            FormPurpose::NewPublicity => create_input::<PublicityItem>(&form)
                .and_then(|i| s.add_publicity(&i))
                .map(|p| format!("Saved P-{}: draft. r checks it.", p.id)),
            FormPurpose::PublicityAction(id, kind) => step_action(*kind, &form)
                .and_then(|a| s.publicity_action(*id, a))
                .map(|e| {
                    format!(
                        "Saved P-{}: {} → {}.",
                        e.item.id,
                        e.action,
                        e.item.state.label()
                    )
                }),
            _ => return,
        };
        match result {
            Ok(text) => self.form_saved(text),
            Err(e) => self.form_failed(form, purpose, e),
        }
    }
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let t = model.theme;
    let visible = model.visible_blackout();
    let (list_area, detail_area) = split(area, model.tabs.blackout.list.detail_open, 12);
    if !model.tabs.blackout.list.detail_open {
        // Rows only for what fits on screen, scrolled as a fresh table scrolls to the selection.
        let (shown, selected) =
            super::visible::window(visible.len(), model.tabs.blackout.list.selected, list_area);
        let rows: Vec<Vec<Span<'static>>> = visible[shown]
            .iter()
            .map(|r| match r {
                BlackoutRow::Election(e) => {
                    let p = e.period(&s.calendars.election);
                    // Before its notice, the period starts on the computed latest date (R-P1).
                    let state = if p.start_is_computed && e.state == ElectionState::Scheduled {
                        "notice due".to_string()
                    } else {
                        e.state.label().to_string()
                    };
                    vec![
                        Span::from(r.reference()),
                        Span::from(e.kind.short_label()),
                        Span::from(sanitize(&e.wards_label())),
                        Span::from(format!("{} → {}", show(p.start), show(p.end))),
                        Span::from(state),
                    ]
                }
                BlackoutRow::Item(p) => {
                    let blocking = p.findings.iter().filter(|f| f.is_blocking()).count();
                    let state = match p.state {
                        ItemState::Blocked => {
                            Span::styled(format!("BLOCKED ({blocking})"), t.alarm())
                        }
                        other if !p.findings.is_empty() => Span::styled(
                            format!("{} ({} warn)", other.label(), p.findings.len()),
                            t.warn(),
                        ),
                        other => Span::raw(other.label()),
                    };
                    vec![
                        Span::from(r.reference()),
                        Span::from(p.channel.label()),
                        Span::from(sanitize(&p.title)),
                        Span::from(format!("planned {}", show(p.planned))),
                        state,
                    ]
                }
            })
            .collect();
        let list = &model.tabs.blackout.list;
        let total = s.elections.len() + s.publicity.len();
        let title = list_title(
            "Elections and publicity",
            visible.len(),
            total,
            &list.filter,
            list.filtering,
            list.show_ended,
        );
        let header = vec!["Ref", "Kind", "Wards / title", "Period / planned", "State"];
        let (widths, header, rows) = fitted_columns(
            &header,
            &[5, 13, 0, 23, 17],
            rows,
            list_area.width.saturating_sub(2),
        );
        let table = Table::new(rows, widths)
            .header(header.style(t.label()))
            .row_highlight_style(t.selected())
            .block(Block::default().borders(Borders::ALL).title(title));
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(table, list_area, &mut state);
    }
    if let Some(detail) = detail_area {
        let body = match model.selected_blackout() {
            Some(BlackoutRow::Election(e)) => election_text(model, e),
            Some(BlackoutRow::Item(p)) => item_text(model, p),
            None => Text::from(
                "No elections or publicity yet: N schedules an election, n drafts publicity.",
            ),
        };
        detail_pane(
            model,
            frame,
            detail,
            body,
            &model.tabs.blackout.list.timeline,
            model.tabs.blackout.list.detail_open,
        );
    }
}

fn election_text(model: &Model, e: &Election) -> Text<'static> {
    let s = model.session.as_ref().expect("drawn with a session");
    let p = e.period(&s.calendars.election);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("E-{}", e.id), model.theme.label()),
            Span::raw(format!("  {} — {}", sanitize(&e.title()), e.state.label())),
        ]),
        field("Wards", e.wards_label()),
        field("Poll", show(e.poll)),
        field(
            "Notice",
            match e.notice {
                Some(n) if e.kind.notice_is_computed() => format!("published {}", show(n)),
                Some(n) => format!("{} (recorded by the clerk, R-P5)", show(n)),
                None => format!(
                    "not yet: latest lawful date {} (computed on the election calendar, R-P1){}",
                    show(p.start),
                    s.calendars
                        .election
                        .warning(p.start, e.poll)
                        .map(|w| format!(" — {w}"))
                        .unwrap_or_default()
                ),
            },
        ),
        field(
            "Period",
            format!(
                "{} to {} inclusive, election calendar ({})",
                show(p.start),
                show(p.end),
                s.profile.localise(e.cite())
            ),
        ),
    ];
    if p.contains(model.today) {
        lines.push(Line::styled(
            "In the period now: publicity must not name or quote members (R-P2).",
            model.theme.alarm(),
        ));
    }
    Text::from(lines)
}

/// The item's text with each finding highlighted where it is, then the findings listed.
fn item_text(model: &Model, p: &PublicityItem) -> Text<'static> {
    let t = model.theme;
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("P-{}", p.id), t.label()),
            Span::raw(format!("  {} — {}", sanitize(&p.title), p.state.label())),
        ]),
        field(
            "Channel",
            format!(
                "{}{}",
                p.channel.label(),
                if p.statutory_election_notice {
                    " (statutory election notice: R-P4)"
                } else {
                    ""
                }
            ),
        ),
        field("Planned", show(p.planned)),
        Line::raw(""),
    ];
    if model.meeting_safe() {
        for line in model.masked(p.text.clone()).lines() {
            lines.push(Line::raw(sanitize(line)));
        }
    } else {
        for (n, line) in p.text.lines().enumerate() {
            let chars: Vec<char> = line.chars().collect();
            let mut spans = Vec::new();
            let mut at = 0usize;
            let mut marks: Vec<_> = p.findings.iter().filter(|f| f.line == n + 1).collect();
            marks.sort_by_key(|f| f.col);
            for f in marks {
                let start = f.col.saturating_sub(1).min(chars.len());
                let end = (start + f.len).min(chars.len());
                if start < at {
                    continue;
                }
                spans.push(Span::raw(sanitize(
                    &chars[at..start].iter().collect::<String>(),
                )));
                let style = if f.severity == Severity::Block {
                    t.alarm()
                } else {
                    t.warn()
                };
                spans.push(Span::styled(
                    sanitize(&chars[start..end].iter().collect::<String>()),
                    style,
                ));
                at = end;
            }
            spans.push(Span::raw(sanitize(&chars[at..].iter().collect::<String>())));
            lines.push(Line::from(spans));
        }
    }
    if !p.findings.is_empty() {
        lines.push(Line::raw(""));
        for f in &p.findings {
            let style = if f.is_blocking() { t.alarm() } else { t.warn() };
            let line = match &model.session {
                Some(s) => f.to_line_for(&s.profile),
                None => f.to_line(),
            };
            lines.push(Line::styled(model.masked(sanitize(&line)), style));
        }
    } else if p.state != ItemState::Draft {
        lines.push(Line::styled("No findings.", Style::default()));
    }
    Text::from(lines)
}

/// The Blackout tab: elections and publicity (see [`super::component`]).
#[derive(Default)]
pub struct BlackoutTab {
    pub(super) list: super::ListView,
}

impl Component for BlackoutTab {
    fn tab(&self) -> Tab {
        Tab::Blackout
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.visible_blackout().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model.visible_blackout().get(row).map(|r| r.reference())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        model
            .visible_blackout()
            .iter()
            .position(|r| r.reference() == reference)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        let Some(s) = &model.session else {
            return Vec::new();
        };
        s.elections
            .iter()
            .map(|e| BlackoutRow::Election(e).reference())
            .chain(s.publicity.iter().map(|p| BlackoutRow::Item(p).reference()))
            .collect()
    }

    fn commands(&self, model: &Model) -> Vec<ActionKey> {
        model.blackout_keys()
    }

    fn subject(&self, model: &Model) -> Option<crate::domain::audit::Subject> {
        model.selected_blackout().map(|r| r.subject())
    }

    fn event(&self) -> super::component::OnKey {
        |model, key| model.open_blackout_action(key)
    }

    fn create(&self) -> super::component::OnNew {
        |model| model.open_new_blackout('n')
    }

    fn new_label(&self) -> &'static str {
        "publicity"
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        draw(model, frame, area);
    }
}
