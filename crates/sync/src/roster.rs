//! The hub's roster: who may write to it and in what role. Rosters are epochs in a
//! signed hash chain: each names the SHA-256 of the one before and is signed by someone
//! that one allowed to sign it, under a name bound to its signer and its content. Two
//! epochs claiming one number (a fork) are resolved by one rule every device applies to
//! the same files, whatever it saw first (see [`winner`]); the losing branch is listed
//! under the hub's problems. Devices verify each new epoch once and keep what they follow.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use sprout_core::{ActorId, Role};
use sprout_store::Store;
use uuid::Uuid;

use crate::changeset::sha256_hex;
use crate::docs::{
    self, HubInfo, JoinRequest, MAX_DOC_BYTES, MAX_ROSTER_BYTES, Member, Roster, parse_roster_path,
    request_path,
};
use crate::engine::{note_problem, trusted_info};
use crate::error::{Error, Result};
use crate::hub::Hub;
use crate::keys::{ActorKey, PublicKey};

/// One roster epoch, read and verified against the epoch it names.
#[derive(Clone, Debug)]
struct Epoch {
    path: String,
    hash: String,
    signer: PublicKey,
    roster: Roster,
    /// Its place among the epochs read, and its parent's (`None` for a first epoch).
    parent: Option<usize>,
}

/// The roster a device follows, and what it has made of the hub's roster files.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Kept {
    roster: Option<Roster>,
    /// The SHA-256 of the followed epoch's file: what the next epoch must name.
    hash: Option<String>,
    /// The files of the chain followed, first epoch first.
    chain: Vec<String>,
    /// Every roster file judged (followed, lost or refused), so none is read twice.
    judged: BTreeSet<String>,
}

/// The roster a device follows now.
#[derive(Clone, Debug)]
pub(crate) struct Followed {
    /// Shared: a region's roster lists thousands of members, and a quiet sync reads the
    /// one this process already holds rather than parse it again.
    pub roster: Arc<Roster>,
    /// What its epoch's file hashes to, for writing the next.
    pub hash: Option<String>,
    /// Roster files refused or on a losing branch, newly found (each listed by path).
    pub problems: usize,
    /// The roster this device followed before, when a fork it had not seen won.
    pub replaced: Option<Roster>,
}

/// The newest roster whose chain holds, verified from the first epoch, and a description
/// of each roster file refused or on a losing branch. For audits; devices use
/// [`current_roster`].
pub fn load_roster(hub: &dyn Hub, info: &HubInfo) -> Result<(Roster, Option<String>)> {
    let present = hub.list("members/")?;
    let (chain, epochs, refused) = resolve(hub, info, &present)?;
    let mut problems: Vec<String> = refused.into_iter().map(|(p, r)| format!("{p}: {r}")).collect();
    problems.extend(losers(&chain, &epochs).map(|(p, r)| format!("{p}: {r}")));
    let roster =
        chain.last().map_or_else(|| Roster::empty(&info.hub), |i| epochs[*i].roster.clone());
    Ok((roster, (!problems.is_empty()).then(|| problems.join("; "))))
}

/// The current roster: the one this device follows, extended by any later epochs. A
/// sync reads one listing and only roster files it has not judged before; only a file at
/// an epoch it has already passed (a fork) makes it read the whole chain again.
pub(crate) fn current_roster(hub: &dyn Hub, store: &Store, info: &HubInfo) -> Result<Followed> {
    let present = hub.list("members/")?;
    let mut kept = kept(store, info)?;
    let mut problems = 0;
    let mut fresh = Vec::new();
    for path in &present {
        if kept.judged.contains(path) {
            continue;
        }
        match parse_roster_path(path) {
            Some((epoch, _, _)) => fresh.push((epoch, path.clone())),
            None => {
                note_problem(store, path, NOT_A_ROSTER_NAME)?;
                kept.judged.insert(path.clone());
                problems += 1;
            }
        }
    }
    let epoch = kept.roster.as_ref().map_or(0, |r| r.epoch);
    let fork = fresh.iter().any(|(e, _)| *e <= epoch);
    let before = kept.roster.clone();
    let before_chain = kept.chain.clone();
    let before_judged = kept.judged.len();
    if kept.roster.is_none() || fork || !extend(hub, store, info, &mut kept, &fresh, &mut problems)?
    {
        // Read the chain from its first epoch and follow what the rule picks.
        let (chain, epochs, refused) = resolve(hub, info, &present)?;
        // Every file refused or on a losing branch is listed again (a branch this device
        // followed may have just lost); only those it had not judged count as new.
        let losing: Vec<(String, String)> = losers(&chain, &epochs).collect();
        for (path, reason) in refused.iter().chain(losing.iter()) {
            note_problem(store, path, reason)?;
            if !kept.judged.contains(path) || before_chain.contains(path) {
                problems += 1;
            }
        }
        kept.chain = chain.iter().map(|i| epochs[*i].path.clone()).collect();
        let last = chain.last().map(|i| &epochs[*i]);
        kept.roster = Some(last.map_or_else(|| Roster::empty(&info.hub), |e| e.roster.clone()));
        kept.hash = last.map(|e| e.hash.clone());
        kept.judged.extend(present.iter().filter(|p| parse_roster_path(p).is_some()).cloned());
    }
    let roster = kept.roster.clone().unwrap_or_else(|| Roster::empty(&info.hub));
    // Switched when the chain followed before is no longer the start of the one followed.
    let replaced = before.filter(|_| !kept.chain.starts_with(&before_chain));
    // Written only when something was judged or followed anew, not on every quiet sync.
    if kept.judged.len() != before_judged || kept.chain != before_chain {
        remember(store, &kept)?;
    }
    let roster = Arc::new(roster);
    remember_in_process(&roster, kept.hash.as_deref());
    Ok(Followed { roster, hash: kept.hash.clone(), problems, replaced })
}

const NOT_A_ROSTER_NAME: &str = "refused: not a roster file Sprout writes \
    (members/<epoch>.<signer>.<hash>.json); it is never read";

/// Follows the chain on from the kept roster through `fresh` files, when each new epoch
/// has exactly one candidate that holds. Returns false when a new epoch has two (a fork
/// the rule must settle, reading the whole chain).
fn extend(
    hub: &dyn Hub,
    store: &Store,
    info: &HubInfo,
    kept: &mut Kept,
    fresh: &[(u64, String)],
    problems: &mut usize,
) -> Result<bool> {
    let Some(mut roster) = kept.roster.clone() else { return Ok(false) };
    let mut hash = kept.hash.clone();
    let mut judged = Vec::new();
    loop {
        let epoch = roster.epoch + 1;
        let candidates: Vec<&String> =
            fresh.iter().filter(|(e, _)| *e == epoch).map(|(_, p)| p).collect();
        if candidates.len() > 1 {
            return Ok(false);
        }
        let Some(path) = candidates.first() else { break };
        match read_epoch(hub, info, path, &roster, hash.as_deref()) {
            Ok(e) => {
                judged.push(e.path.clone());
                kept.chain.push(e.path);
                roster = e.roster;
                hash = Some(e.hash);
            }
            Err(reason) => {
                note_problem(store, path, &reason)?;
                *problems += 1;
                judged.push((*path).clone());
                break;
            }
        }
    }
    kept.judged.extend(judged);
    kept.roster = Some(roster);
    kept.hash = hash;
    Ok(true)
}

/// Reads and verifies one roster file as the epoch after `parent` (whose file hashes to
/// `parent_hash`), checking that its name is its signer's and its content's.
fn read_epoch(
    hub: &dyn Hub,
    info: &HubInfo,
    path: &str,
    parent: &Roster,
    parent_hash: Option<&str>,
) -> std::result::Result<Epoch, String> {
    let refused = |e: String| format!("refused: {e}");
    let bytes = hub.read(path, MAX_ROSTER_BYTES).map_err(|e| refused(e.to_string()))?;
    let (roster, signer) =
        parent.next(&bytes, parent_hash, info).map_err(|e| refused(e.to_string()))?;
    if docs::roster_path(roster.epoch, &signer, &bytes) != path {
        return Err(refused(
            "its name is not its signer's and its content's: it was planted or renamed".into(),
        ));
    }
    Ok(Epoch { path: path.to_owned(), hash: sha256_hex(&bytes), signer, roster, parent: None })
}

/// The chain picked (indexes into the epochs read), the epochs that hold, and the files
/// refused with why.
type Resolved = (Vec<usize>, Vec<Epoch>, Vec<(String, String)>);

/// Every roster file read and verified from the first epoch: the chain the rule picks
/// (indexes into the epochs read, first epoch first), every epoch that holds, and the
/// files refused with why.
fn resolve(hub: &dyn Hub, info: &HubInfo, present: &[String]) -> Result<Resolved> {
    let mut by_epoch: BTreeMap<u64, Vec<&String>> = BTreeMap::new();
    let mut refused = Vec::new();
    for path in present {
        match parse_roster_path(path) {
            Some((epoch, _, _)) => by_epoch.entry(epoch).or_default().push(path),
            None => refused.push((path.clone(), NOT_A_ROSTER_NAME.to_owned())),
        }
    }
    let mut epochs: Vec<Epoch> = Vec::new();
    let empty = Roster::empty(&info.hub);
    for (number, paths) in &by_epoch {
        let parents: Vec<usize> = if *number == 1 {
            vec![usize::MAX]
        } else {
            (0..epochs.len()).filter(|i| epochs[*i].roster.epoch + 1 == *number).collect()
        };
        for path in paths {
            let mut last_reason = "refused: it follows no roster epoch on the hub".to_owned();
            let mut found = None;
            for parent in &parents {
                let (roster, hash) = match epochs.get(*parent) {
                    Some(p) => (&p.roster, Some(p.hash.as_str())),
                    None => (&empty, None),
                };
                match read_epoch(hub, info, path, roster, hash) {
                    Ok(mut e) => {
                        e.parent = epochs.get(*parent).map(|_| *parent);
                        found = Some(e);
                        break;
                    }
                    Err(reason) => last_reason = reason,
                }
            }
            match found {
                Some(e) => epochs.push(e),
                None => refused.push(((*path).clone(), last_reason)),
            }
        }
    }
    let mut chain = Vec::new();
    let mut at: Option<usize> = None;
    loop {
        let children: Vec<usize> = (0..epochs.len()).filter(|i| epochs[*i].parent == at).collect();
        let Some(next) = winner(&epochs, &children, at) else { break };
        chain.push(next);
        at = Some(next);
    }
    Ok((chain, epochs, refused))
}

/// The epochs read that are not on the chain, each with why it lost.
fn losers<'a>(
    chain: &'a [usize],
    epochs: &'a [Epoch],
) -> impl Iterator<Item = (String, String)> + 'a {
    epochs.iter().enumerate().filter(|(i, _)| !chain.contains(i)).map(move |(_, e)| {
        let standing = chain.iter().map(|i| &epochs[*i]).find(|c| c.roster.epoch == e.roster.epoch);
        let reason = match standing {
            Some(s) => format!(
                "a competing change to roster epoch {}: the one at {} stands on every PC, \
                 and this branch is not followed",
                e.roster.epoch, s.path
            ),
            None => "a change to the roster on a branch that lost; it is not followed".into(),
        };
        (e.path.clone(), reason)
    })
}

/// Of rival epochs with one parent, the one every device follows:
/// 1. a branch that goes on to revoke (or remove) a rival's signer beats that rival, so a
///    revoked member can never win by forking the roster before or after their revocation;
/// 2. then the signer with more authority at the parent (admin over lead);
/// 3. then the lower file hash, which nobody can choose for a file another signed.
fn winner(epochs: &[Epoch], rivals: &[usize], parent: Option<usize>) -> Option<usize> {
    if rivals.len() <= 1 {
        return rivals.first().copied();
    }
    let parent_roster = parent.map(|p| &epochs[p].roster);
    let branch_end = |start: usize| -> &Roster {
        let mut at = start;
        loop {
            let children: Vec<usize> =
                (0..epochs.len()).filter(|i| epochs[*i].parent == Some(at)).collect();
            match winner(epochs, &children, Some(at)) {
                Some(next) => at = next,
                None => return &epochs[at].roster,
            }
        }
    };
    let ends: Vec<(usize, &Roster)> = rivals.iter().map(|r| (*r, branch_end(*r))).collect();
    let removes = |end: &Roster, signer: &PublicKey| -> bool {
        parent_roster.is_some_and(|p| {
            p.members.values().filter(|m| m.key == *signer && m.revoked_after.is_none()).any(|m| {
                end.members
                    .get(&m.actor)
                    .is_none_or(|now| now.revoked_after.is_some() || now.key != m.key)
            })
        })
    };
    let beaten =
        |r: usize| ends.iter().any(|(other, end)| *other != r && removes(end, &epochs[r].signer));
    let unbeaten: Vec<usize> = rivals.iter().copied().filter(|r| !beaten(*r)).collect();
    let pool = if unbeaten.is_empty() { rivals.to_vec() } else { unbeaten };
    let rank = |r: usize| {
        let roles = parent_roster.map(|p| p.signer_roles(&epochs[r].signer)).unwrap_or_default();
        if roles.contains(&Role::Admin) { 2 } else { u8::from(roles.contains(&Role::Lead)) }
    };
    pool.into_iter()
        .max_by(|a, b| rank(*a).cmp(&rank(*b)).then_with(|| epochs[*b].hash.cmp(&epochs[*a].hash)))
}

/// The roster this device follows, as [`current_roster`] gives it, without a trip to the
/// hub: for a quiet sync whose news named no roster change.
pub(crate) fn kept_followed(store: &Store) -> Result<Option<Followed>> {
    let hash = store.hub_value(ROSTER_HASH)?;
    if let Some(roster) = hash.as_deref().and_then(in_process) {
        return Ok(Some(Followed { roster, hash, problems: 0, replaced: None }));
    }
    let kept = store.hub_value(ROSTER_KEY)?.and_then(|v| serde_json::from_str::<Kept>(&v).ok());
    Ok(kept.and_then(|k| {
        let roster = Arc::new(k.roster?);
        remember_in_process(&roster, k.hash.as_deref());
        Some(Followed { roster, hash: k.hash, problems: 0, replaced: None })
    }))
}

/// The roster this process last read or verified, by the hash of its epoch's file (so any
/// device of the same hub may share it: the hash names the content).
static IN_PROCESS: Mutex<Option<(String, Arc<Roster>)>> = Mutex::new(None);

fn in_process(hash: &str) -> Option<Arc<Roster>> {
    let held = IN_PROCESS.lock().unwrap_or_else(PoisonError::into_inner);
    held.as_ref().filter(|(h, _)| h == hash).map(|(_, r)| r.clone())
}

fn remember_in_process(roster: &Arc<Roster>, hash: Option<&str>) {
    if let Some(hash) = hash {
        *IN_PROCESS.lock().unwrap_or_else(PoisonError::into_inner) =
            Some((hash.to_owned(), roster.clone()));
    }
}

/// Where a device keeps the hash of the roster epoch it follows, to find it in memory.
const ROSTER_HASH: &str = "roster_hash";

/// The roster this device last verified, without a trip to the hub.
pub fn followed_roster(store: &Store) -> Result<Option<Roster>> {
    Ok(store
        .hub_value(ROSTER_KEY)?
        .and_then(|v| serde_json::from_str::<Kept>(&v).ok())
        .and_then(|k| k.roster))
}

fn kept(store: &Store, info: &HubInfo) -> Result<Kept> {
    let raw = store.hub_value(ROSTER_KEY)?;
    let read = raw.as_deref().map(serde_json::from_str::<Kept>);
    if let Some(Err(e)) = &read {
        // Never a silent fall back: the chain is verified again from its first epoch,
        // and the person is told.
        store.record_hub_problem(
            "members/",
            &format!("the roster this PC kept could not be read ({e}); verified again from the first epoch"),
        )?;
    }
    Ok(read
        .and_then(std::result::Result::ok)
        .filter(|k| k.roster.as_ref().is_some_and(|r| r.hub == info.hub))
        .unwrap_or_default())
}

fn remember(store: &Store, kept: &Kept) -> Result<()> {
    if let Ok(json) = serde_json::to_string(kept) {
        store.set_hub_value(ROSTER_KEY, &json)?;
    }
    if let Some(hash) = &kept.hash {
        store.set_hub_value(ROSTER_HASH, hash)?;
    }
    Ok(())
}

/// Where a device keeps the roster it follows (device-local, never synced).
const ROSTER_KEY: &str = "roster_chain";

/// Join requests from devices not yet in the roster.
pub fn pending_requests(hub: &dyn Hub, store: &Store) -> Result<Vec<(JoinRequest, PublicKey)>> {
    let info = trusted_info(hub, store)?;
    let roster = current_roster(hub, store, &info)?.roster;
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
    Ok((*current_roster(hub, store, &info)?.roster).clone())
}

/// Writes the next roster epoch as `change` makes it, signed by this device, naming the
/// epoch it follows. Checks the signer's authority first, and builds again on top of a
/// rival epoch that won.
fn change_roster(
    hub: &dyn Hub,
    store: &Store,
    key: &ActorKey,
    change: impl Fn(&mut Roster) -> Result<()>,
) -> Result<Roster> {
    let info = trusted_info(hub, store)?;
    for _ in 0..5 {
        let current = current_roster(hub, store, &info)?;
        let mut next = (*current.roster).clone();
        next.epoch += 1;
        next.prev = current.hash.clone();
        change(&mut next)?;
        let bytes = docs::sign(&next, key);
        current.roster.next(&bytes, current.hash.as_deref(), &info).map_err(|e| match e {
            docs::DocError::Unauthorised { .. } => Error::NotAllowed(
                "only an admin, or a lead adding clinicians and reviewers, may change the roster"
                    .into(),
            ),
            other => Error::NotAllowed(other.to_string()),
        })?;
        // The name is this signer's and this content's: nothing planted can take it.
        hub.create(&docs::roster_path(next.epoch, &key.public(), &bytes), &bytes)?;
        let now = current_roster(hub, store, &info)?;
        if now.hash.as_deref() == Some(sha256_hex(&bytes).as_str()) {
            crate::news::announce(hub, store, &crate::news::News::Roster)?;
            return Ok((*now.roster).clone());
        }
        // A rival epoch won the rule: build again on the chain every device follows.
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
                revoked_at: None,
            },
        );
        Ok(())
    })
}

/// Revokes a member: their log is read first, as far as the hub holds it, and the
/// revocation pins the last changeset applied by its id, so every device refuses
/// anything later, and anything rewritten, whatever it had read when the news arrives.
pub fn revoke(hub: &dyn Hub, store: &mut Store, key: &ActorKey, actor: ActorId) -> Result<Roster> {
    let info = trusted_info(hub, store)?;
    let roster = current_roster(hub, store, &info)?.roster;
    if let Some(member) = roster.members.get(&actor) {
        crate::engine::pull_member(hub, store, &info, &roster, member)?;
    }
    let pin = store.hub_cursor(actor)?;
    change_roster(hub, store, key, |roster| {
        let member = roster
            .members
            .get_mut(&actor)
            .ok_or_else(|| Error::NotAllowed(format!("{actor} is not a member of this hub")))?;
        if member.revoked_after.is_none() {
            member.revoked_after = Some(pin.as_ref().map_or(0, |(seq, _)| *seq));
            member.revoked_at = pin.as_ref().map(|(_, id)| id.clone());
        }
        Ok(())
    })
}
