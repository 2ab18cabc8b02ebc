//! Problems found while reading a scenario, each pinned to a file, a line and a field.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario cannot be planned until this is fixed.
    Error,
    /// The scenario can be planned, but part of it cannot be served (it will be listed as unmet).
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub line: Option<u64>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem of a scenario that prevents planning (and the warnings found alongside).
#[derive(Debug, thiserror::Error)]
pub struct ScenarioError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        writeln!(f, "the scenario has {errors} error(s):")?;
        for p in &self.problems {
            writeln!(f, "  {p}")?;
        }
        Ok(())
    }
}

/// Collects problems while reading, so that all of them are reported at once.
#[derive(Default, Debug)]
pub struct Problems {
    pub list: Vec<Problem>,
}

impl Problems {
    pub fn error(
        &mut self,
        file: &str,
        line: Option<u64>,
        field: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Error, file, line, field, message);
    }

    pub fn warning(
        &mut self,
        file: &str,
        line: Option<u64>,
        field: Option<&str>,
        message: impl Into<String>,
    ) {
        self.push(Severity::Warning, file, line, field, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &str,
        line: Option<u64>,
        field: Option<&str>,
        message: impl Into<String>,
    ) {
        self.list.push(Problem {
            severity,
            file: file.to_string(),
            line,
            field: field.map(str::to_string),
            message: message.into(),
        });
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|p| p.severity == Severity::Error)
    }
}
