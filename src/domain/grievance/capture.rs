//! A concern as the clerk captures it, before triage: the fields of the creation spec (`case new`,
//! the capture form; see [`super::spec`]) as typed, and the one reading of them both faces use to
//! find the people, the channel and the day ([`CaseDraft::resolve`]).

use super::{CaseInput, Channel, PersonRef};
use crate::domain::machine::yes_no;
use crate::domain::rules::FieldError;
use crate::domain::{text, Among, Context, Found};

/// What a person typed or picked for a new concern, field by field, named as the creation spec
/// names them: a person is `M-003`, `O-001`, an exact name, `other:NAME`, `other` (the name in
/// [`other`](CaseDraft::other)) or, for whom it is about, `nobody`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseDraft {
    pub raised_by: String,
    pub about: String,
    /// How it reached the clerk: `in-person`, `email`, `letter`, `phone`, `public-meeting`.
    pub how: String,
    /// The day it was raised.
    pub on: String,
    pub summary: String,
    /// `yes` or `no`.
    pub confidential: String,
    /// The name of someone who is neither a member nor an officer, where a person is `other`.
    pub other: String,
}

/// What a concern about nobody in particular is about (R-E3: a breach may be observed rather than
/// suffered).
pub const NOBODY: &str = "nobody in particular";

impl CaseDraft {
    /// The concern with its people found and its words read (every mistake of those at once),
    /// then checked as [`Case::open`] checks it ([`CaseInput::check`]): each mistake named by the
    /// spec's field name or label, so the capture form marks the field and `case new` names its
    /// option.
    ///
    /// [`Case::open`]: super::Case::open
    pub fn resolve(&self, ctx: &Context) -> Result<CaseInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let raised_by = self
            .person("raised-by", &self.raised_by, false, ctx)
            .map_err(|e| errors.push(e))
            .ok();
        let about = self
            .person("about", &self.about, true, ctx)
            .map_err(|e| errors.push(e))
            .ok();
        let channel = Channel::parse("how", &self.how)
            .map_err(|e| errors.push(e))
            .ok();
        let confidential = yes_no("confidential", &self.confidential)
            .map_err(|e| errors.push(e))
            .ok();
        let (Some(raised_by), Some(about), Some(channel), Some(confidential)) =
            (raised_by, about, channel, confidential)
        else {
            return Err(errors);
        };
        let input = CaseInput {
            raised_by,
            about,
            channel,
            raised_on: self.on.clone(),
            summary: self.summary.clone(),
            confidential,
        };
        input.check(ctx)?;
        Ok(input)
    }

    /// One person as typed or picked for `field`; `other` is the other's name field's person.
    fn person(
        &self,
        field: &'static str,
        raw: &str,
        nobody_allowed: bool,
        ctx: &Context,
    ) -> Result<PersonRef, FieldError> {
        if raw.trim().eq_ignore_ascii_case("other") {
            // Someone named in the other's name field: an empty one is that field's mistake.
            return text::required_name("other", &self.other).map(PersonRef::Other);
        }
        find_party(field, raw, nobody_allowed, ctx)
    }
}

/// A party to a case as typed: `M-003`, `O-001`, an exact name (any case), `other:NAME`, or, where
/// `nobody_allowed` (whom a concern is about), `nobody`. A bad one is named by `field`.
pub fn find_party(
    field: &'static str,
    raw: &str,
    nobody_allowed: bool,
    ctx: &Context,
) -> Result<PersonRef, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    if nobody_allowed && value.eq_ignore_ascii_case("nobody") {
        return Ok(PersonRef::Other(NOBODY.into()));
    }
    if let Some(rest) = value
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("other:"))
        .map(|_| &value[6..])
    {
        return text::required_name(field, rest).map(PersonRef::Other);
    }
    match ctx.find_person(field, value, Among::Anyone)? {
        Some(Found::Member(id)) => Ok(PersonRef::Member(id)),
        Some(Found::Officer(id)) => Ok(PersonRef::Officer(id)),
        None => Err(FieldError::new(
            field,
            format!(
                "no member or officer is called '{value}' (give a reference such as M-003 or \
                 O-001, an exact name, or other:NAME{})",
                if nobody_allowed { ", or nobody" } else { "" }
            ),
        )),
    }
}
