//! The hub's news: one small numbered file per change anyone makes to the hub, so a device
//! learns what changed since it last looked by asking for the next number, whatever the
//! number of members. `news/<n / 10 000>/<n>.json`, created only, never listed.
//!
//! A news file is only a hint: it names whose log moved (and to which changeset), or that
//! the roster or the evidence changed. Everything it points at is verified as before, so a
//! forged or junk news file costs a reader one read, never trust. A deleted one hides
//! nothing for long: the reader steps over a one-file gap, the member's next news covers
//! all of their log since, and the full check (at least daily) reads every log.

use serde::{Deserialize, Serialize};
use sprout_core::ActorId;
use sprout_store::Store;

use crate::error::{Error, Result};
use crate::hub::Hub;

/// News files are a line of JSON; anything larger is junk.
const MAX_NEWS_BYTES: u64 = 4 * 1024;

/// Where a device keeps the number of the last news file it read.
const READ_THROUGH: &str = "news_read";

pub fn news_path(n: u64) -> String {
    format!("news/{:06}/{n:012}.json", n / 10_000)
}

/// What changed on the hub.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum News {
    /// `actor`'s log now runs to changeset `seq`.
    Log { actor: ActorId, seq: u64 },
    /// A roster epoch was written.
    Roster,
    /// Proof that a member equivocated was written.
    Evidence,
}

/// A news file as written: the news, and an id of its own, so two of the same news never
/// read as one file written twice (create-only writes count identical bytes as a retry).
#[derive(Serialize, Deserialize)]
struct NewsFile {
    id: uuid::Uuid,
    #[serde(flatten)]
    news: News,
}

/// The bytes of a news file telling `news`.
pub fn news_file(news: &News) -> Vec<u8> {
    let file = NewsFile { id: uuid::Uuid::now_v7(), news: news.clone() };
    serde_json::to_vec(&file).unwrap_or_default()
}

/// What a device read of the news since it last looked.
#[derive(Clone, Debug, Default)]
pub(crate) struct Heard {
    /// Whose logs moved, and the furthest changeset named for each.
    pub logs: std::collections::BTreeMap<ActorId, u64>,
    pub roster: bool,
    pub evidence: bool,
    /// News files that could not be read as news (junk, or written by a newer Sprout).
    pub junk: Vec<String>,
    /// The last number read: where the device stands once it has pulled what was named.
    pub through: u64,
}

/// The number of the last news file this device read, if it has ever read the news.
pub(crate) fn read_through(store: &Store) -> Result<Option<u64>> {
    Ok(store.hub_value(READ_THROUGH)?.and_then(|v| v.parse().ok()))
}

pub(crate) fn set_read_through(store: &Store, n: u64) -> Result<()> {
    store.set_hub_value(READ_THROUGH, &n.to_string())?;
    Ok(())
}

/// Whether news file `n` is there.
fn exists(hub: &dyn Hub, n: u64) -> Result<bool> {
    match hub.read(&news_path(n), MAX_NEWS_BYTES) {
        Ok(_) => Ok(true),
        Err(e) if e.is_not_found() => Ok(false),
        // Junk in a slot still takes the slot.
        Err(e) if e.is_refused_entry() || matches!(e, Error::TooLarge { .. }) => Ok(true),
        Err(e) => Err(e),
    }
}

/// The number of the last news file on the hub: doubling steps from `from`, then halving,
/// so a device far behind (or new) finds it in a few dozen reads, not one per file.
pub(crate) fn find_end(hub: &dyn Hub, from: u64) -> Result<u64> {
    let (mut there, mut step) = (from, 1u64);
    while exists(hub, there + step)? {
        there += step;
        step = step.saturating_mul(2);
    }
    // `there` exists (or is `from`); `there + step` does not.
    let mut missing = there + step;
    while missing - there > 1 {
        let mid = there + (missing - there) / 2;
        if exists(hub, mid)? { there = mid } else { missing = mid }
    }
    Ok(there)
}

/// Reads the news after number `start`, stepping over a gap of one file (a deleted one):
/// a quiet hub costs two reads. The device's place moves on only once it has pulled what
/// the news named ([`Heard::through`]), so a sync cut short reads the same news again.
pub(crate) fn read_news_after(hub: &dyn Hub, start: u64) -> Result<Heard> {
    let mut heard = Heard { through: start, ..Heard::default() };
    let (mut last, mut n) = (start, start + 1);
    loop {
        let path = news_path(n);
        match hub.read(&path, MAX_NEWS_BYTES) {
            Ok(bytes) => {
                match serde_json::from_slice::<NewsFile>(&bytes).map(|f| f.news) {
                    Ok(News::Log { actor, seq }) => {
                        let furthest = heard.logs.entry(actor).or_default();
                        *furthest = (*furthest).max(seq);
                    }
                    Ok(News::Roster) => heard.roster = true,
                    Ok(News::Evidence) => heard.evidence = true,
                    Err(_) => heard.junk.push(path),
                }
                last = n;
            }
            Err(e) if e.is_not_found() => {
                if n > last + 1 {
                    break;
                }
            }
            Err(e) if e.is_refused_entry() || matches!(e, Error::TooLarge { .. }) => {
                heard.junk.push(path);
                last = n;
            }
            Err(e) => return Err(e),
        }
        n += 1;
    }
    heard.through = last;
    Ok(heard)
}

/// Tells every device that `news` happened: the first free number after the last read.
/// A number taken meanwhile by someone else moves on to the next.
pub(crate) fn announce(hub: &dyn Hub, store: &Store, news: &News) -> Result<()> {
    let bytes = news_file(news);
    let mut n = read_through(store)?.unwrap_or(0) + 1;
    for _ in 0..64 {
        match hub.create(&news_path(n), &bytes) {
            Ok(_) => return Ok(()),
            Err(Error::Conflict { .. }) => n += 1,
            Err(e) => return Err(e),
        }
    }
    // Far behind the hub's end: find it, then take the next number.
    let mut n = find_end(hub, n)? + 1;
    loop {
        match hub.create(&news_path(n), &bytes) {
            Ok(_) => return Ok(()),
            Err(Error::Conflict { .. }) => n += 1,
            Err(e) => return Err(e),
        }
    }
}
