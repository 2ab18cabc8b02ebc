//! The report's drawings, drawn with plotters' SVG backend (which escapes every text it writes):
//! a map of the tours and Gantt charts of vehicles and clinicians over the horizon.

use super::Lookup;
use crate::lang::tr;
use crate::schedule::TourDay;
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

/// Sizes of a drawing: for the screen (scrolls) or for an A4 page (fits the page's width at
/// 1 px = 1 CSS px, so an 11 px label prints at 8.25 pt).
#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub width: u32,
    pub font: u32,
    pub max_height: u32,
    /// Fit the horizon into `width` instead of giving each day a readable width.
    pub fit: bool,
}

pub const SCREEN: Style = Style {
    width: 900,
    font: 11,
    max_height: 1400,
    fit: false,
};

pub const PRINT: Style = Style {
    width: 700,
    // plotters writes a size of n as n / 1.24 px: 14 is 11.3 px, 8.5 pt on paper.
    font: 14,
    max_height: 520,
    fit: true,
};

pub fn rgb(hex: &str) -> RGBColor {
    let c = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128);
    RGBColor(c(1), c(3), c(5))
}

/// Tours as coloured lines (one colour per vehicle), sites as grey dots, bases as black squares.
/// Only the bases that ran a tour, and their sites, are drawn, so the map frames the plan.
pub fn map(tours: &[TourDay], look: &Lookup, style: Style) -> Fallible<String> {
    let s = look.scenario;
    let used: std::collections::BTreeSet<&str> = tours.iter().map(|t| t.base.as_str()).collect();
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
    let width = style.width;
    let plot_w = (width - 70) as f64;
    let height = ((plot_w * (y1 - y0) / (x1 - x0)) as u32 + 60).clamp(300, style.max_height);
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
            .x_desc(tr(look.lang, "map-km-east"))
            .y_desc(tr(look.lang, "map-km-north"))
            .label_style(("sans-serif", style.font))
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
        let stroke = if tours.len() <= 60 { 2 } else { 1 };
        for t in tours {
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
            let font = ("sans-serif", style.font)
                .into_font()
                .color(&RGBColor(60, 60, 60));
            chart
                .draw_series(sites.iter().map(|x| {
                    EmptyElement::at(proj.xy((x.lat, x.lon)))
                        + Text::new(x.name.clone(), (4, -12), font.clone())
                }))
                .map_err(err)?;
            let bold = ("sans-serif", style.font + 1).into_font().color(&BLACK);
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

/// Days across, rows down; non-working days are light grey columns; a tick and a date at each
/// Monday (every other one where weeks are too narrow for a date).
pub fn gantt(
    rows: &[Row],
    days: usize,
    working: &[bool],
    first: chrono::NaiveDate,
    style: Style,
) -> Fallible<String> {
    use chrono::Datelike;
    let n = rows.len().max(1);
    let row_h = style.font + 3;
    let label_w = 170 * style.font / 11;
    let width = if style.fit {
        style.width
    } else {
        // Wide enough to read a short horizon, narrow enough to scroll a quarter.
        let per_day = (900 / days.max(1) as u32).clamp(9, 40);
        days as u32 * per_day + label_w + 20
    };
    let height = n as u32 * row_h + 30 + 2 * style.font;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(6)
            .x_label_area_size(2 * style.font + 4)
            .y_label_area_size(label_w)
            .build_cartesian_2d(0f64..days.max(1) as f64, (0..n).into_segmented())
            .map_err(err)?;
        let label = |v: &SegmentValue<usize>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) if *i < rows.len() => {
                let text = &rows[rows.len() - 1 - i].label;
                // On paper the label area cannot scroll: a long name is cut to fit it.
                let fits = (label_w / style.font) as usize * 3 / 2;
                if style.fit && text.chars().count() > fits {
                    text.chars().take(fits - 1).chain(['…']).collect()
                } else {
                    text.clone()
                }
            }
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_x_axis()
            .y_labels(n)
            .y_label_formatter(&label)
            .label_style(("sans-serif", style.font))
            .draw()
            .map_err(err)?;
        // Weekly ticks, drawn by hand: the axis's own would fall on round numbers of days.
        let mondays: Vec<usize> = (0..days)
            .filter(|&d| {
                (first + chrono::Duration::days(d as i64)).weekday() == chrono::Weekday::Mon
            })
            .collect();
        let x_of = |d: usize| chart.backend_coord(&(d as f64, SegmentValue::Exact(0))).0;
        let week_px = (x_of(7) - x_of(0)).max(1);
        // A date is about 3 font sizes wide.
        let every = if week_px as u32 >= 3 * style.font + 4 {
            1
        } else {
            2
        };
        let tick = RGBColor(200, 200, 200);
        chart
            .draw_series(mondays.iter().map(|&d| {
                PathElement::new(
                    vec![
                        (d as f64, SegmentValue::Exact(0)),
                        (d as f64, SegmentValue::Exact(n)),
                    ],
                    tick,
                )
            }))
            .map_err(err)?;
        let font = ("sans-serif", style.font).into_font().color(&BLACK);
        for (k, &d) in mondays.iter().enumerate() {
            if k % every != 0 {
                continue;
            }
            let (x, y) = chart.backend_coord(&(d as f64, SegmentValue::Exact(0)));
            let date = (first + chrono::Duration::days(d as i64))
                .format("%m-%d")
                .to_string();
            root.draw(&Text::new(
                date,
                (x - style.font as i32, y + 4),
                font.clone(),
            ))
            .map_err(err)?;
        }
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
