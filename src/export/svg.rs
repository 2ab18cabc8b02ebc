//! The report's drawings, drawn with plotters' SVG backend (which escapes every text it writes):
//! a map of the tours and Gantt charts of vehicles and clinicians over the horizon.

use super::Lookup;
use crate::schedule::Schedule;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;

type Fallible<T> = Result<T, String>;

fn err<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// An equirectangular projection around the centre, in km: fine at county and city scale.
struct Projection {
    lat0: f64,
    lon0: f64,
    cos0: f64,
}

impl Projection {
    fn around(points: &[(f64, f64)]) -> Projection {
        let n = points.len().max(1) as f64;
        let lat0 = points.iter().map(|p| p.0).sum::<f64>() / n;
        let lon0 = points.iter().map(|p| p.1).sum::<f64>() / n;
        Projection {
            lat0,
            lon0,
            cos0: lat0.to_radians().cos(),
        }
    }
    fn xy(&self, (lat, lon): (f64, f64)) -> (f64, f64) {
        (
            (lon - self.lon0) * 111.32 * self.cos0,
            (lat - self.lat0) * 110.57,
        )
    }
}

pub fn rgb(hex: &str) -> RGBColor {
    let c = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128);
    RGBColor(c(1), c(3), c(5))
}

/// Tours as coloured lines (one colour per vehicle), sites as grey dots, bases as black squares.
/// Only the bases that ran a tour, and their sites, are drawn, so the map frames the plan.
pub fn map(schedule: &Schedule, look: &Lookup) -> Fallible<String> {
    let s = look.scenario;
    let used: std::collections::BTreeSet<&str> =
        schedule.tours.iter().map(|t| t.base.as_str()).collect();
    let bases: Vec<_> = s
        .bases
        .iter()
        .filter(|b| used.is_empty() || used.contains(b.id.as_str()))
        .collect();
    let sites: Vec<_> = s
        .sites
        .iter()
        .filter(|x| used.is_empty() || used.contains(s.bases[x.base].id.as_str()))
        .collect();
    let mut all: Vec<(f64, f64)> = bases.iter().map(|b| (b.lat, b.lon)).collect();
    all.extend(sites.iter().map(|x| (x.lat, x.lon)));
    let proj = Projection::around(&all);
    let xy: Vec<(f64, f64)> = all.iter().map(|&p| proj.xy(p)).collect();
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &xy {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    if xy.is_empty() {
        (x0, x1, y0, y1) = (-1.0, 1.0, -1.0, 1.0);
    }
    let pad = ((x1 - x0).max(y1 - y0) * 0.05).max(0.5);
    (x0, x1, y0, y1) = (x0 - pad, x1 + pad, y0 - pad, y1 + pad);
    // Keep km square: the drawing's aspect follows the area's.
    let width = 900u32;
    let plot_w = (width - 70) as f64;
    let height = ((plot_w * (y1 - y0) / (x1 - x0)) as u32 + 60).clamp(300, 1400);
    let labels = sites.len() <= 40;

    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .max_light_lines(1)
            .light_line_style(RGBColor(240, 240, 240))
            .bold_line_style(RGBColor(225, 225, 225))
            .x_desc("km east")
            .y_desc("km north")
            .label_style(("sans-serif", 11))
            .draw()
            .map_err(err)?;
        let grey = RGBColor(150, 150, 150);
        chart
            .draw_series(
                sites
                    .iter()
                    .map(|x| Circle::new(proj.xy((x.lat, x.lon)), 2, grey.filled())),
            )
            .map_err(err)?;
        let stroke = if schedule.tours.len() <= 60 { 2 } else { 1 };
        for t in &schedule.tours {
            let colour = rgb(&look.vehicle_colour(&t.vehicle));
            let mut line = Vec::new();
            line.extend(look.base_point(&t.base).map(|p| proj.xy(p)));
            for st in &t.stops {
                line.extend(look.site_point(&st.site).map(|p| proj.xy(p)));
            }
            line.extend(look.base_point(&t.base).map(|p| proj.xy(p)));
            chart
                .draw_series(LineSeries::new(line, colour.mix(0.8).stroke_width(stroke)))
                .map_err(err)?;
        }
        chart
            .draw_series(bases.iter().map(|b| {
                EmptyElement::at(proj.xy((b.lat, b.lon)))
                    + Rectangle::new([(-4, -4), (4, 4)], BLACK.filled())
            }))
            .map_err(err)?;
        if labels {
            let font = ("sans-serif", 11).into_font().color(&RGBColor(60, 60, 60));
            chart
                .draw_series(sites.iter().map(|x| {
                    EmptyElement::at(proj.xy((x.lat, x.lon)))
                        + Text::new(x.name.clone(), (4, -12), font.clone())
                }))
                .map_err(err)?;
            let bold = ("sans-serif", 12).into_font().color(&BLACK);
            chart
                .draw_series(bases.iter().map(|b| {
                    EmptyElement::at(proj.xy((b.lat, b.lon)))
                        + Text::new(b.name.clone(), (6, 4), bold.clone())
                }))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(out)
}

/// One row of a Gantt chart: a label, shaded days (leave), and bars (day, colour).
pub struct Row {
    pub label: String,
    pub shaded: Vec<usize>,
    pub bars: Vec<(usize, RGBColor)>,
}

/// Days across, rows down; non-working days are light grey columns.
pub fn gantt(
    rows: &[Row],
    days: usize,
    working: &[bool],
    first: chrono::NaiveDate,
) -> Fallible<String> {
    let n = rows.len().max(1);
    let row_h = 13u32;
    // Wide enough to read a short horizon, narrow enough to scroll a quarter.
    let per_day = (900 / days.max(1) as u32).clamp(9, 40);
    let width = days as u32 * per_day + 190;
    let height = n as u32 * row_h + 50;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(6)
            .x_label_area_size(26)
            .y_label_area_size(170)
            .build_cartesian_2d(0f64..days.max(1) as f64, (0..n).into_segmented())
            .map_err(err)?;
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) if *i < rows.len() => {
                rows[rows.len() - 1 - i].label.clone()
            }
            _ => String::new(),
        };
        let date = |x: &f64| {
            (first + chrono::Duration::days(x.round() as i64))
                .format("%m-%d")
                .to_string()
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .y_labels(n)
            .y_label_formatter(&label)
            .x_labels((days / 7).clamp(2, 20))
            .x_label_formatter(&date)
            .label_style(("sans-serif", 10))
            .draw()
            .map_err(err)?;
        let at = |row: usize| SegmentValue::Exact(rows.len() - 1 - row);
        let below = |row: usize| SegmentValue::Exact(rows.len() - row);
        let off = RGBColor(238, 238, 238);
        chart
            .draw_series(
                (0..days)
                    .filter(|&d| !working.get(d).copied().unwrap_or(true))
                    .map(|d| {
                        Rectangle::new(
                            [
                                (d as f64, SegmentValue::Exact(0)),
                                (d as f64 + 1.0, SegmentValue::Exact(n)),
                            ],
                            off.filled(),
                        )
                    }),
            )
            .map_err(err)?;
        let leave = RGBColor(250, 215, 160);
        for (i, r) in rows.iter().enumerate() {
            chart
                .draw_series(r.shaded.iter().map(|&d| {
                    Rectangle::new(
                        [(d as f64, at(i)), (d as f64 + 1.0, below(i))],
                        leave.filled(),
                    )
                }))
                .map_err(err)?;
            chart
                .draw_series(r.bars.iter().map(|&(d, c)| {
                    Rectangle::new(
                        [(d as f64 + 0.1, at(i)), (d as f64 + 0.9, below(i))],
                        c.filled(),
                    )
                }))
                .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(out)
}
