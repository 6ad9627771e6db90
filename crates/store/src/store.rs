use std::path::Path;

use std::collections::BTreeSet;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sprout_core::{
    ActorId, Facts, Hlc, IdeaField, IdeaId, Op, OpId, OpPayload, PidRules, Role, Version, admit,
};
use uuid::{NoContext, Timestamp, Uuid};

use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::open::{open_file, open_memory};
use crate::projection::{self, FieldConflict};

pub(crate) const ACTOR_KEY: &str = "actor_id";
const CLOCK_KEY: &str = "hlc";

/// Who is writing, as the admission gate needs to know them: the roles the author holds
/// on the hub and the patient-data rules in force.
#[derive(Clone, Copy, Debug)]
pub struct Admission<'a> {
    pub roles: &'a BTreeSet<Role>,
    pub rules: &'a PidRules,
}

impl Admission<'static> {
    /// An admin with the built-in patient-data rules: for tests, benchmarks and tools
    /// that seed a database. Every op still passes the whole gate.
    pub fn admin() -> Admission<'static> {
        static ROLES: std::sync::LazyLock<BTreeSet<Role>> =
            std::sync::LazyLock::new(|| BTreeSet::from([Role::Admin]));
        static RULES: std::sync::LazyLock<PidRules> = std::sync::LazyLock::new(PidRules::default);
        Admission { roles: &ROLES, rules: &RULES }
    }
}

/// What the gate may ask of the database, inside the transaction that would apply the op.
pub(crate) struct Held<'c>(pub(crate) &'c Connection);

impl Facts for Held<'_> {
    fn legacy_creator(&self, idea: Uuid) -> Option<ActorId> {
        crate::hub::idea_creator(self.0, idea).ok().flatten()
    }
}

/// One device's database. Not `Sync`: share it behind a mutex.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    clock: Box<dyn Clock>,
    actor: ActorId,
    /// People waiting to write to this database, counted across this process's connections.
    pub(crate) people: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Store {
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with_clock(path, Box::new(SystemClock))
    }

    pub fn open_with_clock(path: &Path, clock: Box<dyn Clock>) -> Result<Self> {
        let mut store = Self::init(open_file(path)?, clock)?;
        store.people = crate::turns::people_waiting(path);
        Ok(store)
    }

    pub fn open_in_memory() -> Result<Self> {
        Self::open_in_memory_with_clock(Box::new(SystemClock))
    }

    pub fn open_in_memory_with_clock(clock: Box<dyn Clock>) -> Result<Self> {
        Self::init(open_memory()?, clock)
    }

    fn init(conn: Connection, clock: Box<dyn Clock>) -> Result<Self> {
        let actor = match meta(&conn, ACTOR_KEY)? {
            Some(raw) => Uuid::parse_str(&raw)
                .map(ActorId)
                .map_err(|e| Error::CorruptMeta { key: ACTOR_KEY, reason: e.to_string() })?,
            None => {
                let actor = ActorId(new_v7(clock.now_millis()));
                set_meta(&conn, ACTOR_KEY, &actor.to_string())?;
                actor
            }
        };
        Ok(Store { conn, clock, actor, people: Default::default() })
    }

    /// Who this connection's writes are attributed to: the PC's first person unless
    /// [`Store::act_as`] switched to another person on this PC.
    pub fn actor(&self) -> ActorId {
        self.actor
    }

    /// Waits (briefly) while a person's write to this database waits: a bulk apply calls
    /// it between transactions so the window never queues behind a whole sync.
    pub(crate) fn let_people_first(&self) {
        crate::turns::let_people_first(&self.people);
    }

    pub(crate) fn set_actor(&mut self, actor: ActorId) {
        self.actor = actor;
    }

    /// A fresh UUIDv7 for a new entity.
    pub fn new_id(&self) -> Uuid {
        new_v7(self.clock.now_millis())
    }

    /// The one way to change state locally: in a single transaction, stamp the op with the
    /// next clock value, fill in what it replaces, pass it through the admission gate
    /// exactly as every other device will, append it to the op log and apply it to the
    /// projections. If the gate refuses it or applying fails (say, the idea does not
    /// exist) nothing is written, not even the op.
    ///
    /// A new idea's id is the id of the op that creates it: pass `Uuid::nil()` and read it
    /// from the returned op's `entity_id`.
    ///
    /// An edit that does not say which versions it replaces replaces the visible ones,
    /// which is what the person editing was shown.
    pub fn commit(
        &mut self,
        entity_id: Uuid,
        payload: OpPayload,
        admission: Admission<'_>,
    ) -> Result<Op> {
        let _first = crate::turns::Waiting::new(&self.people);
        // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let op = commit_in(&tx, &*self.clock, self.actor, entity_id, payload, admission)?;
        tx.commit()?;
        Ok(op)
    }

    /// For a bulk write (an import of thousands of rows in many short transactions):
    /// `true` lets commits skip waiting for the disk, as `synchronous = NORMAL` in WAL mode
    /// does, so a power cut may lose the latest of them but never corrupts anything;
    /// `false` restores `FULL` and makes everything written so far durable at once.
    pub fn defer_sync(&self, deferred: bool) -> Result<()> {
        if deferred {
            self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        } else {
            self.conn.pragma_update(None, "synchronous", "FULL")?;
            // A checkpoint syncs the WAL, and with it every commit made while deferred.
            self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        }
        Ok(())
    }

    /// Many commits in one transaction, for work that writes thousands of ops (an
    /// import): each [`Batch::commit`] is exactly [`Store::commit`], and a
    /// [`Batch::all_or_nothing`] group of them stands or falls together. Nothing is
    /// written if `work` fails.
    pub fn batch<T>(
        &mut self,
        admission: Admission<'_>,
        work: impl FnOnce(&mut Batch<'_, '_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut batch = Batch { conn: &tx, clock: &*self.clock, actor: self.actor, admission };
        let out = work(&mut batch)?;
        tx.commit()?;
        Ok(out)
    }

    /// Applies ops received from other devices, in one transaction, each through the
    /// admission gate with its author's roles as `roles_of` gives them. Ops already held
    /// are skipped, so applying the same batch twice changes nothing. The local clock moves
    /// past every op seen, so later local edits sort after them.
    pub fn apply_remote(
        &mut self,
        ops: &[Op],
        roles_of: &dyn Fn(ActorId) -> BTreeSet<Role>,
        rules: &PidRules,
    ) -> Result<crate::Applied> {
        let now = self.now();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let applied = crate::hub::admit_all(&tx, ops, roles_of, rules, "received", None, now)?;
        tx.commit()?;
        Ok(applied)
    }

    /// The versions of an idea's field that nobody has replaced, visible one first. More
    /// than one means two people changed it without seeing each other's change.
    pub fn field_leaves(&self, idea: IdeaId, field: IdeaField) -> Result<Vec<Version>> {
        projection::leaves(&self.conn, idea.as_uuid(), field)
    }

    /// How many fields are in conflict (cheap: for status lines).
    pub fn conflict_count(&self) -> Result<u64> {
        projection::conflict_count(&self.conn)
    }

    /// Every field in conflict, oldest idea first.
    pub fn conflicts(&self) -> Result<Vec<FieldConflict>> {
        projection::conflicts(&self.conn)
    }

    /// The whole op log in local arrival order.
    pub fn ops(&self) -> Result<Vec<Op>> {
        read_ops(&self.conn)
    }

    pub fn op_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?;
        Ok(n.unsigned_abs())
    }

    /// Throws the projections away and derives them again from the op log.
    pub fn rebuild_projections(&mut self) -> Result<()> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        projection::rebuild(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// A device-local setting (never synced, never in the op log).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        meta(&self.conn, &setting_key(key))
    }

    pub fn set_setting(&self, key: &str, value: Option<&str>) -> Result<()> {
        match value {
            Some(v) => set_meta(&self.conn, &setting_key(key), v),
            None => {
                self.conn.execute("DELETE FROM meta WHERE key = ?1", [setting_key(key)])?;
                Ok(())
            }
        }
    }

    /// Read access for queries in sibling modules and for tests that inspect raw tables.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn connection_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Wall-clock time from the store's clock.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let millis = i64::try_from(self.clock.now_millis()).unwrap_or(i64::MAX);
        chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default()
    }

    /// Wall-clock milliseconds from the store's clock, for callers judging timestamps.
    pub fn now_millis(&self) -> u64 {
        self.clock.now_millis()
    }

    pub(crate) fn ops_where(
        &self,
        condition: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<Op>> {
        read_ops_where(&self.conn, condition, params)
    }
}

fn setting_key(key: &str) -> String {
    format!("setting.{key}")
}

pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    let mut stmt = conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?;
    Ok(stmt.query_row([key], |r| r.get(0)).optional()?)
}

pub(crate) fn set_meta(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![key, value])?;
    Ok(())
}

pub(crate) fn set_clock(conn: &Connection, clock: Hlc) -> Result<()> {
    set_meta(conn, CLOCK_KEY, &clock.as_u64().to_string())
}

pub(crate) fn read_clock(conn: &Connection) -> Result<Hlc> {
    Ok(meta(conn, CLOCK_KEY)?
        .and_then(|raw| raw.parse::<u64>().ok())
        .map_or(Hlc::ZERO, Hlc::from_u64))
}

/// Whether an idea exists and has not been deleted.
fn idea_exists(conn: &Connection, id: Uuid) -> Result<bool> {
    let sql = format!("SELECT 1 FROM ideas i WHERE i.id = ?1 AND {}", crate::ideas::LIVE);
    Ok(conn.prepare_cached(&sql)?.query_row([id.to_string()], |_| Ok(())).optional()?.is_some())
}

/// Appends an op unless the log already holds it; returns whether it was new.
/// A store's writes inside one transaction: see [`Store::batch`].
#[derive(Debug)]
pub struct Batch<'t, 'a> {
    conn: &'t Connection,
    clock: &'t dyn Clock,
    actor: ActorId,
    admission: Admission<'a>,
}

impl Batch<'_, '_> {
    /// As [`Store::commit`], inside the batch's transaction.
    pub fn commit(&mut self, entity_id: Uuid, payload: OpPayload) -> Result<Op> {
        commit_in(self.conn, self.clock, self.actor, entity_id, payload, self.admission)
    }

    /// Runs `work` so that its commits all stand or, if it fails, none do (a savepoint),
    /// while the batch's other work carries on.
    pub fn all_or_nothing<T>(&mut self, work: impl FnOnce(&mut Self) -> Result<T>) -> Result<T> {
        self.conn.execute_batch("SAVEPOINT all_or_nothing")?;
        match work(self) {
            Ok(out) => {
                self.conn.execute_batch("RELEASE all_or_nothing")?;
                Ok(out)
            }
            Err(e) => {
                self.conn.execute_batch("ROLLBACK TO all_or_nothing; RELEASE all_or_nothing")?;
                Err(e)
            }
        }
    }

    /// The database as the batch has it so far, for reads between commits.
    pub fn connection(&self) -> &Connection {
        self.conn
    }
}

/// The one way an op is written locally; see [`Store::commit`].
fn commit_in(
    tx: &Connection,
    clock: &dyn Clock,
    actor: ActorId,
    entity_id: Uuid,
    mut payload: OpPayload,
    admission: Admission<'_>,
) -> Result<Op> {
    let hub_wide = payload.is_hub_wide();
    let creates = matches!(payload, OpPayload::IdeaCreated(_));
    // A partner or partnership is not an idea: the app checks it exists before writing.
    let of_idea = payload.entity_kind() == sprout_core::EntityKind::Idea;
    if !hub_wide && !creates && of_idea && !idea_exists(tx, entity_id)? {
        return Err(Error::IdeaNotFound(IdeaId::from_uuid(entity_id)));
    }
    match &mut payload {
        OpPayload::IdeaEdited(edit) => {
            for field in edit.set.keys() {
                if !edit.supersedes.contains_key(field) {
                    let seen = projection::winner(tx, entity_id, *field)?;
                    edit.supersedes.insert(*field, seen.into_iter().collect());
                }
            }
        }
        OpPayload::MergeUndone(undo) if undo.merges.is_empty() => {
            undo.merges = projection::standing_merges(tx, entity_id)?;
            if undo.merges.is_empty() {
                return Err(Error::NotMerged(IdeaId::from_uuid(entity_id)));
            }
        }
        OpPayload::IdeaUntagged(untag) if untag.removes.is_empty() => {
            untag.removes = projection::tag_adds(tx, entity_id, &untag.tag)?;
            if untag.removes.is_empty() {
                return Err(Error::TagNotFound {
                    idea: IdeaId::from_uuid(entity_id),
                    tag: untag.tag.clone(),
                });
            }
        }
        _ => {}
    }
    let hlc = read_clock(tx)?.tick(clock.now_millis());
    let id = OpId::minted(actor, new_v7(hlc.millis()));
    let entity_id = if creates { id.0 } else { entity_id };
    let op = Op { id, hlc, actor, entity_id, payload };
    admit(&op, admission.roles, admission.rules, &Held(tx)).map_err(Error::Refused)?;
    insert_op(tx, &op)?;
    projection::apply(tx, &op)?;
    set_meta(tx, CLOCK_KEY, &hlc.as_u64().to_string())?;
    Ok(op)
}

pub(crate) fn insert_op(conn: &Connection, op: &Op) -> Result<bool> {
    insert_op_from(conn, op, None)
}

/// Logs an op that came in `source`, its author's changeset number, if it is new.
pub(crate) fn insert_op_from(conn: &Connection, op: &Op, source: Option<u64>) -> Result<bool> {
    let payload = serde_json::to_string(&op.payload)?;
    let inserted = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO ops (id, hlc, actor, entity_kind, entity_id, payload, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            op.id.0.to_string(),
            hlc_to_sql(op.hlc),
            op.actor.to_string(),
            op.entity_kind().as_str(),
            op.entity_id.to_string(),
            payload,
            source.and_then(|s| i64::try_from(s).ok()),
        ])?;
    Ok(inserted == 1)
}

/// The op the log holds under `id`, if any.
pub(crate) fn held_op(conn: &Connection, id: OpId) -> Result<Option<Op>> {
    Ok(read_ops_where(conn, "id = ?1", [id.0.to_string()])?.pop())
}

pub(crate) fn read_ops(conn: &Connection) -> Result<Vec<Op>> {
    read_ops_where(conn, "1", [])
}

fn read_ops_where(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Op>> {
    let sql = format!(
        "SELECT seq, id, hlc, actor, entity_id, payload FROM ops WHERE {condition} ORDER BY seq"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut ops = Vec::new();
    for row in rows {
        let (seq, id, hlc, actor, entity_id, payload) = row?;
        let corrupt = |reason: String| Error::CorruptOp { seq, reason };
        ops.push(Op {
            id: OpId(Uuid::parse_str(&id).map_err(|e| corrupt(e.to_string()))?),
            hlc: hlc_from_sql(hlc),
            actor: ActorId(Uuid::parse_str(&actor).map_err(|e| corrupt(e.to_string()))?),
            entity_id: Uuid::parse_str(&entity_id).map_err(|e| corrupt(e.to_string()))?,
            payload: serde_json::from_str(&payload).map_err(|e| corrupt(e.to_string()))?,
        });
    }
    Ok(ops)
}

/// HLCs are stored as SQLite integers. Real timestamps use 57 bits, so the sign bit is
/// never set and the cast is lossless; the bit pattern is preserved either way.
pub(crate) fn hlc_to_sql(hlc: Hlc) -> i64 {
    hlc.as_u64() as i64
}

pub(crate) fn hlc_from_sql(raw: i64) -> Hlc {
    Hlc::from_u64(raw as u64)
}

pub(crate) fn new_v7(millis: u64) -> Uuid {
    let ts = Timestamp::from_unix(NoContext, millis / 1000, ((millis % 1000) * 1_000_000) as u32);
    Uuid::new_v7(ts)
}
