//! Tags, deletes and comments through the real `sprout` binary.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;

use sprout_store::{DB_FILE_NAME, Store};
use support::{error_line as fails, json, ok};

mod support;

fn op_count(dir: &Path) -> u64 {
    Store::open(&dir.join(DB_FILE_NAME)).unwrap().op_count().unwrap()
}

fn add(dir: &Path, title: &str) -> String {
    ok(dir, &["idea", "add", "--title", title, "--problem", "p"]).trim().to_owned()
}

#[test]
fn tags_are_added_in_lower_case_once_and_removed() {
    let dir = support::lead_dir();
    let id = add(dir.path(), "Night falls");
    assert_eq!(
        ok(dir.path(), &["idea", "tag", &id, "Falls", " night  shift "]),
        "falls, night shift\n"
    );
    let ops = op_count(dir.path());
    assert_eq!(ok(dir.path(), &["idea", "tag", &id, "FALLS"]), "falls, night shift\n");
    assert_eq!(op_count(dir.path()), ops, "a tag the idea has is not added twice");
    assert_eq!(json(dir.path(), &["idea", "show", &id, "--json"])["tags"][1], "night shift");
    assert_eq!(ok(dir.path(), &["idea", "untag", &id, "night shift"]), "falls\n");
    assert_eq!(ok(dir.path(), &["idea", "untag", &id, "falls"]), "no tags\n");
    assert!(ok(dir.path(), &["idea", "show", &id]).lines().all(|l| !l.starts_with("tags:")));
}

#[test]
fn a_deleted_idea_leaves_lists_and_search_but_not_the_log() {
    let dir = support::lead_dir();
    let keep = add(dir.path(), "Hand gel by every bed");
    let gone = add(dir.path(), "Hand towels");
    let out = ok(dir.path(), &["idea", "delete", &gone]);
    assert!(out.contains("history stays"), "{out}");
    let list = json(dir.path(), &["idea", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], keep.as_str());
    assert_eq!(
        json(dir.path(), &["idea", "search", "hand", "--json"]).as_array().unwrap().len(),
        1
    );
    assert!(fails(dir.path(), &["idea", "show", &gone]).contains("no idea with id"));
    assert!(
        fails(dir.path(), &["idea", "edit", &gone, "--title", "x"]).contains("no idea with id")
    );
    assert_eq!(op_count(dir.path()), 3);
}

#[test]
fn comments_are_listed_oldest_first_with_their_author() {
    let dir = support::lead_dir();
    let id = add(dir.path(), "Falls");
    let first = ok(dir.path(), &["idea", "comment", &id, "+1, ward 9 too"]);
    ok(dir.path(), &["idea", "comment", &id, "We tried sensors\r\nin 2024"]);
    let comments = json(dir.path(), &["idea", "comments", &id, "--json"]);
    let comments = comments.as_array().unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0]["id"], first.trim());
    assert_eq!(comments[1]["text"], "We tried sensors\nin 2024");
    assert!(comments[0]["by"].as_str().unwrap().len() == 36);
    let text = ok(dir.path(), &["idea", "comments", &id]);
    assert!(text.contains("  +1, ward 9 too"), "{text}");
    let empty = add(dir.path(), "Quiet");
    assert_eq!(ok(dir.path(), &["idea", "comments", &empty]), "No comments yet.\n");
}

#[test]
fn bad_tags_and_comments_fail_with_one_line_and_write_nothing() {
    let dir = support::lead_dir();
    let id = add(dir.path(), "Existing");
    ok(dir.path(), &["idea", "tag", &id, "falls"]);
    let unknown = "019a0c3e-8f1b-7c2d-9e4f-0a1b2c3d4e5f";
    let long_tag = "t".repeat(41);
    let long_text = "x".repeat(20_001);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["idea", "tag", &id, &long_tag], "tag is 41 characters long; the limit is 40"),
        (vec!["idea", "tag", &id, " "], "tag must not be empty"),
        (vec!["idea", "tag", &id, "two\nlines"], "tag must be a single line"),
        (vec!["idea", "tag", unknown, "falls"], "no idea with id"),
        (vec!["idea", "untag", &id, "sepsis"], "has no tag \"sepsis\""),
        (vec!["idea", "comment", &id, ""], "comment must not be empty"),
        (vec!["idea", "comment", &id, &long_text], "comment is 20001 characters long"),
        (vec!["idea", "comment", &id, "bell\u{7}"], "comment contains a control character"),
        (vec!["idea", "comment", unknown, "hello"], "no idea with id"),
        (vec!["idea", "delete", "not-an-id"], "is not an idea id"),
    ];
    for (args, expected) in cases {
        let line = fails(dir.path(), &args);
        assert!(line.contains(expected), "{args:?}: {line:?} should contain {expected:?}");
        assert_eq!(op_count(dir.path()), 2, "{args:?} wrote an op");
    }
}

#[test]
fn similar_ideas_are_found_through_different_wording_and_can_be_supported() {
    let dir = support::lead_dir();
    let d = dir.path();
    let falls = ok(
        d,
        &[
            "idea",
            "add",
            "--title",
            "Bed-exit sensors for night-time falls",
            "--problem",
            "Patients fall at night when the bay is unobserved",
        ],
    );
    ok(
        d,
        &[
            "idea",
            "add",
            "--title",
            "Discharge letters in plain English",
            "--problem",
            "Letters are full of jargon",
        ],
    );
    ok(
        d,
        &[
            "idea",
            "add",
            "--title",
            "Hand gel at every bedside",
            "--problem",
            "Dispensers empty by noon",
        ],
    );

    let found = json(
        d,
        &[
            "idea",
            "similar",
            "--title",
            "Nocturnal falls",
            "--problem",
            "People falling in unobserved bays overnight",
            "--json",
        ],
    );
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["idea"]["id"], falls.trim());
    assert!(found[0]["likeness"].as_f64().unwrap() > 0.2);
    assert_eq!(
        ok(d, &["idea", "similar", "--title", "Car parking for night staff"]),
        "No similar ideas: this looks new.\n"
    );

    assert!(
        ok(d, &["idea", "support", falls.trim(), "Ward 9 sees this too"])
            .starts_with("1 person supports")
    );
    assert!(
        ok(d, &["idea", "support", falls.trim()]).starts_with("1 person supports"),
        "once per person"
    );
    let comments = json(d, &["idea", "comments", falls.trim(), "--json"]);
    assert_eq!(comments[0]["support"], true);
    assert_eq!(comments[1]["text"], "+1, I see this too");
    assert!(
        fails(d, &["idea", "support", falls.trim(), "NHS 943 476 5919"])
            .contains("patient details")
    );
}

#[test]
fn a_sites_board_lists_only_the_ideas_seen_there() {
    let dir = support::lead_dir();
    let d = dir.path();
    for (title, site) in
        [("Falls at night", "St Mary's"), ("Bleep storm", "Royal"), ("Late letters", "St Mary's")]
    {
        ok(d, &["idea", "add", "--title", title, "--problem", "p", "--site", site]);
    }
    let board = json(d, &["idea", "list", "--site", "St Mary's", "--json"]);
    let titles: Vec<&str> =
        board.as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["Late letters", "Falls at night"]);
    assert!(
        json(d, &["idea", "list", "--site", "Nowhere", "--json"]).as_array().unwrap().is_empty()
    );
}
