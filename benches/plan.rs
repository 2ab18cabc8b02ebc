//! Hot paths of planning: the travel matrix, tour enumeration of one base, a whole small plan, and
//! for campaigns the day legs of Ngamring and a whole small campaign.
//! Run with `tools/cargo bench`; quote medians and ratios from one run.

use criterion::{criterion_group, criterion_main, Criterion};
use outreach::model::Model;
use outreach::scenario::bundled;
use outreach::tours::{enumerate, Limits};

fn benches(c: &mut Criterion) {
    let zibo = outreach::load(&bundled::find("zibo-health-bus").unwrap()).unwrap();
    let tiny = outreach::load(&bundled::find("tiny").unwrap()).unwrap();
    let mut g = c.benchmark_group("plan");
    g.sample_size(10);
    g.bench_function("travel_matrix_zibo", |b| {
        b.iter(|| outreach::travel::Travel::build(&zibo))
    });
    let model = Model::build(&zibo);
    let comp = model
        .components
        .iter()
        .max_by_key(|c| c.services.len())
        .unwrap();
    let limits = Limits::of(&zibo, comp);
    g.bench_function("enumerate_tours_one_zibo_base", |b| {
        b.iter(|| enumerate(&zibo, comp, &model.travel, &limits, 200_000))
    });
    let ngamring = outreach::load(&bundled::find("ngamring-high-altitude").unwrap()).unwrap();
    let nmodel = Model::build(&ngamring);
    let ncomp = &nmodel.components[0];
    let ends = outreach::tours::trips::Ends::new(&ngamring, ncomp);
    g.bench_function("legs_ngamring", |b| {
        b.iter(|| outreach::tours::trips::legs(&ngamring, ncomp, &nmodel.travel, &ends, 420.0))
    });
    let mini = outreach::load_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/altitude-mini"),
    )
    .unwrap();
    g.bench_function("plan_altitude_mini", |b| {
        b.iter(|| {
            let mut o = outreach::Options::from_scenario(&mini);
            o.threads = 1;
            outreach::plan(&mini, &o, &outreach::plan::Quiet).unwrap()
        })
    });
    g.bench_function("plan_tiny", |b| {
        b.iter(|| {
            let mut o = outreach::Options::from_scenario(&tiny);
            o.threads = 1;
            outreach::plan(&tiny, &o, &outreach::plan::Quiet).unwrap()
        })
    });
    g.finish();
}

criterion_group!(plan, benches);
criterion_main!(plan);
