//! Dates as a clerk types them.

use chrono::NaiveDate;

use super::rules::FieldError;

/// Accepts `YYYY-MM-DD` (ISO) or `DD/MM/YYYY` (British). Anything else is refused with the formats.
pub fn parse_date(field: &'static str, raw: &str) -> Result<NaiveDate, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(
            field,
            "a date is needed (YYYY-MM-DD or DD/MM/YYYY)",
        ));
    }
    let parsed = if value.contains('/') {
        NaiveDate::parse_from_str(value, "%d/%m/%Y")
    } else {
        NaiveDate::parse_from_str(value, "%Y-%m-%d")
    };
    match parsed {
        // chrono accepts years like 0002; a council record before 1900 or after 2200 is a typo.
        Ok(d) if (1900..=2200).contains(&chrono::Datelike::year(&d)) => Ok(d),
        Ok(_) => Err(FieldError::new(
            field,
            format!("'{value}' is not a plausible year"),
        )),
        Err(_) => Err(FieldError::new(
            field,
            format!("'{value}' is not a date (use YYYY-MM-DD or DD/MM/YYYY)"),
        )),
    }
}

/// An optional date: empty means none.
pub fn parse_optional_date(
    field: &'static str,
    raw: &str,
) -> Result<Option<NaiveDate>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, raw).map(Some)
    }
}

/// How clerkdesk shows a date: unambiguous and sortable.
pub fn show(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn both_formats_parse() {
        assert_eq!(parse_date("f", "2026-05-07").unwrap(), d(2026, 5, 7));
        assert_eq!(parse_date("f", "07/05/2026").unwrap(), d(2026, 5, 7));
        assert_eq!(parse_date("f", " 7/5/2026 ").unwrap(), d(2026, 5, 7));
    }

    #[test]
    fn bad_dates_say_what_and_where() {
        for bad in [
            "2026-02-30",
            "31/04/2026",
            "tomorrow",
            "2026/05/07",
            "05-07-2026",
        ] {
            let err = parse_date("term start", bad).unwrap_err();
            assert_eq!(err.field, "term start");
            assert!(err.message.contains(bad.trim()), "{bad}: {}", err.message);
        }
        assert!(parse_date("f", "0002-01-01").is_err());
    }

    #[test]
    fn optional_dates() {
        assert_eq!(parse_optional_date("f", "  ").unwrap(), None);
        assert_eq!(
            parse_optional_date("f", "2024-02-29").unwrap(),
            Some(d(2024, 2, 29))
        );
        assert!(parse_optional_date("f", "2023-02-29").is_err());
    }
}
