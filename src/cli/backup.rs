//! `clerkdesk backup FILE` and `clerkdesk restore FILE`. Being written.

use std::path::Path;

use super::{Env, Failure, Outcome};

pub fn backup(_env: &Env, _file: &Path) -> Outcome {
    Err(Failure::new(1, "not available yet"))
}

pub fn restore(_env: &Env, _file: &Path) -> Outcome {
    Err(Failure::new(1, "not available yet"))
}
