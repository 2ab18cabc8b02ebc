//! A peer's per-instance costs (PyVRP, VROOM, OR-Tools, or an earlier run of ours), read from a CSV
//! with an `instance` and a `cost` column, to print beside our own in `outreach bench --compare`.

use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: {source}")]
    Csv {
        file: String,
        #[source]
        source: csv::Error,
    },
    #[error("{file}: no `{column}` column (the header needs `instance` and `cost`)")]
    Column { file: String, column: &'static str },
    #[error("{file} line {line}: `{value}` is not a cost")]
    Cost {
        file: String,
        line: usize,
        value: String,
    },
}

/// Costs by instance name, and the peer's name (the file's stem).
#[derive(Clone, Debug, Default)]
pub struct Peer {
    pub name: String,
    pub costs: HashMap<String, f64>,
}

impl Peer {
    /// Reads `path`; other columns are ignored, and an empty cost means "no solution".
    pub fn read(path: &Path) -> Result<Peer, CompareError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| CompareError::Io {
            file: file.clone(),
            source,
        })?;
        let name = path
            .file_stem()
            .map_or_else(|| "peer".to_string(), |s| s.to_string_lossy().into_owned());
        Peer::parse(&text, &file, name)
    }

    pub fn parse(text: &str, file: &str, name: String) -> Result<Peer, CompareError> {
        let csv_error = |source| CompareError::Csv {
            file: file.to_string(),
            source,
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header = reader.headers().map_err(csv_error)?.clone();
        let column = |column: &'static str| {
            header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(column))
                .ok_or(CompareError::Column {
                    file: file.to_string(),
                    column,
                })
        };
        let (at_instance, at_cost) = (column("instance")?, column("cost")?);
        let mut costs = HashMap::new();
        for (k, record) in reader.records().enumerate() {
            let record = record.map_err(csv_error)?;
            let instance = record.get(at_instance).unwrap_or("").to_string();
            let value = record.get(at_cost).unwrap_or("");
            if instance.is_empty() || value.is_empty() {
                continue;
            }
            let cost = value.parse::<f64>().map_err(|_| CompareError::Cost {
                file: file.to_string(),
                line: k + 2,
                value: value.to_string(),
            })?;
            costs.insert(instance, cost);
        }
        Ok(Peer { name, costs })
    }

    /// The peer's cost on `instance`, matched without regard to case (`c203` is `C203`).
    pub fn cost(&self, instance: &str) -> Option<f64> {
        self.costs.get(instance).copied().or_else(|| {
            self.costs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(instance))
                .map(|(_, &c)| c)
        })
    }
}

/// The gap of `cost` above `reference`, in per cent.
pub fn gap_pct(cost: f64, reference: f64) -> f64 {
    let g = 100.0 * (cost - reference) / reference;
    // Float noise must not print as −0.00.
    if g.abs() < 1e-9 {
        0.0
    } else {
        g
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_instance_and_cost_among_other_columns() {
        let text = "solver,Instance,cost,seconds\npyvrp,C203,588.7,10\npyvrp,R207,,10\npyvrp, X-n101-k25 ,27591,30\n";
        let p = Peer::parse(text, "pyvrp.csv", "pyvrp".into()).unwrap();
        assert_eq!(p.cost("c203"), Some(588.7));
        assert_eq!(p.cost("X-n101-k25"), Some(27591.0));
        assert_eq!(p.cost("R207"), None, "an empty cost is no solution");
    }

    #[test]
    fn a_bad_file_says_what_and_where() {
        let e = Peer::parse("name,cost\nC203,1\n", "p.csv", "p".into()).unwrap_err();
        assert!(e.to_string().contains("`instance`"), "{e}");
        let e = Peer::parse("instance,cost\nC203,1\nC205,abc\n", "p.csv", "p".into()).unwrap_err();
        assert_eq!(e.to_string(), "p.csv line 3: `abc` is not a cost");
    }

    #[test]
    fn gaps_are_relative_to_the_reference() {
        assert!((gap_pct(101.0, 100.0) - 1.0).abs() < 1e-12);
        assert_eq!(gap_pct(100.0, 100.0), 0.0);
    }
}
