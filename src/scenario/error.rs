//! Problems found while reading a scenario, each pinned to a file, a line and a field. Their words
//! are catalogue messages (`locales/*/scenario.ftl`), so a planner reads them in Chinese or English.

use crate::lang::{self, tr, Lang, Text};
use crate::text;
use serde::ser::SerializeStruct;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The scenario cannot be planned until this is fixed.
    Error,
    /// The scenario can be planned, but part of it cannot be served (it will be listed as unmet).
    Warning,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub file: String,
    pub line: Option<u64>,
    pub field: Option<String>,
    pub message: Text,
}

impl Problem {
    /// The whole line in `lang`: `error: sites.csv, line 3, field `lat`: …`.
    pub fn render(&self, lang: Lang) -> String {
        let severity = match self.severity {
            Severity::Error => tr(lang, "scenario-error"),
            Severity::Warning => tr(lang, "scenario-warning"),
        };
        let mut place = String::new();
        if let Some(line) = self.line {
            place += &text!("scenario-at-line", line = line).render(lang);
        }
        if let Some(field) = &self.field {
            place += &text!("scenario-at-field", field = field).render(lang);
        }
        text!(
            "scenario-problem",
            severity = severity,
            file = &self.file,
            place = place,
            message = self.message.render(lang),
        )
        .render(lang)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(lang::current()))
    }
}

/// Tools match on `code`, the message's id, which stays when the words change; `message` is
/// in the language of the run.
impl serde::Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Problem", 6)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("file", &self.file)?;
        out.serialize_field("line", &self.line)?;
        out.serialize_field("field", &self.field)?;
        out.serialize_field("code", &self.message.id)?;
        out.serialize_field("message", &self.message.to_string())?;
        out.end()
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
        writeln!(f, "{}", text!("scenario-has-errors", errors = errors))?;
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
    pub fn error(&mut self, file: &str, line: Option<u64>, field: Option<&str>, message: Text) {
        self.push(Severity::Error, file, line, field, message);
    }

    pub fn warning(&mut self, file: &str, line: Option<u64>, field: Option<&str>, message: Text) {
        self.push(Severity::Warning, file, line, field, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        file: &str,
        line: Option<u64>,
        field: Option<&str>,
        message: Text,
    ) {
        self.list.push(Problem {
            severity,
            file: file.to_string(),
            line,
            field: field.map(str::to_string),
            message,
        });
    }

    pub fn has_errors(&self) -> bool {
        self.list.iter().any(|p| p.severity == Severity::Error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem() -> Problem {
        Problem {
            severity: Severity::Error,
            file: "sites.csv".into(),
            line: Some(3),
            field: Some("lat".into()),
            message: text!("scenario-not-a-number", value = "abc"),
        }
    }

    #[test]
    fn a_problem_names_file_line_and_field_in_either_language() {
        let p = problem();
        assert_eq!(
            p.render(Lang::En),
            "error: sites.csv, line 3, field `lat`: `abc` is not a finite number"
        );
        let zh = p.render(Lang::Zh);
        assert!(
            zh.starts_with("错误：sites.csv，第 3 行，字段 `lat`：") && zh.contains("`abc`"),
            "{zh}"
        );
        let warning = Problem {
            severity: Severity::Warning,
            line: None,
            field: None,
            ..problem()
        };
        assert!(warning
            .render(Lang::En)
            .starts_with("warning: sites.csv: `abc`"));
    }

    /// Every `"scenario-…"` literal in the code, wherever rustfmt put it (the catalogue test only
    /// sees an id on the line of its `text!(`), is a message in both languages.
    #[test]
    fn every_scenario_id_in_the_code_has_words_in_both_languages() {
        fn scan(dir: &std::path::Path, ids: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    scan(&path, ids);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for piece in text.split("\"scenario-").skip(1) {
                        let end = piece.find('"').unwrap_or(0);
                        let tail = &piece[..end];
                        if !tail.is_empty()
                            && tail
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        {
                            ids.push(format!("scenario-{tail}"));
                        }
                    }
                }
            }
        }
        let mut ids = Vec::new();
        scan(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut ids,
        );
        assert!(ids.len() > 80, "found only {} ids", ids.len());
        for id in ids {
            for lang in Lang::ALL {
                assert_ne!(
                    Text::new(&id).render(lang),
                    id,
                    "{id} has no words in {lang}"
                );
            }
        }
    }

    #[test]
    fn json_has_the_message_id_as_its_code() {
        let json = serde_json::to_value(problem()).unwrap();
        assert_eq!(json["code"], "scenario-not-a-number");
        assert_eq!(json["line"], 3);
        assert_eq!(json["field"], "lat");
        assert_eq!(json["severity"], "error");
        assert!(json["message"].as_str().unwrap().contains("`abc`"));
    }
}
