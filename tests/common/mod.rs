//! The one harness for the command-line tests: a clerkdesk home of its own (`CLERKDESK_HOME` in a
//! temporary folder, today fixed at [`TODAY`]), and the binary run in it as a real process.
//!
//! Each `tests/cli*.rs` compiles this module on its own and uses only part of it.
#![allow(dead_code)]

pub mod store_kit;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The day every command believes it is.
pub const TODAY: &str = "2026-11-22";

/// What one run printed, and how it exited.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8(o.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(o.stderr).expect("stderr is UTF-8"),
        }
    }
}

pub struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    /// An empty home: no council yet.
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A home holding the demo council (Ashcombe Parish Council, Banbury model).
    pub fn with_demo() -> Home {
        let home = Home::new();
        let r = home.ok(&["demo"]);
        assert!(
            r.stdout.starts_with("Loaded the demo council into "),
            "{}",
            r.stdout
        );
        home
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Where `clerkdesk demo` puts the demo council's store.
    pub fn demo_store(&self) -> PathBuf {
        self.path().join("councils/ashcombe-parish-council-demo")
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Command::new(env!("CARGO_BIN_EXE_clerkdesk"))
            .args(args)
            .env("CLERKDESK_HOME", self.path())
            .env("CLERKDESK_TODAY", TODAY)
            .env_remove("CLERKDESK_STORE")
            .env_remove("CLERKDESK_ACTOR")
            .output()
            .expect("clerkdesk runs")
            .into()
    }

    /// Runs a command that must succeed.
    pub fn ok(&self, args: &[&str]) -> Run {
        self.expect(0, args)
    }

    /// Runs a command that must exit with `code`.
    pub fn expect(&self, code: i32, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(
            r.code, code,
            "clerkdesk {args:?}: expected exit {code}\nstdout:\n{}\nstderr:\n{}",
            r.stdout, r.stderr
        );
        r
    }

    /// Runs a command that must fail with `code` and say why on stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> Run {
        let r = self.expect(code, args);
        assert!(!r.stderr.trim().is_empty(), "a failure says why on stderr");
        r
    }

    /// As [`Home::fails`], printing nothing on stdout either: nothing was done.
    pub fn fails_quietly(&self, code: i32, args: &[&str]) -> Run {
        let r = self.fails(code, args);
        assert!(r.stdout.is_empty(), "{}", r.stdout);
        r
    }

    /// As [`Home::fails`], giving what it said on stderr.
    pub fn err(&self, code: i32, args: &[&str]) -> String {
        self.fails(code, args).stderr
    }

    /// A file in the home folder (outside the store) with these bytes.
    pub fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path().join(name);
        std::fs::write(&path, bytes).expect("a file in the home folder");
        path
    }
}
