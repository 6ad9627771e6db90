//! Text the CLI reads from a file or standard input, bounded: `rubric --publish /dev/zero`
//! or a runaway pipe gets a clear message instead of filling memory.

use std::io::Read;
use std::path::Path;

use sprout_app::{AppError, ErrorCode};

/// Standard input for `pid-check`: a large export is fine, a runaway pipe is not.
pub const STDIN_LIMIT: u64 = 32 * 1024 * 1024;
/// A rubric is a few criteria; a megabyte is already far beyond one.
pub const FILE_LIMIT: u64 = 1024 * 1024;

/// All of standard input as text, at most [`STDIN_LIMIT`] bytes.
pub fn stdin() -> Result<String, AppError> {
    read(std::io::stdin().lock(), STDIN_LIMIT, "standard input")
}

/// A file's text, at most `limit` bytes.
pub fn file(path: &Path, limit: u64) -> Result<String, AppError> {
    let opened = std::fs::File::open(path).map_err(|e| {
        AppError::new(ErrorCode::InvalidSetting, format!("cannot read {}: {e}", path.display()))
    })?;
    read(opened, limit, &path.display().to_string())
}

fn read(source: impl Read, limit: u64, what: &str) -> Result<String, AppError> {
    let mut bytes = Vec::new();
    source.take(limit + 1).read_to_end(&mut bytes).map_err(|e| {
        AppError::new(ErrorCode::InvalidSetting, format!("cannot read {what}: {e}"))
    })?;
    if bytes.len() as u64 > limit {
        return Err(AppError::new(
            ErrorCode::TooLong,
            format!("{what} is larger than {} MB, more than Sprout reads at once", limit >> 20),
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| AppError::new(ErrorCode::InvalidSetting, format!("{what} is not UTF-8 text")))
}
