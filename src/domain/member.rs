//! Members (councillors): R-M1 who they are, R-M3 the deadline for notifying disclosable pecuniary
//! interests. A member record is a small state machine: serving → term ended.

mod spec;
pub use spec::edit_defaults;

use crate::domain::machine::inherent_spec_methods;
use crate::domain::machine::Machine;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::council::Office;
use super::dates;
use super::ids::{GroupId, MemberId};
use super::rules::{FieldError, FieldErrors, Refusal, Rejection};
use super::text;
use super::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinedBy {
    Elected,
    CoOpted,
}

impl JoinedBy {
    pub const ALL: [JoinedBy; 2] = [JoinedBy::Elected, JoinedBy::CoOpted];

    pub fn label(self) -> &'static str {
        match self {
            JoinedBy::Elected => "elected",
            JoinedBy::CoOpted => "co-opted",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_lowercase().replace(['-', ' '], "").as_str() {
            "" | "elected" => Ok(JoinedBy::Elected),
            "coopted" => Ok(JoinedBy::CoOpted),
            other => Err(FieldError::new(
                field,
                format!("'{other}' is not elected or co-opted"),
            )),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub name: String,
    /// How the member sorts in lists, where the family name is not the last word of the name
    /// ("ap Dafydd" for Siân ap Dafydd); `None`: by the last word ([`Member::sort_key`]).
    pub sort_name: Option<String>,
    pub ward: String,
    /// `None`: independent (R-M1).
    pub group: Option<GroupId>,
    pub joined_by: JoinedBy,
    /// Start of the current term (election, re-election or co-option): R-M3 counts from here.
    pub term_start: NaiveDate,
    pub term_end: Option<NaiveDate>,
    pub end_reason: Option<String>,
    /// When the register of interests received this member's DPI notification for the current term.
    pub dpi_registered: Option<NaiveDate>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// What a person typed for a member, field by field, before validation. The TUI form, the CLI and
/// the CSV import all build one of these, so they share every check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInput {
    pub name: String,
    /// Empty: sort by the last word of the name.
    pub sort_name: String,
    pub ward: String,
    pub group: String,
    pub joined_by: String,
    pub term_start: String,
    pub dpi_registered: String,
    pub email: String,
    pub phone: String,
}

impl MemberInput {
    pub fn from_member(m: &Member, ctx: &Context) -> Self {
        MemberInput {
            name: m.name.clone(),
            sort_name: m.sort_name.clone().unwrap_or_default(),
            ward: m.ward.clone(),
            group: m
                .group
                .map(|g| ctx.council.group_name(Some(g)).to_string())
                .unwrap_or_default(),
            joined_by: m.joined_by.label().to_string(),
            term_start: dates::show(m.term_start),
            dpi_registered: m.dpi_registered.map(dates::show).unwrap_or_default(),
            email: m.email.clone().unwrap_or_default(),
            phone: m.phone.clone().unwrap_or_default(),
        }
    }
}

/// What a list shows for a member with no ward (R-M1: many parishes are not warded).
pub const NO_WARD: &str = "—";

/// Members in the order every list shows them (R-M1): serving before those whose term ended,
/// then by [`Member::sort_key`] (family name, or the sort name the clerk set).
pub fn in_list_order(members: &mut [&Member]) {
    members.sort_by_cached_key(|m| (m.term_end.is_some(), m.sort_key()));
}

/// R-M3: where a member stands on notifying their disclosable pecuniary interests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DpiStatus {
    Registered(NaiveDate),
    /// Not yet registered; `days_left` includes today (0 = due today).
    Due {
        due: NaiveDate,
        days_left: i64,
    },
    /// An offence under the Localism Act 2011 s30: shown loudly.
    Overdue {
        due: NaiveDate,
        days_over: i64,
    },
    /// Term ended without a record for it.
    NotApplicable,
}

/// R-M3: 28 days beginning with the day the term starts, so the start is day 1 and the last day is
/// start + 27.
pub fn dpi_due(term_start: NaiveDate) -> NaiveDate {
    term_start + Days::new(27)
}

/// How R-M3's (and R-D2's) deadline counts: 28 days, every day counting.
pub const DPI_COUNTED: crate::domain::calendar::Counted =
    crate::domain::calendar::Counted::Days(28);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberState {
    Serving,
    TermEnded,
}

/// What can be done to a member record; the key bar shows exactly `available()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberActionKind {
    Edit,
    RecordDpi,
    Appoint,
    EndTerm,
}

impl MemberActionKind {
    pub const ALL: [MemberActionKind; 4] = [
        MemberActionKind::Edit,
        MemberActionKind::RecordDpi,
        MemberActionKind::Appoint,
        MemberActionKind::EndTerm,
    ];
}

inherent_spec_methods!(MemberActionKind);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberAction {
    Edit(MemberInput),
    RecordDpi {
        on: String,
    },
    /// R-M2: `office` is one of [`Appointment::CHOICES`]; `from` the first day held.
    Appoint {
        office: String,
        from: String,
    },
    EndTerm {
        on: String,
        reason: String,
    },
}

/// The appointment form's choice for a committee's chair (R-M2), the committee named apart.
pub const COMMITTEE_CHAIR: &str = "committee chair";
/// The appointment form's choice for a committee's vice-chair (R-M2).
pub const COMMITTEE_VICE_CHAIR: &str = "committee vice-chair";

/// An office the member takes (R-M2): a council office, or the leadership of their group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Appointment {
    Council(Office, NaiveDate),
    GroupLeader(GroupId, NaiveDate),
    /// R-M2: a committee's chair or vice-chair, with the committee's name.
    Committee(Office, String, NaiveDate),
}

impl Appointment {
    /// What a clerk types or picks for the office.
    /// A town council's Chairman is its Town Mayor (R-M2), so no separate choice is offered.
    pub const CHOICES: [&'static str; 7] = [
        "Chairman",
        "Vice-Chairman",
        "Leader",
        "Chair of Staffing",
        "group leader",
        COMMITTEE_CHAIR,
        COMMITTEE_VICE_CHAIR,
    ];

    /// R-M2: the office as the appointment form gives it: a committee office chosen from
    /// [`Appointment::CHOICES`] with the committee named apart ("committee chair" and "Planning")
    /// reads as "Planning committee chair"; any other choice as it is.
    pub fn office_text(choice: &str, committee: &str) -> String {
        let c = choice.trim();
        let committee = committee.trim();
        let committee = committee
            .strip_suffix("committee")
            .or_else(|| committee.strip_suffix("Committee"))
            .unwrap_or(committee)
            .trim();
        let is_committee_office =
            c.eq_ignore_ascii_case(COMMITTEE_CHAIR) || c.eq_ignore_ascii_case(COMMITTEE_VICE_CHAIR);
        if is_committee_office && !committee.is_empty() {
            format!("{committee} {c}")
        } else {
            c.to_string()
        }
    }

    /// An office as typed: a council office, a committee's chair or vice-chair ("Planning
    /// committee chair", "chair of the Planning Committee", "Planning committee vice-chair"), or
    /// "group leader" (`Ok(None)`).
    fn parse_office(raw: &str) -> Result<Option<(Office, Option<String>)>, FieldError> {
        let key = raw.trim().to_lowercase().replace(['-', '_'], " ");
        if key == "group leader" {
            return Ok(None);
        }
        if key.is_empty() {
            return Err(FieldError::new(
                "office",
                format!("choose an office ({})", Self::CHOICES.join(", ")),
            ));
        }
        if let Some(found) = Self::parse_committee_office(raw) {
            // The Staffing Committee's chair is an office of its own (R-M2, R-E1.7's chain).
            return Ok(Some(match found {
                (Office::CommitteeChair, Some(c)) if c.eq_ignore_ascii_case("staffing") => {
                    (Office::StaffingChair, None)
                }
                other => other,
            }));
        }
        if key == COMMITTEE_CHAIR || key == COMMITTEE_VICE_CHAIR.replace('-', " ") {
            return Err(FieldError::new(
                "office",
                "name the committee (\"Planning\", or \"Planning committee chair\" as the \
                 office): a committee chair or vice-chair is held on a named committee (R-M2)",
            ));
        }
        // "Town Mayor" still parses: a town council appoints its Chairman by it, a parish is
        // refused (R-M2).
        Office::ALL
            .into_iter()
            .chain([Office::TownMayor])
            .find(|o| {
                o.label().to_lowercase().replace('-', " ") == key
                    || format!("{o:?}").to_lowercase() == key.replace(' ', "")
            })
            .map(|o| Some((o, None)))
            .ok_or_else(|| {
                FieldError::new(
                    "office",
                    format!(
                        "'{}' is not an office ({}, or a committee's chair or vice-chair: \
                         \"Planning committee chair\")",
                        raw.trim(),
                        Self::CHOICES.join(", ")
                    ),
                )
            })
    }

    fn parse_committee_office(raw: &str) -> Option<(Office, Option<String>)> {
        let t = raw.trim();
        let lower = t.to_lowercase().replace('_', " ");
        let name = |s: &str| {
            let s = s.trim();
            let s = s
                .strip_prefix("the ")
                .or_else(|| s.strip_prefix("The "))
                .unwrap_or(s);
            let end = s.len() - s.to_lowercase().trim_end_matches("committee").len();
            let s = s[..s.len() - end].trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        for (suffix, office) in [
            (" committee vice chair", Office::CommitteeViceChair),
            (" committee vice-chair", Office::CommitteeViceChair),
            (" committee chair", Office::CommitteeChair),
        ] {
            if lower.ends_with(suffix) {
                return name(&t[..t.len() - suffix.len()]).map(|c| (office, Some(c)));
            }
        }
        for (prefix, office) in [
            ("vice chair of ", Office::CommitteeViceChair),
            ("vice-chair of ", Office::CommitteeViceChair),
            ("chair of ", Office::CommitteeChair),
        ] {
            if lower.starts_with(prefix) && lower.ends_with("committee") {
                return name(&t[prefix.len()..]).map(|c| (office, Some(c)));
            }
        }
        None
    }
}

impl MemberAction {
    pub fn kind(&self) -> MemberActionKind {
        match self {
            MemberAction::Edit(_) => MemberActionKind::Edit,
            MemberAction::RecordDpi { .. } => MemberActionKind::RecordDpi,
            MemberAction::Appoint { .. } => MemberActionKind::Appoint,
            MemberAction::EndTerm { .. } => MemberActionKind::EndTerm,
        }
    }
}

/// The result of an accepted action: the record as it now is, and what to say in the audit trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberEvent {
    pub member: Member,
    pub action: &'static str,
    pub note: Option<String>,
    /// R-M2: the office taken, for the council's record of office holders.
    pub appointed: Option<Appointment>,
}

impl Member {
    /// Validates a new member. `id` is the next free number, chosen by the store.
    pub fn create(id: MemberId, input: &MemberInput, ctx: &Context) -> Result<Member, Rejection> {
        let fields = validate(input, ctx)?;
        let member = Member {
            id,
            name: fields.name,
            sort_name: fields.sort_name,
            ward: fields.ward,
            group: fields.group,
            joined_by: fields.joined_by,
            term_start: fields.term_start,
            term_end: None,
            end_reason: None,
            dpi_registered: fields.dpi_registered,
            email: fields.email,
            phone: fields.phone,
        };
        Ok(member)
    }

    /// What the member sorts by (R-M1 lists): the sort name the clerk set, or else the family
    /// name, taken as the last word of the name; compared as a search compares (accents and case
    /// aside), then by the whole name and reference so the order is always the same.
    pub fn sort_key(&self) -> (String, String, MemberId) {
        let family = match &self.sort_name {
            Some(s) => s.as_str(),
            None => self.name.split_whitespace().last().unwrap_or(&self.name),
        };
        (
            text::search_key(family),
            text::search_key(&self.name),
            self.id,
        )
    }

    /// The ward as a list shows it: "—" where the parish is not warded (R-M1).
    pub fn ward_shown(&self) -> &str {
        if self.ward.is_empty() {
            NO_WARD
        } else {
            &self.ward
        }
    }

    pub fn state(&self) -> MemberState {
        if self.term_end.is_some() {
            MemberState::TermEnded
        } else {
            MemberState::Serving
        }
    }

    pub fn is_serving(&self, day: NaiveDate) -> bool {
        self.term_start <= day && self.term_end.is_none_or(|end| day <= end)
    }

    pub fn dpi_status(&self, today: NaiveDate) -> DpiStatus {
        let due = dpi_due(self.term_start);
        match (self.dpi_registered, self.state()) {
            (Some(on), _) => DpiStatus::Registered(on),
            (None, MemberState::TermEnded) => DpiStatus::NotApplicable,
            (None, MemberState::Serving) if today > due => DpiStatus::Overdue {
                due,
                days_over: (today - due).num_days(),
            },
            (None, MemberState::Serving) => DpiStatus::Due {
                due,
                days_left: (due - today).num_days(),
            },
        }
    }

    fn offered(&self) -> Vec<MemberActionKind> {
        match self.state() {
            MemberState::Serving => {
                let mut actions = vec![MemberActionKind::Edit];
                if self.dpi_registered.is_none() {
                    actions.push(MemberActionKind::RecordDpi);
                }
                actions.push(MemberActionKind::Appoint);
                actions.push(MemberActionKind::EndTerm);
                actions
            }
            MemberState::TermEnded => Vec::new(),
        }
    }

    fn step(&self, action: MemberAction, ctx: &Context) -> Result<MemberEvent, Rejection> {
        if !self.offered().contains(&action.kind()) {
            return Err(self.why_not(action.kind()).into());
        }
        let mut member = self.clone();
        let mut appointed = None;
        let (name, note) = match action {
            MemberAction::Edit(input) => {
                let f = validate(&input, ctx)?;
                member.name = f.name;
                member.sort_name = f.sort_name;
                member.ward = f.ward;
                member.group = f.group;
                member.joined_by = f.joined_by;
                member.term_start = f.term_start;
                member.dpi_registered = f.dpi_registered;
                member.email = f.email;
                member.phone = f.phone;
                ("edited", None)
            }
            MemberAction::RecordDpi { on } => {
                let on = dates::parse_date("registered on", &on)?;
                if on < self.term_start {
                    return Err(FieldError::new(
                        "registered on",
                        format!(
                            "is before the term started ({})",
                            dates::show(self.term_start)
                        ),
                    )
                    .into());
                }
                if on > ctx.today {
                    return Err(FieldError::new("registered on", "is in the future").into());
                }
                member.dpi_registered = Some(on);
                let late = on > dpi_due(self.term_start);
                let note = late.then(|| {
                    format!(
                        "notified after the R-M3 deadline of {} (Localism Act 2011 s30)",
                        dates::show(dpi_due(self.term_start))
                    )
                });
                ("DPI notification registered", note)
            }
            MemberAction::Appoint { office, from } => {
                let office = Appointment::parse_office(&office)?;
                let from = dates::parse_date("from", &from)?;
                if from < self.term_start {
                    return Err(FieldError::new(
                        "from",
                        format!(
                            "is before the term started ({})",
                            dates::show(self.term_start)
                        ),
                    )
                    .into());
                }
                appointed = Some(match office {
                    Some((o, Some(committee))) => Appointment::Committee(o, committee, from),
                    Some((o, None)) => Appointment::Council(o, from),
                    None => Appointment::GroupLeader(
                        self.group.ok_or_else(|| {
                            Refusal::new(
                                "R-M1",
                                "CAV §2.4",
                                format!(
                                    "{} is independent: only a group's member can lead it",
                                    self.name
                                ),
                            )
                        })?,
                        from,
                    ),
                });
                ("appointed to office", None)
            }
            MemberAction::EndTerm { on, reason } => {
                let on = dates::parse_date("last day", &on)?;
                let reason = text::required_name("reason", &reason)?;
                if on < self.term_start {
                    return Err(FieldError::new(
                        "last day",
                        format!(
                            "is before the term started ({})",
                            dates::show(self.term_start)
                        ),
                    )
                    .into());
                }
                // R-M2: the term ends every office the member holds; none may end before it began.
                let office = ctx
                    .council
                    .offices
                    .iter()
                    .find(|t| t.holder == self.id && t.to.is_none() && t.from > on);
                if let Some(t) = office {
                    return Err(FieldError::new(
                        "last day",
                        format!(
                            "is before they took office as {} ({}): the term ends that office too",
                            t.office.label(),
                            dates::show(t.from)
                        ),
                    )
                    .into());
                }
                let led = ctx.council.groups.iter().find(|g| {
                    g.leader == Some(self.id) && g.leader_from.is_some_and(|from| from > on)
                });
                if let Some(g) = led {
                    return Err(FieldError::new(
                        "last day",
                        format!(
                            "is before they became leader of the {} group ({})",
                            g.name,
                            g.leader_from.map(dates::show).unwrap_or_default()
                        ),
                    )
                    .into());
                }
                member.term_end = Some(on);
                member.end_reason = Some(reason.clone());
                ("term ended", Some(reason))
            }
        };
        Ok(MemberEvent {
            member,
            action: name,
            note,
            appointed,
        })
    }

    /// Why `kind` cannot be done now, with the rule it would break.
    fn why_not(&self, kind: MemberActionKind) -> Refusal {
        match self.state() {
            MemberState::TermEnded => Refusal::new(
                "R-M1",
                "LLTC §3.1",
                format!(
                    "{}'s term has ended; the record is kept as history and cannot {}",
                    self.name,
                    kind.label()
                ),
            ),
            MemberState::Serving => Refusal::new(
                "R-M3",
                "Localism Act 2011 s30",
                format!(
                    "{}'s DPI notification is already registered for this term",
                    self.name
                ),
            ),
        }
    }

    /// Field by field, for audit summaries and exports.
    pub fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        vec![
            ("name", self.name.clone()),
            ("ward", self.ward.clone()),
            ("group", ctx.council.group_name(self.group).to_string()),
            ("joined by", self.joined_by.label().to_string()),
            ("term start", dates::show(self.term_start)),
            (
                "term end",
                self.term_end.map(dates::show).unwrap_or_default(),
            ),
            ("end reason", self.end_reason.clone().unwrap_or_default()),
            (
                "DPI registered",
                self.dpi_registered.map(dates::show).unwrap_or_default(),
            ),
            ("email", self.email.clone().unwrap_or_default()),
            ("phone", self.phone.clone().unwrap_or_default()),
            ("sort name", self.sort_name.clone().unwrap_or_default()),
        ]
    }
}

impl Machine for Member {
    type Kind = MemberActionKind;
    type Action = MemberAction;
    type Event = MemberEvent;

    fn available(&self, _ctx: &Context) -> Vec<MemberActionKind> {
        self.offered()
    }

    fn not_now(&self, kind: MemberActionKind, _ctx: &Context) -> Refusal {
        self.why_not(kind)
    }

    fn apply(&self, action: MemberAction, ctx: &Context) -> Result<MemberEvent, Rejection> {
        self.step(action, ctx)
    }

    fn kind_of(action: &MemberAction) -> MemberActionKind {
        action.kind()
    }

    fn record(event: &MemberEvent) -> &Member {
        &event.member
    }
}

struct MemberFields {
    name: String,
    sort_name: Option<String>,
    ward: String,
    group: Option<GroupId>,
    joined_by: JoinedBy,
    term_start: NaiveDate,
    dpi_registered: Option<NaiveDate>,
    email: Option<String>,
    phone: Option<String>,
}

/// Every field is checked, and every error reported at once, so a form can mark each bad field.
fn validate(input: &MemberInput, ctx: &Context) -> Result<MemberFields, Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    let name = errors.keep(text::required_name("name", &input.name));
    let sort_name = errors.keep(text::optional_name("sort name", &input.sort_name));
    // R-M1: many parishes are not warded, so a ward is recorded only where there is one.
    let ward = errors.keep(text::optional_name("ward", &input.ward).map(Option::unwrap_or_default));
    let group = errors.keep(ctx.council.group_by_name("group", &input.group));
    let joined_by = errors.keep(JoinedBy::parse("joined by", &input.joined_by));
    let term_start = errors.keep(dates::parse_date("term start", &input.term_start));
    let dpi_registered = errors.keep(dates::parse_optional_date(
        "DPI registered",
        &input.dpi_registered,
    ));
    let email = errors.keep(text::optional_name("email", &input.email));
    let phone = errors.keep(text::optional_name("phone", &input.phone));
    if let (Some(start), Some(Some(dpi))) = (term_start, dpi_registered) {
        if dpi < start {
            errors.push(FieldError::new(
                "DPI registered",
                "is before the term start",
            ));
        }
    }
    if let Some(Some(dpi)) = dpi_registered {
        if dpi > ctx.today {
            errors.push(FieldError::new("DPI registered", "is in the future"));
        }
    }
    match (
        name,
        sort_name,
        ward,
        group,
        joined_by,
        term_start,
        dpi_registered,
        email,
        phone,
    ) {
        (
            Some(name),
            Some(sort_name),
            Some(ward),
            Some(group),
            Some(joined_by),
            Some(term_start),
            Some(dpi_registered),
            Some(email),
            Some(phone),
        ) if errors.is_empty() => Ok(MemberFields {
            name,
            sort_name,
            ward,
            group,
            joined_by,
            term_start,
            dpi_registered,
            email,
            phone,
        }),
        _ => Err(errors.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::testkit::{d, Fixture};

    /// R-M2: the form's committee choices with the committee named apart read as the CLI's office
    /// text; a bare committee office names the committee field; Staffing's chair is its own office.
    #[test]
    fn committee_offices_from_the_form() {
        assert_eq!(
            Appointment::office_text("committee chair", " Planning Committee "),
            "Planning committee chair"
        );
        assert_eq!(
            Appointment::office_text("committee vice-chair", "Finance"),
            "Finance committee vice-chair"
        );
        assert_eq!(Appointment::office_text("Chairman", "Finance"), "Chairman");
        assert_eq!(
            Appointment::parse_office("Finance committee vice-chair").unwrap(),
            Some((Office::CommitteeViceChair, Some("Finance".to_string())))
        );
        let err = Appointment::parse_office(&Appointment::office_text("committee chair", ""))
            .unwrap_err();
        assert_eq!(err.field, "office");
        assert!(
            err.message.contains("name the committee"),
            "{}",
            err.message
        );
        assert_eq!(
            Appointment::parse_office("Staffing committee chair").unwrap(),
            Some((Office::StaffingChair, None))
        );
    }

    fn input(name: &str, start: &str) -> MemberInput {
        MemberInput {
            name: name.into(),
            ward: "North".into(),
            group: "".into(),
            joined_by: "elected".into(),
            term_start: start.into(),
            ..Default::default()
        }
    }

    /// R-M1 lists: by family name (the last word), or by the sort name the clerk set, accents and
    /// case aside; serving members before those whose term ended.
    #[test]
    fn members_list_by_family_name_or_the_sort_name_set() {
        let fx = Fixture::new(d(2026, 7, 1));
        let ctx = fx.ctx();
        let make = |id, name: &str, sort: &str| {
            let mut i = input(name, "2026-05-07");
            i.sort_name = sort.into();
            Member::create(MemberId(id), &i, &ctx).unwrap()
        };
        let mut ended = make(1, "Aaron Zed", "");
        ended.term_end = Some(d(2026, 6, 1));
        let all = [
            ended,
            make(2, "Siân ap Dafydd", "ap Dafydd"),
            make(3, "Helen Baker", ""),
            make(4, "Tom Ågren-Smith", ""),
            make(5, "Rhys Dafydd", ""),
        ];
        let mut list: Vec<&Member> = all.iter().collect();
        in_list_order(&mut list);
        let names: Vec<&str> = list.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Tom Ågren-Smith",
                "Siân ap Dafydd",
                "Helen Baker",
                "Rhys Dafydd",
                "Aaron Zed"
            ]
        );
        // Set to "Dafydd", she sorts among the Dafydds, by her whole name.
        let mut sian = all[1].clone();
        sian.sort_name = Some("Dafydd".into());
        let mut list: Vec<&Member> = vec![&all[4], &sian, &all[2]];
        in_list_order(&mut list);
        let names: Vec<&str> = list.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Helen Baker", "Rhys Dafydd", "Siân ap Dafydd"]);
    }

    #[test]
    fn a_bad_sort_name_is_refused_at_its_field() {
        let fx = Fixture::new(d(2026, 7, 1));
        let mut i = input("Siân ap Dafydd", "2026-05-07");
        i.sort_name = "x".repeat(201);
        let Err(Rejection::Invalid(errors)) = Member::create(MemberId(1), &i, &fx.ctx()) else {
            panic!("a 201-character sort name is refused");
        };
        assert_eq!(errors[0].field, "sort name");
    }

    #[test]
    fn dpi_due_is_start_plus_27_days() {
        // Table: the start day is day 1 of 28 (R-M3).
        let table = [
            (d(2026, 5, 7), d(2026, 6, 3)), // May has 31 days
            (d(2026, 1, 31), d(2026, 2, 27)),
            (d(2024, 2, 10), d(2024, 3, 8)), // across a leap day
            (d(2023, 2, 10), d(2023, 3, 9)),
            (d(2026, 12, 15), d(2027, 1, 11)),
            // Starting on 29 February: day 1 is the 29th, Mar 1 day 2, .. Mar 27 day 28.
            (d(2024, 2, 29), d(2024, 3, 27)),
            // Ending on it: Feb 2 2028 is day 1, Feb 29 (a leap year) day 28.
            (d(2028, 2, 2), d(2028, 2, 29)),
            // The same start in a common year ends on 1 March.
            (d(2027, 2, 2), d(2027, 3, 1)),
            // Across a 30-day month end: Apr 30 is day 1, May 27 day 28.
            (d(2026, 4, 30), d(2026, 5, 27)),
        ];
        for (start, due) in table {
            assert_eq!(dpi_due(start), due, "start {start}");
        }
    }

    #[test]
    fn dpi_status_due_overdue_registered() {
        let fx = Fixture::new(d(2026, 6, 3));
        let m = Member::create(MemberId(1), &input("Ann Lee", "2026-05-07"), &fx.ctx()).unwrap();
        assert_eq!(
            m.dpi_status(d(2026, 6, 3)),
            DpiStatus::Due {
                due: d(2026, 6, 3),
                days_left: 0
            }
        );
        assert_eq!(
            m.dpi_status(d(2026, 6, 4)),
            DpiStatus::Overdue {
                due: d(2026, 6, 3),
                days_over: 1
            }
        );
        let ev = m
            .apply(
                MemberAction::RecordDpi {
                    on: "2026-06-01".into(),
                },
                &fx.ctx(),
            )
            .unwrap();
        assert_eq!(
            ev.member.dpi_status(d(2026, 7, 1)),
            DpiStatus::Registered(d(2026, 6, 1))
        );
        assert_eq!(ev.note, None);
    }

    #[test]
    fn late_dpi_is_recorded_with_the_offence_noted() {
        let fx = Fixture::new(d(2026, 7, 1));
        let m = Member::create(MemberId(1), &input("Ann Lee", "2026-05-07"), &fx.ctx()).unwrap();
        let ev = m
            .apply(
                MemberAction::RecordDpi {
                    on: "2026-06-20".into(),
                },
                &fx.ctx(),
            )
            .unwrap();
        assert!(ev.note.unwrap().contains("R-M3"));
    }

    #[test]
    fn a_member_of_an_unwarded_parish_needs_no_ward() {
        let fx = Fixture::new(d(2026, 7, 1));
        let input = MemberInput {
            name: "Ann Lee".into(),
            ward: "".into(),
            term_start: "2026-05-07".into(),
            ..Default::default()
        };
        let m = Member::create(MemberId(1), &input, &fx.ctx()).unwrap();
        assert_eq!(m.ward, "");
    }

    #[test]
    fn bad_fields_are_all_reported() {
        let fx = Fixture::new(d(2026, 7, 1));
        let bad = MemberInput {
            name: "".into(),
            ward: "x".repeat(201),
            group: "Purple".into(),
            joined_by: "appointed".into(),
            term_start: "31/02/2026".into(),
            ..Default::default()
        };
        let Err(Rejection::Invalid(errors)) = Member::create(MemberId(1), &bad, &fx.ctx()) else {
            panic!("expected invalid");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "ward", "group", "joined by", "term start"]);
    }

    #[test]
    fn every_action_outside_available_is_refused_in_every_state() {
        let fx = Fixture::new(d(2026, 7, 1));
        let serving =
            Member::create(MemberId(1), &input("Ann Lee", "2026-05-07"), &fx.ctx()).unwrap();
        let registered = serving
            .apply(
                MemberAction::RecordDpi {
                    on: "2026-05-08".into(),
                },
                &fx.ctx(),
            )
            .unwrap()
            .member;
        let ended = serving
            .apply(
                MemberAction::EndTerm {
                    on: "2026-06-30".into(),
                    reason: "resigned".into(),
                },
                &fx.ctx(),
            )
            .unwrap()
            .member;
        let example = |k: MemberActionKind| match k {
            MemberActionKind::Edit => MemberAction::Edit(input("Ann Lee", "2026-05-07")),
            MemberActionKind::RecordDpi => MemberAction::RecordDpi {
                on: "2026-06-01".into(),
            },
            MemberActionKind::Appoint => MemberAction::Appoint {
                office: "Chairman".into(),
                from: "2026-06-01".into(),
            },
            MemberActionKind::EndTerm => MemberAction::EndTerm {
                on: "2026-06-30".into(),
                reason: "resigned".into(),
            },
        };
        for m in [&serving, &registered, &ended] {
            for kind in MemberActionKind::ALL {
                let result = m.apply(example(kind), &fx.ctx());
                if m.offered().contains(&kind) {
                    assert!(
                        result.is_ok(),
                        "{kind:?} should be allowed in {:?}",
                        m.state()
                    );
                } else {
                    let Err(Rejection::Refused(r)) = result else {
                        panic!("{kind:?} should be refused")
                    };
                    assert!(r.cite.rule.starts_with("R-M"), "{r}");
                }
            }
        }
        assert!(ended.offered().is_empty());
    }

    #[test]
    fn appointing_to_an_office_names_it_and_an_independent_leads_no_group() {
        let fx = Fixture::new(d(2026, 7, 1));
        let m = Member::create(MemberId(1), &input("Ann Lee", "2026-05-07"), &fx.ctx()).unwrap();
        let ev = m
            .apply(
                MemberAction::Appoint {
                    office: "vice chairman".into(),
                    from: "2026-05-20".into(),
                },
                &fx.ctx(),
            )
            .unwrap();
        assert_eq!(
            ev.appointed,
            Some(Appointment::Council(Office::ViceChairman, d(2026, 5, 20)))
        );
        let Err(Rejection::Refused(r)) = m.apply(
            MemberAction::Appoint {
                office: "group leader".into(),
                from: "2026-05-20".into(),
            },
            &fx.ctx(),
        ) else {
            panic!("an independent cannot lead a group")
        };
        assert_eq!(r.cite.rule, "R-M1");
        assert!(m
            .apply(
                MemberAction::Appoint {
                    office: "Pope".into(),
                    from: "2026-05-20".into()
                },
                &fx.ctx()
            )
            .is_err());
        assert!(m
            .apply(
                MemberAction::Appoint {
                    office: "Leader".into(),
                    from: "2020-01-01".into()
                },
                &fx.ctx()
            )
            .is_err());
    }

    #[test]
    fn a_term_cannot_end_before_an_office_it_ends_began() {
        let mut fx = Fixture::new(d(2026, 7, 1));
        let m = Member::create(MemberId(1), &input("Ann Lee", "2026-05-07"), &fx.ctx()).unwrap();
        fx.council
            .appoint(
                crate::domain::council::Office::StaffingChair,
                MemberId(1),
                d(2026, 5, 21),
            )
            .unwrap();
        let end = |on: &str| {
            m.apply(
                MemberAction::EndTerm {
                    on: on.into(),
                    reason: "resigned".into(),
                },
                &fx.ctx(),
            )
        };
        let refused = end("2026-05-20").unwrap_err().to_string();
        assert!(refused.contains("2026-05-21"), "{refused}");
        assert!(end("2026-05-21").is_ok());
    }

    #[test]
    fn end_term_needs_a_reason_and_a_sane_date() {
        let fx = Fixture::new(d(2026, 7, 1));
        let m = Member::create(MemberId(1), &input("Ann Lee", "2026-05-07"), &fx.ctx()).unwrap();
        assert!(m
            .apply(
                MemberAction::EndTerm {
                    on: "2026-06-30".into(),
                    reason: " ".into()
                },
                &fx.ctx()
            )
            .is_err());
        assert!(m
            .apply(
                MemberAction::EndTerm {
                    on: "2026-01-01".into(),
                    reason: "x".into()
                },
                &fx.ctx()
            )
            .is_err());
    }
}
