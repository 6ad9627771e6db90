//! Benefits realisation: each idea's register of what it is to deliver (the Green Book's
//! fields), moved through its states by the hub's leads until verified, with forecasts and
//! actuals by financial-year quarter and site, and reviews after go-live. Every write is
//! one op through the admission gate; the rules that need more than the op (a lead
//! validates at the POC review or later; a site must be one of the idea's) are checked
//! here before it is written.

mod export;
mod summary;
mod view;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_core::{
    BenefitEntryKind, BenefitLogged, BenefitMoved, BenefitState, IdeaField as F, IdeaId, OpId,
    OpPayload, Quarter, Stage, may_record_benefits, to_milli, validate_benefit,
    validate_benefit_entry, validate_benefit_move, validate_date, validate_number, validate_pounds,
};
use sprout_store::{BenefitRow, Store};
use uuid::Uuid;

pub use export::BenefitsExported;
pub use summary::{
    Accuracy, BenefitSummary, ClassTotals, MeasureTotals, ReviewDue, SiteMeasure, SiteTotals,
};
pub(crate) use view::today;
pub use view::{
    BenefitHistory, BenefitList, BenefitListRow, BenefitQuery, BenefitView, QuarterRow,
    QuarterTotal, ReviewView,
};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::ideas::fetch;

/// A benefit's fields as a lead types them; `None` leaves a field as it is. Money is in
/// pounds; a person is a hub member's name (kept as their id) or any other name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct BenefitInput {
    pub title: Option<String>,
    /// cash-releasing, non-cash-releasing, quantifiable or qualitative.
    pub class: Option<String>,
    /// direct-public, indirect-public or wider-society.
    pub category: Option<String>,
    pub description: Option<String>,
    pub service_feature: Option<String>,
    pub cost_to_secure: Option<String>,
    pub officer: Option<String>,
    pub owner: Option<String>,
    pub measure: Option<String>,
    pub unit: Option<String>,
    pub baseline: Option<String>,
    pub baseline_date: Option<String>,
    pub target: Option<String>,
    pub target_date: Option<String>,
    pub value_per_year: Option<String>,
    pub timescale: Option<String>,
    /// yes or no.
    pub disbenefit: Option<String>,
    pub assumptions: Option<String>,
    /// low, medium or high.
    pub confidence: Option<String>,
    /// Where it is realised unless an entry says otherwise.
    pub site: Option<String>,
}

/// Where a benefit of an idea with no site yet is realised.
pub const HUB_WIDE: &str = "Hub-wide";

impl Sprout {
    fn may_record_benefits(&self, store: &Store) -> Result<(), AppError> {
        Ok(may_record_benefits(&self.roles(store)?, store.actor())?)
    }

    /// The benefit `id` names, with the idea it belongs to.
    pub(crate) fn find_benefit(&self, store: &Store, id: &str) -> Result<BenefitRow, AppError> {
        let missing =
            || AppError::new(ErrorCode::NotFound, format!("no benefit has the id {}", id.trim()));
        let wanted = Uuid::parse_str(id.trim()).map_err(|_| missing())?;
        let idea = store.benefit_idea(wanted)?.ok_or_else(missing)?;
        store.benefit(idea, wanted)?.ok_or_else(missing)
    }

    /// The sites an idea is realised at: its own, its POC's and those it spread to.
    pub(crate) fn idea_sites(&self, store: &Store, idea: IdeaId) -> Result<Vec<String>, AppError> {
        let mut sites: Vec<String> = Vec::new();
        let mut add = |s: &str| {
            let s = s.trim();
            if !s.is_empty() && !sites.iter().any(|k| k.eq_ignore_ascii_case(s)) {
                sites.push(s.to_owned());
            }
        };
        add(&fetch(store, idea)?.site);
        for s in store.poc(idea, "")?.sites {
            add(&s.site);
        }
        for s in store.spread(idea)?.sites {
            if s.status != "declined" {
                add(&s.site);
            }
        }
        Ok(sites)
    }

    /// `given` as one of the idea's sites (matched without regard to case), or the
    /// benefit's own site, or the idea's.
    fn site_for(
        &self,
        store: &Store,
        benefit: &BenefitRow,
        given: Option<&str>,
    ) -> Result<String, AppError> {
        let mut sites = self.idea_sites(store, IdeaId::from_uuid(benefit.idea))?;
        if sites.is_empty() {
            sites.push(HUB_WIDE.to_owned());
        }
        let wanted = given.map(str::trim).filter(|s| !s.is_empty());
        let wanted = wanted.or(Some(benefit.site.as_str()).filter(|s| !s.is_empty()));
        match wanted {
            Some(w) => sites.iter().find(|s| s.eq_ignore_ascii_case(w)).cloned().ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotOneOf,
                    format!(
                        "site {w:?} is not one of this idea's sites ({}): spread it there first",
                        if sites.is_empty() { "none yet".to_owned() } else { sites.join(", ") }
                    ),
                )
                .on(F::Site)
            }),
            // An idea with no site yet is realised across the hub.
            None => Ok(sites.first().cloned().unwrap_or_else(|| HUB_WIDE.to_owned())),
        }
    }

    /// The fields `input` sets, validated, with money in pence and people resolved.
    fn benefit_fields(
        &self,
        store: &Store,
        input: &BenefitInput,
    ) -> Result<BTreeMap<F, String>, AppError> {
        let mut set = BTreeMap::new();
        let mut put = |field: F, value: &Option<String>| {
            if let Some(v) = value {
                set.insert(field, v.trim().to_owned());
            }
        };
        put(F::Title, &input.title);
        put(F::BenefitClass, &input.class);
        put(F::BenefitCategory, &input.category);
        put(F::Description, &input.description);
        put(F::ServiceFeature, &input.service_feature);
        put(F::Measure, &input.measure);
        put(F::Unit, &input.unit);
        put(F::BaselineDate, &input.baseline_date);
        put(F::TargetDate, &input.target_date);
        put(F::Timescale, &input.timescale);
        put(F::Disbenefit, &input.disbenefit);
        put(F::Assumptions, &input.assumptions);
        put(F::Confidence, &input.confidence);
        put(F::Site, &input.site);
        for (field, value) in [(F::Baseline, &input.baseline), (F::Target, &input.target)] {
            if let Some(v) = value {
                let v = v.trim();
                set.insert(
                    field,
                    if v.is_empty() { String::new() } else { validate_number(field, v)? },
                );
            }
        }
        for (field, value) in
            [(F::CostToSecure, &input.cost_to_secure), (F::ValuePerYear, &input.value_per_year)]
        {
            if let Some(v) = value {
                let v = v.trim();
                set.insert(
                    field,
                    if v.is_empty() { String::new() } else { validate_pounds(field, v)? },
                );
            }
        }
        for (field, value) in
            [(F::ResponsibleOfficer, &input.officer), (F::OperationalOwner, &input.owner)]
        {
            if let Some(v) = value {
                set.insert(field, self.person(store, v)?);
            }
        }
        Ok(set)
    }

    /// A member's actor id when `who` names one, or the name as typed.
    fn person(&self, store: &Store, who: &str) -> Result<String, AppError> {
        let who = who.trim();
        if who.is_empty() {
            return Ok(String::new());
        }
        Ok(match self.member(store, who, F::ResponsibleOfficer) {
            Ok(actor) => actor.to_string(),
            Err(_) => who.to_owned(),
        })
    }

    /// Records a benefit of an idea from its POC planning on (leads and admins); returns
    /// its id.
    pub fn add_benefit(&self, idea: IdeaId, input: &BenefitInput) -> Result<String, AppError> {
        let mut store = self.store()?;
        self.may_record_benefits(&store)?;
        let found = fetch(&store, idea)?;
        if found.stage < Stage::PocPlanning || found.stage > Stage::AdoptAndSpread {
            return Err(AppError::new(
                ErrorCode::GateClosed,
                format!(
                    "“{}” is at {}: benefits are recorded from POC planning on",
                    found.title, found.stage
                ),
            ));
        }
        let mut set = self.benefit_fields(&store, input)?;
        if set.get(&F::Title).is_none_or(String::is_empty) {
            return Err(AppError::new(ErrorCode::Empty, "title must not be empty").on(F::Title));
        }
        if set.get(&F::BenefitClass).is_none_or(String::is_empty) {
            return Err(AppError::new(
                ErrorCode::Empty,
                "class of benefit must be one of cash-releasing, non-cash-releasing, quantifiable or qualitative",
            )
            .on(F::BenefitClass));
        }
        if set.get(&F::Site).is_none_or(String::is_empty) && !found.site.is_empty() {
            set.insert(F::Site, found.site.clone());
        }
        let id = OpId::minted(store.actor(), store.new_id()).0;
        let payload = validate_benefit(id, &set)?;
        self.write(&mut store, idea.as_uuid(), OpPayload::BenefitSet(payload))?;
        drop(store);
        self.changed();
        Ok(id.to_string())
    }

    /// Promotes one of the idea's POC metrics (by id or name) to a benefit, keeping its
    /// measure, unit, baseline, target and actuals (each the latest in its quarter, at the
    /// idea's site). Returns the benefit's id.
    pub fn promote_metric(
        &self,
        idea: IdeaId,
        metric: &str,
        input: &BenefitInput,
    ) -> Result<String, AppError> {
        let poc = self.store()?.poc(idea, "")?;
        let wanted = metric.trim();
        let m = poc
            .metrics
            .iter()
            .find(|m| m.id == wanted || m.name.eq_ignore_ascii_case(wanted))
            .ok_or_else(|| {
                AppError::new(ErrorCode::NotFound, format!("the POC has no metric {wanted:?}"))
                    .on(F::Metric)
            })?;
        let number = |v: Option<f64>| v.map(|v| format!("{v}"));
        let mut with = input.clone();
        with.title = with.title.or_else(|| Some(m.name.clone()));
        with.measure = with.measure.or_else(|| Some(m.name.clone()));
        with.unit = with.unit.or_else(|| Some(m.unit.clone()));
        with.baseline = with.baseline.or_else(|| number(m.baseline));
        with.baseline_date = with.baseline_date.or_else(|| Some(m.baseline_date.clone()));
        with.target = with.target.or_else(|| number(m.target));
        with.target_date = with.target_date.or_else(|| Some(m.target_date.clone()));
        let id = self.add_benefit(idea, &with)?;
        {
            let mut store = self.store()?;
            let set = BTreeMap::from([(F::FromMetric, m.id.clone())]);
            let payload = validate_benefit(Uuid::parse_str(&id).unwrap_or_default(), &set)?;
            self.write(&mut store, idea.as_uuid(), OpPayload::BenefitSet(payload))?;
        }
        // The latest actual in each quarter stands for it.
        let mut by_quarter: BTreeMap<Quarter, (String, f64)> = BTreeMap::new();
        for a in &m.actuals {
            if let Ok(day) = chrono::NaiveDate::parse_from_str(&a.date, "%Y-%m-%d") {
                let q = Quarter::of(day);
                if by_quarter.get(&q).is_none_or(|(d, _)| *d <= a.date) {
                    by_quarter.insert(q, (a.date.clone(), a.value));
                }
            }
        }
        for (q, (_, value)) in by_quarter {
            self.record_benefit_value(
                &id,
                BenefitEntryKind::Actual,
                &q.to_string(),
                &format!("{value}"),
                None,
            )?;
        }
        Ok(id)
    }

    /// Changes a benefit's fields (leads and admins). After it is planned, a new baseline
    /// or target is a new version, kept in its history beside the one it replaces.
    pub fn edit_benefit(&self, id: &str, input: &BenefitInput) -> Result<BenefitView, AppError> {
        let mut store = self.store()?;
        self.may_record_benefits(&store)?;
        let b = self.find_benefit(&store, id)?;
        let set = self.benefit_fields(&store, input)?;
        let payload = validate_benefit(b.id, &set)?;
        self.write(&mut store, b.idea, OpPayload::BenefitSet(payload))?;
        let view = self.benefit_in(&store, &b.id.to_string())?;
        drop(store);
        self.changed();
        Ok(view)
    }

    /// Moves a benefit one state on (or to not realised or withdrawn), with the reason. A
    /// lead validates at the POC review or later; verifying a cash-releasing benefit needs
    /// the name and role of the finance person who confirmed it.
    pub fn move_benefit(
        &self,
        id: &str,
        to: BenefitState,
        rationale: &str,
        finance: Option<&str>,
    ) -> Result<BenefitView, AppError> {
        let mut store = self.store()?;
        self.may_record_benefits(&store)?;
        let b = self.find_benefit(&store, id)?;
        let mut moved = BenefitMoved {
            benefit: b.id,
            from: b.state,
            to,
            rationale: rationale.to_owned(),
            finance: finance.unwrap_or_default().trim().to_owned(),
            estimate: String::new(),
        };
        if to == BenefitState::Validated {
            let idea = fetch(&store, IdeaId::from_uuid(b.idea))?;
            if idea.stage < Stage::PocReview {
                return Err(AppError::new(
                    ErrorCode::GateClosed,
                    format!(
                        "a benefit is validated at the POC review or later: “{}” is at {}",
                        idea.title, idea.stage
                    ),
                )
                .on(F::BenefitState));
            }
            moved.estimate =
                self.estimate_of(&store, &b)?.map(|e| e.to_string()).unwrap_or_default();
        }
        if to == BenefitState::Verified && b.class == "cash-releasing" && moved.finance.is_empty() {
            return Err(AppError::new(
                ErrorCode::Empty,
                "verifying a cash-releasing benefit needs the finance person who confirmed it: --finance \"NAME, ROLE\"",
            )
            .on(F::Finance));
        }
        let moved = validate_benefit_move(&moved)?;
        self.write(&mut store, b.idea, OpPayload::BenefitMoved(moved))?;
        let view = self.benefit_in(&store, &b.id.to_string())?;
        drop(store);
        self.changed();
        Ok(view)
    }

    /// The estimate a validation records, in thousandths: a monetised benefit's full-year
    /// value over its timescale, otherwise its forecasts so far.
    fn estimate_of(&self, store: &Store, b: &BenefitRow) -> Result<Option<i64>, AppError> {
        if b.money
            && let Some(pence) = b.value_per_year
        {
            return Ok(Some(pence.saturating_mul(b.timescale.unwrap_or(1)).saturating_mul(10)));
        }
        let forecasts: i64 = store
            .benefit_values(b.idea, b.id)?
            .iter()
            .filter(|(k, ..)| *k == BenefitEntryKind::Forecast)
            .map(|(.., milli)| milli)
            .sum();
        Ok((forecasts != 0).then_some(forecasts))
    }

    /// Records a forecast or an actual for a quarter ("Q3 2026/27") at one of the idea's
    /// sites (the benefit's own by default). A later one for the same quarter and site
    /// replaces it. Money is typed in pounds and kept exactly.
    pub fn record_benefit_value(
        &self,
        id: &str,
        kind: BenefitEntryKind,
        quarter: &str,
        value: &str,
        site: Option<&str>,
    ) -> Result<BenefitView, AppError> {
        let mut store = self.store()?;
        self.may_record_benefits(&store)?;
        let b = self.find_benefit(&store, id)?;
        let field = if kind == BenefitEntryKind::Actual { F::Actual } else { F::Forecast };
        if b.money {
            let t = value.trim().trim_start_matches('-');
            validate_pounds(field, t)?;
        } else if to_milli(value).is_none() {
            return Err(AppError::new(
                ErrorCode::NotANumber,
                format!(
                    "{} must be a number with at most three decimal places, such as 12 or 3.5",
                    field.label()
                ),
            )
            .on(field));
        }
        let site = self.site_for(&store, &b, site)?;
        let entry = validate_benefit_entry(&BenefitLogged {
            benefit: b.id,
            kind,
            quarter: quarter.to_owned(),
            site,
            value: value.to_owned(),
            date: String::new(),
            note: String::new(),
        })?;
        self.write(&mut store, b.idea, OpPayload::BenefitLogged(entry))?;
        let view = self.benefit_in(&store, &b.id.to_string())?;
        drop(store);
        self.changed();
        Ok(view)
    }

    /// Records a review after go-live (3, 6 or 12 months) held at a site on `date`, with
    /// what it found; or, with `held` false, moves that review's due date to `date`.
    pub fn record_benefit_review(
        &self,
        id: &str,
        months: &str,
        site: &str,
        date: &str,
        note: &str,
        held: bool,
    ) -> Result<BenefitView, AppError> {
        let mut store = self.store()?;
        self.may_record_benefits(&store)?;
        let b = self.find_benefit(&store, id)?;
        let site = self.site_for(&store, &b, Some(site))?;
        validate_date(F::ReviewMonths, date)?;
        let entry = validate_benefit_entry(&BenefitLogged {
            benefit: b.id,
            kind: if held { BenefitEntryKind::Review } else { BenefitEntryKind::ReviewDue },
            quarter: String::new(),
            site,
            value: months.to_owned(),
            date: date.to_owned(),
            note: note.to_owned(),
        })?;
        self.write(&mut store, b.idea, OpPayload::BenefitLogged(entry))?;
        let view = self.benefit_in(&store, &b.id.to_string())?;
        drop(store);
        self.changed();
        Ok(view)
    }
}
