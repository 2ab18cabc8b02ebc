//! Re-planning mid-horizon: keep what is done and published, change as little as possible.
//!
//! Tour-days before the re-plan date are frozen as planned. Later ones stand unless an event
//! breaks them; a broken one is mended in place (another vehicle, another clinician) when the
//! `[replan]` weights say that changes less than cancelling it, else cancelled. The visits the
//! cancelled tour-days made are then owed again and planned by the integer program around
//! everything kept (its visits, vehicles and clinicians' days fixed), never in the published
//! window (`freeze_days` working days from the date) and never at a base no event touched.

pub mod bench;
pub mod changes;
pub mod done;
pub mod events;
mod repair;
mod summary;

use crate::lang::Text;
use crate::plan::fixed::Fixed;
use crate::plan::{Options, PlanError, Progress};
use crate::scenario::Scenario;
use crate::schedule::{Schedule, TourDay};
use crate::text;
use changes::{Change, ChangeKind};
use chrono::NaiveDate;
use events::{Event, Kind};
use repair::{Busy, Fix};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ReplanError {
    /// The schedule, the date or an event does not fit the scenario; nothing is planned.
    #[error("{0}")]
    Input(Text),
    #[error(transparent)]
    Plan(#[from] PlanError),
}

/// A re-planned schedule, the scenario it answers (events applied), and what changed.
pub struct Replanned {
    pub schedule: Schedule,
    pub scenario: Scenario,
    pub changes: Vec<Change>,
    /// Per base id: tour-days the events broke (each must change at least once: the fewest
    /// changed tour-days any plan can have) and tour-days changed (mended, cancelled or added).
    pub per_base: BTreeMap<String, (usize, usize)>,
}

/// What the events do to one tour-day: the labels of the events that break it.
fn causes(s: &Scenario, events: &[Event], t: &TourDay) -> Vec<String> {
    events
        .iter()
        .filter(|e| e.covers(t.date))
        .filter(|e| match &e.kind {
            Kind::VehicleOut(v) => s.vehicles[*v].id == t.vehicle,
            Kind::ClinicianAbsent(c) => t.crew.iter().any(|m| m.clinician == s.clinicians[*c].id),
            Kind::Closure(sites) => t
                .stops
                .iter()
                .any(|x| sites.iter().any(|&i| s.sites[i].id == x.site)),
            Kind::Extra { .. } | Kind::Requirement { .. } => false,
        })
        .map(Event::label)
        .collect()
}

/// Names the first id of `old` the scenario does not know, as an input error.
fn check_ids(s: &Scenario, old: &Schedule) -> Result<(), ReplanError> {
    let vehicles: HashSet<&str> = s.vehicles.iter().map(|v| v.id.as_str()).collect();
    let clinicians: HashSet<&str> = s.clinicians.iter().map(|c| c.id.as_str()).collect();
    let sites: HashSet<&str> = s.sites.iter().map(|x| x.id.as_str()).collect();
    let h = &s.horizon;
    for t in &old.tours {
        let unknown = |field: &str, id: &str| {
            ReplanError::Input(text!(
                "replan-schedule-unknown",
                tour = &t.id,
                field = field,
                id = id
            ))
        };
        if h.day_of(t.date).is_none() {
            return Err(unknown("date", &t.date.to_string()));
        }
        if !vehicles.contains(t.vehicle.as_str()) {
            return Err(unknown("vehicle", &t.vehicle));
        }
        if let Some(c) = t
            .crew
            .iter()
            .find(|c| !clinicians.contains(c.clinician.as_str()))
        {
            return Err(unknown("crew", &c.clinician));
        }
        if let Some(x) = t.stops.iter().find(|x| !sites.contains(x.site.as_str())) {
            return Err(unknown("stops", &x.site));
        }
    }
    Ok(())
}

/// The first horizon day after `freeze` working days from `from`: where new tour-days may begin.
fn first_open_day(s: &Scenario, from: usize, freeze: u32) -> usize {
    let h = &s.horizon;
    let mut left = freeze;
    let mut d = from;
    while d < h.days && left > 0 {
        if h.working[d] {
            left -= 1;
        }
        d += 1;
    }
    d
}

/// Re-plans `old` (planned for `s`) from `from` on, given `events`.
pub fn replan(
    s: &Scenario,
    old: &Schedule,
    from: NaiveDate,
    events: &[Event],
    o: &Options,
    progress: &dyn Progress,
) -> Result<Replanned, ReplanError> {
    replan_done(s, old, from, events, &[], o, progress)
}

/// Re-plans as [`replan`], with the visits a done file says were missed before `from` taken out
/// of the past and owed again.
pub fn replan_done(
    s: &Scenario,
    planned_before: &Schedule,
    from: NaiveDate,
    events: &[Event],
    missed: &[done::Missed],
    o: &Options,
    progress: &dyn Progress,
) -> Result<Replanned, ReplanError> {
    let old = planned_before;
    if old.scenario != s.name {
        return Err(ReplanError::Input(text!(
            "replan-wrong-scenario",
            planned = &old.scenario,
            scenario = &s.name
        )));
    }
    let h = &s.horizon;
    let Some(from_day) = h.day_of(from) else {
        return Err(ReplanError::Input(text!(
            "replan-date-outside",
            date = from.to_string(),
            start = h.start.to_string(),
            end = h.end().to_string()
        )));
    };
    check_ids(s, old)?;
    let mut happened = old.clone();
    let missed_days = done::apply(s, &mut happened, missed);
    let w = &s.replan;
    let bad_weight = [w.tour_day, w.village, w.clinician_day]
        .iter()
        .any(|x| !x.is_finite() || *x < 0.0);
    if bad_weight {
        return Err(ReplanError::Input(text!("replan-bad-weights")));
    }
    let s1 = events::apply(s, events);
    let first_open = first_open_day(s, from_day, w.freeze_days);

    // A trip under way on the date goes on as planned: its team is out there.
    let mut trip_days: HashMap<&str, Vec<NaiveDate>> = HashMap::new();
    for t in &old.tours {
        if let Some(trip) = &t.trip {
            trip_days.entry(trip).or_default().push(t.date);
        }
    }
    let under_way: HashSet<&str> = trip_days
        .iter()
        .filter(|(_, ds)| ds.iter().any(|&d| d < from) && ds.iter().any(|&d| d >= from))
        .map(|(k, _)| *k)
        .collect();
    let frozen =
        |t: &TourDay| t.date < from || t.trip.as_deref().is_some_and(|x| under_way.contains(x));

    let mut tours: Vec<&TourDay> = happened.tours.iter().collect();
    tours.sort_by(|a, b| (a.date, &a.vehicle).cmp(&(b.date, &b.vehicle)));
    // Trips of which any day breaks: every day of it from the date on is planned again.
    let mut broken_trips: HashMap<&str, Vec<String>> = HashMap::new();
    for t in &tours {
        let why = causes(s, events, t);
        if frozen(t) {
            if let Some(e) = why.first() {
                return Err(ReplanError::Input(text!(
                    "replan-event-contradicts-frozen",
                    event = e,
                    tour = &t.id,
                    date = t.date.to_string(),
                    from = from.to_string()
                )));
            }
        } else if let (Some(trip), false) = (&t.trip, why.is_empty()) {
            broken_trips.entry(trip).or_default().extend(why);
        }
    }
    let why_of = |t: &TourDay| -> Vec<String> {
        let mut why = causes(s, events, t);
        if let Some(more) = t.trip.as_deref().and_then(|x| broken_trips.get(x)) {
            why.extend(more.iter().cloned());
        }
        why.sort();
        why.dedup();
        why
    };

    let mut busy = Busy::default();
    let mut held: Vec<TourDay> = Vec::new();
    let mut broken: Vec<(&TourDay, Vec<String>)> = Vec::new();
    for &t in &tours {
        let why = if frozen(t) { Vec::new() } else { why_of(t) };
        if why.is_empty() {
            busy.add(t);
            held.push(t.clone());
        } else {
            broken.push((t, why));
        }
    }
    let mut changes: Vec<Change> = Vec::new();
    let mut cancelled: Vec<TourDay> = old.cancelled.clone();
    let mut owed_by: HashMap<String, BTreeSet<String>> = HashMap::new();
    let mut per_base: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut touched_bases: BTreeSet<String> = BTreeSet::new();
    for (t, source) in &missed_days {
        let now = happened.tours.iter().find(|x| x.id == t.id);
        let gone: Vec<&crate::schedule::Stop> = t
            .stops
            .iter()
            .filter(|x| !now.is_some_and(|n| n.stops.iter().any(|y| y.site == x.site)))
            .collect();
        let mut c = Change::of_tour(t, ChangeKind::Missed, std::slice::from_ref(source));
        c.sites = gone.iter().map(|x| x.site.clone()).collect();
        for x in &gone {
            owed_by
                .entry(x.site.clone())
                .or_default()
                .insert(source.clone());
        }
        changes.push(c);
        touched_bases.insert(t.base.clone());
    }
    for (t, why) in &broken {
        per_base.entry(t.base.clone()).or_default().0 += 1;
        per_base.entry(t.base.clone()).or_default().1 += 1;
        let day = h.day_of(t.date).expect("ids and dates were checked");
        let vehicle_out = events.iter().any(|e| {
            e.covers(t.date)
                && matches!(e.kind, Kind::VehicleOut(v) if s.vehicles[v].id == t.vehicle)
        });
        let absent: Vec<String> = t
            .crew
            .iter()
            .filter(|m| {
                events.iter().any(|e| {
                    e.covers(t.date)
                        && matches!(e.kind, Kind::ClinicianAbsent(c) if s.clinicians[c].id == m.clinician)
                })
            })
            .map(|m| m.clinician.clone())
            .collect();
        let closed = events.iter().any(|e| {
            e.covers(t.date)
                && matches!(&e.kind, Kind::Closure(sites) if t.stops.iter().any(|x| sites.iter().any(|&i| s.sites[i].id == x.site)))
        });
        let mended = repair::mend(&s1, t, day, vehicle_out, &absent, closed, &busy, w);
        let mut gone = (*t).clone();
        gone.sequence += 1;
        match mended {
            Some((mut new, fixes)) => {
                new.sequence = t.sequence + 1;
                for f in &fixes {
                    match f {
                        Fix::Vehicle { old } => {
                            let mut c = Change::of_tour(&new, ChangeKind::VehicleChanged, why);
                            c.from_vehicle = Some(old.clone());
                            changes.push(c);
                        }
                        Fix::Crew { old, new: stand_in } => {
                            let mut off = Change::of_tour(t, ChangeKind::ClinicianOff, why);
                            off.clinician = Some(old.clone());
                            let mut on = Change::of_tour(&new, ChangeKind::ClinicianOn, why);
                            on.clinician = Some(stand_in.clone());
                            changes.extend([off, on]);
                        }
                    }
                }
                busy.add(&new);
                held.push(new);
                // Events of the old UIDs that the mended tour-day no longer takes are cancelled.
                cancelled.push(gone);
            }
            None => {
                touched_bases.insert(t.base.clone());
                changes.push(Change::of_tour(t, ChangeKind::Cancelled, why));
                for m in &t.crew {
                    let mut c = Change::of_tour(t, ChangeKind::ClinicianOff, why);
                    c.clinician = Some(m.clinician.clone());
                    changes.push(c);
                }
                for x in &t.stops {
                    owed_by
                        .entry(x.site.clone())
                        .or_default()
                        .extend(why.iter().cloned());
                }
                cancelled.push(gone);
            }
        }
    }

    // Extra visits are owed at their sites' bases, to the requirement of their specialty (one
    // with no visits of its own where the site has none).
    let mut s2 = s1.clone();
    let mut extra = Vec::new();
    for e in events {
        if let Kind::Requirement { site, .. } = &e.kind {
            touched_bases.insert(s.bases[s.sites[*site].base].id.clone());
            owed_by
                .entry(s.sites[*site].id.clone())
                .or_default()
                .insert(e.label());
        }
        let Kind::Extra { site, specialty } = &e.kind else {
            continue;
        };
        if e.to < from {
            return Err(ReplanError::Input(text!(
                "replan-extra-past",
                event = e.label(),
                from = from.to_string()
            )));
        }
        let base = &s.bases[s.sites[*site].base].id;
        touched_bases.insert(base.clone());
        owed_by
            .entry(s.sites[*site].id.clone())
            .or_default()
            .insert(e.label());
        let requirement = match s2
            .requirements
            .iter()
            .position(|r| r.site == *site && &r.specialty == specialty)
        {
            Some(r) => r,
            None => {
                s2.requirements.push(crate::scenario::Requirement {
                    site: *site,
                    specialty: specialty.clone(),
                    period: crate::calendar::PeriodKind::Horizon,
                    visits: 0,
                    min_spacing_days: 1,
                    service_minutes: s.sites[*site].service_minutes,
                    origin: None,
                });
                s2.requirements.len() - 1
            }
        };
        extra.push(crate::plan::fixed::Extra {
            requirement,
            first_day: h.day_of(e.from).expect("events are inside the horizon"),
            last_day: h.day_of(e.to).expect("events are inside the horizon"),
            label: extra_label(e),
            penalty: s.unmet_penalty(*site),
        });
    }

    // What the plan owes again is planned around everything held.
    let mut fixed = fixed_of(
        &s1,
        s.requirements.len(),
        old,
        &held,
        first_open,
        &touched_bases,
    );
    fixed.extra = extra;
    fixed.change = crate::model::ChangeCost::of_weights(&s.replan);
    let vehicle_ix: HashMap<&str, usize> = s
        .vehicles
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect();
    let clinician_ix: HashMap<&str, usize> = s
        .clinicians
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    for t in held
        .iter()
        .filter(|t| h.day_of(t.date).is_some_and(|d| d >= first_open))
    {
        s2.vehicles[vehicle_ix[t.vehicle.as_str()]]
            .unavailable
            .push((t.date, t.date));
        for m in &t.crew {
            s2.clinicians[clinician_ix[m.clinician.as_str()]]
                .leave
                .push((t.date, t.date));
        }
    }
    let mut o2 = o.clone();
    o2.fixed = Some(Arc::new(fixed));
    let planned = crate::plan::plan(&s2, &o2, progress)?;

    // New tour-days take ids after the old ones; one on a day and vehicle whose tour-day was
    // cancelled takes over its calendar events with a higher SEQUENCE.
    let mut next = old
        .tours
        .iter()
        .chain(&old.cancelled)
        .filter_map(|t| t.id.strip_prefix('T').and_then(|n| n.parse::<usize>().ok()))
        .max()
        .unwrap_or(0);
    let last_sequence: HashMap<(NaiveDate, &str), u32> = cancelled
        .iter()
        .map(|t| ((t.date, t.vehicle.as_str()), t.sequence))
        .collect();
    let mut added = Vec::new();
    let mut added_ids: Vec<String> = Vec::new();
    for t in &planned.tours {
        next += 1;
        let mut new = t.clone();
        new.id = format!("T{next:05}");
        new.sequence = last_sequence
            .get(&(new.date, new.vehicle.as_str()))
            .map_or(0, |q| q + 1);
        let mut why: BTreeSet<String> = BTreeSet::new();
        for x in &new.stops {
            why.extend(owed_by.get(&x.site).into_iter().flatten().cloned());
        }
        let why: Vec<String> = why.into_iter().collect();
        per_base.entry(new.base.clone()).or_default().1 += 1;
        changes.push(Change::of_tour(&new, ChangeKind::Added, &why));
        for m in &new.crew {
            let mut c = Change::of_tour(&new, ChangeKind::ClinicianOn, &why);
            c.clinician = Some(m.clinician.clone());
            changes.push(c);
        }
        added_ids.push(new.id.clone());
        added.push(new);
    }
    let mut all: Vec<TourDay> = held.into_iter().chain(added).collect();
    all.sort_by(|a, b| (a.date, &a.vehicle, &a.id).cmp(&(b.date, &b.vehicle, &b.id)));
    cancelled.sort_by(|a, b| (a.date, &a.vehicle, &a.id).cmp(&(b.date, &b.vehicle, &b.id)));
    changes.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut summary = summary::summarize(&s1, &all, &planned, old, first_open);
    let new_ids: HashSet<&str> = added_ids.iter().map(String::as_str).collect();
    summary::add_extra(&s1, &mut summary, events, &all, &new_ids, &planned);
    let schedule = Schedule {
        format: old.format.clone(),
        version: if all.iter().any(|t| t.trip.is_some()) {
            crate::schedule::VERSION
        } else {
            1
        },
        scenario: s.name.clone(),
        seed: o.seed,
        inputs: s.inputs.iter().cloned().collect(),
        summary,
        tours: all,
        cancelled,
        changes: changes.clone(),
    };
    Ok(Replanned {
        schedule,
        scenario: s1,
        changes,
        per_base,
    })
}

/// The period an extra visit is owed in, as the schedule names it: its dates.
pub fn extra_label(e: &Event) -> String {
    format!("{}..{}", e.from, e.to)
}

/// The work a re-plan holds: visits per requirement and clinicians' days of the tour-days kept,
/// the first day a new visit may take, the bases that plan nothing new, and what each period
/// owes at most (what the old plan made there).
///
/// `s` is the scenario with the events applied; requirements from `known` on are new rows, which
/// owe what they ask, not what the old plan made.
fn fixed_of(
    s: &Scenario,
    known: usize,
    old: &Schedule,
    held: &[TourDay],
    first_open: usize,
    touched_bases: &BTreeSet<String>,
) -> Fixed {
    let h = &s.horizon;
    let mut by_key: HashMap<(&str, Option<&str>), Vec<usize>> = HashMap::new();
    for (i, r) in s.requirements.iter().enumerate() {
        by_key
            .entry((s.sites[r.site].id.as_str(), r.specialty.as_deref()))
            .or_default()
            .push(i);
    }
    let clinician_ix: HashMap<&str, usize> = s
        .clinicians
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut fixed = Fixed {
        first_open_day: first_open,
        ..Default::default()
    };
    let visits_of = |tours: &[TourDay]| {
        let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
        for t in tours {
            let day = h.day_of(t.date).expect("dates were checked");
            for x in &t.stops {
                for &r in by_key
                    .get(&(x.site.as_str(), x.specialty.as_deref()))
                    .into_iter()
                    .flatten()
                {
                    out.entry(r).or_default().push(day);
                }
            }
        }
        out
    };
    fixed.visits = visits_of(held);
    for t in held {
        let day = h.day_of(t.date).expect("dates were checked");
        for m in &t.crew {
            fixed
                .worked
                .entry(clinician_ix[m.clinician.as_str()])
                .or_default()
                .push(day);
        }
    }
    fixed.closed_bases = (0..s.bases.len())
        .filter(|&b| !touched_bases.contains(&s.bases[b].id))
        .collect();
    let made = visits_of(&old.tours);
    for (i, r) in s.requirements.iter().enumerate().take(known) {
        for p in h.periods(r.period) {
            let n = made.get(&i).map_or(0, |days| {
                days.iter()
                    .filter(|&&d| d >= p.first_day && d <= p.last_day)
                    .count() as u32
            });
            fixed.targets.insert((i, p.first_day), n);
        }
    }
    fixed
}
