//! An uploaded scenario folder, as a .zip: its files read into memory with every entry checked
//! first. Paths that climb out (`..`), absolute paths and links are refused (zip-slip), and so is
//! an archive that would unpack beyond a size or a count, before anything is kept.

use crate::lang::Text;
use crate::text;
use std::io::Read;

/// The most an upload may unpack to, in all.
pub const MAX_UNPACKED_BYTES: u64 = 200 * 1024 * 1024;
/// The most entries an upload may hold.
pub const MAX_ENTRIES: usize = 2_000;

/// Why an upload was refused, in the planner's words.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UploadError(pub Text);

/// The files of a scenario folder in a zip: `(path relative to the folder of scenario.toml,
/// bytes)`. Files other than tables and settings (`.toml`, `.csv`, `.xlsx`, `.json`) are left out.
pub fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>, UploadError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| UploadError(text!("serve-upload-not-zip", error = e.to_string())))?;
    if archive.len() > MAX_ENTRIES {
        return Err(UploadError(text!(
            "serve-upload-too-many",
            count = archive.len(),
            most = MAX_ENTRIES
        )));
    }
    let mut files = Vec::new();
    let mut total = 0u64;
    // An .xlsx is a zip too: a workbook sent on its own has Excel's parts, not a folder.
    let mut workbook_parts = false;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| UploadError(text!("serve-upload-not-zip", error = e.to_string())))?;
        let raw = entry
            .name()
            .map_err(|e| UploadError(text!("serve-upload-not-zip", error = e.to_string())))?
            .to_string();
        let unsafe_path = raw.starts_with('/')
            || raw.starts_with('\\')
            || raw.split(['/', '\\']).any(|part| part == "..")
            || raw.chars().nth(1) == Some(':')
            || entry.enclosed_name().is_none();
        if unsafe_path {
            return Err(UploadError(text!("serve-upload-unsafe-path", entry = raw)));
        }
        if entry.is_symlink() {
            return Err(UploadError(text!("serve-upload-link", entry = raw)));
        }
        if entry.is_dir() {
            continue;
        }
        workbook_parts |= raw == "xl/workbook.xml";
        let lower = raw.to_ascii_lowercase();
        let wanted = [".toml", ".csv", ".xlsx", ".json"]
            .iter()
            .any(|e| lower.ends_with(e));
        // macOS adds `__MACOSX/._name` shadows of every file.
        if !wanted || lower.starts_with("__macosx/") {
            continue;
        }
        // The size the entry claims is checked first; the read is bounded too, as a claim can lie.
        total = total.saturating_add(entry.size());
        if total > MAX_UNPACKED_BYTES {
            return Err(too_large());
        }
        let mut data = Vec::new();
        (&mut entry)
            .take(MAX_UNPACKED_BYTES + 1)
            .read_to_end(&mut data)
            .map_err(|e| UploadError(text!("serve-upload-not-zip", error = e.to_string())))?;
        if data.len() as u64 > entry.size() || data.len() as u64 > MAX_UNPACKED_BYTES {
            return Err(too_large());
        }
        files.push((raw.replace('\\', "/"), data));
    }
    // The folder is the one holding scenario.toml (the zip of a folder has the folder's name in
    // front of every path).
    let tomls: Vec<&String> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.rsplit('/').next() == Some("scenario.toml"))
        .collect();
    let root = match tomls.as_slice() {
        [] if workbook_parts => return Err(UploadError(text!("serve-upload-workbook-alone"))),
        [] => return Err(UploadError(text!("serve-upload-no-toml"))),
        [one] => one[..one.len() - "scenario.toml".len()].to_string(),
        _ => {
            // The shallowest one is the scenario; the others are copies in sub-folders.
            let shallowest = tomls
                .iter()
                .min_by_key(|p| (p.matches('/').count(), p.to_string()))
                .expect("two or more");
            shallowest[..shallowest.len() - "scenario.toml".len()].to_string()
        }
    };
    Ok(files
        .into_iter()
        .filter_map(|(p, b)| p.strip_prefix(&root).map(|rel| (rel.to_string(), b)))
        .collect())
}

fn too_large() -> UploadError {
    UploadError(text!(
        "serve-upload-too-large",
        most = MAX_UNPACKED_BYTES / (1024 * 1024)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zipped_folder_gives_its_files_relative_to_scenario_toml() {
        let z = zip_of(&[
            ("tiny/scenario.toml", b"name = 'x'"),
            ("tiny/sites.csv", b"id\n"),
            ("tiny/notes.docx", b"skip"),
            ("__MACOSX/tiny/._sites.csv", b"skip"),
        ]);
        let files = unzip(&z).unwrap();
        let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["scenario.toml", "sites.csv"]);
    }

    #[test]
    fn paths_that_climb_out_or_start_at_the_root_are_refused() {
        for bad in [
            "../evil.csv",
            "a/../../evil.csv",
            "/etc/evil.csv",
            "C:/evil.csv",
        ] {
            let z = zip_of(&[("scenario.toml", b""), (bad, b"x")]);
            let e = unzip(&z).unwrap_err();
            assert_eq!(e.0.id, "serve-upload-unsafe-path", "{bad}");
        }
    }

    #[test]
    fn links_are_refused() {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file("scenario.toml", SimpleFileOptions::default())
            .unwrap();
        w.add_symlink("sites.csv", "/etc/passwd", SimpleFileOptions::default())
            .unwrap();
        let z = w.finish().unwrap().into_inner();
        assert_eq!(unzip(&z).unwrap_err().0.id, "serve-upload-link");
    }

    #[test]
    fn not_a_zip_and_no_scenario_are_said_so() {
        assert_eq!(
            unzip(b"PK not really").unwrap_err().0.id,
            "serve-upload-not-zip"
        );
        let z = zip_of(&[("sites.csv", b"id\n")]);
        assert_eq!(unzip(&z).unwrap_err().0.id, "serve-upload-no-toml");
    }

    #[test]
    fn a_workbook_sent_without_its_folder_is_told_what_to_send() {
        let s = crate::scenario::bundled::find("tiny").unwrap();
        let (_, book) = crate::scenario::workbook::template(&s, "x").unwrap();
        assert_eq!(
            unzip(&book).unwrap_err().0.id,
            "serve-upload-workbook-alone"
        );
    }
}
