//! `sprout partners import`: an existing agreements register comes in through the real
//! binary, with a dry run first, a row-by-row report, and nothing created twice.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use support::{error_line, json, ok};

mod support;

const REGISTER: &str = "\
Company,Sector,Project,Contract type,Status,Start,End date,Notice days
Acme Health Ltd,Industry,Falls data,Data sharing,Active,01/04/2026,31/03/2027,60
Acme Health Ltd,Industry,Falls data,CDA,Expired,2025-01-01,2025-12-31,
University of Leeds,Academic,Falls prediction study,mICRA,In negotiation,,,
Beta Sensors,,Sensor pilot,CDA,Active,2026-01-01,,
Gamma Ltd,Industry,Gait study,Handshake,Active,,,
";

const MAP: [&str; 14] = [
    "--map",
    "partner=Company",
    "--map",
    "partner_kind=Sector",
    "--map",
    "partnership=Project",
    "--map",
    "type=Contract type",
    "--map",
    "effective=Start",
    "--map",
    "expires=End date",
    "--map",
    "notice_days=Notice days",
];

#[test]
fn a_register_comes_in_after_a_dry_run_and_never_twice() {
    let dir = support::lead_dir();
    let d = dir.path();
    let sheet = d.join("register.csv");
    std::fs::write(&sheet, REGISTER).unwrap();
    let sheet = sheet.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec!["partners", "import", sheet, "--json"];
        args.extend(MAP);
        args.extend(extra);
        json(d, &args)
    };

    let dry = run(&["--dry-run"]);
    let outcomes: Vec<(u64, &str)> = dry["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(outcomes, [(2, "create"), (3, "create"), (4, "create"), (5, "skip"), (6, "skip")]);
    assert_eq!(
        (dry["partners"].as_u64(), dry["partnerships"].as_u64(), dry["agreements"].as_u64()),
        (Some(2), Some(2), Some(3))
    );
    let says: Vec<&str> =
        dry["rows"].as_array().unwrap().iter().map(|r| r["says"].as_str().unwrap()).collect();
    assert!(says[3].contains("Beta Sensors is a new partner and its kind"), "{says:?}");
    assert!(says[4].contains("agreement type \"Handshake\""), "{says:?}");
    assert_eq!(
        json(d, &["partner", "list", "--json"]),
        serde_json::json!([]),
        "a dry run writes nothing"
    );

    let done = run(&[]);
    assert_eq!(done["agreements"], 3);
    let list = json(d, &["partnership", "list", "--json"]);
    assert_eq!(list["rows"].as_array().unwrap().len(), 2);
    let falls =
        list["rows"].as_array().unwrap().iter().find(|r| r["title"] == "Falls data").unwrap();
    let shown = json(d, &["partnership", "show", falls["id"].as_str().unwrap(), "--json"]);
    let agreements = shown["agreements"].as_array().unwrap();
    assert_eq!(agreements.len(), 2);
    let dsa = agreements.iter().find(|a| a["kind"] == "dsa").unwrap();
    assert_eq!(
        (dsa["effective"].as_str(), dsa["expires"].as_str(), dsa["notice_days"].as_u64()),
        (Some("2026-04-01"), Some("2027-03-31"), Some(60))
    );

    // The same sheet again creates nothing.
    let again = run(&[]);
    assert_eq!(again["agreements"], 0);
    let exists =
        again["rows"].as_array().unwrap().iter().filter(|r| r["outcome"] == "exists").count();
    assert_eq!(exists, 3);

    // Read by a person: one line a row, then what it came to.
    let mut args = vec!["partners", "import", sheet, "--dry-run"];
    args.extend(MAP);
    let text = ok(d, &args);
    assert!(
        text.contains("row 2: exists") && text.contains("row 6: skip: agreement type"),
        "{text}"
    );
    assert!(
        text.contains(
            "Would create 0 partner(s), 0 partnership(s) and 0 agreement(s); 2 row(s) skipped."
        ),
        "{text}"
    );
    let line = error_line(d, &["partners", "import", sheet]);
    assert_eq!(
        line,
        "error: the sheet has no \"Partner\" column: name it with --map partner=HEADER"
    );
    let line = error_line(d, &["partners", "import", sheet, "--map", "colour=Company"]);
    assert!(line.contains("\"colour\" is not a column of the register"), "{line}");
}
