//! A POC's progress counts from its project lead, a lead or an admin, judged over the whole
//! set of ops: an actual that arrives before the lead names its author counts once they do.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use std::collections::BTreeMap;

use common::{NOV_2026, TestClock, add};
use sprout_core::{ActorId, Hlc, IdeaEdited, IdeaField, IdeaId, Op, OpId, OpPayload, Role};
use sprout_store::Store;
use uuid::Uuid;

#[test]
fn progress_from_someone_not_the_project_lead_is_kept_but_does_not_count_until_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(NOV_2026);
    let mut store =
        Store::open_with_clock(&dir.path().join("sprout.db"), Box::new(clock.clone())).unwrap();
    let id = add(&mut store, "Sensors", "Night falls");
    let me = store.actor();
    let nurse = ActorId(Uuid::now_v7());
    store
        .set_members(&[
            (me, "Lee Lead".into(), "Hub".into(), "lead".into(), false),
            (nurse, "Nia Nurse".into(), "Ward 7".into(), "clinician".into(), false),
        ])
        .unwrap();
    let metric = Uuid::now_v7();
    let plan = sprout_core::validate_part(
        id,
        sprout_core::PocPart::Metric,
        metric,
        &BTreeMap::from([(IdeaField::Metric, "Falls".to_owned())]),
    )
    .unwrap();
    store.commit(id, OpPayload::PocPartSet(plan), sprout_store::Admission::admin()).unwrap();

    // The nurse's actual arrives before anyone names her project lead.
    let actual = sprout_core::validate_actual(metric, "3", "2026-11-20").unwrap();
    let op = Op {
        id: OpId::minted(nurse, Uuid::now_v7()),
        hlc: Hlc::new(NOV_2026 + 1_000, 0),
        actor: nurse,
        entity_id: id,
        payload: OpPayload::PocLogged(actual),
    };
    let clinician = |_: ActorId| std::collections::BTreeSet::from([Role::Clinician]);
    let applied = store.apply_remote(&[op], &clinician, sprout_store::Admission::admin().rules);
    let applied = applied.unwrap();
    assert_eq!((applied.ops, applied.refused.len()), (1, 0), "kept: it counts or not when read");
    let idea = IdeaId::from_uuid(id);
    let actuals = |s: &Store| s.poc(idea, "2026-11-29").unwrap().metrics[0].actuals.clone();
    assert!(actuals(&store).is_empty(), "a clinician who is not the project lead");

    clock.advance(5_000);
    let name = IdeaEdited {
        set: BTreeMap::from([(IdeaField::ProjectLead, nurse.to_string())]),
        supersedes: BTreeMap::new(),
    };
    store.commit(id, OpPayload::IdeaEdited(name), sprout_store::Admission::admin()).unwrap();
    let counted = actuals(&store);
    assert_eq!(counted.len(), 1);
    assert_eq!((counted[0].value, counted[0].by.as_str()), (3.0, "Nia Nurse"));
}
