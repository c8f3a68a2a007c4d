//! `clerkdesk dispensations …` (R-D6, Localism Act 2011 s33; R-D4), run as a real process against a
//! throwaway data folder holding the demo council. Today is Sunday 22 November 2026.

mod common;

use common::Home;

#[test]
fn a_request_is_granted_for_at_most_four_years_then_revoked_never_deleted() {
    let home = Home::with_demo();
    let r = home.ok(&[
        "dispensations",
        "add",
        "--member",
        "Eleanor Wood",
        "--business",
        "Allotments rent review",
        "--requested",
        "2026-11-16",
    ]);
    // The demo holds D-0001 to D-0004.
    assert!(r.stdout.starts_with("D-0005"), "{}", r.stdout);
    let show = home.ok(&["dispensations", "show", "D-0005"]);
    assert!(show.stdout.contains("grant"), "{}", show.stdout);

    // Granted 20 Nov 2026: 20 Nov 2030 is the last day allowed, 21 Nov 2030 one too many.
    let grant = |until: &str| {
        vec![
            "dispensations",
            "do",
            "D-0005",
            "grant",
            "--on",
            "2026-11-20",
            "--ground",
            "residents",
            "--by",
            "council",
            "--minute",
            "FC 26/117",
            "--until",
        ]
        .into_iter()
        .chain(std::iter::once(until))
        .map(str::to_string)
        .collect::<Vec<String>>()
    };
    let too_long = grant("2030-11-21");
    let too_long: Vec<&str> = too_long.iter().map(String::as_str).collect();
    let err = home.err(3, &too_long);
    assert!(err.contains("R-D6"), "{err}");
    assert!(err.contains("Localism Act 2011 s33(3)"), "{err}");
    let ok = grant("2030-11-20");
    let ok: Vec<&str> = ok.iter().map(String::as_str).collect();
    home.ok(&ok);

    let list = home.ok(&["dispensations", "list"]);
    assert!(list.stdout.contains("D-0005"), "{}", list.stdout);
    assert!(list.stdout.contains("granted"), "{}", list.stdout);

    // Not yet at its expiry: expiring is refused with the rule.
    let err = home.err(3, &["dispensations", "do", "D-0005", "expire"]);
    assert!(err.contains("R-D6"), "{err}");

    home.ok(&[
        "dispensations",
        "do",
        "D-0005",
        "revoke",
        "--minute",
        "FC 26/130",
        "--reason",
        "The interest has ended",
    ]);
    let current = home.ok(&["dispensations", "list"]);
    assert!(!current.stdout.contains("D-0005"), "{}", current.stdout);
    let all = home.ok(&["dispensations", "list", "--all"]);
    assert!(
        all.stdout.contains("revoked"),
        "kept as history: {}",
        all.stdout
    );
    let err = home.err(3, &["dispensations", "do", "D-0005", "grant"]);
    assert!(err.contains("R-D4"), "{err}");
}

#[test]
fn the_demo_register_shows_its_grant_expiring_soon() {
    let home = Home::with_demo();
    let all = home.ok(&["dispensations", "list", "--all"]);
    for name in [
        "Margaret Hill",
        "Rajesh Patel",
        "Helen Baker",
        "David Okafor",
    ] {
        assert!(all.stdout.contains(name), "{name}: {}", all.stdout);
    }
    let due = home.ok(&["dispensations", "due"]);
    assert!(due.stdout.contains("EXPIRES SOON"), "{}", due.stdout);
    assert!(due.stdout.contains("Margaret Hill"), "{}", due.stdout);
    assert!(
        due.stdout.contains("Helen Baker"),
        "awaiting a decision: {}",
        due.stdout
    );
    assert!(
        !due.stdout.contains("Rajesh Patel"),
        "runs for years: {}",
        due.stdout
    );
}

#[test]
fn the_register_exports_as_csv_and_markdown_through_the_safe_writer() {
    let home = Home::with_demo();
    // A formula in the business text is neutralised in the CSV and inert in the Markdown.
    home.ok(&[
        "dispensations",
        "add",
        "--member",
        "Eleanor Wood",
        "--business",
        "=HYPERLINK(\"x\") | *rents*",
    ]);

    let csv_path = home.path().join("dispensations.csv");
    let csv_out = csv_path.to_str().expect("a UTF-8 temporary path");
    let r = home.ok(&["dispensations", "export", "--out", csv_out]);
    assert!(r.stdout.contains("(5 dispensations)"), "{}", r.stdout);
    let csv = std::fs::read_to_string(&csv_path).expect("the CSV");
    assert!(csv.starts_with("\u{feff}reference,name,member,"), "{csv}");
    assert!(csv.contains("D-0001,Margaret Hill,M-001,"), "{csv}");
    assert!(csv.contains("\"'=HYPERLINK("), "{csv}");

    // Never over an existing file without --force, which replaces it.
    let err = home.err(
        1,
        &[
            "dispensations",
            "export",
            "--format",
            "md",
            "--out",
            csv_out,
        ],
    );
    assert!(err.contains("dispensations.csv"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&csv_path).expect("still there"),
        csv,
        "the CSV was changed without --force"
    );
    home.ok(&[
        "dispensations",
        "export",
        "--format",
        "md",
        "--out",
        csv_out,
        "--force",
    ]);
    let md = std::fs::read_to_string(&csv_path).expect("the Markdown");
    assert!(
        md.starts_with("# Ashcombe Parish Council: register of dispensations, 2026-11-22"),
        "{md}"
    );
    assert!(md.contains("R-D6") && md.contains("s33(3)"), "{md}");
    assert!(md.contains("| D-0001 | Margaret Hill | M-001 |"), "{md}");
    assert!(
        md.contains("=HYPERLINK(\"x\") \\| \\*rents\\*"),
        "a cell cannot break the table or turn bold: {md}"
    );
    // Ended entries are kept (R-D4): the demo's refused request is there.
    assert!(md.contains("refused"), "{md}");

    // To the screen without --out; --force alone is refused as bad input.
    let screen = home.ok(&["dispensations", "export", "--format", "md"]);
    assert!(screen.stdout.contains("| D-0005 |"), "{}", screen.stdout);
    home.err(2, &["dispensations", "export", "--force"]);
}

#[cfg(unix)]
#[test]
fn an_export_is_owner_only_and_never_written_through_a_link() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::with_demo();
    let out = home.path().join("register.md");
    home.ok(&[
        "dispensations",
        "export",
        "--format",
        "md",
        "--out",
        out.to_str().expect("a UTF-8 temporary path"),
    ]);
    let mode = std::fs::metadata(&out)
        .expect("written")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "not owner-only: {mode:o}");

    let target = home.path().join("elsewhere.txt");
    std::fs::write(&target, "keep me").expect("a file");
    let link = home.path().join("link.csv");
    std::os::unix::fs::symlink(&target, &link).expect("a symlink");
    home.err(
        1,
        &[
            "dispensations",
            "export",
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
