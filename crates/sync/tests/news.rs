//! The hub's news is a hint, never trust: a deleted news file delays work by at most one
//! more change from its author (or the daily full check), and junk in a news slot is
//! listed and stepped over.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use sprout_core::IdeaId;
use sprout_sync::{Hub, news_path};

mod support;

use support::hostile::{Attacker, world};

fn news_files(root: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for bucket in std::fs::read_dir(root.join("news")).unwrap() {
        for f in std::fs::read_dir(bucket.unwrap().path()).unwrap() {
            files.push(f.unwrap().path());
        }
    }
    files.sort();
    files
}

#[test]
fn a_deleted_or_junk_news_file_delays_nothing_for_long_and_loses_nothing() {
    let mut w = world();
    let root = std::path::PathBuf::from(w.hub.location());
    let first = w.honest.add("First idea");
    w.honest.quiet_sync(&w.hub);
    // Someone deletes the news of it: a quiet sync does not hear of it yet.
    std::fs::remove_file(news_files(&root).pop().unwrap()).unwrap();
    w.lead.quiet_sync(&w.hub);
    assert!(w.lead.store.idea(IdeaId::from_uuid(first)).unwrap().is_none());
    // The honest member's next change is news again, and brings everything since.
    let second = w.honest.add("Second idea");
    w.honest.quiet_sync(&w.hub);
    let report = w.lead.quiet_sync(&w.hub);
    assert_eq!(report.pulled, 2, "{report:?}");
    assert!(w.lead.store.idea(IdeaId::from_uuid(first)).unwrap().is_some());
    assert!(w.lead.store.idea(IdeaId::from_uuid(second)).unwrap().is_some());

    // Junk in the next news slot is listed and stepped over.
    let next = news_files(&root).len() as u64 + 1;
    w.hub.create(&news_path(next), b"not news").unwrap();
    let third = w.honest.add("Third idea");
    w.honest.quiet_sync(&w.hub);
    let report = w.lead.quiet_sync(&w.hub);
    assert_eq!((report.pulled, report.rejected_files), (1, 1), "{report:?}");
    assert!(w.lead.store.idea(IdeaId::from_uuid(third)).unwrap().is_some());
    let problems = w.lead.problems();
    assert!(
        problems.contains(&format!("{}: refused: not a news file", news_path(next))),
        "{problems}"
    );

    // The news of the latest change gone, and nothing after it: the full check, at least
    // daily, reads every log.
    let fourth = w.honest.add("Fourth idea");
    w.honest.quiet_sync(&w.hub);
    let fifth_news = news_files(&root).pop().unwrap();
    std::fs::remove_file(fifth_news).unwrap();
    w.lead.quiet_sync(&w.hub);
    assert!(w.lead.store.idea(IdeaId::from_uuid(fourth)).unwrap().is_none());
    let report = w.lead.sync(&w.hub);
    assert!(report.full_check);
    assert!(w.lead.store.idea(IdeaId::from_uuid(fourth)).unwrap().is_some());
}
