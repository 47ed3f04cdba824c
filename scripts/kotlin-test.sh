#!/usr/bin/env bash
# Kotlin on the JVM through the generated bindings: builds the host library, generates the JVM
# bindings from it, compiles tests/kotlin/ with kotlinc and runs them with the JUnit 5 console
# launcher, loading the library through JNA. Ends with `kotlin: N passed, N failed`.
# Needs: a JDK, kotlinc (npm kotlin-compiler), Debian's libjna-java and junit5 (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ffi-common.sh

kotlinc=$(command -v kotlinc || true)
if [ -z "$kotlinc" ] && command -v npm >/dev/null; then
  kotlinc="$(npm root -g 2>/dev/null)/kotlin-compiler/bin/kotlinc"
fi
[ -x "$kotlinc" ] || { echo "kotlinc not found (npm install -g kotlin-compiler)"; exit 1; }
java_dir=/usr/share/java
for jar in jna.jar junit-jupiter-api.jar junit-platform-console-standalone.jar; do
  [ -f "$java_dir/$jar" ] || { echo "$java_dir/$jar missing (apt-get install libjna-java junit5)"; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build_host_lib "$work"
generate "$work/$host_lib" kotlin uniffi.toml "$work/bindings"

classpath="$java_dir/jna.jar:$java_dir/junit-jupiter-api.jar:$java_dir/apiguardian-api.jar:$java_dir/opentest4j.jar"
echo "compiling the bindings and tests/kotlin with $("$kotlinc" -version 2>&1 | tail -n 1)"
"$kotlinc" -nowarn -cp "$classpath" -d "$work/classes" \
  "$(find "$work/bindings" -name '*.kt')" tests/kotlin/*.kt 2>&1 | grep -v '^warning: unable to find kotlin-stdlib' || true
[ -d "$work/classes/jp" ] || { echo "kotlin: compilation failed"; exit 1; }

stdlib=$(dirname "$(readlink -f "$kotlinc")")/../lib/kotlin-stdlib.jar
set +e
java -Djna.library.path="$work" -jar "$java_dir/junit-platform-console-standalone.jar" \
  --class-path "$work/classes:$stdlib:$java_dir/jna.jar" --select-package jp.zairyu.core.tests \
  --disable-banner --disable-ansi-colors --details=tree --details-theme=ascii --reports-dir "$work/reports" 2>&1 | tee "$work/out.txt"
status=${PIPESTATUS[0]}
set -e
passed=$(sed -n 's/.*\[ *\([0-9]*\) tests successful *\].*/\1/p' "$work/out.txt")
failed=$(sed -n 's/.*\[ *\([0-9]*\) tests failed *\].*/\1/p' "$work/out.txt")
echo "kotlin: ${passed:-0} passed, ${failed:-0} failed"
[ "$status" -eq 0 ] && [ "${failed:-1}" -eq 0 ] && [ "${passed:-0}" -gt 0 ]
