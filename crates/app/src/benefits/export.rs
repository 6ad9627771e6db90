//! The benefits register out to a spreadsheet, in the Green Book's column order (Box 9),
//! with where each stands and what it has delivered so far.

use std::path::Path;

use serde::Serialize;
use specta::Type;
use sprout_core::format_pence;
use sprout_sheets::{Cell, CsvOut, XlsxOut};

use super::view::BenefitQuery;
use crate::Sprout;
use crate::error::{AppError, ErrorCode};

const HEADER: [&str; 25] = [
    "Number",
    "Idea",
    "Benefit",
    "Category",
    "Class",
    "Description",
    "Service feature",
    "Costs to secure it",
    "Responsible officer",
    "Operational owner",
    "Performance measure",
    "Unit",
    "Baseline",
    "Baseline date",
    "Target",
    "Target date",
    "Full-year value",
    "Timescale (years)",
    "Disbenefit",
    "Assumptions",
    "Confidence",
    "State",
    "Forecast to date",
    "Actual to date",
    "Site",
];

/// The register as written.
#[derive(Clone, Debug, Serialize, Type)]
pub struct BenefitsExported {
    pub path: String,
    pub benefits: u32,
}

impl Sprout {
    /// Writes the register into the person's Downloads folder under a dated name,
    /// numbered rather than over a file already there: the window's Export.
    pub fn export_benefits_to_downloads(
        &self,
        format: crate::ExportFormat,
    ) -> Result<BenefitsExported, AppError> {
        let folder = crate::data_dir::downloads()?;
        let stem = format!("Sprout benefits register {}", chrono::Local::now().format("%Y-%m-%d"));
        let mut path = folder.join(format!("{stem}.{}", format.extension()));
        for n in 2.. {
            if !path.exists() {
                break;
            }
            path = folder.join(format!("{stem} ({n}).{}", format.extension()));
        }
        self.export_benefits(&path)
    }

    /// Writes the register to `out`, .xlsx or .csv by its extension.
    pub fn export_benefits(&self, out: &Path) -> Result<BenefitsExported, AppError> {
        let list = self.benefits(&BenefitQuery::default())?;
        let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(list.rows.len());
        for (n, row) in list.rows.iter().enumerate() {
            let b = self.benefit(&row.id)?;
            let last = |f: fn(&super::QuarterTotal) -> &String| {
                b.by_quarter.last().map(f).cloned().unwrap_or_default()
            };
            let pounds = |p: Option<i64>| p.map(format_pence).unwrap_or_default();
            rows.push(
                [
                    format!("B{:04}", n + 1),
                    b.idea_title.clone(),
                    b.title.clone(),
                    b.category.clone(),
                    b.class.clone(),
                    b.description.clone(),
                    b.service_feature.clone(),
                    pounds(b.cost_to_secure_pence),
                    b.officer_name.clone(),
                    b.owner_name.clone(),
                    b.measure.clone(),
                    b.unit.clone(),
                    b.baseline.clone(),
                    b.baseline_date.clone(),
                    b.target.clone(),
                    b.target_date.clone(),
                    pounds(b.value_per_year_pence),
                    b.timescale.map(|t| t.to_string()).unwrap_or_default(),
                    if b.disbenefit { "yes" } else { "no" }.to_owned(),
                    b.assumptions.clone(),
                    b.confidence.clone(),
                    b.state.label().to_owned(),
                    last(|q| &q.cumulative_forecast_text),
                    last(|q| &q.cumulative_actual_text),
                    b.site.clone(),
                ]
                .into_iter()
                .map(Cell::Text)
                .collect(),
            );
        }
        let extension =
            out.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        match extension.as_str() {
            "csv" => {
                let mut csv = CsvOut::create(out, &HEADER)?;
                for row in &rows {
                    csv.row(row)?;
                }
                csv.finish()?;
            }
            "xlsx" => {
                let mut book = XlsxOut::default();
                book.sheet::<AppError>("Benefits register", &HEADER, rows.into_iter().map(Ok))?;
                book.save(out)?;
            }
            _ => {
                return Err(AppError::new(
                    ErrorCode::NotOneOf,
                    format!("{} must end .xlsx or .csv", out.display()),
                ));
            }
        }
        Ok(BenefitsExported {
            path: out.display().to_string(),
            benefits: u32::try_from(list.rows.len()).unwrap_or(u32::MAX),
        })
    }
}
