//! Gifts tab (key `7`): the register of gifts and hospitality (R-D5), each entry's deadline to be
//! notified shown loudly when it has passed, and its steps from the machine's spec. Entries end,
//! they are never deleted (R-D4).

use ratatui::layout::Rect;
use ratatui::text::{Span, Text};
use ratatui::Frame;

use crate::domain::dates::show;
use crate::domain::gifts::{self, Gift, GiftActionKind, GiftDue, GiftState, Recipient};
use crate::domain::text::search_key;
use crate::domain::Context;
use crate::session::SessionError;

use super::component::Component;
use super::form::Form;
use super::people::ActionKey;
use super::steps::{create_input, step_action};
use super::widgets::{detail_pane, list_title, register_table, split, Detail};
use super::{FormPurpose, Model, Tab};

impl Model {
    /// The register as listed: open entries first, by reference; ended ones only when shown.
    pub fn visible_gifts(&self) -> Vec<&Gift> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let Some(ctx) = s.ctx() else {
            return Vec::new();
        };
        let list = &self.tabs.gifts.list;
        let needle = search_key(&list.filter);
        let mut out: Vec<&Gift> = s
            .gifts
            .iter()
            .filter(|g| list.show_ended || g.state != GiftState::Ended)
            .filter(|g| !list.overdue_only || g.due(&s.gift_settings, &ctx).is_overdue())
            .filter(|g| needle.is_empty() || search_key(&self.gift_row_text(g)).contains(&needle))
            .collect();
        out.sort_by_key(|g| (g.state == GiftState::Ended, g.id));
        out
    }

    fn gift_row_text(&self, g: &Gift) -> String {
        format!(
            "{} {} {} {} {}",
            g.reference(),
            self.recipient_label(g.recipient),
            // The names behind the references, so meeting-safe mode still finds them.
            self.session
                .as_ref()
                .and_then(|s| s.ctx())
                .map(|ctx| gifts::recipient_name(g.recipient, &ctx))
                .unwrap_or_default(),
            g.giver,
            g.state.label()
        )
    }

    /// Who received it, as the screen may show them (a reference only in meeting-safe mode).
    pub(super) fn recipient_label(&self, r: Recipient) -> String {
        let Some(s) = &self.session else {
            return gifts::recipient_ref(r);
        };
        match r {
            Recipient::Member(id) => s
                .members
                .iter()
                .find(|m| m.id == id)
                .map(|m| self.member_label(m)),
            Recipient::Officer(id) => s
                .officers
                .iter()
                .find(|o| o.id == id)
                .map(|o| self.officer_label(o)),
        }
        .unwrap_or_else(|| gifts::recipient_ref(r))
    }

    pub fn selected_gift(&self) -> Option<&Gift> {
        self.visible_gifts()
            .get(self.tabs.gifts.list.selected)
            .copied()
    }

    fn gift_keys(&self) -> Vec<ActionKey> {
        let Some(ctx) = self.session.as_ref().and_then(|s| s.ctx()) else {
            return Vec::new();
        };
        self.selected_gift()
            .map(|g| super::steps::keys_of(g, &ctx))
            .unwrap_or_default()
    }

    fn open_new_gift(&mut self) {
        let Some(s) = &self.session else { return };
        let limits = &s.gift_settings;
        let mut form = self.create_form::<Gift>();
        form.intro = vec![
            format!(
                "Members register what is worth {} or more within {} days; officers {} within {} days.",
                gifts::show_pounds(limits.members.pence),
                limits.members.days,
                gifts::show_pounds(limits.officers.pence),
                limits.officers.days,
            ),
            "Leave 'notified on' empty until it has been notified.".into(),
        ];
        self.form = Some((form, FormPurpose::NewGift));
    }

    fn open_gift_action(&mut self, key: char) {
        let (Some(s), Some(g)) = (&self.session, self.selected_gift()) else {
            return;
        };
        let Some(kind) = GiftActionKind::ALL.into_iter().find(|k| k.key() == key) else {
            return;
        };
        if let Some(refusal) = s.closed(g, kind) {
            let text = self.masked(refusal.to_string());
            self.error(text);
            return;
        }
        let title = format!("{} — {}", g.reference(), kind.label());
        let start = match kind {
            GiftActionKind::Correct => vec![
                ("value", gifts::show_pounds(g.value_pence)),
                ("description", g.description.clone()),
            ],
            _ => Vec::new(),
        };
        let form = self.step_form(title, kind, &start, |_| None);
        let id = g.id;
        self.form = Some((form, FormPurpose::GiftAction(id, kind)));
    }

    pub(super) fn submit_gift_form(&mut self, form: Form, purpose: FormPurpose) {
        let Some(s) = &mut self.session else { return };
        let result: Result<String, SessionError> = match &purpose {
            FormPurpose::NewGift => create_input::<Gift>(&form)
                .and_then(|input| s.add_gift(&input))
                .map(|g| {
                    format!(
                        "Saved {}: {} worth {}.",
                        g.reference(),
                        g.offer.label(),
                        gifts::show_pounds(g.value_pence)
                    )
                }),
            FormPurpose::GiftAction(id, kind) => step_action(*kind, &form)
                .and_then(|a| s.gift_action(*id, a))
                .map(|e| {
                    format!(
                        "Saved {}: {} → {}.",
                        e.gift.reference(),
                        e.action,
                        e.gift.state.label()
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

/// Overdue is alarm, due is a warning, the rest plain: the DPI deadline's colours.
fn due_span(model: &Model, due: &GiftDue) -> Span<'static> {
    let t = model.theme;
    let style = match due {
        GiftDue::Overdue { .. } | GiftDue::MetLate { .. } => t.alarm(),
        GiftDue::Due { .. } => t.warn(),
        GiftDue::Met { .. } => t.good(),
        _ => t.dim(),
    };
    Span::styled(due.label(model.today), style)
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let Some(ctx) = s.ctx() else { return };
    let visible = model.visible_gifts();
    let list = &model.tabs.gifts.list;
    let (list_area, detail_area) = split(area, list.detail_open, 10);
    if !list.detail_open {
        let narrow = list_area.width < 100;
        let (shown, selected) = super::visible::window(visible.len(), list.selected, list_area);
        let rows: Vec<Vec<Span<'static>>> = visible[shown]
            .iter()
            .map(|g| {
                let mut cells = vec![
                    Span::raw(g.reference()),
                    Span::raw(model.recipient_label(g.recipient)),
                    Span::raw(gifts::show_pounds(g.value_pence)),
                ];
                if !narrow {
                    cells.push(Span::raw(g.offer.label()));
                    cells.push(Span::raw(show(g.received_on)));
                }
                cells.push(Span::raw(g.state.label()));
                cells.push(due_span(model, &g.due(&s.gift_settings, &ctx)));
                cells
            })
            .collect();
        let deadline = format!("To notify ({})", gifts::RULE);
        // The deadline keeps room for "OVERDUE" and its date; the rest give way.
        let (header, keep): (Vec<&str>, &[u16]) = if narrow {
            (
                vec!["Ref", "Who", "Value", "State", deadline.as_str()],
                &[6, 0, 0, 0, 18],
            )
        } else {
            (
                vec![
                    "Ref",
                    "Who",
                    "Value",
                    "Offer",
                    "Received",
                    "State",
                    deadline.as_str(),
                ],
                &[6, 0, 0, 0, 10, 0, 18],
            )
        };
        let title = list_title(
            "Gifts and hospitality",
            visible.len(),
            s.gifts.len(),
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
        let body = match model.selected_gift() {
            Some(g) => detail_text(model, g, &ctx),
            None if s.gifts.is_empty() => {
                Text::from("Nothing registered yet: n records a gift or hospitality.")
            }
            None => Text::from("No entry matches: Esc clears the filter, a shows ended entries."),
        };
        detail_pane(model, frame, detail, body, &list.timeline, list.detail_open);
    }
}

fn detail_text(model: &Model, g: &Gift, ctx: &Context) -> Text<'static> {
    let Some(s) = &model.session else {
        return Text::default();
    };
    let due = g.due(&s.gift_settings, ctx);
    let mut d = Detail::new(
        model,
        g.reference(),
        format!(
            "{} — {} [{}]",
            g.offer.label(),
            g.state.label(),
            model.cite(g.cite())
        ),
    );
    d.field("Who", model.recipient_label(g.recipient))
        .typed("Giver", &g.giver)
        .typed("What", &g.description)
        .field("Value", gifts::show_pounds(g.value_pence))
        .field("Received", show(g.received_on))
        .field(
            "Notified",
            g.notified_on.map(show).unwrap_or_else(|| "not yet".into()),
        )
        .styled("Deadline", due_span(model, &due));
    if g.must_register(&s.gift_settings) && g.state != GiftState::Ended {
        d.field(
            "Counted",
            format!(
                "notify by {} ({})",
                show(g.notify_by(&s.gift_settings, ctx)),
                g.counted(&s.gift_settings).label()
            ),
        );
    }
    if let Some((on, why)) = &g.ended {
        let why = d.typed_text(why);
        d.field("Ended", format!("{} ({why})", show(*on)));
    }
    d.text()
}

/// The Gifts tab (see [`super::component`]).
#[derive(Default)]
pub struct GiftsTab {
    pub(super) list: super::ListView,
}

impl Component for GiftsTab {
    fn tab(&self) -> Tab {
        Tab::Gifts
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.visible_gifts().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model.visible_gifts().get(row).map(|g| g.reference())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        model
            .visible_gifts()
            .iter()
            .position(|g| g.reference() == reference)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        model
            .session
            .iter()
            .flat_map(|s| s.gifts.iter().map(|g| g.reference()))
            .collect()
    }

    fn subject(&self, model: &Model) -> Option<crate::domain::audit::Subject> {
        model
            .selected_gift()
            .map(|g| crate::session::Session::gift_subject(g.id))
    }

    fn commands(&self, model: &Model) -> Vec<ActionKey> {
        model.gift_keys()
    }

    fn event(&self) -> super::component::OnKey {
        |model, key| model.open_gift_action(key)
    }

    fn create(&self) -> super::component::OnNew {
        |model| model.open_new_gift()
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        draw(model, frame, area);
    }
}
