//! The stage-gated pipeline an idea moves through, and the gates between stages. Which
//! moves are allowed, and what must be true before some of them, lives here alone, so the
//! app, the CLI and every device receiving a decision agree.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::IdeaField;

/// Where an idea is. The main line runs from `Submitted` to `AdoptAndSpread`; `Parked`
/// and `Declined` sit beside it.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    #[default]
    Submitted,
    Triage,
    Refine,
    Evaluate,
    PocPlanning,
    PocRunning,
    PocReview,
    AdoptAndSpread,
    Parked,
    Declined,
}

impl Stage {
    pub const ALL: [Stage; 10] = [
        Stage::Submitted,
        Stage::Triage,
        Stage::Refine,
        Stage::Evaluate,
        Stage::PocPlanning,
        Stage::PocRunning,
        Stage::PocReview,
        Stage::AdoptAndSpread,
        Stage::Parked,
        Stage::Declined,
    ];

    /// The stages at which an idea has a POC: planned, running, reviewed, spreading.
    pub const WITH_POC: [Stage; 4] =
        [Stage::PocPlanning, Stage::PocRunning, Stage::PocReview, Stage::AdoptAndSpread];

    pub fn key(self) -> &'static str {
        match self {
            Stage::Submitted => "submitted",
            Stage::Triage => "triage",
            Stage::Refine => "refine",
            Stage::Evaluate => "evaluate",
            Stage::PocPlanning => "poc_planning",
            Stage::PocRunning => "poc_running",
            Stage::PocReview => "poc_review",
            Stage::AdoptAndSpread => "adopt_and_spread",
            Stage::Parked => "parked",
            Stage::Declined => "declined",
        }
    }

    /// As people say it.
    pub fn label(self) -> &'static str {
        match self {
            Stage::Submitted => "Submitted",
            Stage::Triage => "Triage",
            Stage::Refine => "Refine",
            Stage::Evaluate => "Evaluate",
            Stage::PocPlanning => "POC planning",
            Stage::PocRunning => "POC running",
            Stage::PocReview => "POC review",
            Stage::AdoptAndSpread => "Adopt & spread",
            Stage::Parked => "Parked",
            Stage::Declined => "Declined",
        }
    }

    /// The next stage on the main line, if there is one.
    fn next(self) -> Option<Stage> {
        let main = &Stage::ALL[..8];
        let at = main.iter().position(|s| *s == self)?;
        main.get(at + 1).copied()
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Stage {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted: String =
            s.trim().to_ascii_lowercase().chars().filter(char::is_ascii_alphanumeric).collect();
        Stage::ALL
            .into_iter()
            .find(|st| {
                st.key().replace('_', "") == wanted
                    || st.label().to_ascii_lowercase().replace(['&', ' '], "") == wanted
            })
            .ok_or_else(|| format!("{s:?} is not a stage"))
    }
}

/// What a gate decided.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// On to the next stage.
    Go,
    /// Not now: parked, to be picked up again later.
    Hold,
    /// Back to Refine for more work.
    Recycle,
    /// Declined.
    Stop,
}

impl Decision {
    pub const ALL: [Decision; 4] =
        [Decision::Go, Decision::Hold, Decision::Recycle, Decision::Stop];

    pub fn key(self) -> &'static str {
        match self {
            Decision::Go => "go",
            Decision::Hold => "hold",
            Decision::Recycle => "recycle",
            Decision::Stop => "stop",
        }
    }

    /// As a lead reads it when choosing.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Go => "Go: on to the next stage",
            Decision::Hold => "Hold: park it for now",
            Decision::Recycle => "Recycle: back to Refine",
            Decision::Stop => "Stop: decline it",
        }
    }
}

impl FromStr for Decision {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decision::ALL
            .into_iter()
            .find(|d| d.key().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("{s:?} is not a decision: use go, hold, recycle or stop"))
    }
}

/// Where a decision at a gate leaves an idea, or why it cannot be taken there.
pub fn transition(from: Stage, decision: Decision) -> Result<Stage, String> {
    let refused = || format!("an idea in {from} cannot be given {}", decision.key());
    match (from, decision) {
        (Stage::Declined, _) => Err("a declined idea stays declined; submit it afresh".into()),
        // A parked idea comes back to triage; holding or recycling it again means nothing.
        (Stage::Parked, Decision::Go) => Ok(Stage::Triage),
        (Stage::Parked, Decision::Stop) => Ok(Stage::Declined),
        (Stage::Parked, _) => Err(refused()),
        (_, Decision::Go) => from.next().ok_or_else(refused),
        (_, Decision::Hold) => Ok(Stage::Parked),
        (Stage::Submitted | Stage::Triage, Decision::Recycle) => Err(refused()),
        (_, Decision::Recycle) => Ok(Stage::Refine),
        (_, Decision::Stop) => Ok(Stage::Declined),
    }
}

/// What the gate's must-meet criteria look at: the idea's framework answers as they stand.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GateFacts {
    /// Whether any of the idea's text holds what looks like patient details.
    pub holds_patient_data: bool,
    pub clinical_sponsor: Option<String>,
    pub dpia_screening: Option<String>,
    /// "yes", "no" or `None` if nobody has said.
    pub patient_facing: Option<String>,
    pub mhra_device: Option<String>,
    /// Reviewers disagree on some criterion and no consensus note has followed.
    pub needs_consensus: bool,
    /// The POC's hypotheses, each with the measure that tests it.
    pub hypotheses: u32,
    /// The POC's metrics; those with both a baseline and a target; those with an actual.
    pub metrics: u32,
    pub metrics_planned: u32,
    pub metrics_measured: u32,
    /// The idea's benefits validated (or further on) with a baseline and a target.
    pub benefits_validated: u32,
}

/// Where a person goes to meet an unmet criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CriterionFix {
    /// The scores: reviewers' disagreement is settled by a consensus note.
    Scores,
    /// The idea's own words, which an edit changes.
    IdeaText,
    /// A framework answer.
    Framework,
    /// The POC record: its hypotheses, metrics and actuals.
    Poc,
    /// The idea's benefits register.
    Benefits,
}

/// One must-meet criterion of a gate, met or not, said before anyone presses anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct GateCriterion {
    /// What must be true, as a statement: "A clinical sponsor is named".
    pub text: String,
    pub met: bool,
    /// What to do while it is not met: "name a clinical sponsor before POC planning".
    pub todo: String,
    pub fix: CriterionFix,
    /// The framework answer that meets it, when one does.
    pub field: Option<IdeaField>,
}

/// Every must-meet criterion a move to `to` is held to, each met or not.
pub fn gate_criteria(to: Stage, facts: &GateFacts) -> Vec<GateCriterion> {
    let forward = matches!(
        to,
        Stage::Triage
            | Stage::Refine
            | Stage::Evaluate
            | Stage::PocPlanning
            | Stage::PocRunning
            | Stage::PocReview
            | Stage::AdoptAndSpread
    );
    if !forward {
        return Vec::new();
    }
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
    let criterion = |text: &str, met: bool, todo: &str, fix, field| GateCriterion {
        text: text.into(),
        met,
        todo: todo.into(),
        fix,
        field,
    };
    let mut all = vec![
        criterion(
            "Reviewers agree, or a consensus note settles where they differ",
            !facts.needs_consensus,
            "reviewers disagree: record a consensus note first",
            CriterionFix::Scores,
            None,
        ),
        criterion(
            "The idea's text holds no patient details",
            !facts.holds_patient_data,
            "the idea's text holds what looks like patient details: remove them first",
            CriterionFix::IdeaText,
            None,
        ),
    ];
    if to >= Stage::PocPlanning {
        all.push(criterion(
            "A clinical sponsor is named",
            !blank(&facts.clinical_sponsor),
            "name a clinical sponsor before POC planning",
            CriterionFix::Framework,
            Some(IdeaField::ClinicalSponsor),
        ));
    }
    if to >= Stage::PocRunning {
        all.push(criterion(
            "The DPIA screening questions are answered",
            !blank(&facts.dpia_screening),
            "answer the DPIA screening questions before the POC runs",
            CriterionFix::Framework,
            Some(IdeaField::DpiaScreening),
        ));
        all.push(criterion(
            "Whether the POC is patient-facing is answered",
            !blank(&facts.patient_facing),
            "say whether the POC is patient-facing before it runs",
            CriterionFix::Framework,
            Some(IdeaField::PatientFacing),
        ));
        // Evaluation is designed before the POC starts, not after it ends.
        all.push(criterion(
            "The POC has a hypothesis, with the measure that tests it",
            facts.hypotheses > 0,
            "write at least one hypothesis before the POC runs",
            CriterionFix::Poc,
            None,
        ));
        all.push(criterion(
            "Every metric has a baseline and a target",
            facts.metrics > 0 && facts.metrics_planned == facts.metrics,
            if facts.metrics == 0 {
                "add a success metric with its baseline and target before the POC runs"
            } else {
                "give every metric a baseline and a target before the POC runs"
            },
            CriterionFix::Poc,
            None,
        ));
        if facts.patient_facing.as_deref() == Some("yes") {
            all.push(criterion(
                "Whether a patient-facing POC is a medical device (MHRA) is answered",
                !blank(&facts.mhra_device),
                "answer whether it is a medical device (MHRA) before a patient-facing POC runs",
                CriterionFix::Framework,
                Some(IdeaField::MhraDevice),
            ));
        }
    }
    if to >= Stage::PocReview {
        all.push(criterion(
            "Every metric has an actual recorded",
            facts.metrics_measured == facts.metrics,
            "record an actual for every metric before the POC review",
            CriterionFix::Poc,
            None,
        ));
    }
    // A hub spreads what it can show pays back: the benefits register names what the idea
    // is to deliver, checked by a lead, before it is adopted anywhere else.
    if to >= Stage::AdoptAndSpread {
        all.push(criterion(
            "At least one benefit is validated, with its baseline and target",
            facts.benefits_validated > 0,
            "record a benefit with its baseline and target and have a lead validate it before adopting",
            CriterionFix::Benefits,
            None,
        ));
    }
    all
}

/// The must-meet criteria a move to `to` still fails, each as a sentence a lead can act
/// on. Empty means the gate may open.
pub fn unmet_criteria(to: Stage, facts: &GateFacts) -> Vec<String> {
    gate_criteria(to, facts).into_iter().filter(|c| !c.met).map(|c| c.todo).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_walks_the_main_line_and_stops_at_adoption() {
        let mut stage = Stage::Submitted;
        let mut walked = vec![stage];
        while let Ok(next) = transition(stage, Decision::Go) {
            stage = next;
            walked.push(stage);
        }
        assert_eq!(walked, Stage::ALL[..8]);
        assert!(transition(Stage::AdoptAndSpread, Decision::Go).is_err());
    }

    #[test]
    fn hold_parks_recycle_reworks_and_stop_declines() {
        assert_eq!(transition(Stage::Evaluate, Decision::Hold), Ok(Stage::Parked));
        assert_eq!(transition(Stage::PocReview, Decision::Recycle), Ok(Stage::Refine));
        assert_eq!(transition(Stage::Triage, Decision::Stop), Ok(Stage::Declined));
        assert_eq!(transition(Stage::Parked, Decision::Go), Ok(Stage::Triage));
        assert!(transition(Stage::Triage, Decision::Recycle).is_err());
        assert!(transition(Stage::Declined, Decision::Go).is_err());
        assert!(transition(Stage::Parked, Decision::Hold).is_err());
    }

    #[test]
    fn stages_and_decisions_parse_as_people_type_them() {
        assert_eq!("POC planning".parse::<Stage>(), Ok(Stage::PocPlanning));
        assert_eq!("poc_running".parse::<Stage>(), Ok(Stage::PocRunning));
        assert_eq!("Adopt & spread".parse::<Stage>(), Ok(Stage::AdoptAndSpread));
        assert_eq!("Go".parse::<Decision>(), Ok(Decision::Go));
        assert!("maybe".parse::<Decision>().unwrap_err().contains("go, hold, recycle or stop"));
    }

    #[test]
    fn must_meet_criteria_block_the_gates_that_need_them() {
        let none = GateFacts::default();
        assert!(unmet_criteria(Stage::Evaluate, &none).is_empty());
        assert_eq!(
            unmet_criteria(Stage::PocPlanning, &none),
            ["name a clinical sponsor before POC planning"]
        );
        let sponsored = GateFacts { clinical_sponsor: Some("Dr A".into()), ..none.clone() };
        assert!(unmet_criteria(Stage::PocPlanning, &sponsored).is_empty());
        assert_eq!(unmet_criteria(Stage::PocRunning, &sponsored).len(), 4);
        let evaluated = GateFacts { hypotheses: 1, metrics: 1, metrics_planned: 1, ..sponsored };
        let facing = GateFacts {
            dpia_screening: Some("no high risk".into()),
            patient_facing: Some("yes".into()),
            ..evaluated.clone()
        };
        assert_eq!(unmet_criteria(Stage::PocRunning, &facing).len(), 1, "MHRA answer needed");
        let answered = GateFacts { mhra_device: Some("not a device".into()), ..facing };
        assert!(unmet_criteria(Stage::PocRunning, &answered).is_empty());
        assert_eq!(
            unmet_criteria(Stage::PocReview, &answered),
            ["record an actual for every metric before the POC review"]
        );
        let measured = GateFacts { metrics_measured: 1, ..answered };
        assert!(unmet_criteria(Stage::PocReview, &measured).is_empty());
        let unplanned = GateFacts { metrics: 2, ..measured };
        assert_eq!(
            unmet_criteria(Stage::PocRunning, &unplanned),
            ["give every metric a baseline and a target before the POC runs"]
        );
        let dirty = GateFacts { holds_patient_data: true, ..GateFacts::default() };
        assert_eq!(unmet_criteria(Stage::Triage, &dirty).len(), 1);
        assert!(unmet_criteria(Stage::Declined, &dirty).is_empty(), "declining is always possible");
    }
}
