//! Devices syncing through a real folder hub: joining, approval, roles enforced the same
//! way everywhere, revocation, hostile files, clocks from the future.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use sprout_core::{Hlc, NewIdea, OpPayload, Role, validate_new_idea};
use sprout_store::Store;
use sprout_sync::{FolderHub, Hub, Identity, SyncReport};
use uuid::Uuid;

mod support;

use support::Device;

/// A hub founded by an admin, with `others` joined and approved with their roles.
fn hub_with(others: &mut [(&mut Device, Role)]) -> (Device, FolderHub, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let hub = FolderHub::create_root(dir.path().join("hub")).unwrap();
    let admin = Device::new("Ada Admin");
    sprout_sync::init(&hub, &admin.store, &admin.me(), "Test hub").unwrap();
    for (device, role) in others.iter_mut() {
        sprout_sync::join(&hub, &device.store, &device.me()).unwrap();
        sprout_sync::approve(&hub, &admin.store, &admin.key, device.store.actor(), *role).unwrap();
    }
    (admin, hub, dir)
}

#[test]
fn an_idea_typed_on_one_device_reaches_another() {
    let mut nurse = Device::new("Nia Nurse");
    let (mut admin, hub, _dir) = hub_with(&mut [(&mut nurse, Role::Clinician)]);
    let id = nurse.add("Night falls");
    let pushed = nurse.sync(&hub);
    assert_eq!((pushed.pushed, pushed.waiting_for_approval), (1, false));
    let pulled = admin.sync(&hub);
    assert_eq!(pulled.pulled, 1);
    assert_eq!(admin.title(id).as_deref(), Some("Night falls"));

    // Syncing again moves nothing and changes nothing.
    assert_eq!(nurse.quiet_sync(&hub), SyncReport::default());
    assert_eq!(admin.quiet_sync(&hub), SyncReport::default());
    assert_eq!(admin.sync(&hub), SyncReport { full_check: true, ..SyncReport::default() });

    // Between full checks, the hub's news carries new work both ways.
    let second = nurse.add("Bed-exit alarms");
    assert_eq!(nurse.quiet_sync(&hub).pushed, 1);
    assert_eq!(admin.quiet_sync(&hub).pulled, 1);
    assert_eq!(admin.title(second).as_deref(), Some("Bed-exit alarms"));
    let reply = admin.add("Admin's idea");
    admin.quiet_sync(&hub);
    assert_eq!(nurse.quiet_sync(&hub).pulled, 1);
    assert!(nurse.title(reply).is_some());
}

#[test]
fn work_waits_locally_until_the_device_is_approved() {
    let dir = tempfile::tempdir().unwrap();
    let hub = FolderHub::create_root(dir.path()).unwrap();
    let mut admin = Device::new("Ada Admin");
    sprout_sync::init(&hub, &admin.store, &admin.me(), "Test hub").unwrap();
    let mut newcomer = Device::new("Nia Nurse");
    sprout_sync::join(&hub, &newcomer.store, &newcomer.me()).unwrap();
    let id = newcomer.add("Typed before approval");

    let report = newcomer.sync(&hub);
    assert!(report.waiting_for_approval);
    assert_eq!(report.pushed, 0);
    assert_eq!(newcomer.title(id).as_deref(), Some("Typed before approval"), "kept locally");
    assert!(hub.list("log/").unwrap().is_empty(), "nothing pushed yet");

    let requests = sprout_sync::pending_requests(&hub, &admin.store).unwrap();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].0.person, "Nia Nurse");
    sprout_sync::approve(&hub, &admin.store, &admin.key, newcomer.store.actor(), Role::Clinician)
        .unwrap();
    assert!(sprout_sync::pending_requests(&hub, &admin.store).unwrap().is_empty());

    assert_eq!(newcomer.sync(&hub).pushed, 1);
    admin.sync(&hub);
    assert_eq!(admin.title(id).as_deref(), Some("Typed before approval"));
}

#[test]
fn a_clinician_cannot_approve_anyone() {
    let mut nurse = Device::new("Nia Nurse");
    let (_admin, hub, _dir) = hub_with(&mut [(&mut nurse, Role::Clinician)]);
    let stranger = Device::new("Sam Stranger");
    sprout_sync::join(&hub, &stranger.store, &stranger.me()).unwrap();
    let e = sprout_sync::approve(
        &hub,
        &nurse.store,
        &nurse.key,
        stranger.store.actor(),
        Role::Clinician,
    )
    .unwrap_err();
    assert!(e.to_string().contains("only an admin"), "{e}");
}

#[test]
fn an_op_outside_the_actors_role_is_refused_identically_everywhere() {
    let mut nurse = Device::new("Nia Nurse");
    let mut lead = Device::new("Lee Lead");
    let (mut admin, hub, _dir) =
        hub_with(&mut [(&mut nurse, Role::Clinician), (&mut lead, Role::Lead)]);
    let id = admin.add("Admin's idea");
    admin.sync(&hub);
    nurse.sync(&hub);
    lead.sync(&hub);
    // The nurse's device lets her edit locally, but she may not edit someone else's idea.
    nurse.retitle(id, "Hijacked");
    nurse.sync(&hub);
    for device in [&mut admin, &mut lead] {
        let report = device.sync(&hub);
        assert_eq!(report.refused, 1);
        assert_eq!(device.title(id).as_deref(), Some("Admin's idea"));
        let problems = device.store.hub_problems().unwrap();
        assert!(
            problems.iter().any(|p| p.reason.contains("may only edit ideas they submitted")),
            "{problems:?}"
        );
    }
    // A lead may edit it, and that reaches everyone.
    lead.retitle(id, "Retitled by the lead");
    lead.sync(&hub);
    admin.sync(&hub);
    assert_eq!(admin.title(id).as_deref(), Some("Retitled by the lead"));
}

#[test]
fn a_revoked_actors_later_changesets_are_refused() {
    let mut nurse = Device::new("Nia Nurse");
    let (mut admin, hub, _dir) = hub_with(&mut [(&mut nurse, Role::Clinician)]);
    let before = nurse.add("Before revocation");
    nurse.sync(&hub);
    admin.sync(&hub);
    sprout_sync::revoke(&hub, &mut admin.store, &admin.key, nurse.store.actor()).unwrap();
    let after = nurse.add("After revocation");
    let report = nurse.sync(&hub);
    assert!(report.revoked && !report.waiting_for_approval, "a revoked device no longer pushes");

    // An old or tampered client pushes anyway: its next changeset is refused.
    let ops = nurse.store.unpushed_ops(nurse.store.actor()).unwrap();
    let (seq, hash) = nurse.store.hub_cursor(nurse.store.actor()).unwrap().unwrap();
    let header = sprout_sync::Header {
        format: 1,
        hub: admin.store.hub_value("id").unwrap().unwrap(),
        actor: nurse.store.actor(),
        seq: seq + 1,
        prev_hash: Some(hash),
        hlc_min: ops[0].hlc,
        hlc_max: ops[0].hlc,
        roster_epoch: 3,
        seen: Vec::new(),
    };
    let bytes = sprout_sync::encode(&header, &ops, &nurse.key);
    hub.create(&sprout_sync::changeset_path(nurse.store.actor(), seq + 1), &bytes).unwrap();
    let report = admin.sync(&hub);
    assert_eq!((report.rejected_files, report.pulled), (1, 0));
    assert!(admin.store.hub_problems().unwrap()[0].reason.contains("after its author was revoked"));
    assert_eq!(admin.title(before).as_deref(), Some("Before revocation"));
    assert_eq!(admin.title(after), None);
}

#[test]
fn a_tampered_file_is_refused_and_everything_else_still_syncs() {
    let mut nurse = Device::new("Nia Nurse");
    let mut porter = Device::new("Pat Porter");
    let (mut admin, hub, dir) =
        hub_with(&mut [(&mut nurse, Role::Clinician), (&mut porter, Role::Clinician)]);
    nurse.add("Nurse's idea");
    nurse.sync(&hub);
    let porters = porter.add("Porter's idea");
    porter.sync(&hub);
    // Someone edits the nurse's changeset on the share.
    let path =
        dir.path().join("hub/log").join(nurse.store.actor().to_string()).join("000000000001.chg");
    let text = std::fs::read_to_string(&path).unwrap().replace("Nurse's idea", "Forged idea!");
    std::fs::write(&path, text).unwrap();

    let report = admin.sync(&hub);
    assert_eq!(report.rejected_files, 1);
    assert_eq!(report.pulled, 1, "the porter's idea still arrives");
    assert_eq!(admin.title(porters).as_deref(), Some("Porter's idea"));
    let problems = admin.store.hub_problems().unwrap();
    assert!(problems.iter().any(|p| p.reason.contains("altered or forged")), "{problems:?}");
}

#[test]
fn files_from_strangers_are_reported() {
    let (mut admin, hub, _dir) = hub_with(&mut []);
    hub.create(&format!("log/{}/000000000001.chg", Uuid::now_v7()), b"junk").unwrap();
    let report = admin.sync(&hub);
    assert_eq!(report.rejected_files, 1);
    assert!(admin.store.hub_problems().unwrap()[0].reason.contains("not a member"));
}

#[test]
fn a_changeset_from_far_in_the_future_is_held_back_until_its_time() {
    let mut nurse = Device::new("Nia Nurse");
    let (mut admin, hub, _dir) = hub_with(&mut [(&mut nurse, Role::Clinician)]);
    // The nurse's PC clock is two days fast: push an op stamped then.
    let two_days = 2 * 24 * 3_600_000;
    let future = Hlc::new(admin.store.now_millis() + two_days, 0);
    let created = validate_new_idea(
        &NewIdea {
            title: "From the future".into(),
            problem: "p".into(),
            solution: None,
            ..Default::default()
        },
        "Nia",
    )
    .unwrap();
    let id = sprout_core::OpId::minted(nurse.store.actor(), Uuid::now_v7());
    let op = sprout_core::Op {
        id,
        hlc: future,
        actor: nurse.store.actor(),
        entity_id: id.0,
        payload: OpPayload::IdeaCreated(created),
    };
    nurse
        .store
        .apply_remote(
            std::slice::from_ref(&op),
            &|_| sprout_store::Admission::admin().roles.clone(),
            sprout_store::Admission::admin().rules,
        )
        .unwrap();
    nurse.sync(&hub);
    let report = admin.sync(&hub);
    assert_eq!((report.held_back, report.pulled), (1, 0));
    assert!(admin.store.hub_problems().unwrap()[0].reason.contains("hours ahead"));
}

#[test]
fn a_device_cannot_sync_with_a_different_hub_than_it_joined() {
    let (mut admin, _hub, _dir) = hub_with(&mut []);
    let other_dir = tempfile::tempdir().unwrap();
    let other = FolderHub::create_root(other_dir.path()).unwrap();
    let stranger = Device::new("Other Admin");
    sprout_sync::init(&other, &stranger.store, &stranger.me(), "Other hub").unwrap();
    let me = Identity { actor: admin.store.actor(), key: &admin.key, person: "Ada", site: "" };
    let e = sprout_sync::sync(&other, &mut admin.store, &me).unwrap_err();
    assert!(matches!(e, sprout_sync::Error::WrongHub { .. }), "{e}");
}

#[test]
fn verify_lists_each_problem_on_a_hub_and_nothing_on_a_sound_one() {
    let mut nurse = Device::new("Nia Nurse");
    let (_admin, hub, dir) = hub_with(&mut [(&mut nurse, Role::Clinician)]);
    nurse.add("One");
    nurse.sync(&hub);
    nurse.add("Two");
    nurse.sync(&hub);
    assert_eq!(sprout_sync::verify(&hub).unwrap(), Vec::<String>::new());

    let log = dir.path().join("hub/log").join(nurse.store.actor().to_string());
    let second = log.join("000000000002.chg");
    let mut bytes = std::fs::read(&second).unwrap();
    let last = bytes.len() - 3;
    bytes[last] ^= 0x20;
    std::fs::write(&second, bytes).unwrap();
    hub.create(&format!("log/{}/000000000001.chg", Uuid::now_v7()), b"junk").unwrap();

    let problems = sprout_sync::verify(&hub).unwrap();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems
            .iter()
            .any(|p| p.contains("000000000002.chg")
                && (p.contains("damaged") || p.contains("forged")))
    );
    assert!(problems.iter().any(|p| p.contains("not a member")));
}

#[test]
fn a_pc_restored_from_an_older_backup_takes_its_own_later_work_back() {
    let mut nurse = Device::new("Nia Nurse");
    let (mut admin, hub, _dir) = hub_with(&mut [(&mut nurse, Role::Clinician)]);
    let first = nurse.add("Before the backup");
    nurse.sync(&hub);

    // The PC is backed up (database files copied while idle) …
    let backup = tempfile::tempdir().unwrap();
    for name in ["sprout.db", "sprout.db-wal", "sprout.db-shm"] {
        let from = nurse.dir.path().join(name);
        if from.exists() {
            std::fs::copy(&from, backup.path().join(name)).unwrap();
        }
    }
    let second = nurse.add("After the backup");
    nurse.sync(&hub);

    // … its disk dies, it is restored from the backup, and someone types a new idea.
    nurse.store = Store::open(&backup.path().join("sprout.db")).unwrap();
    assert_eq!(nurse.title(second), None, "the restored database is behind the hub");
    let third = nurse.add("After the restore");
    nurse.sync(&hub);
    for id in [first, second, third] {
        assert!(nurse.title(id).is_some(), "the restored PC holds all its work");
    }
    admin.sync(&hub);
    for id in [first, second, third] {
        assert!(admin.title(id).is_some(), "the admin received all of it");
    }
    assert_eq!(admin.store.op_count().unwrap(), 3, "nothing arrived twice");
    assert_eq!(sprout_sync::verify(&hub).unwrap(), Vec::<String>::new());
}

#[test]
fn a_future_format_and_a_gigabyte_of_junk_are_refused_while_the_rest_syncs() {
    let mut nurse = Device::new("Nia Nurse");
    let mut porter = Device::new("Pat Porter");
    let (mut admin, hub, dir) =
        hub_with(&mut [(&mut nurse, Role::Clinician), (&mut porter, Role::Clinician)]);
    let a = nurse.add("Nurse's idea");
    nurse.sync(&hub);
    let b = porter.add("Porter's idea");
    porter.sync(&hub);
    let log = dir.path().join("hub/log");
    // A newer Sprout's file in the nurse's log, and a 1 GiB sparse junk file in the porter's.
    std::fs::write(
        log.join(nurse.store.actor().to_string()).join("000000000002.chg"),
        b"SPROUT-CHANGESET 9\nsig AAAA\n\n{}",
    )
    .unwrap();
    let junk =
        std::fs::File::create(log.join(porter.store.actor().to_string()).join("000000000002.chg"))
            .unwrap();
    junk.set_len(1 << 30).unwrap();

    let report = admin.sync(&hub);
    assert_eq!((report.pulled, report.rejected_files), (2, 2));
    assert!(admin.title(a).is_some() && admin.title(b).is_some());
    let reasons: Vec<String> =
        admin.store.hub_problems().unwrap().into_iter().map(|p| p.reason).collect();
    assert!(
        reasons.iter().any(|r| r.contains("format 9") && r.contains("update Sprout")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("1073741824 bytes")), "{reasons:?}");
}

/// A hub that counts the changeset files read, and the walks of the whole log.
#[derive(Debug)]
struct Counting<'a> {
    inner: &'a FolderHub,
    log_reads: std::sync::atomic::AtomicUsize,
    log_walks: std::sync::atomic::AtomicUsize,
    /// Roster files and join requests read.
    doc_reads: std::sync::atomic::AtomicUsize,
}

impl<'a> Counting<'a> {
    fn new(inner: &'a FolderHub) -> Self {
        Counting { inner, log_reads: 0.into(), log_walks: 0.into(), doc_reads: 0.into() }
    }
}

impl Hub for Counting<'_> {
    fn location(&self) -> String {
        self.inner.location()
    }
    fn list(&self, prefix: &str) -> sprout_sync::Result<Vec<String>> {
        if prefix.starts_with("log") {
            self.log_walks.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        self.inner.list(prefix)
    }
    fn folders(&self, prefix: &str) -> sprout_sync::Result<Vec<String>> {
        self.inner.folders(prefix)
    }
    fn read(&self, path: &str, max: u64) -> sprout_sync::Result<Vec<u8>> {
        if path.starts_with("log/") {
            self.log_reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        if path.starts_with("members/") || path.starts_with("requests/") {
            self.doc_reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
        self.inner.read(path, max)
    }
    fn create(&self, path: &str, bytes: &[u8]) -> sprout_sync::Result<sprout_sync::Created> {
        self.inner.create(path, bytes)
    }
}

fn visible_state(store: &Store) -> (Vec<sprout_core::Idea>, Vec<sprout_store::FieldConflict>) {
    let mut ideas = store.ideas_newest_first().unwrap();
    ideas.sort_by_key(|i| i.id);
    (ideas, store.conflicts().unwrap())
}

#[test]
fn a_new_device_starts_from_the_newest_snapshot_and_ends_where_a_full_replay_ends() {
    let mut nurse = Device::new("Nia Nurse");
    let mut lead = Device::new("Lee Lead");
    let mut replayer = Device::new("Rey Replay");
    let (mut admin, hub, _dir) = hub_with(&mut [
        (&mut nurse, Role::Clinician),
        (&mut lead, Role::Lead),
        (&mut replayer, Role::Reviewer),
    ]);
    // A long history: many small changesets, edits by a lead, and a conflict.
    let mut ids = Vec::new();
    for i in 0..25 {
        ids.push(nurse.add(&format!("Idea {i}")));
        nurse.sync(&hub);
    }
    lead.sync(&hub);
    admin.sync(&hub);
    lead.retitle(ids[3], "Retitled by the lead");
    admin.retitle(ids[3], "Retitled by the admin");
    lead.sync(&hub);
    admin.sync(&hub);
    lead.sync(&hub);

    // A snapshot may only be written by a lead or admin.
    let e = sprout_sync::write_snapshot(&hub, &nurse.store, &nurse.key).unwrap_err();
    assert!(e.to_string().contains("only a lead or admin"), "{e}");
    assert_eq!(sprout_sync::write_snapshot(&hub, &lead.store, &lead.key).unwrap(), 1);

    // More work after the snapshot.
    for i in 25..28 {
        ids.push(nurse.add(&format!("Idea {i}")));
        nurse.sync(&hub);
    }

    let mut newcomer = Device::new("Nell New");
    sprout_sync::join(&hub, &newcomer.store, &newcomer.me()).unwrap();
    sprout_sync::approve(&hub, &admin.store, &admin.key, newcomer.store.actor(), Role::Reviewer)
        .unwrap();
    let counting = Counting::new(&hub);
    newcomer.sync(&counting);
    let reads = counting.log_reads.load(std::sync::atomic::Ordering::SeqCst);
    // A sync finds each member's next changeset by name and strangers by their folder:
    // it never walks the log, however long the history.
    assert_eq!(counting.log_walks.load(std::sync::atomic::Ordering::SeqCst), 0);
    nurse.add("One more");
    nurse.sync(&hub);
    let docs_before = counting.doc_reads.load(std::sync::atomic::Ordering::SeqCst);
    newcomer.sync(&counting);
    assert_eq!(counting.log_walks.load(std::sync::atomic::Ordering::SeqCst), 0);
    // Nor does it verify the roster chain again: only epochs it has not seen.
    assert_eq!(counting.doc_reads.load(std::sync::atomic::Ordering::SeqCst), docs_before);
    assert!(sprout_sync::pending_requests(&counting, &admin.store).unwrap().is_empty());
    assert_eq!(
        counting.doc_reads.load(std::sync::atomic::Ordering::SeqCst),
        docs_before,
        "requests of people already let in are not read"
    );

    for device in [&mut replayer, &mut admin, &mut lead] {
        device.sync(&hub);
    }
    assert_eq!(
        visible_state(&newcomer.store),
        visible_state(&replayer.store),
        "snapshot + tail == full replay"
    );
    assert_eq!(visible_state(&newcomer.store), visible_state(&admin.store));
    assert_eq!(newcomer.store.conflicts().unwrap().len(), 1);
    // The changesets after the snapshot, one check per member that the snapshot's position
    // names a real changeset, and at each log's end a probe for a gap and a re-read of the
    // last changeset applied (so a rewrite is noticed): still far fewer than a replay.
    let total_changesets = hub.list("log/").unwrap().len();
    println!("newcomer read {reads} of {total_changesets} changeset files");
    assert!(reads < 20, "read {reads} of {total_changesets} changeset files");
    assert!(total_changesets > 25);
}

#[test]
fn a_long_pull_reports_its_progress_changeset_by_changeset() {
    let mut nurse = Device::new("Nia Nurse");
    let mut lead = Device::new("Lee Lead");
    let (_admin, hub, _dir) =
        hub_with(&mut [(&mut nurse, Role::Clinician), (&mut lead, Role::Lead)]);
    for i in 0..6 {
        nurse.add(&format!("Idea {i}"));
        nurse.add(&format!("Idea {i}, again"));
        nurse.sync(&hub);
    }
    let mut seen = Vec::new();
    let me =
        Identity { actor: lead.store.actor(), key: &lead.key, person: &lead.person, site: "Hub" };
    let report = sprout_sync::sync_with_progress(&hub, &mut lead.store, &[me], &mut |so_far| {
        seen.push(so_far.pulled);
    })
    .unwrap();
    assert_eq!(report.pulled, 12);
    assert_eq!(seen, [2, 4, 6, 8, 10, 12], "once per changeset, counting up");
}
