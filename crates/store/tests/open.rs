#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use common::{NOV_2026, TestClock, add};
use rusqlite::Connection;
use sprout_store::{DB_FILE_NAME, Error, SCHEMA_VERSION, Store};

#[test]
fn a_new_database_is_created_migrated_and_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/folder").join(DB_FILE_NAME);
    let store = Store::open(&path).unwrap();
    let conn = store.connection();
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
    assert_eq!(fk, 1);
    let timeout: i64 = conn.pragma_query_value(None, "busy_timeout", |r| r.get(0)).unwrap();
    assert!(timeout >= 1000, "busy timeout is {timeout} ms");
}

#[test]
fn the_actor_id_is_stable_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    let first = Store::open(&path).unwrap().actor();
    let second = Store::open(&path).unwrap().actor();
    assert_eq!(first, second);
}

#[test]
fn a_database_from_a_newer_sprout_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    {
        let mut store = Store::open(&path).unwrap();
        add(&mut store, "Written by the future", "p");
    }
    {
        // Simulate a later Sprout that added a migration, then checkpoint so the whole
        // database is in the main file.
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();

    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, Error::TooNew { found, known, .. } if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION)
    );
    let message = err.to_string();
    assert!(message.contains("newer version of Sprout"), "{message}");
    assert!(message.contains("has not been changed"), "{message}");

    assert_eq!(std::fs::read(&path).unwrap(), before, "database bytes changed");
    let wal = dir.path().join(format!("{DB_FILE_NAME}-wal"));
    assert!(!wal.exists(), "opening the newer database created a WAL file");
}

#[test]
fn a_file_that_is_not_a_database_gets_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    std::fs::write(&path, b"this is a spreadsheet, not a database").unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(err.to_string().contains("could not open the database"), "{err}");
}

#[test]
fn the_clock_is_persisted_so_a_clock_set_back_cannot_reorder_ops() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    let clock = TestClock::at(NOV_2026);
    let first = {
        let mut store = Store::open_with_clock(&path, Box::new(clock.clone())).unwrap();
        add(&mut store, "First", "p");
        store.ops().unwrap()[0].hlc
    };
    // The PC's clock is wound back a day and the app restarted.
    clock.set(NOV_2026 - 86_400_000);
    let mut store = Store::open_with_clock(&path, Box::new(clock)).unwrap();
    add(&mut store, "Second", "p");
    let ops = store.ops().unwrap();
    assert!(ops[1].hlc > first, "{:?} should follow {:?}", ops[1].hlc, first);
}
