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
use tauri_plugin_updater::{UpdaterBuilder, UpdaterExt};
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

/// An updater for `url`, for the caller to finish. Debug builds alone also accept a public
/// key from SPROUT_TEST_UPDATE_PUBKEY, so the end-to-end tests can sign updates with a key
/// made for the test run; release builds only ever trust the key compiled into them.
fn updater(app: &AppHandle, url: Url) -> Result<UpdaterBuilder, tauri_plugin_updater::Error> {
    let builder = app.updater_builder();
    #[cfg(debug_assertions)]
    let builder = match std::env::var("SPROUT_TEST_UPDATE_PUBKEY") {
        Ok(key) => builder.pubkey(key),
        Err(_) => builder,
    };
    builder.endpoints(vec![url])
}

async fn check(app: &AppHandle, url: Url) -> UpdateStatus {
    // Only the check is bounded: an installer on a slow trust network may take minutes.
    let updater = match updater(app, url).and_then(|b| b.timeout(CHECK_TIMEOUT).build()) {
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
    let (Some(url), UpdateStatus::Available { version, .. }) =
        (updates.endpoint(), updates.status())
    else {
        return Err(AppError::new(ErrorCode::Update, "no update is available"));
    };
    match download_and_install(&app, &updates, url).await {
        Ok(()) => app.restart(),
        Err(e) => {
            let message = install_failure(&e);
            let error = format!("Sprout {version} was not installed: {message}");
            updates.set(&app, UpdateStatus::InstallFailed { version, message });
            Err(AppError::new(ErrorCode::Update, error))
        }
    }
}

async fn download_and_install(
    app: &AppHandle,
    updates: &Updates,
    url: Url,
) -> Result<(), tauri_plugin_updater::Error> {
    let update = updater(app, url)
        .and_then(UpdaterBuilder::build)?
        .check()
        .await?
        .ok_or(tauri_plugin_updater::Error::ReleaseNotFound)?;
    updates.set(app, UpdateStatus::Installing { version: update.version.clone() });
    // The download is checked against the trusted public key before a byte is installed.
    update.download_and_install(|_, _| {}, || {}).await
}

/// Why an update was not installed, in words an IT admin can act on.
fn install_failure(e: &tauri_plugin_updater::Error) -> String {
    use tauri_plugin_updater::Error as E;
    match e {
        E::Minisign(_) | E::Base64(_) | E::SignatureUtf8(_) | E::SignedVersionMismatch { .. } => {
            "its signature does not match this PC's update key".to_owned()
        }
        E::Network(_) | E::Reqwest(_) | E::ReleaseNotFound => {
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
