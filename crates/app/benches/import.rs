//! Importing a big tracker: 100 000 rows (`SPROUT_BENCH_ROWS` changes it) from a CSV,
//! through the whole import (reading, the patient-data guard, validation, the admission
//! gate, the op log, projections and search index), beside the same rows read the same
//! way and inserted into a plain SQLite table in one transaction, measured in the same run.
//! While the import runs, a second thread asks for the Ideas table's first page as the
//! window would, so the figures show whether the import holds the window. Peak memory is
//! read from /proc before and after. Figures, not assertions: the machine is shared.
//!
//!   cargo bench -p sprout-app --bench import
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, reason = "a benchmark")]

use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sprout_app::{IdeaQuery, SheetSource, Sprout};

const PASS: &str = "juniper signal orchard";

/// A seeded xorshift: the same sheet every run, so runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Zipf-like: low indices far more often, as words in real text.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }
}

/// About 30 000 made-up words from syllables: text with a real hub's spread of words.
fn vocabulary(rng: &mut Rng) -> Vec<String> {
    const SYLLABLES: [&str; 24] = [
        "ba", "ker", "sto", "mi", "lan", "ter", "po", "ri", "dem", "ca", "nu", "ward", "vel",
        "tho", "sep", "ox", "gen", "ply", "ran", "dis", "cor", "ma", "lo", "tic",
    ];
    (0..30_000)
        .map(|_| (0..2 + rng.below(3)).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect())
        .collect()
}

fn words(rng: &mut Rng, vocab: &[String], from: usize, to: usize) -> String {
    let n = from + rng.below(to - from + 1);
    (0..n).map(|_| vocab[rng.zipf(vocab.len())].as_str()).collect::<Vec<_>>().join(" ")
}

fn write_sheet(path: &Path, rows: usize) {
    let mut rng = Rng(0x5eed_cafe);
    let vocab = vocabulary(&mut rng);
    let sites = ["St Mary's", "Royal", "General", "Community", "Children's"];
    let stages = ["Submitted", "Submitted", "Triage", "Refine", "Evaluate", "Parked"];
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "Ref,Title,Problem,Site,Ward,Status,Date submitted").unwrap();
    for n in 0..rows {
        writeln!(
            out,
            "T-{n},{},{},{},Ward {},{},{:02}/{:02}/2025",
            words(&mut rng, &vocab, 4, 12),
            words(&mut rng, &vocab, 30, 150),
            sites[n % sites.len()],
            1 + rng.below(30),
            stages[rng.below(stages.len())],
            1 + rng.below(28),
            1 + rng.below(12),
        )
        .unwrap();
    }
}

/// The same rows read the same way into a plain table: what SQLite alone costs.
fn raw_insert(sheet: &Path, db: &Path) -> Duration {
    let started = Instant::now();
    let mut conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;").unwrap();
    conn.execute_batch(
        "CREATE TABLE rows (id INTEGER PRIMARY KEY, ref TEXT, title TEXT, problem TEXT,
         site TEXT, ward TEXT, status TEXT, submitted TEXT)",
    )
    .unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare("INSERT INTO rows (ref, title, problem, site, ward, status, submitted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .unwrap();
        sprout_sheets_rows(sheet, |cells| {
            insert.execute(rusqlite::params_from_iter(cells.iter().take(7))).unwrap();
        });
    }
    tx.commit().unwrap();
    started.elapsed()
}

fn sprout_sheets_rows(sheet: &Path, mut each: impl FnMut(&[String])) {
    sprout_sheets::read_rows::<sprout_sheets::Error>(sheet, |row| {
        if row.number > 1 {
            each(&row.cells);
        }
        Ok(ControlFlow::Continue(()))
    })
    .unwrap();
}

fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn percentile(times: &mut [f64], q: f64) -> f64 {
    times.sort_by(f64::total_cmp);
    times
        .get(((times.len() as f64 * q) as usize).min(times.len().saturating_sub(1)))
        .copied()
        .unwrap_or(0.0)
}

fn main() {
    let rows: usize =
        std::env::var("SPROUT_BENCH_ROWS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let tmp = tempfile::tempdir().unwrap();
    let sheet = tmp.path().join("tracker.csv");
    write_sheet(&sheet, rows);
    let size = std::fs::metadata(&sheet).unwrap().len() as f64 / 1024.0 / 1024.0;
    println!("# {rows} rows, {size:.1} MiB of CSV (titles of 4-12 words, problems of 30-150)");

    let raw = raw_insert(&sheet, &tmp.path().join("raw.db"));
    let rss_before = peak_rss_mib();

    let lead = |name: &str| {
        let sprout = Sprout::open(&tmp.path().join(name)).unwrap();
        sprout.start_using("Lee Lead", "Hub", Some(PASS)).unwrap();
        sprout.hub_init(&tmp.path().join(format!("{name}-share")), "Bench hub").unwrap();
        sprout
    };
    let sprout = lead("alone");
    let source = SheetSource::File(&sheet);
    let mapping = sprout.import_sheet(source, None).unwrap().mapping;

    let started = Instant::now();
    let dry = sprout.import_ideas(source, &mapping, true).unwrap();
    let dry_time = started.elapsed();
    let started = Instant::now();
    let report = sprout.import_ideas(source, &mapping, false).unwrap();
    let import_time = started.elapsed();
    drop(sprout);

    // Again into a fresh folder, with the window's first page asked for every 50 ms.
    let sprout = lead("watched");
    let importing = AtomicBool::new(true);
    let mut window = Vec::new();
    let watched_time = std::thread::scope(|s| {
        let reader = s.spawn(|| {
            let mut times = Vec::new();
            while importing.load(Ordering::SeqCst) {
                let asked = Instant::now();
                sprout.idea_page(&IdeaQuery::default()).unwrap();
                times.push(asked.elapsed().as_secs_f64() * 1000.0);
                std::thread::sleep(Duration::from_millis(50));
            }
            times
        });
        let started = Instant::now();
        sprout.import_ideas(source, &mapping, false).unwrap();
        let took = started.elapsed();
        importing.store(false, Ordering::SeqCst);
        window = reader.join().unwrap();
        took
    });
    let rss_after = peak_rss_mib();
    let rate = |d: Duration| rows as f64 / d.as_secs_f64();
    println!(
        "raw SQLite insert of the same rows     {:>8.0} rows/s  ({:.2} s)",
        rate(raw),
        raw.as_secs_f64()
    );
    println!(
        "import, dry run                        {:>8.0} rows/s  ({:.2} s)  {:.2}x raw",
        rate(dry_time),
        dry_time.as_secs_f64(),
        rate(dry_time) / rate(raw)
    );
    println!(
        "import                                 {:>8.0} rows/s  ({:.2} s)  {:.2}x raw: {} created, {} skipped",
        rate(import_time),
        import_time.as_secs_f64(),
        rate(import_time) / rate(raw),
        report.created.len(),
        report.skipped.len()
    );
    println!(
        "import with the window asking          {:>8.0} rows/s  ({:.2} s)",
        rate(watched_time),
        watched_time.as_secs_f64()
    );
    let asked = window.len();
    println!(
        "the window's first page meanwhile      p50 {:.1} ms, p95 {:.1} ms ({asked} asks)",
        percentile(&mut window, 0.5),
        percentile(&mut window, 0.95)
    );
    println!(
        "peak memory                            {rss_before:.0} MiB before the import, {rss_after:.0} MiB after"
    );
    assert_eq!(dry.created.len(), report.created.len(), "the dry run said what the import did");
}
