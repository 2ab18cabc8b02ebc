//! Larger scenarios from a bundled one, for benchmarks of scale: `times` copies of every base with
//! its villages, vehicles, clinicians and requirements, each copy placed east of the last and its
//! villages moved a little at random (seeded), so that no copy is the same problem as another.

use crate::scenario::Scenario;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Most a copied village moves, in degrees (about 1 km).
const JITTER_DEG: f64 = 0.01;

/// The scenario with `times` copies of each base (1: the scenario itself). Campaigns (fixed teams,
/// lodgings) and measured travel matrices are refused: their copies would need places and legs
/// that do not exist.
pub fn scaled(s: &Scenario, times: usize, seed: u64) -> Result<Scenario, String> {
    if times == 0 {
        return Err("--scale must be at least 1".into());
    }
    if times == 1 {
        return Ok(s.clone());
    }
    if !s.teams.is_empty() || !s.lodgings.is_empty() {
        return Err(format!(
            "`{}` is a campaign (fixed teams and lodgings); only day-route scenarios are scaled",
            s.name
        ));
    }
    if !s.travel.measured.is_empty() {
        return Err(format!(
            "`{}` uses a measured travel matrix, which has no legs for copied places",
            s.name
        ));
    }
    let lons = s
        .bases
        .iter()
        .map(|b| b.lon)
        .chain(s.sites.iter().map(|x| x.lon));
    let (west, east) = lons.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let shift = east - west + 0.2;
    let (nb, ns) = (s.bases.len(), s.sites.len());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out = s.clone();
    out.name = format!("{} ×{times}", s.name);
    for k in 1..times {
        let east = k as f64 * shift;
        let tag = |id: &str| format!("{id}-x{k}");
        for b in &s.bases {
            let mut c = b.clone();
            c.id = tag(&b.id);
            c.name = format!("{}（{}）", b.name, k + 1);
            c.lon += east;
            out.bases.push(c);
        }
        for x in &s.sites {
            let mut c = x.clone();
            c.id = tag(&x.id);
            c.base += k * nb;
            c.lat += rng.gen_range(-JITTER_DEG..JITTER_DEG);
            c.lon += east + rng.gen_range(-JITTER_DEG..JITTER_DEG);
            out.sites.push(c);
        }
        for v in &s.vehicles {
            let mut c = v.clone();
            c.id = tag(&v.id);
            c.base += k * nb;
            out.vehicles.push(c);
        }
        for p in &s.clinicians {
            let mut c = p.clone();
            c.id = tag(&p.id);
            c.base += k * nb;
            out.clinicians.push(c);
        }
        for r in &s.requirements {
            let mut c = r.clone();
            c.site += k * ns;
            out.requirements.push(c);
        }
        for r in &s.closures {
            let mut c = r.clone();
            c.site += k * ns;
            out.closures.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Scenario {
        crate::load(&crate::scenario::bundled::find("tiny").expect("bundled")).expect("tiny loads")
    }

    #[test]
    fn every_copy_has_its_own_ids_and_keeps_its_links() {
        let s = tiny();
        let big = scaled(&s, 3, 1).unwrap();
        assert_eq!(big.bases.len(), 3 * s.bases.len());
        assert_eq!(big.sites.len(), 3 * s.sites.len());
        assert_eq!(big.requirements.len(), 3 * s.requirements.len());
        let mut ids: Vec<&str> = big.sites.iter().map(|x| x.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), big.sites.len(), "site ids stay unique");
        for (i, x) in big.sites.iter().enumerate() {
            assert_eq!(
                x.base / s.bases.len(),
                i / s.sites.len(),
                "a copy's sites are its bases'"
            );
        }
        for v in &big.vehicles[s.vehicles.len()..] {
            assert!(v.base >= s.bases.len());
        }
        assert_eq!(
            scaled(&s, 3, 1).unwrap().sites[7].lat,
            big.sites[7].lat,
            "seeded"
        );
    }

    #[test]
    fn a_scaled_plan_passes_check_and_meets_what_the_original_meets_times_over() {
        let s = tiny();
        let big = scaled(&s, 2, 1).unwrap();
        let mut o = crate::Options::from_scenario(&big);
        o.threads = 1;
        let plan = crate::plan(&big, &o, &crate::plan::Quiet).unwrap();
        assert!(crate::check(&big, &plan).is_empty());
        assert_eq!(
            plan.summary.visits_required,
            2 * crate::plan(&s, &o, &crate::plan::Quiet)
                .unwrap()
                .summary
                .visits_required
        );
    }

    #[test]
    fn campaigns_and_zero_are_refused() {
        assert!(scaled(&tiny(), 0, 1).is_err());
        let ngamring =
            crate::load(&crate::scenario::bundled::find("ngamring-high-altitude").unwrap())
                .unwrap();
        assert!(scaled(&ngamring, 2, 1).unwrap_err().contains("campaign"));
    }
}
