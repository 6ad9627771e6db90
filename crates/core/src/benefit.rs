//! Benefits realisation (DESIGN.md §2, *Benefits*): each idea's register of what it was
//! expected to deliver, with the Green Book's fields; the states a benefit passes through
//! until it is verified; and its forecasts and actuals by NHS financial-year quarter and
//! site. Fields merge like a POC record's; state moves and entries are append-only ops.
//! Pure: what a valid value is, a quarter, and where a benefit's moves leave it.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::idea::IdeaField;
use crate::poc::{Choices, one_of, short_line, stored_pence, validate_date, validate_number};
use crate::validate::{Invalid, Problem, optional_text, required_text};

/// Sets some fields of one of an idea's benefits, creating it if its id is new. Each field
/// merges like an idea's: the greatest (HLC, actor) version stands, and every version is
/// kept, so a baseline changed after planning shows in the benefit's history.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitSet {
    pub benefit: Uuid,
    pub set: BTreeMap<IdeaField, String>,
}

/// A benefit moved from one state to the next (or to not realised or withdrawn), with the
/// reason. Append-only; where a benefit stands is worked out over all of its moves.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitMoved {
    pub benefit: Uuid,
    pub from: BenefitState,
    pub to: BenefitState,
    pub rationale: String,
    /// Verifying: "NAME, ROLE" of the finance person who confirmed it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub finance: String,
    /// Validating: the estimate validated, in thousandths of the benefit's unit (tenths of
    /// a penny for money), which estimating accuracy compares actuals against.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub estimate: String,
}

/// What a benefit entry records.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum BenefitEntryKind {
    /// What is expected in a quarter at a site.
    Forecast,
    /// What was delivered in a quarter at a site.
    Actual,
    /// A review after go-live (3, 6 or 12 months) held at a site, with what it found.
    Review,
    /// A review's due date moved.
    ReviewDue,
}

impl BenefitEntryKind {
    pub fn key(self) -> &'static str {
        match self {
            BenefitEntryKind::Forecast => "forecast",
            BenefitEntryKind::Actual => "actual",
            BenefitEntryKind::Review => "review",
            BenefitEntryKind::ReviewDue => "review_due",
        }
    }

    pub fn parse(raw: &str) -> Option<BenefitEntryKind> {
        [
            BenefitEntryKind::Forecast,
            BenefitEntryKind::Actual,
            BenefitEntryKind::Review,
            BenefitEntryKind::ReviewDue,
        ]
        .into_iter()
        .find(|k| k.key() == raw)
    }
}

/// An append-only benefit entry. A forecast or actual for the same benefit, quarter and
/// site replaces the one before it (the greatest (HLC, actor) stands); reviews are kept.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BenefitLogged {
    pub benefit: Uuid,
    pub kind: BenefitEntryKind,
    /// A forecast's or actual's quarter, written "Q3 2026/27".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quarter: String,
    pub site: String,
    /// A forecast's or actual's amount (a decimal in the benefit's unit; pounds for
    /// money), or a review's months after go-live (3, 6 or 12).
    pub value: String,
    /// A review's date held, or its new due date.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// What a review found.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Where a benefit stands, in the order government project delivery guidance tracks one:
/// "identified, valued, planned, realised and reviewed", until verified.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum BenefitState {
    Identified,
    Estimated,
    Validated,
    Planned,
    Realising,
    Realised,
    Verified,
    NotRealised,
    Withdrawn,
}

impl BenefitState {
    pub const ALL: [BenefitState; 9] = [
        BenefitState::Identified,
        BenefitState::Estimated,
        BenefitState::Validated,
        BenefitState::Planned,
        BenefitState::Realising,
        BenefitState::Realised,
        BenefitState::Verified,
        BenefitState::NotRealised,
        BenefitState::Withdrawn,
    ];

    pub fn key(self) -> &'static str {
        match self {
            BenefitState::Identified => "identified",
            BenefitState::Estimated => "estimated",
            BenefitState::Validated => "validated",
            BenefitState::Planned => "planned",
            BenefitState::Realising => "realising",
            BenefitState::Realised => "realised",
            BenefitState::Verified => "verified",
            BenefitState::NotRealised => "not-realised",
            BenefitState::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BenefitState::Identified => "Identified",
            BenefitState::Estimated => "Estimated",
            BenefitState::Validated => "Validated",
            BenefitState::Planned => "Planned",
            BenefitState::Realising => "Realising",
            BenefitState::Realised => "Realised",
            BenefitState::Verified => "Verified",
            BenefitState::NotRealised => "Not realised",
            BenefitState::Withdrawn => "Withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Result<BenefitState, Invalid> {
        let raw = raw.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        BenefitState::ALL.into_iter().find(|s| s.key() == raw).ok_or(Invalid::new(
            IdeaField::BenefitState,
            Problem::NotOneOf {
                allowed: "identified, estimated, validated, planned, realising, realised, verified, not-realised or withdrawn",
            },
        ))
    }

    pub fn next(self) -> Option<BenefitState> {
        use BenefitState as S;
        match self {
            S::Identified => Some(S::Estimated),
            S::Estimated => Some(S::Validated),
            S::Validated => Some(S::Planned),
            S::Planned => Some(S::Realising),
            S::Realising => Some(S::Realised),
            S::Realised => Some(S::Verified),
            S::Verified | S::NotRealised | S::Withdrawn => None,
        }
    }

    /// Whether it is over: verified, not realised or withdrawn.
    pub fn is_final(self) -> bool {
        self.next().is_none()
    }

    /// One step at a time; not realised or withdrawn from any state that is not over.
    pub fn may_move(self, to: BenefitState) -> bool {
        self.next() == Some(to)
            || (matches!(to, BenefitState::NotRealised | BenefitState::Withdrawn)
                && !self.is_final())
    }

    /// Validated or later on the way to verified: its baseline and target were checked.
    pub fn is_validated(self) -> bool {
        matches!(
            self,
            BenefitState::Validated
                | BenefitState::Planned
                | BenefitState::Realising
                | BenefitState::Realised
                | BenefitState::Verified
        )
    }
}

pub const BENEFIT_CLASSES: Choices = &[
    ("cash-releasing", "Cash-releasing"),
    ("non-cash-releasing", "Non-cash-releasing"),
    ("quantifiable", "Quantifiable, not monetised"),
    ("qualitative", "Qualitative"),
];
pub const BENEFIT_CATEGORIES: Choices = &[
    ("direct-public", "Direct public sector"),
    ("indirect-public", "Indirect public sector"),
    ("wider-society", "Wider society"),
];
pub const CONFIDENCE: Choices = &[("low", "Low"), ("medium", "Medium"), ("high", "High")];
const YES_NO: Choices = &[("yes", "Yes"), ("no", "No")];

/// The fields a benefit has, in the Green Book's order (Box 9).
pub const BENEFIT_FIELDS: [IdeaField; 21] = [
    IdeaField::Title,
    IdeaField::BenefitCategory,
    IdeaField::BenefitClass,
    IdeaField::Description,
    IdeaField::ServiceFeature,
    IdeaField::CostToSecure,
    IdeaField::ResponsibleOfficer,
    IdeaField::OperationalOwner,
    IdeaField::Measure,
    IdeaField::Unit,
    IdeaField::Baseline,
    IdeaField::BaselineDate,
    IdeaField::Target,
    IdeaField::TargetDate,
    IdeaField::ValuePerYear,
    IdeaField::Timescale,
    IdeaField::Disbenefit,
    IdeaField::Assumptions,
    IdeaField::Confidence,
    IdeaField::FromMetric,
    IdeaField::Site,
];

/// The longest a benefit is tracked: thirty years.
const MAX_TIMESCALE_YEARS: u32 = 30;

/// Whether a benefit field holds words a person wrote, which the patient-data guard reads.
/// A responsible officer or owner on the roster is an actor id, not prose.
pub fn is_benefit_prose(field: IdeaField, value: &str) -> bool {
    use IdeaField as F;
    match field {
        F::Title
        | F::Description
        | F::ServiceFeature
        | F::Measure
        | F::Unit
        | F::Assumptions
        | F::Site => true,
        F::ResponsibleOfficer | F::OperationalOwner => Uuid::parse_str(value.trim()).is_err(),
        _ => false,
    }
}

/// Checks one benefit field's value and returns it as stored. An empty value clears an
/// optional field; amounts arrive as stored pence.
pub fn validate_benefit_field(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    use IdeaField as F;
    let dated = |raw: &str| {
        if raw.trim().is_empty() { Ok(String::new()) } else { validate_date(field, raw) }
    };
    let numeric = |raw: &str| {
        if raw.trim().is_empty() { Ok(String::new()) } else { validate_number(field, raw) }
    };
    match field {
        F::Title | F::ServiceFeature | F::Measure | F::Unit | F::Site => short_line(field, raw),
        F::Description | F::Assumptions => optional_text(field, raw),
        F::ResponsibleOfficer | F::OperationalOwner => short_line(field, raw),
        F::BenefitClass => one_of(
            field,
            raw,
            "cash-releasing, non-cash-releasing, quantifiable or qualitative",
            BENEFIT_CLASSES,
        ),
        F::BenefitCategory => one_of(
            field,
            raw,
            "direct-public, indirect-public or wider-society",
            BENEFIT_CATEGORIES,
        ),
        F::Confidence => one_of(field, raw, "low, medium or high", CONFIDENCE),
        F::Disbenefit => one_of(field, raw, "yes or no", YES_NO),
        F::CostToSecure | F::ValuePerYear => {
            if raw.is_empty() {
                Ok(String::new())
            } else {
                stored_pence(field, raw)
            }
        }
        F::Timescale => match raw.trim() {
            "" => Ok(String::new()),
            t => match t.parse::<u32>() {
                Ok(n @ 1..=MAX_TIMESCALE_YEARS) => Ok(n.to_string()),
                _ => Err(Invalid::new(
                    field,
                    Problem::NotShaped { shape: "a whole number of years from 1 to 30" },
                )),
            },
        },
        F::Baseline | F::Target => numeric(raw),
        F::BaselineDate | F::TargetDate => dated(raw),
        F::FromMetric => match raw.trim() {
            "" => Ok(String::new()),
            t => Uuid::parse_str(t).map(|u| u.hyphenated().to_string()).map_err(|_| {
                Invalid::new(field, Problem::NotShaped { shape: "a POC metric's id" })
            }),
        },
        _ => Err(Invalid::new(field, Problem::NotOneOf { allowed: "a field of a benefit" })),
    }
}

/// Checks a benefit's fields as a local write and a received op are checked alike.
pub fn validate_benefit(
    benefit: Uuid,
    set: &BTreeMap<IdeaField, String>,
) -> Result<BenefitSet, Invalid> {
    if set.is_empty() {
        return Err(Invalid::new(IdeaField::Title, Problem::NothingToChange));
    }
    if benefit.is_nil() {
        return Err(Invalid::new(IdeaField::Title, Problem::NotAnId { given: String::new() }));
    }
    let mut clean = BTreeMap::new();
    for (field, value) in set {
        if !BENEFIT_FIELDS.contains(field) {
            return Err(Invalid::new(
                *field,
                Problem::NotOneOf { allowed: "a field of a benefit" },
            ));
        }
        clean.insert(*field, validate_benefit_field(*field, value)?);
    }
    if clean.get(&IdeaField::Title).is_some_and(String::is_empty) {
        return Err(Invalid::new(IdeaField::Title, Problem::Empty));
    }
    Ok(BenefitSet { benefit, set: clean })
}

/// Checks a state move: a reason, one step (or to not realised or withdrawn), the finance
/// person's name and role where given, and a validated estimate as a whole number.
pub fn validate_benefit_move(moved: &BenefitMoved) -> Result<BenefitMoved, Invalid> {
    let rationale = required_text(IdeaField::Rationale, &moved.rationale)?;
    if !moved.from.may_move(moved.to) {
        let reason = format!(
            "a benefit moves one state at a time (from {} the next is {}), or to not-realised or withdrawn",
            moved.from.key(),
            moved.from.next().map_or("none", BenefitState::key)
        );
        return Err(Invalid::new(IdeaField::BenefitState, Problem::GateClosed { reason }));
    }
    let finance = short_line(IdeaField::Finance, &moved.finance)?;
    if !finance.is_empty() && !is_name_and_role(&finance) {
        return Err(Invalid::new(
            IdeaField::Finance,
            Problem::NotShaped { shape: "the finance person's name and role, as \"NAME, ROLE\"" },
        ));
    }
    let estimate = moved.estimate.trim();
    if !estimate.is_empty() && (estimate.parse::<i64>().is_err() || estimate.len() > 19) {
        return Err(Invalid::new(IdeaField::Target, Problem::NotANumber));
    }
    Ok(BenefitMoved {
        benefit: moved.benefit,
        from: moved.from,
        to: moved.to,
        rationale,
        finance,
        estimate: estimate.to_owned(),
    })
}

fn is_name_and_role(text: &str) -> bool {
    text.split_once(',')
        .is_some_and(|(name, role)| !name.trim().is_empty() && !role.trim().is_empty())
}

/// Checks an entry: a forecast or actual names a quarter and a decimal amount; a review
/// names its months (3, 6 or 12) and a date. Every entry names its site.
pub fn validate_benefit_entry(entry: &BenefitLogged) -> Result<BenefitLogged, Invalid> {
    let site = short_line(IdeaField::Site, &entry.site)?;
    if site.is_empty() {
        return Err(Invalid::new(IdeaField::Site, Problem::Empty));
    }
    let mut clean = BenefitLogged {
        benefit: entry.benefit,
        kind: entry.kind,
        quarter: String::new(),
        site,
        value: String::new(),
        date: String::new(),
        note: String::new(),
    };
    match entry.kind {
        BenefitEntryKind::Forecast | BenefitEntryKind::Actual => {
            clean.quarter = Quarter::parse(&entry.quarter)?.to_string();
            let field = if entry.kind == BenefitEntryKind::Actual {
                IdeaField::Actual
            } else {
                IdeaField::Forecast
            };
            clean.value = validate_amount(field, &entry.value)?;
            if !entry.date.is_empty() || !entry.note.is_empty() {
                return Err(Invalid::new(
                    field,
                    Problem::NotOneOf { allowed: "a quarter and an amount" },
                ));
            }
        }
        BenefitEntryKind::Review | BenefitEntryKind::ReviewDue => {
            if !entry.quarter.is_empty() {
                return Err(Invalid::new(
                    IdeaField::Quarter,
                    Problem::NotOneOf { allowed: "no quarter for a review" },
                ));
            }
            clean.value = match entry.value.trim() {
                m @ ("3" | "6" | "12") => m.to_owned(),
                _ => {
                    return Err(Invalid::new(
                        IdeaField::ReviewMonths,
                        Problem::NotOneOf { allowed: "3, 6 or 12 (months after go-live)" },
                    ));
                }
            };
            clean.date = validate_date(IdeaField::ReviewMonths, &entry.date)?;
            clean.note = if entry.kind == BenefitEntryKind::Review {
                required_text(IdeaField::StatusNote, &entry.note)?
            } else {
                optional_text(IdeaField::StatusNote, &entry.note)?
            };
        }
    }
    Ok(clean)
}

/// A forecast's or actual's amount: a decimal with at most three places (two for money,
/// which the writer checks), written in its shortest form. Never a float: totals are kept
/// in thousandths, exactly.
pub fn validate_amount(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let milli = to_milli(raw).ok_or(Invalid::new(field, Problem::NotANumber))?;
    Ok(from_milli(milli))
}

/// A decimal ("-12.5", "1,234.567") in thousandths, exactly; `None` if it is not one or
/// has more than three decimal places.
pub fn to_milli(raw: &str) -> Option<i64> {
    let t: String = raw.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, t),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty()
        || whole.len() > 13
        || frac.len() > 3
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = format!("{frac:0<3}").parse().ok()?;
    let milli = whole.checked_mul(1000)?.checked_add(frac)?;
    Some(if negative { -milli } else { milli })
}

/// Thousandths as the shortest decimal: 1500 is "1.5", -20 is "-0.02".
pub fn from_milli(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let (whole, frac) = (milli.unsigned_abs() / 1000, milli.unsigned_abs() % 1000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
    }
}

/// A quarter of an NHS financial year (April to March): Q1 is April to June, Q4 January to
/// March of the next calendar year. Written "Q3 2026/27".
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Quarter {
    /// The calendar year the financial year starts in: 2026 for 2026/27.
    pub year: i32,
    /// 1 to 4.
    pub q: u8,
}

impl Quarter {
    /// As "Q3 2026/27", "2026/27 Q3" or "q3 2026-27".
    pub fn parse(raw: &str) -> Result<Quarter, Invalid> {
        let bad = || {
            Invalid::new(
                IdeaField::Quarter,
                Problem::NotShaped { shape: "a quarter of a financial year, such as Q3 2026/27" },
            )
        };
        let t = raw.trim().to_ascii_uppercase().replace('-', "/");
        let mut q = None;
        let mut year = None;
        for part in t.split_whitespace() {
            if let Some(n) = part.strip_prefix('Q') {
                q = n.parse::<u8>().ok().filter(|n| (1..=4).contains(n));
            } else if let Some((a, b)) = part.split_once('/') {
                let start: i32 = a.parse().map_err(|_| bad())?;
                let end: i32 = b.parse().map_err(|_| bad())?;
                if a.len() != 4 || b.len() != 2 || (start + 1) % 100 != end {
                    return Err(bad());
                }
                year = Some(start);
            } else {
                return Err(bad());
            }
        }
        match (q, year) {
            (Some(q), Some(year)) if (2000..=2200).contains(&year) => Ok(Quarter { year, q }),
            _ => Err(bad()),
        }
    }

    /// The quarter a day falls in.
    pub fn of(date: NaiveDate) -> Quarter {
        let m = date.month();
        let year = if m >= 4 { date.year() } else { date.year() - 1 };
        let q = match m {
            4..=6 => 1,
            7..=9 => 2,
            10..=12 => 3,
            _ => 4,
        };
        Quarter { year, q }
    }

    /// As stored for ordering and sums: 20263 for Q3 2026/27.
    pub fn key(self) -> i64 {
        i64::from(self.year) * 10 + i64::from(self.q)
    }

    pub fn from_key(key: i64) -> Option<Quarter> {
        let q = u8::try_from(key.rem_euclid(10)).ok().filter(|q| (1..=4).contains(q))?;
        Some(Quarter { year: i32::try_from(key.div_euclid(10)).ok()?, q })
    }

    /// Its first day.
    pub fn start(self) -> NaiveDate {
        let (year, month) = match self.q {
            1 => (self.year, 4),
            2 => (self.year, 7),
            3 => (self.year, 10),
            _ => (self.year + 1, 1),
        };
        NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default()
    }

    pub fn next(self) -> Quarter {
        if self.q == 4 {
            Quarter { year: self.year + 1, q: 1 }
        } else {
            Quarter { q: self.q + 1, ..self }
        }
    }
}

impl std::fmt::Display for Quarter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Q{} {}", self.q, financial_year(self.year))
    }
}

/// A financial year as written: 2026 is "2026/27".
pub fn financial_year(start: i32) -> String {
    format!("{start}/{:02}", (start + 1).rem_euclid(100))
}

/// "2026/27" (or "2026-27") as the year it starts in.
pub fn parse_financial_year(raw: &str) -> Result<i32, Invalid> {
    Quarter::parse(&format!("Q1 {}", raw.trim())).map(|q| q.year).map_err(|_| {
        Invalid::new(
            IdeaField::Quarter,
            Problem::NotShaped { shape: "a financial year, such as 2026/27" },
        )
    })
}

/// Whether a benefit's forecasts and actuals are money: it is cash-releasing, or its unit
/// is pounds.
pub fn is_money(class: &str, unit: &str) -> bool {
    class == "cash-releasing"
        || matches!(unit.trim().to_ascii_lowercase().as_str(), "gbp" | "£" | "pounds" | "pound")
}

/// A state move as recorded, with whether it took effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenefitMove {
    pub from: BenefitState,
    pub to: BenefitState,
    pub finance: String,
}

/// Where a benefit's moves, in (HLC, op id) order, leave it, and which took effect: a
/// move counts only from the state it was made in, and verifying a cash-releasing benefit
/// counts only with the finance person who confirmed it. Every device holds the same
/// moves, so every device reaches the same state.
pub fn replay_benefit(moves: &[BenefitMove], class: &str) -> (BenefitState, Vec<bool>) {
    let mut at = BenefitState::Identified;
    let mut took = Vec::with_capacity(moves.len());
    for m in moves {
        let confirmed = m.to != BenefitState::Verified
            || class != "cash-releasing"
            || is_name_and_role(&m.finance);
        let ok = m.from == at && at.may_move(m.to) && confirmed;
        if ok {
            at = m.to;
        }
        took.push(ok);
    }
    (at, took)
}

/// Choices a benefit form offers, for the window's vocabulary.
pub fn benefit_choices() -> Vec<crate::poc::PocChoices> {
    [
        (IdeaField::BenefitClass, BENEFIT_CLASSES),
        (IdeaField::BenefitCategory, BENEFIT_CATEGORIES),
        (IdeaField::Confidence, CONFIDENCE),
    ]
    .into_iter()
    .map(|(field, choices)| crate::poc::PocChoices {
        field,
        choices: choices
            .iter()
            .map(|(key, label)| crate::poc::Choice { key: (*key).into(), label: (*label).into() })
            .collect(),
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn quarters_follow_the_nhs_financial_year_across_the_april_boundary() {
        assert_eq!(Quarter::of(day("2027-03-31")).to_string(), "Q4 2026/27");
        assert_eq!(Quarter::of(day("2027-04-01")).to_string(), "Q1 2027/28");
        assert_eq!(Quarter::of(day("2026-12-07")).to_string(), "Q3 2026/27");
        assert_eq!(Quarter::parse("2026-27 q3").unwrap(), Quarter { year: 2026, q: 3 });
        assert_eq!(Quarter::parse("Q4 2099/00").unwrap().start(), day("2100-01-01"));
        for bad in ["Q5 2026/27", "Q3 2026/28", "Q3", "2026/27", "Q3 26/27", "Q3 2026/27 x"] {
            assert!(Quarter::parse(bad).is_err(), "{bad}");
        }
        let q = Quarter::parse("Q4 2026/27").unwrap();
        assert_eq!(Quarter::from_key(q.key()), Some(q));
        assert_eq!(q.next().to_string(), "Q1 2027/28");
        assert_eq!(parse_financial_year("2026/27").unwrap(), 2026);
    }

    #[test]
    fn amounts_are_kept_in_thousandths_exactly() {
        assert_eq!(to_milli("0.1").unwrap() + to_milli("0.2").unwrap(), to_milli("0.3").unwrap());
        assert_eq!(to_milli("£1,234.5"), Some(1_234_500));
        assert_eq!(to_milli("-0.02"), Some(-20));
        assert_eq!(from_milli(-20), "-0.02");
        assert_eq!(from_milli(1_500), "1.5");
        assert_eq!(validate_amount(IdeaField::Actual, "12.50").unwrap(), "12.5");
        for bad in ["", "1.2345", "1e3", "abc", "1.2.3", "--1"] {
            assert!(to_milli(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn states_move_one_at_a_time_and_cash_is_verified_only_with_finance() {
        use BenefitState as S;
        let mv = |from, to, finance: &str| BenefitMove { from, to, finance: finance.into() };
        let path = [
            mv(S::Identified, S::Estimated, ""),
            mv(S::Estimated, S::Validated, ""),
            mv(S::Validated, S::Planned, ""),
            mv(S::Planned, S::Realising, ""),
            mv(S::Realising, S::Realised, ""),
            mv(S::Realised, S::Verified, ""),
        ];
        let (at, took) = replay_benefit(&path, "cash-releasing");
        assert_eq!(at, S::Realised, "verifying cash needs finance");
        assert_eq!(took, [true, true, true, true, true, false]);
        assert_eq!(replay_benefit(&path, "quantifiable").0, S::Verified);
        let mut with_finance = path.to_vec();
        with_finance[5].finance = "Sam Patel, Head of Costing".into();
        assert_eq!(replay_benefit(&with_finance, "cash-releasing").0, S::Verified);
        // A move made from a state it was not in takes no effect.
        let (at, took) = replay_benefit(&[mv(S::Validated, S::Planned, "")], "qualitative");
        assert_eq!((at, took), (S::Identified, vec![false]));
        assert!(S::Realising.may_move(S::Withdrawn));
        assert!(!S::Verified.may_move(S::Withdrawn));
        let bad = BenefitMoved {
            benefit: Uuid::nil(),
            from: S::Identified,
            to: S::Planned,
            rationale: "why".into(),
            finance: String::new(),
            estimate: String::new(),
        };
        assert!(validate_benefit_move(&bad).unwrap_err().message().contains("one state at a time"));
        let unnamed = BenefitMoved { to: S::Estimated, finance: "Finance".into(), ..bad };
        assert!(validate_benefit_move(&unnamed).is_err());
    }

    #[test]
    fn a_benefit_takes_only_its_own_fields() {
        let id = Uuid::now_v7();
        let set = |pairs: &[(IdeaField, &str)]| {
            validate_benefit(id, &pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect())
        };
        assert!(
            set(&[(IdeaField::Title, "Fewer falls"), (IdeaField::BenefitClass, "cash-releasing")])
                .is_ok()
        );
        assert!(set(&[(IdeaField::Email, "a@b.com")]).is_err());
        assert!(set(&[(IdeaField::ValuePerYear, "12.50")]).is_err(), "pence as stored");
        assert!(set(&[(IdeaField::Timescale, "31")]).is_err());
        assert!(set(&[(IdeaField::Title, "  ")]).is_err());
        assert!(is_benefit_prose(IdeaField::ResponsibleOfficer, "Dr Ann Lee"));
        assert!(!is_benefit_prose(IdeaField::ResponsibleOfficer, &id.to_string()));
    }
}
