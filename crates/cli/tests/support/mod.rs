//! Running the real `sprout` binary, shared by the CLI test files.
#![allow(dead_code, reason = "each test file uses part of it")]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

/// `sprout --data-dir DIR`, ignoring any SPROUT_DATA_DIR of the person running the tests.
pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sprout"));
    cmd.arg("--data-dir").arg(dir).env_remove("SPROUT_DATA_DIR").env_remove("SPROUT_PASSPHRASE");
    cmd
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    command(dir).args(args).output().expect("run sprout")
}

/// Runs a command that must succeed; returns its stdout.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(out.status.success(), "{args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

pub fn json(dir: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(dir, args)).expect("JSON output")
}

/// Runs a command that must fail with nothing on stdout and one line on stderr; returns it.
pub fn error_line(dir: &Path, args: &[&str]) -> String {
    let out = run(dir, args);
    assert!(!out.status.success(), "{args:?} should have failed");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout on failure");
    let stderr = String::from_utf8(out.stderr).expect("utf-8 output");
    assert_eq!(stderr.lines().count(), 1, "want one line on stderr, got {stderr:?}");
    stderr.trim_end().to_owned()
}
