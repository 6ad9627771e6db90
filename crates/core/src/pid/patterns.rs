//! Postcodes, email addresses, dates of birth and named hospital numbers, matched by
//! regular expressions over the folded (ASCII) text. The `regex` crate runs in time linear
//! in the text, and every look-back for a cue word reads a bounded window, so the guard as
//! a whole stays linear.

use std::sync::LazyLock;

use regex::bytes::{Captures, Regex};

use super::PidKind;

#[allow(clippy::expect_used, reason = "literal patterns, each exercised by the tests")]
fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid built-in pattern")
}

/// The UK's postcode areas (the letters before the first digit), and GIR 0AA.
const AREAS: &str = "AB|AL|B|BA|BB|BD|BH|BL|BN|BR|BS|BT|CA|CB|CF|CH|CM|CO|CR|CT|CV|CW|DA|DD|DE|DG|\
DH|DL|DN|DT|DY|E|EC|EH|EN|EX|FK|FY|G|GL|GU|GY|HA|HD|HG|HP|HR|HS|HU|HX|IG|IM|IP|IV|JE|KA|KT|KW|KY|\
L|LA|LD|LE|LL|LN|LS|LU|M|ME|MK|ML|N|NE|NG|NN|NP|NR|NW|OL|OX|PA|PE|PH|PL|PO|PR|RG|RH|RM|S|SA|SE|SG|\
SK|SL|SM|SN|SO|SP|SR|SS|ST|SW|SY|TA|TD|TF|TN|TQ|TR|TS|TW|UB|W|WA|WC|WD|WF|WN|WR|WS|WV|YO|ZE";

/// A full postcode: area, district (`1`, `12`, `1A`), any spaces or a hyphen, then the
/// inward code (a digit and two letters, never C, I, K, M, O or V).
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i-u)\b(?:(?:{AREAS})(?:\d[A-Z]|\d\d?)|GIR)(?: {{0,3}}|-)(?P<inward>\d[ABD-HJLNP-UW-Z]{{2}})\b"
    ))
});

/// An address, also written `jane [at] nhs [dot] net`, `jane (at) nhs.net` or with a
/// full-width at-sign (folded to `@` already).
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)[a-z0-9._%+\-]+(?: ?@ ?| ?[\[({<] ?at ?[\])}>] ?)[a-z0-9\-]+(?:(?:\.| ?[\[({<] ?dot ?[\])}>] ?)[a-z0-9\-]+)*(?:\.| ?[\[({<] ?dot ?[\])}>] ?)[a-z]{2,}\b",
    )
});
/// `jane.smith at nhs.net`: a bare "at" only after a name with a dot, dash, underscore or
/// digit in it (so "meet at nhs.net" is not one) and before a domain of the kinds mail uses.
static EMAIL_SPOKEN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)\b[a-z0-9]+[._%+\-0-9][a-z0-9._%+\-]* at [a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:net|com|org|uk|gov|nhs|scot|wales|ie|edu|io)\b",
    )
});

const MONTH: &str = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";

/// Dates in the orders people write them. Each alternative names its parts, so the day,
/// month and year are read the same way whichever matched.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?ix-u)\b(?:
            (?P<d1>\d{{1,2}})\ ?(?P<s1>[/\-.])\ ?(?P<m1>\d{{1,2}})\ ?[/\-.]\ ?(?P<y1>\d{{4}}|\d{{2}})
          | (?P<y2>\d{{4}})\ ?[/\-.]\ ?(?P<m2>\d{{1,2}})\ ?[/\-.]\ ?(?P<d2>\d{{1,2}})
          | (?P<d3>\d{{1,2}})(?:st|nd|rd|th)?(?:\ of)?[\ \-./]{{0,2}}{m3}[\ \-./,]{{0,3}}(?P<y3>\d{{4}}|'?\d{{2}})
          | {m4}\ (?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\ (?P<y4>\d{{4}})
          | {m5}[\ ,]{{1,2}}(?P<y5>\d{{4}})
          | (?P<m6>\d{{1,2}})\ ?[/\-.]\ ?(?P<y6>\d{{4}})
          | (?P<d7>\d{{2}})(?P<m7>\d{{2}})(?P<y7>\d{{4}}|\d{{2}})
        )\b",
        m3 = MONTH.replace("month", "m3"),
        m4 = MONTH.replace("month", "m4"),
        m5 = MONTH.replace("month", "m5"),
    ))
});

/// Words that say the date after them is someone's birth date, read back from the date.
static DOB_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)\b(?:d\.? ?o\.? ?b\.?|born|birth ?date|date of birth|birthday|b\.d\.)(?:[ :\-=~]{0,3}(?:is|was|of|on|in|the|given as|recorded as)\b)*[ :\-=~]{0,3}$",
    )
});
/// Words that say a date is when something happened to a service, not to a person.
static EVENT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)\b(?:since|from|until|till|to|between|and|published|updated|issued|dated|effective|introduced|launched|opened|closed|audit(?:ed)?|review(?:ed)?|version|v)[ :\-]{0,3}$",
    )
});
const CUE_WINDOW: usize = 32;

/// Hospital numbers named as such, whatever their format: `MRN 1234567`, `M.R.N. K123456`,
/// `hosp. no: 123 4567`.
static HOSPITAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i-u)\b(?:m\.? ?r\.? ?n|hospital (?:no|number)|hosp\.? ?no|unit (?:no|number)|patient (?:id|no|number)|pas (?:no|number)|case (?:no|number))\.?[ :#=~\-]{0,3}(?P<number>[a-z]{0,3}\d(?:[ \-]?\d){3,12}[a-z]?)\b",
    )
});

pub(super) fn find(bytes: &[u8], this_year: i32, found: &mut Vec<(usize, usize, PidKind)>) {
    for caps in POSTCODE.captures_iter(bytes) {
        let (Some(whole), Some(inward)) = (caps.get(0), caps.name("inward")) else { continue };
        if !is_ordinal(inward.as_bytes()) {
            found.push((whole.start(), whole.end(), PidKind::Postcode));
        }
    }
    for m in EMAIL.find_iter(bytes).chain(EMAIL_SPOKEN.find_iter(bytes)) {
        found.push((m.start(), m.end(), PidKind::Email));
    }
    for caps in DATE.captures_iter(bytes) {
        let Some(whole) = caps.get(0) else { continue };
        let before = &bytes[whole.start().saturating_sub(CUE_WINDOW)..whole.start()];
        let cue = if DOB_CUE.is_match(before) {
            Cue::Birth
        } else if EVENT_CUE.is_match(before) {
            Cue::Event
        } else {
            Cue::None
        };
        if is_birth_date(&caps, cue, this_year) {
            found.push((whole.start(), whole.end(), PidKind::DateOfBirth));
        }
    }
    for caps in HOSPITAL.captures_iter(bytes) {
        if let Some(number) = caps.name("number") {
            found.push((number.start(), number.end(), PidKind::HospitalNumber));
        }
    }
}

/// `2nd`, `3rd`, `1st` typed in lower case read as ordinals ("Bay B1 2nd bed"), not as
/// the end of a postcode; `B1 2ND` in capitals is still a postcode.
fn is_ordinal(inward: &[u8]) -> bool {
    let suffix = match inward[0] {
        b'1' => b"st",
        b'2' => b"nd",
        b'3' => b"rd",
        _ => b"th",
    };
    inward[1..].eq_ignore_ascii_case(suffix) && inward[1..].iter().any(u8::is_ascii_lowercase)
}

/// What the words just before a date say about it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cue {
    /// "DOB", "born on", "date of birth": it is someone's birth date.
    Birth,
    /// "since", "published", "audit from": it is when something happened to a service.
    Event,
    None,
}

/// Whether a matched date is taken as someone's birth date. A birth cue makes any real
/// date one, even a month and year alone. Without a cue, only a full date (day, month and
/// year) at least ten years old counts: an idea is about today's problems, so such a date
/// is far more likely a birth date than anything the idea needs. Two-digit years with dots
/// (`2.1.13`) read as version numbers unless cued; run-together digits only with a cue.
fn is_birth_date(caps: &Captures<'_>, cue: Cue, this_year: i32) -> bool {
    let num = |name: &str| {
        caps.name(name)
            .and_then(|m| std::str::from_utf8(m.as_bytes()).ok())
            .and_then(|s| s.trim_start_matches('\'').parse::<i32>().ok())
    };
    let month_name = |name: &str| {
        let m = caps.name(name)?.as_bytes().get(..3)?.to_ascii_lowercase();
        let months: [&[u8]; 12] = [
            b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
            b"dec",
        ];
        months.iter().position(|p| *p == m.as_slice()).and_then(|i| i32::try_from(i + 1).ok())
    };
    let year_digits = |name: &str| caps.name(name).map_or(0, |m| m.as_bytes().len());
    let (day, month, year, short_year, uncued_ok) = if let Some(d) = num("d1") {
        let dotted = caps.name("s1").is_some_and(|s| s.as_bytes() == b".");
        let short = year_digits("y1") == 2;
        (Some(d), num("m1"), num("y1"), short, !(dotted && short))
    } else if let Some(y) = num("y2") {
        (num("d2"), num("m2"), Some(y), false, true)
    } else if let Some(d) = num("d3") {
        (Some(d), month_name("m3"), num("y3"), year_digits("y3") < 4, true)
    } else if let Some(d) = num("d4") {
        (Some(d), month_name("m4"), num("y4"), false, true)
    } else if let Some(y) = num("y5") {
        (None, month_name("m5"), Some(y), false, false)
    } else if let Some(y) = num("y6") {
        (None, num("m6"), Some(y), false, false)
    } else {
        (num("d7"), num("m7"), num("y7"), year_digits("y7") == 2, false)
    };
    let (Some(month), Some(year)) = (month, year) else { return false };
    if !(1..=12).contains(&month) || day.is_some_and(|d| !(1..=31).contains(&d)) {
        return false;
    }
    let year = if short_year {
        let century = this_year - this_year % 100;
        if century + year > this_year { century - 100 + year } else { century + year }
    } else {
        year
    };
    // A date cued as a birth is one whatever year it names, so no clock moves it out of
    // reach; an uncued one must be a real past date.
    let plausible = match cue {
        Cue::Birth => year >= 1880,
        Cue::Event | Cue::None => (1880..=this_year + 1).contains(&year),
    };
    if !plausible {
        return false;
    }
    match cue {
        Cue::Birth => true,
        Cue::Event => false,
        Cue::None => uncued_ok && day.is_some() && year <= this_year - 10,
    }
}
