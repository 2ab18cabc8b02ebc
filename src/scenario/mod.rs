//! The input format: a TOML file naming CSV tables. Reading checks every cell and reports all problems
//! at once (file, line, field); the result is a `Scenario` whose references are resolved to indices.

pub mod bundled;
mod config;
pub mod error;
pub mod experts;
mod read;
mod table;
pub mod workbook;

pub use config::ReplanToml;

pub use error::{Problem, ScenarioError, Severity};
pub use experts::{ExpertProgramme, ScenarioKind};
pub(crate) use read::decode as decode_table;
pub use read::{language_of, load, load_dir, Source};

use crate::calendar::{Horizon, PeriodKind};
use chrono::{NaiveDate, Weekday};
use serde::Serialize;

/// How fast roads are near a place: a leg goes at the speed of its slower end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Terrain {
    Plain,
    Hill,
    Mountain,
    /// Unpaved tracks to summer pastures and camps.
    Track,
}

impl Terrain {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "plain" => Some(Terrain::Plain),
            "hill" => Some(Terrain::Hill),
            "mountain" => Some(Terrain::Mountain),
            "track" => Some(Terrain::Track),
            _ => None,
        }
    }
}

pub type DateRange = (NaiveDate, NaiveDate);

#[derive(Clone, Debug)]
pub struct Base {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub terrain: Terrain,
    /// Metres above sea level (0 when not given).
    pub altitude_m: f64,
}

#[derive(Clone, Debug)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    /// Index into `Scenario::bases` of the base that serves the site.
    pub base: usize,
    pub population: f64,
    pub priority: f64,
    pub service_minutes: f64,
    pub terrain: Terrain,
    /// Date windows when the site can be visited; empty = always.
    pub windows: Vec<DateRange>,
    pub kind: String,
    pub notes: String,
    /// Metres above sea level (0 when not given).
    pub altitude_m: f64,
    /// Medicines and supplies one visit uses, in kg.
    pub load_kg: f64,
}

#[derive(Clone, Debug)]
pub struct Vehicle {
    pub id: String,
    pub name: String,
    pub base: usize,
    pub seats: u32,
    pub max_drive_minutes: f64,
    pub cost_per_km: f64,
    pub cost_per_day: f64,
    /// Most it can carry, in kg (infinite when not given).
    pub max_load_kg: f64,
    /// Maintenance ranges from leave.csv.
    pub unavailable: Vec<DateRange>,
}

#[derive(Clone, Debug)]
pub struct Clinician {
    pub id: String,
    pub name: String,
    pub base: usize,
    pub role: String,
    pub specialties: Vec<String>,
    pub working_days: Vec<Weekday>,
    pub max_days_per_week: u32,
    pub max_consecutive_days: u32,
    pub max_days_per_month: u32,
    pub leave: Vec<DateRange>,
    /// Cleared by a doctor for work at high altitude.
    pub altitude_cleared: bool,
    /// Most nights a month this clinician may sleep above `AltitudeRules::high_night_above_m`.
    pub max_high_nights_per_month: u32,
}

/// Where a multi-day tour may spend the night: a township health centre, a village clinic, a camp.
#[derive(Clone, Debug)]
pub struct Lodging {
    pub id: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub altitude_m: f64,
    /// Beds for crews and drivers on one night.
    pub beds: u32,
    pub kind: String,
    pub terrain: Terrain,
    /// Date windows when it is open; empty = always.
    pub windows: Vec<DateRange>,
}

/// A fixed team: its clinicians travel together in one vehicle for whole trips.
#[derive(Clone, Debug)]
pub struct Team {
    pub id: String,
    pub name: String,
    pub vehicle: usize,
    pub members: Vec<usize>,
}

/// How long tours may be, and what a night away costs.
#[derive(Clone, Debug)]
pub struct TripRules {
    /// Longest tour in days (1 = day routes only).
    pub max_days: u32,
    /// Cost of one person-night away from base.
    pub night_cost: f64,
    /// Beds a vehicle's driver takes at a lodging, beside the crew.
    pub driver_beds: u32,
}

/// Ascent rules for sleeping altitude (mountain-medicine guidance) and the monthly cap on high nights.
#[derive(Clone, Debug)]
pub struct AltitudeRules {
    /// The rules count sleeping altitudes from here up (below it, altitude is taken as this).
    pub rules_above_m: f64,
    pub max_gain_per_night_m: f64,
    /// After this much gain, a night with no gain (a rest day) before the next gain.
    pub rest_after_gain_m: f64,
    /// Nights above this altitude count toward each clinician's monthly cap.
    pub high_night_above_m: f64,
    pub max_high_nights_per_month: u32,
}

impl Default for TripRules {
    fn default() -> Self {
        TripRules {
            max_days: 1,
            night_cost: 0.0,
            driver_beds: 1,
        }
    }
}

impl Default for AltitudeRules {
    fn default() -> Self {
        AltitudeRules {
            rules_above_m: 3000.0,
            max_gain_per_night_m: 500.0,
            rest_after_gain_m: 1000.0,
            high_night_above_m: 4500.0,
            max_high_nights_per_month: 14,
        }
    }
}

impl AltitudeRules {
    /// Why a sequence of sleeping altitudes (base, nights…, base) breaks the ascent rules: for each
    /// offending night (1-based), `altitude-gain` or `altitude-rest-day` and a message.
    pub fn ascent_problems(&self, sleeps: &[f64]) -> Vec<(usize, &'static str, crate::lang::Text)> {
        let mut out = Vec::new();
        let e = |h: f64| h.max(self.rules_above_m);
        let mut since_rest = 0.0;
        for i in 1..sleeps.len() {
            let gain = e(sleeps[i]) - e(sleeps[i - 1]);
            if gain > self.max_gain_per_night_m + 1e-6 {
                out.push((
                    i,
                    "altitude-gain",
                    crate::text!(
                        "check-ascent-gain",
                        night = i,
                        gain = format!("{gain:.0}"),
                        max_gain = format!("{:.0}", self.max_gain_per_night_m),
                        above = format!("{:.0}", self.rules_above_m)
                    ),
                ));
            }
            if gain > 1e-6 && since_rest >= self.rest_after_gain_m - 1e-6 {
                out.push((
                    i,
                    "altitude-rest-day",
                    crate::text!(
                        "check-ascent-rest",
                        night = i,
                        gain = format!("{gain:.0}"),
                        since = format!("{since_rest:.0}"),
                        every = format!("{:.0}", self.rest_after_gain_m)
                    ),
                ));
            }
            if gain <= 1e-6 {
                since_rest = 0.0;
            } else {
                since_rest += gain;
            }
        }
        out
    }
}

/// A visit requirement of one site: `visits` days on site per period, with a minimum spacing.
#[derive(Clone, Debug)]
pub struct Requirement {
    pub site: usize,
    pub specialty: Option<String>,
    pub period: PeriodKind,
    pub visits: u32,
    pub min_spacing_days: u32,
    pub service_minutes: f64,
    /// Where it was written (file and line), for messages; `None` for the scenario's default.
    pub origin: Option<(String, u64)>,
}

#[derive(Clone, Debug)]
pub struct Closure {
    pub site: usize,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: String,
}

#[derive(Clone, Debug)]
pub enum TravelModel {
    Geo,
    Matrix,
}

#[derive(Clone, Debug)]
pub struct TravelSettings {
    pub model: TravelModel,
    pub circuity: f64,
    pub speed_plain_kmh: f64,
    pub speed_hill_kmh: f64,
    pub speed_mountain_kmh: f64,
    pub speed_track_kmh: f64,
    /// `(from metres, speed factor)`, ascending: a leg whose higher end lies at or above a band's
    /// altitude is driven at that factor of its terrain speed (thin air, rough high roads).
    pub altitude_speed: Vec<(f64, f64)>,
    /// Measured legs: (from location, to location, km, minutes); locations are bases then sites.
    pub measured: Vec<(usize, usize, f64, f64)>,
}

#[derive(Clone, Debug)]
pub struct Objective {
    pub unmet_visit_penalty: f64,
    pub population_scale: f64,
}

#[derive(Clone, Debug)]
pub struct SolverSettings {
    /// A hard cap on the whole run; work limits, set by `effort`, decide the plan.
    pub time_limit_seconds: f64,
    pub mip_gap: f64,
    pub effort: Effort,
}

/// How much work a plan does: rounds, steps and branch-and-bound nodes, never seconds, so that the
/// same scenario gives the same plan on any machine.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Effort {
    Quick,
    #[default]
    Normal,
    Thorough,
}

impl Effort {
    pub const NAMES: [&'static str; 3] = ["quick", "normal", "thorough"];

    pub fn name(self) -> &'static str {
        match self {
            Effort::Quick => "quick",
            Effort::Normal => "normal",
            Effort::Thorough => "thorough",
        }
    }
}

impl std::str::FromStr for Effort {
    type Err = String;

    fn from_str(s: &str) -> Result<Effort, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "quick" => Ok(Effort::Quick),
            "normal" => Ok(Effort::Normal),
            "thorough" => Ok(Effort::Thorough),
            other => Err(format!(
                "unknown effort `{other}`: use quick, normal or thorough"
            )),
        }
    }
}

impl std::fmt::Display for Effort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Debug)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// The planners' language, from the `language` key (None: not said).
    pub language: Option<crate::lang::Lang>,
    pub horizon: Horizon,
    pub weekdays: Vec<Weekday>,
    pub day_start_minutes: u32,
    pub working_minutes: f64,
    /// Crew slots of every tour by role, sorted by role name.
    pub crew: Vec<(String, u32)>,
    pub objective: Objective,
    pub travel: TravelSettings,
    pub solver: SolverSettings,
    pub bases: Vec<Base>,
    pub sites: Vec<Site>,
    pub vehicles: Vec<Vehicle>,
    pub clinicians: Vec<Clinician>,
    /// A tour to a site above this altitude (m) takes only altitude-cleared clinicians.
    pub clearance_above_m: Option<f64>,
    pub altitude: AltitudeRules,
    pub trips: TripRules,
    /// Places to sleep on multi-day tours (empty: day routes only).
    pub lodgings: Vec<Lodging>,
    /// Fixed teams (empty: crews are put together per tour-day).
    pub teams: Vec<Team>,
    pub requirements: Vec<Requirement>,
    pub closures: Vec<Closure>,
    /// Closures of lodgings (`Closure::site` indexes `lodgings` here).
    pub lodging_closures: Vec<Closure>,
    /// Warnings found while reading (parts that cannot be served).
    pub warnings: Vec<Problem>,
    /// The files the scenario was read from, by path relative to its `scenario.toml`, with the
    /// SHA-256 of each: what a sweep or a schedule was made from.
    pub inputs: Vec<(String, String)>,
    /// Weights of change for `outreach replan` (`[replan]`).
    pub replan: config::ReplanToml,
    /// What the scenario plans: day tours, or an expert-station rota.
    pub kind: ScenarioKind,
    /// The expert-station programme (`kind = "expert-stations"`); its stations are `sites`.
    pub experts: Option<ExpertProgramme>,
}

/// Whether a clinician of `role` may fill a crew slot named `slot`. A slot may name alternatives
/// separated by `|`, e.g. `pharmacist|lab technician`: either can fill it.
pub fn fills_role(slot: &str, role: &str) -> bool {
    slot.split('|').any(|r| r.trim() == role)
}

impl Scenario {
    /// Whether a tour through this site needs an altitude-cleared crew.
    pub fn needs_clearance(&self, site: usize) -> bool {
        self.clearance_above_m
            .is_some_and(|limit| self.sites[site].altitude_m > limit)
    }

    /// Location index of a base in travel matrices (bases first, then sites).
    pub fn base_location(&self, base: usize) -> usize {
        base
    }

    pub fn site_location(&self, site: usize) -> usize {
        self.bases.len() + site
    }

    pub fn lodging_location(&self, lodging: usize) -> usize {
        self.bases.len() + self.sites.len() + lodging
    }

    /// Places in travel matrices: bases, then sites, then lodgings.
    pub fn locations(&self) -> usize {
        self.bases.len() + self.sites.len() + self.lodgings.len()
    }

    /// People who sleep away from base with a team: its members and the drivers.
    pub fn team_persons(&self, team: usize) -> u32 {
        self.teams[team].members.len() as u32 + self.trips.driver_beds
    }

    /// What one night away costs a team.
    pub fn trip_night_cost(&self, team: usize) -> f64 {
        self.team_persons(team) as f64 * self.trips.night_cost
    }

    /// Whether plans are made of multi-day trips by fixed teams.
    pub fn team_mode(&self) -> bool {
        !self.teams.is_empty()
    }

    /// Is the lodging open for the night of this date (inside its windows, no closure)?
    pub fn lodging_open(&self, lodging: usize, date: NaiveDate) -> bool {
        let l = &self.lodgings[lodging];
        let in_window =
            l.windows.is_empty() || l.windows.iter().any(|&(a, b)| a <= date && date <= b);
        in_window
            && !self
                .lodging_closures
                .iter()
                .any(|c| c.site == lodging && c.from <= date && date <= c.to)
    }

    /// Sleeping altitude at a place a day ends: the base (`None`) or a lodging.
    pub fn sleep_altitude(&self, base: usize, lodging: Option<usize>) -> f64 {
        lodging.map_or(self.bases[base].altitude_m, |l| self.lodgings[l].altitude_m)
    }

    /// Is the site open on this date (inside its windows, no closure)?
    pub fn site_open(&self, site: usize, date: NaiveDate) -> bool {
        let s = &self.sites[site];
        let in_window =
            s.windows.is_empty() || s.windows.iter().any(|&(a, b)| a <= date && date <= b);
        in_window && self.closure_on(site, date).is_none()
    }

    pub fn closure_on(&self, site: usize, date: NaiveDate) -> Option<&Closure> {
        self.closures
            .iter()
            .find(|c| c.site == site && c.from <= date && date <= c.to)
    }

    pub fn vehicle_available(&self, vehicle: usize, day: usize) -> bool {
        let date = self.horizon.date(day);
        self.horizon.working[day]
            && !self.vehicles[vehicle]
                .unavailable
                .iter()
                .any(|&(a, b)| a <= date && date <= b)
    }

    pub fn clinician_available(&self, clinician: usize, day: usize) -> bool {
        let c = &self.clinicians[clinician];
        let date = self.horizon.date(day);
        use chrono::Datelike;
        self.horizon.working[day]
            && c.working_days.contains(&date.weekday())
            && !c.leave.iter().any(|&(a, b)| a <= date && date <= b)
    }

    /// Cost weight of one missed visit of a site.
    pub fn unmet_penalty(&self, site: usize) -> f64 {
        let s = &self.sites[site];
        self.objective.unmet_visit_penalty
            * s.priority
            * (1.0 + s.population / self.objective.population_scale)
    }
}

/// Least time limit a plan accepts: reading, travel and the first whole plan need about a second.
pub const MIN_TIME_LIMIT_SECONDS: f64 = 1.0;

/// Checks a time limit (the hard cap of a run); any finite number of seconds from 1 up is one,
/// and `inf` means no cap.
pub fn check_time_limit(seconds: f64) -> Result<f64, crate::lang::Text> {
    if seconds.is_nan() || seconds < MIN_TIME_LIMIT_SECONDS {
        return Err(crate::text!(
            "scenario-time-limit",
            least = MIN_TIME_LIMIT_SECONDS,
            seconds = seconds,
        ));
    }
    Ok(seconds)
}

/// The largest weight of one missed visit that HiGHS weighs reliably beside costs of a few hundred
/// yuan; past it the LP ends with an unknown status.
pub const MAX_VISIT_WEIGHT: f64 = 1e10;

/// Checks that the heaviest missed visit, `penalty × (1 + population / population_scale)` over the
/// sites, stays within `MAX_VISIT_WEIGHT`; the message says how to bring it back.
pub fn check_weights(s: &Scenario) -> Result<(), crate::lang::Text> {
    let o = &s.objective;
    let heaviest = s.sites.iter().map(|x| x.population).fold(0.0, f64::max);
    let weight = o.unmet_visit_penalty * (1.0 + heaviest / o.population_scale);
    if weight.is_finite() && weight <= MAX_VISIT_WEIGHT {
        return Ok(());
    }
    // Fluent writes no scientific notation, so the weight comes as words, like the 1e10 beside it.
    Err(crate::text!(
        "scenario-weights",
        people = heaviest,
        weight = format!("{weight:.3e}"),
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_slot_may_name_alternative_roles() {
        assert!(super::fills_role("doctor", "doctor"));
        assert!(super::fills_role(
            "pharmacist|lab technician",
            "lab technician"
        ));
        assert!(!super::fills_role("pharmacist|lab technician", "nurse"));
    }
}
