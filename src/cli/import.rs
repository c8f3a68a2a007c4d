//! CSV import of members and officers: the header names `MemberInput` / `OfficerInput` fields, each
//! row becomes one input, and the session adds them all in one transaction or none at all.

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::output::say;
use super::{describe, Env, Failure, Outcome};
use crate::session::SessionError;

use crate::csvsafe;
use crate::domain::member::MemberInput;
use crate::domain::officer::OfficerInput;

/// A file larger than this is not a council's list of people.
const MAX_BYTES: u64 = 10 * 1024 * 1024;

pub const MEMBER_COLUMNS: [&str; 9] = [
    "name",
    "ward",
    "group",
    "joined_by",
    "term_start",
    "dpi_registered",
    "email",
    "phone",
    "sort_name",
];
pub const OFFICER_COLUMNS: [&str; 9] = [
    "name",
    "post",
    "title",
    "employment",
    "line_manager",
    "started",
    "protocol_briefed",
    "email",
    "phone",
];

/// A row of the file as the named columns, with the line it starts on (header = line 1).
pub struct Row {
    pub line: u64,
    pub values: Vec<(&'static str, String)>,
}

impl Row {
    fn get(&self, column: &str) -> String {
        self.values
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The column's value moved out of the row (an import's 100,000 rows are not copied).
    fn take(&mut self, column: &str) -> String {
        self.values
            .iter_mut()
            .find(|(c, _)| *c == column)
            .map(|(_, v)| std::mem::take(v))
            .unwrap_or_default()
    }

    /// The row as a member's input, copied (what `into_member` is held to in the tests).
    #[cfg(test)]
    pub fn member(&self) -> MemberInput {
        MemberInput {
            name: self.get("name"),
            sort_name: self.get("sort_name"),
            ward: self.get("ward"),
            group: self.get("group"),
            joined_by: self.get("joined_by"),
            term_start: self.get("term_start"),
            dpi_registered: self.get("dpi_registered"),
            email: self.get("email"),
            phone: self.get("phone"),
        }
    }

    /// The row as a member's input, its text moved rather than copied.
    pub fn into_member(mut self) -> MemberInput {
        MemberInput {
            name: self.take("name"),
            sort_name: self.take("sort_name"),
            ward: self.take("ward"),
            group: self.take("group"),
            joined_by: self.take("joined_by"),
            term_start: self.take("term_start"),
            dpi_registered: self.take("dpi_registered"),
            email: self.take("email"),
            phone: self.take("phone"),
        }
    }

    pub fn officer(&self) -> OfficerInput {
        OfficerInput {
            name: self.get("name"),
            post: self.get("post"),
            title: self.get("title"),
            employment: self.get("employment"),
            line_manager: self.get("line_manager"),
            started: self.get("started"),
            protocol_briefed: self.get("protocol_briefed"),
            email: self.get("email"),
            phone: self.get("phone"),
        }
    }
}

/// What went wrong reading the file: one line about the whole file, or a list of bad lines.
#[derive(Debug, PartialEq, Eq)]
pub enum ReadError {
    File(String),
    Lines(Vec<String>),
}

/// "Joined by", "joined-by" and "JOINED_BY" all name the `joined_by` column.
fn column_key(raw: &str) -> String {
    raw.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Where the file's newlines are, found once, so a record's line is a binary search rather than a
/// count from the top for every row (which made a 10,000-row import quadratic).
struct Lines {
    newlines: Vec<usize>,
}

impl Lines {
    fn of(text: &str) -> Lines {
        Lines {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// The line a record starts on, counted from the bytes: the csv crate's own line count skips
    /// blank lines, which would point the clerk at the wrong line of the file.
    fn line_at(&self, text: &str, position: &csv::Position) -> u64 {
        let bytes = text.as_bytes();
        let mut end = (position.byte() as usize).min(bytes.len());
        // The position may sit on the blank lines skipped before the record.
        while end < bytes.len() && (bytes[end] == b'\n' || bytes[end] == b'\r') {
            end += 1;
        }
        1 + self.newlines.partition_point(|&i| i < end) as u64
    }
}

/// Reads and checks a CSV file. `known` lists the columns the record has; `required` those the header
/// must name. Every problem is reported, each with its line.
pub fn read(path: &Path, known: &[&'static str], required: &[&str]) -> Result<Vec<Row>, ReadError> {
    let shown = path.display();
    let meta = std::fs::metadata(path)
        .map_err(|e| ReadError::File(format!("cannot read {shown}: {e}")))?;
    if meta.is_dir() {
        return Err(ReadError::File(format!(
            "{shown} is a folder, not a CSV file"
        )));
    }
    if meta.len() > MAX_BYTES {
        return Err(ReadError::File(format!(
            "{shown} is {} bytes; clerkdesk imports files up to {MAX_BYTES} bytes",
            meta.len()
        )));
    }
    let bytes =
        std::fs::read(path).map_err(|e| ReadError::File(format!("cannot read {shown}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = 1 + e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|b| **b == b'\n').count();
        ReadError::File(format!(
            "{shown}:{line}: the file is not UTF-8 text; save it from the spreadsheet as \"CSV UTF-8\""
        ))
    })?;
    // Spreadsheets write a byte-order mark at the start of "CSV UTF-8" files.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let lines = Lines::of(text);
    if text.trim().is_empty() {
        return Err(ReadError::File(format!(
            "{shown} is empty: it needs a header row naming the columns"
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| ReadError::File(format!("{shown}:1: the header row cannot be read: {e}")))?
        .clone();

    let mut problems = Vec::new();
    let mut columns: Vec<&'static str> = Vec::new();
    for raw in header.iter() {
        let key = column_key(raw);
        match known.iter().find(|k| **k == key) {
            Some(k) if columns.contains(k) => {
                problems.push(format!("{shown}:1: column '{k}' appears twice"))
            }
            Some(k) => columns.push(k),
            None => {
                problems.push(format!(
                    "{shown}:1: unknown column '{}' (columns: {})",
                    raw.trim(),
                    known.join(", ")
                ));
                columns.push("");
            }
        }
    }
    for r in required {
        if !columns.contains(r) {
            problems.push(format!("{shown}:1: the header has no '{r}' column"));
        }
    }
    if !problems.is_empty() {
        return Err(ReadError::Lines(problems));
    }

    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record
                    .position()
                    .map(|p| lines.line_at(text, p))
                    .unwrap_or(0);
                if record.len() != columns.len() {
                    problems.push(format!(
                        "{shown}:{line}: has {} fields; the header has {}",
                        record.len(),
                        columns.len()
                    ));
                    continue;
                }
                let values = columns
                    .iter()
                    .copied()
                    .zip(record.iter().map(csvsafe::restore))
                    .collect();
                rows.push(Row { line, values });
            }
            Err(e) => {
                let line = e.position().map(|p| lines.line_at(text, p)).unwrap_or(0);
                problems.push(format!("{shown}:{line}: cannot be read as CSV: {e}"));
            }
        }
    }
    if !problems.is_empty() {
        return Err(ReadError::Lines(problems));
    }
    if rows.is_empty() {
        return Err(ReadError::File(format!(
            "{shown} has a header row but no rows to import"
        )));
    }
    Ok(rows)
}

#[derive(Debug, Subcommand)]
pub(super) enum ImportCmd {
    /// Columns: name,ward,group,joined_by,term_start,dpi_registered,email,phone.
    Members { file: PathBuf },
    /// Columns: name,post,title,employment,line_manager,started,protocol_briefed,email,phone.
    Officers { file: PathBuf },
}

/// Turns the session's per-row errors into `FILE:LINE: field: message` lines.
fn row_errors(file: &Path, rows: &[u64], errors: Vec<(usize, SessionError)>) -> Failure {
    let mut lines = Vec::new();
    let mut code = 2;
    for (index, e) in errors {
        match rows.get(index) {
            Some(row) if matches!(e, SessionError::Rejected(_)) => {
                for line in describe(&e) {
                    lines.push(format!("{}:{}: {line}", file.display(), row));
                }
            }
            // Not about a row (the store failed): say it once.
            _ => {
                code = e.exit_code();
                lines.extend(describe(&e));
            }
        }
    }
    Failure {
        code: code.max(1),
        lines,
    }
}

/// The line each row starts on; the rows themselves are let go.
fn lines_of(rows: Vec<Row>) -> Vec<u64> {
    rows.into_iter().map(|r| r.line).collect()
}

pub(super) fn run(env: &Env, cmd: ImportCmd) -> Outcome {
    let mut session = env.council()?;
    let read = |file: &Path, known: &[&'static str], required: &[&str]| {
        read(file, known, required).map_err(|e| match e {
            ReadError::File(line) => Failure::new(2, line),
            ReadError::Lines(lines) => Failure { code: 2, lines },
        })
    };
    match cmd {
        ImportCmd::Members { file } => {
            let rows = read(&file, &MEMBER_COLUMNS, &["name", "term_start"])?;
            // Each row's text is moved into its input, and only its line kept (to name a bad
            // row): the rows and the inputs are never both held whole.
            let (rows, inputs): (Vec<u64>, Vec<MemberInput>) =
                rows.into_iter().map(|r| (r.line, r.into_member())).unzip();
            let added = session
                .add_members(inputs)
                .map_err(|e| row_errors(&file, &rows, e))?;
            let n = added.end.0 - added.start.0;
            say(&format!(
                "Imported {n} member{}",
                if n == 1 { "" } else { "s" }
            ));
        }
        ImportCmd::Officers { file } => {
            let rows = read(&file, &OFFICER_COLUMNS, &["name", "post", "started"])?;
            let inputs: Vec<OfficerInput> = rows.iter().map(Row::officer).collect();
            let rows = lines_of(rows);
            let added = session
                .add_officers(&inputs)
                .map_err(|e| row_errors(&file, &rows, e))?;
            say(&format!(
                "Imported {} officer{}",
                added.len(),
                if added.len() == 1 { "" } else { "s" }
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(content: &[u8]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        std::io::Write::write_all(&mut f, content).unwrap();
        f
    }

    #[test]
    fn header_names_columns_in_any_order_and_case_with_a_bom() {
        let f = file("\u{FEFF}Name,Term start,Ward\nSiân ap Dafydd,2026-05-07,Vale\n\nAnn Lee,2026-05-07,North\n".as_bytes());
        let rows = read(f.path(), &MEMBER_COLUMNS, &["name"]).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].member().name, "Siân ap Dafydd");
        assert_eq!(rows[0].member().term_start, "2026-05-07");
        assert_eq!((rows[0].line, rows[1].line), (2, 4));
    }

    #[test]
    fn a_row_moved_into_its_input_gives_the_input_a_copy_gives() {
        let f = file(
            "Phone,name,Sort name,email,ward,group,joined_by,term_start,dpi_registered\n\
             01632 960000,Siân ap Dafydd,Dafydd,sian@example.org,Vale,Green,co-opted,2026-05-07,2026-05-20\n\
             ,Ann Lee,,,,,,2026-05-07,\n"
                .as_bytes(),
        );
        let rows = read(f.path(), &MEMBER_COLUMNS, &["name"]).unwrap();
        let copied: Vec<MemberInput> = rows.iter().map(Row::member).collect();
        assert_eq!(copied[0].sort_name, "Dafydd");
        assert_eq!(copied[0].phone, "01632 960000");
        let moved: Vec<MemberInput> = rows.into_iter().map(Row::into_member).collect();
        assert_eq!(moved, copied);
    }

    #[test]
    fn unknown_columns_and_ragged_rows_are_named() {
        let f = file(b"name,ward,shoe_size\nA,B,C\n");
        let Err(ReadError::Lines(p)) = read(f.path(), &MEMBER_COLUMNS, &["name"]) else {
            panic!()
        };
        assert!(p[0].contains("shoe_size"), "{p:?}");
        let f = file(b"name,ward\nA,B\nC\nD,E,F\n");
        let Err(ReadError::Lines(p)) = read(f.path(), &MEMBER_COLUMNS, &["name"]) else {
            panic!()
        };
        assert_eq!(p.len(), 2);
        assert!(p[0].contains(":3:") && p[1].contains(":4:"), "{p:?}");
    }

    #[test]
    fn empty_and_non_utf8_files_are_one_clear_line() {
        let f = file(b"");
        assert!(
            matches!(read(f.path(), &MEMBER_COLUMNS, &["name"]), Err(ReadError::File(m)) if m.contains("empty"))
        );
        let f = file(b"name,ward\nJos\xe9,North\n");
        assert!(
            matches!(read(f.path(), &MEMBER_COLUMNS, &["name"]), Err(ReadError::File(m)) if m.contains(":2:") && m.contains("UTF-8"))
        );
        let f = file(b"name,ward\n");
        assert!(
            matches!(read(f.path(), &MEMBER_COLUMNS, &["name"]), Err(ReadError::File(m)) if m.contains("no rows"))
        );
    }
}
