//! The patient-data guard (DESIGN.md §5): finds what looks like a patient's details in
//! free text, so nothing containing them is ever saved. Every free-text field of every
//! entity passes through [`scan`] before anything is written, in the app and the CLI.
//!
//! It errs towards asking: a false alarm costs a clinician a few seconds of rewording; a
//! miss puts patient data on every PC of the hub for good.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};
use specta::Type;

/// What kind of patient detail a hit looks like.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PidKind {
    NhsNumber,
    DateOfBirth,
    HospitalNumber,
    Postcode,
    PhoneNumber,
    Email,
}

impl PidKind {
    /// A plain explanation for the person typing.
    pub fn explain(self) -> &'static str {
        match self {
            PidKind::NhsNumber => "an NHS number",
            PidKind::DateOfBirth => "a date of birth",
            PidKind::HospitalNumber => "a hospital number",
            PidKind::Postcode => "a postcode",
            PidKind::PhoneNumber => "a phone number",
            PidKind::Email => "an email address",
        }
    }
}

/// One stretch of text that looks like patient data. `start` and `end` count characters
/// (not bytes), so a UI can highlight exactly those words.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
pub struct PidHit {
    pub kind: PidKind,
    pub start: u32,
    pub end: u32,
    pub text: String,
}

/// What the guard needs besides the text: this year (to judge how old a date is) and the
/// hub's own hospital-number formats, as regular expressions.
#[derive(Clone, Debug, Default)]
pub struct PidRules {
    pub this_year: i32,
    pub hospital_numbers: Vec<Regex>,
}

impl PidRules {
    /// Rules with the hub's hospital-number patterns; a pattern that is not a valid
    /// regular expression is reported, never silently ignored.
    pub fn new(this_year: i32, hospital_patterns: &[String]) -> Result<PidRules, String> {
        let hospital_numbers = hospital_patterns
            .iter()
            .map(|p| {
                Regex::new(&format!("(?i){p}"))
                    .map_err(|e| format!("hospital number pattern {p:?} is not valid: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(PidRules { this_year, hospital_numbers })
    }
}

#[allow(clippy::expect_used, reason = "literal patterns, each exercised by the tests")]
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid built-in pattern")
}

/// Ten digits, with any spaces or dashes between them.
static TEN_DIGITS: LazyLock<Regex> = LazyLock::new(|| re(r"\d(?:[ \-]*\d){9}"));
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}"));
/// Full UK postcodes (outward and inward code), e.g. `M1 1AE`, `SW1A 2AA`, `ls6 2ab`.
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:[a-z]{1,2}\d[a-z\d]?|gir) ?\d[abd-hjlnp-uw-z]{2}\b"));
/// UK phone numbers: 0 or +44 then 9 or 10 more digits, spaced, dashed or bracketed.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?:\+44[ \-]?(?:\(0\)[ \-]?)?|\(?0)\d(?:[ \-\)]{0,2}\d){8,9}"));
/// A full date: 12/03/1954, 12-3-54, 12.03.1954, 12 March 1954, 12th Mar 54, 1954-03-12.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?ix)
        \b(?:
            (?P<d1>\d{1,2})[/\-.](?P<m1>\d{1,2})[/\-.](?P<y1>\d{4}|\d{2})
          | (?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(?P<y2>\d{4}|\d{2})
          | (?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})
        )\b")
});
/// Words that say the next date is someone's birth date.
static DOB_CUE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:d\.?o\.?b\.?|born|birth(?:day)?|date\s+of\s+birth|aged?)\W*$"));
/// Hospital numbers named as such, whatever their format: `MRN 1234567`, `hosp no: K123456`.
static HOSPITAL_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:mrn|hospital\s+(?:no|number)|hosp\.?\s*no|unit\s+(?:no|number)|patient\s+(?:id|no|number)|pas\s+(?:no|number))\.?\s*[:#]?\s*([a-z]{0,3}\d[a-z\d]{4,11})\b",
    )
});

/// Every stretch of `text` that looks like patient data, in order of position.
pub fn scan(text: &str, rules: &PidRules) -> Vec<PidHit> {
    let mut found: Vec<(usize, usize, PidKind)> = Vec::new();
    for m in TEN_DIGITS.find_iter(text) {
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let alone = !before.is_some_and(|c| c.is_ascii_digit())
            && !after.is_some_and(|c| c.is_ascii_digit());
        if alone && nhs_number_is_valid(m.as_str()) {
            found.push((m.start(), m.end(), PidKind::NhsNumber));
        }
    }
    for m in EMAIL.find_iter(text) {
        found.push((m.start(), m.end(), PidKind::Email));
    }
    for m in POSTCODE.find_iter(text) {
        found.push((m.start(), m.end(), PidKind::Postcode));
    }
    for m in PHONE.find_iter(text) {
        let after = text[m.end()..].chars().next();
        if !after.is_some_and(|c| c.is_ascii_digit()) {
            found.push((m.start(), m.end(), PidKind::PhoneNumber));
        }
    }
    for caps in DATE.captures_iter(text) {
        let Some(whole) = caps.get(0) else { continue };
        if let Some(year) = date_year(&caps, rules.this_year) {
            let cued = DOB_CUE.is_match(&text[..whole.start()]);
            // An idea is about today's problems: a full date from long ago is far more
            // likely someone's birth date than anything the idea needs.
            if cued || year <= rules.this_year - 10 {
                found.push((whole.start(), whole.end(), PidKind::DateOfBirth));
            }
        }
    }
    for caps in HOSPITAL_CUE.captures_iter(text) {
        if let Some(number) = caps.get(1) {
            found.push((number.start(), number.end(), PidKind::HospitalNumber));
        }
    }
    for pattern in &rules.hospital_numbers {
        for m in pattern.find_iter(text).filter(|m| !m.as_str().is_empty()) {
            found.push((m.start(), m.end(), PidKind::HospitalNumber));
        }
    }
    merge(text, found)
}

/// Whether ten digits (spaces and dashes ignored) are an NHS number: the modulus-11 check
/// digit must hold, so most ten-digit numbers (order numbers, phone numbers) are not.
pub fn nhs_number_is_valid(candidate: &str) -> bool {
    let digits: Vec<u32> = candidate.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9].iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => digits[9] == 0,
        10 => false,
        check => digits[9] == check,
    }
}

/// The year of a matched date, if it is a real calendar date. Two-digit years are read
/// as the most recent year with those digits not after this year.
fn date_year(caps: &regex::Captures<'_>, this_year: i32) -> Option<i32> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<i32>().ok());
    let (day, month, year, year_digits) = if let Some(d) = num("d1") {
        (d, num("m1")?, num("y1")?, caps.name("y1")?.as_str().len())
    } else if let Some(d) = num("d2") {
        let m = caps.name("m2")?.as_str().to_ascii_lowercase();
        let month =
            ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
                .iter()
                .position(|p| m.starts_with(p))? as i32
                + 1;
        (d, month, num("y2")?, caps.name("y2")?.as_str().len())
    } else {
        (num("d3")?, num("m3")?, num("y3")?, 4)
    };
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let year = if year_digits == 2 {
        let century = this_year - this_year % 100;
        if century + year > this_year { century - 100 + year } else { century + year }
    } else {
        year
    };
    (1880..=this_year + 1).contains(&year).then_some(year)
}

/// Sorts hits by position, drops ones inside another (a phone number inside an NHS
/// number's digits), and converts byte offsets to character offsets.
fn merge(text: &str, mut found: Vec<(usize, usize, PidKind)>) -> Vec<PidHit> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut kept: Vec<(usize, usize, PidKind)> = Vec::new();
    for hit in found {
        match kept.last() {
            Some(last) if hit.0 < last.1 => {}
            _ => kept.push(hit),
        }
    }
    kept.into_iter()
        .map(|(start, end, kind)| PidHit {
            kind,
            start: char_index(text, start),
            end: char_index(text, end),
            text: text[start..end].to_owned(),
        })
        .collect()
}

fn char_index(text: &str, byte: usize) -> u32 {
    u32::try_from(text[..byte].chars().count()).unwrap_or(u32::MAX)
}

/// One sentence naming what was found in `field`, for a CLI line or a form.
pub fn describe(field: &str, hits: &[PidHit]) -> String {
    let listed: Vec<String> =
        hits.iter().map(|h| format!("{} ({:?})", h.kind.explain(), h.text)).collect();
    format!(
        "{field} contains what looks like patient details: {}. Remove them before saving; \
         Sprout never stores patient-identifiable data",
        listed.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PidRules {
        PidRules { this_year: 2026, hospital_numbers: Vec::new() }
    }

    fn kinds(text: &str) -> Vec<(PidKind, String)> {
        scan(text, &rules()).into_iter().map(|h| (h.kind, h.text)).collect()
    }

    #[test]
    fn nhs_numbers_are_flagged_only_when_the_check_digit_holds() {
        assert!(nhs_number_is_valid("943 476 5919"));
        assert!(nhs_number_is_valid("9434765919"));
        assert!(!nhs_number_is_valid("943 476 5918"), "wrong check digit");
        assert!(!nhs_number_is_valid("1234567890"), "check digit would be 10");
        assert_eq!(
            kinds("Patient 943-476-5919 fell"),
            [(PidKind::NhsNumber, "943-476-5919".into())]
        );
        assert_eq!(kinds("Order 943 476 5918 arrived"), []);
        assert_eq!(kinds("Ref 19434765919"), [], "part of a longer number");
    }

    #[test]
    fn hits_are_placed_by_character_not_byte() {
        let hits = scan("Café patient 943 476 5919", &rules());
        assert_eq!((hits[0].start, hits[0].end), (13, 25));
    }

    #[test]
    fn emails_postcodes_and_phone_numbers_are_flagged() {
        assert_eq!(
            kinds("Ring 07700 900123 or mail j.smith@example.com, lives at LS6 2AB"),
            [
                (PidKind::PhoneNumber, "07700 900123".into()),
                (PidKind::Email, "j.smith@example.com".into()),
                (PidKind::Postcode, "LS6 2AB".into()),
            ]
        );
        assert_eq!(
            kinds("call +44 (0)20 7946 0018"),
            [(PidKind::PhoneNumber, "+44 (0)20 7946 0018".into())]
        );
        assert_eq!(kinds("(0113) 496 0000"), [(PidKind::PhoneNumber, "(0113) 496 0000".into())]);
        assert_eq!(kinds("sw1a2aa"), [(PidKind::Postcode, "sw1a2aa".into())]);
    }

    #[test]
    fn everyday_ward_text_is_not_flagged() {
        for text in [
            "Ward 7 runs out of gel by noon; bay 3 has 6 beds.",
            "Since April 2025 the falls rate is up 12% on nights (2024: 31 falls).",
            "Bleep 1234 or ext 5678 for the night coordinator.",
            "NEWS2 score of 5 triggers review within 1 hour; A1 and B2 are bays.",
            "Audit ran 01/04/2025 to 31/03/2026.",
        ] {
            assert_eq!(kinds(text), [], "{text}");
        }
    }

    #[test]
    fn old_dates_and_cued_dates_are_taken_as_dates_of_birth() {
        assert_eq!(kinds("born 12/03/1954"), [(PidKind::DateOfBirth, "12/03/1954".into())]);
        assert_eq!(kinds("DOB: 3 March 2019"), [(PidKind::DateOfBirth, "3 March 2019".into())]);
        assert_eq!(kinds("seen 12-3-54"), [(PidKind::DateOfBirth, "12-3-54".into())]);
        assert_eq!(kinds("1948-07-05 admission"), [(PidKind::DateOfBirth, "1948-07-05".into())]);
        assert_eq!(kinds("started 12/03/2024"), [], "a recent date without a cue");
        assert_eq!(kinds("31/02/1950"), [(PidKind::DateOfBirth, "31/02/1950".into())]);
        assert_eq!(kinds("45/13/1950"), [], "not a date");
    }

    #[test]
    fn hospital_numbers_are_found_by_name_and_by_the_hubs_patterns() {
        assert_eq!(kinds("MRN 1234567 fell"), [(PidKind::HospitalNumber, "1234567".into())]);
        assert_eq!(kinds("hosp no: K123456"), [(PidKind::HospitalNumber, "K123456".into())]);
        let hub = PidRules::new(2026, &[r"\bRXH\d{7}\b".into()]).expect("valid");
        let hits = scan("see RXH1234567 notes", &hub);
        assert_eq!(hits[0].kind, PidKind::HospitalNumber);
        assert_eq!(hits[0].text, "RXH1234567");
        assert!(PidRules::new(2026, &["(unclosed".into()]).unwrap_err().contains("not valid"));
    }

    #[test]
    fn the_description_names_field_kind_and_text() {
        let hits = scan("943 476 5919", &rules());
        assert_eq!(
            describe("problem", &hits),
            "problem contains what looks like patient details: an NHS number (\"943 476 5919\"). \
             Remove them before saving; Sprout never stores patient-identifiable data"
        );
    }
}
