//! Test fixtures for the domain: a council and a context on a chosen day.

use chrono::NaiveDate;

use super::calendar::Calendars;
use super::council::Council;
use super::member::Member;
use super::officer::Officer;
use super::profile::{Deadlines, GroupMeetingPolicy, GroupReportPolicy, Profile, Role, Routing};
use super::Context;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A Banbury-model profile written out in full, so domain tests do not depend on the asset files.
pub fn banbury_profile() -> Profile {
    Profile {
        id: "banbury".into(),
        name: "Banbury model".into(),
        sources: vec!["CAV".into(), "WEN".into()],
        summary: "test".into(),
        member_concern: Routing {
            handlers: vec![Role::Clerk],
            clause: "CAV §5.2".into(),
            first_step: None,
        },
        member_concern_about_clerk: Routing {
            handlers: vec![Role::StaffingChair],
            clause: "CAV §5.2".into(),
            first_step: None,
        },
        officer_grievance: Routing {
            handlers: vec![Role::Clerk],
            clause: "CAV §5.1".into(),
            first_step: None,
        },
        clerk_complainant_holder: Role::StaffingChair,
        stand_ins: vec![Role::StaffingChair, Role::ViceChairman, Role::Chairman],
        group_meetings: GroupMeetingPolicy::ClerkMayAttend,
        group_meetings_clause: "CAV §4.3".into(),
        group_reports: GroupReportPolicy::OtherGroupsTold,
        group_reports_clause: "CAV §4.2".into(),
        advice_kept_private: false,
        office_holders_may_instruct: None,
        ward_copies: None,
        recruitment: None,
        model_steps: Default::default(),
        deadlines: Deadlines {
            hearing_working_days: 5,
            appeal_working_days: 10,
            enquiry_working_days: 10,
            complaint_working_days: 10,
            foi_working_days: 20,
            protocol_briefing_working_days: 5,
            panel_minimum: 2,
            council_figures: Default::default(),
        },
        // The model's own clauses, as shipped: a Banbury council cites CAV, never TWY.
        clauses: crate::assets::profile("banbury")
            .expect("the Banbury profile ships")
            .clauses,
    }
}

pub struct Fixture {
    pub today: NaiveDate,
    pub council: Council,
    pub profile: Profile,
    pub calendars: Calendars,
    pub members: Vec<Member>,
    pub officers: Vec<Officer>,
}

impl Fixture {
    pub fn new(today: NaiveDate) -> Self {
        Fixture {
            today,
            council: Council::new("Testcombe", "parish", "banbury", &["banbury"]).unwrap(),
            profile: banbury_profile(),
            calendars: Calendars::default(),
            members: Vec::new(),
            officers: Vec::new(),
        }
    }

    pub fn ctx(&self) -> Context<'_> {
        Context::new(
            self.today,
            &self.council,
            &self.profile,
            &self.calendars,
            &self.members,
            &self.officers,
        )
    }
}
