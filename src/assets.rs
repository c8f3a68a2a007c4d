//! Data shipped inside the binary: protocol profiles, bank holidays, the demo council. They are
//! files in `assets/` (data, not code), compiled in so clerkdesk runs from any folder, offline.

use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use crate::domain::calendar::{CalendarKind, Calendars, WorkingCalendar};
use crate::domain::grievance::letters::LetterKind;
use crate::domain::profile::Profile;
use crate::domain::publicity::PublicityWords;

/// Every protocol profile, by key. One per model in `shared/protocols/README.md`.
const PROFILE_FILES: [(&str, &str); 4] = [
    ("banbury", include_str!("../assets/protocols/banbury.toml")),
    ("toolkit", include_str!("../assets/protocols/toolkit.toml")),
    ("town", include_str!("../assets/protocols/town.toml")),
    ("borough", include_str!("../assets/protocols/borough.toml")),
];

const BANK_HOLIDAYS: &str = include_str!("../assets/bank-holidays.toml");
/// Every bank-holiday file, by the key `assets/calendars.toml` uses.
const HOLIDAY_FILES: [(&str, &str, &str); 3] = [
    (
        "england-and-wales",
        "assets/bank-holidays.toml",
        BANK_HOLIDAYS,
    ),
    (
        "scotland",
        "assets/bank-holidays-scotland.toml",
        include_str!("../assets/bank-holidays-scotland.toml"),
    ),
    (
        "northern-ireland",
        "assets/bank-holidays-northern-ireland.toml",
        include_str!("../assets/bank-holidays-northern-ireland.toml"),
    ),
];
const CALENDARS: &str = include_str!("../assets/calendars.toml");
const DEMO_COUNCIL: &str = include_str!("../assets/demo/council.toml");
const DEMO_BLACKOUT: &str = include_str!("../assets/demo/blackout.toml");
const DEMO_REQUESTS: &str = include_str!("../assets/demo/requests.toml");
const DEMO_DISCLOSURES: &str = include_str!("../assets/demo/disclosures.toml");
const PUBLICITY_WORDS_FILE: &str = "assets/publicity-words.toml";
const PUBLICITY_WORDS: &str = include_str!("../assets/publicity-words.toml");
const DEMO_GIFTS: &str = include_str!("../assets/demo/gifts.toml");
const DEMO_DISPENSATIONS: &str = include_str!("../assets/demo/dispensations.toml");
const DEMO_SARS: &str = include_str!("../assets/demo/sars.toml");

#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("built-in asset {file} is malformed: {detail}")]
    Malformed { file: &'static str, detail: String },
    #[error("no protocol model called '{0}' (known: banbury, toolkit, town, borough)")]
    UnknownProfile(String),
}

pub fn profile_keys() -> Vec<&'static str> {
    PROFILE_FILES.iter().map(|(k, _)| *k).collect()
}

fn parsed_profiles() -> &'static Result<Vec<Profile>, String> {
    static PROFILES: OnceLock<Result<Vec<Profile>, String>> = OnceLock::new();
    PROFILES.get_or_init(|| {
        PROFILE_FILES
            .iter()
            .map(|(key, text)| {
                toml::from_str::<Profile>(text).map_err(|e| format!("{key}.toml: {e}"))
            })
            .collect()
    })
}

pub fn profiles() -> Result<&'static [Profile], AssetError> {
    parsed_profiles()
        .as_ref()
        .map(|v| v.as_slice())
        .map_err(|detail| AssetError::Malformed {
            file: "assets/protocols",
            detail: detail.clone(),
        })
}

pub fn profile(key: &str) -> Result<Profile, AssetError> {
    profiles()?
        .iter()
        .find(|p| p.id == key)
        .cloned()
        .ok_or_else(|| AssetError::UnknownProfile(key.to_string()))
}

#[derive(Deserialize)]
struct HolidayFile {
    first_year: i32,
    last_year: i32,
    #[serde(default)]
    holiday: Vec<Holiday>,
}

#[derive(Deserialize)]
struct Holiday {
    date: NaiveDate,
    #[allow(dead_code)]
    name: String,
}

fn holiday_file(key: &str) -> Result<HolidayFile, AssetError> {
    let (_, file, text) = HOLIDAY_FILES
        .iter()
        .find(|(k, _, _)| *k == key)
        .ok_or_else(|| AssetError::Malformed {
            file: "assets/calendars.toml",
            detail: format!(
                "no bank-holiday file called '{key}' (known: england-and-wales, scotland, northern-ireland)"
            ),
        })?;
    toml::from_str::<HolidayFile>(text).map_err(|e| AssetError::Malformed {
        file,
        detail: e.to_string(),
    })
}

/// The shipped template of an R-E1 or R-E2.4 letter (`assets/letters/SLUG.md`), which a council may
/// override with an edited copy in its own `letters` folder.
pub fn letter_template(kind: LetterKind) -> &'static str {
    match kind {
        LetterKind::Acknowledgement => include_str!("../assets/letters/acknowledgement.md"),
        LetterKind::HearingInvitation => include_str!("../assets/letters/hearing-invitation.md"),
        LetterKind::Decision => include_str!("../assets/letters/decision.md"),
        LetterKind::AppealAcknowledgement => {
            include_str!("../assets/letters/appeal-acknowledgement.md")
        }
        LetterKind::AppealInvitation => include_str!("../assets/letters/appeal-invitation.md"),
        LetterKind::AppealDecision => include_str!("../assets/letters/appeal-decision.md"),
        LetterKind::ConcernInvitation => include_str!("../assets/letters/concern-invitation.md"),
        LetterKind::ConcernOutcome => include_str!("../assets/letters/concern-outcome.md"),
    }
}

/// England and Wales bank holidays (R-P1), as listed in `assets/bank-holidays.toml`.
pub fn bank_holidays() -> Result<Vec<NaiveDate>, AssetError> {
    Ok(holiday_file("england-and-wales")?
        .holiday
        .into_iter()
        .map(|h| h.date)
        .collect())
}

/// One calendar as `assets/calendars.toml` describes it.
#[derive(Deserialize)]
struct CalendarSpec {
    source: String,
    bank_holidays: Vec<String>,
    christmas_eve_counts: bool,
    #[allow(dead_code)]
    added_days: String,
}

fn build_calendar(
    kind: CalendarKind,
    specs: &std::collections::BTreeMap<String, CalendarSpec>,
) -> Result<WorkingCalendar, AssetError> {
    let malformed = |detail: String| AssetError::Malformed {
        file: "assets/calendars.toml",
        detail,
    };
    let spec = specs
        .get(kind.key())
        .ok_or_else(|| malformed(format!("no [{}] calendar", kind.key())))?;
    if spec.bank_holidays.is_empty() {
        return Err(malformed(format!(
            "[{}] names no bank-holiday file",
            kind.key()
        )));
    }
    let mut days = Vec::new();
    let mut years = (i32::MIN, i32::MAX);
    for key in &spec.bank_holidays {
        let file = holiday_file(key)?;
        // The calendar knows its holidays only where every file it draws on does.
        years = (years.0.max(file.first_year), years.1.min(file.last_year));
        days.extend(file.holiday.into_iter().map(|h| h.date));
    }
    Ok(WorkingCalendar::from_data(
        kind,
        days,
        spec.christmas_eve_counts,
        years,
        spec.source.clone(),
    ))
}

/// The three working-day calendars (RULES.md, Calendars), from `assets/calendars.toml` and the
/// bank-holiday files, before the clerk's added days.
pub fn calendars() -> Result<Calendars, AssetError> {
    let specs: std::collections::BTreeMap<String, CalendarSpec> = toml::from_str(CALENDARS)
        .map_err(|e| AssetError::Malformed {
            file: "assets/calendars.toml",
            detail: e.to_string(),
        })?;
    Ok(Calendars {
        election: build_calendar(CalendarKind::Election, &specs)?,
        foi: build_calendar(CalendarKind::Foi, &specs)?,
        council: build_calendar(CalendarKind::Council, &specs)?,
    })
}

/// The election calendar (R-P1): the pre-election period and the notice of election count on it.
pub fn calendar() -> Result<WorkingCalendar, AssetError> {
    Ok(calendars()?.election)
}

/// The demo council as written in `assets/demo/council.toml`, before it is built through the domain.
#[derive(Debug, Deserialize)]
pub struct DemoFile {
    pub council: DemoCouncil,
    #[serde(default)]
    pub group: Vec<DemoGroup>,
    #[serde(default)]
    pub member: Vec<DemoMember>,
    #[serde(default)]
    pub office: Vec<DemoOffice>,
    #[serde(default)]
    pub officer: Vec<DemoOfficer>,
    #[serde(default)]
    pub case: Vec<DemoCase>,
    /// The council's own documents (R-O4), dates as elsewhere in the demo.
    #[serde(default)]
    pub documents: Option<DemoDocuments>,
    /// Officers' letters to members (R-C1), each field as `correspondence add` takes it.
    #[serde(default)]
    pub letter: Vec<DemoLetter>,
}

/// One logged letter (R-C1): each field as `correspondence add` takes it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DemoLetter {
    pub officer: String,
    pub member: String,
    pub on: String,
    pub subject: String,
    pub ward_matter: String,
    pub copied: String,
    pub reason: String,
}

/// The demo council's protocol and procedures (R-O4): each field as `council documents set` takes it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DemoDocuments {
    pub protocol_adopted: Option<String>,
    pub protocol_minute: Option<String>,
    pub grievance_adopted: Option<String>,
    pub grievance_minute: Option<String>,
    pub disciplinary_adopted: Option<String>,
    pub disciplinary_minute: Option<String>,
}

/// A concern in the demo, with the steps taken on it so far.
#[derive(Debug, Deserialize)]
pub struct DemoCase {
    pub raised_by: String,
    pub about: String,
    pub how: String,
    pub raised_on: String,
    pub summary: String,
    pub confidential: bool,
    #[serde(default)]
    pub step: Vec<DemoStep>,
}

/// One step: the action's name (as the CLI spells it), who takes it, and its named fields.
#[derive(Debug, Deserialize)]
pub struct DemoStep {
    pub action: String,
    pub actor: String,
    #[serde(flatten)]
    pub fields: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
pub struct DemoCouncil {
    pub name: String,
    pub kind: String,
    pub profile: String,
    pub monitoring_officer: Option<crate::domain::council::Contact>,
}

#[derive(Debug, Deserialize)]
pub struct DemoGroup {
    pub name: String,
    pub leader: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DemoMember {
    pub name: String,
    pub sort_name: String,
    pub ward: String,
    pub group: String,
    pub joined_by: String,
    pub term_start: String,
    pub dpi_registered: String,
    pub email: String,
    pub phone: String,
    pub term_end: String,
    pub end_reason: String,
}

#[derive(Debug, Deserialize)]
pub struct DemoOffice {
    pub office: crate::domain::council::Office,
    pub holder: String,
    pub from: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DemoOfficer {
    pub name: String,
    pub post: String,
    pub title: String,
    pub employment: String,
    pub line_manager: String,
    pub started: String,
    pub protocol_briefed: String,
    /// R-O2: who gave the briefing (their manager).
    pub protocol_briefed_by: String,
    /// R-O1: who sat on the recruitment panel, comma separated, and the day it sat.
    pub recruitment_panel: String,
    pub recruited_on: String,
    pub email: String,
    pub phone: String,
    pub left: String,
}

pub fn demo_file() -> Result<DemoFile, AssetError> {
    toml::from_str(DEMO_COUNCIL).map_err(|e| AssetError::Malformed {
        file: "assets/demo/council.toml",
        detail: e.to_string(),
    })
}

fn parse_publicity_words(text: &str) -> Result<PublicityWords, AssetError> {
    toml::from_str(text).map_err(|e| AssetError::Malformed {
        file: PUBLICITY_WORDS_FILE,
        detail: e.to_string(),
    })
}

/// The publicity checker's word lists (R-P2, R-P3): ordinary-word surnames, titles, honorifics,
/// party words and crediting words. Parsed once.
pub fn publicity_words() -> Result<&'static PublicityWords, AssetError> {
    static WORDS: OnceLock<Result<PublicityWords, String>> = OnceLock::new();
    WORDS
        .get_or_init(|| parse_publicity_words(PUBLICITY_WORDS).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|detail| AssetError::Malformed {
            file: PUBLICITY_WORDS_FILE,
            detail: detail.clone(),
        })
}

/// Resolves the demo's `today-N` and `today+N` dates against the day the demo is loaded; any other
/// value passes through unchanged.
pub fn demo_date(raw: &str, today: NaiveDate) -> String {
    let t = raw.trim();
    let days = |n: &str| n.parse::<u64>().ok().map(Days::new);
    let day = match (t.strip_prefix("today-"), t.strip_prefix("today+")) {
        (Some(n), _) => days(n).map(|d| today - d),
        (_, Some(n)) => days(n).map(|d| today + d),
        _ => None,
    };
    day.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| raw.to_string())
}

/// One record in a demo data file: its fields as typed into a form, and the steps taken on it.
#[derive(Debug, Deserialize)]
pub struct DemoRecord {
    #[serde(default)]
    pub step: Vec<DemoStep>,
    #[serde(flatten)]
    pub fields: std::collections::BTreeMap<String, String>,
}

impl DemoRecord {
    /// A field's value with demo dates resolved; empty when absent.
    pub fn get(&self, key: &str, today: NaiveDate) -> String {
        self.fields
            .get(key)
            .map(|v| demo_date(v, today))
            .unwrap_or_default()
    }
}

impl DemoStep {
    pub fn get(&self, key: &str, today: NaiveDate) -> String {
        self.fields
            .get(key)
            .map(|v| demo_date(v, today))
            .unwrap_or_default()
    }
}

/// The demo's other data files, each a set of arrays of records.
#[derive(Debug, Clone, Copy)]
pub enum DemoData {
    /// `[[election]]`, `[[publicity]]`
    Blackout,
    /// `[[report]]`, `[[meeting]]`, `[[info]]`
    Requests,
    /// `[[disclosure]]`
    Disclosures,
    /// `[[gift]]`
    Gifts,
    /// `[[dispensation]]`
    Dispensations,
    /// `[[sar]]`
    Sars,
}

pub fn demo_records(data: DemoData, section: &str) -> Result<Vec<DemoRecord>, AssetError> {
    let (file, text) = match data {
        DemoData::Blackout => ("assets/demo/blackout.toml", DEMO_BLACKOUT),
        DemoData::Requests => ("assets/demo/requests.toml", DEMO_REQUESTS),
        DemoData::Disclosures => ("assets/demo/disclosures.toml", DEMO_DISCLOSURES),
        DemoData::Gifts => ("assets/demo/gifts.toml", DEMO_GIFTS),
        DemoData::Dispensations => ("assets/demo/dispensations.toml", DEMO_DISPENSATIONS),
        DemoData::Sars => ("assets/demo/sars.toml", DEMO_SARS),
    };
    let malformed = |detail: String| AssetError::Malformed { file, detail };
    let table: toml::Table = toml::from_str(text).map_err(|e| malformed(e.to_string()))?;
    match table.get(section) {
        None => Ok(Vec::new()),
        Some(value) => value
            .clone()
            .try_into()
            .map_err(|e: toml::de::Error| malformed(format!("[[{section}]]: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_profile_parses_and_is_keyed_by_its_file() {
        let profiles = profiles().unwrap();
        assert_eq!(profiles.len(), 4);
        for (key, _) in PROFILE_FILES {
            assert_eq!(profile(key).unwrap().id, key);
        }
        assert!(matches!(
            profile("city"),
            Err(AssetError::UnknownProfile(_))
        ));
    }

    #[test]
    fn profiles_route_concerns_about_the_clerk_differently() {
        use crate::domain::profile::Role;
        let about_clerk = |k: &str| profile(k).unwrap().member_concern_about_clerk.handlers;
        assert_eq!(about_clerk("banbury"), [Role::StaffingChair]);
        assert_eq!(about_clerk("town"), [Role::TownMayor]);
        assert_eq!(about_clerk("toolkit"), [Role::Chairman, Role::Clerk]);
    }

    #[test]
    fn demo_file_parses_with_enough_people() {
        let demo = demo_file().unwrap();
        assert!(demo.member.len() >= 9);
        assert!(demo.group.len() >= 2);
        assert!(demo.member.iter().any(|m| m.group == "Independent"));
        for post in ["Clerk", "RFO", "Assistant"] {
            assert!(demo.officer.iter().any(|o| o.post == post), "{post}");
        }
    }

    #[test]
    fn demo_data_files_parse() {
        for (data, section) in [
            (DemoData::Blackout, "election"),
            (DemoData::Blackout, "publicity"),
            (DemoData::Requests, "report"),
            (DemoData::Requests, "meeting"),
            (DemoData::Requests, "info"),
            (DemoData::Disclosures, "disclosure"),
            (DemoData::Gifts, "gift"),
            (DemoData::Dispensations, "dispensation"),
            (DemoData::Sars, "sar"),
        ] {
            assert!(
                !demo_records(data, section).unwrap().is_empty(),
                "{section}"
            );
        }
    }

    #[test]
    fn publicity_words_parse_and_no_list_is_empty() {
        let w = publicity_words().unwrap();
        for (name, list) in [
            ("common_word_surnames", &w.common_word_surnames),
            ("particles", &w.particles),
            ("civic_titles", &w.civic_titles),
            ("plural_titles", &w.plural_titles),
            ("honorifics", &w.honorifics),
            ("speech_words", &w.speech_words),
            ("party_words", &w.party_words),
            ("party_phrases", &w.party_phrases),
            ("party_abbreviations", &w.party_abbreviations),
            ("credit_words", &w.credit_words),
        ] {
            assert!(!list.is_empty(), "{name}");
        }
        assert!(w.common_word_surnames.contains("green"));
        assert!(w.civic_titles.contains("cllr"));
    }

    #[test]
    fn malformed_publicity_words_name_the_file() {
        let err = parse_publicity_words("particles = [\"ap\"]\nhonorifics = 3\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("assets/publicity-words.toml"), "{text}");
        assert!(text.contains("malformed"), "{text}");
    }

    #[test]
    fn demo_dates_resolve_relative_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(demo_date("today-12", today), "2026-11-10");
        assert_eq!(demo_date("today+45", today), "2027-01-06");
        assert_eq!(demo_date("2023-05-04", today), "2023-05-04");
    }
}

#[cfg(test)]
mod clause_tests {
    use super::profiles;

    /// Every model words the protocol rules in its own clauses, and cites no other model's.
    #[test]
    fn each_profile_cites_only_its_own_protocols() {
        let protocol_rules = [
            "R-E1", "R-E1.1", "R-E1.2", "R-E1.4", "R-E1.5", "R-E1.7", "R-E2", "R-E2.1", "R-E2.3",
            "R-E2.4",
        ];
        for p in profiles().unwrap() {
            for rule in protocol_rules {
                let clause = p
                    .clause_for(rule)
                    .unwrap_or_else(|| panic!("{}: no clause for {rule}", p.id));
                assert!(
                    p.sources.iter().any(|s| clause.starts_with(s.as_str())),
                    "{}: {rule} cites {clause}, not one of {:?}",
                    p.id,
                    p.sources
                );
            }
            for (rule, clause) in &p.clauses {
                assert!(
                    p.sources.iter().any(|s| clause.starts_with(s.as_str())),
                    "{}: {rule} cites {clause}",
                    p.id
                );
            }
        }
    }
}
