//! Real `sprout sync` processes killed with SIGKILL at random moments, and eight
//! processes writing to one folder hub at once. Nothing committed may be lost or doubled.
#![cfg(unix)]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use sprout_core::{Hlc, IdeaCreated, IdeaEdited, IdeaField, Op, OpId, OpPayload, Version};
use sprout_store::{DB_FILE_NAME, Store};
use support::{command as sprout, ok};
use uuid::Uuid;

mod support;

/// Gives a device `n` more ops of its own (new ideas and edits), as if typed offline.
fn work(dir: &Path, n: usize, salt: u64) {
    let mut store = Store::open(&dir.join(DB_FILE_NAME)).unwrap();
    let actor = store.actor();
    // Later batches a little later, and well inside the 24-hour clock guard.
    let base = store.now_millis() + salt * 5_000;
    let mut ops = Vec::new();
    let mut ideas = Vec::new();
    for i in 0..n {
        let hlc = Hlc::new(base + i as u64, 0);
        let payload = if i % 2 == 0 || ideas.is_empty() {
            let id = OpId::minted(actor, Uuid::now_v7()).0;
            ideas.push((id, hlc));
            (
                id,
                OpPayload::IdeaCreated(IdeaCreated {
                    title: format!("Idea {salt}/{i}"),
                    problem: "p".into(),
                    solution: String::new(),
                    author: "N".into(),
                    ..Default::default()
                }),
            )
        } else {
            let (id, created) = ideas[i % ideas.len()];
            let edit = IdeaEdited {
                set: BTreeMap::from([(IdeaField::Solution, format!("s{i}"))]),
                supersedes: BTreeMap::from([(
                    IdeaField::Solution,
                    vec![Version { hlc: created, actor }],
                )]),
            };
            (id, OpPayload::IdeaEdited(edit))
        };
        let creates = matches!(payload.1, OpPayload::IdeaCreated(_));
        ops.push(Op {
            id: if creates { OpId(payload.0) } else { OpId::minted(actor, Uuid::now_v7()) },
            hlc,
            actor,
            entity_id: payload.0,
            payload: payload.1,
        });
    }
    store
        .apply_remote(
            &ops,
            &|_| sprout_store::Admission::admin().roles.clone(),
            sprout_store::Admission::admin().rules,
        )
        .unwrap();
}

fn check_database(dir: &Path) -> (u64, Vec<String>) {
    let store = Store::open(&dir.join(DB_FILE_NAME)).unwrap();
    let integrity: String =
        store.connection().query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok", "{}", dir.display());
    let ids: Vec<String> = store.ops().unwrap().into_iter().map(|o| o.id.0.to_string()).collect();
    (store.op_count().unwrap(), ids)
}

struct Hub {
    _tmp: tempfile::TempDir,
    path: PathBuf,
    lead: PathBuf,
}

fn hub() -> Hub {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("hub");
    let lead = tmp.path().join("lead");
    support::sealed(&lead, "Lead");
    ok(&lead, &["hub", "init", path.to_str().unwrap(), "--person", "Lead"]);
    Hub { path, lead, _tmp: tmp }
}

fn member(hub: &Hub, name: &str) -> PathBuf {
    let dir = hub.lead.with_file_name(name);
    ok(&dir, &["hub", "join", hub.path.to_str().unwrap(), "--person", name]);
    let requests: serde_json::Value =
        serde_json::from_str(&ok(&hub.lead, &["hub", "requests", "--json"])).unwrap();
    let mine = requests.as_array().unwrap().iter().find(|r| r["person"] == name).unwrap();
    ok(&hub.lead, &["hub", "approve", mine["actor"].as_str().unwrap(), "--role", "clinician"]);
    dir
}

#[test]
fn sync_killed_at_random_moments_loses_and_doubles_nothing() {
    let hub = hub();
    let nurse = member(&hub, "Nurse");
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut written = 0;
    let mut lead_seen = 0;
    let mut interrupted = 0;
    for round in 0..56 {
        let pushing = round % 2 == 0;
        if pushing {
            work(&nurse, 1_000, round);
            written += 1_000;
        }
        let dir = if pushing { &nurse } else { &hub.lead };
        let mut child =
            sprout(dir).arg("sync").stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(next() % 400));
        if child.try_wait().unwrap().is_none() {
            interrupted += 1;
        }
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        let (nurse_ops, _) = check_database(&nurse);
        assert_eq!(nurse_ops, written, "round {round}: the nurse's own ops");
        let (lead_ops, ids) = check_database(&hub.lead);
        assert!(lead_ops >= lead_seen, "round {round}: the lead lost ops");
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "round {round}: an op arrived twice");
        lead_seen = lead_ops;
    }
    assert!(interrupted >= 20, "only {interrupted} kills landed while a sync was running");
    println!("{interrupted} of 56 kills interrupted a running sync");
    // Left alone, the next syncs complete and everything arrives exactly once.
    ok(&nurse, &["sync"]);
    ok(&hub.lead, &["sync"]);
    let (lead_ops, _) = check_database(&hub.lead);
    assert_eq!(lead_ops, written);
    assert!(ok(&hub.lead, &["hub", "verify"]).contains("in order"));
}

#[test]
fn eight_processes_syncing_into_one_hub_at_once_each_arrive_exactly_once() {
    let hub = hub();
    let devices: Vec<PathBuf> = (0..8).map(|i| member(&hub, &format!("Device {i}"))).collect();
    for (i, dir) in devices.iter().enumerate() {
        work(dir, 2_500, i as u64); // two changesets each
    }
    let children: Vec<_> = devices
        .iter()
        .map(|dir| {
            sprout(dir).arg("sync").stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    ok(&hub.lead, &["sync"]);
    let (lead_ops, ids) = check_database(&hub.lead);
    assert_eq!(lead_ops, 8 * 2_500);
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len());
    let files = std::fs::read_dir(hub.path.join("log")).unwrap().count();
    assert_eq!(files, 8, "one log folder per device");
    assert!(ok(&hub.lead, &["hub", "verify"]).contains("in order"));
}
