//! `sprout poc …`: plan a proof of concept and record its progress.

use std::io::Write;

use clap::Subcommand;
use sprout_app::{
    BudgetPlan, IdeaId, MetricPlan, Poc, PocPlan, PocSummary, RiskPlan, SitePlan, Sprout,
    format_pence,
};

use crate::Failure;
use crate::output::Out;

#[derive(Debug, Subcommand)]
pub enum PocCommand {
    /// Set the POC plan (leads and admins, from POC planning on). Research needs
    /// --ethics-ref.
    Plan {
        id: IdeaId,
        #[arg(long, allow_hyphen_values = true)]
        aim: Option<String>,
        /// A hub member's name or actor id: who runs the POC and records its progress.
        #[arg(long, value_name = "PERSON")]
        project_lead: Option<String>,
        #[arg(long)]
        sponsor: Option<String>,
        /// service-evaluation, audit, research or qi.
        #[arg(long = "type")]
        project_type: Option<String>,
        /// process, impact or economic.
        #[arg(long)]
        evaluation: Option<String>,
        /// The evaluation's design, in a sentence.
        #[arg(long, allow_hyphen_values = true)]
        design: Option<String>,
        /// The ethics (IRAS) reference research needs.
        #[arg(long)]
        ethics_ref: Option<String>,
    },
    /// Add a hypothesis with the measure that tests it.
    Hypothesis {
        id: IdeaId,
        #[arg(allow_hyphen_values = true)]
        text: String,
        #[arg(long, allow_hyphen_values = true)]
        measure: String,
    },
    /// Add a success metric; the same name again updates it. Dates as YYYY-MM-DD.
    Metric {
        id: IdeaId,
        #[arg(long)]
        name: String,
        #[arg(long)]
        unit: Option<String>,
        /// higher or lower: which is better.
        #[arg(long)]
        direction: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        target: Option<String>,
        #[arg(long)]
        target_date: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        baseline: Option<String>,
        #[arg(long)]
        baseline_date: Option<String>,
        #[arg(long)]
        baseline_source: Option<String>,
    },
    /// Record a metric's actual value on a date (the project lead, a lead or an admin).
    Actual {
        id: IdeaId,
        #[arg(long)]
        metric: String,
        #[arg(long, allow_hyphen_values = true)]
        value: String,
        #[arg(long)]
        date: String,
    },
    /// Add a milestone; prints its id.
    Milestone {
        id: IdeaId,
        #[arg(long)]
        title: String,
        #[arg(long)]
        due: String,
        #[arg(long, value_name = "PERSON")]
        owner: Option<String>,
    },
    /// Mark a milestone done (today unless --date).
    MilestoneDone {
        id: IdeaId,
        milestone: String,
        #[arg(long)]
        date: Option<String>,
    },
    /// Record the POC's overall status with a note: not-started, on-track, at-risk,
    /// off-track, finished or stopped.
    Status {
        id: IdeaId,
        #[arg(long)]
        status: String,
        #[arg(long, allow_hyphen_values = true)]
        note: String,
    },
    /// Add a budget line, in pounds with up to two decimals (leads and admins).
    Budget {
        id: IdeaId,
        #[arg(long)]
        category: String,
        #[arg(long)]
        funder: String,
        #[arg(long, allow_hyphen_values = true, value_name = "POUNDS")]
        planned: String,
        #[arg(long, allow_hyphen_values = true, value_name = "POUNDS")]
        committed: Option<String>,
        #[arg(long, allow_hyphen_values = true, value_name = "POUNDS")]
        spent: Option<String>,
    },
    /// Add a risk or issue, likelihood and impact from 1 to 5; prints its id.
    Risk {
        id: IdeaId,
        #[arg(long, allow_hyphen_values = true)]
        text: String,
        #[arg(long, allow_hyphen_values = true)]
        likelihood: String,
        #[arg(long, allow_hyphen_values = true)]
        impact: String,
        #[arg(long, value_name = "PERSON")]
        owner: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        mitigation: Option<String>,
    },
    /// Close a risk or issue, or open it again.
    RiskStatus {
        id: IdeaId,
        risk: String,
        /// open or closed.
        #[arg(long)]
        status: String,
    },
    /// Record a site taking part, or change its status: planned, running, finished or
    /// withdrawn. The same site again updates it.
    Site {
        id: IdeaId,
        #[arg(long)]
        site: String,
        #[arg(long)]
        status: Option<String>,
        #[arg(long, value_name = "PERSON")]
        local_lead: Option<String>,
        #[arg(long)]
        start: Option<String>,
        #[arg(long)]
        end: Option<String>,
    },
    /// Attach an evidence document (up to 20 MB), confirming it holds no patient data.
    /// Text, CSV, Word and Excel files are also checked by the patient-data guard.
    Attach {
        id: IdeaId,
        file: std::path::PathBuf,
        /// I confirm this file holds no patient-identifiable data.
        #[arg(long)]
        no_patient_data: bool,
    },
    /// Save one of a POC's files (by name or SHA-256), checked against its SHA-256.
    File {
        id: IdeaId,
        name: String,
        #[arg(long, value_name = "FILE")]
        out: std::path::PathBuf,
    },
    /// Every POC: status, next milestone, budget spent against planned, metrics on target.
    List {
        #[arg(long)]
        json: bool,
    },
    /// The POC: plan, hypotheses, metrics with their actuals, milestones and status.
    Show {
        id: IdeaId,
        #[arg(long)]
        json: bool,
    },
}

pub fn poc(sprout: &Sprout, command: PocCommand, out: &mut Out<impl Write>) -> Result<(), Failure> {
    let poc = match command {
        PocCommand::Plan {
            id,
            aim,
            project_lead,
            sponsor,
            project_type,
            evaluation,
            design,
            ethics_ref,
        } => sprout.plan_poc(
            id,
            &PocPlan {
                aim,
                project_lead,
                clinical_sponsor: sponsor,
                project_type,
                evaluation_type: evaluation,
                evaluation_design: design,
                ethics_ref,
            },
        )?,
        PocCommand::Hypothesis { id, text, measure } => {
            sprout.add_hypothesis(id, &text, &measure)?
        }
        PocCommand::Metric {
            id,
            name,
            unit,
            direction,
            target,
            target_date,
            baseline,
            baseline_date,
            baseline_source,
        } => sprout.set_metric(
            id,
            &MetricPlan {
                name,
                unit,
                direction,
                baseline,
                baseline_date,
                baseline_source,
                target,
                target_date,
            },
        )?,
        PocCommand::Actual { id, metric, value, date } => {
            sprout.record_actual(id, &metric, &value, &date)?
        }
        PocCommand::Milestone { id, title, due, owner } => {
            let milestone = sprout.add_milestone(id, &title, &due, owner.as_deref())?;
            return out.line(&milestone);
        }
        PocCommand::MilestoneDone { id, milestone, date } => {
            sprout.milestone_done(id, &milestone, date.as_deref())?
        }
        PocCommand::Status { id, status, note } => sprout.set_poc_status(id, &status, &note)?,
        PocCommand::Budget { id, category, funder, planned, committed, spent } => sprout
            .add_budget_line(id, &BudgetPlan { category, funder, planned, committed, spent })?,
        PocCommand::Risk { id, text, likelihood, impact, owner, mitigation } => {
            let risk = RiskPlan { description: text, likelihood, impact, owner, mitigation };
            return out.line(&sprout.add_risk(id, &risk)?);
        }
        PocCommand::RiskStatus { id, risk, status } => {
            sprout.set_risk_status(id, &risk, &status)?
        }
        PocCommand::Site { id, site, status, local_lead, start, end } => sprout.set_poc_site(
            id,
            &SitePlan { site, status, local_lead, start, end, ..SitePlan::default() },
        )?,
        PocCommand::List { json } => return list(&sprout.poc_list()?, json, out),
        PocCommand::Attach { id, file, no_patient_data } => {
            sprout.attach_to_poc(id, &file, no_patient_data)?
        }
        PocCommand::File { id, name, out: to } => {
            let (file, bytes) = sprout.poc_file(id, &name)?;
            std::fs::write(&to, &bytes).map_err(Failure::Io)?;
            return out.line(&format!(
                "Saved {} ({} bytes, SHA-256 {}) to {}",
                file.name,
                bytes.len(),
                file.sha256,
                to.display()
            ));
        }
        PocCommand::Show { id, json } => {
            let poc = sprout.poc(id)?;
            return if json { out.json(&poc) } else { show(&poc, out) };
        }
    };
    show(&poc, out)
}

fn show(poc: &Poc, out: &mut Out<impl Write>) -> Result<(), Failure> {
    let or_none = |s: &str| if s.is_empty() { "(none yet)".to_owned() } else { s.to_owned() };
    out.line(&format!("Aim:           {}", or_none(&poc.aim)))?;
    out.line(&format!(
        "Project lead:  {}",
        poc.project_lead_name.clone().unwrap_or_else(|| "(none yet)".into())
    ))?;
    if !poc.project_type.is_empty() || !poc.evaluation_type.is_empty() {
        out.line(&format!(
            "Type:          {} {}",
            poc.project_type,
            if poc.evaluation_type.is_empty() {
                String::new()
            } else {
                format!("({} evaluation)", poc.evaluation_type)
            }
        ))?;
    }
    if let Some(s) = &poc.status {
        out.line(&format!("Status:        {} on {}: {}", s.status.key(), s.date, s.note))?;
    }
    out.line(&format!("Hypotheses ({}):", poc.hypotheses.len()))?;
    for h in &poc.hypotheses {
        out.line(&format!("  - {} [measured by: {}]", h.statement, h.measure))?;
    }
    out.line(&format!("Metrics ({}):", poc.metrics.len()))?;
    for m in &poc.metrics {
        let value = |v: Option<f64>| v.map_or("?".to_owned(), |v| format!("{v} {}", m.unit));
        let state = match m.on_target {
            Some(true) => "on target",
            Some(false) => "not on target",
            None => "no actual yet",
        };
        out.line(&format!(
            "  - {} ({} is better): baseline {}, target {} by {}; {} actual(s), {state}",
            m.name,
            m.direction,
            value(m.baseline),
            value(m.target),
            or_none(&m.target_date),
            m.actuals.len()
        ))?;
    }
    out.line(&format!("Milestones ({}):", poc.milestones.len()))?;
    for m in &poc.milestones {
        let overdue = if m.overdue { " OVERDUE" } else { "" };
        out.line(&format!("  - {} {} due {} [{}]{overdue}", m.id, m.title, m.due, m.status))?;
    }
    if !poc.budget_lines.is_empty() {
        out.line(&format!(
            "Budget: planned {}, committed {}, spent {}",
            format_pence(poc.totals.planned_pence),
            format_pence(poc.totals.committed_pence),
            format_pence(poc.totals.spent_pence)
        ))?;
        for b in &poc.budget_lines {
            out.line(&format!(
                "  - {} ({}): planned {}, spent {}",
                b.category,
                b.funder,
                format_pence(b.planned_pence),
                format_pence(b.spent_pence)
            ))?;
        }
    }
    for r in &poc.risks {
        let rating = |v: Option<u8>| v.map_or("?".into(), |v| v.to_string());
        out.line(&format!(
            "Risk {} [{}] {} (likelihood {}, impact {})",
            r.id,
            r.status,
            r.description,
            rating(r.likelihood),
            rating(r.impact)
        ))?;
    }
    for s in &poc.sites {
        out.line(&format!("Site {}: {}", s.site, or_none(&s.status)))?;
    }
    for a in &poc.attachments {
        out.line(&format!("File {} ({} bytes, SHA-256 {})", a.name, a.size, a.sha256))?;
    }
    Ok(())
}

fn list(rows: &[PocSummary], json: bool, out: &mut Out<impl Write>) -> Result<(), Failure> {
    if json {
        return out.json(&rows);
    }
    if rows.is_empty() {
        return out.line("No POCs yet: an idea gets one when it reaches POC planning.");
    }
    for r in rows {
        let status = r.status.map_or("no status yet", |s| s.key());
        let next =
            r.next_milestone.as_ref().map_or("none".into(), |m| format!("{} ({})", m.title, m.due));
        out.line(&format!(
            "{}  {}  [{}] {}; next milestone: {next}; spent {} of {}; {} of {} metrics on target",
            r.idea,
            r.title,
            r.stage.label(),
            status,
            format_pence(r.spent_pence),
            format_pence(r.planned_pence),
            r.metrics_on_target,
            r.metrics
        ))?;
    }
    Ok(())
}
