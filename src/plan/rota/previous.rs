//! Teams that stay a year: the teams of a previous rota (last quarter's `rota.json`) that were
//! formed less than a year before this rota starts are kept when the planner makes the teams,
//! and `check` flags a rota that breaks one up (`team-changed`).

use crate::rota::Rota;
use crate::scenario::experts::StationTeam;
use crate::scenario::Scenario;
use crate::text;
use chrono::{Months, NaiveDate};
use std::collections::HashMap;

/// A team of a previous rota that still binds: its members stay until a year after `since`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptTeam {
    pub team: StationTeam,
    pub since: NaiveDate,
}

impl KeptTeam {
    /// The first day the team may change.
    pub fn until(&self) -> NaiveDate {
        self.since + Months::new(12)
    }
}

/// Why a previous rota cannot be kept; each names the field of the rota.json and the fix.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error("{}", text!("rota-previous-other-scenario", planned = .planned.as_str(), scenario = .scenario.as_str()))]
    OtherScenario { planned: String, scenario: String },
    #[error("{}", text!("rota-previous-not-expert-scenario", name = .0.as_str()))]
    NotExpertScenario(String),
    #[error("{}", text!("rota-previous-unknown-station", index = *.index, station = .station.as_str()))]
    UnknownStation { index: usize, station: String },
    #[error("{}", text!("rota-previous-unknown-expert", index = *.index, field = *.field, expert = .expert.as_str()))]
    UnknownExpert {
        index: usize,
        field: &'static str,
        expert: String,
    },
    #[error("{}", text!("rota-previous-two-teams", index = *.index, field = *.field, expert = .expert.as_str(), other = .other.as_str()))]
    TwoTeams {
        index: usize,
        field: &'static str,
        expert: String,
        other: String,
    },
    #[error("{}", text!("rota-previous-later", start = .previous.to_string(), horizon = .horizon.to_string()))]
    Later {
        previous: NaiveDate,
        horizon: NaiveDate,
    },
}

/// When a team of `previous` was formed: its own `since`, else the previous rota's start, else
/// its first day (a rota.json written before teams carried their date).
fn formed(previous: &Rota, station: &str, own: Option<NaiveDate>) -> Option<NaiveDate> {
    own.or(previous.start).or_else(|| {
        previous
            .days
            .iter()
            .filter(|d| d.station == station)
            .map(|d| d.date)
            .min()
    })
}

/// The teams of `previous` that still bind when `s`'s horizon starts, as indices of `s`.
pub fn kept_teams(s: &Scenario, previous: &Rota) -> Result<Vec<KeptTeam>, PreviousError> {
    let x = s
        .experts
        .as_ref()
        .ok_or_else(|| PreviousError::NotExpertScenario(s.name.clone()))?;
    if previous.scenario != s.name {
        return Err(PreviousError::OtherScenario {
            planned: previous.scenario.clone(),
            scenario: s.name.clone(),
        });
    }
    if let Some(start) = previous.start.filter(|&d| d > s.horizon.start) {
        return Err(PreviousError::Later {
            previous: start,
            horizon: s.horizon.start,
        });
    }
    let station_of: HashMap<&str, usize> = x
        .stations
        .iter()
        .enumerate()
        .map(|(i, st)| (s.sites[st.site].id.as_str(), i))
        .collect();
    let expert_of: HashMap<&str, usize> = x
        .experts
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut taken: HashMap<usize, &str> = HashMap::new();
    let mut out = Vec::new();
    for (index, t) in previous.teams.iter().enumerate() {
        let station =
            *station_of
                .get(t.station.as_str())
                .ok_or_else(|| PreviousError::UnknownStation {
                    index,
                    station: t.station.clone(),
                })?;
        let mut person = |field: &'static str, id: &str| {
            let e = *expert_of
                .get(id)
                .ok_or_else(|| PreviousError::UnknownExpert {
                    index,
                    field,
                    expert: id.to_string(),
                })?;
            if let Some(other) = taken.insert(e, t.station.as_str()) {
                return Err(PreviousError::TwoTeams {
                    index,
                    field,
                    expert: id.to_string(),
                    other: other.to_string(),
                });
            }
            Ok(e)
        };
        let lead = person("lead", &t.lead)?;
        let members = t
            .members
            .iter()
            .map(|m| person("members", m))
            .collect::<Result<Vec<_>, _>>()?;
        // A team with no date that never served: nothing says when it began, so it binds.
        let since = formed(previous, &t.station, t.since).unwrap_or(s.horizon.start);
        let kept = KeptTeam {
            team: StationTeam {
                station,
                lead,
                members,
            },
            since,
        };
        if s.horizon.start < kept.until() {
            out.push(kept);
        }
    }
    Ok(out)
}
