//! Triage scoring: the rubric, reviewers a lead assigns, blind independent scores, what
//! they add up to, and the consensus a disagreement needs before the next gate.

use std::collections::BTreeMap;

use serde::Serialize;
use specta::Type;
use sprout_core::{
    Aggregate, ConsensusRecorded, Idea, IdeaField, IdeaId, OpPayload, Review, ReviewerAssigned,
    Rubric, aggregate, validate_comment,
};
use uuid::Uuid;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::ideas::fetch;

/// An idea's scores as this person may see them.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct ScoresView {
    pub rubric: Rubric,
    /// The reviewers a lead asked (actor ids).
    pub reviewers: Vec<String>,
    /// How many reviews are in.
    pub submitted: u32,
    /// True while this person is asked to score and has not: they see no one else's
    /// scores until they have given their own, so each review is independent.
    pub blind: bool,
    /// This person's own review, if they gave one.
    pub mine: Option<Review>,
    /// Everyone's reviews and the sums; empty and `None` while blind.
    pub reviews: Vec<Review>,
    pub aggregate: Option<Aggregate>,
    /// The latest consensus note, if a lead recorded one.
    pub consensus: Option<String>,
    /// Reviewers disagree and no consensus note has followed the latest review.
    pub needs_consensus: bool,
    /// Whether this person may score it: asked to, or a lead or admin.
    pub may_score: bool,
}

/// Scores a reviewer has kept on this PC but not submitted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize, Type)]
pub struct DraftScores {
    pub scores: BTreeMap<String, Option<u8>>,
    pub note: String,
}

/// Draft scores live with the form drafts, one per person and idea, never synced.
fn draft_owner(store: &sprout_store::Store, idea: IdeaId) -> String {
    format!("review:{}:{idea}", store.actor())
}

/// One idea in a reviewer's queue.
#[derive(Clone, Debug, PartialEq, Serialize, Type)]
pub struct QueueItem {
    pub idea: Idea,
    pub done: bool,
}

impl Sprout {
    /// The rubric in force.
    pub fn rubric(&self) -> Result<Rubric, AppError> {
        Ok(self.store()?.rubric()?)
    }

    /// Publishes a new rubric version (admins only); later reviews score against it.
    pub fn publish_rubric(&self, rubric: &Rubric) -> Result<Rubric, AppError> {
        rubric.check().map_err(|e| AppError::new(ErrorCode::InvalidSetting, e))?;
        let mut store = self.store()?;
        let current = store.rubric()?;
        if rubric.version <= current.version {
            return Err(AppError::new(
                ErrorCode::InvalidSetting,
                format!("the new rubric must have a version above {}", current.version),
            ));
        }
        self.write(&mut store, Uuid::nil(), OpPayload::RubricPublished(rubric.clone()))?;
        drop(store);
        self.changed();
        self.rubric()
    }

    /// Asks `reviewer` (an actor id) to score an idea. Leads and admins only.
    pub fn assign_reviewer(&self, id: IdeaId, reviewer: &str) -> Result<Vec<String>, AppError> {
        let reviewer = Uuid::parse_str(reviewer.trim())
            .map_err(|_| {
                AppError::new(
                    ErrorCode::NotAnId,
                    format!("{reviewer:?} is not a person's actor id"),
                )
            })?
            .to_string();
        let mut store = self.store()?;
        fetch(&store, id)?;
        if !store.reviewers(id)?.contains(&reviewer) {
            self.write(
                &mut store,
                id.as_uuid(),
                OpPayload::ReviewerAssigned(ReviewerAssigned { reviewer }),
            )?;
        }
        let reviewers = store.reviewers(id)?;
        drop(store);
        self.changed();
        Ok(reviewers)
    }

    /// Scores against the rubric in force: each criterion 1 to 5 or `None` ("unable to
    /// assess"); a criterion the rubric does not have is refused.
    pub fn score_idea(
        &self,
        id: IdeaId,
        scores: &BTreeMap<String, Option<u8>>,
        note: &str,
    ) -> Result<ScoresView, AppError> {
        self.check_criteria(scores)?;
        self.submit_review(id, scores, note)?;
        self.scores(id)
    }

    /// Refuses a criterion the rubric in force does not have.
    fn check_criteria(&self, scores: &BTreeMap<String, Option<u8>>) -> Result<(), AppError> {
        let rubric = self.rubric()?;
        if let Some(unknown) = scores.keys().find(|k| !rubric.criteria.iter().any(|c| &c.key == *k))
        {
            let known: Vec<&str> = rubric.criteria.iter().map(|c| c.key.as_str()).collect();
            return Err(AppError::new(
                ErrorCode::NotOneOf,
                format!(
                    "{unknown:?} is not a criterion of rubric {}: use {}",
                    rubric.version,
                    known.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// Keeps scores on this PC as this person's draft for an idea, added to any draft
    /// before, without submitting them: nobody else sees a draft, and it counts for nothing
    /// until [`Sprout::submit_draft_scores`]. Checked exactly as a submission is.
    pub fn keep_draft_scores(
        &self,
        id: IdeaId,
        scores: &BTreeMap<String, Option<u8>>,
        note: &str,
    ) -> Result<DraftScores, AppError> {
        let draft = self.draft_scores_with(id, scores, note)?;
        self.check_scores(id, &draft.scores, &draft.note)?;
        let store = self.store()?;
        let body = serde_json::to_string(&draft)
            .map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))?;
        store.save_draft(&draft_owner(&store, id), &body)?;
        Ok(draft)
    }

    /// This person's draft scores for an idea (empty if none).
    pub fn draft_scores(&self, id: IdeaId) -> Result<DraftScores, AppError> {
        let store = self.store()?;
        let body = store.draft(&draft_owner(&store, id))?;
        Ok(body.and_then(|(b, _)| serde_json::from_str(&b).ok()).unwrap_or_default())
    }

    /// The draft with `scores` laid over it, and `note` in place of its note if given.
    fn draft_scores_with(
        &self,
        id: IdeaId,
        scores: &BTreeMap<String, Option<u8>>,
        note: &str,
    ) -> Result<DraftScores, AppError> {
        let mut draft = self.draft_scores(id)?;
        draft.scores.extend(scores.iter().map(|(k, v)| (k.clone(), *v)));
        if !note.trim().is_empty() {
            note.clone_into(&mut draft.note);
        }
        Ok(draft)
    }

    /// Submits this person's draft scores for an idea with `scores` added, then forgets
    /// the draft.
    pub fn submit_draft_scores(
        &self,
        id: IdeaId,
        scores: &BTreeMap<String, Option<u8>>,
        note: &str,
    ) -> Result<ScoresView, AppError> {
        let draft = self.draft_scores_with(id, scores, note)?;
        let view = self.score_idea(id, &draft.scores, &draft.note)?;
        let store = self.store()?;
        store.discard_draft(&draft_owner(&store, id))?;
        Ok(view)
    }

    /// Refuses what a submission would refuse, writing nothing.
    fn check_scores(
        &self,
        id: IdeaId,
        scores: &BTreeMap<String, Option<u8>>,
        note: &str,
    ) -> Result<(), AppError> {
        self.check_criteria(scores)?;
        let review = sprout_core::validate_review(scores, note)?;
        // A draft is not an op, but patient details never rest on the PC either.
        self.guard(&self.pid_rules()?, IdeaField::Review, &review.note)?;
        let store = self.store()?;
        fetch(&store, id)?;
        crate::records::may_score(&self.roles(&store)?, &store, id)
    }

    /// An idea's scores, blind until this person has given theirs if they were asked.
    pub fn scores(&self, id: IdeaId) -> Result<ScoresView, AppError> {
        let store = self.store()?;
        fetch(&store, id)?;
        let me = store.actor().to_string();
        let rubric = store.rubric()?;
        let reviewers = store.reviewers(id)?;
        let reviews = store.reviews(id)?;
        let mine = reviews.iter().find(|r| r.by == me).cloned();
        let blind = reviewers.contains(&me) && mine.is_none();
        let consensus = store.consensus(id)?;
        let summed = aggregate(&rubric, &reviews);
        let may_score = crate::records::may_score(&self.roles(&store)?, &store, id).is_ok();
        let latest_review = reviews.iter().map(|r| r.at).max();
        let needs_consensus = summed.disagreement
            && consensus.as_ref().is_none_or(|(at, _)| latest_review.is_some_and(|r| r > *at));
        Ok(ScoresView {
            submitted: u32::try_from(reviews.len()).unwrap_or(u32::MAX),
            blind,
            mine,
            aggregate: (!blind).then_some(summed),
            reviews: if blind { Vec::new() } else { reviews },
            rubric,
            reviewers,
            consensus: consensus.map(|(_, note)| note),
            needs_consensus,
            may_score,
        })
    }

    /// A lead's note settling reviewers' disagreement, so the idea may pass its gate.
    pub fn record_consensus(&self, id: IdeaId, note: &str) -> Result<ScoresView, AppError> {
        let note = validate_comment(note, &self.author()?)
            .map_err(|mut e| {
                e.field = IdeaField::Rationale;
                e
            })?
            .text;
        let mut store = self.store()?;
        fetch(&store, id)?;
        self.write(
            &mut store,
            id.as_uuid(),
            OpPayload::ConsensusRecorded(ConsensusRecorded { note }),
        )?;
        drop(store);
        self.changed();
        self.scores(id)
    }

    /// The ideas this person was asked to score, to do first, then done.
    pub fn review_queue(&self) -> Result<Vec<QueueItem>, AppError> {
        let store = self.store()?;
        let me = store.actor().to_string();
        let mut queue = Vec::new();
        for id in store.assigned_to(&me)? {
            let done = store.reviews(id)?.iter().any(|r| r.by == me);
            queue.push(QueueItem { idea: fetch(&store, id)?, done });
        }
        queue.sort_by_key(|q| q.done);
        Ok(queue)
    }
}
