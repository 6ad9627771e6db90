//! Each actor (one person on one install) signs its changesets with its own ed25519 key.

use std::fmt;
use std::io::Write;
use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// An actor's private signing key. Never leaves the device; never printed.
pub struct ActorKey(SigningKey);

impl fmt::Debug for ActorKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ActorKey({})", self.public())
    }
}

impl ActorKey {
    pub fn generate() -> Result<Self> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| Error::Random(e.to_string()))?;
        Ok(ActorKey(SigningKey::from_bytes(&seed)))
    }

    pub(crate) fn from_seed(seed: [u8; 32]) -> Self {
        ActorKey(SigningKey::from_bytes(&seed))
    }

    pub(crate) fn seed(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The clamped X25519 secret scalar this ed25519 key corresponds to (sealing.rs).
    pub(crate) fn scalar_bytes(&self) -> [u8; 32] {
        self.0.to_scalar_bytes()
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }

    /// Loads the key at `path`, creating it (readable by the owner only) if absent.
    pub fn load_or_create(path: &Path) -> Result<Self> {
        let shown = path.display().to_string();
        let bad = |reason: String| Error::Key { path: shown.clone(), reason };
        match std::fs::read(path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| bad("not text".into()))?;
                let seed = hex::decode(text.trim()).map_err(|e| bad(e.to_string()))?;
                let seed: [u8; 32] =
                    seed.try_into().map_err(|_| bad("not a 32-byte ed25519 seed".into()))?;
                Ok(ActorKey(SigningKey::from_bytes(&seed)))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = Self::generate()?;
                key.write_new(path).map_err(|e| bad(e.to_string()))?;
                Ok(key)
            }
            Err(e) => Err(bad(e.to_string())),
        }
    }

    fn write_new(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            sprout_store::create_private_dir(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path)?;
        file.write_all(hex::encode(self.0.to_bytes()).as_bytes())?;
        file.sync_all()
    }
}

/// An actor's public key, as listed in the hub's roster.
#[derive(Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn verify(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.0.verify(message, &Signature::from_bytes(signature)).is_ok()
    }

    /// The X25519 public key this ed25519 key corresponds to (sealing.rs).
    pub(crate) fn montgomery(&self) -> [u8; 32] {
        self.0.to_montgomery().to_bytes()
    }

    /// A short fingerprint a person can read aloud and compare: the first 16 hex digits
    /// of the key's SHA-256, in groups of four.
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let hex = hex::encode(Sha256::digest(self.0.as_bytes()));
        let groups: Vec<&str> = (0..4).map(|i| &hex[i * 4..i * 4 + 4]).collect();
        groups.join("-")
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0.as_bytes()))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

impl TryFrom<String> for PublicKey {
    type Error = String;

    fn try_from(s: String) -> std::result::Result<Self, String> {
        let bytes: [u8; 32] = hex::decode(&s)
            .map_err(|e| e.to_string())?
            .try_into()
            .map_err(|_| "a public key is 32 bytes".to_owned())?;
        VerifyingKey::from_bytes(&bytes).map(PublicKey).map_err(|e| e.to_string())
    }
}

impl From<PublicKey> for String {
    fn from(k: PublicKey) -> String {
        k.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_for_the_signed_bytes_and_key() {
        let key = ActorKey::generate().unwrap();
        let sig = key.sign(b"hello");
        assert!(key.public().verify(b"hello", &sig));
        assert!(!key.public().verify(b"hellO", &sig));
        let other = ActorKey::generate().unwrap();
        assert!(!other.public().verify(b"hello", &sig));
    }

    #[test]
    fn a_key_file_is_created_once_owner_only_and_reloaded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/actor.key");
        let first = ActorKey::load_or_create(&path).unwrap();
        let again = ActorKey::load_or_create(&path).unwrap();
        assert_eq!(first.public(), again.public());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_damaged_key_file_is_an_error_not_a_new_identity() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("actor.key");
        std::fs::write(&path, "not hex").unwrap();
        let e = ActorKey::load_or_create(&path).unwrap_err();
        assert!(e.to_string().contains("cannot be used"), "{e}");
    }

    #[test]
    fn public_keys_round_trip_as_hex() {
        let key = ActorKey::generate().unwrap().public();
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(serde_json::from_str::<PublicKey>(&json).unwrap(), key);
        assert!(serde_json::from_str::<PublicKey>("\"abcd\"").is_err());
    }
}
