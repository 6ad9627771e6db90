//! Moving ideas through the pipeline: gate decisions with their rationale, the must-meet
//! criteria that hold a gate shut, and the framework answers those criteria read.

use std::collections::BTreeMap;

use sprout_core::{
    Decision, DecisionRecord, GateFacts, Idea, IdeaEdited, IdeaField, IdeaId, OpPayload,
    may_decide, scan_for_pid, unmet_criteria, validate_decision, validate_framework,
};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::ideas::{allowed_to_edit, fetch, roles};

impl Sprout {
    /// Takes a decision at the gate the idea stands at. Leads and admins only; the
    /// rationale is required and is what the submitter reads.
    pub fn decide(&self, id: &str, decision: Decision, rationale: &str) -> Result<Idea, AppError> {
        let id_text = id;
        let id: IdeaId = id.parse()?;
        let rules = self.pid_rules()?;
        let needs_consensus = self.scores(id_text)?.needs_consensus;
        let mut store = self.store()?;
        let idea = fetch(&store, id)?;
        let gate = validate_decision(idea.stage, decision, rationale)?;
        self.guard(&rules, IdeaField::Rationale, &gate.rationale)?;
        may_decide(&roles(&store)?, store.actor())
            .map_err(|denied| AppError::new(ErrorCode::NotAllowed, denied.to_string()))?;
        let framework = store.framework(id)?;
        let answer = |f: IdeaField| framework.get(&f).cloned();
        let texts = [&idea.title, &idea.problem, idea.solution.as_ref().unwrap_or(&String::new())]
            .into_iter()
            .cloned()
            .chain(framework.values().cloned())
            .collect::<Vec<_>>();
        let facts = GateFacts {
            needs_consensus,
            holds_patient_data: texts.iter().any(|t| !scan_for_pid(t, &rules).is_empty()),
            clinical_sponsor: answer(IdeaField::ClinicalSponsor),
            dpia_screening: answer(IdeaField::DpiaScreening),
            patient_facing: answer(IdeaField::PatientFacing),
            mhra_device: answer(IdeaField::MhraDevice),
        };
        let unmet = unmet_criteria(gate.to, &facts);
        if !unmet.is_empty() {
            return Err(AppError::new(
                ErrorCode::GateClosed,
                format!("the gate to {} cannot open yet: {}", gate.to, unmet.join("; ")),
            ));
        }
        store.commit(id.as_uuid(), OpPayload::GateDecided(gate))?;
        let idea = fetch(&store, id)?;
        drop(store);
        self.changed();
        Ok(idea)
    }

    /// An idea's gate decisions, oldest first.
    pub fn decisions(&self, id: &str) -> Result<Vec<DecisionRecord>, AppError> {
        let id: IdeaId = id.parse()?;
        let store = self.store()?;
        fetch(&store, id)?;
        Ok(store.decisions(id)?)
    }

    /// Sets one framework answer (an empty value clears it). Whoever may edit the idea
    /// may answer.
    pub fn set_framework(
        &self,
        id: &str,
        field: IdeaField,
        value: &str,
    ) -> Result<BTreeMap<IdeaField, String>, AppError> {
        let id: IdeaId = id.parse()?;
        let value = validate_framework(field, value)?;
        self.guard(&self.pid_rules()?, field, &value)?;
        let mut store = self.store()?;
        allowed_to_edit(&store, id, false)?;
        let edit = IdeaEdited { set: BTreeMap::from([(field, value)]), ..Default::default() };
        store.commit(id.as_uuid(), OpPayload::IdeaEdited(edit))?;
        let answers = store.framework(id)?;
        drop(store);
        self.changed();
        Ok(answers)
    }

    /// The idea's framework answers, by field.
    pub fn framework(&self, id: &str) -> Result<BTreeMap<IdeaField, String>, AppError> {
        let id: IdeaId = id.parse()?;
        let store = self.store()?;
        fetch(&store, id)?;
        Ok(store.framework(id)?)
    }
}
