//! Why visits were missed, as a stable code and the words a planner reads. Day plans
//! (`diagnose`) and campaigns give their reasons through this one type, so a code means the same
//! wherever it comes from; the words carry the particulars (which base, which period, how many).

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
}

impl std::fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A reason: its code and the words.
#[derive(Clone, Debug, PartialEq)]
pub struct Reason {
    pub code: ReasonCode,
    pub words: String,
}

impl Reason {
    pub fn new(code: ReasonCode, words: impl Into<String>) -> Reason {
        Reason {
            code,
            words: words.into(),
        }
    }

    /// A visit left out because the time limit cut its base's planning.
    pub fn cut_by_time(base: &str) -> Reason {
        Reason::new(
            ReasonCode::CutByTime,
            format!(
                "the time limit cut the planning of base {base} before this visit found a place; give a larger --time-limit, or none, and the work limits end the plan"
            ),
        )
    }
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
        }
    }
}
