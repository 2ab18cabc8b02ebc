//! The planning horizon: which days exist, which are working days, and the periods (months, weeks…)
//! that visit requirements are counted in. Days are indices 0..days from the horizon's start.

use crate::lang::Text;
use crate::text;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// How requirements are counted over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PeriodKind {
    Week,
    Fortnight,
    Month,
    Quarter,
    Horizon,
}

impl PeriodKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "week" => Some(Self::Week),
            "fortnight" => Some(Self::Fortnight),
            "month" => Some(Self::Month),
            "quarter" => Some(Self::Quarter),
            "horizon" => Some(Self::Horizon),
            _ => None,
        }
    }
}

/// One period of a requirement: the horizon days it covers and the share of the full period they are.
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    pub label: String,
    pub first_day: usize,
    pub last_day: usize,
    /// Calendar days of the period inside the horizon / calendar days of the whole period.
    pub share: f64,
}

#[derive(Clone, Debug)]
pub struct Horizon {
    pub start: NaiveDate,
    pub days: usize,
    /// `working[d]`: tours may run on day d (a working weekday and not a holiday).
    pub working: Vec<bool>,
}

impl Horizon {
    pub fn new(
        start: NaiveDate,
        days: usize,
        weekdays: &[Weekday],
        holidays: &[NaiveDate],
    ) -> Self {
        let working = (0..days)
            .map(|d| {
                let date = start + Duration::days(d as i64);
                weekdays.contains(&date.weekday()) && !holidays.contains(&date)
            })
            .collect();
        Horizon {
            start,
            days,
            working,
        }
    }

    pub fn date(&self, day: usize) -> NaiveDate {
        self.start + Duration::days(day as i64)
    }

    /// The day index of a date, if it lies in the horizon.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let d = (date - self.start).num_days();
        (d >= 0 && (d as usize) < self.days).then_some(d as usize)
    }

    pub fn end(&self) -> NaiveDate {
        self.date(self.days.saturating_sub(1))
    }

    pub fn working_days(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.days).filter(|&d| self.working[d])
    }

    /// ISO week key of a day (used for "max days per week").
    pub fn week_key(&self, day: usize) -> (i32, u32) {
        let w = self.date(day).iso_week();
        (w.year(), w.week())
    }

    pub fn month_key(&self, day: usize) -> (i32, u32) {
        let date = self.date(day);
        (date.year(), date.month())
    }

    /// The periods of a kind that overlap the horizon, in order.
    pub fn periods(&self, kind: PeriodKind) -> Vec<Period> {
        let mut out: Vec<Period> = Vec::new();
        let mut day = 0;
        while day < self.days {
            let date = self.date(day);
            let (start, end, label) = match kind {
                PeriodKind::Week => {
                    let start = date - Duration::days(date.weekday().num_days_from_monday() as i64);
                    let w = date.iso_week();
                    (
                        start,
                        start + Duration::days(6),
                        format!("{}-W{:02}", w.year(), w.week()),
                    )
                }
                PeriodKind::Fortnight => {
                    let k = day / 14;
                    let start = self.start + Duration::days(14 * k as i64);
                    (start, start + Duration::days(13), format!("F{}", k + 1))
                }
                PeriodKind::Month => {
                    let start = NaiveDate::from_ymd_opt(date.year(), date.month(), 1)
                        .expect("first of month");
                    let end = next_month(start) - Duration::days(1);
                    (start, end, format!("{}-{:02}", date.year(), date.month()))
                }
                PeriodKind::Quarter => {
                    let q = (date.month() - 1) / 3;
                    let start =
                        NaiveDate::from_ymd_opt(date.year(), q * 3 + 1, 1).expect("quarter start");
                    let end = next_month(next_month(next_month(start))) - Duration::days(1);
                    (start, end, format!("{}-Q{}", date.year(), q + 1))
                }
                PeriodKind::Horizon => (self.start, self.end(), "horizon".to_string()),
            };
            let first_day = day;
            let last_day = self.day_of(end).unwrap_or(self.days - 1);
            let inside = (last_day - first_day + 1) as f64;
            let whole = ((end - start).num_days() + 1) as f64;
            out.push(Period {
                label,
                first_day,
                last_day,
                share: (inside / whole).min(1.0),
            });
            day = last_day + 1;
        }
        out
    }
}

fn next_month(first: NaiveDate) -> NaiveDate {
    if first.month() == 12 {
        NaiveDate::from_ymd_opt(first.year() + 1, 1, 1).expect("January")
    } else {
        NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1).expect("next month")
    }
}

pub fn parse_weekday(s: &str) -> Option<Weekday> {
    match s.trim().to_ascii_lowercase().get(..3)? {
        "mon" => Some(Weekday::Mon),
        "tue" => Some(Weekday::Tue),
        "wed" => Some(Weekday::Wed),
        "thu" => Some(Weekday::Thu),
        "fri" => Some(Weekday::Fri),
        "sat" => Some(Weekday::Sat),
        "sun" => Some(Weekday::Sun),
        _ => None,
    }
}

/// Parses `2026-01-05` or `2026-01-05..2026-01-09` into an inclusive range.
pub fn parse_date_range(s: &str) -> Result<(NaiveDate, NaiveDate), Text> {
    let s = s.trim();
    let (a, b) = match s.split_once("..") {
        Some((a, b)) => (a, b),
        None => (s, s),
    };
    let from = parse_date(a)?;
    let to = parse_date(b)?;
    if to < from {
        return Err(text!("scenario-range-backwards", range = s));
    }
    Ok((from, to))
}

/// Parses a date as planners write it: `2027-01-06`, `2027-1-6`, `2027/1/6` (Excel's CSV on a
/// Chinese Windows) or `2027年1月6日`.
pub fn parse_date(s: &str) -> Result<NaiveDate, Text> {
    let text = s.trim();
    let unified = text.trim_end_matches('日').replace(['/', '年', '月'], "-");
    let parts: Vec<&str> = unified.split('-').collect();
    let number = |p: &str| {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match parts[..] {
        [y, m, d] if y.len() == 4 => match (number(y), number(m), number(d)) {
            (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => None,
        },
        _ => None,
    }
    .ok_or_else(|| text!("scenario-not-a-date", value = text))
}

/// Parses `HH:MM` into minutes after midnight.
pub fn parse_clock(s: &str) -> Result<u32, Text> {
    let not_a_time = || text!("scenario-not-a-time", value = s);
    let (h, m) = s.trim().split_once(':').ok_or_else(not_a_time)?;
    let h: u32 = h.parse().map_err(|_| not_a_time())?;
    let m: u32 = m.parse().map_err(|_| not_a_time())?;
    if h > 23 || m > 59 {
        return Err(text!("scenario-not-a-time-of-day", value = s));
    }
    Ok(h * 60 + m)
}

pub fn format_clock(minutes: f64) -> String {
    let m = minutes.round().max(0.0) as u32;
    format!("{:02}:{:02}", m / 60, m % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_planners_write_them() {
        let want = NaiveDate::from_ymd_opt(2027, 1, 6).unwrap();
        for text in [
            "2027-01-06",
            "2027-1-6",
            "2027/1/6",
            "2027/01/06",
            " 2027年1月6日 ",
        ] {
            assert_eq!(parse_date(text), Ok(want), "{text}");
        }
        for bad in [
            "2027-02-30",
            "6/1/2027",
            "2027-1",
            "2027--6",
            "27/1/6",
            "2027-1-6x",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_date_range("2027/1/6..2027/1/8").unwrap().1,
            NaiveDate::from_ymd_opt(2027, 1, 8).unwrap()
        );
    }

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let h = Horizon::new(
            d("2027-01-01"),
            14,
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            &[d("2027-01-01")],
        );
        let w: Vec<usize> = h.working_days().collect();
        // Jan 1 2027 is a Friday holiday; Jan 2-3 weekend; Jan 4-8 and 11-14 work.
        assert_eq!(w, vec![3, 4, 5, 6, 7, 10, 11, 12, 13]);
    }

    #[test]
    fn months_are_clipped_with_their_share() {
        let h = Horizon::new(d("2027-01-18"), 30, &[Weekday::Mon], &[]);
        let p = h.periods(PeriodKind::Month);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].label, "2027-01");
        assert_eq!((p[0].first_day, p[0].last_day), (0, 13));
        assert!((p[0].share - 14.0 / 31.0).abs() < 1e-9);
        assert_eq!(p[1].first_day, 14);
        assert_eq!(p[1].last_day, 29);
    }

    #[test]
    fn weeks_follow_iso_weeks() {
        let h = Horizon::new(d("2027-01-06"), 10, &[Weekday::Mon], &[]);
        let p = h.periods(PeriodKind::Week);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].last_day, 4); // Sunday 10 Jan
        assert!((p[0].share - 5.0 / 7.0).abs() < 1e-9);
    }

    #[test]
    fn ranges_and_clock_parse() {
        assert_eq!(
            parse_date_range("2027-02-05..2027-02-13").unwrap().1,
            d("2027-02-13")
        );
        assert!(parse_date_range("2027-02-05..2027-02-01").is_err());
        assert_eq!(parse_clock("08:30").unwrap(), 510);
        assert!(parse_clock("8h").is_err());
        assert_eq!(format_clock(510.4), "08:30");
    }
}
