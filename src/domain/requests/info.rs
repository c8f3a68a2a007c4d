//! Members' requests for information (R-I1..R-I5).
//!
//! A request is assessed on a basis (R-I1: statutory, common-law need to know, or Freedom of
//! Information like any member of the public), waits for written consent where it touches personal
//! information about residents or staff (R-I2), is limited to the public domain when made for a
//! constituent (R-I3), may be kept from other members on request (R-I4), and is answered within the
//! profile's target (R-I5; FOI Act 2000 s10 for FOI requests).

use crate::domain::machine::inherent_spec_methods;
use crate::domain::machine::Machine;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{past_date, past_date_after, yes_no};
use crate::domain::calendar::{CalendarKind, Counted};
use crate::domain::dates;
use crate::domain::ids::MemberId;
use crate::domain::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use crate::domain::text;
use crate::domain::Context;

/// R-I1's clauses: the access-to-information appendix and the borough's paragraph on it.
const I1: &str = "LLTC App A, BOR §4.1";
const I2: &str = "BOR §4.1";
const I3: &str = "LLTC App A";
const I4: &str = "LLTC App A, BOR §4.2";
const I5: &str = "CAV §3.1d";
const FOI: &str = "FOI Act 2000 s10";
/// R-I1: a refused or disputed request goes to the Monitoring Officer.
const MO: &str = "BOR §4.2";

/// A request reference: `RQ-2026-004`.
pub fn reference(year: i32, n: u32) -> String {
    format!("RQ-{year}-{n:03}")
}

/// R-I1: the basis on which a member may have the information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// Papers for business at a meeting (closed agenda included): to view; no copies of contractual,
    /// industrial-relations or legal-advice papers.
    Statutory,
    /// Common law: a stated need, not curiosity nor an improper motive.
    NeedToKnow,
    /// Freedom of Information, like any member of the public; answered within the FOI target.
    Foi,
}

impl Basis {
    pub const ALL: [Basis; 3] = [Basis::Statutory, Basis::NeedToKnow, Basis::Foi];

    pub fn label(self) -> &'static str {
        match self {
            Basis::Statutory => "statutory",
            Basis::NeedToKnow => "need to know",
            Basis::Foi => "FOI",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let key: String = raw
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match key.as_str() {
            "statutory" | "s" => Ok(Basis::Statutory),
            "needtoknow" | "commonlaw" | "n" => Ok(Basis::NeedToKnow),
            "foi" | "freedomofinformation" | "f" => Ok(Basis::Foi),
            _ => Err(FieldError::new(
                field,
                format!(
                    "'{}' is not a basis (statutory, need to know, FOI)",
                    raw.trim()
                ),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InfoState {
    Received,
    Assessed,
    /// R-I2: personal information; waiting for the individual's written consent.
    AwaitingConsent,
    GrantedToView,
    GrantedWithCopies,
    Refused,
    Closed,
    /// R-I1 (BOR §4.2): refused, and the dispute referred to the Monitoring Officer. Last, so
    /// records stored before it read unchanged.
    ReferredToMonitoringOfficer,
}

impl InfoState {
    pub fn label(self) -> &'static str {
        match self {
            InfoState::Received => "received",
            InfoState::Assessed => "assessed",
            InfoState::AwaitingConsent => "awaiting consent",
            InfoState::GrantedToView => "granted to view",
            InfoState::GrantedWithCopies => "granted with copies",
            InfoState::Refused => "refused",
            InfoState::ReferredToMonitoringOfficer => "referred to the Monitoring Officer",
            InfoState::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InfoOutcome {
    View,
    Copies,
    /// The reason and the rule it rests on.
    Refused {
        reason: String,
        cite: Cite,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoRequest {
    pub id: u32,
    /// `RQ-2026-004`: the year received and the id.
    pub reference: String,
    pub member: MemberId,
    pub what: String,
    /// R-I3: the constituent the member asks for, if any.
    pub on_behalf_of: Option<String>,
    /// R-D3: an interest the member declared in asking; it becomes a disclosure.
    pub declared_interest: Option<String>,
    pub received_on: NaiveDate,
    /// R-I4: the member asked that the answer be kept from the other members.
    pub keep_from_other_members: bool,
    pub basis: Option<Basis>,
    /// R-I1: the need the member stated (need-to-know basis).
    pub need_reason: Option<String>,
    /// R-I3: recorded at assessment when the request is for a constituent.
    pub public_domain_only: bool,
    pub assessed_on: Option<NaiveDate>,
    /// R-I2: personal information about residents or staff.
    pub personal_data: bool,
    pub consent_on: Option<NaiveDate>,
    pub outcome: Option<InfoOutcome>,
    /// The day the member was answered (granted or refused).
    pub answered_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub state: InfoState,
}

/// What the clerk typed to log a request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoRequestInput {
    /// A member by reference (`M-003`) or name.
    pub member: String,
    pub what: String,
    /// A constituent's name; empty when the member asks for themselves.
    pub on_behalf_of: String,
    /// Any interest the member has in the matter (R-D3); empty for none.
    pub declared_interest: String,
    pub received_on: String,
    /// R-I4: `yes` when the member asks that the answer be kept from the others.
    pub keep_from_other_members: String,
    /// R-I2: written consent already in hand with the request; empty for none.
    pub consent_on: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InfoActionKind {
    Assess,
    RecordConsent,
    GrantToView,
    GrantWithCopies,
    Refuse,
    Close,
    ReferToMo,
}

impl InfoActionKind {
    pub const ALL: [InfoActionKind; 7] = [
        InfoActionKind::Assess,
        InfoActionKind::RecordConsent,
        InfoActionKind::GrantToView,
        InfoActionKind::GrantWithCopies,
        InfoActionKind::Refuse,
        InfoActionKind::Close,
        InfoActionKind::ReferToMo,
    ];
}

/// One step, as typed (dates `YYYY-MM-DD` or `DD/MM/YYYY`; yes/no flags, empty meaning no).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InfoAction {
    /// `basis`: statutory, need to know or FOI; `reason` is needed for need to know;
    /// `personal_data`: yes when it touches personal information about residents or staff.
    Assess {
        on: String,
        basis: String,
        reason: String,
        personal_data: String,
    },
    /// R-I2: the individual's written consent.
    RecordConsent {
        on: String,
    },
    /// `public_domain`: yes when everything shown is in the public domain (R-I3).
    GrantToView {
        on: String,
        public_domain: String,
    },
    /// `restricted_papers`: yes when the papers are contractual, industrial-relations or legal advice.
    GrantWithCopies {
        on: String,
        public_domain: String,
        restricted_papers: String,
    },
    /// `rule`: R-I1..R-I5, the rule the refusal rests on.
    Refuse {
        on: String,
        reason: String,
        rule: String,
    },
    Close {
        on: String,
    },
    /// R-I1 (BOR §4.2): the refusal is disputed and referred to the Monitoring Officer; `note`
    /// says what is disputed.
    ReferToMo {
        on: String,
        note: String,
    },
}

inherent_spec_methods!(InfoActionKind);

impl InfoAction {
    pub fn kind(&self) -> InfoActionKind {
        match self {
            InfoAction::Assess { .. } => InfoActionKind::Assess,
            InfoAction::RecordConsent { .. } => InfoActionKind::RecordConsent,
            InfoAction::GrantToView { .. } => InfoActionKind::GrantToView,
            InfoAction::GrantWithCopies { .. } => InfoActionKind::GrantWithCopies,
            InfoAction::Refuse { .. } => InfoActionKind::Refuse,
            InfoAction::Close { .. } => InfoActionKind::Close,
            InfoAction::ReferToMo { .. } => InfoActionKind::ReferToMo,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoEvent {
    pub request: InfoRequest,
    pub action: &'static str,
    pub note: Option<String>,
    pub cite: Option<Cite>,
}

/// The clause behind each R-I rule, for a refusal the clerk makes.
fn clause_of(rule: &str) -> Option<&'static str> {
    match rule {
        "R-I1" => Some(I1),
        "R-I2" => Some(I2),
        "R-I3" => Some(I3),
        "R-I4" => Some(I4),
        "R-I5" => Some(I5),
        _ => None,
    }
}

fn find_member(field: &'static str, raw: &str, ctx: &Context) -> Result<MemberId, FieldError> {
    let wanted = raw.trim();
    if wanted.is_empty() {
        return Err(FieldError::new(field, "name the member asking"));
    }
    let by_ref = wanted.parse::<MemberId>().ok();
    ctx.members
        .iter()
        .find(|m| Some(m.id) == by_ref || m.name.eq_ignore_ascii_case(wanted))
        .map(|m| m.id)
        .ok_or_else(|| FieldError::new(field, format!("no member called '{wanted}'")))
}

impl InfoRequest {
    /// Validates a new request. `id` is the next free number, chosen by the store; the reference is
    /// built from the year received and the id.
    pub fn create(
        id: u32,
        input: &InfoRequestInput,
        ctx: &Context,
    ) -> Result<InfoRequest, Rejection> {
        let mut errors = FieldErrors::default();
        let member = errors.keep(find_member("member", &input.member, ctx));
        let what = errors.keep(text::note("what", &input.what).and_then(|w| {
            if w.trim().is_empty() {
                Err(FieldError::new("what", "say what information is asked for"))
            } else {
                Ok(w)
            }
        }));
        let on_behalf_of = errors.keep(text::optional_name("on behalf of", &input.on_behalf_of));
        let declared_interest = errors.keep(text::optional_name(
            "declared interest",
            &input.declared_interest,
        ));
        let received_on = errors.keep(past_date("received on", &input.received_on, ctx));
        let keep = errors.keep(yes_no(
            "keep from other members",
            &input.keep_from_other_members,
        ));
        let consent_on = errors.keep(dates::parse_optional_date("consent on", &input.consent_on));
        if let (Some(id), Some(received)) = (member, received_on) {
            if let Some(m) = ctx.member(id) {
                if !m.is_serving(received) {
                    errors.push(FieldError::new(
                        "member",
                        format!("{} was not serving on {}", m.name, dates::show(received)),
                    ));
                }
            }
        }
        if let (Some(Some(consent)), Some(received)) = (consent_on, received_on) {
            if consent < received {
                errors.push(FieldError::new(
                    "consent on",
                    format!(
                        "is before the request ({}): consent is given for this request (R-I2)",
                        dates::show(received)
                    ),
                ));
            } else if consent > ctx.today {
                errors.push(FieldError::new("consent on", "is in the future"));
            }
        }
        match (
            member,
            what,
            on_behalf_of,
            declared_interest,
            received_on,
            keep,
            consent_on,
        ) {
            (
                Some(member),
                Some(what),
                Some(on_behalf_of),
                Some(declared_interest),
                Some(received_on),
                Some(keep_from_other_members),
                Some(consent_on),
            ) if errors.is_empty() => Ok(InfoRequest {
                id,
                reference: reference(received_on.year(), id),
                member,
                what,
                on_behalf_of,
                declared_interest,
                received_on,
                // R-I4: on request, or always where the profile says so (BOR §2.4).
                keep_from_other_members: keep_from_other_members || ctx.profile.advice_kept_private,
                basis: None,
                need_reason: None,
                public_domain_only: false,
                assessed_on: None,
                personal_data: false,
                consent_on,
                outcome: None,
                answered_on: None,
                closed_on: None,
                state: InfoState::Received,
            }),
            _ => Err(Rejection::Invalid(errors.0)),
        }
    }

    /// R-D3: the interest the member declared in asking, to be entered as a disclosure.
    pub fn disclosure_needed(&self) -> Option<&str> {
        self.declared_interest.as_deref()
    }

    /// The answer is due this many working days after receipt: the FOI target for FOI requests
    /// (R-I1, FOI Act 2000 s10), the enquiry target otherwise (R-I5, CAV §3.1d).
    pub fn due(&self, ctx: &Context) -> NaiveDate {
        let days = match self.basis {
            Some(Basis::Foi) => ctx.profile.deadlines.foi_working_days,
            Some(Basis::Statutory | Basis::NeedToKnow) | None => {
                ctx.profile.deadlines.enquiry_working_days
            }
        };
        ctx.calendars
            .get(self.due_calendar())
            .add_working_days(self.received_on, days)
    }

    /// The calendar [`InfoRequest::due`] counts on: FOI working days for an FOI request (R-I1, FOI
    /// Act 2000 s10(6)), the council's otherwise (R-I5).
    pub fn due_calendar(&self) -> CalendarKind {
        match self.basis {
            Some(Basis::Foi) => CalendarKind::Foi,
            Some(Basis::Statutory | Basis::NeedToKnow) | None => CalendarKind::Council,
        }
    }

    /// How [`InfoRequest::due`] counts: "20 working days, FOI calendar" (R-I1) or the enquiry
    /// target on the council calendar (R-I5).
    pub fn due_counted(&self, ctx: &Context) -> Counted {
        let days = match self.basis {
            Some(Basis::Foi) => ctx.profile.deadlines.foi_working_days,
            Some(Basis::Statutory | Basis::NeedToKnow) | None => {
                ctx.profile.deadlines.enquiry_working_days
            }
        };
        Counted::WorkingDays(days, self.due_calendar())
    }

    /// A loud warning when the due date was counted past the years of bank-holiday data.
    pub fn due_warning(&self, ctx: &Context) -> Option<String> {
        ctx.calendars
            .get(self.due_calendar())
            .warning(self.received_on, self.due(ctx))
    }

    /// The rule and clause behind [`InfoRequest::due`].
    pub fn due_cite(&self) -> Cite {
        match self.basis {
            Some(Basis::Foi) => Cite::new("R-I1", FOI),
            _ => Cite::new("R-I5", I5),
        }
    }

    /// Not yet answered and past the due day.
    pub fn is_overdue(&self, ctx: &Context) -> bool {
        self.answered_on.is_none() && self.state != InfoState::Closed && ctx.today > self.due(ctx)
    }

    fn offered(&self, _ctx: &Context) -> Vec<InfoActionKind> {
        use InfoActionKind as K;
        match self.state {
            InfoState::Received => vec![K::Assess],
            InfoState::AwaitingConsent => vec![K::RecordConsent, K::Refuse],
            InfoState::Assessed => vec![K::GrantToView, K::GrantWithCopies, K::Refuse],
            InfoState::Refused => vec![K::ReferToMo, K::Close],
            InfoState::GrantedToView
            | InfoState::GrantedWithCopies
            | InfoState::ReferredToMonitoringOfficer => vec![K::Close],
            InfoState::Closed => Vec::new(),
        }
    }

    fn step(&self, action: InfoAction, ctx: &Context) -> Result<InfoEvent, Rejection> {
        if !self.available(ctx).contains(&action.kind()) {
            return Err(self.why_not(action.kind()).into());
        }
        let mut req = self.clone();
        let assessed = self.assessed_on.unwrap_or(self.received_on);
        let answer_from = self.consent_on.map_or(assessed, |c| c.max(assessed));
        let (name, note, cite) = match action {
            InfoAction::Assess {
                on,
                basis,
                reason,
                personal_data,
            } => {
                let mut errors = FieldErrors::default();
                let on = errors.keep(past_date_after(
                    "assessed on",
                    &on,
                    self.received_on,
                    "the request",
                    ctx,
                ));
                let basis = errors.keep(Basis::parse("basis", &basis));
                let reason = errors.keep(text::optional_name("reason", &reason));
                let personal = errors.keep(yes_no("personal data", &personal_data));
                let (Some(on), Some(basis), Some(reason), Some(personal)) =
                    (on, basis, reason, personal)
                else {
                    return Err(Rejection::Invalid(errors.0));
                };
                if basis == Basis::NeedToKnow && reason.is_none() {
                    return Err(Refusal::new(
                        "R-I1",
                        I1,
                        "a need to know must be stated: curiosity is not enough, nor is an improper motive",
                    )
                    .into());
                }
                req.basis = Some(basis);
                req.need_reason = reason;
                req.assessed_on = Some(on);
                req.personal_data = personal;
                req.public_domain_only = self.on_behalf_of.is_some();
                let mut notes = vec![format!("basis: {}", basis.label())];
                if req.public_domain_only {
                    notes.push("public domain only (R-I3)".to_string());
                }
                req.state = if personal && self.consent_on.is_none() {
                    notes.push("awaiting written consent (R-I2)".to_string());
                    InfoState::AwaitingConsent
                } else {
                    InfoState::Assessed
                };
                let cite = if basis == Basis::Foi {
                    Cite::new("R-I1", FOI)
                } else {
                    Cite::new("R-I1", I1)
                };
                ("assessed", Some(notes.join("; ")), cite)
            }
            InfoAction::RecordConsent { on } => {
                let on = past_date("consent on", &on, ctx)?;
                if on < self.received_on {
                    return Err(Refusal::new(
                        "R-I2",
                        I2,
                        format!(
                            "consent dated {} is before the request ({}): it must be given for this request",
                            dates::show(on),
                            dates::show(self.received_on)
                        ),
                    )
                    .into());
                }
                req.consent_on = Some(on);
                req.state = InfoState::Assessed;
                ("written consent received", None, Cite::new("R-I2", I2))
            }
            InfoAction::GrantToView { on, public_domain } => {
                let on = past_date_after(
                    "granted on",
                    &on,
                    answer_from,
                    "the assessment or consent",
                    ctx,
                )?;
                let public = yes_no("public domain", &public_domain)?;
                self.check_constituent(public, "view")?;
                req.outcome = Some(InfoOutcome::View);
                req.answered_on = Some(on);
                req.state = InfoState::GrantedToView;
                (
                    "granted to view",
                    self.answer_note(on, ctx),
                    Cite::new("R-I1", I1),
                )
            }
            InfoAction::GrantWithCopies {
                on,
                public_domain,
                restricted_papers,
            } => {
                let on = past_date_after(
                    "granted on",
                    &on,
                    answer_from,
                    "the assessment or consent",
                    ctx,
                )?;
                let public = yes_no("public domain", &public_domain)?;
                let restricted = yes_no("restricted papers", &restricted_papers)?;
                self.check_constituent(public, "copies")?;
                if restricted && self.basis == Some(Basis::Statutory) {
                    return Err(Refusal::new(
                        "R-I1",
                        I1,
                        "on the statutory basis contractual, industrial-relations and legal-advice papers may be \
                         viewed, not copied",
                    )
                    .into());
                }
                req.outcome = Some(InfoOutcome::Copies);
                req.answered_on = Some(on);
                req.state = InfoState::GrantedWithCopies;
                (
                    "granted with copies",
                    self.answer_note(on, ctx),
                    Cite::new("R-I1", I1),
                )
            }
            InfoAction::Refuse { on, reason, rule } => {
                let mut errors = FieldErrors::default();
                let on = errors.keep(past_date_after(
                    "refused on",
                    &on,
                    assessed,
                    "the assessment",
                    ctx,
                ));
                let reason = errors.keep(text::required_name("reason", &reason));
                let rule = rule.trim().to_uppercase();
                let clause = errors.keep(clause_of(&rule).ok_or_else(|| {
                    FieldError::new("rule", format!("'{rule}' is not one of R-I1 to R-I5"))
                }));
                let (Some(on), Some(reason), Some(clause)) = (on, reason, clause) else {
                    return Err(Rejection::Invalid(errors.0));
                };
                let cite = Cite::new(rule, clause);
                req.outcome = Some(InfoOutcome::Refused {
                    reason: reason.clone(),
                    cite: cite.clone(),
                });
                req.answered_on = Some(on);
                req.state = InfoState::Refused;
                ("refused", Some(reason), cite)
            }
            InfoAction::ReferToMo { on, note } => {
                let mut errors = FieldErrors::default();
                let on = errors.keep(past_date_after(
                    "referred on",
                    &on,
                    self.answered_on.unwrap_or(assessed),
                    "the refusal",
                    ctx,
                ));
                let note = errors.keep(text::note("note", &note).and_then(|n| {
                    if n.trim().is_empty() {
                        Err(FieldError::new("note", "say what is disputed"))
                    } else {
                        Ok(n)
                    }
                }));
                let (Some(on), Some(note)) = (on, note) else {
                    return Err(Rejection::Invalid(errors.0));
                };
                let Some(mo) = &ctx.council.monitoring_officer else {
                    return Err(Refusal::new(
                        "R-I1",
                        MO,
                        "record the Monitoring Officer's contact first (R-O3): the council \
                         details, or clerkdesk council mo",
                    )
                    .into());
                };
                req.state = InfoState::ReferredToMonitoringOfficer;
                (
                    "referred to the Monitoring Officer",
                    Some(format!(
                        "referred to {} on {}: {note}",
                        text::sanitize(&mo.name),
                        dates::show(on)
                    )),
                    Cite::new("R-I1", MO),
                )
            }
            InfoAction::Close { on } => {
                let on = past_date_after(
                    "closed on",
                    &on,
                    self.answered_on.unwrap_or(assessed),
                    "the answer",
                    ctx,
                )?;
                req.closed_on = Some(on);
                req.state = InfoState::Closed;
                let note = self
                    .keep_from_other_members
                    .then(|| "kept from other members (R-I4)".to_string());
                ("closed", note, Cite::new("R-I4", I4))
            }
        };
        Ok(InfoEvent {
            request: req,
            action: name,
            note,
            cite: Some(cite),
        })
    }

    /// R-I3: for a constituent, only what is in the public domain.
    fn check_constituent(&self, public: bool, what: &str) -> Result<(), Refusal> {
        match &self.on_behalf_of {
            Some(who) if !public => Err(Refusal::new(
                "R-I3",
                I3,
                format!(
                    "the request is for a constituent ({who}): only information in the public domain may be \
                     given ({what} refused)"
                ),
            )),
            _ => Ok(()),
        }
    }

    fn answer_note(&self, on: NaiveDate, ctx: &Context) -> Option<String> {
        let due = self.due(ctx);
        let mut notes = Vec::new();
        if on > due {
            notes.push(format!(
                "answered after the target of {} ({})",
                dates::show(due),
                self.due_cite()
            ));
        }
        if self.keep_from_other_members {
            notes.push("kept from other members (R-I4)".to_string());
        }
        (!notes.is_empty()).then(|| notes.join("; "))
    }

    /// Why `kind` cannot be done on this request now, with the rule and clause `apply` refuses it
    /// with: asked without building an action.
    fn why_not(&self, kind: InfoActionKind) -> Refusal {
        use InfoActionKind as K;
        use InfoState as S;
        let answered = self.answered_on.map(dates::show).unwrap_or_default();
        match (self.state, kind) {
            (S::Closed, _) => Refusal::new("R-I1", I1, format!("{} is closed; the record is kept", self.reference)),
            (S::ReferredToMonitoringOfficer, _) => Refusal::new(
                "R-I1",
                MO,
                "the request is with the Monitoring Officer: close it once their view is recorded",
            ),
            (_, K::ReferToMo) => Refusal::new(
                "R-I1",
                MO,
                "only a refused request is referred to the Monitoring Officer: answer it first",
            ),
            (S::Received, _) => Refusal::new("R-I1", I1, "assess the request first: choose its basis"),
            (_, K::Assess) => Refusal::new("R-I1", I1, "the request is assessed already"),
            (S::AwaitingConsent, K::GrantToView | K::GrantWithCopies) => Refusal::new(
                "R-I2",
                I2,
                "the request touches personal information: record the individual's written consent first",
            ),
            (S::AwaitingConsent | S::Assessed, K::Close) => {
                Refusal::new("R-I5", I5, "answer the request (grant or refuse) before closing it")
            }
            (S::Assessed, K::RecordConsent) => Refusal::new(
                "R-I2",
                I2,
                if self.personal_data { "consent is recorded already" } else { "no personal information is involved" },
            ),
            (S::GrantedToView | S::GrantedWithCopies | S::Refused, _) => {
                Refusal::new("R-I1", I1, format!("the request was answered on {answered}"))
            }
            (S::AwaitingConsent | S::Assessed, K::RecordConsent | K::GrantToView | K::GrantWithCopies | K::Refuse) => {
                Refusal::new("R-I1", I1, "not possible now")
            }
        }
    }

    /// Field by field, for audit summaries and exports.
    pub fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        let member = ctx
            .member(self.member)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| self.member.to_string());
        let outcome = match &self.outcome {
            None => String::new(),
            Some(InfoOutcome::View) => "to view".to_string(),
            Some(InfoOutcome::Copies) => "with copies".to_string(),
            Some(InfoOutcome::Refused { reason, cite }) => format!("refused: {reason} ({cite})"),
        };
        let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
        vec![
            ("reference", self.reference.clone()),
            ("member", member),
            ("what", self.what.clone()),
            (
                "on behalf of",
                self.on_behalf_of.clone().unwrap_or_default(),
            ),
            (
                "declared interest",
                self.declared_interest.clone().unwrap_or_default(),
            ),
            ("received on", dates::show(self.received_on)),
            ("keep from other members", yes(self.keep_from_other_members)),
            (
                "basis",
                self.basis
                    .map(|b| b.label().to_string())
                    .unwrap_or_default(),
            ),
            ("need", self.need_reason.clone().unwrap_or_default()),
            ("public domain only", yes(self.public_domain_only)),
            (
                "assessed on",
                self.assessed_on.map(dates::show).unwrap_or_default(),
            ),
            ("personal data", yes(self.personal_data)),
            (
                "consent on",
                self.consent_on.map(dates::show).unwrap_or_default(),
            ),
            ("outcome", outcome),
            (
                "answered on",
                self.answered_on.map(dates::show).unwrap_or_default(),
            ),
            (
                "closed on",
                self.closed_on.map(dates::show).unwrap_or_default(),
            ),
            ("state", self.state.label().to_string()),
        ]
    }
}

impl Machine for InfoRequest {
    type Kind = InfoActionKind;
    type Action = InfoAction;
    type Event = InfoEvent;

    fn available(&self, ctx: &Context) -> Vec<InfoActionKind> {
        self.offered(ctx)
    }

    fn not_now(&self, kind: InfoActionKind, _ctx: &Context) -> Refusal {
        self.why_not(kind)
    }

    fn apply(&self, action: InfoAction, ctx: &Context) -> Result<InfoEvent, Rejection> {
        self.step(action, ctx)
    }

    fn kind_of(action: &InfoAction) -> InfoActionKind {
        action.kind()
    }

    fn record(event: &InfoEvent) -> &InfoRequest {
        &event.request
    }
}
