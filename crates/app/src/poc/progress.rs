//! Recording a POC's progress: actuals, milestones, status notes, risks. The project lead
//! may, as leads and admins may; every device counts the entries by the same rule.

use std::collections::BTreeMap;

use sprout_core::{
    IdeaField, IdeaId, OpPayload, Poc, PocPart, validate_actual, validate_date, validate_poc_field,
    validate_status,
};
use uuid::Uuid;

use super::{RiskPlan, required, today};
use crate::Sprout;
use crate::error::{AppError, ErrorCode};

impl Sprout {
    /// Records a metric's actual on a date (the project lead, a lead or an admin).
    pub fn record_actual(
        &self,
        id: IdeaId,
        metric: &str,
        value: &str,
        date: &str,
    ) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        let poc = self.may_record(&store, id)?;
        let Some(found) = poc.metrics.iter().find(|m| m.name.eq_ignore_ascii_case(metric.trim()))
        else {
            let known: Vec<&str> = poc.metrics.iter().map(|m| m.name.as_str()).collect();
            return Err(AppError::new(
                ErrorCode::NotFound,
                if known.is_empty() {
                    format!("metric {metric:?} is not one of this POC's: it has no metrics yet")
                } else {
                    format!("metric {metric:?} is not one of this POC's: {}", known.join(", "))
                },
            )
            .on(IdeaField::Metric));
        };
        let entry = validate_actual(found.id.parse().unwrap_or_default(), value, date)?;
        self.write(&mut store, id.as_uuid(), OpPayload::PocLogged(entry))?;
        drop(store);
        self.changed();
        self.poc(id)
    }

    /// Adds a milestone; returns its id (the project lead, a lead or an admin).
    pub fn add_milestone(
        &self,
        id: IdeaId,
        title: &str,
        due: &str,
        owner: Option<&str>,
    ) -> Result<String, AppError> {
        let mut store = self.store()?;
        self.may_record(&store, id)?;
        let mut fields = BTreeMap::from([
            (IdeaField::Milestone, required(IdeaField::Milestone, title)?),
            (IdeaField::Due, validate_date(IdeaField::Due, due)?),
            (IdeaField::MilestoneStatus, "planned".to_owned()),
        ]);
        if let Some(owner) = owner {
            fields.insert(
                IdeaField::Owner,
                self.member(&store, owner, IdeaField::Owner)?.to_string(),
            );
        }
        let record = Uuid::now_v7();
        self.set_part(&mut store, id, PocPart::Milestone, record, &fields)?;
        drop(store);
        self.changed();
        Ok(record.to_string())
    }

    /// Marks a milestone done on `date` (today if none).
    pub fn milestone_done(
        &self,
        id: IdeaId,
        milestone: &str,
        date: Option<&str>,
    ) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        self.may_record(&store, id)?;
        let record = Uuid::parse_str(milestone.trim())
            .ok()
            .filter(|r| store.poc_record_exists(id, "milestone", &r.to_string()).unwrap_or(false))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!(
                        "{milestone:?} is not one of this POC's milestones (see `sprout poc show`)"
                    ),
                )
                .on(IdeaField::Milestone)
            })?;
        let date =
            date.map_or_else(|| Ok(today(&store)), |d| validate_date(IdeaField::DoneDate, d))?;
        let fields = BTreeMap::from([
            (IdeaField::MilestoneStatus, "done".to_owned()),
            (IdeaField::DoneDate, date),
        ]);
        self.set_part(&mut store, id, PocPart::Milestone, record, &fields)?;
        drop(store);
        self.changed();
        self.poc(id)
    }

    /// Records the POC's overall status with a note saying why, dated today.
    pub fn set_poc_status(&self, id: IdeaId, status: &str, note: &str) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        self.may_record(&store, id)?;
        let entry = validate_status(status, note, &today(&store))?;
        self.write(&mut store, id.as_uuid(), OpPayload::PocLogged(entry))?;
        drop(store);
        self.changed();
        self.poc(id)
    }

    /// Adds a risk or issue (the project lead, a lead or an admin); returns its id.
    pub fn add_risk(&self, id: IdeaId, risk: &RiskPlan) -> Result<String, AppError> {
        let mut store = self.store()?;
        self.may_record(&store, id)?;
        let rating = |field: IdeaField, v: &str| -> Result<String, AppError> {
            let v = validate_poc_field(field, v)?;
            if v.is_empty() {
                return Err(AppError::from(sprout_core::Invalid::new(
                    field,
                    sprout_core::Problem::Empty,
                )));
            }
            Ok(v)
        };
        let mut fields = BTreeMap::from([
            (IdeaField::Risk, required(IdeaField::Risk, &risk.description)?),
            (IdeaField::Likelihood, rating(IdeaField::Likelihood, &risk.likelihood)?),
            (IdeaField::Impact, rating(IdeaField::Impact, &risk.impact)?),
            (IdeaField::RiskStatus, "open".to_owned()),
        ]);
        if let Some(m) = &risk.mitigation {
            fields.insert(IdeaField::Mitigation, validate_poc_field(IdeaField::Mitigation, m)?);
        }
        if let Some(owner) = &risk.owner {
            fields.insert(
                IdeaField::Owner,
                self.member(&store, owner, IdeaField::Owner)?.to_string(),
            );
        }
        let record = Uuid::now_v7();
        self.set_part(&mut store, id, PocPart::Risk, record, &fields)?;
        drop(store);
        self.changed();
        Ok(record.to_string())
    }

    /// Opens or closes a risk or issue (the project lead, a lead or an admin).
    pub fn set_risk_status(&self, id: IdeaId, risk: &str, status: &str) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        let poc = self.may_record(&store, id)?;
        let record = poc
            .risks
            .iter()
            .find(|r| r.id == risk.trim())
            .and_then(|r| Uuid::parse_str(&r.id).ok())
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("{risk:?} is not one of this POC's risks (see `sprout poc show`)"),
                )
                .on(IdeaField::Risk)
            })?;
        let status = required(IdeaField::RiskStatus, status)?;
        let fields = BTreeMap::from([(IdeaField::RiskStatus, status)]);
        self.set_part(&mut store, id, PocPart::Risk, record, &fields)?;
        drop(store);
        self.changed();
        self.poc(id)
    }
}
