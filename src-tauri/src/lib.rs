//! The Sprout desktop app: a thin Tauri shell. It opens the data folder through
//! `sprout-app`, exposes one-line commands to the UI with typed bindings (tauri-specta),
//! and checks for signed updates in the background. All behaviour lives in `crates/`.

mod benefit_commands;
mod commands;
mod dashboard_commands;
mod partner_commands;
mod poc_commands;
mod sheet_commands;
mod sync;
mod updates;
mod webview;

use std::sync::Arc;

use sprout_app::{AppError, Sprout, resolve_data_dir};
use tauri::Manager;

/// The open data folder, or why it could not be opened. The window still opens either
/// way, so a person sees a clear message instead of an app that silently fails to start.
#[derive(Debug)]
pub struct Backend(Result<Arc<Sprout>, AppError>);

impl Backend {
    fn open() -> Self {
        Backend(
            resolve_data_dir(None)
                .and_then(|dir| {
                    sprout_app::start_logging(&dir, false);
                    Sprout::open(&dir)
                })
                .map(Arc::new),
        )
    }

    pub fn sprout(&self) -> Result<&Sprout, AppError> {
        self.0.as_deref().map_err(Clone::clone)
    }
}

/// The command and event set, shared by the running app and the bindings export.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            commands::get_idea,
            commands::add_idea,
            commands::edit_idea,
            commands::startup_problem,
            commands::update_status,
            commands::install_update,
            commands::sync_status,
            commands::sync_now,
            commands::list_conflicts,
            commands::list_hub_problems,
            commands::resolve_conflict,
            commands::sharing,
            commands::join_shared_hub,
            commands::list_join_requests,
            commands::approve_join_request,
            commands::list_members,
            commands::revoke_member,
            commands::list_people,
            commands::start_using_sprout,
            commands::idea_page,
            commands::list_comments,
            commands::comment_on_idea,
            commands::add_person,
            commands::switch_person,
            commands::decide_idea,
            commands::save_draft,
            commands::load_draft,
            commands::discard_draft,
            commands::similar_ideas,
            commands::support_idea,
            commands::idea_timeline,
            commands::idea_scores,
            commands::score_idea,
            commands::assign_reviewer,
            commands::record_consensus,
            commands::idea_framework,
            commands::set_framework,
            commands::merge_idea,
            commands::unmerge_idea,
            commands::review_queue,
            commands::idea_gate,
            commands::decide_ideas,
            commands::assign_reviewer_to_ideas,
            commands::my_idea_news,
            commands::mark_my_ideas_seen,
            commands::check_idea,
            poc_commands::poc_page,
            poc_commands::idea_poc,
            poc_commands::plan_poc,
            poc_commands::add_hypothesis,
            poc_commands::set_metric,
            poc_commands::record_actual,
            poc_commands::add_milestone,
            poc_commands::complete_milestone,
            poc_commands::set_poc_status,
            poc_commands::add_budget_line,
            poc_commands::add_risk,
            poc_commands::set_poc_site,
            poc_commands::idea_spread,
            poc_commands::set_spread,
            poc_commands::attach_file_to_poc,
            poc_commands::save_poc_file,
            poc_commands::set_risk_status,
            sheet_commands::read_import_sheet,
            sheet_commands::import_ideas,
            sheet_commands::import_progress,
            sheet_commands::cancel_import,
            sheet_commands::save_import_mapping,
            sheet_commands::export_sheet,
            partner_commands::list_partners,
            partner_commands::list_partnerships,
            partner_commands::partnership,
            partner_commands::idea_partnerships,
            partner_commands::partnerships_due,
            partner_commands::add_partner,
            partner_commands::add_contact,
            partner_commands::add_partnership,
            partner_commands::set_principle,
            partner_commands::set_partnership,
            partner_commands::move_partnership,
            partner_commands::declare_interest,
            partner_commands::add_agreement,
            partner_commands::add_obligation,
            partner_commands::attach_agreement_document,
            partner_commands::save_agreement_document,
            partner_commands::register_columns,
            partner_commands::import_agreements,
            benefit_commands::idea_benefits,
            benefit_commands::benefit,
            benefit_commands::add_benefit,
            benefit_commands::promote_metric,
            benefit_commands::edit_benefit,
            benefit_commands::move_benefit,
            benefit_commands::record_benefit_value,
            benefit_commands::record_benefit_review,
            benefit_commands::list_benefits,
            benefit_commands::benefits_summary,
            benefit_commands::benefit_reviews_due,
            benefit_commands::export_benefits,
            dashboard_commands::dashboard,
            dashboard_commands::waiting_target,
            dashboard_commands::set_waiting_target,
            dashboard_commands::board_pack,
        ])
        // The vocabulary reaches the UI as generated JSON (see the test below); its type
        // comes with the bindings.
        .typ::<sprout_app::Vocabulary>()
        .events(tauri_specta::collect_events![
            updates::UpdateStatusChanged,
            sync::SyncStatusChanged,
            sync::IdeasChanged
        ])
}

pub fn run() {
    let specta = specta_builder();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_updater::Builder::new().build())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            webview::tune(app);
            specta.mount_events(app);
            let backend = Backend::open();
            let endpoint = backend.sprout().ok().and_then(|s| s.update_endpoint().ok().flatten());
            let sync = sync::Sync::start(app.handle(), backend.0.as_ref().ok().cloned());
            app.manage(backend);
            app.manage(sync);
            app.manage(updates::Updates::default());
            updates::check_in_background(app.handle().clone(), endpoint);
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Sprout could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use specta_typescript::Typescript;

    /// Regenerates ui/src/bindings.ts and fails if the committed file was stale, so CI
    /// catches a command whose signature changed without the UI being told.
    #[test]
    fn bindings_are_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
        let before = std::fs::read_to_string(&path).unwrap_or_default();
        super::specta_builder()
            .export(
                // specta-typescript refuses 64-bit integers by default: they would lose
                // precision as JS numbers.
                Typescript::default().header(
                    "// Generated by tauri-specta from src-tauri; do not edit.\n// @ts-nocheck",
                ),
                &path,
            )
            .expect("export bindings");
        let after = std::fs::read_to_string(&path).expect("read bindings");
        assert!(
            before == after,
            "ui/src/bindings.ts was stale and has been regenerated: review and commit it"
        );
    }

    /// Writes the labels of stages, decisions and framework questions, and the moves each
    /// decision makes, to ui/src/vocabulary.json, failing if the committed file was stale:
    /// the UI names the domain in Rust's words and never keeps a copy of its own.
    #[test]
    fn vocabulary_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/vocabulary.json");
        let before = std::fs::read_to_string(&path).unwrap_or_default();
        let mut after = serde_json::to_string_pretty(&sprout_app::vocabulary()).expect("json");
        after.push('\n');
        std::fs::write(&path, &after).expect("write vocabulary");
        assert!(
            before == after,
            "ui/src/vocabulary.json was stale and has been regenerated: review and commit it"
        );
    }
}
