//! A POC as every front door shows it, put together from its plan fields, records and
//! entries. Pure: the same ops give the same view on every device.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::poc::PocStatus;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct Poc {
    pub aim: String,
    /// The project lead's actor id and name, once a lead names one.
    pub project_lead: Option<String>,
    pub project_lead_name: Option<String>,
    pub clinical_sponsor: String,
    pub project_type: String,
    pub evaluation_type: String,
    pub evaluation_design: String,
    pub ethics_ref: String,
    pub hypotheses: Vec<Hypothesis>,
    pub metrics: Vec<Metric>,
    pub milestones: Vec<Milestone>,
    /// The latest status note, and every one before it, newest first.
    pub status: Option<StatusNote>,
    pub status_history: Vec<StatusNote>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Hypothesis {
    pub id: String,
    pub statement: String,
    pub measure: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Metric {
    pub id: String,
    pub name: String,
    pub unit: String,
    /// "higher" or "lower": which way is better.
    pub direction: String,
    pub baseline: Option<f64>,
    pub baseline_date: String,
    pub baseline_source: String,
    pub target: Option<f64>,
    pub target_date: String,
    /// Oldest first by date.
    pub actuals: Vec<Actual>,
    /// Whether the latest actual meets the target in the metric's direction.
    pub on_target: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Actual {
    pub value: f64,
    /// YYYY-MM-DD.
    pub date: String,
    /// Who recorded it (their name, as the roster gives it).
    pub by: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Milestone {
    pub id: String,
    pub title: String,
    pub due: String,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    /// planned, in-progress or done.
    pub status: String,
    pub done_date: String,
    /// Not done and due before today.
    pub overdue: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StatusNote {
    pub status: PocStatus,
    pub note: String,
    pub date: String,
    pub by: String,
}

impl Metric {
    /// Whether `value` meets the target, higher or lower being better as the metric says.
    pub fn meets_target(&self, value: f64) -> Option<bool> {
        let target = self.target?;
        Some(if self.direction == "lower" { value <= target } else { value >= target })
    }

    /// The latest actual by date.
    pub fn latest(&self) -> Option<&Actual> {
        self.actuals.last()
    }
}

impl Poc {
    /// Whether anyone has planned anything yet.
    pub fn is_empty(&self) -> bool {
        self.aim.is_empty()
            && self.project_lead.is_none()
            && self.hypotheses.is_empty()
            && self.metrics.is_empty()
            && self.milestones.is_empty()
            && self.status.is_none()
    }

    /// What the gates ask of it.
    pub fn gate_counts(&self) -> (u32, u32, u32, u32) {
        let n = |c: usize| u32::try_from(c).unwrap_or(u32::MAX);
        let planned = self.metrics.iter().filter(|m| m.baseline.is_some() && m.target.is_some());
        let measured = self.metrics.iter().filter(|m| !m.actuals.is_empty());
        (
            n(self.hypotheses.iter().filter(|h| !h.statement.is_empty()).count()),
            n(self.metrics.len()),
            n(planned.count()),
            n(measured.count()),
        )
    }
}
