//! `sprout benefit …` and `sprout benefits …`: each idea's benefits register, its states
//! until verified, forecasts and actuals by quarter and site, reviews after go-live, the
//! roll-up and the register out to a spreadsheet.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use sprout_app::{
    BenefitEntryKind, BenefitInput, BenefitQuery, BenefitState, BenefitView, IdeaId, Sprout,
};

use crate::Failure;
use crate::output::Out;

/// A benefit's Green Book fields, as `benefit add`, `promote` and `set` take them.
#[derive(Debug, Args, Default)]
pub struct BenefitFields {
    #[arg(long, allow_hyphen_values = true)]
    title: Option<String>,
    /// cash-releasing, non-cash-releasing, quantifiable or qualitative.
    #[arg(long)]
    class: Option<String>,
    /// direct-public, indirect-public or wider-society.
    #[arg(long)]
    category: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    description: Option<String>,
    /// The service feature that gives rise to it.
    #[arg(long, allow_hyphen_values = true)]
    service_feature: Option<String>,
    /// Costs to secure it, in pounds.
    #[arg(long, value_name = "POUNDS")]
    cost: Option<String>,
    /// The responsible officer: a hub member's name, or anyone's.
    #[arg(long, value_name = "NAME")]
    officer: Option<String>,
    /// The operational owner: a hub member's name, or anyone's.
    #[arg(long, value_name = "NAME")]
    owner: Option<String>,
    /// The performance measure.
    #[arg(long, allow_hyphen_values = true)]
    measure: Option<String>,
    /// Its unit (GBP for money).
    #[arg(long)]
    unit: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    baseline: Option<String>,
    #[arg(long, value_name = "DATE")]
    baseline_date: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    target: Option<String>,
    #[arg(long, value_name = "DATE")]
    target_date: Option<String>,
    /// The full-year value, in pounds, where it is monetised.
    #[arg(long, value_name = "POUNDS")]
    value_per_year: Option<String>,
    /// How many years it is tracked (1 to 30).
    #[arg(long, value_name = "YEARS")]
    timescale: Option<String>,
    /// It is a disbenefit: a cost or harm the idea brings.
    #[arg(long)]
    disbenefit: bool,
    #[arg(long, allow_hyphen_values = true)]
    assumptions: Option<String>,
    /// low, medium or high.
    #[arg(long)]
    confidence: Option<String>,
    /// Where it is realised unless a forecast or actual says otherwise.
    #[arg(long)]
    site: Option<String>,
}

impl BenefitFields {
    fn input(self) -> BenefitInput {
        BenefitInput {
            title: self.title,
            class: self.class,
            category: self.category,
            description: self.description,
            service_feature: self.service_feature,
            cost_to_secure: self.cost,
            officer: self.officer,
            owner: self.owner,
            measure: self.measure,
            unit: self.unit,
            baseline: self.baseline,
            baseline_date: self.baseline_date,
            target: self.target,
            target_date: self.target_date,
            value_per_year: self.value_per_year,
            timescale: self.timescale,
            disbenefit: self.disbenefit.then(|| "yes".to_owned()),
            assumptions: self.assumptions,
            confidence: self.confidence,
            site: self.site,
        }
    }
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per run")]
pub enum BenefitCommand {
    /// Record a benefit of an idea (from POC planning on; leads and admins); prints its id.
    Add {
        idea: IdeaId,
        #[command(flatten)]
        fields: BenefitFields,
    },
    /// Promote a POC metric (by id or name) to a benefit, keeping its baseline, target and
    /// actuals; prints its id.
    Promote {
        idea: IdeaId,
        metric: String,
        #[command(flatten)]
        fields: BenefitFields,
    },
    /// Change a benefit's fields. After it is planned, a new baseline or target is kept
    /// beside the old one in its history.
    Set {
        id: String,
        #[command(flatten)]
        fields: BenefitFields,
    },
    /// Move a benefit one state on (identified, estimated, validated, planned, realising,
    /// realised, verified), or to not-realised or withdrawn, with the reason.
    State {
        id: String,
        state: String,
        #[arg(long, allow_hyphen_values = true)]
        rationale: String,
        /// Verifying cash: "NAME, ROLE" of the finance person who confirmed it.
        #[arg(long, allow_hyphen_values = true)]
        finance: Option<String>,
    },
    /// Forecast a quarter ("Q3 2026/27") at a site (pounds for money).
    Forecast(ValueArgs),
    /// Record what a quarter delivered at a site (pounds for money).
    Actual(ValueArgs),
    /// Record a review after go-live held (--held DATE --note TEXT), or move its due date
    /// (--due DATE).
    Review {
        id: String,
        /// 3, 6 or 12 (months after the site went live).
        #[arg(long)]
        months: String,
        #[arg(long)]
        site: String,
        #[arg(long, value_name = "DATE", conflicts_with = "due")]
        held: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
    },
    /// A benefit in full.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The register, oldest first.
    List {
        #[arg(long)]
        state: Option<String>,
        #[arg(long)]
        class: Option<String>,
        #[arg(long)]
        site: Option<String>,
        /// A financial year, 2026/27: benefits with a forecast or actual in it.
        #[arg(long)]
        year: Option<String>,
        /// One idea's benefits.
        #[arg(long)]
        idea: Option<IdeaId>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ValueArgs {
    id: String,
    /// Q1 to Q4 of a financial year (April to March): "Q3 2026/27".
    #[arg(long)]
    quarter: String,
    #[arg(long, allow_hyphen_values = true)]
    value: String,
    /// One of the idea's sites (its own, its POC's or those it spread to).
    #[arg(long)]
    site: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum BenefitsCommand {
    /// Target, forecast, actual and verified by class (pence) and by measure, site by
    /// site, and estimating accuracy.
    Summary {
        /// A financial year, 2026/27 (every year without it).
        #[arg(long)]
        year: Option<String>,
        #[arg(long)]
        site: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Reviews after go-live not yet held, soonest first.
    Reviews {
        /// Only those of benefits you are the responsible officer for.
        #[arg(long)]
        mine: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write the register to .xlsx or .csv in the Green Book's column order.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
}

pub fn benefit(
    sprout: &Sprout,
    command: BenefitCommand,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    let view = match command {
        BenefitCommand::Add { idea, fields } => {
            return out.line(&sprout.add_benefit(idea, &fields.input())?);
        }
        BenefitCommand::Promote { idea, metric, fields } => {
            return out.line(&sprout.promote_metric(idea, &metric, &fields.input())?);
        }
        BenefitCommand::Set { id, fields } => sprout.edit_benefit(&id, &fields.input())?,
        BenefitCommand::State { id, state, rationale, finance } => {
            let to = BenefitState::parse(&state).map_err(sprout_app::AppError::from)?;
            sprout.move_benefit(&id, to, &rationale, finance.as_deref())?
        }
        BenefitCommand::Forecast(v) => sprout.record_benefit_value(
            &v.id,
            BenefitEntryKind::Forecast,
            &v.quarter,
            &v.value,
            v.site.as_deref(),
        )?,
        BenefitCommand::Actual(v) => sprout.record_benefit_value(
            &v.id,
            BenefitEntryKind::Actual,
            &v.quarter,
            &v.value,
            v.site.as_deref(),
        )?,
        BenefitCommand::Review { id, months, site, held, due, note } => {
            let (date, held) = match (held, due) {
                (Some(d), _) => (d, true),
                (None, Some(d)) => (d, false),
                (None, None) => {
                    return Err(sprout_app::AppError::new(
                        sprout_app::ErrorCode::Empty,
                        "review: give --held DATE --note TEXT, or --due DATE",
                    )
                    .into());
                }
            };
            sprout.record_benefit_review(
                &id,
                &months,
                &site,
                &date,
                note.as_deref().unwrap_or_default(),
                held,
            )?
        }
        BenefitCommand::Show { id, json } => {
            let view = sprout.benefit(&id)?;
            return if json { out.json(&view) } else { show(&view, out) };
        }
        BenefitCommand::List { state, class, site, year, idea, json } => {
            let state = state
                .map(|s| BenefitState::parse(&s))
                .transpose()
                .map_err(sprout_app::AppError::from)?;
            let list =
                sprout.benefits(&BenefitQuery { idea, state, class, site, year, page: None })?;
            if json {
                return out.json(&list);
            }
            if list.rows.is_empty() {
                return out.line("No benefits match.");
            }
            for r in list.rows {
                out.line(&format!(
                    "{}  {}  {} ({}), {}{}",
                    r.id,
                    r.state.label(),
                    r.title,
                    r.class,
                    r.idea_title,
                    if r.value_per_year.is_empty() {
                        String::new()
                    } else {
                        format!(", {} a year", r.value_per_year)
                    }
                ))?;
            }
            return Ok(());
        }
    };
    out.line(&format!("{}: {}", view.title, view.state.label()))
}

fn show(b: &BenefitView, out: &mut Out<impl Write>) -> Result<(), Failure> {
    out.line(&format!("{} ({})", b.title, b.state.label()))?;
    out.line(&format!("Idea: {}", b.idea_title))?;
    out.line(&format!("Class: {}; category: {}", b.class, b.category))?;
    if !b.measure.is_empty() {
        out.line(&format!(
            "Measure: {} ({}); baseline {} on {}, target {} by {}",
            b.measure, b.unit, b.baseline, b.baseline_date, b.target, b.target_date
        ))?;
    }
    if let Some(p) = b.value_per_year_pence {
        out.line(&format!(
            "Full-year value: {} over {} year(s)",
            sprout_app::format_pence(p),
            b.timescale.unwrap_or(1)
        ))?;
    }
    if !b.officer_name.is_empty() {
        out.line(&format!("Responsible officer: {}", b.officer_name))?;
    }
    if !b.validated_estimate.is_empty() {
        out.line(&format!("Validated estimate: {}", b.validated_estimate))?;
    }
    for q in &b.by_quarter {
        out.line(&format!(
            "{}: forecast {}, actual {} (to date: {} forecast, {} actual)",
            q.quarter,
            if q.forecast_text.is_empty() { "—" } else { &q.forecast_text },
            if q.actual_text.is_empty() { "—" } else { &q.actual_text },
            q.cumulative_forecast_text,
            q.cumulative_actual_text
        ))?;
    }
    for q in &b.quarters {
        out.line(&format!(
            "  {} at {}: forecast {}, actual {}",
            q.quarter, q.site, q.forecast, q.actual
        ))?;
    }
    for r in &b.reviews {
        out.line(&format!(
            "{}-month review at {}: {}",
            r.months,
            r.site,
            if r.held.is_empty() {
                format!("due {}{}", r.due, if r.overdue { " (overdue)" } else { "" })
            } else {
                format!("held {}: {}", r.held, r.note)
            }
        ))?;
    }
    for h in &b.history {
        out.line(&format!("{} {}: {}", h.date, h.by_name, h.what))?;
    }
    Ok(())
}

pub fn benefits(
    sprout: &Sprout,
    command: BenefitsCommand,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    match command {
        BenefitsCommand::Summary { year, site, json } => {
            let s = sprout.benefits_summary(year.as_deref(), site.as_deref())?;
            if json {
                return out.json(&s);
            }
            let pounds = sprout_app::format_pence;
            out.line(&format!(
                "Benefits{}{}",
                if s.year.is_empty() { ", every year".to_owned() } else { format!(", {}", s.year) },
                if s.site.is_empty() { String::new() } else { format!(", at {}", s.site) }
            ))?;
            for c in s.classes.iter().chain(std::iter::once(&s.total)) {
                out.line(&format!(
                    "{}: target {}, forecast {}, actual {}, verified {} ({})",
                    c.label,
                    c.target_pence.map_or_else(|| "—".to_owned(), pounds),
                    pounds(c.forecast_pence),
                    pounds(c.actual_pence),
                    pounds(c.verified_pence),
                    benefits_count(c.benefits)
                ))?;
            }
            for m in &s.measures {
                out.line(&format!(
                    "{}: forecast {}, actual {}, verified {} ({})",
                    m.measure,
                    m.forecast,
                    m.actual,
                    m.verified,
                    benefits_count(m.benefits)
                ))?;
            }
            for site in &s.sites {
                out.line(&format!(
                    "At {}: forecast {}, actual {}, verified {}",
                    site.site,
                    pounds(site.forecast_pence),
                    pounds(site.actual_pence),
                    pounds(site.verified_pence)
                ))?;
            }
            for a in &s.accuracy {
                out.line(&format!(
                    "Estimating accuracy, {}: {} of the validated estimate ({})",
                    a.label,
                    a.percent,
                    benefits_count(a.benefits)
                ))?;
            }
            Ok(())
        }
        BenefitsCommand::Reviews { mine, json } => {
            let due = sprout.benefit_reviews_due(mine)?;
            if json {
                return out.json(&due);
            }
            if due.is_empty() {
                return out.line("No reviews are waiting.");
            }
            for r in due {
                out.line(&format!(
                    "{}{}: {}-month review of “{}” ({}) at {}",
                    r.due,
                    if r.overdue { " (overdue)" } else { "" },
                    r.months,
                    r.benefit_title,
                    r.idea_title,
                    r.site
                ))?;
            }
            Ok(())
        }
        BenefitsCommand::Export { out: path } => {
            let done = sprout.export_benefits(&path)?;
            out.line(&format!("Wrote {} benefits to {}", done.benefits, done.path))
        }
    }
}

fn benefits_count(n: u32) -> String {
    if n == 1 { "1 benefit".to_owned() } else { format!("{n} benefits") }
}
