//! Diving from the LP: `Generation::dive` and `Generation::dive_around`, the size and trips
//! of a dive step, and what a plan costs and misses.

use super::*;

impl<'c, 'a> Generation<'c, 'a> {
    /// A dive from the LP values `x`: each step makes the largest fractional trip a must and runs
    /// the quick stages again, until the LP is whole (its trips are the plan) or the work limit or
    /// `until` is reached (no plan). The trips it makes stay in the pool.
    pub(super) fn dive(
        &mut self,
        x: &[f64],
        work: &Work,
        until: Until,
    ) -> Result<Option<Vec<usize>>, String> {
        let cp = self.cp;
        let mut x = x.to_vec();
        let mut fixed: HashSet<usize> = self.fixed.iter().copied().collect();
        // What the fixed trips use of each limit row: a trip fixed beside them must fit, or the LP
        // would have no solution (cover rows always have one, through their shortfall).
        let mut used = vec![0.0; cp.rows.len()];
        for &j in &self.fixed {
            for (r, a) in cp.entries(&self.columns[j]) {
                used[r] += a;
            }
        }
        let began = self.rounds;
        for step_index in 0..work.dive_steps {
            if (0..x.len()).all(|j| x[j] <= 1e-6 || x[j] >= 1.0 - 1e-6) {
                return Ok(Some((0..x.len()).filter(|&j| x[j] > 0.5).collect()));
            }
            let fits = |j: usize| cp.fits(&used, &cp.entries(&self.columns[j]));
            let fractional = (0..x.len())
                .filter(|&j| !fixed.contains(&j) && x[j] > 1e-6 && x[j] < 1.0 - 1e-6 && fits(j))
                .max_by(|&a, &b| x[a].total_cmp(&x[b]).then(b.cmp(&a)));
            if until.passed() {
                until.cap().cut(format!("{}: dive", self.base_id()));
                return Ok(None);
            }
            let Some(j) = fractional else {
                // No fractional trip fits beside the musts, so none can be in this dive's plan:
                // ban them and price again, rather than end without a plan.
                let misfits: Vec<usize> = (0..x.len())
                    .filter(|&k| !fixed.contains(&k) && x[k] > 1e-6 && x[k] < 1.0 - 1e-6)
                    .collect();
                for &k in &misfits {
                    self.lp.ban(k);
                    self.banned.push(k);
                }
                let step = self.reprice(work, until)?;
                if self.debug {
                    eprintln!(
                        "    dive: banned {} trips that no longer fit, lp {:.1}",
                        misfits.len(),
                        step.lp.as_ref().map_or(f64::NAN, |l| l.objective)
                    );
                }
                match step.lp {
                    Some(lp) => x = lp.x,
                    None => return Ok(None),
                }
                continue;
            };
            // Keep pace with the dive's rounds (see `dive_step_size`); the first step sets the pace.
            let size = if step_index == 0 {
                1
            } else {
                let holds: f64 = (0..x.len())
                    .filter(|k| !fixed.contains(k))
                    .map(|k| x[k])
                    .sum();
                let per_step = (self.rounds - began) as f64 / step_index as f64;
                let left = work.dive_budget.saturating_sub(self.rounds - began) as f64;
                dive_step_size(holds, per_step, left)
            };
            let batch = dive_batch(cp, &self.columns, &x, &fixed, &mut used, j, size);
            for &k in &batch {
                self.lp.fix(k);
                fixed.insert(k);
                self.fixed.push(k);
            }
            let before = self.rounds;
            let step = self.reprice(work, until)?;
            if self.debug {
                eprintln!(
                    "    dive: fixed {j} at {:.3} ({} trips), {} rounds, lp {:.1}",
                    x[j],
                    batch.len(),
                    self.rounds - before,
                    step.lp.as_ref().map_or(f64::NAN, |l| l.objective)
                );
            }
            match step.lp {
                Some(lp) => x = lp.x,
                None => return Ok(None),
            }
        }
        Ok(None)
    }

    /// A dive that starts from the trips `keep` as musts (and no other): the LP frees every trip
    /// fixed before, prices around `keep`, and dives from there.
    pub(super) fn dive_around(
        &mut self,
        keep: &[usize],
        work: &Work,
        until: Until,
    ) -> Result<Option<Vec<usize>>, String> {
        for j in std::mem::take(&mut self.fixed)
            .into_iter()
            .chain(std::mem::take(&mut self.banned))
        {
            self.lp.free(j);
        }
        for &j in keep {
            self.lp.fix(j);
            self.fixed.push(j);
        }
        match self.reprice(work, until)?.lp {
            Some(lp) => self.dive(&lp.x, work, until),
            None => Ok(None),
        }
    }

    /// The quick stages again after trips were fixed or freed: a dive step's rounds.
    fn reprice(&mut self, work: &Work, until: Until) -> Result<Generated, String> {
        self.run(Stage::Thin, Stage::Quick, work.dive_rounds, until, &|_| {})
    }
}

/// Visits each demand misses with the trips `chosen`.
pub(super) fn shortfall(cp: &Campaign, columns: &[Column], chosen: &[usize]) -> Vec<f64> {
    let mut covered = vec![0.0; cp.c.demands.len()];
    for &i in chosen {
        for (r, a) in cp.entries(&columns[i]) {
            if r < covered.len() {
                covered[r] += a;
            }
        }
    }
    cp.c.demands
        .iter()
        .zip(&covered)
        .map(|(d, &c)| (d.required as f64 - c).max(0.0))
        .collect()
}

/// Trips a dive step fixes: when, at `per_step` pricing rounds a step, fixing the `holds` trips
/// the LP still holds (its sum of x over free trips) one a step would not end in the `left` rounds
/// of the dive's budget, as many a step as it takes; else one. On the bundled campaign every step
/// fixes one trip; on campaigns twice its size, one a step would not end in the budget. Rounds,
/// not seconds, so that the pace is the same on every machine.
pub(super) fn dive_step_size(holds: f64, per_step: f64, left: f64) -> usize {
    (holds * per_step / left.max(per_step).max(1e-9))
        .ceil()
        .max(1.0) as usize
}

/// The trips of one dive step: `first`, then up to `size` in all of the largest fractional trips
/// of `x` that are not `fixed`, fit beside those in `used` (which the step's trips are added to)
/// and meet no demand another trip of the step meets.
pub(super) fn dive_batch(
    cp: &Campaign,
    columns: &[Column],
    x: &[f64],
    fixed: &HashSet<usize>,
    used: &mut [f64],
    first: usize,
    size: usize,
) -> Vec<usize> {
    // Cover rows come first, one per demand.
    let demands = cp.c.demands.len();
    let mut met: HashSet<usize> = HashSet::default();
    let take = |entries: Vec<(usize, f64)>, used: &mut [f64], met: &mut HashSet<usize>| {
        for (r, a) in entries {
            used[r] += a;
            if r < demands {
                met.insert(r);
            }
        }
    };
    take(cp.entries(&columns[first]), used, &mut met);
    let mut batch = vec![first];
    let mut by_x: Vec<usize> = (0..x.len())
        .filter(|&k| k != first && !fixed.contains(&k) && x[k] > 1e-6 && x[k] < 1.0 - 1e-6)
        .collect();
    by_x.sort_by(|&a, &b| x[b].total_cmp(&x[a]).then(a.cmp(&b)));
    for k in by_x {
        if batch.len() >= size {
            break;
        }
        let entries = cp.entries(&columns[k]);
        if entries.iter().any(|(r, _)| met.contains(r)) || !cp.fits(used, &entries) {
            continue;
        }
        take(entries, used, &mut met);
        batch.push(k);
    }
    batch
}

/// The columns of `set` (indices into `columns`; sorted and deduplicated here), for a MIP over
/// them alone, and `start` (in `set`) as indices into those.
pub(super) fn subset_with_start(
    columns: &[Column],
    mut set: Vec<usize>,
    start: &[usize],
) -> (Vec<usize>, Vec<Column>, Vec<usize>) {
    set.sort_unstable();
    set.dedup();
    let sub: Vec<Column> = set.iter().map(|&j| columns[j].clone()).collect();
    let start_in: Vec<usize> = start
        .iter()
        .map(|j| set.binary_search(j).expect("the start is in the set"))
        .collect();
    (set, sub, start_in)
}

/// The cost of a set of trips, with the penalties of the visits they miss.
pub(super) fn plan_cost(cp: &Campaign, columns: &[Column], chosen: &[usize]) -> f64 {
    chosen.iter().map(|&i| columns[i].cost).sum::<f64>()
        + cp.c
            .demands
            .iter()
            .zip(shortfall(cp, columns, chosen))
            .map(|(d, u)| d.penalty * u)
            .sum::<f64>()
}
