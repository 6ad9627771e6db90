//! The words people read for the domain's names: stages, decisions, fields and the
//! frameworks a lead records answers for. The app's screens take them from here through
//! the generated bindings, so a label is written once, beside the rule it names.

use serde::Serialize;
use specta::Type;

use crate::poc::Choice;
use crate::{Decision, IdeaField, IdeaSort, Role, Stage};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct StageWords {
    pub stage: Stage,
    pub label: String,
    /// On the line from Submitted to Adopt & spread (not Parked or Declined).
    pub main_line: bool,
    /// What happens next to an idea here, in plain words for the person who shared it.
    pub next: String,
    /// An idea here has a POC record (POC planning to Adopt & spread).
    pub has_poc: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct DecisionWords {
    pub decision: Decision,
    pub label: String,
}

/// A framework question as the idea's page asks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct FrameworkQuestion {
    pub field: IdeaField,
    pub label: String,
    /// Which gate needs it, if one does.
    pub hint: String,
    /// What the framework is, in a sentence, for someone meeting it for the first time.
    pub explains: String,
    /// The answers allowed, when it is a choice; empty for free text.
    pub options: Vec<String>,
}

/// A decision that moves an idea from one stage to another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct StageMove {
    pub from: Stage,
    pub decision: Decision,
    pub to: Stage,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct Vocabulary {
    pub stages: Vec<StageWords>,
    /// Every move the pipeline allows (see [`crate::transition`]).
    pub moves: Vec<StageMove>,
    pub decisions: Vec<DecisionWords>,
    pub framework: Vec<FrameworkQuestion>,
    /// The POC fields with a fixed set of answers, and those answers.
    pub poc_choices: Vec<crate::poc::PocChoices>,
    /// The partnership fields with a fixed set of answers, and those answers.
    pub partner_choices: Vec<crate::poc::PocChoices>,
    /// A partnership's stages in order, as people say them.
    pub partnership_stages: Vec<PartnershipStageWords>,
    /// The benefit fields with a fixed set of answers, and those answers.
    pub benefit_choices: Vec<crate::poc::PocChoices>,
    /// A benefit's states in order, as people say them.
    pub benefit_states: Vec<BenefitStateWords>,
    /// Who a problem may affect, as the idea form offers it.
    pub affects: Vec<Choice>,
    /// The answers a reviewer gives a criterion: 1 to 5, or unable to assess.
    pub score_scale: Vec<Choice>,
    /// The orders the Ideas table offers.
    pub sorts: Vec<SortWords>,
    /// Roles as an approver chooses them.
    pub roles: Vec<RoleWords>,
    /// Who a capability belongs to, in a sentence's words ("reviewers, leads and admins"),
    /// for a place someone reaches without it.
    pub holders: Vec<HolderWords>,
    /// The assurance levels a board paper's cover sheet states, the usual one second.
    pub assurance_levels: Vec<String>,
}

/// The assurance levels NHS board papers state, as a cover sheet words them.
pub const ASSURANCE_LEVELS: [&str; 4] =
    ["Substantial assurance", "Reasonable assurance", "Limited assurance", "No assurance"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct BenefitStateWords {
    pub state: crate::BenefitState,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct PartnershipStageWords {
    pub stage: crate::PartnershipStage,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct SortWords {
    pub sort: crate::IdeaSort,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct RoleWords {
    pub role: crate::Role,
    pub label: String,
}

/// A capability (see [`crate::Capabilities`]) and who holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct HolderWords {
    pub capability: String,
    pub who: String,
}

/// The key a score is sent with for "unable to assess".
pub const UNABLE_TO_ASSESS: &str = "unable";

impl IdeaField {
    /// The field as a person names it, in a sentence: "changed the {label}".
    pub fn label(self) -> &'static str {
        match self {
            IdeaField::Id => "id",
            IdeaField::Title => "title",
            IdeaField::Problem => "problem",
            IdeaField::Solution => "proposed solution",
            IdeaField::Tag => "tag",
            IdeaField::Comment => "comment",
            IdeaField::Review => "scores",
            IdeaField::Rationale => "reason for the decision",
            IdeaField::ClinicalSponsor => "clinical sponsor",
            IdeaField::EsfTier => "NICE evidence standards tier",
            IdeaField::Trl => "technology readiness level",
            IdeaField::DtacStatus => "DTAC status",
            IdeaField::PatientFacing => "answer on whether it is patient-facing",
            IdeaField::MhraDevice => "medical device (MHRA) answer",
            IdeaField::DpiaScreening => "DPIA screening answers",
            IdeaField::Nasss => "NASSS ratings",
            IdeaField::Affects => "who it affects",
            IdeaField::Site => "site",
            IdeaField::Department => "department or ward",
            IdeaField::PocAim => "POC aim",
            IdeaField::ProjectLead => "project lead",
            IdeaField::ProjectType => "project type",
            IdeaField::EvaluationType => "evaluation type",
            IdeaField::EvaluationDesign => "evaluation design",
            IdeaField::EthicsRef => "ethics (IRAS) reference",
            IdeaField::Hypothesis => "hypothesis",
            IdeaField::Measure => "measure that tests it",
            IdeaField::Metric => "metric name",
            IdeaField::Unit => "unit",
            IdeaField::Direction => "direction",
            IdeaField::Baseline => "baseline",
            IdeaField::BaselineDate => "baseline date",
            IdeaField::BaselineSource => "baseline source",
            IdeaField::Target => "target",
            IdeaField::TargetDate => "target date",
            IdeaField::Actual => "actual value",
            IdeaField::ActualDate => "date of the actual",
            IdeaField::Milestone => "milestone title",
            IdeaField::Due => "due date",
            IdeaField::Owner => "owner",
            IdeaField::MilestoneStatus => "milestone status",
            IdeaField::DoneDate => "done date",
            IdeaField::PocStatus => "POC status",
            IdeaField::StatusNote => "status note",
            IdeaField::Category => "budget category",
            IdeaField::Funder => "funder",
            IdeaField::Planned => "planned amount",
            IdeaField::Committed => "committed amount",
            IdeaField::Spent => "amount spent",
            IdeaField::Risk => "risk",
            IdeaField::Likelihood => "likelihood",
            IdeaField::Impact => "impact",
            IdeaField::Mitigation => "mitigation",
            IdeaField::RiskStatus => "risk status",
            IdeaField::LocalLead => "local lead",
            IdeaField::SiteStatus => "site status",
            IdeaField::Start => "start date",
            IdeaField::End => "end date",
            IdeaField::SpreadStatus => "spread status",
            IdeaField::Reason => "reason",
            IdeaField::Assurance => "local assurance",
            IdeaField::FileName => "file",
            IdeaField::FileHash => "file's fingerprint",
            IdeaField::FileSize => "file's size",
            IdeaField::Submitted => "date first submitted",
            IdeaField::SubmittedBy => "original submitter",
            IdeaField::Supporters => "supporters' count",
            IdeaField::Stage => "stage",
            IdeaField::Decision => "latest decision",
            IdeaField::LegalName => "partner's legal name",
            IdeaField::PartnerKind => "kind of partner",
            IdeaField::Address => "address",
            IdeaField::ContactName => "contact's name",
            IdeaField::ContactRole => "contact's role",
            IdeaField::Email => "e-mail address",
            IdeaField::Phone => "phone number",
            IdeaField::Partner => "partner",
            IdeaField::PartnershipKind => "kind of partnership",
            IdeaField::LinkedIdeas => "linked ideas",
            IdeaField::DataAccess => "data access route",
            IdeaField::CommercialUse => "commercial or non-commercial use",
            IdeaField::Principle1 => "evidence for principle 1 (explicit aim and benefits)",
            IdeaField::Principle2 => "evidence for principle 2 (fair terms)",
            IdeaField::Principle3 => "evidence for principle 3 (no exclusive access to raw data)",
            IdeaField::Principle4 => "evidence for principle 4 (transparency)",
            IdeaField::Principle5 => "evidence for principle 5 (law and regulation)",
            IdeaField::Exclusive => "answer on exclusive access to raw data",
            IdeaField::BoardApproved => "date the board approved the terms",
            IdeaField::BoardRef => "board minute reference",
            IdeaField::LaySummary => "lay summary",
            IdeaField::PublicBenefit => "public benefit statement",
            IdeaField::LegalBasis => "lawful basis",
            IdeaField::DpiaRef => "DPIA reference",
            IdeaField::Confidentiality => "duty of confidentiality basis",
            IdeaField::PartnershipStage => "partnership stage",
            IdeaField::AgreementType => "agreement type",
            IdeaField::ModelVersion => "model agreement version",
            IdeaField::Unmodified => "answer on whether the model was used unmodified",
            IdeaField::AgreementStatus => "agreement status",
            IdeaField::Effective => "effective date",
            IdeaField::Expires => "expiry date",
            IdeaField::NoticeDays => "notice period in days",
            IdeaField::Signatories => "signatories",
            IdeaField::IpBackground => "background IP",
            IdeaField::ForegroundOwner => "owner of the foreground IP",
            IdeaField::Publication => "answer on publication",
            IdeaField::Agreement => "agreement",
            IdeaField::Mechanism => "value-share mechanism",
            IdeaField::Amount => "amount",
            IdeaField::Responsible => "who is responsible",
            IdeaField::ObligationStatus => "status",
            IdeaField::Confidential => "answer on whether it is confidential",
            IdeaField::Interest => "declared interest",
            IdeaField::InterestKind => "kind of interest",
            IdeaField::SealedTo => "keys it is sealed to",
            IdeaField::BenefitClass => "class of benefit",
            IdeaField::BenefitCategory => "category of benefit",
            IdeaField::Description => "description",
            IdeaField::ServiceFeature => "service feature that gives rise to it",
            IdeaField::CostToSecure => "cost to secure it",
            IdeaField::ResponsibleOfficer => "responsible officer",
            IdeaField::OperationalOwner => "operational owner",
            IdeaField::ValuePerYear => "full-year value",
            IdeaField::Timescale => "timescale in years",
            IdeaField::Disbenefit => "answer on whether it is a disbenefit",
            IdeaField::Assumptions => "assumptions",
            IdeaField::Confidence => "confidence",
            IdeaField::FromMetric => "POC metric it came from",
            IdeaField::BenefitState => "benefit state",
            IdeaField::Quarter => "quarter",
            IdeaField::Forecast => "forecast",
            IdeaField::Finance => "finance confirmation",
            IdeaField::ReviewMonths => "review",
        }
    }
}

fn question(
    field: IdeaField,
    label: &str,
    hint: &str,
    explains: &str,
    options: &[&str],
) -> FrameworkQuestion {
    FrameworkQuestion {
        field,
        label: label.into(),
        hint: hint.into(),
        explains: explains.into(),
        options: options.iter().map(|o| (*o).into()).collect(),
    }
}

fn next_step(stage: Stage) -> &'static str {
    match stage {
        Stage::Submitted => {
            "The innovation team reads every new idea at triage. You will see their decision, and why, here."
        }
        Stage::Triage => {
            "The team is deciding whether to take it further. Reviewers may be asked to score it first."
        }
        Stage::Refine => {
            "The team is working the idea up with you: expect questions in the comments below."
        }
        Stage::Evaluate => {
            "Reviewers are scoring it against the hub's criteria, and a lead will decide whether to test it."
        }
        Stage::PocPlanning => {
            "A proof of concept is being planned: a clinical sponsor, the checks it needs and how success will be measured."
        }
        Stage::PocRunning => "The proof of concept is running. Results are reviewed when it ends.",
        Stage::PocReview => {
            "The results are being reviewed to decide whether it should spread to other sites."
        }
        Stage::AdoptAndSpread => "It worked and is being taken up by other sites.",
        Stage::Parked => {
            "It is on hold for now, with the reason below. A lead can bring it back to triage at any time."
        }
        Stage::Declined => {
            "It will not go further, for the reason below. You can share a new version as a fresh idea."
        }
    }
}

/// Every label the screens show for the pipeline and its frameworks.
fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        stages: Stage::ALL
            .iter()
            .enumerate()
            .map(|(at, s)| StageWords {
                stage: *s,
                label: s.label().into(),
                main_line: at < 8,
                next: next_step(*s).into(),
                has_poc: (Stage::PocPlanning..=Stage::AdoptAndSpread).contains(s),
            })
            .collect(),
        moves: Stage::ALL
            .iter()
            .flat_map(|from| {
                Decision::ALL.iter().filter_map(|decision| {
                    let to = crate::transition(*from, *decision).ok()?;
                    Some(StageMove { from: *from, decision: *decision, to })
                })
            })
            .collect(),
        decisions: Decision::ALL
            .iter()
            .map(|d| DecisionWords { decision: *d, label: d.label().into() })
            .collect(),
        poc_choices: crate::poc::poc_choices(),
        partner_choices: crate::partner::partner_choices(),
        partnership_stages: crate::PartnershipStage::ALL
            .iter()
            .map(|s| PartnershipStageWords { stage: *s, label: s.label().into() })
            .collect(),
        benefit_choices: crate::benefit::benefit_choices(),
        benefit_states: crate::BenefitState::ALL
            .iter()
            .map(|s| BenefitStateWords { state: *s, label: s.label().into() })
            .collect(),
        affects: crate::validate::AFFECTED
            .iter()
            .map(|a| Choice { key: (*a).into(), label: capitalised(a) })
            .collect(),
        score_scale: (crate::rubric::LOWEST_SCORE..=crate::rubric::HIGHEST_SCORE)
            .map(|n| Choice { key: n.to_string(), label: n.to_string() })
            .chain([Choice { key: UNABLE_TO_ASSESS.into(), label: "Unable to assess".into() }])
            .collect(),
        sorts: [
            (IdeaSort::Newest, "Newest first"),
            (IdeaSort::Oldest, "Oldest first"),
            (IdeaSort::Title, "Title, A to Z"),
            (IdeaSort::Supported, "Most supported"),
            (IdeaSort::Score, "Highest score"),
        ]
        .into_iter()
        .map(|(sort, label)| SortWords { sort, label: label.into() })
        .collect(),
        roles: Role::ALL
            .into_iter()
            .map(|role| RoleWords { role, label: capitalised(role.name()) })
            .collect(),
        holders: [
            ("review", "reviewers, leads and admins"),
            ("decide", "leads and admins"),
            ("import_ideas", "leads and admins"),
            ("record_benefits", "leads and admins"),
        ]
        .into_iter()
        .map(|(capability, who)| HolderWords { capability: capability.into(), who: who.into() })
        .collect(),
        framework: vec![
            question(
                IdeaField::ClinicalSponsor,
                "Clinical sponsor",
                "Needed before POC planning.",
                "A senior clinician who backs the idea and answers for its clinical safety.",
                &[],
            ),
            question(
                IdeaField::EsfTier,
                "NICE Evidence Standards tier",
                "",
                "NICE's Evidence Standards Framework puts digital health technology in tier A, B or C by its risk; the tier sets how much evidence it needs.",
                &["", "A", "B", "C"],
            ),
            question(
                IdeaField::Trl,
                "Technology Readiness Level",
                "",
                "Technology Readiness Levels run from 1 (a principle observed) to 9 (proven in routine use).",
                &["", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
            ),
            question(
                IdeaField::DtacStatus,
                "DTAC status",
                "",
                "The Digital Technology Assessment Criteria are the NHS baseline for clinical safety, data protection, technical security, interoperability and usability.",
                &[],
            ),
            question(
                IdeaField::PatientFacing,
                "Is the POC patient-facing?",
                "Needed before the POC runs.",
                "Whether patients use the POC or are touched by it directly, which decides the checks it needs.",
                &["", "yes", "no"],
            ),
            question(
                IdeaField::MhraDevice,
                "MHRA: likely a medical device? Class and why",
                "Needed before a patient-facing POC runs.",
                "The MHRA regulates medical devices: software that diagnoses, treats or monitors may be one, and its class sets the rules it must meet.",
                &[],
            ),
            question(
                IdeaField::DpiaScreening,
                "DPIA screening answers",
                "Needed before the POC runs.",
                "A Data Protection Impact Assessment is required where personal data is used in a way that carries high risk; screening says whether this POC needs one.",
                &[],
            ),
            question(
                IdeaField::Nasss,
                "NASSS domain ratings",
                "",
                "The NASSS framework rates how hard adoption will be across seven domains, from the condition and the technology to the organisation and wider system.",
                &[],
            ),
        ],
        assurance_levels: ASSURANCE_LEVELS.iter().map(|l| (*l).to_owned()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_framework_field_is_asked_once_and_explained() {
        let words = vocabulary();
        let asked: Vec<IdeaField> = words.framework.iter().map(|q| q.field).collect();
        let framework: Vec<IdeaField> =
            IdeaField::EDITABLE.into_iter().filter(|f| f.is_framework()).collect();
        assert_eq!(asked, framework);
        assert!(words.framework.iter().all(|q| !q.explains.is_empty() && !q.label.is_empty()));
        assert_eq!(words.stages.len(), Stage::ALL.len());
        assert_eq!(words.stages.iter().filter(|s| s.main_line).count(), 8);
    }
}
