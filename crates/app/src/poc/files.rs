//! Evidence documents on a POC. The uploader confirms a file holds no patient-identifiable
//! data, and a file whose text Sprout can read (txt, csv, docx, xlsx) must also pass the
//! patient-data guard. The file is kept on this PC at once (an offline PC loses nothing),
//! pushed to the hub as `blobs/<sha256>` at the next sync, and checked against that hash
//! wherever it is read.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use sprout_core::{
    Attachment, IdeaField, IdeaId, MAX_ATTACHMENT_BYTES, Poc, PocPart, describe_pid, scan_for_pid,
};
use uuid::Uuid;

use crate::Sprout;
use crate::error::{AppError, ErrorCode};

/// A file as the window sends it (base64), refused unread when over the size limit.
pub(crate) fn decode_attachment(name: &str, base64: &str) -> Result<Vec<u8>, AppError> {
    use base64::Engine;
    // Base64 is a third longer than the file: a file over the limit is refused unread.
    let size = u64::try_from(base64.len() / 4 * 3).unwrap_or(u64::MAX);
    if size > MAX_ATTACHMENT_BYTES + 3 {
        return Err(too_large(name, size));
    }
    base64::engine::general_purpose::STANDARD.decode(base64.trim()).map_err(|e| {
        AppError::new(
            ErrorCode::NotOneOf,
            format!("{name} did not arrive whole ({e}); nothing was attached"),
        )
        .on(IdeaField::FileName)
    })
}

/// Writes `bytes` into `folder` (the person's Downloads by default) under `name`, numbered
/// ("report (2).docx") rather than over a file already there. The path written.
pub fn save_numbered(folder: Option<&Path>, name: &str, bytes: &[u8]) -> Result<String, AppError> {
    let folder = match folder {
        Some(f) => f.to_owned(),
        None => crate::data_dir::downloads()?,
    };
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s.to_owned(), format!(".{e}")),
        None => (name.to_owned(), String::new()),
    };
    let mut path = folder.join(name);
    for n in 2.. {
        if !path.exists() {
            break;
        }
        path = folder.join(format!("{stem} ({n}){ext}"));
    }
    std::fs::write(&path, bytes).map_err(|e| {
        AppError::new(ErrorCode::DataNotWritable, format!("cannot save {}: {e}", path.display()))
    })?;
    Ok(path.display().to_string())
}

/// The most text read out of one file for the patient-data guard: a compressed document
/// cannot make the guard read gigabytes.
const MAX_TEXT_BYTES: u64 = 64 * 1024 * 1024;

impl Sprout {
    /// Attaches `file` to an idea's POC (the project lead, a lead or an admin), once the
    /// uploader confirms it holds no patient-identifiable data.
    pub fn attach_to_poc(
        &self,
        id: IdeaId,
        file: &Path,
        no_patient_data: bool,
    ) -> Result<Poc, AppError> {
        self.may_record(&*self.store()?, id)?;
        if !no_patient_data {
            return Err(unconfirmed());
        }
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let unreadable = |e: std::io::Error| {
            AppError::new(ErrorCode::NotFound, format!("cannot read {}: {e}", file.display()))
                .on(IdeaField::FileName)
        };
        let size = std::fs::metadata(file).map_err(unreadable)?.len();
        if size > MAX_ATTACHMENT_BYTES {
            return Err(too_large(&name, size));
        }
        let bytes = std::fs::read(file).map_err(unreadable)?;
        self.attach_bytes(id, &name, &bytes, no_patient_data)
    }

    /// Attaches a file's bytes, as a window sends them (base64), under `name`.
    pub fn attach_base64(
        &self,
        id: IdeaId,
        name: &str,
        base64: &str,
        no_patient_data: bool,
    ) -> Result<Poc, AppError> {
        let bytes = decode_attachment(name, base64)?;
        self.attach_bytes(id, name, &bytes, no_patient_data)
    }

    fn attach_bytes(
        &self,
        id: IdeaId,
        name: &str,
        bytes: &[u8],
        no_patient_data: bool,
    ) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        self.may_record(&store, id)?;
        if !no_patient_data {
            return Err(unconfirmed());
        }
        let size = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if size > MAX_ATTACHMENT_BYTES {
            return Err(too_large(name, size));
        }
        if let Some(text) = readable_text(name, bytes)? {
            let hits = scan_for_pid(&text, &self.pid_rules_in(&store)?);
            if !hits.is_empty() {
                return Err(AppError {
                    code: ErrorCode::PatientData,
                    message: format!(
                        "{}; nothing was attached",
                        describe_pid(&format!("the file {name}"), &hits)
                    ),
                    field: Some(IdeaField::FileName),
                    patient_data: hits,
                });
            }
        }
        let sha = sprout_sync::sha256_hex(bytes);
        let fields = BTreeMap::from([
            (IdeaField::FileName, name.to_owned()),
            (IdeaField::FileHash, sha.clone()),
            (IdeaField::FileSize, bytes.len().to_string()),
        ]);
        // The file is kept before the op that names it, in case anything after fails.
        store.put_blob(&sha, bytes, false)?;
        self.set_part(&mut store, id, PocPart::Attachment, Uuid::now_v7(), &fields)?;
        drop(store);
        self.changed();
        self.poc(id)
    }

    /// Saves one of a POC's files into `folder` (the person's Downloads by default), under
    /// its own name, numbered if a file of that name is there. The path written.
    pub fn save_poc_file(
        &self,
        id: IdeaId,
        which: &str,
        folder: Option<&Path>,
    ) -> Result<String, AppError> {
        let (file, bytes) = self.poc_file(id, which)?;
        save_numbered(folder, &file.name, &bytes)
    }

    /// One of a POC's files by name or SHA-256: this PC's copy, or the hub's, checked
    /// against its SHA-256 before it is used.
    pub fn poc_file(&self, id: IdeaId, which: &str) -> Result<(Attachment, Vec<u8>), AppError> {
        let poc = self.poc(id)?;
        let which = which.trim();
        let found = poc
            .attachments
            .into_iter()
            .find(|a| a.sha256 == which || a.name.eq_ignore_ascii_case(which))
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::NotFound,
                    format!("{which:?} is not one of this POC's files"),
                )
                .on(IdeaField::FileName)
            })?;
        if let Some(bytes) = self.store()?.blob(&found.sha256)? {
            return Ok((found, bytes));
        }
        // The hub is found through the store: asked for before the store is held.
        let hub = self.hub()?;
        let bytes = sprout_sync::fetch_blob(&*hub, &*self.store()?, &found.sha256)?;
        Ok((found, bytes))
    }
}

pub(crate) fn unconfirmed() -> AppError {
    AppError::new(
        ErrorCode::PatientData,
        "confirm the file holds no patient-identifiable data (--no-patient-data); nothing was \
         attached",
    )
    .on(IdeaField::FileName)
}

fn too_large(name: &str, size: u64) -> AppError {
    AppError::new(
        ErrorCode::TooLong,
        format!(
            "{name} is {:.1} MB; the limit for a POC's file is {} MB: nothing was attached",
            megabytes(size),
            MAX_ATTACHMENT_BYTES / (1024 * 1024)
        ),
    )
    .on(IdeaField::FileName)
}

fn megabytes(bytes: u64) -> f64 {
    // Sizes up to 2^53 bytes convert exactly; a file is never that big.
    #[allow(clippy::cast_precision_loss)]
    let b = bytes as f64;
    b / (1024.0 * 1024.0)
}

/// The text of a file Sprout can read, for the patient-data guard: plain text and CSV as
/// they are, Word and Excel files from the XML inside them. `None` for anything else.
pub(crate) fn readable_text(name: &str, bytes: &[u8]) -> Result<Option<String>, AppError> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    Ok(match ext.as_str() {
        "txt" | "csv" | "tsv" | "md" => Some(String::from_utf8_lossy(bytes).into_owned()),
        "docx" | "xlsx" => Some(office_text(name, bytes)?),
        _ => None,
    })
}

/// The words in an Office file's XML parts, tags taken out.
fn office_text(name: &str, bytes: &[u8]) -> Result<String, AppError> {
    let damaged = |e: &dyn std::fmt::Display| {
        AppError::new(
            ErrorCode::NotOneOf,
            format!("{name} cannot be read as a Word or Excel file ({e}); nothing was attached"),
        )
        .on(IdeaField::FileName)
    };
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| damaged(&e))?;
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| damaged(&e))?;
        let part = entry.name().map_err(|e| damaged(&e))?.into_owned();
        let words = part.starts_with("word/")
            || part.starts_with("xl/sharedStrings")
            || part.starts_with("xl/worksheets/");
        if !words || !part.ends_with(".xml") {
            continue;
        }
        let mut xml = String::new();
        (&mut entry).take(MAX_TEXT_BYTES).read_to_string(&mut xml).map_err(|e| damaged(&e))?;
        text.push_str(&xml_text(&xml));
        text.push('\n');
    }
    Ok(text)
}

/// XML's character data: tags dropped (paragraph, cell and row ends become line breaks,
/// so words in different cells never run together), the five entities decoded.
fn xml_text(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len() / 2);
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + end];
        if ["/w:p", "/si", "/c", "/row", "/w:tc"].iter().any(|t| tag.starts_with(t)) {
            out.push('\n');
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_keeps_words_and_separates_cells() {
        let xml = r#"<w:p><w:r><w:t>NHS 943</w:t></w:r><w:r><w:t xml:space="preserve"> 476 5919</w:t></w:r></w:p><w:p><w:t>A &amp; B</w:t></w:p>"#;
        assert_eq!(xml_text(xml), "NHS 943 476 5919\nA & B\n");
        assert_eq!(xml_text("<c><v>1</v></c><c><v>2</v></c>"), "1\n2\n");
    }
}
