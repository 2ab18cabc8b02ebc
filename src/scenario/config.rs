//! The TOML half of a scenario: horizon, rules, objective, travel and solver settings.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioToml {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The planners' language: `zh` or `en` (what `--lang` defaults to).
    pub language: Option<String>,
    pub horizon: HorizonToml,
    #[serde(default)]
    pub day: DayToml,
    #[serde(default = "default_crew")]
    pub crew: BTreeMap<String, u32>,
    #[serde(default)]
    pub requirements: RequirementToml,
    #[serde(default)]
    pub objective: ObjectiveToml,
    #[serde(default)]
    pub travel: TravelToml,
    pub files: FilesToml,
    #[serde(default)]
    pub solver: SolverToml,
    #[serde(default)]
    pub altitude: AltitudeToml,
    #[serde(default)]
    pub tours: ToursToml,
    #[serde(default)]
    pub replan: ReplanToml,
    /// What the scenario plans: `tours` (the default) or `expert-stations`.
    pub kind: Option<String>,
    /// The rules of an expert-station rota (`kind = "expert-stations"`).
    pub experts: Option<ExpertsToml>,
}

/// `[experts]`: the rota's rules; each key left out takes `RotaRules::default()`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertsToml {
    pub lead_days_per_month: Option<i64>,
    pub member_days_per_month: Option<i64>,
    pub max_days_per_month: Option<i64>,
    pub max_away_per_department: Option<i64>,
    pub max_travel_minutes: Option<f64>,
    pub team_size: Option<i64>,
    pub regularity: Option<String>,
    pub irregular_day_cost: Option<f64>,
    pub unmet_day_penalty: Option<f64>,
    pub travel_minute_cost: Option<f64>,
}

/// What a change to a published plan costs when `outreach replan` weighs repairs: a tour-day
/// added, cancelled or moved; a village visit moved to another day or vehicle; a clinician's day
/// changed. `freeze_days`: working days after the replan date that change only when an event forces.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ReplanToml {
    pub tour_day: f64,
    pub village: f64,
    pub clinician_day: f64,
    pub freeze_days: u32,
}

impl Default for ReplanToml {
    fn default() -> Self {
        ReplanToml {
            tour_day: 100.0,
            village: 10.0,
            clinician_day: 5.0,
            freeze_days: 2,
        }
    }
}

/// Multi-day tours (with `files.lodgings` and `files.teams`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ToursToml {
    #[serde(default = "one")]
    pub max_days: i64,
    #[serde(default)]
    pub night_cost: f64,
    #[serde(default = "one")]
    pub driver_beds: i64,
}

impl Default for ToursToml {
    fn default() -> Self {
        ToursToml {
            max_days: 1,
            night_cost: 0.0,
            driver_beds: 1,
        }
    }
}

/// Rules for work at high altitude (defaults from mountain-medicine guidance).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AltitudeToml {
    /// Tours to sites above this altitude (m) take only clinicians with `altitude_cleared`.
    pub clearance_above_m: Option<f64>,
    pub rules_above_m: Option<f64>,
    pub max_gain_per_night_m: Option<f64>,
    pub rest_after_gain_m: Option<f64>,
    pub high_night_above_m: Option<f64>,
    pub max_high_nights_per_month: Option<i64>,
}

fn default_crew() -> BTreeMap<String, u32> {
    BTreeMap::from([("doctor".to_string(), 1), ("nurse".to_string(), 1)])
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HorizonToml {
    pub start: String,
    pub weeks: Option<i64>,
    pub days: Option<i64>,
    #[serde(default = "default_weekdays")]
    pub working_days: Vec<String>,
    #[serde(default)]
    pub holidays: Vec<String>,
}

fn default_weekdays() -> Vec<String> {
    ["Mon", "Tue", "Wed", "Thu", "Fri"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayToml {
    #[serde(default = "default_start")]
    pub start: String,
    #[serde(default = "default_working_minutes")]
    pub working_minutes: f64,
}

fn default_start() -> String {
    "08:00".into()
}
fn default_working_minutes() -> f64 {
    480.0
}

impl Default for DayToml {
    fn default() -> Self {
        DayToml {
            start: default_start(),
            working_minutes: default_working_minutes(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequirementToml {
    #[serde(default = "default_period")]
    pub period: String,
    #[serde(default = "one")]
    pub visits: i64,
    #[serde(default = "default_spacing")]
    pub min_spacing_days: i64,
}

fn default_period() -> String {
    "month".into()
}
fn one() -> i64 {
    1
}
fn default_spacing() -> i64 {
    14
}

impl Default for RequirementToml {
    fn default() -> Self {
        RequirementToml {
            period: default_period(),
            visits: 1,
            min_spacing_days: default_spacing(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveToml {
    #[serde(default = "default_penalty")]
    pub unmet_visit_penalty: f64,
    #[serde(default = "default_population_scale")]
    pub population_scale: f64,
}

fn default_penalty() -> f64 {
    100_000.0
}
fn default_population_scale() -> f64 {
    1000.0
}

impl Default for ObjectiveToml {
    fn default() -> Self {
        ObjectiveToml {
            unmet_visit_penalty: default_penalty(),
            population_scale: default_population_scale(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TravelToml {
    #[serde(default = "default_model")]
    pub model: String,
    #[serde(default = "default_circuity")]
    pub circuity: f64,
    #[serde(default)]
    pub speed_kmh: SpeedToml,
    pub matrix: Option<String>,
    /// `[[from_m, factor], …]`, e.g. `[[4000, 0.9], [4500, 0.85], [5000, 0.8]]`.
    #[serde(default)]
    pub altitude_speed: Vec<(f64, f64)>,
}

fn default_model() -> String {
    "geo".into()
}
fn default_circuity() -> f64 {
    1.3
}

impl Default for TravelToml {
    fn default() -> Self {
        TravelToml {
            model: default_model(),
            circuity: default_circuity(),
            speed_kmh: SpeedToml::default(),
            matrix: None,
            altitude_speed: vec![],
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeedToml {
    #[serde(default = "plain")]
    pub plain: f64,
    #[serde(default = "hill")]
    pub hill: f64,
    #[serde(default = "mountain")]
    pub mountain: f64,
    #[serde(default = "track")]
    pub track: f64,
}

fn track() -> f64 {
    18.0
}

fn plain() -> f64 {
    45.0
}
fn hill() -> f64 {
    32.0
}
fn mountain() -> f64 {
    22.0
}

impl Default for SpeedToml {
    fn default() -> Self {
        SpeedToml {
            plain: plain(),
            hill: hill(),
            mountain: mountain(),
            track: track(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesToml {
    /// Required for day tours; an expert-station scenario's stations become its sites.
    pub sites: Option<String>,
    pub bases: String,
    pub vehicles: Option<String>,
    pub clinicians: Option<String>,
    pub requirements: Option<String>,
    pub leave: Option<String>,
    pub closures: Option<String>,
    pub lodgings: Option<String>,
    pub teams: Option<String>,
    /// Expert stations: the experts, the stations and (when fixed) their teams.
    pub experts: Option<String>,
    pub stations: Option<String>,
    pub station_teams: Option<String>,
    /// Expert stations: a cap per hospital department, overriding `max_away_per_department`.
    pub departments: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SolverToml {
    #[serde(default = "default_time_limit")]
    pub time_limit_seconds: f64,
    #[serde(default = "default_gap")]
    pub mip_gap: f64,
    #[serde(default)]
    pub effort: super::Effort,
}

/// A safety cap, not a budget: long enough that the work limits end a county's plan first.
fn default_time_limit() -> f64 {
    600.0
}
fn default_gap() -> f64 {
    0.01
}

impl Default for SolverToml {
    fn default() -> Self {
        SolverToml {
            time_limit_seconds: default_time_limit(),
            mip_gap: default_gap(),
            effort: super::Effort::default(),
        }
    }
}
