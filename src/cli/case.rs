//! `clerkdesk case …`. Being written: the subcommands arrive with their issue.

use clap::Subcommand;

use super::{Env, Failure, Outcome};

#[derive(Debug, Subcommand)]
pub enum CaseCmd {
    /// Not yet available.
    List,
}

pub fn run(_env: &Env, _cmd: CaseCmd) -> Outcome {
    Err(Failure::new(1, "not available yet"))
}
