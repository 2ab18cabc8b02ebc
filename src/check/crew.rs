//! The crew and the requirements: stated slots, who can fill which slot, the clinicians' week,
//! month and consecutive-day limits, and every requirement met or its shortfall listed.

use super::{Ctx, Violation};
use crate::calendar::Horizon;
use crate::model::required_visits;
use crate::scenario::Scenario;
use crate::schedule::{Schedule, TourDay};
use crate::text;
use std::collections::{BTreeMap, HashMap};

/// Each crew member's stated slot is one of the tour's slots, no slot is stated more often than the
/// tour has it, and the member can fill it (role, or specialty).
pub(super) fn slot_labels(
    cx: &mut Ctx,
    t: &TourDay,
    stated: &[(usize, &crate::schedule::CrewMember)],
    slots: &[(String, bool)],
) {
    let mut open: Vec<(String, &(String, bool))> =
        slots.iter().map(|x| (slot_label(x), x)).collect();
    for (c, m) in stated {
        let cl = &cx.s.clinicians[*c];
        let Some(i) = open.iter().position(|(l, _)| *l == m.slot) else {
            let known: Vec<String> = slots.iter().map(slot_label).collect();
            cx.add(
                "crew-slot",
                Some(t),
                None,
                Some(&cl.id),
                text!(
                    "check-crew-slot-unknown",
                    clinician = &cl.id,
                    name = &cl.name,
                    slot = &m.slot,
                    slots = known.join(", ")
                ),
            );
            continue;
        };
        let (_, slot) = open.remove(i);
        if !can_fill(cx.s, *c, slot) {
            cx.add(
                "crew-slot",
                Some(t),
                None,
                Some(&cl.id),
                text!(
                    "check-crew-slot-role",
                    clinician = &cl.id,
                    name = &cl.name,
                    role = &cl.role,
                    slot = &m.slot
                ),
            );
        }
    }
}

/// A slot (role or specialty, and whether it is a specialty) as schedules name it: `doctor`,
/// `obstetrics specialist`.
pub(super) fn slot_label((x, specialty): &(String, bool)) -> String {
    if *specialty {
        format!("{x} specialist")
    } else {
        x.clone()
    }
}

/// Whether clinician `c` can fill `slot`: by role, or by specialty.
pub(super) fn can_fill(s: &Scenario, c: usize, slot: &(String, bool)) -> bool {
    let cl = &s.clinicians[c];
    if slot.1 {
        cl.specialties.contains(&slot.0)
    } else {
        crate::scenario::fills_role(&slot.0, &cl.role)
    }
}

/// Is there an assignment of distinct crew members to all slots (bipartite matching)?
pub(crate) fn crew_fills(s: &Scenario, crew: &[usize], slots: &[(String, bool)]) -> bool {
    let can = |c: usize, slot: &(String, bool)| can_fill(s, c, slot);
    let mut owner: Vec<Option<usize>> = vec![None; crew.len()];
    fn augment(
        slot: usize,
        slots: &[(String, bool)],
        crew: &[usize],
        can: &dyn Fn(usize, &(String, bool)) -> bool,
        owner: &mut [Option<usize>],
        seen: &mut [bool],
    ) -> bool {
        for (i, &c) in crew.iter().enumerate() {
            if !seen[i] && can(c, &slots[slot]) {
                seen[i] = true;
                if owner[i].is_none_or(|o| augment(o, slots, crew, can, owner, seen)) {
                    owner[i] = Some(slot);
                    return true;
                }
            }
        }
        false
    }
    (0..slots.len()).all(|k| {
        augment(
            k,
            slots,
            crew,
            &can,
            &mut owner,
            &mut vec![false; crew.len()],
        )
    })
}

pub(super) fn limits(cx: &mut Ctx, h: &Horizon, clinician_days: &BTreeMap<usize, Vec<usize>>) {
    for (&c, days) in clinician_days {
        let cl = &cx.s.clinicians[c];
        let mut days = days.clone();
        days.sort();
        days.dedup();
        let mut per: BTreeMap<(i32, u32), u32> = BTreeMap::new();
        for &d in &days {
            *per.entry(h.week_key(d)).or_default() += 1;
        }
        for ((y, w), n) in per {
            if n > cl.max_days_per_week {
                cx.add(
                    "clinician-week-limit",
                    None,
                    None,
                    Some(&cl.id),
                    text!(
                        "check-clinician-week-limit",
                        clinician = &cl.id,
                        name = &cl.name,
                        days = n,
                        week = format!("{y}-W{w:02}"),
                        limit = cl.max_days_per_week,
                        over = n - cl.max_days_per_week
                    ),
                );
            }
        }
        let mut per: BTreeMap<(i32, u32), u32> = BTreeMap::new();
        for &d in &days {
            *per.entry(h.month_key(d)).or_default() += 1;
        }
        for ((y, m), n) in per {
            if n > cl.max_days_per_month {
                cx.add(
                    "clinician-month-limit",
                    None,
                    None,
                    Some(&cl.id),
                    text!(
                        "check-clinician-month-limit",
                        clinician = &cl.id,
                        name = &cl.name,
                        days = n,
                        month = format!("{y}-{m:02}"),
                        limit = cl.max_days_per_month,
                        over = n - cl.max_days_per_month
                    ),
                );
            }
        }
        let mut run = 0;
        for (i, &d) in days.iter().enumerate() {
            run = if i > 0 && days[i - 1] + 1 == d {
                run + 1
            } else {
                1
            };
            if run == cl.max_consecutive_days + 1 {
                cx.add(
                    "clinician-consecutive-limit",
                    None,
                    None,
                    Some(&cl.id),
                    text!(
                        "check-clinician-consecutive-limit",
                        clinician = &cl.id,
                        name = &cl.name,
                        limit = cl.max_consecutive_days,
                        date = h.date(d).to_string()
                    ),
                );
            }
        }
    }
}

pub(super) fn requirements(
    cx: &mut Ctx,
    schedule: &Schedule,
    visits: &HashMap<(usize, Option<String>), Vec<usize>>,
) {
    let s = cx.s;
    let h = &s.horizon;
    for r in &s.requirements {
        let site = &s.sites[r.site];
        let mut days = visits
            .get(&(r.site, r.specialty.clone()))
            .cloned()
            .unwrap_or_default();
        days.sort();
        for w in days.windows(2) {
            let apart = w[1] - w[0];
            if apart < r.min_spacing_days.max(1) as usize {
                cx.out.push(Violation {
                    rule: "spacing",
                    date: Some(h.date(w[1])),
                    tour: None,
                    vehicle: None,
                    site: Some(site.id.clone()),
                    clinician: None,
                    message: text!(
                        "check-spacing",
                        site = &site.id,
                        first = h.date(w[0]).to_string(),
                        second = h.date(w[1]).to_string(),
                        apart = apart,
                        min = r.min_spacing_days.max(1),
                        short = r.min_spacing_days.max(1) as usize - apart
                    ),
                });
            }
        }
        let periods = h.periods(r.period);
        for p in periods {
            let required = required_visits(r.visits, p.share);
            let done = days
                .iter()
                .filter(|&&d| d >= p.first_day && d <= p.last_day)
                .count() as u32;
            let listed: u32 = schedule
                .summary
                .unmet
                .iter()
                .filter(|u| u.site == site.id && u.period == p.label && u.specialty == r.specialty)
                .map(|u| u.missing)
                .sum();
            if listed > required.saturating_sub(done) {
                // A visit listed as missed that is made: field teams would plan it again.
                let message = text!(
                    "check-unmet-overstated",
                    site = &site.id,
                    name = &site.name,
                    done = done,
                    required = required,
                    period = &p.label,
                    listed = listed,
                    should = required.saturating_sub(done)
                );
                cx.add("unmet-overstated", None, Some(&site.id), None, message);
            }
            if done >= required {
                continue;
            }
            if listed < required - done {
                let message = match &r.specialty {
                    None => text!("check-requirement-unmet"),
                    Some(k) => text!("check-requirement-unmet-specialty", specialty = k),
                }
                .arg("site", &site.id)
                .arg("name", &site.name)
                .arg("done", done)
                .arg("required", required)
                .arg("period", &p.label);
                cx.add("requirement-unmet", None, Some(&site.id), None, message);
            }
        }
    }
}
