//! What a re-plan changed, per vehicle and per clinician, and which event caused it: the rows of
//! `changes.csv` and of the report's change section.

use crate::export::text_cell;
use crate::lang::{tr, Lang};
use crate::schedule::TourDay;
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// The tour-day no longer runs; its villages are owed again.
    Cancelled,
    /// A new tour-day, for visits owed again.
    Added,
    /// The tour-day runs as planned with another vehicle.
    VehicleChanged { from: String },
    /// A clinician no longer works this tour-day.
    ClinicianOff,
    /// A clinician now works this tour-day.
    ClinicianOn,
    /// Visits of a past tour-day that a done file says were missed (owed again).
    Missed,
}

impl ChangeKind {
    /// The stable code in `changes.csv`.
    pub fn code(&self) -> &'static str {
        match self {
            ChangeKind::Cancelled => "cancelled",
            ChangeKind::Added => "added",
            ChangeKind::VehicleChanged { .. } => "vehicle-changed",
            ChangeKind::ClinicianOff => "clinician-off",
            ChangeKind::ClinicianOn => "clinician-on",
            ChangeKind::Missed => "missed",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub date: NaiveDate,
    pub base: String,
    pub vehicle: String,
    /// The clinician whose day changed; `None` for a change of the vehicle's day.
    pub clinician: Option<String>,
    pub kind: ChangeKind,
    pub tour: String,
    pub sites: Vec<String>,
    /// The events that caused it, as planners write them.
    pub events: Vec<String>,
}

impl Change {
    pub fn of_tour(t: &TourDay, kind: ChangeKind, events: &[String]) -> Change {
        Change {
            date: t.date,
            base: t.base.clone(),
            vehicle: t.vehicle.clone(),
            clinician: None,
            kind,
            tour: t.id.clone(),
            sites: t.stops.iter().map(|x| x.site.clone()).collect(),
            events: events.to_vec(),
        }
    }

    pub fn sort_key(&self) -> (NaiveDate, &str, &str, Option<&str>, &ChangeKind) {
        (
            self.date,
            &self.base,
            &self.vehicle,
            self.clinician.as_deref(),
            &self.kind,
        )
    }

    /// The change in words, in `lang`.
    pub fn words(&self, lang: Lang) -> String {
        let what = tr(lang, &format!("replan-change-{}", self.kind.code()));
        match &self.kind {
            ChangeKind::VehicleChanged { from } => format!("{what} ({from} → {})", self.vehicle),
            _ => what,
        }
    }
}

/// `changes.csv`: one row a change, with a byte-order mark so that Excel shows Chinese words.
pub fn csv(changes: &[Change], lang: Lang) -> Result<Vec<u8>, String> {
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let header = [
        "date",
        "base",
        "vehicle",
        "clinician",
        "change",
        "what",
        "tour",
        "sites",
        "event",
    ];
    w.write_record(header).map_err(|e| e.to_string())?;
    for c in changes {
        let row = [
            c.date.to_string(),
            c.base.clone(),
            c.vehicle.clone(),
            c.clinician.clone().unwrap_or_default(),
            c.kind.code().to_string(),
            c.words(lang),
            c.tour.clone(),
            c.sites.join(" "),
            c.events.join("; "),
        ];
        w.write_record(row.iter().map(|x| text_cell(x).into_owned()))
            .map_err(|e| e.to_string())?;
    }
    w.into_inner().map_err(|e| e.to_string())
}
