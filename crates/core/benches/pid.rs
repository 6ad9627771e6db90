//! The patient-data guard on large pastes: 1 MB and 10 MB of ward text seeded with
//! identifiers, and a worst case of ten megabytes of single digits. Each time is printed
//! beside one plain regular-expression pass over the same text in the same run (the
//! machine is shared and noisy, so only ratios compare across runs), and the time per MB
//! at 10 MB beside that at 1 MB, which stays near 1 while the guard is linear.
//!
//! `cargo bench -p sprout-core --bench pid`
#![allow(
    clippy::expect_used,
    clippy::print_stdout,
    reason = "a benchmark binary: it prints its figures and stops at the first failure"
)]

use std::time::{Duration, Instant};

use regex::Regex;
use sprout_core::{PidRules, scan_for_pid};

const PARTS: &[&str] = &[
    "Bay 3 bed 12 needs obs at 08:00; ring bleep 2044. ",
    "NHS 943 476 5919 fell twice. ",
    "DOB 12/03/1954 on the band. ",
    "call 07700 900123 after five. ",
    "lives at LS6 2AB with her son. ",
    "email jane.smith@nhs.net today. ",
    "Audit from 01/04/2025 to 31/03/2026 found 92% compliance. ",
    "Café au lait spots noted. ",
];

fn ward_text(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 64);
    let mut i = 0usize;
    while text.len() < bytes {
        text.push_str(PARTS[(i * 7 + i / 3) % PARTS.len()]);
        i += 1;
    }
    text
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let value = f();
        best = best.min(start.elapsed());
        out = Some(value);
    }
    (best, out.expect("at least one run"))
}

fn main() {
    let rules = PidRules { this_year: 2026, hospital_numbers: Vec::new() };
    let baseline = Regex::new(r"\d{3}").expect("a valid pattern");
    println!("patient-data guard (best of 3 runs each)");
    let mut per_mb = Vec::new();
    for (label, text) in [
        ("1 MB ward text", ward_text(1 << 20)),
        ("10 MB ward text", ward_text(10 << 20)),
        ("10 MB of single digits", "1 ".repeat(5 << 20)),
    ] {
        let (guard, hits) = best_of(3, || scan_for_pid(&text, &rules).len());
        let (plain, _) = best_of(3, || baseline.find_iter(&text).count());
        let mb = text.len() as f64 / f64::from(1 << 20);
        per_mb.push(guard.as_secs_f64() / mb);
        println!(
            "  {label:<24} {:>8.0} ms  {:>6.1} MB/s  {hits:>8} hits  guard/one-regex {:>5.1}",
            guard.as_secs_f64() * 1000.0,
            mb / guard.as_secs_f64(),
            guard.as_secs_f64() / plain.as_secs_f64()
        );
    }
    println!("  time per MB, 10 MB over 1 MB: {:.2} (1.0 is linear)", per_mb[1] / per_mb[0]);
}
