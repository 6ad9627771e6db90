//! The idea: what a clinician writes down about a problem they see and how it might be solved.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use uuid::Uuid;

use crate::pipeline::Stage;
use crate::record::DecisionRecord;
use crate::validate::{Invalid, Problem};

/// An idea's stable identity: a UUIDv7, so ids sort roughly by creation time.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Type)]
#[serde(transparent)]
pub struct IdeaId(Uuid);

impl IdeaId {
    pub fn from_uuid(uuid: Uuid) -> Self {
        IdeaId(uuid)
    }

    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for IdeaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.hyphenated().fmt(f)
    }
}

impl fmt::Debug for IdeaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdeaId({self})")
    }
}

impl FromStr for IdeaId {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s.trim())
            .map(IdeaId)
            .map_err(|_| Invalid::new(IdeaField::Id, Problem::NotAnId { given: s.to_owned() }))
    }
}

/// The fields a person can see and change, named as the people using Sprout name them.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum IdeaField {
    Id,
    Title,
    Problem,
    Solution,
    /// Not an editable field: names a tag in validation messages.
    Tag,
    /// Not an editable field: names a comment in validation messages.
    Comment,
    /// Not an editable field: names a review's scores in validation messages.
    Review,
    /// Not an editable field: names a gate decision's rationale in validation messages.
    Rationale,
    // Framework answers, shown at the gates that need them. Each is an ordinary field:
    // versioned, merged and put in conflict like the title.
    ClinicalSponsor,
    /// NICE Evidence Standards Framework tier: A, B or C.
    EsfTier,
    /// Technology Readiness Level, 1 to 9.
    Trl,
    DtacStatus,
    /// Whether the POC touches patients: yes or no.
    PatientFacing,
    /// Whether it is likely a medical device, and of which class, with the reasoning.
    MhraDevice,
    DpiaScreening,
    /// NASSS domain ratings, as written by the lead.
    Nasss,
    /// Who the problem affects: patients, carers, staff (comma-separated).
    Affects,
    Site,
    Department,
    // The POC plan: ordinary fields like the framework answers, which leads and admins
    // alone may set.
    PocAim,
    /// The hub member who runs the POC and records its progress (an actor id).
    ProjectLead,
    /// Service evaluation, audit, research or quality improvement.
    ProjectType,
    /// Process, impact or economic.
    EvaluationType,
    EvaluationDesign,
    /// The ethics (IRAS) reference research needs.
    EthicsRef,
    // Not editable fields: the parts of a POC record, named in validation messages.
    Hypothesis,
    Measure,
    Metric,
    Unit,
    Direction,
    Baseline,
    BaselineDate,
    BaselineSource,
    Target,
    TargetDate,
    Actual,
    ActualDate,
    Milestone,
    Due,
    Owner,
    MilestoneStatus,
    DoneDate,
    PocStatus,
    StatusNote,
    Category,
    Funder,
    /// Money in a budget line, stored as whole pence.
    Planned,
    Committed,
    Spent,
    Risk,
    /// 1 to 5.
    Likelihood,
    Impact,
    Mitigation,
    /// open or closed.
    RiskStatus,
    LocalLead,
    /// A POC site's status: planned, running, finished or withdrawn.
    SiteStatus,
    Start,
    End,
    /// Where an adopted idea stands at a site: interested, planning, adopting, live or declined.
    SpreadStatus,
    Reason,
    /// The local assurance a site has cleared: dcb0160, dtac, dpia, dspt, ig.
    Assurance,
    /// An evidence document attached to a POC: its name, SHA-256 and size in bytes.
    FileName,
    FileHash,
    FileSize,
    // Not editable fields: what an imported row brings beyond a typed idea.
    Submitted,
    SubmittedBy,
    Supporters,
    Stage,
    Decision,
    // Not editable fields: a partnership's records (partner.rs), named in messages.
    LegalName,
    PartnerKind,
    Address,
    ContactName,
    ContactRole,
    Email,
    Phone,
    Partner,
    PartnershipKind,
    LinkedIdeas,
    DataAccess,
    CommercialUse,
    Principle1,
    Principle2,
    Principle3,
    Principle4,
    Principle5,
    Exclusive,
    BoardApproved,
    BoardRef,
    LaySummary,
    PublicBenefit,
    LegalBasis,
    DpiaRef,
    Confidentiality,
    PartnershipStage,
    AgreementType,
    ModelVersion,
    Unmodified,
    AgreementStatus,
    Effective,
    Expires,
    NoticeDays,
    Signatories,
    IpBackground,
    ForegroundOwner,
    Publication,
    Agreement,
    Mechanism,
    Amount,
    Responsible,
    ObligationStatus,
    Confidential,
    Interest,
    InterestKind,
    SealedTo,
    // Not editable fields: a benefit's register entry (benefit.rs), named in messages.
    BenefitClass,
    BenefitCategory,
    Description,
    ServiceFeature,
    CostToSecure,
    ResponsibleOfficer,
    OperationalOwner,
    ValuePerYear,
    Timescale,
    Disbenefit,
    Assumptions,
    Confidence,
    FromMetric,
    BenefitState,
    Quarter,
    Forecast,
    Finance,
    ReviewMonths,
}

impl IdeaField {
    pub fn name(self) -> &'static str {
        match self {
            IdeaField::Id => "id",
            IdeaField::Title => "title",
            IdeaField::Problem => "problem",
            IdeaField::Solution => "solution",
            IdeaField::Tag => "tag",
            IdeaField::Comment => "comment",
            IdeaField::Review => "review",
            IdeaField::Rationale => "rationale",
            IdeaField::ClinicalSponsor => "clinical_sponsor",
            IdeaField::EsfTier => "esf_tier",
            IdeaField::Trl => "trl",
            IdeaField::DtacStatus => "dtac_status",
            IdeaField::PatientFacing => "patient_facing",
            IdeaField::MhraDevice => "mhra_device",
            IdeaField::DpiaScreening => "dpia_screening",
            IdeaField::Nasss => "nasss",
            IdeaField::Affects => "affects",
            IdeaField::Site => "site",
            IdeaField::Department => "department",
            IdeaField::PocAim => "poc_aim",
            IdeaField::ProjectLead => "project_lead",
            IdeaField::ProjectType => "project_type",
            IdeaField::EvaluationType => "evaluation_type",
            IdeaField::EvaluationDesign => "evaluation_design",
            IdeaField::EthicsRef => "ethics_ref",
            IdeaField::Hypothesis => "hypothesis",
            IdeaField::Measure => "measure",
            IdeaField::Metric => "metric",
            IdeaField::Unit => "unit",
            IdeaField::Direction => "direction",
            IdeaField::Baseline => "baseline",
            IdeaField::BaselineDate => "baseline_date",
            IdeaField::BaselineSource => "baseline_source",
            IdeaField::Target => "target",
            IdeaField::TargetDate => "target_date",
            IdeaField::Actual => "actual",
            IdeaField::ActualDate => "actual_date",
            IdeaField::Milestone => "milestone",
            IdeaField::Due => "due",
            IdeaField::Owner => "owner",
            IdeaField::MilestoneStatus => "milestone_status",
            IdeaField::DoneDate => "done_date",
            IdeaField::PocStatus => "poc_status",
            IdeaField::StatusNote => "status_note",
            IdeaField::Category => "category",
            IdeaField::Funder => "funder",
            IdeaField::Planned => "planned",
            IdeaField::Committed => "committed",
            IdeaField::Spent => "spent",
            IdeaField::Risk => "risk",
            IdeaField::Likelihood => "likelihood",
            IdeaField::Impact => "impact",
            IdeaField::Mitigation => "mitigation",
            IdeaField::RiskStatus => "risk_status",
            IdeaField::LocalLead => "local_lead",
            IdeaField::SiteStatus => "site_status",
            IdeaField::Start => "start",
            IdeaField::End => "end",
            IdeaField::SpreadStatus => "spread_status",
            IdeaField::Reason => "reason",
            IdeaField::Assurance => "assurance",
            IdeaField::FileName => "file_name",
            IdeaField::FileHash => "file_hash",
            IdeaField::FileSize => "file_size",
            IdeaField::Submitted => "submitted",
            IdeaField::SubmittedBy => "submitted_by",
            IdeaField::Supporters => "supporters",
            IdeaField::Stage => "stage",
            IdeaField::Decision => "decision",
            IdeaField::LegalName => "legal_name",
            IdeaField::PartnerKind => "partner_kind",
            IdeaField::Address => "address",
            IdeaField::ContactName => "contact_name",
            IdeaField::ContactRole => "contact_role",
            IdeaField::Email => "email",
            IdeaField::Phone => "phone",
            IdeaField::Partner => "partner",
            IdeaField::PartnershipKind => "partnership_kind",
            IdeaField::LinkedIdeas => "linked_ideas",
            IdeaField::DataAccess => "data_access",
            IdeaField::CommercialUse => "commercial_use",
            IdeaField::Principle1 => "principle_1",
            IdeaField::Principle2 => "principle_2",
            IdeaField::Principle3 => "principle_3",
            IdeaField::Principle4 => "principle_4",
            IdeaField::Principle5 => "principle_5",
            IdeaField::Exclusive => "exclusive",
            IdeaField::BoardApproved => "board_approved",
            IdeaField::BoardRef => "board_ref",
            IdeaField::LaySummary => "lay_summary",
            IdeaField::PublicBenefit => "public_benefit",
            IdeaField::LegalBasis => "legal_basis",
            IdeaField::DpiaRef => "dpia_ref",
            IdeaField::Confidentiality => "confidentiality",
            IdeaField::PartnershipStage => "partnership_stage",
            IdeaField::AgreementType => "agreement_type",
            IdeaField::ModelVersion => "model_version",
            IdeaField::Unmodified => "unmodified",
            IdeaField::AgreementStatus => "agreement_status",
            IdeaField::Effective => "effective",
            IdeaField::Expires => "expires",
            IdeaField::NoticeDays => "notice_days",
            IdeaField::Signatories => "signatories",
            IdeaField::IpBackground => "ip_background",
            IdeaField::ForegroundOwner => "foreground_owner",
            IdeaField::Publication => "publication",
            IdeaField::Agreement => "agreement",
            IdeaField::Mechanism => "mechanism",
            IdeaField::Amount => "amount",
            IdeaField::Responsible => "responsible",
            IdeaField::ObligationStatus => "obligation_status",
            IdeaField::Confidential => "confidential",
            IdeaField::Interest => "interest",
            IdeaField::InterestKind => "interest_kind",
            IdeaField::SealedTo => "sealed_to",
            IdeaField::BenefitClass => "benefit_class",
            IdeaField::BenefitCategory => "benefit_category",
            IdeaField::Description => "description",
            IdeaField::ServiceFeature => "service_feature",
            IdeaField::CostToSecure => "cost_to_secure",
            IdeaField::ResponsibleOfficer => "responsible_officer",
            IdeaField::OperationalOwner => "operational_owner",
            IdeaField::ValuePerYear => "value_per_year",
            IdeaField::Timescale => "timescale",
            IdeaField::Disbenefit => "disbenefit",
            IdeaField::Assumptions => "assumptions",
            IdeaField::Confidence => "confidence",
            IdeaField::FromMetric => "from_metric",
            IdeaField::BenefitState => "benefit_state",
            IdeaField::Quarter => "quarter",
            IdeaField::Forecast => "forecast",
            IdeaField::Finance => "finance",
            IdeaField::ReviewMonths => "review_months",
        }
    }

    /// The fields an edit may set: the idea's text and its framework answers.
    pub const EDITABLE: [IdeaField; 20] = [
        IdeaField::Title,
        IdeaField::Problem,
        IdeaField::Solution,
        IdeaField::Affects,
        IdeaField::Site,
        IdeaField::Department,
        IdeaField::ClinicalSponsor,
        IdeaField::EsfTier,
        IdeaField::Trl,
        IdeaField::DtacStatus,
        IdeaField::PatientFacing,
        IdeaField::MhraDevice,
        IdeaField::DpiaScreening,
        IdeaField::Nasss,
        IdeaField::PocAim,
        IdeaField::ProjectLead,
        IdeaField::ProjectType,
        IdeaField::EvaluationType,
        IdeaField::EvaluationDesign,
        IdeaField::EthicsRef,
    ];

    /// The framework answers gates read (neither the idea's own words nor its POC plan).
    pub fn is_framework(self) -> bool {
        IdeaField::EDITABLE[6..14].contains(&self)
    }

    /// The POC plan's own fields, which leads and admins alone set.
    pub fn is_poc_plan(self) -> bool {
        IdeaField::EDITABLE[14..].contains(&self)
    }

    pub fn is_editable(self) -> bool {
        IdeaField::EDITABLE.contains(&self)
    }

    /// The field with this name, as stored and as typed on the command line.
    pub fn named(name: &str) -> Option<IdeaField> {
        IdeaField::EDITABLE.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for IdeaField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An idea as every front door shows it.
#[derive(Clone, PartialEq, Debug, Serialize, Deserialize, Type)]
pub struct Idea {
    pub id: IdeaId,
    pub title: String,
    pub problem: String,
    /// The proposed solution; `None` until somebody suggests one.
    pub solution: Option<String>,
    pub author: String,
    /// Who the problem affects: any of `patients`, `carers`, `staff`.
    pub affects: Vec<String>,
    /// Where it was seen: the site and department or ward.
    pub site: String,
    pub department: String,
    /// The actor id of the person and device that submitted it.
    pub submitted_by: String,
    /// Sorted, lower case.
    pub tags: Vec<String>,
    /// How many people have said they see this problem too.
    pub supporters: u32,
    /// The idea a lead merged this duplicate into, if they did.
    pub merged_into: Option<IdeaId>,
    /// Reviewers' weighted total against the rubric in force, 0 to 100, once someone
    /// has scored it (withheld from a reviewer who was asked and has not scored yet).
    pub score: Option<f64>,
    /// Where it is in the pipeline.
    pub stage: Stage,
    /// The latest gate decision, with the reason the submitter sees.
    pub last_decision: Option<DecisionRecord>,
    /// For an idea imported from a spreadsheet, who the sheet says first submitted it
    /// (empty if it did not say); `None` for an idea submitted in Sprout.
    pub original_submitter: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a person types to submit a new idea, before validation.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize, Type)]
pub struct NewIdea {
    pub title: String,
    pub problem: String,
    pub solution: Option<String>,
    #[serde(default)]
    pub affects: Vec<String>,
    #[serde(default)]
    pub site: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A change to some of an idea's fields; `None` leaves a field as it is.
/// An empty solution clears it.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize, Type)]
pub struct IdeaPatch {
    pub title: Option<String>,
    pub problem: Option<String>,
    pub solution: Option<String>,
    #[serde(default)]
    pub affects: Option<Vec<String>>,
    #[serde(default)]
    pub site: Option<String>,
    #[serde(default)]
    pub department: Option<String>,
}
