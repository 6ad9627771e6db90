//! Benefits against a member who is not honest: a clinician's correctly signed benefit,
//! state move or actual is refused on every device with its reason; a lead's modified
//! Sprout verifying cash without the finance person is kept and takes no effect on any
//! device; everyone's other work arrives, and all devices end with the same register.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use sprout_core::{
    BenefitEntryKind, BenefitLogged, BenefitMoved, BenefitSet, BenefitState, IdeaField, OpId,
    OpPayload,
};
use sprout_store::{Admission, BenefitFilter, Store};
use uuid::Uuid;

mod support;

use support::hostile::{Attacker, world};

fn set(benefit: Uuid, pairs: &[(IdeaField, &str)]) -> OpPayload {
    OpPayload::BenefitSet(BenefitSet {
        benefit,
        set: pairs.iter().map(|(f, v)| (*f, (*v).to_owned())).collect(),
    })
}

fn moved(benefit: Uuid, from: BenefitState, to: BenefitState, finance: &str) -> OpPayload {
    OpPayload::BenefitMoved(BenefitMoved {
        benefit,
        from,
        to,
        rationale: "Moving on".into(),
        finance: finance.into(),
        estimate: String::new(),
    })
}

fn actual(benefit: Uuid, value: &str) -> OpPayload {
    OpPayload::BenefitLogged(BenefitLogged {
        benefit,
        kind: BenefitEntryKind::Actual,
        quarter: "Q3 2026/27".into(),
        site: "Royal".into(),
        value: value.into(),
        date: String::new(),
        note: String::new(),
    })
}

/// The register as a device holds it: each benefit's title, state and standing values.
fn register(store: &Store) -> Vec<(String, BenefitState, Vec<i64>)> {
    let (rows, _) = store.benefit_page(&BenefitFilter::default(), 0, 100).unwrap();
    rows.into_iter()
        .map(|b| {
            let values = store.benefit_values(b.idea, b.id).unwrap().into_iter().map(|v| v.3);
            (b.title, b.state, values.collect())
        })
        .collect()
}

#[test]
fn a_clinicians_benefit_move_or_actual_is_refused_and_cash_unconfirmed_never_counts() {
    let mut w = world();
    let idea = w.lead.add("Bed-exit sensors");
    let benefit = OpId::minted(w.lead.actor(), Uuid::now_v7()).0;
    let lead = |store: &mut Store, payload: OpPayload| {
        store.commit(idea, payload, Admission::admin()).unwrap();
    };
    lead(
        &mut w.lead.store,
        set(
            benefit,
            &[
                (IdeaField::Title, "Agency nights saved"),
                (IdeaField::BenefitClass, "cash-releasing"),
            ],
        ),
    );
    use BenefitState as S;
    for (from, to) in [
        (S::Identified, S::Estimated),
        (S::Estimated, S::Validated),
        (S::Validated, S::Planned),
        (S::Planned, S::Realising),
        (S::Realising, S::Realised),
    ] {
        lead(&mut w.lead.store, moved(benefit, from, to, ""));
    }
    lead(&mut w.lead.store, actual(benefit, "1250.5"));
    w.lead.sync(&w.hub);
    w.mallory.sync(&w.hub);

    let own = OpId::minted(w.mallory.actor(), Uuid::now_v7()).0;
    let forged = [
        w.mallory.op(idea, set(benefit, &[(IdeaField::Title, "Nothing saved")])),
        w.mallory.op(
            idea,
            set(
                own,
                &[(IdeaField::Title, "£1m saved"), (IdeaField::BenefitClass, "cash-releasing")],
            ),
        ),
        w.mallory.op(idea, moved(benefit, S::Realised, S::Verified, "Mallory, Finance")),
        w.mallory.op(idea, actual(benefit, "999999")),
    ];
    w.mallory.forge(&w.hub, &forged);
    // The lead's own key, a modified Sprout: verifies cash with no finance person named.
    let unconfirmed = w.lead.op(idea, moved(benefit, S::Realised, S::Verified, ""));
    w.lead.forge(&w.hub, &[unconfirmed]);

    let fresh = w.check("a clinician may not record benefits");
    let expected = vec![("Agency nights saved".to_owned(), S::Realised, vec![1_250_500])];
    for device in [&w.lead, &fresh] {
        assert_eq!(register(&device.store), expected, "{}", device.person);
        let rollup = device.store.benefit_rollup(None, None, false).unwrap();
        assert!(rollup.iter().all(|r| !r.verified), "nothing counts as verified");
    }
    // The unconfirmed verification reached the newcomer, is kept, and took no effect (the
    // lead's own device never reads back the changeset it forged under its own number).
    assert_eq!(fresh.store.benefit_moves(idea, benefit).unwrap().len(), 6);
    w.mallory.sync(&w.hub);
    assert_eq!(register(&w.mallory.store), expected, "Mallory's own device agrees");
}
