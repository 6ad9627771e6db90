//! Statistical process control as NHS England's *Making Data Count* draws it: an XmR chart
//! (the mean, and process limits 2.66 average moving ranges either side) and the four
//! special-cause rules it teaches boards to read. Pure: a series in, the chart and each
//! point's signals out.

use serde::{Deserialize, Serialize};
use specta::Type;

/// Why a point is special cause rather than common cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SpecialCause {
    /// A point beyond a process limit.
    BeyondLimit,
    /// A run of seven or more points on one side of the mean.
    Shift,
    /// Six or more points each higher (or each lower) than the one before.
    Trend,
    /// Two of three points in a row close to a process limit (beyond two thirds of the way
    /// from the mean), on the same side.
    NearLimit,
}

impl SpecialCause {
    pub fn words(self) -> &'static str {
        match self {
            SpecialCause::BeyondLimit => "a point beyond a process limit",
            SpecialCause::Shift => "a run of 7 points on one side of the mean",
            SpecialCause::Trend => "a trend of 6 points going one way",
            SpecialCause::NearLimit => "2 of 3 points close to a process limit",
        }
    }
}

/// What the variation icon says, in words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    /// Too few points to tell (fewer than 12 months).
    TooFewPoints,
    /// Only common cause: the process is stable.
    CommonCause,
    /// Special cause in the direction that is better.
    Improving,
    /// Special cause in the direction that is worse.
    Concerning,
    /// Special cause where neither direction is better.
    Neither,
}

impl Variation {
    pub fn words(self) -> &'static str {
        match self {
            Variation::TooFewPoints => {
                "Too few points to judge variation: Making Data Count asks for at least 12"
            }
            Variation::CommonCause => {
                "Common cause variation: no significant change, the process is stable"
            }
            Variation::Improving => "Special cause variation of an improving nature",
            Variation::Concerning => "Special cause variation of a concerning nature",
            Variation::Neither => {
                "Special cause variation: a significant change, neither better nor worse"
            }
        }
    }
}

/// One point of the chart and the rules it takes part in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct XmrPoint {
    pub label: String,
    pub value: f64,
    pub signals: Vec<SpecialCause>,
    /// The signals in words, for the chart's table.
    pub says: Vec<String>,
}

/// An XmR chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct Xmr {
    pub mean: f64,
    pub upper: f64,
    pub lower: f64,
    pub points: Vec<XmrPoint>,
    pub variation: Variation,
    /// The variation icon's meaning, and why there is no assurance icon: the hub sets no
    /// target for these measures, so a chart of them assures nothing against one.
    pub says: String,
}

/// The fewest points Making Data Count judges variation from.
const MIN_POINTS: usize = 12;
const SHIFT: usize = 7;
const TREND: usize = 6;

/// The XmR chart of `series` (label, value), oldest first. `higher_is_better` says which
/// direction improves, if either does.
pub fn xmr(series: &[(String, f64)], higher_is_better: Option<bool>) -> Xmr {
    let n = series.len();
    let values: Vec<f64> = series.iter().map(|(_, v)| *v).collect();
    #[allow(clippy::cast_precision_loss, reason = "a count of months")]
    let mean = if n == 0 { 0.0 } else { values.iter().sum::<f64>() / n as f64 };
    #[allow(clippy::cast_precision_loss, reason = "a count of months")]
    let moving = if n < 2 {
        0.0
    } else {
        values.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (n - 1) as f64
    };
    let (upper, lower) = (mean + 2.66 * moving, mean - 2.66 * moving);
    let mut signals: Vec<Vec<SpecialCause>> = vec![Vec::new(); n];
    let mut mark = |i: usize, cause: SpecialCause| {
        if !signals[i].contains(&cause) {
            signals[i].push(cause);
        }
    };
    if moving > 0.0 {
        for (i, v) in values.iter().enumerate() {
            if *v > upper || *v < lower {
                mark(i, SpecialCause::BeyondLimit);
            }
        }
        // Two of three in a row beyond two thirds of the way to the same limit.
        let near = |v: f64, side: f64| side * (v - mean) > (2.0 / 3.0) * (upper - mean);
        for start in 0..n.saturating_sub(2) {
            for side in [1.0, -1.0] {
                let hits: Vec<usize> =
                    (start..start + 3).filter(|&i| near(values[i], side)).collect();
                if hits.len() >= 2 {
                    for i in hits {
                        mark(i, SpecialCause::NearLimit);
                    }
                }
            }
        }
    }
    // A run on one side of the mean: a point on the mean ends it.
    let side = |v: f64| {
        if v > mean {
            1
        } else if v < mean {
            -1
        } else {
            0
        }
    };
    let mut i = 0;
    while i < n {
        let s = side(values[i]);
        let mut j = i;
        while j < n && s != 0 && side(values[j]) == s {
            j += 1;
        }
        if s != 0 && j - i >= SHIFT {
            (i..j).for_each(|k| mark(k, SpecialCause::Shift));
        }
        i = if j > i { j } else { i + 1 };
    }
    // A trend: each point higher (or lower) than the one before; a repeat ends it.
    for dir in [1.0, -1.0] {
        let mut start = 0;
        for k in 1..=n {
            let goes = k < n && dir * (values[k] - values[k - 1]) > 0.0;
            if !goes {
                if k - start >= TREND {
                    (start..k).for_each(|m| mark(m, SpecialCause::Trend));
                }
                start = k;
            }
        }
    }
    let points: Vec<XmrPoint> = series
        .iter()
        .zip(signals)
        .map(|((label, value), mut signals)| {
            signals.sort();
            let says = signals.iter().map(|s| s.words().to_owned()).collect();
            XmrPoint { label: label.clone(), value: *value, signals, says }
        })
        .collect();
    let variation = if n < MIN_POINTS {
        Variation::TooFewPoints
    } else {
        // The direction of the latest special cause decides the icon.
        match points.iter().rev().find(|p| !p.signals.is_empty()) {
            None => Variation::CommonCause,
            Some(p) => match higher_is_better {
                None => Variation::Neither,
                Some(up) if (p.value > mean) == up => Variation::Improving,
                Some(_) => Variation::Concerning,
            },
        }
    };
    let says = format!(
        "{}. No assurance icon: the hub sets no target for this measure.",
        variation.words()
    );
    Xmr { mean, upper, lower, points, variation, says }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[f64]) -> Vec<(String, f64)> {
        values.iter().enumerate().map(|(i, v)| (format!("m{i}"), *v)).collect()
    }

    fn flagged(chart: &Xmr, cause: SpecialCause) -> Vec<usize> {
        chart
            .points
            .iter()
            .enumerate()
            .filter(|(_, p)| p.signals.contains(&cause))
            .map(|(i, _)| i)
            .collect()
    }

    // A stable series: alternating about 10, no rule fires.
    const STABLE: [f64; 12] = [10.0, 11.0, 9.0, 10.0, 11.0, 9.0, 10.0, 11.0, 9.0, 10.0, 11.0, 9.0];

    #[test]
    fn limits_are_the_mean_and_two_point_six_six_moving_ranges() {
        let chart = xmr(&series(&STABLE), Some(true));
        assert!((chart.mean - 10.0).abs() < 1e-9);
        // Moving ranges 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2: mean 15/11.
        let mr = 15.0 / 11.0;
        assert!((chart.upper - (10.0 + 2.66 * mr)).abs() < 1e-9);
        assert!((chart.lower - (10.0 - 2.66 * mr)).abs() < 1e-9);
        assert!(chart.points.iter().all(|p| p.signals.is_empty()), "{chart:?}");
        assert_eq!(chart.variation, Variation::CommonCause);
    }

    #[test]
    fn a_point_beyond_a_limit_fires_there_alone() {
        let mut v = STABLE.to_vec();
        v[6] = 30.0;
        let chart = xmr(&series(&v), Some(true));
        assert_eq!(flagged(&chart, SpecialCause::BeyondLimit), [6]);
        assert_eq!(chart.variation, Variation::Improving);
        assert_eq!(xmr(&series(&v), Some(false)).variation, Variation::Concerning);
    }

    #[test]
    fn a_run_of_seven_on_one_side_fires_and_six_does_not() {
        let seven = [8.0, 12.0, 8.0, 12.0, 11.0, 11.5, 11.0, 11.5, 11.0, 11.5, 11.0, 6.0];
        let chart = xmr(&series(&seven), None);
        assert_eq!(flagged(&chart, SpecialCause::Shift), [3, 4, 5, 6, 7, 8, 9, 10]);
        let six = [8.0, 12.0, 8.0, 12.0, 8.0, 11.5, 11.0, 11.5, 11.0, 11.5, 11.0, 6.0];
        assert!(flagged(&xmr(&series(&six), None), SpecialCause::Shift).is_empty());
    }

    #[test]
    fn a_trend_of_six_fires_and_a_repeat_breaks_it() {
        let trend = [10.0, 9.0, 10.0, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 9.0, 10.0, 9.0];
        let chart = xmr(&series(&trend), Some(true));
        assert_eq!(flagged(&chart, SpecialCause::Trend), [3, 4, 5, 6, 7, 8]);
        let broken = [10.0, 9.0, 10.0, 9.0, 9.5, 10.0, 10.0, 11.0, 11.5, 9.0, 10.0, 9.0];
        assert!(flagged(&xmr(&series(&broken), Some(true)), SpecialCause::Trend).is_empty());
    }

    #[test]
    fn two_of_three_near_a_limit_fire_on_one_side_only() {
        // Mean 10; two of three points far above it, but inside the upper limit.
        // Mean 10.83, upper limit 14.41; two thirds of the way up is 13.22.
        let v = [10.0, 10.4, 10.0, 10.4, 10.0, 13.6, 11.2, 13.6, 10.0, 10.4, 10.0, 10.4];
        let chart = xmr(&series(&v), None);
        assert!(flagged(&chart, SpecialCause::BeyondLimit).is_empty(), "{chart:?}");
        assert_eq!(flagged(&chart, SpecialCause::NearLimit), [5, 7]);
        // The same distances split between the two sides fire nothing.
        let split = [10.0, 10.4, 10.0, 10.4, 10.0, 13.6, 11.2, 7.0, 10.0, 10.4, 10.0, 10.4];
        assert!(flagged(&xmr(&series(&split), None), SpecialCause::NearLimit).is_empty());
    }

    #[test]
    fn fewer_than_twelve_points_are_too_few_to_judge() {
        assert_eq!(xmr(&series(&STABLE[..11]), None).variation, Variation::TooFewPoints);
        assert_eq!(xmr(&[], None).points.len(), 0);
    }
}
