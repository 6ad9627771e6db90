//! The partnership commands: one-line adapters over `sprout-app`'s partners and
//! partnerships.

use std::collections::BTreeMap;

use sprout_app::{
    AgreementInput, AppError, ContactInput, DueItem, IdeaId, ObligationInput, PartnerView,
    PartnershipList, PartnershipPatch, PartnershipRow, PartnershipStage, PartnershipView,
    RegisterColumn, RegisterImport, SheetSource, sheet_bytes,
};
use tauri::State;

use crate::Backend;

/// The partner organisations, with their contacts.
#[tauri::command]
#[specta::specta]
pub async fn list_partners(backend: State<'_, Backend>) -> Result<Vec<PartnerView>, AppError> {
    backend.sprout()?.partners()
}

/// A page of the partnerships (at one stage, if given), with the count at each stage.
#[tauri::command]
#[specta::specta]
pub async fn list_partnerships(
    backend: State<'_, Backend>,
    stage: Option<PartnershipStage>,
    page: u32,
) -> Result<PartnershipList, AppError> {
    backend.sprout()?.partnerships_page(stage, Some(page))
}

/// A partnership's page.
#[tauri::command]
#[specta::specta]
pub async fn partnership(
    backend: State<'_, Backend>,
    id: String,
) -> Result<PartnershipView, AppError> {
    backend.sprout()?.partnership(&id)
}

/// The partnerships serving an idea, for its page.
#[tauri::command]
#[specta::specta]
pub async fn idea_partnerships(
    backend: State<'_, Backend>,
    id: IdeaId,
) -> Result<Vec<PartnershipRow>, AppError> {
    backend.sprout()?.partnerships_serving(id)
}

/// What is due: agreements nearing expiry, terms and obligations falling due.
#[tauri::command]
#[specta::specta]
pub async fn partnerships_due(backend: State<'_, Backend>) -> Result<Vec<DueItem>, AppError> {
    backend.sprout()?.partnerships_due(None)
}

/// Records a partner organisation; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn add_partner(
    backend: State<'_, Backend>,
    name: String,
    kind: String,
) -> Result<String, AppError> {
    backend.sprout()?.add_partner(&name, &kind, None)
}

/// Adds a contact at a partner; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn add_contact(
    backend: State<'_, Backend>,
    partner: String,
    contact: ContactInput,
) -> Result<String, AppError> {
    backend.sprout()?.add_contact(&partner, &contact)
}

/// Records a partnership with a partner; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn add_partnership(
    backend: State<'_, Backend>,
    partner: String,
    title: String,
    kind: String,
) -> Result<String, AppError> {
    backend.sprout()?.add_partnership(&partner, &title, &kind, None)
}

/// Records the evidence for one of the five principles.
#[tauri::command]
#[specta::specta]
pub async fn set_principle(
    backend: State<'_, Backend>,
    id: String,
    number: u8,
    evidence: String,
) -> Result<PartnershipView, AppError> {
    backend.sprout()?.set_principle(&id, number, &evidence)
}

/// Changes a partnership's fields.
#[tauri::command]
#[specta::specta]
pub async fn set_partnership(
    backend: State<'_, Backend>,
    id: String,
    patch: PartnershipPatch,
) -> Result<PartnershipView, AppError> {
    backend.sprout()?.set_partnership(&id, &patch)
}

/// Moves a partnership to its next stage (or declined), with the reason.
#[tauri::command]
#[specta::specta]
pub async fn move_partnership(
    backend: State<'_, Backend>,
    id: String,
    to: PartnershipStage,
    rationale: String,
) -> Result<PartnershipView, AppError> {
    backend.sprout()?.move_partnership(&id, to, &rationale)
}

/// Declares the person's interest in a partnership: none when `interest` is empty.
#[tauri::command]
#[specta::specta]
pub async fn declare_interest(
    backend: State<'_, Backend>,
    id: String,
    interest: String,
    kind: String,
) -> Result<PartnershipView, AppError> {
    let declared = (!interest.trim().is_empty()).then_some((interest.as_str(), kind.as_str()));
    backend.sprout()?.declare_interest(&id, declared)
}

/// Records an agreement of a partnership; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn add_agreement(
    backend: State<'_, Backend>,
    partnership: String,
    agreement: AgreementInput,
) -> Result<String, AppError> {
    backend.sprout()?.add_agreement(&partnership, &agreement)
}

/// Adds a value-share term (`term`) or an obligation to an agreement; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn add_obligation(
    backend: State<'_, Backend>,
    agreement: String,
    term: bool,
    input: ObligationInput,
) -> Result<String, AppError> {
    backend.sprout()?.add_obligation(&agreement, term, &input)
}

/// Attaches a document (sent as base64) to an agreement; returns its id.
#[tauri::command]
#[specta::specta]
pub async fn attach_agreement_document(
    backend: State<'_, Backend>,
    agreement: String,
    name: String,
    content_base64: String,
    confidential: bool,
    no_patient_data: bool,
) -> Result<String, AppError> {
    backend.sprout()?.attach_to_agreement_base64(
        &agreement,
        &name,
        &content_base64,
        confidential,
        no_patient_data,
    )
}

/// Saves an agreement's document to the person's Downloads folder; the path written.
#[tauri::command]
#[specta::specta]
pub async fn save_agreement_document(
    backend: State<'_, Backend>,
    document: String,
) -> Result<String, AppError> {
    backend.sprout()?.save_agreement_document(&document, None)
}

/// The agreements register's columns and the headers they are read from.
#[tauri::command]
#[specta::specta]
pub async fn register_columns() -> Result<Vec<RegisterColumn>, AppError> {
    Ok(sprout_app::register_columns())
}

/// Imports an agreements register (sent as base64), or with `dry_run` says row by row
/// what it would do.
#[tauri::command]
#[specta::specta]
pub async fn import_agreements(
    backend: State<'_, Backend>,
    name: String,
    content_base64: String,
    mapping: BTreeMap<String, String>,
    dry_run: bool,
) -> Result<RegisterImport, AppError> {
    let bytes = sheet_bytes(&name, &content_base64)?;
    backend.sprout()?.import_agreements(
        SheetSource::Bytes { name: &name, bytes: &bytes },
        &mapping,
        dry_run,
    )
}
