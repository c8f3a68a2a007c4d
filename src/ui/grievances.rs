//! Grievances tab: capture a concern in a few keys from anywhere (`c`), triage it onto the path the
//! council's profile gives (R-E1, R-E2, R-E3), then take each step the case's state machine allows.

use std::collections::HashMap;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Table, TableState};
use ratatui::Frame;

use crate::domain::dates::show;
use crate::domain::grievance::{
    also_breach_line, BreachCategory, Case, CaseActionKind, CaseInput, CaseState, Channel, Path,
    PersonRef, Proposal, NOBODY,
};
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::machine::{ActionKind, FieldKind};
use crate::domain::officer::OfficerState;
use crate::domain::rules::Rejection;
use crate::domain::text::{sanitize, search_key};
use crate::files::{Overwrite, WriteError};
use crate::session::{Session, SessionError};

use super::component::Component;
use super::form::Form;
use super::people::ActionKey;
use super::steps::{create_input, Options};
use super::widgets::{detail_pane, field, fitted_columns, list_title, split};
use super::{Confirm, FormPurpose, Model, Tab};

/// The person lists in capture and action forms: label shown, and who it means.
fn people(model: &Model, extra: &'static str) -> Vec<(String, Option<PersonRef>)> {
    let mut out = Vec::new();
    let Some(s) = &model.session else { return out };
    for m in s.members.iter().filter(|m| m.term_end.is_none()) {
        out.push((
            format!("{} (councillor {})", model.member_label(m), m.id),
            Some(PersonRef::Member(m.id)),
        ));
    }
    for o in s
        .officers
        .iter()
        .filter(|o| o.state() == OfficerState::InPost)
    {
        out.push((
            format!(
                "{} ({}, {})",
                model.officer_label(o),
                sanitize(&o.post_label()),
                o.id
            ),
            Some(PersonRef::Officer(o.id)),
        ));
    }
    out.push((extra.to_string(), None));
    out
}

/// What typing searches in a person list: the label shown and the person's name, so in meeting-safe
/// mode the clerk finds people by name while the screen shows only references.
fn search_keys(model: &Model, options: &[(String, Option<PersonRef>)]) -> Vec<String> {
    let ctx = model.session.as_ref().and_then(|s| s.ctx());
    options
        .iter()
        .map(|(label, person)| match (person, &ctx) {
            (Some(p), Some(ctx)) => format!("{label} {}", p.name(ctx)),
            _ => label.clone(),
        })
        .collect()
}

fn labels(options: &[(String, Option<PersonRef>)]) -> Vec<String> {
    options.iter().map(|(l, _)| l.clone()).collect()
}

fn chosen(options: &[(String, Option<PersonRef>)], label: &str) -> Option<PersonRef> {
    options
        .iter()
        .find(|(l, _)| l == label)
        .and_then(|(_, p)| p.clone())
}

fn label_of(options: &[(String, Option<PersonRef>)], who: &PersonRef) -> String {
    options
        .iter()
        .find(|(_, p)| p.as_ref() == Some(who))
        .map(|(l, _)| l.clone())
        .unwrap_or_default()
}

/// Every path a clerk may put a matter on, the proposal's first.
fn path_options(first: Path) -> Vec<(String, Path)> {
    let mut all = vec![Path::OfficerGrievance, Path::MemberConcern];
    all.extend(BreachCategory::ALL.iter().map(|c| Path::Breach(*c)));
    all.sort_by_key(|p| *p != first);
    all.into_iter().map(|p| (path_label(p), p)).collect()
}

pub fn path_label(p: Path) -> String {
    p.title()
}

const SOMEONE_ELSE: &str = "someone else (name below)";

/// A capture's list of people as its spec field takes them: each shown as the lists show them,
/// giving their reference; someone else gives `other` (named in the other's name field) and, for
/// whom it is about, nobody in particular gives `nobody` ([`crate::domain::grievance::CaseDraft`]).
fn capture_people(model: &Model, nobody_allowed: bool) -> Options {
    let list = people(model, SOMEONE_ELSE);
    let mut search = search_keys(model, &list);
    let mut gives: Vec<String> = list
        .iter()
        .map(|(_, p)| match p {
            Some(PersonRef::Member(id)) => id.to_string(),
            Some(PersonRef::Officer(id)) => id.to_string(),
            Some(PersonRef::Other(_)) | None => "other".into(),
        })
        .collect();
    let mut shown = labels(&list);
    if nobody_allowed {
        shown.push(NOBODY.into());
        gives.push("nobody".into());
        search.push(NOBODY.into());
    }
    Options {
        shown,
        gives,
        search: Some(search),
    }
}

/// The triage proposal, waiting for the clerk to accept it or pick another path.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingCase {
    pub input: CaseInput,
    pub proposal: Proposal,
}

impl Model {
    /// A case's party as the screen may name them (a reference only in meeting-safe mode): the
    /// member or officer found by id in [`Model::party_index`], not by a search of the register.
    pub fn case_party(&self, who: &PersonRef) -> String {
        let Some(s) = &self.session else {
            return String::new();
        };
        let index = self.party_index();
        match who {
            PersonRef::Member(id) => index
                .members
                .get(id)
                .and_then(|&i| s.members.get(i))
                .map(|m| self.member_label(m))
                .unwrap_or_else(|| id.to_string()),
            PersonRef::Officer(id) => index
                .officers
                .get(id)
                .and_then(|&i| s.officers.get(i))
                .map(|o| self.officer_label(o))
                .unwrap_or_else(|| id.to_string()),
            PersonRef::Other(_) if self.meeting_safe() => "someone else".into(),
            PersonRef::Other(name) => sanitize(name),
        }
    }

    /// Where each member and officer sits in the session's registers, by id: built once per
    /// change of data (see `visible.rs`), read for every party of every case named.
    pub(super) fn party_index(&self) -> std::rc::Rc<PartyIndex> {
        self.prepared(&self.tabs.grievances.parties, || {
            let Some(s) = &self.session else {
                return PartyIndex::default();
            };
            PartyIndex {
                members: s
                    .members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.id, i))
                    .collect(),
                officers: s
                    .officers
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (o.id, i))
                    .collect(),
            }
        })
    }

    /// Open cases, overdue first, then by their next deadline; closed ones with `a`: computed once
    /// per change (see `visible.rs`).
    pub fn visible_cases(&self) -> Vec<&Case> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        super::visible::at(&s.cases, &self.case_rows())
    }

    /// The cases shown, as positions in the session's register, computed once per change.
    pub(super) fn case_rows(&self) -> std::rc::Rc<Vec<usize>> {
        self.memo(&self.tabs.grievances.list, || match &self.session {
            Some(_) => self.list_cases(),
            None => Vec::new(),
        })
    }

    /// The case shown at `row`.
    pub fn case_at(&self, row: usize) -> Option<&Case> {
        let s = self.session.as_ref()?;
        super::visible::row_in(&s.cases, &self.case_rows(), row)
    }

    /// The positions in the session's register of the cases shown, in working order.
    fn list_cases(&self) -> Vec<usize> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let Some(ctx) = s.ctx() else {
            return Vec::new();
        };
        let list = &self.tabs.grievances.list;
        let needle = crate::domain::text::search_key(&list.filter);
        let order = self.working_order(s, &ctx);
        let keep = |&(_, overdue, closed): &(usize, bool, bool)| {
            (list.show_ended || !closed) && (!list.overdue_only || overdue)
        };
        if needle.is_empty() {
            return order.iter().filter(|r| keep(r)).map(|r| r.0).collect();
        }
        // Each case's own folded reference and its path, state and parties by id, prepared once
        // per change of data (see `finder.rs`); only a filter holding the field mark needs each
        // case's whole search text.
        let finder = self.prepared(&self.tabs.grievances.finder, || self.case_finder(s, &order));
        if let Some(found) = finder.find(&needle, keep) {
            return found.into_iter().map(|r| r.0).collect();
        }
        let texts = self.search_texts(list, || self.case_search_texts(s));
        order
            .iter()
            .filter(|r| {
                keep(r)
                    && texts
                        .get(r.0)
                        .is_some_and(|t| super::visible::found(t, &needle))
            })
            .map(|r| r.0)
            .collect()
    }

    /// Every case in working order, with whether it is overdue and whether closed: the order
    /// does not depend on the filter or the toggles, so it is worked out once per change and
    /// filtered per key; a filter key then reads this list, not 100,000 cases scattered in
    /// memory.
    fn working_order(
        &self,
        s: &Session,
        ctx: &crate::domain::Context,
    ) -> std::rc::Rc<Vec<(usize, bool, bool)>> {
        self.prepared(&self.tabs.grievances.order, || {
            let ordered =
                crate::domain::grievance::in_working_order(s.cases.iter(), ctx, |_, _| true);
            let flags: Vec<(bool, bool)> = ordered
                .iter()
                .map(|c| {
                    let overdue = c
                        .next_deadline(ctx)
                        .is_some_and(|d| d.is_overdue(self.today));
                    (overdue, c.state == CaseState::Closed)
                })
                .collect();
            super::visible::positions(&s.cases, &ordered)
                .into_iter()
                .zip(flags)
                .map(|(i, (overdue, closed))| (i, overdue, closed))
                .collect::<Vec<(usize, bool, bool)>>()
        })
    }

    /// Each member's and officer's name as the list shows it, folded as a search folds it, once
    /// per person rather than once per case they are party to.
    fn folded_people(
        &self,
        s: &Session,
    ) -> (HashMap<MemberId, String>, HashMap<OfficerId, String>) {
        let members = s
            .members
            .iter()
            .map(|m| (m.id, search_key(&self.member_label(m))))
            .collect();
        let officers = s
            .officers
            .iter()
            .map(|o| (o.id, search_key(&self.officer_label(o))))
            .collect();
        (members, officers)
    }

    /// The cases in `order` as the filter reads them: each one's reference folded, and its path,
    /// state and two parties as the list names them, folded, each distinct one kept once.
    fn case_finder(
        &self,
        s: &Session,
        order: &[(usize, bool, bool)],
    ) -> super::finder::Finder<(usize, bool, bool)> {
        let (members, officers) = self.folded_people(s);
        let mut terms = super::finder::Terms::default();
        let members: HashMap<MemberId, u32> = members
            .into_iter()
            .map(|(id, f)| (id, terms.id(f)))
            .collect();
        let officers: HashMap<OfficerId, u32> = officers
            .into_iter()
            .map(|(id, f)| (id, terms.id(f)))
            .collect();
        let mut paths: HashMap<Path, u32> = HashMap::new();
        let mut states: HashMap<CaseState, u32> = HashMap::new();
        let mut finder = super::finder::Finder::new(terms, order.len());
        let mut own = String::new();
        for &row in order {
            let Some(c) = s.cases.get(row.0) else {
                continue;
            };
            let terms = finder.terms();
            let path = *paths
                .entry(c.path)
                .or_insert_with(|| terms.id(search_key(&path_label(c.path))));
            let state = *states
                .entry(c.state)
                .or_insert_with(|| terms.id(search_key(c.state.label())));
            let mut party = |p: &PersonRef| {
                let known = match p {
                    PersonRef::Member(id) => members.get(id),
                    PersonRef::Officer(id) => officers.get(id),
                    PersonRef::Other(_) => None,
                };
                match known {
                    Some(&id) => id,
                    None => terms.id(search_key(&self.case_party(p))),
                }
            };
            let ids = [path, state, party(&c.raised_by), party(&c.about)];
            own.clear();
            crate::domain::text::push_search_key(&mut own, &c.reference);
            finder.push(row, &own, ids);
        }
        finder
    }

    /// Each case's whole search text, in the register's order: what the finder stands for,
    /// needed only for a filter holding the field mark.
    fn case_search_texts(&self, s: &Session) -> Vec<String> {
        let (members, officers) = self.folded_people(s);
        let party = |p: &PersonRef| -> std::borrow::Cow<'_, str> {
            let known = match p {
                PersonRef::Member(id) => members.get(id),
                PersonRef::Officer(id) => officers.get(id),
                PersonRef::Other(_) => None,
            };
            match known {
                Some(folded) => folded.as_str().into(),
                None => search_key(&self.case_party(p)).into(),
            }
        };
        s.cases
            .iter()
            .map(|c| {
                super::visible::search_text_of(&[
                    search_key(&c.reference).into(),
                    search_key(&path_label(c.path)).into(),
                    search_key(c.state.label()).into(),
                    party(&c.raised_by),
                    party(&c.about),
                ])
            })
            .collect()
    }

    pub fn selected_case(&self) -> Option<&Case> {
        self.case_at(self.tabs.grievances.list.selected)
    }

    pub fn case_keys(&self) -> Vec<ActionKey> {
        let (Some(s), Some(c)) = (&self.session, self.selected_case()) else {
            return Vec::new();
        };
        let Some(ctx) = s.ctx() else {
            return Vec::new();
        };
        super::steps::keys_of(c, &ctx)
    }

    /// `E`: the selected case's Markdown case file, written under the clerkdesk data folder
    /// (`case-files/`), owner-only. In meeting-safe mode it is redacted: roles, not names. A file of
    /// the same name is replaced only when the clerk says yes ([`Confirm::ReplaceCaseFile`]).
    pub(super) fn export_case_file(&mut self, overwrite: Overwrite) {
        let Some(case) = self.selected_case() else {
            return;
        };
        let Some(s) = &self.session else { return };
        let Some(ctx) = s.ctx() else { return };
        let redact = self.meeting_safe();
        let trail = match s.audit_for(&Session::case_subject(&case.reference)) {
            Ok(t) => t,
            Err(e) => return self.error(e.to_string()),
        };
        let text = crate::casefile::render(case, &trail, &ctx, redact);
        let dir = self.places.root().join("case-files");
        let name = format!(
            "{}{}.md",
            case.reference,
            if redact { "-redacted" } else { "" }
        );
        let path = dir.join(name);
        match crate::files::write_private(&path, text.as_bytes(), overwrite) {
            Ok(()) => self.saved(format!(
                "Wrote the case file to {}{}",
                path.display(),
                if redact { " (redacted)" } else { "" }
            )),
            Err(WriteError::Exists(_)) => {
                self.info(format!("{} already exists.", path.display()));
                self.confirm = Some(Confirm::ReplaceCaseFile);
            }
            Err(e) => self.error(format!("Could not write the case file: {e}")),
        }
    }

    /// `c` anywhere, `n` on this tab: the quick capture form, from the case's creation spec as
    /// `case new` takes it; people picked from a list (or named below), the channel in words.
    pub(super) fn open_capture(&mut self) {
        let (raised, about) = (capture_people(self, false), capture_people(self, true));
        let mut form = self.create_form_from::<Case>(&[("how", "in-person".into())], |f| {
            match (f.name, f.kind) {
                ("raised-by", _) => Some(raised.clone()),
                ("about", _) => Some(about.clone()),
                ("how", FieldKind::Choice(words)) => Some(Options {
                    shown: words
                        .iter()
                        .map(|w| {
                            Channel::parse("how", w)
                                .map_or(*w, Channel::label)
                                .to_string()
                        })
                        .collect(),
                    gives: words.iter().map(|w| w.to_string()).collect(),
                    search: None,
                }),
                _ => None,
            }
        });
        form.intro = vec!["Type to find a person. Enter saves and shows the proposed path.".into()];
        self.form = Some((form, FormPurpose::Capture));
    }

    pub(super) fn open_case_action(&mut self, key: char) {
        let (Some(s), Some(case)) = (&self.session, self.selected_case()) else {
            return;
        };
        let Some(kind) = CaseActionKind::ALL.into_iter().find(|k| k.key() == key) else {
            return;
        };
        if let Some(refusal) = s.closed(case, kind) {
            let text = self.masked(refusal.to_string());
            self.error(text);
            return;
        }
        let reference = case.reference.clone();
        let actors = people(self, SOMEONE_ELSE);
        let default_actor = s.actor_for(case, kind);
        let title = format!("{} — {}", case.reference, kind.label());
        // The next of the Clerk's steps still outstanding (R-E1.5), where the step asks which.
        let start: Vec<(&'static str, String)> = case
            .steps
            .outstanding()
            .first()
            .map(|step| vec![("step", step.key().to_string())])
            .unwrap_or_default();
        let mut form = self.step_form(title, kind, &start, |_| None);
        form = form
            .choice(
                "acting",
                labels(&actors),
                &label_of(&actors, &default_actor),
            )
            .search_by("acting", search_keys(self, &actors));
        self.form = Some((form, FormPurpose::CaseAction { reference, kind }));
    }

    pub(super) fn submit_case_form(&mut self, form: Form, purpose: FormPurpose) {
        let v = |k: &str| form.value(k);
        let outcome: Result<String, SessionError> = match &purpose {
            FormPurpose::Capture => {
                // The values by field name, read as `case new` reads its options; the capture's
                // own mistakes show on the capture, before any triage.
                let draft = match create_input::<Case>(&form) {
                    Ok(draft) => draft,
                    Err(e) => {
                        self.form_failed(form, purpose, e);
                        return;
                    }
                };
                let Some(resolved) = self
                    .session
                    .as_ref()
                    .and_then(|s| s.ctx())
                    .map(|ctx| draft.resolve(&ctx))
                else {
                    return;
                };
                let input = match resolved {
                    Ok(input) => input,
                    Err(errors) => {
                        let e = SessionError::Rejected(Rejection::Invalid(errors));
                        self.form_failed(form, purpose, e);
                        return;
                    }
                };
                match self
                    .session
                    .as_ref()
                    .map(|s| s.triage(&input.raised_by, &input.about, input.channel))
                {
                    Some(Ok(proposal)) => {
                        self.open_triage(PendingCase { input, proposal }, form);
                        return;
                    }
                    Some(Err(e)) => Err(e),
                    None => return,
                }
            }
            FormPurpose::Triage(pending) => {
                let options = path_options(pending.proposal.path);
                let path = options
                    .iter()
                    .find(|(l, _)| *l == v("path"))
                    .map(|(_, p)| *p)
                    .unwrap_or(pending.proposal.path);
                let reason = v("reason");
                match &mut self.session {
                    Some(s) => s
                        .open_case(&pending.input, &pending.proposal, path, &reason)
                        .map(|opened| {
                            let refs: Vec<&str> =
                                opened.iter().map(|c| c.reference.as_str()).collect();
                            format!("Saved {}: {}.", refs.join(" and "), path_label(path))
                        }),
                    None => return,
                }
            }
            FormPurpose::CaseAction { reference, kind } => {
                let actors = people(self, SOMEONE_ELSE);
                let actor = chosen(&actors, &v("acting"))
                    .unwrap_or_else(|| PersonRef::Other(self.actor.clone()));
                // The values by field name, through the builder the CLI's `case do` uses.
                let values = form.named();
                let missing = values.missing(kind.spec());
                if !missing.is_empty() {
                    let purpose = purpose.clone();
                    self.form_failed(
                        form,
                        purpose,
                        SessionError::Rejected(Rejection::Invalid(missing)),
                    );
                    return;
                }
                let Some(action) = self.session.as_ref().map(|s| s.case_step(*kind, &values))
                else {
                    return;
                };
                match &mut self.session {
                    Some(s) => s.case_action(reference, action, &actor).map(|e| {
                        let mut text = format!(
                            "Saved {}: {} → {}.",
                            e.case.reference,
                            e.action,
                            e.case.state.label()
                        );
                        if let Some(sp) = &e.spawned {
                            text.push_str(&format!(" Opened {}.", sp.reference));
                        }
                        if let Some(w) = &e.warning {
                            text.push_str(&format!(" {w}"));
                        }
                        text
                    }),
                    None => return,
                }
            }
            _ => return,
        };
        match outcome {
            Ok(text) => {
                self.tab = Tab::Grievances;
                self.form_saved(text);
            }
            Err(e) => self.form_failed(form, purpose, e),
        }
    }

    /// Shows the proposal: Enter accepts it; ←/→ picks another path, which needs a reason.
    fn open_triage(&mut self, pending: PendingCase, capture: Form) {
        let p = &pending.proposal;
        let handlers: Vec<String> = p
            .handlers
            .iter()
            .map(|h| h.describe(|who| self.case_party(who)))
            .collect();
        let mut intro = vec![
            format!("Proposed: {}", path_label(p.path)),
            format!("Handled by: {}", handlers.join(", then ")),
            format!("Rule: {}", p.cite),
            self.masked(p.explanation.clone()),
        ];
        if let Some(b) = p.also_breach {
            intro.push(also_breach_line(b));
        }
        intro.push("Enter accepts. ←/→ picks another path (give the reason).".into());
        let options: Vec<String> = path_options(p.path).into_iter().map(|(l, _)| l).collect();
        let form = Form::new("Triage")
            .choice("path", options, "")
            .text("reason", "")
            .with_intro(intro);
        // Keep the capture so Esc on the proposal loses nothing: it goes back to the typed form.
        self.pending_capture = Some(capture);
        self.form = Some((form, FormPurpose::Triage(Box::new(pending))));
    }
}

/// Who a case's handler is, for the list.
pub fn handler_label(model: &Model, case: &Case) -> String {
    case.handlers
        .first()
        .map(|h| match &h.person {
            Some(p) => model.case_party(p),
            None => h.role.label().trim_start_matches("the ").to_string(),
        })
        .unwrap_or_default()
}

pub fn timeline_subject(case: &Case) -> crate::domain::audit::Subject {
    Session::case_subject(&case.reference)
}

pub(super) fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let Some(s) = &model.session else { return };
    let Some(ctx) = s.ctx() else { return };
    let t = model.theme;
    let visible = model.case_rows();
    let (list_area, detail_area) = split(area, model.tabs.grievances.list.detail_open, 12);
    if !model.tabs.grievances.list.detail_open {
        let narrow = list_area.width < 90;
        // Rows only for what fits on screen, scrolled as a fresh table scrolls to the selection.
        let (shown, selected) = super::visible::window(
            visible.len(),
            model.tabs.grievances.list.selected,
            list_area,
        );
        let rows: Vec<Vec<Span<'static>>> = super::visible::at(&s.cases, &visible[shown])
            .into_iter()
            .map(|c| {
                let next = c.next_deadline(&ctx);
                let overdue = next.as_ref().is_some_and(|d| d.is_overdue(model.today));
                let due = match &next {
                    Some(d) if overdue => Span::styled(
                        format!("OVERDUE {} {}", show(d.due), d.calendar.short()),
                        t.alarm(),
                    ),
                    Some(d) => Span::raw(format!(
                        "{} {} ({})",
                        d.what,
                        show(d.due),
                        d.calendar.short()
                    )),
                    None => Span::styled("—", t.dim()),
                };
                let mut cells = vec![
                    Span::from(c.reference.clone()),
                    Span::from(c.path.rule()),
                    Span::from(c.state.label()),
                ];
                if !narrow {
                    cells.push(Span::from(model.case_party(&c.raised_by)));
                }
                cells.push(Span::from(model.case_party(&c.about)));
                if !narrow {
                    cells.push(Span::from(handler_label(model, c)));
                }
                cells.push(due);
                if !narrow {
                    cells.push(Span::from(format!(
                        "{}d",
                        (model.today - c.raised_on).num_days()
                    )));
                }
                cells
            })
            .collect();
        let header: Vec<&str> = if narrow {
            vec!["Ref", "Path", "State", "About", "Next deadline"]
        } else {
            vec![
                "Ref",
                "Path",
                "State",
                "Raised by",
                "About",
                "Handler",
                "Next deadline",
                "Age",
            ]
        };
        let mut title = list_title(
            "Cases",
            visible.len(),
            s.cases.len(),
            &model.tabs.grievances.list.filter,
            model.tabs.grievances.list.filtering,
            model.tabs.grievances.list.show_ended,
        );
        if model.tabs.grievances.list.overdue_only {
            title.push_str("overdue only ");
        }
        let (widths, header, rows) = fitted_columns(
            &header,
            if narrow {
                &[11, 4, 0, 0, 20]
            } else {
                &[11, 4, 0, 0, 0, 0, 26, 5]
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
        let body = match model.selected_case() {
            Some(c) => case_detail(model, c, &ctx),
            None if s.cases.is_empty() => {
                Text::from("No concerns recorded. Press c (from any tab) to capture one.")
            }
            None => Text::from(
                "No case matches: Esc clears the filter, a shows closed cases, ! all deadlines.",
            ),
        };
        detail_pane(
            model,
            frame,
            detail,
            body,
            &model.tabs.grievances.list.timeline,
            model.tabs.grievances.list.detail_open,
        );
    }
}

fn case_detail(
    model: &Model,
    c: &crate::domain::grievance::Case,
    ctx: &crate::domain::Context,
) -> Text<'static> {
    use crate::domain::grievance::StepRecord;
    let t = model.theme;
    let safe = model.meeting_safe();
    let mut lines = vec![
        Line::from(vec![
            Span::styled(c.reference.clone(), t.label()),
            Span::raw(format!("  {} — {}", path_label(c.path), c.state.label())),
        ]),
        field(
            "Parties",
            format!(
                "{} about {} ({}, {})",
                model.case_party(&c.raised_by),
                model.case_party(&c.about),
                c.channel.label(),
                show(c.raised_on)
            ),
        ),
    ];
    let handlers: Vec<String> = c
        .handlers
        .iter()
        .map(|h| h.describe(|p| model.case_party(p)))
        .collect();
    lines.push(field(
        "Handled by",
        format!("{} [{}]", handlers.join(", then "), c.route_cite),
    ));
    let summary = if safe && c.confidential {
        "confidential: hidden in meeting-safe mode".to_string()
    } else {
        sanitize(&c.summary)
    };
    lines.push(field("Summary", summary));
    if let Some(why) = &c.choice_reason {
        lines.push(field(
            "Path chosen because",
            if safe {
                "•••".into()
            } else {
                sanitize(why)
            },
        ));
    }
    if !c.panel.is_empty() {
        let panel: Vec<String> = c
            .panel
            .iter()
            .map(|m| model.case_party(&crate::domain::grievance::PersonRef::Member(*m)))
            .collect();
        lines.push(field("Panel", panel.join(", ")));
    }
    if let Some(d) = &c.decision {
        lines.push(field(
            "Decision",
            format!("{} on {}", d.outcome.label(), show(d.on)),
        ));
    }
    for r in &c.model_steps {
        lines.push(field(r.step.label(), format!("recorded {}", show(r.on))));
    }
    if c.decision.as_ref().is_some_and(|d| d.outcome.is_upheld()) {
        for step in crate::domain::grievance::Step::ALL {
            let state = match c.steps.get(step) {
                Some(StepRecord::Recorded { on, .. }) => {
                    Span::styled(format!("done {}", show(*on)), t.good())
                }
                Some(StepRecord::NotApplicable { reason }) => {
                    Span::styled(format!("not applicable: {}", sanitize(reason)), t.dim())
                }
                None => Span::styled("outstanding (R-E1.5)", t.warn()),
            };
            lines.push(Line::from(vec![
                Span::raw(format!("  {}: ", step.label())),
                state,
            ]));
        }
    }
    if !c.links.is_empty() {
        let links: Vec<String> = c
            .links
            .iter()
            .map(|l| format!("{} {}", l.kind.label(), l.reference))
            .collect();
        lines.push(field("Linked", links.join(", ")));
    }
    if let Some(d) = c.next_deadline(ctx) {
        let style = if d.is_overdue(model.today) {
            t.alarm()
        } else {
            t.warn()
        };
        let mut text = if d.is_overdue(model.today) {
            format!(
                "OVERDUE: {} was due {} [{}] ({}; target {})",
                d.what,
                show(d.due),
                d.cite,
                d.calendar.label(),
                d.target
            )
        } else {
            format!(
                "{} by {} [{}] ({}; target {})",
                d.what,
                show(d.due),
                d.cite,
                d.calendar.label(),
                d.target
            )
        };
        if let Some(w) = &d.warning {
            text.push_str(" — ");
            text.push_str(w);
        }
        lines.push(Line::from(vec![
            Span::styled("Next: ", t.label()),
            Span::styled(text, style),
        ]));
    }
    if let Some(closed) = c.closed_on {
        lines.push(field("Closed", show(closed)));
    }
    Text::from(lines)
}

/// The Grievances tab (see [`super::component`]).
#[derive(Default)]
pub struct GrievancesTab {
    pub(super) list: super::ListView,
    /// The register in working order, while the data and today are unchanged.
    pub(super) order: super::visible::Prepared,
    /// The members and officers by id ([`Model::party_index`]), while the data is unchanged.
    parties: super::visible::Prepared,
    /// The cases in working order as a filter reads them ([`super::finder::Finder`]), while the
    /// data is unchanged.
    pub(super) finder: super::visible::Prepared,
}

/// Each member's and officer's place in the session's registers, by id.
#[derive(Default)]
pub struct PartyIndex {
    members: HashMap<MemberId, usize>,
    officers: HashMap<OfficerId, usize>,
}

impl Component for GrievancesTab {
    fn tab(&self) -> Tab {
        Tab::Grievances
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.case_rows().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model.case_at(row).map(|c| c.reference.clone())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        let s = model.session.as_ref()?;
        super::visible::find_row(&s.cases, &model.case_rows(), |c| c.reference == reference)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        let Some(s) = &model.session else {
            return Vec::new();
        };
        s.cases.iter().map(|c| c.reference.clone()).collect()
    }

    fn commands(&self, model: &Model) -> Vec<ActionKey> {
        model.case_keys()
    }

    fn subject(&self, model: &Model) -> Option<crate::domain::audit::Subject> {
        model.selected_case().map(timeline_subject)
    }

    fn event(&self) -> super::component::OnKey {
        |model, key| model.open_case_action(key)
    }

    fn create(&self) -> super::component::OnNew {
        |model| model.open_capture()
    }

    fn new_label(&self) -> &'static str {
        "capture"
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        draw(model, frame, area);
    }
}
