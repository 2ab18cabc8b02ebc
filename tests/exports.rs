//! The field exports: iCalendar read back by an independent parser, GeoJSON by the geojson reader,
//! the report's escaping and self-containment, and `outreach export` on planned and hand-edited
//! schedules.

mod common;

use chrono::{TimeZone, Utc};
use common::{bundled, copy_scenario, outreach, plan, plan_into};
use outreach::export::{self, ics, Format, Lookup};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

fn property<'a>(
    props: &'a [ical::property::Property],
    name: &str,
) -> Option<&'a ical::property::Property> {
    props.iter().find(|p| p.name == name)
}

#[test]
fn calendars_parse_with_an_independent_reader_and_keep_their_uids() {
    let s = bundled("tiny");
    let schedule = plan(&s, 20.0);
    assert!(!schedule.tours.is_empty());
    let look = Lookup::new(&s, &schedule).unwrap();
    let stamp = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    let calendars = ics::calendars(&schedule, &look, stamp).unwrap();
    assert_eq!(calendars.len(), s.vehicles.len() + s.clinicians.len());

    let mut uids_by_file = BTreeMap::new();
    for (name, text) in &calendars {
        assert!(text.contains("\r\n"), "{name}: lines end in CRLF");
        for line in text.split("\r\n") {
            assert!(
                line.len() <= 75,
                "{name}: a line is longer than 75 octets: {line}"
            );
        }
        let mut parser = ical::IcalParser::new(text.as_bytes());
        let cal = parser
            .next()
            .expect("one calendar")
            .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        assert!(parser.next().is_none(), "{name}: exactly one calendar");
        assert_eq!(cal.timezones.len(), 1, "{name}: one VTIMEZONE");
        assert_eq!(
            property(&cal.timezones[0].properties, "TZID").and_then(|p| p.value.as_deref()),
            Some(ics::TIME_ZONE)
        );
        // The tours this calendar should hold.
        let expected: Vec<_> = schedule
            .tours
            .iter()
            .filter(|t| {
                name == &format!("vehicle-{}.ics", t.vehicle)
                    || t.crew
                        .iter()
                        .any(|c| name == &format!("clinician-{}.ics", c.clinician))
            })
            .collect();
        assert_eq!(
            cal.events.len(),
            expected.len(),
            "{name}: one event per tour-day"
        );
        let mut uids = Vec::new();
        for (e, t) in cal.events.iter().zip(&expected) {
            let p = &e.properties;
            let start = property(p, "DTSTART").expect("DTSTART");
            let tzid = start
                .params
                .as_ref()
                .and_then(|ps| ps.iter().find(|(k, _)| k == "TZID"))
                .map(|(_, v)| v[0].clone());
            assert_eq!(tzid.as_deref(), Some("Asia/Shanghai"));
            let want = format!(
                "{}T{}00",
                t.date.format("%Y%m%d"),
                t.depart.replace(':', "")
            );
            assert_eq!(start.value.as_deref(), Some(want.as_str()));
            assert!(property(p, "DTEND").is_some() && property(p, "DTSTAMP").is_some());
            let description = property(p, "DESCRIPTION")
                .and_then(|x| x.value.clone())
                .unwrap();
            for c in &t.crew {
                assert!(description.contains(&c.name), "crew {} named", c.name);
            }
            for st in &t.stops {
                assert!(description.contains(&st.arrival) && description.contains(&st.site_name));
            }
            assert_eq!(
                property(p, "LOCATION").and_then(|x| x.value.as_deref()),
                Some(t.stops[0].site_name.as_str())
            );
            uids.push(property(p, "UID").and_then(|x| x.value.clone()).unwrap());
        }
        uids_by_file.insert(name.clone(), uids);
    }
    // Re-exporting the same plan (later, so with another stamp) keeps every UID.
    let later = ics::calendars(&schedule, &look, stamp + chrono::Duration::days(3)).unwrap();
    for (name, text) in &later {
        let cal = ical::IcalParser::new(text.as_bytes())
            .next()
            .unwrap()
            .unwrap();
        let uids: Vec<_> = cal
            .events
            .iter()
            .map(|e| {
                property(&e.properties, "UID")
                    .and_then(|x| x.value.clone())
                    .unwrap()
            })
            .collect();
        assert_eq!(&uids, &uids_by_file[name], "{name}: UIDs stable");
    }
    // UIDs are unique across all calendars: a tour in the vehicle's and each crew member's
    // calendar is an event of each, which a phone subscribed to several keeps apart.
    let all: Vec<&String> = uids_by_file.values().flatten().collect();
    let set: BTreeSet<_> = all.iter().collect();
    assert_eq!(set.len(), all.len(), "UIDs unique across calendars");
}

/// A copy of tiny whose ids and names are hostile to files: ids that differ only in non-ASCII
/// characters or in a space, names with formulas and a line break.
fn hostile_tiny(dir: &std::path::Path) -> std::path::PathBuf {
    let toml = copy_scenario("tiny", dir);
    let edit = |file: &str, f: &dyn Fn(String) -> String| {
        let path = dir.join(file);
        std::fs::write(&path, f(std::fs::read_to_string(&path).unwrap())).unwrap();
    };
    edit("vehicles.csv", &|t| {
        t.replace("V1,", "V 1,").replace("V2,", "V_1,")
    });
    edit("leave.csv", &|t| {
        t.replace("V2,", "V_1,").replace("V1,", "V 1,")
    });
    edit("clinicians.csv", &|t| {
        t.replace("C01,", "陈医生,")
            .replace("C04,", "赵护士,")
            .replace("C02,李建国", "C02,\"=HYPERLINK(\"\"http://x\"\")\"")
            .replace("C05,孙丽娜", "C05,\"孙\r\n丽娜\"")
    });
    edit("leave.csv", &|t| {
        t.replace("C01,", "陈医生,").replace("C04,", "赵护士,")
    });
    edit("sites.csv", &|t| {
        t.replace("S01,苏李村", "S01,+cmd|' /C calc'!A0")
    });
    toml
}

/// `hostile_tiny` planned into `dir/out`: its scenario file and the output folder.
fn plan_hostile_tiny(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let toml = hostile_tiny(dir);
    let out = plan_into(&toml, &dir.join("out"), &[]);
    (toml, out)
}

#[test]
fn hostile_ids_and_names_stay_apart_and_inert() {
    let dir = tempfile::tempdir().unwrap();
    let (toml, out) = plan_hostile_tiny(dir.path());
    let s = outreach::load_dir(&toml).unwrap();
    // One calendar per vehicle and clinician, none overwriting another.
    let files: Vec<_> = std::fs::read_dir(out.join("calendars"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        files.len(),
        s.vehicles.len() + s.clinicians.len(),
        "{files:?}"
    );
    // No raw carriage return inside a calendar line.
    for f in &files {
        let text = std::fs::read_to_string(out.join("calendars").join(f)).unwrap();
        assert!(!text.replace("\r\n", "").contains('\r'), "{f}: a raw CR");
        assert!(
            ical::IcalParser::new(text.as_bytes())
                .next()
                .unwrap()
                .is_ok(),
            "{f} parses"
        );
    }
    // Formulas are text in the CSV Excel opens.
    let csv = std::fs::read_to_string(out.join("stops.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    for row in reader.records() {
        for cell in row.unwrap().iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "a cell Excel would run: {cell}"
            );
        }
    }
    assert!(csv.contains("'+cmd|"), "the name is kept, as text");
}

#[test]
fn ids_that_would_share_a_calendar_file_are_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    // `V1` and `v1` are one file on Windows and macOS.
    let path = dir.path().join("vehicles.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("V2,", "v1,");
    std::fs::write(&path, text).unwrap();
    let leave = dir.path().join("leave.csv");
    let text = std::fs::read_to_string(&leave)
        .unwrap()
        .replace("V2,", "v1,");
    std::fs::write(&leave, text).unwrap();
    let out = dir.path().join("out");
    let run = outreach()
        .arg("plan")
        .arg(&toml)
        .args(["--quiet", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success(), "{err}");
    assert!(err.contains("`V1` and `v1`"), "{err}");
    assert!(!out.exists(), "nothing half-written");
}

#[test]
fn geojson_has_a_line_per_tour_and_a_point_per_stop() {
    let s = bundled("tiny");
    let schedule = plan(&s, 20.0);
    let look = Lookup::new(&s, &schedule).unwrap();
    let text = export::geojson::routes(&schedule, &look);
    let parsed = geojson::GeoJson::from_str(&text).expect("valid GeoJSON");
    let geojson::GeoJson::FeatureCollection(fc) = parsed else {
        panic!("a FeatureCollection")
    };
    let kind = |f: &geojson::Feature| {
        f.property("kind")
            .and_then(|k| k.as_str())
            .unwrap()
            .to_string()
    };
    let lines: Vec<_> = fc.features.iter().filter(|f| kind(f) == "tour").collect();
    let stops = fc.features.iter().filter(|f| kind(f) == "stop").count();
    let bases = fc.features.iter().filter(|f| kind(f) == "base").count();
    assert_eq!(lines.len(), schedule.tours.len());
    assert_eq!(
        stops,
        schedule.tours.iter().map(|t| t.stops.len()).sum::<usize>()
    );
    assert_eq!(bases, s.bases.len());
    for (f, t) in lines.iter().zip(&schedule.tours) {
        let Some(geojson::Value::LineString(coords)) = f.geometry.as_ref().map(|g| &g.value) else {
            panic!("a LineString")
        };
        assert_eq!(coords.len(), t.stops.len() + 2, "base, stops, base");
        let b = &s.bases[0];
        // RFC 7946: longitude first.
        assert!((coords[0][0] - b.lon).abs() < 1e-6 && (coords[0][1] - b.lat).abs() < 1e-6);
        assert_eq!(coords.first(), coords.last());
        assert_eq!(
            f.property("date").and_then(|d| d.as_str()),
            Some(t.date.to_string().as_str())
        );
        assert_eq!(
            f.property("vehicle").and_then(|d| d.as_str()),
            Some(t.vehicle.as_str())
        );
    }
}

#[test]
fn report_escapes_every_name_and_needs_no_network() {
    let dir = tempfile::tempdir().unwrap();
    let toml = copy_scenario("tiny", dir.path());
    let sites = dir.path().join("sites.csv");
    let text = std::fs::read_to_string(&sites).unwrap();
    let text = text
        .replacen("苏李村", "\"<script>alert(1)</script>\"", 1)
        .replacen(
            "NBS 370306102201",
            "\"gate <b>closed</b> & \"\"ask\"\" the clinic\"",
            1,
        );
    std::fs::write(&sites, text).unwrap();
    let s = outreach::load(&outreach::Source::File(toml)).unwrap();
    let schedule = plan(&s, 20.0);
    assert!(
        schedule
            .tours
            .iter()
            .flat_map(|t| &t.stops)
            .any(|st| st.site_name.contains("<script>")),
        "the renamed site is visited"
    );
    let look = Lookup::new(&s, &schedule).unwrap();
    let html = export::report::render(&schedule, &look, &[]).unwrap();
    // Named or numeric entities are both fine escapes; compare in one spelling.
    let norm = html
        .replace("&#60;", "&lt;")
        .replace("&#62;", "&gt;")
        .replace("&#38;", "&amp;");
    assert!(norm.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "no script at all"
    );
    assert!(norm.contains("gate &lt;b&gt;closed&lt;/b&gt; &amp;"));
    assert!(!html.contains("<b>closed"));
    // Self-contained: nothing is fetched.
    for needle in [
        "src=",
        "@import",
        "url(",
        "<link",
        "href=\"http",
        "href='http",
    ] {
        assert!(!html.contains(needle), "report refers to `{needle}`");
    }
    // The parts a planner looks for.
    for part in [
        "Key figures",
        "Map of the tours",
        "Vehicles over the horizon",
        "Clinicians over the horizon",
        "Unmet requirements",
        "Day sheets",
        "@media print",
    ] {
        assert!(html.contains(part), "report has {part}");
    }
    assert_eq!(
        html.matches("<article class=\"sheet\"").count(),
        schedule.tours.len()
    );
    assert!(html.contains("王村镇卫生院"), "Chinese names kept");
}

#[test]
fn export_writes_the_chosen_formats_from_a_schedule_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan");
    let st = outreach()
        .args(["plan", "tiny", "--quiet", "--out"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success());
    for f in [
        "schedule.json",
        "stops.csv",
        "routes.geojson",
        "report.html",
        "calendars/vehicle-V1.ics",
        "calendars/clinician-C01.ics",
    ] {
        assert!(out.join(f).is_file(), "plan writes {f}");
    }
    let csv = std::fs::read(out.join("stops.csv")).unwrap();
    assert!(
        csv.starts_with("\u{feff}".as_bytes()),
        "stops.csv starts with a BOM for Excel"
    );
    let csv = String::from_utf8(csv).expect("UTF-8");
    assert!(csv.contains("村,"), "Chinese site names intact: {csv}");

    let only = dir.path().join("only");
    let o = outreach()
        .arg("export")
        .arg(out.join("schedule.json"))
        .args(["--format", "ics,geojson", "--out"])
        .arg(&only)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(only.join("routes.geojson").is_file());
    assert!(only.join("calendars/vehicle-V1.ics").is_file());
    assert!(!only.join("report.html").exists() && !only.join("stops.csv").exists());

    let o = outreach()
        .arg("export")
        .arg(out.join("schedule.json"))
        .args(["--format", "pdf", "--out"])
        .arg(&only)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--format `pdf`"));
}

#[test]
fn export_takes_a_hand_edited_schedule_and_shows_its_violations() {
    let dir = tempfile::tempdir().unwrap();
    let s = bundled("tiny");
    let mut schedule = plan(&s, 20.0);
    // A planner moves the first tour to a Sunday by hand: still exportable, and the report says so.
    let sunday = chrono::NaiveDate::from_ymd_opt(2027, 1, 10).unwrap();
    schedule.tours[0].date = sunday;
    let path = dir.path().join("edited.json");
    std::fs::write(&path, export::schedule_json(&schedule)).unwrap();
    let out = dir.path().join("out");
    let o = outreach()
        .arg("export")
        .arg(&path)
        .args(["--format", "html,ics", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("rule(s)"));
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("rule violation(s)") && html.contains("non-working-day"));
    let v = std::fs::read_to_string(out.join(format!(
        "calendars/vehicle-{}.ics",
        schedule.tours[0].vehicle
    )))
    .unwrap();
    assert!(v.contains("DTSTART;TZID=Asia/Shanghai:20270110T"));

    // A stop at a site the scenario does not have: a clear error, and nothing written.
    schedule.tours[0].stops[0].site = "S99".into();
    std::fs::write(&path, export::schedule_json(&schedule)).unwrap();
    let out2 = dir.path().join("out2");
    let o = outreach()
        .arg("export")
        .arg(&path)
        .arg("--out")
        .arg(&out2)
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("site `S99`") && err.contains("tiny"), "{err}");
    assert!(!out2.exists(), "no output on error");
}

#[test]
fn every_format_name_parses() {
    for (name, f) in [
        ("ics", Format::Ics),
        ("geojson", Format::Geojson),
        ("html", Format::Html),
        ("csv", Format::Csv),
        ("json", Format::Json),
        ("xlsx", Format::Xlsx),
        ("Excel", Format::Xlsx),
    ] {
        assert_eq!(Format::parse(name), Some(f));
    }
    assert_eq!(Format::parse("pdf"), None);
}

/// Golden files pin the formats byte for byte (from a fixed schedule, so planner changes do not
/// move them). `UPDATE_GOLDEN=1 cargo test --test exports golden` rewrites them after a deliberate
/// format change.
#[test]
fn golden_calendar_and_geojson() {
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let s = bundled("tiny");
    let text = std::fs::read_to_string(golden.join("tiny-schedule.json")).unwrap();
    let schedule = outreach::Schedule::from_json(&text).unwrap();
    let look = Lookup::new(&s, &schedule).unwrap();
    let stamp = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    let calendars = ics::calendars(&schedule, &look, stamp).unwrap();
    let v1 = calendars
        .iter()
        .find(|(n, _)| n == "vehicle-V1.ics")
        .unwrap()
        .1
        .clone();
    let files = [
        ("tiny-vehicle-V1.ics", v1),
        (
            "tiny-routes.geojson",
            export::geojson::routes(&schedule, &look),
        ),
    ];
    for (name, got) in files {
        let path = golden.join(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &got).unwrap();
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(want == got, "{name} differs from its golden file:\n{got}");
    }
}

/// A transfer day (a trip day with no stops, ending at a lodging) has that lodging as its
/// location, so a phone shows where the team sleeps.
#[test]
fn a_transfer_day_is_located_from_where_it_starts_to_the_lodging_it_ends_at() {
    let s = outreach::load_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini"),
    )
    .unwrap();
    let mut schedule = plan(&s, 60.0);
    let k = schedule
        .tours
        .iter()
        .position(|t| t.to.is_some())
        .expect("a day that ends at a lodging");
    schedule.tours[k].stops.clear();
    let t = schedule.tours[k].clone();
    let lodging = s
        .lodgings
        .iter()
        .find(|l| Some(&l.id) == t.to.as_ref())
        .unwrap();
    let look = Lookup::new(&s, &schedule).unwrap();
    let stamp = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    let calendars = ics::calendars(&schedule, &look, stamp).unwrap();
    let (_, text) = calendars
        .iter()
        .find(|(name, _)| name == &format!("vehicle-{}.ics", t.vehicle))
        .unwrap();
    let cal = ical::IcalParser::new(text.as_bytes())
        .next()
        .unwrap()
        .unwrap();
    let day = t.date.format("%Y%m%d").to_string();
    let event = cal
        .events
        .iter()
        .find(|e| {
            property(&e.properties, "DTSTART")
                .and_then(|p| p.value.as_deref())
                .is_some_and(|v| v.starts_with(&day))
        })
        .expect("the transfer day's event");
    let from = match &t.from {
        Some(l) => s.lodgings.iter().find(|x| &x.id == l).unwrap().name.clone(),
        None => s
            .bases
            .iter()
            .find(|b| b.id == t.base)
            .unwrap()
            .name
            .clone(),
    };
    assert_eq!(
        property(&event.properties, "LOCATION").and_then(|p| p.value.as_deref()),
        Some(format!("{from} → {}", lodging.name).as_str())
    );
}

/// The workbook opens in an independent reader: its sheets, a frozen-header layout with the
/// planner's words, a row per stop with Excel dates, a row per clinician's tour-day, the unmet
/// visits, and hostile names kept as text (a string cell is never a formula).
#[test]
fn the_workbook_reads_back_with_a_row_per_stop_and_dates_as_dates() {
    use calamine::{Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let (_, out) = plan_hostile_tiny(dir.path());
    let schedule: outreach::schedule::Schedule =
        serde_json::from_str(&std::fs::read_to_string(out.join("schedule.json")).unwrap()).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook(out.join("schedule.xlsx")).unwrap();
    // The plan's sheets, then the one field teams fill in for a re-plan.
    let mut sheets = export::xlsx::SHEETS.map(String::from).to_vec();
    sheets.push(export::xlsx::DONE_SHEET.to_string());
    assert_eq!(book.sheet_names(), sheets);

    let stops: usize = schedule.tours.iter().map(|t| t.stops.len()).sum();
    // A row per stop, and a row per vehicle's tour-day.
    for (sheet, rows, date) in [
        (export::xlsx::SHEETS[1], stops, 0),
        (export::xlsx::SHEETS[2], schedule.tours.len(), 2),
    ] {
        let range = book.worksheet_range(sheet).unwrap();
        assert_eq!(range.height(), rows + 1, "{sheet}: a header and a row each");
        assert_eq!(
            range.get((0, date)),
            Some(&Data::String("日期 date".into()))
        );
        assert!(
            matches!(range.get((1, date)), Some(Data::DateTime(_))),
            "{sheet}: dates are Excel dates, not text: {:?}",
            range.get((1, date))
        );
    }
    let by_day = book.worksheet_range(export::xlsx::SHEETS[1]).unwrap();
    let first = &schedule.tours[0];
    let when = match by_day.get((1, 0)) {
        Some(Data::DateTime(d)) => d.as_datetime().unwrap().date(),
        other => panic!("{other:?}"),
    };
    assert_eq!(when, schedule.tours.iter().map(|t| t.date).min().unwrap());
    assert!(!first.stops.is_empty());
    // Hostile names are there, as text.
    let names: Vec<String> = by_day
        .rows()
        .skip(1)
        .map(|r| r[7].to_string())
        .chain(by_day.rows().skip(1).map(|r| r[11].to_string()))
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("+cmd|")),
        "the site name is kept as it is"
    );
    assert!(
        names.iter().any(|n| n.contains("=HYPERLINK")),
        "the clinician name is kept"
    );
    assert!(
        book.worksheet_formula(export::xlsx::SHEETS[1])
            .unwrap()
            .rows()
            .all(|r| r.iter().all(|f| f.is_empty())),
        "no cell is a formula"
    );

    let crew_days: usize = schedule.tours.iter().map(|t| t.crew.len()).sum();
    let clinicians = book.worksheet_range(export::xlsx::SHEETS[3]).unwrap();
    assert_eq!(clinicians.height(), crew_days + 1);
    let unmet = book.worksheet_range(export::xlsx::SHEETS[4]).unwrap();
    assert_eq!(unmet.height(), schedule.summary.unmet.len() + 1);
    let summary = book.worksheet_range(export::xlsx::SHEETS[0]).unwrap();
    let coverage = summary
        .rows()
        .find(|r| r[0].to_string().starts_with("覆盖率"))
        .map(|r| r[1].clone());
    let want = 100.0 * schedule.summary.visits_met as f64 / schedule.summary.visits_required as f64;
    assert!(
        matches!(coverage, Some(Data::Float(x)) if (x - want).abs() < 1e-9),
        "{coverage:?}, want {want}"
    );
}

/// Each day sheet that spans noon says where the team is at 12:00 (at which village, or on the
/// road), so the team knows where it will have lunch; a day over by noon says nothing.
#[test]
fn day_sheets_say_where_the_team_is_at_noon() {
    let s = bundled("tiny");
    let mut schedule = plan(&s, 30.0);
    let spans = |t: &outreach::schedule::TourDay| {
        t.depart.as_str() <= "12:00" && t.return_time.as_str() > "12:00"
    };
    assert!(schedule.tours.iter().any(spans), "tiny has a day over noon");
    // A short morning tour, over by noon.
    let mut morning = schedule.tours[0].clone();
    morning.id = "MORNING".into();
    morning.stops.truncate(1);
    (morning.depart, morning.return_time) = ("08:00".into(), "11:30".into());
    (morning.stops[0].arrival, morning.stops[0].departure) = ("08:30".into(), "11:00".into());
    schedule.tours.push(morning);
    let look = Lookup::new(&s, &schedule).unwrap();
    let html = export::report::render(&schedule, &look, &[]).unwrap();
    let want = schedule.tours.iter().filter(|t| spans(t)).count();
    assert_eq!(html.matches("Lunch: at 12:00 the team is").count(), want);
    let t = schedule.tours.iter().find(|t| spans(t)).unwrap();
    let at_noon = t
        .stops
        .iter()
        .find(|st| st.arrival.as_str() <= "12:00" && st.departure.as_str() > "12:00");
    if let Some(st) = at_noon {
        assert!(html.contains(&format!(
            "the team is at {} ({}–{})",
            st.site_name, st.arrival, st.departure
        )));
    }
}
