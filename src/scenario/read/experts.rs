//! Reading an expert-station scenario: `[experts]` rules and the `experts`, `stations` and
//! `station_teams` tables. Stations become sites (so travel from hospitals is the one travel
//! model of the crate); hospitals are the scenario's bases.

use super::super::config::ScenarioToml;
use super::super::experts::*;
use super::*;

const EXPERT_COLUMNS: &[&str] = &[
    "id",
    "name",
    "hospital",
    "department",
    "specialty",
    "specialties",
    "clinic_days",
    "lead",
    "leave",
    "title",
];
const STATION_COLUMNS: &[&str] = &[
    "id",
    "name",
    "lat",
    "lon",
    "terrain",
    "specialties",
    "open_days",
    "population",
    "notes",
];
const TEAM_COLUMNS: &[&str] = &["station", "lead", "members"];

impl Ctx<'_> {
    /// The programme, with its stations pushed onto `sites`; `None` when a table is unreadable.
    pub(super) fn expert_programme(
        &mut self,
        tf: &str,
        cfg: &ScenarioToml,
        weekdays: &[Weekday],
        bases: &[Base],
        base_index: &HashMap<String, usize>,
        sites: &mut Vec<Site>,
    ) -> Option<ExpertProgramme> {
        let rules = self.rota_rules(tf, cfg);
        let mut need = |key: &str, file: &Option<String>| {
            if file.is_none() {
                self.p.error(
                    tf,
                    None,
                    Some(key),
                    text!("scenario-file-needed", key = key),
                );
            }
            file.clone()
        };
        let stations_file = need("files.stations", &cfg.files.stations);
        let experts_file = need("files.experts", &cfg.files.experts);
        let stations = self.stations(&stations_file?, weekdays, bases, sites);
        let experts = self.experts(&experts_file?, base_index);
        let teams = cfg
            .files
            .station_teams
            .as_deref()
            .map(|f| self.station_teams(f, sites, &stations, &experts));
        let department_caps = cfg
            .files
            .departments
            .as_deref()
            .map(|f| self.departments(f, base_index, &experts))
            .unwrap_or_default();
        Some(ExpertProgramme {
            experts,
            stations,
            teams,
            rules,
            department_caps,
        })
    }

    fn rota_rules(&mut self, tf: &str, cfg: &ScenarioToml) -> RotaRules {
        let mut r = RotaRules::default();
        let Some(e) = &cfg.experts else {
            return r;
        };
        let mut count = |key: &str, v: Option<i64>, max: i64, out: &mut u32| {
            if let Some(v) = v {
                if (0..=max).contains(&v) {
                    *out = v as u32;
                } else {
                    self.p.error(
                        tf,
                        None,
                        Some(&format!("experts.{key}")),
                        text!("scenario-count-range", value = v, max = max),
                    );
                }
            }
        };
        count(
            "lead_days_per_month",
            e.lead_days_per_month,
            23,
            &mut r.lead_days_per_month,
        );
        count(
            "member_days_per_month",
            e.member_days_per_month,
            23,
            &mut r.member_days_per_month,
        );
        count(
            "max_days_per_month",
            e.max_days_per_month,
            23,
            &mut r.max_days_per_month,
        );
        count(
            "max_away_per_department",
            e.max_away_per_department,
            1000,
            &mut r.max_away_per_department,
        );
        count("team_size", e.team_size, 50, &mut r.team_size);
        let mut number = |key: &str, v: Option<f64>, max: f64, out: &mut f64| {
            if let Some(v) = v {
                if v.is_finite() && (0.0..=max).contains(&v) {
                    *out = v;
                } else {
                    self.p.error(
                        tf,
                        None,
                        Some(&format!("experts.{key}")),
                        text!("scenario-number-range", value = v, min = 0, max = max),
                    );
                }
            }
        };
        number(
            "max_travel_minutes",
            e.max_travel_minutes,
            1440.0,
            &mut r.max_travel_minutes,
        );
        number(
            "irregular_day_cost",
            e.irregular_day_cost,
            1e6,
            &mut r.irregular_day_cost,
        );
        number(
            "unmet_day_penalty",
            e.unmet_day_penalty,
            1e8,
            &mut r.unmet_day_penalty,
        );
        number(
            "travel_minute_cost",
            e.travel_minute_cost,
            1e4,
            &mut r.travel_minute_cost,
        );
        match e
            .regularity
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None | Some("week") => r.regularity = Regularity::Week,
            Some("fortnight") => r.regularity = Regularity::Fortnight,
            Some(other) => self.p.error(
                tf,
                None,
                Some("experts.regularity"),
                text!("scenario-regularity", value = other),
            ),
        }
        if r.max_days_per_month < r.lead_days_per_month.max(r.member_days_per_month) {
            self.p.error(
                tf,
                None,
                Some("experts.max_days_per_month"),
                text!(
                    "scenario-expert-max-below-min",
                    max = r.max_days_per_month,
                    least = r.lead_days_per_month.max(r.member_days_per_month)
                ),
            );
        }
        r
    }

    fn weekdays_cell(&mut self, row: &table::Row, column: &str) -> Option<Vec<Weekday>> {
        let cell = row.get(column)?;
        let mut out = Vec::new();
        for d in cell.split(';').filter(|s| !s.trim().is_empty()) {
            match parse_weekday(d) {
                Some(d) => out.push(d),
                None => row.error(self.p, column, text!("scenario-not-a-weekday", value = d)),
            }
        }
        Some(out)
    }

    fn stations(
        &mut self,
        rel: &str,
        weekdays: &[Weekday],
        bases: &[Base],
        sites: &mut Vec<Site>,
    ) -> Vec<Station> {
        let Some(t) = self.table(
            rel,
            &["id", "name", "lat", "lon", "specialties"],
            STATION_COLUMNS,
        ) else {
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
            let specialties: Vec<String> = row
                .required("specialties", self.p)
                .unwrap_or("")
                .split(';')
                .map(|x| x.trim().to_ascii_lowercase())
                .filter(|x| !x.is_empty())
                .collect();
            let open_days = self
                .weekdays_cell(&row, "open_days")
                .unwrap_or_else(|| weekdays.to_vec());
            let (Some(id), Some(name), Some((lat, lon))) = (id, name, coords) else {
                continue;
            };
            if specialties.is_empty() || !self.unique_id(&t.file, *line, id) {
                continue;
            }
            out.push(Station {
                site: sites.len(),
                specialties,
                open_days,
            });
            sites.push(Site {
                id: id.into(),
                name: name.into(),
                lat,
                lon,
                base: nearest_base(bases, lat, lon).unwrap_or(0),
                population,
                priority: 1.0,
                service_minutes: 0.0,
                terrain,
                windows: vec![],
                kind: "station".into(),
                notes: row.get("notes").unwrap_or("").to_string(),
                altitude_m: 0.0,
                load_kg: 0.0,
            });
        }
        if out.is_empty() && !self.p.has_errors() {
            self.p
                .error(&t.file, None, None, text!("scenario-no-stations"));
        }
        out
    }

    fn experts(&mut self, rel: &str, base_index: &HashMap<String, usize>) -> Vec<Expert> {
        let Some(t) = self.table(
            rel,
            &["id", "name", "hospital", "department"],
            EXPERT_COLUMNS,
        ) else {
            return vec![];
        };
        // One column or the other: `specialty` (older files, one value) or `specialties`; either
        // takes a `;`-separated list.
        let column = if t.has_column("specialties") {
            "specialties"
        } else {
            "specialty"
        };
        if !t.require_columns(&[column], self.p) {
            return vec![];
        }
        let mut out = Vec::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let id = row.required("id", self.p);
            let name = row.required("name", self.p);
            let hospital = row.required("hospital", self.p).and_then(|h| {
                let i = base_index.get(h).copied();
                if i.is_none() {
                    row.error(
                        self.p,
                        "hospital",
                        text!("scenario-unknown-hospital", hospital = h),
                    );
                }
                i
            });
            let department = row.required("department", self.p);
            let specialties: Option<Vec<String>> = row.required(column, self.p).map(|cell| {
                let mut list: Vec<String> = Vec::new();
                for k in cell.split(';').map(|k| k.trim().to_ascii_lowercase()) {
                    if !k.is_empty() && !list.contains(&k) {
                        list.push(k);
                    }
                }
                list
            });
            let specialties = specialties.filter(|l| {
                if l.is_empty() {
                    row.error(self.p, column, text!("scenario-cell-required"));
                }
                !l.is_empty()
            });
            let clinic_days = self.weekdays_cell(&row, "clinic_days").unwrap_or_default();
            let can_lead = match row.get("lead").map(str::to_ascii_lowercase) {
                None => true,
                Some(v) => match v.as_str() {
                    "yes" | "true" | "1" | "y" => true,
                    "no" | "false" | "0" | "n" => false,
                    _ => {
                        row.error(self.p, "lead", text!("scenario-not-yes-no", value = &v));
                        true
                    }
                },
            };
            let mut leave = Vec::new();
            for part in row
                .get("leave")
                .unwrap_or("")
                .split(';')
                .filter(|s| !s.trim().is_empty())
            {
                match parse_date_range(part) {
                    Ok(r) => leave.push(r),
                    Err(e) => row.error(self.p, "leave", e),
                }
            }
            if let (Some(id), Some(name), Some(hospital), Some(department), Some(specialties)) =
                (id, name, hospital, department, specialties)
            {
                if self.unique_id(&t.file, *line, id) {
                    out.push(Expert {
                        id: id.into(),
                        name: name.into(),
                        hospital,
                        department: department.trim().to_string(),
                        specialties,
                        clinic_days,
                        can_lead,
                        leave,
                    });
                }
            }
        }
        out
    }

    /// Fixed teams: one row a station, its lead and members from the experts table; each expert in
    /// one team, of a specialty the station needs, a team of at least two.
    fn station_teams(
        &mut self,
        rel: &str,
        sites: &[Site],
        stations: &[Station],
        experts: &[Expert],
    ) -> Vec<StationTeam> {
        let Some(t) = self.table(rel, &["station", "lead", "members"], TEAM_COLUMNS) else {
            return vec![];
        };
        self.team_lines.0 = t.file.clone();
        let expert_of = |id: &str| experts.iter().position(|e| e.id == id);
        let mut taken: HashMap<usize, String> = HashMap::new();
        let mut out: Vec<StationTeam> = Vec::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let station = row.required("station", self.p).and_then(|s| {
                let i = stations.iter().position(|x| sites[x.site].id == s);
                if i.is_none() {
                    row.error(
                        self.p,
                        "station",
                        text!("scenario-unknown-station", station = s),
                    );
                }
                i
            });
            let mut ok = station.is_some();
            let mut person = |column: &str, id: &str, p: &mut Problems| {
                let i = expert_of(id);
                if i.is_none() {
                    ok = false;
                    row.error(p, column, text!("scenario-unknown-expert", expert = id));
                }
                i
            };
            let lead = row
                .required("lead", self.p)
                .and_then(|l| person("lead", l.trim(), self.p));
            let mut members = Vec::new();
            for m in row
                .get("members")
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|m| !m.is_empty())
            {
                members.extend(person("members", m, self.p));
            }
            let (Some(station), Some(lead), true) = (station, lead, ok) else {
                continue;
            };
            let sid = &sites[stations[station].site].id;
            if out.iter().any(|x| x.station == station) {
                row.error(
                    self.p,
                    "station",
                    text!("scenario-station-two-teams", station = sid),
                );
                continue;
            }
            for (column, e) in
                std::iter::once(("lead", lead)).chain(members.iter().map(|&m| ("members", m)))
            {
                if let Some(other) = taken.insert(e, sid.clone()) {
                    ok = false;
                    row.error(
                        self.p,
                        column,
                        text!(
                            "scenario-expert-two-teams",
                            expert = &experts[e].id,
                            station = other
                        ),
                    );
                }
                let ex = &experts[e];
                let needs = &stations[station].specialties;
                if !ex.specialties.iter().any(|k| needs.contains(k)) {
                    ok = false;
                    row.error(
                        self.p,
                        column,
                        text!(
                            "scenario-expert-wrong-specialty",
                            expert = &ex.id,
                            specialty = ex.specialties.join(";"),
                            station = sid,
                            needs = stations[station].specialties.join(";")
                        ),
                    );
                }
            }
            if !experts[lead].can_lead {
                ok = false;
                row.error(
                    self.p,
                    "lead",
                    text!("scenario-not-a-lead", expert = &experts[lead].id),
                );
            }
            if members.len() + 1 < 2 {
                ok = false;
                row.error(
                    self.p,
                    "members",
                    text!("scenario-team-too-small", station = sid),
                );
            }
            if ok {
                self.team_lines.1.insert(station, *line);
                out.push(StationTeam {
                    station,
                    lead,
                    members,
                });
            }
        }
        out
    }

    /// Checks of an expert-station scenario that need travel: a fixed team's expert beyond the
    /// travel limit is an error; a station left without a team, or a specialty no expert of the
    /// team has, a warning (it is listed as uncovered).
    pub(super) fn expert_cross_checks(&mut self, s: &Scenario) {
        let Some(x) = &s.experts else {
            return;
        };
        let Some(teams) = &x.teams else {
            return;
        };
        let travel = crate::travel::Travel::build(s);
        let file = self.team_lines.0.clone();
        for team in teams {
            let st = &x.stations[team.station];
            let site = &s.sites[st.site];
            let line = self.team_lines.1.get(&team.station).copied();
            for e in team.experts() {
                let ex = &x.experts[e];
                let minutes =
                    travel.minutes(s.base_location(ex.hospital), s.site_location(st.site));
                if minutes > x.rules.max_travel_minutes + 1e-6 {
                    self.p.error(
                        &file,
                        line,
                        Some("members"),
                        text!(
                            "scenario-expert-too-far",
                            expert = &ex.id,
                            station = &site.id,
                            minutes = format!("{minutes:.0}"),
                            limit = format!("{:.0}", x.rules.max_travel_minutes)
                        ),
                    );
                }
            }
            for sp in &st.specialties {
                if !team.experts().any(|e| x.has_specialty(e, sp)) {
                    self.p.warning(
                        &file,
                        None,
                        Some("members"),
                        text!(
                            "scenario-team-lacks-specialty",
                            station = &site.id,
                            specialty = sp
                        ),
                    );
                }
            }
        }
        for st in &x.stations {
            if !teams.iter().any(|t| x.stations[t.station].site == st.site) {
                self.p.warning(
                    &file,
                    None,
                    Some("station"),
                    text!("scenario-station-no-team", station = &s.sites[st.site].id),
                );
            }
        }
    }
}
