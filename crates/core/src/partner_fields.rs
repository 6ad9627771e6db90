//! A partnership record's fields, each checked as a local write is: one line or prose,
//! dates, choices, pence or a sealed amount, ids, and typed contact details (an e-mail
//! address and a phone number must have their shape; DESIGN.md §5).

use uuid::Uuid;

use crate::idea::IdeaField;
use crate::partner::{
    AGREEMENT_STATUSES, AGREEMENT_TYPES, COMMERCIAL_USE, CONFIDENTIALITY, DATA_ACCESS,
    INTEREST_KINDS, MECHANISMS, OBLIGATION_STATUSES, PARTNER_KINDS, PARTNERSHIP_KINDS, RESPONSIBLE,
    YES_NO,
};
use crate::poc::{actor_id, one_of, short_line, stored_pence, validate_date};
use crate::validate::{Invalid, Problem, optional_text};

/// The most days' notice an agreement may carry: ten years.
const MAX_NOTICE_DAYS: u32 = 3_650;
/// The most ideas one partnership links to.
const MAX_LINKED_IDEAS: usize = 200;

/// Whether a partnership field holds words a person wrote, which the patient-data guard
/// reads. Contacts' e-mail addresses and phone numbers are typed: they must have the
/// shape of one, which no NHS number, CHI number or date of birth has (DESIGN.md §5).
pub fn is_partner_prose(field: IdeaField) -> bool {
    matches!(
        field,
        IdeaField::LegalName
            | IdeaField::Address
            | IdeaField::ContactName
            | IdeaField::ContactRole
            | IdeaField::Title
            | IdeaField::Principle1
            | IdeaField::Principle2
            | IdeaField::Principle3
            | IdeaField::Principle4
            | IdeaField::Principle5
            | IdeaField::BoardRef
            | IdeaField::LaySummary
            | IdeaField::PublicBenefit
            | IdeaField::LegalBasis
            | IdeaField::DpiaRef
            | IdeaField::ModelVersion
            | IdeaField::Signatories
            | IdeaField::IpBackground
            | IdeaField::Interest
            | IdeaField::FileName
    )
}

/// Checks one partnership field's value and returns it as stored. An empty value clears
/// an optional field.
pub fn validate_partner_field(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    use IdeaField as F;
    let dated = |raw: &str| {
        if raw.trim().is_empty() { Ok(String::new()) } else { validate_date(field, raw) }
    };
    match field {
        F::LegalName
        | F::Address
        | F::ContactName
        | F::ContactRole
        | F::Title
        | F::BoardRef
        | F::LegalBasis
        | F::DpiaRef
        | F::ModelVersion
        | F::Signatories => short_line(field, raw),
        F::Principle1
        | F::Principle2
        | F::Principle3
        | F::Principle4
        | F::Principle5
        | F::LaySummary
        | F::PublicBenefit
        | F::IpBackground
        | F::Interest => optional_text(field, raw),
        F::Email => email(raw),
        F::Phone => phone(raw),
        F::Partner | F::Agreement => an_id(field, raw),
        F::Owner => actor_id(field, raw),
        F::LinkedIdeas => linked_ideas(raw),
        F::PartnerKind => {
            one_of(field, raw, "industry, sme, academic, nhs or charity", PARTNER_KINDS)
        }
        F::PartnershipKind => {
            one_of(field, raw, "data, research, commercial, licence or other", PARTNERSHIP_KINDS)
        }
        F::DataAccess => one_of(field, raw, "nhs-only, sde, pseudonymised or none", DATA_ACCESS),
        F::CommercialUse => one_of(field, raw, "commercial or non-commercial", COMMERCIAL_USE),
        F::Exclusive | F::Unmodified | F::Publication | F::Confidential => {
            one_of(field, raw, "yes or no", YES_NO)
        }
        F::Confidentiality => one_of(field, raw, "consent, s251 or not-needed", CONFIDENTIALITY),
        F::AgreementType => one_of(
            field,
            raw,
            "cda, dsa, dpa, micra, mcta, mcia, mnca, collaboration, licence, mou or mta",
            AGREEMENT_TYPES,
        ),
        F::AgreementStatus => one_of(
            field,
            raw,
            "draft, negotiation, active, expired or terminated",
            AGREEMENT_STATUSES,
        ),
        F::ForegroundOwner | F::Responsible => {
            one_of(field, raw, "nhs, partner or joint", RESPONSIBLE)
        }
        F::Mechanism => one_of(
            field,
            raw,
            "access-fee, upfront, subscription, milestone, royalty or consent-to-commercialise",
            MECHANISMS,
        ),
        F::ObligationStatus => one_of(
            field,
            raw,
            "pending, upcoming, overdue, done or in-dispute",
            OBLIGATION_STATUSES,
        ),
        F::InterestKind => one_of(
            field,
            raw,
            "none, financial, professional, personal or indirect",
            INTEREST_KINDS,
        ),
        F::BoardApproved | F::Effective | F::Expires | F::Due => dated(raw),
        F::NoticeDays => match raw.trim() {
            "" => Ok(String::new()),
            t => match t.parse::<u32>() {
                Ok(n) if n <= MAX_NOTICE_DAYS => Ok(n.to_string()),
                _ => Err(Invalid::new(
                    field,
                    Problem::NotOneOf { allowed: "a whole number of days, up to 3650" },
                )),
            },
        },
        F::Amount => {
            if raw.is_empty() {
                Ok(String::new())
            } else if raw.starts_with(SEALED) {
                sealed(raw)
            } else {
                stored_pence(field, raw)
            }
        }
        F::FileName | F::FileHash | F::FileSize => crate::poc::validate_poc_field(field, raw),
        F::SealedTo => {
            let to: Vec<&str> = raw.split(',').filter(|f| !f.is_empty()).collect();
            if to.len() > MAX_SEALED_TO || !to.iter().all(|f| is_fingerprint(f)) {
                let shape = "the fingerprints of the keys it is sealed to, comma-separated";
                return Err(Invalid::new(field, Problem::NotShaped { shape }));
            }
            Ok(to.join(","))
        }
        _ => Err(Invalid::new(field, Problem::NotOneOf { allowed: "a partnership field" })),
    }
}

/// How a sealed value begins: `sealed:<fingerprint>,<fingerprint>…:<base64 age file>`,
/// naming the keys it was sealed to so a lead's PC can tell whom to seal it to again.
pub const SEALED: &str = "sealed:";
/// A sealed amount is small: an age header per recipient and a few bytes.
const MAX_SEALED_CHARS: usize = 64 * 1024;
const MAX_SEALED_TO: usize = 500;

/// The fingerprints a sealed value names, if it is one.
pub fn sealed_to(value: &str) -> Option<Vec<&str>> {
    let rest = value.strip_prefix(SEALED)?;
    let (to, _) = rest.split_once(':')?;
    Some(to.split(',').filter(|f| !f.is_empty()).collect())
}

/// The age file inside a sealed value, base64.
pub fn sealed_body(value: &str) -> Option<&str> {
    value.strip_prefix(SEALED)?.split_once(':').map(|(_, body)| body)
}

/// A key's short fingerprint, as `PublicKey::fingerprint` writes it: `1a2b-3c4d-5e6f-7a8b`.
fn is_fingerprint(f: &str) -> bool {
    f.len() == 19
        && f.split('-').count() == 4
        && f.split('-').all(|g| {
            g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        })
}

fn sealed(raw: &str) -> Result<String, Invalid> {
    let bad =
        |why: &'static str| Invalid::new(IdeaField::Amount, Problem::NotShaped { shape: why });
    let (Some(to), Some(body)) = (sealed_to(raw), sealed_body(raw)) else {
        return Err(bad("a sealed amount: sealed, the keys it is sealed to, and the sealed bytes"));
    };
    if raw.len() > MAX_SEALED_CHARS
        || to.is_empty()
        || to.len() > MAX_SEALED_TO
        || !to.iter().all(|f| is_fingerprint(f))
    {
        return Err(bad("a sealed amount naming between 1 and 500 keys it is sealed to"));
    }
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c)) {
        return Err(bad("a sealed amount whose sealed bytes are base64"));
    }
    Ok(raw.to_owned())
}

fn an_id(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    Uuid::parse_str(t)
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| Invalid::new(field, Problem::NotAnId { given: t.chars().take(60).collect() }))
}

fn linked_ideas(raw: &str) -> Result<String, Invalid> {
    let mut ids = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let id = an_id(IdeaField::LinkedIdeas, part)?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    if ids.len() > MAX_LINKED_IDEAS {
        let allowed = "at most 200 linked ideas";
        return Err(Invalid::new(IdeaField::LinkedIdeas, Problem::NotOneOf { allowed }));
    }
    ids.sort();
    Ok(ids.join(","))
}

/// A business e-mail address: one word with one `@`, a dot in its domain, at most 254
/// characters. Not a full RFC 5322 parser: a form's check, not a mail server's.
fn email(raw: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let bad = || {
        Invalid::new(
            IdeaField::Email,
            Problem::NotShaped { shape: "an e-mail address, such as name@company.com" },
        )
    };
    let (local, domain) = t.split_once('@').ok_or_else(bad)?;
    let fine = |s: &str| {
        !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-'".contains(c))
    };
    if t.len() > 254
        || !fine(local)
        || !fine(domain)
        || domain.contains(['%', '+', '\''])
        || !domain.contains('.')
        || domain.starts_with(['.', '-'])
        || domain.ends_with(['.', '-'])
    {
        return Err(bad());
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// A phone number: a UK number of 11 digits starting 0, or `+` and 8 to 15 digits, with
/// spaces, brackets and dashes as people write them. No NHS or CHI number (10 digits, and
/// neither starts with `+`) has that shape.
fn phone(raw: &str) -> Result<String, Invalid> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    let shaped = t.chars().all(|c| c.is_ascii_digit() || " ()-+".contains(c))
        && t.chars().filter(|c| *c == '+').count() <= 1
        && !t[1..].contains('+');
    let fits = if t.starts_with('+') {
        (8..=15).contains(&digits.len())
    } else {
        digits.len() == 11 && digits.starts_with('0')
    };
    if shaped && fits {
        Ok(t.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Err(Invalid::new(
            IdeaField::Phone,
            Problem::NotShaped {
                shape: "a UK number of 11 digits starting 0 (such as 0113 496 0000), or + and a country code",
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_typed_and_no_nhs_number_passes_for_a_phone() {
        assert_eq!(phone("0113 496 0000").unwrap(), "0113 496 0000");
        assert_eq!(phone("+44 (0)113 496-0000").unwrap(), "+44 (0)113 496-0000");
        for bad in ["943 476 5919", "9434765919", "0101901234", "call me", "0113+4960000"] {
            assert!(phone(bad).is_err(), "{bad}");
        }
        assert_eq!(email("Ana.Lee@Company.CO.UK").unwrap(), "Ana.Lee@company.co.uk");
        for bad in ["ana", "ana@", "@x.com", "ana@localhost", "ana lee@x.com", "a@b@c.com"] {
            assert!(email(bad).is_err(), "{bad}");
        }
    }
}
