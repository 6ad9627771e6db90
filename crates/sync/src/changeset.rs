//! The changeset file: one batch of an actor's ops, signed by that actor and chained by
//! hash to its previous changeset, so a reader can tell a complete, authentic, in-order
//! log from a truncated, forged, replayed or reordered one.
//!
//! ```text
//! SPROUT-CHANGESET 1\n
//! sig <base64 ed25519 signature of the body>\n
//! \n
//! <body: JSON {"header": {...}, "ops": [...]}>
//! ```

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sprout_core::{ActorId, Hlc, Op};
use thiserror::Error;

use crate::keys::{ActorKey, PublicKey};

pub const FORMAT_VERSION: u32 = 1;
const MAGIC: &str = "SPROUT-CHANGESET";

/// Larger files are refused unread: a hub may hold junk, and memory must stay bounded.
pub const MAX_CHANGESET_BYTES: u64 = 64 * 1024 * 1024;

/// Where an actor's changeset `seq` lives in the hub. Zero-padded so listings sort.
pub fn changeset_path(actor: ActorId, seq: u64) -> String {
    format!("log/{actor}/{seq:012}.chg")
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    /// The hub this changeset belongs to; a file copied from another hub is refused.
    pub hub: String,
    pub actor: ActorId,
    /// 1 for the actor's first changeset, then +1 each time, with no gaps.
    pub seq: u64,
    /// SHA-256 (hex) of the actor's previous changeset file; `None` only for seq 1.
    pub prev_hash: Option<String>,
    pub hlc_min: Hlc,
    pub hlc_max: Hlc,
    /// The roster version the actor wrote against.
    pub roster_epoch: u64,
}

#[derive(Serialize)]
struct BodyOut<'a> {
    header: &'a Header,
    ops: &'a [Op],
}

#[derive(Deserialize)]
struct BodyIn {
    header: Header,
    /// Read one by one, so one op this version cannot read costs that op, not the file.
    ops: Vec<serde_json::Value>,
}

/// A verified changeset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changeset {
    pub header: Header,
    pub ops: Vec<Op>,
    /// Signed ops this version could not read, in the order written.
    pub unreadable: Vec<Unreadable>,
    /// SHA-256 (hex) of the whole file: the next changeset's `prev_hash`.
    pub hash: String,
}

/// A signed op this version cannot read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// The op as written.
    pub body: String,
    pub reason: String,
    /// It names a kind of op or a field this version does not know: a newer Sprout wrote
    /// it, so it is held for an update rather than refused.
    pub newer: bool,
}

/// Reads one op. An op of a kind or with a field this version does not know is told
/// apart from a damaged one by serde's own words for it.
pub fn read_op(value: &serde_json::Value) -> Result<Op, Unreadable> {
    serde_json::from_value::<Op>(value.clone()).map_err(|e| {
        let reason = e.to_string();
        Unreadable {
            body: value.to_string(),
            newer: reason.contains("unknown variant") || reason.contains("unknown field"),
            reason,
        }
    })
}

/// What the reader knows before opening a file: whose it is, which one should come next,
/// and the key the roster lists for that actor.
#[derive(Clone, Copy, Debug)]
pub struct Expected<'a> {
    pub hub: &'a str,
    pub actor: ActorId,
    pub seq: u64,
    pub prev_hash: Option<&'a str>,
    pub key: &'a PublicKey,
}

/// Why a changeset file was refused. Every variant reads as a complete sentence.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum Rejection {
    #[error("the file is not a Sprout changeset")]
    NotAChangeset,
    #[error(
        "the file uses changeset format {found}; this Sprout understands format {FORMAT_VERSION}: update Sprout"
    )]
    UnknownFormat { found: String },
    #[error("the file is incomplete or damaged ({reason})")]
    Damaged { reason: String },
    #[error("the signature does not match the actor's key: the file was altered or forged")]
    BadSignature,
    #[error("the file belongs to hub {found}, not this one")]
    WrongHub { found: String },
    #[error("the file claims to be from actor {found}, but it sits in another actor's log")]
    WrongActor { found: ActorId },
    #[error("expected changeset {expected} from this actor but the file is number {found}")]
    WrongSequence { expected: u64, found: u64 },
    #[error("the file does not follow on from the actor's previous changeset (hash chain broken)")]
    BrokenChain,
    #[error("the file holds an op by actor {found}; an actor may only sign its own ops")]
    ForeignOp { found: ActorId },
    #[error("an op's clock value lies outside the range the header declares")]
    ClockOutOfRange,
}

/// Serialises and signs a changeset, returning the exact bytes to store.
pub fn encode(header: &Header, ops: &[Op], key: &ActorKey) -> Vec<u8> {
    // Serialising plain data to a Vec cannot fail.
    let body = serde_json::to_vec(&BodyOut { header, ops }).unwrap_or_default();
    let signature = BASE64.encode(key.sign(&body));
    let mut file = format!("{MAGIC} {FORMAT_VERSION}\nsig {signature}\n\n").into_bytes();
    file.extend_from_slice(&body);
    file
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Checks a changeset file against what the reader expects, in order of cheapness:
/// framing, format, signature, then header and ops.
pub fn decode(bytes: &[u8], expected: &Expected<'_>) -> Result<Changeset, Rejection> {
    let (version, rest) = split_line(bytes).ok_or(Rejection::NotAChangeset)?;
    let version = std::str::from_utf8(version).map_err(|_| Rejection::NotAChangeset)?;
    let found = version.strip_prefix(MAGIC).and_then(|v| v.strip_prefix(' '));
    let found = found.ok_or(Rejection::NotAChangeset)?;
    if found != FORMAT_VERSION.to_string() {
        return Err(Rejection::UnknownFormat { found: found.chars().take(20).collect() });
    }
    let damaged = |reason: &str| Rejection::Damaged { reason: reason.to_owned() };
    let (sig_line, rest) = split_line(rest).ok_or_else(|| damaged("it ends in its header"))?;
    let (blank, body) = split_line(rest).ok_or_else(|| damaged("it ends in its header"))?;
    if !blank.is_empty() {
        return Err(damaged("its header is malformed"));
    }
    let signature = sig_line
        .strip_prefix(b"sig ")
        .and_then(|s| BASE64.decode(s).ok())
        .and_then(|s| <[u8; 64]>::try_from(s).ok())
        .ok_or_else(|| damaged("its signature line is malformed"))?;

    let parsed: Result<BodyIn, _> = serde_json::from_slice(body);
    if !expected.key.verify(body, &signature) {
        // A body that no longer parses was cut short or corrupted; one that parses but
        // does not verify was altered or signed by someone else.
        return Err(match parsed {
            Err(e) => damaged(&e.to_string()),
            Ok(_) => Rejection::BadSignature,
        });
    }
    let BodyIn { header, ops } = parsed.map_err(|e| damaged(&e.to_string()))?;

    if header.format != FORMAT_VERSION {
        return Err(Rejection::UnknownFormat { found: header.format.to_string() });
    }
    if header.hub != expected.hub {
        return Err(Rejection::WrongHub { found: header.hub });
    }
    if header.actor != expected.actor {
        return Err(Rejection::WrongActor { found: header.actor });
    }
    if header.seq != expected.seq {
        return Err(Rejection::WrongSequence { expected: expected.seq, found: header.seq });
    }
    if header.prev_hash.as_deref() != expected.prev_hash {
        return Err(Rejection::BrokenChain);
    }
    let (mut read, mut unreadable) = (Vec::new(), Vec::new());
    for value in &ops {
        let claimed = value.get("actor").and_then(|a| a.as_str()).map(str::to_owned);
        if claimed.is_some_and(|a| a != header.actor.to_string()) {
            let found = value.get("actor").and_then(|a| serde_json::from_value(a.clone()).ok());
            return Err(Rejection::ForeignOp { found: found.unwrap_or(header.actor) });
        }
        match read_op(value) {
            Ok(op) => read.push(op),
            Err(u) => unreadable.push(u),
        }
    }
    if let Some(op) = read.iter().find(|op| op.actor != header.actor) {
        return Err(Rejection::ForeignOp { found: op.actor });
    }
    if read.iter().any(|op| op.hlc < header.hlc_min || op.hlc > header.hlc_max) {
        return Err(Rejection::ClockOutOfRange);
    }
    Ok(Changeset { header, ops: read, unreadable, hash: sha256_hex(bytes) })
}

fn split_line(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = bytes.iter().position(|b| *b == b'\n')?;
    Some((&bytes[..end], &bytes[end + 1..]))
}
