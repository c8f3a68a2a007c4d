//! A publicity item and its state machine: drafted, checked, approved and published, each step
//! refused while a check finds a blocking problem.

use crate::domain::machine::Machine;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::checker::{check, P2};
use super::vocabulary::{first_blocking, Channel, CheckContext, Finding, NameEntry};
use crate::domain::blackout::{self, Election};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::council::{Council, Office};
use crate::domain::dates;
use crate::domain::machine::inherent_spec_methods;
use crate::domain::member::Member;
use crate::domain::rules::{FieldError, FieldErrors, Refusal, Rejection};
use crate::domain::text;
use crate::domain::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Draft,
    Checked,
    /// A blocking finding: only an edit moves it on.
    Blocked,
    Approved,
    Published,
}

impl ItemState {
    pub fn label(self) -> &'static str {
        match self {
            ItemState::Draft => "draft",
            ItemState::Checked => "checked",
            ItemState::Blocked => "blocked",
            ItemState::Approved => "approved",
            ItemState::Published => "published",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityItem {
    pub id: u32,
    pub title: String,
    pub channel: Channel,
    pub planned: NaiveDate,
    pub text: String,
    pub statutory_election_notice: bool,
    pub state: ItemState,
    /// From the last check; cleared by an edit.
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub published: Option<NaiveDate>,
}

/// What a person typed for an item, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityInput {
    pub title: String,
    pub channel: String,
    pub planned: String,
    pub text: String,
    /// "yes" / "no" (empty = no).
    pub statutory_election_notice: String,
}

impl PublicityInput {
    pub fn from_item(item: &PublicityItem) -> Self {
        PublicityInput {
            title: item.title.clone(),
            channel: item.channel.label().to_string(),
            planned: dates::show(item.planned),
            text: item.text.clone(),
            statutory_election_notice: if item.statutory_election_notice {
                "yes"
            } else {
                "no"
            }
            .to_string(),
        }
    }
}

/// What a check looks at besides the item: the members, the groups and the elections.
#[derive(Debug, Clone, Copy)]
pub struct CheckEnv<'a> {
    pub members: &'a [NameEntry],
    pub group_names: &'a [String],
    pub ruling_group: Option<&'a str>,
    pub elections: &'a [Election],
    pub calendar: &'a WorkingCalendar,
}

/// The people and groups the checker looks for, owned so a `CheckEnv` can borrow them.
pub struct CheckData {
    pub names: Vec<NameEntry>,
    pub groups: Vec<String>,
    pub ruling_group: Option<String>,
}

/// Who the checker looks for: serving members by full name; the groups; and the ruling group,
/// taken as the Leader's group, or else a group holding a majority of seats.
pub fn check_data_for(c: &Council, members: &[Member], today: chrono::NaiveDate) -> CheckData {
    let serving: Vec<&Member> = members.iter().filter(|m| m.is_serving(today)).collect();
    let names = serving
        .iter()
        .map(|m| NameEntry {
            full_name: m.name.clone(),
        })
        .collect();
    let groups: Vec<String> = c.groups.iter().map(|g| g.name.clone()).collect();
    let leader_group = c
        .holder(Office::Leader, today)
        .and_then(|l| members.iter().find(|m| m.id == l))
        .and_then(|m| m.group);
    let majority = c
        .groups
        .iter()
        .find(|g| serving.iter().filter(|m| m.group == Some(g.id)).count() * 2 > serving.len());
    let ruling_group = leader_group
        .and_then(|g| c.group(g))
        .or(majority)
        .map(|g| g.name.clone());
    CheckData {
        names,
        groups,
        ruling_group,
    }
}

impl CheckData {
    /// What a check looks at, borrowing these names and the context's elections and calendar.
    pub fn env<'a>(&'a self, ctx: &Context<'a>) -> CheckEnv<'a> {
        CheckEnv {
            members: &self.names,
            group_names: &self.groups,
            ruling_group: self.ruling_group.as_deref(),
            elections: ctx.elections,
            calendar: &ctx.calendars.election,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemActionKind {
    Edit,
    Check,
    Approve,
    Publish,
}

impl ItemActionKind {
    pub const ALL: [ItemActionKind; 4] = [
        ItemActionKind::Edit,
        ItemActionKind::Check,
        ItemActionKind::Approve,
        ItemActionKind::Publish,
    ];
}

inherent_spec_methods!(ItemActionKind);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemAction {
    Edit(PublicityInput),
    Check,
    Approve,
    Publish { on: String },
}

impl ItemAction {
    pub fn kind(&self) -> ItemActionKind {
        match self {
            ItemAction::Edit(_) => ItemActionKind::Edit,
            ItemAction::Check => ItemActionKind::Check,
            ItemAction::Approve => ItemActionKind::Approve,
            ItemAction::Publish { .. } => ItemActionKind::Publish,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemEvent {
    pub item: PublicityItem,
    pub action: &'static str,
    pub note: Option<String>,
}

impl PublicityItem {
    pub fn create(id: u32, input: &PublicityInput) -> Result<PublicityItem, Rejection> {
        let f = validate(input)?;
        Ok(PublicityItem {
            id,
            title: f.title,
            channel: f.channel,
            planned: f.planned,
            text: f.text,
            statutory_election_notice: f.statutory,
            state: ItemState::Draft,
            findings: Vec::new(),
            published: None,
        })
    }

    /// The checker's view of this item going out on `day` (R-P1 decides `in_period`).
    pub fn context_on(&self, day: NaiveDate, env: &CheckEnv) -> CheckContext {
        CheckContext {
            planned: day,
            in_period: blackout::in_period(env.elections, day, env.calendar).is_some(),
            periods: blackout::period_names_on(env.elections, day, env.calendar),
            channel: self.channel,
            statutory_election_notice: self.statutory_election_notice,
            members: env.members.to_vec(),
            group_names: env.group_names.to_vec(),
            ruling_group: env.ruling_group.map(str::to_string),
        }
    }

    pub fn context(&self, env: &CheckEnv) -> CheckContext {
        self.context_on(self.planned, env)
    }

    pub(super) fn offered(&self) -> Vec<ItemActionKind> {
        use ItemActionKind::*;
        match self.state {
            ItemState::Draft => vec![Edit, Check],
            ItemState::Checked => vec![Edit, Check, Approve],
            ItemState::Blocked => vec![Edit],
            ItemState::Approved => vec![Edit, Publish],
            ItemState::Published => Vec::new(),
        }
    }

    pub(super) fn step(
        &self,
        action: ItemAction,
        today: NaiveDate,
        env: &CheckEnv,
    ) -> Result<ItemEvent, Rejection> {
        if !self.offered().contains(&action.kind()) {
            return Err(self.why_not(action.kind()).into());
        }
        let mut item = self.clone();
        let (name, note) = match action {
            ItemAction::Edit(input) => {
                let f = validate(&input)?;
                item.title = f.title;
                item.channel = f.channel;
                item.planned = f.planned;
                item.text = f.text;
                item.statutory_election_notice = f.statutory;
                item.state = ItemState::Draft;
                item.findings.clear();
                ("edited", None)
            }
            ItemAction::Check => {
                item.findings = check(&item.text, &item.context(env));
                let blocks = item.findings.iter().filter(|f| f.is_blocking()).count();
                let warns = item.findings.len() - blocks;
                item.state = if blocks > 0 {
                    ItemState::Blocked
                } else {
                    ItemState::Checked
                };
                let note = (!item.findings.is_empty())
                    .then(|| format!("{blocks} blocking, {warns} to look at"));
                ("checked", note)
            }
            ItemAction::Approve => {
                // Circumstances change (a period starts, a member joins): check again first.
                let findings = check(&item.text, &item.context(env));
                refuse_if_blocked(&findings, "approved")?;
                item.findings = findings;
                item.state = ItemState::Approved;
                ("approved", None)
            }
            ItemAction::Publish { on } => {
                let on = dates::parse_date("published on", &on)?;
                if on > today {
                    return Err(FieldError::new("published on", "is in the future").into());
                }
                let findings = check(&item.text, &item.context_on(on, env));
                refuse_if_blocked(&findings, "published")?;
                item.findings = findings;
                item.published = Some(on);
                item.state = ItemState::Published;
                ("published", None)
            }
        };
        Ok(ItemEvent {
            item,
            action: name,
            note,
        })
    }

    /// Why `kind` cannot be done on this item now, with the rule and clause `apply` refuses it
    /// with (the first blocking finding's, else R-P2): asked without building an action.
    pub(super) fn why_not(&self, kind: ItemActionKind) -> Refusal {
        let (rule, clause) = first_blocking(&self.findings)
            .map(|f| (f.cite.rule.as_str(), f.cite.clause.as_str()))
            .unwrap_or(P2);
        let reason = match self.state {
            ItemState::Published => {
                format!(
                    "'{}' is published; it is kept as a record and cannot {}",
                    self.title,
                    kind.label()
                )
            }
            ItemState::Blocked => match first_blocking(&self.findings) {
                Some(f) => format!(
                    "blocked at {}:{}: {}; edit it first",
                    f.line, f.col, f.message
                ),
                None => "blocked; edit it first".to_string(),
            },
            ItemState::Draft => {
                "publicity is checked for members' names and party credit before it \
                                 is approved; check it first"
                    .to_string()
            }
            ItemState::Checked => "approve it before it is published".to_string(),
            ItemState::Approved => "it is approved; edit it to change it".to_string(),
        };
        Refusal::new(rule, clause, reason)
    }
}

impl Machine for PublicityItem {
    type Kind = ItemActionKind;
    type Action = ItemAction;
    type Event = ItemEvent;

    fn available(&self, _ctx: &Context) -> Vec<ItemActionKind> {
        self.offered()
    }

    fn not_now(&self, kind: ItemActionKind, _ctx: &Context) -> Refusal {
        self.why_not(kind)
    }

    fn apply(&self, action: ItemAction, ctx: &Context) -> Result<ItemEvent, Rejection> {
        let data = check_data_for(ctx.council, ctx.members, ctx.today);
        self.step(action, ctx.today, &data.env(ctx))
    }

    fn kind_of(action: &ItemAction) -> ItemActionKind {
        action.kind()
    }

    fn record(event: &ItemEvent) -> &PublicityItem {
        &event.item
    }
}

fn refuse_if_blocked(findings: &[Finding], what: &str) -> Result<(), Refusal> {
    match first_blocking(findings) {
        Some(f) => Err(Refusal::new(
            &f.cite.rule,
            &f.cite.clause,
            format!(
                "cannot be {what}: {}:{} {}; check it again after editing",
                f.line, f.col, f.message
            ),
        )),
        None => Ok(()),
    }
}

struct ItemFields {
    title: String,
    channel: Channel,
    planned: NaiveDate,
    text: String,
    statutory: bool,
}

fn validate(input: &PublicityInput) -> Result<ItemFields, Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    let title = errors.keep(text::required_name("title", &input.title));
    let channel = errors.keep(Channel::parse("channel", &input.channel));
    let planned = errors.keep(dates::parse_date("planned", &input.planned));
    let body = errors.keep(text::note("text", &input.text));
    let statutory = errors.keep(parse_yes_no(
        "statutory election notice",
        &input.statutory_election_notice,
    ));
    if let (Some(true), Some(c)) = (statutory, channel) {
        if !matches!(c, Channel::Noticeboard | Channel::Website) {
            // R-P4 exempts the statutory notices themselves, which are posted, not press-released.
            errors.push(FieldError::new(
                "statutory election notice",
                format!(
                    "a statutory notice goes on the noticeboard or website, not a {}",
                    c.label()
                ),
            ));
        }
    }
    match (title, channel, planned, body, statutory) {
        (Some(title), Some(channel), Some(planned), Some(text), Some(statutory))
            if errors.is_empty() =>
        {
            Ok(ItemFields {
                title,
                channel,
                planned,
                text,
                statutory,
            })
        }
        _ => Err(errors.0),
    }
}

pub(super) fn parse_yes_no(field: &'static str, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" => Ok(false),
        "yes" | "y" | "true" => Ok(true),
        other => Err(FieldError::new(
            field,
            format!("'{other}' is not yes or no"),
        )),
    }
}
