//! Who may do what. Pure rules, applied identically by every device to every op it
//! receives, so an op one device rejects is rejected everywhere.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use specta::Type;
use thiserror::Error;

use crate::op::{ActorId, Op, OpPayload};

#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Submits ideas and comments; edits only ideas they submitted.
    Clinician,
    /// Scores the ideas they are assigned.
    Reviewer,
    /// Triages, runs gates and POCs, edits any idea, resolves conflicts.
    Lead,
    /// Manages the roster, the rubric and the hub.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Clinician, Role::Reviewer, Role::Lead, Role::Admin];

    pub fn name(self) -> &'static str {
        match self {
            Role::Clinician => "clinician",
            Role::Reviewer => "reviewer",
            Role::Lead => "lead",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("{s:?} is not a role: use clinician, reviewer, lead or admin"))
    }
}

/// Why an op was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Denied {
    #[error("a {role} may only edit ideas they submitted")]
    NotTheirIdea { role: String },
    #[error("only a lead or admin may resolve a conflict")]
    ResolveNeedsLead,
    #[error("a {role} may not score ideas: reviewers, leads and admins do")]
    ReviewNeedsReviewer { role: String },
    #[error("a {role} may not decide at a gate: leads and admins do")]
    GateNeedsLead { role: String },
    #[error("the gate decision does not match the move it records, or gives no rationale")]
    BadGate,
    #[error("a {role} may not change the hub's rubric or settings: admins do")]
    RubricNeedsAdmin { role: String },
    #[error("the rubric or setting is not valid")]
    BadRubric,
    #[error("a {role} may not plan a POC: leads and admins do")]
    PocNeedsLead { role: String },
    #[error("only the POC's project lead, a lead or an admin records its progress")]
    NotProjectLead,
    #[error("a {role} may not record partnerships: leads and admins do")]
    PartnershipNeedsLead { role: String },
    #[error("a {role} may not record benefits: leads and admins do")]
    BenefitNeedsLead { role: String },
    #[error("actor {0} has no role on this hub")]
    NoRole(ActorId),
}

/// Whether an actor holding `roles` may apply `op`. `idea_creator` is who submitted the
/// idea the op changes, if this device has seen its submission. A clinician's own
/// submission always precedes their edits in their own log, so "not seen" means "not
/// theirs" on every device alike.
pub fn permits(
    roles: &BTreeSet<Role>,
    op: &Op,
    idea_creator: Option<ActorId>,
) -> Result<(), Denied> {
    match &op.payload {
        // An imported idea arrives at the stage the old tracker had it at: a gate decision.
        OpPayload::IdeaCreated(c) if c.imported.is_some() => may_decide(roles, op.actor),
        OpPayload::IdeaCreated(_) | OpPayload::CommentAdded(_) => {
            roles.iter().max().map(|_| ()).ok_or(Denied::NoRole(op.actor))
        }
        OpPayload::IdeaEdited(edit) => {
            if edit.set.keys().any(|f| f.is_poc_plan()) {
                may_plan_poc(roles, op.actor)?;
            }
            let resolving = edit.supersedes.values().any(|v| v.len() > 1);
            may_edit(roles, op.actor, idea_creator, resolving)
        }
        OpPayload::PocPartSet(p) if !p.part.is_progress() => may_plan_poc(roles, op.actor),
        // Progress is the project lead's to record as well as a lead's. Who the project
        // lead is depends on other ops, so it is judged where the entries are read, over
        // the whole set of ops, never here on arrival.
        OpPayload::PocPartSet(_) | OpPayload::PocLogged(_) => {
            roles.iter().max().map(|_| ()).ok_or(Denied::NoRole(op.actor))
        }
        OpPayload::IdeaTagged(_) | OpPayload::IdeaUntagged(_) | OpPayload::IdeaDeleted(_) => {
            may_edit(roles, op.actor, idea_creator, false)
        }
        OpPayload::ReviewSubmitted(_) => may_review(roles, op.actor),
        // Anyone on the hub declares their own interests (the gate holds a declaration to
        // its author's id); the rest of a partnership is for leads and admins.
        OpPayload::PartnerRecordSet(r) if r.record == crate::PartnerRecord::Declaration => {
            roles.iter().max().map(|_| ()).ok_or(Denied::NoRole(op.actor))
        }
        OpPayload::PartnerRecordSet(_) | OpPayload::PartnershipMoved(_) => {
            may_run_partnerships(roles, op.actor)
        }
        // The benefits register is the hub's account to its board: its leads and admins
        // keep it, so a figure in it never rests on who else could write.
        OpPayload::BenefitSet(_) | OpPayload::BenefitMoved(_) | OpPayload::BenefitLogged(_) => {
            may_record_benefits(roles, op.actor)
        }
        OpPayload::ReviewerAssigned(_)
        | OpPayload::ConsensusRecorded(_)
        | OpPayload::IdeaMerged(_)
        | OpPayload::MergeUndone(_) => may_decide(roles, op.actor),
        OpPayload::HubTargetsSet(_) => match roles.iter().max() {
            Some(Role::Admin) => Ok(()),
            Some(r) => Err(Denied::RubricNeedsAdmin { role: r.to_string() }),
            None => Err(Denied::NoRole(op.actor)),
        },
        OpPayload::HospitalNumbersSet(set) => match roles.iter().max() {
            Some(Role::Admin) if crate::PidRules::new(2000, &set.patterns).is_ok() => Ok(()),
            Some(Role::Admin) => Err(Denied::BadRubric),
            Some(r) => Err(Denied::RubricNeedsAdmin { role: r.to_string() }),
            None => Err(Denied::NoRole(op.actor)),
        },
        OpPayload::RubricPublished(rubric) => match roles.iter().max() {
            Some(Role::Admin) if rubric.check().is_ok() => Ok(()),
            Some(Role::Admin) => Err(Denied::BadRubric),
            Some(r) => Err(Denied::RubricNeedsAdmin { role: r.to_string() }),
            None => Err(Denied::NoRole(op.actor)),
        },
        OpPayload::GateDecided(gate) => {
            may_decide(roles, op.actor)?;
            // The move must be the one the decision makes: a device cannot record "go"
            // and jump three stages.
            match crate::pipeline::transition(gate.from, gate.decision) {
                Ok(to) if to == gate.to && !gate.rationale.trim().is_empty() => Ok(()),
                _ => Err(Denied::BadGate),
            }
        }
    }
}

/// Whether an actor holding `roles` may decide at gates.
pub fn may_decide(roles: &BTreeSet<Role>, actor: ActorId) -> Result<(), Denied> {
    match roles.iter().max() {
        None => Err(Denied::NoRole(actor)),
        Some(Role::Lead | Role::Admin) => Ok(()),
        Some(r) => Err(Denied::GateNeedsLead { role: r.to_string() }),
    }
}

/// Whether an actor holding `roles` may record partners and partnerships.
pub fn may_run_partnerships(roles: &BTreeSet<Role>, actor: ActorId) -> Result<(), Denied> {
    match roles.iter().max() {
        None => Err(Denied::NoRole(actor)),
        Some(Role::Lead | Role::Admin) => Ok(()),
        Some(r) => Err(Denied::PartnershipNeedsLead { role: r.to_string() }),
    }
}

/// Whether an actor holding `roles` may keep the benefits register.
pub fn may_record_benefits(roles: &BTreeSet<Role>, actor: ActorId) -> Result<(), Denied> {
    match roles.iter().max() {
        None => Err(Denied::NoRole(actor)),
        Some(Role::Lead | Role::Admin) => Ok(()),
        Some(r) => Err(Denied::BenefitNeedsLead { role: r.to_string() }),
    }
}

/// Whether an actor holding `roles` may plan a POC: its aim, lead, hypotheses and metrics.
pub fn may_plan_poc(roles: &BTreeSet<Role>, actor: ActorId) -> Result<(), Denied> {
    match roles.iter().max() {
        None => Err(Denied::NoRole(actor)),
        Some(Role::Lead | Role::Admin) => Ok(()),
        Some(r) => Err(Denied::PocNeedsLead { role: r.to_string() }),
    }
}

/// Whether an actor holding `roles` may score ideas.
pub fn may_review(roles: &BTreeSet<Role>, reviewer: ActorId) -> Result<(), Denied> {
    match roles.iter().max() {
        None => Err(Denied::NoRole(reviewer)),
        Some(Role::Clinician) => Err(Denied::ReviewNeedsReviewer { role: "clinician".into() }),
        Some(_) => Ok(()),
    }
}

/// Whether `editor`, holding `roles`, may change an idea submitted by `creator`, and
/// whether they may resolve a conflict in it. The one rule behind [`permits`], also
/// applied by the editor's own device before it commits, so no device ever shows an
/// edit that every other device refuses.
pub fn may_edit(
    roles: &BTreeSet<Role>,
    editor: ActorId,
    creator: Option<ActorId>,
    resolving: bool,
) -> Result<(), Denied> {
    let best = roles.iter().max().ok_or(Denied::NoRole(editor))?;
    let leads = matches!(best, Role::Lead | Role::Admin);
    if resolving && !leads {
        return Err(Denied::ResolveNeedsLead);
    }
    if leads || creator == Some(editor) {
        Ok(())
    } else {
        Err(Denied::NotTheirIdea { role: best.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use uuid::Uuid;

    use super::*;
    use crate::{Hlc, IdeaCreated, IdeaEdited, IdeaField, OpId, Version};

    fn actor() -> ActorId {
        ActorId(Uuid::now_v7())
    }

    fn op(by: ActorId, payload: OpPayload) -> Op {
        Op {
            id: OpId(Uuid::now_v7()),
            hlc: Hlc::new(1, 0),
            actor: by,
            entity_id: Uuid::now_v7(),
            payload,
        }
    }

    fn edit(by: ActorId, supersedes: usize) -> Op {
        let versions =
            (0..supersedes).map(|i| Version { hlc: Hlc::new(i as u64, 0), actor: by }).collect();
        op(
            by,
            OpPayload::IdeaEdited(IdeaEdited {
                set: BTreeMap::from([(IdeaField::Title, "t".into())]),
                supersedes: BTreeMap::from([(IdeaField::Title, versions)]),
            }),
        )
    }

    fn roles(rs: &[Role]) -> BTreeSet<Role> {
        rs.iter().copied().collect()
    }

    #[test]
    fn everyone_with_a_role_may_submit() {
        let a = actor();
        let create = op(
            a,
            OpPayload::IdeaCreated(IdeaCreated {
                title: "t".into(),
                problem: "p".into(),
                solution: String::new(),
                author: "A".into(),
                ..Default::default()
            }),
        );
        for r in Role::ALL {
            assert_eq!(permits(&roles(&[r]), &create, None), Ok(()));
        }
        assert_eq!(permits(&roles(&[]), &create, None), Err(Denied::NoRole(a)));
    }

    #[test]
    fn only_leads_and_admins_import_an_idea_at_a_stage() {
        let a = actor();
        let imported = crate::Imported {
            key: crate::source_key("forms", &["1"]),
            stage: crate::Stage::Evaluate,
            decision: Some(crate::Decision::Go),
            ..Default::default()
        };
        let create = op(
            a,
            OpPayload::IdeaCreated(IdeaCreated {
                title: "t".into(),
                problem: "p".into(),
                imported: Some(imported),
                ..Default::default()
            }),
        );
        for (r, allowed) in [
            (Role::Clinician, false),
            (Role::Reviewer, false),
            (Role::Lead, true),
            (Role::Admin, true),
        ] {
            assert_eq!(permits(&roles(&[r]), &create, None).is_ok(), allowed, "{r:?}");
        }
    }

    #[test]
    fn clinicians_edit_only_their_own_ideas() {
        let (a, b) = (actor(), actor());
        assert_eq!(permits(&roles(&[Role::Clinician]), &edit(a, 1), Some(a)), Ok(()));
        assert!(matches!(
            permits(&roles(&[Role::Clinician]), &edit(a, 1), Some(b)),
            Err(Denied::NotTheirIdea { .. })
        ));
        assert!(matches!(
            permits(&roles(&[Role::Reviewer]), &edit(a, 1), None),
            Err(Denied::NotTheirIdea { .. })
        ));
    }

    #[test]
    fn leads_edit_any_idea_and_alone_resolve_conflicts() {
        let (a, b) = (actor(), actor());
        assert_eq!(permits(&roles(&[Role::Lead]), &edit(a, 1), Some(b)), Ok(()));
        assert_eq!(permits(&roles(&[Role::Admin]), &edit(a, 3), None), Ok(()));
        assert_eq!(
            permits(&roles(&[Role::Clinician]), &edit(a, 2), Some(a)),
            Err(Denied::ResolveNeedsLead)
        );
    }

    #[test]
    fn anyone_comments_but_only_reviewers_and_up_score() {
        let a = actor();
        let comment = op(
            a,
            OpPayload::CommentAdded(crate::CommentAdded {
                text: "+1".into(),
                author: "A".into(),
                support: true,
            }),
        );
        let review = op(
            a,
            OpPayload::ReviewSubmitted(crate::ReviewSubmitted {
                scores: BTreeMap::from([("need".into(), Some(4))]),
                note: String::new(),
            }),
        );
        assert_eq!(permits(&roles(&[Role::Clinician]), &comment, None), Ok(()));
        assert!(matches!(
            permits(&roles(&[Role::Clinician]), &review, None),
            Err(Denied::ReviewNeedsReviewer { .. })
        ));
        for r in [Role::Reviewer, Role::Lead, Role::Admin] {
            assert_eq!(permits(&roles(&[r]), &review, None), Ok(()));
        }
    }

    #[test]
    fn tags_and_deletes_follow_the_edit_rule() {
        let (a, b) = (actor(), actor());
        let delete = op(a, OpPayload::IdeaDeleted(crate::IdeaDeleted::default()));
        let tag = op(a, OpPayload::IdeaTagged(crate::IdeaTagged { tag: "falls".into() }));
        for o in [&delete, &tag] {
            assert_eq!(permits(&roles(&[Role::Clinician]), o, Some(a)), Ok(()));
            assert!(permits(&roles(&[Role::Clinician]), o, Some(b)).is_err());
            assert_eq!(permits(&roles(&[Role::Lead]), o, Some(b)), Ok(()));
        }
    }

    #[test]
    fn only_leads_decide_and_only_moves_the_decision_makes() {
        use crate::{Decision, GateDecided, Stage};
        let a = actor();
        let gate = |from, to, decision| {
            op(
                a,
                OpPayload::GateDecided(GateDecided {
                    from,
                    to,
                    decision,
                    rationale: "Clear need".into(),
                }),
            )
        };
        let go = gate(Stage::Triage, Stage::Refine, Decision::Go);
        assert_eq!(permits(&roles(&[Role::Lead]), &go, None), Ok(()));
        assert!(matches!(
            permits(&roles(&[Role::Reviewer]), &go, None),
            Err(Denied::GateNeedsLead { .. })
        ));
        let jump = gate(Stage::Triage, Stage::PocRunning, Decision::Go);
        assert_eq!(permits(&roles(&[Role::Admin]), &jump, None), Err(Denied::BadGate));
    }

    #[test]
    fn leads_plan_a_poc_and_anyone_may_send_progress_which_counts_only_from_its_project_lead() {
        use crate::{PocEntryKind, PocLogged, PocPart, PocPartSet};
        let a = actor();
        let part = |part| {
            op(
                a,
                OpPayload::PocPartSet(PocPartSet {
                    part,
                    record: Uuid::now_v7(),
                    set: BTreeMap::new(),
                }),
            )
        };
        let aim = op(
            a,
            OpPayload::IdeaEdited(IdeaEdited {
                set: BTreeMap::from([(IdeaField::PocAim, "Fewer falls".into())]),
                supersedes: BTreeMap::new(),
            }),
        );
        let actual = op(
            a,
            OpPayload::PocLogged(PocLogged {
                kind: PocEntryKind::Actual,
                metric: Some(Uuid::now_v7()),
                value: "3".into(),
                date: "2026-11-01".into(),
                note: String::new(),
            }),
        );
        for planning in [part(PocPart::Hypothesis), part(PocPart::Metric), part(PocPart::Budget)] {
            assert_eq!(permits(&roles(&[Role::Lead]), &planning, None), Ok(()));
            assert!(matches!(
                permits(&roles(&[Role::Clinician]), &planning, None),
                Err(Denied::PocNeedsLead { .. })
            ));
        }
        // Not even on an idea a clinician submitted themselves.
        assert!(matches!(
            permits(&roles(&[Role::Clinician]), &aim, Some(a)),
            Err(Denied::PocNeedsLead { .. })
        ));
        for progress in
            [actual, part(PocPart::Milestone), part(PocPart::Risk), part(PocPart::Spread)]
        {
            assert_eq!(permits(&roles(&[Role::Clinician]), &progress, None), Ok(()));
            assert_eq!(permits(&roles(&[]), &progress, None), Err(Denied::NoRole(a)));
        }
    }

    #[test]
    fn roles_parse_from_their_names() {
        assert_eq!("Lead".parse::<Role>(), Ok(Role::Lead));
        assert!("boss".parse::<Role>().unwrap_err().contains("clinician, reviewer, lead or admin"));
    }
}
