//! The hub commands through the real `sprout` binary: two devices and a folder hub.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use support::{error_line, json, ok, run as sprout};

mod support;

struct World {
    _tmp: tempfile::TempDir,
    hub: std::path::PathBuf,
    lead: std::path::PathBuf,
    nurse: std::path::PathBuf,
}

fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let (hub, lead, nurse) =
        (tmp.path().join("share/hub"), tmp.path().join("lead"), tmp.path().join("nurse"));
    let hub_s = hub.to_str().unwrap();
    support::sealed(&lead, "Priya Shah");
    ok(
        &lead,
        &["hub", "init", hub_s, "--name", "Test hub", "--person", "Priya Shah", "--site", "Hub"],
    );
    ok(&nurse, &["hub", "join", hub_s, "--person", "Nia Nurse", "--site", "Ward 7"]);
    World { _tmp: tmp, hub, lead, nurse }
}

#[test]
fn a_device_joins_is_approved_and_its_idea_reaches_the_lead() {
    let w = world();
    let id = ok(&w.nurse, &["idea", "add", "--title", "Night falls", "--problem", "Unseen falls"]);
    let waiting = json(&w.nurse, &["sync", "--json"]);
    assert_eq!(waiting["waiting_for_approval"], true);
    assert_eq!(waiting["pushed"], 0);

    let requests = json(&w.lead, &["hub", "requests", "--json"]);
    let requests = requests.as_array().unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0]["person"], "Nia Nurse");
    assert_eq!(requests[0]["site"], "Ward 7");
    assert!(requests[0]["requested_at"].is_string());
    let actor = requests[0]["actor"].as_str().unwrap();
    ok(&w.lead, &["hub", "approve", actor, "--role", "clinician"]);

    assert_eq!(json(&w.nurse, &["sync", "--json"])["pushed"], 1);
    assert_eq!(json(&w.lead, &["sync", "--json"])["pulled"], 1);
    let shown = json(&w.lead, &["idea", "show", id.trim(), "--json"]);
    assert_eq!(shown["title"], "Night falls");
    assert_eq!(shown["author"], "Nia Nurse");

    let members = json(&w.lead, &["hub", "members", "--json"]);
    let members = members.as_array().unwrap();
    assert_eq!(members.len(), 2);
    let nurse = members.iter().find(|m| m["actor"] == actor).unwrap();
    assert_eq!(nurse["person"], "Nia Nurse");
    assert_eq!(nurse["roles"], serde_json::json!(["clinician"]));
    assert!(ok(&w.lead, &["hub", "verify"]).contains("signed, chained and in order"));

    // A lead writes a snapshot; a clinician may not.
    assert!(ok(&w.lead, &["hub", "snapshot"]).contains("Wrote snapshot 1"));
    let line = error_line(&w.nurse, &["hub", "snapshot"]);
    assert!(line.contains("only an admin or lead may write a snapshot"), "{line}");
}

#[test]
fn sync_fails_clearly_when_the_hub_cannot_be_reached() {
    let w = world();
    std::fs::rename(&w.hub, w.hub.with_extension("moved")).unwrap();
    let line = error_line(&w.lead, &["sync"]);
    assert!(line.contains("cannot be reached"), "{line}");
    assert!(line.contains(w.hub.to_str().unwrap()), "{line}");
}

#[test]
fn verify_lists_a_tampered_file_and_exits_non_zero() {
    let w = world();
    ok(&w.lead, &["idea", "add", "--title", "T", "--problem", "P"]);
    ok(&w.lead, &["sync"]);
    let log = w.hub.join("log");
    let actor_dir = std::fs::read_dir(&log).unwrap().next().unwrap().unwrap().path();
    let file = actor_dir.join("000000000001.chg");
    let forged = std::fs::read_to_string(&file).unwrap().replace("\"T\"", "\"X\"");
    std::fs::write(&file, forged).unwrap();
    let out = sprout(&w.lead, &["hub", "verify"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("000000000001.chg") && text.contains("altered or forged"), "{text}");
}

#[test]
fn hub_commands_refuse_bad_input_with_one_line() {
    let w = world();
    let other = w.lead.with_file_name("other");
    // Before the first run says who uses a PC, it has nothing to share and no hub.
    assert_eq!(json(&other, &["sync", "--json"])["pushed"], 0);
    assert!(!other.join("hub").exists());
    let line = error_line(&other, &["hub", "init", w.hub.to_str().unwrap(), "--person", "Olu"]);
    assert!(line.contains("SPROUT_PASSPHRASE"), "{line}");
    support::clinician(&other, "Olu Other");
    // A clinician's key has no passphrase: giving one now founds nothing.
    let own = other.join("own");
    let out = support::command(&other)
        .args(["hub", "init", own.to_str().unwrap()])
        .env("SPROUT_PASSPHRASE", support::LEAD_PASS)
        .output()
        .unwrap();
    let line = String::from_utf8(out.stderr).unwrap();
    assert!(line.contains("only an admin or lead may found a hub"), "{line}");
    assert!(!own.join("HUB.json").exists());
    assert!(error_line(&other, &["hub", "requests"]).contains("has not joined a hub"));
    // With no hub joined, sync works against this PC's own hub, with no set-up.
    assert_eq!(json(&other, &["sync", "--json"])["waiting_for_approval"], false);
    assert!(other.join("hub/HUB.json").exists());
    assert!(
        error_line(&other, &["hub", "join", "/nonexistent/share"]).contains("cannot be reached")
    );
    let empty = w.lead.with_file_name("empty");
    std::fs::create_dir_all(&empty).unwrap();
    assert!(
        error_line(&other, &["hub", "join", empty.to_str().unwrap()]).contains("not a Sprout hub")
    );
    assert!(
        error_line(&w.lead, &["hub", "approve", "nobody", "--role", "lead"])
            .contains("not an actor id")
    );
    assert!(
        error_line(&w.lead, &["hub", "init", w.hub.to_str().unwrap()])
            .contains("already holds a Sprout hub")
    );
    // A value that does not parse is bad input like any other: one line, exit 1.
    let out = sprout(&w.lead, &["hub", "approve", "x", "--role", "boss"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an actor id"));
    let nurse_id = json(&w.lead, &["hub", "requests", "--json"])[0]["actor"].clone();
    let line =
        error_line(&w.lead, &["hub", "approve", nurse_id.as_str().unwrap(), "--role", "boss"]);
    assert!(line.contains("clinician, reviewer, lead or admin"), "{line}");
    // A clinician cannot approve anyone.
    let requests = json(&w.lead, &["hub", "requests", "--json"]);
    let nurse = requests[0]["actor"].as_str().unwrap().to_owned();
    ok(&w.lead, &["hub", "approve", &nurse, "--role", "clinician"]);
    let stranger = w.lead.with_file_name("stranger");
    ok(&stranger, &["hub", "join", w.hub.to_str().unwrap()]);
    let stranger_id =
        json(&w.lead, &["hub", "requests", "--json"])[0]["actor"].as_str().unwrap().to_owned();
    assert!(
        error_line(&w.nurse, &["hub", "approve", &stranger_id, "--role", "clinician"])
            .contains("only an admin")
    );
}

#[test]
fn two_leads_retitling_the_same_idea_see_one_conflict_with_both_titles() {
    let w = world();
    assert_eq!(json(&w.lead, &["conflicts", "--json"]), serde_json::json!([]));
    // The second lead's key is sealed from the start, as a lead's must be.
    let second = w.lead.with_file_name("second");
    support::sealed(&second, "Sam Second");
    ok(&second, &["hub", "join", w.hub.to_str().unwrap()]);
    let requests = json(&w.lead, &["hub", "requests", "--json"]);
    let request = requests.as_array().unwrap().iter().find(|r| r["person"] == "Sam Second");
    ok(&w.lead, &["hub", "approve", request.unwrap()["actor"].as_str().unwrap(), "--role", "lead"]);
    let w = World { nurse: second, ..w };
    let id = ok(&w.lead, &["idea", "add", "--title", "Falls", "--problem", "p"]).trim().to_owned();
    ok(&w.lead, &["sync"]);
    ok(&w.nurse, &["sync"]);
    ok(&w.lead, &["idea", "edit", &id, "--title", "Night-time falls"]);
    ok(&w.nurse, &["idea", "edit", &id, "--title", "Unwitnessed falls"]);
    ok(&w.lead, &["sync"]);
    assert_eq!(json(&w.nurse, &["sync", "--json"])["conflicts"], 1);
    ok(&w.lead, &["sync"]);
    for device in [&w.lead, &w.nurse] {
        let conflicts = json(device, &["conflicts", "--json"]);
        let c = &conflicts.as_array().unwrap()[0];
        assert_eq!(c["field"], "title");
        let values: Vec<&str> = c["versions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["value"].as_str().unwrap())
            .collect();
        assert_eq!(values.len(), 2);
        assert!(values.contains(&"Night-time falls") && values.contains(&"Unwitnessed falls"));
        assert_eq!(c["title"], values[0], "the idea shows the winning title");
    }
    assert!(ok(&w.lead, &["conflicts"]).contains("title:"));
}

#[test]
fn a_revoked_device_is_told_and_its_new_work_stays_on_it() {
    let w = world();
    let requests = json(&w.lead, &["hub", "requests", "--json"]);
    let actor = requests[0]["actor"].as_str().unwrap().to_owned();
    ok(&w.lead, &["hub", "approve", &actor, "--role", "clinician"]);
    ok(&w.nurse, &["sync"]);
    ok(&w.lead, &["hub", "revoke", &actor]);

    ok(&w.nurse, &["idea", "add", "--title", "After revocation", "--problem", "p"]);
    let report = json(&w.nurse, &["sync", "--json"]);
    assert_eq!((report["revoked"].as_bool(), report["pushed"].as_u64()), (Some(true), Some(0)));
    assert_eq!(report["waiting_for_approval"], false, "no request nobody can approve");
    assert!(ok(&w.nurse, &["sync"]).contains("revoked this device"));
    assert!(json(&w.lead, &["hub", "requests", "--json"]).as_array().unwrap().is_empty());
    let members = json(&w.lead, &["hub", "members", "--json"]);
    let nurse = members.as_array().unwrap().iter().find(|m| m["actor"] == actor.as_str()).unwrap();
    assert_eq!(nurse["revoked"], true);
    ok(&w.lead, &["sync"]);
    assert!(json(&w.lead, &["idea", "list", "--json"]).as_array().unwrap().is_empty());
}

/// Two devices on a hub in S3-compatible storage, chosen by URL: the test command starts
/// a real S3 server and sets `SPROUT_TEST_S3_URL` and the `AWS_*` variables.
#[test]
fn two_devices_share_ideas_through_an_s3_hub_chosen_by_url() {
    let Ok(base) = std::env::var("SPROUT_TEST_S3_URL") else {
        assert!(
            std::env::var_os("SPROUT_REQUIRE_ALL_TESTS").is_none(),
            "SPROUT_TEST_S3_URL is not set, but the object store tests are required"
        );
        eprintln!("skipped: no S3-compatible server (set SPROUT_TEST_S3_URL)");
        return;
    };
    let url = format!("{}/cli-{}", base.trim_end_matches('/'), uuid::Uuid::now_v7());
    let tmp = tempfile::tempdir().unwrap();
    let (lead, nurse) = (tmp.path().join("lead"), tmp.path().join("nurse"));
    support::sealed(&lead, "Priya");
    let founded = ok(&lead, &["hub", "init", &url, "--name", "Region hub", "--person", "Priya"]);
    assert!(founded.contains(&url), "{founded}");
    ok(&nurse, &["hub", "join", &url, "--person", "Nia Nurse", "--site", "Ward 7"]);
    let requests = json(&lead, &["hub", "requests", "--json"]);
    ok(&lead, &["hub", "approve", requests[0]["actor"].as_str().unwrap(), "--role", "clinician"]);
    let id = ok(&nurse, &["idea", "add", "--title", "Via the cloud", "--problem", "p"]);
    assert_eq!(json(&nurse, &["sync", "--json"])["pushed"], 1);
    assert_eq!(json(&lead, &["sync", "--json"])["pulled"], 1);
    assert_eq!(json(&lead, &["idea", "show", id.trim(), "--json"])["author"], "Nia Nurse");
    assert!(ok(&lead, &["hub", "verify"]).contains("signed, chained and in order"));

    // A bucket that is not there, or a scheme Sprout does not speak, is a clear line.
    let other = tmp.path().join("other");
    let line = error_line(&other, &["hub", "join", "gs://bucket/hub"]);
    assert!(line.contains("only s3:// and az://"), "{line}");
}

#[test]
fn the_timeline_names_who_did_what_and_from_which_pc() {
    let w = world();
    let requests = json(&w.lead, &["hub", "requests", "--json"]);
    ok(&w.lead, &["hub", "approve", requests[0]["actor"].as_str().unwrap(), "--role", "clinician"]);
    let id = ok(&w.nurse, &["idea", "add", "--title", "Night falls", "--problem", "Unseen falls"]);
    let id = id.trim();
    ok(&w.nurse, &["sync"]);
    ok(&w.lead, &["sync"]);
    ok(&w.lead, &["idea", "move", id, "--decision", "go", "--rationale", "Seen on three wards"]);
    ok(&w.lead, &["sync"]);
    ok(&w.nurse, &["sync"]);

    let timeline = json(&w.nurse, &["idea", "timeline", id, "--json"]);
    let entries = timeline.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["who"], "Nia Nurse");
    assert!(entries[0]["device"].as_str().unwrap().starts_with("Ward 7 PC …"), "{timeline}");
    assert_eq!(entries[0]["what"], "submitted the idea");
    assert_eq!(entries[1]["who"], "Priya Shah");
    assert!(entries[1]["device"].as_str().unwrap().starts_with("Hub PC …"), "{timeline}");
    assert_eq!(entries[1]["site"], "Hub");
    assert_eq!(
        entries[1]["what"], "moved it on, from Submitted to Triage: “Seen on three wards”",
        "in plain words"
    );
    let text = ok(&w.nurse, &["idea", "timeline", id]);
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn a_join_request_shows_the_same_key_fingerprint_on_both_pcs() {
    let tmp = tempfile::tempdir().unwrap();
    let (admin, ward, share) = (tmp.path().join("a"), tmp.path().join("w"), tmp.path().join("h"));
    let share = share.to_str().unwrap();
    support::sealed(&admin, "Ada Admin");
    ok(&admin, &["hub", "init", share, "--person", "Ada Admin"]);
    let joined = ok(&ward, &["hub", "join", share, "--person", "Nia Nurse", "--site", "Ward 7"]);
    let shown = joined.split("fingerprint is ").nth(1).unwrap().split(':').next().unwrap();
    assert_eq!(shown.len(), 19, "{joined}");
    let requests = json(&admin, &["hub", "requests", "--json"]);
    assert_eq!(requests[0]["fingerprint"], shown);
    assert!(ok(&admin, &["hub", "requests"]).contains(shown));
}

#[test]
fn a_device_whose_join_request_was_swapped_is_told_and_shows_its_own_fingerprint() {
    let w = world();
    let requests = json(&w.lead, &["hub", "requests", "--json"]);
    let actor = requests[0]["actor"].as_str().unwrap().to_owned();
    let own = requests[0]["fingerprint"].as_str().unwrap().to_owned();
    // Someone with write access to the share re-signs the request with their own key.
    let path = w.hub.join(format!("requests/{actor}.json"));
    let info = sprout_sync::HubInfo::open(&std::fs::read(w.hub.join("HUB.json")).unwrap()).unwrap();
    let (request, _) =
        sprout_sync::JoinRequest::open(&std::fs::read(&path).unwrap(), &info.hub).unwrap();
    let impostor = sprout_sync::ActorKey::generate().unwrap();
    std::fs::write(&path, sprout_sync::sign(&request, &impostor)).unwrap();
    let requests = json(&w.lead, &["hub", "requests", "--json"]);
    let shown = requests[0]["fingerprint"].as_str().unwrap().to_owned();
    assert_eq!(shown, impostor.public().fingerprint());
    // The nurse's own PC shows the fingerprint of the key it really has.
    let people = ok(&w.nurse, &["person", "list"]);
    assert!(people.contains(&format!("key {own}")), "{people}");
    assert!(!people.contains(&shown), "{people}");
    // The admin compares nothing and approves: the nurse's PC says so, every sync.
    ok(&w.lead, &["hub", "approve", &actor, "--role", "clinician"]);
    ok(&w.nurse, &["idea", "add", "--title", "Night falls", "--problem", "Unseen falls"]);
    let said = ok(&w.nurse, &["sync"]);
    assert!(said.contains("The hub approved a different key in your name"), "{said}");
    let report = json(&w.nurse, &["sync", "--json"]);
    assert_eq!(report["approved_other_key"], true);
    assert_eq!(report["pushed"], 0);
    assert!(ok(&w.nurse, &["hub", "problems"]).contains("approved a different key"));
}
