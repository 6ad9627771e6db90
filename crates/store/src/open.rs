//! Opening the database file: refuse what we do not understand, then configure and migrate.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::error::{Error, Result};

pub const DB_FILE_NAME: &str = "sprout.db";

/// Each file is one migration, applied in order; never edit one that has shipped.
const MIGRATION_SQL: &[&str] = &[
    include_str!("../migrations/0001_ideas.sql"),
    include_str!("../migrations/0002_field_versions.sql"),
    include_str!("../migrations/0003_hub.sql"),
    include_str!("../migrations/0004_pushed_ops.sql"),
];

/// Migrations after which the projections are rebuilt from the op log, because they
/// changed how ops are projected (1-based, as SQLite's `user_version`).
const REBUILD_AFTER: &[usize] = &[2];

/// The schema version this build writes (SQLite's `user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATION_SQL.len() as i64;

/// How long a writer waits for another process (the CLI beside the app) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) fn open_file(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|source| Error::DataDir { path: dir.to_owned(), source })?;
    }
    let conn =
        Connection::open(path).map_err(|source| Error::Open { path: path.to_owned(), source })?;
    // Checked before any pragma or migration so a newer database is left byte-for-byte as it was.
    let found =
        schema_version(&conn).map_err(|source| Error::Open { path: path.to_owned(), source })?;
    if found > SCHEMA_VERSION {
        return Err(Error::TooNew { path: path.to_owned(), found, known: SCHEMA_VERSION });
    }
    configure(conn, true)
}

pub(crate) fn open_memory() -> Result<Connection> {
    configure(Connection::open_in_memory()?, false)
}

fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

fn configure(mut conn: Connection, on_disk: bool) -> Result<Connection> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if on_disk {
        // WAL lets the app read while the CLI writes. `FULL` because a power cut on a ward
        // PC must not roll back an idea a clinician was told was saved.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        debug_assert_eq!(mode, "wal");
        conn.pragma_update(None, "synchronous", "FULL")?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrations().to_latest(&mut conn)?;
    Ok(conn)
}

fn migrations() -> Migrations<'static> {
    Migrations::new(
        MIGRATION_SQL
            .iter()
            .enumerate()
            .map(|(i, sql)| {
                if REBUILD_AFTER.contains(&(i + 1)) {
                    M::up_with_hook(sql, |tx: &rusqlite::Transaction<'_>| {
                        crate::projection::rebuild(tx).map_err(|e| {
                            rusqlite_migration::HookError::Hook(format!(
                                "rebuilding projections: {e}"
                            ))
                        })
                    })
                } else {
                    M::up(sql)
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().expect("migrations validate");
    }
}
