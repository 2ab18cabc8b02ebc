//! The settings of `scenario.toml` (horizon, day, requirements, objective, travel, altitude,
//! tours, solver), each checked against its range; a problem is reported with its key.

use super::*;

/// What the settings give the rest of the reading. `start` is `None` when the horizon's start
/// is not a date (reported).
pub(super) struct Settings {
    pub(super) start: Option<chrono::NaiveDate>,
    pub(super) days: i64,
    pub(super) weekdays: Vec<chrono::Weekday>,
    pub(super) holidays: Vec<chrono::NaiveDate>,
    pub(super) day_start: u32,
    pub(super) working_minutes: f64,
    pub(super) default_period: PeriodKind,
    pub(super) model: TravelModel,
    pub(super) altitude: AltitudeRules,
    pub(super) trips: TripRules,
}

/// Checks the settings of `cfg` (read from `tf`), reporting each problem to `p`.
pub(super) fn settings(cfg: &ScenarioToml, tf: &str, p: &mut Problems) -> Settings {
    // Horizon.
    let start = parse_date(&cfg.horizon.start)
        .map_err(|e| p.error(tf, None, Some("horizon.start"), e))
        .ok();
    // The longest horizon: two years (731 days, 104 weeks).
    let days = match (cfg.horizon.weeks, cfg.horizon.days) {
        (Some(w), None) => {
            if !(1..=104).contains(&w) {
                p.error(
                    tf,
                    None,
                    Some("horizon.weeks"),
                    text!("scenario-weeks-range", weeks = w),
                );
            }
            w.clamp(0, 104) * 7
        }
        (None, Some(d)) => {
            if !(1..=731).contains(&d) {
                p.error(
                    tf,
                    None,
                    Some("horizon.days"),
                    text!("scenario-days-range", days = d),
                );
            }
            d.clamp(0, 731)
        }
        (Some(_), Some(_)) => {
            p.error(tf, None, Some("horizon"), text!("scenario-weeks-and-days"));
            0
        }
        (None, None) => {
            p.error(tf, None, Some("horizon"), text!("scenario-horizon-length"));
            0
        }
    };
    let mut weekdays = Vec::new();
    for w in &cfg.horizon.working_days {
        match parse_weekday(w) {
            Some(d) => weekdays.push(d),
            None => p.error(
                tf,
                None,
                Some("horizon.working_days"),
                text!("scenario-not-a-weekday", value = w),
            ),
        }
    }
    let mut holidays = Vec::new();
    for h in &cfg.horizon.holidays {
        match parse_date_range(h) {
            Ok((a, b)) => holidays.extend(a.iter_days().take_while(|d| *d <= b)),
            Err(e) => p.error(tf, None, Some("horizon.holidays"), e),
        }
    }
    let day_start = parse_clock(&cfg.day.start)
        .map_err(|e| p.error(tf, None, Some("day.start"), e))
        .unwrap_or(480);
    let working_minutes = cfg.day.working_minutes;
    if !(working_minutes.is_finite() && working_minutes > 0.0 && working_minutes <= 1440.0) {
        p.error(
            tf,
            None,
            Some("day.working_minutes"),
            text!("scenario-working-minutes", minutes = working_minutes),
        );
    }
    if cfg.crew.values().all(|&n| n == 0) {
        p.warning(tf, None, Some("crew"), text!("scenario-no-crew"));
    }
    let default_period = PeriodKind::parse(&cfg.requirements.period).unwrap_or_else(|| {
        p.error(
            tf,
            None,
            Some("requirements.period"),
            text!("scenario-not-a-period", value = &cfg.requirements.period),
        );
        PeriodKind::Month
    });
    let r = &cfg.requirements;
    if !(0..=366).contains(&r.visits) {
        p.error(
            tf,
            None,
            Some("requirements.visits"),
            text!("scenario-visits-range", visits = r.visits),
        );
    }
    if !(0..=731).contains(&r.min_spacing_days) {
        p.error(
            tf,
            None,
            Some("requirements.min_spacing_days"),
            text!("scenario-spacing-range", days = r.min_spacing_days),
        );
    }
    for (role, &n) in &cfg.crew {
        if n > SEATS {
            p.error(
                tf,
                None,
                Some(&format!("crew.{role}")),
                text!("scenario-crew-range", count = n, seats = SEATS),
            );
        }
    }
    let o = &cfg.objective;
    // Weights past these ranges make the integer program numerically unsolvable (HiGHS ends with
    // an unknown status), so they are refused here, with the range.
    if !(o.unmet_visit_penalty.is_finite() && (0.0..=MAX_PENALTY).contains(&o.unmet_visit_penalty))
    {
        p.error(
            tf,
            None,
            Some("objective.unmet_visit_penalty"),
            text!("scenario-penalty-range", penalty = o.unmet_visit_penalty),
        );
    }
    if !(o.population_scale.is_finite() && (1.0..=1e9).contains(&o.population_scale)) {
        p.error(
            tf,
            None,
            Some("objective.population_scale"),
            text!(
                "scenario-population-scale-range",
                scale = o.population_scale
            ),
        );
    }
    let t = &cfg.travel;
    let model = match t.model.as_str() {
        "geo" => TravelModel::Geo,
        "matrix" => TravelModel::Matrix,
        other => {
            p.error(
                tf,
                None,
                Some("travel.model"),
                text!("scenario-travel-model", model = other),
            );
            TravelModel::Geo
        }
    };
    if matches!(model, TravelModel::Matrix) && t.matrix.is_none() {
        p.error(
            tf,
            None,
            Some("travel.matrix"),
            text!("scenario-matrix-needed"),
        );
    }
    if !(t.circuity.is_finite() && t.circuity >= 1.0 && t.circuity <= 5.0) {
        p.error(
            tf,
            None,
            Some("travel.circuity"),
            text!("scenario-circuity-range", circuity = t.circuity),
        );
    }
    for (name, v) in [
        ("plain", t.speed_kmh.plain),
        ("hill", t.speed_kmh.hill),
        ("mountain", t.speed_kmh.mountain),
        ("track", t.speed_kmh.track),
    ] {
        if !(v.is_finite() && v > 0.0 && v <= 200.0) {
            p.error(
                tf,
                None,
                Some(&format!("travel.speed_kmh.{name}")),
                text!("scenario-speed-range", speed = v),
            );
        }
    }
    let mut last = f64::NEG_INFINITY;
    for &(from, factor) in &t.altitude_speed {
        if !(from.is_finite() && from > last && (0.0..=9000.0).contains(&from)) {
            p.error(
                tf,
                None,
                Some("travel.altitude_speed"),
                text!("scenario-altitude-band", altitude = from),
            );
        }
        if !(factor.is_finite() && factor > 0.0 && factor <= 1.0) {
            p.error(
                tf,
                None,
                Some("travel.altitude_speed"),
                text!("scenario-speed-factor", factor = factor),
            );
        }
        last = from;
    }
    if let Some(a) = cfg.altitude.clearance_above_m {
        if !(a.is_finite() && (0.0..=9000.0).contains(&a)) {
            p.error(
                tf,
                None,
                Some("altitude.clearance_above_m"),
                text!("scenario-clearance-range", altitude = a),
            );
        }
    }
    let defaults = AltitudeRules::default();
    let a = &cfg.altitude;
    let mut metres = |key: &str, v: Option<f64>, default: f64| match v {
        None => default,
        Some(x) if x.is_finite() && (0.0..=9000.0).contains(&x) => x,
        Some(x) => {
            p.error(
                tf,
                None,
                Some(&format!("altitude.{key}")),
                text!("scenario-altitude-range", metres = x),
            );
            default
        }
    };
    let altitude = AltitudeRules {
        rules_above_m: metres("rules_above_m", a.rules_above_m, defaults.rules_above_m),
        max_gain_per_night_m: metres(
            "max_gain_per_night_m",
            a.max_gain_per_night_m,
            defaults.max_gain_per_night_m,
        ),
        rest_after_gain_m: metres(
            "rest_after_gain_m",
            a.rest_after_gain_m,
            defaults.rest_after_gain_m,
        ),
        high_night_above_m: metres(
            "high_night_above_m",
            a.high_night_above_m,
            defaults.high_night_above_m,
        ),
        max_high_nights_per_month: match a.max_high_nights_per_month {
            None => defaults.max_high_nights_per_month,
            Some(n) if (0..=31).contains(&n) => n as u32,
            Some(n) => {
                p.error(
                    tf,
                    None,
                    Some("altitude.max_high_nights_per_month"),
                    text!("scenario-high-nights-range", nights = n),
                );
                defaults.max_high_nights_per_month
            }
        },
    };
    let tr = &cfg.tours;
    if !(1..=31).contains(&tr.max_days) {
        p.error(
            tf,
            None,
            Some("tours.max_days"),
            text!("scenario-max-days-range", days = tr.max_days),
        );
    }
    if !(tr.night_cost.is_finite() && tr.night_cost >= 0.0) {
        p.error(
            tf,
            None,
            Some("tours.night_cost"),
            text!("scenario-night-cost"),
        );
    }
    if !(0..=20).contains(&tr.driver_beds) {
        p.error(
            tf,
            None,
            Some("tours.driver_beds"),
            text!("scenario-driver-beds"),
        );
    }
    let trips = TripRules {
        max_days: tr.max_days.clamp(1, 31) as u32,
        night_cost: tr.night_cost.max(0.0),
        driver_beds: tr.driver_beds.clamp(0, 20) as u32,
    };
    if trips.max_days > 1 && (cfg.files.teams.is_none() || cfg.files.lodgings.is_none()) {
        let missing = match (cfg.files.lodgings.is_none(), cfg.files.teams.is_none()) {
            (true, true) => text!("scenario-add-lodgings-and-teams"),
            (true, false) => text!("scenario-add-lodgings"),
            _ => text!("scenario-add-teams"),
        };
        p.error(
            tf,
            None,
            Some("tours.max_days"),
            text!(
                "scenario-multi-day-needs",
                days = trips.max_days,
                add = missing
            ),
        );
    }
    let s = &cfg.solver;
    if let Err(e) = super::check_time_limit(s.time_limit_seconds) {
        p.error(tf, None, Some("solver.time_limit_seconds"), e);
    }
    if !(s.mip_gap.is_finite() && (0.0..1.0).contains(&s.mip_gap)) {
        p.error(tf, None, Some("solver.mip_gap"), text!("scenario-mip-gap"));
    }
    Settings {
        start,
        days,
        weekdays,
        holidays,
        day_start,
        working_minutes,
        default_period,
        model,
        altitude,
        trips,
    }
}
