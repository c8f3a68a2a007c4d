//! The Due tab (key `0`): everything overdue or due within a week, from every tab, soonest first.
//! What is due, and when, is the domain's (`domain::due`, the same list the calendar file holds);
//! this tab only lists it and, on Enter, goes to the record on its own tab.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Table, TableState};
use ratatui::Frame;

use crate::domain::dates::show;
use crate::domain::due::{DueDate, DueRecord, SOON_DAYS};
use crate::domain::retention::Kind;
use crate::domain::text::search_key;

use super::widgets::{detail_pane, field, fitted_columns, list_title, split};
use super::{Model, Tab};

impl Model {
    /// What the Due tab lists: overdue or due within [`SOON_DAYS`], under the `/` filter, computed
    /// once per change.
    fn due_rows(&self) -> std::rc::Rc<Vec<DueDate>> {
        self.memo(&self.tabs.due.list, || self.list_due())
    }

    fn list_due(&self) -> Vec<DueDate> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let needle = search_key(&self.tabs.due.list.filter);
        let safe = self.meeting_safe();
        s.due_dates()
            .into_iter()
            .filter(|d| d.is_due_soon(self.today))
            .filter(|d| needle.is_empty() || search_key(&d.summary(safe)).contains(&needle))
            .collect()
    }

    fn selected_due(&self) -> Option<DueDate> {
        let visible = self.due_rows();
        let at = self
            .tabs
            .due
            .list
            .selected_ref
            .as_ref()
            .and_then(|k| visible.iter().position(|d| &d.key == k))
            .unwrap_or(self.tabs.due.list.selected);
        visible.get(at).cloned()
    }

    /// The tab a due date's record is on, and the reference that tab selects it by.
    /// `None` for the council's own documents (R-O4), which are in the council details.
    pub(super) fn due_target(&self, record: &DueRecord) -> Option<(Tab, String)> {
        Some(match record {
            DueRecord::Council => return None,
            DueRecord::Case(r) => (Tab::Grievances, r.clone()),
            DueRecord::Member(id) => (Tab::Members, id.to_string()),
            DueRecord::Officer(id) => (Tab::Officers, id.to_string()),
            DueRecord::InfoRequest(r) => (Tab::Requests, r.clone()),
            DueRecord::Election(id) => (Tab::Blackout, format!("E-{id}")),
            DueRecord::Sar(r) => (Tab::Sars, r.clone()),
            DueRecord::Gift(r) => (Tab::Gifts, r.clone()),
            DueRecord::Dispensation(r) => (Tab::Dispensations, r.clone()),
            DueRecord::Retention { kind, reference } => match kind {
                Kind::Grievance | Kind::Concern | Kind::Breach => {
                    (Tab::Grievances, reference.clone())
                }
                Kind::InfoRequest => (Tab::Requests, reference.clone()),
                Kind::Sar => (Tab::Sars, reference.clone()),
                Kind::Gift => (Tab::Gifts, reference.clone()),
                // A letter is shown in its member's detail.
                Kind::Correspondence => (
                    Tab::Members,
                    self.session
                        .as_ref()
                        .and_then(|s| {
                            s.correspondence
                                .iter()
                                .find(|l| l.reference() == *reference)
                        })
                        .map(|l| l.member.to_string())
                        .unwrap_or_else(|| reference.clone()),
                ),
                // The Disclosures list knows its entries by number.
                Kind::Interest => (
                    Tab::Disclosures,
                    self.session
                        .as_ref()
                        .and_then(|s| s.disclosures.iter().find(|d| d.reference() == *reference))
                        .map(|d| d.id.to_string())
                        .unwrap_or_else(|| reference.clone()),
                ),
            },
        })
    }

    /// Enter on the Due tab: the record the date belongs to, selected on its own tab.
    pub(super) fn go_to_due(&mut self) {
        let Some(due) = self.selected_due() else {
            return;
        };
        let Some((tab, reference)) = self.due_target(&due.record) else {
            self.overlay = Some(super::Overlay::Council);
            self.info(format!("{}: the council details (R-O4)", due.title));
            return;
        };
        self.tab = tab;
        self.info(format!(
            "{}: went to its record on {}",
            due.title,
            tab.title()
        ));
        self.reveal(tab, reference);
    }
}

pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let t = model.theme;
    let safe = model.meeting_safe();
    let visible = model.due_rows();
    let list = &model.tabs.due.list;
    let (list_area, detail_area) = split(area, list.detail_open, 8);
    if !list.detail_open {
        let narrow = list_area.width < 100;
        // Rows only for what fits on screen, scrolled as a fresh table scrolls to the selection.
        let (shown, selected) = super::visible::window(visible.len(), list.selected, list_area);
        let rows: Vec<Vec<Span<'static>>> = visible[shown]
            .iter()
            .map(|d| {
                let when = when(d, model.today);
                let style = if d.overdue { t.alarm() } else { t.warn() };
                let mut cells = vec![
                    Span::from(show(d.first)),
                    Span::styled(when, style),
                    Span::from(d.summary(safe)),
                ];
                if !narrow {
                    cells.push(Span::from(d.cite.rule.clone()));
                }
                cells
            })
            .collect();
        let mut header = vec!["Due", "", "What (soonest first)"];
        if !narrow {
            header.push("Rule");
        }
        let total = s.due_dates().len();
        let title = list_title(
            &format!("Overdue or due within {SOON_DAYS} days"),
            visible.len(),
            total,
            &list.filter,
            list.filtering,
            false,
        );
        let (widths, header, rows) = fitted_columns(
            &header,
            &[10, 16, 0, 8],
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
        let body = match model.selected_due() {
            Some(d) => detail_text(model, &d),
            None if list.filter.is_empty() => Text::from(format!(
                "Nothing is overdue or due in the next {SOON_DAYS} days. Each tab still lists \
                 everything it holds."
            )),
            None => Text::from("Nothing due matches: Esc clears the filter."),
        };
        detail_pane(model, frame, detail, body, &[], false);
    }
}

/// "OVERDUE 3d", "today", "in 4 days", or, for a period, "running to DATE".
fn when(d: &DueDate, today: chrono::NaiveDate) -> String {
    let days = (d.first - today).num_days();
    if d.overdue {
        match (today - d.last).num_days() {
            // Owed from today (a procedure the council has not adopted): no count of days yet.
            days if days <= 0 => "OVERDUE".to_string(),
            days => format!("OVERDUE {days}d"),
        }
    } else if d.first <= today && d.last > today {
        format!("until {}", show(d.last))
    } else if days == 0 {
        "today".into()
    } else if days == 1 {
        "tomorrow".into()
    } else {
        format!("in {days} days")
    }
}

fn detail_text(model: &Model, d: &DueDate) -> Text<'static> {
    let t = model.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled(d.title.clone(), t.label()),
        Span::raw(format!("  [{}]", d.cite)),
    ])];
    if d.first == d.last {
        lines.push(field("Due", show(d.first)));
    } else {
        lines.push(field(
            "Runs",
            format!("{} to {}", show(d.first), show(d.last)),
        ));
    }
    lines.push(field("Status", when(d, model.today)));
    if let (Some(names), false) = (&d.names, model.meeting_safe()) {
        lines.push(field("Who", names.clone()));
    }
    if !d.note.is_empty() {
        lines.push(field("Counted", d.note.clone()));
    }
    lines.push(Line::styled(
        "Enter goes to the record on its own tab.",
        t.dim(),
    ));
    Text::from(lines)
}

/// The Due tab as a component: it lists other tabs' dates, so it has no steps and adds nothing.
#[derive(Default)]
pub struct DueTab {
    pub(super) list: super::ListView,
}

impl super::component::Component for DueTab {
    fn tab(&self) -> Tab {
        Tab::Due
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.due_rows().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model.due_rows().get(row).map(|d| d.key.clone())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        model.due_rows().iter().position(|d| d.key == reference)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        model
            .session
            .iter()
            .flat_map(|s| s.due_dates().into_iter().map(|d| d.key))
            .collect()
    }

    fn commands(&self, _: &Model) -> Vec<super::people::ActionKey> {
        Vec::new()
    }

    fn subject(&self, _: &Model) -> Option<crate::domain::audit::Subject> {
        None
    }

    fn event(&self) -> super::component::OnKey {
        |_, _| {}
    }

    fn create(&self) -> super::component::OnNew {
        |_| {}
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        draw(model, frame, area);
    }
}
