//! The publicity checker's and the item machine's tests.

use super::item::parse_yes_no;
use super::*;
use crate::domain::blackout::{Election, ElectionInput};
use crate::domain::calendar::WorkingCalendar;
use crate::domain::dates;
use crate::domain::rules::Rejection;
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
        periods: Vec::new(),
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
                "statutory" => c.statutory_election_notice = parse_yes_no("statutory", v).unwrap(),
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
    assert!(
        line.ends_with(
            "(BOR §8.3, Code of Recommended Practice on Local Authority Publicity 2011)"
        ),
        "{line}"
    );
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
    let checked = item.step(ItemAction::Check, today, &env).unwrap().item;
    assert_eq!(checked.state, ItemState::Checked);
    let checked = checked.step(ItemAction::Check, today, &env).unwrap().item;
    let approved = checked.step(ItemAction::Approve, today, &env).unwrap().item;
    assert_eq!(approved.state, ItemState::Approved);
    let published = approved
        .step(
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
    assert!(published.offered().is_empty());

    // Draft → Blocked → edited → Draft → Checked.
    let named = PublicityItem::create(2, &input(NAMED)).unwrap();
    let ev = named.step(ItemAction::Check, today, &env).unwrap();
    assert_eq!(ev.item.state, ItemState::Blocked);
    assert_eq!(ev.note.as_deref(), Some("1 blocking, 0 to look at"));
    assert_eq!(ev.item.offered(), [ItemActionKind::Edit]);
    let edited = ev
        .item
        .step(ItemAction::Edit(input(CLEAN)), today, &env)
        .unwrap()
        .item;
    assert_eq!((edited.state, edited.findings.len()), (ItemState::Draft, 0));
    assert_eq!(
        edited
            .step(ItemAction::Check, today, &env)
            .unwrap()
            .item
            .state,
        ItemState::Checked
    );

    // Edit from Checked and from Approved returns to Draft.
    for s in [&checked, &approved] {
        let back = s
            .step(ItemAction::Edit(input(CLEAN)), today, &env)
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
        .step(ItemAction::Check, today, &before.env())
        .unwrap()
        .item;
    assert_eq!(checked.state, ItemState::Checked);
    let Err(Rejection::Refused(r)) = checked.step(ItemAction::Approve, today, &during.env()) else {
        panic!("approval should be refused")
    };
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        super::checker::P2
    );

    // Approved outside the period, but published on a day inside one: refused.
    let mut late = checked
        .step(ItemAction::Approve, today, &before.env())
        .unwrap()
        .item;
    late.planned = d(2026, 3, 1);
    let result = late.step(
        ItemAction::Publish {
            on: "2026-04-01".into(),
        },
        today,
        &during.env(),
    );
    assert!(matches!(result, Err(Rejection::Refused(ref r)) if r.cite.rule == "R-P2"));
    let future = late.step(
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
    let checked = draft.step(ItemAction::Check, today, &env).unwrap().item;
    let approved = checked.step(ItemAction::Approve, today, &env).unwrap().item;
    let published = approved
        .step(
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
        .step(ItemAction::Check, today, &env)
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
            let result = item.step(example(kind), today, &env);
            if item.offered().contains(&kind) {
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
