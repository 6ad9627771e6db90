//! A hub as a region's would look: thousands of members, each with a log and the news of
//! it, built directly (one roster epoch lists them all) so tests and the benchmark can
//! measure what a sync costs at that scale without approving people one by one.

use std::collections::BTreeSet;

use sprout_core::{ActorId, Hlc, NewIdea, Op, OpId, OpPayload, Role, validate_new_idea};
use sprout_store::Store;
use uuid::Uuid;

use crate::changeset::{self, Header, changeset_path};
use crate::docs::{self, Member, Roster};
use crate::engine::{Identity, init};
use crate::error::Result;
use crate::hub::Hub;
use crate::keys::ActorKey;
use crate::news::{News, news_file, news_path};

/// A member of a built region whose key a test holds.
#[derive(Debug)]
pub struct RegionMember {
    pub actor: ActorId,
    pub key: ActorKey,
}

/// Founds a hub as `admin` (on `admin_store`), then lets in `reader` and `members` others
/// in one roster epoch; each other member has written one changeset of one idea, and the
/// hub's news says so. Returns one of the others, for a test to write as.
pub fn populate(
    hub: &dyn Hub,
    admin_store: &Store,
    admin: &Identity<'_>,
    reader: &Identity<'_>,
    members: usize,
) -> Result<RegionMember> {
    let mut all = populate_all(hub, admin_store, admin, reader, members)?;
    match all.pop() {
        Some(one) => Ok(one),
        None => Ok(RegionMember { actor: reader.actor, key: ActorKey::generate()? }),
    }
}

/// [`populate`], returning every member it let in besides the admin and the reader.
pub fn populate_all(
    hub: &dyn Hub,
    admin_store: &Store,
    admin: &Identity<'_>,
    reader: &Identity<'_>,
    members: usize,
) -> Result<Vec<RegionMember>> {
    let info = init(hub, admin_store, admin, "Region")?;
    let first = hub.list("members/")?.into_iter().next().unwrap_or_default();
    let first = hub.read(&first, docs::MAX_ROSTER_BYTES)?;
    let mut roster = Roster {
        hub: info.hub.clone(),
        epoch: 2,
        prev: Some(changeset::sha256_hex(&first)),
        members: Default::default(),
    };
    let member = |id: &Identity<'_>, roles: BTreeSet<Role>| Member {
        actor: id.actor,
        key: id.key.public(),
        person: id.person.to_owned(),
        site: id.site.to_owned(),
        roles,
        revoked_after: None,
        revoked_at: None,
    };
    roster.members.insert(admin.actor, member(admin, BTreeSet::from([Role::Admin])));
    roster.members.insert(reader.actor, member(reader, BTreeSet::from([Role::Clinician])));
    let now = u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0);
    let mut others = Vec::new();
    for i in 0..members {
        let key = ActorKey::generate()?;
        let actor = ActorId(Uuid::now_v7());
        let person = format!("Member {i}");
        let id = Identity { actor, key: &key, person: &person, site: "Ward 7" };
        roster.members.insert(actor, member(&id, BTreeSet::from([Role::Clinician])));
        others.push(RegionMember { actor, key });
    }
    let signed = docs::sign(&roster, admin.key);
    hub.create(&docs::roster_path(2, &admin.key.public(), &signed), &signed)?;
    for (i, m) in others.iter().enumerate() {
        let new = NewIdea {
            title: format!("Idea {i} from a ward"),
            problem: "Night falls go unseen".into(),
            ..Default::default()
        };
        let created = validate_new_idea(&new, &format!("Member {i}"))
            .map_err(|e| crate::error::Error::NotAllowed(e.to_string()))?;
        let id = OpId::minted(m.actor, Uuid::now_v7());
        let hlc = Hlc::new(now, 0);
        let op = Op {
            id,
            hlc,
            actor: m.actor,
            entity_id: id.0,
            payload: OpPayload::IdeaCreated(created),
        };
        let header = Header {
            format: changeset::FORMAT_VERSION,
            hub: info.hub.clone(),
            actor: m.actor,
            seq: 1,
            prev_hash: None,
            hlc_min: hlc,
            hlc_max: hlc,
            roster_epoch: 2,
            seen: Vec::new(),
        };
        hub.create(&changeset_path(m.actor, 1), &changeset::encode(&header, &[op], &m.key))?;
        hub.create(&news_path(i as u64 + 1), &news_file(&News::Log { actor: m.actor, seq: 1 }))?;
    }
    Ok(others)
}

/// Tells `store` it holds each `(member, last changeset, its id)` and has read the news
/// through `news`, as a lead's PC that had followed the whole region would, so a benchmark
/// can have it write a snapshot of a million ops without first applying them.
pub fn assume_followed(
    store: &mut Store,
    logs: &[(ActorId, u64, String)],
    news: u64,
) -> Result<()> {
    for (actor, seq, id) in logs {
        store.record_push(*actor, *seq, id, &[])?;
    }
    crate::news::set_read_through(store, news)
}

/// Writes `member`'s changeset `seq`, one new idea, after the one before it on the hub.
pub fn write_next(hub: &dyn Hub, member: &RegionMember, seq: u64) -> Result<()> {
    let before =
        hub.read(&changeset_path(member.actor, seq - 1), changeset::MAX_CHANGESET_BYTES)?;
    let header = crate::changeset::SignedHeader::of_file(&before)
        .and_then(|h| h.open(&member.key.public()))
        .map(|(h, _)| h)
        .ok_or_else(|| crate::error::Error::NotAllowed("not a changeset of theirs".into()))?;
    let new = NewIdea {
        title: format!("Idea {seq} from a ward"),
        problem: "Night falls go unseen".into(),
        ..Default::default()
    };
    let created = validate_new_idea(&new, "Member")
        .map_err(|e| crate::error::Error::NotAllowed(e.to_string()))?;
    let id = OpId::minted(member.actor, Uuid::now_v7());
    let hlc = Hlc::new(u64::try_from(chrono::Utc::now().timestamp_millis()).unwrap_or(0), 0);
    let op = Op {
        id,
        hlc,
        actor: member.actor,
        entity_id: id.0,
        payload: OpPayload::IdeaCreated(created),
    };
    let header = Header {
        seq,
        prev_hash: changeset::changeset_id(&before),
        hlc_min: hlc,
        hlc_max: hlc,
        seen: Vec::new(),
        ..header
    };
    hub.create(
        &changeset_path(member.actor, seq),
        &changeset::encode(&header, &[op], &member.key),
    )?;
    Ok(())
}
