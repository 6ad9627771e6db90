//! Merging ops from several devices: order-independent, nothing lost, concurrent
//! overwrites kept as visible conflicts that a resolution op clears.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use std::collections::BTreeMap;

use common::{NOV_2026, TestClock, add, edit};
use proptest::prelude::*;
use rusqlite::Connection;
use sprout_core::{Idea, IdeaEdited, IdeaField, IdeaId, IdeaPatch, Op, OpPayload};
use sprout_store::{DB_FILE_NAME, FieldConflict, Store};

fn replica(offset_ms: u64) -> (Store, TestClock) {
    let clock = TestClock::at(NOV_2026 + offset_ms);
    (Store::open_in_memory_with_clock(Box::new(clock.clone())).unwrap(), clock)
}

/// Everything a person could see: ideas by id, and the open conflicts.
fn state(store: &Store) -> (Vec<Idea>, Vec<FieldConflict>) {
    let mut ideas = store.ideas_newest_first().unwrap();
    ideas.sort_by_key(|i| i.id);
    (ideas, store.conflicts().unwrap())
}

fn exchange(a: &mut Store, b: &mut Store) {
    let (from_a, from_b) = (a.ops().unwrap(), b.ops().unwrap());
    b.apply_remote(&from_a).unwrap();
    a.apply_remote(&from_b).unwrap();
}

fn title_patch(t: &str) -> IdeaPatch {
    IdeaPatch { title: Some(t.into()), ..Default::default() }
}

fn resolve(store: &mut Store, idea: IdeaId, field: IdeaField, value: &str) {
    let leaves = store.field_leaves(idea, field).unwrap();
    let edit = IdeaEdited {
        set: BTreeMap::from([(field, value.to_owned())]),
        supersedes: BTreeMap::from([(field, leaves)]),
    };
    store.commit(idea.as_uuid(), OpPayload::IdeaEdited(edit)).unwrap();
}

#[test]
fn concurrent_edits_of_different_fields_both_survive() {
    let (mut a, _) = replica(0);
    let (mut b, _) = replica(5);
    let id = add(&mut a, "Night falls", "Unseen falls");
    exchange(&mut a, &mut b);
    edit(&mut a, id, &title_patch("Night-time falls")).unwrap();
    edit(&mut b, id, &IdeaPatch { solution: Some("Bed sensors".into()), ..Default::default() })
        .unwrap();
    exchange(&mut a, &mut b);
    let idea = a.idea(IdeaId::from_uuid(id)).unwrap().unwrap();
    assert_eq!(idea.title, "Night-time falls");
    assert_eq!(idea.solution.as_deref(), Some("Bed sensors"));
    assert_eq!(state(&a), state(&b));
    assert!(a.conflicts().unwrap().is_empty());
}

#[test]
fn a_concurrent_overwrite_is_kept_as_a_conflict_until_resolved() {
    let (mut a, _) = replica(0);
    let (mut b, _) = replica(5);
    let id = add(&mut a, "Night falls", "p");
    exchange(&mut a, &mut b);
    edit(&mut a, id, &title_patch("Falls at night")).unwrap();
    edit(&mut b, id, &title_patch("Unwitnessed falls")).unwrap();
    exchange(&mut a, &mut b);

    // Both devices show the same winner and the same conflict, and neither value is lost.
    assert_eq!(state(&a), state(&b));
    let conflicts = a.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    let conflict = &conflicts[0];
    assert_eq!((conflict.idea, conflict.field), (IdeaId::from_uuid(id), IdeaField::Title));
    let values: Vec<&str> = conflict.versions.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(values.len(), 2);
    assert!(values.contains(&"Falls at night") && values.contains(&"Unwitnessed falls"));
    assert_eq!(a.idea(IdeaId::from_uuid(id)).unwrap().unwrap().title, values[0]);

    // An ordinary edit replaces only what its author saw: the conflict stays.
    edit(&mut a, id, &title_patch("Yet another title")).unwrap();
    assert_eq!(a.conflicts().unwrap().len(), 1);

    // A lead resolves it; the resolution is an op and reaches the other device.
    resolve(&mut a, IdeaId::from_uuid(id), IdeaField::Title, "Unwitnessed falls at night");
    exchange(&mut a, &mut b);
    assert!(b.conflicts().unwrap().is_empty());
    assert_eq!(b.idea(IdeaId::from_uuid(id)).unwrap().unwrap().title, "Unwitnessed falls at night");
    assert_eq!(state(&a), state(&b));
}

#[test]
fn an_edit_that_arrives_before_its_idea_waits_for_it() {
    let (mut a, _) = replica(0);
    let (mut b, _) = replica(0);
    let (mut c, _) = replica(0);
    let id = add(&mut a, "Original", "p");
    b.apply_remote(&a.ops().unwrap()).unwrap();
    edit(&mut b, id, &title_patch("Edited on B")).unwrap();
    // C hears from B before A.
    let b_edit: Vec<Op> = b.ops().unwrap().into_iter().filter(|op| op.actor == b.actor()).collect();
    c.apply_remote(&b_edit).unwrap();
    assert!(c.ideas_newest_first().unwrap().is_empty());
    c.apply_remote(&a.ops().unwrap()).unwrap();
    assert_eq!(c.idea(IdeaId::from_uuid(id)).unwrap().unwrap().title, "Edited on B");
    assert_eq!(state(&b), state(&c));
}

#[test]
fn applying_the_same_ops_again_changes_nothing() {
    let (mut a, _) = replica(0);
    let (mut b, _) = replica(0);
    add(&mut a, "One", "p");
    let ops = a.ops().unwrap();
    assert_eq!(b.apply_remote(&ops).unwrap(), 1);
    let before = (state(&b), b.op_count().unwrap());
    assert_eq!(b.apply_remote(&ops).unwrap(), 0);
    assert_eq!((state(&b), b.op_count().unwrap()), before);
}

#[test]
fn the_local_clock_moves_past_remote_ops() {
    let (mut a, _) = replica(3_600_000); // an hour ahead
    let (mut b, _) = replica(0);
    let id = add(&mut a, "From the future", "p");
    b.apply_remote(&a.ops().unwrap()).unwrap();
    edit(&mut b, id, &title_patch("Edited after")).unwrap();
    let ops = b.ops().unwrap();
    assert!(ops[1].hlc > ops[0].hlc);
    assert_eq!(b.idea(IdeaId::from_uuid(id)).unwrap().unwrap().title, "Edited after");
}

#[test]
fn a_database_from_before_field_versions_is_upgraded_from_its_op_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE_NAME);
    let (mut old, _) = replica(0);
    let id = add(&mut old, "Old title", "p");
    edit(&mut old, id, &title_patch("Newer title")).unwrap();
    {
        // Schema 1 as shipped, holding the same ops written the old way (no `supersedes`).
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(include_str!("../migrations/0001_ideas.sql")).unwrap();
        conn.pragma_update(None, "user_version", 1).unwrap();
        for op in old.ops().unwrap() {
            let mut payload = serde_json::to_value(&op.payload).unwrap();
            payload.as_object_mut().unwrap().remove("supersedes");
            conn.execute(
                "INSERT INTO ops (id, hlc, actor, entity_kind, entity_id, payload) VALUES (?1, ?2, ?3, 'idea', ?4, ?5)",
                rusqlite::params![op.id.0.to_string(), op.hlc.as_u64() as i64, op.actor.to_string(), op.entity_id.to_string(), payload.to_string()],
            )
            .unwrap();
        }
    }
    let upgraded = Store::open(&path).unwrap();
    assert_eq!(upgraded.idea(IdeaId::from_uuid(id)).unwrap().unwrap().title, "Newer title");
    assert!(upgraded.conflicts().unwrap().is_empty(), "legacy edits are not conflicts");
    assert_eq!(upgraded.search_ideas("newer").unwrap().len(), 1, "search index rebuilt");
}

#[derive(Debug, Clone)]
enum Step {
    Create { replica: usize, title: u8 },
    Edit { replica: usize, idea: usize, field: u8, value: u8 },
    Resolve { replica: usize },
    Deliver { from: usize, to: usize, reversed: bool, twice: bool },
    Wait { replica: usize, millis: u16 },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..4usize, any::<u8>()).prop_map(|(replica, title)| Step::Create { replica, title }),
        (0..4usize, any::<usize>(), 0..3u8, any::<u8>())
            .prop_map(|(replica, idea, field, value)| Step::Edit { replica, idea, field, value }),
        (0..4usize).prop_map(|replica| Step::Resolve { replica }),
        (0..4usize, 0..4usize, any::<bool>(), any::<bool>())
            .prop_map(|(from, to, reversed, twice)| Step::Deliver { from, to, reversed, twice }),
        (0..4usize, any::<u16>()).prop_map(|(replica, millis)| Step::Wait { replica, millis }),
    ]
}

const FIELDS: [IdeaField; 3] = [IdeaField::Title, IdeaField::Problem, IdeaField::Solution];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Any number of replicas, any interleaving of local writes and (reordered, duplicated)
    /// deliveries: once every replica holds every op, all show the same state, equal to an
    /// oracle that applies all ops in (HLC, actor) order.
    #[test]
    fn replicas_converge_to_the_oracle(n in 2usize..=4, steps in proptest::collection::vec(step(), 1..50)) {
        let mut replicas: Vec<(Store, TestClock)> = (0..n).map(|i| replica(i as u64 * 137)).collect();
        for step in steps {
            match step {
                Step::Create { replica, title } => {
                    add(&mut replicas[replica % n].0, &format!("Idea {title}"), "A problem");
                }
                Step::Edit { replica, idea, field, value } => {
                    let store = &mut replicas[replica % n].0;
                    let mut ids: Vec<_> = store.ideas_newest_first().unwrap().into_iter().map(|i| i.id).collect();
                    ids.sort();
                    if ids.is_empty() { continue; }
                    let id = ids[idea % ids.len()].as_uuid();
                    let value = format!("v{value}");
                    let patch = match FIELDS[field as usize] {
                        IdeaField::Title => IdeaPatch { title: Some(value), ..Default::default() },
                        IdeaField::Problem => IdeaPatch { problem: Some(value), ..Default::default() },
                        _ => IdeaPatch { solution: Some(value), ..Default::default() },
                    };
                    edit(store, id, &patch).unwrap();
                }
                Step::Resolve { replica } => {
                    let store = &mut replicas[replica % n].0;
                    if let Some(c) = store.conflicts().unwrap().into_iter().next() {
                        let value = c.versions[0].1.clone();
                        resolve(store, c.idea, c.field, &value);
                    }
                }
                Step::Deliver { from, to, reversed, twice } => {
                    let mut ops = replicas[from % n].0.ops().unwrap();
                    if reversed { ops.reverse(); }
                    let target = &mut replicas[to % n].0;
                    target.apply_remote(&ops).unwrap();
                    if twice { target.apply_remote(&ops).unwrap(); }
                }
                Step::Wait { replica, millis } => replicas[replica % n].1.advance(u64::from(millis)),
            }
        }
        let mut all: Vec<Op> = replicas.iter().flat_map(|(s, _)| s.ops().unwrap()).collect();
        all.reverse();
        for (store, _) in &mut replicas {
            store.apply_remote(&all).unwrap();
        }
        all.sort_by_key(|op| (op.hlc, op.actor));
        all.dedup_by_key(|op| op.id);
        let (mut oracle, _) = replica(0);
        oracle.apply_remote(&all).unwrap();
        let expected = state(&oracle);
        for (store, _) in &replicas {
            prop_assert_eq!(&state(store), &expected);
        }
    }
}
