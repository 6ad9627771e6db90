//! Evidence documents on a POC through the real binary: confirmed free of patient data,
//! checked by the guard where Sprout can read them, limited in size, and read on another
//! PC only when their bytes match the SHA-256 the hub names them by.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::io::Write;
use std::path::{Path, PathBuf};

use support::{error_line, json, ok};

mod support;

struct World {
    tmp: tempfile::TempDir,
    hub: PathBuf,
    lead: PathBuf,
    nurse: PathBuf,
    id: String,
}

/// A lead and a nurse on one folder hub, with an idea at POC planning.
fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let (hub, lead, nurse) =
        (tmp.path().join("hub"), tmp.path().join("lead"), tmp.path().join("nurse"));
    let hub_s = hub.to_str().unwrap();
    support::sealed(&lead, "Priya Shah");
    ok(&lead, &["hub", "init", hub_s, "--name", "Test hub", "--person", "Priya Shah"]);
    ok(&nurse, &["hub", "join", hub_s, "--person", "Nia Nurse", "--site", "Ward 7"]);
    let request =
        json(&lead, &["hub", "requests", "--json"])[0]["actor"].as_str().unwrap().to_owned();
    ok(&lead, &["hub", "approve", &request, "--role", "clinician"]);
    let id = ok(&lead, &["idea", "add", "--title", "Bed sensors", "--problem", "Night falls"])
        .trim()
        .to_owned();
    for why in ["Triage", "Shape", "Evaluate"] {
        ok(&lead, &["idea", "move", &id, "--decision", "go", "--rationale", why]);
    }
    ok(&lead, &["idea", "framework", &id, "--clinical-sponsor", "Dr A Khan"]);
    ok(&lead, &["idea", "move", &id, "--decision", "go", "--rationale", "Plan"]);
    World { tmp, hub, lead, nurse, id }
}

fn file(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A Word document as Word writes one: a zip holding word/document.xml.
fn docx(dir: &Path, name: &str, paragraph: &str) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", options).unwrap();
    zip.write_all(b"<?xml version=\"1.0\"?><Types/>").unwrap();
    zip.start_file("word/document.xml", options).unwrap();
    // Word splits a run of text wherever it likes: the guard reads across the pieces.
    let (first, rest) = paragraph.split_at(paragraph.len() / 2);
    write!(zip, "<w:document><w:body><w:p><w:r><w:t>{first}</w:t></w:r><w:r><w:t>{rest}</w:t></w:r></w:p></w:body></w:document>").unwrap();
    zip.finish().unwrap();
    path
}

fn db_holds(dir: &Path, needle: &str) -> bool {
    std::fs::read_dir(dir).unwrap().flatten().any(|e| {
        std::fs::read(e.path())
            .is_ok_and(|b| b.windows(needle.len()).any(|w| w == needle.as_bytes()))
    })
}

#[test]
fn a_file_attached_on_one_pc_is_read_on_another_and_checked_by_its_hash() {
    let w = world();
    let report =
        file(w.tmp.path(), "baseline report.txt", b"Falls on ward 7: 5 a month in October.\n");
    let line = error_line(&w.lead, &["poc", "attach", &w.id, report.to_str().unwrap()]);
    assert!(line.contains("confirm the file holds no patient-identifiable data"), "{line}");
    // Attached while the hub is out of reach: kept on this PC until the next sync.
    let shown =
        ok(&w.lead, &["poc", "attach", &w.id, report.to_str().unwrap(), "--no-patient-data"]);
    assert!(shown.contains("File baseline report.txt (39 bytes"), "{shown}");
    let poc = json(&w.lead, &["poc", "show", &w.id, "--json"]);
    let sha = poc["attachments"][0]["sha256"].as_str().unwrap().to_owned();
    assert!(!w.hub.join("blobs").join(&sha).exists(), "not pushed before a sync");
    ok(&w.lead, &["sync"]);
    assert!(w.hub.join("blobs").join(&sha).exists());

    ok(&w.nurse, &["sync"]);
    let out = w.tmp.path().join("fetched.txt");
    let said = ok(
        &w.nurse,
        &["poc", "file", &w.id, "Baseline Report.txt", "--out", out.to_str().unwrap()],
    );
    assert!(said.starts_with("Saved baseline report.txt (39 bytes"), "{said}");
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&report).unwrap());

    // A damaged copy in the hub is refused, and said so, wherever it is read.
    let minutes = file(w.tmp.path(), "minutes.csv", b"meeting,decision\n2026-11-01,go\n");
    ok(&w.lead, &["poc", "attach", &w.id, minutes.to_str().unwrap(), "--no-patient-data"]);
    ok(&w.lead, &["sync"]);
    let poc = json(&w.lead, &["poc", "show", &w.id, "--json"]);
    let sha = poc["attachments"][1]["sha256"].as_str().unwrap().to_owned();
    let blob = w.hub.join("blobs").join(&sha);
    let mut perms = std::fs::metadata(&blob).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false, reason = "the test plays a saboteur")]
    perms.set_readonly(false);
    std::fs::set_permissions(&blob, perms).unwrap();
    std::fs::write(&blob, b"meeting,decision\n2026-11-01,stop\n").unwrap();
    ok(&w.nurse, &["sync"]);
    let line = error_line(
        &w.nurse,
        &["poc", "file", &w.id, "minutes.csv", "--out", out.to_str().unwrap()],
    );
    assert!(line.contains("does not match its fingerprint (SHA-256)"), "{line}");
    let problems = ok(&w.nurse, &["hub", "problems"]);
    assert!(problems.contains(&format!("blobs/{sha}")), "{problems}");
}

#[test]
fn patient_details_in_a_readable_file_and_files_over_the_limit_are_refused() {
    let w = world();
    let csv = file(w.tmp.path(), "audit.csv", b"bed,patient\n4,943 476 5919\n");
    let line =
        error_line(&w.lead, &["poc", "attach", &w.id, csv.to_str().unwrap(), "--no-patient-data"]);
    assert!(line.contains("the file audit.csv contains what looks like patient details"), "{line}");
    assert!(line.contains("nothing was attached"), "{line}");
    let word = docx(w.tmp.path(), "notes.docx", "Seen: NHS 943 476 5919 on ward 7");
    let line =
        error_line(&w.lead, &["poc", "attach", &w.id, word.to_str().unwrap(), "--no-patient-data"]);
    assert!(
        line.contains("the file notes.docx contains what looks like patient details"),
        "{line}"
    );
    let clean = docx(w.tmp.path(), "plan.docx", "Fit sensors on ward 7 in December");
    ok(&w.lead, &["poc", "attach", &w.id, clean.to_str().unwrap(), "--no-patient-data"]);

    let big = file(w.tmp.path(), "video.mp4", &vec![0u8; 21 * 1024 * 1024]);
    let line =
        error_line(&w.lead, &["poc", "attach", &w.id, big.to_str().unwrap(), "--no-patient-data"]);
    assert!(line.contains("video.mp4 is 21.0 MB; the limit for a POC's file is 20 MB"), "{line}");

    let poc = json(&w.lead, &["poc", "show", &w.id, "--json"]);
    let names: Vec<&str> = poc["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["plan.docx"]);
    ok(&w.lead, &["sync"]);
    for dir in [&w.lead, &w.hub] {
        assert!(!db_holds(dir, "943 476 5919"), "the number is stored nowhere");
    }
    assert!(
        !w.hub
            .join("blobs")
            .read_dir()
            .unwrap()
            .flatten()
            .any(|e| e.metadata().unwrap().len() > 1024 * 1024)
    );
}
