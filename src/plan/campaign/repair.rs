//! Greedy plans and their repair: filling missed visits, trimming surplus stops, and placing
//! the season relaxation's trips on teams and days for the timed master (`Mending`).

use super::*;

/// Visits still missed after the timed MIP, which a time limit can cut short when the placement it
/// started from found no days for a trip: for each in turn, the trip that meets it and fits every
/// limit row beside the plan, for the least cost per visit still owed that it meets, and for less
/// than those visits' penalties. Candidates are one-day trips to that visit alone and the trips of
/// `pool` on every team and start day.
pub(super) fn fill_missed(
    cp: &Campaign,
    pool: &[Column],
    columns: &mut Vec<Column>,
    chosen: &mut Vec<usize>,
) {
    let mut used = vec![0.0; cp.rows.len()];
    for &i in chosen.iter() {
        for (r, a) in cp.entries(&columns[i]) {
            used[r] += a;
        }
    }
    let days = cp.s.horizon.days;
    let demands = &cp.c.demands;
    // Each shape of the pool once, by the services it visits.
    let mut shapes: HashSet<Shape> = HashSet::default();
    let mut trips_to: Vec<Vec<&Column>> = vec![Vec::new(); cp.c.services.len()];
    for col in pool {
        let shape: Shape = col
            .days
            .iter()
            .map(|l| (l.from, l.to, l.stops.clone()))
            .collect();
        if shapes.insert(shape) {
            for leg in &col.days {
                for &x in &leg.stops {
                    trips_to[x].push(col);
                }
            }
        }
    }
    for (q, dem) in demands.iter().enumerate() {
        while used[q] < dem.required as f64 - 1e-9 {
            let alone = [dem.service];
            let day_trips: Vec<Column> = cp
                .legs
                .iter()
                .filter(|l| l.from == 0 && l.to == 0 && l.stops == alone)
                .map(|leg| Column {
                    team: 0,
                    start: 0,
                    days: vec![leg.clone()],
                    cost: 0.0,
                })
                .collect();
            let mut best: Option<(f64, Column)> = None;
            for trip in day_trips
                .iter()
                .chain(trips_to[dem.service].iter().copied())
            {
                // Start days that put a visit to the service inside the demand's period.
                let mut starts: Vec<usize> = Vec::new();
                for (k, leg) in trip.days.iter().enumerate() {
                    if leg.stops.contains(&dem.service) {
                        let first = dem.period.first_day.saturating_sub(k);
                        let last = (dem.period.last_day.min(days - 1)).saturating_sub(k);
                        starts.extend(first..=last);
                    }
                }
                starts.sort_unstable();
                starts.dedup();
                for team in 0..cp.teams.len() {
                    for &d in &starts {
                        let Some(p) = cp.place(trip, team, d) else {
                            continue;
                        };
                        let entries = cp.entries(&p);
                        if !cp.fits(&used, &entries) {
                            continue;
                        }
                        let (mut owed, mut saved) = (0.0, 0.0);
                        for &(r, a) in entries.iter().filter(|&&(r, _)| r < demands.len()) {
                            let met = a.min(demands[r].required as f64 - used[r]).max(0.0);
                            owed += met;
                            saved += met * demands[r].penalty;
                        }
                        // Only trips that cost less than the visits they save.
                        if owed < 1.0 - 1e-9 || p.cost >= saved {
                            continue;
                        }
                        let per_visit = p.cost / owed;
                        if best.as_ref().is_none_or(|(b, _)| per_visit < *b) {
                            best = Some((per_visit, p));
                        }
                    }
                }
            }
            let Some((_, p)) = best else {
                break;
            };
            for (r, a) in cp.entries(&p) {
                used[r] += a;
            }
            columns.push(p);
            chosen.push(columns.len() - 1);
        }
    }
}

/// A whole plan from the LP's trips: taken in order of LP value, then of reduced cost, while they
/// fit every limit row and still cover something.
pub(super) fn greedy(cp: &Campaign, columns: &[Column], order: &[usize]) -> Vec<usize> {
    let mut used: Vec<f64> = vec![0.0; cp.rows.len()];
    let mut chosen = Vec::new();
    for &i in order {
        let e = cp.entries(&columns[i]);
        let fits = cp.fits(&used, &e);
        let helps = e.iter().any(|&(r, _)| {
            let row = &cp.rows[r];
            matches!(row.kind, RowKind::Cover) && used[r] < row.rhs - 1e-9
        });
        if fits && helps {
            for (r, a) in e {
                used[r] += a;
            }
            chosen.push(i);
        }
    }
    chosen
}

/// Drops visits beyond what each demand owes (trips may overlap in a covering plan), each time the
/// one whose removal saves most: fewer stops never break a day's limits, and spare visits would
/// otherwise have to keep the spacing too.
pub(super) fn trim_surplus(
    cp: &Campaign,
    mut cols: Vec<Column>,
    travel: &crate::travel::Travel,
) -> Vec<Column> {
    let c = cp.c;
    loop {
        let mut count = vec![0u32; c.demands.len()];
        let mut owed_rows: Vec<(usize, usize, usize)> = Vec::new(); // (column, day, stop index)
        for (i, col) in cols.iter().enumerate() {
            for (k, leg) in col.days.iter().enumerate() {
                for (j, &x) in leg.stops.iter().enumerate() {
                    for &r in &cp.visit_rows[x][col.start + k] {
                        if matches!(cp.rows[r].kind, RowKind::Cover) {
                            count[r] += 1;
                        }
                    }
                    owed_rows.push((i, k, j));
                }
            }
        }
        // A stop is spare when every demand it counts for has more visits than it owes.
        let mut best: Option<(f64, usize, usize, usize)> = None;
        for &(i, k, j) in &owed_rows {
            let col = &cols[i];
            let x = col.days[k].stops[j];
            let rows: Vec<usize> = cp.visit_rows[x][col.start + k]
                .iter()
                .copied()
                .filter(|&r| matches!(cp.rows[r].kind, RowKind::Cover))
                .collect();
            if rows.is_empty()
                || !rows
                    .iter()
                    .all(|&r| count[r] as f64 > cp.rows[r].rhs + 1e-9)
            {
                continue;
            }
            let leg = &col.days[k];
            let mut stops = leg.stops.clone();
            stops.remove(j);
            let shorter = cp.leg_of(travel, leg.from, leg.to, stops);
            let saved = leg.km - shorter.km;
            if best.is_none_or(|b| saved > b.0) {
                best = Some((saved, i, k, j));
            }
        }
        let Some((_, i, k, j)) = best else {
            return cols;
        };
        let leg = &cols[i].days[k];
        let mut stops = leg.stops.clone();
        stops.remove(j);
        cols[i].days[k] = cp.leg_of(travel, leg.from, leg.to, stops);
        cols[i].cost = cp.cost(cols[i].team, &cols[i].days);
    }
}

/// Drops visits the chosen trips repeat too soon: one village twice on a day, or sooner than its
/// spacing. The timed master has spacing rows only for villages owed two visits or more, so its
/// cover rows let two trips meet a single visit on the same day (two teams, say), which the
/// checker refuses. Of two such visits the later one goes, else the earlier, when what is owed is
/// still met without it; a leg without a stop is never longer, as travel times are shortest paths.
pub(super) fn drop_close_repeats(
    cp: &Campaign,
    travel: &crate::travel::Travel,
    columns: &mut [Column],
    chosen: &[usize],
) {
    let c = cp.c;
    let cover_rows = |x: usize, d: usize| -> Vec<usize> {
        cp.visit_rows[x][d]
            .iter()
            .copied()
            .filter(|&r| matches!(cp.rows[r].kind, RowKind::Cover))
            .collect()
    };
    loop {
        // (service, day, column, day of the trip)
        let mut visits: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut count = vec![0u32; c.demands.len()];
        for &i in chosen {
            let col = &columns[i];
            for (k, leg) in col.days.iter().enumerate() {
                for &x in &leg.stops {
                    visits.push((x, col.start + k, i, k));
                    for r in cover_rows(x, col.start + k) {
                        count[r] += 1;
                    }
                }
            }
        }
        visits.sort_unstable();
        let spare = |x: usize, d: usize| {
            let rows = cover_rows(x, d);
            !rows.is_empty()
                && rows
                    .iter()
                    .all(|&r| count[r] as f64 > cp.rows[r].rhs + 1e-9)
        };
        let drop = visits.windows(2).find_map(|w| {
            let ((x, d0, i0, k0), (y, d1, i1, k1)) = (w[0], w[1]);
            if x != y || d1 - d0 >= c.services[x].min_spacing_days.max(1) {
                return None;
            }
            if spare(x, d1) {
                Some((x, i1, k1))
            } else if spare(x, d0) {
                Some((x, i0, k0))
            } else {
                None
            }
        });
        let Some((x, i, k)) = drop else {
            return;
        };
        let leg = &columns[i].days[k];
        let stops: Vec<usize> = leg.stops.iter().copied().filter(|&y| y != x).collect();
        columns[i].days[k] = cp.leg_of(travel, leg.from, leg.to, stops);
        columns[i].cost = cp.cost(columns[i].team, &columns[i].days);
    }
}

/// Trips of the season relaxation placed for the timed master: each on every team and day it can
/// run on, once.
#[derive(Default)]
pub(super) struct Placements {
    pub(super) placed: Vec<Column>,
    seen: HashMap<(usize, usize, Shape), usize>,
}

impl Placements {
    /// Places `shapes` (trips of the season relaxation) and gives, per trip, its placements: those
    /// on its own day and team first, then the nearest days.
    pub(super) fn add(&mut self, timed: &Campaign, shapes: &[Column]) -> Vec<Vec<usize>> {
        let days = timed.s.horizon.days;
        let mut groups = Vec::new();
        for col in shapes {
            let mut group = Vec::new();
            for team in 0..timed.teams.len() {
                for start in 0..days {
                    let Some(p) = timed.place(col, team, start) else {
                        continue;
                    };
                    let key = (
                        team,
                        start,
                        p.days
                            .iter()
                            .map(|l| (l.from, l.to, l.stops.clone()))
                            .collect::<Vec<_>>(),
                    );
                    let next = self.placed.len();
                    let i = *self.seen.entry(key).or_insert(next);
                    if i == next {
                        self.placed.push(p);
                    }
                    group.push(i);
                }
            }
            group.sort_by_key(|&i| {
                (
                    self.placed[i].start.abs_diff(col.start),
                    self.placed[i].team != col.team,
                    i,
                )
            });
            groups.push(group);
        }
        groups
    }
}

/// A first placement of trips: the most constrained (fewest placements) first.
pub(super) fn place_first(
    timed: &Campaign,
    placed: &[Column],
    mut groups: Vec<Vec<usize>>,
) -> Vec<usize> {
    groups.sort_by_key(|g| g.len());
    place_all(timed, placed, &groups)
}

/// Visits still owed beside the rows in use `used`.
pub(super) fn cover_missing(cp: &Campaign, used: &[f64]) -> f64 {
    cp.rows
        .iter()
        .zip(used)
        .filter(|(row, _)| matches!(row.kind, RowKind::Cover))
        .map(|(row, &u)| (row.rhs - u).max(0.0))
        .sum()
}

/// A placement of trips being made: each group's placement and the rows they use.
pub(super) struct Mending<'c, 'a, 'g> {
    pub(super) cp: &'c Campaign<'a>,
    pub(super) entries: HashMap<usize, Vec<(usize, f64)>>,
    pub(super) groups: &'g [&'g Vec<usize>],
    pub(super) used: Vec<f64>,
    pub(super) taken: Vec<Option<usize>>,
}

impl<'c, 'a, 'g> Mending<'c, 'a, 'g> {
    pub(super) fn new(
        cp: &'c Campaign<'a>,
        columns: &[Column],
        groups: &'g [&'g Vec<usize>],
        taken: Vec<Option<usize>>,
    ) -> Self {
        // Each placement's rows, once: the moves read them many times.
        let mut entries: HashMap<usize, Vec<(usize, f64)>> = HashMap::default();
        for &i in groups.iter().flat_map(|g| g.iter()) {
            entries.entry(i).or_insert_with(|| cp.entries(&columns[i]));
        }
        let mut m = Mending {
            cp,
            entries,
            groups,
            used: vec![0.0; cp.rows.len()],
            taken,
        };
        for i in m.taken.clone() {
            m.shift(i, 1.0);
        }
        m
    }

    /// Places each group without a placement, in order, on its placement that fits the limit rows
    /// beside those taken before and meets most visits still owed (a trip moved to other days may
    /// meet another month's visits, or none); among equals, the first in the group's order.
    pub(super) fn place_in_order(&mut self) {
        for g in 0..self.groups.len() {
            if self.taken[g].is_some() {
                continue;
            }
            if let Some((_, p)) = self.best_in(g) {
                self.shift(Some(p), 1.0);
                self.taken[g] = Some(p);
            }
        }
    }

    /// Moves one trip at a time to another of its placements (or places a trip that had none) while
    /// that meets more visits and fits the limit rows; when no such move is left, moves a trip onto
    /// days that one other trip holds and that other trip to its best days left (or none). The greedy
    /// order often leaves a month's or a spaced visit unmet, or a trip without days, that this mends.
    pub(super) fn improve(&mut self) {
        // Each move meets one visit more at least, so moves are few; the cap keeps the worst case
        // cheap.
        for _ in 0..self.groups.len() * 4 {
            let missing = cover_missing(self.cp, &self.used);
            if missing < 0.5 || !(self.move_one(missing) || self.eject_one(missing)) {
                break;
            }
        }
    }

    /// Adds (`sign` 1) or removes (−1) placement `i`'s use of the rows.
    fn shift(&mut self, i: Option<usize>, sign: f64) {
        if let Some(i) = i {
            for &(r, a) in &self.entries[&i] {
                self.used[r] += sign * a;
            }
        }
    }

    /// The placement of group `g` that fits beside the rows in use and leaves fewest visits missed.
    fn best_in(&mut self, g: usize) -> Option<(f64, usize)> {
        let mut best: Option<(f64, usize)> = None;
        for &p in self.groups[g].iter() {
            if !self.cp.fits(&self.used, &self.entries[&p]) {
                continue;
            }
            self.shift(Some(p), 1.0);
            let m = cover_missing(self.cp, &self.used);
            self.shift(Some(p), -1.0);
            if best.is_none_or(|(b, _)| m < b - 1e-9) {
                best = Some((m, p));
            }
        }
        best
    }

    /// One trip to other days (or days for a trip without), if that leaves fewer visits missed
    /// than `missing`.
    fn move_one(&mut self, missing: f64) -> bool {
        for g in 0..self.groups.len() {
            let current = self.taken[g];
            self.shift(current, -1.0);
            match self.best_in(g).filter(|&(m, _)| m < missing - 0.5) {
                Some((_, p)) => {
                    self.shift(Some(p), 1.0);
                    self.taken[g] = Some(p);
                    return true;
                }
                None => self.shift(current, 1.0),
            }
        }
        false
    }

    /// Trip g onto days that only trip h blocks, h to its best placement left (or none), if that
    /// leaves fewer visits missed than `missing`.
    fn eject_one(&mut self, missing: f64) -> bool {
        let rows_of: Vec<Vec<usize>> = self
            .taken
            .iter()
            .map(|t| {
                t.map_or(Vec::new(), |i| {
                    self.entries[&i].iter().map(|&(r, _)| r).collect()
                })
            })
            .collect();
        for g in 0..self.groups.len() {
            for &p in self.groups[g].iter() {
                let current = self.taken[g];
                if Some(p) == current {
                    continue;
                }
                self.shift(current, -1.0);
                let over: Vec<usize> = self.entries[&p]
                    .iter()
                    .filter(|&&(r, a)| {
                        let row = &self.cp.rows[r];
                        row.sense == Sense::Le && self.used[r] + a > row.rhs + 1e-9
                    })
                    .map(|&(r, _)| r)
                    .collect();
                let blockers: Vec<usize> = (0..self.groups.len())
                    .filter(|&h| h != g && over.iter().any(|r| rows_of[h].contains(r)))
                    .collect();
                if let [h] = blockers[..] {
                    let was = self.taken[h];
                    self.shift(was, -1.0);
                    if self.cp.fits(&self.used, &self.entries[&p]) {
                        self.shift(Some(p), 1.0);
                        let to = self.best_in(h).map(|(_, q)| q);
                        self.shift(to, 1.0);
                        if cover_missing(self.cp, &self.used) < missing - 0.5 {
                            self.taken[g] = Some(p);
                            self.taken[h] = to;
                            return true;
                        }
                        self.shift(to, -1.0);
                        self.shift(Some(p), -1.0);
                    }
                    self.shift(was, 1.0);
                }
                self.shift(current, 1.0);
            }
        }
        false
    }
}

/// A placement that meets as many visits as it can, then places as many trips: each pass places
/// the groups in order and mends the result (see [`Mending`]); while visits are missed and some
/// trip found no days, again with the trips that failed moved to the front (a failed trip is
/// usually one whose days the others took). Deterministic, and cheap beside the MIP that follows.
pub(super) fn place_all(cp: &Campaign, columns: &[Column], groups: &[Vec<usize>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    let mut best: Vec<usize> = Vec::new();
    let mut best_missing = (usize::MAX, usize::MAX);
    for _ in 0..12 {
        let ordered: Vec<&Vec<usize>> = order.iter().map(|&g| &groups[g]).collect();
        let mut m = Mending::new(cp, columns, &ordered, vec![None; groups.len()]);
        m.place_in_order();
        m.improve();
        let missed = cover_missing(cp, &m.used).round() as usize;
        let taken = m.taken;
        let failed: Vec<usize> = order
            .iter()
            .zip(&taken)
            .filter(|(_, t)| t.is_none())
            .map(|(&g, _)| g)
            .collect();
        // Visits met first; then trips placed.
        if (missed, failed.len()) < best_missing {
            best_missing = (missed, failed.len());
            best = taken.into_iter().flatten().collect();
        }
        if failed.is_empty() || missed == 0 {
            break;
        }
        let rest: Vec<usize> = order
            .iter()
            .copied()
            .filter(|g| !failed.contains(g))
            .collect();
        order = failed.into_iter().chain(rest).collect();
    }
    best
}
