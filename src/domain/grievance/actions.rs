//! What can be done to a case, and doing it: `available()` is what the key bar shows, `apply()` does
//! one step or refuses with the rule and the clause. Nothing changes on a refusal.

use crate::domain::machine::Machine;
use chrono::NaiveDate;

use super::case::check_parties_fit;
use super::officer_grievance::{
    check_panel, conflict_refusal, derived_not_applicable, parse_members, step_holder,
};
use super::triage;
use super::{
    Appeal, BreachState, Case, CaseInput, CaseLink, CaseState, ConcernRoute, ConcernState,
    ConflictRegister, Decision, GrievanceState, Handler, Hearing, Informal, LinkKind, MoReferral,
    ModelStep, ModelStepRecord, Outcome, Path, PersonRef, Step, StepRecord,
};
use crate::domain::council::Office;
use crate::domain::dates;
use crate::domain::figures::Figure;
use crate::domain::ids::MemberId;
use crate::domain::machine::inherent_spec_methods;
use crate::domain::officer::Post;
use crate::domain::profile::Role;
use crate::domain::rules::{Cite, FieldError, Refusal, Rejection};
use crate::domain::text;
use crate::domain::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseActionKind {
    StartInformal,
    ResolveInformally,
    GoFormal,
    ConcernFormal,
    AppointPanel,
    HoldHearing,
    ReferToMo,
    RecordMoAnswer,
    Decide,
    RecordStep,
    StepNotApplicable,
    LodgeAppeal,
    Review,
    Convert,
    Close,
    AppointIndependent,
    DirectDiscussion,
    Consult,
    HearAppeal,
}

impl CaseActionKind {
    pub const ALL: [CaseActionKind; 19] = [
        CaseActionKind::StartInformal,
        CaseActionKind::ResolveInformally,
        CaseActionKind::GoFormal,
        CaseActionKind::ConcernFormal,
        CaseActionKind::AppointPanel,
        CaseActionKind::HoldHearing,
        CaseActionKind::ReferToMo,
        CaseActionKind::RecordMoAnswer,
        CaseActionKind::Decide,
        CaseActionKind::RecordStep,
        CaseActionKind::StepNotApplicable,
        CaseActionKind::LodgeAppeal,
        CaseActionKind::Review,
        CaseActionKind::Convert,
        CaseActionKind::Close,
        CaseActionKind::AppointIndependent,
        CaseActionKind::DirectDiscussion,
        CaseActionKind::Consult,
        CaseActionKind::HearAppeal,
    ];

    /// Steps that the person raising the matter records themselves, or that only record what someone
    /// outside the case said: R-E1.7 does not bar a party from them.
    fn open_to_parties(self) -> bool {
        match self {
            CaseActionKind::GoFormal
            | CaseActionKind::LodgeAppeal
            | CaseActionKind::RecordMoAnswer => true,
            CaseActionKind::StartInformal
            | CaseActionKind::ResolveInformally
            | CaseActionKind::ConcernFormal
            | CaseActionKind::AppointPanel
            | CaseActionKind::HoldHearing
            | CaseActionKind::ReferToMo
            | CaseActionKind::Decide
            | CaseActionKind::RecordStep
            | CaseActionKind::StepNotApplicable
            | CaseActionKind::Review
            | CaseActionKind::Convert
            | CaseActionKind::Close
            | CaseActionKind::AppointIndependent
            | CaseActionKind::DirectDiscussion
            | CaseActionKind::Consult
            | CaseActionKind::HearAppeal => false,
        }
    }
}

inherent_spec_methods!(CaseActionKind);

/// One step on a case, as typed (dates `YYYY-MM-DD` or `DD/MM/YYYY`; empty text for none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseAction {
    /// R-E1.1 / R-E2.3: `by` is who conciliates or mediates.
    StartInformal {
        on: String,
        by: String,
        note: String,
    },
    /// R-E1/R-E2: resolved, and closed. R-E3: resolved informally after review. `note` is needed.
    ResolveInformally {
        on: String,
        note: String,
    },
    /// R-E1.2: the written grievance. From `raised`, `skip_reason` (why informal was not tried) is needed.
    GoFormal {
        written_on: String,
        skip_reason: String,
    },
    /// R-E2.4: `route` is `capability` or `disciplinary`.
    ConcernFormal {
        on: String,
        route: String,
    },
    /// R-E1.2 / R-E1.6: members by reference or name, comma separated (`M-001, M-004`).
    AppointPanel {
        members: String,
    },
    /// R-E1.3: `companion` optional.
    HoldHearing {
        on: String,
        companion: String,
    },
    /// R-E1.4 / R-E3.
    ReferToMo {
        on: String,
        note: String,
    },
    RecordMoAnswer {
        on: String,
        answer: String,
    },
    /// `outcome`: upheld, partly upheld, not upheld.
    Decide {
        on: String,
        outcome: String,
        note: String,
    },
    /// R-E1.5: `step` is leader, group, chairman or vice.
    RecordStep {
        step: String,
        on: String,
        note: String,
    },
    /// R-E1.5: only where the system derives the reason.
    StepNotApplicable {
        step: String,
    },
    LodgeAppeal {
        on: String,
        grounds: String,
    },
    /// R-E3: the Clerk's review.
    Review {
        on: String,
        note: String,
    },
    /// R-E3: turn a breach into an R-E1/R-E2 case; `reference` is the new case's, from the store.
    Convert {
        reference: String,
        on: String,
    },
    Close {
        on: String,
        note: String,
    },
    /// R-E1.7: where everyone eligible is excluded, the independent person the council appointed
    /// (`by`), recorded as such.
    AppointIndependent {
        on: String,
        by: String,
        note: String,
    },
    /// R-E2.1 (BOR §2.7): the member's direct discussion with the employee, the first step of a
    /// concern under the borough model.
    DirectDiscussion {
        on: String,
        note: String,
    },
    /// R-E1.1 (BOR §2.8): the handler consulted `with`: `member` or `group-leader`.
    Consult {
        with: String,
        on: String,
        note: String,
    },
    /// R-E2.4 (LLTC §8.8): members hear an appeal on a decided concern; `members` as for a panel.
    HearAppeal {
        members: String,
        on: String,
        outcome: String,
        note: String,
    },
}

impl CaseAction {
    pub fn kind(&self) -> CaseActionKind {
        match self {
            CaseAction::StartInformal { .. } => CaseActionKind::StartInformal,
            CaseAction::ResolveInformally { .. } => CaseActionKind::ResolveInformally,
            CaseAction::GoFormal { .. } => CaseActionKind::GoFormal,
            CaseAction::ConcernFormal { .. } => CaseActionKind::ConcernFormal,
            CaseAction::AppointPanel { .. } => CaseActionKind::AppointPanel,
            CaseAction::HoldHearing { .. } => CaseActionKind::HoldHearing,
            CaseAction::ReferToMo { .. } => CaseActionKind::ReferToMo,
            CaseAction::RecordMoAnswer { .. } => CaseActionKind::RecordMoAnswer,
            CaseAction::Decide { .. } => CaseActionKind::Decide,
            CaseAction::RecordStep { .. } => CaseActionKind::RecordStep,
            CaseAction::StepNotApplicable { .. } => CaseActionKind::StepNotApplicable,
            CaseAction::LodgeAppeal { .. } => CaseActionKind::LodgeAppeal,
            CaseAction::Review { .. } => CaseActionKind::Review,
            CaseAction::Convert { .. } => CaseActionKind::Convert,
            CaseAction::Close { .. } => CaseActionKind::Close,
            CaseAction::AppointIndependent { .. } => CaseActionKind::AppointIndependent,
            CaseAction::DirectDiscussion { .. } => CaseActionKind::DirectDiscussion,
            CaseAction::Consult { .. } => CaseActionKind::Consult,
            CaseAction::HearAppeal { .. } => CaseActionKind::HearAppeal,
        }
    }
}

/// An accepted step: the case as it now is, what to write in the audit trail, and any case it
/// spawned (R-E3 turned into a case: the store writes both, already linked both ways).
#[derive(Debug, Clone, PartialEq)]
pub struct CaseEvent {
    pub case: Case,
    pub action: &'static str,
    pub note: Option<String>,
    pub cite: Option<Cite>,
    pub spawned: Option<Case>,
    /// Accepted, with something the clerk should know (R-O4: a formal stage with no adopted
    /// procedure recorded). Set by the session, which holds the council's documents.
    pub warning: Option<String>,
}

fn e1(rule: &str, clause: &str, reason: impl Into<String>) -> Refusal {
    Refusal::new(rule, clause, reason)
}

const E1_1: &str = "CAV §5.1, TWY §4.1";
const E1_2: &str = "TWY §4.2";
const ACAS: &str = "ACAS Code of Practice";
const E1_5: &str = "CAV §5.1";
const E2_3: &str = "CAV §5.2";
const E2_4: &str = "CAV §5.2, LLTC §8.7";

impl Case {
    fn offered(&self, ctx: &Context) -> Vec<CaseActionKind> {
        let mut v = self.available_steps(ctx);
        // R-E1.7: where nobody the profile names can act, the way out is always offered.
        if self.state != CaseState::Closed && self.needs_independent() {
            v.push(CaseActionKind::AppointIndependent);
        }
        v
    }

    /// Whether a role on the case has nobody who may act (everyone a party, conflicted or not in
    /// post) and the council has not yet appointed an independent person (R-E1.7).
    pub fn needs_independent(&self) -> bool {
        self.handlers.iter().any(|h| h.person.is_none())
    }

    /// The independent person the council appointed for this case, if any (R-E1.7).
    pub fn independent_person(&self) -> Option<&PersonRef> {
        self.handlers
            .iter()
            .find(|h| h.role == Role::IndependentPerson)
            .and_then(|h| h.person.as_ref())
    }

    fn available_steps(&self, ctx: &Context) -> Vec<CaseActionKind> {
        // The model's own steps first: the direct discussion is where a borough concern starts.
        let mut v = self.model_steps_now(ctx);
        v.extend(self.core_steps(ctx));
        v
    }

    /// Steps only the council's own model has, where they fit now: the direct discussion opens a
    /// concern (BOR §2.7); the consultations run alongside a grievance until it is decided
    /// (BOR §2.8), once each.
    fn model_steps_now(&self, ctx: &Context) -> Vec<CaseActionKind> {
        let steps = &ctx.profile.model_steps;
        match self.state {
            CaseState::Concern(ConcernState::Raised)
                if steps.direct_discussion.is_some()
                    && self.model_step(ModelStep::DirectDiscussion).is_none() =>
            {
                vec![CaseActionKind::DirectDiscussion]
            }
            CaseState::Grievance(
                GrievanceState::Raised
                | GrievanceState::Informal
                | GrievanceState::Formal
                | GrievanceState::PanelAppointed
                | GrievanceState::HearingHeld,
            ) if steps.consultation.is_some() && !self.consultations_left(ctx).is_empty() => {
                vec![CaseActionKind::Consult]
            }
            _ => Vec::new(),
        }
    }

    /// R-E1.1 (BOR §2.8): who is still to be consulted: the member complained about, and their
    /// group leader where they have one (not themselves).
    fn consultations_left(&self, ctx: &Context) -> Vec<ModelStep> {
        let mut left = Vec::new();
        if self.model_step(ModelStep::ConsultMember).is_none() {
            left.push(ModelStep::ConsultMember);
        }
        if self.model_step(ModelStep::ConsultGroupLeader).is_none()
            && self.group_leader_to_consult(ctx).is_ok()
        {
            left.push(ModelStep::ConsultGroupLeader);
        }
        left
    }

    /// The group leader of the member complained about, or why there is none to consult.
    fn group_leader_to_consult(&self, ctx: &Context) -> Result<MemberId, String> {
        let PersonRef::Member(id) = &self.about else {
            return Err("the grievance is not about a member on the records".into());
        };
        let member = ctx
            .member(*id)
            .ok_or_else(|| format!("{id} is not on the records"))?;
        let group = member
            .group
            .and_then(|g| ctx.council.groups.iter().find(|x| x.id == g))
            .ok_or_else(|| format!("{} is independent: there is no group leader", member.name))?;
        match group.leader {
            Some(leader) if leader != *id => Ok(leader),
            Some(_) => Err(format!(
                "{} leads their own group: consulting them is consulting the member",
                member.name
            )),
            None => Err(format!(
                "the {} group has no leader recorded",
                text::sanitize(&group.name)
            )),
        }
    }

    fn core_steps(&self, ctx: &Context) -> Vec<CaseActionKind> {
        use CaseActionKind as K;
        let mo = |mut v: Vec<K>| {
            match &self.mo_referral {
                None => v.push(K::ReferToMo),
                Some(r) if r.answer.is_none() => v.push(K::RecordMoAnswer),
                Some(_) => {}
            }
            v
        };
        match self.state {
            CaseState::Grievance(s) => match s {
                GrievanceState::Raised => vec![K::StartInformal, K::GoFormal],
                GrievanceState::Informal => vec![K::ResolveInformally, K::GoFormal],
                GrievanceState::Formal => mo(vec![K::AppointPanel]),
                GrievanceState::PanelAppointed => mo(vec![K::HoldHearing]),
                GrievanceState::HearingHeld => mo(if self.mo_pending() {
                    vec![]
                } else {
                    vec![K::Decide]
                }),
                GrievanceState::Upheld => {
                    let outstanding = self.steps.outstanding();
                    let mut v = Vec::new();
                    if !outstanding.is_empty() {
                        v.push(K::RecordStep);
                    }
                    if outstanding
                        .iter()
                        .any(|s| derived_not_applicable(self, *s, ctx).is_some())
                    {
                        v.push(K::StepNotApplicable);
                    }
                    if outstanding.is_empty() {
                        v.push(K::Close);
                    }
                    v
                }
                // R-E1.6: after the window an appeal lodged inside it may still be entered (its
                // date is checked, not today's), and the case may close.
                GrievanceState::AppealWindow => match self.appeal_due(ctx) {
                    Some(due) if ctx.today <= due => vec![K::LodgeAppeal],
                    Some(_) => vec![K::LodgeAppeal, K::Close],
                    None => vec![K::Close],
                },
                GrievanceState::AppealLodged => vec![K::AppointPanel],
                GrievanceState::AppealPanelAppointed => vec![K::Decide],
            },
            CaseState::Concern(s) => match s {
                ConcernState::Raised => vec![K::StartInformal],
                ConcernState::Informal => vec![K::ResolveInformally, K::ConcernFormal],
                ConcernState::Formal => vec![K::Decide],
                ConcernState::Decided => vec![K::HearAppeal, K::Close],
            },
            CaseState::Breach(s) => match s {
                BreachState::Logged => vec![K::Review],
                BreachState::ReviewedByClerk => {
                    vec![K::ResolveInformally, K::ReferToMo, K::Convert]
                }
                BreachState::ResolvedInformally | BreachState::ConvertedToCase => vec![K::Close],
                BreachState::ReferredToMonitoringOfficer => {
                    if self.mo_pending() {
                        vec![K::RecordMoAnswer]
                    } else {
                        vec![K::Close]
                    }
                }
            },
            CaseState::Closed => Vec::new(),
        }
    }

    fn mo_pending(&self) -> bool {
        self.mo_referral
            .as_ref()
            .is_some_and(|r| r.answer.is_none())
    }

    fn why_not_now(&self, kind: CaseActionKind, ctx: &Context) -> Refusal {
        use CaseActionKind as K;
        let next: Vec<&str> = self.available(ctx).iter().map(|k| k.label()).collect();
        let next = if next.is_empty() {
            "nothing".to_string()
        } else {
            next.join(", ")
        };
        let reason = format!(
            "'{}' is not a step this case can take now: it is {} (next: {})",
            kind.label(),
            self.state.label(),
            next
        );
        if self.state == CaseState::Closed {
            let cite = self.path.cite();
            return Refusal::new(
                &cite.rule,
                &cite.clause,
                format!(
                    "the case was closed on {}; it is kept as history and cannot {}",
                    self.closed_on.map(dates::show).unwrap_or_default(),
                    kind.label()
                ),
            );
        }
        let specific: Option<(&str, String)> = match (self.path, kind) {
            (_, K::DirectDiscussion | K::Consult) => return self.model_step_not_now(kind, ctx),
            (_, K::HearAppeal) => {
                return match &ctx.profile.model_steps.concern_appeal {
                    None => Refusal::new(
                        "R-E2.4",
                        "LLTC §8.8",
                        format!(
                            "'{}' is a step of the town model's protocol only; this council's \
                             protocol ({}) has no such step",
                            kind.label(),
                            ctx.profile.name
                        ),
                    ),
                    Some(clause) if self.path == Path::MemberConcern => {
                        Refusal::new("R-E2.4", clause, reason)
                    }
                    Some(clause) => Refusal::new(
                        "R-E2.4",
                        clause,
                        format!(
                            "members hear an appeal on a concern about an officer, not on a {}",
                            self.path.label()
                        ),
                    ),
                };
            }
            (_, K::AppointIndependent) => {
                return e1(
                    "R-E1.7",
                    E1_5,
                    format!(
                        "an independent person is appointed only where nobody the profile names \
                         can act, and someone can on this case (it is {})",
                        self.state.label()
                    ),
                );
            }
            (Path::OfficerGrievance, K::StartInformal | K::ResolveInformally) => {
                Some(("R-E1.1", E1_1.into()))
            }
            (Path::OfficerGrievance, K::GoFormal | K::AppointPanel) => {
                Some(("R-E1.2", E1_2.into()))
            }
            (Path::OfficerGrievance, K::HoldHearing) => Some(("R-E1.3", ACAS.into())),
            (Path::OfficerGrievance, K::ReferToMo | K::RecordMoAnswer) => {
                Some(("R-E1.4", E1_5.into()))
            }
            (Path::OfficerGrievance, K::Decide) if self.mo_pending() => {
                return e1(
                    "R-E1.4",
                    E1_5,
                    "the Monitoring Officer's answer is awaited: record it before the decision",
                );
            }
            (Path::OfficerGrievance, K::Decide) => Some(("R-E1.3", ACAS.into())),
            (Path::OfficerGrievance, K::RecordStep | K::StepNotApplicable) => {
                Some(("R-E1.5", E1_5.into()))
            }
            (Path::OfficerGrievance, K::LodgeAppeal) => Some(("R-E1.6", ACAS.into())),
            (Path::OfficerGrievance, K::Close) => match self.state {
                CaseState::Grievance(GrievanceState::Upheld) => {
                    let left: Vec<&str> =
                        self.steps.outstanding().iter().map(|s| s.label()).collect();
                    return e1(
                        "R-E1.5",
                        E1_5,
                        format!(
                            "an upheld grievance cannot close until each of the Clerk's steps is recorded \
                             or not applicable (outstanding: {})",
                            left.join(", ")
                        ),
                    );
                }
                CaseState::Grievance(GrievanceState::AppealWindow) => {
                    return e1(
                        "R-E1.6",
                        ACAS,
                        format!(
                            "the appeal window ({}) is open until {}",
                            ctx.profile.deadlines.wording(Figure::Appeal),
                            self.appeal_due(ctx).map(dates::show).unwrap_or_default()
                        ),
                    );
                }
                CaseState::Grievance(_)
                | CaseState::Concern(_)
                | CaseState::Breach(_)
                | CaseState::Closed => Some(("R-E1", "CAV §5.1, TWY §4.1–4.3".into())),
            },
            (Path::MemberConcern, K::StartInformal | K::ResolveInformally) => {
                Some(("R-E2.3", E2_3.into()))
            }
            (Path::MemberConcern, K::ConcernFormal | K::Decide) => Some(("R-E2.4", E2_4.into())),
            (Path::MemberConcern, K::Close) => {
                Some(("R-E2", "CAV §5.2, TWY §4.4, LLTC §8.7".into()))
            }
            (
                Path::Breach(c),
                K::Review
                | K::ResolveInformally
                | K::ReferToMo
                | K::RecordMoAnswer
                | K::Convert
                | K::Close,
            ) => Some(("R-E3", c.clause().into())),
            (Path::OfficerGrievance, K::ConcernFormal | K::Review | K::Convert)
            | (
                Path::MemberConcern,
                K::GoFormal
                | K::AppointPanel
                | K::HoldHearing
                | K::ReferToMo
                | K::RecordMoAnswer
                | K::RecordStep
                | K::StepNotApplicable
                | K::LodgeAppeal
                | K::Review
                | K::Convert,
            )
            | (
                Path::Breach(_),
                K::StartInformal
                | K::GoFormal
                | K::ConcernFormal
                | K::AppointPanel
                | K::HoldHearing
                | K::Decide
                | K::RecordStep
                | K::StepNotApplicable
                | K::LodgeAppeal,
            ) => None,
        };
        match specific {
            Some((rule, clause)) => Refusal::new(rule, &clause, reason),
            None => {
                let cite = self.path.cite();
                Refusal::new(
                    &cite.rule,
                    &cite.clause,
                    format!(
                        "{} is not a step on the path of a {}",
                        kind.label(),
                        self.path.label()
                    ),
                )
            }
        }
    }

    /// LLTC §8.8 with R-E1.7 and R-D1: the members hearing an appeal on a concern: at least one,
    /// none who raised it or decided it, none conflicted.
    fn check_appeal_members(
        &self,
        panel: &[MemberId],
        clause: &str,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Result<(), Rejection> {
        if panel.is_empty() {
            return Err(FieldError::new("members", "name the members who heard the appeal").into());
        }
        for id in panel {
            let who = PersonRef::Member(*id);
            let decided = self.decision.as_ref().is_some_and(|d| d.by.same_as(&who));
            if who.same_as(&self.raised_by) || decided {
                return Err(Refusal::new(
                    "R-E2.4",
                    clause,
                    format!(
                        "{} {} and does not hear its appeal (R-E1.7)",
                        who.name(ctx),
                        if decided {
                            "decided the concern"
                        } else {
                            "raised the concern"
                        }
                    ),
                )
                .into());
            }
            if let Some(refusal) = conflict_refusal(self, *id, ctx, register) {
                return Err(refusal.into());
            }
        }
        Ok(())
    }

    /// Why a model step is not offered: another model's step, another path, or already taken.
    fn model_step_not_now(&self, kind: CaseActionKind, ctx: &Context) -> Refusal {
        let steps = &ctx.profile.model_steps;
        let (rule, clause, own, path) = match kind {
            CaseActionKind::Consult => (
                "R-E1.1",
                steps.consultation.clone(),
                "BOR §2.8",
                Path::OfficerGrievance,
            ),
            _ => (
                "R-E2.1",
                steps.direct_discussion.clone(),
                "BOR §2.7",
                Path::MemberConcern,
            ),
        };
        let Some(clause) = clause else {
            return Refusal::new(
                rule,
                own,
                format!(
                    "'{}' is a step of the borough model's protocol only; this council's \
                     protocol ({}) has no such step",
                    kind.label(),
                    ctx.profile.name
                ),
            );
        };
        let reason = if self.path != path {
            format!(
                "'{}' is not a step on the path of a {}",
                kind.label(),
                self.path.label()
            )
        } else if kind == CaseActionKind::DirectDiscussion
            && self.model_step(ModelStep::DirectDiscussion).is_some()
        {
            "the direct discussion is already recorded".to_string()
        } else if kind == CaseActionKind::Consult && self.consultations_left(ctx).is_empty() {
            "the member and their group leader (where they have one) are already consulted"
                .to_string()
        } else {
            format!(
                "'{}' is not a step this case can take now: it is {}",
                kind.label(),
                self.state.label()
            )
        };
        Refusal::new(rule, &clause, reason)
    }

    fn party_refusal(&self, actor: &PersonRef, ctx: &Context) -> Refusal {
        let reason = format!(
            "{} is a party to this case and cannot handle, hear or decide it",
            actor.name(ctx)
        );
        match self.path {
            Path::OfficerGrievance => Refusal::new("R-E1.7", E1_5, reason),
            Path::MemberConcern => Refusal::new("R-E2.4", "LLTC §8.1–8.2", reason),
            Path::Breach(c) => Refusal::new("R-E3", c.clause(), reason),
        }
    }

    /// A date for the next step: not in the future and not before the case's last recorded step.
    fn date(&self, field: &'static str, raw: &str, ctx: &Context) -> Result<NaiveDate, FieldError> {
        let on = dates::parse_date(field, raw)?;
        if on > ctx.today {
            return Err(FieldError::new(field, "is in the future"));
        }
        let last = self.last_date();
        if on < last {
            return Err(FieldError::new(
                field,
                format!(
                    "is before {} (the case's last recorded step)",
                    dates::show(last)
                ),
            ));
        }
        Ok(on)
    }

    /// R-E2.4: for the Clerk the staffing committee decides (recorded by its Chair); for any other
    /// officer their line manager or the Clerk. No individual member manages an officer.
    fn check_concern_decider(
        &self,
        actor: &PersonRef,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Result<(), Refusal> {
        let officer = match &self.about {
            PersonRef::Officer(id) => ctx.officer(*id),
            PersonRef::Member(_) | PersonRef::Other(_) => None,
        }
        .ok_or_else(|| {
            Refusal::new(
                "R-E2",
                E2_4,
                "the concern is not about an officer on the records",
            )
        })?;
        let mut deciders = triage::concern_deciders(&self.raised_by, &self.about, ctx, register);
        if deciders.is_empty() {
            deciders.extend(self.independent_person().cloned());
        }
        if deciders.is_empty() {
            return Err(Refusal::new(
                "R-E1.7",
                E2_4,
                "everyone who may decide this concern is a party or conflicted (R-D1), or not in \
                 post: the council appoints an independent person, recorded as such",
            ));
        }
        let names: Vec<String> = deciders.iter().map(|p| p.name(ctx)).collect();
        let chair_alone = match (actor, &ctx.profile.model_steps.chair_not_alone) {
            (PersonRef::Member(m), Some(clause))
                if ctx.council.holder(Office::Chairman, ctx.today) == Some(*m) =>
            {
                Some(clause)
            }
            _ => None,
        };
        match actor {
            _ if deciders.iter().any(|d| d.same_as(actor)) => Ok(()),
            // TWY §4.2: the Chair does not deal alone with performance or line management.
            _ if chair_alone.is_some() => Err(Refusal::new(
                "R-E2.4",
                chair_alone.map(String::as_str).unwrap_or_default(),
                format!(
                    "the Chair does not deal alone with performance or line-management matters: \
                     {} ({})",
                    if officer.post == Post::Clerk {
                        "for the Clerk the group of councillors delegated for personnel matters \
                         decides"
                    } else {
                        "the officer's line manager or the Clerk decides"
                    },
                    names.join(" or ")
                ),
            )),
            _ if officer.post == Post::Clerk => Err(Refusal::new(
                "R-E2.4",
                E2_4,
                format!(
                    "for the Clerk the staffing committee decides: record it as {}",
                    names.join(" or ")
                ),
            )),
            PersonRef::Member(_) => Err(Refusal::new(
                "R-E2.4",
                "LLTC §8.3, CAV §2.2, TWY §2.2.3, BOR §6.1",
                format!(
                    "no individual member manages an officer: {} decides",
                    names.join(" or ")
                ),
            )),
            PersonRef::Officer(_) | PersonRef::Other(_) => Err(Refusal::new(
                "R-E2.4",
                "LLTC §8.1–8.2",
                format!(
                    "the officer's line manager or the Clerk decides ({})",
                    names.join(" or ")
                ),
            )),
        }
    }

    /// R-E3 with R-E1.7: who may review and dispose of the breach now. Its handlers who are still
    /// free to (not a party, not conflicted under R-D1 as the register stands today); where none
    /// is (a relationship declared after the breach was logged takes the Clerk off it), the
    /// profile's stand-in for the Clerk, found as it would be today.
    pub fn breach_reviewers(
        &self,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Vec<PersonRef> {
        let free = |p: &PersonRef| {
            triage::exclusion(p, &self.raised_by, &self.about, ctx, register).is_none()
        };
        let mut people: Vec<PersonRef> = self
            .handlers
            .iter()
            .filter_map(|h| h.person.clone())
            .filter(|p| free(p))
            .collect();
        if people.is_empty() {
            let (now, _) = triage::route(self.path, &self.raised_by, &self.about, ctx, register);
            people.extend(now.into_iter().filter_map(|h| h.person).filter(|p| free(p)));
        }
        people
    }

    /// R-E3: the breach is reviewed and disposed of by its handler (the Clerk, or the stand-in).
    fn check_breach_handler(
        &self,
        actor: &PersonRef,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Result<(), Refusal> {
        let clause = self.path.cite().clause;
        let people = self.breach_reviewers(ctx, register);
        if people.is_empty() {
            return Err(Refusal::new(
                "R-E1.7",
                &clause,
                "everyone who may review the breach is a party or conflicted (R-D1), or not in \
                 post: the council appoints an independent person, recorded as such",
            ));
        }
        if people.iter().any(|p| p.same_as(actor)) {
            Ok(())
        } else {
            let names: Vec<String> = people.iter().map(|p| p.name(ctx)).collect();
            Err(Refusal::new(
                "R-E3",
                &clause,
                format!("the breach is reviewed by {}", names.join(" or ")),
            ))
        }
    }

    /// Takes one step as `actor`, checking conflicts against `register`, or refuses with the rule
    /// and the clause of the council's own protocol. [`Machine::apply`] calls it with the context's
    /// actor and register; the case's own tests call it directly.
    pub(super) fn step(
        &self,
        action: CaseAction,
        actor: &PersonRef,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Result<CaseEvent, Rejection> {
        match self.take_step(action, actor, ctx, register) {
            Ok(mut event) => {
                event.cite = event.cite.map(|c| ctx.profile.localise(c));
                Ok(event)
            }
            Err(rejection) => Err(rejection.localised(ctx.profile)),
        }
    }

    /// No one is named to take `kind` and nobody may by default: everyone the profile names is a
    /// party or conflicted (R-E1.7), so the council names who acts or appoints someone independent.
    fn nobody_may(&self, kind: CaseActionKind, ctx: &Context) -> Refusal {
        let reason = format!(
            "nobody is named to {} and everyone who could is a party or has declared an interest: \
             name who acts, or appoint an independent person",
            kind.label()
        );
        let refusal = match self.path {
            Path::OfficerGrievance => Refusal::new("R-E1.7", E1_5, reason),
            Path::MemberConcern => Refusal::new("R-E2.4", "LLTC §8.1–8.2", reason),
            Path::Breach(c) => Refusal::new("R-E3", c.clause(), reason),
        };
        refusal.localised(ctx.profile)
    }

    fn take_step(
        &self,
        action: CaseAction,
        actor: &PersonRef,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Result<CaseEvent, Rejection> {
        let kind = action.kind();
        if !self.available(ctx).contains(&kind) {
            return Err(self.not_now(kind, ctx).into());
        }
        if !kind.open_to_parties() {
            if actor.same_as(&self.raised_by) || actor.same_as(&self.about) {
                return Err(self.party_refusal(actor, ctx).into());
            }
            if let PersonRef::Member(m) = actor {
                if let Some(refusal) = conflict_refusal(self, *m, ctx, register) {
                    return Err(refusal.into());
                }
            }
            // An officer who has declared a relationship with the member in the case (R-D1).
            if let Some(why) = triage::exclusion(actor, &self.raised_by, &self.about, ctx, register)
            {
                return Err(Refusal::new(
                    "R-D1",
                    "LLTC §7.7",
                    format!("{why}, and takes no part in a decision affecting them"),
                )
                .into());
            }
        } else if kind != CaseActionKind::RecordMoAnswer && actor.same_as(&self.about) {
            // The written grievance and the appeal are the complainant's (or recorded for them);
            // never the person complained about's (R-E1.2, R-E1.6, R-E1.7).
            let (rule, clause) = match kind {
                CaseActionKind::LodgeAppeal => ("R-E1.6", ACAS),
                _ => ("R-E1.2", E1_2),
            };
            return Err(e1(
                rule,
                clause,
                format!(
                    "{} is the person complained about and cannot record '{}' on the case about \
                     them (R-E1.7)",
                    actor.name(ctx),
                    kind.label()
                ),
            )
            .into());
        }
        let mut case = self.clone();
        let mut spawned = None;
        let mut note = None;
        let (name, cite): (&'static str, Cite) = match action {
            CaseAction::StartInformal {
                on,
                by,
                note: text_note,
            } => {
                let on = self.date("started on", &on, ctx)?;
                let by = text::required_name("by", &by)?;
                let text_note = text::note("note", &text_note)?;
                case.informal = Some(Informal {
                    started_on: on,
                    by,
                    note: text_note,
                    resolved_on: None,
                    outcome: None,
                });
                match self.path {
                    Path::OfficerGrievance => {
                        case.state = CaseState::Grievance(GrievanceState::Informal);
                        ("informal resolution started", Cite::new("R-E1.1", E1_1))
                    }
                    Path::MemberConcern | Path::Breach(_) => {
                        case.state = CaseState::Concern(ConcernState::Informal);
                        // R-E2.1: the first step the profile names, named as such (toolkit: raised
                        // with the Clerk in the first instance, TWY §4.4).
                        note = triage::concern_routing(&self.about, ctx)
                            .first_step
                            .as_ref()
                            .filter(|_| self.path == Path::MemberConcern)
                            .map(|first| format!("first step: {first}"));
                        ("informal resolution started", Cite::new("R-E2.3", E2_3))
                    }
                }
            }
            CaseAction::ResolveInformally { on, note: outcome } => {
                let on = self.date("resolved on", &on, ctx)?;
                let outcome = required_note("outcome", &outcome)?;
                match self.path {
                    Path::OfficerGrievance | Path::MemberConcern => {
                        if let Some(informal) = case.informal.as_mut() {
                            informal.resolved_on = Some(on);
                            informal.outcome = Some(outcome);
                        }
                        case.state = CaseState::Closed;
                        case.closed_on = Some(on);
                        let cite = match self.path {
                            Path::OfficerGrievance => Cite::new("R-E1.1", E1_1),
                            Path::MemberConcern | Path::Breach(_) => Cite::new("R-E2.3", E2_3),
                        };
                        ("resolved informally and closed", cite)
                    }
                    Path::Breach(c) => {
                        case.informal = Some(Informal {
                            started_on: on,
                            by: actor.name(ctx),
                            note: String::new(),
                            resolved_on: Some(on),
                            outcome: Some(outcome),
                        });
                        case.state = CaseState::Breach(BreachState::ResolvedInformally);
                        ("breach resolved informally", c.cite())
                    }
                }
            }
            CaseAction::GoFormal {
                written_on,
                skip_reason,
            } => {
                let written_on = self.date("written grievance", &written_on, ctx)?;
                if self.state == CaseState::Grievance(GrievanceState::Raised) {
                    let reason = text::note("skip reason", &skip_reason)?;
                    if reason.trim().is_empty() {
                        return Err(e1(
                            "R-E1.1",
                            E1_1,
                            "informal resolution comes first; to go straight to the formal stage, record why",
                        )
                        .into());
                    }
                    case.informal_skipped = Some(reason);
                }
                case.formal_on = Some(written_on);
                case.state = CaseState::Grievance(GrievanceState::Formal);
                let due = ctx
                    .calendars
                    .council
                    .add_working_days(written_on, ctx.profile.deadlines.hearing_working_days);
                note = Some(format!(
                    "hearing due by {} (R-E1.3, council calendar)",
                    dates::show(due)
                ));
                (
                    "formal grievance received in writing",
                    Cite::new("R-E1.2", E1_2),
                )
            }
            CaseAction::ConcernFormal { on, route } => {
                let on = self.date("started on", &on, ctx)?;
                let route = ConcernRoute::parse("route", &route)?;
                self.check_concern_decider(actor, ctx, register)?;
                case.formal_on = Some(on);
                case.concern_route = Some(route);
                case.state = CaseState::Concern(ConcernState::Formal);
                note = Some(route.label().to_string());
                ("formal route begun", Cite::new("R-E2.4", E2_4))
            }
            CaseAction::AppointPanel { members } => {
                let panel = parse_members("members", &members, ctx)?;
                match self.state {
                    CaseState::Grievance(GrievanceState::AppealLodged) => {
                        note = check_panel(self, &panel, Some(&self.panel), ctx, register)?;
                        if let Some(appeal) = case.appeal.as_mut() {
                            appeal.panel = panel;
                        }
                        case.state = CaseState::Grievance(GrievanceState::AppealPanelAppointed);
                        ("appeal panel appointed", Cite::new("R-E1.6", ACAS))
                    }
                    CaseState::Grievance(
                        GrievanceState::Raised
                        | GrievanceState::Informal
                        | GrievanceState::Formal
                        | GrievanceState::PanelAppointed
                        | GrievanceState::HearingHeld
                        | GrievanceState::Upheld
                        | GrievanceState::AppealWindow
                        | GrievanceState::AppealPanelAppointed,
                    )
                    | CaseState::Concern(_)
                    | CaseState::Breach(_)
                    | CaseState::Closed => {
                        check_panel(self, &panel, None, ctx, register)?;
                        case.panel = panel;
                        case.state = CaseState::Grievance(GrievanceState::PanelAppointed);
                        ("panel appointed", Cite::new("R-E1.2", E1_2))
                    }
                }
            }
            CaseAction::HoldHearing { on, companion } => {
                let on = self.date("held on", &on, ctx)?;
                let companion = text::optional_name("companion", &companion)?;
                if let Some(deadline) = self.next_deadline(ctx) {
                    if on > deadline.due {
                        note = Some(format!(
                            "held after the target of {} (R-E1.3)",
                            dates::show(deadline.due)
                        ));
                    }
                }
                case.hearing = Some(Hearing { on, companion });
                case.state = CaseState::Grievance(GrievanceState::HearingHeld);
                ("hearing held", Cite::new("R-E1.3", ACAS))
            }
            CaseAction::ReferToMo {
                on,
                note: text_note,
            } => {
                let on = self.date("referred on", &on, ctx)?;
                let text_note = text::note("note", &text_note)?;
                case.mo_referral = Some(MoReferral {
                    on,
                    note: text_note,
                    answered_on: None,
                    answer: None,
                });
                match self.path {
                    Path::Breach(c) => {
                        self.check_breach_handler(actor, ctx, register)?;
                        case.state = CaseState::Breach(BreachState::ReferredToMonitoringOfficer);
                        (
                            "referred to the Monitoring Officer as a code of conduct complaint",
                            c.cite(),
                        )
                    }
                    Path::OfficerGrievance | Path::MemberConcern => (
                        "referred to the Monitoring Officer",
                        Cite::new("R-E1.4", E1_5),
                    ),
                }
            }
            CaseAction::RecordMoAnswer { on, answer } => {
                let on = self.date("answered on", &on, ctx)?;
                let answer = required_note("answer", &answer)?;
                if let Some(r) = case.mo_referral.as_mut() {
                    r.answered_on = Some(on);
                    r.answer = Some(answer);
                }
                let cite = match self.path {
                    Path::Breach(c) => c.cite(),
                    Path::OfficerGrievance | Path::MemberConcern => Cite::new("R-E1.4", E1_5),
                };
                ("Monitoring Officer's answer recorded", cite)
            }
            CaseAction::Decide {
                on,
                outcome,
                note: text_note,
            } => {
                let on = self.date("decided on", &on, ctx)?;
                let outcome = Outcome::parse("outcome", &outcome)?;
                let text_note = text::note("note", &text_note)?;
                let decision = Decision {
                    on,
                    outcome,
                    note: text_note,
                    by: actor.clone(),
                };
                match self.state {
                    // LLTC §8.8: where members hear an appeal, the decided concern waits for it.
                    CaseState::Concern(_) if ctx.profile.model_steps.concern_appeal.is_some() => {
                        self.check_concern_decider(actor, ctx, register)?;
                        case.decision = Some(decision);
                        case.state = CaseState::Concern(ConcernState::Decided);
                        note = Some(format!(
                            "{}: an appeal is heard by members, or close it",
                            outcome.label()
                        ));
                        ("outcome recorded", Cite::new("R-E2.4", E2_4))
                    }
                    CaseState::Concern(_) => {
                        self.check_concern_decider(actor, ctx, register)?;
                        case.decision = Some(decision);
                        case.state = CaseState::Closed;
                        case.closed_on = Some(on);
                        note = Some(outcome.label().to_string());
                        ("outcome recorded and closed", Cite::new("R-E2.4", E2_4))
                    }
                    CaseState::Grievance(GrievanceState::AppealPanelAppointed) => {
                        let panel = self
                            .appeal
                            .as_ref()
                            .map(|a| a.panel.clone())
                            .unwrap_or_default();
                        check_sits(actor, &panel, "the appeal panel", ctx)?;
                        if let Some(appeal) = case.appeal.as_mut() {
                            appeal.decision = Some(decision);
                        }
                        if outcome.is_upheld() {
                            case.state = CaseState::Grievance(GrievanceState::Upheld);
                            note = Some(format!(
                                "{} on appeal: the Clerk's steps follow (R-E1.5){}",
                                outcome.label(),
                                mark_if_nobody_takes_the_steps(&mut case, ctx, register)
                            ));
                        } else {
                            case.state = CaseState::Closed;
                            case.closed_on = Some(on);
                            note = Some("not upheld on appeal: final".to_string());
                        }
                        ("final decision on appeal", Cite::new("R-E1.6", ACAS))
                    }
                    CaseState::Grievance(
                        GrievanceState::Raised
                        | GrievanceState::Informal
                        | GrievanceState::Formal
                        | GrievanceState::PanelAppointed
                        | GrievanceState::HearingHeld
                        | GrievanceState::Upheld
                        | GrievanceState::AppealWindow
                        | GrievanceState::AppealLodged,
                    )
                    | CaseState::Breach(_)
                    | CaseState::Closed => {
                        check_sits(actor, &self.panel, "the panel", ctx)?;
                        case.decision = Some(decision);
                        if outcome.is_upheld() {
                            case.state = CaseState::Grievance(GrievanceState::Upheld);
                            note = Some(format!(
                                "{}: to the Clerk for the steps in R-E1.5{}",
                                outcome.label(),
                                mark_if_nobody_takes_the_steps(&mut case, ctx, register)
                            ));
                            ("decided", Cite::new("R-E1.5", E1_5))
                        } else {
                            case.state = CaseState::Grievance(GrievanceState::AppealWindow);
                            let due = case.appeal_due(ctx).unwrap_or(on);
                            note = Some(format!(
                                "not upheld: an appeal may be lodged until {}",
                                dates::show(due)
                            ));
                            ("decided", Cite::new("R-E1.6", ACAS))
                        }
                    }
                }
            }
            CaseAction::RecordStep {
                step,
                on,
                note: text_note,
            } => {
                let step = self.outstanding_step(&step)?;
                self.check_step_holder(actor, ctx, register)?;
                let on = self.date("on", &on, ctx)?;
                let text_note = text::note("note", &text_note)?;
                case.steps.set(
                    step,
                    StepRecord::Recorded {
                        on,
                        note: text_note,
                    },
                );
                note = Some(step.label().to_string());
                ("Clerk's step recorded", Cite::new("R-E1.5", E1_5))
            }
            CaseAction::StepNotApplicable { step } => {
                let step = self.outstanding_step(&step)?;
                self.check_step_holder(actor, ctx, register)?;
                let reason = derived_not_applicable(self, step, ctx).ok_or_else(|| {
                    e1(
                        "R-E1.5",
                        E1_5,
                        format!(
                            "{} applies to this case: record it when it is done",
                            step.label()
                        ),
                    )
                })?;
                note = Some(format!("{}: not applicable, {}", step.label(), reason));
                case.steps.set(step, StepRecord::NotApplicable { reason });
                ("Clerk's step not applicable", Cite::new("R-E1.5", E1_5))
            }
            CaseAction::LodgeAppeal { on, grounds } => {
                let on = self.date("lodged on", &on, ctx)?;
                let grounds = required_note("grounds", &grounds)?;
                if let Some(due) = self.appeal_due(ctx) {
                    if on > due {
                        return Err(e1(
                            "R-E1.6",
                            ACAS,
                            format!(
                                "the appeal window ({}) closed on {}",
                                ctx.profile.deadlines.wording(Figure::Appeal),
                                dates::show(due)
                            ),
                        )
                        .into());
                    }
                }
                case.appeal = Some(Appeal {
                    lodged_on: on,
                    grounds,
                    panel: Vec::new(),
                    decision: None,
                });
                case.state = CaseState::Grievance(GrievanceState::AppealLodged);
                ("appeal lodged", Cite::new("R-E1.6", ACAS))
            }
            CaseAction::Review {
                on,
                note: text_note,
            } => {
                self.check_breach_handler(actor, ctx, register)?;
                let on = self.date("reviewed on", &on, ctx)?;
                case.reviewed_on = Some(on);
                case.review_note = Some(text::note("note", &text_note)?);
                case.state = CaseState::Breach(BreachState::ReviewedByClerk);
                ("reviewed by the Clerk", self.path.cite())
            }
            CaseAction::Convert { reference, on } => {
                self.check_breach_handler(actor, ctx, register)?;
                let on = self.date("on", &on, ctx)?;
                let proposal =
                    triage::triage(&self.raised_by, &self.about, self.channel, ctx, register);
                if check_parties_fit(proposal.path, &self.raised_by, &self.about).is_err()
                    || matches!(proposal.path, Path::Breach(_))
                {
                    return Err(Refusal::new(
                        "R-E3",
                        &self.path.cite().clause,
                        "only an officer's grievance about a member (R-E1) or a member's concern about an \
                         officer (R-E2) can be opened from a breach",
                    )
                    .into());
                }
                let input = CaseInput {
                    raised_by: self.raised_by.clone(),
                    about: self.about.clone(),
                    channel: self.channel,
                    raised_on: dates::show(on),
                    summary: self.summary.clone(),
                    confidential: self.confidential,
                };
                let mut new_case = Case::open(
                    reference,
                    &input,
                    &proposal,
                    proposal.path,
                    "",
                    ctx,
                    register,
                )?;
                new_case.pending_breach = None;
                new_case.links.push(CaseLink {
                    kind: LinkKind::ConvertedFrom,
                    reference: self.reference.clone(),
                });
                case.links.push(CaseLink {
                    kind: LinkKind::ConvertedTo,
                    reference: new_case.reference.clone(),
                });
                case.state = CaseState::Breach(BreachState::ConvertedToCase);
                note = Some(format!(
                    "opened {} ({})",
                    new_case.reference,
                    new_case.path.label()
                ));
                spawned = Some(new_case);
                ("turned into a case", self.path.cite())
            }
            CaseAction::AppointIndependent {
                on,
                by,
                note: text_note,
            } => {
                let on = self.date("appointed on", &on, ctx)?;
                let name = text::required_name("by", &by)?;
                let text_note = text::note("note", &text_note)?;
                let on_council = ctx
                    .members
                    .iter()
                    .map(|m| m.name.as_str())
                    .chain(ctx.officers.iter().map(|o| o.name.as_str()))
                    .any(|n| n.trim().eq_ignore_ascii_case(name.trim()));
                if on_council {
                    return Err(e1(
                        "R-E1.7",
                        E1_5,
                        format!(
                            "{name} is a member or officer of the council, not an independent person"
                        ),
                    )
                    .into());
                }
                let person = PersonRef::Other(name);
                if let Some(why) =
                    triage::exclusion(&person, &self.raised_by, &self.about, ctx, register)
                {
                    return Err(e1(
                        "R-E1.7",
                        E1_5,
                        format!("the independent person cannot be a party: {why}"),
                    )
                    .into());
                }
                for h in case.handlers.iter_mut().filter(|h| h.person.is_none()) {
                    h.role = Role::IndependentPerson;
                    h.person = Some(person.clone());
                }
                let mut seen: Vec<Handler> = Vec::new();
                case.handlers.retain(|h| {
                    let dup = seen.contains(h);
                    seen.push(h.clone());
                    !dup
                });
                note = Some(format!(
                    "{} appointed on {} as an independent person{}",
                    person.name(ctx),
                    dates::show(on),
                    if text_note.is_empty() {
                        String::new()
                    } else {
                        format!(": {text_note}")
                    }
                ));
                ("independent person appointed", Cite::new("R-E1.7", E1_5))
            }
            CaseAction::DirectDiscussion {
                on,
                note: text_note,
            } => {
                let on = self.date("discussed on", &on, ctx)?;
                let text_note = text::note("note", &text_note)?;
                case.model_steps.push(ModelStepRecord {
                    step: ModelStep::DirectDiscussion,
                    on,
                    by: actor.clone(),
                    note: text_note,
                });
                note = Some(format!(
                    "{} and {}: if it did not resolve it, the concern goes to {}",
                    self.raised_by.name(ctx),
                    self.about.name(ctx),
                    self.handlers
                        .iter()
                        .filter_map(|h| h.person.as_ref().map(|p| p.name(ctx)))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ));
                let clause = ctx.profile.model_steps.direct_discussion.clone();
                (
                    "direct discussion with the employee",
                    Cite::new("R-E2.1", clause.unwrap_or_default()),
                )
            }
            CaseAction::Consult {
                with,
                on,
                note: text_note,
            } => {
                let mut errors = crate::domain::rules::FieldErrors::default();
                let step = errors.keep(parse_consulted("with", &with));
                let on = errors.keep(self.date("consulted on", &on, ctx));
                let text_note = errors.keep(text::note("note", &text_note));
                let (Some(step), Some(on), Some(text_note)) = (step, on, text_note) else {
                    return Err(errors.0.into());
                };
                let clause = ctx
                    .profile
                    .model_steps
                    .consultation
                    .clone()
                    .unwrap_or_default();
                let consulted = match step {
                    ModelStep::ConsultGroupLeader => {
                        let leader = self
                            .group_leader_to_consult(ctx)
                            .map_err(|why| Refusal::new("R-E1.1", &clause, why))?;
                        PersonRef::Member(leader)
                    }
                    ModelStep::ConsultMember | ModelStep::DirectDiscussion => self.about.clone(),
                };
                if let Some(done) = self.model_step(step) {
                    return Err(Refusal::new(
                        "R-E1.1",
                        &clause,
                        format!(
                            "{} was already recorded on {}",
                            step.label(),
                            dates::show(done.on)
                        ),
                    )
                    .into());
                }
                case.model_steps.push(ModelStepRecord {
                    step,
                    on,
                    by: actor.clone(),
                    note: text_note,
                });
                note = Some(format!("{} consulted", consulted.name(ctx)));
                ("consultation recorded", Cite::new("R-E1.1", clause))
            }
            CaseAction::HearAppeal {
                members,
                on,
                outcome,
                note: text_note,
            } => {
                let mut errors = crate::domain::rules::FieldErrors::default();
                let panel = errors.keep(parse_members("members", &members, ctx));
                let on = errors.keep(self.date("heard on", &on, ctx));
                let outcome = errors.keep(Outcome::parse("outcome", &outcome));
                let text_note = errors.keep(text::note("note", &text_note));
                let (Some(panel), Some(on), Some(outcome), Some(text_note)) =
                    (panel, on, outcome, text_note)
                else {
                    return Err(errors.0.into());
                };
                let clause = ctx
                    .profile
                    .model_steps
                    .concern_appeal
                    .clone()
                    .unwrap_or_default();
                self.check_appeal_members(&panel, &clause, ctx, register)?;
                case.appeal = Some(Appeal {
                    lodged_on: on,
                    grounds: text_note.clone(),
                    panel: panel.clone(),
                    decision: Some(Decision {
                        on,
                        outcome,
                        note: text_note,
                        by: PersonRef::Member(panel[0]),
                    }),
                });
                case.state = CaseState::Closed;
                case.closed_on = Some(on);
                note = Some(format!("appeal {} by members: final", outcome.label()));
                ("appeal heard by members", Cite::new("R-E2.4", clause))
            }
            CaseAction::Close {
                on,
                note: text_note,
            } => {
                let on = self.date("closed on", &on, ctx)?;
                let text_note = text::note("note", &text_note)?;
                let cite = match self.state {
                    CaseState::Grievance(GrievanceState::Upheld) => {
                        if !self.steps.complete() {
                            return Err(self.not_now(kind, ctx).into());
                        }
                        Cite::new("R-E1.5", E1_5)
                    }
                    CaseState::Grievance(GrievanceState::AppealWindow) => {
                        if let Some(due) = self.appeal_due(ctx) {
                            if on <= due {
                                return Err(e1(
                                    "R-E1.6",
                                    ACAS,
                                    format!(
                                        "the appeal window ({}) runs until {}: close after it",
                                        ctx.profile.deadlines.wording(Figure::Appeal),
                                        dates::show(due)
                                    ),
                                )
                                .into());
                            }
                        }
                        note = Some("no appeal lodged within the window".to_string());
                        Cite::new("R-E1.6", ACAS)
                    }
                    CaseState::Grievance(
                        GrievanceState::Raised
                        | GrievanceState::Informal
                        | GrievanceState::Formal
                        | GrievanceState::PanelAppointed
                        | GrievanceState::HearingHeld
                        | GrievanceState::AppealLodged
                        | GrievanceState::AppealPanelAppointed,
                    )
                    | CaseState::Concern(_)
                    | CaseState::Breach(_)
                    | CaseState::Closed => self.path.cite(),
                };
                case.state = CaseState::Closed;
                case.closed_on = Some(on);
                case.closing_note = (!text_note.is_empty()).then_some(text_note);
                ("closed", cite)
            }
        };
        Ok(CaseEvent {
            case,
            action: name,
            note,
            cite: Some(cite),
            spawned,
            warning: None,
        })
    }

    fn outstanding_step(&self, raw: &str) -> Result<Step, Rejection> {
        let step = Step::parse("step", raw)?;
        if self.steps.get(step).is_some() {
            return Err(
                FieldError::new("step", format!("{} is recorded already", step.label())).into(),
            );
        }
        Ok(step)
    }

    /// R-E1.5/R-E1.7: the Clerk takes the steps, or the stand-in where the Clerk is the complainant.
    fn check_step_holder(
        &self,
        actor: &PersonRef,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Result<(), Refusal> {
        let holder = step_holder(self, ctx, register)?;
        if holder.same_as(actor) {
            Ok(())
        } else {
            let rule = if triage::is_clerk(&self.raised_by, ctx) {
                "R-E1.7"
            } else {
                "R-E1.5"
            };
            Err(e1(
                rule,
                E1_5,
                format!(
                    "the steps are taken by {}, not {}",
                    holder.name(ctx),
                    actor.name(ctx)
                ),
            ))
        }
    }
}

/// The case machine. Its steps are taken by someone: the context's actor
/// ([`Context::acting`]), else the one the domain names for the step ([`Case::default_actor`],
/// never a party or a conflicted person); conflicts are checked against the context's register
/// ([`Context::with_conflicts`]). Refusals cite the council's own protocol.
impl Machine for Case {
    type Kind = CaseActionKind;
    type Action = CaseAction;
    type Event = CaseEvent;

    fn available(&self, ctx: &Context) -> Vec<CaseActionKind> {
        self.offered(ctx)
    }

    /// Why `kind` cannot be done now, with the rule it would break, cited from the council's own
    /// protocol.
    fn not_now(&self, kind: CaseActionKind, ctx: &Context) -> Refusal {
        self.why_not_now(kind, ctx).localised(ctx.profile)
    }

    fn apply(&self, action: CaseAction, ctx: &Context) -> Result<CaseEvent, Rejection> {
        let kind = action.kind();
        let actor = match ctx.actor {
            Some(actor) => actor.clone(),
            None if !self.offered(ctx).contains(&kind) => {
                return Err(self.not_now(kind, ctx).into())
            }
            None => match self.default_actor(kind, ctx, ctx.conflicts) {
                Some(actor) => actor,
                None => return Err(self.nobody_may(kind, ctx).into()),
            },
        };
        self.step(action, &actor, ctx, ctx.conflicts)
    }

    fn kind_of(action: &CaseAction) -> CaseActionKind {
        action.kind()
    }

    fn record(event: &CaseEvent) -> &Case {
        &event.case
    }
}

/// R-E1.7: once a grievance is upheld, where nobody the profile names may take the Clerk's steps,
/// the case records that it needs an independent person (and so offers the way out). Returns the
/// words to add to the step's note.
fn mark_if_nobody_takes_the_steps(
    case: &mut Case,
    ctx: &Context,
    register: &dyn ConflictRegister,
) -> String {
    match step_holder(case, ctx, register) {
        Ok(_) => String::new(),
        Err(refusal) => {
            case.handlers.push(Handler {
                role: Role::IndependentPerson,
                person: None,
            });
            format!("; {}", refusal.reason)
        }
    }
}

fn required_note(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let value = text::note(field, raw)?;
    if value.trim().is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    Ok(value)
}

/// R-E1.2: the panel decides; the actor must sit on it.
fn check_sits(
    actor: &PersonRef,
    panel: &[MemberId],
    which: &str,
    ctx: &Context,
) -> Result<(), Refusal> {
    match actor {
        PersonRef::Member(m) if panel.contains(m) => Ok(()),
        PersonRef::Member(_) | PersonRef::Officer(_) | PersonRef::Other(_) => Err(e1(
            "R-E1.2",
            E1_2,
            format!("{} decides; {} does not sit on it", which, actor.name(ctx)),
        )),
    }
}

/// R-E1.1 (BOR §2.8): who was consulted: `member` or `group-leader`.
fn parse_consulted(field: &'static str, raw: &str) -> Result<ModelStep, FieldError> {
    match raw.trim().to_lowercase().replace([' ', '_'], "-").as_str() {
        "member" => Ok(ModelStep::ConsultMember),
        "group-leader" | "leader" | "group" => Ok(ModelStep::ConsultGroupLeader),
        other => Err(FieldError::new(
            field,
            format!("'{other}' is not one of: member, group-leader"),
        )),
    }
}
