//! How the CLI shows records: rows of named columns, rendered as an aligned table (every cell made
//! safe for the terminal), CSV or JSON; a register exported as CSV or a Markdown table, to a file
//! through the safe writer or to the screen; and the lines every list ends with (nothing to show,
//! what is overdue).

use std::io::Write;
use std::path::Path;

use clap::ValueEnum;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::csvsafe::{self, Bom};
use crate::domain::text::{sanitize, sanitized};
use crate::files::{self, Overwrite};

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

    /// [`Cell::text`] made safe for the terminal ([`sanitize`]), borrowed from the cell when
    /// it needs no change.
    fn safe_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Cell::Text(s) => sanitized(s),
            Cell::List(items) => std::borrow::Cow::Owned(sanitize(&items.join("; "))),
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
            .map(|r| r.iter().map(Cell::safe_text).collect::<Vec<_>>());
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

/// A listing, or `empty` in its place when a table would have no rows (CSV and JSON still print
/// their empty form, for scripts).
pub fn print_or_say(listing: &Listing, format: Format, empty: &str) -> super::Outcome {
    if listing.rows.is_empty() && format == Format::Table {
        say(empty);
        return Ok(());
    }
    super::print_listing(listing, format)
}

/// A due list: on the screen its heading, the list or `empty`, then `after` (the overdue line);
/// as CSV or JSON the rows alone, for scripts.
pub fn print_due(
    listing: &Listing,
    format: Format,
    heading: &str,
    empty: &str,
    after: impl FnOnce(),
) -> super::Outcome {
    if format != Format::Table {
        return super::print_listing(listing, format);
    }
    say(heading);
    if listing.rows.is_empty() {
        say(empty);
        return Ok(());
    }
    super::print_listing(listing, format)?;
    after();
    Ok(())
}

/// `OVERDUE: H-0001 (Cllr …), H-0004 (…) — why.`, said loudly after a list; nothing when nothing
/// is late.
pub fn say_overdue(late: &[String], why: &str) {
    if !late.is_empty() {
        say(&format!("OVERDUE: {} — {why}.", late.join(", ")));
    }
}

/// `H-0002: notified — within the time limit`: the line every register prints after a step.
pub fn say_step(reference: &str, action: &str, note: Option<&str>) {
    match note {
        Some(note) => say(&format!("{reference}: {action} — {note}")),
        None => say(&format!("{reference}: {action}")),
    }
}

/// The two forms a register is exported in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    /// A Markdown table under a heading naming the council and the date.
    Md,
}

/// A cell in a Markdown table: one line, and nothing that Markdown or HTML would act on.
pub fn md_cell(text: &str) -> String {
    let flat = sanitize(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut out = String::with_capacity(flat.len());
    for c in flat.chars() {
        if "\\|`*_[]<>#~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A register as it is exported: the same columns and rows whichever the format.
pub struct RegisterExport<'a> {
    /// The Markdown heading: the council, which register, the date.
    pub title: String,
    /// The Markdown paragraph under it: what is in it, under which rule.
    pub intro: String,
    pub header: Vec<&'a str>,
    pub rows: Vec<Vec<String>>,
}

impl RegisterExport<'_> {
    /// CSV through the one CSV writer (a byte-order mark in a file, on the screen only on
    /// `--bom`), or a Markdown table every cell of which is made inert.
    pub fn bytes(&self, format: ExportFormat, to_file: bool) -> Result<Vec<u8>, super::Failure> {
        match format {
            ExportFormat::Csv => {
                let bom = if to_file { Bom::With } else { screen_bom() };
                csvsafe::write(&self.header, &self.rows, bom).map_err(|e| super::Failure::new(1, e))
            }
            ExportFormat::Md => {
                let mut md = format!("# {}\n\n{}\n\n", self.title, self.intro);
                if self.rows.is_empty() {
                    md.push_str("No entries.\n");
                } else {
                    md.push_str(&format!("| {} |\n", self.header.join(" | ")));
                    md.push_str(&format!("|{}\n", "---|".repeat(self.header.len())));
                    for row in &self.rows {
                        let row: Vec<String> = row.iter().map(|c| md_cell(c)).collect();
                        md.push_str(&format!("| {} |\n", row.join(" | ")));
                    }
                }
                Ok(md.into_bytes())
            }
        }
    }

    /// To `out` (owner-only, atomic, never through a link, never over a file without `force`),
    /// then `wrote` names what was written; or to the screen.
    pub fn write(
        &self,
        format: ExportFormat,
        out: Option<&Path>,
        force: bool,
        wrote: impl FnOnce(&Path) -> String,
    ) -> super::Outcome {
        let bytes = self.bytes(format, out.is_some())?;
        match out {
            Some(path) => {
                files::write_private(path, &bytes, Overwrite::forced(force))
                    .map_err(|e| super::Failure::new(1, e.to_string()))?;
                say(&wrote(path));
            }
            None => print(&String::from_utf8_lossy(&bytes)),
        }
        Ok(())
    }
}

/// `1 entry`, `3 entries`.
pub fn entries(n: usize) -> String {
    format!("{n} entr{}", if n == 1 { "y" } else { "ies" })
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

    #[test]
    fn a_markdown_register_is_one_table_of_inert_cells_or_says_it_is_empty() {
        let mut register = RegisterExport {
            title: "Ashcombe Parish Council: register, 2026-11-22".into(),
            intro: "Every entry (R-D4).".into(),
            header: vec!["reference", "business"],
            rows: vec![vec!["D-0001".into(), "a | b\n**bold** <script> `x`".into()]],
        };
        let md = String::from_utf8(register.bytes(ExportFormat::Md, true).unwrap()).unwrap();
        assert_eq!(
            md,
            "# Ashcombe Parish Council: register, 2026-11-22\n\nEvery entry (R-D4).\n\n\
             | reference | business |\n|---|---|\n\
             | D-0001 | a \\| b \\*\\*bold\\*\\* \\<script\\> \\`x\\` |\n"
        );
        register.rows.clear();
        let md = String::from_utf8(register.bytes(ExportFormat::Md, true).unwrap()).unwrap();
        assert!(md.ends_with("Every entry (R-D4).\n\nNo entries.\n"), "{md}");
        let csv = register.bytes(ExportFormat::Csv, true).unwrap();
        assert!(csv.starts_with("\u{feff}reference,business".as_bytes()));
    }
}
