//! `L` on the Grievances tab: the letters a case supports now, written as Markdown and .docx into
//! the council's letters folder; a file already there is replaced only after a yes.

use crossterm::event::KeyCode;

use super::tests::Harness;
use super::{Confirm, FormPurpose, StatusKind, Tab};
use crate::domain::grievance::letters::LetterKind;

fn to_grievances(h: &mut Harness) {
    h.keys("3");
    assert_eq!(h.model.tab, Tab::Grievances);
    h.keys("a");
}

/// Selects the first case for which `wanted` says yes; its reference.
fn select_case(
    h: &mut Harness,
    wanted: impl Fn(&crate::domain::grievance::Case) -> bool,
) -> String {
    let reference = h
        .model
        .session
        .as_ref()
        .unwrap()
        .cases
        .iter()
        .find(|c| wanted(c))
        .map(|c| c.reference.clone())
        .expect("the demo has such a case");
    h.model.reveal(Tab::Grievances, reference.clone());
    reference
}

/// Turns the form's letter choice to `kind`.
fn choose(h: &mut Harness, kind: LetterKind) {
    for _ in 0..10 {
        let (form, _) = h.model.form.as_ref().unwrap();
        if form.named().get("letter") == kind.slug() {
            return;
        }
        h.key(KeyCode::Right);
    }
    panic!("{kind:?} is not offered");
}

#[test]
fn l_writes_the_letter_as_markdown_and_word_and_asks_before_replacing() {
    let mut h = Harness::demo();
    to_grievances(&mut h);
    let reference = select_case(&mut h, |c| {
        c.letters_available().contains(&LetterKind::Acknowledgement)
    });
    h.keys("L");
    assert!(matches!(
        h.model.form.as_ref().map(|(_, p)| p),
        Some(FormPurpose::Letter(r)) if *r == reference
    ));
    // Only what the case supports now is offered.
    let case_letters = {
        let s = h.model.session.as_ref().unwrap();
        s.case(&reference).unwrap().letters_available()
    };
    let screen = h.screen(80, 24);
    assert!(screen.contains("write a letter"), "{screen}");
    choose(&mut h, LetterKind::Acknowledgement);
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none());
    let status = h.model.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Saved, "{}", status.text);
    let dir = h.model.session.as_ref().unwrap().letters_dir();
    let md = dir.join(format!("{reference}-acknowledgement.md"));
    let docx = dir.join(format!("{reference}-acknowledgement.docx"));
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains(&reference), "{text}");
    assert!(
        std::fs::read(&docx).unwrap().starts_with(b"PK"),
        "a .docx is a zip"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&md).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    assert!(!case_letters.is_empty());

    // Again: the files are there, so it asks; no keeps them as they were.
    std::fs::write(&md, "the clerk's edits").unwrap();
    h.keys("L");
    choose(&mut h, LetterKind::Acknowledgement);
    h.key(KeyCode::Enter);
    assert_eq!(h.model.confirm, Some(Confirm::ReplaceLetter));
    assert!(h.screen(80, 24).contains("Replace it?"));
    h.keys("n");
    assert_eq!(std::fs::read_to_string(&md).unwrap(), "the clerk's edits");
    assert!(h.model.status.as_ref().unwrap().text.contains("Kept"));
    // Yes replaces both.
    h.keys("L");
    choose(&mut h, LetterKind::Acknowledgement);
    h.key(KeyCode::Enter);
    h.keys("y");
    assert_eq!(std::fs::read_to_string(&md).unwrap(), text);
    assert_eq!(h.model.status.as_ref().unwrap().kind, StatusKind::Saved);
}

#[test]
fn an_invitation_without_its_meeting_day_is_named_on_the_form() {
    let mut h = Harness::demo();
    to_grievances(&mut h);
    select_case(&mut h, |c| {
        c.letters_available()
            .contains(&LetterKind::HearingInvitation)
    });
    h.keys("L");
    choose(&mut h, LetterKind::HearingInvitation);
    h.key(KeyCode::Enter);
    let (form, _) = h.model.form.as_ref().expect("the form stays open");
    let on = form.fields.iter().find(|f| f.key == "meeting on").unwrap();
    assert!(on.error.is_some(), "the meeting's day is asked for");
    // With its day, time and place, it is written.
    h.key(KeyCode::Down);
    h.keys("2026-12-03");
    h.key(KeyCode::Down);
    h.keys("10:00");
    h.key(KeyCode::Down);
    h.keys("Village Hall");
    h.key(KeyCode::Enter);
    assert!(h.model.form.is_none());
    let status = h.model.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Saved, "{}", status.text);
}

#[test]
fn a_case_with_no_letter_yet_says_why_with_its_rule() {
    let mut h = Harness::demo();
    to_grievances(&mut h);
    select_case(&mut h, |c| {
        !LetterKind::for_path(c.path).is_empty() && c.letters_available().is_empty()
    });
    h.keys("L");
    assert!(h.model.form.is_none());
    let status = h.model.status.as_ref().unwrap();
    assert_eq!(status.kind, StatusKind::Error);
    assert!(status.text.contains("R-E"), "{}", status.text);
}
