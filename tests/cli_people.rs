//! `members list` and `officers list` in the order the screen shows them (R-M1, R-O1), and the
//! sort name set from the command line.

mod common;

use common::Home;

fn names(home: &Home, args: &[&str]) -> Vec<String> {
    let r = home.ok(args);
    csv::Reader::from_reader(r.stdout.as_bytes())
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect()
}

#[test]
fn members_list_by_family_name_and_the_sort_name_is_set_by_add_and_edit() {
    let home = Home::with_demo();
    let list = |home: &Home| names(home, &["members", "list", "--format", "csv"]);
    let before = list(&home);
    let at = |l: &[String], n: &str| l.iter().position(|x| x == n).unwrap();
    // Ågren-Smith (accents aside), then "ap Dafydd" (the demo's sort name), then Baker.
    assert_eq!(
        &before[..3],
        ["Tom Ågren-Smith", "Siân ap Dafydd", "Helen Baker"]
    );
    assert_eq!(before.last().unwrap(), "Eleanor Wood");

    // `members do REF edit --sort-name`: "Dafydd" puts her after Baker.
    let sian = home
        .ok(&["members", "list", "--format", "csv"])
        .stdout
        .lines()
        .find(|l| l.contains("Siân"))
        .and_then(|l| l.split(',').next())
        .unwrap()
        .to_string();
    home.ok(&["members", "do", &sian, "edit", "--sort-name", "Dafydd"]);
    let after = list(&home);
    assert!(at(&after, "Helen Baker") < at(&after, "Siân ap Dafydd"));

    // `members add --sort-name`, and with none the last word of the name.
    home.ok(&[
        "members",
        "add",
        "--name",
        "Owain ab Ifan",
        "--sort-name",
        "ab Ifan",
        "--term-start",
        "2026-05-07",
    ]);
    home.ok(&[
        "members",
        "add",
        "--name",
        "Zac Aaronson",
        "--term-start",
        "2026-05-07",
    ]);
    let added = list(&home);
    assert_eq!(&added[..2], ["Zac Aaronson", "Owain ab Ifan"]);

    // A bad sort name is refused at its field.
    let err = home.err(
        2,
        &[
            "members",
            "do",
            &sian,
            "edit",
            "--sort-name",
            &"x".repeat(201),
        ],
    );
    assert!(err.contains("--sort-name") && err.contains("200"), "{err}");
}

#[test]
fn officers_list_by_post_then_name() {
    let home = Home::with_demo();
    let list = names(&home, &["officers", "list", "--all", "--format", "csv"]);
    assert_eq!(
        list,
        [
            "Clara Whitcombe",
            "Robert Fenwick",
            "Jodie Marsh",
            "Sam Ellery",
            "Ian Thorne"
        ]
    );
}

/// R-M1: no ward is needed; the table shows "—", CSV an empty value.
#[test]
fn a_member_added_with_no_ward_shows_a_dash_in_the_table() {
    let home = Home::with_demo();
    home.ok(&[
        "members",
        "add",
        "--name",
        "Llŷr Ifans",
        "--term-start",
        "2026-05-07",
    ]);
    let table = home.ok(&["members", "list"]).stdout;
    let header = table.lines().next().unwrap();
    let ward_at = header.find("WARD").unwrap();
    let ward_col = header[..ward_at].chars().count();
    let row = table.lines().find(|l| l.contains("Llŷr Ifans")).unwrap();
    let cell: String = row.chars().skip(ward_col).take(1).collect();
    assert_eq!(cell, "—", "{table}");
    let csv = home.ok(&["members", "list", "--format", "csv"]).stdout;
    let row = csv.lines().find(|l| l.contains("Llŷr Ifans")).unwrap();
    assert!(row.contains("Llŷr Ifans,,"), "{row}");
    assert!(!row.contains('—'), "{row}");
}

/// `members add` and `officers add` take their options from the creation spec the screen's forms
/// come from: `--help` lists them under Fields; a required one left out, and a bad value, are named
/// (exit 2) and nothing is added.
#[test]
fn people_are_added_with_the_options_of_their_creation_spec() {
    let home = Home::with_demo();
    for (kind, fields) in [
        (
            "members",
            &["--name", "--ward", "--group", "--joined-by", "--term-start"][..],
        ),
        (
            "officers",
            &[
                "--name",
                "--post",
                "--employment",
                "--line-manager",
                "--started",
            ][..],
        ),
    ] {
        let help = home.ok(&[kind, "add", "--help"]).stdout;
        assert!(help.contains("Fields:"), "{help}");
        for f in fields {
            assert!(help.contains(f), "{kind} add --help lists {f}: {help}");
        }
    }
    let before = home.ok(&["members", "list", "--format", "csv"]).stdout;
    let err = home.err(2, &["members", "add", "--term-start", "2026-05-07"]);
    assert!(err.contains("--name"), "{err}");
    let err = home.err(
        2,
        &[
            "members",
            "add",
            "--name",
            "Nia Prosser",
            "--term-start",
            "31/02/2026",
        ],
    );
    // Named as `add` of every kind names a bad value: by the record's word for it.
    assert!(
        err.contains("term start: ") && err.contains("not a date"),
        "{err}"
    );
    assert_eq!(
        home.ok(&["members", "list", "--format", "csv"]).stdout,
        before
    );
    home.ok(&[
        "members",
        "add",
        "--name",
        "Nia Prosser",
        "--joined-by",
        "co-opted",
        "--term-start",
        "2026-05-07",
    ]);
    let added = home.ok(&["members", "list", "--format", "csv"]).stdout;
    assert!(
        added
            .lines()
            .any(|l| l.contains("Nia Prosser") && l.contains("co-opted")),
        "{added}"
    );

    let err = home.err(
        2,
        &[
            "officers",
            "add",
            "--name",
            "Ivy Hart",
            "--started",
            "2026-05-07",
        ],
    );
    assert!(err.contains("--post"), "{err}");
    let err = home.err(
        2,
        &[
            "officers",
            "add",
            "--name",
            "Ivy Hart",
            "--post",
            "Gardener",
            "--started",
            "2026-05-07",
        ],
    );
    assert!(err.contains("post: "), "{err}");
    // The domain's rule on the field is named too (R-O1).
    let err = home.err(
        2,
        &[
            "officers",
            "add",
            "--name",
            "Ivy Hart",
            "--post",
            "Assistant",
            "--started",
            "2026-05-07",
        ],
    );
    assert!(err.contains("line manager: "), "{err}");
    home.ok(&[
        "officers",
        "add",
        "--name",
        "Ivy Hart",
        "--post",
        "Assistant",
        "--line-manager",
        "Clara Whitcombe",
        "--started",
        "2026-05-07",
    ]);
    assert!(home.ok(&["officers", "list"]).stdout.contains("Ivy Hart"));
}
