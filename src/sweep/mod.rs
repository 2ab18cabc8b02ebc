//! What-if sweeps: many variations of one scenario, each planned independently and in parallel, one
//! row of KPIs per variation in `sweep.csv`, and a plot in `sweep.svg`.
//!
//! A sweep is a grid (every combination of the values of each key) or a list (each variation
//! spelled out). Variation `i` always means the same change of the scenario, so a sweep can be cut
//! into shards (variation `i` belongs to shard `i mod N`), interrupted and resumed, and merged, and
//! the rows come out the same.

pub mod experts;
mod merge;
pub mod plot;
pub mod replan;
pub mod results;
pub mod run;
pub mod vary;

use serde::{Deserialize, Serialize};

pub use merge::{merge, INPUTS};
pub use results::{read_rows, Row, KPI_COLUMNS};
pub use run::{run, Outcome, Progress, Shard};
pub use vary::{apply, VaryError, KEYS};

#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error("{0}")]
    Vary(#[from] VaryError),
    #[error("{path}: {message}")]
    File { path: String, message: String },
    #[error("--vary `{0}`: expected KEY=VALUE,VALUE,… (e.g. fleet=94,85,80)")]
    BadVary(String),
    #[error("a sweep needs at least one variation: give --vary KEY=VALUES or a sweep file")]
    Empty,
    #[error("{0}")]
    Other(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Every combination of the values of each key.
    #[default]
    Grid,
    /// The variations as listed.
    List,
}

/// A sweep, as written in a sweep file or built from `--vary` flags.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    pub mode: Mode,
    /// Seed of the random draws (leave, demand growth); each plan's own seed is `seed` unless varied.
    pub seed: u64,
    /// Grid: the keys in order, each with its values.
    pub axes: Vec<(String, Vec<String>)>,
    /// List: each variation's pairs.
    pub list: Vec<Vec<(String, String)>>,
}

/// One variation: its number in the sweep and its `key=value` pairs.
#[derive(Clone, Debug, PartialEq)]
pub struct Variation {
    pub id: usize,
    pub params: Vec<(String, String)>,
}

/// The sweep file: TOML.
///
/// ```toml
/// mode = "grid"            # or "list"
/// seed = 1
/// [vary]                   # grid: values of each key
/// fleet = [94, 85, 80]
/// leave_rate = ["0%", "15%"]
///
/// [[variation]]            # list: one table per variation
/// fleet = 80
/// closure = "TH370304102:2027-01-01..2027-02-28"
/// ```
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SweepFile {
    #[serde(default)]
    mode: Option<Mode>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    vary: Option<toml::Table>,
    #[serde(default)]
    variation: Vec<toml::Table>,
}

fn scalar(v: &toml::Value) -> Option<String> {
    match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Float(f) => Some(f.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    }
}

impl Spec {
    /// From `--vary KEY=V1,V2` flags: a grid.
    pub fn from_flags(vary: &[String], seed: u64) -> Result<Spec, SweepError> {
        let mut axes: Vec<(String, Vec<String>)> = Vec::new();
        for v in vary {
            let (k, vals) = v
                .split_once('=')
                .ok_or_else(|| SweepError::BadVary(v.clone()))?;
            let k = k.trim().to_string();
            let vals: Vec<String> = vals
                .split(',')
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect();
            if k.is_empty() || vals.is_empty() {
                return Err(SweepError::BadVary(v.clone()));
            }
            for x in &vals {
                vary::check_key(&k, x)?;
            }
            match axes.iter_mut().find(|(a, _)| *a == k) {
                Some((_, existing)) => existing.extend(vals),
                None => axes.push((k, vals)),
            }
        }
        if axes.is_empty() {
            return Err(SweepError::Empty);
        }
        Ok(Spec {
            mode: Mode::Grid,
            seed,
            axes,
            list: vec![],
        })
    }

    /// From a sweep file (TOML); errors name the file and the key.
    pub fn from_file(path: &std::path::Path, default_seed: u64) -> Result<Spec, SweepError> {
        let file = |message: String| SweepError::File {
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| file(e.to_string()))?;
        let f: SweepFile = toml::from_str(&text).map_err(|e| file(e.to_string()))?;
        let seed = f.seed.unwrap_or(default_seed);
        let mode = f.mode.unwrap_or(if f.variation.is_empty() {
            Mode::Grid
        } else {
            Mode::List
        });
        let mut spec = Spec {
            mode,
            seed,
            axes: vec![],
            list: vec![],
        };
        match mode {
            Mode::Grid => {
                if !f.variation.is_empty() {
                    return Err(file(
                        "mode = \"grid\" takes [vary], not [[variation]] tables".into(),
                    ));
                }
                for (k, v) in f.vary.unwrap_or_default() {
                    let vals: Vec<String> = match &v {
                        toml::Value::Array(a) => a.iter().map(scalar).collect::<Option<_>>(),
                        other => scalar(other).map(|x| vec![x]),
                    }
                    .ok_or_else(|| {
                        file(format!("[vary] {k}: expected a value or a list of values"))
                    })?;
                    for x in &vals {
                        vary::check_key(&k, x).map_err(|e| file(format!("[vary] {e}")))?;
                    }
                    spec.axes.push((k, vals));
                }
            }
            Mode::List => {
                if f.vary.is_some() {
                    return Err(file(
                        "mode = \"list\" takes [[variation]] tables, not [vary]".into(),
                    ));
                }
                for (i, t) in f.variation.iter().enumerate() {
                    let mut pairs = Vec::new();
                    for (k, v) in t {
                        let x = scalar(v).ok_or_else(|| {
                            file(format!("[[variation]] {}: {k}: expected one value", i + 1))
                        })?;
                        vary::check_key(k, &x)
                            .map_err(|e| file(format!("[[variation]] {}: {e}", i + 1)))?;
                        pairs.push((k.clone(), x));
                    }
                    spec.list.push(pairs);
                }
            }
        }
        if spec.variations().is_empty() {
            return Err(file(
                "no variation: give [vary] values or [[variation]] tables".into(),
            ));
        }
        Ok(spec)
    }

    /// Every variation, numbered from 0; in a grid the last key changes fastest.
    pub fn variations(&self) -> Vec<Variation> {
        match self.mode {
            Mode::List => self
                .list
                .iter()
                .enumerate()
                .map(|(id, params)| Variation {
                    id,
                    params: params.clone(),
                })
                .collect(),
            Mode::Grid => {
                if self.axes.is_empty() || self.axes.iter().any(|(_, v)| v.is_empty()) {
                    return vec![];
                }
                let total: usize = self.axes.iter().map(|(_, v)| v.len()).product();
                (0..total)
                    .map(|id| {
                        let mut rest = id;
                        let mut params = vec![(String::new(), String::new()); self.axes.len()];
                        for (a, (k, vals)) in self.axes.iter().enumerate().rev() {
                            params[a] = (k.clone(), vals[rest % vals.len()].clone());
                            rest /= vals.len();
                        }
                        Variation { id, params }
                    })
                    .collect()
            }
        }
    }

    /// The keys, in the order of their first appearance: the parameter columns of `sweep.csv`.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = Vec::new();
        let all = self
            .axes
            .iter()
            .map(|(k, _)| k.clone())
            .chain(self.list.iter().flatten().map(|(k, _)| k.clone()));
        for k in all {
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        keys
    }

    /// The sweep written back as TOML, stored beside the results so that shards and resumed runs
    /// can be matched to their sweep.
    pub fn to_toml(&self) -> String {
        let mut out = format!(
            "mode = \"{}\"\nseed = {}\n",
            match self.mode {
                Mode::Grid => "grid",
                Mode::List => "list",
            },
            self.seed
        );
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        match self.mode {
            Mode::Grid => {
                out.push_str("\n[vary]\n");
                for (k, vals) in &self.axes {
                    let vals: Vec<String> = vals.iter().map(|v| q(v)).collect();
                    out.push_str(&format!("{} = [{}]\n", q(k), vals.join(", ")));
                }
            }
            Mode::List => {
                for pairs in &self.list {
                    out.push_str("\n[[variation]]\n");
                    // In the given order: later pairs apply after earlier ones.
                    for (k, v) in pairs {
                        out.push_str(&format!("{} = {}\n", q(k), q(v)));
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_numbers_combinations_last_key_fastest() {
        let spec = Spec::from_flags(&["fleet=2,1".into(), "leave_rate=0,0.5,1".into()], 1).unwrap();
        let v = spec.variations();
        assert_eq!(v.len(), 6);
        assert_eq!(
            v[1].params,
            vec![
                ("fleet".into(), "2".into()),
                ("leave_rate".into(), "0.5".into())
            ]
        );
        assert_eq!(v[3].params[0].1, "1");
        assert!(Spec::from_flags(&["fleet".into()], 1).is_err());
        assert!(Spec::from_flags(&["colour=red".into()], 1).is_err());
    }

    #[test]
    fn files_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.toml");
        std::fs::write(&p, "seed = 3\n[[variation]]\nfleet = 80\n\n[[variation]]\nfleet = 70\nclosure = \"none\"\n").unwrap();
        let spec = Spec::from_file(&p, 1).unwrap();
        assert_eq!(spec.mode, Mode::List);
        assert_eq!(spec.variations().len(), 2);
        std::fs::write(&p, spec.to_toml()).unwrap();
        assert_eq!(Spec::from_file(&p, 1).unwrap(), spec);
        std::fs::write(&p, "[vary]\nfleet = [1, 2]\nvisits = 3\n").unwrap();
        let grid = Spec::from_file(&p, 1).unwrap();
        assert_eq!(grid.variations().len(), 2);
        std::fs::write(&p, spec.to_toml()).unwrap();
        std::fs::write(&p, "[vary]\nfleat = [1]\n").unwrap();
        let e = Spec::from_file(&p, 1).unwrap_err().to_string();
        assert!(e.contains("s.toml") && e.contains("fleat"), "{e}");
    }
}
