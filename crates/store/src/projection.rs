//! Applying ops to the projection tables.
//!
//! Deterministic and independent of arrival order: every field version is kept, each edit
//! records which versions it replaced, and the visible value of a field is its greatest
//! version by (hlc, actor). So any two devices holding the same set of ops show the same
//! ideas, and replaying the op log from empty yields exactly the live tables.

use rusqlite::{Connection, OptionalExtension, params};
use sprout_core::{
    ActorId, Decision, IdeaField, IdeaId, Op, OpPayload, Stage, Version, transition,
};
use uuid::Uuid;

use crate::error::{Error, Result};
use crate::records::{rescore, rescore_all};
use crate::store::{hlc_from_sql, hlc_to_sql, read_ops};

pub(crate) fn apply(conn: &Connection, op: &Op) -> Result<()> {
    let idea = op.entity_id.to_string();
    let written = op.version();
    match &op.payload {
        OpPayload::IdeaCreated(c) => {
            for (field, value) in [
                (IdeaField::Title, &c.title),
                (IdeaField::Problem, &c.problem),
                (IdeaField::Solution, &c.solution),
                (IdeaField::Affects, &c.affects),
                (IdeaField::Site, &c.site),
                (IdeaField::Department, &c.department),
            ] {
                put_version(conn, &idea, field, written, value)?;
            }
            let mut tag = conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_tag_adds (op_id, idea_id, tag) VALUES (?1, ?2, ?3)",
            )?;
            for t in &c.tags {
                tag.execute(params![format!("{}/{t}", op.id.0), idea, t])?;
            }
            let hlc = hlc_to_sql(op.hlc);
            let imported = c.imported.as_ref();
            let created = imported.map_or(hlc, |i| crate::imports::created_hlc(op, i));
            conn.prepare_cached(
                "INSERT OR IGNORE INTO ideas
                     (id, title, problem, solution, author, created_hlc, updated_hlc, submitted_by,
                      import_key, original_submitter, imported_supporters)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                idea,
                c.title,
                c.problem,
                c.solution,
                c.author,
                created,
                hlc,
                op.actor.to_string(),
                imported.map(|i| &i.key),
                imported.map(|i| &i.submitted_by),
                imported.map_or(0, |i| i.supporters),
            ])?;
            if let Some(imported) = imported {
                crate::imports::project(conn, op, &idea, imported)?;
            }
            // Decisions, a deletion or a merge may have arrived before the idea did.
            restage(conn, &idea)?;
            relist(conn, &idea)?;
            rescore(conn, &idea)?;
        }
        OpPayload::IdeaEdited(e) => {
            for (field, value) in &e.set {
                if !field.is_editable() {
                    return Err(Error::InvalidOp {
                        op: op.id.0.to_string(),
                        reason: format!("it sets the read-only field {field}"),
                    });
                }
                // An op from before edits recorded what they replaced replaced the visible
                // version: what the store now records explicitly at commit.
                let replaced = match e.supersedes.get(field) {
                    Some(listed) => listed.clone(),
                    None => winner(conn, op.entity_id, *field)?.into_iter().collect(),
                };
                put_version(conn, &idea, *field, written, value)?;
                for old in replaced {
                    conn.prepare_cached(
                        "INSERT OR IGNORE INTO idea_field_supersedes
                             (idea_id, field, old_hlc, old_actor, hlc, actor)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![
                        idea,
                        field.name(),
                        hlc_to_sql(old.hlc),
                        old.actor.to_string(),
                        hlc_to_sql(written.hlc),
                        written.actor.to_string(),
                    ])?;
                }
            }
        }
        // The rest are sets and append-only records: inserting is idempotent and the
        // result does not depend on arrival order, so no refresh is needed.
        OpPayload::IdeaTagged(t) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_tag_adds (op_id, idea_id, tag) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![op.id.0.to_string(), idea, t.tag])?;
            return Ok(());
        }
        OpPayload::IdeaUntagged(u) => {
            let mut stmt = conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_tag_removes (add_op_id, remove_op_id, idea_id)
                 VALUES (?1, ?2, ?3)",
            )?;
            for add in &u.removes {
                stmt.execute(params![add, op.id.0.to_string(), idea])?;
            }
            return Ok(());
        }
        OpPayload::IdeaDeleted(_) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_tombstones (idea_id, op_id) VALUES (?1, ?2)",
            )?
            .execute(params![idea, op.id.0.to_string()])?;
            return relist(conn, &idea);
        }
        OpPayload::CommentAdded(c) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_comments
                     (op_id, idea_id, hlc, actor, author, text, support)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                op.id.0.to_string(),
                idea,
                hlc_to_sql(op.hlc),
                op.actor.to_string(),
                c.author,
                c.text,
                c.support
            ])?;
            return Ok(());
        }
        OpPayload::GateDecided(g) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_decisions
                     (op_id, idea_id, hlc, actor, from_stage, to_stage, decision, rationale)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                op.id.0.to_string(),
                idea,
                hlc_to_sql(op.hlc),
                op.actor.to_string(),
                g.from.key(),
                g.to.key(),
                g.decision.key(),
                g.rationale
            ])?;
            return restage(conn, &idea);
        }
        OpPayload::RubricPublished(rubric) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO rubrics (op_id, version, hlc, body) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                op.id.0.to_string(),
                rubric.version,
                hlc_to_sql(op.hlc),
                serde_json::to_string(rubric)?
            ])?;
            return rescore_all(conn);
        }
        OpPayload::HubTargetsSet(t) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO shared_settings (op_id, key, hlc, value)
                 VALUES (?1, 'waiting_days', ?2, ?3)",
            )?
            .execute(params![
                op.id.0.to_string(),
                hlc_to_sql(op.hlc),
                t.waiting_days.to_string()
            ])?;
            return Ok(());
        }
        OpPayload::HospitalNumbersSet(set) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO shared_settings (op_id, key, hlc, value)
                 VALUES (?1, 'hospital_numbers', ?2, ?3)",
            )?
            .execute(params![
                op.id.0.to_string(),
                hlc_to_sql(op.hlc),
                serde_json::to_string(&set.patterns)?
            ])?;
            return Ok(());
        }
        OpPayload::IdeaMerged(m) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_merges (op_id, idea_id, into_id, hlc) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![op.id.0.to_string(), idea, m.into, hlc_to_sql(op.hlc)])?;
            return relist(conn, &idea);
        }
        OpPayload::MergeUndone(u) => {
            let mut stmt = conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_merge_undos (merge_op_id, undo_op_id, idea_id)
                 VALUES (?1, ?2, ?3)",
            )?;
            for merge in &u.merges {
                stmt.execute(params![merge, op.id.0.to_string(), idea])?;
            }
            return relist(conn, &idea);
        }
        OpPayload::ReviewerAssigned(a) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_reviewers (idea_id, reviewer, op_id) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![idea, a.reviewer, op.id.0.to_string()])?;
            return rescore(conn, &idea);
        }
        OpPayload::ConsensusRecorded(c) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_consensus (op_id, idea_id, hlc, actor, note)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                op.id.0.to_string(),
                idea,
                hlc_to_sql(op.hlc),
                op.actor.to_string(),
                c.note
            ])?;
            return Ok(());
        }
        OpPayload::PocPartSet(p) => {
            let mut put = conn.prepare_cached(
                "INSERT OR IGNORE INTO poc_field_versions
                     (idea_id, part, record_id, field, hlc, actor, op_id, value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (field, value) in &p.set {
                put.execute(params![
                    idea,
                    p.part.key(),
                    p.record.to_string(),
                    field.name(),
                    hlc_to_sql(op.hlc),
                    op.actor.to_string(),
                    op.id.0.to_string(),
                    value
                ])?;
            }
            return Ok(());
        }
        OpPayload::PartnerRecordSet(r) => {
            let mut put = conn.prepare_cached(
                "INSERT OR IGNORE INTO partner_field_versions
                     (entity_id, record, record_id, field, hlc, actor, op_id, value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (field, value) in &r.set {
                put.execute(params![
                    idea,
                    r.record.key(),
                    r.id.to_string(),
                    field.name(),
                    hlc_to_sql(op.hlc),
                    op.actor.to_string(),
                    op.id.0.to_string(),
                    value
                ])?;
            }
            return Ok(());
        }
        OpPayload::PartnershipMoved(m) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO partnership_moves
                     (op_id, partnership_id, from_stage, to_stage, rationale, hlc, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                op.id.0.to_string(),
                idea,
                m.from.key(),
                m.to.key(),
                m.rationale,
                hlc_to_sql(op.hlc),
                op.actor.to_string()
            ])?;
            return Ok(());
        }
        OpPayload::BenefitSet(b) => {
            let mut put = conn.prepare_cached(
                "INSERT OR IGNORE INTO benefit_field_versions
                     (idea_id, benefit_id, field, hlc, actor, op_id, value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for (field, value) in &b.set {
                put.execute(params![
                    idea,
                    b.benefit.to_string(),
                    field.name(),
                    hlc_to_sql(op.hlc),
                    op.actor.to_string(),
                    op.id.0.to_string(),
                    value
                ])?;
            }
            return crate::benefits::restate(conn, &idea, &b.benefit.to_string());
        }
        OpPayload::BenefitMoved(m) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO benefit_moves (op_id, idea_id, benefit_id, from_state,
                     to_state, rationale, finance, estimate, hlc, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            )?
            .execute(params![
                op.id.0.to_string(),
                idea,
                m.benefit.to_string(),
                m.from.key(),
                m.to.key(),
                m.rationale,
                m.finance,
                m.estimate,
                hlc_to_sql(op.hlc),
                op.actor.to_string()
            ])?;
            return crate::benefits::restate(conn, &idea, &m.benefit.to_string());
        }
        OpPayload::BenefitLogged(l) => {
            return crate::benefits::apply_entry(conn, op, &idea, l);
        }
        OpPayload::PocLogged(l) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO poc_entries
                     (op_id, idea_id, kind, metric_id, value, date, note, hlc, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                op.id.0.to_string(),
                idea,
                match l.kind {
                    sprout_core::PocEntryKind::Actual => "actual",
                    sprout_core::PocEntryKind::Status => "status",
                },
                l.metric.map(|m| m.to_string()),
                l.value,
                l.date,
                l.note,
                hlc_to_sql(op.hlc),
                op.actor.to_string()
            ])?;
            return Ok(());
        }
        OpPayload::ReviewSubmitted(r) => {
            conn.prepare_cached(
                "INSERT OR IGNORE INTO idea_reviews (op_id, idea_id, hlc, actor, scores, note)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                op.id.0.to_string(),
                idea,
                hlc_to_sql(op.hlc),
                op.actor.to_string(),
                serde_json::to_string(&r.scores)?,
                r.note
            ])?;
            return rescore(conn, &idea);
        }
    }
    refresh(conn, &idea)
}

/// Keeps the idea's `deleted` and `listed` columns true to its tombstones and merges.
fn relist(conn: &Connection, idea: &str) -> Result<()> {
    conn.prepare_cached(
        "UPDATE ideas SET
             deleted = EXISTS (SELECT 1 FROM idea_tombstones t WHERE t.idea_id = ?1),
             listed = NOT EXISTS (SELECT 1 FROM idea_tombstones t WHERE t.idea_id = ?1)
                 AND NOT EXISTS (SELECT 1 FROM idea_merges m WHERE m.idea_id = ?1
                     AND NOT EXISTS (SELECT 1 FROM idea_merge_undos u
                                     WHERE u.merge_op_id = m.op_id AND u.idea_id = m.idea_id))
         WHERE id = ?1",
    )?
    .execute([idea])?;
    crate::benefits::recount(conn, idea)
}

/// Replays an idea's gate decisions in (hlc, op id) order from Submitted: each takes
/// effect only if it moves from the stage the idea is then in. So a decision claiming a
/// stage the idea never reached moves nothing, and of two leads deciding at once the
/// later decision loses on every device, kept and shown rather than lost.
fn restage(conn: &Connection, idea: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT op_id, from_stage, to_stage, decision, took_effect, hlc FROM idea_decisions
         WHERE idea_id = ?1 ORDER BY hlc, op_id",
    )?;
    let rows = stmt.query_map([idea], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, bool>(4)?,
            r.get::<_, i64>(5)?,
        ))
    })?;
    let mut stage = Stage::Submitted;
    let mut since: Option<i64> = None;
    let mut changes = Vec::new();
    let mut stays = Vec::new();
    for row in rows {
        let (op_id, from, to, decision, was, hlc) = row?;
        // An imported idea starts where the old tracker had it: that record always stands.
        let moves = op_id.ends_with(crate::imports::DECISION_SUFFIX)
            || from == stage.key()
                && decision
                    .parse::<Decision>()
                    .ok()
                    .and_then(|d| transition(stage, d).ok())
                    .is_some_and(|next| next.key() == to);
        if moves {
            stays.push((op_id.clone(), since));
            stage = to.parse().unwrap_or(stage);
            since = Some(hlc);
        }
        if moves != was {
            changes.push((op_id, moves));
        }
    }
    let mut update =
        conn.prepare_cached("UPDATE idea_decisions SET took_effect = ?2 WHERE op_id = ?1")?;
    for (op_id, moves) in changes {
        update.execute(params![op_id, moves])?;
    }
    conn.prepare_cached("UPDATE ideas SET stage = ?2 WHERE id = ?1 AND stage <> ?2")?
        .execute(params![idea, stage.key()])?;
    // Each decision that took effect ends a stay that began at the one before it, or at
    // the idea's submission (None here).
    let mut stayed = conn.prepare_cached(
        "UPDATE idea_decisions SET stayed_from = coalesce(?2,
             (SELECT created_hlc FROM ideas WHERE id = idea_decisions.idea_id))
         WHERE op_id = ?1 AND stayed_from IS NOT coalesce(?2,
             (SELECT created_hlc FROM ideas WHERE id = idea_decisions.idea_id))",
    )?;
    for (op_id, from) in stays {
        stayed.execute(params![op_id, from])?;
    }
    // How long it has waited counts from the decision that brought it here, or from its
    // submission.
    conn.prepare_cached(
        "UPDATE ideas SET stage_since = coalesce(?2, created_hlc)
         WHERE id = ?1 AND stage_since IS NOT coalesce(?2, created_hlc)",
    )?
    .execute(params![idea, since])?;
    Ok(())
}

fn put_version(
    conn: &Connection,
    idea: &str,
    field: IdeaField,
    v: Version,
    value: &str,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO idea_field_versions (idea_id, field, hlc, actor, value)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![idea, field.name(), hlc_to_sql(v.hlc), v.actor.to_string(), value])?;
    Ok(())
}

/// Sets an idea's visible fields to their winning versions and records which of its
/// fields are in conflict. An edit that arrives before its idea's creation waits in the
/// version table until the idea row exists.
fn refresh(conn: &Connection, idea: &str) -> Result<()> {
    let mut winner = conn.prepare_cached(
        "SELECT value FROM idea_field_versions WHERE idea_id = ?1 AND field = ?2
         ORDER BY hlc DESC, actor DESC LIMIT 1",
    )?;
    let current: Option<(String, String, String, i64)> = conn
        .prepare_cached("SELECT title, problem, solution, created_hlc FROM ideas WHERE id = ?1")?
        .query_row([idea], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .optional()?;
    if let Some((title, problem, solution, created)) = current {
        let mut pick = |field: IdeaField, now: String| -> rusqlite::Result<String> {
            Ok(winner
                .query_row(params![idea, field.name()], |r| r.get(0))
                .optional()?
                .unwrap_or(now))
        };
        let new = (
            pick(IdeaField::Title, title.clone())?,
            pick(IdeaField::Problem, problem.clone())?,
            pick(IdeaField::Solution, solution.clone())?,
        );
        let updated: i64 = conn
            .prepare_cached(
                "SELECT max(?2, coalesce(max(hlc), ?2)) FROM idea_field_versions WHERE idea_id = ?1",
            )?
            .query_row(params![idea, created], |r| r.get(0))?;
        // Rewriting unchanged text would make the search index drop and re-add the row.
        if new != (title, problem, solution) {
            conn.prepare_cached(
                "UPDATE ideas SET title = ?2, problem = ?3, solution = ?4, updated_hlc = ?5 WHERE id = ?1",
            )?
            .execute(params![idea, new.0, new.1, new.2, updated])?;
        } else {
            conn.prepare_cached("UPDATE ideas SET updated_hlc = ?2 WHERE id = ?1")?
                .execute(params![idea, updated])?;
        }
        let place = (
            pick(IdeaField::Affects, String::new())?,
            pick(IdeaField::Site, String::new())?,
            pick(IdeaField::Department, String::new())?,
        );
        conn.prepare_cached(
            "UPDATE ideas SET affects = ?2, site = ?3, department = ?4 WHERE id = ?1",
        )?
        .execute(params![idea, place.0, place.1, place.2])?;
    }
    conn.prepare_cached("DELETE FROM idea_conflicts WHERE idea_id = ?1")?.execute([idea])?;
    conn.prepare_cached(
        "INSERT INTO idea_conflicts (idea_id, field)
         SELECT v.idea_id, v.field FROM idea_field_versions v
         WHERE v.idea_id = ?1 AND NOT EXISTS (
             SELECT 1 FROM idea_field_supersedes s
             WHERE s.idea_id = v.idea_id AND s.field = v.field
               AND s.old_hlc = v.hlc AND s.old_actor = v.actor)
         GROUP BY v.idea_id, v.field HAVING count(*) > 1",
    )?
    .execute([idea])?;
    Ok(())
}

/// The versions of a field that nobody has replaced, greatest (the visible one) first.
pub(crate) fn leaves(conn: &Connection, idea: Uuid, field: IdeaField) -> Result<Vec<Version>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.hlc, v.actor FROM idea_field_versions v
         WHERE v.idea_id = ?1 AND v.field = ?2 AND NOT EXISTS (
             SELECT 1 FROM idea_field_supersedes s
             WHERE s.idea_id = v.idea_id AND s.field = v.field
               AND s.old_hlc = v.hlc AND s.old_actor = v.actor)
         ORDER BY v.hlc DESC, v.actor DESC",
    )?;
    let rows = stmt.query_map(params![idea.to_string(), field.name()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut versions = Vec::new();
    for row in rows {
        let (hlc, actor) = row?;
        versions.push(Version { hlc: hlc_from_sql(hlc), actor: parse_actor(&actor)? });
    }
    Ok(versions)
}

/// The merges of an idea that nobody has undone: what an undo undoes.
pub(crate) fn standing_merges(conn: &Connection, idea: Uuid) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.op_id FROM idea_merges m WHERE m.idea_id = ?1
           AND NOT EXISTS (SELECT 1 FROM idea_merge_undos u
                           WHERE u.merge_op_id = m.op_id AND u.idea_id = m.idea_id)
         ORDER BY m.op_id",
    )?;
    let ids = stmt.query_map([idea.to_string()], |r| r.get::<_, String>(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The adds of a tag on an idea that nobody has removed: what an untag removes.
pub(crate) fn tag_adds(conn: &Connection, idea: Uuid, tag: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.op_id FROM idea_tag_adds a WHERE a.idea_id = ?1 AND a.tag = ?2
           AND NOT EXISTS (SELECT 1 FROM idea_tag_removes r
                           WHERE r.add_op_id = a.op_id AND r.idea_id = a.idea_id)
         ORDER BY a.op_id",
    )?;
    let ids = stmt.query_map(params![idea.to_string(), tag], |r| r.get::<_, String>(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// The visible version of a field, if the field has any.
pub(crate) fn winner(conn: &Connection, idea: Uuid, field: IdeaField) -> Result<Option<Version>> {
    let row = conn
        .query_row(
            "SELECT hlc, actor FROM idea_field_versions WHERE idea_id = ?1 AND field = ?2
             ORDER BY hlc DESC, actor DESC LIMIT 1",
            params![idea.to_string(), field.name()],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
        )
        .optional()?;
    row.map(|(hlc, actor)| Ok(Version { hlc: hlc_from_sql(hlc), actor: parse_actor(&actor)? }))
        .transpose()
}

fn parse_actor(raw: &str) -> Result<ActorId> {
    Uuid::parse_str(raw)
        .map(ActorId)
        .map_err(|e| Error::CorruptMeta { key: "idea_field_versions.actor", reason: e.to_string() })
}

/// Throws every projection away and replays the op log in arrival order.
pub(crate) fn rebuild(conn: &Connection) -> Result<()> {
    // The FTS index follows `ideas` through its triggers.
    conn.execute_batch(
        "DELETE FROM ideas; DELETE FROM idea_field_versions; DELETE FROM idea_field_supersedes;
         DELETE FROM idea_conflicts; DELETE FROM idea_tag_adds; DELETE FROM idea_tag_removes;
         DELETE FROM idea_tombstones; DELETE FROM idea_comments; DELETE FROM idea_reviews;
         DELETE FROM idea_decisions; DELETE FROM rubrics; DELETE FROM idea_reviewers;
         DELETE FROM idea_consensus; DELETE FROM idea_merges; DELETE FROM idea_merge_undos;
         DELETE FROM shared_settings; DELETE FROM poc_field_versions; DELETE FROM poc_entries;
         DELETE FROM partner_field_versions; DELETE FROM partnership_moves;
         DELETE FROM benefit_field_versions; DELETE FROM benefit_moves;
         DELETE FROM benefit_entries; DELETE FROM benefits; DELETE FROM benefit_values;
         DELETE FROM benefit_totals;",
    )?;
    for op in read_ops(conn)? {
        apply(conn, &op)?;
    }
    Ok(())
}

/// A field two people changed without seeing each other's change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldConflict {
    pub idea: IdeaId,
    pub field: IdeaField,
    /// The competing versions and their values, the visible one first.
    pub versions: Vec<(Version, String)>,
}

/// How many fields are in conflict.
pub(crate) fn conflict_count(conn: &Connection) -> Result<u64> {
    // A deleted idea's conflicts are nobody's business any more.
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM idea_conflicts c
         WHERE NOT EXISTS (SELECT 1 FROM idea_tombstones t WHERE t.idea_id = c.idea_id)",
        [],
        |r| r.get(0),
    )?;
    Ok(n.unsigned_abs())
}

/// Every field with more than one unreplaced version, with the competing values.
pub(crate) fn conflicts(conn: &Connection) -> Result<Vec<FieldConflict>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.idea_id, v.field, v.hlc, v.actor, v.value
         FROM idea_conflicts c
         JOIN idea_field_versions v ON v.idea_id = c.idea_id AND v.field = c.field
         WHERE NOT EXISTS (SELECT 1 FROM idea_tombstones t WHERE t.idea_id = c.idea_id)
           AND NOT EXISTS (
             SELECT 1 FROM idea_field_supersedes s
             WHERE s.idea_id = v.idea_id AND s.field = v.field
               AND s.old_hlc = v.hlc AND s.old_actor = v.actor)
         ORDER BY v.idea_id, v.field, v.hlc DESC, v.actor DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let mut out: Vec<FieldConflict> = Vec::new();
    for row in rows {
        let (idea, field, hlc, actor, value) = row?;
        let idea = Uuid::parse_str(&idea).map(IdeaId::from_uuid).map_err(|e| {
            Error::CorruptMeta { key: "idea_field_versions.idea_id", reason: e.to_string() }
        })?;
        let field = field_named(&field)?;
        let version = Version { hlc: hlc_from_sql(hlc), actor: parse_actor(&actor)? };
        match out.last_mut() {
            Some(c) if c.idea == idea && c.field == field => c.versions.push((version, value)),
            _ => out.push(FieldConflict { idea, field, versions: vec![(version, value)] }),
        }
    }
    out.retain(|c| c.versions.len() > 1);
    Ok(out)
}

fn field_named(name: &str) -> Result<IdeaField> {
    IdeaField::named(name).ok_or_else(|| Error::CorruptMeta {
        key: "idea_field_versions.field",
        reason: format!("unknown field {name:?}"),
    })
}
