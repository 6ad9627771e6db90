//! How the window's webview draws. On Linux, WebKitGTK composites every frame with OpenGL
//! by default. On a PC without a GPU (a ward PC on a virtual desktop, a VM, a headless
//! test machine) that OpenGL is software, and each frame of a changed table costs 30-40 ms
//! before the next can start: measured on this project's test machine, a filter change in
//! the Ideas table took about 75 ms with it and 45 ms without (see the README's *Screen
//! performance*). Sprout's screens are forms and tables with no animation, so they lose
//! nothing drawn directly. `SPROUT_WEBKIT_COMPOSITING=on` keeps WebKit's default, for a
//! deployment that wants it. Windows' WebView2 is left as it is.

/// Applies Sprout's drawing settings to the main window's webview.
pub fn tune(app: &tauri::App) {
    #[cfg(target_os = "linux")]
    {
        use tauri::Manager;
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};

        if std::env::var("SPROUT_WEBKIT_COMPOSITING").is_ok_and(|v| v == "on") {
            return;
        }
        let Some(window) = app.get_webview_window("main") else { return };
        let _ = window.with_webview(|webview| {
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}
