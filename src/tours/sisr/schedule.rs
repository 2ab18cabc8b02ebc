//! The annealing's temperatures, in typical edges of the first solution: where they start and
//! where they end. Wide time windows want a hotter search than tight ones or none.

use super::Problem;

/// Start and end temperatures without time windows, or with windows and short routes.
const TEMPERATURES: (f64, f64) = (0.3, 0.003);

/// With time windows and long routes (Solomon C2, R2, RC2: wide windows), hotter and ending less
/// cold. At equal iterations (600,000, seeds 1–4, R201 R203 R207 R211 RC203 RC207 C205) the mean
/// gap fell from 0.37 % to 0.26 % and the worst from 1.16 % to 0.75 %; three times hotter again
/// (3.0, 0.03) gave 0.40 % (worst 1.66 %). With short routes (Solomon C1, R1, RC1: tight windows)
/// it lost: 0.14 % against 0.07 % at 300,000 iterations.
const WIDE_TEMPERATURES: (f64, f64) = (1.0, 0.01);

/// Customers a route beyond which routes count as long.
const LONG_ROUTE: f64 = 20.0;

/// Start and end temperatures for `p`, in typical edges.
pub(super) fn temperatures(p: &Problem, windows: bool) -> (f64, f64) {
    if windows && long_routes(p) {
        WIDE_TEMPERATURES
    } else {
        TEMPERATURES
    }
}

/// Whether capacity lets a route serve more than `LONG_ROUTE` customers on average: the
/// wide-window Solomon classes have 33 to 50, the tight-window ones 10 to 13.
fn long_routes(p: &Problem) -> bool {
    let demand: f64 = p.customers.iter().map(|&c| p.demand[c]).sum();
    let routes = (demand / p.capacity).ceil().max(1.0);
    p.customers.len() as f64 / routes > LONG_ROUTE
}

#[cfg(test)]
mod tests {
    use super::super::Problem;

    /// `n` customers of demand 1, travel 1 between any two places.
    fn flat(n: usize, capacity: f64) -> Problem {
        super::super::one_day(vec![1.0; (n + 1) * (n + 1)], capacity)
    }

    #[test]
    fn only_long_routes_with_windows_get_the_hotter_schedule() {
        let short = flat(100, 10.0);
        let long = flat(100, 34.0);
        assert!(!super::long_routes(&short), "ten customers a route");
        assert!(super::long_routes(&long), "thirty-four a route");
        assert_eq!(super::temperatures(&short, true), super::TEMPERATURES);
        assert_eq!(super::temperatures(&long, true), super::WIDE_TEMPERATURES);
        assert_eq!(super::temperatures(&long, false), super::TEMPERATURES);
        let (hot, cold) = super::WIDE_TEMPERATURES;
        assert!(hot > super::TEMPERATURES.0 && cold > super::TEMPERATURES.1);
    }
}
