//! Core CPU per read (issue 9 part 3): the whole read — detection, authentication, SM decryption,
//! parsing, tamper and issuer verification — against a transport that replays a software card's
//! recorded answers, so neither radio nor card logic is in the figure. Image decoding is timed on
//! its own, and the software card's own work too, so it can be excluded.
//!
//! `scripts/bench.sh` turns these into fractions of the modelled 424 kbit/s air time.

mod support;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use support::*;
use zairyu_core::image::{decode, Limits};

fn core_cpu(c: &mut Criterion) {
    let no_images = options(true);
    for name in PROFILES {
        let rec = record(name, false);
        let reading = replay_read(&rec, &no_images);
        let images = images(&reading);
        let mut g = c.benchmark_group(format!("core_cpu/{name}"));
        g.bench_function("read", |b| b.iter(|| black_box(replay_read(&rec, &no_images))));
        g.bench_function("images", |b| {
            b.iter(|| {
                for image in &images {
                    black_box(decode(image, &Limits::CARD).expect("fixture image decodes"));
                }
            })
        });
        g.bench_function("softcard", |b| b.iter(|| black_box(softcard_only(&rec))));
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    targets = core_cpu
}
criterion_main!(benches);
