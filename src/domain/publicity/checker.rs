//! The checker (R-P2 to R-P4): reads a text for members' names, party affiliations and credit to
//! the ruling group, and reports each finding with its place, severity and rule.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::vocabulary::{Channel, CheckContext, Finding, Severity};
use super::words::lists;
use crate::domain::rules::Cite;

// BOR words these; a council of any other model has them from the Publicity Code it follows.
pub(super) const P2: (&str, &str) = (
    "R-P2",
    "BOR §8.3, Code of Recommended Practice on Local Authority Publicity 2011",
);
pub(super) const P3: (&str, &str) = (
    "R-P3",
    "BOR §8.1, Code of Recommended Practice on Local Authority Publicity 2011",
);

const QUOTE_MARKS: &[char] = &['"', '“', '”', '„', '«', '»', '‘', '’', '\''];
const WINDOW_WORDS: usize = 12;
const WINDOW_QUOTE_TOKENS: usize = 30;
const WINDOW_AFFILIATION: usize = 10;
/// A line shorter than this without closing punctuation is taken as a heading.
const HEADING_CHARS: usize = 60;

#[derive(Debug, Clone)]
struct Token {
    line: usize,
    col: usize,
    len: usize,
    raw: String,
    /// `Some` for words: folded (lower case, no accents, plain apostrophes and hyphens).
    word: Option<String>,
    /// Punctuation character, for non-words.
    punct: char,
    sentence_start: bool,
}

impl Token {
    fn is_word(&self) -> bool {
        self.word.is_some()
    }

    fn folded(&self) -> &str {
        self.word.as_deref().unwrap_or("")
    }

    fn capitalised(&self) -> bool {
        self.raw.chars().next().is_some_and(|c| c.is_uppercase())
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '′')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// Lower case, accents removed, apostrophes and hyphens made plain.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            c if is_apostrophe(c) => out.push('\''),
            c if is_hyphen(c) => out.push('-'),
            'ø' | 'Ø' => out.push('o'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// A folded word without apostrophes or hyphens: how names are compared.
fn key(folded: &str) -> String {
    folded.chars().filter(|c| *c != '\'' && *c != '-').collect()
}

/// The keys a word may stand for at the end of a name: itself, and without a possessive.
fn end_keys(folded: &str) -> Vec<String> {
    let mut keys = vec![key(folded)];
    if let Some(base) = folded.strip_suffix("'s") {
        keys.push(key(base));
    } else if let Some(base) = folded.strip_suffix('\'') {
        keys.push(key(base));
        // "the Smiths’ garden": the plural possessive of Smith.
        if let Some(single) = base.strip_suffix('s') {
            keys.push(key(single));
        }
    }
    keys
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    for (line_index, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let line_first = tokens.len();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
                continue;
            }
            let start = i;
            if is_word_char(c) {
                i += 1;
                while i < chars.len() {
                    let c = chars[i];
                    let next_is_word = chars.get(i + 1).is_some_and(|n| is_word_char(*n));
                    if is_word_char(c) || ((is_apostrophe(c) || is_hyphen(c)) && next_is_word) {
                        i += 1;
                    } else if is_apostrophe(c) && matches!(chars[i - 1], 's' | 'S') {
                        // A trailing possessive: "the Hills’ garden".
                        i += 1;
                        break;
                    } else {
                        break;
                    }
                }
                let raw: String = chars[start..i].iter().collect();
                tokens.push(Token {
                    line: line_index + 1,
                    col: start + 1,
                    len: i - start,
                    word: Some(fold(&raw)),
                    raw,
                    punct: ' ',
                    sentence_start: false,
                });
            } else {
                i += 1;
                tokens.push(Token {
                    line: line_index + 1,
                    col: start + 1,
                    len: 1,
                    raw: c.to_string(),
                    word: None,
                    punct: c,
                    sentence_start: false,
                });
            }
        }
        mark_sentence_starts(
            &mut tokens[line_first..],
            line_starts_sentence(text, line_index),
        );
    }
    tokens
}

/// A line starts a sentence unless it continues one wrapped from the line before: the first line,
/// after a blank line, after . ! ? or :, or after a short line without them (a heading).
fn line_starts_sentence(text: &str, line_index: usize) -> bool {
    let Some(prev) = line_index.checked_sub(1).and_then(|i| text.lines().nth(i)) else {
        return true;
    };
    let prev = prev.trim_end_matches(|c: char| c.is_whitespace() || QUOTE_MARKS.contains(&c));
    prev.is_empty()
        || prev.ends_with(['.', '!', '?', ':', '…'])
        || prev.chars().count() < HEADING_CHARS
}

/// A word starts a sentence after . ! ? or : or at the start of a line (headings, bullets),
/// looking through opening quotes and brackets.
fn mark_sentence_starts(line: &mut [Token], at_line_start: bool) {
    for i in 0..line.len() {
        if !line[i].is_word() {
            continue;
        }
        let mut j = i;
        let mut start = at_line_start;
        while j > 0 {
            j -= 1;
            let t = &line[j];
            if t.is_word() {
                start = false;
                break;
            }
            if matches!(t.punct, '.' | '!' | '?' | ':' | '…') {
                start = true;
                break;
            }
            if !matches!(
                t.punct,
                '"' | '“' | '”' | '‘' | '’' | '\'' | '(' | '[' | '-' | '*' | '•' | '–' | '—'
            ) {
                start = false;
                break;
            }
        }
        line[i].sentence_start = start;
    }
}

/// A member's name prepared for matching.
struct Name {
    display: String,
    /// Keys of the full name: all given names + surname, and first given name + surname.
    full: Vec<String>,
    /// Keys of the surname: with its particles, and the core alone ("ap Dafydd", "Dafydd").
    surname: Vec<String>,
    common_word: bool,
}

impl Name {
    fn new(full_name: &str) -> Option<Name> {
        let words: Vec<String> = tokenize(full_name)
            .into_iter()
            .filter_map(|t| t.word)
            .collect();
        let last = words.len().checked_sub(1)?;
        let mut s = last;
        while s > 1 && lists().particles.contains(words[s - 1].as_str()) {
            s -= 1;
        }
        let surname_words = &words[s..];
        let join = |ws: &[String]| ws.iter().map(|w| key(w)).collect::<String>();
        let mut full = Vec::new();
        if s > 0 {
            full.push(join(&words));
            let first_and_surname: Vec<String> = std::iter::once(words[0].clone())
                .chain(surname_words.iter().cloned())
                .collect();
            let k = join(&first_and_surname);
            if !full.contains(&k) {
                full.push(k);
            }
        }
        let mut surname = vec![join(surname_words)];
        if surname_words.len() > 1 {
            surname.push(key(&words[last]));
        }
        let core = key(&words[last]);
        Some(Name {
            display: full_name.trim().to_string(),
            full,
            surname,
            common_word: surname_words.len() == 1
                && lists().common_word_surnames.contains(core.as_str()),
        })
    }
}

/// Word positions in the token list, with whether each word directly follows the previous one.
struct Words<'a> {
    tokens: &'a [Token],
    /// Index into `tokens` of each word.
    at: Vec<usize>,
}

impl<'a> Words<'a> {
    fn new(tokens: &'a [Token]) -> Self {
        let at = (0..tokens.len()).filter(|i| tokens[*i].is_word()).collect();
        Words { tokens, at }
    }

    fn len(&self) -> usize {
        self.at.len()
    }

    fn token(&self, w: usize) -> &Token {
        &self.tokens[self.at[w]]
    }

    fn adjacent(&self, w: usize) -> bool {
        w > 0 && self.at[w] == self.at[w - 1] + 1
    }

    /// How many words starting at `w`, run together, spell `target` (possessive allowed at the end).
    fn spells(&self, w: usize, target: &str) -> Option<usize> {
        let mut prefix = String::new();
        for k in 0..6 {
            let i = w + k;
            if i >= self.len() || (k > 0 && !self.adjacent(i)) {
                return None;
            }
            let folded = self.token(i).folded();
            if end_keys(folded)
                .iter()
                .any(|end| format!("{prefix}{end}") == target)
            {
                return Some(k + 1);
            }
            prefix.push_str(&key(folded));
            if !target.starts_with(&prefix) {
                return None;
            }
        }
        None
    }

    /// Folded keys of `n` adjacent words from `w`, joined by spaces (for phrase lists).
    fn phrase(&self, w: usize, n: usize) -> Option<String> {
        if w + n > self.len() || (1..n).any(|k| !self.adjacent(w + k)) {
            return None;
        }
        Some(
            (w..w + n)
                .map(|i| key(self.token(i).folded()))
                .collect::<Vec<_>>()
                .join(" "),
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Title {
    None,
    Civic,
    Honorific,
}

#[derive(Debug, Clone)]
struct Mention {
    member: usize,
    /// First and last word of the name.
    first: usize,
    last: usize,
    full: bool,
    title: Title,
    /// Token index of the title when it directly precedes the name.
    title_token: Option<usize>,
    /// What R-P2 would make of it; `None` when it is most likely the ordinary word.
    weight: Option<Severity>,
}

pub fn check(text: &str, ctx: &CheckContext) -> Vec<Finding> {
    let tokens = tokenize(text);
    let words = Words::new(&tokens);
    let names: Vec<Name> = ctx
        .members
        .iter()
        .filter_map(|m| Name::new(&m.full_name))
        .collect();
    let mentions = find_mentions(&words, &names);
    let mut findings = Vec::new();

    if ctx.in_period && !ctx.statutory_election_notice {
        // R-P5: name the election(s) whose period it falls in.
        let of = if ctx.periods.is_empty() {
            String::new()
        } else {
            format!(" of the {}", ctx.periods.join(" and the "))
        };
        for m in &mentions {
            if let Some(mut f) = p2_finding(&words, &names, m) {
                f.message = f.message.replace(
                    "the pre-election period",
                    &format!("the pre-election period{of}"),
                );
                findings.push(f);
            }
        }
    }

    if ctx.channel == Channel::PressRelease {
        let quoted: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.weight.is_some() && is_quoted(&words, m))
            .collect();
        if !quoted.is_empty() {
            let ruling = ruling_credits(&words, ctx);
            for m in &quoted {
                for (first, n, label) in affiliations(&words, ctx, m) {
                    if !ruling.iter().any(|(a, b)| (*a..=*b).contains(&first)) {
                        findings.push(span_finding(&words, first, first + n - 1, Severity::Block, P3, format!(
                            "gives the party affiliation (\"{label}\") of a member quoted in a press release ({})",
                            names[m.member].display
                        )));
                    }
                }
            }
            for (first, last) in ruling {
                let label = span_text(&words, first, last);
                findings.push(span_finding(
                    &words,
                    first,
                    last,
                    Severity::Block,
                    P3,
                    format!(
                    "credits the ruling group (\"{label}\") in a press release quoting a member"
                ),
                ));
            }
        }
    }

    findings.sort_by_key(|f| (f.line, f.col, f.severity != Severity::Block));
    findings.dedup_by(|b, a| a.line == b.line && a.col == b.col && a.cite == b.cite);
    findings
}

fn find_mentions(words: &Words, names: &[Name]) -> Vec<Mention> {
    let mut taken = vec![false; words.len()];
    let mut mentions = Vec::new();
    // Full names first, so "Peter Green" is not also a bare "Green".
    for pass_full in [true, false] {
        for w in 0..words.len() {
            if taken[w] {
                continue;
            }
            let best = names
                .iter()
                .enumerate()
                .flat_map(|(i, n)| {
                    let keys = if pass_full { &n.full } else { &n.surname };
                    keys.iter()
                        .filter_map(move |k| words.spells(w, k).map(|len| (i, len)))
                })
                .max_by_key(|(_, len)| *len);
            let Some((member, len)) = best else { continue };
            let last = w + len - 1;
            if taken[w..=last].iter().any(|t| *t) {
                continue;
            }
            taken[w..=last].iter_mut().for_each(|t| *t = true);
            let (title, title_token) = title_before(words, w);
            let weight = weight(words, &names[member], w, last, pass_full, title);
            mentions.push(Mention {
                member,
                first: w,
                last,
                full: pass_full,
                title,
                title_token,
                weight,
            });
        }
    }
    mentions.sort_by_key(|m| m.first);
    mentions
}

/// The title directly before a name ("Cllr Green", "Cllr. Green"), or a plural title heading a
/// list of names ("Cllrs Hill, Green and Ó Briain").
fn title_before(words: &Words, w: usize) -> (Title, Option<usize>) {
    let at = words.at[w];
    // A title with initials between it and the surname still names the member (R-P2): "Cllr D.
    // Okafor", "Councillor M Hill", "Cllr J. R. Hill".
    if let Some(found) = title_over_initials(words, at) {
        return found;
    }
    let mut t = at;
    if t > 0 && words.tokens[t - 1].punct == '.' && t > 1 && words.tokens[t - 2].is_word() {
        t -= 1;
    }
    if t > 0 {
        let prev = &words.tokens[t - 1];
        let folded = prev.folded();
        if lists().civic_titles.contains(folded) || lists().plural_titles.contains(folded) {
            return (Title::Civic, Some(t - 1));
        }
        if lists().honorifics.contains(folded) {
            return (Title::Honorific, Some(t - 1));
        }
    }
    // A list: walk back over capitalised words, commas, "and", "&".
    let mut i = at;
    let mut steps = 0;
    while i > 0 && steps < 12 {
        i -= 1;
        steps += 1;
        let tok = &words.tokens[i];
        if let Some(folded) = &tok.word {
            if lists().plural_titles.contains(folded.as_str()) {
                return (Title::Civic, None);
            }
            if folded != "and" && !tok.capitalised() {
                break;
            }
        } else if !matches!(tok.punct, ',' | '&' | '.') {
            break;
        }
    }
    (Title::None, None)
}

/// The title before one to three initials (each a single capital letter, with or without a full
/// stop) that directly precede the token at `at`.
fn title_over_initials(words: &Words, at: usize) -> Option<(Title, Option<usize>)> {
    let tokens = words.tokens;
    let is_initial = |t: &Token| t.raw.chars().count() == 1 && t.capitalised();
    let mut t = at;
    let mut initials = 0;
    loop {
        let mut u = t;
        if u > 0 && tokens[u - 1].punct == '.' {
            u -= 1;
        }
        if initials < 3 && u > 0 && is_initial(&tokens[u - 1]) {
            t = u - 1;
            initials += 1;
        } else {
            break;
        }
    }
    if initials == 0 {
        return None;
    }
    if t > 0 && tokens[t - 1].punct == '.' && t > 1 && tokens[t - 2].is_word() {
        t -= 1;
    }
    let prev = tokens.get(t.checked_sub(1)?)?;
    let folded = prev.folded();
    if lists().civic_titles.contains(folded) || lists().plural_titles.contains(folded) {
        Some((Title::Civic, Some(t - 1)))
    } else if lists().honorifics.contains(folded) {
        Some((Title::Honorific, Some(t - 1)))
    } else {
        None
    }
}

fn weight(
    words: &Words,
    name: &Name,
    first: usize,
    last: usize,
    full: bool,
    title: Title,
) -> Option<Severity> {
    if full || title == Title::Civic {
        return Some(Severity::Block);
    }
    if title == Title::Honorific || !name.common_word {
        return Some(Severity::Warn);
    }
    // A surname that is an ordinary word: only a capital in mid-sentence suggests the person, and
    // not when it is part of a capitalised phrase ("Ashcombe Village Green", "Hill Road").
    let tok = words.token(first);
    let prev_cap = words.adjacent(first) && {
        let p = words.token(first - 1);
        p.capitalised() && !p.sentence_start
    };
    let next_cap =
        last + 1 < words.len() && words.adjacent(last + 1) && words.token(last + 1).capitalised();
    (tok.capitalised() && !tok.sentence_start && !prev_cap && !next_cap).then_some(Severity::Warn)
}

fn p2_finding(words: &Words, names: &[Name], m: &Mention) -> Option<Finding> {
    let severity = m.weight?;
    let display = &names[m.member].display;
    let start_token = m.title_token.unwrap_or(words.at[m.first]);
    let mut f = span_tokens(
        words,
        start_token,
        words.at[m.last],
        severity,
        P2,
        String::new(),
    );
    let seen = span_text_tokens(words, start_token, words.at[m.last]);
    f.message = match (m.full, m.title, severity) {
        (true, _, _) => format!("names a member in full (\"{seen}\") in the pre-election period"),
        (false, Title::Civic, _) => {
            format!("names a member by title and surname (\"{seen}\") in the pre-election period")
        }
        _ => format!("\"{seen}\" may name a member ({display}) in the pre-election period"),
    };
    Some(f)
}

fn is_quoted(words: &Words, m: &Mention) -> bool {
    let lo = m.first.saturating_sub(WINDOW_WORDS);
    let hi = (m.last + WINDOW_WORDS).min(words.len() - 1);
    if (lo..=hi).any(|w| lists().speech_words.contains(words.token(w).folded())) {
        return true;
    }
    let lo = words.at[m.first].saturating_sub(WINDOW_QUOTE_TOKENS);
    let hi = (words.at[m.last] + WINDOW_QUOTE_TOKENS).min(words.tokens.len() - 1);
    words.tokens[lo..=hi]
        .iter()
        .any(|t| !t.is_word() && QUOTE_MARKS.contains(&t.punct))
}

/// Party words near a quoted member: (first word, number of words, text as written).
fn affiliations(words: &Words, ctx: &CheckContext, m: &Mention) -> Vec<(usize, usize, String)> {
    // Within the quoted member's own sentence.
    let mut lo = m.first;
    while lo > m.first.saturating_sub(WINDOW_AFFILIATION) && !words.token(lo).sentence_start {
        lo -= 1;
    }
    let mut hi = m.last;
    while hi + 1 < words.len()
        && hi < m.last + WINDOW_AFFILIATION
        && !words.token(hi + 1).sentence_start
    {
        hi += 1;
    }
    let groups: Vec<String> = ctx
        .group_names
        .iter()
        .flat_map(|g| group_variants(g))
        .collect();
    let mut found = Vec::new();
    let mut w = lo;
    while w <= hi {
        if (m.first..=m.last).contains(&w) {
            w += 1;
            continue;
        }
        let mut hit = None;
        for n in (1..=4).rev() {
            let Some(phrase) = words.phrase(w, n) else {
                continue;
            };
            let tok = words.token(w);
            let single_cap = n == 1 && tok.capitalised();
            let is_group = groups.contains(&phrase) && (n > 1 || single_cap);
            let is_phrase = n > 1 && lists().party_phrases.contains(phrase.as_str());
            let is_word = single_cap && lists().party_words.contains(phrase.as_str());
            let bracketed = n == 1
                && lists().party_abbreviations.contains(phrase.as_str())
                && words.at[w] > 0
                && words.tokens[words.at[w] - 1].punct == '('
                && words
                    .tokens
                    .get(words.at[w] + 1)
                    .is_some_and(|t| t.punct == ')');
            if is_group || is_phrase || is_word || bracketed {
                hit = Some(n);
                break;
            }
        }
        match hit {
            Some(n) => {
                found.push((w, n, span_text(words, w, w + n - 1)));
                w += n;
            }
            None => w += 1,
        }
    }
    found
}

/// A group name and, when it ends in "group" or "party", the name without it.
fn group_variants(name: &str) -> Vec<String> {
    let keys: Vec<String> = tokenize(name)
        .iter()
        .filter_map(|t| t.word.as_deref().map(key))
        .collect();
    let mut out = Vec::new();
    if keys.is_empty() {
        return out;
    }
    out.push(keys.join(" "));
    if keys.len() > 1 && matches!(keys[keys.len() - 1].as_str(), "group" | "party") {
        out.push(keys[..keys.len() - 1].join(" "));
    }
    out
}

/// The ruling group credited with something: "the Ashcombe First administration delivered ...",
/// "thanks to the Ashcombe First group". Returns (first word, last word) of the group's name.
fn ruling_credits(words: &Words, ctx: &CheckContext) -> Vec<(usize, usize)> {
    let Some(ruling) = ctx.ruling_group.as_deref() else {
        return Vec::new();
    };
    let variants = group_variants(ruling);
    let mut out = Vec::new();
    for w in 0..words.len() {
        let Some(n) = (1..=5).rev().find(|n| {
            words
                .phrase(w, *n)
                .is_some_and(|p| variants.contains(&p) && (*n > 1 || words.token(w).capitalised()))
        }) else {
            continue;
        };
        if out.iter().any(|(a, b)| (*a..=*b).contains(&w)) {
            continue;
        }
        let last = w + n - 1;
        let before = |k: usize, s: &str| w >= k && words.token(w - k).folded() == s;
        let thanked = (before(2, "thanks") || before(2, "credit")) && before(1, "to")
            || (before(3, "thanks") || before(3, "credit")) && before(2, "to") && before(1, "the");
        let mut credited = false;
        let mut i = last + 1;
        while i < words.len() && i <= last + WINDOW_WORDS {
            // Stop at the end of the sentence.
            if words.token(i).sentence_start {
                break;
            }
            if lists().credit_words.contains(words.token(i).folded()) {
                credited = true;
                break;
            }
            i += 1;
        }
        if thanked || credited {
            out.push((w, last));
        }
    }
    out
}

fn span_text(words: &Words, first: usize, last: usize) -> String {
    span_text_tokens(words, words.at[first], words.at[last])
}

fn span_text_tokens(words: &Words, first: usize, last: usize) -> String {
    let mut out = String::new();
    for i in first..=last {
        let t = &words.tokens[i];
        if i > first {
            let p = &words.tokens[i - 1];
            if p.line != t.line || p.col + p.len < t.col {
                out.push(' ');
            }
        }
        out.push_str(&t.raw);
    }
    out
}

fn span_finding(
    words: &Words,
    first: usize,
    last: usize,
    severity: Severity,
    cite: (&str, &str),
    message: String,
) -> Finding {
    span_tokens(
        words,
        words.at[first],
        words.at[last],
        severity,
        cite,
        message,
    )
}

fn span_tokens(
    words: &Words,
    first: usize,
    last: usize,
    severity: Severity,
    (rule, clause): (&str, &str),
    message: String,
) -> Finding {
    let a = &words.tokens[first];
    // On the first line only: the last token on the same line as the first.
    let b = (first..=last)
        .rev()
        .map(|i| &words.tokens[i])
        .find(|t| t.line == a.line)
        .unwrap_or(a);
    Finding {
        line: a.line,
        col: a.col,
        len: b.col + b.len - a.col,
        severity,
        cite: Cite::new(rule, clause),
        message,
    }
}
