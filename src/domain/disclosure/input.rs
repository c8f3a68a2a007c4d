//! What the clerk typed for a new entry, and its validation: every field checked, every error
//! reported at once.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::machine::Disclosure;
use super::vocabulary::*;
use super::{member_name, officer_name};
use crate::domain::dates;
use crate::domain::ids::{MemberId, OfficerId};
use crate::domain::officer::OfficerState;
use crate::domain::rules::{FieldError, FieldErrors};
use crate::domain::text;
use crate::domain::{Among, Context, Found};

/// A description is a register entry, not a case file: 2,000 characters is plenty.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;

/// What the clerk typed for a new entry (TUI form, CLI, import), before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureInput {
    /// `relationship`, `pecuniary`, `other` or `request`.
    pub kind: String,
    /// The relationship kind (family, partner, friendship, business, other) or the DPI category.
    pub category: String,
    /// A member's name or reference (`M-003`).
    pub member: String,
    /// An officer's name or reference (`O-002`); relationships only.
    pub officer: String,
    pub description: String,
    /// `member`, `officer` or `both`; required for a relationship, `member` (or empty) otherwise.
    pub declared_by: String,
    pub declared_on: String,
    /// Registerable interests: the day the member became aware; empty means the declared date.
    pub aware_on: String,
    /// Request interests: the request's reference.
    pub request_ref: String,
}

impl DisclosureInput {
    pub fn from_disclosure(d: &Disclosure, ctx: &Context) -> Self {
        let kind = match d.kind {
            DisclosureKind::Relationship(_) => "relationship",
            DisclosureKind::PecuniaryInterest(_) => "pecuniary",
            DisclosureKind::OtherInterest => "other",
            DisclosureKind::RequestInterest => "request",
        };
        DisclosureInput {
            kind: kind.to_string(),
            category: d.kind.category().to_string(),
            member: member_name(d.member, ctx),
            officer: d.officer.map(|o| officer_name(o, ctx)).unwrap_or_default(),
            description: d.description.clone(),
            declared_by: d.declared_by.label().to_string(),
            declared_on: dates::show(d.declared_on),
            aware_on: d.aware_on.map(dates::show).unwrap_or_default(),
            request_ref: d.request_ref.clone().unwrap_or_default(),
        }
    }
}

pub(super) fn validate_description(raw: &str) -> Result<String, FieldError> {
    let value = text::note("description", raw)?;
    let value = value.trim().to_string();
    if value.is_empty() {
        return Err(FieldError::new("description", "must not be empty"));
    }
    let count = value.chars().count();
    if count > MAX_DESCRIPTION_CHARS {
        return Err(FieldError::new(
            "description",
            format!("is {count} characters long; the limit is {MAX_DESCRIPTION_CHARS}"),
        ));
    }
    Ok(value)
}

/// A person named in a form, resolved to a member or an officer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Person {
    Member(MemberId),
    Officer(OfficerId),
}

/// Finds a member or an officer as [`Context::find_person`] does (a bare number is read as the
/// kind the field asks for); a former member, an officer who has left, or the other kind of person
/// is refused by name.
fn resolve_person(
    field: &'static str,
    raw: &str,
    want_member: bool,
    ctx: &Context,
) -> Result<Person, FieldError> {
    let wanted = raw.trim();
    let (want, among) = if want_member {
        ("member", Among::Members)
    } else {
        ("officer", Among::Officers)
    };
    if wanted.is_empty() {
        return Err(FieldError::new(
            field,
            format!("name the {want} (name or reference)"),
        ));
    }
    let wrong_kind = |name: &str, id: String, is: &str| {
        FieldError::new(
            field,
            format!(
                "{name} ({id}) is {is}, not {}: a relationship is between one member and one \
                 officer (R-D1)",
                if want_member {
                    "a member"
                } else {
                    "an officer"
                }
            ),
        )
    };
    match ctx.find_person(field, wanted, among)? {
        Some(Found::Member(id)) => match ctx.member(id) {
            Some(m) if m.term_end.is_some_and(|end| end < ctx.today) => Err(FieldError::new(
                field,
                format!("{} ({}) is no longer a member", m.name, m.id),
            )),
            _ => Ok(Person::Member(id)),
        },
        Some(Found::Officer(id)) => match ctx.officer(id) {
            Some(o) if o.state() == OfficerState::Left => Err(FieldError::new(
                field,
                format!("{} ({}) has left the council's service", o.name, o.id),
            )),
            _ => Ok(Person::Officer(id)),
        },
        None => match ctx.find_person(field, wanted, Among::Anyone).ok().flatten() {
            Some(Found::Officer(id)) if want_member => Err(wrong_kind(
                &officer_name(id, ctx),
                id.to_string(),
                "an officer",
            )),
            Some(Found::Member(id)) if !want_member => Err(wrong_kind(
                &member_name(id, ctx),
                id.to_string(),
                "a member",
            )),
            _ => Err(FieldError::new(
                field,
                format!("no {want} called '{wanted}'"),
            )),
        },
    }
}

pub(super) struct DisclosureFields {
    pub(super) kind: DisclosureKind,
    pub(super) member: MemberId,
    pub(super) officer: Option<OfficerId>,
    pub(super) description: String,
    pub(super) declared_by: Declarant,
    pub(super) declared_on: NaiveDate,
    pub(super) aware_on: Option<NaiveDate>,
    pub(super) request_ref: Option<String>,
}

/// Every field is checked, and every error reported at once.
pub(super) fn validate(
    input: &DisclosureInput,
    ctx: &Context,
) -> Result<DisclosureFields, Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    let tag = errors.keep(KindTag::parse("kind", &input.kind));
    let category = input.category.trim();
    let kind = match tag {
        Some(KindTag::Relationship) => errors
            .keep(RelationshipKind::parse("category", category))
            .map(DisclosureKind::Relationship),
        Some(KindTag::Pecuniary) => errors
            .keep(DpiCategory::parse("category", category))
            .map(DisclosureKind::PecuniaryInterest),
        Some(tag @ (KindTag::Other | KindTag::Request)) => {
            if category.is_empty() {
                Some(if tag == KindTag::Other {
                    DisclosureKind::OtherInterest
                } else {
                    DisclosureKind::RequestInterest
                })
            } else {
                errors.push(FieldError::new(
                    "category",
                    "only a relationship or a pecuniary interest has a category: leave it empty",
                ));
                None
            }
        }
        None => None,
    };
    let relationship = tag == Some(KindTag::Relationship);
    let member = match errors.keep(resolve_person("member", &input.member, true, ctx)) {
        Some(Person::Member(id)) => Some(id),
        _ => None,
    };
    let officer = if relationship {
        match errors.keep(resolve_person("officer", &input.officer, false, ctx)) {
            Some(Person::Officer(id)) => Some(Some(id)),
            _ => None,
        }
    } else if input.officer.trim().is_empty() {
        Some(None)
    } else {
        errors.push(FieldError::new(
            "officer",
            "only a relationship names an officer; an interest is the member's own",
        ));
        None
    };
    let description = errors.keep(validate_description(&input.description));
    let declared_by = if relationship {
        errors.keep(Declarant::parse("declared by", &input.declared_by))
    } else {
        match normalise(&input.declared_by).as_str() {
            "" | "member" | "councillor" | "cllr" => Some(Declarant::Member),
            _ => {
                errors.push(FieldError::new(
                    "declared by",
                    "an interest is declared by the member",
                ));
                None
            }
        }
    };
    let declared_on = errors.keep(dates::parse_date("declared on", &input.declared_on));
    if let Some(day) = declared_on {
        if day > ctx.today {
            errors.push(FieldError::new("declared on", "is in the future"));
        }
    }
    let registerable = matches!(tag, Some(KindTag::Pecuniary | KindTag::Other));
    let aware_on = if registerable {
        match errors.keep(dates::parse_optional_date("aware on", &input.aware_on)) {
            Some(Some(aware)) => {
                if declared_on.is_some_and(|declared| aware > declared) {
                    errors.push(FieldError::new(
                        "aware on",
                        "is after the declaration: a member declares what they know of",
                    ));
                }
                Some(Some(aware))
            }
            Some(None) => Some(declared_on),
            None => None,
        }
    } else if input.aware_on.trim().is_empty() {
        Some(None)
    } else {
        errors.push(FieldError::new(
            "aware on",
            "only a registerable interest has an awareness date (R-M3)",
        ));
        None
    };
    let request_ref = if tag == Some(KindTag::Request) {
        errors
            .keep(text::required_name("request", &input.request_ref))
            .map(Some)
    } else if input.request_ref.trim().is_empty() {
        Some(None)
    } else {
        errors.push(FieldError::new(
            "request",
            "only an interest declared with a request names one (R-D3)",
        ));
        None
    };
    match (
        kind,
        member,
        officer,
        description,
        declared_by,
        declared_on,
        aware_on,
        request_ref,
    ) {
        (
            Some(kind),
            Some(member),
            Some(officer),
            Some(description),
            Some(declared_by),
            Some(declared_on),
            Some(aware_on),
            Some(request_ref),
        ) if errors.is_empty() => Ok(DisclosureFields {
            kind,
            member,
            officer,
            description,
            declared_by,
            declared_on,
            aware_on,
            request_ref,
        }),
        _ => Err(errors.0),
    }
}
