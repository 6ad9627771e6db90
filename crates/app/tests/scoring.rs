//! Blind multi-reviewer scoring across devices: reviewers score independently, the sums
//! follow the rubric, and a disagreement holds the next gate until a lead records consensus.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use std::collections::BTreeMap;

use sprout_app::{Decision, ErrorCode, NewIdea, Role, Rubric, Sprout};

struct Hub {
    _tmp: tempfile::TempDir,
    admin: Sprout,
    ana: Sprout,
    ben: Sprout,
    nurse: Sprout,
}

fn hub() -> Hub {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("hub");
    let sealed = |n: &str| common::sealed_pc(&tmp.path().join(n), n);
    let (admin, ana, ben) = (sealed("Ada Admin"), sealed("Ana Reviewer"), sealed("Ben Reviewer"));
    let nurse = common::ward_pc(&tmp.path().join("nurse"), "Nia Nurse");
    admin.hub_init(&path, "Hub").unwrap();
    for (device, role) in
        [(&ana, Role::Reviewer), (&ben, Role::Reviewer), (&nurse, Role::Clinician)]
    {
        device.hub_join(&path).unwrap();
        admin.hub_approve(device.actor().unwrap().parse().unwrap(), role).unwrap();
        device.sync().unwrap();
    }
    Hub { _tmp: tmp, admin, ana, ben, nurse }
}

fn sync_all(h: &Hub) {
    for _ in 0..2 {
        for d in [&h.admin, &h.ana, &h.ben, &h.nurse] {
            d.sync().unwrap();
        }
    }
}

fn scores(pairs: &[(&str, Option<u8>)]) -> BTreeMap<String, Option<u8>> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

#[test]
fn reviewers_score_blind_and_a_disagreement_holds_the_gate_until_consensus() {
    let h = hub();
    let new = NewIdea {
        title: "Bed sensors".into(),
        problem: "Night falls".into(),
        ..Default::default()
    };
    let id = h.nurse.add_idea(&new).unwrap().id;
    sync_all(&h);
    h.admin.decide(id, Decision::Go, "Worth a look").unwrap();
    for reviewer in [&h.ana, &h.ben] {
        h.admin.assign_reviewer(id, &reviewer.actor().unwrap()).unwrap();
    }
    let e = h.nurse.assign_reviewer(id, &h.nurse.actor().unwrap()).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    sync_all(&h);

    h.ana.score_idea(id, &scores(&[("need", Some(2)), ("evidence", None)]), "").unwrap();
    sync_all(&h);
    // Ben was asked and has not scored: he sees that a review is in, but not what it says.
    let ben_sees = h.ben.scores(id).unwrap();
    assert!(ben_sees.blind);
    assert_eq!(ben_sees.submitted, 1);
    assert!(ben_sees.reviews.is_empty() && ben_sees.aggregate.is_none());
    assert!(!h.ben.review_queue().unwrap()[0].done);
    assert_eq!(h.ben.idea(id).unwrap().score, None, "no total for a reviewer yet to score");
    assert_eq!(h.ben.ideas().unwrap()[0].score, None);
    assert_eq!(h.ana.idea(id).unwrap().score, Some(25.0), "need 2 of 5 is a quarter");

    let after =
        h.ben.score_idea(id, &scores(&[("need", Some(5))]), "Seen it on two wards").unwrap();
    assert!(!after.blind);
    assert_eq!(after.reviews.len(), 2);
    let summed = after.aggregate.unwrap();
    assert!(summed.disagreement, "2 and 5 are three points apart");
    assert_eq!(summed.criteria[0].median, Some(3.5));
    assert_eq!(summed.total, Some(62.5), "evidence, unassessed, is out of the denominator");
    assert!(h.ben.review_queue().unwrap()[0].done);
    assert_eq!(h.ben.idea(id).unwrap().score, Some(62.5));
    sync_all(&h);

    let e = h.admin.decide(id, Decision::Go, "On to refine").unwrap_err();
    assert_eq!(e.code, ErrorCode::GateClosed);
    assert!(e.message.contains("record a consensus note"), "{}", e.message);
    let e = h.ana.record_consensus(id, "We agree").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed, "reviewers do not settle their own disagreement");
    let settled = h.admin.record_consensus(id, "Need is real on nights; days less so").unwrap();
    assert!(!settled.needs_consensus);
    h.admin.decide(id, Decision::Go, "On to refine").unwrap();
    sync_all(&h);
    assert_eq!(h.nurse.idea(id).unwrap().stage, sprout_app::Stage::Refine);
    assert_eq!(
        h.nurse.scores(id).unwrap().consensus.as_deref(),
        Some("Need is real on nights; days less so")
    );
}

#[test]
fn only_admins_publish_a_new_rubric_version_and_every_device_uses_it() {
    let h = hub();
    let mut next = Rubric::shipped();
    next.version = 2;
    next.criteria[0].weight = 30;
    next.criteria[1].weight = 10;
    let e = h.ana.publish_rubric(&next).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    let mut bad = next.clone();
    bad.criteria[0].weight = 50;
    assert!(h.admin.publish_rubric(&bad).unwrap_err().message.contains("add up to 120%"));
    assert_eq!(h.admin.publish_rubric(&next).unwrap().version, 2);
    let e = h.admin.publish_rubric(&next).unwrap_err();
    assert!(e.message.contains("version above 2"), "{}", e.message);
    sync_all(&h);
    assert_eq!(h.nurse.rubric().unwrap(), next);
    assert!(h.nurse.hub_problems().unwrap().is_empty());
}

#[test]
fn a_reviewer_scores_only_what_a_lead_asked_them_to() {
    let h = hub();
    let new = NewIdea {
        title: "Quiet hours".into(),
        problem: "Noise at night".into(),
        ..Default::default()
    };
    let id = h.nurse.add_idea(&new).unwrap().id;
    sync_all(&h);
    assert!(!h.ana.scores(id).unwrap().may_score);
    let e = h.ana.score_idea(id, &scores(&[("need", Some(4))]), "").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    assert_eq!(e.message, "you were not asked to review this idea: a lead assigns its reviewers");
    assert!(h.ana.reviews(id).unwrap().is_empty(), "nothing was written");

    h.admin.assign_reviewer(id, &h.ana.actor().unwrap()).unwrap();
    assert!(h.admin.scores(id).unwrap().may_score, "leads and admins may score any idea");
    sync_all(&h);
    assert!(h.ana.scores(id).unwrap().may_score);
    h.ana.score_idea(id, &scores(&[("need", Some(4))]), "").unwrap();
}
