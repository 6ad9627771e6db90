//! A member with a valid key who is not honest, and odd files on the share. Each attack
//! is a correctly signed changeset (or a planted entry) written with a real member's key
//! through a real folder hub. Each test proves: refused on every device, listed with its
//! reason under the hub's problems, everyone else's work still arrives, and all devices
//! end identical.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use sprout_core::{
    ActorId, CommentAdded, Decision, GateDecided, Hlc, IdeaCreated, IdeaField, IdeaId,
    IdeaUntagged, Op, OpId, OpPayload, Role, Stage,
};
use sprout_store::Admission;
use sprout_sync::{ActorKey, Header, Hub, changeset_path};
use uuid::Uuid;

mod support;

use support::Device;

use support::hostile::{Attacker, edit, forge_raw, unknown_ops, world};

#[test]
fn an_op_setting_a_read_only_field_is_refused_and_sync_goes_on() {
    let mut w = world();
    let own = w.mallory.add("Mine");
    w.mallory.sync(&w.hub);
    let op = w.mallory.op(own, edit(&[(IdeaField::Tag, "x")]));
    w.mallory.forge(&w.hub, &[op]);
    w.check("read-only field tag");
    assert!(sprout_sync::verify(&w.hub).unwrap().is_empty(), "the file itself is sound");
}

#[test]
fn a_create_under_someone_elses_idea_id_does_not_rewrite_it() {
    let mut w = world();
    let theirs = w.honest.add("Hana's idea");
    w.honest.sync(&w.hub);
    let mut op = w.mallory.op(
        Uuid::nil(),
        OpPayload::IdeaCreated(IdeaCreated {
            title: "Rewritten".into(),
            problem: "Mallory was here".into(),
            author: "Mallory".into(),
            ..Default::default()
        }),
    );
    op.entity_id = theirs;
    w.mallory.forge(&w.hub, &[op]);
    let fresh = w.check("created once");
    for d in [&w.lead, &fresh] {
        let idea = d.store.idea(IdeaId::from_uuid(theirs)).unwrap().unwrap();
        assert_eq!((idea.title.as_str(), idea.author.as_str()), ("Hana's idea", "Hana Honest"));
    }
}

#[test]
fn an_untag_naming_other_ideas_adds_removes_nothing_there() {
    let mut w = world();
    let theirs = w.honest.add_tagged("Tagged idea", &["falls"]);
    w.honest.sync(&w.hub);
    let own = w.mallory.add_tagged("Mine", &["falls"]);
    w.mallory.sync(&w.hub);
    // Removes the honest idea's add of "falls", filed against Mallory's own idea.
    let untag = OpPayload::IdeaUntagged(IdeaUntagged {
        tag: "falls".into(),
        removes: vec![format!("{theirs}/falls")],
    });
    let op = w.mallory.op(own, untag);
    let other_tag = OpPayload::IdeaUntagged(IdeaUntagged {
        tag: "falls".into(),
        removes: vec![format!("{theirs}/sepsis")],
    });
    let refused = w.mallory.op(own, other_tag);
    w.mallory.forge(&w.hub, &[op, refused]);
    let fresh = w.check("removes adds of another tag");
    for d in [&w.lead, &fresh] {
        let idea = d.store.idea(IdeaId::from_uuid(theirs)).unwrap().unwrap();
        assert_eq!(idea.tags, vec!["falls".to_owned()], "{}", d.person);
    }
}

#[test]
fn forged_ideas_breaking_limits_or_holding_patient_details_are_refused() {
    let mut w = world();
    let created = |title: &str, problem: &str| {
        OpPayload::IdeaCreated(IdeaCreated {
            title: title.into(),
            problem: problem.into(),
            author: "Mallory".into(),
            ..Default::default()
        })
    };
    let ops: Vec<Op> = [
        created("NHS 943 476 5919", "p"),
        created("", "p"),
        created("t", &"x".repeat(100_000)),
        created("t\u{1b}[31mred", "p"),
    ]
    .into_iter()
    .map(|p| w.mallory.op(Uuid::nil(), p))
    .collect();
    w.mallory.forge(&w.hub, &ops);
    let fresh = w.check("patient details");
    for d in [&w.lead, &fresh] {
        let problems = d.problems();
        for reason in ["title must not be empty", "the limit is 20000", "control character"] {
            assert!(problems.contains(reason), "{reason}: {problems}");
        }
        assert!(d.state().iter().all(|i| i.submitted_by != w.mallory.actor().to_string()));
    }
}

#[test]
fn a_back_dated_op_cannot_slip_a_date_of_birth_past_the_guard() {
    let mut w = world();
    let mut op = w.mallory.op(
        Uuid::nil(),
        OpPayload::IdeaCreated(IdeaCreated {
            title: "Falls".into(),
            problem: "Pt DOB 14/02/2015 fell".into(),
            author: "Mallory".into(),
            ..Default::default()
        }),
    );
    // Stamped 1 January 2010: the author chooses an op's clock, not the guard's year.
    op.hlc = Hlc::new(1_262_304_000_000, 0);
    w.mallory.forge(&w.hub, &[op]);
    let fresh = w.check("patient details");
    for d in [&w.lead, &fresh] {
        assert!(d.state().iter().all(|i| !i.problem.contains("DOB")), "{}", d.person);
    }
}

#[test]
fn junk_at_a_future_snapshot_number_never_stops_snapshots() {
    let mut w = world();
    w.honest.add("Before the snapshots");
    w.honest.sync(&w.hub);
    w.lead.sync(&w.hub);
    assert_eq!(sprout_sync::write_snapshot(&w.hub, &w.lead.store, &w.lead.key).unwrap(), 1);
    // Anyone who can write to the share plants files at the next numbers after the count.
    for number in [3, 4] {
        w.hub.create(&sprout_sync::snapshot_path(number), b"not a snapshot").unwrap();
    }
    // Three files are there, so the next number tried is 4: taken by junk, then 5.
    let mut written = Vec::new();
    for round in 0..2 {
        w.honest.add(&format!("Work before snapshot {round}"));
        w.honest.sync(&w.hub);
        w.lead.sync(&w.hub);
        written.push(sprout_sync::write_snapshot(&w.hub, &w.lead.store, &w.lead.key).unwrap());
    }
    assert_eq!(written, [5, 6], "each takes the next free number past the junk");
    // A device starting now reads the newest valid snapshot and ends identical.
    w.check_nothing_lost();
}

#[test]
fn a_file_planted_in_a_members_next_slot_does_not_cut_them_off() {
    let mut w = world();
    // Mallory copies one of her own changesets into Hana's next slot.
    w.mallory.add("Mallory's honest-looking idea");
    w.mallory.sync(&w.hub);
    let next = w.honest.store.hub_cursor(w.honest.actor()).unwrap().map_or(1, |(s, _)| s + 1);
    let copy = w.hub.read(&changeset_path(w.mallory.actor(), 1), 64 << 20).unwrap();
    w.hub.create(&changeset_path(w.honest.actor(), next), &copy).unwrap();
    w.honest.add("Hana's idea, waiting");
    let leads = w.lead.add("The lead's idea after the plant");
    w.lead.sync(&w.hub);
    // Hana's sync goes on: it says why her work waits, and the lead's work arrives.
    let report = w.honest.try_sync(&w.hub).expect("sync is not cut off");
    assert_eq!(report.pushed, 0);
    assert!(w.honest.problems().contains("did not write"), "{}", w.honest.problems());
    assert!(w.honest.state().iter().any(|i| i.id == IdeaId::from_uuid(leads)));
}

#[test]
fn a_comment_cannot_claim_another_name() {
    let mut w = world();
    let theirs = w.honest.add("Hana's idea");
    w.honest.sync(&w.hub);
    let comment = OpPayload::CommentAdded(CommentAdded {
        text: "Approved by the board".into(),
        author: "Ada Admin".into(),
        support: false,
    });
    let op = w.mallory.op(theirs, comment);
    w.mallory.forge(&w.hub, &[op]);
    w.all_sync();
    let comments = w.lead.store.comments(IdeaId::from_uuid(theirs)).unwrap();
    assert_eq!(comments.len(), 1);
    assert_eq!(comments[0].author, "Mallory", "names come from the roster");
}

#[test]
fn another_members_op_id_cannot_shadow_their_op() {
    let mut w = world();
    let theirs = w.honest.add("Hana's idea");
    w.honest.sync(&w.hub);
    let mut op = w.mallory.op(theirs, edit(&[(IdeaField::Title, "Shadow")]));
    op.id = OpId(theirs);
    w.mallory.forge(&w.hub, &[op]);
    let fresh = w.check("its id was not made by its author");
    for d in [&w.lead, &fresh] {
        assert_eq!(d.store.idea(IdeaId::from_uuid(theirs)).unwrap().unwrap().title, "Hana's idea");
    }
}

#[test]
fn a_decision_claiming_a_stage_the_idea_never_reached_moves_nothing() {
    let mut w = world();
    let theirs = w.honest.add("Hana's idea");
    w.honest.sync(&w.hub);
    w.lead.sync(&w.hub);
    // The lead's own key, a modified Sprout: PocReview -> Adopt & spread for a Submitted idea.
    let jump = OpPayload::GateDecided(GateDecided {
        from: Stage::PocReview,
        to: Stage::AdoptAndSpread,
        decision: Decision::Go,
        rationale: "Trust me".into(),
    });
    let op = w.lead.op(theirs, jump);
    w.lead.forge(&w.hub, &[op]);
    w.all_sync();
    let mut fresh = Device::new("Nell New");
    sprout_sync::join(&w.hub, &fresh.store, &fresh.me()).unwrap();
    sprout_sync::approve(&w.hub, &w.admin.store, &w.admin.key, fresh.actor(), Role::Reviewer)
        .unwrap();
    fresh.sync(&w.hub);
    for d in [&w.admin, &fresh] {
        let idea = d.store.idea(IdeaId::from_uuid(theirs)).unwrap().unwrap();
        assert_eq!(idea.stage, Stage::Submitted, "{}", d.person);
        let decisions = d.store.decisions(IdeaId::from_uuid(theirs)).unwrap();
        assert_eq!(decisions.len(), 1, "kept and shown");
        assert!(!decisions[0].took_effect);
    }
}

#[test]
fn an_op_from_a_newer_sprout_is_held_not_refused_and_the_rest_arrives() {
    let mut w = world();
    let own = w.mallory.add("Mine");
    w.mallory.sync(&w.hub);
    // Written by hand as a newer Sprout would: a kind of op this version does not know.
    let hub_id = w.mallory.store.hub_value("id").unwrap().unwrap();
    let (seq, prev) = w.mallory.store.hub_cursor(w.mallory.actor()).unwrap().unwrap();
    let known = w.mallory.op(own, edit(&[(IdeaField::Title, "Renamed")]));
    let newer = serde_json::json!({
        "id": OpId::minted(w.mallory.actor(), Uuid::now_v7()),
        "hlc": known.hlc, "actor": w.mallory.actor(), "entity_id": own,
        "payload": {"type": "poc_started", "hypothesis": "Gel by every bed halves infections"}
    });
    let header = Header {
        format: sprout_sync::FORMAT_VERSION,
        hub: hub_id,
        actor: w.mallory.actor(),
        seq: seq + 1,
        prev_hash: Some(prev),
        hlc_min: known.hlc,
        hlc_max: known.hlc,
        roster_epoch: 2,
        seen: Vec::new(),
    };
    let known = serde_json::to_value(&known).unwrap();
    let file = sprout_sync::encode(&header, &[newer, known], &w.mallory.key);
    w.hub.create(&changeset_path(w.mallory.actor(), seq + 1), &file).unwrap();
    let id = sprout_sync::changeset_id(&file).unwrap();
    w.mallory.store.record_push(w.mallory.actor(), seq + 1, &id, &[]).unwrap();
    let report = w.lead.sync(&w.hub);
    assert_eq!(report.needs_newer, 1);
    let fresh = w.check("needs a newer Sprout");
    for d in [&w.lead, &fresh] {
        assert_eq!(d.store.idea(IdeaId::from_uuid(own)).unwrap().unwrap().title, "Renamed");
        assert_eq!(d.store.held_for_newer().unwrap().len(), 1);
    }
}

#[test]
fn junk_or_a_clinicians_file_in_the_next_roster_slot_does_not_freeze_the_roster() {
    let mut w = world();
    let root = std::path::PathBuf::from(w.hub.location());
    let epoch = sprout_sync::members(&w.hub, &w.admin.store).unwrap().epoch + 1;
    // Junk under an old-style name; a real next epoch signed by a clinician, written under
    // the admin's own fingerprint (and under a content tag that is not its own), as a
    // clinician with write access to the share could.
    std::fs::write(root.join(format!("members/{epoch:06}.json")), b"junk").unwrap();
    let mut roster = sprout_sync::members(&w.hub, &w.admin.store).unwrap();
    roster.epoch = epoch;
    roster.members.get_mut(&w.mallory.actor()).unwrap().roles = [Role::Admin].into();
    let forged = sprout_sync::sign(&roster, &w.mallory.key);
    let admins = sprout_sync::roster_path(epoch, &w.admin.key.public(), b"something else");
    std::fs::write(root.join(&admins), &forged).unwrap();
    let newcomer = Device::new("Nell New");
    sprout_sync::join(&w.hub, &newcomer.store, &newcomer.me()).unwrap();
    let roster = sprout_sync::approve(
        &w.hub,
        &w.admin.store,
        &w.admin.key,
        newcomer.actor(),
        Role::Clinician,
    )
    .unwrap();
    assert!(roster.members.contains_key(&newcomer.actor()));
    let revoked = sprout_sync::revoke(&w.hub, &mut w.admin.store, &w.admin.key, w.mallory.actor());
    assert!(revoked.unwrap().members[&w.mallory.actor()].revoked_after.is_some());
    w.lead.sync(&w.hub);
    let fresh = w.check_nothing_lost();
    for d in [&w.lead, &fresh] {
        let problems = d.problems();
        assert!(
            problems.contains(&format!("members/{epoch:06}.json: refused: not a roster file")),
            "{problems}"
        );
        assert!(problems.contains(&format!("{admins}: refused")), "{problems}");
        let members = sprout_sync::members(&w.hub, &d.store).unwrap();
        assert!(members.members.contains_key(&newcomer.actor()));
        assert_eq!(members.members[&w.mallory.actor()].roles, [Role::Clinician].into());
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_folder_or_symlink_in_a_changeset_slot_is_refused_without_hanging() {
    let mut w = world();
    let root = std::path::PathBuf::from(w.hub.location());
    let slot = |d: &Device, seq: u64| root.join(changeset_path(d.actor(), seq));
    // Mallory's next slot is a FIFO; the honest member's log folder is reached through a
    // symlink; the lead's next slot is a folder.
    let fifo = slot(&w.mallory, 1);
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::fs::create_dir_all(slot(&w.lead, 1)).unwrap();
    let outside = tempfile::tempdir().unwrap();
    let honest_log = root.join(format!("log/{}", w.honest.actor()));
    std::os::unix::fs::symlink(outside.path(), &honest_log).unwrap();
    w.honest.add("Would be written outside the hub");
    let pushed = w.honest.try_sync(&w.hub);
    assert!(pushed.unwrap_err().to_string().contains("a symbolic link"));
    assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none(), "nothing written through");
    let report = w.admin.sync(&w.hub);
    assert!(report.rejected_files >= 2, "{report:?}");
    let problems = w.admin.problems();
    assert!(problems.contains("a special file"), "{problems}");
    assert!(problems.contains("a folder"), "{problems}");
}

#[test]
fn a_gap_in_a_chain_a_rewritten_changeset_and_a_replaced_hub_file_are_tampering() {
    let mut w = world();
    let root = std::path::PathBuf::from(w.hub.location());
    for title in ["One", "Two", "Three"] {
        w.honest.add(title);
        w.honest.sync(&w.hub);
    }
    w.lead.sync(&w.hub);
    // A changeset the lead applied is rewritten; one a new device has not read is deleted.
    std::fs::write(root.join(changeset_path(w.honest.actor(), 3)), b"rewritten").unwrap();
    let mut fresh = Device::new("Nell New");
    sprout_sync::join(&w.hub, &fresh.store, &fresh.me()).unwrap();
    sprout_sync::approve(&w.hub, &w.admin.store, &w.admin.key, fresh.actor(), Role::Reviewer)
        .unwrap();
    std::fs::remove_file(root.join(changeset_path(w.honest.actor(), 2))).unwrap();
    w.lead.sync(&w.hub);
    fresh.sync(&w.hub);
    assert!(
        w.lead.problems().contains("differs from the one this PC applied"),
        "{}",
        w.lead.problems()
    );
    assert!(fresh.problems().contains("is missing from Hana Honest's log"), "{}", fresh.problems());
    let hub_file = root.join("HUB.json");
    let mut replaced = std::fs::read(&hub_file).unwrap();
    replaced.extend_from_slice(b" ");
    std::fs::write(&hub_file, replaced).unwrap();
    w.lead.sync(&w.hub);
    assert!(w.lead.problems().contains("HUB.json differs"), "{}", w.lead.problems());
}

#[test]
fn the_same_forgeries_leave_every_device_identical_whatever_order_they_pull_in() {
    let mut w = world();
    let theirs = w.honest.add_tagged("Hana's idea", &["falls"]);
    w.honest.sync(&w.hub);
    let mut shadow = w.mallory.op(theirs, edit(&[(IdeaField::Title, "Shadow")]));
    shadow.id = OpId(theirs);
    let rewrite = {
        let mut op = w.mallory.op(
            Uuid::nil(),
            OpPayload::IdeaCreated(IdeaCreated {
                title: "Rewritten".into(),
                problem: "p".into(),
                ..Default::default()
            }),
        );
        op.entity_id = theirs;
        op
    };
    // The lead pulled the honest idea before the forgeries existed; the admin meets both
    // at once; a device joining later meets them in the log's order.
    w.lead.sync(&w.hub);
    w.mallory.forge(&w.hub, &[shadow, rewrite]);
    w.admin.sync(&w.hub);
    let late = w.check("created once");
    w.admin.sync(&w.hub);
    assert_eq!(w.admin.state(), late.state());
    assert_eq!(w.lead.state(), late.state());
}

#[test]
fn a_review_nobody_asked_for_never_counts_and_an_asked_one_counts_everywhere() {
    let mut w = world();
    let mut rita = Device::new("Rita Reviewer");
    sprout_sync::join(&w.hub, &rita.store, &rita.me()).unwrap();
    sprout_sync::approve(&w.hub, &w.admin.store, &w.admin.key, rita.actor(), Role::Reviewer)
        .unwrap();
    rita.sync(&w.hub);
    let theirs = w.honest.add("Hana's idea");
    w.honest.sync(&w.hub);
    rita.sync(&w.hub);
    let review = OpPayload::ReviewSubmitted(sprout_core::ReviewSubmitted {
        scores: [("need".to_owned(), Some(5))].into_iter().collect(),
        note: String::new(),
    });
    let op = rita.op(theirs, review);
    rita.forge(&w.hub, &[op]);
    w.lead.sync(&w.hub);
    let idea = IdeaId::from_uuid(theirs);
    assert!(w.lead.store.reviews(idea).unwrap().is_empty(), "not asked: not counted");
    // The lead asks Rita afterwards: her review counts on every device, whatever order
    // they meet the review and the assignment in.
    let ask = OpPayload::ReviewerAssigned(sprout_core::ReviewerAssigned {
        reviewer: rita.actor().to_string(),
    });
    w.lead.store.commit(theirs, ask, Admission::admin()).unwrap();
    w.lead.sync(&w.hub);
    let fresh = w.check_nothing_lost();
    for d in [&w.lead, &fresh] {
        assert_eq!(d.store.reviews(idea).unwrap().len(), 1, "{}", d.person);
    }
}

#[test]
fn a_leads_snapshot_can_neither_forge_others_work_nor_hide_their_logs() {
    use base64::Engine;
    let mut w = world();
    let hidden = w.honest.add("Hana's idea, left out of the snapshot");
    w.honest.sync(&w.hub);
    w.lead.sync(&w.hub);
    // The lead bundles a changeset claiming to be the admin's (signed with the lead's own
    // key, the only one they hold) setting the hub's hospital-number formats, and leaves
    // Hana's log out.
    let admin_actor = w.admin.actor();
    let forged_op = {
        let id = OpId::minted(admin_actor, Uuid::now_v7());
        Op {
            id,
            hlc: Hlc::new(w.lead.store.now_millis(), 0),
            actor: admin_actor,
            entity_id: Uuid::nil(),
            payload: OpPayload::HospitalNumbersSet(sprout_core::HospitalNumbersSet {
                patterns: vec!["ZZZ".into()],
            }),
        }
    };
    let header = Header {
        format: sprout_sync::FORMAT_VERSION,
        hub: w.lead.store.hub_value("id").unwrap().unwrap(),
        actor: admin_actor,
        seq: 1,
        prev_hash: None,
        hlc_min: forged_op.hlc,
        hlc_max: forged_op.hlc,
        roster_epoch: 1,
        seen: Vec::new(),
    };
    let fake = sprout_sync::encode(&header, &[forged_op], &w.lead.key);
    let snapshot = sprout_sync::Snapshot {
        hub: header.hub.clone(),
        number: 1,
        logs: [(admin_actor, vec![base64::engine::general_purpose::STANDARD.encode(fake)])]
            .into_iter()
            .collect(),
        news: 0,
        // The way snapshots were written before parts, which a new PC still reads.
        parts: Vec::new(),
    };
    w.hub
        .create(&sprout_sync::snapshot_path(1), &sprout_sync::sign(&snapshot, &w.lead.key))
        .unwrap();
    // Only a device starting afresh reads the snapshot.
    let fresh = w.check_nothing_lost();
    for d in [&w.lead, &fresh] {
        assert!(d.store.hospital_number_patterns().unwrap().is_empty(), "{}", d.person);
        assert!(d.store.idea(IdeaId::from_uuid(hidden)).unwrap().is_some(), "{}", d.person);
    }
    assert!(fresh.problems().contains("signature does not match"), "{}", fresh.problems());
}

#[test]
fn a_join_request_whose_name_carries_control_characters_is_never_shown() {
    let w = world();
    let stranger = ActorKey::generate().unwrap();
    let actor = ActorId(Uuid::now_v7());
    let request = sprout_sync::JoinRequest {
        hub: w.admin.store.hub_value("id").unwrap().unwrap(),
        actor,
        person: "Ada Admin\u{1b}[2J\u{1b}[H".into(),
        site: String::new(),
        requested_at: "2026-11-29T10:00:00Z".into(),
    };
    w.hub
        .create(&sprout_sync::request_path(actor), &sprout_sync::sign(&request, &stranger))
        .unwrap();
    let pending = sprout_sync::pending_requests(&w.hub, &w.admin.store).unwrap();
    assert!(pending.iter().all(|(r, _)| r.actor != actor), "not offered for approval");
    let problems = sprout_sync::verify(&w.hub).unwrap();
    assert!(
        problems.iter().any(|p| p.contains("not one short line of plain text")),
        "{problems:?}"
    );
}

#[test]
fn forged_poc_records_are_refused_or_left_uncounted_on_every_device() {
    use std::collections::BTreeMap;

    use sprout_core::{PocEntryKind, PocLogged, PocPart, PocPartSet};

    let mut w = world();
    let theirs = w.honest.add("Hana's idea");
    w.honest.sync(&w.hub);
    w.lead.sync(&w.hub);
    // The lead plans one metric; everything after it is Mallory's.
    let metric = Uuid::now_v7();
    let plan = sprout_core::validate_part(
        theirs,
        PocPart::Metric,
        metric,
        &BTreeMap::from([(IdeaField::Metric, "Falls".to_owned())]),
    )
    .unwrap();
    w.lead.store.commit(theirs, OpPayload::PocPartSet(plan), Admission::admin()).unwrap();
    w.lead.sync(&w.hub);
    w.mallory.sync(&w.hub);

    let part = |part: PocPart, record: Uuid, set: &[(IdeaField, &str)]| {
        OpPayload::PocPartSet(PocPartSet {
            part,
            record,
            set: set.iter().map(|(f, v)| (*f, (*v).to_owned())).collect(),
        })
    };
    let logged = |kind: PocEntryKind, metric: Option<Uuid>, value: &str, note: &str| {
        OpPayload::PocLogged(PocLogged {
            kind,
            metric,
            value: value.into(),
            date: "2026-11-20".into(),
            note: note.into(),
        })
    };
    let forged = [
        // The plan is a lead's: a clinician's hypothesis is refused.
        part(PocPart::Hypothesis, Uuid::now_v7(), &[(IdeaField::Hypothesis, "It works")]),
        // A site's record lives at the id its site gives it, so no one can write a second
        // copy of a site, or another site's record under this one.
        part(PocPart::Site, Uuid::now_v7(), &[(IdeaField::Site, "Ward 9")]),
        // A milestone due on a day that does not exist.
        part(PocPart::Milestone, Uuid::now_v7(), &[(IdeaField::Due, "2026-02-30")]),
        // Patient details in a status note.
        logged(PocEntryKind::Status, None, "on-track", "Seen NHS 943 476 5919 today"),
        // Well formed but not hers to record: kept, never counted.
        logged(PocEntryKind::Actual, Some(metric), "999", ""),
    ];
    let ops: Vec<Op> = forged.into_iter().map(|p| w.mallory.op(theirs, p)).collect();
    w.mallory.forge(&w.hub, &ops);
    let fresh = w.check("may not plan a POC");
    let idea = IdeaId::from_uuid(theirs);
    for d in [&w.lead, &fresh] {
        let problems = d.problems();
        for reason in ["the site this record is for", "YYYY-MM-DD", "patient details"] {
            assert!(problems.contains(reason), "{}: {reason}:\n{problems}", d.person);
        }
        let poc = d.store.poc(idea, "2026-11-29").unwrap();
        assert!(poc.hypotheses.is_empty() && poc.sites.is_empty() && poc.milestones.is_empty());
        assert!(poc.status.is_none(), "{}", d.person);
        assert_eq!(poc.metrics.len(), 1, "the lead's metric arrived at {}", d.person);
        assert!(poc.metrics[0].actuals.is_empty(), "{}: Mallory is not the project lead", d.person);
    }
    assert_eq!(
        w.lead.store.poc(idea, "2026-11-29").unwrap(),
        fresh.store.poc(idea, "2026-11-29").unwrap()
    );
}

#[test]
fn one_huge_signed_file_never_stalls_sync() {
    let mut w = world();
    let own = w.mallory.add("Mine");
    w.mallory.sync(&w.hub);
    let at = Hlc::new(w.mallory.store.now_millis(), 0);
    let unknown = unknown_ops(&w.mallory, own, 200_000, at);
    // 200 000 tiny ops of a kind nobody knows: well under the size limit.
    forge_raw(&mut w.mallory, &w.hub, &unknown, at);
    let started = std::time::Instant::now();
    let report = w.lead.sync(&w.hub);
    println!("a 200 000-op changeset was refused in {:?}", started.elapsed());
    assert_eq!(report.rejected_files, 1, "{report:?}");
    assert_eq!(report.needs_newer, 0, "nothing of it is held: {report:?}");
    w.check("holds 200000 ops; a changeset may hold at most 5000");
}

#[test]
fn held_ops_are_recorded_with_their_changeset_in_one_transaction() {
    let mut w = world();
    let own = w.mallory.add("Mine");
    w.mallory.sync(&w.hub);
    let at = Hlc::new(w.mallory.store.now_millis(), 0);
    let ops = unknown_ops(&w.mallory, own, 5_000, at);
    forge_raw(&mut w.mallory, &w.hub, &ops, at);
    let started = std::time::Instant::now();
    let report = w.lead.sync(&w.hub);
    println!("5 000 held ops were recorded in {:?}", started.elapsed());
    assert_eq!(report.needs_newer, 5_000, "{report:?}");
    assert_eq!(w.lead.store.held_for_newer().unwrap().len(), 5_000);
    let fresh = w.check("needs a newer Sprout");
    assert_eq!(fresh.store.held_for_newer().unwrap().len(), 5_000);
}
