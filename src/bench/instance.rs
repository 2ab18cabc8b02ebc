//! Public routing benchmark instances (CVRP, VRPTW, periodic and multi-depot VRP) in one shape, with
//! each set's distance convention, and an independent feasibility check of a solution.

/// The benchmark family an instance comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// VRPLIB `.vrp` (Augerat A/B/P, Uchoa X): capacity only.
    Cvrp,
    /// Solomon: capacity and time windows.
    Vrptw,
    /// Cordeau type 1: visit frequencies and allowed day patterns over `days` days.
    Pvrp,
    /// Cordeau type 2: several depots.
    Mdvrp,
}

/// How an edge's length is computed from coordinates, per the set's convention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rounding {
    /// Euclidean rounded to the nearest integer (TSPLIB `nint`): CVRPLIB.
    Nint,
    /// Euclidean truncated to one decimal (`floor(10 d) / 10`): the DIMACS VRPTW convention,
    /// for distances and travel times alike.
    TruncTenth,
    /// Euclidean in double precision: Cordeau's sets.
    Real,
}

#[derive(Clone, Debug)]
pub struct Instance {
    pub name: String,
    pub family: Family,
    pub rounding: Rounding,
    /// Nodes `0..depots` are depots; customers follow.
    pub depots: usize,
    pub x: Vec<f64>,
    pub y: Vec<f64>,
    /// Demand per visit (0 at depots).
    pub demand: Vec<f64>,
    /// Service duration per visit (0 at depots).
    pub service: Vec<f64>,
    /// Time window per node; `0..f64::INFINITY` where the set has none. A depot's `due` is the
    /// latest return.
    pub ready: Vec<f64>,
    pub due: Vec<f64>,
    pub capacity: f64,
    /// Longest route (travel plus service), if limited.
    pub max_duration: Option<f64>,
    /// Vehicles: per day and depot for Cordeau's sets, in all for Solomon; `None` = unlimited.
    pub vehicles: Option<usize>,
    /// Days of the period (1 unless periodic).
    pub days: usize,
    /// Per node, the allowed visit patterns as day bit masks (bit `d` = day `d`, from 0). Empty
    /// for depots and for non-periodic sets (then every customer is visited once, on day 0).
    pub patterns: Vec<Vec<u32>>,
    /// Best-known solution value in the set's convention, if the set's table has one.
    pub bks: Option<f64>,
}

impl Instance {
    pub fn nodes(&self) -> usize {
        self.x.len()
    }

    pub fn customers(&self) -> std::ops::Range<usize> {
        self.depots..self.nodes()
    }

    /// Edge length in the set's convention (also the travel time).
    pub fn dist(&self, i: usize, j: usize) -> f64 {
        let d = ((self.x[i] - self.x[j]).powi(2) + (self.y[i] - self.y[j]).powi(2)).sqrt();
        match self.rounding {
            Rounding::Nint => (d + 0.5).floor(),
            Rounding::TruncTenth => (d * 10.0 + 1e-9).floor() / 10.0,
            Rounding::Real => d,
        }
    }

    /// The full matrix, row-major.
    pub fn matrix(&self) -> Vec<f64> {
        let n = self.nodes();
        let mut m = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                m[i * n + j] = self.dist(i, j);
            }
        }
        m
    }
}

/// One route: from `depot`, on `day`, through `customers` (node indices), back to `depot`.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub day: usize,
    pub depot: usize,
    pub customers: Vec<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Solution {
    pub routes: Vec<Route>,
}
