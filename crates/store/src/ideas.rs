//! Reading ideas from the projection.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row};
use sprout_core::{
    DecisionRecord, Idea, IdeaId, Stage, fts_match_expression, fts_terms, similarity, trigrams,
};
use uuid::Uuid;

use crate::error::Result;
use crate::store::{Store, hlc_from_sql};

/// Tags ride along as one string, separated by the unit separator (never in a tag: tags
/// refuse control characters).
pub(crate) const COLUMNS: &str =
    "i.id, i.title, i.problem, i.solution, coalesce(
        (SELECT p.person FROM members p WHERE p.actor = i.submitted_by),
        (SELECT p.person FROM people p WHERE p.actor = i.submitted_by), i.author),
    i.created_hlc, i.updated_hlc,
    i.submitted_by, i.affects, i.site, i.department, d.decision, d.from_stage, d.to_stage, d.rationale, d.actor, d.hlc, d.took_effect, (SELECT group_concat(tag, char(31)) FROM (
        SELECT DISTINCT a.tag FROM idea_tag_adds a WHERE a.idea_id = i.id AND NOT EXISTS (
            SELECT 1 FROM idea_tag_removes r WHERE r.add_op_id = a.op_id AND r.idea_id = a.idea_id)
        ORDER BY a.tag)),
    i.imported_supporters
      + (SELECT count(DISTINCT c.actor) FROM idea_comments c WHERE c.idea_id = i.id AND c.support),
    (SELECT m.into_id FROM idea_merges m WHERE m.idea_id = i.id
       AND NOT EXISTS (SELECT 1 FROM idea_merge_undos u
                       WHERE u.merge_op_id = m.op_id AND u.idea_id = m.idea_id)
     ORDER BY m.hlc DESC, m.op_id DESC LIMIT 1),
    i.score, i.original_submitter";

/// Each idea with its latest gate decision, if it has had one.
pub(crate) const DECISION_JOIN: &str = "LEFT JOIN idea_decisions d ON d.op_id = (
    SELECT x.op_id FROM idea_decisions x WHERE x.idea_id = i.id AND x.took_effect
    ORDER BY x.hlc DESC, x.op_id DESC LIMIT 1)";

/// Deleted ideas keep their row and history but are not shown.
pub(crate) const LIVE: &str = "NOT EXISTS (SELECT 1 FROM idea_tombstones t WHERE t.idea_id = i.id)";

/// How many search results a person can usefully read.
pub const SEARCH_LIMIT: u32 = 100;

impl Store {
    pub fn idea(&self, id: IdeaId) -> Result<Option<Idea>> {
        let sql =
            format!("SELECT {COLUMNS} FROM ideas i {DECISION_JOIN} WHERE i.id = ?1 AND {LIVE}");
        // Cached: every command reads its idea, and compiling this statement costs more
        // than running it.
        let mut stmt = self.connection().prepare_cached(&sql)?;
        Ok(stmt.query_row([id.to_string()], row_to_idea).optional()?)
    }

    pub fn ideas_newest_first(&self) -> Result<Vec<Idea>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM ideas i {DECISION_JOIN} WHERE {LIVE} ORDER BY i.created_hlc DESC, i.id DESC"
        );
        let mut stmt = self.connection().prepare_cached(&sql)?;
        Ok(stmt.query_map([], row_to_idea)?.collect::<rusqlite::Result<_>>()?)
    }

    /// The ideas seen at one site, newest first: a site's board.
    pub fn ideas_at_site(&self, site: &str) -> Result<Vec<Idea>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM ideas i {DECISION_JOIN} WHERE i.site = ?1 AND {LIVE}
             ORDER BY i.created_hlc DESC, i.id DESC"
        );
        let mut stmt = self.connection().prepare_cached(&sql)?;
        Ok(stmt.query_map([site], row_to_idea)?.collect::<rusqlite::Result<_>>()?)
    }

    /// Ideas matching every word of `query`, best first. Titles weigh most, then the
    /// problem, then the solution. Any text is accepted; none of it is query syntax.
    pub fn search_ideas(&self, query: &str) -> Result<Vec<Idea>> {
        let Some(expr) = fts_match_expression(query) else {
            return Ok(Vec::new());
        };
        // Ranked in the index alone, then only the shown rows are read whole: a common word
        // matches thousands of ideas, and reading each one's row, tags and decisions before
        // the limit cost far more than the ranking. Withdrawn ideas are dropped after it (a
        // few more are ranked to make up for them); row ids grow with arrival, so among
        // equal ranks the newest comes first.
        let sql = format!(
            "SELECT {COLUMNS} FROM (
                 SELECT rowid AS num, bm25(ideas_fts, 10.0, 4.0, 2.0) AS rank FROM ideas_fts
                 WHERE ideas_fts MATCH ?1 ORDER BY rank, rowid DESC LIMIT ?2 + 20) h
             JOIN ideas i ON i.num = h.num {DECISION_JOIN}
             WHERE i.deleted = 0 ORDER BY h.rank, h.num DESC LIMIT ?2"
        );
        let mut stmt = self.connection().prepare_cached(&sql)?;
        Ok(stmt
            .query_map(rusqlite::params![expr, SEARCH_LIMIT], row_to_idea)?
            .collect::<rusqlite::Result<_>>()?)
    }
}

/// How many full-text candidates the similarity measure looks at.
const SIMILAR_CANDIDATES: usize = 60;
/// Below this, ideas share a word or two by chance.
const SIMILAR_AT_LEAST: f64 = 0.2;
/// The newest ideas in which each typed word's share is sampled, to guess how many ideas
/// hold it before reading them.
const RARITY_SAMPLE: i64 = 500;
/// How many index entries the typed words may bring as candidates, rarest words first.
const CANDIDATE_BUDGET: f64 = 15_000.0;

impl Store {
    /// Up to `limit` listed ideas, from every site, that look like `text` (a title and
    /// problem being typed), most alike first, with how alike they are (0 to 1).
    ///
    /// In real text most typed words are common, and a duplicate shares its original's
    /// common words more than its rare ones; ranking every idea holding any of them (bm25
    /// over thousands of matches) cost 200 ms at 100 000 ideas. So each word's share is
    /// first sampled among the newest ideas; then, rarest first and within a budget of
    /// index entries, the ideas holding each word are read, each weighted by how rare the
    /// word is. Only the best candidates' titles and problems are read to measure likeness,
    /// and only the few shown are read whole. Text of very common words alone falls back to
    /// ranking every match in the index.
    pub fn similar_ideas(&self, text: &str, limit: usize) -> Result<Vec<(Idea, f64)>> {
        let terms = fts_terms(text);
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let conn = self.connection();
        let newest: i64 =
            conn.query_row("SELECT coalesce(max(num), 0) FROM ideas", [], |r| r.get(0))?;
        let window = RARITY_SAMPLE.min(newest).max(1);
        let mut sample = conn.prepare_cached(
            "SELECT count(*) FROM ideas_fts WHERE ideas_fts MATCH ?1 AND rowid > ?2",
        )?;
        let mut guessed: Vec<(f64, &String)> = Vec::with_capacity(terms.len());
        for term in &terms {
            let seen: i64 =
                sample.query_row(rusqlite::params![term, newest - window], |r| r.get(0))?;
            guessed.push((seen as f64 * newest as f64 / window as f64, term));
        }
        guessed.sort_by(|a, b| a.0.total_cmp(&b.0));

        let mut holding =
            conn.prepare_cached("SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH ?1")?;
        let mut weight: HashMap<i64, f64> = HashMap::new();
        let mut budget = CANDIDATE_BUDGET;
        let mut found: Vec<i64> = Vec::new();
        for (guess, term) in guessed {
            if guess > budget {
                break;
            }
            found.clear();
            let mut rows = holding.query([term])?;
            while let Some(row) = rows.next()? {
                found.push(row.get(0)?);
            }
            budget -= found.len() as f64;
            if found.is_empty() {
                continue;
            }
            let rarity = ((newest + 1) as f64 / found.len() as f64).ln();
            for &num in &found {
                *weight.entry(num).or_default() += rarity;
            }
        }
        // A few more than needed: merged and deleted ideas are dropped when read.
        let wanted = SIMILAR_CANDIDATES + 20;
        let candidates: Vec<i64> = if weight.is_empty() {
            let mut ranked = conn.prepare_cached(
                "SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH ?1
                 ORDER BY bm25(ideas_fts, 10.0, 4.0, 2.0) LIMIT ?2",
            )?;
            ranked
                .query_map(rusqlite::params![terms.join(" OR "), wanted as i64], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        } else {
            let mut best: Vec<(i64, f64)> = weight.into_iter().collect();
            // Newest first among equals, as row ids grow with arrival.
            best.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(b.0.cmp(&a.0)));
            best.into_iter().take(wanted).map(|(num, _)| num).collect()
        };

        let mut text_of = conn.prepare_cached(
            "SELECT title || ' ' || problem FROM ideas WHERE num = ?1 AND listed = 1",
        )?;
        let typed = trigrams(text);
        let mut scored: Vec<(i64, f64)> = Vec::with_capacity(SIMILAR_CANDIDATES);
        for num in candidates {
            if scored.len() == SIMILAR_CANDIDATES {
                break;
            }
            let both: Option<String> = text_of.query_row([num], |r| r.get(0)).optional()?;
            if let Some(both) = both {
                scored.push((num, similarity(&typed, &trigrams(&both))));
            }
        }
        scored.retain(|(_, score)| *score >= SIMILAR_AT_LEAST);
        scored.sort_by(|a, b| b.1.total_cmp(&a.1));
        scored.truncate(limit);
        let mut whole = conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ideas i {DECISION_JOIN} WHERE i.num = ?1"
        ))?;
        scored
            .into_iter()
            .map(|(num, score)| Ok((whole.query_row([num], row_to_idea)?, score)))
            .collect()
    }
}

pub(crate) fn row_to_idea(row: &Row<'_>) -> rusqlite::Result<Idea> {
    let id: String = row.get(0)?;
    let id = Uuid::parse_str(&id).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })?;
    let solution: String = row.get(3)?;
    let tags: Option<String> = row.get(18)?;
    let last_decision = decision_from(row, 11)?;
    let affects: String = row.get(8)?;
    Ok(Idea {
        id: IdeaId::from_uuid(id),
        title: row.get(1)?,
        problem: row.get(2)?,
        solution: (!solution.is_empty()).then_some(solution),
        author: row.get(4)?,
        submitted_by: row.get(7)?,
        supporters: row.get(19)?,
        score: row.get(21)?,
        merged_into: row
            .get::<_, Option<String>>(20)?
            .and_then(|m| Uuid::parse_str(&m).ok())
            .map(IdeaId::from_uuid),
        affects: affects.split(',').filter(|a| !a.is_empty()).map(str::to_owned).collect(),
        site: row.get(9)?,
        department: row.get(10)?,
        stage: last_decision.as_ref().map_or(Stage::Submitted, |d| d.to),
        last_decision,
        tags: tags.map(|t| t.split('\u{1f}').map(str::to_owned).collect()).unwrap_or_default(),
        original_submitter: row.get(22)?,
        created_at: hlc_time(row.get(5)?),
        updated_at: hlc_time(row.get(6)?),
    })
}

/// A decision from seven columns starting at `at`: decision, from, to, rationale, actor,
/// hlc, took_effect.
pub(crate) fn decision_from(row: &Row<'_>, at: usize) -> rusqlite::Result<Option<DecisionRecord>> {
    let Some(decision) = row.get::<_, Option<String>>(at)? else { return Ok(None) };
    let parse = |i: usize, raw: String| -> rusqlite::Result<Stage> {
        raw.parse().map_err(|e: String| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
        })
    };
    Ok(Some(DecisionRecord {
        decision: decision.parse().map_err(|e: String| {
            rusqlite::Error::FromSqlConversionFailure(at, rusqlite::types::Type::Text, e.into())
        })?,
        from: parse(at + 1, row.get(at + 1)?)?,
        to: parse(at + 2, row.get(at + 2)?)?,
        rationale: row.get(at + 3)?,
        by: row.get(at + 4)?,
        at: hlc_time(row.get(at + 5)?),
        took_effect: row.get::<_, Option<bool>>(at + 6)?.unwrap_or(true),
    }))
}

pub(crate) fn hlc_time(raw: i64) -> DateTime<Utc> {
    let millis = i64::try_from(hlc_from_sql(raw).millis()).unwrap_or(i64::MAX);
    DateTime::from_timestamp_millis(millis).unwrap_or(DateTime::<Utc>::MAX_UTC)
}
