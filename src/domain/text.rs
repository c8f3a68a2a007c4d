//! Text that people type: validation of names and free text, and making stored text safe to draw.

use super::rules::FieldError;

/// R-M1/R-O1 records name people; 200 characters is generous for any real name.
pub const MAX_NAME_CHARS: usize = 200;
/// Free text (a summary, a reason) is bounded so that one record cannot swamp the store or the screen.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// A required short text field (a name, a ward): trimmed, non-empty, at most [`MAX_NAME_CHARS`],
/// and free of control characters.
pub fn required_name(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "must not be empty"));
    }
    short_text(field, value)
}

/// An optional short text field: empty means none.
pub fn optional_name(field: &'static str, raw: &str) -> Result<Option<String>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        Ok(None)
    } else {
        short_text(field, value).map(Some)
    }
}

fn short_text(field: &'static str, value: &str) -> Result<String, FieldError> {
    let count = value.chars().count();
    if count > MAX_NAME_CHARS {
        return Err(FieldError::new(
            field,
            format!("is {count} characters long; the limit is {MAX_NAME_CHARS}"),
        ));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(FieldError::new(
            field,
            format!("contains a control character (U+{:04X})", c as u32),
        ));
    }
    Ok(value.to_string())
}

/// Free text (may span lines): tabs and newlines are kept, other control characters refused.
pub fn note(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let value = raw.trim_end();
    let count = value.chars().count();
    if count > MAX_NOTE_CHARS {
        return Err(FieldError::new(
            field,
            format!("is {count} characters long; the limit is {MAX_NOTE_CHARS}"),
        ));
    }
    if let Some(c) = value
        .chars()
        .find(|c| c.is_control() && *c != '\n' && *c != '\t')
    {
        return Err(FieldError::new(
            field,
            format!("contains a control character (U+{:04X})", c as u32),
        ));
    }
    Ok(value.to_string())
}

/// Make any text safe to put on a terminal: every control character (ESC, BEL, CR, C1 controls …)
/// becomes a visible replacement, so stored or imported text can never move the cursor, recolour the
/// screen, set the title or reach the clipboard. Newlines become spaces: callers that want lines split
/// first.
pub fn sanitize(text: &str) -> String {
    if !text.chars().any(needs_replacing) {
        return text.to_string();
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => ' ',
            c if needs_replacing(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn needs_replacing(c: char) -> bool {
    c.is_control()
        // Bidirectional overrides can reorder what the clerk sees.
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welsh_and_accented_names_are_kept_exactly() {
        for name in [
            "Siân ap Dafydd",
            "Zoë Ó Briain",
            "Llŷr Ifans",
            "Øystein Ågren-Smith",
        ] {
            assert_eq!(required_name("name", name).unwrap(), name);
        }
    }

    #[test]
    fn names_are_trimmed_and_must_not_be_empty() {
        assert_eq!(required_name("name", "  Ann Lee ").unwrap(), "Ann Lee");
        let err = required_name("name", "   ").unwrap_err();
        assert_eq!(err.field, "name");
        assert!(err.message.contains("empty"));
    }

    #[test]
    fn a_name_over_the_limit_is_refused_with_its_length() {
        let long = "a".repeat(500);
        let err = required_name("name", &long).unwrap_err();
        assert!(err.message.contains("500"), "{}", err.message);
        assert!(required_name("name", &"b".repeat(MAX_NAME_CHARS)).is_ok());
    }

    #[test]
    fn control_characters_are_refused_in_names() {
        let err = required_name("name", "Ann\u{1b}[31mLee").unwrap_err();
        assert!(err.message.contains("U+001B"));
    }

    #[test]
    fn notes_keep_newlines_but_refuse_escapes() {
        assert_eq!(
            note("summary", "line 1\nline 2\n").unwrap(),
            "line 1\nline 2"
        );
        assert!(note("summary", "bad \u{7} bell").is_err());
    }

    #[test]
    fn sanitize_neutralises_escape_sequences() {
        let hostile = "Eve\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202E}x";
        let safe = sanitize(hostile);
        assert!(!safe.chars().any(|c| c.is_control()));
        assert!(!safe.contains('\u{202E}'));
        assert!(safe.starts_with("Eve"));
        assert_eq!(sanitize("Siân"), "Siân");
    }
}
