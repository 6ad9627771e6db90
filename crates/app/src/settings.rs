//! Per-installation settings an IT admin provisions (with the CLI) or the app reads.

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

/// Overrides the stored update endpoint, e.g. from a group policy environment variable.
pub const UPDATE_ENDPOINT_ENV: &str = "SPROUT_UPDATE_ENDPOINT";

const UPDATE_ENDPOINT_KEY: &str = "update_endpoint";

impl Sprout {
    /// Where this installation looks for updates, if anywhere. `None` means updates are
    /// not checked at all: the default, so no PC calls out until a trust says where to.
    pub fn update_endpoint(&self) -> Result<Option<String>, AppError> {
        if let Some(url) = std::env::var(UPDATE_ENDPOINT_ENV).ok().filter(|u| !u.trim().is_empty())
        {
            return Ok(Some(url.trim().to_owned()));
        }
        Ok(self.store()?.setting(UPDATE_ENDPOINT_KEY)?)
    }

    /// Sets (or with `None`, clears) this installation's update endpoint.
    pub fn set_update_endpoint(&self, url: Option<&str>) -> Result<(), AppError> {
        let url = url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(u) = url {
            // The updater refuses plain http in release builds; say so now, not silently later.
            if !u.starts_with("https://") || u.chars().any(char::is_whitespace) {
                return Err(AppError::new(
                    ErrorCode::InvalidSetting,
                    format!("update endpoint must be an https:// URL without spaces, got {u:?}"),
                ));
            }
        }
        Ok(self.store()?.set_setting(UPDATE_ENDPOINT_KEY, url)?)
    }
}
