//! Imported ideas in the store: they start at the sheet's stage with its decision, are
//! found again by source key, survive a rebuild; and a batch's all-or-nothing rows.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use common::{NOV_2026, TestClock, decide};
use sprout_core::{
    Decision, IdeaCreated, IdeaEdited, IdeaField, IdeaId, Imported, OpPayload, Stage, source_key,
};
use sprout_store::{Admission, Store};
use uuid::Uuid;

fn imported(key: &str, stage: Stage, decision: Option<Decision>) -> OpPayload {
    OpPayload::IdeaCreated(IdeaCreated {
        title: format!("Idea {key}"),
        problem: "Seen on the ward".into(),
        author: "Lee Lead".into(),
        imported: Some(Imported {
            key: source_key("tracker", &[key]),
            stage,
            decision,
            rationale: "Funded by the board".into(),
            submitted_on: "2024-06-30".into(),
            submitted_by: "Sam Nurse".into(),
            supporters: 4,
        }),
        ..Default::default()
    })
}

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(NOV_2026);
    let store = Store::open_with_clock(&dir.path().join("sprout.db"), Box::new(clock)).unwrap();
    (dir, store)
}

#[test]
fn an_imported_idea_starts_where_the_tracker_had_it_and_moves_on_from_there() {
    let (_dir, mut store) = store();
    let op = store
        .commit(Uuid::nil(), imported("7", Stage::Evaluate, Some(Decision::Go)), Admission::admin())
        .unwrap();
    let id = IdeaId::from_uuid(op.entity_id);
    let idea = store.idea(id).unwrap().unwrap();
    assert_eq!(idea.stage, Stage::Evaluate);
    assert_eq!(idea.last_decision.as_ref().unwrap().rationale, "Funded by the board");
    assert_eq!(idea.original_submitter.as_deref(), Some("Sam Nurse"));
    assert_eq!(idea.supporters, 4);
    assert_eq!(idea.created_at.to_rfc3339(), "2024-06-30T00:00:00+00:00");
    assert_eq!(store.import_view().idea_by_key(&source_key("tracker", &["7"])).unwrap(), Some(id));
    assert_eq!(store.import_view().idea_by_key(&source_key("other", &["7"])).unwrap(), None);

    decide(&mut store, op.entity_id, Decision::Go).unwrap();
    assert_eq!(store.idea(id).unwrap().unwrap().stage, Stage::PocPlanning);
    let before = store.idea(id).unwrap().unwrap();
    store.rebuild_projections().unwrap();
    assert_eq!(store.idea(id).unwrap().unwrap(), before, "a rebuild gives the same idea");
}

#[test]
fn a_batch_row_that_fails_leaves_nothing_of_itself_and_the_rest_stand() {
    let (_dir, mut store) = store();
    let made = store
        .batch(Admission::admin(), |b| {
            let first = b.all_or_nothing(|b| {
                b.commit(Uuid::nil(), imported("1", Stage::Submitted, None)).map(|op| op.entity_id)
            })?;
            let failed = b.all_or_nothing(|b| {
                let op = b.commit(Uuid::nil(), imported("2", Stage::Triage, Some(Decision::Go)))?;
                // Planning fields are read-only when named wrongly: refused by the gate.
                let edit = IdeaEdited {
                    set: [(IdeaField::Hypothesis, "x".to_owned())].into(),
                    ..Default::default()
                };
                b.commit(op.entity_id, OpPayload::IdeaEdited(edit))
            });
            assert!(failed.is_err());
            Ok(first)
        })
        .unwrap();
    let ideas = store.ideas_newest_first().unwrap();
    assert_eq!(ideas.len(), 1, "the failed row's idea went with it");
    assert_eq!(ideas[0].id.as_uuid(), made);
    assert_eq!(store.import_view().idea_by_key(&source_key("tracker", &["2"])).unwrap(), None);
}
