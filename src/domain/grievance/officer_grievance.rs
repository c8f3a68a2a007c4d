//! R-E1 guards: who may sit on a panel (R-E1.2, R-E1.6, R-D1), who takes the Clerk's steps when a
//! grievance is upheld and when a step does not apply (R-E1.5, R-E1.7).

use super::triage::{is_clerk, stand_in};
use super::{Case, ConflictRegister, PersonRef, Step};
use crate::domain::council::Office;
use crate::domain::figures::Figure;
use crate::domain::ids::MemberId;
use crate::domain::profile::Role;
use crate::domain::rules::{FieldError, Refusal, Rejection};
use crate::domain::Context;

/// Members typed as references or names, separated by commas or semicolons: `M-001, Ann Lee`.
pub(super) fn parse_members(
    field: &'static str,
    raw: &str,
    ctx: &Context,
) -> Result<Vec<MemberId>, FieldError> {
    let mut ids = Vec::new();
    for part in raw
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let by_ref = part.parse::<MemberId>().ok();
        let member = ctx
            .members
            .iter()
            .find(|m| Some(m.id) == by_ref || m.name.eq_ignore_ascii_case(part))
            .ok_or_else(|| FieldError::new(field, format!("no member called '{part}'")))?;
        if !member.is_serving(ctx.today) {
            return Err(FieldError::new(
                field,
                format!("{} is not serving as a member", member.name),
            ));
        }
        if !ids.contains(&member.id) {
            ids.push(member.id);
        }
    }
    Ok(ids)
}

/// The conflict, if any, that bars `member` from a decision on this case (R-D1, LLTC §7.7).
pub(super) fn conflict_refusal(
    case: &Case,
    member: MemberId,
    ctx: &Context,
    register: &dyn ConflictRegister,
) -> Option<Refusal> {
    [&case.raised_by, &case.about]
        .into_iter()
        .find_map(|party| {
            register.conflict(member, party, ctx.today).map(|c| {
                Refusal::new(
                    "R-D1",
                    "LLTC §7.7",
                    format!(
                        "{} has declared a relationship with {} ({}: {}) and takes no part in a \
                     decision affecting them",
                        PersonRef::Member(member).name(ctx),
                        party.name(ctx),
                        c.reference,
                        c.description
                    ),
                )
            })
        })
}

/// R-E1.2, R-E1.7 and R-D1 for a panel; for an appeal panel also R-E1.6 (members who did not sit on
/// `first`, where the council has enough). Returns a note when an appeal panel had to overlap.
pub(super) fn check_panel(
    case: &Case,
    panel: &[MemberId],
    first: Option<&[MemberId]>,
    ctx: &Context,
    register: &dyn ConflictRegister,
) -> Result<Option<String>, Rejection> {
    for member in panel {
        let me = PersonRef::Member(*member);
        if me.same_as(&case.about) {
            return Err(Refusal::new(
                "R-E1.2",
                "TWY §4.2",
                format!(
                    "{} is the member complained about and cannot sit on the panel",
                    me.name(ctx)
                ),
            )
            .into());
        }
        if me.same_as(&case.raised_by) {
            return Err(Refusal::new(
                "R-E1.7",
                "CAV §5.1",
                format!(
                    "{} is a party to the case and cannot sit on the panel",
                    me.name(ctx)
                ),
            )
            .into());
        }
        if let Some(refusal) = conflict_refusal(case, *member, ctx, register) {
            return Err(refusal.into());
        }
    }
    let least = ctx.profile.deadlines.panel_minimum;
    if panel.len() < least as usize {
        let chairman = ctx.council.holder(Office::Chairman, ctx.today);
        let figure = ctx.profile.deadlines.wording(Figure::Panel);
        let reason = match (panel.first(), chairman) {
            (Some(only), Some(chair)) if *only == chair && panel.len() == 1 => {
                format!("the Chairman may never hear a grievance alone: the panel is {figure}")
            }
            _ => format!("a panel is {figure} (named: {})", panel.len()),
        };
        return Err(Refusal::new("R-E1.2", "TWY §4.2", reason).into());
    }
    let Some(first) = first else { return Ok(None) };
    let fresh = ctx
        .members
        .iter()
        .filter(|m| m.is_serving(ctx.today) && !first.contains(&m.id))
        .filter(|m| !PersonRef::Member(m.id).same_as(&case.about))
        .filter(|m| conflict_refusal(case, m.id, ctx, register).is_none())
        .count();
    let overlap: Vec<MemberId> = panel
        .iter()
        .copied()
        .filter(|m| first.contains(m))
        .collect();
    match (overlap.first(), fresh >= 2) {
        (None, _) => Ok(None),
        (Some(sat), true) => Err(Refusal::new(
            "R-E1.6",
            "ACAS Code of Practice",
            format!(
                "{} sat on the first panel; the appeal is heard by members who did not ({} are \
                 eligible)",
                PersonRef::Member(*sat).name(ctx),
                fresh
            ),
        )
        .into()),
        (Some(_), false) => Ok(Some(format!(
            "only {fresh} eligible member(s) did not sit on the first panel, so the appeal panel \
             includes members who did (R-E1.6)"
        ))),
    }
}

/// Who takes the Clerk's R-E1.5 steps: the Clerk, or where the Clerk is the complainant the
/// profile's named holder; where that person is a party, conflicted (R-D1) or not in post, the next
/// in the profile's chain of stand-ins (R-E1.7). Where everyone is excluded the refusal says so,
/// with the way out.
pub(super) fn step_holder(
    case: &Case,
    ctx: &Context,
    register: &dyn ConflictRegister,
) -> Result<PersonRef, Refusal> {
    let role = if is_clerk(&case.raised_by, ctx) {
        ctx.profile.clerk_complainant_holder
    } else {
        Role::Clerk
    };
    let (handler, notes) = stand_in(role, &case.raised_by, &case.about, ctx, register);
    handler
        .person
        .or_else(|| case.independent_person().cloned())
        .ok_or_else(|| {
            Refusal::new(
                "R-E1.7",
                "CAV §5.1",
                format!("nobody can take the Clerk's steps: {}", notes.join(" ")),
            )
        })
}

/// The reason a step does not apply, as the system derives it; `None` when it applies (R-E1.5).
pub fn derived_not_applicable(case: &Case, step: Step, ctx: &Context) -> Option<String> {
    let office = |o: Office| ctx.council.holder(o, ctx.today);
    let is_respondent = |m: MemberId| PersonRef::Member(m).same_as(&case.about);
    match step {
        Step::AdviseLeader => match office(Office::Leader) {
            None => Some("the council has no Leader".to_string()),
            Some(m) if is_respondent(m) => {
                Some("the Leader is the member complained about".to_string())
            }
            Some(_) => None,
        },
        Step::AdviseGroupLeader => {
            let PersonRef::Member(id) = case.about else {
                return Some("the case is not about a member".to_string());
            };
            let member = ctx.member(id)?;
            match member.group {
                None => Some(format!(
                    "{} is independent (no political group)",
                    member.name
                )),
                Some(g) => match ctx.council.group(g).and_then(|g| g.leader) {
                    None => Some(format!(
                        "the {} group has no leader recorded",
                        ctx.council.group_name(Some(g))
                    )),
                    Some(leader) if is_respondent(leader) => {
                        Some("the group leader is the member complained about".to_string())
                    }
                    Some(_) => None,
                },
            }
        }
        Step::ConsultChairman => match office(Office::Chairman) {
            None => Some("there is no Chairman in office".to_string()),
            Some(m) if is_respondent(m) => {
                Some("the Chairman is the member complained about".to_string())
            }
            Some(_) => None,
        },
        Step::ConsultViceChairman => match office(Office::ViceChairman) {
            None => Some("there is no Vice-Chairman in office".to_string()),
            Some(m) if is_respondent(m) => {
                Some("the Vice-Chairman is the member complained about".to_string())
            }
            Some(_) => None,
        },
    }
}
