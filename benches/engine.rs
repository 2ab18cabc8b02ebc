//! Hot paths under the planner and the route engine: building the model, pricing tours against LP
//! duals, and ruin-and-recreate iterations on a 200-customer CVRP and a 100-customer VRPTW
//! (insertion evaluation is most of their time; the VRPTW run includes its fleet cut). Run with
//! `tools/cargo bench --bench engine`; quote medians and ratios from one run.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use outreach::model::Model;
use outreach::plan::master::{History, Master};
use outreach::scenario::bundled;
use outreach::tours::sisr::{self, Problem, Settings};
use outreach::tours::{enumerate, Limits};
use rand::{Rng, SeedableRng};

/// A random capacitated instance: `n` customers on a 1000 × 1000 square, depot in the middle.
fn synthetic(n: usize, seed: u64) -> Problem {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut xy = vec![(500.0, 500.0)];
    xy.extend((0..n).map(|_| (rng.gen_range(0.0..1000.0), rng.gen_range(0.0..1000.0))));
    let m = n + 1;
    let mut dist = vec![0.0; m * m];
    for i in 0..m {
        for j in 0..m {
            let (a, b): ((f64, f64), (f64, f64)) = (xy[i], xy[j]);
            dist[i * m + j] = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().round();
        }
    }
    let mut demand = vec![0.0];
    demand.extend((0..n).map(|_| rng.gen_range(1..=10) as f64));
    Problem {
        depots: 1,
        dist,
        demand,
        service: vec![0.0; m],
        ready: vec![0.0; m],
        due: vec![f64::INFINITY; m],
        capacity: 50.0,
        max_duration: None,
        days: 1,
        vehicles_per_day_depot: None,
        vehicles_total: None,
        patterns: (0..m)
            .map(|i| if i == 0 { vec![] } else { vec![1] })
            .collect(),
        customers: (1..m).collect(),
    }
}

/// A random instance with time windows in the shape of Solomon's R2 class: `n` customers, windows
/// of 60 to 300 minutes over an 1,000-minute day, service 10 minutes, capacity for a quarter of them.
fn windowed(n: usize, seed: u64) -> Problem {
    let mut p = synthetic(n, seed);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed + 1);
    for d in &mut p.dist {
        *d /= 10.0;
    }
    p.due[0] = 1000.0;
    for c in 1..=n {
        let ready: f64 = rng.gen_range(50.0..700.0);
        p.ready[c] = ready;
        p.due[c] = ready + rng.gen_range(60.0..300.0);
        p.service[c] = 10.0;
    }
    p.capacity = p.demand.iter().sum::<f64>() / 4.0;
    p
}

/// Ruin-and-recreate iterations a run of the route engine.
const ITERATIONS: u64 = 2000;

fn benches(c: &mut Criterion) {
    let zibo = outreach::load(&bundled::find("zibo-health-bus").unwrap()).unwrap();
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    g.bench_function("model_build_zibo", |b| b.iter(|| Model::build(&zibo)));

    let model = Model::build(&zibo);
    let comp = model
        .components
        .iter()
        .max_by_key(|c| c.services.len())
        .unwrap();
    let limits = Limits::of(&zibo, comp);
    let pool = enumerate(&zibo, comp, &model.travel, &limits, 200_000).unwrap();
    let (first, last) = comp.windows(31)[0];
    let (window, _) = comp.window(first, last);
    let history = History {
        last_visit: vec![None; window.services.len()],
        worked: Default::default(),
    };
    let max_stops = pool.iter().map(|t| t.stops.len()).max().unwrap();
    let master = Master::new(
        &zibo,
        &window,
        outreach::plan::slot_kinds(&zibo, &window),
        &history,
        max_stops,
        0,
    );
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let duals: Vec<f64> = (0..master.row_count())
        .map(|_| rng.gen_range(0.0..200.0))
        .collect();
    let shapes: Vec<_> = pool.iter().map(|t| master.tour_shape(t)).collect();
    let day = window.days[0];
    g.bench_function(format!("price_{}_tours_one_day", pool.len()), |b| {
        b.iter(|| {
            let prices = master.day_prices(day, &duals);
            pool.iter()
                .zip(&shapes)
                .map(|(t, s)| master.priced(t, s, &prices))
                .fold(f64::INFINITY, f64::min)
        })
    });

    // Per iteration from here on: criterion reports iterations a second beside the time.
    g.throughput(Throughput::Elements(ITERATIONS));
    let p = synthetic(200, 7);
    g.bench_function("sisr_2000_iterations_n200", |b| {
        b.iter(|| {
            sisr::solve(
                &p,
                &Settings {
                    seconds: 1e9,
                    max_iterations: Some(ITERATIONS),
                    ..Settings::default()
                },
                None,
            )
        })
    });
    let p = windowed(100, 7);
    g.bench_function("sisr_2000_iterations_vrptw_n100", |b| {
        b.iter(|| {
            sisr::solve(
                &p,
                &Settings {
                    seconds: 1e9,
                    max_iterations: Some(ITERATIONS),
                    ..Settings::default()
                },
                None,
            )
        })
    });
    g.finish();
}

criterion_group!(engine, benches);
criterion_main!(engine);
