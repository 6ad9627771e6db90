//! Runs the real `sprout` binary against real data folders.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use sprout_store::{DB_FILE_NAME, Store};
use support::{error_line as fails, json, ok, run as sprout};

mod support;

fn op_count(dir: &Path) -> u64 {
    Store::open(&dir.join(DB_FILE_NAME)).unwrap().op_count().unwrap()
}

fn add(dir: &Path, title: &str, problem: &str) -> String {
    ok(dir, &["idea", "add", "--title", title, "--problem", problem]).trim().to_owned()
}

#[test]
fn add_prints_the_new_id_and_show_finds_it() {
    let dir = support::clinician_dir();
    let id = add(dir.path(), "Bedside hand gel", "Dispensers empty by noon");
    assert_eq!(id.len(), 36, "{id}");
    let idea = json(dir.path(), &["idea", "show", &id, "--json"]);
    assert_eq!(idea["id"], id.as_str());
    assert_eq!(idea["title"], "Bedside hand gel");
    assert_eq!(idea["solution"], Value::Null);
    let text = ok(dir.path(), &["idea", "show", &id]);
    assert!(text.starts_with("Bedside hand gel\n"), "{text}");
    assert!(text.contains("Dispensers empty by noon"), "{text}");
}

#[test]
fn add_json_prints_the_whole_idea() {
    let dir = support::clinician_dir();
    let idea = json(
        dir.path(),
        &["idea", "add", "--title", "T", "--problem", "P", "--solution", "S", "--json"],
    );
    assert_eq!(idea["solution"], "S");
    assert_eq!(idea["created_at"], idea["updated_at"]);
}

#[test]
fn list_json_is_newest_first_with_rfc3339_times() {
    let dir = support::clinician_dir();
    for t in ["First", "Second", "Third"] {
        add(dir.path(), t, "p");
    }
    let list = json(dir.path(), &["idea", "list", "--json"]);
    let list = list.as_array().unwrap();
    let titles: Vec<_> = list.iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Third", "Second", "First"]);
    for idea in list {
        for key in ["id", "title", "problem", "solution", "created_at", "updated_at"] {
            assert!(idea.get(key).is_some(), "missing {key} in {idea}");
        }
        for key in ["created_at", "updated_at"] {
            chrono::DateTime::parse_from_rfc3339(idea[key].as_str().unwrap())
                .unwrap_or_else(|e| panic!("{key} is not RFC 3339: {e}"));
        }
    }
    let table = ok(dir.path(), &["idea", "list"]);
    assert_eq!(table.lines().count(), 4, "header + 3 rows: {table}");
}

#[test]
fn list_limit_gives_the_newest_few_and_refuses_a_limit_out_of_range() {
    let dir = support::clinician_dir();
    for t in ["First", "Second", "Third"] {
        add(dir.path(), t, "p");
    }
    let list = json(dir.path(), &["idea", "list", "--json", "--limit", "2"]);
    let titles: Vec<_> =
        list.as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Third", "Second"]);
    let table = ok(dir.path(), &["idea", "list", "--limit", "1", "--stage", "submitted"]);
    assert_eq!(table.lines().count(), 2, "header + 1 row: {table}");
    for wrong in ["0", "201", "many"] {
        let out = sprout(dir.path(), &["idea", "list", "--limit", wrong]);
        assert!(!out.status.success(), "--limit {wrong} was taken");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--limit"), "{out:?}");
    }
}

#[test]
fn an_empty_list_is_an_empty_json_array() {
    let dir = support::clinician_dir();
    assert_eq!(json(dir.path(), &["idea", "list", "--json"]), serde_json::json!([]));
}

#[test]
fn edit_changes_only_the_given_fields() {
    let dir = support::clinician_dir();
    let id = add(dir.path(), "Old title", "The problem");
    ok(dir.path(), &["idea", "edit", &id, "--title", "New title", "--solution", "Try this"]);
    let idea = json(dir.path(), &["idea", "show", &id, "--json"]);
    assert_eq!(idea["title"], "New title");
    assert_eq!(idea["problem"], "The problem");
    assert_eq!(idea["solution"], "Try this");
    assert_eq!(op_count(dir.path()), 2);
}

#[test]
fn search_ranks_by_relevance_and_treats_syntax_as_words() {
    let dir = support::clinician_dir();
    add(dir.path(), "Discharge summaries", "Falls history is missing from letters");
    add(dir.path(), "Falls alarm", "Patients fall at night");
    add(dir.path(), "Car parking", "Night staff cannot park");
    let hits = json(dir.path(), &["idea", "search", "falls", "--json"]);
    let titles: Vec<_> =
        hits.as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Falls alarm", "Discharge summaries"]);
    for q in
        [r#""falls"#, "falls*", "-falls", "falls:", "(falls", "falls)", "NEAR(falls", "AND", "'"]
    {
        let out = sprout(dir.path(), &["idea", "search", q, "--json"]);
        assert!(out.status.success(), "{q:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<Value>(&out.stdout).unwrap();
    }
    let none = ok(dir.path(), &["idea", "search", "zebra"]);
    assert!(none.contains("No ideas match"), "{none}");
}

#[test]
fn bad_input_fails_with_one_clear_line_and_writes_nothing() {
    let dir = support::clinician_dir();
    let id = add(dir.path(), "Existing", "p");
    let long_title = "t".repeat(201);
    let long_text = "x".repeat(20_001);
    let unknown = "019a0c3e-8f1b-7c2d-9e4f-0a1b2c3d4e5f";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["idea", "add", "--title", "", "--problem", "p"], "title must not be empty"),
        (vec!["idea", "add", "--title", "  \t ", "--problem", "p"], "title must not be empty"),
        (
            vec!["idea", "add", "--title", &long_title, "--problem", "p"],
            "title is 201 characters long; the limit is 200",
        ),
        (
            vec!["idea", "add", "--title", "t", "--problem", &long_text],
            "problem is 20001 characters long; the limit is 20000",
        ),
        (
            vec!["idea", "add", "--title", "t", "--problem", "p", "--solution", &long_text],
            "solution is 20001 characters long; the limit is 20000",
        ),
        (
            vec!["idea", "add", "--title", "bell\u{7}", "--problem", "p"],
            "title contains a control character (U+0007) at character 5",
        ),
        (
            vec!["idea", "add", "--title", "t", "--problem", "esc\u{1b}[31m"],
            "problem contains a control character (U+001B)",
        ),
        (vec!["idea", "edit", unknown, "--title", "x"], "no idea with id"),
        (vec!["idea", "show", unknown], "no idea with id"),
        (vec!["idea", "edit", "not-an-id", "--title", "x"], "is not an idea id"),
        (vec!["idea", "edit", &id, "--title", " "], "title must not be empty"),
        (vec!["idea", "edit", &id], "nothing to change"),
    ];
    for (args, expected) in cases {
        let line = fails(dir.path(), &args);
        assert!(line.starts_with("error: "), "{line}");
        assert!(line.contains(expected), "{args:?}: {line:?} should contain {expected:?}");
        assert_eq!(op_count(dir.path()), 1, "{args:?} wrote an op");
    }
    assert_eq!(json(dir.path(), &["idea", "show", &id, "--json"])["title"], "Existing");
}

#[test]
fn usage_errors_exit_2() {
    let dir = support::clinician_dir();
    let out = sprout(dir.path(), &["idea", "add", "--title", "no problem given"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--problem"));
}

#[test]
fn the_data_dir_can_come_from_the_environment() {
    let dir = support::clinician_dir();
    let out = Command::new(env!("CARGO_BIN_EXE_sprout"))
        .args(["idea", "add", "--title", "From env", "--problem", "p"])
        .env("SPROUT_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join(DB_FILE_NAME).exists());
    assert_eq!(op_count(dir.path()), 1);
}

#[test]
fn a_database_from_a_newer_sprout_is_refused_with_a_clear_message() {
    let dir = support::clinician_dir();
    add(dir.path(), "t", "p");
    bump_schema_version(&dir.path().join(DB_FILE_NAME));
    let line = fails(dir.path(), &["idea", "list"]);
    assert!(line.contains("newer version of Sprout"), "{line}");
}

/// Raises the schema version as a future Sprout's migration would.
fn bump_schema_version(db: &Path) {
    let store = Store::open(db).unwrap();
    let next = sprout_store::SCHEMA_VERSION + 1;
    store.connection().pragma_update(None, "user_version", next).unwrap();
}

#[test]
fn update_endpoint_can_be_provisioned() {
    let dir = support::clinician_dir();
    let none = ok(dir.path(), &["update-endpoint"]);
    assert!(none.contains("does not check for updates"), "{none}");
    ok(dir.path(), &["update-endpoint", "https://updates.example.nhs.uk/sprout.json"]);
    assert_eq!(
        ok(dir.path(), &["update-endpoint"]).trim(),
        "https://updates.example.nhs.uk/sprout.json"
    );
    let line = fails(dir.path(), &["update-endpoint", "not a url"]);
    assert!(line.contains("update endpoint must be an https:// URL"), "{line}");
    let line = fails(dir.path(), &["update-endpoint", "http://intranet/sprout.json"]);
    assert!(line.contains("https://"), "{line}");
    ok(dir.path(), &["update-endpoint", "--clear"]);
    assert!(ok(dir.path(), &["update-endpoint"]).contains("does not check"));
}

#[test]
fn a_first_run_asks_who_before_anything_is_credited() {
    let dir = tempfile::tempdir().unwrap();
    let line = fails(dir.path(), &["idea", "add", "--title", "Nobody's", "--problem", "p"]);
    assert!(line.contains("say who is using Sprout") && line.contains("sprout person start"));
    let line = fails(dir.path(), &["person", "start", "Sam\u{1b}[31m"]);
    assert!(line.contains("control characters"), "{line}");
    ok(dir.path(), &["person", "start", "Sam Ward", "--site", "Ward 7"]);
    let line = fails(dir.path(), &["person", "start", "Someone Else"]);
    assert!(line.contains("already knows who set this PC up"), "{line}");
    let id = add(dir.path(), "Sam's idea", "p");
    assert_eq!(json(dir.path(), &["idea", "show", &id, "--json"])["author"], "Sam Ward");
    assert_eq!(op_count(dir.path()), 1, "the refused idea left nothing behind");
}
