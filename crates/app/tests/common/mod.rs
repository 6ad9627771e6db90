//! PCs set up as people would at Sprout's first run, shared by the service test files.
#![allow(dead_code, clippy::unwrap_used, reason = "each test file uses part of it")]

use std::path::Path;

use sprout_app::Sprout;

/// The passphrase every sealed key in these tests is made with.
pub const PASS: &str = "juniper signal orchard";

/// A PC whose first person will review, lead or administer: their key is sealed from the
/// start and unlocked for this session.
pub fn sealed_pc(dir: &Path, name: &str) -> Sprout {
    let pc = Sprout::open(dir).unwrap();
    pc.start_using(name, "Hub", Some(PASS)).unwrap();
    pc
}

/// A PC whose first person is a clinician, with no passphrase.
pub fn ward_pc(dir: &Path, name: &str) -> Sprout {
    let pc = Sprout::open(dir).unwrap();
    pc.start_using(name, "Ward 7", None).unwrap();
    pc
}

/// Opens a data folder, answering the first run's question as a clinician if it is asked.
pub fn opened(dir: &Path) -> Sprout {
    let pc = Sprout::open(dir).unwrap();
    if pc.people().unwrap().iter().all(|p| p.person.is_empty()) {
        pc.start_using("Tess Tester", "Ward 7", None).unwrap();
    }
    pc
}
