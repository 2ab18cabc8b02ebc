//! Multi-day tours (trips) of fixed teams. A trip leaves the base, sleeps each night at a lodging and
//! comes back; each of its days is a *leg*: an open path from where the team woke up through some
//! villages to where it sleeps. Legs are enumerated once per base; trips are strung from them by a
//! dynamic program over (day, lodging, altitude gained since the last rest night) that prices them
//! with the master's duals; its labels also carry the load and the villages visited, so the trips it
//! returns are feasible. To stay fast it branches on a few legs per step and keeps a few labels per
//! lodging; the rest enter as relaxed labels (no trip behind them), so that what it returns is still
//! a lower bound on the reduced cost of every feasible trip.

use crate::model::Component;
use crate::scenario::{AltitudeRules, Scenario};
use crate::travel::Travel;
use rayon::prelude::*;
// Fast hashing: the relaxed program hashes a memory for every leg it scans.
use rustc_hash::FxHashMap as HashMap;

mod best;
mod exact;
mod relaxed;
pub use best::best_trips;
pub use exact::{exact_trips, Cuts};
pub use relaxed::relaxed_trips;

/// Most villages one leg visits: more never fit a working day of two-hour visits.
const MAX_LEG_STOPS: usize = 5;

/// Places a day starts or ends: end 0 is the base, end k ≥ 1 is lodging k − 1.
#[derive(Clone, Debug)]
pub struct Ends {
    pub location: Vec<usize>,
    pub altitude: Vec<f64>,
}

impl Ends {
    pub fn new(s: &Scenario, c: &Component) -> Ends {
        let mut location = vec![c.base_location];
        let mut altitude = vec![s.bases[c.base].altitude_m];
        for l in 0..s.lodgings.len() {
            location.push(s.lodging_location(l));
            altitude.push(s.lodgings[l].altitude_m);
        }
        Ends { location, altitude }
    }

    pub fn len(&self) -> usize {
        self.location.len()
    }

    pub fn is_empty(&self) -> bool {
        self.location.is_empty()
    }

    /// The lodging an end stands for (`None` for the base).
    pub fn lodging(end: usize) -> Option<usize> {
        end.checked_sub(1)
    }
}

/// One day of a trip: from an end, through services (indices into `Component::services`), to an end.
#[derive(Clone, Debug, PartialEq)]
pub struct Leg {
    pub from: usize,
    pub to: usize,
    pub stops: Vec<usize>,
    pub km: f64,
    pub drive_minutes: f64,
    pub work_minutes: f64,
    pub load_kg: f64,
    /// Highest stop, in metres (the ends are counted by the trip).
    pub top_m: f64,
}

/// Every leg that fits a working day and `max_drive` minutes of driving, one per (from, to, set of
/// stops) in its shortest order, sorted by (from, to, stops). Empty legs (moving between two ends,
/// or a rest day at a lodging) are included.
pub fn legs(s: &Scenario, c: &Component, travel: &Travel, ends: &Ends, max_drive: f64) -> Vec<Leg> {
    let n = c.services.len();
    let working = s.working_minutes;
    let loc: Vec<usize> = c.services.iter().map(|x| x.location).collect();
    // Fastest way from each service to any end: prunes paths that could not finish the day.
    let to_end: Vec<f64> = loc
        .iter()
        .map(|&l| {
            ends.location
                .iter()
                .map(|&e| travel.minutes(l, e))
                .fold(f64::INFINITY, f64::min)
        })
        .collect();
    let per_start: Vec<Vec<Leg>> = (0..ends.len())
        .into_par_iter()
        .map(|a| {
            let mut best: HashMap<(usize, Vec<usize>), Leg> = HashMap::default();
            let mut seq = Vec::new();
            let mut st = Search {
                s,
                c,
                travel,
                ends,
                loc: &loc,
                to_end: &to_end,
                max_drive,
                working,
                from: a,
                best: &mut best,
            };
            st.grow(&mut seq, ends.location[a], 0.0, 0.0, 0.0);
            let mut v: Vec<Leg> = best.into_values().collect();
            v.sort_by(|x, y| (x.to, &x.stops).cmp(&(y.to, &y.stops)));
            v
        })
        .collect();
    let _ = n;
    per_start.into_iter().flatten().collect()
}

struct Search<'a> {
    s: &'a Scenario,
    c: &'a Component,
    travel: &'a Travel,
    ends: &'a Ends,
    loc: &'a [usize],
    to_end: &'a [f64],
    max_drive: f64,
    working: f64,
    from: usize,
    best: &'a mut HashMap<(usize, Vec<usize>), Leg>,
}

impl Search<'_> {
    fn grow(&mut self, seq: &mut Vec<usize>, at: usize, drive: f64, service: f64, km: f64) {
        let mut key: Vec<usize> = seq.clone();
        key.sort_unstable();
        for b in 0..self.ends.len() {
            if seq.is_empty() && b == self.from && b == 0 {
                continue;
            }
            let end = self.ends.location[b];
            let d = drive + self.travel.minutes(at, end);
            if d > self.max_drive + 1e-6 || d + service > self.working + 1e-6 {
                continue;
            }
            let k = km + self.travel.km(at, end);
            let entry = self.best.entry((b, key.clone()));
            let better = match &entry {
                std::collections::hash_map::Entry::Occupied(o) => k < o.get().km - 1e-9,
                std::collections::hash_map::Entry::Vacant(_) => true,
            };
            if better {
                let leg = Leg {
                    from: self.from,
                    to: b,
                    stops: seq.clone(),
                    km: k,
                    drive_minutes: d,
                    work_minutes: d + service,
                    load_kg: seq.iter().map(|&x| self.c.services[x].load_kg).sum(),
                    top_m: seq
                        .iter()
                        .map(|&x| self.s.sites[self.c.services[x].site].altitude_m)
                        .fold(f64::NEG_INFINITY, f64::max),
                };
                entry.insert_entry(leg);
            }
        }
        if seq.len() == MAX_LEG_STOPS {
            return;
        }
        for x in 0..self.c.services.len() {
            let site = self.c.services[x].site;
            if seq.iter().any(|&y| self.c.services[y].site == site) {
                continue;
            }
            let d = drive + self.travel.minutes(at, self.loc[x]);
            let sv = service + self.c.services[x].service_minutes;
            if d + self.to_end[x] > self.max_drive + 1e-6
                || d + sv + self.to_end[x] > self.working + 1e-6
            {
                continue;
            }
            seq.push(x);
            let k = km + self.travel.km(at, self.loc[x]);
            self.grow(seq, self.loc[x], d, sv, k);
            seq.pop();
        }
    }
}

/// A trip: a start day and one leg per day; the nights are the legs' ends but the last.
#[derive(Clone, Debug, PartialEq)]
pub struct Trip {
    pub team: usize,
    pub start: usize,
    pub legs: Vec<usize>,
}

impl Trip {
    pub fn days(&self) -> usize {
        self.legs.len()
    }
}

/// Sleeping altitude after a night at `to`, given the altitude state before: returns the new
/// "gained since the last rest night", or `None` when the ascent rules forbid it.
pub fn ascend(rules: &AltitudeRules, from_m: f64, to_m: f64, gained: f64) -> Option<f64> {
    let e = |h: f64| h.max(rules.rules_above_m);
    let gain = e(to_m) - e(from_m);
    if gain <= 1e-6 {
        return Some(0.0);
    }
    if gain > rules.max_gain_per_night_m + 1e-6 || gained >= rules.rest_after_gain_m - 1e-6 {
        return None;
    }
    Some(gained + gain)
}

/// What the pricing program needs of one team on each horizon day, at the current duals.
pub struct TeamPrices {
    /// Cost of a team-day (vehicle-day cost less the duals of the team's day-counting rows).
    pub day: Vec<f64>,
    /// `night[d][end]`: cost of sleeping at `end` on the night after day d (`INFINITY` = not allowed).
    pub night: Vec<Vec<f64>>,
    /// Whether the team can work on day d (members and vehicle available).
    pub available: Vec<bool>,
    pub max_load_kg: f64,
    /// What a trip costs beyond its days and nights, paid on coming home: less a row's
    /// multiplier that counts every trip (0 without one).
    pub home: f64,
}

/// How hard pricing works: legs branched on per (from, to) pair and label (the best that fit), and
/// labels kept per (day of trip, end), more being merged into one relaxed label. More of either
/// makes the bound tighter (fewer relaxed labels) and the program slower.
#[derive(Clone, Copy, Debug)]
pub struct Effort {
    pub legs: usize,
    pub labels: usize,
}

impl Effort {
    /// Each round of column generation. (24 legs and 48 labels, tried at the end of column
    /// generation on the bundled campaign, took 95 s for no better bound.)
    pub const ROUND: Effort = Effort { legs: 3, labels: 8 };
}

/// The priced legs of one day: per (from, to) pair, every open leg, ascending by value.
pub struct DayTable {
    pub best: Vec<Vec<Priced>>,
}

/// One leg priced for a day, with what the programs test it on beside it (its villages as a mask,
/// see `leg_masks`, and its load): their scans read the table in order, not the legs at random.
#[derive(Clone, Copy, Debug)]
pub struct Priced {
    pub value: f64,
    pub leg: usize,
    pub mask: u128,
    pub load: f64,
}

/// The legs of each (from, to) pair priced for one day at prizes `prize(service)`.
/// `eligible` is sorted, so each pair's legs are a contiguous run of it.
pub fn day_table(
    legs: &[Leg],
    eligible: &[usize],
    ends: usize,
    open: impl Fn(usize) -> bool,
    prize: impl Fn(usize) -> f64,
    cost_per_km: f64,
) -> DayTable {
    let mut best: Vec<Vec<Priced>> = vec![Vec::new(); ends * ends];
    let mut i = 0;
    while i < eligible.len() {
        let pair = legs[eligible[i]].from * ends + legs[eligible[i]].to;
        let mut run: Vec<Priced> = Vec::new();
        while i < eligible.len() && legs[eligible[i]].from * ends + legs[eligible[i]].to == pair {
            let leg = &legs[eligible[i]];
            if leg.stops.iter().all(|&x| open(x)) {
                let v = leg.km * cost_per_km - leg.stops.iter().map(|&x| prize(x)).sum::<f64>();
                run.push(Priced {
                    value: v,
                    leg: eligible[i],
                    mask: mask_of(&leg.stops),
                    load: leg.load_kg,
                });
            }
            i += 1;
        }
        // Legs are distinct, so the order is total and an unstable sort gives the stable one's.
        run.sort_unstable_by(|a, b| a.value.total_cmp(&b.value).then(a.leg.cmp(&b.leg)));
        best[pair] = run;
    }
    DayTable { best }
}

/// Bit masks of each leg's services (services beyond 128 are not tracked: their repeats are
/// allowed, which keeps the program a relaxation).
pub fn leg_masks(legs: &[Leg]) -> Vec<u128> {
    legs.iter().map(|l| mask_of(&l.stops)).collect()
}

/// The villages (service indices below 128) among `stops`, as bits: what ng-memories and subset
/// rows remember of a leg.
pub fn mask_of(stops: &[usize]) -> u128 {
    stops
        .iter()
        .filter(|&&x| x < 128)
        .fold(0u128, |m, &x| m | (1u128 << x))
}

/// What pricing found for one team, start day and length.
#[derive(Clone, Debug)]
pub struct Best {
    /// A lower bound on the priced cost (before team-day duals) of every trip of this length that
    /// visits no village twice and fits the load (`INFINITY`: no trip).
    pub bound: f64,
    /// The best trip found, as legs, with its priced cost.
    pub trip: Option<(f64, Vec<usize>)>,
    /// Other trips of this length below 0, each the best of its kind (the relaxed program: one
    /// per lodging a trip sleeps at last), for more columns a round.
    pub more: Vec<(f64, Vec<usize>)>,
}

/// Least cost of finishing a trip from each end on the morning of each of its days, relaxed (no
/// altitude rules, villages may repeat, any load): a label that cannot end below 0 from there is
/// dropped, as only trips of negative priced cost matter (for columns and for the bound alike).
fn finish_table(
    prices: &TeamPrices,
    tables: &[&DayTable],
    start: usize,
    max_days: usize,
    n: usize,
) -> Vec<Vec<f64>> {
    let days = tables.len().min(max_days);
    let mut finish = vec![vec![f64::INFINITY; n]; days + 1];
    for k in (0..days).rev() {
        let d = start + k;
        if !prices.available[d] {
            continue;
        }
        for a in 0..n {
            let mut best = f64::INFINITY;
            for (b, &then) in finish[k + 1].iter().enumerate() {
                // (The least value of the pair, whatever the load or the villages before.)
                let leg = tables[k].best[a * n + b]
                    .first()
                    .map_or(f64::INFINITY, |x| x.value);
                if !leg.is_finite() {
                    continue;
                }
                let v = if b == 0 {
                    leg + prices.day[d] + prices.home
                } else {
                    leg + prices.day[d] + prices.night[d][b] + then
                };
                best = best.min(v);
            }
            finish[k][a] = best;
        }
    }
    finish
}

/// The legs of a label's trip, in order: `last`, then back through `link(label) = (parent, leg)`
/// from `label` to the root (whose parent is `usize::MAX`).
fn legs_back(last: usize, label: usize, link: impl Fn(usize) -> (usize, usize)) -> Vec<usize> {
    let mut path = vec![last];
    let mut p = label;
    loop {
        let (parent, leg) = link(p);
        if parent == usize::MAX {
            break;
        }
        path.push(leg);
        p = parent;
    }
    path.reverse();
    path
}

/// What every pricing program reads for one team and one start day: `tables[k]` is the table of
/// day `start + k`, `masks` and `loads` are per leg.
#[derive(Clone, Copy)]
pub struct TripSearch<'a> {
    pub rules: &'a AltitudeRules,
    pub ends: &'a Ends,
    pub prices: &'a TeamPrices,
    pub tables: &'a [&'a DayTable],
    pub masks: &'a [u128],
    pub loads: &'a [f64],
    pub start: usize,
    pub max_days: usize,
}

/// The ng-neighbourhood of each end: its `k` nearest services (by driving minutes), as a bit mask.
/// The exact pricing forgets a visit once the trip sleeps where that village is not near.
pub fn ng_sets(ends: &Ends, service_locations: &[usize], travel: &Travel, k: usize) -> Vec<u128> {
    ends.location
        .iter()
        .map(|&e| {
            let mut by: Vec<(f64, usize)> = service_locations
                .iter()
                .enumerate()
                .filter(|&(x, _)| x < 128)
                .map(|(x, &l)| (travel.minutes(e, l), x))
                .collect();
            by.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            by.iter().take(k).fold(0u128, |m, &(_, x)| m | (1u128 << x))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascent_allows_500_m_a_night_and_asks_a_rest_after_1000() {
        let r = AltitudeRules::default();
        // Below the rules' floor, nothing counts.
        assert_eq!(ascend(&r, 1000.0, 2900.0, 0.0), Some(0.0));
        assert_eq!(ascend(&r, 2900.0, 3400.0, 0.0), Some(400.0));
        assert_eq!(ascend(&r, 3400.0, 3950.0, 400.0), None, "550 m in a night");
        let g = ascend(&r, 3400.0, 3800.0, 400.0).unwrap();
        assert_eq!(g, 800.0);
        let g = ascend(&r, 3800.0, 4250.0, g).unwrap();
        assert_eq!(g, 1250.0);
        assert_eq!(ascend(&r, 4250.0, 4300.0, g), None, "a rest night is due");
        assert_eq!(ascend(&r, 4250.0, 4250.0, g), Some(0.0), "the rest night");
        assert_eq!(
            ascend(&r, 4250.0, 3000.0, g),
            Some(0.0),
            "going down rests too"
        );
    }

    #[test]
    fn the_checker_and_the_planner_agree_on_ascent() {
        let r = AltitudeRules::default();
        let sleeps = [2900.0, 3350.0, 3800.0, 4250.0, 4700.0, 2900.0];
        let problems = r.ascent_problems(&sleeps);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 4);
        assert_eq!(problems[0].1, "altitude-rest-day");
        let mut g = 0.0;
        let mut broke = None;
        for i in 1..sleeps.len() {
            match ascend(&r, sleeps[i - 1], sleeps[i], g) {
                Some(x) => g = x,
                None => {
                    broke = Some(i);
                    break;
                }
            }
        }
        assert_eq!(broke, Some(4));
        assert_eq!(
            r.ascent_problems(&[4380.0, 4900.0])[0].1,
            "altitude-gain",
            "520 m in one night"
        );
    }
}
