//! An idea's timeline: who did what, when, and from which device, read from the op log,
//! which is the only record there is, so the timeline cannot disagree with the idea.

use std::collections::BTreeMap;

use serde::Serialize;
use specta::Type;
use sprout_core::{Op, OpPayload};
use sprout_sync::Roster;

use crate::Sprout;
use crate::error::AppError;
use crate::ideas::fetch;

/// One thing that happened to an idea.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct TimelineEntry {
    /// RFC 3339.
    pub at: String,
    /// The person, as the hub's roster names them (or as their own device did).
    pub who: String,
    /// The install they used: its site and the start of its actor id, for an auditor.
    pub device: String,
    /// The site of the person's PC, as the hub's roster has it; empty if unknown.
    pub site: String,
    pub what: String,
}

impl Sprout {
    pub fn timeline(&self, id: sprout_core::IdeaId) -> Result<Vec<TimelineEntry>, AppError> {
        let store = self.store()?;
        fetch(&store, id)?;
        // The roster this device last verified: names without a trip to the hub.
        let roster: Option<Roster> = sprout_sync::followed_roster(&store)?;
        let history = store.idea_history(id)?;
        let lost = store.decisions_without_effect(id)?;
        // People name themselves in what they write; the roster, where there is one, wins.
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for op in &history {
            let given = match &op.payload {
                OpPayload::IdeaCreated(c) => &c.author,
                OpPayload::CommentAdded(c) => &c.author,
                _ => continue,
            };
            names.entry(op.actor.to_string()).or_insert_with(|| given.clone());
        }
        Ok(history
            .iter()
            .map(|op| {
                let member = roster.as_ref().and_then(|r| r.members.get(&op.actor));
                let actor = op.actor.to_string();
                let who = member
                    .map(|m| m.person.clone())
                    .or_else(|| names.get(&actor).cloned())
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| "Someone".into());
                let short = actor.chars().rev().take(6).collect::<String>();
                let short: String = short.chars().rev().collect();
                let device = match member.map(|m| m.site.as_str()).filter(|s| !s.is_empty()) {
                    Some(site) => format!("{site} PC …{short}"),
                    None => format!("PC …{short}"),
                };
                let at = chrono::DateTime::from_timestamp_millis(
                    i64::try_from(op.hlc.millis()).unwrap_or(i64::MAX),
                )
                .unwrap_or_default()
                .to_rfc3339();
                let named = |actor: &str| {
                    actor
                        .parse::<sprout_core::ActorId>()
                        .ok()
                        .and_then(|a| roster.as_ref().and_then(|r| r.members.get(&a)))
                        .map(|m| m.person.clone())
                        .or_else(|| names.get(actor).cloned())
                        .unwrap_or_else(|| "a reviewer".into())
                };
                let titled = |id: &str| {
                    id.parse::<sprout_core::IdeaId>()
                        .ok()
                        .and_then(|i| store.idea(i).ok().flatten())
                        .map(|i| format!("“{}”", i.title))
                        .unwrap_or_else(|| "another idea".into())
                };
                let mut what = describe(op, &named, &titled);
                if matches!(op.payload, OpPayload::GateDecided(_))
                    && lost.contains(&op.id.0.to_string())
                {
                    what.push_str(
                        " (did not take effect: another decision at this gate came first)",
                    );
                }
                let site = member.map(|m| m.site.clone()).unwrap_or_default();
                TimelineEntry { at, who, device, site, what }
            })
            .collect())
    }
}

/// What an op did, in the words of the people using Sprout: people by name, fields by
/// their plain names, ideas by title.
fn describe(op: &Op, named: &dyn Fn(&str) -> String, titled: &dyn Fn(&str) -> String) -> String {
    match &op.payload {
        OpPayload::IdeaCreated(c) => match c.imported.as_ref().map(|i| i.submitted_by.as_str()) {
            None => "submitted the idea".into(),
            Some("") => "imported the idea from a spreadsheet".into(),
            Some(by) => format!("imported the idea from a spreadsheet (first submitted by {by})"),
        },
        OpPayload::IdeaEdited(e) => {
            let fields: Vec<&str> = e.set.keys().map(|f| f.label()).collect();
            let fields = match fields.as_slice() {
                [] => String::new(),
                [one] => (*one).to_owned(),
                [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            };
            if e.supersedes.values().any(|v| v.len() > 1) {
                format!("settled a conflict in the {fields}")
            } else {
                format!("changed the {fields}")
            }
        }
        OpPayload::IdeaTagged(t) => format!("tagged it “{}”", t.tag),
        OpPayload::IdeaUntagged(t) => format!("removed the tag “{}”", t.tag),
        OpPayload::IdeaDeleted(_) => "withdrew it".into(),
        OpPayload::CommentAdded(c) if c.support => format!("supported it: “{}”", c.text),
        OpPayload::CommentAdded(c) => format!("commented: “{}”", c.text),
        OpPayload::ReviewSubmitted(_) => "submitted their scores".into(),
        OpPayload::IdeaMerged(m) => format!("merged it, as a duplicate, into {}", titled(&m.into)),
        OpPayload::MergeUndone(_) => "undid its merge".into(),
        OpPayload::HospitalNumbersSet(_) => "set the hub's hospital-number formats".into(),
        OpPayload::HubTargetsSet(t) => {
            format!("set the hub's waiting target to {} days", t.waiting_days)
        }
        OpPayload::PartnerRecordSet(r) => {
            let fields: Vec<&str> = r.set.keys().map(|f| f.label()).collect();
            format!("recorded the {}'s {}", r.record.key(), fields.join(", "))
        }
        OpPayload::PartnershipMoved(m) => {
            format!("moved the partnership to {}: {}", m.to.label(), m.rationale)
        }
        OpPayload::BenefitSet(b) => {
            let fields: Vec<&str> = b.set.keys().map(|f| f.label()).collect();
            match b.set.get(&sprout_core::IdeaField::Title) {
                Some(title) => format!("recorded the benefit “{title}” ({})", fields.join(", ")),
                None => format!("updated a benefit ({})", fields.join(", ")),
            }
        }
        OpPayload::BenefitMoved(m) => {
            format!("moved a benefit to {}: {}", m.to.label(), m.rationale)
        }
        OpPayload::BenefitLogged(l) => match l.kind {
            sprout_core::BenefitEntryKind::Forecast => {
                format!("forecast {} for {} at {}", l.value, l.quarter, l.site)
            }
            sprout_core::BenefitEntryKind::Actual => {
                format!(
                    "recorded a benefit's actual of {} for {} at {}",
                    l.value, l.quarter, l.site
                )
            }
            sprout_core::BenefitEntryKind::Review => {
                format!("held a benefit's {}-month review at {}: “{}”", l.value, l.site, l.note)
            }
            sprout_core::BenefitEntryKind::ReviewDue => {
                format!("moved a benefit's {}-month review at {} to {}", l.value, l.site, l.date)
            }
        },
        OpPayload::RubricPublished(r) => format!("published rubric version {}", r.version),
        OpPayload::ReviewerAssigned(r) => format!("asked {} to score it", named(&r.reviewer)),
        OpPayload::ConsensusRecorded(c) => {
            format!("recorded the reviewers' consensus: “{}”", c.note)
        }
        OpPayload::PocPartSet(p) => {
            let fields: Vec<&str> = p.set.keys().map(|f| f.label()).collect();
            format!("updated a POC {} ({})", p.part.key(), fields.join(", "))
        }
        OpPayload::PocLogged(l) => match l.kind {
            sprout_core::PocEntryKind::Actual => {
                format!("recorded an actual of {} on {}", l.value, l.date)
            }
            sprout_core::PocEntryKind::Status => {
                format!("set the POC status to {}: “{}”", l.value, l.note)
            }
        },
        OpPayload::GateDecided(g) => {
            let verb = match g.decision {
                sprout_core::Decision::Go => "moved it on",
                sprout_core::Decision::Hold => "parked it",
                sprout_core::Decision::Recycle => "sent it back for more work",
                sprout_core::Decision::Stop => "declined it",
            };
            format!("{verb}, from {} to {}: “{}”", g.from, g.to, g.rationale)
        }
    }
}
