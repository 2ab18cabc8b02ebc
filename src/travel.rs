//! Distances and driving times between all places (bases, then sites, then lodgings): great-circle distance with `geo`
//! times a circuity factor, at the speed of the slower end's terrain; or measured legs from a matrix
//! file. Within each base's area the times are closed under shortest paths, so that a detour through a
//! village on a fast road is never slower than the direct leg (tour enumeration relies on this).

use crate::scenario::{Scenario, Terrain};
use geo::{Distance, Haversine, Point};
use std::collections::{HashMap, HashSet};

/// Legs between places: every pair stored for scenarios of up to `DENSE_UP_TO` places, else
/// computed from coordinates when asked, beside the measured legs and the closed times of the
/// bases small enough to close (a 10,000-village base would need 1.6 GB for the pairs).
#[derive(Clone, Debug)]
pub struct Travel {
    n: usize,
    geo: Geo,
    store: Store,
}

#[derive(Clone, Debug)]
enum Store {
    Dense {
        km: Vec<f64>,
        minutes: Vec<f64>,
    },
    OnDemand {
        /// Legs from the matrix file, by (from, to).
        measured: HashMap<(usize, usize), (f64, f64)>,
        /// The closed times of each base of at most `CLOSED_UP_TO` places.
        blocks: Vec<Block>,
        /// Per place that is a base or a site: its block and its index there.
        block_of: Vec<Option<(usize, usize)>>,
        /// Per place: its lodging number, for lodgings (they close into every block).
        lodging: Vec<Option<usize>>,
    },
}

/// One base's places (its base, its sites, then every lodging), closed under shortest paths.
#[derive(Clone, Debug)]
struct Block {
    size: usize,
    /// Index of the first lodging in the block.
    lodgings_from: usize,
    km: Vec<f64>,
    minutes: Vec<f64>,
}

/// What the great-circle legs need: per place its point, terrain speed and altitude.
#[derive(Clone, Debug)]
struct Geo {
    points: Vec<Point>,
    kmh: Vec<f64>,
    altitude: Vec<f64>,
    circuity: f64,
    /// (from metres, speed factor), ascending.
    bands: Vec<(f64, f64)>,
}

impl Geo {
    /// Distance (km) and time (minutes) of the direct leg: the great circle times the circuity,
    /// at the slower end's terrain speed and the band of the higher end.
    fn leg(&self, i: usize, j: usize) -> (f64, f64) {
        if i == j {
            return (0.0, 0.0);
        }
        let d = Haversine::distance(self.points[i], self.points[j]) / 1000.0 * self.circuity;
        let top = self.altitude[i].max(self.altitude[j]);
        let factor = self
            .bands
            .iter()
            .rev()
            .find(|&&(from, _)| top >= from)
            .map_or(1.0, |&(_, f)| f);
        let kmh = self.kmh[i].min(self.kmh[j]) * factor;
        (d, d / kmh * 60.0)
    }
}

/// Most places of one base whose times are closed under shortest paths (about 0.1 s of work).
pub const CLOSED_UP_TO: usize = 400;

/// Most places whose every pair is stored (3,000 places: 144 MB).
pub const DENSE_UP_TO: usize = 3000;

impl Travel {
    pub fn build(s: &Scenario) -> Travel {
        Travel::build_with(s, DENSE_UP_TO)
    }

    /// `build`, storing every pair only up to `dense_up_to` places.
    fn build_with(s: &Scenario, dense_up_to: usize) -> Travel {
        let n = s.locations();
        let speed = |t: Terrain| match t {
            Terrain::Plain => s.travel.speed_plain_kmh,
            Terrain::Hill => s.travel.speed_hill_kmh,
            Terrain::Mountain => s.travel.speed_mountain_kmh,
            Terrain::Track => s.travel.speed_track_kmh,
        };
        let mut geo = Geo {
            points: Vec::with_capacity(n),
            kmh: Vec::with_capacity(n),
            altitude: Vec::with_capacity(n),
            circuity: s.travel.circuity,
            bands: s.travel.altitude_speed.clone(),
        };
        let places = s
            .bases
            .iter()
            .map(|b| (b.lon, b.lat, b.terrain, b.altitude_m))
            .chain(
                s.sites
                    .iter()
                    .map(|x| (x.lon, x.lat, x.terrain, x.altitude_m)),
            )
            .chain(
                s.lodgings
                    .iter()
                    .map(|x| (x.lon, x.lat, x.terrain, x.altitude_m)),
            );
        for (lon, lat, terrain, altitude) in places {
            geo.points.push(Point::new(lon, lat));
            geo.kmh.push(speed(terrain));
            geo.altitude.push(altitude);
        }
        // A one-way entry stands for both directions unless the reverse is listed too.
        let listed: HashSet<(usize, usize)> = s
            .travel
            .measured
            .iter()
            .map(|&(a, b, _, _)| (a, b))
            .collect();
        let mut measured: HashMap<(usize, usize), (f64, f64)> = HashMap::new();
        for &(a, b, k, m) in &s.travel.measured {
            measured.insert((a, b), (k, m));
            if !listed.contains(&(b, a)) {
                measured.insert((b, a), (k, m));
            }
        }
        let direct = |i: usize, j: usize| {
            measured
                .get(&(i, j))
                .copied()
                .unwrap_or_else(|| geo.leg(i, j))
        };
        // Each base's places; closing costs the cube of the places, and only enumeration needs
        // it: a base this large is never enumerated (its tours are grown, their legs real legs).
        let areas: Vec<Vec<usize>> = (0..s.bases.len())
            .map(|base| {
                let mut locs = vec![s.base_location(base)];
                locs.extend(
                    (0..s.sites.len())
                        .filter(|&i| s.sites[i].base == base)
                        .map(|i| s.site_location(i)),
                );
                // Lodgings belong to no base: every base's trips may sleep there.
                locs.extend((0..s.lodgings.len()).map(|l| s.lodging_location(l)));
                locs
            })
            .collect();
        if n <= dense_up_to {
            let mut km = vec![0.0; n * n];
            let mut minutes = vec![0.0; n * n];
            for i in 0..n {
                for j in 0..n {
                    (km[i * n + j], minutes[i * n + j]) = direct(i, j);
                }
            }
            for locs in areas.iter().filter(|l| l.len() <= CLOSED_UP_TO) {
                for m in [&mut minutes, &mut km] {
                    close(m, n, locs);
                }
            }
            return Travel {
                n,
                geo,
                store: Store::Dense { km, minutes },
            };
        }
        let mut blocks = Vec::new();
        let mut block_of = vec![None; n];
        let mut lodging = vec![None; n];
        for l in 0..s.lodgings.len() {
            lodging[s.lodging_location(l)] = Some(l);
        }
        for locs in areas.iter().filter(|l| l.len() <= CLOSED_UP_TO) {
            let size = locs.len();
            let mut km = vec![0.0; size * size];
            let mut minutes = vec![0.0; size * size];
            for (a, &i) in locs.iter().enumerate() {
                for (b, &j) in locs.iter().enumerate() {
                    (km[a * size + b], minutes[a * size + b]) = direct(i, j);
                }
            }
            let all: Vec<usize> = (0..size).collect();
            close(&mut minutes, size, &all);
            close(&mut km, size, &all);
            let lodgings_from = size - s.lodgings.len();
            for (a, &i) in locs[..lodgings_from].iter().enumerate() {
                block_of[i] = Some((blocks.len(), a));
            }
            blocks.push(Block {
                size,
                lodgings_from,
                km,
                minutes,
            });
        }
        Travel {
            n,
            geo,
            store: Store::OnDemand {
                measured,
                blocks,
                block_of,
                lodging,
            },
        }
    }

    /// Distance (km) and time (minutes) of the leg from `from` to `to`.
    fn leg(&self, from: usize, to: usize) -> (f64, f64) {
        match &self.store {
            Store::Dense { km, minutes } => {
                let k = from * self.n + to;
                (km[k], minutes[k])
            }
            Store::OnDemand {
                measured,
                blocks,
                block_of,
                lodging,
            } => {
                let in_block = |b: usize, x: usize| match (block_of[x], lodging[x]) {
                    (Some((c, k)), _) if c == b => Some(k),
                    (_, Some(l)) => Some(blocks[b].lodgings_from + l),
                    _ => None,
                };
                let block = block_of[from]
                    .or(block_of[to])
                    .map(|(b, _)| b)
                    .and_then(|b| Some((b, in_block(b, from)?, in_block(b, to)?)));
                if let Some((b, i, j)) = block {
                    let bl = &blocks[b];
                    let k = i * bl.size + j;
                    return (bl.km[k], bl.minutes[k]);
                }
                measured
                    .get(&(from, to))
                    .copied()
                    .unwrap_or_else(|| self.geo.leg(from, to))
            }
        }
    }

    /// A place's point: (longitude, latitude).
    pub fn point(&self, loc: usize) -> (f64, f64) {
        let p = self.geo.points[loc];
        (p.x(), p.y())
    }

    pub fn km(&self, from: usize, to: usize) -> f64 {
        self.leg(from, to).0
    }

    pub fn minutes(&self, from: usize, to: usize) -> f64 {
        self.leg(from, to).1
    }
}

/// Floyd–Warshall over `locs` of the row-major `n × n` matrix `m`.
fn close(m: &mut [f64], n: usize, locs: &[usize]) {
    for &k in locs {
        for &i in locs {
            let ik = m[i * n + k];
            for &j in locs {
                let via = ik + m[k * n + j];
                if via < m[i * n + j] {
                    m[i * n + j] = via;
                }
            }
        }
    }
}

/// Reads the JSON answer of an OSRM `table` request (durations in s, distances in m) over `n` places.
pub fn parse_osrm_table(
    text: &str,
    n: usize,
) -> Result<Vec<(usize, usize, f64, f64)>, crate::lang::Text> {
    use crate::text;
    #[derive(serde::Deserialize)]
    struct Table {
        code: Option<String>,
        durations: Option<Vec<Vec<Option<f64>>>>,
        distances: Option<Vec<Vec<Option<f64>>>>,
    }
    let t: Table = serde_json::from_str(text)
        .map_err(|e| text!("scenario-osrm-json", error = e.to_string(), line = e.line()))?;
    if let Some(code) = &t.code {
        if code != "Ok" {
            return Err(text!("scenario-osrm-code", code = code));
        }
    }
    let durations = t
        .durations
        .ok_or_else(|| text!("scenario-osrm-missing", part = "durations"))?;
    let distances = t
        .distances
        .ok_or_else(|| text!("scenario-osrm-missing", part = "distances"))?;
    if durations.len() != n
        || distances.len() != n
        || durations.iter().chain(&distances).any(|r| r.len() != n)
    {
        return Err(text!("scenario-osrm-size", places = n));
    }
    let mut out = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if let (Some(s), Some(m)) = (durations[i][j], distances[i][j]) {
                if !(s.is_finite() && m.is_finite() && s >= 0.0 && m >= 0.0) {
                    return Err(text!("scenario-osrm-value", row = i, column = j));
                }
                out.push((i, j, m / 1000.0, s / 60.0));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osrm_table_reads_seconds_and_metres() {
        let json = r#"{"code":"Ok","durations":[[0,600],[660,0]],"distances":[[0,9000],[9500,0]]}"#;
        let legs = parse_osrm_table(json, 2).unwrap();
        assert!(legs.contains(&(0, 1, 9.0, 10.0)));
        assert!(legs.contains(&(1, 0, 9.5, 11.0)));
        let e = parse_osrm_table(json, 3).unwrap_err();
        assert!(e.render(crate::lang::Lang::En).contains("3 x 3"));
        assert!(parse_osrm_table("{", 2).is_err());
    }

    #[test]
    fn stored_and_on_demand_legs_agree() {
        for name in ["tiny", "ngamring-high-altitude", "zibo-health-bus"] {
            let s = crate::load(&crate::scenario::bundled::find(name).unwrap()).unwrap();
            let dense = Travel::build_with(&s, usize::MAX);
            let lazy = Travel::build_with(&s, 0);
            assert!(matches!(lazy.store, Store::OnDemand { .. }));
            let n = s.locations();
            let step = (n / 60).max(1);
            for i in (0..n).step_by(step) {
                for j in 0..n {
                    // Lodging to lodging is not closed on demand (it belongs to no one base).
                    let both_lodgings =
                        i >= s.bases.len() + s.sites.len() && j >= s.bases.len() + s.sites.len();
                    if both_lodgings {
                        continue;
                    }
                    assert_eq!(dense.km(i, j), lazy.km(i, j), "{name} {i}->{j}");
                    assert_eq!(dense.minutes(i, j), lazy.minutes(i, j), "{name} {i}->{j}");
                }
            }
        }
    }

    #[test]
    fn high_legs_are_slower_by_their_band() {
        let mut s = crate::load(&crate::scenario::bundled::find("tiny").unwrap()).unwrap();
        let plain = Travel::build(&s);
        let (a, b) = (s.site_location(0), s.site_location(1));
        s.travel.altitude_speed = vec![(4000.0, 0.9), (4500.0, 0.8)];
        s.sites[0].altitude_m = 4200.0;
        s.sites[1].altitude_m = 4600.0;
        let high = Travel::build(&s);
        // The leg's higher end (4,600 m) sets the factor; distance is unchanged.
        assert!((high.minutes(a, b) - plain.minutes(a, b) / 0.8).abs() < 1e-9);
        assert_eq!(high.km(a, b), plain.km(a, b));
        // A leg between low places keeps its speed.
        let (c, d) = (s.site_location(2), s.site_location(3));
        assert!((high.minutes(c, d) - plain.minutes(c, d)).abs() < 1e-9);
    }
}
