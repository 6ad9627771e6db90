//! A person's write goes before the sync's next changeset. SQLite hands its write lock to
//! whoever asks first after a commit, with no queue, and a busy connection retries on a
//! back-off of up to 100 ms: a first sync applying a region's million ops one changeset
//! after another took the lock back every time, and "Share an idea" waited two seconds.
//! Every connection to one database file in this process shares a count of people
//! waiting to write; a bulk apply lets it drain before its next transaction.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// Longer than this, and the person is writing something large: the sync goes on.
const MOST_A_SYNC_WAITS: Duration = Duration::from_secs(2);

static WAITING: LazyLock<Mutex<HashMap<PathBuf, Arc<AtomicUsize>>>> =
    LazyLock::new(Default::default);

/// The count shared by every connection to the database at `path`.
pub(crate) fn people_waiting(path: &Path) -> Arc<AtomicUsize> {
    let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let mut all = WAITING.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    all.entry(key).or_default().clone()
}

/// Counts a person's write as waiting while it lives.
pub(crate) struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    pub(crate) fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Waits (briefly) until no person's write is waiting.
pub(crate) fn let_people_first(count: &AtomicUsize) {
    let started = Instant::now();
    while count.load(Ordering::SeqCst) > 0 && started.elapsed() < MOST_A_SYNC_WAITS {
        std::thread::sleep(Duration::from_millis(1));
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a failing test should panic")]

    use std::sync::atomic::AtomicBool;

    use super::*;

    #[test]
    fn connections_to_one_file_share_the_count_and_a_bulk_apply_waits_for_a_person() {
        let dir = tempfile::tempdir().unwrap();
        let window = crate::Store::open(&dir.path().join("sprout.db")).unwrap();
        // The sync opens its own connection, by another spelling of the same path.
        let sync = crate::Store::open(&dir.path().join(".").join("sprout.db")).unwrap();
        assert!(Arc::ptr_eq(&window.people, &sync.people));
        let elsewhere = crate::Store::open(&dir.path().join("other.db")).unwrap();
        assert!(!Arc::ptr_eq(&window.people, &elsewhere.people));

        let went = AtomicBool::new(false);
        let person = Waiting::new(&window.people);
        let count = sync.people.clone();
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let_people_first(&count);
                went.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(Duration::from_millis(100));
            assert!(!went.load(Ordering::SeqCst), "the sync waits while the person does");
            drop(person);
        });
        assert!(went.load(Ordering::SeqCst));
    }
}
