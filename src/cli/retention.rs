//! `clerkdesk retention …`: the retention schedule and disposal (R-DP2, UK GDPR Art 5(1)(e)).
//! `due` lists the records whose period has run; `dispose REF --confirm` anonymises one in place
//! (never deletes it) and says which automatic backups still hold it; `log` is the disposal log;
//! `schedule` and `set` show and change the council's periods.

use clap::Subcommand;

use super::output::{say, Cell, Format, Listing};
use super::{print_listing, Env, Failure, Outcome};
use crate::domain::retention;

#[derive(Debug, Subcommand)]
pub enum RetentionCmd {
    /// Records whose retention period has run: due for disposal review (R-DP2).
    Due {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Dispose of a record due for review: its personal data and free text anonymised in place, in
    /// its audit events too; the fact, dates, states and rules kept (R-DP2). Cannot be undone.
    Dispose {
        /// The record: a case (G-2026-007), a request (RQ-2026-004), a subject access request
        /// (S-0003), a register entry (D-0005, H-0007), a logged letter (C-0004).
        reference: String,
        /// Confirm the disposal: it cannot be undone.
        #[arg(long)]
        confirm: bool,
    },
    /// The disposal log: what was disposed of, when, by whom, under which rule.
    Log {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// The retention schedule in force: a period per kind of record, and where it comes from.
    Schedule {
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Set the council's own period for a kind of record (its adopted retention schedule).
    Set {
        /// grievance, concern, breach, info-request, sar, interest or gift.
        kind: String,
        /// Whole years after the record ends (closure, answer).
        years: String,
    },
}

pub fn run(env: &Env, cmd: RetentionCmd) -> Outcome {
    match cmd {
        RetentionCmd::Due { format } => due(env, format),
        RetentionCmd::Dispose { reference, confirm } => dispose(env, &reference, confirm),
        RetentionCmd::Log { format } => log(env, format),
        RetentionCmd::Schedule { format } => schedule(env, format),
        RetentionCmd::Set { kind, years } => {
            let mut session = env.council()?;
            let p = session.set_retention(&kind, &years)?;
            say(&format!(
                "Saved: {} kept {} year{} after its {} ({})",
                p.label,
                p.years,
                if p.years == 1 { "" } else { "s" },
                p.after,
                retention::RULE
            ));
            Ok(())
        }
    }
}

fn years(n: u32) -> String {
    format!("{n} year{}", if n == 1 { "" } else { "s" })
}

fn due(env: &Env, format: Format) -> Outcome {
    let session = env.council()?;
    let due = session.retention_due()?;
    if due.is_empty() && format == Format::Table {
        say(&format!(
            "Nothing is due for disposal review ({}).",
            retention::RULE
        ));
        return Ok(());
    }
    let listing = Listing {
        columns: vec![
            ("ref", "REF"),
            ("kind", "KIND"),
            ("ended", "ENDED"),
            ("period", "PERIOD"),
            ("due_from", "DUE FROM"),
            ("rule", "RULE"),
        ],
        rows: due
            .iter()
            .map(|r| {
                vec![
                    Cell::from(r.reference.clone()),
                    Cell::from(r.kind.key()),
                    Cell::from(format!(
                        "{} ({})",
                        r.ended_on.format("%Y-%m-%d"),
                        r.period.after
                    )),
                    Cell::from(years(r.period.years)),
                    Cell::from(r.due_on.format("%Y-%m-%d").to_string()),
                    Cell::from(retention::RULE),
                ]
            })
            .collect(),
    };
    print_listing(&listing, format)
}

fn dispose(env: &Env, reference: &str, confirm: bool) -> Outcome {
    if !confirm {
        return Err(Failure::new(
            2,
            format!(
                "--confirm: disposing of {} anonymises its personal data for good (R-DP2); run it again with --confirm to go ahead",
                reference.trim()
            ),
        ));
    }
    let mut session = env.council()?;
    let done = session.dispose(reference)?;
    let e = &done.entry;
    say(&format!(
        "Disposed of {} under {}: its personal data and free text anonymised in place, in {} audit event{} too; the record, its dates and its steps are kept (disposal log entry {})",
        e.reference,
        retention::RULE,
        e.events,
        if e.events == 1 { "" } else { "s" },
        e.id
    ));
    say("The change journal was compacted and the database rewritten: neither holds the old text.");
    if done.backups.is_empty() {
        say("None of the automatic backups holds it.");
    } else {
        say(&format!(
            "These automatic backups still hold it as it was; they age out as the rotation replaces them (the newest {} are kept, one for each day the council is opened):",
            crate::store::backup::KEEP
        ));
        for b in &done.backups {
            say(&format!("  {}", b.display()));
        }
    }
    if let Some(q) = &done.quarantine {
        say(&format!(
            "Files moved aside earlier, in {}, may hold it too: delete them once you no longer need them.",
            q.display()
        ));
    }
    say("Any backup you made yourself (clerkdesk backup FILE) before today still holds it: replace or destroy those copies.");
    Ok(())
}

fn log(env: &Env, format: Format) -> Outcome {
    let session = env.council()?;
    if session.disposals.is_empty() && format == Format::Table {
        say("Nothing has been disposed of.");
        return Ok(());
    }
    let listing = Listing {
        columns: vec![
            ("entry", "ENTRY"),
            ("at", "DISPOSED"),
            ("by", "BY"),
            ("ref", "REF"),
            ("kind", "KIND"),
            ("ended", "ENDED"),
            ("period", "PERIOD"),
            ("rule", "RULE"),
        ],
        rows: session
            .disposals
            .iter()
            .map(|d| {
                vec![
                    Cell::from(d.id.to_string()),
                    Cell::from(d.at.format("%Y-%m-%d %H:%M").to_string()),
                    Cell::from(d.by.clone()),
                    Cell::from(d.reference.clone()),
                    Cell::from(d.kind.key()),
                    Cell::from(d.ended_on.format("%Y-%m-%d").to_string()),
                    Cell::from(years(d.years)),
                    Cell::from(d.cite.to_string()),
                ]
            })
            .collect(),
    };
    print_listing(&listing, format)
}

fn schedule(env: &Env, format: Format) -> Outcome {
    let session = env.council()?;
    let listing = Listing {
        columns: vec![
            ("kind", "KIND"),
            ("years", "KEPT"),
            ("after", "AFTER"),
            ("what", "RECORDS"),
            ("basis", "BASIS"),
        ],
        rows: session
            .retention_periods()?
            .iter()
            .map(|p| {
                vec![
                    Cell::from(p.kind.key()),
                    Cell::from(years(p.years)),
                    Cell::from(p.after.clone()),
                    Cell::from(p.label.clone()),
                    Cell::from(p.basis.clone()),
                ]
            })
            .collect(),
    };
    print_listing(&listing, format)?;
    if format == Format::Table {
        say(&format!(
            "Source: {} ({})",
            crate::session::retention_schedule()
                .map_err(crate::session::SessionError::from)?
                .source,
            retention::RULE
        ));
    }
    Ok(())
}
