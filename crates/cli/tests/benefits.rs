//! `sprout benefit …` and `sprout benefits …` through the real binary: a benefit's states,
//! each move allowed or refused; cash verified only with finance; quarters either side of
//! April; site totals adding up to the hub's; pence exact; reviews after go-live; bad input
//! one line naming the field, with nothing written.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;

use support::{error_line, json, ok};

mod support;

/// An idea taken by the lead in `dir` to POC review, with a POC at the Royal and a metric
/// measured there.
fn at_poc_review(dir: &Path) -> String {
    let id = support::in_poc_planning(dir, None);
    let go = |why: &str| ok(dir, &["idea", "move", &id, "--decision", "go", "--rationale", why]);
    ok(dir, &["poc", "hypothesis", &id, "Sensors cut night falls", "--measure", "Falls a month"]);
    ok(
        dir,
        &[
            "poc",
            "metric",
            &id,
            "--name",
            "Falls",
            "--unit",
            "falls",
            "--direction",
            "lower",
            "--baseline",
            "5",
            "--baseline-date",
            "2026-01-31",
            "--target",
            "2",
            "--target-date",
            "2027-03-31",
        ],
    );
    ok(dir, &["poc", "site", &id, "--site", "Royal", "--status", "running"]);
    go("Run it");
    ok(dir, &["poc", "actual", &id, "--metric", "Falls", "--value", "4", "--date", "2026-03-10"]);
    ok(dir, &["poc", "actual", &id, "--metric", "Falls", "--value", "3", "--date", "2026-03-30"]);
    ok(dir, &["poc", "actual", &id, "--metric", "Falls", "--value", "2.5", "--date", "2026-04-02"]);
    go("Review it");
    id
}

fn cash_benefit(dir: &Path, idea: &str) -> String {
    let args = [
        "benefit",
        "add",
        idea,
        "--title",
        "Agency nights saved",
        "--class",
        "cash-releasing",
        "--category",
        "direct-public",
        "--measure",
        "Agency spend",
        "--unit",
        "GBP",
        "--baseline",
        "40000",
        "--baseline-date",
        "2026-03-31",
        "--target",
        "25000",
        "--target-date",
        "2027-03-31",
        "--value-per-year",
        "15,000",
        "--timescale",
        "3",
        "--officer",
        "Lee Lead",
    ];
    ok(dir, &args).trim().to_owned()
}

fn state(dir: &Path, id: &str, to: &str) -> std::process::Output {
    support::run(dir, &["benefit", "state", id, to, "--rationale", "Moving on"])
}

#[test]
fn a_benefit_moves_one_state_at_a_time_and_cash_is_verified_only_with_finance() {
    let dir = support::lead_dir();
    let d = dir.path();
    let idea = at_poc_review(d);
    let b = cash_benefit(d, &idea);
    assert_eq!(json(d, &["benefit", "show", &b, "--json"])["state"], "identified");

    // Skipping a state is refused, with the next one named, and writes nothing.
    let line = error_line(d, &["benefit", "state", &b, "validated", "--rationale", "Sure"]);
    assert!(line.contains("one state at a time (from identified the next is estimated)"), "{line}");
    let line = error_line(d, &["benefit", "state", &b, "estimated", "--rationale", " "]);
    assert!(line.starts_with("error: rationale must not be empty"), "{line}");
    for to in ["estimated", "validated", "planned", "realising", "realised"] {
        assert!(state(d, &b, to).status.success(), "to {to}");
    }
    let line = error_line(d, &["benefit", "state", &b, "verified", "--rationale", "Done"]);
    assert!(line.contains("--finance \"NAME, ROLE\""), "{line}");
    let line = error_line(
        d,
        &["benefit", "state", &b, "verified", "--rationale", "Done", "--finance", "Sam Patel"],
    );
    assert!(line.contains("name and role"), "{line}");
    assert_eq!(json(d, &["benefit", "show", &b, "--json"])["state"], "realised");
    ok(
        d,
        &[
            "benefit",
            "state",
            &b,
            "verified",
            "--rationale",
            "Ledger agrees",
            "--finance",
            "Sam Patel, Head of Costing",
        ],
    );
    let shown = json(d, &["benefit", "show", &b, "--json"]);
    assert_eq!(shown["state"], "verified");
    assert_eq!(shown["validated_estimate"], "£45,000.00", "a full-year value over three years");
    let history = ok(d, &["benefit", "show", &b]);
    assert!(history.contains("moved it to Verified, confirmed by Sam Patel, Head of Costing"));
    // Once verified it is over: not even withdrawn.
    let line = error_line(d, &["benefit", "state", &b, "withdrawn", "--rationale", "Oops"]);
    assert!(line.contains("one state at a time"), "{line}");

    // Withdrawn from any state not over; a quantifiable benefit needs no finance.
    let q = ok(d, &["benefit", "promote", &idea, "Falls", "--class", "quantifiable"]);
    let q = q.trim();
    assert!(state(d, q, "withdrawn").status.success());
    assert!(!state(d, q, "estimated").status.success());
}

#[test]
fn a_promoted_metric_keeps_its_baseline_and_actuals_by_quarter_across_april() {
    let dir = support::lead_dir();
    let d = dir.path();
    let idea = at_poc_review(d);
    let b = ok(d, &["benefit", "promote", &idea, "falls", "--class", "quantifiable"]);
    let shown = json(d, &["benefit", "show", b.trim(), "--json"]);
    assert_eq!(shown["baseline"], "5");
    assert_eq!(shown["target"], "2");
    assert_eq!(shown["unit"], "falls");
    // March's latest actual stands for Q4 2025/26; April's starts Q1 2026/27.
    let quarters: Vec<(String, String)> = shown["by_quarter"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["quarter"].as_str().unwrap().into(), q["actual_text"].as_str().unwrap().into()))
        .collect();
    assert_eq!(
        quarters,
        [("Q4 2025/26".into(), "3 falls".into()), ("Q1 2026/27".into(), "2.5 falls".into())]
    );
    assert_eq!(shown["quarters"][0]["site"], "Royal", "the POC's site");
}

#[test]
fn site_totals_add_up_to_the_hubs_in_exact_pence_and_a_year_runs_april_to_march() {
    let dir = support::lead_dir();
    let d = dir.path();
    let idea = at_poc_review(d);
    let b = cash_benefit(d, &idea);
    for to in ["estimated", "validated"] {
        assert!(state(d, &b, to).status.success());
    }
    assert!(
        support::run(d, &["idea", "move", &idea, "--decision", "go", "--rationale", "Adopt"])
            .status
            .success()
    );
    ok(d, &["spread", &idea, "--site", "General", "--status", "live", "--start", "2025-06-01"]);
    let actual = |quarter: &str, value: &str, site: &str| {
        ok(d, &["benefit", "actual", &b, "--quarter", quarter, "--value", value, "--site", site]);
    };
    actual("Q4 2026/27", "0.10", "Royal");
    actual("Q4 2026/27", "0.20", "general");
    actual("Q1 2027/28", "1,000", "Royal");
    ok(
        d,
        &[
            "benefit",
            "forecast",
            &b,
            "--quarter",
            "2026/27 Q4",
            "--value",
            "£0.35",
            "--site",
            "Royal",
        ],
    );
    // A later actual for the same quarter and site replaces the first.
    actual("Q3 2026/27", "5", "Royal");
    actual("Q3 2026/27", "7.5", "Royal");

    let year = json(d, &["benefits", "summary", "--year", "2026/27", "--json"]);
    let cash = &year["classes"][0];
    assert_eq!(cash["class"], "cash-releasing");
    assert_eq!(cash["actual_pence"], 780, "£7.50 + £0.10 + £0.20, not Q1 2027/28");
    assert_eq!(cash["forecast_pence"], 35);
    assert_eq!(cash["target_pence"], 1_500_000, "one full year of a three-year timescale");
    let sites: i64 =
        year["sites"].as_array().unwrap().iter().map(|s| s["actual_pence"].as_i64().unwrap()).sum();
    assert_eq!(sites, 780, "the sites add up to the hub's");
    let at_general =
        json(d, &["benefits", "summary", "--year", "2026/27", "--site", "General", "--json"]);
    assert_eq!(at_general["classes"][0]["actual_pence"], 20);
    assert!(at_general["classes"][0]["target_pence"].is_null(), "a target is the hub's");

    let all = json(d, &["benefits", "summary", "--json"]);
    assert_eq!(all["classes"][0]["actual_pence"], 100_780);
    assert_eq!(all["classes"][0]["target_pence"], 4_500_000);
    assert_eq!(all["total"]["actual_pence"], 100_780);
    let text = ok(d, &["benefits", "summary", "--year", "2026/27"]);
    assert!(
        text.contains("Cash-releasing: target £15,000.00, forecast £0.35, actual £7.80"),
        "{text}"
    );

    // Reviews after go-live: 3, 6 and 12 months after General went live.
    let reviews = json(d, &["benefits", "reviews", "--json"]);
    let dues: Vec<&str> =
        reviews.as_array().unwrap().iter().map(|r| r["due"].as_str().unwrap()).collect();
    assert_eq!(dues, ["2025-09-01", "2025-12-01", "2026-06-01"]);
    assert_eq!(reviews[0]["overdue"], true);
    ok(
        d,
        &[
            "benefit",
            "review",
            &b,
            "--months",
            "3",
            "--site",
            "General",
            "--held",
            "2025-09-03",
            "--note",
            "On track",
        ],
    );
    ok(d, &["benefit", "review", &b, "--months", "12", "--site", "General", "--due", "2099-01-31"]);
    let reviews = json(d, &["benefits", "reviews", "--json"]);
    let left: Vec<(&str, bool)> = reviews
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["due"].as_str().unwrap(), r["overdue"].as_bool().unwrap()))
        .collect();
    assert_eq!(left, [("2025-12-01", true), ("2099-01-31", false)]);
    assert_eq!(json(d, &["benefits", "reviews", "--mine", "--json"]).as_array().unwrap().len(), 2);

    let out = d.join("register.csv");
    ok(d, &["benefits", "export", "--out", out.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.trim_start_matches('\u{feff}').starts_with("Number,Idea,Benefit,Category,Class,Description,Service feature,Costs to secure it,Responsible officer"), "{csv}");
    assert!(csv.contains("Agency nights saved"), "{csv}");
}

#[test]
fn bad_input_is_one_line_naming_the_field_and_writes_nothing() {
    let dir = support::lead_dir();
    let d = dir.path();
    let early = ok(d, &["idea", "add", "--title", "Early", "--problem", "Not yet planned"]);
    let line =
        error_line(d, &["benefit", "add", early.trim(), "--title", "X", "--class", "qualitative"]);
    assert!(line.contains("benefits are recorded from POC planning on"), "{line}");

    let idea = at_poc_review(d);
    let add = |extra: &[&str]| {
        let mut args = vec!["benefit", "add", &idea, "--title", "Beds", "--class", "quantifiable"];
        args.extend_from_slice(extra);
        error_line(d, &args)
    };
    assert!(add(&["--category", "public"]).contains("category of benefit must be one of"));
    assert!(
        add(&["--value-per-year", "12.345"])
            .contains("full-year value must be an amount in pounds")
    );
    let line = add(&["--timescale", "40"]);
    assert!(
        line.contains("timescale in years must be a whole number of years from 1 to 30"),
        "{line}"
    );
    assert!(add(&["--baseline-date", "31/03/2026"]).contains("must be a date written YYYY-MM-DD"));
    assert!(add(&["--description", "Patient 943 476 5919 fell"]).contains("NHS number"));
    let line = error_line(d, &["benefit", "add", &idea, "--title", "No class"]);
    assert!(line.contains("class of benefit must be one of"), "{line}");
    assert_eq!(json(d, &["benefit", "list", "--json"])["matching"], 0, "nothing written");

    let b = ok(
        d,
        &[
            "benefit",
            "add",
            &idea,
            "--title",
            "Beds",
            "--class",
            "quantifiable",
            "--unit",
            "bed days",
        ],
    );
    let b = b.trim();
    let value = |extra: &[&str]| {
        let mut args = vec!["benefit", "actual", b];
        args.extend_from_slice(extra);
        error_line(d, &args)
    };
    assert!(
        value(&["--quarter", "Q5 2026/27", "--value", "1"])
            .contains("quarter must be a quarter of a financial year, such as Q3 2026/27")
    );
    assert!(value(&["--quarter", "Q1 2026/28", "--value", "1"]).contains("such as Q3 2026/27"));
    assert!(
        value(&["--quarter", "Q1 2026/27", "--value", "lots"])
            .contains("actual value must be a number")
    );
    assert!(
        value(&["--quarter", "Q1 2026/27", "--value", "1.2345"])
            .contains("at most three decimal places")
    );
    let line = value(&["--quarter", "Q1 2026/27", "--value", "1", "--site", "Elsewhere"]);
    assert!(line.contains("site \"Elsewhere\" is not one of this idea's sites (Royal)"), "{line}");
    let line = error_line(d, &["benefit", "state", b, "sideways", "--rationale", "x"]);
    assert!(line.contains("benefit state must be one of identified, estimated"), "{line}");
    let line = error_line(d, &["benefit", "show", "not-an-id"]);
    assert!(line.contains("no benefit has the id not-an-id"), "{line}");
    let line = error_line(d, &["benefits", "summary", "--year", "2026"]);
    assert!(line.contains("a financial year, such as 2026/27"), "{line}");
    assert!(json(d, &["benefit", "show", b, "--json"])["quarters"].as_array().unwrap().is_empty());
}
