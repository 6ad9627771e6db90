//! Reading members' logs: each changeset after the last applied, verified (signature,
//! hash chain, revocation pin, witnesses) and passed through the admission gate in one
//! transaction, until a member's log ends here. What a member signed that cannot stand is
//! proven or reported, and the rest of the hub still arrives.

use std::collections::BTreeSet;

use sprout_core::{ActorId, PidRules};
use sprout_store::{Store, Unread};

use crate::changeset::{
    self, Expected, MAX_CHANGESET_BYTES, SignedHeader, changeset_id, changeset_path, sha256_hex,
};
use crate::docs::{HubInfo, Member, Roster};
use crate::engine::{MAX_CLOCK_AHEAD_MS, SyncReport, note_problem};
use crate::error::Result;
use crate::hub::Hub;
use crate::trust;

/// What reading every member's log in one sync shares.
pub(crate) struct Puller<'a> {
    pub hub: &'a dyn Hub,
    pub info: &'a HubInfo,
    pub roster: &'a Roster,
    pub local: &'a BTreeSet<ActorId>,
    pub rules: &'a PidRules,
}

impl Puller<'_> {
    /// Reads `member`'s changesets after the last one applied, each verified, witnessed and
    /// gated, until their log ends here: at the hub's last file, a file refused, their
    /// revocation, or the number from which their work is set aside.
    pub(crate) fn pull(
        &mut self,
        store: &mut Store,
        member: &Member,
        until: Option<u64>,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(&SyncReport),
    ) -> Result<()> {
        let hub = self.hub;
        let stop = trust::stops_before(store, member.actor)?;
        loop {
            let cursor = store.hub_cursor(member.actor)?;
            let seq = cursor.as_ref().map_or(1, |(s, _)| s + 1);
            // As far as the news named: asking for the next file would cost a request.
            if until.is_some_and(|last| seq > last) {
                return Ok(());
            }
            if stop.is_some_and(|from| seq >= from) {
                // Set aside from here for good; what is still taken must still be there.
                report.rejected_files +=
                    self.check_log_end(store, member, cursor.as_ref(), report, false)?;
                return Ok(());
            }
            let prev_hash = cursor.clone().map(|(_, h)| h);
            let path = changeset_path(member.actor, seq);
            if written_after_revocation(member, seq) {
                // What the revocation pinned must still be there, unchanged.
                report.rejected_files +=
                    self.check_log_end(store, member, cursor.as_ref(), report, false)?;
                if hub.read(&path, MAX_CHANGESET_BYTES).is_ok() {
                    note_problem(store, &path, &format!("refused: {REVOKED}"))?;
                    report.rejected_files += 1;
                }
                return Ok(());
            }
            let bytes = match hub.read(&path, MAX_CHANGESET_BYTES) {
                Ok(bytes) => bytes,
                Err(e) if e.is_not_found() => {
                    report.rejected_files +=
                        self.check_log_end(store, member, cursor.as_ref(), report, true)?;
                    return Ok(());
                }
                Err(e) if e.is_refused_entry() => {
                    note_problem(store, &path, &e.to_string())?;
                    report.rejected_files += 1;
                    return Ok(());
                }
                Err(e) => return Err(e),
            };
            let expected = expectation(self.info, member, seq, prev_hash.as_deref());
            let cs = match changeset::decode(&bytes, &expected) {
                Ok(cs) => cs,
                Err(rejection) => {
                    let tampered = matches!(rejection, changeset::Rejection::BrokenChain);
                    // Signed by them, naming another predecessor than the one applied: with
                    // the one applied, proof that they signed two at that number.
                    if tampered
                        && let (Some(applied), Some(theirs)) =
                            (kept_proof(store, member.actor)?, SignedHeader::of_file(&bytes))
                        && trust::prove(hub, store, self.info, member, applied, theirs, report)?
                    {
                        return Ok(());
                    }
                    let reason = if tampered {
                        format!(
                            "tampering: {rejection}; the changeset this PC applied before it \
                             was replaced on the hub"
                        )
                    } else {
                        format!("refused: {rejection}")
                    };
                    note_problem(store, &path, &reason)?;
                    report.rejected_files += 1;
                    return Ok(());
                }
            };
            if member.revoked_after == Some(seq)
                && member.revoked_at.as_deref().is_some_and(|pin| pin != cs.hash)
            {
                let reason = "refused: not the changeset the revocation pinned at this number: \
                              it was rewritten after its author was revoked";
                note_problem(store, &path, reason)?;
                report.rejected_files += 1;
                return Ok(());
            }
            let ahead = cs.header.hlc_max.millis().saturating_sub(store.now_millis());
            if ahead > MAX_CLOCK_AHEAD_MS {
                let hours = ahead / 3_600_000;
                note_problem(
                    store,
                    &path,
                    &format!(
                        "held back: stamped {hours} hours ahead of this PC's clock (is the author's clock wrong?)"
                    ),
                )?;
                report.held_back += 1;
                return Ok(());
            }
            store.clear_hub_problem(&path)?;
            report.disputed += trust::check_witnessed(store, self.roster, member, seq, &cs.hash)?;
            report.disputed +=
                trust::check_witnesses(store, self.roster, self.local, member, &cs.header.seen)?;
            apply_verified(store, member, seq, &path, &cs, self.rules, report)?;
            progress(report);
        }
    }

    /// At the end of a member's log as this device knows it: a changeset after a missing
    /// one is a gap (a file deleted from the middle of the chain), and the last changeset
    /// applied must still be the one applied. If the hub now holds another that its member
    /// signed, that is proof they equivocated, and it is written for every device. Two
    /// reads, so a rewrite or a gap is reported to every device that meets it.
    fn check_log_end(
        &mut self,
        store: &mut Store,
        member: &Member,
        cursor: Option<&(u64, String)>,
        report: &mut SyncReport,
        gaps: bool,
    ) -> Result<usize> {
        let hub = self.hub;
        let next = cursor.map_or(1, |(s, _)| s + 1);
        let mut problems = 0;
        let after = changeset_path(member.actor, next + 1);
        match hub.read(&after, MAX_CHANGESET_BYTES) {
            Err(e) if e.is_not_found() => {}
            _ if !gaps => {}
            _ => {
                note_problem(
                    store,
                    &changeset_path(member.actor, next),
                    &format!(
                        "tampering: changeset {next} is missing from {}'s log but later ones \
                         are there; their work stops here until it is restored",
                        member.person
                    ),
                )?;
                problems += 1;
            }
        }
        if let Some((seq, hash)) = cursor {
            let path = changeset_path(member.actor, *seq);
            match hub.read(&path, MAX_CHANGESET_BYTES) {
                Ok(bytes) if changeset_id(&bytes).as_deref() == Some(hash.as_str()) => {}
                Ok(bytes) => {
                    if let (Some(applied), Some(theirs)) =
                        (kept_proof(store, member.actor)?, SignedHeader::of_file(&bytes))
                        && trust::prove(hub, store, self.info, member, applied, theirs, report)?
                    {
                        return Ok(problems);
                    }
                    note_problem(
                        store,
                        &path,
                        "tampering: this changeset differs from the one this PC applied at \
                         that number; what was applied stands",
                    )?;
                    problems += 1;
                }
                // Gone: a member's own files are never deleted by Sprout.
                Err(e) if e.is_not_found() || e.is_refused_entry() => {
                    note_problem(
                        store,
                        &path,
                        "tampering: this changeset, already applied here, was removed or replaced",
                    )?;
                    problems += 1;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(problems)
    }
}

/// The signed header of the last changeset applied from `actor`, kept as proof.
fn kept_proof(store: &Store, actor: ActorId) -> Result<Option<SignedHeader>> {
    Ok(store.hub_cursor_proof(actor)?.and_then(|p| serde_json::from_str(&p).ok()))
}

/// Applies one verified changeset of `member`'s, found at `path`: ops this version cannot
/// read are held for a newer Sprout or refused, the rest pass through the admission gate.
pub(crate) fn apply_verified(
    store: &mut Store,
    member: &Member,
    seq: u64,
    path: &str,
    cs: &changeset::Changeset,
    rules: &PidRules,
    report: &mut SyncReport,
) -> Result<()> {
    let unread: Vec<Unread> = cs
        .unreadable
        .iter()
        .map(|op| Unread {
            at: format!("{path}#{}", &sha256_hex(op.body.as_bytes())[..12]),
            body: op.body.clone(),
            reason: op.reason.clone(),
            newer: op.newer,
        })
        .collect();
    let proof = serde_json::to_string(&cs.signed).unwrap_or_default();
    let applied = store.apply_changeset(
        member.actor,
        seq,
        &cs.hash,
        path,
        &cs.ops,
        &unread,
        &proof,
        &member.roles,
        rules,
    )?;
    report.needs_newer += applied.held;
    report.refused += applied.unreadable;
    report.pulled += applied.ops;
    report.changed_ideas.extend(applied.ideas);
    report.changed_everything |= applied.everything || applied.partnerships;
    report.refused += applied.refused.len();
    for (op, _) in &applied.refused {
        tracing::warn!(path, op = %op.id.0, "op refused: see `sprout hub problems`");
    }
    Ok(())
}

pub(crate) const REVOKED: &str = "written after its author was revoked";

pub(crate) fn written_after_revocation(member: &Member, seq: u64) -> bool {
    member.revoked_after.is_some_and(|last| seq > last)
}

/// What the next changeset from `member` must be: theirs, on this hub, number `seq`,
/// following `prev_hash`, signed with the key the roster lists.
pub(crate) fn expectation<'a>(
    info: &'a HubInfo,
    member: &'a Member,
    seq: u64,
    prev_hash: Option<&'a str>,
) -> Expected<'a> {
    Expected { hub: &info.hub, actor: member.actor, seq, prev_hash, key: &member.key }
}
