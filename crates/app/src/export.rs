//! The hub's data back out to Excel: what a person is looking at (the Ideas table with
//! its filters, the POC list) or everything, one sheet per kind. The ideas sheet has
//! the columns an import reads, so a sheet exported, edited and imported again updates
//! the same ideas. No cell is ever a formula (see `sprout-sheets`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_core::{Idea, IdeaId, IdeaQuery, MAX_PER_PAGE};
use sprout_sheets::{Cell, CsvOut, XlsxOut};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::import::{ImportTarget, plan_fields};

/// What to export.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportWhat {
    /// The ideas matching the filters, one row each.
    Ideas,
    /// Every POC, one row each.
    Pocs,
    /// Ideas, decisions, scores, POCs, metrics and actuals, milestones and budget.
    All,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }
}

/// The file written and what it holds.
#[derive(Clone, Debug, Serialize, Type)]
pub struct ExportDone {
    pub path: String,
    /// Rows written on each sheet, by sheet name.
    pub sheets: Vec<(String, u32)>,
}

/// The ideas sheet's columns: every column an import maps, then the score.
fn idea_header() -> Vec<&'static str> {
    let mut header: Vec<&str> = ImportTarget::ALL[1..].iter().map(|t| t.header()).collect();
    header.push("Score");
    header
}

impl Sprout {
    /// Writes `what` to `out` as `format`; the ideas are those `query` matches, in its
    /// order (its page is ignored: every matching idea is written).
    pub fn export(
        &self,
        query: &IdeaQuery,
        what: ExportWhat,
        format: ExportFormat,
        out: &Path,
    ) -> Result<ExportDone, AppError> {
        let mut sheets = Vec::new();
        match format {
            ExportFormat::Csv => {
                let rows = match what {
                    ExportWhat::Ideas => {
                        let mut csv = CsvOut::create(out, &idea_header())?;
                        let mut n = 0;
                        self.each_idea(query, |row, _| {
                            n += 1;
                            Ok(csv.row(&row)?)
                        })?;
                        csv.finish()?;
                        ("Ideas", n)
                    }
                    ExportWhat::Pocs => {
                        let mut csv = CsvOut::create(out, &POC_HEADER)?;
                        let rows = self.poc_rows()?;
                        for row in &rows {
                            csv.row(row)?;
                        }
                        csv.finish()?;
                        ("POCs", count(rows.len()))
                    }
                    ExportWhat::All => {
                        return Err(AppError::new(
                            ErrorCode::Spreadsheet,
                            "a CSV file holds one sheet: export ideas or POCs, or everything as .xlsx",
                        ));
                    }
                };
                sheets.push((rows.0.to_owned(), rows.1));
            }
            ExportFormat::Xlsx => {
                let mut book = XlsxOut::default();
                let mut ideas = Vec::new();
                if what != ExportWhat::Pocs {
                    let mut rows = Vec::new();
                    self.each_idea(query, |row, idea| {
                        rows.push(row);
                        ideas.push((idea.id, idea.title.clone()));
                        Ok(())
                    })?;
                    sheets.push(("Ideas".to_owned(), count(rows.len())));
                    book.sheet::<AppError>("Ideas", &idea_header(), rows.into_iter().map(Ok))?;
                }
                if what == ExportWhat::All {
                    let decisions = self.decision_rows(&ideas)?;
                    sheets.push(("Decisions".to_owned(), count(decisions.len())));
                    book.sheet::<AppError>(
                        "Decisions",
                        &DECISION_HEADER,
                        decisions.into_iter().map(Ok),
                    )?;
                    let scores = self.score_rows(&ideas)?;
                    sheets.push(("Scores".to_owned(), count(scores.len())));
                    book.sheet::<AppError>("Scores", &SCORE_HEADER, scores.into_iter().map(Ok))?;
                }
                let pocs = self.poc_rows()?;
                if what != ExportWhat::Ideas {
                    sheets.push(("POCs".to_owned(), count(pocs.len())));
                    book.sheet::<AppError>("POCs", &POC_HEADER, pocs.into_iter().map(Ok))?;
                }
                if what == ExportWhat::All {
                    let (metrics, milestones, budget) = self.poc_detail_rows()?;
                    for (name, header, rows) in [
                        ("Metrics and actuals", &METRIC_HEADER[..], metrics),
                        ("Milestones", &MILESTONE_HEADER[..], milestones),
                        ("Budget", &BUDGET_HEADER[..], budget),
                    ] {
                        sheets.push((name.to_owned(), count(rows.len())));
                        book.sheet::<AppError>(name, header, rows.into_iter().map(Ok))?;
                    }
                }
                book.save(out)?;
            }
        }
        tracing::info!(?what, ?format, "exported a spreadsheet");
        Ok(ExportDone { path: out.display().to_string(), sheets })
    }

    /// Exports into the person's Downloads folder under a dated name: the app's Export.
    pub fn export_to_downloads(
        &self,
        query: &IdeaQuery,
        what: ExportWhat,
        format: ExportFormat,
    ) -> Result<ExportDone, AppError> {
        let folder = crate::data_dir::downloads()?;
        let stem = format!(
            "Sprout {} {}",
            match what {
                ExportWhat::Ideas => "ideas",
                ExportWhat::Pocs => "POCs",
                ExportWhat::All => "export",
            },
            chrono::Local::now().format("%Y-%m-%d")
        );
        let mut path: PathBuf = folder.join(format!("{stem}.{}", format.extension()));
        for n in 2.. {
            if !path.exists() {
                break;
            }
            path = folder.join(format!("{stem} ({n}).{}", format.extension()));
        }
        self.export(query, what, format, &path)
    }

    /// Every idea `query` matches, a page at a time, as an ideas-sheet row.
    fn each_idea(
        &self,
        query: &IdeaQuery,
        mut each: impl FnMut(Vec<Cell>, &Idea) -> Result<(), AppError>,
    ) -> Result<(), AppError> {
        let mut query = query.clone();
        query.per_page = MAX_PER_PAGE;
        query.page = 1;
        loop {
            let page = self.idea_page(&query)?;
            let plans: Vec<Vec<String>> = {
                let store = self.store()?;
                let view = store.import_view();
                page.ideas
                    .iter()
                    .map(|i| plan_fields().map(|f| view.field(i.id, f)).collect())
                    .collect::<Result<_, _>>()?
            };
            for (idea, plan) in page.ideas.iter().zip(plans) {
                each(idea_row(idea, plan), idea)?;
            }
            if page.page >= page.pages {
                return Ok(());
            }
            query.page += 1;
        }
    }

    fn decision_rows(&self, ideas: &[(IdeaId, String)]) -> Result<Vec<Vec<Cell>>, AppError> {
        let mut rows = Vec::new();
        for (id, title) in ideas {
            for d in self.decisions(*id)? {
                let by = self.store()?.name_of(&d.by)?;
                rows.push(vec![
                    id.to_string().into(),
                    title.as_str().into(),
                    d.from.label().into(),
                    d.to.label().into(),
                    d.decision.key().into(),
                    d.rationale.into(),
                    by.into(),
                    d.at.format("%Y-%m-%d %H:%M").to_string().into(),
                    if d.took_effect { "yes" } else { "no" }.into(),
                ]);
            }
        }
        Ok(rows)
    }

    /// Reviews as this person may see them: none of an idea they are still to score.
    fn score_rows(&self, ideas: &[(IdeaId, String)]) -> Result<Vec<Vec<Cell>>, AppError> {
        let mut rows = Vec::new();
        for (id, title) in ideas {
            let scores = self.scores(*id)?;
            for review in &scores.reviews {
                let by = self.store()?.name_of(&review.by)?;
                for (criterion, score) in &review.scores {
                    rows.push(vec![
                        id.to_string().into(),
                        title.as_str().into(),
                        by.as_str().into(),
                        criterion.as_str().into(),
                        score.map_or(Cell::Text("unable to assess".into()), |s| {
                            Cell::Number(s.into())
                        }),
                        review.note.as_str().into(),
                    ]);
                }
            }
        }
        Ok(rows)
    }

    fn poc_rows(&self) -> Result<Vec<Vec<Cell>>, AppError> {
        Ok(self
            .poc_list()?
            .into_iter()
            .map(|p| {
                vec![
                    p.idea.to_string().into(),
                    p.title.into(),
                    p.stage.label().into(),
                    p.site.into(),
                    p.project_lead_name.unwrap_or_default().into(),
                    p.status.map_or("", |s| s.label()).into(),
                    Cell::Number(p.metrics.into()),
                    Cell::Number(p.metrics_on_target.into()),
                    pounds(p.planned_pence),
                    pounds(p.spent_pence),
                    Cell::Number(p.live_sites.into()),
                    p.next_milestone
                        .map(|m| format!("{} (due {})", m.title, m.due))
                        .unwrap_or_default()
                        .into(),
                    Cell::Number(p.overdue_milestones.into()),
                ]
            })
            .collect())
    }

    #[allow(clippy::type_complexity)]
    fn poc_detail_rows(
        &self,
    ) -> Result<(Vec<Vec<Cell>>, Vec<Vec<Cell>>, Vec<Vec<Cell>>), AppError> {
        let (mut metrics, mut milestones, mut budget) = (Vec::new(), Vec::new(), Vec::new());
        for summary in self.poc_list()? {
            let id = summary.idea.to_string();
            let title = summary.title;
            let poc = self.poc(summary.idea)?;
            for m in &poc.metrics {
                let head = |rows: &mut Vec<Vec<Cell>>, actual: Option<&sprout_core::Actual>| {
                    rows.push(vec![
                        id.as_str().into(),
                        title.as_str().into(),
                        m.name.as_str().into(),
                        m.unit.as_str().into(),
                        m.direction.as_str().into(),
                        number(m.baseline),
                        m.baseline_date.as_str().into(),
                        number(m.target),
                        m.target_date.as_str().into(),
                        number(actual.map(|a| a.value)),
                        actual.map_or("", |a| a.date.as_str()).into(),
                        actual.map_or("", |a| a.by.as_str()).into(),
                    ]);
                };
                if m.actuals.is_empty() {
                    head(&mut metrics, None);
                }
                for a in &m.actuals {
                    head(&mut metrics, Some(a));
                }
            }
            for m in poc.milestones {
                milestones.push(vec![
                    id.as_str().into(),
                    title.as_str().into(),
                    m.title.into(),
                    m.due.into(),
                    m.owner_name.unwrap_or_default().into(),
                    m.status.into(),
                    m.done_date.into(),
                ]);
            }
            for b in poc.budget_lines {
                budget.push(vec![
                    id.as_str().into(),
                    title.as_str().into(),
                    b.category.into(),
                    b.funder.into(),
                    pounds(b.planned_pence),
                    pounds(b.committed_pence),
                    pounds(b.spent_pence),
                ]);
            }
        }
        Ok((metrics, milestones, budget))
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[allow(clippy::cast_precision_loss)]
fn pounds(pence: i64) -> Cell {
    // Whole pence below 2^53 are exact as f64, and pounds are shown to two places.
    Cell::Number(pence as f64 / 100.0)
}

fn number(n: Option<f64>) -> Cell {
    n.map_or(Cell::Text(String::new()), Cell::Number)
}

/// An idea as the ideas sheet shows it, in [`idea_header`]'s order.
fn idea_row(idea: &Idea, plan: Vec<String>) -> Vec<Cell> {
    let submitted_by = match &idea.original_submitter {
        Some(name) if !name.is_empty() => name.clone(),
        _ => idea.author.clone(),
    };
    let decision = idea.last_decision.as_ref();
    let mut row: Vec<Cell> = vec![
        idea.id.to_string().into(),
        idea.title.as_str().into(),
        idea.problem.as_str().into(),
        idea.solution.clone().unwrap_or_default().into(),
        idea.affects.join(", ").into(),
        idea.site.as_str().into(),
        idea.department.as_str().into(),
        idea.tags.join(", ").into(),
        idea.stage.label().into(),
        decision.map_or("", |d| d.decision.key()).into(),
        decision.map_or("", |d| d.rationale.as_str()).into(),
        idea.created_at.format("%Y-%m-%d").to_string().into(),
        submitted_by.into(),
        Cell::Number(idea.supporters.into()),
    ];
    row.extend(plan.into_iter().map(Cell::Text));
    row.push(number(idea.score));
    row
}

const DECISION_HEADER: [&str; 9] =
    ["Sprout ID", "Title", "From", "To", "Decision", "Rationale", "By", "At", "Took effect"];
const SCORE_HEADER: [&str; 6] = ["Sprout ID", "Title", "Reviewer", "Criterion", "Score", "Note"];
const POC_HEADER: [&str; 13] = [
    "Sprout ID",
    "Title",
    "Stage",
    "Site",
    "Project lead",
    "Status",
    "Metrics",
    "Metrics on target",
    "Planned (£)",
    "Spent (£)",
    "Live sites",
    "Next milestone",
    "Overdue milestones",
];
const METRIC_HEADER: [&str; 12] = [
    "Sprout ID",
    "Title",
    "Metric",
    "Unit",
    "Better when",
    "Baseline",
    "Baseline date",
    "Target",
    "Target date",
    "Actual",
    "Actual date",
    "Recorded by",
];
const MILESTONE_HEADER: [&str; 7] =
    ["Sprout ID", "Title", "Milestone", "Due", "Owner", "Status", "Done on"];
const BUDGET_HEADER: [&str; 7] =
    ["Sprout ID", "Title", "Category", "Funder", "Planned (£)", "Committed (£)", "Spent (£)"];
