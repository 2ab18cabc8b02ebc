//! Subset-row cuts for the branch-and-price tree: for a set S of three villages each owed one
//! visit in the season,
//!
//!   subset-row(S)   Σ ⌊(visits of the trip to S) / 2⌋ · trip ≤ 1
//!
//! (half the three cover rows, rounded down: a rank-1 Chvátal–Gomory cut). Dropping a visit from
//! a trip never costs more (stops only shorten a day and lighten the load), so some optimal plan
//! visits each such village once at most, and it keeps every cut: the tree's bound stays a bound.
//! An LP that runs trips through two of the three villages each at a half, as fractional LPs of
//! campaigns do, breaks it. The exact pricing charges each pair of visits the row's multiplier
//! (`trips::Cuts`).

use super::*;

/// Cuts added at once: the most violated first.
const CUTS_A_ROUND: usize = 8;
/// Most cuts in all (the pricing keeps one bit a cut for its labels).
const MOST_CUTS: usize = 64;
/// How far the LP must break a cut for it to be added.
const VIOLATION: f64 = 0.02;

/// The cuts of an LP, as rows after the campaign's own.
#[derive(Clone, Default)]
pub(super) struct SubsetRows {
    /// Each cut's villages (service indices) as bits.
    pub(super) sets: Vec<u128>,
    /// The first cut's row.
    first: usize,
}

impl SubsetRows {
    pub(super) fn new(cp: &Campaign) -> SubsetRows {
        SubsetRows {
            sets: Vec::new(),
            first: cp.rows.len(),
        }
    }

    /// The villages a trip visits (those with an index below 128), as bits.
    fn visited(days: &[Leg]) -> u128 {
        days.iter().fold(0, |m, l| m | trips::mask_of(&l.stops))
    }

    /// The trip's (row, coefficient) pairs in the cuts. (Trips visit a village once.)
    pub(super) fn entries(&self, days: &[Leg]) -> Vec<(usize, f64)> {
        // (Outside the tree there are none: pricing asks for every trip it finds.)
        if self.sets.is_empty() {
            return Vec::new();
        }
        let visited = Self::visited(days);
        self.sets
            .iter()
            .enumerate()
            .filter_map(|(k, &set)| coefficient(visited, set).map(|a| (self.first + k, a)))
            .collect()
    }

    /// Each cut's price for the pricing at the LP's duals (rows `≤ 1`: the multiplier, negated).
    pub(super) fn prices(&self, duals: &[f64]) -> Vec<f64> {
        (0..self.sets.len())
            .map(|k| (-duals.get(self.first + k).copied().unwrap_or(0.0)).max(0.0))
            .collect()
    }

    /// The cuts' part of Farley's bound at multipliers `duals / theta` (right-hand sides of 1).
    pub(super) fn bound_part(&self, duals: &[f64], theta: f64) -> f64 {
        -self.prices(duals).iter().sum::<f64>() / theta
    }

    /// Cuts the LP `x` (by `columns`) breaks by more than `VIOLATION`, over villages owed one
    /// visit (`once`), the most broken first, not those already in: at most `CUTS_A_ROUND`, and
    /// `MOST_CUTS` in all. Ties go to the first triple in order, so every run adds the same.
    pub(super) fn separate(&self, columns: &[Column], x: &[f64], once: &[bool]) -> Vec<u128> {
        let room = MOST_CUTS.saturating_sub(self.sets.len()).min(CUTS_A_ROUND);
        if room == 0 {
            return Vec::new();
        }
        let villages: Vec<usize> = (0..once.len().min(128)).filter(|&v| once[v]).collect();
        // The trips the LP runs, by the villages owed once they visit (two at least).
        let owed = villages.iter().fold(0u128, |m, &v| m | (1u128 << v));
        let runs: Vec<(u128, f64)> = columns
            .iter()
            .zip(x)
            .filter(|&(_, &v)| v > 1e-6)
            .map(|(col, &v)| (Self::visited(&col.days) & owed, v))
            .filter(|&(m, _)| m.count_ones() >= 2)
            .collect();
        let mut found: Vec<(f64, u128)> = Vec::new();
        for (a, &i) in villages.iter().enumerate() {
            for (b, &j) in villages.iter().enumerate().skip(a + 1) {
                let pair = (1u128 << i) | (1u128 << j);
                // Only triples with a trip through two of them can be broken.
                for &k in &villages[b + 1..] {
                    let set = pair | (1u128 << k);
                    let lhs: f64 = runs
                        .iter()
                        .filter(|&&(m, _)| (m & set).count_ones() >= 2)
                        .map(|&(_, v)| v)
                        .sum();
                    if lhs > 1.0 + VIOLATION && !self.sets.contains(&set) {
                        found.push((lhs, set));
                    }
                }
            }
        }
        // Most broken first; ties by the triple, lowest bits first.
        found.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        // Cuts that share two villages with one taken add little beside it.
        let mut taken: Vec<u128> = Vec::new();
        for (_, set) in found {
            if taken.len() >= room {
                break;
            }
            if taken.iter().all(|&t| (t & set).count_ones() < 2) {
                taken.push(set);
            }
        }
        taken
    }

    /// Frees the rows of the last `n` cuts (no bounds): they hold nothing from then on.
    pub(super) fn free_last(&mut self, lp: &mut Lp, n: usize) {
        for k in self.sets.len().saturating_sub(n)..self.sets.len() {
            lp.set_row(self.first + k, f64::NEG_INFINITY, f64::INFINITY);
            // (An empty set enters no trip's row.)
            self.sets[k] = 0;
        }
    }

    /// Adds `sets` as cuts: each one's row, with its coefficients in `columns`, goes into `lp`.
    pub(super) fn add(&mut self, lp: &mut Lp, columns: &[Column], sets: &[u128]) {
        for &set in sets {
            let coefficients: Vec<(usize, f64)> = columns
                .iter()
                .enumerate()
                .filter_map(|(j, col)| coefficient(Self::visited(&col.days), set).map(|a| (j, a)))
                .collect();
            lp.add_cut(&coefficients);
            self.sets.push(set);
        }
    }
}

/// A trip's coefficient in the cut of `set`, from the villages it visits: one for every two.
fn coefficient(visited: u128, set: u128) -> Option<f64> {
    let pairs = (visited & set).count_ones() / 2;
    (pairs > 0).then_some(pairs as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trip(stops: &[&[usize]]) -> Column {
        let days = stops
            .iter()
            .enumerate()
            .map(|(k, s)| Leg {
                from: if k == 0 { 0 } else { 1 },
                to: if k + 1 == stops.len() { 0 } else { 1 },
                stops: s.to_vec(),
                km: 10.0,
                drive_minutes: 20.0,
                work_minutes: 120.0,
                load_kg: 0.0,
                top_m: 4000.0,
            })
            .collect();
        Column {
            team: 0,
            start: 0,
            days,
            cost: 100.0,
        }
    }

    fn cuts() -> SubsetRows {
        SubsetRows {
            sets: Vec::new(),
            first: 10,
        }
    }

    #[test]
    fn three_trips_through_two_of_three_villages_at_a_half_break_a_cut() {
        // Villages 1, 2, 4 pairwise on three trips, each run at a half: 1.5 > 1.
        let columns = [
            trip(&[&[1], &[2]]),
            trip(&[&[2, 4]]),
            trip(&[&[4], &[3], &[1]]),
            trip(&[&[5]]),
        ];
        let once = vec![true; 6];
        let set = (1 << 1) | (1 << 2) | (1 << 4);
        let found = cuts().separate(&columns, &[0.5, 0.5, 0.5, 1.0], &once);
        assert_eq!(found, vec![set]);
        // At a third each the LP keeps it (1.0), and a village owed twice is left out.
        assert!(cuts()
            .separate(&columns, &[0.33, 0.33, 0.33, 1.0], &once)
            .is_empty());
        let mut twice = once.clone();
        twice[4] = false;
        assert!(cuts()
            .separate(&columns, &[0.5, 0.5, 0.5, 1.0], &twice)
            .is_empty());
        // A cut already in is not added again.
        let mut known = cuts();
        known.sets.push(set);
        assert!(known
            .separate(&columns, &[0.5, 0.5, 0.5, 1.0], &once)
            .is_empty());
    }

    #[test]
    fn a_trip_enters_a_cut_once_for_two_of_its_villages_and_pays_its_price() {
        let mut c = cuts();
        c.sets = vec![
            (1 << 1) | (1 << 2) | (1 << 4),
            (1 << 0) | (1 << 3) | (1 << 5),
        ];
        assert_eq!(c.entries(&trip(&[&[1], &[2, 4]]).days), vec![(10, 1.0)]);
        assert_eq!(c.entries(&trip(&[&[0], &[3]]).days), vec![(11, 1.0)]);
        assert!(c.entries(&trip(&[&[1, 3]]).days).is_empty());
        // Prices from the rows' duals (rows ≤ 1: at most 0), and their part of the bound.
        let mut duals = vec![0.0; 12];
        duals[10] = -30.0;
        duals[11] = 5.0;
        assert_eq!(c.prices(&duals), vec![30.0, 0.0]);
        assert_eq!(c.bound_part(&duals, 2.0), -15.0);
    }
}
