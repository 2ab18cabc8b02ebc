//! Column generation: pricing rounds (`price`), Farley's bound from their multipliers, and
//! `Generation`, which runs the rounds on the season relaxation's LP.

use super::*;

/// How a round prices trips: the quick program, or the exact one (up to the ng-relaxation), used
/// once the quick one finds nothing.
#[derive(Clone, Copy)]
pub(super) enum Pricing<'a> {
    Quick(trips::Effort),
    /// The relaxed program of `trips::relaxed_trips`: its trips may repeat villages, so they go
    /// to the bounding LP only.
    Relaxed {
        ng: &'a [u128],
    },
    Exact {
        ng: &'a [u128],
        cap: usize,
        budget: usize,
        until: Until<'a>,
    },
}

/// Villages an exact pricing label remembers near each lodging, labels it keeps per (day, end),
/// and labels one run of it may make before it gives up proving anything (a work limit, so that
/// plans do not depend on the clock).
pub(super) const NG_SIZE: usize = 16;
/// Villages the relaxed pricing remembers near each lodging, and its load units per vehicle load.
/// Each leg's load is rounded down to whole units, so a trip of 8 legs may carry up to 8 units too
/// much: at 64 units that was an eighth of the load, enough on Ngamring (loads bind: 2,523 kg
/// over 82 villages, 250–300 kg a vehicle) for the LP to need fewer trips. At 4,096 units (73 g
/// of a 300 kg load) its bound rose from 73,197 to 74,392, for about twice the pricing work.
pub(super) const RELAXED_NG_SIZE: usize = 1;
pub(super) const LOAD_UNITS: f64 = 4096.0;
const EXACT_LABELS: usize = 2000;
const EXACT_BUDGET: usize = 50_000;

/// Stages of column generation, each until it finds no trip: the quick pricing on a segment's
/// first day and on windows inside one kind of day only (about 6 times faster a round on the
/// bundled campaign, and its trips run on any day of the kind anyway); the quick pricing on every
/// start day; the exact pricing, whose bound proves the LP.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Stage {
    Thin,
    Quick,
    Exact,
    /// Only for the bounding LP (see `Pricing::Relaxed`): thin rounds, then rounds on every
    /// start day.
    RelaxedThin,
    Relaxed,
}

/// A trip pricing found, with its reduced cost at the LP's duals, and the other start days that
/// price alike (the same trip from any of them costs the same and reduces the same).
pub(super) struct Candidate {
    pub(super) rc: f64,
    pub(super) col: Column,
    pub(super) alike: std::sync::Arc<Vec<usize>>,
}

/// One round of pricing at multipliers `pi`: the bound they prove, and new trips with their reduced
/// cost at the LP's own duals `duals` (those a branch's `rules` allow).
#[allow(clippy::too_many_arguments)]
pub(super) fn price(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    masks: &[u128],
    pi: &[f64],
    duals: &[f64],
    pricing: Pricing,
    thin: bool,
    rules: &Rules,
    cuts: &SubsetRows,
) -> (f64, Vec<Candidate>, usize) {
    let (s, c) = (cp.s, cp.c);
    // The relaxed program's work, summed over its runs (see `trips::relaxed_trips`).
    let mut work = 0;
    let h = &s.horizon;
    let n_ends = cp.ends.len();
    let prize: Vec<Vec<f64>> = (0..c.services.len())
        .map(|x| (0..h.days).map(|d| cp.prize(pi, x, d)).collect())
        .collect();
    let mut candidates: Vec<Candidate> = Vec::new();
    let loads: Vec<f64> = cp.legs.iter().map(|l| l.load_kg).collect();
    // The subset-row cuts' prices, for the exact pricing (the others do not see them: their
    // bounds are lower, still bounds).
    let cut_prices = cuts.prices(duals);
    let priced_cuts = trips::Cuts {
        sets: &cuts.sets,
        price: &cut_prices,
    };
    let priced_cuts = (!cuts.sets.is_empty()).then_some(&priced_cuts);
    // Farley's ratio: no trip's dual value exceeds theta times its cost (see `farley`).
    let mut theta: f64 = 1.0;
    // A day's table depends only on the legs a team may drive, its cost per km and the villages'
    // openings and prizes that day: days alike, and teams alike, share one.
    let table_key: Vec<u64> = (0..h.days)
        .map(|d| {
            let mut hs = rustc_hash::FxHasher::default();
            for (svc, by_day) in c.services.iter().zip(&prize) {
                (svc.open[d], by_day[d].to_bits()).hash(&mut hs);
            }
            hs.finish()
        })
        .collect();
    let mut tables: Vec<DayTable> = Vec::new();
    let mut table_of: HashMap<(usize, u64, u64), usize> = HashMap::default();
    for (ti, t) in cp.teams.iter().enumerate() {
        let prices = cp.prices(t, pi);
        // Days that price alike (same prizes, openings, availability and day and night prices)
        // share a table, and start days whose next `max_days` days price alike share a program run:
        // in the season relaxation most of a month's days do.
        let day_key: Vec<u64> = (0..h.days)
            .map(|d| {
                let mut hs = rustc_hash::FxHasher::default();
                t.available[d].hash(&mut hs);
                prices.day[d].to_bits().hash(&mut hs);
                t.team_day_row[d].map(|r| pi[r].to_bits()).hash(&mut hs);
                rules.day_hash(ti, d).hash(&mut hs);
                for v in &prices.night[d] {
                    v.to_bits().hash(&mut hs);
                }
                for (svc, by_day) in c.services.iter().zip(&prize) {
                    (svc.open[d], by_day[d].to_bits()).hash(&mut hs);
                }
                hs.finish()
            })
            .collect();
        let alike = cp.teams[..=ti]
            .iter()
            .position(|o| o.legs == t.legs && o.cost_per_km == t.cost_per_km)
            .unwrap_or(ti);
        let mut first_day: Vec<usize> = Vec::new();
        let day_table_index: Vec<usize> = (0..h.days)
            .map(|d| {
                *table_of
                    .entry((alike, table_key[d], rules.day_hash(ti, d)))
                    .or_insert_with(|| {
                        first_day.push(d);
                        tables.len() + first_day.len() - 1
                    })
            })
            .collect();
        let built: Vec<DayTable> = first_day
            .par_iter()
            .map(|&d| {
                // A branch's rule on this team-day narrows the legs it may drive.
                let legs: Vec<usize> = t
                    .legs
                    .iter()
                    .copied()
                    .filter(|&i| rules.allows_leg(ti, d, &cp.legs[i]))
                    .collect();
                trips::day_table(
                    &cp.legs,
                    &legs,
                    n_ends,
                    |x| c.services[x].open[d],
                    |x| prize[x][d],
                    t.cost_per_km,
                )
            })
            .collect();
        tables.extend(built);
        let mut run_of: HashMap<&[u64], usize> = HashMap::default();
        let mut starts: Vec<usize> = Vec::new();
        // Per run, the start days after its first that price alike.
        let mut alike: Vec<Vec<usize>> = Vec::new();
        for e in (0..h.days).filter(|&e| t.available[e]) {
            let window = &day_key[e..(e + cp.max_days).min(h.days)];
            // Thin rounds: only a segment's first day and windows inside one kind of day.
            if thin
                && e > 0
                && day_key[e] == day_key[e - 1]
                && window.iter().any(|&k| k != window[0])
            {
                continue;
            }
            let run = *run_of.entry(window).or_insert_with(|| {
                starts.push(e);
                alike.push(Vec::new());
                starts.len() - 1
            });
            if starts[run] != e {
                alike[run].push(e);
            }
        }
        if std::env::var_os("OUTREACH_DEBUG").is_some() {
            eprintln!(
                "    team {ti}: {} new day tables, {} distinct starts",
                first_day.len(),
                starts.len()
            );
        }
        let found: Vec<(Vec<trips::Best>, usize)> = starts
            .par_iter()
            .map(|&e| {
                let refs: Vec<&DayTable> = (e..(e + cp.max_days).min(h.days))
                    .map(|d| &tables[day_table_index[d]])
                    .collect();
                let search = trips::TripSearch {
                    rules: &s.altitude,
                    ends: &cp.ends,
                    prices: &prices,
                    tables: &refs,
                    masks,
                    loads: &loads,
                    start: e,
                    max_days: cp.max_days,
                };
                match pricing {
                    Pricing::Quick(effort) => (trips::best_trips(&search, effort), 0),
                    Pricing::Relaxed { ng } => {
                        trips::relaxed_trips(&search, ng, prices.max_load_kg / LOAD_UNITS)
                    }
                    Pricing::Exact {
                        ng,
                        cap,
                        budget,
                        until,
                    } => (
                        trips::exact_trips(&search, ng, priced_cuts, cap, budget, &|| {
                            until.passed()
                        }),
                        0,
                    ),
                }
            })
            .collect();
        // One run stands for every start day that prices alike: bounds and trips from its first.
        let mut rc_bound = vec![vec![f64::INFINITY; cp.max_days]; h.days];
        let alike: Vec<std::sync::Arc<Vec<usize>>> =
            alike.into_iter().map(std::sync::Arc::new).collect();
        work += found.iter().map(|(_, w)| w).sum::<usize>();
        for ((&e, (per_length, _)), others) in starts.iter().zip(found).zip(&alike) {
            for (l, best) in per_length.into_iter().enumerate() {
                if best.bound == f64::NEG_INFINITY {
                    // A run that gave up proves nothing, so this round bounds nothing.
                    theta = f64::INFINITY;
                } else if best.bound.is_finite() {
                    rc_bound[e][l] = best.bound;
                }
                let trips =
                    best.trip
                        .into_iter()
                        .chain(best.more)
                        .filter_map(|(_, p)| match pricing {
                            Pricing::Relaxed { .. } => {
                                let days: Vec<Leg> =
                                    p.iter().map(|&i| cp.legs[i].clone()).collect();
                                Some(Column {
                                    team: ti,
                                    start: e,
                                    cost: cp.cost(ti, &days),
                                    days,
                                })
                            }
                            _ => cp.repair(ti, e, &p, pi, travel),
                        });
                // A trip whose repair changed a leg the branch rules out is not the branch's.
                for col in trips.filter(|col| rules.allows(col)) {
                    let rc = cp.reduced_cost(&col, duals)
                        - cuts
                            .entries(&col.days)
                            .iter()
                            .map(|&(r, a)| a * duals[r])
                            .sum::<f64>();
                    if rc < -1e-6 {
                        candidates.push(Candidate {
                            rc,
                            col,
                            alike: others.clone(),
                        });
                    }
                }
            }
        }
        for (e, per_length) in rc_bound.iter().enumerate() {
            for (l, &v) in per_length.iter().enumerate() {
                if !v.is_finite() || e + l >= h.days {
                    continue;
                }
                // (The team-day rows' multipliers are in the day prices, so `v` is the whole
                // reduced cost.)
                let full = v;
                if full < 0.0 {
                    let least_cost =
                        (l + 1) as f64 * t.cost_per_day + l as f64 * s.trip_night_cost(t.team);
                    if least_cost > 0.0 {
                        theta = theta.max(1.0 - full / least_cost);
                    } else {
                        theta = f64::INFINITY;
                    }
                }
            }
        }
    }
    if thin {
        // Some start days went unpriced: no bound.
        return (f64::NEG_INFINITY, candidates, work);
    }
    let bound = farley(cp, pi, theta) + cuts.bound_part(duals, theta);
    (bound, candidates, work)
}

/// Farley's bound: when no column's dual value `a·pi` exceeds `theta` times its cost, `pi / theta`
/// is dual feasible, and its objective bounds every plan from below (costs are positive).
pub(super) fn farley(cp: &Campaign, pi: &[f64], theta: f64) -> f64 {
    if !theta.is_finite() {
        return f64::NEG_INFINITY;
    }
    let mut b = 0.0;
    for (r, row) in cp.rows.iter().enumerate() {
        b += pi[r] / theta * row.rhs;
    }
    let least = cp.least_trips();
    for (q, dem) in cp.c.demands.iter().enumerate() {
        // (A shortfall's dual value: its cover row's multiplier, and the trips row's for the
        // trips it counts there.)
        let value = pi[q] + least.map_or(0.0, |r| cp.shortfall_trips(q) * pi[r]);
        b += (dem.penalty - value / theta).min(0.0) * dem.required as f64;
    }
    b
}

/// One LP of the relaxation's master and what it says.
pub(super) struct LpSolution {
    pub(super) objective: f64,
    pub(super) duals: Vec<f64>,
    /// Values of the trips, in the order of `Generation::columns`.
    pub(super) x: Vec<f64>,
}

/// What a run of column generation ends with: its last LP and the best bound its rounds proved.
pub(super) struct Generated {
    pub(super) lp: Option<LpSolution>,
    pub(super) bound: Option<f64>,
}

/// A trip as `Generation::known` holds it: team, start day and shape.
fn known_as(col: &Column) -> (usize, usize, Shape) {
    let shape = col
        .days
        .iter()
        .map(|l| (l.from, l.to, l.stops.clone()))
        .collect();
    (col.team, col.start, shape)
}

/// Column generation on the season relaxation: the LP kept alive in HiGHS and its trips.
pub(super) struct Generation<'c, 'a> {
    pub(super) cp: &'c Campaign<'a>,
    pub(super) travel: &'c crate::travel::Travel,
    pub(super) masks: &'c [u128],
    pub(super) ng: &'c [u128],
    pub(super) relaxed_ng: &'c [u128],
    pub(super) lp: Lp,
    pub(super) columns: Vec<Column>,
    known: HashSet<(usize, usize, Shape)>,
    /// Trips a dive made musts, in order.
    pub(super) fixed: Vec<usize>,
    /// Trips a dive banned, as they fit no more beside its musts.
    pub(super) banned: Vec<usize>,
    pub(super) rounds: usize,
    /// The relaxed pricing's work so far (see `trips::relaxed_trips`), and the work after which
    /// no round begins (a work limit, the same on every machine).
    pub(super) work: usize,
    pub(super) work_limit: usize,
    pub(super) debug: bool,
    /// A branch-and-price node's rules (none outside the tree).
    pub(super) rules: Rules,
    /// The LP's subset-row cuts (only in the tree).
    pub(super) cuts: SubsetRows,
    /// For the bounding LP: a pool as large as the plan's, for its rounds once the flag says the
    /// search beside it is done (until then it keeps to its own thread, not to slow the search).
    pub(super) wide: Option<Wide<'c>>,
}

/// A thread pool and the flag that lets a bounding LP's rounds use it.
pub(super) type Wide<'c> = (&'c rayon::ThreadPool, &'c std::sync::atomic::AtomicBool);

impl<'c, 'a> Generation<'c, 'a> {
    pub(super) fn base_id(&self) -> &str {
        &self.cp.s.bases[self.cp.c.base].id
    }

    /// Column generation from `columns`, which go into its LP.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        cp: &'c Campaign<'a>,
        travel: &'c crate::travel::Travel,
        masks: &'c [u128],
        ng: &'c [u128],
        relaxed_ng: &'c [u128],
        columns: Vec<Column>,
        debug: bool,
    ) -> Self {
        let mut lp = Lp::new(cp);
        for col in &columns {
            lp.add(col.cost, &cp.entries(col));
        }
        Generation {
            cp,
            travel,
            masks,
            ng,
            relaxed_ng,
            lp,
            columns,
            known: HashSet::default(),
            fixed: Vec::new(),
            banned: Vec::new(),
            rounds: 0,
            work: 0,
            work_limit: usize::MAX,
            debug,
            rules: Rules::default(),
            cuts: SubsetRows::default(),
            wide: None,
        }
    }

    /// Takes `columns` into the pool and its LP, after those it has.
    pub(super) fn adopt(&mut self, columns: &[Column]) {
        for col in columns {
            self.lp.add(col.cost, &self.cp.entries(col));
            self.known.insert(known_as(col));
            self.columns.push(col.clone());
        }
    }

    /// Marks every trip of the pool as known, so that pricing does not add it again (a copy
    /// would let the LP split one trip in two halves that no branch separates).
    pub(super) fn know_pool(&mut self) {
        let keys: Vec<_> = self.columns.iter().map(known_as).collect();
        self.known.extend(keys);
    }

    /// Rounds from `stage` on, each stage until it finds no trip, up to the stage `last`; at most
    /// `max_rounds` rounds, and none begun after `until` (which records the cut).
    pub(super) fn run(
        &mut self,
        mut stage: Stage,
        last: Stage,
        max_rounds: usize,
        until: Until,
        progress: &dyn Fn(usize),
    ) -> Result<Generated, String> {
        let cp = self.cp;
        let demands = cp.c.demands.len();
        let mut out = Generated {
            lp: None,
            bound: None,
        };
        for _ in 0..max_rounds {
            if self.work >= self.work_limit {
                break;
            }
            if until.passed() {
                until.cap().cut(format!("{}: trips", self.base_id()));
                break;
            }
            progress(self.rounds + 1);
            let t0 = std::time::Instant::now();
            let (obj, duals, values) = match self.lp.solve(until.left()) {
                Ok(v) => v,
                Err(_) if until.passed() => {
                    until.cap().cut(format!("{}: trips", self.base_id()));
                    break;
                }
                Err(e) => return Err(e),
            };
            self.rounds += 1;
            let pi = self.rules.signed(cp, &duals);
            let priced = || {
                price(
                    cp,
                    self.travel,
                    self.masks,
                    &pi,
                    &duals,
                    match stage {
                        Stage::Exact => Pricing::Exact {
                            ng: self.ng,
                            cap: EXACT_LABELS,
                            budget: EXACT_BUDGET,
                            until,
                        },
                        Stage::Relaxed | Stage::RelaxedThin => Pricing::Relaxed {
                            ng: self.relaxed_ng,
                        },
                        _ => Pricing::Quick(trips::Effort::ROUND),
                    },
                    matches!(stage, Stage::Thin | Stage::RelaxedThin),
                    &self.rules,
                    &self.cuts,
                )
            };
            // Once the search is done, the bound's rounds take the cores it leaves.
            let (round_bound, mut candidates, work) = match self.wide {
                Some((pool, done)) if done.load(std::sync::atomic::Ordering::Relaxed) => {
                    pool.install(priced)
                }
                _ => priced(),
            };
            self.work += work;
            let round_bound = round_bound.max(0.0);
            if out.bound.is_none_or(|b| round_bound > b) {
                out.bound = Some(round_bound);
            }
            candidates.sort_by(|a, b| a.rc.total_cmp(&b.rc));
            // One trip per shape and team (the relaxation does not care on which day it runs).
            let mut shapes: HashSet<(usize, Shape)> = HashSet::default();
            let mut added = 0;
            for Candidate { mut col, alike, .. } in candidates {
                if added >= 400 {
                    break;
                }
                let shape: Shape = col
                    .days
                    .iter()
                    .map(|l| (l.from, l.to, l.stops.clone()))
                    .collect();
                let key = |start| (col.team, start, shape.clone());
                if self.known.contains(&key(col.start)) {
                    // The LP runs this trip from this day already, at its bound of once: its
                    // reduced cost may stay below 0 there, so it goes in from another day that
                    // prices alike, or column generation would stall on it. (Nor does it take
                    // the round's place of its shape from the same trip found on another day.)
                    let fits = |e: usize| {
                        let mut moved = col.clone();
                        moved.start = e;
                        self.rules.allows(&moved)
                    };
                    match alike
                        .iter()
                        .find(|&&e| !self.known.contains(&key(e)) && fits(e))
                    {
                        Some(&e) => col.start = e,
                        None => continue,
                    }
                }
                if !shapes.insert((col.team, shape.clone())) {
                    continue;
                }
                self.known.insert(key(col.start));
                let mut entries = cp.entries(&col);
                entries.extend(self.cuts.entries(&col.days));
                self.lp.add(col.cost, &entries);
                self.columns.push(col);
                added += 1;
            }
            if self.debug {
                eprintln!(
                    "  round {}: lp {obj:.1} bound {:.1} added {added} columns {} {:.2}s",
                    self.rounds,
                    out.bound.unwrap_or(f64::NAN),
                    self.columns.len(),
                    t0.elapsed().as_secs_f64(),
                );
            }
            out.lp = Some(LpSolution {
                objective: obj,
                duals,
                x: values[demands..].to_vec(),
            });
            let converged = out
                .bound
                .is_some_and(|b| obj - b <= 1e-4 * obj.abs().max(1.0));
            if converged || (added == 0 && stage == last) {
                break;
            }
            if added == 0 {
                stage = match stage {
                    Stage::Thin => Stage::Quick,
                    Stage::RelaxedThin | Stage::Relaxed => Stage::Relaxed,
                    _ => Stage::Exact,
                };
            }
        }
        Ok(out)
    }
}
