#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use sprout_app::{ErrorCode, IdeaField, IdeaId, IdeaPatch, NewIdea, Sprout};

fn new(title: &str, problem: &str) -> NewIdea {
    NewIdea { title: title.into(), problem: problem.into(), solution: None, ..Default::default() }
}

#[test]
fn an_idea_saved_is_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let sprout = common::opened(dir.path());
        sprout.add_idea(&new("Night-time falls", "Patients fall unseen")).unwrap().id
    };
    let sprout = common::opened(dir.path());
    let ideas = sprout.ideas().unwrap();
    assert_eq!(ideas.len(), 1);
    assert_eq!(ideas[0].id, id);
    assert_eq!(sprout.idea(id).unwrap().title, "Night-time falls");
}

#[test]
fn invalid_input_maps_to_a_code_and_field() {
    let sprout = Sprout::open_in_memory().unwrap();
    sprout.start_using("Tess Tester", "", None).unwrap();
    let e = sprout.add_idea(&new("  ", "p")).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::Empty, Some(IdeaField::Title)));
    assert_eq!(e.message, "title must not be empty");

    let e = sprout.add_idea(&new(&"x".repeat(201), "p")).unwrap_err();
    assert_eq!((e.code, e.field), (ErrorCode::TooLong, Some(IdeaField::Title)));

    // Ids are parsed once at the edge; a malformed one names the id field.
    let e = sprout_app::AppError::from("nope".parse::<IdeaId>().unwrap_err());
    assert_eq!((e.code, e.field), (ErrorCode::NotAnId, Some(IdeaField::Id)));

    let unknown = "019a0c3e-8f1b-7c2d-9e4f-0a1b2c3d4e5f";
    let e = sprout
        .edit_idea(
            unknown.parse().unwrap(),
            &IdeaPatch { title: Some("t".into()), ..Default::default() },
        )
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    assert_eq!(e.message, format!("no idea with id {unknown}"));
    assert!(sprout.ideas().unwrap().is_empty());
}

#[test]
fn errors_serialise_with_snake_case_codes_for_the_ui() {
    let sprout = Sprout::open_in_memory().unwrap();
    sprout.start_using("Tess Tester", "", None).unwrap();
    let e = sprout.add_idea(&new("t", "a\u{7}")).unwrap_err();
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["code"], "control_character");
    assert_eq!(json["field"], "problem");
    assert!(json["message"].as_str().unwrap().starts_with("problem contains a control character"));
}

#[test]
fn ideas_serialise_with_rfc3339_times() {
    let sprout = Sprout::open_in_memory().unwrap();
    sprout.start_using("Tess Tester", "", None).unwrap();
    let idea = sprout.add_idea(&new("t", "p")).unwrap();
    let json = serde_json::to_value(idea).unwrap();
    let created = json["created_at"].as_str().unwrap();
    assert!(chrono_like_rfc3339(created), "{created}");
    assert_eq!(json["solution"], serde_json::Value::Null);
}

fn chrono_like_rfc3339(s: &str) -> bool {
    s.len() >= 20 && s.as_bytes()[4] == b'-' && s.as_bytes()[10] == b'T' && s.ends_with('Z')
}

#[test]
fn update_endpoint_is_validated_and_clearable() {
    let sprout = Sprout::open_in_memory().unwrap();
    sprout.start_using("Tess Tester", "", None).unwrap();
    assert_eq!(sprout.update_endpoint().unwrap(), None);
    let e = sprout.set_update_endpoint(Some("ftp://x")).unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidSetting);
    sprout.set_update_endpoint(Some("https://updates.trust.nhs.uk/sprout/{{target}}")).unwrap();
    assert!(sprout.update_endpoint().unwrap().is_some());
    sprout.set_update_endpoint(None).unwrap();
    assert_eq!(sprout.update_endpoint().unwrap(), None);
}

#[test]
fn a_draft_survives_closing_the_app_and_never_holds_patient_details() {
    let dir = tempfile::tempdir().unwrap();
    let typing = NewIdea {
        title: "Night falls".into(),
        problem: "Half-written".into(),
        department: Some("Ward 7".into()),
        ..Default::default()
    };
    {
        let sprout = common::opened(dir.path());
        assert!(sprout.draft().unwrap().is_none());
        sprout.save_draft(&typing).unwrap();
    }
    // As after a crash: a new process on the same data.
    let sprout = common::opened(dir.path());
    let draft = sprout.draft().unwrap().expect("the draft is there");
    assert_eq!(draft.idea, typing);

    let leaked = NewIdea { problem: "Half-written, NHS 943 476 5919".into(), ..typing.clone() };
    let e = sprout.save_draft(&leaked).unwrap_err();
    assert_eq!(e.code, sprout_app::ErrorCode::PatientData);
    assert_eq!(sprout.draft().unwrap().unwrap().idea, typing, "the clean draft is kept");
    for file in ["sprout.db", "sprout.db-wal"] {
        let raw = std::fs::read(dir.path().join(file)).unwrap_or_default();
        assert!(!raw.windows(12).any(|w| w == b"943 476 5919"), "not written to {file}");
    }

    sprout.save_draft(&NewIdea::default()).unwrap();
    assert!(sprout.draft().unwrap().is_none(), "an empty form is no draft");
    let store = sprout_store::Store::open(&dir.path().join("sprout.db")).unwrap();
    assert_eq!(store.op_count().unwrap(), 0, "drafts never enter the op log");
}
