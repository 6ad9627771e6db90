//! Snapshots: the hub's log up to one moment in one file, so a new device on a slow share
//! reads one file instead of thousands. A snapshot carries the members' signed changeset
//! files byte for byte, so a reader verifies and gates everything in it exactly as if it
//! read the log: it can hold nothing the log does not.

use std::collections::BTreeSet;

use sprout_core::{ActorId, PidRules, Role};
use sprout_store::Store;

use crate::changeset::{self, MAX_CHANGESET_BYTES, changeset_id, changeset_path};
use crate::docs::{self, HubInfo, MAX_SNAPSHOT_BYTES, Member, Roster, Snapshot, snapshot_path};
use crate::engine::{SyncReport, note_problem, trusted_info};
use crate::error::{Error, Result};
use crate::hub::Hub;
use crate::keys::{ActorKey, PublicKey};
use crate::pull::{REVOKED, apply_verified, expectation, written_after_revocation};
use crate::roster::current_roster;

/// Whether `key` belongs to a current lead or admin, who may sign snapshots.
fn may_snapshot(roster: &Roster, key: &PublicKey) -> bool {
    roster.members.values().any(|m| {
        m.key == *key
            && m.revoked_after.is_none()
            && m.roles.iter().any(|r| matches!(r, Role::Lead | Role::Admin))
    })
}

/// Writes a snapshot: every changeset this device has applied (or pushed), read back from
/// the hub byte for byte, in one file. Leads and admins only.
pub fn write_snapshot(hub: &dyn Hub, store: &Store, key: &ActorKey) -> Result<u64> {
    use base64::Engine;
    let info = trusted_info(hub, store)?;
    let roster = current_roster(hub, store, &info)?.roster;
    if !may_snapshot(&roster, &key.public()) {
        return Err(Error::NotAllowed("only a lead or admin may write a snapshot".into()));
    }
    let mut logs = std::collections::BTreeMap::new();
    for (actor, (last, hash)) in store.hub_cursors()? {
        if !roster.members.contains_key(&actor) {
            continue;
        }
        let mut files = Vec::new();
        for seq in 1..=last {
            let bytes = hub.read(&changeset_path(actor, seq), MAX_CHANGESET_BYTES)?;
            if seq == last && changeset_id(&bytes).as_deref() != Some(hash.as_str()) {
                return Err(Error::Tampered { path: changeset_path(actor, seq) });
            }
            files.push(base64::engine::general_purpose::STANDARD.encode(&bytes));
        }
        logs.insert(actor, files);
    }
    // Create-only from the first number past the count: a taken slot (a real snapshot or
    // junk planted at a future number) moves on to the next. Only `taken` files exist, so
    // among the `taken + 1` numbers after the count one is free: junk can cost a few
    // creates, never block snapshots. A few more numbers allow for writers racing this one.
    let news = crate::news::read_through(store)?.unwrap_or(0);
    let taken = hub.list("snapshots/")?.len() as u64;
    for number in (taken + 1)..=(2 * taken + 6) {
        let snapshot = Snapshot { hub: info.hub.clone(), number, logs: logs.clone(), news };
        match hub.create(&snapshot_path(number), &docs::sign(&snapshot, key)) {
            Ok(_) => return Ok(number),
            Err(Error::Conflict { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::NotAllowed("snapshots are being written too fast; try again".into()))
}

/// Starts a device with no history from the newest snapshot a lead or admin signed, and
/// returns the news it holds everything up to (`None` when there was none to start from). Each
/// changeset in it is verified (signature, hash chain, revocation) and applied through the
/// admission gate exactly as if read from the log; a member's chain in the snapshot that
/// does not hold stops there, and the rest of their log is read from the hub as usual.
pub(crate) fn start_from_snapshot(
    hub: &dyn Hub,
    store: &mut Store,
    info: &HubInfo,
    roster: &Roster,
    local: &BTreeSet<ActorId>,
    rules: &PidRules,
    report: &mut SyncReport,
) -> Result<Option<u64>> {
    let mut paths = hub.list("snapshots/")?;
    paths.reverse();
    for path in paths {
        let opened = hub
            .read(&path, MAX_SNAPSHOT_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|bytes| docs::open::<Snapshot>(&bytes, &path).map_err(|e| e.to_string()));
        let reason = match opened {
            Ok((snapshot, signer)) if snapshot.hub == info.hub && may_snapshot(roster, &signer) => {
                for (actor, files) in &snapshot.logs {
                    let Some(member) = roster.members.get(actor) else { continue };
                    // The positions of this device's own people are their own business.
                    if local.contains(actor) && store.hub_cursor(*actor)?.is_some() {
                        continue;
                    }
                    replay_from_snapshot(store, info, member, &path, files, local, rules, report)?;
                }
                progress_note(report);
                return Ok(Some(snapshot.news));
            }
            Ok(_) => "refused: not signed by a current lead or admin of this hub".to_owned(),
            Err(e) => format!("refused: {e}"),
        };
        note_problem(store, &path, &reason)?;
        report.rejected_files += 1;
    }
    Ok(None)
}

fn progress_note(report: &SyncReport) {
    tracing::info!(pulled = report.pulled, "started from a snapshot");
}

/// Applies one member's changesets from a snapshot, verifying each as the next in their
/// chain; stops at the first that does not hold.
#[allow(clippy::too_many_arguments, reason = "one member's part of one snapshot")]
fn replay_from_snapshot(
    store: &mut Store,
    info: &HubInfo,
    member: &Member,
    path: &str,
    files: &[String],
    local: &BTreeSet<ActorId>,
    rules: &PidRules,
    report: &mut SyncReport,
) -> Result<()> {
    use base64::Engine;
    let stop = crate::trust::stops_before(store, member.actor)?;
    for (i, file) in files.iter().enumerate() {
        let seq = i as u64 + 1;
        if stop.is_some_and(|from| seq >= from) {
            return Ok(());
        }
        let at = format!("{path}#{}", changeset_path(member.actor, seq));
        let prev = store.hub_cursor(member.actor)?.map(|(_, h)| h);
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                if written_after_revocation(member, seq) {
                    return Err(REVOKED.to_owned());
                }
                let expected = expectation(info, member, seq, prev.as_deref());
                let cs = changeset::decode(&bytes, &expected).map_err(|e| e.to_string())?;
                if member.revoked_after == Some(seq)
                    && member.revoked_at.as_deref().is_some_and(|pin| pin != cs.hash)
                {
                    return Err("not the changeset the revocation pinned at this number".into());
                }
                Ok(cs)
            });
        let cs = match decoded {
            Ok(cs) => cs,
            Err(reason) => {
                note_problem(store, &at, &format!("refused: {reason}; the log is read instead"))?;
                report.rejected_files += 1;
                return Ok(());
            }
        };
        if local.contains(&member.actor) {
            store.record_push(member.actor, seq, &cs.hash, &cs.ops)?;
            continue;
        }
        apply_verified(store, member, seq, &at, &cs, rules, report)?;
    }
    Ok(())
}
