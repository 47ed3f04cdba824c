#!/usr/bin/env bash
# Performance of a read (issue 9) in one table: wire cost against the protocol minimum, modelled
# air time against its lower bound, core CPU as a fraction of the 424 kbit/s air time, the image
# decoders against the C references (OpenJPEG, libtiff) in the same run, peak heap and library size.
# docs/performance.md records a run and explains each figure.
#
# Not part of scripts/test.sh: it is slow and measures wall-clock time. The deterministic parts
# (wire cost, air-time ratio) are asserted by rust-core/tests/wire_cost.rs in the test suite.
#
# Usage: scripts/bench.sh                 everything (about 20 minutes on 2 cores)
#        BENCH_SIZE_S=1 scripts/bench.sh  also the library size at opt-level "s" (one more build)
#        BENCH_ROUNDS=N                   rounds of the decoder comparison (default 5)
# Installs what it needs (gcc, OpenJPEG and libtiff headers, valgrind) with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
export CARGO_TERM_COLOR=never
out="$CARGO_TARGET_DIR/bench-out"
rm -rf "$out"
mkdir -p "$out"
log="$out/bench.log"
step() { echo "bench: $*" >&2; }

# --- tools -------------------------------------------------------------------------------------
missing=()
command -v gcc >/dev/null || missing+=(gcc)
command -v pkg-config >/dev/null || missing+=(pkg-config)
pkg-config --exists libopenjp2 2>/dev/null || missing+=(libopenjp2-7-dev)
pkg-config --exists libtiff-4 2>/dev/null || missing+=(libtiff-dev)
command -v opj_decompress >/dev/null || missing+=(libopenjp2-tools)
command -v valgrind >/dev/null || missing+=(valgrind)
if [ "${#missing[@]}" -ne 0 ]; then
  step "installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "bench: need root to apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >>"$log" 2>&1
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1
fi

# --- C references, built here ------------------------------------------------------------------
step "building the C harnesses"
gcc -O2 -o "$out/opj_bench" rust-core/benches/c/opj_bench.c $(pkg-config --cflags --libs libopenjp2)
gcc -O2 -o "$out/tiff_bench" rust-core/benches/c/tiff_bench.c $(pkg-config --cflags --libs libtiff-4)
step "building jpeg2k with its C back-end"
(cd rust-core/benches/j2k-c && cargo build --release -q >>"$log" 2>&1)
cp "$CARGO_TARGET_DIR/release/j2k-c-bench" "$out/"

# --- library size ------------------------------------------------------------------------------
lib_size() { stat -c %s "$CARGO_TARGET_DIR/$1/libzairyu_ffi.so"; }
if [ "${BENCH_SIZE_S:-0}" = 1 ]; then
  step "building the cdylib with the mobile profile at opt-level s"
  CARGO_PROFILE_MOBILE_OPT_LEVEL=s cargo build -q -p zairyu-ffi --lib --profile mobile >>"$log" 2>&1
  export LIB_SIZE_MOBILE_S=$(lib_size mobile)
  step "mobile profile at opt-level s: $LIB_SIZE_MOBILE_S bytes"
fi
step "building the cdylib with the mobile profile"
cargo build -q -p zairyu-ffi --lib --profile mobile >>"$log" 2>&1
export LIB_SIZE_MOBILE=$(lib_size mobile)
step "building the cdylib with the release profile"
cargo build -q -p zairyu-ffi --lib --release >>"$log" 2>&1
export LIB_SIZE_RELEASE=$(lib_size release)

# --- criterion ---------------------------------------------------------------------------------
export CRITERION_HOME="$out/criterion"
step "criterion: core CPU per read and decoders (log: $out/criterion.log)"
cargo bench -q -p zairyu-core --bench core_cpu --bench decoders >"$out/criterion.log" 2>&1

# --- instruction counts per decode (callgrind), load-independent -------------------------------
report=$(cargo bench -q -p zairyu-core --bench report --no-run --message-format=json 2>>"$log" |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
instructions() { # command... -> instructions executed
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
per_decode() { # name file cmd-with-N-placeholder
  local name=$1 file=$2
  shift 2
  local one eleven
  one=$(instructions "${@//@N@/1}")
  eleven=$(instructions "${@//@N@/11}")
  echo "$name $file $(((eleven - one) / 10))" >>"$out/ir.txt"
}
step "callgrind: instructions per decode"
: >"$out/ir.txt"
for f in gen1/face.jp2 gen1/face.j2k; do
  per_decode opj_bench "$f" "$out/opj_bench" @N@ "fixtures/$f" "$out/ir.rgba"
  for d in zairyu hayro openjp2; do
    per_decode "$d" "$f" "$report" decode "$d" "fixtures/$f" @N@
  done
done
for f in gen1/front-residence.tif gen1/front-sprc.tif gen2/name-05.tif gen2/address-05.tif gen2/address-06.tif; do
  per_decode tiff_bench "$f" "$out/tiff_bench" @N@ "fixtures/$f" "$out/ir.rgba"
  for d in zairyu tiff-crate; do
    per_decode "$d" "$f" "$report" decode "$d" "fixtures/$f" @N@
  done
done

# --- the table ---------------------------------------------------------------------------------
step "report"
BENCH_C_DIR="$out" BENCH_IR="$out/ir.txt" "$report" | tee "$out/table.md"
if [ -n "${LIB_SIZE_MOBILE_S:-}" ]; then
  printf '| size | cdylib, mobile profile at opt-level s | %.2f MiB (%s B) | host x86_64 stand-in |  |  |\n' \
    "$(awk -v b="$LIB_SIZE_MOBILE_S" 'BEGIN { printf "%.2f", b / 1048576 }')" "$LIB_SIZE_MOBILE_S" | tee -a "$out/table.md"
fi
echo "bench: table in $out/table.md" >&2
