//! A letter as a document Word opens (.docx), made from the same Markdown clerkdesk writes, so a
//! council's edited template gives the same letter in both forms.
//!
//! The letters use a small part of Markdown and this reads only that part: a `# ` heading, paragraphs
//! (lines joined, as Markdown joins them; a line ending in two spaces or a backslash keeps its break,
//! as in a signature block), `- ` bullets, `**bold**`, and backslash escapes. Anything else is kept
//! as plain text: nothing the case's own text holds is lost or acted on. docx-rs writes the package
//! (the zip, `[Content_Types].xml`, `word/document.xml` and its styles) and escapes the text for XML.

use std::io::Cursor;

use docx_rs::{BreakType, Docx, LineSpacing, Paragraph, Run, SpecialIndentType};

/// One block of the letter.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Heading(String),
    /// Lines of one paragraph: each line after the first follows a hard break.
    Paragraph(Vec<String>),
    Bullet(String),
}

/// The letter's blocks, in order.
fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    // The paragraph being read: its lines, and whether the last line asked for a break.
    let mut lines: Vec<String> = Vec::new();
    let mut hard_break = false;
    let flush = |lines: &mut Vec<String>, out: &mut Vec<Block>| {
        if !lines.is_empty() {
            out.push(Block::Paragraph(std::mem::take(lines)));
        }
    };
    for raw in markdown.lines() {
        let breaks =
            raw.ends_with("  ") || (raw.trim_end().ends_with('\\') && !raw.ends_with("\\\\"));
        let line = raw.trim();
        let line = line.strip_suffix('\\').unwrap_or(line).trim_end();
        if line.is_empty() {
            flush(&mut lines, &mut out);
            hard_break = false;
            continue;
        }
        if let Some(title) = line.strip_prefix("# ") {
            flush(&mut lines, &mut out);
            out.push(Block::Heading(title.trim().to_string()));
            hard_break = false;
            continue;
        }
        if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            flush(&mut lines, &mut out);
            out.push(Block::Bullet(item.trim().to_string()));
            hard_break = false;
            continue;
        }
        match (lines.last_mut(), hard_break) {
            (Some(last), false) => {
                last.push(' ');
                last.push_str(line);
            }
            (Some(_), true) | (None, _) => lines.push(line.to_string()),
        }
        hard_break = breaks;
    }
    flush(&mut lines, &mut out);
    out
}

/// A line's runs: `**` switches bold on and off; `\X` is X.
fn spans(line: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut text = String::new();
    let mut bold = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {
                text.extend(chars.next());
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                if !text.is_empty() {
                    out.push((std::mem::take(&mut text), bold));
                }
                bold = !bold;
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        out.push((text, bold));
    }
    out
}

fn add_line(mut p: Paragraph, line: &str) -> Paragraph {
    for (text, bold) in spans(line) {
        let run = Run::new().add_text(text);
        p = p.add_run(if bold { run.bold() } else { run });
    }
    p
}

/// The .docx bytes of a letter written in the letters' Markdown.
pub fn from_markdown(markdown: &str) -> Result<Vec<u8>, String> {
    let spacing = || LineSpacing::new().after(160);
    let mut doc = Docx::new().default_size(22);
    for block in blocks(markdown) {
        let p = match block {
            Block::Heading(title) => Paragraph::new()
                .add_run(Run::new().add_text(title).bold().size(32))
                .line_spacing(spacing()),
            Block::Paragraph(lines) => {
                let mut p = Paragraph::new().line_spacing(spacing());
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                    }
                    p = add_line(p, line);
                }
                p
            }
            Block::Bullet(item) => add_line(
                Paragraph::new()
                    .indent(Some(720), Some(SpecialIndentType::Hanging(360)), None, None)
                    .line_spacing(LineSpacing::new().after(60))
                    .add_run(Run::new().add_text("•").add_tab()),
                &item,
            ),
        };
        doc = doc.add_paragraph(p);
    }
    let mut bytes = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut bytes)
        .map_err(|e| format!("cannot build the Word document: {e}"))?;
    Ok(bytes.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LETTER: &str = "# Ashcombe Parish Council\n\n2026-11-22\n\nDear Robert,\n\n**The decision** on your\ngrievance & its <appeal>.\n\n- Date: 2026-11-27\n- Place: Village Hall\n\nYours sincerely,\n\nClerk  \nAshcombe Parish Council\n";

    #[test]
    fn markdown_becomes_headings_paragraphs_bullets_and_kept_breaks() {
        assert_eq!(
            blocks(LETTER),
            vec![
                Block::Heading("Ashcombe Parish Council".into()),
                Block::Paragraph(vec!["2026-11-22".into()]),
                Block::Paragraph(vec!["Dear Robert,".into()]),
                Block::Paragraph(vec![
                    "**The decision** on your grievance & its <appeal>.".into()
                ]),
                Block::Bullet("Date: 2026-11-27".into()),
                Block::Bullet("Place: Village Hall".into()),
                Block::Paragraph(vec!["Yours sincerely,".into()]),
                Block::Paragraph(vec!["Clerk".into(), "Ashcombe Parish Council".into()]),
            ]
        );
    }

    #[test]
    fn bold_and_escapes_become_runs() {
        assert_eq!(
            spans("**The decision** is \\*final\\*"),
            vec![
                ("The decision".to_string(), true),
                (" is *final*".to_string(), false)
            ]
        );
        assert_eq!(
            spans("a ** b"),
            vec![("a ".into(), false), (" b".into(), true)]
        );
    }

    #[test]
    fn the_document_reads_back_with_the_letters_text() {
        let bytes = from_markdown(LETTER).expect("a document");
        assert!(bytes.starts_with(b"PK"), "not a zip");
        let doc = docx_rs::read_docx(&bytes).expect("docx-rs reads its own document back");
        let text: Vec<String> = doc
            .document
            .children
            .iter()
            .filter_map(|c| match c {
                docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
                _ => None,
            })
            .collect();
        assert!(
            text.iter()
                .any(|t| t == "The decision on your grievance & its <appeal>."),
            "{text:?}"
        );
        assert!(text.iter().any(|t| t.contains("Village Hall")), "{text:?}");
    }
}
