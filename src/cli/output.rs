//! How the CLI shows records: rows of named columns, rendered as an aligned table (every cell made
//! safe for the terminal), CSV or JSON.

use std::io::Write;

use clap::ValueEnum;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

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

    fn csv(&self) -> Result<String, String> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let err = |e: csv::Error| format!("cannot write CSV: {e}");
        w.write_record(self.columns.iter().map(|(k, _)| *k))
            .map_err(err)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| sanitize(&c.text())))
                .map_err(err)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| format!("cannot write CSV: {e}"))?;
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

/// A CSV file for a spreadsheet: exact text, except that a cell a spreadsheet would run as a formula
/// (`=…`, `@…`, `+cmd…`) is prefixed with `'`. Phone numbers like `+44 1632 960 771` are left alone.
pub fn spreadsheet_csv(header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| format!("cannot write CSV: {e}");
    w.write_record(header).map_err(err)?;
    for row in rows {
        w.write_record(row.iter().map(|c| defuse_formula(c)))
            .map_err(err)?;
    }
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}

pub fn defuse_formula(cell: &str) -> String {
    let mut chars = cell.chars();
    let risky = match chars.next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !chars.all(|c| c.is_ascii_digit() || " ()-.".contains(c)),
        _ => false,
    };
    if risky {
        format!("'{cell}")
    } else {
        cell.to_string()
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
    fn formulas_are_defused_but_phone_numbers_kept() {
        assert_eq!(defuse_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse_formula("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(defuse_formula("+44 1632 960 771"), "+44 1632 960 771");
        assert_eq!(defuse_formula("Siân"), "Siân");
    }
}
