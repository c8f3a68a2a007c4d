//! The command-line face. Being written.
pub fn main() -> std::process::ExitCode { std::process::ExitCode::SUCCESS }
