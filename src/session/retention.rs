//! Retention and disposal (R-DP2): the schedule (built in, `assets/retention.toml`, with the
//! council's own periods over it), what is due for review, and disposal as one transaction: the
//! record anonymised in place, its audit events the same, an audit event saying so, and an entry in
//! the disposal log; then the change journal compacted and the database rewritten, so no copy of
//! the old text is left in either; then which automatic backups still hold it.

use std::path::PathBuf;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{Result, Session, SessionError};
use crate::assets::AssetError;
use crate::domain::audit::Subject;
use crate::domain::retention::{self, Disposal, Kind, Period, Record, Review, Schedule};
use crate::domain::rules::{FieldError, Rejection};
use crate::store::{backup, folder, Record as _, Write};

const FILE: &str = "retention.toml";
const TEXT: &str = include_str!("../../assets/retention.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScheduleFile {
    source: String,
    kind: Vec<PeriodFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodFile {
    key: String,
    label: String,
    years: u32,
    after: String,
    basis: String,
}

fn parse(text: &str) -> std::result::Result<Schedule, String> {
    let file: ScheduleFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut periods = Vec::new();
    for p in file.kind {
        let kind =
            Kind::from_key(&p.key).ok_or_else(|| format!("no kind of record '{}'", p.key))?;
        if periods.iter().any(|q: &Period| q.kind == kind) {
            return Err(format!("'{}' is given twice", p.key));
        }
        periods.push(Period {
            kind,
            label: p.label,
            years: p.years,
            after: p.after,
            basis: p.basis,
        });
    }
    Ok(Schedule {
        source: file.source,
        periods,
    })
}

/// The built-in retention schedule.
pub fn default_schedule() -> std::result::Result<&'static Schedule, AssetError> {
    static SCHEDULE: OnceLock<std::result::Result<Schedule, String>> = OnceLock::new();
    SCHEDULE
        .get_or_init(|| parse(TEXT))
        .as_ref()
        .map_err(|detail| AssetError::Malformed {
            file: FILE,
            detail: detail.clone(),
        })
}

/// What a disposal did, for the clerk to be told.
#[derive(Debug, Clone)]
pub struct Disposed {
    pub entry: Disposal,
    /// Automatic backups that still hold the record as it was (they age out with the rotation).
    pub backups: Vec<PathBuf>,
    /// Files moved aside earlier (`quarantine/`), which may hold older copies too.
    pub quarantine: Option<PathBuf>,
}

impl Session {
    pub fn retention_subject() -> Subject {
        Subject("retention schedule".into())
    }

    /// The records the schedule covers; register entries with the day their member or officer left.
    fn retention_records(&self) -> impl Iterator<Item = Record<'_>> {
        let member_left = |id| {
            self.members
                .iter()
                .find(|m| m.id == id)
                .and_then(|m| m.term_end)
        };
        let officer_left = |id| {
            self.officers
                .iter()
                .find(|o| o.id == id)
                .and_then(|o| o.left)
        };
        self.cases
            .iter()
            .map(Record::Case)
            .chain(self.sars.iter().map(Record::Sar))
            .chain(self.info_requests.iter().map(Record::Info))
            .chain(
                self.disclosures
                    .iter()
                    .map(move |d| Record::Disclosure(d, member_left(d.member))),
            )
            .chain(self.gifts.iter().map(move |g| {
                let left = match g.recipient {
                    crate::domain::gifts::Recipient::Member(m) => member_left(m),
                    crate::domain::gifts::Recipient::Officer(o) => officer_left(o),
                };
                Record::Gift(g, left)
            }))
            .chain(self.correspondence.iter().map(Record::Letter))
    }

    /// The schedule in force: the built-in periods with the council's own over them.
    pub fn retention_periods(&self) -> Result<Vec<Period>> {
        let schedule = default_schedule()?;
        Ok(schedule
            .kinds()
            .filter_map(|k| schedule.period(k, &self.retention))
            .collect())
    }

    /// Records due for disposal review today (R-DP2).
    pub fn retention_due(&self) -> Result<Vec<Review>> {
        let schedule = default_schedule()?;
        Ok(retention::due(
            self.retention_records(),
            schedule,
            &self.retention,
            &self.disposals,
            self.today,
        ))
    }

    /// Finds a record the schedule covers by its reference (`G-2026-007`, `S-0003`, `RQ-2026-004`).
    fn retention_record(&self, reference: &str) -> Result<Record<'_>> {
        let wanted = reference.trim();
        if let Some(r) = self
            .retention_records()
            .find(|r| r.reference().eq_ignore_ascii_case(wanted))
        {
            return Ok(r);
        }
        // The short forms each register's commands take (`s3`, `d7`, `h2`).
        let found = match wanted.to_uppercase().chars().next() {
            Some('S') => self.sar(wanted).ok().map(|s| s.reference()),
            Some('D') => self.disclosure(wanted).ok().map(|d| d.reference()),
            Some('H') => self.gift(wanted).ok().map(|g| g.reference()),
            Some('C') => self.logged_letter(wanted).ok().map(|l| l.reference()),
            _ => None,
        };
        if let Some(r) = found.and_then(|f| self.retention_records().find(|r| r.reference() == f)) {
            return Ok(r);
        }
        Err(SessionError::NotFound {
            what: "case, request, subject access request, register entry or letter",
            reference: wanted.to_string(),
        })
    }

    /// The council sets its own period for a kind of record (R-DP2), recorded in the audit trail.
    pub fn set_retention(&mut self, kind: &str, years: &str) -> Result<Period> {
        self.require_ctx()?;
        let bad = |field: &'static str, message: String| {
            SessionError::Rejected(Rejection::Invalid(vec![FieldError::new(field, message)]))
        };
        let known = || {
            Kind::ALL
                .iter()
                .map(|k| k.key())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let kind = Kind::from_key(kind).ok_or_else(|| {
            bad(
                "KIND",
                format!("'{kind}' is not a kind of record (one of: {})", known()),
            )
        })?;
        let years: u32 = years
            .trim()
            .parse()
            .ok()
            .filter(|y| (1..=retention::MAX_YEARS).contains(y))
            .ok_or_else(|| {
                bad(
                    "YEARS",
                    format!(
                        "'{years}' is not a number of years from 1 to {}",
                        retention::MAX_YEARS
                    ),
                )
            })?;
        let schedule = default_schedule()?;
        let in_words = |n: u32| format!("{n} year{}", if n == 1 { "" } else { "s" });
        let before = schedule
            .period(kind, &self.retention)
            .map(|p| in_words(p.years))
            .unwrap_or_default();
        let mut next = self.retention.clone();
        next.years.insert(kind.key().to_string(), years);
        let mut event = self.draft(Self::retention_subject(), "retention period set");
        event.changes = vec![crate::domain::audit::Change {
            field: kind.key().to_string(),
            before,
            after: in_words(years),
        }];
        event.cite = Some(retention::cite());
        self.writable()?;
        self.store.commit(vec![Write::put(&next)], vec![event])?;
        self.retention = next;
        schedule
            .period(kind, &self.retention)
            .ok_or_else(|| SessionError::NotFound {
                what: "retention period",
                reference: kind.key().into(),
            })
    }

    /// Disposes of a record whose retention period has run (R-DP2): anonymised in place with its
    /// audit events, in one transaction with an audit event and a disposal log entry; then the
    /// journal compacted and the database rewritten so neither keeps the old text. Refused, with
    /// R-DP2, for a record still open, not yet due, or disposed of already.
    pub fn dispose(&mut self, reference: &str) -> Result<Disposed> {
        self.require_ctx()?;
        let schedule = default_schedule()?;
        let record = self.retention_record(reference)?;
        let review = retention::review(
            record,
            schedule,
            &self.retention,
            &self.disposals,
            self.today,
        )
        .map_err(Rejection::Refused)?;
        let personal = retention::personal_text(record);
        let (subject, write, tree, key) = match record {
            Record::Case(c) => {
                let after = retention::anonymise_case(c);
                (
                    Self::case_subject(&c.reference),
                    Write::put(&after),
                    crate::domain::grievance::Case::TREE,
                    after.key(),
                )
            }
            Record::Sar(s) => {
                let after = retention::anonymise_sar(s);
                (
                    Self::sar_subject(s.id),
                    Write::put(&after),
                    crate::domain::sar::Sar::TREE,
                    after.key(),
                )
            }
            Record::Info(r) => {
                let after = retention::anonymise_info(r);
                (
                    Self::info_subject(&r.reference),
                    Write::put(&after),
                    crate::domain::requests::InfoRequest::TREE,
                    after.key(),
                )
            }
            Record::Disclosure(d, _) => {
                let after = retention::anonymise_disclosure(d);
                (
                    Self::disclosure_subject(d.id),
                    Write::put(&after),
                    crate::domain::disclosure::Disclosure::TREE,
                    after.key(),
                )
            }
            Record::Gift(g, _) => {
                let after = retention::anonymise_gift(g);
                (
                    Self::gift_subject(g.id),
                    Write::put(&after),
                    crate::domain::gifts::Gift::TREE,
                    after.key(),
                )
            }
            Record::Letter(l) => {
                let after = retention::anonymise_letter(l);
                (
                    Self::letter_subject(l.id),
                    Write::put(&after),
                    crate::domain::correspondence::Letter::TREE,
                    after.key(),
                )
            }
        };
        // Its own events lose their personal text; any other event quoting it loses that text.
        let trail = self.store.audit()?;
        let anonymised: Vec<_> = trail
            .iter()
            .filter_map(|e| {
                if e.subject == subject {
                    let a = retention::anonymise_own_event(e);
                    (a != *e).then_some(a)
                } else {
                    retention::scrub_event(e, &personal)
                }
            })
            .collect();
        let own_events = trail.iter().filter(|e| e.subject == subject).count();
        let at = (self.clock)();
        let entry = Disposal {
            id: self.disposals.iter().map(|d| d.id).max().unwrap_or(0) + 1,
            kind: review.kind,
            reference: review.reference.clone(),
            ended_on: review.ended_on,
            at,
            by: self.actor.clone(),
            years: review.period.years,
            cite: retention::cite(),
            events: own_events,
        };
        let mut event = self.draft(subject, "disposed under R-DP2");
        event.at = at;
        event.note = Some(format!(
            "personal data and free text anonymised after {} year{} from its {} on {} (retention schedule: {}); disposal log entry {}",
            review.period.years,
            if review.period.years == 1 { "" } else { "s" },
            review.period.after,
            review.ended_on.format("%Y-%m-%d"),
            schedule.source,
            entry.id
        ));
        event.cite = Some(retention::cite());
        self.writable()?;
        self.store
            .commit_disposal(vec![write, Write::put(&entry)], anonymised, vec![event])?;
        self.store.rewrite_without_old_copies()?;
        self.reload_disposed()?;
        self.disposals.push(entry.clone());
        let now = self.store.raw_in(tree, &key)?;
        let backups = backup::holding(self.store.path(), tree, &key, now.as_deref());
        let quarantine = Some(self.store.path().join(folder::QUARANTINE)).filter(|q| q.is_dir());
        Ok(Disposed {
            entry,
            backups,
            quarantine,
        })
    }

    /// Reads the disposed record's kind again from the store (the anonymised copies).
    fn reload_disposed(&mut self) -> Result<()> {
        self.cases = self.store.all()?;
        self.sars = self.store.all()?;
        self.info_requests = self.store.all()?;
        self.disclosures = self.store.all()?;
        self.gifts = self.store.all()?;
        self.correspondence = self.store.all()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::retention::RetentionSettings;

    #[test]
    fn the_built_in_schedule_reads_and_covers_every_kind() {
        let s = default_schedule().unwrap();
        for k in Kind::ALL {
            let p = s
                .period(k, &RetentionSettings::default())
                .unwrap_or_else(|| panic!("no period for {k:?}"));
            assert!(p.years >= 1, "{k:?}");
        }
        assert!(s.source.contains("NALC"), "{}", s.source);
        assert!(parse("source = \"x\"\n[[kind]]\nkey = \"nope\"\nlabel = \"\"\nyears = 1\nafter = \"\"\nbasis = \"\"\n").is_err());
    }
}
