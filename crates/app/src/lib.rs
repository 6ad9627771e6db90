//! Sprout's service API. The desktop app's commands and the `sprout` CLI are thin front
//! doors over [`Sprout`]: it resolves the data folder, opens the store, validates input
//! with `sprout-core`, performs writes through the store's single write path, and turns
//! every failure into an [`AppError`] with a stable code the UI can branch on.

mod benefits;
mod dashboard;
mod data_dir;
mod drafts;
mod error;
mod export;
mod gates;
mod guard;
mod hub;
mod ideas;
mod import;
mod log;
mod mutate;
mod news;
mod partners;
mod people;
mod pipeline;
mod poc;
mod records;
mod scoring;
mod settings;
mod sync_service;
mod timeline;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use sprout_sync::ActorKey;

use sprout_store::{DB_FILE_NAME, Store};

pub use benefits::{
    Accuracy, BenefitHistory, BenefitInput, BenefitList, BenefitListRow, BenefitQuery,
    BenefitSummary, BenefitView, BenefitsExported, ClassTotals, MeasureTotals, QuarterRow,
    QuarterTotal, ReviewDue, ReviewView, SiteMeasure, SiteTotals,
};
pub use dashboard::{
    CountedIdea, Dashboard, DashboardQuery, Figure, FunnelStage, GroupFigures, MonthFigures,
    PocFigures, StageTime, WAITING_TARGET_DAYS,
};
pub use data_dir::{DATA_DIR_ENV, resolve_data_dir};
pub use drafts::Draft;
pub use error::{AppError, ErrorCode};
pub use export::{ExportDone, ExportFormat, ExportWhat};
pub use gates::{BulkItem, BulkOutcome, GateMove, GateView, MAX_BULK};
pub use hub::{
    ConflictVersion, ConflictView, HubSummary, JoinRequestView, MemberView, ProblemView,
    SharingView,
};
pub use import::{
    ColumnMap, ImportMapping, ImportProgress, ImportReport, ImportSheet, ImportTarget, ImportedRow,
    MAX_SHEET_BYTES, SheetSource, SkippedRow, TargetChoice, sheet_bytes,
};
pub use log::{LOG_FILE_NAME, start_logging};
pub use partners::{
    AgreementInput, AgreementView, ContactInput, ContactView, DeclarationView, DocumentView,
    LinkedIdea, ObligationInput, ObligationView, PartnerView, PartnershipGate, PartnershipList,
    PartnershipPatch, PartnershipRow, PartnershipView, PrincipleView, REGISTER_COLUMNS,
    RegisterColumn, RegisterDone, RegisterImport, RegisterRow, register_columns,
};
pub use people::PersonView;
pub use poc::files::save_numbered;
pub use poc::{BudgetPlan, MetricPlan, PocPlan, RiskPlan, SitePlan};
pub use records::SimilarIdea;
pub use scoring::{DraftScores, QueueItem, ScoresView};
pub use settings::UPDATE_ENDPOINT_ENV;
pub use sprout_core::Role;
pub use sprout_core::{
    ASSURANCES, ActorId, BenefitEntryKind, BenefitState, Comment, CriterionFix, Decision,
    DecisionRecord, DueItem, GateCriterion, Idea, IdeaField, IdeaId, IdeaNews, IdeaPage, IdeaPatch,
    IdeaQuery, IdeaRow, IdeaSort, MAX_PER_PAGE, NewIdea, PartnershipCriterion, PartnershipMove,
    PartnershipStage, PidHit, PidKind, Poc, PocPage, PocQuery, PocStatus, PocSummary, Review,
    Rubric, Spread, Stage, StageCount, Vocabulary, format_pence, scan_for_pid, transition,
    vocabulary,
};
pub use sprout_sync::{OTHER_KEY, SyncReport};
pub use sync_service::{Arrived, SyncService, SyncState, SyncStatus};
pub use timeline::TimelineEntry;

/// One open Sprout data folder. Cheap to share: wrap it in an `Arc` or Tauri state.
pub struct Sprout {
    store: Mutex<Store>,
    data_dir: Option<PathBuf>,
    /// Sealed keys unlocked with their owners' passphrases this session. Kept after a
    /// switch only so work already done is still pushed; acting as them again asks anew.
    unlocked: Mutex<HashMap<ActorId, Arc<ActorKey>>>,
    /// Called after each local write, so background sync can follow shortly.
    on_change: Mutex<Option<Box<dyn Fn() + Send>>>,
    /// The spreadsheet import under way, if any: its progress and its cancel button.
    import: import::ImportControl,
}

impl std::fmt::Debug for Sprout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sprout").field("data_dir", &self.data_dir).finish_non_exhaustive()
    }
}

impl Sprout {
    /// Opens (creating if needed) the Sprout database in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Self, AppError> {
        refuse_half_a_data_folder(data_dir)?;
        let store = Store::open(&data_dir.join(DB_FILE_NAME))?;
        let sprout = Self::with_store(store, Some(data_dir.to_owned()));
        sprout.resume_acting()?;
        Ok(sprout)
    }

    /// A throw-away instance for tests and demos.
    pub fn open_in_memory() -> Result<Self, AppError> {
        Ok(Self::with_store(Store::open_in_memory()?, None))
    }

    fn with_store(store: Store, data_dir: Option<PathBuf>) -> Self {
        Sprout {
            store: Mutex::new(store),
            data_dir,
            unlocked: Mutex::new(HashMap::new()),
            on_change: Mutex::new(None),
            import: import::ImportControl::default(),
        }
    }

    fn unlocked(&self) -> MutexGuard<'_, HashMap<ActorId, Arc<ActorKey>>> {
        self.unlocked.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Registers the one listener told about local writes (the sync service).
    pub fn on_local_change(&self, listener: Box<dyn Fn() + Send>) {
        *self.on_change.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(listener);
    }

    fn changed(&self) {
        if let Some(listener) =
            &*self.on_change.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
        {
            listener();
        }
    }

    pub fn data_dir(&self) -> Option<&Path> {
        self.data_dir.as_deref()
    }

    fn store(&self) -> Result<MutexGuard<'_, Store>, AppError> {
        // A panic while holding the lock cannot leave a half-written record (writes are
        // transactions), so the store is still sound: keep using it.
        Ok(self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}

/// A data folder holding signing keys but no database (or an empty one) lost its
/// database: starting afresh there would silently make this PC a new device with old keys.
fn refuse_half_a_data_folder(data_dir: &Path) -> Result<(), AppError> {
    let db = data_dir.join(DB_FILE_NAME);
    let keys = data_dir.join("keys");
    let has_keys = std::fs::read_dir(&keys).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.ends_with(".key") || name.ends_with(".sealed")
        })
    });
    let state = match std::fs::metadata(&db) {
        Ok(meta) if meta.len() == 0 => "is empty",
        Ok(_) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => "is missing",
        Err(_) => return Ok(()),
    };
    if !has_keys {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::DataMissing,
        format!(
            "{} {state}, but {} holds this PC's signing keys; restore the database from a \
             backup, or move the whole folder aside to start this PC afresh. Nothing was \
             changed",
            db.display(),
            keys.display()
        ),
    ))
}
