use std::collections::BTreeMap;

use sprout_core::{
    Idea, IdeaEdited, IdeaField, IdeaId, IdeaPage, IdeaPatch, IdeaQuery, IdeaRow, NewIdea,
    OpPayload, validate_framework, validate_new_idea, validate_patch,
};
use sprout_store::Error as StoreError;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

impl Sprout {
    /// Validates and saves a new idea, credited to this device's person.
    pub fn add_idea(&self, new: &NewIdea) -> Result<Idea, AppError> {
        let created = validate_new_idea(new, &self.author()?)?;
        let mut store = self.store()?;
        let op = self.write(&mut store, uuid::Uuid::nil(), OpPayload::IdeaCreated(created))?;
        let idea = fetch(&store, IdeaId::from_uuid(op.entity_id))?;
        drop(store);
        self.changed();
        Ok(idea)
    }

    /// Changes the given fields of an idea. `id` is as typed by a person or script.
    pub fn edit_idea(&self, id: IdeaId, patch: &IdeaPatch) -> Result<Idea, AppError> {
        let edited = validate_patch(patch)?;
        let mut store = self.store()?;
        fetch(&store, id)?;
        self.write(&mut store, id.as_uuid(), OpPayload::IdeaEdited(edited))?;
        let idea = fetch(&store, id)?;
        drop(store);
        self.changed();
        Ok(idea)
    }

    pub fn idea(&self, id: IdeaId) -> Result<Idea, AppError> {
        Ok(fetch(&*self.store()?, id)?)
    }

    /// Every idea, newest first.
    pub fn ideas(&self) -> Result<Vec<Idea>, AppError> {
        let store = self.store()?;
        let mut ideas = store.ideas_newest_first()?;
        withhold_blind_scores(&store, &mut ideas)?;
        Ok(ideas)
    }

    /// One page of the Ideas table: filtered, sorted, counted and paged by the store.
    pub fn idea_page(&self, query: &IdeaQuery) -> Result<IdeaPage, AppError> {
        let store = self.store()?;
        let mut page = store.idea_page(query)?;
        withhold_blind_scores(&store, &mut page.ideas)?;
        Ok(page)
    }

    /// The same page as a window lists it: rows without the long texts.
    pub fn idea_rows(&self, query: &IdeaQuery) -> Result<IdeaPage<IdeaRow>, AppError> {
        Ok(self.idea_page(query)?.map(IdeaRow::from))
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
        id: IdeaId,
        field: IdeaField,
        value: &str,
    ) -> Result<Idea, AppError> {
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
        let mut store = self.store()?;
        fetch(&store, id)?;
        let competing = store.field_leaves(id, field)?;
        if competing.len() < 2 {
            return Err(AppError::new(
                ErrorCode::NotFound,
                format!("the {field} of this idea is not in conflict"),
            ));
        }
        edit.supersedes = BTreeMap::from([(field, competing)]);
        self.write(&mut store, id.as_uuid(), OpPayload::IdeaEdited(edit))?;
        let idea = fetch(&store, id)?;
        drop(store);
        self.changed();
        Ok(idea)
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

impl Sprout {
    /// Every problem with an idea as typed, at once: each field's validation and each
    /// free-text field's patient details, so a form can list them all in its error
    /// summary. The rules are the ones a save applies; this only finds more than the first.
    pub fn idea_problems(&self, new: &NewIdea) -> Result<Vec<AppError>, AppError> {
        let rules = self.pid_rules()?;
        let mut problems: Vec<AppError> = Vec::new();
        let mut probe = new.clone();
        // Each refusal names one field; that field is set to something valid and the rest
        // checked again, until the idea passes. Bounded by the number of fields.
        for _ in 0..16 {
            let Err(invalid) = validate_new_idea(&probe, "check") else { break };
            let field = invalid.field;
            problems.push(AppError::from(invalid));
            match field {
                IdeaField::Title => probe.title = "Title".into(),
                IdeaField::Problem => probe.problem = "Problem".into(),
                IdeaField::Solution => probe.solution = None,
                IdeaField::Affects => probe.affects.clear(),
                IdeaField::Site => probe.site = None,
                IdeaField::Department => probe.department = None,
                IdeaField::Tag => probe.tags.clear(),
                _ => break,
            }
        }
        let invalid: Vec<IdeaField> = problems.iter().filter_map(|p| p.field).collect();
        let texts = [
            (IdeaField::Title, Some(new.title.as_str())),
            (IdeaField::Problem, Some(new.problem.as_str())),
            (IdeaField::Solution, new.solution.as_deref()),
            (IdeaField::Site, new.site.as_deref()),
            (IdeaField::Department, new.department.as_deref()),
        ];
        let tags = new.tags.iter().map(|t| (IdeaField::Tag, Some(t.as_str())));
        for (field, text) in texts.into_iter().chain(tags) {
            let Some(text) = text else { continue };
            let hits = sprout_core::scan_for_pid(text, &rules);
            if hits.is_empty() || invalid.contains(&field) {
                continue;
            }
            problems.push(AppError {
                code: ErrorCode::PatientData,
                message: sprout_core::describe_pid(field.name(), &hits),
                field: Some(field),
                patient_data: hits,
            });
        }
        Ok(problems)
    }
}
