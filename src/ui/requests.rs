//! Requests tab: reports for political groups (R-G1, R-G2), officers at group meetings (R-G3,
//! R-G4), and members' requests for information (R-I1 to R-I5). `n` logs an information request,
//! `R` a group's report, `M` a group's meeting invitation.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Table, TableState};
use ratatui::Frame;

use crate::domain::audit::Subject;
use crate::domain::dates::show;
use crate::domain::machine::Machine as _;
use crate::domain::machine::{ActionKind, FieldKind};
use crate::domain::requests::{
    AttendanceActionKind, AttendanceState, GroupAttendance, GroupReport, InfoActionKind,
    InfoRequest, InfoState, ReportActionKind, ReportState,
};
use crate::domain::rules::Rejection;
use crate::domain::text::sanitize;
use crate::session::{Session, SessionError};

use super::component::Component;
use super::form::Form;
use super::people::ActionKey;
use super::steps::{create_input, step_action, Options};
use super::widgets::{detail_pane, field, fitted_columns, list_title, split};
use super::Tab;
use super::{FormPurpose, Model};

#[derive(Clone, Copy)]
pub enum RequestRow<'a> {
    Report(&'a GroupReport),
    Meeting(&'a GroupAttendance),
    Info(&'a InfoRequest),
}

impl RequestRow<'_> {
    pub fn subject(&self) -> Subject {
        match self {
            RequestRow::Report(r) => Session::report_subject(r.id),
            RequestRow::Meeting(a) => Session::attendance_subject(a.id),
            RequestRow::Info(i) => Session::info_subject(&i.reference),
        }
    }

    pub fn reference(&self) -> String {
        match self {
            RequestRow::Report(r) => format!("GR-{}", r.id),
            RequestRow::Meeting(a) => format!("GA-{}", a.id),
            RequestRow::Info(i) => i.reference.clone(),
        }
    }
}

impl Model {
    pub fn visible_requests(&self) -> Vec<RequestRow<'_>> {
        use super::visible::positions;
        let Some(s) = &self.session else {
            return Vec::new();
        };
        // Each row as (register, position in it), in the order shown.
        let rows = self.memo(&self.tabs.requests.list, || {
            let rows = self.list_requests();
            let one = |r: &RequestRow| match r {
                RequestRow::Report(x) => (0u8, positions(&s.reports, &[*x])[0]),
                RequestRow::Meeting(x) => (1u8, positions(&s.attendances, &[*x])[0]),
                RequestRow::Info(x) => (2u8, positions(&s.info_requests, &[*x])[0]),
            };
            rows.iter().map(one).collect::<Vec<_>>()
        });
        rows.iter()
            .filter_map(|&(kind, i)| match kind {
                0 => s.reports.get(i).map(RequestRow::Report),
                1 => s.attendances.get(i).map(RequestRow::Meeting),
                _ => s.info_requests.get(i).map(RequestRow::Info),
            })
            .collect()
    }

    fn list_requests(&self) -> Vec<RequestRow<'_>> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let Some(ctx) = s.ctx() else {
            return Vec::new();
        };
        let list = &self.tabs.requests.list;
        let needle = crate::domain::text::search_key(&list.filter);
        let mut rows: Vec<RequestRow> = Vec::new();
        let mut infos: Vec<&InfoRequest> = s
            .info_requests
            .iter()
            .filter(|i| list.show_ended || i.state != InfoState::Closed)
            .filter(|i| !list.overdue_only || i.is_overdue(&ctx))
            .collect();
        infos.sort_by_key(|i| (!i.is_overdue(&ctx), i.due(&ctx)));
        rows.extend(infos.into_iter().map(RequestRow::Info));
        if !list.overdue_only {
            rows.extend(
                s.reports
                    .iter()
                    .filter(|r| list.show_ended || r.state != ReportState::Complete)
                    .map(RequestRow::Report),
            );
            rows.extend(
                s.attendances
                    .iter()
                    .filter(|a| list.show_ended || a.state != AttendanceState::Complete)
                    .map(RequestRow::Meeting),
            );
        }
        rows.retain(|r| {
            needle.is_empty()
                || crate::domain::text::search_key(&self.request_row_text(r)).contains(&needle)
        });
        rows
    }

    fn request_row_text(&self, r: &RequestRow) -> String {
        let s = self.session.as_ref().expect("listed with a session");
        match r {
            RequestRow::Report(x) => format!(
                "{} report {} {}",
                r.reference(),
                s.group_name(Some(x.group)),
                x.subject
            ),
            RequestRow::Meeting(x) => {
                format!("{} meeting {}", r.reference(), s.group_name(Some(x.group)))
            }
            RequestRow::Info(x) => format!(
                "{} information {} {}",
                r.reference(),
                self.info_member(x),
                x.what
            ),
        }
    }

    fn info_member(&self, i: &InfoRequest) -> String {
        self.session
            .as_ref()
            .and_then(|s| s.members.iter().find(|m| m.id == i.member))
            .map(|m| self.member_label(m))
            .unwrap_or_else(|| i.member.to_string())
    }

    pub fn selected_request(&self) -> Option<RequestRow<'_>> {
        self.visible_requests()
            .get(self.tabs.requests.list.selected)
            .copied()
    }

    pub fn request_keys(&self) -> Vec<ActionKey> {
        let Some(ctx) = self.session.as_ref().and_then(|s| s.ctx()) else {
            return Vec::new();
        };
        match self.selected_request() {
            Some(RequestRow::Report(r)) => super::steps::keys_of(r, &ctx),
            Some(RequestRow::Meeting(a)) => super::steps::keys_of(a, &ctx),
            Some(RequestRow::Info(i)) => super::steps::keys_of(i, &ctx),
            None => Vec::new(),
        }
    }

    pub(super) fn open_new_request(&mut self, key: char) {
        let form = match key {
            'R' => (self.create_form::<GroupReport>(), FormPurpose::NewReport),
            'M' => (
                self.create_form::<GroupAttendance>(),
                FormPurpose::NewMeeting,
            ),
            _ => {
                let mut form = self.create_form::<InfoRequest>();
                form.intro = vec![
                    "On behalf of: a constituent's name (R-I3: public information only).".into(),
                    "Declared interest: becomes an entry in the register (R-D3).".into(),
                ];
                (form, FormPurpose::NewInfo)
            }
        };
        self.form = Some(form);
    }

    pub(super) fn open_request_action(&mut self, key: char) {
        let Some(s) = &self.session else { return };
        let Some(ctx) = s.ctx() else { return };
        let opened: Result<(Form, FormPurpose), Rejection> = match self.selected_request() {
            Some(RequestRow::Report(r)) => {
                let Some(kind) = ReportActionKind::from_key(key) else {
                    return;
                };
                if let Err(refusal) = r.open_for(kind, &ctx) {
                    Err(refusal.into())
                } else {
                    // Tell the groups still untold first; a copy may go to any other group.
                    let untold: Vec<String> = r
                        .untold_groups(&ctx)
                        .iter()
                        .map(|g| s.group_name(Some(*g)).to_string())
                        .collect();
                    let others: Vec<String> = s
                        .council
                        .as_ref()
                        .map(|c| {
                            c.groups
                                .iter()
                                .filter(|g| g.id != r.group)
                                .map(|g| g.name.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    let groups = match kind {
                        ReportActionKind::TellGroup if !untold.is_empty() => untold,
                        _ => others,
                    };
                    let mut form = self.step_form(
                        format!("GR-{} — {}", r.id, kind.label()),
                        kind,
                        &[],
                        |f| (f.kind == FieldKind::Group).then(|| Options::words(groups.clone())),
                    );
                    if kind == ReportActionKind::TellGroup {
                        form.intro
                            .extend(r.notice_text(&ctx).lines().map(str::to_string));
                    }
                    Ok((form, FormPurpose::ReportAction(r.id, kind)))
                }
            }
            Some(RequestRow::Meeting(a)) => {
                let Some(kind) = AttendanceActionKind::from_key(key) else {
                    return;
                };
                if let Err(refusal) = a.open_for(kind, &ctx) {
                    Err(refusal.into())
                } else {
                    let untold: Vec<String> = a
                        .untold_groups(&ctx)
                        .iter()
                        .map(|g| s.group_name(Some(*g)).to_string())
                        .collect();
                    let mut form = self.step_form(
                        format!("GA-{} — {}", a.id, kind.label()),
                        kind,
                        &[],
                        |f| (f.kind == FieldKind::Group).then(|| Options::words(untold.clone())),
                    );
                    if kind == AttendanceActionKind::TellGroup {
                        form.intro
                            .extend(a.notice_text(&ctx).lines().map(str::to_string));
                    }
                    Ok((form, FormPurpose::MeetingAction(a.id, kind)))
                }
            }
            Some(RequestRow::Info(i)) => {
                let Some(kind) = InfoActionKind::from_key(key) else {
                    return;
                };
                if let Err(refusal) = i.open_for(kind, &ctx) {
                    Err(refusal.into())
                } else {
                    // R-I3: for a constituent only what is in the public domain may be given, so
                    // "no" could never be saved: the form opens on yes for the clerk to confirm.
                    let start: Vec<(&'static str, String)> = if i.public_domain_only {
                        vec![("public-domain", "yes".to_string())]
                    } else {
                        Vec::new()
                    };
                    let form = self.step_form(
                        format!("{} — {}", i.reference, kind.label()),
                        kind,
                        &start,
                        |_| None,
                    );
                    Ok((form, FormPurpose::InfoAction(i.id, kind)))
                }
            }
            None => return,
        };
        match opened {
            Ok(form) => self.form = Some(form),
            Err(refusal) => {
                let text = self.masked(s.localised(refusal).to_string());
                self.error(text);
            }
        }
    }

    pub(super) fn submit_request_form(&mut self, form: Form, purpose: FormPurpose) {
        let Some(s) = &mut self.session else { return };
        let result: Result<String, SessionError> = match &purpose {
            FormPurpose::NewReport => create_input::<GroupReport>(&form)
                .and_then(|i| s.add_report(&i))
                .map(|r| format!("Saved GR-{}: requested.", r.id)),
            FormPurpose::NewMeeting => create_input::<GroupAttendance>(&form)
                .and_then(|i| s.add_attendance(&i))
                .map(|a| format!("Saved GA-{}: requested.", a.id)),
            FormPurpose::NewInfo => create_input::<InfoRequest>(&form)
                .and_then(|i| s.add_info_request(&i))
                .map(|(r, d)| match d {
                    Some(d) => format!(
                        "Saved {}: received; the declared interest is {} (R-D3).",
                        r.reference,
                        d.reference()
                    ),
                    None => format!("Saved {}: received.", r.reference),
                }),
            FormPurpose::ReportAction(id, kind) => step_action(*kind, &form)
                .and_then(|a| s.report_action(*id, a))
                .map(|e| {
                    format!(
                        "Saved GR-{}: {} → {}.",
                        e.report.id,
                        e.action,
                        e.report.state.label()
                    )
                }),
            FormPurpose::MeetingAction(id, kind) => step_action(*kind, &form)
                .and_then(|a| s.attendance_action(*id, a))
                .map(|e| {
                    format!(
                        "Saved GA-{}: {} → {}.",
                        e.attendance.id,
                        e.action,
                        e.attendance.state.label()
                    )
                }),
            FormPurpose::InfoAction(id, kind) => step_action(*kind, &form)
                .and_then(|a| s.info_action(*id, a))
                .map(|e| {
                    format!(
                        "Saved {}: {} → {}.",
                        e.request.reference,
                        e.action,
                        e.request.state.label()
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
    let visible = model.visible_requests();
    let (list_area, detail_area) = split(area, model.tabs.requests.list.detail_open, 11);
    if !model.tabs.requests.list.detail_open {
        // Rows only for what fits on screen, scrolled as a fresh table scrolls to the selection.
        let (shown, selected) =
            super::visible::window(visible.len(), model.tabs.requests.list.selected, list_area);
        let rows: Vec<Vec<Span<'static>>> = visible[shown]
            .iter()
            .map(|r| {
                let (kind, who, state, due) = match r {
                    RequestRow::Report(x) => {
                        let untold = x.waiting_on(&ctx).len();
                        let due = if untold > 0 {
                            Span::styled(format!("{untold} group(s) untold"), t.warn())
                        } else {
                            Span::raw("")
                        };
                        (
                            "report",
                            sanitize(s.group_name(Some(x.group))),
                            x.state.label(),
                            due,
                        )
                    }
                    RequestRow::Meeting(x) => {
                        let untold = x.waiting_on(&ctx).len();
                        let due = if untold > 0 {
                            Span::styled(format!("{untold} group(s) untold"), t.warn())
                        } else {
                            Span::raw(format!("meeting {}", show(x.meeting_on)))
                        };
                        (
                            "meeting",
                            sanitize(s.group_name(Some(x.group))),
                            x.state.label(),
                            due,
                        )
                    }
                    RequestRow::Info(x) => {
                        let due = if x.is_overdue(&ctx) {
                            Span::styled(
                                format!(
                                    "OVERDUE {} {}",
                                    show(x.due(&ctx)),
                                    x.due_counted(&ctx).short()
                                ),
                                t.alarm(),
                            )
                        } else if x.state == InfoState::Closed {
                            Span::raw("")
                        } else {
                            // The calendar that counts it, short to fit the column (R-I1, R-I5).
                            Span::raw(format!(
                                "{} ({})",
                                show(x.due(&ctx)),
                                x.due_counted(&ctx).short()
                            ))
                        };
                        ("information", model.info_member(x), x.state.label(), due)
                    }
                };
                vec![
                    Span::from(r.reference()),
                    Span::from(kind),
                    Span::from(who),
                    Span::from(state),
                    due,
                ]
            })
            .collect();
        let list = &model.tabs.requests.list;
        let total = s.reports.len() + s.attendances.len() + s.info_requests.len();
        let mut title = list_title(
            "Requests",
            visible.len(),
            total,
            &list.filter,
            list.filtering,
            list.show_ended,
        );
        if list.overdue_only {
            title.push_str("overdue only ");
        }
        let header = vec!["Ref", "Kind", "Group / member", "State", "Due / to tell"];
        let (widths, header, rows) = fitted_columns(
            &header,
            &[12, 11, 0, 0, 22],
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
        let body = match model.selected_request() {
            Some(r) => detail_text(model, r, &ctx),
            None => Text::from(
                "Nothing here: n logs a member's request, R a group's report, M a group's meeting.",
            ),
        };
        detail_pane(
            model,
            frame,
            detail,
            body,
            &model.tabs.requests.list.timeline,
            model.tabs.requests.list.detail_open,
        );
    }
}

fn detail_text(model: &Model, r: RequestRow, ctx: &crate::domain::Context) -> Text<'static> {
    let t = model.theme;
    let s = model.session.as_ref().expect("drawn with a session");
    let safe = model.meeting_safe();
    let mut lines = Vec::new();
    match r {
        RequestRow::Report(x) => {
            lines.push(Line::from(vec![
                Span::styled(format!("GR-{}", x.id), t.label()),
                Span::raw(format!(
                    "  report for the {} group — {}",
                    sanitize(s.group_name(Some(x.group))),
                    x.state.label()
                )),
            ]));
            lines.push(field("Subject", sanitize(&x.subject)));
            lines.push(field("Requested", show(x.requested_on)));
            let told: Vec<String> = x
                .told
                .iter()
                .map(|(g, on)| format!("{} {}", s.group_name(Some(*g)), show(*on)))
                .collect();
            lines.push(field(
                "Told (R-G2)",
                if told.is_empty() {
                    "nobody yet".into()
                } else {
                    told.join(", ")
                },
            ));
            let untold: Vec<String> = x
                .waiting_on(ctx)
                .iter()
                .map(|g| s.group_name(Some(*g)).to_string())
                .collect();
            if !untold.is_empty() {
                lines.push(Line::styled(
                    format!(
                        "Still to tell: {} — it cannot complete until they are (R-G2, {})",
                        untold.join(", "),
                        ctx.profile.group_reports_clause
                    ),
                    t.warn(),
                ));
            }
        }
        RequestRow::Meeting(x) => {
            lines.push(Line::from(vec![
                Span::styled(format!("GA-{}", x.id), t.label()),
                Span::raw(format!(
                    "  {} group meeting — {}",
                    sanitize(s.group_name(Some(x.group))),
                    x.state.label()
                )),
            ]));
            lines.push(field("Meeting", show(x.meeting_on)));
            lines.push(field(
                "Protocol says",
                format!("{} [{}]", x.policy.label(), x.clause),
            ));
            if let Some(subject) = &x.subject {
                lines.push(field(
                    "Subject",
                    if safe {
                        "•••".into()
                    } else {
                        sanitize(subject)
                    },
                ));
            }
            let untold: Vec<String> = x
                .waiting_on(ctx)
                .iter()
                .map(|g| s.group_name(Some(*g)).to_string())
                .collect();
            if !untold.is_empty() {
                lines.push(Line::styled(
                    format!("Still to tell: {} (R-G3, {})", untold.join(", "), x.clause),
                    t.warn(),
                ));
            }
            lines.push(Line::styled(
                format!(
                    "What was heard stays confidential to the group (R-G3, {}).",
                    x.clause
                ),
                t.dim(),
            ));
        }
        RequestRow::Info(x) => {
            lines.push(Line::from(vec![
                Span::styled(x.reference.clone(), t.label()),
                Span::raw(format!("  information request — {}", x.state.label())),
            ]));
            lines.push(field("Member", model.info_member(x)));
            lines.push(field(
                "Asks for",
                if safe {
                    "•••".into()
                } else {
                    sanitize(&x.what)
                },
            ));
            if let Some(c) = &x.on_behalf_of {
                lines.push(field(
                    "On behalf of",
                    if safe {
                        "a constituent".into()
                    } else {
                        sanitize(c)
                    },
                ));
            }
            if let Some(b) = x.basis {
                lines.push(field("Basis", b.label().to_string()));
            }
            let due = x.due(ctx);
            let style = if x.is_overdue(ctx) {
                t.alarm()
            } else {
                t.warn()
            };
            if x.state != InfoState::Closed {
                lines.push(Line::from(vec![
                    Span::styled("Due: ", t.label()),
                    Span::styled(
                        format!(
                            "{} [{}] ({}){}",
                            show(due),
                            ctx.profile.localise(x.due_cite()),
                            x.due_counted(ctx).label(),
                            x.due_warning(ctx)
                                .map(|w| format!(" — {w}"))
                                .unwrap_or_default()
                        ),
                        style,
                    ),
                ]));
            }
            if let Some(i) = &x.declared_interest {
                lines.push(field(
                    "Interest declared (R-D3)",
                    if safe {
                        "•••".into()
                    } else {
                        sanitize(i)
                    },
                ));
            }
        }
    }
    Text::from(lines)
}

/// The Requests tab (see [`super::component`]).
#[derive(Default)]
pub struct RequestsTab {
    pub(super) list: super::ListView,
}

impl Component for RequestsTab {
    fn tab(&self) -> Tab {
        Tab::Requests
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.visible_requests().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model.visible_requests().get(row).map(|r| r.reference())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        model
            .visible_requests()
            .iter()
            .position(|r| r.reference() == reference)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        let Some(s) = &model.session else {
            return Vec::new();
        };
        s.info_requests
            .iter()
            .map(|i| RequestRow::Info(i).reference())
            .chain(s.reports.iter().map(|r| RequestRow::Report(r).reference()))
            .chain(
                s.attendances
                    .iter()
                    .map(|a| RequestRow::Meeting(a).reference()),
            )
            .collect()
    }

    fn commands(&self, model: &Model) -> Vec<ActionKey> {
        model.request_keys()
    }

    fn subject(&self, model: &Model) -> Option<crate::domain::audit::Subject> {
        model.selected_request().map(|r| r.subject())
    }

    fn event(&self) -> super::component::OnKey {
        |model, key| model.open_request_action(key)
    }

    fn create(&self) -> super::component::OnNew {
        |model| model.open_new_request('n')
    }

    fn new_label(&self) -> &'static str {
        "info request"
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        draw(model, frame, area);
    }
}
