//! The patient-data guard through the real `sprout` binary: nothing holding patient
//! details is written, not even an op, and `pid-check` gives the same verdict.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use sprout_store::{DB_FILE_NAME, Store};
use support::{command, error_line as fails, json, ok, run};

mod support;

fn op_count(dir: &Path) -> u64 {
    Store::open(&dir.join(DB_FILE_NAME)).unwrap().op_count().unwrap()
}

#[test]
fn every_free_text_field_refuses_patient_details_and_writes_nothing() {
    let dir = support::lead_dir();
    let id = ok(dir.path(), &["idea", "add", "--title", "Falls", "--problem", "p"]);
    let id = id.trim();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["idea", "add", "--title", "Mr B 943 476 5919", "--problem", "p"], "title contains"),
        (vec!["idea", "add", "--title", "t", "--problem", "DOB 12/03/1954"], "a date of birth"),
        (
            vec![
                "idea",
                "add",
                "--title",
                "t",
                "--problem",
                "p",
                "--solution",
                "ring 07700 900123",
            ],
            "a phone number",
        ),
        (vec!["idea", "edit", id, "--problem", "lives at LS6 2AB"], "a postcode"),
        (vec!["idea", "comment", id, "email j.bloggs@example.com"], "an email address"),
        (vec!["idea", "comment", id, "MRN 1234567 again"], "a hospital number"),
        (vec!["idea", "tag", id, "943 476 5919"], "tag contains"),
    ];
    for (args, expected) in cases {
        let line = fails(dir.path(), &args);
        assert!(line.contains("looks like patient details"), "{args:?}: {line}");
        assert!(line.contains(expected), "{args:?}: {line:?} should contain {expected:?}");
        assert_eq!(op_count(dir.path()), 1, "{args:?} wrote an op");
    }
    let shown = json(dir.path(), &["idea", "show", id, "--json"]);
    assert_eq!(shown["problem"], "p");
}

#[test]
fn pid_check_lists_what_it_finds_and_exits_1() {
    let dir = support::lead_dir();
    let out = run(dir.path(), &["pid-check", "NHS 943 476 5919 at LS6 2AB"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("an NHS number") && text.contains("\"943 476 5919\""), "{text}");
    assert!(text.contains("characters 5–16"), "{text}");
    let hits = run(dir.path(), &["pid-check", "--json", "NHS 943 476 5919"]);
    let hits: serde_json::Value = serde_json::from_slice(&hits.stdout).unwrap();
    assert_eq!(hits[0]["kind"], "nhs_number");
    assert_eq!((hits[0]["start"].as_u64(), hits[0]["end"].as_u64()), (Some(4), Some(16)));
    assert_eq!(
        ok(dir.path(), &["pid-check", "Gel runs out by noon"]),
        "No patient details found.\n"
    );

    let mut child = command(dir.path())
        .arg("pid-check")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"from a file: 943-476-5919\n").unwrap();
    let piped = child.wait_with_output().unwrap();
    assert_eq!(piped.status.code(), Some(1), "standard input is checked too");
}

#[test]
fn a_hubs_hospital_number_format_is_caught_and_a_bad_one_refused() {
    let dir = support::lead_dir();
    assert!(ok(dir.path(), &["pid-check", "RXH1234567"]).contains("No patient details"));
    assert_eq!(ok(dir.path(), &["hospital-numbers", r"\bRXH\d{7}\b"]), "\\bRXH\\d{7}\\b\n");
    let line = fails(dir.path(), &["idea", "add", "--title", "t", "--problem", "see rxh1234567"]);
    assert!(line.contains("a hospital number"), "{line}");
    let bad = fails(dir.path(), &["hospital-numbers", "(unclosed"]);
    assert!(bad.contains("is not valid"), "{bad}");
    assert!(ok(dir.path(), &["hospital-numbers"]).contains("RXH"), "the good one is kept");
    assert!(ok(dir.path(), &["hospital-numbers", "--clear"]).starts_with("(none"));
}
