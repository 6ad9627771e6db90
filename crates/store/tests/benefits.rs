//! The benefits roll-up's totals, kept by triggers, always equal a sum over the standing
//! figures: as figures arrive, replace one another, change class or state, and as an idea
//! is deleted; in any order of arrival; and after the projections are rebuilt.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod common;

use common::{add, delete};
use proptest::prelude::*;
use sprout_core::{
    BenefitEntryKind, BenefitLogged, BenefitMoved, BenefitSet, BenefitState, IdeaField, OpPayload,
};
use sprout_store::{Admission, Store};
use uuid::Uuid;

/// (quarter, kind, class, verified, site) → thousandths, from the triggers' table.
type Totals = Vec<(i64, String, String, bool, String, i64)>;

fn totals(store: &Store) -> Totals {
    store
        .connection()
        .prepare(
            "SELECT quarter, kind, class, verified, site, sum(milli) FROM benefit_totals
             GROUP BY 1, 2, 3, 4, 5 HAVING sum(milli) <> 0 ORDER BY 1, 2, 3, 4, 5",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The same, summed from the standing figures of benefits that count.
fn scanned(store: &Store) -> Totals {
    store
        .connection()
        .prepare(
            "SELECT v.quarter, v.kind, b.class, b.state = 'verified', v.site, sum(v.milli)
             FROM benefit_values v JOIN benefits b USING (idea_id, benefit_id)
             JOIN ideas i ON i.id = v.idea_id WHERE i.deleted = 0
             GROUP BY 1, 2, 3, 4, 5 HAVING sum(v.milli) <> 0 ORDER BY 1, 2, 3, 4, 5",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[derive(Clone, Debug)]
enum Step {
    Value { benefit: usize, actual: bool, quarter: usize, site: usize, value: i64 },
    Class { benefit: usize, class: usize },
    Verify { benefit: usize },
    Delete { idea: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..4usize, any::<bool>(), 0..3usize, 0..2usize, -5_000i64..50_000).prop_map(
            |(benefit, actual, quarter, site, value)| Step::Value { benefit, actual, quarter, site, value }
        ),
        1 => (0..4usize, 0..3usize).prop_map(|(benefit, class)| Step::Class { benefit, class }),
        1 => (0..4usize).prop_map(|benefit| Step::Verify { benefit }),
        1 => (0..2usize).prop_map(|idea| Step::Delete { idea }),
    ]
}

fn commit(store: &mut Store, idea: Uuid, payload: OpPayload) {
    store.commit(idea, payload, Admission::admin()).unwrap();
}

fn set(benefit: Uuid, pairs: &[(IdeaField, &str)]) -> OpPayload {
    OpPayload::BenefitSet(BenefitSet {
        benefit,
        set: pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect(),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_roll_up_equals_a_sum_of_the_standing_figures(steps in prop::collection::vec(step(), 1..40)) {
        let mut store = Store::open_in_memory().unwrap();
        let ideas = [add(&mut store, "Bed sensors", "Falls"), add(&mut store, "Discharge app", "Delays")];
        let benefits: Vec<(Uuid, Uuid)> = (0..4).map(|k| (ideas[k % 2], Uuid::now_v7())).collect();
        let classes = ["cash-releasing", "quantifiable", "non-cash-releasing"];
        for (idea, b) in &benefits {
            commit(&mut store, *idea, set(*b, &[(IdeaField::Title, "A benefit"), (IdeaField::BenefitClass, "quantifiable")]));
        }
        let mut verified = [false; 4];
        let mut deleted = [false; 2];
        for s in steps {
            match s {
                Step::Value { benefit, actual, quarter, site, value } => {
                    let (idea, b) = benefits[benefit];
                    if deleted[benefit % 2] { continue; }
                    let entry = BenefitLogged {
                        benefit: b,
                        kind: if actual { BenefitEntryKind::Actual } else { BenefitEntryKind::Forecast },
                        quarter: ["Q4 2025/26", "Q1 2026/27", "Q2 2026/27"][quarter].into(),
                        site: ["Royal", "General"][site].into(),
                        value: sprout_core::from_milli(value),
                        date: String::new(),
                        note: String::new(),
                    };
                    commit(&mut store, idea, OpPayload::BenefitLogged(entry));
                }
                Step::Class { benefit, class } => {
                    let (idea, b) = benefits[benefit];
                    if deleted[benefit % 2] { continue; }
                    commit(&mut store, idea, set(b, &[(IdeaField::BenefitClass, classes[class])]));
                }
                Step::Verify { benefit } => {
                    let (idea, b) = benefits[benefit];
                    if verified[benefit] || deleted[benefit % 2] { continue; }
                    use BenefitState as S;
                    let path = [S::Identified, S::Estimated, S::Validated, S::Planned, S::Realising, S::Realised, S::Verified];
                    for pair in path.windows(2) {
                        let moved = BenefitMoved {
                            benefit: b,
                            from: pair[0],
                            to: pair[1],
                            rationale: "On".into(),
                            finance: "Sam Patel, Head of Costing".into(),
                            estimate: String::new(),
                        };
                        commit(&mut store, idea, OpPayload::BenefitMoved(moved));
                    }
                    verified[benefit] = true;
                }
                Step::Delete { idea } => {
                    if !deleted[idea] {
                        delete(&mut store, ideas[idea]).unwrap();
                        deleted[idea] = true;
                    }
                }
            }
            prop_assert_eq!(totals(&store), scanned(&store));
        }
        // The same ops from empty, and in reverse order on another device, give the same.
        let live = totals(&store);
        let ops = store.ops().unwrap();
        store.rebuild_projections().unwrap();
        prop_assert_eq!(&totals(&store), &live);
        let mut other = Store::open_in_memory().unwrap();
        let mut reversed = ops.clone();
        reversed.reverse();
        // Ideas are created first (the store holds ops for an idea it has not seen).
        reversed.sort_by_key(|o| !matches!(o.payload, OpPayload::IdeaCreated(_)));
        other
            .apply_remote(&reversed, &|_| Admission::admin().roles.clone(), Admission::admin().rules)
            .unwrap();
        prop_assert_eq!(&totals(&other), &live);
    }
}
