//! The report in a real browser: headless Chromium (Debian's `chromium`) loads `report.html`, takes
//! a screenshot and prints it to PDF. The screenshot and a printed day sheet must not be blank, the
//! page must log nothing to the console, and a site named like a script must stay text.
//!
//! Chromium is installed by `tools/setup-browser` when it is missing (Debian packages; needs root).

mod common;

use common::{copy_scenario, outreach};
use std::path::{Path, PathBuf};
use std::process::Command;

fn ensure_browser() -> PathBuf {
    let find = || {
        ["chromium", "chromium-browser"]
            .iter()
            .find_map(|b| which(b))
    };
    if let Some(b) = find() {
        if which("pdftoppm").is_some() {
            return b;
        }
    }
    let setup = Path::new(env!("CARGO_MANIFEST_DIR")).join("tools/setup-browser");
    let st = Command::new(&setup)
        .status()
        .expect("run tools/setup-browser");
    assert!(
        st.success(),
        "the browser test needs Debian's chromium and poppler-utils; `tools/setup-browser` (as root) installs them"
    );
    find().expect("chromium on the PATH after set-up")
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// Runs headless Chromium on `page` with `args`; returns its stderr (where console messages go).
fn chromium(browser: &Path, profile: &Path, page: &Path, args: &[String]) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium starts");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// Console messages (log, warning, error, uncaught exception) as Chromium writes them to stderr.
fn console_messages(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// A page is blank when nearly every pixel has the background colour.
fn ink(png_path: &Path) -> (f64, usize) {
    let decoder = png::Decoder::new(std::fs::File::open(png_path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let mut inked = 0usize;
    let mut colours = std::collections::HashSet::new();
    let mut n = 0usize;
    for p in pixels.chunks(channels) {
        n += 1;
        let rgb = (p[0], p[1.min(channels - 1)], p[2.min(channels - 1)]);
        colours.insert(rgb);
        if rgb.0 < 235 || rgb.1 < 235 || rgb.2 < 235 {
            inked += 1;
        }
    }
    (inked as f64 / n.max(1) as f64, colours.len())
}

#[test]
fn report_renders_in_chromium_on_screen_and_in_print() {
    let browser = ensure_browser();
    let dir = tempfile::tempdir().unwrap();
    let scenario_dir = dir.path().join("scenario");
    std::fs::create_dir(&scenario_dir).unwrap();
    let toml = copy_scenario("tiny", &scenario_dir);
    let sites = scenario_dir.join("sites.csv");
    let text = std::fs::read_to_string(&sites).unwrap();
    std::fs::write(
        &sites,
        text.replacen("苏李村", "\"<script>alert(1)</script>\"", 1),
    )
    .unwrap();
    let out = dir.path().join("out");
    let st = outreach()
        .arg("plan")
        .arg(&toml)
        .args(["--quiet", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    let report = out.join("report.html");
    let schedule: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
    let tours = schedule["tours"].as_array().unwrap().len();
    assert!(tours > 0);
    let profile = dir.path().join("profile");

    // The detector finds console errors: a control page with one.
    let control = dir.path().join("control.html");
    std::fs::write(
        &control,
        "<!DOCTYPE html><p>x</p><script>undefinedFunction()</script>",
    )
    .unwrap();
    let shot = dir.path().join("control.png");
    let err = chromium(
        &browser,
        &profile,
        &control,
        &[format!("--screenshot={}", shot.display())],
    );
    assert!(
        console_messages(&err)
            .iter()
            .any(|l| l.contains("Uncaught")),
        "the console detector sees a script error: {err}"
    );

    // On screen.
    let shot = dir.path().join("report.png");
    let err = chromium(
        &browser,
        &profile,
        &report,
        &[
            "--window-size=1280,2000".into(),
            format!("--screenshot={}", shot.display()),
        ],
    );
    assert!(
        console_messages(&err).is_empty(),
        "console: {:?}",
        console_messages(&err)
    );
    let (inked, colours) = ink(&shot);
    assert!(inked > 0.03, "screenshot nearly blank: {inked:.4} inked");
    assert!(colours > 50, "screenshot has only {colours} colours");

    // The DOM as the browser built it: no script element, the script-like name is text.
    let dom = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", report.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("Key figures"), "DOM dumped");
    assert!(!dom.contains("<script"), "no script element in the DOM");
    assert!(
        dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the name shows as text"
    );

    // In print: one page per day sheet after the overview pages, and a sheet is not blank.
    let pdf = dir.path().join("report.pdf");
    let err = chromium(
        &browser,
        &profile,
        &report,
        &[
            "--no-pdf-header-footer".into(),
            format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    assert!(
        console_messages(&err).is_empty(),
        "console in print: {:?}",
        console_messages(&err)
    );
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    assert!(
        pages > tours,
        "{pages} pages for {tours} day sheets and the overview"
    );
    let last = dir.path().join("sheet");
    let st = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "50",
            "-f",
            &pages.to_string(),
            "-l",
            &pages.to_string(),
        ])
        .arg(&pdf)
        .arg(&last)
        .status()
        .unwrap();
    assert!(st.success());
    let png = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("sheet")
        })
        .expect("the printed page as PNG");
    let (inked, _) = ink(&png);
    assert!(inked > 0.01, "printed day sheet nearly blank: {inked:.4}");
}
