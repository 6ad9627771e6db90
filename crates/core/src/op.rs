//! Operations: the only way state changes. Every write appends one to the op log and the
//! projections are derived from the log, so the log is also the audit trail.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::hlc::Hlc;
use crate::idea::IdeaField;

/// An operation's identity (UUIDv7).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OpId(pub Uuid);

/// Who made a change: one person on one install.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ActorId(pub Uuid);

impl fmt::Display for ActorId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

/// What kind of thing an op changes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Idea,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Idea => "idea",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Op {
    pub id: OpId,
    pub hlc: Hlc,
    pub actor: ActorId,
    pub entity_id: Uuid,
    pub payload: OpPayload,
}

impl Op {
    pub fn entity_kind(&self) -> EntityKind {
        self.payload.entity_kind()
    }
}

/// The change itself. Serialised into the op log, so variants and fields may be added
/// but never renamed.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpPayload {
    IdeaCreated(IdeaCreated),
    IdeaEdited(IdeaEdited),
}

impl OpPayload {
    pub fn entity_kind(&self) -> EntityKind {
        match self {
            OpPayload::IdeaCreated(_) | OpPayload::IdeaEdited(_) => EntityKind::Idea,
        }
    }
}

/// A validated new idea. An empty solution means none was proposed.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct IdeaCreated {
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub author: String,
}

/// Validated new values for some fields. Per-field, so that concurrent edits of different
/// fields on two devices both survive a merge.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
pub struct IdeaEdited {
    pub set: BTreeMap<IdeaField, String>,
    /// For each field set, the versions the editor saw and is replacing. An ordinary edit
    /// replaces the winner it was shown; resolving a conflict replaces every competing
    /// version. A version nobody replaced that competes with the winner is a conflict.
    /// Filled in by the store when the op is committed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub supersedes: BTreeMap<IdeaField, Vec<Version>>,
}

/// One written value of one field, named by when and by whom it was written. Versions are
/// totally ordered by (HLC, actor): the greatest is the value everyone shows.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
pub struct Version {
    pub hlc: Hlc,
    pub actor: ActorId,
}

impl Op {
    /// The version this op writes for each field it sets.
    pub fn version(&self) -> Version {
        Version { hlc: self.hlc, actor: self.actor }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_json_is_tagged_and_stable() {
        let mut set = BTreeMap::new();
        set.insert(IdeaField::Title, "New".to_owned());
        let json =
            serde_json::to_string(&OpPayload::IdeaEdited(IdeaEdited { set, ..Default::default() }))
                .expect("serialises");
        assert_eq!(json, r#"{"type":"idea_edited","set":{"title":"New"}}"#);
    }
}
