//! A PC's own data folder, half lost: a database emptied or deleted beside its signing
//! keys, or a key deleted beside its history, is refused with a message naming the file,
//! and nothing is silently recreated. Everything Sprout creates is its owner's alone.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;

use support::{error_line, ok};

mod support;

/// A clinician's PC that has pushed work to its own hub, so its key is known there.
fn a_pc_with_history(tmp: &Path) -> std::path::PathBuf {
    let pc = tmp.join("pc");
    support::clinician(&pc, "Nia Nurse");
    ok(&pc, &["idea", "add", "--title", "Bedside gel", "--problem", "Empty by noon"]);
    ok(&pc, &["sync"]);
    pc
}

#[test]
fn an_emptied_or_missing_database_beside_its_keys_is_refused_and_not_recreated() {
    let tmp = tempfile::tempdir().unwrap();
    let pc = a_pc_with_history(tmp.path());
    let db = pc.join("sprout.db");
    for wal in ["sprout.db-wal", "sprout.db-shm"] {
        let _ = std::fs::remove_file(pc.join(wal));
    }
    std::fs::write(&db, b"").unwrap();
    let e = error_line(&pc, &["idea", "list"]);
    assert!(e.contains("sprout.db is empty") && e.contains("signing keys"), "{e}");
    assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "left as it was");

    std::fs::remove_file(&db).unwrap();
    let e = error_line(&pc, &["sync"]);
    assert!(e.contains("sprout.db is missing"), "{e}");
    assert!(!db.exists(), "not recreated");
}

#[test]
fn a_missing_key_beside_its_history_is_refused_and_not_remade() {
    let tmp = tempfile::tempdir().unwrap();
    let pc = a_pc_with_history(tmp.path());
    let key = pc.join("keys").join("actor.key");
    std::fs::remove_file(&key).unwrap();
    let e = error_line(&pc, &["sync"]);
    assert!(e.contains("actor.key") && e.contains("is missing"), "{e}");
    assert!(!key.exists(), "no new key was made");
}

#[cfg(unix)]
#[test]
fn data_keys_and_database_are_the_owners_alone_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let pc = tmp.path().join("fresh");
    let share = tmp.path().join("hub");
    // A umask that would leave everything world-readable.
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 000 && SPROUT_PASSPHRASE='{}' exec {} --data-dir {} hub init {} --person 'Ada Admin'",
            support::LEAD_PASS,
            env!("CARGO_BIN_EXE_sprout"),
            pc.display(),
            share.display()
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&pc), 0o700, "data folder");
    assert_eq!(mode(&pc.join("sprout.db")), 0o600, "database");
    assert_eq!(mode(&pc.join("keys")), 0o700, "keys folder");
    let sealed = std::fs::read_dir(pc.join("keys")).unwrap().next().unwrap().unwrap().path();
    assert_eq!(mode(&sealed), 0o600, "the founder's sealed key");
}

#[test]
fn the_log_says_what_happened_and_never_what_anyone_wrote() {
    let tmp = tempfile::tempdir().unwrap();
    let pc = a_pc_with_history(tmp.path());
    let refused = support::run(
        &pc,
        &["idea", "add", "--title", "Bed 4 patient 943 476 5919", "--problem", "Secret words"],
    );
    assert!(!refused.status.success());
    let verbose = support::run(&pc, &["--verbose", "sync"]);
    assert!(verbose.status.success());
    assert!(String::from_utf8_lossy(&verbose.stderr).contains("synced"), "--verbose shows the log");
    let log = std::fs::read_to_string(pc.join("sprout.log")).unwrap();
    assert!(log.contains("synced") && log.contains("PatientData"), "{log}");
    for written in ["Bedside gel", "Empty by noon", "943 476 5919", "Secret words"] {
        assert!(!log.contains(written), "the log holds {written:?}:\n{log}");
    }
}
