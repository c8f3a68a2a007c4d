//! clerkdesk: a terminal case manager for the clerk of an English parish or town council.
//!
//! `domain` is the pure core (state machines, rules, dates); `store` keeps records in sled with an
//! append-only audit trail; `ui` is the terminal face (The Elm Architecture); `cli` the scripting face.

pub mod domain;
