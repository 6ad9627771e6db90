//! The pipeline through the real `sprout` binary: gate decisions with rationale, the
//! must-meet criteria that hold gates shut, and framework answers.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;

use sprout_store::{DB_FILE_NAME, Store};
use support::{error_line as fails, json, ok};

mod support;

fn op_count(dir: &Path) -> u64 {
    Store::open(&dir.join(DB_FILE_NAME)).unwrap().op_count().unwrap()
}

fn go(dir: &Path, id: &str, why: &str) -> String {
    ok(dir, &["idea", "move", id, "--decision", "go", "--rationale", why])
}

#[test]
fn an_idea_walks_the_gates_and_the_submitter_sees_each_reason() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = ok(d, &["idea", "add", "--title", "Bed-exit sensors", "--problem", "Falls"]);
    let id = id.trim();
    assert_eq!(json(d, &["idea", "show", id, "--json"])["stage"], "submitted");
    assert_eq!(go(d, id, "Seen on three wards"), "Submitted → Triage (go)\n");
    go(d, id, "Worth shaping");
    go(d, id, "Ready to evaluate");

    // POC planning needs a named clinical sponsor.
    let line = fails(d, &["idea", "move", id, "--decision", "go", "--rationale", "Plan it"]);
    assert!(line.contains("name a clinical sponsor before POC planning"), "{line}");
    ok(d, &["idea", "framework", id, "--clinical-sponsor", "Dr A Khan", "--trl", "4"]);
    go(d, id, "Sponsor found");

    // POC running needs DPIA screening and, for a patient-facing POC, an MHRA answer.
    let line = fails(d, &["idea", "move", id, "--decision", "go", "--rationale", "Run it"]);
    assert!(line.contains("DPIA screening") && line.contains("patient-facing"), "{line}");
    ok(
        d,
        &[
            "idea",
            "framework",
            id,
            "--dpia-screening",
            "No high-risk processing",
            "--patient-facing",
            "yes",
        ],
    );
    let line = fails(d, &["idea", "move", id, "--decision", "go", "--rationale", "Run it"]);
    assert!(line.contains("medical device (MHRA)"), "{line}");
    ok(d, &["idea", "framework", id, "--mhra-device", "Not a device: alerts staff only"]);
    // And its evaluation designed first: a hypothesis, and a metric with baseline and target.
    let line = fails(d, &["idea", "move", id, "--decision", "go", "--rationale", "Run it"]);
    assert!(line.contains("hypothesis") && line.contains("baseline and target"), "{line}");
    ok(d, &["poc", "hypothesis", id, "Sensors cut falls", "--measure", "Falls a month"]);
    let metric = [
        "poc",
        "metric",
        id,
        "--name",
        "Falls",
        "--unit",
        "falls",
        "--direction",
        "lower",
        "--target",
        "2",
        "--target-date",
        "2027-03-31",
        "--baseline",
        "5",
        "--baseline-date",
        "2026-10-31",
    ];
    ok(d, &metric);
    assert_eq!(go(d, id, "All set"), "POC planning → POC running (go)\n");

    let shown = json(d, &["idea", "show", id, "--json"]);
    assert_eq!(shown["stage"], "poc_running");
    assert_eq!(shown["last_decision"]["rationale"], "All set");
    let path = json(d, &["idea", "decisions", id, "--json"]);
    let stages: Vec<&str> =
        path.as_array().unwrap().iter().map(|d| d["to"].as_str().unwrap()).collect();
    assert_eq!(stages, ["triage", "refine", "evaluate", "poc_planning", "poc_running"]);
    let framework = json(d, &["idea", "framework", id, "--json"]);
    assert_eq!(framework["trl"], "4");
    assert_eq!(framework["patient_facing"], "yes");
    let listed = json(d, &["idea", "list", "--stage", "POC running", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert!(
        json(d, &["idea", "list", "--stage", "triage", "--json"]).as_array().unwrap().is_empty()
    );
}

#[test]
fn hold_recycle_and_stop_go_where_they_should() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = ok(d, &["idea", "add", "--title", "Discharge letters", "--problem", "Jargon"]);
    let id = id.trim();
    go(d, id, "Triage it");
    go(d, id, "Refine it");
    let out = ok(
        d,
        &["idea", "move", id, "--decision", "hold", "--rationale", "No capacity until spring"],
    );
    assert_eq!(out, "Refine → Parked (hold)\n");
    assert_eq!(go(d, id, "Capacity now"), "Parked → Triage (go)\n");
    go(d, id, "Again");
    go(d, id, "Evaluate");
    let out = ok(
        d,
        &["idea", "move", id, "--decision", "recycle", "--rationale", "Needs a clearer problem"],
    );
    assert_eq!(out, "Evaluate → Refine (recycle)\n");
    let out = ok(d, &["idea", "move", id, "--decision", "stop", "--rationale", "Solved elsewhere"]);
    assert_eq!(out, "Refine → Declined (stop)\n");
    assert!(
        fails(d, &["idea", "move", id, "--decision", "go", "--rationale", "x"])
            .contains("stays declined")
    );
}

#[test]
fn bad_decisions_and_answers_fail_with_one_line_and_write_nothing() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = ok(d, &["idea", "add", "--title", "T", "--problem", "P"]);
    let id = id.trim();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["idea", "move", id, "--decision", "go", "--rationale", "  "],
            "rationale must not be empty",
        ),
        (
            vec!["idea", "move", id, "--decision", "recycle", "--rationale", "x"],
            "cannot be given recycle",
        ),
        (
            vec!["idea", "move", id, "--decision", "go", "--rationale", "x", "--to", "evaluate"],
            "leads to Triage, not Evaluate",
        ),
        (
            vec!["idea", "move", id, "--decision", "go", "--rationale", "NHS 943 476 5919"],
            "patient details",
        ),
        (vec!["idea", "framework", id, "--esf-tier", "D"], "esf_tier must be one of A, B or C"),
        (vec!["idea", "framework", id, "--patient-facing", "maybe"], "yes or no"),
        (
            vec!["idea", "framework", id, "--clinical-sponsor", "ring 07700 900123"],
            "patient details",
        ),
    ];
    for (args, expected) in cases {
        let line = fails(d, &args);
        assert!(line.contains(expected), "{args:?}: {line:?} should contain {expected:?}");
        assert_eq!(op_count(d), 1, "{args:?} wrote an op");
    }
    // A value that does not parse is bad input like any other: one line, exit 1.
    let line = fails(d, &["idea", "move", id, "--decision", "maybe", "--rationale", "x"]);
    assert!(line.contains("go, hold, recycle or stop"), "{line}");
    assert!(fails(d, &["idea", "show", "not-an-id"]).contains("is not an idea id"));
    assert_eq!(op_count(d), 1);
}

#[test]
fn a_lead_merges_a_duplicate_and_can_undo_it() {
    let dir = support::lead_dir();
    let d = dir.path();
    let kept = ok(
        d,
        &[
            "idea",
            "add",
            "--title",
            "Bed-exit sensors for night falls",
            "--problem",
            "Falls at night",
        ],
    );
    let dup = ok(
        d,
        &[
            "idea",
            "add",
            "--title",
            "Night-time falls alarm",
            "--problem",
            "Unwitnessed falls at night",
        ],
    );
    let (kept, dup) = (kept.trim(), dup.trim());
    assert_eq!(
        ok(d, &["idea", "merge", dup, "--into", kept]),
        "“Night-time falls alarm” is merged into “Bed-exit sensors for night falls”.\n"
    );
    let listed = json(d, &["idea", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "duplicates leave the list");
    let all = json(d, &["idea", "list", "--merged", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 2);
    assert_eq!(
        json(d, &["idea", "show", dup, "--json"])["merged_into"],
        kept,
        "its submitter still sees it"
    );
    let similar = json(d, &["idea", "similar", "--title", "night falls alarm", "--json"]);
    assert!(
        similar.as_array().unwrap().iter().all(|s| s["idea"]["id"] != dup),
        "only the kept idea is offered"
    );

    assert!(fails(d, &["idea", "merge", dup, "--into", kept]).contains("already merged"));
    assert!(fails(d, &["idea", "merge", kept, "--into", dup]).contains("is itself merged"));
    assert!(fails(d, &["idea", "merge", kept, "--into", kept]).contains("into itself"));

    assert_eq!(
        ok(d, &["idea", "unmerge", dup]),
        "“Night-time falls alarm” stands on its own again.\n"
    );
    assert!(json(d, &["idea", "show", dup, "--json"])["merged_into"].is_null());
    assert_eq!(json(d, &["idea", "list", "--json"]).as_array().unwrap().len(), 2);
    assert!(fails(d, &["idea", "unmerge", dup]).contains("is not merged"));
    let timeline = ok(d, &["idea", "timeline", dup]);
    assert!(
        timeline.contains("merged it, as a duplicate") && timeline.contains("undid its merge"),
        "{timeline}"
    );
}

#[test]
fn who_it_affects_and_where_can_be_corrected_after_submission() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = ok(
        d,
        &["idea", "add", "--title", "T", "--problem", "P", "--site", "North", "--affects", "staff"],
    );
    let id = id.trim();
    ok(d, &["idea", "edit", id, "--department", "Ward 9", "--affects", "patients,staff"]);
    let shown = json(d, &["idea", "show", id, "--json"]);
    assert_eq!(
        (shown["site"].as_str(), shown["department"].as_str()),
        (Some("North"), Some("Ward 9"))
    );
    assert_eq!(shown["affects"], serde_json::json!(["patients", "staff"]));
    assert!(
        fails(d, &["idea", "edit", id, "--affects", "visitors"])
            .contains("patients, carers or staff")
    );
    assert!(fails(d, &["idea", "edit", id, "--site", "LS6 2AB"]).contains("patient details"));
}
