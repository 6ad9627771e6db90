//! The hub: a place holding immutable files, and nothing else. No server, no locks, no
//! modification times: files are only ever created, whole, and never changed.

use crate::error::{Error, Result};

/// What `create` found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Created {
    New,
    /// The file was already there with the same bytes: a retry after a crash or timeout.
    AlreadyThere,
}

pub trait Hub: Send + Sync + std::fmt::Debug {
    /// Where the hub is, for messages ("\\\\trust-fs01\\innovation\\sprout-hub").
    fn location(&self) -> String;

    /// Paths of the files under `prefix` (e.g. `"log/"`), sorted; empty if there are none.
    /// Fails when the hub itself cannot be reached.
    fn list(&self, prefix: &str) -> Result<Vec<String>>;

    /// Names of the folders directly under `prefix` (e.g. `"log/"` gives one per actor),
    /// sorted. One listing of one level, however much history the folders hold.
    fn folders(&self, prefix: &str) -> Result<Vec<String>>;

    /// A file's bytes, refusing one larger than `max_bytes` without reading it.
    fn read(&self, path: &str, max_bytes: u64) -> Result<Vec<u8>>;

    /// Fails when the hub itself cannot be reached. A folder share that is not mounted
    /// answers every read with "not found", which a quiet sync must not take for "nothing
    /// new"; an object store's "not found" comes from the store itself.
    fn check_reachable(&self) -> Result<()> {
        Ok(())
    }

    /// Creates a file that must not exist. An existing identical file is success, so
    /// retries are idempotent; an existing different one is [`Error::Conflict`].
    fn create(&self, path: &str, bytes: &[u8]) -> Result<Created>;
}

/// Whether a hub location is a URL (object storage) rather than a folder. Folder paths,
/// Windows drive and UNC paths included, never contain `://`.
pub fn is_url(location: &str) -> bool {
    location.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

/// The hub at `location`: a folder, or an `s3://` or `az://` URL.
pub fn open_hub(location: &str) -> Result<Box<dyn Hub>> {
    if is_url(location) {
        #[cfg(feature = "object-store")]
        return Ok(Box::new(crate::ObjectStoreHub::from_url(location)?));
        #[cfg(not(feature = "object-store"))]
        return Err(Error::Unreachable {
            location: location.to_owned(),
            reason: "this build of Sprout has no object storage support".into(),
        });
    }
    Ok(Box::new(crate::FolderHub::new(location)))
}

/// [`open_hub`] for founding a hub: a folder is created if needed.
pub fn create_hub(location: &str) -> Result<Box<dyn Hub>> {
    if is_url(location) {
        return open_hub(location);
    }
    Ok(Box::new(crate::FolderHub::create_root(location)?))
}

/// Refuses a file over `max` bytes (before reading it, where the size is known first).
pub(crate) fn check_size(path: &str, size: u64, max: u64) -> Result<()> {
    if size > max {
        return Err(Error::TooLarge { path: path.to_owned(), size, max });
    }
    Ok(())
}

/// Hub paths are relative, `/`-separated, and cannot climb out of the hub.
pub(crate) fn check_path(path: &str) -> Result<()> {
    let ok = !path.is_empty()
        && path.split('/').all(|part| {
            !part.is_empty()
                && part != "."
                && part != ".."
                && !part.starts_with('.')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        });
    if ok { Ok(()) } else { Err(Error::BadPath { path: path.to_owned() }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_apart_from_folders() {
        for url in ["s3://region-hub/sprout", "az://hub/north", "S3://b"] {
            assert!(is_url(url), "{url}");
        }
        for folder in [r"\\trust-fs01\innovation\hub", r"C:\Sprout\hub", "/mnt/share/hub", "hub"] {
            assert!(!is_url(folder), "{folder}");
        }
    }

    #[test]
    fn paths_cannot_escape_the_hub() {
        assert!(check_path("log/0193/000000000001.chg").is_ok());
        assert!(check_path("HUB.json").is_ok());
        for bad in
            ["", "/etc/passwd", "log/../../x", "log//x", "log/.tmp", "C:\\x", "log\\x", "a b"]
        {
            assert!(check_path(bad).is_err(), "{bad:?}");
        }
    }
}
