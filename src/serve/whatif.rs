//! The what-if form: fleet per base, clinicians on leave and when, a road closure, demand growth
//! and effort, turned into the sweep module's `key=value` changes. A plan takes one value a field;
//! a sweep takes several, comma-separated, and plans every combination. Each bad value is
//! reported against its field, in the planner's words.

use crate::lang::Text;
use crate::scenario::{Effort, Scenario};
use crate::text;
use std::collections::BTreeMap;

/// The form as sent, field by field (kept to show it again with its errors).
#[derive(Clone, Debug, Default)]
pub struct Form {
    pub fields: BTreeMap<String, String>,
}

/// What a valid form asks for.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub sweep: bool,
    pub effort: Effort,
    /// Plan: `key=value`; sweep: `key=v1,v2,…` (one axis each).
    pub params: Vec<(String, String)>,
}

impl Form {
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Form {
        let mut fields = BTreeMap::new();
        for (k, v) in pairs {
            fields.insert(k, v.trim().to_string());
        }
        Form { fields }
    }

    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name).map_or("", |s| s.as_str())
    }

    /// Checks every field against `s`; all errors at once, by field name.
    pub fn request(&self, s: &Scenario) -> Result<Request, Vec<(String, Text)>> {
        let mut errors: Vec<(String, Text)> = Vec::new();
        let sweep = self.get("kind") == "sweep";
        let effort = match self.get("effort") {
            "" => s.solver.effort,
            e => match e.parse::<Effort>() {
                Ok(e) => e,
                Err(_) => {
                    errors.push(("effort".into(), text!("serve-whatif-effort", value = e)));
                    Effort::Normal
                }
            },
        };
        let mut params = Vec::new();
        // One value for a plan; a list for a sweep.
        let values = |field: &str, errors: &mut Vec<(String, Text)>| -> Vec<String> {
            let raw = self.get(field);
            if raw.is_empty() {
                return vec![];
            }
            let list: Vec<String> = raw
                .split([',', '，'])
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect();
            if !sweep && list.len() > 1 {
                errors.push((field.to_string(), text!("serve-whatif-one-value")));
            }
            list
        };
        for b in &s.bases {
            let field = format!("fleet.{}", b.id);
            let list = values(&field, &mut errors);
            for v in &list {
                if v.parse::<u32>().is_err() || v.parse::<u32>().is_ok_and(|n| n > 10_000) {
                    errors.push((
                        field.clone(),
                        text!("serve-whatif-count", value = v.as_str()),
                    ));
                }
            }
            if !list.is_empty() {
                params.push((field, list.join(",")));
            }
        }
        for (field, most) in [("leave_rate", 100.0), ("demand_growth", 1000.0)] {
            let list = values(field, &mut errors);
            for v in &list {
                match percent(v) {
                    Some(x) if (0.0..=most).contains(&x) => {}
                    _ => errors.push((
                        field.to_string(),
                        text!("serve-whatif-percent", value = v.as_str(), most = most),
                    )),
                }
            }
            if !list.is_empty() {
                let as_shares: Vec<String> = list
                    .iter()
                    .map(|v| percent(v).map_or(v.clone(), |x| format!("{x}%")))
                    .collect();
                params.push((field.to_string(), as_shares.join(",")));
            }
        }
        if let Some(range) = self.range("leave_from", "leave_to", &mut errors) {
            if self.get("leave_rate").is_empty() {
                errors.push(("leave_rate".into(), text!("serve-whatif-leave-rate-needed")));
            }
            params.push(("leave_window".into(), range));
        }
        let site = self.get("closure_site");
        let range = self.range("closure_from", "closure_to", &mut errors);
        match (site.is_empty(), range) {
            (true, None) => {}
            (false, Some(r)) => {
                if s.sites.iter().any(|x| x.id == site) || s.bases.iter().any(|x| x.id == site) {
                    params.push(("closure".into(), format!("{site}:{r}")));
                } else {
                    errors.push((
                        "closure_site".into(),
                        text!("serve-whatif-no-place", id = site),
                    ));
                }
            }
            (true, Some(_)) => {
                errors.push(("closure_site".into(), text!("serve-whatif-closure-site")))
            }
            (false, None) => {
                if !errors.iter().any(|(f, _)| f.starts_with("closure_")) {
                    errors.push(("closure_from".into(), text!("serve-whatif-closure-dates")));
                }
            }
        }
        if sweep && params.is_empty() && errors.is_empty() {
            errors.push(("kind".into(), text!("serve-whatif-sweep-empty")));
        }
        if errors.is_empty() {
            // The library has the last word (ids, ranges it knows of).
            let o = crate::Options::from_scenario(s);
            for (k, v) in &params {
                for one in v.split(',') {
                    let pair = [(k.clone(), one.to_string())];
                    if let Err(e) = crate::sweep::apply(s, &o, &pair, 1) {
                        errors.push((
                            form_field(k),
                            text!("serve-whatif-rejected", message = e.to_string()),
                        ));
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(Request {
                sweep,
                effort,
                params,
            })
        } else {
            Err(errors)
        }
    }

    /// `FROM..TO` from two date fields, both or neither; each error under the field it is about
    /// (a date left out, a date that is none, a last day before the first).
    fn range(&self, from: &str, to: &str, errors: &mut Vec<(String, Text)>) -> Option<String> {
        let (a, b) = (self.get(from), self.get(to));
        if a.is_empty() && b.is_empty() {
            return None;
        }
        let before = errors.len();
        for (field, value) in [(from, a), (to, b)] {
            if value.is_empty() {
                errors.push((field.to_string(), text!("serve-whatif-date-missing")));
            } else if let Err(e) = crate::calendar::parse_date(value) {
                errors.push((field.to_string(), e));
            }
        }
        if errors.len() > before {
            return None;
        }
        let r = format!("{a}..{b}");
        match crate::calendar::parse_date_range(&r) {
            Ok(_) => Some(r),
            Err(e) => {
                errors.push((to.to_string(), e));
                None
            }
        }
    }
}

/// The form field a change key came from.
fn form_field(key: &str) -> String {
    match key {
        "leave_window" => "leave_from".into(),
        "closure" => "closure_site".into(),
        k => k.to_string(),
    }
}

/// `15`, `15%` or `15 %` as 15 (percent).
fn percent(v: &str) -> Option<f64> {
    let x: f64 = v.trim().trim_end_matches('%').trim().parse().ok()?;
    x.is_finite().then_some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Scenario {
        crate::load(&crate::scenario::bundled::find("tiny").unwrap()).unwrap()
    }

    fn form(pairs: &[(&str, &str)]) -> Form {
        Form::from_pairs(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_plan_form_becomes_changes_the_sweep_module_applies() {
        let s = tiny();
        let base = s.bases[0].id.clone();
        let site = s.sites[0].id.clone();
        let f = form(&[
            ("kind", "plan"),
            ("effort", "quick"),
            (&format!("fleet.{base}"), "1"),
            ("leave_rate", "15"),
            ("leave_from", "2027-01-04"),
            ("leave_to", "2027-01-08"),
            ("closure_site", &site),
            ("closure_from", "2027-01-04"),
            ("closure_to", "2027-01-10"),
            ("demand_growth", "10%"),
        ]);
        let r = f.request(&s).unwrap();
        assert!(!r.sweep);
        assert_eq!(r.effort, Effort::Quick);
        assert_eq!(
            r.params,
            vec![
                (format!("fleet.{base}"), "1".to_string()),
                ("leave_rate".into(), "15%".into()),
                ("demand_growth".into(), "10%".into()),
                ("leave_window".into(), "2027-01-04..2027-01-08".into()),
                ("closure".into(), format!("{site}:2027-01-04..2027-01-10")),
            ]
        );
    }

    #[test]
    fn bad_values_are_named_by_field() {
        let s = tiny();
        let base = s.bases[0].id.clone();
        let f = form(&[
            ("kind", "plan"),
            (&format!("fleet.{base}"), "two"),
            ("leave_rate", "150%"),
            ("closure_site", "NOWHERE"),
            ("closure_from", "2027-01-04"),
            ("closure_to", "2027-01-10"),
            ("demand_growth", "1,2"),
        ]);
        let errors = f.request(&s).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert!(
            fields.contains(&format!("fleet.{base}").as_str()),
            "{fields:?}"
        );
        assert!(fields.contains(&"leave_rate"), "{fields:?}");
        assert!(fields.contains(&"closure_site"), "{fields:?}");
        assert!(fields.contains(&"demand_growth"), "{fields:?}");
    }

    #[test]
    fn a_date_left_out_or_wrong_is_named_under_its_own_field() {
        let s = tiny();
        let site = s.sites[0].id.clone();
        let one = form(&[
            ("kind", "plan"),
            ("closure_site", &site),
            ("closure_from", "2027-01-05"),
        ]);
        let errors = one.request(&s).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "closure_to");
        assert_eq!(errors[0].1.id, "serve-whatif-date-missing");
        let wrong = form(&[
            ("kind", "plan"),
            ("leave_rate", "10"),
            ("leave_from", "2027-01-05"),
            ("leave_to", "2027-13-40"),
        ]);
        let errors = wrong.request(&s).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "leave_to");
        let backwards = form(&[
            ("kind", "plan"),
            ("leave_rate", "10"),
            ("leave_from", "2027-01-09"),
            ("leave_to", "2027-01-05"),
        ]);
        let errors = backwards.request(&s).unwrap_err();
        assert_eq!(errors[0].0, "leave_to", "{errors:?}");
        assert_eq!(errors[0].1.id, "scenario-range-backwards");
    }

    #[test]
    fn a_sweep_takes_lists_and_needs_one() {
        let s = tiny();
        let base = s.bases[0].id.clone();
        let f = form(&[("kind", "sweep"), (&format!("fleet.{base}"), "1, 2")]);
        let r = f.request(&s).unwrap();
        assert!(r.sweep);
        assert_eq!(r.params, vec![(format!("fleet.{base}"), "1,2".to_string())]);
        let empty = form(&[("kind", "sweep")]);
        assert_eq!(empty.request(&s).unwrap_err()[0].0, "kind");
    }
}
