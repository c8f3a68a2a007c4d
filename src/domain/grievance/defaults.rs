//! Who is offered as taking a step, before the clerk says otherwise: one answer for the screen's
//! form and the command line's `--as-person` default.

use super::triage::clerk;
use super::{Case, CaseActionKind, CaseState, GrievanceState, PersonRef};
use crate::domain::Context;

impl Case {
    /// A decision is recorded by the panel that decides it: on appeal the appeal panel (R-E1.6),
    /// otherwise the first panel (R-E1.2). Any other step by the case's handler, or the Clerk.
    pub fn default_actor(&self, kind: CaseActionKind, ctx: &Context) -> Option<PersonRef> {
        let panel = match (kind, self.state) {
            (
                CaseActionKind::Decide,
                CaseState::Grievance(GrievanceState::AppealPanelAppointed),
            ) => self.appeal.as_ref().and_then(|a| a.panel.first().copied()),
            (CaseActionKind::Decide, _) => self.panel.first().copied(),
            _ => None,
        };
        panel
            .map(PersonRef::Member)
            .or_else(|| self.handlers.iter().find_map(|h| h.person.clone()))
            .or_else(|| clerk(ctx))
    }
}
