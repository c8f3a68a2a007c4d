//! clerkdesk: a terminal case manager for the clerk of an English parish or town council.
//!
//! `domain` is the pure core (state machines, rules, dates); `store` keeps records in sled with an
//! append-only audit trail; `session` joins the two; `ui` is the terminal face (The Elm
//! Architecture) and `cli` the scripting face. Both faces change things only through `session`.

pub mod assets;
pub mod casefile;
pub mod cli;
pub mod csvsafe;
pub mod docx;
pub mod domain;
pub mod files;
pub mod ical;
pub mod places;
pub mod redact;
pub mod session;
pub mod store;
pub mod ui;
