//! What one PC's sync costs the hub as a region grows: requests and bytes read by a quiet
//! sync (nothing new), by a sync that fetches one new changeset, and by the full check
//! (every log and file: what every sync did before the hub's news, measured in the same
//! run), at 20, 200, 2 000 and 20 000 members, through a hub that counts requests and adds
//! a chosen latency to each (2 ms: a share on the LAN; 20 ms: a share across sites; 30 ms:
//! an object store).
//!
//! `cargo bench -p sprout-sync --bench region` (SPROUT_BENCH_MEMBERS=20,200 to choose).
//! With `--features object-store` and `SPROUT_BENCH_S3_URL=s3://bucket/prefix` (and the
//! `AWS_*` variables, as `bash scripts/bench.sh region` sets them for a local moto server),
//! the same figures are measured again through an S3 hub, at 20, 200 and 2 000 members
//! (SPROUT_BENCH_S3_MEMBERS): requests counted at the client, one HTTP request each.
#![allow(
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark binary: it prints its figures and stops at the first failure"
)]

use std::time::{Duration, Instant};

use sprout_store::Store;
use sprout_sync::{ActorKey, CountingHub, FolderHub, Hub, Identity, News, news_file, news_path};

const LATENCIES_MS: [u64; 3] = [2, 20, 30];

struct Device {
    store: Store,
    key: ActorKey,
}

impl Device {
    fn new() -> Device {
        Device {
            store: Store::open_in_memory().expect("store"),
            key: ActorKey::generate().expect("key"),
        }
    }

    fn me<'a>(&'a self, person: &'a str) -> Identity<'a> {
        Identity { actor: self.store.actor(), key: &self.key, person, site: "Ward 7" }
    }

    fn sync(&mut self, hub: &dyn Hub, full: bool) -> sprout_sync::SyncReport {
        if full {
            sprout_sync::request_full_check(&self.store).expect("full");
        }
        let Device { store, key } = self;
        let me = Identity { actor: store.actor(), key, person: "Rita Reader", site: "Ward 7" };
        sprout_sync::sync(hub, store, &me).expect("sync")
    }
}

/// Runs `f` once at each latency and returns the times.
fn at_latencies<H: Hub>(
    hub: &mut CountingHub<H>,
    mut f: impl FnMut(&CountingHub<H>),
) -> Vec<Duration> {
    let mut times = Vec::new();
    for ms in LATENCIES_MS {
        hub.set_latency(Duration::from_millis(ms));
        let started = Instant::now();
        f(hub);
        times.push(started.elapsed());
    }
    hub.set_latency(Duration::ZERO);
    times
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn sizes(var: &str, default: &[usize]) -> Vec<usize> {
    std::env::var(var)
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| default.to_vec())
}

fn main() {
    print_header();
    for members in sizes("SPROUT_BENCH_MEMBERS", &[20, 200, 2_000, 20_000]) {
        let tmp = tempfile::tempdir().expect("temp dir");
        let folder = FolderHub::create_root(tmp.path().join("hub")).expect("hub");
        measure(CountingHub::new(folder, Duration::ZERO), members);
    }
    #[cfg(feature = "object-store")]
    if let Ok(base) = std::env::var("SPROUT_BENCH_S3_URL") {
        println!();
        println!("Through an S3 hub ({base}), each request one HTTP request to the server:");
        println!();
        print_header();
        for members in sizes("SPROUT_BENCH_S3_MEMBERS", &[20, 200, 2_000]) {
            let url = format!("{base}/region-{members}-{}", uuid::Uuid::now_v7());
            let bucket = sprout_sync::ObjectStoreHub::from_url(&url).expect("S3 hub");
            measure(CountingHub::new(bucket, Duration::ZERO), members);
        }
    }
}

fn print_header() {
    println!(
        "| members | quiet sync: requests, bytes | quiet sync at 2 / 20 / 30 ms | one new changeset: requests | one new changeset at 2 / 20 / 30 ms | full check (before the news: every sync): requests, bytes | full check at 2 / 20 / 30 ms (its requests × latency + its time here) | new PC's first sync: requests, time here |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- |");
}

/// One row of the table: a region of `members` on `hub`.
fn measure<H: Hub>(mut hub: CountingHub<H>, members: usize) {
    {
        let admin = Device::new();
        let mut reader = Device::new();
        let writer = sprout_sync::region::populate(
            &hub,
            &admin.store,
            &admin.me("Ada Admin"),
            &reader.me("Rita Reader"),
            members,
        )
        .expect("region");
        sprout_sync::join(&hub, &reader.store, &reader.me("Rita Reader")).expect("join");

        // A new PC's first sync is the full check.
        hub.reset();
        let started = Instant::now();
        let first = reader.sync(&hub, true);
        let first_time = started.elapsed();
        assert_eq!(first.pulled, members);
        let first_counts = hub.counts();

        // The full check again, as every sync was before the news.
        hub.reset();
        let started = Instant::now();
        reader.sync(&hub, true);
        let full_time = started.elapsed();
        let (full_requests, full_bytes) = hub.counts();
        let full_at: Vec<String> = LATENCIES_MS
            .iter()
            .map(|l| ms(Duration::from_millis(l * full_requests) + full_time))
            .collect();

        hub.reset();
        reader.sync(&hub, false);
        let (quiet_requests, quiet_bytes) = hub.counts();
        let quiet_at: Vec<String> = at_latencies(&mut hub, |h| {
            reader.sync(h, false);
        })
        .into_iter()
        .map(ms)
        .collect();

        // One member writes one more changeset each time, and tells the news.
        let mut seq = 1;
        let mut news = members as u64;
        let mut write_one = |h: &CountingHub<H>| {
            seq += 1;
            news += 1;
            sprout_sync::region::write_next(h, &writer, seq).expect("write");
            h.create(&news_path(news), &news_file(&News::Log { actor: writer.actor, seq }))
                .expect("news");
        };
        write_one(&hub);
        hub.reset();
        let one = reader.sync(&hub, false);
        assert_eq!(one.pulled, 1);
        let (one_requests, _) = hub.counts();
        let mut one_at = Vec::new();
        for ms_latency in LATENCIES_MS {
            write_one(&hub);
            hub.set_latency(Duration::from_millis(ms_latency));
            let started = Instant::now();
            reader.sync(&hub, false);
            one_at.push(ms(started.elapsed()));
            hub.set_latency(Duration::ZERO);
        }
        println!(
            "| {members} | {quiet_requests}, {quiet_bytes} B | {} | {one_requests} | {} | {full_requests}, {} KB | {} | {}, {} |",
            quiet_at.join(" / "),
            one_at.join(" / "),
            full_bytes / 1024,
            full_at.join(" / "),
            first_counts.0,
            ms(first_time),
        );
    }
}
