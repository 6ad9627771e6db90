//! Confidential amounts and documents: sealed on the writer's PC to the hub's current
//! leads and admins and the partnership's owner, opened only by them; sealed again by a
//! lead's PC when that set has changed.

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use sprout_core::{IdeaField as F, PartnerRecord, Role, SEALED, field, sealed_body, sealed_to};
use sprout_store::Store;
use sprout_sync::{ActorKey, PublicKey, Roster};
use uuid::Uuid;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

/// Where a lead's PC notes what it last sealed confidential records again for: the
/// roster's hash and how many partnership field versions it held. A sync that changed
/// neither has nothing to seal again, and skips reading the roster.
const SEALED_FOR: &str = "confidential_sealed_for";

/// The fingerprints of `keys`, as a sealed value names them.
fn fingerprints(keys: &[PublicKey]) -> BTreeSet<String> {
    keys.iter().map(PublicKey::fingerprint).collect()
}

fn joined(fingerprints: &BTreeSet<String>) -> String {
    fingerprints.iter().map(String::as_str).collect::<Vec<_>>().join(",")
}

impl Sprout {
    /// The owner (an actor id) of the partnership `entity`, or empty.
    pub(super) fn owner_of(&self, store: &Store, entity: Uuid) -> Result<String, AppError> {
        Ok(store
            .partner_records(PartnerRecord::Partnership, Some(entity))?
            .first()
            .map(|p| field(&p.fields, F::Owner))
            .unwrap_or_default())
    }

    /// Whom a confidential value of a partnership owned by `owner` is sealed to: the
    /// roster's current leads and admins, the owner, and the writer. Refused when that is
    /// nobody (a locked key and no hub).
    fn readers(
        &self,
        store: &Store,
        roster: Option<&Roster>,
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
        if keys.is_empty() {
            return Err(AppError::new(
                ErrorCode::PassphraseNeeded,
                "unlock with your passphrase to seal a confidential value",
            ));
        }
        Ok(keys)
    }

    /// `pence` sealed for the partnership `entity`, as the Amount field holds it.
    pub(super) fn seal_amount(
        &self,
        store: &Store,
        entity: Uuid,
        pence: &str,
    ) -> Result<String, AppError> {
        let roster = sprout_sync::followed_roster(store)?;
        let keys = self.readers(store, roster.as_ref(), &self.owner_of(store, entity)?)?;
        sealed_amount(&keys, pence)
    }

    /// `bytes` sealed for the partnership `entity` (a confidential document), and the
    /// fingerprints of the keys it is sealed to.
    pub(super) fn seal_bytes(
        &self,
        store: &Store,
        entity: Uuid,
        bytes: &[u8],
    ) -> Result<(Vec<u8>, String), AppError> {
        let roster = sprout_sync::followed_roster(store)?;
        let keys = self.readers(store, roster.as_ref(), &self.owner_of(store, entity)?)?;
        Ok((sprout_sync::seal(bytes, &keys)?, joined(&fingerprints(&keys))))
    }

    /// Sealed bytes opened with this PC's person's key, if they are among its readers.
    pub(super) fn open_bytes(&self, store: &Store, sealed: &[u8]) -> Option<Vec<u8>> {
        let key: std::sync::Arc<ActorKey> = self.key_of(store, store.actor()).ok()??;
        sprout_sync::open_sealed(sealed, &key)
    }

    /// Whether this PC's person, unlocked, is among the readers a confidential document's
    /// `SealedTo` names.
    pub(super) fn may_open(&self, store: &Store, sealed_to: &str) -> bool {
        let Ok(Some(key)) = self.key_of(store, store.actor()) else { return false };
        let mine = key.public().fingerprint();
        sealed_to.split(',').any(|f| f == mine)
    }

    /// The amount in pence, if it is plain or this PC's person can open it.
    pub(super) fn amount_pence(&self, store: &Store, value: &str) -> Option<i64> {
        let Some(body) = sealed_body(value) else { return value.parse().ok() };
        let bytes = BASE64.decode(body).ok()?;
        String::from_utf8(self.open_bytes(store, &bytes)?).ok()?.parse().ok()
    }

    /// Seals again every confidential amount and document this PC's person can open
    /// whose readers are no longer the current leads, admins and owner: a lead who
    /// joined since can then read them, and a lead revoked since is left out of the new
    /// seal (what they read before cannot be unread). Returns how many were sealed again
    /// (leads and admins).
    pub fn reseal_confidential(&self) -> Result<usize, AppError> {
        let mut store = self.store()?;
        sprout_core::may_run_partnerships(&self.roles(&store)?, store.actor())?;
        let roster = sprout_sync::followed_roster(&store)?;
        let mut readers: BTreeMap<Uuid, Vec<PublicKey>> = BTreeMap::new();
        let mut resealed = 0;
        let records = [PartnerRecord::Term, PartnerRecord::Obligation, PartnerRecord::Document];
        for record in records {
            for row in store.partner_records(record, None)? {
                let amount = field(&row.fields, F::Amount);
                let was: BTreeSet<String> = match record {
                    PartnerRecord::Document if field(&row.fields, F::Confidential) == "yes" => {
                        field(&row.fields, F::SealedTo)
                            .split(',')
                            .filter(|f| !f.is_empty())
                            .map(str::to_owned)
                            .collect()
                    }
                    PartnerRecord::Document => continue,
                    _ => match sealed_to(&amount) {
                        Some(to) => to.into_iter().map(str::to_owned).collect(),
                        None => continue,
                    },
                };
                let keys = match readers.get(&row.entity) {
                    Some(keys) => keys.clone(),
                    None => {
                        let owner = self.owner_of(&store, row.entity)?;
                        let keys = self.readers(&store, roster.as_ref(), &owner)?;
                        readers.insert(row.entity, keys.clone());
                        keys
                    }
                };
                let now = fingerprints(&keys);
                if now == was {
                    continue;
                }
                let set = if record == PartnerRecord::Document {
                    // Sealed again as a new file under its own hash, which the record then
                    // names (the old file stays on the hub, sealed to the old set). Only
                    // this PC's copy is used: a lead's PC without one leaves it to another.
                    let Some(sealed) = store.blob(&field(&row.fields, F::FileHash))? else {
                        continue;
                    };
                    let Some(opened) = self.open_bytes(&store, &sealed) else { continue };
                    let again = sprout_sync::seal(&opened, &keys)?;
                    let sha = sprout_sync::sha256_hex(&again);
                    store.put_blob(&sha, &again, false)?;
                    BTreeMap::from([
                        (F::FileHash, sha),
                        (F::FileSize, again.len().to_string()),
                        (F::SealedTo, joined(&now)),
                        (F::Confidential, "yes".to_owned()),
                    ])
                } else {
                    let Some(pence) = self.amount_pence(&store, &amount) else { continue };
                    BTreeMap::from([
                        (F::Amount, sealed_amount(&keys, &pence.to_string())?),
                        (F::Confidential, "yes".to_owned()),
                    ])
                };
                self.set_record(&mut store, row.entity, record, row.id, set)?;
                resealed += 1;
            }
        }
        drop(store);
        if resealed > 0 {
            self.changed();
        }
        Ok(resealed)
    }

    /// [`Sprout::reseal_confidential`] after a sync, on a PC whose person leads and has
    /// their key at hand, and only when the roster or the partnerships changed since it
    /// last looked: nothing to do (or not theirs to do) is no error.
    pub(crate) fn reseal_after_sync(&self) -> usize {
        let marker = self.store().ok().and_then(|store| {
            let roles = self.roles(&store).ok()?;
            sprout_core::may_run_partnerships(&roles, store.actor()).ok()?;
            self.key_of(&store, store.actor()).ok().flatten()?;
            let roster = store.hub_value("roster_hash").ok().flatten().unwrap_or_default();
            let versions = store.partner_field_version_count().ok()?;
            let marker = format!("{}:{roster}:{versions}", store.actor());
            (store.setting(SEALED_FOR).ok().flatten().as_deref() != Some(marker.as_str()))
                .then_some(marker)
        });
        let Some(marker) = marker else { return 0 };
        let resealed = self.reseal_confidential().unwrap_or_else(|e| {
            tracing::warn!(error = %e.message, "could not seal confidential values again");
            0
        });
        // What it wrote changes the count: the next sync looks once more and finds
        // nothing to do, then rests.
        if let Ok(store) = self.store() {
            let _ = store.set_setting(SEALED_FOR, Some(&marker));
        }
        resealed
    }
}

/// `pence` sealed to `keys`, as the Amount field holds it.
fn sealed_amount(keys: &[PublicKey], pence: &str) -> Result<String, AppError> {
    let sealed = sprout_sync::seal(pence.as_bytes(), keys)?;
    Ok(format!("{SEALED}{}:{}", joined(&fingerprints(keys)), BASE64.encode(sealed)))
}
