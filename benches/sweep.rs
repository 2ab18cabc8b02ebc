//! Sweep throughput: the same 8 variations of the tiny scenario with 1 and 2 threads. The ratio of
//! the two medians is the parallel speed-up (target ≥ 1.8 on 2 cores).

use criterion::{criterion_group, criterion_main, Criterion};
use outreach::scenario::bundled;
use outreach::sweep::{run::Silent, Shard, Spec};

fn sweep(c: &mut Criterion) {
    let s = outreach::load(&bundled::find("tiny").unwrap()).unwrap();
    let mut o = outreach::Options::from_scenario(&s);
    o.time_limit_seconds = 20.0;
    let spec = Spec::from_flags(
        &["fleet=100%,50%".into(), "leave_rate=0,10%,20%,30%".into()],
        1,
    )
    .unwrap();
    let mut g = c.benchmark_group("sweep");
    g.sample_size(10);
    for threads in [1usize, 2] {
        g.bench_function(format!("tiny 8 variations, {threads} thread(s)"), |b| {
            b.iter(|| {
                let dir = tempfile::tempdir().unwrap();
                outreach::sweep::run(&s, &o, &spec, dir.path(), Shard::ALL, threads, &Silent)
                    .unwrap()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, sweep);
criterion_main!(benches);
