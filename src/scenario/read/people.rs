//! Reading who and what travels: vehicles, clinicians, their leave, and teams.

use super::*;

impl Ctx<'_> {
    pub(super) fn vehicles(
        &mut self,
        rel: &str,
        base_index: &HashMap<String, usize>,
    ) -> Vec<Vehicle> {
        let Some(t) = self.table(
            rel,
            &["id", "base"],
            &[
                "id",
                "base",
                "name",
                "seats",
                "max_drive_minutes",
                "cost_per_km",
                "cost_per_day",
                "max_load_kg",
            ],
        ) else {
            return vec![];
        };
        let mut out = Vec::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let id = row.required("id", self.p);
            let base = self.base_ref(&row, base_index);
            let seats = row.count("seats", 4, SEATS, self.p);
            if seats == 0 {
                row.error(self.p, "seats", text!("scenario-no-seats"));
            }
            let max_drive = row.number("max_drive_minutes", 300.0, 0.0, 1440.0, self.p);
            let cost_per_km = row.number("cost_per_km", 3.0, 0.0, 1e6, self.p);
            let cost_per_day = row.number("cost_per_day", 600.0, 0.0, 1e9, self.p);
            let max_load_kg = row.number("max_load_kg", f64::INFINITY, 0.0, 1e9, self.p);
            if let (Some(id), Some(base)) = (id, base) {
                if self.unique_id(&t.file, *line, id) {
                    out.push(Vehicle {
                        id: id.into(),
                        name: row.get("name").unwrap_or(id).to_string(),
                        base,
                        seats,
                        max_drive_minutes: max_drive,
                        cost_per_km,
                        cost_per_day,
                        max_load_kg,
                        unavailable: vec![],
                    });
                }
            }
        }
        out
    }

    pub(super) fn base_ref(
        &mut self,
        row: &table::Row,
        base_index: &HashMap<String, usize>,
    ) -> Option<usize> {
        let b = row.required("base", self.p)?;
        let i = base_index.get(b).copied();
        if i.is_none() {
            row.error(self.p, "base", text!("scenario-unknown-base", base = b));
        }
        i
    }

    pub(super) fn clinicians(
        &mut self,
        rel: &str,
        base_index: &HashMap<String, usize>,
        weekdays: &[Weekday],
        default_high_nights: u32,
    ) -> Vec<Clinician> {
        let Some(t) = self.table(
            rel,
            &["id", "name", "base", "role"],
            &[
                "id",
                "name",
                "base",
                "role",
                "specialties",
                "working_days",
                "max_days_per_week",
                "max_consecutive_days",
                "max_days_per_month",
                "max_high_nights_per_month",
                "altitude_cleared",
            ],
        ) else {
            return vec![];
        };
        let mut out = Vec::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let id = row.required("id", self.p);
            let name = row.required("name", self.p);
            let base = self.base_ref(&row, base_index);
            let role = row.required("role", self.p).map(|r| r.to_ascii_lowercase());
            let specialties = row
                .get("specialties")
                .map(|s| {
                    s.split(';')
                        .map(|x| x.trim().to_ascii_lowercase())
                        .filter(|x| !x.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            let mut working_days = Vec::new();
            match row.get("working_days") {
                None => working_days = weekdays.to_vec(),
                Some(w) => {
                    for d in w.split(';').filter(|s| !s.trim().is_empty()) {
                        match parse_weekday(d) {
                            Some(d) => working_days.push(d),
                            None => row.error(
                                self.p,
                                "working_days",
                                text!("scenario-not-a-weekday", value = d),
                            ),
                        }
                    }
                }
            }
            let max_week = row.count("max_days_per_week", 5, 7, self.p);
            let max_consecutive = row.count("max_consecutive_days", 5, 731, self.p);
            let max_month = row.count("max_days_per_month", 22, 31, self.p);
            let max_high_nights =
                row.count("max_high_nights_per_month", default_high_nights, 31, self.p);
            let altitude_cleared = match row.get("altitude_cleared").map(str::to_ascii_lowercase) {
                None => false,
                Some(v) => match v.as_str() {
                    "yes" | "true" | "1" | "y" => true,
                    "no" | "false" | "0" | "n" => false,
                    _ => {
                        row.error(
                            self.p,
                            "altitude_cleared",
                            text!("scenario-not-yes-no", value = &v),
                        );
                        false
                    }
                },
            };
            if let (Some(id), Some(name), Some(base), Some(role)) = (id, name, base, role) {
                if self.unique_id(&t.file, *line, id) {
                    out.push(Clinician {
                        id: id.into(),
                        name: name.into(),
                        base,
                        role,
                        specialties,
                        working_days,
                        max_days_per_week: max_week,
                        max_consecutive_days: max_consecutive,
                        max_days_per_month: max_month,
                        leave: vec![],
                        altitude_cleared,
                        max_high_nights_per_month: max_high_nights,
                    });
                }
            }
        }
        out
    }

    pub(super) fn leave(
        &mut self,
        rel: &str,
        vehicles: &mut [Vehicle],
        clinicians: &mut [Clinician],
    ) {
        let Some(t) = self.table(rel, &["id", "from", "to"], &["id", "from", "to", "reason"])
        else {
            return;
        };
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let id = row.required("id", self.p);
            let range = self.range(&row);
            let (Some(id), Some(range)) = (id, range) else {
                continue;
            };
            if let Some(c) = clinicians.iter_mut().find(|c| c.id == id) {
                c.leave.push(range);
            } else if let Some(v) = vehicles.iter_mut().find(|v| v.id == id) {
                v.unavailable.push(range);
            } else {
                row.error(self.p, "id", text!("scenario-unknown-leave-id", id = id));
            }
        }
    }

    /// Fixed teams: a vehicle and its clinicians, each in at most one team, able to fill the crew.
    pub(super) fn teams(&mut self, rel: &str, s: &Scenario) -> Vec<Team> {
        let Some(t) = self.table(
            rel,
            &["id", "vehicle", "members"],
            &["id", "name", "vehicle", "members"],
        ) else {
            return vec![];
        };
        let mut out: Vec<Team> = Vec::new();
        let mut taken: HashMap<String, String> = HashMap::new();
        let mut named: Vec<usize> = Vec::new();
        for (line, rec) in &t.rows {
            let row = t.row(*line, rec);
            let id = row.required("id", self.p);
            let vehicle = row.required("vehicle", self.p).and_then(|v| {
                let i = s.vehicles.iter().position(|x| x.id == v);
                if i.is_none() {
                    row.error(
                        self.p,
                        "vehicle",
                        text!("scenario-unknown-vehicle", vehicle = v),
                    );
                }
                i
            });
            named.extend(vehicle);
            let mut members = Vec::new();
            let mut ok = true;
            for m in row
                .get("members")
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|m| !m.is_empty())
            {
                match s.clinicians.iter().position(|c| c.id == m) {
                    Some(c) => members.push(c),
                    None => {
                        ok = false;
                        row.error(
                            self.p,
                            "members",
                            text!("scenario-unknown-member", clinician = m),
                        );
                    }
                }
            }
            let (Some(id), Some(vehicle)) = (id, vehicle) else {
                continue;
            };
            if !self.unique_id(&t.file, *line, id) {
                continue;
            }
            for who in std::iter::once(s.vehicles[vehicle].id.clone())
                .chain(members.iter().map(|&c| s.clinicians[c].id.clone()))
            {
                if let Some(other) = taken.insert(who.clone(), id.to_string()) {
                    ok = false;
                    row.error(
                        self.p,
                        "members",
                        text!("scenario-member-twice", member = &who, team = other),
                    );
                }
            }
            let base = s.vehicles[vehicle].base;
            if let Some(&c) = members.iter().find(|&&c| s.clinicians[c].base != base) {
                ok = false;
                row.error(
                    self.p,
                    "members",
                    text!(
                        "scenario-member-other-base",
                        clinician = &s.clinicians[c].id,
                        base = &s.bases[s.clinicians[c].base].id,
                        vehicle_base = &s.bases[base].id,
                    ),
                );
            }
            let slots: Vec<(String, bool)> = s
                .crew
                .iter()
                .flat_map(|(r, n)| std::iter::repeat_n((r.clone(), false), *n as usize))
                .collect();
            if ok && !crate::check::crew_fills(s, &members, &slots) {
                row.error(
                    self.p,
                    "members",
                    text!(
                        "scenario-team-short",
                        crew = s
                            .crew
                            .iter()
                            .map(|(r, n)| format!("{n} {r}"))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                );
            }
            if ok {
                out.push(Team {
                    id: id.into(),
                    name: row.get("name").unwrap_or(id).to_string(),
                    vehicle,
                    members,
                });
            }
        }
        // A vehicle named by a rejected row has its error already.
        for (v, veh) in s.vehicles.iter().enumerate() {
            if !t.rows.is_empty() && !named.contains(&v) {
                self.p.warning(
                    &t.file,
                    None,
                    Some("vehicle"),
                    text!("scenario-vehicle-no-team", vehicle = &veh.id),
                );
            }
        }
        out
    }
}
