//! What the template typesets: the dashboard's figures put into words and rows here, in
//! Rust, so the template only lays them out and every number is the dashboard's own.

use serde::Serialize;
use sprout_app::{AppError, CountedIdea, Dashboard, ErrorCode, Figure, Sprout};
use sprout_core::{ASSURANCE_LEVELS, Variation, Xmr, format_pence};

use crate::BoardRequest;

#[derive(Serialize)]
pub(crate) struct Pack {
    pub from: String,
    pub to: String,
    pub site: String,
    cover: Vec<(String, String)>,
    title: String,
    author: String,
    summary: Vec<String>,
    funnel: Vec<[String; 4]>,
    time_in_stage: Vec<[String; 4]>,
    months: Vec<[String; 5]>,
    waiting: Vec<[String; 2]>,
    waiting_target: u32,
    by_site: Vec<[String; 4]>,
    by_department: Vec<[String; 4]>,
    charts: Vec<Chart>,
    pocs: Vec<[String; 2]>,
    on_track: Vec<String>,
    off_track: Vec<String>,
    benefits_year: String,
    benefits: Vec<[String; 5]>,
    partnerships: Option<Vec<[String; 2]>>,
    due: Vec<[String; 4]>,
    /// Every counted idea as one line, 40 lines a paragraph: at tens of thousands of ideas
    /// a table's cells cost several times the typesetting of the lines they hold.
    ideas: Vec<String>,
    counted: usize,
}

/// Lines of the appendix a paragraph holds.
const LINES_PER_BLOCK: usize = 40;

#[derive(Serialize)]
struct Chart {
    title: String,
    unit: String,
    mean: f64,
    upper: f64,
    lower: f64,
    points: Vec<Point>,
    variation: String,
    says: String,
    alt: String,
}

#[derive(Serialize)]
struct Point {
    label: String,
    value: f64,
    /// Whether a special-cause rule fires here (drawn as a square, not only in colour).
    signal: bool,
    says: String,
}

fn one_line(value: &str, what: &str, max: usize, default: String) -> Result<String, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(default);
    }
    if value.chars().any(char::is_control) {
        return Err(AppError::new(ErrorCode::ControlCharacter, format!("{what} must be one line")));
    }
    if value.chars().count() > max {
        return Err(AppError::new(
            ErrorCode::TooLong,
            format!("{what} must be at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

fn assurance(raw: &str) -> Result<String, AppError> {
    let mut raw = raw.trim().to_lowercase();
    if raw == "none" {
        raw = "no".to_owned();
    }
    if raw.is_empty() {
        return Ok(ASSURANCE_LEVELS[1].to_owned());
    }
    ASSURANCE_LEVELS
        .iter()
        .find(|level| level.to_lowercase().starts_with(&raw))
        .map(|level| (*level).to_owned())
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotOneOf,
                "assurance must be substantial, reasonable, limited or none",
            )
        })
}

fn count(f: &Figure) -> String {
    f.count.to_string()
}

fn days(d: Option<f64>) -> String {
    d.map_or_else(|| "–".to_owned(), |d| format!("{d:.1}"))
}

fn chart(title: &str, unit: &str, x: &Xmr) -> Chart {
    let signals = x.points.iter().filter(|p| !p.signals.is_empty()).count();
    Chart {
        title: title.to_owned(),
        unit: unit.to_owned(),
        mean: x.mean,
        upper: x.upper,
        lower: x.lower,
        points: x
            .points
            .iter()
            .map(|p| Point {
                label: p.label.clone(),
                value: p.value,
                signal: !p.signals.is_empty(),
                says: p.says.join("; "),
            })
            .collect(),
        variation: x.variation.words().to_owned(),
        says: x.says.clone(),
        alt: format!(
            "XmR chart of {} by month, {} points, mean {:.1}, process limits {:.1} to {:.1}; \
             {} point(s) with a special cause. {}",
            title.to_lowercase(),
            x.points.len(),
            x.mean,
            x.lower,
            x.upper,
            signals,
            x.variation.words()
        ),
    }
}

fn month_sum(d: &Dashboard, f: fn(&sprout_app::MonthFigures) -> &Figure) -> u32 {
    d.months.iter().map(|m| f(m).count).sum()
}

pub(crate) fn data(
    sprout: &Sprout,
    request: &BoardRequest,
    d: &Dashboard,
    ideas: &[CountedIdea],
) -> Result<Pack, AppError> {
    let site = if d.site.is_empty() { "All sites".to_owned() } else { d.site.clone() };
    let date = if request.date.trim().is_empty() {
        sprout.today()?
    } else {
        chrono::NaiveDate::parse_from_str(request.date.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::new(ErrorCode::NotADate, "date must be written YYYY-MM-DD"))?
            .to_string()
    };
    let me = sprout.people()?.into_iter().find(|p| p.acting).map(|p| p.person).unwrap_or_default();
    let title = one_line(
        &request.title,
        "title",
        200,
        format!("Innovation hub report: {} to {} ({site})", d.from, d.to),
    )?;
    let author = one_line(&request.author, "author", 120, me)?;
    let cover = vec![
        (
            "Meeting".to_owned(),
            one_line(&request.meeting, "meeting", 200, "Innovation board".to_owned())?,
        ),
        ("Date".to_owned(), date),
        ("Title".to_owned(), title.clone()),
        ("Author".to_owned(), author.clone()),
        (
            "Purpose".to_owned(),
            one_line(&request.purpose, "purpose", 200, "For assurance".to_owned())?,
        ),
        ("Assurance level".to_owned(), assurance(&request.assurance)?),
        (
            "Recommendation".to_owned(),
            one_line(
                &request.recommendation,
                "recommendation",
                1000,
                "The board is asked to note the hub's performance for the period.".to_owned(),
            )?,
        ),
        (
            "Link to strategic objectives".to_owned(),
            one_line(
                &request.objectives,
                "objectives",
                300,
                "Innovation and improvement; adopting proven ideas across sites".to_owned(),
            )?,
        ),
        ("Period".to_owned(), format!("{} to {}, {site}", d.from, d.to)),
    ];

    let waiting_now: u32 = d.waiting.iter().map(|(_, f)| f.count).sum();
    let submitted = month_sum(d, |m| &m.submitted);
    let mut summary = vec![
        format!(
            "{submitted} ideas were submitted; {} had a gate decision (each counted once a \
             month), {} began a POC and {} were adopted.",
            month_sum(d, |m| &m.decided),
            month_sum(d, |m| &m.to_poc),
            month_sum(d, |m| &m.adopted),
        ),
        format!(
            "Monthly submissions: {}. Days to a first decision: {}.",
            d.submissions.variation.words(),
            d.days_to_decision.variation.words()
        ),
        format!(
            "{waiting_now} ideas have waited longer than the hub's target of {} days in \
             Submitted or Triage.",
            d.waiting_target_days
        ),
        format!(
            "{} POCs are running on track and {} off track; {} spent of {} budgeted.",
            d.pocs.on_track.count,
            d.pocs.off_track.count,
            format_pence(d.pocs.spent_pence),
            format_pence(d.pocs.planned_pence)
        ),
    ];
    if !d.pocs.go_rate.is_empty() {
        summary.push(format!(
            "Of {} ideas that left POC review, {} were adopted: a go rate of {}.",
            d.pocs.reviewed.count, d.pocs.adopted.count, d.pocs.go_rate
        ));
    }
    let b = &d.benefits;
    summary.push(format!(
        "Benefits {}: {} forecast and {} actual, of which {} verified.",
        if b.year.is_empty() { "to date".to_owned() } else { format!("in {}", b.year) },
        format_pence(b.total.forecast_pence),
        format_pence(b.total.actual_pence),
        format_pence(b.total.verified_pence)
    ));
    if d.submissions.variation == Variation::TooFewPoints {
        summary.push("The charts need at least 12 months of data to judge variation.".to_owned());
    }

    let group = |g: &sprout_app::GroupFigures| {
        let name = if g.name.is_empty() { "Not given".to_owned() } else { g.name.clone() };
        [name, count(&g.submitted), count(&g.in_poc), count(&g.adopted)]
    };
    let titles = |f: &Figure| -> Vec<String> {
        let ids: std::collections::HashSet<&String> =
            f.query.iter().flat_map(|q| q.ids.iter().flatten()).collect();
        ideas.iter().filter(|i| ids.contains(&i.id)).map(|i| i.title.clone()).collect()
    };
    let due = match d.partnerships_due {
        // Commercial terms are for leads' eyes, never a board paper's.
        Some(_) => sprout
            .partnerships_due(None)?
            .into_iter()
            .filter(|item| item.kind != "term")
            .map(|item| [item.date, item.partnership_title, item.kind, item.what])
            .collect(),
        None => Vec::new(),
    };
    Ok(Pack {
        from: d.from.clone(),
        to: d.to.clone(),
        site,
        cover,
        title,
        author,
        summary,
        funnel: d
            .funnel
            .iter()
            .map(|s| {
                [s.stage.label().to_owned(), count(&s.now), count(&s.entered), s.conversion.clone()]
            })
            .collect(),
        time_in_stage: d
            .time_in_stage
            .iter()
            .map(|t| {
                [t.stage.label().to_owned(), count(&t.left), days(t.median_days), days(t.p90_days)]
            })
            .collect(),
        months: d
            .months
            .iter()
            .map(|m| {
                [
                    m.month.clone(),
                    count(&m.submitted),
                    count(&m.decided),
                    count(&m.to_poc),
                    count(&m.adopted),
                ]
            })
            .collect(),
        waiting: d.waiting.iter().map(|(s, f)| [s.label().to_owned(), count(f)]).collect(),
        waiting_target: d.waiting_target_days,
        by_site: d.by_site.iter().map(group).collect(),
        by_department: d.by_department.iter().map(group).collect(),
        charts: vec![
            chart("Ideas submitted", "ideas", &d.submissions),
            chart("Median days to a first decision", "days", &d.days_to_decision),
        ],
        pocs: vec![
            ["Running on track".to_owned(), count(&d.pocs.on_track)],
            ["Running off track".to_owned(), count(&d.pocs.off_track)],
            ["Left POC review in the period".to_owned(), count(&d.pocs.reviewed)],
            ["Adopted in the period".to_owned(), count(&d.pocs.adopted)],
            ["Go rate at POC review".to_owned(), d.pocs.go_rate.clone()],
            ["Budget of running POCs".to_owned(), format_pence(d.pocs.planned_pence)],
            ["Spent".to_owned(), format_pence(d.pocs.spent_pence)],
        ],
        on_track: titles(&d.pocs.on_track),
        off_track: titles(&d.pocs.off_track),
        benefits_year: b.year.clone(),
        benefits: b
            .classes
            .iter()
            .chain(std::iter::once(&b.total))
            .map(|c| {
                [
                    c.label.clone(),
                    c.target_pence.map(format_pence).unwrap_or_default(),
                    format_pence(c.forecast_pence),
                    format_pence(c.actual_pence),
                    format_pence(c.verified_pence),
                ]
            })
            .collect(),
        partnerships: d.partnerships.as_ref().map(|stages| {
            stages.iter().map(|(s, n)| [s.label().to_owned(), n.to_string()]).collect()
        }),
        due,
        counted: ideas.len(),
        ideas: ideas
            .chunks(LINES_PER_BLOCK)
            .map(|block| {
                block
                    .iter()
                    .map(|i| {
                        let site = if i.site.is_empty() { "no site" } else { &i.site };
                        // The reference before the title, so a wrapped title never
                        // splits it.
                        format!(
                            "{}   {}   {} ({site}, {})",
                            i.submitted,
                            i.id,
                            i.title,
                            i.stage.label()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .collect(),
    })
}
