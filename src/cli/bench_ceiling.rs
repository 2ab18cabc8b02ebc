//! `outreach bench ceiling [SCENARIO…]`: the ceiling of the bounds on each campaign base, the
//! bounding LP with its memories grown until its trips repeat no village, step by step. A plan's
//! proven gap can shrink no further than this ceiling allows without cuts or branching.

use super::bench::BenchSettings;
use super::{load, options};
use anyhow::{bail, Context, Result};
use outreach::plan::{campaign_ceilings, Ceiling};
use std::process::ExitCode;

/// The bundled campaign of multi-day trips.
const BUNDLED_CAMPAIGN: &str = "ngamring-high-altitude";

pub fn bench_ceiling(names: &[String], b: &BenchSettings) -> Result<ExitCode> {
    let names: Vec<String> = if names.is_empty() {
        vec![BUNDLED_CAMPAIGN.to_string()]
    } else {
        names.to_vec()
    };
    let mut header = !b.json;
    let mut all_ended = true;
    for name in &names {
        let s = load(Some(name))?;
        let o = options(&s, b.seed, b.threads, b.time_limit, b.effort)?;
        if !s.team_mode() || s.experts.is_some() {
            bail!(
                "{name}: no campaign to bound: `bench ceiling` takes scenarios of multi-day trips \
                 by teams (`teams` under [files]), not day tours or expert stations"
            );
        }
        if !b.json {
            eprintln!(
                "{}: growing the bounding LP until its trips repeat no village (minutes on a \
                 campaign of 100 visits)…",
                s.name
            );
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(b.threads)
            .build()
            .context("cannot start the thread pool")?;
        let ceilings = pool
            .install(|| campaign_ceilings(&s, &o))
            .context("the bounding LP failed")?;
        if std::mem::take(&mut header) {
            println!(
                "{:<28} {:<6} {:>4} {:>7} {:>11} {:>11} {:>9} {:>8}",
                "scenario", "base", "step", "memory", "LP", "bound", "work 10⁹", "seconds"
            );
        }
        for c in &ceilings {
            all_ended &= c.reached;
            print_ceiling(&s.name, c, b.json)?;
        }
    }
    // As the other benches: exit status 1 where a ceiling was not reached (the clock stopped it).
    Ok(if all_ended {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_ceiling(scenario: &str, c: &Ceiling, json: bool) -> Result<()> {
    if json {
        let mut v = serde_json::to_value(c)?;
        v["scenario"] = scenario.into();
        println!("{v}");
        return Ok(());
    }
    let number = |v: Option<f64>| {
        v.filter(|v| v.is_finite())
            .map_or("-".into(), |v| format!("{v:.1}"))
    };
    for (k, st) in c.steps.iter().enumerate() {
        println!(
            "{:<28} {:<6} {:>4} {:>7} {:>11} {:>11} {:>9.2} {:>8.1}",
            scenario,
            c.base,
            k,
            st.largest_memory,
            number(Some(st.lp)),
            number(st.bound),
            st.work as f64 / 1e9,
            st.seconds
        );
    }
    println!(
        "{:<28} {:<6} ceiling {} in {:.1} s: {}",
        scenario,
        c.base,
        number(c.bound),
        c.seconds,
        if c.reached {
            "reached (no trip of the LP repeats a village)"
        } else {
            "NOT REACHED (the clock stopped the growth; the ceiling is higher)"
        }
    );
    Ok(())
}
