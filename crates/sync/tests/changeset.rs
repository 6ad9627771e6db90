//! Hostile and broken changeset files are each refused with a clear reason.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::collections::BTreeMap;

use sprout_core::{ActorId, Hlc, IdeaEdited, IdeaField, Op, OpId, OpPayload};
use sprout_sync::{ActorKey, Changeset, Expected, Header, Rejection, decode, encode};
use uuid::Uuid;

const HUB: &str = "hub-1";

fn op(actor: ActorId, millis: u64) -> Op {
    let mut set = BTreeMap::new();
    set.insert(IdeaField::Title, format!("Title at {millis}"));
    Op {
        id: OpId(Uuid::now_v7()),
        hlc: Hlc::new(millis, 0),
        actor,
        entity_id: Uuid::now_v7(),
        payload: OpPayload::IdeaEdited(IdeaEdited { set, ..Default::default() }),
    }
}

fn header(actor: ActorId, seq: u64, prev_hash: Option<String>) -> Header {
    Header {
        format: sprout_sync::FORMAT_VERSION,
        hub: HUB.into(),
        actor,
        seq,
        prev_hash,
        hlc_min: Hlc::new(1000, 0),
        hlc_max: Hlc::new(2000, 0),
        roster_epoch: 1,
        seen: Vec::new(),
    }
}

struct Fixture {
    key: ActorKey,
    actor: ActorId,
    first: Vec<u8>,
    first_hash: String,
}

fn fixture() -> Fixture {
    let key = ActorKey::generate().unwrap();
    let actor = ActorId(Uuid::now_v7());
    let first = encode(&header(actor, 1, None), &[op(actor, 1000), op(actor, 2000)], &key);
    let first_hash = expect_ok(&first, &key, actor, 1, None).hash;
    Fixture { key, actor, first, first_hash }
}

fn check(
    bytes: &[u8],
    key: &ActorKey,
    actor: ActorId,
    seq: u64,
    prev: Option<&str>,
) -> Result<Changeset, Rejection> {
    let public = key.public();
    decode(bytes, &Expected { hub: HUB, actor, seq, prev_hash: prev, key: &public })
}

fn expect_ok(
    bytes: &[u8],
    key: &ActorKey,
    actor: ActorId,
    seq: u64,
    prev: Option<&str>,
) -> Changeset {
    check(bytes, key, actor, seq, prev).expect("valid changeset")
}

#[test]
fn a_chain_of_changesets_round_trips() {
    let f = fixture();
    let cs = expect_ok(&f.first, &f.key, f.actor, 1, None);
    assert_eq!(cs.ops.len(), 2);
    let second =
        encode(&header(f.actor, 2, Some(f.first_hash.clone())), &[op(f.actor, 1500)], &f.key);
    let cs2 = expect_ok(&second, &f.key, f.actor, 2, Some(&f.first_hash));
    assert_ne!(cs2.hash, cs.hash);
}

#[test]
fn a_truncated_file_is_damaged() {
    let f = fixture();
    for cut in [f.first.len() - 1, f.first.len() / 2, 40, 10] {
        let e = check(&f.first[..cut], &f.key, f.actor, 1, None).unwrap_err();
        assert!(
            matches!(e, Rejection::Damaged { .. } | Rejection::NotAChangeset),
            "cut at {cut}: {e}"
        );
    }
}

#[test]
fn a_flipped_bit_anywhere_is_caught() {
    let f = fixture();
    for i in (0..f.first.len()).step_by(7) {
        let mut bytes = f.first.clone();
        bytes[i] ^= 0x04;
        assert!(
            check(&bytes, &f.key, f.actor, 1, None).is_err(),
            "flip at byte {i} went unnoticed"
        );
    }
}

#[test]
fn a_file_signed_by_another_key_is_forged() {
    let f = fixture();
    let impostor = ActorKey::generate().unwrap();
    let forged = encode(&header(f.actor, 1, None), &[op(f.actor, 1000)], &impostor);
    assert_eq!(check(&forged, &f.key, f.actor, 1, None).unwrap_err(), Rejection::BadSignature);
    assert!(Rejection::BadSignature.to_string().contains("altered or forged"));
}

#[test]
fn a_file_from_another_actor_or_hub_is_refused() {
    let f = fixture();
    let stranger = ActorId(Uuid::now_v7());
    assert!(matches!(
        check(&f.first, &f.key, stranger, 1, None).unwrap_err(),
        Rejection::WrongActor { .. }
    ));
    let mut other_hub = header(f.actor, 1, None);
    other_hub.hub = "another-hub".into();
    let bytes = encode(&other_hub, &[] as &[Op], &f.key);
    assert!(matches!(
        check(&bytes, &f.key, f.actor, 1, None).unwrap_err(),
        Rejection::WrongHub { .. }
    ));
}

#[test]
fn a_replayed_or_skipped_sequence_number_is_refused() {
    let f = fixture();
    // Replay: the reader already has 1 and expects 2.
    let e = check(&f.first, &f.key, f.actor, 2, Some(&f.first_hash)).unwrap_err();
    assert_eq!(e, Rejection::WrongSequence { expected: 2, found: 1 });
    // Gap: 3 arrives while 2 is expected.
    let third = encode(&header(f.actor, 3, Some(f.first_hash.clone())), &[] as &[Op], &f.key);
    let e = check(&third, &f.key, f.actor, 2, Some(&f.first_hash)).unwrap_err();
    assert_eq!(e, Rejection::WrongSequence { expected: 2, found: 3 });
}

#[test]
fn a_broken_hash_chain_is_refused() {
    let f = fixture();
    let second = encode(&header(f.actor, 2, Some("0".repeat(64))), &[] as &[Op], &f.key);
    assert_eq!(
        check(&second, &f.key, f.actor, 2, Some(&f.first_hash)).unwrap_err(),
        Rejection::BrokenChain
    );
}

#[test]
fn an_unknown_format_version_asks_for_an_update() {
    let f = fixture();
    let mut bytes = b"SPROUT-CHANGESET 3".to_vec();
    bytes.extend_from_slice(&f.first["SPROUT-CHANGESET 2".len()..]);
    let e = check(&bytes, &f.key, f.actor, 1, None).unwrap_err();
    assert_eq!(e, Rejection::UnknownFormat { found: "3".into() });
    assert!(e.to_string().contains("update Sprout"));
}

#[test]
fn junk_is_not_a_changeset() {
    let f = fixture();
    for junk in [&b""[..], b"hello", b"\x00\x01\x02\n", b"PK\x03\x04 a zip file\n"] {
        assert_eq!(check(junk, &f.key, f.actor, 1, None).unwrap_err(), Rejection::NotAChangeset);
    }
}

#[test]
fn an_actor_cannot_smuggle_another_actors_ops() {
    let f = fixture();
    let victim = ActorId(Uuid::now_v7());
    let bytes = encode(&header(f.actor, 1, None), &[op(victim, 1000)], &f.key);
    assert!(matches!(
        check(&bytes, &f.key, f.actor, 1, None).unwrap_err(),
        Rejection::ForeignOp { .. }
    ));
}

#[test]
fn ops_must_lie_in_the_declared_clock_range() {
    let f = fixture();
    let bytes = encode(&header(f.actor, 1, None), &[op(f.actor, 5000)], &f.key);
    assert_eq!(check(&bytes, &f.key, f.actor, 1, None).unwrap_err(), Rejection::ClockOutOfRange);
}
