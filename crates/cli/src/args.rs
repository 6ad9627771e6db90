use std::path::PathBuf;

use clap::{Parser, Subcommand};
use sprout_app::{ActorId, IdeaId};

/// Sprout: from clinicians' ideas to proven pilots.
#[derive(Debug, Parser)]
#[command(name = "sprout", version, about, max_term_width = 100)]
pub struct Cli {
    /// Data folder to use (default: $SPROUT_DATA_DIR, else the platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Act as this person on this PC (name or actor id) for this one command. Someone with
    /// a passphrase gives it in the SPROUT_PASSPHRASE environment variable.
    #[arg(long = "as", global = true, value_name = "PERSON")]
    pub as_person: Option<String>,

    /// Also show Sprout's log (syncs, refusals, errors) on stderr. It is always written to
    /// sprout.log in the data folder; neither ever holds what anyone wrote.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, change, list, show, search, tag, delete and comment on ideas.
    Idea {
        #[command(subcommand)]
        command: IdeaCommand,
    },
    /// Found, join and manage the hub that devices share ideas through.
    Hub {
        #[command(subcommand)]
        command: HubCommand,
    },
    /// The people who use Sprout on this PC: list them, add someone, switch who is acting.
    Person {
        #[command(subcommand)]
        command: PersonCommand,
    },
    /// Assign reviewers, score ideas against the rubric, see your queue, settle disagreement.
    Review {
        #[command(subcommand)]
        command: ReviewCommand,
    },
    /// Plan a proof of concept and record its progress: aim, project lead, hypotheses,
    /// metrics with baselines, targets and actuals, milestones and status.
    Poc {
        #[command(subcommand)]
        command: crate::poc::PocCommand,
    },
    /// Where an idea at Adopt & spread stands at each site, with the local assurance each
    /// has cleared: `sprout spread ID --site SITE --status live --assured dcb0160,dtac`,
    /// or `sprout spread show ID`.
    Spread(crate::spread::SpreadArgs),
    /// The hub's partner organisations and their contacts (leads and admins).
    Partner {
        #[command(subcommand)]
        command: crate::partners::PartnerCommand,
    },
    /// Partnerships run to the DHSC five principles: record one, evidence its principles,
    /// move it through its stages, declare interests, show and list them.
    Partnership {
        #[command(subcommand)]
        command: crate::partners::PartnershipCommand,
    },
    /// A partnership's agreements, their value-share terms and obligations.
    Agreement {
        #[command(subcommand)]
        command: crate::partners::AgreementCommand,
    },
    /// What is due across the partnerships, and the public register of data partnerships.
    Partners {
        #[command(subcommand)]
        command: crate::partners::PartnersCommand,
    },
    /// The figures a lead reports with, for a period (the last 12 months unless given)
    /// and the hub or one site: each count with the Ideas query that lists it.
    Dashboard {
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long)]
        site: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Reports made on this PC from the dashboard's figures.
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Each idea's benefits: the Green Book's fields, states until verified, forecasts and
    /// actuals by quarter and site, reviews after go-live.
    Benefit {
        #[command(subcommand)]
        command: crate::benefits::BenefitCommand,
    },
    /// The benefits roll-up, reviews due, and the register out to a spreadsheet.
    Benefits {
        #[command(subcommand)]
        command: crate::benefits::BenefitsCommand,
    },
    /// Bring ideas in from an .xlsx or .csv sheet (an Excel tracker, a Forms export):
    /// `--dry-run` first says what would be created, updated and skipped, row by row.
    /// Importing the same sheet again updates the ideas it made.
    Import(crate::sheets::ImportArgs),
    /// Write ideas (with the filters given), POCs, or everything to .xlsx or .csv. The
    /// ideas sheet has the columns `sprout import` reads, so it can be edited and imported.
    Export(crate::sheets::ExportArgs),
    /// Show the scoring rubric in force, or publish a new version (admins).
    Rubric {
        /// A JSON file holding the new rubric (`version` and `criteria`).
        #[arg(long, value_name = "FILE")]
        publish: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Push this device's new work to the hub and pull everyone else's.
    Sync {
        /// Read every log, roster file and proof on the hub again, not only what its
        /// news names (done at least once a day anyway).
        #[arg(long)]
        full: bool,
        #[arg(long)]
        json: bool,
    },
    /// Fields two people changed without seeing each other's change.
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Check text for patient details exactly as every save does; with no text, or `-`,
    /// reads standard input (up to 32 MB). Exits 1 listing each finding, 0 when clear.
    PidCheck {
        #[arg(allow_hyphen_values = true)]
        text: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show or set (admins) how many days an idea may wait in Submitted or Triage before
    /// the dashboard counts it as waiting too long (14 unless set).
    WaitingTarget {
        /// Days, 1 to 365.
        days: Option<u32>,
    },
    /// Show or set (admins) the hub's hospital-number formats, as regular expressions, which
    /// every device's patient-data guard looks for besides numbers named "MRN" and the like.
    HospitalNumbers {
        patterns: Vec<String>,
        /// Forget every format set.
        #[arg(long, conflicts_with = "patterns")]
        clear: bool,
    },
    /// Show or set where this installation checks for signed updates.
    UpdateEndpoint {
        /// The update URL (tauri updater JSON); omit to show the current one.
        url: Option<String>,
        /// Stop checking for updates.
        #[arg(long, conflicts_with = "url")]
        clear: bool,
    },
}

impl Command {
    /// Whether the command only reads what every role may read, so the acting person's
    /// sealed key is not unlocked for it: unlocking costs about 80 ms of Argon2, more
    /// than a page of 100 000 ideas takes to read.
    pub fn reads_only(&self) -> bool {
        match self {
            Command::Idea { command } => matches!(
                command,
                IdeaCommand::List { .. }
                    | IdeaCommand::Show { .. }
                    | IdeaCommand::Search { .. }
                    | IdeaCommand::Similar { .. }
                    | IdeaCommand::Comments { .. }
                    | IdeaCommand::Timeline { .. }
                    | IdeaCommand::Decisions { .. }
            ),
            Command::Person { command } => matches!(command, PersonCommand::List { .. }),
            Command::Rubric { publish, .. } => publish.is_none(),
            Command::PidCheck { .. } => true,
            Command::Partner { command } => {
                matches!(command, crate::partners::PartnerCommand::List { .. })
            }
            // `partnership show` unlocks when a passphrase is given: a lead's key opens
            // confidential amounts.
            Command::Partnership { command } => {
                matches!(command, crate::partners::PartnershipCommand::List { .. })
            }
            Command::Partners { command } => {
                matches!(command, crate::partners::PartnersCommand::Due { .. })
            }
            Command::Hub { command } => {
                matches!(command, HubCommand::Verify { .. } | HubCommand::Problems { .. })
            }
            Command::Dashboard { .. } => true,
            Command::Benefit { command } => matches!(
                command,
                crate::benefits::BenefitCommand::Show { .. }
                    | crate::benefits::BenefitCommand::List { .. }
            ),
            Command::Benefits { command } => {
                !matches!(command, crate::benefits::BenefitsCommand::Export { .. })
            }
            _ => false,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum IdeaCommand {
    /// Submit a new idea; prints its id.
    Add {
        /// A short title (up to 200 characters).
        #[arg(long, allow_hyphen_values = true)]
        title: String,
        /// The problem you see.
        #[arg(long, allow_hyphen_values = true)]
        problem: String,
        /// How it might be solved.
        #[arg(long, allow_hyphen_values = true)]
        solution: Option<String>,
        /// Who it affects: patients, carers, staff (comma-separated).
        #[arg(long, value_delimiter = ',')]
        affects: Vec<String>,
        /// The site where it was seen.
        #[arg(long, allow_hyphen_values = true)]
        site: Option<String>,
        /// The department or ward.
        #[arg(long, allow_hyphen_values = true)]
        department: Option<String>,
        /// A category tag; repeat for several.
        #[arg(long = "tag", allow_hyphen_values = true)]
        tags: Vec<String>,
        /// Print the new idea as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// Change an idea's title, problem or solution (an empty solution clears it).
    Edit {
        id: IdeaId,
        #[arg(long, allow_hyphen_values = true)]
        title: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        problem: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        solution: Option<String>,
        /// Who it affects: patients, carers, staff (comma-separated; empty clears).
        #[arg(long, value_delimiter = ',')]
        affects: Option<Vec<String>>,
        #[arg(long, allow_hyphen_values = true)]
        site: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        department: Option<String>,
        /// Print the changed idea as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// List every idea, newest first.
    List {
        /// Only ideas in this stage (e.g. triage, "POC planning").
        #[arg(long)]
        stage: Option<sprout_app::Stage>,
        /// Only ideas seen at this site (exactly as entered).
        #[arg(long)]
        site: Option<String>,
        /// Include duplicates merged into other ideas.
        #[arg(long)]
        merged: bool,
        /// Only the newest N (at most 200): one page from the store's index, however many
        /// ideas the hub holds.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=200))]
        limit: Option<u32>,
        /// Every idea an Ideas query lists, as JSON (a dashboard figure's `query`); the
        /// other filters are then not given.
        #[arg(long, value_name = "JSON", conflicts_with_all = ["stage", "site", "merged", "limit"])]
        query: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// An idea's scores: per-criterion mean, median, range and disagreement, and the
    /// weighted total (blind until you have given yours, if you were asked).
    Scores {
        id: IdeaId,
        #[arg(long)]
        json: bool,
    },
    /// Show one idea in full.
    Show {
        id: IdeaId,
        #[arg(long)]
        json: bool,
    },
    /// Find ideas by words in their title, problem or solution, best match first.
    Search {
        /// Words to look for (quote several); punctuation and search operators are
        /// treated as plain text.
        #[arg(allow_hyphen_values = true)]
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// Add tags to an idea (stored in lower case; quote a tag with spaces).
    Tag {
        id: IdeaId,
        #[arg(required = true, allow_hyphen_values = true)]
        tags: Vec<String>,
    },
    /// Remove tags from an idea.
    Untag {
        id: IdeaId,
        #[arg(required = true, allow_hyphen_values = true)]
        tags: Vec<String>,
    },
    /// Withdraw an idea: it leaves every list on every device; its history is kept.
    Delete { id: IdeaId },
    /// Comment on an idea, e.g. "+1, we see this on ward 9 too".
    Comment {
        id: IdeaId,
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
    /// Ideas from every site that look like one you are about to submit, most alike
    /// first (at most five).
    Similar {
        #[arg(long, allow_hyphen_values = true, default_value = "")]
        title: String,
        #[arg(long, allow_hyphen_values = true, default_value = "")]
        problem: String,
        #[arg(long)]
        json: bool,
    },
    /// Support an existing idea instead of submitting it again ("+1, ward 9 too").
    Support {
        id: IdeaId,
        #[arg(allow_hyphen_values = true, default_value = "")]
        text: String,
    },
    /// An idea's comments, oldest first.
    Comments {
        id: IdeaId,
        #[arg(long)]
        json: bool,
    },
    /// Decide at the gate an idea stands at (leads and admins): go on to the next stage,
    /// hold (park it), recycle (back to Refine) or stop (decline). The rationale is what
    /// the submitter reads.
    Move {
        id: IdeaId,
        #[arg(long)]
        decision: sprout_app::Decision,
        /// Why: the submitter reads it. Required; a missing one is refused with one line.
        #[arg(long, allow_hyphen_values = true)]
        rationale: Option<String>,
        /// The stage the idea should end up in, as a check against moving the wrong idea.
        #[arg(long)]
        to: Option<sprout_app::Stage>,
    },
    /// Fold a duplicate into the idea it repeats (leads and admins); undo with `unmerge`.
    Merge {
        id: IdeaId,
        #[arg(long)]
        into: IdeaId,
    },
    /// Undo a merge: the idea stands on its own again.
    Unmerge { id: IdeaId },
    /// Who did what to an idea, when, and from which device, oldest first.
    Timeline {
        id: IdeaId,
        #[arg(long)]
        json: bool,
    },
    /// An idea's gate decisions, oldest first.
    Decisions {
        id: IdeaId,
        #[arg(long)]
        json: bool,
    },
    /// Show or set an idea's framework answers, which gates check (an empty value clears).
    Framework {
        id: IdeaId,
        #[arg(long, allow_hyphen_values = true)]
        clinical_sponsor: Option<String>,
        /// NICE Evidence Standards Framework tier: A, B or C.
        #[arg(long)]
        esf_tier: Option<String>,
        /// Technology Readiness Level, 1 to 9.
        #[arg(long)]
        trl: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        dtac_status: Option<String>,
        /// Whether the POC touches patients: yes or no.
        #[arg(long)]
        patient_facing: Option<String>,
        /// Whether it is likely a medical device, its class and why.
        #[arg(long, allow_hyphen_values = true)]
        mhra_device: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        dpia_screening: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        nasss: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Ask a reviewer to score an idea (leads and admins).
    Assign {
        id: IdeaId,
        /// Their name or actor id, as `sprout hub members` lists them.
        #[arg(long)]
        reviewer: String,
    },
    /// Score an idea: `--criterion need=4 --criterion evidence=na` (1 to 5, or na for
    /// "unable to assess"). Kept on this PC as a draft until `--submit`.
    Score {
        id: IdeaId,
        #[arg(long = "criterion", visible_alias = "score", value_name = "NAME=SCORE")]
        scores: Vec<String>,
        #[arg(long, allow_hyphen_values = true, default_value = "")]
        note: String,
        /// Submit these scores (with any kept before) for the idea.
        #[arg(long)]
        submit: bool,
    },
    /// An idea's scores; blind until you have given yours, if you were asked.
    Show {
        id: IdeaId,
        #[arg(long)]
        json: bool,
    },
    /// The ideas you were asked to score: to do, then done.
    Queue {
        #[arg(long)]
        json: bool,
    },
    /// Record how reviewers' disagreement was settled (leads), so the idea may pass its gate.
    Consensus {
        id: IdeaId,
        #[arg(allow_hyphen_values = true)]
        note: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PersonCommand {
    /// The first run: say who is using Sprout on this PC. With SPROUT_PASSPHRASE set, their
    /// key is sealed with it from the start, so they may review, lead or administer.
    Start {
        name: String,
        /// Their site or ward.
        #[arg(long, default_value = "")]
        site: String,
    },
    /// Everyone on this PC; the one acting now is marked with `*`.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add someone to this PC and act as them. With SPROUT_PASSPHRASE set, their signing key
    /// is sealed with it, as it must be for anyone who reviews, leads or administers.
    Add { name: String },
    /// Act as someone else on this PC from now on (name or actor id). Someone with a
    /// passphrase gives it in SPROUT_PASSPHRASE, and their session ends with the command.
    Switch { person: String },
}

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Create a hub in a folder (e.g. on the trust's network share); you become its admin,
    /// so your key must be sealed with your passphrase (SPROUT_PASSPHRASE).
    Init {
        path: PathBuf,
        /// A name people will recognise, e.g. "North Trust innovation hub".
        #[arg(long, default_value = "Sprout hub")]
        name: String,
        #[command(flatten)]
        who: Who,
    },
    /// Join the hub in a folder; your work stays on this PC until an admin or lead approves.
    Join {
        path: PathBuf,
        #[command(flatten)]
        who: Who,
    },
    /// Devices waiting for approval.
    Requests {
        #[arg(long)]
        json: bool,
    },
    /// Let a waiting device in with a role: clinician, reviewer, lead or admin.
    Approve {
        actor: ActorId,
        #[arg(long)]
        role: sprout_app::Role,
    },
    /// Stop accepting a device's future work.
    Revoke { actor: ActorId },
    /// Everyone on the hub, with their roles.
    Members {
        #[arg(long)]
        json: bool,
    },
    /// Check every file on the hub (or the one at PATH); lists each problem.
    Verify {
        path: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Write a snapshot so new devices need not replay every change (leads and admins).
    Snapshot,
    /// Files and changes the hub offered that this device refused or held back.
    Problems {
        #[arg(long)]
        json: bool,
    },
}

/// Who this device's person is, as other people on the hub will see them.
#[derive(Debug, clap::Args)]
pub struct Who {
    /// Your name, as colleagues know you.
    #[arg(long)]
    pub person: Option<String>,
    /// Your site or ward.
    #[arg(long)]
    pub site: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The board pack: a tagged PDF with an NHS board paper's cover sheet, a summary, the
    /// funnel and SPC charts with their tables, POCs, benefits, partnerships due, and an
    /// appendix listing every idea counted. The same hub and period give the same bytes.
    Board {
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long)]
        site: Option<String>,
        /// Where to write the PDF.
        #[arg(long, value_name = "FILE.pdf")]
        out: std::path::PathBuf,
        #[arg(long, default_value = "")]
        title: String,
        /// The meeting it goes to ("Innovation board" unless given).
        #[arg(long, default_value = "")]
        meeting: String,
        /// The meeting's date, YYYY-MM-DD (today unless given).
        #[arg(long, default_value = "")]
        date: String,
        /// Who presents it (the person using Sprout unless given).
        #[arg(long, default_value = "")]
        author: String,
        /// For assurance (unless given), information, discussion or decision.
        #[arg(long, default_value = "")]
        purpose: String,
        /// substantial, reasonable (unless given), limited or none.
        #[arg(long, default_value = "")]
        assurance: String,
        #[arg(long, default_value = "")]
        recommendation: String,
        /// The strategic objectives it supports.
        #[arg(long, default_value = "")]
        objectives: String,
        #[arg(long)]
        json: bool,
    },
}
