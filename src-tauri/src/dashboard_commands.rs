//! The dashboard command: a one-line adapter over `sprout-app`'s dashboard.

use sprout_app::AppError;
use tauri::State;

use crate::Backend;

/// The dashboard for a period and site.
#[tauri::command]
#[specta::specta]
pub async fn dashboard(
    backend: State<'_, Backend>,
    query: sprout_app::DashboardQuery,
) -> Result<sprout_app::Dashboard, AppError> {
    backend.sprout()?.dashboard(&query)
}
