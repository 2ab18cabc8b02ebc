//! Loading a scenario from a folder (or from the copies bundled in the binary) and checking it.

use super::config::ScenarioToml;
use super::error::{Problems, ScenarioError};
use super::table::Table;
use super::*;
use crate::calendar::{
    parse_clock, parse_date, parse_date_range, parse_weekday, Horizon, PeriodKind,
};
use crate::lang::Text;
use crate::text;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod departments;
mod experts;
mod people;
mod places;
mod visits;

/// The columns each table may have (the others are noted, or, when a letter or two off one of
/// these, refused).
const BASE_COLUMNS: &[&str] = &["id", "name", "lat", "lon", "terrain", "altitude_m", "notes"];
const SITE_COLUMNS: &[&str] = &[
    "id",
    "name",
    "lat",
    "lon",
    "base",
    "population",
    "priority",
    "service_minutes",
    "terrain",
    "windows",
    "kind",
    "notes",
    "altitude_m",
    "load_kg",
];
/// The most seats a vehicle may have, and so the most crew of one role a tour may need.
const SEATS: u32 = 100;
/// The largest penalty of a missed visit before its population weighting (see `check_weights`).
const MAX_PENALTY: f64 = 1e9;

/// Where the scenario's files come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A `scenario.toml` on disk; tables are read relative to its folder.
    File(PathBuf),
    /// A scenario compiled into the binary: its TOML and tables by relative path.
    Bundled {
        name: &'static str,
        files: &'static [(&'static str, &'static str)],
    },
    /// A scenario held in memory (an upload, a generated or mutated one): `scenario.toml` and its
    /// tables by relative path.
    Memory {
        name: String,
        files: Vec<(String, String)>,
    },
}

impl Source {
    fn toml_name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Bundled { name, .. } => text!(
                "scenario-bundled-file",
                file = format!("{name}/scenario.toml")
            )
            .to_string(),
            Source::Memory { name, .. } => format!("{name}/scenario.toml"),
        }
    }

    fn display(&self, rel: &str) -> String {
        match self {
            Source::File(p) => p
                .parent()
                .unwrap_or(Path::new(""))
                .join(rel)
                .display()
                .to_string(),
            Source::Bundled { name, .. } => {
                text!("scenario-bundled-file", file = format!("{name}/{rel}")).to_string()
            }
            Source::Memory { name, .. } => format!("{name}/{rel}"),
        }
    }

    fn read_toml(&self) -> Result<String, Text> {
        match self {
            Source::File(p) => std::fs::read_to_string(p)
                .map_err(|e| text!("scenario-cannot-read", error = e.to_string())),
            Source::Bundled { files, .. } => Ok(files[0].1.to_string()),
            Source::Memory { files, .. } => files
                .iter()
                .find(|(name, _)| name == "scenario.toml")
                .map(|(_, text)| text.clone())
                .ok_or_else(|| text!("scenario-no-toml")),
        }
    }

    /// The file's text, and whether it was decoded from GB18030 (GBK) rather than UTF-8. A table
    /// given as `BOOK.xlsx#SHEET` is that sheet of an Excel workbook, as CSV text.
    fn read(&self, rel: &str) -> Result<(String, bool), Text> {
        if let Some((book, sheet)) = workbook_sheet(rel) {
            return match self {
                Source::File(p) => {
                    let path = p.parent().unwrap_or(Path::new("")).join(book);
                    super::workbook::sheet_as_csv(&path, sheet).map(|text| (text, false))
                }
                _ => Err(text!("scenario-workbook-on-disk")),
            };
        }
        if rel.to_ascii_lowercase().ends_with(".xlsx") {
            return Err(text!("scenario-name-the-sheet", book = rel));
        }
        match self {
            Source::File(p) => {
                let path = p.parent().unwrap_or(Path::new("")).join(rel);
                let bytes = std::fs::read(&path)
                    .map_err(|e| text!("scenario-cannot-read", error = e.to_string()))?;
                decode(bytes)
            }
            Source::Bundled { files, .. } => files
                .iter()
                .find(|(name, _)| *name == rel)
                .map(|(_, text)| (text.to_string(), false))
                .ok_or_else(|| text!("scenario-no-bundled-file")),
            Source::Memory { files, .. } => files
                .iter()
                .find(|(name, _)| name == rel)
                .map(|(_, text)| (text.clone(), false))
                .ok_or_else(|| text!("scenario-no-such-file")),
        }
    }
}

/// `("BOOK.xlsx", "SHEET")` for a table named `BOOK.xlsx#SHEET`.
fn workbook_sheet(rel: &str) -> Option<(&str, &str)> {
    let (book, sheet) = rel.rsplit_once('#')?;
    book.to_ascii_lowercase()
        .ends_with(".xlsx")
        .then_some((book, sheet))
}

/// A table's bytes as text: UTF-8 (with or without a byte-order mark), else GB18030, the
/// encoding Excel on a Chinese Windows saves "CSV" in (GBK is its older part).
pub(crate) fn decode(bytes: Vec<u8>) -> Result<(String, bool), Text> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok((text, false)),
        Err(e) => {
            let bytes = e.into_bytes();
            let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
            if had_errors {
                Err(text!("scenario-not-utf8-nor-gbk"))
            } else {
                Ok((text.into_owned(), true))
            }
        }
    }
}

/// Loads a scenario from a `scenario.toml` path, or a folder holding one.
pub fn load_dir(path: &Path) -> Result<Scenario, ScenarioError> {
    let file = if path.is_dir() {
        path.join("scenario.toml")
    } else {
        path.to_path_buf()
    };
    load(&Source::File(file))
}

/// The `language` key of a scenario's TOML, read on its own: the language to report a
/// scenario's problems in when the scenario itself cannot be read.
pub fn language_of(source: &Source) -> Option<crate::lang::Lang> {
    let text = source.read_toml().ok()?;
    let value: toml::Table = toml::from_str(&text).ok()?;
    crate::lang::Lang::parse(value.get("language")?.as_str()?)
}

/// Reads and checks a scenario; the error lists every problem found.
pub fn load(source: &Source) -> Result<Scenario, ScenarioError> {
    let mut p = Problems::default();
    let scenario = read_all(source, &mut p);
    match scenario {
        Some(mut s) if !p.has_errors() => {
            s.warnings = p.list;
            Ok(s)
        }
        _ => Err(ScenarioError { problems: p.list }),
    }
}

/// The TOML reader's message, in the planner's language where it is one of the common two (a key
/// missing, a key misspelt); the English stays the reader's own words.
fn toml_message(message: &str) -> Text {
    let m = message.trim();
    // The TOML reader leaves some messages empty (a stray character after a value).
    if m.is_empty() {
        return text!("scenario-toml-stray");
    }
    let quoted = |s: &str| {
        s.strip_prefix('`')
            .and_then(|s| s.strip_suffix('`'))
            .filter(|s| !s.contains('`'))
            .map(str::to_string)
    };
    if let Some(key) = m.strip_prefix("missing field ").and_then(quoted) {
        return text!("scenario-toml-missing-key", key = key);
    }
    if let Some((key, expected)) = m
        .strip_prefix("unknown field ")
        .and_then(|rest| rest.split_once(", expected "))
        .and_then(|(key, expected)| Some((quoted(key)?, expected)))
    {
        return match expected.strip_prefix("one of ") {
            Some(keys) => text!("scenario-toml-unknown-key-one-of", key = key, keys = keys),
            None => text!("scenario-toml-unknown-key", key = key, keys = expected),
        };
    }
    text!("scenario-toml", message = m)
}

fn line_of(text: &str, offset: usize) -> u64 {
    text[..offset.min(text.len())].matches('\n').count() as u64 + 1
}

fn read_all(source: &Source, p: &mut Problems) -> Option<Scenario> {
    let toml_file = source.toml_name();
    let text = match source.read_toml() {
        Ok(t) => t,
        Err(e) => {
            p.error(&toml_file, None, None, e);
            return None;
        }
    };
    let cfg: ScenarioToml = match toml::from_str(&text) {
        Ok(c) => c,
        Err(e) => {
            let line = e.span().map(|s| line_of(&text, s.start));
            p.error(&toml_file, line, None, toml_message(e.message()));
            return None;
        }
    };
    let tf = toml_file.as_str();
    let language = cfg.language.as_deref().and_then(|l| {
        crate::lang::Lang::parse(l).or_else(|| {
            p.error(
                tf,
                None,
                Some("language"),
                text!("scenario-unknown-language", language = l),
            );
            None
        })
    });

    // Horizon.
    let start = parse_date(&cfg.horizon.start)
        .map_err(|e| p.error(tf, None, Some("horizon.start"), e))
        .ok();
    // The longest horizon: two years (731 days, 104 weeks).
    let days = match (cfg.horizon.weeks, cfg.horizon.days) {
        (Some(w), None) => {
            if !(1..=104).contains(&w) {
                p.error(
                    tf,
                    None,
                    Some("horizon.weeks"),
                    text!("scenario-weeks-range", weeks = w),
                );
            }
            w.clamp(0, 104) * 7
        }
        (None, Some(d)) => {
            if !(1..=731).contains(&d) {
                p.error(
                    tf,
                    None,
                    Some("horizon.days"),
                    text!("scenario-days-range", days = d),
                );
            }
            d.clamp(0, 731)
        }
        (Some(_), Some(_)) => {
            p.error(tf, None, Some("horizon"), text!("scenario-weeks-and-days"));
            0
        }
        (None, None) => {
            p.error(tf, None, Some("horizon"), text!("scenario-horizon-length"));
            0
        }
    };
    let mut weekdays = Vec::new();
    for w in &cfg.horizon.working_days {
        match parse_weekday(w) {
            Some(d) => weekdays.push(d),
            None => p.error(
                tf,
                None,
                Some("horizon.working_days"),
                text!("scenario-not-a-weekday", value = w),
            ),
        }
    }
    let mut holidays = Vec::new();
    for h in &cfg.horizon.holidays {
        match parse_date_range(h) {
            Ok((a, b)) => holidays.extend(a.iter_days().take_while(|d| *d <= b)),
            Err(e) => p.error(tf, None, Some("horizon.holidays"), e),
        }
    }
    let day_start = parse_clock(&cfg.day.start)
        .map_err(|e| p.error(tf, None, Some("day.start"), e))
        .unwrap_or(480);
    let working_minutes = cfg.day.working_minutes;
    if !(working_minutes.is_finite() && working_minutes > 0.0 && working_minutes <= 1440.0) {
        p.error(
            tf,
            None,
            Some("day.working_minutes"),
            text!("scenario-working-minutes", minutes = working_minutes),
        );
    }
    if cfg.crew.values().all(|&n| n == 0) {
        p.warning(tf, None, Some("crew"), text!("scenario-no-crew"));
    }
    let default_period = PeriodKind::parse(&cfg.requirements.period).unwrap_or_else(|| {
        p.error(
            tf,
            None,
            Some("requirements.period"),
            text!("scenario-not-a-period", value = &cfg.requirements.period),
        );
        PeriodKind::Month
    });
    let r = &cfg.requirements;
    if !(0..=366).contains(&r.visits) {
        p.error(
            tf,
            None,
            Some("requirements.visits"),
            text!("scenario-visits-range", visits = r.visits),
        );
    }
    if !(0..=731).contains(&r.min_spacing_days) {
        p.error(
            tf,
            None,
            Some("requirements.min_spacing_days"),
            text!("scenario-spacing-range", days = r.min_spacing_days),
        );
    }
    for (role, &n) in &cfg.crew {
        if n > SEATS {
            p.error(
                tf,
                None,
                Some(&format!("crew.{role}")),
                text!("scenario-crew-range", count = n, seats = SEATS),
            );
        }
    }
    let o = &cfg.objective;
    // Weights past these ranges make the integer program numerically unsolvable (HiGHS ends with
    // an unknown status), so they are refused here, with the range.
    if !(o.unmet_visit_penalty.is_finite() && (0.0..=MAX_PENALTY).contains(&o.unmet_visit_penalty))
    {
        p.error(
            tf,
            None,
            Some("objective.unmet_visit_penalty"),
            text!("scenario-penalty-range", penalty = o.unmet_visit_penalty),
        );
    }
    if !(o.population_scale.is_finite() && (1.0..=1e9).contains(&o.population_scale)) {
        p.error(
            tf,
            None,
            Some("objective.population_scale"),
            text!(
                "scenario-population-scale-range",
                scale = o.population_scale
            ),
        );
    }
    let t = &cfg.travel;
    let model = match t.model.as_str() {
        "geo" => TravelModel::Geo,
        "matrix" => TravelModel::Matrix,
        other => {
            p.error(
                tf,
                None,
                Some("travel.model"),
                text!("scenario-travel-model", model = other),
            );
            TravelModel::Geo
        }
    };
    if matches!(model, TravelModel::Matrix) && t.matrix.is_none() {
        p.error(
            tf,
            None,
            Some("travel.matrix"),
            text!("scenario-matrix-needed"),
        );
    }
    if !(t.circuity.is_finite() && t.circuity >= 1.0 && t.circuity <= 5.0) {
        p.error(
            tf,
            None,
            Some("travel.circuity"),
            text!("scenario-circuity-range", circuity = t.circuity),
        );
    }
    for (name, v) in [
        ("plain", t.speed_kmh.plain),
        ("hill", t.speed_kmh.hill),
        ("mountain", t.speed_kmh.mountain),
        ("track", t.speed_kmh.track),
    ] {
        if !(v.is_finite() && v > 0.0 && v <= 200.0) {
            p.error(
                tf,
                None,
                Some(&format!("travel.speed_kmh.{name}")),
                text!("scenario-speed-range", speed = v),
            );
        }
    }
    let mut last = f64::NEG_INFINITY;
    for &(from, factor) in &t.altitude_speed {
        if !(from.is_finite() && from > last && (0.0..=9000.0).contains(&from)) {
            p.error(
                tf,
                None,
                Some("travel.altitude_speed"),
                text!("scenario-altitude-band", altitude = from),
            );
        }
        if !(factor.is_finite() && factor > 0.0 && factor <= 1.0) {
            p.error(
                tf,
                None,
                Some("travel.altitude_speed"),
                text!("scenario-speed-factor", factor = factor),
            );
        }
        last = from;
    }
    if let Some(a) = cfg.altitude.clearance_above_m {
        if !(a.is_finite() && (0.0..=9000.0).contains(&a)) {
            p.error(
                tf,
                None,
                Some("altitude.clearance_above_m"),
                text!("scenario-clearance-range", altitude = a),
            );
        }
    }
    let defaults = AltitudeRules::default();
    let a = &cfg.altitude;
    let mut metres = |key: &str, v: Option<f64>, default: f64| match v {
        None => default,
        Some(x) if x.is_finite() && (0.0..=9000.0).contains(&x) => x,
        Some(x) => {
            p.error(
                tf,
                None,
                Some(&format!("altitude.{key}")),
                text!("scenario-altitude-range", metres = x),
            );
            default
        }
    };
    let altitude = AltitudeRules {
        rules_above_m: metres("rules_above_m", a.rules_above_m, defaults.rules_above_m),
        max_gain_per_night_m: metres(
            "max_gain_per_night_m",
            a.max_gain_per_night_m,
            defaults.max_gain_per_night_m,
        ),
        rest_after_gain_m: metres(
            "rest_after_gain_m",
            a.rest_after_gain_m,
            defaults.rest_after_gain_m,
        ),
        high_night_above_m: metres(
            "high_night_above_m",
            a.high_night_above_m,
            defaults.high_night_above_m,
        ),
        max_high_nights_per_month: match a.max_high_nights_per_month {
            None => defaults.max_high_nights_per_month,
            Some(n) if (0..=31).contains(&n) => n as u32,
            Some(n) => {
                p.error(
                    tf,
                    None,
                    Some("altitude.max_high_nights_per_month"),
                    text!("scenario-high-nights-range", nights = n),
                );
                defaults.max_high_nights_per_month
            }
        },
    };
    let tr = &cfg.tours;
    if !(1..=31).contains(&tr.max_days) {
        p.error(
            tf,
            None,
            Some("tours.max_days"),
            text!("scenario-max-days-range", days = tr.max_days),
        );
    }
    if !(tr.night_cost.is_finite() && tr.night_cost >= 0.0) {
        p.error(
            tf,
            None,
            Some("tours.night_cost"),
            text!("scenario-night-cost"),
        );
    }
    if !(0..=20).contains(&tr.driver_beds) {
        p.error(
            tf,
            None,
            Some("tours.driver_beds"),
            text!("scenario-driver-beds"),
        );
    }
    let trips = TripRules {
        max_days: tr.max_days.clamp(1, 31) as u32,
        night_cost: tr.night_cost.max(0.0),
        driver_beds: tr.driver_beds.clamp(0, 20) as u32,
    };
    if trips.max_days > 1 && (cfg.files.teams.is_none() || cfg.files.lodgings.is_none()) {
        let missing = match (cfg.files.lodgings.is_none(), cfg.files.teams.is_none()) {
            (true, true) => text!("scenario-add-lodgings-and-teams"),
            (true, false) => text!("scenario-add-lodgings"),
            _ => text!("scenario-add-teams"),
        };
        p.error(
            tf,
            None,
            Some("tours.max_days"),
            text!(
                "scenario-multi-day-needs",
                days = trips.max_days,
                add = missing
            ),
        );
    }
    let s = &cfg.solver;
    if let Err(e) = super::check_time_limit(s.time_limit_seconds) {
        p.error(tf, None, Some("solver.time_limit_seconds"), e);
    }
    if !(s.mip_gap.is_finite() && (0.0..1.0).contains(&s.mip_gap)) {
        p.error(tf, None, Some("solver.mip_gap"), text!("scenario-mip-gap"));
    }
    let (Some(start), true) = (start, days > 0 && days <= 731) else {
        return None;
    };
    let horizon = Horizon::new(start, days as usize, &weekdays, &holidays);
    if horizon.working_days().next().is_none() {
        p.error(tf, None, Some("horizon"), text!("scenario-no-working-day"));
    }

    let mut ctx = Ctx {
        source,
        p,
        horizon: &horizon,
        ids: HashMap::new(),
        inputs: vec![("scenario.toml".to_string(), sha256_hex(text.as_bytes()))],
        team_lines: Default::default(),
    };

    let bases = ctx.bases(&cfg.files.bases);
    let base_index: HashMap<String, usize> = bases
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.clone(), i))
        .collect();
    let kind = match cfg.kind.as_deref() {
        None => ScenarioKind::Tours,
        Some(k) => ScenarioKind::parse(k).unwrap_or_else(|| {
            ctx.p.error(
                tf,
                None,
                Some("kind"),
                text!("scenario-unknown-kind", kind = k),
            );
            ScenarioKind::Tours
        }),
    };
    let mut sites = Vec::new();
    let mut programme = None;
    match kind {
        ScenarioKind::Tours => {
            for (key, file) in [
                ("files.sites", &cfg.files.sites),
                ("files.vehicles", &cfg.files.vehicles),
                ("files.clinicians", &cfg.files.clinicians),
            ] {
                if file.is_none() {
                    ctx.p.error(
                        tf,
                        None,
                        Some(key),
                        text!("scenario-file-needed", key = key),
                    );
                }
            }
            if let Some(f) = &cfg.files.sites {
                sites = ctx.sites(f, &bases, &base_index);
            }
        }
        ScenarioKind::ExpertStations => {
            programme = ctx.expert_programme(tf, &cfg, &weekdays, &bases, &base_index, &mut sites);
        }
    }
    let site_index: HashMap<String, usize> = sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let mut vehicles = cfg
        .files
        .vehicles
        .as_deref()
        .map(|f| ctx.vehicles(f, &base_index))
        .unwrap_or_default();
    let mut clinicians = cfg
        .files
        .clinicians
        .as_deref()
        .map(|f| {
            ctx.clinicians(
                f,
                &base_index,
                &weekdays,
                altitude.max_high_nights_per_month,
            )
        })
        .unwrap_or_default();
    let lodgings = cfg
        .files
        .lodgings
        .as_deref()
        .map(|f| ctx.lodgings(f))
        .unwrap_or_default();
    let lodging_index: HashMap<String, usize> = lodgings
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.clone(), i))
        .collect();
    let default_req = (
        default_period,
        cfg.requirements.visits.max(0) as u32,
        cfg.requirements.min_spacing_days.max(0) as u32,
    );
    let requirements = if kind != ScenarioKind::Tours {
        vec![]
    } else {
        ctx.requirements(
            cfg.files.requirements.as_deref(),
            &sites,
            &site_index,
            default_req,
        )
    };
    if let Some(f) = &cfg.files.leave {
        ctx.leave(f, &mut vehicles, &mut clinicians);
    }
    let (closures, lodging_closures) = cfg
        .files
        .closures
        .as_deref()
        .map(|f| ctx.closures(f, &site_index, &lodging_index))
        .unwrap_or_default();
    let measured = t
        .matrix
        .as_deref()
        .map(|f| ctx.matrix(f, &base_index, &site_index, bases.len()))
        .unwrap_or_default();
    let mut crew: Vec<(String, u32)> = cfg
        .crew
        .iter()
        .map(|(r, n)| {
            let alternatives: Vec<String> = r
                .split('|')
                .map(|x| x.trim().to_ascii_lowercase())
                .collect();
            (alternatives.join("|"), *n)
        })
        .collect();
    crew.sort();

    let scenario = Scenario {
        name: cfg.name.clone(),
        description: cfg.description.clone(),
        language,
        horizon: horizon.clone(),
        weekdays,
        day_start_minutes: day_start,
        working_minutes,
        crew,
        objective: Objective {
            unmet_visit_penalty: o.unmet_visit_penalty,
            population_scale: o.population_scale,
        },
        travel: TravelSettings {
            model,
            circuity: t.circuity,
            speed_plain_kmh: t.speed_kmh.plain,
            speed_hill_kmh: t.speed_kmh.hill,
            speed_mountain_kmh: t.speed_kmh.mountain,
            speed_track_kmh: t.speed_kmh.track,
            altitude_speed: t.altitude_speed.clone(),
            measured,
        },
        solver: SolverSettings {
            time_limit_seconds: s.time_limit_seconds,
            mip_gap: s.mip_gap,
            effort: s.effort,
        },
        bases,
        sites,
        vehicles,
        clinicians,
        clearance_above_m: cfg.altitude.clearance_above_m,
        altitude,
        trips,
        lodgings,
        teams: vec![],
        requirements,
        closures,
        lodging_closures,
        warnings: Vec::new(),
        inputs: Vec::new(),
        replan: cfg.replan.clone(),
        kind,
        experts: programme,
    };
    let mut scenario = scenario;
    if let Some(f) = &cfg.files.teams {
        scenario.teams = ctx.teams(f, &scenario);
    }
    if !ctx.p.has_errors() {
        if let Err(e) = check_weights(&scenario) {
            ctx.p.error(tf, None, Some("objective.population_scale"), e);
        }
    }
    ctx.cross_checks(&scenario);
    scenario.inputs = std::mem::take(&mut ctx.inputs);
    Some(scenario)
}

/// The SHA-256 of `bytes`, in lowercase hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

struct Ctx<'a> {
    source: &'a Source,
    p: &'a mut Problems,
    horizon: &'a Horizon,
    /// Every id seen so far, with where, to report duplicates.
    ids: HashMap<String, (String, u64)>,
    /// Files read, by relative path, with their SHA-256.
    inputs: Vec<(String, String)>,
    /// The station-teams table as shown in messages, and the line of each station's team.
    team_lines: (String, HashMap<usize, u64>),
}

impl Ctx<'_> {
    fn table(&mut self, rel: &str, required: &[&str], known: &[&str]) -> Option<Table> {
        let file = self.source.display(rel);
        let text = match self.source.read(rel) {
            Ok((t, gbk)) => {
                if gbk {
                    self.p
                        .warning(&file, None, None, text!("scenario-read-as-gbk"));
                }
                t
            }
            Err(e) => {
                self.p.error(&file, None, None, e);
                return None;
            }
        };
        self.inputs
            .push((rel.to_string(), sha256_hex(text.as_bytes())));
        let table = Table::parse(&file, &text, self.p)?;
        table.check_columns(known, self.p);
        table.require_columns(required, self.p).then_some(table)
    }

    fn unique_id(&mut self, file: &str, line: u64, id: &str) -> bool {
        if let Some((f, l)) = self.ids.get(id) {
            self.p.error(
                file,
                Some(line),
                Some("id"),
                text!("scenario-duplicate-id", id = id, file = f, line = *l),
            );
            return false;
        }
        self.ids.insert(id.to_string(), (file.to_string(), line));
        true
    }

    fn coordinates(&mut self, row: &table::Row, file: &str) -> Option<(f64, f64)> {
        let lat = row.required_number("lat", -90.0, 90.0, self.p);
        let lon = row.required_number("lon", -180.0, 180.0, self.p);
        let _ = file;
        Some((lat?, lon?))
    }

    fn terrain(&mut self, row: &table::Row) -> Terrain {
        match row.get("terrain") {
            None => Terrain::Plain,
            Some(t) => Terrain::parse(t).unwrap_or_else(|| {
                row.error(
                    self.p,
                    "terrain",
                    text!("scenario-not-a-terrain", value = t),
                );
                Terrain::Plain
            }),
        }
    }

    /// Checks that need the whole scenario: parts that can never be served become warnings.
    fn cross_checks(&mut self, s: &Scenario) {
        // A scenario with errors is refused; its parts may stand in for bad rows.
        if self.p.has_errors() {
            return;
        }
        if s.kind == ScenarioKind::ExpertStations {
            self.expert_cross_checks(s);
            return;
        }
        for (i, b) in s.bases.iter().enumerate() {
            if !s.vehicles.iter().any(|v| v.base == i) && s.sites.iter().any(|x| x.base == i) {
                self.p.warning(
                    &self.source.display("bases.csv"),
                    None,
                    Some("id"),
                    text!("scenario-base-no-vehicle", base = &b.id),
                );
            }
        }
        // A crew role that no clinician fills (a misspelt role, say) leaves every tour unstaffed.
        for (role, n) in s.crew.iter().filter(|(_, n)| *n > 0) {
            if !s.clinicians.iter().any(|c| fills_role(role, &c.role)) {
                let mut roles: Vec<&str> = s.clinicians.iter().map(|c| c.role.as_str()).collect();
                roles.sort_unstable();
                roles.dedup();
                self.p.warning(
                    &self.source.toml_name(),
                    None,
                    Some("crew"),
                    text!(
                        "scenario-role-unfilled",
                        count = *n,
                        role = role,
                        roles = roles.join(", "),
                    ),
                );
            }
        }
        for r in &s.requirements {
            let site = &s.sites[r.site];
            // A requirement from the scenario's default takes its service time from the site's
            // row, so that row is where a planner fixes it.
            let (file, line) = r
                .origin
                .clone()
                .or_else(|| self.ids.get(&site.id).cloned())
                .unwrap_or_else(|| (self.source.toml_name(), 0));
            let line = (line > 0).then_some(line);
            if r.service_minutes > s.working_minutes {
                self.p.warning(
                    &file,
                    line,
                    Some("service_minutes"),
                    text!(
                        "scenario-service-too-long",
                        site = &site.id,
                        minutes = r.service_minutes,
                        working = s.working_minutes,
                    ),
                );
            }
            if let Some(k) = &r.specialty {
                if !s
                    .clinicians
                    .iter()
                    .any(|c| c.base == site.base && c.specialties.contains(k))
                {
                    self.p.warning(
                        &file,
                        line,
                        Some("specialty"),
                        text!(
                            "scenario-specialist-missing",
                            site = &site.id,
                            specialty = k,
                            base = &s.bases[site.base].id,
                        ),
                    );
                }
            }
        }
    }
}

fn nearest_base(bases: &[Base], lat: f64, lon: f64) -> Option<usize> {
    use geo::{Distance, Haversine, Point};
    let p = Point::new(lon, lat);
    bases
        .iter()
        .enumerate()
        .map(|(i, b)| (i, Haversine::distance(p, Point::new(b.lon, b.lat))))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}
