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

fn mask_of(stops: &[usize]) -> u128 {
    stops
        .iter()
        .filter(|&&x| x < 128)
        .fold(0u128, |m, &x| m | (1u128 << x))
}

#[derive(Clone, Copy)]
struct Label {
    end: usize,
    gained: f64,
    value: f64,
    load: f64,
    visited: u128,
    /// A merged or floor-priced label: a valid bound but no trip behind it.
    relaxed: bool,
    parent: usize,
    leg: usize,
}

/// `a` makes `b` useless: no worse in value, altitude gained, load and villages visited. A relaxed
/// label never drops a real one, whose trip the columns need.
fn dominates(a: &Label, b: &Label) -> bool {
    (!a.relaxed || b.relaxed)
        && a.value <= b.value + 1e-9
        && a.gained <= b.gained + 1e-6
        && a.load <= b.load + 1e-9
        && a.visited & !b.visited == 0
}

/// What pricing found for one team, start day and length.
#[derive(Clone, Debug)]
pub struct Best {
    /// A lower bound on the priced cost (before team-day duals) of every trip of this length that
    /// visits no village twice and fits the load (`INFINITY`: no trip).
    pub bound: f64,
    /// The best trip found, as legs, with its priced cost.
    pub trip: Option<(f64, Vec<usize>)>,
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
                    leg + prices.day[d]
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

/// Keeps the labels of one end, pushing them on `arena`: real labels first (they carry trips), then
/// by value, each unless one kept before it makes it useless. Past `limit` kept, all but the first
/// `limit - 1` are merged into one that is no worse than any of them (least value and gain, only the
/// villages all of them visited), returned, so bounds stay valid. (A label dominated by another that
/// is merged changes nothing in the merge, so only the kept ones need comparing.)
///
/// Only the order of the labels up to the merge matters (the merge is a minimum), so only the
/// first few are sorted unless dominance throws many of them out: the same labels as a full sort,
/// at a fraction of its work when an end has hundreds of candidates.
fn keep_labels(
    cands: &mut Vec<Label>,
    scratch: &mut Vec<(usize, Label)>,
    limit: usize,
    arena: &mut Vec<Label>,
) -> Option<Label> {
    // The order of a stable sort on (relaxed, value): ties keep their place.
    let order = |a: &(usize, Label), b: &(usize, Label)| {
        (a.1.relaxed, a.1.value)
            .partial_cmp(&(b.1.relaxed, b.1.value))
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    };
    scratch.clear();
    scratch.extend(cands.drain(..).enumerate());
    let cands = scratch;
    let first = arena.len();
    let mut merged: Option<Label> = None;
    let mut sorted = 0;
    let mut chunk = 4 * limit + 8;
    let mut i = 0;
    while i < cands.len() {
        if i == sorted {
            if merged.is_some() {
                // The rest only feeds the merge: any order gives the same label.
                sorted = cands.len();
            } else {
                let rest = &mut cands[i..];
                if rest.len() > chunk {
                    rest.select_nth_unstable_by(chunk, order);
                    rest[..chunk].sort_unstable_by(order);
                    sorted = i + chunk;
                    chunk *= 2;
                } else {
                    rest.sort_unstable_by(order);
                    sorted = cands.len();
                }
            }
        }
        let c = cands[i].1;
        i += 1;
        if arena[first..].iter().any(|o| dominates(o, &c)) {
            continue;
        }
        if merged.is_none() && arena.len() - first < limit {
            arena.push(c);
            continue;
        }
        if merged.is_none() {
            // One too many: the last kept one starts the merged label.
            let last = arena.pop().expect("labels kept before");
            merged = Some(Label {
                relaxed: true,
                ..last
            });
        }
        let m = merged.get_or_insert(Label { relaxed: true, ..c });
        m.value = m.value.min(c.value);
        m.gained = m.gained.min(c.gained);
        m.load = m.load.min(c.load);
        m.visited &= c.visited;
    }
    merged
}

/// The best trips of one team from one start day, for each length L (`out[L-1]`).
///
/// Labels branch on the best `effort.legs` legs of a pair that repeat no village and fit the load;
/// the others enter as one relaxed label priced at the next such leg, with nothing visited or
/// loaded, which none of them beats. So every feasible trip is dominated by some label.
pub fn best_trips(search: &TripSearch, effort: Effort) -> Vec<Best> {
    let TripSearch {
        rules,
        ends,
        prices,
        tables,
        masks,
        loads,
        start,
        max_days,
    } = *search;
    let n = ends.len();
    let mut out = vec![
        Best {
            bound: f64::INFINITY,
            trip: None
        };
        max_days
    ];
    // Labels that cannot end below 0 are dropped (see `finish_table`).
    let finish = finish_table(prices, tables, start, max_days, n);
    let mut arena: Vec<Label> = vec![Label {
        end: 0,
        gained: 0.0,
        value: 0.0,
        load: 0.0,
        visited: 0,
        relaxed: false,
        parent: usize::MAX,
        leg: usize::MAX,
    }];
    let mut current: Vec<usize> = vec![0];
    // Buffers reused across days and labels: this loop is the pricing's hottest.
    let mut next: Vec<Vec<Label>> = vec![Vec::new(); n];
    let mut options: Vec<(f64, usize, bool)> = Vec::with_capacity(effort.legs + 1);
    let mut scratch: Vec<(usize, Label)> = Vec::new();
    for (k, table) in tables.iter().enumerate().take(max_days) {
        let d = start + k;
        if !prices.available[d] {
            break;
        }
        for &li in &current {
            let lab = arena[li];
            for b in 0..n {
                let pair = lab.end * n + b;
                let Some(gained) =
                    ascend(rules, ends.altitude[lab.end], ends.altitude[b], lab.gained)
                else {
                    continue;
                };
                let night = if b == 0 { 0.0 } else { prices.night[d][b] };
                if b != 0 && (!night.is_finite() || k + 1 >= max_days) {
                    continue;
                }
                let base_value = lab.value + prices.day[d] + night;
                // The best legs that repeat no village and fit the load, and the one after them
                // as a floor for all the rest. Legs are sorted by value, so the scan ends where
                // the rest could not end the trip below 0, and at the first leg home (the trip
                // and bound of a length come from the least value).
                options.clear();
                let then = if b == 0 {
                    f64::NEG_INFINITY
                } else {
                    finish[k + 1][b]
                };
                for &Priced {
                    value: v,
                    leg: i,
                    mask,
                    load,
                } in &table.best[pair]
                {
                    if base_value + v + then >= 0.0 {
                        break;
                    }
                    if mask & lab.visited != 0 || lab.load + load > prices.max_load_kg + 1e-9 {
                        continue;
                    }
                    if options.len() == effort.legs {
                        options.push((v, usize::MAX, true));
                        break;
                    }
                    options.push((v, i, lab.relaxed));
                    if b == 0 {
                        break;
                    }
                }
                for &(leg_value, leg, relaxed) in &options {
                    let (visited, load) = if leg == usize::MAX {
                        (lab.visited, lab.load)
                    } else {
                        (lab.visited | masks[leg], lab.load + loads[leg])
                    };
                    let value = base_value + leg_value;
                    if b == 0 {
                        let o = &mut out[k];
                        o.bound = o.bound.min(value);
                        if !relaxed && o.trip.as_ref().is_none_or(|(v, _)| value < *v - 1e-9) {
                            let path = legs_back(leg, li, |p| (arena[p].parent, arena[p].leg));
                            o.trip = Some((value, path));
                        }
                        continue;
                    }
                    if value + finish[k + 1][b] >= 0.0 {
                        continue;
                    }
                    next[b].push(Label {
                        end: b,
                        gained,
                        value,
                        load,
                        visited,
                        relaxed,
                        parent: li,
                        leg,
                    });
                }
            }
        }
        // At each end, the labels worth going on with (see `keep_labels`).
        current.clear();
        for cands in &mut next {
            let first = arena.len();
            let merged = keep_labels(cands, &mut scratch, effort.labels, &mut arena);
            arena.extend(merged);
            current.extend(first..arena.len());
        }
        if current.is_empty() {
            break;
        }
    }
    out
}

/// The least priced cost of every trip of each length (`out[L-1]`) from one start day, over a
/// relaxed set of trips, with a trip that reaches it: a dynamic program over (day, end, load used,
/// villages remembered). A trip remembers only the villages it visited that lie in the ng-set of
/// where it sleeps (`ng[end]`), so it may visit a village again once it has slept away from it;
/// loads count in whole `unit`s, rounded down; the rest-night rule is left out (the gain of each
/// night is kept). Every feasible trip is in the set, so the values bound them; the trips returned
/// may repeat a village or carry a little too much. Its work grows with days × ends² × memories ×
/// legs on each front × load units, not with the duals, unlike the label programs'; but only trips
/// below 0 are followed (a leg that cannot finish below 0, by `finish_table`, ends its pair's
/// scan), so a length whose trips all price at 0 or more reads `INFINITY`.
///
/// Also returns the work it did (points of states carried over a leg), a count that is the same
/// on every machine, so that callers can limit it.
pub fn relaxed_trips(search: &TripSearch, ng: &[u128], unit: f64) -> (Vec<Best>, usize) {
    let mut work = 0usize;
    let TripSearch {
        rules,
        ends,
        prices,
        tables,
        masks: _,
        loads: _,
        start,
        max_days,
    } = *search;
    let n = ends.len();
    let w_max = (prices.max_load_kg / unit + 1e-9).floor().max(0.0) as u32;
    let none = From {
        end: u32::MAX,
        slot: 0,
        load: 0,
        leg: 0,
    };
    let mut out: Vec<(f64, From)> = vec![(f64::INFINITY, none); max_days];
    // mornings[k][end]: the states reached on the morning of day k.
    let first = RelaxedState {
        memory: 0,
        front: vec![Step {
            units: 0,
            value: 0.0,
            from: none,
        }],
    };
    let mut mornings: Vec<Vec<Vec<RelaxedState>>> = vec![(0..n).map(|_| Vec::new()).collect()];
    mornings[0][0].push(first);
    let days = tables.len().min(max_days);
    // Only trips of negative priced cost matter (for columns and for the bound alike): a leg
    // whose state cannot finish below 0 through it is not taken, and as each pair's legs come
    // cheapest first, neither are the legs after it.
    let finish = finish_table(prices, tables, start, max_days, n);
    // Per memory a leg leaves: the lightest load of the cheaper legs seen so far.
    let mut lightest: HashMap<u128, u32> = HashMap::default();
    for (k, table) in tables.iter().enumerate().take(days) {
        let d = start + k;
        if !prices.available[d] {
            break;
        }
        let mut next: Vec<Vec<RelaxedState>> = (0..n).map(|_| Vec::new()).collect();
        let mut index: Vec<HashMap<u128, usize>> = vec![HashMap::default(); n];
        for (a, here) in mornings[k].iter().enumerate() {
            for b in 0..n {
                if ascend(rules, ends.altitude[a], ends.altitude[b], 0.0).is_none() {
                    continue;
                }
                let night = if b == 0 { 0.0 } else { prices.night[d][b] };
                if b != 0 && (!night.is_finite() || k + 1 >= max_days) {
                    continue;
                }
                let fixed = prices.day[d] + night;
                let rest = if b == 0 { 0.0 } else { finish[k + 1][b] };
                if !rest.is_finite() {
                    continue;
                }
                for (slot, state) in here.iter().enumerate() {
                    lightest.clear();
                    // The front's last step is its cheapest.
                    let least = state.front.last().map_or(f64::INFINITY, |x| x.value);
                    // Ascending value: a leg matters only if lighter than every cheaper one that
                    // leaves the same memory.
                    for &Priced {
                        value: v,
                        leg: i,
                        mask,
                        load,
                    } in &table.best[a * n + b]
                    {
                        if least + fixed + v + rest >= 0.0 {
                            break;
                        }
                        if mask & state.memory != 0 {
                            continue;
                        }
                        let units = (load / unit + 1e-9).floor();
                        if units > w_max as f64 {
                            continue;
                        }
                        let units = units as u32;
                        let memory = if b == 0 {
                            0
                        } else {
                            (state.memory | mask) & ng[b]
                        };
                        let l = lightest.entry(memory).or_insert(u32::MAX);
                        if units >= *l {
                            continue;
                        }
                        *l = units;
                        let add = fixed + v;
                        let from = |w: u32| From {
                            end: a as u32,
                            slot: slot as u32,
                            load: w,
                            leg: i as u32,
                        };
                        if b == 0 {
                            for x in state.front.iter().filter(|x| x.units + units <= w_max) {
                                if x.value + add < out[k].0 {
                                    out[k] = (x.value + add, from(x.units));
                                }
                            }
                            continue;
                        }
                        let to_slot = *index[b].entry(memory).or_insert_with(|| {
                            next[b].push(RelaxedState {
                                memory,
                                front: Vec::new(),
                            });
                            next[b].len() - 1
                        });
                        let to = &mut next[b][to_slot];
                        work += state.front.len();
                        for x in state.front.iter().filter(|x| x.units + units <= w_max) {
                            to.insert(Step {
                                units: x.units + units,
                                value: x.value + add,
                                from: from(x.units),
                            });
                        }
                    }
                }
            }
        }
        for states in &mut next {
            work += drop_dominated(states);
        }
        mornings.push(next);
    }
    let best = out
        .into_iter()
        .enumerate()
        .map(|(k, (value, last))| {
            if !value.is_finite() {
                return Best {
                    bound: value,
                    trip: None,
                };
            }
            // Back from the last leg through the mornings.
            let mut legs = vec![last.leg as usize];
            let mut at = last;
            for day in (1..=k).rev() {
                let state = &mornings[day][at.end as usize][at.slot as usize];
                let step = state.front.iter().find(|x| x.units == at.load);
                at = step.map_or(none, |x| x.from);
                legs.push(at.leg as usize);
            }
            legs.reverse();
            Best {
                bound: value,
                trip: Some((value, legs)),
            }
        })
        .collect();
    (best, work)
}

/// How a (day, end, memory, load) of the relaxed pricing was reached: the end, memory slot and
/// load units the morning before, and the leg.
#[derive(Clone, Copy)]
struct From {
    end: u32,
    slot: u32,
    load: u32,
    leg: u32,
}

/// One point of a state's front: the least cost with at most `units` loaded.
#[derive(Clone, Copy)]
struct Step {
    units: u32,
    value: f64,
    from: From,
}

/// The relaxed pricing's states at one (morning, end) with one memory: its cost against load as
/// a Pareto front (ascending load, descending cost). Most campaigns carry little or nothing, so a
/// front holds a point or two, where a table over every load unit would hold dozens.
struct RelaxedState {
    memory: u128,
    front: Vec<Step>,
}

impl RelaxedState {
    /// Adds `step` unless a lighter-or-equal point costs no more; drops the points it beats.
    fn insert(&mut self, step: Step) {
        let at = self.front.partition_point(|x| x.units <= step.units);
        if at > 0 && self.front[at - 1].value <= step.value {
            return;
        }
        // Points from `at` on are heavier: those costing no less go.
        let mut end = at;
        while end < self.front.len() && self.front[end].value >= step.value {
            end += 1;
        }
        if at > 0 && self.front[at - 1].units == step.units {
            // Same load, cheaper: it replaces the point.
            self.front.splice(at - 1..end, [step]);
        } else {
            self.front.splice(at..end, [step]);
        }
    }

    /// Whether `other`'s front reaches every point of this one at no more load and cost.
    fn covered_by(&self, other: &RelaxedState) -> bool {
        self.front.iter().all(|x| {
            let at = other.front.partition_point(|y| y.units <= x.units);
            at > 0 && other.front[at - 1].value <= x.value
        })
    }
}

/// Drops what another state of the same morning and end dominates: a state remembering a subset
/// of this one's villages, whose front is no worse at every load, goes on to every trip this one
/// can (ng-route dominance). Returns the pairs it compared (its work).
fn drop_dominated(states: &mut Vec<RelaxedState>) -> usize {
    if states.len() < 2 {
        return 0;
    }
    let mut compared = 0;
    // Fewer villages first: only those can dominate the ones after them.
    states.sort_by_key(|s| s.memory.count_ones());
    let mut keep = vec![true; states.len()];
    for j in 1..states.len() {
        let this = &states[j];
        keep[j] = !states[..j].iter().zip(&keep).any(|(other, &kept)| {
            compared += 1;
            kept && other.memory & !this.memory == 0 && this.covered_by(other)
        });
    }
    let mut flags = keep.into_iter();
    states.retain(|_| flags.next().unwrap_or(true));
    compared
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

#[derive(Clone, Copy)]
struct NgLabel {
    gained: f64,
    value: f64,
    load: f64,
    /// Villages the trip may not visit again: those visited and near where it sleeps.
    memory: u128,
    relaxed: bool,
    parent: usize,
    leg: usize,
}

/// Like [`best_trips`], but exact up to the ng-relaxation: a trip may not revisit a village while
/// it sleeps near it (`ng[end]`), every leg that could lead below 0 is tried, and labels are only
/// merged past `cap` per (day, end). Near convergence its bounds make Farley's bound tight; far
/// from it, labels multiply (on the bundled Ngamring campaign its runs give up even when column
/// generation has run out of trips), so past `budget` labels made or `deadline` it stops and
/// proves nothing.
pub fn exact_trips(
    search: &TripSearch,
    ng: &[u128],
    cap: usize,
    budget: usize,
    stop: &dyn Fn() -> bool,
) -> Vec<Best> {
    let TripSearch {
        rules,
        ends,
        prices,
        tables,
        masks,
        loads,
        start,
        max_days,
    } = *search;
    let n = ends.len();
    let mut out = vec![
        Best {
            bound: f64::INFINITY,
            trip: None
        };
        max_days
    ];
    // Labels that cannot end below 0 are dropped (see `finish_table`).
    let finish = finish_table(prices, tables, start, max_days, n);
    let mut arena: Vec<NgLabel> = vec![NgLabel {
        gained: 0.0,
        value: 0.0,
        load: 0.0,
        memory: 0,
        relaxed: false,
        parent: usize::MAX,
        leg: usize::MAX,
    }];
    let mut current: Vec<Vec<usize>> = vec![Vec::new(); n];
    current[0].push(0);
    // Labels made, kept or not: the work limit.
    let mut made = 0usize;
    for (k, table) in tables.iter().enumerate().take(max_days) {
        let d = start + k;
        if !prices.available[d] {
            break;
        }
        if stop() {
            // Out of time: the trips found so far stand, but nothing is proven.
            for o in &mut out {
                o.bound = f64::NEG_INFINITY;
            }
            return out;
        }
        let mut next: Vec<Vec<NgLabel>> = vec![Vec::new(); n];
        for (a, bucket) in current.iter().enumerate() {
            for &li in bucket {
                let lab = arena[li];
                for b in 0..n {
                    let Some(gained) =
                        ascend(rules, ends.altitude[a], ends.altitude[b], lab.gained)
                    else {
                        continue;
                    };
                    let night = if b == 0 { 0.0 } else { prices.night[d][b] };
                    if b != 0 && (!night.is_finite() || k + 1 >= max_days) {
                        continue;
                    }
                    let base_value = lab.value + prices.day[d] + night;
                    let then = if b == 0 { 0.0 } else { finish[k + 1][b] };
                    for &Priced {
                        value: v,
                        leg: i,
                        mask,
                        load,
                    } in &table.best[a * n + b]
                    {
                        let value = base_value + v;
                        // Legs are sorted: none after this one can lead below 0 either.
                        if value + then >= 0.0 {
                            break;
                        }
                        if mask & lab.memory != 0 || lab.load + load > prices.max_load_kg + 1e-9 {
                            continue;
                        }
                        if b == 0 {
                            let o = &mut out[k];
                            o.bound = o.bound.min(value);
                            if !lab.relaxed
                                && o.trip.as_ref().is_none_or(|(w, _)| value < *w - 1e-9)
                            {
                                let path = legs_back(i, li, |p| (arena[p].parent, arena[p].leg));
                                o.trip = Some((value, path));
                            }
                            // The first leg home that fits is this label's best.
                            break;
                        }
                        made += 1;
                        if made > budget {
                            // Out of labels: the trips found so far stand, nothing is proven.
                            for o in &mut out {
                                o.bound = f64::NEG_INFINITY;
                            }
                            return out;
                        }
                        next[b].push(NgLabel {
                            gained,
                            value,
                            load: lab.load + loads[i],
                            memory: (lab.memory | masks[i]) & ng[b],
                            relaxed: lab.relaxed,
                            parent: li,
                            leg: i,
                        });
                    }
                }
            }
        }
        let mut kept: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (b, mut cands) in next.into_iter().enumerate() {
            // By value, real before relaxed: a label is only compared with those kept before it.
            cands.sort_by(|x, y| {
                x.value
                    .total_cmp(&y.value)
                    .then((x.relaxed as u8).cmp(&(y.relaxed as u8)))
            });
            let mut keep: Vec<NgLabel> = Vec::new();
            let mut merged: Option<NgLabel> = None;
            for c in cands {
                let dominated = keep.iter().any(|o| {
                    (!o.relaxed || c.relaxed)
                        && o.gained <= c.gained + 1e-6
                        && o.load <= c.load + 1e-9
                        && o.memory & !c.memory == 0
                });
                if dominated {
                    continue;
                }
                if keep.len() + 1 >= cap {
                    // Past the cap the rest merge into one label no worse than any of them.
                    let m = merged.get_or_insert(NgLabel { relaxed: true, ..c });
                    m.value = m.value.min(c.value);
                    m.gained = m.gained.min(c.gained);
                    m.load = m.load.min(c.load);
                    m.memory &= c.memory;
                    continue;
                }
                keep.push(c);
            }
            keep.extend(merged);
            for l in keep {
                arena.push(l);
                kept[b].push(arena.len() - 1);
            }
        }
        current = kept;
        if current.iter().all(|v| v.is_empty()) {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(points: &[(u32, f64)]) -> RelaxedState {
        let mut state = RelaxedState {
            memory: 0,
            front: Vec::new(),
        };
        for &(units, value) in points {
            state.insert(Step {
                units,
                value,
                from: From {
                    end: 0,
                    slot: 0,
                    load: 0,
                    leg: 0,
                },
            });
        }
        state
    }

    fn points(state: &RelaxedState) -> Vec<(u32, f64)> {
        state.front.iter().map(|x| (x.units, x.value)).collect()
    }

    #[test]
    fn a_front_keeps_only_points_no_lighter_cheaper_point_beats() {
        // Heavier and dearer: beaten. Heavier and cheaper: kept. Same load, cheaper: replaces.
        let s = front(&[
            (2, 10.0),
            (5, 12.0),
            (6, 7.0),
            (2, 9.0),
            (1, 9.5),
            (0, 11.0),
        ]);
        assert_eq!(points(&s), vec![(0, 11.0), (1, 9.5), (2, 9.0), (6, 7.0)]);
        // A light cheap point sweeps the heavier ones it beats.
        let s = front(&[(3, 5.0), (4, 4.0), (1, 4.0)]);
        assert_eq!(points(&s), vec![(1, 4.0)]);
        // The least load for each cost, as a table over loads would give.
        let table = |s: &RelaxedState, w: u32| {
            s.front
                .iter()
                .filter(|x| x.units <= w)
                .map(|x| x.value)
                .fold(f64::INFINITY, f64::min)
        };
        let s = front(&[(4, 3.0), (0, 8.0), (2, 5.0), (3, 6.0), (1, 8.0)]);
        let by_load: Vec<f64> = (0..6).map(|w| table(&s, w)).collect();
        assert_eq!(by_load, vec![8.0, 8.0, 5.0, 5.0, 3.0, 3.0]);
    }

    #[test]
    fn a_state_goes_when_one_remembering_less_is_no_worse_at_every_load() {
        let with = |memory: u128, points: &[(u32, f64)]| RelaxedState {
            memory,
            ..front(points)
        };
        let mut states = vec![
            with(0b11, &[(0, 5.0), (2, 3.0)]),
            // Remembers less, no worse at any load: drops the first.
            with(0b01, &[(0, 5.0), (1, 3.0)]),
            // Remembers less but dearer when light: stays.
            with(0b00, &[(0, 6.0), (1, 2.0)]),
            // Remembers another village, but the empty memory is cheaper at its load.
            with(0b100, &[(1, 2.5)]),
        ];
        drop_dominated(&mut states);
        let left: Vec<u128> = states.iter().map(|s| s.memory).collect();
        assert_eq!(left, vec![0b00, 0b01]);
    }

    /// What `keep_labels` replaced: a full stable sort, then the same keep-or-merge pass.
    fn keep_labels_by_full_sort(
        mut cands: Vec<Label>,
        limit: usize,
    ) -> (Vec<Label>, Option<Label>) {
        cands.sort_by(|a, b| {
            (a.relaxed, a.value)
                .partial_cmp(&(b.relaxed, b.value))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut kept: Vec<Label> = Vec::new();
        let mut merged: Option<Label> = None;
        for c in cands {
            if kept.iter().any(|o| dominates(o, &c)) {
                continue;
            }
            if merged.is_none() && kept.len() < limit {
                kept.push(c);
                continue;
            }
            if merged.is_none() {
                let last = kept.pop().expect("labels kept before");
                merged = Some(Label {
                    relaxed: true,
                    ..last
                });
            }
            let m = merged.get_or_insert(Label { relaxed: true, ..c });
            m.value = m.value.min(c.value);
            m.gained = m.gained.min(c.gained);
            m.load = m.load.min(c.load);
            m.visited &= c.visited;
        }
        (kept, merged)
    }

    fn same_label(a: &Label, b: &Label) -> bool {
        (a.end, a.parent, a.leg, a.relaxed, a.visited)
            == (b.end, b.parent, b.leg, b.relaxed, b.visited)
            && a.value.to_bits() == b.value.to_bits()
            && a.gained.to_bits() == b.gained.to_bits()
            && a.load.to_bits() == b.load.to_bits()
    }

    proptest::proptest! {
        /// Sorting only the labels it needs keeps and merges exactly what a full sort does, ties
        /// (equal values, common in priced labels) included.
        #[test]
        fn keeping_labels_by_a_partial_sort_matches_a_full_sort(
            raw in proptest::collection::vec(
                (0u8..6, 0u8..4, 0u8..4, 0u16..64, proptest::bool::weighted(0.2)),
                0..300,
            ),
            limit in 1usize..10,
        ) {
            let mut cands: Vec<Label> = raw
                .iter()
                .enumerate()
                .map(|(i, &(value, gained, load, visited, relaxed))| Label {
                    end: 1,
                    gained: gained as f64 * 100.0,
                    value: -(value as f64),
                    load: load as f64,
                    visited: visited as u128,
                    relaxed,
                    parent: i,
                    leg: i,
                })
                .collect();
            let (want_kept, want_merged) = keep_labels_by_full_sort(cands.clone(), limit);
            let mut arena = vec![Label { parent: usize::MAX, ..cands.first().copied().unwrap_or(Label {
                end: 0, gained: 0.0, value: 0.0, load: 0.0, visited: 0, relaxed: false, parent: 0, leg: 0,
            }) }];
            let merged = keep_labels(&mut cands, &mut Vec::new(), limit, &mut arena);
            proptest::prop_assert_eq!(arena.len() - 1, want_kept.len());
            for (got, want) in arena[1..].iter().zip(&want_kept) {
                proptest::prop_assert!(same_label(got, want));
            }
            proptest::prop_assert_eq!(merged.is_some(), want_merged.is_some());
            if let (Some(got), Some(want)) = (merged, want_merged) {
                proptest::prop_assert!(same_label(&got, &want));
            }
        }
    }

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
