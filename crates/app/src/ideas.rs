use sprout_core::{Idea, IdeaId, IdeaPatch, NewIdea, OpPayload, validate_new_idea, validate_patch};
use sprout_store::Error as StoreError;

use crate::Sprout;
use crate::error::AppError;

impl Sprout {
    /// Validates and saves a new idea, credited to this device's person.
    pub fn add_idea(&self, new: &NewIdea) -> Result<Idea, AppError> {
        let created = validate_new_idea(new, &self.author)?;
        let mut store = self.store()?;
        let id = store.new_id();
        store.commit(id, OpPayload::IdeaCreated(created))?;
        let idea = fetch(&store, IdeaId::from_uuid(id))?;
        drop(store);
        self.changed();
        Ok(idea)
    }

    /// Changes the given fields of an idea. `id` is as typed by a person or script.
    pub fn edit_idea(&self, id: &str, patch: &IdeaPatch) -> Result<Idea, AppError> {
        let id: IdeaId = id.parse()?;
        let edited = validate_patch(patch)?;
        let mut store = self.store()?;
        store.commit(id.as_uuid(), OpPayload::IdeaEdited(edited))?;
        let idea = fetch(&store, id)?;
        drop(store);
        self.changed();
        Ok(idea)
    }

    pub fn idea(&self, id: &str) -> Result<Idea, AppError> {
        let id: IdeaId = id.parse()?;
        Ok(fetch(&*self.store()?, id)?)
    }

    /// Every idea, newest first.
    pub fn ideas(&self) -> Result<Vec<Idea>, AppError> {
        Ok(self.store()?.ideas_newest_first()?)
    }

    /// Ideas matching every word typed, most relevant first. Never fails on odd input.
    pub fn search_ideas(&self, query: &str) -> Result<Vec<Idea>, AppError> {
        Ok(self.store()?.search_ideas(query)?)
    }
}

fn fetch(store: &sprout_store::Store, id: IdeaId) -> Result<Idea, StoreError> {
    store.idea(id)?.ok_or(StoreError::IdeaNotFound(id))
}
