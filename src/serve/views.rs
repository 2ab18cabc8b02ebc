//! What each page shows, gathered from the store, the scenarios and the runs' files. Each function
//! returns the response, or the error page in its place.
// `Result<_, Response>` lets `?` turn any failure into its error page; a response is 128 bytes,
// made once a request, so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use super::http::{error, internal, may_have_plan};
use super::pages::{self, Chrome, Download, Field, ProblemRow, RunItem, UnmetRow};
use super::scenarios::{self, Key, LoadError, Refused};
use super::store::{Kind, RunRow};
use super::whatif::Form;
use super::Workbench;
use crate::export::report::{kpis, optimality};
use crate::lang::{tr, word, Lang, Text};
use crate::scenario::Scenario;
use crate::text;
use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::sync::Arc;

type PageResult = Result<Response, Response>;

fn render(wb: &Workbench, lang: Lang, status: StatusCode, page: impl Template) -> PageResult {
    match page.render() {
        Ok(html) => Ok((status, Html(html)).into_response()),
        Err(e) => Err(internal(wb, lang, e)),
    }
}

fn chrome(wb: &Workbench, lang: Lang, title: String) -> Chrome {
    Chrome::new(lang, wb.form_token(), title)
}

fn load(wb: &Workbench, lang: Lang, key: &str) -> Result<(Key, Arc<Scenario>), Response> {
    let not_found = || {
        error(
            wb,
            lang,
            StatusCode::NOT_FOUND,
            text!("serve-no-scenario", key = key),
        )
    };
    let k = Key::parse(key).ok_or_else(not_found)?;
    match wb.cache.get(&wb.store, &k) {
        Ok(s) => Ok((k, s)),
        Err(LoadError::Missing) => Err(not_found()),
        Err(e) => Err(internal(wb, lang, e)),
    }
}

/// The scenario's name for lists; its key when it cannot be read.
fn scenario_name(wb: &Workbench, key: &str) -> String {
    Key::parse(key)
        .and_then(|k| wb.cache.get(&wb.store, &k).ok())
        .map_or_else(|| key.to_string(), |s| s.name.clone())
}

fn run_items(wb: &Workbench, lang: Lang, rows: &[RunRow]) -> Result<Vec<RunItem>, Response> {
    rows.iter()
        .map(|r| {
            let has_plan = r.kind == Kind::Plan
                && may_have_plan(r.status)
                && wb
                    .store
                    .output(r.id, "schedule.json")
                    .map_err(|e| internal(wb, lang, e))?
                    .is_some();
            Ok(RunItem::new(
                r,
                scenario_name(wb, &r.scenario),
                has_plan,
                lang,
            ))
        })
        .collect()
}

pub fn index(wb: &Workbench, lang: Lang) -> PageResult {
    let mut scenarios = Vec::new();
    for name in crate::scenario::bundled::NAMES {
        let s = wb
            .cache
            .get(&wb.store, &Key::Bundled(name))
            .map_err(|e| internal(wb, lang, e))?;
        scenarios.push(pages::ScenarioItem {
            key: name.to_string(),
            name: s.name.clone(),
            description: s.description.clone(),
            origin: tr(lang, "serve-origin-bundled"),
        });
    }
    for s in wb.store.scenarios().map_err(|e| internal(wb, lang, e))? {
        let description = wb
            .cache
            .get(&wb.store, &Key::Uploaded(s.id))
            .map(|x| x.description.clone())
            .unwrap_or_default();
        scenarios.push(pages::ScenarioItem {
            key: s.id.to_string(),
            name: s.name,
            description,
            origin: text!(
                "serve-origin-upload",
                file = s.origin,
                when = pages::when(s.created)
            )
            .render(lang),
        });
    }
    let mut rows = wb.store.runs().map_err(|e| internal(wb, lang, e))?;
    rows.truncate(20);
    let page = pages::Index {
        c: chrome(wb, lang, tr(lang, "serve-title-index")),
        scenarios,
        runs: run_items(wb, lang, &rows)?,
        max_upload_mb: (super::MAX_UPLOAD_BYTES / (1024 * 1024)) as u64,
    };
    render(wb, lang, StatusCode::OK, page)
}

pub fn upload(wb: &Workbench, lang: Lang, file: &str, bytes: &[u8], who: &str) -> PageResult {
    let refused = |status, reason: String, problems: Vec<ProblemRow>| {
        render(
            wb,
            lang,
            status,
            pages::Refused {
                c: chrome(wb, lang, tr(lang, "serve-title-refused")),
                file: file.to_string(),
                reason,
                problems,
            },
        )
        .and_then(Err)
    };
    match scenarios::upload(&wb.store, file, bytes, who) {
        Ok((id, _)) => Ok(Redirect::to(&format!("/scenarios/{id}")).into_response()),
        Err(Refused::Unreadable(e)) => refused(StatusCode::BAD_REQUEST, e.0.render(lang), vec![]),
        Err(Refused::Invalid(problems)) => {
            let errors = problems
                .iter()
                .filter(|p| p.severity == crate::scenario::Severity::Error)
                .count();
            refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                text!("serve-upload-invalid", errors = errors).render(lang),
                problems.iter().map(|p| ProblemRow::new(p, lang)).collect(),
            )
        }
        Err(e) => Err(internal(wb, lang, e)),
    }
}

/// The scenario's page; with a form sent back, its values and errors.
pub fn scenario(
    wb: &Workbench,
    lang: Lang,
    key: &str,
    sent: Option<(&Form, &[(String, Text)])>,
) -> PageResult {
    let (k, s) = load(wb, lang, key)?;
    let empty = Form::default();
    let (form, errors) = sent.unwrap_or((&empty, &[]));
    let errors_of = |name: &str| -> Vec<String> {
        errors
            .iter()
            .filter(|(f, _)| f == name)
            .map(|(_, t)| t.render(lang))
            .collect()
    };
    let field = |name: &str, label: String| Field {
        name: name.to_string(),
        label,
        value: form.get(name).to_string(),
        errors: errors_of(name),
    };
    let fleet = s
        .bases
        .iter()
        .map(|b| {
            let now = s
                .vehicles
                .iter()
                .filter(|v| s.bases[v.base].id == b.id)
                .count();
            field(
                &format!("fleet.{}", b.id),
                text!("serve-whatif-fleet-of", base = b.name.as_str(), now = now).render(lang),
            )
        })
        .collect();
    let fields = vec![
        field("leave_rate", tr(lang, "serve-whatif-leave-rate")),
        field("leave_from", tr(lang, "serve-whatif-from")),
        field("leave_to", tr(lang, "serve-whatif-to")),
        field("closure_site", String::new()),
        field("closure_from", tr(lang, "serve-whatif-from")),
        field("closure_to", tr(lang, "serve-whatif-to")),
        field("demand_growth", tr(lang, "serve-whatif-growth")),
    ];
    // Errors of fields the page has no place for (none today) still show, above the form.
    let placed =
        |f: &str| f == "kind" || f == "effort" || f.starts_with("fleet.") || fields_named(f);
    let mut form_errors: Vec<String> = errors
        .iter()
        .filter(|(f, _)| !placed(f) || f == "kind" || f == "effort")
        .map(|(_, t)| t.render(lang))
        .collect();
    if !errors.is_empty() {
        form_errors.insert(
            0,
            text!("serve-whatif-errors", count = errors.len()).render(lang),
        );
    }
    let closure_places = s
        .bases
        .iter()
        .map(|b| (b.id.clone(), b.name.clone()))
        .chain(s.sites.iter().map(|x| (x.id.clone(), x.name.clone())))
        .collect();
    let runs: Vec<RunRow> = wb
        .store
        .runs()
        .map_err(|e| internal(wb, lang, e))?
        .into_iter()
        .filter(|r| r.scenario == k.as_string())
        .collect();
    let effort = match form.get("effort") {
        "" => s.solver.effort.name().to_string(),
        e => e.to_string(),
    };
    let page = pages::ScenarioPage {
        c: chrome(wb, lang, s.name.clone()),
        key: k.as_string(),
        name: s.name.clone(),
        description: s.description.clone(),
        facts: super::tables::facts(&s, lang),
        problems: s
            .warnings
            .iter()
            .map(|p| ProblemRow::new(p, lang))
            .collect(),
        map: super::map::svg(
            &s,
            [
                &tr(lang, "report-legend-base"),
                &tr(lang, "report-legend-site"),
                &tr(lang, "serve-legend-lodging"),
            ],
        ),
        tables: super::tables::tables(&s, lang),
        fleet,
        fields,
        closure_places,
        closure_site: form.get("closure_site").to_string(),
        kind: form.get("kind").to_string(),
        effort,
        efforts: crate::scenario::Effort::NAMES
            .iter()
            .map(|e| (e.to_string(), word(lang, "effort", e)))
            .collect(),
        form_errors,
        runs: run_items(wb, lang, &runs)?,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = render(wb, lang, status, page)?;
    if errors.is_empty() {
        Ok(page)
    } else {
        Err(page)
    }
}

fn fields_named(f: &str) -> bool {
    matches!(
        f,
        "leave_rate"
            | "leave_from"
            | "leave_to"
            | "closure_site"
            | "closure_from"
            | "closure_to"
            | "demand_growth"
    )
}

pub fn start_run(
    wb: &Workbench,
    lang: Lang,
    key: &str,
    pairs: Vec<(String, String)>,
    who: &str,
) -> PageResult {
    let (k, s) = load(wb, lang, key)?;
    let form = Form::from_pairs(pairs);
    // The library's own checks speak the page's language.
    let req = match crate::lang::within(lang, || form.request(&s)) {
        Ok(r) => r,
        Err(errors) => return scenario(wb, lang, key, Some((&form, &errors))),
    };
    let kind = if req.sweep { Kind::Sweep } else { Kind::Plan };
    let changes = req
        .params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let id = wb
        .store
        .add_run(
            &k.as_string(),
            kind,
            &req.params,
            req.effort.name(),
            lang,
            who,
            |id| {
                if changes.is_empty() {
                    text!("serve-log-started-as-is", id = id, name = s.name.as_str())
                } else {
                    text!(
                        "serve-log-started",
                        id = id,
                        name = s.name.as_str(),
                        changes = changes.as_str()
                    )
                }
            },
        )
        .map_err(|e| internal(wb, lang, e))?;
    wb.runs.submit(id);
    Ok(Redirect::to(&format!("/runs/{id}")).into_response())
}

pub fn runs(wb: &Workbench, lang: Lang) -> PageResult {
    let rows = wb.store.runs().map_err(|e| internal(wb, lang, e))?;
    let page = pages::RunsPage {
        c: chrome(wb, lang, tr(lang, "serve-title-runs")),
        runs: run_items(wb, lang, &rows)?,
    };
    render(wb, lang, StatusCode::OK, page)
}

/// A run's plan, when it has one.
fn schedule_of(wb: &Workbench, lang: Lang, id: i64) -> Result<Option<crate::Schedule>, Response> {
    match wb
        .store
        .output(id, "schedule.json")
        .map_err(|e| internal(wb, lang, e))?
    {
        None => Ok(None),
        Some(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            crate::Schedule::from_json(&text)
                .map(Some)
                .map_err(|e| internal(wb, lang, e))
        }
    }
}

pub fn run(wb: &Workbench, lang: Lang, id: i64) -> PageResult {
    let row = wb
        .store
        .run(id)
        .map_err(|e| internal(wb, lang, e))?
        .ok_or_else(|| error(wb, lang, StatusCode::NOT_FOUND, text!("serve-not-found")))?;
    let mut live = wb
        .runs
        .subscribe(id)
        .map(|rx| rx.borrow().clone())
        .unwrap_or_else(|| super::runs::Live::of_row(&row));
    // A worker writes the ended run's row before it publishes the last state: in between, the
    // row is the truth, or the page would show an ended run's best plan as "so far".
    if row.status.is_final() && !live.status.is_final() {
        live.finish(row.status);
    }
    let item = run_items(wb, lang, std::slice::from_ref(&row))?.remove(0);
    let schedule = if row.status.is_final() {
        schedule_of(wb, lang, id)?
    } else {
        None
    };
    let paths = wb
        .store
        .output_paths(id)
        .map_err(|e| internal(wb, lang, e))?;
    let mut downloads = Vec::new();
    let mut add = |href: String, name: &str, what: &str| {
        downloads.push(Download {
            href,
            name: name.to_string(),
            what: tr(lang, what),
        })
    };
    for (file, what) in [
        ("schedule.json", "serve-download-json"),
        ("schedule.xlsx", "serve-download-xlsx"),
        ("stops.csv", "serve-download-csv"),
        ("routes.geojson", "serve-download-geojson"),
        ("report.html", "serve-download-report"),
        ("sweep.csv", "serve-download-sweep-csv"),
        ("sweep.svg", "serve-download-sweep-svg"),
    ] {
        if paths.iter().any(|p| p == file) {
            add(format!("/runs/{id}/files/{file}"), file, what);
        }
    }
    for (folder, what) in [
        ("calendars", "serve-download-calendars"),
        ("print", "serve-download-print"),
    ] {
        if paths.iter().any(|p| p.starts_with(&format!("{folder}/"))) {
            add(
                format!("/runs/{id}/zip/{folder}.zip"),
                &format!("{folder}.zip"),
                what,
            );
        }
    }
    let (kpi_list, opt, unmet, interrupted_plan) = match &schedule {
        Some(p) => (
            kpis(&p.summary, lang),
            optimality(&p.summary, p.seed, lang),
            p.summary
                .unmet
                .iter()
                .map(|u| UnmetRow {
                    site: u.site.clone(),
                    name: u.site_name.clone(),
                    period: u.period.clone(),
                    missing: u.missing,
                    required: u.required,
                    reason: u.reason_in(lang),
                    code: u.code.as_str().to_string(),
                })
                .collect(),
            p.summary.interrupted,
        ),
        None => (vec![], vec![], vec![], false),
    };
    let sweep = match wb
        .store
        .output(id, "sweep.csv")
        .map_err(|e| internal(wb, lang, e))?
    {
        Some(bytes) => Some(sweep_table(&bytes, lang).map_err(|e| internal(wb, lang, e))?),
        None => None,
    };
    let page = pages::RunPage {
        c: chrome(wb, lang, text!("serve-title-run", id = id).render(lang)),
        is_final: row.status.is_final(),
        message: pages::message_words(&row.message, lang),
        live_json: live.json(id, lang),
        best_text: live.best_words(lang),
        verdict_ok: row.violations.is_empty(),
        violations: row.violations.clone(),
        kpis: kpi_list,
        optimality: opt,
        unmet,
        has_report: paths.iter().any(|p| p == "report.html"),
        downloads,
        interrupted_plan,
        sweep,
        run: item,
    };
    render(wb, lang, StatusCode::OK, page)
}

/// The sweep's rows, with the Pareto front (coverage against cost) marked; column names in `lang`.
fn sweep_table(bytes: &[u8], lang: Lang) -> Result<pages::SweepTable, csv::Error> {
    let mut r = csv::Reader::from_reader(bytes);
    let header: Vec<String> = r.headers()?.iter().map(str::to_string).collect();
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|rec| rec.map(|x| x.iter().map(str::to_string).collect()))
        .collect::<Result<_, _>>()?;
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut points = Vec::new();
    if let (Some(cov), Some(cost), Some(status)) = (col("coverage_pct"), col("cost"), col("status"))
    {
        for (i, row) in rows.iter().enumerate() {
            if row[status] != "ok" {
                continue;
            }
            if let (Ok(a), Ok(b)) = (row[cost].parse::<f64>(), row[cov].parse::<f64>()) {
                points.push((i, a, b));
            }
        }
    }
    let front = crate::sweep::plot::pareto(&points);
    let pareto = (0..rows.len()).map(|i| front.contains(&i)).collect();
    let header = header
        .into_iter()
        .map(|h| {
            // The sweep's own keys (`fleet.B1`) stay as the planner wrote them.
            if h == "variation" || crate::sweep::KPI_COLUMNS.contains(&h.as_str()) {
                crate::lang::tr(lang, &format!("serve-sweep-col-{h}"))
            } else {
                h
            }
        })
        .collect();
    Ok(pages::SweepTable {
        header,
        rows,
        pareto,
    })
}

pub fn compare(wb: &Workbench, lang: Lang, ids: &[i64]) -> PageResult {
    let mut rows = Vec::new();
    let mut plans = Vec::new();
    let mut notes = Vec::new();
    for &id in ids {
        let Some(row) = wb.store.run(id).map_err(|e| internal(wb, lang, e))? else {
            notes.push(text!("serve-compare-no-run", id = id).render(lang));
            continue;
        };
        match schedule_of(wb, lang, id)? {
            Some(p) => {
                rows.push(row);
                plans.push(p);
            }
            None => notes.push(text!("serve-compare-no-plan", id = id).render(lang)),
        }
    }
    if plans.len() < 2 {
        return Err(error(
            wb,
            lang,
            StatusCode::BAD_REQUEST,
            text!("serve-compare-two"),
        ));
    }
    let refs: Vec<&crate::Schedule> = plans.iter().collect();
    let (kpi_rows, villages, vehicles) = super::compare::compare(&refs, lang);
    let page = pages::ComparePage {
        c: chrome(wb, lang, tr(lang, "serve-title-compare")),
        runs: run_items(wb, lang, &rows)?,
        kpis: kpi_rows,
        villages,
        vehicles,
        notes,
    };
    render(wb, lang, StatusCode::OK, page)
}

pub fn log(wb: &Workbench, lang: Lang) -> PageResult {
    let lines = wb
        .store
        .log_lines(500)
        .map_err(|e| internal(wb, lang, e))?
        .into_iter()
        .map(|l| pages::LogItem {
            at: pages::when(l.at),
            who: l.who,
            what: l.what.render(lang),
        })
        .collect();
    let page = pages::LogPage {
        c: chrome(wb, lang, tr(lang, "serve-title-log")),
        lines,
    };
    render(wb, lang, StatusCode::OK, page)
}

/// Files as one zip, paths kept.
pub fn zip(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, zip::result::ZipError> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (path, bytes) in files {
        w.start_file(path.as_str(), options)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish()?.into_inner())
}
