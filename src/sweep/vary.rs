//! The keys a sweep varies, and how each one changes a scenario. Every change is a pure function of
//! the base scenario, the value and the sweep's seed, so a variation is the same wherever and
//! whenever it runs (any thread, any shard).

use crate::calendar::{parse_date_range, PeriodKind};
use crate::lang::{Lang, Text};
use crate::plan::Options;
use crate::scenario::{Closure, Scenario};
use crate::text;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Every key, with what its value means; shown by `outreach sweep --help-keys` and in errors.
pub const KEYS: &[(&str, &str)] = &[
    ("fleet", "vehicles in all: a count (80) or a share of today's fleet (85%); buses are taken from, or copied at, the bases with the most sites per bus first (with fixed teams, a team goes with its vehicle, and a copied vehicle has no team)"),
    ("fleet.<BASE>", "vehicles at one base: a count; 0 leaves its villages to be reported unmet"),
    ("leave_rate", "share of clinicians on leave (0.15 or 15%) during leave_window, drawn with the sweep's seed; a larger rate keeps the smaller rate's clinicians on leave"),
    ("leave_window", "the dates leave_rate applies to, FROM..TO (default: the whole horizon)"),
    ("closure", "a road closure: SITE_OR_BASE:FROM..TO, several joined with +, or none; a base id closes all of its sites"),
    ("replan_from", "re-plan the plan of the variation's scenario from this date (YYYY-MM-DD) instead of planning from scratch; closure, vehicle_out and absent are then events of the re-plan"),
    ("vehicle_out", "with replan_from: a vehicle out of service, VEHICLE:FROM..TO, several joined with +, or none"),
    ("absent", "with replan_from: a clinician absent, CLINICIAN:FROM..TO, several joined with +, or none"),
    ("extra", "with replan_from: an extra visit owed, SITE:FROM..TO or SITE/SPECIALTY:FROM..TO, several joined with +, or none"),
    ("visit_period", "the period of every village (non-specialist) requirement: week, fortnight, month or quarter"),
    ("visits", "visits per period of every village requirement"),
    ("min_spacing_days", "least days between two visits of a village requirement"),
    ("demand_growth", "growth of every requirement's visits (0.1 or 10%); fractions are rounded up or down per requirement with the sweep's seed, so the total grows by the share on average"),
    ("unmet_visit_penalty", "objective weight of one missed visit"),
    ("population_scale", "objective: a missed visit weighs (1 + population / population_scale) times the penalty"),
    ("time_limit", "hard cap in seconds on each variation's plan (the effort decides the plan)"),
    ("effort", "work of each variation's plan: quick, normal or thorough"),
    ("mip_gap", "relative MIP gap at which a base's solve stops"),
    ("seed", "seed of the variation's plan (and of its random draws)"),
];

/// A sweep key or value that cannot be applied, in words of the catalogues (a workbench shows them
/// in the planner's language).
#[derive(Debug, thiserror::Error)]
pub enum VaryError {
    #[error("{}", self.render(crate::lang::current()))]
    UnknownKey(String),
    #[error("{}", self.render(crate::lang::current()))]
    BadValue {
        key: String,
        value: String,
        message: Text,
    },
}

impl VaryError {
    /// The error in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            VaryError::UnknownKey(key) => text!(
                "sweep-unknown-key",
                key = key.as_str(),
                keys = KEYS
                    .iter()
                    .chain(super::experts::KEYS)
                    .map(|k| k.0)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            VaryError::BadValue {
                key,
                value,
                message,
            } => text!(
                "sweep-bad-value",
                key = key.as_str(),
                value = value.as_str(),
                message = message.render(lang)
            ),
        }
        .render(lang)
    }
}

pub(super) fn bad(key: &str, value: &str, message: Text) -> VaryError {
    VaryError::BadValue {
        key: key.to_string(),
        value: value.to_string(),
        message,
    }
}

/// A number, or a percentage (`15%` is 0.15).
pub(super) fn share(key: &str, value: &str) -> Result<f64, VaryError> {
    let v = value.trim();
    let x = match v.strip_suffix('%') {
        Some(p) => p.trim().parse::<f64>().map(|x| x / 100.0),
        None => v.parse::<f64>(),
    }
    .map_err(|_| bad(key, value, text!("sweep-expected-number-or-share")))?;
    if !x.is_finite() {
        return Err(bad(key, value, text!("sweep-expected-finite")));
    }
    Ok(x)
}

pub(super) fn count(key: &str, value: &str) -> Result<u32, VaryError> {
    value
        .trim()
        .parse::<u32>()
        .map_err(|_| bad(key, value, text!("sweep-expected-count")))
}

fn positive(key: &str, value: &str) -> Result<f64, VaryError> {
    let x = share(key, value)?;
    if x <= 0.0 {
        return Err(bad(key, value, text!("sweep-expected-positive")));
    }
    Ok(x)
}

/// A positive number up to `most`; the message `range` says which, in the error.
fn within(key: &str, value: &str, most: f64, range: &str) -> Result<f64, VaryError> {
    let x = positive(key, value)?;
    if !(x.is_finite() && x <= most) {
        return Err(bad(key, value, Text::new(range)));
    }
    Ok(x)
}

fn time_limit(key: &str, value: &str) -> Result<f64, VaryError> {
    let x: f64 = value
        .trim()
        .parse()
        .map_err(|_| bad(key, value, text!("sweep-expected-seconds")))?;
    crate::scenario::check_time_limit(x).map_err(|e| bad(key, value, e))
}

fn effort(key: &str, value: &str) -> Result<crate::scenario::Effort, VaryError> {
    value.parse().map_err(|_: String| {
        bad(
            key,
            value,
            text!("sweep-expected-effort", value = value.trim()),
        )
    })
}

/// Checks a key and its value without a scenario (ids are checked when applied).
pub fn check_key(key: &str, value: &str) -> Result<(), VaryError> {
    match key {
        "fleet" => {
            if value.trim().ends_with('%') {
                share(key, value).map(|_| ())
            } else {
                count(key, value).map(|_| ())
            }
        }
        k if k.starts_with("fleet.") => count(key, value).map(|_| ()),
        k if super::experts::is_key(k) => super::experts::check(key, value),
        "leave_rate" => match share(key, value)? {
            x if (0.0..=1.0).contains(&x) => Ok(()),
            _ => Err(bad(key, value, text!("sweep-expected-share"))),
        },
        "leave_window" => parse_date_range(value)
            .map(|_| ())
            .map_err(|e| bad(key, value, e)),
        "replan_from" => crate::calendar::parse_date(value)
            .map(|_| ())
            .map_err(|e| bad(key, value, e)),
        "closure" | "vehicle_out" | "absent" | "extra" => {
            if value.trim().eq_ignore_ascii_case("none") {
                return Ok(());
            }
            for part in value.split('+') {
                let (_, range) = part
                    .split_once(':')
                    .ok_or_else(|| bad(key, value, text!("sweep-expected-closure")))?;
                parse_date_range(range).map_err(|e| bad(key, value, e))?;
            }
            Ok(())
        }
        "visit_period" => match PeriodKind::parse(value) {
            Some(PeriodKind::Horizon) | None => {
                Err(bad(key, value, text!("sweep-expected-period")))
            }
            Some(_) => Ok(()),
        },
        "visits" => match count(key, value)? {
            0 => Err(bad(key, value, text!("sweep-expected-visits"))),
            _ => Ok(()),
        },
        "min_spacing_days" => count(key, value).map(|_| ()),
        "demand_growth" => match share(key, value)? {
            x if x >= -1.0 => Ok(()),
            _ => Err(bad(key, value, text!("sweep-expected-growth"))),
        },
        "unmet_visit_penalty" | "population_scale" => positive(key, value).map(|_| ()),
        "time_limit" => time_limit(key, value).map(|_| ()),
        "effort" => effort(key, value).map(|_| ()),
        "mip_gap" => match share(key, value)? {
            x if (0.0..1.0).contains(&x) => Ok(()),
            _ => Err(bad(key, value, text!("sweep-expected-gap"))),
        },
        "seed" => value
            .trim()
            .parse::<u64>()
            .map(|_| ())
            .map_err(|_| bad(key, value, text!("sweep-expected-seed"))),
        _ => Err(VaryError::UnknownKey(key.to_string())),
    }
}

/// One uniform draw per item, from a stream named by `what`: the same item gets the same draw in
/// every variation, so effects nest (15 % on leave includes the 10 %).
pub(super) fn draws(seed: u64, what: &str, n: usize) -> Vec<f64> {
    let mut salt = 0u64;
    for b in what.bytes() {
        salt = salt.wrapping_mul(0x100_0000_01b3).wrapping_add(b as u64);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ salt);
    (0..n).map(|_| rng.gen::<f64>()).collect()
}

/// Sites per vehicle at each base: where a bus is most missed.
fn load(s: &Scenario, counts: &[usize]) -> Vec<f64> {
    let mut sites = vec![0usize; s.bases.len()];
    for x in &s.sites {
        sites[x.base] += 1;
    }
    (0..s.bases.len())
        .map(|b| sites[b] as f64 / counts[b].max(1) as f64)
        .collect()
}

/// Sets the number of vehicles of base `b` to `n`: the last ones go, or copies of the first are added.
fn set_fleet(
    s: &mut Scenario,
    b: usize,
    n: usize,
    key: &str,
    value: &str,
) -> Result<(), VaryError> {
    let at: Vec<usize> = (0..s.vehicles.len())
        .filter(|&v| s.vehicles[v].base == b)
        .collect();
    if n < at.len() {
        let drop: std::collections::HashSet<usize> = at[n..].iter().copied().collect();
        let mut i = 0;
        s.vehicles.retain(|_| {
            i += 1;
            !drop.contains(&(i - 1))
        });
        // A fixed team goes with its vehicle; the others keep theirs, renumbered.
        let new_index = |v: usize| v - drop.iter().filter(|&&d| d < v).count();
        s.teams.retain(|t| !drop.contains(&t.vehicle));
        for t in &mut s.teams {
            t.vehicle = new_index(t.vehicle);
        }
    } else if n > at.len() {
        let Some(&first) = at.first() else {
            return Err(bad(
                key,
                value,
                text!("sweep-no-vehicle-to-copy", base = s.bases[b].id.as_str()),
            ));
        };
        for k in at.len()..n {
            let mut v = s.vehicles[first].clone();
            v.id = format!("{}+{}", v.id, k + 1 - at.len());
            v.name = format!("{} (+{})", v.name, k + 1 - at.len());
            v.unavailable.clear();
            s.vehicles.push(v);
        }
    }
    Ok(())
}

fn fleet_total(s: &mut Scenario, target: usize) {
    let mut counts = vec![0usize; s.bases.len()];
    for v in &s.vehicles {
        counts[v.base] += 1;
    }
    let mut current: usize = counts.iter().sum();
    while current != target {
        let l = load(s, &counts);
        if current > target {
            // Take from the base that misses a bus least (lowest sites per bus after removal).
            let b = (0..counts.len())
                .filter(|&b| counts[b] > 0)
                .min_by(|&a, &b| {
                    let after =
                        |x: usize| l[x] * counts[x] as f64 / (counts[x] as f64 - 1.0).max(0.5);
                    after(a).total_cmp(&after(b)).then(a.cmp(&b))
                });
            let Some(b) = b else { break };
            counts[b] -= 1;
            current -= 1;
        } else {
            // Add where a bus is missed most; only bases with a bus to copy.
            let b = (0..counts.len())
                .filter(|&b| counts[b] > 0)
                .max_by(|&a, &b| l[a].total_cmp(&l[b]).then(b.cmp(&a)));
            let Some(b) = b else { break };
            counts[b] += 1;
            current += 1;
        }
    }
    for (b, &n) in counts.iter().enumerate() {
        // Cannot fail: a base only grows when it has a vehicle to copy.
        let _ = set_fleet(s, b, n, "fleet", "");
    }
}

/// Applies one variation (`key=value` pairs, in order) to a copy of `base`; returns the scenario
/// and the plan options.
pub fn apply(
    base: &Scenario,
    options: &Options,
    params: &[(String, String)],
    sweep_seed: u64,
) -> Result<(Scenario, Options), VaryError> {
    let mut s = base.clone();
    let mut o = options.clone();
    let find_base = |s: &Scenario, id: &str| s.bases.iter().position(|b| b.id == id);
    let mut leave_rate = None;
    let mut leave_window = (s.horizon.start, s.horizon.end());
    for (key, value) in params {
        check_key(key, value)?;
        let (key, value) = (key.as_str(), value.as_str());
        match key {
            "fleet" => {
                let target = if value.trim().ends_with('%') {
                    (share(key, value)? * base.vehicles.len() as f64).round() as usize
                } else {
                    count(key, value)? as usize
                };
                fleet_total(&mut s, target);
            }
            k if k.starts_with("fleet.") => {
                let id = &k["fleet.".len()..];
                let b = find_base(&s, id)
                    .ok_or_else(|| bad(key, value, text!("sweep-no-base", id = id)))?;
                set_fleet(&mut s, b, count(key, value)? as usize, key, value)?;
            }
            "leave_rate" => leave_rate = Some(share(key, value)?),
            "leave_window" => {
                leave_window = parse_date_range(value).map_err(|e| bad(key, value, e))?;
            }
            // Events of a re-plan: the run re-plans with them (sweep/replan.rs).
            "replan_from" | "vehicle_out" | "absent" | "extra" => {
                super::replan::events_of(&s, params)?;
            }
            "closure" if super::replan::replans(params) => {}
            "closure" => {
                if value.trim().eq_ignore_ascii_case("none") {
                    continue;
                }
                for part in value.split('+') {
                    let (id, range) = part.split_once(':').expect("checked");
                    let (from, to) = parse_date_range(range).map_err(|e| bad(key, value, e))?;
                    let id = id.trim();
                    let sites: Vec<usize> = if let Some(i) = s.sites.iter().position(|x| x.id == id)
                    {
                        vec![i]
                    } else if let Some(b) = find_base(&s, id) {
                        (0..s.sites.len())
                            .filter(|&i| s.sites[i].base == b)
                            .collect()
                    } else {
                        return Err(bad(key, value, text!("sweep-no-place", id = id)));
                    };
                    for site in sites {
                        s.closures.push(Closure {
                            site,
                            from,
                            to,
                            reason: format!("sweep: closure {id} {from}..{to}"),
                        });
                    }
                }
            }
            "visit_period" => {
                let p = PeriodKind::parse(value).expect("checked");
                for r in s.requirements.iter_mut().filter(|r| r.specialty.is_none()) {
                    r.period = p;
                }
            }
            "visits" => {
                let n = count(key, value)?;
                for r in s.requirements.iter_mut().filter(|r| r.specialty.is_none()) {
                    r.visits = n;
                }
            }
            "min_spacing_days" => {
                let n = count(key, value)?;
                for r in s.requirements.iter_mut().filter(|r| r.specialty.is_none()) {
                    r.min_spacing_days = n;
                }
            }
            "demand_growth" => {
                let g = share(key, value)?;
                let u = draws(sweep_seed, "demand_growth", s.requirements.len());
                for (r, u) in s.requirements.iter_mut().zip(u) {
                    let grown = r.visits as f64 * (1.0 + g);
                    let whole = grown.floor();
                    r.visits = (whole + if u < grown - whole { 1.0 } else { 0.0 }) as u32;
                }
            }
            "unmet_visit_penalty" => {
                s.objective.unmet_visit_penalty = within(key, value, 1e9, "sweep-expected-penalty")?
            }
            "population_scale" => {
                let x = within(key, value, 1e9, "sweep-expected-people")?;
                if x < 1.0 {
                    return Err(bad(key, value, text!("sweep-expected-people")));
                }
                s.objective.population_scale = x;
            }
            "time_limit" => o.time_limit_seconds = time_limit(key, value)?,
            "effort" => o.effort = effort(key, value)?,
            "mip_gap" => o.mip_gap = share(key, value)?,
            "seed" => o.seed = value.trim().parse().expect("checked"),
            k if super::experts::is_key(k) => {
                super::experts::apply(&mut s, key, value, sweep_seed)?
            }
            _ => return Err(VaryError::UnknownKey(key.to_string())),
        }
    }
    if params
        .iter()
        .any(|(k, _)| k == "unmet_visit_penalty" || k == "population_scale")
    {
        crate::scenario::check_weights(&s).map_err(|e| {
            let (k, v) = params
                .iter()
                .rev()
                .find(|(k, _)| k == "unmet_visit_penalty" || k == "population_scale")
                .expect("one of them is set");
            bad(k, v, e)
        })?;
    }
    if let Some(rate) = leave_rate {
        let u = draws(sweep_seed, "leave_rate", s.clinicians.len());
        for (c, u) in s.clinicians.iter_mut().zip(u) {
            if u < rate {
                c.leave.push(leave_window);
            }
        }
    }
    Ok((s, o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::bundled;

    fn tiny() -> Scenario {
        crate::load(&bundled::find("tiny").unwrap()).unwrap()
    }

    fn vary(s: &Scenario, pairs: &[(&str, &str)]) -> Scenario {
        let o = Options::from_scenario(s);
        let params: Vec<_> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        apply(s, &o, &params, 7).unwrap().0
    }

    #[test]
    fn extreme_weights_are_refused() {
        let s = tiny();
        let o = Options::from_scenario(&s);
        for (k, v) in [
            ("unmet_visit_penalty", "1e300"),
            ("population_scale", "1e-300"),
            ("population_scale", "0.5"),
        ] {
            let params = vec![(k.to_string(), v.to_string())];
            assert!(apply(&s, &o, &params, 7).is_err(), "{k} = {v}");
        }
        let both = vec![
            ("unmet_visit_penalty".to_string(), "1e9".to_string()),
            ("population_scale".to_string(), "1".to_string()),
        ];
        let e = apply(&s, &o, &both, 7).unwrap_err().to_string();
        assert!(e.contains("would weigh"), "{e}");
        let fine = vec![("unmet_visit_penalty".to_string(), "5e5".to_string())];
        assert!(apply(&s, &o, &fine, 7).is_ok());
    }

    #[test]
    fn fewer_vehicles_take_their_teams_along() {
        let s = crate::load(&crate::scenario::bundled::find("ngamring-high-altitude").unwrap())
            .unwrap();
        let v = vary(&s, &[("fleet", "2")]);
        assert_eq!(v.vehicles.len(), 2);
        assert_eq!(v.teams.len(), 2);
        for t in &v.teams {
            assert!(t.vehicle < v.vehicles.len());
            let was = s.teams.iter().find(|x| x.id == t.id).unwrap();
            assert_eq!(v.vehicles[t.vehicle].id, s.vehicles[was.vehicle].id);
        }
    }

    #[test]
    fn fleet_shrinks_and_grows() {
        let s = tiny();
        assert_eq!(vary(&s, &[("fleet", "1")]).vehicles.len(), 1);
        let grown = vary(&s, &[("fleet", "4")]);
        assert_eq!(grown.vehicles.len(), 4);
        let ids: std::collections::HashSet<_> = grown.vehicles.iter().map(|v| &v.id).collect();
        assert_eq!(ids.len(), 4, "copies get new ids");
        assert_eq!(vary(&s, &[("fleet", "50%")]).vehicles.len(), 1);
        assert_eq!(vary(&s, &[("fleet.B1", "3")]).vehicles.len(), 3);
    }

    #[test]
    fn leave_nests_as_the_rate_grows() {
        let s = tiny();
        let on_leave = |rate: &str| {
            let v = vary(&s, &[("leave_rate", rate)]);
            (0..s.clinicians.len())
                .filter(|&i| v.clinicians[i].leave.len() > s.clinicians[i].leave.len())
                .collect::<Vec<_>>()
        };
        let (a, b) = (on_leave("0.3"), on_leave("0.7"));
        assert!(a.iter().all(|i| b.contains(i)));
        assert!(on_leave("0").is_empty());
        assert_eq!(on_leave("100%").len(), s.clinicians.len());
    }

    #[test]
    fn closures_by_site_or_base_and_bad_values() {
        let s = tiny();
        let n = s.closures.len();
        let v = vary(&s, &[("closure", "B1:2027-01-04..2027-01-08")]);
        assert_eq!(v.closures.len(), n + s.sites.len());
        let v = vary(
            &s,
            &[(
                "closure",
                "S01:2027-01-04..2027-01-08+S02:2027-01-05..2027-01-06",
            )],
        );
        assert_eq!(v.closures.len(), n + 2);
        let o = Options::from_scenario(&s);
        let p = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert!(apply(&s, &o, &p("closure", "X9:2027-01-04..2027-01-08"), 1).is_err());
        assert!(apply(&s, &o, &p("fleet", "many"), 1).is_err());
        assert!(apply(&s, &o, &p("fleets", "3"), 1).is_err());
        assert!(apply(&s, &o, &p("leave_rate", "1.5"), 1).is_err());
        assert!(apply(&s, &o, &p("visit_period", "decade"), 1).is_err());
    }

    #[test]
    fn demand_growth_averages_out() {
        let s = tiny();
        let before: u32 = s.requirements.iter().map(|r| r.visits).sum();
        let after: u32 = vary(&s, &[("demand_growth", "100%")])
            .requirements
            .iter()
            .map(|r| r.visits)
            .sum();
        assert_eq!(after, 2 * before);
    }
}
