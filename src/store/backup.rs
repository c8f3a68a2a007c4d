//! Backups of a council store. Being written.
