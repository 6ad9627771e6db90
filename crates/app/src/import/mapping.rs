//! Which column of a sheet feeds which part of an idea: suggested from the header's
//! words, with presets for Sprout's own export and for a Microsoft Forms export.

use serde::{Deserialize, Serialize};
use specta::Type;

/// What a column of an imported sheet holds.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum ImportTarget {
    /// Not imported (an email address, a start time, a score Sprout works out itself).
    Ignore,
    /// The row's ID: a Sprout idea id, or the old tracker's or form's own reference.
    SourceId,
    Title,
    Problem,
    Solution,
    Affects,
    Site,
    Department,
    Tags,
    Stage,
    Decision,
    Rationale,
    Submitted,
    SubmittedBy,
    Supporters,
    ClinicalSponsor,
    PocAim,
    ProjectType,
    EvaluationType,
    EvaluationDesign,
    EthicsRef,
}

impl ImportTarget {
    pub const ALL: [ImportTarget; 21] = [
        ImportTarget::Ignore,
        ImportTarget::SourceId,
        ImportTarget::Title,
        ImportTarget::Problem,
        ImportTarget::Solution,
        ImportTarget::Affects,
        ImportTarget::Site,
        ImportTarget::Department,
        ImportTarget::Tags,
        ImportTarget::Stage,
        ImportTarget::Decision,
        ImportTarget::Rationale,
        ImportTarget::Submitted,
        ImportTarget::SubmittedBy,
        ImportTarget::Supporters,
        ImportTarget::ClinicalSponsor,
        ImportTarget::PocAim,
        ImportTarget::ProjectType,
        ImportTarget::EvaluationType,
        ImportTarget::EvaluationDesign,
        ImportTarget::EthicsRef,
    ];

    /// What a person picks for a column in the mapping.
    pub fn label(self) -> &'static str {
        match self {
            ImportTarget::Ignore => "Not imported",
            ImportTarget::SourceId => "ID (Sprout's, or the sheet's own reference)",
            t => t.header(),
        }
    }

    /// The column's name in Sprout's own export.
    pub fn header(self) -> &'static str {
        match self {
            ImportTarget::Ignore => "(not imported)",
            ImportTarget::SourceId => "Sprout ID",
            ImportTarget::Title => "Title",
            ImportTarget::Problem => "Problem",
            ImportTarget::Solution => "Solution",
            ImportTarget::Affects => "Affects",
            ImportTarget::Site => "Site",
            ImportTarget::Department => "Department",
            ImportTarget::Tags => "Tags",
            ImportTarget::Stage => "Stage",
            ImportTarget::Decision => "Latest decision",
            ImportTarget::Rationale => "Rationale",
            ImportTarget::Submitted => "Submitted",
            ImportTarget::SubmittedBy => "Submitted by",
            ImportTarget::Supporters => "Supporters",
            ImportTarget::ClinicalSponsor => "Clinical sponsor",
            ImportTarget::PocAim => "POC aim",
            ImportTarget::ProjectType => "Project type",
            ImportTarget::EvaluationType => "Evaluation type",
            ImportTarget::EvaluationDesign => "Evaluation design",
            ImportTarget::EthicsRef => "Ethics reference",
        }
    }
}

/// One column of the sheet and what it feeds.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
pub struct ColumnMap {
    pub header: String,
    pub target: ImportTarget,
}

/// A sheet's columns and what each feeds, under a name: the name is saved on this PC for
/// the next import and keeps the source keys of two sheets' rows apart.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize, Type)]
pub struct ImportMapping {
    pub name: String,
    pub columns: Vec<ColumnMap>,
}

/// The built-in mappings, by name.
pub const PRESETS: [&str; 2] = ["sprout", "forms"];

/// The name of a mapping suggested from a sheet's words, which is not saved unless renamed.
pub const SUGGESTED: &str = "suggested";

/// Letters and digits only, lower case: "Date submitted " and "date_submitted" match.
fn squash(header: &str) -> String {
    header.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// What a header names, by the words hubs' trackers and forms use.
pub fn suggest(header: &str) -> ImportTarget {
    use ImportTarget as T;
    let h = squash(header);
    let exact = ImportTarget::ALL.into_iter().find(|t| squash(t.header()) == h);
    if let Some(t) = exact.filter(|t| *t != T::Ignore) {
        return t;
    }
    let named: &[(&[&str], ImportTarget)] = &[
        (&["id", "ideaid", "ref", "reference", "ideareference", "ideaid", "sproutid"], T::SourceId),
        (&["name", "yourname", "submitter", "originallysubmittedby", "author"], T::SubmittedBy),
        (
            &["completiontime", "datesubmitted", "submitteddate", "submittedon", "date"],
            T::Submitted,
        ),
        (&["status", "pipelinestage", "currentstage"], T::Stage),
        (&["decision", "outcome", "gatedecision"], T::Decision),
        (&["reason", "decisionreason", "decisionrationale"], T::Rationale),
        (&["description", "issue", "challenge"], T::Problem),
        (&["category", "categories", "theme", "themes"], T::Tags),
        (&["hospital", "location", "trust"], T::Site),
        (&["ward", "team", "service", "specialty"], T::Department),
        (&["votes", "likes", "supportercount"], T::Supporters),
        (&["sponsor"], T::ClinicalSponsor),
        (&["aim"], T::PocAim),
        (&["iras", "irasreference", "ethicsreference", "ethics"], T::EthicsRef),
        (&["starttime", "email", "emailaddress", "lastmodifiedtime", "score"], T::Ignore),
    ];
    if let Some((_, t)) = named.iter().find(|(names, _)| names.contains(&h.as_str())) {
        return *t;
    }
    // A form's questions are sentences: "What is the problem you see?"
    let words = header.to_ascii_lowercase();
    let says = |w: &str| words.contains(w);
    if says("title") || says("name of your idea") || says("idea name") {
        T::Title
    } else if says("problem") || says("describe the issue") {
        T::Problem
    } else if says("solution") || says("your idea") || says("how could") {
        T::Solution
    } else if says("who does") || says("affect") {
        T::Affects
    } else if says("department") || says("ward") {
        T::Department
    } else if says("site") || says("hospital") {
        T::Site
    } else {
        T::Ignore
    }
}

/// The preset a header row looks like: Sprout's own export, or a Forms export (which
/// starts ID, Start time, Completion time); else the words of each header.
pub fn preset_for(header: &[String]) -> &'static str {
    let first: Vec<String> = header.iter().take(3).map(|h| squash(h)).collect();
    if header.iter().any(|h| squash(h) == "sproutid") {
        "sprout"
    } else if first == ["id", "starttime", "completiontime"] {
        "forms"
    } else {
        SUGGESTED
    }
}

/// A mapping's name for a sheet: its file name without the extension, and without the
/// response range a Forms download adds ("Ideas(1-250).xlsx" is "Ideas"), so the next
/// download of the same form finds the ideas the last one made.
pub fn name_for(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s).trim();
    let plain = match stem.rsplit_once('(') {
        Some((before, range))
            if range.ends_with(')')
                && range[..range.len() - 1].chars().all(|c| c.is_ascii_digit() || c == '-') =>
        {
            before.trim()
        }
        _ => stem,
    };
    let name: String = plain.chars().take(60).collect();
    if name.is_empty() { SUGGESTED.to_owned() } else { name }
}

/// A mapping for `header` suggested from its words, named for the preset it looks like.
pub fn suggested(header: &[String]) -> ImportMapping {
    let mut columns: Vec<ColumnMap> =
        header.iter().map(|h| ColumnMap { header: h.clone(), target: suggest(h) }).collect();
    // Two columns feeding one field would make the second silently win: keep the first.
    for i in 1..columns.len() {
        let t = columns[i].target;
        if t != ImportTarget::Ignore && columns[..i].iter().any(|c| c.target == t) {
            columns[i].target = ImportTarget::Ignore;
        }
    }
    ImportMapping { name: preset_for(header).to_owned(), columns }
}

/// `saved` laid over `header`: each column by its header name, any new column suggested.
pub fn applied(saved: &ImportMapping, header: &[String]) -> ImportMapping {
    let mut mapping = suggested(header);
    mapping.name.clone_from(&saved.name);
    for column in &mut mapping.columns {
        if let Some(s) = saved.columns.iter().find(|s| squash(&s.header) == squash(&column.header))
        {
            column.target = s.target;
        }
    }
    mapping
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_forms_export_is_recognised_and_its_questions_mapped() {
        let h = headers(&[
            "ID",
            "Start time",
            "Completion time",
            "Email",
            "Name",
            "Give your idea a short title",
            "What problem have you noticed?",
            "How could we solve it?",
            "Which ward or department?",
            "Which hospital site?",
        ]);
        let m = suggested(&h);
        assert_eq!(m.name, "forms");
        let targets: Vec<ImportTarget> = m.columns.iter().map(|c| c.target).collect();
        use ImportTarget as T;
        assert_eq!(
            targets,
            [
                T::SourceId,
                T::Ignore,
                T::Submitted,
                T::Ignore,
                T::SubmittedBy,
                T::Title,
                T::Problem,
                T::Solution,
                T::Department,
                T::Site
            ]
        );
    }

    #[test]
    fn a_sheet_names_its_mapping_without_a_forms_response_range() {
        assert_eq!(name_for("Innovation ideas(1-250).xlsx"), "Innovation ideas");
        assert_eq!(name_for("Innovation ideas(1-300).xlsx"), "Innovation ideas");
        assert_eq!(name_for("ward 7 (old).csv"), "ward 7 (old)");
        assert_eq!(name_for(".csv"), SUGGESTED);
    }

    #[test]
    fn sprouts_own_export_maps_every_column_back() {
        let h: Vec<String> = ImportTarget::ALL[1..].iter().map(|t| t.header().to_owned()).collect();
        let m = suggested(&h);
        assert_eq!(m.name, "sprout");
        for (c, t) in m.columns.iter().zip(&ImportTarget::ALL[1..]) {
            assert_eq!(c.target, *t, "{}", c.header);
        }
    }

    #[test]
    fn a_saved_mapping_follows_its_columns_by_name_and_one_field_is_fed_once() {
        let saved = ImportMapping {
            name: "tracker".into(),
            columns: vec![ColumnMap { header: "Notes".into(), target: ImportTarget::Problem }],
        };
        let m = applied(&saved, &headers(&["Idea title", "Notes", "Title"]));
        assert_eq!(m.name, "tracker");
        let targets: Vec<ImportTarget> = m.columns.iter().map(|c| c.target).collect();
        assert_eq!(targets, [ImportTarget::Title, ImportTarget::Problem, ImportTarget::Ignore]);
    }
}
