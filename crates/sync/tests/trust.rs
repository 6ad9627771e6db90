//! The second round of trust: a member who rewrites what they signed, a revoked member or
//! lead who tries to write on, a revocation from a PC that had not synced, and a swapped
//! join request. Each test proves: refused or reported on every device (one joining
//! afterwards included), listed with its reason, everyone else's work still arrives, and
//! all devices end identical.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::PathBuf;

use sprout_core::{IdeaField, IdeaId, Role};
use sprout_sync::{FolderHub, Header, Hub, SignedHeader, changeset_path};
use uuid::Uuid;

mod support;

use support::Device;
use support::hostile::{Attacker, World, edit, world};

fn root(hub: &FolderHub) -> PathBuf {
    PathBuf::from(hub.location())
}

/// Deletes `device`'s changeset `seq` from the hub and writes another in its place that
/// they sign, holding a new idea titled `title`, as a member with write access to the share
/// could. The new file follows the same predecessor, so it is a valid changeset `seq`.
fn rewrite(device: &Device, hub: &FolderHub, seq: u64, title: &str) -> Uuid {
    let path = root(hub).join(changeset_path(device.actor(), seq));
    let old = std::fs::read(&path).unwrap();
    let (old, _) = SignedHeader::of_file(&old).unwrap().open(&device.key.public()).unwrap();
    let op = device.op(
        Uuid::nil(),
        sprout_core::OpPayload::IdeaCreated(sprout_core::IdeaCreated {
            title: title.into(),
            problem: "A problem".into(),
            ..Default::default()
        }),
    );
    let header = Header { hlc_min: op.hlc, hlc_max: op.hlc, seen: Vec::new(), ..old };
    std::fs::remove_file(&path).unwrap();
    hub.create(
        &changeset_path(device.actor(), seq),
        &sprout_sync::encode(&header, &[&op], &device.key),
    )
    .unwrap();
    op.id.0
}

/// A world where Mallory has pushed two changesets, one idea each, and the lead has read
/// both.
fn mallory_wrote_two() -> (World, Uuid, Uuid) {
    let mut w = world();
    let first = w.mallory.add("Mallory's first");
    w.mallory.sync(&w.hub);
    let second = w.mallory.add("Mallory's second");
    w.mallory.sync(&w.hub);
    w.lead.sync(&w.hub);
    (w, first, second)
}

fn has(device: &Device, idea: Uuid) -> bool {
    device.store.idea(IdeaId::from_uuid(idea)).unwrap().is_some()
}

/// Moves a file out of the hub and back, so a test can show one device the hub as it was
/// before the file was written.
struct Hidden {
    at: PathBuf,
    away: PathBuf,
    _dir: tempfile::TempDir,
}

impl Hidden {
    fn newest_roster(hub: &FolderHub) -> Hidden {
        let mut files: Vec<PathBuf> = std::fs::read_dir(root(hub).join("members"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let at = files.pop().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let away = dir.path().join("roster.json");
        std::fs::rename(&at, &away).unwrap();
        Hidden { at, away, _dir: dir }
    }

    fn restore(self) {
        std::fs::rename(&self.away, &self.at).unwrap();
    }
}

/// The roster file at `epoch` and its SHA-256.
fn roster_file(hub: &FolderHub, epoch: u64) -> (PathBuf, Vec<u8>) {
    let prefix = format!("{epoch:06}.");
    let path = std::fs::read_dir(root(hub).join("members"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(&prefix))
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    (path, bytes)
}

fn same_state(devices: &[&Device]) {
    for pair in devices.windows(2) {
        assert_eq!(
            pair[0].state(),
            pair[1].state(),
            "{} and {} differ",
            pair[0].person,
            pair[1].person
        );
    }
}

#[test]
fn a_rewritten_changeset_is_proven_and_set_aside_on_every_device() {
    let (mut w, first, second) = mallory_wrote_two();
    w.admin.sync(&w.hub);
    // The lead writes on, so its next changeset witnesses Mallory's second as it read it.
    w.lead.add("The lead's idea");
    w.lead.sync(&w.hub);
    let rewritten = rewrite(&w.mallory, &w.hub, 2, "Rewritten after the lead read it");

    // A device joining now reads the rewritten file, and the lead's witness of the first.
    let mut early = w.newcomer("Eve Early");
    let report = early.sync(&w.hub);
    assert_eq!(report.disputed, 1, "{report:?}");
    assert!(
        early.problems().contains("disputed: Lee Lead's PC applied a different changeset 2"),
        "{}",
        early.problems()
    );

    // The lead holds both signed headers: it proves the equivocation for everyone.
    let report = w.lead.sync(&w.hub);
    assert_eq!(report.equivocations, 1, "{report:?}");
    assert!(report.taken_back >= 1, "{report:?}");
    assert!(std::fs::read_dir(root(&w.hub).join("evidence")).unwrap().count() == 1);
    early.sync(&w.hub);
    w.admin.sync(&w.hub);
    let fresh = w.check("equivocation: Mallory signed two different changesets");
    for d in [&w.lead, &w.admin, &early, &fresh] {
        assert!(has(d, first), "{}: work before the contested number stands", d.person);
        assert!(!has(d, second), "{}: neither version is taken", d.person);
        assert!(!has(d, rewritten), "{}: neither version is taken", d.person);
        assert!(d.problems().contains("equivocation: Mallory"), "{}", d.problems());
    }
    // Mallory's later work is never read again.
    w.mallory.add("After the equivocation");
    w.mallory.sync(&w.hub);
    fresh_sync_same(&mut w, &fresh);
    for d in [&mut w.admin, &mut early] {
        d.sync(&w.hub);
    }
    same_state(&[&w.lead, &w.admin, &early]);
}

#[test]
fn a_rewritten_changeset_in_the_middle_of_a_log_is_proven_by_a_new_device() {
    let (mut w, first, second) = mallory_wrote_two();
    // Changeset 1 is replaced: changeset 2, which Mallory also signed, names the first.
    let rewritten = rewrite(&w.mallory, &w.hub, 1, "Rewritten under a later changeset");
    // A device reading the log afresh holds both of Mallory's signatures: it proves it.
    let mut early = w.newcomer("Eve Early");
    let report = early.sync(&w.hub);
    assert_eq!(report.equivocations, 1, "{report:?}");
    let report = w.lead.sync(&w.hub);
    assert_eq!(report.taken_back, 2, "{report:?}");
    w.admin.sync(&w.hub);
    let fresh = w.check(
        "equivocation: Mallory signed two different changesets that cannot both stand at number 1",
    );
    for d in [&w.lead, &w.admin, &early, &fresh] {
        for idea in [first, second, rewritten] {
            assert!(!has(d, idea), "{}: nothing of Mallory's from the contested number", d.person);
        }
    }
    early.sync(&w.hub);
    w.admin.sync(&w.hub);
    same_state(&[&w.lead, &w.admin, &early, &fresh]);
}

fn fresh_sync_same(w: &mut World, fresh: &Device) {
    let mut fresh_again = w.newcomer(&format!("{} again", fresh.person));
    fresh_again.sync(&w.hub);
    w.lead.sync(&w.hub);
    same_state(&[&w.lead, &fresh_again]);
}

#[test]
fn a_revoked_member_cannot_rewrite_history_or_write_on() {
    let (mut w, first, second) = mallory_wrote_two();
    let roster =
        sprout_sync::revoke(&w.hub, &mut w.admin.store, &w.admin.key, w.mallory.actor()).unwrap();
    let pinned = &roster.members[&w.mallory.actor()];
    assert_eq!(pinned.revoked_after, Some(2));
    assert!(pinned.revoked_at.is_some(), "the revocation pins the changeset by id");
    // A back-dated changeset after the revocation, then seq 2 rewritten with a new idea.
    let mut back_dated = w.mallory.op(Uuid::nil(), edit(&[(IdeaField::Title, "x")]));
    back_dated.entity_id = first;
    back_dated.hlc = sprout_core::Hlc::new(1_700_000_000_000, 0);
    w.mallory.forge(&w.hub, &[back_dated]);
    let rewritten = rewrite(&w.mallory, &w.hub, 2, "Rewritten after revocation");

    // A device that never read seq 2 refuses the rewritten one against the pin.
    let mut early = w.newcomer("Eve Early");
    early.sync(&w.hub);
    assert!(!has(&early, rewritten));
    assert!(
        early.problems().contains("not the changeset the revocation pinned"),
        "{}",
        early.problems()
    );

    // The admin (and the lead) held the pinned one: they prove the rewrite.
    w.admin.sync(&w.hub);
    w.lead.sync(&w.hub);
    early.sync(&w.hub);
    let fresh = w.check("equivocation: Mallory");
    for d in [&w.lead, &w.admin, &early, &fresh] {
        assert!(has(d, first), "{}", d.person);
        assert!(!has(d, rewritten), "{}", d.person);
        assert!(!has(d, second), "{}: neither version of 2 stands", d.person);
        assert_eq!(d.title(first).as_deref(), Some("Mallory's first"), "{}", d.person);
    }
    let after = changeset_path(w.mallory.actor(), 3);
    let problems = w.admin.problems();
    assert!(
        problems.contains(&format!("{after}: refused: written after its author was revoked")),
        "{problems}"
    );
    for d in [&mut w.admin, &mut early] {
        d.sync(&w.hub);
    }
    same_state(&[&w.lead, &w.admin, &early, &fresh]);
}

#[test]
fn a_revocation_from_a_pc_that_had_not_synced_reads_the_log_first() {
    let mut w = world();
    w.mallory.add("Mallory's first");
    w.mallory.sync(&w.hub);
    let second = w.mallory.add("Mallory's second");
    w.mallory.sync(&w.hub);
    w.lead.sync(&w.hub);
    // The admin has not synced since Mallory wrote either.
    assert!(w.admin.store.hub_cursor(w.mallory.actor()).unwrap().is_none());
    let roster =
        sprout_sync::revoke(&w.hub, &mut w.admin.store, &w.admin.key, w.mallory.actor()).unwrap();
    assert_eq!(roster.members[&w.mallory.actor()].revoked_after, Some(2));

    // Mallory writes on; the honest PC, which has not seen the revocation yet, takes it,
    // then takes it back when the revocation arrives, as no other device takes it.
    let hidden = Hidden::newest_roster(&w.hub);
    let late = w.mallory.op(
        Uuid::nil(),
        sprout_core::OpPayload::IdeaCreated(sprout_core::IdeaCreated {
            title: "Written as the revocation was on its way".into(),
            problem: "p".into(),
            ..Default::default()
        }),
    );
    let late_id = late.id.0;
    w.mallory.forge(&w.hub, &[late]);
    w.honest.sync(&w.hub);
    assert!(has(&w.honest, late_id), "the honest PC took it before it knew");
    hidden.restore();
    let report = w.honest.sync(&w.hub);
    assert_eq!(report.taken_back, 1, "{report:?}");
    assert!(!has(&w.honest, late_id));
    let problems = w.honest.problems();
    assert!(problems.contains("set aside: Mallory was revoked after changeset 2"), "{problems}");

    w.lead.sync(&w.hub);
    w.admin.sync(&w.hub);
    let fresh = w.check_nothing_lost();
    w.admin.sync(&w.hub);
    w.honest.sync(&w.hub);
    for d in [&w.lead, &w.admin, &w.honest, &fresh] {
        assert!(has(d, second), "{}: what was pushed before the revocation stands", d.person);
        assert!(!has(d, late_id), "{}", d.person);
    }
    same_state(&[&w.lead, &w.admin, &w.honest, &fresh]);
}

#[test]
fn a_revoked_lead_cannot_unrevoke_themselves_by_forking_the_roster() {
    let mut w = world();
    let hers = w.honest.add("Hana's idea");
    w.honest.sync(&w.hub);
    w.lead.sync(&w.hub);
    let epoch = sprout_sync::members(&w.hub, &w.admin.store).unwrap().epoch;
    let (_, before) = roster_file(&w.hub, epoch);
    sprout_sync::revoke(&w.hub, &mut w.admin.store, &w.admin.key, w.lead.actor()).unwrap();
    // The honest PC has not seen the revocation yet.
    let hidden = Hidden::newest_roster(&w.hub);

    // The lead signs a copy of the epoch before, renumbered, naming it, under their own
    // name: a valid lead's epoch that keeps everyone as they were.
    let envelope: serde_json::Value = serde_json::from_slice(&before).unwrap();
    let mut fork: sprout_sync::Roster =
        serde_json::from_str(envelope["doc"].as_str().unwrap()).unwrap();
    fork.epoch = epoch + 1;
    fork.prev = Some(sprout_sync::sha256_hex(&before));
    let signed = sprout_sync::sign(&fork, &w.lead.key);
    let fork_path = sprout_sync::roster_path(epoch + 1, &w.lead.key.public(), &signed);
    w.hub.create(&fork_path, &signed).unwrap();
    // And forges a title edit, which a lead may make.
    let edit_op = w.lead.op(hers, edit(&[(IdeaField::Title, "Renamed by a revoked lead")]));
    w.lead.forge(&w.hub, &[edit_op]);

    // The honest PC follows the only epoch it can see, and takes the edit.
    w.honest.sync(&w.hub);
    assert_eq!(w.honest.title(hers).as_deref(), Some("Renamed by a revoked lead"));
    // Then the admin's revocation appears beside it: one rule settles the fork everywhere.
    hidden.restore();
    let report = w.honest.sync(&w.hub);
    assert!(report.taken_back >= 1, "{report:?}");
    assert_eq!(w.honest.title(hers).as_deref(), Some("Hana's idea"));
    let members = sprout_sync::members(&w.hub, &w.honest.store).unwrap();
    assert!(members.members[&w.lead.actor()].revoked_after.is_some(), "the lead stays revoked");

    w.admin.sync(&w.hub);
    let mut fresh = w.newcomer("Nell New");
    fresh.sync(&w.hub);
    w.honest.sync(&w.hub);
    for d in [&w.honest, &w.admin, &fresh] {
        assert_eq!(d.title(hers).as_deref(), Some("Hana's idea"), "{}", d.person);
        let problems = d.problems();
        assert!(
            problems.contains(&format!(
                "{fork_path}: a competing change to roster epoch {}",
                epoch + 1
            )),
            "{}: {problems}",
            d.person
        );
    }
    same_state(&[&w.honest, &w.admin, &fresh]);
}

#[test]
fn a_device_whose_request_was_swapped_is_told_a_different_key_was_approved() {
    let w = world();
    let mut victim = Device::new("Vic Victim");
    sprout_sync::join(&w.hub, &victim.store, &victim.me()).unwrap();
    // Someone with write access re-signs the request with their own key.
    let path = root(&w.hub).join(sprout_sync::request_path(victim.actor()));
    let bytes = std::fs::read(&path).unwrap();
    let (request, _) =
        sprout_sync::JoinRequest::open(&bytes, &w.admin.store.hub_value("id").unwrap().unwrap())
            .unwrap();
    let impostor = sprout_sync::ActorKey::generate().unwrap();
    std::fs::write(&path, sprout_sync::sign(&request, &impostor)).unwrap();
    // The approver sees the impostor's fingerprint, not the victim's.
    let pending = sprout_sync::pending_requests(&w.hub, &w.admin.store).unwrap();
    let (_, shown) = pending.iter().find(|(r, _)| r.actor == victim.actor()).unwrap();
    assert_eq!(shown.fingerprint(), impostor.public().fingerprint());
    assert_ne!(shown.fingerprint(), victim.key.public().fingerprint());
    sprout_sync::approve(&w.hub, &w.admin.store, &w.admin.key, victim.actor(), Role::Clinician)
        .unwrap();

    victim.add("Never shared");
    let report = victim.sync(&w.hub);
    assert!(report.approved_other_key, "{report:?}");
    assert!(!report.waiting_for_approval, "{report:?}");
    assert_eq!(report.pushed, 0);
    assert!(
        victim.problems().contains("the hub approved a different key in your name"),
        "{}",
        victim.problems()
    );
}
