use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// Sprout: from clinicians' ideas to proven pilots.
#[derive(Debug, Parser)]
#[command(name = "sprout", version, about, max_term_width = 100)]
pub struct Cli {
    /// Data folder to use (default: $SPROUT_DATA_DIR, else the platform's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, change, list, show and search ideas.
    Idea {
        #[command(subcommand)]
        command: IdeaCommand,
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
        /// Print the new idea as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// Change an idea's title, problem or solution (an empty solution clears it).
    Edit {
        id: String,
        #[arg(long, allow_hyphen_values = true)]
        title: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        problem: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        solution: Option<String>,
        /// Print the changed idea as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// List every idea, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Show one idea in full.
    Show {
        id: String,
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
}
