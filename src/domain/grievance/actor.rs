//! Who takes a step on a case unless the clerk says otherwise: one decision for every face.

use super::{Case, CaseActionKind, CaseState, GrievanceState, PersonRef};
use crate::domain::officer::Post;
use crate::domain::Context;

impl Case {
    /// The person a step is taken by by default. A decision is the panel's, recorded by its first
    /// member; on appeal that is the appeal panel's first member (R-E1.6: the appeal is heard by
    /// members not involved in the first decision). Any other step is the case's first handler
    /// with someone in post, else the Clerk in post. `None` when there is nobody to name (the
    /// face then names the person at the keyboard).
    pub fn default_actor(&self, kind: CaseActionKind, ctx: &Context) -> Option<PersonRef> {
        if kind == CaseActionKind::Decide {
            let panel = match self.state {
                CaseState::Grievance(GrievanceState::AppealPanelAppointed) => {
                    self.appeal.as_ref().and_then(|a| a.panel.first().copied())
                }
                _ => self.panel.first().copied(),
            };
            if let Some(member) = panel {
                return Some(PersonRef::Member(member));
            }
        }
        self.handling_person(ctx)
    }

    /// Who handles the case now: its first handler with someone in post, else the Clerk in post.
    pub fn handling_person(&self, ctx: &Context) -> Option<PersonRef> {
        self.handlers
            .iter()
            .find_map(|h| h.person.clone())
            .or_else(|| {
                ctx.officers
                    .iter()
                    .find(|o| o.post == Post::Clerk && o.left.is_none())
                    .map(|o| PersonRef::Officer(o.id))
            })
    }
}
