//! Background sync between two devices on a shared folder hub, with nobody calling sync.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use sprout_app::{Arrived, NewIdea, Role, SyncService, SyncState, SyncStatus};

fn new(title: &str) -> NewIdea {
    NewIdea {
        title: title.into(),
        problem: "A problem".into(),
        solution: None,
        ..Default::default()
    }
}

/// Waits (bounded) for `f` to hold; a correctness check with a generous deadline, not a
/// measurement.
fn eventually(what: &str, f: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !f() {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_idea_added_on_one_device_appears_on_the_other_without_a_sync_call() {
    let tmp = tempfile::tempdir().unwrap();
    let hub = tmp.path().join("share/hub");
    let lead = Arc::new(common::sealed_pc(&tmp.path().join("lead"), "Lee Lead"));
    let nurse = Arc::new(common::ward_pc(&tmp.path().join("nurse"), "Nia Nurse"));
    lead.hub_init(&hub, "Shared").unwrap();
    nurse.hub_join(&hub).unwrap();
    lead.hub_approve(nurse.actor().unwrap().parse().unwrap(), Role::Clinician).unwrap();

    let (tx, rx) = mpsc::channel::<(SyncStatus, Arrived)>();
    let _lead_sync =
        SyncService::start(lead.clone(), Duration::from_millis(300), move |s, arrived| {
            let _ = tx.send((s.clone(), arrived.clone()));
        });
    let _nurse_sync = SyncService::start(nurse.clone(), Duration::from_millis(300), |_, _| {});

    let typed = nurse.add_idea(&new("Typed on the ward")).unwrap();
    // The lead's UI is told which idea changed, with the hub up to date.
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            // A long pull also reports ideas arriving while it runs; wait for its end.
            Ok((status, arrived))
                if !arrived.is_empty() && !matches!(status.state, SyncState::Syncing { .. }) =>
            {
                assert_eq!(arrived.ideas, vec![typed.id], "only the nurse's idea is named");
                assert!(!arrived.everything);
                break status;
            }
            Ok(_) => {}
            Err(_) => panic!("no report that ideas changed"),
        }
    };
    assert!(matches!(status.state, SyncState::UpToDate { .. }), "{status:?}");
    assert_eq!(status.hub_name.as_deref(), Some("Shared"));
    eventually("the lead to list the nurse's idea", || {
        lead.ideas().unwrap().iter().any(|i| i.title == "Typed on the ward")
    });
}

#[test]
fn a_single_pc_syncs_to_its_own_hub_with_no_set_up() {
    let tmp = tempfile::tempdir().unwrap();
    let sprout = common::ward_pc(tmp.path(), "Sam Ward");
    sprout.add_idea(&new("Alone on this PC")).unwrap();
    let report = sprout.sync().unwrap();
    assert_eq!(report.pushed, 1);
    assert!(tmp.path().join("hub/HUB.json").exists());
    assert_eq!(sprout.hub_name().unwrap().as_deref(), Some("This PC"));
}

#[test]
fn a_pc_alone_says_so_from_its_first_report_even_while_it_syncs() {
    let tmp = tempfile::tempdir().unwrap();
    let sprout = Arc::new(common::ward_pc(tmp.path(), "Sam Ward"));
    sprout.sync().unwrap();
    let (tx, rx) = mpsc::channel::<SyncStatus>();
    let _sync = SyncService::start(sprout, Duration::from_secs(60), move |s, _| {
        let _ = tx.send(s.clone());
    });
    let first = rx.recv_timeout(Duration::from_secs(20)).expect("a first report");
    assert!(matches!(first.state, SyncState::Syncing { .. }), "{first:?}");
    assert!(first.on_this_pc_only, "the window says On this PC only, not Syncing");
}

#[test]
fn an_unreachable_hub_is_offline_and_work_stays_local() {
    let tmp = tempfile::tempdir().unwrap();
    let hub = tmp.path().join("share/hub");
    let sprout = Arc::new(common::sealed_pc(&tmp.path().join("pc"), "Lee Lead"));
    sprout.hub_init(&hub, "Shared").unwrap();
    std::fs::rename(&hub, tmp.path().join("share/unplugged")).unwrap();
    let (tx, rx) = mpsc::channel::<SyncStatus>();
    let service = SyncService::start(sprout.clone(), Duration::from_millis(200), move |s, _| {
        let _ = tx.send(s.clone());
    });
    sprout.add_idea(&new("Written while offline")).unwrap();
    let offline = std::iter::from_fn(|| rx.recv_timeout(Duration::from_secs(20)).ok())
        .find(|s| matches!(s.state, SyncState::Offline { .. }))
        .expect("an offline status");
    let SyncState::Offline { reason } = offline.state else { unreachable!() };
    assert!(reason.contains("cannot be reached"), "{reason}");
    drop(service); // stops the thread; must return
    assert_eq!(sprout.ideas().unwrap().len(), 1, "the idea is kept on this PC");
}

#[test]
fn the_ideas_can_be_read_while_a_long_pull_is_still_applying() {
    let tmp = tempfile::tempdir().unwrap();
    let hub = tmp.path().join("share/hub");
    let lead = common::sealed_pc(&tmp.path().join("lead"), "Lee Lead");
    let nurse = common::ward_pc(&tmp.path().join("nurse"), "Nia Nurse");
    lead.hub_init(&hub, "Shared").unwrap();
    nurse.hub_join(&hub).unwrap();
    lead.hub_approve(nurse.actor().unwrap().parse().unwrap(), Role::Clinician).unwrap();
    for i in 0..5 {
        nurse.add_idea(&new(&format!("Idea {i}"))).unwrap();
        nurse.sync().unwrap();
    }
    // Reading from inside the progress callback would deadlock if the sync held the
    // store the window reads from; instead each read sees the pull so far.
    let mut seen = Vec::new();
    let report = lead
        .sync_with_progress(&mut |so_far| {
            seen.push((so_far.pulled, lead.ideas().unwrap().len()));
        })
        .unwrap();
    assert_eq!(report.pulled, 5);
    assert_eq!(seen, [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]);
}
