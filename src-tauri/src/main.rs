// No console window behind the app on Windows ward PCs.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    sprout_desktop::run();
}
