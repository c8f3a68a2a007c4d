//! What the checker talks about: channels, findings and their severity, and what it needs besides
//! the text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::rules::{Cite, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    PressRelease,
    Newsletter,
    Website,
    SocialMedia,
    Noticeboard,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::PressRelease,
        Channel::Newsletter,
        Channel::Website,
        Channel::SocialMedia,
        Channel::Noticeboard,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Channel::PressRelease => "press release",
            Channel::Newsletter => "newsletter",
            Channel::Website => "website",
            Channel::SocialMedia => "social media",
            Channel::Noticeboard => "noticeboard",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let folded: String = raw
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match folded.as_str() {
            "pressrelease" | "press" => Ok(Channel::PressRelease),
            "newsletter" => Ok(Channel::Newsletter),
            "website" | "web" => Ok(Channel::Website),
            "socialmedia" | "social" => Ok(Channel::SocialMedia),
            "noticeboard" | "notice" => Ok(Channel::Noticeboard),
            _ => Err(FieldError::new(
                field,
                format!(
                    "'{}' is not a channel (press release, newsletter, website, social media, \
                     noticeboard)",
                    raw.trim()
                ),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The item cannot be approved or published.
    Block,
    /// The clerk should look; nothing is stopped.
    Warn,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Block => "block",
            Severity::Warn => "warn",
        }
    }
}

/// One problem in a text, placed so an editor can jump to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters (not bytes), so accented names place correctly.
    pub col: usize,
    /// Length in characters of the text the finding is about (on its first line).
    pub len: usize,
    pub severity: Severity,
    pub cite: Cite,
    pub message: String,
}

impl Finding {
    /// `line:col RULE message (clause)`, the clause as this council's protocol gives it (never
    /// another model's: `Profile::localise`).
    pub fn to_line_for(&self, profile: &crate::domain::profile::Profile) -> String {
        let cite = profile.localise(self.cite.clone());
        format!(
            "{}:{} {} {}: {} ({})",
            self.line,
            self.col,
            cite.rule,
            self.severity.label(),
            self.message,
            cite.clause
        )
    }

    /// `line:col RULE message` for the CLI; the message carries the severity and the clause.
    pub fn to_line(&self) -> String {
        format!(
            "{}:{} {} {}: {} ({})",
            self.line,
            self.col,
            self.cite.rule,
            self.severity.label(),
            self.message,
            self.cite.clause
        )
    }

    pub fn is_blocking(&self) -> bool {
        self.severity == Severity::Block
    }
}

pub fn first_blocking(findings: &[Finding]) -> Option<&Finding> {
    findings.iter().find(|f| f.is_blocking())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameEntry {
    pub full_name: String,
}

/// Everything the checker needs besides the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckContext {
    pub planned: NaiveDate,
    /// Whether `planned` falls in a pre-election period (R-P1, R-P5).
    pub in_period: bool,
    /// The elections whose periods it falls in, by name ("county election"), for the findings;
    /// empty when not known.
    pub periods: Vec<String>,
    pub channel: Channel,
    /// R-P4: a statutory notice about the election itself.
    pub statutory_election_notice: bool,
    pub members: Vec<NameEntry>,
    pub group_names: Vec<String>,
    pub ruling_group: Option<String>,
}
