//! R-C1: the copy list from the members' wards; a borough ward letter refused without copies or a
//! reason; other models not refused.

use super::*;
use crate::domain::member::{JoinedBy, Member};
use crate::domain::officer::{Employment, LineManager, Officer, Post};
use crate::domain::testkit::{d, Fixture};

fn member(id: u32, name: &str, ward: &str) -> Member {
    Member {
        id: MemberId(id),
        name: name.into(),
        sort_name: None,
        ward: ward.into(),
        group: None,
        joined_by: JoinedBy::Elected,
        term_start: d(2023, 5, 4),
        term_end: None,
        end_reason: None,
        dpi_registered: None,
        email: None,
        phone: None,
    }
}

/// North: Ann (M-001), Bob (M-002), and Cat (M-003) who stood down; South: Dan (M-004); Eve
/// (M-005) has no ward. The Clerk Clara (O-001).
fn fixture(profile: &str) -> Fixture {
    let mut fx = Fixture::new(d(2026, 11, 23));
    fx.profile = crate::assets::profile(profile).unwrap();
    let mut cat = member(3, "Cat Moss", "North");
    cat.term_end = Some(d(2025, 1, 31));
    cat.end_reason = Some("resigned".into());
    fx.members = vec![
        member(1, "Ann Lee", "North"),
        member(2, "Bob Roe", "north "),
        cat,
        member(4, "Dan Fry", "South"),
        member(5, "Eve Oak", ""),
    ];
    fx.officers = vec![Officer {
        id: OfficerId(1),
        name: "Clara Clerk".into(),
        post: Post::Clerk,
        title: None,
        employment: Employment::Employee,
        line_manager: LineManager::Council,
        started: d(2020, 1, 6),
        protocol_briefed: None,
        left: None,
        email: None,
        phone: None,
        briefed_by: None,
        recruitment: None,
    }];
    fx
}

fn letter(member: &str, ward_matter: &str, copied: &str, reason: &str) -> LetterInput {
    LetterInput {
        officer: "Clara Clerk".into(),
        member: member.into(),
        on: "2026-11-20".into(),
        subject: "Hedge on Mill Lane".into(),
        ward_matter: ward_matter.into(),
        copied: copied.into(),
        reason: reason.into(),
    }
}

#[test]
fn the_copy_list_is_the_other_serving_members_for_the_ward() {
    let fx = fixture("borough");
    let ctx = fx.ctx();
    // Ann's ward is North: Bob (the same ward, however typed), not Cat, who stood down.
    assert_eq!(
        ward_members(MemberId(1), d(2026, 11, 20), &ctx),
        [MemberId(2)]
    );
    // Cat still served in 2024: then she was copied too.
    assert_eq!(
        ward_members(MemberId(1), d(2024, 6, 3), &ctx),
        [MemberId(2), MemberId(3)]
    );
    // A member with no ward, or alone in theirs: nobody to copy.
    assert!(ward_members(MemberId(5), d(2026, 11, 20), &ctx).is_empty());
    assert!(ward_members(MemberId(4), d(2026, 11, 20), &ctx).is_empty());
    let l = Letter::create(1, &letter("Ann Lee", "yes", "yes", ""), &ctx).unwrap();
    assert_eq!(l.copied, [MemberId(2)]);
    assert_eq!(l.copies_line(&ctx), "copied Bob Roe");
    assert_eq!(l.reference(), "C-0001");
}

#[test]
fn a_borough_ward_letter_without_copies_or_a_reason_is_refused() {
    let fx = fixture("borough");
    let ctx = fx.ctx();
    let Err(Rejection::Refused(r)) = Letter::create(1, &letter("Ann Lee", "yes", "", ""), &ctx)
    else {
        panic!("a ward letter with neither copies nor a reason must be refused")
    };
    assert_eq!(
        (r.cite.rule.as_str(), r.cite.clause.as_str()),
        ("R-C1", "BOR §7.1")
    );
    assert!(r.reason.contains("Bob Roe"), "{}", r.reason);
    // "no" alone is no reason either.
    assert!(matches!(
        Letter::create(1, &letter("Ann Lee", "yes", "no", ""), &ctx),
        Err(Rejection::Refused(_))
    ));
    // With a reason: logged, saying why.
    let l = Letter::create(
        1,
        &letter(
            "Ann Lee",
            "yes",
            "no",
            "personal to Cllr Lee's own property",
        ),
        &ctx,
    )
    .unwrap();
    assert!(l.copied.is_empty());
    assert_eq!(
        l.copies_line(&ctx),
        "not copied: personal to Cllr Lee's own property"
    );
    // Not a ward matter, or a member with no ward or alone in it: nothing to copy, no refusal.
    for (who, ward_matter) in [("Ann Lee", "no"), ("Eve Oak", "yes"), ("Dan Fry", "yes")] {
        let l = Letter::create(1, &letter(who, ward_matter, "", ""), &ctx).unwrap();
        assert!(l.copied.is_empty(), "{who}");
    }
}

#[test]
fn under_other_models_copies_are_not_required() {
    for profile in ["banbury", "toolkit", "town"] {
        let fx = fixture(profile);
        let ctx = fx.ctx();
        let l = Letter::create(1, &letter("Ann Lee", "yes", "", ""), &ctx).unwrap();
        assert!(l.copied.is_empty() && l.not_copied.is_none(), "{profile}");
        assert!(l.copies_line(&ctx).contains("not required"), "{profile}");
        assert_eq!(
            Letter::cite(&ctx).clause,
            "not required by this council's protocol"
        );
    }
    assert_eq!(Letter::cite(&fixture("borough").ctx()).clause, "BOR §7.1");
}

#[test]
fn bad_input_names_the_field() {
    let fx = fixture("borough");
    let ctx = fx.ctx();
    let mut input = letter("Nobody", "perhaps", "", "");
    input.officer = "Ann Lee".into();
    input.on = "2026-12-25".into();
    input.subject = String::new();
    let Err(Rejection::Invalid(errors)) = Letter::create(1, &input, &ctx) else {
        panic!("bad input must be refused field by field")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
    for f in ["officer", "member", "subject", "ward matter", "on"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
}
