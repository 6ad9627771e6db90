//! The spreadsheet commands: one-line adapters over `sprout-app`'s import and export.
//! The window reads the file the person chose and sends it as base64; nothing of it is
//! kept once the command returns.

use sprout_app::{
    AppError, ExportDone, ExportFormat, ExportWhat, IdeaQuery, ImportMapping, ImportProgress,
    ImportReport, ImportSheet, SheetSource, sheet_bytes,
};
use tauri::State;

use crate::Backend;

/// A sheet's header with the mapping Sprout suggests (or the saved one named).
#[tauri::command]
#[specta::specta]
pub async fn read_import_sheet(
    backend: State<'_, Backend>,
    name: String,
    content_base64: String,
    mapping: Option<String>,
) -> Result<ImportSheet, AppError> {
    let bytes = sheet_bytes(&name, &content_base64)?;
    backend
        .sprout()?
        .import_sheet(SheetSource::Bytes { name: &name, bytes: &bytes }, mapping.as_deref())
}

/// Imports the sheet through the mapping, or with `dry_run` says what it would do.
#[tauri::command]
#[specta::specta]
pub async fn import_ideas(
    backend: State<'_, Backend>,
    name: String,
    content_base64: String,
    mapping: ImportMapping,
    dry_run: bool,
) -> Result<ImportReport, AppError> {
    let bytes = sheet_bytes(&name, &content_base64)?;
    backend.sprout()?.import_ideas(
        SheetSource::Bytes { name: &name, bytes: &bytes },
        &mapping,
        dry_run,
    )
}

/// How far the import under way has got.
#[tauri::command]
#[specta::specta]
pub async fn import_progress(backend: State<'_, Backend>) -> Result<ImportProgress, AppError> {
    Ok(backend.sprout()?.import_progress())
}

/// Stops the import under way after the batch it is writing.
#[tauri::command]
#[specta::specta]
pub async fn cancel_import(backend: State<'_, Backend>) -> Result<(), AppError> {
    backend.sprout()?.cancel_import();
    Ok(())
}

/// Saves a column mapping on this PC under its name.
#[tauri::command]
#[specta::specta]
pub async fn save_import_mapping(
    backend: State<'_, Backend>,
    mapping: ImportMapping,
) -> Result<(), AppError> {
    backend.sprout()?.save_import_mapping(&mapping)
}

/// Exports what the person is looking at, or everything, into their Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_sheet(
    backend: State<'_, Backend>,
    query: IdeaQuery,
    what: ExportWhat,
    format: ExportFormat,
) -> Result<ExportDone, AppError> {
    backend.sprout()?.export_to_downloads(&query, what, format)
}
