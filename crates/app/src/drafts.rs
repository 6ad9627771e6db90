//! Drafts of a new idea, saved every few seconds while a person types, so a crash or a
//! power cut on a ward PC loses nothing. Each person on the PC has their own; nobody sees
//! another's. The patient-data guard applies: a draft holding patient details is not
//! written, not even locally.

use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_core::{IdeaField, NewIdea};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

/// A draft and when it was last saved (RFC 3339).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Draft {
    pub idea: NewIdea,
    pub saved_at: String,
}

impl Sprout {
    /// Keeps what this person has typed so far; an empty form discards the draft.
    pub fn save_draft(&self, idea: &NewIdea) -> Result<(), AppError> {
        self.save_draft_of(None, idea)
    }

    /// [`Sprout::save_draft`] for a form that knows whose typing it holds: if someone else
    /// is acting by now (a save that lands just after a switch), it is refused, never kept
    /// as the new person's draft.
    pub fn save_draft_of(&self, owner: Option<&str>, idea: &NewIdea) -> Result<(), AppError> {
        let rules = self.pid_rules()?;
        let texts = [
            (IdeaField::Title, idea.title.as_str()),
            (IdeaField::Problem, idea.problem.as_str()),
            (IdeaField::Solution, idea.solution.as_deref().unwrap_or_default()),
            (IdeaField::Site, idea.site.as_deref().unwrap_or_default()),
            (IdeaField::Department, idea.department.as_deref().unwrap_or_default()),
        ];
        for (field, text) in texts {
            self.guard(&rules, field, text)?;
        }
        for tag in &idea.tags {
            self.guard(&rules, IdeaField::Tag, tag)?;
        }
        let store = self.store()?;
        let acting = store.actor().to_string();
        if owner.is_some_and(|o| o != acting) {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                "not kept: someone else is using Sprout now",
            ));
        }
        let owner = acting;
        if texts.iter().all(|(_, t)| t.trim().is_empty()) && idea.tags.is_empty() {
            store.discard_draft(&owner)?;
            return Ok(());
        }
        let body = serde_json::to_string(idea)
            .map_err(|e| AppError::new(ErrorCode::Storage, e.to_string()))?;
        store.save_draft(&owner, &body)?;
        Ok(())
    }

    /// This person's draft, if they left one.
    pub fn draft(&self) -> Result<Option<Draft>, AppError> {
        let store = self.store()?;
        let Some((body, saved_at)) = store.draft(&store.actor().to_string())? else {
            return Ok(None);
        };
        // A draft that no longer reads (written by another version) is not worth a failure.
        Ok(serde_json::from_str(&body).ok().map(|idea| Draft { idea, saved_at }))
    }

    pub fn discard_draft(&self) -> Result<(), AppError> {
        let store = self.store()?;
        store.discard_draft(&store.actor().to_string())?;
        Ok(())
    }
}
