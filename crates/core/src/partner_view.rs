//! What a partnership adds up to, from its records' winning fields and its stage moves:
//! the stage (moves by people who declared an interest do not count), its gate's
//! criteria, agreements whose status turns to expired on their own date, and what is due.
//! Pure, so every device holding the same ops shows the same partnership.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::idea::IdeaField;
use crate::partner::{PRINCIPLES, PartnershipStage};

/// A record's fields by name, each its winning value.
pub type Fields = BTreeMap<String, String>;

/// The winning value of `field`, or empty.
pub fn field(fields: &Fields, field: IdeaField) -> String {
    fields.get(field.name()).cloned().unwrap_or_default()
}

/// A stage move as recorded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PartnershipMove {
    pub from: PartnershipStage,
    pub to: PartnershipStage,
    pub rationale: String,
    /// The actor id of the lead who moved it, and their name.
    pub by: String,
    pub by_name: String,
    /// YYYY-MM-DD.
    pub date: String,
    /// False for a move that changed nothing: another move came first, or its author had
    /// declared an interest in the partnership.
    pub took_effect: bool,
}

/// Replays `moves` (in (HLC, op id) order): each takes effect if it starts where the
/// partnership is and its author has declared no interest in it.
pub fn replay_stage(
    moves: &mut [PartnershipMove],
    interested: &BTreeSet<String>,
) -> PartnershipStage {
    let mut stage = PartnershipStage::Discovery;
    for m in moves.iter_mut() {
        m.took_effect = m.from == stage && stage.may_move(m.to) && !interested.contains(&m.by);
        if m.took_effect {
            stage = m.to;
        }
    }
    stage
}

/// One thing a gate needs, met or not yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PartnershipCriterion {
    pub label: String,
    pub met: bool,
}

/// An agreement's status as it stands today: an active agreement past its expiry date is
/// expired, on every device, on that date.
pub fn agreement_status(stored: &str, expires: &str, today: NaiveDate) -> String {
    let lapsed = date(expires).is_some_and(|d| d < today);
    if lapsed && matches!(stored, "active" | "draft" | "negotiation" | "") {
        "expired".to_owned()
    } else if stored.is_empty() {
        "draft".to_owned()
    } else {
        stored.to_owned()
    }
}

/// An obligation's or term's status today: one past its due date and not done or in
/// dispute is overdue; one due within 30 days is upcoming.
pub fn obligation_status(stored: &str, due: &str, today: NaiveDate) -> String {
    if matches!(stored, "done" | "in-dispute") {
        return stored.to_owned();
    }
    match date(due) {
        Some(d) if d < today => "overdue".to_owned(),
        Some(d) if (d - today).num_days() <= DUE_SOON_DAYS => "upcoming".to_owned(),
        _ if stored.is_empty() => "pending".to_owned(),
        _ => stored.to_owned(),
    }
}

/// Obligations due within this many days are listed as due.
pub const DUE_SOON_DAYS: i64 = 30;
/// An agreement with no notice period is listed this many days before it expires.
pub const DEFAULT_NOTICE_DAYS: i64 = 90;

pub fn date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok()
}

/// What a partnership needs to move to `to`, each met or not. `agreements` are each
/// agreement's fields; `deciders` are the owner and everyone who has moved it (and the
/// person about to), with whether each has recorded a declaration.
pub fn partnership_criteria(
    to: PartnershipStage,
    partnership: &Fields,
    agreements: &[Fields],
    deciders: &BTreeMap<String, (String, bool)>,
    today: NaiveDate,
) -> Vec<PartnershipCriterion> {
    let mut criteria = Vec::new();
    let mut need = |label: String, met: bool| criteria.push(PartnershipCriterion { label, met });
    match to {
        PartnershipStage::Signed => {
            let active = agreements.iter().any(|a| {
                let status = agreement_status(
                    &field(a, IdeaField::AgreementStatus),
                    &field(a, IdeaField::Expires),
                    today,
                );
                status == "active" && date(&field(a, IdeaField::Effective)).is_some()
            });
            need("At least one agreement active, with its effective date".into(), active);
            if field(partnership, IdeaField::PartnershipKind) == "data" {
                for (f, principle) in PRINCIPLES {
                    let evidenced = !field(partnership, f).trim().is_empty();
                    need(format!("Evidence for: {principle}"), evidenced);
                }
                need(
                    "Exclusive access to raw data answered no".into(),
                    field(partnership, IdeaField::Exclusive) == "no",
                );
                need(
                    "The board's approval of the terms dated, with its minute reference".into(),
                    date(&field(partnership, IdeaField::BoardApproved)).is_some()
                        && !field(partnership, IdeaField::BoardRef).is_empty(),
                );
            }
        }
        PartnershipStage::Active => {
            for (name, declared) in deciders.values() {
                need(format!("{name} has declared their interests"), *declared);
            }
        }
        _ => {}
    }
    criteria
}

/// One thing due: an agreement nearing expiry, or a term or obligation falling due.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct DueItem {
    /// agreement, term or obligation.
    pub kind: String,
    pub id: String,
    pub partnership: String,
    pub partnership_title: String,
    /// What it is: the agreement's type, the term's mechanism, the obligation's title.
    pub what: String,
    /// YYYY-MM-DD: the expiry or due date.
    pub date: String,
    /// Days from today (negative: overdue or expired).
    #[specta(type = f64)]
    pub days: i64,
    pub status: String,
    /// nhs, partner or joint, where it says.
    pub responsible: String,
}

/// Whether an agreement is due for attention: active, and its expiry within its notice
/// period (or `within`, when given) from today.
pub fn agreement_due(
    a: &Fields,
    today: NaiveDate,
    within: Option<i64>,
) -> Option<(NaiveDate, i64)> {
    let expires = date(&field(a, IdeaField::Expires))?;
    let status = field(a, IdeaField::AgreementStatus);
    if !matches!(status.as_str(), "active" | "negotiation" | "draft" | "") {
        return None;
    }
    let notice = field(a, IdeaField::NoticeDays).parse::<i64>().ok().filter(|n| *n > 0);
    let window = within.unwrap_or(notice.unwrap_or(DEFAULT_NOTICE_DAYS));
    let days = (expires - today).num_days();
    (days <= window && days >= -DEFAULT_NOTICE_DAYS).then_some((expires, days))
}

/// Whether a term or obligation is due: not done, and overdue or due within `within`
/// days (30 by default).
pub fn obligation_due(
    o: &Fields,
    today: NaiveDate,
    within: Option<i64>,
) -> Option<(NaiveDate, i64)> {
    let due = date(&field(o, IdeaField::Due))?;
    if matches!(field(o, IdeaField::ObligationStatus).as_str(), "done") {
        return None;
    }
    let days = (due - today).num_days();
    (days <= within.unwrap_or(DUE_SOON_DAYS)).then_some((due, days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        date(s).unwrap()
    }

    fn fields(pairs: &[(IdeaField, &str)]) -> Fields {
        pairs.iter().map(|(f, v)| (f.name().to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn an_active_agreement_expires_on_its_own_date() {
        assert_eq!(agreement_status("active", "2027-01-31", day("2027-01-31")), "active");
        assert_eq!(agreement_status("active", "2027-01-31", day("2027-02-01")), "expired");
        assert_eq!(agreement_status("terminated", "2027-01-31", day("2027-02-01")), "terminated");
    }

    #[test]
    fn moves_by_the_interested_or_from_elsewhere_take_no_effect() {
        let m = |from, to, by: &str| PartnershipMove {
            from,
            to,
            rationale: "r".into(),
            by: by.into(),
            by_name: by.into(),
            date: "2027-01-01".into(),
            took_effect: false,
        };
        use PartnershipStage as S;
        let mut moves = vec![
            m(S::Discovery, S::DueDiligence, "lee"),
            m(S::Discovery, S::DueDiligence, "ann"),
            m(S::DueDiligence, S::Negotiation, "con"),
        ];
        let interested = BTreeSet::from(["con".to_owned()]);
        assert_eq!(replay_stage(&mut moves, &interested), S::DueDiligence);
        assert_eq!(moves.iter().map(|m| m.took_effect).collect::<Vec<_>>(), [true, false, false]);
    }

    #[test]
    fn a_data_partnership_signs_only_with_every_principle_evidenced() {
        let today = day("2027-01-10");
        let agreement =
            fields(&[(IdeaField::AgreementStatus, "active"), (IdeaField::Effective, "2027-01-01")]);
        let mut p = fields(&[(IdeaField::PartnershipKind, "data")]);
        let unmet = |p: &Fields| {
            partnership_criteria(
                PartnershipStage::Signed,
                p,
                std::slice::from_ref(&agreement),
                &BTreeMap::new(),
                today,
            )
            .iter()
            .filter(|c| !c.met)
            .count()
        };
        assert_eq!(unmet(&p), 7);
        for (f, _) in PRINCIPLES {
            p.insert(f.name().into(), "evidence".into());
        }
        p.insert(IdeaField::Exclusive.name().into(), "yes".into());
        assert_eq!(unmet(&p), 2, "exclusive access must be no, and the board must approve");
        p.insert(IdeaField::Exclusive.name().into(), "no".into());
        p.insert(IdeaField::BoardApproved.name().into(), "2027-01-05".into());
        p.insert(IdeaField::BoardRef.name().into(), "TB/27/004".into());
        assert_eq!(unmet(&p), 0);
    }

    #[test]
    fn due_lists_agreements_within_their_notice_and_obligations_within_30_days() {
        let today = day("2027-01-01");
        let a =
            fields(&[(IdeaField::AgreementStatus, "active"), (IdeaField::Expires, "2027-03-02")]);
        assert_eq!(agreement_due(&a, today, None).map(|d| d.1), Some(60));
        let mut short = a.clone();
        short.insert(IdeaField::NoticeDays.name().into(), "30".into());
        assert_eq!(agreement_due(&short, today, None), None);
        let o = fields(&[(IdeaField::Due, "2026-12-20")]);
        assert_eq!(obligation_due(&o, today, None).map(|d| d.1), Some(-12));
        assert_eq!(obligation_status("pending", "2026-12-20", today), "overdue");
        let done = fields(&[(IdeaField::Due, "2026-12-20"), (IdeaField::ObligationStatus, "done")]);
        assert_eq!(obligation_due(&done, today, None), None);
    }
}
