//! An agreement's documents, kept in the hub as POC evidence files are (`blobs/<sha256>`,
//! checked against the hash wherever read). A confidential document is sealed on the
//! writer's PC to the same people as a confidential amount, so the hub and every other PC
//! hold only its sealed bytes. The patient-data guard reads a document Sprout can read
//! (txt, csv, docx, xlsx) on the writer's PC before it is sealed, and again on any PC that
//! opens it.

use std::collections::BTreeMap;
use std::path::Path;

use sprout_core::{
    IdeaField as F, MAX_ATTACHMENT_BYTES, PartnerRecord, describe_pid, field, scan_for_pid,
};
use uuid::Uuid;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::poc::files::{decode_attachment, readable_text, save_numbered, unconfirmed};

impl Sprout {
    /// Attaches `file` to an agreement (leads and admins), once the person confirms it
    /// holds no patient-identifiable data; `confidential` seals it to the hub's leads,
    /// admins and the partnership's owner. Returns the document's id.
    pub fn attach_to_agreement(
        &self,
        agreement: &str,
        file: &Path,
        confidential: bool,
        no_patient_data: bool,
    ) -> Result<String, AppError> {
        if !no_patient_data {
            return Err(unconfirmed());
        }
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(file).map_err(|e| {
            AppError::new(ErrorCode::NotFound, format!("cannot read {}: {e}", file.display()))
                .on(F::FileName)
        })?;
        self.attach_agreement_bytes(agreement, &name, &bytes, confidential)
    }

    /// Attaches a file as the window sends it (base64) under `name`; as
    /// [`Sprout::attach_to_agreement`].
    pub fn attach_to_agreement_base64(
        &self,
        agreement: &str,
        name: &str,
        base64: &str,
        confidential: bool,
        no_patient_data: bool,
    ) -> Result<String, AppError> {
        if !no_patient_data {
            return Err(unconfirmed());
        }
        let bytes = decode_attachment(name, base64)?;
        self.attach_agreement_bytes(agreement, name, &bytes, confidential)
    }

    fn attach_agreement_bytes(
        &self,
        agreement: &str,
        name: &str,
        bytes: &[u8],
        confidential: bool,
    ) -> Result<String, AppError> {
        let mut store = self.store()?;
        self.may_run_partnerships(&store)?;
        let found = self.find_agreement(&store, agreement)?;
        guard(name, bytes, &self.pid_rules_in(&store)?, "nothing was attached")?;
        let (kept, sealed_to) = if confidential {
            let (sealed, to) = self.seal_bytes(&store, found.entity, bytes)?;
            (sealed, Some(to))
        } else {
            (bytes.to_vec(), None)
        };
        let size = u64::try_from(kept.len()).unwrap_or(u64::MAX);
        if size > MAX_ATTACHMENT_BYTES {
            return Err(AppError::new(
                ErrorCode::TooLong,
                format!(
                    "{name} is over the {} MB a document may be: nothing was attached",
                    MAX_ATTACHMENT_BYTES / (1024 * 1024)
                ),
            )
            .on(F::FileName));
        }
        let sha = sprout_sync::sha256_hex(&kept);
        let mut set = BTreeMap::from([
            (F::Agreement, found.id.to_string()),
            (F::FileName, name.to_owned()),
            (F::FileHash, sha.clone()),
            (F::FileSize, kept.len().to_string()),
        ]);
        if let Some(to) = sealed_to {
            set.insert(F::Confidential, "yes".to_owned());
            set.insert(F::SealedTo, to);
        }
        // The file is kept before the op that names it, in case anything after fails.
        store.put_blob(&sha, &kept, false)?;
        let id = Uuid::now_v7();
        self.set_record(&mut store, found.entity, PartnerRecord::Document, id, set)?;
        drop(store);
        self.changed();
        Ok(id.to_string())
    }

    /// Saves an agreement's document into `folder` (Downloads by default) under its own
    /// name, numbered rather than over a file already there: this PC's copy or
    /// the hub's, checked against its hash, opened if it is confidential and this PC's
    /// person may, and read by the patient-data guard again. The path written.
    pub fn save_agreement_document(
        &self,
        document: &str,
        folder: Option<&Path>,
    ) -> Result<String, AppError> {
        let wanted = super::view::parse_id(document, "document")?;
        let row = self
            .store()?
            .partner_records(PartnerRecord::Document, None)?
            .into_iter()
            .find(|d| d.id == wanted)
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("no document has the id {}", document.trim()),
                )
            })?;
        let name = field(&row.fields, F::FileName);
        let sha = field(&row.fields, F::FileHash);
        let local = self.store()?.blob(&sha)?;
        let bytes = match local {
            Some(bytes) => bytes,
            None => {
                let hub = self.hub()?;
                sprout_sync::fetch_blob(&*hub, &*self.store()?, &sha)?
            }
        };
        let bytes = if field(&row.fields, F::Confidential) == "yes" {
            let store = self.store()?;
            self.open_bytes(&store, &bytes).ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotAllowed,
                    format!("{name} is confidential: only the hub's leads, admins and the partnership's owner can open it"),
                )
            })?
        } else {
            bytes
        };
        guard(&name, &bytes, &self.pid_rules_in(&*self.store()?)?, "it was not saved")?;
        save_numbered(folder, &name, &bytes)
    }
}

/// The patient-data guard over a document Sprout can read.
fn guard(
    name: &str,
    bytes: &[u8],
    rules: &sprout_core::PidRules,
    outcome: &str,
) -> Result<(), AppError> {
    if let Some(text) = readable_text(name, bytes)? {
        let hits = scan_for_pid(&text, rules);
        if !hits.is_empty() {
            return Err(AppError {
                code: ErrorCode::PatientData,
                message: format!("{}; {outcome}", describe_pid(&format!("the file {name}"), &hits)),
                field: Some(F::FileName),
                patient_data: hits,
            });
        }
    }
    Ok(())
}
