//! One sheet row read through a mapping: the idea it describes, or why it is skipped.
//! A skip names the row's column, never its text: a cell holding patient details must
//! reach no report and no log.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use sprout_core::{
    Decision, IdeaField, IdeaId, Imported, Invalid, NewIdea, PidRules, Problem, Stage,
    scan_for_pid, source_key, validate_framework, validate_imported, validate_new_idea,
    validate_poc_field,
};
use sprout_sheets::unguard_formula;

use super::mapping::{ImportMapping, ImportTarget};

/// A row as Sprout would keep it.
#[derive(Debug, Clone)]
pub(crate) struct Incoming {
    /// The row names an idea of this hub by its Sprout ID.
    pub sprout_id: Option<IdeaId>,
    pub new: NewIdea,
    pub imported: Imported,
    /// Framework and POC plan answers the sheet gives, validated.
    pub plan: BTreeMap<IdeaField, String>,
    /// Whether the sheet has these columns at all: a column the mapping leaves out
    /// changes nothing on update.
    pub has: Vec<ImportTarget>,
}

/// Why a row was not imported: the column at fault (as the sheet names it), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Skip {
    pub column: Option<String>,
    pub reason: String,
}

/// The mapping's columns by position, resolved once per import.
#[derive(Debug)]
pub(crate) struct Columns {
    columns: Vec<(usize, ImportTarget, String)>,
    scope: String,
}

impl Columns {
    pub fn new(mapping: &ImportMapping) -> Columns {
        let columns = mapping
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| c.target != ImportTarget::Ignore)
            .map(|(i, c)| (i, c.target, c.header.clone()))
            .collect();
        Columns { columns, scope: mapping.name.clone() }
    }

    pub fn has(&self, target: ImportTarget) -> bool {
        self.columns.iter().any(|(_, t, _)| *t == target)
    }

    fn header(&self, target: ImportTarget) -> Option<String> {
        self.columns.iter().find(|(_, t, _)| *t == target).map(|(_, _, h)| h.clone())
    }

    /// Reads one row: everything it says, checked, or the first reason it cannot be kept.
    pub fn read(&self, cells: &[String], rules: &PidRules) -> Result<Incoming, Skip> {
        let mut value: BTreeMap<ImportTarget, String> = BTreeMap::new();
        for (i, target, header) in &self.columns {
            let raw = cells.get(*i).map_or("", |c| unguard_formula(c.trim()));
            if *target != ImportTarget::SourceId && !scan_for_pid(raw, rules).is_empty() {
                return Err(Skip {
                    column: Some(header.clone()),
                    reason: format!("patient details found in the {header} column"),
                });
            }
            value.insert(*target, raw.to_owned());
        }
        let get = |t: ImportTarget| value.get(&t).map_or("", String::as_str);
        let fault = |t: ImportTarget, reason: String| Skip { column: self.header(t), reason };
        if get(ImportTarget::Title).is_empty() {
            return Err(fault(ImportTarget::Title, "the row has no title".into()));
        }
        let list = |t: ImportTarget| -> Vec<String> {
            get(t)
                .split([',', ';'])
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
                .collect()
        };
        let new = NewIdea {
            title: get(ImportTarget::Title).to_owned(),
            problem: get(ImportTarget::Problem).to_owned(),
            solution: Some(get(ImportTarget::Solution).to_owned()),
            affects: list(ImportTarget::Affects),
            site: Some(get(ImportTarget::Site).to_owned()),
            department: Some(get(ImportTarget::Department).to_owned()),
            tags: list(ImportTarget::Tags),
        };
        let invalid = |e: Invalid| {
            let target = target_of(e.field);
            let reason = match (&e.problem, target.and_then(|t| self.header(t))) {
                (Problem::Empty, Some(h)) => format!("the {h} column is empty"),
                (Problem::Empty, None) if e.field == IdeaField::Problem => {
                    "the row has no problem described".to_owned()
                }
                (problem, Some(h)) => format!("the {h} column {problem}"),
                (_, None) => e.message(),
            };
            Skip { column: target.and_then(|t| self.header(t)), reason }
        };
        let created = validate_new_idea(&new, "").map_err(invalid)?;
        let stage = match get(ImportTarget::Stage) {
            "" => Stage::Submitted,
            s => s.parse::<Stage>().map_err(|_| {
                let names: Vec<&str> = Stage::ALL.iter().map(|s| s.label()).collect();
                fault(
                    ImportTarget::Stage,
                    format!(
                        "the {} column does not name a stage ({})",
                        self.name(ImportTarget::Stage),
                        names.join(", ")
                    ),
                )
            })?,
        };
        let decision = match get(ImportTarget::Decision) {
            "" => Imported::implied_decision(stage),
            d => Some(decision(d).ok_or_else(|| {
                fault(
                    ImportTarget::Decision,
                    format!(
                        "the {} column does not name a decision (go, hold, recycle or stop)",
                        self.name(ImportTarget::Decision)
                    ),
                )
            })?),
        };
        let submitted_on = match get(ImportTarget::Submitted) {
            "" => String::new(),
            d => date(d).ok_or_else(|| {
                fault(
                    ImportTarget::Submitted,
                    format!(
                        "the {} column holds a date Sprout cannot read: write it as YYYY-MM-DD or DD/MM/YYYY",
                        self.name(ImportTarget::Submitted)
                    ),
                )
            })?,
        };
        let supporters = match get(ImportTarget::Supporters) {
            "" => 0,
            n => n.trim_end_matches(".0").parse::<u32>().map_err(|_| {
                fault(
                    ImportTarget::Supporters,
                    format!(
                        "the {} column is not a whole number",
                        self.name(ImportTarget::Supporters)
                    ),
                )
            })?,
        };
        let source = get(ImportTarget::SourceId);
        let sprout_id = source.parse::<IdeaId>().ok();
        let key = if source.is_empty() {
            let identity = [created.title.as_str(), get(ImportTarget::SubmittedBy), &submitted_on];
            source_key(&self.scope, &identity)
        } else {
            source_key(&self.scope, &[source])
        };
        let imported = validate_imported(&Imported {
            key,
            stage,
            decision,
            rationale: match (get(ImportTarget::Rationale), decision) {
                ("", Some(_)) => "Recorded in the hub's earlier tracker".to_owned(),
                (r, _) => r.to_owned(),
            },
            submitted_on,
            submitted_by: get(ImportTarget::SubmittedBy).to_owned(),
            supporters,
        })
        .map_err(invalid)?;
        let mut plan = BTreeMap::new();
        for target in PLAN {
            let Some(field) = field_of(target) else { continue };
            let raw = get(target);
            if !self.has(target) || raw.is_empty() {
                continue;
            }
            let checked = if field.is_poc_plan() {
                validate_poc_field(field, raw)
            } else {
                validate_framework(field, raw)
            };
            plan.insert(field, checked.map_err(invalid)?);
        }
        let has = self.columns.iter().map(|(_, t, _)| *t).collect();
        Ok(Incoming { sprout_id, new, imported, plan, has })
    }

    fn name(&self, target: ImportTarget) -> String {
        self.header(target).unwrap_or_else(|| target.header().to_owned())
    }
}

/// The framework and POC plan columns, each an ordinary idea field.
pub(crate) const PLAN: [ImportTarget; 6] = [
    ImportTarget::ClinicalSponsor,
    ImportTarget::PocAim,
    ImportTarget::ProjectType,
    ImportTarget::EvaluationType,
    ImportTarget::EvaluationDesign,
    ImportTarget::EthicsRef,
];

/// The idea field a column feeds, where it feeds one.
pub(crate) fn field_of(target: ImportTarget) -> Option<IdeaField> {
    use ImportTarget as T;
    Some(match target {
        T::Title => IdeaField::Title,
        T::Problem => IdeaField::Problem,
        T::Solution => IdeaField::Solution,
        T::Affects => IdeaField::Affects,
        T::Site => IdeaField::Site,
        T::Department => IdeaField::Department,
        T::ClinicalSponsor => IdeaField::ClinicalSponsor,
        T::PocAim => IdeaField::PocAim,
        T::ProjectType => IdeaField::ProjectType,
        T::EvaluationType => IdeaField::EvaluationType,
        T::EvaluationDesign => IdeaField::EvaluationDesign,
        T::EthicsRef => IdeaField::EthicsRef,
        _ => return None,
    })
}

fn target_of(field: IdeaField) -> Option<ImportTarget> {
    use ImportTarget as T;
    let direct = ImportTarget::ALL.into_iter().find(|t| field_of(*t) == Some(field));
    direct.or(match field {
        IdeaField::Tag => Some(T::Tags),
        IdeaField::Submitted => Some(T::Submitted),
        IdeaField::SubmittedBy => Some(T::SubmittedBy),
        IdeaField::Supporters => Some(T::Supporters),
        IdeaField::Rationale => Some(T::Rationale),
        IdeaField::Decision => Some(T::Decision),
        IdeaField::Id => Some(T::SourceId),
        _ => None,
    })
}

/// A decision as a sheet writes it: "go", or Sprout's own label ("Go: on to the next stage").
fn decision(raw: &str) -> Option<Decision> {
    let word = raw.split([':', ' ']).next().unwrap_or_default();
    word.parse().ok()
}

/// A day as sheets write it: ISO (with or without a time, as Excel's dates read), or
/// the British DD/MM/YYYY.
pub(crate) fn date(raw: &str) -> Option<String> {
    let day = raw.trim().split([' ', 'T']).next().unwrap_or_default();
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(day, "%d/%m/%Y"))
        .ok()
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_as_sheets_write_them() {
        assert_eq!(date("2026-03-01").as_deref(), Some("2026-03-01"));
        assert_eq!(date("2026-03-01 14:05:00").as_deref(), Some("2026-03-01"));
        assert_eq!(date("01/03/2026").as_deref(), Some("2026-03-01"));
        assert_eq!(date("31/02/2026"), None);
        assert_eq!(date("March 1st"), None);
    }

    #[test]
    fn decisions_are_read_by_key_or_label() {
        assert_eq!(decision("Go: on to the next stage"), Some(Decision::Go));
        assert_eq!(decision("STOP"), Some(Decision::Stop));
        assert_eq!(decision("approved"), None);
    }
}
