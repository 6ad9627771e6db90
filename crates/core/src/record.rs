//! Records people attach to an idea, as every front door shows them. Each is owned by the
//! person who wrote it: nobody else can change or remove it.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::pipeline::{Decision, Stage};

/// A comment on an idea, such as a "+1, same on our ward".
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
pub struct Comment {
    /// The comment's own id (the id of the op that added it).
    pub id: String,
    /// The actor id of the person who wrote it.
    pub by: String,
    /// Their name, as their device gave it.
    pub author: String,
    pub at: DateTime<Utc>,
    pub text: String,
    /// A show of support ("+1, we see this too") rather than a remark.
    pub support: bool,
}

/// A reviewer's current scores for an idea: their latest submission.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
pub struct Review {
    /// The actor id of the reviewer.
    pub by: String,
    pub at: DateTime<Utc>,
    /// Criterion key to a score of 1 to 5; `null` is "unable to assess".
    pub scores: BTreeMap<String, Option<u8>>,
    pub note: String,
}

/// A decision taken at a gate, as the submitter and the timeline show it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
pub struct DecisionRecord {
    pub decision: Decision,
    pub from: Stage,
    pub to: Stage,
    pub rationale: String,
    /// The actor id of the lead who decided.
    pub by: String,
    pub at: DateTime<Utc>,
    /// False for a decision that moved nothing: another lead's decision at the same gate
    /// came first, so the idea was no longer where this one moved it from.
    pub took_effect: bool,
}
