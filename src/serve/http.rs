//! Routes and the guard in front of them: the access token (in the address once, then a cookie),
//! the form token on every POST, the page's language, and headers that keep pages offline. The
//! handlers are thin: the pages are built in `views`, the work is done by the other modules.
// `Result<_, Response>` lets `?` turn any failure into its error page; a response is 128 bytes,
// made once a request, so boxing it would buy nothing.
#![allow(clippy::result_large_err)]

use super::pages::{self, Chrome};
use super::runs::Live;
use super::store::Status;
use super::{views, Workbench};
use crate::lang::{Lang, Text};
use crate::text;
use askama::Template;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, Multipart, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use std::convert::Infallible;
use std::sync::Arc;
use tokio_stream::{Stream, StreamExt};

type App = Arc<Workbench>;

const TOKEN_COOKIE: &str = "outreach_token";
const LANG_COOKIE: &str = "outreach_lang";

/// Who made a change, for the log: the address the request came from.
#[derive(Clone)]
pub struct Who(pub String);

pub fn router(wb: App) -> Router {
    Router::new()
        .route("/", get(index))
        .route(
            "/scenarios",
            post(upload).layer(DefaultBodyLimit::max(super::MAX_UPLOAD_BYTES)),
        )
        .route("/scenarios/{key}", get(scenario))
        .route("/scenarios/{key}/runs", post(start_run))
        .route("/runs", get(runs))
        .route("/runs/{id}", get(run))
        .route("/runs/{id}/events", get(events))
        .route("/runs/{id}/cancel", post(cancel))
        .route("/runs/{id}/files/{*path}", get(file))
        .route("/runs/{id}/zip/{folder}", get(zip_folder))
        .route("/compare", get(compare))
        .route("/log", get(log))
        .route("/assets/{name}", get(asset))
        .fallback(not_found)
        // Small forms everywhere else.
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(middleware::from_fn_with_state(wb.clone(), guard))
        .with_state(wb)
}

/// A query's pairs, decoded.
fn query_pairs(uri: &axum::http::Uri) -> Vec<(String, String)> {
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .map(|q| q.0)
        .unwrap_or_default()
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A query's key or value, percent-encoded.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Compares secrets in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn page_lang(wb: &Workbench, headers: &HeaderMap, query: &[(String, String)]) -> Lang {
    query
        .iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(v))
        .or_else(|| cookie(headers, LANG_COOKIE).and_then(|v| Lang::parse(&v)))
        .unwrap_or(wb.lang)
}

async fn guard(State(wb): State<App>, mut req: Request, next: Next) -> Response {
    let query = query_pairs(req.uri());
    let lang = page_lang(&wb, req.headers(), &query);
    let who = req
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "local".to_string(), |c| c.0.ip().to_string());
    req.extensions_mut().insert(lang);
    req.extensions_mut().insert(Who(who));
    if let Some((_, token)) = query.iter().find(|(k, _)| k == "token") {
        if !same(token, wb.token()) {
            return error(
                &wb,
                lang,
                StatusCode::UNAUTHORIZED,
                text!("serve-unauthorised"),
            );
        }
        // The token leaves the address at once (history, screenshots, shoulders): a cookie keeps it.
        let path = req.uri().path();
        let mut location = if path.starts_with("//") { "/" } else { path }.to_string();
        let rest: Vec<String> = query
            .iter()
            .filter(|(k, _)| k != "token")
            .map(|(k, v)| format!("{}={}", percent(k), percent(v)))
            .collect();
        if !rest.is_empty() {
            location.push('?');
            location.push_str(&rest.join("&"));
        }
        let mut resp = Redirect::to(&location).into_response();
        let c = format!(
            "{TOKEN_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict",
            wb.token()
        );
        resp.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&c).expect("a hex token is a valid header"),
        );
        return secure(resp);
    }
    let known = cookie(req.headers(), TOKEN_COOKIE).is_some_and(|t| same(&t, wb.token()));
    if !known {
        return error(
            &wb,
            lang,
            StatusCode::UNAUTHORIZED,
            text!("serve-unauthorised"),
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        // A form from another site: its origin is not this server's.
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let foreign = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|o| o.to_str().ok())
            .is_some_and(|o| o != format!("http://{host}") && o != format!("https://{host}"));
        let form_token = req
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .or_else(|| {
                query
                    .iter()
                    .find(|(k, _)| k == "csrf")
                    .map(|(_, v)| v.clone())
            });
        if foreign || !form_token.is_some_and(|t| same(&t, wb.form_token())) {
            return error(&wb, lang, StatusCode::FORBIDDEN, text!("serve-forbidden"));
        }
    }
    let chosen = query
        .iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(v));
    let mut resp = next.run(req).await;
    if let Some(l) = chosen {
        let c = format!("{LANG_COOKIE}={l}; Path=/; SameSite=Strict");
        resp.headers_mut().append(
            header::SET_COOKIE,
            HeaderValue::from_str(&c).expect("a language code is a valid header"),
        );
    }
    secure(resp)
}

/// Headers that keep a page to this server: nothing from the network, no framing by others.
fn secure(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'self'; form-action 'self'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

fn render(status: StatusCode, page: impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

pub fn error(wb: &Workbench, lang: Lang, status: StatusCode, message: Text) -> Response {
    let page = pages::ErrorPage {
        c: Chrome::new(lang, wb.form_token(), tr_status(lang, status)),
        message: message.render(lang),
    };
    secure(render(status, page))
}

fn tr_status(lang: Lang, status: StatusCode) -> String {
    crate::lang::tr(
        lang,
        match status.as_u16() {
            400 | 422 => "serve-title-bad-request",
            401 => "serve-title-unauthorised",
            403 => "serve-title-forbidden",
            404 => "serve-title-not-found",
            413 => "serve-title-too-large",
            _ => "serve-title-error",
        },
    )
}

/// A page, or the error page in its place.
type PageResult = Result<Response, Response>;

async fn index(State(wb): State<App>, Extension(lang): Extension<Lang>) -> PageResult {
    views::index(&wb, lang)
}

async fn upload(
    State(wb): State<App>,
    Extension(lang): Extension<Lang>,
    Extension(who): Extension<Who>,
    mut multipart: Multipart,
) -> PageResult {
    let mut upload: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(&wb, lang, e)),
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("upload.zip").to_string();
        match field.bytes().await {
            Ok(b) => upload = Some((name, b.to_vec())),
            Err(e) => return Err(multipart_error(&wb, lang, e)),
        }
    }
    let Some((name, bytes)) = upload else {
        return Err(error(
            &wb,
            lang,
            StatusCode::BAD_REQUEST,
            text!("serve-upload-missing"),
        ));
    };
    let w = wb.clone();
    tokio::task::spawn_blocking(move || views::upload(&w, lang, &name, &bytes, &who.0))
        .await
        .map_err(|e| internal(&wb, lang, e))?
}

fn multipart_error(
    wb: &Workbench,
    lang: Lang,
    e: axum::extract::multipart::MultipartError,
) -> Response {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return error(
            wb,
            lang,
            StatusCode::PAYLOAD_TOO_LARGE,
            text!(
                "serve-upload-over-limit",
                most = super::MAX_UPLOAD_BYTES / (1024 * 1024)
            ),
        );
    }
    error(
        wb,
        lang,
        StatusCode::BAD_REQUEST,
        text!("serve-upload-broken", error = e.body_text()),
    )
}

pub fn internal(wb: &Workbench, lang: Lang, e: impl std::fmt::Display) -> Response {
    error(
        wb,
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        text!("serve-internal", error = e.to_string()),
    )
}

async fn scenario(
    State(wb): State<App>,
    Extension(lang): Extension<Lang>,
    Path(key): Path<String>,
) -> PageResult {
    let w = wb.clone();
    tokio::task::spawn_blocking(move || views::scenario(&w, lang, &key, None))
        .await
        .map_err(|e| internal(&wb, lang, e))?
}

async fn start_run(
    State(wb): State<App>,
    Extension(lang): Extension<Lang>,
    Extension(who): Extension<Who>,
    Path(key): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let w = wb.clone();
    tokio::task::spawn_blocking(move || views::start_run(&w, lang, &key, pairs, &who.0))
        .await
        .map_err(|e| internal(&wb, lang, e))?
}

async fn runs(State(wb): State<App>, Extension(lang): Extension<Lang>) -> PageResult {
    views::runs(&wb, lang)
}

async fn run(
    State(wb): State<App>,
    Extension(lang): Extension<Lang>,
    Path(id): Path<i64>,
) -> PageResult {
    let w = wb.clone();
    tokio::task::spawn_blocking(move || views::run(&w, lang, id))
        .await
        .map_err(|e| internal(&wb, lang, e))?
}

type Events = std::pin::Pin<Box<dyn Stream<Item = Result<Event, Infallible>> + Send>>;

/// The run's state as server-sent events: now, then at every change until it is over.
async fn events(
    State(wb): State<App>,
    Extension(lang): Extension<Lang>,
    Path(id): Path<i64>,
) -> PageResult {
    let stream: Events = match wb.runs.subscribe(id) {
        Some(rx) => Box::pin(
            tokio_stream::wrappers::WatchStream::new(rx)
                .map(move |live| Ok(Event::default().data(live.json(id, lang)))),
        ),
        None => {
            let row = wb
                .store
                .run(id)
                .map_err(|e| internal(&wb, lang, e))?
                .ok_or_else(|| not_found_page(&wb, lang))?;
            let live = Live::of_row(&row);
            Box::pin(tokio_stream::once(Ok(
                Event::default().data(live.json(id, lang))
            )))
        }
    };
    Ok(Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response())
}

async fn cancel(
    State(wb): State<App>,
    Extension(lang): Extension<Lang>,
    Extension(who): Extension<Who>,
    Path(id): Path<i64>,
) -> PageResult {
    let row = wb
        .store
        .run(id)
        .map_err(|e| internal(&wb, lang, e))?
        .ok_or_else(|| not_found_page(&wb, lang))?;
    if !row.status.is_final() && wb.runs.cancel(id) {
        wb.store
            .log(&who.0, &text!("serve-log-cancelled", id = id))
            .map_err(|e| internal(&wb, lang, e))?;
    }
    Ok(Redirect::to(&format!("/runs/{id}")).into_response())
}

async fn file(
    State(wb): State<App>,
    Extension(lang): Extension<Lang>,
    Path((id, path)): Path<(i64, String)>,
) -> PageResult {
    let bytes = wb
        .store
        .output(id, &path)
        .map_err(|e| internal(&wb, lang, e))?
        .ok_or_else(|| not_found_page(&wb, lang))?;
    Ok(download(&path, bytes))
}

/// A stored file: pages and pictures shown, everything else saved under its own name.
fn download(path: &str, bytes: Vec<u8>) -> Response {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let (kind, inline) = match ext.as_str() {
        "html" => ("text/html; charset=utf-8", true),
        "svg" => ("image/svg+xml", true),
        "json" => ("application/json", false),
        "geojson" => ("application/geo+json", false),
        "csv" => ("text/csv; charset=utf-8", false),
        "ics" => ("text/calendar; charset=utf-8", false),
        "xlsx" => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            false,
        ),
        "zip" => ("application/zip", false),
        "toml" => ("text/plain; charset=utf-8", false),
        _ => ("application/octet-stream", false),
    };
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if !inline {
        // The name is ASCII-safe (export names files by id); anything else is dropped.
        let safe: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || "._-".contains(*c))
            .collect();
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{safe}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    resp
}

async fn zip_folder(
    State(wb): State<App>,
    Extension(lang): Extension<Lang>,
    Path((id, folder)): Path<(i64, String)>,
) -> PageResult {
    let folder = folder.trim_end_matches(".zip");
    if !matches!(folder, "calendars" | "print") {
        return Err(not_found_page(&wb, lang));
    }
    let files = wb
        .store
        .outputs_under(id, &format!("{folder}/"))
        .map_err(|e| internal(&wb, lang, e))?;
    if files.is_empty() {
        return Err(not_found_page(&wb, lang));
    }
    let bytes = views::zip(&files).map_err(|e| internal(&wb, lang, e))?;
    Ok(download(&format!("{folder}.zip"), bytes))
}

async fn compare(
    State(wb): State<App>,
    Extension(lang): Extension<Lang>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult {
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "run")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let w = wb.clone();
    tokio::task::spawn_blocking(move || views::compare(&w, lang, &ids))
        .await
        .map_err(|e| internal(&wb, lang, e))?
}

async fn log(State(wb): State<App>, Extension(lang): Extension<Lang>) -> PageResult {
    views::log(&wb, lang)
}

async fn asset(Path(name): Path<String>) -> Response {
    let (kind, body) = match name.as_str() {
        "app.css" => (
            "text/css; charset=utf-8",
            include_str!("../../assets/serve/app.css"),
        ),
        "app.js" => (
            "text/javascript; charset=utf-8",
            include_str!("../../assets/serve/app.js"),
        ),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

fn not_found_page(wb: &Workbench, lang: Lang) -> Response {
    error(wb, lang, StatusCode::NOT_FOUND, text!("serve-not-found"))
}

async fn not_found(State(wb): State<App>, Extension(lang): Extension<Lang>) -> Response {
    not_found_page(&wb, lang)
}

/// Whether a run's status is one a plan can come out of.
pub fn may_have_plan(s: Status) -> bool {
    matches!(s, Status::Done | Status::Cancelled | Status::Interrupted)
}
