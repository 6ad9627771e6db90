//! Faults a ward PC meets: a full disk under the hub or under Sprout's own data, a hub
//! that turned read-only, a hub folder this person may not write to. Each gets one clear
//! line, and nothing already saved is lost.
//!
//! The full disks are real: a tiny tmpfs mounted in a private mount namespace
//! (`unshare`), so the tests need no privileges beyond what `unshare --user` gives and
//! leave nothing mounted behind.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use support::{json, ok};

mod support;

/// A problem text close to the 20 000-character limit, so a few ideas fill a tiny disk.
fn big_text() -> String {
    "Falls at night on the ward. ".repeat(700)
}

/// Whether private mount namespaces work here. The test command requires them (it sets
/// `SPROUT_REQUIRE_ALL_TESTS`); elsewhere a test without them says so and passes.
fn namespaces_work() -> bool {
    let works = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "true"])
        .status()
        .is_ok_and(|s| s.success());
    if !works {
        assert!(
            std::env::var_os("SPROUT_REQUIRE_ALL_TESTS").is_none(),
            "unshare --user --mount does not work here, but every test is required"
        );
        eprintln!("skipped: no private mount namespaces (unshare --user --mount)");
    }
    works
}

/// Runs `script` with `sh` in a private mount namespace where `$SMALL` is a tmpfs of
/// `size`. `$SPROUT` is the real binary, `$OUT` a folder that outlives the namespace.
fn on_a_small_disk(size: &str, out: &Path, script: &str) {
    let small = out.join("small");
    std::fs::create_dir_all(&small).unwrap();
    let status = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-euc"])
        .arg(format!("mount -t tmpfs -o size={size} tmpfs \"$SMALL\"\n{script}"))
        .env("SMALL", &small)
        .env("OUT", out)
        .env("SPROUT", env!("CARGO_BIN_EXE_sprout"))
        .env("BIG", big_text())
        // Whoever the script founds a hub as gives the passphrase their key is sealed with.
        .env("SPROUT_PASSPHRASE", support::LEAD_PASS)
        .env_remove("SPROUT_DATA_DIR")
        .status()
        .unwrap();
    assert!(status.success(), "the script failed: {status}");
}

fn read(out: &Path, name: &str) -> String {
    std::fs::read_to_string(out.join(name)).unwrap()
}

fn ideas(out: &Path, name: &str) -> usize {
    serde_json::from_str::<Value>(&read(out, name)).unwrap().as_array().unwrap().len()
}

#[test]
fn a_full_hub_refuses_the_push_clearly_and_the_next_sync_after_space_is_freed_sends_it_all() {
    if !namespaces_work() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    on_a_small_disk(
        "192k",
        out,
        r#"
        LEAD="$OUT/lead"
        "$SPROUT" --data-dir "$LEAD" hub init "$SMALL/hub" --name Small --person Lead > /dev/null
        for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
            "$SPROUT" --data-dir "$LEAD" idea add --title "Idea $i" --problem "$BIG" > /dev/null
        done
        if "$SPROUT" --data-dir "$LEAD" sync > /dev/null 2> "$OUT/full.err"; then
            echo "sync onto a full hub should fail" >&2; exit 1
        fi
        "$SPROUT" --data-dir "$LEAD" idea list --json > "$OUT/kept.json"
        mount -o remount,size=16m "$SMALL"
        "$SPROUT" --data-dir "$LEAD" sync --json > "$OUT/after.json"
        "$SPROUT" --data-dir "$LEAD" hub verify > "$OUT/verify.txt"
        "#,
    );
    let err = read(out, "full.err");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("the hub is full"), "{err}");
    assert_eq!(ideas(out, "kept.json"), 12, "nothing is lost on this PC");
    let after: Value = serde_json::from_str(&read(out, "after.json")).unwrap();
    assert_eq!(after["pushed"], 12, "all of it reaches the hub once there is room");
    assert!(read(out, "verify.txt").contains("signed, chained and in order"));
}

#[test]
fn a_full_data_disk_refuses_the_idea_clearly_and_the_database_stays_sound() {
    if !namespaces_work() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    // Room for an empty database (about 450 KB of schema since the benefits and dashboard
    // tables) and its first write-ahead log, then a few ideas.
    on_a_small_disk(
        "1536k",
        out,
        r#"
        DATA="$SMALL/data"
        SPROUT_PASSPHRASE= "$SPROUT" --data-dir "$DATA" person start "Tess Tester" > /dev/null
        n=0
        while [ $n -lt 80 ]; do
            if ! "$SPROUT" --data-dir "$DATA" idea add --title "Idea $n" --problem "$BIG" > /dev/null 2> "$OUT/full.err"; then
                break
            fi
            n=$((n + 1))
        done
        echo $n > "$OUT/saved"
        "$SPROUT" --data-dir "$DATA" idea list --json > "$OUT/kept.json"
        mount -o remount,size=16m "$SMALL"
        "$SPROUT" --data-dir "$DATA" idea add --title "After" --problem "Room again" > /dev/null
        "$SPROUT" --data-dir "$DATA" idea list --json > "$OUT/after.json"
        cp "$DATA"/sprout.db* "$OUT/"
        "#,
    );
    let saved: usize = read(out, "saved").trim().parse().unwrap();
    assert!((1..80).contains(&saved), "the disk filled after {saved} ideas");
    let err = read(out, "full.err");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no space left on the disk"), "{err}");
    assert_eq!(ideas(out, "kept.json"), saved, "the refused idea left nothing behind");
    assert_eq!(ideas(out, "after.json"), saved + 1);
    let store = sprout_store::Store::open(&out.join("sprout.db")).unwrap();
    let conn = store.connection();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let ops: i64 = conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0)).unwrap();
    assert_eq!(ops as usize, saved + 1, "one op per saved idea, none for the refused one");
}

#[test]
fn a_hub_that_turned_read_only_is_reported_and_work_waits_on_the_pc() {
    if !namespaces_work() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path();
    on_a_small_disk(
        "4m",
        out,
        r#"
        LEAD="$OUT/lead"
        "$SPROUT" --data-dir "$LEAD" hub init "$SMALL/hub" --name Small --person Lead > /dev/null
        "$SPROUT" --data-dir "$LEAD" idea add --title "Before" --problem p > /dev/null
        "$SPROUT" --data-dir "$LEAD" sync > /dev/null
        mount -o remount,ro "$SMALL"
        "$SPROUT" --data-dir "$LEAD" idea add --title "While read-only" --problem p > /dev/null
        if "$SPROUT" --data-dir "$LEAD" sync > /dev/null 2> "$OUT/ro.err"; then
            echo "sync onto a read-only hub should fail" >&2; exit 1
        fi
        mount -o remount,rw "$SMALL"
        "$SPROUT" --data-dir "$LEAD" sync --json > "$OUT/after.json"
        "#,
    );
    let err = read(out, "ro.err");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("permission denied on the hub"), "{err}");
    let after: Value = serde_json::from_str(&read(out, "after.json")).unwrap();
    assert_eq!(after["pushed"], 1);
}

/// A hub folder this person may not write to (the share's permissions are wrong). As
/// root, permissions do not bite, so the CLI runs as `nobody` through `setpriv`.
#[test]
fn a_hub_folder_without_write_permission_is_reported_and_nothing_is_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let (hub, admin, data) =
        (tmp.path().join("hub"), tmp.path().join("admin"), tmp.path().join("ward"));
    support::sealed(&admin, "Ada");
    ok(&admin, &["hub", "init", hub.to_str().unwrap(), "--name", "Locked", "--person", "Ada"]);
    std::fs::create_dir_all(&data).unwrap();
    let root = running_as_root();
    let as_ward = |args: &[&str]| {
        let mut cmd = if root {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
            c.arg(env!("CARGO_BIN_EXE_sprout"));
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_sprout"))
        };
        cmd.arg("--data-dir").arg(&data).args(args).env_remove("SPROUT_DATA_DIR");
        cmd.output().unwrap()
    };
    use std::os::unix::fs::PermissionsExt;
    if root {
        // nobody may enter the test's folders and own the ward's data, not the hub.
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let status = Command::new("chown").args(["-R", "65534:65534"]).arg(&data).status();
        assert!(status.unwrap().success());
        for entry in walk(&hub) {
            let mode = if entry.is_dir() { 0o755 } else { 0o644 };
            std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    } else {
        for entry in walk(&hub).into_iter().filter(|p| p.is_dir()) {
            std::fs::set_permissions(&entry, std::fs::Permissions::from_mode(0o555)).unwrap();
        }
    }
    assert!(as_ward(&["person", "start", "Nia"]).status.success());
    let added = as_ward(&["idea", "add", "--title", "Typed on the ward", "--problem", "p"]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    let joined = as_ward(&["hub", "join", hub.to_str().unwrap(), "--person", "Nia"]);
    assert!(!joined.status.success());
    let err = String::from_utf8(joined.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("permission denied on the hub"), "{err}");
    let list = as_ward(&["idea", "list", "--json"]);
    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(list[0]["title"], "Typed on the ward", "the ward's work is still there");
    // The admin's own use of the hub is untouched.
    assert!(json(&admin, &["sync", "--json"])["pushed"].is_number());
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = vec![dir.to_owned()];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else {
            found.push(path);
        }
    }
    found
}
