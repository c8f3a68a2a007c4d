//! Reports for political groups (R-G1, R-G2), officers at group meetings (R-G3, R-G4), and
//! members' requests for information (R-I1 to R-I5), with the R-D3 interest a request declares.

use super::{Result, Session, SessionError};
use crate::domain::audit::{diff, AuditEvent, Subject};
use crate::domain::dates;
use crate::domain::disclosure::{Disclosure, DisclosureInput};
use crate::domain::requests::{
    AttendanceAction, AttendanceEvent, GroupAttendance, GroupAttendanceInput, GroupReport,
    GroupReportInput, InfoAction, InfoEvent, InfoRequest, InfoRequestInput, ReportAction,
    ReportEvent, Viewer,
};
use crate::store::Write;

impl Session {
    pub fn report_subject(id: u32) -> Subject {
        Subject(format!("report GR-{id}"))
    }

    pub fn attendance_subject(id: u32) -> Subject {
        Subject(format!("attendance GA-{id}"))
    }

    pub fn info_subject(reference: &str) -> Subject {
        Subject(format!("request {reference}"))
    }

    /// R-I4: the audit subjects of advice kept private (requests kept from other members, reports
    /// confidential to a group).
    fn private_subjects(&self) -> Vec<Subject> {
        let requests = self
            .info_requests
            .iter()
            .filter(|r| r.is_private())
            .map(|r| Self::info_subject(&r.reference));
        let reports = self
            .reports
            .iter()
            .filter(|r| r.is_private())
            .map(|r| Self::report_subject(r.id));
        requests.chain(reports).collect()
    }

    /// R-I4: the whole audit trail as anyone but the Clerk may see it (a whole-council export):
    /// the steps on private advice stay, their values and notes are held back.
    pub fn audit_for_others(&self) -> Result<Vec<AuditEvent>> {
        let private = self.private_subjects();
        Ok(self
            .audit()?
            .iter()
            .map(|e| match private.contains(&e.subject) {
                true => crate::domain::requests::redacted_event(e),
                false => e.clone(),
            })
            .collect())
    }

    /// R-I4: the information requests as `viewer` may see them, in stored order.
    pub fn info_requests_for(&self, viewer: Viewer) -> Vec<InfoRequest> {
        self.info_requests
            .iter()
            .filter_map(|r| r.seen_by(viewer))
            .collect()
    }

    /// R-I4: the group reports as `viewer` may see them (a confidential one's subject held back).
    pub fn reports_for(&self, viewer: Viewer) -> Result<Vec<GroupReport>> {
        let ctx = self.require_ctx()?;
        Ok(self
            .reports
            .iter()
            .filter_map(|r| r.seen_by(viewer, &ctx))
            .collect())
    }

    /// `GR-3`, `gr3` or `3`.
    pub fn report(&self, reference: &str) -> Result<&GroupReport> {
        Self::find_numbered(&self.reports, |r| r.id, "GR", "group report", reference)
    }

    /// `GA-3`, `ga3` or `3`.
    pub fn attendance(&self, reference: &str) -> Result<&GroupAttendance> {
        Self::find_numbered(
            &self.attendances,
            |a| a.id,
            "GA",
            "group meeting",
            reference,
        )
    }

    /// `RQ-2026-004` (or its id).
    pub fn info_request(&self, reference: &str) -> Result<&InfoRequest> {
        let raw = reference.trim();
        self.info_requests
            .iter()
            .find(|r| {
                r.reference.eq_ignore_ascii_case(raw) || raw.parse::<u32>().ok() == Some(r.id)
            })
            .ok_or_else(|| SessionError::NotFound {
                what: "request",
                reference: raw.to_string(),
            })
    }

    pub fn add_report(&mut self, input: &GroupReportInput) -> Result<GroupReport> {
        let ctx = self.require_ctx()?;
        let id = self.reports.iter().map(|r| r.id).max().unwrap_or(0) + 1;
        let report = self.decided(GroupReport::create(id, input, &ctx))?;
        let changes = diff(&[], &report.fields(&ctx));
        self.save(
            &report,
            Self::report_subject(id),
            "requested",
            changes,
            None,
            None,
        )?;
        self.reports.push(report.clone());
        Ok(report)
    }

    pub fn report_action(&mut self, id: u32, action: ReportAction) -> Result<ReportEvent> {
        let ctx = self.require_ctx()?;
        let before = self.report(&id.to_string())?;
        let mut event = self.decide(before, action)?;
        // What the faces print after the step cites as the audit trail does.
        event.cite = self.cite(event.cite);
        let changes = diff(&before.fields(&ctx), &event.report.fields(&ctx));
        self.save(
            &event.report,
            Self::report_subject(id),
            event.action,
            changes,
            event.note.clone(),
            event.cite.clone(),
        )?;
        if let Some(slot) = self.reports.iter_mut().find(|r| r.id == id) {
            *slot = event.report.clone();
        }
        Ok(event)
    }

    pub fn add_attendance(&mut self, input: &GroupAttendanceInput) -> Result<GroupAttendance> {
        let ctx = self.require_ctx()?;
        let id = self.attendances.iter().map(|a| a.id).max().unwrap_or(0) + 1;
        let attendance = self.decided(GroupAttendance::create(id, input, &ctx))?;
        let changes = diff(&[], &attendance.fields(&ctx));
        self.save(
            &attendance,
            Self::attendance_subject(id),
            "requested",
            changes,
            None,
            None,
        )?;
        self.attendances.push(attendance.clone());
        Ok(attendance)
    }

    pub fn attendance_action(
        &mut self,
        id: u32,
        action: AttendanceAction,
    ) -> Result<AttendanceEvent> {
        let ctx = self.require_ctx()?;
        let before = self.attendance(&id.to_string())?;
        let mut event = self.decide(before, action)?;
        // What the faces print after the step cites as the audit trail does.
        event.cite = self.cite(event.cite);
        let changes = diff(&before.fields(&ctx), &event.attendance.fields(&ctx));
        self.save(
            &event.attendance,
            Self::attendance_subject(id),
            event.action,
            changes,
            event.note.clone(),
            event.cite.clone(),
        )?;
        if let Some(slot) = self.attendances.iter_mut().find(|a| a.id == id) {
            *slot = event.attendance.clone();
        }
        Ok(event)
    }

    /// Logs a request. An interest the member declares with it (R-D3) becomes a disclosure entry,
    /// linked by the request's reference, in the same transaction.
    pub fn add_info_request(
        &mut self,
        input: &InfoRequestInput,
    ) -> Result<(InfoRequest, Option<Disclosure>)> {
        let ctx = self.require_ctx()?;
        let id = self.info_requests.iter().map(|r| r.id).max().unwrap_or(0) + 1;
        let request = self.decided(InfoRequest::create(id, input, &ctx))?;
        let mut writes = vec![Write::put(&request)];
        let mut draft = self.draft(Self::info_subject(&request.reference), "received");
        draft.changes = diff(&[], &request.fields(&ctx));
        let mut events = vec![draft];
        let interest = match request.disclosure_needed() {
            Some(interest) => {
                let disclosure_input = DisclosureInput {
                    kind: "request".into(),
                    member: request.member.to_string(),
                    description: interest.to_string(),
                    declared_by: "member".into(),
                    declared_on: dates::show(request.received_on),
                    request_ref: request.reference.clone(),
                    ..Default::default()
                };
                let disclosure_id = self.disclosures.iter().map(|d| d.id).max().unwrap_or(0) + 1;
                let entry = self.decided(Disclosure::create(
                    disclosure_id,
                    &disclosure_input,
                    &self.disclosures,
                    &ctx,
                ))?;
                writes.push(Write::put(&entry));
                let mut e = self.draft(
                    Self::disclosure_subject(disclosure_id),
                    "declared with a request",
                );
                e.changes = diff(&[], &entry.fields(&ctx));
                e.cite = Some(entry.kind.cite());
                e.note = Some(format!("declared with {}", request.reference));
                events.push(e);
                Some(entry)
            }
            None => None,
        };
        self.commit(writes, events)?;
        self.info_requests.push(request.clone());
        if let Some(entry) = &interest {
            self.disclosures.push(entry.clone());
        }
        Ok((request, interest))
    }

    pub fn info_action(&mut self, id: u32, action: InfoAction) -> Result<InfoEvent> {
        let ctx = self.require_ctx()?;
        let before = self.info_request(&id.to_string())?;
        let mut event = self.decide(before, action)?;
        // What the faces print after the step cites as the audit trail does.
        event.cite = self.cite(event.cite);
        let changes = diff(&before.fields(&ctx), &event.request.fields(&ctx));
        let subject = Self::info_subject(&before.reference);
        self.save(
            &event.request,
            subject,
            event.action,
            changes,
            event.note.clone(),
            event.cite.clone(),
        )?;
        if let Some(slot) = self.info_requests.iter_mut().find(|r| r.id == id) {
            *slot = event.request.clone();
        }
        Ok(event)
    }
}
