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
    Budget,
    Risk,
    /// A site taking part in the POC.
    Site,
    /// A site considering an adopted idea.
    Spread,
    /// An evidence document, stored in the hub under its SHA-256.
    Attachment,
}

impl PocPart {
    pub fn key(self) -> &'static str {
        match self {
            PocPart::Hypothesis => "hypothesis",
            PocPart::Metric => "metric",
            PocPart::Milestone => "milestone",
            PocPart::Budget => "budget",
            PocPart::Risk => "risk",
            PocPart::Site => "site",
            PocPart::Spread => "spread",
            PocPart::Attachment => "attachment",
        }
    }

    /// Parts keyed by their site: one record per site, whichever device writes it first.
    pub fn is_per_site(self) -> bool {
        matches!(self, PocPart::Site | PocPart::Spread)
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
            PocPart::Budget => &[
                IdeaField::Category,
                IdeaField::Funder,
                IdeaField::Planned,
                IdeaField::Committed,
                IdeaField::Spent,
            ],
            PocPart::Risk => &[
                IdeaField::Risk,
                IdeaField::Likelihood,
                IdeaField::Impact,
                IdeaField::Owner,
                IdeaField::Mitigation,
                IdeaField::RiskStatus,
            ],
            PocPart::Site => &[
                IdeaField::Site,
                IdeaField::LocalLead,
                IdeaField::SiteStatus,
                IdeaField::Start,
                IdeaField::End,
            ],
            PocPart::Spread => &[
                IdeaField::Site,
                IdeaField::SpreadStatus,
                IdeaField::Reason,
                IdeaField::LocalLead,
                IdeaField::Start,
                IdeaField::Assurance,
            ],
            PocPart::Attachment => &[IdeaField::FileName, IdeaField::FileHash, IdeaField::FileSize],
        }
    }

    /// Whether a POC's project lead may write it (progress), not leads and admins alone
    /// (the plan).
    pub fn is_progress(self) -> bool {
        matches!(
            self,
            PocPart::Milestone
                | PocPart::Risk
                | PocPart::Site
                | PocPart::Spread
                | PocPart::Attachment
        )
    }
}

/// The record id of `site`'s entry of a per-site part of an idea: the same on every device,
/// so two PCs recording one site's status write one record, merged field by field.
pub fn site_record(idea: Uuid, part: PocPart, site: &str) -> Uuid {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"sprout poc site\0");
    h.update(idea.as_bytes());
    h.update(part.key().as_bytes());
    h.update([0]);
    h.update(site.trim().to_lowercase().as_bytes());
    let digest = h.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// The local assurance a site may need before adopting, each answered once per site.
pub const ASSURANCES: [(&str, &str); 5] = [
    ("dcb0160", "Clinical safety sign-off (DCB0160)"),
    ("dtac", "Digital Technology Assessment Criteria (DTAC)"),
    ("dpia", "Data protection impact assessment (DPIA)"),
    ("dspt", "Data Security and Protection Toolkit"),
    ("ig", "Information governance approval"),
];

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

    /// As people read it: "On track".
    pub fn label(self) -> &'static str {
        match self {
            PocStatus::NotStarted => "Not started",
            PocStatus::OnTrack => "On track",
            PocStatus::AtRisk => "At risk",
            PocStatus::OffTrack => "Off track",
            PocStatus::Finished => "Finished",
            PocStatus::Stopped => "Stopped",
        }
    }

    pub fn parse(raw: &str) -> Option<PocStatus> {
        let raw = raw.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        PocStatus::ALL.into_iter().find(|s| s.key() == raw)
    }
}

/// The choices a POC field allows, each with the words people read.
pub(crate) type Choices = &'static [(&'static str, &'static str)];

const PROJECT_TYPES: Choices = &[
    ("service-evaluation", "Service evaluation"),
    ("audit", "Audit"),
    ("research", "Research (needs an ethics/IRAS reference)"),
    ("qi", "Quality improvement"),
];
const EVALUATION_TYPES: Choices =
    &[("process", "Process"), ("impact", "Impact"), ("economic", "Economic")];
const DIRECTIONS: Choices = &[("higher", "Higher is better"), ("lower", "Lower is better")];
const MILESTONE_STATUSES: Choices =
    &[("planned", "Planned"), ("in-progress", "In progress"), ("done", "Done")];
const RISK_STATUSES: Choices = &[("open", "Open"), ("closed", "Closed")];
const SITE_STATUSES: Choices = &[
    ("planned", "Planned"),
    ("running", "Running"),
    ("finished", "Finished"),
    ("withdrawn", "Withdrawn"),
];
const SPREAD_STATUSES: Choices = &[
    ("interested", "Interested"),
    ("planning", "Planning"),
    ("adopting", "Adopting"),
    ("live", "Live"),
    ("declined", "Declined"),
];

/// One choice of a POC field, as stored and as read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct Choice {
    pub key: String,
    pub label: String,
}

/// The choices of every POC field that has them, for the screens' selects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct PocChoices {
    pub field: IdeaField,
    pub choices: Vec<Choice>,
}

/// Every POC field with a fixed set of answers, and those answers.
pub fn poc_choices() -> Vec<PocChoices> {
    let statuses: Vec<(&str, &str)> = PocStatus::ALL.iter().map(|s| (s.key(), s.label())).collect();
    [
        (IdeaField::PocStatus, statuses.as_slice()),
        (IdeaField::ProjectType, PROJECT_TYPES),
        (IdeaField::EvaluationType, EVALUATION_TYPES),
        (IdeaField::Direction, DIRECTIONS),
        (IdeaField::MilestoneStatus, MILESTONE_STATUSES),
        (IdeaField::RiskStatus, RISK_STATUSES),
        (IdeaField::SiteStatus, SITE_STATUSES),
        (IdeaField::SpreadStatus, SPREAD_STATUSES),
        (IdeaField::Assurance, ASSURANCES.as_slice()),
        (IdeaField::Likelihood, RATINGS),
        (IdeaField::Impact, RATINGS),
    ]
    .into_iter()
    .map(|(field, choices)| PocChoices {
        field,
        choices: choices
            .iter()
            .map(|(key, label)| Choice { key: (*key).into(), label: (*label).into() })
            .collect(),
    })
    .collect()
}

/// The largest evidence document a POC takes: a report or a spreadsheet, not a video.
pub const MAX_ATTACHMENT_BYTES: u64 = 20 * 1024 * 1024;

/// A file's name as shown: its last path part, one line, no control characters.
fn file_name(raw: &str) -> Result<String, Invalid> {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or(raw);
    let name = short_line(IdeaField::FileName, name)?;
    if name.is_empty() {
        return Err(Invalid::new(IdeaField::FileName, Problem::Empty));
    }
    Ok(name)
}

/// Money typed in pounds (`1234.5`, `£1,234.50`), as whole pence: never a float, so totals
/// never drift. At most two decimals; never negative.
pub fn validate_pounds(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let bad = || Invalid::new(field, Problem::NotMoney);
    let t: String = raw.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
    let (whole, pence) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || pence.len() > 2
        || !pence.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 12
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let pence: i64 = format!("{pence:0<2}").parse().map_err(|_| bad())?;
    Ok((whole * 100 + pence).to_string())
}

/// Whole pence as stored, checked as received.
pub(crate) fn stored_pence(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    match raw.parse::<i64>() {
        Ok(p) if (0..=99_999_999_999_999).contains(&p) && p.to_string() == raw => Ok(raw.into()),
        _ => Err(Invalid::new(field, Problem::NotMoney)),
    }
}

/// Pence as pounds for people: `£1,234.50`.
pub fn format_pence(pence: i64) -> String {
    let (pounds, p) = (pence.abs() / 100, pence.abs() % 100);
    let digits = pounds.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{}£{grouped}.{p:02}", if pence < 0 { "-" } else { "" })
}

fn assurance(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let mut given = Vec::new();
    for part in raw.split(',').map(|p| p.trim().to_ascii_lowercase()).filter(|p| !p.is_empty()) {
        if !ASSURANCES.iter().any(|(k, _)| *k == part) {
            return Err(Invalid::new(
                field,
                Problem::NotOneOf { allowed: "any of dcb0160, dtac, dpia, dspt and ig" },
            ));
        }
        given.push(part);
    }
    Ok(ASSURANCES
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| given.iter().any(|g| g == k))
        .collect::<Vec<_>>()
        .join(","))
}

/// A risk's likelihood and impact, each rated 1 (rare, slight) to 5 (almost certain,
/// severe), as [`one_to_five`] reads them.
const RATINGS: &[(&str, &str)] = &[("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")];

fn one_to_five(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    match t.parse::<u8>() {
        Ok(n @ 1..=5) => Ok(n.to_string()),
        _ => Err(Invalid::new(field, Problem::NotOneOf { allowed: "a whole number from 1 to 5" })),
    }
}

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

pub(crate) fn one_of(
    field: IdeaField,
    raw: &str,
    allowed: &'static str,
    options: Choices,
) -> Result<String, Invalid> {
    let v = raw.trim().to_ascii_lowercase().replace([' ', '_'], "-");
    if v.is_empty() || options.iter().any(|(k, _)| *k == v) {
        Ok(v)
    } else {
        Err(Invalid::new(field, Problem::NotOneOf { allowed }))
    }
}

pub(crate) fn short_line(field: IdeaField, raw: &str) -> Result<String, Invalid> {
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

pub(crate) fn actor_id(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    Uuid::parse_str(t).map(|u| u.hyphenated().to_string()).map_err(|_| {
        Invalid::new(field, Problem::NotOneOf { allowed: "a hub member's name or actor id" })
    })
}

/// Whether a POC field holds words a person wrote, which the patient-data guard reads.
/// The rest are ids, numbers, money, dates and choices, checked by their own rules: a
/// budget of £12,345,678.90 is 1234567890 pence, whose digits are no NHS number.
pub fn is_prose(field: IdeaField) -> bool {
    matches!(
        field,
        IdeaField::PocAim
            | IdeaField::EvaluationDesign
            | IdeaField::EthicsRef
            | IdeaField::Hypothesis
            | IdeaField::Measure
            | IdeaField::Metric
            | IdeaField::Unit
            | IdeaField::BaselineSource
            | IdeaField::Milestone
            | IdeaField::Category
            | IdeaField::Funder
            | IdeaField::Site
            | IdeaField::Risk
            | IdeaField::Mitigation
            | IdeaField::Reason
            | IdeaField::FileName
    )
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
        | IdeaField::EthicsRef
        | IdeaField::Category
        | IdeaField::Funder
        | IdeaField::Site => short_line(field, raw),
        IdeaField::Risk | IdeaField::Mitigation | IdeaField::Reason => optional_text(field, raw),
        IdeaField::ProjectLead | IdeaField::Owner | IdeaField::LocalLead => actor_id(field, raw),
        IdeaField::Planned | IdeaField::Committed | IdeaField::Spent => {
            if raw.is_empty() {
                Ok(String::new())
            } else {
                stored_pence(field, raw)
            }
        }
        IdeaField::Likelihood | IdeaField::Impact => one_to_five(field, raw),
        IdeaField::RiskStatus => one_of(field, raw, "open or closed", RISK_STATUSES),
        IdeaField::SiteStatus => {
            one_of(field, raw, "planned, running, finished or withdrawn", SITE_STATUSES)
        }
        IdeaField::SpreadStatus => {
            one_of(field, raw, "interested, planning, adopting, live or declined", SPREAD_STATUSES)
        }
        IdeaField::Assurance => assurance(field, raw),
        IdeaField::FileName => file_name(raw),
        IdeaField::FileHash => {
            let t = raw.trim();
            if t.len() == 64 && t.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)) {
                Ok(t.to_owned())
            } else {
                Err(Invalid::new(
                    field,
                    Problem::NotOneOf { allowed: "a SHA-256 in lower-case hex" },
                ))
            }
        }
        IdeaField::FileSize => match raw.trim().parse::<u64>() {
            Ok(n) if n <= MAX_ATTACHMENT_BYTES => Ok(n.to_string()),
            _ => Err(Invalid::new(field, Problem::NotOneOf { allowed: "a size within the limit" })),
        },
        IdeaField::Start | IdeaField::End => dated(raw),
        IdeaField::ProjectType => {
            one_of(field, raw, "service-evaluation, audit, research or qi", PROJECT_TYPES)
        }
        IdeaField::EvaluationType => {
            one_of(field, raw, "process, impact or economic", EVALUATION_TYPES)
        }
        IdeaField::Direction => one_of(field, raw, "higher or lower", DIRECTIONS),
        IdeaField::MilestoneStatus => {
            one_of(field, raw, "planned, in-progress or done", MILESTONE_STATUSES)
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
    idea: Uuid,
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
    if part.is_per_site() {
        // A per-site record names its site, and lives at the id that site gives it.
        let site = clean.get(&IdeaField::Site).filter(|s| !s.is_empty());
        let Some(site) = site else { return Err(Invalid::new(IdeaField::Site, Problem::Empty)) };
        if record != site_record(idea, part, site) {
            let allowed = "the site this record is for";
            return Err(Invalid::new(IdeaField::Site, Problem::NotOneOf { allowed }));
        }
    }
    Ok(PocPartSet { part, record, set: clean })
}

/// The field that names a record of `part` in messages.
pub fn part_name(part: PocPart) -> IdeaField {
    match part {
        PocPart::Hypothesis => IdeaField::Hypothesis,
        PocPart::Metric => IdeaField::Metric,
        PocPart::Milestone => IdeaField::Milestone,
        PocPart::Budget => IdeaField::Category,
        PocPart::Risk => IdeaField::Risk,
        PocPart::Site | PocPart::Spread => IdeaField::Site,
        PocPart::Attachment => IdeaField::FileName,
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
        let set = validate_part(Uuid::nil(), PocPart::Metric, id, &metric).unwrap();
        assert_eq!(set.set[&IdeaField::Metric], "Falls per 1,000 bed days");
        assert_eq!(set.set[&IdeaField::Direction], "lower");
        assert_eq!(set.set[&IdeaField::Target], "4");
        let stray = BTreeMap::from([(IdeaField::Due, "2026-01-01".to_owned())]);
        assert!(validate_part(Uuid::nil(), PocPart::Metric, id, &stray).is_err());
        assert!(validate_part(Uuid::nil(), PocPart::Metric, id, &BTreeMap::new()).is_err());
    }

    #[test]
    fn money_is_whole_pence_from_pounds_as_typed() {
        let f = IdeaField::Planned;
        assert_eq!(validate_pounds(f, "£1,234.5").unwrap(), "123450");
        assert_eq!(validate_pounds(f, "300000").unwrap(), "30000000");
        assert_eq!(validate_pounds(f, "0.07").unwrap(), "7");
        for bad in ["-5", "1.234", "12p", "", "£", "1e3", "1.2.3"] {
            let e = validate_pounds(f, bad).unwrap_err();
            assert_eq!(
                e.message(),
                "planned amount must be an amount in pounds, such as 1250 or 1,250.50"
            );
        }
        assert_eq!(format_pence(123_450), "£1,234.50");
        assert_eq!(format_pence(30_000_000), "£300,000.00");
        assert_eq!(format_pence(7), "£0.07");
    }

    #[test]
    fn a_site_has_one_record_per_idea_whoever_writes_it() {
        let (idea, other) = (Uuid::now_v7(), Uuid::now_v7());
        let id = site_record(idea, PocPart::Spread, "Royal Infirmary");
        assert_eq!(id, site_record(idea, PocPart::Spread, " royal infirmary "));
        assert_ne!(id, site_record(other, PocPart::Spread, "Royal Infirmary"));
        assert_ne!(id, site_record(idea, PocPart::Site, "Royal Infirmary"));
        let set = BTreeMap::from([
            (IdeaField::Site, "Royal Infirmary".to_owned()),
            (IdeaField::SpreadStatus, "Live".to_owned()),
            (IdeaField::Assurance, "dtac, DCB0160".to_owned()),
        ]);
        let ok = validate_part(idea, PocPart::Spread, id, &set).unwrap();
        assert_eq!(ok.set[&IdeaField::Assurance], "dcb0160,dtac");
        assert!(validate_part(idea, PocPart::Spread, Uuid::now_v7(), &set).is_err(), "another id");
        assert!(validate_part(other, PocPart::Spread, id, &set).is_err(), "another idea");
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
