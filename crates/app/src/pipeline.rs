//! Moving ideas through the pipeline: gate decisions with their rationale, the must-meet
//! criteria that hold a gate shut, and the framework answers those criteria read.

use std::collections::BTreeMap;

use sprout_core::{
    Decision, DecisionRecord, GateFacts, Idea, IdeaEdited, IdeaField, IdeaId, OpPayload, Stage,
    scan_for_pid, unmet_criteria, validate_decision, validate_framework,
};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::ideas::fetch;

impl Sprout {
    /// Takes a decision at the gate the idea stands at. Leads and admins only; the
    /// rationale is required and is what the submitter reads.
    pub fn decide(
        &self,
        id: IdeaId,
        decision: Decision,
        rationale: &str,
    ) -> Result<Idea, AppError> {
        let needs_consensus = self.scores(id)?.needs_consensus;
        let mut store = self.store()?;
        let idea = fetch(&store, id)?;
        // The POC review's go/no-go carries its evidence: each metric against its target.
        let evidence = (idea.stage == Stage::PocReview)
            .then(|| store.poc(id, "").map(|p| p.evidence()))
            .transpose()?
            .flatten();
        let rationale = match evidence {
            Some(e) if !rationale.trim().is_empty() => format!("{}\n\n{e}", rationale.trim()),
            _ => rationale.to_owned(),
        };
        let gate = validate_decision(idea.stage, decision, &rationale)?;
        let facts = self.gate_facts(&store, &idea, needs_consensus)?;
        let unmet = unmet_criteria(gate.to, &facts);
        if !unmet.is_empty() {
            return Err(AppError::new(
                ErrorCode::GateClosed,
                format!("the gate to {} cannot open yet: {}", gate.to, unmet.join("; ")),
            ));
        }
        self.write(&mut store, id.as_uuid(), OpPayload::GateDecided(gate))?;
        let idea = fetch(&store, id)?;
        drop(store);
        self.changed();
        Ok(idea)
    }

    /// What the gate's must-meet criteria read about `idea`, as its record stands.
    pub(crate) fn gate_facts(
        &self,
        store: &sprout_store::Store,
        idea: &Idea,
        needs_consensus: bool,
    ) -> Result<GateFacts, AppError> {
        let rules = self.pid_rules_in(store)?;
        let framework = store.framework(idea.id)?;
        let answer = |f: IdeaField| framework.get(&f).cloned();
        let solution = idea.solution.clone().unwrap_or_default();
        let holds_patient_data = [&idea.title, &idea.problem, &solution]
            .into_iter()
            .chain(framework.values())
            .any(|t| !scan_for_pid(t, &rules).is_empty());
        let (hypotheses, metrics, metrics_planned, metrics_measured) =
            store.poc(idea.id, "")?.gate_counts();
        Ok(GateFacts {
            hypotheses,
            metrics,
            metrics_planned,
            metrics_measured,
            benefits_validated: store.validated_benefits(idea.id.as_uuid())?,
            needs_consensus,
            holds_patient_data,
            clinical_sponsor: answer(IdeaField::ClinicalSponsor),
            dpia_screening: answer(IdeaField::DpiaScreening),
            patient_facing: answer(IdeaField::PatientFacing),
            mhra_device: answer(IdeaField::MhraDevice),
        })
    }

    /// An idea's gate decisions, oldest first.
    pub fn decisions(&self, id: IdeaId) -> Result<Vec<DecisionRecord>, AppError> {
        let store = self.store()?;
        fetch(&store, id)?;
        Ok(store.decisions(id)?)
    }

    /// Sets one framework answer (an empty value clears it). Whoever may edit the idea
    /// may answer.
    pub fn set_framework(
        &self,
        id: IdeaId,
        field: IdeaField,
        value: &str,
    ) -> Result<BTreeMap<IdeaField, String>, AppError> {
        let value = validate_framework(field, value)?;
        let mut store = self.store()?;
        fetch(&store, id)?;
        let edit = IdeaEdited { set: BTreeMap::from([(field, value)]), ..Default::default() };
        self.write(&mut store, id.as_uuid(), OpPayload::IdeaEdited(edit))?;
        let answers = store.framework(id)?;
        drop(store);
        self.changed();
        Ok(answers)
    }

    /// The idea's framework answers, by field.
    pub fn framework(&self, id: IdeaId) -> Result<BTreeMap<IdeaField, String>, AppError> {
        let store = self.store()?;
        fetch(&store, id)?;
        Ok(store.framework(id)?)
    }
}

impl Sprout {
    /// Folds a duplicate into the idea it repeats (leads and admins). The duplicate's
    /// submitter still sees it, marked as merged; the merge can be undone.
    pub fn merge_idea(&self, dup: IdeaId, target: IdeaId) -> Result<Idea, AppError> {
        let mut store = self.store()?;
        let duplicate = fetch(&store, dup)?;
        let kept = fetch(&store, target)?;
        if dup == target {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "an idea cannot be merged into itself",
            ));
        }
        if duplicate.merged_into.is_some() {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "this idea is already merged: undo that first",
            ));
        }
        if kept.merged_into.is_some() {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!("“{}” is itself merged into another idea: merge into that one", kept.title),
            ));
        }
        let merged = sprout_core::IdeaMerged { into: target.to_string() };
        self.write(&mut store, dup.as_uuid(), OpPayload::IdeaMerged(merged))?;
        let idea = fetch(&store, dup)?;
        drop(store);
        self.changed();
        Ok(idea)
    }

    /// Undoes a merge: the idea stands on its own again.
    pub fn unmerge_idea(&self, dup: IdeaId) -> Result<Idea, AppError> {
        let mut store = self.store()?;
        fetch(&store, dup)?;
        self.write(
            &mut store,
            dup.as_uuid(),
            OpPayload::MergeUndone(sprout_core::MergeUndone::default()),
        )?;
        let idea = fetch(&store, dup)?;
        drop(store);
        self.changed();
        Ok(idea)
    }
}
