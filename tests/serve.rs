//! The workbench over HTTP, every route: pages, uploads, runs, results, downloads, compare and the
//! log; the token, the form token, zip-slip, oversize and hostile names; bad input shown in the page
//! with nothing kept; and a restart that keeps a stopped run's best plan.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use outreach::lang::Lang;
use outreach::serve::{Config, Workbench};
use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use tower::ServiceExt;

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

struct Bench {
    wb: Arc<Workbench>,
    app: Router,
}

fn open(data: &Path, threads: usize) -> Bench {
    open_in(data, threads, Lang::En)
}

/// A workbench whose pages speak `lang` until a planner picks one.
fn open_in(data: &Path, threads: usize, lang: Lang) -> Bench {
    let wb = Workbench::open(Config {
        data: data.to_path_buf(),
        threads,
        token: Some(TOKEN.into()),
        lang,
    })
    .unwrap();
    let app = wb.router();
    Bench { wb, app }
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }

    fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    }
}

impl Bench {
    async fn send(&self, req: Request<Body>) -> Reply {
        let resp = self.app.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(
            Request::get(path)
                .header(header::COOKIE, format!("outreach_token={TOKEN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await
    }

    fn csrf(&self) -> String {
        self.wb.form_token().to_string()
    }

    async fn post_form(&self, path: &str, body: &str) -> Reply {
        let sep = if path.contains('?') { '&' } else { '?' };
        self.send(
            Request::post(format!("{path}{sep}csrf={}", self.csrf()))
                .header(header::COOKIE, format!("outreach_token={TOKEN}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    async fn upload(&self, name: &str, bytes: &[u8]) -> Reply {
        let boundary = "outreach-test-boundary";
        let mut body = Vec::new();
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/zip\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        write!(body, "\r\n--{boundary}--\r\n").unwrap();
        self.send(
            Request::post(format!("/scenarios?csrf={}", self.csrf()))
                .header(header::COOKIE, format!("outreach_token={TOKEN}"))
                .header(
                    header::CONTENT_TYPE,
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .body(Body::from(body))
                .unwrap(),
        )
        .await
    }

    /// Waits (bounded) until the run's page says it is over; returns the page.
    async fn finished(&self, id: &str) -> String {
        for _ in 0..1200 {
            let page = self.get(&format!("/runs/{id}")).await.text();
            if page.contains("data-final=\"true\"") {
                return page;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("run {id} did not end within two minutes");
    }

    /// Starts a run from the what-if form; returns its number.
    async fn start(&self, scenario: &str, form: &str) -> String {
        let r = self
            .post_form(&format!("/scenarios/{scenario}/runs"), form)
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        r.location().trim_start_matches("/runs/").to_string()
    }

    /// Starts a run from the what-if form of a page in `lang` (the planner chose it, and the
    /// language cookie says so); returns its number.
    async fn start_as(&self, scenario: &str, form: &str, lang: Lang) -> String {
        let r = self
            .send(
                Request::post(format!("/scenarios/{scenario}/runs?csrf={}", self.csrf()))
                    .header(
                        header::COOKIE,
                        format!("outreach_token={TOKEN}; outreach_lang={lang}"),
                    )
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .body(Body::from(form.to_string()))
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
        r.location().trim_start_matches("/runs/").to_string()
    }
}

/// A zip of a scenario folder (`tiny` from the repository), with `edit` applied to each file.
fn zip_scenario(name: &str, edit: impl Fn(&str, String) -> String) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "toml"))
        .collect();
    entries.sort();
    for p in entries {
        let file = p.file_name().unwrap().to_str().unwrap().to_string();
        let text = edit(&file, std::fs::read_to_string(&p).unwrap());
        w.start_file(
            format!("{name}/{file}"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(text.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[tokio::test]
async fn the_token_opens_the_door_once_and_a_cookie_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let none = b.send(Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert!(none.text().contains("needs the key"), "{}", none.text());
    for path in [
        "/runs",
        "/scenarios/tiny",
        "/runs/1/files/schedule.json",
        "/assets/app.js",
    ] {
        let r = b
            .send(Request::get(path).body(Body::empty()).unwrap())
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    let wrong = b
        .send(Request::get("/?token=nope").body(Body::empty()).unwrap())
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let bad_cookie = b
        .send(
            Request::get("/")
                .header(header::COOKIE, "outreach_token=guess")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(bad_cookie.status, StatusCode::UNAUTHORIZED);
    let first = b
        .send(
            Request::get(format!("/scenarios/tiny?token={TOKEN}&lang=zh"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    // The token leaves the address; the cookie is for scripts neither of this page nor of others.
    assert_eq!(first.location(), "/scenarios/tiny?lang=zh");
    let cookie = first.headers[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains(&format!("outreach_token={TOKEN}")));
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    // Other parts of the address stay.
    let compare = b
        .send(
            Request::get(format!("/compare?run=1&token={TOKEN}&run=2&q=a%20b"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(compare.location(), "/compare?run=1&run=2&q=a%20b");
    let page = b.get("/scenarios/tiny?lang=zh").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("假设分析"), "the page speaks Chinese");
    let csp = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(csp.contains("default-src 'self'"));
}

#[tokio::test]
async fn forms_need_the_form_token_and_this_origin() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let no_csrf = b
        .send(
            Request::post("/scenarios/tiny/runs")
                .header(header::COOKIE, format!("outreach_token={TOKEN}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("kind=plan"))
                .unwrap(),
        )
        .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let wrong = b
        .send(
            Request::post("/runs/1/cancel?csrf=0000")
                .header(header::COOKIE, format!("outreach_token={TOKEN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let foreign = b
        .send(
            Request::post(format!("/scenarios/tiny/runs?csrf={}", b.csrf()))
                .header(header::COOKIE, format!("outreach_token={TOKEN}"))
                .header(header::HOST, "127.0.0.1:8080")
                .header(header::ORIGIN, "http://evil.example")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from("kind=plan"))
                .unwrap(),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let upload = b
        .send(
            Request::post("/scenarios")
                .header(header::COOKIE, format!("outreach_token={TOKEN}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(upload.status, StatusCode::FORBIDDEN);
    // Nothing was started.
    assert!(b.get("/runs").await.text().contains("No runs yet"));
}

#[tokio::test]
async fn pages_assets_and_missing_things() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let index = b.get("/").await;
    assert_eq!(index.status, StatusCode::OK);
    for name in ["tiny", "zibo-health-bus", "ngamring-high-altitude"] {
        assert!(
            index.text().contains(&format!("/scenarios/{name}")),
            "{name}"
        );
    }
    let tiny = b.get("/scenarios/tiny").await;
    assert_eq!(tiny.status, StatusCode::OK);
    let t = tiny.text();
    // Map, tables and the what-if form.
    assert_eq!(
        t.matches("<circle").count(),
        8 + 1,
        "a circle per village and the legend's"
    );
    assert!(t.contains("id=\"table-sites\"") && t.contains("id=\"table-clinicians\""));
    assert!(t.contains("name=\"fleet.B1\"") && t.contains("name=\"leave_rate\""));
    let ngamring = b.get("/scenarios/ngamring-high-altitude").await;
    assert_eq!(ngamring.status, StatusCode::OK);
    assert!(ngamring.text().contains("id=\"table-lodgings\""));
    assert_eq!(b.get("/runs").await.status, StatusCode::OK);
    assert_eq!(b.get("/log").await.status, StatusCode::OK);
    let css = b.get("/assets/app.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert!(css.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/css"));
    let js = b.get("/assets/app.js").await;
    assert!(js.text().contains("EventSource"));
    assert!(
        !js.text().contains("http://") && !js.text().contains("https://"),
        "no network"
    );
    for missing in [
        "/nowhere",
        "/scenarios/no-such",
        "/scenarios/999",
        "/runs/999",
        "/runs/999/events",
        "/runs/999/files/schedule.json",
        "/runs/999/zip/calendars.zip",
        "/assets/other.js",
    ] {
        assert_eq!(
            b.get(missing).await.status,
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
    let one = b.get("/compare?run=1").await;
    assert_eq!(one.status, StatusCode::BAD_REQUEST);
    assert!(one.text().contains("two or more runs"));
}

#[tokio::test]
async fn an_upload_is_checked_before_it_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let ok = b.upload("tiny.zip", &zip_scenario("tiny", |_, t| t)).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert_eq!(ok.location(), "/scenarios/1");
    let page = b.get("/scenarios/1").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("苏李村"));
    assert!(b.get("/").await.text().contains("uploaded tiny.zip"));
    assert!(b.get("/log").await.text().contains("uploaded scenario #1"));

    // A scenario with errors: every problem in a table with its file, row and field; nothing kept.
    let broken = zip_scenario("tiny", |file, text| {
        if file == "sites.csv" {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let header: Vec<&str> = lines[0].split(',').collect();
            let lat = header.iter().position(|h| *h == "lat").unwrap();
            let mut cells: Vec<String> = lines[2].split(',').map(str::to_string).collect();
            cells[lat] = "north".into();
            lines[2] = cells.join(",");
            lines.join("\n") + "\n"
        } else {
            text
        }
    });
    let r = b.upload("broken.zip", &broken).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text();
    assert!(t.contains("was not kept"), "{t}");
    assert!(
        t.contains("<td>sites.csv</td><td>3</td><td>lat</td>"),
        "file, row and field: {t}"
    );
    assert!(t.contains("`north`"));

    for (name, bytes, status, words) in [
        (
            "slip.zip",
            zip_of(&[("scenario.toml", b"name='x'"), ("../../evil.csv", b"x")]),
            StatusCode::BAD_REQUEST,
            "points outside the folder",
        ),
        (
            "abs.zip",
            zip_of(&[
                ("scenario.toml", b"name='x'"),
                ("/etc/cron.d/evil.csv", b"x"),
            ]),
            StatusCode::BAD_REQUEST,
            "points outside the folder",
        ),
        (
            "notes.zip",
            zip_of(&[("notes.csv", b"x")]),
            StatusCode::BAD_REQUEST,
            "no scenario.toml",
        ),
        (
            "fake.zip",
            b"this is not a zip".to_vec(),
            StatusCode::BAD_REQUEST,
            "not a zip archive",
        ),
    ] {
        let r = b.upload(name, &bytes).await;
        assert_eq!(r.status, status, "{name}: {}", r.text());
        assert!(r.text().contains(words), "{name}: {}", r.text());
    }
    let mut link = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    link.start_file("scenario.toml", zip::write::SimpleFileOptions::default())
        .unwrap();
    link.add_symlink(
        "sites.csv",
        "/etc/passwd",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let r = b
        .upload("link.zip", &link.finish().unwrap().into_inner())
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("is a link"));

    let big = vec![0u8; outreach::serve::MAX_UPLOAD_BYTES + 1024];
    let r = b.upload("big.zip", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().contains("larger than 50 MB"), "{}", r.text());

    // Only the good upload is there, and the server goes on.
    let index = b.get("/").await.text();
    assert_eq!(index.matches("href=\"/scenarios/").count(), 4);
    assert_eq!(b.get("/scenarios/2").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hostile_names_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let evil = "<script>alert(1)</script>";
    let z = zip_scenario("tiny", |file, text| match file {
        "sites.csv" => text.replacen("苏李村", &format!("\"{evil}\""), 1),
        "scenario.toml" => text.replacen(
            "name = \"tiny\"",
            "name = \"<img src=x onerror=alert(2)>\"",
            1,
        ),
        _ => text,
    });
    let r = b.upload("evil<b>.zip", &z).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    for path in ["/", "/scenarios/1", "/log"] {
        let t = b.get(path).await.text();
        assert!(!t.contains("<script>alert"), "{path}");
        assert!(!t.contains("<img src=x"), "{path}");
        assert!(!t.contains("evil<b>"), "{path}");
    }
    assert!(b
        .get("/scenarios/1")
        .await
        .text()
        .contains("&lt;script&gt;alert(1)"));
}

#[tokio::test]
async fn a_what_if_with_bad_values_names_each_field_and_starts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let r = b
        .post_form(
            "/scenarios/tiny/runs",
            "kind=plan&effort=quick&fleet.B1=two&leave_rate=150&leave_from=2027-01-04&leave_to=2027-13-01&closure_site=NOWHERE&closure_from=2027-01-05&closure_to=2027-01-06&demand_growth=1,2",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text();
    for field in [
        "fleet.B1",
        "leave_rate",
        // The last day is the wrong one: its own field says so.
        "leave_to",
        "closure_site",
        "demand_growth",
    ] {
        assert!(
            t.contains(&format!("data-field=\"{field}\"")),
            "no error shown at {field}: {t}"
        );
    }
    assert!(t.contains("`two` is not a number of vehicles"));
    // The form keeps what was typed.
    assert!(t.contains("value=\"two\""));
    assert!(b.get("/runs").await.text().contains("No runs yet"));
    let sweep = b.post_form("/scenarios/tiny/runs", "kind=sweep").await;
    assert_eq!(sweep.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(sweep.text().contains("at least one field"));
}

#[tokio::test]
async fn a_plan_runs_and_its_results_and_files_are_there() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let id = b
        .start(
            "tiny",
            "kind=plan&effort=normal&fleet.B1=2&leave_rate=10%25",
        )
        .await;
    let page = b.finished(&id).await;
    assert!(page.contains("status done"), "{page}");
    assert!(page.contains("id=\"kpis\""));
    assert!(page.contains("Coverage"));
    assert!(page.contains("id=\"verdict\""));
    assert!(page.contains("fleet.B1=2; leave_rate=10%"));
    // The run's follower sees it over, at 100 %.
    let events = b.get(&format!("/runs/{id}/events")).await;
    assert_eq!(events.status, StatusCode::OK);
    assert!(events.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let ev = events.text();
    assert!(
        ev.contains("\"final\":true") && ev.contains("\"percent\":100"),
        "{ev}"
    );

    let json = b.get(&format!("/runs/{id}/files/schedule.json")).await;
    assert_eq!(json.status, StatusCode::OK);
    let schedule = outreach::Schedule::from_json(&json.text()).unwrap();
    let s = outreach::load(&outreach::scenario::bundled::find("tiny").unwrap()).unwrap();
    let (varied, _) = outreach::sweep::apply(
        &s,
        &outreach::Options::from_scenario(&s),
        &[
            ("fleet.B1".into(), "2".into()),
            ("leave_rate".into(), "10%".into()),
        ],
        1,
    )
    .unwrap();
    assert!(outreach::check(&varied, &schedule).is_empty());
    assert!(json.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let report = b.get(&format!("/runs/{id}/files/report.html")).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    for f in ["schedule.xlsx", "stops.csv", "routes.geojson"] {
        assert_eq!(
            b.get(&format!("/runs/{id}/files/{f}")).await.status,
            StatusCode::OK,
            "{f}"
        );
    }
    let cal = b.get(&format!("/runs/{id}/zip/calendars.zip")).await;
    assert_eq!(cal.status, StatusCode::OK);
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(cal.body)).unwrap();
    assert!(z.len() >= 2);
    let mut ics = String::new();
    std::io::Read::read_to_string(&mut z.by_index(0).unwrap(), &mut ics).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));
    assert_eq!(
        b.get(&format!("/runs/{id}/zip/print.zip")).await.status,
        StatusCode::OK
    );
    assert_eq!(
        b.get(&format!("/runs/{id}/zip/secrets.zip")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        b.get(&format!("/runs/{id}/files/../workbench.sqlite"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // A second run as the scenario is; compare the two.
    let other = b.start("tiny", "kind=plan&effort=quick").await;
    b.finished(&other).await;
    let cmp = b.get(&format!("/compare?run={id}&run={other}")).await;
    assert_eq!(cmp.status, StatusCode::OK, "{}", cmp.text());
    let t = cmp.text();
    assert!(t.contains("id=\"compare-kpis\""));
    assert!(t.contains(&format!("#{id}")) && t.contains(&format!("#{other}")));
    let log = b.get("/log").await.text();
    assert!(log.contains(&format!("started run #{id}")));
    assert!(log.contains(&format!("started run #{other} of `tiny` as it is")));
}

#[tokio::test]
async fn a_sweep_gives_its_table_and_plot() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let id = b
        .start("tiny", "kind=sweep&effort=quick&fleet.B1=1,2")
        .await;
    let page = b.finished(&id).await;
    assert!(page.contains("status done"), "{page}");
    assert!(page.contains("id=\"sweep\""));
    assert_eq!(
        page.matches("<td>ok</td>").count(),
        2,
        "a row per variation"
    );
    assert!(
        page.contains("<tr class=\"pareto\">"),
        "the Pareto front is marked"
    );
    let svg = b.get(&format!("/runs/{id}/files/sweep.svg")).await;
    assert_eq!(svg.status, StatusCode::OK);
    assert!(svg.text().contains("<svg"));
    let csv = b.get(&format!("/runs/{id}/files/sweep.csv")).await.text();
    assert_eq!(csv.lines().count(), 3, "{csv}");
    // The table's columns in the page's language; the sweep's own keys as written.
    assert!(page.contains("<th>Coverage (%)</th>") && page.contains("<th>fleet.B1</th>"));
    let zh = b.get(&format!("/runs/{id}?lang=zh")).await.text();
    assert!(
        zh.contains("<th>覆盖率（%）</th>") && zh.contains("<th>fleet.B1</th>"),
        "{zh}"
    );
    assert!(
        csv.starts_with("variation,fleet.B1,status"),
        "sweep.csv keeps its names"
    );
}

/// A long run: the Zibo quarter, thorough, on one thread.
const LONG: &str = "kind=plan&effort=thorough";

#[tokio::test]
async fn cancel_keeps_the_best_plan_and_a_queued_run_never_starts() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let long = b.start("zibo-health-bus", LONG).await;
    let queued = b.start("tiny", "kind=plan").await;
    // The pool has one thread: the second run waits.
    let page = b.get(&format!("/runs/{queued}")).await.text();
    assert!(page.contains("status queued"), "{page}");
    let r = b.post_form(&format!("/runs/{queued}/cancel"), "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = b.finished(&queued).await;
    assert!(page.contains("Cancelled before it started"), "{page}");
    wait_running(&b, &long).await;
    let r = b.post_form(&format!("/runs/{long}/cancel"), "").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = b.finished(&long).await;
    assert!(page.contains("status cancelled"), "{page}");
    assert!(page.contains("id=\"best-so-far\""), "{page}");
    assert!(page.contains("id=\"kpis\""));
    assert_eq!(
        b.get(&format!("/runs/{long}/files/schedule.json"))
            .await
            .status,
        StatusCode::OK
    );
    assert!(b
        .get("/log")
        .await
        .text()
        .contains(&format!("cancelled run #{long}")));
}

async fn wait_running(b: &Bench, id: &str) {
    for _ in 0..600 {
        if b.get(&format!("/runs/{id}"))
            .await
            .text()
            .contains("status running")
        {
            // Let the planner get into its work.
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("run {id} did not start");
}

#[tokio::test]
async fn a_restart_shows_a_stopped_run_interrupted_with_its_best_plan() {
    let dir = tempfile::tempdir().unwrap();
    let long = {
        let b = open(dir.path(), 1);
        let long = b.start("zibo-health-bus", LONG).await;
        let waiting = b.start("tiny", "kind=plan").await;
        wait_running(&b, &long).await;
        // What the server does when it is stopped (Ctrl-C, SIGTERM).
        let wb = b.wb.clone();
        tokio::task::spawn_blocking(move || wb.shutdown())
            .await
            .unwrap();
        assert_eq!(waiting, (long.parse::<i64>().unwrap() + 1).to_string());
        long
    };
    let b = open(dir.path(), 1);
    let runs = b.get("/runs").await.text();
    assert!(runs.contains(&format!("/runs/{long}")));
    let page = b.get(&format!("/runs/{long}")).await.text();
    assert!(page.contains("status interrupted"), "{page}");
    assert!(page.contains("id=\"best-so-far\""), "{page}");
    // Its figures as it stopped, kept with it.
    assert!(
        best_line(&page).starts_with("Best plan found: visits met"),
        "{page}"
    );
    assert!(page.contains("id=\"kpis\""));
    assert_eq!(
        b.get(&format!("/runs/{long}/files/schedule.json"))
            .await
            .status,
        StatusCode::OK
    );
    // The run that was waiting goes again after the restart.
    let next = (long.parse::<i64>().unwrap() + 1).to_string();
    let page = b.finished(&next).await;
    assert!(page.contains("status done"), "{page}");
}

#[tokio::test]
async fn a_run_left_running_by_a_crash_is_shown_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = outreach::serve::store::Store::open(dir.path()).unwrap();
        let id = store
            .add_run(
                "tiny",
                outreach::serve::store::Kind::Plan,
                &[],
                "normal",
                Lang::En,
                "local",
                |id| outreach::text!("serve-log-started-as-is", id = id, name = "tiny"),
            )
            .unwrap();
        store
            .set_status(id, outreach::serve::store::Status::Running)
            .unwrap();
    }
    let b = open(dir.path(), 1);
    let page = b.get("/runs/1").await.text();
    assert!(page.contains("status interrupted"), "{page}");
    assert!(page.contains("before it could keep a plan"), "{page}");
}

#[tokio::test]
async fn the_excel_workbook_that_outreach_new_makes_uploads_as_a_scenario() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    let (toml, book) = outreach::scenario::workbook::template(
        &outreach::scenario::bundled::find("tiny").unwrap(),
        "我的方案",
    )
    .unwrap();
    let z = zip_of(&[
        ("我的方案/scenario.toml", toml.as_bytes()),
        ("我的方案/tables.xlsx", &book),
    ]);
    let r = b.upload("我的方案.zip", &z).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.text());
    let page = b.get(&r.location()).await.text();
    assert!(page.contains("我的方案"));
    assert!(page.contains("苏李村"), "the sites sheet was read");
}

#[tokio::test]
async fn neither_the_database_nor_the_log_holds_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let b = open(dir.path(), 1);
    b.upload("tiny.zip", &zip_scenario("tiny", |_, t| t)).await;
    let id = b.start("1", "kind=plan&effort=quick").await;
    b.finished(&id).await;
    assert!(!b.get("/log").await.text().contains(TOKEN));
    for page in ["/", "/runs", &format!("/runs/{id}"), "/scenarios/1"] {
        assert!(!b.get(page).await.text().contains(TOKEN), "{page}");
    }
    let mut db = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            db.extend(std::fs::read(p).unwrap());
        }
    }
    assert!(!db.is_empty());
    assert!(
        !db.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
        "the token is in the data folder"
    );
}

/// The files of a zip, by name, as text.
fn unzip(bytes: Vec<u8>) -> Vec<(String, String)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut b = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut b).unwrap();
            (
                f.name().unwrap().to_string(),
                String::from_utf8_lossy(&b).to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_run_speaks_the_language_of_the_page_that_started_it() {
    let dir = tempfile::tempdir().unwrap();
    // The server speaks Chinese; one planner reads the English page, another the Chinese one.
    let b = open_in(dir.path(), 1, Lang::Zh);
    let en = b.start_as("tiny", "kind=plan&effort=quick", Lang::En).await;
    let zh = b.start_as("tiny", "kind=plan&effort=quick", Lang::Zh).await;
    b.finished(&en).await;
    b.finished(&zh).await;
    for (id, lang) in [(&en, Lang::En), (&zh, Lang::Zh)] {
        let report = b.get(&format!("/runs/{id}/files/report.html")).await.text();
        // Calendar lines are folded at 75 bytes: unfolded, each property is one line.
        let calendars: Vec<String> =
            unzip(b.get(&format!("/runs/{id}/zip/calendars.zip")).await.body)
                .into_iter()
                .map(|(_, t)| t.replace("\r\n ", ""))
                .collect();
        let csv = b.get(&format!("/runs/{id}/files/stops.csv")).await.text();
        let header = csv
            .lines()
            .next()
            .unwrap()
            .trim_start_matches('\u{feff}')
            .to_string();
        let book = unzip(b.get(&format!("/runs/{id}/files/schedule.xlsx")).await.body);
        let cells: String = book
            .iter()
            .filter(|(n, _)| n.starts_with("xl/"))
            .map(|(_, t)| t.as_str())
            .collect();
        let print = unzip(b.get(&format!("/runs/{id}/zip/print.zip")).await.body);
        match lang {
            Lang::Zh => {
                assert!(report.contains("lang=\"zh-CN\""), "{report}");
                assert!(report.contains("巡诊计划：") && report.contains("覆盖率"));
                assert!(calendars.iter().any(|c| c.contains("巡诊点：")));
                assert!(header.starts_with("日期 date,"), "{header}");
                assert!(cells.contains("(医生)"), "the crew's roles in Chinese");
                assert!(print.iter().all(|(_, t)| t.contains("lang=\"zh-CN\"")));
            }
            Lang::En => {
                assert!(report.contains("lang=\"en\""), "{report}");
                assert!(report.contains("outreach plan: ") && report.contains("Coverage"));
                assert!(!report.contains("巡诊计划"));
                assert!(calendars.iter().any(|c| c.contains("Stops:")));
                assert!(calendars.iter().all(|c| !c.contains("巡诊点：")));
                assert!(header.starts_with("date,"), "{header}");
                assert!(cells.contains("(doctor)") && !cells.contains("(医生)"));
                assert!(print.iter().all(|(_, t)| t.contains("lang=\"en\"")));
            }
        }
    }
    // A sweep from the Chinese page draws its plot in Chinese.
    let sweep = b
        .start_as("tiny", "kind=sweep&effort=quick&fleet.B1=1,2", Lang::Zh)
        .await;
    b.finished(&sweep).await;
    let svg = b
        .get(&format!("/runs/{sweep}/files/sweep.svg"))
        .await
        .text();
    assert!(
        svg.contains("覆盖率与费用") && svg.contains("费用（元）"),
        "{svg}"
    );
    let sweep = b
        .start_as("tiny", "kind=sweep&effort=quick&fleet.B1=1,2", Lang::En)
        .await;
    b.finished(&sweep).await;
    let svg = b
        .get(&format!("/runs/{sweep}/files/sweep.svg"))
        .await
        .text();
    assert!(svg.contains("Coverage against cost") && !svg.contains("费用"));
}

#[tokio::test]
async fn a_sweeps_failed_rows_and_its_refusal_speak_the_language_of_its_page() {
    use outreach::serve::store::{Kind, Store};
    let dir = tempfile::tempdir().unwrap();
    // Sweeps the form does not offer, queued as a page in each language would queue them: a
    // re-plan from a day past the horizon fails its row; a base the scenario does not have
    // refuses the whole sweep before anything is planned.
    let rows = [(
        "replan_from".to_string(),
        "2027-01-11,2030-01-01".to_string(),
    )];
    let refused = [
        ("fleet.B1".to_string(), "1,2".to_string()),
        ("fleet.B9".to_string(), "1".to_string()),
    ];
    {
        let store = Store::open(dir.path()).unwrap();
        for params in [&rows[..], &refused[..]] {
            for lang in [Lang::En, Lang::Zh] {
                store
                    .add_run("tiny", Kind::Sweep, params, "quick", lang, "local", |id| {
                        outreach::text!("serve-log-started-as-is", id = id, name = "tiny")
                    })
                    .unwrap();
            }
        }
    }
    let b = open(dir.path(), 1);
    for id in ["1", "2", "3", "4"] {
        b.finished(id).await;
    }
    let en = b.get("/runs/1/files/sweep.csv").await.text();
    let zh = b.get("/runs/2/files/sweep.csv").await.text();
    for csv in [&en, &zh] {
        assert_eq!(csv.lines().count(), 3, "{csv}");
        assert!(csv.lines().nth(1).unwrap().contains(",ok,"), "{csv}");
    }
    let failed = |csv: &str| csv.lines().nth(2).unwrap().to_string();
    assert!(
        failed(&en).contains("error: --from 2030-01-01 is outside the horizon"),
        "{en}"
    );
    assert!(
        failed(&zh).contains("--from 2030-01-01 不在计划期内"),
        "{zh}"
    );
    // The page shows the rows as the run wrote them.
    assert!(b.get("/runs/2").await.text().contains("不在计划期内"));
    let en = b.get("/runs/3").await.text();
    assert!(en.contains("status failed"), "{en}");
    assert!(
        en.contains("variation 0: `fleet.B9=1`: no base `B9` in the scenario"),
        "{en}"
    );
    let zh = b.get("/runs/4?lang=zh").await.text();
    assert!(
        zh.contains("方案 0：“fleet.B9=1”：方案中没有基地“B9”"),
        "{zh}"
    );
}

/// The line of the best plan on a run's page.
fn best_line(page: &str) -> String {
    let open = "<p id=\"best\" class=\"muted\">";
    let start = page.find(open).expect("the best line") + open.len();
    page[start..][..page[start..].find("</p>").unwrap()].to_string()
}

#[tokio::test]
async fn a_finished_run_shows_its_best_figures_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (id, before) = {
        let b = open(dir.path(), 1);
        let id = b.start("tiny", "kind=plan&effort=normal").await;
        b.finished(&id).await;
        let page = b.get(&format!("/runs/{id}")).await.text();
        let json = b.get(&format!("/runs/{id}/files/schedule.json")).await;
        let plan = outreach::Schedule::from_json(&json.text()).unwrap();
        let line = best_line(&page);
        // The figures are the plan's.
        let met = format!(
            "visits met {} of {}",
            plan.summary.visits_met, plan.summary.visits_required
        );
        assert!(line.starts_with("Best plan found: "), "{line}");
        assert!(
            line.contains(&met) && line.contains("gap "),
            "{line} / {met}"
        );
        let wb = b.wb.clone();
        tokio::task::spawn_blocking(move || wb.shutdown())
            .await
            .unwrap();
        (id, line)
    };
    let b = open(dir.path(), 1);
    let page = b.get(&format!("/runs/{id}")).await.text();
    assert_eq!(best_line(&page), before);
    let ev = b.get(&format!("/runs/{id}/events")).await.text();
    assert!(
        ev.contains("\"visits_met\":") && ev.contains("\"percent\":100"),
        "{ev}"
    );
    // In the other language, the same figures.
    let zh = b.get(&format!("/runs/{id}?lang=zh")).await.text();
    assert!(best_line(&zh).starts_with("找到的最好方案"), "{zh}");
}

#[tokio::test]
async fn a_workbook_sent_alone_and_a_date_left_out_are_explained_in_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let b = open_in(dir.path(), 1, Lang::Zh);
    let (_, book) = outreach::scenario::workbook::template(
        &outreach::scenario::bundled::find("tiny").unwrap(),
        "我的方案",
    )
    .unwrap();
    let r = b.upload("tables.xlsx", &book).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.text().contains("这是单独的 Excel 工作簿"), "{}", r.text());
    assert!(
        !b.get("/").await.text().contains("我的方案"),
        "nothing kept"
    );
    // A closure with its first day only: the last day's field says what is missing.
    let r = b
        .post_form(
            "/scenarios/tiny/runs",
            "kind=plan&closure_site=S01&closure_from=2027-01-05",
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let t = r.text();
    assert!(
        t.contains("data-field=\"closure_to\">这个日期也要填写"),
        "{t}"
    );
    assert!(
        b.get("/runs").await.text().contains("还没有计算任务"),
        "nothing started"
    );
}

/// The tables of runs and their files as the first workbench made them (no language, no
/// figures, no schema version).
const FIRST_SCHEMA: &str = "
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    scenario TEXT NOT NULL,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    effort TEXT NOT NULL,
    status TEXT NOT NULL,
    created INTEGER NOT NULL,
    finished INTEGER,
    message TEXT,
    violations TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE outputs (
    run INTEGER NOT NULL REFERENCES runs(id),
    path TEXT NOT NULL,
    bytes BLOB NOT NULL,
    PRIMARY KEY (run, path)
);
";

#[tokio::test]
async fn a_database_an_older_workbench_made_opens_with_its_runs() {
    let dir = tempfile::tempdir().unwrap();
    let s = outreach::load(&outreach::scenario::bundled::find("tiny").unwrap()).unwrap();
    let mut o = outreach::Options::from_scenario(&s);
    o.effort = outreach::scenario::Effort::Quick;
    let plan = outreach::plan(&s, &o, &outreach::plan::Quiet).unwrap();
    {
        let db = rusqlite::Connection::open(dir.path().join("workbench.sqlite")).unwrap();
        db.execute_batch(FIRST_SCHEMA).unwrap();
        db.execute(
            "INSERT INTO runs (scenario, kind, params, effort, status, created, finished)
             VALUES ('tiny', 'plan', '[]', 'quick', 'done', 1800000000, 1800000060)",
            [],
        )
        .unwrap();
        db.execute(
            "INSERT INTO outputs (run, path, bytes) VALUES (1, 'schedule.json', ?1)",
            [outreach::export::schedule_json(&plan).into_bytes()],
        )
        .unwrap();
    }
    let b = open(dir.path(), 1);
    assert!(b.get("/runs").await.text().contains("href=\"/runs/1\""));
    let page = b.get("/runs/1").await.text();
    assert!(
        page.contains("status done") && page.contains("id=\"kpis\""),
        "{page}"
    );
    let ev = b.get("/runs/1/events").await.text();
    assert!(ev.contains("\"percent\":100"), "{ev}");
    let json = b.get("/runs/1/files/schedule.json").await;
    assert_eq!(json.status, StatusCode::OK);
    // New runs go beside it, with their language.
    let id = b.start_as("tiny", "kind=plan&effort=quick", Lang::Zh).await;
    assert_eq!(id, "2");
    b.finished(&id).await;
    let report = b.get("/runs/2/files/report.html").await.text();
    assert!(report.contains("巡诊计划："));
}
