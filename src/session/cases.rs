//! Grievances, concerns and breaches (R-E1, R-E2, R-E3): triage, opening (with a breach logged
//! alongside), and each step through the case's state machine.

use chrono::NaiveDate;

use super::{Result, Session, SessionError};
use crate::assets;
use crate::domain::audit::{diff, Subject};
use crate::domain::disclosure::Register;
use crate::domain::grievance::{
    self, Case, CaseAction, CaseActionKind, CaseEvent, CaseInput, Conflict, ConflictRegister,
    NoDisclosures, Path as CasePath, PersonRef, Proposal,
};
use crate::domain::ids::MemberId;
use crate::domain::machine::{ActionKind, Machine, Values};
use crate::domain::rules::Rejection;
use crate::domain::{Among, Context, Found};
use crate::store::Write;

/// The disclosure register, as the grievance machines ask it (R-D1): a member with a declared
/// relationship to an officer sits on no panel and takes no decision about that officer.
pub struct Disclosed<'a>(pub Register<'a>);

impl ConflictRegister for Disclosed<'_> {
    fn conflict(&self, member: MemberId, with: &PersonRef, on: NaiveDate) -> Option<Conflict> {
        let PersonRef::Officer(officer) = with else {
            return None;
        };
        self.0
            .conflicts(member, *officer, on)
            .first()
            .map(|d| Conflict {
                reference: d.reference(),
                description: d.conflict_summary(),
            })
    }
}

/// Grievances, concerns and breaches (R-E1, R-E2, R-E3).
impl Session {
    pub fn case_subject(reference: &str) -> Subject {
        Subject(format!("case {reference}"))
    }

    /// The disclosure register the grievance machines consult (R-D1).
    pub fn conflicts(&self) -> Disclosed<'_> {
        Disclosed(Register::new(&self.disclosures))
    }

    pub fn case(&self, reference: &str) -> Result<&Case> {
        let wanted = reference.trim();
        self.case_at(wanted)
            .map(|i| &self.cases[i])
            .ok_or_else(|| SessionError::NotFound {
                what: "case",
                reference: wanted.to_string(),
            })
    }

    /// Where the case `reference` (any letter case) is in [`Session::cases`]. The list is kept in
    /// reference order (as the store keys it, and as every change here leaves it), so this is a
    /// binary search, not a walk of 100,000 cases on every step; a reference not found that way
    /// (lower-case letters stored, or a list put out of order) is looked for one by one.
    fn case_at(&self, reference: &str) -> Option<usize> {
        let upper = reference.to_ascii_uppercase();
        self.cases
            .binary_search_by(|c| c.reference.as_str().cmp(upper.as_str()))
            .ok()
            .or_else(|| {
                self.cases
                    .iter()
                    .position(|c| c.reference.eq_ignore_ascii_case(reference))
            })
    }

    /// Puts `case` in [`Session::cases`] at its place in reference order.
    fn keep_case(&mut self, case: Case) {
        match self.case_at(&case.reference) {
            Some(i) => self.cases[i] = case,
            None => {
                let at = self.cases.partition_point(|c| c.reference < case.reference);
                self.cases.insert(at, case);
            }
        }
    }

    /// The next free reference in the year of `on` (`G-2026-008` after `G-2026-007`).
    /// A case step from named values, as both faces build it (the case machine's builder): a
    /// breach turned into a case (R-E3) gives the new case the next reference of the year it is
    /// turned in, the `on` value's, else today's.
    pub fn case_step(&self, kind: CaseActionKind, values: &Values) -> CaseAction {
        let on = crate::domain::dates::parse_date("on", &values.get("on")).unwrap_or(self.today);
        CaseAction::from_named(
            kind,
            |name| values.get(name),
            self.next_case_reference(on, 0),
        )
    }

    pub fn next_case_reference(&self, on: NaiveDate, skip: u32) -> String {
        let year = chrono::Datelike::year(&on);
        let prefix = format!("G-{year}-");
        let last = self
            .cases
            .iter()
            .filter_map(|c| c.reference.strip_prefix(&prefix)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        grievance::reference(year, last + 1 + skip)
    }

    /// Proposes a path and handler for a concern as the council's profile says (R-E1, R-E2, R-E3).
    pub fn triage(
        &self,
        raised_by: &PersonRef,
        about: &PersonRef,
        channel: grievance::Channel,
    ) -> Result<Proposal> {
        let ctx = self.require_ctx()?;
        Ok(grievance::triage(
            raised_by,
            about,
            channel,
            &ctx,
            &self.conflicts(),
        ))
    }

    /// Opens a case on the chosen path; a concern raised at a public meeting also logs its R-E3
    /// breach, linked both ways (R-E2.2). Everything lands in one transaction.
    pub fn open_case(
        &mut self,
        input: &CaseInput,
        proposal: &Proposal,
        chosen: CasePath,
        reason: &str,
    ) -> Result<Vec<Case>> {
        let ctx = self.require_ctx()?;
        let on = crate::domain::dates::parse_date("date", &input.raised_on).unwrap_or(self.today);
        let case = Case::open(
            self.next_case_reference(on, 0),
            input,
            proposal,
            chosen,
            reason,
            &ctx,
            &self.conflicts(),
        )?;
        let mut opened = vec![case.clone()];
        if let Some((linked, breach)) =
            case.log_also_breach(self.next_case_reference(on, 1), &ctx, &self.conflicts())
        {
            opened = vec![linked, breach];
        }
        let mut writes = Vec::new();
        let mut events = Vec::new();
        for (i, c) in opened.iter().enumerate() {
            writes.push(Write::put(c));
            // The breach says which case it was logged alongside (R-E2.2).
            let action = if i == 0 {
                "opened".to_string()
            } else {
                format!("breach logged alongside {}", opened[0].reference)
            };
            let mut e = self.draft(Self::case_subject(&c.reference), &action);
            e.changes = diff(&[], &c.fields(&ctx));
            e.cite = Some(c.route_cite.clone());
            e.note = match (i, &c.choice_reason) {
                (0, Some(why)) => Some(format!(
                    "path chosen instead of the proposal ({}): {why}",
                    proposal.path.label()
                )),
                (0, None) => Some(format!("proposed path accepted: {}", proposal.explanation)),
                _ => Some(format!("logged with {}", opened[0].reference)),
            };
            events.push(e);
        }
        self.commit(writes, events)?;
        self.cases.extend(opened.iter().cloned());
        self.cases.sort_by(|a, b| a.reference.cmp(&b.reference));
        Ok(opened)
    }

    /// Who acts by default on a case other than for a decision: see [`Session::actor_for`].
    pub fn default_actor(&self, case: &Case) -> PersonRef {
        self.actor_for(case, CaseActionKind::Close)
    }

    /// Who takes `kind` unless the clerk says otherwise: the domain decides (`Case::default_actor`,
    /// never a party or a conflicted person, R-E1.7); with nobody it allows, whoever is using
    /// clerkdesk, and the step's own check then says why.
    pub fn actor_for(&self, case: &Case, kind: CaseActionKind) -> PersonRef {
        self.ctx()
            .and_then(|ctx| case.default_actor(kind, &ctx, &self.conflicts()))
            .unwrap_or_else(|| PersonRef::Other(self.actor.clone()))
    }

    /// One step on a case, through its state machine; a spawned case (R-E3 turned into R-E1/R-E2)
    /// is written in the same transaction.
    pub fn case_action(
        &mut self,
        reference: &str,
        action: CaseAction,
        actor: &PersonRef,
    ) -> Result<CaseEvent> {
        let ctx = self.require_ctx()?;
        let before = self.case(reference)?;
        let register = self.conflicts();
        let kind = action.kind();
        let step = ctx.acting(actor).with_conflicts(&register);
        let mut event = self.decided(before.apply(action, &step))?;
        // R-O4: a formal stage opened with no adopted procedure is warned about, not refused.
        event.warning = crate::domain::documents::formal_stage_warning(
            before.path,
            kind,
            event.case.concern_route,
            &self.documents,
            ctx.profile,
        );
        let mut draft = self.draft(Self::case_subject(&before.reference), event.action);
        draft.changes = diff(&before.fields(&ctx), &event.case.fields(&ctx));
        let by = actor.name(&ctx);
        let note = [event.note.as_deref(), event.warning.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ");
        draft.note = Some(if note.is_empty() {
            format!("by {by}")
        } else {
            format!("by {by}: {note}")
        });
        draft.cite = event.cite.clone();
        let mut writes = vec![Write::put(&event.case)];
        let mut events = vec![draft];
        if let Some(spawned) = &event.spawned {
            writes.push(Write::put(spawned));
            let mut e = self.draft(
                Self::case_subject(&spawned.reference),
                "opened from a breach",
            );
            e.changes = diff(&[], &spawned.fields(&ctx));
            e.cite = Some(spawned.route_cite.clone());
            e.note = Some(format!("turned from {}", before.reference));
            events.push(e);
        }
        self.commit(writes, events)?;
        self.keep_case(event.case.clone());
        if let Some(spawned) = &event.spawned {
            self.keep_case(spawned.clone());
        }
        Ok(event)
    }
}

/// The audit lines a demo case carries: (action, note, rule, who took the step).
type DemoTrail = Vec<(
    String,
    Option<String>,
    Option<crate::domain::rules::Cite>,
    Option<String>,
)>;

/// Builds the demo's cases through triage and the state machines, step by step, as a clerk would.
pub(super) fn demo_cases(
    demo: &[assets::DemoCase],
    ctx: &Context,
) -> std::result::Result<Vec<(Case, DemoTrail)>, Rejection> {
    let today = ctx.today;
    let person = |name: &str| -> std::result::Result<PersonRef, Rejection> {
        match ctx.find_known_person("demo case", name, Among::Anyone)? {
            Found::Member(id) => Ok(PersonRef::Member(id)),
            Found::Officer(id) => Ok(PersonRef::Officer(id)),
        }
    };
    let year_counts = |cases: &Vec<(Case, DemoTrail)>, year: i32| {
        cases
            .iter()
            .filter(|(c, _)| c.reference.starts_with(&format!("G-{year}-")))
            .count() as u32
    };
    let mut out: Vec<(Case, DemoTrail)> = Vec::new();
    for d in demo {
        let input = CaseInput {
            raised_by: person(&d.raised_by)?,
            about: person(&d.about)?,
            channel: grievance::Channel::parse("how", &d.how)?,
            raised_on: assets::demo_date(&d.raised_on, today),
            summary: d.summary.clone(),
            confidential: d.confidential,
        };
        let on = crate::domain::dates::parse_date("raised on", &input.raised_on)?;
        let year = chrono::Datelike::year(&on);
        let proposal = grievance::triage(
            &input.raised_by,
            &input.about,
            input.channel,
            ctx,
            &NoDisclosures,
        );
        let reference = grievance::reference(year, year_counts(&out, year) + 1);
        let mut case = Case::open(
            reference,
            &input,
            &proposal,
            proposal.path,
            "",
            ctx,
            &NoDisclosures,
        )?;
        let mut trail: DemoTrail = vec![(
            "opened".into(),
            Some(proposal.explanation.clone()),
            Some(case.route_cite.clone()),
            None,
        )];
        if let Some((linked, breach)) = case.log_also_breach(
            grievance::reference(year, year_counts(&out, year) + 2),
            ctx,
            &NoDisclosures,
        ) {
            case = linked;
            let alongside = format!("breach logged alongside {}", case.reference);
            out.push((breach, vec![(alongside, None, None, None)]));
        }
        for step in &d.step {
            let kind = grievance::CaseActionKind::from_name(&step.action)?;
            let get = |k: &str| {
                step.fields
                    .get(k)
                    .map(|v| assets::demo_date(v, today))
                    .unwrap_or_default()
            };
            let action = CaseAction::from_named(kind, get, String::new());
            let event = case.apply(action, &ctx.acting(&person(&step.actor)?))?;
            trail.push((
                event.action.to_string(),
                event.note.clone(),
                event.cite.clone(),
                Some(step.actor.clone()),
            ));
            case = event.case;
        }
        out.push((case, trail));
    }
    Ok(out)
}
