//! Distances and driving times between all places (bases, then sites, then lodgings): great-circle distance with `geo`
//! times a circuity factor, at the speed of the slower end's terrain; or measured legs from a matrix
//! file. Within each base's area the times are closed under shortest paths, so that a detour through a
//! village on a fast road is never slower than the direct leg (tour enumeration relies on this).

use crate::scenario::{Scenario, Terrain};
use geo::{Distance, Haversine, Point};

#[derive(Clone, Debug)]
pub struct Travel {
    n: usize,
    km: Vec<f64>,
    minutes: Vec<f64>,
}

/// Most places of one base whose times are closed under shortest paths (about 0.1 s of work).
pub const CLOSED_UP_TO: usize = 400;

impl Travel {
    pub fn build(s: &Scenario) -> Travel {
        let n = s.locations();
        let mut coords = Vec::with_capacity(n);
        let mut terrain = Vec::with_capacity(n);
        let mut altitude = Vec::with_capacity(n);
        for b in &s.bases {
            coords.push(Point::new(b.lon, b.lat));
            terrain.push(b.terrain);
            altitude.push(b.altitude_m);
        }
        for x in &s.sites {
            coords.push(Point::new(x.lon, x.lat));
            terrain.push(x.terrain);
            altitude.push(x.altitude_m);
        }
        for x in &s.lodgings {
            coords.push(Point::new(x.lon, x.lat));
            terrain.push(x.terrain);
            altitude.push(x.altitude_m);
        }
        // The band of the leg's higher end sets its speed factor.
        let factor = |i: usize, j: usize| {
            let top = altitude[i].max(altitude[j]);
            s.travel
                .altitude_speed
                .iter()
                .rev()
                .find(|&&(from, _)| top >= from)
                .map_or(1.0, |&(_, f)| f)
        };
        let speed = |t: Terrain| match t {
            Terrain::Plain => s.travel.speed_plain_kmh,
            Terrain::Hill => s.travel.speed_hill_kmh,
            Terrain::Mountain => s.travel.speed_mountain_kmh,
            Terrain::Track => s.travel.speed_track_kmh,
        };
        let mut km = vec![0.0; n * n];
        let mut minutes = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                if i != j {
                    let d = Haversine::distance(coords[i], coords[j]) / 1000.0 * s.travel.circuity;
                    km[i * n + j] = d;
                    let kmh = speed(terrain[i]).min(speed(terrain[j])) * factor(i, j);
                    minutes[i * n + j] = d / kmh * 60.0;
                }
            }
        }
        for &(a, b, k, m) in &s.travel.measured {
            km[a * n + b] = k;
            minutes[a * n + b] = m;
            // A one-way entry stands for both directions unless the reverse is listed too.
            if !s
                .travel
                .measured
                .iter()
                .any(|&(x, y, _, _)| x == b && y == a)
            {
                km[b * n + a] = k;
                minutes[b * n + a] = m;
            }
        }
        let mut t = Travel { n, km, minutes };
        for base in 0..s.bases.len() {
            let mut locs = vec![s.base_location(base)];
            locs.extend(
                (0..s.sites.len())
                    .filter(|&i| s.sites[i].base == base)
                    .map(|i| s.site_location(i)),
            );
            // Lodgings belong to no base: every base's trips may sleep there.
            locs.extend((0..s.lodgings.len()).map(|l| s.lodging_location(l)));
            // Closing costs the cube of the places; only enumeration needs it, and a base this
            // large is never enumerated (its tours are grown, and their legs stay real legs).
            if locs.len() <= CLOSED_UP_TO {
                t.close(&locs);
            }
        }
        t
    }

    /// Floyd–Warshall over a set of locations, on times and distances separately.
    fn close(&mut self, locs: &[usize]) {
        let n = self.n;
        for m in [&mut self.minutes, &mut self.km] {
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
    }

    pub fn km(&self, from: usize, to: usize) -> f64 {
        self.km[from * self.n + to]
    }

    pub fn minutes(&self, from: usize, to: usize) -> f64 {
        self.minutes[from * self.n + to]
    }
}

/// Reads the JSON answer of an OSRM `table` request (durations in s, distances in m) over `n` places.
pub fn parse_osrm_table(text: &str, n: usize) -> Result<Vec<(usize, usize, f64, f64)>, String> {
    #[derive(serde::Deserialize)]
    struct Table {
        code: Option<String>,
        durations: Option<Vec<Vec<Option<f64>>>>,
        distances: Option<Vec<Vec<Option<f64>>>>,
    }
    let t: Table = serde_json::from_str(text)
        .map_err(|e| format!("not an OSRM table answer: {e} (line {})", e.line()))?;
    if let Some(code) = &t.code {
        if code != "Ok" {
            return Err(format!("the OSRM answer has code `{code}`, not `Ok`"));
        }
    }
    let durations = t
        .durations
        .ok_or("the OSRM answer has no `durations`; request annotations=duration,distance")?;
    let distances = t
        .distances
        .ok_or("the OSRM answer has no `distances`; request annotations=duration,distance")?;
    if durations.len() != n
        || distances.len() != n
        || durations.iter().chain(&distances).any(|r| r.len() != n)
    {
        return Err(format!(
            "the OSRM table must be {n} x {n} (bases, then sites, in file order)"
        ));
    }
    let mut out = Vec::new();
    for i in 0..n {
        for j in 0..n {
            if let (Some(s), Some(m)) = (durations[i][j], distances[i][j]) {
                if !(s.is_finite() && m.is_finite() && s >= 0.0 && m >= 0.0) {
                    return Err(format!(
                        "row {i}, column {j}: a duration or distance is negative or not finite"
                    ));
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
        assert!(parse_osrm_table(json, 3).unwrap_err().contains("3 x 3"));
        assert!(parse_osrm_table("{", 2).is_err());
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
