//! Sync throughput and latency, as figures beside a baseline measured in the same run
//! (the machine is shared and noisy, so only ratios compare across runs).
//!
//! The history is written in realistic text (sprout-benchtext: titles of 4–12 words,
//! problems and solutions of 30–150, Zipf-drawn from 30 000 English words), since the
//! patient-data guard and the full-text index both cost by the word.
//!
//! `cargo bench -p sprout-sync --bench sync` (set SPROUT_BENCH_OPS to change the size;
//! needs /usr/share/dict/words, from Debian's wamerican).
#![allow(
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark binary: it prints its figures and stops at the first failure"
)]

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sprout_core::{Hlc, IdeaCreated, IdeaEdited, IdeaField, Op, OpId, OpPayload, Role};
use sprout_store::Store;
use sprout_sync::{ActorKey, FolderHub, Hub, Identity};
use uuid::Uuid;

const PER_CHANGESET: usize = 2_000;

fn main() {
    let n: usize =
        std::env::var("SPROUT_BENCH_OPS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let tmp = tempfile::tempdir().expect("temp dir");
    let hub = FolderHub::create_root(tmp.path().join("hub")).expect("hub");

    // Device A founds the hub; device B joins and is approved as a lead.
    let a_key = ActorKey::generate().expect("key");
    let mut a = Store::open(&tmp.path().join("a.db")).expect("store");
    let a_me = Identity { actor: a.actor(), key: &a_key, person: "A", site: "" };
    sprout_sync::init(&hub, &a, &a_me, "Bench").expect("init");
    let b_key = ActorKey::generate().expect("key");
    let mut b = Store::open(&tmp.path().join("b.db")).expect("store");
    let b_me = Identity { actor: b.actor(), key: &b_key, person: "B", site: "" };
    sprout_sync::join(&hub, &b, &b_me).expect("join");
    sprout_sync::approve(&hub, &a, &a_key, b.actor(), Role::Lead).expect("approve");

    // n ops from A: half new ideas, half edits of them, written straight to the hub as
    // signed, chained changesets (as A's device would after working offline for months).
    let words = sprout_benchtext::Words::english().unwrap_or_else(|e| panic!("{e}"));
    let ops = generate(&words, a.actor(), n);
    let started = Instant::now();
    write_changesets(&hub, &a, &a_key, &ops);
    let write_time = started.elapsed();

    let started = Instant::now();
    let report = sprout_sync::sync(&hub, &mut b, &b_me).expect("pull");
    let apply_time = started.elapsed();
    assert_eq!(report.pulled, n, "every op applied");

    let raw_time = raw_insert(&tmp.path().join("raw.db"), &ops);

    let rate = |d: Duration| n as f64 / d.as_secs_f64();
    println!("ops: {n} ({} changesets of {PER_CHANGESET})", n.div_ceil(PER_CHANGESET));
    println!("write changesets (sign + hash + folder hub):   {:>10.0} ops/s", rate(write_time));
    println!("pull + verify + gate + apply (B):        {:>10.0} ops/s", rate(apply_time));
    println!("raw SQLite insert of the same rows (baseline): {:>10.0} ops/s", rate(raw_time));
    println!(
        "apply / raw ratio:                             {:>10.2}",
        rate(apply_time) / rate(raw_time)
    );

    // A -> B propagation: commit on A, push, pull on B, visible.
    let mut samples = Vec::new();
    for i in 0..30 {
        let started = Instant::now();
        let created = IdeaCreated {
            title: format!("Latency {i}"),
            problem: "p".into(),
            solution: String::new(),
            author: "A".into(),
            ..Default::default()
        };
        let id = a
            .commit(Uuid::nil(), OpPayload::IdeaCreated(created), sprout_store::Admission::admin())
            .expect("commit")
            .entity_id;
        sprout_sync::sync(&hub, &mut a, &a_me).expect("push");
        sprout_sync::sync(&hub, &mut b, &b_me).expect("pull");
        assert!(b.idea(sprout_core::IdeaId::from_uuid(id)).expect("read").is_some());
        samples.push(started.elapsed());
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "A->B propagation through a local folder hub (commit, push, pull; {} runs): p50 {:.1} ms, p95 {:.1} ms",
        samples.len(),
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() * 95 / 100])
    );
}

fn generate(words: &sprout_benchtext::Words, actor: sprout_core::ActorId, n: usize) -> Vec<Op> {
    let mut rng = sprout_benchtext::Rng::new(2026);
    let base = 1_795_000_000_000u64;
    let ideas: Vec<Uuid> = (0..n / 2).map(|_| OpId::minted(actor, Uuid::now_v7()).0).collect();
    let mut ops = Vec::with_capacity(n);
    for (i, id) in ideas.iter().enumerate() {
        let created = IdeaCreated {
            title: words.title(&mut rng),
            problem: words.problem(&mut rng),
            solution: String::new(),
            author: "A".into(),
            ..Default::default()
        };
        ops.push(op(actor, base + i as u64, *id, OpPayload::IdeaCreated(created)));
    }
    for (i, id) in ideas.iter().enumerate().take(n - ideas.len()) {
        let edit = IdeaEdited {
            set: BTreeMap::from([(IdeaField::Solution, words.problem(&mut rng))]),
            supersedes: BTreeMap::from([(
                IdeaField::Solution,
                vec![sprout_core::Version { hlc: Hlc::new(base + i as u64, 0), actor }],
            )]),
        };
        ops.push(op(actor, base + (n + i) as u64, *id, OpPayload::IdeaEdited(edit)));
    }
    ops
}

fn op(actor: sprout_core::ActorId, millis: u64, entity: Uuid, payload: OpPayload) -> Op {
    // An idea's id is the id of the op that creates it.
    let id = match payload {
        OpPayload::IdeaCreated(_) => OpId(entity),
        _ => OpId::minted(actor, Uuid::now_v7()),
    };
    Op { id, hlc: Hlc::new(millis, 0), actor, entity_id: entity, payload }
}

fn write_changesets(hub: &dyn Hub, a: &Store, key: &ActorKey, ops: &[Op]) {
    let hub_id = a.hub_value("id").expect("meta").expect("hub id");
    let mut prev: Option<String> = None;
    for (i, batch) in ops.chunks(PER_CHANGESET).enumerate() {
        let header = sprout_sync::Header {
            format: sprout_sync::FORMAT_VERSION,
            hub: hub_id.clone(),
            actor: a.actor(),
            seq: i as u64 + 1,
            prev_hash: prev.clone(),
            hlc_min: batch.iter().map(|o| o.hlc).min().expect("ops"),
            hlc_max: batch.iter().map(|o| o.hlc).max().expect("ops"),
            roster_epoch: 2,
            seen: Vec::new(),
        };
        let bytes = sprout_sync::encode(&header, batch, key);
        hub.create(&sprout_sync::changeset_path(a.actor(), header.seq), &bytes).expect("write");
        prev = sprout_sync::changeset_id(&bytes);
    }
}

/// The floor: the same rows inserted with plain SQL in one transaction, no checks.
fn raw_insert(path: &std::path::Path, ops: &[Op]) -> Duration {
    let store = Store::open(path).expect("store");
    let conn = store.connection();
    let started = Instant::now();
    conn.execute_batch("BEGIN").expect("begin");
    {
        let mut insert_op = conn
            .prepare("INSERT INTO ops (id, hlc, actor, entity_kind, entity_id, payload) VALUES (?1, ?2, ?3, 'idea', ?4, ?5)")
            .expect("prepare");
        let mut insert_idea = conn
            .prepare("INSERT INTO ideas (id, title, problem, solution, author, created_hlc, updated_hlc) VALUES (?1, ?2, ?3, '', 'A', ?4, ?4)")
            .expect("prepare");
        let mut update_idea =
            conn.prepare("UPDATE ideas SET solution = ?2 WHERE id = ?1").expect("prepare");
        for op in ops {
            let payload = serde_json::to_string(&op.payload).expect("json");
            let hlc = op.hlc.as_u64() as i64;
            insert_op
                .execute(rusqlite::params![
                    op.id.0.to_string(),
                    hlc,
                    op.actor.to_string(),
                    op.entity_id.to_string(),
                    payload
                ])
                .expect("insert");
            match &op.payload {
                OpPayload::IdeaCreated(c) => {
                    insert_idea
                        .execute(rusqlite::params![
                            op.entity_id.to_string(),
                            c.title,
                            c.problem,
                            hlc
                        ])
                        .expect("insert");
                }
                OpPayload::IdeaEdited(e) => {
                    let value = e.set.values().next().cloned().unwrap_or_default();
                    update_idea
                        .execute(rusqlite::params![op.entity_id.to_string(), value])
                        .expect("update");
                }
                // The benchmark's history holds only submissions and edits.
                _ => {}
            }
        }
    }
    conn.execute_batch("COMMIT").expect("commit");
    started.elapsed()
}
