//! The dashboard a lead reports with: for a period (the last 12 months unless given) and
//! the hub or one site, the funnel, time in stage, throughput month by month, ideas
//! waiting too long, by site and by department, SPC charts of submissions and of days to a
//! first decision, the benefits and partnerships. Every figure that counts ideas carries
//! the Ideas query that lists exactly those ideas.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_core::{
    IdeaQuery, IdeaSort, PartnershipStage, Period, Stage, StageWindow, Xmr, may_run_partnerships,
    xmr,
};
use sprout_store::period_hlc;

use crate::Sprout;
use crate::benefits::BenefitSummary;
use crate::error::{AppError, ErrorCode};

/// Days an idea may wait in Submitted or Triage before the dashboard counts it as waiting
/// too long, unless the hub's admins set another target.
pub const WAITING_TARGET_DAYS: u32 = 14;

/// Which period and site the dashboard is for; dates are YYYY-MM-DD, both included.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct DashboardQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub site: Option<String>,
}

/// A count and, when it counts ideas, the Ideas query that lists exactly those ideas.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Figure {
    pub count: u32,
    pub query: Option<IdeaQuery>,
}

/// A stage of the funnel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct FunnelStage {
    pub stage: Stage,
    /// Ideas at it now.
    pub now: Figure,
    /// Ideas that entered it in the period.
    pub entered: Figure,
    /// Of the ideas that entered the stage before it in the period, the share that entered
    /// this one: "62%", or empty where there is none before it.
    pub conversion: String,
}

/// How long ideas that left a stage in the period had spent in it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct StageTime {
    pub stage: Stage,
    pub left: Figure,
    pub median_days: Option<f64>,
    pub p90_days: Option<f64>,
}

/// One month's throughput.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MonthFigures {
    /// "2026-04".
    pub month: String,
    pub submitted: Figure,
    pub decided: Figure,
    pub to_poc: Figure,
    pub adopted: Figure,
}

/// A site's or a department's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct GroupFigures {
    pub name: String,
    pub submitted: Figure,
    pub in_poc: Figure,
    pub adopted: Figure,
}

/// The POCs: those running on track and off track (a milestone overdue or a metric whose
/// latest actual misses its target), the go rate at POC review, and spend against budget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PocFigures {
    pub on_track: Figure,
    pub off_track: Figure,
    /// Ideas that left POC review in the period, and those adopted in it.
    pub reviewed: Figure,
    pub adopted: Figure,
    /// Adopted as a share of those reviewed: "67%", or empty.
    pub go_rate: String,
    /// The running POCs' budgets and spend, in pence.
    #[specta(type = f64)]
    pub planned_pence: i64,
    #[specta(type = f64)]
    pub spent_pence: i64,
}

/// The dashboard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Dashboard {
    pub from: String,
    pub to: String,
    pub site: String,
    pub funnel: Vec<FunnelStage>,
    pub time_in_stage: Vec<StageTime>,
    pub months: Vec<MonthFigures>,
    /// Ideas waiting longer than the target in Submitted, then in Triage (oldest first).
    pub waiting: Vec<(Stage, Figure)>,
    pub waiting_target_days: u32,
    pub by_site: Vec<GroupFigures>,
    pub by_department: Vec<GroupFigures>,
    pub pocs: PocFigures,
    /// Monthly submissions, as an XmR chart.
    pub submissions: Xmr,
    /// Median days from submission to the first decision, month by month.
    pub days_to_decision: Xmr,
    /// The benefits of the financial year the period ends in.
    pub benefits: BenefitSummary,
    /// Partnerships by stage and how many things are due, for those who run them.
    pub partnerships: Option<Vec<(PartnershipStage, u32)>>,
    pub partnerships_due: Option<u32>,
}

const MAIN_LINE: [Stage; 8] = [
    Stage::Submitted,
    Stage::Triage,
    Stage::Refine,
    Stage::Evaluate,
    Stage::PocPlanning,
    Stage::PocRunning,
    Stage::PocReview,
    Stage::AdoptAndSpread,
];

fn day(raw: &str, what: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::new(
            ErrorCode::NotADate,
            format!("{what} must be a date written YYYY-MM-DD, such as 2026-03-31"),
        )
    })
}

/// The value at quantile `q` of sorted `values`.
fn quantile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    #[allow(
        clippy::cast_precision_loss,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "an index into a short list"
    )]
    let at = ((values.len() as f64 - 1.0) * q).round() as usize;
    values.get(at).copied()
}

/// How many ideas left `stage` in the period, from the time-in-stage figures.
fn stays_left(times: &[StageTime], stage: Stage) -> u32 {
    times.iter().find(|t| t.stage == stage).map_or(0, |t| t.left.count)
}

/// The months `from` to `to` touch: each named "2026-04", with its first and last day
/// inside the period.
fn months_between(from: NaiveDate, to: NaiveDate) -> Vec<(String, NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut m = from.with_day(1).unwrap_or(from);
    while m <= to {
        let end = m.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(m);
        out.push((m.format("%Y-%m").to_string(), m.max(from), end.min(to)));
        match m.checked_add_months(Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }
    out
}

/// Months as the store takes them: their first and last moments as stored clocks.
fn as_clocks(months: &[(String, NaiveDate, NaiveDate)]) -> Vec<(String, i64, i64)> {
    months
        .iter()
        .map(|(key, a, b)| {
            let (lo, hi) = period_hlc(&a.to_string(), &b.to_string());
            (key.clone(), lo, hi)
        })
        .collect()
}

impl Sprout {
    /// The dashboard for `query`'s period (the last 12 months to today unless given) and
    /// site.
    pub fn dashboard(&self, query: &DashboardQuery) -> Result<Dashboard, AppError> {
        let store = self.store()?;
        let today = crate::benefits::today(&store);
        let to = match query.to.as_deref().filter(|t| !t.trim().is_empty()) {
            Some(t) => day(t, "to")?,
            None => today,
        };
        let from = match query.from.as_deref().filter(|f| !f.trim().is_empty()) {
            Some(f) => day(f, "from")?,
            None => to.checked_sub_months(Months::new(12)).and_then(|d| d.succ_opt()).unwrap_or(to),
        };
        if from > to {
            return Err(AppError::new(ErrorCode::NotOneOf, "from must not be after to"));
        }
        let site = query.site.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let (f, t) = (from.to_string(), to.to_string());
        let (lo, hi) = period_hlc(&f, &t);
        let base = IdeaQuery { site: site.map(str::to_owned), ..Default::default() };
        let figure = |count: u32, query: IdeaQuery| Figure { count, query: Some(query) };
        let window = |stage: Stage, from: &str, to: &str| StageWindow {
            stage,
            from: from.to_owned(),
            to: to.to_owned(),
        };

        // The funnel: now, and entered in the period, with conversion stage to stage.
        let now = store.idea_page(&IdeaQuery { per_page: 1, ..base.clone() })?.by_stage;
        let entered: BTreeMap<Stage, u32> =
            store.entered_counts(lo, hi, site)?.into_iter().collect();
        let mut funnel = Vec::new();
        let mut before: Option<u32> = None;
        for stage in MAIN_LINE {
            let n_now = now.iter().find(|c| c.stage == stage).map_or(0, |c| c.count);
            let n_in = entered.get(&stage).copied().unwrap_or(0);
            funnel.push(FunnelStage {
                stage,
                now: figure(n_now, IdeaQuery { stage: Some(stage), ..base.clone() }),
                entered: figure(
                    n_in,
                    IdeaQuery { entered: Some(window(stage, &f, &t)), ..base.clone() },
                ),
                conversion: match before {
                    Some(b) if b > 0 => format!("{:.0}%", f64::from(n_in) * 100.0 / f64::from(b)),
                    _ => String::new(),
                },
            });
            before = Some(n_in);
        }

        // Time in stage, for ideas that left it in the period.
        let mut stays: BTreeMap<Stage, (Vec<f64>, std::collections::BTreeSet<String>)> =
            BTreeMap::new();
        for s in store.stage_stays(lo, hi, site)? {
            let e = stays.entry(s.stage).or_default();
            e.0.push(s.days);
            e.1.insert(s.idea);
        }
        let time_in_stage: Vec<StageTime> = MAIN_LINE[..7]
            .iter()
            .map(|stage| {
                let (mut days, ideas) = stays.remove(stage).unwrap_or_default();
                days.sort_by(f64::total_cmp);
                StageTime {
                    stage: *stage,
                    left: figure(
                        u32::try_from(ideas.len()).unwrap_or(u32::MAX),
                        IdeaQuery { left: Some(window(*stage, &f, &t)), ..base.clone() },
                    ),
                    median_days: quantile(&days, 0.5),
                    p90_days: quantile(&days, 0.9),
                }
            })
            .collect();

        // Throughput, month by month (every month of the period, even an empty one).
        let in_period = months_between(from, to);
        let counts = store.monthly_counts(&as_clocks(&in_period), site)?;
        let mut months = Vec::new();
        for (key, a, b) in &in_period {
            let (a, b) = (a.to_string(), b.to_string());
            let c = counts.get(key).cloned().unwrap_or_default();
            let entered_in =
                |stage| IdeaQuery { entered: Some(window(stage, &a, &b)), ..base.clone() };
            months.push(MonthFigures {
                submitted: figure(c.submitted, entered_in(Stage::Submitted)),
                decided: figure(
                    c.decided,
                    IdeaQuery {
                        decided: Some(Period { from: a.clone(), to: b.clone() }),
                        ..base.clone()
                    },
                ),
                to_poc: figure(c.to_poc, entered_in(Stage::PocPlanning)),
                adopted: figure(c.adopted, entered_in(Stage::AdoptAndSpread)),
                month: key.clone(),
            });
        }

        // Waiting too long in Submitted or Triage, oldest first.
        let target = store.waiting_target()?.unwrap_or(WAITING_TARGET_DAYS);
        let cutoff = store.now_millis().saturating_sub(u64::from(target) * 86_400_000);
        let cutoff = i64::try_from(cutoff << 16).unwrap_or(i64::MAX);
        let mut waiting = Vec::new();
        for stage in [Stage::Submitted, Stage::Triage] {
            let n = store.waiting_count(stage, cutoff, site)?;
            let q = IdeaQuery {
                stage: Some(stage),
                waiting_days: Some(target),
                sort: IdeaSort::Oldest,
                ..base.clone()
            };
            waiting.push((stage, figure(n, q)));
        }

        let groups = |by_department: bool| -> Result<Vec<GroupFigures>, AppError> {
            Ok(store
                .group_counts(lo, hi, by_department, site)?
                .into_iter()
                .map(|(name, c)| {
                    let scoped = if by_department {
                        IdeaQuery { department: Some(name.clone()), ..base.clone() }
                    } else {
                        IdeaQuery { site: Some(name.clone()), ..base.clone() }
                    };
                    GroupFigures {
                        submitted: figure(
                            c.submitted,
                            IdeaQuery {
                                entered: Some(window(Stage::Submitted, &f, &t)),
                                ..scoped.clone()
                            },
                        ),
                        in_poc: figure(
                            c.in_poc,
                            IdeaQuery {
                                stages: vec![
                                    Stage::PocPlanning,
                                    Stage::PocRunning,
                                    Stage::PocReview,
                                ],
                                ..scoped.clone()
                            },
                        ),
                        adopted: figure(
                            c.adopted,
                            IdeaQuery { stage: Some(Stage::AdoptAndSpread), ..scoped },
                        ),
                        name,
                    }
                })
                .collect())
        };
        let (by_site, by_department) = (groups(false)?, groups(true)?);

        // SPC over at least the 12 months Making Data Count judges from.
        let spc_from = from
            .min(to.checked_sub_months(Months::new(12)).and_then(|d| d.succ_opt()).unwrap_or(from));
        let spc_months = months_between(spc_from.with_day(1).unwrap_or(spc_from), to);
        let spc_counts = store.monthly_counts(&as_clocks(&spc_months), site)?;
        let submissions: Vec<(String, f64)> = spc_months
            .iter()
            .map(|(key, ..)| {
                (key.clone(), f64::from(spc_counts.get(key).map_or(0, |c| c.submitted)))
            })
            .collect();
        let (spc_lo, _) =
            period_hlc(&spc_months.first().map_or(f.clone(), |m| m.1.to_string()), &t);
        let mut by_month: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for (first, days) in store.first_decisions(spc_lo, hi, site)? {
            let millis = first >> 16;
            let month = chrono::DateTime::from_timestamp_millis(millis)
                .map(|d| d.format("%Y-%m").to_string())
                .unwrap_or_default();
            by_month.entry(month).or_default().push(days);
        }
        let medians: Vec<(String, f64)> = by_month
            .into_iter()
            .filter_map(|(month, mut d)| {
                d.sort_by(f64::total_cmp);
                quantile(&d, 0.5).map(|q| (month, (q * 10.0).round() / 10.0))
            })
            .collect();

        // The POCs running now, each read whole: a few hundred at most, even in a region.
        let today_text = today.to_string();
        let running = IdeaQuery {
            stage: Some(Stage::PocRunning),
            per_page: sprout_core::MAX_PER_PAGE,
            ..base.clone()
        };
        let (mut on, mut off) = (Vec::new(), Vec::new());
        let (mut planned_pence, mut spent_pence) = (0_i64, 0_i64);
        for page in 1.. {
            let found = store.idea_page(&IdeaQuery { page, ..running.clone() })?;
            for idea in &found.ideas {
                let poc = store.poc(idea.id, &today_text)?;
                planned_pence += poc.totals.planned_pence;
                spent_pence += poc.totals.spent_pence;
                let late = poc.milestones.iter().any(|m| m.overdue)
                    || poc.metrics.iter().any(|m| m.on_target == Some(false));
                if late { &mut off } else { &mut on }.push(idea.id.to_string());
            }
            if page >= found.pages {
                break;
            }
        }
        let count_of = |ids: &[String]| u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let reviewed_n = stays_left(&time_in_stage, Stage::PocReview);
        let adopted_n = entered.get(&Stage::AdoptAndSpread).copied().unwrap_or(0);
        let pocs = PocFigures {
            on_track: figure(count_of(&on), IdeaQuery { ids: Some(on), ..base.clone() }),
            off_track: figure(count_of(&off), IdeaQuery { ids: Some(off), ..base.clone() }),
            reviewed: figure(
                reviewed_n,
                IdeaQuery { left: Some(window(Stage::PocReview, &f, &t)), ..base.clone() },
            ),
            adopted: figure(
                adopted_n,
                IdeaQuery { entered: Some(window(Stage::AdoptAndSpread, &f, &t)), ..base.clone() },
            ),
            go_rate: if reviewed_n > 0 {
                format!("{:.0}%", f64::from(adopted_n) * 100.0 / f64::from(reviewed_n))
            } else {
                String::new()
            },
            planned_pence,
            spent_pence,
        };

        let runs_partnerships = may_run_partnerships(&self.roles(&store)?, store.actor()).is_ok();
        drop(store);
        let benefits = self.benefits_summary(
            Some(&sprout_core::financial_year(sprout_core::Quarter::of(to).year)),
            site,
        )?;
        let (partnerships, partnerships_due) = if runs_partnerships {
            (
                Some(self.partnerships(None)?.by_stage),
                Some(u32::try_from(self.partnerships_due(None)?.len()).unwrap_or(0)),
            )
        } else {
            (None, None)
        };
        Ok(Dashboard {
            from: f,
            to: t,
            site: site.unwrap_or_default().to_owned(),
            funnel,
            time_in_stage,
            months,
            waiting,
            waiting_target_days: target,
            by_site,
            by_department,
            pocs,
            submissions: xmr(&submissions, None),
            // Fewer days to a first decision is better.
            days_to_decision: xmr(&medians, Some(false)),
            benefits,
            partnerships,
            partnerships_due,
        })
    }
}

/// An idea the dashboard's figures count, as a board pack's appendix lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CountedIdea {
    pub id: String,
    pub title: String,
    pub site: String,
    pub stage: Stage,
    /// The day it was submitted, YYYY-MM-DD.
    pub submitted: String,
}

impl Sprout {
    /// Every idea `dashboard`'s figures count, oldest submission first: those submitted
    /// or moved in its period, those waiting too long, and those in a POC or adopted. The
    /// ideas at each early stage now are the whole pipeline, listed by the Ideas table
    /// rather than here.
    pub fn counted_ideas(&self, dashboard: &Dashboard) -> Result<Vec<CountedIdea>, AppError> {
        let store = self.store()?;
        let (lo, hi) = period_hlc(&dashboard.from, &dashboard.to);
        let cutoff = store
            .now_millis()
            .saturating_sub(u64::from(dashboard.waiting_target_days) * 86_400_000);
        let cutoff = i64::try_from(cutoff << 16).unwrap_or(i64::MAX);
        let site = Some(dashboard.site.as_str()).filter(|s| !s.is_empty());
        Ok(store
            .counted_ideas(lo, hi, cutoff, site)?
            .into_iter()
            .map(|i| CountedIdea {
                submitted: chrono::DateTime::from_timestamp_millis(i.created_hlc >> 16)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
                id: i.id,
                title: i.title,
                site: i.site,
                stage: i.stage,
            })
            .collect())
    }

    /// Today's date on this PC's clock, YYYY-MM-DD (the clock tests set).
    pub fn today(&self) -> Result<String, AppError> {
        let store = self.store()?;
        Ok(crate::benefits::today(&store).to_string())
    }
}
