//! Subject access tab (key `9`): subject access requests (R-DP1, UK GDPR Art 15 and 12(3)): each
//! request's deadline (one calendar month from the clock's start, three once extended) shown
//! loudly once it has passed, and its steps from the machine's spec. Requests are never deleted.

use ratatui::layout::Rect;
use ratatui::text::{Span, Text};
use ratatui::Frame;

use crate::domain::dates::show;
use crate::domain::sar::{self, Requester, Sar, SarActionKind, SarDue, SarState};
use crate::domain::text::{sanitize, search_key};
use crate::domain::Context;
use crate::session::SessionError;

use super::component::Component;
use super::form::Form;
use super::people::ActionKey;
use super::steps::{create_input, step_action};
use super::widgets::{detail_pane, list_title, register_table, split, Detail};
use super::{FormPurpose, Model, Tab};

impl Model {
    /// The requests as listed: open ones first, by reference; answered ones only when shown.
    pub fn visible_sars(&self) -> Vec<&Sar> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let Some(ctx) = s.ctx() else {
            return Vec::new();
        };
        let list = &self.tabs.sars.list;
        let needle = search_key(&list.filter);
        let mut out: Vec<&Sar> = s
            .sars
            .iter()
            .filter(|r| list.show_ended || r.state != SarState::Answered)
            .filter(|r| !list.overdue_only || r.due(&ctx).is_overdue())
            .filter(|r| {
                needle.is_empty()
                    || search_key(&format!(
                        "{} {} {} {}",
                        r.reference(),
                        r.requester.reference(),
                        r.requester.name(&ctx),
                        r.state.label()
                    ))
                    .contains(&needle)
            })
            .collect();
        out.sort_by_key(|r| (r.state == SarState::Answered, r.id));
        out
    }

    /// Who asked, as the screen may show them: a member or officer by reference only in
    /// meeting-safe mode, anyone else withheld there.
    fn requester_label(&self, r: &Requester) -> String {
        let Some(s) = &self.session else {
            return r.reference();
        };
        match r {
            Requester::Member(id) => s
                .members
                .iter()
                .find(|m| m.id == *id)
                .map(|m| self.member_label(m)),
            Requester::Officer(id) => s
                .officers
                .iter()
                .find(|o| o.id == *id)
                .map(|o| self.officer_label(o)),
            Requester::Other(_) if self.meeting_safe() => Some("a member of the public".into()),
            Requester::Other(name) => Some(sanitize(name)),
        }
        .unwrap_or_else(|| r.reference())
    }

    pub fn selected_sar(&self) -> Option<&Sar> {
        self.visible_sars()
            .get(self.tabs.sars.list.selected)
            .copied()
    }

    fn sar_keys(&self) -> Vec<ActionKey> {
        let Some(ctx) = self.session.as_ref().and_then(|s| s.ctx()) else {
            return Vec::new();
        };
        self.selected_sar()
            .map(|r| super::steps::keys_of(r, &ctx))
            .unwrap_or_default()
    }

    fn open_new_sar(&mut self) {
        let mut form = self.create_form::<Sar>();
        form.intro = vec![
            "Who asked: M-003 or O-002 for a member or officer, else the requester's name.".into(),
            "The answer is due one calendar month from receipt (or from proof of identity).".into(),
        ];
        self.form = Some((form, FormPurpose::NewSar));
    }

    fn open_sar_action(&mut self, key: char) {
        let (Some(s), Some(r)) = (&self.session, self.selected_sar()) else {
            return;
        };
        let Some(kind) = SarActionKind::ALL.into_iter().find(|k| k.key() == key) else {
            return;
        };
        if let Some(refusal) = s.closed(r, kind) {
            let text = self.masked(refusal.to_string());
            self.error(text);
            return;
        }
        let title = format!("{} — {}", r.reference(), kind.label());
        let form = self.step_form(title, kind, &[], |_| None);
        let id = r.id;
        self.form = Some((form, FormPurpose::SarAction(id, kind)));
    }

    pub(super) fn submit_sar_form(&mut self, form: Form, purpose: FormPurpose) {
        let Some(s) = &mut self.session else { return };
        let result: Result<String, SessionError> = match &purpose {
            FormPurpose::NewSar => {
                let ctx_due = |r: &Sar, s: &crate::session::Session| {
                    s.ctx().map(|ctx| show(r.due_by(&ctx))).unwrap_or_default()
                };
                create_input::<Sar>(&form)
                    .and_then(|input| s.add_sar(&input))
                    .map(|r| {
                        format!(
                            "Saved {}: the answer is due by {}.",
                            r.reference(),
                            ctx_due(&r, s)
                        )
                    })
            }
            FormPurpose::SarAction(id, kind) => step_action(*kind, &form)
                .and_then(|a| s.sar_action(*id, a))
                .map(|e| {
                    format!(
                        "Saved {}: {} → {}.",
                        e.sar.reference(),
                        e.action,
                        e.sar.state.label()
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

/// Overdue and late are alarm, due a warning: the DPI deadline's colours.
fn due_span(model: &Model, due: &SarDue) -> Span<'static> {
    let t = model.theme;
    let style = match due {
        SarDue::Overdue { .. } | SarDue::MetLate { .. } => t.alarm(),
        SarDue::Due { .. } => t.warn(),
        SarDue::Met { .. } => t.good(),
    };
    Span::styled(due.label(model.today), style)
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let Some(ctx) = s.ctx() else { return };
    let visible = model.visible_sars();
    let list = &model.tabs.sars.list;
    let (list_area, detail_area) = split(area, list.detail_open, 10);
    if !list.detail_open {
        let narrow = list_area.width < 100;
        let (shown, selected) = super::visible::window(visible.len(), list.selected, list_area);
        let rows: Vec<Vec<Span<'static>>> = visible[shown]
            .iter()
            .map(|r| {
                let mut cells = vec![
                    Span::raw(r.reference()),
                    Span::raw(model.requester_label(&r.requester)),
                ];
                if !narrow {
                    cells.push(Span::raw(show(r.received_on)));
                }
                cells.push(Span::raw(r.state.label()));
                cells.push(due_span(model, &r.due(&ctx)));
                cells
            })
            .collect();
        let deadline = format!("Answer ({})", sar::RULE);
        let (header, keep): (Vec<&str>, &[u16]) = if narrow {
            (
                vec!["Ref", "Requester", "State", deadline.as_str()],
                &[6, 0, 0, 18],
            )
        } else {
            (
                vec!["Ref", "Requester", "Received", "State", deadline.as_str()],
                &[6, 0, 10, 0, 18],
            )
        };
        let title = list_title(
            "Subject access requests",
            visible.len(),
            s.sars.len(),
            &list.filter,
            list.filtering,
            list.show_ended,
        );
        register_table(
            model,
            frame,
            list_area,
            (&header, keep),
            rows,
            title,
            selected,
        );
    }
    if let Some(detail) = detail_area {
        let body = match model.selected_sar() {
            Some(r) => detail_text(model, r, &ctx),
            None if s.sars.is_empty() => {
                Text::from("No subject access request yet: n records one.")
            }
            None => Text::from("No request matches: Esc clears the filter, a shows answered ones."),
        };
        detail_pane(model, frame, detail, body, &list.timeline, list.detail_open);
    }
}

fn detail_text(model: &Model, r: &Sar, ctx: &Context) -> Text<'static> {
    let mut d = Detail::new(
        model,
        r.reference(),
        format!("{} [{}]", r.state.label(), model.cite(r.cite())),
    );
    d.field("Requester", model.requester_label(&r.requester))
        .typed("Asked for", &r.what)
        .field("Received", show(r.received_on))
        .field(
            "Identity",
            r.identity_on
                .map(show)
                .unwrap_or_else(|| "not recorded".into()),
        )
        .field("Clock from", show(r.clock_start()));
    if let Some((on, why)) = &r.extended {
        let why = d.typed_text(why);
        d.field("Extended", format!("{} ({why})", show(*on)));
    }
    if let Some(on) = r.answered_on {
        d.field("Answered", show(on));
    }
    d.styled("Deadline", due_span(model, &r.due(ctx)))
        .field("Counted", r.counted().label());
    d.text()
}

/// The Subject access tab (see [`super::component`]).
#[derive(Default)]
pub struct SarsTab {
    pub(super) list: super::ListView,
}

impl Component for SarsTab {
    fn tab(&self) -> Tab {
        Tab::Sars
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.visible_sars().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model.visible_sars().get(row).map(|r| r.reference())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        model
            .visible_sars()
            .iter()
            .position(|r| r.reference() == reference)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        model
            .session
            .iter()
            .flat_map(|s| s.sars.iter().map(|r| r.reference()))
            .collect()
    }

    fn subject(&self, model: &Model) -> Option<crate::domain::audit::Subject> {
        model
            .selected_sar()
            .map(|r| crate::session::Session::sar_subject(r.id))
    }

    fn commands(&self, model: &Model) -> Vec<ActionKey> {
        model.sar_keys()
    }

    fn event(&self) -> super::component::OnKey {
        |model, key| model.open_sar_action(key)
    }

    fn create(&self) -> super::component::OnNew {
        |model| model.open_new_sar()
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        draw(model, frame, area);
    }
}
