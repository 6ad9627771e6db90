//! Signed updates through tauri-plugin-updater. The endpoint is per installation (set by
//! an IT admin with `sprout update-endpoint URL` or SPROUT_UPDATE_ENDPOINT); the public
//! key is baked into the build. The check runs in the background after the window opens,
//! so a slow or unreachable server can never delay start-up, and failures are shown
//! quietly in the footer, never as a dialog.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_app::{AppError, ErrorCode};
use tauri::{AppHandle, Manager, Url};
use tauri_plugin_updater::UpdaterExt;
use tauri_specta::Event;

const CHECK_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Clone, Debug, Serialize, Deserialize, Type, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UpdateStatus {
    /// No endpoint configured for this installation: updates are managed elsewhere.
    NotConfigured,
    Checking,
    /// `checked_at` is RFC 3339.
    UpToDate {
        checked_at: String,
    },
    Available {
        version: String,
        notes: Option<String>,
    },
    Installing {
        version: String,
    },
    /// The check failed (offline, server down). Harmless: the next start tries again.
    Failed {
        message: String,
        checked_at: String,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct UpdateStatusChanged(pub UpdateStatus);

#[derive(Debug)]
pub struct Updates {
    status: Mutex<UpdateStatus>,
    endpoint: Mutex<Option<Url>>,
}

impl Default for Updates {
    fn default() -> Self {
        Updates { status: Mutex::new(UpdateStatus::NotConfigured), endpoint: Mutex::new(None) }
    }
}

impl Updates {
    pub fn status(&self) -> UpdateStatus {
        self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    fn set(&self, app: &AppHandle, status: UpdateStatus) {
        *self.status.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = status.clone();
        // The UI may not be listening yet; it also asks for the status when it loads.
        let _ = UpdateStatusChanged(status).emit(app);
    }

    fn endpoint(&self) -> Option<Url> {
        self.endpoint.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }
}

pub fn check_in_background(app: AppHandle, endpoint: Option<String>) {
    let Some(raw) = endpoint else { return };
    tauri::async_runtime::spawn(async move {
        let updates = app.state::<Updates>();
        let status = match raw.parse::<Url>() {
            Err(e) => failed(format!("the update endpoint {raw:?} is not a URL: {e}")),
            Ok(url) => {
                *updates.endpoint.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                    Some(url.clone());
                updates.set(&app, UpdateStatus::Checking);
                check(&app, url).await
            }
        };
        updates.set(&app, status);
    });
}

async fn check(app: &AppHandle, url: Url) -> UpdateStatus {
    let updater = app
        .updater_builder()
        .endpoints(vec![url])
        .map(|b| b.timeout(CHECK_TIMEOUT))
        .and_then(tauri_plugin_updater::UpdaterBuilder::build);
    let updater = match updater {
        Ok(u) => u,
        Err(e) => return failed(e.to_string()),
    };
    match updater.check().await {
        Ok(Some(update)) => UpdateStatus::Available { version: update.version, notes: update.body },
        Ok(None) => UpdateStatus::UpToDate { checked_at: now() },
        Err(e) => failed(e.to_string()),
    }
}

pub async fn install(app: AppHandle) -> Result<(), AppError> {
    let updates = app.state::<Updates>();
    let not_available = || AppError::new(ErrorCode::Update, "no update is available");
    let url = updates.endpoint().ok_or_else(not_available)?;
    let fail = |e: tauri_plugin_updater::Error| {
        AppError::new(ErrorCode::Update, format!("the update could not be installed: {e}"))
    };
    let update = app
        .updater_builder()
        .endpoints(vec![url])
        .and_then(tauri_plugin_updater::UpdaterBuilder::build)
        .map_err(fail)?
        .check()
        .await
        .map_err(fail)?
        .ok_or_else(not_available)?;
    updates.set(&app, UpdateStatus::Installing { version: update.version.clone() });
    // The signature is verified against the baked-in public key before anything is installed.
    update.download_and_install(|_, _| {}, || {}).await.map_err(fail)?;
    app.restart();
}

fn failed(message: String) -> UpdateStatus {
    UpdateStatus::Failed { message, checked_at: now() }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}
