//! Every deadline as an iCalendar file (RFC 5545): what `clerkdesk calendar` writes, for Outlook or
//! a phone. No I/O here: [`render`] returns the text and `files::write_private` writes it.
//!
//! - One all-day event per [`DueDate`] (a pre-election period spans its days; DTEND is the day after
//!   the last, as RFC 5545 counts an all-day end).
//! - UID from the due date's key and the council: the same deadline has the same UID in every export,
//!   so importing again updates the event instead of adding a second one.
//! - DTSTAMP is the day of the export (midnight UTC), not the clock's second: two exports on one day
//!   are byte for byte the same.
//! - Redacted (the default): the title by reference only; no names, no case summary, no request text.

use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Class, Component, EventLike};

use crate::domain::due::DueDate;

/// The calendar's text. `redacted` leaves every name out.
pub fn render(due: &[DueDate], council: &str, today: NaiveDate, redacted: bool) -> String {
    let domain = slug(council);
    let stamp = today.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//clerkdesk//deadlines//EN"))
        .append_property(("CALSCALE", "GREGORIAN"))
        .name(&format!("{council}: deadlines (clerkdesk)"));
    for d in due {
        let mut description = format!("{} — {}", d.cite, d.note);
        if d.overdue {
            description.insert_str(0, "OVERDUE. ");
        }
        let summary = if d.overdue {
            format!("OVERDUE: {}", d.summary(redacted))
        } else {
            d.summary(redacted)
        };
        let end = d.last.checked_add_days(Days::new(1)).unwrap_or(d.last);
        cal.push(
            icalendar::Event::new()
                .uid(&format!("{}@{domain}.clerkdesk", slug(&d.key)))
                .timestamp(stamp)
                .summary(&summary)
                .description(&description)
                .starts(d.first)
                .ends(end)
                .class(Class::Private)
                .done(),
        );
    }
    cal.done().to_string()
}

/// Lower-case letters, digits and hyphens: `Ashcombe Parish Council (demo)` →
/// `ashcombe-parish-council-demo`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("council");
    }
    out
}

#[cfg(test)]
#[path = "ical_tests.rs"]
mod tests;
