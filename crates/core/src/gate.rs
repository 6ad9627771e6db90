//! The admission gate (DESIGN.md §2): whether an op may enter a device's state. One pure
//! function, [`admit`], decides it for a person's own write and for an op received from
//! the hub alike, so an op one device refuses is refused by every device, for the same
//! reason, whatever order ops arrive in.
//!
//! It checks, cheapest first: the op's identity (its id names its author; an idea is
//! created once, under the id of the op that created it), the payload against every limit
//! a local write has, the patient-data guard over every free-text field, and the author's
//! role. Rules that depend on other ops (which stage a decision moves from, which tag adds
//! an untag removes, whether a reviewer was asked) are not judged here on arrival, where
//! the answer would depend on what happened to arrive first: the projections apply them
//! deterministically over the whole set of ops instead.

use std::collections::BTreeSet;

use chrono::Datelike;
use thiserror::Error;
use uuid::Uuid;

use crate::idea::IdeaField;
use crate::import::validate_imported;
use crate::op::{ActorId, Op, OpId, OpPayload};
use crate::partner::{PartnerRecord, validate_move, validate_partner_record};
use crate::partner_fields::is_partner_prose;
use crate::pid::{PidHit, PidRules, describe, scan};
use crate::poc::{validate_logged, validate_part, validate_poc_field};
use crate::roles::{Denied, Role, permits};
use crate::validate::{
    Invalid, MAX_TITLE_CHARS, one_line, optional_text, required_text, title, validate_decision,
    validate_framework, validate_new_idea, validate_review, validate_tag,
};

/// At most this many entries in an op's lists (versions replaced, adds removed, merges
/// undone, hospital-number patterns), so one op cannot hold a device's memory hostage.
pub const MAX_LIST_ENTRIES: usize = 10_000;
const MAX_PATTERNS: usize = 50;
const MAX_CRITERIA: usize = 30;

/// What the gate may ask of the state an op would apply to. Only questions whose answer
/// is the same on every device that has applied the op's author's earlier ops.
pub trait Facts {
    /// Who created an idea whose id predates minted op ids, if this device has seen its
    /// creation. A clinician's own creation precedes their edits in their own log, so "not
    /// seen" means "not theirs" on every device alike.
    fn legacy_creator(&self, idea: Uuid) -> Option<ActorId>;
}

/// Facts for a device that knows nothing: every idea is someone else's.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoFacts;

impl Facts for NoFacts {
    fn legacy_creator(&self, _idea: Uuid) -> Option<ActorId> {
        None
    }
}

/// Why an op may not enter. Every variant reads as a complete sentence.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Refusal {
    /// A field breaks a limit every local write is held to.
    #[error("{0}")]
    Invalid(Invalid),
    /// A free-text field holds what looks like patient details.
    #[error("{message}")]
    PatientData { field: IdeaField, hits: Vec<PidHit>, message: String },
    /// The author's role does not allow it.
    #[error("{0}")]
    Denied(Denied),
    /// The op is not one any honest Sprout writes (ids that do not match, a hub-wide
    /// setting aimed at an idea, …).
    #[error("{0}")]
    Malformed(String),
}

impl Refusal {
    /// A stable code for the kind of refusal.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Invalid(i) => i.problem.code(),
            Refusal::PatientData { .. } => "patient_data",
            Refusal::Denied(_) => "not_allowed",
            Refusal::Malformed(_) => "malformed",
        }
    }
}

impl From<Invalid> for Refusal {
    fn from(e: Invalid) -> Self {
        Refusal::Invalid(e)
    }
}

impl From<Denied> for Refusal {
    fn from(e: Denied) -> Self {
        Refusal::Denied(e)
    }
}

/// Whether `op`, written by an actor holding `roles`, may enter a device's state.
/// `rules` carries the hub's hospital-number formats; the year dates are judged against
/// is the op's own, so every device judges a date alike whenever it receives the op.
pub fn admit(
    op: &Op,
    roles: &BTreeSet<Role>,
    rules: &PidRules,
    facts: &dyn Facts,
) -> Result<(), Refusal> {
    identity(op)?;
    well_formed(op)?;
    guard(op, rules)?;
    let creator = if OpId(op.entity_id).is_minted_by(op.actor) {
        Some(op.actor)
    } else {
        facts.legacy_creator(op.entity_id)
    };
    permits(roles, op, creator)?;
    Ok(())
}

fn malformed(reason: impl Into<String>) -> Refusal {
    Refusal::Malformed(reason.into())
}

fn identity(op: &Op) -> Result<(), Refusal> {
    if !op.id.is_minted_by(op.actor) {
        return Err(malformed(
            "its id was not made by its author: it may be a copy of another member's op",
        ));
    }
    let hub_wide = op.payload.is_hub_wide();
    match &op.payload {
        _ if hub_wide && !op.entity_id.is_nil() => {
            Err(malformed("a hub-wide setting is aimed at a single idea"))
        }
        _ if hub_wide => Ok(()),
        OpPayload::IdeaCreated(_) if op.entity_id != op.id.0 => Err(malformed(
            "it creates an idea under an id of its own choosing: an idea is created once, \
             under the id of the op that creates it",
        )),
        _ if op.entity_id.is_nil() => Err(malformed("it names no idea or partnership")),
        _ => Ok(()),
    }
}

/// Normalising an honest payload changes nothing, so "normalise and compare" holds a
/// received op to exactly the limits a local write meets, with the same messages.
fn same<T: PartialEq>(given: &T, normalised: &T, field: IdeaField) -> Result<(), Refusal> {
    if given == normalised {
        Ok(())
    } else {
        Err(malformed(format!(
            "its {field} is not written the way Sprout writes it (untrimmed or not normalised)"
        )))
    }
}

fn bounded<T>(list: &[T], what: &str) -> Result<(), Refusal> {
    if list.len() > MAX_LIST_ENTRIES {
        return Err(malformed(format!(
            "it lists {} {what}; the limit is {MAX_LIST_ENTRIES}",
            list.len()
        )));
    }
    Ok(())
}

fn an_id(raw: &str, what: &str) -> Result<Uuid, Refusal> {
    Uuid::parse_str(raw)
        .ok()
        .filter(|u| u.hyphenated().to_string() == raw)
        .ok_or_else(|| malformed(format!("{what} {:?} is not an id", truncated(raw))))
}

fn truncated(raw: &str) -> String {
    raw.chars().take(40).collect()
}

fn name(raw: &str) -> Result<(), Refusal> {
    // Names shown to people come from the roster; this one is only bounded.
    if raw.is_empty() {
        return Ok(());
    }
    same(&raw.to_owned(), &one_line(IdeaField::Comment, raw, MAX_TITLE_CHARS)?, IdeaField::Comment)
}

fn well_formed(op: &Op) -> Result<(), Refusal> {
    match &op.payload {
        OpPayload::IdeaCreated(c) => {
            let typed = crate::NewIdea {
                title: c.title.clone(),
                problem: c.problem.clone(),
                solution: Some(c.solution.clone()),
                affects: c.affects.split(',').filter(|a| !a.is_empty()).map(Into::into).collect(),
                site: Some(c.site.clone()),
                department: Some(c.department.clone()),
                tags: c.tags.clone(),
            };
            name(&c.author)?;
            let mut normalised = validate_new_idea(&typed, &c.author)?;
            normalised.imported = c.imported.as_ref().map(validate_imported).transpose()?;
            same(c, &normalised, IdeaField::Title)
        }
        OpPayload::IdeaEdited(e) => {
            if e.set.is_empty() {
                return Err(malformed("it is an edit that sets nothing"));
            }
            for (field, value) in &e.set {
                let normalised = match field {
                    IdeaField::Title => title(value)?,
                    IdeaField::Problem => required_text(*field, value)?,
                    IdeaField::Solution => optional_text(*field, value)?,
                    f if f.is_poc_plan() => validate_poc_field(*f, value)?,
                    f if f.is_editable() => validate_framework(*f, value)?,
                    f => return Err(malformed(format!("it sets the read-only field {f}"))),
                };
                same(value, &normalised, *field)?;
            }
            for (field, versions) in &e.supersedes {
                if !e.set.contains_key(field) {
                    return Err(malformed(format!(
                        "it replaces versions of {field} it does not set"
                    )));
                }
                bounded(versions, "replaced versions")?;
            }
            Ok(())
        }
        OpPayload::IdeaTagged(t) => same(&t.tag, &validate_tag(&t.tag)?, IdeaField::Tag),
        OpPayload::IdeaUntagged(u) => {
            same(&u.tag, &validate_tag(&u.tag)?, IdeaField::Tag)?;
            bounded(&u.removes, "tag adds")?;
            for add in &u.removes {
                // An add given at submission is named `creating op/tag`: of this tag only.
                let (id, tag) =
                    add.split_once('/').map_or((add.as_str(), None), |(i, t)| (i, Some(t)));
                an_id(id, "a removed tag add")?;
                if tag.is_some_and(|t| t != u.tag) {
                    return Err(malformed("it removes adds of another tag"));
                }
            }
            Ok(())
        }
        OpPayload::IdeaDeleted(d) => {
            same(&d.reason, &optional_text(IdeaField::Rationale, &d.reason)?, IdeaField::Rationale)
        }
        OpPayload::CommentAdded(c) => {
            name(&c.author)?;
            same(&c.text, &required_text(IdeaField::Comment, &c.text)?, IdeaField::Comment)
        }
        OpPayload::ReviewSubmitted(r) => {
            same(r, &validate_review(&r.scores, &r.note)?, IdeaField::Review)
        }
        OpPayload::GateDecided(g) => {
            same(g, &validate_decision(g.from, g.decision, &g.rationale)?, IdeaField::Rationale)
        }
        OpPayload::RubricPublished(rubric) => {
            rubric.check().map_err(|e| malformed(format!("its rubric is not valid: {e}")))?;
            if rubric.criteria.len() > MAX_CRITERIA {
                return Err(malformed(format!(
                    "its rubric has {} criteria; the limit is {MAX_CRITERIA}",
                    rubric.criteria.len()
                )));
            }
            for c in &rubric.criteria {
                for text in std::iter::once(&c.name).chain(&c.anchors) {
                    same(
                        text,
                        &one_line(IdeaField::Review, text, MAX_TITLE_CHARS)?,
                        IdeaField::Review,
                    )?;
                }
                if c.key.len() > crate::validate::MAX_CRITERION_CHARS {
                    return Err(malformed("a criterion key is too long"));
                }
            }
            Ok(())
        }
        OpPayload::ReviewerAssigned(a) => an_id(&a.reviewer, "the reviewer").map(|_| ()),
        OpPayload::PocPartSet(p) => {
            if p.record.is_nil() {
                return Err(malformed("it names no POC record"));
            }
            same(
                p,
                &validate_part(op.entity_id, p.part, p.record, &p.set)?,
                crate::poc::part_name(p.part),
            )
        }
        OpPayload::PocLogged(l) => same(l, &validate_logged(l)?, IdeaField::StatusNote),
        OpPayload::ConsensusRecorded(c) => {
            same(&c.note, &required_text(IdeaField::Comment, &c.note)?, IdeaField::Comment)
        }
        OpPayload::IdeaMerged(m) => {
            if an_id(&m.into, "the idea merged into")? == op.entity_id {
                return Err(malformed("it merges an idea into itself"));
            }
            Ok(())
        }
        OpPayload::MergeUndone(u) => {
            bounded(&u.merges, "merges")?;
            u.merges.iter().try_for_each(|m| an_id(m, "an undone merge").map(|_| ()))
        }
        OpPayload::PartnerRecordSet(r) => {
            // Partners and partnerships are named by the op that first wrote them, so who
            // made one is known everywhere; a declaration is its declarer's own.
            let own_id = match r.record {
                PartnerRecord::Partner | PartnerRecord::Partnership => r.id == op.entity_id,
                PartnerRecord::Declaration => r.id == op.actor.0,
                _ => !r.id.is_nil(),
            };
            if !own_id {
                return Err(malformed(format!(
                    "its {} record is under another's id",
                    r.record.key()
                )));
            }
            same(r, &validate_partner_record(r.record, r.id, &r.set)?, r.record.name_field())
        }
        OpPayload::PartnershipMoved(m) => {
            same(m, &validate_move(m.from, m.to, &m.rationale)?, IdeaField::Rationale)
        }
        OpPayload::BenefitSet(b) => {
            same(b, &crate::benefit::validate_benefit(b.benefit, &b.set)?, IdeaField::Title)
        }
        OpPayload::BenefitMoved(m) => {
            if m.benefit.is_nil() {
                return Err(malformed("it names no benefit"));
            }
            same(m, &crate::benefit::validate_benefit_move(m)?, IdeaField::BenefitState)
        }
        OpPayload::BenefitLogged(l) => {
            if l.benefit.is_nil() {
                return Err(malformed("it names no benefit"));
            }
            same(l, &crate::benefit::validate_benefit_entry(l)?, IdeaField::Site)
        }
        OpPayload::HubTargetsSet(t) => {
            if (1..=crate::op::MAX_WAITING_DAYS).contains(&t.waiting_days) {
                Ok(())
            } else {
                Err(malformed("its waiting target is not from 1 to 365 days"))
            }
        }
        OpPayload::HospitalNumbersSet(set) => {
            if set.patterns.len() > MAX_PATTERNS {
                return Err(malformed(format!(
                    "it sets {} hospital-number formats; the limit is {MAX_PATTERNS}",
                    set.patterns.len()
                )));
            }
            for p in &set.patterns {
                same(p, &one_line(IdeaField::Comment, p, MAX_TITLE_CHARS)?, IdeaField::Comment)?;
            }
            PidRules::new(2000, &set.patterns).map(|_| ()).map_err(malformed)
        }
    }
}

impl OpPayload {
    /// Every free-text field of the payload, with the field a form shows it in. The
    /// match is exhaustive, so a new kind of op cannot compile without naming its text,
    /// and the patient-data guard cannot miss it.
    pub fn free_text(&self) -> Vec<(IdeaField, &str)> {
        match self {
            OpPayload::IdeaCreated(c) => {
                let mut texts = vec![
                    (IdeaField::Title, c.title.as_str()),
                    (IdeaField::Problem, &c.problem),
                    (IdeaField::Solution, &c.solution),
                    (IdeaField::Site, &c.site),
                    (IdeaField::Department, &c.department),
                    (IdeaField::Comment, &c.author),
                ];
                texts.extend(c.tags.iter().map(|t| (IdeaField::Tag, t.as_str())));
                if let Some(i) = &c.imported {
                    texts.push((IdeaField::SubmittedBy, &i.submitted_by));
                    texts.push((IdeaField::Rationale, &i.rationale));
                }
                texts
            }
            // A person named by actor id is an id, not prose: its digits are no NHS number.
            OpPayload::IdeaEdited(e) => e
                .set
                .iter()
                .filter(|(f, _)| !f.is_poc_plan() || crate::poc::is_prose(**f))
                .map(|(f, v)| (*f, v.as_str()))
                .collect(),
            OpPayload::IdeaTagged(t) => vec![(IdeaField::Tag, &t.tag)],
            OpPayload::IdeaUntagged(u) => vec![(IdeaField::Tag, &u.tag)],
            OpPayload::IdeaDeleted(d) => vec![(IdeaField::Rationale, &d.reason)],
            OpPayload::CommentAdded(c) => {
                vec![(IdeaField::Comment, c.text.as_str()), (IdeaField::Comment, &c.author)]
            }
            OpPayload::ReviewSubmitted(r) => {
                let mut texts = vec![(IdeaField::Review, r.note.as_str())];
                texts.extend(r.scores.keys().map(|k| (IdeaField::Review, k.as_str())));
                texts
            }
            OpPayload::GateDecided(g) => vec![(IdeaField::Rationale, &g.rationale)],
            OpPayload::RubricPublished(r) => r
                .criteria
                .iter()
                .flat_map(|c| std::iter::once(&c.name).chain(&c.anchors))
                .map(|t| (IdeaField::Review, t.as_str()))
                .collect(),
            OpPayload::ConsensusRecorded(c) => vec![(IdeaField::Comment, &c.note)],
            OpPayload::PocPartSet(p) => p
                .set
                .iter()
                .filter(|(f, _)| crate::poc::is_prose(**f))
                .map(|(f, v)| (*f, v.as_str()))
                .collect(),
            OpPayload::PocLogged(l) => vec![(IdeaField::StatusNote, l.note.as_str())],
            OpPayload::PartnerRecordSet(r) => r
                .set
                .iter()
                .filter(|(f, _)| is_partner_prose(**f))
                .map(|(f, v)| (*f, v.as_str()))
                .collect(),
            OpPayload::PartnershipMoved(m) => vec![(IdeaField::Rationale, &m.rationale)],
            OpPayload::BenefitSet(b) => b
                .set
                .iter()
                .filter(|(f, v)| crate::benefit::is_benefit_prose(**f, v))
                .map(|(f, v)| (*f, v.as_str()))
                .collect(),
            OpPayload::BenefitMoved(m) => {
                vec![(IdeaField::Rationale, m.rationale.as_str()), (IdeaField::Finance, &m.finance)]
            }
            OpPayload::BenefitLogged(l) => {
                vec![(IdeaField::Site, l.site.as_str()), (IdeaField::StatusNote, &l.note)]
            }
            // Ids and regular expressions: nothing a person reads as prose.
            OpPayload::ReviewerAssigned(_)
            | OpPayload::IdeaMerged(_)
            | OpPayload::MergeUndone(_)
            | OpPayload::HospitalNumbersSet(_)
            | OpPayload::HubTargetsSet(_) => Vec::new(),
        }
    }
}

/// The earliest year the guard judges a received op's dates against. An op's own
/// timestamp is its author's to choose: stamped 2010, "14/02/2015" would look like a date
/// not yet ten years old. Judged against the later of the op's year and this one, every
/// device reaches the same verdict (the year comes from the op and the code, not from
/// each device's clock) and no author can move a date out of the guard's reach by
/// back-dating; stamping forward is bounded by the hub's far-future check.
pub const GUARD_YEAR_FLOOR: i32 = 2026;

fn guard(op: &Op, rules: &PidRules) -> Result<(), Refusal> {
    let year =
        chrono::DateTime::from_timestamp_millis(i64::try_from(op.hlc.millis()).unwrap_or(i64::MAX))
            .map_or(rules.this_year, |t| t.year())
            .max(GUARD_YEAR_FLOOR);
    let rules = PidRules { this_year: year, hospital_numbers: rules.hospital_numbers.clone() };
    for (field, text) in op.payload.free_text() {
        let hits = scan(text, &rules);
        if !hits.is_empty() {
            // Partnership fields came after people read "title contains…": named as people
            // say them.
            let name = if field >= IdeaField::LegalName { field.label() } else { field.name() };
            let message = describe(name, &hits);
            return Err(Refusal::PatientData { field, hits, message });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
