//! The result: every tour-day with its vehicle, crew and timed stops, what was missed and why, and the
//! plan's KPIs and quality (objective, bound, gap). This is what `schedule.json` holds, and what the
//! checker and the exports read back.

use crate::calendar::format_clock;
use crate::model::Model;
use crate::plan::Plan;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "outreach-schedule";
/// Version 2 adds the trip fields of `TourDay`; a plan without multi-day tours is still written as 1.
pub const VERSION: u32 = 2;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Schedule {
    pub format: String,
    pub version: u32,
    pub scenario: String,
    pub seed: u64,
    /// The scenario's files when the plan was made, each with its SHA-256 (absent in schedules
    /// written before), so that `check` and `export` can say which changed since.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub inputs: std::collections::BTreeMap<String, String>,
    pub summary: Summary,
    pub tours: Vec<TourDay>,
    /// Tour-days of an earlier version of this plan that a re-plan cancelled: calendars mark
    /// their events cancelled instead of leaving them on phones (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cancelled: Vec<TourDay>,
    /// What the last re-plan changed, and why (absent in a plan made from scratch).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

/// One change a re-plan made to a vehicle's or a clinician's days, with the events that caused it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Change {
    pub date: NaiveDate,
    pub base: String,
    pub vehicle: String,
    /// The clinician whose day changed; absent for a change of the vehicle's day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clinician: Option<String>,
    #[serde(rename = "change")]
    pub kind: ChangeKind,
    /// For `vehicle-changed`: the vehicle the tour-day was planned on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_vehicle: Option<String>,
    pub tour: String,
    pub sites: Vec<String>,
    /// The events (or done-file rows) that caused it, as planners write them.
    pub events: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// The tour-day no longer runs; its villages are owed again.
    Cancelled,
    /// A new tour-day, for visits owed again.
    Added,
    /// The tour-day runs as planned with another vehicle.
    VehicleChanged,
    /// A clinician no longer works this tour-day.
    ClinicianOff,
    /// A clinician now works this tour-day.
    ClinicianOn,
    /// Visits of a past tour-day that a done file says were missed (owed again).
    Missed,
}

impl ChangeKind {
    /// The stable code in `changes.csv` and `schedule.json`.
    pub fn code(&self) -> &'static str {
        match self {
            ChangeKind::Cancelled => "cancelled",
            ChangeKind::Added => "added",
            ChangeKind::VehicleChanged => "vehicle-changed",
            ChangeKind::ClinicianOff => "clinician-off",
            ChangeKind::ClinicianOn => "clinician-on",
            ChangeKind::Missed => "missed",
        }
    }
}

impl Change {
    /// The change in words, in `lang`.
    pub fn words(&self, lang: crate::lang::Lang) -> String {
        let what = crate::lang::tr(lang, &format!("replan-change-{}", self.kind.code()));
        match &self.from_vehicle {
            Some(from) => format!("{what} ({from} → {})", self.vehicle),
            None => what,
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub sites: usize,
    pub bases: usize,
    pub vehicles: usize,
    pub clinicians: usize,
    pub days: usize,
    pub working_days: usize,
    pub visits_required: u32,
    pub visits_met: u32,
    /// Stops in the plan (every visit, counted once).
    pub visits_scheduled: u32,
    pub unmet: Vec<Unmet>,
    pub tours: usize,
    pub vehicle_days: usize,
    pub clinician_days: usize,
    pub population_reached: f64,
    pub distance_km: f64,
    pub cost: f64,
    /// Cost plus the penalties of missed visits, as the integer program counts it.
    pub objective: f64,
    /// A lower bound on the objective of every plan, proven by column generation (null when not proven).
    pub bound: Option<f64>,
    /// The MIP's bound over the generated tours only.
    pub pool_bound: f64,
    /// (objective − bound) / objective, with `bound` if proven, else `pool_bound`.
    pub gap: f64,
    /// `bound` or `pool_bound`: which bound `gap` uses.
    pub gap_basis: String,
    /// (objective − pool_bound) / objective: how far the MIPs stopped from their own optimum.
    pub pool_gap: f64,
    pub solve_seconds: f64,
    pub bases_enumerated: usize,
    pub candidate_tours: usize,
    /// The effort whose work limits made the plan.
    #[serde(default)]
    pub effort: crate::scenario::Effort,
    /// Phases the time limit (or Ctrl-C) ended before their work limits, as `base: phase`. Empty
    /// when work limits alone decided the plan; otherwise the plan depends on the machine's speed.
    #[serde(default)]
    pub cut_by_time: Vec<String>,
    /// Ctrl-C (or a stop) ended the run; the plan is the best one it had.
    #[serde(default)]
    pub interrupted: bool,
    /// Runs of days a vehicle or a campaign's team sits idle, with the reason (absent for day
    /// plans and in schedules written before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub idle: Vec<Idle>,
    /// A small campaign's branch-and-price: nodes, cuts, the root's bound and the tree's (absent
    /// where no tree ran).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tree: Option<crate::plan::TreeStats>,
}

/// A run of days a vehicle (and its team, on a campaign) has no tour, and why.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Idle {
    pub vehicle: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub days: u32,
    /// Why, as a stable code (`all-served`, `rest-rule`, …).
    pub code: crate::plan::reason::IdleCode,
    /// Why, in words, in the language of the run that planned it.
    pub reason: String,
    /// The same words as a message of the catalogue, for the other language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<crate::lang::Text>,
}

impl Idle {
    /// Why, in `lang`: the message rendered when the schedule has it, else the words as written.
    pub fn reason_in(&self, lang: crate::lang::Lang) -> String {
        match &self.reason_text {
            Some(t) => t.render(lang),
            None => self.reason.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Unmet {
    pub site: String,
    pub site_name: String,
    pub period: String,
    pub specialty: Option<String>,
    pub required: u32,
    pub missing: u32,
    /// Why, as a stable code (`capacity`, `all-on-leave`, …; `unknown` in schedules written
    /// before codes).
    #[serde(default)]
    pub code: crate::plan::reason::ReasonCode,
    /// Why, in words, in the language of the run that planned it.
    pub reason: String,
    /// The same words as a message of the catalogue, so that another language can render them
    /// (absent in schedules written before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_text: Option<crate::lang::Text>,
}

impl Unmet {
    /// Why, in `lang`: the message rendered when the schedule has it, else the words as written.
    pub fn reason_in(&self, lang: crate::lang::Lang) -> String {
        match &self.reason_text {
            Some(t) => t.render(lang),
            None => self.reason.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TourDay {
    pub id: String,
    pub date: NaiveDate,
    pub base: String,
    pub vehicle: String,
    pub crew: Vec<CrewMember>,
    pub stops: Vec<Stop>,
    pub depart: String,
    #[serde(rename = "return")]
    pub return_time: String,
    pub distance_km: f64,
    pub drive_minutes: f64,
    pub work_minutes: f64,
    /// Supplies for the stops, in kg; left out of the file when the scenario has no loads.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub load_kg: f64,
    /// The multi-day tour (trip) this day belongs to; absent for a day route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trip: Option<String>,
    /// Day of the trip (1-based) and the trip's length in days; 0 for a day route.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub trip_day: u32,
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub trip_days: u32,
    /// The team travelling, for a trip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Where the day starts and ends: a lodging id; absent means the base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// How many times a re-plan changed this tour-day (its calendar events' `SEQUENCE`); 0 and
    /// absent for a tour-day as first planned.
    #[serde(default, skip_serializing_if = "is_zero_u32")]
    pub sequence: u32,
}

impl Schedule {
    /// The scenario's files that differ from those the schedule was planned from (changed, added
    /// or gone), by name; empty when they match or the schedule does not record them.
    pub fn changed_inputs(&self, s: &crate::scenario::Scenario) -> Vec<String> {
        if self.inputs.is_empty() {
            return Vec::new();
        }
        let now: std::collections::BTreeMap<&str, &str> = s
            .inputs
            .iter()
            .map(|(f, h)| (f.as_str(), h.as_str()))
            .collect();
        let mut changed: Vec<String> = self
            .inputs
            .iter()
            .filter(|(f, h)| now.get(f.as_str()) != Some(&h.as_str()))
            .map(|(f, _)| f.clone())
            .collect();
        changed.extend(
            now.keys()
                .filter(|f| !self.inputs.contains_key(**f))
                .map(|f| f.to_string()),
        );
        changed.sort();
        changed
    }
}

impl TourDay {
    /// The crew in one line, as the exports show it: `C01 陈淑珍 (doctor); C04 刘芳 (nurse)`.
    pub fn crew_line(&self) -> String {
        let crew: Vec<String> = self
            .crew
            .iter()
            .map(|c| format!("{} {} ({})", c.clinician, c.name, c.slot))
            .collect();
        crew.join("; ")
    }
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn is_zero_u32(x: &u32) -> bool {
    *x == 0
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct CrewMember {
    pub clinician: String,
    pub name: String,
    /// The slot filled: a role (`doctor`) or `<specialty> specialist`.
    pub slot: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Stop {
    pub seq: u32,
    pub site: String,
    pub site_name: String,
    /// The specialist visit this stop makes, if any (counts toward that requirement).
    pub specialty: Option<String>,
    pub arrival: String,
    pub departure: String,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl Schedule {
    pub fn from_plan(model: &Model, plan: &Plan, seed: u64) -> Schedule {
        let s = model.scenario;
        let mut runs: Vec<&crate::plan::Run> = plan.runs.iter().collect();
        runs.sort_by(|a, b| {
            (a.day, &s.vehicles[a.vehicle].id).cmp(&(b.day, &s.vehicles[b.vehicle].id))
        });
        let mut tours = Vec::new();
        let mut cost = 0.0;
        let mut reached = vec![false; s.sites.len()];
        for (i, r) in runs.iter().enumerate() {
            let comp = &model.components[r.component];
            let v = &s.vehicles[r.vehicle];
            let place = |l: Option<usize>| l.map_or(comp.base_location, |l| s.lodging_location(l));
            let (start, end) = r
                .trip
                .as_ref()
                .map_or((comp.base_location, comp.base_location), |p| {
                    (place(p.from), place(p.to))
                });
            let mut at = start;
            let mut clock = s.day_start_minutes as f64;
            let mut stops = Vec::new();
            for (k, &x) in r.tour.stops.iter().enumerate() {
                let svc = &comp.services[x];
                clock += model.travel.minutes(at, svc.location);
                let arrival = clock;
                clock += svc.service_minutes;
                at = svc.location;
                reached[svc.site] = true;
                stops.push(Stop {
                    seq: k as u32 + 1,
                    site: s.sites[svc.site].id.clone(),
                    site_name: s.sites[svc.site].name.clone(),
                    specialty: svc.specialty.clone(),
                    arrival: format_clock(arrival),
                    departure: format_clock(clock),
                });
            }
            clock += model.travel.minutes(at, end);
            cost += r.tour.km * v.cost_per_km + v.cost_per_day;
            if let Some(p) = r.trip.as_ref().filter(|p| p.to.is_some()) {
                cost += s.trip_night_cost(p.team);
            }
            let crew = r
                .crew
                .iter()
                .map(|(c, kind)| CrewMember {
                    clinician: s.clinicians[*c].id.clone(),
                    name: s.clinicians[*c].name.clone(),
                    slot: kind.label(),
                })
                .collect();
            tours.push(TourDay {
                id: format!("T{:05}", i + 1),
                date: s.horizon.date(r.day),
                base: s.bases[v.base].id.clone(),
                vehicle: v.id.clone(),
                crew,
                stops,
                depart: format_clock(s.day_start_minutes as f64),
                return_time: format_clock(clock),
                distance_km: round2(r.tour.km),
                drive_minutes: round2(r.tour.drive_minutes),
                work_minutes: round2(r.tour.work_minutes),
                load_kg: round2(r.tour.stops.iter().map(|&x| comp.services[x].load_kg).sum()),
                trip: r.trip.as_ref().map(|p| {
                    format!(
                        "{}-{}",
                        s.teams[p.team].id,
                        s.horizon.date(r.day - p.day as usize).format("%Y%m%d")
                    )
                }),
                trip_day: r.trip.as_ref().map_or(0, |p| p.day + 1),
                trip_days: r.trip.as_ref().map_or(0, |p| p.days),
                team: r.trip.as_ref().map(|p| s.teams[p.team].id.clone()),
                from: r
                    .trip
                    .as_ref()
                    .and_then(|p| p.from)
                    .map(|l| s.lodgings[l].id.clone()),
                to: r
                    .trip
                    .as_ref()
                    .and_then(|p| p.to)
                    .map(|l| s.lodgings[l].id.clone()),
                sequence: 0,
            });
        }
        let mut unmet: Vec<Unmet> = plan
            .shortfalls
            .iter()
            .map(|f| {
                let comp = &model.components[f.component];
                let dem = &comp.demands[f.demand];
                let svc = &comp.services[dem.service];
                Unmet {
                    site: s.sites[svc.site].id.clone(),
                    site_name: s.sites[svc.site].name.clone(),
                    period: dem.period.label.clone(),
                    specialty: svc.specialty.clone(),
                    required: dem.required,
                    missing: f.missing,
                    code: f.reason.code,
                    reason: f.reason.words.to_string(),
                    reason_text: Some(f.reason.words.clone()),
                }
            })
            .collect();
        unmet.sort_by(|a, b| {
            (&a.site, &a.period, &a.specialty).cmp(&(&b.site, &b.period, &b.specialty))
        });
        let required: u32 = model
            .components
            .iter()
            .flat_map(|c| &c.demands)
            .map(|d| d.required)
            .sum();
        let missing: u32 = unmet.iter().map(|u| u.missing).sum();
        // The objective of the schedule as written: its cost plus the penalties of what it misses.
        let penalties: f64 = plan
            .shortfalls
            .iter()
            .map(|f| {
                let comp = &model.components[f.component];
                comp.demands[f.demand].penalty * f.missing as f64
            })
            .sum();
        let objective = cost + penalties;
        let pool_bound: f64 = plan.stats.iter().map(|x| x.pool_bound).sum();
        // Costs and penalties are never negative, so 0 bounds every base from below too.
        let bound: Option<f64> = plan.stats.iter().map(|x| x.bound.map(|b| b.max(0.0))).sum();
        let (basis, b) = match bound {
            Some(b) => ("bound", b),
            None => ("pool_bound", pool_bound),
        };
        let gap = if objective.abs() < 1e-9 {
            0.0
        } else {
            ((objective - b) / objective.abs()).max(0.0)
        };
        let mut clinician_days: Vec<(&str, NaiveDate)> = tours
            .iter()
            .flat_map(|t| t.crew.iter().map(move |c| (c.clinician.as_str(), t.date)))
            .collect();
        clinician_days.sort();
        clinician_days.dedup();
        Schedule {
            format: FORMAT.into(),
            version: if tours.iter().any(|t| t.trip.is_some()) {
                VERSION
            } else {
                1
            },
            scenario: s.name.clone(),
            seed,
            inputs: s.inputs.iter().cloned().collect(),
            summary: Summary {
                sites: s.sites.len(),
                bases: s.bases.len(),
                vehicles: s.vehicles.len(),
                clinicians: s.clinicians.len(),
                days: s.horizon.days,
                working_days: s.horizon.working_days().count(),
                visits_required: required,
                visits_met: required - missing.min(required),
                visits_scheduled: tours.iter().map(|t| t.stops.len() as u32).sum(),
                unmet,
                tours: tours.len(),
                vehicle_days: tours.len(),
                clinician_days: clinician_days.len(),
                population_reached: (0..s.sites.len())
                    .filter(|&i| reached[i])
                    .map(|i| s.sites[i].population)
                    .sum(),
                distance_km: round2(tours.iter().map(|t| t.distance_km).sum()),
                cost: round2(cost),
                objective: round2(objective),
                bound: bound.map(round2),
                pool_bound: round2(pool_bound),
                gap: (gap * 1e6).round() / 1e6,
                gap_basis: basis.into(),
                pool_gap: if objective.abs() < 1e-9 {
                    0.0
                } else {
                    (((objective - pool_bound) / objective.abs()).max(0.0) * 1e6).round() / 1e6
                },
                solve_seconds: round2(plan.solve_seconds),
                bases_enumerated: plan.stats.iter().filter(|x| x.enumerated).count(),
                candidate_tours: plan.stats.iter().map(|x| x.pool_tours).sum(),
                effort: plan.effort,
                cut_by_time: plan.cut_by_time.clone(),
                interrupted: plan.interrupted,
                idle: idle_of(model, plan),
                tree: crate::plan::TreeStats::sum(
                    plan.stats.iter().filter_map(|x| x.tree.as_ref()),
                )
                .map(|t| crate::plan::TreeStats {
                    root_bound: round2(t.root_bound),
                    bound: round2(t.bound),
                    ..t
                }),
            },
            tours,
            cancelled: Vec::new(),
            changes: Vec::new(),
        }
    }

    /// Reads a schedule written by `plan` (or edited by hand).
    pub fn from_json(text: &str) -> Result<Schedule, String> {
        // Editors on office PCs save JSON with a byte-order mark.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let s: Schedule = serde_json::from_str(text)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
        if s.format != FORMAT {
            return Err(format!("`format` is `{}`, not `{FORMAT}`", s.format));
        }
        if s.version > VERSION {
            return Err(format!(
                "version {} is newer than this program reads ({VERSION}); update outreach",
                s.version
            ));
        }
        Ok(s)
    }
}

/// The plan's idle runs in the schedule's terms, by vehicle and first day.
fn idle_of(model: &Model, plan: &Plan) -> Vec<Idle> {
    let s = model.scenario;
    let mut idle: Vec<Idle> = plan
        .idle
        .iter()
        .map(|r| Idle {
            vehicle: s.vehicles[r.vehicle].id.clone(),
            team: r.team.map(|g| s.teams[g].id.clone()),
            from: s.horizon.date(r.first_day),
            to: s.horizon.date(r.last_day),
            days: (r.last_day + 1 - r.first_day) as u32,
            code: r.reason.code,
            reason: r.reason.words.to_string(),
            reason_text: Some(r.reason.words.clone()),
        })
        .collect();
    idle.sort_by(|a, b| (&a.vehicle, a.from).cmp(&(&b.vehicle, b.from)));
    idle
}
