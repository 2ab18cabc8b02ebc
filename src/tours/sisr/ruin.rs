//! The search's moves: remove strings of nearby customers from their routes (`ruin`) and put each
//! back at its cheapest allowed place, now and then skipping one (`recreate`, `insert`).

use super::*;

impl Engine<'_> {
    /// Whether the recreate skips this place, at `rate` of the places. The gap to the next skipped
    /// place is drawn once per skip (geometric), not a draw per place: the draws were a third of
    /// the time of a recreate.
    #[inline]
    pub(super) fn blinks(&mut self, rate: f64) -> bool {
        if self.until_blink > 0 {
            self.until_blink -= 1;
            return false;
        }
        let u: f64 = self.rng.gen();
        self.until_blink = ((1.0 - u).ln() / (1.0 - rate).ln()).floor() as u64;
        true
    }

    pub(super) fn vehicles_left(&self, s: &Solution, day: usize, depot: usize) -> bool {
        if let Some(m) = self.fleet_cap {
            if s.routes.len() >= m {
                return false;
            }
        }
        if let Some(m) = self.p.vehicles_total {
            if s.routes.len() >= m {
                return false;
            }
        }
        if let Some(m) = self.p.vehicles_per_day_depot {
            let used = s
                .routes
                .iter()
                .filter(|r| r.day == day && r.depot == depot)
                .count();
            if used >= m {
                return false;
            }
        }
        true
    }

    /// The cheapest place for `c` on `day`: (cost, route or a new one at a depot, position).
    pub(super) fn best_on_day(
        &mut self,
        s: &Solution,
        c: usize,
        day: usize,
        blink: f64,
    ) -> Option<(f64, Place)> {
        let p = self.p;
        let mut best: Option<(f64, Place)> = None;
        for (ri, r) in s.routes.iter().enumerate() {
            if r.day != day || r.load + p.demand[c] > p.capacity + 1e-9 {
                continue;
            }
            for pos in 0..=r.nodes.len() {
                if blink > 0.0 && self.blinks(blink) {
                    continue;
                }
                let bound = best.as_ref().map_or(f64::INFINITY, |b| b.0);
                if let Some((delta, warp)) = r.insertion(p, c, pos, self.windows, bound) {
                    if self.strict && warp > WARP_TOLERANCE {
                        continue;
                    }
                    let delta = delta + self.warp_weight * warp;
                    if best.as_ref().is_none_or(|b| delta < b.0) {
                        best = Some((delta, Place::At(ri, pos)));
                    }
                }
            }
        }
        for dep in 0..p.depots {
            if !self.vehicles_left(s, day, dep) {
                continue;
            }
            let r = &self.empty[dep];
            let bound = best.as_ref().map_or(f64::INFINITY, |b| b.0);
            if let Some((delta, warp)) = r.insertion(p, c, 0, self.windows, bound) {
                if self.strict && warp > WARP_TOLERANCE {
                    continue;
                }
                let delta = delta + self.warp_weight * warp;
                if p.demand[c] <= p.capacity + 1e-9 && best.as_ref().is_none_or(|b| delta < b.0) {
                    best = Some((delta, Place::New(dep)));
                }
            }
        }
        best
    }

    pub(super) fn insert(&mut self, s: &mut Solution, c: usize, blink: f64) {
        let p = self.p;
        let mut best: Option<(f64, Vec<(usize, Place)>)> = None;
        let patterns = &p.patterns[c];
        for &mask in patterns {
            let mut total = 0.0;
            let mut places = Vec::new();
            let mut ok = true;
            for day in 0..p.days {
                if mask & (1 << day) == 0 {
                    continue;
                }
                match self.best_on_day(s, c, day, blink) {
                    Some((cost, place)) => {
                        total += cost;
                        places.push((day, place));
                    }
                    None => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok && best.as_ref().is_none_or(|b| total < b.0) {
                best = Some((total, places));
            }
        }
        let Some((_, places)) = best else {
            s.missing.push(c);
            return;
        };
        // Places on different days never share a route, so applying one leaves the others valid.
        for (day, place) in places {
            let ri = match place {
                Place::At(ri, pos) => {
                    s.routes[ri].nodes.insert(pos, c);
                    ri
                }
                Place::New(dep) => {
                    let mut r = Route::new(day, dep);
                    r.nodes.push(c);
                    s.routes.push(r);
                    s.routes.len() - 1
                }
            };
            s.routes[ri].refresh(p, self.windows);
        }
    }

    pub(super) fn ruin(&mut self, s: &mut Solution) -> Vec<usize> {
        let p = self.p;
        let served: usize = s.routes.iter().map(|r| r.nodes.len()).sum();
        if served == 0 {
            return vec![];
        }
        let avg = served as f64 / s.routes.len().max(1) as f64;
        let ls_max = self.settings_max_string.min(avg);
        let ks_max = 4.0 * self.settings_mean_removed / (1.0 + ls_max) - 1.0;
        let ks = (self.rng.gen::<f64>() * ks_max).floor() as usize + 1;
        // Where each customer is: route indices.
        let mut routes_of = std::mem::take(&mut self.routes_of);
        for &c in &p.customers {
            routes_of[c].clear();
        }
        for (ri, r) in s.routes.iter().enumerate() {
            for &c in &r.nodes {
                routes_of[c].push(ri);
            }
        }
        let seed = loop {
            let c = p.customers[self.rng.gen_range(0..p.customers.len())];
            if !routes_of[c].is_empty() {
                break c;
            }
        };
        let mut removed: Vec<usize> = Vec::new();
        let mut ruined: Vec<usize> = Vec::new();
        let mut is_removed = vec![false; p.n()];
        for &c in &self.neighbours[seed] {
            if ruined.len() >= ks {
                break;
            }
            if is_removed[c] {
                continue;
            }
            let rs = &routes_of[c];
            if rs.is_empty() {
                continue;
            }
            let ri = rs[self.rng.gen_range(0..rs.len())];
            if ruined.contains(&ri) {
                continue;
            }
            let r = &s.routes[ri];
            let len = r.nodes.len();
            let l_max = (len as f64).min(ls_max).max(1.0);
            let l = ((self.rng.gen::<f64>() * l_max).floor() as usize + 1).min(len);
            let at = r.nodes.iter().position(|&x| x == c).unwrap_or(0);
            let string: Vec<usize> = if l == len || self.rng.gen::<f64>() < 0.5 {
                // A string of l customers containing c.
                let lo = at.saturating_sub(l - 1);
                let hi = at.min(len - l);
                let start = self.rng.gen_range(lo..=hi);
                r.nodes[start..start + l].to_vec()
            } else {
                // A split string: l + m customers around c, of which m in the middle stay.
                let mut m = 1;
                while l + m < len && self.rng.gen::<f64>() > 0.01 {
                    m += 1;
                }
                let total = l + m;
                let lo = at.saturating_sub(total - 1);
                let hi = at.min(len - total);
                let start = self.rng.gen_range(lo..=hi);
                let keep_from = start + self.rng.gen_range(0..=l);
                (start..start + total)
                    .filter(|&i| i < keep_from || i >= keep_from + m)
                    .map(|i| r.nodes[i])
                    .collect()
            };
            ruined.push(ri);
            for x in string {
                if !is_removed[x] {
                    is_removed[x] = true;
                    removed.push(x);
                }
            }
        }
        // A periodic customer leaves all its routes.
        for r in s.routes.iter_mut() {
            let before = r.nodes.len();
            r.nodes.retain(|&x| !is_removed[x]);
            if r.nodes.len() != before {
                r.refresh(p, self.windows);
            }
        }
        self.routes_of = routes_of;
        removed
    }

    pub(super) fn recreate(&mut self, s: &mut Solution, mut removed: Vec<usize>) {
        let p = self.p;
        removed.append(&mut s.missing);
        // Orders from the paper: random, by demand, far from the depot first, close first.
        let w = self.rng.gen_range(0..11);
        match w {
            0..=3 => {
                for i in (1..removed.len()).rev() {
                    let j = self.rng.gen_range(0..=i);
                    removed.swap(i, j);
                }
            }
            4..=7 => removed.sort_by(|&a, &b| p.demand[b].total_cmp(&p.demand[a]).then(a.cmp(&b))),
            8..=9 => removed.sort_by(|&a, &b| p.d(0, b).total_cmp(&p.d(0, a)).then(a.cmp(&b))),
            _ => removed.sort_by(|&a, &b| p.d(0, a).total_cmp(&p.d(0, b)).then(a.cmp(&b))),
        }
        for c in removed {
            self.insert(s, c, BLINK);
        }
        s.routes.retain(|r| !r.nodes.is_empty());
        if self.polish {
            for r in s.routes.iter_mut().filter(|r| r.fresh) {
                polish::two_opt(p, r);
                r.fresh = false;
            }
        }
        s.cost = s.total(self.penalty, self.warp_weight);
    }
}
