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
    // English keys, as scripts read them; in Chinese the planner's word goes before the key, as
    // in stops.csv, so one file serves both.
    let header: Vec<String> = [
        ("日期", "date"),
        ("基地", "base"),
        ("车辆", "vehicle"),
        ("医护人员", "clinician"),
        ("变更", "change"),
        ("说明", "what"),
        ("车次", "tour"),
        ("村点", "sites"),
        ("原因事件", "event"),
    ]
    .iter()
    .map(|(words, key)| match lang {
        Lang::Zh => format!("{words} {key}"),
        Lang::En => key.to_string(),
    })
    .collect();
    w.write_record(&header).map_err(|e| e.to_string())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_csv_has_a_bom_keys_and_guarded_cells() {
        let c = Change {
            date: NaiveDate::from_ymd_opt(2027, 2, 15).unwrap(),
            base: "B1".into(),
            vehicle: "=V1".into(),
            clinician: None,
            kind: ChangeKind::Cancelled,
            from_vehicle: None,
            tour: "T00001".into(),
            sites: vec!["S1".into(), "S2".into()],
            events: vec!["vehicle-out V1:2027-02-15..2027-02-23".into()],
        };
        let en = String::from_utf8(csv(std::slice::from_ref(&c), Lang::En).unwrap()).unwrap();
        assert!(
            en.starts_with("\u{feff}date,base,vehicle,clinician,change,what,tour,sites,event\n")
        );
        assert!(en.contains("2027-02-15,B1,'=V1,,cancelled,"), "{en}");
        assert!(en.contains(",T00001,S1 S2,vehicle-out V1:2027-02-15..2027-02-23\n"));
        let zh = String::from_utf8(csv(&[c], Lang::Zh).unwrap()).unwrap();
        assert!(zh.starts_with("\u{feff}日期 date,基地 base,"), "{zh}");
    }
}
