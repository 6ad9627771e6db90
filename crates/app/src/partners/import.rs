//! Bringing a hub's existing agreements register in from a spreadsheet: each row names a
//! partner, a partnership and an agreement. A dry run says row by row what would be
//! created and what is skipped and why; importing the same sheet again creates nothing
//! twice (a partner is found by its name, a partnership by its partner and title, an
//! agreement by its partnership, type and effective date).

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use serde::Serialize;
use specta::Type;
use sprout_core::{
    AGREEMENT_STATUSES, AGREEMENT_TYPES, IdeaField as F, PARTNER_KINDS, PARTNERSHIP_KINDS,
    PartnerRecord, field, validate_partner_field,
};

use super::AgreementInput;
use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::import::{SheetSource, sheet_date};

/// The columns an agreements register may have, and the header each is read from unless
/// the mapping names another.
pub const REGISTER_COLUMNS: [(&str, &str); 9] = [
    ("partner", "Partner"),
    ("partner_kind", "Partner kind"),
    ("partnership", "Partnership"),
    ("partnership_kind", "Partnership kind"),
    ("type", "Agreement type"),
    ("status", "Status"),
    ("effective", "Effective"),
    ("expires", "Expires"),
    ("notice_days", "Notice days"),
];

/// A column of the register and the header it is read from unless mapped to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct RegisterColumn {
    pub key: String,
    pub header: String,
    /// The import cannot go on without it.
    pub required: bool,
}

/// The register's columns, for the window's mapping form.
pub fn register_columns() -> Vec<RegisterColumn> {
    REGISTER_COLUMNS
        .iter()
        .map(|(key, header)| RegisterColumn {
            key: (*key).to_owned(),
            header: (*header).to_owned(),
            required: REQUIRED_COLUMNS.contains(key),
        })
        .collect()
}

const REQUIRED_COLUMNS: [&str; 4] = ["partner", "partnership", "type", "status"];

/// What became of one row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct RegisterRow {
    /// As the spreadsheet program numbers it (the header is row 1).
    pub row: u32,
    /// create, exists or skip.
    pub outcome: String,
    /// What it creates, or why it is skipped.
    pub says: String,
}

/// The import's report: every row, and what was (or would be) created.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct RegisterImport {
    pub dry_run: bool,
    pub rows: Vec<RegisterRow>,
    pub partners: u32,
    pub partnerships: u32,
    pub agreements: u32,
    pub skipped: u32,
}

/// A choice written as its key or its label ("Data sharing", "CDA", "Active").
fn choice(raw: &str, choices: &[(&str, &str)]) -> Option<String> {
    let t = raw.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    choices
        .iter()
        .find(|(k, l)| *k == t || l.to_lowercase() == t)
        .or_else(|| choices.iter().find(|(k, l)| l.to_lowercase().contains(&t) || t.contains(*k)))
        .map(|(k, _)| (*k).to_owned())
}

impl Sprout {
    /// Imports (or, with `dry_run`, only reports on) an agreements register. `mapping`
    /// names the header of any column not under its usual header.
    pub fn import_agreements(
        &self,
        source: SheetSource<'_>,
        mapping: &BTreeMap<String, String>,
        dry_run: bool,
    ) -> Result<RegisterImport, AppError> {
        {
            let store = self.store()?;
            self.may_run_partnerships(&store)?;
        }
        for key in mapping.keys() {
            if !REGISTER_COLUMNS.iter().any(|(k, _)| k == key) {
                let known: Vec<&str> = REGISTER_COLUMNS.iter().map(|(k, _)| *k).collect();
                return Err(AppError::new(
                    ErrorCode::NotOneOf,
                    format!(
                        "{key:?} is not a column of the register: map one of {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        let mut rows: Vec<sprout_sheets::Row> = Vec::new();
        source.read::<AppError>(|row| {
            rows.push(row);
            Ok(ControlFlow::Continue(()))
        })?;
        let Some((header, body)) = rows.split_first() else {
            return Err(AppError::new(ErrorCode::Spreadsheet, "the sheet is empty"));
        };
        let mut at: BTreeMap<&str, usize> = BTreeMap::new();
        for (key, usual) in REGISTER_COLUMNS {
            let wanted = mapping.get(key).map_or(usual, String::as_str);
            if let Some(i) = header.cells.iter().position(|h| h.trim().eq_ignore_ascii_case(wanted))
            {
                at.insert(key, i);
            } else if REQUIRED_COLUMNS.contains(&key) {
                return Err(AppError::new(
                    ErrorCode::Spreadsheet,
                    format!("the sheet has no {wanted:?} column: name it with --map {key}=HEADER"),
                ));
            }
        }

        let (mut partners, mut partnerships, mut agreements) = self.register_as_it_stands()?;
        let mut report = RegisterImport {
            dry_run,
            rows: Vec::new(),
            partners: 0,
            partnerships: 0,
            agreements: 0,
            skipped: 0,
        };
        for row in body {
            let cells: BTreeMap<&str, String> = REGISTER_COLUMNS
                .iter()
                .map(|(key, _)| {
                    let value =
                        at.get(key).and_then(|i| row.cells.get(*i)).map_or("", |c| c.trim());
                    (*key, value.to_owned())
                })
                .collect();
            let number = u32::try_from(row.number).unwrap_or(u32::MAX);
            let outcome = self.register_row(
                &cells,
                dry_run,
                &mut partners,
                &mut partnerships,
                &mut agreements,
            );
            let (outcome, says) = match outcome {
                Ok(Some(made)) => {
                    report.partners += u32::from(made.0);
                    report.partnerships += u32::from(made.1);
                    report.agreements += 1;
                    ("create", made.2)
                }
                Ok(None) => ("exists", "the agreement is already recorded".to_owned()),
                Err(reason) => {
                    report.skipped += 1;
                    ("skip", reason)
                }
            };
            report.rows.push(RegisterRow { row: number, outcome: outcome.to_owned(), says });
        }
        Ok(report)
    }

    /// The partners by name, the partnerships by (partner, title) and the agreements by
    /// (partnership, type, effective date) this PC holds.
    #[allow(clippy::type_complexity, reason = "three lookups, named where they are used")]
    fn register_as_it_stands(
        &self,
    ) -> Result<
        (
            BTreeMap<String, String>,
            BTreeMap<(String, String), String>,
            BTreeMap<(String, String, String), ()>,
        ),
        AppError,
    > {
        let store = self.store()?;
        let partners = store
            .partner_records(PartnerRecord::Partner, None)?
            .into_iter()
            .map(|p| (field(&p.fields, F::LegalName).to_lowercase(), p.id.to_string()))
            .collect();
        let partnerships = store
            .partner_records(PartnerRecord::Partnership, None)?
            .into_iter()
            .map(|p| {
                let key = (field(&p.fields, F::Partner), field(&p.fields, F::Title).to_lowercase());
                (key, p.id.to_string())
            })
            .collect();
        let agreements = store
            .partner_records(PartnerRecord::Agreement, None)?
            .into_iter()
            .map(|a| {
                let key = (
                    a.entity.to_string(),
                    field(&a.fields, F::AgreementType),
                    field(&a.fields, F::Effective),
                );
                (key, ())
            })
            .collect();
        Ok((partners, partnerships, agreements))
    }

    /// One row: `Ok(Some((new partner, new partnership, what)))` when it creates an
    /// agreement, `Ok(None)` when the agreement is there already, `Err(why)` to skip it.
    #[allow(clippy::type_complexity, reason = "the three lookups of register_as_it_stands")]
    fn register_row(
        &self,
        cells: &BTreeMap<&str, String>,
        dry_run: bool,
        partners: &mut BTreeMap<String, String>,
        partnerships: &mut BTreeMap<(String, String), String>,
        agreements: &mut BTreeMap<(String, String, String), ()>,
    ) -> Result<Option<(bool, bool, String)>, String> {
        let cell = |key: &str| cells.get(key).map_or("", String::as_str);
        let said = |e: AppError| e.message;
        let name =
            validate_partner_field(F::LegalName, cell("partner")).map_err(|e| e.message())?;
        let title =
            validate_partner_field(F::Title, cell("partnership")).map_err(|e| e.message())?;
        if name.is_empty() {
            return Err("Partner is empty".into());
        }
        if title.is_empty() {
            return Err("Partnership is empty".into());
        }
        let kind = choice(cell("type"), AGREEMENT_TYPES)
            .ok_or_else(|| format!("agreement type {:?} is not one Sprout knows (cda, dsa, dpa, micra, mcta, mcia, mnca, collaboration, licence, mou, mta)", cell("type")))?;
        let status = choice(cell("status"), AGREEMENT_STATUSES).ok_or_else(|| {
            format!(
                "status {:?} is not draft, negotiation, active, expired or terminated",
                cell("status")
            )
        })?;
        let day = |key: &str, label: &str| -> Result<Option<String>, String> {
            match cell(key) {
                "" => Ok(None),
                raw => sheet_date(raw)
                    .map(Some)
                    .ok_or_else(|| format!("{label} {raw:?} is not a date")),
            }
        };
        let effective = day("effective", "effective date")?;
        let expires = day("expires", "expiry date")?;
        let notice = match cell("notice_days") {
            "" => None,
            raw => Some(validate_partner_field(F::NoticeDays, raw).map_err(|e| e.message())?),
        };

        let mut new_partner = false;
        let partner = match partners.get(&name.to_lowercase()) {
            Some(id) => id.clone(),
            None => {
                let kind = choice(cell("partner_kind"), PARTNER_KINDS).ok_or_else(|| {
                    format!("{name} is a new partner and its kind ({:?}) is not industry, sme, academic, nhs or charity", cell("partner_kind"))
                })?;
                new_partner = true;
                let id = if dry_run {
                    format!("new partner {name}")
                } else {
                    self.add_partner(&name, &kind, None).map_err(said)?
                };
                partners.insert(name.to_lowercase(), id.clone());
                id
            }
        };
        let mut new_partnership = false;
        let key = (partner.clone(), title.to_lowercase());
        let partnership = match partnerships.get(&key) {
            Some(id) => id.clone(),
            None => {
                let kind = choice(cell("partnership_kind"), PARTNERSHIP_KINDS)
                    .unwrap_or_else(|| "other".into());
                new_partnership = true;
                let id = if dry_run {
                    format!("new partnership {title}")
                } else {
                    self.add_partnership(&partner, &title, &kind, None).map_err(said)?
                };
                partnerships.insert(key, id.clone());
                id
            }
        };
        let agreement_key =
            (partnership.clone(), kind.clone(), effective.clone().unwrap_or_default());
        if agreements.contains_key(&agreement_key) {
            return Ok(None);
        }
        if !dry_run {
            let input = AgreementInput {
                kind: kind.clone(),
                status,
                effective,
                expires,
                notice_days: notice,
                ..Default::default()
            };
            self.add_agreement(&partnership, &input).map_err(said)?;
        }
        agreements.insert(agreement_key, ());
        let mut made = Vec::new();
        if new_partner {
            made.push(format!("partner {name}"));
        }
        if new_partnership {
            made.push(format!("partnership {title}"));
        }
        made.push(format!("{kind} agreement"));
        Ok(Some((new_partner, new_partnership, made.join(", "))))
    }
}
