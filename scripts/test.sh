#!/usr/bin/env bash
# Runs every test suite of the project and ends with one summary line over the suites.
# Usage: scripts/test.sh            (all suites)
#        SKIP_PCSC=1 scripts/test.sh (without the real-pcscd suite)
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
failed_names=()
tests_passed=0
tests_failed=0
log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT

# Adds a suite's own test counts to the totals: nextest's summary, cargo test's "test result"
# lines, or the "N passed, N failed" line our shell suites print. A suite that prints no count
# counts as one test.
count_tests() {
  local log=$1 ok=$2 p="" f="" line
  line=$(grep -E '^ +Summary \[.*tests run:' "$log" | tail -n 1)
  if [ -n "$line" ]; then
    p=$(grep -oE '[0-9]+ passed' <<<"$line" | awk '{print $1}')
    f=$(grep -oE '[0-9]+ failed' <<<"$line" | awk '{print $1}')
  elif grep -qE '^test result: ' "$log"; then
    p=$(grep -oE '[0-9]+ passed; [0-9]+ failed' "$log" | awk '{s += $1} END {print s + 0}')
    f=$(grep -oE '[0-9]+ passed; [0-9]+ failed' "$log" | awk '{s += $3} END {print s + 0}')
  else
    line=$(grep -oE '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    p=$(awk '{print $1}' <<<"$line")
    f=$(awk '{print $3}' <<<"$line")
  fi
  if [ -z "$p" ] && [ -z "$f" ]; then
    if [ "$ok" = 1 ]; then p=1; f=0; else p=0; f=1; fi
  fi
  p=${p:-0}
  f=${f:-0}
  # A suite that failed without a failing test of its own (a build error) still counts as failed.
  if [ "$ok" = 0 ] && [ "$f" = 0 ]; then f=1; fi
  tests_passed=$((tests_passed + p))
  tests_failed=$((tests_failed + f))
}

suite() {
  local name=$1
  shift
  local log="$log_dir/$name.log"
  echo
  echo "=== suite: $name"
  "$@" 2>&1 | tee "$log"
  if [ "${PIPESTATUS[0]}" -eq 0 ]; then
    passed=$((passed + 1))
    count_tests "$log" 1
    echo "=== suite $name: ok"
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    count_tests "$log" 0
    echo "=== suite $name: FAILED"
  fi
}

# Rust: unit, property and end-to-end tests against the software card (nextest prints its summary).
if cargo nextest --version >/dev/null 2>&1; then
  suite rust cargo nextest run --workspace --no-fail-fast
else
  suite rust cargo test --workspace --no-fail-fast
fi
suite rust-doc cargo test --workspace --doc

# One coherent RustCrypto generation: no duplicate digest/der/spki/… in the build.
suite deps bash scripts/check-deps.sh

# Supply chain (deny.toml): licences, duplicate versions, sources; RustSec advisories when the
# database can be fetched (reported as skipped otherwise).
suite deny bash scripts/deny.sh

# Fuzzing is opt-in (it needs minutes per target): FUZZ_SECONDS=60 scripts/test.sh.
if [ -n "${FUZZ_SECONDS:-}" ]; then
  suite fuzz bash scripts/fuzz.sh "$FUZZ_SECONDS"
fi

# The demo must run on the embedded software card.
suite demo-cli cargo run -q -p zairyu-desktop -- demo

# Trust-anchor download script: refuses wrong files and fails clearly without a network.
[ -f scripts/test-fetch-trust-anchors.sh ] && suite trust-anchors bash scripts/test-fetch-trust-anchors.sh

# Fixtures are reproducible from their generator (needs the pinned Pillow/cryptography).
if python3 -c 'import PIL, cryptography' 2>/dev/null; then
  suite fixtures-reproducible python3 scripts/gen-fixtures.py --check
  suite fixtures-gen2-reproducible python3 scripts/gen-fixtures-gen2.py --check
  # My Number test JPKI/CVC hierarchy and card records (issue 15).
  suite fixtures-mynumber-reproducible python3 scripts/gen-fixtures-mynumber.py --check
fi

# FFI: the committed bindings match the code; Kotlin on the JVM through them (callbacks, errors,
# cancellation, strings); the Swift bindings and ios/ parse; the phone targets type-check.
suite bindings-up-to-date bash scripts/check-bindings.sh
suite kotlin bash scripts/kotlin-test.sh
suite swift-syntax bash scripts/swift-check.sh
# iOS app configuration: plists well-formed, Info.plist AIDs = the chip constants, en/ja strings,
# privacy manifest, project.yml paths, build-ios.sh shellcheck-clean (no Xcode needed).
suite ios-config bash -c 'python3 ios/Tools/check_ios_config.py --self-test && python3 ios/Tools/check_ios_config.py'
# Android: Kotlin syntax of android/, generated illustrations in step, :logic's JUnit tests on the JVM.
suite android bash scripts/android-check.sh
suite cross-check bash scripts/cross-check.sh

# Desktop tool through a real pcscd and the vpcd virtual reader.
if [ -f scripts/pcsc-test.sh ] && [ "${SKIP_PCSC:-0}" != 1 ]; then
  suite pcsc bash scripts/pcsc-test.sh
fi
# Clients no one here wrote (myna-card's examples, OpenSC's pkcs15-tool) read the My Number
# software card through pcscd + vpcd (issue 15).
if [ -f scripts/independent-clients-test.sh ] && [ "${SKIP_PCSC:-0}" != 1 ]; then
  suite independent-clients bash scripts/independent-clients-test.sh
fi

echo
if [ "$failed" -ne 0 ]; then
  echo "failed suites: ${failed_names[*]}"
fi
echo "suites: $passed passed, $failed failed"
echo "tests: $tests_passed passed, $tests_failed failed"
[ "$failed" -eq 0 ]
