//! `clerkdesk backup FILE` and `clerkdesk restore FILE`.

use std::path::Path;

use super::output::say;
use super::{foreign, Env, Failure, Folder, Outcome};
use crate::files::{self, Overwrite};
use crate::places;
use crate::store::backup::{self, BackupError};

fn failed(e: BackupError) -> Failure {
    Failure::new(1, e.to_string())
}

/// Writes a verified backup of the council's store to `file` (or, when `file` is a folder, to a
/// dated file inside it).
pub fn backup(env: &Env, file: &Path) -> Outcome {
    let session = env.council()?;
    let store_dir = session.store_path().to_path_buf();
    let target = if file.is_dir() {
        file.join(backup::file_name(&store_dir, env.today))
    } else {
        file.to_path_buf()
    };
    // Never through a link, onto a folder or device, or into a store; whether an existing file may
    // be replaced (only an older clerkdesk backup) is the backup writer's to say.
    files::check(&target, Overwrite::Replace).map_err(|e| Failure::new(1, e.to_string()))?;
    let made = backup::write(&session.store, &target).map_err(failed)?;
    let name = session
        .council
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    say(&format!(
        "Wrote a verified backup of {name} ({} records) to {}",
        made.records(),
        target.display()
    ));
    say(&format!(
        "Automatic daily backups (the newest {}) are in {}",
        backup::KEEP,
        backup::folder(&store_dir).display()
    ));
    Ok(())
}

/// Restores the backup in `file` into a new or empty store: `--council`/`--store`, or the one used
/// last (which is refused when it holds a council).
pub fn restore(env: &Env, file: &Path) -> Outcome {
    // A pipe or a device would be read for ever (or block): only a plain file can be a backup.
    if !std::fs::metadata(file).is_ok_and(|m| m.is_file()) && file.exists() {
        return Err(Failure::new(
            1,
            format!(
                "{} is not a regular file (a device, a pipe or a folder): name the backup file itself",
                file.display()
            ),
        ));
    }
    // The backup is checked (checksum first) before any folder is touched.
    let read = backup::read(file).map_err(failed)?;
    let Some(dir) = env.resolved() else {
        return Err(Failure::new(
            1,
            "no council chosen to restore into: pass --council NEW (a new council) or --store PATH (a new or empty folder)",
        ));
    };
    if Folder::of(&dir) == Folder::Foreign {
        return Err(foreign(&dir));
    }
    // A backup from a store's `backups/` carries on with the changes saved after it, from that
    // store's change journal.
    let journal = backup::journal_beside(file);
    let (store, replayed) =
        backup::restore_with_journal(&dir, &read, journal.as_ref()).map_err(failed)?;
    let name = store
        .council()
        .ok()
        .flatten()
        .map(|c| c.name)
        .or_else(|| read.council_name())
        .unwrap_or_else(|| "the council".into());
    drop(store);
    places::write_name(&dir, &name);
    env.places.set_last_used(&dir);
    say(&format!(
        "Restored {name} ({} records, backed up {}) from {} into {}",
        read.records(),
        read.made_at.format("%Y-%m-%d %H:%M"),
        file.display(),
        dir.display()
    ));
    if replayed > 0 {
        say(&format!(
            "Also restored {replayed} saved change{} made after that backup, from the change journal beside it",
            if replayed == 1 { "" } else { "s" }
        ));
    }
    say(&format!(
        "Automatic daily backups of it will be in {}",
        backup::folder(&dir).display()
    ));
    Ok(())
}
