//! The hub's roster: who may write to it and in what role. Rosters are admin-signed
//! epochs in a chain; devices verify each new epoch once and keep the last one they
//! trusted. Approving and revoking write the next epoch.

use std::collections::BTreeSet;

use sprout_core::{ActorId, Role};
use sprout_store::Store;
use uuid::Uuid;

use crate::docs::{self, HubInfo, JoinRequest, MAX_DOC_BYTES, Member, Roster, request_path};
use crate::engine::trusted_info;
use crate::error::{Error, Result};
use crate::hub::Hub;
use crate::keys::{ActorKey, PublicKey};

/// The newest roster whose chain of signatures holds, verified from the first epoch, and
/// a description of the first roster file that broke the chain, if one did. For audits;
/// devices use [`current_roster`].
pub fn load_roster(hub: &dyn Hub, info: &HubInfo) -> Result<(Roster, Option<String>)> {
    extend_roster(hub, info, Roster::empty(&info.hub))
}

/// Follows the roster chain on from `roster`, verifying each later epoch. Each signer
/// writes an epoch under a name of its own; of the candidates for an epoch, the first by
/// name that its signer was allowed to write is the one every device follows. Others are
/// reported, and never block the chain.
fn extend_roster(
    hub: &dyn Hub,
    info: &HubInfo,
    mut roster: Roster,
) -> Result<(Roster, Option<String>)> {
    let present = hub.list("members/")?;
    let mut problems = Vec::new();
    loop {
        let epoch = roster.epoch + 1;
        let candidates: Vec<&String> =
            present.iter().filter(|p| docs::is_roster_path(p, epoch)).collect();
        let mut next = None;
        for path in candidates {
            let verified = hub
                .read(path, MAX_DOC_BYTES)
                .map_err(|e| e.to_string())
                .and_then(|bytes| roster.next(&bytes, info).map_err(|e| e.to_string()));
            match verified {
                Ok(r) if next.is_none() => next = Some(r),
                Ok(_) => problems.push(format!(
                    "{path}: a competing change to the roster; an earlier one stands"
                )),
                Err(e) => problems.push(format!("{path}: refused: {e}")),
            }
        }
        match next {
            Some(r) => roster = r,
            None => {
                let problem = (!problems.is_empty()).then(|| problems.join("; "));
                return Ok((roster, problem));
            }
        }
    }
}

/// The current roster: the last one this device verified, extended by any later epochs.
/// So a sync reads one listing and only new roster files, not the whole chain again, on a
/// share where every read may cross a slow link.
pub(crate) fn current_roster(
    hub: &dyn Hub,
    store: &Store,
    info: &HubInfo,
) -> Result<(Roster, Option<String>)> {
    let kept = store.hub_value(ROSTER_KEY)?;
    let read = kept.as_deref().map(serde_json::from_str::<Roster>);
    if let Some(Err(e)) = &read {
        // Never a silent fall back: the chain is verified again from its first epoch,
        // and the person is told.
        store.record_hub_problem(
            "members/",
            &format!("the roster this PC kept could not be read ({e}); verified again from the first epoch"),
        )?;
    }
    let known = read.and_then(Result::ok).filter(|r| r.hub == info.hub);
    let known_epoch = known.as_ref().map(|r| r.epoch);
    let (roster, problem) =
        extend_roster(hub, info, known.unwrap_or_else(|| Roster::empty(&info.hub)))?;
    if known_epoch != Some(roster.epoch) {
        remember_roster(store, &roster)?;
    }
    Ok((roster, problem))
}

fn remember_roster(store: &Store, roster: &Roster) -> Result<()> {
    if let Ok(json) = serde_json::to_string(roster) {
        store.set_hub_value(ROSTER_KEY, &json)?;
    }
    Ok(())
}

/// Where a device keeps the last roster it verified (device-local, never synced).
const ROSTER_KEY: &str = "roster";

/// Join requests from devices not yet in the roster.
pub fn pending_requests(hub: &dyn Hub, store: &Store) -> Result<Vec<(JoinRequest, PublicKey)>> {
    let info = trusted_info(hub, store)?;
    let (roster, _) = current_roster(hub, store, &info)?;
    let mut pending = Vec::new();
    for path in hub.list("requests/")? {
        // Requests of people already let in are never read again.
        let named = path.strip_prefix("requests/").and_then(|p| p.strip_suffix(".json"));
        if named
            .and_then(|a| Uuid::parse_str(a).ok())
            .is_some_and(|a| roster.members.contains_key(&ActorId(a)))
        {
            continue;
        }
        let Ok(bytes) = hub.read(&path, MAX_DOC_BYTES) else { continue };
        if let Ok((request, key)) = JoinRequest::open(&bytes, &info.hub)
            && !roster.members.contains_key(&request.actor)
            && path == request_path(request.actor)
        {
            pending.push((request, key));
        }
    }
    pending.sort_by(|a, b| a.0.requested_at.cmp(&b.0.requested_at));
    Ok(pending)
}

/// The current roster.
pub fn members(hub: &dyn Hub, store: &Store) -> Result<Roster> {
    let info = trusted_info(hub, store)?;
    Ok(current_roster(hub, store, &info)?.0)
}

/// Writes the next roster epoch as `change` makes it, signed by this device. Checks the
/// signer's authority first, and retries on top of a roster someone wrote meanwhile.
fn change_roster(
    hub: &dyn Hub,
    store: &Store,
    key: &ActorKey,
    change: impl Fn(&mut Roster) -> Result<()>,
) -> Result<Roster> {
    let info = trusted_info(hub, store)?;
    for _ in 0..5 {
        let (current, _) = current_roster(hub, store, &info)?;
        let mut next = current.clone();
        next.epoch += 1;
        change(&mut next)?;
        let bytes = docs::sign(&next, key);
        current.next(&bytes, &info).map_err(|e| match e {
            docs::DocError::Unauthorised { .. } => Error::NotAllowed(
                "only an admin, or a lead adding clinicians and reviewers, may change the roster"
                    .into(),
            ),
            other => Error::NotAllowed(other.to_string()),
        })?;
        match hub.create(&docs::roster_path_by(next.epoch, &key.public()), &bytes) {
            // Another signer's change to the same epoch may have come first: follow the
            // chain as every device will, and build on it if ours lost.
            Ok(_) | Err(Error::Conflict { .. }) => {
                let (now, _) = current_roster(hub, store, &info)?;
                if now.epoch >= next.epoch && now.members == next.members {
                    return Ok(now);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(Error::NotAllowed("the roster is changing too fast; try again".into()))
}

/// Lets a device in with `role`, binding the key that signed its join request.
pub fn approve(
    hub: &dyn Hub,
    store: &Store,
    key: &ActorKey,
    actor: ActorId,
    role: Role,
) -> Result<Roster> {
    let (request, request_key) = pending_requests(hub, store)?
        .into_iter()
        .find(|(r, _)| r.actor == actor)
        .ok_or_else(|| Error::NoRequest { actor: actor.to_string() })?;
    change_roster(hub, store, key, |roster| {
        roster.members.insert(
            actor,
            Member {
                actor,
                key: request_key,
                person: request.person.clone(),
                site: request.site.clone(),
                roles: BTreeSet::from([role]),
                revoked_after: None,
            },
        );
        Ok(())
    })
}

/// Revokes a member: changesets after the last one this device has seen from them are
/// refused everywhere.
pub fn revoke(hub: &dyn Hub, store: &Store, key: &ActorKey, actor: ActorId) -> Result<Roster> {
    let last_seen = store.hub_cursor(actor)?.map_or(0, |(seq, _)| seq);
    change_roster(hub, store, key, |roster| {
        let member = roster
            .members
            .get_mut(&actor)
            .ok_or_else(|| Error::NotAllowed(format!("{actor} is not a member of this hub")))?;
        member.revoked_after.get_or_insert(last_seen);
        Ok(())
    })
}
