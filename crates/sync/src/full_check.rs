//! When a device runs the full check: reading every log, roster file and proof on the hub
//! again, rather than only what the hub's news names. At least once a day, at a time of
//! its own; on a device's first sync; and whenever someone asks (`sprout sync --full`).

use sprout_store::Store;

use crate::error::{Error, Result};

/// Where a device keeps when its next full check is due (RFC 3339).
const FULL_CHECK_AFTER: &str = "full_check_after";

/// Whether this sync must read every log and file (at least once a day, and whenever
/// asked), rather than only the news.
pub(crate) fn full_check_due(store: &Store) -> Result<bool> {
    let after = store.hub_value(FULL_CHECK_AFTER)?;
    let after = after.and_then(|a| chrono::DateTime::parse_from_rfc3339(&a).ok());
    Ok(after.is_none_or(|a| now(store) >= a))
}

fn now(store: &Store) -> chrono::DateTime<chrono::Utc> {
    let millis = i64::try_from(store.now_millis()).unwrap_or(i64::MAX);
    chrono::DateTime::from_timestamp_millis(millis).unwrap_or_default()
}

/// The next full check: a day on, less up to four hours, so the PCs of a trust that all
/// started one morning spread their full checks over the day.
pub(crate) fn schedule_full_check(store: &Store) -> Result<()> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| Error::Random(e.to_string()))?;
    let jitter_secs = i64::try_from(u64::from_le_bytes(random) % (4 * 3600)).unwrap_or(0);
    let next = now(store) + chrono::Duration::hours(24) - chrono::Duration::seconds(jitter_secs);
    store.set_hub_value(FULL_CHECK_AFTER, &next.to_rfc3339())?;
    Ok(())
}

/// Whether someone asked for the full check (rather than its being due, or never run).
pub(crate) fn full_check_asked(store: &Store) -> Result<bool> {
    Ok(store.hub_value(FULL_CHECK_AFTER)?.is_some_and(|v| v.is_empty()))
}

/// Makes this device's next sync the full check: every log, roster file and proof on the
/// hub read again (`sprout sync --full`).
pub fn request_full_check(store: &Store) -> Result<()> {
    store.set_hub_value(FULL_CHECK_AFTER, "")?;
    Ok(())
}

/// A new PC that started from a snapshot runs its full check within the hour.
pub(crate) fn full_check_within_the_hour(store: &Store) -> Result<()> {
    let soon = now(store) + chrono::Duration::minutes(60);
    store.set_hub_value(FULL_CHECK_AFTER, &soon.to_rfc3339())?;
    Ok(())
}
