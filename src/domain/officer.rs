//! Officers (staff): R-O1 post, employment and line management; R-O2 the protocol brought to their
//! attention when they start. An officer record is a small state machine: in post → left.

mod spec;
mod staffing;
#[cfg(test)]
mod tests_staffing;
pub use spec::edit_defaults;
pub use staffing::{Colleague, Recruitment};

use crate::domain::machine::inherent_spec_methods;
use crate::domain::machine::Machine;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::calendar::{CalendarKind, Counted};
use super::dates;
use super::ids::OfficerId;
use super::rules::{FieldError, FieldErrors, Refusal, Rejection};
use super::text;
use super::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Post {
    /// The Clerk and Proper Officer.
    Clerk,
    /// Responsible Financial Officer.
    Rfo,
    Deputy,
    Assistant,
    Other,
}

impl Post {
    pub const ALL: [Post; 5] = [
        Post::Clerk,
        Post::Rfo,
        Post::Deputy,
        Post::Assistant,
        Post::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Post::Clerk => "Clerk",
            Post::Rfo => "RFO",
            Post::Deputy => "Deputy Clerk",
            Post::Assistant => "Assistant",
            Post::Other => "Other",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key = raw.trim().to_lowercase();
        Post::ALL
            .into_iter()
            .find(|p| p.label().to_lowercase() == key || (key == "deputy" && *p == Post::Deputy))
            .ok_or_else(|| {
                let names: Vec<&str> = Post::ALL.iter().map(|p| p.label()).collect();
                FieldError::new(
                    field,
                    format!("'{}' is not a post ({})", raw.trim(), names.join(", ")),
                )
            })
    }
}

/// R-O1 (LLTC §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Employment {
    Employee,
    Consultant,
    Agency,
}

impl Employment {
    pub const ALL: [Employment; 3] = [
        Employment::Employee,
        Employment::Consultant,
        Employment::Agency,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Employment::Employee => "employee",
            Employment::Consultant => "consultant",
            Employment::Agency => "agency",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key = raw.trim().to_lowercase();
        if key.is_empty() {
            return Ok(Employment::Employee);
        }
        Employment::ALL
            .into_iter()
            .find(|e| e.label() == key)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!("'{key}' is not employee, consultant or agency"),
                )
            })
    }
}

/// R-O1: only officers manage officers; the Clerk is managed by the council (its staffing committee).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineManager {
    Council,
    Officer(OfficerId),
}

/// Officers in the order every list shows them (R-O1): in post before those who left, then by
/// post (the Clerk first, then the RFO, deputy, assistant, other), then by name (accents and case
/// aside) and reference.
pub fn in_list_order(officers: &mut [&Officer]) {
    officers.sort_by_cached_key(|o| {
        let post = Post::ALL.iter().position(|p| *p == o.post);
        (o.left.is_some(), post, text::search_key(&o.name), o.id)
    });
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    pub id: OfficerId,
    pub name: String,
    pub post: Post,
    /// The job title as the council writes it, when it says more than the post.
    pub title: Option<String>,
    pub employment: Employment,
    pub line_manager: LineManager,
    pub started: NaiveDate,
    /// R-O2: the day the protocol was brought to their attention.
    pub protocol_briefed: Option<NaiveDate>,
    pub left: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// R-O2 (record version 2): who brought the protocol to their attention, their manager
    /// (LLTC §3.3). `None` where only the day was recorded (older records, or the day typed on the
    /// officer's details): the clerk records who with the briefing step.
    pub briefed_by: Option<Colleague>,
    /// R-O1 (record version 2): the panel that recruited them, when recorded.
    pub recruitment: Option<Recruitment>,
}

/// What a person typed for an officer, before validation (TUI form, CLI, CSV import).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerInput {
    pub name: String,
    pub post: String,
    pub title: String,
    pub employment: String,
    /// An officer's name or reference; empty or "council" for the Clerk.
    pub line_manager: String,
    pub started: String,
    pub protocol_briefed: String,
    pub email: String,
    pub phone: String,
}

impl OfficerInput {
    pub fn from_officer(o: &Officer, ctx: &Context) -> Self {
        OfficerInput {
            name: o.name.clone(),
            post: o.post.label().to_string(),
            title: o.title.clone().unwrap_or_default(),
            employment: o.employment.label().to_string(),
            line_manager: manager_name(o.line_manager, ctx),
            started: dates::show(o.started),
            protocol_briefed: o.protocol_briefed.map(dates::show).unwrap_or_default(),
            email: o.email.clone().unwrap_or_default(),
            phone: o.phone.clone().unwrap_or_default(),
        }
    }
}

pub fn manager_name(m: LineManager, ctx: &Context) -> String {
    match m {
        LineManager::Council => "the council".to_string(),
        LineManager::Officer(id) => ctx
            .officers
            .iter()
            .find(|o| o.id == id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| id.to_string()),
    }
}

/// R-O2: whether the protocol has been brought to the officer's attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BriefingStatus {
    Recorded(NaiveDate),
    Pending {
        due: NaiveDate,
    },
    /// Not recorded and more than the profile's working days since they started: flagged.
    Missing {
        due: NaiveDate,
    },
    NotApplicable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficerState {
    InPost,
    Left,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OfficerActionKind {
    Edit,
    RecordBriefing,
    RecordLeaving,
    RecordRecruitment,
}

impl OfficerActionKind {
    pub const ALL: [OfficerActionKind; 4] = [
        OfficerActionKind::Edit,
        OfficerActionKind::RecordBriefing,
        OfficerActionKind::RecordLeaving,
        OfficerActionKind::RecordRecruitment,
    ];
}

inherent_spec_methods!(OfficerActionKind);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfficerAction {
    Edit(OfficerInput),
    /// R-O2: the day, and who gave it (an officer's or member's name or reference).
    RecordBriefing {
        on: String,
        by: String,
    },
    RecordLeaving {
        on: String,
    },
    /// R-O1: the recruitment panel (names or references, comma separated) and the day it sat.
    RecordRecruitment {
        panel: String,
        on: String,
    },
}

impl OfficerAction {
    pub fn kind(&self) -> OfficerActionKind {
        match self {
            OfficerAction::Edit(_) => OfficerActionKind::Edit,
            OfficerAction::RecordBriefing { .. } => OfficerActionKind::RecordBriefing,
            OfficerAction::RecordLeaving { .. } => OfficerActionKind::RecordLeaving,
            OfficerAction::RecordRecruitment { .. } => OfficerActionKind::RecordRecruitment,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerEvent {
    pub officer: Officer,
    pub action: &'static str,
    pub note: Option<String>,
}

impl Officer {
    pub fn create(
        id: OfficerId,
        input: &OfficerInput,
        ctx: &Context,
    ) -> Result<Officer, Rejection> {
        let f = validate(id, input, ctx)?;
        Ok(Officer {
            id,
            name: f.name,
            post: f.post,
            title: f.title,
            employment: f.employment,
            line_manager: f.line_manager,
            started: f.started,
            protocol_briefed: f.protocol_briefed,
            left: None,
            email: f.email,
            phone: f.phone,
            briefed_by: None,
            recruitment: None,
        })
    }

    pub fn state(&self) -> OfficerState {
        if self.left.is_some() {
            OfficerState::Left
        } else {
            OfficerState::InPost
        }
    }

    pub fn in_post(&self, day: NaiveDate) -> bool {
        self.started <= day && self.left.is_none_or(|left| day <= left)
    }

    /// How the R-O2 briefing's due day is counted: the profile's working days, council calendar.
    pub fn briefing_counted(ctx: &Context) -> Counted {
        Counted::WorkingDays(
            ctx.profile.deadlines.protocol_briefing_working_days,
            CalendarKind::Council,
        )
    }

    pub fn briefing_status(&self, ctx: &Context) -> BriefingStatus {
        let due = ctx.calendars.council.add_working_days(
            self.started,
            ctx.profile.deadlines.protocol_briefing_working_days,
        );
        match (self.protocol_briefed, self.state()) {
            (Some(on), _) => BriefingStatus::Recorded(on),
            (None, OfficerState::Left) => BriefingStatus::NotApplicable,
            (None, OfficerState::InPost) if ctx.today > due => BriefingStatus::Missing { due },
            (None, OfficerState::InPost) => BriefingStatus::Pending { due },
        }
    }

    /// What may be done now: exactly what the key bar offers and `apply` accepts.
    fn offered(&self, ctx: &Context) -> Vec<OfficerActionKind> {
        match self.state() {
            OfficerState::InPost => {
                let mut actions = vec![OfficerActionKind::Edit];
                // R-O2: the day and who gave it; a day recorded without who may be completed.
                if self.briefed_by.is_none() {
                    actions.push(OfficerActionKind::RecordBriefing);
                }
                // R-O1: only officers manage officers, so nobody leaves while someone reports to them.
                if self.current_report(ctx).is_none() {
                    actions.push(OfficerActionKind::RecordLeaving);
                }
                if self.recruitment.is_none() {
                    actions.push(OfficerActionKind::RecordRecruitment);
                }
                actions
            }
            OfficerState::Left => Vec::new(),
        }
    }

    /// An officer in post whose line manager this officer is.
    fn current_report<'c>(&self, ctx: &Context<'c>) -> Option<&'c Officer> {
        ctx.officers.iter().find(|o| {
            o.state() == OfficerState::InPost && o.line_manager == LineManager::Officer(self.id)
        })
    }

    /// The step, or the rule it breaks. The context's register answers R-D1 for a recruitment panel.
    fn step(&self, action: OfficerAction, ctx: &Context) -> Result<OfficerEvent, Rejection> {
        if !self.available(ctx).contains(&action.kind()) {
            return Err(self.not_now(action.kind(), ctx).into());
        }
        let mut officer = self.clone();
        let (name, note) = match action {
            OfficerAction::Edit(input) => {
                let f = validate(self.id, &input, ctx)?;
                officer.name = f.name;
                officer.post = f.post;
                officer.title = f.title;
                officer.employment = f.employment;
                officer.line_manager = f.line_manager;
                officer.started = f.started;
                officer.protocol_briefed = f.protocol_briefed;
                if officer.protocol_briefed.is_none() {
                    officer.briefed_by = None;
                }
                officer.email = f.email;
                officer.phone = f.phone;
                ("edited", None)
            }
            OfficerAction::RecordBriefing { on, by } => {
                let on = dates::parse_date("given on", &on)?;
                if on > ctx.today {
                    return Err(FieldError::new("given on", "is in the future").into());
                }
                if on < self.started {
                    return Err(FieldError::new(
                        "given on",
                        format!("is before they started ({})", dates::show(self.started)),
                    )
                    .into());
                }
                let by = staffing::check_briefer(self, &by, on, ctx)?;
                officer.protocol_briefed = Some(on);
                officer.briefed_by = Some(by);
                ("protocol brought to their attention", None)
            }
            OfficerAction::RecordRecruitment { panel, on } => {
                let on = dates::parse_date(staffing::PANEL_ON, &on)?;
                if on > ctx.today {
                    return Err(FieldError::new(staffing::PANEL_ON, "is in the future").into());
                }
                officer.recruitment =
                    Some(staffing::check_panel(self, &panel, on, ctx, ctx.conflicts)?);
                ("recruitment panel recorded", None)
            }
            OfficerAction::RecordLeaving { on } => {
                let on = dates::parse_date("last day", &on)?;
                if on < self.started {
                    return Err(FieldError::new(
                        "last day",
                        format!("is before they started ({})", dates::show(self.started)),
                    )
                    .into());
                }
                officer.left = Some(on);
                ("left the council's service", None)
            }
        };
        Ok(OfficerEvent {
            officer,
            action: name,
            note,
        })
    }

    /// Why `kind` cannot be done now, with the rule it would break.
    fn why_not(&self, kind: OfficerActionKind, ctx: &Context) -> Refusal {
        if let (OfficerActionKind::RecordLeaving, Some(report)) = (kind, self.current_report(ctx)) {
            return Refusal::new(
                "R-O1",
                "LLTC §8.1–8.2",
                format!(
                    "{} still reports to {}: give them another line manager first",
                    report.name, self.name
                ),
            );
        }
        match self.state() {
            OfficerState::Left => Refusal::new(
                "R-O1",
                "LLTC §3.2",
                format!(
                    "{} has left; the record is kept as history and cannot {}",
                    self.name,
                    kind.label()
                ),
            ),
            OfficerState::InPost if kind == OfficerActionKind::RecordRecruitment => Refusal::new(
                "R-O1",
                "LLTC §8.5–8.6",
                format!("{}'s recruitment panel is already recorded", self.name),
            ),
            OfficerState::InPost => Refusal::new(
                "R-O2",
                "LLTC §3.3",
                format!(
                    "the protocol is already recorded as given to {}, and by whom",
                    self.name
                ),
            ),
        }
    }

    pub fn post_label(&self) -> String {
        match (&self.title, self.post) {
            (Some(title), _) => title.clone(),
            (None, post) => post.label().to_string(),
        }
    }

    pub fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("post", self.post.label().to_string()),
            ("title", self.title.clone().unwrap_or_default()),
            ("employment", self.employment.label().to_string()),
            ("line manager", manager_name(self.line_manager, ctx)),
            ("started", dates::show(self.started)),
            (
                "protocol given",
                self.protocol_briefed.map(dates::show).unwrap_or_default(),
            ),
            ("left", self.left.map(dates::show).unwrap_or_default()),
            ("email", self.email.clone().unwrap_or_default()),
            ("phone", self.phone.clone().unwrap_or_default()),
            (
                "protocol given by",
                self.briefed_by.map(|c| c.name(ctx)).unwrap_or_default(),
            ),
            (
                "recruitment panel",
                self.recruitment
                    .as_ref()
                    .map(|r| r.describe(ctx))
                    .unwrap_or_default(),
            ),
        ]
    }
}

impl Machine for Officer {
    type Kind = OfficerActionKind;
    type Action = OfficerAction;
    type Event = OfficerEvent;

    fn available(&self, ctx: &Context) -> Vec<OfficerActionKind> {
        self.offered(ctx)
    }

    fn not_now(&self, kind: OfficerActionKind, ctx: &Context) -> Refusal {
        self.why_not(kind, ctx)
    }

    fn apply(&self, action: OfficerAction, ctx: &Context) -> Result<OfficerEvent, Rejection> {
        self.step(action, ctx)
    }

    fn kind_of(action: &OfficerAction) -> OfficerActionKind {
        action.kind()
    }

    fn record(event: &OfficerEvent) -> &Officer {
        &event.officer
    }
}

struct OfficerFields {
    name: String,
    post: Post,
    title: Option<String>,
    employment: Employment,
    line_manager: LineManager,
    started: NaiveDate,
    protocol_briefed: Option<NaiveDate>,
    email: Option<String>,
    phone: Option<String>,
}

fn validate(
    id: OfficerId,
    input: &OfficerInput,
    ctx: &Context,
) -> Result<OfficerFields, Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    let name = errors.keep(text::required_name("name", &input.name));
    let post = errors.keep(Post::parse("post", &input.post));
    let title = errors.keep(text::optional_name("title", &input.title));
    let employment = errors.keep(Employment::parse("employment", &input.employment));
    let started = errors.keep(dates::parse_date("started", &input.started));
    let protocol_briefed = errors.keep(dates::parse_optional_date(
        "protocol given",
        &input.protocol_briefed,
    ));
    let email = errors.keep(text::optional_name("email", &input.email));
    let phone = errors.keep(text::optional_name("phone", &input.phone));
    let line_manager =
        post.and_then(
            |post| match resolve_manager(id, post, &input.line_manager, ctx) {
                Ok(m) => Some(m),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
        );
    if post == Some(Post::Clerk) {
        if let Some(other) = ctx
            .officers
            .iter()
            .find(|o| o.id != id && o.post == Post::Clerk && o.state() == OfficerState::InPost)
        {
            errors.push(FieldError::new(
                "post",
                format!(
                    "{} is the Clerk already: record their leaving date first (R-O1)",
                    other.name
                ),
            ));
        }
    }
    if let (Some(start), Some(Some(briefed))) = (started, protocol_briefed) {
        if briefed < start {
            errors.push(FieldError::new("protocol given", "is before they started"));
        }
    }
    match (
        name,
        post,
        title,
        employment,
        line_manager,
        started,
        protocol_briefed,
        email,
        phone,
    ) {
        (
            Some(name),
            Some(post),
            Some(title),
            Some(employment),
            Some(line_manager),
            Some(started),
            Some(protocol_briefed),
            Some(email),
            Some(phone),
        ) if errors.is_empty() => Ok(OfficerFields {
            name,
            post,
            title,
            employment,
            line_manager,
            started,
            protocol_briefed,
            email,
            phone,
        }),
        _ => Err(errors.0),
    }
}

/// R-O1: the Clerk is managed by the council; everyone else by an officer in post, never themselves,
/// and never in a loop.
fn resolve_manager(
    id: OfficerId,
    post: Post,
    raw: &str,
    ctx: &Context,
) -> Result<LineManager, FieldError> {
    let wanted = raw.trim();
    let says_council = wanted.is_empty()
        || wanted.eq_ignore_ascii_case("council")
        || wanted.eq_ignore_ascii_case("the council");
    if post == Post::Clerk {
        return if says_council {
            Ok(LineManager::Council)
        } else {
            Err(FieldError::new(
                "line manager",
                "the Clerk is managed by the council through its staffing committee, not by an officer (R-O1)",
            ))
        };
    }
    if says_council {
        // The town protocol's clause, or this council's own word for R-O1 (never another's).
        let cite = ctx
            .profile
            .localise(super::rules::Cite::new("R-O1", "LLTC §8.1–8.2"));
        return Err(FieldError::new(
            "line manager",
            format!("only officers manage officers: name the officer they report to ({cite})"),
        ));
    }
    let by_ref = wanted.parse::<OfficerId>().ok();
    let manager = ctx
        .officers
        .iter()
        .filter(|o| o.state() == OfficerState::InPost)
        .find(|o| Some(o.id) == by_ref || o.name.eq_ignore_ascii_case(wanted))
        .ok_or_else(|| {
            FieldError::new(
                "line manager",
                format!("no officer in post called '{wanted}'"),
            )
        })?;
    if manager.id == id {
        return Err(FieldError::new(
            "line manager",
            "an officer cannot manage themselves",
        ));
    }
    // Walk up from the manager: meeting this officer again would make a loop.
    let mut next = manager.line_manager;
    let mut steps = 0;
    while let LineManager::Officer(up) = next {
        if up == id || steps > ctx.officers.len() {
            return Err(FieldError::new(
                "line manager",
                "that would make a loop of line managers",
            ));
        }
        steps += 1;
        next = ctx
            .officers
            .iter()
            .find(|o| o.id == up)
            .map(|o| o.line_manager)
            .unwrap_or(LineManager::Council);
    }
    Ok(LineManager::Officer(manager.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, Fixture};

    fn input(name: &str, post: &str, manager: &str, started: &str) -> OfficerInput {
        OfficerInput {
            name: name.into(),
            post: post.into(),
            line_manager: manager.into(),
            started: started.into(),
            ..Default::default()
        }
    }

    /// R-O1 lists: in post first, by post (Clerk, RFO, deputy, assistant, other), then by name.
    #[test]
    fn officers_list_by_post_then_name() {
        let fx = Fixture::new(d(2026, 7, 1));
        let first = clerk(&fx);
        let make = |id, name: &str, post: &str| Officer {
            id: OfficerId(id),
            name: name.into(),
            post: Post::parse("post", post).unwrap(),
            ..first.clone()
        };
        let mut gone = make(1, "Aled Ash", "RFO");
        gone.left = Some(d(2025, 1, 1));
        let all = [
            gone,
            make(2, "Zara Other", "Other"),
            make(3, "Bea Assistant", "Assistant"),
            make(4, "Ann Assistant", "Assistant"),
            make(5, "Dan Deputy", "Deputy"),
            make(6, "Rob Rfo", "RFO"),
            make(7, "Yvonne Clerk", "Clerk"),
        ];
        let mut list: Vec<&Officer> = all.iter().collect();
        in_list_order(&mut list);
        let names: Vec<&str> = list.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Yvonne Clerk",
                "Rob Rfo",
                "Dan Deputy",
                "Ann Assistant",
                "Bea Assistant",
                "Zara Other",
                "Aled Ash"
            ]
        );
    }

    fn clerk(fx: &Fixture) -> Officer {
        Officer::create(
            OfficerId(1),
            &input("Clara Clerk", "Clerk", "", "2020-01-06"),
            &fx.ctx(),
        )
        .unwrap()
    }

    #[test]
    fn the_clerk_is_managed_by_the_council_and_others_by_an_officer() {
        let mut fx = Fixture::new(d(2026, 11, 23));
        let c = clerk(&fx);
        assert_eq!(c.line_manager, LineManager::Council);
        fx.officers.push(c);
        let rfo = Officer::create(
            OfficerId(2),
            &input("Rob Fox", "RFO", "Clara Clerk", "2026-11-02"),
            &fx.ctx(),
        )
        .unwrap();
        assert_eq!(rfo.line_manager, LineManager::Officer(OfficerId(1)));
        let refused = Officer::create(
            OfficerId(2),
            &input("Rob Fox", "RFO", "council", "2026-11-02"),
            &fx.ctx(),
        );
        assert!(refused.unwrap_err().to_string().contains("R-O1"));
        let refused = Officer::create(
            OfficerId(3),
            &input("Clive", "Clerk", "", "2026-11-02"),
            &fx.ctx(),
        );
        assert!(refused.unwrap_err().to_string().contains("Clerk already"));
    }

    #[test]
    fn line_manager_loops_are_refused() {
        let mut fx = Fixture::new(d(2026, 11, 23));
        fx.officers.push(clerk(&fx));
        let a = Officer::create(
            OfficerId(2),
            &input("Ann", "Deputy", "O-001", "2026-01-05"),
            &fx.ctx(),
        )
        .unwrap();
        fx.officers.push(a);
        let b = Officer::create(
            OfficerId(3),
            &input("Bea", "Assistant", "Ann", "2026-01-05"),
            &fx.ctx(),
        )
        .unwrap();
        fx.officers.push(b);
        let mut edit = OfficerInput::from_officer(&fx.officers[1], &fx.ctx());
        edit.line_manager = "Bea".into();
        let err = fx.officers[1]
            .apply(OfficerAction::Edit(edit), &fx.ctx())
            .unwrap_err();
        assert!(err.to_string().contains("loop"), "{err}");
    }

    #[test]
    fn briefing_flag_after_five_working_days() {
        // Started Monday 2 Nov 2026: five working days later is Monday 9 Nov.
        let mut fx = Fixture::new(d(2026, 11, 9));
        fx.officers.push(clerk(&fx));
        let o = Officer::create(
            OfficerId(2),
            &input("Jo", "Assistant", "Clara Clerk", "2026-11-02"),
            &fx.ctx(),
        )
        .unwrap();
        assert_eq!(
            o.briefing_status(&fx.ctx()),
            BriefingStatus::Pending {
                due: d(2026, 11, 9)
            }
        );
        fx.today = d(2026, 11, 10);
        assert_eq!(
            o.briefing_status(&fx.ctx()),
            BriefingStatus::Missing {
                due: d(2026, 11, 9)
            }
        );
        let ev = o
            .apply(
                OfficerAction::RecordBriefing {
                    on: "2026-11-10".into(),
                    by: "Clara Clerk".into(),
                },
                &fx.ctx(),
            )
            .unwrap();
        assert_eq!(
            ev.officer.briefing_status(&fx.ctx()),
            BriefingStatus::Recorded(d(2026, 11, 10))
        );
        // Once recorded, recording again is refused with R-O2.
        let err = ev
            .officer
            .apply(
                OfficerAction::RecordBriefing {
                    on: "2026-11-10".into(),
                    by: "Clara Clerk".into(),
                },
                &fx.ctx(),
            )
            .unwrap_err();
        assert!(err.to_string().contains("R-O2"));
    }

    #[test]
    fn a_manager_cannot_leave_while_others_report_to_them() {
        let mut fx = Fixture::new(d(2026, 11, 23));
        fx.officers.push(clerk(&fx));
        let jo = Officer::create(
            OfficerId(2),
            &input("Jo", "Assistant", "Clara Clerk", "2026-11-02"),
            &fx.ctx(),
        )
        .unwrap();
        fx.officers.push(jo.clone());
        let err = fx.officers[0]
            .apply(
                OfficerAction::RecordLeaving {
                    on: "2026-11-30".into(),
                },
                &fx.ctx(),
            )
            .unwrap_err();
        assert!(err.to_string().contains("R-O1"));
        // Not offered while Jo reports to the Clerk, and the same reason given when asked.
        let clerk_record = &fx.officers[0];
        assert!(!clerk_record
            .available(&fx.ctx())
            .contains(&OfficerActionKind::RecordLeaving));
        assert_eq!(
            Rejection::from(clerk_record.not_now(OfficerActionKind::RecordLeaving, &fx.ctx())),
            err
        );
        assert!(jo
            .available(&fx.ctx())
            .contains(&OfficerActionKind::RecordLeaving));
        let left = jo
            .apply(
                OfficerAction::RecordLeaving {
                    on: "2026-11-30".into(),
                },
                &fx.ctx(),
            )
            .unwrap()
            .officer;
        assert!(left.available(&fx.ctx()).is_empty());
        for kind in OfficerActionKind::ALL {
            let action = match kind {
                OfficerActionKind::Edit => {
                    OfficerAction::Edit(OfficerInput::from_officer(&left, &fx.ctx()))
                }
                OfficerActionKind::RecordBriefing => OfficerAction::RecordBriefing {
                    on: "2026-11-20".into(),
                    by: "Clara Clerk".into(),
                },
                OfficerActionKind::RecordLeaving => OfficerAction::RecordLeaving {
                    on: "2026-11-30".into(),
                },
                OfficerActionKind::RecordRecruitment => OfficerAction::RecordRecruitment {
                    panel: "Clara Clerk".into(),
                    on: "2026-10-01".into(),
                },
            };
            let Err(Rejection::Refused(r)) = left.apply(action, &fx.ctx()) else {
                panic!("{kind:?}")
            };
            assert_eq!(r.cite.rule, "R-O1");
        }
    }
}
