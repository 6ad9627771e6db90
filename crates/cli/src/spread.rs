//! `sprout spread …`: where an adopted idea stands at each site that considers it.

use std::io::Write;

use clap::{Args, Subcommand};
use sprout_app::{ASSURANCES, AppError, ErrorCode, IdeaId, SitePlan, Spread, Sprout};

use crate::Failure;
use crate::output::Out;

/// `sprout spread ID --site SITE --status STATUS …` records a site; `sprout spread show ID`
/// shows every site.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SpreadArgs {
    #[command(subcommand)]
    pub show: Option<SpreadShow>,
    pub id: Option<IdeaId>,
    #[arg(long)]
    pub site: Option<String>,
    /// interested, planning, adopting, live or declined.
    #[arg(long)]
    pub status: Option<String>,
    /// Why the site declined (needed with --status declined).
    #[arg(long, allow_hyphen_values = true)]
    pub reason: Option<String>,
    #[arg(long, value_name = "PERSON")]
    pub local_lead: Option<String>,
    #[arg(long)]
    pub start: Option<String>,
    /// The local assurance the site has cleared, comma-separated: dcb0160, dtac, dpia,
    /// dspt, ig.
    #[arg(long)]
    pub assured: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum SpreadShow {
    /// Every site with its status and the assurance it cleared; how many have it live.
    Show {
        id: IdeaId,
        #[arg(long)]
        json: bool,
    },
}

pub fn spread(sprout: &Sprout, args: SpreadArgs, out: &mut Out<impl Write>) -> Result<(), Failure> {
    if let Some(SpreadShow::Show { id, json }) = args.show {
        let spread = sprout.spread(id)?;
        return if json { out.json(&spread) } else { show(&spread, out) };
    }
    let (Some(id), Some(site)) = (args.id, args.site) else {
        return Err(Failure::App(AppError::new(
            ErrorCode::Empty,
            "give an idea id and --site SITE --status STATUS, or `sprout spread show ID`",
        )));
    };
    let plan = SitePlan {
        site,
        status: Some(args.status.unwrap_or_default()),
        local_lead: args.local_lead,
        start: args.start,
        end: None,
        reason: args.reason,
        assured: args.assured,
    };
    show(&sprout.set_spread(id, &plan)?, out)
}

fn show(spread: &Spread, out: &mut Out<impl Write>) -> Result<(), Failure> {
    out.line(&format!(
        "Live at {} site{}",
        spread.live_sites,
        if spread.live_sites == 1 { "" } else { "s" }
    ))?;
    for s in &spread.sites {
        let reason = if s.reason.is_empty() { String::new() } else { format!(" ({})", s.reason) };
        out.line(&format!("{}: {}{reason}", s.site, s.status))?;
        for (key, name) in ASSURANCES {
            let mark = if s.assured.iter().any(|a| a == key) { "cleared" } else { "not yet" };
            out.line(&format!("  {name}: {mark}"))?;
        }
    }
    Ok(())
}
