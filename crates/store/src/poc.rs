//! Reading an idea's POC: its plan fields, its records' winning field versions and its
//! entries, put together as one [`Poc`].

use std::collections::BTreeMap;

use rusqlite::params;
use sprout_core::{
    Actual, Attachment, BudgetLine, Hypothesis, IdeaField, IdeaId, Metric, Milestone, PER_PAGE,
    Poc, PocPage, PocQuery, PocSite, PocStatus, PocSummary, RiskView, Spread, SpreadSite, Stage,
    StatusNote,
};

use crate::error::Result;
use crate::store::Store;

/// Progress (a milestone's fields, an actual, a status note) counts if its author is a lead
/// or admin on the roster, or the POC's project lead as the idea now names them, or there
/// is no roster (a PC on its own). Judged over the whole set of ops when read, like an
/// unasked review, so every device holding the same ops shows the same POC.
const COUNTED: &str = "(NOT EXISTS (SELECT 1 FROM members)
    OR EXISTS (SELECT 1 FROM members m WHERE m.actor = x.actor
        AND (',' || m.roles || ',' LIKE '%,lead,%' OR ',' || m.roles || ',' LIKE '%,admin,%'))
    OR x.actor = (SELECT v.value FROM idea_field_versions v
                  WHERE v.idea_id = x.idea_id AND v.field = 'project_lead'
                  ORDER BY v.hlc DESC, v.actor DESC LIMIT 1))";

/// The stages at which an idea has a POC, as an SQL list.
fn poc_stages() -> String {
    Stage::WITH_POC.map(|s| format!("'{}'", s.key())).join(", ")
}

/// A record's fields by name, each its winning value.
type Record = BTreeMap<String, String>;

fn text(r: &Record, f: IdeaField) -> String {
    r.get(f.name()).cloned().unwrap_or_default()
}

fn number(r: &Record, f: IdeaField) -> Option<f64> {
    r.get(f.name()).and_then(|v| v.parse().ok())
}

impl Store {
    /// An idea's POC as it stands. `today` (YYYY-MM-DD) decides which milestones are overdue.
    pub fn poc(&self, idea: IdeaId, today: &str) -> Result<Poc> {
        let conn = self.connection();
        let id = idea.to_string();
        let plan = |field: IdeaField| -> Result<String> {
            Ok(self.field_value(idea, field)?.unwrap_or_default())
        };
        let project_lead = Some(plan(IdeaField::ProjectLead)?).filter(|l| !l.is_empty());

        let records = self.poc_records(&id)?;

        let mut entries = conn.prepare_cached(&format!(
            "SELECT kind, metric_id, value, date, note, actor FROM poc_entries x
             WHERE idea_id = ?1 AND {COUNTED} ORDER BY date, hlc, op_id"
        ))?;
        let mut actuals: BTreeMap<String, Vec<Actual>> = BTreeMap::new();
        let mut history = Vec::new();
        for row in entries.query_map([&id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })? {
            let (kind, metric, value, date, note, actor) = row?;
            let by = self.name_of(&actor)?;
            match (kind.as_str(), metric) {
                ("actual", Some(metric)) => {
                    if let Ok(value) = value.parse::<f64>() {
                        actuals.entry(metric).or_default().push(Actual { value, date, by });
                    }
                }
                ("status", _) => {
                    if let Some(status) = PocStatus::parse(&value) {
                        history.push(StatusNote { status, note, date, by });
                    }
                }
                _ => {}
            }
        }
        history.reverse();

        let mut poc = Poc {
            aim: plan(IdeaField::PocAim)?,
            project_lead_name: project_lead.as_deref().map(|a| self.name_of(a)).transpose()?,
            project_lead,
            clinical_sponsor: plan(IdeaField::ClinicalSponsor)?,
            project_type: plan(IdeaField::ProjectType)?,
            evaluation_type: plan(IdeaField::EvaluationType)?,
            evaluation_design: plan(IdeaField::EvaluationDesign)?,
            ethics_ref: plan(IdeaField::EthicsRef)?,
            status: history.first().cloned(),
            status_history: history,
            ..Poc::default()
        };
        for (part, record, r) in &records {
            match part.as_str() {
                "hypothesis" => poc.hypotheses.push(Hypothesis {
                    id: record.clone(),
                    statement: text(r, IdeaField::Hypothesis),
                    measure: text(r, IdeaField::Measure),
                }),
                "metric" => {
                    let mut metric = Metric {
                        id: record.clone(),
                        name: text(r, IdeaField::Metric),
                        unit: text(r, IdeaField::Unit),
                        direction: text(r, IdeaField::Direction),
                        baseline: number(r, IdeaField::Baseline),
                        baseline_date: text(r, IdeaField::BaselineDate),
                        baseline_source: text(r, IdeaField::BaselineSource),
                        target: number(r, IdeaField::Target),
                        target_date: text(r, IdeaField::TargetDate),
                        actuals: actuals.remove(record.as_str()).unwrap_or_default(),
                        on_target: None,
                    };
                    metric.on_target = metric.latest().and_then(|a| metric.meets_target(a.value));
                    poc.metrics.push(metric);
                }
                "milestone" => {
                    let owner = Some(text(r, IdeaField::Owner)).filter(|o| !o.is_empty());
                    let status = Some(text(r, IdeaField::MilestoneStatus))
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "planned".into());
                    let due = text(r, IdeaField::Due);
                    poc.milestones.push(Milestone {
                        id: record.clone(),
                        title: text(r, IdeaField::Milestone),
                        overdue: status != "done" && !due.is_empty() && due.as_str() < today,
                        due,
                        owner_name: owner.as_deref().map(|o| self.name_of(o)).transpose()?,
                        owner,
                        status,
                        done_date: text(r, IdeaField::DoneDate),
                    });
                }
                "budget" => {
                    let pence =
                        |f: IdeaField| r.get(f.name()).and_then(|v| v.parse().ok()).unwrap_or(0);
                    let line = BudgetLine {
                        id: record.clone(),
                        category: text(r, IdeaField::Category),
                        funder: text(r, IdeaField::Funder),
                        planned_pence: pence(IdeaField::Planned),
                        committed_pence: pence(IdeaField::Committed),
                        spent_pence: pence(IdeaField::Spent),
                    };
                    poc.totals.planned_pence += line.planned_pence;
                    poc.totals.committed_pence += line.committed_pence;
                    poc.totals.spent_pence += line.spent_pence;
                    poc.budget_lines.push(line);
                }
                "risk" => {
                    let owner = Some(text(r, IdeaField::Owner)).filter(|o| !o.is_empty());
                    let rating = |f: IdeaField| r.get(f.name()).and_then(|v| v.parse().ok());
                    poc.risks.push(RiskView {
                        id: record.clone(),
                        description: text(r, IdeaField::Risk),
                        likelihood: rating(IdeaField::Likelihood),
                        impact: rating(IdeaField::Impact),
                        owner_name: owner.as_deref().map(|o| self.name_of(o)).transpose()?,
                        owner,
                        mitigation: text(r, IdeaField::Mitigation),
                        status: Some(text(r, IdeaField::RiskStatus))
                            .filter(|s| !s.is_empty())
                            .unwrap_or_else(|| "open".into()),
                    });
                }
                "attachment" => poc.attachments.push(Attachment {
                    id: record.clone(),
                    name: text(r, IdeaField::FileName),
                    sha256: text(r, IdeaField::FileHash),
                    size: text(r, IdeaField::FileSize).parse().unwrap_or(0),
                }),
                "site" => {
                    let lead = Some(text(r, IdeaField::LocalLead)).filter(|o| !o.is_empty());
                    poc.sites.push(PocSite {
                        site: text(r, IdeaField::Site),
                        local_lead_name: lead.as_deref().map(|o| self.name_of(o)).transpose()?,
                        local_lead: lead,
                        status: text(r, IdeaField::SiteStatus),
                        start: text(r, IdeaField::Start),
                        end: text(r, IdeaField::End),
                    });
                }
                _ => {}
            }
        }
        Ok(poc)
    }

    /// The live ideas with a POC stage (POC planning to Adopt & spread), newest first.
    fn ideas_with_pocs(&self) -> Result<Vec<IdeaId>> {
        let mut stmt = self.connection().prepare_cached(&format!(
            "SELECT id FROM ideas WHERE listed = 1 AND stage IN ({})
             ORDER BY created_hlc DESC, id DESC",
            poc_stages()
        ))?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(ids.filter_map(|id| id.ok()?.parse().ok()).collect())
    }

    /// Every POC as a row of the POCs table, newest idea first (`sprout poc list`, the
    /// export). `today` (YYYY-MM-DD) decides which milestones are overdue.
    pub fn poc_summaries(&self, today: &str) -> Result<Vec<PocSummary>> {
        self.summaries(self.ideas_with_pocs()?, today)
    }

    /// One page of the POCs table, at one POC stage or at all, newest idea first, with the
    /// count at each POC stage: however many POCs a region runs, the window holds a page.
    pub fn poc_page(&self, query: &PocQuery, today: &str) -> Result<PocPage> {
        // The triggers' tally counts without a scan, as for the Ideas table.
        let by_stage = self.stage_counts(
            &format!(
                "SELECT stage, sum(n) FROM idea_counts WHERE stage IN ({}) GROUP BY stage",
                poc_stages()
            ),
            &[],
        )?;
        let stage = query.stage;
        let total = crate::pages::shown(&by_stage, stage);
        let pages = total.div_ceil(PER_PAGE).max(1);
        let page = query.page.clamp(1, pages);
        if total == 0 {
            // Also the answer for a stage without POCs, which the query below would list.
            return Ok(PocPage {
                pocs: Vec::new(),
                total,
                page,
                pages,
                per_page: PER_PAGE,
                by_stage,
            });
        }
        let which = stage.map_or_else(poc_stages, |s| format!("'{}'", s.key()));
        let mut stmt = self.connection().prepare_cached(&format!(
            "SELECT id FROM ideas WHERE listed = 1 AND stage IN ({which})
             ORDER BY created_hlc DESC, id DESC LIMIT ?1 OFFSET ?2"
        ))?;
        let ids = stmt
            .query_map(params![PER_PAGE, (page - 1) * PER_PAGE], |r| r.get::<_, String>(0))?
            .filter_map(|id| id.ok()?.parse().ok())
            .collect();
        let pocs = self.summaries(ids, today)?;
        Ok(PocPage { pocs, total, page, pages, per_page: PER_PAGE, by_stage })
    }

    fn summaries(&self, ids: Vec<IdeaId>, today: &str) -> Result<Vec<PocSummary>> {
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            let Some(idea) = self.idea(id)? else { continue };
            let live = self.spread(id)?.live_sites;
            rows.push(self.poc(id, today)?.summary(&idea, live));
        }
        Ok(rows)
    }

    /// Where an adopted idea stands at each site that considered it, by site name.
    pub fn spread(&self, idea: IdeaId) -> Result<Spread> {
        let mut spread = Spread::default();
        for (part, _, r) in self.poc_records(&idea.to_string())? {
            if part != "spread" {
                continue;
            }
            let lead = Some(text(&r, IdeaField::LocalLead)).filter(|o| !o.is_empty());
            let status = text(&r, IdeaField::SpreadStatus);
            if status == "live" {
                spread.live_sites += 1;
            }
            spread.sites.push(SpreadSite {
                site: text(&r, IdeaField::Site),
                status,
                reason: text(&r, IdeaField::Reason),
                local_lead_name: lead.as_deref().map(|o| self.name_of(o)).transpose()?,
                local_lead: lead,
                start: text(&r, IdeaField::Start),
                assured: text(&r, IdeaField::Assurance)
                    .split(',')
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect(),
            });
        }
        spread.sites.sort_by_key(|s| s.site.to_lowercase());
        Ok(spread)
    }

    /// Each of an idea's POC records with its fields' winning values, in the order they
    /// were first written: (part, record id, fields by name).
    fn poc_records(&self, idea: &str) -> Result<Vec<(String, String, Record)>> {
        let conn = self.connection();
        // The greatest (hlc, actor) version of each field among those that count. Plan
        // records are admitted from leads only, so all of theirs count.
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT part, record_id, field, value FROM poc_field_versions x
             WHERE idea_id = ?1 AND (part IN ('hypothesis', 'metric', 'budget') OR {COUNTED})
             ORDER BY part, record_id, field, hlc, actor"
        ))?;
        let mut parts: BTreeMap<(String, String), Record> = BTreeMap::new();
        for row in stmt.query_map([idea], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?, r.get(3)?))
        })? {
            let (part, record, field, value): (String, String, String, String) = row?;
            // Rows come oldest version first: the last one written wins.
            parts.entry((part, record)).or_default().insert(field, value);
        }
        let mut first_seen: BTreeMap<String, i64> = BTreeMap::new();
        let mut order = conn.prepare_cached(
            "SELECT record_id, min(hlc) FROM poc_field_versions WHERE idea_id = ?1
             GROUP BY record_id",
        )?;
        for row in order.query_map([idea], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
            let (record, hlc) = row?;
            first_seen.insert(record, hlc);
        }
        let mut records: Vec<(String, String, Record)> =
            parts.into_iter().map(|((part, record), r)| (part, record, r)).collect();
        records.sort_by(|a, b| (first_seen.get(&a.1), &a.1).cmp(&(first_seen.get(&b.1), &b.1)));
        Ok(records)
    }

    /// Whether the idea has a record of `part` with this id.
    pub fn poc_record_exists(&self, idea: IdeaId, part: &str, record: &str) -> Result<bool> {
        Ok(self
            .connection()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM poc_field_versions
                            WHERE idea_id = ?1 AND part = ?2 AND record_id = ?3)",
            )?
            .query_row(params![idea.to_string(), part, record], |r| r.get(0))?)
    }

    /// A person's name as the roster or this PC knows it, else their actor id.
    pub fn name_of(&self, actor: &str) -> Result<String> {
        let name = match actor.parse::<sprout_core::ActorId>() {
            // The PC's first person is named where Sprout first asked who was using it.
            Ok(a) => match self.person_name(a)? {
                None if self.is_local(a)? => self.setting("person")?,
                found => found,
            },
            Err(_) => None,
        }
        .filter(|n| !n.is_empty());
        Ok(name.unwrap_or_else(|| actor.to_owned()))
    }
}

impl Store {
    /// The person with this name (any case) on the roster this device last verified, or
    /// enrolled on this PC: for naming a project lead or owner by name.
    pub fn actor_named(&self, name: &str) -> Result<Option<sprout_core::ActorId>> {
        use rusqlite::OptionalExtension;
        let found: Option<String> = self
            .connection()
            .query_row(
                "SELECT actor FROM (
                     SELECT actor, person FROM members WHERE NOT revoked
                     UNION ALL SELECT actor, person FROM people)
                 WHERE lower(trim(person)) = lower(trim(?1)) LIMIT 1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        Ok(found.and_then(|a| a.parse().ok()))
    }
}

impl Store {
    /// Keeps a file's bytes under their SHA-256 (lower-case hex), to be pushed to the hub
    /// unless `pushed` (a copy read from the hub). Keeping the same bytes twice is one copy.
    pub fn put_blob(&self, sha256: &str, bytes: &[u8], pushed: bool) -> Result<()> {
        self.connection()
            .prepare_cached(
                "INSERT OR IGNORE INTO blobs (sha256, bytes, pushed) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![sha256, bytes, pushed])?;
        Ok(())
    }

    /// A file this PC holds, by SHA-256.
    pub fn blob(&self, sha256: &str) -> Result<Option<Vec<u8>>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .connection()
            .query_row("SELECT bytes FROM blobs WHERE sha256 = ?1", [sha256], |r| r.get(0))
            .optional()?)
    }

    /// Files attached here and not yet in the hub.
    pub fn unpushed_blobs(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .connection()
            .prepare_cached("SELECT sha256 FROM blobs WHERE NOT pushed ORDER BY sha256")?;
        Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
    }

    pub fn mark_blob_pushed(&self, sha256: &str) -> Result<()> {
        self.connection().execute("UPDATE blobs SET pushed = 1 WHERE sha256 = ?1", [sha256])?;
        Ok(())
    }
}
