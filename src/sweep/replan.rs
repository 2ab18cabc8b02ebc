//! Sweeps over events: a variation with `replan_from` does not plan its scenario from scratch but
//! re-plans the plan of its scenario (without the events) from that date, with its `vehicle_out`,
//! `absent`, `closure` and `extra` values as events. Variations that differ only in their events share that
//! plan, made once.

use super::vary::VaryError;
use crate::plan::{plan_shared, Options, Quiet, Shared};
use crate::replan::events::{self, Event, Origin};
use crate::scenario::Scenario;
use crate::schedule::Schedule;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The keys that are events of a re-plan rather than changes of the scenario.
pub const EVENT_KEYS: [&str; 5] = ["replan_from", "vehicle_out", "absent", "closure", "extra"];

/// Whether a variation re-plans (it has `replan_from`).
pub fn replans(params: &[(String, String)]) -> bool {
    params.iter().any(|(k, _)| k == "replan_from")
}

/// The re-plan date and events of a variation, `None` when it plans from scratch.
pub fn events_of(
    s: &Scenario,
    params: &[(String, String)],
) -> Result<Option<(NaiveDate, Vec<Event>)>, VaryError> {
    let Some((_, from)) = params.iter().rev().find(|(k, _)| k == "replan_from") else {
        return Ok(None);
    };
    let bad = |key: &str, value: &str, message: crate::lang::Text| VaryError::BadValue {
        key: key.to_string(),
        value: value.to_string(),
        message,
    };
    let from = crate::calendar::parse_date(from).map_err(|e| bad("replan_from", from, e))?;
    let mut out = Vec::new();
    for (key, kind) in [
        ("vehicle_out", "vehicle-out"),
        ("absent", "absent"),
        ("closure", "closure"),
        ("extra", "extra"),
    ] {
        for (_, value) in params.iter().filter(|(k, _)| k == key) {
            if value.trim().eq_ignore_ascii_case("none") {
                continue;
            }
            for part in value.split('+') {
                let origin = Origin {
                    place: key.to_string(),
                    row: None,
                    field: "value",
                };
                let e = events::parse(s, kind, part.trim(), origin)
                    .map_err(|e| bad(key, value, e.message))?;
                out.push(e);
            }
        }
    }
    Ok(Some((from, out)))
}

/// Plans of the variations' scenarios without their events, by the other keys' values.
#[derive(Default)]
pub struct BasePlans(Mutex<HashMap<String, Arc<Schedule>>>);

/// What a re-planned variation adds to its row: the scenario its schedule must pass (the events
/// applied) and the tour-days changed (mended, cancelled or added) at every base.
pub struct Replanned {
    pub scenario: Scenario,
    pub changed_tour_days: usize,
}

/// Plans a variation: from scratch, or as a re-plan of its base plan.
pub fn plan_variation(
    s: &Scenario,
    o: &Options,
    params: &[(String, String)],
    shared: &Shared,
    bases: &BasePlans,
) -> Result<(Schedule, Option<Replanned>), String> {
    let Some((from, evs)) = events_of(s, params).map_err(|e| e.to_string())? else {
        return plan_shared(s, o, &Quiet, shared)
            .map(|x| (x, None))
            .map_err(|e| e.to_string());
    };
    let key: Vec<String> = params
        .iter()
        .filter(|(k, _)| !EVENT_KEYS.contains(&k.as_str()))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    let key = key.join("\n");
    let cached = bases
        .0
        .lock()
        .expect("no thread panics holding it")
        .get(&key)
        .cloned();
    let old = match cached {
        Some(p) => p,
        None => {
            // Made outside the lock; two threads may both make one plan, the same one.
            let p = Arc::new(plan_shared(s, o, &Quiet, shared).map_err(|e| e.to_string())?);
            bases
                .0
                .lock()
                .expect("no thread panics holding it")
                .entry(key)
                .or_insert(p)
                .clone()
        }
    };
    let r = crate::replan::replan(s, &old, from, &evs, o, &Quiet).map_err(|e| e.to_string())?;
    let changed_tour_days = r.per_base.values().map(|(_, changed)| changed).sum();
    Ok((
        r.schedule,
        Some(Replanned {
            scenario: r.scenario,
            changed_tour_days,
        }),
    ))
}
