//! A hub that counts what a device asks of it, and can make each request wait as a real
//! share or bucket would: for tests that hold sync's cost to a bound, and for the
//! benchmark that simulates a region. Every call is one request: a listing, a read or a
//! create, as a network share or an object store would see it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::error::Result;
use crate::hub::{Created, Hub};

#[derive(Debug)]
pub struct CountingHub<H> {
    inner: H,
    latency: Duration,
    requests: AtomicU64,
    bytes_read: AtomicU64,
}

impl<H: Hub> CountingHub<H> {
    /// `inner`, each request made to wait `latency` first.
    pub fn new(inner: H, latency: Duration) -> Self {
        CountingHub { inner, latency, requests: AtomicU64::new(0), bytes_read: AtomicU64::new(0) }
    }

    /// Requests made, and bytes read, since the last reset.
    pub fn counts(&self) -> (u64, u64) {
        (self.requests.load(Ordering::Relaxed), self.bytes_read.load(Ordering::Relaxed))
    }

    pub fn reset(&self) {
        self.requests.store(0, Ordering::Relaxed);
        self.bytes_read.store(0, Ordering::Relaxed);
    }

    pub fn set_latency(&mut self, latency: Duration) {
        self.latency = latency;
    }

    fn ask(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if !self.latency.is_zero() {
            std::thread::sleep(self.latency);
        }
    }

    fn read_bytes(&self, n: usize) {
        self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
    }
}

impl<H: Hub> Hub for CountingHub<H> {
    fn location(&self) -> String {
        self.inner.location()
    }

    fn list(&self, prefix: &str) -> Result<Vec<String>> {
        self.ask();
        let listed = self.inner.list(prefix)?;
        self.read_bytes(listed.iter().map(String::len).sum());
        Ok(listed)
    }

    fn folders(&self, prefix: &str) -> Result<Vec<String>> {
        self.ask();
        let listed = self.inner.folders(prefix)?;
        self.read_bytes(listed.iter().map(String::len).sum());
        Ok(listed)
    }

    fn read(&self, path: &str, max_bytes: u64) -> Result<Vec<u8>> {
        self.ask();
        let bytes = self.inner.read(path, max_bytes)?;
        self.read_bytes(bytes.len());
        Ok(bytes)
    }

    fn check_reachable(&self) -> Result<()> {
        self.ask();
        self.inner.check_reachable()
    }

    fn create(&self, path: &str, bytes: &[u8]) -> Result<Created> {
        self.ask();
        self.inner.create(path, bytes)
    }
}
