use std::path::{Path, PathBuf};

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

/// The person's Downloads folder, where files they ask for are saved: the desktop's own
/// (Windows' known folder, or XDG's user-dirs on Linux), else `Downloads` in their home
/// folder, made if it is missing (a Linux desktop without user-dirs set up).
pub(crate) fn downloads() -> Result<PathBuf, AppError> {
    if let Some(dir) =
        directories::UserDirs::new().and_then(|d| d.download_dir().map(Path::to_owned))
    {
        return Ok(dir);
    }
    let home = directories::BaseDirs::new()
        .map(|d| d.home_dir().join("Downloads"))
        .ok_or_else(|| AppError::new(ErrorCode::DataDir, "this PC has no Downloads folder"))?;
    std::fs::create_dir_all(&home).map_err(|e| {
        AppError::new(ErrorCode::DataNotWritable, format!("cannot make {}: {e}", home.display()))
    })?;
    Ok(home)
}
