//! People sharing one ward PC: each acts as themselves, sees only their own drafts, and
//! pushes their own signed work; roles beyond clinician need the person's passphrase.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;

use sprout_app::{Decision, ErrorCode, NewIdea, Role, Sprout};

const LEAD_PASS: &str = "juniper signal orchard";

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
    lead.start_using("Lee Lead", "Hub", Some(LEAD_PASS)).unwrap();
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
fn a_lead_role_given_to_a_key_made_without_a_passphrase_stays_a_clinician_here() {
    let t = trust();
    let nia = t.ward.actor().unwrap();
    let ben = t.ward.add_person("Ben Porter", None).unwrap();
    t.ward.sync().unwrap();
    approve_all(&t.lead, Role::Lead);
    t.ward.sync().unwrap();

    // Anyone at this PC could have been Ben: his key has no passphrase, so the hub's lead
    // role is not in force here, and nobody may choose a passphrase for him now.
    let me = t.ward.people().unwrap().into_iter().find(|p| p.acting).unwrap();
    assert!(me.key_without_passphrase && !me.needs_passphrase && me.roles == [Role::Lead]);
    assert!(t.ward.sharing().unwrap().roles.is_empty());
    let idea = t.ward.add_idea(&new("Someone's idea")).unwrap();
    let e = t.ward.decide(idea.id, Decision::Go, "Worth a look").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    let e = t.ward.hub_approve(nia.parse().unwrap(), Role::Admin).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed, "{}", e.message);

    t.ward.switch_person(&nia, None).unwrap();
    let ben = t.ward.switch_person(&ben.actor, Some("copper lantern meadow")).unwrap();
    assert!(!ben.has_passphrase, "a passphrase given for Ben's plain key seals nothing");
    assert!(Path::new(&t.tmp.path().join(format!("ward/keys/{}.key", ben.actor))).exists());
    let e = t.ward.decide(idea.id, Decision::Go, "Worth a look").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);

    // To lead from this PC, Ben is added again with a passphrase and that key approved.
    let sealed = t.ward.add_person("Ben Porter (lead)", Some("copper lantern meadow")).unwrap();
    t.ward.sync().unwrap();
    approve_all(&t.lead, Role::Lead);
    t.ward.sync().unwrap();
    assert!(!t.ward.people().unwrap().iter().any(|p| p.actor == sealed.actor && p.locked));
    t.ward.decide(idea.id, Decision::Go, "Worth a look").unwrap();
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
fn a_hubs_founder_unlocks_with_the_passphrase_chosen_at_the_first_run() {
    let t = trust();
    let me = t.lead.people().unwrap();
    assert_eq!(me.len(), 1);
    assert!(me[0].acting && me[0].needs_passphrase && !me[0].locked);
    assert_eq!(me[0].roles, [Role::Admin]);
    let keys = t.tmp.path().join("lead/keys");
    assert!(!keys.join("actor.key").exists(), "the founder's key never touched the disk unsealed");

    // After a restart the admin's role waits for the passphrase, even on their own PC.
    drop(t.lead);
    let lead = Sprout::open(&t.tmp.path().join("lead")).unwrap();
    assert!(lead.people().unwrap()[0].locked);
    assert!(lead.sharing().unwrap().roles.is_empty());
    let e = lead.hub_snapshot().unwrap_err();
    assert_eq!(e.code, ErrorCode::PassphraseNeeded, "{}", e.message);
    let me = lead.actor().unwrap();
    assert_eq!(
        lead.switch_person(&me, Some("not the passphrase")).unwrap_err().code,
        ErrorCode::WrongPassphrase
    );
    lead.switch_person(&me, Some(LEAD_PASS)).unwrap();
    assert_eq!(lead.sharing().unwrap().roles, [Role::Admin]);
    lead.hub_snapshot().unwrap();
}

#[test]
fn the_first_run_asks_who_and_nothing_is_credited_to_nobody() {
    let tmp = tempfile::tempdir().unwrap();
    let pc = Sprout::open(&tmp.path().join("pc")).unwrap();
    let e = pc.add_idea(&new("Anonymous")).unwrap_err();
    assert_eq!(e.code, ErrorCode::WhoNeeded);
    assert_eq!(pc.sync().unwrap(), sprout_app::SyncReport::default(), "nothing to share as nobody");
    assert_eq!(pc.add_person("Ben Porter", None).unwrap_err().code, ErrorCode::WhoNeeded);
    assert_eq!(pc.start_using("  ", "Ward 7", None).unwrap_err().code, ErrorCode::Empty);
    assert_eq!(
        pc.start_using("Sam", "Ward\u{1b}7", None).unwrap_err().code,
        ErrorCode::ControlCharacter
    );
    assert_eq!(
        pc.start_using("Sam Ward", "Ward 7", Some("short")).unwrap_err().code,
        ErrorCode::WeakPassphrase
    );
    assert!(pc.add_idea(&new("Still nobody")).is_err(), "refusals named nobody");

    let sam = pc.start_using("Sam Ward", "Ward 7", None).unwrap();
    assert!(sam.acting && !sam.has_passphrase);
    assert_eq!(
        pc.start_using("Sam Ward", "Ward 7", None).unwrap_err().code,
        ErrorCode::AlreadyEnrolled
    );
    let idea = pc.add_idea(&new("Sam's idea")).unwrap();
    assert_eq!(idea.author, "Sam Ward");
    // Without a passphrase the PC's first person is a clinician, not its admin.
    pc.sync().unwrap();
    assert_eq!(
        pc.decide(idea.id, Decision::Go, "Mine to decide?").unwrap_err().code,
        ErrorCode::NotAllowed
    );
    let e = pc.hub_init(&tmp.path().join("share"), "Sam's hub").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
    assert!(!tmp.path().join("share/HUB.json").exists());
}

#[test]
fn the_first_person_who_chose_a_passphrase_runs_the_pcs_own_hub() {
    let tmp = tempfile::tempdir().unwrap();
    let pc = Sprout::open(&tmp.path().join("pc")).unwrap();
    pc.start_using("Lee Lead", "Hub", Some(LEAD_PASS)).unwrap();
    let idea = pc.add_idea(&new("To triage")).unwrap();
    pc.decide(idea.id, Decision::Go, "Worth a look").unwrap();
    pc.sync().unwrap();
    assert_eq!(pc.sharing().unwrap().roles, [Role::Admin]);
}

#[test]
fn on_a_pc_working_alone_people_added_are_let_in_by_its_first_person() {
    let tmp = tempfile::tempdir().unwrap();
    let pc = Sprout::open(&tmp.path().join("pc")).unwrap();
    pc.start_using("Sam Ward", "Ward 7", None).unwrap();
    pc.sync().unwrap();
    let ben = pc.add_person("Ben Porter", None).unwrap();
    let report = pc.sync().unwrap();
    assert!(!report.waiting_for_approval, "{report:?}");
    let listed = pc.people().unwrap();
    let ben = listed.iter().find(|p| p.actor == ben.actor).unwrap();
    assert_eq!(ben.roles, [Role::Clinician]);
    assert_eq!(pc.sharing().unwrap().roles, [Role::Clinician]);
}
