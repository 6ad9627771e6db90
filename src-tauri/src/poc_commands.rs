//! The POC commands: one-line adapters over `sprout-app`'s POC tracking and spread.

use sprout_app::{
    AppError, BudgetPlan, IdeaId, MetricPlan, Poc, PocPage, PocPlan, PocQuery, RiskPlan, SitePlan,
    Spread,
};
use tauri::State;

use crate::Backend;

/// One page of the POCs place.
#[tauri::command]
#[specta::specta]
pub async fn poc_page(backend: State<'_, Backend>, query: PocQuery) -> Result<PocPage, AppError> {
    backend.sprout()?.poc_page(&query)
}

/// An idea's POC as it stands.
#[tauri::command]
#[specta::specta]
pub async fn idea_poc(backend: State<'_, Backend>, id: IdeaId) -> Result<Poc, AppError> {
    backend.sprout()?.poc(id)
}

/// Sets the POC plan's fields (leads and admins).
#[tauri::command]
#[specta::specta]
pub async fn plan_poc(
    backend: State<'_, Backend>,
    id: IdeaId,
    plan: PocPlan,
) -> Result<Poc, AppError> {
    backend.sprout()?.plan_poc(id, &plan)
}

/// Adds a hypothesis with the measure that tests it.
#[tauri::command]
#[specta::specta]
pub async fn add_hypothesis(
    backend: State<'_, Backend>,
    id: IdeaId,
    statement: String,
    measure: String,
) -> Result<Poc, AppError> {
    backend.sprout()?.add_hypothesis(id, &statement, &measure)
}

/// Adds a success metric, or changes the one with the same name.
#[tauri::command]
#[specta::specta]
pub async fn set_metric(
    backend: State<'_, Backend>,
    id: IdeaId,
    metric: MetricPlan,
) -> Result<Poc, AppError> {
    backend.sprout()?.set_metric(id, &metric)
}

/// Records a metric's actual value on a date.
#[tauri::command]
#[specta::specta]
pub async fn record_actual(
    backend: State<'_, Backend>,
    id: IdeaId,
    metric: String,
    value: String,
    date: String,
) -> Result<Poc, AppError> {
    backend.sprout()?.record_actual(id, &metric, &value, &date)
}

/// Adds a milestone; its id.
#[tauri::command]
#[specta::specta]
pub async fn add_milestone(
    backend: State<'_, Backend>,
    id: IdeaId,
    title: String,
    due: String,
    owner: Option<String>,
) -> Result<String, AppError> {
    backend.sprout()?.add_milestone(id, &title, &due, owner.as_deref())
}

/// Marks a milestone done, today unless a date is given.
#[tauri::command]
#[specta::specta]
pub async fn complete_milestone(
    backend: State<'_, Backend>,
    id: IdeaId,
    milestone: String,
    date: Option<String>,
) -> Result<Poc, AppError> {
    backend.sprout()?.milestone_done(id, &milestone, date.as_deref())
}

/// Records the POC's overall status with a note.
#[tauri::command]
#[specta::specta]
pub async fn set_poc_status(
    backend: State<'_, Backend>,
    id: IdeaId,
    status: String,
    note: String,
) -> Result<Poc, AppError> {
    backend.sprout()?.set_poc_status(id, &status, &note)
}

/// Adds a budget line, in pounds.
#[tauri::command]
#[specta::specta]
pub async fn add_budget_line(
    backend: State<'_, Backend>,
    id: IdeaId,
    line: BudgetPlan,
) -> Result<Poc, AppError> {
    backend.sprout()?.add_budget_line(id, &line)
}

/// Adds a risk or issue; its id.
#[tauri::command]
#[specta::specta]
pub async fn add_risk(
    backend: State<'_, Backend>,
    id: IdeaId,
    risk: RiskPlan,
) -> Result<String, AppError> {
    backend.sprout()?.add_risk(id, &risk)
}

/// Records a site taking part in the POC, or its new status.
#[tauri::command]
#[specta::specta]
pub async fn set_poc_site(
    backend: State<'_, Backend>,
    id: IdeaId,
    site: SitePlan,
) -> Result<Poc, AppError> {
    backend.sprout()?.set_poc_site(id, &site)
}

/// Where an adopted idea stands at each site.
#[tauri::command]
#[specta::specta]
pub async fn idea_spread(backend: State<'_, Backend>, id: IdeaId) -> Result<Spread, AppError> {
    backend.sprout()?.spread(id)
}

/// Records where an adopted idea stands at one site, with its local assurance.
#[tauri::command]
#[specta::specta]
pub async fn set_spread(
    backend: State<'_, Backend>,
    id: IdeaId,
    site: SitePlan,
) -> Result<Spread, AppError> {
    backend.sprout()?.set_spread(id, &site)
}

/// Attaches a file the window read (base64), once the person confirms it holds no
/// patient-identifiable data.
#[tauri::command]
#[specta::specta]
pub async fn attach_file_to_poc(
    backend: State<'_, Backend>,
    id: IdeaId,
    name: String,
    content_base64: String,
    no_patient_data: bool,
) -> Result<Poc, AppError> {
    backend.sprout()?.attach_base64(id, &name, &content_base64, no_patient_data)
}

/// Saves one of a POC's files to the person's Downloads folder; the path written.
#[tauri::command]
#[specta::specta]
pub async fn save_poc_file(
    backend: State<'_, Backend>,
    id: IdeaId,
    sha256: String,
) -> Result<String, AppError> {
    backend.sprout()?.save_poc_file(id, &sha256, None)
}

/// Closes a risk or issue, or opens it again.
#[tauri::command]
#[specta::specta]
pub async fn set_risk_status(
    backend: State<'_, Backend>,
    id: IdeaId,
    risk: String,
    status: String,
) -> Result<Poc, AppError> {
    backend.sprout()?.set_risk_status(id, &risk, &status)
}
