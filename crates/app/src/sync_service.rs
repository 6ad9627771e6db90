//! Background sync for the desktop app: at start, shortly after each local change, when
//! the file watcher hints that the hub changed, and on a periodic listing (network shares
//! often deliver no watcher events, so the listing is the truth). The service is owned by
//! a handle: dropping it stops the thread and the watcher.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::ErrorCode;
use crate::{Sprout, SyncReport};

/// How often a long pull reports how far it has got.
const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// Waits this long after a change for more, so a burst of edits is one sync.
const DEBOUNCE: Duration = Duration::from_millis(400);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncState {
    Starting,
    /// `received` counts the changes pulled so far in this sync, for long first pulls.
    Syncing {
        received: u32,
    },
    /// `at` is RFC 3339.
    UpToDate {
        at: String,
    },
    /// The hub cannot be reached; work is kept on this PC and sent later.
    Offline {
        reason: String,
    },
    /// Something other than the network went wrong (permission denied, disk full, …).
    Failed {
        reason: String,
    },
}

/// What the status indicator shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct SyncStatus {
    pub state: SyncState,
    pub hub_name: Option<String>,
    pub conflicts: u32,
    /// Files and changes refused or held back.
    pub problems: u32,
    pub waiting_for_approval: bool,
    /// An admin revoked this device: its new work stays on it.
    pub revoked: bool,
    /// The hub approved a different key in this person's name (a swapped join request):
    /// nothing they write here can be shared until an admin sorts it out.
    pub approved_other_key: bool,
    /// The PC has joined no shared hub: its work reaches nobody else yet.
    pub on_this_pc_only: bool,
}

impl SyncStatus {
    /// Before the first sync has reported anything.
    pub fn starting() -> SyncStatus {
        SyncStatus {
            state: SyncState::Starting,
            hub_name: None,
            conflicts: 0,
            problems: 0,
            waiting_for_approval: false,
            revoked: false,
            approved_other_key: false,
            on_this_pc_only: false,
        }
    }
}

/// What a sync brought in, so a window re-reads only the ideas it shows that changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Arrived {
    /// The ideas the new changes concern, when there are few enough to name.
    pub ideas: Vec<sprout_core::IdeaId>,
    /// Too many to name, or a change every idea reads (a new rubric rescores them all).
    pub everything: bool,
}

/// Past this many ideas an event says "everything" rather than listing them.
const MOST_NAMED: usize = 200;

impl Arrived {
    fn from_report(report: &SyncReport) -> Arrived {
        if report.changed_everything || report.changed_ideas.len() > MOST_NAMED {
            return Arrived { ideas: Vec::new(), everything: true };
        }
        Arrived {
            ideas: report
                .changed_ideas
                .iter()
                .map(|id| sprout_core::IdeaId::from_uuid(*id))
                .collect(),
            everything: false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.ideas.is_empty() && !self.everything
    }
}

enum Msg {
    Changed,
    Stop,
}

/// Runs sync in the background until dropped.
pub struct SyncService {
    tx: Sender<Msg>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for SyncService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SyncService")
    }
}

impl SyncService {
    /// Starts syncing `sprout` every `interval` and whenever it changes. `report` gets each
    /// new status and what arrived with it (so the window re-reads what it shows of it).
    pub fn start(
        sprout: Arc<Sprout>,
        interval: Duration,
        report: impl Fn(&SyncStatus, &Arrived) + Send + 'static,
    ) -> SyncService {
        let (tx, rx) = mpsc::channel();
        let poke = tx.clone();
        sprout.on_local_change(Box::new(move || {
            let _ = poke.send(Msg::Changed);
        }));
        let hints = tx.clone();
        let thread = std::thread::Builder::new()
            .name("sprout-sync".into())
            .spawn(move || {
                let mut status = SyncStatus::starting();
                // Known before the first sync, so a PC alone never says it is syncing.
                status.on_this_pc_only = sprout.sharing().is_ok_and(|s| s.on_this_pc_only);
                // (folder watched, its watcher); re-aimed when the device joins another hub.
                let mut watching: (Option<PathBuf>, Option<notify::RecommendedWatcher>) =
                    (None, None);
                loop {
                    status.state = SyncState::Syncing { received: 0 };
                    report(&status, &Arrived::default());
                    let arrived = sync_once(&sprout, &mut status, &report);
                    report(&status, &arrived);
                    let folder = sprout.hub_folder();
                    let object_store =
                        folder.is_none() && sprout.hub_name().ok().flatten().is_some();
                    if folder != watching.0 {
                        watching = (folder.clone(), watch(folder, hints.clone()));
                    }
                    match rx.recv_timeout(next_wait(interval, object_store)) {
                        Ok(Msg::Changed) | Err(RecvTimeoutError::Timeout) => {
                            std::thread::sleep(DEBOUNCE);
                            // Anything that arrived meanwhile is covered by this sync.
                            while let Ok(msg) = rx.try_recv() {
                                if matches!(msg, Msg::Stop) {
                                    return;
                                }
                            }
                        }
                        Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .ok();
        SyncService { tx, thread }
    }

    /// Asks for a sync now (e.g. the person pressed "Sync now").
    pub fn sync_now(&self) {
        let _ = self.tx.send(Msg::Changed);
    }
}

impl Drop for SyncService {
    fn drop(&mut self) {
        let _ = self.tx.send(Msg::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// How long to wait before the next timed sync: the interval, each time a little more or
/// less (up to a quarter either way), so the PCs of a trust that all started at eight do
/// not all ask the share at once; twice the interval for an object store, where each
/// request is billed and no watcher hints at changes (a quiet sync is two requests, so
/// 60 seconds is about 2 900 requests a PC a day).
fn next_wait(interval: Duration, object_store: bool) -> Duration {
    let base = if object_store { interval * 2 } else { interval };
    // The last 62 bits of a v7 UUID are random.
    let random = (uuid::Uuid::now_v7().as_u128() & 0xFFFF) as f64 / f64::from(u16::MAX);
    base.mul_f64(0.75 + random / 2.0)
}

/// Watches a folder hub for new files. Only a hint: if the share sends no events, or
/// cannot be watched at all, the periodic listing still finds everything.
fn watch(folder: Option<PathBuf>, tx: Sender<Msg>) -> Option<notify::RecommendedWatcher> {
    let folder = folder?;
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| e.kind.is_create() || e.kind.is_modify()) {
            let _ = tx.send(Msg::Changed);
        }
    })
    .ok()?;
    watcher.watch(&folder, RecursiveMode::Recursive).ok()?;
    Some(watcher)
}

/// One sync; returns what arrived.
fn sync_once(
    sprout: &Sprout,
    status: &mut SyncStatus,
    report: &impl Fn(&SyncStatus, &Arrived),
) -> Arrived {
    let mut last_told = Instant::now();
    let mut progress = |so_far: &SyncReport| {
        // Often enough to look alive, rarely enough not to flood the window with events;
        // the list refreshes too, so what has arrived can already be read.
        if so_far.pulled > 0 && last_told.elapsed() >= PROGRESS_EVERY {
            last_told = Instant::now();
            let received = u32::try_from(so_far.pulled).unwrap_or(u32::MAX);
            let mut during = status.clone();
            during.state = SyncState::Syncing { received };
            report(&during, &Arrived::from_report(so_far));
        }
    };
    match sprout.sync_with_progress(&mut progress) {
        Ok(report) => {
            status.state = SyncState::UpToDate { at: chrono::Utc::now().to_rfc3339() };
            status.conflicts = u32::try_from(report.conflicts).unwrap_or(u32::MAX);
            status.waiting_for_approval = report.waiting_for_approval;
            status.revoked = report.revoked;
            status.approved_other_key = report.approved_other_key;
            status.problems =
                sprout.hub_problems().map_or(0, |p| u32::try_from(p.len()).unwrap_or(u32::MAX));
            status.hub_name = sprout.hub_name().ok().flatten();
            status.on_this_pc_only = sprout.sharing().is_ok_and(|s| s.on_this_pc_only);
            Arrived::from_report(&report)
        }
        Err(e) if e.code == ErrorCode::HubUnreachable => {
            status.state = SyncState::Offline { reason: e.message };
            Arrived::default()
        }
        Err(e) => {
            status.state = SyncState::Failed { reason: e.message };
            Arrived::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timed_syncs_are_spread_so_pcs_started_together_drift_apart() {
        let interval = Duration::from_secs(30);
        let waits: Vec<Duration> = (0..200).map(|_| next_wait(interval, false)).collect();
        assert!(waits.iter().all(|w| *w >= interval.mul_f64(0.75) && *w <= interval.mul_f64(1.25)));
        let distinct: std::collections::BTreeSet<_> =
            waits.iter().map(Duration::as_millis).collect();
        assert!(distinct.len() > 50, "the waits vary: {distinct:?}");
        let object = next_wait(interval, true);
        assert!(object >= interval.mul_f64(1.5) && object <= interval.mul_f64(2.5));
    }
}
