//! Who is offered as taking a step, before the clerk says otherwise: one answer for the screen's
//! form and the command line's `--as-person` default.

use super::officer_grievance::step_holder;
use super::triage::{self, clerk};
use super::{Case, CaseActionKind, CaseState, ConflictRegister, GrievanceState, PersonRef};
use crate::domain::Context;

impl Case {
    /// Who takes `kind` by default. A decision is recorded by the panel that decides it: on appeal
    /// the appeal panel (R-E1.6), otherwise the first panel (R-E1.2). In an upheld grievance the
    /// Clerk's steps' taker (R-E1.5); otherwise the first handler, then the Clerk. Never a party or
    /// a conflicted person (R-E1.7): `None` where nobody may, and the council then appoints an
    /// independent person.
    pub fn default_actor(
        &self,
        kind: CaseActionKind,
        ctx: &Context,
        register: &dyn ConflictRegister,
    ) -> Option<PersonRef> {
        let eligible = |p: &PersonRef| {
            triage::exclusion(p, &self.raised_by, &self.about, ctx, register).is_none()
        };
        let panel = match (kind, self.state) {
            (
                CaseActionKind::Decide,
                CaseState::Grievance(GrievanceState::AppealPanelAppointed),
            ) => self.appeal.as_ref().map(|a| a.panel.clone()),
            (CaseActionKind::Decide, _) => Some(self.panel.clone()),
            _ => None,
        };
        if let Some(first) = panel
            .unwrap_or_default()
            .into_iter()
            .map(PersonRef::Member)
            .find(|p| eligible(p))
        {
            return Some(first);
        }
        if self.state == CaseState::Grievance(GrievanceState::Upheld) {
            return step_holder(self, ctx, register).ok();
        }
        if matches!(self.state, CaseState::Breach(_)) {
            return self.breach_reviewers(ctx, register).into_iter().next();
        }
        self.handlers
            .iter()
            .filter_map(|h| h.person.clone())
            .chain(clerk(ctx))
            .find(|p| eligible(p))
    }
}
