//! The report in a real browser: headless Chromium (Debian's `chromium`) loads `report.html`, takes
//! a screenshot and prints it to PDF. The screenshot and a printed day sheet must not be blank, the
//! page must log nothing to the console, and a site named like a script must stay text.
//!
//! Chromium is installed by `tools/setup-browser` when it is missing (Debian packages; needs root).

mod common;

use common::{copy_scenario, outreach, plan_into};
use std::path::{Path, PathBuf};
use std::process::Command;

fn ensure_browser() -> PathBuf {
    // The tests of this file run on threads side by side: one installs, the others wait for it
    // (two package installs at once fail on the package manager's lock).
    static SETUP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = SETUP.lock().unwrap_or_else(|e| e.into_inner());
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

fn pdf_pages(pdf: &Path) -> usize {
    let info = Command::new("pdfinfo").arg(pdf).output().unwrap();
    String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count")
}

fn pixels(png_path: &Path) -> Vec<u8> {
    let decoder = png::Decoder::new(std::fs::File::open(png_path).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    buf
}

/// A report in Chinese shows Chinese glyphs, not boxes: two different words in the report's own
/// font stack draw different pixels (missing glyphs would draw the same boxes), and the printed
/// report embeds a font with the words in it. Each base's (or team's) print document is one
/// overview page and then one page per tour-day.
#[test]
fn chinese_report_draws_real_glyphs_and_print_documents_keep_a_page_per_tour_day() {
    let browser = ensure_browser();
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("profile");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini");
    for (k, scenario) in ["tiny".to_string(), fixture.display().to_string()]
        .iter()
        .enumerate()
    {
        let out = plan_into(
            scenario,
            &dir.path().join(format!("out{k}")),
            &["--lang", "zh"],
        );
        let report = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(report.contains("<html lang=\"zh-CN\">"));
        for words in ["主要指标", "覆盖率", "出车天数", "每日出车单"] {
            assert!(report.contains(words), "the report lacks {words}");
        }

        if k == 0 {
            // The report's font stack, on two words of the same length.
            let css = report
                .lines()
                .find(|l| l.contains("Noto Sans CJK SC"))
                .expect("the report names its Chinese fonts")
                .trim()
                .trim_start_matches("font:")
                .trim()
                .trim_end_matches(';')
                .trim_end_matches('}')
                .trim()
                .to_string();
            // `14px/1.45 "Noto Sans CJK SC", …`: the families after the size
            let family = css.split_once(' ').map(|(_, f)| f).unwrap_or(&css);
            let mut shots = Vec::new();
            for (i, word) in ["巡诊计划", "覆盖率高"].iter().enumerate() {
                let page = dir.path().join(format!("glyphs{i}.html"));
                std::fs::write(
                    &page,
                    format!(
                        "<!DOCTYPE html><meta charset=utf-8><style>body {{ margin: 0; background: #fff }} p {{ font: 64px {family}; margin: 10px }}</style><p>{word}</p>"
                    ),
                )
                .unwrap();
                let shot = dir.path().join(format!("glyphs{i}.png"));
                chromium(
                    &browser,
                    &profile,
                    &page,
                    &[
                        "--window-size=400,120".into(),
                        format!("--screenshot={}", shot.display()),
                    ],
                );
                let (inked, _) = ink(&shot);
                assert!(inked > 0.004, "{word} drew nothing: {inked:.4}");
                shots.push(pixels(&shot));
            }
            assert_ne!(
                shots[0], shots[1],
                "two Chinese words draw the same pixels: the glyphs are boxes (no Chinese font)"
            );
            let pdf = dir.path().join("report.pdf");
            chromium(
                &browser,
                &profile,
                &out.join("report.html"),
                &[
                    "--no-pdf-header-footer".into(),
                    format!("--print-to-pdf={}", pdf.display()),
                ],
            );
            let text = Command::new("pdftotext")
                .arg(&pdf)
                .arg("-")
                .output()
                .unwrap();
            assert!(String::from_utf8_lossy(&text.stdout).contains("覆盖率"));
            let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
            let fonts = String::from_utf8_lossy(&fonts.stdout);
            assert!(
                fonts.lines().skip(2).any(|l| l.contains("CJK")
                    || l.contains("Hei")
                    || l.contains("Han")
                    || l.contains("Droid")),
                "no Chinese font embedded in the printed report:\n{fonts}"
            );
        }

        // The print documents: one per base, or per team on a campaign.
        let docs: Vec<PathBuf> = std::fs::read_dir(out.join("print"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        let schedule: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("schedule.json")).unwrap())
                .unwrap();
        let tours = schedule["tours"].as_array().unwrap();
        let mut groups = std::collections::BTreeSet::new();
        for t in tours {
            groups.insert((t["base"].to_string(), t["team"].to_string()));
        }
        assert_eq!(docs.len(), groups.len(), "one document per base or team");
        let mut sheets = 0;
        for doc in &docs {
            let html = std::fs::read_to_string(doc).unwrap();
            let days = html.matches("<article class=\"sheet\"").count();
            // No drawn text under 8 pt (10.67 CSS px; the drawings are not scaled on A4).
            for size in html.split("font-size=\"").skip(1) {
                let px: f64 = size.split('"').next().unwrap().parse().unwrap();
                assert!(px >= 10.6, "{}: a {px} px label", doc.display());
            }
            sheets += days;
            let pdf = doc.with_extension("pdf");
            chromium(
                &browser,
                &profile,
                doc,
                &[
                    "--no-pdf-header-footer".into(),
                    format!("--print-to-pdf={}", pdf.display()),
                ],
            );
            assert_eq!(
                pdf_pages(&pdf),
                1 + days,
                "{}: an overview page and one page per tour-day",
                doc.display()
            );
        }
        assert_eq!(sheets, tours.len(), "every tour-day is printed once");
    }
}
