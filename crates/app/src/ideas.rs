use std::collections::BTreeMap;

use sprout_core::{
    Idea, IdeaEdited, IdeaField, IdeaId, IdeaPatch, NewIdea, OpPayload, may_edit,
    validate_framework, validate_new_idea, validate_patch,
};
use sprout_store::Error as StoreError;
use sprout_store::Store;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

impl Sprout {
    /// Validates and saves a new idea, credited to this device's person.
    pub fn add_idea(&self, new: &NewIdea) -> Result<Idea, AppError> {
        let created = validate_new_idea(new, &self.author()?)?;
        let rules = self.pid_rules()?;
        for (field, text) in [
            (IdeaField::Title, &created.title),
            (IdeaField::Problem, &created.problem),
            (IdeaField::Solution, &created.solution),
            (IdeaField::Site, &created.site),
            (IdeaField::Department, &created.department),
        ] {
            self.guard(&rules, field, text)?;
        }
        for tag in &created.tags {
            self.guard(&rules, IdeaField::Tag, tag)?;
        }
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
        let rules = self.pid_rules()?;
        for (field, text) in &edited.set {
            self.guard(&rules, *field, text)?;
        }
        let mut store = self.store()?;
        self.allowed_to_edit(&store, id, false)?;
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
        let store = self.store()?;
        let mut ideas = store.ideas_newest_first()?;
        withhold_blind_scores(&store, &mut ideas)?;
        Ok(ideas)
    }

    /// The ideas seen at one site, newest first: that site's board.
    pub fn ideas_at_site(&self, site: &str) -> Result<Vec<Idea>, AppError> {
        let store = self.store()?;
        let mut ideas = store.ideas_at_site(site.trim())?;
        withhold_blind_scores(&store, &mut ideas)?;
        Ok(ideas)
    }

    /// Ideas matching every word typed, most relevant first. Never fails on odd input.
    pub fn search_ideas(&self, query: &str) -> Result<Vec<Idea>, AppError> {
        let store = self.store()?;
        let mut ideas = store.search_ideas(query)?;
        withhold_blind_scores(&store, &mut ideas)?;
        Ok(ideas)
    }
}

impl Sprout {
    /// Settles a conflict by keeping `value` for `field`: an op that replaces every
    /// competing version. Only leads and admins may do this.
    pub fn resolve_conflict(
        &self,
        id: &str,
        field: IdeaField,
        value: &str,
    ) -> Result<Idea, AppError> {
        let id: IdeaId = id.parse()?;
        let value = match field {
            IdeaField::Title | IdeaField::Problem | IdeaField::Solution => {
                let patch = match field {
                    IdeaField::Title => {
                        IdeaPatch { title: Some(value.into()), ..Default::default() }
                    }
                    IdeaField::Problem => {
                        IdeaPatch { problem: Some(value.into()), ..Default::default() }
                    }
                    _ => IdeaPatch { solution: Some(value.into()), ..Default::default() },
                };
                validate_patch(&patch)?.set.remove(&field).unwrap_or_default()
            }
            f if f.is_editable() => validate_framework(f, value)?,
            _ => {
                return Err(AppError::new(
                    ErrorCode::NotAllowed,
                    "only an idea's text and framework answers can be in conflict",
                ));
            }
        };
        let mut edit =
            IdeaEdited { set: BTreeMap::from([(field, value.clone())]), ..Default::default() };
        self.guard(&self.pid_rules()?, field, &value)?;
        let mut store = self.store()?;
        self.allowed_to_edit(&store, id, true)?;
        let competing = store.field_leaves(id, field)?;
        if competing.len() < 2 {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("the {field} of this idea is not in conflict"),
            ));
        }
        edit.supersedes = BTreeMap::from([(field, competing)]);
        store.commit(id.as_uuid(), OpPayload::IdeaEdited(edit))?;
        let idea = fetch(&store, id)?;
        drop(store);
        self.changed();
        Ok(idea)
    }
}

impl Sprout {
    /// Applies the hub's role rule before committing, exactly as every other device will.
    pub(crate) fn allowed_to_edit(
        &self,
        store: &Store,
        id: IdeaId,
        resolving: bool,
    ) -> Result<(), AppError> {
        fetch(store, id)?;
        let creator = store.idea_creator(id)?;
        Ok(may_edit(&self.roles(store)?, store.actor(), creator, resolving)?)
    }
}

pub(crate) fn fetch(store: &sprout_store::Store, id: IdeaId) -> Result<Idea, StoreError> {
    let mut idea = vec![store.idea(id)?.ok_or(StoreError::IdeaNotFound(id))?];
    withhold_blind_scores(store, &mut idea)?;
    Ok(idea.remove(0))
}

/// A reviewer who was asked to score an idea sees no total until they have scored it
/// themselves, so their scores are their own.
pub(crate) fn withhold_blind_scores(
    store: &sprout_store::Store,
    ideas: &mut [Idea],
) -> Result<(), StoreError> {
    let me = store.actor().to_string();
    let asked = store.assigned_to(&me)?;
    if asked.is_empty() {
        return Ok(());
    }
    for idea in ideas.iter_mut().filter(|i| i.score.is_some() && asked.contains(&i.id)) {
        if !store.reviews(idea.id)?.iter().any(|r| r.by == me) {
            idea.score = None;
        }
    }
    Ok(())
}
