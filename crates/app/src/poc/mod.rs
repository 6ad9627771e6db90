//! Proof-of-concept tracking: a lead plans the POC (aim, project lead, hypotheses, metrics
//! with baselines and targets); the project lead or a lead records its progress (actuals,
//! milestones, status notes). Each write is one op through the admission gate.

pub mod files;
mod progress;
mod sites;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_core::{
    ActorId, IdeaEdited, IdeaField, IdeaId, OpPayload, Poc, PocPage, PocPart, PocQuery, PocSummary,
    Role, Stage, may_plan_poc, validate_part, validate_poc_field, validate_pounds,
};
use sprout_store::Store;
use uuid::Uuid;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::ideas::fetch;

/// The POC plan as a lead types it; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PocPlan {
    pub aim: Option<String>,
    /// A hub member's name or actor id.
    pub project_lead: Option<String>,
    pub clinical_sponsor: Option<String>,
    pub project_type: Option<String>,
    pub evaluation_type: Option<String>,
    pub evaluation_design: Option<String>,
    pub ethics_ref: Option<String>,
}

/// A success metric as a lead types it. The same name again updates that metric.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct MetricPlan {
    pub name: String,
    pub unit: Option<String>,
    pub direction: Option<String>,
    pub baseline: Option<String>,
    pub baseline_date: Option<String>,
    pub baseline_source: Option<String>,
    pub target: Option<String>,
    pub target_date: Option<String>,
}

/// A budget line as a lead types it: amounts in pounds, up to two decimals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct BudgetPlan {
    pub category: String,
    pub funder: String,
    pub planned: String,
    pub committed: Option<String>,
    pub spent: Option<String>,
}

/// A risk or issue as typed: likelihood and impact from 1 to 5.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct RiskPlan {
    pub description: String,
    pub likelihood: String,
    pub impact: String,
    pub owner: Option<String>,
    pub mitigation: Option<String>,
}

/// A site's part in a POC, or in spreading an adopted idea, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct SitePlan {
    pub site: String,
    pub status: Option<String>,
    /// A hub member's name or actor id.
    pub local_lead: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// Why a site declined (spread only).
    pub reason: Option<String>,
    /// The local assurance cleared, comma-separated: dcb0160, dtac, dpia, dspt, ig.
    pub assured: Option<String>,
}

impl Sprout {
    /// Every POC, one row each, newest idea first: `sprout poc list` and the export.
    pub fn poc_list(&self) -> Result<Vec<PocSummary>, AppError> {
        let store = self.store()?;
        Ok(store.poc_summaries(&today(&store))?)
    }

    /// One page of the POCs place.
    pub fn poc_page(&self, query: &PocQuery) -> Result<PocPage, AppError> {
        let store = self.store()?;
        Ok(store.poc_page(query, &today(&store))?)
    }

    /// An idea's POC as it stands.
    pub fn poc(&self, id: IdeaId) -> Result<Poc, AppError> {
        let store = self.store()?;
        fetch(&store, id)?;
        let mut poc = store.poc(id, &today(&store))?;
        poc.may_plan = may_plan_poc(&self.roles(&store)?, store.actor()).is_ok();
        poc.may_record_progress = self.may_record_on(&store, &poc).is_ok();
        Ok(poc)
    }

    /// Sets the POC plan's fields (leads and admins, from POC planning on). Research needs
    /// an ethics (IRAS) reference.
    pub fn plan_poc(&self, id: IdeaId, plan: &PocPlan) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        self.may_plan(&store, id)?;
        let mut set = BTreeMap::new();
        let project_lead =
            plan.project_lead.as_deref().map(|p| self.member(&store, p, IdeaField::ProjectLead));
        for (field, value) in [
            (IdeaField::PocAim, plan.aim.clone()),
            (IdeaField::ProjectLead, project_lead.transpose()?.map(|a| a.to_string())),
            (IdeaField::ClinicalSponsor, plan.clinical_sponsor.clone()),
            (IdeaField::ProjectType, plan.project_type.clone()),
            (IdeaField::EvaluationType, plan.evaluation_type.clone()),
            (IdeaField::EvaluationDesign, plan.evaluation_design.clone()),
            (IdeaField::EthicsRef, plan.ethics_ref.clone()),
        ] {
            if let Some(value) = value {
                let value = if field == IdeaField::ClinicalSponsor {
                    sprout_core::validate_framework(field, &value)?
                } else {
                    validate_poc_field(field, &value)?
                };
                set.insert(field, value);
            }
        }
        if set.is_empty() {
            return Err(AppError::new(
                ErrorCode::NothingToChange,
                "nothing to change: give an aim, a project lead or another part of the plan",
            ));
        }
        let current = store.poc(id, &today(&store))?;
        let project_type = set.get(&IdeaField::ProjectType).unwrap_or(&current.project_type);
        let ethics = set.get(&IdeaField::EthicsRef).unwrap_or(&current.ethics_ref);
        if project_type == "research" && ethics.is_empty() {
            return Err(AppError::new(
                ErrorCode::Empty,
                "ethics (IRAS) reference must not be empty: research needs one",
            )
            .on(IdeaField::EthicsRef));
        }
        let supersedes = set
            .keys()
            .map(|f| Ok((*f, store.field_leaves(id, *f)?)))
            .collect::<Result<BTreeMap<_, _>, AppError>>()?;
        self.write(
            &mut store,
            id.as_uuid(),
            OpPayload::IdeaEdited(IdeaEdited { set, supersedes }),
        )?;
        drop(store);
        self.changed();
        self.poc(id)
    }

    /// Adds a hypothesis with the measure that tests it (leads and admins).
    pub fn add_hypothesis(
        &self,
        id: IdeaId,
        statement: &str,
        measure: &str,
    ) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        self.may_plan(&store, id)?;
        let fields = BTreeMap::from([
            (IdeaField::Hypothesis, required(IdeaField::Hypothesis, statement)?),
            (IdeaField::Measure, required(IdeaField::Measure, measure)?),
        ]);
        self.set_part(&mut store, id, PocPart::Hypothesis, Uuid::now_v7(), &fields)?;
        drop(store);
        self.changed();
        self.poc(id)
    }

    /// Adds a success metric, or changes the one with the same name (leads and admins).
    pub fn set_metric(&self, id: IdeaId, metric: &MetricPlan) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        self.may_plan(&store, id)?;
        let name = required(IdeaField::Metric, &metric.name)?;
        let current = store.poc(id, &today(&store))?;
        let existing = current.metrics.iter().find(|m| m.name.eq_ignore_ascii_case(&name));
        // The same name in any case is the same metric, and keeps the name it was given.
        let mut fields = BTreeMap::from([(
            IdeaField::Metric,
            existing.map_or_else(|| name.clone(), |m| m.name.clone()),
        )]);
        for (field, value) in [
            (IdeaField::Unit, &metric.unit),
            (IdeaField::Direction, &metric.direction),
            (IdeaField::Baseline, &metric.baseline),
            (IdeaField::BaselineDate, &metric.baseline_date),
            (IdeaField::BaselineSource, &metric.baseline_source),
            (IdeaField::Target, &metric.target),
            (IdeaField::TargetDate, &metric.target_date),
        ] {
            if let Some(v) = value {
                fields.insert(field, v.clone());
            }
        }
        let given = |f: IdeaField| fields.get(&f).is_some_and(|v| !v.trim().is_empty());
        if given(IdeaField::Baseline) != given(IdeaField::BaselineDate)
            && existing.is_none_or(|m| m.baseline_date.is_empty())
        {
            return Err(AppError::new(
                ErrorCode::Empty,
                "baseline date must not be empty: a baseline is measured on a date",
            )
            .on(IdeaField::BaselineDate));
        }
        if existing.is_none() {
            for (field, what) in [
                (IdeaField::Direction, "say whether higher or lower is better"),
                (IdeaField::Target, "a metric needs a target"),
                (IdeaField::TargetDate, "a target has a date to meet it by"),
            ] {
                if !given(field) {
                    return Err(AppError::new(
                        ErrorCode::Empty,
                        format!("{} must not be empty: {what}", field.label()),
                    )
                    .on(field));
                }
            }
        }
        let record = existing.map_or_else(Uuid::now_v7, |m| m.id.parse().unwrap_or_default());
        self.set_part(&mut store, id, PocPart::Metric, record, &fields)?;
        drop(store);
        self.changed();
        self.poc(id)
    }

    /// Adds a budget line (leads and admins); amounts typed in pounds, kept as pence.
    pub fn add_budget_line(&self, id: IdeaId, line: &BudgetPlan) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        self.may_plan(&store, id)?;
        let mut fields = BTreeMap::from([
            (IdeaField::Category, required(IdeaField::Category, &line.category)?),
            (IdeaField::Funder, required(IdeaField::Funder, &line.funder)?),
            (IdeaField::Planned, validate_pounds(IdeaField::Planned, &line.planned)?),
        ]);
        for (field, value) in
            [(IdeaField::Committed, &line.committed), (IdeaField::Spent, &line.spent)]
        {
            if let Some(v) = value {
                fields.insert(field, validate_pounds(field, v)?);
            }
        }
        self.set_part(&mut store, id, PocPart::Budget, Uuid::now_v7(), &fields)?;
        drop(store);
        self.changed();
        self.poc(id)
    }

    pub(super) fn set_part(
        &self,
        store: &mut Store,
        id: IdeaId,
        part: PocPart,
        record: Uuid,
        fields: &BTreeMap<IdeaField, String>,
    ) -> Result<(), AppError> {
        let set = validate_part(id.as_uuid(), part, record, fields)?;
        self.write(store, id.as_uuid(), OpPayload::PocPartSet(set))?;
        Ok(())
    }

    /// Leads and admins plan a POC, once the idea has reached POC planning.
    pub(super) fn may_plan(&self, store: &Store, id: IdeaId) -> Result<(), AppError> {
        may_plan_poc(&self.roles(store)?, store.actor())?;
        has_a_poc(store, id)
    }

    /// The project lead, leads and admins record progress. The same rule every device
    /// applies when it reads the entries, said here before anything is written.
    pub(super) fn may_record(&self, store: &Store, id: IdeaId) -> Result<Poc, AppError> {
        has_a_poc(store, id)?;
        let poc = store.poc(id, &today(store))?;
        self.may_record_on(store, &poc)?;
        Ok(poc)
    }

    pub(super) fn may_record_on(&self, store: &Store, poc: &Poc) -> Result<(), AppError> {
        let roles = self.roles(store)?;
        let leads = roles.iter().any(|r| matches!(r, Role::Lead | Role::Admin));
        if leads || poc.project_lead.as_deref() == Some(&store.actor().to_string()) {
            Ok(())
        } else {
            Err(sprout_core::Denied::NotProjectLead.into())
        }
    }

    /// A hub member (or a person on this PC) by name or actor id.
    pub(crate) fn member(
        &self,
        store: &Store,
        who: &str,
        field: IdeaField,
    ) -> Result<ActorId, AppError> {
        let who = who.trim();
        if let Ok(actor) = who.parse::<ActorId>() {
            return Ok(actor);
        }
        for actor in crate::people::local_actors(store)? {
            if self.name_of(store, actor)?.eq_ignore_ascii_case(who) {
                return Ok(actor);
            }
        }
        store.actor_named(who)?.ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                format!("{}: nobody called {who:?} is a member of the hub", field.label()),
            )
            .on(field)
        })
    }
}

fn has_a_poc(store: &Store, id: IdeaId) -> Result<(), AppError> {
    let idea = fetch(store, id)?;
    if idea.stage < Stage::PocPlanning || idea.stage > Stage::AdoptAndSpread {
        return Err(AppError::new(
            ErrorCode::GateClosed,
            format!(
                "a POC is planned from POC planning on; this idea is at {}",
                idea.stage.label()
            ),
        ));
    }
    Ok(())
}

pub(super) fn required(field: IdeaField, raw: &str) -> Result<String, AppError> {
    let v = validate_poc_field(field, raw)?;
    if v.is_empty() {
        return Err(AppError::from(sprout_core::Invalid::new(field, sprout_core::Problem::Empty)));
    }
    Ok(v)
}

/// Today's date on this device's clock, YYYY-MM-DD.
pub(super) fn today(store: &Store) -> String {
    chrono::DateTime::from_timestamp_millis(i64::try_from(store.now_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
        .format("%Y-%m-%d")
        .to_string()
}
