//! Dispensations tab (key `8`): the register of dispensations (R-D6, Localism Act 2011 s33): each
//! request, its decision and the day a grant expires, shown loudly as that day nears or passes; its
//! steps from the machine's spec. Entries are kept as history, never deleted.

use ratatui::layout::Rect;
use ratatui::text::{Span, Text};
use ratatui::Frame;

use crate::domain::dates::show;
use crate::domain::dispensations::{
    self, Dispensation, DispensationActionKind, DispensationDue, DispensationState,
};
use crate::domain::text::{sanitize, search_key};
use crate::domain::Context;
use crate::session::SessionError;

use super::component::Component;
use super::form::Form;
use super::people::ActionKey;
use super::steps::{create_input, step_action};
use super::widgets::{detail_pane, list_title, register_table, split, Detail};
use super::{FormPurpose, Model, Tab};

/// Refused, expired and revoked entries are history: shown with `a`.
fn is_closed(d: &Dispensation) -> bool {
    matches!(
        d.state,
        DispensationState::Refused | DispensationState::Expired | DispensationState::Revoked
    )
}

impl Model {
    /// The register as listed: live entries first, by reference; closed ones only when shown.
    pub fn visible_dispensations(&self) -> Vec<&Dispensation> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let Some(ctx) = s.ctx() else {
            return Vec::new();
        };
        let list = &self.tabs.dispensations.list;
        let needle = search_key(&list.filter);
        let mut out: Vec<&Dispensation> = s
            .dispensations
            .iter()
            .filter(|d| list.show_ended || !is_closed(d))
            .filter(|d| !list.overdue_only || d.due(&ctx).needs_attention(self.today))
            .filter(|d| {
                needle.is_empty() || search_key(&self.dispensation_row_text(d)).contains(&needle)
            })
            .collect();
        out.sort_by_key(|d| (is_closed(d), d.id));
        out
    }

    fn dispensation_member(&self, d: &Dispensation) -> String {
        self.session
            .as_ref()
            .and_then(|s| s.members.iter().find(|m| m.id == d.member))
            .map(|m| self.member_label(m))
            .unwrap_or_else(|| d.member.to_string())
    }

    fn dispensation_row_text(&self, d: &Dispensation) -> String {
        let name = self
            .session
            .as_ref()
            .and_then(|s| s.members.iter().find(|m| m.id == d.member))
            .map(|m| m.name.clone())
            .unwrap_or_default();
        format!(
            "{} {} {name} {} {}",
            d.reference(),
            d.member,
            d.business,
            d.state.label()
        )
    }

    pub fn selected_dispensation(&self) -> Option<&Dispensation> {
        self.visible_dispensations()
            .get(self.tabs.dispensations.list.selected)
            .copied()
    }

    fn dispensation_keys(&self) -> Vec<ActionKey> {
        let Some(ctx) = self.session.as_ref().and_then(|s| s.ctx()) else {
            return Vec::new();
        };
        self.selected_dispensation()
            .map(|d| super::steps::keys_of(d, &ctx))
            .unwrap_or_default()
    }

    fn open_new_dispensation(&mut self) {
        let form = self.create_form::<Dispensation>();
        self.form = Some((form, FormPurpose::NewDispensation));
    }

    fn open_dispensation_action(&mut self, key: char) {
        let (Some(s), Some(d)) = (&self.session, self.selected_dispensation()) else {
            return;
        };
        let Some(kind) = DispensationActionKind::ALL
            .into_iter()
            .find(|k| k.key() == key)
        else {
            return;
        };
        if let Some(refusal) = s.closed(d, kind) {
            let text = self.masked(refusal.to_string());
            self.error(text);
            return;
        }
        let title = format!("{} — {}", d.reference(), kind.label());
        let mut form = self.step_form(title, kind, &[], |_| None);
        if kind == DispensationActionKind::Grant {
            form.intro.push(format!(
                "Granted today, it may run to {} at the latest.",
                show(dispensations::latest_expiry(self.today))
            ));
        }
        let id = d.id;
        self.form = Some((form, FormPurpose::DispensationAction(id, kind)));
    }

    pub(super) fn submit_dispensation_form(&mut self, form: Form, purpose: FormPurpose) {
        let Some(s) = &mut self.session else { return };
        let result: Result<String, SessionError> = match &purpose {
            FormPurpose::NewDispensation => create_input::<Dispensation>(&form)
                .and_then(|input| s.add_dispensation(&input))
                .map(|d| format!("Saved {}: requested.", d.reference())),
            FormPurpose::DispensationAction(id, kind) => step_action(*kind, &form)
                .and_then(|a| s.dispensation_action(*id, a))
                .map(|e| {
                    format!(
                        "Saved {}: {} → {}.",
                        e.dispensation.reference(),
                        e.action,
                        e.dispensation.state.label()
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

/// Lapsed is alarm, expiring soon a warning: as loud as the DPI deadline.
fn due_span(model: &Model, due: &DispensationDue) -> Span<'static> {
    let t = model.theme;
    let style = match due {
        DispensationDue::Lapsed { .. } => t.alarm(),
        d if d.needs_attention(model.today) => t.warn(),
        DispensationDue::Runs { .. } => t.good(),
        _ => t.dim(),
    };
    Span::styled(due.label(model.today), style)
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let Some(ctx) = s.ctx() else { return };
    let visible = model.visible_dispensations();
    let list = &model.tabs.dispensations.list;
    let safe = model.meeting_safe();
    let (list_area, detail_area) = split(area, list.detail_open, 10);
    if !list.detail_open {
        let narrow = list_area.width < 100;
        let (shown, selected) = super::visible::window(visible.len(), list.selected, list_area);
        let rows: Vec<Vec<Span<'static>>> = visible[shown]
            .iter()
            .map(|d| {
                let mut cells = vec![
                    Span::raw(d.reference()),
                    Span::raw(model.dispensation_member(d)),
                ];
                if !narrow {
                    // One line of the business in the list; the detail shows all of it.
                    cells.push(Span::raw(if safe {
                        "•••".to_string()
                    } else {
                        sanitize(&d.business)
                    }));
                }
                cells.push(Span::raw(d.state.label()));
                cells.push(due_span(model, &d.due(&ctx)));
                cells
            })
            .collect();
        let expiry = format!("Expiry ({})", dispensations::RULE);
        let (header, keep): (Vec<&str>, &[u16]) = if narrow {
            (
                vec!["Ref", "Member", "State", expiry.as_str()],
                &[6, 0, 0, 18],
            )
        } else {
            (
                vec!["Ref", "Member", "Business", "State", expiry.as_str()],
                &[6, 12, 0, 0, 18],
            )
        };
        let title = list_title(
            "Dispensations",
            visible.len(),
            s.dispensations.len(),
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
        let body = match model.selected_dispensation() {
            Some(d) => detail_text(model, d, &ctx),
            None if s.dispensations.is_empty() => {
                Text::from("No dispensation asked for yet: n records a member's request.")
            }
            None => Text::from("No entry matches: Esc clears the filter, a shows closed entries."),
        };
        detail_pane(model, frame, detail, body, &list.timeline, list.detail_open);
    }
}

fn detail_text(model: &Model, d: &Dispensation, ctx: &Context) -> Text<'static> {
    let mut out = Detail::new(
        model,
        d.reference(),
        format!("{} [{}]", d.state.label(), model.cite(d.cite())),
    );
    out.field("Member", model.dispensation_member(d))
        .typed("Business", &d.business)
        .field("Requested", show(d.requested_on));
    if let Some(g) = &d.grant {
        out.field(
            "Granted",
            format!(
                "{} by {} (minute {})",
                show(g.on),
                g.by.label(),
                sanitize(&g.minute)
            ),
        )
        .field("Ground", g.ground.label())
        .field("Until", show(g.until));
    }
    out.styled("Expiry", due_span(model, &d.due(ctx)));
    if let Some((on, why)) = &d.refused {
        let why = out.typed_text(why);
        out.field("Refused", format!("{} ({why})", show(*on)));
    }
    if let Some((on, minute, why)) = &d.revoked {
        let why = out.typed_text(why);
        out.field(
            "Revoked",
            format!("{} (minute {}; {why})", show(*on), sanitize(minute)),
        );
    }
    out.text()
}

/// The Dispensations tab (see [`super::component`]).
#[derive(Default)]
pub struct DispensationsTab {
    pub(super) list: super::ListView,
}

impl Component for DispensationsTab {
    fn tab(&self) -> Tab {
        Tab::Dispensations
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.visible_dispensations().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model
            .visible_dispensations()
            .get(row)
            .map(|d| d.reference())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        model
            .visible_dispensations()
            .iter()
            .position(|d| d.reference() == reference)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        model
            .session
            .iter()
            .flat_map(|s| s.dispensations.iter().map(|d| d.reference()))
            .collect()
    }

    fn subject(&self, model: &Model) -> Option<crate::domain::audit::Subject> {
        model
            .selected_dispensation()
            .map(|d| crate::session::Session::dispensation_subject(d.id))
    }

    fn commands(&self, model: &Model) -> Vec<ActionKey> {
        model.dispensation_keys()
    }

    fn event(&self) -> super::component::OnKey {
        |model, key| model.open_dispensation_action(key)
    }

    fn create(&self) -> super::component::OnNew {
        |model| model.open_new_dispensation()
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        draw(model, frame, area);
    }
}
