//! The patient-data guard against text as hurried people write it: a corpus of identifiers
//! in every kind and format seen on wards (every one must be caught) and of ordinary
//! clinical sentences (fewer than 1 % may be flagged). Prints recall and false alarms per
//! kind; the README quotes these figures.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::collections::BTreeMap;

use proptest::prelude::*;
use sprout_core::{PidKind, PidRules, scan_for_pid};

fn rules() -> PidRules {
    PidRules { this_year: 2026, hospital_numbers: Vec::new() }
}

/// A small deterministic generator (xorshift), so every run checks the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// An identifier placed in a sentence: `needle` is the identifier exactly as written.
struct Case {
    kind: PidKind,
    text: String,
    needle: String,
}

fn case(kind: PidKind, template: &str, needle: String) -> Case {
    Case { kind, text: template.replace("{}", &needle), needle }
}

/// Ten digits that make a valid NHS number.
fn nhs_digits(rng: &mut Rng) -> Vec<u32> {
    loop {
        let mut d: Vec<u32> = vec![1 + rng.below(9) as u32];
        d.extend((0..8).map(|_| rng.below(10) as u32));
        let sum: u32 = d.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
        let check = match 11 - sum % 11 {
            11 => 0,
            10 => continue,
            c => c,
        };
        d.push(check);
        return d;
    }
}

/// The zero of each digit form people paste: ASCII, full-width, Arabic-Indic, Devanagari.
const DIGIT_ZEROS: [u32; 4] = ['0' as u32, 0xFF10, 0x0660, 0x0966];

fn render_digit(d: u32, zero: u32) -> char {
    char::from_u32(zero + d).unwrap()
}

const NHS_SEPARATORS: [&str; 14] = [
    " ", "-", ".", "/", "_", "  ", "\u{00A0}", "\u{2009}", "\u{200B}", "\u{2013}", "\n",
    "\u{202F}", " - ", "",
];

fn nhs_written(digits: &[u32], sep: &str, zero: u32) -> String {
    let s: Vec<char> = digits.iter().map(|d| render_digit(*d, zero)).collect();
    let part = |r: std::ops::Range<usize>| s[r].iter().collect::<String>();
    format!("{}{sep}{}{sep}{}", part(0..3), part(3..6), part(6..10))
}

fn nhs_cases(rng: &mut Rng) -> Vec<Case> {
    let contexts = [
        "NHS no {} fell twice on nights",
        "pt {} waited 14 hours in ED",
        "Seen: {}",
        "Referral for {}, needs follow-up",
        "see https://ehr.example.nhs.uk/patient/{}/notes",
        "ref:pt{}x in the discharge list",
        "({}) readmitted",
        "[{}] on bay 3",
    ];
    let mut cases = Vec::new();
    for (i, sep) in NHS_SEPARATORS.iter().enumerate() {
        for zero in DIGIT_ZEROS {
            for _ in 0..2 {
                let number = nhs_written(&nhs_digits(rng), sep, zero);
                cases.push(case(PidKind::NhsNumber, contexts[i % contexts.len()], number));
            }
        }
    }
    for context in contexts {
        let d = nhs_digits(rng);
        cases.push(case(
            PidKind::NhsNumber,
            context,
            format!("({}{}{}) {}", d[0], d[1], d[2], nhs_written(&d, "", 48)[3..].to_owned()),
        ));
    }
    cases
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn ordinal(d: u32) -> String {
    let suffix = match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{d}{suffix}")
}

fn full_width(s: &str) -> String {
    s.chars().map(|c| c.to_digit(10).map_or(c, |d| render_digit(d, 0xFF10))).collect()
}

fn dob_cases(rng: &mut Rng) -> Vec<Case> {
    let mut cases = Vec::new();
    for i in 0..8 {
        let (d, m, y) =
            (1 + rng.below(28) as u32, 1 + rng.below(12) as usize, 1930 + rng.below(76));
        let month = MONTHS[m - 1];
        let mon = &month[..3];
        let yy = y % 100;
        let forms: Vec<(&str, String)> = vec![
            ("She was born in {} and lives alone", format!("{month} {y}")),
            ("{} is her birthday", format!("{month} {d}, {y}")),
            ("Admitted with a DOB of {}", format!("{d:02}-{mon}-{y}")),
            ("Patient born on the {} had a fall", format!("{} of {month} {y}", ordinal(d))),
            ("d.o.b. {} noted on the form", format!("{d:02}.{m:02}.{yy:02}")),
            ("DOB: {}", format!("{y}-{m:02}-{d:02}")),
            ("DOB {} on the wristband", format!("{d:02} / {m:02} / {y}")),
            ("dob {} per the referral", format!("{d:02}{m:02}{y}")),
            ("DOB {} only", format!("{m:02}/{y}")),
            ("DOB {}", full_width(&format!("{d:02}/{m:02}/{y}"))),
            ("Date of birth: {}", format!("{d} {month} {y}")),
            ("Seen {} in clinic", format!("{d:02}/{m:02}/{y}")),
            ("b.d. {}", format!("{d}/{m}/{y}")),
            ("Her DOB is {}, a child", format!("{d:02}/{m:02}/2019")),
            ("born {}", format!("{d}{} {mon} {yy:02}", if i % 2 == 0 { "th" } else { "" })),
        ];
        for (template, needle) in forms {
            cases.push(case(PidKind::DateOfBirth, template, needle));
        }
    }
    cases
}

fn postcode_cases(rng: &mut Rng) -> Vec<Case> {
    let outward = [
        "LS6", "M1", "SW1A", "B33", "EC1V", "W1A", "CR2", "DN55", "BT7", "G2", "NE1", "E1W", "L1",
        "S10", "PL4",
    ];
    let letters = b"ABDEFGHJLNPQRSTUWXYZ";
    let forms = [
        "{o} {i}",
        "{o}  {i}",
        "{o}-{i}",
        "{o}\n{i}",
        "{o}\u{00A0}{i}",
        "{lo}{li}",
        "{lo} {li}",
        "{o}{i}",
    ];
    let contexts =
        ["Lives at {} with her son", "Address: {}", "transferred from {}", "postcode {}."];
    let mut cases = Vec::new();
    for (n, form) in forms.iter().enumerate() {
        for j in 0..8 {
            let o = rng.pick(&outward).to_string();
            let i = format!(
                "{}{}{}",
                rng.below(10),
                letters[rng.below(letters.len() as u64) as usize] as char,
                letters[rng.below(letters.len() as u64) as usize] as char
            );
            let needle = form
                .replace("{o}", &o)
                .replace("{i}", &i)
                .replace("{lo}", &o.to_lowercase())
                .replace("{li}", &i.to_lowercase());
            cases.push(case(PidKind::Postcode, contexts[(n + j) % contexts.len()], needle));
        }
    }
    cases
}

fn phone_cases(rng: &mut Rng) -> Vec<Case> {
    let contexts =
        ["Daughter's number {} for updates", "call {} after 5pm", "tel:{}", "Contact: {}."];
    let mut cases = Vec::new();
    for k in 0..64 {
        let tail = format!("{:03}", rng.below(1000));
        let london = format!("{:04}", rng.below(10_000));
        let needle = match k % 8 {
            0 => format!("0044 7700 900{tail}"),
            1 => format!("07700.900.{tail}"),
            2 => format!("+44(0)7700900{tail}"),
            3 => format!("(020) 7946 {london}"),
            4 => format!("07700900{tail}"),
            5 => format!("+44 20 7946 {london}"),
            6 => format!("0113 496 0{tail}"),
            _ => format!("07700-900-{tail}"),
        };
        cases.push(case(PidKind::PhoneNumber, contexts[k % contexts.len()], needle));
    }
    cases
}

fn email_cases(rng: &mut Rng) -> Vec<Case> {
    let names = ["jane.smith", "j.okafor", "priya_shah", "sam.ward2", "tom-lee"];
    let domains = ["nhs.net", "gmail.com", "leedsth.nhs.uk", "outlook.com"];
    let forms = [
        "{n}@{d}",
        "{n} [at] {d}",
        "{n}(at){d}",
        "{n}\u{FF20}{d}",
        "mailto:{n}@{d}",
        "{n} at {d}",
        "{n} @ {d}",
        "{n} {at} {d}",
    ];
    let mut cases = Vec::new();
    for form in forms {
        for _ in 0..6 {
            let (n, d) = (rng.pick(&names), rng.pick(&domains));
            let needle = form.replace("{n}", n).replace("{d}", d);
            cases.push(case(PidKind::Email, "Her son's email is {} if needed", needle));
        }
    }
    cases
}

fn hospital_cases(rng: &mut Rng) -> Vec<Case> {
    let forms = [
        "MRN {}",
        "M.R.N. {}",
        "m.r.n: {}",
        "Hosp. no. {}",
        "hospital number {}",
        "Unit no {}",
        "PAS number {}",
        "MRN:{}",
        "patient ID {}",
    ];
    let mut cases = Vec::new();
    for form in forms {
        for k in 0..4 {
            let n = 1_000_000 + rng.below(9_000_000);
            let number = match k {
                0 => format!("{n}"),
                1 => format!("K{}", n % 1_000_000),
                2 => format!("{} {}", n / 10_000, n % 10_000),
                _ => format!("RXH{n}"),
            };
            let text = format!("Seen under {} last week", form.replace("{}", &number));
            cases.push(Case { kind: PidKind::HospitalNumber, text, needle: number });
        }
    }
    cases
}

/// The examples the issue found missed, word for word.
fn reported_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for (kind, needle) in [
        (PidKind::DateOfBirth, "March 1987"),
        (PidKind::DateOfBirth, "March 12, 1987"),
        (PidKind::DateOfBirth, "12-Mar-1987"),
        (PidKind::DateOfBirth, "12th of March 1987"),
        (PidKind::DateOfBirth, "12.03.87"),
        (PidKind::DateOfBirth, "1987-03-12"),
        (PidKind::DateOfBirth, "12 / 03 / 1987"),
        (PidKind::DateOfBirth, "12031987"),
        (PidKind::DateOfBirth, "03/1987"),
        (PidKind::PhoneNumber, "0044 7700 900123"),
        (PidKind::PhoneNumber, "07700.900.123"),
        (PidKind::PhoneNumber, "+44(0)7700900123"),
        (PidKind::PhoneNumber, "(020) 7946 0018"),
        (PidKind::PhoneNumber, "07700900123"),
        (PidKind::Email, "jane.smith [at] nhs.net"),
        (PidKind::Email, "jane.smith\u{FF20}nhs.net"),
        (PidKind::Email, "jane.smith@nhs.net"),
        (PidKind::HospitalNumber, "1234567"),
        (PidKind::Postcode, "ls62ab"),
    ] {
        let template = match (kind, needle) {
            (PidKind::DateOfBirth, "March 1987") => "born in {}",
            (PidKind::DateOfBirth, "12th of March 1987") => "born on the {}",
            (PidKind::DateOfBirth, "12.03.87") => "d.o.b. {}",
            (PidKind::DateOfBirth, "1987-03-12") => "DOB: {}",
            (PidKind::DateOfBirth, "12 / 03 / 1987") => "DOB {}",
            (PidKind::DateOfBirth, "12031987") => "dob {}",
            (PidKind::DateOfBirth, "03/1987") => "DOB {}",
            (PidKind::PhoneNumber, "07700900123") => "tel:{}",
            (PidKind::Email, "jane.smith@nhs.net") => "mailto:{}",
            (PidKind::HospitalNumber, _) => "M.R.N. {}",
            _ => "{}",
        };
        cases.push(case(kind, template, needle.to_owned()));
    }
    cases
}

/// Ordinary ward and service text: doses, times, beds, costs, scores, guidelines, audit
/// periods, bleeps and extensions. None of it identifies anyone.
const ORDINARY: &[&str] = &[
    "Ward 7 runs out of hand gel by noon; bay 3 has 6 beds.",
    "Since April 2025 the falls rate is up 12% on nights (2024: 31 falls).",
    "Bleep 1234 or ext 5678 for the night coordinator.",
    "NEWS2 score of 5 triggers review within 1 hour; A1 and B2 are bays.",
    "Audit ran 01/04/2025 to 31/03/2026.",
    "Room A1 2nd floor has no working call bell.",
    "Bay C3 3rd bed is always cold.",
    "Level B1 2nd corridor floods when it rains.",
    "Give paracetamol 1 g four times a day, maximum 4 g in 24 hours.",
    "Insulin sliding scale: 2 units if glucose is 11.1 to 14.0 mmol/L.",
    "Obs at 08:00, 12:00, 16:00 and 20:00 for the first 48 hours.",
    "The drug round takes 90 minutes on a 28-bed ward.",
    "Each pump costs £1,250 and lasts about 7 years.",
    "We spend £42,000 a year on agency nurses for nights.",
    "NICE NG51 (2016, updated 2024) sets out sepsis screening.",
    "Version 3.2.1 of the e-obs app drops readings on reconnect.",
    "The policy v2.1.13 still refers to paper charts.",
    "Waterlow score of 15 or more means high risk.",
    "MUST score 2: refer to the dietitian within 24 hours.",
    "Call bleep 2044 for the outreach team, 24/7.",
    "Ext. 4471 is the discharge lounge.",
    "Phone ext 22345 for pharmacy.",
    "The 0800 handover overruns by 20 minutes most days.",
    "From 1 April 2015 every ward had a falls champion.",
    "Audit period Q3 2025/26 showed 14 pressure ulcers.",
    "Between 2019 and 2023 the waiting list doubled.",
    "Bed 12 in bay 4 has a faulty rail.",
    "Theatres 1 to 6 start at 08:30; theatre 7 at 13:00.",
    "Cannula size 18G or 20G for most adults.",
    "Heparin 5000 units subcutaneously twice daily.",
    "Oxygen 2 L/min via nasal cannulae, target SpO2 94-98%.",
    "Fluids 1 L over 8 hours, then review.",
    "GCS 15/15 on arrival, 13/15 at 02:00.",
    "BP 142/88, HR 96, RR 20, temp 37.9.",
    "The clinic sees 120 patients a week across 3 sites.",
    "Staffing ratio 1:8 on days and 1:11 on nights.",
    "Band 5 vacancies: 6.5 WTE since January.",
    "Turnaround for bloods is 2-4 hours.",
    "Average length of stay fell from 8.2 to 6.9 days.",
    "Falls per 1000 bed days: 6.1 in 2024, 5.4 in 2025.",
    "Ward 3B and ward 12 share a physio.",
    "Room 4.07 on level 4 is the quiet room.",
    "Use the 2nd lift; the 1st is out of order.",
    "Fridge temperature must stay between 2 and 8 degrees.",
    "We trialled it for 6 weeks on 2 wards.",
    "Protocol ref CP-114 rev 7.",
    "Guideline SG-2023-014 covers tissue viability.",
    "The ED four-hour target was met 71.3% of the time.",
    "Clinic letters take 21 days to be typed.",
    "Meeting on Tuesday at 14:00 in seminar room 2.",
    "The ward has 4 side rooms and 24 bay beds.",
    "Agency spend was £180k last year.",
    "Switchboard ext 0 after 8pm.",
    "Pagers on 2200-2299 belong to the medical team.",
    "About 1 in 10 patients is readmitted within 30 days.",
    "Bay D4 5th bed is next to the nurses' station.",
    "Room E1 1st floor is the treatment room.",
    "Review at 6 weeks and 3 months.",
    "Dose 0.5 mg/kg up to 20 mg.",
    "Hb 98 g/L, down from 112.",
    "Two nurses, 1.5 hours, 28 patients.",
    "Prescriptions for 7, 14 or 28 days.",
    "The 2014 guidance was replaced in 2022.",
    "Handover sheet version 4.2 has space for 30 beds.",
    "Cost per case £3,420 against a tariff of £3,900.",
    "Team of 12 covering 3 wards and 86 beds.",
    "Last audit 03/2025 found 92% compliance.",
    "Target of 95% within 60 minutes.",
    "Phlebotomy rounds at 07:00 and 11:00.",
    "ISO 13485 and DCB0129 apply to the device.",
    "The trial ran 6 months from June 2024.",
    "We need 3 more pumps at £1,100 each.",
    "Sharps bins are changed every 3 months or at 3/4 full.",
    "Blood glucose 4.0-7.0 before meals.",
    "Ward 10 will pilot from 2 March 2026.",
    "Bleep 3311, ext 4520, or the ward phone.",
    "Check the 3rd drawer on the left for spare leads.",
    "Capacity is 40 chairs in the day unit.",
    "Reduce wait from 45 to 15 minutes.",
    "We saved 300 hours of nursing time in 2023.",
    "Discharges before 11:00 rose to 34%.",
    "Catheter changes every 12 weeks.",
    "Ward round starts 09:15 sharp.",
    "The form has 18 questions over 2 pages.",
    "Bay A 1st bed to bay F 6th bed.",
    "Room F2 3rd door on the right.",
    "Stock list item 100234 is the wrong size.",
    "Order code 4471209 for the new dressings.",
    "The 2nd floor link bridge is closed until May.",
    "Shift pattern 07:30-20:00 three days a week.",
    "The policy was updated 12 March 2014 and is overdue.",
    "Published 5 May 2011, reviewed yearly since.",
    "Score 3 out of 5 on the Likert item.",
    "Fall risk 12 of 15 patients assessed.",
    "Incident reference W123456 was closed.",
    "Datix 2025/1456 describes the near miss.",
    "Beds 1-6 are male, 7-12 female.",
    "Wards 20 to 24 moved to the new block.",
];

/// Templated sentences, varied by number, in the shapes the hand-written ones take.
fn ordinary_generated(rng: &mut Rng) -> Vec<String> {
    let drugs = ["paracetamol", "morphine", "amoxicillin", "enoxaparin", "furosemide"];
    let mut out = Vec::new();
    for k in 0..240 {
        let (a, b, c) = (1 + rng.below(12), 1 + rng.below(40), rng.below(60));
        let letter = (b'A' + rng.below(6) as u8) as char;
        let sentence = match k % 16 {
            0 => format!("Give {a} mg of {} at {:02}:{c:02}.", rng.pick(&drugs), rng.below(24)),
            1 => format!("Bed {b} in bay {letter}{a} needs a new mattress."),
            2 => format!(
                "Room {letter}{a} {} floor is the relatives' room.",
                ordinal(1 + (b % 4) as u32)
            ),
            3 => format!("Bay {letter}{a} {} bed has a broken light.", ordinal(1 + (c % 6) as u32)),
            4 => format!("It costs £{a},{:03} a year to run.", rng.below(1000)),
            5 => format!("NEWS2 {a} at {:02}:{c:02}, escalated.", rng.below(24)),
            6 => format!("Bleep {} for the on-call registrar.", 1000 + rng.below(9000)),
            7 => format!("Ext {} is the ward clerk.", 2000 + rng.below(8000)),
            8 => format!("Version {a}.{}.{} of the guideline.", b % 10, c % 20),
            9 => format!(
                "Audit from {:02}/{:02}/2025 to {:02}/{:02}/2026.",
                1 + b % 28,
                a,
                1 + c % 28,
                a
            ),
            10 => format!("Level {letter}{a} {} corridor is closed.", ordinal(1 + (b % 3) as u32)),
            11 => format!("{b} of {} patients were seen within {a} hours.", b + 20),
            12 => format!("Ward {a}{letter} has {b} beds and {} side rooms.", c % 8),
            13 => format!("Reduce the wait from {} to {b} minutes.", b + 30),
            14 => format!("Saves {b}.{} hours per shift across {a} wards.", c % 10),
            _ => format!(
                "Pilot starts {} {} 2026 on ward {a}.",
                1 + c % 28,
                MONTHS[(b % 12) as usize]
            ),
        };
        out.push(sentence);
    }
    out
}

fn covers(hits: &[sprout_core::PidHit], kind: PidKind, text: &str, needle: &str) -> bool {
    let at = text.find(needle).expect("the needle is in its sentence");
    let start = text[..at].chars().count() as u32;
    let end = start + needle.chars().count() as u32;
    hits.iter().any(|h| h.kind == kind && h.start < end && start < h.end)
}

#[test]
fn every_identifier_is_caught_and_ordinary_text_is_left_alone() {
    let mut rng = Rng(0x5eed_0fc0_ffee);
    let mut cases = reported_cases();
    cases.extend(nhs_cases(&mut rng));
    cases.extend(dob_cases(&mut rng));
    cases.extend(postcode_cases(&mut rng));
    cases.extend(phone_cases(&mut rng));
    cases.extend(email_cases(&mut rng));
    cases.extend(hospital_cases(&mut rng));
    assert!(cases.len() >= 300, "{} identifier cases", cases.len());

    let mut per_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    for c in &cases {
        let hits = scan_for_pid(&c.text, &rules());
        let entry = per_kind.entry(format!("{:?}", c.kind)).or_default();
        entry.1 += 1;
        if covers(&hits, c.kind, &c.text, &c.needle) {
            entry.0 += 1;
        } else {
            missed.push(format!("{:?} {:?} in {:?}: {hits:?}", c.kind, c.needle, c.text));
        }
    }

    let mut sentences: Vec<String> = ORDINARY.iter().map(|s| (*s).to_owned()).collect();
    sentences.extend(ordinary_generated(&mut rng));
    assert!(sentences.len() >= 300, "{} ordinary sentences", sentences.len());
    let mut alarms: BTreeMap<String, usize> = BTreeMap::new();
    let mut flagged = Vec::new();
    for s in &sentences {
        let hits = scan_for_pid(s, &rules());
        for h in &hits {
            *alarms.entry(format!("{:?}", h.kind)).or_default() += 1;
        }
        if !hits.is_empty() {
            flagged.push(format!("{s:?}: {hits:?}"));
        }
    }

    println!(
        "patient-data guard on {} identifiers and {} ordinary sentences:",
        cases.len(),
        sentences.len()
    );
    for (kind, (caught, total)) in &per_kind {
        let false_alarms = alarms.get(kind).copied().unwrap_or(0);
        println!(
            "  {kind:<15} recall {caught}/{total} ({:.1} %), false alarms {false_alarms}/{} ({:.2} %)",
            100.0 * *caught as f64 / *total as f64,
            sentences.len(),
            100.0 * false_alarms as f64 / sentences.len() as f64
        );
    }
    println!("  any kind: {} of {} ordinary sentences flagged", flagged.len(), sentences.len());
    for f in &flagged {
        println!("    flagged: {f}");
    }
    assert!(missed.is_empty(), "missed:\n{}", missed.join("\n"));
    assert!(
        flagged.len() * 100 < sentences.len(),
        "false alarms on {} of {} sentences (1 % allowed):\n{}",
        flagged.len(),
        sentences.len(),
        flagged.join("\n")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any valid NHS number, its digits in any mix of scripts and its groups split by any
    /// mix of separators, is caught and marked where it was typed.
    #[test]
    fn any_valid_nhs_number_however_written_is_caught(
        seed in any::<u64>(),
        zeros in proptest::collection::vec(0..DIGIT_ZEROS.len(), 10),
        splits in proptest::collection::vec(proptest::option::of(0..NHS_SEPARATORS.len()), 9),
        before in "[ a-zA-Z:(]{0,12}",
        after in "[ a-zA-Z.)]{0,12}",
    ) {
        let mut rng = Rng(seed | 1);
        let digits = nhs_digits(&mut rng);
        let mut number = String::new();
        for (i, d) in digits.iter().enumerate() {
            number.push(render_digit(*d, DIGIT_ZEROS[zeros[i]]));
            if let Some(Some(sep)) = splits.get(i) {
                // Groups of three or more digits, as numbers are grouped when written.
                if i == 2 || i == 5 {
                    number.push_str(NHS_SEPARATORS[*sep]);
                }
            }
        }
        let text = format!("{before} {number} {after}");
        let hits = scan_for_pid(&text, &rules());
        prop_assert!(covers(&hits, PidKind::NhsNumber, &text, &number), "{text:?}: {hits:?}");
    }
}
