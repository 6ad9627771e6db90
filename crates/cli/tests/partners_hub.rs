//! Confidential commercial terms through a real folder hub and the real binary: sealed on
//! the lead's PC, readable on the leads' PCs, never on a ward PC, in the hub folder or in
//! the ward PC's database; a lead approved later reads them once a lead's PC seals them
//! again.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::{Path, PathBuf};

use support::{json, ok};

mod support;

/// Every file under `dir`, as bytes.
fn every_file(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(every_file(&path));
        } else {
            files.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    files
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn request_of(lead: &Path, person: &str) -> String {
    let requests = json(lead, &["hub", "requests", "--json"]);
    let found = requests.as_array().unwrap().iter().find(|r| r["person"] == person).unwrap();
    found["actor"].as_str().unwrap().to_owned()
}

#[test]
fn a_confidential_amount_is_read_by_leads_only_and_a_later_lead_once_it_is_sealed_again() {
    let tmp = tempfile::tempdir().unwrap();
    let (hub, lead, ward, later) = (
        tmp.path().join("share/hub"),
        tmp.path().join("lead"),
        tmp.path().join("ward"),
        tmp.path().join("later"),
    );
    let hub_s = hub.to_str().unwrap();
    support::sealed(&lead, "Priya Shah");
    ok(&lead, &["hub", "init", hub_s, "--name", "Test hub", "--person", "Priya Shah"]);
    ok(&ward, &["hub", "join", hub_s, "--person", "Nia Nurse", "--site", "Ward 7"]);
    ok(&lead, &["hub", "approve", &request_of(&lead, "Nia Nurse"), "--role", "clinician"]);

    let partner = ok(&lead, &["partner", "add", "--name", "Acme Health Ltd", "--kind", "industry"]);
    let p = ok(
        &lead,
        &[
            "partnership",
            "add",
            "--partner",
            partner.trim(),
            "--title",
            "Falls data",
            "--kind",
            "data",
        ],
    );
    let p = p.trim();
    let agreement =
        ok(&lead, &["agreement", "add", "--partnership", p, "--type", "dsa", "--status", "active"]);
    let agreement = agreement.trim();
    ok(
        &lead,
        &[
            "agreement",
            "term",
            agreement,
            "--mechanism",
            "royalty",
            "--amount",
            "98,765.43",
            "--due",
            "2027-03-31",
            "--by",
            "partner",
            "--confidential",
        ],
    );
    ok(&lead, &["agreement", "term", agreement, "--mechanism", "access-fee", "--amount", "1,500"]);
    ok(&lead, &["sync"]);
    ok(&ward, &["sync"]);

    let terms =
        |dir: &Path| json(dir, &["partnership", "show", p, "--json"])["obligations"].clone();
    let on_lead = terms(&lead);
    let royalty = on_lead.as_array().unwrap().iter().find(|t| t["what"] == "royalty").unwrap();
    assert_eq!(
        (royalty["amount_pence"].as_i64(), royalty["confidential"].as_bool()),
        (Some(9_876_543), Some(true))
    );

    // The ward PC sees the term, its kind and due date, never its amount.
    let on_ward = terms(&ward);
    let royalty = on_ward.as_array().unwrap().iter().find(|t| t["what"] == "royalty").unwrap();
    assert_eq!(royalty["confidential"], true);
    assert!(royalty["amount_pence"].is_null(), "{royalty}");
    assert_eq!(royalty["due"], "2027-03-31");
    let fee = on_ward.as_array().unwrap().iter().find(|t| t["what"] == "access-fee").unwrap();
    assert_eq!(fee["amount_pence"], 150_000, "a term not marked confidential is read by all");
    let shown = ok(&ward, &["partnership", "show", p]);
    assert!(shown.contains("royalty (confidential)") && !shown.contains("98,765"), "{shown}");
    for (file, bytes) in every_file(&hub).into_iter().chain(every_file(&ward)) {
        for digits in ["9876543", "98765", "98,765"] {
            assert!(!holds(&bytes, digits), "{} holds {digits}", file.display());
        }
    }

    // A lead approved now cannot read it until a lead's PC seals it again.
    support::sealed(&later, "Lou Later");
    ok(&later, &["hub", "join", hub_s]);
    ok(&lead, &["hub", "approve", &request_of(&lead, "Lou Later"), "--role", "lead"]);
    ok(&later, &["sync"]);
    let amount = |dir: &Path| {
        terms(dir).as_array().unwrap().iter().find(|t| t["what"] == "royalty").unwrap()["amount_pence"]
            .clone()
    };
    assert!(amount(&later).is_null());
    // The lead's PC, which approved Lou, seals it again to the new set at once; its next
    // sync sends it.
    let said = ok(&lead, &["partners", "reseal"]);
    assert_eq!(said.trim(), "Sealed 1 confidential amount(s) again to the current leads.");
    assert_eq!(
        ok(&lead, &["partners", "reseal"]).trim(),
        "Sealed 0 confidential amount(s) again to the current leads."
    );
    ok(&lead, &["sync"]);
    ok(&later, &["sync"]);
    ok(&ward, &["sync"]);
    assert_eq!(amount(&later), 9_876_543);
    assert!(amount(&ward).is_null());
    // A clinician cannot seal amounts again.
    let line = support::error_line(&ward, &["partners", "reseal"]);
    assert_eq!(line, "error: a clinician may not record partnerships: leads and admins do");

    // A lead's PC seals again on its own after a sync: a second lead approved later reads
    // the royalty once the first lead's PC has synced, with no command.
    let third = tmp.path().join("third");
    support::sealed(&third, "Tess Third");
    ok(&third, &["hub", "join", hub_s]);
    ok(&lead, &["hub", "approve", &request_of(&lead, "Tess Third"), "--role", "lead"]);
    ok(&third, &["sync"]);
    assert!(amount(&third).is_null());
    ok(&lead, &["sync"]);
    ok(&third, &["sync"]);
    assert_eq!(amount(&third), 9_876_543);

    // A confidential document: sealed on the lead's PC, opened on the leads' PCs only.
    let terms = tmp.path().join("terms.txt");
    std::fs::write(&terms, "Royalty rate seven and a half per cent on UK sales of the sensor.")
        .unwrap();
    let terms_s = terms.to_str().unwrap();
    let line =
        support::error_line(&lead, &["agreement", "attach", agreement, terms_s, "--confidential"]);
    assert!(line.contains("confirm the file holds no patient-identifiable data"), "{line}");
    let patient = tmp.path().join("notes.txt");
    std::fs::write(&patient, "Mrs Jones, NHS 943 476 5919, fell twice").unwrap();
    let line = support::error_line(
        &lead,
        &["agreement", "attach", agreement, patient.to_str().unwrap(), "--no-patient-data"],
    );
    assert!(line.contains("NHS number"), "{line}");
    let document = ok(
        &lead,
        &["agreement", "attach", agreement, terms_s, "--no-patient-data", "--confidential"],
    );
    let document = document.trim();
    ok(&lead, &["sync"]);
    for dir in [&later, &ward] {
        ok(dir, &["sync"]);
    }
    let out_dir = tmp.path().join("saved");
    std::fs::create_dir_all(&out_dir).unwrap();
    let out_s = out_dir.to_str().unwrap();
    let saved = ok(&later, &["agreement", "document", document, "--to", out_s]);
    assert!(saved.contains("terms.txt"), "{saved}");
    assert_eq!(std::fs::read(out_dir.join("terms.txt")).unwrap(), std::fs::read(&terms).unwrap());
    std::fs::remove_file(out_dir.join("terms.txt")).unwrap();
    let line = support::error_line(&ward, &["agreement", "document", document, "--to", out_s]);
    assert!(line.contains("terms.txt is confidential"), "{line}");
    assert!(!out_dir.join("terms.txt").exists());
    assert!(ok(&ward, &["partnership", "show", p]).contains("terms.txt (confidential)"));
    for (file, bytes) in every_file(&hub).into_iter().chain(every_file(&ward)) {
        assert!(
            !holds(&bytes, "seven and a half"),
            "{} holds the document's words",
            file.display()
        );
    }

    // A lead approved after the document was attached opens it once a lead's PC has
    // synced (and sealed it again).
    let fourth = tmp.path().join("fourth");
    support::sealed(&fourth, "Val Fourth");
    ok(&fourth, &["hub", "join", hub_s]);
    ok(&lead, &["hub", "approve", &request_of(&lead, "Val Fourth"), "--role", "lead"]);
    ok(&fourth, &["sync"]);
    let line = support::error_line(&fourth, &["agreement", "document", document, "--to", out_s]);
    assert!(line.contains("terms.txt is confidential"), "{line}");
    ok(&lead, &["sync"]);
    ok(&fourth, &["sync"]);
    ok(&fourth, &["agreement", "document", document, "--to", out_s]);
    assert_eq!(std::fs::read(out_dir.join("terms.txt")).unwrap(), std::fs::read(&terms).unwrap());
    // Saved again, it is numbered beside the first rather than written over it.
    std::fs::write(out_dir.join("terms.txt"), "the lead's own notes").unwrap();
    let again = ok(&fourth, &["agreement", "document", document, "--to", out_s]);
    assert!(again.contains("terms (2).txt"), "{again}");
    assert_eq!(
        std::fs::read(out_dir.join("terms (2).txt")).unwrap(),
        std::fs::read(&terms).unwrap()
    );
    assert_eq!(std::fs::read_to_string(out_dir.join("terms.txt")).unwrap(), "the lead's own notes");
}
