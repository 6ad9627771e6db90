//! What a lead sees before pressing anything at a gate (each move open to the idea and
//! every must-meet criterion, met or not), and the bulk actions of the Ideas table: one
//! decision or one reviewer for many ideas, each idea its own op through the admission
//! gate, with a report of which were done and why any were refused.

use serde::Serialize;
use specta::Type;
use sprout_core::{Decision, GateCriterion, IdeaId, Stage, gate_criteria, transition};

use crate::Sprout;
use crate::error::AppError;
use crate::ideas::fetch;

/// One decision open at an idea's gate, and what it would be held to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct GateMove {
    pub decision: Decision,
    pub to: Stage,
    pub criteria: Vec<GateCriterion>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct GateView {
    pub stage: Stage,
    /// Empty for a declined idea: it stays declined.
    pub moves: Vec<GateMove>,
}

/// An idea a bulk action did or did not reach, named as the table showed it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct BulkItem {
    pub idea: IdeaId,
    pub title: String,
    /// Empty when done; otherwise why it was refused, in the words of a single action.
    pub refused: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Type)]
pub struct BulkOutcome {
    pub done: Vec<BulkItem>,
    pub refused: Vec<BulkItem>,
}

/// The most ideas one bulk action takes: a page of the Ideas table at its largest.
pub const MAX_BULK: usize = sprout_core::MAX_PER_PAGE as usize;

impl Sprout {
    /// The decisions open at the idea's gate, each with its must-meet criteria.
    pub fn gate(&self, id: IdeaId) -> Result<GateView, AppError> {
        let needs_consensus = self.scores(id)?.needs_consensus;
        let store = self.store()?;
        let idea = fetch(&store, id)?;
        let facts = self.gate_facts(&store, &idea, needs_consensus)?;
        let moves = Decision::ALL
            .into_iter()
            .filter_map(|decision| {
                let to = transition(idea.stage, decision).ok()?;
                Some(GateMove { decision, to, criteria: gate_criteria(to, &facts) })
            })
            .collect();
        Ok(GateView { stage: idea.stage, moves })
    }

    /// One decision, with one rationale, for each of `ids`. Each is taken as it would be
    /// alone; those the gate refuses are reported and the rest still move.
    pub fn decide_many(
        &self,
        ids: &[IdeaId],
        decision: Decision,
        rationale: &str,
    ) -> Result<BulkOutcome, AppError> {
        self.each(ids, |id| self.decide(id, decision, rationale).map(|_| ()))
    }

    /// Asks one reviewer to score each of `ids`.
    pub fn assign_reviewer_many(
        &self,
        ids: &[IdeaId],
        reviewer: &str,
    ) -> Result<BulkOutcome, AppError> {
        self.each(ids, |id| self.assign_reviewer(id, reviewer).map(|_| ()))
    }

    fn each(
        &self,
        ids: &[IdeaId],
        act: impl Fn(IdeaId) -> Result<(), AppError>,
    ) -> Result<BulkOutcome, AppError> {
        if ids.len() > MAX_BULK {
            return Err(AppError::new(
                crate::ErrorCode::NotAllowed,
                format!("{} ideas were chosen; choose at most {MAX_BULK} at once", ids.len()),
            ));
        }
        let mut outcome = BulkOutcome::default();
        for &id in ids {
            let title = self.idea(id).map(|i| i.title).unwrap_or_default();
            match act(id) {
                Ok(()) => outcome.done.push(BulkItem { idea: id, title, refused: String::new() }),
                Err(e) => outcome.refused.push(BulkItem { idea: id, title, refused: e.message }),
            }
        }
        Ok(outcome)
    }
}
