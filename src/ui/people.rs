//! Members and Officers tabs: what the lists hold, the actions the selected record allows, and the
//! forms that carry them out. Every decision is the domain's; this file only asks and shows.

use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::member::{JoinedBy, Member, MemberActionKind, MemberInput};
use crate::domain::officer::{
    Employment, LineManager, Officer, OfficerActionKind, OfficerInput, OfficerState, Post,
};
use crate::domain::rules::Rejection;
use crate::domain::text::sanitize;
use crate::session::{Session, SessionError};

use super::component::Component;
use super::steps::{create_input, step_action, Options};
use crate::domain::audit::Subject;
use crate::domain::machine::FieldSpec;
use ratatui::layout::Rect;
use ratatui::Frame;

use super::form::Form;
use super::{FormPurpose, Model, Tab};

/// A key the selected record answers, for the key bar and the help.
pub struct ActionKey {
    pub key: char,
    pub label: &'static str,
}

impl Model {
    /// Who a member is on screen: their name, or in meeting-safe mode only their reference.
    pub fn member_label(&self, m: &Member) -> String {
        if self.meeting_safe() {
            format!("Member {}", m.id)
        } else {
            sanitize(&m.name)
        }
    }

    pub fn officer_label(&self, o: &Officer) -> String {
        if self.meeting_safe() {
            format!("Officer {}", o.id)
        } else {
            sanitize(&o.name)
        }
    }

    /// Members in the list: serving first, by name. The filter matches what the screen shows and
    /// the name, so in meeting-safe mode the clerk finds a councillor by the name they know while
    /// the screen shows only the reference; and there the list is in reference order, since an
    /// order by the hidden names would give them away.
    pub fn visible_members(&self) -> Vec<&Member> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        super::visible::at(&s.members, &self.member_rows())
    }

    /// The members shown, as positions in the session's register, computed once per change.
    pub(super) fn member_rows(&self) -> std::rc::Rc<Vec<usize>> {
        self.memo(&self.tabs.members.list, || match &self.session {
            Some(s) => super::visible::positions(&s.members, &self.list_members()),
            None => Vec::new(),
        })
    }

    /// The member shown at `row`.
    pub fn member_at(&self, row: usize) -> Option<&Member> {
        let s = self.session.as_ref()?;
        super::visible::row_in(&s.members, &self.member_rows(), row)
    }

    fn list_members(&self) -> Vec<&Member> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let needle = crate::domain::text::search_key(&self.tabs.members.list.filter);
        let texts = (!needle.is_empty()).then(|| {
            self.search_texts(&self.tabs.members.list, || {
                s.members
                    .iter()
                    .map(|m| {
                        super::visible::search_text(&[
                            &self.member_label(m),
                            &m.name,
                            &m.ward,
                            s.group_name(m.group),
                            &m.id.to_string(),
                        ])
                    })
                    .collect()
            })
        });
        let mut list: Vec<&Member> = s
            .members
            .iter()
            .zip(0..)
            .filter(|(m, _)| self.tabs.members.list.show_ended || m.term_end.is_none())
            .filter(|(_, i)| {
                texts
                    .as_ref()
                    .is_none_or(|t| super::visible::found(&t[*i], &needle))
            })
            .map(|(m, _)| m)
            .collect();
        if self.meeting_safe() {
            list.sort_by_key(|m| (m.term_end.is_some(), m.id));
        } else {
            crate::domain::member::in_list_order(&mut list);
        }
        list
    }

    pub fn visible_officers(&self) -> Vec<&Officer> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        super::visible::at(&s.officers, &self.officer_rows())
    }

    /// The officers shown, as positions in the session's register, computed once per change.
    pub(super) fn officer_rows(&self) -> std::rc::Rc<Vec<usize>> {
        self.memo(&self.tabs.officers.list, || match &self.session {
            Some(s) => super::visible::positions(&s.officers, &self.list_officers()),
            None => Vec::new(),
        })
    }

    /// The officer shown at `row`.
    pub fn officer_at(&self, row: usize) -> Option<&Officer> {
        let s = self.session.as_ref()?;
        super::visible::row_in(&s.officers, &self.officer_rows(), row)
    }

    fn list_officers(&self) -> Vec<&Officer> {
        let Some(s) = &self.session else {
            return Vec::new();
        };
        let needle = crate::domain::text::search_key(&self.tabs.officers.list.filter);
        let texts = (!needle.is_empty()).then(|| {
            self.search_texts(&self.tabs.officers.list, || {
                s.officers
                    .iter()
                    .map(|o| {
                        super::visible::search_text(&[
                            &self.officer_label(o),
                            &o.name,
                            &o.post_label(),
                            &o.id.to_string(),
                        ])
                    })
                    .collect()
            })
        });
        let mut list: Vec<&Officer> = s
            .officers
            .iter()
            .zip(0..)
            .filter(|(o, _)| {
                self.tabs.officers.list.show_ended || o.state() == OfficerState::InPost
            })
            .filter(|(_, i)| {
                texts
                    .as_ref()
                    .is_none_or(|t| super::visible::found(&t[*i], &needle))
            })
            .map(|(o, _)| o)
            .collect();
        crate::domain::officer::in_list_order(&mut list);
        list
    }

    pub fn selected_member(&self) -> Option<&Member> {
        self.member_at(self.tabs.members.list.selected)
    }

    pub fn selected_officer(&self) -> Option<&Officer> {
        self.officer_at(self.tabs.officers.list.selected)
    }

    /// What the key bar offers for the selected record of the tab on screen.
    pub fn available_keys(&self) -> Vec<ActionKey> {
        self.tabs.get(self.tab).commands(self)
    }

    /// The open record's audit trail, loaded when it opens.
    pub(super) fn reload_timeline(&mut self) {
        let subject = self.tabs.get(self.tab).subject(self);
        let open = self.list().detail_open;
        let lines = match (subject, open, &self.session) {
            (Some(subject), true, Some(s)) => match s.audit_for(&subject) {
                Ok(events) => events.iter().map(|e| e.one_line()).collect(),
                Err(e) => vec![format!("The audit trail could not be read: {e}")],
            },
            _ => Vec::new(),
        };
        if let Some(list) = self.list_mut() {
            list.timeline = lines;
        }
    }

    pub(super) fn open_new_form(&mut self) {
        let Some(s) = &self.session else { return };
        let form = match self.tab {
            // The member's creation spec gives the fields, as `members add` takes them; the
            // pickers are the edit's (Independent or a group, elected or co-opted).
            Tab::Members => Some((
                self.create_form_with::<Member>(member_options(s)),
                FormPurpose::AddMember,
            )),
            // The officer's creation spec gives the fields, as `officers add` takes them; the
            // pickers are the edit's, opening on the likeliest post and line manager.
            Tab::Officers => Some((
                self.create_form_from::<Officer>(&new_officer_start(s), officer_options(s, None)),
                FormPurpose::AddOfficer,
            )),
            _ => None,
        };
        match form {
            Some(f) => self.form = Some(f),
            None => self.info(format!(
                "{} arrive with their own release: nothing to add here yet.",
                self.tab.title()
            )),
        }
    }

    /// A record key (e, d, x, p …). Keys the record does not allow now are put to the domain anyway,
    /// so the clerk sees its refusal with the rule and clause, and nothing changes.
    pub(super) fn record_action(&mut self, key: char) {
        let safe = self.meeting_safe();
        match self.tab {
            Tab::Members => {
                let Some(m) = self.selected_member() else {
                    return;
                };
                let Some(kind) = MemberActionKind::ALL.into_iter().find(|k| k.key() == key) else {
                    return;
                };
                let label = self.member_label(m);
                let id = m.id;
                if self
                    .session
                    .as_ref()
                    .and_then(|s| s.closed(m, kind))
                    .is_some()
                {
                    self.show_member_refusal(id, kind);
                    return;
                }
                let Some(s) = &self.session else { return };
                let Some(ctx) = s.ctx() else { return };
                let form = match kind {
                    MemberActionKind::Edit if safe => {
                        self.info(
                            "Leave meeting-safe mode (F12 or Ctrl-L) to edit a member's details.",
                        );
                        return;
                    }
                    MemberActionKind::Edit => {
                        // The record's own values, as `members do REF edit` keeps them.
                        let start = crate::domain::member::edit_defaults(
                            &MemberInput::from_member(m, &ctx),
                        );
                        let form = self.step_form(
                            format!("Edit {label}"),
                            kind,
                            &start,
                            member_options(s),
                        );
                        (form, FormPurpose::EditMember(id))
                    }
                    // The other steps' forms come from the spec; no office is chosen until the
                    // clerk chooses one (an appointment is never a default).
                    MemberActionKind::RecordDpi => (
                        self.step_form(
                            format!("DPI notification registered: {label}"),
                            kind,
                            &[],
                            |_| None,
                        ),
                        FormPurpose::RecordDpi(id),
                    ),
                    MemberActionKind::Appoint => (
                        self.step_form(format!("Appoint to office: {label}"), kind, &[], |_| None),
                        FormPurpose::Appoint(id),
                    ),
                    MemberActionKind::EndTerm => (
                        self.step_form(format!("End term: {label}"), kind, &[], |_| None),
                        FormPurpose::EndTerm(id),
                    ),
                };
                self.form = Some(form);
            }
            Tab::Officers => {
                let Some(o) = self.selected_officer() else {
                    return;
                };
                let Some(kind) = OfficerActionKind::ALL.into_iter().find(|k| k.key() == key) else {
                    return;
                };
                let label = self.officer_label(o);
                let id = o.id;
                if self
                    .session
                    .as_ref()
                    .and_then(|s| s.closed(o, kind))
                    .is_some()
                {
                    self.show_officer_refusal(id, kind);
                    return;
                }
                let Some(s) = &self.session else { return };
                let Some(ctx) = s.ctx() else { return };
                let form = match kind {
                    OfficerActionKind::Edit if safe => {
                        self.info(
                            "Leave meeting-safe mode (F12 or Ctrl-L) to edit an officer's details.",
                        );
                        return;
                    }
                    OfficerActionKind::Edit => {
                        let start = crate::domain::officer::edit_defaults(
                            &OfficerInput::from_officer(o, &ctx),
                        );
                        let form = self.step_form(
                            format!("Edit {label}"),
                            kind,
                            &start,
                            officer_options(s, Some(id)),
                        );
                        (form, FormPurpose::EditOfficer(id))
                    }
                    OfficerActionKind::RecordBriefing => (
                        self.step_form(
                            format!("Protocol brought to attention: {label}"),
                            kind,
                            &[],
                            |_| None,
                        ),
                        FormPurpose::RecordBriefing(id),
                    ),
                    OfficerActionKind::RecordLeaving => (
                        self.step_form(format!("Leaving date: {label}"), kind, &[], |_| None),
                        FormPurpose::RecordLeaving(id),
                    ),
                    OfficerActionKind::RecordRecruitment => (
                        self.step_form(format!("Recruitment panel: {label}"), kind, &[], |_| None),
                        FormPurpose::RecordRecruitment(id),
                    ),
                };
                self.form = Some(form);
            }
            _ => {}
        }
    }

    /// Why a step the member's record does not allow now is refused: asked of the record, not
    /// probed with an empty action.
    fn show_member_refusal(&mut self, id: MemberId, kind: MemberActionKind) {
        let Some(s) = &self.session else { return };
        let Ok(m) = s.member(id) else { return };
        let Some(refusal) = s.closed(m, kind) else {
            return;
        };
        let text = self.masked(refusal.to_string());
        self.error(text);
    }

    fn show_officer_refusal(&mut self, id: OfficerId, kind: OfficerActionKind) {
        let Some(s) = &self.session else { return };
        let Ok(o) = s.officer(id) else { return };
        let Some(refusal) = s.closed(o, kind) else {
            return;
        };
        let text = self.masked(refusal.to_string());
        self.error(text);
    }

    /// A citation as the council's own protocol gives it (see [`Session::cite`]).
    pub fn cite(&self, cite: crate::domain::rules::Cite) -> crate::domain::rules::Cite {
        match &self.session {
            Some(s) => s.profile.localise(cite),
            None => cite,
        }
    }

    /// In meeting-safe mode, any person's name inside a message or a text is replaced by their
    /// reference, in every form it may be written ("Cllr Hill", "Mrs M. Hill", "HILL"; see
    /// [`crate::redact`]), and e-mail addresses and phone numbers are withheld.
    pub fn masked(&self, text: String) -> String {
        let Some(s) = self.session.as_ref().filter(|s| s.settings.meeting_safe) else {
            return text;
        };
        let firsts: Vec<&str> = s
            .members
            .iter()
            .map(|m| m.name.as_str())
            .chain(s.officers.iter().map(|o| o.name.as_str()))
            .filter_map(|n| n.split_whitespace().next())
            .collect();
        let own_first = |name: &str| {
            name.split_whitespace()
                .next()
                .is_some_and(|f| firsts.iter().filter(|g| **g == f).count() == 1)
        };
        let mut r = crate::redact::Redactor::new();
        for m in &s.members {
            r.person(&m.name, &format!("Member {}", m.id), own_first(&m.name));
        }
        for o in &s.officers {
            r.person(&o.name, &format!("Officer {}", o.id), own_first(&o.name));
        }
        if let Some(c) = &s.council {
            for g in &c.groups {
                r.ordinary_word(&g.name);
            }
        }
        r.apply(&text)
    }

    pub(super) fn submit_people_form(&mut self, form: Form, purpose: FormPurpose) {
        let is_set_up = matches!(purpose, FormPurpose::SetUp);
        let v = |k: &str| form.value(k);
        let result: Result<String, SessionError> = match (&mut self.session, purpose.clone()) {
            (_, FormPurpose::SetUp) => {
                let name = v("council name");
                match self.session_for_set_up(&name) {
                    Ok(()) => {
                        let s = self.session.as_mut().expect("opened for set-up");
                        s.set_up(&name, &v("kind"), &v("protocol"), &v("groups"))
                            .map(|()| {
                                let path = s.store_path().to_path_buf();
                                crate::places::write_name(&path, &name);
                                self.places.set_last_used(&path);
                                format!("Saved. {} is set up: add members with n.", name.trim())
                            })
                    }
                    Err(e) => Err(e),
                }
            }
            (None, _) => return,
            (Some(s), FormPurpose::AddMember) => create_input::<Member>(&form)
                .and_then(|input| s.add_member(&input))
                .map(|m| format!("Saved {} {}.", m.id, m.name)),
            (Some(s), FormPurpose::EditMember(id)) => step_action(MemberActionKind::Edit, &form)
                .and_then(|a| s.member_action(id, a))
                .map(|e| format!("Saved {}: {}.", e.member.id, e.action)),
            (Some(s), FormPurpose::RecordDpi(id)) => {
                step_action(MemberActionKind::RecordDpi, &form)
                    .and_then(|a| s.member_action(id, a))
                    .map(|e| saved_with_note(e.member.id.to_string(), e.action, e.note))
            }
            (Some(s), FormPurpose::Appoint(id)) => step_action(MemberActionKind::Appoint, &form)
                .and_then(|a| s.member_action(id, a))
                .map(|e| {
                    let office = crate::domain::member::Appointment::office_text(
                        &v("office"),
                        &v("committee"),
                    );
                    format!("Saved {}: {} ({office}).", e.member.id, e.action)
                }),
            (Some(s), FormPurpose::EndTerm(id)) => step_action(MemberActionKind::EndTerm, &form)
                .and_then(|a| s.member_action(id, a))
                .map(|e| format!("Saved {}: {}.", e.member.id, e.action)),
            (Some(s), FormPurpose::AddOfficer) => create_input::<Officer>(&form)
                .and_then(|input| s.add_officer(&input))
                .map(|o| format!("Saved {} {}.", o.id, o.name)),
            (Some(s), FormPurpose::EditOfficer(id)) => step_action(OfficerActionKind::Edit, &form)
                .and_then(|a| s.officer_action(id, a))
                .map(|e| format!("Saved {}: {}.", e.officer.id, e.action)),
            (Some(s), FormPurpose::RecordBriefing(id)) => {
                step_action(OfficerActionKind::RecordBriefing, &form)
                    .and_then(|a| s.officer_action(id, a))
                    .map(|e| format!("Saved {}: {}.", e.officer.id, e.action))
            }
            (Some(s), FormPurpose::RecordLeaving(id)) => {
                step_action(OfficerActionKind::RecordLeaving, &form)
                    .and_then(|a| s.officer_action(id, a))
                    .map(|e| format!("Saved {}: {}.", e.officer.id, e.action))
            }
            (Some(s), FormPurpose::RecordRecruitment(id)) => {
                step_action(OfficerActionKind::RecordRecruitment, &form)
                    .and_then(|a| s.officer_action(id, a))
                    .map(|e| format!("Saved {}: {}.", e.officer.id, e.action))
            }
            (Some(s), FormPurpose::MonitoringOfficer) => s
                .set_monitoring_officer(&v("name"), &v("organisation"), &v("email"), &v("phone"))
                .map(|()| "Saved: the Monitoring Officer's contact (R-O3).".to_string()),
            (Some(s), FormPurpose::AddGroup) => s
                .add_group(&v("group name"))
                .map(|()| format!("Saved: group {} added.", v("group name").trim())),
            // Other tabs' forms are sent to their own modules by `submit_form`.
            (Some(_), _) => return,
        };
        match result {
            Ok(text) => {
                if is_set_up {
                    self.reset_views();
                }
                self.form_saved(text);
            }
            Err(e) => self.form_failed(form, purpose, e),
        }
    }

    fn session_for_set_up(&mut self, name: &str) -> Result<(), SessionError> {
        if crate::domain::text::required_name("council name", name).is_err() {
            // Let the domain report the empty name beside its field, without creating a folder.
            return Err(SessionError::Rejected(Rejection::Invalid(vec![
                crate::domain::rules::FieldError::new("council name", "must not be empty"),
            ])));
        }
        self.session_for(name).map(|_| ())
    }
}

fn saved_with_note(id: String, action: &str, note: Option<String>) -> String {
    match note {
        Some(n) => format!("Saved {id}: {action}; {n}."),
        None => format!("Saved {id}: {action}."),
    }
}

/// A member's group (Independent or one of the council's) and how they joined, as the add and
/// edit forms offer them; every other field as its kind decides.
fn member_options(s: &Session) -> impl Fn(&FieldSpec) -> Option<Options> {
    let mut groups = vec!["Independent".to_string()];
    if let Some(c) = &s.council {
        groups.extend(c.groups.iter().map(|g| g.name.clone()));
    }
    let joined: Vec<String> = JoinedBy::ALL
        .iter()
        .map(|j| j.label().to_string())
        .collect();
    move |f| match f.name {
        "group" => Some(Options::words(groups.clone())),
        "joined-by" => Some(Options::words(joined.clone())),
        _ => None,
    }
}

/// An officer's posts, kinds of employment and possible line managers (R-O1: the council, or an
/// officer in post other than themselves), as the add and edit forms offer them; every other field
/// as its kind decides.
fn officer_options(
    s: &Session,
    editing: Option<OfficerId>,
) -> impl Fn(&FieldSpec) -> Option<Options> {
    let posts: Vec<String> = Post::ALL.iter().map(|p| p.label().to_string()).collect();
    let employment: Vec<String> = Employment::ALL
        .iter()
        .map(|e| e.label().to_string())
        .collect();
    let mut managers = vec!["the council".to_string()];
    managers.extend(
        s.officers
            .iter()
            .filter(|o| o.state() == OfficerState::InPost && Some(o.id) != editing)
            .map(|o| o.name.clone()),
    );
    move |f| match f.name {
        "post" => Some(Options::words(posts.clone())),
        "employment" => Some(Options::words(employment.clone())),
        "line-manager" => Some(Options::words(managers.clone())),
        _ => None,
    }
}

/// Where a new officer's form opens: the post most often added, managed by the Clerk in post (or
/// the council while there is none, R-O1). `officers add` asks for the post.
fn new_officer_start(s: &Session) -> Vec<(&'static str, String)> {
    let manager = s
        .officers
        .iter()
        .find(|o| o.post == Post::Clerk && o.state() == OfficerState::InPost)
        .map(|o| o.name.clone())
        .unwrap_or_else(|| "the council".into());
    vec![
        ("post", Post::Assistant.label().to_string()),
        ("line-manager", manager),
    ]
}

/// The line manager as the screen shows it.
pub fn manager_label(model: &Model, m: LineManager) -> String {
    match m {
        LineManager::Council => "the council".into(),
        LineManager::Officer(id) => model
            .session
            .as_ref()
            .and_then(|s| s.officers.iter().find(|o| o.id == id))
            .map(|o| model.officer_label(o))
            .unwrap_or_else(|| id.to_string()),
    }
}

/// The Members tab (see [`super::component`]).
#[derive(Default)]
pub struct MembersTab {
    pub(super) list: super::ListView,
}

impl Component for MembersTab {
    fn tab(&self) -> Tab {
        Tab::Members
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.member_rows().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model.member_at(row).map(|m| m.id.to_string())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        let (s, id) = (model.session.as_ref()?, super::visible::id_of(reference)?);
        super::visible::find_row(&s.members, &model.member_rows(), |m| m.id == id)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        model
            .session
            .iter()
            .flat_map(|s| s.members.iter().map(|m| m.id.to_string()))
            .collect()
    }

    fn commands(&self, model: &Model) -> Vec<ActionKey> {
        model
            .selected_member()
            .zip(model.session.as_ref().and_then(|s| s.ctx()))
            .map(|(m, ctx)| super::steps::keys_of(m, &ctx))
            .unwrap_or_default()
    }

    fn subject(&self, model: &Model) -> Option<Subject> {
        model
            .selected_member()
            .map(|m| Session::member_subject(m.id))
    }

    fn event(&self) -> super::component::OnKey {
        |model, key| model.record_action(key)
    }

    fn create(&self) -> super::component::OnNew {
        |model| model.open_new_form()
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        super::people_view::members(model, frame, area);
    }
}

/// The Officers tab.
#[derive(Default)]
pub struct OfficersTab {
    pub(super) list: super::ListView,
}

impl Component for OfficersTab {
    fn tab(&self) -> Tab {
        Tab::Officers
    }

    fn list(&self) -> &super::ListView {
        &self.list
    }

    fn list_mut(&mut self) -> &mut super::ListView {
        &mut self.list
    }

    fn rows(&self, model: &Model) -> usize {
        model.officer_rows().len()
    }

    fn ref_at(&self, model: &Model, row: usize) -> Option<String> {
        model.officer_at(row).map(|o| o.id.to_string())
    }

    fn row_of(&self, model: &Model, reference: &str) -> Option<usize> {
        let (s, id) = (model.session.as_ref()?, super::visible::id_of(reference)?);
        super::visible::find_row(&s.officers, &model.officer_rows(), |o| o.id == id)
    }

    fn all_refs(&self, model: &Model) -> Vec<String> {
        model
            .session
            .iter()
            .flat_map(|s| s.officers.iter().map(|o| o.id.to_string()))
            .collect()
    }

    fn commands(&self, model: &Model) -> Vec<ActionKey> {
        model
            .selected_officer()
            .zip(model.session.as_ref().and_then(|s| s.ctx()))
            .map(|(o, ctx)| super::steps::keys_of(o, &ctx))
            .unwrap_or_default()
    }

    fn subject(&self, model: &Model) -> Option<Subject> {
        model
            .selected_officer()
            .map(|o| Session::officer_subject(o.id))
    }

    fn event(&self) -> super::component::OnKey {
        |model, key| model.record_action(key)
    }

    fn create(&self) -> super::component::OnNew {
        |model| model.open_new_form()
    }

    fn draw(&self, model: &Model, frame: &mut Frame, area: Rect) {
        super::people_view::officers(model, frame, area);
    }
}
