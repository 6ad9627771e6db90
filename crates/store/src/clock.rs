//! Where the store gets wall-clock time; injectable so tests can control it.

use std::fmt::Debug;
use std::time::{SystemTime, UNIX_EPOCH};

pub trait Clock: Send + Debug {
    /// Milliseconds since the Unix epoch.
    fn now_millis(&self) -> u64;
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_millis(&self) -> u64 {
        // A clock before 1970 is a broken clock; the HLC then simply counts on from its last value.
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
            .unwrap_or(0)
    }
}
