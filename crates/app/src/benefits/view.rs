//! A benefit as its idea's page shows it (fields, state, the next step, forecast and
//! actual by quarter and site with cumulative totals, reviews, history) and the register
//! as the *Benefits* place pages it.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_core::{
    BenefitEntryKind, BenefitState, IdeaField as F, IdeaId, Quarter, Stage, format_pence,
    from_milli, parse_financial_year,
};
use sprout_store::{BenefitFilter, BenefitRow, Store};
use uuid::Uuid;

use crate::Sprout;
use crate::error::AppError;
use crate::ideas::fetch;

/// One benefit, as its idea's page and `sprout benefit show` give it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct BenefitView {
    pub id: String,
    pub idea: String,
    pub idea_title: String,
    pub title: String,
    pub class: String,
    pub category: String,
    pub description: String,
    pub service_feature: String,
    /// Pence.
    #[specta(type = Option<f64>)]
    pub cost_to_secure_pence: Option<i64>,
    /// An actor id or a name, and the name to show.
    pub officer: String,
    pub officer_name: String,
    pub owner_name: String,
    pub measure: String,
    pub unit: String,
    /// Its forecasts and actuals are money (pounds, kept in pence).
    pub money: bool,
    pub baseline: String,
    pub baseline_date: String,
    pub target: String,
    pub target_date: String,
    /// Pence.
    #[specta(type = Option<f64>)]
    pub value_per_year_pence: Option<i64>,
    pub timescale: Option<u32>,
    pub disbenefit: bool,
    pub assumptions: String,
    pub confidence: String,
    pub site: String,
    pub from_metric: String,
    pub state: BenefitState,
    /// The state one step on, if it has one (not realised and withdrawn are always open
    /// until it is over).
    pub next: Option<BenefitState>,
    /// Verified, not realised or withdrawn: it moves no more.
    pub over: bool,
    /// The estimate validated, as people read it.
    pub validated_estimate: String,
    /// Forecast and actual per quarter and site.
    pub quarters: Vec<QuarterRow>,
    /// Per quarter over every site, with running totals: what the chart draws.
    pub by_quarter: Vec<QuarterTotal>,
    /// The sites a forecast or actual may name.
    pub sites: Vec<String>,
    /// The quarter today falls in, which a form offers first.
    pub this_quarter: String,
    pub reviews: Vec<ReviewView>,
    pub history: Vec<BenefitHistory>,
}

/// A forecast and an actual for one quarter at one site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct QuarterRow {
    pub quarter: String,
    pub site: String,
    pub forecast: String,
    pub actual: String,
}

/// One quarter over every site, as numbers (pounds for money) for the chart and as text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct QuarterTotal {
    pub quarter: String,
    pub forecast: Option<f64>,
    pub actual: Option<f64>,
    pub forecast_text: String,
    pub actual_text: String,
    pub cumulative_forecast_text: String,
    pub cumulative_actual_text: String,
}

/// A review after go-live at one site.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReviewView {
    pub site: String,
    /// 3, 6 or 12.
    pub months: u32,
    pub due: String,
    /// The date it was held, if it was.
    pub held: String,
    pub note: String,
    pub overdue: bool,
}

/// Something that happened to a benefit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BenefitHistory {
    pub date: String,
    pub by_name: String,
    pub what: String,
}

/// Which benefits the register shows; `page` from 1.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct BenefitQuery {
    pub idea: Option<IdeaId>,
    pub state: Option<BenefitState>,
    pub class: Option<String>,
    pub site: Option<String>,
    /// A financial year, "2026/27": benefits with a forecast or actual in it.
    pub year: Option<String>,
    pub page: Option<u32>,
}

/// A benefit as the register lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BenefitListRow {
    pub id: String,
    pub idea: String,
    pub idea_title: String,
    pub title: String,
    pub class: String,
    pub state: BenefitState,
    pub site: String,
    pub officer_name: String,
    pub value_per_year: String,
    pub disbenefit: bool,
}

/// A page of the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct BenefitList {
    pub rows: Vec<BenefitListRow>,
    pub matching: u32,
    pub page: u32,
    pub pages: u32,
}

/// Rows on a page of the register.
pub const BENEFITS_PAGE: u64 = 50;

/// Thousandths as people read them: money as pounds, otherwise the number and its unit.
pub(crate) fn amount_text(milli: i64, money: bool, unit: &str) -> String {
    if money {
        format_pence(milli / 10)
    } else if unit.is_empty() {
        from_milli(milli)
    } else {
        format!("{} {unit}", from_milli(milli))
    }
}

/// Thousandths as a number for a chart (pounds for money). Drawing only: every total
/// people read is worked out in whole thousandths.
#[allow(clippy::cast_precision_loss, reason = "a chart's bar, never a total")]
fn amount_number(milli: i64) -> f64 {
    milli as f64 / 1000.0
}

pub(crate) fn today(store: &Store) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(i64::try_from(store.now_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
        .date_naive()
}

impl Sprout {
    /// One benefit by its id.
    pub fn benefit(&self, id: &str) -> Result<BenefitView, AppError> {
        let store = self.store()?;
        self.benefit_in(&store, id)
    }

    /// An idea's benefits, oldest first, each in full.
    pub fn idea_benefits(&self, idea: IdeaId) -> Result<Vec<BenefitView>, AppError> {
        let store = self.store()?;
        let found = fetch(&store, idea)?;
        // The idea and its sites are read once for all its benefits.
        let sites = self.idea_sites(&store, idea)?;
        let filter = BenefitFilter { idea: Some(idea.as_uuid()), ..Default::default() };
        let (rows, _) = store.benefit_page(&filter, 0, 1_000)?;
        rows.iter().map(|b| self.view_of(&store, b, &found, &sites)).collect()
    }

    pub(crate) fn benefit_in(&self, store: &Store, id: &str) -> Result<BenefitView, AppError> {
        let b = self.find_benefit(store, id)?;
        let idea = fetch(store, IdeaId::from_uuid(b.idea))?;
        let sites = self.idea_sites(store, idea.id)?;
        self.view_of(store, &b, &idea, &sites)
    }

    fn view_of(
        &self,
        store: &Store,
        b: &BenefitRow,
        idea: &sprout_core::Idea,
        sites: &[String],
    ) -> Result<BenefitView, AppError> {
        let fields = store.benefit_fields(b.idea, b.id)?;
        let f = |field: F| fields.get(field.name()).cloned().unwrap_or_default();
        let person = |raw: &str| -> Result<String, AppError> {
            Ok(if Uuid::parse_str(raw).is_ok() { store.name_of(raw)? } else { raw.to_owned() })
        };
        let unit = b.unit.clone();
        let text =
            |milli: Option<i64>| milli.map(|m| amount_text(m, b.money, &unit)).unwrap_or_default();

        let mut quarters: BTreeMap<(i64, String), (Option<i64>, Option<i64>)> = BTreeMap::new();
        for (kind, quarter, site, milli) in store.benefit_values(b.idea, b.id)? {
            let slot = quarters.entry((quarter, site)).or_default();
            match kind {
                BenefitEntryKind::Forecast => slot.0 = Some(milli),
                BenefitEntryKind::Actual => slot.1 = Some(milli),
                _ => {}
            }
        }
        let mut totals: BTreeMap<i64, (Option<i64>, Option<i64>)> = BTreeMap::new();
        for ((quarter, _), (fc, ac)) in &quarters {
            let t = totals.entry(*quarter).or_default();
            if let Some(v) = fc {
                t.0 = Some(t.0.unwrap_or(0) + v);
            }
            if let Some(v) = ac {
                t.1 = Some(t.1.unwrap_or(0) + v);
            }
        }
        let (mut run_f, mut run_a) = (0_i64, 0_i64);
        let by_quarter = totals
            .iter()
            .map(|(q, (fc, ac))| {
                run_f += fc.unwrap_or(0);
                run_a += ac.unwrap_or(0);
                QuarterTotal {
                    quarter: quarter_text(*q),
                    forecast: fc.map(amount_number),
                    actual: ac.map(amount_number),
                    forecast_text: text(*fc),
                    actual_text: text(*ac),
                    cumulative_forecast_text: text(Some(run_f)),
                    cumulative_actual_text: text(Some(run_a)),
                }
            })
            .collect();
        let quarters = quarters
            .into_iter()
            .map(|((q, site), (fc, ac))| QuarterRow {
                quarter: quarter_text(q),
                site,
                forecast: text(fc),
                actual: text(ac),
            })
            .collect();

        let mut history = Vec::new();
        let moves = store.benefit_moves(b.idea, b.id)?;
        let (_, took) = sprout_core::replay_benefit(
            &moves.iter().map(|m| m.mv.clone()).collect::<Vec<_>>(),
            &b.class,
        );
        let planned_at = moves
            .iter()
            .zip(&took)
            .find(|(m, ok)| **ok && m.mv.to == BenefitState::Planned)
            .map(|(m, _)| m.stamp.0);
        for (row, ok) in moves.iter().zip(&took) {
            let (m, rationale, (at, by)) = (&row.mv, &row.rationale, &row.stamp);
            let finance = if m.finance.is_empty() {
                String::new()
            } else {
                format!(", confirmed by {}", m.finance)
            };
            history.push((
                *at,
                by.clone(),
                format!(
                    "moved it to {}{finance}: {rationale}{}",
                    m.to.label(),
                    if *ok { "" } else { " (took no effect)" }
                ),
            ));
        }
        for (field, value, (at, by)) in store.benefit_versions(b.idea, b.id)? {
            if field != F::Baseline.name() && field != F::Target.name() {
                continue;
            }
            let after = planned_at.is_some_and(|p| at > p);
            history.push((
                at,
                by,
                format!(
                    "set the {field} to {}{}",
                    if value.is_empty() { "nothing" } else { &value },
                    if after { " (a new version, after it was planned)" } else { "" }
                ),
            ));
        }
        history.sort_by_key(|(at, ..)| *at);
        let history = history
            .into_iter()
            .map(|(at, by, what)| {
                Ok(BenefitHistory {
                    date: at.format("%Y-%m-%d").to_string(),
                    by_name: store.name_of(&by)?,
                    what,
                })
            })
            .collect::<Result<_, AppError>>()?;

        let reviews = reviews_of(store, b, idea.stage, today(store))?;
        Ok(BenefitView {
            id: b.id.to_string(),
            idea: b.idea.to_string(),
            idea_title: idea.title.clone(),
            title: b.title.clone(),
            class: b.class.clone(),
            category: b.category.clone(),
            description: f(F::Description),
            service_feature: f(F::ServiceFeature),
            cost_to_secure_pence: f(F::CostToSecure).parse().ok(),
            officer_name: person(&b.officer)?,
            officer: b.officer.clone(),
            owner_name: person(&f(F::OperationalOwner))?,
            measure: b.measure.clone(),
            unit: b.unit.clone(),
            money: b.money,
            baseline: f(F::Baseline),
            baseline_date: f(F::BaselineDate),
            target: f(F::Target),
            target_date: b.target_date.clone(),
            value_per_year_pence: b.value_per_year,
            timescale: b.timescale.and_then(|t| u32::try_from(t).ok()),
            disbenefit: b.disbenefit,
            assumptions: f(F::Assumptions),
            confidence: f(F::Confidence),
            site: b.site.clone(),
            from_metric: f(F::FromMetric),
            state: b.state,
            next: b.state.next(),
            over: b.state.is_final(),
            validated_estimate: b
                .estimate
                .map(|e| amount_text(e, b.money, &b.unit))
                .unwrap_or_default(),
            quarters,
            by_quarter,
            sites: if sites.is_empty() { vec![super::HUB_WIDE.to_owned()] } else { sites.to_vec() },
            this_quarter: Quarter::of(today(store)).to_string(),
            reviews,
            history,
        })
    }

    /// A page of the register, filtered, oldest first.
    pub fn benefits(&self, query: &BenefitQuery) -> Result<BenefitList, AppError> {
        let store = self.store()?;
        let filter = BenefitFilter {
            idea: query.idea.map(|i| i.as_uuid()),
            state: query.state,
            class: query.class.clone().filter(|c| !c.is_empty()),
            site: query.site.clone().filter(|s| !s.is_empty()),
            year: match query.year.as_deref().filter(|y| !y.is_empty()) {
                Some(y) => Some(parse_financial_year(y)?),
                None => None,
            },
        };
        let (offset, limit, page) = match query.page {
            Some(p) => {
                let p = u64::from(p.max(1));
                ((p - 1) * BENEFITS_PAGE, BENEFITS_PAGE, p)
            }
            None => (0, u64::MAX / 2, 1),
        };
        let (rows, matching) = store.benefit_page(&filter, offset, limit)?;
        let pages = if query.page.is_some() { matching.div_ceil(BENEFITS_PAGE).max(1) } else { 1 };
        let mut titles: BTreeMap<Uuid, String> = BTreeMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for b in rows {
            if let std::collections::btree_map::Entry::Vacant(e) = titles.entry(b.idea) {
                e.insert(
                    store.idea(IdeaId::from_uuid(b.idea))?.map(|i| i.title).unwrap_or_default(),
                );
            }
            out.push(BenefitListRow {
                id: b.id.to_string(),
                idea: b.idea.to_string(),
                idea_title: titles.get(&b.idea).cloned().unwrap_or_default(),
                title: b.title,
                class: b.class,
                state: b.state,
                site: b.site,
                officer_name: if Uuid::parse_str(&b.officer).is_ok() {
                    store.name_of(&b.officer)?
                } else {
                    b.officer
                },
                value_per_year: b.value_per_year.map(format_pence).unwrap_or_default(),
                disbenefit: b.disbenefit,
            });
        }
        Ok(BenefitList {
            rows: out,
            matching: u32::try_from(matching).unwrap_or(u32::MAX),
            page: u32::try_from(page).unwrap_or(1),
            pages: u32::try_from(pages).unwrap_or(1),
        })
    }
}

fn quarter_text(key: i64) -> String {
    Quarter::from_key(key).map(|q| q.to_string()).unwrap_or_default()
}

/// A benefit's reviews after go-live: 3, 6 and 12 months after each spread site went live
/// (its start), unless a lead moved the date; held or not, and overdue once past due.
pub(super) fn reviews_of(
    store: &Store,
    b: &BenefitRow,
    stage: Stage,
    today: NaiveDate,
) -> Result<Vec<ReviewView>, AppError> {
    if stage != Stage::AdoptAndSpread
        || matches!(b.state, BenefitState::Withdrawn | BenefitState::NotRealised)
    {
        return Ok(Vec::new());
    }
    let entries = store.benefit_reviews(b.idea, b.id)?;
    let mut out = Vec::new();
    for site in store.spread(IdeaId::from_uuid(b.idea))?.sites {
        let Ok(live) = NaiveDate::parse_from_str(&site.start, "%Y-%m-%d") else { continue };
        if site.status != "live" {
            continue;
        }
        for months in [3_u32, 6, 12] {
            let ours = |e: &&sprout_store::BenefitReviewEntry| {
                e.months == months && e.site.eq_ignore_ascii_case(&site.site)
            };
            let due = entries
                .iter()
                .filter(ours)
                .rfind(|e| !e.held)
                .map(|e| e.date.clone())
                .or_else(|| live.checked_add_months(Months::new(months)).map(|d| d.to_string()))
                .unwrap_or_default();
            let held = entries.iter().filter(ours).rfind(|e| e.held);
            out.push(ReviewView {
                site: site.site.clone(),
                months,
                overdue: held.is_none() && due.as_str() < today.to_string().as_str(),
                due,
                held: held.map(|h| h.date.clone()).unwrap_or_default(),
                note: held.map(|h| h.note.clone()).unwrap_or_default(),
            });
        }
    }
    Ok(out)
}
