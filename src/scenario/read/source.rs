//! Where a scenario's files come from: a folder, the copies bundled in the binary, or memory;
//! and how a table's bytes become text (UTF-8, GBK, a sheet of an Excel workbook).

use super::*;

impl Source {
    pub(super) fn toml_name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Bundled { name, .. } => text!(
                "scenario-bundled-file",
                file = format!("{name}/scenario.toml")
            )
            .to_string(),
            Source::Memory { name, .. } => format!("{name}/scenario.toml"),
        }
    }

    pub(super) fn display(&self, rel: &str) -> String {
        match self {
            Source::File(p) => p
                .parent()
                .unwrap_or(Path::new(""))
                .join(rel)
                .display()
                .to_string(),
            Source::Bundled { name, .. } => {
                text!("scenario-bundled-file", file = format!("{name}/{rel}")).to_string()
            }
            Source::Memory { name, .. } => format!("{name}/{rel}"),
        }
    }

    pub(super) fn read_toml(&self) -> Result<String, Text> {
        match self {
            Source::File(p) => std::fs::read_to_string(p)
                .map_err(|e| text!("scenario-cannot-read", error = e.to_string())),
            Source::Bundled { files, .. } => Ok(files[0].1.to_string()),
            Source::Memory { files, .. } => files
                .iter()
                .find(|(name, _)| name == "scenario.toml")
                .map(|(_, text)| text.clone())
                .ok_or_else(|| text!("scenario-no-toml")),
        }
    }

    /// The file's text, and whether it was decoded from GB18030 (GBK) rather than UTF-8. A table
    /// given as `BOOK.xlsx#SHEET` is that sheet of an Excel workbook, as CSV text.
    pub(super) fn read(&self, rel: &str) -> Result<(String, bool), Text> {
        if let Some((book, sheet)) = workbook_sheet(rel) {
            return match self {
                Source::File(p) => {
                    let path = p.parent().unwrap_or(Path::new("")).join(book);
                    super::workbook::sheet_as_csv(&path, sheet).map(|text| (text, false))
                }
                _ => Err(text!("scenario-workbook-on-disk")),
            };
        }
        if rel.to_ascii_lowercase().ends_with(".xlsx") {
            return Err(text!("scenario-name-the-sheet", book = rel));
        }
        match self {
            Source::File(p) => {
                let path = p.parent().unwrap_or(Path::new("")).join(rel);
                let bytes = std::fs::read(&path)
                    .map_err(|e| text!("scenario-cannot-read", error = e.to_string()))?;
                decode(bytes)
            }
            Source::Bundled { files, .. } => files
                .iter()
                .find(|(name, _)| *name == rel)
                .map(|(_, text)| (text.to_string(), false))
                .ok_or_else(|| text!("scenario-no-bundled-file")),
            Source::Memory { files, .. } => files
                .iter()
                .find(|(name, _)| name == rel)
                .map(|(_, text)| (text.clone(), false))
                .ok_or_else(|| text!("scenario-no-such-file")),
        }
    }
}

/// `("BOOK.xlsx", "SHEET")` for a table named `BOOK.xlsx#SHEET`.
fn workbook_sheet(rel: &str) -> Option<(&str, &str)> {
    let (book, sheet) = rel.rsplit_once('#')?;
    book.to_ascii_lowercase()
        .ends_with(".xlsx")
        .then_some((book, sheet))
}

/// A table's bytes as text: UTF-8 (with or without a byte-order mark), else GB18030, the
/// encoding Excel on a Chinese Windows saves "CSV" in (GBK is its older part).
pub(crate) fn decode(bytes: Vec<u8>) -> Result<(String, bool), Text> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, false)),
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
            if had_errors {
                Err(text!("scenario-not-utf8-nor-gbk"))
            } else {
                Ok((text.into_owned(), true))
            }
        }
    }
}
