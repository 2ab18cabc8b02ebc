//! The expert-station programme (`kind = "expert-stations"`): experts travel from their hospital
//! (a base) to one township station (a site) on regular days. Read from `[experts]` and the
//! `experts`, `stations` and `station_teams` tables by `read/experts.rs`; planned by `plan/rota.rs`.

use super::DateRange;
use chrono::{NaiveDate, Weekday};
use std::collections::BTreeMap;

/// What a scenario plans: day tours of vehicles (the default) or an expert-station rota.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ScenarioKind {
    #[default]
    Tours,
    ExpertStations,
}

impl ScenarioKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "tours" => Some(ScenarioKind::Tours),
            "expert-stations" => Some(ScenarioKind::ExpertStations),
            _ => None,
        }
    }
}

/// An expert doctor: works at a hospital (`Scenario::bases`) in one department, holds their own
/// clinic there on `clinic_days`, and may serve a station that needs one of their specialties.
#[derive(Clone, Debug)]
pub struct Expert {
    pub id: String,
    pub name: String,
    pub hospital: usize,
    pub department: String,
    /// One or more, lower case; the first is the expert's main specialty.
    pub specialties: Vec<String>,
    /// Weekdays of the expert's own clinic at the hospital: never away then.
    pub clinic_days: Vec<Weekday>,
    /// Whether the expert may lead a station (a chief or associate chief physician).
    pub can_lead: bool,
    pub leave: Vec<DateRange>,
}

/// A township station: a site (`Scenario::sites`, for its place and travel) with the specialties
/// it needs and the weekdays it is open to an expert clinic.
#[derive(Clone, Debug)]
pub struct Station {
    pub site: usize,
    pub specialties: Vec<String>,
    pub open_days: Vec<Weekday>,
}

/// A station's team: its lead expert and the members; each expert is in at most one team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StationTeam {
    pub station: usize,
    pub lead: usize,
    pub members: Vec<usize>,
}

impl StationTeam {
    /// The lead, then the members.
    pub fn experts(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.lead).chain(self.members.iter().copied())
    }
}

/// How an expert's days fall in a regular rota: on one weekday every week, or every other week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Regularity {
    Week,
    Fortnight,
}

/// The rules of the rota (`[experts]` in scenario.toml).
#[derive(Clone, Debug)]
pub struct RotaRules {
    /// Least days a month a lead expert is at their station (the sources: ≥ 3).
    pub lead_days_per_month: u32,
    /// Least days a month a team member is at their station.
    pub member_days_per_month: u32,
    /// Most days a month any expert is away at their station.
    pub max_days_per_month: u32,
    /// Most experts of one department of one hospital away at stations on one day.
    pub max_away_per_department: u32,
    /// Longest one-way trip from hospital to station, in minutes.
    pub max_travel_minutes: f64,
    /// Least experts in a team, the lead included, when the planner puts teams together.
    pub team_size: u32,
    pub regularity: Regularity,
    /// What a day off the expert's regular weekday costs.
    pub irregular_day_cost: f64,
    /// What a day below an expert's monthly minimum costs (coverage first).
    pub unmet_day_penalty: f64,
    /// What one minute of one-way travel costs per day (so near experts are preferred).
    pub travel_minute_cost: f64,
}

impl Default for RotaRules {
    fn default() -> Self {
        RotaRules {
            lead_days_per_month: 3,
            member_days_per_month: 2,
            max_days_per_month: 8,
            max_away_per_department: 2,
            max_travel_minutes: 90.0,
            team_size: 3,
            regularity: Regularity::Week,
            irregular_day_cost: 50.0,
            unmet_day_penalty: 10_000.0,
            travel_minute_cost: 1.0,
        }
    }
}

/// The whole programme: experts, stations, the teams if the scenario fixes them, and the rules.
#[derive(Clone, Debug)]
pub struct ExpertProgramme {
    pub experts: Vec<Expert>,
    pub stations: Vec<Station>,
    /// `None`: the teams are open, and the planner puts them together.
    pub teams: Option<Vec<StationTeam>>,
    pub rules: RotaRules,
    /// Departments whose cap is not `rules.max_away_per_department`, by (hospital, department)
    /// (the `departments` table).
    pub department_caps: BTreeMap<(usize, String), u32>,
}

impl ExpertProgramme {
    /// Least days a month for an expert in a role.
    pub fn min_days(&self, lead: bool) -> u32 {
        if lead {
            self.rules.lead_days_per_month
        } else {
            self.rules.member_days_per_month
        }
    }

    /// Most experts of a hospital department away at stations on one day: the department's own
    /// cap when the `departments` table gives one, else the rule's.
    pub fn department_cap(&self, hospital: usize, department: &str) -> u32 {
        self.department_caps
            .get(&(hospital, department.to_string()))
            .copied()
            .unwrap_or(self.rules.max_away_per_department)
    }

    /// The cap of an expert's department.
    pub fn cap_of(&self, expert: usize) -> u32 {
        let e = &self.experts[expert];
        self.department_cap(e.hospital, &e.department)
    }

    /// Whether an expert is free to be at a station on a date that is a working day of the
    /// horizon: not their clinic day, not on leave, and the station open.
    pub fn free(&self, expert: usize, station: usize, date: NaiveDate) -> bool {
        use chrono::Datelike;
        let e = &self.experts[expert];
        let w = date.weekday();
        !e.clinic_days.contains(&w)
            && self.stations[station].open_days.contains(&w)
            && !e.leave.iter().any(|&(a, b)| a <= date && date <= b)
    }

    /// Whether one of an expert's specialties is one the station needs.
    pub fn matches(&self, expert: usize, station: usize) -> bool {
        let needs = &self.stations[station].specialties;
        self.experts[expert]
            .specialties
            .iter()
            .any(|k| needs.contains(k))
    }

    /// Whether an expert brings a specialty.
    pub fn has_specialty(&self, expert: usize, specialty: &str) -> bool {
        self.experts[expert]
            .specialties
            .iter()
            .any(|k| k == specialty)
    }
}
