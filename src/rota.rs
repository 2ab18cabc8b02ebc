//! The result of an expert-station plan: the teams, each expert's days at their station, what
//! falls short and why, and the solve's bound and gap. Written as `rota.json` and re-read by
//! `check`, so a hand-edited rota is checked the same way as a planned one.

use crate::lang::{Lang, Text};
use crate::text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const ROTA_VERSION: u32 = 1;

/// A station's team as planned (or as the scenario fixed it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RotaTeam {
    pub station: String,
    pub lead: String,
    pub members: Vec<String>,
    /// When the team was formed (its members stay a year); absent in older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<NaiveDate>,
}

/// One expert on one day at one station.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ExpertDay {
    pub date: NaiveDate,
    pub station: String,
    pub expert: String,
}

/// Why part of the rota falls short, stable across versions (`rota.json` carries it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RotaReason {
    /// Holidays take the days the expert could have come in the month.
    Holidays,
    /// Clinic days at the hospital, leave and the station's closed weekdays leave too few days.
    TooFewDays,
    /// Enough free days, but the department's other experts are away on each of them.
    DepartmentCap,
    /// No expert of the specialty works within the travel limit of the station.
    NoSpecialistInReach,
    /// Specialists are within reach, but all of them serve other stations or cannot lead.
    SpecialistsTaken,
    /// The fixed team has no expert of the specialty (or the station has no team).
    NotInTeam,
    /// The solve's work limit or time cap ended it before this was settled.
    WorkLimit,
}

impl RotaReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RotaReason::Holidays => "holidays",
            RotaReason::TooFewDays => "too-few-days",
            RotaReason::DepartmentCap => "department-cap",
            RotaReason::NoSpecialistInReach => "no-specialist-in-reach",
            RotaReason::SpecialistsTaken => "specialists-taken",
            RotaReason::NotInTeam => "not-in-team",
            RotaReason::WorkLimit => "work-limit",
        }
    }

    pub const ALL: [RotaReason; 7] = [
        RotaReason::Holidays,
        RotaReason::TooFewDays,
        RotaReason::DepartmentCap,
        RotaReason::NoSpecialistInReach,
        RotaReason::SpecialistsTaken,
        RotaReason::NotInTeam,
        RotaReason::WorkLimit,
    ];

    /// The reason in a few words.
    pub fn title(self, lang: Lang) -> String {
        crate::lang::word(lang, "rota-reason", self.as_str())
    }
}

/// An expert below their monthly minimum at their station.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Shortfall {
    pub expert: String,
    pub station: String,
    /// `2027-01`.
    pub month: String,
    pub required: u32,
    pub planned: u32,
    pub code: RotaReason,
    /// The particulars, in the language of the run.
    pub reason: String,
}

/// A specialty a station needs that no expert of its team brings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Uncovered {
    pub station: String,
    pub specialty: String,
    pub code: RotaReason,
    pub reason: String,
}

/// The solve, as day plans report it: objective, the proven bound and gap (of the day program
/// given the teams), the assignment step's own when the planner made the teams, and the joint
/// ones: of teams and days together.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RotaSummary {
    pub objective: f64,
    /// A lower bound on the day program's objective for these teams (proven by HiGHS).
    pub bound: f64,
    /// `(objective − bound) / objective`.
    pub gap: f64,
    /// Whether every part of the day program was solved to its gap.
    pub optimal: bool,
    /// `scenario` (fixed teams) or `planner` (teams put together by the assignment program).
    pub teams_from: String,
    /// The assignment program's objective, bound and gap (planner-made teams only).
    pub assignment_objective: Option<f64>,
    pub assignment_bound: Option<f64>,
    pub assignment_gap: Option<f64>,
    /// The rota's joint objective: the day program's, plus, when the planner made the teams, what
    /// they lack (a missing lead, member or specialty, priced as the assignment prices it).
    #[serde(default)]
    pub joint_objective: f64,
    /// A proven lower bound on the joint objective of any rota of the scenario (with the teams
    /// it fixes or keeps): with teams the planner makes, the assignment program's bound (each
    /// pair priced by its cheapest days alone, the department cap per month); with the
    /// scenario's teams, the day program's.
    #[serde(default)]
    pub joint_bound: f64,
    /// `(joint_objective − joint_bound) / joint_objective`.
    #[serde(default)]
    pub joint_gap: f64,
    /// Teams kept from a previous rota (`outreach plan --previous`).
    #[serde(default)]
    pub kept_teams: u32,
    pub expert_days: u32,
    /// Share of expert-days on the expert's regular weekday.
    pub regular_share: f64,
    /// Separate day programs solved (one per hospital department).
    pub parts: u32,
    /// Whether the time cap (not the work limits) ended a part: then the rota depends on the
    /// machine.
    pub cut_by_time: bool,
    pub solve_seconds: f64,
}

/// The whole rota.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rota {
    pub version: u32,
    /// Tells a rota from a day schedule when a file is read back.
    pub kind: String,
    pub scenario: String,
    /// The first day of the rota's horizon; absent in older files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    pub teams: Vec<RotaTeam>,
    /// Sorted by date, station, expert.
    pub days: Vec<ExpertDay>,
    pub shortfalls: Vec<Shortfall>,
    pub uncovered: Vec<Uncovered>,
    pub summary: RotaSummary,
}

pub const ROTA_KIND: &str = "expert-rota";

impl Rota {
    /// The rota as `rota.json`: pretty, stable key order.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a rota serialises")
    }

    /// Reads `rota.json`; the error says what is wrong in words.
    pub fn from_json(text: &str) -> Result<Rota, Text> {
        let rota: Rota = serde_json::from_str(text)
            .map_err(|e| text!("rota-not-json", error = e.to_string()))?;
        if rota.kind != ROTA_KIND {
            return Err(text!("rota-wrong-kind", kind = &rota.kind));
        }
        Ok(rota)
    }
}
