//! What one read row does to the hub: a new idea, an update of the idea an earlier
//! import (or Sprout itself) made, or nothing. Worked out the same way for a dry run as
//! for the import, from what the store holds at that moment.

use std::collections::BTreeMap;

use sprout_core::{
    Decision, GateDecided, IdeaCreated, IdeaEdited, IdeaField, IdeaId, IdeaTagged, IdeaUntagged,
    OpPayload, transition, validate_new_idea,
};
use sprout_store::{Batch, ImportView};
use uuid::Uuid;

use super::mapping::ImportTarget;
use super::rows::{Incoming, Skip};

#[derive(Debug)]
pub(crate) enum Plan {
    Create { created: Box<IdeaCreated>, plan: BTreeMap<IdeaField, String> },
    Update { id: IdeaId, changed: Vec<String>, ops: Vec<OpPayload> },
    Unchanged,
}

/// The row's plan, or why it cannot be carried out; `Err` only if the store failed.
pub(crate) fn plan(
    view: &ImportView<'_>,
    incoming: &Incoming,
    author: &str,
) -> sprout_store::Result<Result<Plan, Skip>> {
    let skip = |reason: String| Skip { column: None, reason };
    let mut created = match validate_new_idea(&incoming.new, author) {
        Ok(c) => c,
        Err(e) => return Ok(Err(skip(e.message()))),
    };
    created.imported = Some(incoming.imported.clone());
    let by_id = match incoming.sprout_id {
        Some(id) => view.idea(id)?.map(|_| id),
        None => None,
    };
    let target = match by_id {
        Some(id) => Some(id),
        None => view.idea_by_key(&incoming.imported.key)?,
    };
    let Some(id) = target else {
        return Ok(Ok(Plan::Create { created: Box::new(created), plan: incoming.plan.clone() }));
    };
    let Some(idea) = view.idea(id)? else {
        return Ok(Ok(Plan::Create { created: Box::new(created), plan: incoming.plan.clone() }));
    };
    let has = |t: ImportTarget| incoming.has.contains(&t);
    let mut set = BTreeMap::new();
    let text = [
        (ImportTarget::Title, IdeaField::Title, &created.title, idea.title.clone()),
        (ImportTarget::Problem, IdeaField::Problem, &created.problem, idea.problem.clone()),
        (
            ImportTarget::Solution,
            IdeaField::Solution,
            &created.solution,
            idea.solution.clone().unwrap_or_default(),
        ),
        (ImportTarget::Affects, IdeaField::Affects, &created.affects, idea.affects.join(",")),
        (ImportTarget::Site, IdeaField::Site, &created.site, idea.site.clone()),
        (
            ImportTarget::Department,
            IdeaField::Department,
            &created.department,
            idea.department.clone(),
        ),
    ];
    for (target, field, new, old) in text {
        if has(target) && *new != old {
            set.insert(field, new.clone());
        }
    }
    for (field, value) in &incoming.plan {
        if view.field(id, *field)? != *value {
            set.insert(*field, value.clone());
        }
    }
    let mut changed: Vec<String> = set.keys().map(|f| f.label().to_owned()).collect();
    let mut ops = Vec::new();
    if !set.is_empty() {
        ops.push(OpPayload::IdeaEdited(IdeaEdited { set, ..IdeaEdited::default() }));
    }
    if has(ImportTarget::Tags) {
        let added: Vec<&String> = created.tags.iter().filter(|t| !idea.tags.contains(t)).collect();
        let removed: Vec<&String> =
            idea.tags.iter().filter(|t| !created.tags.contains(t)).collect();
        if !added.is_empty() || !removed.is_empty() {
            changed.push("tags".into());
        }
        ops.extend(added.into_iter().map(|t| OpPayload::IdeaTagged(IdeaTagged { tag: t.clone() })));
        ops.extend(removed.into_iter().map(|t| {
            OpPayload::IdeaUntagged(IdeaUntagged { tag: t.clone(), removes: Vec::new() })
        }));
    }
    let stage = incoming.imported.stage;
    if has(ImportTarget::Stage) && stage != idea.stage {
        let Some(decision) =
            Decision::ALL.into_iter().find(|d| transition(idea.stage, *d) == Ok(stage))
        else {
            return Ok(Err(Skip {
                column: None,
                reason: format!(
                    "the sheet moves the idea from {} to {}, which no single gate decision does",
                    idea.stage.label(),
                    stage.label()
                ),
            }));
        };
        let rationale = match incoming.imported.rationale.as_str() {
            "" => format!("Moved to {} in an imported spreadsheet", stage.label()),
            r => r.to_owned(),
        };
        ops.push(OpPayload::GateDecided(GateDecided {
            from: idea.stage,
            to: stage,
            decision,
            rationale,
        }));
        changed.push("stage".into());
    }
    Ok(Ok(if ops.is_empty() { Plan::Unchanged } else { Plan::Update { id, changed, ops } }))
}

impl Plan {
    /// Whether the plan writes at most one op, which needs no savepoint to be atomic.
    pub(crate) fn is_one_op(&self) -> bool {
        match self {
            Plan::Create { plan, .. } => plan.is_empty(),
            Plan::Update { ops, .. } => ops.len() == 1,
            Plan::Unchanged => true,
        }
    }

    /// Writes the plan's ops, each through the admission gate, and returns the idea.
    pub(crate) fn write(&self, batch: &mut Batch<'_, '_>) -> sprout_store::Result<IdeaId> {
        match self {
            Plan::Create { created, plan } => {
                let op = batch.commit(Uuid::nil(), OpPayload::IdeaCreated((**created).clone()))?;
                if !plan.is_empty() {
                    let edit = IdeaEdited { set: plan.clone(), ..IdeaEdited::default() };
                    batch.commit(op.entity_id, OpPayload::IdeaEdited(edit))?;
                }
                Ok(IdeaId::from_uuid(op.entity_id))
            }
            Plan::Update { id, ops, .. } => {
                for payload in ops {
                    batch.commit(id.as_uuid(), payload.clone())?;
                }
                Ok(*id)
            }
            Plan::Unchanged => Ok(IdeaId::from_uuid(Uuid::nil())),
        }
    }
}
