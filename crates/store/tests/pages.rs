//! The Ideas table's pages come from SQL: filtered, counted per stage, sorted and paged,
//! so the window never loads the whole pipeline.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use common::{NOV_2026, TestClock, add, decide, merge, tag};
use sprout_core::{Decision, IdeaId, IdeaQuery, IdeaSort, Stage};
use sprout_store::Store;
use uuid::Uuid;

/// 120 ideas a minute apart, at two sites; every third moved to Triage, every fifth tagged
/// "falls", and the newest merged into the oldest as a duplicate.
struct Pipeline {
    _dir: tempfile::TempDir,
    store: Store,
    clock: TestClock,
    ids: Vec<Uuid>,
}

fn pipeline() -> Pipeline {
    let dir = tempfile::tempdir().unwrap();
    let clock = TestClock::at(NOV_2026);
    let mut store =
        Store::open_with_clock(&dir.path().join("sprout.db"), Box::new(clock.clone())).unwrap();
    let mut ids = Vec::new();
    for n in 0..120 {
        clock.advance(60_000);
        let id = add(&mut store, &format!("Idea {n:03}"), "A problem on the ward");
        let site = if n % 2 == 0 { "St Mary's" } else { "Royal" };
        common::edit(
            &mut store,
            id,
            &sprout_core::IdeaPatch { site: Some(site.into()), ..Default::default() },
        )
        .unwrap();
        if n % 3 == 0 {
            decide(&mut store, id, Decision::Go).unwrap();
        }
        if n % 5 == 0 {
            tag(&mut store, id, "falls").unwrap();
        }
        ids.push(id);
    }
    merge(&mut store, ids[119], ids[0]).unwrap();
    Pipeline { _dir: dir, store, clock, ids }
}

fn titles(page: &sprout_core::IdeaPage) -> Vec<&str> {
    page.ideas.iter().map(|i| i.title.as_str()).collect()
}

#[test]
fn pages_of_fifty_newest_first_without_merged_duplicates() {
    let Pipeline { store, _dir, .. } = pipeline();
    let first = store.idea_page(&IdeaQuery::default()).unwrap();
    assert_eq!((first.total, first.pages, first.page, first.per_page), (119, 3, 1, 50));
    assert_eq!(first.ideas.len(), 50);
    assert_eq!(titles(&first)[..2], ["Idea 118", "Idea 117"], "the merged 119 is hidden");
    let last = store.idea_page(&IdeaQuery { page: 3, ..Default::default() }).unwrap();
    assert_eq!((last.ideas.len(), titles(&last)[18]), (19, "Idea 000"));
    let past = store.idea_page(&IdeaQuery { page: 99, ..Default::default() }).unwrap();
    assert_eq!(past.page, 3, "a page past the end is the last page");
    let with = store.idea_page(&IdeaQuery { include_merged: true, ..Default::default() }).unwrap();
    assert_eq!(with.total, 120);
}

#[test]
fn stage_site_and_tag_filters_and_the_counts_per_stage() {
    let Pipeline { store, _dir, .. } = pipeline();
    let all = store.idea_page(&IdeaQuery::default()).unwrap();
    let count = |stage| all.by_stage.iter().find(|c| c.stage == stage).map_or(0, |c| c.count);
    assert_eq!((count(Stage::Triage), count(Stage::Submitted)), (40, 79));
    let triage =
        store.idea_page(&IdeaQuery { stage: Some(Stage::Triage), ..Default::default() }).unwrap();
    assert_eq!(triage.total, 40);
    assert!(triage.ideas.iter().all(|i| i.stage == Stage::Triage));
    assert_eq!(triage.by_stage, all.by_stage, "counts ignore the stage filter itself");

    let royal = IdeaQuery { site: Some("Royal".into()), ..Default::default() };
    let royal_page = store.idea_page(&royal).unwrap();
    assert_eq!(royal_page.total, 59, "odd ideas, less the merged 119");
    assert!(royal_page.ideas.iter().all(|i| i.site == "Royal"));
    let falls = store.idea_page(&IdeaQuery { tag: Some("Falls".into()), ..Default::default() });
    assert_eq!(falls.unwrap().total, 24);
    let both = IdeaQuery { stage: Some(Stage::Triage), tag: Some("falls".into()), ..royal };
    let both = store.idea_page(&both).unwrap();
    assert_eq!(both.total, 4, "odd multiples of 15 below 120");
}

#[test]
fn my_ideas_include_my_duplicates_and_sorts_and_recent_days_apply() {
    let Pipeline { mut store, clock, ids, _dir } = pipeline();
    let me = store.actor().to_string();
    let mine = store.idea_page(&IdeaQuery { submitted_by: Some(me), ..Default::default() });
    assert_eq!(mine.unwrap().total, 120);

    let oldest = store.idea_page(&IdeaQuery { sort: IdeaSort::Oldest, ..Default::default() });
    assert_eq!(titles(&oldest.unwrap())[0], "Idea 000");
    let by_title = IdeaQuery { sort: IdeaSort::Title, per_page: 3, ..Default::default() };
    assert_eq!(titles(&store.idea_page(&by_title).unwrap()), ["Idea 000", "Idea 001", "Idea 002"]);
    let supported = sprout_core::validate_comment("We see this too", "Ana").unwrap();
    let supported = sprout_core::CommentAdded { support: true, ..supported };
    store
        .commit(
            ids[7],
            sprout_core::OpPayload::CommentAdded(supported),
            sprout_store::Admission::admin(),
        )
        .unwrap();
    let top = IdeaQuery { sort: IdeaSort::Supported, per_page: 1, ..Default::default() };
    assert_eq!(titles(&store.idea_page(&top).unwrap()), ["Idea 007"]);

    clock.advance(10 * 86_400_000);
    let fresh = add(&mut store, "Fresh", "Today's problem");
    let recent = store.idea_page(&IdeaQuery { within_days: Some(1), ..Default::default() });
    let recent = recent.unwrap();
    assert_eq!((recent.total, recent.ideas[0].id), (1, IdeaId::from_uuid(fresh)));
}
