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

type Counts = Vec<(Stage, u32)>;

/// The counts per stage the triggers keep, and the same counted by a scan (any filter the
/// tally cannot answer, here "submitted in the last 30 years", makes the store scan).
fn tallied_and_scanned(store: &Store, site: Option<&str>) -> (Counts, Counts) {
    let site = site.map(str::to_owned);
    let counts = |page: sprout_core::IdeaPage| {
        page.by_stage.iter().map(|c| (c.stage, c.count)).collect::<Vec<_>>()
    };
    let tallied = store.idea_page(&IdeaQuery { site: site.clone(), ..Default::default() });
    let scanned =
        store.idea_page(&IdeaQuery { site, within_days: Some(11_000), ..Default::default() });
    (counts(tallied.unwrap()), counts(scanned.unwrap()))
}

#[test]
fn the_kept_counts_follow_every_move_delete_merge_and_site_change_and_a_rebuild() {
    let Pipeline { mut store, _dir, ids, .. } = pipeline();
    common::delete(&mut store, ids[1]).unwrap();
    merge(&mut store, ids[2], ids[4]).unwrap();
    common::unmerge(&mut store, ids[119]).unwrap();
    decide(&mut store, ids[3], Decision::Go).unwrap();
    decide(&mut store, ids[6], Decision::Hold).unwrap();
    let moved = sprout_core::IdeaPatch { site: Some("Royal".into()), ..Default::default() };
    common::edit(&mut store, ids[8], &moved).unwrap();
    for site in [None, Some("Royal"), Some("St Mary's"), Some("Nowhere")] {
        let (tallied, scanned) = tallied_and_scanned(&store, site);
        assert_eq!(tallied, scanned, "{site:?}");
    }
    let (all, _) = tallied_and_scanned(&store, None);
    assert_eq!(all.iter().map(|(_, n)| n).sum::<u32>(), 118, "120 less one deleted, one merged");
    assert!(all.contains(&(Stage::Parked, 1)));

    store.rebuild_projections().unwrap();
    assert_eq!(tallied_and_scanned(&store, None).0, all, "a rebuild counts the same");
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

#[test]
fn words_search_the_table_and_a_kept_idea_lists_what_was_merged_into_it() {
    let Pipeline { mut store, ids, _dir, .. } = pipeline();
    let night = add(&mut store, "Night checks", "Unobserved bays overnight");
    let found = store
        .idea_page(&IdeaQuery { text: Some("unobserved bay".into()), ..Default::default() })
        .unwrap();
    assert_eq!((found.total, found.ideas[0].id), (1, IdeaId::from_uuid(night)));
    let punctuation = IdeaQuery { text: Some("\"(*".into()), ..Default::default() };
    assert_eq!(store.idea_page(&punctuation).unwrap().total, 120, "nothing to search is no filter");

    let kept = IdeaQuery { merged_into: Some(ids[0].to_string()), ..Default::default() };
    assert_eq!(titles(&store.idea_page(&kept).unwrap()), ["Idea 119"]);
    common::unmerge(&mut store, ids[119]).unwrap();
    assert_eq!(store.idea_page(&kept).unwrap().total, 0, "an undone merge is no longer listed");
    assert_eq!(store.idea_page(&IdeaQuery::default()).unwrap().total, 121, "the duplicate is back");
    common::delete(&mut store, night).unwrap();
    assert_eq!(store.idea_page(&IdeaQuery::default()).unwrap().total, 120, "deleted ideas go");
    let me = store.actor().to_string();
    let mine = IdeaQuery { submitted_by: Some(me), ..Default::default() };
    assert_eq!(store.idea_page(&mine).unwrap().total, 120, "and from My ideas too");
}

#[test]
fn news_is_what_others_did_to_my_ideas_after_i_last_looked() {
    let Pipeline { mut store, ids, clock, _dir } = pipeline();
    let me = store.actor().to_string();
    let mark = store.arrival_mark().unwrap();
    assert!(store.news_since(&me, mark).unwrap().is_empty());
    // My own comment is not news to me.
    common::comment(&mut store, ids[5], "A note to myself").unwrap();
    assert!(store.news_since(&me, mark).unwrap().is_empty());

    // Work from another PC, arriving now: a supporter on one idea, a decision on another.
    let lead = sprout_core::ActorId(Uuid::now_v7());
    clock.advance(60_000);
    let op = |entity: Uuid, minutes: u64, payload| sprout_core::Op {
        id: sprout_core::OpId::minted(lead, Uuid::now_v7()),
        // Written offline days ago: arrival, not the clock, makes it news.
        hlc: sprout_core::Hlc::new(NOV_2026 - 86_400_000 + minutes, 0),
        actor: lead,
        entity_id: entity,
        payload,
    };
    let support =
        sprout_core::CommentAdded { text: "+1".into(), author: "Lee".into(), support: true };
    let gate = sprout_core::GateDecided {
        from: Stage::Submitted,
        to: Stage::Triage,
        decision: Decision::Go,
        rationale: "Worth a look".into(),
    };
    let ops = [
        op(ids[7], 1, sprout_core::OpPayload::CommentAdded(support)),
        op(ids[8], 2, sprout_core::OpPayload::GateDecided(gate)),
    ];
    let admin = sprout_store::Admission::admin();
    store.apply_remote(&ops, &|_| admin.roles.clone(), admin.rules).unwrap();
    let news = store.news_since(&me, mark).unwrap();
    let about = |id: Uuid| news.iter().find(|n| n.idea == IdeaId::from_uuid(id)).cloned();
    assert_eq!(news.len(), 2, "{news:?}");
    assert_eq!(about(ids[7]).map(|n| (n.decided, n.supporters, n.comments)), Some((false, 1, 0)));
    assert_eq!(about(ids[8]).map(|n| (n.decided, n.supporters, n.comments)), Some((true, 0, 0)));
    let seen = store.arrival_mark().unwrap();
    assert!(store.news_since(&me, seen).unwrap().is_empty(), "once seen, nothing is new");
}

#[test]
fn highest_score_first_and_a_reviewer_still_to_score_learns_nothing_from_the_order() {
    let Pipeline { mut store, ids, _dir, .. } = pipeline();
    let by_score = IdeaQuery { sort: IdeaSort::Score, per_page: 4, ..Default::default() };
    // Scored on this PC: 10 low, 20 high, 30 middling.
    common::review(&mut store, ids[10], Some(1)).unwrap();
    common::review(&mut store, ids[20], Some(5)).unwrap();
    common::review(&mut store, ids[30], Some(3)).unwrap();
    let page = store.idea_page(&by_score).unwrap();
    assert_eq!(titles(&page)[..3], ["Idea 020", "Idea 030", "Idea 010"]);
    assert_eq!(page.ideas[3].score, None, "unscored ideas come last, newest first");
    assert_eq!(titles(&page)[3], "Idea 118");
    assert!(page.ideas[0].score > page.ideas[1].score);

    // Someone else scores 40 highest of all, and a lead asks this PC's person to score it.
    let lead = sprout_core::ActorId(Uuid::now_v7());
    let me = store.actor().to_string();
    let op = |minutes: u64, payload| sprout_core::Op {
        id: sprout_core::OpId::minted(lead, Uuid::now_v7()),
        hlc: sprout_core::Hlc::new(NOV_2026 + 86_400_000 + minutes, 0),
        actor: lead,
        entity_id: ids[40],
        payload,
    };
    let scores = std::collections::BTreeMap::from([("need".to_owned(), Some(5))]);
    let review = sprout_core::validate_review(&scores, "").unwrap();
    let asked = sprout_core::ReviewerAssigned { reviewer: me };
    let ops = [
        op(1, sprout_core::OpPayload::ReviewSubmitted(review)),
        op(2, sprout_core::OpPayload::ReviewerAssigned(asked)),
    ];
    let admin = sprout_store::Admission::admin();
    store.apply_remote(&ops, &|_| admin.roles.clone(), admin.rules).unwrap();
    let page = store.idea_page(&by_score).unwrap();
    assert_eq!(titles(&page)[..3], ["Idea 020", "Idea 030", "Idea 010"], "40 sorts as unscored");

    // Once this person has scored it, its place among the scored is theirs to see.
    common::review(&mut store, ids[40], Some(5)).unwrap();
    let page = store.idea_page(&by_score).unwrap();
    assert_eq!(titles(&page)[..2].iter().filter(|t| **t == "Idea 040").count(), 1);
    assert_eq!(page.ideas.iter().filter(|i| i.score == Some(100.0)).count(), 2);
}

#[test]
fn a_new_rubric_rescores_every_reviewed_idea() {
    let Pipeline { mut store, ids, _dir, .. } = pipeline();
    let scores = std::collections::BTreeMap::from([
        ("need".to_owned(), Some(4)),
        ("impact".to_owned(), Some(2)),
    ]);
    let review = sprout_core::validate_review(&scores, "").unwrap();
    let admin = sprout_store::Admission::admin();
    store.commit(ids[10], sprout_core::OpPayload::ReviewSubmitted(review), admin).unwrap();
    let before = store.idea(IdeaId::from_uuid(ids[10])).unwrap().unwrap().score;
    assert_eq!(before, Some(50.0), "need and impact weigh the same in the shipped rubric");
    // The shipped rubric's criteria, with all the weight on need.
    let mut rubric = store.rubric().unwrap();
    rubric.version += 1;
    for c in &mut rubric.criteria {
        c.weight = if c.key == "need" { 100 } else { 0 };
    }
    rubric.check().unwrap();
    store
        .commit(
            Uuid::nil(),
            sprout_core::OpPayload::RubricPublished(rubric),
            sprout_store::Admission::admin(),
        )
        .unwrap();
    let after = store.idea(IdeaId::from_uuid(ids[10])).unwrap().unwrap().score;
    assert_eq!(after, Some(75.0), "4 of 5 on the only weighted criterion");
}

#[test]
fn a_roster_that_changes_whose_reviews_count_changes_the_stored_score() {
    let Pipeline { mut store, ids, _dir, .. } = pipeline();
    // Reviewed on a PC with no roster yet: every review counts.
    common::review(&mut store, ids[10], Some(5)).unwrap();
    let score = |store: &Store| store.idea(IdeaId::from_uuid(ids[10])).unwrap().unwrap().score;
    assert_eq!(score(&store), Some(100.0));
    let me = store.actor();
    let roster =
        |roles: &str| vec![(me, "Ana".to_owned(), "Royal".to_owned(), roles.to_owned(), false)];
    // Nobody asked a clinician to score it: on the roster, that review no longer counts.
    store.set_members(&roster("clinician")).unwrap();
    assert_eq!(score(&store), None);
    store.set_members(&roster("clinician,lead")).unwrap();
    assert_eq!(score(&store), Some(100.0), "a lead's review counts unasked");
}
