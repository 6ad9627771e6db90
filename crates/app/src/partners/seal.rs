//! Confidential amounts: sealed on the writer's PC to the hub's current leads and admins
//! and the partnership's owner, opened only by them; re-sealed by a lead's PC when the
//! set of leads has grown.

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sprout_core::{IdeaField as F, PartnerRecord, Role, SEALED, field, sealed_body, sealed_to};
use sprout_store::Store;
use sprout_sync::{ActorKey, PublicKey};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

impl Sprout {
    /// Whom a confidential amount of a partnership owned by `owner` is sealed to: the
    /// roster's current leads and admins, the owner, and the writer.
    fn seal_keys(&self, store: &Store, owner: &str) -> Result<Vec<PublicKey>, AppError> {
        let roster = sprout_sync::followed_roster(store)?;
        self.seal_keys_in(store, roster.as_ref(), owner)
    }

    fn seal_keys_in(
        &self,
        store: &Store,
        roster: Option<&sprout_sync::Roster>,
        owner: &str,
    ) -> Result<Vec<PublicKey>, AppError> {
        let mut keys: Vec<PublicKey> = Vec::new();
        for m in roster.iter().flat_map(|r| r.members.values()) {
            let leads = m.roles.iter().any(|r| matches!(r, Role::Lead | Role::Admin));
            if m.revoked_after.is_none() && (leads || m.actor.to_string() == owner) {
                keys.push(m.key);
            }
        }
        if let Some(me) = self.key_of(store, store.actor())? {
            keys.push(me.public());
        }
        let mut seen = BTreeSet::new();
        keys.retain(|k| seen.insert(k.fingerprint()));
        Ok(keys)
    }

    /// `pence` sealed for a partnership owned by `owner`, as the Amount field holds it.
    pub(super) fn seal_amount(
        &self,
        store: &Store,
        owner: &str,
        pence: &str,
    ) -> Result<String, AppError> {
        let keys = self.seal_keys(store, owner)?;
        if keys.is_empty() {
            return Err(AppError::new(
                ErrorCode::PassphraseNeeded,
                "unlock with your passphrase to seal a confidential amount",
            ));
        }
        let sealed = sprout_sync::seal(pence.as_bytes(), &keys)?;
        let to: Vec<String> = keys.iter().map(PublicKey::fingerprint).collect();
        Ok(format!("{SEALED}{}:{}", to.join(","), BASE64.encode(sealed)))
    }

    /// `bytes` sealed for a partnership owned by `owner` (a confidential document), and
    /// the fingerprints of the keys it is sealed to.
    pub(super) fn seal_bytes(
        &self,
        store: &Store,
        owner: &str,
        bytes: &[u8],
    ) -> Result<(Vec<u8>, String), AppError> {
        let keys = self.seal_keys(store, owner)?;
        if keys.is_empty() {
            return Err(AppError::new(
                ErrorCode::PassphraseNeeded,
                "unlock with your passphrase to seal a confidential document",
            ));
        }
        let to: Vec<String> = keys.iter().map(PublicKey::fingerprint).collect();
        Ok((sprout_sync::seal(bytes, &keys)?, to.join(",")))
    }

    /// Sealed bytes opened with this PC's person's key, if they are among its readers.
    pub(super) fn open_bytes(&self, store: &Store, sealed: &[u8]) -> Option<Vec<u8>> {
        let key: std::sync::Arc<ActorKey> = self.key_of(store, store.actor()).ok()??;
        sprout_sync::open_sealed(sealed, &key)
    }

    /// The amount in pence, if it is plain or this PC's person can open it.
    pub(super) fn amount_pence(&self, store: &Store, value: &str) -> Option<i64> {
        let Some(body) = sealed_body(value) else { return value.parse().ok() };
        let key: std::sync::Arc<ActorKey> = self.key_of(store, store.actor()).ok()??;
        let bytes = BASE64.decode(body).ok()?;
        let opened = sprout_sync::open_sealed(&bytes, &key)?;
        String::from_utf8(opened).ok()?.parse().ok()
    }

    /// Seals again every confidential amount and document this PC's person can open whose keys are not
    /// the current leads', admins' and owner's: a lead who joined since can then read
    /// them, and a lead revoked since is left out of the new seal (what they read before
    /// cannot be unread). Returns how many were sealed again (leads and admins).
    pub fn reseal_confidential(&self) -> Result<usize, AppError> {
        let mut store = self.store()?;
        sprout_core::may_run_partnerships(&self.roles(&store)?, store.actor())?;
        let roster = sprout_sync::followed_roster(&store)?;
        let mut resealed = 0;
        for record in [PartnerRecord::Term, PartnerRecord::Obligation] {
            for row in store.partner_records(record, None)? {
                let value = field(&row.fields, F::Amount);
                let Some(was) = sealed_to(&value) else { continue };
                let owner = store
                    .partner_records(PartnerRecord::Partnership, Some(row.entity))?
                    .first()
                    .map(|p| field(&p.fields, F::Owner))
                    .unwrap_or_default();
                let now: BTreeSet<String> = self
                    .seal_keys_in(&store, roster.as_ref(), &owner)?
                    .iter()
                    .map(PublicKey::fingerprint)
                    .collect();
                let was: BTreeSet<String> = was.into_iter().map(str::to_owned).collect();
                if now == was {
                    continue;
                }
                let Some(pence) = self.amount_pence(&store, &value) else { continue };
                let sealed = self.seal_amount(&store, &owner, &pence.to_string())?;
                let set = std::collections::BTreeMap::from([
                    (F::Amount, sealed),
                    (F::Confidential, "yes".to_owned()),
                ]);
                self.set_record(&mut store, row.entity, record, row.id, set)?;
                resealed += 1;
            }
        }
        // Confidential documents: sealed again as a new file under its own hash, which
        // the record then names (the old file stays on the hub, sealed to the old set).
        for row in store.partner_records(PartnerRecord::Document, None)? {
            if field(&row.fields, F::Confidential) != "yes" {
                continue;
            }
            let owner = store
                .partner_records(PartnerRecord::Partnership, Some(row.entity))?
                .first()
                .map(|p| field(&p.fields, F::Owner))
                .unwrap_or_default();
            let now: BTreeSet<String> = self
                .seal_keys_in(&store, roster.as_ref(), &owner)?
                .iter()
                .map(PublicKey::fingerprint)
                .collect();
            let was: BTreeSet<String> = field(&row.fields, F::SealedTo)
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_owned)
                .collect();
            if now == was {
                continue;
            }
            // Only this PC's copy: a sync fetches what a lead's PC is missing next time.
            let Some(sealed) = store.blob(&field(&row.fields, F::FileHash))? else { continue };
            let Some(opened) = self.open_bytes(&store, &sealed) else { continue };
            let (again, to) = self.seal_bytes(&store, &owner, &opened)?;
            let sha = sprout_sync::sha256_hex(&again);
            store.put_blob(&sha, &again, false)?;
            let set = std::collections::BTreeMap::from([
                (F::FileHash, sha),
                (F::FileSize, again.len().to_string()),
                (F::SealedTo, to),
                (F::Confidential, "yes".to_owned()),
            ]);
            self.set_record(&mut store, row.entity, PartnerRecord::Document, row.id, set)?;
            resealed += 1;
        }
        drop(store);
        if resealed > 0 {
            self.changed();
        }
        Ok(resealed)
    }

    /// [`Sprout::reseal_confidential`] after a sync, on a PC whose person leads and has
    /// their key at hand: nothing to do (or not theirs to do) is no error.
    pub(crate) fn reseal_after_sync(&self) -> usize {
        let allowed = self.store().ok().is_some_and(|store| {
            self.roles(&store)
                .is_ok_and(|roles| sprout_core::may_run_partnerships(&roles, store.actor()).is_ok())
                && self.key_of(&store, store.actor()).ok().flatten().is_some()
        });
        if !allowed {
            return 0;
        }
        self.reseal_confidential().unwrap_or_else(|e| {
            tracing::warn!(error = %e.message, "could not seal confidential amounts again");
            0
        })
    }
}
