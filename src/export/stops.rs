//! `stops.csv`, one row a stop, and the text cells of files that spreadsheets open.

use super::Lookup;
use crate::schedule::Schedule;

/// `stops.csv`: one row a stop (and one a transfer day, with no village), with a UTF-8 byte-order
/// mark so that Excel shows Chinese names.
pub fn stops_csv(schedule: &Schedule, look: &Lookup) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let e = |e: csv::Error| e.to_string();
    // The crew whole in `crew` (as before), and one member a column after the names, so a sheet
    // can sort and filter by person.
    let most = schedule
        .tours
        .iter()
        .map(|t| t.crew.len())
        .max()
        .unwrap_or(0);
    // English keys, as scripts read them; in Chinese the planner's word goes before the key
    // (as in schedule.xlsx), so one file serves both.
    let zh = look.lang == crate::lang::Lang::Zh;
    let mut header: Vec<String> = [
        ("日期", "date"),
        ("车辆", "vehicle"),
        ("车次", "tour"),
        ("顺序", "seq"),
        ("村", "site"),
        ("村名", "site_name"),
        ("专科", "specialty"),
        ("到达", "arrival"),
        ("离开", "departure"),
        ("随车人员", "crew"),
        ("基地", "base"),
        ("基地名称", "base_name"),
        ("车辆名称", "vehicle_name"),
    ]
    .iter()
    .map(|(words, key)| {
        if zh {
            format!("{words} {key}")
        } else {
            key.to_string()
        }
    })
    .collect();
    header.extend((1..=most).map(|k| {
        if zh {
            format!("人员{k} crew_{k}")
        } else {
            format!("crew_{k}")
        }
    }));
    w.write_record(&header).map_err(e)?;
    // One member a column, up to the most any tour-day has.
    let members = |t: &crate::schedule::TourDay| {
        (0..most)
            .map(|k| {
                t.crew
                    .get(k)
                    .map(|c| text_cell(&look.member_words(c)).into_owned())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
    };
    for t in &schedule.tours {
        let crew = look.crew_words(t);
        let (base_name, vehicle_name) = (look.base_name(&t.base), look.vehicle_name(&t.vehicle));
        // A row: the tour-day's first three cells, a stop's six, the tour-day's last four, then
        // one member a column.
        let mut write = |stop: [String; 6]| -> Result<(), String> {
            let mut row = vec![
                t.date.to_string(),
                text_cell(&t.vehicle).into_owned(),
                text_cell(&t.id).into_owned(),
            ];
            row.extend(stop);
            row.extend(
                [&crew, &t.base, &base_name, &vehicle_name].map(|x| text_cell(x).into_owned()),
            );
            row.extend(members(t));
            w.write_record(&row).map_err(e)
        };
        if t.stops.is_empty() {
            // A transfer day of a multi-day trip: no village, but the team is on the road.
            let words = crate::text!(
                "csv-transfer",
                from = look.place_name(&t.base, t.from.as_deref()),
                to = look.place_name(&t.base, t.to.as_deref())
            )
            .render(look.lang);
            write([
                String::new(),
                String::new(),
                text_cell(&words).into_owned(),
                String::new(),
                t.depart.clone(),
                t.return_time.clone(),
            ])?;
        }
        for s in &t.stops {
            write([
                s.seq.to_string(),
                text_cell(&s.site).into_owned(),
                text_cell(&s.site_name).into_owned(),
                text_cell(s.specialty.as_deref().unwrap_or("")).into_owned(),
                s.arrival.clone(),
                s.departure.clone(),
            ])?;
        }
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// A text cell for a file that spreadsheets open: one that starts like a formula (`=`, `+`, `-`,
/// `@`, or a tab or carriage return before one) gets a leading `'`, so Excel shows it as text
/// instead of running it (a name such as `=HYPERLINK(…)` or `+cmd|…` in a scenario).
pub fn text_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if starts_like_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// The text `text_cell` wrote, as it was (a leading `'` it added taken off).
pub fn text_of_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if starts_like_formula(rest) => rest,
        _ => cell,
    }
}

fn starts_like_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}
