use thiserror::Error;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Error)]
pub enum Error {
    #[error("the hub at {location} cannot be reached: {reason}")]
    Unreachable { location: String, reason: String },
    #[error("permission denied on the hub at {path}: {reason}")]
    PermissionDenied { path: String, reason: String },
    #[error("the hub is full or out of quota writing {path}: {reason}")]
    Full { path: String, reason: String },
    #[error("{path} is {size} bytes, over the {max}-byte limit for a hub file")]
    TooLarge { path: String, size: u64, max: u64 },
    #[error("{path} already exists on the hub with different content")]
    Conflict { path: String },
    #[error("{path} is not a valid hub path")]
    BadPath { path: String },
    #[error("hub I/O error on {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("the signing key file {path} cannot be used: {reason}")]
    Key { path: String, reason: String },
    #[error("no randomness available from the operating system: {0}")]
    Random(String),
}

impl Error {
    /// Classifies an I/O error so the person sees "share unreachable" or "disk full",
    /// not an errno.
    pub(crate) fn io(path: &str, location: &str, e: std::io::Error) -> Self {
        use std::io::ErrorKind as K;
        let reason = e.to_string();
        match e.kind() {
            K::PermissionDenied | K::ReadOnlyFilesystem => {
                Error::PermissionDenied { path: path.to_owned(), reason }
            }
            K::StorageFull | K::QuotaExceeded => Error::Full { path: path.to_owned(), reason },
            K::NotConnected
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::TimedOut
            | K::ConnectionRefused
            | K::ConnectionReset
            | K::NetworkDown
            | K::StaleNetworkFileHandle => {
                Error::Unreachable { location: location.to_owned(), reason }
            }
            _ => Error::Io { path: path.to_owned(), source: e },
        }
    }
}
