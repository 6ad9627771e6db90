//! Fixtures shared by the store's integration tests.
#![allow(dead_code, clippy::expect_used, reason = "shared by test files that each use part of it")]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use std::collections::BTreeMap;

use sprout_core::{
    IdeaDeleted, IdeaPatch, IdeaTagged, IdeaUntagged, NewIdea, OpPayload, validate_comment,
    validate_new_idea, validate_patch, validate_review, validate_tag,
};
use sprout_store::{Clock, Store};
use uuid::Uuid;

/// A clock the test moves by hand; clones share the same time.
#[derive(Debug, Clone)]
pub struct TestClock(Arc<AtomicU64>);

impl TestClock {
    pub fn at(millis: u64) -> Self {
        TestClock(Arc::new(AtomicU64::new(millis)))
    }
    pub fn set(&self, millis: u64) {
        self.0.store(millis, Ordering::SeqCst);
    }
    pub fn advance(&self, millis: u64) {
        self.0.fetch_add(millis, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now_millis(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
}

pub const NOV_2026: u64 = 1_795_000_000_000;

pub fn add(store: &mut Store, title: &str, problem: &str) -> Uuid {
    let created = validate_new_idea(
        &NewIdea {
            title: title.into(),
            problem: problem.into(),
            solution: None,
            ..Default::default()
        },
        "Test Author",
    )
    .expect("valid idea");
    let op = store
        .commit(Uuid::nil(), OpPayload::IdeaCreated(created), sprout_store::Admission::admin())
        .expect("commit");
    op.entity_id
}

pub fn edit(store: &mut Store, id: Uuid, patch: &IdeaPatch) -> sprout_store::Result<()> {
    let edited = validate_patch(patch).expect("valid patch");
    store.commit(id, OpPayload::IdeaEdited(edited), sprout_store::Admission::admin()).map(|_| ())
}

pub fn tag(store: &mut Store, id: Uuid, tag: &str) -> sprout_store::Result<()> {
    let tag = validate_tag(tag).expect("valid tag");
    store
        .commit(id, OpPayload::IdeaTagged(IdeaTagged { tag }), sprout_store::Admission::admin())
        .map(|_| ())
}

pub fn untag(store: &mut Store, id: Uuid, tag: &str) -> sprout_store::Result<()> {
    let tag = validate_tag(tag).expect("valid tag");
    store
        .commit(
            id,
            OpPayload::IdeaUntagged(IdeaUntagged { tag, removes: Vec::new() }),
            sprout_store::Admission::admin(),
        )
        .map(|_| ())
}

pub fn delete(store: &mut Store, id: Uuid) -> sprout_store::Result<()> {
    store
        .commit(
            id,
            OpPayload::IdeaDeleted(IdeaDeleted::default()),
            sprout_store::Admission::admin(),
        )
        .map(|_| ())
}

pub fn comment(store: &mut Store, id: Uuid, text: &str) -> sprout_store::Result<()> {
    let c = validate_comment(text, "Test Author").expect("valid comment");
    store.commit(id, OpPayload::CommentAdded(c), sprout_store::Admission::admin()).map(|_| ())
}

/// Takes `decision` at the idea's current gate; `None` if the gate does not allow it.
pub fn decide(store: &mut Store, id: Uuid, decision: sprout_core::Decision) -> Option<()> {
    let stage = store.idea(sprout_core::IdeaId::from_uuid(id)).expect("read")?.stage;
    let gate = sprout_core::validate_decision(stage, decision, "Because").ok()?;
    store
        .commit(id, OpPayload::GateDecided(gate), sprout_store::Admission::admin())
        .expect("commit");
    Some(())
}

pub fn review(store: &mut Store, id: Uuid, need: Option<u8>) -> sprout_store::Result<()> {
    let r = validate_review(&BTreeMap::from([("need".to_owned(), need)]), "").expect("valid");
    store.commit(id, OpPayload::ReviewSubmitted(r), sprout_store::Admission::admin()).map(|_| ())
}

pub fn merge(store: &mut Store, dup: Uuid, into: Uuid) -> sprout_store::Result<()> {
    let merged = sprout_core::IdeaMerged { into: into.to_string() };
    store.commit(dup, OpPayload::IdeaMerged(merged), sprout_store::Admission::admin()).map(|_| ())
}

pub fn unmerge(store: &mut Store, dup: Uuid) -> sprout_store::Result<()> {
    store
        .commit(
            dup,
            OpPayload::MergeUndone(sprout_core::MergeUndone::default()),
            sprout_store::Admission::admin(),
        )
        .map(|_| ())
}
