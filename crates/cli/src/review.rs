//! `sprout review …` and `sprout rubric`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use sprout_app::{AppError, ErrorCode, Rubric, ScoresView, Sprout};

use crate::Failure;
use crate::args::ReviewCommand;
use crate::output::Out;

pub fn review(
    sprout: &Sprout,
    command: ReviewCommand,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    match command {
        ReviewCommand::Assign { id, reviewer } => {
            let reviewers = sprout.assign_reviewer(id, &reviewer_actor(sprout, &reviewer)?)?;
            out.line(&format!("Reviewers: {}", reviewers.join(", ")))
        }
        ReviewCommand::Score { id, scores, note, submit } => {
            let scores = parse_scores(&scores)?;
            if submit {
                return show(&sprout.submit_draft_scores(id, &scores, &note)?, false, out);
            }
            if scores.is_empty() {
                return Err(Failure::App(AppError::new(
                    ErrorCode::NoScores,
                    "give at least one --criterion NAME=SCORE, or --submit what you kept",
                )));
            }
            let draft = sprout.keep_draft_scores(id, &scores, &note)?;
            let kept: Vec<String> = draft
                .scores
                .iter()
                .map(|(k, v)| format!("{k}={}", v.map_or("na".to_owned(), |s| s.to_string())))
                .collect();
            out.line(&format!(
                "Kept on this PC, not yet submitted: {}. Add --submit to submit.",
                kept.join(", ")
            ))
        }
        ReviewCommand::Show { id, json } => show(&sprout.scores(id)?, json, out),
        ReviewCommand::Queue { json } => {
            let queue = sprout.review_queue()?;
            if json {
                return out.json(&queue);
            }
            if queue.is_empty() {
                return out.line("Nothing to score: nobody has asked you to review an idea.");
            }
            queue.iter().try_for_each(|q| {
                let state = if q.done { "done " } else { "to do" };
                out.line(&format!("{state}  {}  {}", q.idea.id, q.idea.title))
            })
        }
        ReviewCommand::Consensus { id, note } => {
            show(&sprout.record_consensus(id, &note)?, false, out)
        }
    }
}

/// A reviewer named by actor id or, failing that, by their name on the hub's roster.
fn reviewer_actor(sprout: &Sprout, who: &str) -> Result<String, AppError> {
    let who = who.trim();
    // An actor id: the app checks it properly.
    if who.len() == 36 && who.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Ok(who.to_owned());
    }
    let members = sprout.hub_members()?;
    let named: Vec<_> =
        members.iter().filter(|m| m.person.eq_ignore_ascii_case(who) && !m.revoked).collect();
    match named.as_slice() {
        [one] => Ok(one.actor.clone()),
        [] => Err(AppError::new(
            ErrorCode::NotFound,
            format!("nobody called {who:?} is on the hub (see `sprout hub members`)"),
        )),
        _ => Err(AppError::new(
            ErrorCode::NotOneOf,
            format!("more than one member is called {who:?}: give their actor id"),
        )),
    }
}

/// `need=4`, `evidence=na`: a criterion and a score of 1 to 5, or na ("unable to assess").
fn parse_scores(given: &[String]) -> Result<BTreeMap<String, Option<u8>>, AppError> {
    let mut scores = BTreeMap::new();
    for pair in given {
        let bad = || {
            AppError::new(
                ErrorCode::NotOneOf,
                format!("{pair:?} is not NAME=SCORE, with a score of 1 to 5 or na"),
            )
        };
        let (key, value) = pair.split_once('=').ok_or_else(bad)?;
        let value = value.trim();
        let score = if ["na", "n/a", "unable"].iter().any(|n| value.eq_ignore_ascii_case(n)) {
            None
        } else {
            Some(value.parse::<u8>().map_err(|_| bad())?)
        };
        scores.insert(key.trim().to_owned(), score);
    }
    Ok(scores)
}

pub fn show(view: &ScoresView, json: bool, out: &mut Out<impl Write>) -> Result<(), Failure> {
    if json {
        return out.json(view);
    }
    out.line(&format!(
        "{} of {} reviews in (rubric version {}).",
        view.submitted,
        view.reviewers.len().max(view.submitted as usize),
        view.rubric.version
    ))?;
    if view.blind {
        return out.line("Give your own scores first: others' stay hidden until you have.");
    }
    if let Some(a) = &view.aggregate {
        match a.total {
            Some(total) => out.line(&format!("Weighted total: {total:.1} / 100"))?,
            None => out.line("No scores yet.")?,
        }
        for c in &a.criteria {
            let fmt = |v: Option<f64>| v.map_or("–".to_owned(), |v| format!("{v:.1}"));
            let flag = if c.disagreement { "  reviewers disagree" } else { "" };
            let range = c.range.map_or("–".to_owned(), |[lo, hi]| format!("{lo}–{hi}"));
            out.line(&format!(
                "  {:<46} mean {:>3}  median {:>3}  range {range:<3}  ({} scored){flag}",
                c.name,
                fmt(c.mean),
                fmt(c.median),
                c.scored_by
            ))?;
        }
    }
    if let Some(note) = &view.consensus {
        out.line(&format!("Consensus: {note}"))?;
    }
    if view.needs_consensus {
        out.line("Reviewers disagree: a lead must record a consensus note before the next gate.")?;
    }
    Ok(())
}

pub fn rubric(
    sprout: &Sprout,
    publish: Option<&Path>,
    json: bool,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    let rubric = match publish {
        Some(path) => {
            let text = crate::input::file(path, crate::input::FILE_LIMIT)?;
            let rubric: Rubric = serde_json::from_str(&text).map_err(|e| {
                AppError::new(
                    ErrorCode::InvalidSetting,
                    format!("{} is not a rubric: {e}", path.display()),
                )
            })?;
            sprout.publish_rubric(&rubric)?
        }
        None => sprout.rubric()?,
    };
    if json {
        return out.json(&rubric);
    }
    out.line(&format!("Rubric version {}", rubric.version))?;
    rubric
        .criteria
        .iter()
        .try_for_each(|c| out.line(&format!("  {:>3}%  {:<12} {}", c.weight, c.key, c.name)))
}
