//! The council's own documents (R-O4): one record, set as a whole, every change in the audit trail.

use super::{Result, Session};
use crate::domain::audit::diff;
use crate::domain::dates;
use crate::domain::documents::{self, Adoption, CouncilDocuments, DocumentsInput};
use crate::domain::rules::Cite;

impl Session {
    /// Records the protocol's adoption and review date and the procedures the council adopted.
    pub fn set_documents(&mut self, input: &DocumentsInput) -> Result<&CouncilDocuments> {
        self.require_ctx()?;
        let next = self.documents.with(input, self.today, &self.profile)?;
        let cite = self
            .profile
            .localise(Cite::new(documents::RULE, documents::REVIEW_CLAUSE));
        self.save(
            &next,
            Self::council_subject(),
            "council documents",
            diff(&fields(&self.documents), &fields(&next)),
            None,
            Some(cite),
        )?;
        self.documents = next;
        Ok(&self.documents)
    }
}

pub(super) fn fields(d: &CouncilDocuments) -> Vec<(&'static str, String)> {
    let on = |a: &Option<Adoption>| a.as_ref().map(|a| dates::show(a.on)).unwrap_or_default();
    let minute = |a: &Option<Adoption>| a.as_ref().map(|a| a.minute.clone()).unwrap_or_default();
    vec![
        ("protocol adopted", on(&d.protocol)),
        ("protocol minute", minute(&d.protocol)),
        (
            "review by",
            d.review_by.map(dates::show).unwrap_or_default(),
        ),
        ("grievance procedure", on(&d.grievance_procedure)),
        ("grievance minute", minute(&d.grievance_procedure)),
        ("disciplinary procedure", on(&d.disciplinary_procedure)),
        ("disciplinary minute", minute(&d.disciplinary_procedure)),
    ]
}
