//! `clerkdesk backup FILE` and `clerkdesk restore FILE`.

use std::path::Path;

use super::output::say;
use super::{foreign, Env, Failure, Folder, Outcome};
use crate::files::{self, Overwrite};
use crate::places;
use crate::session::{Session, SessionError};
use crate::store::backup::{self, BackupError};
use crate::store::StoreError;

fn failed(e: BackupError) -> Failure {
    Failure::new(1, e.to_string())
}

/// The passphrase in the first line of `file` (for scripts and tests).
fn passphrase_from(file: &Path) -> Result<String, Failure> {
    let text = std::fs::read_to_string(file).map_err(|e| {
        Failure::new(
            1,
            format!("cannot read the passphrase file {}: {e}", file.display()),
        )
    })?;
    let line = text.lines().next().unwrap_or_default().to_string();
    if line.is_empty() {
        return Err(Failure::new(
            1,
            format!(
                "the passphrase file {} has no passphrase on its first line",
                file.display()
            ),
        ));
    }
    Ok(line)
}

/// Asks for a passphrase at the terminal without showing it; twice when `confirm`.
fn ask_passphrase(prompt: &str, confirm: bool) -> Result<String, Failure> {
    use std::io::IsTerminal as _;
    if !std::io::stdin().is_terminal() {
        return Err(Failure::new(
            1,
            "no terminal to ask for the passphrase on: use --passphrase-file FILE",
        ));
    }
    let first = read_hidden(prompt)?;
    if first.is_empty() {
        return Err(Failure::new(1, "no passphrase given: nothing was done"));
    }
    if confirm && read_hidden("The same passphrase again: ")? != first {
        return Err(Failure::new(
            1,
            "the two passphrases differ: nothing was written",
        ));
    }
    Ok(first)
}

/// Reads one line at the terminal with echo off (raw mode), for a passphrase.
fn read_hidden(prompt: &str) -> Result<String, Failure> {
    use crossterm::event::{read, Event, KeyCode, KeyEventKind, KeyModifiers};
    use std::io::Write as _;
    let failed = |e: std::io::Error| Failure::new(1, format!("cannot read the passphrase: {e}"));
    eprint!("{prompt}");
    let _ = std::io::stderr().flush();
    crossterm::terminal::enable_raw_mode().map_err(failed)?;
    let mut text = String::new();
    let outcome = loop {
        match read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => break Err(Failure::new(1, "cancelled: nothing was done")),
                KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                    break Err(Failure::new(1, "cancelled: nothing was done"))
                }
                KeyCode::Backspace => {
                    text.pop();
                }
                KeyCode::Char(c) => text.push(c),
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(failed(e)),
        }
    };
    let _ = crossterm::terminal::disable_raw_mode();
    eprintln!();
    outcome.map(|()| text)
}

/// The council for a command that only reads it (`export`, `backup`): opened as usual; when its
/// database cannot be opened (a read-only or full disk, files sled cannot read and no way to
/// rebuild them), read instead from its newest backup and change journal, writing nothing into its
/// folder, and the clerk told so on stderr (issue 12: nothing lost even when sled fails).
pub(super) fn council_to_read(env: &Env) -> Result<Session, Failure> {
    let Some(dir) = env.resolved().filter(|d| Folder::of(d) == Folder::Store) else {
        return env.council();
    };
    let session = match Session::open(&dir, env.today, &env.actor) {
        Ok(session) => session,
        Err(SessionError::Store(
            why
            @ (StoreError::Damaged { .. } | StoreError::Io { .. } | StoreError::DiskFull { .. }),
        )) => match Session::open_read_only(&dir, env.today, &env.actor) {
            Ok(session) if session.council.is_some() => {
                eprintln!("clerkdesk: {why}");
                session
            }
            _ => return Err(SessionError::Store(why).into()),
        },
        Err(e) => return Err(e.into()),
    };
    for notice in session.store_notices() {
        eprintln!("clerkdesk: {notice}");
    }
    if session.council.is_none() {
        return Err(SessionError::NoCouncil.into());
    }
    Ok(session)
}

/// Writes a verified backup of the council's store to `file` (or, when `file` is a folder, to a
/// dated file inside it); encrypted with a passphrase when `encrypt`.
pub fn backup(env: &Env, file: &Path, encrypt: bool, passphrase_file: Option<&Path>) -> Outcome {
    let session = council_to_read(env)?;
    let store_dir = session.store_path().to_path_buf();
    let target = if file.is_dir() {
        file.join(backup::file_name(&store_dir, env.today))
    } else {
        file.to_path_buf()
    };
    // Never through a link, onto a folder or device, or into a store; whether an existing file may
    // be replaced (only an older clerkdesk backup) is the backup writer's to say.
    files::check(&target, Overwrite::Replace).map_err(|e| Failure::new(1, e.to_string()))?;
    let passphrase = match (encrypt, passphrase_file) {
        (false, _) => None,
        (true, Some(f)) => Some(passphrase_from(f)?),
        (true, None) => Some(ask_passphrase("A passphrase for the backup: ", true)?),
    };
    let made =
        backup::write_with(&session.store, &target, passphrase.as_deref()).map_err(failed)?;
    let name = session
        .council
        .as_ref()
        .map(|c| c.name.clone())
        .unwrap_or_default();
    say(&format!(
        "Wrote a verified {}backup of {name} ({} records) to {}",
        if encrypt { "encrypted " } else { "" },
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
pub fn restore(env: &Env, file: &Path, passphrase_file: Option<&Path>) -> Outcome {
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
    // The backup is checked (checksum first) before any folder is touched; an encrypted one is
    // decrypted with its passphrase first.
    let read = match (backup::read(file), passphrase_file) {
        (Err(BackupError::Encrypted { .. }), Some(f)) => {
            backup::read_with(file, Some(&passphrase_from(f)?))
        }
        (Err(BackupError::Encrypted { .. }), None) => {
            let prompt = format!("{} is encrypted. Its passphrase: ", file.display());
            backup::read_with(file, Some(&ask_passphrase(&prompt, false)?))
        }
        (read, _) => read,
    }
    .map_err(failed)?;
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
