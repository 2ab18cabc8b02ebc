//! `routes.geojson` (RFC 7946): each tour-day a LineString from its base (or the lodging it woke up at)
//! through its stops and back (or on to the night's lodging),
//! each stop a Point, each base a Point. Coordinates are WGS 84 longitude, latitude. The lines are
//! straight between stops (the plan knows travel times, not road geometry). Styling keys follow the
//! simplestyle convention (`stroke`, `marker-color`) that geojson.io and many viewers honour; QGIS
//! reads the other properties as attribute columns.

use super::Lookup;
use crate::schedule::Schedule;
use geojson::{Feature, FeatureCollection, Geometry, JsonObject, JsonValue, Value};

fn point(lat: f64, lon: f64) -> Vec<f64> {
    // 6 decimals ≈ 0.1 m: more would be noise, fewer would move villages.
    let r = |x: f64| (x * 1e6).round() / 1e6;
    vec![r(lon), r(lat)]
}

fn feature(geometry: Value, props: Vec<(&str, JsonValue)>) -> Feature {
    let mut properties = JsonObject::new();
    for (k, v) in props {
        properties.insert(k.to_string(), v);
    }
    Feature {
        bbox: None,
        geometry: Some(Geometry::new(geometry)),
        id: None,
        properties: Some(properties),
        foreign_members: None,
    }
}

pub fn routes(schedule: &Schedule, look: &Lookup) -> String {
    let mut features = Vec::new();
    for b in &look.scenario.bases {
        features.push(feature(
            Value::Point(point(b.lat, b.lon)),
            vec![
                ("kind", "base".into()),
                ("base", b.id.clone().into()),
                ("name", b.name.clone().into()),
                ("marker-color", "#000000".into()),
                ("marker-symbol", "hospital".into()),
            ],
        ));
    }
    for l in &look.scenario.lodgings {
        features.push(feature(
            Value::Point(point(l.lat, l.lon)),
            vec![
                ("kind", "lodging".into()),
                ("lodging", l.id.clone().into()),
                ("name", l.name.clone().into()),
                ("altitude_m", l.altitude_m.into()),
                ("beds", l.beds.into()),
                ("marker-color", "#555555".into()),
                ("marker-symbol", "lodging".into()),
            ],
        ));
    }
    for t in &schedule.tours {
        let colour = look.vehicle_colour(&t.vehicle);
        let crew = t.crew_line();
        let start = look.place_point(&t.base, t.from.as_deref());
        let end = look.place_point(&t.base, t.to.as_deref());
        let mut line = Vec::new();
        line.extend(start.map(|(lat, lon)| point(lat, lon)));
        for s in &t.stops {
            line.extend(look.site_point(&s.site).map(|(lat, lon)| point(lat, lon)));
        }
        line.extend(end.map(|(lat, lon)| point(lat, lon)));
        let mut trip_props: Vec<(&str, JsonValue)> = Vec::new();
        if let Some(trip) = &t.trip {
            trip_props.push(("trip", trip.clone().into()));
            trip_props.push(("trip_day", t.trip_day.into()));
            trip_props.push(("trip_days", t.trip_days.into()));
            trip_props.push(("from", t.from.clone().map_or(JsonValue::Null, Into::into)));
            trip_props.push(("to", t.to.clone().map_or(JsonValue::Null, Into::into)));
        }
        features.push(feature(
            Value::LineString(line),
            vec![
                ("kind", "tour".into()),
                ("tour", t.id.clone().into()),
                ("date", t.date.to_string().into()),
                ("vehicle", t.vehicle.clone().into()),
                ("vehicle_name", look.vehicle_name(&t.vehicle).into()),
                ("base", t.base.clone().into()),
                ("crew", crew.clone().into()),
                ("depart", t.depart.clone().into()),
                ("return", t.return_time.clone().into()),
                ("stops", t.stops.len().into()),
                ("distance_km", t.distance_km.into()),
                ("stroke", colour.clone().into()),
                ("stroke-width", 2.into()),
            ]
            .into_iter()
            .chain(trip_props)
            .collect(),
        ));
        for s in &t.stops {
            let Some((lat, lon)) = look.site_point(&s.site) else {
                continue;
            };
            features.push(feature(
                Value::Point(point(lat, lon)),
                vec![
                    ("kind", "stop".into()),
                    ("tour", t.id.clone().into()),
                    ("date", t.date.to_string().into()),
                    ("vehicle", t.vehicle.clone().into()),
                    ("seq", s.seq.into()),
                    ("site", s.site.clone().into()),
                    ("site_name", s.site_name.clone().into()),
                    (
                        "specialty",
                        s.specialty.clone().map_or(JsonValue::Null, Into::into),
                    ),
                    ("arrival", s.arrival.clone().into()),
                    ("departure", s.departure.clone().into()),
                    ("crew", crew.clone().into()),
                    ("marker-color", colour.clone().into()),
                    ("marker-size", "small".into()),
                ],
            ));
        }
    }
    let collection = FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    };
    let mut text = collection.to_string();
    text.push('\n');
    text
}
