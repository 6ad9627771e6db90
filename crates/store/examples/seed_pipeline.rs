//! Seeds a data folder with a hub-sized pipeline for the UI benchmark (scripts/bench-ui.mjs)
//! and times, in the same run, the store queries the screens make, so each screen's time
//! can be printed beside its query alone.
//!
//! `cargo run --release -p sprout-store --example seed_pipeline -- DATA_DIR IDEAS`
//!
//! With IDEAS 0 it only times the queries: run that from the build the app under test
//! uses, so the store's time is the one the app itself sees.
//!
//! Ideas are written in realistic text (sprout-benchtext) and come from 12 people at 5 sites and are spread along the pipeline (about half
//! Submitted, a tail reaching Adopt & spread, a few parked or declined), as ops applied
//! through the admission gate, as if they had arrived from the hub.
#![allow(
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark helper: it prints its figures and stops at the first failure"
)]

use std::time::Instant;

use sprout_core::{
    ActorId, CommentAdded, Decision, GateDecided, Hlc, IdeaCreated, IdeaQuery, Op, OpId, OpPayload,
    Stage, transition,
};
use sprout_store::{Admission, Store};
use uuid::Uuid;

const SITES: [&str; 5] = ["St Mary's", "Royal", "General", "Community", "Children's"];

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().expect("usage: seed_pipeline DATA_DIR IDEAS");
    let n: usize = args.next().and_then(|v| v.parse().ok()).expect("IDEAS: a number");
    let mut store = Store::open(&std::path::Path::new(&dir).join("sprout.db")).expect("store");
    if n > 0 {
        let started = Instant::now();
        for chunk in generate(n).chunks(5_000) {
            store
                .apply_remote(
                    chunk,
                    &|_| Admission::admin().roles.clone(),
                    Admission::admin().rules,
                )
                .expect("apply");
        }
        println!("seeded {n} ideas in {:.1} s", started.elapsed().as_secs_f64());
        return;
    }

    // The queries the screens make, timed alone: p50 and p95 over 30 runs each.
    let queries: [(&str, IdeaQuery); 4] = [
        ("first page of the table", IdeaQuery::default()),
        (
            "a filter change (Triage)",
            IdeaQuery { stage: Some(Stage::Triage), ..Default::default() },
        ),
        ("a page turn (page 2)", IdeaQuery { page: 2, ..Default::default() }),
        (
            "one board column (Submitted, 15)",
            IdeaQuery { stage: Some(Stage::Submitted), per_page: 15, ..Default::default() },
        ),
    ];
    for (what, query) in queries {
        let times = (0..30)
            .map(|_| {
                let t = Instant::now();
                store.idea_page(&query).expect("page");
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        report(what, times);
    }
    for (what, page) in [("the POCs place's first page", 1), ("a page turn of the POCs", 2)] {
        let query = sprout_core::PocQuery { stage: None, page };
        let times = (0..30)
            .map(|_| {
                let t = Instant::now();
                store.poc_page(&query, "2026-12-03").expect("POC page");
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        report(what, times);
    }
}

fn report(what: &str, mut times: Vec<f64>) {
    times.sort_by(f64::total_cmp);
    println!("store {what}: p50 {:.2} ms, p95 {:.2} ms", times[15], times[28]);
}

fn generate(n: usize) -> Vec<Op> {
    let words = sprout_benchtext::Words::english().unwrap_or_else(|e| panic!("{e}"));
    let mut rng = sprout_benchtext::Rng::new(2026);
    let people: Vec<ActorId> = (0..12).map(|_| ActorId(Uuid::now_v7())).collect();
    let lead = people[0];
    let base = 1_795_000_000_000u64;
    let mut ops = Vec::with_capacity(n * 2);
    let mut clock = 0u64;
    let mut next = |actor: ActorId, entity: Uuid, payload: OpPayload| {
        clock += 1;
        let id = match payload {
            OpPayload::IdeaCreated(_) => OpId(entity),
            _ => OpId::minted(actor, Uuid::now_v7()),
        };
        Op { id, hlc: Hlc::new(base + clock * 1000, 0), actor, entity_id: entity, payload }
    };
    for i in 0..n {
        let who = i % people.len();
        let actor = people[who];
        let id = OpId::minted(actor, Uuid::now_v7()).0;
        let created = IdeaCreated {
            title: words.title(&mut rng),
            problem: words.problem(&mut rng),
            author: format!("Person {who}"),
            department: format!("Ward {}", i % 60),
            site: SITES[i % SITES.len()].to_owned(),
            ..Default::default()
        };
        ops.push(next(actor, id, OpPayload::IdeaCreated(created)));
        // Half stay Submitted; the rest walk on, fewer at each stage.
        let steps = match i % 20 {
            0..=9 => 0,
            10..=13 => 1,
            14..=15 => 2,
            16 => 3,
            17 => 4 + (i / 20) % 4,
            18 => usize::MAX,    // parked
            _ => usize::MAX - 1, // declined
        };
        let mut stage = Stage::Submitted;
        let decisions: Vec<Decision> = match steps {
            usize::MAX => vec![Decision::Go, Decision::Hold],
            s if s == usize::MAX - 1 => vec![Decision::Stop],
            s => vec![Decision::Go; s],
        };
        for decision in decisions {
            let to = transition(stage, decision).expect("a move the pipeline allows");
            let gate =
                GateDecided { from: stage, to, decision, rationale: "Seeded decision".into() };
            ops.push(next(lead, id, OpPayload::GateDecided(gate)));
            stage = to;
        }
        if i % 7 == 0 {
            let support = CommentAdded { text: "+1".into(), author: "P".into(), support: true };
            ops.push(next(people[(who + 1) % people.len()], id, OpPayload::CommentAdded(support)));
        }
    }
    // Four years of a region's ideas, in the order written, up to 2026-11-18, as the store
    // benchmark has them: a dashboard's or a board pack's year holds a quarter of them.
    let span = 4 * 365 * 86_400_000u64;
    let total = ops.len().max(1) as u64;
    for (k, op) in ops.iter_mut().enumerate() {
        let k = k as u64;
        op.hlc = Hlc::new(base - span + k * span / total, (k % 65_536) as u16);
    }
    ops
}
