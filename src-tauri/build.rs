#[allow(clippy::expect_used, reason = "a build script reports failure by panicking")]
fn main() {
    // Sources live in src-tauri/ while the manifest is at the root (the tauri CLI wants
    // tauri.conf.json and Cargo.toml side by side), so point tauri-build at our capabilities.
    let attributes =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
