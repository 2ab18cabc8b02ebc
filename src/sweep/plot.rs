//! `sweep.svg`, drawn with plotters: coverage against cost with the Pareto front marked (cheapest
//! for its coverage, most coverage for its cost), and, for a sweep over one key, each KPI against
//! that key's values.

use super::results::Row;
use super::Spec;
use crate::lang::{tr, Lang};
use crate::text;
use plotters::prelude::*;

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// The rows no other row beats on both cost (lower) and coverage (higher), by cost.
pub fn pareto(points: &[(usize, f64, f64)]) -> Vec<usize> {
    let mut sorted: Vec<&(usize, f64, f64)> = points.iter().collect();
    // By cost, then by coverage (best first), then id: the front is a staircase.
    sorted.sort_by(|a, b| {
        a.1.total_cmp(&b.1)
            .then(b.2.total_cmp(&a.2))
            .then(a.0.cmp(&b.0))
    });
    let mut front = Vec::new();
    let mut best = f64::NEG_INFINITY;
    for p in sorted {
        if p.2 > best {
            front.push(p.0);
            best = p.2;
        }
    }
    front
}

fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::MAX, f64::MIN);
    for v in values {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if lo > hi {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.08).max(hi.abs() * 0.01).max(1e-6);
    (lo - pad, hi + pad)
}

/// The panels of a one-key sweep: a KPI column and the message naming its axis.
const PANELS: &[(&str, &str)] = &[
    ("coverage_pct", "sweep-plot-coverage"),
    ("cost", "sweep-plot-cost"),
    ("distance_km", "sweep-plot-distance"),
    ("clinician_days", "sweep-plot-clinician-days"),
    ("gap_pct", "sweep-plot-gap"),
];

/// The plot, its words in `lang`.
pub fn svg(spec: &Spec, rows: &[Row], lang: Lang) -> Result<String, String> {
    let ok: Vec<&Row> = rows.iter().filter(|r| r.ok()).collect();
    let one_key = match spec.keys().as_slice() {
        [k] => Some(k.clone()),
        _ => None,
    };
    let width = 900u32;
    let top = 460u32;
    let panel = 240u32;
    let height = top
        + if one_key.is_some() {
            panel * PANELS.len() as u32
        } else {
            0
        };
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (upper, lower) = root.split_vertically(top);
        let points: Vec<(usize, f64, f64)> = ok
            .iter()
            .filter_map(|r| Some((r.id, r.kpi("cost")?, r.kpi("coverage_pct")?)))
            .collect();
        let (x0, x1) = range(points.iter().map(|p| p.1));
        let (y0, y1) = range(points.iter().map(|p| p.2));
        let mut chart = ChartBuilder::on(&upper)
            .caption(
                text!("sweep-plot-caption", count = points.len()).render(lang),
                ("sans-serif", 16),
            )
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(tr(lang, "sweep-plot-cost"))
            .y_desc(tr(lang, "sweep-plot-coverage"))
            .label_style(("sans-serif", 11))
            .draw()
            .map_err(err)?;
        let front = pareto(&points);
        let grey = RGBColor(120, 120, 120);
        let red = RGBColor(200, 30, 30);
        chart
            .draw_series(
                points
                    .iter()
                    .filter(|p| !front.contains(&p.0))
                    .map(|p| Circle::new((p.1, p.2), 4, grey.filled())),
            )
            .map_err(err)?;
        let line: Vec<(f64, f64)> = front
            .iter()
            .filter_map(|id| points.iter().find(|p| p.0 == *id).map(|p| (p.1, p.2)))
            .collect();
        chart
            .draw_series(LineSeries::new(line.clone(), red.stroke_width(2)))
            .map_err(err)?;
        chart
            .draw_series(line.iter().map(|&p| Circle::new(p, 5, red.filled())))
            .map_err(err)?;
        if points.len() <= 60 {
            chart
                .draw_series(points.iter().map(|p| {
                    EmptyElement::at((p.1, p.2))
                        + Text::new(format!("#{}", p.0), (6, -6), ("sans-serif", 10).into_font())
                }))
                .map_err(err)?;
        }
        if let Some(key) = one_key {
            let areas = lower.split_evenly((PANELS.len(), 1));
            // Values as categories, in the sweep's order.
            let values: Vec<String> = {
                let mut v: Vec<(usize, String)> = rows
                    .iter()
                    .map(|r| (r.id, r.params.first().cloned().unwrap_or_default()))
                    .collect();
                v.sort();
                v.into_iter().map(|x| x.1).collect()
            };
            let n = values.len().max(1);
            for ((name, label), area) in PANELS.iter().zip(areas.iter()) {
                let pts: Vec<(f64, f64)> = ok
                    .iter()
                    .filter_map(|r| {
                        let i = rows.iter().filter(|x| x.id < r.id).count();
                        Some((i as f64, r.kpi(name)?))
                    })
                    .collect();
                let (y0, y1) = range(pts.iter().map(|p| p.1));
                let mut c = ChartBuilder::on(area)
                    .margin(10)
                    .x_label_area_size(34)
                    .y_label_area_size(70)
                    .build_cartesian_2d(-0.5..(n as f64 - 0.5), y0..y1)
                    .map_err(err)?;
                let values = &values;
                let fmt = move |x: &f64| {
                    let i = x.round();
                    if (x - i).abs() < 1e-6 && i >= 0.0 {
                        values.get(i as usize).cloned().unwrap_or_default()
                    } else {
                        String::new()
                    }
                };
                c.configure_mesh()
                    .x_labels(n.min(24))
                    .x_label_formatter(&fmt)
                    .x_desc(key.as_str())
                    .y_desc(tr(lang, label))
                    .label_style(("sans-serif", 11))
                    .draw()
                    .map_err(err)?;
                c.draw_series(LineSeries::new(pts.clone(), BLUE.stroke_width(2)))
                    .map_err(err)?;
                c.draw_series(pts.iter().map(|&p| Circle::new(p, 4, BLUE.filled())))
                    .map_err(err)?;
            }
        }
        root.present().map_err(err)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::pareto;

    #[test]
    fn the_front_is_the_undominated_staircase() {
        let pts = [
            (0, 10.0, 50.0),
            (1, 12.0, 80.0),
            (2, 11.0, 40.0),
            (3, 20.0, 80.0),
            (4, 25.0, 100.0),
        ];
        assert_eq!(pareto(&pts), vec![0, 1, 4]);
    }
}
