//! What a quiet sync costs the hub, counted request by request through a hub that counts:
//! the same whether the hub has 20 members or 500, and one new changeset adds a bounded
//! number of requests.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::time::Duration;

use sprout_sync::{CountingHub, FolderHub, Hub, News, news_file, news_path};

mod support;

use support::Device;

/// A region of `members`, read once in full by a member's device; then what its quiet
/// syncs cost: with nothing new, and with one new changeset from someone.
fn costs(members: usize) -> ((u64, u64), (u64, u64)) {
    let dir = tempfile::tempdir().unwrap();
    let hub =
        CountingHub::new(FolderHub::create_root(dir.path().join("hub")).unwrap(), Duration::ZERO);
    let admin = Device::new("Ada Admin");
    let mut reader = Device::new("Rita Reader");
    let writer =
        sprout_sync::region::populate(&hub, &admin.store, &admin.me(), &reader.me(), members)
            .unwrap();
    sprout_sync::join(&hub, &reader.store, &reader.me()).unwrap();
    let full = reader.sync(&hub);
    assert!(full.full_check);
    assert_eq!(full.pulled, members, "the full check reads every log");

    hub.reset();
    let quiet = reader.quiet_sync(&hub);
    assert!(!quiet.full_check);
    assert_eq!((quiet.pulled, quiet.rejected_files), (0, 0));
    let nothing = hub.counts();

    // One member writes one more changeset, and tells the news.
    let info = sprout_sync::HubInfo::open(&hub.read("HUB.json", 1 << 20).unwrap()).unwrap();
    let first = hub.read(&sprout_sync::changeset_path(writer.actor, 1), 1 << 20).unwrap();
    let op = {
        let mut cs = sprout_sync::decode(
            &first,
            &sprout_sync::Expected {
                hub: &info.hub,
                actor: writer.actor,
                seq: 1,
                prev_hash: None,
                key: &writer.key.public(),
            },
        )
        .unwrap();
        let mut op = cs.ops.remove(0);
        op.id = sprout_core::OpId::minted(writer.actor, uuid::Uuid::now_v7());
        op.entity_id = op.id.0;
        op
    };
    let header = sprout_sync::Header {
        format: sprout_sync::FORMAT_VERSION,
        hub: info.hub.clone(),
        actor: writer.actor,
        seq: 2,
        prev_hash: sprout_sync::changeset_id(&first),
        hlc_min: op.hlc,
        hlc_max: op.hlc,
        roster_epoch: 2,
        seen: Vec::new(),
    };
    hub.create(
        &sprout_sync::changeset_path(writer.actor, 2),
        &sprout_sync::encode(&header, &[&op], &writer.key),
    )
    .unwrap();
    hub.create(
        &news_path(members as u64 + 1),
        &news_file(&News::Log { actor: writer.actor, seq: 2 }),
    )
    .unwrap();
    hub.reset();
    let one = reader.quiet_sync(&hub);
    assert_eq!(one.pulled, 1, "{one:?}");
    (nothing, hub.counts())
}

#[test]
fn a_quiet_sync_costs_the_same_at_20_members_as_at_500() {
    let (small, small_one) = costs(20);
    let (large, large_one) = costs(500);
    println!("quiet sync, 20 members: {small:?}; 500 members: {large:?} (requests, bytes)");
    println!("one new changeset, 20 members: {small_one:?}; 500 members: {large_one:?}");
    assert_eq!(small.0, large.0, "requests of a quiet sync grow with the members");
    assert!(large.0 <= 5, "a quiet sync makes at most 5 requests: {large:?}");
    assert!(large.1 <= 64 * 1024, "a quiet sync reads at most 64 KB: {large:?}");
    assert_eq!(small_one.0, large_one.0);
    assert!(large_one.0 <= large.0 + 5, "one new changeset adds at most 5 requests: {large_one:?}");
}

#[test]
fn a_new_pc_starts_from_a_snapshot_and_the_news_since_in_a_few_requests() {
    let members = 300;
    let dir = tempfile::tempdir().unwrap();
    let hub =
        CountingHub::new(FolderHub::create_root(dir.path().join("hub")).unwrap(), Duration::ZERO);
    let mut admin = Device::new("Ada Admin");
    let reader = Device::new("Rita Reader");
    let writer =
        sprout_sync::region::populate(&hub, &admin.store, &admin.me(), &reader.me(), members)
            .unwrap();
    admin.sync(&hub);
    sprout_sync::write_snapshot(&hub, &admin.store, &admin.key).unwrap();
    // One more change after the snapshot: a new PC hears of it from the news.
    sprout_sync::region::write_next(&hub, &writer, 2).unwrap();
    hub.create(
        &news_path(members as u64 + 1),
        &news_file(&News::Log { actor: writer.actor, seq: 2 }),
    )
    .unwrap();

    let mut new = Device::new("Nell New");
    sprout_sync::join(&hub, &new.store, &new.me()).unwrap();
    sprout_sync::approve(&hub, &admin.store, &admin.key, new.actor(), sprout_core::Role::Clinician)
        .unwrap();
    hub.reset();
    let first = new.quiet_sync(&hub);
    let (requests, _) = hub.counts();
    println!(
        "a new PC's first sync at {members} members: {requests} requests, {} ops",
        first.pulled
    );
    assert_eq!(
        first.pulled,
        members + 1,
        "everything, and the change since the snapshot: {first:?}"
    );
    assert!(requests < 40, "a new PC does not read every log: {requests} requests");
    assert!(!first.full_check, "its full check comes later");
    // Its full check comes later, and finds nothing the snapshot and news left out.
    let full = new.sync(&hub);
    assert_eq!((full.pulled, full.rejected_files), (0, 0), "{full:?}");
}

#[test]
fn a_quiet_sync_on_a_share_that_is_not_there_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let hub = FolderHub::create_root(dir.path().join("hub")).unwrap();
    let admin = Device::new("Ada Admin");
    let mut reader = Device::new("Rita Reader");
    sprout_sync::region::populate(&hub, &admin.store, &admin.me(), &reader.me(), 3).unwrap();
    sprout_sync::join(&hub, &reader.store, &reader.me()).unwrap();
    reader.sync(&hub);
    std::fs::rename(dir.path().join("hub"), dir.path().join("gone")).unwrap();
    let error = reader.try_quiet_sync(&hub).unwrap_err();
    assert!(matches!(error, sprout_sync::Error::Unreachable { .. }), "{error}");
}
