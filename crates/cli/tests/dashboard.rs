//! `sprout dashboard` through the real binary: every figure's query, given to `sprout idea
//! list --query`, lists exactly the figure's count; bad dates and queries are one line.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use serde_json::Value;
use support::{error_line, json, ok};

mod support;

/// Every figure of the dashboard that carries a query: (where it is, count, query).
fn figures(board: &Value) -> Vec<(String, u64, Value)> {
    let mut out = Vec::new();
    let mut walk = |path: String, v: &Value| {
        let mut stack = vec![(path, v.clone())];
        while let Some((path, v)) = stack.pop() {
            match &v {
                Value::Object(map) if map.contains_key("count") && map.contains_key("query") => {
                    out.extend(
                        (!map["query"].is_null())
                            .then(|| (path, map["count"].as_u64().unwrap(), map["query"].clone())),
                    );
                }
                Value::Object(map) => {
                    stack.extend(map.iter().map(|(k, v)| (format!("{path}.{k}"), v.clone())));
                }
                Value::Array(items) => stack.extend(
                    items.iter().enumerate().map(|(i, v)| (format!("{path}[{i}]"), v.clone())),
                ),
                _ => {}
            }
        }
    };
    walk(String::new(), board);
    out
}

#[test]
fn every_figure_lists_exactly_its_count_and_bad_input_is_one_line() {
    let dir = support::lead_dir();
    let d = dir.path();
    support::small_pipeline(
        d,
        &[("Bed sensors", "Royal"), ("Discharge app", "General"), ("Rota swap", "Royal")],
    );

    let board = json(d, &["dashboard", "--json"]);
    let found = figures(&board);
    assert!(found.len() > 20, "{}", found.len());
    for (path, count, query) in &found {
        let listed = json(d, &["idea", "list", "--query", &query.to_string(), "--json"]);
        assert_eq!(listed.as_array().unwrap().len() as u64, *count, "{path}: {query}");
    }
    let entered = |stage: &str| {
        board["funnel"].as_array().unwrap().iter().find(|s| s["stage"] == stage).unwrap()["entered"]
            ["count"]
            .clone()
    };
    assert_eq!(entered("submitted"), 3);
    assert_eq!(entered("triage"), 2);
    assert_eq!(entered("refine"), 1);
    let royal = json(d, &["dashboard", "--site", "Royal", "--json"]);
    assert_eq!(royal["funnel"][0]["entered"]["count"], 2);

    let line = error_line(d, &["dashboard", "--from", "01/04/2026"]);
    assert!(line.contains("from must be a date written YYYY-MM-DD"), "{line}");
    let line = error_line(d, &["dashboard", "--from", "2026-12-01", "--to", "2026-11-01"]);
    assert!(line.contains("from must not be after to"), "{line}");
    // The hub's waiting target: 14 days until an admin sets another.
    assert_eq!(ok(d, &["waiting-target"]).trim(), "14 days");
    assert_eq!(ok(d, &["waiting-target", "30"]).trim(), "30 days");
    assert_eq!(json(d, &["dashboard", "--json"])["waiting_target_days"], 30);
    let line = error_line(d, &["waiting-target", "400"]);
    assert!(line.contains("from 1 to 365"), "{line}");
    assert_eq!(ok(d, &["waiting-target"]).trim(), "30 days", "nothing written");
    let line = error_line(d, &["idea", "list", "--query", "{\"stage\": \"nowhere\"}"]);
    assert!(line.contains("query is not an Ideas query"), "{line}");
}
