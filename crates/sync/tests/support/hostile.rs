//! A world for hostile tests: a hub with an admin, a lead, an honest clinician and
//! Mallory, and what an attacker's test needs of a device.
#![allow(dead_code, clippy::unwrap_used, reason = "shared by test files that each use part of it")]

use sprout_core::{Hlc, IdeaEdited, IdeaField, IdeaId, Op, OpId, OpPayload, Role};
use sprout_sync::{FolderHub, Header, Hub, changeset_path};
use uuid::Uuid;

use super::Device;

/// What only an attacker's test needs of a device.
pub trait Attacker {
    fn problems(&self) -> String;
    fn state(&self) -> Vec<sprout_core::Idea>;
    fn forge(&mut self, hub: &FolderHub, ops: &[Op]);
    fn op(&self, entity: Uuid, payload: OpPayload) -> Op;
}

impl Attacker for Device {
    fn problems(&self) -> String {
        let lines: Vec<String> = self
            .store
            .hub_problems()
            .unwrap()
            .into_iter()
            .map(|p| format!("{}: {}", p.path, p.reason))
            .collect();
        lines.join("\n")
    }

    fn state(&self) -> Vec<sprout_core::Idea> {
        let mut ideas = self.store.ideas_newest_first().unwrap();
        ideas.sort_by_key(|i| i.id);
        ideas
    }

    /// Signs `ops` as this member's next changeset and puts it on the hub, exactly as a
    /// modified Sprout holding this member's key could.
    fn forge(&mut self, hub: &FolderHub, ops: &[Op]) {
        let hub_id = self.store.hub_value("id").unwrap().unwrap();
        let cursor = self.store.hub_cursor(self.actor()).unwrap();
        let seq = cursor.as_ref().map_or(1, |(s, _)| s + 1);
        let header = Header {
            format: sprout_sync::FORMAT_VERSION,
            hub: hub_id,
            actor: self.actor(),
            seq,
            prev_hash: cursor.map(|(_, h)| h),
            hlc_min: ops.iter().map(|o| o.hlc).min().unwrap_or(Hlc::ZERO),
            hlc_max: ops.iter().map(|o| o.hlc).max().unwrap_or(Hlc::ZERO),
            roster_epoch: 2,
            seen: Vec::new(),
        };
        let bytes = sprout_sync::encode(&header, ops, &self.key);
        hub.create(&changeset_path(self.actor(), seq), &bytes).unwrap();
        // The forger's own device moves past it, so its later honest work follows on.
        let id = sprout_sync::changeset_id(&bytes).unwrap();
        self.store.record_push(self.actor(), seq, &id, &[]).unwrap();
    }

    /// An op by this member, with an id it may use, stamped now.
    fn op(&self, entity: Uuid, payload: OpPayload) -> Op {
        let id = OpId::minted(self.actor(), Uuid::now_v7());
        let entity = if matches!(payload, OpPayload::IdeaCreated(_)) { id.0 } else { entity };
        Op {
            id,
            hlc: Hlc::new(self.store.now_millis(), 0),
            actor: self.actor(),
            entity_id: entity,
            payload,
        }
    }
}

/// A hub with an admin, a lead watching, an honest clinician and Mallory, a clinician
/// who is not honest. A new device joins later in each test to check it ends identical.
pub struct World {
    pub hub: FolderHub,
    pub _dir: tempfile::TempDir,
    pub admin: Device,
    pub lead: Device,
    pub honest: Device,
    pub mallory: Device,
}

pub fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let hub = FolderHub::create_root(dir.path().join("hub")).unwrap();
    let admin = Device::new("Ada Admin");
    sprout_sync::init(&hub, &admin.store, &admin.me(), "Test hub").unwrap();
    let (lead, honest, mallory) =
        (Device::new("Lee Lead"), Device::new("Hana Honest"), Device::new("Mallory"));
    for (device, role) in
        [(&lead, Role::Lead), (&honest, Role::Clinician), (&mallory, Role::Clinician)]
    {
        sprout_sync::join(&hub, &device.store, &device.me()).unwrap();
        sprout_sync::approve(&hub, &admin.store, &admin.key, device.actor(), role).unwrap();
    }
    let mut w = World { hub, _dir: dir, admin, lead, honest, mallory };
    w.all_sync();
    w
}

impl World {
    pub fn all_sync(&mut self) {
        for d in [&mut self.admin, &mut self.lead, &mut self.honest, &mut self.mallory] {
            d.sync(&self.hub);
        }
    }

    /// After an attack: honest work written after it still arrives at the lead and at a
    /// device joining now; both list `reason` among the hub's problems; both end identical.
    pub fn check(&mut self, reason: &str) -> Device {
        let fresh = self.check_nothing_lost();
        for device in [&self.lead, &fresh] {
            assert!(
                device.problems().contains(reason),
                "{} does not list {reason:?}:\n{}",
                device.person,
                device.problems()
            );
        }
        fresh
    }

    /// A device joining now, approved as a reviewer, not yet synced.
    pub fn newcomer(&self, person: &str) -> Device {
        let device = Device::new(person);
        sprout_sync::join(&self.hub, &device.store, &device.me()).unwrap();
        sprout_sync::approve(
            &self.hub,
            &self.admin.store,
            &self.admin.key,
            device.actor(),
            Role::Reviewer,
        )
        .unwrap();
        device
    }

    /// Honest work written now reaches the lead and a device joining now, and both end
    /// identical.
    pub fn check_nothing_lost(&mut self) -> Device {
        let later = self.honest.add("Honest work after the attack");
        self.honest.sync(&self.hub);
        self.lead.sync(&self.hub);
        let mut fresh = Device::new("Nell New");
        sprout_sync::join(&self.hub, &fresh.store, &fresh.me()).unwrap();
        sprout_sync::approve(
            &self.hub,
            &self.admin.store,
            &self.admin.key,
            fresh.actor(),
            Role::Reviewer,
        )
        .unwrap();
        fresh.sync(&self.hub);
        self.lead.sync(&self.hub);
        for device in [&self.lead, &fresh] {
            assert!(
                device.store.idea(IdeaId::from_uuid(later)).unwrap().is_some(),
                "{}: honest work stopped arriving",
                device.person
            );
        }
        assert_eq!(self.lead.state(), fresh.state(), "devices differ after the attack");
        fresh
    }
}

pub fn edit(set: &[(IdeaField, &str)]) -> OpPayload {
    OpPayload::IdeaEdited(IdeaEdited {
        set: set.iter().map(|(f, v)| (*f, (*v).to_owned())).collect(),
        ..Default::default()
    })
}

/// A signed changeset of `ops` (any JSON, as a hostile or newer Sprout might write) at
/// `device`'s next number, which its own device then moves past.
pub fn forge_raw(device: &mut Device, hub: &FolderHub, ops: &[serde_json::Value], at: Hlc) {
    let hub_id = device.store.hub_value("id").unwrap().unwrap();
    let cursor = device.store.hub_cursor(device.actor()).unwrap();
    let seq = cursor.as_ref().map_or(1, |(s, _)| s + 1);
    let header = Header {
        format: sprout_sync::FORMAT_VERSION,
        hub: hub_id,
        actor: device.actor(),
        seq,
        prev_hash: cursor.map(|(_, h)| h),
        hlc_min: at,
        hlc_max: at,
        roster_epoch: 2,
        seen: Vec::new(),
    };
    let bytes = sprout_sync::encode(&header, ops, &device.key);
    hub.create(&changeset_path(device.actor(), seq), &bytes).unwrap();
    let id = sprout_sync::changeset_id(&bytes).unwrap();
    device.store.record_push(device.actor(), seq, &id, &[]).unwrap();
}

/// `n` signed ops of a kind this Sprout does not know, by `device`, about `entity`.
pub fn unknown_ops(device: &Device, entity: Uuid, n: usize, at: Hlc) -> Vec<serde_json::Value> {
    let actor = device.actor();
    (0..n)
        .map(|i| {
            serde_json::json!({
                "id": OpId::minted(actor, Uuid::now_v7()),
                "hlc": at, "actor": actor, "entity_id": entity,
                "payload": {"type": "from_the_future", "n": i}
            })
        })
        .collect()
}
