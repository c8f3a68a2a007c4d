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
    refuse_invisible(field, value)?;
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
    refuse_invisible(field, value)?;
    Ok(value.to_string())
}

/// Refuses the first invisible character that is not a joiner inside a word, naming it:
/// "contains U+202E RIGHT-TO-LEFT OVERRIDE, an invisible control character".
fn refuse_invisible(field: &'static str, value: &str) -> Result<(), FieldError> {
    let chars: Vec<char> = value.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let Some(name) = invisible(c) else { continue };
        if matches!(c, '\u{200C}' | '\u{200D}') {
            let inside = |n: Option<&char>| n.is_some_and(|&n| in_word(n));
            if i > 0 && inside(chars.get(i - 1)) && inside(chars.get(i + 1)) {
                continue;
            }
        }
        let what = name.map(|n| format!(" {n}")).unwrap_or_default();
        let hint = if matches!(c, '\u{200C}' | '\u{200D}') {
            " (allowed only between the letters of a word)"
        } else {
            ""
        };
        return Err(FieldError::new(
            field,
            format!(
                "contains U+{:04X}{what}, an invisible control character{hint}",
                c as u32
            ),
        ));
    }
    Ok(())
}

/// A character that can sit either side of a joiner: part of a word, not space or punctuation.
fn in_word(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !c.is_ascii_punctuation() && invisible(c).is_none()
}

/// Characters that draw nothing but change what is shown or how it is read: Unicode's format
/// characters (general category Cf: bidirectional controls, zero-width spaces and joiners, the soft
/// hyphen, the byte-order mark, tags …) and the line and paragraph separators. `Some(name)` for the
/// ones a clerk may meet, `Some(None)` for the rest, `None` for visible text.
pub fn invisible(c: char) -> Option<Option<&'static str>> {
    let name = match c {
        '\u{00AD}' => "SOFT HYPHEN",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{180E}' => "MONGOLIAN VOWEL SEPARATOR",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{2028}' => "LINE SEPARATOR",
        '\u{2029}' => "PARAGRAPH SEPARATOR",
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2060}' => "WORD JOINER",
        '\u{2061}' => "FUNCTION APPLICATION",
        '\u{2062}' => "INVISIBLE TIMES",
        '\u{2063}' => "INVISIBLE SEPARATOR",
        '\u{2064}' => "INVISIBLE PLUS",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)",
        '\u{FFF9}' => "INTERLINEAR ANNOTATION ANCHOR",
        '\u{FFFA}' => "INTERLINEAR ANNOTATION SEPARATOR",
        '\u{FFFB}' => "INTERLINEAR ANNOTATION TERMINATOR",
        '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{206A}'..='\u{206F}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}' => return Some(None),
        _ => return None,
    };
    Some(Some(name))
}

/// Make any text safe to put on a terminal: every control character (ESC, BEL, CR, C1 controls …)
/// becomes a visible replacement, so stored or imported text can never move the cursor, recolour the
/// screen, set the title or reach the clipboard. Newlines become spaces: callers that want lines split
/// first.
/// Text as a search compares it: lower case, accents off ("Siân" and "sian" are the same), so a
/// clerk finds a person by any spelling of their name.
pub fn search_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_search_key(&mut out, text);
    out
}

/// [`search_key`] of `text`, added to `out`: a register's search texts are built without a
/// string per field.
pub fn push_search_key(out: &mut String, text: &str) {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    // Plain ASCII has no accents to take off and lowers byte by byte: the same answer, without
    // decomposing (most of a register's text, and the first filter key prepares all of it).
    if text.is_ascii() {
        out.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    out.extend(
        text.nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase),
    );
}

pub fn sanitize(text: &str) -> String {
    sanitized(text).into_owned()
}

/// [`sanitize`], borrowing `text` when nothing in it needs replacing (most text): a listing of
/// 40,000 rows makes no copy of a cell only to compare it.
pub fn sanitized(text: &str) -> std::borrow::Cow<'_, str> {
    // Printable ASCII has nothing to replace: no control, nothing invisible.
    if text.bytes().all(|b| matches!(b, b' '..=b'~')) || !text.chars().any(needs_replacing) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(replaced(text))
}

/// Each character the terminal must not be sent replaced: a new line or tab by a space, any
/// other by U+FFFD.
fn replaced(text: &str) -> String {
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
        // Bidirectional controls can reorder what the clerk sees, zero-width characters shift
        // columns. The joiners some scripts need inside a word are left to draw.
        || (invisible(c).is_some() && !matches!(c, '\u{200C}' | '\u{200D}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The ASCII shortcut of `sanitized` gives what replacing character by character gives,
        /// on text with controls, invisible and non-ASCII characters, and on any ASCII (where
        /// the shortcut is taken or not).
        #[test]
        fn sanitized_is_the_character_by_character_replacement(
            text in "([ -~]|[\u{0}-\u{1f}\u{7f}-\u{9f}]|\u{200b}|\u{200d}|\u{202e}|é|Ø|\u{e0041}){0,24}|[\u{0}-\u{7f}]{0,24}|[ -\u{7f}]{0,24}"
        ) {
            let by_char = replaced(&text);
            let safe = sanitized(&text);
            proptest::prop_assert_eq!(safe.as_ref(), by_char.as_str());
            proptest::prop_assert_eq!(sanitize(&text), by_char);
        }

        /// The ASCII shortcut gives what the full fold gives.
        #[test]
        fn ascii_text_folds_as_the_full_fold_does(text in "[ -~]{0,40}") {
            use unicode_normalization::char::is_combining_mark;
            use unicode_normalization::UnicodeNormalization;
            let full: String = text
                .nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            proptest::prop_assert_eq!(search_key(&text), full);
        }
    }

    #[test]
    fn search_keys_ignore_case_and_accents() {
        assert_eq!(search_key("Siân ap Dafydd"), "sian ap dafydd");
        assert_eq!(search_key("Zoë ÅGREN"), "zoe agren");
        assert!(search_key("Llŷr Ifans").contains("llyr"));
    }

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
    fn invisible_characters_are_refused_with_the_code_point_named() {
        for (c, name) in [
            ('\u{200B}', "U+200B ZERO WIDTH SPACE"),
            ('\u{200F}', "U+200F RIGHT-TO-LEFT MARK"),
            ('\u{00AD}', "U+00AD SOFT HYPHEN"),
            ('\u{FEFF}', "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
            ('\u{2028}', "U+2028 LINE SEPARATOR"),
            ('\u{2029}', "U+2029 PARAGRAPH SEPARATOR"),
            ('\u{202E}', "U+202E RIGHT-TO-LEFT OVERRIDE"),
            ('\u{2066}', "U+2066 LEFT-TO-RIGHT ISOLATE"),
            ('\u{E0041}', "U+E0041"),
        ] {
            let raw = format!("Ann{c}Lee");
            let err = required_name("name", &raw).unwrap_err();
            assert_eq!(err.field, "name");
            assert!(err.message.contains(name), "{c:?}: {}", err.message);
            assert!(err.message.contains("invisible"), "{}", err.message);
            let err = note("summary", &format!("line one\n{raw}")).unwrap_err();
            assert!(err.message.contains(name), "{c:?}: {}", err.message);
            assert!(optional_name("ward", &raw).is_err());
        }
        // Trimming does not hide one at either end.
        assert!(required_name("name", "\u{FEFF}Ann Lee").is_err());
        assert!(required_name("name", "Ann Lee\u{200B}").is_err());
    }

    #[test]
    fn joiners_are_allowed_inside_a_word_only() {
        // Persian "mi-khaham" with a ZWNJ; a Malayalam chillu with a ZWJ.
        for name in [
            "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}",
            "\u{0D28}\u{0D4D}\u{200D}\u{0D28}",
        ] {
            assert_eq!(required_name("name", name).unwrap(), name);
            assert_eq!(sanitize(name), name, "drawn as typed");
        }
        for bad in [
            "\u{200C}Ann",
            "Ann\u{200D}",
            "Ann \u{200D}Lee",
            "Ann\u{200C} Lee",
        ] {
            let err = required_name("name", bad).unwrap_err();
            assert!(
                err.message.contains("inside") || err.message.contains("between"),
                "{}",
                err.message
            );
        }
    }

    #[test]
    fn sanitize_replaces_invisible_characters_already_stored() {
        let shown = sanitize("Ann\u{200B}Lee\u{00AD}\u{2028}x\u{FEFF}");
        assert_eq!(shown, "Ann\u{FFFD}Lee\u{FFFD}\u{FFFD}x\u{FFFD}");
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
