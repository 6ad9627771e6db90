//! Partners and partnerships: a lead records the hub's partner organisations, the
//! partnerships it runs with them under the DHSC five principles, their agreements,
//! value-share terms and obligations; everyone who decides one declares their interests.
//! Each write is one op through the admission gate; the gates to *signed* and *active*
//! are checked here, before the move is written, as an idea's are.

mod documents;
mod import;
mod register;
mod seal;
mod view;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_core::{
    IdeaField as F, IdeaId, OpId, OpPayload, PartnerRecord, PartnershipStage, may_run_partnerships,
    validate_move, validate_partner_field, validate_partner_record, validate_pounds,
};
use sprout_store::Store;
use uuid::Uuid;

pub use import::{REGISTER_COLUMNS, RegisterColumn, RegisterImport, RegisterRow, register_columns};
pub use register::RegisterDone;
pub use view::{
    AgreementView, ContactView, DeclarationView, DocumentView, LinkedIdea, ObligationView,
    PartnerView, PartnershipGate, PartnershipList, PartnershipRow, PartnershipView, PrincipleView,
};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use view::parse_id;

/// A contact at a partner organisation, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ContactInput {
    pub name: String,
    pub role: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A partnership's fields as a lead changes them; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct PartnershipPatch {
    pub title: Option<String>,
    /// A hub member's name or actor id.
    pub owner: Option<String>,
    /// nhs-only, sde, pseudonymised or none.
    pub data_access: Option<String>,
    /// commercial or non-commercial.
    pub commercial_use: Option<String>,
    /// yes or no.
    pub exclusive: Option<String>,
    /// YYYY-MM-DD.
    pub board_approved: Option<String>,
    pub board_ref: Option<String>,
    pub lay_summary: Option<String>,
    pub public_benefit: Option<String>,
    pub legal_basis: Option<String>,
    pub dpia_ref: Option<String>,
    /// consent, s251 or not-needed.
    pub confidentiality: Option<String>,
    /// An idea the partnership serves, added to those linked.
    pub link_idea: Option<String>,
}

/// An agreement as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct AgreementInput {
    /// cda, dsa, dpa, micra, mcta, mcia, mnca, collaboration, licence, mou or mta.
    pub kind: String,
    /// draft, negotiation, active, expired or terminated.
    pub status: String,
    pub effective: Option<String>,
    pub expires: Option<String>,
    pub notice_days: Option<String>,
    pub model_version: Option<String>,
    /// yes or no: the model agreement used as published.
    pub unmodified: Option<String>,
    pub signatories: Option<String>,
    pub ip_background: Option<String>,
    /// nhs, partner or joint.
    pub foreground_owner: Option<String>,
    /// yes or no.
    pub publication: Option<String>,
}

/// A value-share term or an obligation as typed: an amount in pounds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct ObligationInput {
    /// A term's mechanism (access-fee, upfront, subscription, milestone, royalty or
    /// consent-to-commercialise), or an obligation's title.
    pub what: String,
    pub amount: Option<String>,
    pub due: Option<String>,
    /// nhs, partner or joint.
    pub responsible: Option<String>,
    /// Seal the amount so only the hub's leads and admins and the partnership's owner can
    /// read it.
    pub confidential: bool,
}

impl Sprout {
    fn may_run_partnerships(&self, store: &Store) -> Result<(), AppError> {
        Ok(may_run_partnerships(&self.roles(store)?, store.actor())?)
    }

    /// A fresh record id that names its writer, as an idea's does.
    fn new_record_id(store: &Store) -> Uuid {
        OpId::minted(store.actor(), store.new_id()).0
    }

    fn set_record(
        &self,
        store: &mut Store,
        entity: Uuid,
        record: PartnerRecord,
        id: Uuid,
        set: BTreeMap<F, String>,
    ) -> Result<(), AppError> {
        let set: BTreeMap<F, String> = set.into_iter().collect();
        let payload = validate_partner_record(record, id, &set)?;
        self.write(store, entity, OpPayload::PartnerRecordSet(payload))?;
        Ok(())
    }

    /// Records a partner organisation; returns its id (leads and admins).
    pub fn add_partner(
        &self,
        name: &str,
        kind: &str,
        address: Option<&str>,
    ) -> Result<String, AppError> {
        let mut store = self.store()?;
        self.may_run_partnerships(&store)?;
        let mut set = BTreeMap::from([
            (F::LegalName, required(F::LegalName, name)?),
            (F::PartnerKind, required(F::PartnerKind, kind)?),
        ]);
        if let Some(address) = address {
            set.insert(F::Address, validate_partner_field(F::Address, address)?);
        }
        let id = Self::new_record_id(&store);
        self.set_record(&mut store, id, PartnerRecord::Partner, id, set)?;
        drop(store);
        self.changed();
        Ok(id.to_string())
    }

    /// Adds a contact at a partner; returns its id (leads and admins).
    pub fn add_contact(&self, partner: &str, contact: &ContactInput) -> Result<String, AppError> {
        let mut store = self.store()?;
        self.may_run_partnerships(&store)?;
        let partner = self.find_partner(&store, partner)?;
        let mut set = BTreeMap::from([(F::ContactName, required(F::ContactName, &contact.name)?)]);
        for (field, value) in [
            (F::ContactRole, &contact.role),
            (F::Email, &contact.email),
            (F::Phone, &contact.phone),
        ] {
            if let Some(value) = value {
                set.insert(field, validate_partner_field(field, value)?);
            }
        }
        let id = Self::new_record_id(&store);
        self.set_record(&mut store, partner.id, PartnerRecord::Contact, id, set)?;
        drop(store);
        self.changed();
        Ok(id.to_string())
    }

    /// Records a partnership with a partner, at discovery; returns its id (leads and
    /// admins). `idea` links it to an idea it serves.
    pub fn add_partnership(
        &self,
        partner: &str,
        title: &str,
        kind: &str,
        idea: Option<&str>,
    ) -> Result<String, AppError> {
        let mut store = self.store()?;
        self.may_run_partnerships(&store)?;
        let partner = self.find_partner(&store, partner)?;
        let mut set = BTreeMap::from([
            (F::Partner, partner.id.to_string()),
            (F::Title, required(F::Title, title)?),
            (F::PartnershipKind, required(F::PartnershipKind, kind)?),
            (F::Owner, store.actor().to_string()),
        ]);
        if let Some(idea) = idea {
            set.insert(F::LinkedIdeas, linked_idea(&store, idea)?);
        }
        let id = Self::new_record_id(&store);
        self.set_record(&mut store, id, PartnerRecord::Partnership, id, set)?;
        drop(store);
        self.changed();
        Ok(id.to_string())
    }

    /// Records the evidence for one of the five principles (1 to 5).
    pub fn set_principle(
        &self,
        id: &str,
        number: u8,
        evidence: &str,
    ) -> Result<PartnershipView, AppError> {
        let Some((field, _)) = sprout_core::PRINCIPLES.get(usize::from(number).wrapping_sub(1))
        else {
            return Err(AppError::new(
                ErrorCode::NotOneOf,
                format!("principle {number} is not one of the five: give 1, 2, 3, 4 or 5"),
            ));
        };
        self.change_partnership(id, BTreeMap::from([(*field, required(*field, evidence)?)]))
    }

    /// Changes a partnership's fields (leads and admins). An owner who has declared an
    /// interest in it is refused.
    pub fn set_partnership(
        &self,
        id: &str,
        patch: &PartnershipPatch,
    ) -> Result<PartnershipView, AppError> {
        let store = self.store()?;
        let mut set = BTreeMap::new();
        for (field, value) in [
            (F::Title, &patch.title),
            (F::DataAccess, &patch.data_access),
            (F::CommercialUse, &patch.commercial_use),
            (F::Exclusive, &patch.exclusive),
            (F::BoardApproved, &patch.board_approved),
            (F::BoardRef, &patch.board_ref),
            (F::LaySummary, &patch.lay_summary),
            (F::PublicBenefit, &patch.public_benefit),
            (F::LegalBasis, &patch.legal_basis),
            (F::DpiaRef, &patch.dpia_ref),
            (F::Confidentiality, &patch.confidentiality),
        ] {
            if let Some(value) = value {
                set.insert(field, validate_partner_field(field, value)?);
            }
        }
        if let Some(owner) = &patch.owner {
            let owner = self.member(&store, owner, F::Owner)?.to_string();
            let p = self.find_partnership(&store, id)?;
            let declarations = store.partner_records(PartnerRecord::Declaration, Some(p.id))?;
            if view::interested(&declarations).contains(&owner) {
                return Err(AppError::new(
                    ErrorCode::GateClosed,
                    "owner cannot be someone who has declared an interest in this partnership",
                )
                .on(F::Owner));
            }
            set.insert(F::Owner, owner);
        }
        if let Some(idea) = &patch.link_idea {
            let p = self.find_partnership(&store, id)?;
            let current = sprout_core::field(&p.fields, F::LinkedIdeas);
            let added = linked_idea(&store, idea)?;
            set.insert(
                F::LinkedIdeas,
                validate_partner_field(F::LinkedIdeas, &format!("{current},{added}"))?,
            );
        }
        drop(store);
        if set.is_empty() {
            return Err(AppError::new(
                ErrorCode::NothingToChange,
                "nothing to change: give a field of the partnership to set",
            ));
        }
        self.change_partnership(id, set)
    }

    fn change_partnership(
        &self,
        id: &str,
        set: BTreeMap<F, String>,
    ) -> Result<PartnershipView, AppError> {
        let mut store = self.store()?;
        self.may_run_partnerships(&store)?;
        let p = self.find_partnership(&store, id)?;
        self.set_record(&mut store, p.id, PartnerRecord::Partnership, p.id, set)?;
        let view = self.partnership_in(&store, id)?;
        drop(store);
        self.changed();
        Ok(view)
    }

    /// Moves a partnership one stage on (or to declined), with the reason, once its gate's
    /// criteria are met. A person who has declared an interest in it may not.
    pub fn move_partnership(
        &self,
        id: &str,
        to: PartnershipStage,
        rationale: &str,
    ) -> Result<PartnershipView, AppError> {
        let mut store = self.store()?;
        self.may_run_partnerships(&store)?;
        let current = self.partnership_in(&store, id)?;
        let me = store.actor().to_string();
        if current
            .declarations
            .iter()
            .any(|d| d.by == me && !matches!(d.kind.as_str(), "none" | ""))
        {
            return Err(AppError::new(
                ErrorCode::GateClosed,
                "you have declared an interest in this partnership: another lead takes its decisions",
            ));
        }
        let moved = validate_move(current.stage, to, rationale)?;
        if let Some(gate) = current.gate.as_ref().filter(|g| g.to == to) {
            let unmet: Vec<&str> =
                gate.criteria.iter().filter(|c| !c.met).map(|c| c.label.as_str()).collect();
            if !unmet.is_empty() {
                return Err(AppError::new(
                    ErrorCode::GateClosed,
                    format!("{} needs: {}", to.label(), unmet.join("; ")),
                ));
            }
        }
        let p = self.find_partnership(&store, id)?;
        self.write(&mut store, p.id, OpPayload::PartnershipMoved(moved))?;
        let view = self.partnership_in(&store, id)?;
        drop(store);
        self.changed();
        Ok(view)
    }

    /// Records the person's declaration of interest in a partnership: `None` declares
    /// none; otherwise the interest and its kind (financial, professional, personal or
    /// indirect). Anyone on the hub may declare their own.
    pub fn declare_interest(
        &self,
        id: &str,
        interest: Option<(&str, &str)>,
    ) -> Result<PartnershipView, AppError> {
        let mut store = self.store()?;
        let p = self.find_partnership(&store, id)?;
        let set = match interest {
            None => {
                BTreeMap::from([(F::InterestKind, "none".to_owned()), (F::Interest, String::new())])
            }
            Some((text, kind)) => {
                let kind = required(F::InterestKind, kind)?;
                if kind == "none" {
                    return Err(AppError::new(
                        ErrorCode::NotOneOf,
                        "kind of interest must be financial, professional, personal or indirect (or declare none)",
                    )
                    .on(F::InterestKind));
                }
                BTreeMap::from([
                    (F::InterestKind, kind),
                    (F::Interest, required(F::Interest, text)?),
                ])
            }
        };
        let me = store.actor().0;
        self.set_record(&mut store, p.id, PartnerRecord::Declaration, me, set)?;
        let view = self.partnership_in(&store, id)?;
        drop(store);
        self.changed();
        Ok(view)
    }

    /// Records an agreement of a partnership; returns its id (leads and admins).
    pub fn add_agreement(
        &self,
        partnership: &str,
        agreement: &AgreementInput,
    ) -> Result<String, AppError> {
        let mut store = self.store()?;
        self.may_run_partnerships(&store)?;
        let p = self.find_partnership(&store, partnership)?;
        let mut set = BTreeMap::from([
            (F::AgreementType, required(F::AgreementType, &agreement.kind)?),
            (F::AgreementStatus, required(F::AgreementStatus, &agreement.status)?),
        ]);
        for (field, value) in [
            (F::Effective, &agreement.effective),
            (F::Expires, &agreement.expires),
            (F::NoticeDays, &agreement.notice_days),
            (F::ModelVersion, &agreement.model_version),
            (F::Unmodified, &agreement.unmodified),
            (F::Signatories, &agreement.signatories),
            (F::IpBackground, &agreement.ip_background),
            (F::ForegroundOwner, &agreement.foreground_owner),
            (F::Publication, &agreement.publication),
        ] {
            if let Some(value) = value {
                set.insert(field, validate_partner_field(field, value)?);
            }
        }
        if let (Some(from), Some(to)) = (set.get(&F::Effective), set.get(&F::Expires))
            && !from.is_empty()
            && !to.is_empty()
            && to < from
        {
            return Err(AppError::new(
                ErrorCode::NotADate,
                "expiry date must not come before the effective date",
            )
            .on(F::Expires));
        }
        let id = Self::new_record_id(&store);
        self.set_record(&mut store, p.id, PartnerRecord::Agreement, id, set)?;
        drop(store);
        self.changed();
        Ok(id.to_string())
    }

    /// Adds a value-share term (`term`) or an obligation to an agreement; returns its id
    /// (leads and admins).
    pub fn add_obligation(
        &self,
        agreement: &str,
        term: bool,
        input: &ObligationInput,
    ) -> Result<String, AppError> {
        let mut store = self.store()?;
        self.may_run_partnerships(&store)?;
        let found = self.find_agreement(&store, agreement)?;
        let (record, what) = if term {
            (PartnerRecord::Term, F::Mechanism)
        } else {
            (PartnerRecord::Obligation, F::Title)
        };
        let mut set = BTreeMap::from([
            (F::Agreement, found.id.to_string()),
            (what, required(what, &input.what)?),
            (F::ObligationStatus, "pending".to_owned()),
        ]);
        if let Some(amount) = &input.amount {
            let pence = validate_pounds(F::Amount, amount)?;
            if input.confidential {
                set.insert(F::Amount, self.seal_amount(&store, found.entity, &pence)?);
            } else {
                set.insert(F::Amount, pence);
            }
        }
        if input.confidential {
            set.insert(F::Confidential, "yes".to_owned());
        }
        for (field, value) in [(F::Due, &input.due), (F::Responsible, &input.responsible)] {
            if let Some(value) = value {
                set.insert(field, validate_partner_field(field, value)?);
            }
        }
        let id = Self::new_record_id(&store);
        self.set_record(&mut store, found.entity, record, id, set)?;
        drop(store);
        self.changed();
        Ok(id.to_string())
    }
}

impl Sprout {
    pub(super) fn find_agreement(
        &self,
        store: &Store,
        agreement: &str,
    ) -> Result<sprout_store::PartnerRow, AppError> {
        let wanted = parse_id(agreement, "agreement")?;
        store
            .partner_records(PartnerRecord::Agreement, None)?
            .into_iter()
            .find(|a| a.id == wanted)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("no agreement has the id {}", agreement.trim()),
                )
            })
    }
}

/// A required partnership field, checked.
fn required(field: F, raw: &str) -> Result<String, AppError> {
    let v = validate_partner_field(field, raw)?;
    if v.is_empty() {
        return Err(AppError::from(sprout_core::Invalid::new(field, sprout_core::Problem::Empty)));
    }
    Ok(v)
}

/// An idea a partnership serves: it must be one this PC holds.
fn linked_idea(store: &Store, raw: &str) -> Result<String, AppError> {
    let id: IdeaId = raw.trim().parse().map_err(|_| {
        AppError::new(ErrorCode::NotAnId, format!("{:?} is not an idea id", raw.trim()))
            .on(F::LinkedIdeas)
    })?;
    if store.idea(id)?.is_none() {
        return Err(AppError::new(ErrorCode::NotFound, format!("no idea has the id {id}"))
            .on(F::LinkedIdeas));
    }
    Ok(id.to_string())
}
