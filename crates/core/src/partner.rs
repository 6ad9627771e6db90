//! Partnerships (DESIGN.md §2, *Partnerships*): the hub's partner organisations, the
//! partnerships it runs with them under the DHSC five principles, their agreements,
//! value-share terms and obligations, and the declarations of interest of the people who
//! decide them. Records merge field by field like a POC's; a partnership's stage moves one
//! gate at a time, as an idea's does. Pure: what a valid value is, and who may write what.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::idea::IdeaField;
use crate::partner_fields::{SEALED, validate_partner_field};
use crate::poc::Choices;
use crate::validate::{Invalid, Problem, optional_text};

/// The kinds of record a partnership is made of.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum PartnerRecord {
    /// An organisation: its record's id is the entity's.
    Partner,
    /// A person at a partner organisation (under the partner's entity).
    Contact,
    /// A partnership: its record's id is the entity's.
    Partnership,
    Agreement,
    /// A value-share term of an agreement.
    Term,
    /// An obligation under an agreement.
    Obligation,
    /// A person's declaration of interest in a partnership: its record id is their actor id.
    Declaration,
    /// A document of an agreement, kept in the hub under its SHA-256 (sealed first when
    /// it is confidential).
    Document,
}

impl PartnerRecord {
    pub fn key(self) -> &'static str {
        match self {
            PartnerRecord::Partner => "partner",
            PartnerRecord::Contact => "contact",
            PartnerRecord::Partnership => "partnership",
            PartnerRecord::Agreement => "agreement",
            PartnerRecord::Term => "term",
            PartnerRecord::Obligation => "obligation",
            PartnerRecord::Declaration => "declaration",
            PartnerRecord::Document => "document",
        }
    }

    /// Whether the record hangs off a partner organisation rather than a partnership.
    pub fn of_partner(self) -> bool {
        matches!(self, PartnerRecord::Partner | PartnerRecord::Contact)
    }

    /// The fields a record of this kind has.
    pub fn fields(self) -> &'static [IdeaField] {
        use IdeaField as F;
        match self {
            PartnerRecord::Partner => &[F::LegalName, F::PartnerKind, F::Address],
            PartnerRecord::Contact => &[F::ContactName, F::ContactRole, F::Email, F::Phone],
            PartnerRecord::Partnership => &[
                F::Partner,
                F::Title,
                F::PartnershipKind,
                F::Owner,
                F::LinkedIdeas,
                F::DataAccess,
                F::CommercialUse,
                F::Principle1,
                F::Principle2,
                F::Principle3,
                F::Principle4,
                F::Principle5,
                F::Exclusive,
                F::BoardApproved,
                F::BoardRef,
                F::LaySummary,
                F::PublicBenefit,
                F::LegalBasis,
                F::DpiaRef,
                F::Confidentiality,
            ],
            PartnerRecord::Agreement => &[
                F::AgreementType,
                F::ModelVersion,
                F::Unmodified,
                F::AgreementStatus,
                F::Effective,
                F::Expires,
                F::NoticeDays,
                F::Signatories,
                F::IpBackground,
                F::ForegroundOwner,
                F::Publication,
            ],
            PartnerRecord::Term => &[
                F::Agreement,
                F::Mechanism,
                F::Amount,
                F::Due,
                F::Responsible,
                F::ObligationStatus,
                F::Confidential,
            ],
            PartnerRecord::Obligation => &[
                F::Agreement,
                F::Title,
                F::Due,
                F::Responsible,
                F::Amount,
                F::ObligationStatus,
                F::Confidential,
            ],
            PartnerRecord::Declaration => &[F::Interest, F::InterestKind],
            PartnerRecord::Document => {
                &[F::Agreement, F::FileName, F::FileHash, F::FileSize, F::Confidential, F::SealedTo]
            }
        }
    }

    /// The field that names a record of this kind in messages.
    pub fn name_field(self) -> IdeaField {
        match self {
            PartnerRecord::Partner => IdeaField::LegalName,
            PartnerRecord::Contact => IdeaField::ContactName,
            PartnerRecord::Partnership | PartnerRecord::Obligation => IdeaField::Title,
            PartnerRecord::Agreement => IdeaField::AgreementType,
            PartnerRecord::Term => IdeaField::Mechanism,
            PartnerRecord::Declaration => IdeaField::Interest,
            PartnerRecord::Document => IdeaField::FileName,
        }
    }
}

/// Sets some fields of one partnership record, creating it if its id is new. The op's
/// entity is the partner (for a partner or contact) or the partnership the record is part
/// of. Each field merges like an idea's: the greatest (HLC, actor) version stands.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerRecordSet {
    pub record: PartnerRecord,
    pub id: Uuid,
    pub set: BTreeMap<IdeaField, String>,
}

/// A decision moving a partnership from one stage to the next (or to declined), with the
/// reason. Append-only, owned by the lead who took it.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnershipMoved {
    pub from: PartnershipStage,
    pub to: PartnershipStage,
    pub rationale: String,
}

/// Where a partnership stands.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipStage {
    Discovery,
    DueDiligence,
    Negotiation,
    Signed,
    Active,
    Closed,
    Declined,
}

impl PartnershipStage {
    pub const ALL: [PartnershipStage; 7] = [
        PartnershipStage::Discovery,
        PartnershipStage::DueDiligence,
        PartnershipStage::Negotiation,
        PartnershipStage::Signed,
        PartnershipStage::Active,
        PartnershipStage::Closed,
        PartnershipStage::Declined,
    ];

    /// As stored and typed: `due-diligence`.
    pub fn key(self) -> &'static str {
        match self {
            PartnershipStage::Discovery => "discovery",
            PartnershipStage::DueDiligence => "due-diligence",
            PartnershipStage::Negotiation => "negotiation",
            PartnershipStage::Signed => "signed",
            PartnershipStage::Active => "active",
            PartnershipStage::Closed => "closed",
            PartnershipStage::Declined => "declined",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PartnershipStage::Discovery => "Discovery",
            PartnershipStage::DueDiligence => "Due diligence",
            PartnershipStage::Negotiation => "Negotiation",
            PartnershipStage::Signed => "Signed",
            PartnershipStage::Active => "Active",
            PartnershipStage::Closed => "Closed",
            PartnershipStage::Declined => "Declined",
        }
    }

    pub fn parse(raw: &str) -> Result<PartnershipStage, Invalid> {
        let raw = raw.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        PartnershipStage::ALL.into_iter().find(|s| s.key() == raw).ok_or(Invalid::new(
            IdeaField::PartnershipStage,
            Problem::NotOneOf {
                allowed: "discovery, due-diligence, negotiation, signed, active, closed or declined",
            },
        ))
    }

    /// The stage after this one, if it has one.
    pub fn next(self) -> Option<PartnershipStage> {
        match self {
            PartnershipStage::Discovery => Some(PartnershipStage::DueDiligence),
            PartnershipStage::DueDiligence => Some(PartnershipStage::Negotiation),
            PartnershipStage::Negotiation => Some(PartnershipStage::Signed),
            PartnershipStage::Signed => Some(PartnershipStage::Active),
            PartnershipStage::Active => Some(PartnershipStage::Closed),
            PartnershipStage::Closed | PartnershipStage::Declined => None,
        }
    }

    /// One step at a time; declined from any stage that is not over.
    pub fn may_move(self, to: PartnershipStage) -> bool {
        self.next() == Some(to)
            || (to == PartnershipStage::Declined
                && !matches!(self, PartnershipStage::Closed | PartnershipStage::Declined))
    }
}

/// The DHSC's five guiding principles for data-driven innovation (2019), as the board
/// reads them; each partnership records its evidence for every one.
pub const PRINCIPLES: [(IdeaField, &str); 5] = [
    (IdeaField::Principle1, "Explicit aim, with quantifiable benefits for patients and the NHS"),
    (IdeaField::Principle2, "Fair terms, approved by the board or its delegate"),
    (IdeaField::Principle3, "No exclusive access to NHS raw data"),
    (IdeaField::Principle4, "Transparency: a lay summary and a public benefit statement"),
    (IdeaField::Principle5, "Within the law: lawful basis, DPIA and the duty of confidentiality"),
];

pub const PARTNER_KINDS: Choices = &[
    ("industry", "Industry"),
    ("sme", "SME"),
    ("academic", "Academic"),
    ("nhs", "NHS"),
    ("charity", "Charity"),
];
pub const PARTNERSHIP_KINDS: Choices = &[
    ("data", "Data"),
    ("research", "Research collaboration"),
    ("commercial", "Commercial"),
    ("licence", "Licence"),
    ("other", "Other"),
];
pub(crate) const DATA_ACCESS: Choices = &[
    ("nhs-only", "NHS-only analysis"),
    ("sde", "Secure data environment"),
    ("pseudonymised", "Pseudonymised extract"),
    ("none", "No data access"),
];
pub(crate) const COMMERCIAL_USE: Choices =
    &[("commercial", "Commercial"), ("non-commercial", "Non-commercial")];
pub(crate) const YES_NO: Choices = &[("yes", "Yes"), ("no", "No")];
pub(crate) const CONFIDENTIALITY: Choices =
    &[("consent", "Consent"), ("s251", "Section 251 support"), ("not-needed", "Not needed")];
pub const AGREEMENT_TYPES: Choices = &[
    ("cda", "Confidentiality (CDA/NDA)"),
    ("dsa", "Data sharing"),
    ("dpa", "Data processing"),
    ("micra", "Model industry collaborative research (mICRA)"),
    ("mcta", "Model clinical trial (mCTA)"),
    ("mcia", "Model clinical investigation (mCIA)"),
    ("mnca", "Model non-commercial (mNCA)"),
    ("collaboration", "Collaboration"),
    ("licence", "Licence"),
    ("mou", "Memorandum of understanding"),
    ("mta", "Material transfer"),
];
pub const AGREEMENT_STATUSES: Choices = &[
    ("draft", "Draft"),
    ("negotiation", "In negotiation"),
    ("active", "Active"),
    ("expired", "Expired"),
    ("terminated", "Terminated"),
];
pub const MECHANISMS: Choices = &[
    ("access-fee", "Access fee"),
    ("upfront", "Upfront payment"),
    ("subscription", "Subscription"),
    ("milestone", "Milestone payment"),
    ("royalty", "Royalty"),
    ("consent-to-commercialise", "Consent to commercialise"),
];
pub(crate) const RESPONSIBLE: Choices =
    &[("nhs", "NHS"), ("partner", "Partner"), ("joint", "Joint")];
pub const OBLIGATION_STATUSES: Choices = &[
    ("pending", "Pending"),
    ("upcoming", "Upcoming"),
    ("overdue", "Overdue"),
    ("done", "Done"),
    ("in-dispute", "In dispute"),
];
pub const INTEREST_KINDS: Choices = &[
    ("none", "No interest"),
    ("financial", "Financial"),
    ("professional", "Professional"),
    ("personal", "Personal"),
    ("indirect", "Indirect"),
];

/// Every partnership field with a fixed set of answers, and those answers, for the
/// window's selects.
pub fn partner_choices() -> Vec<crate::poc::PocChoices> {
    [
        (IdeaField::PartnerKind, PARTNER_KINDS),
        (IdeaField::PartnershipKind, PARTNERSHIP_KINDS),
        (IdeaField::DataAccess, DATA_ACCESS),
        (IdeaField::CommercialUse, COMMERCIAL_USE),
        (IdeaField::Exclusive, YES_NO),
        (IdeaField::Confidentiality, CONFIDENTIALITY),
        (IdeaField::AgreementType, AGREEMENT_TYPES),
        (IdeaField::AgreementStatus, AGREEMENT_STATUSES),
        (IdeaField::Mechanism, MECHANISMS),
        (IdeaField::Responsible, RESPONSIBLE),
        (IdeaField::ObligationStatus, OBLIGATION_STATUSES),
        (IdeaField::InterestKind, INTEREST_KINDS),
    ]
    .into_iter()
    .map(|(field, choices)| crate::poc::PocChoices {
        field,
        choices: choices
            .iter()
            .map(|(key, label)| crate::poc::Choice { key: (*key).into(), label: (*label).into() })
            .collect(),
    })
    .collect()
}

/// Checks a record's fields: each must be one its kind has, with a valid value.
pub fn validate_partner_record(
    record: PartnerRecord,
    id: Uuid,
    set: &BTreeMap<IdeaField, String>,
) -> Result<PartnerRecordSet, Invalid> {
    if set.is_empty() {
        return Err(Invalid::new(record.name_field(), Problem::NothingToChange));
    }
    let mut clean = BTreeMap::new();
    for (field, value) in set {
        if !record.fields().contains(field) {
            return Err(Invalid::new(
                *field,
                Problem::NotOneOf { allowed: "a field of this record" },
            ));
        }
        clean.insert(*field, validate_partner_field(*field, value)?);
    }
    // An amount marked confidential travels sealed, and only such an amount is sealed:
    // every device holds every op, so a plain amount would be readable on all of them.
    if let Some(amount) = clean.get(&IdeaField::Amount).filter(|a| !a.is_empty()) {
        let confidential = clean.get(&IdeaField::Confidential).map(String::as_str) == Some("yes");
        if confidential != amount.starts_with(SEALED) {
            let shape = if confidential {
                "sealed to the hub's leads when it is confidential"
            } else {
                "marked confidential when it is sealed"
            };
            return Err(Invalid::new(IdeaField::Amount, Problem::NotShaped { shape }));
        }
    }
    Ok(PartnerRecordSet { record, id, set: clean })
}

/// A stage move as typed: a rationale of one or more words.
pub fn validate_move(
    from: PartnershipStage,
    to: PartnershipStage,
    rationale: &str,
) -> Result<PartnershipMoved, Invalid> {
    let rationale = optional_text(IdeaField::Rationale, rationale)?;
    if rationale.is_empty() {
        return Err(Invalid::new(IdeaField::Rationale, Problem::Empty));
    }
    if !from.may_move(to) {
        let reason = format!(
            "a partnership moves one stage at a time (from {} the next is {}), or to declined",
            from.key(),
            from.next().map_or("none", PartnershipStage::key)
        );
        return Err(Invalid::new(IdeaField::PartnershipStage, Problem::GateClosed { reason }));
    }
    Ok(PartnershipMoved { from, to, rationale })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner_fields::sealed_to;

    #[test]
    fn stages_move_one_at_a_time_or_to_declined() {
        use PartnershipStage as S;
        assert!(S::Discovery.may_move(S::DueDiligence));
        assert!(!S::Discovery.may_move(S::Signed));
        assert!(S::Negotiation.may_move(S::Declined));
        assert!(!S::Closed.may_move(S::Declined));
        assert!(validate_move(S::Discovery, S::DueDiligence, "  ").is_err());
        let e = validate_move(S::Discovery, S::Active, "why not").unwrap_err();
        assert!(e.message().contains("one stage at a time"), "{}", e.message());
    }

    #[test]
    fn a_record_takes_only_its_own_fields() {
        let set = BTreeMap::from([(IdeaField::Email, "a@b.com".to_owned())]);
        assert!(validate_partner_record(PartnerRecord::Partner, Uuid::nil(), &set).is_err());
        assert!(validate_partner_record(PartnerRecord::Contact, Uuid::nil(), &set).is_ok());
        let amount = BTreeMap::from([(IdeaField::Amount, "12.50".to_owned())]);
        // Amounts arrive as stored pence, never as typed pounds.
        assert!(validate_partner_record(PartnerRecord::Term, Uuid::nil(), &amount).is_err());
        let term = |pairs: &[(IdeaField, &str)]| {
            let set = pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect();
            validate_partner_record(PartnerRecord::Term, Uuid::nil(), &set)
        };
        let sealed = "sealed:1a2b-3c4d-5e6f-7a8b,0000-1111-2222-3333:YWdlLWVuY3J5cHRpb24=";
        assert!(term(&[(IdeaField::Amount, sealed), (IdeaField::Confidential, "yes")]).is_ok());
        // A confidential amount in the clear, or a sealed one not marked confidential.
        assert!(term(&[(IdeaField::Amount, "987654"), (IdeaField::Confidential, "yes")]).is_err());
        assert!(term(&[(IdeaField::Amount, sealed)]).is_err());
        assert!(
            term(&[(IdeaField::Amount, "sealed::YWdl"), (IdeaField::Confidential, "yes")]).is_err()
        );
        assert_eq!(sealed_to(sealed).unwrap(), ["1a2b-3c4d-5e6f-7a8b", "0000-1111-2222-3333"]);
    }
}
