//! Auditing a hub: every file checked from the first, changing nothing.

use crate::changeset::{self, MAX_CHANGESET_BYTES, changeset_path};
use crate::docs::{HUB_FILE, JoinRequest, MAX_DOC_BYTES, request_path};
use crate::engine::read_info;
use crate::error::{Error, Result};
use crate::hub::Hub;
use crate::pull::{REVOKED, expectation, written_after_revocation};
use crate::roster::load_roster;
use sprout_core::ActorId;
use uuid::Uuid;

/// Audits every file on a hub without changing anything: HUB.json, the roster chain,
/// join requests, and each member's changesets from the first, with their signatures
/// and hash chain. Returns one line per problem; none means the hub is sound.
pub fn verify(hub: &dyn Hub) -> Result<Vec<String>> {
    let info = match read_info(hub) {
        Ok(info) => info,
        Err(e @ (Error::NotAHub { .. } | Error::Doc(_))) => {
            return Ok(vec![format!("{HUB_FILE}: {e}")]);
        }
        Err(e) => return Err(e),
    };
    let mut problems = Vec::new();
    let (roster, roster_problem) = load_roster(hub, &info)?;
    problems.extend(roster_problem);
    for path in hub.list("requests/")? {
        let opened = hub
            .read(&path, MAX_DOC_BYTES)
            .map_err(|e| e.to_string())
            .and_then(|b| JoinRequest::open(&b, &info.hub).map_err(|e| e.to_string()));
        match opened {
            Ok((request, _)) if path == request_path(request.actor) => {}
            Ok(_) => problems.push(format!("{path}: filed under another actor's name")),
            Err(e) => problems.push(format!("{path}: {e}")),
        }
    }
    for path in hub.list(crate::docs::EVIDENCE_DIR)? {
        let proven = hub
            .read(&path, MAX_DOC_BYTES)
            .ok()
            .and_then(|b| serde_json::from_slice::<crate::docs::Evidence>(&b).ok())
            .and_then(|e| {
                let member = roster.members.get(&e.actor)?;
                Some((e.contested(&info.hub, &member.key)?, member.person.clone()))
            });
        problems.push(match proven {
            Some((seq, person)) => format!(
                "{path}: proof that {person} signed two different changesets that cannot both \
                 stand at number {seq}; their work from there is set aside"
            ),
            None => format!("{path}: proves nothing (not two headers its member signed)"),
        });
    }
    let mut logs: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for path in hub.list("log/")? {
        let actor = path.split('/').nth(1).unwrap_or_default().to_owned();
        logs.entry(actor).or_default().push(path);
    }
    for (actor, files) in logs {
        let member = Uuid::parse_str(&actor).ok().and_then(|u| roster.members.get(&ActorId(u)));
        let Some(member) = member else {
            problems
                .push(format!("log/{actor}/: written by an actor who is not a member of this hub"));
            continue;
        };
        let mut prev_hash: Option<String> = None;
        for (i, path) in files.iter().enumerate() {
            let seq = i as u64 + 1;
            if *path != changeset_path(member.actor, seq) {
                problems.push(format!(
                    "{path}: expected changeset {seq} here; the log has a gap or a stray file"
                ));
                break;
            }
            if written_after_revocation(member, seq) {
                problems.push(format!("{path}: {REVOKED}"));
                break;
            }
            let expected = expectation(&info, member, seq, prev_hash.as_deref());
            match hub
                .read(path, MAX_CHANGESET_BYTES)
                .map_err(|e| e.to_string())
                .and_then(|b| changeset::decode(&b, &expected).map_err(|e| e.to_string()))
            {
                Ok(cs)
                    if member.revoked_after == Some(seq)
                        && member.revoked_at.as_deref().is_some_and(|pin| pin != cs.hash) =>
                {
                    problems.push(format!(
                        "{path}: not the changeset the revocation pinned: rewritten after its \
                         author was revoked"
                    ));
                    break;
                }
                Ok(cs) => prev_hash = Some(cs.hash),
                Err(e) => {
                    problems.push(format!("{path}: {e}"));
                    break;
                }
            }
        }
    }
    Ok(problems)
}
