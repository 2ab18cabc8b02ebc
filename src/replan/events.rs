//! What happened since a plan was published: a vehicle out of service, a clinician absent, a road
//! or a base closed. Events come from flags (`V3:2027-02-15..2027-02-23`) or from an events file
//! (CSV or TOML); each names its source, so a bad one is reported by file, row and field. Applying
//! them to a scenario gives the scenario the new plan must pass.

use crate::calendar::parse_date_range;
use crate::lang::Text;
use crate::scenario::{Closure, Scenario};
use crate::text;
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::Path;

/// The kind of an event, with the scenario index it concerns.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    VehicleOut(usize),
    ClinicianAbsent(usize),
    /// A site or every site of a base.
    Closure(Vec<usize>),
    /// One visit more to a site within the dates (an outbreak, a campaign), by a specialist of
    /// the specialty when one is given.
    Extra {
        site: usize,
        specialty: Option<String>,
    },
    /// A new requirement row: `visits` per `period`, at least `spacing` days apart; it holds for
    /// the whole horizon, so periods over before the re-plan stay unmet, with the reason.
    Requirement {
        site: usize,
        specialty: Option<String>,
        period: crate::calendar::PeriodKind,
        visits: u32,
        spacing: u32,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub kind: Kind,
    /// The vehicle, clinician, site or base id as given.
    pub target: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Event {
    /// The event as a planner writes it, which names it in changes.csv and the report:
    /// `vehicle-out V3:2027-02-15..2027-02-23`.
    pub fn label(&self) -> String {
        if let Kind::Requirement { .. } = self.kind {
            return format!("requirement {}", self.target);
        }
        format!(
            "{} {}:{}..{}",
            self.kind_name(),
            self.target,
            self.from,
            self.to
        )
    }

    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::VehicleOut(_) => "vehicle-out",
            Kind::ClinicianAbsent(_) => "absent",
            Kind::Closure(_) => "closure",
            Kind::Extra { .. } => "extra",
            Kind::Requirement { .. } => "requirement",
        }
    }

    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }
}

/// Where an event was given: a flag, or a row of an events file.
#[derive(Clone, Debug)]
pub struct Origin {
    pub place: String,
    pub row: Option<usize>,
    pub field: &'static str,
}

/// A bad event, with where it was given and how to mend it.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.render())]
pub struct EventError {
    pub origin: Origin,
    pub message: Text,
}

impl EventError {
    fn render(&self) -> String {
        let o = &self.origin;
        match o.row {
            Some(row) => text!(
                "replan-event-error-row",
                place = &o.place,
                row = row,
                field = o.field,
                message = self.message.to_string()
            ),
            None => text!(
                "replan-event-error",
                place = &o.place,
                field = o.field,
                message = self.message.to_string()
            ),
        }
        .to_string()
    }
}

/// Reads one event of `kind` (`vehicle-out`, `absent`, `closure`) from `ID:FROM..TO`.
pub fn parse(s: &Scenario, kind: &str, value: &str, origin: Origin) -> Result<Event, EventError> {
    let fail = |message: Text| EventError {
        origin: origin.clone(),
        message,
    };
    let Some((id, range)) = value
        .rsplit_once(':')
        .filter(|(id, r)| !id.trim().is_empty() && !r.trim().is_empty())
    else {
        return Err(fail(text!("replan-event-syntax", value = value)));
    };
    let id = id.trim();
    if kind == "requirement" {
        return requirement(s, id, range.trim()).map_err(fail);
    }
    let (from, to) = parse_date_range(range).map_err(fail)?;
    let h = &s.horizon;
    if h.day_of(from).is_none() || h.day_of(to).is_none() {
        return Err(fail(text!(
            "replan-event-outside",
            range = range.trim(),
            start = h.start.to_string(),
            end = h.end().to_string()
        )));
    }
    let kind = match kind {
        "vehicle-out" => s
            .vehicles
            .iter()
            .position(|v| v.id == id)
            .map(Kind::VehicleOut)
            .ok_or_else(|| fail(text!("replan-unknown-vehicle", id = id)))?,
        "absent" => s
            .clinicians
            .iter()
            .position(|c| c.id == id)
            .map(Kind::ClinicianAbsent)
            .ok_or_else(|| fail(text!("replan-unknown-clinician", id = id)))?,
        "closure" => {
            if let Some(i) = s.sites.iter().position(|x| x.id == id) {
                Kind::Closure(vec![i])
            } else if let Some(b) = s.bases.iter().position(|b| b.id == id) {
                Kind::Closure(
                    (0..s.sites.len())
                        .filter(|&i| s.sites[i].base == b)
                        .collect(),
                )
            } else {
                return Err(fail(text!("replan-unknown-place", id = id)));
            }
        }
        "extra" => {
            // SITE or SITE/SPECIALTY: the specialty must be one the site's base has.
            let (site_id, specialty) = match id.split_once('/') {
                Some((x, k)) => (x.trim(), Some(k.trim().to_string())),
                None => (id, None),
            };
            let site = s
                .sites
                .iter()
                .position(|x| x.id == site_id)
                .ok_or_else(|| fail(text!("replan-unknown-site", id = site_id)))?;
            if let Some(k) = &specialty {
                let base = s.sites[site].base;
                if !s
                    .clinicians
                    .iter()
                    .any(|c| c.base == base && c.specialties.contains(k))
                {
                    return Err(fail(text!(
                        "replan-extra-no-specialist",
                        specialty = k,
                        base = &s.bases[base].id
                    )));
                }
            }
            Kind::Extra { site, specialty }
        }
        other => return Err(fail(text!("replan-unknown-kind", kind = other))),
    };
    Ok(Event {
        kind,
        target: id.to_string(),
        from,
        to,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventsToml {
    #[serde(default)]
    event: Vec<EventRow>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventRow {
    kind: String,
    id: String,
    from: String,
    #[serde(default)]
    to: Option<String>,
}

/// Reads an events file: CSV with the columns `kind,id,from,to` (`to` may be empty for one day),
/// or TOML with `[[event]]` tables of the same keys.
pub fn read_file(s: &Scenario, path: &Path) -> Result<Vec<Event>, EventError> {
    let place = path.display().to_string();
    let whole = |field: &'static str, message: Text| EventError {
        origin: Origin {
            place: place.clone(),
            row: None,
            field,
        },
        message,
    };
    let bytes = std::fs::read(path)
        .map_err(|e| whole("-", text!("replan-cannot-read", error = e.to_string())))?;
    let text = String::from_utf8(bytes).map_err(|_| whole("-", text!("replan-not-utf8")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let rows: Vec<(usize, EventRow)> = if toml {
        let file: EventsToml = toml::from_str(text).map_err(|e| {
            // The line of the file, where the parser knows it.
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
            EventError {
                origin: Origin {
                    place: place.clone(),
                    row: line,
                    field: "event",
                },
                message: text!("replan-bad-toml", error = e.message()),
            }
        })?;
        file.event
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r))
            .collect()
    } else {
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| whole("-", text!("replan-bad-csv", error = e.to_string())))?
            .iter()
            .map(|h| h.to_ascii_lowercase())
            .collect();
        let col = |name: &'static str| {
            header
                .iter()
                .position(|h| h == name)
                .ok_or_else(|| whole(name, text!("replan-missing-column", column = name)))
        };
        let (k, i, f) = (col("kind")?, col("id")?, col("from")?);
        let t = header.iter().position(|h| h == "to");
        let mut rows = Vec::new();
        for (n, rec) in reader.records().enumerate() {
            // Row numbers as a spreadsheet shows them: the header is row 1.
            let line = n + 2;
            let rec = rec.map_err(|e| EventError {
                origin: Origin {
                    place: place.clone(),
                    row: Some(line),
                    field: "-",
                },
                message: text!("replan-bad-csv", error = e.to_string()),
            })?;
            if rec.iter().all(|c| c.is_empty()) {
                continue;
            }
            let cell = |c: usize| rec.get(c).unwrap_or("").to_string();
            rows.push((
                line,
                EventRow {
                    kind: cell(k),
                    id: cell(i),
                    from: cell(f),
                    to: t.map(cell).filter(|x| !x.is_empty()),
                },
            ));
        }
        rows
    };
    let mut out = Vec::new();
    for (row, r) in rows {
        let range = match &r.to {
            Some(to) => format!("{}..{}", r.from, to),
            None => r.from.clone(),
        };
        let field = if r.kind.is_empty() { "kind" } else { "from" };
        let origin = Origin {
            place: place.clone(),
            row: Some(row),
            field,
        };
        let value = format!("{}:{range}", r.id);
        let e = parse(s, r.kind.trim(), &value, origin).map_err(|mut e| {
            e.origin.field = field_of(&e.message);
            e
        })?;
        out.push(e);
    }
    Ok(out)
}

/// A new requirement row, `SITE[/SPECIALTY]:VISITS/PERIOD[/SPACING]` (`S05/cardiology:2/month/7`).
fn requirement(s: &Scenario, id: &str, rule: &str) -> Result<Event, Text> {
    let (site_id, specialty) = match id.split_once('/') {
        Some((x, k)) => (x.trim(), Some(k.trim().to_string())),
        None => (id, None),
    };
    let site = s
        .sites
        .iter()
        .position(|x| x.id == site_id)
        .ok_or_else(|| text!("replan-unknown-site", id = site_id))?;
    // Visits of one site and specialty count toward every requirement of that pair, spacing
    // included: a second row for a pair would fight the first.
    if s.requirements
        .iter()
        .any(|r| r.site == site && r.specialty == specialty)
    {
        return Err(text!("replan-requirement-exists", id = id));
    }
    let bad = || text!("replan-requirement-syntax", value = rule);
    let parts: Vec<&str> = rule.split('/').map(str::trim).collect();
    let (visits, period, spacing) = match parts[..] {
        [v, p] => (v, p, "1"),
        [v, p, g] => (v, p, g),
        _ => return Err(bad()),
    };
    let visits: u32 = visits.parse().ok().filter(|&n| n > 0).ok_or_else(bad)?;
    let spacing: u32 = spacing.parse().ok().filter(|&n| n > 0).ok_or_else(bad)?;
    let period = crate::calendar::PeriodKind::parse(period).ok_or_else(bad)?;
    if let Some(k) = &specialty {
        let base = s.sites[site].base;
        if !s
            .clinicians
            .iter()
            .any(|c| c.base == base && c.specialties.contains(k))
        {
            return Err(text!(
                "replan-extra-no-specialist",
                specialty = k,
                base = &s.bases[base].id
            ));
        }
    }
    Ok(Event {
        kind: Kind::Requirement {
            site,
            specialty,
            period,
            visits,
            spacing,
        },
        target: format!("{id}:{rule}"),
        from: s.horizon.start,
        to: s.horizon.end(),
    })
}

/// The column a parse error is about, from its message.
fn field_of(m: &Text) -> &'static str {
    match m.id.as_str() {
        "replan-unknown-vehicle"
        | "replan-unknown-clinician"
        | "replan-unknown-place"
        | "replan-unknown-site"
        | "replan-extra-no-specialist" => "id",
        "replan-unknown-kind" => "kind",
        "replan-requirement-syntax" => "from",
        "replan-requirement-exists" => "id",
        _ => "from",
    }
}

/// The scenario with the events applied: vehicles out and clinicians absent as leave, closures
/// as closures.
pub fn apply(s: &Scenario, events: &[Event]) -> Scenario {
    let mut out = s.clone();
    for e in events {
        match &e.kind {
            Kind::VehicleOut(v) => out.vehicles[*v].unavailable.push((e.from, e.to)),
            Kind::ClinicianAbsent(c) => out.clinicians[*c].leave.push((e.from, e.to)),
            // An extra visit is owed, not a change of the scenario: the re-plan plans it.
            Kind::Extra { .. } => {}
            Kind::Requirement {
                site,
                specialty,
                period,
                visits,
                spacing,
            } => out.requirements.push(crate::scenario::Requirement {
                site: *site,
                specialty: specialty.clone(),
                period: *period,
                visits: *visits,
                min_spacing_days: *spacing,
                service_minutes: s.sites[*site].service_minutes,
                origin: None,
            }),
            Kind::Closure(sites) => {
                for &site in sites {
                    out.closures.push(Closure {
                        site,
                        from: e.from,
                        to: e.to,
                        reason: e.label(),
                    });
                }
            }
        }
    }
    out
}
