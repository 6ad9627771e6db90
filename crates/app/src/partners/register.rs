//! The public register of the hub's data partnerships, with the fields of HDR UK's data
//! use register: what a trust publishes so the public can see who uses NHS data and why.
//! It holds only data partnerships the board approved and that were signed, and never a
//! contact, an amount or any term of an agreement.

use std::path::Path;

use serde::Serialize;
use specta::Type;
use sprout_core::{IdeaField as F, PartnershipStage, field};
use sprout_sheets::{Cell, CsvOut, XlsxOut};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

/// The register's columns, named as HDR UK's data use register names them.
const HEADER: [&str; 12] = [
    "project_id",
    "project_title",
    "organisation_name",
    "organisation_sector",
    "lay_summary",
    "public_benefit_statement",
    "legal_basis_for_data_article6",
    "duty_of_confidentiality",
    "access_type",
    "commercial_use",
    "latest_approval_date",
    "status",
];

/// The register as written.
#[derive(Clone, Debug, Serialize, Type)]
pub struct RegisterDone {
    pub path: String,
    pub partnerships: u32,
}

impl Sprout {
    /// Writes the public register to `out`: .csv, .xlsx or .json by its extension.
    pub fn partnership_register(&self, out: &Path) -> Result<RegisterDone, AppError> {
        let rows = self.register_rows()?;
        let extension =
            out.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        match extension.as_str() {
            "csv" => {
                let mut csv = CsvOut::create(out, &HEADER)?;
                for row in &rows {
                    csv.row(&row.iter().map(|c| Cell::Text(c.clone())).collect::<Vec<_>>())?;
                }
                csv.finish()?;
            }
            "xlsx" => {
                let mut book = XlsxOut::default();
                book.sheet::<AppError>(
                    "Data use register",
                    &HEADER,
                    rows.iter().map(|r| Ok(r.iter().map(|c| Cell::Text(c.clone())).collect())),
                )?;
                book.save(out)?;
            }
            "json" => {
                let records: Vec<serde_json::Map<String, serde_json::Value>> = rows
                    .iter()
                    .map(|r| {
                        HEADER
                            .iter()
                            .zip(r)
                            .map(|(k, v)| ((*k).to_owned(), serde_json::Value::String(v.clone())))
                            .collect()
                    })
                    .collect();
                let text = serde_json::to_string_pretty(&records).unwrap_or_default();
                std::fs::write(out, text + "\n").map_err(|e| {
                    AppError::new(
                        ErrorCode::Spreadsheet,
                        format!("could not write {}: {e}", out.display()),
                    )
                })?;
            }
            _ => {
                return Err(AppError::new(
                    ErrorCode::Spreadsheet,
                    "the register is written as .csv, .xlsx or .json: name the file so",
                ));
            }
        }
        Ok(RegisterDone {
            path: out.display().to_string(),
            partnerships: u32::try_from(rows.len()).unwrap_or(u32::MAX),
        })
    }

    fn register_rows(&self) -> Result<Vec<Vec<String>>, AppError> {
        let list = self.partnerships(None)?;
        let mut rows = Vec::new();
        for row in list.rows {
            let published = matches!(
                row.stage,
                PartnershipStage::Signed | PartnershipStage::Active | PartnershipStage::Closed
            );
            if row.kind != "data" || !published {
                continue;
            }
            let store = self.store()?;
            let p = self.find_partnership(&store, &row.id)?;
            let approved = field(&p.fields, F::BoardApproved);
            if approved.is_empty() {
                continue;
            }
            let sector = self
                .find_partner(&store, &row.partner)
                .map(|r| field(&r.fields, F::PartnerKind))
                .unwrap_or_default();
            drop(store);
            let f = |x| field(&p.fields, x);
            rows.push(vec![
                row.id,
                row.title,
                row.partner_name,
                sector,
                f(F::LaySummary),
                f(F::PublicBenefit),
                f(F::LegalBasis),
                f(F::Confidentiality),
                f(F::DataAccess),
                f(F::CommercialUse),
                approved,
                row.stage.key().to_owned(),
            ]);
        }
        Ok(rows)
    }
}
