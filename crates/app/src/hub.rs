//! Sharing through a hub: founding or joining one, approving and revoking people,
//! syncing, and the conflicts and refused files a lead needs to see.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use specta::Type;
use sprout_core::{ActorId, IdeaField, IdeaId, Role};
use sprout_store::{DB_FILE_NAME, Store};
use sprout_sync::{ActorKey, Hub, Identity, SyncReport};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

pub(crate) const PERSON: &str = "person";
pub(crate) const SITE: &str = "site";

#[derive(Clone, Debug, Serialize, Type)]
pub struct HubSummary {
    pub hub: String,
    pub name: String,
    pub location: String,
}

#[derive(Clone, Debug, Serialize, Type)]
pub struct MemberView {
    pub actor: String,
    pub person: String,
    pub site: String,
    pub roles: Vec<Role>,
    pub revoked: bool,
    /// Whether a lead may ask them to score an idea (a member in force, beyond clinician).
    pub may_be_asked_to_review: bool,
    /// When the newest work from this person's PC that this PC holds was done (RFC 3339):
    /// how recently their PC synced, as far as anyone here can tell.
    pub last_work: Option<String>,
}

/// This device's place on its hub, for the Sharing screen.
#[derive(Clone, Debug, Serialize, Type)]
pub struct SharingView {
    pub hub_name: Option<String>,
    pub location: Option<String>,
    /// The hub in this PC's own data folder, used until it joins a shared one.
    pub on_this_pc_only: bool,
    pub roles: Vec<Role>,
    pub person: String,
    pub site: String,
    /// This person and device, as ideas' `submitted_by` names them.
    pub actor: String,
    /// What they may do, by the rules the admission gate applies (a PC that has not
    /// joined a shared hub is its own hub's admin).
    pub may: sprout_core::Capabilities,
    /// The roster gives them a role beyond clinician that stays locked on this PC until
    /// they give their passphrase.
    pub roles_locked: bool,
    /// An admin revoked this device's access to the hub.
    pub revoked: bool,
    /// A short fingerprint of this person's signing key, to read to the admin who
    /// approves them; `None` until their key is made.
    pub fingerprint: Option<String>,
}

#[derive(Clone, Debug, Serialize, Type)]
pub struct JoinRequestView {
    pub actor: String,
    pub person: String,
    pub site: String,
    pub requested_at: String,
    /// The requesting key's fingerprint: compare it with the one the requesting PC shows
    /// before approving, so a request planted in someone's name is not let in.
    pub fingerprint: String,
}

#[derive(Clone, Debug, Serialize, Type)]
pub struct ConflictView {
    pub idea: IdeaId,
    pub title: String,
    pub field: IdeaField,
    /// The competing values, the one shown now first.
    pub versions: Vec<ConflictVersion>,
}

#[derive(Clone, Debug, Serialize, Type)]
pub struct ConflictVersion {
    pub value: String,
    pub actor: String,
    pub written_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, Type)]
pub struct ProblemView {
    pub path: String,
    pub reason: String,
    pub first_seen: DateTime<Utc>,
}

impl Sprout {
    /// The acting person's key, for what only a lead or admin may do: they must hold the
    /// role on this PC, which needs a key sealed since it was made and unlocked now.
    fn elevated_key(&self, action: &str) -> Result<Arc<ActorKey>, AppError> {
        let key = self.key()?;
        let store = self.store()?;
        let in_force = self.roles(&store)?;
        if in_force.contains(&Role::Admin) || in_force.contains(&Role::Lead) {
            return Ok(key);
        }
        let name = self.name_of(&store, store.actor())?;
        Err(if store.is_sealed(store.actor())? {
            AppError::new(ErrorCode::PassphraseNeeded, format!("unlock as {name} to {action}"))
        } else {
            AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "only an admin or lead may {action}, and only with a key sealed with their \
                     passphrase since it was made; {name}'s key has none. Add yourself to this \
                     PC again, with a passphrase"
                ),
            )
        })
    }

    /// The acting person's signing key, created owner-only in the data folder on first use.
    fn key(&self) -> Result<Arc<ActorKey>, AppError> {
        if self.data_dir().is_none() {
            return Err(AppError::new(ErrorCode::DataDir, "an in-memory Sprout cannot use a hub"));
        }
        let store = self.store()?;
        self.key_of(&store, store.actor())?.ok_or_else(|| {
            AppError::new(ErrorCode::PassphraseNeeded, "unlock with your passphrase first")
        })
    }

    /// Whether this PC shares with nobody: no hub yet, or only the one in its own data
    /// folder.
    pub(crate) fn on_this_pc_only(&self, store: &Store) -> Result<bool, AppError> {
        let location = store.hub_value("location")?;
        let own_hub = self.data_dir().map(|d| d.join("hub"));
        Ok(match (&location, &own_hub) {
            (None, _) => true,
            (Some(loc), Some(own)) => Path::new(loc) == own.as_path(),
            (Some(_), None) => false,
        })
    }

    /// Where this device shares its work, and as whom.
    pub fn sharing(&self) -> Result<SharingView, AppError> {
        let store = self.store()?;
        let me = store.actor();
        // Only a name someone gave, or the PC's user: never a placeholder to type over.
        let person = match store.local_person(me)? {
            Some(p) => p.person,
            None => store.setting(PERSON)?.unwrap_or_default(),
        };
        let site = self.site_of(&store, me)?;
        let location = store.hub_value("location")?;
        let on_this_pc_only = self.on_this_pc_only(&store)?;
        let in_force = self.roles(&store)?;
        let may = sprout_core::capabilities(&in_force, me);
        // The roster's roles (none while waiting for approval), less any still locked.
        let roster = crate::people::roster_roles(&store, me)?;
        let roles_locked = roster.iter().any(|r| !in_force.contains(r));
        let roles: Vec<Role> = roster.into_iter().filter(|r| in_force.contains(r)).collect();
        Ok(SharingView {
            hub_name: store.hub_value("name")?,
            location,
            on_this_pc_only,
            roles,
            person,
            site,
            actor: me.to_string(),
            may,
            roles_locked,
            revoked: store
                .hub_value(&sprout_sync::revoked_key(me))?
                .or(if me == store.device_actor()? { store.hub_value("revoked")? } else { None })
                .is_some_and(|v| !v.is_empty()),
            fingerprint: store
                .setting(&format!("key.{me}"))?
                .and_then(|k| sprout_sync::PublicKey::try_from(k).ok())
                .map(|k| k.fingerprint()),
        })
    }

    /// Joins a shared hub as `person` at `site`, then syncs at once so the join request
    /// is on the hub for an admin or lead to see.
    pub fn join_shared_hub(
        &self,
        path: &Path,
        person: &str,
        site: &str,
    ) -> Result<HubSummary, AppError> {
        if person.trim().is_empty() {
            return Err(AppError::new(ErrorCode::Empty, "enter your name, as colleagues know you"));
        }
        self.set_identity(Some(person), Some(site))?;
        let summary = self.hub_join(path)?;
        self.changed();
        Ok(summary)
    }

    /// This device's actor id: one person on this install.
    pub fn actor(&self) -> Result<String, AppError> {
        Ok(self.store()?.actor().to_string())
    }

    /// The name and site this PC's first person is known by on the hub (people enrolled
    /// later give theirs when they are added). Naming them this way, when joining a hub,
    /// answers the first run's question too, for a clinician.
    pub fn set_identity(&self, person: Option<&str>, site: Option<&str>) -> Result<(), AppError> {
        let store = self.store()?;
        for (key, value) in [(PERSON, person), (SITE, site)] {
            if let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) {
                store.set_setting(key, Some(v))?;
            }
        }
        Ok(())
    }

    /// The acting person: actor, name and site.
    fn identity_parts(&self) -> Result<(ActorId, String, String), AppError> {
        let store = self.store()?;
        let me = store.actor();
        Ok((me, self.name_of(&store, me)?, self.site_of(&store, me)?))
    }

    /// A store for work that reads or writes the hub: a connection of its own where the
    /// data is on disk, so a slow share never holds the lock every window command waits on.
    fn hub_store(&self) -> Result<HubStore<'_>, AppError> {
        Ok(match self.data_dir() {
            Some(dir) => HubStore::Own(Box::new(Store::open(&dir.join(DB_FILE_NAME))?)),
            None => HubStore::Shared(self.store()?),
        })
    }

    pub(crate) fn hub(&self) -> Result<Box<dyn Hub>, AppError> {
        let location = self.store()?.hub_value("location")?;
        let location = location.ok_or_else(|| AppError::from(sprout_sync::Error::NoHub))?;
        Ok(sprout_sync::open_hub(&location)?)
    }

    /// Founds a hub in `path` (created if needed); the acting person is its first admin,
    /// so they must have unlocked a key sealed with their passphrase since it was made.
    pub fn hub_init(&self, path: &Path, name: &str) -> Result<HubSummary, AppError> {
        let key = self.elevated_key("found a hub")?;
        self.found_hub(path, name, &key)
    }

    fn found_hub(&self, path: &Path, name: &str, key: &ActorKey) -> Result<HubSummary, AppError> {
        let hub = sprout_sync::create_hub(&path.to_string_lossy())?;
        let (actor, person, site) = self.identity_parts()?;
        let me = Identity { actor, key, person: &person, site: &site };
        let info = sprout_sync::init(&*hub, &*self.hub_store()?, &me, name)?;
        Ok(HubSummary { hub: info.hub, name: info.name, location: hub.location() })
    }

    /// Joins the hub in `path` and asks to be let in. Work done meanwhile stays local.
    pub fn hub_join(&self, path: &Path) -> Result<HubSummary, AppError> {
        let hub = sprout_sync::open_hub(&path.to_string_lossy())?;
        let key = self.key()?;
        let (actor, person, site) = self.identity_parts()?;
        let me = Identity { actor, key: &key, person: &person, site: &site };
        let info = sprout_sync::join(&*hub, &*self.hub_store()?, &me)?;
        Ok(HubSummary { hub: info.hub, name: info.name, location: hub.location() })
    }

    pub fn hub_requests(&self) -> Result<Vec<JoinRequestView>, AppError> {
        let hub = self.hub()?;
        let pending = sprout_sync::pending_requests(&*hub, &*self.hub_store()?)?;
        Ok(pending
            .into_iter()
            .map(|(r, key)| JoinRequestView {
                actor: r.actor.to_string(),
                person: r.person,
                site: r.site,
                requested_at: r.requested_at,
                fingerprint: key.fingerprint(),
            })
            .collect())
    }

    pub fn hub_approve(&self, actor: ActorId, role: Role) -> Result<(), AppError> {
        let (hub, key) = (self.hub()?, self.elevated_key("approve people")?);
        sprout_sync::approve(&*hub, &*self.hub_store()?, &key, actor, role)?;
        Ok(())
    }

    pub fn hub_revoke(&self, actor: ActorId) -> Result<(), AppError> {
        let (hub, key) = (self.hub()?, self.elevated_key("revoke people")?);
        sprout_sync::revoke(&*hub, &mut *self.hub_store()?, &key, actor)?;
        Ok(())
    }

    pub fn hub_members(&self) -> Result<Vec<MemberView>, AppError> {
        let hub = self.hub()?;
        let roster = sprout_sync::members(&*hub, &*self.hub_store()?)?;
        let store = self.store()?;
        roster
            .members
            .into_values()
            .map(|m| {
                let last_work = store.latest_work_of(&m.actor.to_string())?.map(|millis| {
                    chrono::DateTime::from_timestamp_millis(
                        i64::try_from(millis).unwrap_or(i64::MAX),
                    )
                    .unwrap_or_default()
                    .to_rfc3339()
                });
                Ok(MemberView {
                    actor: m.actor.to_string(),
                    person: m.person,
                    site: m.site,
                    may_be_asked_to_review: m.revoked_after.is_none()
                        && sprout_core::may_be_asked_to_review(&m.roles),
                    roles: m.roles.into_iter().collect(),
                    revoked: m.revoked_after.is_some(),
                    last_work,
                })
            })
            .collect()
    }

    /// The folder of this device's hub, for watching.
    pub fn hub_folder(&self) -> Option<PathBuf> {
        let location = self.store().ok()?.hub_value("location").ok().flatten()?;
        (!sprout_sync::is_url(&location)).then(|| PathBuf::from(location))
    }

    pub fn hub_name(&self) -> Result<Option<String>, AppError> {
        Ok(self.store()?.hub_value("name")?)
    }

    /// Pushes this device's new work and pulls everyone else's. A device that has joined
    /// no hub gets its own, in its data folder, so a single PC works with no set-up and
    /// its history is ready to push when it joins a shared hub.
    pub fn sync(&self) -> Result<SyncReport, AppError> {
        self.sync_with_progress(&mut |_| {})
    }

    /// Makes the next sync the full check: every log and file on the hub read again.
    pub fn request_full_check(&self) -> Result<(), AppError> {
        sprout_sync::request_full_check(&*self.store()?)?;
        Ok(())
    }

    /// [`Sprout::sync`], telling `progress` the report so far as changesets are applied.
    ///
    /// Syncs through a database connection of its own, so a long first pull never makes
    /// the window wait: the person goes on reading and typing, and each changeset is a
    /// short transaction of its own.
    pub fn sync_with_progress(
        &self,
        progress: &mut dyn FnMut(&SyncReport),
    ) -> Result<SyncReport, AppError> {
        if self.store()?.hub_value("id")?.is_none()
            && let Some(dir) = self.data_dir()
        {
            // Nobody to share as yet: the first run has not said who uses this PC.
            if self.require_named(&*self.store()?).is_err() {
                return Ok(SyncReport::default());
            }
            // The PC's own hub is founded by its first person, in whatever role is theirs:
            // its roster stays on this PC until the PC joins a shared hub.
            let key = self.key()?;
            self.found_hub(&dir.join("hub"), "This PC", &key)?;
        }
        let hub = self.hub()?;
        let people = self.people_with_keys()?;
        let identities: Vec<Identity<'_>> = people
            .iter()
            .map(|p| Identity { actor: p.actor, key: &p.key, person: &p.person, site: &p.site })
            .collect();
        let mut own = match self.data_dir() {
            Some(dir) => Some(Store::open(&dir.join(DB_FILE_NAME))?),
            None => None,
        };
        let mut once = |progress: &mut dyn FnMut(&SyncReport)| -> Result<SyncReport, AppError> {
            Ok(match &mut own {
                Some(own) => sprout_sync::sync_with_progress(&*hub, own, &identities, progress)?,
                None => {
                    let mut store = self.store()?;
                    sprout_sync::sync_with_progress(&*hub, &mut store, &identities, progress)?
                }
            })
        };
        let mut report = once(progress)?;
        if self.let_in_people_on_this_pc(&*hub)? {
            report = once(progress)?;
        }
        // A lead's PC seals confidential amounts again when the leads have changed, so a
        // lead approved since reads them; the new seals go out now.
        if self.reseal_after_sync() > 0 {
            report.pushed += once(progress)?.pushed;
        }
        report.approved_other_key |= self.other_key_approved()?;
        Ok(report)
    }

    /// Whether the hub's roster lists the person using Sprout under a key that is not
    /// theirs (a swapped join request someone approved). Asked of the public key kept
    /// here, so it is said even while their own key is locked.
    fn other_key_approved(&self) -> Result<bool, AppError> {
        let store = self.store()?;
        let me = store.actor();
        let Some(roster) = sprout_sync::followed_roster(&store)? else { return Ok(false) };
        let Some(member) = roster.members.get(&me) else { return Ok(false) };
        let mine = store
            .setting(&format!("key.{me}"))?
            .and_then(|k| sprout_sync::PublicKey::try_from(k).ok());
        let other = mine.is_some_and(|k| k != member.key);
        if other {
            store.record_hub_problem(&sprout_sync::request_path(me), sprout_sync::OTHER_KEY)?;
        }
        Ok(other)
    }

    /// On a PC working alone, the people added to it are let in to its own hub by its first
    /// person (when their key is at hand), as clinicians: there is nobody else to ask.
    /// Returns whether anyone was let in.
    fn let_in_people_on_this_pc(&self, hub: &dyn Hub) -> Result<bool, AppError> {
        if !self.sharing()?.on_this_pc_only {
            return Ok(false);
        }
        let store = self.store()?;
        let device = store.device_actor()?;
        let Some(key) = self.key_of(&store, device)? else { return Ok(false) };
        let mut let_in = false;
        for (request, _) in sprout_sync::pending_requests(hub, &store)? {
            if store.is_local(request.actor)? {
                sprout_sync::approve(hub, &store, &key, request.actor, Role::Clinician)?;
                let_in = true;
            }
        }
        Ok(let_in)
    }

    /// The people on this PC whose keys are at hand, the acting person first: each pushes
    /// their own work. A sealed key nobody has unlocked this session keeps its owner's
    /// work on the PC until they next unlock.
    fn people_with_keys(&self) -> Result<Vec<Signer>, AppError> {
        let store = self.store()?;
        let me = store.actor();
        let mut actors = crate::people::local_actors(&store)?;
        actors.sort_by_key(|a| *a != me);
        let mut people = Vec::new();
        for actor in actors {
            if let Some(key) = self.key_of(&store, actor)? {
                let (person, site) = (self.name_of(&store, actor)?, self.site_of(&store, actor)?);
                people.push(Signer { actor, key, person, site });
            }
        }
        Ok(people)
    }

    /// Writes a snapshot so new devices start from it instead of replaying every
    /// changeset. Leads and admins only. Returns the snapshot's number.
    pub fn hub_snapshot(&self) -> Result<u64, AppError> {
        let (hub, key) = (self.hub()?, self.elevated_key("write a snapshot")?);
        Ok(sprout_sync::write_snapshot(&*hub, &*self.hub_store()?, &key)?)
    }

    /// Checks every file on a hub (this device's, or the one at `path`); one line per problem.
    pub fn hub_verify(&self, path: Option<&Path>) -> Result<Vec<String>, AppError> {
        let hub = match path {
            Some(p) => sprout_sync::open_hub(&p.to_string_lossy())?,
            None => self.hub()?,
        };
        Ok(sprout_sync::verify(&*hub)?)
    }

    /// Fields two people changed without seeing each other's change.
    pub fn conflicts(&self) -> Result<Vec<ConflictView>, AppError> {
        let store = self.store()?;
        let mut views = Vec::new();
        for c in store.conflicts()? {
            let title = store.idea(c.idea)?.map(|i| i.title).unwrap_or_default();
            let versions = c
                .versions
                .into_iter()
                .map(|(v, value)| ConflictVersion {
                    value,
                    actor: v.actor.to_string(),
                    written_at: hlc_time(v.hlc.millis()),
                })
                .collect();
            views.push(ConflictView { idea: c.idea, title, field: c.field, versions });
        }
        Ok(views)
    }

    /// Files and ops the hub offered that were refused or held back.
    pub fn hub_problems(&self) -> Result<Vec<ProblemView>, AppError> {
        Ok(self
            .store()?
            .hub_problems()?
            .into_iter()
            .map(|p| ProblemView { path: p.path, reason: p.reason, first_seen: p.first_seen })
            .collect())
    }
}

pub(crate) fn parse_actor(raw: &str) -> Result<ActorId, AppError> {
    uuid::Uuid::parse_str(raw.trim()).map(ActorId).map_err(|_| {
        AppError::new(
            ErrorCode::NotAnId,
            format!("{raw:?} is not an actor id (see `sprout hub requests`)"),
        )
    })
}

/// A person on this PC whose key is at hand for signing what they did.
struct Signer {
    actor: ActorId,
    key: Arc<ActorKey>,
    person: String,
    site: String,
}

fn hlc_time(millis: u64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(i64::try_from(millis).unwrap_or(i64::MAX)).unwrap_or_default()
}

/// See [`Sprout::hub_store`].
enum HubStore<'a> {
    Own(Box<Store>),
    Shared(std::sync::MutexGuard<'a, Store>),
}

impl std::ops::Deref for HubStore<'_> {
    type Target = Store;

    fn deref(&self) -> &Store {
        match self {
            HubStore::Own(store) => store,
            HubStore::Shared(guard) => guard,
        }
    }
}

impl std::ops::DerefMut for HubStore<'_> {
    fn deref_mut(&mut self) -> &mut Store {
        match self {
            HubStore::Own(store) => store,
            HubStore::Shared(guard) => guard,
        }
    }
}
