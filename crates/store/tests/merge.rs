//! Merging ops from several devices: order-independent, nothing lost, concurrent
//! overwrites kept as visible conflicts that a resolution op clears.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use std::collections::BTreeMap;

use common::{
    NOV_2026, TestClock, add, comment, decide, delete, edit, merge, review, tag, unmerge, untag,
};
use proptest::prelude::*;
use rusqlite::Connection;
use sprout_core::{
    Comment, Idea, IdeaEdited, IdeaField, IdeaId, IdeaPatch, Op, OpId, OpPayload, Review,
};
use sprout_store::{DB_FILE_NAME, FieldConflict, Store};

fn replica(offset_ms: u64) -> (Store, TestClock) {
    let clock = TestClock::at(NOV_2026 + offset_ms);
    (Store::open_in_memory_with_clock(Box::new(clock.clone())).unwrap(), clock)
}

type State = (Vec<(Idea, Vec<Comment>, Vec<Review>, sprout_core::Poc)>, Vec<FieldConflict>);

/// Everything a person could see: ideas by id with their tags, comments and reviews, and
/// the open conflicts.
fn state(store: &Store) -> State {
    let mut ideas = store.ideas_newest_first().unwrap();
    ideas.sort_by_key(|i| i.id);
    let ideas = ideas
        .into_iter()
        .map(|i| {
            let (c, r) = (store.comments(i.id).unwrap(), store.reviews(i.id).unwrap());
            let poc = store.poc(i.id, "2026-11-29").unwrap();
            (i, c, r, poc)
        })
        .collect();
    (ideas, store.conflicts().unwrap())
}

fn exchange(a: &mut Store, b: &mut Store) {
    let (from_a, from_b) = (a.ops().unwrap(), b.ops().unwrap());
    receive(b, &from_a);
    receive(a, &from_b);
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
    store
        .commit(idea.as_uuid(), OpPayload::IdeaEdited(edit), sprout_store::Admission::admin())
        .unwrap();
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
    receive(&mut b, &a.ops().unwrap());
    edit(&mut b, id, &title_patch("Edited on B")).unwrap();
    // C hears from B before A.
    let b_edit: Vec<Op> = b.ops().unwrap().into_iter().filter(|op| op.actor == b.actor()).collect();
    receive(&mut c, &b_edit);
    assert!(c.ideas_newest_first().unwrap().is_empty());
    receive(&mut c, &a.ops().unwrap());
    assert_eq!(c.idea(IdeaId::from_uuid(id)).unwrap().unwrap().title, "Edited on B");
    assert_eq!(state(&b), state(&c));
}

#[test]
fn applying_the_same_ops_again_changes_nothing() {
    let (mut a, _) = replica(0);
    let (mut b, _) = replica(0);
    add(&mut a, "One", "p");
    let ops = a.ops().unwrap();
    assert_eq!(receive(&mut b, &ops).ops, 1);
    let before = (state(&b), b.op_count().unwrap());
    assert_eq!(receive(&mut b, &ops).ops, 0);
    assert_eq!((state(&b), b.op_count().unwrap()), before);
}

#[test]
fn the_local_clock_moves_past_remote_ops() {
    let (mut a, _) = replica(3_600_000); // an hour ahead
    let (mut b, _) = replica(0);
    let id = add(&mut a, "From the future", "p");
    receive(&mut b, &a.ops().unwrap());
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
    let idea = upgraded.idea(IdeaId::from_uuid(id)).unwrap().unwrap();
    assert_eq!(idea.title, "Newer title");
    assert_eq!(idea.submitted_by, old.actor().to_string(), "filled in from the op log");
    assert!(upgraded.conflicts().unwrap().is_empty(), "legacy edits are not conflicts");
    assert_eq!(upgraded.search_ideas("newer").unwrap().len(), 1, "search index rebuilt");
}

#[test]
fn a_tag_added_while_another_device_removes_it_stays() {
    let (mut a, _) = replica(0);
    let (mut b, _) = replica(5);
    let id = add(&mut a, "Falls", "p");
    tag(&mut a, id, "Falls").unwrap();
    exchange(&mut a, &mut b);
    untag(&mut b, id, "falls").unwrap();
    tag(&mut a, id, "falls").unwrap(); // a second add, unseen by B's untag
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        assert_eq!(s.idea(IdeaId::from_uuid(id)).unwrap().unwrap().tags, vec!["falls"]);
    }
    untag(&mut b, id, "falls").unwrap();
    exchange(&mut a, &mut b);
    assert!(a.idea(IdeaId::from_uuid(id)).unwrap().unwrap().tags.is_empty());
    assert!(matches!(untag(&mut a, id, "falls"), Err(sprout_store::Error::TagNotFound { .. })));
}

#[test]
fn a_deleted_idea_stays_deleted_whatever_arrives_later() {
    let (mut a, _) = replica(0);
    let (mut b, _) = replica(5);
    let id = add(&mut a, "Withdrawn", "p");
    exchange(&mut a, &mut b);
    delete(&mut a, id).unwrap();
    edit(&mut b, id, &title_patch("Edited meanwhile")).unwrap();
    exchange(&mut a, &mut b);
    for s in [&a, &b] {
        assert!(s.idea(IdeaId::from_uuid(id)).unwrap().is_none());
        assert!(s.ideas_newest_first().unwrap().is_empty());
        assert!(s.search_ideas("withdrawn").unwrap().is_empty());
    }
    assert!(matches!(
        edit(&mut a, id, &title_patch("Too late")),
        Err(sprout_store::Error::IdeaNotFound(_))
    ));
    // Nothing is lost: the edit made meanwhile is still in the log.
    assert_eq!(a.op_count().unwrap(), 3);
}

#[test]
fn comments_accumulate_and_a_reviewers_latest_scores_count() {
    let (mut a, clock_a) = replica(0);
    let (mut b, _) = replica(5);
    let id = add(&mut a, "Scored", "p");
    exchange(&mut a, &mut b);
    comment(&mut a, id, "Same on ward 9").unwrap();
    comment(&mut b, id, "+1").unwrap();
    review(&mut a, id, Some(2)).unwrap();
    clock_a.advance(10);
    review(&mut a, id, None).unwrap();
    review(&mut b, id, Some(5)).unwrap();
    exchange(&mut a, &mut b);
    assert_eq!(state(&a), state(&b));
    let idea = IdeaId::from_uuid(id);
    assert_eq!(a.comments(idea).unwrap().len(), 2);
    let reviews = a.reviews(idea).unwrap();
    assert_eq!(reviews.len(), 2, "one review per reviewer");
    let mine = reviews.iter().find(|r| r.by == a.actor().to_string()).unwrap();
    assert_eq!(mine.scores["need"], None, "the later submission replaced the earlier one");
}

#[derive(Debug, Clone)]
enum Step {
    Create {
        replica: usize,
        title: u8,
    },
    Edit {
        replica: usize,
        idea: usize,
        field: u8,
        value: u8,
    },
    Tag {
        replica: usize,
        idea: usize,
        tag: u8,
        add: bool,
    },
    Delete {
        replica: usize,
        idea: usize,
    },
    Comment {
        replica: usize,
        idea: usize,
    },
    Review {
        replica: usize,
        idea: usize,
        score: u8,
    },
    Decide {
        replica: usize,
        idea: usize,
        decision: u8,
    },
    Merge {
        replica: usize,
        idea: usize,
        into: usize,
    },
    Unmerge {
        replica: usize,
        idea: usize,
    },
    Resolve {
        replica: usize,
    },
    Deliver {
        from: usize,
        to: usize,
        reversed: bool,
        twice: bool,
    },
    Wait {
        replica: usize,
        millis: u16,
    },
    /// A POC write: its aim, a metric's target, an actual or a status note.
    Poc {
        replica: usize,
        idea: usize,
        kind: u8,
        value: u8,
    },
    /// A dishonest member's signed op, shown to one replica now and to all in the end.
    Forge {
        replica: usize,
        kind: u8,
        idea: usize,
        other: usize,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..4usize, any::<u8>()).prop_map(|(replica, title)| Step::Create { replica, title }),
        (0..4usize, any::<usize>(), 0..3u8, any::<u8>())
            .prop_map(|(replica, idea, field, value)| Step::Edit { replica, idea, field, value }),
        (0..4usize).prop_map(|replica| Step::Resolve { replica }),
        (0..4usize, any::<usize>(), 0..2u8, any::<bool>())
            .prop_map(|(replica, idea, tag, add)| Step::Tag { replica, idea, tag, add }),
        (0..4usize, any::<usize>()).prop_map(|(replica, idea)| Step::Delete { replica, idea }),
        (0..4usize, any::<usize>()).prop_map(|(replica, idea)| Step::Comment { replica, idea }),
        (0..4usize, any::<usize>(), 0..4u8).prop_map(|(replica, idea, decision)| Step::Decide {
            replica,
            idea,
            decision
        }),
        (0..4usize, any::<usize>(), any::<usize>()).prop_map(|(replica, idea, into)| Step::Merge {
            replica,
            idea,
            into
        }),
        (0..4usize, any::<usize>()).prop_map(|(replica, idea)| Step::Unmerge { replica, idea }),
        (0..4usize, any::<usize>(), 0..6u8).prop_map(|(replica, idea, score)| Step::Review {
            replica,
            idea,
            score
        }),
        (0..4usize, 0..4usize, any::<bool>(), any::<bool>())
            .prop_map(|(from, to, reversed, twice)| Step::Deliver { from, to, reversed, twice }),
        (0..4usize, any::<u16>()).prop_map(|(replica, millis)| Step::Wait { replica, millis }),
        (0..4usize, 0..7u8, any::<usize>(), any::<usize>())
            .prop_map(|(replica, kind, idea, other)| Step::Forge { replica, kind, idea, other }),
        (0..4usize, any::<usize>(), 0..4u8, any::<u8>())
            .prop_map(|(replica, idea, kind, value)| Step::Poc { replica, idea, kind, value }),
    ]
}

/// Mallory, a member with a valid key and a lead's role, who is not honest.
fn mallory() -> sprout_core::ActorId {
    sprout_core::ActorId(uuid::Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0bad))
}

/// Mallory is a lead; everyone else is an admin.
fn roles_of(actor: sprout_core::ActorId) -> std::collections::BTreeSet<sprout_core::Role> {
    let role = if actor == mallory() { sprout_core::Role::Lead } else { sprout_core::Role::Admin };
    std::collections::BTreeSet::from([role])
}

fn deliver(store: &mut Store, ops: &[Op]) {
    receive(store, ops);
}

/// Applies ops received from others, each author's roles as [`roles_of`] gives them.
fn receive(store: &mut Store, ops: &[Op]) -> sprout_store::Applied {
    store.apply_remote(ops, &roles_of, sprout_store::Admission::admin().rules).unwrap()
}

/// One of Mallory's forgeries against what `store` shows: a create under another's idea
/// id, an op under another author's op id, a reused id of her own, a decision from a
/// stage the idea never reached, an untag of other ideas' tags, or an honest comment.
fn forge(
    store: &Store,
    kind: u8,
    idea: usize,
    other: usize,
    reused: &mut Option<OpId>,
) -> Option<Op> {
    let mut ids: Vec<_> =
        store.ideas_newest_first().unwrap().into_iter().map(|i| i.id.as_uuid()).collect();
    ids.sort();
    let target = *ids.get(idea % ids.len().max(1))?;
    let by = mallory();
    let fresh = OpId::minted(by, uuid::Uuid::now_v7());
    let hlc = sprout_core::Hlc::new(store.now_millis(), 7);
    let op = |id: OpId, entity: uuid::Uuid, payload: OpPayload| Op {
        id,
        hlc,
        actor: by,
        entity_id: entity,
        payload,
    };
    let comment = |text: &str| {
        OpPayload::CommentAdded(sprout_core::CommentAdded {
            text: text.into(),
            author: "Ada Admin".into(),
            support: false,
        })
    };
    Some(match kind {
        0 => op(
            fresh,
            target,
            OpPayload::IdeaCreated(sprout_core::IdeaCreated {
                title: "Rewritten".into(),
                problem: "p".into(),
                ..Default::default()
            }),
        ),
        1 => {
            let theirs = store.ops().unwrap();
            let victim = theirs.get(other % theirs.len().max(1))?.id;
            op(victim, target, comment("shadow"))
        }
        2 => {
            // The same id of hers twice, with different content: the first stands.
            let id = *reused.get_or_insert(fresh);
            op(id, target, comment(if other.is_multiple_of(2) { "first" } else { "second" }))
        }
        3 => op(
            fresh,
            target,
            OpPayload::GateDecided(sprout_core::GateDecided {
                from: sprout_core::Stage::PocReview,
                to: sprout_core::Stage::AdoptAndSpread,
                decision: sprout_core::Decision::Go,
                rationale: "Trust me".into(),
            }),
        ),
        4 => {
            let victim = ids[other % ids.len()];
            op(
                fresh,
                target,
                OpPayload::IdeaUntagged(sprout_core::IdeaUntagged {
                    tag: "tag 0".into(),
                    removes: vec![format!("{victim}/tag 0")],
                }),
            )
        }
        5 => op(
            fresh,
            target,
            OpPayload::PocPartSet(sprout_core::PocPartSet {
                part: sprout_core::PocPart::Metric,
                record: metric_of(target),
                set: BTreeMap::from([(IdeaField::Target, "lots".into())]),
            }),
        ),
        _ => op(fresh, target, comment("an honest remark")),
    })
}

/// Every replica's one metric for an idea: the same record, so their writes merge.
fn metric_of(idea: uuid::Uuid) -> uuid::Uuid {
    uuid::Uuid::from_u128(idea.as_u128() ^ 0x5eed)
}

/// A POC write of `kind` on `idea`: its aim (so concurrent ones conflict), its metric's
/// target, an actual, or a status note.
fn poc_write(store: &mut Store, idea: uuid::Uuid, kind: u8, value: u8) {
    let payload = match kind {
        0 => OpPayload::IdeaEdited(IdeaEdited {
            set: BTreeMap::from([(IdeaField::PocAim, format!("Aim {value}"))]),
            supersedes: BTreeMap::from([(
                IdeaField::PocAim,
                store.field_leaves(IdeaId::from_uuid(idea), IdeaField::PocAim).unwrap(),
            )]),
        }),
        1 => OpPayload::PocPartSet(
            sprout_core::validate_part(
                idea,
                sprout_core::PocPart::Metric,
                metric_of(idea),
                &BTreeMap::from([
                    (IdeaField::Metric, "Falls".to_owned()),
                    (IdeaField::Target, value.to_string()),
                ]),
            )
            .unwrap(),
        ),
        2 => OpPayload::PocLogged(
            sprout_core::validate_actual(metric_of(idea), &value.to_string(), "2026-11-01")
                .unwrap(),
        ),
        _ => OpPayload::PocLogged(
            sprout_core::validate_status("on-track", &format!("Note {value}"), "2026-11-02")
                .unwrap(),
        ),
    };
    store.commit(idea, payload, sprout_store::Admission::admin()).unwrap();
}

const FIELDS: [IdeaField; 3] = [IdeaField::Title, IdeaField::Problem, IdeaField::Solution];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any number of replicas, any interleaving of local writes and (reordered, duplicated)
    /// deliveries: once every replica holds every op, all show the same state, equal to an
    /// oracle that applies all ops in (HLC, actor) order.
    #[test]
    fn replicas_converge_to_the_oracle(n in 2usize..=5, steps in proptest::collection::vec(step(), 1..50)) {
        let mut replicas: Vec<(Store, TestClock)> = (0..n).map(|i| replica(i as u64 * 137)).collect();
        let (mut forged, mut reused) = (Vec::new(), None);
        // The idea a step means, among those its replica shows.
        let pick = |store: &Store, idea: usize| {
            let mut ids: Vec<_> = store.ideas_newest_first().unwrap().into_iter().map(|i| i.id).collect();
            ids.sort();
            (!ids.is_empty()).then(|| ids[idea % ids.len()].as_uuid())
        };
        for step in steps {
            match step {
                Step::Tag { replica, idea, tag: t, add } => {
                    let store = &mut replicas[replica % n].0;
                    let Some(id) = pick(store, idea) else { continue };
                    let name = format!("tag {t}");
                    if add {
                        tag(store, id, &name).unwrap();
                    } else if let Err(e) = untag(store, id, &name) {
                        let expected = matches!(e, sprout_store::Error::TagNotFound { .. });
                        prop_assert!(expected, "untag failed: {}", e);
                    }
                }
                Step::Delete { replica, idea } => {
                    let store = &mut replicas[replica % n].0;
                    if let Some(id) = pick(store, idea) { delete(store, id).unwrap(); }
                }
                Step::Comment { replica, idea } => {
                    let store = &mut replicas[replica % n].0;
                    if let Some(id) = pick(store, idea) { comment(store, id, "+1").unwrap(); }
                }
                Step::Merge { replica, idea, into } => {
                    let store = &mut replicas[replica % n].0;
                    if let (Some(dup), Some(target)) = (pick(store, idea), pick(store, into))
                        && dup != target
                    {
                        merge(store, dup, target).unwrap();
                    }
                }
                Step::Unmerge { replica, idea } => {
                    let store = &mut replicas[replica % n].0;
                    if let Some(dup) = pick(store, idea) {
                        let _ = unmerge(store, dup);
                    }
                }
                Step::Decide { replica, idea, decision } => {
                    let store = &mut replicas[replica % n].0;
                    if let Some(id) = pick(store, idea) {
                        let _ = decide(store, id, sprout_core::Decision::ALL[decision as usize]);
                    }
                }
                Step::Review { replica, idea, score } => {
                    let store = &mut replicas[replica % n].0;
                    let score = (score > 0).then_some(score);
                    if let Some(id) = pick(store, idea) { review(store, id, score).unwrap(); }
                }
                Step::Poc { replica, idea, kind, value } => {
                    let store = &mut replicas[replica % n].0;
                    if let Some(id) = pick(store, idea) { poc_write(store, id, kind, value); }
                }
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
                    deliver(target, &ops);
                    if twice { deliver(target, &ops); }
                }
                Step::Wait { replica, millis } => replicas[replica % n].1.advance(u64::from(millis)),
                Step::Forge { replica, kind, idea, other } => {
                    let store = &mut replicas[replica % n].0;
                    if let Some(op) = forge(store, kind, idea, other, &mut reused) {
                        forged.push(op);
                        // Her log reaches each device in the order she wrote it.
                        deliver(store, &forged);
                    }
                }
            }
        }
        for (store, _) in &mut replicas {
            deliver(store, &forged);
        }
        let mut all: Vec<Op> = replicas.iter().flat_map(|(s, _)| s.ops().unwrap()).collect();
        all.reverse();
        for (store, _) in &mut replicas {
            deliver(store, &all);
        }
        all.sort_by_key(|op| (op.hlc, op.actor));
        all.dedup_by_key(|op| op.id);
        let (mut oracle, _) = replica(0);
        deliver(&mut oracle, &all);
        // Every replica holds exactly the same ops: what one refused, all refused.
        let held = |s: &Store| { let mut ids: Vec<_> = s.ops().unwrap().into_iter().map(|o| o.id).collect(); ids.sort(); ids };
        for (store, _) in &replicas {
            prop_assert_eq!(held(store), held(&oracle));
            for (idea, comments, _, poc) in state(store).0 {
                prop_assert!(poc.metrics.iter().all(|m| m.target.is_some() || m.name == "Falls"));
                prop_assert!(idea.title != "Rewritten", "a create under another's id got in");
                prop_assert!(comments.iter().all(|c| c.text != "shadow"), "a shadowing op id got in");
            }
        }
        let expected = state(&oracle);
        for (store, _) in &replicas {
            prop_assert_eq!(&state(store), &expected);
        }
    }
}

#[test]
fn concurrent_poc_aims_conflict_and_every_device_keeps_every_actual_and_status_note() {
    let (mut a, _) = replica(0);
    let (mut b, _) = replica(5);
    let id = add(&mut a, "Sensors", "Falls");
    exchange(&mut a, &mut b);
    poc_write(&mut a, id, 0, 1);
    poc_write(&mut b, id, 0, 2);
    poc_write(&mut a, id, 1, 4);
    poc_write(&mut b, id, 1, 3);
    poc_write(&mut a, id, 2, 5);
    poc_write(&mut b, id, 2, 6);
    poc_write(&mut a, id, 3, 1);
    poc_write(&mut b, id, 3, 2);
    exchange(&mut a, &mut b);
    assert_eq!(state(&a), state(&b));
    let conflicts = a.conflicts().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].field, IdeaField::PocAim);
    let poc = a.poc(IdeaId::from_uuid(id), "2026-11-29").unwrap();
    assert_eq!(poc.metrics.len(), 1, "one metric, its fields merged");
    assert_eq!(poc.metrics[0].target, Some(3.0), "the later target stands");
    assert_eq!(poc.metrics[0].actuals.len(), 2, "both actuals kept");
    assert_eq!(poc.status_history.len(), 2, "both status notes kept");
}

#[test]
fn of_two_leads_deciding_at_once_the_later_decision_is_kept_and_shown_but_moves_nothing() {
    let (mut a, _) = replica(0);
    let (mut b, _) = replica(5);
    let id = add(&mut a, "Decided twice", "p");
    exchange(&mut a, &mut b);
    decide(&mut a, id, sprout_core::Decision::Go).unwrap();
    decide(&mut b, id, sprout_core::Decision::Stop).unwrap();
    exchange(&mut a, &mut b);
    assert_eq!(state(&a), state(&b));
    let idea = IdeaId::from_uuid(id);
    let decisions = a.decisions(idea).unwrap();
    assert_eq!(decisions.len(), 2, "both kept");
    assert_eq!(decisions.iter().filter(|d| d.took_effect).count(), 1);
    assert_eq!(a.idea(idea).unwrap().unwrap().stage, decisions[0].to, "the first one stands");
    assert_eq!(a.decisions_without_effect(idea).unwrap().len(), 1);
}
