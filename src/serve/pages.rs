//! The workbench's pages as askama templates (`templates/serve/`), which HTML-escape every value;
//! only SVG drawn here (with names escaped) is marked safe. Each page carries `Chrome`: the
//! language, the form token and the words of the frame around it.

use super::store::{Kind, RunRow, Status};
use crate::export::report::Kpi;
use crate::lang::{tr, Lang, Text};
use askama::Template;

/// What every page shares.
pub struct Chrome {
    pub lang: Lang,
    pub lang_code: &'static str,
    /// The form token every POST carries.
    pub csrf: String,
    pub title: String,
    /// This page in the other language.
    pub other_lang: &'static str,
    pub other_lang_name: &'static str,
}

impl Chrome {
    pub fn new(lang: Lang, csrf: &str, title: String) -> Chrome {
        let (other_lang, other_lang_name) = match lang {
            Lang::Zh => ("en", "English"),
            Lang::En => ("zh", "中文"),
        };
        Chrome {
            lang,
            lang_code: lang.code(),
            csrf: csrf.to_string(),
            title,
            other_lang,
            other_lang_name,
        }
    }

    pub fn t(&self, id: &str) -> String {
        tr(self.lang, id)
    }

    pub fn when(&self, at: &i64) -> String {
        when(*at)
    }
}

/// A moment as the planner's clock would show it in UTC: `2027-01-04 08:30 UTC`.
pub fn when(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .map(|d| d.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}

pub fn status_words(s: Status, lang: Lang) -> String {
    tr(
        lang,
        match s {
            Status::Queued => "serve-status-queued",
            Status::Running => "serve-status-running",
            Status::Done => "serve-status-done",
            Status::Cancelled => "serve-status-cancelled",
            Status::Interrupted => "serve-status-interrupted",
            Status::Failed => "serve-status-failed",
        },
    )
}

/// A scenario in a list.
pub struct ScenarioItem {
    pub key: String,
    pub name: String,
    pub description: String,
    pub origin: String,
}

/// A run in a list.
pub struct RunItem {
    pub id: i64,
    pub scenario: String,
    pub scenario_name: String,
    pub sweep: bool,
    pub changes: String,
    pub effort: String,
    pub status: String,
    pub status_class: &'static str,
    pub created: String,
    pub has_plan: bool,
}

impl RunItem {
    pub fn new(r: &RunRow, scenario_name: String, has_plan: bool, lang: Lang) -> RunItem {
        RunItem {
            id: r.id,
            scenario: r.scenario.clone(),
            scenario_name,
            sweep: r.kind == Kind::Sweep,
            changes: changes_words(&r.params, lang),
            effort: crate::lang::word(lang, "effort", &r.effort),
            status: status_words(r.status, lang),
            status_class: r.status.name(),
            created: when(r.created),
            has_plan,
        }
    }
}

/// The what-if changes in a line; "as planned" when there are none.
pub fn changes_words(params: &[(String, String)], lang: Lang) -> String {
    if params.is_empty() {
        return tr(lang, "serve-no-changes");
    }
    params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A problem of a scenario, as a row of the validation table.
pub struct ProblemRow {
    pub severity: String,
    pub is_error: bool,
    pub file: String,
    pub line: String,
    pub field: String,
    pub message: String,
}

impl ProblemRow {
    pub fn new(p: &crate::scenario::Problem, lang: Lang) -> ProblemRow {
        let is_error = p.severity == crate::scenario::Severity::Error;
        ProblemRow {
            severity: tr(
                lang,
                if is_error {
                    "scenario-error"
                } else {
                    "scenario-warning"
                },
            ),
            is_error,
            file: p.file.clone(),
            line: p.line.map(|l| l.to_string()).unwrap_or_default(),
            field: p.field.clone().unwrap_or_default(),
            message: p.message.render(lang),
        }
    }
}

#[derive(Template)]
#[template(path = "serve/index.html")]
pub struct Index {
    pub c: Chrome,
    pub scenarios: Vec<ScenarioItem>,
    pub runs: Vec<RunItem>,
    pub max_upload_mb: u64,
}

/// An upload refused: why, and for a scenario with errors, every problem.
#[derive(Template)]
#[template(path = "serve/refused.html")]
pub struct Refused {
    pub c: Chrome,
    pub file: String,
    pub reason: String,
    pub problems: Vec<ProblemRow>,
}

/// A table of a scenario: its header and rows, all as text.
pub struct Table {
    pub id: &'static str,
    pub title: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// A what-if field with its value and errors.
pub struct Field {
    pub name: String,
    pub label: String,
    pub value: String,
    pub errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "serve/scenario.html")]
pub struct ScenarioPage {
    pub c: Chrome,
    pub key: String,
    pub name: String,
    pub description: String,
    pub facts: Vec<Kpi>,
    pub problems: Vec<ProblemRow>,
    pub map: String,
    pub tables: Vec<Table>,
    pub fleet: Vec<Field>,
    pub fields: Vec<Field>,
    pub closure_places: Vec<(String, String)>,
    pub closure_site: String,
    pub kind: String,
    pub effort: String,
    pub efforts: Vec<(String, String)>,
    pub form_errors: Vec<String>,
    pub runs: Vec<RunItem>,
}

impl ScenarioPage {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// A download of a run's files.
pub struct Download {
    pub href: String,
    pub name: String,
    pub what: String,
}

/// An unmet visit with its reason.
pub struct UnmetRow {
    pub site: String,
    pub name: String,
    pub period: String,
    pub missing: u32,
    pub required: u32,
    pub reason: String,
    pub code: String,
}

/// The sweep's table.
pub struct SweepTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub pareto: Vec<bool>,
}

#[derive(Template)]
#[template(path = "serve/run.html")]
pub struct RunPage {
    pub c: Chrome,
    pub run: RunItem,
    pub is_final: bool,
    pub message: String,
    pub live_json: String,
    /// The best plan so far (or the one the run ended with), for pages without the script.
    pub best_text: String,
    pub kpis: Vec<Kpi>,
    pub optimality: Vec<Kpi>,
    pub verdict_ok: bool,
    pub violations: Vec<String>,
    pub unmet: Vec<UnmetRow>,
    pub downloads: Vec<Download>,
    pub has_report: bool,
    pub interrupted_plan: bool,
    pub sweep: Option<SweepTable>,
}

#[derive(Template)]
#[template(path = "serve/runs.html")]
pub struct RunsPage {
    pub c: Chrome,
    pub runs: Vec<RunItem>,
}

/// One row of the comparison: a figure per run.
pub struct CompareRow {
    pub name: String,
    pub values: Vec<String>,
    pub differ: bool,
}

#[derive(Template)]
#[template(path = "serve/compare.html")]
pub struct ComparePage {
    pub c: Chrome,
    pub runs: Vec<RunItem>,
    pub kpis: Vec<CompareRow>,
    pub villages: Vec<CompareRow>,
    pub vehicles: Vec<CompareRow>,
    pub notes: Vec<String>,
}

pub struct LogItem {
    pub at: String,
    pub who: String,
    pub what: String,
}

#[derive(Template)]
#[template(path = "serve/log.html")]
pub struct LogPage {
    pub c: Chrome,
    pub lines: Vec<LogItem>,
}

#[derive(Template)]
#[template(path = "serve/error.html")]
pub struct ErrorPage {
    pub c: Chrome,
    pub message: String,
}

/// A message stored as a text (JSON), in `lang`; a plain string as it is.
pub fn message_words(stored: &Option<String>, lang: Lang) -> String {
    match stored {
        None => String::new(),
        Some(s) => match serde_json::from_str::<Text>(s) {
            Ok(t) => t.render(lang),
            Err(_) => s.clone(),
        },
    }
}
