//! People sharing one ward PC: each acts as themselves, sees only their own drafts, and
//! pushes their own signed work; roles beyond clinician need the person's passphrase.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;

use sprout_app::{Decision, ErrorCode, NewIdea, Role, Sprout};

fn new(title: &str) -> NewIdea {
    NewIdea { title: title.into(), problem: "A problem on the ward".into(), ..Default::default() }
}

struct Trust {
    tmp: tempfile::TempDir,
    lead: Sprout,
    ward: Sprout,
}

/// A lead's PC founds the hub; a ward PC, set up by Nia, joins and is approved.
fn trust() -> Trust {
    let tmp = tempfile::tempdir().unwrap();
    let lead = Sprout::open(&tmp.path().join("lead")).unwrap();
    lead.set_identity(Some("Lee Lead"), Some("Hub")).unwrap();
    lead.hub_init(&tmp.path().join("share"), "North Trust hub").unwrap();
    let ward = Sprout::open(&tmp.path().join("ward")).unwrap();
    ward.join_shared_hub(&tmp.path().join("share"), "Nia Nurse", "Ward 7").unwrap();
    approve_all(&lead, Role::Clinician);
    ward.sync().unwrap();
    Trust { tmp, lead, ward }
}

fn approve_all(lead: &Sprout, role: Role) {
    for request in lead.hub_requests().unwrap() {
        lead.hub_approve(request.actor.parse().unwrap(), role).unwrap();
    }
}

fn acting(sprout: &Sprout) -> String {
    sprout.people().unwrap().into_iter().find(|p| p.acting).unwrap().person
}

fn actor_of(sprout: &Sprout, name: &str) -> String {
    sprout.people().unwrap().into_iter().find(|p| p.person == name).unwrap().actor
}

#[test]
fn a_clinician_is_added_switched_to_and_back_without_a_password() {
    let t = trust();
    let nia = t.ward.actor().unwrap();
    let ben = t.ward.add_person("Ben Porter", None).unwrap();
    assert!(ben.acting && !ben.has_passphrase && !ben.needs_passphrase);
    assert_eq!(ben.site, "Ward 7", "a new person is at the PC's site");
    assert_eq!(acting(&t.ward), "Ben Porter");
    let bens = t.ward.add_idea(&new("Ben's idea")).unwrap();
    assert_eq!(
        (bens.author.as_str(), bens.submitted_by.as_str()),
        ("Ben Porter", ben.actor.as_str())
    );

    t.ward.switch_person(&nia, None).unwrap();
    assert_eq!(acting(&t.ward), "Nia Nurse");
    let nias = t.ward.add_idea(&new("Nia's idea")).unwrap();
    assert_eq!(nias.submitted_by, nia);

    // Ben asks to join with his own key; once approved, each person's work reaches the lead
    // under their own name, signed by their own key.
    t.ward.sync().unwrap();
    approve_all(&t.lead, Role::Clinician);
    t.ward.sync().unwrap();
    t.lead.sync().unwrap();
    let seen = t.lead.idea(bens.id).unwrap();
    assert_eq!(
        (seen.author.as_str(), seen.submitted_by.as_str()),
        ("Ben Porter", ben.actor.as_str())
    );
    assert!(t.lead.idea(nias.id).is_ok());
    let members = t.lead.hub_members().unwrap();
    assert!(members.iter().any(|m| m.person == "Ben Porter" && m.site == "Ward 7"));
}

#[test]
fn nobody_sees_another_persons_draft() {
    let t = trust();
    let nia = t.ward.actor().unwrap();
    t.ward.save_draft(&new("Nia's half-typed idea")).unwrap();
    t.ward.add_person("Ben Porter", None).unwrap();
    assert!(t.ward.draft().unwrap().is_none(), "Ben must not see Nia's draft");
    t.ward.save_draft(&new("Ben's half-typed idea")).unwrap();
    t.ward.switch_person(&nia, None).unwrap();
    assert_eq!(t.ward.draft().unwrap().unwrap().idea.title, "Nia's half-typed idea");

    // A form's late save, landing after the switch, is refused rather than kept as Nia's.
    let bens = t.ward.people().unwrap().into_iter().find(|p| p.person == "Ben Porter").unwrap();
    let e = t.ward.save_draft_of(Some(&bens.actor), &new("Ben's last words")).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    assert_eq!(t.ward.draft().unwrap().unwrap().idea.title, "Nia's half-typed idea");
}

#[test]
fn a_reviewer_unlocks_with_their_passphrase_and_picking_the_name_is_not_enough() {
    let t = trust();
    let nia = t.ward.actor().unwrap();
    let rita = t.ward.add_person("Rita Reviewer", Some("willow kettle harbour")).unwrap();
    assert!(rita.has_passphrase && rita.needs_passphrase);
    let keys = t.tmp.path().join("ward/keys");
    assert!(keys.join(format!("{}.sealed", rita.actor)).exists());
    assert!(!keys.join(format!("{}.key", rita.actor)).exists(), "no plain key is left behind");
    t.ward.sync().unwrap();
    approve_all(&t.lead, Role::Reviewer);
    t.ward.sync().unwrap();

    t.ward.switch_person(&nia, None).unwrap();
    let e = t.ward.switch_person(&rita.actor, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::PassphraseNeeded);
    assert_eq!(e.message, "enter Rita Reviewer's passphrase");
    let e = t.ward.switch_person(&rita.actor, Some("willow kettle harbor")).unwrap_err();
    assert_eq!(e.code, ErrorCode::WrongPassphrase);
    assert_eq!(acting(&t.ward), "Nia Nurse", "a wrong passphrase switches nobody");

    let rita = t.ward.switch_person(&rita.actor, Some("willow kettle harbour")).unwrap();
    assert!(rita.acting && !rita.locked);
    assert_eq!(t.ward.sharing().unwrap().roles, [Role::Reviewer]);
}

#[test]
fn a_session_that_needed_a_passphrase_ends_with_the_app() {
    let t = trust();
    t.ward.add_person("Rita Reviewer", Some("willow kettle harbour")).unwrap();
    t.ward.sync().unwrap();
    approve_all(&t.lead, Role::Reviewer);
    let idea = t.ward.add_idea(&new("Rita's idea")).unwrap();
    drop(t.ward);
    let ward = Sprout::open(&t.tmp.path().join("ward")).unwrap();
    assert_eq!(acting(&ward), "Nia Nurse", "a restart does not leave Rita's session open");

    // Work done while she was unlocked waits, sealed, until she unlocks again.
    ward.sync().unwrap();
    t.lead.sync().unwrap();
    assert_eq!(t.lead.idea(idea.id).unwrap_err().code, ErrorCode::NotFound);
    ward.switch_person(&actor_of(&ward, "Rita Reviewer"), Some("willow kettle harbour")).unwrap();
    ward.sync().unwrap();
    ward.sync().unwrap();
    t.lead.sync().unwrap();
    assert_eq!(t.lead.idea(idea.id).unwrap().author, "Rita Reviewer");
}

#[test]
fn a_clinician_made_lead_chooses_a_passphrase_before_the_role_counts() {
    let t = trust();
    let nia = t.ward.actor().unwrap();
    let ben = t.ward.add_person("Ben Porter", None).unwrap();
    t.ward.sync().unwrap();
    approve_all(&t.lead, Role::Lead);
    t.ward.sync().unwrap();

    // Ben is acting, but on a shared PC his lead role waits for a passphrase.
    let me = t.ward.people().unwrap().into_iter().find(|p| p.acting).unwrap();
    assert!(me.locked && me.roles == [Role::Lead]);
    assert!(t.ward.sharing().unwrap().roles.is_empty());
    let idea = t.ward.add_idea(&new("Someone's idea")).unwrap();
    let e = t.ward.decide(idea.id, Decision::Go, "Worth a look").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);

    t.ward.switch_person(&nia, None).unwrap();
    let e = t.ward.switch_person(&ben.actor, None).unwrap_err();
    assert_eq!(e.code, ErrorCode::PassphraseNeeded);
    assert!(e.message.contains("choose a passphrase for Ben Porter"), "{}", e.message);
    let e = t.ward.switch_person(&ben.actor, Some("short")).unwrap_err();
    assert_eq!(e.code, ErrorCode::WeakPassphrase);
    let ben = t.ward.switch_person(&ben.actor, Some("copper lantern meadow")).unwrap();
    assert!(ben.has_passphrase && !ben.locked);
    t.ward.decide(idea.id, Decision::Go, "Worth a look").unwrap();
    assert!(!Path::new(&t.tmp.path().join(format!("ward/keys/{}.key", ben.actor))).exists());
}

#[test]
fn bad_names_and_passphrases_get_a_clear_message_and_change_nothing() {
    let t = trust();
    let e = t.ward.add_person("   ", None).unwrap_err();
    assert_eq!(e.code, ErrorCode::Empty);
    let e = t.ward.add_person("nia nurse", None).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::AlreadyEnrolled, "nia nurse is already on this PC: pick them from the list")
    );
    let e = t.ward.add_person("Rita Reviewer", Some("too short")).unwrap_err();
    assert_eq!(e.code, ErrorCode::WeakPassphrase);
    let e = t.ward.add_person(&"x".repeat(101), None).unwrap_err();
    assert_eq!(e.code, ErrorCode::TooLong);
    assert_eq!(t.ward.people().unwrap().len(), 1, "nobody was added");
    let e = t.ward.switch_person("0190a1b2-0000-7000-8000-000000000000", None).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(acting(&t.ward), "Nia Nurse");
}

#[test]
fn a_pc_used_by_one_person_asks_no_passphrase() {
    let t = trust();
    let me = t.lead.people().unwrap();
    assert_eq!(me.len(), 1);
    assert!(me[0].acting && !me[0].needs_passphrase && !me[0].locked);
    assert_eq!(me[0].roles, [Role::Admin]);
}

#[test]
fn on_a_pc_working_alone_people_added_are_let_in_by_its_first_person() {
    let tmp = tempfile::tempdir().unwrap();
    let pc = Sprout::open(&tmp.path().join("pc")).unwrap();
    pc.set_identity(Some("Sam Ward"), Some("Ward 7")).unwrap();
    pc.sync().unwrap();
    let ben = pc.add_person("Ben Porter", None).unwrap();
    let report = pc.sync().unwrap();
    assert!(!report.waiting_for_approval, "{report:?}");
    let listed = pc.people().unwrap();
    let ben = listed.iter().find(|p| p.actor == ben.actor).unwrap();
    assert_eq!(ben.roles, [Role::Clinician]);
    assert_eq!(pc.sharing().unwrap().roles, [Role::Clinician]);
}
