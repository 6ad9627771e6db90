//! Snapshots: the hub's log up to one moment in a few files of about 32 MB, so a new device
//! on a slow share reads a few files instead of thousands, one at a time. A snapshot carries the members' signed changeset
//! files byte for byte, so a reader verifies and gates everything in it exactly as if it
//! read the log: it can hold nothing the log does not.

use std::collections::BTreeSet;

use sprout_core::{ActorId, PidRules, Role};
use sprout_store::Store;

use crate::changeset::{self, MAX_CHANGESET_BYTES, changeset_id, changeset_path, sha256_hex};
use crate::docs::{
    self, HubInfo, MAX_SNAPSHOT_BYTES, MAX_SNAPSHOT_PART_BYTES, Member, PartLog, PartRef, Roster,
    SNAPSHOT_PART_TARGET, Snapshot, SnapshotPart, snapshot_part_path, snapshot_path,
};
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
/// the hub byte for byte, into parts of about 32 MB, then the signed list of them. Leads
/// and admins only.
pub fn write_snapshot(hub: &dyn Hub, store: &Store, key: &ActorKey) -> Result<u64> {
    write_snapshot_in_parts(hub, store, key, SNAPSHOT_PART_TARGET)
}

/// [`write_snapshot`], cutting parts at `target` bytes (tests cut small ones).
#[doc(hidden)]
pub fn write_snapshot_in_parts(
    hub: &dyn Hub,
    store: &Store,
    key: &ActorKey,
    target: usize,
) -> Result<u64> {
    use base64::Engine;
    let info = trusted_info(hub, store)?;
    let roster = current_roster(hub, store, &info)?.roster;
    if !may_snapshot(&roster, &key.public()) {
        return Err(Error::NotAllowed("only a lead or admin may write a snapshot".into()));
    }
    // The news is read before the logs, so everything it told is in what follows.
    let news = crate::news::read_through(store)?.unwrap_or(0);
    let mut parts = Parts {
        hub,
        batch: uuid::Uuid::now_v7().to_string(),
        part: SnapshotPart { hub: info.hub.clone(), logs: Default::default() },
        size: 0,
        written: Vec::new(),
    };
    for (actor, (last, hash)) in store.hub_cursors()? {
        if !roster.members.contains_key(&actor) {
            continue;
        }
        for seq in 1..=last {
            let bytes = hub.read(&changeset_path(actor, seq), MAX_CHANGESET_BYTES)?;
            if seq == last && changeset_id(&bytes).as_deref() != Some(hash.as_str()) {
                return Err(Error::Tampered { path: changeset_path(actor, seq) });
            }
            let file = base64::engine::general_purpose::STANDARD.encode(&bytes);
            parts.size += file.len();
            parts
                .part
                .logs
                .entry(actor)
                .or_insert(PartLog { first: seq, files: Vec::new() })
                .files
                .push(file);
            if parts.size >= target {
                parts.flush()?;
            }
        }
    }
    parts.flush()?;
    // Create-only from the first number past the count: a taken slot (a real snapshot or
    // junk planted at a future number) moves on to the next. Only `taken` files exist, so
    // among the `taken + 1` numbers after the count one is free: junk can cost a few
    // creates, never block snapshots. A few more numbers allow for writers racing this one.
    let taken = hub.list("snapshots/")?.len() as u64;
    for number in (taken + 1)..=(2 * taken + 6) {
        let snapshot = Snapshot {
            hub: info.hub.clone(),
            number,
            logs: Default::default(),
            news,
            parts: parts.written.clone(),
        };
        match hub.create(&snapshot_path(number), &docs::sign(&snapshot, key)) {
            Ok(_) => return Ok(number),
            Err(Error::Conflict { .. }) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::NotAllowed("snapshots are being written too fast; try again".into()))
}

/// The parts of a snapshot being written: the one filling, and those on the hub.
struct Parts<'a> {
    hub: &'a dyn Hub,
    batch: String,
    part: SnapshotPart,
    size: usize,
    written: Vec<PartRef>,
}

impl Parts<'_> {
    fn flush(&mut self) -> Result<()> {
        if self.part.logs.is_empty() {
            return Ok(());
        }
        let bytes = serde_json::to_vec(&self.part)
            .map_err(|e| Error::NotAllowed(format!("could not write a snapshot part: {e}")))?;
        let path = snapshot_part_path(&self.batch, self.written.len() + 1);
        self.hub.create(&path, &bytes)?;
        self.written.push(PartRef { path, sha256: sha256_hex(&bytes) });
        self.part.logs.clear();
        self.size = 0;
        Ok(())
    }
}

/// Starts a device with no history from the newest snapshot a lead or admin signed, and
/// returns the news it holds everything up to (`None` when there was none to start from,
/// or one of its parts did not hold: the log is then read as usual). Each changeset in it
/// is verified (signature, hash chain, revocation) and applied through the admission gate
/// exactly as if read from the log; a member's chain in the snapshot that does not hold
/// stops there, and the rest of their log is read from the hub as usual. Parts are read
/// one at a time, and `progress` hears after each.
#[allow(clippy::too_many_arguments, reason = "the sync's context, as the pull takes it")]
pub(crate) fn start_from_snapshot(
    hub: &dyn Hub,
    store: &mut Store,
    info: &HubInfo,
    roster: &Roster,
    local: &BTreeSet<ActorId>,
    rules: &PidRules,
    report: &mut SyncReport,
    progress: &mut dyn FnMut(&SyncReport),
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
                // The positions of this device's own people are their own business.
                let mut skip = BTreeSet::new();
                for actor in local {
                    if store.hub_cursor(*actor)?.is_some() {
                        skip.insert(*actor);
                    }
                }
                let mut replay =
                    Replay { store, info, roster, path: &path, skip: &skip, local, rules };
                for (actor, files) in &snapshot.logs {
                    replay.run(*actor, 1, files, report)?;
                }
                for part in &snapshot.parts {
                    let at = format!("{path}#{}", part.path);
                    let opened = hub
                        .read(&part.path, MAX_SNAPSHOT_PART_BYTES)
                        .map_err(|e| e.to_string())
                        .and_then(|bytes| open_part(&bytes, part, &info.hub));
                    let content = match opened {
                        Ok(content) => content,
                        Err(reason) => {
                            note_problem(
                                replay.store,
                                &at,
                                &format!("refused: {reason}; the log is read instead"),
                            )?;
                            report.rejected_files += 1;
                            return Ok(None);
                        }
                    };
                    for (actor, log) in &content.logs {
                        replay.run(*actor, log.first, &log.files, report)?;
                    }
                    progress(report);
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

/// A part as its snapshot names it: the same bytes, of this hub.
fn open_part(bytes: &[u8], part: &PartRef, hub: &str) -> std::result::Result<SnapshotPart, String> {
    if sha256_hex(bytes) != part.sha256 {
        return Err("not the part its snapshot names (its content was changed)".into());
    }
    let content: SnapshotPart =
        serde_json::from_slice(bytes).map_err(|e| format!("not a snapshot part: {e}"))?;
    if content.hub != hub {
        return Err("a part of another hub's snapshot".into());
    }
    Ok(content)
}

fn progress_note(report: &SyncReport) {
    tracing::info!(pulled = report.pulled, "started from a snapshot");
}

/// What replaying a snapshot needs beside each run of changesets.
struct Replay<'a> {
    store: &'a mut Store,
    info: &'a HubInfo,
    roster: &'a Roster,
    path: &'a str,
    skip: &'a BTreeSet<ActorId>,
    local: &'a BTreeSet<ActorId>,
    rules: &'a PidRules,
}

impl Replay<'_> {
    /// Replays one run of a member's changesets, from number `first`, if it follows on
    /// from what this device holds of them: a run after one that stopped (already
    /// reported) is left to the log.
    fn run(
        &mut self,
        actor: ActorId,
        first: u64,
        files: &[String],
        report: &mut SyncReport,
    ) -> Result<()> {
        let Some(member) = self.roster.members.get(&actor) else { return Ok(()) };
        if self.skip.contains(&actor) {
            return Ok(());
        }
        let held = self.store.hub_cursor(actor)?.map_or(0, |(seq, _)| seq);
        if held + 1 != first {
            return Ok(());
        }
        replay_from_snapshot(
            self.store, self.info, member, self.path, first, files, self.local, self.rules, report,
        )
    }
}

/// Applies one member's changesets from a snapshot, verifying each as the next in their
/// chain; stops at the first that does not hold.
#[allow(clippy::too_many_arguments, reason = "one member's part of one snapshot")]
fn replay_from_snapshot(
    store: &mut Store,
    info: &HubInfo,
    member: &Member,
    path: &str,
    first: u64,
    files: &[String],
    local: &BTreeSet<ActorId>,
    rules: &PidRules,
    report: &mut SyncReport,
) -> Result<()> {
    use base64::Engine;
    let stop = crate::trust::stops_before(store, member.actor)?;
    for (i, file) in files.iter().enumerate() {
        let seq = first + i as u64;
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
