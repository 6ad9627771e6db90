//! `sprout partner`, `partnership`, `agreement` and `partners` through the real binary: a
//! data partnership moves through its gates only with its five principles evidenced,
//! agreements expire on their date, what is due is listed soonest first, the public
//! register holds no term or contact, and bad input writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;

use support::{error_line, json, ok};

mod support;

/// A date `days` from today, YYYY-MM-DD.
fn day(days: i64) -> String {
    (chrono::Local::now().date_naive() + chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

fn id(out: &str) -> String {
    out.trim().to_owned()
}

/// A partner with a contact, and a data partnership with it serving a new idea.
fn data_partnership(d: &Path) -> (String, String) {
    let partner =
        id(&ok(d, &["partner", "add", "--name", "Acme Health Ltd", "--kind", "industry"]));
    ok(
        d,
        &[
            "partner",
            "contact",
            &partner,
            "--name",
            "Ana Lee",
            "--role",
            "Head of partnerships",
            "--email",
            "ana.lee@acme.example.com",
            "--phone",
            "0113 496 0000",
        ],
    );
    let idea =
        id(&ok(d, &["idea", "add", "--title", "Bed-exit sensors", "--problem", "Night falls"]));
    let partnership = id(&ok(
        d,
        &[
            "partnership",
            "add",
            "--partner",
            &partner,
            "--title",
            "Falls data for sensor tuning",
            "--kind",
            "data",
            "--idea",
            &idea,
        ],
    ));
    (partner, partnership)
}

/// What a data partnership needs on paper to be signed but its board approval: an
/// active agreement and evidence for each of the five principles.
fn agreed_and_evidenced(d: &Path, partnership: &str) {
    ok(
        d,
        &[
            "agreement",
            "add",
            "--partnership",
            partnership,
            "--type",
            "dsa",
            "--status",
            "active",
            "--effective",
            &day(-5),
        ],
    );
    for n in ["1", "2", "3", "4", "5"] {
        ok(
            d,
            &[
                "partnership",
                "principle",
                partnership,
                n,
                "--evidence",
                "Set out in the business case",
            ],
        );
    }
}

fn stage(d: &Path, partnership: &str, to: &str, why: &str) -> std::process::Output {
    support::run(d, &["partnership", "stage", partnership, to, "--rationale", why])
}

#[test]
fn a_data_partnership_is_signed_only_with_its_principles_evidenced_and_interests_declared() {
    let dir = support::lead_dir();
    let d = dir.path();
    let (_, p) = data_partnership(d);

    let line = error_line(d, &["partnership", "stage", &p, "signed", "--rationale", "Skip ahead"]);
    assert_eq!(
        line,
        "error: partnership stage cannot be taken: a partnership moves one stage at a time (from discovery the next is due-diligence), or to declined"
    );
    ok(d, &["partnership", "stage", &p, "due-diligence", "--rationale", "Worth a look"]);
    ok(d, &["partnership", "stage", &p, "negotiation", "--rationale", "Terms next"]);

    let refused = stage(d, &p, "signed", "Signed");
    let said = String::from_utf8_lossy(&refused.stderr).into_owned();
    assert!(!refused.status.success());
    for needed in
        ["At least one agreement active", "Explicit aim", "answered no", "board's approval"]
    {
        assert!(said.contains(needed), "{needed:?} not in {said}");
    }
    agreed_and_evidenced(d, &p);
    ok(d, &["partnership", "set", &p, "--exclusive", "yes"]);
    let said = String::from_utf8_lossy(&stage(d, &p, "signed", "Signed").stderr).into_owned();
    assert!(said.contains("Exclusive access to raw data answered no"), "{said}");
    assert!(!said.contains("Explicit aim"), "the principles are evidenced now: {said}");
    ok(
        d,
        &[
            "partnership",
            "set",
            &p,
            "--exclusive",
            "no",
            "--board-approved",
            &day(-2),
            "--board-ref",
            "TB/26/114",
        ],
    );
    ok(d, &["partnership", "stage", &p, "signed", "--rationale", "Signed by both"]);

    // To active, everyone deciding has declared their interests.
    let line = error_line(d, &["partnership", "stage", &p, "active", "--rationale", "Live"]);
    assert_eq!(line, "error: Active needs: Lee Lead has declared their interests");
    ok(d, &["partnership", "declare", &p, "--none"]);
    ok(d, &["partnership", "stage", &p, "active", "--rationale", "Live"]);

    let shown = json(d, &["partnership", "show", &p, "--json"]);
    assert_eq!(shown["stage"], "active");
    assert_eq!(shown["history"].as_array().unwrap().len(), 4);
    assert_eq!(shown["ideas"][0]["title"], "Bed-exit sensors");
    assert_eq!(shown["principles"].as_array().unwrap().len(), 5);
    let list = json(d, &["partnership", "list", "--json"]);
    assert_eq!(list["by_stage"], serde_json::json!([["active", 1]]));

    // Someone with an interest can neither own it nor take its decisions.
    ok(d, &["partnership", "declare", &p, "--interest", "Shares in Acme", "--kind", "financial"]);
    let line = error_line(d, &["partnership", "set", &p, "--owner", "Lee Lead"]);
    assert_eq!(
        line,
        "error: owner cannot be someone who has declared an interest in this partnership"
    );
    let line = error_line(d, &["partnership", "stage", &p, "closed", "--rationale", "Done"]);
    assert!(line.contains("declared an interest"), "{line}");
}

#[test]
fn agreements_expire_on_their_date_and_due_lists_the_soonest_first() {
    let dir = support::lead_dir();
    let d = dir.path();
    let (_, p) = data_partnership(d);
    let agreement = |expires: &str, notice: Option<&str>| {
        let mut args = vec![
            "agreement",
            "add",
            "--partnership",
            &p,
            "--type",
            "cda",
            "--status",
            "active",
            "--effective",
            "2026-01-01",
            "--expires",
            expires,
        ];
        if let Some(n) = notice {
            args.extend(["--notice-days", n]);
        }
        id(&ok(d, &args))
    };
    let (yesterday, today) = (day(-1), day(0));
    let lapsed = agreement(&yesterday, None);
    let ends_today = agreement(&today, None);
    let in_60 = agreement(&day(60), None);
    let _in_200 = agreement(&day(200), None);
    let _short_notice = agreement(&day(60), Some("30"));

    let shown = json(d, &["partnership", "show", &p, "--json"]);
    let status = |id: &str| {
        shown["agreements"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap()["status"]
            .clone()
    };
    assert_eq!(status(&lapsed), "expired", "past its date");
    assert_eq!(status(&ends_today), "active", "still active on its last day");

    let overdue = id(&ok(
        d,
        &[
            "agreement",
            "obligation",
            &in_60,
            "--title",
            "Quarterly report",
            "--due",
            &day(-5),
            "--by",
            "nhs",
        ],
    ));
    let soon = id(&ok(
        d,
        &[
            "agreement",
            "term",
            &in_60,
            "--mechanism",
            "access-fee",
            "--amount",
            "2,500",
            "--due",
            &day(10),
            "--by",
            "partner",
        ],
    ));
    let later = id(&ok(
        d,
        &[
            "agreement",
            "obligation",
            &in_60,
            "--title",
            "Annual return",
            "--due",
            &day(45),
            "--by",
            "joint",
        ],
    ));

    let due = json(d, &["partners", "due", "--json"]);
    let listed: Vec<(String, String)> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap().to_owned(), i["status"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        listed,
        [
            (overdue.clone(), "overdue".to_owned()),
            // Lapsed without renewal: a lead should know.
            (lapsed, "expired".to_owned()),
            (ends_today, "active".to_owned()),
            (soon, "upcoming".to_owned()),
            (in_60.clone(), "active".to_owned()),
        ],
        "soonest first: neither the 200-day agreement, the one with 30 days' notice, nor the obligation in 45 days"
    );
    // --within sets every window: the obligation in 45 days is in, the agreement
    // expiring in 60 is out.
    let wider = json(d, &["partners", "due", "--json", "--within", "50"]);
    let ids: Vec<&str> =
        wider.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&later.as_str()) && !ids.contains(&in_60.as_str()), "{ids:?}");
    assert_eq!(ids.len(), 5, "{ids:?}");
    let text = ok(d, &["partners", "due"]);
    assert!(text.contains("Quarterly report") && text.contains("5 days ago"), "{text}");
}

#[test]
fn the_register_holds_approved_data_partnerships_and_never_a_term_or_contact() {
    let dir = support::lead_dir();
    let d = dir.path();
    let (partner, p) = data_partnership(d);
    agreed_and_evidenced(d, &p);
    ok(
        d,
        &[
            "partnership",
            "set",
            &p,
            "--exclusive",
            "no",
            "--board-approved",
            &day(-2),
            "--board-ref",
            "TB/26/114",
            "--lay-summary",
            "Falls data helps tune bed sensors",
            "--public-benefit",
            "Fewer falls at night",
            "--legal-basis",
            "Article 6(1)(e)",
            "--confidentiality",
            "s251",
            "--data-access",
            "sde",
        ],
    );
    let agreement = json(d, &["partnership", "show", &p, "--json"])["agreements"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    ok(d, &["agreement", "term", &agreement, "--mechanism", "royalty", "--amount", "12,345.67"]);
    for (to, why) in [("due-diligence", "Look"), ("negotiation", "Talk"), ("signed", "Signed")] {
        ok(d, &["partnership", "stage", &p, to, "--rationale", why]);
    }
    // Not in the register: a research partnership, and a data partnership not yet signed.
    ok(
        d,
        &[
            "partnership",
            "add",
            "--partner",
            &partner,
            "--title",
            "Joint study",
            "--kind",
            "research",
        ],
    );
    ok(
        d,
        &["partnership", "add", "--partner", &partner, "--title", "Early talks", "--kind", "data"],
    );

    for file in ["register.csv", "register.json", "register.xlsx"] {
        let out = d.join(file);
        let said = ok(d, &["partners", "register", "--out", out.to_str().unwrap()]);
        assert!(said.starts_with("Wrote 1 data partnership(s)"), "{said}");
        let bytes = std::fs::read(&out).unwrap();
        let text = if file.ends_with("xlsx") {
            // Every part of the workbook, whichever holds the cells' text.
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut text = String::new();
            for i in 0..zip.len() {
                std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut text).unwrap();
            }
            text
        } else {
            String::from_utf8(bytes).unwrap()
        };
        assert!(text.contains("Falls data for sensor tuning"), "{file}: {text}");
        assert!(text.contains("Fewer falls at night") && text.contains("public_benefit_statement"));
        for never in [
            "Joint study",
            "Early talks",
            "ana.lee",
            "Ana Lee",
            "0113",
            "12345",
            "12,345",
            "royalty",
        ] {
            assert!(!text.contains(never), "{file} holds {never:?}");
        }
    }
    let line = error_line(d, &["partners", "register", "--out", d.join("r.txt").to_str().unwrap()]);
    assert_eq!(line, "error: the register is written as .csv, .xlsx or .json: name the file so");
}

#[test]
fn bad_input_names_the_field_and_writes_nothing() {
    let dir = support::lead_dir();
    let d = dir.path();
    let (partner, p) = data_partnership(d);
    let before =
        (ok(d, &["partner", "list", "--json"]), ok(d, &["partnership", "show", &p, "--json"]));
    for (args, said) in [
        (
            vec!["partner", "add", "--name", "Beta", "--kind", "corporate"],
            "error: kind of partner must be one of industry, sme, academic, nhs or charity",
        ),
        (
            vec![
                "partner",
                "contact",
                &partner,
                "--name",
                "Bo",
                "--role",
                "Ward clerk, NHS 943 476 5919",
            ],
            "error: contact's role contains what looks like patient details: an NHS number (\"943 476 5919\"). Remove them before saving; Sprout never stores patient-identifiable data",
        ),
        (
            vec!["partner", "contact", &partner, "--name", "Bo", "--phone", "943 476 5919"],
            "error: phone number must be a UK number of 11 digits starting 0 (such as 0113 496 0000), or + and a country code",
        ),
        (
            vec!["partner", "contact", &partner, "--name", "Bo", "--email", "bo at acme"],
            "error: e-mail address must be an e-mail address, such as name@company.com",
        ),
        (
            vec!["partnership", "principle", &p, "6", "--evidence", "More"],
            "error: principle 6 is not one of the five: give 1, 2, 3, 4 or 5",
        ),
        (
            vec!["partnership", "set", &p, "--exclusive", "maybe"],
            "error: answer on exclusive access to raw data must be one of yes or no",
        ),
        (
            vec![
                "agreement",
                "add",
                "--partnership",
                &p,
                "--type",
                "cda",
                "--status",
                "active",
                "--effective",
                "2027-01-01",
                "--expires",
                "2026-01-01",
            ],
            "error: expiry date must not come before the effective date",
        ),
        (
            vec![
                "agreement",
                "add",
                "--partnership",
                &p,
                "--type",
                "cda",
                "--status",
                "active",
                "--expires",
                "31/01/2027",
            ],
            "error: expiry date must be a date written YYYY-MM-DD, such as 2026-03-31",
        ),
        (
            vec!["partnership", "stage", &p, "signedish", "--rationale", "x"],
            "error: partnership stage must be one of discovery, due-diligence, negotiation, signed, active, closed or declined",
        ),
        (
            vec!["partnership", "show", "not-an-id"],
            "error: \"not-an-id\" is not a partnership id (see `sprout partnership list`)",
        ),
    ] {
        assert_eq!(error_line(d, &args), said, "{args:?}");
    }
    let after =
        (ok(d, &["partner", "list", "--json"]), ok(d, &["partnership", "show", &p, "--json"]));
    assert_eq!(before, after, "nothing written");

    // A clinician records none of it.
    let ward = support::clinician_dir();
    let line = error_line(ward.path(), &["partner", "add", "--name", "Acme", "--kind", "industry"]);
    assert_eq!(line, "error: a clinician may not record partnerships: leads and admins do");
}
