//! The roll-up a lead reports with: for the hub or one site, over every year or one
//! financial year, target, forecast, actual and verified by class (money, in pence) and by
//! measure (in its unit), site by site, and estimating accuracy (actual ÷ the estimate
//! validated) for completed benefits. And the reviews after go-live that are due.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_core::{
    BENEFIT_CLASSES, BenefitEntryKind, IdeaId, Quarter, financial_year, parse_financial_year,
};
use sprout_store::RollupRow;
use uuid::Uuid;

use super::view::{amount_text, reviews_of, today};
use crate::Sprout;
use crate::error::AppError;

/// Money totals of one class, in pence.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ClassTotals {
    pub class: String,
    pub label: String,
    /// Full-year values over their timescale (or the year's share); none for one site,
    /// since a target is the hub's.
    #[specta(type = Option<f64>)]
    pub target_pence: Option<i64>,
    #[specta(type = f64)]
    pub forecast_pence: i64,
    #[specta(type = f64)]
    pub actual_pence: i64,
    /// Actuals of benefits verified.
    #[specta(type = f64)]
    pub verified_pence: i64,
    /// Benefits of this class in the register (not withdrawn).
    pub benefits: u32,
}

/// Totals of a measure that is not money, in its unit.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MeasureTotals {
    pub measure: String,
    pub unit: String,
    pub forecast: String,
    pub actual: String,
    pub verified: String,
    /// Benefits of this measure in the register (not withdrawn).
    pub benefits: u32,
}

/// Money totals at one site, in pence: the sites add up to the hub's.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SiteTotals {
    pub site: String,
    #[specta(type = f64)]
    pub forecast_pence: i64,
    #[specta(type = f64)]
    pub actual_pence: i64,
    #[specta(type = f64)]
    pub verified_pence: i64,
}

/// Totals of a measure that is not money at one site.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SiteMeasure {
    pub site: String,
    pub measure: String,
    pub forecast: String,
    pub actual: String,
    pub verified: String,
}

/// How close completed benefits of a class came to the estimate validated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Accuracy {
    pub class: String,
    pub label: String,
    pub benefits: u32,
    /// Actual ÷ validated estimate, summed over the class's completed benefits: 1.0 is
    /// exactly as estimated.
    pub ratio: f64,
    pub percent: String,
}

/// The roll-up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct BenefitSummary {
    /// "2026/27", or empty for every year.
    pub year: String,
    /// The site, or empty for the hub.
    pub site: String,
    pub classes: Vec<ClassTotals>,
    /// Every monetised class together.
    pub total: ClassTotals,
    pub measures: Vec<MeasureTotals>,
    pub sites: Vec<SiteTotals>,
    /// Measures that are not money, site by site.
    pub site_measures: Vec<SiteMeasure>,
    pub accuracy: Vec<Accuracy>,
    /// The financial years ("2026/27") with a forecast or actual, and this one.
    pub years: Vec<String>,
    /// The sites with a forecast or actual.
    pub site_names: Vec<String>,
}

/// A review after go-live waiting to be held.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ReviewDue {
    pub benefit: String,
    pub benefit_title: String,
    pub idea: String,
    pub idea_title: String,
    pub site: String,
    pub months: u32,
    pub due: String,
    pub overdue: bool,
    pub officer_name: String,
}

fn class_label(class: &str) -> String {
    BENEFIT_CLASSES
        .iter()
        .find(|(k, _)| *k == class)
        .map_or_else(|| class.to_owned(), |(_, l)| (*l).to_owned())
}

impl Sprout {
    /// The roll-up for the hub (or one site), over every year (or one financial year,
    /// "2026/27").
    pub fn benefits_summary(
        &self,
        year: Option<&str>,
        site: Option<&str>,
    ) -> Result<BenefitSummary, AppError> {
        let year = match year.map(str::trim).filter(|y| !y.is_empty()) {
            Some(y) => Some(parse_financial_year(y)?),
            None => None,
        };
        let site = site.map(str::trim).filter(|s| !s.is_empty());
        let store = self.store()?;
        let rows = store.benefit_rollup(year, site, false)?;
        let by_site = store.benefit_rollup(year, site, true)?;
        let counts: BTreeMap<String, i64> = store.benefit_class_counts()?.into_iter().collect();
        let measure_counts: BTreeMap<(String, String), i64> =
            store.benefit_measure_counts()?.into_iter().collect();

        let targets: BTreeMap<String, i64> = store.benefit_targets(year)?.into_iter().collect();

        let money_classes = ["cash-releasing", "non-cash-releasing", "quantifiable", "qualitative"];
        let mut classes: Vec<ClassTotals> = Vec::new();
        for class in money_classes {
            let mut t = ClassTotals {
                class: class.to_owned(),
                label: class_label(class),
                target_pence: if site.is_some() { None } else { targets.get(class).copied() },
                benefits: u32::try_from(counts.get(class).copied().unwrap_or(0)).unwrap_or(0),
                ..Default::default()
            };
            for r in rows.iter().filter(|r| r.money && r.class == class) {
                add_money(&mut t.forecast_pence, &mut t.actual_pence, &mut t.verified_pence, r);
            }
            // Classes that are not money show in the measures; one is listed here only
            // when a benefit of it is counted in pounds.
            let monetised = matches!(class, "cash-releasing" | "non-cash-releasing");
            let any = (monetised && t.benefits > 0) || t.forecast_pence != 0 || t.actual_pence != 0;
            if any {
                classes.push(t);
            }
        }
        let mut total = ClassTotals {
            class: String::new(),
            label: "All monetised benefits".to_owned(),
            target_pence: if site.is_some() { None } else { Some(targets.values().sum()) },
            ..Default::default()
        };
        for c in &classes {
            total.forecast_pence += c.forecast_pence;
            total.actual_pence += c.actual_pence;
            total.verified_pence += c.verified_pence;
        }
        total.benefits = classes.iter().map(|c| c.benefits).sum();

        let mut measures: BTreeMap<(String, String), (i64, i64, i64)> = BTreeMap::new();
        for r in rows.iter().filter(|r| !r.money) {
            let m = measures.entry((r.measure.clone(), r.unit.clone())).or_default();
            match (r.kind, r.verified) {
                (BenefitEntryKind::Forecast, _) => m.0 += r.milli,
                (BenefitEntryKind::Actual, verified) => {
                    m.1 += r.milli;
                    if verified {
                        m.2 += r.milli;
                    }
                }
                _ => {}
            }
        }
        let measures = measures
            .into_iter()
            .map(|((measure, unit), (f, a, v))| MeasureTotals {
                forecast: amount_text(f, false, &unit),
                actual: amount_text(a, false, &unit),
                verified: amount_text(v, false, &unit),
                benefits: u32::try_from(
                    measure_counts.get(&(measure.clone(), unit.clone())).copied().unwrap_or(0),
                )
                .unwrap_or(0),
                measure,
                unit,
            })
            .collect();

        let mut sites: BTreeMap<String, SiteTotals> = BTreeMap::new();
        for r in by_site.iter().filter(|r| r.money) {
            let t = sites
                .entry(r.site.clone())
                .or_insert_with(|| SiteTotals { site: r.site.clone(), ..Default::default() });
            add_money(&mut t.forecast_pence, &mut t.actual_pence, &mut t.verified_pence, r);
        }

        let mut at_sites: BTreeMap<(String, String, String), (i64, i64, i64)> = BTreeMap::new();
        for r in by_site.iter().filter(|r| !r.money) {
            let m =
                at_sites.entry((r.site.clone(), r.measure.clone(), r.unit.clone())).or_default();
            match r.kind {
                BenefitEntryKind::Forecast => m.0 += r.milli,
                BenefitEntryKind::Actual => {
                    m.1 += r.milli;
                    if r.verified {
                        m.2 += r.milli;
                    }
                }
                _ => {}
            }
        }
        let site_measures = at_sites
            .into_iter()
            .map(|((site, measure, unit), (f, a, v))| SiteMeasure {
                forecast: amount_text(f, false, &unit),
                actual: amount_text(a, false, &unit),
                verified: amount_text(v, false, &unit),
                site,
                measure,
            })
            .collect();

        let mut accuracy: BTreeMap<String, (i64, i64, u32)> = BTreeMap::new();
        for (class, actual, estimate) in store.benefit_accuracy()? {
            let a = accuracy.entry(class).or_default();
            a.0 += actual;
            a.1 += estimate;
            a.2 += 1;
        }
        #[allow(clippy::cast_precision_loss, reason = "a ratio to show, not a total")]
        let accuracy = accuracy
            .into_iter()
            .filter(|(_, (_, estimate, _))| *estimate != 0)
            .map(|(class, (actual, estimate, n))| {
                let ratio = actual as f64 / estimate as f64;
                Accuracy {
                    label: class_label(&class),
                    class,
                    benefits: n,
                    ratio,
                    percent: format!("{:.0}%", ratio * 100.0),
                }
            })
            .collect();

        let (mut years, site_names) = store.benefit_years_and_sites()?;
        let this_year = Quarter::of(today(&store)).year;
        if !years.contains(&this_year) {
            years.push(this_year);
            years.sort_unstable();
        }
        Ok(BenefitSummary {
            years: years.into_iter().rev().map(financial_year).collect(),
            site_names,
            year: year.map(financial_year).unwrap_or_default(),
            site: site.unwrap_or_default().to_owned(),
            classes,
            total,
            measures,
            sites: sites.into_values().collect(),
            site_measures,
            accuracy,
        })
    }

    /// Reviews after go-live not yet held, soonest first: every one for a lead (`mine`
    /// false), or those of benefits whose responsible officer is this PC's person.
    pub fn benefit_reviews_due(&self, mine: bool) -> Result<Vec<ReviewDue>, AppError> {
        let store = self.store()?;
        let me = store.actor().to_string();
        let today = today(&store);
        let mut out = Vec::new();
        for idea in store.ideas_with_benefits_at(sprout_core::Stage::AdoptAndSpread.key())? {
            let id = IdeaId::from_uuid(idea);
            let Some(found) = store.idea(id)? else { continue };
            let filter = sprout_store::BenefitFilter { idea: Some(idea), ..Default::default() };
            for b in store.benefit_page(&filter, 0, 10_000)?.0 {
                if mine && b.officer != me {
                    continue;
                }
                let officer_name = if Uuid::parse_str(&b.officer).is_ok() {
                    store.name_of(&b.officer)?
                } else {
                    b.officer.clone()
                };
                for r in reviews_of(&store, &b, found.stage, today)? {
                    if !r.held.is_empty() {
                        continue;
                    }
                    out.push(ReviewDue {
                        benefit: b.id.to_string(),
                        benefit_title: b.title.clone(),
                        idea: idea.to_string(),
                        idea_title: found.title.clone(),
                        site: r.site,
                        months: r.months,
                        due: r.due,
                        overdue: r.overdue,
                        officer_name: officer_name.clone(),
                    });
                }
            }
        }
        out.sort_by(|a, b| a.due.cmp(&b.due).then(a.benefit_title.cmp(&b.benefit_title)));
        Ok(out)
    }
}

/// Adds a money row's thousandths to forecast, actual and verified, in pence.
fn add_money(forecast: &mut i64, actual: &mut i64, verified: &mut i64, r: &RollupRow) {
    let pence = r.milli / 10;
    match r.kind {
        BenefitEntryKind::Forecast => *forecast += pence,
        BenefitEntryKind::Actual => {
            *actual += pence;
            if r.verified {
                *verified += pence;
            }
        }
        _ => {}
    }
}
