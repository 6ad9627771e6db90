//! The changeset file: one batch of an actor's ops, signed by that actor and chained by
//! hash to its previous changeset, so a reader can tell a complete, authentic, in-order
//! log from a truncated, forged, replayed or reordered one.
//!
//! ```text
//! SPROUT-CHANGESET 2\n
//! sig <base64 ed25519 signature of the header line>\n
//! <header: one line of JSON, naming the SHA-256 and number of the ops that follow>\n
//! <ops: a JSON array>
//! ```
//!
//! The signature covers the header alone, and the header binds the ops by hash. So a
//! changeset's identity is its header's hash, and an author's signed header (a few hundred
//! bytes) is proof of what they wrote at that number: two of them that disagree prove an
//! equivocation to every device, without either file.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sprout_core::{ActorId, Hlc, Op};
use thiserror::Error;

use crate::keys::{ActorKey, PublicKey};

pub const FORMAT_VERSION: u32 = 2;
const MAGIC: &str = "SPROUT-CHANGESET";

/// Larger files are refused unread: a hub may hold junk, and memory must stay bounded.
pub const MAX_CHANGESET_BYTES: u64 = 64 * 1024 * 1024;

/// A changeset holding more ops is refused whole, so one file bounds the work it asks of
/// every device: Sprout writes at most 2 000 a file, and 5 000 of the largest ops the gate
/// allows pass it in a few seconds on a ward PC (`hostile.rs` measures it).
pub const MAX_OPS_PER_CHANGESET: usize = 5_000;

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
    /// What the author's device had applied of other members' logs, for each whose log
    /// moved since it last wrote: so a device that meets a different file at one of those
    /// numbers learns that the author saw another (DESIGN.md §3, equivocation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seen: Vec<Seen>,
}

/// One member's changeset as another member's device applied it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub actor: ActorId,
    pub seq: u64,
    /// The changeset's id: its header's SHA-256.
    pub hash: String,
}

/// The header as written: what the author signs.
#[derive(Serialize, Deserialize)]
struct HeaderLine {
    #[serde(flatten)]
    header: Header,
    /// How many ops follow, and the SHA-256 (hex) of their bytes.
    ops: usize,
    ops_hash: String,
}

/// An author's signed header, exactly as written: proof of what they wrote at one number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedHeader {
    pub line: String,
    pub sig: String,
}

impl SignedHeader {
    /// The header, if `key` signed it, with its hash (the changeset's id).
    pub fn open(&self, key: &PublicKey) -> Option<(Header, String)> {
        let sig: [u8; 64] = BASE64.decode(&self.sig).ok()?.try_into().ok()?;
        if !key.verify(self.line.as_bytes(), &sig) {
            return None;
        }
        let line: HeaderLine = serde_json::from_str(&self.line).ok()?;
        Some((line.header, sha256_hex(self.line.as_bytes())))
    }

    /// The signed header at the top of a changeset file, unverified.
    pub fn of_file(bytes: &[u8]) -> Option<SignedHeader> {
        let (magic, rest) = split_line(bytes)?;
        if magic != format!("{MAGIC} {FORMAT_VERSION}").as_bytes() {
            return None;
        }
        let (sig, rest) = split_line(rest)?;
        let (line, _) = split_line(rest)?;
        Some(SignedHeader {
            line: String::from_utf8(line.to_vec()).ok()?,
            sig: String::from_utf8(sig.strip_prefix(b"sig ")?.to_vec()).ok()?,
        })
    }
}

/// A changeset's id, from its file: the SHA-256 of its header line, as the next
/// changeset's `prev_hash` names it. `None` for a file that is not a changeset.
pub fn changeset_id(bytes: &[u8]) -> Option<String> {
    SignedHeader::of_file(bytes).map(|h| sha256_hex(h.line.as_bytes()))
}

/// A verified changeset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Changeset {
    pub header: Header,
    pub ops: Vec<Op>,
    /// Signed ops this version could not read, in the order written.
    pub unreadable: Vec<Unreadable>,
    /// The changeset's id, SHA-256 (hex) of its header line: the next one's `prev_hash`.
    pub hash: String,
    /// The author's signed header, kept as proof of what they wrote at this number.
    pub signed: SignedHeader,
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
    #[error(
        "the file holds {found} ops; a changeset may hold at most {MAX_OPS_PER_CHANGESET}, so \
         one file never stalls a sync"
    )]
    TooManyOps { found: usize },
}

/// Serialises and signs a changeset, returning the exact bytes to store. Generic over the
/// ops so a test can write what a newer (or hostile) Sprout would.
pub fn encode<T: Serialize>(header: &Header, ops: &[T], key: &ActorKey) -> Vec<u8> {
    // Serialising plain data to a Vec cannot fail.
    let ops_bytes = serde_json::to_vec(ops).unwrap_or_default();
    let line =
        HeaderLine { header: header.clone(), ops: ops.len(), ops_hash: sha256_hex(&ops_bytes) };
    let line = serde_json::to_vec(&line).unwrap_or_default();
    let signature = BASE64.encode(key.sign(&line));
    let mut file = format!("{MAGIC} {FORMAT_VERSION}\nsig {signature}\n").into_bytes();
    file.extend_from_slice(&line);
    file.push(b'\n');
    file.extend_from_slice(&ops_bytes);
    file
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Checks a changeset file against what the reader expects, in order of cheapness:
/// framing, format, the header's signature and facts, then the ops' hash, count and
/// authorship. The ops are read only once the signed header allows their number.
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
    let (line, ops_bytes) = split_line(rest).ok_or_else(|| damaged("it ends in its header"))?;
    let signature = sig_line
        .strip_prefix(b"sig ")
        .and_then(|s| BASE64.decode(s).ok())
        .and_then(|s| <[u8; 64]>::try_from(s).ok())
        .ok_or_else(|| damaged("its signature line is malformed"))?;

    let parsed: Result<HeaderLine, _> = serde_json::from_slice(line);
    if !expected.key.verify(line, &signature) {
        // A header that no longer parses was cut short or corrupted; one that parses but
        // does not verify was altered or signed by someone else.
        return Err(match parsed {
            Err(e) => damaged(&e.to_string()),
            Ok(_) => Rejection::BadSignature,
        });
    }
    let HeaderLine { header, ops: count, ops_hash } =
        parsed.map_err(|e| damaged(&e.to_string()))?;

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
    if count > MAX_OPS_PER_CHANGESET {
        return Err(Rejection::TooManyOps { found: count });
    }
    // The signature covers the ops through their hash in the header: ops cut short no
    // longer parse; ops that parse but differ were altered.
    if sha256_hex(ops_bytes) != ops_hash {
        return Err(match serde_json::from_slice::<serde::de::IgnoredAny>(ops_bytes) {
            Err(e) => damaged(&e.to_string()),
            Ok(_) => Rejection::BadSignature,
        });
    }
    let Bounded(ops) = serde_json::from_slice(ops_bytes).map_err(|e| damaged(&e.to_string()))?;
    if ops.len() != count {
        return Err(damaged("it holds a different number of ops than its header says"));
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
    let signed = SignedHeader {
        line: String::from_utf8_lossy(line).into_owned(),
        sig: String::from_utf8_lossy(&sig_line[4..]).into_owned(),
    };
    Ok(Changeset { header, ops: read, unreadable, hash: sha256_hex(line), signed })
}

/// The ops array, read no further than a changeset may hold: a header that understates
/// its count costs the reader at most that many ops.
struct Bounded(Vec<serde_json::Value>);

impl<'de> Deserialize<'de> for Bounded {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Ops;
        impl<'de> serde::de::Visitor<'de> for Ops {
            type Value = Bounded;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array of ops")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Bounded, A::Error> {
                let mut ops = Vec::new();
                while let Some(op) = seq.next_element()? {
                    if ops.len() == MAX_OPS_PER_CHANGESET {
                        return Err(serde::de::Error::custom("more ops than a changeset may hold"));
                    }
                    ops.push(op);
                }
                Ok(Bounded(ops))
            }
        }
        d.deserialize_seq(Ops)
    }
}

fn split_line(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = bytes.iter().position(|b| *b == b'\n')?;
    Some((&bytes[..end], &bytes[end + 1..]))
}
