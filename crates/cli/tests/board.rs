//! `sprout report board` through the real binary: the PDF reads back (poppler's
//! `pdftotext`) with its cover sheet, figures and every counted idea's title, `pdfinfo`
//! calls it tagged, two runs give the same bytes, and bad input is one line.
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a failing test should panic")]

use std::path::Path;
use std::process::Command;

use support::{error_line, json};

mod support;

fn poppler(tool: &str, pdf: &Path) -> String {
    let out = Command::new(tool)
        .args(if tool == "pdftotext" { vec!["-layout"] } else { vec![] })
        .arg(pdf)
        .args(if tool == "pdftotext" { vec!["-"] } else { vec![] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (Debian's poppler-utils, from scripts/setup.sh): {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_board_pack_reads_back_tagged_and_the_same_bytes_twice() {
    let dir = support::lead_dir();
    let d = dir.path();
    let titles = ["Bed sensors", "Discharge app", "Rota swap", "Falls huddle"];
    let sites = ["Royal", "General", "Royal", "Community"];
    let ideas: Vec<(&str, &str)> = titles.into_iter().zip(sites).collect();
    support::small_pipeline(d, &ideas);

    let pdf = d.join("pack.pdf");
    let pack = |out: &Path| {
        json(
            d,
            &[
                "report",
                "board",
                "--out",
                out.to_str().unwrap(),
                "--meeting",
                "Trust Innovation Board",
                "--date",
                "2027-01-14",
                "--title",
                "Innovation hub quarterly report",
                "--author",
                "Lee Lead, Head of Innovation",
                "--assurance",
                "limited",
                "--recommendation",
                "The board is asked to note the ideas waiting.",
                "--json",
            ],
        )
    };
    let saved = pack(&pdf);
    assert_eq!(saved["ideas"], 4, "{saved}");
    assert!(saved["pages"].as_u64().unwrap() >= 5, "{saved}");

    let text = poppler("pdftotext", &pdf);
    for want in [
        "Board paper",
        "Trust Innovation Board",
        "2027-01-14",
        "Innovation hub quarterly report",
        "Lee Lead, Head of Innovation",
        "For assurance",
        "Limited assurance",
        "The board is asked to note the ideas waiting.",
        "Link to strategic objectives",
        "Summary",
        "4 ideas were submitted; 2 had a gate decision",
        "Time in stage",
        "Month by month",
        "Statistical process control",
        "Ideas submitted by month (XmR chart)",
        "Proofs of concept",
        "Benefits",
        "Partnerships",
        "Appendix: every idea counted",
    ] {
        assert!(text.contains(want), "{want:?} missing from the pack:\n{text}");
    }
    for title in titles {
        assert!(text.contains(title), "{title} missing from the appendix");
    }
    // The funnel's row for Triage: 1 idea there now, 2 entered it in the period.
    let funnel = text.lines().find(|l| l.trim_start().starts_with("Triage")).unwrap();
    let numbers: Vec<&str> = funnel.split_whitespace().skip(1).collect();
    assert_eq!(&numbers[..2], ["1", "2"], "{funnel}");

    let info = poppler("pdfinfo", &pdf);
    assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
    assert!(info.contains("Innovation hub quarterly report"), "the document's title: {info}");

    let again = d.join("again.pdf");
    pack(&again);
    assert!(
        std::fs::read(&pdf).unwrap() == std::fs::read(&again).unwrap(),
        "two packs of the same hub and period differ"
    );

    let out = pdf.to_str().unwrap();
    let e = error_line(d, &["report", "board", "--out", out, "--assurance", "maybe"]);
    assert!(e.contains("assurance must be substantial, reasonable, limited or none"), "{e}");
    let e = error_line(d, &["report", "board", "--out", out, "--date", "14/01/2027"]);
    assert!(e.contains("date must be written YYYY-MM-DD"), "{e}");
    let e = error_line(
        d,
        &["report", "board", "--out", out, "--from", "2027-02-01", "--to", "2027-01-01"],
    );
    assert!(e.contains("from must not be after to"), "{e}");
    let missing = d.join("no such folder").join("pack.pdf");
    let e = error_line(d, &["report", "board", "--out", missing.to_str().unwrap()]);
    assert!(e.contains("cannot write"), "{e}");
    // A failed run never leaves a half-written pack behind.
    assert!(!missing.exists());
    let folder = d.join("a folder");
    std::fs::create_dir(&folder).unwrap();
    let e = error_line(d, &["report", "board", "--out", folder.to_str().unwrap()]);
    assert!(e.contains("cannot write"), "{e}");
    assert!(!d.join("a folder.partial").exists(), "the partial file is cleaned up");
}
