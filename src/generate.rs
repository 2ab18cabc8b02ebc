//! Province scenarios for scale tests and benchmarks: N cities, each a copy of a bundled day-route
//! scenario (by default the Zibo quarter), as `bench::scale` builds them, written out as a scenario
//! folder (scenario.toml, the tables, a README) that `plan`, `validate` and a cluster's shards read.
//!
//! The copies are made by `bench::scale::scaled`; this module only writes them: every id and
//! coordinate of a copied row comes from the scaled scenario, every other column from the row it
//! copies, so a new column is carried over without a change here.

use crate::bench::scale::scaled;
use crate::scenario::{Scenario, Source};
use crate::text;
use std::collections::HashMap;

/// What went wrong, in the planner's words.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct GenerateError(pub String);

fn err(t: crate::lang::Text) -> GenerateError {
    GenerateError(t.to_string())
}

/// The most cities a province may have: Shandong has 16; a few times that is plenty for tests.
pub const MAX_CITIES: usize = 64;

/// The files of a province of `cities` copies of the bundled scenario `from` (a day-route one), as
/// (relative path, contents).
pub fn province(
    from: &Source,
    cities: usize,
    seed: u64,
) -> Result<Vec<(String, String)>, GenerateError> {
    let Source::Bundled { name, files } = from else {
        return Err(err(text!("scenario-new-from-bundled")));
    };
    if cities == 0 || cities > MAX_CITIES {
        return Err(err(text!(
            "generate-cities",
            cities = cities,
            max = MAX_CITIES
        )));
    }
    let s = crate::load(from).map_err(|e| GenerateError(e.to_string()))?;
    let big = scaled(&s, cities, seed).map_err(GenerateError)?;
    let toml_text = files
        .iter()
        .find(|(f, _)| *f == "scenario.toml")
        .map(|(_, t)| *t)
        .ok_or_else(|| err(text!("scenario-bundled-no-toml")))?;
    let tables = table_kinds(toml_text)?;
    let ids = Ids::new(&s, &big);
    let mut out = vec![(
        "scenario.toml".to_string(),
        scenario_toml(toml_text, name, &s, cities, seed),
    )];
    for (file, contents) in files.iter() {
        if *file == "scenario.toml" {
            continue;
        }
        let copied = match tables.get(*file) {
            Some(kind) if file.ends_with(".csv") => copy_table(kind, contents, &ids, cities)
                .map_err(|e| GenerateError(format!("{file}: {e}")))?,
            _ => contents.to_string(),
        };
        out.push((file.to_string(), copied));
    }
    out.push(("README.md".into(), readme(name, &s, &big, cities, seed)));
    Ok(out)
}

/// Which table each file of the scenario is (`sites`, `bases`, …), from its `[files]` table.
fn table_kinds(toml_text: &str) -> Result<HashMap<String, String>, GenerateError> {
    let doc: toml::Table = toml_text
        .parse()
        .map_err(|e: toml::de::Error| GenerateError(format!("scenario.toml: {e}")))?;
    let mut kinds = HashMap::new();
    if let Some(files) = doc.get("files").and_then(|f| f.as_table()) {
        for (kind, file) in files {
            if let Some(f) = file.as_str() {
                kinds.insert(f.to_string(), kind.clone());
            }
        }
    }
    Ok(kinds)
}

/// The ids of the original scenario, by kind, and where each copy's values are in the scaled one.
struct Ids<'a> {
    big: &'a Scenario,
    nb: usize,
    ns: usize,
    nv: usize,
    nc: usize,
    base: HashMap<&'a str, usize>,
    site: HashMap<&'a str, usize>,
    vehicle: HashMap<&'a str, usize>,
    clinician: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    fn new(s: &'a Scenario, big: &'a Scenario) -> Ids<'a> {
        let index = |ids: Vec<&'a str>| -> HashMap<&'a str, usize> {
            ids.into_iter().enumerate().map(|(i, id)| (id, i)).collect()
        };
        Ids {
            big,
            nb: s.bases.len(),
            ns: s.sites.len(),
            nv: s.vehicles.len(),
            nc: s.clinicians.len(),
            base: index(s.bases.iter().map(|x| x.id.as_str()).collect()),
            site: index(s.sites.iter().map(|x| x.id.as_str()).collect()),
            vehicle: index(s.vehicles.iter().map(|x| x.id.as_str()).collect()),
            clinician: index(s.clinicians.iter().map(|x| x.id.as_str()).collect()),
        }
    }

    /// The id of copy `k` of the base, site, vehicle or clinician `id` (whichever it is).
    fn copy(&self, id: &str, k: usize) -> Option<&'a str> {
        let b = self.big;
        let id = id.trim();
        if let Some(&i) = self.base.get(id) {
            return Some(&b.bases[k * self.nb + i].id);
        }
        if let Some(&i) = self.site.get(id) {
            return Some(&b.sites[k * self.ns + i].id);
        }
        if let Some(&i) = self.vehicle.get(id) {
            return Some(&b.vehicles[k * self.nv + i].id);
        }
        if let Some(&i) = self.clinician.get(id) {
            return Some(&b.clinicians[k * self.nc + i].id);
        }
        None
    }
}

/// A table with its rows followed by `cities − 1` copies of them, their ids and places taken from
/// the scaled scenario.
fn copy_table(kind: &str, text: &str, ids: &Ids, cities: usize) -> Result<String, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    // The columns that name a place, vehicle or clinician of the copy.
    let refs: Vec<usize> = match kind {
        "bases" | "vehicles" | "clinicians" | "sites" => vec![col("id"), col("base")],
        "requirements" | "closures" => vec![col("site")],
        "leave" => vec![col("id")],
        _ => vec![],
    }
    .into_iter()
    .flatten()
    .collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(reader.headers().map_err(|e| e.to_string())?)
        .map_err(|e| e.to_string())?;
    for r in &rows {
        w.write_record(r).map_err(|e| e.to_string())?;
    }
    let b = ids.big;
    for k in 1..cities {
        for r in &rows {
            let mut fields: Vec<String> = r.iter().map(str::to_string).collect();
            let own = col("id").and_then(|c| fields.get(c).cloned());
            for &c in &refs {
                if let Some(f) = fields.get_mut(c) {
                    if !f.trim().is_empty() {
                        *f = ids
                            .copy(f, k)
                            .ok_or_else(|| format!("`{f}` is not a known id"))?
                            .to_string();
                    }
                }
            }
            let mut set = |name: &str, v: String| {
                if let Some(f) = col(name).and_then(|c| fields.get_mut(c)) {
                    *f = v;
                }
            };
            match (kind, own.as_deref().map(str::trim)) {
                ("bases", Some(id)) => {
                    let x = &b.bases[k * ids.nb + ids.base[id]];
                    set("name", x.name.clone());
                    set("lat", x.lat.to_string());
                    set("lon", x.lon.to_string());
                }
                ("sites", Some(id)) => {
                    let x = &b.sites[k * ids.ns + ids.site[id]];
                    set("lat", x.lat.to_string());
                    set("lon", x.lon.to_string());
                }
                _ => {}
            }
            w.write_record(&fields).map_err(|e| e.to_string())?;
        }
    }
    String::from_utf8(w.into_inner().map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}

/// The scenario's settings with the province's name and a cap that grows with its size.
fn scenario_toml(text: &str, from: &str, s: &Scenario, cities: usize, seed: u64) -> String {
    let mut out = format!(
        "# A province of {cities} cities, generated by `outreach generate province --cities {cities} \
         --seed {seed} --from {from}`: city 1 is `{from}` itself, cities 2..{cities} copies of it \
         placed east of it (README.md). Generate it again rather than edit it.\n"
    );
    // The bundled scenario's opening comment speaks of its own files, not of these.
    let body = text.lines().skip_while(|l| l.starts_with('#'));
    for line in body {
        let key = line.split('=').next().unwrap_or("").trim();
        let line = match key {
            "name" => format!("name = \"province-{cities}-cities\""),
            "description" => format!(
                "description = \"{cities} cities like {}, for scale tests and benchmarks\"",
                s.name.replace(['"', '\\'], "")
            ),
            // The cap is a safety net: it should not cut a plan N times the size.
            "time_limit_seconds" => format!(
                "time_limit_seconds = {:.1}",
                s.solver.time_limit_seconds * cities as f64
            ),
            _ => line.to_string(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn readme(from: &str, s: &Scenario, big: &Scenario, cities: usize, seed: u64) -> String {
    format!(
        "# province-{cities}-cities — {cities} cities like `{from}`, generated\n\n\
         Made by `outreach generate province --cities {cities} --seed {seed} --from {from}` for scale \
         tests and benchmarks. Generate it again rather than edit it: the same command writes the \
         same files.\n\n\
         | | count |\n|---|---:|\n| cities | {cities} |\n| bases | {} |\n| sites | {} |\n\
         | vehicles | {} |\n| clinicians | {} |\n\n\
         ## Real and placed\n\n\
         - **City 1 is `{from}` unchanged**: its places are those of its own README (for Zibo, the \
         real township and county points of the shared geodata, 42 real village points and the \
         rest placed by its build script).\n\
         - **Cities 2..{cities} are placed, not real.** The geodata holds no other Shandong city, \
         so each is a copy of city 1 moved east by the width of city 1 plus 0.2° (about 18 km), \
         each village moved again by up to 0.01° (about 1 km) at random with the seed, so that no \
         copy is the same problem as another. Ids get `-x2`, `-x3`, … and base names `（2）`, \
         `（3）`, …; people, vehicles, requirements, leave and closures are copied with them.\n\
         - The copies lie on the sea and in other provinces east of Zibo: they stand for the \
         size of a province, not for its map.\n",
        big.bases.len(),
        big.sites.len(),
        big.vehicles.len(),
        big.clinicians.len(),
    ) + &format!(
        "\nOne city has {} bases and {} sites.\n",
        s.bases.len(),
        s.sites.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_written_province_reads_back_as_the_scaled_scenario() {
        let tiny = crate::scenario::bundled::find("tiny").unwrap();
        let files = province(&tiny, 3, 5).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (f, text) in &files {
            std::fs::write(dir.path().join(f), text).unwrap();
        }
        let read = crate::load_dir(dir.path()).unwrap();
        let want = scaled(&crate::load(&tiny).unwrap(), 3, 5).unwrap();
        assert_eq!(read.bases.len(), 3);
        assert_eq!(read.sites.len(), want.sites.len());
        for (a, b) in read.sites.iter().zip(&want.sites) {
            assert_eq!(
                (&a.id, a.base, a.lat, a.lon, a.population),
                (&b.id, b.base, b.lat, b.lon, b.population)
            );
        }
        for (a, b) in read.bases.iter().zip(&want.bases) {
            assert_eq!(
                (&a.id, &a.name, a.lat, a.lon),
                (&b.id, &b.name, b.lat, b.lon)
            );
        }
        for (a, b) in read.vehicles.iter().zip(&want.vehicles) {
            assert_eq!((&a.id, a.base), (&b.id, b.base));
        }
        assert_eq!(read.clinicians.len(), want.clinicians.len());
        for (a, b) in read.clinicians.iter().zip(&want.clinicians) {
            assert_eq!((&a.id, a.base), (&b.id, b.base));
        }
        assert_eq!(read.requirements.len(), want.requirements.len());
        assert_eq!(read.closures.len(), want.closures.len());
        assert_eq!(read.name, "province-3-cities");
        assert_eq!(
            files,
            province(&tiny, 3, 5).unwrap(),
            "the same files again"
        );
    }

    #[test]
    fn zero_cities_campaigns_and_folders_are_refused() {
        let tiny = crate::scenario::bundled::find("tiny").unwrap();
        assert!(province(&tiny, 0, 1).is_err());
        assert!(province(&tiny, MAX_CITIES + 1, 1).is_err());
        let ngamring = crate::scenario::bundled::find("ngamring-high-altitude").unwrap();
        assert!(province(&ngamring, 2, 1)
            .unwrap_err()
            .0
            .contains("campaign"));
        let file = Source::File("scenario.toml".into());
        assert!(province(&file, 2, 1).is_err());
    }
}
