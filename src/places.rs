//! Where councils live on disk: one sled store per council under the platform data folder
//! (`~/.local/share/clerkdesk/councils/<slug>/` on Linux), the last one used, and the list for the
//! council switcher. `CLERKDESK_HOME` moves the whole tree (tests, or a clerk's encrypted drive).

use std::fs;
use std::path::{Path, PathBuf};

/// A file beside the sled files naming the council, so the switcher can list councils without
/// opening (and locking) their stores.
const NAME_FILE: &str = "council-name.txt";
const LAST_FILE: &str = "last-council";

#[derive(Debug, Clone)]
pub struct Places {
    root: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CouncilEntry {
    pub slug: String,
    pub path: PathBuf,
    pub name: Option<String>,
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
                    path,
                }
            })
            .collect();
        list.sort_by(|a, b| a.slug.cmp(&b.slug));
        list
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
}
