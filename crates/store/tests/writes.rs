#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use common::{NOV_2026, TestClock, add, edit};
use sprout_core::{IdeaId, IdeaPatch, OpPayload};
use sprout_store::{Error, Store};

fn store() -> (Store, TestClock) {
    let clock = TestClock::at(NOV_2026);
    (Store::open_in_memory_with_clock(Box::new(clock.clone())).unwrap(), clock)
}

#[test]
fn every_write_is_one_op_with_a_v7_id_and_increasing_hlc() {
    let (mut store, _) = store();
    let id = add(&mut store, "Bedside gel", "Dispensers run dry");
    edit(
        &mut store,
        id,
        &IdeaPatch { title: Some("Bedside hand gel".into()), ..Default::default() },
    )
    .unwrap();
    let ops = store.ops().unwrap();
    assert_eq!(ops.len(), 2);
    assert!(ops.iter().all(|op| op.id.0.get_version_num() == 7));
    assert!(ops.iter().all(|op| op.actor == store.actor() && op.entity_id == id));
    assert!(ops[1].hlc > ops[0].hlc);
    assert!(matches!(ops[0].payload, OpPayload::IdeaCreated(_)));
    assert!(matches!(ops[1].payload, OpPayload::IdeaEdited(_)));
}

#[test]
fn editing_an_unknown_idea_writes_nothing() {
    let (mut store, _) = store();
    add(&mut store, "Exists", "p");
    let unknown = store.new_id();
    let err =
        edit(&mut store, unknown, &IdeaPatch { title: Some("x".into()), ..Default::default() })
            .unwrap_err();
    assert!(matches!(err, Error::IdeaNotFound(id) if id == IdeaId::from_uuid(unknown)));
    assert_eq!(store.op_count().unwrap(), 1, "the failed edit left an op behind");
}

#[test]
fn edits_change_only_the_given_fields_and_the_updated_time() {
    let (mut store, clock) = store();
    let id = add(&mut store, "Title", "Problem");
    clock.advance(60_000);
    edit(&mut store, id, &IdeaPatch { solution: Some("A solution".into()), ..Default::default() })
        .unwrap();
    let idea = store.idea(IdeaId::from_uuid(id)).unwrap().unwrap();
    assert_eq!(idea.title, "Title");
    assert_eq!(idea.problem, "Problem");
    assert_eq!(idea.solution.as_deref(), Some("A solution"));
    assert_eq!((idea.updated_at - idea.created_at).num_seconds(), 60);

    edit(&mut store, id, &IdeaPatch { solution: Some(String::new()), ..Default::default() })
        .unwrap();
    assert_eq!(store.idea(IdeaId::from_uuid(id)).unwrap().unwrap().solution, None);
}

#[test]
fn ideas_are_listed_newest_first() {
    let (mut store, clock) = store();
    for title in ["Oldest", "Middle", "Newest"] {
        add(&mut store, title, "p");
        clock.advance(1000);
    }
    let titles: Vec<_> = store.ideas_newest_first().unwrap().into_iter().map(|i| i.title).collect();
    assert_eq!(titles, ["Newest", "Middle", "Oldest"]);
}

#[test]
fn search_ranks_title_matches_above_body_matches() {
    let (mut store, clock) = store();
    add(&mut store, "Discharge letters", "Falls are not mentioned in the letter");
    clock.advance(1000);
    add(&mut store, "Falls sensor for bays", "Patients fall at night unseen");
    clock.advance(1000);
    add(&mut store, "Parking", "Staff cannot park");
    let titles: Vec<_> =
        store.search_ideas("falls").unwrap().into_iter().map(|i| i.title).collect();
    assert_eq!(titles, ["Falls sensor for bays", "Discharge letters"]);
}

#[test]
fn search_stems_prefixes_and_ignores_syntax() {
    let (mut store, _) = store();
    add(&mut store, "Hand gel dispensers", "Dispensers are empty by noon");
    assert_eq!(store.search_ideas("dispenser").unwrap().len(), 1, "stemming");
    assert_eq!(store.search_ideas("disp").unwrap().len(), 1, "prefix while typing");
    for hostile in
        [r#""gel"#, "gel*", "-gel", "title:gel", "(gel", "gel)", "gel AND", "NEAR(", "\"\"", "*"]
    {
        store.search_ideas(hostile).unwrap_or_else(|e| panic!("{hostile:?} failed: {e}"));
    }
    assert_eq!(
        store.search_ideas("(hand:gel*) -\"dispensers\"").unwrap().len(),
        1,
        "syntax is read as plain words"
    );
    assert!(store.search_ideas("   ").unwrap().is_empty());
    assert!(store.search_ideas("parking").unwrap().is_empty());
}

#[test]
fn search_follows_edits() {
    let (mut store, _) = store();
    let id = add(&mut store, "Old words", "p");
    edit(&mut store, id, &IdeaPatch { title: Some("Fresh wording".into()), ..Default::default() })
        .unwrap();
    assert!(store.search_ideas("old").unwrap().is_empty());
    assert_eq!(store.search_ideas("fresh").unwrap().len(), 1);
}

#[test]
fn settings_are_local_and_not_ops() {
    let (store, _) = store();
    store.set_setting("update_endpoint", Some("https://updates.example/x")).unwrap();
    assert_eq!(
        store.setting("update_endpoint").unwrap().as_deref(),
        Some("https://updates.example/x")
    );
    store.set_setting("update_endpoint", None).unwrap();
    assert_eq!(store.setting("update_endpoint").unwrap(), None);
    assert_eq!(store.op_count().unwrap(), 0);
}

#[test]
fn an_op_that_sets_the_id_is_refused_and_not_logged() {
    let (mut store, _) = store();
    let id = add(&mut store, "Exists", "p");
    let mut set = std::collections::BTreeMap::new();
    set.insert(sprout_core::IdeaField::Id, "another-id".to_owned());
    let err = store
        .commit(
            id,
            OpPayload::IdeaEdited(sprout_core::IdeaEdited { set, ..Default::default() }),
            sprout_store::Admission::admin(),
        )
        .unwrap_err();
    assert!(matches!(err, Error::Refused(_)), "{err}");
    assert!(err.to_string().contains("read-only field id"), "{err}");
    assert_eq!(store.op_count().unwrap(), 1);
}

#[test]
fn only_ops_not_yet_on_the_hub_are_pushed_and_moving_hubs_pushes_them_all_again() {
    let (mut store, _) = store();
    let me = store.actor();
    for t in ["First", "Second", "Third"] {
        add(&mut store, t, "p");
    }
    let all = store.unpushed_ops(me).unwrap();
    assert_eq!(all.len(), 3);
    // A changeset that carried only the first: the other two are still to go.
    store.record_push(me, 1, "h1", &all[..1]).unwrap();
    assert_eq!(store.unpushed_ops(me).unwrap(), all[1..].to_vec());
    store.record_push(me, 2, "h2", &all[1..]).unwrap();
    assert!(store.unpushed_ops(me).unwrap().is_empty());
    add(&mut store, "Fourth", "p");
    let fourth = store.unpushed_ops(me).unwrap();
    assert_eq!(fourth.len(), 1, "only the new op");
    store.record_push(me, 3, "h3", &fourth).unwrap();
    assert!(store.unpushed_ops(me).unwrap().is_empty());
    store.forget_hub().unwrap();
    assert_eq!(store.unpushed_ops(me).unwrap().len(), 4, "a new hub gets everything");
}
