//! People sharing a PC, through the real `sprout` binary: `person add|list|switch` and
//! `--as`, with passphrases taken from the environment only.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;

use support::{command, error_line, json, ok};

mod support;

fn with_passphrase(dir: &Path, passphrase: &str, args: &[&str]) -> std::process::Output {
    command(dir).env("SPROUT_PASSPHRASE", passphrase).args(args).output().unwrap()
}

fn succeeds(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn people_on_a_ward_pc_each_act_as_themselves_and_a_reviewer_needs_her_passphrase() {
    let tmp = tempfile::tempdir().unwrap();
    let (lead, ward, share) =
        (tmp.path().join("lead"), tmp.path().join("ward"), tmp.path().join("hub"));
    let share = share.to_str().unwrap();
    support::sealed(&lead, "Lee Lead");
    ok(&lead, &["hub", "init", share, "--person", "Lee Lead", "--site", "Hub"]);
    ok(&ward, &["hub", "join", share, "--person", "Nia Nurse", "--site", "Ward 7"]);

    assert!(ok(&ward, &["person", "add", "Ben Porter"]).starts_with("Now acting as Ben Porter"));
    let out = with_passphrase(&ward, "willow kettle harbour", &["person", "add", "Rita Reviewer"]);
    succeeds(&out);
    // Rita's key is sealed: her join request is signed, so it goes with her passphrase.
    ok(&ward, &["sync"]);
    succeeds(&with_passphrase(&ward, "willow kettle harbour", &["--as", "Rita Reviewer", "sync"]));
    for request in json(&lead, &["hub", "requests", "--json"]).as_array().unwrap() {
        let role = if request["person"] == "Rita Reviewer" { "reviewer" } else { "clinician" };
        ok(&lead, &["hub", "approve", request["actor"].as_str().unwrap(), "--role", role]);
    }
    ok(&ward, &["sync"]);

    // A session that needed a passphrase ends with its command: the PC's first person acts.
    let listed = ok(&ward, &["person", "list"]);
    assert!(listed.lines().any(|l| l.starts_with('*') && l.contains("Nia Nurse")), "{listed}");
    assert!(listed.contains("Rita Reviewer  Ward 7  (reviewer, passphrase)"), "{listed}");

    ok(&ward, &["person", "switch", "Ben Porter"]);
    let bens = ok(&ward, &["idea", "add", "--title", "Ben's idea", "--problem", "p", "--json"]);
    assert!(bens.contains("\"author\": \"Ben Porter\""), "{bens}");
    ok(&ward, &["person", "switch", "nia nurse"]);
    let nias = ok(&ward, &["idea", "add", "--title", "Nia's idea", "--problem", "p", "--json"]);
    assert!(nias.contains("\"author\": \"Nia Nurse\""), "{nias}");
    ok(&ward, &["person", "switch", "Ben Porter"]);

    // Picking Rita's name is not enough; the passphrase comes from the environment.
    let e = error_line(&ward, &["--as", "Rita Reviewer", "review", "queue"]);
    assert_eq!(e, "error: enter Rita Reviewer's passphrase: set SPROUT_PASSPHRASE");
    let out =
        with_passphrase(&ward, "wrong passphrase!", &["--as", "Rita Reviewer", "review", "queue"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not unlock"));
    let out = with_passphrase(
        &ward,
        "willow kettle harbour",
        &["--as", "Rita Reviewer", "review", "queue"],
    );
    assert!(succeeds(&out).contains("Nothing to score"));
    // `--as` lasted one command: Ben, who switched in for good, is still the one acting.
    let listed = ok(&ward, &["person", "list"]);
    assert!(listed.lines().any(|l| l.starts_with('*') && l.contains("Ben Porter")), "{listed}");

    ok(&ward, &["sync"]);
    ok(&lead, &["sync"]);
    let ideas = ok(&lead, &["idea", "list"]);
    assert!(ideas.contains("Ben's idea") && ideas.contains("Nia's idea"), "{ideas}");
}

#[test]
fn bad_person_commands_exit_non_zero_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    assert!(error_line(dir, &["person", "add", "Ben Porter"]).contains("sprout person start"));
    support::clinician(dir, "Nia Nurse");
    ok(dir, &["person", "add", "Ben Porter"]);
    assert_eq!(
        error_line(dir, &["person", "add", "ben porter"]),
        "error: ben porter is already on this PC: pick them from the list"
    );
    assert!(error_line(dir, &["person", "add", " "]).contains("enter the person's name"));
    assert_eq!(
        error_line(dir, &["person", "switch", "Nobody"]),
        "error: nobody called \"Nobody\" is on this PC"
    );
    let out = with_passphrase(dir, "short", &["person", "add", "Rita"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));
    assert_eq!(json(dir, &["person", "list", "--json"]).as_array().unwrap().len(), 2);
}

#[test]
fn a_read_leaves_the_key_sealed_and_a_change_unlocks_it() {
    let tmp = tempfile::tempdir().unwrap();
    let lead = tmp.path().join("lead");
    let share = tmp.path().join("hub");
    support::sealed(&lead, "Lee Lead");
    ok(&lead, &["hub", "init", share.to_str().unwrap(), "--person", "Lee Lead"]);
    ok(&lead, &["idea", "add", "--title", "Kept", "--problem", "p"]);
    // A wrong passphrase proves whether the key was opened: a read never tries it...
    for read in
        [&["idea", "list"][..], &["idea", "search", "Kept"], &["person", "list"], &["rubric"]]
    {
        let out = with_passphrase(&lead, "not the passphrase", read);
        assert!(succeeds(&out).contains(if read[0] == "person" { "Lee Lead" } else { "" }));
    }
    // ...and a change does, and is refused.
    let out = with_passphrase(
        &lead,
        "not the passphrase",
        &["idea", "add", "--title", "Refused", "--problem", "p"],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not unlock"));
}

#[test]
fn founding_a_hub_before_anyone_is_named_says_how_to_name_yourself() {
    let tmp = tempfile::tempdir().unwrap();
    let pc = tmp.path().join("pc");
    let share = tmp.path().join("hub");
    let out =
        with_passphrase(&pc, "willow kettle harbour", &["hub", "init", share.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("sprout person start NAME --site SITE"), "{said}");
    assert!(said.contains("--person NAME"), "{said}");
    assert!(!said.contains("''"), "no empty name: {said}");
    assert!(!share.join("HUB.json").exists(), "nothing founded");
}
