//! Long text wrapped at words by display width, where the clerk reads it back: detail panes,
//! the status line, a form's messages, the council details.
//!
//! ratatui's own `Wrap` estimates nothing for the caller: a box sized by counting characters is
//! too short for wide characters (CJK takes two cells each) and loses a refusal's end. Here the
//! text is wrapped by `textwrap` (by display width, at spaces, a word longer than the line broken
//! inside it) before it is drawn, so the rows it takes are known exactly and nothing is lost.
//! Styles survive the wrap: each character keeps the style of the span it came from.

use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};

/// What a wrapped line's continuation rows start with: under the value, not under the margin.
pub(super) const INDENT: &str = "  ";

/// `line` as rows of at most `width` cells: broken at spaces (a word too long for a row broken
/// inside it, nothing dropped but the spaces at a break), at each newline in its text, and each row
/// after the first starting with `indent`. A line that fits is returned as it is.
pub(super) fn wrap_line(line: &Line<'static>, width: usize, indent: &str) -> Vec<Line<'static>> {
    let plain: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if !plain.contains('\n') && line.width() <= width {
        return vec![line.clone()];
    }
    // Each character of the text with the style of its span.
    let styled: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let indent = if textwrap::core::display_width(indent) + 1 >= width {
        ""
    } else {
        indent
    };
    // Each paragraph (a line of the text) wrapped on its own; every row after the text's first
    // starts with `indent`, a paragraph's first row included.
    let rows = plain.split('\n').enumerate().flat_map(|(i, paragraph)| {
        let options = textwrap::Options::new(width.max(1))
            .initial_indent(if i == 0 { "" } else { indent })
            .subsequent_indent(indent)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(true);
        textwrap::wrap(paragraph, options)
            .into_iter()
            .map(|r| r.into_owned())
            .collect::<Vec<_>>()
    });
    let mut at = 0;
    let mut out = Vec::new();
    for (row, text) in rows.enumerate() {
        let body = if row > 0 {
            text.strip_prefix(indent).unwrap_or(&text)
        } else {
            &text
        };
        let mut spans: Vec<Span<'static>> = Vec::new();
        for c in body.chars() {
            // The row's characters are the text's, in order, less the spaces and newlines
            // dropped at a break: skip those to find this one.
            while at < styled.len() && styled[at].0 != c && styled[at].0.is_whitespace() {
                at += 1;
            }
            let style = styled
                .get(at)
                .or_else(|| styled.last())
                .map_or(Style::default(), |(_, s)| *s);
            at += 1;
            match spans.last_mut() {
                Some(last) if last.style == style => last.content.to_mut().push(c),
                _ => spans.push(Span::styled(c.to_string(), style)),
            }
        }
        if row > 0 && !indent.is_empty() {
            spans.insert(0, Span::raw(indent.to_string()));
        }
        let mut wrapped = Line::from(spans).style(line.style);
        wrapped.alignment = line.alignment;
        out.push(wrapped);
    }
    if out.is_empty() {
        out.push(Line::default().style(line.style));
    }
    out
}

/// Every line of `text` wrapped to `width` cells (see [`wrap_line`]).
pub(super) fn wrap_text(text: Text<'static>, width: usize, indent: &str) -> Text<'static> {
    let lines = text
        .lines
        .iter()
        .flat_map(|l| wrap_line(l, width, indent))
        .collect::<Vec<_>>();
    Text::from(lines).style(text.style)
}

/// Plain text wrapped to `width` cells, as rows.
pub(super) fn wrap_str(text: &str, width: usize) -> Vec<String> {
    textwrap::wrap(
        text,
        textwrap::Options::new(width.max(1))
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(true),
    )
    .into_iter()
    .map(|l| l.into_owned())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[Line<'static>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_line_that_fits_is_kept_as_it_is() {
        let line = Line::from(vec![Span::raw("Who: "), Span::raw("Siân ap Dafydd")]);
        assert_eq!(wrap_line(&line, 40, INDENT), vec![line]);
    }

    #[test]
    fn wide_characters_are_counted_by_the_cells_they_take() {
        // Nine CJK characters and two spaces take twenty cells: at twelve cells a row they need
        // two rows, though they are only eleven characters.
        let line = Line::raw("議會 書記官 會議紀錄");
        let out = rows(&wrap_line(&line, 12, ""));
        assert_eq!(out, ["議會 書記官", "會議紀錄"]);
        assert!(out.iter().all(|r| textwrap::core::display_width(r) <= 12));
    }

    #[test]
    fn rows_break_at_words_and_keep_every_word_and_style() {
        let bold = Style::default().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![
            Span::styled("Business: ", bold),
            Span::raw("the Llŵyn Onn allotments lease renewal and the ŵyr's petition"),
        ]);
        let out = wrap_line(&line, 24, INDENT);
        let text = rows(&out);
        assert!(
            text.iter().all(|r| textwrap::core::display_width(r) <= 24),
            "{text:?}"
        );
        assert!(
            text.iter().skip(1).all(|r| r.starts_with(INDENT)),
            "{text:?}"
        );
        let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words(&text.join(" ")), words(&line.to_string()));
        // The label keeps its style, the value its own.
        assert_eq!(out[0].spans[0].content, "Business: ");
        assert_eq!(out[0].spans[0].style, bold);
        assert_eq!(out[0].spans[1].style, Style::default());
    }

    #[test]
    fn newlines_in_the_text_start_new_rows() {
        let line = Line::from(Span::raw("Notes: first line\nsecond line"));
        assert_eq!(
            rows(&wrap_line(&line, 40, INDENT)),
            ["Notes: first line", "  second line"]
        );
    }

    #[test]
    fn a_long_paragraph_after_a_newline_keeps_within_the_width() {
        let line = Line::from(Span::raw(
            "Notes: first\nthe second paragraph is long enough to need two rows here",
        ));
        let out = rows(&wrap_line(&line, 30, INDENT));
        assert_eq!(
            out,
            [
                "Notes: first",
                "  the second paragraph is long",
                "  enough to need two rows here"
            ]
        );
    }

    #[test]
    fn a_word_longer_than_the_row_is_broken_not_lost() {
        let out = wrap_str("Llanfairpwllgwyngyll", 8);
        assert_eq!(out.concat(), "Llanfairpwllgwyngyll");
        assert!(out.iter().all(|r| r.chars().count() <= 8));
    }
}
