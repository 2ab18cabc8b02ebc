//! Reading the places of a scenario: bases, villages (sites), lodgings and a measured travel matrix.

use super::*;

impl Ctx<'_> {
    pub(super) fn bases(&mut self, rel: &str) -> Vec<Base> {
        let Some(t) = self.table(rel, &["id", "name", "lat", "lon"], BASE_COLUMNS) else {
            return vec![];
        };
        let mut out = Vec::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let id = row.required("id", self.p);
            let name = row.required("name", self.p);
            let coords = self.coordinates(&row, &t.file);
            let terrain = self.terrain(&row);
            let altitude_m = row.number("altitude_m", 0.0, -500.0, 9000.0, self.p);
            // A base whose coordinates are bad (already reported) still takes its id, so that
            // the rows naming it are not reported as naming an unknown base.
            if let (Some(id), Some(name)) = (id, name) {
                let (lat, lon) = coords.unwrap_or((0.0, 0.0));
                if self.unique_id(&t.file, *line, id) {
                    out.push(Base {
                        id: id.into(),
                        name: name.into(),
                        lat,
                        lon,
                        terrain,
                        altitude_m,
                    });
                }
            }
        }
        if out.is_empty() && !self.p.has_errors() {
            self.p
                .error(&t.file, None, None, text!("scenario-no-bases"));
        }
        out
    }

    pub(super) fn sites(
        &mut self,
        rel: &str,
        bases: &[Base],
        base_index: &HashMap<String, usize>,
    ) -> Vec<Site> {
        let Some(t) = self.table(rel, &["id", "name", "lat", "lon"], SITE_COLUMNS) else {
            return vec![];
        };
        let mut out = Vec::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let id = row.required("id", self.p);
            let name = row.required("name", self.p);
            let coords = self.coordinates(&row, &t.file);
            let terrain = self.terrain(&row);
            let population = row.number("population", 0.0, 0.0, 1e9, self.p);
            let priority = row.number("priority", 1.0, 1.0, 1000.0, self.p);
            let service_minutes = row.number("service_minutes", 90.0, 0.0, 1440.0, self.p);
            let load_kg = row.number("load_kg", 0.0, 0.0, 1e6, self.p);
            let altitude_m = row.number("altitude_m", 0.0, -500.0, 9000.0, self.p);
            let mut windows = Vec::new();
            if let Some(w) = row.get("windows") {
                for part in w.split(';').filter(|s| !s.trim().is_empty()) {
                    match parse_date_range(part) {
                        Ok(r) => windows.push(r),
                        Err(e) => row.error(self.p, "windows", e),
                    }
                }
                if !windows.is_empty()
                    && windows
                        .iter()
                        .all(|&(a, b)| b < self.horizon.start || a > self.horizon.end())
                {
                    row.warning(self.p, "windows", text!("scenario-windows-outside"));
                }
            }
            let base = match row.get("base") {
                Some(b) => match base_index.get(b) {
                    Some(&i) => Some(i),
                    None => {
                        row.error(self.p, "base", text!("scenario-unknown-base", base = b));
                        None
                    }
                },
                None => coords.and_then(|(lat, lon)| nearest_base(bases, lat, lon)),
            };
            // As with bases: a site whose other cells are bad (reported) keeps its id for the
            // rows that name it; the scenario is refused for the reported error anyway.
            if let (Some(id), Some(name), false) = (id, name, bases.is_empty()) {
                let (lat, lon) = coords.unwrap_or((0.0, 0.0));
                let base = base.unwrap_or(0);
                if self.unique_id(&t.file, *line, id) {
                    out.push(Site {
                        id: id.into(),
                        name: name.into(),
                        lat,
                        lon,
                        base,
                        population,
                        priority,
                        service_minutes,
                        terrain,
                        windows,
                        kind: row.get("kind").unwrap_or("village").to_string(),
                        notes: row.get("notes").unwrap_or("").to_string(),
                        load_kg,
                        altitude_m,
                    });
                }
            }
        }
        out
    }

    pub(super) fn lodgings(&mut self, rel: &str) -> Vec<Lodging> {
        let Some(t) = self.table(
            rel,
            &["id", "lat", "lon", "beds"],
            &[
                "id",
                "name",
                "lat",
                "lon",
                "beds",
                "altitude_m",
                "kind",
                "terrain",
                "windows",
                "notes",
            ],
        ) else {
            return vec![];
        };
        let mut out = Vec::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let id = row.required("id", self.p);
            let coords = self.coordinates(&row, &t.file);
            let terrain = self.terrain(&row);
            let altitude_m = row.number("altitude_m", 0.0, -500.0, 9000.0, self.p);
            let beds = row.count("beds", 0, 10_000, self.p);
            if beds == 0 && row.get("beds").is_some() {
                row.warning(self.p, "beds", text!("scenario-no-beds"));
            }
            let mut windows = Vec::new();
            for part in row
                .get("windows")
                .unwrap_or("")
                .split(';')
                .filter(|s| !s.trim().is_empty())
            {
                match parse_date_range(part) {
                    Ok(r) => windows.push(r),
                    Err(e) => row.error(self.p, "windows", e),
                }
            }
            if let (Some(id), Some((lat, lon))) = (id, coords) {
                if self.unique_id(&t.file, *line, id) {
                    out.push(Lodging {
                        id: id.into(),
                        name: row.get("name").unwrap_or(id).to_string(),
                        lat,
                        lon,
                        altitude_m,
                        beds,
                        kind: row.get("kind").unwrap_or("lodging").to_string(),
                        terrain,
                        windows,
                    });
                }
            }
        }
        out
    }

    pub(super) fn matrix(
        &mut self,
        rel: &str,
        base_index: &HashMap<String, usize>,
        site_index: &HashMap<String, usize>,
        n_bases: usize,
    ) -> Vec<(usize, usize, f64, f64)> {
        let locate = |id: &str| {
            base_index
                .get(id)
                .copied()
                .or_else(|| site_index.get(id).map(|s| n_bases + s))
        };
        if rel.ends_with(".json") {
            let file = self.source.display(rel);
            let text = match self.source.read(rel) {
                Ok((t, _)) => t,
                Err(e) => {
                    self.p.error(&file, None, None, e);
                    return vec![];
                }
            };
            return crate::travel::parse_osrm_table(&text, n_bases + site_index.len())
                .map_err(|e| self.p.error(&file, None, None, e))
                .unwrap_or_default();
        }
        let Some(t) = self.table(
            rel,
            &["from", "to", "distance_km", "minutes"],
            &["from", "to", "distance_km", "minutes"],
        ) else {
            return vec![];
        };
        let mut out = Vec::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let mut end = |col: &str| {
                let id = row.required(col, self.p)?;
                let l = locate(id);
                if l.is_none() {
                    row.error(self.p, col, text!("scenario-unknown-place", place = id));
                }
                l
            };
            let (a, b) = (end("from"), end("to"));
            let km = row.required_number("distance_km", 0.0, 1e5, self.p);
            let min = row.required_number("minutes", 0.0, 1e5, self.p);
            if let (Some(a), Some(b), Some(km), Some(min)) = (a, b, km, min) {
                out.push((a, b, km, min));
            }
        }
        out
    }
}
