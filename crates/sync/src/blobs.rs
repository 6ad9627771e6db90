//! Evidence files attached to POCs: each stored once in the hub as `blobs/<sha256>`, under
//! the hash of its bytes, so a file's name is its checksum. A reader checks the bytes
//! against the name before using them; a file that does not match is refused and noted as
//! a hub problem, whoever wrote it.

use sprout_core::MAX_ATTACHMENT_BYTES;
use sprout_store::Store;

use crate::changeset::sha256_hex;
use crate::engine::note_problem;
use crate::error::{Error, Result};
use crate::hub::{Created, Hub};

/// Where a file with this SHA-256 lives in the hub.
pub fn blob_path(sha256: &str) -> String {
    format!("blobs/{sha256}")
}

/// Pushes the files attached on this PC that the hub does not have yet. Run before the
/// ops that name them, so a device that reads an attachment's op can fetch its file.
pub fn push_blobs(hub: &dyn Hub, store: &Store) -> Result<usize> {
    let mut pushed = 0;
    for sha in store.unpushed_blobs()? {
        let Some(bytes) = store.blob(&sha)? else { continue };
        let path = blob_path(&sha);
        match hub.create(&path, &bytes) {
            Ok(Created::New | Created::AlreadyThere) => pushed += 1,
            // Other bytes sit under this file's hash: planted, or damaged. Readers refuse
            // them; this PC keeps its good copy and says so once.
            Err(Error::Conflict { .. }) => note_problem(
                store,
                &path,
                "refused: its bytes do not match the SHA-256 it is named by",
            )?,
            Err(e) => return Err(e),
        }
        store.mark_blob_pushed(&sha)?;
    }
    Ok(pushed)
}

/// An attached file's bytes: this PC's copy, else the hub's, checked against its SHA-256
/// and then kept here. A file over the limit is refused before it is read.
pub fn fetch_blob(hub: &dyn Hub, store: &Store, sha256: &str) -> Result<Vec<u8>> {
    if let Some(bytes) = store.blob(sha256)? {
        return Ok(bytes);
    }
    let path = blob_path(sha256);
    let bytes = hub.read(&path, MAX_ATTACHMENT_BYTES)?;
    if sha256_hex(&bytes) != sha256 {
        note_problem(store, &path, "refused: its bytes do not match the SHA-256 it is named by")?;
        return Err(Error::DamagedFile { path });
    }
    store.put_blob(sha256, &bytes, true)?;
    Ok(bytes)
}
