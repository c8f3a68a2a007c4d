//! Disclosures tab: the register of relationships and interests (R-D1 to R-D4), the notifications
//! each entry needs, and the DPI deadlines (R-M3). Entries are never deleted.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Table, TableState};
use ratatui::Frame;

use crate::domain::dates::show;
use crate::domain::disclosure::{
    Disclosure, DisclosureActionKind, DisclosureKind, DisclosureState, NoticeState, NotifiedParty,
};
use crate::domain::officer::OfficerState;
use crate::domain::text::sanitize;
use crate::session::SessionError;

use super::component::Component;
use super::form::Form;
use super::people::ActionKey;
use super::steps::{create_input, step_action, Options};
use super::widgets::{detail_pane, field, fitted_columns, list_title, split};
use super::Tab;
use super::{FormPurpose, Model};

impl Model {
    pub fn visible_disclosures(&self) -> Vec<&Disclosure> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let at = self.memo(&self.tabs.disclosures.list, || {
            super::visible::positions(&s.disclosures, &self.list_disclosures())
        });
        super::visible::at(&s.disclosures, &at)
    }

    fn list_disclosures(&self) -> Vec<&Disclosure> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let list = &self.tabs.disclosures.list;
        let needle = crate::domain::text::search_key(&list.filter);
        let mut out: Vec<&Disclosure> = s
            .disclosures
            .iter()
            .filter(|d| list.show_ended || d.state != DisclosureState::Ended)
            .filter(|d| {
                needle.is_empty()
                    || crate::domain::text::search_key(&self.disclosure_row_text(d))
                        .contains(&needle)
            })
            .collect();
        out.sort_by_key(|d| (d.state == DisclosureState::Ended, d.id));
        out
    }

    fn disclosure_row_text(&self, d: &Disclosure) -> String {
        format!(
            "{} {} {} {} {}",
            d.reference(),
            d.kind.label(),
            d.kind.category(),
            self.disclosure_member(d),
            self.disclosure_officer(d)
        )
    }

    fn disclosure_member(&self, d: &Disclosure) -> String {
        self.session
            .as_ref()
            .and_then(|s| s.members.iter().find(|m| m.id == d.member))
            .map(|m| self.member_label(m))
            .unwrap_or_else(|| d.member.to_string())
    }

    fn disclosure_officer(&self, d: &Disclosure) -> String {
        match d.officer {
            Some(id) => self
                .session
                .as_ref()
                .and_then(|s| s.officers.iter().find(|o| o.id == id))
                .map(|o| self.officer_label(o))
                .unwrap_or_else(|| id.to_string()),
            None => String::new(),
        }
    }

    pub fn selected_disclosure(&self) -> Option<&Disclosure> {
        self.visible_disclosures()
            .get(self.tabs.disclosures.list.selected)
            .copied()
    }

    pub fn disclosure_keys(&self) -> Vec<ActionKey> {
        let Some(ctx) = self.session.as_ref().and_then(|s| s.ctx()) else {
            return Vec::new();
        };
        self.selected_disclosure()
            .map(|d| super::steps::keys_of(d, &ctx))
            .unwrap_or_default()
    }

    pub(super) fn open_new_disclosure(&mut self) {
        let Some(s) = &self.session else { return };
        // Only an officer in post, or none for an interest; typing finds one by name, though
        // meeting-safe mode shows only the reference.
        let none = "— none (an interest) —".to_string();
        let (mut shown, mut gives, mut search) =
            (vec![none.clone()], vec![String::new()], vec![none]);
        for o in s
            .officers
            .iter()
            .filter(|o| o.state() == OfficerState::InPost)
        {
            shown.push(format!("{} {}", o.id, self.officer_label(o)));
            gives.push(o.id.to_string());
            search.push(format!("{} {}", o.id, o.name));
        }
        let mut form = self.create_form_with::<Disclosure>(|f| {
            (f.name == "officer").then(|| Options {
                shown: shown.clone(),
                gives: gives.clone(),
                search: Some(search.clone()),
            })
        });
        form.intro = vec![
            "Relationship: family, partner, friendship, business, other (R-D1).".into(),
            "Pecuniary: employment, sponsorship, contracts, land, licences, corporate tenancies, \
             securities (R-D2)."
                .into(),
        ];
        self.form = Some((form, FormPurpose::NewDisclosure));
    }

    pub(super) fn open_disclosure_action(&mut self, key: char) {
        let (Some(s), Some(d)) = (&self.session, self.selected_disclosure()) else {
            return;
        };
        let Some(kind) = DisclosureActionKind::ALL
            .into_iter()
            .find(|k| k.key() == key)
        else {
            return;
        };
        let Some(ctx) = s.ctx() else { return };
        if let Some(refusal) = s.closed(d, kind) {
            let text = self.masked(refusal.to_string());
            self.error(text);
            return;
        }
        let title = format!("{} — {}", d.reference(), kind.label());
        let form = match kind {
            DisclosureActionKind::RecordNotification => {
                // Who told whom, in words; the machine reads them as it reads the CLI's codes.
                let parties: Vec<String> = NotifiedParty::ALL
                    .iter()
                    .map(|p| p.label().to_string())
                    .collect();
                let missing: Vec<String> = d
                    .missing_notifications(&ctx)
                    .iter()
                    .map(|n| n.label().to_string())
                    .collect();
                let mut form =
                    self.step_form(title, kind, &[("in-writing", "yes".to_string())], |f| {
                        (f.name == "who").then(|| Options::words(parties.clone()))
                    });
                form.intro.push(format!(
                    "Still needed: {}",
                    if missing.is_empty() {
                        "nothing".into()
                    } else {
                        missing.join("; ")
                    }
                ));
                form
            }
            DisclosureActionKind::Edit => self.step_form(
                title,
                kind,
                &[("description", d.description.clone())],
                |_| None,
            ),
            _ => self.step_form(title, kind, &[], |_| None),
        };
        let id = d.id;
        self.form = Some((form, FormPurpose::DisclosureAction(id, kind)));
    }

    pub(super) fn submit_disclosure_form(&mut self, form: Form, purpose: FormPurpose) {
        let Some(s) = &mut self.session else { return };
        let result: Result<String, SessionError> = match &purpose {
            FormPurpose::NewDisclosure => create_input::<Disclosure>(&form)
                .and_then(|i| s.add_disclosure(&i))
                .map(|d| format!("Saved {}: {} declared.", d.reference(), d.kind.label())),
            FormPurpose::DisclosureAction(id, kind) => step_action(*kind, &form)
                .and_then(|a| s.disclosure_action(*id, a))
                .map(|e| {
                    format!(
                        "Saved {}: {} → {}.",
                        e.disclosure.reference(),
                        e.action,
                        e.disclosure.state.label()
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
    let Some(ctx) = s.ctx() else { return };
    let t = model.theme;
    let visible = model.visible_disclosures();
    let (list_area, detail_area) = split(area, model.tabs.disclosures.list.detail_open, 10);
    if !model.tabs.disclosures.list.detail_open {
        let narrow = list_area.width < 90;
        // Rows only for what fits on screen, scrolled as a fresh table scrolls to the selection.
        let (shown, selected) = super::visible::window(
            visible.len(),
            model.tabs.disclosures.list.selected,
            list_area,
        );
        let rows: Vec<Vec<Span<'static>>> = visible[shown]
            .iter()
            .map(|d| {
                let notices = if d.is_incomplete(&ctx) {
                    Span::styled("INCOMPLETE", t.alarm())
                } else {
                    Span::styled("complete", t.good())
                };
                // What it is: the category where there is one, else the kind ("request interest").
                let kind = match (d.kind, d.kind.category()) {
                    (DisclosureKind::RequestInterest, _) => "request interest".to_string(),
                    (_, "") => "other interest".to_string(),
                    (_, category) => category.trim_end_matches(" relationship").to_string(),
                };
                // R-D2: a sensitive interest is kept but withheld from the published register.
                let state = if d.sensitive {
                    format!("{} (s32)", d.state.label())
                } else {
                    d.state.label().to_string()
                };
                let mut cells = vec![
                    Span::from(d.reference()),
                    Span::from(kind),
                    Span::from(model.disclosure_member(d)),
                ];
                cells.push(Span::from(model.disclosure_officer(d)));
                if !narrow {
                    cells.push(Span::from(show(d.declared_on)));
                }
                cells.push(Span::from(state));
                cells.push(notices);
                cells
            })
            .collect();
        let header = if narrow {
            vec!["Ref", "Kind", "Member", "Officer", "State", "Notices"]
        } else {
            vec![
                "Ref",
                "Kind",
                "Member",
                "Officer",
                "Declared",
                "State",
                "Notices (R-D1)",
            ]
        };
        let list = &model.tabs.disclosures.list;
        let title = list_title(
            "Register",
            visible.len(),
            s.disclosures.len(),
            &list.filter,
            list.filtering,
            list.show_ended,
        );
        let (widths, header, rows) = fitted_columns(
            &header,
            if narrow {
                &[7, 0, 0, 0, 12, 11]
            } else {
                &[7, 0, 0, 0, 11, 12, 11]
            },
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
        let body = match model.selected_disclosure() {
            Some(d) => detail_text(model, d, &ctx),
            None if s.disclosures.is_empty() => {
                Text::from("Nothing declared yet: n declares a relationship or interest.")
            }
            None => Text::from("No entry matches: Esc clears the filter, a shows ended entries."),
        };
        detail_pane(
            model,
            frame,
            detail,
            body,
            &model.tabs.disclosures.list.timeline,
            model.tabs.disclosures.list.detail_open,
        );
    }
}

fn detail_text(model: &Model, d: &Disclosure, ctx: &crate::domain::Context) -> Text<'static> {
    let t = model.theme;
    let safe = model.meeting_safe();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(d.reference(), t.label()),
            Span::raw(format!(
                "  {} — {} [{}]",
                d.kind.label(),
                d.state.label(),
                ctx.profile.localise(d.kind.cite())
            )),
        ]),
        field("Member", model.disclosure_member(d)),
    ];
    if d.officer.is_some() {
        lines.push(field("Officer", model.disclosure_officer(d)));
    }
    lines.push(field("Category", d.kind.category().to_string()));
    lines.push(field(
        "Declared",
        format!("{} by {}", show(d.declared_on), d.declared_by.label()),
    ));
    let description = if safe {
        "•••".to_string()
    } else {
        sanitize(&d.description)
    };
    lines.push(field("Description", description));
    if d.sensitive {
        lines.push(Line::styled(
            format!(
                "Sensitive: withheld from the public register ({})",
                crate::domain::rules::cites::sensitive_interest()
            ),
            t.warn(),
        ));
    }
    for n in d.notices(ctx) {
        let state = match &n.state {
            NoticeState::Done(done) => Span::styled(
                format!(
                    "done {}{}",
                    show(done.on),
                    if done.in_writing { ", in writing" } else { "" }
                ),
                t.good(),
            ),
            NoticeState::Missing => Span::styled("MISSING", t.alarm()),
            NoticeState::NotApplicable(why) => {
                Span::styled(format!("not applicable: {why}"), t.dim())
            }
        };
        lines.push(Line::from(vec![
            Span::raw(format!("  {}: ", n.notice.label())),
            state,
        ]));
    }
    if let Some((on, why)) = &d.ended {
        lines.push(field(
            "Ended",
            format!(
                "{} ({})",
                show(*on),
                if safe {
                    "•••".into()
                } else {
                    sanitize(why)
                }
            ),
        ));
    }
    if let Some(r) = &d.request_ref {
        lines.push(field("Declared with", r.clone()));
    }
    Text::from(lines)
}

/// The Disclosures tab (see [`super::component`]).
#[derive(Default)]
pub struct DisclosuresTab {
    pub(super) list: super::ListView,
}

impl Component for DisclosuresTab {
    fn tab(&self) -> Tab {
        Tab::Disclosures
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.visible_disclosures().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model
            .visible_disclosures()
            .get(row)
            .map(|d| d.id.to_string())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        model
            .visible_disclosures()
            .iter()
            .position(|d| d.id.to_string() == reference)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        let Some(s) = &model.session else {
            return Vec::new();
        };
        s.disclosures.iter().map(|d| d.id.to_string()).collect()
    }

    fn commands(&self, model: &Model) -> Vec<ActionKey> {
        model.disclosure_keys()
    }

    fn subject(&self, model: &Model) -> Option<crate::domain::audit::Subject> {
        model
            .selected_disclosure()
            .map(|d| crate::session::Session::disclosure_subject(d.id))
    }

    fn event(&self) -> super::component::OnKey {
        |model, key| model.open_disclosure_action(key)
    }

    fn create(&self) -> super::component::OnNew {
        |model| model.open_new_disclosure()
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        draw(model, frame, area);
    }
}
