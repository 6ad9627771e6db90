//! `sprout import` and `sprout export` with spreadsheets made by other programs: workbooks
//! written by openpyxl (as a hub's own scripts and Excel write them), a Windows-1252 CSV,
//! a Forms-shaped export; and exports read back by openpyxl, a third-party reader.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use support::{clinician_dir, error_line, json, lead_dir, ok, run};

/// A Python with openpyxl: the test command provides one (`SPROUT_TEST_PYTHON`) and
/// requires every test; elsewhere a test without it says so and passes.
fn python() -> Option<PathBuf> {
    let candidates = std::env::var_os("SPROUT_TEST_PYTHON").map(PathBuf::from).into_iter().chain(
        std::env::var_os("HOME")
            .map(|h| PathBuf::from(h).join(".cache/sprout-test-tools/moto/bin/python")),
    );
    for python in candidates {
        let works = Command::new(&python)
            .args(["-c", "import openpyxl"])
            .status()
            .is_ok_and(|s| s.success());
        if works {
            return Some(python);
        }
    }
    assert!(
        std::env::var_os("SPROUT_REQUIRE_ALL_TESTS").is_none(),
        "no Python with openpyxl (SPROUT_TEST_PYTHON), but every test is required"
    );
    eprintln!("skipped: no Python with openpyxl");
    None
}

/// Runs a Python script with openpyxl; `args` are its `sys.argv[1:]`. Returns stdout.
fn py(python: &Path, script: &str, args: &[&Path]) -> String {
    let out = Command::new(python).arg("-c").arg(script).args(args).output().unwrap();
    assert!(out.status.success(), "python failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

const NHS_NUMBER: &str = "943 476 5919";

/// Every byte Sprout keeps in its data folder, as text: the database (with any WAL) and
/// the log.
fn everything_kept(dir: &Path) -> String {
    let mut all = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            all.push_str(&String::from_utf8_lossy(&std::fs::read(&path).unwrap()));
        }
    }
    all
}

fn rows(report: &Value, what: &str) -> Vec<u64> {
    report[what].as_array().unwrap().iter().map(|r| r["row"].as_u64().unwrap()).collect()
}

#[test]
fn a_forms_workbook_made_by_openpyxl_is_dry_run_then_imported_once() {
    let Some(python) = python() else { return };
    let lead = lead_dir();
    let sheet = lead.path().join("Innovation ideas(1-4).xlsx");
    py(
        &python,
        &format!(
            r#"
import sys, datetime, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Sheet1"
ws.append(["ID", "Start time", "Completion time", "Email", "Name",
           "Give your idea a short title", "What problem have you noticed?",
           "How could we solve it?", "Which ward or department?", "Which hospital site?"])
t = datetime.datetime
ws.append([1, t(2025, 3, 1, 9, 0), t(2025, 3, 1, 9, 4), "a@nhs.net", "Sam Nurse",
           "Night-time falls", "Patients fall on the way to the toilet at night",
           "Motion-sensor lights", "Ward 7", "Royal"])
ws.append([2, t(2025, 3, 2, 9, 0), t(2025, 3, 2, 9, 4), "b@nhs.net", "Ola Doctor",
           "Late discharge letters", "Patient {NHS_NUMBER} waited two days for a letter",
           "", "AMU", "Royal"])
ws.append([3, t(2025, 3, 3, 9, 0), t(2025, 3, 3, 9, 4), "c@nhs.net", "Ola Doctor",
           "", "A problem with no title", "", "AMU", "General"])
ws.append([4, t(2025, 3, 4, 9, 0), t(2025, 3, 4, 9, 4), "d@nhs.net", "Kit Porter",
           "Porter requests by text", "Porters are paged by phone and the line is busy",
           "A request app", "Portering", "General"])
wb.save(sys.argv[1])
"#
        ),
        &[&sheet],
    );
    let file = sheet.to_str().unwrap();
    let dry = json(lead.path(), &["import", file, "--dry-run", "--json"]);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(rows(&dry, "created"), [2, 5]);
    assert_eq!(rows(&dry, "skipped"), [3, 4]);
    assert_eq!(dry["skipped"][0]["column"], "What problem have you noticed?");
    assert_eq!(
        dry["skipped"][0]["reason"],
        "patient details found in the What problem have you noticed? column"
    );
    assert_eq!(dry["skipped"][1]["reason"], "the row has no title");
    let listed = json(lead.path(), &["idea", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 0, "a dry run writes nothing");

    let done = json(lead.path(), &["import", file, "--json"]);
    assert_eq!(rows(&done, "created"), [2, 5]);
    let ideas = json(lead.path(), &["idea", "list", "--json"]);
    let ideas = ideas.as_array().unwrap();
    let falls = ideas.iter().find(|i| i["title"] == "Night-time falls").unwrap();
    assert_eq!(falls["original_submitter"], "Sam Nurse");
    assert_eq!(falls["author"], "Lee Lead", "credited to the importing person");
    assert_eq!(falls["department"], "Ward 7");
    assert_eq!(falls["site"], "Royal");
    assert_eq!(falls["created_at"], "2025-03-01T00:00:00Z", "the sheet's submission day");
    let shown = ok(lead.path(), &["idea", "show", falls["id"].as_str().unwrap()]);
    assert!(shown.contains("first submitted by Sam Nurse"), "{shown}");

    // The number is nowhere: not in the database, its op log, the log file or the report.
    assert!(!everything_kept(lead.path()).contains(NHS_NUMBER));
    assert!(!everything_kept(lead.path()).contains("9434765919"));
    assert!(!dry.to_string().contains(NHS_NUMBER) && !done.to_string().contains(NHS_NUMBER));

    let again = json(lead.path(), &["import", file, "--json"]);
    assert_eq!((rows(&again, "created"), again["unchanged"].as_u64()), (vec![], Some(2)));
    assert_eq!(json(lead.path(), &["idea", "list", "--json"]).as_array().unwrap().len(), 2);
}

#[test]
fn a_windows_1252_csv_with_semicolons_reports_each_bad_row_by_number_and_column() {
    let lead = lead_dir();
    let csv = lead.path().join("tracker.csv");
    // Windows-1252, no BOM, semicolons: as Excel on many European PCs saves "CSV".
    let mut bytes = b"Ref;Title;Description;Status;Date submitted;Site\r\n".to_vec();
    bytes.extend(b"T-1;Caf\xe9 menus for night staff;Night staff have no hot food after 8pm;POC planning;01/02/2025;Royal\r\n");
    bytes.extend(b"T-2;Quiet \x93protected\x94 mealtimes;Ward rounds interrupt meals;Nowhere;02/02/2025;Royal\r\n");
    bytes.extend(
        b"T-3;Bedside whiteboards;Families cannot see the plan;Triage;31/02/2025;General\r\n",
    );
    bytes.extend(b"T-4;Handover sheets;Handover takes too long;declined;03/02/2025;General\r\n");
    std::fs::write(&csv, bytes).unwrap();
    let report = json(lead.path(), &["import", csv.to_str().unwrap(), "--json"]);
    assert_eq!(rows(&report, "created"), [2, 5]);
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(rows(&report, "skipped"), [3, 4]);
    assert_eq!(skipped[0]["column"], "Status");
    assert!(skipped[0]["reason"].as_str().unwrap().contains("does not name a stage"));
    assert_eq!(skipped[1]["column"], "Date submitted");
    assert!(skipped[1]["reason"].as_str().unwrap().contains("date Sprout cannot read"));
    let ideas = json(lead.path(), &["idea", "list", "--json"]);
    let cafe = ideas.as_array().unwrap().iter().find(|i| i["site"] == "Royal").unwrap();
    assert_eq!(cafe["title"], "Café menus for night staff");
    assert_eq!(cafe["stage"], "poc_planning");
    let declined = ideas.as_array().unwrap().iter().find(|i| i["site"] == "General").unwrap();
    assert_eq!(declined["stage"], "declined");
    assert_eq!(declined["last_decision"]["decision"], "stop");
}

#[test]
fn an_export_edited_in_three_cells_imports_as_exactly_those_three_changes() {
    let Some(python) = python() else { return };
    let lead = lead_dir();
    for (title, site) in
        [("Falls at night", "Royal"), ("Late letters", "Royal"), ("Porters", "General")]
    {
        ok(
            lead.path(),
            &["idea", "add", "--title", title, "--problem", "It happens daily", "--site", site],
        );
    }
    let first = json(lead.path(), &["idea", "list", "--json"]);
    let id_of = |title: &str| {
        first.as_array().unwrap().iter().find(|i| i["title"] == title).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    ok(lead.path(), &["idea", "tag", &id_of("Porters"), "estates"]);
    let sheet = lead.path().join("pipeline.xlsx");
    let file = sheet.to_str().unwrap();
    ok(lead.path(), &["export", "--out", file]);

    let unchanged = json(lead.path(), &["import", file, "--json"]);
    assert_eq!(
        (
            rows(&unchanged, "created").len(),
            rows(&unchanged, "updated").len(),
            unchanged["unchanged"].as_u64()
        ),
        (0, 0, Some(3)),
        "an unchanged export imports as no change: {unchanged}"
    );

    py(
        &python,
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["Ideas"]
head = [c.value for c in ws[1]]
col = {name: i + 1 for i, name in enumerate(head)}
for row in range(2, ws.max_row + 1):
    title = ws.cell(row, col["Title"]).value
    if title == "Falls at night":
        ws.cell(row, col["Title"]).value = "Falls at night on Ward 7"
        ws.cell(row, col["Department"]).value = "Ward 7"
    if title == "Porters":
        ws.cell(row, col["Tags"]).value = "estates, portering"
wb.save(sys.argv[1])
"#,
        &[&sheet],
    );
    let report = json(lead.path(), &["import", file, "--json"]);
    let updated = report["updated"].as_array().unwrap();
    let mut changes: Vec<(String, Vec<String>)> = updated
        .iter()
        .map(|u| {
            let fields =
                u["changed"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_owned());
            (u["idea"].as_str().unwrap().to_owned(), fields.collect())
        })
        .collect();
    changes.sort();
    let mut want = [
        (id_of("Falls at night"), vec!["title".to_owned(), "department or ward".to_owned()]),
        (id_of("Porters"), vec!["tags".to_owned()]),
    ];
    want.sort();
    assert_eq!(changes, want);
    assert_eq!(report["unchanged"], 1);
    let falls = json(lead.path(), &["idea", "show", &id_of("Falls at night"), "--json"]);
    assert_eq!(
        (falls["title"].as_str(), falls["department"].as_str()),
        (Some("Falls at night on Ward 7"), Some("Ward 7"))
    );
    let porters = json(lead.path(), &["idea", "show", &id_of("Porters"), "--json"]);
    assert_eq!(porters["tags"], serde_json::json!(["estates", "portering"]));
    let again = json(lead.path(), &["import", file, "--json"]);
    assert_eq!(again["unchanged"], 3, "importing the same file twice changes nothing more");
}

#[test]
fn a_formula_title_exports_as_text_that_no_spreadsheet_runs() {
    let Some(python) = python() else { return };
    let lead = lead_dir();
    let formula = r#"=HYPERLINK("http://x","click")"#;
    ok(lead.path(), &["idea", "add", "--title", formula, "--problem", "Looks like a formula"]);
    ok(
        lead.path(),
        &["idea", "add", "--title", "+44 line busy", "--problem", "Starts with a plus"],
    );
    let xlsx = lead.path().join("ideas.xlsx");
    let csv = lead.path().join("ideas.csv");
    ok(lead.path(), &["export", "--out", xlsx.to_str().unwrap()]);
    ok(lead.path(), &["export", "--format", "csv", "--out", csv.to_str().unwrap()]);
    let read = py(
        &python,
        r#"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Ideas"]
for row in ws.iter_rows(min_row=2, max_col=2):
    print(row[1].data_type, row[1].value)
"#,
        &[&xlsx],
    );
    assert!(read.lines().any(|l| l == format!("s {formula}")), "{read}");
    assert!(read.lines().all(|l| l.starts_with("s ")), "no formula cells: {read}");
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains(r#""'=HYPERLINK(""http://x"",""click"")""#), "{text}");
    assert!(text.contains("'+44 line busy"), "{text}");
    // And back in: the apostrophe is Sprout's own, so the titles are as they were.
    let back = json(lead.path(), &["import", csv.to_str().unwrap(), "--json"]);
    assert_eq!(back["unchanged"], 2, "{back}");
}

#[test]
fn everything_exports_as_one_sheet_per_kind() {
    let Some(python) = python() else { return };
    let lead = lead_dir();
    ok(lead.path(), &["idea", "add", "--title", "Falls", "--problem", "At night"]);
    let book = lead.path().join("all.xlsx");
    let said = ok(lead.path(), &["export", "--what", "all", "--out", book.to_str().unwrap()]);
    assert!(said.contains("Ideas: 1 rows"), "{said}");
    let names = py(
        &python,
        "import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1]).sheetnames)",
        &[&book],
    );
    assert_eq!(
        names.trim(),
        "['Ideas', 'Decisions', 'Scores', 'POCs', 'Metrics and actuals', 'Milestones', 'Budget']"
    );
}

#[test]
fn wrong_input_gets_one_line_and_writes_nothing() {
    let lead = lead_dir();
    let csv = lead.path().join("t.csv");
    std::fs::write(&csv, "Title,Problem,Ward\nFalls,At night,7\n").unwrap();
    let file = csv.to_str().unwrap();
    let pdf = lead.path().join("ideas.pdf");
    std::fs::write(&pdf, "%PDF-1.4").unwrap();
    assert!(
        error_line(lead.path(), &["import", pdf.to_str().unwrap()])
            .contains("choose an .xlsx workbook or a .csv file")
    );
    let missing = lead.path().join("nowhere.csv");
    assert!(
        error_line(lead.path(), &["import", missing.to_str().unwrap()])
            .contains("could not be read")
    );
    assert!(
        error_line(lead.path(), &["import", file, "--map", "Problem=ignore"])
            .contains("choose the column that holds each idea's problem")
    );
    assert!(
        error_line(lead.path(), &["import", file, "--map", "Ward=wardrobe"])
            .contains("\"wardrobe\" is not a field Sprout imports")
    );
    assert!(
        error_line(lead.path(), &["import", file, "--map", "Bed=site"])
            .contains("the sheet has no column \"Bed\"")
    );
    assert!(
        error_line(lead.path(), &["import", file, "--map", "Ward=title"])
            .contains("two columns are mapped to Title")
    );
    assert!(
        error_line(lead.path(), &["import", file, "--mapping", "tracker"])
            .contains("no mapping is saved as \"tracker\"")
    );
    let out = lead.path().join("x.csv");
    let out = out.to_str().unwrap();
    assert!(
        error_line(lead.path(), &["export", "--what", "all", "--out", out])
            .contains("a CSV file holds one sheet")
    );
    assert!(
        error_line(lead.path(), &["export", "--format", "pdf", "--out", out])
            .contains("choose xlsx or csv")
    );
    assert!(
        error_line(lead.path(), &["export", "--what", "people", "--out", out])
            .contains("choose ideas, pocs or all")
    );
    assert_eq!(json(lead.path(), &["idea", "list", "--json"]).as_array().unwrap().len(), 0);

    let ward = clinician_dir();
    let csv = ward.path().join("t.csv");
    std::fs::write(&csv, "Title,Problem\nFalls,At night\n").unwrap();
    assert_eq!(
        error_line(ward.path(), &["import", csv.to_str().unwrap()]),
        "error: only leads and admins import ideas"
    );
    let _ = run;
}

#[test]
fn a_mapping_saved_by_name_is_used_next_time() {
    let lead = lead_dir();
    let csv = lead.path().join("t.csv");
    std::fs::write(&csv, "Idea,Notes,Ward\nFalls,At night,7\n").unwrap();
    let file = csv.to_str().unwrap();
    let first = json(
        lead.path(),
        &[
            "import",
            file,
            "--map",
            "Idea=title",
            "--map",
            "Notes=problem",
            "--save-as",
            "ward tracker",
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(rows(&first, "created"), [2]);
    std::fs::write(&csv, "Ward,Notes,Idea\n8,Slow lifts,Lifts\n").unwrap();
    let second = json(lead.path(), &["import", file, "--mapping", "ward tracker", "--json"]);
    assert_eq!(rows(&second, "created"), [2]);
    let ideas = json(lead.path(), &["idea", "list", "--json"]);
    assert_eq!(ideas[0]["title"], "Lifts");
    assert_eq!(ideas[0]["department"], "8");
}

#[test]
fn imported_ideas_reach_another_pc_with_their_stage_and_first_submitter() {
    let tmp = tempfile::tempdir().unwrap();
    let (hub, lead, ward) =
        (tmp.path().join("hub"), tmp.path().join("lead"), tmp.path().join("ward"));
    let hub = hub.to_str().unwrap();
    support::sealed(&lead, "Priya Shah");
    ok(&lead, &["hub", "init", hub, "--name", "Test hub", "--person", "Priya Shah"]);
    ok(&ward, &["hub", "join", hub, "--person", "Nia Nurse", "--site", "Ward 7"]);
    for request in json(&lead, &["hub", "requests", "--json"]).as_array().unwrap() {
        ok(&lead, &["hub", "approve", request["actor"].as_str().unwrap(), "--role", "clinician"]);
    }
    let csv = tmp.path().join("tracker.csv");
    std::fs::write(
        &csv,
        "Ref,Title,Problem,Status,Submitted by,Supporters\nT-1,Falls at night,Seen every week,Evaluate,Sam Nurse,4\n",
    )
    .unwrap();
    ok(&lead, &["import", csv.to_str().unwrap()]);
    ok(&lead, &["sync"]);
    ok(&ward, &["sync"]);
    let ideas = json(&ward, &["idea", "list", "--json"]);
    let falls = &ideas[0];
    assert_eq!(
        (falls["title"].as_str(), falls["stage"].as_str(), falls["original_submitter"].as_str()),
        (Some("Falls at night"), Some("evaluate"), Some("Sam Nurse"))
    );
    assert_eq!(
        (falls["author"].as_str(), falls["supporters"].as_u64()),
        (Some("Priya Shah"), Some(4))
    );
    // A clinician's PC may not import: the stage it would set is a gate decision.
    assert_eq!(
        error_line(&ward, &["import", csv.to_str().unwrap()]),
        "error: only leads and admins import ideas"
    );
}
