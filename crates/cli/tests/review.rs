//! Blind multi-reviewer scoring through the real `sprout` binary, as item 9 of the
//! pipeline issue lists it: `review assign --reviewer`, `review score --criterion … [--submit]`
//! and `idea scores --json`; bad scores and unassigned reviewers get one line and write nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::{Path, PathBuf};

use sprout_store::{DB_FILE_NAME, Store};
use support::{error_line, json, ok};

mod support;

fn op_count(dir: &Path) -> u64 {
    Store::open(&dir.join(DB_FILE_NAME)).unwrap().op_count().unwrap()
}

struct Trust {
    _tmp: tempfile::TempDir,
    lead: PathBuf,
    ana: PathBuf,
    ben: PathBuf,
    nurse: PathBuf,
}

fn trust() -> Trust {
    let tmp = tempfile::tempdir().unwrap();
    let at = |n: &str| tmp.path().join(n);
    let (lead, ana, ben, nurse) = (at("lead"), at("ana"), at("ben"), at("nurse"));
    let hub = at("hub");
    let hub = hub.to_str().unwrap();
    support::sealed(&lead, "Lee Lead");
    support::sealed(&ana, "Ana Reviewer");
    support::sealed(&ben, "Ben Reviewer");
    ok(&lead, &["hub", "init", hub, "--person", "Lee Lead"]);
    for (dir, name) in [(&ana, "Ana Reviewer"), (&ben, "Ben Reviewer"), (&nurse, "Nia Nurse")] {
        ok(dir, &["hub", "join", hub, "--person", name]);
    }
    for request in json(&lead, &["hub", "requests", "--json"]).as_array().unwrap() {
        let role = if request["person"] == "Nia Nurse" { "clinician" } else { "reviewer" };
        ok(&lead, &["hub", "approve", request["actor"].as_str().unwrap(), "--role", role]);
    }
    Trust { _tmp: tmp, lead, ana, ben, nurse }
}

fn sync_all(t: &Trust) {
    for _ in 0..2 {
        for dir in [&t.lead, &t.ana, &t.ben, &t.nurse] {
            ok(dir, &["sync"]);
        }
    }
}

#[test]
fn two_reviewers_score_blind_and_their_disagreement_holds_the_gate() {
    let t = trust();
    sync_all(&t);
    let id = ok(&t.nurse, &["idea", "add", "--title", "Bed sensors", "--problem", "Night falls"]);
    let id = id.trim();
    sync_all(&t);
    ok(
        &t.lead,
        &["idea", "move", id, "--to", "triage", "--decision", "go", "--rationale", "Worth a look"],
    );

    // Ben was not asked: his scores are refused, and nothing is written.
    sync_all(&t);
    let before = op_count(&t.ben);
    let e = error_line(&t.ben, &["review", "score", id, "--criterion", "need=4", "--submit"]);
    assert_eq!(e, "error: you were not asked to review this idea: a lead assigns its reviewers");
    assert_eq!(op_count(&t.ben), before);

    for name in ["Ana Reviewer", "ben reviewer"] {
        ok(&t.lead, &["review", "assign", id, "--reviewer", name]);
    }
    let e = error_line(&t.lead, &["review", "assign", id, "--reviewer", "Nobody"]);
    assert!(e.contains("nobody called \"Nobody\" is on the hub"), "{e}");
    sync_all(&t);

    // Scores outside 1 to 5, unknown criteria and bad pairs: one line each, nothing kept.
    for (args, says) in [
        (vec!["--criterion", "need=6", "--submit"], "scores run from 1 to 5"),
        (vec!["--criterion", "need=0"], "scores run from 1 to 5"),
        (vec!["--criterion", "wow=3"], "is not a criterion of rubric 1"),
        (vec!["--criterion", "need"], "is not NAME=SCORE"),
        (vec!["--submit"], "review needs at least one score"),
    ] {
        let before = op_count(&t.ana);
        let mut full = vec!["review", "score", id];
        full.extend(args.iter());
        let e = error_line(&t.ana, &full);
        assert!(e.contains(says), "{args:?}: {e}");
        assert_eq!(op_count(&t.ana), before);
    }

    // Ana keeps a draft first: it is hers alone until she submits.
    let kept = ok(&t.ana, &["review", "score", id, "--criterion", "need=5"]);
    assert!(kept.starts_with("Kept on this PC, not yet submitted: need=5"), "{kept}");
    ok(&t.ana, &["review", "score", id, "--criterion", "evidence=na", "--submit"]);
    sync_all(&t);
    let blind = json(&t.ben, &["idea", "scores", id, "--json"]);
    assert_eq!(blind["blind"], true);
    assert!(blind["aggregate"].is_null() && blind["reviews"].as_array().unwrap().is_empty());

    ok(
        &t.ben,
        &["review", "score", id, "--criterion", "need=2", "--criterion", "evidence=3", "--submit"],
    );
    sync_all(&t);
    let scores = json(&t.lead, &["idea", "scores", id, "--json"]);
    let need = &scores["aggregate"]["criteria"][0];
    assert_eq!(
        (need["key"].as_str(), need["mean"].as_f64(), need["median"].as_f64()),
        (Some("need"), Some(3.5), Some(3.5))
    );
    assert_eq!(need["range"], serde_json::json!([2, 5]));
    assert_eq!(need["disagreement"], true);
    let evidence = &scores["aggregate"]["criteria"][2];
    assert_eq!(
        (evidence["scored_by"].as_u64(), evidence["range"].clone()),
        (Some(1), serde_json::json!([3, 3]))
    );
    // need 3.5 (weight 20) and evidence 3 (weight 15): (20 × 0.625 + 15 × 0.5) / 35 = 57.1.
    assert_eq!(scores["aggregate"]["total"].as_f64(), Some(57.1));

    // The disagreement holds the next gate until a lead records how it was settled.
    let e =
        error_line(&t.lead, &["idea", "move", id, "--decision", "go", "--rationale", "Refine it"]);
    assert!(e.contains("consensus"), "{e}");
    ok(&t.lead, &["review", "consensus", id, "Agreed need is high on night shifts"]);
    ok(&t.lead, &["idea", "move", id, "--decision", "go", "--rationale", "Refine it"]);
}

#[test]
fn a_missing_rationale_is_one_line_and_writes_nothing() {
    let dir = support::lead_dir();
    let d = dir.path();
    let id = ok(d, &["idea", "add", "--title", "Falls", "--problem", "p"]);
    let before = op_count(d);
    let e = error_line(d, &["idea", "move", id.trim(), "--decision", "go"]);
    assert!(e.contains("rationale"), "{e}");
    assert_eq!(op_count(d), before);
}
