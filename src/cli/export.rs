//! `clerkdesk export --dir DIR`: one CSV per register and a JSON dump of the whole council.

use std::path::Path;

use serde_json::json;

use super::output::say;
use super::{members, officers, Env, Failure, Outcome};
use crate::csvsafe::{self, Bom};
use crate::domain::audit::AuditEvent;
use crate::domain::dates;
use crate::domain::member::Member;
use crate::domain::officer::Officer;
use crate::domain::requests::Viewer;
use crate::files::{self, Overwrite};

pub(super) fn export(env: &Env, dir: &Path, overwrite: Overwrite) -> Outcome {
    let session = super::backup::council_to_read(env)?;
    let ctx = session.ctx().expect("a council is open");
    // R-I4: advice kept private is held back from a file that leaves the desk (domain::requests).
    let trail = session.audit_for_others()?;
    let fail = |e: files::WriteError| Failure::new(1, e.to_string());
    // All four files or none: every name is checked before the first is written.
    for name in EXPORT_FILES {
        files::check(&dir.join(name), overwrite).map_err(fail)?;
    }
    files::create_private_dir(dir).map_err(fail)?;

    let mut members: Vec<&Member> = session.members.iter().collect();
    members.sort_by_key(|m| m.id);
    let mut officers: Vec<&Officer> = session.officers.iter().collect();
    officers.sort_by_key(|o| o.id);

    let member_header = [
        "ref",
        "name",
        "ward",
        "group",
        "joined_by",
        "term_start",
        "term_end",
        "end_reason",
        "dpi_registered",
        "email",
        "phone",
        "sort_name",
        "offices",
        "dpi_status",
    ];
    let member_rows: Vec<Vec<String>> = members
        .iter()
        .map(|m| {
            let mut row = vec![m.id.to_string()];
            row.extend(m.fields(&ctx).into_iter().map(|(_, v)| v));
            row.push(ctx.council.offices_of(m.id, session.today).join("; "));
            row.push(members::dpi_text(m.dpi_status(session.today)));
            row
        })
        .collect();

    let officer_header = [
        "ref",
        "name",
        "post",
        "title",
        "employment",
        "line_manager",
        "started",
        "protocol_briefed",
        "left",
        "email",
        "phone",
        "protocol_briefed_by",
        "recruitment_panel",
        "protocol_status",
    ];
    let officer_rows: Vec<Vec<String>> = officers
        .iter()
        .map(|o| {
            let mut row = vec![o.id.to_string()];
            row.extend(o.fields(&ctx).into_iter().map(|(_, v)| v));
            row.push(officers::briefing_text(o.briefing_status(&ctx)));
            row
        })
        .collect();

    let audit_header = [
        "seq", "at", "actor", "subject", "action", "changes", "note", "rule",
    ];
    let audit_rows: Vec<Vec<String>> = trail
        .iter()
        .map(|e| {
            vec![
                e.seq.to_string(),
                e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                e.actor.clone(),
                e.subject.0.clone(),
                e.action.clone(),
                change_summary(e),
                e.note.clone().unwrap_or_default(),
                e.cite.as_ref().map(|c| c.to_string()).unwrap_or_default(),
            ]
        })
        .collect();

    let dump = json!({
        "council": ctx.council,
        "profile": session.profile.id,
        "exported_on": dates::show(session.today),
        "members": members,
        "officers": officers,
        "cases": session.cases,
        "disclosures": session.disclosures,
        "elections": session.elections,
        "publicity": session.publicity,
        "group_reports": session.reports_for(Viewer::Others)?,
        "group_meetings": session.attendances,
        "information_requests": session.info_requests_for(Viewer::Others),
        "correspondence": session.correspondence,
        "disposals": session.disposals,
        "retention_settings": session.retention,
        "gifts": session.gifts,
        "gift_settings": session.gift_settings,
        "dispensations": session.dispensations,
        "sars": session.sars,
        "council_documents": session.documents,
        "council_figures": session.figures,
        "days_off": session.days_off,
        "closure_days": session.closure_days,
        "settings": session.settings,
        "audit": trail,
    });
    let mut dump_text = serde_json::to_string_pretty(&dump)
        .map_err(|e| Failure::new(1, format!("cannot write JSON: {e}")))?;
    dump_text.push('\n');

    let csv_err = |e: String| Failure::new(1, e);
    let written: Vec<(&str, Vec<u8>)> = vec![
        (
            "members.csv",
            csvsafe::write(&member_header, &member_rows, Bom::With).map_err(csv_err)?,
        ),
        (
            "officers.csv",
            csvsafe::write(&officer_header, &officer_rows, Bom::With).map_err(csv_err)?,
        ),
        (
            "audit.csv",
            csvsafe::write(&audit_header, &audit_rows, Bom::With).map_err(csv_err)?,
        ),
        ("council.json", dump_text.into_bytes()),
    ];
    for (name, bytes) in written {
        let path = dir.join(name);
        files::write_private(&path, &bytes, overwrite).map_err(fail)?;
        say(&format!("Wrote {}", path.display()));
    }
    Ok(())
}

pub(super) fn change_summary(e: &AuditEvent) -> String {
    e.changes
        .iter()
        .map(|c| match (c.before.is_empty(), c.after.is_empty()) {
            (true, _) => format!("{}: {}", c.field, c.after),
            (false, true) => format!("{}: {} → (none)", c.field, c.before),
            (false, false) => format!("{}: {} → {}", c.field, c.before, c.after),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// What `clerkdesk export --dir` writes.
const EXPORT_FILES: [&str; 4] = ["members.csv", "officers.csv", "audit.csv", "council.json"];
