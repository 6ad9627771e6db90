//! Tags, deletes, comments and reviews on ideas: each checked against the person's role
//! exactly as every other device will check it, then committed as one op.

use std::collections::BTreeMap;

use sprout_core::{
    Comment, Idea, IdeaDeleted, IdeaId, IdeaTagged, IdeaUntagged, OpPayload, Review, may_review,
    validate_comment, validate_review, validate_tag,
};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::ideas::fetch;

impl Sprout {
    /// Adds a tag (stored lower case). Adding a tag the idea already has changes nothing.
    pub fn tag_idea(&self, id: IdeaId, tag: &str) -> Result<Idea, AppError> {
        let tag = validate_tag(tag)?;
        let mut store = self.store()?;
        fetch(&store, id)?;
        if fetch(&store, id)?.tags.contains(&tag) {
            return Ok(fetch(&store, id)?);
        }
        self.write(&mut store, id.as_uuid(), OpPayload::IdeaTagged(IdeaTagged { tag }))?;
        let idea = fetch(&store, id)?;
        drop(store);
        self.changed();
        Ok(idea)
    }

    pub fn untag_idea(&self, id: IdeaId, tag: &str) -> Result<Idea, AppError> {
        let tag = validate_tag(tag)?;
        let mut store = self.store()?;
        fetch(&store, id)?;
        self.write(
            &mut store,
            id.as_uuid(),
            OpPayload::IdeaUntagged(IdeaUntagged { tag, removes: vec![] }),
        )?;
        let idea = fetch(&store, id)?;
        drop(store);
        self.changed();
        Ok(idea)
    }

    /// Withdraws an idea: it leaves every list on every device, its history stays.
    pub fn delete_idea(&self, id: IdeaId) -> Result<(), AppError> {
        let mut store = self.store()?;
        fetch(&store, id)?;
        self.write(&mut store, id.as_uuid(), OpPayload::IdeaDeleted(IdeaDeleted::default()))?;
        drop(store);
        self.changed();
        Ok(())
    }

    /// Anyone may comment on any idea they can see.
    pub fn comment_on_idea(&self, id: IdeaId, text: &str) -> Result<Comment, AppError> {
        let comment = validate_comment(text, &self.author()?)?;
        let mut store = self.store()?;
        fetch(&store, id)?;
        let op = self.write(&mut store, id.as_uuid(), OpPayload::CommentAdded(comment))?;
        let added = store.comments(id)?.into_iter().find(|c| c.id == op.id.0.to_string());
        drop(store);
        self.changed();
        added.ok_or_else(|| AppError::new(ErrorCode::Storage, "the comment was not recorded"))
    }

    /// An idea's comments, oldest first.
    pub fn comments(&self, id: IdeaId) -> Result<Vec<Comment>, AppError> {
        let store = self.store()?;
        fetch(&store, id)?;
        Ok(store.comments(id)?)
    }

    /// Records this person's scores for an idea, replacing any they gave before.
    pub fn submit_review(
        &self,
        id: IdeaId,
        scores: &BTreeMap<String, Option<u8>>,
        note: &str,
    ) -> Result<Vec<Review>, AppError> {
        let review = validate_review(scores, note)?;
        let mut store = self.store()?;
        fetch(&store, id)?;
        may_score(&self.roles(&store)?, &store, id)?;
        self.write(&mut store, id.as_uuid(), OpPayload::ReviewSubmitted(review))?;
        let reviews = store.reviews(id)?;
        drop(store);
        self.changed();
        Ok(reviews)
    }

    /// Each reviewer's current scores for an idea.
    pub fn reviews(&self, id: IdeaId) -> Result<Vec<Review>, AppError> {
        let store = self.store()?;
        fetch(&store, id)?;
        Ok(store.reviews(id)?)
    }
}

/// An existing idea that looks like the one being typed.
#[derive(Clone, Debug, PartialEq, serde::Serialize, specta::Type)]
pub struct SimilarIdea {
    pub idea: Idea,
    /// How alike, from 0 to 1.
    pub likeness: f64,
}

/// How many look-alikes are worth showing while someone types.
const SIMILAR_SHOWN: usize = 5;

impl Sprout {
    /// Up to five ideas from every site that look like what is being typed.
    pub fn similar_ideas(&self, title: &str, problem: &str) -> Result<Vec<SimilarIdea>, AppError> {
        let text = format!("{title} {problem}");
        let store = self.store()?;
        let found = store.similar_ideas(&text, SIMILAR_SHOWN)?;
        let (mut ideas, likeness): (Vec<Idea>, Vec<f64>) = found.into_iter().unzip();
        crate::ideas::withhold_blind_scores(&store, &mut ideas)?;
        Ok(ideas
            .into_iter()
            .zip(likeness)
            .map(|(idea, likeness)| SimilarIdea { idea, likeness })
            .collect())
    }

    /// Adds this person's support to an idea, with what they see ("+1, ward 9 too"): a
    /// comment that counts them among its supporters.
    pub fn support_idea(&self, id: IdeaId, text: &str) -> Result<Idea, AppError> {
        let text = if text.trim().is_empty() { "+1, I see this too" } else { text };
        let mut comment = validate_comment(text, &self.author()?)?;
        comment.support = true;
        let mut store = self.store()?;
        fetch(&store, id)?;
        self.write(&mut store, id.as_uuid(), OpPayload::CommentAdded(comment))?;
        let idea = fetch(&store, id)?;
        drop(store);
        self.changed();
        Ok(idea)
    }
}

/// Reviewers score the ideas a lead asked them to; leads and admins, who run the gates,
/// may score any idea.
pub(crate) fn may_score(
    roles: &std::collections::BTreeSet<sprout_core::Role>,
    store: &sprout_store::Store,
    id: IdeaId,
) -> Result<(), AppError> {
    may_review(roles, store.actor())?;
    let decides =
        roles.iter().any(|r| matches!(r, sprout_core::Role::Lead | sprout_core::Role::Admin));
    if !decides && !store.reviewers(id)?.contains(&store.actor().to_string()) {
        return Err(AppError::new(
            crate::ErrorCode::NotAllowed,
            "you were not asked to review this idea: a lead assigns its reviewers",
        ));
    }
    Ok(())
}
