//! Sprout's log: what happened, never what people wrote. A file in the data folder
//! (`sprout.log`, owner-only) records syncs, refusals by code and hub path, and errors by
//! code, so an IT admin can see why a PC is not sharing without anyone's idea text ending
//! up in a log file. `sprout --verbose` shows the same on stderr.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{Layer, filter::LevelFilter, fmt};

/// The log file's name in the data folder.
pub const LOG_FILE_NAME: &str = "sprout.log";

/// Past this the log starts afresh (the old one is kept as `sprout.log.old`), so a PC
/// left running for years does not fill its disk.
const MAX_LOG_BYTES: u64 = 5 * 1024 * 1024;

/// Starts logging to the data folder's log file, and to stderr when `verbose`. Call once
/// per process; a second call, or a log file that cannot be opened, leaves logging as it
/// was rather than stopping Sprout.
pub fn start_logging(data_dir: &Path, verbose: bool) {
    let path = data_dir.join(LOG_FILE_NAME);
    if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_LOG_BYTES) {
        let _ = std::fs::rename(&path, data_dir.join(format!("{LOG_FILE_NAME}.old")));
    }
    let _ = sprout_store::create_private_dir(data_dir);
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(&path).ok().map(|f| {
        fmt::layer().with_ansi(false).with_writer(Mutex::new(f)).with_filter(LevelFilter::INFO)
    });
    let stderr =
        verbose.then(|| fmt::layer().with_writer(std::io::stderr).with_filter(LevelFilter::DEBUG));
    let subscriber = tracing_subscriber::registry().with(file).with(stderr);
    let _ = tracing::subscriber::set_global_default(subscriber);
}
