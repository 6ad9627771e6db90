//! Snapshots in parts: a new PC reads a region's history a part at a time, hears of each,
//! and ends where reading the log ends; a part changed after its snapshot was signed is
//! refused and the log read instead.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use sprout_core::Role;
use sprout_sync::{FolderHub, Hub};

mod support;

use support::Device;
use support::hostile::Attacker;

struct World {
    dir: tempfile::TempDir,
    hub: FolderHub,
    admin: Device,
    lead: Device,
}

/// A hub with two clinicians' long logs and a lead's edits, and a snapshot of it in parts
/// of about `target` bytes; then more work after the snapshot.
fn world(target: usize) -> World {
    let dir = tempfile::tempdir().unwrap();
    let hub = FolderHub::create_root(dir.path().join("hub")).unwrap();
    let mut admin = Device::new("Ada Admin");
    sprout_sync::init(&hub, &admin.store, &admin.me(), "Test hub").unwrap();
    let mut lead = Device::new("Lee Lead");
    let mut nurses = [Device::new("Nia Nurse"), Device::new("Noor Nurse")];
    for (device, role) in
        [(&lead, Role::Lead), (&nurses[0], Role::Clinician), (&nurses[1], Role::Clinician)]
    {
        sprout_sync::join(&hub, &device.store, &device.me()).unwrap();
        sprout_sync::approve(&hub, &admin.store, &admin.key, device.actor(), role).unwrap();
    }
    for i in 0..12 {
        for nurse in &mut nurses {
            let id = nurse.add(&format!("{}'s idea {i}", nurse.person));
            nurse.sync(&hub);
            if i % 4 == 0 {
                lead.sync(&hub);
                lead.retitle(id, &format!("Idea {i}, as the lead put it"));
                lead.sync(&hub);
            }
        }
    }
    lead.sync(&hub);
    assert_eq!(
        sprout_sync::write_snapshot_in_parts(&hub, &lead.store, &lead.key, target).unwrap(),
        1
    );
    nurses[0].add("After the snapshot");
    nurses[0].sync(&hub);
    admin.sync(&hub);
    World { dir, hub, admin, lead }
}

fn newcomer(w: &World) -> Device {
    let new = Device::new("Nell New");
    sprout_sync::join(&w.hub, &new.store, &new.me()).unwrap();
    sprout_sync::approve(&w.hub, &w.admin.store, &w.admin.key, new.actor(), Role::Reviewer)
        .unwrap();
    new
}

fn visible(device: &Device) -> Vec<sprout_core::Idea> {
    device.state()
}

#[test]
fn a_new_pc_reads_a_snapshot_part_by_part_and_ends_where_the_log_ends() {
    // About two changesets a part: the nurses' logs of 12 span several parts each.
    let w = world(1_500);
    let parts = w.hub.list("snapshot-parts/").unwrap();
    assert!(parts.len() > 6, "cut into parts: {parts:?}");

    let mut new = newcomer(&w);
    let mut heard = Vec::new();
    let Device { store, key, person, .. } = &mut new;
    let me = sprout_sync::Identity { actor: store.actor(), key, person, site: "Ward 7" };
    let report = sprout_sync::sync_with_progress(&w.hub, store, &[me], &mut |so_far| {
        heard.push(so_far.pulled);
    })
    .unwrap();
    assert!(!report.full_check, "started from the snapshot, not the log: {report:?}");
    assert_eq!(report.rejected_files, 0, "{}", new.problems());
    // Heard of after each part, counting up, long before the end.
    assert!(heard.len() >= parts.len(), "{heard:?}");
    assert!(heard.windows(2).all(|w| w[0] <= w[1]), "{heard:?}");
    assert!(heard[0] < report.pulled / 3, "{heard:?}");
    assert_eq!(visible(&new), visible(&w.admin), "snapshot + news == the log");
    assert_eq!(visible(&new).len(), 25);
    // Its full check later finds nothing the snapshot and the news left out.
    let full = new.sync(&w.hub);
    assert_eq!((full.pulled, full.rejected_files), (0, 0), "{}", new.problems());
    let _ = &w.lead;
}

#[test]
fn a_part_changed_after_its_snapshot_was_signed_is_refused_and_the_log_read_instead() {
    let w = world(1_500);
    let parts = w.hub.list("snapshot-parts/").unwrap();
    // Someone with write access to the share drops a changeset from a part: still a
    // well-formed part, but not the one the lead signed for.
    let victim = &parts[2];
    let file = victim.split('/').fold(w.dir.path().join("hub"), |p, s| p.join(s));
    let mut part: sprout_sync::SnapshotPart =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let log = part.logs.values_mut().next().unwrap();
    log.files.pop();
    std::fs::write(&file, serde_json::to_vec(&part).unwrap()).unwrap();

    let mut new = newcomer(&w);
    let report = new.quiet_sync(&w.hub);
    assert_eq!(report.rejected_files, 1, "{report:?}");
    assert!(report.full_check, "the log is read instead: {report:?}");
    let problems = new.problems();
    assert!(
        problems.contains(victim.as_str()) && problems.contains("not the part its snapshot names"),
        "{problems}"
    );
    assert_eq!(visible(&new), visible(&w.admin), "nothing lost");
}
