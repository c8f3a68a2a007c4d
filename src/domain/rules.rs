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
