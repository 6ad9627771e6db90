//! The benefits commands: one-line adapters over `sprout-app`'s benefits register.

use sprout_app::{
    AppError, BenefitEntryKind, BenefitInput, BenefitList, BenefitQuery, BenefitState,
    BenefitSummary, BenefitView, BenefitsExported, ExportFormat, IdeaId, ReviewDue,
};
use tauri::State;

use crate::Backend;

/// An idea's benefits, each in full.
#[tauri::command]
#[specta::specta]
pub async fn idea_benefits(
    backend: State<'_, Backend>,
    idea: IdeaId,
) -> Result<Vec<BenefitView>, AppError> {
    backend.sprout()?.idea_benefits(idea)
}

/// One benefit.
#[tauri::command]
#[specta::specta]
pub async fn benefit(backend: State<'_, Backend>, id: String) -> Result<BenefitView, AppError> {
    backend.sprout()?.benefit(&id)
}

/// Records a benefit of an idea; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn add_benefit(
    backend: State<'_, Backend>,
    idea: IdeaId,
    input: BenefitInput,
) -> Result<String, AppError> {
    backend.sprout()?.add_benefit(idea, &input)
}

/// Promotes a POC metric to a benefit, keeping its baseline and actuals; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn promote_metric(
    backend: State<'_, Backend>,
    idea: IdeaId,
    metric: String,
    input: BenefitInput,
) -> Result<String, AppError> {
    backend.sprout()?.promote_metric(idea, &metric, &input)
}

/// Changes a benefit's fields.
#[tauri::command]
#[specta::specta]
pub async fn edit_benefit(
    backend: State<'_, Backend>,
    id: String,
    input: BenefitInput,
) -> Result<BenefitView, AppError> {
    backend.sprout()?.edit_benefit(&id, &input)
}

/// Moves a benefit to its next state (or not realised or withdrawn).
#[tauri::command]
#[specta::specta]
pub async fn move_benefit(
    backend: State<'_, Backend>,
    id: String,
    to: BenefitState,
    rationale: String,
    finance: Option<String>,
) -> Result<BenefitView, AppError> {
    backend.sprout()?.move_benefit(&id, to, &rationale, finance.as_deref())
}

/// Records a forecast or an actual for a quarter at a site.
#[tauri::command]
#[specta::specta]
pub async fn record_benefit_value(
    backend: State<'_, Backend>,
    id: String,
    kind: BenefitEntryKind,
    quarter: String,
    value: String,
    site: Option<String>,
) -> Result<BenefitView, AppError> {
    backend.sprout()?.record_benefit_value(&id, kind, &quarter, &value, site.as_deref())
}

/// Records a review after go-live held, or moves its due date (`held` false).
#[tauri::command]
#[specta::specta]
pub async fn record_benefit_review(
    backend: State<'_, Backend>,
    id: String,
    months: String,
    site: String,
    date: String,
    note: String,
    held: bool,
) -> Result<BenefitView, AppError> {
    backend.sprout()?.record_benefit_review(&id, &months, &site, &date, &note, held)
}

/// A page of the register.
#[tauri::command]
#[specta::specta]
pub async fn list_benefits(
    backend: State<'_, Backend>,
    query: BenefitQuery,
) -> Result<BenefitList, AppError> {
    backend.sprout()?.benefits(&query)
}

/// The roll-up, for the hub or one site, every year or one.
#[tauri::command]
#[specta::specta]
pub async fn benefits_summary(
    backend: State<'_, Backend>,
    year: Option<String>,
    site: Option<String>,
) -> Result<BenefitSummary, AppError> {
    backend.sprout()?.benefits_summary(year.as_deref(), site.as_deref())
}

/// Reviews after go-live not yet held: all of them, or the person's own (`mine`).
#[tauri::command]
#[specta::specta]
pub async fn benefit_reviews_due(
    backend: State<'_, Backend>,
    mine: bool,
) -> Result<Vec<ReviewDue>, AppError> {
    backend.sprout()?.benefit_reviews_due(mine)
}

/// Writes the register into the person's Downloads folder.
#[tauri::command]
#[specta::specta]
pub async fn export_benefits(
    backend: State<'_, Backend>,
    format: ExportFormat,
) -> Result<BenefitsExported, AppError> {
    backend.sprout()?.export_benefits_to_downloads(format)
}
