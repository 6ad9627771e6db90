//! What the store remembers about the hub: per-actor cursors, which local ops have been
//! pushed, and the problems the hub presented. Role rules are not the store's business:
//! callers pass a check that every device applies the same way.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use std::collections::BTreeSet;

use sprout_core::{ActorId, Op, PidRules, Role, admit};
use uuid::Uuid;

use crate::error::Result;
use crate::store::{Store, meta, read_clock, set_meta};

/// What applying one changeset did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Ops new to this device.
    pub ops: usize,
    /// Ops refused by the role check, with the reason.
    pub refused: Vec<(Op, String)>,
    /// The ideas the new ops concern, so a window re-reads only what it shows of them.
    pub ideas: BTreeSet<Uuid>,
    /// A new op changes what every idea reads (a rubric rescores them all).
    pub everything: bool,
    /// A new op concerns a partner or partnership.
    pub partnerships: bool,
    /// Ops a newer Sprout wrote, held until an update can read them.
    pub held: usize,
    /// Ops that could not be read at all, refused.
    pub unreadable: usize,
}

/// A signed op this version could not read, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    /// Where its problem is listed: the changeset's path and a name for the op.
    pub at: String,
    pub body: String,
    pub reason: String,
    /// It names a kind of op or a field this version does not know: held for an update.
    pub newer: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HubProblem {
    pub path: String,
    pub reason: String,
    pub first_seen: DateTime<Utc>,
}

impl Store {
    /// The last changeset applied (or, for this device's actor, pushed): `(seq, hash)`.
    pub fn hub_cursor(&self, actor: ActorId) -> Result<Option<(u64, String)>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT seq, hash FROM hub_cursors WHERE actor = ?1",
                [actor.to_string()],
                |r| Ok((r.get::<_, i64>(0)?.unsigned_abs(), r.get(1)?)),
            )
            .optional()?)
    }

    /// `actor`'s ops not yet in a changeset on the hub, oldest first. Only those past the
    /// mark `record_push` keeps are looked at: a device that wrote 100 000 ops pushes its
    /// one new op without checking the other 99 999 again.
    pub fn unpushed_ops(&self, actor: ActorId) -> Result<Vec<Op>> {
        let through = pushed_through(self.connection(), &actor.to_string())?;
        self.ops_where(
            "actor = ?1 AND seq > ?2 AND id NOT IN (SELECT op_id FROM hub_pushed)",
            params![actor.to_string(), through],
        )
    }

    /// Records that `actor`'s changeset `seq`, holding `ops`, is on the hub. Ops the
    /// store does not hold (a device restored from an older backup meeting its own later
    /// work on the hub) are taken back in the same transaction.
    pub fn record_push(&mut self, actor: ActorId, seq: u64, hash: &str, ops: &[Op]) -> Result<()> {
        let actor = actor.to_string();
        let tx = self.connection_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut clock = read_clock(&tx)?;
        for op in ops {
            if crate::store::insert_op(&tx, op)? {
                crate::projection::apply(&tx, op)?;
            }
            tx.execute(
                "INSERT OR IGNORE INTO hub_pushed (op_id) VALUES (?1)",
                [op.id.0.to_string()],
            )?;
            clock = clock.max(op.hlc);
        }
        crate::store::set_clock(&tx, clock)?;
        set_cursor(&tx, &actor, seq, hash, "")?;
        // Every op of `actor` up to the first still unpushed is on the hub.
        let through: i64 = tx.query_row(
            "SELECT coalesce(
                 (SELECT min(o.seq) - 1 FROM ops o WHERE o.actor = ?1 AND o.seq > ?2
                  AND NOT EXISTS (SELECT 1 FROM hub_pushed p WHERE p.op_id = o.id)),
                 (SELECT max(seq) FROM ops WHERE actor = ?1), 0)",
            params![actor, pushed_through(&tx, &actor)?],
            |r| r.get(0),
        )?;
        crate::store::set_meta(&tx, &pushed_through_key(&actor), &through.to_string())?;
        tx.commit()?;
        Ok(())
    }

    /// Applies one verified changeset from `actor` in a single transaction: each op the
    /// admission gate allows (with `roles` as the author's roles on the hub) is logged and
    /// projected, each it refuses is recorded as a problem with its reason, each op it
    /// cannot read is held for a newer Sprout or refused, and the actor's cursor moves to
    /// `seq`. One transaction, so a changeset costs one durable commit however many ops it
    /// holds, and a crash leaves it wholly applied or not at all. A changeset at or before
    /// the cursor was applied already and changes nothing.
    #[allow(clippy::too_many_arguments, reason = "one changeset's facts, each needed")]
    pub fn apply_changeset(
        &mut self,
        actor: ActorId,
        seq: u64,
        hash: &str,
        path: &str,
        ops: &[Op],
        unread: &[Unread],
        proof: &str,
        roles: &BTreeSet<Role>,
        rules: &PidRules,
    ) -> Result<Applied> {
        if self.hub_cursor(actor)?.is_some_and(|(done, _)| done >= seq) {
            return Ok(Applied::default());
        }
        self.let_people_first();
        let now = self.now();
        let tx = self.connection_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut applied = admit_all(&tx, ops, &|_| roles.clone(), rules, path, Some(seq), now)?;
        for op in unread {
            let at = &op.at;
            if op.newer {
                tx.prepare_cached(
                    "INSERT OR IGNORE INTO ops_held (actor, path, body, reason)
                     VALUES (?1, ?2, ?3, ?4)",
                )?
                .execute(params![actor.to_string(), path, op.body, op.reason])?;
                let reason = format!("held: this op needs a newer Sprout ({})", op.reason);
                record_problem(&tx, at, &reason, now)?;
                applied.held += 1;
            } else {
                let reason = format!("op refused: it cannot be read ({})", op.reason);
                record_problem(&tx, at, &reason, now)?;
                applied.unreadable += 1;
            }
        }
        set_cursor(&tx, &actor.to_string(), seq, hash, proof)?;
        tx.commit()?;
        Ok(applied)
    }

    /// Keeps ops this version cannot read (a newer Sprout wrote them) until an update can.
    pub fn hold_for_newer(
        &self,
        actor: ActorId,
        path: &str,
        body: &str,
        reason: &str,
    ) -> Result<()> {
        self.connection().execute(
            "INSERT OR IGNORE INTO ops_held (actor, path, body, reason) VALUES (?1, ?2, ?3, ?4)",
            params![actor.to_string(), path, body, reason],
        )?;
        Ok(())
    }

    /// Ops held for a newer Sprout: (actor, changeset path, the op as written, why).
    pub fn held_for_newer(&self) -> Result<Vec<(ActorId, String, String, String)>> {
        let mut stmt = self
            .connection()
            .prepare("SELECT actor, path, body, reason FROM ops_held ORDER BY path, body")?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        let mut held = Vec::new();
        for row in rows {
            let (actor, path, body, reason) = row?;
            if let Ok(actor) = Uuid::parse_str(&actor) {
                held.push((ActorId(actor), path, body, reason));
            }
        }
        Ok(held)
    }

    /// Forgets a held op once this version has read and applied (or refused) it.
    pub fn release_held(&self, actor: ActorId, path: &str, body: &str) -> Result<()> {
        self.connection().execute(
            "DELETE FROM ops_held WHERE actor = ?1 AND path = ?2 AND body = ?3",
            params![actor.to_string(), path, body],
        )?;
        Ok(())
    }

    /// Replaces the roster this device last verified: where names and roles come from.
    /// Each row is (actor, person, site, roles comma-separated, revoked).
    pub fn set_members(
        &mut self,
        members: &[(ActorId, String, String, String, bool)],
    ) -> Result<()> {
        let tx = self.connection_mut().transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = who_reviews_for_anyone(&tx)?;
        tx.execute("DELETE FROM members", [])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO members (actor, person, site, roles, revoked) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (actor, person, site, roles, revoked) in members {
            insert.execute(params![actor.to_string(), person, site, roles, revoked])?;
        }
        drop(insert);
        // Whose reviews count depends on the roster's leads and admins; the roster is read
        // at every sync, so only a change that moves that line costs a rescore.
        if who_reviews_for_anyone(&tx)? != before {
            crate::records::rescore_all(&tx)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// A member's name as the roster gives it, or a local person's as enrolled here.
    pub fn person_name(&self, actor: ActorId) -> Result<Option<String>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT coalesce(
                    (SELECT person FROM members WHERE actor = ?1),
                    (SELECT person FROM people WHERE actor = ?1))",
                [actor.to_string()],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    /// Who submitted an idea, if this device has seen its submission.
    pub fn idea_creator(&self, idea: sprout_core::IdeaId) -> Result<Option<ActorId>> {
        idea_creator(self.connection(), idea.as_uuid())
    }

    /// Every actor's cursor: what a snapshot written now would cover.
    pub fn hub_cursors(&self) -> Result<BTreeMap<ActorId, (u64, String)>> {
        let mut stmt = self.connection().prepare("SELECT actor, seq, hash FROM hub_cursors")?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?.unsigned_abs(), r.get::<_, String>(2)?))
        })?;
        let mut cursors = BTreeMap::new();
        for row in rows {
            let (actor, seq, hash) = row?;
            if let Ok(actor) = Uuid::parse_str(&actor) {
                cursors.insert(ActorId(actor), (seq, hash));
            }
        }
        Ok(cursors)
    }

    /// Remembers a refused or held-back file. The first sighting's time is kept.
    pub fn record_hub_problem(&self, path: &str, reason: &str) -> Result<()> {
        record_problem(self.connection(), path, reason, self.now())
    }

    /// Forgets a problem that has gone away (a held-back file that is now in range).
    pub fn clear_hub_problem(&self, path: &str) -> Result<()> {
        self.connection().execute("DELETE FROM hub_problems WHERE path = ?1", [path])?;
        Ok(())
    }

    pub fn hub_problems(&self) -> Result<Vec<HubProblem>> {
        let mut stmt = self.connection().prepare(
            "SELECT path, reason, first_seen FROM hub_problems ORDER BY first_seen, path",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?))
        })?;
        let mut problems = Vec::new();
        for row in rows {
            let (path, reason, first_seen) = row?;
            let first_seen = DateTime::parse_from_rfc3339(&first_seen)
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or(DateTime::<Utc>::MIN_UTC);
            problems.push(HubProblem { path, reason, first_seen });
        }
        Ok(problems)
    }

    /// Forgets everything about the current hub, before moving to another: its cursors and
    /// problems, and which local ops were pushed, with the pushed-through marks (`hub.`
    /// values like the rest), so they will all be pushed to the new hub.
    pub fn forget_hub(&self) -> Result<()> {
        self.connection().execute_batch(
            "DELETE FROM hub_cursors; DELETE FROM hub_problems; DELETE FROM hub_pushed;
             DELETE FROM hub_witnessed; DELETE FROM hub_set_aside;
             DELETE FROM meta WHERE key LIKE 'hub.%';",
        )?;
        Ok(())
    }

    /// A device-local value about the hub (its id, location, the trusted HUB.json).
    pub fn hub_value(&self, key: &str) -> Result<Option<String>> {
        meta(self.connection(), &format!("hub.{key}"))
    }

    pub fn set_hub_value(&self, key: &str, value: &str) -> Result<()> {
        set_meta(self.connection(), &format!("hub.{key}"), value)
    }
}

/// Who submitted an idea, if this device has seen its submission.
pub(crate) fn idea_creator(conn: &rusqlite::Connection, idea: Uuid) -> Result<Option<ActorId>> {
    let creator: Option<String> = conn
        .prepare_cached(
            "SELECT actor FROM ops WHERE entity_kind = 'idea' AND entity_id = ?1
               AND json_extract(payload, '$.type') = 'idea_created'",
        )?
        .query_row([idea.to_string()], |r| r.get(0))
        .optional()?;
    Ok(creator.and_then(|c| Uuid::parse_str(&c).ok()).map(ActorId))
}

/// Passes each op through the admission gate and applies those it lets in; records each
/// refusal, and each op that reuses an id its author already used for something else, as
/// a problem at `path`. The clock moves past every op seen.
pub(crate) fn admit_all(
    tx: &rusqlite::Connection,
    ops: &[Op],
    roles_of: &dyn Fn(ActorId) -> BTreeSet<Role>,
    rules: &PidRules,
    path: &str,
    source: Option<u64>,
    now: DateTime<Utc>,
) -> Result<Applied> {
    let mut applied = Applied::default();
    let mut clock = read_clock(tx)?;
    for op in ops {
        clock = clock.max(op.hlc);
        let verdict = admit(op, &roles_of(op.actor), rules, &crate::store::Held(tx));
        if let Err(refusal) = verdict {
            let at = format!("{path}#{}", op.id.0);
            record_problem(tx, &at, &format!("op refused: {refusal}"), now)?;
            applied.refused.push((op.clone(), refusal.to_string()));
            continue;
        }
        if crate::store::insert_op_from(tx, op, source)? {
            crate::projection::apply(tx, op)?;
            applied.ops += 1;
            if op.payload.is_hub_wide() {
                applied.everything = true;
            } else if op.entity_kind() == sprout_core::EntityKind::Partnership {
                applied.partnerships = true;
            } else {
                applied.ideas.insert(op.entity_id);
            }
        } else if crate::store::held_op(tx, op.id)?.is_some_and(|held| held != *op) {
            let at = format!("{path}#{}", op.id.0);
            let reason = "op refused: it reuses the id of an earlier op by the same author \
                          with different content; the first one stands";
            record_problem(tx, &at, reason, now)?;
            applied.refused.push((op.clone(), reason.to_owned()));
        }
    }
    crate::store::set_clock(tx, clock)?;
    Ok(applied)
}

pub(crate) fn set_cursor(
    conn: &rusqlite::Connection,
    actor: &str,
    seq: u64,
    hash: &str,
    proof: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO hub_cursors (actor, seq, hash, proof) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (actor) DO UPDATE
         SET seq = excluded.seq, hash = excluded.hash, proof = excluded.proof",
        params![actor, i64::try_from(seq).unwrap_or(i64::MAX), hash, proof],
    )?;
    Ok(())
}

pub(crate) fn record_problem(
    conn: &rusqlite::Connection,
    path: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO hub_problems (path, reason, first_seen) VALUES (?1, ?2, ?3)
         ON CONFLICT (path) DO UPDATE SET reason = excluded.reason",
    )?
    .execute(params![path, reason, now.to_rfc3339()])?;
    Ok(())
}

/// The roster's leads and admins, and whether there is a roster at all: what decides
/// whether a review nobody asked for counts.
fn who_reviews_for_anyone(conn: &rusqlite::Connection) -> Result<(bool, Vec<String>)> {
    let any: bool = conn.query_row("SELECT EXISTS (SELECT 1 FROM members)", [], |r| r.get(0))?;
    let leads = conn
        .prepare_cached(
            "SELECT actor FROM members
             WHERE ',' || roles || ',' LIKE '%,lead,%' OR ',' || roles || ',' LIKE '%,admin,%'
             ORDER BY actor",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok((any, leads))
}

fn pushed_through_key(actor: &str) -> String {
    format!("hub.pushed_through.{actor}")
}

/// The `seq` up to which all of `actor`'s ops are known to be on the hub.
fn pushed_through(conn: &rusqlite::Connection, actor: &str) -> Result<i64> {
    Ok(crate::store::meta(conn, &pushed_through_key(actor))?
        .and_then(|v| v.parse().ok())
        .unwrap_or(0))
}
