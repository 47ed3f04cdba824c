#!/usr/bin/env bash
# Runs the cargo-fuzz targets of rust-core/fuzz for a fixed time each and prints a table: target,
# seconds, executions, exec/s, corpus size, peak RSS, crashes (and where the artifacts went).
# Exits non-zero when any target crashed, leaked, ran out of memory or timed out.
#
# Usage: scripts/fuzz.sh [seconds-per-target] [targets...]      (default: 60 s, every target)
#
# Only stable Rust is assumed: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z flags (address
# sanitizer, sanitizer-coverage) to the stable compiler. FUZZ_SANITIZER=none turns ASan off.
# Builds go to FUZZ_TARGET_DIR (default rust-core/fuzz/target), never the main target directory.
# Seeds are written from fixtures/ into rust-core/fuzz/corpus/<target>/ (gitignored) before each
# run; the corpus grows across runs. Logs: rust-core/fuzz/logs/<target>.log.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FUZZ="$ROOT/rust-core/fuzz"
SECONDS_PER_TARGET="${1:-60}"
shift || true
ALL_TARGETS=(tlv apdu sm specified_sm gen1_verify gen2_verify jpeg2000 tiff_g4 read_card mynumber_parsers mynumber_flow)
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
SANITIZER="${FUZZ_SANITIZER:-address}"
CARGO_FUZZ_VERSION=0.13.2

export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$FUZZ/target}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz $CARGO_FUZZ_VERSION"
    cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi

cd "$FUZZ"
mkdir -p corpus artifacts logs
echo "writing seeds from fixtures/"
cargo run --quiet --release --example make_seeds -- corpus "${TARGETS[@]}"
echo "building ${TARGETS[*]} (sanitizer: $SANITIZER)"
for t in "${TARGETS[@]}"; do
    cargo fuzz build --fuzz-dir "$FUZZ" -s "$SANITIZER" "$t"
done

# Per-target libFuzzer options: a 10 s per-input timeout (a hang is a finding), 2 GB RSS and a
# 512 MB single-allocation limit (a decompression bomb that allocates is a finding), inputs up to
# 64 KB for the whole-read target (it carries many answers), 16 KB elsewhere.
max_len() { case "$1" in read_card) echo 65536 ;; *) echo 16384 ;; esac; }

stat() { grep -o "stat::$2: *[0-9]*" "$1" | tail -1 | grep -o '[0-9]*$' || echo 0; }

failed=0
rows=()
for t in "${TARGETS[@]}"; do
    log="logs/$t.log"
    mkdir -p "artifacts/$t"
    echo "fuzzing $t for ${SECONDS_PER_TARGET}s (log: rust-core/fuzz/$log)"
    set +e
    cargo fuzz run --fuzz-dir "$FUZZ" -s "$SANITIZER" "$t" "corpus/$t" -- \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
        -max_len="$(max_len "$t")" -print_final_stats=1 >"$log" 2>&1
    rc=$?
    set -e
    execs=$(stat "$log" number_of_executed_units)
    rate=$(stat "$log" average_exec_per_sec)
    rss=$(stat "$log" peak_rss_mb)
    corpus=$(find "corpus/$t" -type f | wc -l)
    crashes=$(grep -c -E "^artifact_prefix=|Test unit written to" "$log" || true)
    if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
    where="-"
    if [ "$crashes" -gt 0 ]; then
        failed=1
        what=$(grep -o -E 'ERROR: libFuzzer: [a-z-]+|ERROR: AddressSanitizer: [a-z-]+|panicked at [^:]*:[0-9]+|failed to build' "$log" | head -1 || true)
        where="rust-core/fuzz/artifacts/$t/ (${what:-exit status $rc})"
    fi
    rows+=("$(printf '%-12s %7s %12s %9s %7s %8s %8s  %s' "$t" "$SECONDS_PER_TARGET" "$execs" "$rate" "$corpus" "$rss" "$crashes" "$where")")
done

echo
printf '%-12s %7s %12s %9s %7s %8s %8s  %s\n' target seconds executions exec/s corpus rss_mb crashes artifacts
for r in "${rows[@]}"; do echo "$r"; done
crashed=$(printf '%s\n' "${rows[@]}" | awk '$7 > 0' | wc -l)
echo "fuzz: $(( ${#TARGETS[@]} - crashed )) passed, $crashed failed"
exit "$failed"
