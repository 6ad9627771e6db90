//! Convergence through a real folder hub when members are not honest: any interleaving of
//! honest work, syncs, a member rewriting what they signed (equivocation, at the end of
//! their log or with later changesets chained to the original), their revocation, and a
//! lead forking the roster against the admin's revocation of them. Once every device has
//! synced enough times, every device (one joining at the end included) holds the same
//! state, and no honest member's work is lost.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::PathBuf;

use proptest::prelude::*;
use sprout_core::{IdeaCreated, IdeaId, OpPayload, Role};
use sprout_sync::{FolderHub, Header, Hub, SignedHeader, changeset_path};
use uuid::Uuid;

mod support;

use support::Device;
use support::hostile::{Attacker, World, world};

#[derive(Clone, Debug)]
enum Step {
    /// The honest clinician writes an idea.
    HonestAdds,
    /// One of the four devices syncs: the full check, or a quiet sync that reads only what
    /// the hub's news names.
    Sync(usize),
    QuietSync(usize),
    /// Mallory writes an idea and syncs.
    MalloryAdds,
    /// Mallory replaces her last changeset on the hub with another she signs.
    MalloryRewrites,
    /// The admin revokes Mallory (after reading her log).
    RevokeMallory,
    /// The lead renames the honest clinician's first idea and syncs.
    LeadEdits,
    /// The lead signs a copy of the roster's newest epoch as the next one.
    LeadForks,
    /// The admin, not having seen the lead's fork, revokes the lead at the same number.
    AdminRevokesLeadBesideTheFork,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => Just(Step::HonestAdds),
        3 => (0usize..4).prop_map(Step::Sync),
        4 => (0usize..4).prop_map(Step::QuietSync),
        3 => Just(Step::MalloryAdds),
        2 => Just(Step::MalloryRewrites),
        1 => Just(Step::RevokeMallory),
        2 => Just(Step::LeadEdits),
        1 => Just(Step::LeadForks),
        1 => Just(Step::AdminRevokesLeadBesideTheFork),
    ]
}

fn root(hub: &FolderHub) -> PathBuf {
    PathBuf::from(hub.location())
}

fn device(w: &mut World, i: usize) -> &mut Device {
    match i {
        0 => &mut w.admin,
        1 => &mut w.lead,
        2 => &mut w.honest,
        _ => &mut w.mallory,
    }
}

/// Replaces `who`'s last changeset on the hub with another they sign (same predecessor).
fn rewrite_last(who: &Device, hub: &FolderHub) {
    let Some((seq, _)) = who.store.hub_cursor(who.actor()).unwrap() else { return };
    let path = root(hub).join(changeset_path(who.actor(), seq));
    let Ok(old) = std::fs::read(&path) else { return };
    let (old, _) = SignedHeader::of_file(&old).unwrap().open(&who.key.public()).unwrap();
    let op = who.op(
        Uuid::nil(),
        OpPayload::IdeaCreated(IdeaCreated {
            title: format!("Rewritten {}", Uuid::now_v7()),
            problem: "p".into(),
            ..Default::default()
        }),
    );
    let header = Header { hlc_min: op.hlc, hlc_max: op.hlc, seen: Vec::new(), ..old };
    std::fs::remove_file(&path).unwrap();
    let bytes = sprout_sync::encode(&header, &[&op], &who.key);
    hub.create(&changeset_path(who.actor(), seq), &bytes).unwrap();
}

/// The roster files on the hub at `epoch`.
fn epoch_files(hub: &FolderHub, epoch: u64) -> Vec<PathBuf> {
    let prefix = format!("{epoch:06}.");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root(hub).join("members"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with(&prefix))
        .collect();
    files.sort();
    files
}

fn newest_epoch(hub: &FolderHub) -> u64 {
    std::fs::read_dir(root(hub).join("members"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.get(..6)?.parse().ok())
        .max()
        .unwrap()
}

fn roster_in(bytes: &[u8]) -> sprout_sync::Roster {
    let envelope: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    serde_json::from_str(envelope["doc"].as_str().unwrap()).unwrap()
}

/// Signs `roster` as the epoch after the file `parent`, by `key`, onto the hub.
fn write_epoch(
    hub: &FolderHub,
    parent: &[u8],
    mut roster: sprout_sync::Roster,
    key: &sprout_sync::ActorKey,
) {
    roster.epoch += 1;
    roster.prev = Some(sprout_sync::sha256_hex(parent));
    let signed = sprout_sync::sign(&roster, key);
    let path = sprout_sync::roster_path(roster.epoch, &key.public(), &signed);
    hub.create(&path, &signed).unwrap();
}

struct Run {
    w: World,
    honest_ideas: Vec<Uuid>,
    /// The epoch the lead's fork followed, once it has forked.
    forked_from: Option<u64>,
    lead_revoked: bool,
    mallory_revoked: bool,
}

impl Run {
    fn apply(&mut self, step: &Step) {
        let w = &mut self.w;
        match step {
            Step::HonestAdds => self.honest_ideas.push(w.honest.add("Honest idea")),
            Step::Sync(i) => {
                let hub = w.hub.clone();
                device(w, *i).sync(&hub);
            }
            Step::QuietSync(i) => {
                let hub = w.hub.clone();
                device(w, *i).quiet_sync(&hub);
            }
            Step::MalloryAdds => {
                w.mallory.add("Mallory's idea");
                w.mallory.sync(&w.hub);
            }
            Step::MalloryRewrites => rewrite_last(&w.mallory, &w.hub),
            Step::RevokeMallory if !self.mallory_revoked => {
                let actor = w.mallory.actor();
                sprout_sync::revoke(&w.hub, &mut w.admin.store, &w.admin.key, actor).unwrap();
                self.mallory_revoked = true;
            }
            Step::LeadEdits => {
                if let Some(first) = self.honest_ideas.first()
                    && w.lead.store.idea(IdeaId::from_uuid(*first)).unwrap().is_some()
                {
                    w.lead.retitle(*first, "Renamed by the lead");
                    w.lead.sync(&w.hub);
                }
            }
            Step::LeadForks if self.forked_from.is_none() && !self.lead_revoked => {
                let epoch = newest_epoch(&w.hub);
                let parent = std::fs::read(&epoch_files(&w.hub, epoch)[0]).unwrap();
                write_epoch(&w.hub, &parent, roster_in(&parent), &w.lead.key);
                self.forked_from = Some(epoch);
            }
            Step::AdminRevokesLeadBesideTheFork if !self.lead_revoked => {
                if let Some(epoch) = self.forked_from {
                    let parent = std::fs::read(&epoch_files(&w.hub, epoch)[0]).unwrap();
                    let mut roster = roster_in(&parent);
                    let lead = roster.members.get_mut(&w.lead.actor()).unwrap();
                    let pin = w.admin.store.hub_cursor(w.lead.actor()).unwrap();
                    lead.revoked_after = Some(pin.as_ref().map_or(0, |(s, _)| *s));
                    lead.revoked_at = pin.map(|(_, id)| id);
                    write_epoch(&w.hub, &parent, roster, &w.admin.key);
                    self.lead_revoked = true;
                }
            }
            _ => {}
        }
    }
}

fn titles(d: &Device) -> Vec<(Uuid, String)> {
    d.state().into_iter().map(|i| (i.id.as_uuid(), i.title)).collect()
}

fn check_steps(steps: &[Step]) -> Result<(), TestCaseError> {
    let mut run = Run {
        w: world(),
        honest_ideas: Vec::new(),
        forked_from: None,
        lead_revoked: false,
        mallory_revoked: false,
    };
    for step in steps {
        run.apply(step);
    }
    let w = &mut run.w;
    let mut fresh = Device::new("Nell New");
    sprout_sync::join(&w.hub, &fresh.store, &fresh.me()).unwrap();
    sprout_sync::approve(&w.hub, &w.admin.store, &w.admin.key, fresh.actor(), Role::Reviewer)
        .unwrap();
    // Everyone syncs until nothing changes: the proofs one device writes reach the others
    // on their next sync.
    for _ in 0..3 {
        for i in 0..4 {
            let hub = w.hub.clone();
            device(w, i).sync(&hub);
        }
        fresh.sync(&w.hub);
    }
    let state = titles(&fresh);
    // A revoked person's own PC keeps what they wrote there; every other device agrees.
    let mut honest = vec![&w.admin, &w.honest];
    if !run.lead_revoked {
        honest.push(&w.lead);
    }
    for d in honest {
        prop_assert_eq!(
            titles(d),
            state.clone(),
            "{} differs from a device that joined last",
            d.person
        );
    }
    for idea in &run.honest_ideas {
        prop_assert!(
            fresh.store.idea(IdeaId::from_uuid(*idea)).unwrap().is_some(),
            "an honest idea was lost"
        );
    }
    Ok(())
}

/// Found by the property below: Mallory rewrites a changeset, writes on from her own
/// (original) chain, and rewrites again.
#[test]
fn rewrites_on_top_of_rewrites_converge() {
    use Step::*;
    let steps =
        [MalloryAdds, MalloryAdds, MalloryRewrites, MalloryAdds, Sync(0), Sync(3), MalloryRewrites];
    check_steps(&steps).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("CONV_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(24), ..ProptestConfig::default() })]

    #[test]
    fn every_device_ends_identical_whatever_members_sign_and_fork(
        steps in proptest::collection::vec(step(), 1..28)
    ) {
        check_steps(&steps)?;
    }
}
