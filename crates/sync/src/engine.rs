//! Sync between one device's store and a hub: found or join a hub, push the new ops of
//! each person on the device as their next signed changeset, and pull every other
//! member's new changesets, verified and passed through the admission gate, each applied
//! in one transaction. A bad op or file is recorded as a problem and sync goes on.

use std::collections::BTreeSet;

use chrono::Datelike;
use serde::Serialize;
use sprout_core::{ActorId, PidRules, Role};
use sprout_store::Store;
use uuid::Uuid;

use crate::changeset::{
    self, Expected, Header, MAX_CHANGESET_BYTES, changeset_id, changeset_path, read_op,
};
use crate::docs::{
    self, HUB_FILE, HubInfo, JoinRequest, MAX_DOC_BYTES, Member, Roster, request_path, roster_path,
};
use crate::error::{Error, Result};
use crate::full_check::{
    full_check_asked, full_check_due, full_check_within_the_hour, schedule_full_check,
};
use crate::hub::{Created, Hub};
use crate::keys::ActorKey;
use crate::news;
use crate::pull::Puller;
use crate::roster::current_roster;
use crate::trust;

/// An op stamped further ahead of this device's clock than this is held back, so one PC
/// with a wrong clock cannot win every future edit.
pub const MAX_CLOCK_AHEAD_MS: u64 = 24 * 60 * 60 * 1000;

/// At most this many ops go in one changeset, keeping files well under the size limit.
const OPS_PER_CHANGESET: usize = 2_000;

/// One person on this device, for signing and for join requests.
#[derive(Debug)]
pub struct Identity<'a> {
    pub actor: ActorId,
    pub key: &'a ActorKey,
    pub person: &'a str,
    pub site: &'a str,
}

/// What one sync did. Counts are of ops unless named otherwise.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncReport {
    pub pushed: usize,
    pub pulled: usize,
    /// Ops the admission gate refused (a role, a limit, patient details, a forgery).
    pub refused: usize,
    /// Ops a newer Sprout wrote, kept until this PC is updated.
    pub needs_newer: usize,
    /// Files refused (forged, damaged, out of sequence, unknown actor, …).
    pub rejected_files: usize,
    /// Files stamped too far in the future, kept for a later sync.
    pub held_back: usize,
    pub conflicts: usize,
    /// The acting person's work stays local until an admin or lead approves it.
    pub waiting_for_approval: bool,
    /// An admin revoked the acting person: they still receive, but nothing they do is shared.
    pub revoked: bool,
    /// The hub's roster lists the acting person under a key that is not this PC's: a join
    /// request was swapped, and an admin approved the other key.
    pub approved_other_key: bool,
    /// Members proven (this sync) to have signed two changesets that cannot both stand.
    pub equivocations: usize,
    /// Changesets another member's PC says it applied differently, without proof yet.
    pub disputed: usize,
    /// Ops taken back because their author equivocated, was revoked before them, or was
    /// let in by a roster branch that lost.
    pub taken_back: usize,
    /// This sync read every log and file on the hub (the full check), not only the news.
    pub full_check: bool,
    /// The ideas that ops pulled in this sync concern.
    #[serde(skip)]
    pub changed_ideas: BTreeSet<Uuid>,
    /// A pulled op changes what every idea reads (a new rubric).
    #[serde(skip)]
    pub changed_everything: bool,
}

pub(crate) fn read_info(hub: &dyn Hub) -> Result<HubInfo> {
    // Listing first tells "the share is not there" apart from "this folder is not a hub".
    hub.list("members/")?;
    let bytes = hub.read(HUB_FILE, MAX_DOC_BYTES).map_err(|e| {
        if e.is_not_found() { Error::NotAHub { location: hub.location() } } else { e }
    })?;
    Ok(HubInfo::open(&bytes)?)
}

/// The hub this device belongs to, as it trusted it when it joined. A HUB.json that has
/// since been replaced (other admin keys, another name) is reported as tampering and the
/// trusted copy is used.
pub(crate) fn trusted_info(hub: &dyn Hub, store: &Store) -> Result<HubInfo> {
    let expected = store.hub_value("id")?.ok_or(Error::NoHub)?;
    hub.list("members/")?;
    let bytes = hub.read(HUB_FILE, MAX_DOC_BYTES).map_err(|e| {
        if e.is_not_found() { Error::NotAHub { location: hub.location() } } else { e }
    })?;
    let pinned = store.hub_value(HUB_PIN)?;
    let found = HubInfo::open(&bytes);
    if let Ok(info) = &found
        && info.hub != expected
    {
        return Err(Error::WrongHub {
            location: hub.location(),
            expected,
            found: info.hub.clone(),
        });
    }
    match pinned {
        Some(pinned) if pinned.as_bytes() != bytes.as_slice() => {
            note_problem(
                store,
                HUB_FILE,
                "tampering: HUB.json differs from the one this PC joined; the one it joined \
                 is still trusted",
            )?;
            Ok(HubInfo::open(pinned.as_bytes())?)
        }
        Some(_) => Ok(found?),
        // Joined before HUB.json was pinned: trusted from now on.
        None => {
            let info = found?;
            if let Ok(text) = std::str::from_utf8(&bytes) {
                store.set_hub_value(HUB_PIN, text)?;
            }
            Ok(info)
        }
    }
}

/// Records a problem the hub presented and logs where it was (never the reason, which may
/// quote what someone wrote).
pub(crate) fn note_problem(store: &Store, path: &str, reason: &str) -> Result<()> {
    tracing::warn!(path, "hub problem: see `sprout hub problems`");
    store.record_hub_problem(path, reason)?;
    Ok(())
}

/// Where a device keeps the exact HUB.json it joined.
const HUB_PIN: &str = "hub_json";

fn remember(store: &Store, hub: &dyn Hub, info: &HubInfo) -> Result<()> {
    if store.hub_value("id")?.is_some_and(|id| id != info.hub) {
        // Moving to another hub: this device's own work is pushed there afresh.
        store.forget_hub()?;
    }
    store.set_hub_value("id", &info.hub)?;
    store.set_hub_value("name", &info.name)?;
    store.set_hub_value("location", &hub.location())?;
    Ok(())
}

/// Creates a hub in an empty location; this device's person becomes its first admin.
pub fn init(hub: &dyn Hub, store: &Store, me: &Identity<'_>, name: &str) -> Result<HubInfo> {
    if hub.read(HUB_FILE, MAX_DOC_BYTES).is_ok() {
        return Err(Error::AlreadyAHub { location: hub.location() });
    }
    let info = HubInfo {
        format: docs::FORMAT_VERSION,
        hub: Uuid::now_v7().to_string(),
        name: name.to_owned(),
        admins: vec![me.key.public()],
    };
    let signed = docs::sign(&info, me.key);
    hub.create(HUB_FILE, &signed)?;
    let founder = member(me.actor, me, BTreeSet::from([Role::Admin]));
    let roster = Roster {
        hub: info.hub.clone(),
        epoch: 1,
        prev: None,
        members: [(founder.actor, founder)].into_iter().collect(),
    };
    let first = docs::sign(&roster, me.key);
    hub.create(&roster_path(1, &me.key.public(), &first), &first)?;
    remember(store, hub, &info)?;
    store.set_hub_value(HUB_PIN, std::str::from_utf8(&signed).unwrap_or_default())?;
    store.set_hub_value(&roles_key(me.actor), Role::Admin.name())?;
    Ok(info)
}

/// Joins an existing hub: trusts its HUB.json from now on and asks to be let in.
pub fn join(hub: &dyn Hub, store: &Store, me: &Identity<'_>) -> Result<HubInfo> {
    let info = read_info(hub)?;
    remember(store, hub, &info)?;
    if let Ok(text) = String::from_utf8(hub.read(HUB_FILE, MAX_DOC_BYTES)?) {
        store.set_hub_value(HUB_PIN, &text)?;
    }
    let roster = current_roster(hub, store, &info)?.roster;
    if !roster.members.contains_key(&me.actor) {
        ask_to_join(hub, me, &info)?;
    }
    Ok(info)
}

fn ask_to_join(hub: &dyn Hub, me: &Identity<'_>, info: &HubInfo) -> Result<()> {
    let path = request_path(me.actor);
    if hub.read(&path, MAX_DOC_BYTES).is_ok() {
        return Ok(());
    }
    let request = JoinRequest {
        hub: info.hub.clone(),
        actor: me.actor,
        person: me.person.to_owned(),
        site: me.site.to_owned(),
        requested_at: chrono::Utc::now().to_rfc3339(),
    };
    hub.create(&path, &docs::sign(&request, me.key))?;
    Ok(())
}

fn member(actor: ActorId, me: &Identity<'_>, roles: BTreeSet<Role>) -> Member {
    Member {
        actor,
        key: me.key.public(),
        person: me.person.to_owned(),
        site: me.site.to_owned(),
        roles,
        revoked_after: None,
        revoked_at: None,
    }
}

/// Pushes this person's new ops and pulls everyone else's.
pub fn sync(hub: &dyn Hub, store: &mut Store, me: &Identity<'_>) -> Result<SyncReport> {
    sync_with_progress(hub, store, std::slice::from_ref(me), &mut |_| {})
}

/// Where a person's roles, as of the last roster seen, are kept on the device.
pub fn roles_key(actor: ActorId) -> String {
    format!("roles.{actor}")
}

/// Where it is kept that an admin revoked a person.
pub fn revoked_key(actor: ActorId) -> String {
    format!("revoked.{actor}")
}

/// Pushes the new ops of each of `people` (the people on this device whose keys are at
/// hand, the acting one first) and pulls everyone else's, telling `progress` the report
/// so far after each changeset (or snapshot) it applies, so a long first pull can show how
/// far it has got. The approval and revocation flags report on the acting person.
pub fn sync_with_progress(
    hub: &dyn Hub,
    store: &mut Store,
    people: &[Identity<'_>],
    progress: &mut dyn FnMut(&SyncReport),
) -> Result<SyncReport> {
    // A quiet sync asks the hub's news what changed; the full check reads everything.
    let pinned = pinned_info(store)?;
    let full = pinned.is_none() || full_check_due(store)?;
    let info = match pinned {
        Some(info) if !full => info,
        _ => trusted_info(hub, store)?,
    };
    let mut heard = if full {
        // Everything read below covers what the news said before now.
        let end = news::find_end(hub, news::read_through(store)?.unwrap_or(0))?;
        news::Heard { through: end, ..news::Heard::default() }
    } else {
        let start = news::read_through(store)?.unwrap_or(0);
        let heard = news::read_news_after(hub, start)?;
        // Nothing new, or a share that is not there: only the share can tell.
        if heard.through == start {
            hub.check_reachable()?;
        }
        heard
    };
    let kept = if full || heard.roster { None } else { crate::roster::kept_followed(store)? };
    let followed = match kept {
        Some(followed) => followed,
        None => current_roster(hub, store, &info)?,
    };
    let roster = followed.roster;
    let mut report = SyncReport {
        rejected_files: followed.problems + heard.junk.len(),
        full_check: full,
        ..SyncReport::default()
    };
    for path in &heard.junk {
        note_problem(store, path, "refused: not a news file this Sprout can read; ignored")?;
    }
    let local = local_actors(store)?;
    remember_members(store, &roster)?;
    // Only a roster read anew can take back what a device took: one it kept cannot.
    if full || heard.roster {
        trust::follow_roster(store, &roster, followed.replaced.as_ref(), &local, &mut report)?;
    }
    if full || heard.evidence {
        trust::read_evidence(hub, store, &info, &roster, &local, &mut report)?;
    }
    let rules = hub_rules(store)?;
    report.needs_newer = retry_held(store, &roster, &rules)?;
    // Everyone on this PC learns their roles, even those whose keys are sealed just now.
    for actor in &local {
        let entry = roster.members.get(actor);
        let revoked = entry.is_some_and(|m| m.revoked_after.is_some());
        let roles: Vec<&str> = entry
            .filter(|m| m.revoked_after.is_none())
            .iter()
            .flat_map(|m| m.roles.iter().map(|r| r.name()))
            .collect();
        store.set_hub_value(&roles_key(*actor), &roles.join(","))?;
        store.set_hub_value(&revoked_key(*actor), if revoked { "yes" } else { "" })?;
    }
    // Files go up before the ops that name them, once anyone here may write to the hub.
    let approved = people.iter().any(|me| {
        roster
            .members
            .get(&me.actor)
            .is_some_and(|m| m.revoked_after.is_none() && m.key == me.key.public())
    });
    if approved {
        crate::blobs::push_blobs(hub, store)?;
    }
    let mut pushed_logs = Vec::new();
    for (i, me) in people.iter().enumerate() {
        let acting = i == 0;
        let entry = roster.members.get(&me.actor);
        let revoked = entry.is_some_and(|m| m.revoked_after.is_some());
        match entry {
            Some(m) if !revoked && m.key == me.key.public() => {
                match push(hub, store, me, &info, roster.epoch, &local) {
                    Ok(pushed) => {
                        report.pushed += pushed;
                        if pushed > 0 {
                            pushed_logs.push(me.actor);
                        }
                    }
                    // A file this person did not write sits in their next slot (planted by
                    // anyone who can write to the share): their new work waits here, the
                    // hub's problems say why, and everyone else's work still comes in.
                    Err(Error::Tampered { path }) => {
                        let reason = "refused: this slot holds a file its member did not \
                                      write, so their new work waits on their PC until an \
                                      admin removes the file";
                        note_problem(store, &path, reason)?;
                        report.rejected_files += 1;
                    }
                    Err(e) => return Err(e),
                }
            }
            // Asking again would only put a request nobody can approve in front of the admins.
            Some(_) if revoked => report.revoked |= acting,
            // Someone swapped this person's join request and an admin approved the other
            // key: their work can never be accepted under it, and they must be told.
            Some(_) => {
                note_problem(store, &request_path(me.actor), OTHER_KEY)?;
                report.approved_other_key |= acting;
            }
            _ => {
                ask_to_join(hub, me, &info)?;
                report.waiting_for_approval |= acting;
            }
        }
    }
    // Reading every log: the full check, unless a new device starts from a snapshot.
    let mut every_log = full;
    if full && !store.hub_cursors()?.keys().any(|actor| !local.contains(actor)) {
        let held = crate::snapshot::start_from_snapshot(
            hub,
            store,
            &info,
            &roster,
            &local,
            &rules,
            &mut report,
            progress,
        )?;
        // A new PC (not one asked for the full check) takes from the snapshot everything
        // the news told up to it, then only the news since: usable in a few requests
        // whatever the size of the hub, with its full check later that day.
        if let Some(news_held) = held.filter(|n| *n > 0 && !full_check_asked(store).unwrap_or(true))
        {
            heard = news::read_news_after(hub, news_held)?;
            every_log = false;
        }
    }
    let mut puller = Puller { hub, info: &info, roster: &roster, local: &local, rules: &rules };
    for member in roster.members.values().filter(|m| !local.contains(&m.actor)) {
        // A quiet sync reads only the logs the news named, as far as it named them.
        let until = match heard.logs.get(&member.actor) {
            _ if every_log => None,
            Some(seq) => Some(*seq),
            None => continue,
        };
        puller.pull(store, member, until, &mut report, progress)?;
    }
    if report.taken_back > 0 {
        report.changed_everything = true;
    }
    if every_log {
        report.rejected_files += flag_strangers(hub, store, &roster)?;
    }
    report.full_check = every_log;
    // Only now is what the news named here.
    news::set_read_through(store, heard.through)?;
    // Everyone else hears of this PC's new changesets from the news.
    for actor in pushed_logs {
        if let Some((seq, _)) = store.hub_cursor(actor)? {
            news::announce(hub, store, &news::News::Log { actor, seq })?;
        }
    }
    if every_log {
        schedule_full_check(store)?;
    } else if full {
        // Started from a snapshot: its full check within the hour, not at once.
        full_check_within_the_hour(store)?;
    }
    report.conflicts = usize::try_from(store.conflict_count()?).unwrap_or(usize::MAX);
    tracing::info!(
        hub = %hub.location(),
        pushed = report.pushed,
        pulled = report.pulled,
        refused = report.refused,
        rejected_files = report.rejected_files,
        held_back = report.held_back,
        needs_newer = report.needs_newer,
        conflicts = report.conflicts,
        "synced"
    );
    Ok(report)
}

/// The HUB.json this device joined, without a trip to the hub.
fn pinned_info(store: &Store) -> Result<Option<HubInfo>> {
    Ok(store.hub_value(HUB_PIN)?.and_then(|text| HubInfo::open(text.as_bytes()).ok()))
}

/// What a device whose key the hub did not approve is told.
pub const OTHER_KEY: &str = "the hub approved a different key in your name: someone may have \
    swapped your join request, so nothing you write here can be shared; tell your admin, and \
    compare the fingerprint they approved with the one this PC shows for you";

/// Reads one member's log as far as the hub holds it, as a sync would: before a revocation
/// pins where it ends.
pub(crate) fn pull_member(
    hub: &dyn Hub,
    store: &mut Store,
    info: &HubInfo,
    roster: &Roster,
    member: &Member,
) -> Result<SyncReport> {
    let local = local_actors(store)?;
    let mut report = SyncReport::default();
    if local.contains(&member.actor) {
        return Ok(report);
    }
    let rules = hub_rules(store)?;
    let mut puller = Puller { hub, info, roster, local: &local, rules: &rules };
    puller.pull(store, member, None, &mut report, &mut |_| {})?;
    Ok(report)
}

/// Names and roles shown to people come from the roster this device verified.
/// Rewritten only when the roster's epoch moves, not on every 30-second sync.
fn remember_members(store: &mut Store, roster: &Roster) -> Result<()> {
    let epoch = format!("{}:{}", roster.hub, roster.epoch);
    if store.hub_value(MEMBERS_EPOCH)?.as_deref() == Some(epoch.as_str()) {
        return Ok(());
    }
    let rows: Vec<_> = roster
        .members
        .values()
        .map(|m| {
            let roles: Vec<&str> = m.roles.iter().map(|r| r.name()).collect();
            (m.actor, m.person.clone(), m.site.clone(), roles.join(","), m.revoked_after.is_some())
        })
        .collect();
    store.set_members(&rows)?;
    store.set_hub_value(MEMBERS_EPOCH, &epoch)?;
    Ok(())
}

/// Which roster epoch the `members` table holds.
const MEMBERS_EPOCH: &str = "members_epoch";

/// The patient-data rules received ops are held to: the built-in ones and the hub's
/// hospital-number formats. A setting that cannot be read stops the sync rather than let
/// ops in under a weaker guard.
fn hub_rules(store: &Store) -> Result<PidRules> {
    let patterns = store.hospital_number_patterns()?;
    PidRules::new(chrono::Utc::now().year(), &patterns).map_err(Error::NotAllowed)
}

fn roles_in(roster: &Roster, actor: ActorId) -> BTreeSet<Role> {
    roster.members.get(&actor).map(|m| m.roles.clone()).unwrap_or_default()
}

/// Ops a newer Sprout wrote, held until this version can read them: each one it now
/// reads goes through the gate like any other. Returns how many are still held.
fn retry_held(store: &mut Store, roster: &Roster, rules: &PidRules) -> Result<usize> {
    let held = store.held_for_newer()?;
    let mut still = 0;
    for (actor, path, body, _) in held {
        let op = serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|v| read_op(&v).ok())
            .filter(|op| op.actor == actor);
        match op {
            Some(op) => {
                let roles = roles_in(roster, actor);
                store.apply_remote(std::slice::from_ref(&op), &|_| roles.clone(), rules)?;
                store.release_held(actor, &path, &body)?;
            }
            None => still += 1,
        }
    }
    Ok(still)
}

/// Every person on this device: their own logs are never pulled back.
fn local_actors(store: &Store) -> Result<BTreeSet<ActorId>> {
    let mut actors: BTreeSet<ActorId> =
        store.local_people()?.into_iter().map(|p| p.actor).collect();
    actors.insert(store.device_actor()?);
    actors.insert(store.actor());
    Ok(actors)
}

fn push(
    hub: &dyn Hub,
    store: &mut Store,
    me: &Identity<'_>,
    info: &HubInfo,
    epoch: u64,
    local: &BTreeSet<ActorId>,
) -> Result<usize> {
    let (actor, key) = (me.actor, me.key);
    let mut pushed = 0;
    loop {
        let ops = store.unpushed_ops(actor)?;
        let batch = &ops[..ops.len().min(OPS_PER_CHANGESET)];
        let (Some(first), Some(last)) = (batch.first(), batch.last()) else { return Ok(pushed) };
        let cursor = store.hub_cursor(actor)?;
        let seq = cursor.as_ref().map_or(1, |(s, _)| s + 1);
        let prev_hash = cursor.map(|(_, h)| h);
        let header = Header {
            format: changeset::FORMAT_VERSION,
            hub: info.hub.clone(),
            actor,
            seq,
            prev_hash: prev_hash.clone(),
            hlc_min: batch.iter().map(|o| o.hlc).min().unwrap_or(first.hlc),
            hlc_max: batch.iter().map(|o| o.hlc).max().unwrap_or(last.hlc),
            roster_epoch: epoch,
            seen: trust::to_witness(store, local)?,
        };
        let bytes = changeset::encode(&header, batch, key);
        let path = changeset_path(actor, seq);
        match hub.create(&path, &bytes) {
            Ok(Created::New | Created::AlreadyThere) => {
                let id = changeset_id(&bytes).unwrap_or_default();
                store.record_push(actor, seq, &id, batch)?;
                trust::witnessed(store, &header.seen)?;
                pushed += batch.len();
            }
            // Our own file is already there: written before a crash (perhaps against an
            // older roster epoch), or by this device before it was restored from an older
            // backup. If it is authentically ours, take it back rather than fork the log.
            Err(Error::Conflict { .. }) => {
                let existing = hub.read(&path, MAX_CHANGESET_BYTES)?;
                let public = key.public();
                let expected = Expected {
                    hub: &info.hub,
                    actor,
                    seq,
                    prev_hash: prev_hash.as_deref(),
                    key: &public,
                };
                let cs = changeset::decode(&existing, &expected)
                    .map_err(|_| Error::Tampered { path: path.clone() })?;
                store.record_push(actor, seq, &cs.hash, &cs.ops)?;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Logs written by actors the roster does not know. Lists only the actor folders: a
/// hub's years of changesets on a slow share are never walked.
fn flag_strangers(hub: &dyn Hub, store: &Store, roster: &Roster) -> Result<usize> {
    let mut strangers = BTreeSet::new();
    for actor in hub.folders("log/")? {
        let known = Uuid::parse_str(&actor).is_ok_and(|u| roster.members.contains_key(&ActorId(u)));
        if !known && strangers.insert(actor.clone()) {
            note_problem(
                store,
                &format!("log/{actor}/"),
                "refused: written by an actor who is not a member of this hub",
            )?;
        }
    }
    Ok(strangers.len())
}
