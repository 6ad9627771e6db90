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
    /// Something other than a regular file sits where a hub file belongs (a symlink, a
    /// folder, a FIFO, a device): refused unread, never followed or written through.
    #[error("{path} is refused: {what} sits where a hub file belongs")]
    NotAFile { path: String, what: &'static str },
    #[error("{path} is not a valid hub path")]
    BadPath { path: String },
    #[error("hub I/O error on {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("the signing key file {path} cannot be used: {reason}")]
    Key { path: String, reason: String },
    #[error("that passphrase does not unlock this key")]
    WrongPassphrase,
    #[error(
        "a passphrase needs at least {min} characters; three or four unrelated words are easy to remember"
    )]
    PassphraseTooShort { min: usize },
    #[error("the sealed key file cannot be used: {0}")]
    Sealed(String),
    #[error("no randomness available from the operating system: {0}")]
    Random(String),
    #[error(
        "{location} is not a Sprout hub (it has no HUB.json); create one with `sprout hub init`"
    )]
    NotAHub { location: String },
    #[error("{location} already holds a Sprout hub; join it with `sprout hub join` instead")]
    AlreadyAHub { location: String },
    #[error("the hub at {location} is hub {found}, but this device belongs to hub {expected}")]
    WrongHub { location: String, expected: String, found: String },
    #[error("this device has not joined a hub yet; use `sprout hub join PATH`")]
    NoHub,
    #[error("no join request from actor {actor} is waiting on this hub")]
    NoRequest { actor: String },
    #[error("{0}")]
    NotAllowed(String),
    #[error(
        "this device's own changeset {path} on the hub is not one it wrote: the hub was tampered with"
    )]
    Tampered { path: String },
    #[error(
        "{path} on the hub does not match its fingerprint (SHA-256): it is damaged or was tampered with, and was not used"
    )]
    DamagedFile { path: String },
    #[error(transparent)]
    Doc(#[from] crate::docs::DocError),
    #[error(transparent)]
    Store(#[from] sprout_store::Error),
}

impl Error {
    /// A hub entry that is refused for what it is, not for lack of access: reported as
    /// a problem while the rest of the hub syncs.
    pub fn is_refused_entry(&self) -> bool {
        matches!(self, Error::NotAFile { .. } | Error::TooLarge { .. })
    }

    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
    }

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
