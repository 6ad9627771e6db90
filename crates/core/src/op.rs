//! Operations: the only way state changes. Every write appends one to the op log and the
//! projections are derived from the log, so the log is also the audit trail.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::hlc::Hlc;
use crate::idea::IdeaField;
use crate::pipeline::{Decision, Stage};

/// An operation's identity: a UUIDv7 whose last 32 bits are a checksum of its author
/// and the rest of the id. So an op id names its author: another member cannot sign an
/// op under an id that shadows someone else's (they would have to break SHA-256 in one
/// try, with their roster-given actor id fixed), and an idea's id, which is the id of the
/// op that created it, says who created it on every device without looking anything up.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OpId(pub Uuid);

impl OpId {
    /// Turns a fresh UUIDv7 into an op id belonging to `actor`.
    pub fn minted(actor: ActorId, fresh_v7: Uuid) -> OpId {
        let mut bytes = *fresh_v7.as_bytes();
        let tag = author_tag(actor, &bytes);
        bytes[12..].copy_from_slice(&tag);
        OpId(Uuid::from_bytes(bytes))
    }

    /// Whether this id was minted for `actor`.
    pub fn is_minted_by(&self, actor: ActorId) -> bool {
        let bytes = self.0.as_bytes();
        bytes[12..] == author_tag(actor, bytes)
    }
}

fn author_tag(actor: ActorId, id: &[u8; 16]) -> [u8; 4] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"sprout op id\0");
    h.update(actor.0.as_bytes());
    h.update(&id[..12]);
    let digest = h.finalize();
    [digest[0], digest[1], digest[2], digest[3]]
}

/// Who made a change: one person on one install.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, specta::Type,
)]
#[serde(transparent)]
pub struct ActorId(pub Uuid);

impl std::str::FromStr for ActorId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim()).map(ActorId).map_err(|_| {
            format!("{s:?} is not an actor id (see `sprout hub requests` or `sprout hub members`)")
        })
    }
}

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
    /// A partner organisation or a partnership with one (partner.rs).
    Partnership,
}

impl EntityKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Idea => "idea",
            EntityKind::Partnership => "partnership",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    IdeaTagged(IdeaTagged),
    IdeaUntagged(IdeaUntagged),
    IdeaDeleted(IdeaDeleted),
    CommentAdded(CommentAdded),
    ReviewSubmitted(ReviewSubmitted),
    GateDecided(GateDecided),
    /// Hub-wide (entity id nil): a new version of the scoring rubric. Admins only.
    RubricPublished(crate::rubric::Rubric),
    ReviewerAssigned(ReviewerAssigned),
    ConsensusRecorded(ConsensusRecorded),
    /// A lead folds this idea (a duplicate) into another; its submitter still sees it.
    IdeaMerged(IdeaMerged),
    /// Undoes the merges of this idea that the lead's device had seen.
    MergeUndone(MergeUndone),
    /// Hub-wide (entity id nil): the hub's hospital-number formats, which every device's
    /// patient-data guard looks for. Admins only; the latest by (HLC, op id) stands.
    HospitalNumbersSet(HospitalNumbersSet),
    /// Sets fields of one of an idea's POC records (a hypothesis, metric or milestone).
    PocPartSet(crate::poc::PocPartSet),
    /// An append-only POC entry: a metric's actual, or a status note.
    PocLogged(crate::poc::PocLogged),
    /// Sets fields of a partner organisation or of one of a partnership's records.
    PartnerRecordSet(crate::partner::PartnerRecordSet),
    /// Moves a partnership to its next stage, or to declined.
    PartnershipMoved(crate::partner::PartnershipMoved),
    /// Sets fields of one of an idea's benefits. Leads and admins only.
    BenefitSet(crate::benefit::BenefitSet),
    /// Moves one of an idea's benefits to its next state. Leads and admins only.
    BenefitMoved(crate::benefit::BenefitMoved),
    /// A benefit's forecast, actual or review. Leads and admins only.
    BenefitLogged(crate::benefit::BenefitLogged),
    /// Hub-wide (entity id nil): the hub's targets, such as how long an idea may wait in
    /// Submitted or Triage. Admins only; the latest by (HLC, op id) stands.
    HubTargetsSet(HubTargetsSet),
}

impl OpPayload {
    /// Whether it is a hub-wide setting (its entity id is nil) rather than about one idea
    /// or partnership.
    pub fn is_hub_wide(&self) -> bool {
        matches!(
            self,
            OpPayload::RubricPublished(_)
                | OpPayload::HospitalNumbersSet(_)
                | OpPayload::HubTargetsSet(_)
        )
    }

    /// What the op's `entity_id` names: an idea, or a partner or partnership.
    pub fn entity_kind(&self) -> EntityKind {
        match self {
            OpPayload::PartnerRecordSet(_) | OpPayload::PartnershipMoved(_) => {
                EntityKind::Partnership
            }
            _ => EntityKind::Idea,
        }
    }
}

/// A validated new idea. An empty solution means none was proposed.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaCreated {
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub author: String,
    /// Who the problem affects: `patients`, `carers`, `staff`, comma-separated.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub affects: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub department: String,
    /// Category tags given at submission; each is an add of the tag set, named by this
    /// op's id and the tag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Set when the idea came from a spreadsheet: its source key, stage and first submitter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<crate::import::Imported>,
}

/// Validated new values for some fields. Per-field, so that concurrent edits of different
/// fields on two devices both survive a merge.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaEdited {
    pub set: BTreeMap<IdeaField, String>,
    /// For each field set, the versions the editor saw and is replacing. An ordinary edit
    /// replaces the winner it was shown; resolving a conflict replaces every competing
    /// version. A version nobody replaced that competes with the winner is a conflict.
    /// Filled in by the store when the op is committed.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub supersedes: BTreeMap<IdeaField, Vec<Version>>,
}

/// Adds a tag. Tags are an add-wins set: this add is named by its op id, and only an
/// untag that saw it removes it, so a tag added on one PC while another removed it stays.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaTagged {
    pub tag: String,
}

/// Removes a tag: exactly the adds of it that the remover's device had seen.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaUntagged {
    pub tag: String,
    /// The adds removed: an op id, or `op id/tag` for a tag given at submission.
    /// Filled in by the store when the op is committed.
    #[serde(default)]
    pub removes: Vec<String>,
}

/// Withdraws an idea. A tombstone: the idea and its history stay in the log, and later
/// edits from devices that had not heard of the delete are kept but not shown.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaDeleted {
    /// Why, for the timeline; may be empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// A comment on an idea: an append-only record owned by its author (the op's actor).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommentAdded {
    pub text: String,
    /// The writer's name as their device knows it, for people reading the comment.
    #[serde(default)]
    pub author: String,
    /// A show of support for the idea rather than a remark on it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub support: bool,
}

/// One reviewer's scores for an idea. Append-only and owned by the reviewer: a later
/// submission by the same reviewer replaces their earlier one, and nobody else's.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSubmitted {
    /// Criterion key to a score of 1 to 5; `None` is "unable to assess".
    pub scores: BTreeMap<String, Option<u8>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A decision at a gate: an append-only record owned by the lead who made it. The idea's
/// stage is the `to` of its latest decision by (HLC, op id).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateDecided {
    pub from: Stage,
    pub to: Stage,
    pub decision: Decision,
    /// Why, in words the submitter will read.
    pub rationale: String,
}

/// A lead asks a reviewer (by actor id) to score an idea.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewerAssigned {
    pub reviewer: String,
}

/// The hub's targets, which its dashboard measures against.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HubTargetsSet {
    /// Days an idea may wait in Submitted or Triage before it counts as waiting too long.
    pub waiting_days: u32,
}

/// The longest waiting target a hub may set: a year.
pub const MAX_WAITING_DAYS: u32 = 365;

#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HospitalNumbersSet {
    /// Regular expressions, e.g. `\bRXH\d{7}\b`.
    pub patterns: Vec<String>,
}

#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdeaMerged {
    /// The idea it duplicates, which carries on.
    pub into: String,
}

#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeUndone {
    /// The merge ops undone. Filled in by the store when the op is committed.
    #[serde(default)]
    pub merges: Vec<String>,
}

/// How a lead settled reviewers' disagreement, needed before the idea's next gate.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsensusRecorded {
    pub note: String,
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
