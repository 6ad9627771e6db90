//! Similar ideas in a store where some words are in hundreds of ideas: the rare words find
//! the idea meant, common words alone still find ideas, and withdrawn ideas never show.
//! (The time at 100 000 ideas, and the share of known duplicates found, are printed by
//! `cargo bench -p sprout-store --bench pipeline`.)
#![allow(clippy::expect_used, reason = "a failing test should panic")]

mod common;

use common::{add, delete, merge};
use sprout_store::Store;

/// 450 ideas about falls at night, so their words are in almost every idea.
fn crowded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("sprout.db")).expect("store");
    for bay in 0..450 {
        add(
            &mut store,
            &format!("Falls at night in bay {bay}"),
            "Patients fall getting out of bed at night",
        );
    }
    (dir, store)
}

fn titles(found: &[(sprout_core::Idea, f64)]) -> Vec<&str> {
    found.iter().map(|(idea, _)| idea.title.as_str()).collect()
}

#[test]
fn a_rare_word_finds_the_idea_among_hundreds_sharing_common_ones() {
    let (_dir, mut store) = crowded();
    add(
        &mut store,
        "Pressure ulcer dressings run out",
        "Dressings for pressure ulcers run out at weekends",
    );
    add(&mut store, "Weekend pharmacy cover", "Nobody can release controlled drugs at weekends");

    let found = store.similar_ideas("Ulcer dressings short at night", 5).expect("similar");
    assert_eq!(titles(&found).first(), Some(&"Pressure ulcer dressings run out"), "{found:?}");
    assert!(found.windows(2).all(|w| w[0].1 >= w[1].1), "most alike first");
}

#[test]
fn common_words_alone_still_find_ideas() {
    let (_dir, store) = crowded();
    let found = store.similar_ideas("Falls at night getting out of bed", 5).expect("similar");
    assert_eq!(found.len(), 5);
    assert!(titles(&found).iter().all(|t| t.starts_with("Falls at night in bay")), "{found:?}");
}

#[test]
fn merged_and_deleted_ideas_are_not_offered() {
    let (_dir, mut store) = crowded();
    let kept = add(&mut store, "Pressure ulcer dressings run out", "Dressings run out at weekends");
    let merged =
        add(&mut store, "Ulcer dressings missing", "Pressure ulcer dressings run out on Sundays");
    let deleted =
        add(&mut store, "No ulcer dressings left", "Pressure dressings all gone by Saturday");
    merge(&mut store, merged, kept).expect("merge");
    delete(&mut store, deleted).expect("delete");

    let found = store.similar_ideas("Pressure ulcer dressings run out", 5).expect("similar");
    assert_eq!(titles(&found), ["Pressure ulcer dressings run out"]);
}
