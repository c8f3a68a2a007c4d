//! Drawing the Members and Officers tabs: each list, its columns, and a record's detail.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Table, TableState};
use ratatui::Frame;

use crate::domain::correspondence::Letter;
use crate::domain::dates::show;
use crate::domain::member::{DpiStatus, Member};
use crate::domain::officer::{BriefingStatus, Colleague, Officer, OfficerActionKind};
use crate::domain::rules::cites;
use crate::domain::text::sanitize;

use super::people::manager_label;
use super::widgets::{detail_pane, field, fitted_columns, list_title, split};
use super::Model;

fn dpi_cell(model: &Model, m: &Member, narrow: bool) -> Span<'static> {
    let t = model.theme;
    match m.dpi_status(model.today) {
        DpiStatus::Registered(on) if narrow => {
            Span::styled(format!("filed {}", show(on)), t.good())
        }
        DpiStatus::Registered(on) => Span::styled(format!("registered {}", show(on)), t.good()),
        DpiStatus::Due { due, days_left } => {
            Span::styled(format!("due {} ({days_left}d)", show(due)), t.warn())
        }
        DpiStatus::Overdue { days_over, .. } => {
            Span::styled(format!("OVERDUE {days_over}d"), t.alarm())
        }
        DpiStatus::NotApplicable => Span::styled("—", t.dim()),
    }
}

pub(super) fn members(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let Some(council) = &s.council else { return };
    let visible = model.member_rows();
    let (list_area, detail_area) = split(area, model.tabs.members.list.detail_open, 8);
    if !model.tabs.members.list.detail_open {
        let narrow = list_area.width < 90;
        // Rows only for what fits on screen, scrolled as a fresh table scrolls to the selection.
        let (shown, selected) =
            super::visible::window(visible.len(), model.tabs.members.list.selected, list_area);
        let rows: Vec<Vec<Span<'static>>> = super::visible::at(&s.members, &visible[shown])
            .into_iter()
            .map(|m| {
                let offices = council.offices_of(m.id, model.today).join(", ");
                let mut cells = vec![
                    Span::from(m.id.to_string()),
                    Span::from(model.member_label(m)),
                    Span::from(sanitize(m.ward_shown())),
                    Span::from(sanitize(council.group_name(m.group))),
                ];
                if !narrow {
                    cells.push(Span::from(sanitize(&offices)));
                    cells.push(Span::from(match m.term_end {
                        Some(end) => format!("ended {}", show(end)),
                        None => format!("from {}", show(m.term_start)),
                    }));
                }
                cells.push(dpi_cell(model, m, narrow));
                cells
            })
            .collect();
        let mut header = vec!["Ref", "Name", "Ward", "Group"];
        if !narrow {
            header.extend(["Offices", "Term"]);
        }
        header.push("DPI (R-M3)");
        let total = s.members.len();
        let (widths, header, rows) = fitted_columns(
            &header,
            if narrow {
                &[0, 18, 0, 0, 17]
            } else {
                &[0, 18, 0, 0, 0, 16, 21]
            },
            rows,
            list_area.width.saturating_sub(2),
        );
        let table = Table::new(rows, widths)
            .header(header.style(model.theme.label()))
            .row_highlight_style(model.theme.selected())
            .block(Block::default().borders(Borders::ALL).title(list_title(
                "Members",
                visible.len(),
                total,
                &model.tabs.members.list.filter,
                model.tabs.members.list.filtering,
                model.tabs.members.list.show_ended,
            )));
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(table, list_area, &mut state);
    }
    if let Some(detail) = detail_area {
        let body = match model.selected_member() {
            Some(m) => member_detail(model, m),
            None if visible.is_empty() && s.members.is_empty() => {
                Text::from("No members yet: press n to add one.")
            }
            None => Text::from("No member matches the filter: Esc clears it."),
        };
        detail_pane(
            model,
            frame,
            detail,
            body,
            &model.tabs.members.list.timeline,
            model.tabs.members.list.detail_open,
        );
    }
}

fn member_detail(model: &Model, m: &Member) -> Text<'static> {
    let t = model.theme;
    let s = model
        .session
        .as_ref()
        .expect("members drawn only with a session");
    let council = s
        .council
        .as_ref()
        .expect("members drawn only with a council");
    let safe = model.meeting_safe();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(model.member_label(m), t.label()),
            Span::styled(format!("  {}", m.id), t.dim()),
        ]),
        field("Ward", sanitize(m.ward_shown())),
        field("Group", sanitize(council.group_name(m.group))),
        field(
            "Joined",
            format!("{} {}", m.joined_by.label(), show(m.term_start)),
        ),
    ];
    let offices = council.offices_of(m.id, model.today);
    if !offices.is_empty() {
        lines.push(field("Offices", sanitize(&offices.join(", "))));
    }
    if let Some(end) = m.term_end {
        let reason = if safe {
            "•••".into()
        } else {
            sanitize(m.end_reason.as_deref().unwrap_or(""))
        };
        lines.push(field("Term ended", format!("{} ({reason})", show(end))));
    }
    let dpi = match m.dpi_status(model.today) {
        DpiStatus::Registered(on) => Span::styled(format!("registered {}", show(on)), t.good()),
        DpiStatus::Due { due, days_left } => Span::styled(
            format!(
                "due by {} ({days_left} days left; {}) — {}",
                show(due),
                crate::domain::member::DPI_COUNTED.label(),
                cites::dpi_deadline()
            ),
            t.warn(),
        ),
        DpiStatus::Overdue { due, days_over } => Span::styled(
            format!(
                "OVERDUE since {} ({days_over} days): an offence — {}",
                show(due),
                cites::dpi_deadline()
            ),
            t.alarm(),
        ),
        DpiStatus::NotApplicable => Span::styled("not recorded for the ended term", t.dim()),
    };
    lines.push(Line::from(vec![Span::styled("DPI: ", t.label()), dpi]));
    // R-M3 / R-D2: 28 days from each interest the member became aware of, as the register holds.
    let changes = crate::domain::disclosure::member_dpi_deadlines(m, &s.disclosures, model.today);
    // The term-start deadline is the DPI line above; the others each name their register entry.
    for d in changes.iter().filter(|d| d.what.starts_with("D-")) {
        let entry = d.what.split_whitespace().next().unwrap_or_default();
        let text = match d.met_on {
            Some(on) => format!("  New interest {entry}: notified {}", show(on)),
            None if d.overdue => format!(
                "  New interest {entry}: OVERDUE since {} [{}]",
                show(d.due),
                d.cite
            ),
            None => format!("  New interest {entry}: to notify by {}", show(d.due)),
        };
        let style = if d.overdue {
            t.alarm()
        } else {
            Style::default()
        };
        lines.push(Line::styled(text, style));
    }
    let contact: Vec<String> = [&m.email, &m.phone]
        .into_iter()
        .flatten()
        .map(|c| sanitize(c))
        .collect();
    if !contact.is_empty() {
        lines.push(field(
            "Contact",
            if safe {
                "•••".into()
            } else {
                contact.join(" · ")
            },
        ));
    }
    lines.extend(letter_lines(model, m));
    Text::from(lines)
}

/// R-C1: the officers' letters to this member, newest first, with who was copied or why not.
fn letter_lines(model: &Model, m: &Member) -> Vec<Line<'static>> {
    let t = model.theme;
    let Some(s) = &model.session else {
        return Vec::new();
    };
    let Some(ctx) = s.ctx() else {
        return Vec::new();
    };
    let mut letters: Vec<&Letter> = s
        .correspondence
        .iter()
        .filter(|l| l.member == m.id)
        .collect();
    if letters.is_empty() {
        return Vec::new();
    }
    letters.sort_by_key(|l| std::cmp::Reverse((l.on, l.id)));
    let mut lines = vec![Line::styled(
        format!("Letters from officers ({})", model.cite(Letter::cite(&ctx))),
        t.label(),
    )];
    for l in letters.iter().take(5) {
        let copies = if model.meeting_safe() {
            "•••".to_string()
        } else {
            sanitize(&l.copies_line(&ctx))
        };
        let subject = if model.meeting_safe() {
            "•••".to_string()
        } else {
            sanitize(&l.subject)
        };
        lines.push(Line::raw(format!(
            "  {} {} {subject}: {copies}",
            l.reference(),
            show(l.on)
        )));
    }
    lines
}

/// R-O2's who and R-O1's recruitment panel, for the officer's detail pane.
fn staffing_lines(model: &Model, o: &Officer) -> Vec<Line<'static>> {
    let t = model.theme;
    let key = |k: OfficerActionKind| k.key();
    let mut lines = Vec::new();
    match (o.protocol_briefed, o.briefed_by) {
        (Some(_), Some(by)) => lines.push(field("Given by", colleague_label(model, by))),
        (Some(_), None) if o.left.is_none() => lines.push(Line::from(vec![
            Span::styled("Given by: ", t.label()),
            Span::styled(
                format!(
                    "not recorded (their manager): {} records who",
                    key(OfficerActionKind::RecordBriefing)
                ),
                t.warn(),
            ),
        ])),
        _ => {}
    }
    if o.protocol_briefed.is_none() && o.left.is_none() {
        if let Some(ctx) = model.session.as_ref().and_then(|s| s.ctx()) {
            lines.push(field(
                "Briefing due",
                format!(
                    "within {} of starting",
                    ctx.profile
                        .deadlines
                        .wording(crate::domain::figures::Figure::Briefing)
                ),
            ));
        }
    }
    let recruited = match &o.recruitment {
        Some(r) => {
            let names: Vec<String> = r.panel.iter().map(|c| colleague_label(model, *c)).collect();
            Span::raw(format!("{} on {}", names.join(", "), show(r.on)))
        }
        None if o.left.is_none() => Span::styled(
            format!(
                "panel not recorded: {} records it",
                key(OfficerActionKind::RecordRecruitment)
            ),
            t.dim(),
        ),
        None => Span::styled("panel not recorded", t.dim()),
    };
    lines.push(Line::from(vec![
        Span::styled("Recruited by: ", t.label()),
        recruited,
        Span::styled(format!("  {}", model.cite(cites::recruitment())), t.dim()),
    ]));
    lines
}

/// A member or officer an officer's record names, masked in meeting-safe mode.
fn colleague_label(model: &Model, c: Colleague) -> String {
    let Some(s) = &model.session else {
        return String::new();
    };
    if model.meeting_safe() {
        // The label is the reference already.
        return match c {
            Colleague::Member(id) => format!("Member {id}"),
            Colleague::Officer(id) => format!("Officer {id}"),
        };
    }
    match c {
        Colleague::Member(id) => s
            .members
            .iter()
            .find(|m| m.id == id)
            .map(|m| format!("{} ({id})", model.member_label(m)))
            .unwrap_or_else(|| id.to_string()),
        Colleague::Officer(id) => s
            .officers
            .iter()
            .find(|o| o.id == id)
            .map(|o| format!("{} ({id})", model.officer_label(o)))
            .unwrap_or_else(|| id.to_string()),
    }
}

fn briefing_span(model: &Model, o: &Officer) -> Span<'static> {
    let t = model.theme;
    let Some(ctx) = model.session.as_ref().and_then(|s| s.ctx()) else {
        return Span::raw("");
    };
    match o.briefing_status(&ctx) {
        BriefingStatus::Recorded(on) => Span::styled(format!("given {}", show(on)), t.good()),
        BriefingStatus::Pending { due } => Span::styled(
            format!(
                "due by {} ({})",
                show(due),
                Officer::briefing_counted(&ctx).short()
            ),
            t.warn(),
        ),
        BriefingStatus::Missing { due } => {
            Span::styled(format!("MISSING (due {})", show(due)), t.alarm())
        }
        BriefingStatus::NotApplicable => Span::styled("—", t.dim()),
    }
}

pub(super) fn officers(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let visible = model.officer_rows();
    let (list_area, detail_area) = split(area, model.tabs.officers.list.detail_open, 8);
    if !model.tabs.officers.list.detail_open {
        let narrow = list_area.width < 90;
        // Rows only for what fits on screen, scrolled as a fresh table scrolls to the selection.
        let (shown, selected) =
            super::visible::window(visible.len(), model.tabs.officers.list.selected, list_area);
        let rows: Vec<Vec<Span<'static>>> = super::visible::at(&s.officers, &visible[shown])
            .into_iter()
            .map(|o| {
                let post = if narrow {
                    o.post.label().to_string()
                } else {
                    sanitize(&o.post_label())
                };
                let mut cells = vec![
                    Span::from(o.id.to_string()),
                    Span::from(model.officer_label(o)),
                    Span::from(post),
                ];
                if !narrow {
                    cells.push(Span::from(o.employment.label()));
                    cells.push(Span::from(manager_label(model, o.line_manager)));
                    cells.push(Span::from(match o.left {
                        Some(l) => format!("left {}", show(l)),
                        None => format!("from {}", show(o.started)),
                    }));
                }
                cells.push(briefing_span(model, o));
                cells
            })
            .collect();
        let mut header = vec!["Ref", "Name", "Post"];
        if !narrow {
            header.extend(["Type", "Line manager", "Service"]);
        }
        header.push("Protocol (R-O2)");
        let (widths, header, rows) = fitted_columns(
            &header,
            if narrow {
                &[0, 18, 0, 24]
            } else {
                &[0, 18, 0, 10, 0, 15, 24]
            },
            rows,
            list_area.width.saturating_sub(2),
        );
        let table = Table::new(rows, widths)
            .header(header.style(model.theme.label()))
            .row_highlight_style(model.theme.selected())
            .block(Block::default().borders(Borders::ALL).title(list_title(
                "Officers",
                visible.len(),
                s.officers.len(),
                &model.tabs.officers.list.filter,
                model.tabs.officers.list.filtering,
                model.tabs.officers.list.show_ended,
            )));
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(table, list_area, &mut state);
    }
    if let Some(detail) = detail_area {
        let body = match model.selected_officer() {
            Some(o) => officer_detail(model, o),
            None if s.officers.is_empty() => Text::from("No officers yet: press n to add one."),
            None => Text::from("No officer matches the filter: Esc clears it."),
        };
        detail_pane(
            model,
            frame,
            detail,
            body,
            &model.tabs.officers.list.timeline,
            model.tabs.officers.list.detail_open,
        );
    }
}

fn officer_detail(model: &Model, o: &Officer) -> Text<'static> {
    let t = model.theme;
    let safe = model.meeting_safe();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(model.officer_label(o), t.label()),
            Span::styled(format!("  {}", o.id), t.dim()),
        ]),
        field(
            "Post",
            format!("{} ({})", sanitize(&o.post_label()), o.employment.label()),
        ),
        field("Line manager", manager_label(model, o.line_manager)),
        field("Started", show(o.started)),
    ];
    if let Some(l) = o.left {
        lines.push(field("Left", show(l)));
    }
    lines.push(Line::from(vec![
        Span::styled("Protocol: ", t.label()),
        briefing_span(model, o),
        Span::styled(
            format!("  {}", model.cite(cites::protocol_briefing())),
            t.dim(),
        ),
    ]));
    lines.extend(staffing_lines(model, o));
    let contact: Vec<String> = [&o.email, &o.phone]
        .into_iter()
        .flatten()
        .map(|c| sanitize(c))
        .collect();
    if !contact.is_empty() {
        lines.push(field(
            "Contact",
            if safe {
                "•••".into()
            } else {
                contact.join(" · ")
            },
        ));
    }
    Text::from(lines)
}
