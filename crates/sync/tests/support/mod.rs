//! A device for the sync tests: a real SQLite store and signing key in a folder of its
//! own, one person using it.
#![allow(dead_code, clippy::unwrap_used, reason = "shared by test files that each use part of it")]

use std::collections::BTreeMap;

use sprout_core::{ActorId, IdeaEdited, IdeaField, IdeaId, NewIdea, OpPayload, validate_new_idea};
use sprout_store::{Admission, Store};
use sprout_sync::{ActorKey, Hub, Identity, SyncReport};
use uuid::Uuid;

pub mod hostile;

pub struct Device {
    pub store: Store,
    pub key: ActorKey,
    pub person: String,
    pub dir: tempfile::TempDir,
}

impl Device {
    pub fn new(person: &str) -> Device {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("sprout.db")).unwrap();
        let key = ActorKey::load_or_create(&dir.path().join("keys/actor.key")).unwrap();
        Device { store, key, person: person.into(), dir }
    }

    pub fn me(&self) -> Identity<'_> {
        Identity { actor: self.store.actor(), key: &self.key, person: &self.person, site: "Ward 7" }
    }

    pub fn actor(&self) -> ActorId {
        self.store.actor()
    }

    pub fn sync(&mut self, hub: &dyn Hub) -> SyncReport {
        self.try_sync(hub).unwrap()
    }

    /// The full check: every log and file read again, so a test sees at once what a PC
    /// sees within a day.
    pub fn try_sync(&mut self, hub: &dyn Hub) -> sprout_sync::Result<SyncReport> {
        sprout_sync::request_full_check(&self.store)?;
        self.try_quiet_sync(hub)
    }

    /// A sync as a PC makes it every 30 seconds: only what the hub's news names.
    pub fn quiet_sync(&mut self, hub: &dyn Hub) -> SyncReport {
        self.try_quiet_sync(hub).unwrap()
    }

    pub fn try_quiet_sync(&mut self, hub: &dyn Hub) -> sprout_sync::Result<SyncReport> {
        let me = Identity {
            actor: self.store.actor(),
            key: &self.key,
            person: &self.person,
            site: "Ward 7",
        };
        sprout_sync::sync(hub, &mut self.store, &me)
    }

    pub fn add(&mut self, title: &str) -> Uuid {
        self.add_tagged(title, &[])
    }

    pub fn add_tagged(&mut self, title: &str, tags: &[&str]) -> Uuid {
        let new = NewIdea {
            title: title.into(),
            problem: "A problem".into(),
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..Default::default()
        };
        let created = validate_new_idea(&new, &self.person).unwrap();
        let op =
            self.store.commit(Uuid::nil(), OpPayload::IdeaCreated(created), Admission::admin());
        op.unwrap().entity_id
    }

    pub fn retitle(&mut self, id: Uuid, title: &str) {
        let edit = IdeaEdited {
            set: BTreeMap::from([(IdeaField::Title, title.into())]),
            ..Default::default()
        };
        self.store.commit(id, OpPayload::IdeaEdited(edit), Admission::admin()).unwrap();
    }

    pub fn title(&self, id: Uuid) -> Option<String> {
        self.store.idea(IdeaId::from_uuid(id)).unwrap().map(|i| i.title)
    }
}
