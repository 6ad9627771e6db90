//! The `sprout` command: the same service API as the desktop app, for IT admins
//! (silent provisioning), innovation leads (exports) and scripts. Every read offers `--json`.

mod args;
mod benefits;
mod hub;
mod input;
mod output;
mod partners;
mod partnership_page;
mod person;
mod poc;
mod review;
mod sheets;
mod spread;

use std::error::Error as _;
use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use sprout_app::{IdeaPatch, NewIdea, Sprout, resolve_data_dir};

use args::{Cli, Command, IdeaCommand};
use output::Out;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // An id or other value that does not parse is bad input like any other: one line
        // naming it, exit 1, nothing written. Usage mistakes keep clap's help.
        Err(e) if e.kind() == clap::error::ErrorKind::ValueValidation => {
            let reason = e
                .source()
                .map_or_else(|| e.to_string(), ToString::to_string)
                .replace(['\n', '\r'], " ");
            let arg = match e.get(clap::error::ContextKind::InvalidArg) {
                Some(clap::error::ContextValue::String(arg)) => format!("{arg}: "),
                _ => String::new(),
            };
            let _ = writeln!(io::stderr(), "error: {arg}{reason}");
            return ExitCode::FAILURE;
        }
        Err(e) => e.exit(),
    };
    let mut out = Out::new(io::stdout().lock());
    match run(cli, &mut out).and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        // `sprout idea list | head` closes the pipe early; that is not an error.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Silent) => ExitCode::FAILURE,
        Err(failure) => {
            let mut hint = "";
            if let Failure::App(e) = &failure {
                // The code alone: a message may quote what someone typed.
                tracing::info!(code = ?e.code, "command refused");
                if e.code == sprout_app::ErrorCode::WhoNeeded {
                    hint = " (sprout person start NAME --site SITE)";
                }
            }
            let message = failure.to_string().replace(['\n', '\r'], " ") + hint;
            let _ = writeln!(io::stderr(), "error: {message}");
            ExitCode::FAILURE
        }
    }
}

#[derive(Debug)]
enum Failure {
    App(sprout_app::AppError),
    Io(io::Error),
    /// The command has already said what is wrong on stdout (e.g. `hub verify`).
    Silent,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::App(e) => e.fmt(f),
            Failure::Io(e) => write!(f, "could not write output: {e}"),
            Failure::Silent => Ok(()),
        }
    }
}

impl From<sprout_app::AppError> for Failure {
    fn from(e: sprout_app::AppError) -> Self {
        Failure::App(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

fn run(cli: Cli, out: &mut Out<impl Write>) -> Result<(), Failure> {
    let data_dir = resolve_data_dir(cli.data_dir)?;
    sprout_app::start_logging(&data_dir, cli.verbose);
    let sprout = Sprout::open(&data_dir).inspect_err(|e| {
        tracing::error!(code = ?e.code, "cannot open the data folder");
    })?;
    match &cli.as_person {
        Some(who) => {
            person::switch(&sprout, who, false)?;
        }
        None if !cli.command.reads_only() => person::unlock_acting(&sprout)?,
        None => {}
    }
    match cli.command {
        Command::Person { command } => person::person(&sprout, command, out),
        Command::Idea { command } => idea(&sprout, command, out),
        Command::Hub { command } => hub::hub(&sprout, command, out),
        Command::Sync { full, json } => hub::sync(&sprout, full, json, out),
        Command::Review { command } => review::review(&sprout, command, out),
        Command::Poc { command } => poc::poc(&sprout, command, out),
        Command::Spread(args) => spread::spread(&sprout, args, out),
        Command::Partner { command } => partners::partner(&sprout, command, out),
        Command::Partnership { command } => partners::partnership(&sprout, command, out),
        Command::Agreement { command } => partners::agreement(&sprout, command, out),
        Command::Partners { command } => partners::partners(&sprout, command, out),
        Command::Benefit { command } => benefits::benefit(&sprout, command, out),
        Command::Dashboard { from, to, site, json } => {
            let board = sprout.dashboard(&sprout_app::DashboardQuery { from, to, site })?;
            if json { out.json(&board) } else { dashboard_text(&board, out) }
        }
        Command::Benefits { command } => benefits::benefits(&sprout, command, out),
        Command::Report { command } => report(&sprout, command, out),
        Command::Import(args) => sheets::import(&sprout, args, out),
        Command::Export(args) => sheets::export(&sprout, args, out),
        Command::Rubric { publish, json } => review::rubric(&sprout, publish.as_deref(), json, out),
        Command::Conflicts { json } => hub::conflicts(&sprout, json, out),
        Command::PidCheck { text, json } => {
            let text = match text.filter(|t| t != "-") {
                Some(t) => t,
                None => input::stdin()?,
            };
            let hits = sprout_app::scan_for_pid(&text, &sprout.pid_rules()?);
            if json {
                out.json(&hits)?;
            } else if hits.is_empty() {
                out.line("No patient details found.")?;
            }
            for h in hits.iter().filter(|_| !json) {
                out.line(&format!(
                    "{:<18} {:?} at characters {}–{}",
                    h.kind.explain(),
                    h.text,
                    h.start + 1,
                    h.end
                ))?;
            }
            if hits.is_empty() { Ok(()) } else { Err(Failure::Silent) }
        }
        Command::WaitingTarget { days } => {
            if let Some(days) = days {
                sprout.set_waiting_target(days)?;
            }
            out.line(&format!("{} days", sprout.waiting_target()?))
        }
        Command::HospitalNumbers { patterns, clear } => {
            if clear || !patterns.is_empty() {
                sprout.set_hospital_number_patterns(&patterns)?;
            }
            let rules = sprout.pid_rules()?;
            if rules.hospital_numbers.is_empty() {
                out.line("(none: only numbers named MRN, hospital number and the like are caught)")
            } else {
                rules
                    .hospital_numbers
                    .iter()
                    .try_for_each(|p| out.line(p.as_str().trim_start_matches("(?i)")))
            }
        }
        Command::UpdateEndpoint { url, clear } => {
            if clear {
                sprout.set_update_endpoint(None)?;
            } else if let Some(url) = url {
                sprout.set_update_endpoint(Some(&url))?;
            }
            match sprout.update_endpoint()? {
                Some(url) => out.line(&url),
                None => out.line("(none: this installation does not check for updates)"),
            }
        }
    }
}

/// The idea's tags after a change, so the person sees the result.
fn tag_line(idea: &sprout_app::Idea) -> String {
    if idea.tags.is_empty() { "no tags".to_owned() } else { idea.tags.join(", ") }
}

type AppError = sprout_app::AppError;

fn idea(sprout: &Sprout, command: IdeaCommand, out: &mut Out<impl Write>) -> Result<(), Failure> {
    match command {
        IdeaCommand::Add { title, problem, solution, affects, site, department, tags, json } => {
            let new = NewIdea { title, problem, solution, affects, site, department, tags };
            let idea = sprout.add_idea(&new)?;
            if json { out.json(&idea) } else { out.line(&idea.id.to_string()) }
        }
        IdeaCommand::Edit { id, title, problem, solution, affects, site, department, json } => {
            let patch = IdeaPatch { title, problem, solution, affects, site, department };
            let idea = sprout.edit_idea(id, &patch)?;
            if json { out.json(&idea) } else { out.line(&idea.id.to_string()) }
        }
        IdeaCommand::List { query: Some(raw), json, .. } => {
            let mut query: sprout_app::IdeaQuery = serde_json::from_str(&raw).map_err(|e| {
                sprout_app::AppError::new(
                    sprout_app::ErrorCode::NotOneOf,
                    format!("query is not an Ideas query ({e})"),
                )
            })?;
            // Every page: the query names which ideas, not how many to show.
            query.per_page = sprout_app::MAX_PER_PAGE;
            let mut ideas = Vec::new();
            for page in 1.. {
                query.page = page;
                let found = sprout.idea_page(&query)?;
                ideas.extend(found.ideas);
                if page >= found.pages {
                    break;
                }
            }
            out.ideas(&ideas, json, "No ideas match this query.")
        }
        IdeaCommand::List { stage, site, merged, limit: Some(limit), json, .. } => {
            let query = sprout_app::IdeaQuery {
                stage,
                site: site.map(|s| s.trim().to_owned()),
                include_merged: merged,
                per_page: limit,
                page: 1,
                ..Default::default()
            };
            let ideas = sprout.idea_page(&query)?.ideas;
            out.ideas(&ideas, json, "No ideas match these filters.")
        }
        IdeaCommand::List { stage, site, merged, limit: None, json, .. } => {
            let mut ideas = match site {
                Some(site) => sprout.ideas_at_site(&site)?,
                None => sprout.ideas()?,
            };
            ideas.retain(|i| {
                stage.is_none_or(|s| i.stage == s) && (merged || i.merged_into.is_none())
            });
            let none =
                "No ideas yet. Add one with: sprout idea add --title TITLE --problem PROBLEM";
            out.ideas(&ideas, json, none)
        }
        IdeaCommand::Scores { id, json } => review::show(&sprout.scores(id)?, json, out),
        IdeaCommand::Show { id, json } => {
            let idea = sprout.idea(id)?;
            if json { out.json(&idea) } else { out.idea(&idea) }
        }
        IdeaCommand::Search { query, json } => {
            let ideas = sprout.search_ideas(&query)?;
            out.ideas(&ideas, json, &format!("No ideas match {query:?}."))
        }
        IdeaCommand::Tag { id, tags } => {
            let mut idea = sprout.idea(id)?;
            for tag in tags {
                idea = sprout.tag_idea(id, &tag)?;
            }
            out.line(&tag_line(&idea))
        }
        IdeaCommand::Untag { id, tags } => {
            let mut idea = sprout.idea(id)?;
            for tag in tags {
                idea = sprout.untag_idea(id, &tag)?;
            }
            out.line(&tag_line(&idea))
        }
        IdeaCommand::Delete { id } => {
            sprout.delete_idea(id)?;
            out.line(&format!("Deleted {id}. Its history stays in the log."))
        }
        IdeaCommand::Comment { id, text } => {
            let comment = sprout.comment_on_idea(id, &text)?;
            out.line(&comment.id)
        }
        IdeaCommand::Similar { title, problem, json } => {
            let found = sprout.similar_ideas(&title, &problem)?;
            if json {
                return out.json(&found);
            }
            if found.is_empty() {
                return out.line("No similar ideas: this looks new.");
            }
            found.iter().try_for_each(|s| {
                let pct = (s.likeness * 100.0).round();
                out.line(&format!("{}  {pct:>3}%  {}  ({})", s.idea.id, s.idea.title, s.idea.stage))
            })
        }
        IdeaCommand::Support { id, text } => {
            let idea = sprout.support_idea(id, &text)?;
            let n = idea.supporters;
            let who = if n == 1 { "person supports" } else { "people support" };
            out.line(&format!("{n} {who} “{}”.", idea.title))
        }
        IdeaCommand::Comments { id, json } => {
            let comments = sprout.comments(id)?;
            out.comments(&comments, json)
        }
        IdeaCommand::Move { id, decision, rationale, to } => {
            if let Some(want) = to {
                let now = sprout.idea(id)?.stage;
                let lands = sprout_app::transition(now, decision)
                    .map_err(|e| AppError::new(sprout_app::ErrorCode::GateClosed, e))?;
                if lands != want {
                    return Err(Failure::App(AppError::new(
                        sprout_app::ErrorCode::GateClosed,
                        format!("{} from {now} leads to {lands}, not {want}", decision.key()),
                    )));
                }
            }
            let before = sprout.idea(id)?.stage;
            let idea = sprout.decide(id, decision, rationale.as_deref().unwrap_or_default())?;
            out.line(&format!("{before} → {} ({})", idea.stage, decision.key()))
        }
        IdeaCommand::Merge { id, into } => {
            let idea = sprout.merge_idea(id, into)?;
            let kept = sprout.idea(into)?;
            out.line(&format!("“{}” is merged into “{}”.", idea.title, kept.title))
        }
        IdeaCommand::Unmerge { id } => {
            let idea = sprout.unmerge_idea(id)?;
            out.line(&format!("“{}” stands on its own again.", idea.title))
        }
        IdeaCommand::Timeline { id, json } => {
            let entries = sprout.timeline(id)?;
            if json {
                return out.json(&entries);
            }
            entries.iter().try_for_each(|e| {
                let at = chrono::DateTime::parse_from_rfc3339(&e.at)
                    .map(|t| t.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string())
                    .unwrap_or_else(|_| e.at.clone());
                out.line(&format!("{at}  {} ({}) {}", e.who, e.device, e.what))
            })
        }
        IdeaCommand::Decisions { id, json } => {
            let decisions = sprout.decisions(id)?;
            if json {
                return out.json(&decisions);
            }
            if decisions.is_empty() {
                return out.line("No decisions yet: the idea is waiting for triage.");
            }
            for d in decisions {
                let at = d.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
                let lost = if d.took_effect {
                    ""
                } else {
                    "  [did not take effect: another decision at this gate came first]"
                };
                out.line(&format!(
                    "{at}  {} → {} ({}){lost}\n  {}",
                    d.from,
                    d.to,
                    d.decision.key(),
                    d.rationale
                ))?;
            }
            Ok(())
        }
        IdeaCommand::Framework {
            id,
            clinical_sponsor,
            esf_tier,
            trl,
            dtac_status,
            patient_facing,
            mhra_device,
            dpia_screening,
            nasss,
            json,
        } => {
            use sprout_app::IdeaField as F;
            let given = [
                (F::ClinicalSponsor, clinical_sponsor),
                (F::EsfTier, esf_tier),
                (F::Trl, trl),
                (F::DtacStatus, dtac_status),
                (F::PatientFacing, patient_facing),
                (F::MhraDevice, mhra_device),
                (F::DpiaScreening, dpia_screening),
                (F::Nasss, nasss),
            ];
            let mut answers = sprout.framework(id)?;
            for (field, value) in given {
                if let Some(value) = value {
                    answers = sprout.set_framework(id, field, &value)?;
                }
            }
            if json {
                let by_name: std::collections::BTreeMap<&str, &String> =
                    answers.iter().map(|(f, v)| (f.name(), v)).collect();
                return out.json(&by_name);
            }
            if answers.is_empty() {
                return out.line("No framework answers yet.");
            }
            answers.iter().try_for_each(|(f, v)| out.line(&format!("{:<17} {v}", f.name())))
        }
    }
}

fn report(
    sprout: &Sprout,
    command: args::ReportCommand,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    let args::ReportCommand::Board {
        from,
        to,
        site,
        out: file,
        title,
        meeting,
        date,
        author,
        purpose,
        assurance,
        recommendation,
        objectives,
        json,
    } = command;
    let request = sprout_report::BoardRequest {
        from,
        to,
        site,
        meeting,
        date,
        title,
        author,
        purpose,
        assurance,
        recommendation,
        objectives,
    };
    let saved = sprout_report::save_board_pack(sprout, &request, Some(&file))?;
    if json {
        out.json(&saved)
    } else {
        out.line(&format!(
            "Wrote the board pack to {}: {} pages, {} ideas in its appendix.",
            saved.path, saved.pages, saved.ideas
        ))
    }
}

/// The dashboard in a few lines: the funnel, what waits, and the SPC charts' verdicts.
fn dashboard_text(board: &sprout_app::Dashboard, out: &mut Out<impl Write>) -> Result<(), Failure> {
    out.line(&format!(
        "{} to {}{}",
        board.from,
        board.to,
        if board.site.is_empty() { String::new() } else { format!(", at {}", board.site) }
    ))?;
    for s in &board.funnel {
        out.line(&format!(
            "{}: {} now, {} entered{}",
            s.stage,
            s.now.count,
            s.entered.count,
            if s.conversion.is_empty() { String::new() } else { format!(" ({})", s.conversion) }
        ))?;
    }
    for (stage, f) in &board.waiting {
        out.line(&format!(
            "Waiting in {stage} over {} days: {}",
            board.waiting_target_days, f.count
        ))?;
    }
    out.line(&format!("Submissions a month: {}", board.submissions.says))?;
    out.line(&format!("Days to a first decision: {}", board.days_to_decision.says))
}
