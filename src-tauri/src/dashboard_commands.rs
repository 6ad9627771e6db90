//! The dashboard and board pack commands: one-line adapters over `sprout-app`'s dashboard
//! and `sprout-report`'s board pack.

use sprout_app::AppError;
use tauri::State;

use crate::Backend;

/// How many days an idea may wait in Submitted or Triage before it counts as waiting.
#[tauri::command]
#[specta::specta]
pub async fn waiting_target(backend: State<'_, Backend>) -> Result<u32, AppError> {
    backend.sprout()?.waiting_target()
}

/// Sets the hub's waiting target (admins); returns it.
#[tauri::command]
#[specta::specta]
pub async fn set_waiting_target(backend: State<'_, Backend>, days: u32) -> Result<u32, AppError> {
    let sprout = backend.sprout()?;
    sprout.set_waiting_target(days)?;
    sprout.waiting_target()
}

/// The dashboard for a period and site.
#[tauri::command]
#[specta::specta]
pub async fn dashboard(
    backend: State<'_, Backend>,
    query: sprout_app::DashboardQuery,
) -> Result<sprout_app::Dashboard, AppError> {
    backend.sprout()?.dashboard(&query)
}

/// Makes the board pack for a period and site and saves it into the person's Downloads.
#[tauri::command]
#[specta::specta]
pub async fn board_pack(
    backend: State<'_, Backend>,
    request: sprout_report::BoardRequest,
) -> Result<sprout_report::BoardPackSaved, AppError> {
    sprout_report::save_board_pack(backend.sprout()?, &request, None)
}
