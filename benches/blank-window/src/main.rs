//! The window benchmark's baseline (scripts/bench-window.mjs): what any Tauri 2 app on
//! this machine costs, one window on one static page, so Sprout's start-up, memory and
//! idle CPU are read against it rather than as bare numbers.

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("blank window: {e}");
        std::process::exit(1);
    }
}
