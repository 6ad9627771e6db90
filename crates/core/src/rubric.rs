//! The scoring rubric and what reviewers' scores add up to. Pure: the same reviews give
//! the same totals, means, medians and disagreement flags on every device.

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::record::Review;

/// The scale every criterion is scored on; no score at all means "unable to assess".
pub const LOWEST_SCORE: u8 = 1;
pub const HIGHEST_SCORE: u8 = 5;

/// One thing reviewers score, from 1 to 5, with what each score means.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// A short machine name, e.g. `need`; what scores are filed under.
    pub key: String,
    pub name: String,
    /// Its share of the total, in percent; a rubric's weights add up to 100.
    pub weight: u8,
    /// What a score of 1, 2, 3, 4 and 5 means.
    pub anchors: Vec<String>,
}

/// A versioned set of weighted criteria. Admins publish new versions; each review says
/// which version it scored against.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub version: u32,
    pub criteria: Vec<Criterion>,
}

impl Rubric {
    /// The rubric Sprout ships with.
    pub fn shipped() -> Rubric {
        let c = |key: &str, name: &str, weight: u8, low: &str, high: &str| Criterion {
            key: key.into(),
            name: name.into(),
            weight,
            anchors: vec![
                format!("1: {low}"),
                "2: some of the way".into(),
                "3: half way there".into(),
                "4: most of the way".into(),
                format!("5: {high}"),
            ],
        };
        Rubric {
            version: 1,
            criteria: vec![
                c("need", "Need", 20, "no clear need", "urgent, widely felt need"),
                c(
                    "impact",
                    "Patient/staff impact including inequalities",
                    20,
                    "little benefit to anyone",
                    "large benefit, narrows inequalities",
                ),
                c(
                    "evidence",
                    "Evidence & maturity",
                    15,
                    "an untested idea",
                    "strong evidence, proven elsewhere",
                ),
                c(
                    "feasibility",
                    "Feasibility",
                    15,
                    "not doable here",
                    "straightforward with what we have",
                ),
                c(
                    "value",
                    "Value for money",
                    10,
                    "costs far outweigh benefits",
                    "pays for itself quickly",
                ),
                c(
                    "risk",
                    "Regulatory & IG risk",
                    10,
                    "serious unresolved risk",
                    "no meaningful risk",
                ),
                c(
                    "spread",
                    "Spread & strategic fit",
                    10,
                    "one ward only, off strategy",
                    "scales across sites, core strategy",
                ),
            ],
        }
    }

    /// Checks a rubric an admin wants to publish.
    pub fn check(&self) -> Result<(), String> {
        if self.criteria.is_empty() {
            return Err("a rubric needs at least one criterion".into());
        }
        let total: u32 = self.criteria.iter().map(|c| u32::from(c.weight)).sum();
        if total != 100 {
            return Err(format!("the weights add up to {total}%, not 100%"));
        }
        for (i, c) in self.criteria.iter().enumerate() {
            if c.key.is_empty() || !c.key.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_') {
                return Err(format!("criterion key {:?} must be lower-case letters and _", c.key));
            }
            if self.criteria[..i].iter().any(|o| o.key == c.key) {
                return Err(format!("criterion {:?} appears twice", c.key));
            }
            if c.anchors.len() != 5 {
                return Err(format!("criterion {:?} needs five anchors, one per score", c.key));
            }
        }
        Ok(())
    }
}

/// What the reviews of one criterion say.
#[derive(Clone, PartialEq, Debug, Serialize, Type)]
pub struct CriterionScores {
    pub key: String,
    pub name: String,
    /// How many reviewers could assess it ("unable to assess" is not counted).
    pub scored_by: u32,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// The lowest and highest score given, if anyone could assess it.
    pub range: Option<[u8; 2]>,
    /// Scores two or more points apart: reviewers see it differently.
    pub disagreement: bool,
}

/// Reviews added up against a rubric.
#[derive(Clone, PartialEq, Debug, Serialize, Type)]
pub struct Aggregate {
    /// Weighted total, 0 to 100, over the criteria someone could assess.
    pub total: Option<f64>,
    pub reviews: u32,
    pub criteria: Vec<CriterionScores>,
    /// Some criterion shows disagreement: a consensus note is needed before the next gate.
    pub disagreement: bool,
}

/// Adds reviews up. A criterion nobody could assess is left out of the total's
/// denominator, so "unable to assess" never counts as a low score.
pub fn aggregate(rubric: &Rubric, reviews: &[Review]) -> Aggregate {
    let mut criteria = Vec::new();
    let (mut weighted, mut weights) = (0.0, 0.0);
    for c in &rubric.criteria {
        let mut scores: Vec<u8> =
            reviews.iter().filter_map(|r| r.scores.get(&c.key).copied().flatten()).collect();
        scores.sort_unstable();
        let n = scores.len();
        let mean = (n > 0).then(|| scores.iter().map(|s| f64::from(*s)).sum::<f64>() / n as f64);
        let median = (n > 0).then(|| {
            if n % 2 == 1 {
                f64::from(scores[n / 2])
            } else {
                (f64::from(scores[n / 2 - 1]) + f64::from(scores[n / 2])) / 2.0
            }
        });
        if let Some(m) = mean {
            weighted += f64::from(c.weight) * (m - 1.0) / 4.0;
            weights += f64::from(c.weight);
        }
        let spread = scores.last().zip(scores.first()).map_or(0, |(hi, lo)| hi - lo);
        criteria.push(CriterionScores {
            key: c.key.clone(),
            name: c.name.clone(),
            scored_by: u32::try_from(n).unwrap_or(u32::MAX),
            mean,
            median,
            range: scores.first().zip(scores.last()).map(|(lo, hi)| [*lo, *hi]),
            disagreement: spread >= 2,
        });
    }
    Aggregate {
        total: (weights > 0.0).then(|| (weighted / weights * 1000.0).round() / 10.0),
        reviews: u32::try_from(reviews.len()).unwrap_or(u32::MAX),
        disagreement: criteria.iter().any(|c| c.disagreement),
        criteria,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn review(by: &str, scores: &[(&str, Option<u8>)]) -> Review {
        Review {
            by: by.into(),
            at: chrono::DateTime::UNIX_EPOCH,
            scores: scores.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect::<BTreeMap<_, _>>(),
            note: String::new(),
        }
    }

    #[test]
    fn the_shipped_rubric_has_the_agreed_weights() {
        let r = Rubric::shipped();
        assert_eq!(r.check(), Ok(()));
        let weights: Vec<(&str, u8)> =
            r.criteria.iter().map(|c| (c.key.as_str(), c.weight)).collect();
        assert_eq!(
            weights,
            [
                ("need", 20),
                ("impact", 20),
                ("evidence", 15),
                ("feasibility", 15),
                ("value", 10),
                ("risk", 10),
                ("spread", 10)
            ]
        );
    }

    #[test]
    fn a_bad_rubric_is_refused_with_a_reason() {
        let mut r = Rubric::shipped();
        r.criteria[0].weight = 25;
        assert_eq!(r.check(), Err("the weights add up to 105%, not 100%".into()));
        let mut r = Rubric::shipped();
        r.criteria[1].key = "need".into();
        assert!(r.check().unwrap_err().contains("appears twice"));
    }

    #[test]
    fn all_fives_is_100_and_all_ones_is_0() {
        let r = Rubric::shipped();
        let all = |s| r.criteria.iter().map(|c| (c.key.as_str(), Some(s))).collect::<Vec<_>>();
        assert_eq!(aggregate(&r, &[review("a", &all(5))]).total, Some(100.0));
        assert_eq!(aggregate(&r, &[review("a", &all(1))]).total, Some(0.0));
        assert_eq!(aggregate(&r, &[]).total, None);
    }

    #[test]
    fn unable_to_assess_leaves_the_denominator() {
        let r = Rubric::shipped();
        // Only "need" assessed, at 5: the total is 100, not dragged down by blanks.
        let a = aggregate(&r, &[review("a", &[("need", Some(5)), ("evidence", None)])]);
        assert_eq!(a.total, Some(100.0));
        let evidence = a.criteria.iter().find(|c| c.key == "evidence").unwrap();
        assert_eq!((evidence.scored_by, evidence.mean), (0, None));
    }

    #[test]
    fn means_medians_and_disagreement_per_criterion() {
        let r = Rubric::shipped();
        let a = aggregate(
            &r,
            &[
                review("a", &[("need", Some(2)), ("impact", Some(4))]),
                review("b", &[("need", Some(4)), ("impact", Some(4))]),
                review("c", &[("need", Some(5)), ("impact", Some(5))]),
            ],
        );
        let need = &a.criteria[0];
        assert_eq!(
            (need.mean, need.median, need.disagreement),
            (Some(11.0 / 3.0), Some(4.0), true)
        );
        let impact = &a.criteria[1];
        assert_eq!((impact.median, impact.disagreement), (Some(4.0), false));
        assert!(a.disagreement);
        // need mean 3.667 → 0.667 of its 20; impact 4.333 → 0.833 of its 20.
        assert_eq!(a.total, Some(75.0));
    }
}
