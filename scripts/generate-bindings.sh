#!/usr/bin/env bash
# Regenerates the UniFFI bindings from the host build of zairyu-core with the crate's own
# uniffi-bindgen: Kotlin for the JVM (host tests), Kotlin for Android, and Swift.
# Usage: scripts/generate-bindings.sh [OUT_ROOT]   (default: bindings/, which is committed)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ffi-common.sh

out_root=${1:-bindings}
lib_dir=$(mktemp -d)
trap 'rm -rf "$lib_dir"' EXIT
build_host_lib "$lib_dir"
lib=$lib_dir/$host_lib

for flavour in kotlin-jvm kotlin-android swift; do
  rm -rf "${out_root:?}/$flavour"
  mkdir -p "$out_root/$flavour"
done
generate "$lib" kotlin uniffi.toml "$out_root/kotlin-jvm"
generate "$lib" kotlin uniffi-android.toml "$out_root/kotlin-android"
generate "$lib" swift uniffi.toml "$out_root/swift"
echo "bindings written to $out_root/{kotlin-jvm,kotlin-android,swift}"
