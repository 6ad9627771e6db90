//! The Ideas table's pages: filtered, counted, sorted and paged in SQL, with indexes on
//! stage, site and creation time, so the window holds one page however big the hub is.

use rusqlite::types::Value;
use sprout_core::{
    Hlc, Idea, IdeaId, IdeaNews, IdeaPage, IdeaQuery, IdeaSort, Stage, StageCount,
    fts_match_expression,
};

use crate::error::Result;
use crate::ideas::{COLUMNS, DECISION_JOIN, row_to_idea};
use crate::store::{Store, hlc_to_sql};

const MERGED_INTO: &str =
    "EXISTS (SELECT 1 FROM idea_merges m WHERE m.idea_id = i.id AND m.into_id = ?
    AND NOT EXISTS (SELECT 1 FROM idea_merge_undos u
                    WHERE u.merge_op_id = m.op_id AND u.idea_id = m.idea_id))";
const TAGGED: &str = "EXISTS (SELECT 1 FROM idea_tag_adds a WHERE a.idea_id = i.id AND a.tag = ?
    AND NOT EXISTS (SELECT 1 FROM idea_tag_removes r
                    WHERE r.add_op_id = a.op_id AND r.idea_id = a.idea_id))";
/// Ideas whose score this person may not see yet (two parameters: their actor id).
const BLIND: &str = "i.id IN (SELECT a.idea_id FROM idea_reviewers a WHERE a.reviewer = ?)
    AND NOT EXISTS (SELECT 1 FROM idea_reviews r WHERE r.idea_id = i.id AND r.actor = ?)";
const SUPPORTERS: &str =
    "(SELECT count(DISTINCT c.actor) FROM idea_comments c WHERE c.idea_id = i.id AND c.support)";

impl Store {
    /// One page of ideas matching `query`, with the total and the count per stage.
    pub fn idea_page(&self, query: &IdeaQuery) -> Result<IdeaPage> {
        let (filters, params) = self.filters(query, true);
        let (stage_filters, stage_params) = self.filters(query, false);
        let conn = self.connection();

        // Counting every listed idea, or one site's, is what the table and the board ask
        // most: the triggers' tally answers it without a scan.
        let tallied = query.text.is_none()
            && query.tag.is_none()
            && query.stages.is_empty()
            && query.department.is_none()
            && query.entered.is_none()
            && query.left.is_none()
            && query.decided.is_none()
            && query.waiting_days.is_none()
            && query.ids.is_none()
            && query.within_days.is_none()
            && query.submitted_by.is_none()
            && query.merged_into.is_none()
            && !query.include_merged;
        let count_sql = if tallied {
            let site = if query.site.is_some() { "WHERE site = ?" } else { "" };
            format!("SELECT stage, sum(n) FROM idea_counts {site} GROUP BY stage")
        } else {
            format!("SELECT i.stage, count(*) FROM ideas i WHERE {stage_filters} GROUP BY i.stage")
        };
        let by_stage = self.stage_counts(&count_sql, &stage_params)?;
        // The counts per stage hold every other filter: the total is theirs, not another scan.
        let total = shown(&by_stage, query.stage);

        let per_page = query.rows_per_page();
        let pages = total.div_ceil(per_page).max(1);
        let page = query.page.clamp(1, pages);
        let mut params = params;
        let order = match query.sort {
            IdeaSort::Newest => "i.created_hlc DESC, i.id DESC",
            IdeaSort::Oldest => "i.created_hlc, i.id",
            IdeaSort::Title => "i.title COLLATE NOCASE, i.created_hlc DESC",
            IdeaSort::Supported => &format!("{SUPPORTERS} DESC, i.created_hlc DESC"),
            // A reviewer still to give their own scores must not learn the others' from
            // the order either: those ideas sort with the unscored. Only then is the
            // expression worth its cost; otherwise the score index answers.
            IdeaSort::Score if self.scoring_blind()? => {
                let me = self.actor().to_string();
                params.extend([Value::Text(me.clone()), Value::Text(me)]);
                &format!("CASE WHEN {BLIND} THEN NULL ELSE i.score END DESC, i.created_hlc DESC")
            }
            IdeaSort::Score => "i.score DESC, i.created_hlc DESC, i.id DESC",
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM ideas i {DECISION_JOIN} WHERE {filters}
             ORDER BY {order} LIMIT {per_page} OFFSET {}",
            (page - 1) * per_page
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let ideas: Vec<Idea> = stmt
            .query_map(rusqlite::params_from_iter(&params), row_to_idea)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(IdeaPage { ideas, total, page, pages, per_page, by_stage })
    }

    /// Each stage's count as `sql` (stage, count) gives it, in pipeline order, empty
    /// stages left out.
    pub(crate) fn stage_counts(&self, sql: &str, params: &[Value]) -> Result<Vec<StageCount>> {
        let mut stmt = self.connection().prepare_cached(sql)?;
        let mut by_stage = Vec::new();
        let counted = stmt.query_map(rusqlite::params_from_iter(params), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })?;
        for row in counted {
            let (stage, count) = row?;
            if let (Ok(stage), true) = (stage.parse::<Stage>(), count > 0) {
                by_stage.push(StageCount { stage, count });
            }
        }
        by_stage.sort_by_key(|c| Stage::ALL.iter().position(|s| *s == c.stage));
        Ok(by_stage)
    }

    /// Whether this device's person was asked to score an idea and has not yet.
    fn scoring_blind(&self) -> Result<bool> {
        let me = self.actor().to_string();
        Ok(self
            .connection()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM idea_reviewers a WHERE a.reviewer = ?1
                 AND NOT EXISTS (SELECT 1 FROM idea_reviews r
                                 WHERE r.idea_id = a.idea_id AND r.actor = ?1))",
            )?
            .query_row([me], |r| r.get(0))?)
    }

    /// The wall-clock time (ms) of the newest op `actor` made that this device holds.
    pub fn latest_work_of(&self, actor: &str) -> Result<Option<u64>> {
        let hlc: Option<i64> = self.connection().query_row(
            "SELECT max(hlc) FROM ops WHERE actor = ?1",
            [actor],
            |r| r.get(0),
        )?;
        Ok(hlc.map(|h| crate::store::hlc_from_sql(h).millis()))
    }

    /// How far this device's op log reaches: a mark to compare later arrivals with.
    pub fn arrival_mark(&self) -> Result<i64> {
        Ok(self
            .connection()
            .query_row("SELECT coalesce(max(seq), 0) FROM ops", [], |r| r.get(0))?)
    }

    /// What other people did to `actor`'s ideas in ops that arrived after `mark`. Arrival
    /// order, not the clock: a decision taken offline last week is news when it arrives.
    pub fn news_since(&self, actor: &str, mark: i64) -> Result<Vec<IdeaNews>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT i.id,
                    EXISTS (SELECT 1 FROM idea_decisions d JOIN ops o ON o.id = d.op_id
                            WHERE d.idea_id = i.id AND o.seq > ?2 AND d.actor <> ?1),
                    (SELECT count(*) FROM idea_comments c JOIN ops o ON o.id = c.op_id
                     WHERE c.idea_id = i.id AND o.seq > ?2 AND c.actor <> ?1 AND NOT c.support),
                    (SELECT count(*) FROM idea_comments c JOIN ops o ON o.id = c.op_id
                     WHERE c.idea_id = i.id AND o.seq > ?2 AND c.actor <> ?1 AND c.support)
             FROM ideas i WHERE i.submitted_by = ?1 ORDER BY i.created_hlc DESC",
        )?;
        let rows = stmt.query_map(rusqlite::params![actor, mark], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, u32>(3)?,
            ))
        })?;
        let mut news = Vec::new();
        for row in rows {
            let (id, decided, comments, supporters) = row?;
            if !(decided || comments > 0 || supporters > 0) {
                continue;
            }
            if let Ok(idea) = id.parse::<IdeaId>() {
                news.push(IdeaNews { idea, decided, comments, supporters });
            }
        }
        Ok(news)
    }

    /// The WHERE clause for `query` and its parameters, with or without its stage.
    fn filters(&self, query: &IdeaQuery, with_stage: bool) -> (String, Vec<Value>) {
        // Listed ideas are never deleted: each query names one of the two, so an index on
        // it answers without reading rows.
        let listed =
            query.submitted_by.is_none() && !query.include_merged && query.merged_into.is_none();
        let mut clauses = vec![if listed { "i.listed = 1" } else { "i.deleted = 0" }.to_owned()];
        let mut params: Vec<Value> = Vec::new();
        if let (Some(stage), true) = (query.stage, with_stage) {
            clauses.push("i.stage = ?".into());
            params.push(Value::Text(stage.key().into()));
        }
        if let Some(site) = &query.site {
            clauses.push("i.site = ?".into());
            params.push(Value::Text(site.clone()));
        }
        if let Some(expr) = query.text.as_deref().and_then(fts_match_expression) {
            clauses.push("i.num IN (SELECT rowid FROM ideas_fts WHERE ideas_fts MATCH ?)".into());
            params.push(Value::Text(expr));
        }
        if let Some(kept) = &query.merged_into {
            clauses.push(MERGED_INTO.to_owned());
            params.push(Value::Text(kept.clone()));
        }
        if let Some(tag) = &query.tag {
            clauses.push(TAGGED.into());
            params.push(Value::Text(tag.trim().to_lowercase()));
        }
        // A person's own duplicates stay under My ideas; elsewhere they are not listed.
        if let Some(actor) = &query.submitted_by {
            clauses.push("i.submitted_by = ?".into());
            params.push(Value::Text(actor.clone()));
        }
        if !query.stages.is_empty() {
            let marks = vec!["?"; query.stages.len()].join(", ");
            clauses.push(format!("i.stage IN ({marks})"));
            params.extend(query.stages.iter().map(|s| Value::Text(s.key().into())));
        }
        if let Some(department) = &query.department {
            clauses.push("i.department = ?".into());
            params.push(Value::Text(department.clone()));
        }
        if let Some(w) = &query.entered {
            let (from, to) = period_hlc(&w.from, &w.to);
            if w.stage == Stage::Submitted {
                clauses.push("i.created_hlc BETWEEN ? AND ?".into());
            } else {
                clauses.push(
                    "i.id IN (SELECT idea_id FROM idea_decisions INDEXED BY idea_decisions_entered
                              WHERE took_effect AND to_stage = ? AND hlc BETWEEN ? AND ?)"
                        .into(),
                );
                params.push(Value::Text(w.stage.key().into()));
            }
            params.extend([Value::Integer(from), Value::Integer(to)]);
        }
        if let Some(w) = &query.left {
            let (from, to) = period_hlc(&w.from, &w.to);
            clauses.push(
                "i.id IN (SELECT idea_id FROM idea_decisions INDEXED BY idea_decisions_left
                          WHERE took_effect AND from_stage = ? AND hlc BETWEEN ? AND ?)"
                    .into(),
            );
            params.extend([
                Value::Text(w.stage.key().into()),
                Value::Integer(from),
                Value::Integer(to),
            ]);
        }
        if let Some(p) = &query.decided {
            let (from, to) = period_hlc(&p.from, &p.to);
            clauses.push(
                "i.id IN (SELECT idea_id FROM idea_decisions INDEXED BY idea_decisions_when
                          WHERE took_effect AND hlc BETWEEN ? AND ?)"
                    .into(),
            );
            params.extend([Value::Integer(from), Value::Integer(to)]);
        }
        if let Some(ids) = &query.ids {
            if ids.is_empty() {
                clauses.push("0".into());
            } else {
                clauses.push(format!("i.id IN ({})", vec!["?"; ids.len()].join(", ")));
                params.extend(ids.iter().map(|id| Value::Text(id.clone())));
            }
        }
        if let Some(days) = query.waiting_days {
            let before = self.now_millis().saturating_sub(u64::from(days) * 86_400_000);
            clauses.push("i.stage_since < ?".into());
            params.push(Value::Integer(hlc_to_sql(Hlc::new(before, 0))));
        }
        if let Some(days) = query.within_days {
            let since = self.now_millis().saturating_sub(u64::from(days) * 86_400_000);
            clauses.push("i.created_hlc >= ?".into());
            params.push(Value::Integer(hlc_to_sql(Hlc::new(since, 0))));
        }
        (clauses.join(" AND "), params)
    }
}

/// A period's first and last moments as stored clocks: from midnight (UTC) at its start to
/// the last millisecond of its end. A date that is not one bounds nothing.
pub fn period_hlc(from: &str, to: &str) -> (i64, i64) {
    let day = |d: &str| chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok();
    let millis = |d: chrono::NaiveDate| {
        u64::try_from(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc().timestamp_millis())
            .unwrap_or(0)
    };
    let start = day(from).map_or(0, millis);
    let end = day(to).and_then(|d| d.succ_opt()).map_or(u64::MAX / 2, |d| millis(d) - 1);
    (hlc_to_sql(Hlc::new(start, 0)), hlc_to_sql(Hlc::new(end, u16::MAX)))
}

/// How many of `by_stage` a page shows: one stage's, or all of them.
pub(crate) fn shown(by_stage: &[StageCount], stage: Option<Stage>) -> u32 {
    by_stage.iter().filter(|c| stage.is_none_or(|s| s == c.stage)).map(|c| c.count).sum()
}
