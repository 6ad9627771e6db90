//! Fuzzing, bounded in time: the changeset reader and the admission gate meet arbitrary
//! bytes, arbitrary signed bodies and arbitrary ops, and never panic. Memory is bounded by
//! construction (a hub file is read up to its size limit; the gate is linear in the op),
//! so each case here completes quickly or the run shows it.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::collections::BTreeSet;

use base64::Engine;
use proptest::prelude::*;
use sprout_core::{ActorId, Hlc, NoFacts, Op, OpId, OpPayload, PidRules, Role, admit};
use sprout_sync::{ActorKey, Expected, Header, decode};
use uuid::Uuid;

fn key() -> &'static ActorKey {
    static KEY: std::sync::LazyLock<ActorKey> =
        std::sync::LazyLock::new(|| ActorKey::generate().unwrap());
    &KEY
}

fn actor() -> ActorId {
    ActorId(Uuid::from_u128(0x0190_0000_0000_7000_8000_0000_0000_0001))
}

fn expected(public: &sprout_sync::PublicKey) -> Expected<'_> {
    Expected { hub: "hub", actor: actor(), seq: 1, prev_hash: None, key: public }
}

/// A file whose header line is signed with the expected key, so the reader gets past the
/// signature to the JSON inside.
fn signed(line: &[u8], ops: &[u8]) -> Vec<u8> {
    let sig = base64::engine::general_purpose::STANDARD.encode(key().sign(line));
    let mut file =
        format!("SPROUT-CHANGESET {}\nsig {sig}\n", sprout_sync::FORMAT_VERSION).into_bytes();
    file.extend_from_slice(line);
    file.push(b'\n');
    file.extend_from_slice(ops);
    file
}

/// JSON values shaped a little like ops, with strings that stress the limits.
fn json() -> impl Strategy<Value = serde_json::Value> {
    let text = prop_oneof![
        any::<String>(),
        Just("\u{1b}[2J".to_owned()),
        Just("943 476 5919".to_owned()),
        (0usize..30_000).prop_map(|n| "x".repeat(n)),
        Just("idea_created".to_owned()),
        Just("gate_decided".to_owned()),
    ];
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        text.prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::from),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("type".to_owned()),
                    Just("id".to_owned()),
                    Just("actor".to_owned()),
                    Just("payload".to_owned()),
                    Just("title".to_owned()),
                    Just("set".to_owned()),
                    any::<String>()
                ],
                inner,
                0..8
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Arbitrary ops of every kind, by way of JSON the op type reads.
fn op_payload() -> impl Strategy<Value = OpPayload> {
    let text = prop_oneof![any::<String>(), (0usize..25_000).prop_map(|n| "é".repeat(n))];
    (0u8..14, text.clone(), text, any::<u8>()).prop_filter_map("readable", |(kind, a, b, n)| {
        let mut scores = serde_json::Map::new();
        scores.insert(a.clone(), n.into());
        scores.insert(b.clone(), serde_json::Value::Null);
        let kinds = [
            serde_json::json!({"type": "idea_created", "title": &a, "problem": &b, "solution": "", "author": &a}),
            serde_json::json!({"type": "idea_edited", "set": {"title": &a, "tag": &b}}),
            serde_json::json!({"type": "idea_tagged", "tag": &a}),
            serde_json::json!({"type": "idea_untagged", "tag": &a, "removes": [&b, format!("{a}/{b}")]}),
            serde_json::json!({"type": "idea_deleted", "reason": &a}),
            serde_json::json!({"type": "comment_added", "text": &a, "author": &b, "support": n.is_multiple_of(2)}),
            serde_json::json!({"type": "review_submitted", "scores": scores, "note": &b}),
            serde_json::json!({"type": "gate_decided", "from": "submitted", "to": "adopt_and_spread", "decision": "go", "rationale": &a}),
            serde_json::json!({"type": "rubric_published", "version": n, "criteria": [{"key": &a, "name": &b, "weight": n, "anchors": [&a, &b]}]}),
            serde_json::json!({"type": "reviewer_assigned", "reviewer": &a}),
            serde_json::json!({"type": "consensus_recorded", "note": &a}),
            serde_json::json!({"type": "idea_merged", "into": &a}),
            serde_json::json!({"type": "merge_undone", "merges": [&a, &b]}),
            serde_json::json!({"type": "hospital_numbers_set", "patterns": [&a, &b]}),
        ];
        serde_json::from_value::<OpPayload>(kinds[usize::from(kind)].clone()).ok()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_reader(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let public = key().public();
        let _ = decode(&bytes, &expected(&public));
        let line: Vec<u8> = bytes.iter().copied().filter(|b| *b != b'\n').collect();
        let _ = decode(&signed(&line, &bytes), &expected(&public));
    }

    #[test]
    fn arbitrary_signed_json_never_panics_the_reader(ops in proptest::collection::vec(json(), 0..6), header in json()) {
        let public = key().public();
        let good = Header {
            format: sprout_sync::FORMAT_VERSION,
            hub: "hub".into(),
            actor: actor(),
            seq: 1,
            prev_hash: None,
            hlc_min: Hlc::ZERO,
            hlc_max: Hlc::new(u64::MAX >> 16, 0),
            roster_epoch: 1,
            seen: Vec::new(),
        };
        let ops_bytes = serde_json::to_vec(&ops).unwrap();
        for mut header in [serde_json::to_value(&good).unwrap(), header] {
            if let Some(fields) = header.as_object_mut() {
                fields.insert("ops".into(), ops.len().into());
                fields.insert("ops_hash".into(), sprout_sync::sha256_hex(&ops_bytes).into());
            }
            let line = serde_json::to_vec(&header).unwrap();
            let _ = decode(&signed(&line, &ops_bytes), &expected(&public));
        }
    }

    #[test]
    fn arbitrary_ops_never_panic_the_gate(payload in op_payload(), role in 0usize..4, nil in any::<bool>()) {
        let id = OpId::minted(actor(), Uuid::now_v7());
        let entity = if nil { Uuid::nil() } else { id.0 };
        let op = Op { id, hlc: Hlc::new(1_795_000_000_000, 0), actor: actor(), entity_id: entity, payload };
        let roles = BTreeSet::from([Role::ALL[role]]);
        if let Err(refusal) = admit(&op, &roles, &PidRules::default(), &NoFacts) {
            prop_assert!(!refusal.to_string().is_empty());
        }
    }
}
