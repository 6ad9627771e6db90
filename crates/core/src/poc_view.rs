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
    pub budget_lines: Vec<BudgetLine>,
    pub totals: BudgetTotals,
    pub risks: Vec<RiskView>,
    /// The sites taking part in the POC.
    pub sites: Vec<PocSite>,
    /// Evidence documents, each stored in the hub under its SHA-256.
    pub attachments: Vec<Attachment>,
    /// The latest status note, and every one before it, newest first.
    pub status: Option<StatusNote>,
    pub status_history: Vec<StatusNote>,
    /// Whether the person asking may plan it (aim, hypotheses, metrics, budget): set by
    /// the app for whoever reads it, false as the store builds it.
    #[serde(default)]
    pub may_plan: bool,
    /// Whether the person asking may record its progress (the project lead, leads and
    /// admins), by the rule every device applies when it reads the entries.
    #[serde(default)]
    pub may_record_progress: bool,
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

/// Money in whole pence (never a float, so totals never drift).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BudgetLine {
    pub id: String,
    pub category: String,
    pub funder: String,
    // Exact in JavaScript up to £90 trillion.
    #[specta(type = f64)]
    pub planned_pence: i64,
    // Exact in JavaScript up to £90 trillion.
    #[specta(type = f64)]
    pub committed_pence: i64,
    // Exact in JavaScript up to £90 trillion.
    #[specta(type = f64)]
    pub spent_pence: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BudgetTotals {
    // Exact in JavaScript up to £90 trillion.
    #[specta(type = f64)]
    pub planned_pence: i64,
    // Exact in JavaScript up to £90 trillion.
    #[specta(type = f64)]
    pub committed_pence: i64,
    // Exact in JavaScript up to £90 trillion.
    #[specta(type = f64)]
    pub spent_pence: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct RiskView {
    pub id: String,
    pub description: String,
    /// 1 to 5 each; `None` until someone rates it.
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
    pub owner: Option<String>,
    pub owner_name: Option<String>,
    pub mitigation: String,
    /// open or closed.
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PocSite {
    pub site: String,
    pub local_lead: Option<String>,
    pub local_lead_name: Option<String>,
    /// planned, running, finished or withdrawn.
    pub status: String,
    pub start: String,
    pub end: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    /// Lower-case hex: the file's name in the hub (`blobs/<sha256>`), checked when read.
    pub sha256: String,
    #[specta(type = f64)]
    pub size: u64,
}

/// Where an adopted idea stands across sites.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Spread {
    pub sites: Vec<SpreadSite>,
    /// How many sites have it live.
    pub live_sites: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SpreadSite {
    pub site: String,
    /// interested, planning, adopting, live or declined.
    pub status: String,
    /// Why a site declined.
    pub reason: String,
    pub local_lead: Option<String>,
    pub local_lead_name: Option<String>,
    pub start: String,
    /// The local assurance this site has cleared (keys of [`crate::ASSURANCES`]).
    pub assured: Vec<String>,
}

/// One row of the POCs table: what a lead scans across every POC.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct PocSummary {
    pub idea: crate::IdeaId,
    pub title: String,
    pub stage: crate::Stage,
    pub site: String,
    pub project_lead_name: Option<String>,
    pub status: Option<PocStatus>,
    /// The next milestone not done, soonest due first.
    pub next_milestone: Option<Milestone>,
    pub overdue_milestones: u32,
    // Exact in JavaScript up to £90 trillion.
    #[specta(type = f64)]
    pub planned_pence: i64,
    // Exact in JavaScript up to £90 trillion.
    #[specta(type = f64)]
    pub spent_pence: i64,
    pub metrics: u32,
    pub metrics_on_target: u32,
    /// Sites with the idea live (spread, from Adopt & spread on).
    pub live_sites: u32,
}

/// What the POCs place asks for: one page of the POCs at one stage, or at every POC stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PocQuery {
    /// One of [`crate::Stage::WITH_POC`]; any other stage has no POCs.
    pub stage: Option<crate::Stage>,
    /// Counting from 1; a page past the end is the last page.
    pub page: u32,
}

/// One page of the POCs table, newest idea first, with how many POCs each stage holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct PocPage {
    pub pocs: Vec<PocSummary>,
    pub total: u32,
    pub page: u32,
    pub pages: u32,
    pub per_page: u32,
    /// Every POC stage that holds one, with its count.
    pub by_stage: Vec<crate::StageCount>,
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
            && self.budget_lines.is_empty()
            && self.risks.is_empty()
            && self.sites.is_empty()
            && self.attachments.is_empty()
            && self.status.is_none()
    }

    /// The go/no-go's evidence, metric by metric, target met or not: kept with the POC
    /// review gate's decision so the reason and the figures behind it travel together.
    pub fn evidence(&self) -> Option<String> {
        if self.metrics.is_empty() {
            return None;
        }
        let figure = |v: f64, unit: &str| {
            if unit.is_empty() { format!("{v}") } else { format!("{v} {unit}") }
        };
        let mut lines = vec!["Evidence at POC review:".to_owned()];
        for m in &self.metrics {
            let target = m.target.map_or("no target".into(), |t| {
                format!("target {} by {}", figure(t, &m.unit), m.target_date)
            });
            let latest = m.latest().map_or("no actual recorded".into(), |a| {
                format!("latest {} on {}", figure(a.value, &m.unit), a.date)
            });
            let met = match m.on_target {
                Some(true) => "target met",
                Some(false) => "target not met",
                None => "not measured",
            };
            let baseline = m.baseline.map_or(String::new(), |b| {
                format!("baseline {} on {}, ", figure(b, &m.unit), m.baseline_date)
            });
            lines.push(format!(
                "- {} ({} is better): {baseline}{target}, {latest}: {met}",
                m.name, m.direction
            ));
        }
        Some(lines.join("\n"))
    }

    /// Its row in the POCs table.
    pub fn summary(&self, idea: &crate::Idea, live_sites: u32) -> PocSummary {
        let mut open: Vec<&Milestone> =
            self.milestones.iter().filter(|m| m.status != "done").collect();
        open.sort_by(|a, b| a.due.cmp(&b.due));
        let n = |c: usize| u32::try_from(c).unwrap_or(u32::MAX);
        PocSummary {
            idea: idea.id,
            title: idea.title.clone(),
            stage: idea.stage,
            site: idea.site.clone(),
            project_lead_name: self.project_lead_name.clone(),
            status: self.status.as_ref().map(|s| s.status),
            next_milestone: open.first().map(|m| (*m).clone()),
            overdue_milestones: n(open.iter().filter(|m| m.overdue).count()),
            planned_pence: self.totals.planned_pence,
            spent_pence: self.totals.spent_pence,
            metrics: n(self.metrics.len()),
            metrics_on_target: n(self.metrics.iter().filter(|m| m.on_target == Some(true)).count()),
            live_sites,
        }
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
