//! Validation at the edge: every front door passes user text through here before anything
//! is written, so the rules and the wording of their messages are the same everywhere.

use std::collections::BTreeMap;

use serde::Serialize;
use thiserror::Error;

use crate::idea::{IdeaField, IdeaPatch, NewIdea};
use crate::op::{CommentAdded, GateDecided, IdeaCreated, IdeaEdited, ReviewSubmitted};
use crate::pipeline::{Decision, Stage, transition};

pub const MAX_TITLE_CHARS: usize = 200;
pub const MAX_TEXT_CHARS: usize = 20_000;
pub const MAX_TAG_CHARS: usize = 40;
/// Criterion keys are short machine names such as `need` or `value_for_money`.
pub const MAX_CRITERION_CHARS: usize = 60;

/// User input that cannot be saved, and which field it concerns.
#[derive(Clone, PartialEq, Eq, Debug, Error, Serialize)]
#[error("{}", self.message())]
pub struct Invalid {
    pub field: IdeaField,
    pub problem: Problem,
}

impl Invalid {
    pub fn new(field: IdeaField, problem: Problem) -> Self {
        Invalid { field, problem }
    }

    /// One sentence naming the field and what is wrong with it.
    pub fn message(&self) -> String {
        match &self.problem {
            Problem::NothingToChange | Problem::NotAnId { .. } => self.problem.to_string(),
            // POC fields came after people read "title must not be empty"; they are named
            // as people say them, which their stored names are not.
            problem if self.field >= IdeaField::PocAim => {
                format!("{} {problem}", self.field.label())
            }
            problem => format!("{} {problem}", self.field),
        }
    }
}

/// What is wrong with a field. Each variant has a stable code the UI can branch on.
#[derive(Clone, PartialEq, Eq, Debug, Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    #[error("must not be empty")]
    Empty,
    #[error("is {actual} characters long; the limit is {max}")]
    TooLong { max: usize, actual: usize },
    #[error(
        "contains a control character ({}) at character {position}; only newlines and tabs are allowed",
        describe_char(*.character)
    )]
    ControlCharacter { character: char, position: usize },
    #[error("must be a single line")]
    MultiLine,
    #[error("{given:?} is not an idea id (ids look like 019a0c3e-8f1b-7c2d-9e4f-0a1b2c3d4e5f)")]
    NotAnId { given: String },
    #[error("nothing to change: give a new title, problem or solution")]
    NothingToChange,
    #[error("gives {criterion:?} a score of {score}; scores run from 1 to 5")]
    ScoreOutOfRange { criterion: String, score: u8 },
    #[error("needs at least one score")]
    NoScores,
    #[error("must be one of {allowed}")]
    NotOneOf { allowed: &'static str },
    /// A typed value (an e-mail address, a phone number) that does not have its shape.
    #[error("must be {shape}")]
    NotShaped { shape: &'static str },
    #[error("cannot be taken: {reason}")]
    GateClosed { reason: String },
    #[error("must be a date written YYYY-MM-DD, such as 2026-03-31")]
    NotADate,
    #[error("must be a number, such as 12 or 3.5")]
    NotANumber,
    #[error("must be an amount in pounds, such as 1250 or 1,250.50")]
    NotMoney,
}

impl Problem {
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Empty => "empty",
            Problem::TooLong { .. } => "too_long",
            Problem::ControlCharacter { .. } => "control_character",
            Problem::MultiLine => "multi_line",
            Problem::NotAnId { .. } => "not_an_id",
            Problem::NothingToChange => "nothing_to_change",
            Problem::ScoreOutOfRange { .. } => "score_out_of_range",
            Problem::NoScores => "no_scores",
            Problem::NotOneOf { .. } | Problem::NotShaped { .. } => "not_one_of",
            Problem::GateClosed { .. } => "gate_closed",
            Problem::NotADate => "not_a_date",
            Problem::NotANumber => "not_a_number",
            Problem::NotMoney => "not_money",
        }
    }
}

fn describe_char(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// Checks a new idea and returns the normalised text to store, credited to `author`.
pub fn validate_new_idea(new: &NewIdea, author: &str) -> Result<IdeaCreated, Invalid> {
    let title = title(&new.title)?;
    let problem = required_text(IdeaField::Problem, &new.problem)?;
    let solution = match &new.solution {
        Some(s) => optional_text(IdeaField::Solution, s)?,
        None => String::new(),
    };
    let affects = validate_framework(IdeaField::Affects, &new.affects.join(","))?;
    let site = validate_framework(IdeaField::Site, new.site.as_deref().unwrap_or_default())?;
    let department =
        validate_framework(IdeaField::Department, new.department.as_deref().unwrap_or_default())?;
    let mut tags = Vec::new();
    for raw in &new.tags {
        let tag = validate_tag(raw)?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(Invalid::new(
            IdeaField::Tag,
            Problem::TooLong { max: MAX_TAGS, actual: tags.len() },
        ));
    }
    tags.sort();
    Ok(IdeaCreated {
        title,
        problem,
        solution,
        author: author.to_owned(),
        affects,
        site,
        department,
        tags,
        imported: None,
    })
}

/// Who a problem may affect, in the order forms list them.
pub const AFFECTED: [&str; 3] = ["patients", "carers", "staff"];
/// Category tags one submission may carry.
pub const MAX_TAGS: usize = 10;

/// Checks a change to an idea and returns the normalised fields to set.
pub fn validate_patch(patch: &IdeaPatch) -> Result<IdeaEdited, Invalid> {
    let mut set = BTreeMap::new();
    if let Some(t) = &patch.title {
        set.insert(IdeaField::Title, title(t)?);
    }
    if let Some(p) = &patch.problem {
        set.insert(IdeaField::Problem, required_text(IdeaField::Problem, p)?);
    }
    if let Some(s) = &patch.solution {
        set.insert(IdeaField::Solution, optional_text(IdeaField::Solution, s)?);
    }
    if let Some(a) = &patch.affects {
        set.insert(IdeaField::Affects, validate_framework(IdeaField::Affects, &a.join(","))?);
    }
    if let Some(s) = &patch.site {
        set.insert(IdeaField::Site, validate_framework(IdeaField::Site, s)?);
    }
    if let Some(d) = &patch.department {
        set.insert(IdeaField::Department, validate_framework(IdeaField::Department, d)?);
    }
    if set.is_empty() {
        return Err(Invalid::new(IdeaField::Id, Problem::NothingToChange));
    }
    Ok(IdeaEdited { set, supersedes: BTreeMap::new() })
}

/// Checks a tag and returns it as stored: lower case, inner spaces collapsed, so "Falls"
/// and " falls " are one tag on every device.
pub fn validate_tag(raw: &str) -> Result<String, Invalid> {
    let t = one_line(IdeaField::Tag, raw, MAX_TAG_CHARS)?;
    Ok(t.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase())
}

/// Checks a comment and returns it as stored, credited to `author`.
pub fn validate_comment(text: &str, author: &str) -> Result<CommentAdded, Invalid> {
    Ok(CommentAdded {
        text: required_text(IdeaField::Comment, text)?,
        author: author.to_owned(),
        support: false,
    })
}

/// Checks a reviewer's scores: at least one criterion, each scored 1 to 5 or "unable to
/// assess" (`None`).
pub fn validate_review(
    scores: &BTreeMap<String, Option<u8>>,
    note: &str,
) -> Result<ReviewSubmitted, Invalid> {
    if scores.is_empty() {
        return Err(Invalid::new(IdeaField::Review, Problem::NoScores));
    }
    let mut checked = BTreeMap::new();
    for (criterion, score) in scores {
        let key = one_line(IdeaField::Review, criterion, MAX_CRITERION_CHARS)?;
        if let Some(s) = score
            .filter(|s| !(crate::rubric::LOWEST_SCORE..=crate::rubric::HIGHEST_SCORE).contains(s))
        {
            return Err(Invalid::new(
                IdeaField::Review,
                Problem::ScoreOutOfRange { criterion: key, score: s },
            ));
        }
        checked.insert(key, *score);
    }
    Ok(ReviewSubmitted { scores: checked, note: optional_text(IdeaField::Review, note)? })
}

/// Checks one framework answer and returns it as stored. An empty answer clears it.
pub fn validate_framework(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let one_of = |allowed: &'static str, options: &[&str], value: String| {
        if value.is_empty() || options.contains(&value.as_str()) {
            Ok(value)
        } else {
            Err(Invalid::new(field, Problem::NotOneOf { allowed }))
        }
    };
    match field {
        IdeaField::EsfTier => {
            one_of("A, B or C", &["A", "B", "C"], raw.trim().to_ascii_uppercase())
        }
        IdeaField::Trl => one_of(
            "a readiness level from 1 to 9",
            &["1", "2", "3", "4", "5", "6", "7", "8", "9"],
            raw.trim().to_owned(),
        ),
        IdeaField::PatientFacing => {
            one_of("yes or no", &["yes", "no"], raw.trim().to_ascii_lowercase())
        }
        IdeaField::Affects => {
            let mut given = Vec::new();
            for part in
                raw.split(',').map(|p| p.trim().to_ascii_lowercase()).filter(|p| !p.is_empty())
            {
                if !AFFECTED.contains(&part.as_str()) {
                    return Err(Invalid::new(
                        field,
                        Problem::NotOneOf { allowed: "patients, carers or staff" },
                    ));
                }
                given.push(part);
            }
            Ok(AFFECTED
                .iter()
                .filter(|a| given.iter().any(|g| g == *a))
                .copied()
                .collect::<Vec<_>>()
                .join(","))
        }
        IdeaField::ClinicalSponsor
        | IdeaField::DtacStatus
        | IdeaField::Site
        | IdeaField::Department => {
            let t = optional_text(field, raw)?;
            if t.contains('\n') {
                return Err(Invalid::new(field, Problem::MultiLine));
            }
            if t.chars().count() > MAX_TITLE_CHARS {
                let actual = t.chars().count();
                return Err(Invalid::new(field, Problem::TooLong { max: MAX_TITLE_CHARS, actual }));
            }
            Ok(t)
        }
        IdeaField::MhraDevice | IdeaField::DpiaScreening | IdeaField::Nasss => {
            optional_text(field, raw)
        }
        _ => Err(Invalid::new(field, Problem::NotOneOf { allowed: "a framework field" })),
    }
}

/// Checks a gate decision: the move must be one the decision makes from where the idea
/// is, and the rationale, which the submitter will read, must be given.
pub fn validate_decision(
    from: Stage,
    decision: Decision,
    rationale: &str,
) -> Result<GateDecided, Invalid> {
    let rationale = required_text(IdeaField::Rationale, rationale)?;
    let to = transition(from, decision)
        .map_err(|reason| Invalid::new(IdeaField::Rationale, Problem::GateClosed { reason }))?;
    Ok(GateDecided { from, to, decision, rationale })
}

pub(crate) fn title(raw: &str) -> Result<String, Invalid> {
    one_line(IdeaField::Title, raw, MAX_TITLE_CHARS)
}

pub(crate) fn one_line(field: IdeaField, raw: &str, max: usize) -> Result<String, Invalid> {
    let t = required_text(field, raw)?;
    if t.contains('\n') {
        return Err(Invalid::new(field, Problem::MultiLine));
    }
    let actual = t.chars().count();
    if actual > max {
        return Err(Invalid::new(field, Problem::TooLong { max, actual }));
    }
    Ok(t)
}

pub(crate) fn required_text(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let t = optional_text(field, raw)?;
    if t.is_empty() {
        return Err(Invalid::new(field, Problem::Empty));
    }
    Ok(t)
}

/// Normalises line endings (Windows text boxes send CRLF), trims, and enforces the
/// size and character rules shared by every free-text field.
pub(crate) fn optional_text(field: IdeaField, raw: &str) -> Result<String, Invalid> {
    let text = raw.replace("\r\n", "\n");
    let text = text.trim();
    if let Some((index, character)) =
        text.chars().enumerate().find(|(_, c)| c.is_control() && *c != '\n' && *c != '\t')
    {
        return Err(Invalid::new(
            field,
            Problem::ControlCharacter { character, position: index + 1 },
        ));
    }
    let actual = text.chars().count();
    if actual > MAX_TEXT_CHARS {
        return Err(Invalid::new(field, Problem::TooLong { max: MAX_TEXT_CHARS, actual }));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(title: &str, problem: &str) -> NewIdea {
        NewIdea {
            title: title.into(),
            problem: problem.into(),
            solution: None,
            ..Default::default()
        }
    }

    fn validate_new_idea_by(n: &NewIdea) -> Result<IdeaCreated, Invalid> {
        validate_new_idea(n, "A. Nurse")
    }

    fn problem_of(r: Result<IdeaCreated, Invalid>) -> (IdeaField, Problem) {
        let e = r.expect_err("should be invalid");
        (e.field, e.problem)
    }

    #[test]
    fn accepts_and_trims_a_good_idea() {
        let ok = validate_new_idea_by(&NewIdea {
            title: "  Bedside hand gel  ".into(),
            problem: "Gel dispensers are\r\nempty by noon.\t(ward 7)".into(),
            solution: Some("   ".into()),
            ..Default::default()
        })
        .expect("valid");
        assert_eq!(ok.title, "Bedside hand gel");
        assert_eq!(ok.problem, "Gel dispensers are\nempty by noon.\t(ward 7)");
        assert_eq!(ok.solution, "");
    }

    #[test]
    fn empty_or_blank_title_is_refused() {
        for t in ["", "   ", "\n\t "] {
            assert_eq!(
                problem_of(validate_new_idea_by(&new(t, "p"))),
                (IdeaField::Title, Problem::Empty)
            );
        }
    }

    #[test]
    fn empty_problem_is_refused() {
        assert_eq!(
            problem_of(validate_new_idea_by(&new("t", " "))),
            (IdeaField::Problem, Problem::Empty)
        );
    }

    #[test]
    fn title_limit_is_200_characters_not_bytes() {
        let at_limit = "é".repeat(200);
        assert!(validate_new_idea_by(&new(&at_limit, "p")).is_ok());
        let over = "a".repeat(201);
        assert_eq!(
            problem_of(validate_new_idea_by(&new(&over, "p"))),
            (IdeaField::Title, Problem::TooLong { max: 200, actual: 201 })
        );
    }

    #[test]
    fn text_limit_is_20000_characters() {
        assert!(validate_new_idea_by(&new("t", &"x".repeat(20_000))).is_ok());
        let mut n = new("t", "p");
        n.solution = Some("x".repeat(20_001));
        assert_eq!(
            problem_of(validate_new_idea_by(&n)),
            (IdeaField::Solution, Problem::TooLong { max: 20_000, actual: 20_001 })
        );
    }

    #[test]
    fn control_characters_are_refused_with_position() {
        let (field, problem) = problem_of(validate_new_idea_by(&new("t", "ab\u{7}c")));
        assert_eq!(field, IdeaField::Problem);
        assert_eq!(problem, Problem::ControlCharacter { character: '\u{7}', position: 3 });
        assert!(problem.to_string().contains("U+0007"));
        // A lone carriage return is not a line ending we accept.
        assert!(validate_new_idea_by(&new("t", "a\rb")).is_err());
        assert!(validate_new_idea_by(&new("t\u{0}", "p")).is_err());
        assert!(validate_new_idea_by(&new("t", "a\u{9b}b")).is_err(), "C1 controls too");
    }

    #[test]
    fn title_must_be_one_line() {
        assert_eq!(
            problem_of(validate_new_idea_by(&new("one\ntwo", "p"))),
            (IdeaField::Title, Problem::MultiLine)
        );
    }

    #[test]
    fn messages_name_the_field_and_limit() {
        let e = validate_new_idea_by(&new(&"a".repeat(250), "p")).expect_err("too long");
        assert_eq!(e.to_string(), "title is 250 characters long; the limit is 200");
    }

    #[test]
    fn patch_sets_only_given_fields_and_can_clear_solution() {
        let edit = validate_patch(&IdeaPatch {
            title: None,
            problem: Some(" new ".into()),
            solution: Some(String::new()),
            ..Default::default()
        })
        .expect("valid");
        assert_eq!(edit.set.get(&IdeaField::Problem).map(String::as_str), Some("new"));
        assert_eq!(edit.set.get(&IdeaField::Solution).map(String::as_str), Some(""));
        assert!(!edit.set.contains_key(&IdeaField::Title));
    }

    #[test]
    fn empty_patch_is_refused() {
        let e = validate_patch(&IdeaPatch::default()).expect_err("nothing to change");
        assert_eq!(e.problem, Problem::NothingToChange);
    }

    #[test]
    fn tags_are_one_short_line_in_lower_case() {
        assert_eq!(validate_tag("  Falls   Prevention ").expect("valid"), "falls prevention");
        assert_eq!(validate_tag("a\nb").expect_err("multi").problem, Problem::MultiLine);
        assert_eq!(
            validate_tag(&"x".repeat(41)).expect_err("long").to_string(),
            "tag is 41 characters long; the limit is 40"
        );
        assert_eq!(validate_tag(" ").expect_err("empty").problem, Problem::Empty);
    }

    #[test]
    fn comments_follow_the_free_text_rules() {
        assert_eq!(
            validate_comment(" +1 \r\nsame on ward 9", "A").expect("ok").text,
            "+1 \nsame on ward 9"
        );
        assert_eq!(validate_comment("", "A").expect_err("empty").field, IdeaField::Comment);
        assert_eq!(
            validate_comment(&"x".repeat(20_001), "A").expect_err("long").problem.code(),
            "too_long"
        );
    }

    #[test]
    fn reviews_score_one_to_five_or_unable_to_assess() {
        let ok = BTreeMap::from([("need".to_owned(), Some(5)), ("evidence".to_owned(), None)]);
        assert_eq!(validate_review(&ok, "").expect("valid").scores, ok);
        let bad = BTreeMap::from([("need".to_owned(), Some(6))]);
        assert_eq!(
            validate_review(&bad, "").expect_err("range").to_string(),
            "review gives \"need\" a score of 6; scores run from 1 to 5"
        );
        let zero = BTreeMap::from([("need".to_owned(), Some(0))]);
        assert!(validate_review(&zero, "").is_err());
        assert_eq!(
            validate_review(&BTreeMap::new(), "").expect_err("none").problem,
            Problem::NoScores
        );
    }

    #[test]
    fn framework_answers_are_checked_by_kind() {
        assert_eq!(validate_framework(IdeaField::EsfTier, " b ").expect("ok"), "B");
        assert_eq!(
            validate_framework(IdeaField::Trl, "10").expect_err("range").to_string(),
            "trl must be one of a readiness level from 1 to 9"
        );
        assert_eq!(validate_framework(IdeaField::PatientFacing, "YES").expect("ok"), "yes");
        assert_eq!(validate_framework(IdeaField::PatientFacing, "").expect("clears"), "");
        assert!(validate_framework(IdeaField::ClinicalSponsor, "Dr A\nDr B").is_err());
        assert!(validate_framework(IdeaField::Title, "x").is_err(), "not a framework field");
    }

    #[test]
    fn a_decision_needs_a_rationale_and_a_move_it_can_make() {
        let ok = validate_decision(Stage::Triage, Decision::Go, " Clear need ").expect("ok");
        assert_eq!((ok.to, ok.rationale.as_str()), (Stage::Refine, "Clear need"));
        assert_eq!(
            validate_decision(Stage::Triage, Decision::Go, " ").expect_err("empty").to_string(),
            "rationale must not be empty"
        );
        assert_eq!(
            validate_decision(Stage::Declined, Decision::Go, "why")
                .expect_err("closed")
                .problem
                .code(),
            "gate_closed"
        );
    }

    #[test]
    fn malformed_id_is_refused() {
        let e = "not-a-uuid".parse::<crate::IdeaId>().expect_err("bad id");
        assert_eq!(e.problem.code(), "not_an_id");
    }
}
