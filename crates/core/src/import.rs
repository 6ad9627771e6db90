//! What an idea brought in from a hub's old spreadsheet carries beyond a typed one: the
//! key that finds it again when the sheet is imported a second time, where the old
//! tracker had it in the pipeline, and who first submitted it there.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::idea::IdeaField;
use crate::pipeline::{Decision, Stage};
use crate::validate::{Invalid, MAX_TITLE_CHARS, Problem, one_line, optional_text};

/// The spreadsheet side of an imported idea, carried by its `IdeaCreated` op.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Imported {
    /// The row's stable source key: a hash, never the cells themselves, so a sheet's ID
    /// column can hold anything without it reaching the hub.
    pub key: String,
    /// Where the old tracker had the idea. Setting it is a gate decision, so only leads
    /// and admins import.
    #[serde(default)]
    pub stage: Stage,
    /// The tracker's latest decision, if it recorded one, with the reason it gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rationale: String,
    /// The day it was first submitted, YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub submitted_on: String,
    /// Who first submitted it, as the sheet names them: shown as "originally submitted
    /// by … (imported)", apart from the importer the op is credited to.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub submitted_by: String,
    /// Supporters the old tracker counted, added to those who support it in Sprout.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub supporters: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The most supporters one imported row may claim: a typo, not a hub, beyond this.
pub const MAX_IMPORTED_SUPPORTERS: u32 = 100_000;

impl Imported {
    /// The decision the stage implies when the sheet names a stage and no decision.
    pub fn implied_decision(stage: Stage) -> Option<Decision> {
        match stage {
            Stage::Submitted => None,
            Stage::Parked => Some(Decision::Hold),
            Stage::Declined => Some(Decision::Stop),
            _ => Some(Decision::Go),
        }
    }
}

/// Checks the imported part of a new idea and returns it normalised.
pub fn validate_imported(raw: &Imported) -> Result<Imported, Invalid> {
    let key_ok = raw.key.len() == 32 && raw.key.bytes().all(|b| b.is_ascii_hexdigit());
    if !key_ok || raw.key.bytes().any(|b| b.is_ascii_uppercase()) {
        // Never echoed: a forged key may be the very cell text hashing keeps out.
        let allowed = "a source key of 32 lower-case hex digits";
        return Err(Invalid::new(IdeaField::Id, Problem::NotOneOf { allowed }));
    }
    let submitted_on = match raw.submitted_on.trim() {
        "" => String::new(),
        t => NaiveDate::parse_from_str(t, "%Y-%m-%d")
            .ok()
            .filter(|_| t.len() == 10)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .ok_or(Invalid::new(IdeaField::Submitted, Problem::NotADate))?,
    };
    let submitted_by = match raw.submitted_by.trim() {
        "" => String::new(),
        t => one_line(IdeaField::SubmittedBy, t, MAX_TITLE_CHARS)?,
    };
    let fits = match (raw.decision, raw.stage) {
        (None, _)
        | (Some(Decision::Hold), Stage::Parked)
        | (Some(Decision::Stop), Stage::Declined)
        | (Some(Decision::Recycle), Stage::Refine) => true,
        (Some(Decision::Go), s) => !matches!(s, Stage::Submitted | Stage::Parked | Stage::Declined),
        _ => false,
    };
    if let (false, Some(decision)) = (fits, raw.decision) {
        let reason =
            format!("a {} decision does not leave an idea in {}", decision.key(), raw.stage);
        return Err(Invalid::new(IdeaField::Decision, Problem::GateClosed { reason }));
    }
    if raw.supporters > MAX_IMPORTED_SUPPORTERS {
        return Err(Invalid::new(IdeaField::Supporters, Problem::NotANumber));
    }
    Ok(Imported {
        key: raw.key.clone(),
        stage: raw.stage,
        decision: raw.decision,
        rationale: optional_text(IdeaField::Rationale, &raw.rationale)?,
        submitted_on,
        submitted_by,
        supporters: raw.supporters,
    })
}

/// A row's stable source key: the first 128 bits of SHA-256 over what identifies it,
/// in lower-case hex. `scope` keeps two sheets' row numbers apart (a Forms export numbers
/// its rows from 1, as does the next form's).
pub fn source_key(scope: &str, identity: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(scope.trim().to_lowercase().as_bytes());
    for part in identity {
        hash.update([0x1f]);
        hash.update(part.trim().to_lowercase().as_bytes());
    }
    hash.finalize()[..16].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_keys_are_stable_and_scoped() {
        let a = source_key("forms", &["17"]);
        assert_eq!(a, source_key(" Forms ", &["17 "]));
        assert_ne!(a, source_key("other form", &["17"]));
        assert_ne!(source_key("s", &["a", "bc"]), source_key("s", &["ab", "c"]));
        assert_eq!(a.len(), 32);
        assert!(validate_imported(&Imported { key: a, ..Default::default() }).is_ok());
    }

    #[test]
    fn imported_parts_are_checked() {
        let key = source_key("s", &["1"]);
        let bad_date =
            Imported { key: key.clone(), submitted_on: "31/02/2024".into(), ..Default::default() };
        assert_eq!(validate_imported(&bad_date).unwrap_err().field, IdeaField::Submitted);
        let not_a_key = Imported { key: "NHS 943 476 5919".into(), ..Default::default() };
        assert_eq!(validate_imported(&not_a_key).unwrap_err().field, IdeaField::Id);
        let tidy = Imported {
            key,
            submitted_by: "  Ward sister  ".into(),
            rationale: " funded \r\n".into(),
            ..Default::default()
        };
        let got = validate_imported(&tidy).expect("valid");
        assert_eq!((got.submitted_by.as_str(), got.rationale.as_str()), ("Ward sister", "funded"));
    }
}
