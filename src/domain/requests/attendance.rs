//! A political group's invitation to the Clerk to attend its meeting (R-G3, R-G4).
//!
//! Banbury model (CAV §4.3a–e): the Clerk may attend, send a representative or decline with a reason;
//! after attending, every other group is told of the attendance and the subject; what was heard stays
//! confidential. Town model (LLTC §7.4): officers are not expected at group meetings, so the only
//! decision is to decline. Borough model (BOR §2.3): not normally, unless the head of paid service
//! agrees, so attending waits for that agreement to be recorded. Where the protocol is silent the
//! Banbury steps are followed, citing the profile's clause as given.

use crate::domain::machine::inherent_spec_methods;
use crate::domain::machine::Machine;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    check_tell, group_names, past_date, past_date_after, political_group, show_told, untold,
};
use crate::domain::dates;
use crate::domain::ids::GroupId;
use crate::domain::profile::GroupMeetingPolicy;
use crate::domain::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use crate::domain::text;
use crate::domain::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceState {
    Requested,
    /// The Clerk will attend or send a representative.
    Decided,
    Declined,
    /// The meeting took place and the subject is recorded.
    Attended,
    /// Every other group is recorded as told (R-G3, CAV §4.3d).
    OtherGroupsTold,
    Complete,
}

impl AttendanceState {
    pub fn label(self) -> &'static str {
        match self {
            AttendanceState::Requested => "requested",
            AttendanceState::Decided => "decided",
            AttendanceState::Declined => "declined",
            AttendanceState::Attended => "attended",
            AttendanceState::OtherGroupsTold => "other groups told",
            AttendanceState::Complete => "complete",
        }
    }
}

/// R-G3 (CAV §4.3a–b).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceDecision {
    Attend,
    /// Another officer goes on the Clerk's behalf: their name.
    SendRepresentative(String),
    /// The reason for declining.
    Decline(String),
}

/// R-G4 (BOR §2.3): the head of paid service's agreement to an officer attending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAttendance {
    pub id: u32,
    /// The group holding the meeting.
    pub group: GroupId,
    pub meeting_on: NaiveDate,
    pub requested_on: NaiveDate,
    /// The rules the record follows: the profile's policy when the request came in.
    pub policy: GroupMeetingPolicy,
    /// The profile's clause for group meetings, as given.
    pub clause: String,
    pub agreement: Option<Agreement>,
    pub decision: Option<AttendanceDecision>,
    pub decided_on: Option<NaiveDate>,
    /// The subject discussed, as it may be told to the other groups.
    pub subject: Option<String>,
    /// Always true: what was heard at the meeting stays confidential to the group (R-G3, CAV §4.3e).
    /// Nothing but the group, the date and the subject ever leaves this record.
    pub confidential: bool,
    /// R-G3: each other group and the day it was told.
    pub told: Vec<(GroupId, NaiveDate)>,
    pub completed_on: Option<NaiveDate>,
    pub state: AttendanceState,
}

/// What the clerk typed to open an attendance record.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupAttendanceInput {
    pub group: String,
    /// The day of the group's meeting (may be ahead).
    pub meeting_on: String,
    pub requested_on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttendanceActionKind {
    RecordAgreement,
    Attend,
    SendRepresentative,
    Decline,
    RecordAttended,
    TellGroup,
    Complete,
}

impl AttendanceActionKind {
    pub const ALL: [AttendanceActionKind; 7] = [
        AttendanceActionKind::RecordAgreement,
        AttendanceActionKind::Attend,
        AttendanceActionKind::SendRepresentative,
        AttendanceActionKind::Decline,
        AttendanceActionKind::RecordAttended,
        AttendanceActionKind::TellGroup,
        AttendanceActionKind::Complete,
    ];
}

/// One step, as typed (dates `YYYY-MM-DD` or `DD/MM/YYYY`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttendanceAction {
    /// R-G4 (BOR §2.3): who agreed, and when.
    RecordAgreement {
        by: String,
        on: String,
    },
    Attend {
        on: String,
    },
    SendRepresentative {
        name: String,
        on: String,
    },
    Decline {
        reason: String,
        on: String,
    },
    /// After the meeting: the subject discussed, which the other groups will be told.
    RecordAttended {
        subject: String,
    },
    TellGroup {
        group: String,
        on: String,
    },
    Complete {
        on: String,
    },
}

inherent_spec_methods!(AttendanceActionKind);

impl AttendanceAction {
    pub fn kind(&self) -> AttendanceActionKind {
        match self {
            AttendanceAction::RecordAgreement { .. } => AttendanceActionKind::RecordAgreement,
            AttendanceAction::Attend { .. } => AttendanceActionKind::Attend,
            AttendanceAction::SendRepresentative { .. } => AttendanceActionKind::SendRepresentative,
            AttendanceAction::Decline { .. } => AttendanceActionKind::Decline,
            AttendanceAction::RecordAttended { .. } => AttendanceActionKind::RecordAttended,
            AttendanceAction::TellGroup { .. } => AttendanceActionKind::TellGroup,
            AttendanceAction::Complete { .. } => AttendanceActionKind::Complete,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendanceEvent {
    pub attendance: GroupAttendance,
    pub action: &'static str,
    pub note: Option<String>,
    pub cite: Option<Cite>,
}

impl GroupAttendance {
    /// Validates a new record. `id` is the next free number, chosen by the store.
    pub fn create(
        id: u32,
        input: &GroupAttendanceInput,
        ctx: &Context,
    ) -> Result<GroupAttendance, Rejection> {
        let mut errors = FieldErrors::default();
        let group = errors.keep(political_group("group", &input.group, ctx));
        let meeting_on = errors.keep(dates::parse_date("meeting on", &input.meeting_on));
        let requested_on = errors.keep(past_date("requested on", &input.requested_on, ctx));
        if let (Some(meeting), Some(requested)) = (meeting_on, requested_on) {
            if meeting < requested {
                errors.push(FieldError::new(
                    "meeting on",
                    format!("is before the request ({})", dates::show(requested)),
                ));
            }
        }
        match (group, meeting_on, requested_on) {
            (Some(group), Some(meeting_on), Some(requested_on)) if errors.is_empty() => {
                Ok(GroupAttendance {
                    id,
                    group,
                    meeting_on,
                    requested_on,
                    policy: ctx.profile.group_meetings,
                    clause: ctx.profile.group_meetings_clause.clone(),
                    agreement: None,
                    decision: None,
                    decided_on: None,
                    subject: None,
                    confidential: true,
                    told: Vec::new(),
                    completed_on: None,
                    state: AttendanceState::Requested,
                })
            }
            _ => Err(Rejection::Invalid(errors.0)),
        }
    }

    /// The Banbury paragraph under the Banbury model, else the profile's clause as given.
    fn clause_for(&self, banbury: &str) -> String {
        match self.policy {
            GroupMeetingPolicy::ClerkMayAttend => banbury.to_string(),
            GroupMeetingPolicy::NotExpected
            | GroupMeetingPolicy::WithHeadOfPaidServiceAgreement
            | GroupMeetingPolicy::NotCovered => self.clause.clone(),
        }
    }

    fn g3(&self, banbury: &str) -> Cite {
        Cite::new("R-G3", self.clause_for(banbury))
    }

    fn r_g3(&self, banbury: &str, reason: impl Into<String>) -> Refusal {
        Refusal {
            cite: self.g3(banbury),
            reason: reason.into(),
        }
    }

    fn r_g4(&self, reason: impl Into<String>) -> Refusal {
        Refusal {
            cite: Cite::new("R-G4", self.clause.clone()),
            reason: reason.into(),
        }
    }

    /// Whether an officer may go at all, now (R-G4).
    fn may_go(&self) -> bool {
        match self.policy {
            GroupMeetingPolicy::ClerkMayAttend | GroupMeetingPolicy::NotCovered => true,
            GroupMeetingPolicy::NotExpected => false,
            GroupMeetingPolicy::WithHeadOfPaidServiceAgreement => self.agreement.is_some(),
        }
    }

    /// The other groups not yet told of the attendance.
    pub fn untold_groups(&self, ctx: &Context) -> Vec<GroupId> {
        untold(ctx.council, self.group, &self.told)
            .iter()
            .map(|g| g.id)
            .collect()
    }

    /// The groups the record waits on (R-G3): those not yet told, once telling them is the step at
    /// hand (the Clerk or a representative attended). Both faces show exactly this.
    pub fn waiting_on(&self, ctx: &Context) -> Vec<GroupId> {
        match self.state {
            AttendanceState::Attended | AttendanceState::OtherGroupsTold => self.untold_groups(ctx),
            AttendanceState::Requested
            | AttendanceState::Decided
            | AttendanceState::Declined
            | AttendanceState::Complete => Vec::new(),
        }
    }

    /// Who went: "the Clerk", or the representative's name.
    fn who(&self) -> String {
        match &self.decision {
            Some(AttendanceDecision::SendRepresentative(name)) => {
                format!("{name}, on the Clerk's behalf,")
            }
            _ => "the Clerk".to_string(),
        }
    }

    fn offered(&self, ctx: &Context) -> Vec<AttendanceActionKind> {
        use AttendanceActionKind as K;
        match self.state {
            AttendanceState::Requested => {
                let mut v = Vec::new();
                if self.policy == GroupMeetingPolicy::WithHeadOfPaidServiceAgreement
                    && self.agreement.is_none()
                {
                    v.push(K::RecordAgreement);
                }
                if self.may_go() {
                    v.extend([K::Attend, K::SendRepresentative]);
                }
                v.push(K::Decline);
                v
            }
            AttendanceState::Decided if ctx.today >= self.meeting_on => vec![K::RecordAttended],
            AttendanceState::Decided => Vec::new(),
            AttendanceState::Declined => vec![K::Complete],
            AttendanceState::Attended | AttendanceState::OtherGroupsTold => {
                if self.untold_groups(ctx).is_empty() {
                    vec![K::Complete]
                } else {
                    vec![K::TellGroup]
                }
            }
            AttendanceState::Complete => Vec::new(),
        }
    }

    fn step(&self, action: AttendanceAction, ctx: &Context) -> Result<AttendanceEvent, Rejection> {
        if !self.available(ctx).contains(&action.kind()) {
            return Err(self.not_now(action.kind(), ctx).into());
        }
        let mut rec = self.clone();
        let decided_from = self
            .agreement
            .as_ref()
            .map(|a| a.on)
            .unwrap_or(self.requested_on);
        let (name, note, cite) = match action {
            AttendanceAction::RecordAgreement { by, on } => {
                let by = text::required_name("agreed by", &by)?;
                let on = past_date_after("agreed on", &on, self.requested_on, "the request", ctx)?;
                if on > self.meeting_on {
                    return Err(FieldError::new("agreed on", "is after the meeting").into());
                }
                let note = format!("agreed by {by}");
                rec.agreement = Some(Agreement { by, on });
                (
                    "head of paid service agreed",
                    Some(note),
                    Cite::new("R-G4", self.clause.clone()),
                )
            }
            AttendanceAction::Attend { on } => {
                let on = past_date_after(
                    "decided on",
                    &on,
                    decided_from,
                    "the request or agreement",
                    ctx,
                )?;
                rec.decision = Some(AttendanceDecision::Attend);
                rec.decided_on = Some(on);
                rec.state = AttendanceState::Decided;
                ("Clerk to attend", None, self.g3("CAV §4.3a"))
            }
            AttendanceAction::SendRepresentative { name, on } => {
                let name = text::required_name("representative", &name)?;
                let on = past_date_after(
                    "decided on",
                    &on,
                    decided_from,
                    "the request or agreement",
                    ctx,
                )?;
                let note = format!("{name} to attend for the Clerk");
                rec.decision = Some(AttendanceDecision::SendRepresentative(name));
                rec.decided_on = Some(on);
                rec.state = AttendanceState::Decided;
                ("representative to attend", Some(note), self.g3("CAV §4.3a"))
            }
            AttendanceAction::Decline { reason, on } => {
                let reason = text::required_name("reason", &reason)?;
                let on = past_date_after("decided on", &on, self.requested_on, "the request", ctx)?;
                rec.decision = Some(AttendanceDecision::Decline(reason.clone()));
                rec.decided_on = Some(on);
                rec.state = AttendanceState::Declined;
                let cite = match self.policy {
                    GroupMeetingPolicy::NotExpected
                    | GroupMeetingPolicy::WithHeadOfPaidServiceAgreement => {
                        Cite::new("R-G4", self.clause.clone())
                    }
                    GroupMeetingPolicy::ClerkMayAttend | GroupMeetingPolicy::NotCovered => {
                        self.g3("CAV §4.3b")
                    }
                };
                ("declined", Some(reason), cite)
            }
            AttendanceAction::RecordAttended { subject } => {
                let subject = text::required_name("subject", &subject)?;
                rec.subject = Some(subject);
                rec.state = AttendanceState::Attended;
                let note = format!(
                    "to tell: {}; what was heard stays confidential",
                    group_names(&untold(ctx.council, self.group, &[]))
                );
                ("meeting attended", Some(note), self.g3("CAV §4.3e"))
            }
            AttendanceAction::TellGroup { group, on } => {
                let cite = self.g3("CAV §4.3d");
                let told = check_tell(
                    self.group,
                    &self.told,
                    &group,
                    &on,
                    self.meeting_on,
                    "the meeting",
                    (&cite.rule, &cite.clause),
                    ctx,
                )?;
                rec.told.push(told);
                if rec.untold_groups(ctx).is_empty() {
                    rec.state = AttendanceState::OtherGroupsTold;
                }
                let note = format!("{} told", ctx.council.group_name(Some(told.0)));
                ("other group told", Some(note), cite)
            }
            AttendanceAction::Complete { on } => {
                let last = self
                    .told
                    .iter()
                    .map(|(_, d)| *d)
                    .chain(self.decided_on)
                    .chain((self.state != AttendanceState::Declined).then_some(self.meeting_on))
                    .max()
                    .unwrap_or(self.requested_on);
                let on = past_date_after("completed on", &on, last, "the last step", ctx)?;
                rec.completed_on = Some(on);
                rec.state = AttendanceState::Complete;
                ("complete", None, self.g3("CAV §4.3d"))
            }
        };
        Ok(AttendanceEvent {
            attendance: rec,
            action: name,
            note,
            cite: Some(cite),
        })
    }

    /// Why `kind` cannot be done on this attendance record now, with the rule and clause `apply`
    /// refuses it with: asked without building an action.
    fn why_not(&self, kind: AttendanceActionKind, ctx: &Context) -> Refusal {
        use AttendanceActionKind as K;
        use AttendanceState as S;
        let group = ctx.council.group_name(Some(self.group));
        match (self.state, kind) {
            (S::Complete, _) => self.r_g3("CAV §4.3", "the record is complete; it is kept as it is"),
            (S::Requested, K::Attend | K::SendRepresentative) => match self.policy {
                GroupMeetingPolicy::NotExpected => self.r_g4(
                    "officers are not expected to attend political group meetings under this council's protocol; \
                     decline the invitation with a reason",
                ),
                _ => self.r_g4(
                    "an officer attends a group meeting only with the head of paid service's agreement: record \
                     the agreement first",
                ),
            },
            (S::Requested, K::RecordAgreement) => match (&self.policy, &self.agreement) {
                (GroupMeetingPolicy::WithHeadOfPaidServiceAgreement, Some(a)) => self.r_g4(format!(
                    "{} agreed on {} already",
                    a.by,
                    dates::show(a.on)
                )),
                _ => self.r_g4("this council's protocol asks for no head of paid service's agreement"),
            },
            (S::Requested, _) => self.r_g3("CAV §4.3a", "the Clerk has not decided yet whether to attend"),
            (_, K::RecordAgreement | K::Attend | K::SendRepresentative | K::Decline) => self.r_g3(
                "CAV §4.3a",
                format!(
                    "the decision is made already ({})",
                    self.decided_on.map(dates::show).unwrap_or_default()
                ),
            ),
            (S::Decided, K::RecordAttended) => self.r_g3(
                "CAV §4.3d",
                format!("the {group} group's meeting is on {}; record it once held", dates::show(self.meeting_on)),
            ),
            (S::Decided, _) => self.r_g3("CAV §4.3d", "the meeting has not been attended yet"),
            (S::Declined, _) => self.r_g3("CAV §4.3b", "the Clerk declined: nothing was attended, nobody is told"),
            (S::Attended | S::OtherGroupsTold, K::RecordAttended) => {
                self.r_g3("CAV §4.3d", "the attendance is recorded already")
            }
            (S::Attended | S::OtherGroupsTold, K::TellGroup) => {
                self.r_g3("CAV §4.3d", "every other group is recorded as told already")
            }
            (S::Attended | S::OtherGroupsTold, _) => {
                let left = untold(ctx.council, self.group, &self.told);
                self.r_g3(
                    "CAV §4.3d",
                    format!(
                        "not complete until every other group is told of the attendance and the subject; not yet \
                         told: {}",
                        group_names(&left)
                    ),
                )
            }
        }
    }

    /// A plain-text draft notice to the other groups (R-G3, CAV §4.3d) for the clerk to copy: the
    /// group, the date and the subject, and nothing that was heard (§4.3e).
    pub fn notice_text(&self, ctx: &Context) -> String {
        let group = ctx.council.group_name(Some(self.group));
        if let Some(AttendanceDecision::Decline(_)) = &self.decision {
            return format!(
                "No notice to other groups: the Clerk declined the {group} group's invitation for {}.\n",
                dates::show(self.meeting_on)
            );
        }
        let to = group_names(&untold(ctx.council, self.group, &[]));
        let to = if to.is_empty() {
            "the other political groups".to_string()
        } else {
            to
        };
        let subject = self
            .subject
            .clone()
            .unwrap_or_else(|| "[subject to be recorded after the meeting]".into());
        format!(
            "To: {to}\nFrom: the Clerk, {council}\n\nAttendance at a political group meeting\n\n\
             On {day} {who} attended a meeting of the {group} group.\nSubject: {subject}\n\n\
             Under the council's protocol each other political group is told of such attendance and its \
             subject (R-G3, {tell}). What was said at the meeting stays confidential to that group (R-G3, \
             {conf}).\n",
            council = ctx.council.name,
            day = dates::show(self.meeting_on),
            who = self.who(),
            tell = self.clause_for("CAV §4.3d"),
            conf = self.clause_for("CAV §4.3e"),
        )
    }

    /// Field by field, for audit summaries and exports. Nothing heard at the meeting is recorded.
    pub fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        let decision = match &self.decision {
            None => String::new(),
            Some(AttendanceDecision::Attend) => "attend".to_string(),
            Some(AttendanceDecision::SendRepresentative(n)) => format!("representative: {n}"),
            Some(AttendanceDecision::Decline(r)) => format!("declined: {r}"),
        };
        vec![
            (
                "group",
                ctx.council.group_name(Some(self.group)).to_string(),
            ),
            ("meeting on", dates::show(self.meeting_on)),
            ("requested on", dates::show(self.requested_on)),
            (
                "agreement",
                self.agreement
                    .as_ref()
                    .map(|a| format!("{} ({})", a.by, dates::show(a.on)))
                    .unwrap_or_default(),
            ),
            ("decision", decision),
            (
                "decided on",
                self.decided_on.map(dates::show).unwrap_or_default(),
            ),
            ("subject", self.subject.clone().unwrap_or_default()),
            ("told", show_told(&self.told, ctx)),
            (
                "completed on",
                self.completed_on.map(dates::show).unwrap_or_default(),
            ),
            ("state", self.state.label().to_string()),
        ]
    }
}

impl Machine for GroupAttendance {
    type Kind = AttendanceActionKind;
    type Action = AttendanceAction;
    type Event = AttendanceEvent;

    fn available(&self, ctx: &Context) -> Vec<AttendanceActionKind> {
        self.offered(ctx)
    }

    fn not_now(&self, kind: AttendanceActionKind, ctx: &Context) -> Refusal {
        self.why_not(kind, ctx)
    }

    fn apply(&self, action: AttendanceAction, ctx: &Context) -> Result<AttendanceEvent, Rejection> {
        self.step(action, ctx)
    }

    fn kind_of(action: &AttendanceAction) -> AttendanceActionKind {
        action.kind()
    }

    fn record(event: &AttendanceEvent) -> &GroupAttendance {
        &event.attendance
    }
}
