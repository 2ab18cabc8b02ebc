//! The workbench in a real browser: `outreach serve` runs, headless Chromium (Debian's `chromium`,
//! driven through `chromium-driver` over WebDriver) opens the printed address, uploads `tiny` as a
//! zip, starts a plan, follows its progress to the end, opens the report and downloads the
//! calendars. A screenshot of each page is kept in `target/test-artefacts/serve/`.
//!
//! Chromium and its driver are installed by `tools/setup-browser` when missing (needs root).

use fantoccini::{Client, ClientBuilder, Locator};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

fn ensure_browser() -> (PathBuf, PathBuf) {
    let find = || {
        let browser = ["chromium", "chromium-browser"]
            .iter()
            .find_map(|b| which(b))?;
        let driver = which("chromedriver")?;
        Some((browser, driver))
    };
    if let Some(found) = find() {
        return found;
    }
    let setup = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/setup-browser");
    let st = Command::new(&setup)
        .status()
        .expect("run tools/setup-browser");
    assert!(
        st.success(),
        "the workbench's browser test needs Debian's chromium and chromium-driver; `tools/setup-browser` (as root) installs them"
    );
    find().expect("chromium and chromedriver on the PATH after set-up")
}

/// A child process ended when the test ends, passed or failed.
struct Kill(Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `tiny` from the repository as the zip of its folder.
fn tiny_zip(path: &Path) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tiny");
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv" || e == "toml"))
        .collect();
    files.sort();
    for p in files {
        w.start_file(
            format!("tiny/{}", p.file_name().unwrap().to_str().unwrap()),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(&std::fs::read(&p).unwrap()).unwrap();
    }
    w.finish().unwrap();
}

/// The share of pixels that are not near-white: a page with content has some.
fn ink(png_bytes: &[u8]) -> f64 {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let mut inked = 0usize;
    let mut n = 0usize;
    for p in pixels.chunks(channels) {
        n += 1;
        if p[0] < 235 || p[1.min(channels - 1)] < 235 || p[2.min(channels - 1)] < 235 {
            inked += 1;
        }
    }
    inked as f64 / n.max(1) as f64
}

async fn screenshot(c: &Client, dir: &Path, name: &str) {
    let png = c.screenshot().await.unwrap();
    assert!(ink(&png) > 0.02, "the {name} page looks blank");
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

async fn wait_for(c: &Client, css: &str) -> fantoccini::elements::Element {
    match c
        .wait()
        .at_most(Duration::from_secs(120))
        .for_element(Locator::Css(css))
        .await
    {
        Ok(e) => e,
        Err(e) => {
            let at = c.current_url().await.map(|u| u.to_string());
            let page = c.source().await.unwrap_or_default();
            panic!("no `{css}` on {at:?}: {e}\n{page}")
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_planner_uploads_plans_reads_the_report_and_downloads_calendars_in_chromium() {
    let (browser, driver) = ensure_browser();
    let work = tempfile::tempdir().unwrap();
    let artefacts = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("..")
        .join("test-artefacts")
        .join("serve");
    std::fs::create_dir_all(&artefacts).unwrap();
    let downloads = work.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let zip_path = work.path().join("tiny.zip");
    tiny_zip(&zip_path);

    let mut server = Command::new(env!("CARGO_BIN_EXE_outreach"))
        .args([
            "serve",
            "--port",
            "0",
            "--threads",
            "1",
            "--lang",
            "en",
            "--data",
        ])
        .arg(work.path().join("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // The server's output is read to its end, so that it never writes into a closed pipe.
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = server.stdout.take().unwrap();
    let _server = Kill(server);
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            let _ = tx.send(line);
        }
    });
    let first = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the server prints its address");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in `{first}`"))
        .to_string();
    assert!(url.contains("?token="), "{url}");

    let port = free_port();
    let _driver = Kill(
        Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": browser,
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1000", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     format!("--user-data-dir={}", work.path().join("profile").display())],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
            }
        }),
    );
    let mut client = None;
    for _ in 0..50 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector)
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }
    let c = client.expect("chromedriver answers");

    // The printed address opens the workbench; the token leaves the address.
    c.goto(&url).await.unwrap();
    wait_for(&c, "#scenarios").await;
    assert!(!c.current_url().await.unwrap().as_str().contains("token"));
    screenshot(&c, &artefacts, "1-scenarios").await;

    // Upload tiny as a zip: the scenario's page opens, with its map and tables.
    let input = wait_for(&c, "#upload input[type=file]").await;
    input.send_keys(zip_path.to_str().unwrap()).await.unwrap();
    c.find(Locator::Css("#upload button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&c, "#whatif-form").await;
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .starts_with("/scenarios/1"));
    let source = c.source().await.unwrap();
    assert!(source.contains("苏李村"));
    screenshot(&c, &artefacts, "2-scenario").await;

    // Start a plan and follow it until its progress reaches the end.
    c.find(Locator::Id("start-run"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&c, "#live").await;
    screenshot(&c, &artefacts, "3-run-started").await;
    wait_for(&c, "#status.done").await;
    wait_for(&c, "#progress").await;
    let progress = c
        .execute("return document.getElementById('progress').value", vec![])
        .await
        .unwrap();
    assert_eq!(progress.as_f64(), Some(100.0), "the progress bar is full");
    wait_for(&c, "#kpis").await;
    wait_for(&c, "#verdict.ok").await;
    screenshot(&c, &artefacts, "4-result").await;
    let run_page = c.current_url().await.unwrap();

    // The report, the same one `export` writes.
    c.find(Locator::Id("open-report"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_for(&c, "#kpis").await;
    assert!(c
        .current_url()
        .await
        .unwrap()
        .path()
        .ends_with("/files/report.html"));
    screenshot(&c, &artefacts, "5-report").await;

    // The calendars, downloaded as one zip.
    c.goto(run_page.as_str()).await.unwrap();
    wait_for(&c, "#downloads").await;
    c.find(Locator::Css("#downloads a[data-name='calendars.zip']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let zip = downloads.join("calendars.zip");
    for _ in 0..300 {
        if zip.is_file() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let bytes = std::fs::read(&zip).expect("calendars.zip downloaded");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert!(archive.len() >= 2, "a calendar per vehicle and clinician");
    let mut ics = String::new();
    std::io::Read::read_to_string(&mut archive.by_index(0).unwrap(), &mut ics).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"));

    // The runs' list and the other language.
    c.goto(&format!(
        "{}runs?lang=zh",
        run_page.as_str().split("runs/").next().unwrap()
    ))
    .await
    .unwrap();
    wait_for(&c, "#runs").await;
    assert!(c.source().await.unwrap().contains("计算任务"));
    screenshot(&c, &artefacts, "6-runs-zh").await;
    c.close().await.unwrap();
}
