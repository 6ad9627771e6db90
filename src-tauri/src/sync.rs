//! Background sync in the desktop app: the service from `sprout-app`, its status sent to
//! the window as events. The service lives in managed state and stops when the app exits.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_app::{Arrived, Sprout, SyncService, SyncStatus};
use tauri::AppHandle;
use tauri_specta::Event;

/// How often the hub is listed when no change is hinted (network shares often send no
/// file events). Tests shorten it with SPROUT_SYNC_INTERVAL_SECS.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(30);

#[derive(Clone, Debug, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct SyncStatusChanged(pub SyncStatus);

/// Changes arrived from the hub: the window re-reads what it shows of these ideas.
#[derive(Clone, Debug, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct IdeasChanged(pub Arrived);

#[derive(Debug)]
pub struct Sync {
    status: Arc<Mutex<SyncStatus>>,
    service: Option<SyncService>,
}

impl Sync {
    pub fn start(app: &AppHandle, sprout: Option<Arc<Sprout>>) -> Sync {
        let status = Arc::new(Mutex::new(SyncStatus::starting()));
        let service = sprout.map(|sprout| {
            let (app, latest) = (app.clone(), status.clone());
            SyncService::start(sprout, interval(), move |s, arrived| {
                *latest.lock().unwrap_or_else(PoisonError::into_inner) = s.clone();
                // The window may not be listening yet; it asks for the status when it loads.
                let _ = SyncStatusChanged(s.clone()).emit(&app);
                if !arrived.is_empty() {
                    let _ = IdeasChanged(arrived.clone()).emit(&app);
                }
            })
        });
        Sync { status, service }
    }

    pub fn status(&self) -> SyncStatus {
        self.status.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub fn sync_now(&self) {
        if let Some(service) = &self.service {
            service.sync_now();
        }
    }
}

fn interval() -> Duration {
    std::env::var("SPROUT_SYNC_INTERVAL_SECS")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .map_or(DEFAULT_INTERVAL, Duration::from_secs_f64)
}
