//! The projections are derived data: replaying the op log must reproduce them exactly.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use common::{NOV_2026, TestClock, add, comment, decide, delete, edit, review, tag, untag};
use rusqlite::Connection;
use rusqlite::types::Value;
use sprout_core::{IdeaPatch, OpPayload};
use sprout_store::{DB_FILE_NAME, Store};

fn dump(conn: &Connection, table: &str) -> Vec<Vec<Value>> {
    // Ordered by every column: some FTS5 shadow tables are WITHOUT ROWID.
    let n = conn.prepare(&format!("SELECT * FROM {table}")).unwrap().column_count();
    let order: Vec<String> = (1..=n).map(|i| i.to_string()).collect();
    let sql = format!("SELECT * FROM {table} ORDER BY {}", order.join(", "));
    let mut stmt = conn.prepare(&sql).unwrap();
    stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every projection table, including FTS5's shadow tables (the index itself): every table
/// but the op log, device-local facts and sync bookkeeping, so a new projection table is
/// covered the day it is added.
fn projection_tables(conn: &Connection) -> Vec<String> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('ops', 'meta', 'drafts', 'people', 'ideas_fts')
             AND name NOT LIKE 'hub\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )
        .unwrap();
    let tables: Vec<String> =
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap();
    for expected in ["ideas", "ideas_fts_data", "idea_tag_removes", "idea_reviews"] {
        assert!(tables.iter().any(|t| t == expected), "{expected} missing from {tables:?}");
    }
    tables
}

fn populate(store: &mut Store, clock: &TestClock) {
    let mut ids = Vec::new();
    for i in 0..60 {
        ids.push(add(store, &format!("Idea {i} about falls"), &format!("Problem text {i}")));
        clock.advance(500);
    }
    for (n, id) in ids.iter().enumerate().filter(|(n, _)| n % 3 == 0) {
        let patch = IdeaPatch {
            title: (n % 2 == 0).then(|| format!("Edited title {n}")),
            solution: Some(format!("Solution {n}")),
            ..Default::default()
        };
        edit(store, *id, &patch).unwrap();
        clock.advance(250);
    }
    for (n, id) in ids.iter().enumerate().filter(|(n, _)| n % 4 == 0) {
        tag(store, *id, "Falls").unwrap();
        tag(store, *id, &format!("ward {}", n % 3)).unwrap();
        comment(store, *id, &format!("+1 from ward {n}")).unwrap();
        review(store, *id, Some(3)).unwrap();
        decide(store, *id, sprout_core::Decision::Go).unwrap();
        clock.advance(100);
        if n % 8 == 0 {
            untag(store, *id, "falls").unwrap();
            review(store, *id, None).unwrap();
        }
    }
    for id in ids.iter().step_by(10) {
        delete(store, *id).unwrap();
    }
}

#[test]
fn rebuilding_in_place_gives_identical_tables() {
    let clock = TestClock::at(NOV_2026);
    let dir = tempfile::tempdir().unwrap();
    let mut store =
        Store::open_with_clock(&dir.path().join(DB_FILE_NAME), Box::new(clock.clone())).unwrap();
    populate(&mut store, &clock);
    let before = dump(store.connection(), "ideas");
    let search_before = store.search_ideas("falls").unwrap();

    store.rebuild_projections().unwrap();

    assert_eq!(dump(store.connection(), "ideas"), before);
    assert_eq!(store.search_ideas("falls").unwrap(), search_before);
    store
        .connection()
        .execute("INSERT INTO ideas_fts (ideas_fts) VALUES ('integrity-check')", [])
        .expect("FTS index matches its content");
}

#[test]
fn replaying_the_op_log_into_a_new_database_gives_byte_identical_projections() {
    let clock = TestClock::at(NOV_2026);
    let dir = tempfile::tempdir().unwrap();
    let mut live =
        Store::open_with_clock(&dir.path().join("live.db"), Box::new(clock.clone())).unwrap();
    populate(&mut live, &clock);

    let mut replica =
        Store::open_with_clock(&dir.path().join("replica.db"), Box::new(clock)).unwrap();
    let conn = replica.connection();
    for op in live.ops().unwrap() {
        conn.execute(
            "INSERT INTO ops (id, hlc, actor, entity_kind, entity_id, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![
                op.id.0.to_string(),
                op.hlc.as_u64() as i64,
                op.actor.to_string(),
                op.entity_kind().as_str(),
                op.entity_id.to_string(),
                serde_json::to_string(&op.payload).unwrap(),
            ],
        )
        .unwrap();
    }
    replica.rebuild_projections().unwrap();

    for table in projection_tables(live.connection()) {
        assert_eq!(
            dump(replica.connection(), &table),
            dump(live.connection(), &table),
            "{table} differs after replay"
        );
    }
    assert!(matches!(replica.ops().unwrap()[0].payload, OpPayload::IdeaCreated(_)));
}
