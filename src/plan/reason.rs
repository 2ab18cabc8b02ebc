//! Why visits were missed, as a stable code and the words a planner reads. Day plans
//! (`diagnose`) and campaigns give their reasons through this one type, so a code means the same
//! wherever it comes from; the words carry the particulars (which base, which period, how many).
//! The words are a [`Text`] (`reason-…` messages of `locales/*/reasons.ftl`), so that they read
//! in either language.

use crate::lang::{Lang, Text};
use crate::text;
use serde::{Deserialize, Serialize};

/// The kind of reason, stable across versions: `schedule.json` and the report carry it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReasonCode {
    /// The base has no vehicle (or, for a campaign, no team).
    NoVehicle,
    /// No clinician of the base can fill a slot the visit needs: a role or a specialty nobody
    /// there has (a misspelt role lands here), or no clinician at all.
    NoQualifiedClinician,
    /// Qualified clinicians exist, but leave and days off leave none on the open days.
    AllOnLeave,
    /// No tour can reach the site and come back within the driving limit and the working day,
    /// or the visit alone is longer than the day.
    OutOfReach,
    /// The visit's supplies weigh more than the base's vehicles carry.
    TooHeavy,
    /// The site lies above the clearance line and too few clinicians are cleared for altitude.
    AltitudeClearance,
    /// The road is closed on every working day of the period.
    Closed,
    /// The site is outside its visiting windows (its season) in the period.
    OutOfSeason,
    /// Fewer open days in the period than visits owed, or visits whose spacing does not fit.
    TooFewDays,
    /// Every vehicle of the base is in maintenance on the open days.
    NoVehicleAvailable,
    /// Possible alone, but the vehicles' and clinicians' days went to other visits.
    Capacity,
    /// The time limit cut the planning of the base before the visit found a place.
    CutByTime,
    /// Read from a schedule written before reasons had codes.
    #[default]
    Unknown,
}

impl ReasonCode {
    /// The code as written in files: `no-qualified-clinician`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::NoVehicle => "no-vehicle",
            ReasonCode::NoQualifiedClinician => "no-qualified-clinician",
            ReasonCode::AllOnLeave => "all-on-leave",
            ReasonCode::OutOfReach => "out-of-reach",
            ReasonCode::TooHeavy => "too-heavy",
            ReasonCode::AltitudeClearance => "altitude-clearance",
            ReasonCode::Closed => "closed",
            ReasonCode::OutOfSeason => "out-of-season",
            ReasonCode::TooFewDays => "too-few-days",
            ReasonCode::NoVehicleAvailable => "no-vehicle-available",
            ReasonCode::Capacity => "capacity",
            ReasonCode::CutByTime => "cut-by-time",
            ReasonCode::Unknown => "unknown",
        }
    }

    /// The code in a few words, in `lang` (`reason-code-<code>`): "capacity" reads as the
    /// vehicles' and clinicians' days gone to other visits.
    pub fn title(self, lang: Lang) -> String {
        match self {
            ReasonCode::NoVehicle => text!("reason-code-no-vehicle"),
            ReasonCode::NoQualifiedClinician => text!("reason-code-no-qualified-clinician"),
            ReasonCode::AllOnLeave => text!("reason-code-all-on-leave"),
            ReasonCode::OutOfReach => text!("reason-code-out-of-reach"),
            ReasonCode::TooHeavy => text!("reason-code-too-heavy"),
            ReasonCode::AltitudeClearance => text!("reason-code-altitude-clearance"),
            ReasonCode::Closed => text!("reason-code-closed"),
            ReasonCode::OutOfSeason => text!("reason-code-out-of-season"),
            ReasonCode::TooFewDays => text!("reason-code-too-few-days"),
            ReasonCode::NoVehicleAvailable => text!("reason-code-no-vehicle-available"),
            ReasonCode::Capacity => text!("reason-code-capacity"),
            ReasonCode::CutByTime => text!("reason-code-cut-by-time"),
            ReasonCode::Unknown => text!("reason-code-unknown"),
        }
        .render(lang)
    }
}

impl std::fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A reason: its code and the words, in either language.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    pub code: ReasonCode,
    pub words: Text,
}

impl Reason {
    pub fn new(code: ReasonCode, words: Text) -> Reason {
        Reason { code, words }
    }

    /// A visit left out because the time limit cut its base's planning.
    pub fn cut_by_time(base: &str) -> Reason {
        Reason::new(
            ReasonCode::CutByTime,
            text!("reason-cut-by-time", base = base),
        )
    }
}

/// Why a vehicle or a team sits idle on a run of days, stable across versions: `schedule.json`
/// and the report carry it. Campaigns give one for every team-day without a trip (and every
/// vehicle without a team); day plans could give theirs through the same type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdleCode {
    /// The vehicle has no team (a campaign's vehicles travel only with their team).
    NoTeam,
    /// Not a working day of the horizon (weekend, holiday).
    DayOff,
    /// The vehicle is in maintenance.
    Maintenance,
    /// A member of the team is on leave or off duty that day.
    OnLeave,
    /// Working that day would break the members' rest rule: days in a row, a week or a month.
    RestRule,
    /// The team's nights above the high-night line are used up for the month, and the villages
    /// still owed need such a night.
    HighNightCap,
    /// Every village within the team's reach has its visits in the plan.
    AllServed,
    /// The villages still owed are out of season or closed that day.
    OutOfSeason,
    /// The villages still owed lie above the clearance line and the team is not cleared.
    Clearance,
    /// The villages still owed are beyond the team's vehicle's driving limit in a day, or need a
    /// specialty the team lacks.
    OutOfReach,
    /// Villages are still owed and in reach, but no trip to them fits these free days at less
    /// than the visits are worth.
    NoTripFits,
}

impl IdleCode {
    pub const ALL: [IdleCode; 11] = [
        IdleCode::NoTeam,
        IdleCode::DayOff,
        IdleCode::Maintenance,
        IdleCode::OnLeave,
        IdleCode::RestRule,
        IdleCode::HighNightCap,
        IdleCode::AllServed,
        IdleCode::OutOfSeason,
        IdleCode::Clearance,
        IdleCode::OutOfReach,
        IdleCode::NoTripFits,
    ];

    /// The code as written in files: `high-night-cap`.
    pub fn as_str(self) -> &'static str {
        match self {
            IdleCode::NoTeam => "no-team",
            IdleCode::DayOff => "day-off",
            IdleCode::Maintenance => "maintenance",
            IdleCode::OnLeave => "on-leave",
            IdleCode::RestRule => "rest-rule",
            IdleCode::HighNightCap => "high-night-cap",
            IdleCode::AllServed => "all-served",
            IdleCode::OutOfSeason => "out-of-season",
            IdleCode::Clearance => "clearance",
            IdleCode::OutOfReach => "out-of-reach",
            IdleCode::NoTripFits => "no-trip-fits",
        }
    }

    /// The code in a few words, in `lang` (`idle-code-<code>`).
    pub fn title(self, lang: Lang) -> String {
        match self {
            IdleCode::NoTeam => text!("idle-code-no-team"),
            IdleCode::DayOff => text!("idle-code-day-off"),
            IdleCode::Maintenance => text!("idle-code-maintenance"),
            IdleCode::OnLeave => text!("idle-code-on-leave"),
            IdleCode::RestRule => text!("idle-code-rest-rule"),
            IdleCode::HighNightCap => text!("idle-code-high-night-cap"),
            IdleCode::AllServed => text!("idle-code-all-served"),
            IdleCode::OutOfSeason => text!("idle-code-out-of-season"),
            IdleCode::Clearance => text!("idle-code-clearance"),
            IdleCode::OutOfReach => text!("idle-code-out-of-reach"),
            IdleCode::NoTripFits => text!("idle-code-no-trip-fits"),
        }
        .render(lang)
    }
}

impl std::fmt::Display for IdleCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a vehicle or team is idle: its code and the words with the particulars.
#[derive(Clone, Debug, PartialEq)]
pub struct IdleReason {
    pub code: IdleCode,
    pub words: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_written() {
        for code in [
            ReasonCode::NoVehicle,
            ReasonCode::NoQualifiedClinician,
            ReasonCode::AllOnLeave,
            ReasonCode::OutOfReach,
            ReasonCode::TooHeavy,
            ReasonCode::AltitudeClearance,
            ReasonCode::Closed,
            ReasonCode::OutOfSeason,
            ReasonCode::TooFewDays,
            ReasonCode::NoVehicleAvailable,
            ReasonCode::Capacity,
            ReasonCode::CutByTime,
            ReasonCode::Unknown,
        ] {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ReasonCode>(&json).unwrap(), code);
            for lang in Lang::ALL {
                let title = code.title(lang);
                assert!(
                    !title.is_empty() && !title.starts_with("reason-code-"),
                    "{code} has no title in {lang}"
                );
            }
        }
        assert_eq!(
            ReasonCode::Capacity.title(Lang::Zh),
            "车辆和人员的天数已用于其他巡诊"
        );
    }

    #[test]
    fn idle_codes_read_back_as_written() {
        for code in IdleCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<IdleCode>(&json).unwrap(), code);
            for lang in Lang::ALL {
                let title = code.title(lang);
                assert!(
                    !title.is_empty() && !title.starts_with("idle-code-"),
                    "{code} has no title in {lang}"
                );
            }
        }
    }

    #[test]
    fn a_reason_reads_in_either_language() {
        let r = Reason::cut_by_time("B01");
        assert_eq!(
            r.words.render(Lang::En),
            "the time limit cut the planning of base B01 before this visit found a place; give a larger --time-limit, or none, and the work limits end the plan"
        );
        assert_eq!(
            r.words.render(Lang::Zh),
            "这次巡诊排入之前，时间上限已中止了基地 B01 的编排；请加大 --time-limit 或不设上限，让计算量决定何时结束"
        );
        let capacity = text!(
            "reason-capacity",
            base = "B01",
            used = 8usize,
            vehicle_days = 10usize,
            period = "2027-01",
            clinician_days = 42usize
        );
        assert_eq!(
            capacity.render(Lang::En),
            "capacity: base B01 runs 8 of 10 vehicle-days on the open days of 2027-01 with 42 clinician-days available (crew limits, leave and spacing included); other visits ranked higher"
        );
        assert_eq!(
            capacity.render(Lang::Zh),
            "运力不足：2027-01 的可巡诊日，基地 B01 有 10 个出车天数，已用 8 个，可用医护人员 42 人天（已计入人员上限、休假和间隔）；其他巡诊优先"
        );
        // One team or several.
        let teams = |count: usize, teams: &str, lang: Lang| {
            text!(
                "reason-campaign-high-nights",
                altitude = "4800",
                count = count,
                teams = teams,
                high = "4500",
                cap = 14u32,
                used = 14usize
            )
            .render(lang)
        };
        assert_eq!(
            teams(1, "T1", Lang::En),
            "at 4800 m it needs a team cleared for altitude; only team T1 qualifies, and its nights above 4500 m (at most 14 a month; 14 in the plan) and days go to other villages"
        );
        assert!(teams(2, "T1, T2", Lang::En).contains("only teams T1, T2 qualify, and"));
        assert!(teams(1, "T1", Lang::Zh).contains("只有医疗队 T1 符合，"));
        assert!(teams(2, "T1, T2", Lang::Zh).contains("只有 2 个医疗队（T1, T2）符合，"));
    }

    /// A schedule keeps the words of its run and the message, which reads in the other language.
    #[test]
    fn unmet_visits_read_in_either_language() {
        let r = Reason::new(
            ReasonCode::NoVehicle,
            text!("reason-no-vehicle", base = "B01"),
        );
        let mut u = crate::schedule::Unmet {
            site: "S01".into(),
            site_name: "村".into(),
            period: "2027-01".into(),
            specialty: None,
            required: 1,
            missing: 1,
            code: r.code,
            reason: r.words.render(Lang::Zh),
            reason_text: Some(r.words.clone()),
        };
        assert_eq!(u.reason, "基地 B01 没有车辆");
        assert_eq!(u.reason_in(Lang::En), "base B01 has no vehicle");
        assert_eq!(u.reason_in(Lang::Zh), "基地 B01 没有车辆");
        let json = serde_json::to_string(&u).unwrap();
        assert!(
            json.contains("\"reason_text\":{\"id\":\"reason-no-vehicle\""),
            "{json}"
        );
        let back: crate::schedule::Unmet = serde_json::from_str(&json).unwrap();
        assert_eq!(back, u);
        // A schedule written before has the words only.
        u.reason_text = None;
        let json = serde_json::to_string(&u).unwrap();
        assert!(!json.contains("reason_text"), "{json}");
        assert_eq!(u.reason_in(Lang::En), "基地 B01 没有车辆");
    }
}
