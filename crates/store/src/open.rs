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
    include_str!("../migrations/0005_idea_conflicts.sql"),
    include_str!("../migrations/0006_tags_comments_reviews.sql"),
    include_str!("../migrations/0007_gate_decisions.sql"),
    include_str!("../migrations/0008_idea_place_and_people.sql"),
    include_str!("../migrations/0009_drafts.sql"),
    include_str!("../migrations/0010_support.sql"),
    include_str!("../migrations/0011_scoring.sql"),
    include_str!("../migrations/0012_merges.sql"),
    include_str!("../migrations/0013_hub_settings.sql"),
    include_str!("../migrations/0014_people.sql"),
    include_str!("../migrations/0015_admission.sql"),
    include_str!("../migrations/0016_idea_stage.sql"),
    include_str!("../migrations/0017_idea_submitter.sql"),
    include_str!("../migrations/0018_idea_listed.sql"),
    include_str!("../migrations/0019_idea_score.sql"),
    include_str!("../migrations/0020_poc.sql"),
    include_str!("../migrations/0021_blobs.sql"),
    include_str!("../migrations/0022_imports.sql"),
    include_str!("../migrations/0023_idea_counts.sql"),
    include_str!("../migrations/0024_trust.sql"),
    include_str!("../migrations/0025_partners.sql"),
    include_str!("../migrations/0026_benefits.sql"),
    include_str!("../migrations/0027_dashboard.sql"),
];

/// Migrations that change how ops are projected (1-based, as SQLite's `user_version`).
/// A database upgraded across any of them has its projections rebuilt from the op log,
/// once, after the last migration, with the projection code of this build.
const REBUILD_AFTER: &[i64] = &[2, 5, 6, 19, 27];

/// The schema version this build writes (SQLite's `user_version`).
pub const SCHEMA_VERSION: i64 = MIGRATION_SQL.len() as i64;

/// How long a writer waits for another process (the CLI beside the app) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub(crate) fn open_file(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir)
            .map_err(|source| Error::DataDir { path: dir.to_owned(), source })?;
    }
    create_private_file(path).map_err(|source| Error::DataDir { path: path.to_owned(), source })?;
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

/// Creates a folder (and its parents) readable by its owner alone, whatever the umask: a
/// ward PC's other Windows or Linux users have no business in Sprout's data.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Creates an empty database file readable by its owner alone, if there is none. SQLite
/// gives its WAL and shared-memory files the database file's permissions.
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

pub(crate) fn open_memory() -> Result<Connection> {
    configure(Connection::open_in_memory()?, false)
}

fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.pragma_query_value(None, "user_version", |row| row.get(0))
}

/// How much of the database reads may map: more than a region's hub needs.
const MMAP_BYTES: i64 = 1 << 30;

fn configure(mut conn: Connection, on_disk: bool) -> Result<Connection> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    // One write runs a few dozen distinct statements (the op log, projections, the gate's
    // lookups); rusqlite keeps 16 by default, so each write compiled most of them afresh.
    conn.set_prepared_statement_cache_capacity(128);
    if on_disk {
        // WAL lets the app read while the CLI writes. `FULL` because a power cut on a ward
        // PC must not roll back an idea a clinician was told was saved.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        debug_assert_eq!(mode, "wal");
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Reads map the file instead of copying each page into SQLite's own 2 MiB cache,
        // which at 100 000 ideas was a third of a full-text query's time.
        conn.pragma_update(None, "mmap_size", MMAP_BYTES)?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let before = schema_version(&conn)?;
    migrations().to_latest(&mut conn)?;
    if before > 0 && REBUILD_AFTER.iter().any(|v| *v > before) {
        let tx = conn.transaction()?;
        crate::projection::rebuild(&tx)?;
        tx.commit()?;
    }
    Ok(conn)
}

fn migrations() -> Migrations<'static> {
    Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        migrations().validate().expect("migrations validate");
    }
}
