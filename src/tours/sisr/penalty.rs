//! The price of time warp in the route engine: adapted as the search goes, so that it crosses
//! solutions that break windows without losing its way back to ones that meet them.

/// The price of time warp, adapted so that about `TARGET` of the candidate solutions meet their
/// windows: a higher price when too few do, a lower one when most do, so the search crosses
/// infeasible solutions without losing its way back (as in hybrid genetic search, Vidal 2012).
#[derive(Default)]
pub(super) struct Feasibility {
    seen: u32,
    feasible: u32,
}

impl Feasibility {
    pub(super) const FIRST_WEIGHT: f64 = 1.0;
    /// Measured on the Solomon instances: 0.6 and 0.75 kept the search too long among infeasible
    /// solutions.
    const TARGET: f64 = 0.9;
    const EVERY: u32 = 100;
    const RANGE: (f64, f64) = (0.01, 1e4);

    /// Counts a candidate; every `EVERY` candidates, the new weight when it changes.
    pub(super) fn record(&mut self, meets: bool, weight: f64) -> Option<f64> {
        self.seen += 1;
        self.feasible += u32::from(meets);
        if self.seen < Self::EVERY {
            return None;
        }
        let share = f64::from(self.feasible) / f64::from(self.seen);
        *self = Feasibility::default();
        let target = Self::TARGET;
        let factor = if share < target - 0.05 {
            1.25
        } else if share > target + 0.05 {
            0.85
        } else {
            return None;
        };
        Some((weight * factor).clamp(Self::RANGE.0, Self::RANGE.1))
    }
}

#[cfg(test)]
mod tests {
    use super::Feasibility;

    fn run(f: &mut Feasibility, feasible: u32, weight: f64) -> Option<f64> {
        let mut out = None;
        for k in 0..Feasibility::EVERY {
            out = f.record(k < feasible, weight);
        }
        out
    }

    #[test]
    fn the_weight_rises_when_few_candidates_meet_their_windows_and_falls_when_all_do() {
        let mut f = Feasibility::default();
        assert_eq!(f.record(true, 1.0), None, "only every EVERY candidates");
        let mut f = Feasibility::default();
        assert!(run(&mut f, 10, 1.0).unwrap() > 1.0);
        assert!(run(&mut f, Feasibility::EVERY, 1.0).unwrap() < 1.0);
        let near = (Feasibility::TARGET * f64::from(Feasibility::EVERY)) as u32;
        assert_eq!(run(&mut f, near, 1.0), None, "at the target it stays");
        assert_eq!(run(&mut f, 0, 1e4), Some(1e4), "within its range");
    }
}
