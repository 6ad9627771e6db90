use std::path::PathBuf;

use crate::error::{AppError, ErrorCode};

/// Overrides the platform data folder, for IT admins and tests.
pub const DATA_DIR_ENV: &str = "SPROUT_DATA_DIR";

/// Where Sprout keeps its data: `explicit` (the CLI's `--data-dir`), else `SPROUT_DATA_DIR`,
/// else the platform's per-user data folder. The desktop app and the CLI share this rule, so
/// both open the same database by default.
pub fn resolve_data_dir(explicit: Option<PathBuf>) -> Result<PathBuf, AppError> {
    if let Some(dir) = explicit.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "Sprout")
        .map(|dirs| dirs.data_dir().to_owned())
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::DataDir,
                format!("cannot find a home folder for Sprout's data; set {DATA_DIR_ENV}"),
            )
        })
}
