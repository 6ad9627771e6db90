//! `sprout poc …` through the real binary: a lead plans a POC's evaluation before it runs,
//! the project lead on another PC records its progress, and bad input writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;

use support::{error_line, json, ok};

mod support;

fn in_poc_planning(dir: &Path) -> String {
    support::in_poc_planning(dir, None)
}

fn move_go(dir: &Path, id: &str, why: &str) -> std::process::Output {
    support::run(dir, &["idea", "move", id, "--decision", "go", "--rationale", why])
}

#[test]
fn a_poc_cannot_run_until_its_evaluation_is_designed_nor_be_reviewed_without_actuals() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = in_poc_planning(d);

    ok(d, &["poc", "plan", &id, "--aim", "Fewer night falls", "--project-lead", "Lee Lead"]);
    let line = error_line(d, &["poc", "plan", &id, "--type", "research"]);
    assert_eq!(line, "error: ethics (IRAS) reference must not be empty: research needs one");
    ok(d, &["poc", "plan", &id, "--type", "research", "--ethics-ref", "IRAS 312345"]);

    let refused = move_go(d, &id, "Run it");
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success());
    assert!(said.contains("write at least one hypothesis"), "{said}");
    ok(d, &["poc", "hypothesis", &id, "Sensors cut night falls", "--measure", "Falls a month"]);
    let target = [
        "poc",
        "metric",
        &id,
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
    ];
    ok(d, &target);
    let said = String::from_utf8_lossy(&move_go(d, &id, "Run it").stderr).into_owned();
    assert!(said.contains("give every metric a baseline and a target"), "{said}");
    // The same name, in any case, is the same metric.
    let baseline = [
        "poc",
        "metric",
        &id,
        "--name",
        "FALLS",
        "--baseline",
        "5.0",
        "--baseline-date",
        "2026-10-31",
        "--baseline-source",
        "Datix",
    ];
    ok(d, &baseline);
    assert!(move_go(d, &id, "Run it").status.success());

    let said = String::from_utf8_lossy(&move_go(d, &id, "Review it").stderr).into_owned();
    assert!(said.contains("record an actual for every metric"), "{said}");
    ok(d, &["poc", "actual", &id, "--metric", "falls", "--value", "3", "--date", "2026-11-20"]);
    ok(d, &["poc", "actual", &id, "--metric", "falls", "--value", "1.5", "--date", "2026-12-20"]);
    assert!(move_go(d, &id, "Review it").status.success());

    let poc = json(d, &["poc", "show", &id, "--json"]);
    assert_eq!(poc["aim"], "Fewer night falls");
    assert_eq!(poc["project_lead_name"], "Lee Lead");
    assert_eq!(poc["ethics_ref"], "IRAS 312345");
    assert_eq!(poc["hypotheses"][0]["measure"], "Falls a month");
    let metric = &poc["metrics"][0];
    assert_eq!((metric["name"].as_str(), metric["baseline"].as_f64()), (Some("Falls"), Some(5.0)));
    assert_eq!(metric["baseline_source"], "Datix");
    let values: Vec<f64> = metric["actuals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["value"].as_f64().unwrap())
        .collect();
    assert_eq!(values, [3.0, 1.5], "every actual kept, oldest first");
    assert_eq!(metric["actuals"][1]["by"], "Lee Lead");
    assert_eq!(metric["on_target"], true, "1.5 falls meets a target of at most 2");
}

#[test]
fn milestones_and_status_notes_are_progress_with_dates() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = in_poc_planning(d);
    let past =
        ok(d, &["poc", "milestone", &id, "--title", "Sensors fitted", "--due", "2020-01-31"]);
    let later = ok(
        d,
        &[
            "poc",
            "milestone",
            &id,
            "--title",
            "Staff trained",
            "--due",
            "2999-12-31",
            "--owner",
            "Lee Lead",
        ],
    );
    ok(d, &["poc", "milestone-done", &id, later.trim(), "--date", "2026-11-02"]);
    ok(d, &["poc", "status", &id, "--status", "on-track", "--note", "Sensors arrived"]);
    ok(d, &["poc", "status", &id, "--status", "At risk", "--note", "Two sensors failed"]);

    let poc = json(d, &["poc", "show", &id, "--json"]);
    let milestones = poc["milestones"].as_array().unwrap();
    let by_id = |m: &str| milestones.iter().find(|x| x["id"] == m.trim()).unwrap();
    assert_eq!(by_id(&past)["overdue"], true, "not done and due in the past");
    assert_eq!(by_id(&later)["status"], "done");
    assert_eq!(by_id(&later)["done_date"], "2026-11-02");
    assert_eq!(by_id(&later)["owner_name"], "Lee Lead");
    assert_eq!(by_id(&later)["overdue"], false);
    assert_eq!(poc["status"]["status"], "at_risk");
    assert_eq!(poc["status"]["note"], "Two sensors failed");
    assert_eq!(poc["status_history"].as_array().unwrap().len(), 2);
    assert!(ok(d, &["poc", "show", &id]).contains("OVERDUE"));
}

#[test]
fn bad_input_is_one_line_naming_the_field_and_writes_nothing() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = in_poc_planning(d);
    let metric = [
        "poc",
        "metric",
        &id,
        "--name",
        "Falls",
        "--direction",
        "lower",
        "--target",
        "2",
        "--target-date",
        "2027-03-31",
    ];
    ok(d, &metric);
    let before = json(d, &["poc", "show", &id, "--json"]);
    let ops_before = json(d, &["idea", "timeline", &id, "--json"]).as_array().unwrap().len();

    for (args, says) in [
        (
            vec!["poc", "actual", &id, "--metric", "Beds", "--value", "3", "--date", "2026-11-01"],
            "metric \"Beds\" is not one of this POC's: Falls",
        ),
        (
            vec![
                "poc",
                "actual",
                &id,
                "--metric",
                "Falls",
                "--value",
                "three",
                "--date",
                "2026-11-01",
            ],
            "actual value must be a number",
        ),
        (
            vec!["poc", "actual", &id, "--metric", "Falls", "--value", "3", "--date", "01/11/2026"],
            "date of the actual must be a date written YYYY-MM-DD",
        ),
        (
            vec!["poc", "milestone", &id, "--title", "Go live", "--due", ""],
            "due date must be a date",
        ),
        (
            vec!["poc", "milestone", &id, "--title", " ", "--due", "2027-01-01"],
            "milestone title must not be empty",
        ),
        (
            vec![
                "poc",
                "metric",
                &id,
                "--name",
                "Beds",
                "--direction",
                "up",
                "--target",
                "2",
                "--target-date",
                "2027-03-31",
            ],
            "direction must be one of higher or lower",
        ),
        (
            vec!["poc", "metric", &id, "--name", "Beds", "--direction", "lower", "--target", "2"],
            "target date must not be empty",
        ),
        (
            vec!["poc", "status", &id, "--status", "fine", "--note", "x"],
            "POC status must be one of",
        ),
        (
            vec!["poc", "milestone-done", &id, "not-a-milestone"],
            "is not one of this POC's milestones",
        ),
        (
            vec!["poc", "plan", &id, "--project-lead", "Nobody"],
            "project lead: nobody called \"Nobody\"",
        ),
    ] {
        let line = error_line(d, &args);
        assert!(line.contains(says), "{args:?}: {line}");
    }
    assert_eq!(json(d, &["poc", "show", &id, "--json"]), before);
    assert_eq!(json(d, &["idea", "timeline", &id, "--json"]).as_array().unwrap().len(), ops_before);
}

#[test]
fn the_project_lead_on_another_pc_records_progress_and_other_clinicians_may_not() {
    let tmp = tempfile::tempdir().unwrap();
    let (hub, lead, nurse, porter) = (
        tmp.path().join("hub"),
        tmp.path().join("lead"),
        tmp.path().join("nurse"),
        tmp.path().join("porter"),
    );
    let hub = hub.to_str().unwrap();
    support::sealed(&lead, "Priya Shah");
    ok(&lead, &["hub", "init", hub, "--name", "Test hub", "--person", "Priya Shah"]);
    for (dir, name) in [(&nurse, "Nia Nurse"), (&porter, "Pat Porter")] {
        ok(dir, &["hub", "join", hub, "--person", name, "--site", "Ward 7"]);
    }
    for request in json(&lead, &["hub", "requests", "--json"]).as_array().unwrap() {
        ok(&lead, &["hub", "approve", request["actor"].as_str().unwrap(), "--role", "clinician"]);
    }
    ok(&lead, &["sync"]);
    let id = in_poc_planning(&lead);
    // A clinician may not plan, even their own idea's POC.
    ok(&lead, &["poc", "plan", &id, "--project-lead", "Nia Nurse"]);
    ok(&lead, &["poc", "hypothesis", &id, "Sensors cut falls", "--measure", "Falls a month"]);
    ok(
        &lead,
        &[
            "poc",
            "metric",
            &id,
            "--name",
            "Falls",
            "--direction",
            "lower",
            "--target",
            "2",
            "--target-date",
            "2027-03-31",
        ],
    );
    ok(&lead, &["sync"]);
    for dir in [&nurse, &porter] {
        ok(dir, &["sync"]);
    }

    let line = error_line(&porter, &["poc", "hypothesis", &id, "Another", "--measure", "Beds"]);
    assert_eq!(line, "error: a clinician may not plan a POC: leads and admins do");
    let actual =
        ["poc", "actual", &id, "--metric", "Falls", "--value", "3", "--date", "2026-11-20"];
    let line = error_line(&porter, &actual);
    assert_eq!(line, "error: only the POC's project lead, a lead or an admin records its progress");
    ok(&nurse, &actual);
    ok(&nurse, &["poc", "status", &id, "--status", "on-track", "--note", "Going well"]);
    ok(&nurse, &["sync"]);
    ok(&lead, &["sync"]);

    let poc = json(&lead, &["poc", "show", &id, "--json"]);
    assert_eq!(poc["metrics"][0]["actuals"][0]["by"], "Nia Nurse");
    assert_eq!(poc["status"]["note"], "Going well");
    assert_eq!(poc["project_lead_name"], "Nia Nurse");
}

#[test]
fn budget_lines_total_in_pence_and_risks_and_sites_are_recorded() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = in_poc_planning(d);
    let budget = |category: &str, planned: &str, spent: &str| {
        ok(
            d,
            &[
                "poc",
                "budget",
                &id,
                "--category",
                category,
                "--funder",
                "Regional programme",
                "--planned",
                planned,
                "--spent",
                spent,
            ],
        );
    };
    // 0.1 + 0.2 in floats is not 0.3; in pence it is.
    budget("Sensors", "0.10", "0.10");
    budget("Training", "0.20", "0.20");
    budget("Evaluation", "£299,999.70", "1,000");
    let poc = json(d, &["poc", "show", &id, "--json"]);
    assert_eq!(poc["totals"]["planned_pence"], 30_000_000);
    assert_eq!(poc["totals"]["spent_pence"], 100_030);
    assert!(ok(d, &["poc", "show", &id]).contains("planned £300,000.00"));
    for (planned, says) in
        [("-5", "planned amount must be an amount in pounds"), ("1.234", "planned amount must be")]
    {
        let line = error_line(
            d,
            &["poc", "budget", &id, "--category", "Kit", "--funder", "Trust", "--planned", planned],
        );
        assert!(line.contains(says), "{line}");
    }
    let line = error_line(
        d,
        &["poc", "risk", &id, "--text", "Sensors fail", "--likelihood", "6", "--impact", "2"],
    );
    assert!(line.contains("likelihood must be one of a whole number from 1 to 5"), "{line}");
    let risk = ok(
        d,
        &[
            "poc",
            "risk",
            &id,
            "--text",
            "Sensors fail",
            "--likelihood",
            "3",
            "--impact",
            "4",
            "--mitigation",
            "Spares",
        ],
    );
    assert_eq!(risk.trim().len(), 36, "prints the risk's id");
    ok(d, &["poc", "risk-status", &id, risk.trim(), "--status", "closed"]);
    let line = error_line(d, &["poc", "risk-status", &id, risk.trim(), "--status", "gone"]);
    assert!(line.contains("risk status must be one of open or closed"), "{line}");
    let line = error_line(d, &["poc", "risk-status", &id, "nope", "--status", "closed"]);
    assert!(line.contains("is not one of this POC's risks"), "{line}");
    ok(d, &["poc", "site", &id, "--site", "Royal", "--status", "planned"]);
    ok(d, &["poc", "site", &id, "--site", "royal", "--status", "running", "--start", "2026-11-01"]);
    let poc = json(d, &["poc", "show", &id, "--json"]);
    assert_eq!(poc["risks"][0]["impact"], 4);
    assert_eq!(poc["risks"][0]["status"], "closed");
    assert_eq!(poc["sites"].as_array().unwrap().len(), 1, "the same site again updates it");
    assert_eq!(poc["sites"][0]["status"], "running");

    let list = json(d, &["poc", "list", "--json"]);
    let row = &list.as_array().unwrap()[0];
    assert_eq!(row["title"], "Bed-exit sensors");
    assert_eq!(
        (row["planned_pence"].as_i64(), row["spent_pence"].as_i64()),
        (Some(30_000_000), Some(100_030))
    );
}

#[test]
fn the_go_at_poc_review_keeps_its_evidence_and_sites_then_spread_with_their_assurance() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = in_poc_planning(d);
    ok(d, &["poc", "hypothesis", &id, "Sensors cut falls", "--measure", "Falls a month"]);
    let metric = [
        "poc",
        "metric",
        &id,
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
    let line = error_line(d, &["spread", &id, "--site", "Royal", "--status", "live"]);
    assert!(line.contains("once it reaches Adopt & spread"), "{line}");
    assert!(move_go(d, &id, "Run it").status.success());
    ok(d, &["poc", "actual", &id, "--metric", "Falls", "--value", "1.5", "--date", "2026-12-20"]);
    assert!(move_go(d, &id, "Review it").status.success());
    // Nothing is adopted before a lead has validated what it is to deliver.
    let said = String::from_utf8_lossy(&move_go(d, &id, "Falls halved: adopt").stderr).into_owned();
    assert!(said.contains("have a lead validate it before adopting"), "{said}");
    let benefit = ok(d, &["benefit", "promote", &id, "Falls", "--class", "quantifiable"]);
    let benefit = benefit.trim();
    ok(d, &["benefit", "state", benefit, "estimated", "--rationale", "From the POC"]);
    ok(d, &["benefit", "state", benefit, "validated", "--rationale", "Checked at review"]);
    assert!(move_go(d, &id, "Falls halved: adopt").status.success());
    let shown = json(d, &["idea", "show", &id, "--json"]);
    let rationale = shown["last_decision"]["rationale"].as_str().unwrap();
    assert!(rationale.starts_with("Falls halved: adopt\n\nEvidence at POC review:"), "{rationale}");
    assert!(
        rationale.contains("- Falls (lower is better): baseline 5 falls on 2026-10-31, target 2 falls by 2027-03-31, latest 1.5 falls on 2026-12-20: target met"),
        "{rationale}"
    );

    ok(
        d,
        &["spread", &id, "--site", "Royal", "--status", "live", "--assured", "dcb0160,dtac,dpia"],
    );
    let line = error_line(d, &["spread", &id, "--site", "General", "--status", "declined"]);
    assert!(line.contains("reason must not be empty"), "{line}");
    ok(
        d,
        &["spread", &id, "--site", "General", "--status", "declined", "--reason", "No night staff"],
    );
    ok(d, &["spread", &id, "--site", "Community", "--status", "planning", "--assured", "DTAC"]);
    let line = error_line(
        d,
        &["spread", &id, "--site", "Community", "--status", "live", "--assured", "iso"],
    );
    assert!(line.contains("local assurance must be one of"), "{line}");
    let spread = json(d, &["spread", "show", &id, "--json"]);
    assert_eq!(spread["live_sites"], 1);
    let sites = spread["sites"].as_array().unwrap();
    let community = sites.iter().find(|s| s["site"] == "Community").unwrap();
    assert_eq!(community["assured"], serde_json::json!(["dtac"]));
    let royal = sites.iter().find(|s| s["site"] == "Royal").unwrap();
    assert_eq!(royal["assured"], serde_json::json!(["dcb0160", "dtac", "dpia"]));
    let text = ok(d, &["spread", "show", &id]);
    assert!(text.starts_with("Live at 1 site\n"), "{text}");
    assert!(text.contains("Clinical safety sign-off (DCB0160): cleared"), "{text}");
    assert_eq!(json(d, &["poc", "list", "--json"])[0]["live_sites"], 1);
}
