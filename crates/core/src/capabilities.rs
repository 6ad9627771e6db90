//! What a person may do, as the window needs to know it before anything is pressed: the
//! same rules the admission gate applies (see [`crate::roles`]), asked once for a set of
//! roles, so no screen re-derives them from role names.

use std::collections::BTreeSet;

use serde::Serialize;
use specta::Type;

use crate::op::ActorId;
use crate::roles::{Role, may_decide, may_edit, may_plan_poc, may_review};

/// What the holder of some roles may do. Every flag is one of the gate's rules asked in
/// advance; the gate still checks every op.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Type)]
pub struct Capabilities {
    /// Decide at gates, merge duplicates, ask reviewers, record consensus.
    pub decide: bool,
    /// Score ideas they are asked to, answer framework questions, and see the board, the
    /// scoring queue and the POCs.
    pub review: bool,
    /// Plan a POC (its aim, hypotheses, metrics, budget).
    pub plan_poc: bool,
    /// Change any idea, not only their own.
    pub edit_any_idea: bool,
    /// Import a tracker and export the pipeline to a spreadsheet.
    pub import_ideas: bool,
    /// Record partners, partnerships, agreements and terms, and read what is due.
    pub run_partnerships: bool,
    /// Keep the benefits register: benefits, their states, forecasts, actuals and reviews.
    pub record_benefits: bool,
    /// Let a waiting PC join the hub.
    pub approve_joins: bool,
    /// Stop accepting a member's future work.
    pub revoke_members: bool,
    /// Change the hub's settings and targets, for every device.
    pub change_settings: bool,
    /// The roles they may give someone they approve, lowest first.
    pub grantable_roles: Vec<Role>,
}

/// The roles a person holding `roles` may give to someone joining: an admin any, a lead
/// clinicians and reviewers (the roster check in `sprout-sync` holds them to this).
pub fn grantable_roles(roles: &BTreeSet<Role>) -> Vec<Role> {
    match roles.iter().max() {
        Some(Role::Admin) => Role::ALL.to_vec(),
        Some(Role::Lead) => vec![Role::Clinician, Role::Reviewer],
        _ => Vec::new(),
    }
}

/// Whether a member holding `roles` may be asked to score an idea.
pub fn may_be_asked_to_review(roles: &BTreeSet<Role>) -> bool {
    may_review(roles, ActorId(uuid::Uuid::nil())).is_ok()
}

pub fn capabilities(roles: &BTreeSet<Role>, actor: ActorId) -> Capabilities {
    let grantable = grantable_roles(roles);
    Capabilities {
        decide: may_decide(roles, actor).is_ok(),
        review: may_review(roles, actor).is_ok(),
        plan_poc: may_plan_poc(roles, actor).is_ok(),
        edit_any_idea: may_edit(roles, actor, None, false).is_ok(),
        import_ideas: may_decide(roles, actor).is_ok(),
        run_partnerships: crate::roles::may_run_partnerships(roles, actor).is_ok(),
        record_benefits: crate::roles::may_record_benefits(roles, actor).is_ok(),
        approve_joins: !grantable.is_empty(),
        revoke_members: roles.contains(&Role::Admin),
        change_settings: roles.contains(&Role::Admin),
        grantable_roles: grantable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(rs: &[Role]) -> Capabilities {
        capabilities(&rs.iter().copied().collect(), ActorId(uuid::Uuid::nil()))
    }

    #[test]
    fn each_role_may_what_the_gate_allows() {
        assert_eq!(of(&[]), Capabilities::default());
        let clinician = of(&[Role::Clinician]);
        assert!(!clinician.review && !clinician.decide && !clinician.edit_any_idea);
        assert!(clinician.grantable_roles.is_empty() && !clinician.approve_joins);
        let reviewer = of(&[Role::Reviewer]);
        assert!(reviewer.review && !reviewer.decide && !reviewer.plan_poc);
        let lead = of(&[Role::Lead]);
        assert!(lead.review && lead.decide && lead.plan_poc && lead.edit_any_idea);
        assert!(lead.import_ideas && lead.approve_joins && !lead.revoke_members);
        assert_eq!(lead.grantable_roles, vec![Role::Clinician, Role::Reviewer]);
        let admin = of(&[Role::Admin]);
        assert!(admin.revoke_members && admin.decide);
        assert_eq!(admin.grantable_roles, Role::ALL.to_vec());
    }

    #[test]
    fn everyone_but_a_clinician_may_be_asked_to_review() {
        for (r, asked) in [
            (Role::Clinician, false),
            (Role::Reviewer, true),
            (Role::Lead, true),
            (Role::Admin, true),
        ] {
            assert_eq!(may_be_asked_to_review(&BTreeSet::from([r])), asked, "{r:?}");
        }
        assert!(!may_be_asked_to_review(&BTreeSet::new()));
    }
}
