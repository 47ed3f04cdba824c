#!/usr/bin/env bash
# The Android project's checks that run without an Android SDK:
#   1. every .kt/.kts file under android/ parses with the tree-sitter Kotlin grammar (pip:
#      tree-sitter tree-sitter-kotlin), and the platform-free :logic module imports nothing
#      from android.* / androidx.*;
#   2. the generated card illustrations (VectorDrawables, iOS imagesets) match design/illustrations
#      (scripts/gen-illustrations.py --check); the release gates' rules (production trust anchors,
#      16 KB alignment of the packaged libraries: scripts/check_android_release.py --self-test);
#   3. the :logic module and its JUnit 5 tests compile with kotlinc against the JVM bindings and
#      run on the host library through JNA (the same harness as scripts/kotlin-test.sh).
# `cargo check --target aarch64-linux-android` is the cross-check suite's job, not repeated here.
# Ends with `android: N passed, N failed` (each check above counts; the JUnit tests count one each).
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=scripts/ffi-common.sh
source scripts/ffi-common.sh

passed=0
failed=0
result() { # result NAME STATUS
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "--- $1: ok"; else failed=$((failed + 1)); echo "--- $1: FAILED"; fi
}

# 1. Syntax of every Kotlin file, and no Android class in :logic.
if python3 -c 'import tree_sitter, tree_sitter_kotlin' 2>/dev/null; then
  python3 scripts/kotlin_syntax.py --self-test && {
    files=()
    while IFS= read -r -d '' f; do files+=("$f"); done < <(find android \( -name build -o -name .gradle \) -prune -o \( -name '*.kt' -o -name '*.kts' \) -print0 | sort -z)
    python3 scripts/kotlin_syntax.py "${files[@]}"
  }
  result kotlin-syntax $?
else
  echo "tree-sitter Kotlin grammar missing (pip install tree-sitter==0.26.1 tree-sitter-kotlin==1.1.0)"
  result kotlin-syntax 1
fi
if grep -rnE '^import (android|androidx)\.' android/logic/src; then
  echo "android/logic must stay platform-free (the imports above)"
  result logic-platform-free 1
else
  result logic-platform-free 0
fi

# 2. Generated illustrations are in step with their SVG sources.
python3 scripts/gen-illustrations.py --check
result illustrations-up-to-date $?

# The release gates Gradle runs (rules tested on synthetic roots, ELF files, APKs and AABs).
python3 scripts/check_android_release.py --self-test
result release-gates $?

# 3. :logic's JUnit tests on the JVM.
logic_tests() {
  local kotlinc java_dir=/usr/share/java work jar stdlib coroutines classpath status
  kotlinc=$(command -v kotlinc || true)
  if [ -z "$kotlinc" ] && command -v npm >/dev/null; then
    kotlinc="$(npm root -g 2>/dev/null)/kotlin-compiler/bin/kotlinc"
  fi
  [ -x "$kotlinc" ] || { echo "kotlinc not found (npm install -g kotlin-compiler)"; return 1; }
  for jar in jna.jar junit-jupiter-api.jar junit-platform-console-standalone.jar; do
    [ -f "$java_dir/$jar" ] || { echo "$java_dir/$jar missing (apt-get install libjna-java junit5)"; return 1; }
  done
  # kotlinx-coroutines ships with the compiler (lib/); the app gets it from Maven Central.
  coroutines=$(dirname "$(readlink -f "$kotlinc")")/../lib/kotlinx-coroutines-core-jvm.jar
  stdlib=$(dirname "$(readlink -f "$kotlinc")")/../lib/kotlin-stdlib.jar
  [ -f "$coroutines" ] || { echo "kotlinx-coroutines-core-jvm.jar not found next to kotlinc"; return 1; }

  work=$(mktemp -d)
  # shellcheck disable=SC2064 # expand now: $work is local
  trap "rm -rf '$work'" RETURN
  build_host_lib "$work" || return 1
  classpath="$java_dir/jna.jar:$java_dir/junit-jupiter-api.jar:$java_dir/apiguardian-api.jar:$java_dir/opentest4j.jar:$coroutines"
  echo "compiling bindings/kotlin-jvm and android/logic with $("$kotlinc" -version 2>&1 | tail -n 1)"
  local sources=()
  while IFS= read -r -d '' f; do sources+=("$f"); done < <(find bindings/kotlin-jvm android/logic/src -name '*.kt' -print0 | sort -z)
  "$kotlinc" -nowarn -cp "$classpath" -d "$work/classes" "${sources[@]}" 2>&1 | grep -v '^warning: unable to find kotlin-stdlib' || true
  [ -d "$work/classes/jp/zairyu/android/logic" ] || { echo "android/logic: compilation failed"; return 1; }
  java -Djna.library.path="$work" -jar "$java_dir/junit-platform-console-standalone.jar" \
    --class-path "$work/classes:$stdlib:$coroutines:$java_dir/jna.jar" --select-package jp.zairyu.android.logic \
    --disable-banner --disable-ansi-colors --details=tree --details-theme=ascii --reports-dir "$work/reports" 2>&1 | tee "$work/out.txt"
  status=${PIPESTATUS[0]}
  junit_passed=$(sed -n 's/.*\[ *\([0-9]*\) tests successful *\].*/\1/p' "$work/out.txt")
  junit_failed=$(sed -n 's/.*\[ *\([0-9]*\) tests failed *\].*/\1/p' "$work/out.txt")
  [ "$status" -eq 0 ] && [ "${junit_failed:-1}" -eq 0 ] && [ "${junit_passed:-0}" -gt 0 ]
}
junit_passed=0
junit_failed=0
logic_tests
status=$?
echo "--- logic JUnit: ${junit_passed:-0} passed, ${junit_failed:-0} failed"
passed=$((passed + ${junit_passed:-0}))
failed=$((failed + ${junit_failed:-0}))
# A build failure is a failure even when no test ran.
if [ "$status" -ne 0 ] && [ "${junit_failed:-0}" -eq 0 ]; then failed=$((failed + 1)); fi

echo "android: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
