//! Where councils live on disk: one sled store per council under the platform data folder
//! (`~/.local/share/clerkdesk/councils/<slug>/` on Linux), the last one used, and the list for the
//! council switcher. `CLERKDESK_HOME` moves the whole tree (tests, or a clerk's encrypted drive).

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::domain::due::DueCounts;
use crate::files::{write_private, Overwrite, WriteError};

/// A file beside the sled files naming the council, so the switcher can list councils without
/// opening (and locking) their stores.
const NAME_FILE: &str = "council-name.txt";
const LAST_FILE: &str = "last-council";
/// The folder (under the root) of each council's due summary, one file per council folder.
const SUMMARY_DIR: &str = "summaries";
/// The first line of a summary file: what it is and its format's version.
const SUMMARY_HEADER: &str = "clerkdesk due summary 1";

#[derive(Debug, Clone)]
pub struct Places {
    root: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilEntry {
    pub slug: String,
    pub path: PathBuf,
    pub name: Option<String>,
    /// What the council owed when it last closed, from its summary file: `None` when the file is
    /// missing or cannot be read (the switcher shows "—").
    pub due: Option<DueSummary>,
}

/// A council's due counts as it wrote them on closing (see [`Places::write_summary`]): counts
/// only, never a name or a reference, so the switcher can show them without opening its store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DueSummary {
    /// The day the counts were taken.
    pub on: NaiveDate,
    pub counts: DueCounts,
}

impl Places {
    /// `CLERKDESK_HOME`, or the platform's data folder for clerkdesk.
    pub fn from_env() -> Result<Places, String> {
        if let Some(home) = std::env::var_os("CLERKDESK_HOME").filter(|h| !h.is_empty()) {
            return Ok(Places {
                root: PathBuf::from(home),
            });
        }
        directories::ProjectDirs::from("", "", "clerkdesk")
            .map(|d| Places {
                root: d.data_dir().to_path_buf(),
            })
            .ok_or_else(|| {
                "cannot find a home folder for clerkdesk's data: set CLERKDESK_HOME".to_string()
            })
    }

    pub fn at(root: impl Into<PathBuf>) -> Places {
        Places { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn councils_dir(&self) -> PathBuf {
        self.root.join("councils")
    }

    pub fn council_dir(&self, name: &str) -> PathBuf {
        self.councils_dir().join(slug(name))
    }

    /// Every council folder, sorted by slug.
    pub fn councils(&self) -> Vec<CouncilEntry> {
        let Ok(entries) = fs::read_dir(self.councils_dir()) else {
            return Vec::new();
        };
        let mut list: Vec<CouncilEntry> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_dir())
            .map(|e| {
                let path = e.path();
                CouncilEntry {
                    slug: e.file_name().to_string_lossy().into_owned(),
                    name: read_name(&path),
                    due: self.read_summary(&path),
                    path,
                }
            })
            .collect();
        list.sort_by(|a, b| a.slug.cmp(&b.slug));
        list
    }

    /// Where the due summary of the council stored in `store` lives: `summaries/<slug>` under the
    /// root, outside the store folder (files.rs never writes into one). Only a council in the
    /// councils folder has one: a store elsewhere (`--store`) is not listed by the switcher.
    fn summary_path(&self, store: &Path) -> Option<PathBuf> {
        (store.parent()? == self.councils_dir())
            .then(|| store.file_name())
            .flatten()
            .map(|slug| self.root.join(SUMMARY_DIR).join(slug))
    }

    /// Writes what the council in `store` owes on `on` for the switcher: counts only, atomically
    /// and owner-only through `files::write_private`. A store outside the councils folder writes
    /// nothing.
    pub fn write_summary(
        &self,
        store: &Path,
        on: NaiveDate,
        counts: DueCounts,
    ) -> Result<(), WriteError> {
        let Some(path) = self.summary_path(store) else {
            return Ok(());
        };
        let text = format!(
            "{SUMMARY_HEADER}\non {on}\noverdue {}\ndue this week {}\n",
            counts.overdue, counts.this_week
        );
        write_private(&path, text.as_bytes(), Overwrite::Replace)
    }

    /// The summary the council in `store` wrote when it last closed; `None` when there is none or
    /// it is not exactly what [`Places::write_summary`] writes (damaged, cut short, another
    /// version).
    pub fn read_summary(&self, store: &Path) -> Option<DueSummary> {
        let path = self.summary_path(store)?;
        // A summary is a few dozen bytes: anything bigger is not one.
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > 256 {
            return None;
        }
        let text = fs::read_to_string(&path).ok()?;
        let mut lines = text.lines();
        if lines.next()? != SUMMARY_HEADER {
            return None;
        }
        let on = NaiveDate::parse_from_str(lines.next()?.strip_prefix("on ")?, "%Y-%m-%d").ok()?;
        let overdue = lines.next()?.strip_prefix("overdue ")?.parse().ok()?;
        let this_week = lines.next()?.strip_prefix("due this week ")?.parse().ok()?;
        if lines.next().is_some() {
            return None;
        }
        Some(DueSummary {
            on,
            counts: DueCounts { overdue, this_week },
        })
    }

    pub fn last_used(&self) -> Option<PathBuf> {
        let text = fs::read_to_string(self.root.join(LAST_FILE)).ok()?;
        let path = PathBuf::from(text.trim());
        path.is_dir().then_some(path)
    }

    /// Remembers the store that opens by default next time. Best effort: failing to remember is not
    /// worth stopping the clerk for.
    pub fn set_last_used(&self, store: &Path) {
        if fs::create_dir_all(&self.root).is_ok() {
            let _ = fs::write(
                self.root.join(LAST_FILE),
                store.to_string_lossy().as_bytes(),
            );
        }
    }
}

pub fn read_name(store: &Path) -> Option<String> {
    fs::read_to_string(store.join(NAME_FILE))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

pub fn write_name(store: &Path, name: &str) {
    let _ = fs::write(store.join(NAME_FILE), name.as_bytes());
}

/// A folder name for a council: lower case letters and digits joined by dashes.
/// "Ashcombe Parish Council" → "ashcombe-parish-council"; "Llanfair Pwllgwyngyll" keeps its letters.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(|c| c.to_lowercase()) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "council".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_folder_safe() {
        assert_eq!(slug("Ashcombe Parish Council"), "ashcombe-parish-council");
        assert_eq!(slug("  St. Mary's / Town  "), "st-mary-s-town");
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("Siân's Town"), "siân-s-town");
        assert_eq!(slug("!!!"), "council");
    }

    #[test]
    fn councils_are_listed_with_their_names_and_last_used_remembered() {
        let tmp = tempfile::tempdir().unwrap();
        let places = Places::at(tmp.path());
        assert!(places.councils().is_empty());
        let a = places.council_dir("Ashcombe");
        fs::create_dir_all(&a).unwrap();
        write_name(&a, "Ashcombe Parish Council");
        fs::create_dir_all(places.council_dir("Brook")).unwrap();
        let list = places.councils();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].name.as_deref(), Some("Ashcombe Parish Council"));
        assert_eq!(list[1].name, None);
        assert_eq!(places.last_used(), None);
        places.set_last_used(&a);
        assert_eq!(places.last_used(), Some(a));
    }

    #[test]
    fn a_summary_holds_counts_only_and_a_damaged_one_reads_as_none() {
        let tmp = tempfile::tempdir().unwrap();
        let places = Places::at(tmp.path());
        let a = places.council_dir("Ashcombe");
        fs::create_dir_all(&a).unwrap();
        let on = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let counts = DueCounts {
            overdue: 3,
            this_week: 2,
        };
        assert_eq!(places.read_summary(&a), None, "none written yet");
        places.write_summary(&a, on, counts).unwrap();
        assert_eq!(places.read_summary(&a), Some(DueSummary { on, counts }));
        assert_eq!(places.councils()[0].due, Some(DueSummary { on, counts }));
        // Beside the store, not in it, and owner-only.
        let path = tmp.path().join("summaries").join("ashcombe");
        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "clerkdesk due summary 1\non 2026-11-22\noverdue 3\ndue this week 2\n"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // Written again on the next close: replaced.
        places.write_summary(&a, on, DueCounts::default()).unwrap();
        assert_eq!(
            places.read_summary(&a).map(|s| s.counts),
            Some(DueCounts::default())
        );
        for damaged in [
            "",
            "clerkdesk due summary 1\non 2026-11-22\noverdue 3\n",
            "clerkdesk due summary 2\non 2026-11-22\noverdue 3\ndue this week 2\n",
            "clerkdesk due summary 1\non 31/02/2026\noverdue 3\ndue this week 2\n",
            "clerkdesk due summary 1\non 2026-11-22\noverdue -1\ndue this week 2\n",
            "clerkdesk due summary 1\non 2026-11-22\noverdue 3\ndue this week 2\nM-001\n",
            "\u{0}\u{1}garbage",
        ] {
            fs::write(&path, damaged).unwrap();
            assert_eq!(places.read_summary(&a), None, "{damaged:?}");
        }
        // A store outside the councils folder has no summary and writes none.
        let elsewhere = tmp.path().join("elsewhere");
        places.write_summary(&elsewhere, on, counts).unwrap();
        assert_eq!(places.read_summary(&elsewhere), None);
        assert_eq!(
            fs::read_dir(tmp.path().join("summaries")).unwrap().count(),
            1
        );
    }
}
