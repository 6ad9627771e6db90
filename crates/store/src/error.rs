use std::path::PathBuf;

use sprout_core::IdeaId;
use thiserror::Error;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Error)]
pub enum Error {
    #[error(
        "the database {path} was written by a newer version of Sprout (schema version {found}; \
         this version understands up to {known}). It has not been changed. Install the newer \
         Sprout to open it."
    )]
    TooNew { path: PathBuf, found: i64, known: i64 },
    #[error("could not open the database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("could not create the data folder {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("could not upgrade the database: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("no idea with id {0}")]
    IdeaNotFound(IdeaId),
    #[error("{0} is not a person on this PC")]
    NotLocalPerson(sprout_core::ActorId),
    #[error("idea {0} is not merged into another")]
    NotMerged(IdeaId),
    #[error("idea {idea} has no tag {tag:?}")]
    TagNotFound { idea: IdeaId, tag: String },
    #[error("the op log holds an op that cannot be read (seq {seq}): {reason}")]
    CorruptOp { seq: i64, reason: String },
    /// The admission gate refused the op: nothing was written.
    #[error("{0}")]
    Refused(sprout_core::Refusal),
    #[error("op {op} cannot be applied: {reason}")]
    InvalidOp { op: String, reason: String },
    #[error("the database's {key} record cannot be read: {reason}")]
    CorruptMeta { key: &'static str, reason: String },
    #[error("could not encode an op: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// What kind of trouble the disk under the database is in, for a message a person can act
/// on instead of an SQLite code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiskTrouble {
    Full,
    NotWritable,
}

impl Error {
    pub fn disk_trouble(&self) -> Option<DiskTrouble> {
        use rusqlite::ErrorCode as C;
        let source = match self {
            Error::Sqlite(e) | Error::Open { source: e, .. } => e,
            Error::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => err,
            _ => return None,
        };
        match source.sqlite_error_code()? {
            C::DiskFull => Some(DiskTrouble::Full),
            C::ReadOnly | C::PermissionDenied | C::CannotOpen => Some(DiskTrouble::NotWritable),
            _ => None,
        }
    }
}
