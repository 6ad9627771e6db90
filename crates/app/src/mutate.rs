//! Every local write goes through [`Sprout::write`]: the person's roles and the hub's
//! patient-data rules are handed to the store, whose commit passes the op through the
//! admission gate in `sprout-core`, the same gate every other device applies when the op
//! reaches it. Feature code builds payloads; it does not check them itself.

use sprout_core::{Op, OpPayload, Refusal};
use sprout_store::{Admission, Error as StoreError, Store};
use uuid::Uuid;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

impl Sprout {
    /// Commits one op as the acting person, through the admission gate.
    pub(crate) fn write(
        &self,
        store: &mut Store,
        entity: Uuid,
        payload: OpPayload,
    ) -> Result<Op, AppError> {
        self.require_named(store)?;
        let roles = self.roles(store)?;
        let rules = self.pid_rules_in(store)?;
        store.commit(entity, payload, Admission { roles: &roles, rules: &rules }).map_err(|e| {
            match e {
                StoreError::Refused(refusal) => AppError::from(refusal),
                other => AppError::from(other),
            }
        })
    }
}

impl From<Refusal> for AppError {
    fn from(refusal: Refusal) -> Self {
        match refusal {
            Refusal::Invalid(invalid) => AppError::from(invalid),
            Refusal::PatientData { field, hits, message } => AppError {
                code: ErrorCode::PatientData,
                message,
                field: Some(field),
                patient_data: hits,
            },
            Refusal::Denied(denied) => AppError::from(denied),
            Refusal::Malformed(reason) => AppError::new(ErrorCode::NotAllowed, reason),
        }
    }
}
