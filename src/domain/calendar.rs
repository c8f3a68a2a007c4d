//! Working-day calendars. Three ways of counting working days, each from data with its source and
//! years (`assets/calendars.toml` and the bank-holiday files), and every deadline names its own:
//!
//! - **election** (R-P1): not Saturdays, Sundays, Christmas Eve, Christmas Day, Good Friday, bank
//!   holidays in England and Wales, or days the clerk adds for public thanksgiving or mourning;
//! - **FOI** (R-I1, FOI Act 2000 s10(6)): not Saturdays, Sundays, Christmas Day, Good Friday, or a
//!   bank holiday in any part of the United Kingdom (Scotland's and Northern Ireland's included);
//!   Christmas Eve counts;
//! - **council** (every other deadline: R-E1.3, R-E1.6, R-O2, R-I5): not Saturdays, Sundays, bank
//!   holidays in England and Wales, or the closure days the clerk records.
//!
//! Bank holidays are data, passed in; Good Friday and Christmas Day follow from the rule itself.
//! Past the last year of data a count is still made, but [`WorkingCalendar::warning`] says so loudly.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Which of the three calendars a deadline counts on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum CalendarKind {
    /// R-P1: the election timetable's working days.
    Election,
    /// R-I1: FOI Act 2000 s10(6) working days.
    Foi,
    /// Every other deadline: the council's own working days.
    Council,
}

impl CalendarKind {
    pub const ALL: [CalendarKind; 3] = [
        CalendarKind::Election,
        CalendarKind::Foi,
        CalendarKind::Council,
    ];

    /// The key used in `assets/calendars.toml`.
    pub fn key(self) -> &'static str {
        match self {
            CalendarKind::Election => "election",
            CalendarKind::Foi => "foi",
            CalendarKind::Council => "council",
        }
    }

    /// How a deadline names its calendar on screen.
    pub fn label(self) -> &'static str {
        match self {
            CalendarKind::Election => "election calendar",
            CalendarKind::Foi => "FOI calendar",
            CalendarKind::Council => "council calendar",
        }
    }

    /// The label cut short for narrow list columns: "election", "FOI", "council".
    pub fn short(self) -> &'static str {
        match self {
            CalendarKind::Election => "election",
            CalendarKind::Foi => "FOI",
            CalendarKind::Council => "council",
        }
    }

    /// The rule that sets the calendar's definition of a working day.
    pub fn rule(self) -> &'static str {
        match self {
            CalendarKind::Election => "R-P1",
            CalendarKind::Foi => "R-I1",
            CalendarKind::Council => "R-E1.3",
        }
    }

    /// Whether Christmas Eve is a working day on this calendar (R-P1 says not; FOI s10(6) says it is).
    pub fn christmas_eve_counts(self) -> bool {
        match self {
            CalendarKind::Election => false,
            CalendarKind::Foi | CalendarKind::Council => true,
        }
    }
}

/// How a deadline's days are counted, so both faces can name it beside the date ("20 working
/// days, FOI calendar"). Every deadline the domain computes has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// This many working days on one of the three calendars.
    WorkingDays(u32, CalendarKind),
    /// This many calendar days (every day counts), e.g. R-M3's 28 days.
    Days(u32),
    /// This many calendar days, then on to the next working day of the calendar (R-D5).
    DaysThenWorkingDay(u32, CalendarKind),
    /// This many calendar months, then on to the next working day of the calendar (R-DP1).
    MonthsThenWorkingDay(u32, CalendarKind),
}

impl Counted {
    /// The calendar whose working days count, if any.
    pub fn calendar(self) -> Option<CalendarKind> {
        match self {
            Counted::WorkingDays(_, c)
            | Counted::DaysThenWorkingDay(_, c)
            | Counted::MonthsThenWorkingDay(_, c) => Some(c),
            Counted::Days(_) => None,
        }
    }

    /// "20 working days, FOI calendar", "28 days", "1 month, next working day on the council
    /// calendar": for detail panes and `show`.
    pub fn label(self) -> String {
        let plural = |n: u32, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        match self {
            Counted::WorkingDays(n, c) => {
                format!(
                    "{}, {}",
                    plural(n, "working day", "working days"),
                    c.label()
                )
            }
            Counted::Days(n) => format!("{}, every day counts", plural(n, "day", "days")),
            Counted::DaysThenWorkingDay(n, c) => format!(
                "{}, then the next working day on the {}",
                plural(n, "day", "days"),
                c.label()
            ),
            Counted::MonthsThenWorkingDay(n, c) => format!(
                "{}, then the next working day on the {}",
                plural(n, "month", "months"),
                c.label()
            ),
        }
    }

    /// A few characters for a narrow list column: "FOI", "council", "28 days".
    pub fn short(self) -> String {
        match self.calendar() {
            Some(c) => c.short().to_string(),
            None => match self {
                Counted::Days(n) => format!("{n} days"),
                _ => String::new(),
            },
        }
    }
}

/// A day appointed for public thanksgiving or mourning (R-P1), or a day the council's office is
/// closed (the council calendar), added by the clerk.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DayOff {
    pub on: NaiveDate,
    pub reason: String,
}

/// The council's added days, kept as one record: days of thanksgiving or mourning (R-P1, the
/// election calendar) in the store's `calendar` tree, closure days (the council calendar) in
/// `closures`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DaysOff {
    pub days: Vec<DayOff>,
}

/// Days the council's office is closed: they do not count on the council calendar (R-E1.3, R-E1.6,
/// R-O2, R-I5), and change nothing on the election or FOI calendars.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ClosureDays {
    pub days: Vec<DayOff>,
}

impl ClosureDays {
    /// Adds a closure day, refusing a bad date, an empty reason, or a day that already does not
    /// count on the council calendar.
    pub fn add(
        &self,
        on: &str,
        reason: &str,
        council: &WorkingCalendar,
    ) -> Result<ClosureDays, super::rules::Rejection> {
        let days = DaysOff {
            days: self.days.clone(),
        }
        .add(on, reason, council)?;
        Ok(ClosureDays { days: days.days })
    }
}

impl DaysOff {
    /// Adds a day, refusing a bad date, an empty reason, or a day that already does not count.
    pub fn add(
        &self,
        on: &str,
        reason: &str,
        calendar: &WorkingCalendar,
    ) -> Result<DaysOff, super::rules::Rejection> {
        let mut errors = super::rules::FieldErrors::default();
        let on = errors.keep(super::dates::parse_date("on", on));
        let reason = errors.keep(super::text::required_name("reason", reason));
        if let Some(day) = on {
            if !calendar.is_working_day(day) {
                errors.push(super::rules::FieldError::new(
                    "on",
                    format!(
                        "{} does not count already on the {} (a weekend, Christmas, Good Friday, a bank holiday or an added day)",
                        super::dates::show(day),
                        calendar.kind().label()
                    ),
                ));
            }
        }
        match (on, reason) {
            (Some(on), Some(reason)) if errors.is_empty() => {
                let mut next = self.clone();
                next.days.push(DayOff { on, reason });
                next.days.sort_by_key(|d| d.on);
                Ok(next)
            }
            _ => Err(super::rules::Rejection::Invalid(errors.0)),
        }
    }
}

/// One way of counting working days. [`WorkingCalendar::new`] and `default()` give an election
/// calendar with no limit on its data, for tests and calculators; the session builds the three real
/// ones from the assets with [`WorkingCalendar::from_data`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    kind: CalendarKind,
    /// Bank holidays and the days the clerk added.
    non_working: BTreeSet<NaiveDate>,
    christmas_eve_counts: bool,
    /// The first and last year the bank-holiday data covers; `None`: no limit (a test calendar).
    years: Option<(i32, i32)>,
    /// Where the definition and the data come from.
    source: String,
    /// Cumulative working days, built on first use (see [`DayTable`]).
    table: DayTable,
}

impl Default for WorkingCalendar {
    fn default() -> Self {
        WorkingCalendar::new(std::iter::empty())
    }
}

impl WorkingCalendar {
    /// An election calendar (R-P1) with these days off and no limit on its years.
    pub fn new(days_off: impl IntoIterator<Item = NaiveDate>) -> Self {
        WorkingCalendar::of_kind(CalendarKind::Election, days_off)
    }

    /// A calendar of `kind` with these days off and no limit on its years (tests, calculators).
    pub fn of_kind(kind: CalendarKind, days_off: impl IntoIterator<Item = NaiveDate>) -> Self {
        WorkingCalendar {
            kind,
            non_working: days_off.into_iter().collect(),
            christmas_eve_counts: kind.christmas_eve_counts(),
            years: None,
            source: String::new(),
            table: DayTable::default(),
        }
    }

    /// A calendar from the assets: its bank holidays, the years they cover and their source.
    pub fn from_data(
        kind: CalendarKind,
        days_off: impl IntoIterator<Item = NaiveDate>,
        christmas_eve_counts: bool,
        years: (i32, i32),
        source: impl Into<String>,
    ) -> Self {
        WorkingCalendar {
            kind,
            non_working: days_off.into_iter().collect(),
            christmas_eve_counts,
            years: Some(years),
            source: source.into(),
            table: DayTable::default(),
        }
    }

    /// The same calendar with further days that do not count (thanksgiving or mourning on the
    /// election calendar, closure days on the council calendar).
    pub fn with_extra_days(mut self, days: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.non_working.extend(days);
        self.table = DayTable::default();
        self
    }

    pub fn kind(&self) -> CalendarKind {
        self.kind
    }

    /// Where the calendar's definition and data come from (empty for a test calendar).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The first and last year of bank-holiday data, where the calendar has a limit.
    pub fn years(&self) -> Option<(i32, i32)> {
        self.years
    }

    /// Whether `day` lies outside the years the bank-holiday data covers.
    pub fn beyond_data(&self, day: NaiveDate) -> bool {
        self.years
            .is_some_and(|(first, last)| day.year() < first || day.year() > last)
    }

    /// A loud warning when a count from `from` to `to` runs outside the years of data: the date
    /// given is counted without bank holidays there, and must be checked by hand.
    pub fn warning(&self, from: NaiveDate, to: NaiveDate) -> Option<String> {
        let (first, last) = self.years?;
        let (lo, hi) = if from <= to { (from, to) } else { (to, from) };
        (lo.year() < first || hi.year() > last).then(|| {
            format!(
                "WARNING: the {} knows bank holidays for {first} to {last} only; this count runs \
                 outside them and may be wrong: check it by hand ({})",
                self.kind.label(),
                self.kind.rule()
            )
        })
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let christmas = day.month() == 12 && day.day() == 25;
        let christmas_eve = day.month() == 12 && day.day() == 24;
        !weekend
            && !christmas
            && (self.christmas_eve_counts || !christmas_eve)
            && day != good_friday(day.year())
            && !self.non_working.contains(&day)
    }

    /// The `n`th working day after `from` (`from` itself never counts). `n == 0` gives `from`.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return from;
        }
        let table = self.table();
        table
            .prefix_after(from)
            .and_then(|before| table.first_reaching(before + n))
            .unwrap_or_else(|| self.walk_add(from, n))
    }

    /// The `n`th working day before `to` (`to` itself never counts). `n == 0` gives `to`.
    pub fn working_days_before(&self, to: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return to;
        }
        let table = self.table();
        table
            .prefix(to)
            .filter(|&before| before >= n)
            .and_then(|before| table.first_reaching(before - n + 1))
            .unwrap_or_else(|| self.walk_before(to, n))
    }

    /// How many working days lie after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        let table = self.table();
        match (table.prefix_after(from), table.prefix_after(to)) {
            (Some(a), Some(b)) => b - a,
            _ => self.walk_between(from, to),
        }
    }

    fn table(&self) -> &DayTable {
        self.table.get_or_build(self)
    }

    // The day-by-day counts: the definition, used outside the table's years.
    /// The `n`th working day after `from` (`from` itself never counts). `n == 0` gives `from`.
    fn walk_add(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The `n`th working day before `to` (`to` itself never counts). `n == 0` gives `to`.
    fn walk_before(&self, to: NaiveDate, n: u32) -> NaiveDate {
        let mut day = to;
        let mut left = n;
        while left > 0 {
            day = day - Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// How many working days lie after `from` up to and including `to` (0 when `to <= from`).
    fn walk_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }
}

/// Cumulative working days from a first day, so that a deadline is two lookups and a binary search
/// rather than a walk (a list of 100,000 cases asks for several deadlines per case per frame).
/// It covers the calendar's years of data (or 1990 to 2100 for a calendar without a limit);
/// outside them the day-by-day walk answers, exactly as before.
#[derive(Default, Clone)]
struct DayTable(OnceLock<Prefix>);

#[derive(Clone)]
struct Prefix {
    first: NaiveDate,
    /// `counts[i]`: the working days strictly before `first + i` (from `first`); one entry more
    /// than the days covered.
    counts: Vec<u32>,
}

impl DayTable {
    fn get_or_build(&self, calendar: &WorkingCalendar) -> &DayTable {
        self.0.get_or_init(|| Prefix::build(calendar));
        self
    }

    fn prefix_table(&self) -> Option<&Prefix> {
        self.0.get()
    }

    /// Working days from the table's first day strictly before `day`, if `day` is covered.
    fn prefix(&self, day: NaiveDate) -> Option<u32> {
        let t = self.prefix_table()?;
        let i = usize::try_from((day - t.first).num_days()).ok()?;
        t.counts.get(i).copied()
    }

    /// Working days from the table's first day up to and including `day`.
    fn prefix_after(&self, day: NaiveDate) -> Option<u32> {
        let t = self.prefix_table()?;
        let i = usize::try_from((day - t.first).num_days()).ok()?;
        t.counts.get(i + 1).copied()
    }

    /// The working day that makes the count reach `target` (the `target`th working day from the
    /// table's first day), if it lies inside the table.
    fn first_reaching(&self, target: u32) -> Option<NaiveDate> {
        let t = self.prefix_table()?;
        let j = t.counts.partition_point(|&c| c < target);
        if j == 0 || j >= t.counts.len() {
            return None;
        }
        t.first.checked_add_days(Days::new(j as u64 - 1))
    }
}

impl Prefix {
    fn build(calendar: &WorkingCalendar) -> Prefix {
        let (first_year, last_year) = calendar.years.unwrap_or((1990, 2100));
        let first = NaiveDate::from_ymd_opt(first_year, 1, 1).unwrap_or(NaiveDate::MIN);
        let end = NaiveDate::from_ymd_opt(last_year, 12, 31).unwrap_or(first);
        let days = usize::try_from((end - first).num_days() + 1).unwrap_or(0);
        let mut counts = Vec::with_capacity(days + 1);
        let mut count = 0u32;
        counts.push(count);
        for day in first.iter_days().take(days) {
            if calendar.is_working_day(day) {
                count += 1;
            }
            counts.push(count);
        }
        Prefix { first, counts }
    }
}

// The table is a cache of what the calendar's days already say: it takes no part in equality.
impl PartialEq for DayTable {
    fn eq(&self, _: &DayTable) -> bool {
        true
    }
}

impl Eq for DayTable {}

impl std::fmt::Debug for DayTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DayTable")
    }
}

/// The three calendars a council counts on (R-P1, R-I1, and the council's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendars {
    pub election: WorkingCalendar,
    pub foi: WorkingCalendar,
    pub council: WorkingCalendar,
}

impl Default for Calendars {
    fn default() -> Self {
        Calendars::with_holidays(std::iter::empty())
    }
}

impl Calendars {
    /// Test calendars with these bank holidays on all three, each counting its own way.
    pub fn with_holidays(days_off: impl IntoIterator<Item = NaiveDate>) -> Self {
        let days: Vec<NaiveDate> = days_off.into_iter().collect();
        Calendars {
            election: WorkingCalendar::of_kind(CalendarKind::Election, days.iter().copied()),
            foi: WorkingCalendar::of_kind(CalendarKind::Foi, days.iter().copied()),
            council: WorkingCalendar::of_kind(CalendarKind::Council, days),
        }
    }

    pub fn get(&self, kind: CalendarKind) -> &WorkingCalendar {
        match kind {
            CalendarKind::Election => &self.election,
            CalendarKind::Foi => &self.foi,
            CalendarKind::Council => &self.council,
        }
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("computus yields a valid date")
}

pub fn good_friday(year: i32) -> NaiveDate {
    easter_sunday(year) - Days::new(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_dates_known_by_heart() {
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2019), d(2019, 4, 21));
        assert_eq!(good_friday(2026), d(2026, 4, 3));
    }

    #[test]
    fn weekends_christmas_and_good_friday_never_count() {
        let cal = WorkingCalendar::default();
        assert!(!cal.is_working_day(d(2026, 11, 21))); // Saturday
        assert!(!cal.is_working_day(d(2026, 11, 22))); // Sunday
        assert!(cal.is_working_day(d(2026, 11, 23)));
        assert!(!cal.is_working_day(d(2026, 12, 24)));
        assert!(!cal.is_working_day(d(2026, 12, 25)));
        assert!(!cal.is_working_day(d(2026, 4, 3)));
    }

    #[test]
    fn an_added_day_of_mourning_stops_counting_and_cannot_be_added_twice() {
        let cal = WorkingCalendar::default();
        let days = DaysOff::default()
            .add("2026-11-30", "National day of mourning", &cal)
            .unwrap();
        let cal = cal.with_extra_days(days.days.iter().map(|d| d.on));
        assert!(!cal.is_working_day(d(2026, 11, 30)));
        assert!(days.add("2026-11-30", "again", &cal).is_err());
        assert!(days.add("2026-11-28", "a Saturday", &cal).is_err());
        assert!(days.add("2026-12-01", " ", &cal).is_err());
    }

    #[test]
    fn adding_working_days_skips_days_off() {
        let cal = WorkingCalendar::new([d(2026, 12, 28)]);
        // Wed 23 Dec + 1 → 24, 25 off, 26/27 weekend, 28 holiday → Tue 29 Dec.
        assert_eq!(cal.add_working_days(d(2026, 12, 23), 1), d(2026, 12, 29));
        assert_eq!(cal.add_working_days(d(2026, 11, 20), 5), d(2026, 11, 27));
        assert_eq!(
            cal.working_days_between(d(2026, 11, 20), d(2026, 11, 27)),
            5
        );
        assert_eq!(cal.working_days_before(d(2026, 11, 27), 5), d(2026, 11, 20));
        assert_eq!(cal.add_working_days(d(2026, 11, 20), 0), d(2026, 11, 20));
    }
}

#[cfg(test)]
mod holiday_tests {
    use std::collections::BTreeMap;

    use chrono::{Datelike, NaiveDate, Weekday};
    use serde::Deserialize;

    use super::{good_friday, CalendarKind, WorkingCalendar};

    #[derive(Deserialize)]
    struct File {
        holiday: Vec<Holiday>,
    }

    #[derive(Deserialize)]
    struct Holiday {
        date: NaiveDate,
        name: String,
    }

    fn holidays() -> Vec<Holiday> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/bank-holidays.toml");
        let text = std::fs::read_to_string(path).expect("assets/bank-holidays.toml is readable");
        toml::from_str::<File>(&text)
            .expect("bank-holidays.toml parses")
            .holiday
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn name_on(list: &[Holiday], day: NaiveDate) -> &str {
        list.iter()
            .find(|h| h.date == day)
            .map(|h| h.name.as_str())
            .unwrap_or_else(|| panic!("{day} is not in the file"))
    }

    #[test]
    fn every_year_2015_to_2030_has_its_count() {
        let mut per_year: BTreeMap<i32, usize> = BTreeMap::new();
        for h in holidays() {
            *per_year.entry(h.date.year()).or_default() += 1;
        }
        let years: Vec<i32> = per_year.keys().copied().collect();
        assert_eq!(years, (2015..=2030).collect::<Vec<_>>());
        for (year, count) in per_year {
            // 2020: early May moved, not added. 2022: jubilee and state funeral. 2023: coronation.
            let expected = match year {
                2022 => 10,
                2023 => 9,
                _ => 8,
            };
            assert_eq!(count, expected, "{year}");
        }
    }

    #[test]
    fn one_off_and_substitute_days_are_there() {
        let list = holidays();
        assert!(name_on(&list, d(2020, 5, 8)).contains("VE"));
        assert!(!list.iter().any(|h| h.date == d(2020, 5, 4)));
        assert_eq!(name_on(&list, d(2022, 6, 2)), "Spring bank holiday");
        assert!(!list.iter().any(|h| h.date == d(2022, 5, 30)));
        assert!(name_on(&list, d(2022, 6, 3)).contains("Jubilee"));
        assert!(name_on(&list, d(2022, 9, 19)).contains("State Funeral"));
        assert!(name_on(&list, d(2023, 5, 8)).contains("coronation"));
        assert_eq!(
            name_on(&list, d(2026, 12, 28)),
            "Boxing Day (substitute day)"
        );
        assert_eq!(
            name_on(&list, d(2027, 12, 27)),
            "Christmas Day (substitute day)"
        );
        assert_eq!(
            name_on(&list, d(2027, 12, 28)),
            "Boxing Day (substitute day)"
        );
        assert_eq!(
            name_on(&list, d(2017, 1, 2)),
            "New Year's Day (substitute day)"
        );
    }

    #[test]
    fn good_fridays_match_the_computus_and_no_day_is_a_weekend() {
        let list = holidays();
        for year in 2015..=2030 {
            assert_eq!(name_on(&list, good_friday(year)), "Good Friday", "{year}");
        }
        for h in &list {
            assert!(
                !matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun),
                "{} {} falls at a weekend",
                h.date,
                h.name
            );
        }
        assert!(
            list.windows(2).all(|w| w[0].date < w[1].date),
            "dates are sorted and unique"
        );
    }

    /// The calendars the session builds: each kind, with the file's holidays, its years, and a
    /// clerk's closure day.
    fn real_calendars() -> Vec<WorkingCalendar> {
        let days: Vec<NaiveDate> = holidays().into_iter().map(|h| h.date).collect();
        let kinds = [
            CalendarKind::Election,
            CalendarKind::Foi,
            CalendarKind::Council,
        ];
        let mut out: Vec<WorkingCalendar> = kinds
            .iter()
            .map(|&k| {
                WorkingCalendar::from_data(
                    k,
                    days.clone(),
                    k.christmas_eve_counts(),
                    (2015, 2030),
                    "",
                )
                .with_extra_days([d(2026, 12, 29)])
            })
            .collect();
        out.push(WorkingCalendar::new(days));
        out
    }

    static REAL: std::sync::LazyLock<Vec<WorkingCalendar>> =
        std::sync::LazyLock::new(real_calendars);

    proptest::proptest! {
        /// R-P1, R-I1, R-E1.3: the table gives exactly the day-by-day count's answers, inside the
        /// years of data, across their edges and outside them.
        #[test]
        fn the_table_answers_as_the_walk_does(
            offset in 0i64..(22 * 366),
            n in 0u32..70,
            span in 0i64..400,
        ) {
            let from = d(2012, 1, 1) + chrono::Duration::days(offset);
            let to = from + chrono::Duration::days(span);
            for cal in REAL.iter() {
                proptest::prop_assert_eq!(cal.add_working_days(from, n), cal.walk_add(from, n));
                proptest::prop_assert_eq!(
                    cal.working_days_before(from, n),
                    cal.walk_before(from, n)
                );
                proptest::prop_assert_eq!(
                    cal.working_days_between(from, to),
                    cal.walk_between(from, to)
                );
            }
        }
    }

    #[test]
    fn the_file_feeds_the_working_calendar() {
        let cal = WorkingCalendar::new(holidays().into_iter().map(|h| h.date));
        assert!(!cal.is_working_day(d(2024, 4, 1))); // Easter Monday
        assert!(!cal.is_working_day(d(2026, 12, 28)));
        assert!(cal.is_working_day(d(2026, 12, 29)));
    }
}

#[cfg(test)]
mod counted_tests {
    use super::{CalendarKind, Counted};

    /// Every deadline names how its days count, in words the clerk can check against the rule.
    #[test]
    fn each_way_of_counting_names_its_calendar() {
        let table = [
            (
                Counted::WorkingDays(20, CalendarKind::Foi),
                "20 working days, FOI calendar",
                "FOI",
            ),
            (
                Counted::WorkingDays(1, CalendarKind::Council),
                "1 working day, council calendar",
                "council",
            ),
            (
                Counted::WorkingDays(25, CalendarKind::Election),
                "25 working days, election calendar",
                "election",
            ),
            (Counted::Days(28), "28 days, every day counts", "28 days"),
            (
                Counted::DaysThenWorkingDay(28, CalendarKind::Council),
                "28 days, then the next working day on the council calendar",
                "council",
            ),
            (
                Counted::MonthsThenWorkingDay(1, CalendarKind::Council),
                "1 month, then the next working day on the council calendar",
                "council",
            ),
        ];
        for (counted, label, short) in table {
            assert_eq!(counted.label(), label);
            assert_eq!(counted.short(), short);
        }
        assert_eq!(Counted::Days(28).calendar(), None);
    }
}
