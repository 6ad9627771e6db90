//! Reading the records people attach to ideas: comments and reviews.

use std::collections::BTreeMap;

use rusqlite::{Connection, OptionalExtension, params};
use sprout_core::{Comment, DecisionRecord, IdeaField, IdeaId, Review, Rubric, aggregate};

use crate::error::Result;
use crate::ideas::{decision_from, hlc_time};
use crate::store::Store;

/// A review counts if a lead asked its reviewer to score the idea, or its reviewer is a
/// lead or admin on the roster (or there is no roster: a PC on its own). Judged over the
/// whole set of ops, so a review that arrives before its assignment counts once the
/// assignment arrives, on every device alike, and one nobody asked for never counts.
const COUNTED: &str = "(EXISTS (SELECT 1 FROM idea_reviewers a
        WHERE a.idea_id = r.idea_id AND a.reviewer = r.actor)
    OR EXISTS (SELECT 1 FROM members m WHERE m.actor = r.actor
        AND (',' || m.roles || ',' LIKE '%,lead,%' OR ',' || m.roles || ',' LIKE '%,admin,%'))
    OR NOT EXISTS (SELECT 1 FROM members))";

impl Store {
    /// An idea's comments, oldest first.
    pub fn comments(&self, idea: IdeaId) -> Result<Vec<Comment>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT op_id, actor, coalesce(
                 (SELECT p.person FROM members p WHERE p.actor = c.actor),
                 (SELECT p.person FROM people p WHERE p.actor = c.actor), c.author),
               hlc, text, support FROM idea_comments c WHERE idea_id = ?1
             ORDER BY hlc, op_id",
        )?;
        let rows = stmt.query_map([idea.to_string()], |r| {
            Ok(Comment {
                id: r.get(0)?,
                by: r.get(1)?,
                author: r.get(2)?,
                at: hlc_time(r.get(3)?),
                text: r.get(4)?,
                support: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every op about an idea, in the order every device agrees on (HLC, then actor): the
    /// raw material of its timeline.
    pub fn idea_history(&self, idea: IdeaId) -> Result<Vec<sprout_core::Op>> {
        let mut ops = self.ops_where("entity_id = ?1", [idea.to_string()])?;
        ops.sort_by_key(|op| (op.hlc, op.actor));
        Ok(ops)
    }

    /// An idea's gate decisions, oldest first: its path through the pipeline.
    pub fn decisions(&self, idea: IdeaId) -> Result<Vec<DecisionRecord>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT decision, from_stage, to_stage, rationale, actor, hlc, took_effect
             FROM idea_decisions WHERE idea_id = ?1 ORDER BY hlc, op_id",
        )?;
        let rows = stmt.query_map([idea.to_string()], |r| decision_from(r, 0))?;
        Ok(rows.filter_map(std::result::Result::transpose).collect::<rusqlite::Result<_>>()?)
    }

    /// The ops (by id) of an idea's decisions that moved nothing.
    pub fn decisions_without_effect(&self, idea: IdeaId) -> Result<Vec<String>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT op_id FROM idea_decisions WHERE idea_id = ?1 AND NOT took_effect",
        )?;
        let rows = stmt.query_map([idea.to_string()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The idea's framework answers as they stand (the visible version of each), by field.
    pub fn framework(&self, idea: IdeaId) -> Result<BTreeMap<IdeaField, String>> {
        let mut answers = BTreeMap::new();
        for field in IdeaField::EDITABLE.into_iter().filter(|f| f.is_framework()) {
            if let Some(value) = self.field_value(idea, field)? {
                answers.insert(field, value);
            }
        }
        Ok(answers)
    }

    pub(crate) fn field_value(&self, idea: IdeaId, field: IdeaField) -> Result<Option<String>> {
        let value = crate::imports::field_value(self.connection(), idea, field)?;
        Ok(Some(value).filter(|v| !v.is_empty()))
    }

    /// Each reviewer's latest scores for an idea, by reviewer id.
    pub fn reviews(&self, idea: IdeaId) -> Result<Vec<Review>> {
        counted_reviews(self.connection(), &idea.to_string())
    }
}

impl Store {
    /// The rubric in force: the highest version published, else the one Sprout ships.
    pub fn rubric(&self) -> Result<Rubric> {
        rubric_in(self.connection())
    }

    /// The reviewers (actor ids) a lead asked to score an idea.
    pub fn reviewers(&self, idea: IdeaId) -> Result<Vec<String>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT DISTINCT reviewer FROM idea_reviewers WHERE idea_id = ?1 ORDER BY reviewer",
        )?;
        let rows = stmt.query_map([idea.to_string()], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Live ideas `reviewer` was asked to score, newest first.
    pub fn assigned_to(&self, reviewer: &str) -> Result<Vec<IdeaId>> {
        let sql = format!(
            "SELECT DISTINCT i.id, i.created_hlc FROM idea_reviewers r JOIN ideas i ON i.id = r.idea_id
             WHERE r.reviewer = ?1 AND {} ORDER BY i.created_hlc DESC",
            crate::ideas::LIVE
        );
        let mut stmt = self.connection().prepare_cached(&sql)?;
        let rows = stmt.query_map([reviewer], |r| r.get::<_, String>(0))?;
        let mut ids = Vec::new();
        for row in rows {
            if let Ok(id) = row?.parse() {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The latest consensus note on an idea and when it was written, if any.
    pub fn consensus(
        &self,
        idea: IdeaId,
    ) -> Result<Option<(chrono::DateTime<chrono::Utc>, String)>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT hlc, note FROM idea_consensus WHERE idea_id = ?1
                 ORDER BY hlc DESC, op_id DESC LIMIT 1",
                [idea.to_string()],
                |r| Ok((hlc_time(r.get(0)?), r.get(1)?)),
            )
            .optional()?)
    }
}

impl Store {
    /// How many days an idea may wait in Submitted or Triage, as the hub's admins last set
    /// it, if they have.
    pub fn waiting_target(&self) -> Result<Option<u32>> {
        let value: Option<String> = self
            .connection()
            .query_row(
                "SELECT value FROM shared_settings WHERE key = 'waiting_days'
                 ORDER BY hlc DESC, op_id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(value.and_then(|v| v.parse().ok()))
    }

    /// The hub's hospital-number formats, as its admins last set them.
    pub fn hospital_number_patterns(&self) -> Result<Vec<String>> {
        let value: Option<String> = self
            .connection()
            .query_row(
                "SELECT value FROM shared_settings WHERE key = 'hospital_numbers'
                 ORDER BY hlc DESC, op_id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        // A setting that cannot be read is an error, never a silent fall back to a weaker
        // guard.
        value.map(|v| serde_json::from_str(&v)).transpose().map(Option::unwrap_or_default).map_err(
            |e| crate::Error::CorruptMeta {
                key: "shared_settings.hospital_numbers",
                reason: e.to_string(),
            },
        )
    }
}

/// Each reviewer's latest counted scores for an idea, in reviewer order.
fn counted_reviews(conn: &Connection, idea: &str) -> Result<Vec<Review>> {
    // The latest per reviewer by (hlc, op id): the same on every device whatever order
    // the submissions arrived in.
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT actor, hlc, scores, note FROM idea_reviews r WHERE idea_id = ?1
           AND {COUNTED} AND NOT EXISTS (SELECT 1 FROM idea_reviews later
               WHERE later.idea_id = r.idea_id AND later.actor = r.actor
                 AND (later.hlc, later.op_id) > (r.hlc, r.op_id))
         ORDER BY actor"
    ))?;
    let rows = stmt.query_map(params![idea], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?, r.get(3)?))
    })?;
    let mut reviews = Vec::new();
    for row in rows {
        let (by, hlc, scores, note) = row?;
        let scores: BTreeMap<String, Option<u8>> = serde_json::from_str(&scores)?;
        reviews.push(Review { by, at: hlc_time(hlc), scores, note });
    }
    Ok(reviews)
}

fn rubric_in(conn: &Connection) -> Result<Rubric> {
    let body: Option<String> = conn
        .query_row(
            "SELECT body FROM rubrics ORDER BY version DESC, hlc DESC, op_id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    // A rubric that cannot be read is an error: scoring against the shipped rubric
    // instead would silently change every total.
    match body {
        Some(b) => serde_json::from_str(&b)
            .map_err(|e| crate::Error::CorruptMeta { key: "rubrics.body", reason: e.to_string() }),
        None => Ok(Rubric::shipped()),
    }
}

/// Keeps an idea's `score` column true to its counted reviews and the rubric in force, so
/// lists read and sort by it without adding reviews up for every row.
pub(crate) fn rescore(conn: &Connection, idea: &str) -> Result<()> {
    // Most ideas arriving in a pull have no reviews: they cost one indexed probe, not a
    // rubric read, so applying a hub's history stays fast.
    let reviewed: bool = conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM idea_reviews WHERE idea_id = ?1)")?
        .query_row([idea], |r| r.get(0))?;
    // Reviews are never taken away, so an idea without one has no score to clear.
    if !reviewed {
        return Ok(());
    }
    rescore_with(conn, &rubric_in(conn)?, idea)
}

fn rescore_with(conn: &Connection, rubric: &Rubric, idea: &str) -> Result<()> {
    let reviews = counted_reviews(conn, idea)?;
    let score = if reviews.is_empty() { None } else { aggregate(rubric, &reviews).total };
    conn.prepare_cached("UPDATE ideas SET score = ?2 WHERE id = ?1 AND score IS NOT ?2")?
        .execute(params![idea, score])?;
    Ok(())
}

/// Rescores every idea anyone reviewed: after a new rubric, or a roster that changes whose
/// reviews count.
pub(crate) fn rescore_all(conn: &Connection) -> Result<()> {
    let rubric = rubric_in(conn)?;
    let ideas: Vec<String> = conn
        .prepare_cached("SELECT DISTINCT idea_id FROM idea_reviews")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for idea in ideas {
        rescore_with(conn, &rubric, &idea)?;
    }
    Ok(())
}
