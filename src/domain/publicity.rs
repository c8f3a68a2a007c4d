//! Council publicity (R-P2 to R-P4): each item is checked before approval, and a check that finds a
//! blocking problem stops it until it is edited.
//!
//! - R-P2 (BOR §8.3): in the pre-election period publicity names no member. A full name, or a
//!   civic title and surname ("Cllr Smith"), blocks; a bare surname only warns, because many surnames
//!   are ordinary words ("green space" is not Cllr Green).
//! - R-P3 (BOR §8.1): at any time, a press release quoting a member gives no party affiliation and
//!   credits nothing to the ruling group.
//! - R-P4: statutory notices about the election itself are exempt from R-P2, so the checker gives
//!   no R-P2 findings for them.
//!
//! Matching ignores case and accents (Siân = Sian), reads possessives (Green's, Hills’), and treats
//! "O'Briain", "Ó Briain" and "OBriain" alike by comparing names with spaces, hyphens and
//! apostrophes removed, on whole words only.

mod spec;
pub use spec::edit_defaults;

use crate::domain::machine::inherent_spec_methods;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::blackout::{self, Election};
use super::calendar::WorkingCalendar;
use super::dates;
use super::rules::{Cite, FieldError, FieldErrors, Refusal, Rejection};
use super::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    PressRelease,
    Newsletter,
    Website,
    SocialMedia,
    Noticeboard,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::PressRelease,
        Channel::Newsletter,
        Channel::Website,
        Channel::SocialMedia,
        Channel::Noticeboard,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Channel::PressRelease => "press release",
            Channel::Newsletter => "newsletter",
            Channel::Website => "website",
            Channel::SocialMedia => "social media",
            Channel::Noticeboard => "noticeboard",
        }
    }

    pub fn parse(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let folded: String = raw
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        match folded.as_str() {
            "pressrelease" | "press" => Ok(Channel::PressRelease),
            "newsletter" => Ok(Channel::Newsletter),
            "website" | "web" => Ok(Channel::Website),
            "socialmedia" | "social" => Ok(Channel::SocialMedia),
            "noticeboard" | "notice" => Ok(Channel::Noticeboard),
            _ => Err(FieldError::new(
                field,
                format!(
                    "'{}' is not a channel (press release, newsletter, website, social media, \
                     noticeboard)",
                    raw.trim()
                ),
            )),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The item cannot be approved or published.
    Block,
    /// The clerk should look; nothing is stopped.
    Warn,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Block => "block",
            Severity::Warn => "warn",
        }
    }
}

/// One problem in a text, placed so an editor can jump to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters (not bytes), so accented names place correctly.
    pub col: usize,
    /// Length in characters of the text the finding is about (on its first line).
    pub len: usize,
    pub severity: Severity,
    pub cite: Cite,
    pub message: String,
}

impl Finding {
    /// `line:col RULE message` for the CLI; the message carries the severity and the clause.
    pub fn to_line(&self) -> String {
        format!(
            "{}:{} {} {}: {} ({})",
            self.line,
            self.col,
            self.cite.rule,
            self.severity.label(),
            self.message,
            self.cite.clause
        )
    }

    pub fn is_blocking(&self) -> bool {
        self.severity == Severity::Block
    }
}

pub fn first_blocking(findings: &[Finding]) -> Option<&Finding> {
    findings.iter().find(|f| f.is_blocking())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NameEntry {
    pub full_name: String,
}

/// Everything the checker needs besides the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckContext {
    pub planned: NaiveDate,
    /// Whether `planned` falls in a pre-election period (R-P1).
    pub in_period: bool,
    pub channel: Channel,
    /// R-P4: a statutory notice about the election itself.
    pub statutory_election_notice: bool,
    pub members: Vec<NameEntry>,
    pub group_names: Vec<String>,
    pub ruling_group: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// The checker
// ---------------------------------------------------------------------------------------------

const P2: (&str, &str) = ("R-P2", "BOR §8.3");
const P3: (&str, &str) = ("R-P3", "BOR §8.1");

/// Surnames that are also everyday English words: bare and lower case they are the word, not the
/// member, so they only warn when capitalised in mid-sentence.
const COMMON_WORD_SURNAMES: &[&str] = &[
    "green",
    "brown",
    "white",
    "black",
    "gray",
    "grey",
    "wood",
    "woods",
    "hill",
    "hills",
    "field",
    "fields",
    "rose",
    "king",
    "young",
    "hall",
    "baker",
    "cook",
    "mason",
    "bishop",
    "park",
    "lane",
    "marsh",
    "moss",
    "rivers",
    "banks",
    "long",
    "little",
    "may",
    "frost",
    "snow",
    "day",
    "hope",
    "price",
    "bell",
    "mills",
    "stone",
    "well",
    "wells",
    "brook",
    "brooks",
    "ford",
    "cross",
    "church",
    "bridge",
    "bird",
    "fox",
    "hunt",
    "lamb",
    "rich",
    "short",
    "sharp",
    "strong",
    "gold",
    "silver",
    "north",
    "south",
    "west",
    "east",
    "walker",
    "turner",
    "carter",
    "fisher",
    "miller",
    "potter",
    "shepherd",
    "page",
    "chance",
    "child",
    "joy",
    "love",
    "summer",
    "winter",
    "moor",
    "dale",
    "heath",
    "holly",
    "ivy",
    "bush",
    "reed",
    "grant",
    "bond",
    "law",
    "best",
    "good",
    "wise",
    "hardy",
    "bright",
    "sweet",
    "power",
    "faith",
    "knight",
    "barber",
    "butcher",
    "dean",
    "marshall",
    "chamberlain",
    "steward",
    "archer",
    "gardner",
    "gardener",
    "waters",
    "pool",
    "lake",
    "forest",
    "street",
    "roe",
    "hart",
    "swan",
    "crane",
    "nash",
    "pope",
    "noble",
    "friend",
    "free",
];

/// Particles that belong to the surname ("Siân ap Dafydd", "Zoë Ó Briain", "Anne de Vries").
const PARTICLES: &[&str] = &[
    "ap", "ab", "ferch", "verch", "o", "ni", "nic", "ui", "mac", "mc", "de", "da", "di", "del",
    "della", "van", "von", "der", "den", "du", "la", "le", "st", "bin", "bint",
];

/// Civic titles: with a member's surname they name the member (R-P2 blocks).
const CIVIC_TITLES: &[&str] = &[
    "cllr",
    "councillor",
    "councilor",
    "mayor",
    "chairman",
    "chairwoman",
    "chair",
    "chairperson",
    "leader",
    "alderman",
];
const PLURAL_TITLES: &[&str] = &["cllrs", "councillors", "councilors"];
/// Honorifics could belong to anyone with the surname, so with a surname they warn.
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lady", "lord",
];

const SPEECH_WORDS: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "added",
    "adds",
    "commented",
    "comments",
    "explained",
    "explains",
    "stated",
    "states",
    "told",
    "remarked",
    "quoted",
    "according",
    "welcomed",
];
const QUOTE_MARKS: &[char] = &['"', '“', '”', '„', '«', '»', '‘', '’', '\''];
/// Party names that only count capitalised ("Labour", not "labour costs").
const PARTY_WORDS: &[&str] = &[
    "labour",
    "conservative",
    "conservatives",
    "tory",
    "tories",
    "reform",
];
/// Party phrases, in any case.
const PARTY_PHRASES: &[&str] = &[
    "liberal democrat",
    "liberal democrats",
    "lib dem",
    "lib dems",
    "libdem",
    "libdems",
    "green party",
    "independent group",
    "reform uk",
    "plaid cymru",
    "labour party",
    "conservative party",
];
/// Party abbreviations, only in brackets: "Cllr Green (Lab)".
const PARTY_ABBREVIATIONS: &[&str] = &["lab", "con", "ld", "libdem", "grn", "ind", "ref", "reform"];
const CREDIT_WORDS: &[&str] = &[
    "delivered",
    "delivers",
    "deliver",
    "delivering",
    "secured",
    "achieved",
    "kept",
    "promised",
    "pledged",
    "introduced",
    "brought",
    "won",
    "funded",
    "built",
    "launched",
    "made",
];
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
        while s > 1 && PARTICLES.contains(&words[s - 1].as_str()) {
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
            common_word: surname_words.len() == 1 && COMMON_WORD_SURNAMES.contains(&core.as_str()),
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
        for m in &mentions {
            if let Some(f) = p2_finding(&words, &names, m) {
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
        if CIVIC_TITLES.contains(&folded) || PLURAL_TITLES.contains(&folded) {
            return (Title::Civic, Some(t - 1));
        }
        if HONORIFICS.contains(&folded) {
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
            if PLURAL_TITLES.contains(&folded.as_str()) {
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
    if CIVIC_TITLES.contains(&folded) || PLURAL_TITLES.contains(&folded) {
        Some((Title::Civic, Some(t - 1)))
    } else if HONORIFICS.contains(&folded) {
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
    if (lo..=hi).any(|w| SPEECH_WORDS.contains(&words.token(w).folded())) {
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
            let is_phrase = n > 1 && PARTY_PHRASES.contains(&phrase.as_str());
            let is_word = single_cap && PARTY_WORDS.contains(&phrase.as_str());
            let bracketed = n == 1
                && PARTY_ABBREVIATIONS.contains(&phrase.as_str())
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
            if CREDIT_WORDS.contains(&words.token(i).folded()) {
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

// ---------------------------------------------------------------------------------------------
// The publicity item and its state machine
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    Draft,
    Checked,
    /// A blocking finding: only an edit moves it on.
    Blocked,
    Approved,
    Published,
}

impl ItemState {
    pub fn label(self) -> &'static str {
        match self {
            ItemState::Draft => "draft",
            ItemState::Checked => "checked",
            ItemState::Blocked => "blocked",
            ItemState::Approved => "approved",
            ItemState::Published => "published",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityItem {
    pub id: u32,
    pub title: String,
    pub channel: Channel,
    pub planned: NaiveDate,
    pub text: String,
    pub statutory_election_notice: bool,
    pub state: ItemState,
    /// From the last check; cleared by an edit.
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub published: Option<NaiveDate>,
}

/// What a person typed for an item, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicityInput {
    pub title: String,
    pub channel: String,
    pub planned: String,
    pub text: String,
    /// "yes" / "no" (empty = no).
    pub statutory_election_notice: String,
}

impl PublicityInput {
    pub fn from_item(item: &PublicityItem) -> Self {
        PublicityInput {
            title: item.title.clone(),
            channel: item.channel.label().to_string(),
            planned: dates::show(item.planned),
            text: item.text.clone(),
            statutory_election_notice: if item.statutory_election_notice {
                "yes"
            } else {
                "no"
            }
            .to_string(),
        }
    }
}

/// What a check looks at besides the item: the members, the groups and the elections.
#[derive(Debug, Clone, Copy)]
pub struct CheckEnv<'a> {
    pub members: &'a [NameEntry],
    pub group_names: &'a [String],
    pub ruling_group: Option<&'a str>,
    pub elections: &'a [Election],
    pub calendar: &'a WorkingCalendar,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemActionKind {
    Edit,
    Check,
    Approve,
    Publish,
}

impl ItemActionKind {
    pub const ALL: [ItemActionKind; 4] = [
        ItemActionKind::Edit,
        ItemActionKind::Check,
        ItemActionKind::Approve,
        ItemActionKind::Publish,
    ];
}

inherent_spec_methods!(ItemActionKind);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemAction {
    Edit(PublicityInput),
    Check,
    Approve,
    Publish { on: String },
}

impl ItemAction {
    pub fn kind(&self) -> ItemActionKind {
        match self {
            ItemAction::Edit(_) => ItemActionKind::Edit,
            ItemAction::Check => ItemActionKind::Check,
            ItemAction::Approve => ItemActionKind::Approve,
            ItemAction::Publish { .. } => ItemActionKind::Publish,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemEvent {
    pub item: PublicityItem,
    pub action: &'static str,
    pub note: Option<String>,
}

impl PublicityItem {
    pub fn create(id: u32, input: &PublicityInput) -> Result<PublicityItem, Rejection> {
        let f = validate(input)?;
        Ok(PublicityItem {
            id,
            title: f.title,
            channel: f.channel,
            planned: f.planned,
            text: f.text,
            statutory_election_notice: f.statutory,
            state: ItemState::Draft,
            findings: Vec::new(),
            published: None,
        })
    }

    /// The checker's view of this item going out on `day` (R-P1 decides `in_period`).
    pub fn context_on(&self, day: NaiveDate, env: &CheckEnv) -> CheckContext {
        CheckContext {
            planned: day,
            in_period: blackout::in_period(env.elections, day, env.calendar).is_some(),
            channel: self.channel,
            statutory_election_notice: self.statutory_election_notice,
            members: env.members.to_vec(),
            group_names: env.group_names.to_vec(),
            ruling_group: env.ruling_group.map(str::to_string),
        }
    }

    pub fn context(&self, env: &CheckEnv) -> CheckContext {
        self.context_on(self.planned, env)
    }

    pub fn available(&self) -> Vec<ItemActionKind> {
        use ItemActionKind::*;
        match self.state {
            ItemState::Draft => vec![Edit, Check],
            ItemState::Checked => vec![Edit, Check, Approve],
            ItemState::Blocked => vec![Edit],
            ItemState::Approved => vec![Edit, Publish],
            ItemState::Published => Vec::new(),
        }
    }

    pub fn apply(
        &self,
        action: ItemAction,
        today: NaiveDate,
        env: &CheckEnv,
    ) -> Result<ItemEvent, Rejection> {
        if !self.available().contains(&action.kind()) {
            return Err(self.not_now(action.kind()).into());
        }
        let mut item = self.clone();
        let (name, note) = match action {
            ItemAction::Edit(input) => {
                let f = validate(&input)?;
                item.title = f.title;
                item.channel = f.channel;
                item.planned = f.planned;
                item.text = f.text;
                item.statutory_election_notice = f.statutory;
                item.state = ItemState::Draft;
                item.findings.clear();
                ("edited", None)
            }
            ItemAction::Check => {
                item.findings = check(&item.text, &item.context(env));
                let blocks = item.findings.iter().filter(|f| f.is_blocking()).count();
                let warns = item.findings.len() - blocks;
                item.state = if blocks > 0 {
                    ItemState::Blocked
                } else {
                    ItemState::Checked
                };
                let note = (!item.findings.is_empty())
                    .then(|| format!("{blocks} blocking, {warns} to look at"));
                ("checked", note)
            }
            ItemAction::Approve => {
                // Circumstances change (a period starts, a member joins): check again first.
                let findings = check(&item.text, &item.context(env));
                refuse_if_blocked(&findings, "approved")?;
                item.findings = findings;
                item.state = ItemState::Approved;
                ("approved", None)
            }
            ItemAction::Publish { on } => {
                let on = dates::parse_date("published on", &on)?;
                if on > today {
                    return Err(FieldError::new("published on", "is in the future").into());
                }
                let findings = check(&item.text, &item.context_on(on, env));
                refuse_if_blocked(&findings, "published")?;
                item.findings = findings;
                item.published = Some(on);
                item.state = ItemState::Published;
                ("published", None)
            }
        };
        Ok(ItemEvent {
            item,
            action: name,
            note,
        })
    }

    fn not_now(&self, kind: ItemActionKind) -> Refusal {
        let (rule, clause) = first_blocking(&self.findings)
            .map(|f| (f.cite.rule.as_str(), f.cite.clause.as_str()))
            .unwrap_or(P2);
        let reason = match self.state {
            ItemState::Published => {
                format!(
                    "'{}' is published; it is kept as a record and cannot {}",
                    self.title,
                    kind.label()
                )
            }
            ItemState::Blocked => match first_blocking(&self.findings) {
                Some(f) => format!(
                    "blocked at {}:{}: {}; edit it first",
                    f.line, f.col, f.message
                ),
                None => "blocked; edit it first".to_string(),
            },
            ItemState::Draft => {
                "publicity is checked for members' names and party credit before it \
                                 is approved; check it first"
                    .to_string()
            }
            ItemState::Checked => "approve it before it is published".to_string(),
            ItemState::Approved => "it is approved; edit it to change it".to_string(),
        };
        Refusal::new(rule, clause, reason)
    }
}

fn refuse_if_blocked(findings: &[Finding], what: &str) -> Result<(), Refusal> {
    match first_blocking(findings) {
        Some(f) => Err(Refusal::new(
            &f.cite.rule,
            &f.cite.clause,
            format!(
                "cannot be {what}: {}:{} {}; check it again after editing",
                f.line, f.col, f.message
            ),
        )),
        None => Ok(()),
    }
}

struct ItemFields {
    title: String,
    channel: Channel,
    planned: NaiveDate,
    text: String,
    statutory: bool,
}

fn validate(input: &PublicityInput) -> Result<ItemFields, Vec<FieldError>> {
    let mut errors = FieldErrors::default();
    let title = errors.keep(text::required_name("title", &input.title));
    let channel = errors.keep(Channel::parse("channel", &input.channel));
    let planned = errors.keep(dates::parse_date("planned", &input.planned));
    let body = errors.keep(text::note("text", &input.text));
    let statutory = errors.keep(parse_yes_no(
        "statutory election notice",
        &input.statutory_election_notice,
    ));
    if let (Some(true), Some(c)) = (statutory, channel) {
        if !matches!(c, Channel::Noticeboard | Channel::Website) {
            // R-P4 exempts the statutory notices themselves, which are posted, not press-released.
            errors.push(FieldError::new(
                "statutory election notice",
                format!(
                    "a statutory notice goes on the noticeboard or website, not a {}",
                    c.label()
                ),
            ));
        }
    }
    match (title, channel, planned, body, statutory) {
        (Some(title), Some(channel), Some(planned), Some(text), Some(statutory))
            if errors.is_empty() =>
        {
            Ok(ItemFields {
                title,
                channel,
                planned,
                text,
                statutory,
            })
        }
        _ => Err(errors.0),
    }
}

fn parse_yes_no(field: &'static str, raw: &str) -> Result<bool, FieldError> {
    match raw.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" => Ok(false),
        "yes" | "y" | "true" => Ok(true),
        other => Err(FieldError::new(
            field,
            format!("'{other}' is not yes or no"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::blackout::ElectionInput;
    use crate::domain::testkit::d;

    const MEMBERS: [&str; 6] = [
        "Siân ap Dafydd",
        "Zoë Ó Briain",
        "Peter Green",
        "Margaret Hill",
        "Tom Ågren-Smith",
        "Hannah Whitlock",
    ];

    fn roll() -> Vec<NameEntry> {
        MEMBERS
            .iter()
            .map(|n| NameEntry {
                full_name: n.to_string(),
            })
            .collect()
    }

    fn groups() -> Vec<String> {
        vec!["Ashcombe Independents".into(), "Labour Group".into()]
    }

    fn ctx(channel: Channel, in_period: bool) -> CheckContext {
        CheckContext {
            planned: d(2026, 4, 20),
            in_period,
            channel,
            statutory_election_notice: false,
            members: roll(),
            group_names: groups(),
            ruling_group: Some("Ashcombe Independents".into()),
        }
    }

    /// The text a finding points at, read back from the line and column.
    fn found_text(text: &str, f: &Finding) -> String {
        let line = text.lines().nth(f.line - 1).unwrap_or("");
        line.chars().skip(f.col - 1).take(f.len).collect()
    }

    fn summary(text: &str, findings: &[Finding]) -> Vec<String> {
        findings
            .iter()
            .map(|f| {
                format!(
                    "{}:{} {} {} \"{}\"",
                    f.line,
                    f.col,
                    f.cite.rule,
                    f.severity.label(),
                    found_text(text, f)
                )
            })
            .collect()
    }

    #[test]
    fn corpus_texts_give_exactly_the_expected_findings() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/publicity_corpus");
        let mut cases: Vec<_> = std::fs::read_dir(&dir)
            .expect("tests/publicity_corpus exists")
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        cases.sort();
        assert!(cases.len() >= 12, "only {} corpus texts", cases.len());
        let mut failures = Vec::new();
        for path in &cases {
            let text = std::fs::read_to_string(path).unwrap();
            let spec = std::fs::read_to_string(path.with_extension("expected"))
                .unwrap_or_else(|_| panic!("{} has no .expected", path.display()));
            let mut c = ctx(Channel::Newsletter, false);
            let mut expected = Vec::new();
            for line in spec.lines().map(str::trim) {
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                if line.starts_with(|ch: char| ch.is_ascii_digit()) {
                    expected.push(line.to_string());
                    continue;
                }
                let (k, v) = line.split_once(':').expect("setting as key: value");
                let v = v.trim();
                match k.trim() {
                    "channel" => c.channel = Channel::parse("channel", v).unwrap(),
                    "planned" => c.planned = dates::parse_date("planned", v).unwrap(),
                    "in_period" => c.in_period = parse_yes_no("in_period", v).unwrap(),
                    "statutory" => {
                        c.statutory_election_notice = parse_yes_no("statutory", v).unwrap()
                    }
                    other => panic!("{}: unknown setting {other}", path.display()),
                }
            }
            let got = summary(&text, &check(&text, &c));
            if got != expected {
                failures.push(format!(
                    "{}\n  expected: {expected:#?}\n  got: {got:#?}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn cllr_green_blocks_but_green_space_does_not_warn() {
        let c = ctx(Channel::Website, true);
        let text = "Cllr Green opened the green space.";
        let got = summary(text, &check(text, &c));
        assert_eq!(got, ["1:1 R-P2 block \"Cllr Green\""]);
        assert!(check("A green space, up the hill.", &c).is_empty());
        // Mid-sentence and capitalised, on its own: probably the member, so a warning.
        let text = "Thanks to Green for the plans.";
        assert_eq!(
            summary(text, &check(text, &c)),
            ["1:11 R-P2 warn \"Green\""]
        );
    }

    #[test]
    fn a_title_and_surname_blocks_with_or_without_initials_and_ordinary_word_surnames_too() {
        // R-P2 (BOR §8.3): a civic title with a member's surname names the member and blocks.
        let c = ctx(Channel::Website, true);
        for (text, seen) in [
            ("Cllr Whitlock opened the fete.", "Cllr Whitlock"),
            ("Cllr H. Whitlock opened the fete.", "Cllr H. Whitlock"),
            ("Thanks to Cllr H Whitlock today.", "Cllr H Whitlock"),
            ("Cllr M. Hill opened the fete.", "Cllr M. Hill"),
            ("Thanks to Councillor M Hill today.", "Councillor M Hill"),
            ("Thanks to Cllr J. R. Hill today.", "Cllr J. R. Hill"),
            ("Cllr Hill opened the fete.", "Cllr Hill"),
        ] {
            let found = check(text, &c);
            let blocking = first_blocking(&found).unwrap_or_else(|| panic!("{text}: {found:?}"));
            assert_eq!(blocking.cite.rule, "R-P2", "{text}");
            assert_eq!(found_text(text, blocking), seen, "{text}");
        }
        // Allowed: the ordinary words, and initials with no title before them.
        assert!(first_blocking(&check("Up the hill, M. and D. walked.", &c)).is_none());
        assert!(first_blocking(&check("A walk up M Hill Road.", &c)).is_none());
    }

    #[test]
    fn nothing_outside_the_period_and_nothing_for_statutory_notices() {
        let text = "Cllr Peter Green and Councillor Hill attended.";
        assert!(check(text, &ctx(Channel::Newsletter, false)).is_empty());
        let mut c = ctx(Channel::Noticeboard, true);
        assert_eq!(check(text, &c).len(), 2);
        c.statutory_election_notice = true;
        assert!(check(text, &c).is_empty());
    }

    #[test]
    fn r_p3_only_in_press_releases_that_quote_a_member() {
        let text = "\u{201c}Good news,\u{201d} said Cllr Hill (Lab).";
        let press = check(text, &ctx(Channel::PressRelease, false));
        assert_eq!(summary(text, &press), ["1:30 R-P3 block \"Lab\""]);
        assert!(check(text, &ctx(Channel::Newsletter, false)).is_empty());
        // Same party word, no member quoted.
        let text = "\u{201c}Good news,\u{201d} said the Labour candidate.";
        assert!(check(text, &ctx(Channel::PressRelease, false)).is_empty());
    }

    #[test]
    fn ruling_group_credit_needs_a_crediting_word() {
        let c = ctx(Channel::PressRelease, false);
        let quote = "\n\u{201c}Thank you,\u{201d} said Cllr Hill.";
        let neutral = format!("The Ashcombe Independents group met on Monday.{quote}");
        assert!(check(&neutral, &c).is_empty());
        let credit = format!("Thanks to the Ashcombe Independents, the path is mended.{quote}");
        assert_eq!(
            summary(&credit, &check(&credit, &c)),
            ["1:15 R-P3 block \"Ashcombe Independents\""]
        );
        let mut none = c.clone();
        none.ruling_group = None;
        assert!(check(&credit, &none).is_empty());
    }

    #[test]
    fn columns_count_characters_and_lines_from_one() {
        let c = ctx(Channel::Website, true);
        let text = "Café news\nÅÅÅ Siân ap Dafydd";
        let f = check(text, &c);
        assert_eq!((f[0].line, f[0].col, f[0].len), (2, 5, 14));
        assert_eq!(found_text(text, &f[0]), "Siân ap Dafydd");
    }

    #[test]
    fn to_line_and_first_blocking() {
        let c = ctx(Channel::Website, true);
        let text = "Whitlock spoke.\nCllr Hill too.";
        let f = check(text, &c);
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].severity, Severity::Warn);
        let b = first_blocking(&f).unwrap();
        assert_eq!((b.line, b.col), (2, 1));
        let line = b.to_line();
        assert!(
            line.starts_with("2:1 R-P2 block: names a member by title"),
            "{line}"
        );
        assert!(line.ends_with("(BOR §8.3)"), "{line}");
        assert!(first_blocking(&f[..1]).is_none());
    }

    #[test]
    fn odd_rolls_and_texts_do_not_break_the_checker() {
        let mut c = ctx(Channel::PressRelease, true);
        c.members.push(NameEntry {
            full_name: "   ".into(),
        });
        c.members.push(NameEntry {
            full_name: "Cher".into(),
        });
        for text in [
            "",
            "\n\n",
            "\"",
            "Cher said \u{201c}hi\u{201d}.",
            "-- ' \u{2019}s",
        ] {
            let _ = check(text, &c);
        }
        assert_eq!(check("Cher said so.", &c).len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn findings_always_point_inside_the_text(text in "[a-zA-ZÅåêŷ '’\".,()\n-]{0,120}") {
            let c = ctx(Channel::PressRelease, true);
            for f in check(&text, &c) {
                let line = text.lines().nth(f.line - 1).unwrap();
                proptest::prop_assert!(f.col >= 1 && f.len >= 1);
                proptest::prop_assert!(f.col - 1 + f.len <= line.chars().count());
            }
        }
    }

    // ---- the item state machine ----

    fn input(text: &str) -> PublicityInput {
        PublicityInput {
            title: "Spring newsletter".into(),
            channel: "newsletter".into(),
            planned: "2026-04-20".into(),
            text: text.into(),
            statutory_election_notice: "".into(),
        }
    }

    struct World {
        members: Vec<NameEntry>,
        groups: Vec<String>,
        elections: Vec<Election>,
        cal: WorkingCalendar,
    }

    impl World {
        /// With `election`, a poll on Thu 7 May 2026, so 20 April 2026 is in the period.
        fn new(election: bool) -> Self {
            let cal = WorkingCalendar::new([d(2026, 4, 6), d(2026, 5, 4)]);
            let elections = if election {
                let e = ElectionInput {
                    poll: "2026-05-07".into(),
                    ..Default::default()
                };
                vec![Election::create(1, &e, d(2026, 1, 1), &cal).unwrap()]
            } else {
                Vec::new()
            };
            World {
                members: roll(),
                groups: groups(),
                elections,
                cal,
            }
        }

        fn env(&self) -> CheckEnv<'_> {
            CheckEnv {
                members: &self.members,
                group_names: &self.groups,
                ruling_group: Some("Ashcombe Independents"),
                elections: &self.elections,
                calendar: &self.cal,
            }
        }
    }

    const CLEAN: &str = "The green space is open.";
    const NAMED: &str = "Cllr Peter Green opened the green space.";

    #[test]
    fn every_legal_route_through_the_item_machine() {
        let w = World::new(true);
        let env = w.env();
        let today = d(2026, 4, 20);
        let item = PublicityItem::create(1, &input(CLEAN)).unwrap();
        assert_eq!(item.state, ItemState::Draft);
        assert!(item.context(&env).in_period);

        // Draft → Checked → (re-check) → Approved → Published.
        let checked = item.apply(ItemAction::Check, today, &env).unwrap().item;
        assert_eq!(checked.state, ItemState::Checked);
        let checked = checked.apply(ItemAction::Check, today, &env).unwrap().item;
        let approved = checked
            .apply(ItemAction::Approve, today, &env)
            .unwrap()
            .item;
        assert_eq!(approved.state, ItemState::Approved);
        let published = approved
            .apply(
                ItemAction::Publish {
                    on: "2026-04-20".into(),
                },
                today,
                &env,
            )
            .unwrap()
            .item;
        assert_eq!(
            (published.state, published.published),
            (ItemState::Published, Some(today))
        );
        assert!(published.available().is_empty());

        // Draft → Blocked → edited → Draft → Checked.
        let named = PublicityItem::create(2, &input(NAMED)).unwrap();
        let ev = named.apply(ItemAction::Check, today, &env).unwrap();
        assert_eq!(ev.item.state, ItemState::Blocked);
        assert_eq!(ev.note.as_deref(), Some("1 blocking, 0 to look at"));
        assert_eq!(ev.item.available(), [ItemActionKind::Edit]);
        let edited = ev
            .item
            .apply(ItemAction::Edit(input(CLEAN)), today, &env)
            .unwrap()
            .item;
        assert_eq!((edited.state, edited.findings.len()), (ItemState::Draft, 0));
        assert_eq!(
            edited
                .apply(ItemAction::Check, today, &env)
                .unwrap()
                .item
                .state,
            ItemState::Checked
        );

        // Edit from Checked and from Approved returns to Draft.
        for s in [&checked, &approved] {
            let back = s
                .apply(ItemAction::Edit(input(CLEAN)), today, &env)
                .unwrap()
                .item;
            assert_eq!(back.state, ItemState::Draft);
        }
        assert_eq!(PublicityInput::from_item(&approved).channel, "newsletter");
    }

    #[test]
    fn approval_and_publication_check_again() {
        // Checked while no election was known; by approval a period covers the planned day.
        let before = World::new(false);
        let during = World::new(true);
        let today = d(2026, 4, 1);
        let item = PublicityItem::create(1, &input(NAMED)).unwrap();
        let checked = item
            .apply(ItemAction::Check, today, &before.env())
            .unwrap()
            .item;
        assert_eq!(checked.state, ItemState::Checked);
        let Err(Rejection::Refused(r)) = checked.apply(ItemAction::Approve, today, &during.env())
        else {
            panic!("approval should be refused")
        };
        assert_eq!(
            (r.cite.rule.as_str(), r.cite.clause.as_str()),
            ("R-P2", "BOR §8.3")
        );

        // Approved outside the period, but published on a day inside one: refused.
        let mut late = checked
            .apply(ItemAction::Approve, today, &before.env())
            .unwrap()
            .item;
        late.planned = d(2026, 3, 1);
        let result = late.apply(
            ItemAction::Publish {
                on: "2026-04-01".into(),
            },
            today,
            &during.env(),
        );
        assert!(matches!(result, Err(Rejection::Refused(ref r)) if r.cite.rule == "R-P2"));
        let future = late.apply(
            ItemAction::Publish {
                on: "2026-04-02".into(),
            },
            today,
            &before.env(),
        );
        assert!(matches!(future, Err(Rejection::Invalid(ref e)) if e[0].field == "published on"));
    }

    #[test]
    fn every_action_outside_available_is_refused_in_every_state() {
        let w = World::new(true);
        let env = w.env();
        let today = d(2026, 4, 20);
        let draft = PublicityItem::create(1, &input(CLEAN)).unwrap();
        let checked = draft.apply(ItemAction::Check, today, &env).unwrap().item;
        let approved = checked
            .apply(ItemAction::Approve, today, &env)
            .unwrap()
            .item;
        let published = approved
            .apply(
                ItemAction::Publish {
                    on: "2026-04-20".into(),
                },
                today,
                &env,
            )
            .unwrap()
            .item;
        let blocked = PublicityItem::create(2, &input(NAMED))
            .unwrap()
            .apply(ItemAction::Check, today, &env)
            .unwrap()
            .item;
        let example = |k: ItemActionKind| match k {
            ItemActionKind::Edit => ItemAction::Edit(input(CLEAN)),
            ItemActionKind::Check => ItemAction::Check,
            ItemActionKind::Approve => ItemAction::Approve,
            ItemActionKind::Publish => ItemAction::Publish {
                on: "2026-04-20".into(),
            },
        };
        for item in [&draft, &checked, &blocked, &approved, &published] {
            for kind in ItemActionKind::ALL {
                let result = item.apply(example(kind), today, &env);
                if item.available().contains(&kind) {
                    assert!(result.is_ok(), "{kind:?} in {:?}: {result:?}", item.state);
                } else {
                    let Err(Rejection::Refused(r)) = result else {
                        panic!("{kind:?} should be refused in {:?}", item.state)
                    };
                    assert!(r.cite.rule.starts_with("R-P"), "{r}");
                    assert!(r.cite.clause.starts_with("BOR §8."), "{r}");
                }
            }
        }
        for kind in ItemActionKind::ALL {
            assert_eq!(
                ItemActionKind::ALL
                    .iter()
                    .filter(|k| k.key() == kind.key())
                    .count(),
                1
            );
            assert!(!kind.label().is_empty());
        }
    }

    #[test]
    fn bad_item_input_is_reported_field_by_field() {
        let bad = PublicityInput {
            title: " ".into(),
            channel: "carrier pigeon".into(),
            planned: "2026-13-01".into(),
            text: "ok".into(),
            statutory_election_notice: "perhaps".into(),
        };
        let Err(Rejection::Invalid(errors)) = PublicityItem::create(1, &bad) else {
            panic!("expected invalid")
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["title", "channel", "planned", "statutory election notice"]
        );

        let mut press = input("Notice of election");
        press.channel = "press release".into();
        press.statutory_election_notice = "yes".into();
        let Err(Rejection::Invalid(errors)) = PublicityItem::create(1, &press) else {
            panic!("expected invalid")
        };
        assert_eq!(errors[0].field, "statutory election notice");
        press.channel = "noticeboard".into();
        assert!(
            PublicityItem::create(1, &press)
                .unwrap()
                .statutory_election_notice
        );
        for c in Channel::ALL {
            assert_eq!(Channel::parse("c", c.label()).unwrap(), c);
        }
    }
}
