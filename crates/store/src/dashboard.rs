//! The dashboard's counts, each one aggregate query over the same rows the Ideas table's
//! filters read (listed ideas; gate decisions that took effect), so every count equals the
//! rows its query lists. Periods are stored clocks (see `pages::period_hlc`).

use std::collections::BTreeMap;

use rusqlite::params;
use sprout_core::Stage;

use crate::error::Result;
use crate::store::Store;

/// Counts for a month: ideas submitted, decided (any gate decision that took effect),
/// moved to POC planning, adopted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MonthCounts {
    pub submitted: u32,
    pub decided: u32,
    pub to_poc: u32,
    pub adopted: u32,
}

/// Counts for a site or a department: submitted in the period, in a POC now, adopted now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupCounts {
    pub submitted: u32,
    pub in_poc: u32,
    pub adopted: u32,
}

/// An idea a board pack lists as counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountedIdea {
    pub id: String,
    pub title: String,
    pub site: String,
    pub stage: Stage,
    /// When it was submitted, as a stored clock.
    pub created_hlc: i64,
}

/// A stage left in the period: the idea, and the days it had spent in it.
#[derive(Clone, Debug, PartialEq)]
pub struct StageStay {
    pub stage: Stage,
    pub idea: String,
    pub days: f64,
}

const POC_STAGES: &str = "('poc_planning', 'poc_running', 'poc_review')";

impl Store {
    /// Ideas that entered each stage in the period (Submitted: submitted in it).
    pub fn entered_counts(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<Vec<(Stage, u32)>> {
        let conn = self.connection();
        let submitted: u32 = conn
            .prepare_cached(
                "SELECT count(*) FROM ideas i WHERE i.listed = 1 AND i.created_hlc BETWEEN ?1 AND ?2
                   AND (?3 IS NULL OR i.site = ?3)",
            )?
            .query_row(params![from, to, site], |r| r.get(0))?;
        let mut out = vec![(Stage::Submitted, submitted)];
        let mut stmt = conn.prepare_cached(
            "SELECT d.to_stage, count(DISTINCT d.idea_id)
             FROM idea_decisions d INDEXED BY idea_decisions_when JOIN ideas i ON i.id = d.idea_id
             WHERE d.took_effect AND d.hlc BETWEEN ?1 AND ?2 AND i.listed = 1
               AND (?3 IS NULL OR i.site = ?3)
             GROUP BY d.to_stage",
        )?;
        for row in stmt.query_map(params![from, to, site], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })? {
            let (stage, n) = row?;
            if let Ok(stage) = stage.parse::<Stage>() {
                out.push((stage, n));
            }
        }
        Ok(out)
    }

    /// Every stage left in the period by a decision that took effect, with the days spent
    /// in it (from the decision that brought the idea there, or its submission).
    pub fn stage_stays(&self, from: i64, to: i64, site: Option<&str>) -> Result<Vec<StageStay>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT d.from_stage, d.idea_id, d.hlc, d.stayed_from
             FROM idea_decisions d INDEXED BY idea_decisions_when JOIN ideas i ON i.id = d.idea_id
             WHERE d.took_effect AND d.hlc BETWEEN ?1 AND ?2 AND d.stayed_from IS NOT NULL
               AND i.listed = 1 AND (?3 IS NULL OR i.site = ?3)",
        )?;
        let mut out = Vec::new();
        for row in stmt.query_map(params![from, to, site], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
            ))
        })? {
            let (stage, idea, left, entered) = row?;
            let Ok(stage) = stage.parse::<Stage>() else { continue };
            #[allow(clippy::cast_precision_loss, reason = "days, to show")]
            let days = ((left >> 16) - (entered >> 16)).max(0) as f64 / 86_400_000.0;
            out.push(StageStay { stage, idea, days });
        }
        Ok(out)
    }

    /// For each month given (its name and its first and last moments as stored clocks):
    /// submitted, decided, to POC, adopted. Each is a range read on an index.
    pub fn monthly_counts(
        &self,
        months: &[(String, i64, i64)],
        site: Option<&str>,
    ) -> Result<BTreeMap<String, MonthCounts>> {
        let conn = self.connection();
        let mut submitted = conn.prepare_cached(
            "SELECT count(*) FROM ideas i WHERE i.listed = 1 AND i.created_hlc BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR i.site = ?3)",
        )?;
        let mut decided = conn.prepare_cached(
            "SELECT count(DISTINCT d.idea_id),
                    count(DISTINCT CASE WHEN d.to_stage = 'poc_planning' THEN d.idea_id END),
                    count(DISTINCT CASE WHEN d.to_stage = 'adopt_and_spread' THEN d.idea_id END)
             FROM idea_decisions d INDEXED BY idea_decisions_when JOIN ideas i ON i.id = d.idea_id
             WHERE d.took_effect AND d.hlc BETWEEN ?1 AND ?2 AND i.listed = 1
               AND (?3 IS NULL OR i.site = ?3)",
        )?;
        let mut out = BTreeMap::new();
        for (month, from, to) in months {
            let n: u32 = submitted.query_row(params![from, to, site], |r| r.get(0))?;
            let (d, p, a): (u32, u32, u32) = decided
                .query_row(params![from, to, site], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            out.insert(
                month.clone(),
                MonthCounts { submitted: n, decided: d, to_poc: p, adopted: a },
            );
        }
        Ok(out)
    }

    /// Ideas at `stage` since before `cutoff` (a stored clock).
    pub fn waiting_count(&self, stage: Stage, cutoff: i64, site: Option<&str>) -> Result<u32> {
        Ok(self
            .connection()
            .prepare_cached(
                "SELECT count(*) FROM ideas i WHERE i.listed = 1 AND i.stage = ?1
                   AND i.stage_since < ?2 AND (?3 IS NULL OR i.site = ?3)",
            )?
            .query_row(params![stage.key(), cutoff, site], |r| r.get(0))?)
    }

    /// By site (or by department, `by_department`): submitted in the period, in a POC now,
    /// adopted now.
    pub fn group_counts(
        &self,
        from: i64,
        to: i64,
        by_department: bool,
        site: Option<&str>,
    ) -> Result<BTreeMap<String, GroupCounts>> {
        let conn = self.connection();
        let column = if by_department { "i.department" } else { "i.site" };
        let mut out: BTreeMap<String, GroupCounts> = BTreeMap::new();
        let mut submitted = conn.prepare_cached(&format!(
            "SELECT {column}, count(*) FROM ideas i INDEXED BY ideas_created_groups
             WHERE i.listed = 1 AND i.created_hlc BETWEEN ?1 AND ?2 AND (?3 IS NULL OR i.site = ?3)
             GROUP BY 1"
        ))?;
        for row in submitted
            .query_map(params![from, to, site], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
        {
            let (name, n) = row?;
            out.entry(name).or_default().submitted = n;
        }
        let mut now = conn.prepare_cached(&format!(
            "SELECT {column}, sum(i.stage IN {POC_STAGES}), sum(i.stage = 'adopt_and_spread')
             FROM ideas i INDEXED BY ideas_by_department
             WHERE i.listed = 1 AND i.stage IN ('poc_planning', 'poc_running', 'poc_review', 'adopt_and_spread')
               AND (?1 IS NULL OR i.site = ?1)
             GROUP BY 1"
        ))?;
        for row in
            now.query_map(params![site], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?)))?
        {
            let (name, in_poc, adopted) = row?;
            let g = out.entry(name).or_default();
            g.in_poc = in_poc;
            g.adopted = adopted;
        }
        Ok(out)
    }

    /// For each idea first decided in the period: when (a stored clock) and the days from
    /// its submission.
    pub fn first_decisions(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<Vec<(i64, f64)>> {
        let mut stmt = self.connection().prepare_cached(
            // Only an idea decided in the period can have been first decided in it: the
            // period's decisions choose the ideas, and only theirs are read.
            "SELECT f.first, (f.first >> 16) - (i.created_hlc >> 16) FROM (
                 SELECT idea_id, min(hlc) AS first FROM idea_decisions
                 INDEXED BY idea_decisions_in_effect
                 WHERE took_effect AND idea_id IN (
                     SELECT idea_id FROM idea_decisions INDEXED BY idea_decisions_when
                     WHERE took_effect AND hlc BETWEEN ?1 AND ?2)
                 GROUP BY idea_id) f
             JOIN ideas i ON i.id = f.idea_id
             WHERE f.first BETWEEN ?1 AND ?2 AND i.listed = 1 AND (?3 IS NULL OR i.site = ?3)",
        )?;
        let mut out = Vec::new();
        for row in stmt.query_map(params![from, to, site], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (first, millis) = row?;
            #[allow(clippy::cast_precision_loss, reason = "days, to show")]
            out.push((first, millis.max(0) as f64 / 86_400_000.0));
        }
        Ok(out)
    }

    /// Every idea the period's figures count, oldest submission first: submitted in the
    /// period, moved by a decision that took effect in it, waiting in Submitted or Triage
    /// since before `cutoff`, or in a POC or adopted now. Each part is a read on the index
    /// its figure uses; the union is what a board pack's appendix lists.
    pub fn counted_ideas(
        &self,
        from: i64,
        to: i64,
        cutoff: i64,
        site: Option<&str>,
    ) -> Result<Vec<CountedIdea>> {
        let mut stmt = self.connection().prepare_cached(
            "WITH counted(id) AS (
                 SELECT i.id FROM ideas i INDEXED BY ideas_created_groups
                  WHERE i.listed = 1 AND i.created_hlc BETWEEN ?1 AND ?2
                 UNION SELECT d.idea_id FROM idea_decisions d INDEXED BY idea_decisions_when
                  WHERE d.took_effect AND d.hlc BETWEEN ?1 AND ?2
                 UNION SELECT i.id FROM ideas i INDEXED BY ideas_waiting
                  WHERE i.listed = 1 AND i.stage IN ('submitted', 'triage') AND i.stage_since < ?3
                 UNION SELECT i.id FROM ideas i INDEXED BY ideas_by_department
                  WHERE i.listed = 1
                    AND i.stage IN ('poc_planning', 'poc_running', 'poc_review', 'adopt_and_spread'))
             SELECT i.id, i.title, i.site, i.stage, i.created_hlc
             FROM counted c JOIN ideas i ON i.id = c.id
             WHERE i.listed = 1 AND (?4 IS NULL OR i.site = ?4)
             ORDER BY i.created_hlc, i.id",
        )?;
        let mut out = Vec::new();
        for row in stmt.query_map(params![from, to, cutoff, site], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })? {
            let (id, title, site, stage, created_hlc) = row?;
            let Ok(stage) = stage.parse::<Stage>() else { continue };
            out.push(CountedIdea { id, title, site, stage, created_hlc });
        }
        Ok(out)
    }
}
