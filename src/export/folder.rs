//! Output folders replaced as a set. A plan's files (schedule, stops, calendars, routes, report)
//! belong together: a reader must never find the new schedule beside the old report. So the files
//! are written into a staging folder beside `--out`, and the staging folder is swapped in whole;
//! a failure on the way (a full disk, an encoding error, Ctrl-C) leaves the previous folder as it was.
//!
//! Files in `--out` that outreach did not write (a planner's own notes, calendars they added) are
//! carried over by hard link (by copy where links are refused). Which files are outreach's is kept
//! in a manifest, `.outreach-files`, one path a line; without a manifest, only the names outreach
//! writes count as its own.

use super::ExportError;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The manifest of the files outreach wrote into a folder.
pub const MANIFEST: &str = ".outreach-files";

/// An output folder being replaced: files go into `staging()`, then `commit` swaps it in.
#[derive(Debug)]
pub struct OutputDir {
    target: PathBuf,
    staging: PathBuf,
    /// Paths (relative, `/`-separated) written into the staging folder so far.
    written: BTreeSet<String>,
    /// The target holds its own staging folder (`--out .`): it cannot be swapped whole.
    inside: bool,
    /// The names staging folders beside the target start with, skipped when the target is read.
    staging_prefix: String,
    committed: bool,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io {
        path: path.display().to_string(),
        source,
    }
}

impl OutputDir {
    /// Checks that `target` can be written (it is a folder or absent, and its parent takes new
    /// entries) and makes the staging folder beside it. Call it before the long work, so a bad
    /// `--out` is found before a plan is made and thrown away.
    pub fn prepare(target: &Path) -> Result<OutputDir, ExportError> {
        if target.exists() && !target.is_dir() {
            return Err(ExportError::NotAFolder {
                path: target.display().to_string(),
            });
        }
        let parent = parent_of(target);
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "out".into());
        clear_abandoned(&parent, &name);
        let staging = parent.join(format!(".{name}.outreach-{}.tmp", std::process::id()));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
        }
        std::fs::create_dir(&staging).map_err(io(&parent))?;
        let inside = target.exists()
            && parent
                .canonicalize()
                .ok()
                .is_some_and(|p| Some(p) == target.canonicalize().ok());
        Ok(OutputDir {
            target: target.to_path_buf(),
            staging,
            written: BTreeSet::new(),
            inside,
            staging_prefix: format!(".{name}.outreach-"),
            committed: false,
        })
    }

    /// Where the files go until `commit`.
    pub fn staging(&self) -> &Path {
        &self.staging
    }

    /// The folder the files are for.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `bytes` to `relative` (a `/`-separated path) in the staging folder.
    pub fn write(&mut self, relative: &str, bytes: &[u8]) -> Result<(), ExportError> {
        let path = self.staging.join(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, bytes).map_err(io(&self.target.join(relative)))?;
        self.written.insert(relative.to_string());
        Ok(())
    }

    /// Carries the previous folder's other files over and swaps the staging folder in. Files the
    /// previous manifest names and `replaced` selects (by relative path) are left behind: they are
    /// outreach's own, of a plan this one replaces.
    pub fn commit(mut self, replaced: impl Fn(&str) -> bool) -> Result<(), ExportError> {
        let old_manifest = read_manifest(&self.target);
        let mut manifest: BTreeSet<String> = self.written.clone();
        let mut carry = Vec::new();
        let mut stale = Vec::new();
        if self.target.is_dir() {
            let mut present = Vec::new();
            collect(&self.target, "", &mut present).map_err(io(&self.target))?;
            for rel in present {
                if rel == MANIFEST
                    || self.written.contains(&rel)
                    || rel.starts_with(&self.staging_prefix)
                {
                    continue;
                }
                let ours = old_manifest
                    .as_ref()
                    .map_or_else(|| own_name(&rel), |m| m.contains(&rel));
                if ours && replaced(&rel) {
                    stale.push(rel);
                    continue;
                }
                if ours {
                    manifest.insert(rel.clone());
                }
                carry.push(rel);
            }
        }
        let mut text = String::new();
        for rel in &manifest {
            text.push_str(rel);
            text.push('\n');
        }
        std::fs::write(self.staging.join(MANIFEST), text).map_err(io(&self.target))?;
        // A folder of a few files is swapped whole, its other files linked across first; a large
        // one (`--out` pointed at a working folder) or one that cannot be renamed (the current
        // folder, a mount point) gets the new files renamed in one by one, each atomically.
        let whole = self.target.exists() && !self.inside && carry.len() <= CARRY_MAX && {
            let linked = carry.iter().try_for_each(|rel| self.link(rel));
            linked.is_ok()
        };
        sync_dir(&self.staging);
        if !self.target.exists() {
            std::fs::rename(&self.staging, &self.target).map_err(io(&self.target))?;
        } else if !(whole && self.swap_whole()?) {
            self.move_in(&stale)?;
        }
        self.committed = true;
        Ok(())
    }

    /// Links (or copies) the target's file `rel` into the staging folder.
    fn link(&self, rel: &str) -> std::io::Result<()> {
        let to = self.staging.join(rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let from = self.target.join(rel);
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to)?;
        }
        Ok(())
    }

    /// Renames the target aside and the staging folder into its place; false when the target
    /// cannot be renamed (nothing changed then).
    fn swap_whole(&self) -> Result<bool, ExportError> {
        let old = self.staging.with_extension("old");
        if std::fs::rename(&self.target, &old).is_err() {
            return Ok(false);
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            // Put the previous folder back: nothing was replaced.
            let _ = std::fs::rename(&old, &self.target);
            return Err(io(&self.target)(e));
        }
        let _ = std::fs::remove_dir_all(&old);
        Ok(true)
    }

    /// Renames each new file over its old self, then removes outreach's `stale` files of the
    /// previous plan; the planner's own files are never touched.
    fn move_in(&self, stale: &[String]) -> Result<(), ExportError> {
        let mut files = Vec::new();
        collect(&self.staging, "", &mut files).map_err(io(&self.staging))?;
        for rel in files
            .iter()
            .filter(|r| self.written.contains(*r) || *r == MANIFEST)
        {
            let to = self.target.join(rel);
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
            }
            std::fs::rename(self.staging.join(rel), &to).map_err(io(&to))?;
        }
        for rel in stale {
            let _ = std::fs::remove_file(self.target.join(rel));
        }
        let _ = std::fs::remove_dir_all(&self.staging);
        Ok(())
    }
}

/// The most files of the previous folder carried over by link before a swap; beyond it the new
/// files are moved in one by one.
const CARRY_MAX: usize = 2000;

impl Drop for OutputDir {
    /// An output folder never committed leaves no staging folder behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Removes staging folders that a run killed before its commit left beside `name` (their process is
/// gone). Only where the system lists running processes under /proc; elsewhere they stay, hidden.
fn clear_abandoned(parent: &Path, name: &str) {
    let proc = Path::new("/proc/self");
    if !proc.exists() {
        return;
    }
    let prefix = format!(".{name}.outreach-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().to_string();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let Some((pid, ext)) = rest.split_once('.') else {
            continue;
        };
        let gone = pid.parse::<u32>().is_ok_and(|p| {
            p != std::process::id() && !Path::new("/proc").join(p.to_string()).exists()
        });
        if gone && (ext == "tmp" || ext == "old") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

fn parent_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The names outreach writes, for a folder without a manifest (written before manifests were).
fn own_name(rel: &str) -> bool {
    matches!(
        rel,
        "schedule.json" | "stops.csv" | "routes.geojson" | "report.html"
    ) || (rel.starts_with("calendars/") && rel.ends_with(".ics"))
}

fn read_manifest(dir: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).ok()?;
    Some(
        text.lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect(),
    )
}

/// Every file under `dir`, as `/`-separated paths relative to it; symbolic links count as files.
fn collect(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().to_string();
        let rel = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if e.file_type()?.is_dir() {
            collect(&e.path(), &rel, out)?;
        } else {
            out.push(rel);
        }
    }
    Ok(())
}

/// Flushes the folder's entries to disk where the system allows it (a rename is only as durable as
/// the folder that records it).
fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(p: &Path) -> String {
        std::fs::read_to_string(p).unwrap()
    }

    #[test]
    fn a_new_folder_appears_whole_with_its_manifest() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("plan");
        let mut d = OutputDir::prepare(&out).unwrap();
        d.write("schedule.json", b"{}").unwrap();
        d.write("calendars/V1.ics", b"BEGIN").unwrap();
        assert!(!out.exists(), "nothing shows before the commit");
        d.commit(|_| true).unwrap();
        assert_eq!(read(&out.join("schedule.json")), "{}");
        assert_eq!(read(&out.join("calendars/V1.ics")), "BEGIN");
        assert_eq!(
            read(&out.join(MANIFEST)),
            "calendars/V1.ics\nschedule.json\n"
        );
        let left: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no staging folder is left beside it");
    }

    #[test]
    fn a_replan_keeps_the_planners_files_and_drops_its_own_old_ones() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("plan");
        let mut d = OutputDir::prepare(&out).unwrap();
        d.write("schedule.json", b"old").unwrap();
        d.write("calendars/V1.ics", b"old V1").unwrap();
        d.write("calendars/V2.ics", b"old V2").unwrap();
        d.commit(|_| true).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        std::fs::write(out.join("calendars/holidays.ics"), "mine too").unwrap();

        let mut d = OutputDir::prepare(&out).unwrap();
        d.write("schedule.json", b"new").unwrap();
        d.write("calendars/V1.ics", b"new V1").unwrap();
        d.commit(|rel| rel.starts_with("calendars/")).unwrap();
        assert_eq!(read(&out.join("schedule.json")), "new");
        assert_eq!(read(&out.join("calendars/V1.ics")), "new V1");
        assert!(
            !out.join("calendars/V2.ics").exists(),
            "a vehicle the new plan no longer has"
        );
        assert_eq!(read(&out.join("notes.txt")), "mine");
        assert_eq!(read(&out.join("calendars/holidays.ics")), "mine too");
    }

    #[test]
    fn files_of_formats_not_written_again_are_kept() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("plan");
        let mut d = OutputDir::prepare(&out).unwrap();
        d.write("schedule.json", b"plan").unwrap();
        d.write("report.html", b"old report").unwrap();
        d.commit(|_| true).unwrap();
        // Only the report is exported again.
        let mut d = OutputDir::prepare(&out).unwrap();
        d.write("report.html", b"new report").unwrap();
        d.commit(|rel| rel == "report.html").unwrap();
        assert_eq!(read(&out.join("schedule.json")), "plan");
        assert_eq!(read(&out.join("report.html")), "new report");
        assert_eq!(read(&out.join(MANIFEST)), "report.html\nschedule.json\n");
    }

    #[test]
    fn a_failure_before_the_commit_leaves_the_previous_folder_whole() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("plan");
        let mut d = OutputDir::prepare(&out).unwrap();
        d.write("schedule.json", b"old").unwrap();
        d.write("report.html", b"old").unwrap();
        d.commit(|_| true).unwrap();
        {
            let mut d = OutputDir::prepare(&out).unwrap();
            d.write("schedule.json", b"new").unwrap();
            // Dropped here, as when the report fails to render.
        }
        assert_eq!(read(&out.join("schedule.json")), "old");
        assert_eq!(read(&out.join("report.html")), "old");
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_killed_runs_staging_folder_is_cleared_by_the_next() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("plan");
        // No process has this id (ids stay far below it).
        let abandoned = root.path().join(".plan.outreach-4000000000.tmp");
        std::fs::create_dir(&abandoned).unwrap();
        std::fs::write(abandoned.join("schedule.json"), "half").unwrap();
        let d = OutputDir::prepare(&out).unwrap();
        if Path::new("/proc/self").exists() {
            assert!(!abandoned.exists());
        }
        d.commit(|_| true).unwrap();
        assert!(out.join(MANIFEST).exists());
    }

    #[test]
    fn an_out_that_is_a_file_is_refused_before_any_work() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("plan");
        std::fs::write(&file, "a file").unwrap();
        let e = OutputDir::prepare(&file).unwrap_err();
        assert!(e.to_string().contains("is a file"), "{e}");
        assert_eq!(read(&file), "a file");
    }

    #[test]
    fn a_folder_without_manifest_counts_only_outreachs_names_as_its_own() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("plan");
        std::fs::create_dir_all(out.join("calendars")).unwrap();
        std::fs::write(out.join("calendars/OLD.ics"), "old plan").unwrap();
        std::fs::write(out.join("calendars/readme.txt"), "mine").unwrap();
        let mut d = OutputDir::prepare(&out).unwrap();
        d.write("calendars/V1.ics", b"new").unwrap();
        d.commit(|rel| rel.starts_with("calendars/")).unwrap();
        assert!(!out.join("calendars/OLD.ics").exists());
        assert_eq!(read(&out.join("calendars/readme.txt")), "mine");
    }
}
