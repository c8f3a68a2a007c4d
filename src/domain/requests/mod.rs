//! The Requests tab: what members and political groups ask of the Clerk.
//!
//! - [`GroupReport`]: a report prepared for one political group (R-G1, R-G2, R-G4).
//! - [`GroupAttendance`]: a group's invitation to the Clerk to attend its meeting (R-G3, R-G4).
//! - [`InfoRequest`]: a member's request for information (R-I1..R-I5).
//!
//! Each is a state machine in the house style of [`crate::domain::member`]: a state, an action kind
//! with `ALL`/`key()`/`label()`, actions carrying what the clerk typed, `available()` (what the key bar
//! shows) and `apply()` (do it, or refuse with the rule and the clause; nothing changes on a refusal).
//! Which rules apply comes from the council's protocol profile, read when the record is created.

mod attendance;
mod info;
mod privacy;
mod report;
pub mod spec;

pub use attendance::{
    Agreement, AttendanceAction, AttendanceActionKind, AttendanceDecision, AttendanceEvent,
    AttendanceState, GroupAttendance, GroupAttendanceInput,
};
pub use info::{
    reference, Basis, InfoAction, InfoActionKind, InfoEvent, InfoOutcome, InfoRequest,
    InfoRequestInput, InfoState,
};
pub use privacy::{redacted_event, Viewer, KEPT_PRIVATE};
pub use report::{
    GroupReport, GroupReportInput, ReportAction, ReportActionKind, ReportEvent, ReportState,
    FACTS_AVAILABLE,
};

use chrono::NaiveDate;

use super::council::{Council, Group};
use super::dates;
use super::ids::GroupId;
use super::rules::{FieldError, Refusal, Rejection};
use super::Context;

/// A date the clerk typed for something that has happened: parsed, and not after today.
fn past_date(field: &'static str, raw: &str, ctx: &Context) -> Result<NaiveDate, FieldError> {
    let day = dates::parse_date(field, raw)?;
    if day > ctx.today {
        return Err(FieldError::new(
            field,
            format!("{} is in the future", dates::show(day)),
        ));
    }
    Ok(day)
}

/// A past date that must not come before an earlier step of the same record.
fn past_date_after(
    field: &'static str,
    raw: &str,
    earliest: NaiveDate,
    what: &str,
    ctx: &Context,
) -> Result<NaiveDate, FieldError> {
    let day = past_date(field, raw, ctx)?;
    if day < earliest {
        return Err(FieldError::new(
            field,
            format!(
                "{} is before {what} ({})",
                dates::show(day),
                dates::show(earliest)
            ),
        ));
    }
    Ok(day)
}

/// A political group of the council, by name or reference. Independent members are no group.
fn political_group(field: &'static str, raw: &str, ctx: &Context) -> Result<GroupId, FieldError> {
    match ctx.council.group_by_name(field, raw)? {
        Some(id) => Ok(id),
        None => Err(FieldError::new(
            field,
            "name one of the council's political groups",
        )),
    }
}

/// `yes`/`no` as typed; empty means no.
fn yes_no(field: &'static str, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "" | "n" | "no" | "false" => Ok(false),
        "y" | "yes" | "true" => Ok(true),
        other => Err(FieldError::new(
            field,
            format!("'{other}' is not yes or no"),
        )),
    }
}

/// Every group of the council other than `requesting` that is not yet recorded as told, in the
/// council's order.
pub fn untold<'c>(
    council: &'c Council,
    requesting: GroupId,
    told: &[(GroupId, NaiveDate)],
) -> Vec<&'c Group> {
    council
        .groups
        .iter()
        .filter(|g| g.id != requesting && !told.iter().any(|(t, _)| *t == g.id))
        .collect()
}

fn group_names(groups: &[&Group]) -> String {
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    names.join(", ")
}

/// Checks one "other group told" entry: a real group, not the requesting group, not told before,
/// on a past date no earlier than `earliest`.
#[allow(clippy::too_many_arguments)]
fn check_tell(
    requesting: GroupId,
    told: &[(GroupId, NaiveDate)],
    raw_group: &str,
    raw_on: &str,
    earliest: NaiveDate,
    earliest_what: &str,
    cite: (&str, &str),
    ctx: &Context,
) -> Result<(GroupId, NaiveDate), Rejection> {
    let group = political_group("group told", raw_group, ctx)?;
    let on = past_date_after("told on", raw_on, earliest, earliest_what, ctx)?;
    if group == requesting {
        return Err(Refusal::new(
            cite.0,
            cite.1,
            format!(
                "the {} group is the group concerned; only the other groups are told",
                ctx.council.group_name(Some(group))
            ),
        )
        .into());
    }
    if let Some((_, when)) = told.iter().find(|(g, _)| *g == group) {
        return Err(FieldError::new(
            "group told",
            format!(
                "the {} group is already recorded as told on {}",
                ctx.council.group_name(Some(group)),
                dates::show(*when)
            ),
        )
        .into());
    }
    Ok((group, on))
}

/// "Green (2026-05-01), Labour (2026-05-02)" for audit fields.
fn show_told(told: &[(GroupId, NaiveDate)], ctx: &Context) -> String {
    let parts: Vec<String> = told
        .iter()
        .map(|(g, on)| {
            format!(
                "{} ({})",
                ctx.council.group_name(Some(*g)),
                dates::show(*on)
            )
        })
        .collect();
    parts.join(", ")
}

#[cfg(test)]
mod tests_attendance;
#[cfg(test)]
mod tests_info;
#[cfg(test)]
mod tests_report;

#[cfg(test)]
mod testutil {
    use crate::domain::ids::GroupId;
    use crate::domain::profile::{GroupMeetingPolicy, GroupReportPolicy, Profile};
    use crate::domain::rules::{Refusal, Rejection};
    use crate::domain::testkit::{banbury_profile, d, Fixture};

    /// The four models' group policies, built from the Banbury test profile.
    pub fn profile(model: &str) -> Profile {
        let mut p = banbury_profile();
        p.id = model.into();
        let (meetings, mclause, reports, rclause) = match model {
            "banbury" => return p,
            "town" => (
                GroupMeetingPolicy::NotExpected,
                "LLTC §7.4",
                GroupReportPolicy::NotCovered,
                "LLTC (silent)",
            ),
            "borough" => (
                GroupMeetingPolicy::WithHeadOfPaidServiceAgreement,
                "BOR §2.3",
                GroupReportPolicy::ConfidentialFactsAvailable,
                "BOR §2.4",
            ),
            "toolkit" => (
                GroupMeetingPolicy::NotCovered,
                "TWY (silent)",
                GroupReportPolicy::NotCovered,
                "TWY (silent)",
            ),
            other => panic!("no model {other}"),
        };
        p.group_meetings = meetings;
        p.group_meetings_clause = mclause.into();
        p.group_reports = reports;
        p.group_reports_clause = rclause.into();
        p
    }

    pub const MODELS: [&str; 4] = ["banbury", "town", "borough", "toolkit"];

    /// Three groups under the given model.
    pub fn fixture(model: &str) -> (Fixture, [GroupId; 3]) {
        let (mut fx, groups) = three_groups();
        fx.profile = profile(model);
        (fx, groups)
    }

    /// The refusal inside a rejection; panics on field errors or success.
    pub fn refusal<T: std::fmt::Debug>(result: Result<T, Rejection>) -> Refusal {
        match result {
            Err(Rejection::Refused(r)) => r,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    /// The fields of an invalid-input rejection; panics otherwise.
    pub fn invalid<T: std::fmt::Debug>(result: Result<T, Rejection>) -> Vec<&'static str> {
        match result {
            Err(Rejection::Invalid(errors)) => errors.iter().map(|e| e.field).collect(),
            other => panic!("expected field errors, got {other:?}"),
        }
    }

    /// A Banbury-model fixture on 1 June 2026 with three groups: Green (G-01), Labour (G-02) and
    /// Conservative (G-03).
    pub fn three_groups() -> (Fixture, [GroupId; 3]) {
        let mut fx = Fixture::new(d(2026, 6, 1));
        let green = fx.council.add_group("Green").unwrap();
        let labour = fx.council.add_group("Labour").unwrap();
        let tory = fx.council.add_group("Conservative").unwrap();
        (fx, [green, labour, tory])
    }
}

#[cfg(test)]
mod tests {
    use super::testutil::three_groups;
    use super::*;
    use crate::domain::testkit::d;

    #[test]
    fn untold_lists_other_groups_in_council_order() {
        let (fx, [green, labour, tory]) = three_groups();
        let left = untold(&fx.council, green, &[(tory, d(2026, 5, 1))]);
        assert_eq!(left.iter().map(|g| g.id).collect::<Vec<_>>(), [labour]);
        assert_eq!(
            group_names(&untold(&fx.council, labour, &[])),
            "Green, Conservative"
        );
    }

    #[test]
    fn dates_in_the_future_are_refused() {
        let (fx, _) = three_groups();
        assert!(past_date("on", "2026-06-02", &fx.ctx())
            .unwrap_err()
            .message
            .contains("future"));
        assert_eq!(
            past_date("on", "01/06/2026", &fx.ctx()).unwrap(),
            d(2026, 6, 1)
        );
        let err = past_date_after("on", "2026-05-01", d(2026, 5, 2), "the request", &fx.ctx())
            .unwrap_err();
        assert!(err.message.contains("before the request"));
    }

    #[test]
    fn independent_is_not_a_political_group() {
        let (fx, [green, ..]) = three_groups();
        assert_eq!(political_group("group", "green", &fx.ctx()).unwrap(), green);
        assert!(political_group("group", "Independent", &fx.ctx()).is_err());
        assert!(political_group("group", "Purple", &fx.ctx())
            .unwrap_err()
            .message
            .contains("Purple"));
    }
}
