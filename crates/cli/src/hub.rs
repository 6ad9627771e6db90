//! `sprout hub …`, `sprout sync` and `sprout conflicts`.

use std::io::Write;

use sprout_app::{Sprout, SyncReport};

use crate::Failure;
use crate::args::HubCommand;
use crate::output::Out;

pub fn hub(sprout: &Sprout, command: HubCommand, out: &mut Out<impl Write>) -> Result<(), Failure> {
    match command {
        HubCommand::Init { path, name, who } => {
            // Asked before anything is written: naming a founder without a passphrase
            // would make a clinician who can never found a hub.
            if crate::person::passphrase().is_none() {
                return Err(Failure::App(sprout_app::AppError::new(
                    sprout_app::ErrorCode::PassphraseNeeded,
                    "founding a hub makes you its admin, whose key is sealed with their \
                     passphrase: set SPROUT_PASSPHRASE",
                )));
            }
            let named = sprout.people()?.into_iter().any(|p| p.acting && !p.person.is_empty());
            if !named && who.person.is_none() {
                return Err(Failure::App(sprout_app::AppError::new(
                    sprout_app::ErrorCode::WhoNeeded,
                    // The CLI adds how to name yourself to every WhoNeeded error.
                    "nobody is named on this PC yet: name yourself first with \
                     SPROUT_PASSPHRASE set, or give --person NAME to this command",
                )));
            }
            crate::person::name_if_first(sprout, &who)?;
            let hub = sprout.hub_init(&path, &name)?;
            out.line(&format!(
                "Created hub {:?} at {}. You are its first admin.",
                hub.name, hub.location
            ))
        }
        HubCommand::Join { path, who } => {
            crate::person::name_if_first(sprout, &who)?;
            let hub = sprout.hub_join(&path)?;
            let fingerprint = sprout.sharing()?.fingerprint.unwrap_or_default();
            out.line(&format!(
                "Joined hub {:?} at {}. Until an admin or lead approves this device \
                 (actor {}), your work stays on this PC.\nYour key's fingerprint is \
                 {fingerprint}: tell it to the person approving you, so they know the request \
                 is yours.",
                hub.name,
                hub.location,
                sprout.actor()?
            ))
        }
        HubCommand::Requests { json } => {
            let requests = sprout.hub_requests()?;
            if json {
                return out.json(&requests);
            }
            if requests.is_empty() {
                return out.line("No devices are waiting for approval.");
            }
            out.line(&format!(
                "{:<36}  {:<24}  {:<20}  {:<19}  REQUESTED",
                "ACTOR", "PERSON", "SITE", "FINGERPRINT"
            ))?;
            for r in requests {
                out.line(&format!(
                    "{:<36}  {:<24}  {:<20}  {:<19}  {}",
                    r.actor, r.person, r.site, r.fingerprint, r.requested_at
                ))?;
            }
            Ok(())
        }
        HubCommand::Approve { actor, role } => {
            sprout.hub_approve(actor, role)?;
            out.line(&format!("Approved {actor} as {role}."))
        }
        HubCommand::Revoke { actor } => {
            sprout.hub_revoke(actor)?;
            out.line(&format!("Revoked {actor}: their future changes will be refused."))
        }
        HubCommand::Members { json } => {
            let members = sprout.hub_members()?;
            if json {
                return out.json(&members);
            }
            out.line(&format!("{:<36}  {:<24}  {:<20}  ROLES", "ACTOR", "PERSON", "SITE"))?;
            for m in members {
                let roles: Vec<String> = m.roles.iter().map(ToString::to_string).collect();
                let revoked = if m.revoked { " (revoked)" } else { "" };
                out.line(&format!(
                    "{:<36}  {:<24}  {:<20}  {}{revoked}",
                    m.actor,
                    m.person,
                    m.site,
                    roles.join(", ")
                ))?;
            }
            Ok(())
        }
        HubCommand::Verify { path, json } => {
            let problems = sprout.hub_verify(path.as_deref())?;
            if json {
                out.json(&problems)?;
            } else if problems.is_empty() {
                out.line("Every file on the hub is signed, chained and in order.")?;
            } else {
                for p in &problems {
                    out.line(p)?;
                }
            }
            if problems.is_empty() { Ok(()) } else { Err(Failure::Silent) }
        }
        HubCommand::Snapshot => {
            let number = sprout.hub_snapshot()?;
            out.line(&format!(
                "Wrote snapshot {number}: new devices start from it and read only later changes."
            ))
        }
        HubCommand::Problems { json } => {
            let problems = sprout.hub_problems()?;
            if json {
                return out.json(&problems);
            }
            if problems.is_empty() {
                return out.line("The hub has offered nothing this device refused.");
            }
            for p in problems {
                out.line(&format!("{}: {}", p.path, p.reason))?;
            }
            Ok(())
        }
    }
}

pub fn sync(
    sprout: &Sprout,
    full: bool,
    json: bool,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    if full {
        sprout.request_full_check()?;
    }
    let report = sprout.sync()?;
    if json {
        return out.json(&report);
    }
    out.line(&summary(&report))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn plural_members(n: usize) -> String {
    if n == 1 { "1 member".into() } else { format!("{n} members") }
}

fn summary(r: &SyncReport) -> String {
    let mut lines = vec![format!("Pushed {} and pulled {} changes.", r.pushed, r.pulled)];
    if r.revoked {
        lines.push(
            "An admin revoked this device: its new work stays here and is not shared.".into(),
        );
    }
    if r.waiting_for_approval {
        lines.push("This device is waiting for approval: its work stays here until then.".into());
    }
    if r.approved_other_key {
        lines.push(format!(
            "{}. Your key's fingerprint: `sprout person list`.",
            capitalised(sprout_app::OTHER_KEY)
        ));
    }
    if r.equivocations > 0 {
        lines.push(format!(
            "{} proven to have signed two different changesets at one number: their work \
             from there is set aside (see `sprout hub problems`).",
            plural_members(r.equivocations)
        ));
    }
    if r.disputed > 0 {
        lines.push(format!(
            "{} another PC says it applied differently: see `sprout hub problems`.",
            if r.disputed == 1 {
                "1 changeset".to_owned()
            } else {
                format!("{} changesets", r.disputed)
            }
        ));
    }
    if r.taken_back > 0 {
        lines.push(format!(
            "{} changes taken back, as no other PC holds them: see `sprout hub problems`.",
            r.taken_back
        ));
    }
    if r.conflicts > 0 {
        lines.push(format!("{} conflicts to resolve: see `sprout conflicts`.", r.conflicts));
    }
    if r.refused + r.rejected_files + r.held_back > 0 {
        lines.push(format!(
            "{} changes refused, {} files refused, {} held back: see `sprout hub problems`.",
            r.refused, r.rejected_files, r.held_back
        ));
    }
    lines.join("\n")
}

pub fn conflicts(sprout: &Sprout, json: bool, out: &mut Out<impl Write>) -> Result<(), Failure> {
    let conflicts = sprout.conflicts()?;
    if json {
        return out.json(&conflicts);
    }
    if conflicts.is_empty() {
        return out.line("No conflicts.");
    }
    for c in conflicts {
        out.line(&format!("{} ({}), {}:", c.title, c.idea, c.field))?;
        for v in c.versions {
            out.line(&format!("  {:?}  by {} at {}", v.value, v.actor, v.written_at.to_rfc3339()))?;
        }
    }
    Ok(())
}
