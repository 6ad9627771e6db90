//! Partners and partnerships as every front door shows them, put together from the
//! records' winning fields and the stage moves.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_core::{
    DueItem, Fields, IdeaField as F, IdeaId, PRINCIPLES, PartnerRecord, PartnershipCriterion,
    PartnershipMove, PartnershipStage, agreement_due, agreement_status, field, obligation_due,
    obligation_status, partnership_criteria, replay_stage,
};
use sprout_store::{PartnerRow, Store};
use uuid::Uuid;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

/// A partner organisation and its contacts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PartnerView {
    pub id: String,
    pub legal_name: String,
    /// industry, sme, academic, nhs or charity.
    pub kind: String,
    pub address: String,
    pub contacts: Vec<ContactView>,
    /// How many partnerships the hub runs with it.
    pub partnerships: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ContactView {
    pub id: String,
    pub name: String,
    pub role: String,
    pub email: String,
    pub phone: String,
}

/// One row of the partnerships table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PartnershipRow {
    pub id: String,
    pub title: String,
    pub partner: String,
    pub partner_name: String,
    /// data, research, commercial, licence or other.
    pub kind: String,
    pub stage: PartnershipStage,
    pub owner_name: String,
}

/// The partnerships table: one page of its rows (oldest first), how many match, and how
/// many are at each stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PartnershipList {
    pub rows: Vec<PartnershipRow>,
    /// How many partnerships are at the stage asked for (or at all), over every page.
    pub matching: u32,
    /// The page shown, from 1, and how many there are.
    pub page: u32,
    pub pages: u32,
    pub by_stage: Vec<(PartnershipStage, u32)>,
}

/// Rows on one page of the window's partnerships table.
pub const PARTNERSHIPS_PAGE: usize = 50;

/// One of the five principles and the evidence recorded for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PrincipleView {
    /// 1 to 5.
    pub number: u8,
    pub principle: String,
    pub evidence: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct AgreementView {
    pub id: String,
    /// cda, dsa, dpa, micra, mcta, mcia, mnca, collaboration, licence, mou or mta.
    pub kind: String,
    pub model_version: String,
    pub unmodified: String,
    /// As it stands today: an active agreement past its expiry is expired.
    pub status: String,
    pub effective: String,
    pub expires: String,
    pub notice_days: Option<u32>,
    pub signatories: String,
    pub ip_background: String,
    pub foreground_owner: String,
    pub publication: String,
    pub documents: Vec<DocumentView>,
}

/// A document of an agreement: anyone sees that it exists; a confidential one opens only
/// for those it is sealed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DocumentView {
    pub id: String,
    pub name: String,
    pub size: u32,
    pub confidential: bool,
    /// This PC's person can save it: it is not confidential, or is sealed to them.
    pub opens: bool,
}

/// A value-share term or an obligation under an agreement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ObligationView {
    pub id: String,
    pub agreement: String,
    /// term or obligation.
    pub kind: String,
    /// The term's mechanism, or the obligation's title.
    pub what: String,
    /// The amount, where it has one this PC's person may read. Exact in JavaScript up to
    /// £90 trillion.
    #[specta(type = Option<f64>)]
    pub amount_pence: Option<i64>,
    /// Sealed to the hub's leads, admins and the owner: others see that it exists, its
    /// kind and due date, never its amount.
    pub confidential: bool,
    pub due: String,
    /// nhs, partner or joint.
    pub responsible: String,
    /// As it stands today: pending, upcoming, overdue, done or in dispute.
    pub status: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DeclarationView {
    pub by: String,
    pub by_name: String,
    /// none, financial, professional, personal or indirect.
    pub kind: String,
    pub interest: String,
}

/// An idea a partnership serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct LinkedIdea {
    pub id: String,
    pub title: String,
}

/// The gate to a partnership's next stage: what it needs, met or not yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PartnershipGate {
    pub to: PartnershipStage,
    pub criteria: Vec<PartnershipCriterion>,
}

/// A partnership's page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PartnershipView {
    pub id: String,
    pub title: String,
    pub partner: String,
    pub partner_name: String,
    pub kind: String,
    pub stage: PartnershipStage,
    pub owner: String,
    pub owner_name: String,
    pub data_access: String,
    pub commercial_use: String,
    pub principles: Vec<PrincipleView>,
    /// yes or no (it must be no for a data partnership to be signed).
    pub exclusive: String,
    pub board_approved: String,
    pub board_ref: String,
    pub lay_summary: String,
    pub public_benefit: String,
    pub legal_basis: String,
    pub dpia_ref: String,
    pub confidentiality: String,
    pub ideas: Vec<LinkedIdea>,
    pub agreements: Vec<AgreementView>,
    pub obligations: Vec<ObligationView>,
    pub declarations: Vec<DeclarationView>,
    pub history: Vec<PartnershipMove>,
    /// The next stage's gate, if it has one.
    pub gate: Option<PartnershipGate>,
    /// Whether the owner has declared an interest (they should not own it).
    pub owner_interested: bool,
}

pub(super) fn today(store: &Store) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(i64::try_from(store.now_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
        .date_naive()
}

fn interest_of(row: &PartnerRow) -> String {
    field(&row.fields, F::InterestKind)
}

/// Who has declared a real interest (anything but "none") in a partnership.
pub(super) fn interested(declarations: &[PartnerRow]) -> BTreeSet<String> {
    declarations
        .iter()
        .filter(|d| !matches!(interest_of(d).as_str(), "none" | ""))
        .map(|d| d.id.to_string())
        .collect()
}

impl Sprout {
    pub(super) fn find_partner(&self, store: &Store, id: &str) -> Result<PartnerRow, AppError> {
        let uuid = parse_id(id, "partner")?;
        store
            .partner_records(PartnerRecord::Partner, Some(uuid))?
            .into_iter()
            .next()
            .ok_or_else(|| not_found("partner", id))
    }

    pub(super) fn find_partnership(&self, store: &Store, id: &str) -> Result<PartnerRow, AppError> {
        let uuid = parse_id(id, "partnership")?;
        store
            .partner_records(PartnerRecord::Partnership, Some(uuid))?
            .into_iter()
            .next()
            .ok_or_else(|| not_found("partnership", id))
    }

    /// Every partner organisation, oldest first.
    pub fn partners(&self) -> Result<Vec<PartnerView>, AppError> {
        let store = self.store()?;
        let partnerships = store.partner_records(PartnerRecord::Partnership, None)?;
        let contacts = store.partner_records(PartnerRecord::Contact, None)?;
        Ok(store
            .partner_records(PartnerRecord::Partner, None)?
            .into_iter()
            .map(|p| {
                let of = p.id.to_string();
                PartnerView {
                    id: of.clone(),
                    legal_name: field(&p.fields, F::LegalName),
                    kind: field(&p.fields, F::PartnerKind),
                    address: field(&p.fields, F::Address),
                    contacts: contacts
                        .iter()
                        .filter(|c| c.entity == p.id)
                        .map(|c| ContactView {
                            id: c.id.to_string(),
                            name: field(&c.fields, F::ContactName),
                            role: field(&c.fields, F::ContactRole),
                            email: field(&c.fields, F::Email),
                            phone: field(&c.fields, F::Phone),
                        })
                        .collect(),
                    partnerships: u32::try_from(
                        partnerships.iter().filter(|s| field(&s.fields, F::Partner) == of).count(),
                    )
                    .unwrap_or(u32::MAX),
                }
            })
            .collect())
    }

    /// The partnerships, optionally at one stage, with the count at every stage.
    /// Every partnership (at one stage, if given), on one page.
    pub fn partnerships(
        &self,
        stage: Option<PartnershipStage>,
    ) -> Result<PartnershipList, AppError> {
        self.partnerships_page(stage, None)
    }

    /// One page (from 1) of the partnerships (at one stage, if given), as the window shows
    /// them: only that page's rows name their partner and owner. `None` is every row.
    pub fn partnerships_page(
        &self,
        stage: Option<PartnershipStage>,
        page: Option<u32>,
    ) -> Result<PartnershipList, AppError> {
        let store = self.store()?;
        let all = store.partner_records(PartnerRecord::Partnership, None)?;
        let mut counts: BTreeMap<PartnershipStage, u32> = BTreeMap::new();
        let mut shown = Vec::new();
        for p in all {
            let at = stage_of(&store, &p)?;
            *counts.entry(at).or_default() += 1;
            if stage.is_none_or(|s| s == at) {
                shown.push((p, at));
            }
        }
        let matching = u32::try_from(shown.len()).unwrap_or(u32::MAX);
        let (page, pages) = match page {
            None => (1, 1),
            Some(asked) => {
                let pages = shown.len().div_ceil(PARTNERSHIPS_PAGE).max(1);
                let page = usize::try_from(asked).unwrap_or(1).clamp(1, pages);
                shown = shown
                    .into_iter()
                    .skip((page - 1) * PARTNERSHIPS_PAGE)
                    .take(PARTNERSHIPS_PAGE)
                    .collect();
                (u32::try_from(page).unwrap_or(1), u32::try_from(pages).unwrap_or(1))
            }
        };
        let rows = rows(&store, shown)?;
        Ok(PartnershipList { rows, matching, page, pages, by_stage: counts.into_iter().collect() })
    }

    /// The partnerships that serve an idea, for its page: only those are staged and named,
    /// so an idea's page costs one read of the partnerships however many there are.
    pub fn partnerships_serving(&self, idea: IdeaId) -> Result<Vec<PartnershipRow>, AppError> {
        let wanted = idea.to_string();
        let store = self.store()?;
        let mut serving = Vec::new();
        for p in store.partner_records(PartnerRecord::Partnership, None)? {
            if field(&p.fields, F::LinkedIdeas).split(',').any(|i| i == wanted) {
                let at = stage_of(&store, &p)?;
                serving.push((p, at));
            }
        }
        rows(&store, serving)
    }

    /// A partnership's page.
    pub fn partnership(&self, id: &str) -> Result<PartnershipView, AppError> {
        let store = self.store()?;
        self.partnership_in(&store, id)
    }

    pub(super) fn partnership_in(
        &self,
        store: &Store,
        id: &str,
    ) -> Result<PartnershipView, AppError> {
        let p = self.find_partnership(store, id)?;
        let today = today(store);
        let under = |kind| store.partner_records(kind, Some(p.id));
        let declarations = under(PartnerRecord::Declaration)?;
        let agreements = under(PartnerRecord::Agreement)?;
        let documents = under(PartnerRecord::Document)?;
        let mut history = store.partnership_moves(p.id)?;
        let stage = replay_stage(&mut history, &interested(&declarations));
        let f = |x| field(&p.fields, x);
        let partner = f(F::Partner);
        let partner_name = self
            .find_partner(store, &partner)
            .map(|r| field(&r.fields, F::LegalName))
            .unwrap_or_default();
        let owner = f(F::Owner);
        let mut ideas = Vec::new();
        for idea in f(F::LinkedIdeas).split(',').filter(|s| !s.is_empty()) {
            if let Ok(found) = idea.parse::<IdeaId>()
                && let Some(i) = store.idea(found)?
            {
                ideas.push(LinkedIdea { id: idea.to_owned(), title: i.title });
            }
        }
        let mut obligations = Vec::new();
        for (kind, record) in
            [("term", PartnerRecord::Term), ("obligation", PartnerRecord::Obligation)]
        {
            for o in under(record)? {
                let g = |x| field(&o.fields, x);
                obligations.push(ObligationView {
                    id: o.id.to_string(),
                    agreement: g(F::Agreement),
                    kind: kind.to_owned(),
                    what: if kind == "term" { g(F::Mechanism) } else { g(F::Title) },
                    amount_pence: self.amount_pence(store, &g(F::Amount)),
                    confidential: g(F::Confidential) == "yes",
                    status: obligation_status(&g(F::ObligationStatus), &g(F::Due), today),
                    due: g(F::Due),
                    responsible: g(F::Responsible),
                });
            }
        }
        obligations.sort_by(|a, b| (a.due.is_empty(), &a.due).cmp(&(b.due.is_empty(), &b.due)));
        let mut declared = Vec::new();
        for d in &declarations {
            declared.push(DeclarationView {
                by: d.id.to_string(),
                by_name: store.name_of(&d.id.to_string())?,
                kind: interest_of(d),
                interest: field(&d.fields, F::Interest),
            });
        }
        let owner_interested = interested(&declarations).contains(&owner);
        let gate = match stage.next() {
            Some(to) => {
                let deciders = self.deciders(store, &owner, &history, &declarations)?;
                let agreement_fields: Vec<Fields> =
                    agreements.iter().map(|a| a.fields.clone()).collect();
                Some(PartnershipGate {
                    to,
                    criteria: partnership_criteria(
                        to,
                        &p.fields,
                        &agreement_fields,
                        &deciders,
                        today,
                    ),
                })
            }
            None => None,
        };
        Ok(PartnershipView {
            id: p.id.to_string(),
            title: f(F::Title),
            partner,
            partner_name,
            kind: f(F::PartnershipKind),
            stage,
            owner_name: if owner.is_empty() { String::new() } else { store.name_of(&owner)? },
            owner,
            data_access: f(F::DataAccess),
            commercial_use: f(F::CommercialUse),
            principles: PRINCIPLES
                .iter()
                .zip(1u8..)
                .map(|((field, principle), number)| PrincipleView {
                    number,
                    principle: (*principle).to_owned(),
                    evidence: f(*field),
                })
                .collect(),
            exclusive: f(F::Exclusive),
            board_approved: f(F::BoardApproved),
            board_ref: f(F::BoardRef),
            lay_summary: f(F::LaySummary),
            public_benefit: f(F::PublicBenefit),
            legal_basis: f(F::LegalBasis),
            dpia_ref: f(F::DpiaRef),
            confidentiality: f(F::Confidentiality),
            ideas,
            agreements: agreements
                .iter()
                .map(|a| {
                    let g = |x| field(&a.fields, x);
                    AgreementView {
                        id: a.id.to_string(),
                        kind: g(F::AgreementType),
                        model_version: g(F::ModelVersion),
                        unmodified: g(F::Unmodified),
                        status: agreement_status(&g(F::AgreementStatus), &g(F::Expires), today),
                        effective: g(F::Effective),
                        expires: g(F::Expires),
                        notice_days: g(F::NoticeDays).parse().ok(),
                        signatories: g(F::Signatories),
                        ip_background: g(F::IpBackground),
                        foreground_owner: g(F::ForegroundOwner),
                        publication: g(F::Publication),
                        documents: documents
                            .iter()
                            .filter(|d| field(&d.fields, F::Agreement) == a.id.to_string())
                            .map(|d| DocumentView {
                                id: d.id.to_string(),
                                name: field(&d.fields, F::FileName),
                                size: field(&d.fields, F::FileSize).parse().unwrap_or(0),
                                confidential: field(&d.fields, F::Confidential) == "yes",
                                opens: field(&d.fields, F::Confidential) != "yes"
                                    || self.may_open(store, &field(&d.fields, F::SealedTo)),
                            })
                            .collect(),
                    }
                })
                .collect(),
            obligations,
            declarations: declared,
            history,
            gate,
            owner_interested,
        })
    }

    /// The people who decide a partnership (its owner, everyone who has moved it, and the
    /// person using Sprout), each with whether they have declared their interests.
    fn deciders(
        &self,
        store: &Store,
        owner: &str,
        history: &[PartnershipMove],
        declarations: &[PartnerRow],
    ) -> Result<BTreeMap<String, (String, bool)>, AppError> {
        let me = store.actor().to_string();
        let mut people: BTreeSet<String> = history.iter().map(|m| m.by.clone()).collect();
        people.insert(me);
        if !owner.is_empty() {
            people.insert(owner.to_owned());
        }
        let declared: BTreeSet<String> = declarations.iter().map(|d| d.id.to_string()).collect();
        let mut out = BTreeMap::new();
        for person in people {
            let name = store.name_of(&person)?;
            let has = declared.contains(&person);
            out.insert(person, (name, has));
        }
        Ok(out)
    }

    /// Agreements nearing expiry and terms and obligations falling due, soonest first.
    /// `within` widens or narrows every window (days); by default an agreement is due
    /// within its notice period (90 days if none) and an obligation within 30 days.
    pub fn partnerships_due(&self, within: Option<u32>) -> Result<Vec<DueItem>, AppError> {
        let store = self.store()?;
        let today = today(&store);
        let within = within.map(i64::from);
        let titles: BTreeMap<Uuid, String> = store
            .partner_records(PartnerRecord::Partnership, None)?
            .into_iter()
            .map(|p| (p.id, field(&p.fields, F::Title)))
            .collect();
        let mut due = Vec::new();
        let item = |kind: &str,
                    row: &PartnerRow,
                    what: String,
                    (date, days): (NaiveDate, i64),
                    status: String| DueItem {
            kind: kind.to_owned(),
            id: row.id.to_string(),
            partnership: row.entity.to_string(),
            partnership_title: titles.get(&row.entity).cloned().unwrap_or_default(),
            what,
            date: date.format("%Y-%m-%d").to_string(),
            days,
            status,
            responsible: field(&row.fields, F::Responsible),
        };
        for a in store.partner_records(PartnerRecord::Agreement, None)? {
            if let Some(when) = agreement_due(&a.fields, today, within) {
                let g = |x| field(&a.fields, x);
                let status = agreement_status(&g(F::AgreementStatus), &g(F::Expires), today);
                due.push(item("agreement", &a, g(F::AgreementType), when, status));
            }
        }
        for (kind, record) in
            [("term", PartnerRecord::Term), ("obligation", PartnerRecord::Obligation)]
        {
            for o in store.partner_records(record, None)? {
                if let Some(when) = obligation_due(&o.fields, today, within) {
                    let g = |x| field(&o.fields, x);
                    let what = if kind == "term" { g(F::Mechanism) } else { g(F::Title) };
                    let status = obligation_status(&g(F::ObligationStatus), &g(F::Due), today);
                    due.push(item(kind, &o, what, when, status));
                }
            }
        }
        due.sort_by(|a, b| (a.days, &a.id).cmp(&(b.days, &b.id)));
        Ok(due)
    }
}

/// The partnerships table's rows for `partnerships`, each with its stage.
fn rows(
    store: &Store,
    partnerships: Vec<(PartnerRow, PartnershipStage)>,
) -> Result<Vec<PartnershipRow>, AppError> {
    if partnerships.is_empty() {
        return Ok(Vec::new());
    }
    let names: BTreeMap<String, String> = store
        .partner_records(PartnerRecord::Partner, None)?
        .into_iter()
        .map(|p| (p.id.to_string(), field(&p.fields, F::LegalName)))
        .collect();
    let mut rows = Vec::new();
    for (p, stage) in partnerships {
        let partner = field(&p.fields, F::Partner);
        let owner = field(&p.fields, F::Owner);
        rows.push(PartnershipRow {
            id: p.id.to_string(),
            title: field(&p.fields, F::Title),
            partner_name: names.get(&partner).cloned().unwrap_or_default(),
            partner,
            kind: field(&p.fields, F::PartnershipKind),
            stage,
            owner_name: if owner.is_empty() { owner } else { store.name_of(&owner)? },
        });
    }
    Ok(rows)
}

/// A partnership's stage, every device alike.
pub(super) fn stage_of(store: &Store, p: &PartnerRow) -> Result<PartnershipStage, AppError> {
    let declarations = store.partner_records(PartnerRecord::Declaration, Some(p.id))?;
    let mut moves = store.partnership_moves(p.id)?;
    Ok(replay_stage(&mut moves, &interested(&declarations)))
}

pub(super) fn parse_id(id: &str, what: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(id.trim()).map_err(|_| {
        AppError::new(
            ErrorCode::NotAnId,
            format!("{:?} is not a {what} id (see `sprout {what} list`)", id.trim()),
        )
    })
}

fn not_found(what: &str, id: &str) -> AppError {
    AppError::new(ErrorCode::NotFound, format!("no {what} has the id {}", id.trim()))
}
