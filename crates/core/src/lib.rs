//! Sprout's domain: ideas, their validation, the operations that change them and the
//! hybrid logical clock that orders those operations.
//!
//! This crate is pure. It performs no I/O and reads no clock: callers pass the time in.
//! Everything that decides what is valid or how state evolves lives here so that the
//! desktop app, the CLI and (later) sync agree by construction.

mod benefit;
mod capabilities;
mod gate;
mod hlc;
mod idea;
mod import;
mod op;
mod partner;
mod partner_fields;
mod partner_view;
mod pid;
mod pipeline;
mod poc;
mod poc_view;
mod query;
mod record;
mod roles;
mod rubric;
mod search;
mod similar;
mod spc;
mod validate;
mod words;

pub use benefit::{
    BENEFIT_CATEGORIES, BENEFIT_CLASSES, BENEFIT_FIELDS, BenefitEntryKind, BenefitLogged,
    BenefitMove, BenefitMoved, BenefitSet, BenefitState, CONFIDENCE, Quarter, benefit_choices,
    financial_year, from_milli, is_benefit_prose, is_money, parse_financial_year, replay_benefit,
    to_milli, validate_amount, validate_benefit, validate_benefit_entry, validate_benefit_field,
    validate_benefit_move,
};
pub use capabilities::{Capabilities, capabilities, grantable_roles, may_be_asked_to_review};
pub use gate::{Facts, MAX_LIST_ENTRIES, NoFacts, Refusal, admit};
pub use hlc::Hlc;
pub use idea::{Idea, IdeaField, IdeaId, IdeaPatch, NewIdea};
pub use import::{Imported, MAX_IMPORTED_SUPPORTERS, source_key, validate_imported};
pub use op::{
    ActorId, CommentAdded, ConsensusRecorded, EntityKind, GateDecided, HospitalNumbersSet,
    HubTargetsSet, IdeaCreated, IdeaDeleted, IdeaEdited, IdeaMerged, IdeaTagged, IdeaUntagged,
    MAX_WAITING_DAYS, MergeUndone, Op, OpId, OpPayload, ReviewSubmitted, ReviewerAssigned, Version,
};
pub use partner::{
    AGREEMENT_STATUSES, AGREEMENT_TYPES, INTEREST_KINDS, MECHANISMS, OBLIGATION_STATUSES,
    PARTNER_KINDS, PARTNERSHIP_KINDS, PRINCIPLES, PartnerRecord, PartnerRecordSet,
    PartnershipMoved, PartnershipStage, validate_move, validate_partner_record,
};
pub use partner_fields::{
    SEALED, is_partner_prose, sealed_body, sealed_to, validate_partner_field,
};
pub use partner_view::{
    DEFAULT_NOTICE_DAYS, DUE_SOON_DAYS, DueItem, Fields, PartnershipCriterion, PartnershipMove,
    agreement_due, agreement_status, field, obligation_due, obligation_status,
    partnership_criteria, replay_stage,
};
pub use pid::{
    PidHit, PidKind, PidRules, describe as describe_pid, nhs_number_is_valid, scan as scan_for_pid,
};
pub use pipeline::{
    CriterionFix, Decision, GateCriterion, GateFacts, Stage, gate_criteria, transition,
    unmet_criteria,
};
pub use poc::{
    ASSURANCES, MAX_ATTACHMENT_BYTES, PocEntryKind, PocLogged, PocPart, PocPartSet, PocStatus,
    format_pence, part_name, site_record, validate_actual, validate_date, validate_logged,
    validate_number, validate_part, validate_poc_field, validate_pounds, validate_status,
};
pub use poc_view::{
    Actual, Attachment, BudgetLine, BudgetTotals, Hypothesis, Metric, Milestone, Poc, PocPage,
    PocQuery, PocSite, PocSummary, RiskView, Spread, SpreadSite, StatusNote,
};
pub use query::{
    IdeaNews, IdeaPage, IdeaQuery, IdeaRow, IdeaSort, MAX_PER_PAGE, PER_PAGE, Period, StageCount,
    StageWindow,
};
pub use record::{Comment, DecisionRecord, Review};
pub use roles::{
    Denied, Role, may_decide, may_edit, may_plan_poc, may_record_benefits, may_review,
    may_run_partnerships, permits,
};
pub use rubric::{Aggregate, Criterion, CriterionScores, Rubric, aggregate};
pub use search::fts_match_expression;
pub use similar::{Trigrams, fts_any_expression, fts_terms, similarity, trigrams};
pub use spc::{SpecialCause, Variation, Xmr, XmrPoint, xmr};
pub use validate::{
    AFFECTED, Invalid, MAX_TAG_CHARS, MAX_TAGS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, Problem,
    validate_comment, validate_decision, validate_framework, validate_new_idea, validate_patch,
    validate_review, validate_tag,
};
pub use words::{
    ASSURANCE_LEVELS, DecisionWords, FrameworkQuestion, HolderWords, RoleWords, SortWords,
    StageMove, StageWords, UNABLE_TO_ASSESS, Vocabulary, vocabulary,
};
