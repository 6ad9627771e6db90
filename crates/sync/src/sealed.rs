//! A person's signing key sealed with their passphrase. On a shared ward PC the keys of
//! people who review, lead or administer rest in this form, so picking their name is not
//! enough to act as them: the passphrase is.
//!
//! Argon2id (OWASP's minimum parameters, about a twentieth of a second optimised) makes
//! each guess costly; XChaCha20-Poly1305 seals the 32-byte seed, with the public key as
//! associated data so a file cannot be paired with another person's entry.

use std::io::Write;
use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::error::{Error, Result};
use crate::keys::{ActorKey, PublicKey};

/// Shorter passphrases are refused: a stolen sealed key must not fall to a quick search.
pub const MIN_PASSPHRASE_CHARS: usize = 10;

const FORMAT: u32 = 1;
const M_KIB: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

#[derive(Serialize, Deserialize)]
struct SealedFile {
    format: u32,
    /// Whose key this is, readable without the passphrase.
    public: PublicKey,
    kdf: String,
    m_kib: u32,
    t_cost: u32,
    p_cost: u32,
    salt: String,
    nonce: String,
    sealed: String,
}

/// Checks a passphrase someone is choosing.
pub fn check_new_passphrase(passphrase: &str) -> Result<()> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(Error::PassphraseTooShort { min: MIN_PASSPHRASE_CHARS });
    }
    Ok(())
}

fn derive(passphrase: &str, salt: &[u8], m: u32, t: u32, p: u32) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(m, t, p, Some(32)).map_err(|e| Error::Sealed(e.to_string()))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, &mut *out)
        .map_err(|e| Error::Sealed(e.to_string()))?;
    Ok(out)
}

impl ActorKey {
    /// This key sealed with `passphrase`, as the bytes of a sealed key file.
    pub fn seal(&self, passphrase: &str) -> Result<Vec<u8>> {
        check_new_passphrase(passphrase)?;
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 24];
        getrandom::fill(&mut salt).map_err(|e| Error::Random(e.to_string()))?;
        getrandom::fill(&mut nonce).map_err(|e| Error::Random(e.to_string()))?;
        let key = derive(passphrase, &salt, M_KIB, T_COST, P_COST)?;
        let public = self.public();
        let aad = public.to_string();
        let seed = Zeroizing::new(self.seed());
        let sealed = XChaCha20Poly1305::new((&*key).into())
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: &*seed, aad: aad.as_bytes() })
            .map_err(|e| Error::Sealed(e.to_string()))?;
        let file = SealedFile {
            format: FORMAT,
            public,
            kdf: "argon2id".into(),
            m_kib: M_KIB,
            t_cost: T_COST,
            p_cost: P_COST,
            salt: hex::encode(salt),
            nonce: hex::encode(nonce),
            sealed: hex::encode(sealed),
        };
        serde_json::to_vec_pretty(&file).map_err(|e| Error::Sealed(e.to_string()))
    }

    /// Opens a sealed key file's bytes. A wrong passphrase is [`Error::WrongPassphrase`];
    /// anything else wrong with the file is [`Error::Sealed`].
    pub fn unseal(bytes: &[u8], passphrase: &str) -> Result<ActorKey> {
        let file: SealedFile =
            serde_json::from_slice(bytes).map_err(|e| Error::Sealed(e.to_string()))?;
        if file.format != FORMAT || file.kdf != "argon2id" {
            return Err(Error::Sealed(format!("unknown sealed-key format {}", file.format)));
        }
        // Bounds keep a doctored file from asking for gigabytes or hours.
        if file.m_kib > 1024 * 1024 || file.t_cost > 16 || file.p_cost > 16 {
            return Err(Error::Sealed("key-derivation settings out of range".into()));
        }
        let bad = |what: &str| Error::Sealed(format!("{what} is not valid hex"));
        let salt = hex::decode(&file.salt).map_err(|_| bad("salt"))?;
        let nonce: [u8; 24] = hex::decode(&file.nonce)
            .map_err(|_| bad("nonce"))?
            .try_into()
            .map_err(|_| Error::Sealed("the nonce is not 24 bytes".into()))?;
        let sealed = hex::decode(&file.sealed).map_err(|_| bad("sealed key"))?;
        let key = derive(passphrase, &salt, file.m_kib, file.t_cost, file.p_cost)?;
        let aad = file.public.to_string();
        let seed = Zeroizing::new(
            XChaCha20Poly1305::new((&*key).into())
                .decrypt(XNonce::from_slice(&nonce), Payload { msg: &sealed, aad: aad.as_bytes() })
                .map_err(|_| Error::WrongPassphrase)?,
        );
        let seed: [u8; 32] = seed
            .as_slice()
            .try_into()
            .map_err(|_| Error::Sealed("the sealed seed is not 32 bytes".into()))?;
        let key = ActorKey::from_seed(seed);
        if key.public() != file.public {
            return Err(Error::Sealed("the sealed key does not match its public key".into()));
        }
        Ok(key)
    }

    /// The public key of a sealed key file, without its passphrase.
    pub fn sealed_public(bytes: &[u8]) -> Result<PublicKey> {
        let file: SealedFile =
            serde_json::from_slice(bytes).map_err(|e| Error::Sealed(e.to_string()))?;
        Ok(file.public)
    }

    /// Writes this key sealed with `passphrase` to `sealed_path` (owner-only, via a
    /// temporary file and a rename, so a crash leaves either no file or a whole one), then
    /// removes the plain key at `plain_path` if there is one.
    pub fn seal_to(&self, passphrase: &str, sealed_path: &Path, plain_path: &Path) -> Result<()> {
        let bytes = self.seal(passphrase)?;
        let io = |e: std::io::Error| Error::Key {
            path: sealed_path.display().to_string(),
            reason: e.to_string(),
        };
        let tmp = sealed_path.with_extension("sealing");
        if let Some(dir) = sealed_path.parent() {
            sprout_store::create_private_dir(dir).map_err(io)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp).map_err(io)?;
        file.write_all(&bytes).map_err(io)?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, sealed_path).map_err(io)?;
        match std::fs::remove_file(plain_path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_key_opens_with_its_passphrase_only() {
        let key = ActorKey::generate().unwrap();
        let sealed = key.seal("correct horse battery").unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains(&hex::encode(key.seed())));
        assert_eq!(ActorKey::sealed_public(&sealed).unwrap(), key.public());
        let opened = ActorKey::unseal(&sealed, "correct horse battery").unwrap();
        assert_eq!(opened.public(), key.public());
        let wrong = ActorKey::unseal(&sealed, "correct horse battery!").unwrap_err();
        assert!(matches!(wrong, Error::WrongPassphrase), "{wrong}");
    }

    #[test]
    fn short_passphrases_are_refused() {
        let key = ActorKey::generate().unwrap();
        let e = key.seal("too short").unwrap_err();
        assert!(e.to_string().contains("at least 10 characters"), "{e}");
    }

    #[test]
    fn a_sealed_file_cannot_be_relabelled_as_someone_else() {
        let key = ActorKey::generate().unwrap();
        let other = ActorKey::generate().unwrap();
        let sealed = String::from_utf8(key.seal("a long passphrase").unwrap()).unwrap();
        let relabelled = sealed.replace(&key.public().to_string(), &other.public().to_string());
        let e = ActorKey::unseal(relabelled.as_bytes(), "a long passphrase").unwrap_err();
        assert!(matches!(e, Error::WrongPassphrase), "{e}");
    }

    #[test]
    fn sealing_replaces_the_plain_key_file() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("actor.key");
        let sealed = dir.path().join("actor.sealed");
        let key = ActorKey::load_or_create(&plain).unwrap();
        key.seal_to("a long passphrase", &sealed, &plain).unwrap();
        assert!(!plain.exists());
        let bytes = std::fs::read(&sealed).unwrap();
        assert_eq!(ActorKey::unseal(&bytes, "a long passphrase").unwrap().public(), key.public());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&sealed).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
