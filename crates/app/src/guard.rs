//! The patient-data guard at the app's edge: every free-text field of every entity is
//! scanned before anything is written, so text holding patient details never reaches the
//! op log, a draft or the hub.

use chrono::Datelike;
use sprout_core::{IdeaField, PidRules, describe_pid, scan_for_pid};

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

/// The device setting holding the hub's hospital-number formats, one regular expression
/// a line (for example `\bRXH\d{7}\b`).
pub const HOSPITAL_PATTERNS: &str = "pid.hospital_patterns";

impl Sprout {
    /// The rules in force: this year, and the hospital-number formats the hub's admins
    /// set (shared with every device), or this device's own where the hub has none.
    pub fn pid_rules(&self) -> Result<PidRules, AppError> {
        self.pid_rules_in(&*self.store()?)
    }

    pub(crate) fn pid_rules_in(&self, store: &sprout_store::Store) -> Result<PidRules, AppError> {
        let mut patterns = store.hospital_number_patterns()?;
        if patterns.is_empty() {
            patterns = store
                .setting(HOSPITAL_PATTERNS)?
                .unwrap_or_default()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
        }
        PidRules::new(chrono::Utc::now().year(), &patterns)
            .map_err(|e| AppError::new(ErrorCode::InvalidSetting, e))
    }

    /// Refuses `text` for `field` if it holds anything that looks like patient details.
    pub(crate) fn guard(
        &self,
        rules: &PidRules,
        field: IdeaField,
        text: &str,
    ) -> Result<(), AppError> {
        let hits = scan_for_pid(text, rules);
        if hits.is_empty() {
            return Ok(());
        }
        Err(AppError {
            code: ErrorCode::PatientData,
            message: describe_pid(field.name(), &hits),
            field: Some(field),
            patient_data: hits,
        })
    }

    /// How many days an idea may wait in Submitted or Triage: the hub's target, or 14.
    pub fn waiting_target(&self) -> Result<u32, AppError> {
        Ok(self.store()?.waiting_target()?.unwrap_or(crate::WAITING_TARGET_DAYS))
    }

    /// Sets how many days an idea may wait in Submitted or Triage before the dashboard
    /// counts it as waiting too long, for every device on the hub. Admins only.
    pub fn set_waiting_target(&self, days: u32) -> Result<(), AppError> {
        if !(1..=sprout_core::MAX_WAITING_DAYS).contains(&days) {
            return Err(AppError::new(
                ErrorCode::InvalidSetting,
                "the waiting target must be a whole number of days from 1 to 365",
            ));
        }
        let mut store = self.store()?;
        let set = sprout_core::HubTargetsSet { waiting_days: days };
        self.write(&mut store, uuid::Uuid::nil(), sprout_core::OpPayload::HubTargetsSet(set))?;
        drop(store);
        self.changed();
        Ok(())
    }

    /// Sets the hub's hospital-number formats (one regular expression each) for every
    /// device on the hub. Admins only; each is checked first, so a typo never switches the
    /// guard off silently.
    pub fn set_hospital_number_patterns(&self, patterns: &[String]) -> Result<(), AppError> {
        PidRules::new(2000, patterns).map_err(|e| AppError::new(ErrorCode::InvalidSetting, e))?;
        let mut store = self.store()?;
        let set = sprout_core::HospitalNumbersSet { patterns: patterns.to_vec() };
        self.write(&mut store, uuid::Uuid::nil(), sprout_core::OpPayload::HospitalNumbersSet(set))?;
        drop(store);
        self.changed();
        Ok(())
    }
}
