//! How the CLI shows records: rows of named columns, rendered as an aligned table (every cell made
//! safe for the terminal), CSV or JSON.

use std::io::Write;

use clap::ValueEnum;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::csvsafe::{self, Bom};
use crate::domain::text::sanitize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// One cell: text for tables and CSV; JSON may keep a list as a list.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    List(Vec<String>),
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::List(items) => items.join("; "),
        }
    }

    fn json(&self) -> Value {
        match self {
            Cell::Text(s) => Value::String(sanitize(s)),
            Cell::List(items) => {
                Value::Array(items.iter().map(|s| Value::String(sanitize(s))).collect())
            }
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

/// A listing: column keys (snake_case, used by CSV and JSON), table headings, and rows.
pub struct Listing {
    pub columns: Vec<(&'static str, &'static str)>,
    pub rows: Vec<Vec<Cell>>,
}

impl Listing {
    pub fn render(&self, format: Format) -> Result<String, String> {
        match format {
            Format::Table => Ok(self.table()),
            Format::Csv => self.csv(),
            Format::Json => self.json(),
        }
    }

    /// Aligned columns; widths counted in characters, every cell sanitised.
    fn table(&self) -> String {
        let header: Vec<String> = self.columns.iter().map(|(_, h)| h.to_string()).collect();
        let body: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| sanitize(&c.text())).collect())
            .collect();
        let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in &body {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let line = |cells: &[String]| -> String {
            let mut out = String::new();
            for (i, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                if i > 0 {
                    out.push_str("  ");
                }
                out.push_str(cell);
                out.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
            }
            out.trim_end().to_string()
        };
        let mut out = line(&header);
        out.push('\n');
        for row in &body {
            out.push_str(&line(row));
            out.push('\n');
        }
        out
    }

    /// Through the one CSV writer ([`crate::csvsafe`]): formulas neutralised, every cell made safe
    /// for the terminal, a byte-order mark only when `--bom` asked for one.
    fn csv(&self) -> Result<String, String> {
        let keys: Vec<&str> = self.columns.iter().map(|(k, _)| *k).collect();
        let rows = self
            .rows
            .iter()
            .map(|r| r.iter().map(|c| sanitize(&c.text())).collect::<Vec<_>>());
        let bytes = csvsafe::write(&keys, rows, screen_bom())?;
        String::from_utf8(bytes).map_err(|e| format!("cannot write CSV: {e}"))
    }

    fn json(&self) -> Result<String, String> {
        let items: Vec<JsonRow> = self
            .rows
            .iter()
            .map(|row| JsonRow {
                columns: &self.columns,
                cells: row,
            })
            .collect();
        let mut text =
            serde_json::to_string_pretty(&items).map_err(|e| format!("cannot write JSON: {e}"))?;
        text.push('\n');
        Ok(text)
    }
}

/// One row as a JSON object whose keys keep the column order.
struct JsonRow<'a> {
    columns: &'a [(&'static str, &'static str)],
    cells: &'a [Cell],
}

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for ((key, _), cell) in self.columns.iter().zip(self.cells) {
            map.serialize_entry(key, &cell.json())?;
        }
        map.end()
    }
}

/// Whether CSV on the screen starts with a byte-order mark (`--bom`). Files always do.
static SCREEN_BOM: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn set_screen_bom(bom: bool) {
    SCREEN_BOM.store(bom, std::sync::atomic::Ordering::Relaxed);
}

pub fn screen_bom() -> Bom {
    if SCREEN_BOM.load(std::sync::atomic::Ordering::Relaxed) {
        Bom::With
    } else {
        Bom::Without
    }
}

/// The first failure to write to stdout, other than a closed pipe: [`super::main`] reports it and
/// exits non-zero, so `clerkdesk members list > /dev/full` cannot look like success.
static STDOUT_FAILED: std::sync::Mutex<Option<String>> = std::sync::Mutex::new(None);

/// Writes to stdout. A closed pipe (`clerkdesk members list | head`) is not an error; any other
/// failure (a full disk) is remembered for [`stdout_failure`].
pub fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let mut failed = STDOUT_FAILED.lock().unwrap_or_else(|p| p.into_inner());
            failed.get_or_insert_with(|| format!("cannot write to standard output: {e}"));
        }
    }
}

/// Why writing to stdout failed, if it did.
pub fn stdout_failure() -> Option<String> {
    STDOUT_FAILED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
}

/// One line to stdout, made safe for the terminal.
pub fn say(line: &str) {
    print(&format!("{}\n", sanitize(line)));
}

/// One line to stderr, made safe for the terminal.
pub fn complain(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", sanitize(line));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing() -> Listing {
        Listing {
            columns: vec![("ref", "REF"), ("name", "NAME"), ("offices", "OFFICES")],
            rows: vec![
                vec![
                    "M-001".into(),
                    "Siân ap Dafydd".into(),
                    Cell::List(vec!["Chair".into(), "Leader".into()]),
                ],
                vec!["M-002".into(), "Eve\u{1b}[2J".into(), Cell::List(vec![])],
            ],
        }
    }

    #[test]
    fn tables_align_by_characters_and_are_sanitised() {
        let t = listing().render(Format::Table).unwrap();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "REF    NAME            OFFICES");
        assert_eq!(lines[1], "M-001  Siân ap Dafydd  Chair; Leader");
        assert!(!t.contains('\u{1b}'));
    }

    #[test]
    fn json_keeps_lists() {
        let v: Value = serde_json::from_str(&listing().render(Format::Json).unwrap()).unwrap();
        assert_eq!(v[0]["offices"][1], "Leader");
        assert_eq!(v[0]["name"], "Siân ap Dafydd");
    }

    #[test]
    fn csv_on_the_screen_neutralises_formulas_and_has_no_bom() {
        let l = Listing {
            columns: vec![("name", "NAME"), ("phone", "PHONE")],
            rows: vec![
                vec!["=HYPERLINK(\"x\")".into(), "+44 1632 960 771".into()],
                vec!["@SUM(A1)".into(), "+cmd|' /C calc'!A0".into()],
                vec!["Siân".into(), "-1-1".into()],
            ],
        };
        let csv = l.render(Format::Csv).unwrap();
        assert!(csv.starts_with("name,phone\n"), "{csv}");
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"x\"\")\",'+44 1632 960 771\n"),
            "{csv}"
        );
        assert!(csv.contains("'@SUM(A1),'+cmd|' /C calc'!A0\n"), "{csv}");
        assert!(csv.contains("Siân,'-1-1\n"), "{csv}");
    }
}
