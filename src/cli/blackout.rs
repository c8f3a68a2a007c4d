//! `clerkdesk blackout …` and `clerkdesk publicity …`. Being written: the subcommands arrive with their issue.

use clap::Subcommand;

use super::{Env, Failure, Outcome};

#[derive(Debug, Subcommand)]
pub enum BlackoutCmd {
    /// Not yet available.
    List,
}

pub fn run(_env: &Env, _cmd: BlackoutCmd) -> Outcome {
    Err(Failure::new(1, "not available yet"))
}

#[derive(Debug, Subcommand)]
pub enum PublicityCmd {
    /// Not yet available.
    List,
}

pub fn run_publicity(_env: &Env, _cmd: PublicityCmd) -> Outcome {
    Err(Failure::new(1, "not available yet"))
}
