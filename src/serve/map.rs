//! A scenario's map as inline SVG: bases (squares), villages (circles, sized by population) and
//! lodgings (triangles), placed by longitude and latitude (equirectangular, scaled by the
//! latitude's cosine). Drawn here, offline; every name is escaped, and each mark names its place.

use crate::scenario::Scenario;
use std::fmt::Write;

const WIDTH: f64 = 900.0;
const MARGIN: f64 = 20.0;

/// Text made safe inside SVG text and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub fn svg(s: &Scenario, legend: [&str; 3]) -> String {
    let points: Vec<(f64, f64)> = s
        .bases
        .iter()
        .map(|b| (b.lon, b.lat))
        .chain(s.sites.iter().map(|x| (x.lon, x.lat)))
        .chain(s.lodgings.iter().map(|x| (x.lon, x.lat)))
        .collect();
    if points.is_empty() {
        return String::new();
    }
    let (mut lon0, mut lon1, mut lat0, mut lat1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(lon, lat) in &points {
        lon0 = lon0.min(lon);
        lon1 = lon1.max(lon);
        lat0 = lat0.min(lat);
        lat1 = lat1.max(lat);
    }
    let k = ((lat0 + lat1) / 2.0).to_radians().cos().max(0.1);
    let span_x = ((lon1 - lon0) * k).max(1e-6);
    let span_y = (lat1 - lat0).max(1e-6);
    let scale = (WIDTH - 2.0 * MARGIN) / span_x.max(span_y);
    let height = (span_y * scale + 2.0 * MARGIN + 30.0).min(WIDTH);
    let xy = |lon: f64, lat: f64| {
        (
            MARGIN + (lon - lon0) * k * scale,
            MARGIN + (lat1 - lat) * scale,
        )
    };
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0}" width="{WIDTH}" height="{height:.0}" role="img">"#
    );
    let max_pop = s.sites.iter().map(|x| x.population).fold(1.0, f64::max);
    for x in &s.sites {
        let (cx, cy) = xy(x.lon, x.lat);
        let r = 3.0 + 6.0 * (x.population / max_pop).sqrt();
        let _ = write!(
            out,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="#5b8fb9" fill-opacity="0.7" stroke="#1d4f73"><title>{} {} ({:.0})</title></circle>"##,
            escape(&x.id),
            escape(&x.name),
            x.population
        );
    }
    for x in &s.lodgings {
        let (cx, cy) = xy(x.lon, x.lat);
        let _ = write!(
            out,
            r##"<path d="M{:.1} {:.1} l6 10 h-12 z" fill="#c27c0e"><title>{} {} ({:.0} m)</title></path>"##,
            cx,
            cy - 6.0,
            escape(&x.id),
            escape(&x.name),
            x.altitude_m
        );
    }
    for b in &s.bases {
        let (cx, cy) = xy(b.lon, b.lat);
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="12" height="12" fill="#000"><title>{} {}</title></rect><text x="{:.1}" y="{:.1}" font-size="12">{}</text>"##,
            cx - 6.0,
            cy - 6.0,
            escape(&b.id),
            escape(&b.name),
            cx + 9.0,
            cy + 4.0,
            escape(&b.name)
        );
    }
    let y = height - 10.0;
    let _ = write!(
        out,
        r##"<rect x="20" y="{:.0}" width="10" height="10" fill="#000"/><text x="35" y="{y:.0}" font-size="12">{}</text><circle cx="125" cy="{:.0}" r="5" fill="#5b8fb9"/><text x="135" y="{y:.0}" font-size="12">{}</text><path d="M225 {:.0} l6 10 h-12 z" fill="#c27c0e"/><text x="235" y="{y:.0}" font-size="12">{}</text></svg>"##,
        y - 10.0,
        escape(legend[0]),
        y - 4.0,
        escape(legend[1]),
        y - 10.0,
        escape(legend[2]),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_place_is_drawn_and_names_are_escaped() {
        let mut s = crate::load(&crate::scenario::bundled::find("tiny").unwrap()).unwrap();
        s.sites[0].name = "<script>alert(1)</script>".into();
        let svg = svg(&s, ["base", "village", "lodging"]);
        assert_eq!(svg.matches("<circle").count(), s.sites.len() + 1);
        assert_eq!(svg.matches("<rect").count(), s.bases.len() + 1);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
    }
}
