//! R-I4: advice to one member or group kept from the others.
//!
//! Advice is kept private when the member asks (LLTC App A general §3) or always under the borough
//! model (BOR §2.4, `Profile::advice_kept_private`); a report for a political group is confidential to
//! it under the borough model (`GroupReportPolicy::ConfidentialFactsAvailable`). Enforced means the
//! advice never appears in another member's or group's view, notice, export, case file or subject
//! access export: every such output asks [`InfoRequest::visible_to`] / [`GroupReport::visible_to`]
//! and, where the rules say others may know the record exists, shows [`InfoRequest::redacted_for_others`]
//! / [`GroupReport::redacted_for_others`] instead of the record.

use super::{GroupReport, InfoOutcome, InfoRequest};
use crate::domain::audit::AuditEvent;
use crate::domain::ids::{GroupId, MemberId};
use crate::domain::profile::GroupReportPolicy;
use crate::domain::rules::{Cite, FieldError};
use crate::domain::text;
use crate::domain::Context;

/// What stands in for private text shown to anyone else.
pub const KEPT_PRIVATE: &str = "[kept private (R-I4)]";

/// Who is looking at a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// The Clerk, at the desk: sees everything.
    Clerk,
    /// One member (a view, a notice or a subject access export made for them).
    Member(MemberId),
    /// One political group (its members and its notices).
    Group(GroupId),
    /// Anyone else: a whole-council export, a file handed on.
    Others,
}

impl Viewer {
    /// A member (reference or name), a political group (name or reference), `clerk` or `others`.
    pub fn parse(field: &'static str, raw: &str, ctx: &Context) -> Result<Viewer, FieldError> {
        let wanted = raw.trim();
        if wanted.eq_ignore_ascii_case("clerk") {
            return Ok(Viewer::Clerk);
        }
        if wanted.eq_ignore_ascii_case("others") || wanted.eq_ignore_ascii_case("public") {
            return Ok(Viewer::Others);
        }
        if let Ok(id) = wanted.parse::<MemberId>() {
            return match ctx.member(id) {
                Some(_) => Ok(Viewer::Member(id)),
                None => Err(FieldError::new(field, format!("no member {id}"))),
            };
        }
        let key = text::search_key(wanted);
        let members: Vec<MemberId> = ctx
            .members
            .iter()
            .filter(|m| !key.is_empty() && text::search_key(&m.name) == key)
            .map(|m| m.id)
            .collect();
        if let [one] = members.as_slice() {
            return Ok(Viewer::Member(*one));
        }
        if members.len() > 1 {
            return Err(FieldError::new(
                field,
                format!("more than one member is called '{wanted}': give the reference (M-003)"),
            ));
        }
        match ctx.council.group_by_name(field, wanted) {
            Ok(Some(g)) => Ok(Viewer::Group(g)),
            _ => Err(FieldError::new(
                field,
                format!(
                    "'{wanted}' is no member or political group of the council (or clerk, others)"
                ),
            )),
        }
    }

    /// The rule and clause behind a record being held back.
    pub fn cite(ctx: &Context) -> Cite {
        Cite::new("R-I4", ctx.profile.clause_for("R-I4").unwrap_or(I4))
    }
}

const I4: &str = "LLTC App A general §3, BOR §2.4";

/// The member's political group, if any.
fn group_of(member: MemberId, ctx: &Context) -> Option<GroupId> {
    ctx.member(member).and_then(|m| m.group)
}

impl InfoRequest {
    /// R-I4: the answer is kept from every member but the one who asked.
    pub fn is_private(&self) -> bool {
        self.keep_from_other_members
    }

    /// Whether `viewer` may see this request in full: always, unless it is private and the viewer is
    /// neither the Clerk nor the member who asked. Nothing says other members are told that such a
    /// request exists, so a view made for one leaves it out altogether.
    pub fn visible_to(&self, viewer: Viewer) -> bool {
        !self.is_private()
            || matches!(viewer, Viewer::Clerk)
            || viewer == Viewer::Member(self.member)
    }

    /// The record with everything of the advice taken out, for an output that keeps the record's
    /// existence (a whole-council export): what was asked, for whom, the interest, the stated need
    /// and a refusal's reason become [`KEPT_PRIVATE`]; dates, state and basis stay.
    pub fn redacted_for_others(&self) -> InfoRequest {
        if !self.is_private() {
            return self.clone();
        }
        let mut r = self.clone();
        r.what = KEPT_PRIVATE.to_string();
        r.on_behalf_of = r.on_behalf_of.map(|_| KEPT_PRIVATE.to_string());
        r.declared_interest = r.declared_interest.map(|_| KEPT_PRIVATE.to_string());
        r.need_reason = r.need_reason.map(|_| KEPT_PRIVATE.to_string());
        if let Some(InfoOutcome::Refused { reason, .. }) = &mut r.outcome {
            *reason = KEPT_PRIVATE.to_string();
        }
        r
    }

    /// The record as `viewer` may see it: in full, redacted, or not at all.
    pub fn seen_by(&self, viewer: Viewer) -> Option<InfoRequest> {
        match viewer {
            _ if self.visible_to(viewer) => Some(self.clone()),
            Viewer::Others => Some(self.redacted_for_others()),
            Viewer::Member(_) | Viewer::Group(_) | Viewer::Clerk => None,
        }
    }
}

impl GroupReport {
    /// R-I4 with R-G4: advice to a group is confidential to it under the borough model (BOR §2.4).
    pub fn is_private(&self) -> bool {
        self.policy == GroupReportPolicy::ConfidentialFactsAvailable
    }

    /// Whether `viewer` may see this report in full: the Clerk, the group and its members always;
    /// anyone else only when the report is not confidential (under CAV §4.2 every other group is
    /// told of it and may have a copy, R-G2).
    pub fn visible_to(&self, viewer: Viewer, ctx: &Context) -> bool {
        if !self.is_private() {
            return true;
        }
        match viewer {
            Viewer::Clerk => true,
            Viewer::Group(g) => g == self.group,
            Viewer::Member(m) => group_of(m, ctx) == Some(self.group),
            Viewer::Others => false,
        }
    }

    /// The report with its subject taken out ([`KEPT_PRIVATE`]): that advice was given to the group
    /// and when stays, as the facts behind it are available to all members on request (BOR §2.4).
    pub fn redacted_for_others(&self) -> GroupReport {
        if !self.is_private() {
            return self.clone();
        }
        let mut r = self.clone();
        r.subject = KEPT_PRIVATE.to_string();
        r
    }

    /// The report as `viewer` may see it: in full; with its subject held back in a whole-council
    /// export; not at all in another member's or group's view (no group is told, BOR §2.4).
    pub fn seen_by(&self, viewer: Viewer, ctx: &Context) -> Option<GroupReport> {
        match viewer {
            _ if self.visible_to(viewer, ctx) => Some(self.clone()),
            Viewer::Others => Some(self.redacted_for_others()),
            Viewer::Member(_) | Viewer::Group(_) | Viewer::Clerk => None,
        }
    }
}

/// An audit event about a private record, as anyone but its owner may see it: the step and its day
/// stay (the record exists), every changed value and the note become [`KEPT_PRIVATE`].
pub fn redacted_event(event: &AuditEvent) -> AuditEvent {
    let mut e = event.clone();
    for c in &mut e.changes {
        if !c.before.is_empty() {
            c.before = KEPT_PRIVATE.to_string();
        }
        if !c.after.is_empty() {
            c.after = KEPT_PRIVATE.to_string();
        }
    }
    e.note = e.note.map(|_| KEPT_PRIVATE.to_string());
    e
}

#[cfg(test)]
mod tests {
    use super::super::testutil::fixture;
    use super::super::{GroupReportInput, InfoRequestInput};
    use super::*;
    use crate::domain::audit::{Change, Subject};
    use crate::domain::member::{Member, MemberInput};
    use crate::domain::testkit::Fixture;

    /// Ann Lee (M-001, Green) and Bob Cole (M-002, Labour) under `model`.
    fn council(model: &str) -> (Fixture, [GroupId; 3]) {
        let (mut fx, groups) = fixture(model);
        if model == "borough" {
            fx.profile.advice_kept_private = true;
        }
        for (i, (name, group)) in [("Ann Lee", "Green"), ("Bob Cole", "Labour")]
            .into_iter()
            .enumerate()
        {
            let input = MemberInput {
                name: name.into(),
                ward: "North".into(),
                group: group.into(),
                term_start: "2024-05-06".into(),
                ..Default::default()
            };
            let m = Member::create(MemberId(i as u32 + 1), &input, &fx.ctx()).unwrap();
            fx.members.push(m);
        }
        (fx, groups)
    }

    fn request(fx: &Fixture, keep: &str) -> InfoRequest {
        let input = InfoRequestInput {
            member: "M-001".into(),
            what: "Legal advice on the boundary".into(),
            on_behalf_of: "Jo Resident".into(),
            received_on: "2026-05-01".into(),
            keep_from_other_members: keep.into(),
            ..Default::default()
        };
        InfoRequest::create(1, &input, &fx.ctx()).unwrap()
    }

    const ANN: Viewer = Viewer::Member(MemberId(1));
    const BOB: Viewer = Viewer::Member(MemberId(2));

    #[test]
    fn on_request_only_the_asker_and_the_clerk_see_the_advice() {
        let (fx, [green, labour, _]) = council("town");
        let private = request(&fx, "yes");
        for v in [Viewer::Clerk, ANN] {
            assert!(private.visible_to(v), "{v:?}");
            assert_eq!(private.seen_by(v).as_ref(), Some(&private));
        }
        for v in [BOB, Viewer::Group(labour), Viewer::Group(green)] {
            assert!(!private.visible_to(v), "{v:?}");
            assert_eq!(private.seen_by(v), None, "{v:?}");
        }
        // A whole-council export keeps that it exists, and nothing of the advice.
        let out = private.seen_by(Viewer::Others).unwrap();
        assert_eq!(
            (out.id, out.state, out.received_on),
            (1, private.state, private.received_on)
        );
        assert_eq!(out.what, KEPT_PRIVATE);
        assert_eq!(out.on_behalf_of.as_deref(), Some(KEPT_PRIVATE));

        // Not asked: everyone sees it.
        let open = request(&fx, "no");
        for v in [BOB, Viewer::Group(labour), Viewer::Others] {
            assert_eq!(open.seen_by(v).as_ref(), Some(&open), "{v:?}");
        }
    }

    #[test]
    fn under_the_borough_model_advice_is_private_whatever_was_asked() {
        let (fx, _) = council("borough");
        let r = request(&fx, "no");
        assert!(r.is_private());
        assert!(r.visible_to(ANN) && !r.visible_to(BOB));
    }

    #[test]
    fn a_report_confidential_to_a_group_is_seen_by_its_members_only() {
        let input = GroupReportInput {
            group: "Green".into(),
            subject: "Allotment rents 2027".into(),
            requested_on: "2026-05-01".into(),
        };
        let (fx, [green, labour, _]) = council("borough");
        let ctx = fx.ctx();
        let r = GroupReport::create(1, &input, &ctx).unwrap();
        assert!(r.is_private());
        for v in [Viewer::Clerk, Viewer::Group(green), ANN] {
            assert!(r.visible_to(v, &ctx), "{v:?}");
        }
        for v in [Viewer::Group(labour), BOB] {
            assert!(!r.visible_to(v, &ctx), "{v:?}");
            assert_eq!(r.seen_by(v, &ctx), None, "{v:?}");
        }
        let out = r.seen_by(Viewer::Others, &ctx).unwrap();
        assert_eq!((out.subject.as_str(), out.group), (KEPT_PRIVATE, green));
        // No notice to the other groups carries it.
        assert!(
            !r.notice_text(&ctx).contains("Allotment"),
            "{}",
            r.notice_text(&ctx)
        );

        // Under the Banbury model the other groups are told and may have a copy (R-G2).
        let (fx, [_, labour, _]) = council("banbury");
        let ctx = fx.ctx();
        let r = GroupReport::create(1, &input, &ctx).unwrap();
        assert!(!r.is_private() && r.visible_to(Viewer::Group(labour), &ctx));
        assert!(r.notice_text(&ctx).contains("Allotment rents 2027"));
    }

    #[test]
    fn a_redacted_event_keeps_the_step_and_holds_back_the_values() {
        let e = AuditEvent {
            seq: 4,
            at: crate::domain::testkit::d(2026, 5, 1)
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            actor: "Clerk".into(),
            subject: Subject("request RQ-2026-001".into()),
            action: "received".into(),
            changes: vec![Change {
                field: "what".into(),
                before: String::new(),
                after: "Legal advice".into(),
            }],
            note: Some("Legal advice".into()),
            cite: None,
        };
        let r = redacted_event(&e);
        assert_eq!(
            (r.seq, r.action.as_str(), r.subject.clone()),
            (4, "received", e.subject)
        );
        assert_eq!(r.changes[0].before, "");
        assert_eq!(r.changes[0].after, KEPT_PRIVATE);
        assert_eq!(r.note.as_deref(), Some(KEPT_PRIVATE));
    }

    #[test]
    fn a_viewer_is_a_member_a_group_or_bad_input() {
        let (fx, [green, _, _]) = council("town");
        let ctx = fx.ctx();
        assert_eq!(Viewer::parse("--for", "ann lee", &ctx), Ok(ANN));
        assert_eq!(Viewer::parse("--for", "M-002", &ctx), Ok(BOB));
        assert_eq!(
            Viewer::parse("--for", "green", &ctx),
            Ok(Viewer::Group(green))
        );
        assert_eq!(Viewer::parse("--for", "clerk", &ctx), Ok(Viewer::Clerk));
        let err = Viewer::parse("--for", "Nobody", &ctx).unwrap_err();
        assert_eq!(err.field, "--for");
        assert!(Viewer::parse("--for", "M-009", &ctx).is_err());
    }
}
