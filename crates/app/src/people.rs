//! The people who share one PC. Each is an actor of their own with their own signing key,
//! so their ideas, drafts and decisions are theirs alone. Switching is quick for
//! clinicians. A role beyond clinician is in force only for a key that was sealed with its
//! person's passphrase when it was made, and only once they unlock it: picking a lead's
//! name is not enough to act as the lead, and nobody can choose a passphrase for another.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use specta::Type;
use sprout_core::{ActorId, Role};
use sprout_store::Store;
use sprout_sync::ActorKey;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

/// Remembers who was acting, so a restart returns to them (never to someone who needs a
/// passphrase: their session ends with the app).
const ACTING: &str = "acting_person";
const MAX_NAME_CHARS: usize = 100;

/// One person on this PC, for the person switcher.
#[derive(Clone, Debug, Serialize, Type)]
pub struct PersonView {
    pub actor: String,
    pub person: String,
    pub site: String,
    /// Their roles on the hub, as of the last sync: none until they are approved.
    pub roles: Vec<Role>,
    /// Whether they are the one using Sprout now.
    pub acting: bool,
    /// Whether their key is sealed with a passphrase of theirs.
    pub has_passphrase: bool,
    /// Switching to them asks for their passphrase.
    pub needs_passphrase: bool,
    /// They have a role beyond clinician that is not in force until they unlock.
    pub locked: bool,
    /// The hub gives them a role beyond clinician, but their key was made without a
    /// passphrase, so on this PC they act as a clinician: to review, lead or administer
    /// here they are added again, with a passphrase, and approved in that role.
    pub key_without_passphrase: bool,
    /// Their signing key's short fingerprint: what an admin approving them compares with
    /// the one `hub requests` shows.
    pub fingerprint: Option<String>,
}

impl Sprout {
    /// Everyone on this PC, the person who set it up first.
    pub fn people(&self) -> Result<Vec<PersonView>, AppError> {
        let store = self.store()?;
        let mut views = Vec::new();
        for actor in local_actors(&store)? {
            views.push(self.person_view(&store, actor)?);
        }
        Ok(views)
    }

    /// The first run: says who is using Sprout on this PC. With a passphrase their key is
    /// made sealed with it, so they may lead or administer here (until the PC joins a
    /// shared hub, they are its own hub's admin); without one they are a clinician.
    pub fn start_using(
        &self,
        name: &str,
        site: &str,
        passphrase: Option<&str>,
    ) -> Result<PersonView, AppError> {
        let name = check_name(name)?;
        let site = check_site(site)?;
        let passphrase = passphrase.filter(|p| !p.is_empty());
        let store = self.store()?;
        if store.setting(crate::hub::PERSON)?.is_some() {
            return Err(AppError::new(
                ErrorCode::AlreadyEnrolled,
                "Sprout already knows who set this PC up: add someone else from the people list",
            ));
        }
        let device = store.device_actor()?;
        if let Some(p) = passphrase {
            self.new_sealed_key(&store, device, p)?;
        }
        store.set_setting(crate::hub::PERSON, Some(&name))?;
        if !site.is_empty() {
            store.set_setting(crate::hub::SITE, Some(&site))?;
        }
        let view = self.person_view(&store, device)?;
        drop(store);
        self.changed();
        Ok(view)
    }

    /// Enrols someone on this PC and switches to them. With a passphrase their key is
    /// sealed from the start, as it must be for anyone who will review, lead or administer.
    pub fn add_person(&self, name: &str, passphrase: Option<&str>) -> Result<PersonView, AppError> {
        let name = check_name(name)?;
        let passphrase = passphrase.filter(|p| !p.is_empty());
        if let Some(p) = passphrase {
            sprout_sync::check_new_passphrase(p)?;
        }
        let mut store = self.store()?;
        self.require_named(&store)?;
        for actor in local_actors(&store)? {
            if self.name_of(&store, actor)?.to_lowercase() == name.to_lowercase() {
                return Err(AppError::new(
                    ErrorCode::AlreadyEnrolled,
                    format!("{name} is already on this PC: pick them from the list"),
                ));
            }
        }
        let site = self.site_of(&store, store.actor())?;
        let actor = store.enrol_person(&name, &site)?;
        match passphrase {
            Some(p) => {
                self.new_sealed_key(&store, actor, p)?;
            }
            None => {
                self.plain_key(&store, actor)?;
            }
        }
        self.act(&mut store, actor)?;
        let view = self.person_view(&store, actor)?;
        drop(store);
        self.changed();
        Ok(view)
    }

    /// Switches to another person on this PC (or unlocks the acting one). A person whose
    /// key is sealed gives their passphrase. `who` is their actor id or their name.
    pub fn switch_person(
        &self,
        who: &str,
        passphrase: Option<&str>,
    ) -> Result<PersonView, AppError> {
        self.become_person(who, passphrase, true)
    }

    /// [`Sprout::switch_person`] for this process only (the CLI's `--as`): who acts
    /// when Sprout next starts is left as it was.
    pub fn act_as_person(
        &self,
        who: &str,
        passphrase: Option<&str>,
    ) -> Result<PersonView, AppError> {
        self.become_person(who, passphrase, false)
    }

    fn become_person(
        &self,
        who: &str,
        passphrase: Option<&str>,
        remember: bool,
    ) -> Result<PersonView, AppError> {
        let mut store = self.store()?;
        let actor = self.find_person(&store, who)?;
        let passphrase = passphrase.filter(|p| !p.is_empty());
        // A key made without a passphrase is never sealed later: whoever sealed it would
        // hold its roles, and on a shared PC that may not be its person.
        if store.is_sealed(actor)? {
            let Some(p) = passphrase else {
                let name = self.name_of(&store, actor)?;
                return Err(AppError::new(
                    ErrorCode::PassphraseNeeded,
                    format!("enter {name}'s passphrase"),
                ));
            };
            let bytes = std::fs::read(self.sealed_key_path(actor)?).map_err(|e| {
                AppError::new(ErrorCode::Storage, format!("cannot read the sealed key: {e}"))
            })?;
            let key = ActorKey::unseal(&bytes, p)?;
            self.unlocked().insert(actor, Arc::new(key));
        }
        if remember {
            self.act(&mut store, actor)?;
        } else {
            store.act_as(actor)?;
        }
        let view = self.person_view(&store, actor)?;
        drop(store);
        self.changed();
        Ok(view)
    }

    /// Restores the person acting when the app last closed, unless their session needed
    /// a passphrase: then the PC's first person acts until someone switches.
    pub(crate) fn resume_acting(&self) -> Result<(), AppError> {
        let mut store = self.store()?;
        let Some(raw) = store.setting(ACTING)? else { return Ok(()) };
        let Ok(actor) = crate::hub::parse_actor(&raw) else { return Ok(()) };
        if store.is_local(actor)? && !store.is_sealed(actor)? {
            store.act_as(actor)?;
        }
        Ok(())
    }

    fn find_person(&self, store: &Store, who: &str) -> Result<ActorId, AppError> {
        let who = who.trim();
        if let Ok(actor) = crate::hub::parse_actor(who) {
            return if store.is_local(actor)? {
                Ok(actor)
            } else {
                Err(sprout_store::Error::NotLocalPerson(actor).into())
            };
        }
        for actor in local_actors(store)? {
            if self.name_of(store, actor)?.to_lowercase() == who.to_lowercase() {
                return Ok(actor);
            }
        }
        Err(AppError::new(ErrorCode::NotFound, format!("nobody called {who:?} is on this PC")))
    }

    fn act(&self, store: &mut Store, actor: ActorId) -> Result<(), AppError> {
        store.act_as(actor)?;
        let remembered = (!store.is_sealed(actor)?).then(|| actor.to_string());
        store.set_setting(ACTING, remembered.as_deref())?;
        Ok(())
    }

    /// What the acting person may do. A role beyond clinician is in force only for a key
    /// sealed with its person's passphrase since it was made, and only once they have
    /// unlocked it this session. (A throw-away in-memory Sprout has no keys to seal: its
    /// one person is its admin.)
    pub(crate) fn roles(&self, store: &Store) -> Result<BTreeSet<Role>, AppError> {
        let actor = store.actor();
        let held = held_roles(store, actor)?;
        if held.iter().all(|r| *r == Role::Clinician) || self.data_dir().is_none() {
            return Ok(held);
        }
        let unlocked = store.is_sealed(actor)? && self.unlocked().contains_key(&actor);
        Ok(if unlocked { held } else { BTreeSet::from([Role::Clinician]) })
    }

    fn person_view(&self, store: &Store, actor: ActorId) -> Result<PersonView, AppError> {
        let held = held_roles(store, actor)?;
        let roster = roster_roles(store, actor)?;
        // Only a role a shared hub's roster gives counts here: a PC working alone makes
        // its first person its own hub's admin, but a clinician who chose no passphrase
        // is told nothing about a role they never asked for.
        let elevated =
            roster.iter().any(|r| *r != Role::Clinician) && !self.on_this_pc_only(store)?;
        let sealed = store.is_sealed(actor)?;
        let effective = if actor == store.actor() { self.roles(store)? } else { held.clone() };
        Ok(PersonView {
            actor: actor.to_string(),
            person: self.name_of(store, actor)?,
            site: self.site_of(store, actor)?,
            acting: actor == store.actor(),
            has_passphrase: sealed,
            needs_passphrase: sealed,
            locked: actor == store.actor() && sealed && effective != held,
            key_without_passphrase: elevated && !sealed && self.data_dir().is_some(),
            roles: roster.into_iter().collect(),
            fingerprint: store
                .setting(&format!("key.{actor}"))?
                .and_then(|k| sprout_sync::PublicKey::try_from(k).ok())
                .map(|k| k.fingerprint()),
        })
    }

    /// A person's name: as enrolled, or for the PC's first person as they gave it when
    /// Sprout first ran (empty until then: nothing is credited to nobody).
    pub(crate) fn name_of(&self, store: &Store, actor: ActorId) -> Result<String, AppError> {
        if let Some(p) = store.local_person(actor)? {
            return Ok(p.person);
        }
        Ok(store.setting(crate::hub::PERSON)?.unwrap_or_default())
    }

    /// Refuses work until Sprout knows who is doing it.
    pub(crate) fn require_named(&self, store: &Store) -> Result<(), AppError> {
        if self.name_of(store, store.actor())?.is_empty() {
            return Err(AppError::new(
                ErrorCode::WhoNeeded,
                "say who is using Sprout on this PC first: your name and site",
            ));
        }
        Ok(())
    }

    pub(crate) fn site_of(&self, store: &Store, actor: ActorId) -> Result<String, AppError> {
        if let Some(p) = store.local_person(actor)? {
            return Ok(p.site);
        }
        Ok(store.setting(crate::hub::SITE)?.unwrap_or_default())
    }

    /// The acting person's name, as new ideas and comments are credited.
    pub(crate) fn author(&self) -> Result<String, AppError> {
        let store = self.store()?;
        self.require_named(&store)?;
        self.name_of(&store, store.actor())
    }

    /// A person's signing key if it is at hand: unsealed on disk, or unlocked this session.
    pub(crate) fn key_of(
        &self,
        store: &Store,
        actor: ActorId,
    ) -> Result<Option<Arc<ActorKey>>, AppError> {
        if store.is_sealed(actor)? {
            return Ok(self.unlocked().get(&actor).cloned());
        }
        Ok(Some(Arc::new(self.plain_key(store, actor)?)))
    }

    /// A person's unsealed key, made the first time it is needed. Once made, a missing key
    /// is an error naming the file: a new key would make this person a stranger to the hub
    /// and to their own history.
    fn plain_key(&self, store: &Store, actor: ActorId) -> Result<ActorKey, AppError> {
        let path = self.plain_key_path(store, actor)?;
        let made = format!("key.{actor}");
        let known = store.setting(&made)?.is_some() || store.hub_cursor(actor)?.is_some();
        if known && !path.exists() {
            return Err(AppError::new(
                ErrorCode::DataMissing,
                format!(
                    "the signing key {} of {} is missing; restore it from a backup of this \
                     PC's Sprout data folder. Sprout will not make a new one: the hub would \
                     not know it",
                    path.display(),
                    self.name_of(store, actor)?
                ),
            ));
        }
        let key = ActorKey::load_or_create(&path)?;
        if store.setting(&made)?.is_none() {
            store.set_setting(&made, Some(&key.public().to_string()))?;
        }
        Ok(key)
    }

    /// A new key for `actor`, sealed with `passphrase` before it ever touches the disk,
    /// and unlocked for this session. A person whose key exists already keeps it.
    fn new_sealed_key(
        &self,
        store: &Store,
        actor: ActorId,
        passphrase: &str,
    ) -> Result<(), AppError> {
        let made = format!("key.{actor}");
        let plain = self.plain_key_path(store, actor)?;
        if store.setting(&made)?.is_some() || plain.exists() {
            return Err(AppError::new(
                ErrorCode::NotAllowed,
                format!(
                    "{}'s key was made without a passphrase, and a key is never sealed \
                     afterwards: add them again, with a passphrase",
                    self.name_of(store, actor)?
                ),
            ));
        }
        let key = ActorKey::generate()?;
        key.seal_to(passphrase, &self.sealed_key_path(actor)?, &plain)?;
        store.mark_sealed(actor)?;
        store.set_setting(&made, Some(&key.public().to_string()))?;
        self.unlocked().insert(actor, Arc::new(key));
        Ok(())
    }

    fn plain_key_path(&self, store: &Store, actor: ActorId) -> Result<PathBuf, AppError> {
        // The PC's first person keeps the file name every earlier Sprout used.
        let name = if actor == store.device_actor()? {
            "actor.key".into()
        } else {
            format!("{actor}.key")
        };
        Ok(self.keys_dir()?.join(name))
    }

    fn sealed_key_path(&self, actor: ActorId) -> Result<PathBuf, AppError> {
        Ok(self.keys_dir()?.join(format!("{actor}.sealed")))
    }

    fn keys_dir(&self) -> Result<PathBuf, AppError> {
        self.data_dir().map(|d| d.join("keys")).ok_or_else(|| {
            AppError::new(ErrorCode::DataDir, "an in-memory Sprout keeps no signing keys")
        })
    }
}

/// The PC's first person, then everyone enrolled since.
pub(crate) fn local_actors(store: &Store) -> Result<Vec<ActorId>, AppError> {
    let mut actors = vec![store.device_actor()?];
    actors.extend(store.local_people()?.into_iter().map(|p| p.actor));
    Ok(actors)
}

/// A person's roles on the hub as of the last sync. Before a PC has a hub its first person
/// is its admin-to-be; someone waiting for approval may do only what a clinician may, so
/// nothing they do now is refused by others later.
pub(crate) fn held_roles(store: &Store, actor: ActorId) -> Result<BTreeSet<Role>, AppError> {
    if store.hub_value("id")?.is_none() && actor == store.device_actor()? {
        return Ok(BTreeSet::from([Role::Admin]));
    }
    let held = roster_roles(store, actor)?;
    Ok(if held.is_empty() { BTreeSet::from([Role::Clinician]) } else { held })
}

/// The roles the hub's roster gives a person: none before they are approved.
pub(crate) fn roster_roles(store: &Store, actor: ActorId) -> Result<BTreeSet<Role>, AppError> {
    let mut raw = store.hub_value(&sprout_sync::roles_key(actor))?;
    if raw.is_none() && actor == store.device_actor()? {
        // Written by a Sprout from before people could share a PC.
        raw = store.hub_value("roles")?;
    }
    Ok(raw.unwrap_or_default().split(',').filter_map(|r| r.parse().ok()).collect())
}

fn check_site(raw: &str) -> Result<String, AppError> {
    let site = raw.trim();
    if site.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::new(
            ErrorCode::TooLong,
            format!("a site is at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if site.chars().any(char::is_control) {
        return Err(AppError::new(
            ErrorCode::ControlCharacter,
            "a site cannot hold control characters",
        ));
    }
    Ok(site.to_owned())
}

fn check_name(raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(AppError::new(
            ErrorCode::Empty,
            "enter the person's name, as colleagues know them",
        ));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::new(
            ErrorCode::TooLong,
            format!("a name is at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::new(
            ErrorCode::ControlCharacter,
            "a name cannot hold control characters",
        ));
    }
    Ok(name.to_owned())
}
