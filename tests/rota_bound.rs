//! The joint bound of a rota whose teams the planner makes is a proven bound: on small generated
//! rotas it is never above the optimum found by brute force, over every set of teams and every
//! set of days of every expert (property test). The planned rota's joint objective is never
//! below that optimum either. With those teams fixed, the day program's bound is likewise never
//! above the best days brute force finds for them.

use outreach::plan::rota::alone::team_penalty;
use outreach::plan::rota::{need, pattern_of, plan_rota};
use outreach::scenario::experts::{ExpertProgramme, StationTeam};
use outreach::travel::Travel;
use outreach::{Options, Scenario, Source};
use proptest::prelude::*;
use std::collections::BTreeMap;

const WEEKDAYS: [&str; 5] = ["Mon", "Tue", "Wed", "Thu", "Fri"];

/// One generated expert: specialties (of `a`, `b`), department (0 or 1), clinic weekdays, whether
/// they may lead.
#[derive(Clone, Debug)]
struct Gen {
    specialties: Vec<&'static str>,
    department: usize,
    clinic: Vec<usize>,
    lead: bool,
}

fn expert() -> impl Strategy<Value = Gen> {
    (
        prop::sample::select(vec![vec!["a"], vec!["b"], vec!["a", "b"]]),
        0usize..2,
        prop::collection::vec(0usize..5, 0..3),
        any::<bool>(),
    )
        .prop_map(|(specialties, department, clinic, lead)| Gen {
            specialties,
            department,
            clinic,
            lead,
        })
}

/// February 2027 with its first 17 days off (7 working days left, Thu 18 to Fri 26): one month
/// owed in full, few enough days to try every set of them.
#[allow(clippy::too_many_arguments)]
fn scenario(
    experts: &[Gen],
    stations: &[Vec<&str>],
    lead_days: u32,
    member_days: u32,
    cap: u32,
    cap_of_department_1: Option<u32>,
    team_size: u32,
    irregular: f64,
) -> Scenario {
    let mut e = String::from("id,name,hospital,department,specialties,clinic_days,lead\n");
    for (i, g) in experts.iter().enumerate() {
        let clinic: Vec<&str> = g.clinic.iter().map(|&d| WEEKDAYS[d]).collect();
        e += &format!(
            "X{i},Expert {i},H,dept{},{},{},{}\n",
            g.department,
            g.specialties.join(";"),
            clinic.join(";"),
            if g.lead { "yes" } else { "no" }
        );
    }
    let mut st = String::from("id,name,lat,lon,specialties\n");
    for (i, k) in stations.iter().enumerate() {
        st += &format!(
            "S{i},Station {i},{},{},{}\n",
            36.55 + 0.03 * i as f64,
            118.55 - 0.02 * i as f64,
            k.join(";")
        );
    }
    let mut files = vec![
        (
            "h.csv".to_string(),
            "id,name,lat,lon\nH,Hospital,36.5,118.5\n".to_string(),
        ),
        ("e.csv".into(), e),
        ("s.csv".into(), st),
    ];
    let departments = match cap_of_department_1 {
        Some(c) if experts.iter().any(|g| g.department == 1) => {
            files.push((
                "d.csv".into(),
                format!("hospital,department,max_away\nH,dept1,{c}\n"),
            ));
            "departments = \"d.csv\"\n"
        }
        _ => "",
    };
    let toml = format!(
        "name = \"gen\"\nkind = \"expert-stations\"\n[horizon]\nstart = \"2027-02-01\"\n\
         days = 28\nholidays = [\"2027-02-01..2027-02-17\"]\n[experts]\n\
         lead_days_per_month = {lead_days}\nmember_days_per_month = {member_days}\n\
         max_days_per_month = 4\nmax_away_per_department = {cap}\nteam_size = {team_size}\n\
         irregular_day_cost = {irregular}\nunmet_day_penalty = 500.0\n\
         [files]\nbases = \"h.csv\"\nexperts = \"e.csv\"\nstations = \"s.csv\"\n{departments}\
         [solver]\nmip_gap = 0.0\n"
    );
    files.push(("scenario.toml".into(), toml));
    outreach::load(&Source::Memory {
        name: "gen".into(),
        files,
    })
    .expect("the generated scenario reads")
}

/// The day cost of one expert's days (a bit set over the horizon's days) at one station, in a
/// role, as the day program prices it; `None` when the days break a rule of that expert.
fn day_cost(
    s: &Scenario,
    x: &ExpertProgramme,
    minutes: f64,
    lead: bool,
    days: &[usize],
) -> Option<f64> {
    let r = &x.rules;
    let mut cost = 2.0 * minutes * r.travel_minute_cost * days.len() as f64;
    let mut on: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    for &d in days {
        *on.entry(pattern_of(s, x, d)).or_default() += 1;
    }
    let regular = on.values().copied().max().unwrap_or(0);
    cost += r.irregular_day_cost * (days.len() - regular) as f64;
    for m in s.horizon.periods(outreach::calendar::PeriodKind::Month) {
        let n = days
            .iter()
            .filter(|&&d| m.first_day <= d && d <= m.last_day)
            .count() as u32;
        if n > r.max_days_per_month {
            return None;
        }
        cost += r.unmet_day_penalty * need(x, lead, m.share).saturating_sub(n) as f64;
    }
    Some(cost)
}

/// Each expert's choices (nowhere, or at a station they may serve, as member or lead) and every
/// set of days of each choice.
fn choices(s: &Scenario) -> (Choices, Sets) {
    let x = s.experts.as_ref().unwrap();
    let travel = Travel::build(s);
    let minutes = |e: usize, st: usize| {
        travel.minutes(
            s.base_location(x.experts[e].hospital),
            s.site_location(x.stations[st].site),
        )
    };
    let n = x.experts.len();
    // Each expert: nowhere, or at a station they may serve, as member or lead.
    let mut options: Vec<Vec<Option<(usize, bool)>>> = Vec::new();
    for e in 0..n {
        let mut o = vec![None];
        for st in 0..x.stations.len() {
            if x.matches(e, st) && minutes(e, st) <= x.rules.max_travel_minutes {
                o.push(Some((st, false)));
                if x.experts[e].can_lead {
                    o.push(Some((st, true)));
                }
            }
        }
        options.push(o);
    }
    let sets = all_sets(s, x, &minutes, &options);
    (options, sets)
}

/// The least joint objective over every set of teams and every set of days.
fn brute_force(s: &Scenario) -> f64 {
    let x = s.experts.as_ref().unwrap();
    let months = s.horizon.periods(outreach::calendar::PeriodKind::Month);
    let n = x.experts.len();
    let (options, sets) = choices(s);
    let mut best = f64::INFINITY;
    let mut pick = vec![0usize; n];
    loop {
        if let Some(teams) = teams_of(x, &options, &pick) {
            let penalty = team_penalty(x, &months, &teams);
            let days = best_days(x, &sets, &options, &pick);
            best = best.min(penalty + days);
        }
        // Next combination.
        let mut i = 0;
        while i < n {
            pick[i] += 1;
            if pick[i] < options[i].len() {
                break;
            }
            pick[i] = 0;
            i += 1;
        }
        if i == n {
            return best;
        }
    }
}

/// The teams of a pick, if it is one: each team with exactly one lead.
fn teams_of(
    x: &ExpertProgramme,
    options: &[Vec<Option<(usize, bool)>>],
    pick: &[usize],
) -> Option<Vec<StationTeam>> {
    let mut teams: Vec<StationTeam> = Vec::new();
    for st in 0..x.stations.len() {
        let at: Vec<(usize, bool)> = (0..pick.len())
            .filter_map(|e| match options[e][pick[e]] {
                Some((s, lead)) if s == st => Some((e, lead)),
                _ => None,
            })
            .collect();
        if at.is_empty() {
            continue;
        }
        let leads: Vec<usize> = at.iter().filter(|a| a.1).map(|a| a.0).collect();
        if leads.len() != 1 {
            return None;
        }
        teams.push(StationTeam {
            station: st,
            lead: leads[0],
            members: at.iter().filter(|a| !a.1).map(|a| a.0).collect(),
        });
    }
    Some(teams)
}

/// Per expert, each choice: nowhere, or (station, as lead).
type Choices = Vec<Vec<Option<(usize, bool)>>>;

/// Every set of an expert's free days at a station in a role (a bit per horizon day) that keeps
/// the expert's own rules, with its cost, cheapest first.
type Sets = BTreeMap<(usize, usize, bool), Vec<(u64, f64)>>;

fn all_sets(
    s: &Scenario,
    x: &ExpertProgramme,
    minutes: &dyn Fn(usize, usize) -> f64,
    options: &[Vec<Option<(usize, bool)>>],
) -> Sets {
    let mut out = Sets::new();
    for (e, o) in options.iter().enumerate() {
        for &(st, lead) in o.iter().flatten() {
            let free: Vec<usize> = (0..s.horizon.days)
                .filter(|&d| s.horizon.working[d] && x.free(e, st, s.horizon.date(d)))
                .collect();
            let mut sets: Vec<(u64, f64)> = (0u64..1 << free.len())
                .filter_map(|mask| {
                    let days: Vec<usize> = (0..free.len())
                        .filter(|&k| mask >> k & 1 == 1)
                        .map(|k| free[k])
                        .collect();
                    let bits = days.iter().fold(0u64, |b, &d| b | 1 << d);
                    day_cost(s, x, minutes(e, st), lead, &days).map(|c| (bits, c))
                })
                .collect();
            sets.sort_by(|a, b| a.1.total_cmp(&b.1));
            out.insert((e, st, lead), sets);
        }
    }
    out
}

/// The least day cost of a pick: per department, every set of days of each of its experts in a
/// team, within the department's cap on every day.
fn best_days(
    x: &ExpertProgramme,
    sets: &Sets,
    options: &[Vec<Option<(usize, bool)>>],
    pick: &[usize],
) -> f64 {
    let mut total = 0.0;
    let mut departments: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (e, ex) in x.experts.iter().enumerate() {
        if options[e][pick[e]].is_some() {
            departments
                .entry(ex.department.as_str())
                .or_default()
                .push(e);
        }
    }
    for (_, experts) in departments {
        let cap = x.cap_of(experts[0]);
        let of: Vec<&[(u64, f64)]> = experts
            .iter()
            .map(|&e| {
                let (st, lead) = options[e][pick[e]].unwrap();
                sets[&(e, st, lead)].as_slice()
            })
            .collect();
        total += cheapest_within_cap(&of, cap, 0, &mut [0; 64], f64::INFINITY, 0.0);
    }
    total
}

/// The least sum of one set per expert with at most `cap` experts on any day.
fn cheapest_within_cap(
    sets: &[&[(u64, f64)]],
    cap: u32,
    i: usize,
    count: &mut [u32; 64],
    best: f64,
    so_far: f64,
) -> f64 {
    if i == sets.len() {
        return best.min(so_far);
    }
    let mut best = best;
    for &(bits, c) in sets[i] {
        // Cheapest first: no later set of this expert can do better.
        if so_far + c >= best {
            break;
        }
        let days: Vec<usize> = (0..64).filter(|&d| bits >> d & 1 == 1).collect();
        if days.iter().any(|&d| count[d] >= cap) {
            continue;
        }
        for &d in &days {
            count[d] += 1;
        }
        best = cheapest_within_cap(sets, cap, i + 1, count, best, so_far + c);
        for &d in &days {
            count[d] -= 1;
        }
    }
    best
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn the_joint_bound_is_never_above_the_brute_force_optimum(
        experts in prop::collection::vec(expert(), 2..5),
        stations in prop::collection::vec(
            prop::sample::select(vec![vec!["a"], vec!["b"], vec!["a", "b"]]), 1..3),
        lead_days in 1u32..4,
        member_days in 1u32..3,
        cap in 0u32..3,
        cap_of_department_1 in prop::option::of(0u32..3),
        team_size in 1u32..4,
        irregular in prop::sample::select(vec![0.0, 30.0, 400.0]),
    ) {
        let s = scenario(&experts, &stations, lead_days, member_days, cap,
            cap_of_department_1, team_size, irregular);
        let mut o = Options::from_scenario(&s);
        o.threads = 1;
        let rota = plan_rota(&s, &o).expect("plans");
        let best = brute_force(&s);
        let m = &rota.summary;
        let eps = 1e-6 * best.max(1.0);
        prop_assert!(m.joint_bound <= best + eps,
            "bound {} above the optimum {}", m.joint_bound, best);
        prop_assert!(m.joint_objective >= best - eps,
            "the rota's objective {} below the optimum {}", m.joint_objective, best);
        prop_assert!(m.joint_gap >= 0.0 && m.joint_bound <= m.joint_objective + eps);
        prop_assert!(outreach::check::check_rota(&s, &rota).is_empty());

        // The rota's teams fixed: the day program's bound against every set of days of them.
        let x = s.experts.as_ref().unwrap();
        let id = |e: &str| x.experts.iter().position(|x| x.id == e).unwrap();
        let teams: Vec<StationTeam> = rota.teams.iter().map(|t| StationTeam {
            station: x.stations.iter().position(|st| s.sites[st.site].id == t.station).unwrap(),
            lead: id(&t.lead),
            members: t.members.iter().map(|m| id(m)).collect(),
        }).collect();
        let (options, sets) = choices(&s);
        let pick: Vec<usize> = (0..x.experts.len()).map(|e| {
            let at = teams.iter().find(|t| t.experts().any(|f| f == e))
                .map(|t| (t.station, t.lead == e));
            options[e].iter().position(|o| *o == at).unwrap()
        }).collect();
        let days = best_days(x, &sets, &options, &pick);
        let mut fixed = s.clone();
        fixed.experts.as_mut().unwrap().teams = Some(teams);
        let again = plan_rota(&fixed, &o).expect("plans");
        let eps = 1e-6 * days.max(1.0);
        prop_assert!(again.summary.bound <= days + eps,
            "day bound {} above the optimum {}", again.summary.bound, days);
        prop_assert!(again.summary.objective >= days - eps);
        prop_assert_eq!(again.summary.joint_bound, again.summary.bound);
    }
}
