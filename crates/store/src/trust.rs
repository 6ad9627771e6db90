//! What a device remembers to hold members to their word: the signed header of the last
//! changeset it applied from each (proof of what they wrote there), what other members'
//! devices say they applied, and whose log stops for good because they equivocated.
//! Setting a member's work aside removes what came from their later changesets and
//! derives the projections again, so every device ends holding the same ops.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, TransactionBehavior, params};
use sprout_core::ActorId;
use uuid::Uuid;

use crate::error::Result;
use crate::hub::{record_problem, set_cursor};
use crate::store::Store;

fn sql_seq(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

impl Store {
    /// The author's signed header of the last changeset applied from `actor`, as the sync
    /// layer wrote it (empty if none was kept).
    pub fn hub_cursor_proof(&self, actor: ActorId) -> Result<Option<String>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT proof FROM hub_cursors WHERE actor = ?1 AND proof <> ''",
                [actor.to_string()],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Takes back everything `actor`'s changesets after `keep_through` brought, moves
    /// their cursor to `cursor`, (seq, id, proof of that id), or forgets it, to read their
    /// log again from the start,
    /// records `reason` at `path`, and derives every projection again from the ops that
    /// remain: one transaction. Returns how many ops were taken back.
    pub fn rewind_member(
        &mut self,
        actor: ActorId,
        keep_through: u64,
        cursor: Option<(u64, String, String)>,
        path: &str,
        reason: &str,
    ) -> Result<usize> {
        let now = self.now();
        let tx = self.connection_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken = tx.execute(
            "DELETE FROM ops WHERE actor = ?1 AND source > ?2",
            params![actor.to_string(), sql_seq(keep_through)],
        )?;
        match cursor {
            Some((seq, hash, proof)) => set_cursor(&tx, &actor.to_string(), seq, &hash, &proof)?,
            None => {
                tx.execute("DELETE FROM hub_cursors WHERE actor = ?1", [actor.to_string()])?;
            }
        }
        if taken > 0 {
            crate::projection::rebuild(&tx)?;
        }
        record_problem(&tx, path, reason, now)?;
        tx.commit()?;
        Ok(taken)
    }

    /// Stops `actor`'s log for good before `from_seq`, on the hub's proof that they
    /// signed two different changesets there.
    pub fn set_aside(&self, actor: ActorId, from_seq: u64, reason: &str) -> Result<()> {
        self.connection().execute(
            "INSERT INTO hub_set_aside (actor, from_seq, reason) VALUES (?1, ?2, ?3)
             ON CONFLICT (actor) DO UPDATE SET from_seq = min(from_seq, excluded.from_seq),
                 reason = CASE WHEN excluded.from_seq < from_seq THEN excluded.reason
                               ELSE reason END",
            params![actor.to_string(), sql_seq(from_seq), reason],
        )?;
        Ok(())
    }

    /// Members whose log stops for good: where it stops, and why.
    pub fn set_aside_members(&self) -> Result<BTreeMap<ActorId, (u64, String)>> {
        let mut stmt =
            self.connection().prepare("SELECT actor, from_seq, reason FROM hub_set_aside")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.unsigned_abs(), r.get(2)?))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (actor, from, reason) = row?;
            if let Ok(actor) = Uuid::parse_str(&actor) {
                out.insert(ActorId(actor), (from, reason));
            }
        }
        Ok(out)
    }

    /// Remembers that `by`'s device says it applied `actor`'s changeset `seq` as `hash`.
    pub fn expect_witness(&self, actor: ActorId, seq: u64, hash: &str, by: ActorId) -> Result<()> {
        self.connection()
            .prepare_cached(
                "INSERT OR IGNORE INTO hub_witnessed (actor, seq, hash, by) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![actor.to_string(), sql_seq(seq), hash, by.to_string()])?;
        Ok(())
    }

    /// What other members' devices say they applied at `actor`'s `seq`: (hash, by whom).
    pub fn witnesses(&self, actor: ActorId, seq: u64) -> Result<Vec<(String, ActorId)>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT hash, by FROM hub_witnessed WHERE actor = ?1 AND seq = ?2 ORDER BY by",
        )?;
        let rows = stmt.query_map(params![actor.to_string(), sql_seq(seq)], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (hash, by) = row?;
            if let Ok(by) = Uuid::parse_str(&by) {
                out.push((hash, ActorId(by)));
            }
        }
        Ok(out)
    }

    /// Forgets witnesses of `actor`'s changesets up to `seq`, once checked.
    pub fn forget_witnesses_through(&self, actor: ActorId, seq: u64) -> Result<()> {
        self.connection()
            .prepare_cached("DELETE FROM hub_witnessed WHERE actor = ?1 AND seq <= ?2")?
            .execute(params![actor.to_string(), sql_seq(seq)])?;
        Ok(())
    }
}
