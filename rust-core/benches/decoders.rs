//! Card-image decoders on the fixture files (issue 9 part 4): the image module as shipped
//! (`zairyu`, limits and structure checks included) and the JPEG 2000 back-ends considered for it
//! (`openjp2`, the pure-Rust OpenJPEG port through `jpeg2k`; `hayro`, hayro-jpeg2000, which the
//! module now uses) and, for G4, the `tiff` crate the module used before its own decoder. The C
//! references (OpenJPEG, libtiff) are timed in process by the harnesses in `benches/c/`, and
//! jpeg2k's C back-end by `benches/j2k-c/`; `scripts/bench.sh` runs them all and prints the ratios.

mod support;

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use support::*;
use zairyu_core::image::{decode, Limits};

fn decoders(c: &mut Criterion) {
    for (name, bytes) in J2K_FIXTURES {
        let mut g = c.benchmark_group(format!("j2k/{name}"));
        g.bench_function("zairyu", |b| b.iter(|| black_box(decode(bytes, &Limits::CARD).expect("decodes"))));
        g.bench_function("openjp2", |b| b.iter(|| black_box(openjp2_rgba(bytes).expect("decodes"))));
        g.bench_function("hayro", |b| b.iter(|| black_box(hayro_rgba(bytes).expect("decodes"))));
        g.finish();
    }
    for (name, bytes) in G4_FIXTURES {
        let mut g = c.benchmark_group(format!("g4/{name}"));
        g.bench_function("zairyu", |b| b.iter(|| black_box(decode(bytes, &Limits::CARD).expect("decodes"))));
        g.bench_function("tiff-crate", |b| b.iter(|| black_box(tiff_crate_rgba(bytes).expect("decodes"))));
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    targets = decoders
}
criterion_main!(benches);
