//! Holding members to what they signed, so every device ends identical:
//! - **equivocation**: a member who signs two changesets that cannot both stand (two at one
//!   number, or one that names a different predecessor than the one applied) is proven so
//!   by their own two signed headers. The first device to hold both writes them to
//!   `evidence/`; every device that reads the proof sets that member's work aside from the
//!   contested number and never reads their log past it.
//! - **witnesses**: each changeset's header names what its author's device had applied of
//!   others' logs, so a device that meets another file at one of those numbers says so.
//! - **revocation and forks**: a revocation pins the revoked member's last changeset by id,
//!   and a roster fork that changes who holds which rights takes back what the device
//!   took under the branch that lost.

use std::collections::BTreeSet;

use sprout_core::ActorId;
use sprout_store::Store;

use crate::changeset::{self, MAX_CHANGESET_BYTES, Seen, SignedHeader, changeset_path};
use crate::docs::{EVIDENCE_DIR, Evidence, HubInfo, MAX_DOC_BYTES, Roster, evidence_path};
use crate::engine::{SyncReport, note_problem};
use crate::error::{Error, Result};
use crate::hub::Hub;

/// Where a device keeps which evidence files it has judged.
const EVIDENCE_JUDGED: &str = "evidence_judged";
/// Where a device keeps the cursors it last told the hub it had applied.
const WITNESSED: &str = "witnessed";

fn equivocated(person: &str, seq: u64) -> String {
    format!(
        "equivocation: {person} signed two different changesets that cannot both stand at \
         number {seq} (the proof is on the hub); neither is taken, and their work from that \
         number on is set aside on every PC"
    )
}

/// Reads the proofs of equivocation on the hub that this device has not judged, and sets
/// each proven member's work aside. One listing when nothing is new.
pub(crate) fn read_evidence(
    hub: &dyn Hub,
    store: &mut Store,
    info: &HubInfo,
    roster: &Roster,
    local: &BTreeSet<ActorId>,
    report: &mut SyncReport,
) -> Result<()> {
    let mut judged: BTreeSet<String> = store
        .hub_value(EVIDENCE_JUDGED)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .unwrap_or_default();
    let mut changed = false;
    for path in hub.list(EVIDENCE_DIR)? {
        if judged.contains(&path) {
            continue;
        }
        let evidence = hub
            .read(&path, MAX_DOC_BYTES)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Evidence>(&bytes).ok());
        // A proof about someone this device's roster does not hold yet waits for it.
        if evidence.as_ref().is_some_and(|e| !roster.members.contains_key(&e.actor)) {
            continue;
        }
        let proven = evidence.and_then(|e| {
            let member = roster.members.get(&e.actor)?;
            Some((e.judge(&info.hub, &member.key)?, member))
        });
        match proven {
            Some(((seq, anchor), member)) => {
                report.taken_back += set_aside(hub, store, member, seq, anchor, local)?;
                report.equivocations += 1;
            }
            None => {
                let reason = "refused: this file proves nothing (it is not two headers its \
                              member signed that cannot both stand)";
                note_problem(store, &path, reason)?;
                report.rejected_files += 1;
            }
        }
        judged.insert(path);
        changed = true;
    }
    if changed {
        store
            .set_hub_value(EVIDENCE_JUDGED, &serde_json::to_string(&judged).unwrap_or_default())?;
    }
    Ok(())
}

/// Writes the proof that `actor` signed `first` and `second`, which cannot both stand,
/// and sets their work aside here at once.
pub(crate) fn prove(
    hub: &dyn Hub,
    store: &mut Store,
    info: &HubInfo,
    member: &crate::docs::Member,
    first: SignedHeader,
    second: SignedHeader,
    report: &mut SyncReport,
) -> Result<bool> {
    let evidence = Evidence { hub: info.hub.clone(), actor: member.actor, first, second };
    let Some((seq, anchor)) = evidence.judge(&info.hub, &member.key) else { return Ok(false) };
    let bytes = serde_json::to_vec_pretty(&evidence).unwrap_or_default();
    match hub.create(&evidence_path(member.actor, &bytes), &bytes) {
        Ok(_) => crate::news::announce(hub, store, &crate::news::News::Evidence)?,
        Err(Error::Conflict { .. }) => {}
        Err(e) => return Err(e),
    }
    report.taken_back += set_aside(hub, store, member, seq, anchor, &BTreeSet::new())?;
    report.equivocations += 1;
    Ok(true)
}

/// Stops `member`'s log before `from` for good and takes back what came from there on.
/// The last changeset still taken keeps, as proof of what it was, the member's own header
/// at `from` naming it (`anchor`), so a later rewrite of it is proven in turn. A person on
/// this PC is never rewound: their own log is theirs to write, and others set it aside.
fn set_aside(
    hub: &dyn Hub,
    store: &mut Store,
    member: &crate::docs::Member,
    from: u64,
    anchor: Option<SignedHeader>,
    local: &BTreeSet<ActorId>,
) -> Result<usize> {
    let actor = member.actor;
    let reason = equivocated(&member.person, from);
    store.set_aside(actor, from, &reason)?;
    let path = changeset_path(actor, from);
    match store.hub_cursor(actor)? {
        Some((seq, _)) if seq >= from && !local.contains(&actor) => {
            let keep = from - 1;
            let named =
                anchor.as_ref().and_then(|a| a.open(&member.key)).and_then(|(h, _)| h.prev_hash);
            let cursor = match (keep, named, anchor) {
                (0, _, _) => None,
                (_, Some(id), Some(anchor)) => {
                    Some((keep, id, serde_json::to_string(&anchor).unwrap_or_default()))
                }
                _ => Some((keep, changeset_id_on_hub(hub, actor, keep)?, String::new())),
            };
            Ok(store.rewind_member(actor, keep, cursor, &path, &reason)?)
        }
        _ => {
            store.record_hub_problem(&path, &reason)?;
            Ok(0)
        }
    }
}

/// The id of `actor`'s changeset `seq` as the hub holds it, or "" if it cannot be read.
fn changeset_id_on_hub(hub: &dyn Hub, actor: ActorId, seq: u64) -> Result<String> {
    Ok(hub
        .read(&changeset_path(actor, seq), MAX_CHANGESET_BYTES)
        .ok()
        .and_then(|b| changeset::changeset_id(&b))
        .unwrap_or_default())
}

/// Where `actor`'s log stops for good on this device, if it does.
pub(crate) fn stops_before(store: &Store, actor: ActorId) -> Result<Option<u64>> {
    Ok(store.set_aside_members()?.get(&actor).map(|(from, _)| *from))
}

/// What this device has applied of others' logs since it last said so: the witnesses for
/// the header of the changeset it writes next.
pub(crate) fn to_witness(store: &Store, local: &BTreeSet<ActorId>) -> Result<Vec<Seen>> {
    let told: std::collections::BTreeMap<ActorId, u64> =
        store.hub_value(WITNESSED)?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default();
    Ok(store
        .hub_cursors()?
        .into_iter()
        .filter(|(actor, (seq, hash))| {
            !local.contains(actor) && !hash.is_empty() && told.get(actor) != Some(seq)
        })
        .map(|(actor, (seq, hash))| Seen { actor, seq, hash })
        .collect())
}

/// Remembers that the hub has been told `seen`.
pub(crate) fn witnessed(store: &Store, seen: &[Seen]) -> Result<()> {
    if seen.is_empty() {
        return Ok(());
    }
    let mut told: std::collections::BTreeMap<ActorId, u64> =
        store.hub_value(WITNESSED)?.and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default();
    for s in seen {
        told.insert(s.actor, s.seq);
    }
    store.set_hub_value(WITNESSED, &serde_json::to_string(&told).unwrap_or_default())?;
    Ok(())
}

/// Checks what `by`'s header says it applied against what this device applied, and keeps
/// what it cannot check yet for when it reads that far.
pub(crate) fn check_witnesses(
    store: &Store,
    roster: &Roster,
    local: &BTreeSet<ActorId>,
    by: &crate::docs::Member,
    seen: &[Seen],
) -> Result<usize> {
    let mut disputed = 0;
    for s in seen.iter().filter(|s| s.actor != by.actor && !local.contains(&s.actor)) {
        let Some(member) = roster.members.get(&s.actor) else { continue };
        match store.hub_cursor(s.actor)? {
            Some((seq, hash)) if seq == s.seq && hash != s.hash => {
                dispute(store, &member.person, s.seq, &by.person, s.actor)?;
                disputed += 1;
            }
            Some((seq, _)) if seq >= s.seq => {}
            _ => store.expect_witness(s.actor, s.seq, &s.hash, by.actor)?,
        }
    }
    Ok(disputed)
}

/// Before applying `member`'s changeset `seq` (id `hash`): what others' devices said they
/// applied there. A different id is reported; the file is still applied, since only the
/// member's own two signatures prove they equivocated, and the device that applied the
/// other one writes that proof when it next syncs.
pub(crate) fn check_witnessed(
    store: &Store,
    roster: &Roster,
    member: &crate::docs::Member,
    seq: u64,
    hash: &str,
) -> Result<usize> {
    let mut disputed = 0;
    for (other, by) in store.witnesses(member.actor, seq)? {
        if other != hash {
            let by = roster.members.get(&by).map_or("another member", |m| m.person.as_str());
            dispute(store, &member.person, seq, by, member.actor)?;
            disputed += 1;
        }
    }
    store.forget_witnesses_through(member.actor, seq)?;
    Ok(disputed)
}

fn dispute(store: &Store, person: &str, seq: u64, by: &str, actor: ActorId) -> Result<()> {
    note_problem(
        store,
        &changeset_path(actor, seq),
        &format!(
            "disputed: {by}'s PC applied a different changeset {seq} of {person}'s than this \
             PC did; if {person} signed both, the first PC to hold both proves it and their \
             work from there is set aside everywhere"
        ),
    )
}

/// After the roster changes under this device (a revocation arrives, or a fork it had not
/// seen wins): takes back what no longer stands, so it ends holding what a device that
/// only ever saw this roster holds.
pub(crate) fn follow_roster(
    store: &mut Store,
    roster: &Roster,
    replaced: Option<&Roster>,
    local: &BTreeSet<ActorId>,
    report: &mut SyncReport,
) -> Result<()> {
    for (actor, (seq, _)) in store.hub_cursors()? {
        if local.contains(&actor) {
            continue;
        }
        let now = roster.members.get(&actor);
        let before = replaced.and_then(|r| r.members.get(&actor));
        let path = format!("log/{actor}/");
        // A fork that lost had let them in with other rights: read their log again.
        if replaced.is_some() && now.map(strip_revocation) != before.map(strip_revocation) {
            let reason = "set aside: the roster branch this PC followed lost to another; \
                          this member's work is read again under the roster every PC follows";
            let keep = now.and_then(|m| m.revoked_after).unwrap_or(0);
            let cursor =
                now.and_then(|m| Some((m.revoked_after?, m.revoked_at.clone()?, String::new())));
            report.taken_back += store.rewind_member(actor, keep, cursor, &path, reason)?;
            continue;
        }
        if let Some(m) = now
            && let Some(last) = m.revoked_after
            && seq > last
        {
            let reason = format!(
                "set aside: {} was revoked after changeset {last}; what this PC had taken \
                 from later ones is taken back, as no other PC takes it",
                m.person
            );
            let cursor = m.revoked_at.clone().map(|id| (last, id, String::new()));
            report.taken_back += store.rewind_member(actor, last, cursor, &path, &reason)?;
        }
    }
    Ok(())
}

/// A member's entry without the revocation, which a revocation pin handles on its own.
fn strip_revocation(
    m: &crate::docs::Member,
) -> (sprout_core::ActorId, String, Vec<sprout_core::Role>) {
    (m.actor, m.key.to_string(), m.roles.iter().copied().collect())
}
