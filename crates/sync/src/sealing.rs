//! Sealing a value so only some of the hub's members can read it, though every device
//! holds it: age (X25519 recipients) does the encryption. Each member's recipient is
//! derived from the ed25519 key the signed roster already lists for them, by the map
//! ed25519-dalek provides for it (`to_montgomery` for the public key, `to_scalar_bytes`
//! for the secret, as libsodium's `crypto_sign_ed25519_*_to_curve25519` do), so there is
//! no second key to publish, lose or swap.

use std::io::{Read, Write};

use bech32::{ToBase32, Variant};

use crate::error::{Error, Result};
use crate::keys::{ActorKey, PublicKey};

/// The most a sealed value may hold once opened: an amount, or a document as large as an
/// evidence file may be.
const MAX_OPENED_BYTES: u64 = sprout_core::MAX_ATTACHMENT_BYTES;

impl PublicKey {
    /// The age recipient that values sealed to this member are encrypted to.
    pub fn seal_recipient(&self) -> Result<age::x25519::Recipient> {
        let point = self.montgomery();
        let text = bech32::encode("age", point.to_base32(), Variant::Bech32)
            .map_err(|e| Error::Random(format!("could not encode a recipient: {e}")))?;
        text.parse().map_err(|e: &str| Error::Random(format!("could not make a recipient: {e}")))
    }
}

impl ActorKey {
    /// The age identity that opens values sealed to [`PublicKey::seal_recipient`] of this
    /// key's public half.
    fn seal_identity(&self) -> Option<age::x25519::Identity> {
        let mut scalar = self.scalar_bytes();
        let text = bech32::encode("age-secret-key-", scalar.to_base32(), Variant::Bech32).ok();
        zeroize::Zeroize::zeroize(&mut scalar);
        let mut text = text?.to_uppercase();
        let identity = text.parse().ok();
        zeroize::Zeroize::zeroize(&mut text);
        identity
    }
}

/// Encrypts `value` so that each of `to` (and nobody else) can open it.
pub fn seal(value: &[u8], to: &[PublicKey]) -> Result<Vec<u8>> {
    let recipients = to.iter().map(PublicKey::seal_recipient).collect::<Result<Vec<_>>>()?;
    let encryptor =
        age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
            .map_err(|e| Error::NotAllowed(format!("nobody to seal it to: {e}")))?;
    let mut sealed = Vec::with_capacity(value.len() + 256);
    let mut writer = encryptor
        .wrap_output(&mut sealed)
        .map_err(|e| Error::NotAllowed(format!("could not seal: {e}")))?;
    writer
        .write_all(value)
        .and_then(|()| writer.finish().map(|_| ()))
        .map_err(|e| Error::NotAllowed(format!("could not seal: {e}")))?;
    Ok(sealed)
}

/// Opens a value sealed to `key`'s holder, or `None` if it was not sealed to them (or is
/// not a sealed value at all).
pub fn open(sealed: &[u8], key: &ActorKey) -> Option<Vec<u8>> {
    let identity = key.seal_identity()?;
    let decryptor = age::Decryptor::new(sealed).ok()?;
    let mut reader = decryptor.decrypt(std::iter::once(&identity as &dyn age::Identity)).ok()?;
    let mut opened = Vec::new();
    (&mut reader).take(MAX_OPENED_BYTES).read_to_end(&mut opened).ok()?;
    Some(opened)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a failing test should panic")]

    use super::*;

    #[test]
    fn only_the_keys_it_was_sealed_to_open_it() {
        let (lead, admin, clinician) = (
            ActorKey::generate().unwrap(),
            ActorKey::generate().unwrap(),
            ActorKey::generate().unwrap(),
        );
        let sealed = seal(b"9876543", &[lead.public(), admin.public()]).unwrap();
        assert!(!sealed.windows(7).any(|w| w == b"9876543"));
        assert_eq!(open(&sealed, &lead).unwrap(), b"9876543");
        assert_eq!(open(&sealed, &admin).unwrap(), b"9876543");
        assert_eq!(open(&sealed, &clinician), None);
        assert_eq!(open(b"not sealed", &lead), None);
        // The identity derived from the secret matches the recipient derived from the
        // public key the roster lists.
        let identity = lead.seal_identity().unwrap();
        assert_eq!(
            identity.to_public().to_string(),
            lead.public().seal_recipient().unwrap().to_string()
        );
    }
}
