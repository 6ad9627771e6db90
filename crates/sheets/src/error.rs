use std::path::PathBuf;

use thiserror::Error;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong with a file, in words for the person who chose it.
#[derive(Debug, Error)]
pub enum Error {
    #[error("{path} is not a file Sprout reads: choose an .xlsx workbook or a .csv file")]
    UnknownFormat { path: PathBuf },
    #[error("{path} could not be read: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error("{path} has no rows: the first row must name the columns")]
    Empty { path: PathBuf },
    #[error("the spreadsheet could not be written: {0}")]
    Write(String),
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
