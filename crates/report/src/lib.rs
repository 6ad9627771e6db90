//! The board pack: the dashboard's figures for a period, typeset with Typst as a tagged
//! PDF/UA-1 document on the PC, with an NHS board paper's cover sheet, a one-page summary,
//! the funnel and SPC charts with their tables, POCs, benefits, partnerships due, and an
//! appendix listing every idea counted. The same hub, period and cover give the same bytes.

mod pack;
mod world;

use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;
use sprout_app::{AppError, DashboardQuery, ErrorCode, Sprout};
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

/// What a lead asks for: the period and site, and the cover sheet's words. Every cover
/// field may be left empty for its default.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct BoardRequest {
    pub from: Option<String>,
    pub to: Option<String>,
    pub site: Option<String>,
    /// The meeting it goes to: "Innovation Board".
    pub meeting: String,
    /// The meeting's date, YYYY-MM-DD (today unless given).
    pub date: String,
    pub title: String,
    /// Who presents it (the person using Sprout unless given).
    pub author: String,
    /// For assurance, information, discussion or decision.
    pub purpose: String,
    /// Substantial, reasonable, limited or no assurance.
    pub assurance: String,
    pub recommendation: String,
    /// The strategic objectives it supports.
    pub objectives: String,
}

/// A board pack written to a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Type)]
pub struct BoardPackSaved {
    pub path: String,
    pub pages: u32,
    /// Ideas listed in the appendix.
    pub ideas: u32,
}

/// The pack: its PDF bytes, its pages, and the ideas its appendix lists.
pub fn board_pack(
    sprout: &Sprout,
    request: &BoardRequest,
) -> Result<(Vec<u8>, u32, u32), AppError> {
    let dashboard = sprout.dashboard(&DashboardQuery {
        from: request.from.clone(),
        to: request.to.clone(),
        site: request.site.clone(),
    })?;
    let ideas = sprout.counted_ideas(&dashboard)?;
    let n_ideas = u32::try_from(ideas.len()).unwrap_or(u32::MAX);
    let data = pack::data(sprout, request, &dashboard, &ideas)?;
    let json = serde_json::to_vec(&data).map_err(|e| typesetting(&e.to_string()))?;
    let ident = format!("sprout-board-{}-{}-{}", data.from, data.to, data.site);
    let (pdf, pages) = typeset(world::TEMPLATE, json, ident)?;
    Ok((pdf, pages, n_ideas))
}

/// Typesets `template` over `data` (its `/data.json`) as tagged PDF/UA-1; the PDF and its
/// page count. Public for `examples/typeset.rs`, which times layouts of the appendix.
#[doc(hidden)]
pub fn typeset(template: &str, data: Vec<u8>, ident: String) -> Result<(Vec<u8>, u32), AppError> {
    let world = world::PackWorld::new(template, data);
    let document: PagedDocument = typst::compile(&world)
        .output
        .map_err(|errors| typesetting(&first_message(&world, &errors)))?;
    let options = PdfOptions {
        // A stable identifier from what the pack is of, never from the clock.
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some("Sprout".to_owned())),
        timestamp: None,
        page_ranges: None,
        standards: PdfStandards::new(&[PdfStandard::Ua_1])
            .map_err(|e| typesetting(e.message().as_ref()))?,
        tagged: true,
        pretty: false,
    };
    let pdf = typst_pdf::pdf(&document, &options)
        .map_err(|errors| typesetting(&first_message(&world, &errors)))?;
    let pages = u32::try_from(document.pages().len()).unwrap_or(u32::MAX);
    Ok((pdf, pages))
}

/// Makes the pack and writes it to `out`, or into the person's Downloads folder under a
/// dated name (numbered rather than over a file already there) when `out` is none.
pub fn save_board_pack(
    sprout: &Sprout,
    request: &BoardRequest,
    out: Option<&Path>,
) -> Result<BoardPackSaved, AppError> {
    let (pdf, pages, ideas) = board_pack(sprout, request)?;
    let path = match out {
        Some(out) => {
            write_whole(out, &pdf)?;
            out.display().to_string()
        }
        None => {
            let name = format!("Sprout board pack {}.pdf", sprout.today()?);
            sprout_app::save_numbered(None, &name, &pdf)?
        }
    };
    Ok(BoardPackSaved { path, pages, ideas })
}

/// The first problem, with the template's line where it has one: a fault in the template
/// is then found from the message alone.
fn first_message(world: &world::PackWorld, errors: &[typst::diag::SourceDiagnostic]) -> String {
    use typst::WorldExt as _;
    let Some(e) = errors.first() else { return String::new() };
    let text = world.main_text();
    let line = world.range(e.span).map(|r| text[..r.start.min(text.len())].lines().count());
    match line {
        Some(n) => format!("{} (board.typ line {n})", e.message),
        None => e.message.to_string(),
    }
}

/// Writes `bytes` to `out` through a file beside it, renamed into place once whole: a full
/// disk or a killed run never leaves half a pack where a whole one was asked for.
fn write_whole(out: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let cannot = |e: std::io::Error| {
        AppError::new(ErrorCode::DataNotWritable, format!("cannot write {}: {e}", out.display()))
    };
    let mut partial = out.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    std::fs::write(&partial, bytes).and_then(|()| std::fs::rename(&partial, out)).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        cannot(e)
    })
}

fn typesetting(why: &str) -> AppError {
    AppError::new(ErrorCode::Typesetting, format!("the board pack could not be typeset: {why}"))
}
