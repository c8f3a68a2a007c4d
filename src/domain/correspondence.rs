//! The correspondence log (R-C1): an officer's letter to a member, and, where it is about a ward
//! matter, who else was copied.
//!
//! Under the borough model (BOR §7.1) an officer writing to a member about a ward matter normally
//! copies every other member for that ward: the log computes that list from the members' wards
//! (a member with no ward has nobody to copy), and a ward letter is refused unless it records the
//! copies or why they were not sent. Under the other models the protocol asks nothing of the kind:
//! the entry is kept as logged and says so. Entries are never changed or deleted.

#[cfg(test)]
mod tests;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::dates;
use super::ids::{MemberId, OfficerId};
use super::lookup::{Among, Found};
use super::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use super::text;
use super::Context;

/// The rule, and the clause behind it.
pub const RULE: &str = "R-C1";
pub const CLAUSE: &str = "BOR §7.1";

/// `C-0004`.
pub fn reference(id: u32) -> String {
    format!("C-{id:04}")
}

/// One letter, logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub id: u32,
    pub officer: OfficerId,
    pub member: MemberId,
    pub on: NaiveDate,
    pub subject: String,
    /// About a ward matter (R-C1).
    pub ward_matter: bool,
    /// The other members for the ward who were copied, computed from their wards when the clerk
    /// says the copies went.
    pub copied: Vec<MemberId>,
    /// Why the other members for the ward were not copied.
    pub not_copied: Option<String>,
}

/// What the clerk typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterInput {
    /// The officer who wrote: a name or reference.
    pub officer: String,
    /// The member written to: a name or reference.
    pub member: String,
    pub on: String,
    pub subject: String,
    /// `yes` for a ward matter.
    pub ward_matter: String,
    /// `yes` when the other members for the ward were copied, `no` when not.
    pub copied: String,
    /// Why not, when they were not.
    pub reason: String,
}

/// Whether this council's protocol asks for copies: its profile names the clause (R-C1 is the
/// borough model's, BOR §7.1).
pub fn required(ctx: &Context) -> bool {
    ctx.profile.ward_copies.is_some()
}

/// The other members serving for `member`'s ward on `on`: nobody where they have no ward.
pub fn ward_members(member: MemberId, on: NaiveDate, ctx: &Context) -> Vec<MemberId> {
    let Some(m) = ctx.member(member) else {
        return Vec::new();
    };
    let ward = text::search_key(m.ward.trim());
    if ward.is_empty() {
        return Vec::new();
    }
    ctx.members
        .iter()
        .filter(|o| o.id != member && o.is_serving(on))
        .filter(|o| text::search_key(o.ward.trim()) == ward)
        .map(|o| o.id)
        .collect()
}

fn yes_no(field: &'static str, raw: &str) -> Result<Option<bool>, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "" => Ok(None),
        "yes" | "y" | "true" => Ok(Some(true)),
        "no" | "n" | "false" => Ok(Some(false)),
        other => Err(FieldError::new(
            field,
            format!("'{other}' is not yes or no"),
        )),
    }
}

impl Letter {
    /// Validates a letter to log. `id` is the next free number.
    pub fn create(id: u32, input: &LetterInput, ctx: &Context) -> Result<Letter, Rejection> {
        let mut errors = FieldErrors::default();
        let officer = errors.keep(
            ctx.find_known_person("officer", &input.officer, Among::Officers)
                .map(|f| match f {
                    Found::Officer(id) => Some(id),
                    Found::Member(_) => None,
                }),
        );
        let member = errors.keep(
            ctx.find_known_person("member", &input.member, Among::Members)
                .map(|f| match f {
                    Found::Member(id) => Some(id),
                    Found::Officer(_) => None,
                }),
        );
        let on = errors.keep(dates::parse_date("on", &input.on));
        let subject = errors.keep(text::required_name("subject", &input.subject));
        let ward_matter = errors.keep(yes_no("ward matter", &input.ward_matter));
        let copied = errors.keep(yes_no("copied", &input.copied));
        let reason = errors.keep(text::optional_name("reason", &input.reason));
        if let Some(on) = on {
            if on > ctx.today {
                errors.push(FieldError::new("on", "is in the future"));
            }
        }
        let (
            Some(Some(officer)),
            Some(Some(member)),
            Some(on),
            Some(subject),
            Some(ward_matter),
            Some(copied),
            Some(reason),
        ) = (officer, member, on, subject, ward_matter, copied, reason)
        else {
            return Err(Rejection::Invalid(errors.0));
        };
        if !errors.is_empty() {
            return Err(Rejection::Invalid(errors.0));
        }
        let ward_matter = ward_matter.unwrap_or(false);
        let others = ward_members(member, on, ctx);
        let (copied, not_copied) = match (ward_matter, copied, reason) {
            // Not a ward matter: nobody need be copied.
            (false, _, _) => (Vec::new(), None),
            (true, Some(true), _) => (others.clone(), None),
            (true, _, Some(reason)) => (Vec::new(), Some(reason)),
            (true, _, None) if others.is_empty() => (Vec::new(), None),
            (true, _, None) if !required(ctx) => (Vec::new(), None),
            (true, _, None) => {
                let names: Vec<String> = others
                    .iter()
                    .filter_map(|id| ctx.member(*id).map(|m| m.name.clone()))
                    .collect();
                return Err(Refusal::new(
                    RULE,
                    ctx.profile.ward_copies.as_deref().unwrap_or(CLAUSE),
                    format!(
                        "a letter to a member about a ward matter normally goes to the other \
                         members for the ward ({}): record that they were copied, or why not",
                        names.join(", ")
                    ),
                )
                .into());
            }
        };
        Ok(Letter {
            id,
            officer,
            member,
            on,
            subject,
            ward_matter,
            copied,
            not_copied,
        })
    }

    pub fn reference(&self) -> String {
        reference(self.id)
    }

    /// The entry field by field, for the audit trail.
    pub fn fields(&self, ctx: &Context) -> Vec<(&'static str, String)> {
        let officer = ctx
            .officer(self.officer)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| self.officer.to_string());
        let member = ctx
            .member(self.member)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| self.member.to_string());
        vec![
            ("officer", officer),
            ("member", member),
            ("on", dates::show(self.on)),
            ("subject", self.subject.clone()),
            (
                "ward matter",
                if self.ward_matter { "yes" } else { "no" }.to_string(),
            ),
            ("copies", self.copies_line(ctx)),
        ]
    }

    /// The citation the entry is shown with: the borough's clause, or that this council's
    /// protocol asks for no copies.
    pub fn cite(ctx: &Context) -> Cite {
        if let Some(clause) = &ctx.profile.ward_copies {
            Cite::new(RULE, clause.as_str())
        } else {
            Cite::new(RULE, "not required by this council's protocol")
        }
    }

    /// Who was copied, or why not, in a line: "copied Ann Lee, Bob Roe", "not copied: …", "no
    /// other member for the ward", "not a ward matter".
    pub fn copies_line(&self, ctx: &Context) -> String {
        if !self.ward_matter {
            return "not a ward matter".into();
        }
        if let Some(why) = &self.not_copied {
            return format!("not copied: {why}");
        }
        if self.copied.is_empty() {
            if ward_members(self.member, self.on, ctx).is_empty() {
                return "no other member for the ward".into();
            }
            return "ward matter, copies not recorded (not required by this council's protocol)"
                .into();
        }
        let names: Vec<String> = self
            .copied
            .iter()
            .map(|id| {
                ctx.member(*id)
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| id.to_string())
            })
            .collect();
        format!("copied {}", names.join(", "))
    }
}
