//! Proof-of-concept records (DESIGN.md §2): the plan's scalars are idea fields; its
//! hypotheses, metrics and milestones are child records with ids of their own whose fields
//! merge like an idea's; actuals and status notes are append-only entries, so two devices'
//! entries are both kept. Pure: what a valid value is, and what a record adds up to.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::idea::IdeaField;
use crate::validate::{Invalid, MAX_TITLE_CHARS, Problem, optional_text, required_text};

/// The child records a POC holds.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum PocPart {
    Hypothesis,
    Metric,
    Milestone,
}

impl PocPart {
    pub fn key(self) -> &'static str {
        match self {
            PocPart::Hypothesis => "hypothesis",
            PocPart::Metric => "metric",
            PocPart::Milestone => "milestone",
        }
    }

    /// The fields a record of this part has.
    pub fn fields(self) -> &'static [IdeaField] {
        match self {
            PocPart::Hypothesis => &[IdeaField::Hypothesis, IdeaField::Measure],
            PocPart::Metric => &[
                IdeaField::Metric,
                IdeaField::Unit,
                IdeaField::Direction,
                IdeaField::Baseline,
                IdeaField::BaselineDate,
                IdeaField::BaselineSource,
                IdeaField::Target,
                IdeaField::TargetDate,
            ],
            PocPart::Milestone => &[
                IdeaField::Milestone,
                IdeaField::Due,
                IdeaField::Owner,
                IdeaField::MilestoneStatus,
                IdeaField::DoneDate,
            ],
        }
    }

    /// Whether a POC's project lead may write it (progress), not leads and admins alone
    /// (the plan).
    pub fn is_progress(self) -> bool {
        self == PocPart::Milestone
    }
}

/// Sets some fields of one child record of an idea's POC, creating it if its id is new.
/// Each field merges like an idea's: the greatest (HLC, actor) version stands.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PocPartSet {
    pub part: PocPart,
    pub record: Uuid,
    pub set: BTreeMap<IdeaField, String>,
}

/// What an append-only POC entry records.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PocEntryKind {
    /// A metric's measured value on a date.
    Actual,
    /// The POC's overall status, with a dated note.
    Status,
}

/// An append-only entry: never edited, never replaced, kept from every device.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PocLogged {
    pub kind: PocEntryKind,
    /// The metric an actual measures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<Uuid>,
    /// An actual's value, or a status's key.
    pub value: String,
    /// YYYY-MM-DD.
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A POC's overall status.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PocStatus {
    NotStarted,
    OnTrack,
    AtRisk,
    OffTrack,
    Finished,
    Stopped,
}

impl PocStatus {
    pub const ALL: [PocStatus; 6] = [
        PocStatus::NotStarted,
        PocStatus::OnTrack,
        PocStatus::AtRisk,
        PocStatus::OffTrack,
        PocStatus::Finished,
        PocStatus::Stopped,
    ];

    /// As stored and typed: `on-track`.
    pub fn key(self) -> &'static str {
        match self {
            PocStatus::NotStarted => "not-started",
            PocStatus::OnTrack => "on-track",
            PocStatus::AtRisk => "at-risk",
            PocStatus::OffTrack => "off-track",
            PocStatus::Finished => "finished",
            PocStatus::Stopped => "stopped",
        }
    }

    pub fn parse(raw: &str) -> Option<PocStatus> {
        let raw = raw.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        PocStatus::ALL.into_iter().find(|s| s.key() == raw)
    }
}

const PROJECT_TYPES: [&str; 4] = ["service-evaluation", "audit", "research", "qi"];
const EVALUATION_TYPES: [&str; 3] = ["process", "impact", "economic"];
const DIRECTIONS: [&str; 2] = ["higher", "lower"];
const MILESTONE_STATUSES: [&str; 3] = ["planned", "in-progress", "done"];

/// A date as every front door takes it: YYYY-MM-DD, a real day.
pub fn validate_date(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .filter(|_| t.len() == 10)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .ok_or(Invalid::new(field, Problem::NotADate))
}

/// A measured or target value: a finite decimal number, written back in its shortest form.
pub fn validate_number(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    let plain = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        && t.chars().filter(|c| *c == '.').count() <= 1;
    match t.parse::<f64>() {
        Ok(v) if plain && v.is_finite() => Ok(format!("{}", v + 0.0)),
        _ => Err(Invalid::new(field, Problem::NotANumber)),
    }
}

fn one_of(
    field: IdeaField,
    raw: &str,
    allowed: &'static str,
    options: &[&str],
) -> Result<String, Invalid> {
    let v = raw.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    if v.is_empty() || options.contains(&v.as_str()) {
        Ok(v)
    } else {
        Err(Invalid::new(field, Problem::NotOneOf { allowed }))
    }
}

fn short_line(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let t = optional_text(field, raw)?;
    if t.contains('\n') {
        return Err(Invalid::new(field, Problem::MultiLine));
    }
    let actual = t.chars().count();
    if actual > MAX_TITLE_CHARS {
        return Err(Invalid::new(field, Problem::TooLong { max: MAX_TITLE_CHARS, actual }));
    }
    Ok(t)
}

fn actor_id(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    Uuid::parse_str(t).map(|u| u.hyphenated().to_string()).map_err(|_| {
        Invalid::new(field, Problem::NotOneOf { allowed: "a hub member's name or actor id" })
    })
}

/// Checks one POC field's value, plan or record, and returns it as stored. An empty value
/// clears an optional field.
pub fn validate_poc_field(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let dated = |raw: &str| {
        if raw.trim().is_empty() { Ok(String::new()) } else { validate_date(field, raw) }
    };
    let numeric = |raw: &str| {
        if raw.trim().is_empty() { Ok(String::new()) } else { validate_number(field, raw) }
    };
    match field {
        IdeaField::PocAim | IdeaField::EvaluationDesign | IdeaField::Hypothesis => {
            optional_text(field, raw)
        }
        IdeaField::Measure
        | IdeaField::Metric
        | IdeaField::Unit
        | IdeaField::BaselineSource
        | IdeaField::Milestone
        | IdeaField::EthicsRef => short_line(field, raw),
        IdeaField::ProjectLead | IdeaField::Owner => actor_id(field, raw),
        IdeaField::ProjectType => {
            one_of(field, raw, "service-evaluation, audit, research or qi", &PROJECT_TYPES)
        }
        IdeaField::EvaluationType => {
            one_of(field, raw, "process, impact or economic", &EVALUATION_TYPES)
        }
        IdeaField::Direction => one_of(field, raw, "higher or lower", &DIRECTIONS),
        IdeaField::MilestoneStatus => {
            one_of(field, raw, "planned, in-progress or done", &MILESTONE_STATUSES)
        }
        IdeaField::Baseline | IdeaField::Target => numeric(raw),
        IdeaField::BaselineDate | IdeaField::TargetDate | IdeaField::Due | IdeaField::DoneDate => {
            dated(raw)
        }
        _ => Err(Invalid::new(field, Problem::NotOneOf { allowed: "a POC field" })),
    }
}

/// Checks a record's fields: each must be one its part has, with a valid value.
pub fn validate_part(
    part: PocPart,
    record: Uuid,
    set: &BTreeMap<IdeaField, String>,
) -> Result<PocPartSet, Invalid> {
    if set.is_empty() {
        return Err(Invalid::new(part_name(part), Problem::NothingToChange));
    }
    let mut clean = BTreeMap::new();
    for (field, value) in set {
        if !part.fields().contains(field) {
            return Err(Invalid::new(
                *field,
                Problem::NotOneOf { allowed: "a field of this record" },
            ));
        }
        clean.insert(*field, validate_poc_field(*field, value)?);
    }
    Ok(PocPartSet { part, record, set: clean })
}

/// The field that names a record of `part` in messages.
pub fn part_name(part: PocPart) -> IdeaField {
    match part {
        PocPart::Hypothesis => IdeaField::Hypothesis,
        PocPart::Metric => IdeaField::Metric,
        PocPart::Milestone => IdeaField::Milestone,
    }
}

/// Checks an actual: a number on a date, for a metric.
pub fn validate_actual(metric: Uuid, value: &str, date: &str) -> Result<PocLogged, Invalid> {
    Ok(PocLogged {
        kind: PocEntryKind::Actual,
        metric: Some(metric),
        value: validate_number(IdeaField::Actual, value)?,
        date: validate_date(IdeaField::ActualDate, date)?,
        note: String::new(),
    })
}

/// Checks a status note: one of the statuses, a date and a note saying why.
pub fn validate_status(status: &str, note: &str, date: &str) -> Result<PocLogged, Invalid> {
    let status = PocStatus::parse(status).ok_or(Invalid::new(
        IdeaField::PocStatus,
        Problem::NotOneOf {
            allowed: "not-started, on-track, at-risk, off-track, finished or stopped",
        },
    ))?;
    Ok(PocLogged {
        kind: PocEntryKind::Status,
        metric: None,
        value: status.key().to_owned(),
        date: validate_date(IdeaField::StatusNote, date)?,
        note: required_text(IdeaField::StatusNote, note)?,
    })
}

/// Checks a logged entry as received, exactly as a local write is checked.
pub fn validate_logged(entry: &PocLogged) -> Result<PocLogged, Invalid> {
    match entry.kind {
        PocEntryKind::Actual => {
            let metric = entry.metric.ok_or(Invalid::new(IdeaField::Metric, Problem::Empty))?;
            validate_actual(metric, &entry.value, &entry.date)
        }
        PocEntryKind::Status => validate_status(&entry.value, &entry.note, &entry.date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_real_days_written_one_way() {
        assert_eq!(validate_date(IdeaField::Due, " 2026-02-28 ").unwrap(), "2026-02-28");
        for bad in ["2026-02-30", "28/02/2026", "2026-2-8", "", "tomorrow"] {
            let e = validate_date(IdeaField::Due, bad).unwrap_err();
            assert_eq!(
                e.message(),
                "due date must be a date written YYYY-MM-DD, such as 2026-03-31"
            );
        }
    }

    #[test]
    fn numbers_are_plain_decimals_in_their_shortest_form() {
        assert_eq!(validate_number(IdeaField::Target, "12.50").unwrap(), "12.5");
        assert_eq!(validate_number(IdeaField::Target, "-0").unwrap(), "0");
        assert_eq!(validate_number(IdeaField::Target, "7").unwrap(), "7");
        for bad in ["1e9", "NaN", "inf", "12,5", "£3", "", "1.2.3"] {
            assert!(validate_number(IdeaField::Target, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_record_takes_only_its_own_fields() {
        let id = Uuid::now_v7();
        let metric = BTreeMap::from([
            (IdeaField::Metric, " Falls per 1,000 bed days ".to_owned()),
            (IdeaField::Direction, "Lower".to_owned()),
            (IdeaField::Target, "4.0".to_owned()),
        ]);
        let set = validate_part(PocPart::Metric, id, &metric).unwrap();
        assert_eq!(set.set[&IdeaField::Metric], "Falls per 1,000 bed days");
        assert_eq!(set.set[&IdeaField::Direction], "lower");
        assert_eq!(set.set[&IdeaField::Target], "4");
        let stray = BTreeMap::from([(IdeaField::Due, "2026-01-01".to_owned())]);
        assert!(validate_part(PocPart::Metric, id, &stray).is_err());
        assert!(validate_part(PocPart::Metric, id, &BTreeMap::new()).is_err());
    }

    #[test]
    fn statuses_and_actuals_are_checked_whole() {
        let s = validate_status("At risk", "Recruitment slow", "2026-11-01").unwrap();
        assert_eq!((s.value.as_str(), s.note.as_str()), ("at-risk", "Recruitment slow"));
        assert!(validate_status("fine", "x", "2026-11-01").is_err());
        assert!(validate_status("on-track", " ", "2026-11-01").is_err());
        let a = validate_actual(Uuid::nil(), "3.20", "2026-11-02").unwrap();
        assert_eq!(validate_logged(&a), Ok(a));
    }
}
