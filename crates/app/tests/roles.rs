//! A device applies the hub's role rules to its own edits before committing them, so it
//! never shows a change that every other device refuses; leads resolve conflicts.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use sprout_app::{ErrorCode, IdeaField, IdeaPatch, NewIdea, Role, Sprout};

fn new(title: &str) -> NewIdea {
    NewIdea {
        title: title.into(),
        problem: "A problem".into(),
        solution: None,
        ..Default::default()
    }
}

fn retitle(t: &str) -> IdeaPatch {
    IdeaPatch { title: Some(t.into()), ..Default::default() }
}

struct Hub {
    _tmp: tempfile::TempDir,
    lead: Sprout,
    nurse: Sprout,
    other_lead: Sprout,
}

fn hub() -> Hub {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("hub");
    let lead = common::sealed_pc(&tmp.path().join("lead"), "Lee Lead");
    let nurse = common::ward_pc(&tmp.path().join("nurse"), "Nia Nurse");
    let other_lead = common::sealed_pc(&tmp.path().join("other"), "Omar Lead");
    lead.hub_init(&path, "Hub").unwrap();
    for (device, role) in [(&nurse, Role::Clinician), (&other_lead, Role::Lead)] {
        device.hub_join(&path).unwrap();
        lead.hub_approve(device.actor().unwrap().parse().unwrap(), role).unwrap();
        device.sync().unwrap();
    }
    Hub { _tmp: tmp, lead, nurse, other_lead }
}

fn sync_all(h: &Hub) {
    for _ in 0..2 {
        for d in [&h.lead, &h.nurse, &h.other_lead] {
            d.sync().unwrap();
        }
    }
}

#[test]
fn a_clinician_edits_their_own_ideas_but_not_others() {
    let h = hub();
    let leads = h.lead.add_idea(&new("The lead's idea")).unwrap();
    let hers = h.nurse.add_idea(&new("The nurse's idea")).unwrap();
    sync_all(&h);
    h.nurse.edit_idea(hers.id, &retitle("Her idea, retitled")).unwrap();
    let e = h.nurse.edit_idea(leads.id, &retitle("Hijacked")).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    assert_eq!(e.message, "a clinician may only edit ideas they submitted");
    assert_eq!(h.nurse.idea(leads.id).unwrap().title, "The lead's idea");

    // What the app needs to offer Edit only where it will be accepted.
    let nurse_view = h.nurse.sharing().unwrap();
    assert!(!nurse_view.may.edit_any_idea && !nurse_view.may.decide);
    assert_eq!(hers.submitted_by, nurse_view.actor);
    assert_ne!(leads.submitted_by, nurse_view.actor);
    assert!(h.lead.sharing().unwrap().may.edit_any_idea);
}

#[test]
fn a_lead_resolves_a_conflict_and_every_device_agrees() {
    let h = hub();
    let idea = h.lead.add_idea(&new("Falls")).unwrap();
    let id = idea.id;
    sync_all(&h);
    h.lead.edit_idea(id, &retitle("Night-time falls")).unwrap();
    h.other_lead.edit_idea(id, &retitle("Unwitnessed falls")).unwrap();
    sync_all(&h);
    for d in [&h.lead, &h.nurse, &h.other_lead] {
        assert_eq!(d.conflicts().unwrap().len(), 1);
    }

    let e = h.nurse.resolve_conflict(id, IdeaField::Title, "Falls at night").unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::NotAllowed, "only a lead or admin may resolve a conflict")
    );

    h.other_lead.resolve_conflict(id, IdeaField::Title, "Unwitnessed falls at night").unwrap();
    sync_all(&h);
    for d in [&h.lead, &h.nurse, &h.other_lead] {
        assert!(d.conflicts().unwrap().is_empty());
        assert_eq!(d.idea(id).unwrap().title, "Unwitnessed falls at night");
    }
    let e = h.lead.resolve_conflict(id, IdeaField::Title, "Again").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound, "{}", e.message);
}

#[test]
fn a_device_waiting_for_approval_may_only_do_what_a_clinician_may() {
    let h = hub();
    let idea = h.lead.add_idea(&new("Existing")).unwrap();
    h.lead.sync().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let newcomer = common::ward_pc(tmp.path(), "Nat Newcomer");
    newcomer.hub_join(&h.lead.hub_folder().unwrap()).unwrap();
    newcomer.sync().unwrap();
    assert_eq!(newcomer.ideas().unwrap().len(), 1, "it can read while waiting");
    let e = newcomer.edit_idea(idea.id, &retitle("Changed")).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
}

#[test]
fn a_pc_moves_from_its_own_hub_to_a_shared_one_and_is_approved() {
    let tmp = tempfile::tempdir().unwrap();
    let lead = common::sealed_pc(&tmp.path().join("lead"), "Lee Lead");
    lead.hub_init(&tmp.path().join("share"), "North Trust hub").unwrap();

    let ward = common::ward_pc(&tmp.path().join("ward"), "Nia N.");
    let mine = ward.add_idea(&new("Typed before sharing")).unwrap();
    ward.sync().unwrap();
    let alone = ward.sharing().unwrap();
    assert!(alone.on_this_pc_only);
    assert_eq!(
        (alone.hub_name.as_deref(), alone.roles.as_slice()),
        (Some("This PC"), &[][..]),
        "a first person without a passphrase is no admin, even of the PC's own hub"
    );

    let e = ward.join_shared_hub(&tmp.path().join("share"), "  ", "Ward 7").unwrap_err();
    assert_eq!(e.code, ErrorCode::Empty);
    let e = ward.join_shared_hub(&tmp.path().join("nowhere"), "Nia Nurse", "Ward 7").unwrap_err();
    assert_eq!(e.code, ErrorCode::HubUnreachable);

    ward.join_shared_hub(&tmp.path().join("share"), "Nia Nurse", "Ward 7").unwrap();
    let joined = ward.sharing().unwrap();
    assert!(!joined.on_this_pc_only);
    assert_eq!(joined.hub_name.as_deref(), Some("North Trust hub"));
    assert!(joined.roles.is_empty(), "waiting for approval");
    assert_eq!((joined.person.as_str(), joined.site.as_str()), ("Nia Nurse", "Ward 7"));

    let requests = lead.hub_requests().unwrap();
    assert_eq!(requests[0].person, "Nia Nurse");
    lead.hub_approve(requests[0].actor.parse().unwrap(), Role::Clinician).unwrap();
    ward.sync().unwrap();
    assert_eq!(ward.sharing().unwrap().roles, [Role::Clinician]);
    lead.sync().unwrap();
    assert!(lead.idea(mine.id).is_ok(), "work from before sharing reaches the hub");
}

#[test]
fn tags_deletes_comments_and_reviews_travel_and_follow_the_role_rules() {
    let h = hub();
    let leads = h.lead.add_idea(&new("The lead's idea")).unwrap().id;
    let hers = h.nurse.add_idea(&new("The nurse's idea")).unwrap().id;
    sync_all(&h);

    // A clinician tags her own idea and comments on anyone's, but may not tag, delete or
    // score the lead's.
    h.nurse.tag_idea(hers, "Falls").unwrap();
    h.nurse.comment_on_idea(leads, "+1, same on ward 9").unwrap();
    for e in [
        h.nurse.tag_idea(leads, "mine").unwrap_err(),
        h.nurse.delete_idea(leads).unwrap_err(),
        h.nurse.submit_review(leads, &[("need".to_owned(), Some(5))].into(), "").unwrap_err(),
    ] {
        assert_eq!(e.code, ErrorCode::NotAllowed, "{}", e.message);
    }
    h.other_lead.submit_review(leads, &[("need".to_owned(), Some(4))].into(), "").unwrap();
    h.lead.delete_idea(hers).unwrap();
    sync_all(&h);

    for d in [&h.lead, &h.nurse, &h.other_lead] {
        let titles: Vec<String> = d.ideas().unwrap().into_iter().map(|i| i.title).collect();
        assert_eq!(titles, ["The lead's idea"], "the deleted idea left every device");
        let comments = d.comments(leads).unwrap();
        assert_eq!(comments.len(), 1);
        assert_eq!(comments[0].by, h.nurse.actor().unwrap());
        assert_eq!(d.reviews(leads).unwrap()[0].scores["need"], Some(4));
    }
    for d in [&h.lead, &h.nurse, &h.other_lead] {
        assert!(d.hub_problems().unwrap().is_empty(), "nothing was refused");
    }
}

#[test]
fn only_leads_decide_at_gates_and_every_device_sees_the_stage_and_reason() {
    let h = hub();
    let hers = h.nurse.add_idea(&new("The nurse's idea")).unwrap().id;
    sync_all(&h);
    let e = h.nurse.decide(hers, sprout_app::Decision::Go, "I approve my own idea").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed, "{}", e.message);
    h.lead.decide(hers, sprout_app::Decision::Go, "Seen on three wards").unwrap();
    sync_all(&h);
    let seen = h.nurse.idea(hers).unwrap();
    assert_eq!(seen.stage, sprout_app::Stage::Triage);
    assert_eq!(seen.last_decision.unwrap().rationale, "Seen on three wards");
    assert!(h.nurse.hub_problems().unwrap().is_empty());
}

#[test]
fn the_hubs_hospital_number_formats_reach_every_device_and_only_admins_set_them() {
    let h = hub();
    let e = h.nurse.set_hospital_number_patterns(&[r"\bRXH\d{7}\b".into()]).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    h.lead.set_hospital_number_patterns(&[r"\bRXH\d{7}\b".into()]).unwrap();
    sync_all(&h);
    let typed =
        NewIdea { title: "Falls".into(), problem: "See RXH1234567".into(), ..Default::default() };
    let e = h.nurse.add_idea(&typed).unwrap_err();
    assert_eq!(e.code, ErrorCode::PatientData, "{}", e.message);
    assert!(e.message.contains("a hospital number"), "{}", e.message);
}
