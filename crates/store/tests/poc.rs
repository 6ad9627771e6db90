//! A POC's progress counts from its project lead, a lead or an admin, judged over the whole
//! set of ops: an actual that arrives before the lead names its author counts once they do.
//! The POCs place reads one page at a time, counted per stage.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use std::collections::BTreeMap;

use common::{NOV_2026, TestClock, add, decide, delete};
use sprout_core::{
    ActorId, Decision, Hlc, IdeaEdited, IdeaField, IdeaId, Op, OpId, OpPayload, PocQuery, Role,
    Stage,
};
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

#[test]
fn the_pocs_place_reads_a_page_at_a_time_counted_per_stage_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(NOV_2026);
    let mut store =
        Store::open_with_clock(&dir.path().join("sprout.db"), Box::new(clock.clone())).unwrap();
    // 60 ideas reach POC planning, 12 of them go on to POC running; 10 more stay at
    // Evaluate, which has no POC; one POC is deleted.
    let mut pocs = Vec::new();
    for n in 0..70 {
        clock.advance(60_000);
        let id = add(&mut store, &format!("Idea {n:02}"), "A problem on the ward");
        let goes = if n < 60 { 4 } else { 3 };
        for _ in 0..goes {
            decide(&mut store, id, Decision::Go).unwrap();
        }
        if n < 60 && n % 5 == 0 {
            decide(&mut store, id, Decision::Go).unwrap();
        }
        if n < 60 {
            pocs.push(id);
        }
    }
    delete(&mut store, pocs[59]).unwrap();
    let today = "2026-11-29";
    let titles = |q: PocQuery| -> Vec<String> {
        store.poc_page(&q, today).unwrap().pocs.into_iter().map(|p| p.title).collect()
    };

    let first = store.poc_page(&PocQuery::default(), today).unwrap();
    assert_eq!((first.total, first.page, first.pages, first.per_page), (59, 1, 2, 50));
    assert_eq!(first.pocs.len(), 50);
    assert_eq!(first.pocs[0].title, "Idea 58", "newest first; the deleted 59 is gone");
    let counts: Vec<(Stage, u32)> = first.by_stage.iter().map(|c| (c.stage, c.count)).collect();
    assert_eq!(counts, [(Stage::PocPlanning, 47), (Stage::PocRunning, 12)], "Evaluate has none");

    let second = store.poc_page(&PocQuery { page: 2, ..Default::default() }, today).unwrap();
    assert_eq!((second.pocs.len(), second.pocs[8].title.as_str()), (9, "Idea 00"));
    assert_eq!(store.poc_page(&PocQuery { page: 9, ..Default::default() }, today).unwrap().page, 2);

    let running = PocQuery { stage: Some(Stage::PocRunning), page: 1 };
    let page = store.poc_page(&running, today).unwrap();
    assert_eq!((page.total, page.pages), (12, 1));
    assert!(page.pocs.iter().all(|p| p.stage == Stage::PocRunning));
    assert_eq!(titles(running)[..2], ["Idea 55", "Idea 50"]);
    assert_eq!(page.by_stage, first.by_stage, "counts ignore the stage asked for");
    let evaluate = PocQuery { stage: Some(Stage::Evaluate), page: 1 };
    assert!(titles(evaluate).is_empty(), "Evaluate has ideas, but no POCs");

    // The whole list (the CLI's and the export's) holds the same rows.
    let every = store.poc_summaries(today).unwrap();
    assert_eq!(every.len(), 59);
    assert_eq!(every[..50], first.pocs[..]);
}
