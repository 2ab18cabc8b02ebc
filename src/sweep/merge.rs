//! A sweep's inputs (`inputs.csv`, which a resumed sweep or a merge checks) and the merge of shard
//! folders into one sweep.

use super::results::{io, read_rows, write_rows, Row};
use super::{plot, Spec, SweepError};
use crate::export::write_atomic;
use crate::scenario::Scenario;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file beside a sweep's results that records the scenario's input files and their SHA-256.
pub const INPUTS: &str = "inputs.csv";

/// Records the scenario's input files in a new sweep folder; in one being resumed, refuses inputs
/// that changed since, naming the file: its rows were planned from the old one.
pub(super) fn check_inputs(scenario: &Scenario, out: &Path) -> Result<(), SweepError> {
    let path = out.join(INPUTS);
    let mut text = String::from("file,sha256\n");
    for (file, hash) in &scenario.inputs {
        text.push_str(&format!("{file},{hash}\n"));
    }
    let Ok(old) = std::fs::read_to_string(&path) else {
        return write_atomic(&path, text.as_bytes()).map_err(|e| SweepError::Other(e.to_string()));
    };
    let changed = changed_inputs(&old, &text);
    if changed.is_empty() {
        return Ok(());
    }
    Err(io(
        out,
        format!(
            "holds rows planned from other inputs: {} changed since this sweep began; use another --out folder, or delete this one to plan every variation again",
            changed.join(", ")
        ),
    ))
}

/// The files whose SHA-256 differs between two `inputs.csv` texts (or that only one lists).
fn changed_inputs(a: &str, b: &str) -> Vec<String> {
    let read = |t: &str| -> BTreeMap<String, String> {
        t.lines()
            .skip(1)
            .filter_map(|l| l.rsplit_once(','))
            .map(|(f, h)| (f.to_string(), h.to_string()))
            .collect()
    };
    let (a, b) = (read(a), read(b));
    let files: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    files
        .into_iter()
        .filter(|f| a.get(*f) != b.get(*f))
        .cloned()
        .collect()
}

/// Joins shard folders into one `sweep.csv` and `sweep.svg` in `out`, the same as an unsharded run
/// would write. Returns the rows and the variations no shard has.
pub fn merge(dirs: &[PathBuf], out: &Path) -> Result<(Vec<Row>, Vec<usize>), SweepError> {
    let first = dirs.first().ok_or(SweepError::Other(
        "sweep merge needs at least one folder".into(),
    ))?;
    let text = std::fs::read_to_string(first.join("sweep.toml"))
        .map_err(|e| io(&first.join("sweep.toml"), e))?;
    let spec_path = first.join("sweep.toml");
    let spec = Spec::from_file(&spec_path, 0)?;
    let keys = spec.keys();
    let mut rows: BTreeMap<usize, (Row, PathBuf)> = BTreeMap::new();
    // Shards planned from different inputs (a table edited between two jobs) do not merge.
    let inputs = std::fs::read_to_string(first.join(INPUTS)).ok();
    for d in dirs {
        let p = d.join("sweep.toml");
        let t = std::fs::read_to_string(&p).map_err(|e| io(&p, e))?;
        if t != text {
            return Err(io(
                &p,
                format!("is another sweep than {}", spec_path.display()),
            ));
        }
        if let (Some(a), Ok(b)) = (&inputs, std::fs::read_to_string(d.join(INPUTS))) {
            let changed = changed_inputs(a, &b);
            if !changed.is_empty() {
                return Err(io(
                    d,
                    format!(
                        "was planned from other inputs than {}: {} differ",
                        first.display(),
                        changed.join(", ")
                    ),
                ));
            }
        }
        for r in read_rows(&d.join("sweep.csv"), &keys)? {
            if let Some((old, from)) = rows.get(&r.id) {
                if old.without_timing() != r.without_timing() {
                    return Err(SweepError::Other(format!(
                        "variation {} differs between {} and {}",
                        r.id,
                        from.display(),
                        d.display()
                    )));
                }
                continue;
            }
            rows.insert(r.id, (r, d.clone()));
        }
    }
    let rows: Vec<Row> = rows.into_values().map(|(r, _)| r).collect();
    let missing: Vec<usize> = (0..spec.variations().len())
        .filter(|i| rows.binary_search_by_key(i, |r| r.id).is_err())
        .collect();
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    write_atomic(&out.join("sweep.toml"), text.as_bytes())
        .map_err(|e| SweepError::Other(e.to_string()))?;
    if let Some(inputs) = &inputs {
        write_atomic(&out.join(INPUTS), inputs.as_bytes())
            .map_err(|e| SweepError::Other(e.to_string()))?;
    }
    write_rows(&out.join("sweep.csv"), &keys, &rows)?;
    let svg = plot::svg(&spec, &rows, crate::lang::current()).map_err(SweepError::Other)?;
    write_atomic(&out.join("sweep.svg"), svg.as_bytes())
        .map_err(|e| SweepError::Other(e.to_string()))?;
    Ok((rows, missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_inputs_names_files_changed_added_or_gone() {
        let a = "file,sha256\nscenario.toml,aa\nsites.csv,bb\nleave.csv,cc\n";
        let b = "file,sha256\nscenario.toml,aa\nsites.csv,XX\nclosures.csv,dd\n";
        assert_eq!(
            changed_inputs(a, b),
            vec!["closures.csv", "leave.csv", "sites.csv"]
        );
        assert!(changed_inputs(a, a).is_empty());
    }
}
