//! The patient-data guard (DESIGN.md §5): finds what looks like a patient's details in
//! free text, so nothing containing them is ever saved. Every free-text field of every
//! entity passes through [`scan`] before anything is written, in the app and the CLI.
//!
//! It errs towards asking: a false alarm costs a clinician a few seconds of rewording; a
//! miss puts patient data on every PC of the hub for good.

mod fold;
mod numbers;
mod patterns;

use fold::Folded;
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

/// Every stretch of `text` that looks like patient data, in order of position. The text
/// is folded to plain ASCII first (see [`fold`]); the hits name the characters as typed.
pub fn scan(text: &str, rules: &PidRules) -> Vec<PidHit> {
    let folded = Folded::new(text);
    let mut found: Vec<(usize, usize, PidKind)> = Vec::new();
    numbers::find(&folded.bytes, &mut found);
    patterns::find(&folded.bytes, rules.this_year, &mut found);
    for pattern in &rules.hospital_numbers {
        for m in pattern.find_iter(folded.as_str()).filter(|m| !m.as_str().is_empty()) {
            found.push((m.start(), m.end(), PidKind::HospitalNumber));
        }
    }
    merge(text, &folded, found)
}

/// Whether ten digits (spaces, dashes and other separators ignored, any script) are an
/// NHS number: the modulus-11 check digit must hold.
pub fn nhs_number_is_valid(candidate: &str) -> bool {
    let digits: Vec<u8> =
        Folded::new(candidate).bytes.into_iter().filter(u8::is_ascii_digit).collect();
    numbers::check_digit_holds(&digits)
}

/// Sorts hits by position, drops ones inside or overlapping an earlier one (a phone
/// number inside an NHS number's digits), and names each by the characters typed.
fn merge(text: &str, folded: &Folded, mut found: Vec<(usize, usize, PidKind)>) -> Vec<PidHit> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut kept: Vec<(usize, usize, PidKind)> = Vec::new();
    for hit in found {
        match kept.last() {
            Some(last) if hit.0 < last.1 => {}
            _ => kept.push(hit),
        }
    }
    kept.into_iter()
        .map(|(from, to, kind)| {
            let (start, end) = folded.chars(from, to);
            PidHit { kind, start, end, text: folded.original(text, from, to).to_owned() }
        })
        .collect()
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
    fn ordinals_and_service_dates_are_not_patient_details_but_cued_dates_are() {
        for text in ["Level B1 2nd corridor", "Bay C3 3rd bed", "Room A1 2nd floor"] {
            assert_eq!(kinds(text), [], "{text}");
        }
        assert_eq!(kinds("B1 2ND"), [(PidKind::Postcode, "B1 2ND".into())], "capitals");
        assert_eq!(kinds("since 12 March 2014"), [], "when a service changed");
        assert_eq!(kinds("on 12 March 2014"), [(PidKind::DateOfBirth, "12 March 2014".into())]);
        assert_eq!(kinds("Her DOB is 12/03/2019"), [(PidKind::DateOfBirth, "12/03/2019".into())]);
        assert_eq!(kinds("policy v2.1.13"), [], "a version number");
        assert_eq!(kinds("d.o.b. 2.1.13"), [(PidKind::DateOfBirth, "2.1.13".into())]);
        assert_eq!(kinds("1987 births"), [], "a year alone");
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
