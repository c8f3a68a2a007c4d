//! The case record: what was raised, where it stands, and everything recorded on the way.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::triage::{self, Proposal};
use super::{BreachCategory, Channel, ConflictRegister, Handler, Path, PersonRef};
use crate::domain::calendar::CalendarKind;
use crate::domain::dates;
use crate::domain::figures::Figure;
use crate::domain::ids::MemberId;
use crate::domain::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use crate::domain::text;
use crate::domain::Context;

/// R-E1 stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GrievanceState {
    /// Routed; informal resolution comes first (R-E1.1).
    Raised,
    /// Conciliation or mediation under way.
    Informal,
    /// Written grievance received; a panel is to be appointed (R-E1.2).
    Formal,
    PanelAppointed,
    HearingHeld,
    /// Upheld or partly upheld: the Clerk's four steps (R-E1.5).
    Upheld,
    /// Not upheld: the appeal window is open (R-E1.6).
    AppealWindow,
    AppealLodged,
    AppealPanelAppointed,
}

/// R-E2 stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConcernState {
    Raised,
    Informal,
    /// A capability matter or the Disciplinary Procedure (R-E2.4).
    Formal,
    /// Decided, where the council's protocol has members hear an appeal (LLTC §8.8). Last, so
    /// records stored before it read unchanged.
    Decided,
}

/// R-E3 stages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreachState {
    Logged,
    ReviewedByClerk,
    ResolvedInformally,
    ReferredToMonitoringOfficer,
    ConvertedToCase,
}

/// Where a case stands. Each path has its own stages; closed is common to all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    Grievance(GrievanceState),
    Concern(ConcernState),
    Breach(BreachState),
    Closed,
}

impl CaseState {
    pub fn label(self) -> &'static str {
        match self {
            CaseState::Grievance(s) => match s {
                GrievanceState::Raised => "raised",
                GrievanceState::Informal => "informal resolution",
                GrievanceState::Formal => "formal: panel to appoint",
                GrievanceState::PanelAppointed => "panel appointed: hearing due",
                GrievanceState::HearingHeld => "hearing held: decision due",
                GrievanceState::Upheld => "upheld: the Clerk's steps",
                GrievanceState::AppealWindow => "not upheld: appeal window",
                GrievanceState::AppealLodged => "appeal lodged: panel to appoint",
                GrievanceState::AppealPanelAppointed => "appeal panel appointed",
            },
            CaseState::Concern(s) => match s {
                ConcernState::Raised => "raised",
                ConcernState::Informal => "informal resolution",
                ConcernState::Formal => "formal: outcome due",
                ConcernState::Decided => "decided: members may hear an appeal",
            },
            CaseState::Breach(s) => match s {
                BreachState::Logged => "logged",
                BreachState::ReviewedByClerk => "reviewed by the Clerk",
                BreachState::ResolvedInformally => "resolved informally",
                BreachState::ReferredToMonitoringOfficer => "referred to the Monitoring Officer",
                BreachState::ConvertedToCase => "turned into a case",
            },
            CaseState::Closed => "closed",
        }
    }
}

/// The outcome of a hearing, an appeal or a formal concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Upheld,
    PartlyUpheld,
    NotUpheld,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Upheld, Outcome::PartlyUpheld, Outcome::NotUpheld];

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Upheld => "upheld",
            Outcome::PartlyUpheld => "partly upheld",
            Outcome::NotUpheld => "not upheld",
        }
    }

    /// Upheld wholly or in part (R-E1.5).
    pub fn is_upheld(self) -> bool {
        match self {
            Outcome::Upheld | Outcome::PartlyUpheld => true,
            Outcome::NotUpheld => false,
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key = raw.trim().to_lowercase().replace(['-', '_'], " ");
        Outcome::ALL
            .into_iter()
            .find(|o| o.label() == key)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!(
                        "'{}' is not upheld, partly upheld or not upheld",
                        raw.trim()
                    ),
                )
            })
    }
}

/// R-E2.4: the formal route for a concern about an officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConcernRoute {
    Capability,
    Disciplinary,
}

impl ConcernRoute {
    pub const ALL: [ConcernRoute; 2] = [ConcernRoute::Capability, ConcernRoute::Disciplinary];

    pub fn label(self) -> &'static str {
        match self {
            ConcernRoute::Capability => "capability (performance)",
            ConcernRoute::Disciplinary => "Disciplinary Procedure",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key = raw.trim().to_lowercase();
        if key.starts_with("capab") || key.starts_with("perf") {
            Ok(ConcernRoute::Capability)
        } else if key.starts_with("discip") {
            Ok(ConcernRoute::Disciplinary)
        } else {
            Err(FieldError::new(
                field,
                format!("'{}' is not capability or disciplinary", raw.trim()),
            ))
        }
    }
}

/// The Clerk's steps once a grievance is upheld (R-E1.5, CAV §5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    AdviseLeader,
    AdviseGroupLeader,
    ConsultChairman,
    ConsultViceChairman,
}

impl Step {
    pub const ALL: [Step; 4] = [
        Step::AdviseLeader,
        Step::AdviseGroupLeader,
        Step::ConsultChairman,
        Step::ConsultViceChairman,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Step::AdviseLeader => "advise the Leader",
            Step::AdviseGroupLeader => "advise the group leader",
            Step::ConsultChairman => "consult the Chairman",
            Step::ConsultViceChairman => "consult the Vice-Chairman",
        }
    }

    /// A short key: `leader`, `group`, `chairman`, `vice`.
    pub fn key(self) -> &'static str {
        match self {
            Step::AdviseLeader => "leader",
            Step::AdviseGroupLeader => "group",
            Step::ConsultChairman => "chairman",
            Step::ConsultViceChairman => "vice",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key = raw.trim().to_lowercase();
        let key = key.as_str();
        Step::ALL
            .into_iter()
            .find(|s| {
                s.key() == key
                    || s.label() == key
                    || matches!(
                        (s, key),
                        (Step::AdviseGroupLeader, "group leader")
                            | (Step::ConsultViceChairman, "vice-chairman" | "vice chairman")
                    )
            })
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!(
                        "'{}' is not a step (leader, group, chairman, vice)",
                        raw.trim()
                    ),
                )
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepRecord {
    Recorded {
        on: NaiveDate,
        note: String,
    },
    /// Only with the reason the system derives (R-E1.5).
    NotApplicable {
        reason: String,
    },
}

/// The four R-E1.5 steps, each `None` until recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Steps {
    pub advise_leader: Option<StepRecord>,
    pub advise_group_leader: Option<StepRecord>,
    pub consult_chairman: Option<StepRecord>,
    pub consult_vice_chairman: Option<StepRecord>,
}

impl Steps {
    pub fn get(&self, step: Step) -> Option<&StepRecord> {
        match step {
            Step::AdviseLeader => self.advise_leader.as_ref(),
            Step::AdviseGroupLeader => self.advise_group_leader.as_ref(),
            Step::ConsultChairman => self.consult_chairman.as_ref(),
            Step::ConsultViceChairman => self.consult_vice_chairman.as_ref(),
        }
    }

    pub(super) fn set(&mut self, step: Step, record: StepRecord) {
        let slot = match step {
            Step::AdviseLeader => &mut self.advise_leader,
            Step::AdviseGroupLeader => &mut self.advise_group_leader,
            Step::ConsultChairman => &mut self.consult_chairman,
            Step::ConsultViceChairman => &mut self.consult_vice_chairman,
        };
        *slot = Some(record);
    }

    pub fn outstanding(&self) -> Vec<Step> {
        Step::ALL
            .into_iter()
            .filter(|s| self.get(*s).is_none())
            .collect()
    }

    pub fn complete(&self) -> bool {
        self.outstanding().is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Informal {
    pub started_on: NaiveDate,
    /// Who conciliates or mediates.
    pub by: String,
    pub note: String,
    pub resolved_on: Option<NaiveDate>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hearing {
    pub on: NaiveDate,
    /// R-E1.3: the officer may bring a companion.
    pub companion: Option<String>,
}

/// R-E1.4 (or R-E3): a referral to the Monitoring Officer, with the date and the answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoReferral {
    pub on: NaiveDate,
    pub note: String,
    pub answered_on: Option<NaiveDate>,
    pub answer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub on: NaiveDate,
    pub outcome: Outcome,
    pub note: String,
    pub by: PersonRef,
}

/// R-E1.6: an appeal against a decision not upholding the grievance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appeal {
    pub lodged_on: NaiveDate,
    pub grounds: String,
    pub panel: Vec<MemberId>,
    /// The final decision.
    pub decision: Option<Decision>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// This breach was turned into the linked case.
    ConvertedTo,
    /// This case came from the linked breach.
    ConvertedFrom,
    /// A breach was logged alongside this case (R-E2.2).
    BreachLogged,
    /// This breach was logged alongside the linked case.
    LoggedAlongside,
}

impl LinkKind {
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::ConvertedTo => "turned into",
            LinkKind::ConvertedFrom => "from breach",
            LinkKind::BreachLogged => "breach logged",
            LinkKind::LoggedAlongside => "logged alongside",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLink {
    pub kind: LinkKind,
    pub reference: String,
}

/// What was typed when a matter was first recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseInput {
    pub raised_by: PersonRef,
    pub about: PersonRef,
    pub channel: Channel,
    pub raised_on: String,
    pub summary: String,
    pub confidential: bool,
}

impl CaseInput {
    /// The capture's own mistakes, every one, before any triage: who raised it and who it is
    /// about, the day, an empty summary, the same person on both sides. [`Case::open`] checks
    /// the same, so a face can show them on the capture form rather than after triage.
    pub fn check(&self, ctx: &Context) -> Result<(NaiveDate, String), Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        errors.keep(self.raised_by.check("raised by", ctx));
        errors.keep(self.about.check("about", ctx));
        let raised_on = errors.keep(dates::parse_date("raised on", &self.raised_on));
        if raised_on.is_some_and(|d| d > ctx.today) {
            errors.push(FieldError::new("raised on", "is in the future"));
        }
        let summary = errors.keep(text::note("summary", &self.summary));
        if summary.as_deref().is_some_and(|s| s.trim().is_empty()) {
            errors.push(FieldError::new("summary", "must not be empty"));
        }
        if self.raised_by.same_as(&self.about) {
            errors.push(FieldError::new(
                "about",
                "is the person who raised it: nobody raises a case about themselves",
            ));
        }
        match (raised_on, summary) {
            (Some(day), Some(summary)) if errors.is_empty() => Ok((day, summary)),
            _ => Err(errors.0),
        }
    }
}

/// A case on one of the R-E paths. The store keeps it; every change goes through [`Case::apply`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub reference: String,
    pub path: Path,
    pub raised_by: PersonRef,
    pub about: PersonRef,
    pub channel: Channel,
    pub raised_on: NaiveDate,
    pub summary: String,
    pub confidential: bool,
    pub handlers: Vec<Handler>,
    /// The rule and clause the routing rests on.
    pub route_cite: Cite,
    /// Why the clerk chose a path other than the proposal's.
    pub choice_reason: Option<String>,
    pub state: CaseState,
    pub informal: Option<Informal>,
    /// R-E1.1: why informal resolution was not tried.
    pub informal_skipped: Option<String>,
    /// R-E1.2: the date of the written grievance; R-E2.4: the date the formal route began.
    pub formal_on: Option<NaiveDate>,
    pub concern_route: Option<ConcernRoute>,
    pub panel: Vec<MemberId>,
    pub hearing: Option<Hearing>,
    pub mo_referral: Option<MoReferral>,
    /// The first decision (the hearing's, or a formal concern's outcome).
    pub decision: Option<Decision>,
    pub steps: Steps,
    pub appeal: Option<Appeal>,
    /// R-E3: the Clerk's review.
    pub reviewed_on: Option<NaiveDate>,
    pub review_note: Option<String>,
    pub links: Vec<CaseLink>,
    /// A breach to log alongside (R-E2.2), until the store does so with [`Case::log_also_breach`].
    pub pending_breach: Option<BreachCategory>,
    pub closed_on: Option<NaiveDate>,
    pub closing_note: Option<String>,
    /// Steps only the council's own model has (BOR §2.7 direct discussion, BOR §2.8
    /// consultation), in the order taken. Last, so a record of version 1 reads with none.
    pub model_steps: Vec<ModelStepRecord>,
}

/// A step of a case that only some models have (see `Profile::model_steps`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelStep {
    /// R-E2.1 (BOR §2.7): the member's direct discussion with the employee, first.
    DirectDiscussion,
    /// R-E1.1 (BOR §2.8): the handler consulted the member complained about.
    ConsultMember,
    /// R-E1.1 (BOR §2.8): the handler consulted the member's group leader.
    ConsultGroupLeader,
}

impl ModelStep {
    pub fn label(self) -> &'static str {
        match self {
            ModelStep::DirectDiscussion => "direct discussion with the employee",
            ModelStep::ConsultMember => "the member concerned consulted",
            ModelStep::ConsultGroupLeader => "the member's group leader consulted",
        }
    }
}

/// One model step as recorded: when, who took it, and a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelStepRecord {
    pub step: ModelStep,
    pub on: NaiveDate,
    pub by: PersonRef,
    pub note: String,
}

/// A date a step is due by (R-E1.3 hearing, R-E1.6 appeal window), and the calendar it was
/// counted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub due: NaiveDate,
    pub what: &'static str,
    pub cite: Cite,
    pub calendar: CalendarKind,
    /// Loud: the count ran past the years of bank-holiday data.
    pub warning: Option<String>,
    /// The target the date was counted with, saying whether it is the council's default or its
    /// own figure ("5 working days (council default)"; RULES.md, top).
    pub target: String,
}

impl Deadline {
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        today > self.due
    }

    /// `hearing by 2026-11-27 (council calendar)`, with the warning where there is one.
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} by {} ({}; target {})",
            self.what,
            dates::show(self.due),
            self.calendar.label(),
            self.target
        );
        if let Some(w) = &self.warning {
            text.push_str(" — ");
            text.push_str(w);
        }
        text
    }
}

impl Case {
    /// Opens a case on `chosen_path`. A path other than the proposal's needs `choice_reason`.
    pub fn open(
        reference: String,
        input: &CaseInput,
        proposal: &Proposal,
        chosen_path: Path,
        choice_reason: &str,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Result<Case, Rejection> {
        let mut errors = FieldErrors::default();
        let reference = errors.keep(text::required_name("reference", &reference));
        let (raised_on, summary) = match input.check(ctx) {
            Ok((day, summary)) => (Some(day), Some(summary)),
            Err(found) => {
                for e in found {
                    errors.push(e);
                }
                (None, None)
            }
        };
        let choice_reason = errors.keep(text::note("reason", choice_reason));
        let overridden = chosen_path != proposal.path;
        if overridden
            && choice_reason
                .as_deref()
                .is_some_and(|r| r.trim().is_empty())
        {
            errors.push(FieldError::new(
                "reason",
                format!(
                    "say why this is not handled as proposed ({})",
                    proposal.path.label()
                ),
            ));
        }
        let (Some(reference), Some(raised_on), Some(summary), Some(choice_reason), true) = (
            reference,
            raised_on,
            summary,
            choice_reason,
            errors.is_empty(),
        ) else {
            return Err(Rejection::Invalid(errors.0));
        };
        check_parties_fit(chosen_path, &input.raised_by, &input.about)?;
        if let Path::Breach(category) = chosen_path {
            category.check(&input.about, ctx)?;
        }
        let (handlers, route_cite) = if overridden {
            let (handlers, _) =
                triage::route(chosen_path, &input.raised_by, &input.about, ctx, register);
            let cite = match chosen_path {
                Path::OfficerGrievance => {
                    Cite::new("R-E1", ctx.profile.officer_grievance.clause.clone())
                }
                Path::MemberConcern => Cite::new("R-E2.1", concern_clause(&input.about, ctx)),
                Path::Breach(category) => category.cite(),
            };
            (handlers, cite)
        } else {
            (proposal.handlers.clone(), proposal.cite.clone())
        };
        let mut handlers = handlers;
        // R-E1.7: a concern nobody may decide says so from the start, and offers the way out.
        if chosen_path == Path::MemberConcern
            && triage::concern_deciders(&input.raised_by, &input.about, ctx, register).is_empty()
            && !handlers.iter().any(|h| h.person.is_none())
        {
            handlers.push(Handler {
                role: crate::domain::profile::Role::IndependentPerson,
                person: None,
            });
        }
        let state = match chosen_path {
            Path::OfficerGrievance => CaseState::Grievance(GrievanceState::Raised),
            Path::MemberConcern => CaseState::Concern(ConcernState::Raised),
            Path::Breach(_) => CaseState::Breach(BreachState::Logged),
        };
        let pending_breach = triage::also_breach(chosen_path, input.channel);
        Ok(Case {
            reference,
            path: chosen_path,
            raised_by: input.raised_by.clone(),
            about: input.about.clone(),
            channel: input.channel,
            raised_on,
            summary,
            confidential: input.confidential,
            handlers,
            route_cite,
            choice_reason: overridden.then_some(choice_reason),
            state,
            informal: None,
            informal_skipped: None,
            formal_on: None,
            concern_route: None,
            panel: Vec::new(),
            hearing: None,
            mo_referral: None,
            decision: None,
            steps: Steps::default(),
            appeal: None,
            reviewed_on: None,
            review_note: None,
            links: Vec::new(),
            pending_breach,
            closed_on: None,
            closing_note: None,
            model_steps: Vec::new(),
        })
    }

    /// R-E2.2: logs the breach that goes with this case (a concern raised at a public meeting).
    /// Returns this case, linked and with nothing pending, and the new breach case, linked back;
    /// the store writes both. `None` when nothing is pending.
    pub fn log_also_breach(
        &self,
        reference: String,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Option<(Case, Case)> {
        let category = self.pending_breach?;
        let mut case = self.clone();
        case.pending_breach = None;
        case.links.push(CaseLink {
            kind: LinkKind::BreachLogged,
            reference: reference.clone(),
        });
        let (handlers, _) = triage::route(
            Path::Breach(category),
            &self.raised_by,
            &self.about,
            ctx,
            register,
        );
        let mut breach = self.clone();
        breach.reference = reference;
        breach.path = Path::Breach(category);
        breach.handlers = handlers;
        breach.route_cite = Cite::new("R-E2.2", category.clause());
        breach.choice_reason = None;
        breach.state = CaseState::Breach(BreachState::Logged);
        breach.pending_breach = None;
        breach.links = vec![CaseLink {
            kind: LinkKind::LoggedAlongside,
            reference: self.reference.clone(),
        }];
        Some((case, breach))
    }

    /// The final outcome: the appeal's when there was one, else the first decision's.
    pub fn outcome(&self) -> Option<Outcome> {
        self.appeal
            .as_ref()
            .and_then(|a| a.decision.as_ref())
            .or(self.decision.as_ref())
            .map(|d| d.outcome)
    }

    /// The next date the protocol sets for this case, if any.
    pub fn next_deadline(&self, ctx: &Context) -> Option<Deadline> {
        let days = &ctx.profile.deadlines;
        match self.state {
            CaseState::Grievance(GrievanceState::Formal | GrievanceState::PanelAppointed) => {
                let cal = &ctx.calendars.council;
                self.formal_on.map(|written| {
                    let due = cal.add_working_days(written, days.hearing_working_days);
                    Deadline {
                        due,
                        what: "hearing",
                        cite: Cite::new("R-E1.3", "ACAS Code of Practice"),
                        calendar: cal.kind(),
                        warning: cal.warning(written, due),
                        target: days.wording(Figure::Hearing),
                    }
                })
            }
            CaseState::Grievance(GrievanceState::AppealWindow) => {
                let cal = &ctx.calendars.council;
                self.appeal_due(ctx).map(|due| Deadline {
                    due,
                    what: "appeal window closes",
                    cite: Cite::new("R-E1.6", "ACAS Code of Practice"),
                    calendar: cal.kind(),
                    warning: self.decision.as_ref().and_then(|d| cal.warning(d.on, due)),
                    target: days.wording(Figure::Appeal),
                })
            }
            // R-I5: a member's complaint about an officer is answered in good time: the handler's
            // first step (informal resolution, the formal route, or closing it) is due within
            // the profile's complaint target.
            CaseState::Concern(ConcernState::Raised) => {
                let cal = &ctx.calendars.council;
                let due = cal.add_working_days(self.raised_on, days.complaint_working_days);
                Some(Deadline {
                    due,
                    // Short enough for the Grievances list at 80x24 (what, then by when).
                    what: "reply owed",
                    // Shown as it stands on every face: the council's own protocol's clause.
                    cite: ctx
                        .profile
                        .localise(Cite::new("R-I5", "CAV §3.1d, TWY §3.1, LLTC §5.4")),
                    calendar: cal.kind(),
                    warning: cal.warning(self.raised_on, due),
                    target: format!(
                        "{} working days (the council's target)",
                        days.complaint_working_days
                    ),
                })
            }
            CaseState::Grievance(
                GrievanceState::Raised
                | GrievanceState::Informal
                | GrievanceState::HearingHeld
                | GrievanceState::Upheld
                | GrievanceState::AppealLodged
                | GrievanceState::AppealPanelAppointed,
            )
            | CaseState::Concern(
                ConcernState::Informal | ConcernState::Formal | ConcernState::Decided,
            )
            | CaseState::Breach(_)
            | CaseState::Closed => None,
        }
    }

    /// Whether the next deadline has passed.
    pub fn is_overdue(&self, ctx: &Context) -> bool {
        self.next_deadline(ctx)
            .is_some_and(|d| d.is_overdue(ctx.today))
    }

    /// The last day an appeal may be lodged (R-E1.6), on the council calendar.
    pub fn appeal_due(&self, ctx: &Context) -> Option<NaiveDate> {
        self.decision.as_ref().map(|d| {
            ctx.calendars
                .council
                .add_working_days(d.on, ctx.profile.deadlines.appeal_working_days)
        })
    }

    /// The latest date recorded on the case: no later step may be dated before it.
    pub(super) fn last_date(&self) -> NaiveDate {
        let mut dates = vec![self.raised_on];
        if let Some(i) = &self.informal {
            dates.push(i.started_on);
            dates.extend(i.resolved_on);
        }
        dates.extend(self.formal_on);
        dates.extend(self.hearing.as_ref().map(|h| h.on));
        if let Some(r) = &self.mo_referral {
            dates.push(r.on);
            dates.extend(r.answered_on);
        }
        dates.extend(self.decision.as_ref().map(|d| d.on));
        if let Some(a) = &self.appeal {
            dates.push(a.lodged_on);
            dates.extend(a.decision.as_ref().map(|d| d.on));
        }
        dates.extend(self.reviewed_on);
        for step in Step::ALL {
            if let Some(StepRecord::Recorded { on, .. }) = self.steps.get(step) {
                dates.push(*on);
            }
        }
        dates.into_iter().max().unwrap_or(self.raised_on)
    }

    /// Field by field, for audit summaries and exports.
    pub fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        let names = |ids: &[MemberId]| {
            ids.iter()
                .map(|m| PersonRef::Member(*m).name(ctx))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let step = |s: Step| match self.steps.get(s) {
            Some(StepRecord::Recorded { on, note }) => format!("{} {}", dates::show(*on), note),
            Some(StepRecord::NotApplicable { reason }) => format!("n/a: {reason}"),
            None => String::new(),
        };
        vec![
            ("reference", self.reference.clone()),
            ("path", self.path.label().to_string()),
            ("raised by", self.raised_by.name(ctx)),
            ("about", self.about.name(ctx)),
            ("channel", self.channel.label().to_string()),
            ("raised on", dates::show(self.raised_on)),
            ("state", self.state.label().to_string()),
            (
                "informal skipped",
                self.informal_skipped.clone().unwrap_or_default(),
            ),
            (
                "formal on",
                self.formal_on.map(dates::show).unwrap_or_default(),
            ),
            ("panel", names(&self.panel)),
            (
                "hearing",
                self.hearing
                    .as_ref()
                    .map(|h| dates::show(h.on))
                    .unwrap_or_default(),
            ),
            (
                "decision",
                self.decision
                    .as_ref()
                    .map(|d| d.outcome.label().to_string())
                    .unwrap_or_default(),
            ),
            ("advise Leader", step(Step::AdviseLeader)),
            ("advise group leader", step(Step::AdviseGroupLeader)),
            ("consult Chairman", step(Step::ConsultChairman)),
            ("consult Vice-Chairman", step(Step::ConsultViceChairman)),
            (
                "appeal panel",
                self.appeal
                    .as_ref()
                    .map(|a| names(&a.panel))
                    .unwrap_or_default(),
            ),
            (
                "model steps",
                self.model_steps
                    .iter()
                    .map(|r| format!("{} {}", r.step.label(), dates::show(r.on)))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            (
                "closed on",
                self.closed_on.map(dates::show).unwrap_or_default(),
            ),
        ]
    }

    /// When a model step was recorded, if it was.
    pub fn model_step(&self, step: ModelStep) -> Option<&ModelStepRecord> {
        self.model_steps.iter().find(|r| r.step == step)
    }
}

fn concern_clause(about: &PersonRef, ctx: &Context) -> String {
    if triage::is_clerk(about, ctx) {
        ctx.profile.member_concern_about_clerk.clause.clone()
    } else {
        ctx.profile.member_concern.clause.clone()
    }
}

/// R-E1 is an officer's grievance about a member; R-E2 a member's concern about an officer.
pub(super) fn check_parties_fit(
    path: Path,
    raised_by: &PersonRef,
    about: &PersonRef,
) -> Result<(), Refusal> {
    match (path, raised_by, about) {
        (Path::OfficerGrievance, PersonRef::Officer(_), PersonRef::Member(_))
        | (Path::MemberConcern, PersonRef::Member(_), PersonRef::Officer(_))
        | (Path::Breach(_), _, _) => Ok(()),
        (Path::OfficerGrievance, _, _) => Err(Refusal::new(
            "R-E1",
            "CAV §5.1",
            "an R-E1 grievance is an officer's grievance about a member",
        )),
        (Path::MemberConcern, _, _) => Err(Refusal::new(
            "R-E2",
            "CAV §5.2",
            "an R-E2 concern is a member's concern about an officer",
        )),
    }
}
