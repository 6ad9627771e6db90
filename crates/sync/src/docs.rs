//! The hub's signed documents: `HUB.json` (identity and founding admin keys),
//! `members/<epoch>.<signer>.<hash>.json` (the roster: each epoch names the hash of the one
//! before and is signed by someone that one allowed to sign it, under a name bound to its
//! signer and its content), `requests/<actor>.json` (a device asking to join, signed by its
//! own new key) and `evidence/…` (proof that a member signed two different changesets at
//! one number: their own two signed headers).
//!
//! Each file wraps the document as the exact JSON string that was signed, so checking a
//! signature never depends on re-serialising.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sprout_core::{ActorId, Role};
use thiserror::Error;

use crate::changeset::SignedHeader;
use crate::keys::{ActorKey, PublicKey};

/// Where a device finds proof that a member equivocated.
pub const EVIDENCE_DIR: &str = "evidence/";

pub const HUB_FILE: &str = "HUB.json";
/// 2: rosters form a hash chain under signer-bound names; changesets sign their header.
pub const FORMAT_VERSION: u32 = 2;
/// Hub documents are small; anything larger is junk.
pub const MAX_DOC_BYTES: u64 = 4 * 1024 * 1024;
/// A roster epoch lists every member (about 300 bytes each): room for a region's 50 000.
pub const MAX_ROSTER_BYTES: u64 = 16 * 1024 * 1024;

/// A snapshot written before snapshots came in parts held a hub's whole history in one
/// file, so it may be large, but not unbounded.
pub const MAX_SNAPSHOT_BYTES: u64 = 512 * 1024 * 1024;
/// A snapshot's parts are cut at about this size, so a new PC holds one part in memory at
/// a time, and shows what arrived after each.
pub const SNAPSHOT_PART_TARGET: usize = 32 * 1024 * 1024;
/// A part is cut after the changeset that takes it past the target, and one changeset may
/// be 64 MB (base64 makes that 86 MB).
pub const MAX_SNAPSHOT_PART_BYTES: u64 = 128 * 1024 * 1024;

pub fn snapshot_path(number: u64) -> String {
    format!("snapshots/{number:06}.snap")
}

/// The hub's log up to one moment, in one file, so a new device on a slow share reads one
/// file instead of thousands. It carries the members' signed changeset files themselves,
/// byte for byte, so it can hold nothing the log does not: a reader verifies every
/// signature and hash chain exactly as it would reading the log. Signed by the lead or
/// admin who wrote it, which only says who may put one on the hub.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub hub: String,
    pub number: u64,
    /// Each member's changeset files from the first, base64, in order: how snapshots were
    /// written before they came in parts (still read; never written).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub logs: BTreeMap<ActorId, Vec<String>>,
    /// The files holding the changesets, in the order they are to be applied, each bound
    /// to this signed document by its hash. A Sprout from before parts refuses a snapshot
    /// with them (it knows no such field) and reads the log instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PartRef>,
    /// The last of the hub's news its writer had read: it holds everything told up to
    /// there, so a new device reads only the news after it.
    #[serde(default)]
    pub news: u64,
}

/// One part of a snapshot, named by its place on the hub and its content's SHA-256.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartRef {
    pub path: String,
    pub sha256: String,
}

/// A part's content: runs of members' changesets, each run following on from the last
/// changeset of that member in the parts before (a long log spans parts).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotPart {
    pub hub: String,
    pub logs: BTreeMap<ActorId, PartLog>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartLog {
    /// The number of the run's first changeset.
    pub first: u64,
    /// The changeset files, base64, in order.
    pub files: Vec<String>,
}

/// Where a snapshot's part `index` goes: a folder of its own per snapshot (`batch`), so
/// parts never collide with another writer's and the `snapshots/` listing stays small.
pub fn snapshot_part_path(batch: &str, index: usize) -> String {
    format!("snapshot-parts/{batch}/{index:06}.part")
}

/// Where `signer` writes roster epoch `epoch` holding `bytes`: a name bound to both, so a
/// file anyone else plants can never take a real change's place, and a reader knows a
/// file's signer and content before it trusts them.
pub fn roster_path(epoch: u64, signer: &PublicKey, bytes: &[u8]) -> String {
    format!("members/{epoch:06}.{}.{}.json", signer.fingerprint(), content_tag(bytes))
}

/// The first 16 hex digits of a file's SHA-256: enough that nobody can make another file
/// with the same name, short enough for a share's path limits.
pub(crate) fn content_tag(bytes: &[u8]) -> String {
    crate::changeset::sha256_hex(bytes)[..16].to_owned()
}

/// A roster file's name read back: its epoch, its signer's fingerprint and content tag.
pub(crate) fn parse_roster_path(path: &str) -> Option<(u64, &str, &str)> {
    let rest = path.strip_prefix("members/")?.strip_suffix(".json")?;
    let mut parts = rest.split('.');
    let (epoch, fingerprint, tag) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && epoch.len() == 6
        && epoch.bytes().all(|b| b.is_ascii_digit())
        && fingerprint.len() == 19
        && fingerprint.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
        && tag.len() == 16
        && tag.chars().all(|c| c.is_ascii_hexdigit());
    ok.then(|| Some((epoch.parse().ok()?, fingerprint, tag))).flatten()
}

/// Where the proof that `actor` equivocated, holding `bytes`, is kept.
pub fn evidence_path(actor: ActorId, bytes: &[u8]) -> String {
    format!("evidence/{actor}.{}.json", content_tag(bytes))
}

/// Proof that a member signed two changesets that cannot both stand: two headers at one
/// number, or one whose `prev_hash` is not the other's id at the number before. Needs no
/// signature of its own: both halves are the member's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub hub: String,
    pub actor: ActorId,
    pub first: SignedHeader,
    pub second: SignedHeader,
}

impl Evidence {
    /// The first of `key`'s changeset numbers this proves contested, if it proves one.
    pub fn contested(&self, hub: &str, key: &PublicKey) -> Option<u64> {
        self.judge(hub, key).map(|(seq, _)| seq)
    }

    /// The contested number, and the member's own signed header at it when that header
    /// names the changeset before (so a device keeps, for the last number it still takes,
    /// proof of what the member said it was).
    pub fn judge(&self, hub: &str, key: &PublicKey) -> Option<(u64, Option<SignedHeader>)> {
        let (a, a_id) = self.first.open(key)?;
        let (b, b_id) = self.second.open(key)?;
        if [&a, &b].iter().any(|h| h.hub != hub || h.actor != self.actor) {
            return None;
        }
        if a.seq == b.seq {
            if a_id == b_id {
                return None;
            }
            // Two headers at one number naming different predecessors say two different
            // things about the one before, too.
            if a.prev_hash != b.prev_hash {
                return Some((a.seq - 1, None));
            }
            return Some((a.seq, Some(self.first.clone())));
        }
        let ((early, early_id, early_signed), late) =
            if a.seq < b.seq { ((a, a_id, &self.first), b) } else { ((b, b_id, &self.second), a) };
        (late.seq == early.seq + 1 && late.prev_hash.as_deref() != Some(early_id.as_str()))
            .then(|| (early.seq, Some(early_signed.clone())))
    }
}

pub fn request_path(actor: ActorId) -> String {
    format!("requests/{actor}.json")
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    doc: String,
    signer: PublicKey,
    sig: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum DocError {
    #[error("{what} is not a valid Sprout hub document ({reason})")]
    Malformed { what: String, reason: String },
    #[error("{what} has a signature that does not match its signer: it was altered or forged")]
    BadSignature { what: String },
    #[error("{what} is signed by a key that may not sign it")]
    Unauthorised { what: String },
    #[error(
        "{what} uses hub format {found}; this Sprout understands format {FORMAT_VERSION}: update Sprout"
    )]
    UnknownFormat { what: String, found: u32 },
    #[error("{what} belongs to another hub")]
    WrongHub { what: String },
    #[error("{what} does not follow the previous roster: {reason}")]
    BadRosterChange { what: String, reason: String },
}

pub fn sign<T: Serialize>(doc: &T, key: &ActorKey) -> Vec<u8> {
    let doc = serde_json::to_string(doc).unwrap_or_default();
    let sig = BASE64.encode(key.sign(doc.as_bytes()));
    serde_json::to_vec_pretty(&Envelope { doc, signer: key.public(), sig }).unwrap_or_default()
}

/// Checks the envelope's signature and returns the document with who signed it.
pub fn open<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<(T, PublicKey), DocError> {
    let malformed = |reason: String| DocError::Malformed { what: what.to_owned(), reason };
    let env: Envelope = serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
    let sig: [u8; 64] = BASE64
        .decode(&env.sig)
        .ok()
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| malformed("bad signature encoding".into()))?;
    if !env.signer.verify(env.doc.as_bytes(), &sig) {
        return Err(DocError::BadSignature { what: what.to_owned() });
    }
    let doc = serde_json::from_str(&env.doc).map_err(|e| malformed(e.to_string()))?;
    Ok((doc, env.signer))
}

/// The hub's identity. Written once by its founding admin; never changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubInfo {
    pub format: u32,
    pub hub: String,
    pub name: String,
    /// Keys that may sign the first roster.
    pub admins: Vec<PublicKey>,
}

impl HubInfo {
    pub fn open(bytes: &[u8]) -> Result<HubInfo, DocError> {
        let (info, signer): (HubInfo, _) = open(bytes, HUB_FILE)?;
        if info.format != FORMAT_VERSION {
            return Err(DocError::UnknownFormat { what: HUB_FILE.into(), found: info.format });
        }
        if !info.admins.contains(&signer) {
            return Err(DocError::Unauthorised { what: HUB_FILE.into() });
        }
        Ok(info)
    }
}

/// One person on one device, as the roster lists them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub actor: ActorId,
    pub key: PublicKey,
    pub person: String,
    pub site: String,
    pub roles: BTreeSet<Role>,
    /// Set when revoked: the last of the actor's changesets still accepted.
    pub revoked_after: Option<u64>,
    /// And that changeset's id, so a revoked member cannot rewrite it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// Who belongs to the hub, at one epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    pub hub: String,
    pub epoch: u64,
    /// The SHA-256 of the previous epoch's file; `None` only for the first.
    #[serde(default)]
    pub prev: Option<String>,
    pub members: BTreeMap<ActorId, Member>,
}

impl Roster {
    pub fn empty(hub: &str) -> Roster {
        Roster { hub: hub.to_owned(), epoch: 0, prev: None, members: BTreeMap::new() }
    }

    pub(crate) fn signer_roles(&self, key: &PublicKey) -> BTreeSet<Role> {
        self.members
            .values()
            .filter(|m| m.key == *key && m.revoked_after.is_none())
            .flat_map(|m| m.roles.iter().copied())
            .collect()
    }

    /// Verifies `bytes` as the next roster after `self`, whose file's SHA-256 is `hash`
    /// (`None` before the first). Admins may change anything; leads may only add people
    /// as clinicians or reviewers (approving join requests). The first roster must be
    /// signed by a founding admin key from HUB.json. Returns the roster and its signer.
    pub fn next(
        &self,
        bytes: &[u8],
        hash: Option<&str>,
        info: &HubInfo,
    ) -> Result<(Roster, PublicKey), DocError> {
        let what = format!("roster epoch {}", self.epoch + 1);
        let (next, signer): (Roster, _) = open(bytes, &what)?;
        let bad =
            |reason: &str| DocError::BadRosterChange { what: what.clone(), reason: reason.into() };
        if next.hub != info.hub {
            return Err(DocError::WrongHub { what });
        }
        if next.epoch != self.epoch + 1 {
            return Err(bad("its epoch number is out of sequence"));
        }
        if next.prev.as_deref() != hash {
            return Err(bad("it does not name the epoch before it"));
        }
        if next.members.iter().any(|(actor, m)| *actor != m.actor) {
            return Err(bad("a member is filed under another actor's id"));
        }
        let roles = self.signer_roles(&signer);
        let founding = self.epoch == 0 && info.admins.contains(&signer);
        if founding || roles.contains(&Role::Admin) {
            return Ok((next, signer));
        }
        if roles.contains(&Role::Lead) {
            let kept = self.members.iter().all(|(a, m)| next.members.get(a) == Some(m));
            let grantable = sprout_core::grantable_roles(&roles);
            let added_ok = next
                .members
                .iter()
                .filter(|(a, _)| !self.members.contains_key(*a))
                .all(|(_, m)| m.roles.iter().all(|r| grantable.contains(r)));
            if kept && added_ok {
                return Ok((next, signer));
            }
            return Err(bad("a lead may only add clinicians and reviewers"));
        }
        Err(DocError::Unauthorised { what })
    }
}

/// A device asking to join: signed by the key it will use, so the approver's roster
/// entry binds exactly that key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinRequest {
    pub hub: String,
    pub actor: ActorId,
    pub person: String,
    pub site: String,
    /// RFC 3339.
    pub requested_at: String,
}

impl JoinRequest {
    /// The request and the key that signed it.
    pub fn open(bytes: &[u8], hub: &str) -> Result<(JoinRequest, PublicKey), DocError> {
        let what = "a join request";
        let (request, key): (JoinRequest, _) = open(bytes, what)?;
        if request.hub != hub {
            return Err(DocError::WrongHub { what: what.into() });
        }
        // The name and site are shown to approvers and, once approved, to everyone: held
        // to the limits of any one-line field, so no control character or terminal escape
        // ever reaches a screen.
        for (field, value) in [
            (sprout_core::IdeaField::Site, &request.person),
            (sprout_core::IdeaField::Site, &request.site),
        ] {
            match sprout_core::validate_framework(field, value) {
                Ok(clean) if clean == *value => {}
                _ => {
                    return Err(DocError::Malformed {
                        what: what.into(),
                        reason: "its name or site is not one short line of plain text".into(),
                    });
                }
            }
        }
        Ok((request, key))
    }
}
