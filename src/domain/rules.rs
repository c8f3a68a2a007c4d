//! Rule citations and refusals.
//!
//! Every refusal, warning and deadline in clerkdesk names a rule from `shared/RULES.md` (e.g. `R-E1.2`)
//! and the protocol clause it rests on (e.g. `TWY §4.2`). The clause can depend on the council's
//! protocol profile, so it is carried as text, not fixed per rule.

use std::fmt;

use super::profile::Profile;

/// A rule ID from RULES.md together with the clause of the protocol (or statute) behind it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Cite {
    pub rule: String,
    pub clause: String,
}

impl Cite {
    pub fn new(rule: impl Into<String>, clause: impl Into<String>) -> Self {
        Cite {
            rule: rule.into(),
            clause: clause.into(),
        }
    }
}

impl fmt::Display for Cite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} — {}", self.rule, self.clause)
    }
}

/// A step the protocol forbids. Nothing changes when a refusal is returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub cite: Cite,
    /// What is wrong, in the clerk's words.
    pub reason: String,
}

impl Refusal {
    pub fn new(rule: &str, clause: &str, reason: impl Into<String>) -> Self {
        Refusal {
            cite: Cite::new(rule, clause),
            reason: reason.into(),
        }
    }
}

impl Refusal {
    /// The refusal as the council's own protocol cites it (see [`Profile::localise`]).
    pub fn localised(self, profile: &Profile) -> Refusal {
        Refusal {
            cite: profile.localise(self.cite),
            reason: self.reason,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Refused: {} ({})", self.reason, self.cite)
    }
}

impl std::error::Error for Refusal {}

/// A value typed by the user that cannot be accepted, with the field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Why the domain would not make a change: bad input (per field) or a protocol rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    Invalid(Vec<FieldError>),
    Refused(Refusal),
}

impl Rejection {
    /// A refusal cited from the council's own protocol; field errors as they are.
    pub fn localised(self, profile: &Profile) -> Rejection {
        match self {
            Rejection::Refused(r) => Rejection::Refused(r.localised(profile)),
            invalid @ Rejection::Invalid(_) => invalid,
        }
    }
}

impl From<Refusal> for Rejection {
    fn from(r: Refusal) -> Self {
        Rejection::Refused(r)
    }
}

impl From<FieldError> for Rejection {
    fn from(e: FieldError) -> Self {
        Rejection::Invalid(vec![e])
    }
}

impl From<Vec<FieldError>> for Rejection {
    fn from(e: Vec<FieldError>) -> Self {
        Rejection::Invalid(e)
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::Invalid(errors) => {
                let parts: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
                write!(f, "{}", parts.join("; "))
            }
            Rejection::Refused(r) => r.fmt(f),
        }
    }
}

impl std::error::Error for Rejection {}

/// Collects field errors while a form is validated, so every bad field is reported at once.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// The value when it is good; otherwise remembers the error and gives `None`.
    pub fn keep<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Citations the faces show outside a refusal (a banner, a heading, a deadline line, an audit
/// event the session writes), named once here so that no face spells a rule or a clause. Where a
/// model words a rule its own way the face shows it through the council's profile
/// (`Profile::localise`, `Session::cite`).
pub mod cites {
    use super::Cite;

    /// R-P1: the pre-election period runs from the notice of election to polling day.
    pub fn pre_election_period() -> Cite {
        Cite::new(
            "R-P1",
            "BOR §8.3, Code of Recommended Practice on Local Authority Publicity 2011",
        )
    }

    /// R-P2: during the period, council publicity neither names nor quotes members.
    pub fn no_members_in_publicity() -> Cite {
        Cite::new(
            "R-P2",
            "BOR §8.3, Code of Recommended Practice on Local Authority Publicity 2011",
        )
    }

    /// R-P4: statutory notices about the election itself are exempt from R-P2.
    pub fn election_notice_exempt() -> Cite {
        Cite::new(
            "R-P4",
            "Code of Recommended Practice on Local Authority Publicity 2011",
        )
    }

    /// R-D2: a sensitive interest is kept but withheld from the published register.
    pub fn sensitive_interest() -> Cite {
        Cite::new("R-D2", "Localism Act 2011 s32")
    }

    /// R-M3: disclosable pecuniary interests are notified within 28 days.
    pub fn dpi_deadline() -> Cite {
        Cite::new("R-M3", "Localism Act 2011 s30")
    }

    /// R-O2: the protocol is brought to a new officer's attention by their manager.
    pub fn protocol_briefing() -> Cite {
        Cite::new("R-O2", "LLTC §3.3")
    }

    /// R-O1: councillors recruit the Clerk, officers the rest.
    pub fn recruitment() -> Cite {
        Cite::new("R-O1", "LLTC §8.5–8.6")
    }

    /// R-E1.5: the Clerk's steps on an officer's grievance about a member.
    pub fn clerks_steps() -> Cite {
        Cite::new("R-E1.5", "CAV §5.1")
    }

    /// R-E1.7: nobody the profile names may act; the council appoints an independent person.
    pub fn nobody_may_act() -> Cite {
        Cite::new("R-E1.7", "CAV §5.1")
    }

    /// R-E1.3 (and every council-calendar deadline): a closure day the clerk records stops counting.
    pub fn closure_day() -> Cite {
        Cite::new("R-E1.3", "the council's working days")
    }
}
