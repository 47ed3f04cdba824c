//! The performance table of issue 9, printed by `scripts/bench.sh` after the criterion benches:
//! wire cost against the protocol minimum, modelled air time against its lower bound, core CPU as
//! a fraction of the 424 kbit/s air time, decoders against the C references (timed in the same
//! run, in rounds, so a loaded machine weighs on both sides alike), peak heap of a read, and the
//! library size.
//!
//! Inputs from bench.sh (all optional; a missing one prints "n/a"): `CRITERION_HOME` (criterion's
//! results), `BENCH_C_DIR` (opj_bench, tiff_bench, j2k-c-bench), `BENCH_IR` (callgrind
//! instructions per decode), `LIB_SIZE_MOBILE` / `LIB_SIZE_RELEASE` (bytes), `BENCH_ROUNDS`.
//!
//! `report decode DECODER FILE N` decodes FILE N times with one decoder (zairyu, openjp2, hayro,
//! tiff-crate) and nothing else, for callgrind's instruction counts.

mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use support::*;
use zairyu_core::airtime::{protocol_minimum, AirtimeTransceiver, BitRate, LinkModel};
use zairyu_core::image::{decode, Limits};
use zairyu_core::read::read_card_with_rng;
use zairyu_core::softcard::SoftCard;
use zairyu_core::transport::NoProgress;

/// Counts live heap bytes and their peak, for the footprint figure.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(live, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` above with this layout.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded unchanged to the system allocator.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let live = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(live, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak heap above what was live before `f` ran.
fn peak_heap<T>(f: impl FnOnce() -> T) -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    let peak = PEAK.load(Ordering::Relaxed) - base;
    drop(out);
    peak
}

fn row(area: &str, item: &str, value: &str, against: &str, ratio: &str, target: &str) {
    println!("| {area} | {item} | {value} | {against} | {ratio} | {target} |");
}

fn ms(ns: f64) -> String {
    format!("{:.3} ms", ns / 1e6)
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT MET"
    }
}

/// Criterion's median for a benchmark id, nanoseconds.
fn criterion_median(id: &str) -> Option<f64> {
    let home = std::env::var("CRITERION_HOME")
        .unwrap_or_else(|_| format!("{}/criterion", std::env::var("CARGO_TARGET_DIR").unwrap_or("target".into())));
    let text = std::fs::read_to_string(format!("{home}/{id}/new/estimates.json")).ok()?;
    let at = text.find("\"median\"")?;
    let rest = &text[at..];
    let pe = rest.find("\"point_estimate\":")? + "\"point_estimate\":".len();
    let end = rest[pe..].find([',', '}'])?;
    rest[pe..pe + end].trim().parse().ok()
}

/// Median of `n` timed runs, nanoseconds.
fn median_ns(n: usize, mut f: impl FnMut()) -> f64 {
    let mut t: Vec<u128> = (0..n)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_nanos()
        })
        .collect();
    t.sort_unstable();
    t[n / 2] as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Runs a C (or C-backed) harness: `BIN N FILE OUT` → median ns; leaves the RGBA in OUT.
fn harness(bin: &str, n: usize, file: &str, out: &str) -> Option<f64> {
    let output = Command::new(bin).args([&n.to_string(), file, out]).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    text.split_whitespace().skip_while(|w| *w != "median_ns").nth(1)?.parse().ok()
}

/// Largest per-sample difference and number of differing samples.
fn pixel_diff(a: &[u8], b: &[u8]) -> String {
    if a.len() != b.len() {
        return format!("size differs ({} vs {} bytes)", a.len(), b.len());
    }
    let differing = a.iter().zip(b).filter(|(x, y)| x != y).count();
    let max = a.iter().zip(b).map(|(x, y)| x.abs_diff(*y)).max().unwrap_or(0);
    if differing == 0 {
        "pixel-exact".into()
    } else {
        format!("max diff {max}, {differing} of {} samples differ", a.len())
    }
}

/// Callgrind instructions per decode from bench.sh's file: lines `decoder file instructions`.
fn instructions(decoder: &str, file: &str) -> Option<f64> {
    let text = std::fs::read_to_string(std::env::var("BENCH_IR").ok()?).ok()?;
    text.lines().find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        (f.len() == 3 && f[0] == decoder && f[1] == file).then(|| f[2].parse().ok()).flatten()
    })
}

type Decoder = fn(&[u8]) -> Option<(u32, u32, Vec<u8>)>;

fn zairyu_rgba(bytes: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    decode(bytes, &Limits::CARD).ok().map(|i| (i.width, i.height, i.rgba))
}

fn decoder_by_name(name: &str) -> Option<Decoder> {
    Some(match name {
        "zairyu" => zairyu_rgba,
        "openjp2" => openjp2_rgba,
        "hayro" => hayro_rgba,
        "tiff-crate" => tiff_crate_rgba,
        _ => return None,
    })
}

fn machine() {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| t.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string()))
        .unwrap_or_else(|| "unknown".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let rustc = Command::new("rustc").arg("-V").output().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    row("machine", &cpu, &format!("{cores} cores"), &rustc.unwrap_or_default(), "", &format!("load {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.first().map(String::as_str) == Some("decode") {
        let decoder = decoder_by_name(&args[1]).expect("decoder name");
        let bytes = std::fs::read(&args[2]).expect("image file");
        let n: usize = args[3].parse().expect("count");
        for _ in 0..n {
            black_box(decoder(black_box(&bytes)).expect("decodes"));
        }
        return;
    }

    println!("| area | item | value | against | ratio | target |");
    println!("|---|---|---|---|---|---|");
    machine();

    // 1 and 2: wire cost and modelled air time, extended and short, per card type.
    let mut air424 = Vec::new();
    for name in PROFILES {
        let mut runs = Vec::new();
        for short in [false, true] {
            let card = SoftCard::with_seed(profile(name, short), 7);
            let air = AirtimeTransceiver::new(&card);
            let reading = read_card_with_rng(&card.profile().card_number().clone(), &air, &options(true), &NoProgress, &mut FixedRng::new())
                .expect("read succeeds");
            runs.push((short, reading.wire, reading.card.type_code, air.exchanges()));
        }
        let minimum = protocol_minimum(runs[0].2).expect("readable card").apdus();
        let bound_exchanges = runs[0].3.clone();
        for (short, wire, _, exchanges) in &runs {
            let kind = if *short { "short APDUs" } else { "extended" };
            row(
                "wire",
                &format!("{name}, {kind}"),
                &format!("{} APDUs, {} B sent, {} B received", wire.apdus, wire.bytes_sent, wire.bytes_received),
                &format!("minimum {minimum} APDUs"),
                &format!("{:.2}", wire.apdus as f64 / minimum as f64),
                if *short { "" } else { verdict(wire.apdus == minimum) },
            );
            for rate in BitRate::ALL {
                let model = LinkModel::new(rate);
                let total = model.total(exchanges);
                let bound = model.lower_bound_cycles(&bound_exchanges);
                let ratio = total.cycles as f64 / bound as f64;
                if !*short && rate == BitRate::R424 {
                    air424.push((name, total.cycles as f64 * 1e9 / 13.56e6));
                }
                row(
                    &format!("air {} kbit/s", rate.kbps()),
                    &format!("{name}, {kind}"),
                    &format!("{:.1} ms, {} frames", total.cycles as f64 / 13_560.0, total.frames),
                    &format!("bound {:.1} ms", bound as f64 / 13_560.0),
                    &format!("{ratio:.4}"),
                    if *short { "" } else { verdict(ratio <= 1.05) },
                );
            }
        }
    }

    // 3: core CPU from criterion, as a fraction of the 424 kbit/s air time of the extended read.
    for (name, air_ns) in &air424 {
        let read = criterion_median(&format!("core_cpu_{name}/read"));
        let images = criterion_median(&format!("core_cpu_{name}/images"));
        let card = criterion_median(&format!("core_cpu_{name}/softcard"));
        let frac = |v: Option<f64>| v.map_or("n/a".into(), |v| format!("{:.2}%", 100.0 * v / air_ns));
        let val = |v: Option<f64>| v.map_or("n/a".into(), ms);
        let against = format!("air 424: {}", ms(*air_ns));
        row("cpu", &format!("{name}: crypto+parse+verify"), &val(read), &against, &frac(read), verdict(read.is_some_and(|r| r / air_ns < 0.02)));
        row("cpu", &format!("{name}: image decoding"), &val(images), &against, &frac(images), "");
        row("cpu", &format!("{name}: software card (excluded)"), &val(card), &against, &frac(card), "");
    }

    // 4: decoders against the C references, in rounds within this run.
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let c_dir = std::env::var("BENCH_C_DIR").ok();
    let out_dir = std::env::temp_dir();
    // (fixture, bytes, Rust decoders, C harness, decodes per round)
    type Case = (&'static str, &'static [u8], Vec<(&'static str, Decoder)>, &'static str, usize);
    let cases: Vec<Case> = J2K_FIXTURES
        .iter()
        .map(|&(f, b)| {
            let d: Vec<(&str, Decoder)> = vec![("zairyu (hayro)", zairyu_rgba), ("hayro", hayro_rgba), ("openjp2", openjp2_rgba)];
            (f, b, d, "opj_bench", 40)
        })
        .chain(G4_FIXTURES.iter().map(|&(f, b)| {
            let d: Vec<(&str, Decoder)> = vec![("zairyu (own G4)", zairyu_rgba), ("tiff-crate", tiff_crate_rgba)];
            (f, b, d, "tiff_bench", 100)
        }))
        .collect();
    for (file, bytes, decoders, c_bin, n) in cases {
        let path = fixture_path(file);
        let c_out = out_dir.join("zairyu-bench-c.rgba").display().to_string();
        let mut c_times = Vec::new();
        let mut j2kc_times = Vec::new();
        let mut times = vec![Vec::new(); decoders.len()];
        for _ in 0..rounds {
            if let Some(dir) = &c_dir {
                if let Some(t) = harness(&format!("{dir}/{c_bin}"), n, &path, &c_out) {
                    c_times.push(t);
                }
                if c_bin == "opj_bench" {
                    let out = out_dir.join("zairyu-bench-j2kc.rgba").display().to_string();
                    if let Some(t) = harness(&format!("{dir}/j2k-c-bench"), n, &path, &out) {
                        j2kc_times.push(t);
                    }
                }
            }
            for (i, (_, d)) in decoders.iter().enumerate() {
                times[i].push(median_ns(n, || {
                    black_box(d(black_box(bytes)).expect("decodes"));
                }));
            }
        }
        let c_rgba = std::fs::read(&c_out).ok();
        let c_ns = (!c_times.is_empty()).then(|| median(c_times));
        let c_name = if c_bin == "opj_bench" { "OpenJPEG C" } else { "libtiff" };
        let area = if c_bin == "opj_bench" { "jpeg2000" } else { "g4" };
        let c_ir = instructions(c_bin, file);
        row(area, &format!("{file}: {c_name} (reference)"), &c_ns.map_or("n/a".into(), ms), "", "1.00", "");
        if !j2kc_times.is_empty() {
            let t = median(j2kc_times);
            let exact = std::fs::read(out_dir.join("zairyu-bench-j2kc.rgba")).ok().zip(c_rgba.as_ref()).map(|(a, b)| pixel_diff(&a, b));
            row(area, &format!("{file}: jpeg2k C back-end"), &format!("{}, {}", ms(t), exact.unwrap_or_default()), c_name, &c_ns.map_or("n/a".into(), |c| format!("{:.2}", t / c)), "");
        }
        for (i, (label, d)) in decoders.iter().enumerate() {
            let t = median(times[i].clone());
            let rgba = d(bytes).expect("decodes").2;
            let exact = c_rgba.as_ref().map_or("no reference output".into(), |c| pixel_diff(&rgba, c));
            let key = label.split_whitespace().next().unwrap_or(label);
            let ir = match (instructions(key, file), c_ir) {
                (Some(a), Some(b)) => format!(", instructions {:.2}", a / b),
                _ => String::new(),
            };
            let chosen = label.starts_with("zairyu");
            row(
                area,
                &format!("{file}: {label}"),
                &format!("{}, {exact}", ms(t)),
                c_name,
                &c_ns.map_or("n/a".into(), |c| format!("{:.2}{ir}", t / c)),
                if chosen { c_ns.map_or("n/a", |c| verdict(t / c <= 1.2)) } else { "" },
            );
        }
    }

    // 5: footprint.
    for name in PROFILES {
        let rec = record(name, false);
        let with_images = options(false);
        let core = peak_heap(|| replay_read(&rec, &with_images));
        let without = peak_heap(|| replay_read(&rec, &options(true)));
        row("heap", &format!("{name}: peak during a full read"), &format!("{:.0} KiB with images, {:.0} KiB without", core as f64 / 1024.0, without as f64 / 1024.0), "replayed transport", "", "");
    }
    for (label, var) in [("cdylib, mobile profile", "LIB_SIZE_MOBILE"), ("cdylib, release profile", "LIB_SIZE_RELEASE")] {
        let v = std::env::var(var).ok().and_then(|v| v.parse::<f64>().ok());
        row("size", label, &v.map_or("n/a".into(), |b| format!("{:.2} MiB ({b:.0} B)", b / 1048576.0)), "host x86_64 stand-in", "", "");
    }
}
