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
mod settings;
mod source;
mod visits;

use settings::{settings, Settings};
pub(crate) use source::decode;

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

    let Settings {
        start,
        days,
        weekdays,
        holidays,
        day_start,
        working_minutes,
        default_period,
        model,
        altitude,
        trips,
    } = settings(&cfg, tf, p);
    let (o, t, s) = (&cfg.objective, &cfg.travel, &cfg.solver);
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
