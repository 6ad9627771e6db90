//! `sprout import` and `sprout export`: the hub's spreadsheets in and out.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use sprout_app::{
    AppError, ErrorCode, ExportFormat, ExportWhat, IdeaQuery, ImportReport, ImportTarget,
    SheetSource, Sprout, Stage,
};

use crate::Failure;
use crate::output::Out;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// An .xlsx workbook or a .csv file (any delimiter; UTF-8, UTF-16 or Windows-1252).
    pub file: PathBuf,
    /// A mapping saved on this PC, or a preset: sprout (Sprout's own export) or forms
    /// (a Microsoft Forms export). Without it, Sprout suggests one from the header.
    #[arg(long, value_name = "NAME")]
    pub mapping: Option<String>,
    /// Map a column to a field, overriding the suggestion: `--map "Ward=department"`.
    /// Fields: ignore, source_id, title, problem, solution, affects, site, department,
    /// tags, stage, decision, rationale, submitted, submitted_by, supporters,
    /// clinical_sponsor, poc_aim, project_type, evaluation_type, evaluation_design,
    /// ethics_ref.
    #[arg(long = "map", value_name = "COLUMN=FIELD")]
    pub maps: Vec<String>,
    /// Save the mapping used under this name, for `--mapping NAME` next time.
    #[arg(long, value_name = "NAME")]
    pub save_as: Option<String>,
    /// Say what would be created, updated and skipped, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// xlsx or csv; by default, the file's extension.
    #[arg(long)]
    pub format: Option<String>,
    /// ideas (the default), pocs, or all (xlsx only: one sheet per kind).
    #[arg(long, default_value = "ideas")]
    pub what: String,
    /// Only ideas in this stage.
    #[arg(long)]
    pub stage: Option<Stage>,
    /// Only ideas seen at this site (exactly as entered).
    #[arg(long)]
    pub site: Option<String>,
    #[arg(long)]
    pub tag: Option<String>,
    /// Only ideas with these words in their title, problem or solution.
    #[arg(long, allow_hyphen_values = true)]
    pub search: Option<String>,
    #[arg(long)]
    pub json: bool,
}

fn invalid(message: impl Into<String>) -> Failure {
    Failure::App(AppError::new(ErrorCode::InvalidSetting, message))
}

pub fn import(sprout: &Sprout, args: ImportArgs, out: &mut Out<impl Write>) -> Result<(), Failure> {
    let source = SheetSource::File(&args.file);
    let sheet = sprout.import_sheet(source, args.mapping.as_deref())?;
    let mut mapping = sheet.mapping;
    for map in &args.maps {
        let Some((column, field)) = map.rsplit_once('=') else {
            return Err(invalid(format!("--map {map:?}: write it as COLUMN=FIELD")));
        };
        let target: ImportTarget = serde_json::from_value(serde_json::json!(field.trim()))
            .map_err(|_| {
                invalid(format!("--map {map:?}: {:?} is not a field Sprout imports", field.trim()))
            })?;
        let Some(c) = mapping
            .columns
            .iter_mut()
            .find(|c| c.header.trim().eq_ignore_ascii_case(column.trim()))
        else {
            return Err(invalid(format!(
                "--map {map:?}: the sheet has no column {:?}",
                column.trim()
            )));
        };
        c.target = target;
    }
    if let Some(name) = args.save_as {
        mapping.name = name;
        sprout.save_import_mapping(&mapping)?;
    }
    let report = sprout.import_ideas(source, &mapping, args.dry_run)?;
    if args.json {
        return out.json(&report);
    }
    out.line(&format!("Mapping {:?}:", mapping.name))?;
    for c in mapping.columns.iter().filter(|c| c.target != ImportTarget::Ignore) {
        out.line(&format!("  {} → {}", c.header, c.target.label()))?;
    }
    summary(&report, out)
}

fn summary(report: &ImportReport, out: &mut Out<impl Write>) -> Result<(), Failure> {
    if report.dry_run {
        out.line("Dry run: nothing was written.")?;
    }
    let would = if report.dry_run { "would be " } else { "" };
    out.line(&format!(
        "{} rows read: {} {would}created, {} {would}updated, {} unchanged, {} skipped.",
        report.rows,
        report.created.len(),
        report.updated.len(),
        report.unchanged,
        report.skipped.len()
    ))?;
    if report.cancelled {
        out.line("Cancelled: the rows before it were imported; import the sheet again to finish.")?;
    }
    for u in &report.updated {
        out.line(&format!("  row {}: updated {}", u.row, u.changed.join(", ")))?;
    }
    for s in &report.skipped {
        out.line(&format!("  row {}: skipped: {}", s.row, s.reason))?;
    }
    Ok(())
}

pub fn export(sprout: &Sprout, args: ExportArgs, out: &mut Out<impl Write>) -> Result<(), Failure> {
    let format = match args.format.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("xlsx") => ExportFormat::Xlsx,
        Some("csv") => ExportFormat::Csv,
        Some(other) => return Err(invalid(format!("--format {other:?}: choose xlsx or csv"))),
        None => match args
            .out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("xlsx") => ExportFormat::Xlsx,
            Some("csv") => ExportFormat::Csv,
            _ => {
                return Err(invalid(
                    "give --format xlsx or csv, or an --out file ending .xlsx or .csv",
                ));
            }
        },
    };
    let what = match args.what.to_ascii_lowercase().as_str() {
        "ideas" => ExportWhat::Ideas,
        "pocs" => ExportWhat::Pocs,
        "all" => ExportWhat::All,
        other => return Err(invalid(format!("--what {other:?}: choose ideas, pocs or all"))),
    };
    let query = IdeaQuery {
        stage: args.stage,
        site: args.site,
        tag: args.tag,
        text: args.search,
        ..IdeaQuery::default()
    };
    let done = sprout.export(&query, what, format, &args.out)?;
    if args.json {
        return out.json(&done);
    }
    for (sheet, rows) in &done.sheets {
        out.line(&format!("{sheet}: {rows} rows"))?;
    }
    out.line(&format!("Written to {}", done.path))
}
