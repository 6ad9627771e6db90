//! Benefits: keeping each benefit's row and its standing forecasts and actuals as ops
//! arrive, and reading the register, a benefit's history and the roll-up. The roll-up is
//! SQL over `benefit_values`, whose rows carry what it groups by, so it reads one index.

use rusqlite::{Connection, OptionalExtension, params};
use sprout_core::{
    BenefitEntryKind, BenefitLogged, BenefitMove, BenefitState, IdeaField as F, Op, Quarter,
    is_money, replay_benefit, to_milli,
};
use uuid::Uuid;

use crate::error::Result;
use crate::ideas::hlc_time;
use crate::store::{Store, hlc_to_sql};

/// Works a benefit's row out again from its field versions and moves, and copies what the
/// roll-up groups by onto its values. Independent of the order ops arrived in.
pub(crate) fn restate(conn: &Connection, idea: &str, benefit: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT field, value FROM (
             SELECT field, value, row_number() OVER (PARTITION BY field
                                                     ORDER BY hlc DESC, actor DESC) AS rank
             FROM benefit_field_versions WHERE idea_id = ?1 AND benefit_id = ?2)
         WHERE rank = 1",
    )?;
    let fields: sprout_core::Fields = stmt
        .query_map(params![idea, benefit], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if fields.is_empty() {
        // Moves or entries ahead of the benefit itself wait for it.
        return Ok(());
    }
    let created: i64 = conn.query_row(
        "SELECT min(hlc) FROM benefit_field_versions WHERE idea_id = ?1 AND benefit_id = ?2",
        params![idea, benefit],
        |r| r.get(0),
    )?;
    let f = |field: F| fields.get(field.name()).cloned().unwrap_or_default();
    let class = f(F::BenefitClass);
    let rows = moves_of(conn, idea, benefit)?;
    let moves: Vec<BenefitMove> = rows.iter().map(|m| m.mv.clone()).collect();
    let (state, took) = replay_benefit(&moves, &class);
    // The estimate validated is the one on the move that took it to validated.
    let estimate = rows
        .iter()
        .zip(&took)
        .filter(|(m, ok)| **ok && m.mv.to == BenefitState::Validated)
        .filter_map(|(m, _)| m.estimate.parse::<i64>().ok())
        .next_back();
    let money = is_money(&class, &f(F::Unit));
    conn.prepare_cached(
        "INSERT INTO benefits (idea_id, benefit_id, title, class, category, measure, unit, site,
             officer, money, disbenefit, value_per_year, timescale, target_date, state, estimate,
             created_hlc, measured, live, target_year)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20)
         ON CONFLICT (idea_id, benefit_id) DO UPDATE SET title = excluded.title,
             class = excluded.class, category = excluded.category, measure = excluded.measure,
             unit = excluded.unit, site = excluded.site, officer = excluded.officer,
             money = excluded.money, disbenefit = excluded.disbenefit,
             value_per_year = excluded.value_per_year, timescale = excluded.timescale,
             target_date = excluded.target_date, state = excluded.state,
             estimate = excluded.estimate, created_hlc = excluded.created_hlc,
             measured = excluded.measured, live = excluded.live,
             target_year = excluded.target_year",
    )?
    .execute(params![
        idea,
        benefit,
        f(F::Title),
        class,
        f(F::BenefitCategory),
        f(F::Measure),
        f(F::Unit),
        f(F::Site),
        f(F::ResponsibleOfficer),
        money,
        f(F::Disbenefit) == "yes",
        f(F::ValuePerYear).parse::<i64>().ok(),
        f(F::Timescale).parse::<i64>().ok(),
        f(F::TargetDate),
        state.key(),
        estimate,
        created,
        !f(F::Baseline).is_empty() && !f(F::Target).is_empty(),
        live(conn, idea)?,
        chrono::NaiveDate::parse_from_str(&f(F::TargetDate), "%Y-%m-%d")
            .ok()
            .map(|d| Quarter::of(d).year)
    ])?;
    conn.prepare_cached(
        "UPDATE benefit_values SET known = ?3, money = ?4, class = ?5, measure = ?6, unit = ?7,
             verified = ?8
         WHERE idea_id = ?1 AND benefit_id = ?2",
    )?
    .execute(params![
        idea,
        benefit,
        live(conn, idea)?,
        money,
        class,
        f(F::Measure),
        f(F::Unit),
        state == BenefitState::Verified
    ])?;
    Ok(())
}

/// Whether an idea's benefits count: it is not deleted.
fn live(conn: &Connection, idea: &str) -> Result<bool> {
    let deleted: Option<bool> = conn
        .prepare_cached("SELECT deleted FROM ideas WHERE id = ?1")?
        .query_row([idea], |r| r.get(0))
        .optional()?;
    Ok(deleted != Some(true))
}

/// After an idea is deleted (or a deletion undone), its benefits' values leave (or rejoin)
/// the roll-up.
pub(crate) fn recount(conn: &Connection, idea: &str) -> Result<()> {
    conn.prepare_cached("UPDATE benefits SET live = ?2 WHERE idea_id = ?1")?
        .execute(params![idea, live(conn, idea)?])?;
    conn.prepare_cached(
        "UPDATE benefit_values SET known = ?2 AND EXISTS (SELECT 1 FROM benefits b
             WHERE b.idea_id = benefit_values.idea_id AND b.benefit_id = benefit_values.benefit_id)
         WHERE idea_id = ?1",
    )?
    .execute(params![idea, live(conn, idea)?])?;
    Ok(())
}

/// A recorded state move: the move, its reason, the estimate it validated (if any), and
/// when and by whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoveRow {
    pub mv: BenefitMove,
    pub rationale: String,
    pub estimate: String,
    pub stamp: Stamp,
}

/// A benefit's moves in the order they are judged (HLC, then op id).
fn moves_of(conn: &Connection, idea: &str, benefit: &str) -> Result<Vec<MoveRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_state, to_state, finance, rationale, estimate, hlc, actor FROM benefit_moves
         WHERE idea_id = ?1 AND benefit_id = ?2 ORDER BY hlc, op_id",
    )?;
    let rows = stmt.query_map(params![idea, benefit], |r| {
        let state = |i: usize| -> rusqlite::Result<Option<BenefitState>> {
            Ok(BenefitState::parse(&r.get::<_, String>(i)?).ok())
        };
        // A state this build does not know (a newer Sprout's) is no move here.
        let (Some(from), Some(to)) = (state(0)?, state(1)?) else { return Ok(None) };
        Ok(Some(MoveRow {
            mv: BenefitMove { from, to, finance: r.get(2)? },
            rationale: r.get(3)?,
            estimate: r.get(4)?,
            stamp: (hlc_time(r.get(5)?), r.get(6)?),
        }))
    })?;
    Ok(rows.filter_map(Result::transpose).collect::<rusqlite::Result<_>>()?)
}

/// Keeps an entry, and for a forecast or actual makes it the standing value of its
/// quarter and site if it is the greatest by (hlc, actor).
pub(crate) fn apply_entry(conn: &Connection, op: &Op, idea: &str, l: &BenefitLogged) -> Result<()> {
    let quarter = Quarter::parse(&l.quarter).ok().map(Quarter::key);
    conn.prepare_cached(
        "INSERT OR IGNORE INTO benefit_entries
             (op_id, idea_id, benefit_id, kind, quarter, site, value, date, note, hlc, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?
    .execute(params![
        op.id.0.to_string(),
        idea,
        l.benefit.to_string(),
        l.kind.key(),
        quarter,
        l.site,
        l.value,
        l.date,
        l.note,
        hlc_to_sql(op.hlc),
        op.actor.to_string()
    ])?;
    let (Some(quarter), Some(milli)) = (quarter, to_milli(&l.value)) else { return Ok(()) };
    if !matches!(l.kind, BenefitEntryKind::Forecast | BenefitEntryKind::Actual) {
        return Ok(());
    }
    let benefit = l.benefit.to_string();
    let known: Option<(bool, String, String, String, bool)> = conn
        .prepare_cached(
            "SELECT money, class, measure, unit, state = 'verified' FROM benefits
             WHERE idea_id = ?1 AND benefit_id = ?2",
        )?
        .query_row(params![idea, benefit], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .optional()?;
    let counted = known.is_some() && live(conn, idea)?;
    let (money, class, measure, unit, verified) = known.unwrap_or_default();
    conn.prepare_cached(
        "INSERT INTO benefit_values (idea_id, benefit_id, kind, quarter, site, milli, hlc, actor,
             known, money, class, measure, unit, verified)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
         ON CONFLICT (idea_id, benefit_id, kind, quarter, site) DO UPDATE SET
             milli = excluded.milli, hlc = excluded.hlc, actor = excluded.actor
         WHERE (excluded.hlc, excluded.actor) > (benefit_values.hlc, benefit_values.actor)",
    )?
    .execute(params![
        idea,
        benefit,
        l.kind.key(),
        quarter,
        l.site,
        milli,
        hlc_to_sql(op.hlc),
        op.actor.to_string(),
        counted,
        money,
        class,
        measure,
        unit,
        verified
    ])?;
    Ok(())
}

/// A benefit as the register lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenefitRow {
    pub idea: Uuid,
    pub id: Uuid,
    pub title: String,
    pub class: String,
    pub category: String,
    pub measure: String,
    pub unit: String,
    pub site: String,
    /// An actor id or a name.
    pub officer: String,
    pub money: bool,
    pub disbenefit: bool,
    pub value_per_year: Option<i64>,
    pub timescale: Option<i64>,
    pub target_date: String,
    pub state: BenefitState,
    pub estimate: Option<i64>,
    pub created: chrono::DateTime<chrono::Utc>,
}

/// Which benefits a page of the register shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BenefitFilter {
    pub idea: Option<Uuid>,
    pub state: Option<BenefitState>,
    pub class: Option<String>,
    /// Benefits realised (or forecast) at this site, or whose own site it is.
    pub site: Option<String>,
    /// Benefits with a forecast or actual in this financial year (the year it starts in).
    pub year: Option<i32>,
}

/// A total in the roll-up: thousandths (tenths of a penny for money) and how many
/// benefits it sums.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollupRow {
    pub class: String,
    pub money: bool,
    /// For a measure's total: the measure and its unit.
    pub measure: String,
    pub unit: String,
    pub kind: BenefitEntryKind,
    pub verified: bool,
    /// The site, when totals are asked for site by site.
    pub site: String,
    pub milli: i64,
}

const ROW_COLUMNS: &str = "b.idea_id, b.benefit_id, b.title, b.class, b.category, b.measure,
    b.unit, b.site, b.officer, b.money, b.disbenefit, b.value_per_year, b.timescale,
    b.target_date, b.state, b.estimate, b.created_hlc";

fn benefit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BenefitRow> {
    let id = |i: usize| -> rusqlite::Result<Uuid> {
        let s: String = r.get(i)?;
        Ok(Uuid::parse_str(&s).unwrap_or_default())
    };
    let state: String = r.get(14)?;
    Ok(BenefitRow {
        idea: id(0)?,
        id: id(1)?,
        title: r.get(2)?,
        class: r.get(3)?,
        category: r.get(4)?,
        measure: r.get(5)?,
        unit: r.get(6)?,
        site: r.get(7)?,
        officer: r.get(8)?,
        money: r.get(9)?,
        disbenefit: r.get(10)?,
        value_per_year: r.get(11)?,
        timescale: r.get(12)?,
        target_date: r.get(13)?,
        state: BenefitState::parse(&state).unwrap_or(BenefitState::Identified),
        estimate: r.get(15)?,
        created: hlc_time(r.get(16)?),
    })
}

/// Benefits that count: their idea is not deleted.
const COUNTED: &str = "b.live = 1";

impl Store {
    /// A page of the register, oldest first, and how many benefits match in all.
    pub fn benefit_page(
        &self,
        filter: &BenefitFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<BenefitRow>, u64)> {
        let (lo, hi) = year_range(filter.year);
        let wheres = format!(
            "FROM benefits b WHERE {COUNTED}
               AND (?1 IS NULL OR b.idea_id = ?1) AND (?2 IS NULL OR b.state = ?2)
               AND (?3 IS NULL OR b.class = ?3)
               AND (?4 IS NULL OR b.site = ?4 OR EXISTS (SELECT 1 FROM benefit_values v
                    WHERE v.idea_id = b.idea_id AND v.benefit_id = b.benefit_id AND v.site = ?4))
               AND (?5 IS NULL OR EXISTS (SELECT 1 FROM benefit_values v
                    WHERE v.idea_id = b.idea_id AND v.benefit_id = b.benefit_id
                      AND v.quarter BETWEEN ?5 AND ?6))"
        );
        let args = params![
            filter.idea.map(|i| i.to_string()),
            filter.state.map(BenefitState::key),
            filter.class,
            filter.site,
            filter.year.map(|_| lo),
            hi,
        ];
        let conn = self.connection();
        let total: i64 = conn
            .prepare_cached(&format!("SELECT count(*) {wheres}"))?
            .query_row(args, |r| r.get(0))?;
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {ROW_COLUMNS} {wheres} ORDER BY b.created_hlc, b.benefit_id LIMIT ?7 OFFSET ?8"
        ))?;
        let rows = stmt
            .query_map(
                params![
                    filter.idea.map(|i| i.to_string()),
                    filter.state.map(BenefitState::key),
                    filter.class,
                    filter.site,
                    filter.year.map(|_| lo),
                    hi,
                    i64::try_from(limit).unwrap_or(i64::MAX),
                    i64::try_from(offset).unwrap_or(i64::MAX)
                ],
                benefit_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        Ok((rows, u64::try_from(total).unwrap_or(0)))
    }

    /// One benefit of an idea, if it has it.
    pub fn benefit(&self, idea: Uuid, id: Uuid) -> Result<Option<BenefitRow>> {
        Ok(self
            .connection()
            .prepare_cached(&format!(
                "SELECT {ROW_COLUMNS} FROM benefits b WHERE b.idea_id = ?1 AND b.benefit_id = ?2"
            ))?
            .query_row(params![idea.to_string(), id.to_string()], benefit_row)
            .optional()?)
    }

    /// Finds a benefit by its id alone: the idea it belongs to.
    pub fn benefit_idea(&self, id: Uuid) -> Result<Option<Uuid>> {
        let idea: Option<String> = self
            .connection()
            .prepare_cached("SELECT idea_id FROM benefits WHERE benefit_id = ?1 LIMIT 1")?
            .query_row(params![id.to_string()], |r| r.get(0))
            .optional()?;
        Ok(idea.and_then(|i| Uuid::parse_str(&i).ok()))
    }

    /// A benefit's fields as they stand.
    pub fn benefit_fields(&self, idea: Uuid, id: Uuid) -> Result<sprout_core::Fields> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT field, value FROM (
                 SELECT field, value, row_number() OVER (PARTITION BY field
                                                         ORDER BY hlc DESC, actor DESC) AS rank
                 FROM benefit_field_versions WHERE idea_id = ?1 AND benefit_id = ?2)
             WHERE rank = 1",
        )?;
        Ok(stmt
            .query_map(params![idea.to_string(), id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every version of some of a benefit's fields, oldest first: (field, value, when, who).
    pub fn benefit_versions(&self, idea: Uuid, id: Uuid) -> Result<Vec<Versioned>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT field, value, hlc, actor FROM benefit_field_versions
             WHERE idea_id = ?1 AND benefit_id = ?2 ORDER BY hlc, actor, field",
        )?;
        Ok(stmt
            .query_map(params![idea.to_string(), id.to_string()], |r| {
                Ok((r.get(0)?, r.get(1)?, (hlc_time(r.get(2)?), r.get(3)?)))
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// A benefit's moves in the order they are judged.
    pub fn benefit_moves(&self, idea: Uuid, id: Uuid) -> Result<Vec<MoveRow>> {
        moves_of(self.connection(), &idea.to_string(), &id.to_string())
    }

    /// A benefit's standing forecasts and actuals: (kind, quarter key, site, thousandths),
    /// by quarter.
    pub fn benefit_values(
        &self,
        idea: Uuid,
        id: Uuid,
    ) -> Result<Vec<(BenefitEntryKind, i64, String, i64)>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT kind, quarter, site, milli FROM benefit_values
             WHERE idea_id = ?1 AND benefit_id = ?2 ORDER BY quarter, site, kind",
        )?;
        let mut out = Vec::new();
        for row in stmt.query_map(params![idea.to_string(), id.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })? {
            let (kind, quarter, site, milli) = row?;
            if let Some(kind) = BenefitEntryKind::parse(&kind) {
                out.push((kind, quarter, site, milli));
            }
        }
        Ok(out)
    }

    /// A benefit's reviews and moved due dates, oldest first: (kind, months, site, date,
    /// note, when, who).
    pub fn benefit_reviews(&self, idea: Uuid, id: Uuid) -> Result<Vec<BenefitReviewEntry>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT kind, value, site, date, note, hlc, actor FROM benefit_entries
             WHERE idea_id = ?1 AND benefit_id = ?2 AND kind IN ('review', 'review_due')
             ORDER BY hlc, op_id",
        )?;
        Ok(stmt
            .query_map(params![idea.to_string(), id.to_string()], |r| {
                Ok(BenefitReviewEntry {
                    held: r.get::<_, String>(0)? == "review",
                    months: r.get::<_, String>(1)?.parse().unwrap_or(0),
                    site: r.get(2)?,
                    date: r.get(3)?,
                    note: r.get(4)?,
                    at: hlc_time(r.get(5)?),
                    by: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Totals of forecasts and actuals (and actuals of verified benefits) by class, for
    /// money, and by measure otherwise: over every quarter, or one financial year's, at
    /// every site or one; and, with `by_site`, site by site.
    pub fn benefit_rollup(
        &self,
        year: Option<i32>,
        site: Option<&str>,
        by_site: bool,
    ) -> Result<Vec<RollupRow>> {
        let (lo, hi) = year_range(year);
        let mut stmt = self.connection().prepare_cached(
            "SELECT class, money, CASE WHEN money THEN '' ELSE measure END,
                    CASE WHEN money THEN '' ELSE unit END, kind, verified,
                    CASE WHEN ?4 THEN site ELSE '' END, sum(milli), 0
             FROM benefit_totals
             WHERE quarter BETWEEN ?1 AND ?2 AND (?3 IS NULL OR site = ?3)
             GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 7, 1, 3, 4, 5, 6",
        )?;
        let mut out = Vec::new();
        for row in stmt.query_map(params![lo, hi, site, by_site], |r| {
            Ok((
                (r.get::<_, String>(0)?, r.get::<_, bool>(1)?, r.get::<_, String>(2)?),
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, bool>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, i64>(7)?,
                r.get::<_, i64>(8)?,
            ))
        })? {
            let ((class, money, measure), unit, kind, verified, site, milli, _) = row?;
            if let Some(kind) = BenefitEntryKind::parse(&kind) {
                out.push(RollupRow { class, money, measure, unit, kind, verified, site, milli });
            }
        }
        Ok(out)
    }

    /// The financial years (the year each starts in) and sites that have a forecast or
    /// actual, for the roll-up's pickers.
    pub fn benefit_years_and_sites(&self) -> Result<(Vec<i32>, Vec<String>)> {
        let conn = self.connection();
        let years = conn
            .prepare_cached(
                "SELECT DISTINCT quarter / 10 FROM benefit_values WHERE known = 1 ORDER BY 1",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let sites = conn
            .prepare_cached("SELECT DISTINCT site FROM benefit_totals ORDER BY 1")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok((years, sites))
    }

    /// How many benefits that are not money there are of each measure (not withdrawn).
    pub fn benefit_measure_counts(&self) -> Result<Vec<((String, String), i64)>> {
        let mut stmt = self.connection().prepare_cached(&format!(
            "SELECT b.measure, b.unit, count(*) FROM benefits b WHERE {COUNTED}
               AND b.money = 0 AND b.state <> 'withdrawn' GROUP BY b.measure, b.unit"
        ))?;
        Ok(stmt
            .query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// How many benefits there are of each class (not withdrawn), for the roll-up.
    pub fn benefit_class_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.connection().prepare_cached(&format!(
            "SELECT b.class, count(*) FROM benefits b
             WHERE {COUNTED} AND b.state <> 'withdrawn' GROUP BY b.class"
        ))?;
        Ok(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?)
    }

    /// Monetised benefits' targets by class, in pence: each full-year value over its
    /// timescale, or, for one financial year (the year it starts in), the full-year value
    /// of each benefit whose timescale, from the financial year of its target date, covers
    /// it. Withdrawn and unrealised benefits have no target.
    pub fn benefit_targets(&self, year: Option<i32>) -> Result<Vec<(String, i64)>> {
        let mut stmt = self.connection().prepare_cached(&format!(
            "SELECT class, sum(CASE
                 WHEN ?1 IS NULL THEN value_per_year * years
                 WHEN fy IS NOT NULL AND ?1 >= fy AND ?1 < fy + years THEN value_per_year
                 ELSE 0 END)
             FROM (SELECT b.class, b.value_per_year, max(coalesce(b.timescale, 1), 1) AS years,
                          b.target_year AS fy
                   FROM benefits b WHERE {COUNTED} AND b.value_per_year IS NOT NULL
                     AND b.state NOT IN ('withdrawn', 'not-realised'))
             GROUP BY class"
        ))?;
        Ok(stmt
            .query_map(params![year], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Completed benefits with a validated estimate: (class, actual total, estimate), in
    /// thousandths, for estimating accuracy.
    pub fn benefit_accuracy(&self) -> Result<Vec<(String, i64, i64)>> {
        let mut stmt = self.connection().prepare_cached(&format!(
            "SELECT b.class, coalesce((SELECT sum(v.milli) FROM benefit_values v
                        WHERE v.idea_id = b.idea_id AND v.benefit_id = b.benefit_id
                          AND v.kind = 'actual'), 0), b.estimate
             FROM benefits b WHERE {COUNTED} AND b.state IN ('realised', 'verified')
               AND b.estimate IS NOT NULL AND b.estimate <> 0"
        ))?;
        Ok(stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// How many of an idea's benefits are validated (or further on the way to verified)
    /// with a baseline and a target: the gate to Adopt & spread needs one.
    pub fn validated_benefits(&self, idea: Uuid) -> Result<u32> {
        let n: i64 = self
            .connection()
            .prepare_cached(
                "SELECT count(*) FROM benefits WHERE idea_id = ?1 AND measured = 1
               AND state IN ('validated', 'planned', 'realising', 'realised', 'verified')",
            )?
            .query_row(params![idea.to_string()], |r| r.get(0))?;
        Ok(u32::try_from(n).unwrap_or(0))
    }

    /// The ideas with benefits at `stage`, for reviews after go-live.
    pub fn ideas_with_benefits_at(&self, stage: &str) -> Result<Vec<Uuid>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT DISTINCT b.idea_id FROM benefits b JOIN ideas i ON i.id = b.idea_id
             WHERE i.stage = ?1 AND i.deleted = 0",
        )?;
        Ok(stmt
            .query_map(params![stage], |r| r.get::<_, String>(0))?
            .filter_map(|r| r.ok().and_then(|s| Uuid::parse_str(&s).ok()))
            .collect())
    }
}

/// When something was written, and by whom (an actor id).
pub type Stamp = (chrono::DateTime<chrono::Utc>, String);
/// A field's version: the field's name, its value, and when and by whom.
pub type Versioned = (String, String, Stamp);

/// A review held (or a review's due date moved).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BenefitReviewEntry {
    pub held: bool,
    pub months: u32,
    pub site: String,
    pub date: String,
    pub note: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub by: String,
}

/// Quarter keys bounding a financial year, or every quarter.
fn year_range(year: Option<i32>) -> (i64, i64) {
    match year {
        Some(y) => (i64::from(y) * 10 + 1, i64::from(y) * 10 + 4),
        None => (i64::MIN, i64::MAX),
    }
}
