//! Bringing a hub's Excel tracker or Microsoft Forms export into Sprout: a dry run that
//! says what would happen row by row, then the import itself, streamed in batches so the
//! window keeps working, cancellable between batches, and repeatable (a row found again
//! by its source key updates the idea it made).

mod mapping;
mod plan;
mod rows;

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use serde::Serialize;
use specta::Type;
use sprout_core::{IdeaId, may_decide};
use sprout_store::Admission;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

pub use mapping::{ColumnMap, ImportMapping, ImportTarget, PRESETS, SUGGESTED};

/// The framework and POC plan fields a sheet may carry, in the ideas sheet's order.
pub(crate) fn plan_fields() -> impl Iterator<Item = sprout_core::IdeaField> {
    rows::PLAN.into_iter().filter_map(rows::field_of)
}

use plan::Plan;
pub(crate) use rows::date as sheet_date;
use rows::{Columns, Incoming, Skip};

/// Where a sheet comes from: a file the CLI names, or one the window read and sent over.
#[derive(Debug, Clone, Copy)]
pub enum SheetSource<'a> {
    File(&'a Path),
    /// The file's name (which says its format) and its content.
    Bytes {
        name: &'a str,
        bytes: &'a [u8],
    },
}

impl SheetSource<'_> {
    fn file_name(&self) -> &str {
        match self {
            SheetSource::File(path) => {
                path.file_name().and_then(|n| n.to_str()).unwrap_or_default()
            }
            SheetSource::Bytes { name, .. } => name,
        }
    }

    pub(crate) fn read<E: From<sprout_sheets::Error>>(
        self,
        each: impl FnMut(sprout_sheets::Row) -> Result<ControlFlow<()>, E>,
    ) -> Result<usize, E> {
        match self {
            SheetSource::File(path) => sprout_sheets::read_rows(path, each),
            SheetSource::Bytes { name, bytes } => sprout_sheets::read_rows_in(name, bytes, each),
        }
    }
}

/// The largest sheet the window sends: a 100 000-row tracker is about 30 MB.
pub const MAX_SHEET_BYTES: usize = 100 * 1024 * 1024;

/// Decodes a sheet the window sent as base64.
pub fn sheet_bytes(name: &str, base64: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    if base64.len() / 4 * 3 > MAX_SHEET_BYTES {
        return Err(AppError::new(
            ErrorCode::Spreadsheet,
            format!("{name} is over 100 MB: import it with `sprout import` instead"),
        ));
    }
    base64::engine::general_purpose::STANDARD.decode(base64.trim()).map_err(|e| {
        AppError::new(ErrorCode::Spreadsheet, format!("{name} did not arrive whole ({e})"))
    })
}

/// Rows read before they are written: one transaction's worth at most.
const BATCH_ROWS: usize = 500;

/// The longest an import holds the store at a time: the window's queries wait no longer.
const HOLD: Duration = Duration::from_millis(60);

/// A sheet's header and the mapping Sprout suggests for it.
#[derive(Clone, Debug, Serialize, Type)]
pub struct ImportSheet {
    pub header: Vec<String>,
    pub mapping: ImportMapping,
    /// The mappings saved on this PC, and the presets, by name.
    pub mappings: Vec<String>,
    /// What a column may feed, in the words a person picks from.
    pub choices: Vec<TargetChoice>,
}

#[derive(Clone, Debug, Serialize, Type)]
pub struct TargetChoice {
    pub target: ImportTarget,
    pub label: String,
}

/// What an import did, or in a dry run would do, row by row.
#[derive(Clone, Debug, Default, Serialize, Type)]
pub struct ImportReport {
    pub dry_run: bool,
    /// Stopped by the person before the end of the sheet; the rows before it stand.
    pub cancelled: bool,
    /// Rows read below the header.
    pub rows: u32,
    pub created: Vec<ImportedRow>,
    pub updated: Vec<ImportedRow>,
    pub unchanged: u32,
    pub skipped: Vec<SkippedRow>,
}

#[derive(Clone, Debug, Serialize, Type)]
pub struct ImportedRow {
    /// The row's number as the spreadsheet shows it.
    pub row: u32,
    /// `None` in a dry run's new ideas, which have no id yet.
    pub idea: Option<IdeaId>,
    /// What an update changes, in plain words.
    pub changed: Vec<String>,
}

/// A row left out, and why: by column, never by what the cell says.
#[derive(Clone, Debug, Serialize, Type)]
pub struct SkippedRow {
    pub row: u32,
    pub column: Option<String>,
    pub reason: String,
}

/// How far the import under way has got.
#[derive(Clone, Copy, Debug, Default, Serialize, Type)]
pub struct ImportProgress {
    pub running: bool,
    pub rows: u32,
    pub cancelling: bool,
}

/// The import under way, shared with whoever shows its progress or cancels it.
#[derive(Debug, Default)]
pub(crate) struct ImportControl {
    running: AtomicBool,
    cancel: AtomicBool,
    rows: AtomicU32,
}

/// Clears the running flag however the import ends, and makes what it wrote durable.
struct Running<'a>(&'a Sprout);

impl Drop for Running<'_> {
    fn drop(&mut self) {
        if let Ok(store) = self.0.store()
            && let Err(e) = store.defer_sync(false)
        {
            tracing::error!(error = %e, "could not make the import's writes durable");
        }
        self.0.import.running.store(false, Ordering::SeqCst);
    }
}

impl Sprout {
    /// Reads a sheet's header and suggests a mapping: the one saved under `mapping` if
    /// given, else a preset if the sheet looks like Sprout's or Forms' export, else one
    /// from the header's words.
    pub fn import_sheet(
        &self,
        sheet: SheetSource<'_>,
        mapping: Option<&str>,
    ) -> Result<ImportSheet, AppError> {
        let mut header = Vec::new();
        sheet.read::<sprout_sheets::Error>(|row| {
            header = row.cells;
            Ok(ControlFlow::Break(()))
        })?;
        while header.last().is_some_and(|h| h.trim().is_empty()) {
            header.pop();
        }
        let mut suggested = mapping::suggested(&header);
        if suggested.name != "sprout" {
            // Named for the sheet, so two forms' rows numbered from 1 never meet.
            suggested.name = mapping::name_for(sheet.file_name());
        }
        let mapping = match mapping {
            None => suggested,
            Some(name) => match self.saved_mapping(name)? {
                Some(saved) => mapping::applied(&saved, &header),
                None if PRESETS.contains(&name) => {
                    ImportMapping { name: name.to_owned(), ..suggested }
                }
                None => {
                    return Err(AppError::new(
                        ErrorCode::NotFound,
                        format!("no mapping is saved as {name:?} on this PC"),
                    ));
                }
            },
        };
        let mut mappings: Vec<String> = PRESETS.iter().map(|p| (*p).to_owned()).collect();
        mappings.extend(self.store()?.import_mapping_names()?);
        let choices = ImportTarget::ALL
            .into_iter()
            .map(|target| TargetChoice { target, label: target.label().to_owned() })
            .collect();
        Ok(ImportSheet { header, mapping, mappings, choices })
    }

    fn saved_mapping(&self, name: &str) -> Result<Option<ImportMapping>, AppError> {
        let saved = self.store()?.import_mapping(name)?;
        Ok(saved.and_then(|json| serde_json::from_str(&json).ok()))
    }

    /// Saves a mapping on this PC under its name, for the next import of such a sheet.
    pub fn save_import_mapping(&self, mapping: &ImportMapping) -> Result<(), AppError> {
        let name = mapping.name.trim();
        if name.is_empty() || name.chars().count() > 60 || PRESETS.contains(&name) {
            return Err(AppError::new(
                ErrorCode::InvalidSetting,
                "give the mapping a name of up to 60 characters that is not sprout or forms",
            ));
        }
        let json = serde_json::to_string(mapping)
            .map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))?;
        self.store()?.save_import_mapping(name, &json)?;
        Ok(())
    }

    pub fn import_progress(&self) -> ImportProgress {
        let c = &self.import;
        ImportProgress {
            running: c.running.load(Ordering::SeqCst),
            rows: c.rows.load(Ordering::SeqCst),
            cancelling: c.cancel.load(Ordering::SeqCst),
        }
    }

    /// Asks the import under way to stop after the batch it is writing.
    pub fn cancel_import(&self) {
        if self.import.running.load(Ordering::SeqCst) {
            self.import.cancel.store(true, Ordering::SeqCst);
        }
    }

    /// Imports the sheet through `mapping`, or with `dry_run` says what it
    /// would do and writes nothing. Leads and admins only: an imported idea arrives at
    /// the stage the sheet gives, which is a gate decision.
    pub fn import_ideas(
        &self,
        sheet: SheetSource<'_>,
        mapping: &ImportMapping,
        dry_run: bool,
    ) -> Result<ImportReport, AppError> {
        let author = self.author()?;
        {
            let store = self.store()?;
            may_decide(&self.roles(&store)?, store.actor()).map_err(|_| {
                AppError::new(ErrorCode::NotAllowed, "only leads and admins import ideas")
            })?;
        }
        check(mapping)?;
        if self.import.running.swap(true, Ordering::SeqCst) {
            return Err(AppError::new(ErrorCode::NotAllowed, "an import is already running"));
        }
        let _running = Running(self);
        if !dry_run {
            // Hundreds of short transactions each waiting for the disk would take minutes;
            // they are made durable together when the import ends (see `Running`).
            self.store()?.defer_sync(true)?;
        }
        self.import.cancel.store(false, Ordering::SeqCst);
        self.import.rows.store(0, Ordering::SeqCst);
        let rules = self.pid_rules()?;
        let columns = Columns::new(mapping);
        let mut run = Run {
            report: ImportReport { dry_run, ..ImportReport::default() },
            seen: HashMap::new(),
            author,
            dry_run,
        };
        let mut batch: Vec<(u32, Result<Incoming, Skip>)> = Vec::with_capacity(BATCH_ROWS);
        let mut header_checked = false;
        sheet.read::<AppError>(|row| {
            if !header_checked {
                header_checked = true;
                return same_header(mapping, &row.cells).map(|()| ControlFlow::Continue(()));
            }
            let number = u32::try_from(row.number).unwrap_or(u32::MAX);
            batch.push((number, columns.read(&row.cells, &rules)));
            self.import.rows.fetch_add(1, Ordering::SeqCst);
            if batch.len() < BATCH_ROWS {
                return Ok(ControlFlow::Continue(()));
            }
            self.write_batch(&mut run, std::mem::take(&mut batch))?;
            if self.import.cancel.load(Ordering::SeqCst) {
                run.report.cancelled = true;
                return Ok(ControlFlow::Break(()));
            }
            Ok(ControlFlow::Continue(()))
        })?;
        if !run.report.cancelled {
            self.write_batch(&mut run, batch)?;
        }
        let wrote = !(run.report.created.is_empty() && run.report.updated.is_empty());
        if wrote && !dry_run {
            self.changed();
        }
        if !dry_run
            && !PRESETS.contains(&mapping.name.as_str())
            && mapping.name != SUGGESTED
            && !mapping.name.is_empty()
        {
            self.save_import_mapping(mapping)?;
        }
        tracing::info!(
            rows = run.report.rows,
            created = run.report.created.len(),
            updated = run.report.updated.len(),
            skipped = run.report.skipped.len(),
            dry_run,
            "spreadsheet import"
        );
        Ok(run.report)
    }

    /// Plans and (unless a dry run) writes one batch of rows in one transaction, each row
    /// standing or falling whole.
    fn write_batch(
        &self,
        run: &mut Run,
        rows: Vec<(u32, Result<Incoming, Skip>)>,
    ) -> Result<(), AppError> {
        let mut rows = rows.into_iter().peekable();
        while rows.peek().is_some() {
            // The store is let go every HOLD at most, so the window's queries wait no longer.
            let started = Instant::now();
            let mut store = self.store()?;
            self.require_named(&store)?;
            let roles = self.roles(&store)?;
            let rules = self.pid_rules_in(&store)?;
            if run.dry_run {
                let view = store.import_view();
                for (number, row) in rows.by_ref() {
                    let planned = match row.and_then(|r| run.claim(number, r)) {
                        Ok(incoming) => plan::plan(&view, &incoming, &run.author)?,
                        Err(skip) => Err(skip),
                    };
                    run.record(number, planned.map(|p| (p, None)));
                    if started.elapsed() > HOLD {
                        break;
                    }
                }
                continue;
            }
            let author = run.author.clone();
            store.batch(Admission { roles: &roles, rules: &rules }, |b| {
                for (number, row) in rows.by_ref() {
                    let planned = match row.and_then(|r| run.claim(number, r)) {
                        Ok(incoming) => plan::plan(&b.import_view(), &incoming, &author)?,
                        Err(skip) => Err(skip),
                    };
                    let outcome = match planned {
                        // A savepoint makes SQLite's full-text index flush to disk, so a
                        // row of one op goes without: the gate refuses before anything is
                        // written, and any other failure undoes the whole batch.
                        Ok(p) => match if p.is_one_op() {
                            p.write(b)
                        } else {
                            b.all_or_nothing(|b| p.write(b))
                        } {
                            Ok(id) => Ok((p, Some(id))),
                            // The gate's refusal is the row's; anything else (a full disk)
                            // stops the batch, of which nothing is then written.
                            Err(sprout_store::Error::Refused(refusal)) => Err(refused(refusal)),
                            Err(e) => return Err(e),
                        },
                        Err(skip) => Err(skip),
                    };
                    run.record(number, outcome);
                    if started.elapsed() > HOLD {
                        break;
                    }
                }
                Ok(())
            })?;
            drop(store);
            // The lock is not fair: without a pause this thread would take it straight back.
            std::thread::sleep(Duration::from_millis(1));
        }
        Ok(())
    }
}

/// A row the admission gate refused, said without any of the row's text.
fn refused(refusal: sprout_core::Refusal) -> Skip {
    let reason = match &refusal {
        sprout_core::Refusal::PatientData { field, .. } => {
            format!("patient details found in the {}", field.label())
        }
        _ => AppError::from(refusal).message,
    };
    Skip { column: None, reason }
}

struct Run {
    report: ImportReport,
    /// Each source key met so far and its row: a sheet that lists one idea twice.
    seen: HashMap<String, u32>,
    author: String,
    dry_run: bool,
}

impl Run {
    /// The row's idea, unless an earlier row of the sheet already gave it.
    fn claim(&mut self, number: u32, incoming: Incoming) -> Result<Incoming, Skip> {
        match self.seen.insert(incoming.imported.key.clone(), number) {
            Some(first) => {
                self.seen.insert(incoming.imported.key.clone(), first);
                Err(Skip { column: None, reason: format!("row {first} already gives this idea") })
            }
            None => Ok(incoming),
        }
    }

    fn record(&mut self, number: u32, outcome: Result<(Plan, Option<IdeaId>), Skip>) {
        self.report.rows += 1;
        match outcome {
            Ok((Plan::Create { .. }, id)) => {
                self.report.created.push(ImportedRow {
                    row: number,
                    idea: id,
                    changed: Vec::new(),
                });
            }
            Ok((Plan::Update { id, changed, .. }, _)) => {
                self.report.updated.push(ImportedRow { row: number, idea: Some(id), changed });
            }
            Ok((Plan::Unchanged, _)) => self.report.unchanged += 1,
            Err(skip) => self.report.skipped.push(SkippedRow {
                row: number,
                column: skip.column,
                reason: skip.reason,
            }),
        }
    }
}

/// Refuses a mapping that cannot make an idea, or feeds one field from two columns.
fn check(mapping: &ImportMapping) -> Result<(), AppError> {
    let targets: Vec<ImportTarget> = mapping.columns.iter().map(|c| c.target).collect();
    for needed in [ImportTarget::Title, ImportTarget::Problem] {
        if !targets.contains(&needed) {
            return Err(AppError::new(
                ErrorCode::InvalidSetting,
                format!(
                    "choose the column that holds each idea's {}",
                    needed.header().to_lowercase()
                ),
            ));
        }
    }
    for (i, t) in targets.iter().enumerate() {
        if *t != ImportTarget::Ignore && targets[..i].contains(t) {
            return Err(AppError::new(
                ErrorCode::InvalidSetting,
                format!("two columns are mapped to {}: choose one", t.header()),
            ));
        }
    }
    Ok(())
}

fn same_header(mapping: &ImportMapping, header: &[String]) -> Result<(), AppError> {
    let given: Vec<&str> = header.iter().map(|h| h.trim()).collect();
    let mapped: Vec<&str> = mapping.columns.iter().map(|c| c.header.trim()).collect();
    if given.len() >= mapped.len() && given[..mapped.len()] == mapped[..] {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::InvalidSetting,
            "the mapping was made for a sheet with other columns: read the sheet again",
        ))
    }
}
