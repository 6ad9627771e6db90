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
use tauri_plugin_updater::{Update, UpdaterExt};
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
    /// The update was refused or could not be installed. Nothing was changed: this
    /// version carries on, and the next start checks again.
    InstallFailed {
        version: String,
        message: String,
    },
    /// The check failed (offline, server down). Harmless: the next start tries again.
    Failed {
        message: String,
        checked_at: String,
    },
}

#[derive(Clone, Debug, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct UpdateStatusChanged(pub UpdateStatus);

pub struct Updates {
    status: Mutex<UpdateStatus>,
    /// The update the check found, installed as found: not asked for a second time.
    offered: Mutex<Option<Update>>,
}

impl std::fmt::Debug for Updates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Updates").field("status", &self.status()).finish_non_exhaustive()
    }
}

impl Default for Updates {
    fn default() -> Self {
        Updates { status: Mutex::new(UpdateStatus::NotConfigured), offered: Mutex::new(None) }
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

    fn offer(&self, app: &AppHandle, update: Update) {
        let status =
            UpdateStatus::Available { version: update.version.clone(), notes: update.body.clone() };
        *self.offered.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(update);
        self.set(app, status);
    }
}

pub fn check_in_background(app: AppHandle, endpoint: Option<String>) {
    let Some(raw) = endpoint else { return };
    tauri::async_runtime::spawn(async move {
        let updates = app.state::<Updates>();
        let url = match raw.parse::<Url>() {
            Ok(url) => url,
            Err(e) => {
                let message = format!("the update endpoint {raw:?} is not a URL: {e}");
                return updates.set(&app, failed(message));
            }
        };
        updates.set(&app, UpdateStatus::Checking);
        match check(&app, url).await {
            Ok(Some(update)) => updates.offer(&app, update),
            Ok(None) => updates.set(&app, UpdateStatus::UpToDate { checked_at: now() }),
            Err(e) => updates.set(&app, failed(e.to_string())),
        }
    });
}

/// Asks `url` for a newer version. Debug builds alone also accept a public key from
/// SPROUT_TEST_UPDATE_PUBKEY, so the end-to-end tests can sign updates with a key made for
/// the test run; release builds only ever trust the key compiled into them.
async fn check(app: &AppHandle, url: Url) -> Result<Option<Update>, tauri_plugin_updater::Error> {
    let builder = app.updater_builder();
    #[cfg(debug_assertions)]
    let builder = match std::env::var("SPROUT_TEST_UPDATE_PUBKEY") {
        Ok(key) => builder.pubkey(key),
        Err(_) => builder,
    };
    builder.endpoints(vec![url])?.timeout(CHECK_TIMEOUT).build()?.check().await
}

pub async fn install(app: AppHandle) -> Result<(), AppError> {
    let updates = app.state::<Updates>();
    let offered = updates.offered.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
    let Some(mut update) = offered else {
        return Err(AppError::new(ErrorCode::Update, "no update is available"));
    };
    let version = update.version.clone();
    updates.set(&app, UpdateStatus::Installing { version: version.clone() });
    // The check's time limit is not the download's: an installer on a slow trust network
    // may take minutes.
    update.timeout = None;
    // The download is checked against the trusted public key before a byte is installed.
    match update.download_and_install(|_, _| {}, || {}).await {
        Ok(()) => app.restart(),
        Err(e) => {
            let message = install_failure(&e);
            let error = format!("Sprout {version} was not installed: {message}");
            updates.set(&app, UpdateStatus::InstallFailed { version, message });
            Err(AppError::new(ErrorCode::Update, error))
        }
    }
}

/// Why an update was not installed, in words an IT admin can act on.
fn install_failure(e: &tauri_plugin_updater::Error) -> String {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) | E::SignedVersionMismatch { .. } => {
            "its signature does not match this PC's update key".to_owned()
        }
        E::Network(_) | E::Reqwest(_) => {
            format!("the download failed ({e})")
        }
        _ => e.to_string(),
    }
}

fn failed(message: String) -> UpdateStatus {
    UpdateStatus::Failed { message, checked_at: now() }
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}
