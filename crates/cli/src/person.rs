//! `sprout person …` and `--as`: the people who share this PC.

use std::io::Write;

use sprout_app::{AppError, ErrorCode, PersonView, Sprout};

use crate::Failure;
use crate::args::PersonCommand;
use crate::output::Out;

/// Passphrases come from the environment, never the command line, where every user of
/// the PC could read them in the process list.
const PASSPHRASE_ENV: &str = "SPROUT_PASSPHRASE";

pub fn passphrase() -> Option<String> {
    std::env::var(PASSPHRASE_ENV).ok().filter(|p| !p.is_empty())
}

pub fn person(
    sprout: &Sprout,
    command: PersonCommand,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    match command {
        PersonCommand::List { json } => {
            let people = sprout.people()?;
            if json {
                return out.json(&people);
            }
            people.iter().try_for_each(|p| out.line(&describe(p)))
        }
        PersonCommand::Start { name, site } => {
            let me = sprout.start_using(&name, &site, passphrase().as_deref())?;
            let role = if me.has_passphrase {
                "Your key is sealed with your passphrase: give it in SPROUT_PASSPHRASE to lead \
                 or administer."
            } else {
                "You submit and follow ideas as a clinician."
            };
            out.line(&format!("Sprout is used here by {} ({}). {role}", me.person, me.actor))
        }
        PersonCommand::Add { name } => {
            let added = sprout.add_person(&name, passphrase().as_deref())?;
            out.line(&format!("Now acting as {} ({})", added.person, added.actor))
        }
        PersonCommand::Switch { person } => {
            let now = switch(sprout, &person, true)?;
            out.line(&format!("Now acting as {}", now.person))
        }
    }
}

/// With SPROUT_PASSPHRASE set and no `--as`, the acting person unlocks for this command,
/// as someone at the app would before leading or administering.
pub fn unlock_acting(sprout: &Sprout) -> Result<(), Failure> {
    if passphrase().is_none() {
        return Ok(());
    }
    match sprout.people()?.into_iter().find(|p| p.acting && p.has_passphrase) {
        Some(me) => switch(sprout, &me.actor, false).map(|_| ()),
        None => Ok(()),
    }
}

/// Says who is using Sprout, the first time a hub command names them.
pub fn name_if_first(sprout: &Sprout, who: &crate::args::Who) -> Result<(), Failure> {
    let named = sprout.people()?.into_iter().any(|p| p.acting && !p.person.is_empty());
    match (&who.person, named) {
        (Some(person), false) => {
            sprout.start_using(
                person,
                who.site.as_deref().unwrap_or(""),
                passphrase().as_deref(),
            )?;
        }
        _ => sprout.set_identity(who.person.as_deref(), who.site.as_deref())?,
    }
    Ok(())
}

/// Acts as `who` for this one command (`--as`), or from now on (`person switch`),
/// explaining where a passphrase goes if one is needed.
pub fn switch(sprout: &Sprout, who: &str, from_now_on: bool) -> Result<PersonView, Failure> {
    let secret = passphrase();
    let switched = if from_now_on {
        sprout.switch_person(who, secret.as_deref())
    } else {
        sprout.act_as_person(who, secret.as_deref())
    };
    switched.map_err(|e| {
        if e.code == ErrorCode::PassphraseNeeded {
            Failure::App(AppError::new(e.code, format!("{}: set {PASSPHRASE_ENV}", e.message)))
        } else {
            Failure::App(e)
        }
    })
}

fn describe(p: &PersonView) -> String {
    let mark = if p.acting { "*" } else { " " };
    let roles: Vec<&str> = p.roles.iter().map(|r| r.name()).collect();
    let roles =
        if roles.is_empty() { "not approved on a hub yet".to_owned() } else { roles.join(", ") };
    let lock = match (p.has_passphrase, p.locked) {
        (_, true) => ", locked until unlocked with a passphrase",
        (true, false) => ", passphrase",
        (false, false) => "",
    };
    let key = p.fingerprint.as_deref().map(|f| format!("  key {f}")).unwrap_or_default();
    format!("{mark} {}  {}  {}  ({roles}{lock}){key}", p.actor, p.person, p.site)
}
