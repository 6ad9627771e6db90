//! The dashboard's counts, each one aggregate query over the same rows the Ideas table's
//! filters read (listed ideas; gate decisions that took effect), so every count equals the
//! rows its query lists. Periods are stored clocks (see `pages::period_hlc`).

use std::collections::BTreeMap;

use rusqlite::params;
use sprout_core::Stage;

use crate::error::Result;
use crate::store::Store;

/// Month of a stored clock, "2026-04", in SQL.
const MONTH: &str = "strftime('%Y-%m', (hlc >> 16) / 1000, 'unixepoch')";

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
            "SELECT from_stage, idea_id, hlc, coalesce(entered, created) FROM (
                 SELECT d.from_stage, d.idea_id, d.hlc, i.created_hlc AS created,
                        lag(d.hlc) OVER (PARTITION BY d.idea_id ORDER BY d.hlc, d.op_id) AS entered
                 FROM idea_decisions d JOIN ideas i ON i.id = d.idea_id
                 WHERE d.took_effect AND i.listed = 1 AND (?3 IS NULL OR i.site = ?3)
                   AND d.idea_id IN (SELECT idea_id FROM idea_decisions INDEXED BY idea_decisions_when
                                     WHERE took_effect AND hlc BETWEEN ?1 AND ?2))
             WHERE hlc BETWEEN ?1 AND ?2",
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

    /// Month by month in the period ("2026-04"): submitted, decided, to POC, adopted.
    pub fn monthly_counts(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<BTreeMap<String, MonthCounts>> {
        let conn = self.connection();
        let mut out: BTreeMap<String, MonthCounts> = BTreeMap::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, count(*) FROM ideas i
             WHERE i.listed = 1 AND i.created_hlc BETWEEN ?1 AND ?2 AND (?3 IS NULL OR i.site = ?3)
             GROUP BY 1",
            MONTH.replace("hlc >>", "i.created_hlc >>")
        ))?;
        for row in
            stmt.query_map(params![from, to, site], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?
        {
            let (month, n) = row?;
            out.entry(month).or_default().submitted = n;
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {}, count(DISTINCT d.idea_id),
                    count(DISTINCT CASE WHEN d.to_stage = 'poc_planning' THEN d.idea_id END),
                    count(DISTINCT CASE WHEN d.to_stage = 'adopt_and_spread' THEN d.idea_id END)
             FROM idea_decisions d INDEXED BY idea_decisions_when JOIN ideas i ON i.id = d.idea_id
             WHERE d.took_effect AND d.hlc BETWEEN ?1 AND ?2 AND i.listed = 1
               AND (?3 IS NULL OR i.site = ?3)
             GROUP BY 1",
            MONTH.replace("hlc >>", "d.hlc >>")
        ))?;
        for row in stmt.query_map(params![from, to, site], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })? {
            let (month, decided, to_poc, adopted) = row?;
            let m = out.entry(month).or_default();
            m.decided = decided;
            m.to_poc = to_poc;
            m.adopted = adopted;
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
        let column = if by_department { "i.department" } else { "i.site" };
        let mut stmt = self.connection().prepare_cached(&format!(
            "SELECT {column},
                    sum(i.created_hlc BETWEEN ?1 AND ?2),
                    sum(i.stage IN {POC_STAGES}),
                    sum(i.stage = 'adopt_and_spread')
             FROM ideas i WHERE i.listed = 1 AND (?3 IS NULL OR i.site = ?3) GROUP BY 1"
        ))?;
        let mut out = BTreeMap::new();
        for row in stmt.query_map(params![from, to, site], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })? {
            let (name, submitted, in_poc, adopted) = row?;
            out.insert(name, GroupCounts { submitted, in_poc, adopted });
        }
        Ok(out)
    }

    /// Month by month, the days from submission to each idea's first gate decision that
    /// took effect, for the ideas first decided in that month.
    pub fn first_decision_days(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<BTreeMap<String, Vec<f64>>> {
        let mut stmt = self.connection().prepare_cached(&format!(
            "SELECT {}, (first >> 16) - (i.created_hlc >> 16) FROM (
                 SELECT idea_id, min(hlc) AS first FROM idea_decisions WHERE took_effect
                 GROUP BY idea_id) f JOIN ideas i ON i.id = f.idea_id
             WHERE f.first BETWEEN ?1 AND ?2 AND i.listed = 1 AND (?3 IS NULL OR i.site = ?3)",
            MONTH.replace("hlc >>", "f.first >>")
        ))?;
        let mut out: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for row in stmt.query_map(params![from, to, site], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })? {
            let (month, millis) = row?;
            #[allow(clippy::cast_precision_loss, reason = "days, to show")]
            out.entry(month).or_default().push(millis.max(0) as f64 / 86_400_000.0);
        }
        Ok(out)
    }
}
