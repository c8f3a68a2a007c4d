//! Redaction of free text: every person on record named by a role instead, in every form their name
//! may be written, and every e-mail address and phone number withheld.
//!
//! Used by the redacted case file (`case export --redact`, and `E` in meeting-safe mode) and meant
//! for any later export that must not name people (a subject-access request's third parties).
//!
//! For each person, [`Redactor::person`] covers:
//! - the full name in any letter case ("David Okafor", "DAVID OKAFOR", "david okafor");
//! - a title before the surname, with or without a dot, initials or a first name between:
//!   "Mr Okafor", "Mr. Okafor", "Cllr D. Okafor", "Cllr D Okafor", "Councillor Dave Okafor";
//! - initials before the surname without a title: "D. Okafor", "D.A. Okafor";
//! - the surname alone as a name is written, capitalised or in capitals ("Okafor", "OKAFOR"),
//!   never in lower case, so a surname that is also a word ("the village green", "up the hill")
//!   survives when used as a word;
//! - the first name alone, as written, when only one person on record has it;
//! - each of these followed by a possessive ("Okafor's"): the name goes, the "'s" stays.
//!
//! When two people share a surname, a form that names only the surname cannot say which of them is
//! meant: it becomes "[name withheld]" rather than the wrong role.

/// What an e-mail address becomes.
pub const EMAIL: &str = "[e-mail address]";
/// What a phone number becomes.
pub const PHONE: &str = "[phone number]";
/// What a surname shared by several people becomes.
pub const AMBIGUOUS: &str = "[name withheld]";

/// Titles that may stand before a surname.
const TITLES: [&str; 16] = [
    "Councillor",
    "Cllr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Prof",
    "Professor",
    "Rev",
    "Revd",
    "Sir",
    "Dame",
    "Lady",
    "Lord",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// In any letter case.
    Any,
    /// As recorded, or all in capitals: never in lower case.
    AsWritten,
}

#[derive(Debug, Clone)]
struct Pattern {
    text: String,
    role: String,
    case: Case,
}

/// Replaces people's names with roles, and withholds e-mail addresses and phone numbers.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Longest first, so "Cllr Peter Green" wins over "Peter Green" over "Peter".
    patterns: Vec<Pattern>,
    /// Surname (lower case) → the role, or [`AMBIGUOUS`] when several people share it.
    surnames: Vec<(String, String)>,
    /// Words that stay when they stand alone (the council's group names: "the Green group").
    ordinary: Vec<String>,
    /// False for [`Redactor::none`]: nothing at all is changed.
    active: bool,
}

impl Redactor {
    /// Changes nothing.
    pub fn none() -> Redactor {
        Redactor::default()
    }

    /// Redacts e-mail addresses and phone numbers, and the people added to it.
    pub fn new() -> Redactor {
        Redactor {
            active: true,
            ..Redactor::default()
        }
    }

    /// A person on record, called `role` in every form of `name` (see the module's documentation).
    /// `own_first_name`: nobody else on record has this first name, so it may be redacted alone.
    pub fn person(&mut self, name: &str, role: &str, own_first_name: bool) {
        let words: Vec<&str> = name.split_whitespace().collect();
        let Some(last) = words.last() else { return };
        self.phrase(&words.join(" "), role);
        for title in TITLES {
            self.phrase(&format!("{title} {}", words.join(" ")), role);
            self.phrase(&format!("{title}. {}", words.join(" ")), role);
        }
        if words.len() < 2 {
            return;
        }
        self.add(last, role, Case::AsWritten);
        let key = last.to_lowercase();
        match self.surnames.iter_mut().find(|(s, _)| *s == key) {
            Some((_, r)) if r != role => *r = AMBIGUOUS.to_string(),
            Some(_) => {}
            None => self.surnames.push((key, role.to_string())),
        }
        if own_first_name && words[0].chars().count() >= 3 {
            self.add(words[0], role, Case::AsWritten);
        }
    }

    /// An exact phrase (a name not on record, "Name (Organisation)"), in any letter case.
    pub fn phrase(&mut self, text: &str, role: &str) {
        self.add(text, role, Case::Any);
    }

    /// A word that is left alone when it stands by itself, though it is someone's surname (a group
    /// name such as "Green"). With a title or initials it is still a name.
    pub fn ordinary_word(&mut self, word: &str) {
        self.ordinary.push(word.to_lowercase());
    }

    fn add(&mut self, text: &str, role: &str, case: Case) {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() < 2 {
            return;
        }
        // Kept longest first; patterns of one length sit together, so a duplicate is found there.
        let len = text.chars().count();
        let from = self
            .patterns
            .partition_point(|p| p.text.chars().count() > len);
        let to = self
            .patterns
            .partition_point(|p| p.text.chars().count() >= len);
        if let Some(p) = self.patterns[from..to]
            .iter_mut()
            .find(|p| p.text == text && p.case == case)
        {
            if p.role != role && case == Case::AsWritten {
                p.role = AMBIGUOUS.to_string();
            }
            return;
        }
        self.patterns.insert(
            to,
            Pattern {
                text,
                role: role.to_string(),
                case,
            },
        );
    }

    /// `text` with e-mail addresses, phone numbers and every name replaced, in one pass each (a
    /// role put in is never read again).
    pub fn apply(&self, text: &str) -> String {
        if !self.active {
            return text.to_string();
        }
        let text = emails(text);
        let text = phones(&text);
        let mut out = self.names(&text);
        // "the Clerk (Clara Whitcombe (Clerk))" became "the Clerk (the Clerk)": say it once.
        let mut roles: Vec<&str> = self.patterns.iter().map(|p| p.role.as_str()).collect();
        roles.sort_unstable();
        roles.dedup();
        for role in roles {
            let doubled = format!("{role} ({role})");
            if out.contains(&doubled) {
                out = out.replace(&doubled, role);
            }
        }
        out
    }

    fn names(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        'scan: while i < text.len() {
            let starts_word = text[..i]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            if starts_word {
                if let Some((end, role)) = self.titled(text, i) {
                    out.push_str(role);
                    i = end;
                    continue 'scan;
                }
                for p in &self.patterns {
                    if let Some(end) = match_at(text, i, &p.text, p.case) {
                        if p.case == Case::AsWritten
                            && self.ordinary.contains(&text[i..end].to_lowercase())
                            && names_a_group(&text[end..])
                        {
                            continue;
                        }
                        out.push_str(&p.role);
                        i = end;
                        continue 'scan;
                    }
                }
            }
            let c = text[i..].chars().next().expect("i is on a character");
            out.push(c);
            i += c.len_utf8();
        }
        out
    }

    /// A title and/or initials, then a surname on record: "Cllr D. Okafor", "Mr.  Okafor",
    /// "Councillor Dave Okafor", "D.A. Okafor". Returns where it ends and the role.
    fn titled<'a>(&'a self, text: &str, start: usize) -> Option<(usize, &'a str)> {
        let mut i = start;
        let mut titled = false;
        for title in TITLES {
            if let Some(end) = match_at(text, i, title, Case::Any) {
                let end = end + usize::from(text[end..].starts_with('.'));
                let after = skip_space(text, end);
                if after > end {
                    i = after;
                    titled = true;
                    break;
                }
            }
        }
        let mut initials = 0;
        loop {
            let mut chars = text[i..].chars();
            let Some(c) = chars.next() else { break };
            if !c.is_uppercase() {
                break;
            }
            let next = chars.next();
            let end = i + c.len_utf8();
            if next == Some('.') {
                i = skip_space(text, end + 1);
                initials += 1;
            } else if next.is_some_and(char::is_whitespace) && skip_space(text, end) > end {
                // "D Okafor": a lone capital and a space; "I" is only taken before a surname.
                let after = skip_space(text, end);
                if self.surname_at(text, after).is_none() && !titled {
                    break;
                }
                i = after;
                initials += 1;
            } else {
                break;
            }
        }
        if titled && initials == 0 {
            // "Councillor Dave Okafor": one first name, any, between title and surname.
            if let Some(found) = self.surname_at(text, skip_particles(text, i)) {
                return Some(found);
            }
            let word_end = text[i..]
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric() && *c != '-' && *c != '\'')
                .map_or(text.len(), |(n, _)| i + n);
            let first_capital = text[i..].chars().next().is_some_and(char::is_uppercase);
            let after = skip_space(text, word_end);
            if first_capital && after > word_end {
                return self.surname_at(text, skip_particles(text, after));
            }
            return None;
        }
        if !titled && initials == 0 {
            return None;
        }
        self.surname_at(text, skip_particles(text, i))
    }

    /// A surname on record starting at `i`, in any letter case, ending a word.
    fn surname_at<'a>(&'a self, text: &str, i: usize) -> Option<(usize, &'a str)> {
        self.surnames
            .iter()
            .filter_map(|(s, role)| match_at(text, i, s, Case::Any).map(|end| (end, role.as_str())))
            .max_by_key(|(end, _)| *end)
    }
}

/// True when `rest` goes on "group", "party", "councillors" …: the word before it was a group's
/// name ("the Green group"), not a person's.
fn names_a_group(rest: &str) -> bool {
    let next: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    [
        "group",
        "groups",
        "party",
        "councillor",
        "councillors",
        "member",
        "members",
    ]
    .contains(&next.as_str())
}

/// Particles that may stand between a title and a surname: "Cllr ap Dafydd", "Mr van der Berg".
const PARTICLES: [&str; 14] = [
    "ap", "ab", "van", "von", "der", "den", "de", "di", "da", "du", "le", "la", "mac", "st",
];

fn skip_particles(text: &str, mut i: usize) -> usize {
    'next: loop {
        for p in PARTICLES {
            if let Some(end) = match_at(text, i, p, Case::Any) {
                let after = skip_space(text, end);
                if after > end {
                    i = after;
                    continue 'next;
                }
            }
        }
        return i;
    }
}

fn skip_space(text: &str, i: usize) -> usize {
    text[i..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(text.len(), |(n, _)| i + n)
}

/// Where `pattern` ends if `text` holds it at `i` as a whole word. A space in the pattern matches
/// any run of white space (a name broken over a line).
fn match_at(text: &str, i: usize, pattern: &str, case: Case) -> Option<usize> {
    let mut t = text[i..].char_indices().peekable();
    let mut written = true;
    let mut capitals = true;
    for p in pattern.chars() {
        let (_, c) = t.next()?;
        if p == ' ' {
            if !c.is_whitespace() {
                return None;
            }
            while t.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                t.next();
            }
            continue;
        }
        if c != p {
            written = false;
        }
        if c.is_lowercase() || !c.to_uppercase().eq(p.to_uppercase()) {
            capitals = false;
        }
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    if case == Case::AsWritten && !written && !capitals {
        return None;
    }
    let end = t.peek().map_or(text.len(), |(n, _)| i + n);
    let ends_word = text[end..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    ends_word.then_some(end)
}

fn email_local(c: char) -> bool {
    c.is_alphanumeric() || "._%+-'".contains(c)
}

fn email_domain(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-'
}

/// Every e-mail address (`local@domain.tld`) replaced by [`EMAIL`].
fn emails(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        let before = &rest[..at];
        let local_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| email_local(*c))
            .last()
            .map_or(at, |(n, _)| n);
        let after = &rest[at + 1..];
        let domain_len = after
            .char_indices()
            .find(|(_, c)| !email_domain(*c))
            .map_or(after.len(), |(n, _)| n);
        let domain = after[..domain_len].trim_end_matches(['.', '-']);
        let is_email = local_start < at
            && domain.contains('.')
            && !domain.starts_with('.')
            && domain.rsplit('.').next().is_some_and(|tld| tld.len() >= 2);
        if is_email {
            out.push_str(&rest[..local_start]);
            out.push_str(EMAIL);
            rest = &after[domain.len()..];
        } else {
            out.push_str(&rest[..=at]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Every phone number replaced by [`PHONE`]: a run of 10 to 15 digits starting `+`, `(` or `0`,
/// written with spaces, dashes, dots or brackets, that does not start or end inside a word or
/// number. Dates, times and case references are left alone.
fn phones(text: &str) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut n = 0;
    while n < chars.len() {
        let (at, c) = chars[n];
        // A UK number starts 0 or +44, or sits in brackets: a date or a time (2026-11-20 10:00)
        // never does.
        let starts =
            (c == '+' || c == '(' || c == '0') && (n == 0 || !chars[n - 1].1.is_alphanumeric());
        if starts {
            let mut m = n + usize::from(c == '+');
            let mut digits = 0;
            let mut last_digit = None;
            while m < chars.len() {
                let d = chars[m].1;
                if d.is_ascii_digit() {
                    digits += 1;
                    last_digit = Some(m);
                } else if !(d == ' ' || d == '-' || d == '.' || d == '(' || d == ')') {
                    break;
                }
                m += 1;
            }
            if let Some(last) = last_digit {
                let after = chars.get(last + 1).map(|(_, c)| *c);
                let closes = after == Some(')') && c == '(';
                let end_idx = last + 1 + usize::from(closes);
                let ends_clean = chars.get(end_idx).is_none_or(|(_, c)| !c.is_alphanumeric());
                if (10..=15).contains(&digits) && ends_clean {
                    out.push_str(PHONE);
                    n = end_idx;
                    continue;
                }
            }
        }
        out.push_str(&text[at..at + c.len_utf8()]);
        n += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The people of the corpus: surnames that are ordinary words (Green, Hill), one with an
    /// accent and a particle, and two sharing a surname (the Browns).
    fn redactor() -> Redactor {
        let mut r = Redactor::new();
        for (name, role, own_first) in [
            ("David Okafor", "the member complained about", true),
            ("Robert Fenwick", "the officer", true),
            ("Peter Green", "member A", true),
            ("Margaret Hill", "member B", true),
            ("Siân ap Dafydd", "member C", true),
            ("Clara Whitcombe", "the Clerk", true),
            ("Alan Brown", "member D", true),
            ("Jane Brown", "officer A", true),
        ] {
            r.person(name, role, own_first);
        }
        r.phrase("Jo Union", "the companion");
        r.ordinary_word("Green");
        r
    }

    #[test]
    fn corpus_texts_are_redacted_exactly_as_expected() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/redaction_corpus");
        let mut cases: Vec<_> = std::fs::read_dir(&dir)
            .expect("tests/redaction_corpus exists")
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        cases.sort();
        assert!(cases.len() >= 5, "only {} corpus texts", cases.len());
        let r = redactor();
        let mut failures = Vec::new();
        for path in &cases {
            let text = std::fs::read_to_string(path).unwrap();
            let expected = std::fs::read_to_string(path.with_extension("expected"))
                .unwrap_or_else(|_| panic!("{} has no .expected", path.display()));
            let got = r.apply(&text);
            if got != expected {
                failures.push(format!(
                    "{}\n--- expected\n{expected}--- got\n{got}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn no_name_on_record_survives_in_any_case() {
        let r = redactor();
        for text in [
            "OKAFOR",
            "Okafor",
            "Okafor's",
            "Mr. Okafor",
            "mr okafor",
            "Cllr D. Okafor",
            "Cllr D Okafor",
            "CLLR D.A. OKAFOR",
            "D. Okafor",
            "Councillor Dave Okafor",
            "david okafor",
            "SIÂN AP DAFYDD",
            "Cllr Hill",
            "M. Hill",
        ] {
            let got = r.apply(text);
            assert!(
                !got.to_lowercase().contains("okafor")
                    && !got.to_lowercase().contains("dafydd")
                    && !got.contains("Hill"),
                "{text:?} became {got:?}"
            );
        }
    }

    #[test]
    fn ordinary_words_and_references_survive() {
        let r = redactor();
        for text in [
            "the village green, up the hill",
            "the Green group met on 2026-11-20",
            "case G-2026-001, invoice 123456",
            "bob and rob",
            "I said so.",
        ] {
            assert_eq!(r.apply(text), text);
        }
        assert_eq!(
            Redactor::none().apply("David Okafor, 01632 960 771"),
            "David Okafor, 01632 960 771"
        );
    }

    #[test]
    fn emails_and_phone_numbers_are_withheld() {
        let r = Redactor::new();
        assert_eq!(
            r.apply("Write to d.okafor@ashcombe-pc.example or ring +44 1632 960 771."),
            "Write to [e-mail address] or ring [phone number]."
        );
        assert_eq!(
            r.apply("(01632) 960410, 07700-900-123"),
            "[phone number], [phone number]"
        );
        assert_eq!(
            r.apply("an @ sign, a@b, user@localhost"),
            "an @ sign, a@b, user@localhost"
        );
        assert_eq!(
            r.apply("between 2026-11-02 and 2027-01-06"),
            "between 2026-11-02 and 2027-01-06"
        );
    }
}
