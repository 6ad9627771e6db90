//! Partnerships against a member who is not honest: a clinician's correctly signed
//! partner, term, stage move or someone else's declaration is refused on every device,
//! with its reason, while their own declaration and everyone's other work arrive.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::collections::BTreeMap;

use sprout_core::{
    IdeaField, OpId, OpPayload, PartnerRecord, PartnerRecordSet, PartnershipMoved, PartnershipStage,
};
use sprout_store::Admission;
use uuid::Uuid;

mod support;

use support::Device;
use support::hostile::{Attacker, world};

fn record(record: PartnerRecord, id: Uuid, set: &[(IdeaField, &str)]) -> OpPayload {
    OpPayload::PartnerRecordSet(PartnerRecordSet {
        record,
        id,
        set: set.iter().map(|(f, v)| (*f, (*v).to_owned())).collect::<BTreeMap<_, _>>(),
    })
}

/// A partnership the lead records on their own PC, as the app would.
fn lead_partnership(lead: &mut Device) -> Uuid {
    let id = OpId::minted(lead.actor(), Uuid::now_v7()).0;
    let set =
        [(IdeaField::Title, "Falls data for sensor tuning"), (IdeaField::PartnershipKind, "data")];
    lead.store
        .commit(id, record(PartnerRecord::Partnership, id, &set), Admission::admin())
        .unwrap();
    id
}

#[test]
fn a_clinicians_partner_term_stage_move_or_anothers_declaration_is_refused_everywhere() {
    let mut w = world();
    let partnership = lead_partnership(&mut w.lead);
    w.lead.sync(&w.hub);
    w.mallory.sync(&w.hub);

    let partner = OpId::minted(w.mallory.actor(), Uuid::now_v7()).0;
    let term = Uuid::now_v7();
    let forged = [
        w.mallory.op(
            partner,
            record(PartnerRecord::Partner, partner, &[(IdeaField::LegalName, "Mallory Ltd")]),
        ),
        w.mallory.op(
            partnership,
            record(
                PartnerRecord::Term,
                term,
                &[(IdeaField::Mechanism, "royalty"), (IdeaField::Amount, "100")],
            ),
        ),
        w.mallory.op(
            partnership,
            OpPayload::PartnershipMoved(PartnershipMoved {
                from: PartnershipStage::Discovery,
                to: PartnershipStage::DueDiligence,
                rationale: "I decide".into(),
            }),
        ),
        // A declaration of "none" in the lead's name, so the lead would seem to have
        // declared.
        w.mallory.op(
            partnership,
            record(
                PartnerRecord::Declaration,
                w.lead.actor().0,
                &[(IdeaField::InterestKind, "none")],
            ),
        ),
        // Their own declaration is theirs to make.
        w.mallory.op(
            partnership,
            record(
                PartnerRecord::Declaration,
                w.mallory.actor().0,
                &[(IdeaField::InterestKind, "financial"), (IdeaField::Interest, "Shares in Acme")],
            ),
        ),
    ];
    w.mallory.forge(&w.hub, &forged);

    let fresh = w.check("a clinician may not record partnerships");
    for device in [&w.lead, &fresh] {
        let problems = device.problems();
        assert!(problems.contains("declaration record is under another's id"), "{problems}");
        let store = &device.store;
        assert!(store.partner_records(PartnerRecord::Partner, None).unwrap().is_empty());
        assert!(store.partner_records(PartnerRecord::Term, None).unwrap().is_empty());
        assert!(store.partnership_moves(partnership).unwrap().is_empty(), "{}", device.person);
        let declared: Vec<Uuid> = store
            .partner_records(PartnerRecord::Declaration, Some(partnership))
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(declared, [w.mallory.actor().0], "only Mallory's own declaration stands");
        assert_eq!(store.partner_records(PartnerRecord::Partnership, None).unwrap().len(), 1);
    }
}
