//! What a re-plan changed, per vehicle and per clinician, and which event caused it: the rows of
//! `changes.csv` and of the report's change section.

use crate::export::text_cell;
use crate::lang::Lang;
use crate::schedule::TourDay;
use chrono::NaiveDate;

pub use crate::schedule::{Change, ChangeKind};

impl Change {
    pub fn of_tour(t: &TourDay, kind: ChangeKind, events: &[String]) -> Change {
        Change {
            date: t.date,
            base: t.base.clone(),
            vehicle: t.vehicle.clone(),
            clinician: None,
            kind,
            from_vehicle: None,
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
