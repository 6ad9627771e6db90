//! The Ideas table's pages: filtered, counted, sorted and paged in SQL, with indexes on
//! stage, site and creation time, so the window holds one page however big the hub is.

use rusqlite::types::Value;
use sprout_core::{Hlc, Idea, IdeaPage, IdeaQuery, IdeaSort, Stage, StageCount};

use crate::error::Result;
use crate::ideas::{COLUMNS, DECISION_JOIN, LIVE, row_to_idea};
use crate::store::{Store, hlc_to_sql};

const MERGED: &str = "EXISTS (SELECT 1 FROM idea_merges m WHERE m.idea_id = i.id
    AND NOT EXISTS (SELECT 1 FROM idea_merge_undos u
                    WHERE u.merge_op_id = m.op_id AND u.idea_id = m.idea_id))";
const TAGGED: &str = "EXISTS (SELECT 1 FROM idea_tag_adds a WHERE a.idea_id = i.id AND a.tag = ?
    AND NOT EXISTS (SELECT 1 FROM idea_tag_removes r
                    WHERE r.add_op_id = a.op_id AND r.idea_id = a.idea_id))";
const SUPPORTERS: &str =
    "(SELECT count(DISTINCT c.actor) FROM idea_comments c WHERE c.idea_id = i.id AND c.support)";

impl Store {
    /// One page of ideas matching `query`, with the total and the count per stage.
    pub fn idea_page(&self, query: &IdeaQuery) -> Result<IdeaPage> {
        let (filters, params) = self.filters(query, true);
        let (stage_filters, stage_params) = self.filters(query, false);
        let conn = self.connection();

        let total: u32 = conn.query_row(
            &format!("SELECT count(*) FROM ideas i WHERE {filters}"),
            rusqlite::params_from_iter(&params),
            |r| r.get(0),
        )?;
        let mut by_stage = Vec::new();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT i.stage, count(*) FROM ideas i WHERE {stage_filters} GROUP BY i.stage"
        ))?;
        let counted = stmt.query_map(rusqlite::params_from_iter(&stage_params), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })?;
        for row in counted {
            let (stage, count) = row?;
            if let Ok(stage) = stage.parse::<Stage>() {
                by_stage.push(StageCount { stage, count });
            }
        }
        by_stage.sort_by_key(|c| Stage::ALL.iter().position(|s| *s == c.stage));

        let per_page = query.rows_per_page();
        let pages = total.div_ceil(per_page).max(1);
        let page = query.page.clamp(1, pages);
        let order = match query.sort {
            IdeaSort::Newest => "i.created_hlc DESC, i.id DESC",
            IdeaSort::Oldest => "i.created_hlc, i.id",
            IdeaSort::Title => "i.title COLLATE NOCASE, i.created_hlc DESC",
            IdeaSort::Supported => &format!("{SUPPORTERS} DESC, i.created_hlc DESC"),
        };
        let sql = format!(
            "SELECT {COLUMNS} FROM ideas i {DECISION_JOIN} WHERE {filters}
             ORDER BY {order} LIMIT {per_page} OFFSET {}",
            (page - 1) * per_page
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut ideas: Vec<Idea> = stmt
            .query_map(rusqlite::params_from_iter(&params), row_to_idea)?
            .collect::<rusqlite::Result<_>>()?;
        self.attach_scores(&mut ideas)?;
        Ok(IdeaPage { ideas, total, page, pages, per_page, by_stage })
    }

    /// The WHERE clause for `query` and its parameters, with or without its stage.
    fn filters(&self, query: &IdeaQuery, with_stage: bool) -> (String, Vec<Value>) {
        let mut clauses = vec![LIVE.to_owned()];
        let mut params: Vec<Value> = Vec::new();
        if let (Some(stage), true) = (query.stage, with_stage) {
            clauses.push("i.stage = ?".into());
            params.push(Value::Text(stage.key().into()));
        }
        if let Some(site) = &query.site {
            clauses.push("i.site = ?".into());
            params.push(Value::Text(site.clone()));
        }
        if let Some(tag) = &query.tag {
            clauses.push(TAGGED.into());
            params.push(Value::Text(tag.trim().to_lowercase()));
        }
        match &query.submitted_by {
            Some(actor) => {
                clauses.push("i.submitted_by = ?".into());
                params.push(Value::Text(actor.clone()));
            }
            // A person's own duplicates stay under My ideas; elsewhere they are hidden.
            None if !query.include_merged => clauses.push(format!("NOT {MERGED}")),
            None => {}
        }
        if let Some(days) = query.within_days {
            let since = self.now_millis().saturating_sub(u64::from(days) * 86_400_000);
            clauses.push("i.created_hlc >= ?".into());
            params.push(Value::Integer(hlc_to_sql(Hlc::new(since, 0))));
        }
        (clauses.join(" AND "), params)
    }
}
