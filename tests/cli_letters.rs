//! `clerkdesk case letter`: the demo grievance G-2026-001 (an officer's grievance, panel appointed)
//! walked through its stages. At each stage the letters its state supports are written, with the
//! statutory points, and those it does not are refused with the rule (exit 3).

mod common;

use common::Home;

const CASE: &str = "G-2026-001";

/// Writes one letter and returns its text, each run of white space as one space (the templates wrap
/// their lines wherever they like).
fn letter(home: &Home, kind: &str, extra: &[&str]) -> String {
    let file = format!("{kind}.md");
    let out = home.path().join(&file);
    let out = out.to_str().expect("a UTF-8 temporary path").to_string();
    let mut args = vec![
        "case",
        "letter",
        CASE,
        kind,
        "--out",
        out.as_str(),
        "--force",
    ];
    args.extend_from_slice(extra);
    home.ok(&args);
    let text = std::fs::read_to_string(home.path().join(&file))
        .unwrap_or_else(|e| panic!("the {kind} letter was not written: {e}"));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A letter the case's state does not support: refused with this rule, nothing written.
fn refused(home: &Home, kind: &str, rule: &str) {
    let out = home.path().join(format!("refused-{kind}.md"));
    let err = home.err(
        3,
        &[
            "case",
            "letter",
            CASE,
            kind,
            "--out",
            out.to_str().expect("a UTF-8 temporary path"),
        ],
    );
    assert!(
        err.contains(rule) && err.contains("ACAS Code of Practice"),
        "the {kind} letter should be refused with {rule}: {err}"
    );
    assert!(!out.exists(), "a refused {kind} letter was written anyway");
}

const MEETING: [&str; 6] = [
    "--on",
    "2026-11-27",
    "--at",
    "10:00",
    "--place",
    "Village Hall",
];

fn assert_accompanied(text: &str, which: &str) {
    for point in [
        "right to be accompanied",
        "colleague or a trade union representative",
        "Employment Relations Act 1999, section 10",
    ] {
        assert!(text.contains(point), "the {which} lacks '{point}':\n{text}");
    }
}

fn assert_invitation(text: &str, which: &str) {
    assert_accompanied(text, which);
    for point in [
        "2026-11-27",
        "10:00",
        "Village Hall",
        "5 working days",
        "section 10(4)",
    ] {
        assert!(text.contains(point), "the {which} lacks '{point}':\n{text}");
    }
}

#[test]
fn each_stage_has_its_letters_with_the_statutory_points_and_refuses_the_later_ones() {
    let home = Home::with_demo();

    // Panel appointed, hearing not yet held.
    let ack = letter(&home, "acknowledgement", &[]);
    assert!(ack.contains("Dear Robert Fenwick,"), "{ack}");
    assert!(ack.contains(CASE), "{ack}");
    assert_accompanied(&ack, "acknowledgement");
    let invitation = letter(&home, "hearing-invitation", &MEETING);
    assert_invitation(&invitation, "hearing invitation");
    refused(&home, "decision", "R-E1.3");
    refused(&home, "appeal-acknowledgement", "R-E1.6");
    refused(&home, "appeal-invitation", "R-E1.6");
    refused(&home, "appeal-decision", "R-E1.6");

    // Hearing held, decision not upheld: the decision letter with its right of appeal.
    home.ok(&["case", "do", CASE, "hold-hearing", "--on", "2026-11-20"]);
    refused(&home, "hearing-invitation", "R-E1.3");
    refused(&home, "decision", "R-E1.3");
    home.ok(&[
        "case",
        "do",
        CASE,
        "decide",
        "--on",
        "2026-11-21",
        "--outcome",
        "not-upheld",
        "--note",
        "No evidence of undue pressure was found.",
    ]);
    let decision = letter(&home, "decision", &[]);
    for point in [
        "not upheld",
        "No evidence of undue pressure was found.",
        "right to appeal",
        "2026-11-20",
    ] {
        assert!(
            decision.contains(point),
            "the decision lacks '{point}':\n{decision}"
        );
    }
    // The appeal window: 10 working days (default) from Saturday 21 November 2026 on the council
    // calendar: 23–27 November are days 1–5, 30 November to 4 December days 6–10.
    assert!(decision.contains("by 2026-12-04"), "{decision}");
    refused(&home, "appeal-invitation", "R-E1.6");

    // Appeal lodged: its acknowledgement and its invitation.
    home.ok(&[
        "case",
        "do",
        CASE,
        "lodge-appeal",
        "--on",
        "2026-11-22",
        "--grounds",
        "The panel did not hear my witness.",
    ]);
    let appeal_ack = letter(&home, "appeal-acknowledgement", &[]);
    assert!(appeal_ack.contains("2026-11-22"), "{appeal_ack}");
    assert_accompanied(&appeal_ack, "appeal acknowledgement");
    let appeal_invitation = letter(&home, "appeal-invitation", &MEETING);
    assert_invitation(&appeal_invitation, "appeal invitation");
    refused(&home, "appeal-decision", "R-E1.6");
}

#[test]
fn an_invitation_needs_its_meeting_and_the_list_explains_what_waits() {
    let home = Home::with_demo();
    let out = home.path().join("inv.md");
    let err = home.err(
        2,
        &[
            "case",
            "letter",
            CASE,
            "hearing-invitation",
            "--out",
            out.to_str().expect("a UTF-8 temporary path"),
            "--on",
            "2026-11-27",
        ],
    );
    assert!(err.contains("time") && err.contains("place"), "{err}");
    assert!(!out.exists(), "an incomplete invitation was written");

    let list = home.ok(&["case", "letter", CASE]).stdout;
    assert!(list.contains("acknowledgement          ready"), "{list}");
    assert!(
        list.contains("decision                 not yet") && list.contains("R-E1.3"),
        "{list}"
    );
}

#[test]
fn a_concern_is_not_an_r_e1_grievance() {
    let home = Home::with_demo();
    let out = home.path().join("x.md");
    let err = home.err(
        3,
        &[
            "case",
            "letter",
            "G-2026-002",
            "acknowledgement",
            "--out",
            out.to_str().expect("a UTF-8 temporary path"),
        ],
    );
    assert!(err.contains("R-E1") && err.contains("R-E2"), "{err}");
}

#[test]
fn the_councils_own_template_is_used_and_a_typo_in_it_is_refused() {
    let home = Home::with_demo();
    let own = home.demo_store().join("letters");
    std::fs::create_dir_all(&own).expect("the council's letters folder");
    std::fs::write(
        own.join("acknowledgement.md"),
        "Ashcombe letterhead\n\nDear {{complainant}}, we have your grievance of {{formal_on}}.\n",
    )
    .expect("the council's template");
    let text = letter(&home, "acknowledgement", &[]);
    assert!(
        text.starts_with("Ashcombe letterhead Dear") && text.contains("Dear Robert Fenwick,"),
        "the council's template was not used:\n{text}"
    );

    std::fs::write(own.join("acknowledgement.md"), "Dear {{complainnat}}\n")
        .expect("the council's template");
    let out = home.path().join("typo.md");
    let err = home.err(
        2,
        &[
            "case",
            "letter",
            CASE,
            "acknowledgement",
            "--out",
            out.to_str().expect("a UTF-8 temporary path"),
        ],
    );
    assert!(err.contains("complainnat"), "the typo is named: {err}");
}

#[cfg(unix)]
#[test]
fn a_letter_is_written_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::with_demo();
    letter(&home, "acknowledgement", &[]);
    let mode = std::fs::metadata(home.path().join("acknowledgement.md"))
        .expect("the letter was written")
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o777,
        0o600,
        "the letter is not owner-only: {mode:o}"
    );
}

/// The demo concern about the Clerk (R-E2), decided by the Chair of the Staffing Committee.
const CONCERN: &str = "G-2026-002";
const STAFFING_CHAIR: &str = "Siân ap Dafydd";

fn concern_letter(home: &Home, kind: &str, extra: &[&str]) -> String {
    let out = home.path().join(format!("{kind}.md"));
    let mut args = vec![
        "case",
        "letter",
        CONCERN,
        kind,
        "--out",
        out.to_str().expect("a UTF-8 temporary path"),
        "--force",
    ];
    args.extend_from_slice(extra);
    home.ok(&args);
    let text = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("the {kind} letter was not written: {e}"));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn concern_refused(home: &Home, kind: &str, because: &str, extra: &[&str]) {
    let out = home.path().join(format!("refused-{kind}.md"));
    let mut args = vec![
        "case",
        "letter",
        CONCERN,
        kind,
        "--out",
        out.to_str().expect("a UTF-8 temporary path"),
    ];
    args.extend_from_slice(extra);
    let err = home.err(3, &args);
    assert!(
        err.contains("R-E2.4") && err.contains(because),
        "the {kind} letter should be refused with R-E2.4 ({because}): {err}"
    );
    assert!(!out.exists(), "a refused {kind} letter was written anyway");
}

#[test]
fn a_disciplinary_matter_has_its_invitation_then_its_outcome_each_refused_before_its_stage() {
    let home = Home::with_demo();

    // Raised, then informal: no formal meeting yet, and no outcome.
    concern_refused(&home, "concern-invitation", "no formal meeting", &MEETING);
    concern_refused(&home, "concern-outcome", "no outcome", &[]);
    let list = home.ok(&["case", "letter", CONCERN]).stdout;
    assert!(
        list.contains("concern-invitation") && list.contains("not yet"),
        "{list}"
    );
    assert!(
        !list.contains("hearing-invitation"),
        "an R-E2 case lists only its own letters: {list}"
    );
    home.ok(&[
        "case",
        "do",
        CONCERN,
        "start-informal",
        "--by",
        STAFFING_CHAIR,
        "--as-person",
        STAFFING_CHAIR,
    ]);
    concern_refused(&home, "concern-invitation", "no formal meeting", &MEETING);

    // The Disciplinary Procedure (R-E2.4): the invitation, with the statutory points.
    home.ok(&[
        "case",
        "do",
        CONCERN,
        "concern-formal",
        "--route",
        "disciplinary",
        "--as-person",
        STAFFING_CHAIR,
    ]);
    let invitation = concern_letter(&home, "concern-invitation", &MEETING);
    assert!(invitation.contains("Dear Clara Whitcombe,"), "{invitation}");
    assert!(
        invitation.contains("disciplinary procedure"),
        "{invitation}"
    );
    assert!(
        invitation.contains("allotments tender"),
        "the invitation sets out the matter: {invitation}"
    );
    assert_invitation(&invitation, "disciplinary invitation");
    concern_refused(&home, "concern-outcome", "no outcome", &[]);
    // An R-E1 letter is not for this case.
    let out = home.path().join("wrong.md");
    let err = home.err(
        3,
        &[
            "case",
            "letter",
            CONCERN,
            "hearing-invitation",
            "--out",
            out.to_str().expect("a UTF-8 temporary path"),
        ],
    );
    assert!(err.contains("R-E1"), "{err}");

    // The outcome, with the right of appeal; the invitation is now refused.
    home.ok(&[
        "case",
        "do",
        CONCERN,
        "decide",
        "--on",
        "2026-11-22",
        "--outcome",
        "partly upheld",
        "--note",
        "A first written warning is given.",
        "--as-person",
        STAFFING_CHAIR,
    ]);
    let outcome = concern_letter(&home, "concern-outcome", &[]);
    for point in [
        "Dear Clara Whitcombe,",
        "disciplinary procedure",
        "partly upheld",
        "A first written warning is given.",
        "right to appeal",
        "Employment Relations Act 1999, section 10",
    ] {
        assert!(
            outcome.contains(point),
            "the outcome lacks '{point}':\n{outcome}"
        );
    }
    // The appeal window: 10 working days (default) from Sunday 22 November 2026 on the council
    // calendar: 23–27 November are days 1–5, 30 November to 4 December days 6–10.
    assert!(outcome.contains("by 2026-12-04"), "{outcome}");
    concern_refused(
        &home,
        "concern-invitation",
        "already been recorded",
        &MEETING,
    );
}

#[test]
fn a_capability_matter_names_its_own_procedure() {
    let home = Home::with_demo();
    for step in [
        vec!["start-informal", "--by", STAFFING_CHAIR],
        vec!["concern-formal", "--route", "capability"],
    ] {
        let mut args = vec!["case", "do", CONCERN];
        args.extend(step);
        args.extend(["--as-person", STAFFING_CHAIR]);
        home.ok(&args);
    }
    let invitation = concern_letter(&home, "concern-invitation", &MEETING);
    assert!(
        invitation.contains("capability (performance) procedure"),
        "{invitation}"
    );
    assert_invitation(&invitation, "capability invitation");
}

/// The text of a .docx: every run of `word/document.xml`, tags dropped and XML escapes undone,
/// white space as single spaces.
fn docx_text(path: &std::path::Path) -> String {
    use std::io::Read;
    let file = std::fs::File::open(path).expect("the .docx was written");
    let mut zip = zip::ZipArchive::new(file).expect("a .docx is a zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("the .docx holds word/document.xml")
        .read_to_string(&mut xml)
        .expect("word/document.xml is UTF-8");
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_letter_as_a_word_document_is_a_zip_holding_the_letters_text() {
    let home = Home::with_demo();
    let out = home.path().join("invitation.docx");
    let r = home.ok(&[
        "case",
        "letter",
        CASE,
        "hearing-invitation",
        "--out",
        out.to_str().expect("a UTF-8 temporary path"),
        "--on",
        "2026-11-27",
        "--at",
        "10:00",
        "--place",
        "Village Hall & Annexe",
    ]);
    assert!(r.stdout.contains("Word document"), "{}", r.stdout);
    let bytes = std::fs::read(&out).expect("the .docx was written");
    assert!(bytes.starts_with(b"PK"), "not a zip");
    let text = docx_text(&out);
    for point in [
        "Ashcombe Parish Council",
        "Dear Robert Fenwick,",
        "Invitation to a grievance meeting",
        "Village Hall & Annexe",
        "right to be accompanied",
        "section 10(4)",
    ] {
        assert!(text.contains(point), "the .docx lacks '{point}':\n{text}");
    }
    assert!(
        !text.contains("**"),
        "Markdown left in the document: {text}"
    );

    // Never over an existing file without --force; --format md over a .docx name is Markdown.
    let err = home.err(
        1,
        &[
            "case",
            "letter",
            CASE,
            "acknowledgement",
            "--out",
            out.to_str().expect("a UTF-8 temporary path"),
        ],
    );
    assert!(err.contains("invitation.docx"), "{err}");
    assert_eq!(
        std::fs::read(&out).expect("still there"),
        bytes,
        "the existing document was changed"
    );
    home.ok(&[
        "case",
        "letter",
        CASE,
        "acknowledgement",
        "--out",
        out.to_str().expect("a UTF-8 temporary path"),
        "--format",
        "md",
        "--force",
    ]);
    let md = std::fs::read_to_string(&out).expect("the Markdown letter");
    assert!(md.starts_with("# Ashcombe Parish Council"), "{md}");
}

#[cfg(unix)]
#[test]
fn a_word_document_is_written_owner_only_and_never_through_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::with_demo();
    let out = home.path().join("ack.docx");
    home.ok(&[
        "case",
        "letter",
        CASE,
        "acknowledgement",
        "--out",
        out.to_str().expect("a UTF-8 temporary path"),
    ]);
    let mode = std::fs::metadata(&out)
        .expect("the document was written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "not owner-only: {mode:o}");

    let target = home.path().join("elsewhere.txt");
    std::fs::write(&target, "keep me").expect("a file");
    let link = home.path().join("link.docx");
    std::os::unix::fs::symlink(&target, &link).expect("a symlink");
    home.err(
        1,
        &[
            "case",
            "letter",
            CASE,
            "acknowledgement",
            "--out",
            link.to_str().expect("a UTF-8 temporary path"),
            "--force",
        ],
    );
    assert_eq!(
        std::fs::read_to_string(&target).expect("the target"),
        "keep me",
        "written through a link"
    );
}
