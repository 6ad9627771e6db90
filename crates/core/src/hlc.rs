//! Hybrid logical clock: wall-clock milliseconds in the high 48 bits, a counter in the
//! low 16. It never goes backwards, even when the wall clock does, and it stays close to
//! real time so that timestamps remain meaningful to people reading an audit trail.

use std::fmt;

use serde::{Deserialize, Serialize};

const COUNTER_BITS: u32 = 16;
const MAX_MILLIS: u64 = (1 << 48) - 1;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Hlc(u64);

impl Hlc {
    pub const ZERO: Hlc = Hlc(0);

    pub fn new(millis: u64, counter: u16) -> Self {
        Hlc((millis.min(MAX_MILLIS) << COUNTER_BITS) | u64::from(counter))
    }

    pub fn from_u64(raw: u64) -> Self {
        Hlc(raw)
    }

    pub fn as_u64(self) -> u64 {
        self.0
    }

    pub fn millis(self) -> u64 {
        self.0 >> COUNTER_BITS
    }

    pub fn counter(self) -> u16 {
        // Truncation is the point: the counter is the low 16 bits.
        (self.0 & 0xFFFF) as u16
    }

    /// The timestamp for a new local event, given the last one issued and the wall clock.
    pub fn tick(self, now_millis: u64) -> Hlc {
        let now = now_millis.min(MAX_MILLIS);
        if now > self.millis() { Hlc::new(now, 0) } else { self.successor() }
    }

    /// The local clock after seeing `remote`, so that later local events sort after it.
    pub fn observe(self, remote: Hlc, now_millis: u64) -> Hlc {
        self.max(remote).tick(now_millis)
    }

    fn successor(self) -> Hlc {
        match self.counter().checked_add(1) {
            Some(counter) => Hlc::new(self.millis(), counter),
            // 65 536 events in one millisecond: borrow the next millisecond rather than wrap.
            None => Hlc::new(self.millis() + 1, 0),
        }
    }
}

impl fmt::Debug for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hlc({}.{})", self.millis(), self.counter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn packs_millis_and_counter() {
        let h = Hlc::new(1_700_000_000_123, 7);
        assert_eq!(h.millis(), 1_700_000_000_123);
        assert_eq!(h.counter(), 7);
        assert_eq!(Hlc::from_u64(h.as_u64()), h);
    }

    #[test]
    fn tick_follows_wall_clock_forward() {
        let h = Hlc::new(1000, 5).tick(2000);
        assert_eq!(h, Hlc::new(2000, 0));
    }

    #[test]
    fn tick_counts_when_wall_clock_stalls_or_goes_back() {
        let h = Hlc::new(1000, 5);
        assert_eq!(h.tick(1000), Hlc::new(1000, 6));
        assert_eq!(h.tick(10), Hlc::new(1000, 6));
    }

    #[test]
    fn counter_overflow_borrows_a_millisecond() {
        assert_eq!(Hlc::new(1000, u16::MAX).tick(1000), Hlc::new(1001, 0));
    }

    #[test]
    fn observe_moves_past_remote() {
        let local = Hlc::new(1000, 0);
        let remote = Hlc::new(5000, 3);
        assert_eq!(local.observe(remote, 2000), Hlc::new(5000, 4));
    }

    proptest! {
        #[test]
        fn ticks_are_strictly_increasing(start in 0u64..1u64 << 47, steps in proptest::collection::vec(0u64..1u64 << 47, 1..200)) {
            let mut h = Hlc::new(start, 0);
            for now in steps {
                let next = h.tick(now);
                prop_assert!(next > h);
                h = next;
            }
        }
    }
}
