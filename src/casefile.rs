//! The case file: a Markdown record of one case for a staffing committee (`clerkdesk case export`).
//!
//! [`render`] is pure: the case, its audit trail and the council's context in, Markdown out. Every
//! piece of stored text is made safe (no control characters) and escaped so that it reads as text,
//! never as Markdown or HTML. With `redact`, every person's name is replaced by their role in the
//! case ("the officer", "the member complained about", "the Clerk", "member A" …), consistently, in
//! every field, note and change.

use chrono::NaiveDate;

use crate::domain::audit::AuditEvent;
use crate::domain::dates;
use crate::domain::grievance::{Case, Path, PersonRef, Step, StepRecord};
use crate::domain::ids::MemberId;
use crate::domain::officer::Post;
use crate::domain::text::sanitize;
use crate::domain::Context;
use crate::redact::Redactor;

/// The Markdown case file for `case`; `trail` is its audit trail, oldest first. A case file names
/// people in a confidential matter: write it with [`crate::files::write_private`] (owner-only).
pub fn render(case: &Case, trail: &[AuditEvent], ctx: &Context, redact: bool) -> String {
    let r = if redact {
        redactor_for_case(case, ctx)
    } else {
        Redactor::none()
    };
    let t = |s: &str| md(&r.apply(s));
    let who = |p: &PersonRef| t(&p.name(ctx));
    let day = |d: NaiveDate| dates::show(d);
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };

    line(format!(
        "# Case file {}: {}",
        t(&case.reference),
        t(&path_label(case.path))
    ));
    line(String::new());
    let mut intro = vec![t(&ctx.council.name), format!("prepared {}", day(ctx.today))];
    if case.confidential {
        intro.push("confidential".into());
    }
    line(intro.join(" · "));
    if redact {
        line(String::new());
        line("Redacted copy: people are named by their role in the case.".into());
    }

    line(String::new());
    line("## Parties".into());
    line(String::new());
    line(format!("- **Raised by:** {}", who(&case.raised_by)));
    line(format!("- **About:** {}", who(&case.about)));
    line(format!(
        "- **How raised:** {}, on {}",
        t(case.channel.label()),
        day(case.raised_on)
    ));
    line(format!("- **Summary:** {}", t(&case.summary)));

    line(String::new());
    line("## Path".into());
    line(String::new());
    line(format!("- **Path:** {}", t(&path_label(case.path))));
    line(format!(
        "- **Routed under:** {}",
        t(&case.route_cite.to_string())
    ));
    if let Some(reason) = &case.choice_reason {
        line(format!(
            "- **Path chosen instead of the proposal, because:** {}",
            t(reason)
        ));
    }
    let handlers: Vec<String> = case
        .handlers
        .iter()
        .map(|h| {
            let role = h.role.label();
            match &h.person {
                Some(p) => {
                    let name = r.apply(&p.name(ctx));
                    if name == role {
                        md(role)
                    } else {
                        format!("{} ({})", md(role), md(&name))
                    }
                }
                None => format!("{} (nobody in post)", md(role)),
            }
        })
        .collect();
    line(format!(
        "- **Handled by:** {}",
        if handlers.is_empty() {
            "nobody named by the profile".to_string()
        } else {
            handlers.join(", then ")
        }
    ));
    line(format!("- **State:** {}", t(case.state.label())));
    match case.next_deadline(ctx) {
        Some(d) => line(format!(
            "- **Next deadline:** {} by {}{} ({}; {})",
            t(d.what),
            day(d.due),
            if d.is_overdue(ctx.today) {
                " — OVERDUE"
            } else {
                ""
            },
            t(&d.cite.to_string()),
            d.calendar.label()
        )),
        None => line("- **Next deadline:** none set by the protocol".into()),
    }

    let mut record: Vec<String> = Vec::new();
    if let Some(i) = &case.informal {
        let mut s = format!(
            "- **Informal resolution:** started {} by {}",
            day(i.started_on),
            t(&i.by)
        );
        if !i.note.trim().is_empty() {
            s.push_str(&format!(" — {}", t(&i.note)));
        }
        record.push(s);
        if let Some(on) = i.resolved_on {
            record.push(format!(
                "- **Resolved informally:** {} — {}",
                day(on),
                t(i.outcome.as_deref().unwrap_or(""))
            ));
        }
    }
    if let Some(why) = &case.informal_skipped {
        record.push(format!(
            "- **Informal resolution not tried, because:** {} (R-E1.1)",
            t(why)
        ));
    }
    if let Some(on) = case.formal_on {
        let what = match case.path {
            Path::OfficerGrievance => "Formal grievance in writing",
            Path::MemberConcern | Path::Breach(_) => "Formal route begun",
        };
        record.push(format!("- **{what}:** {}", day(on)));
    }
    if let Some(route) = case.concern_route {
        record.push(format!("- **Formal route (R-E2.4):** {}", t(route.label())));
    }
    if !case.panel.is_empty() {
        record.push(format!(
            "- **Panel (R-E1.2):** {}",
            members(&case.panel, &t, ctx)
        ));
    }
    if let Some(h) = &case.hearing {
        let mut s = format!("- **Hearing (R-E1.3):** held {}", day(h.on));
        if let Some(c) = &h.companion {
            s.push_str(&format!(", the officer accompanied by {}", t(c)));
        }
        record.push(s);
    }
    if let Some(mo) = &case.mo_referral {
        let mut s = format!("- **Referred to the Monitoring Officer:** {}", day(mo.on));
        if !mo.note.trim().is_empty() {
            s.push_str(&format!(" — {}", t(&mo.note)));
        }
        record.push(s);
        match (&mo.answered_on, &mo.answer) {
            (Some(on), Some(answer)) => record.push(format!(
                "- **Monitoring Officer's answer:** {} — {}",
                day(*on),
                t(answer)
            )),
            _ => record.push("- **Monitoring Officer's answer:** awaited".into()),
        }
    }
    if let Some(on) = case.reviewed_on {
        let mut s = format!("- **Reviewed by the Clerk:** {}", day(on));
        if let Some(note) = case.review_note.as_deref().filter(|n| !n.trim().is_empty()) {
            s.push_str(&format!(" — {}", t(note)));
        }
        record.push(s);
    }
    if !record.is_empty() {
        line(String::new());
        line("## What has been done".into());
        line(String::new());
        for s in record {
            line(s);
        }
    }

    line(String::new());
    line("## Decisions".into());
    line(String::new());
    let decision_line = |label: &str, d: &crate::domain::grievance::Decision| {
        let mut s = format!(
            "- **{label}:** {} on {}, by {}",
            t(d.outcome.label()),
            day(d.on),
            who(&d.by)
        );
        if !d.note.trim().is_empty() {
            s.push_str(&format!(" — {}", t(&d.note)));
        }
        s
    };
    let mut any = false;
    if let Some(d) = &case.decision {
        line(decision_line("Decision", d));
        any = true;
    }
    if let Some(a) = &case.appeal {
        line(format!(
            "- **Appeal lodged (R-E1.6):** {} — grounds: {}",
            day(a.lodged_on),
            t(&a.grounds)
        ));
        if !a.panel.is_empty() {
            line(format!(
                "- **Appeal panel:** {}",
                members(&a.panel, &t, ctx)
            ));
        }
        if let Some(d) = &a.decision {
            line(decision_line("Final decision on appeal", d));
        }
        any = true;
    }
    if case.path == Path::OfficerGrievance {
        if let Some(due) = case
            .appeal_due(ctx)
            .filter(|_| case.outcome().is_some_and(|o| !o.is_upheld()) && case.appeal.is_none())
        {
            line(format!("- **Appeal window (R-E1.6):** until {}", day(due)));
        }
    }
    if let Some(on) = case.closed_on {
        let mut s = format!("- **Closed:** {}", day(on));
        if let Some(note) = case
            .closing_note
            .as_deref()
            .filter(|n| !n.trim().is_empty())
        {
            s.push_str(&format!(" — {}", t(note)));
        }
        line(s);
        any = true;
    }
    if !any {
        line("- None yet.".into());
    }

    if case.path == Path::OfficerGrievance {
        line(String::new());
        line(format!(
            "## The Clerk's steps if upheld ({})",
            ctx.profile
                .localise(crate::domain::rules::cites::clerks_steps())
        ));
        line(String::new());
        for step in Step::ALL {
            let status = match case.steps.get(step) {
                Some(StepRecord::Recorded { on, note }) if note.trim().is_empty() => {
                    format!("recorded {}", day(*on))
                }
                Some(StepRecord::Recorded { on, note }) => {
                    format!("recorded {} — {}", day(*on), t(note))
                }
                Some(StepRecord::NotApplicable { reason }) => {
                    format!("not applicable: {}", t(reason))
                }
                None if case
                    .decision
                    .as_ref()
                    .is_some_and(|d| d.outcome.is_upheld())
                    || case
                        .appeal
                        .as_ref()
                        .and_then(|a| a.decision.as_ref())
                        .is_some_and(|d| d.outcome.is_upheld()) =>
                {
                    "outstanding".to_string()
                }
                None => "not due (the grievance has not been upheld)".to_string(),
            };
            line(format!("- **{}:** {}", capitalise(step.label()), status));
        }
    }

    line(String::new());
    line("## Linked cases".into());
    line(String::new());
    if case.links.is_empty() {
        line("- None.".into());
    }
    for link in &case.links {
        line(format!(
            "- {}: {}",
            capitalise(link.kind.label()),
            t(&link.reference)
        ));
    }

    line(String::new());
    line("## Every step, from the audit trail".into());
    line(String::new());
    if trail.is_empty() {
        line("No events recorded.".into());
    }
    for (n, e) in trail.iter().enumerate() {
        line(format!(
            "{}. **{}** · {} · recorded by {}",
            n + 1,
            e.at.format("%Y-%m-%d %H:%M"),
            t(&e.action),
            t(&e.actor)
        ));
        if let Some(cite) = &e.cite {
            line(format!("   - Rule: {}", t(&cite.to_string())));
        }
        if let Some(note) = e.note.as_deref().filter(|n| !n.trim().is_empty()) {
            line(format!("   - Note: {}", t(note)));
        }
        if !e.changes.is_empty() {
            let parts: Vec<String> = e
                .changes
                .iter()
                .map(|c| match (c.before.is_empty(), c.after.is_empty()) {
                    (true, _) => format!("{}: {}", t(&c.field), t(&c.after)),
                    (false, true) => format!("{}: {} → (none)", t(&c.field), t(&c.before)),
                    (false, false) => {
                        format!("{}: {} → {}", t(&c.field), t(&c.before), t(&c.after))
                    }
                })
                .collect();
            line(format!("   - Changes: {}", parts.join("; ")));
        }
    }
    out
}

/// `R-E1 officer's grievance about a member`, `R-E3 breach: …` (as the TUI labels paths).
pub fn path_label(p: Path) -> String {
    p.title()
}

fn members(ids: &[MemberId], t: &dyn Fn(&str) -> String, ctx: &Context) -> String {
    ids.iter()
        .map(|m| t(&PersonRef::Member(*m).name(ctx)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Stored text as Markdown text: control characters made visible (newlines become spaces) and the
/// characters Markdown or HTML would act on escaped.
pub fn md(text: &str) -> String {
    let clean = sanitize(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Roles for everyone the council knows, the case's people first: the parties by their part,
/// the Clerk as "the Clerk", panel members as member A, member B …, then every other member
/// (member C …) and officer (officer A …), the Monitoring Officer, and anyone else the case
/// names (mediator, companion). Every form of each name is covered ([`crate::redact`]), with e-mail
/// addresses and phone numbers; the council's group names stay when they stand alone.
pub fn redactor_for_case(case: &Case, ctx: &Context) -> Redactor {
    let mut roles: Vec<(PersonRef, String)> = Vec::new();
    let both_officers = matches!(
        (&case.raised_by, &case.about),
        (PersonRef::Officer(_), PersonRef::Officer(_))
    );
    for (person, raised) in [(&case.raised_by, true), (&case.about, false)] {
        let role = match person {
            PersonRef::Officer(id) if ctx.officer(*id).is_some_and(|o| o.post == Post::Clerk) => {
                "the Clerk"
            }
            PersonRef::Officer(_) if both_officers && raised => "the officer raising it",
            PersonRef::Officer(_) if both_officers => "the officer concerned",
            PersonRef::Officer(_) => "the officer",
            PersonRef::Member(_) if raised => "the member raising it",
            PersonRef::Member(_) => "the member complained about",
            PersonRef::Other(_) if raised => "the person raising it",
            PersonRef::Other(_) => "the person concerned",
        };
        if !roles.iter().any(|(p, _)| p.same_as(person)) {
            roles.push((person.clone(), role.to_string()));
        }
    }
    for o in ctx.officers {
        let me = PersonRef::Officer(o.id);
        if o.post == Post::Clerk
            && o.in_post(ctx.today)
            && !roles.iter().any(|(p, _)| p.same_as(&me))
        {
            roles.push((me, "the Clerk".to_string()));
        }
    }
    let mut letters = 0usize;
    let mut add_member = |roles: &mut Vec<(PersonRef, String)>, id: MemberId| {
        let me = PersonRef::Member(id);
        if !roles.iter().any(|(p, _)| p.same_as(&me)) {
            roles.push((me, format!("member {}", letter(letters))));
            letters += 1;
        }
    };
    for id in &case.panel {
        add_member(&mut roles, *id);
    }
    if let Some(a) = &case.appeal {
        for id in &a.panel {
            add_member(&mut roles, *id);
        }
    }
    let deciders = [
        case.decision.as_ref().map(|d| &d.by),
        case.appeal
            .as_ref()
            .and_then(|a| a.decision.as_ref())
            .map(|d| &d.by),
    ];
    for by in deciders.into_iter().flatten() {
        if let PersonRef::Member(id) = by {
            add_member(&mut roles, *id);
        }
    }
    for h in &case.handlers {
        if let Some(PersonRef::Member(id)) = &h.person {
            add_member(&mut roles, *id);
        }
    }
    let mut members: Vec<MemberId> = ctx.members.iter().map(|m| m.id).collect();
    members.sort();
    for id in members {
        add_member(&mut roles, id);
    }
    let mut officer_letters = 0usize;
    let mut officers: Vec<_> = ctx.officers.iter().collect();
    officers.sort_by_key(|o| o.id);
    for o in officers {
        let me = PersonRef::Officer(o.id);
        if !roles.iter().any(|(p, _)| p.same_as(&me)) {
            roles.push((me, format!("officer {}", letter(officer_letters))));
            officer_letters += 1;
        }
    }

    let mut r = Redactor::new();
    // First names that belong to one person only.
    let first_names: Vec<String> = ctx
        .members
        .iter()
        .map(|m| m.name.as_str())
        .chain(ctx.officers.iter().map(|o| o.name.as_str()))
        .filter_map(|n| n.split_whitespace().next().map(str::to_string))
        .collect();
    let unique_first = |name: &str| -> bool {
        name.split_whitespace()
            .next()
            .is_some_and(|first| first_names.iter().filter(|f| f.as_str() == first).count() == 1)
    };
    for (person, role) in &roles {
        r.phrase(&person.name(ctx), role);
        match person {
            PersonRef::Member(id) => {
                if let Some(m) = ctx.member(*id) {
                    r.person(&m.name, role, unique_first(&m.name));
                }
            }
            PersonRef::Officer(id) => {
                if let Some(o) = ctx.officer(*id) {
                    r.person(&o.name, role, unique_first(&o.name));
                }
            }
            PersonRef::Other(name) => r.person(name, role, false),
        }
    }
    if let Some(mo) = &ctx.council.monitoring_officer {
        if !mo.name.trim().is_empty() {
            r.phrase(
                &format!("{} ({})", mo.name.trim(), mo.organisation.trim()),
                "the Monitoring Officer",
            );
            r.person(&mo.name, "the Monitoring Officer", false);
        }
    }
    if let Some(i) = &case.informal {
        r.person(&i.by, "the conciliator", false);
    }
    if let Some(c) = case.hearing.as_ref().and_then(|h| h.companion.clone()) {
        r.person(&c, "the companion", false);
    }
    for h in &case.handlers {
        if let Some(PersonRef::Other(name)) = &h.person {
            r.person(name, h.role.label(), false);
        }
    }
    for g in &ctx.council.groups {
        r.ordinary_word(&g.name);
    }
    r
}

/// A, B, … Z, then AA, AB …
fn letter(n: usize) -> String {
    let mut n = n;
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::{Change, Subject};
    use crate::domain::council::Office;
    use crate::domain::grievance::{
        triage, CaseAction, CaseActionKind, CaseInput, Channel, NoDisclosures,
    };
    use crate::domain::ids::OfficerId;
    use crate::domain::machine::Machine;
    use crate::domain::member::{Member, MemberInput};
    use crate::domain::officer::{Officer, OfficerInput};
    use crate::domain::rules::Cite;
    use crate::domain::testkit::{d, Fixture};

    fn fixture() -> Fixture {
        let mut fx = Fixture::new(d(2026, 11, 22));
        fx.council.add_group("Green").unwrap();
        for (n, name) in [
            "Ann Lee",
            "Bob Marsh",
            "Cat Hughes",
            "Dan Price",
            "Eve Stone",
        ]
        .iter()
        .enumerate()
        {
            let ctx = fx.ctx();
            let input = MemberInput {
                name: name.to_string(),
                ward: "North".into(),
                group: "Green".into(),
                term_start: "2023-05-04".into(),
                dpi_registered: "2023-05-20".into(),
                ..MemberInput::default()
            };
            let m = Member::create(MemberId(n as u32 + 1), &input, &ctx).unwrap();
            fx.members.push(m);
        }
        for (n, (name, post, manager)) in [
            ("Clara Whitcombe", "Clerk", "council"),
            ("Robert Fenwick", "RFO", "O-001"),
        ]
        .iter()
        .enumerate()
        {
            let ctx = fx.ctx();
            let input = OfficerInput {
                name: name.to_string(),
                post: post.to_string(),
                line_manager: manager.to_string(),
                started: "2020-01-06".into(),
                protocol_briefed: "2020-01-06".into(),
                ..OfficerInput::default()
            };
            let o = Officer::create(OfficerId(n as u32 + 1), &input, &ctx).unwrap();
            fx.officers.push(o);
        }
        fx.council
            .appoint(Office::Chairman, MemberId(1), d(2025, 5, 12))
            .unwrap();
        fx
    }

    /// Robert Fenwick's grievance about Dan Price, heard by Bob and Cat, upheld.
    fn upheld(fx: &Fixture) -> (Case, Vec<AuditEvent>) {
        let ctx = fx.ctx();
        let input = CaseInput {
            raised_by: PersonRef::Officer(OfficerId(2)),
            about: PersonRef::Member(MemberId(4)),
            channel: Channel::Email,
            raised_on: "2026-11-02".into(),
            summary: "Dan Price shouted at Robert in the office; Cllr Price later apologised."
                .into(),
            confidential: true,
        };
        let proposal = triage(
            &input.raised_by,
            &input.about,
            input.channel,
            &ctx,
            &NoDisclosures,
        );
        let mut case = Case::open(
            "G-2026-001".into(),
            &input,
            &proposal,
            proposal.path,
            "",
            &ctx,
            &NoDisclosures,
        )
        .unwrap();
        let clerk = PersonRef::Officer(OfficerId(1));
        let bob = PersonRef::Member(MemberId(2));
        let mut trail = vec![event(1, "opened", None, Some(case.route_cite.clone()))];
        type Named<'a> = Vec<(&'a str, &'a str)>;
        let steps: Vec<(CaseActionKind, Named, &PersonRef)> = vec![
            (
                CaseActionKind::GoFormal,
                vec![("on", "2026-11-03"), ("skip-reason", "Robert asked for it")],
                &clerk,
            ),
            (
                CaseActionKind::AppointPanel,
                vec![("members", "M-002, Cat Hughes")],
                &clerk,
            ),
            (
                CaseActionKind::HoldHearing,
                vec![("on", "2026-11-06"), ("companion", "Jo Union")],
                &clerk,
            ),
            (
                CaseActionKind::Decide,
                vec![("on", "2026-11-09"), ("outcome", "upheld")],
                &bob,
            ),
        ];
        for (n, (kind, fields, actor)) in steps.into_iter().enumerate() {
            let get = |k: &str| {
                fields
                    .iter()
                    .find(|(f, _)| *f == k)
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default()
            };
            let action = CaseAction::from_named(kind, get, String::new());
            let e = case.apply(action, &ctx.acting(actor)).unwrap();
            let note = format!(
                "by {}{}",
                actor.name(&ctx),
                e.note
                    .as_deref()
                    .map(|n| format!(": {n}"))
                    .unwrap_or_default()
            );
            let mut ev = event(n as u64 + 2, e.action, Some(note), e.cite.clone());
            ev.changes = crate::domain::audit::diff(&case.fields(&ctx), &e.case.fields(&ctx));
            trail.push(ev);
            case = e.case;
        }
        (case, trail)
    }

    fn event(seq: u64, action: &str, note: Option<String>, cite: Option<Cite>) -> AuditEvent {
        AuditEvent {
            seq,
            at: d(2026, 11, 9).and_hms_opt(10, 0, 0).unwrap(),
            actor: "Clerk".into(),
            subject: Subject("case G-2026-001".into()),
            action: action.into(),
            changes: Vec::<Change>::new(),
            note,
            cite,
        }
    }

    #[test]
    fn the_file_has_the_parties_path_steps_and_trail() {
        let fx = fixture();
        let (case, trail) = upheld(&fx);
        let text = render(&case, &trail, &fx.ctx(), false);
        assert!(
            text.starts_with("# Case file G-2026-001: R-E1 officer's grievance about a member"),
            "{text}"
        );
        assert!(text.contains("Robert Fenwick (RFO)"), "{text}");
        assert!(text.contains("Cllr Dan Price"), "{text}");
        assert!(text.contains("**Routed under:** R-E1 — CAV §5.1"), "{text}");
        assert!(text.contains("**Panel (R-E1.2):** Cllr Bob Marsh, Cllr Cat Hughes"));
        assert!(
            text.contains("upheld on 2026-11-09, by Cllr Bob Marsh"),
            "{text}"
        );
        assert!(
            text.contains("**Advise the Leader:** outstanding"),
            "{text}"
        );
        assert!(
            text.contains("Rule: R-E1.3 — ACAS Code of Practice"),
            "{text}"
        );
        assert!(text.contains("5. **2026-11-09 10:00** · decided · recorded by Clerk"));
    }

    #[test]
    fn redaction_replaces_every_name_with_a_role_consistently() {
        let fx = fixture();
        let (case, trail) = upheld(&fx);
        let text = render(&case, &trail, &fx.ctx(), true);
        for m in &fx.members {
            assert!(!text.contains(&m.name), "{} in\n{text}", m.name);
        }
        for o in &fx.officers {
            assert!(!text.contains(&o.name), "{} in\n{text}", o.name);
        }
        for word in ["Robert", "Cllr Price", "Jo Union"] {
            assert!(!text.contains(word), "{word} in\n{text}");
        }
        assert!(text.contains("**Raised by:** the officer"), "{text}");
        assert!(
            text.contains("**About:** the member complained about"),
            "{text}"
        );
        assert!(
            text.contains("**Panel (R-E1.2):** member A, member B"),
            "{text}"
        );
        assert!(text.contains("upheld on 2026-11-09, by member A"), "{text}");
        assert!(text.contains("**Handled by:** the Clerk\n"), "{text}");
        assert!(
            text.contains("the member complained about shouted at the officer in the office"),
            "{text}"
        );
        assert!(text.contains("the companion"), "{text}");
    }

    #[test]
    fn names_are_replaced_as_whole_words_only() {
        let fx = fixture();
        let (case, _) = upheld(&fx);
        let r = redactor_for_case(&case, &fx.ctx());
        assert_eq!(r.apply("Annex Leeds, Robertson"), "Annex Leeds, Robertson");
        assert_eq!(r.apply("Ann Leeds"), "member C Leeds");
        assert_eq!(r.apply("ann lee, Robert."), "member C, the officer.");
        // First names only as written: "bob" in lower case is a word.
        assert_eq!(r.apply("bob and Bob"), "bob and member A");
        assert_eq!(Redactor::none().apply("Ann Lee"), "Ann Lee");
        assert_eq!(
            r.apply("Handled by the Clerk (Clara Whitcombe (Clerk))."),
            "Handled by the Clerk."
        );
    }

    #[test]
    fn stored_text_cannot_inject_markdown_or_control_characters() {
        let fx = fixture();
        let (mut case, trail) = upheld(&fx);
        case.summary = "line one\n# heading\u{1b}[2J <script>x</script> [link](http://x)".into();
        let text = render(&case, &trail, &fx.ctx(), false);
        assert!(!text.contains('\u{1b}'));
        assert!(!text.contains("<script>"));
        assert!(text.contains("line one \\# heading"), "{text}");
        assert!(text.contains("\\[link\\](http://x)"), "{text}");
    }

    #[test]
    fn letters_run_past_z() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
    }
}
