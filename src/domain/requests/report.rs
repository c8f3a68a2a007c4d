//! Reports prepared for a political group (R-G1, R-G2, R-G4).
//!
//! Banbury model (CAV §4.2): the report states facts and options only (R-G1, §4.2b); afterwards every
//! other group is told it exists and any group may have a copy (R-G2, §4.2c). Borough model (BOR §2.4):
//! advice to a group is confidential to it, the facts behind it available to all members on request;
//! no group is told. Where the protocol is silent the Banbury steps are followed, citing the profile's
//! clause as given.

use crate::domain::machine::inherent_spec_methods;
use crate::domain::machine::Machine;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    check_tell, group_names, past_date, past_date_after, political_group, show_told, untold,
};
use crate::domain::dates;
use crate::domain::ids::GroupId;
use crate::domain::profile::GroupReportPolicy;
use crate::domain::rules::{Cite, FieldErrors, Refusal, Rejection};
use crate::domain::text;
use crate::domain::Context;

/// What the record says under the borough model (BOR §2.4) once the report is prepared.
pub const FACTS_AVAILABLE: &str = "facts available to all members on request";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportState {
    Requested,
    /// The R-G1 checklist is confirmed and the report given to the group.
    Prepared,
    /// Every other group is recorded as told (R-G2).
    OtherGroupsTold,
    Complete,
}

impl ReportState {
    pub fn label(self) -> &'static str {
        match self {
            ReportState::Requested => "requested",
            ReportState::Prepared => "prepared",
            ReportState::OtherGroupsTold => "other groups told",
            ReportState::Complete => "complete",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupReport {
    pub id: u32,
    /// The group the report is for.
    pub group: GroupId,
    pub subject: String,
    pub requested_on: NaiveDate,
    /// The rules the report follows: the profile's policy when it was requested.
    pub policy: GroupReportPolicy,
    /// The profile's clause for group reports, as given (cited where the protocol is silent).
    pub clause: String,
    /// R-G1: the day the Clerk confirmed all four points of the checklist.
    pub checklist: Option<NaiveDate>,
    pub prepared_on: Option<NaiveDate>,
    /// R-G2: each other group and the day it was told the report exists.
    pub told: Vec<(GroupId, NaiveDate)>,
    /// R-G2: copies given to groups that asked.
    pub copies_given: Vec<(GroupId, NaiveDate)>,
    /// R-G4 (BOR §2.4): the facts behind the advice are available to all members on request.
    pub facts_available_on_request: bool,
    pub completed_on: Option<NaiveDate>,
    pub state: ReportState,
}

/// What the clerk typed to open a report record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupReportInput {
    /// The group asking, by name or reference (`Green`, `G-01`).
    pub group: String,
    pub subject: String,
    pub requested_on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportActionKind {
    Prepare,
    TellGroup,
    GiveCopy,
    Complete,
}

impl ReportActionKind {
    pub const ALL: [ReportActionKind; 4] = [
        ReportActionKind::Prepare,
        ReportActionKind::TellGroup,
        ReportActionKind::GiveCopy,
        ReportActionKind::Complete,
    ];
}

/// One step on a report, as typed (dates `YYYY-MM-DD` or `DD/MM/YYYY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportAction {
    /// R-G1: the Clerk confirms each point; all four must be true.
    Prepare {
        on: String,
        states_facts: bool,
        options_with_merits_and_demerits: bool,
        no_political_implications: bool,
        no_recommendation: bool,
    },
    /// R-G2: another group told that the report exists.
    TellGroup {
        group: String,
        on: String,
    },
    /// R-G2: a copy given to a group that asked.
    GiveCopy {
        group: String,
        on: String,
    },
    Complete {
        on: String,
    },
}

inherent_spec_methods!(ReportActionKind);

impl ReportAction {
    pub fn kind(&self) -> ReportActionKind {
        match self {
            ReportAction::Prepare { .. } => ReportActionKind::Prepare,
            ReportAction::TellGroup { .. } => ReportActionKind::TellGroup,
            ReportAction::GiveCopy { .. } => ReportActionKind::GiveCopy,
            ReportAction::Complete { .. } => ReportActionKind::Complete,
        }
    }
}

/// An accepted step: the report as it now is, and what the audit trail says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportEvent {
    pub report: GroupReport,
    pub action: &'static str,
    pub note: Option<String>,
    pub cite: Option<Cite>,
}

impl GroupReport {
    /// Validates a new report record. `id` is the next free number, chosen by the store.
    pub fn create(
        id: u32,
        input: &GroupReportInput,
        ctx: &Context,
    ) -> Result<GroupReport, Rejection> {
        let mut errors = FieldErrors::default();
        let group = errors.keep(political_group("group", &input.group, ctx));
        let subject = errors.keep(text::required_name("subject", &input.subject));
        let requested_on = errors.keep(past_date("requested on", &input.requested_on, ctx));
        match (group, subject, requested_on) {
            (Some(group), Some(subject), Some(requested_on)) if errors.is_empty() => {
                Ok(GroupReport {
                    id,
                    group,
                    subject,
                    requested_on,
                    policy: ctx.profile.group_reports,
                    clause: ctx.profile.group_reports_clause.clone(),
                    checklist: None,
                    prepared_on: None,
                    told: Vec::new(),
                    copies_given: Vec::new(),
                    facts_available_on_request: false,
                    completed_on: None,
                    state: ReportState::Requested,
                })
            }
            _ => Err(Rejection::Invalid(errors.0)),
        }
    }

    /// Whether other groups are told and may have copies (Banbury, and where the protocol is silent).
    /// R-G2 unless the report is confidential to its group (R-I4, `privacy`): one rule for both.
    fn tells_others(&self) -> bool {
        !self.is_private()
    }

    /// The clause to cite: the Banbury paragraph under the Banbury model, else the profile's clause.
    fn clause_for(&self, banbury: &str) -> String {
        match self.policy {
            GroupReportPolicy::OtherGroupsTold => banbury.to_string(),
            GroupReportPolicy::ConfidentialFactsAvailable | GroupReportPolicy::NotCovered => {
                self.clause.clone()
            }
        }
    }

    fn g1(&self) -> Cite {
        Cite::new("R-G1", self.clause_for("CAV §4.2b"))
    }

    fn g2(&self) -> Cite {
        Cite::new("R-G2", self.clause_for("CAV §4.2c"))
    }

    fn g4(&self) -> Cite {
        Cite::new("R-G4", self.clause.clone())
    }

    fn r_g1(&self, reason: impl Into<String>) -> Refusal {
        Refusal {
            cite: self.g1(),
            reason: reason.into(),
        }
    }

    fn r_g2(&self, reason: impl Into<String>) -> Refusal {
        Refusal {
            cite: self.g2(),
            reason: reason.into(),
        }
    }

    fn r_g4(&self, reason: impl Into<String>) -> Refusal {
        Refusal {
            cite: self.g4(),
            reason: reason.into(),
        }
    }

    /// The other groups not yet told (empty under the borough model, where none are told).
    /// The groups the report waits on (R-G2): those not yet told, once there is a report to tell
    /// them of. Both faces show exactly this.
    pub fn waiting_on(&self, ctx: &Context) -> Vec<GroupId> {
        match self.state {
            ReportState::Requested => Vec::new(),
            _ => self.untold_groups(ctx),
        }
    }

    pub fn untold_groups(&self, ctx: &Context) -> Vec<GroupId> {
        if !self.tells_others() {
            return Vec::new();
        }
        untold(ctx.council, self.group, &self.told)
            .iter()
            .map(|g| g.id)
            .collect()
    }

    fn offered(&self, ctx: &Context) -> Vec<ReportActionKind> {
        use ReportActionKind as K;
        let untold_left = !self.untold_groups(ctx).is_empty();
        match (self.state, self.tells_others()) {
            (ReportState::Requested, _) => vec![K::Prepare],
            (ReportState::Prepared | ReportState::OtherGroupsTold, true) => {
                let mut v = Vec::new();
                if untold_left {
                    v.push(K::TellGroup);
                }
                v.push(K::GiveCopy);
                if !untold_left {
                    v.push(K::Complete);
                }
                v
            }
            (ReportState::Prepared | ReportState::OtherGroupsTold, false) => vec![K::Complete],
            (ReportState::Complete, true) => vec![K::GiveCopy],
            (ReportState::Complete, false) => Vec::new(),
        }
    }

    fn step(&self, action: ReportAction, ctx: &Context) -> Result<ReportEvent, Rejection> {
        if !self.available(ctx).contains(&action.kind()) {
            return Err(self.not_now(action.kind(), ctx).into());
        }
        let mut report = self.clone();
        let event = |report, action, note: Option<String>, cite: Cite| ReportEvent {
            report,
            action,
            note,
            cite: Some(cite),
        };
        match action {
            ReportAction::Prepare {
                on,
                states_facts,
                options_with_merits_and_demerits,
                no_political_implications,
                no_recommendation,
            } => {
                let on =
                    past_date_after("prepared on", &on, self.requested_on, "the request", ctx)?;
                let missing: Vec<&str> = [
                    (states_facts, "it states the facts"),
                    (
                        options_with_merits_and_demerits,
                        "it sets out options with their merits and demerits",
                    ),
                    (
                        no_political_implications,
                        "it draws no political implications",
                    ),
                    (no_recommendation, "it makes no recommendation"),
                ]
                .into_iter()
                .filter(|(ok, _)| !ok)
                .map(|(_, what)| what)
                .collect();
                if !missing.is_empty() {
                    return Err(self
                        .r_g1(format!(
                            "the Clerk has not confirmed that {}",
                            missing.join("; that ")
                        ))
                        .into());
                }
                report.checklist = Some(on);
                report.prepared_on = Some(on);
                report.state = ReportState::Prepared;
                if self.tells_others() {
                    let note = (!report.untold_groups(ctx).is_empty()).then(|| {
                        format!(
                            "to tell: {}",
                            group_names(&untold(ctx.council, self.group, &[]))
                        )
                    });
                    Ok(event(report, "prepared", note, self.g1()))
                } else {
                    report.facts_available_on_request = true;
                    Ok(event(
                        report,
                        "prepared",
                        Some(FACTS_AVAILABLE.to_string()),
                        self.g4(),
                    ))
                }
            }
            ReportAction::TellGroup { group, on } => {
                let prepared = self.prepared_on.unwrap_or(self.requested_on);
                let r = self.g2();
                let told = check_tell(
                    self.group,
                    &self.told,
                    &group,
                    &on,
                    prepared,
                    "the report was prepared",
                    (&r.rule, &r.clause),
                    ctx,
                )?;
                report.told.push(told);
                let left = report.untold_groups(ctx);
                if left.is_empty() {
                    report.state = ReportState::OtherGroupsTold;
                }
                let note = Some(format!("{} told", ctx.council.group_name(Some(told.0))));
                Ok(event(report, "other group told", note, r))
            }
            ReportAction::GiveCopy { group, on } => {
                let group = political_group("copy for", &group, ctx)?;
                let prepared = self.prepared_on.unwrap_or(self.requested_on);
                let on =
                    past_date_after("given on", &on, prepared, "the report was prepared", ctx)?;
                if group == self.group {
                    return Err(self
                        .r_g2(format!(
                            "the report was prepared for the {} group; copies are for the other groups",
                            ctx.council.group_name(Some(group))
                        ))
                        .into());
                }
                report.copies_given.push((group, on));
                let note = Some(format!(
                    "copy given to {}",
                    ctx.council.group_name(Some(group))
                ));
                Ok(event(report, "copy given", note, self.g2()))
            }
            ReportAction::Complete { on } => {
                let last = self
                    .told
                    .iter()
                    .map(|(_, d)| *d)
                    .chain(self.prepared_on)
                    .max()
                    .unwrap_or(self.requested_on);
                let on = past_date_after("completed on", &on, last, "the last step", ctx)?;
                report.completed_on = Some(on);
                report.state = ReportState::Complete;
                if self.tells_others() {
                    Ok(event(report, "complete", None, self.g2()))
                } else {
                    Ok(event(
                        report,
                        "complete",
                        Some(FACTS_AVAILABLE.to_string()),
                        self.g4(),
                    ))
                }
            }
        }
    }

    /// Why `kind` cannot be done on this report now, with the rule and clause `apply` refuses it
    /// with: asked without building an action (the key bar's refusal for a key not offered).
    fn why_not(&self, kind: ReportActionKind, ctx: &Context) -> Refusal {
        use ReportActionKind as K;
        let group = ctx.council.group_name(Some(self.group));
        let confidential_step = !self.tells_others() && matches!(kind, K::TellGroup | K::GiveCopy);
        if self.state == ReportState::Complete && !confidential_step {
            let done = "the report is complete; the record is kept as it is";
            return if self.tells_others() {
                self.r_g2(done)
            } else {
                self.r_g4(done)
            };
        }
        match kind {
            K::Prepare => self.r_g1(format!(
                "the report was prepared on {}",
                self.prepared_on.map(dates::show).unwrap_or_default()
            )),
            K::TellGroup | K::GiveCopy if !self.tells_others() => self.r_g4(format!(
                "the advice is confidential to the {group} group: other groups are not told and get no copy; \
                 the facts behind it are available to any member who asks"
            )),
            K::TellGroup | K::GiveCopy if self.state == ReportState::Requested => {
                self.r_g2("the report is not prepared yet: confirm the R-G1 checklist first")
            }
            K::TellGroup => self.r_g2("every other group is recorded as told already"),
            K::Complete if self.state == ReportState::Requested => {
                self.r_g1("the report is not prepared yet: confirm the R-G1 checklist first")
            }
            K::Complete => {
                let left = untold(ctx.council, self.group, &self.told);
                self.r_g2(format!(
                    "not complete until every other group is told the report exists; not yet told: {}",
                    group_names(&left)
                ))
            }
            K::GiveCopy => self.r_g2("a copy cannot be given now"),
        }
    }

    /// A plain-text draft notice to the other groups (R-G2, CAV §4.2c), for the clerk to copy. Under
    /// the borough model no group is told (R-G4, BOR §2.4), and the draft says so instead.
    pub fn notice_text(&self, ctx: &Context) -> String {
        let group = ctx.council.group_name(Some(self.group));
        let day = dates::show(self.prepared_on.unwrap_or(self.requested_on));
        if !self.tells_others() {
            return format!(
                "No notice to other groups.\n\nAdvice given to a political group is confidential to that group \
                 (R-G4, {}). The facts behind it are available to any member of {} who asks the Clerk.\n",
                self.clause, ctx.council.name
            );
        }
        let to = group_names(&untold(ctx.council, self.group, &[]));
        let to = if to.is_empty() {
            "the other political groups".to_string()
        } else {
            to
        };
        format!(
            "To: {to}\nFrom: the Clerk, {council}\n\nReport prepared for a political group\n\n\
             On {day} the Clerk prepared a report for the {group} group on: {subject}.\n\n\
             Under the council's protocol each other political group is told that such a report exists, and \
             any group may ask the Clerk for a copy (R-G2, {clause}). The report sets out facts and options \
             only, with no recommendation (R-G1).\n",
            council = ctx.council.name,
            subject = self.subject,
            clause = self.clause_for("CAV §4.2c"),
        )
    }

    /// Field by field, for audit summaries and exports.
    pub fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        vec![
            (
                "group",
                ctx.council.group_name(Some(self.group)).to_string(),
            ),
            ("subject", self.subject.clone()),
            ("requested on", dates::show(self.requested_on)),
            (
                "checklist confirmed",
                self.checklist.map(dates::show).unwrap_or_default(),
            ),
            (
                "prepared on",
                self.prepared_on.map(dates::show).unwrap_or_default(),
            ),
            ("told", show_told(&self.told, ctx)),
            ("copies given", show_told(&self.copies_given, ctx)),
            (
                "facts",
                if self.facts_available_on_request {
                    FACTS_AVAILABLE.to_string()
                } else {
                    String::new()
                },
            ),
            (
                "completed on",
                self.completed_on.map(dates::show).unwrap_or_default(),
            ),
            ("state", self.state.label().to_string()),
        ]
    }
}

impl Machine for GroupReport {
    type Kind = ReportActionKind;
    type Action = ReportAction;
    type Event = ReportEvent;

    fn available(&self, ctx: &Context) -> Vec<ReportActionKind> {
        self.offered(ctx)
    }

    fn not_now(&self, kind: ReportActionKind, ctx: &Context) -> Refusal {
        self.why_not(kind, ctx)
    }

    fn apply(&self, action: ReportAction, ctx: &Context) -> Result<ReportEvent, Rejection> {
        self.step(action, ctx)
    }

    fn kind_of(action: &ReportAction) -> ReportActionKind {
        action.kind()
    }

    fn record(event: &ReportEvent) -> &GroupReport {
        &event.report
    }
}
