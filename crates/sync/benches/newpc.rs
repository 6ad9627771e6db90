//! A new PC joining a region: 2 000 members and 1 000 000 ops (100 000 ideas, each
//! written and then reworked, in realistic text), a snapshot a lead wrote, and a little
//! work since. The PC starts its first sync through a hub that waits 2 ms a request (a
//! share on the LAN) while, on a second connection to the same file as the window has,
//! its person shares an idea and opens *My ideas* every half second.
//!
//! Prints the requests and time of the first sync (to complete), the time until the
//! person's first idea is saved and shown in *My ideas* (to usable), the slowest such
//! action while the history arrives, and when the hub's work starts to show.
//!
//! `cargo bench -p sprout-sync --bench newpc` (SPROUT_BENCH_NEWPC_MEMBERS and
//! SPROUT_BENCH_NEWPC_OPS change the size; needs /usr/share/dict/words).
#![allow(
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark binary: it prints its figures and stops at the first failure"
)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use sprout_core::{
    ActorId, Hlc, IdeaCreated, IdeaEdited, IdeaField, IdeaQuery, Op, OpId, OpPayload, Version,
};
use sprout_store::{Admission, Store};
use sprout_sync::{
    ActorKey, CountingHub, FolderHub, Header, Hub, Identity, News, news_file, news_path,
};
use uuid::Uuid;

/// Ops per changeset: a ward PC's sync after a busy shift.
const PER_CHANGESET: usize = 50;

fn env(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let members = env("SPROUT_BENCH_NEWPC_MEMBERS", 2_000);
    let total = env("SPROUT_BENCH_NEWPC_OPS", 1_000_000);
    let per_member = (total / members).max(2);
    let tmp = tempfile::tempdir().expect("temp dir");
    let hub = CountingHub::new(
        FolderHub::create_root(tmp.path().join("hub")).expect("hub"),
        Duration::ZERO,
    );
    let admin_key = ActorKey::generate().expect("key");
    let mut admin = Store::open_in_memory().expect("store");
    let new_key = ActorKey::generate().expect("key");
    let new_path = tmp.path().join("new.db");
    let mut new = Store::open(&new_path).expect("store");
    let admin_me =
        Identity { actor: admin.actor(), key: &admin_key, person: "Ada Admin", site: "" };
    let new_me = Identity { actor: new.actor(), key: &new_key, person: "Nell New", site: "Ward 7" };

    // The region: each member's first changeset (from `populate`), then the rest of their
    // history in changesets of 50 ops.
    let started = Instant::now();
    let people = sprout_sync::region::populate_all(&hub, &admin, &admin_me, &new_me, members)
        .expect("region");
    let hub_id = admin.hub_value("id").expect("meta").expect("hub id");
    let words = sprout_benchtext::Words::english().unwrap_or_else(|e| panic!("{e}"));
    let mut rng = sprout_benchtext::Rng::new(2026);
    let mut clock = 1_795_000_000_000u64;
    let mut heads = Vec::new();
    let mut written = members;
    for person in &people {
        let ops = history(&words, &mut rng, &mut clock, person.actor, per_member - 1);
        written += ops.len();
        let head = write_log(&hub, &hub_id, person, &ops);
        heads.push((person.actor, head.0, head.1));
    }
    let bytes_on_hub = dir_size(&tmp.path().join("hub"));
    println!(
        "A region of {members} members and {written} ops ({} MB of changesets) written in {:.0} s",
        bytes_on_hub / 1_000_000,
        started.elapsed().as_secs_f64()
    );

    // A lead's PC that followed it all writes a snapshot.
    sprout_sync::region::assume_followed(&mut admin, &heads, members as u64).expect("followed");
    let started = Instant::now();
    sprout_sync::write_snapshot(&hub, &admin, &admin_key).expect("snapshot");
    let parts = hub.list("snapshot-parts/").expect("parts");
    println!(
        "The lead's snapshot: {} parts, {} MB, written in {:.0} s",
        parts.len(),
        dir_size(&tmp.path().join("hub/snapshot-parts")) / 1_000_000,
        started.elapsed().as_secs_f64()
    );

    // Work since: 20 members each write one more changeset and tell the news.
    let mut news = members as u64;
    for (i, (person, head)) in people.iter().zip(&heads).take(20).enumerate() {
        let created = OpPayload::IdeaCreated(IdeaCreated {
            title: format!("Since the snapshot {i}"),
            problem: words.problem(&mut rng),
            author: format!("Member {i}"),
            ..Default::default()
        });
        let id = OpId::minted(person.actor, Uuid::now_v7());
        clock += 1;
        let hlc = Hlc::new(clock, 0);
        let op = Op { id, hlc, actor: person.actor, entity_id: id.0, payload: created };
        let (seq, _) = append(&hub, &hub_id, person, &(head.1, head.2.clone()), &[op]);
        news += 1;
        hub.create(&news_path(news), &news_file(&News::Log { actor: person.actor, seq }))
            .expect("news");
        written += 1;
    }

    // The new PC joins; its first sync starts while its person works.
    sprout_sync::join(&hub, &new, &new_me).expect("join");
    // (`populate` let its reader in: the new PC is that reader.)
    let mut hub = hub;
    hub.set_latency(Duration::from_millis(2));
    hub.reset();
    let arrived = AtomicUsize::new(0);
    let first_part = std::sync::Mutex::new(None::<(Duration, usize)>);
    let done = AtomicBool::new(false);
    let mut window = Store::open(&new_path).expect("the window's connection");
    let mut actions: Vec<(Duration, usize)> = Vec::new();
    let started = Instant::now();
    let (report, complete) = std::thread::scope(|scope| {
        let sync = scope.spawn(|| {
            let me =
                Identity { actor: new.actor(), key: &new_key, person: "Nell New", site: "Ward 7" };
            let report = sprout_sync::sync_with_progress(&hub, &mut new, &[me], &mut |so_far| {
                arrived.store(so_far.pulled, Ordering::Relaxed);
                let mut first = first_part.lock().expect("lock");
                first.get_or_insert((started.elapsed(), so_far.pulled));
            })
            .expect("first sync");
            done.store(true, Ordering::Relaxed);
            (report, started.elapsed())
        });
        let mut n = 0;
        while !done.load(Ordering::Relaxed) {
            n += 1;
            let took = share_and_look(&mut window, n);
            actions.push((took, arrived.load(Ordering::Relaxed)));
            std::thread::sleep(Duration::from_millis(500));
        }
        sync.join().expect("sync thread")
    });
    let (requests, read) = hub.counts();
    assert_eq!(report.pulled, written, "everything arrived: {report:?}");
    let usable = actions.first().map(|(took, _)| *took).unwrap_or_default();
    let mut times: Vec<Duration> = actions.iter().map(|(t, _)| *t).collect();
    times.sort();
    let p50 = times.get(times.len() / 2).copied().unwrap_or_default();
    let worst = times.last().copied().unwrap_or_default();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!();
    println!("| a new PC joining {members} members, {written} ops, at 2 ms a request | figure |");
    println!("| --- | --- |");
    println!("| first sync: requests, bytes read | {requests}, {} MB |", read / 1_000_000);
    println!(
        "| time to complete (everything applied) | {:.0} s ({:.0} ops/s) |",
        complete.as_secs_f64(),
        written as f64 / complete.as_secs_f64()
    );
    println!(
        "| time to usable (an idea shared and shown in My ideas, from the sync's start) | {:.0} ms |",
        ms(usable)
    );
    println!(
        "| sharing an idea and opening My ideas while the history arrives ({} times) | p50 {:.0} ms, slowest {:.0} ms |",
        actions.len(),
        ms(p50),
        ms(worst)
    );
    let (first_at, first_ops) = first_part.into_inner().expect("lock").unwrap_or_default();
    println!(
        "| the hub's work starts to show (the first part applied) | {:.1} s ({first_ops} ops) |",
        first_at.as_secs_f64()
    );
    println!(
        "| reading every log instead (the full check) | {} changeset files, about {} requests |",
        hub_changesets(&tmp),
        hub_changesets(&tmp) + 3 * members
    );
}

/// The person's two everyday actions on the window's own connection: share an idea, then
/// list *My ideas* (which must show it).
fn share_and_look(window: &mut Store, n: usize) -> Duration {
    let started = Instant::now();
    let created = IdeaCreated {
        title: format!("Shared while the hub arrives {n}"),
        problem: "Night falls go unseen on the ward".into(),
        author: "Nell New".into(),
        ..Default::default()
    };
    window.commit(Uuid::nil(), OpPayload::IdeaCreated(created), Admission::admin()).expect("share");
    let mine = window
        .idea_page(&IdeaQuery {
            submitted_by: Some(window.actor().to_string()),
            ..Default::default()
        })
        .expect("my ideas");
    assert_eq!(mine.total as usize, n, "My ideas shows every idea shared");
    started.elapsed()
}

/// `count` ops by `actor`: one idea in ten new, the rest reworking the newest one's
/// solution (each edit superseding the one before, as a person editing would).
fn history(
    words: &sprout_benchtext::Words,
    rng: &mut sprout_benchtext::Rng,
    clock: &mut u64,
    actor: ActorId,
    count: usize,
) -> Vec<Op> {
    let mut ops = Vec::with_capacity(count);
    let mut current: Option<(Uuid, Hlc)> = None;
    for i in 0..count {
        *clock += 1;
        let hlc = Hlc::new(*clock, 0);
        match current {
            Some((idea, before)) if i % 10 != 0 => {
                let edit = IdeaEdited {
                    set: BTreeMap::from([(IdeaField::Solution, words.problem(rng))]),
                    supersedes: BTreeMap::from([(
                        IdeaField::Solution,
                        vec![Version { hlc: before, actor }],
                    )]),
                };
                let id = OpId::minted(actor, Uuid::now_v7());
                ops.push(Op {
                    id,
                    hlc,
                    actor,
                    entity_id: idea,
                    payload: OpPayload::IdeaEdited(edit),
                });
                current = Some((idea, hlc));
            }
            _ => {
                let created = IdeaCreated {
                    title: words.title(rng),
                    problem: words.problem(rng),
                    author: "Member".into(),
                    ..Default::default()
                };
                let id = OpId::minted(actor, Uuid::now_v7());
                ops.push(Op {
                    id,
                    hlc,
                    actor,
                    entity_id: id.0,
                    payload: OpPayload::IdeaCreated(created),
                });
                current = Some((id.0, hlc));
            }
        }
    }
    ops
}

/// Writes `ops` as `member`'s changesets after their first; returns their last number and id.
fn write_log(
    hub: &dyn Hub,
    hub_id: &str,
    member: &sprout_sync::region::RegionMember,
    ops: &[Op],
) -> (u64, String) {
    let first = hub
        .read(&sprout_sync::changeset_path(member.actor, 1), sprout_sync::MAX_CHANGESET_BYTES)
        .expect("first");
    let mut head = (1, sprout_sync::changeset_id(&first).expect("id"));
    for batch in ops.chunks(PER_CHANGESET) {
        head = append(hub, hub_id, member, &head, batch);
    }
    head
}

/// Appends one changeset of `ops` to `member`'s log after `head`; returns the new head.
fn append(
    hub: &dyn Hub,
    hub_id: &str,
    member: &sprout_sync::region::RegionMember,
    head: &(u64, String),
    ops: &[Op],
) -> (u64, String) {
    let header = Header {
        format: sprout_sync::FORMAT_VERSION,
        hub: hub_id.to_owned(),
        actor: member.actor,
        seq: head.0 + 1,
        prev_hash: Some(head.1.clone()),
        hlc_min: ops.iter().map(|o| o.hlc).min().expect("ops"),
        hlc_max: ops.iter().map(|o| o.hlc).max().expect("ops"),
        roster_epoch: 2,
        seen: Vec::new(),
    };
    let bytes = sprout_sync::encode(&header, ops, &member.key);
    hub.create(&sprout_sync::changeset_path(member.actor, header.seq), &bytes).expect("write");
    (header.seq, sprout_sync::changeset_id(&bytes).expect("id"))
}

fn dir_size(dir: &std::path::Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_size(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

fn hub_changesets(tmp: &tempfile::TempDir) -> usize {
    let Ok(actors) = std::fs::read_dir(tmp.path().join("hub/log")) else { return 0 };
    actors.flatten().map(|a| std::fs::read_dir(a.path()).map_or(0, Iterator::count)).sum()
}
