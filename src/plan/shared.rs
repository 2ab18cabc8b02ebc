//! What plans of variations of one scenario share (a sweep's): travel matrices and tour pools,
//! keyed by fingerprints of the inputs they depend on.

use crate::model::Component;
use crate::scenario::Scenario;
use crate::tours::{Limits, Tour};
use crate::travel::Travel;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// What plans of variations of one scenario can share: the travel matrix (when places and travel
/// settings are the same) and each base's enumerated tours (when its services, limits and vehicle
/// costs are the same). Keys are fingerprints of exactly those inputs, so a variation that changes
/// them gets its own.
#[derive(Default)]
pub struct Shared {
    travel: Mutex<HashMap<u64, Arc<Travel>>>,
    pools: Mutex<HashMap<u64, Arc<Option<Vec<Tour>>>>>,
    hits: AtomicUsize,
}

impl Shared {
    pub fn new() -> Shared {
        Shared::default()
    }

    /// How many times a travel matrix or a tour pool was reused rather than computed.
    pub fn reuses(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    pub(super) fn travel(&self, s: &Scenario, key: u64) -> Arc<Travel> {
        let mut map = self.travel.lock().expect("no thread panics holding it");
        if let Some(t) = map.get(&key) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return t.clone();
        }
        let t = Arc::new(Travel::build(s));
        map.insert(key, t.clone());
        t
    }

    pub(super) fn pool(
        &self,
        key: u64,
        make: impl FnOnce() -> Option<Vec<Tour>>,
    ) -> Arc<Option<Vec<Tour>>> {
        if let Some(p) = self
            .pools
            .lock()
            .expect("no thread panics holding it")
            .get(&key)
        {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return p.clone();
        }
        // Enumerated outside the lock: two threads may both enumerate one base once, never wrongly.
        let p = Arc::new(make());
        self.pools
            .lock()
            .expect("no thread panics holding it")
            .entry(key)
            .or_insert(p)
            .clone()
    }
}

pub(super) fn travel_fingerprint(s: &Scenario) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // Every place a leg may start or end at, in the same order: bases, sites, lodgings.
    let bases = s
        .bases
        .iter()
        .map(|b| (b.lat, b.lon, b.terrain, b.altitude_m));
    let sites = s
        .sites
        .iter()
        .map(|x| (x.lat, x.lon, x.terrain, x.altitude_m));
    let lodgings = s
        .lodgings
        .iter()
        .map(|x| (x.lat, x.lon, x.terrain, x.altitude_m));
    for (lat, lon, terrain, altitude_m) in bases.chain(sites).chain(lodgings) {
        (
            lat.to_bits(),
            lon.to_bits(),
            terrain as u8,
            altitude_m.to_bits(),
        )
            .hash(&mut h);
    }
    for &(from, f) in &s.travel.altitude_speed {
        (from.to_bits(), f.to_bits()).hash(&mut h);
    }
    let t = &s.travel;
    format!("{:?}", t.model).hash(&mut h);
    for v in [
        t.circuity,
        t.speed_plain_kmh,
        t.speed_hill_kmh,
        t.speed_mountain_kmh,
        t.speed_track_kmh,
    ] {
        v.to_bits().hash(&mut h);
    }
    for &(i, j, km, min) in &t.measured {
        (i, j, km.to_bits(), min.to_bits()).hash(&mut h);
    }
    h.finish()
}

/// Everything tour enumeration of one base reads.
pub(super) fn pool_fingerprint(
    s: &Scenario,
    travel: u64,
    c: &Component,
    limits: &Limits,
    cap: usize,
) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (travel, c.base, c.base_location, cap).hash(&mut h);
    // Tours carry their crew slots, which depend on the crew and the clearance line.
    (&s.crew, s.clearance_above_m.map(f64::to_bits)).hash(&mut h);
    for x in &c.services {
        (
            x.location,
            x.service_minutes.to_bits(),
            x.load_kg.to_bits(),
            &x.specialty,
        )
            .hash(&mut h);
    }
    (
        limits.working_minutes.to_bits(),
        limits.max_drive_minutes.to_bits(),
        limits.seats,
        limits.max_load_kg.to_bits(),
    )
        .hash(&mut h);
    (c.cost_per_km.to_bits(), c.cost_per_day.to_bits()).hash(&mut h);
    let ch = &c.change;
    (
        ch.tour_day.to_bits(),
        ch.village.to_bits(),
        ch.clinician_day.to_bits(),
    )
        .hash(&mut h);
    h.finish()
}
