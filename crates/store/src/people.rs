//! The people who use this PC, each an actor of their own. Which of them is acting is
//! held in memory by [`Store`]: switching never writes, so it cannot fail half-way.

use rusqlite::{OptionalExtension, params};
use sprout_core::ActorId;
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::store::{ACTOR_KEY, Store, meta, new_v7, set_meta};

/// Set once the PC's first person seals their key.
const DEVICE_SEALED: &str = "device_sealed";

/// Someone enrolled on this PC after the person who set it up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalPerson {
    pub actor: ActorId,
    pub person: String,
    pub site: String,
    /// Their signing key is sealed with their passphrase.
    pub sealed: bool,
    pub enrolled_at: String,
}

impl Store {
    /// The actor of the person who set this PC up: who acts when nobody has switched.
    pub fn device_actor(&self) -> Result<ActorId> {
        let raw = meta(self.connection(), ACTOR_KEY)?.unwrap_or_default();
        Uuid::parse_str(&raw)
            .map(ActorId)
            .map_err(|e| Error::CorruptMeta { key: ACTOR_KEY, reason: e.to_string() })
    }

    /// Everyone enrolled on this PC after its first person, in the order they enrolled.
    pub fn local_people(&self) -> Result<Vec<LocalPerson>> {
        let mut stmt = self.connection().prepare(
            "SELECT actor, person, site, sealed, enrolled_at FROM people ORDER BY enrolled_at, actor",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?;
        let mut people = Vec::new();
        for row in rows {
            let (actor, person, site, sealed, enrolled_at) = row?;
            let actor = Uuid::parse_str(&actor)
                .map(ActorId)
                .map_err(|e| Error::CorruptMeta { key: "people.actor", reason: e.to_string() })?;
            people.push(LocalPerson { actor, person, site, sealed, enrolled_at });
        }
        Ok(people)
    }

    pub fn local_person(&self, actor: ActorId) -> Result<Option<LocalPerson>> {
        Ok(self.local_people()?.into_iter().find(|p| p.actor == actor))
    }

    /// Enrols a new person on this PC as an actor of their own; returns their actor id.
    pub fn enrol_person(&self, person: &str, site: &str) -> Result<ActorId> {
        let actor = ActorId(new_v7(self.now_millis()));
        self.connection().execute(
            "INSERT INTO people (actor, person, site, sealed, enrolled_at) VALUES (?1, ?2, ?3, 0, ?4)",
            params![actor.to_string(), person, site, self.now().to_rfc3339()],
        )?;
        Ok(actor)
    }

    /// Records that `actor`'s key is now sealed with their passphrase.
    pub fn mark_sealed(&self, actor: ActorId) -> Result<()> {
        if actor == self.device_actor()? {
            return set_meta(self.connection(), DEVICE_SEALED, "1");
        }
        self.connection()
            .execute("UPDATE people SET sealed = 1 WHERE actor = ?1", [actor.to_string()])?;
        Ok(())
    }

    /// Whether `actor`'s key is sealed with a passphrase.
    pub fn is_sealed(&self, actor: ActorId) -> Result<bool> {
        if actor == self.device_actor()? {
            return Ok(meta(self.connection(), DEVICE_SEALED)?.is_some());
        }
        Ok(self
            .connection()
            .query_row("SELECT sealed FROM people WHERE actor = ?1", [actor.to_string()], |r| {
                r.get::<_, bool>(0)
            })
            .optional()?
            .unwrap_or(false))
    }

    /// Whether `actor` is a person on this PC: its first person or one enrolled since.
    pub fn is_local(&self, actor: ActorId) -> Result<bool> {
        Ok(actor == self.device_actor()? || self.local_person(actor)?.is_some())
    }

    /// From now on this connection's writes are `actor`'s, who must be a person on this PC.
    pub fn act_as(&mut self, actor: ActorId) -> Result<()> {
        if !self.is_local(actor)? {
            return Err(Error::NotLocalPerson(actor));
        }
        self.set_actor(actor);
        Ok(())
    }
}
