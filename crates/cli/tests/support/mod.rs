//! Running the real `sprout` binary, shared by the CLI test files.
#![allow(dead_code, reason = "each test file uses part of it")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Mutex;

use serde_json::Value;

/// The passphrase of everyone set up by [`sealed`].
pub const LEAD_PASS: &str = "juniper signal orchard";

/// Data folders whose first person is a lead: each command there gives the lead's
/// passphrase, as a lead's scripted session with SPROUT_PASSPHRASE set would.
static LEADS: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// `sprout --data-dir DIR`, ignoring any SPROUT_DATA_DIR of the person running the tests.
pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sprout"));
    cmd.arg("--data-dir").arg(dir).env_remove("SPROUT_DATA_DIR").env_remove("SPROUT_PASSPHRASE");
    if LEADS.lock().unwrap().contains(dir) {
        cmd.env("SPROUT_PASSPHRASE", LEAD_PASS);
    }
    cmd
}

/// Answers the first run in `dir` as `name`, who reviews, leads or administers: their
/// key is sealed with [`LEAD_PASS`], and every later command there gives it.
pub fn sealed(dir: &Path, name: &str) {
    LEADS.lock().unwrap().insert(dir.to_owned());
    ok(dir, &["person", "start", name, "--site", "Hub"]);
}

/// Answers the first run in `dir` as `name`, a clinician at Ward 7.
pub fn clinician(dir: &Path, name: &str) {
    ok(dir, &["person", "start", name, "--site", "Ward 7"]);
}

/// A new data folder whose first person is the lead Lee Lead.
pub fn lead_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    sealed(dir.path(), "Lee Lead");
    dir
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

/// A new data folder whose first person is the clinician Tess Tester.
pub fn clinician_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    clinician(dir.path(), "Tess Tester");
    dir
}

/// An idea (at `site`, if given) taken by the lead in `dir` to POC planning, with the
/// framework answers its gates need. Returns its id.
pub fn in_poc_planning(dir: &Path, site: Option<&str>) -> String {
    let mut add = vec!["idea", "add", "--title", "Bed-exit sensors", "--problem", "Night falls"];
    if let Some(site) = site {
        add.extend(["--site", site]);
    }
    let id = ok(dir, &add).trim().to_owned();
    let go = |why: &str| ok(dir, &["idea", "move", &id, "--decision", "go", "--rationale", why]);
    go("Triage it");
    go("Shape it");
    go("Evaluate it");
    ok(
        dir,
        &[
            "idea",
            "framework",
            &id,
            "--clinical-sponsor",
            "Dr A Khan",
            "--dpia-screening",
            "No personal data",
            "--patient-facing",
            "no",
        ],
    );
    go("Plan it");
    id
}

/// A small pipeline: `ideas` (title, site) added, the first moved to Refine and the second
/// to Triage. Their ids, in order.
pub fn small_pipeline(dir: &Path, ideas: &[(&str, &str)]) -> Vec<String> {
    let ids: Vec<String> = ideas
        .iter()
        .map(|(title, site)| {
            ok(dir, &["idea", "add", "--title", title, "--problem", "Seen often", "--site", site])
                .trim()
                .to_owned()
        })
        .collect();
    for why in ["Triage it", "Shape it"] {
        ok(dir, &["idea", "move", &ids[0], "--decision", "go", "--rationale", why]);
    }
    ok(dir, &["idea", "move", &ids[1], "--decision", "go", "--rationale", "Triage it"]);
    ids
}
