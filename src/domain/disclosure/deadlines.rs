//! R-M3: a member's deadlines for notifying their interests, the term's and each change's.

use chrono::{Days, NaiveDate};

use super::machine::Disclosure;
use super::vocabulary::{DisclosureKind, NotifiedParty, MEETING_CLAUSE};
use crate::domain::dates;
use crate::domain::member::{self, Member};
use crate::domain::rules::Cite;

/// R-M3 / R-D2: 28 days beginning with the day the member became aware of a new interest or a
/// change, so that day is day 1 and the last day is 27 days later.
pub fn dpi_due_from_change(aware_on: NaiveDate) -> NaiveDate {
    aware_on + Days::new(27)
}

/// R-M3 (Localism Act 2011 s31(3)): an interest not yet registered that the member discloses at a
/// meeting is notified to the Monitoring Officer within 28 days. The Act counts those 28 days as
/// beginning with the date of the disclosure, the same wording as s30's "beginning with the day"
/// the member takes office, so the meeting is day 1 and the last day is 27 days later.
pub fn dpi_due_from_meeting(disclosed_on: NaiveDate) -> NaiveDate {
    disclosed_on + Days::new(27)
}

/// An R-M3 deadline for a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub due: NaiveDate,
    pub what: String,
    /// Missed: not met and past due, or met late. An offence under s30: show it loudly.
    pub overdue: bool,
    /// When it was met, if it has been.
    pub met_on: Option<NaiveDate>,
    pub cite: Cite,
}

impl Deadline {
    fn new(
        due: NaiveDate,
        what: String,
        met_on: Option<NaiveDate>,
        today: NaiveDate,
        cite: Cite,
    ) -> Self {
        let overdue = match met_on {
            Some(on) => on > due,
            None => today > due,
        };
        Deadline {
            due,
            what,
            overdue,
            met_on,
            cite,
        }
    }
}

/// R-M3: the member's deadlines, earliest first: the notification for the current term (unless the
/// term ended without one, as [`Member::dpi_status`] treats it), and 28 days from each registerable
/// interest the member became aware of after the term started, met by a notification to the
/// Monitoring Officer (who keeps the register). Interests known at the start of the term belong to
/// the term's notification.
pub fn member_dpi_deadlines(
    member: &Member,
    entries: &[Disclosure],
    today: NaiveDate,
) -> Vec<Deadline> {
    let mut out = Vec::new();
    if member.dpi_registered.is_some() || member.term_end.is_none() {
        out.push(Deadline::new(
            member::dpi_due(member.term_start),
            format!(
                "interests notified for the term from {}",
                dates::show(member.term_start)
            ),
            member.dpi_registered,
            today,
            Cite::new("R-M3", "Localism Act 2011 s30"),
        ));
    }
    for e in entries
        .iter()
        .filter(|e| e.member == member.id && e.kind.is_registerable_interest())
    {
        let aware = e.aware_on.unwrap_or(e.declared_on);
        let met = e
            .notifications
            .iter()
            .filter(|n| n.who == NotifiedParty::MemberToMonitoringOfficer)
            .map(|n| n.on)
            .min();
        let category = match e.kind.category() {
            "" => String::new(),
            c => format!(" ({c})"),
        };
        // s31(2)–(3): the first disclosure at a meeting of an interest not registered by then
        // (later ones find the notification already pending).
        let meeting = e
            .notifications
            .iter()
            .filter(|n| n.who == NotifiedParty::MemberAtMeeting)
            .map(|n| n.on)
            .min();
        if let Some(meeting) = meeting {
            let registered_before = met.is_some_and(|on| on <= meeting)
                || (aware <= member.term_start
                    && member.dpi_registered.is_some_and(|on| on <= meeting));
            if !registered_before {
                out.push(Deadline::new(
                    dpi_due_from_meeting(meeting),
                    format!(
                        "{} {}{category} notified to the Monitoring Officer (disclosed at a \
                         meeting on {})",
                        e.reference(),
                        e.kind.label(),
                        dates::show(meeting)
                    ),
                    met,
                    today,
                    Cite::new("R-M3", MEETING_CLAUSE),
                ));
            }
        }
        if aware <= member.term_start {
            continue;
        }
        let cite = match e.kind {
            DisclosureKind::PecuniaryInterest(_) => Cite::new("R-M3", "Localism Act 2011 s30"),
            _ => e.kind.cite(),
        };
        out.push(Deadline::new(
            dpi_due_from_change(aware),
            format!(
                "{} {}{category} notified to the Monitoring Officer (aware {})",
                e.reference(),
                e.kind.label(),
                dates::show(aware)
            ),
            met,
            today,
            cite,
        ));
    }
    out.sort_by_key(|d| d.due);
    out
}
