//! Ten thousand NHS numbers in the ways people write them are all caught, and ten thousand
//! ten-digit numbers whose check digit fails are all let through.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use sprout_core::{PidKind, PidRules, nhs_number_is_valid, scan_for_pid};

/// A small deterministic generator (xorshift), so every run checks the same numbers.
struct Digits(u64);

impl Digits {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn digit(&mut self, from: u64) -> u32 {
        (from + self.next() % (10 - from)) as u32
    }
}

fn check_digit(nine: &[u32]) -> Option<u32> {
    let sum: u32 = nine.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        c => Some(c),
    }
}

/// The ways a number is typed: run together, 3-3-4 with spaces or dashes, sloppily.
fn written(digits: &[u32], style: u64) -> String {
    let s: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap()).collect();
    match style % 5 {
        0 => s,
        1 => format!("{} {} {}", &s[..3], &s[3..6], &s[6..]),
        2 => format!("{}-{}-{}", &s[..3], &s[3..6], &s[6..]),
        3 => format!("{}  {}-{}", &s[..3], &s[3..6], &s[6..]),
        _ => format!("{} {}", &s[..5], &s[5..]),
    }
}

const CONTEXTS: [&str; 4] = ["NHS no {} fell twice", "{}", "pt ({}) on bay 3", "see {}."];

#[test]
fn ten_thousand_valid_nhs_numbers_are_all_caught() {
    let rules = PidRules { this_year: 2026, hospital_numbers: Vec::new() };
    let mut rng = Digits(0x5eed_1234_abcd_0001);
    let mut checked = 0;
    while checked < 10_000 {
        let mut digits: Vec<u32> = vec![rng.digit(1)];
        digits.extend((0..8).map(|_| rng.digit(0)));
        let Some(check) = check_digit(&digits) else { continue };
        digits.push(check);
        let number = written(&digits, rng.next());
        let text = CONTEXTS[checked % CONTEXTS.len()].replace("{}", &number);
        let hits = scan_for_pid(&text, &rules);
        assert!(
            hits.iter().any(|h| h.kind == PidKind::NhsNumber && h.text == number),
            "{text:?} gave {hits:?}"
        );
        checked += 1;
    }
}

#[test]
fn ten_thousand_numbers_with_a_wrong_check_digit_are_let_through() {
    let rules = PidRules { this_year: 2026, hospital_numbers: Vec::new() };
    let mut rng = Digits(0x0dd_ba11_cafe_f00d);
    for n in 0..10_000 {
        let mut digits: Vec<u32> = vec![rng.digit(1)];
        digits.extend((0..8).map(|_| rng.digit(0)));
        let right = check_digit(&digits);
        let wrong = (0..10).map(|k| (rng.next() as u32 + k) % 10).find(|d| Some(*d) != right);
        digits.push(wrong.unwrap());
        let number = written(&digits, rng.next());
        assert!(!nhs_number_is_valid(&number), "{number}");
        let text = CONTEXTS[n % CONTEXTS.len()].replace("{}", &number);
        let hits = scan_for_pid(&text, &rules);
        assert!(hits.iter().all(|h| h.kind != PidKind::NhsNumber), "{text:?} gave {hits:?}");
    }
}
