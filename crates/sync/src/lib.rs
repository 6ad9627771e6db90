//! Sprout's hub protocol, with no knowledge of SQLite or Tauri.
//!
//! It owns the bytes that travel between devices: each actor's ed25519 key, the signed
//! changeset file (a header and a batch of ops, chained to the actor's previous changeset
//! by hash), verification of a changeset against what the reader expects, and the hub
//! backends (a folder on a disk or network share, and object storage behind the
//! `object-store` feature) behind one small trait of immutable, create-only files.

mod blobs;
mod changeset;
mod counting;
mod docs;
mod engine;
mod error;
mod folder;
mod full_check;
mod hub;
mod keys;
mod news;
#[cfg(feature = "object-store")]
mod object;
mod pull;
#[doc(hidden)]
pub mod region;
mod roster;
mod sealed;
mod sealing;
mod snapshot;
mod trust;
mod verify;

pub use blobs::{blob_path, fetch_blob, push_blobs};
pub use changeset::{
    Changeset, Expected, FORMAT_VERSION, Header, MAX_CHANGESET_BYTES, MAX_OPS_PER_CHANGESET,
    Rejection, Seen, SignedHeader, changeset_id, changeset_path, decode, encode, sha256_hex,
};
pub use counting::CountingHub;
pub use docs::{
    DocError, HUB_FILE, HubInfo, JoinRequest, MAX_DOC_BYTES, Member, PartLog, PartRef, Roster,
    Snapshot, SnapshotPart, request_path, roster_path, sign, snapshot_part_path, snapshot_path,
};
pub use engine::{
    Identity, MAX_CLOCK_AHEAD_MS, OTHER_KEY, SyncReport, init, join, revoked_key, roles_key, sync,
    sync_with_progress,
};
pub use error::{Error, Result};
pub use folder::FolderHub;
pub use full_check::request_full_check;
pub use hub::{Created, Hub, create_hub, is_url, open_hub};
pub use keys::{ActorKey, PublicKey};
pub use news::{News, news_file, news_path};
#[cfg(feature = "object-store")]
pub use object::ObjectStoreHub;
pub use roster::{approve, followed_roster, load_roster, members, pending_requests, revoke};
pub use sealed::{MIN_PASSPHRASE_CHARS, check_new_passphrase};
pub use sealing::{open as open_sealed, seal};
pub use snapshot::{write_snapshot, write_snapshot_in_parts};
pub use verify::verify;
