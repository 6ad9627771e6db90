#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::collections::BTreeMap;

use super::*;
use crate::{
    CommentAdded, Decision, GateDecided, Hlc, IdeaCreated, IdeaEdited, IdeaTagged, IdeaUntagged,
    Stage,
};

const NOV_2026: u64 = 1_795_000_000_000;

fn actor() -> ActorId {
    ActorId(Uuid::now_v7())
}

fn op_by(by: ActorId, entity: Option<Uuid>, payload: OpPayload) -> Op {
    let id = OpId::minted(by, Uuid::now_v7());
    Op { id, hlc: Hlc::new(NOV_2026, 0), actor: by, entity_id: entity.unwrap_or(id.0), payload }
}

fn created(title: &str, problem: &str) -> OpPayload {
    OpPayload::IdeaCreated(IdeaCreated {
        title: title.into(),
        problem: problem.into(),
        author: "Nia Nurse".into(),
        ..Default::default()
    })
}

fn roles(r: &[Role]) -> BTreeSet<Role> {
    r.iter().copied().collect()
}

fn check(op: &Op, r: &[Role]) -> Result<(), Refusal> {
    admit(op, &roles(r), &PidRules::default(), &NoFacts)
}

#[test]
fn an_op_id_names_its_author() {
    let (a, b) = (actor(), actor());
    let id = OpId::minted(a, Uuid::now_v7());
    assert!(id.is_minted_by(a));
    assert!(!id.is_minted_by(b));
    assert_eq!(id.0.get_version_num(), 7, "still a UUIDv7, so ids sort by time");
}

#[test]
fn an_honest_idea_is_admitted() {
    let a = actor();
    assert_eq!(
        check(&op_by(a, None, created("Bedside gel", "Empty by noon")), &[Role::Clinician]),
        Ok(())
    );
}

#[test]
fn another_members_op_id_is_refused() {
    let (a, b) = (actor(), actor());
    let honest = op_by(a, None, created("Bedside gel", "Empty by noon"));
    let copy = Op { actor: b, ..honest };
    assert_eq!(check(&copy, &[Role::Admin]).unwrap_err().code(), "malformed");
}

#[test]
fn an_idea_is_created_only_under_its_creating_ops_id() {
    let (a, b) = (actor(), actor());
    let original = op_by(a, None, created("Bedside gel", "Empty by noon"));
    let rewrite = op_by(b, Some(original.entity_id), created("Mine now", "Rewritten"));
    let refusal = check(&rewrite, &[Role::Admin]).unwrap_err();
    assert!(refusal.to_string().contains("created once"), "{refusal}");
}

#[test]
fn a_read_only_field_is_refused_not_fatal() {
    let a = actor();
    let idea = op_by(a, None, created("t", "p")).entity_id;
    let edit = op_by(
        a,
        Some(idea),
        OpPayload::IdeaEdited(IdeaEdited {
            set: BTreeMap::from([(IdeaField::Tag, "x".into())]),
            ..Default::default()
        }),
    );
    assert!(check(&edit, &[Role::Lead]).unwrap_err().to_string().contains("read-only field tag"));
}

#[test]
fn received_text_meets_every_limit_of_a_local_write() {
    let a = actor();
    for (title, problem, code) in [
        ("", "p", "empty"),
        ("t", &*"x".repeat(100_000), "too_long"),
        ("t\u{1b}[2J", "p", "control_character"),
        ("two\nlines", "p", "multi_line"),
        ("  untrimmed ", "p", "malformed"),
    ] {
        let refusal = check(&op_by(a, None, created(title, problem)), &[Role::Admin]).unwrap_err();
        assert_eq!(refusal.code(), code, "{title:?}: {refusal}");
    }
}

#[test]
fn patient_details_in_any_free_text_are_refused() {
    let a = actor();
    let idea = op_by(a, None, created("Falls", "Night falls")).entity_id;
    let forged = [
        created("Patient 943 476 5919 fell", "p"),
        OpPayload::CommentAdded(CommentAdded {
            text: "call 07700 900123".into(),
            author: "A".into(),
            support: false,
        }),
        OpPayload::IdeaTagged(IdeaTagged { tag: "ls6 2ab".into() }),
        // Written carelessly, as the guard on a local save also catches them.
        created("Falls", "NHS ９４３.４７６.５９１９"),
        created("Falls", "d.o.b. 12.03.87, jane.smith [at] nhs.net"),
        created("Falls", "ring +44(0)7700900123 or ls62ab"),
    ];
    for payload in forged {
        let entity = (!matches!(payload, OpPayload::IdeaCreated(_))).then_some(idea);
        let refusal = check(&op_by(a, entity, payload), &[Role::Admin]).unwrap_err();
        assert_eq!(refusal.code(), "patient_data", "{refusal}");
    }
}

#[test]
fn a_back_dated_op_cannot_slip_a_date_of_birth_past_the_guard() {
    let a = actor();
    // 1 Jan 2010: its author chose the stamp.
    let back_dated =
        |payload| Op { hlc: Hlc::new(1_262_304_000_000, 0), ..op_by(a, None, payload) };
    for text in ["Pt DOB 14/02/2015 fell", "fell on 14/02/2012 at home"] {
        let refusal = check(&back_dated(created("Falls", text)), &[Role::Admin]).unwrap_err();
        assert_eq!(refusal.code(), "patient_data", "{text}: {refusal}");
        // The same text stamped today is refused alike: the verdict is the op's, not the clock's.
        let today = check(&op_by(a, None, created("Falls", text)), &[Role::Admin]).unwrap_err();
        assert_eq!(today.code(), "patient_data", "{text}");
    }
    // A cued birth date is one whatever year it names.
    let future = check(&op_by(a, None, created("Falls", "born 03/04/2031")), &[Role::Admin]);
    assert_eq!(future.unwrap_err().code(), "patient_data");
    // Ordinary text stays admitted, back-dated or not.
    assert_eq!(
        check(&back_dated(created("Falls", "Night falls in bay 4")), &[Role::Admin]),
        Ok(())
    );
}

#[test]
fn an_untag_removes_only_adds_of_its_own_tag() {
    let a = actor();
    let idea = op_by(a, None, created("t", "p")).entity_id;
    let untag = |removes: Vec<String>| {
        op_by(a, Some(idea), OpPayload::IdeaUntagged(IdeaUntagged { tag: "falls".into(), removes }))
    };
    assert_eq!(check(&untag(vec![format!("{idea}/falls")]), &[Role::Lead]), Ok(()));
    assert!(check(&untag(vec![format!("{idea}/sepsis")]), &[Role::Lead]).is_err());
    assert!(check(&untag(vec!["not an id".into()]), &[Role::Lead]).is_err());
}

#[test]
fn a_gate_decision_must_be_the_move_its_decision_makes() {
    let a = actor();
    let idea = op_by(a, None, created("t", "p")).entity_id;
    let gate = |from, to| {
        op_by(
            a,
            Some(idea),
            OpPayload::GateDecided(GateDecided {
                from,
                to,
                decision: Decision::Go,
                rationale: "Clear need".into(),
            }),
        )
    };
    assert_eq!(check(&gate(Stage::Submitted, Stage::Triage), &[Role::Lead]), Ok(()));
    assert!(check(&gate(Stage::Submitted, Stage::AdoptAndSpread), &[Role::Lead]).is_err());
    assert_eq!(
        check(&gate(Stage::Submitted, Stage::Triage), &[Role::Clinician]).unwrap_err().code(),
        "not_allowed"
    );
}

#[test]
fn hub_wide_settings_name_no_idea() {
    let a = actor();
    let set = |entity| {
        let mut op = op_by(
            a,
            None,
            OpPayload::HospitalNumbersSet(crate::HospitalNumbersSet { patterns: vec![] }),
        );
        op.entity_id = entity;
        op
    };
    assert_eq!(check(&set(Uuid::nil()), &[Role::Admin]), Ok(()));
    assert!(check(&set(Uuid::now_v7()), &[Role::Admin]).is_err());
}

#[test]
fn only_an_admin_sets_the_hubs_waiting_target_and_only_within_a_year() {
    let a = actor();
    let target = |days| {
        let mut op =
            op_by(a, None, OpPayload::HubTargetsSet(crate::HubTargetsSet { waiting_days: days }));
        op.entity_id = Uuid::nil();
        op
    };
    assert_eq!(check(&target(30), &[Role::Admin]), Ok(()));
    assert_eq!(check(&target(30), &[Role::Lead]).unwrap_err().code(), "not_allowed");
    for days in [0, 366] {
        assert!(check(&target(days), &[Role::Admin]).is_err(), "{days}");
    }
}

#[test]
fn a_clinician_edits_the_idea_their_own_op_created() {
    let (a, b) = (actor(), actor());
    let idea = op_by(a, None, created("t", "p")).entity_id;
    let edit = |by| {
        op_by(
            by,
            Some(idea),
            OpPayload::IdeaEdited(IdeaEdited {
                set: BTreeMap::from([(IdeaField::Title, "New".into())]),
                ..Default::default()
            }),
        )
    };
    assert_eq!(check(&edit(a), &[Role::Clinician]), Ok(()));
    assert_eq!(check(&edit(b), &[Role::Clinician]).unwrap_err().code(), "not_allowed");
}

#[test]
fn unknown_fields_do_not_parse_so_a_newer_sprout_is_not_misread() {
    let json = r#"{"type":"idea_tagged","tag":"falls","colour":"red"}"#;
    assert!(serde_json::from_str::<OpPayload>(json).is_err());
    let json = r#"{"type":"idea_tagged","tag":"falls"}"#;
    assert!(serde_json::from_str::<OpPayload>(json).is_ok());
}

#[test]
fn a_forged_import_record_is_refused_like_any_malformed_op() {
    let a = actor();
    let imported = |i: crate::Imported| {
        OpPayload::IdeaCreated(IdeaCreated {
            title: "Falls".into(),
            problem: "At night".into(),
            author: "Lee Lead".into(),
            imported: Some(i),
            ..Default::default()
        })
    };
    let key = crate::source_key("forms", &["7"]);
    let honest = crate::Imported {
        key: key.clone(),
        stage: Stage::Evaluate,
        decision: Some(Decision::Go),
        submitted_on: "2025-03-01".into(),
        submitted_by: "Sam Nurse".into(),
        ..Default::default()
    };
    assert_eq!(check(&op_by(a, None, imported(honest.clone())), &[Role::Lead]), Ok(()));
    let forged = [
        // The cells themselves instead of their hash.
        crate::Imported { key: "943 476 5919".into(), ..honest.clone() },
        crate::Imported { submitted_on: "2025-02-30".into(), ..honest.clone() },
        crate::Imported { submitted_by: " Sam Nurse".into(), ..honest.clone() },
        crate::Imported { decision: Some(Decision::Stop), ..honest.clone() },
        crate::Imported { supporters: crate::MAX_IMPORTED_SUPPORTERS + 1, ..honest.clone() },
    ];
    for i in forged {
        let refusal = check(&op_by(a, None, imported(i.clone())), &[Role::Lead]).unwrap_err();
        assert!(!refusal.to_string().contains("943"), "{i:?}: {refusal}");
    }
    let hidden = crate::Imported { submitted_by: "Patient 943 476 5919".into(), ..honest.clone() };
    let refusal = check(&op_by(a, None, imported(hidden)), &[Role::Lead]).unwrap_err();
    assert_eq!(refusal.code(), "patient_data");
    let by_a_clinician = check(&op_by(a, None, imported(honest)), &[Role::Clinician]).unwrap_err();
    assert_eq!(by_a_clinician.code(), "not_allowed");
}
