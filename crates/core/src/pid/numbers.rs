//! NHS numbers and phone numbers: digits in groups, however the groups are separated.
//! Both are found on the folded text by one pass over its digit groups, so a number split
//! by dots, slashes, brackets, doubled spaces or a line break is still one number, and the
//! work stays linear in the length of the text.

use super::PidKind;

/// Up to this many separator characters may stand between two groups of one number
/// (`) ` or ` - `); more, and they are two numbers.
const MAX_GAP: usize = 3;

/// A maximal stretch of digits, as byte offsets into the folded text.
#[derive(Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

/// Every NHS number and phone number in `bytes`, as (start, end, kind).
pub(super) fn find(bytes: &[u8], found: &mut Vec<(usize, usize, PidKind)>) {
    for run in runs(bytes, b" -./_()[]") {
        nhs_numbers(bytes, &run, found);
    }
    for run in runs(bytes, b" -.()") {
        phone_numbers(bytes, &run, found);
    }
}

/// Groups of digits joined by short stretches of `separators` (and nothing else).
fn runs(bytes: &[u8], separators: &[u8]) -> Vec<Vec<Group>> {
    let mut runs: Vec<Vec<Group>> = Vec::new();
    let mut current: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let joined = current.last().is_some_and(|last| {
            let gap = &bytes[last.end..start];
            gap.len() <= MAX_GAP && gap.iter().all(|b| separators.contains(b))
        });
        if !joined && !current.is_empty() {
            runs.push(std::mem::take(&mut current));
        }
        current.push(Group { start, end: i });
    }
    if !current.is_empty() {
        runs.push(current);
    }
    runs
}

/// The digits of consecutive groups, run together, up to a phone number's length; kept
/// on the stack, as this runs for every group of every run.
struct Digits {
    held: [u8; 16],
    len: usize,
}

impl Digits {
    fn new() -> Digits {
        Digits { held: [0; 16], len: 0 }
    }

    /// Adds a group's digits; false once there would be more than 16.
    fn push(&mut self, group: &[u8]) -> bool {
        let Some(slot) = self.held.get_mut(self.len..self.len + group.len()) else {
            return false;
        };
        slot.copy_from_slice(group);
        self.len += group.len();
        true
    }

    fn as_slice(&self) -> &[u8] {
        &self.held[..self.len]
    }
}

/// Whole groups holding exactly ten digits whose check digit holds.
fn nhs_numbers(bytes: &[u8], run: &[Group], found: &mut Vec<(usize, usize, PidKind)>) {
    for first in 0..run.len() {
        let mut digits = Digits::new();
        for group in &run[first..] {
            if !digits.push(&bytes[group.start..group.end]) || digits.len > 10 {
                break;
            }
            if digits.len == 10 {
                if check_digit_holds(digits.as_slice()) {
                    let start = bracket_before(bytes, run[first].start, group.end);
                    found.push((start, group.end, PidKind::NhsNumber));
                }
                break;
            }
        }
    }
}

/// Whether ten ASCII digits are an NHS number: the modulus-11 check digit must hold, so
/// most ten-digit numbers (order numbers, phone numbers) are not.
pub(super) fn check_digit_holds(digits: &[u8]) -> bool {
    if digits.len() != 10 {
        return false;
    }
    let value = |b: u8| u32::from(b - b'0');
    let sum: u32 = digits[..9].iter().zip((2..=10).rev()).map(|(d, w)| value(*d) * w).sum();
    match 11 - sum % 11 {
        11 => value(digits[9]) == 0,
        10 => false,
        check => value(digits[9]) == check,
    }
}

/// UK phone numbers, national (`0` then 9 or 10 digits) or international (`+44` or
/// `0044`, an optional `(0)`, then 9 or 10 digits); the longest at each group wins.
fn phone_numbers(bytes: &[u8], run: &[Group], found: &mut Vec<(usize, usize, PidKind)>) {
    let mut first = 0;
    while first < run.len() {
        let plus = plus_before(bytes, run[first].start);
        let mut best = None;
        let mut digits = Digits::new();
        for (last, group) in run.iter().enumerate().skip(first) {
            if !digits.push(&bytes[group.start..group.end]) || digits.len > 14 {
                break;
            }
            if is_phone(digits.as_slice(), plus.is_some()) {
                best = Some(last);
            }
        }
        match best {
            Some(last) => {
                let start =
                    plus.unwrap_or_else(|| bracket_before(bytes, run[first].start, run[last].end));
                found.push((start, run[last].end, PidKind::PhoneNumber));
                first = last + 1;
            }
            None => first += 1,
        }
    }
}

fn is_phone(digits: &[u8], after_plus: bool) -> bool {
    let national = |rest: &[u8]| {
        (9..=10).contains(&rest.len()) && matches!(rest[0], b'1' | b'2' | b'3' | b'7' | b'8')
    };
    let international = |rest: &[u8]| match rest.strip_prefix(b"0") {
        Some(trunk) => national(trunk),
        None => national(rest),
    };
    if after_plus {
        return digits.strip_prefix(b"44").is_some_and(international);
    }
    if let Some(rest) = digits.strip_prefix(b"0044") {
        return international(rest);
    }
    digits.strip_prefix(b"0").is_some_and(national)
}

/// Where a `+` (perhaps bracketed or spaced) stands just before the digits at `at`.
fn plus_before(bytes: &[u8], at: usize) -> Option<usize> {
    let from = at.saturating_sub(3);
    bytes[from..at]
        .iter()
        .rposition(|b| *b == b'+')
        .map(|p| from + p)
        .filter(|p| bytes[p + 1..at].iter().all(|b| matches!(b, b' ' | b'(')))
}

/// Includes an opening bracket just before a number's first digit when the number itself
/// closes it, `(020) 7946 0018`; a bracket around the whole number is not part of it.
fn bracket_before(bytes: &[u8], at: usize, end: usize) -> usize {
    let closed = bytes[at..end].contains(&b')');
    if closed && at > 0 && bytes[at - 1] == b'(' { at - 1 } else { at }
}
