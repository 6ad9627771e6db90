//! What the places in the app ask of the service: a gate's criteria before anything is
//! pressed, bulk decisions and reviewers with a report of refusals, every problem with a
//! typed idea at once, and news on a person's own ideas.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use sprout_app::{CriterionFix, Decision, ErrorCode, IdeaField, NewIdea, Sprout, Stage};

fn idea(pc: &Sprout, title: &str) -> sprout_app::IdeaId {
    let new =
        NewIdea { title: title.into(), problem: "Seen on the ward".into(), ..Default::default() };
    pc.add_idea(&new).unwrap().id
}

#[test]
fn a_gate_shows_each_criterion_met_or_not_before_a_decision() {
    let dir = tempfile::tempdir().unwrap();
    let lead = common::sealed_pc(dir.path(), "Lee Lead");
    let id = idea(&lead, "Bed sensors");
    for _ in 0..3 {
        lead.decide(id, Decision::Go, "On").unwrap();
    }
    let gate = lead.gate(id).unwrap();
    assert_eq!(gate.stage, Stage::Evaluate);
    let moves: Vec<(Decision, Stage)> = gate.moves.iter().map(|m| (m.decision, m.to)).collect();
    assert_eq!(
        moves,
        [
            (Decision::Go, Stage::PocPlanning),
            (Decision::Hold, Stage::Parked),
            (Decision::Recycle, Stage::Refine),
            (Decision::Stop, Stage::Declined)
        ]
    );
    let go = &gate.moves[0];
    let sponsor = go.criteria.iter().find(|c| c.field == Some(IdeaField::ClinicalSponsor)).unwrap();
    assert!(!sponsor.met);
    assert_eq!(sponsor.fix, CriterionFix::Framework);
    assert!(go.criteria.iter().filter(|c| c.field.is_none()).all(|c| c.met));
    assert!(gate.moves[1].criteria.is_empty(), "parking needs nothing");

    lead.set_framework(id, IdeaField::ClinicalSponsor, "Dr A Khan").unwrap();
    assert!(lead.gate(id).unwrap().moves[0].criteria.iter().all(|c| c.met));
    lead.decide(id, Decision::Stop, "Not now").unwrap();
    assert!(lead.gate(id).unwrap().moves.is_empty(), "a declined idea stays declined");
}

#[test]
fn one_decision_for_many_ideas_moves_those_it_may_and_names_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let lead = common::sealed_pc(dir.path(), "Lee Lead");
    let first = idea(&lead, "Quiet hours");
    let second = idea(&lead, "Hand gel");
    let declined = idea(&lead, "Fax machines");
    lead.decide(declined, Decision::Stop, "No").unwrap();

    let outcome =
        lead.decide_many(&[first, second, declined], Decision::Go, "Worth triage").unwrap();
    assert_eq!(
        outcome.done.iter().map(|d| d.title.as_str()).collect::<Vec<_>>(),
        ["Quiet hours", "Hand gel"]
    );
    assert_eq!(outcome.refused.len(), 1);
    assert_eq!(outcome.refused[0].title, "Fax machines");
    assert!(outcome.refused[0].refused.contains("declined"), "{}", outcome.refused[0].refused);
    assert_eq!(lead.idea(first).unwrap().stage, Stage::Triage);

    let blank = lead.decide_many(&[first], Decision::Go, "  ").unwrap();
    assert_eq!(blank.refused.len(), 1, "the rationale is required for each, as alone");

    let lee = lead.people().unwrap().into_iter().find(|p| p.acting).unwrap().actor;
    // Adding someone makes them the one using Sprout; the lead takes the PC back.
    let ana = lead.add_person("Ana Reviewer", None).unwrap().actor;
    lead.switch_person(&lee, Some(common::PASS)).unwrap();
    let asked = lead.assign_reviewer_many(&[first, second], &ana).unwrap();
    assert_eq!((asked.done.len(), asked.refused.len()), (2, 0), "{asked:?}");
    assert_eq!(lead.scores(first).unwrap().reviewers, [ana]);

    let too_many = vec![first; sprout_app::MAX_BULK + 1];
    let e = lead.decide_many(&too_many, Decision::Go, "Many").unwrap_err();
    assert_eq!(e.code, ErrorCode::NotAllowed);
}

#[test]
fn a_clinician_on_a_ward_pc_cannot_decide_in_bulk_either() {
    let dir = tempfile::tempdir().unwrap();
    let ward = common::ward_pc(dir.path(), "Nia Nurse");
    let id = idea(&ward, "Quiet hours");
    let outcome = ward.decide_many(&[id], Decision::Go, "Mine").unwrap();
    assert_eq!((outcome.done.len(), outcome.refused.len()), (0, 1));
    assert_eq!(ward.idea(id).unwrap().stage, Stage::Submitted);
}

#[test]
fn every_problem_with_a_typed_idea_is_found_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let ward = common::ward_pc(dir.path(), "Nia Nurse");
    let typed = NewIdea {
        title: "  ".into(),
        problem: "Mr B, NHS 943 476 5919, fell twice".into(),
        department: Some("Ward 7 near LS6 2AB".into()),
        affects: vec!["visitors".into()],
        ..Default::default()
    };
    let problems = ward.idea_problems(&typed).unwrap();
    let fields: Vec<Option<IdeaField>> = problems.iter().map(|p| p.field).collect();
    assert!(fields.contains(&Some(IdeaField::Title)), "{problems:?}");
    assert!(fields.contains(&Some(IdeaField::Affects)), "{problems:?}");
    assert!(fields.contains(&Some(IdeaField::Problem)), "{problems:?}");
    assert!(fields.contains(&Some(IdeaField::Department)), "{problems:?}");
    let pid = problems.iter().find(|p| p.field == Some(IdeaField::Problem)).unwrap();
    assert_eq!(pid.code, ErrorCode::PatientData);
    assert_eq!(pid.patient_data.len(), 1);
    let fine = NewIdea { title: "Quiet".into(), problem: "Noise".into(), ..Default::default() };
    assert!(ward.idea_problems(&fine).unwrap().is_empty());
    assert!(ward.ideas().unwrap().is_empty(), "checking writes nothing");
}

#[test]
fn my_ideas_news_is_per_person_and_cleared_by_looking() {
    let dir = tempfile::tempdir().unwrap();
    let lead = common::sealed_pc(dir.path(), "Lee Lead");
    let lee = lead.people().unwrap().into_iter().find(|p| p.acting).unwrap().actor;
    // Adding Nia makes her the one using Sprout.
    let nia = lead.add_person("Nia Nurse", None).unwrap().actor;
    assert!(lead.my_news().unwrap().is_empty(), "a first look has nothing new");
    let id = idea(&lead, "Quiet hours");
    assert!(lead.my_news().unwrap().is_empty(), "sharing it is not news to her");

    lead.switch_person(&lee, Some(common::PASS)).unwrap();
    lead.decide(id, Decision::Go, "Worth triage").unwrap();
    lead.support_idea(id, "We see this too").unwrap();

    lead.switch_person(&nia, None).unwrap();
    let news = lead.my_news().unwrap();
    assert_eq!(news.len(), 1);
    assert!(news[0].decided);
    assert_eq!(news[0].supporters, 1);
    lead.mark_my_ideas_seen().unwrap();
    assert!(lead.my_news().unwrap().is_empty());
}

#[test]
fn partnerships_come_a_page_at_a_time_with_counts_over_every_page() {
    let dir = tempfile::tempdir().unwrap();
    let lead = common::sealed_pc(dir.path(), "Lee Lead");
    let partner = lead.add_partner("Acme Health Ltd", "industry", None).unwrap();
    for n in 0..120 {
        lead.add_partnership(&partner, &format!("Partnership {n:03}"), "research", None).unwrap();
    }
    let first = lead.partnerships_page(None, Some(1)).unwrap();
    assert_eq!((first.rows.len(), first.matching, first.page, first.pages), (50, 120, 1, 3));
    let last = lead.partnerships_page(None, Some(3)).unwrap();
    assert_eq!(last.rows.len(), 20);
    assert_eq!(last.rows[0].title, "Partnership 100", "oldest first across pages");
    assert_eq!(
        lead.partnerships_page(None, Some(99)).unwrap().page,
        3,
        "past the end is the last page"
    );
    let signed =
        lead.partnerships_page(Some(sprout_app::PartnershipStage::Signed), Some(1)).unwrap();
    assert_eq!((signed.rows.len(), signed.matching, signed.pages), (0, 0, 1));
    assert_eq!(signed.by_stage, [(sprout_app::PartnershipStage::Discovery, 120)]);
    assert_eq!(lead.partnerships(None).unwrap().rows.len(), 120, "the CLI lists every one");
}
